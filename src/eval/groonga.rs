//! Groonga as a peer: the same passages in a Groonga database, searched with Groonga's own
//! query syntax and ranking, with the TokenMecab (IPADIC) or the TokenBigram tokenizer and
//! NormalizerAuto. Runs the `groonga` command from Debian's groonga-bin package.
//!
//! Setup mirrors wlb-search's: the item title and the passage text are indexed, and a match
//! in the title weighs 2 (`--match_columns 'item * 2 || text'`); filters become `--filter`
//! conditions. Ties are broken by document order.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::{Error, JudgedQuery, Result, System, CUTOFF};
use crate::domain::Record;

/// The install command named in errors.
pub const INSTALL: &str = "apt-get install groonga-bin groonga-tokenizer-mecab mecab-ipadic-utf8";
/// MeCab's IPADIC in UTF-8, as Debian's mecab-ipadic-utf8 installs it.
const IPADIC_UTF8: &str = "/var/lib/mecab/dic/ipadic-utf8";

/// Groonga's tokenizers under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokenizer {
    Mecab,
    Bigram,
}

impl Tokenizer {
    fn groonga_name(self) -> &'static str {
        match self {
            Tokenizer::Mecab => "TokenMecab",
            Tokenizer::Bigram => "TokenBigram",
        }
    }
}

/// A Groonga database holding the passages, in a temporary directory removed on drop.
pub struct Groonga {
    tokenizer: Tokenizer,
    version: String,
    dir: tempfile::TempDir,
    results: HashMap<String, Vec<String>>,
}

fn peer_err(detail: impl Into<String>) -> crate::error::Error {
    Error::Peer {
        peer: "groonga".into(),
        detail: detail.into(),
    }
    .into()
}

/// The installed Groonga's version line (`Groonga 13.0.0`).
pub fn version() -> Result<String> {
    let out = Command::new("groonga")
        .arg("--version")
        .output()
        .map_err(|e| peer_err(format!("cannot run `groonga` ({e}); install it: {INSTALL}")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or("").to_string();
    Ok(first
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" "))
}

/// Runs `groonga` on `db` with `script` on stdin; returns stdout's lines.
fn run(dir: &Path, create: bool, script: &str) -> Result<Vec<String>> {
    let mut cmd = Command::new("groonga");
    if create {
        cmd.arg("-n");
    }
    cmd.arg(dir.join("db"))
        .env("MECABRC", dir.join("mecabrc"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| peer_err(format!("cannot run `groonga` ({e}); install it: {INSTALL}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(script.as_bytes())
            .map_err(|e| peer_err(format!("writing to groonga: {e}")))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| peer_err(format!("waiting for groonga: {e}")))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<String> = stdout.lines().map(str::to_string).collect();
    for line in &lines {
        let v: Value = serde_json::from_str(line)
            .map_err(|e| peer_err(format!("unreadable output {line:?}: {e}")))?;
        let rc = v[0][0].as_i64().unwrap_or(-1);
        if rc != 0 {
            return Err(peer_err(format!("command failed: {}", v[0])));
        }
    }
    Ok(lines)
}

/// Every prefix of a canonical section path (`II.1.(2)` → `II`, `II.1`, `II.1.(2)`).
fn prefixes(path: &str) -> Vec<String> {
    let segs: Vec<&str> = path.split('.').collect();
    (1..=segs.len()).map(|n| segs[..n].join(".")).collect()
}

/// The item title and the text in one column, for the similar search (`*S` needs an index of
/// one column: over a multi-column index it also returns passages that share no word).
fn body(r: &Record) -> String {
    format!("{}\n{}", r.item, r.text)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl Groonga {
    /// Creates a database with `tokenizer` and loads `records` into it.
    pub fn load(tokenizer: Tokenizer, records: &[Record]) -> Result<Groonga> {
        let version = version()?;
        if tokenizer == Tokenizer::Mecab && !Path::new(IPADIC_UTF8).join("sys.dic").exists() {
            return Err(peer_err(format!(
                "MeCab's IPADIC is not at {IPADIC_UTF8}; install it: {INSTALL}"
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!("wlb-eval-groonga-{}-", tokenizer.groonga_name()))
            .tempdir()
            .map_err(|e| peer_err(format!("cannot create a temporary directory: {e}")))?;
        let g = Groonga {
            tokenizer,
            version,
            dir,
            results: HashMap::new(),
        };
        std::fs::write(
            g.dir.path().join("mecabrc"),
            format!("dicdir = {IPADIC_UTF8}\n"),
        )
        .map_err(|e| peer_err(format!("cannot write mecabrc: {e}")))?;
        let rows: Vec<Value> = records
            .iter()
            .map(|r| {
                let sections: Vec<String> = r
                    .sections
                    .iter()
                    .flat_map(|s| prefixes(s.path.as_str()))
                    .collect();
                serde_json::json!({
                    "_key": r.id,
                    "ministry": r.ministry,
                    "status": r.status.as_str(),
                    "sections": sections,
                    "item": r.item,
                    "text": r.text,
                    "body": body(r),
                })
            })
            .collect();
        let script = format!(
            "table_create Passages TABLE_HASH_KEY ShortText\n\
             column_create Passages ministry COLUMN_SCALAR ShortText\n\
             column_create Passages status COLUMN_SCALAR ShortText\n\
             column_create Passages sections COLUMN_VECTOR ShortText\n\
             column_create Passages item COLUMN_SCALAR Text\n\
             column_create Passages text COLUMN_SCALAR Text\n\
             table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer {} --normalizer NormalizerAuto\n\
             column_create Passages body COLUMN_SCALAR Text\n\
             column_create Terms index COLUMN_INDEX|WITH_POSITION|WITH_SECTION Passages item,text\n\
             column_create Terms body_index COLUMN_INDEX|WITH_POSITION Passages body\n\
             load --table Passages\n{}\n",
            tokenizer.groonga_name(),
            Value::Array(rows)
        );
        run(g.dir.path(), true, &script)?;
        Ok(g)
    }

    fn select(q: &JudgedQuery) -> String {
        // Any of the values matches; no values, no condition.
        let any_of = |values: &[String], condition: &dyn Fn(&str) -> String| {
            let any: Vec<String> = values.iter().map(|v| condition(&quote(v))).collect();
            (!any.is_empty()).then(|| format!("({})", any.join(" || ")))
        };
        let status: Vec<String> = q.status.iter().map(|s| s.as_str().to_string()).collect();
        let conditions: Vec<String> = [
            any_of(&q.ministries, &|v| format!("ministry == {v}")),
            any_of(&q.sections, &|v| format!("sections @ {v}")),
            any_of(&status, &|v| format!("status == {v}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut url = format!(
            "/d/select?table=Passages&match_columns={}&query={}&output_columns=_key,_score&sort_keys={}&limit={CUTOFF}",
            encode("item * 2 || text"),
            encode(&q.query),
            encode("-_score,_id"),
        );
        if !conditions.is_empty() {
            url.push_str(&format!("&filter={}", encode(&conditions.join(" && "))));
        }
        url
    }
}

impl System for Groonga {
    fn name(&self) -> String {
        format!("{} {}", self.version, self.tokenizer.groonga_name())
    }

    fn prepare(&mut self, queries: &[JudgedQuery]) -> Result<()> {
        let script: String = queries.iter().map(|q| Self::select(q) + "\n").collect();
        self.answer(queries, &script)
    }

    fn rank(&mut self, q: &JudgedQuery) -> Result<Vec<String>> {
        self.results
            .get(&q.id)
            .cloned()
            .ok_or_else(|| peer_err(format!("query {} was not prepared", q.id)))
    }
}

impl Groonga {
    /// Runs `script` (one select per query) and keeps each query's ranked ids.
    fn answer(&mut self, queries: &[JudgedQuery], script: &str) -> Result<()> {
        let lines = run(self.dir.path(), false, script)?;
        if lines.len() != queries.len() {
            return Err(peer_err(format!(
                "{} answers to {} queries",
                lines.len(),
                queries.len()
            )));
        }
        for (q, line) in queries.iter().zip(lines) {
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| peer_err(format!("unreadable output: {e}")))?;
            let rows = v[1][0].as_array().cloned().unwrap_or_default();
            // [[count], [columns], row, row, …]
            let ids = rows
                .iter()
                .skip(2)
                .filter_map(|row| row[0].as_str().map(str::to_string))
                .collect();
            self.results.insert(q.id.clone(), ids);
        }
        Ok(())
    }
}

/// Groonga's similar search as the peer of `similar`: for each seed passage,
/// `select --filter 'body *S "<its title and text>" && ministry != "<its organisation>"'`
/// (title and text in one indexed column), best score first, ties in load order.
pub struct GroongaSimilar {
    db: Groonga,
    /// Seed id → (organisation, title and text).
    passages: HashMap<String, (String, String)>,
}

impl GroongaSimilar {
    /// Loads `records` into Groonga with `tokenizer`.
    pub fn load(tokenizer: Tokenizer, records: &[Record]) -> Result<GroongaSimilar> {
        Ok(GroongaSimilar {
            db: Groonga::load(tokenizer, records)?,
            passages: records
                .iter()
                .map(|r| (r.id.clone(), (r.ministry.clone(), body(r))))
                .collect(),
        })
    }

    fn select(&self, q: &JudgedQuery) -> Result<String> {
        let (ministry, body) = self
            .passages
            .get(&q.query)
            .ok_or_else(|| peer_err(format!("seed {} is not a passage", q.query)))?;
        let filter = format!("body *S {} && ministry != {}", quote(body), quote(ministry));
        Ok(format!(
            "/d/select?table=Passages&filter={}&output_columns=_key,_score&sort_keys={}&limit={CUTOFF}",
            encode(&filter),
            encode("-_score,_id"),
        ))
    }
}

impl System for GroongaSimilar {
    fn name(&self) -> String {
        format!("{} *S", self.db.name())
    }

    fn prepare(&mut self, queries: &[JudgedQuery]) -> Result<()> {
        let script = queries
            .iter()
            .map(|q| self.select(q).map(|s| s + "\n"))
            .collect::<Result<String>>()?;
        let db = &mut self.db;
        db.answer(queries, &script)
    }

    fn rank(&mut self, q: &JudgedQuery) -> Result<Vec<String>> {
        self.db.rank(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_prefixes() {
        assert_eq!(
            prefixes("II.1.(2).②"),
            ["II", "II.1", "II.1.(2)", "II.1.(2).②"]
        );
        assert_eq!(prefixes("own:II.(1)"), ["own:II", "own:II.(1)"]);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\"), "\"a\\\"b\\\\\"");
    }
}
