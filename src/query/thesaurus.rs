//! The domain thesaurus (`data/thesaurus.txt`): groups of words that mean the same (`=`) or
//! are close (`≈`), used to widen queries.
//!
//! Entries are keyed by their analyzed tokens, so a query word matches an entry however it
//! was typed (width, case, okurigana). Reading a thesaurus checks every line; a bad line is an
//! error that names it.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

use super::Error;
use crate::analysis;
use crate::error::Result;

/// The thesaurus bundled with the binary.
pub const BUNDLED: &str = include_str!("../../data/thesaurus.txt");
/// Largest thesaurus file read (the bundled one is about 3 KB).
const MAX_BYTES: u64 = 1024 * 1024;
/// The name the bundled thesaurus goes by in messages.
pub const BUNDLED_NAME: &str = "data/thesaurus.txt (bundled)";

/// How close an alternative is to the word typed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// `=`: the same meaning.
    Same,
    /// `≈`: close in meaning.
    Near,
}

impl Relation {
    /// The weight of an alternative against the word typed.
    pub fn weight(self) -> f32 {
        match self {
            Relation::Same => 0.9,
            Relation::Near => 0.5,
        }
    }
}

/// A parsed thesaurus.
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    /// Analyzed key → (group index, member index).
    index: HashMap<String, Vec<(usize, usize)>>,
    groups: Vec<(Relation, Vec<String>)>,
}

/// The key of a word: its searchable analyzed tokens, joined.
pub fn key(analyzer: &mut TextAnalyzer, word: &str) -> Result<String> {
    Ok(key_of(&analysis::searchable_words(analyzer, word)?))
}

/// The key of a word already analyzed into searchable tokens.
pub fn key_of(words: &[String]) -> String {
    words.concat()
}

impl Thesaurus {
    /// Parses thesaurus text; `source` names it in errors.
    pub fn parse(text: &str, source: &str, analyzer: &mut TextAnalyzer) -> Result<Thesaurus> {
        let mut t = Thesaurus::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| -> crate::error::Error {
                Error::BadThesaurus {
                    file: source.to_string(),
                    line: n + 1,
                    reason: reason.to_string(),
                }
                .into()
            };
            let (relation, sep) = match (line.contains('='), line.contains('≈')) {
                (true, false) => (Relation::Same, '='),
                (false, true) => (Relation::Near, '≈'),
                (true, true) => return Err(bad("mixes \"=\" and \"≈\"; use one per line")),
                (false, false) => {
                    return Err(bad("has no \"=\" or \"≈\" (write: 育休 = 育児休業)"));
                }
            };
            let words: Vec<String> = line.split(sep).map(|w| w.trim().to_string()).collect();
            if words.len() < 2 || words.iter().any(String::is_empty) {
                return Err(bad("has an empty word"));
            }
            let g = t.groups.len();
            for (m, w) in words.iter().enumerate() {
                let k = key(analyzer, w)?;
                if k.is_empty() {
                    return Err(bad(&format!("{w:?} has nothing searchable")));
                }
                t.index.entry(k).or_default().push((g, m));
            }
            t.groups.push((relation, words));
        }
        Ok(t)
    }

    /// The bundled thesaurus.
    pub fn bundled(analyzer: &mut TextAnalyzer) -> Result<Thesaurus> {
        Thesaurus::parse(BUNDLED, BUNDLED_NAME, analyzer)
    }

    /// The bundled thesaurus, parsed once per process (on first use: a command that searches
    /// no words never needs it).
    pub fn shared_bundled() -> Result<&'static Thesaurus> {
        static PARSED: std::sync::OnceLock<std::result::Result<Thesaurus, String>> =
            std::sync::OnceLock::new();
        PARSED
            .get_or_init(|| {
                let mut analyzer = analysis::analyzer().map_err(|e| e.to_string())?;
                Thesaurus::bundled(&mut analyzer).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| analysis::Error::Dictionary(e.clone()).into())
    }

    /// Reads and parses a thesaurus file.
    pub fn read(path: &std::path::Path, analyzer: &mut TextAnalyzer) -> Result<Thesaurus> {
        let bytes = crate::report::read_bounded(path, MAX_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|e| Error::ThesaurusUnreadable {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
        })?;
        Thesaurus::parse(&text, &path.display().to_string(), analyzer)
    }

    /// The groups a word belongs to, by its key: (group number, how close its members are).
    pub fn groups_of(&self, key: &str) -> Vec<(usize, Relation)> {
        self.index
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|&(g, _)| (g, self.groups[g].0))
            .collect()
    }

    /// The first word of group `g` (its name).
    pub fn first_of(&self, g: usize) -> &str {
        self.groups
            .get(g)
            .and_then(|(_, words)| words.first())
            .map_or("", String::as_str)
    }

    /// The alternatives of a word, by its key: other members of every group it belongs to.
    pub fn alternatives(&self, key: &str) -> Vec<(String, Relation)> {
        let mut out: Vec<(String, Relation)> = Vec::new();
        for &(g, m) in self.index.get(key).map(Vec::as_slice).unwrap_or(&[]) {
            let (relation, words) = &self.groups[g];
            for (i, w) in words.iter().enumerate() {
                if i != m && !out.iter().any(|(o, _)| o == w) {
                    out.push((w.clone(), *relation));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> TextAnalyzer {
        analysis::analyzer().unwrap()
    }

    #[test]
    fn the_bundled_thesaurus_parses_and_matches_any_spelling() {
        let mut a = analyzer();
        let t = Thesaurus::parse(BUNDLED, "bundled", &mut a).unwrap();
        assert!(t.groups.len() >= 4);
        let alts = t.alternatives(&key(&mut a, "１ｏｎ１").unwrap());
        assert!(alts
            .iter()
            .any(|(w, r)| w == "ワンオンワン" && *r == Relation::Same));
        let alts = t.alternatives(&key(&mut a, "360度評価").unwrap());
        assert!(alts.iter().any(|(w, _)| w == "多面観察"));
        let alts = t.alternatives(&key(&mut a, "ﾃﾚﾜｰｸ").unwrap());
        assert!(alts.iter().all(|(_, r)| *r == Relation::Near) && !alts.is_empty());
        assert!(t
            .alternatives(&key(&mut a, "エンゲージメント調査").unwrap())
            .is_empty());
        // A short form: the same as its full form, close to the report's word.
        let alts = t.alternatives(&key(&mut a, "パワハラ").unwrap());
        assert!(alts.contains(&("パワーハラスメント".to_string(), Relation::Same)));
        assert!(alts.contains(&("ハラスメント".to_string(), Relation::Near)));
    }

    #[test]
    fn bad_lines_are_named() {
        let mut a = analyzer();
        for (text, needle) in [
            ("育休 育児休業", "no \"=\""),
            ("a = b ≈ c", "mixes"),
            ("育休 = ", "empty word"),
            ("育休 = 、", "nothing searchable"),
        ] {
            let e = Thesaurus::parse(&format!("# c\n{text}"), "t.txt", &mut a).unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains("t.txt") && msg.contains("line 2"), "{msg}");
            assert!(msg.contains(needle), "{msg}");
        }
    }
}
