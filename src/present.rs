//! Rendering: hits, ministries and sections as terminal text or JSON Lines, over any
//! [`Write`]. The only module that formats output for people or scripts.
//!
//! # JSON Lines (`--format json`)
//!
//! `search` writes one [`JsonHit`] per line, best first:
//!
//! | field | meaning |
//! |---|---|
//! | `rank` | 1 for the best hit |
//! | `score` | BM25 relevance (text + boosted item title) |
//! | `id` | stable passage id, `<year>-<ministry code>-<nn>` |
//! | `year` | fiscal year of the report (令和5年度 = 2023) |
//! | `ministry`, `ministry_en` | official Japanese and English names |
//! | `page` | PDF page (a number) |
//! | `item` | the 重点項目 title |
//! | `status` | `new` (【新規】), `continuing` (【継続】) or `unmarked` |
//! | `sections` | canonical guideline paths, e.g. `["II.1.(2).②"]`; own plans start `own:` |
//! | `section_refs` | the same with `kind`, written `titles`, `raw` text and optional `label` |
//! | `text` | the full passage |
//! | `snippet` | `{text, start, cut_before, cut_after, highlights}`: a fragment, its character offset in `text`, and `[from, to)` character ranges to highlight within the fragment |
//! | `item_highlights` | `[from, to)` character ranges to highlight in `item` |
//! | `matched` | `all` (matches the query), `some` (at least half of its words, or of a compound's pieces) or `related` (no query word, but like the best hits); the last two only fill a page that full matches leave short, after them |
//! | `explain` | only with `--explain`: per query word, `{word, required, parts}`; each part is `{form, relation, field, by, score}`: the form that matched (the word or a thesaurus alternative, `relation` `same`/`near`), `field` `text`/`item`, `by` `words` (morphological) or `bigrams`, and its score |
//!
//! The server (`serve`) returns the same [`JsonHit`]s, and [`JsonPassage`] for one passage.
//!
//! All offsets count Unicode scalar values (characters), not bytes. `ministries` writes one
//! [`crate::index::MinistryEntry`] per line and `sections` one [`crate::index::SectionEntry`].

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::eval::Report;
use crate::index::{MinistryEntry, SectionEntry};
use crate::report::{Record, SectionRef, Status};
use crate::search::{By, Hit, MatchKind, Matched, SearchResults, Where};
use crate::snippet::Snippet;
use crate::thesaurus::Relation;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Text styling: ANSI color, or plain brackets around highlights.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn mark(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1;31m{s}\x1b[0m")
        } else {
            format!("[{s}]")
        }
    }
}

/// One line of `search --format json` (see the module docs).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub year: u16,
    pub ministry: String,
    pub ministry_en: String,
    pub page: u32,
    pub item: String,
    pub status: Status,
    pub sections: Vec<String>,
    pub section_refs: Vec<SectionRef>,
    pub text: String,
    pub snippet: Snippet,
    pub item_highlights: Vec<[usize; 2]>,
    /// `all`: matches the query; `some`: at least half of its words or of a compound's pieces;
    /// `related`: like the best hits (these two only fill a page that full matches leave short).
    pub matched: MatchKind,
    /// With `--explain` (API: `explain=1`): for each query word, where and how it matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Matched>>,
}

impl From<&Hit> for JsonHit {
    fn from(h: &Hit) -> JsonHit {
        let r = &h.record;
        JsonHit {
            rank: h.rank,
            score: h.score,
            id: r.id.clone(),
            year: r.year,
            ministry: r.ministry.clone(),
            ministry_en: r.ministry_en.clone(),
            page: r.page,
            item: r.item.clone(),
            status: r.status,
            sections: r.sections.iter().map(|s| s.path.clone()).collect(),
            section_refs: r.sections.clone(),
            text: r.text.clone(),
            snippet: h.snippet.clone(),
            item_highlights: h.item_highlights.clone(),
            matched: h.matched,
            explain: h.explain.clone(),
        }
    }
}

/// One whole passage, as `GET /api/passages/{id}` returns it: the fields of [`JsonHit`] that
/// do not depend on a query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonPassage {
    pub id: String,
    pub year: u16,
    pub ministry: String,
    pub ministry_en: String,
    pub page: u32,
    pub item: String,
    pub status: Status,
    pub sections: Vec<String>,
    pub section_refs: Vec<SectionRef>,
    pub text: String,
}

impl From<&Record> for JsonPassage {
    fn from(r: &Record) -> JsonPassage {
        JsonPassage {
            id: r.id.clone(),
            year: r.year,
            ministry: r.ministry.clone(),
            ministry_en: r.ministry_en.clone(),
            page: r.page,
            item: r.item.clone(),
            status: r.status,
            sections: r.sections.iter().map(|s| s.path.clone()).collect(),
            section_refs: r.sections.clone(),
            text: r.text.clone(),
        }
    }
}

/// Applies highlight ranges (in characters) to `text`.
fn highlight(text: &str, ranges: &[[usize; 2]], style: Style) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &[from, to] in ranges {
        let (from, to) = (from.min(chars.len()), to.min(chars.len()));
        if from < at {
            continue;
        }
        out.extend(&chars[at..from]);
        out.push_str(&style.mark(&chars[from..to].iter().collect::<String>()));
        at = to;
    }
    out.extend(&chars[at..]);
    out
}

fn sections_label(refs: &[SectionRef]) -> String {
    if refs.is_empty() {
        "no section".to_string()
    } else {
        refs.iter()
            .map(|s| s.path.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Writes search results.
pub fn search_results(
    out: &mut impl Write,
    results: &SearchResults,
    format: Format,
    style: Style,
) -> io::Result<()> {
    if format == Format::Json {
        for hit in &results.hits {
            serde_json::to_writer(&mut *out, &JsonHit::from(hit))?;
            writeln!(out)?;
        }
        return Ok(());
    }
    query_header(out, results)?;
    for hit in &results.hits {
        let r = &hit.record;
        let status = match r.status {
            Status::Unmarked => String::new(),
            s => format!(" · {}", s.marker()),
        };
        writeln!(
            out,
            "{:>2}. {} {} · p.{}{} · {}{}",
            hit.rank,
            style.paint("1", &r.ministry),
            style.paint("2", &format!("({})", r.ministry_en)),
            r.page,
            status,
            sections_label(&r.sections),
            match hit.matched {
                MatchKind::All => String::new(),
                MatchKind::Some => style.paint("33", "  ~ some of the words"),
                MatchKind::Related => style.paint("33", "  ~ related (like the hits above)"),
            }
        )?;
        writeln!(
            out,
            "    {}",
            style.paint("1", &highlight(&r.item, &hit.item_highlights, style))
        )?;
        let s = &hit.snippet;
        writeln!(
            out,
            "    {}{}{}",
            if s.cut_before { "…" } else { "" },
            highlight(&s.text, &s.highlights, style),
            if s.cut_after { "…" } else { "" }
        )?;
        writeln!(
            out,
            "    {}",
            style.paint("2", &format!("{}  score {:.2}", r.id, hit.score))
        )?;
        if let Some(explain) = &hit.explain {
            explanation(out, explain, style)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(results))
}

/// How the query was widened or relaxed, as lines (empty when it was neither).
pub fn query_lines(results: &SearchResults) -> Vec<String> {
    let mut lines = Vec::new();
    for e in &results.expansions {
        let alts: Vec<String> = e
            .alternatives
            .iter()
            .map(|(w, r)| match r {
                Relation::Same => w.clone(),
                Relation::Near => format!("≈{w}"),
            })
            .collect();
        lines.push(format!(
            "thesaurus: {} also searches {}",
            e.word,
            alts.join(", ")
        ));
    }
    if let Some(r) = results.relaxed {
        lines.push(format!(
            "fallback: no passage has all {} words of {}; showing passages with at least {}",
            r.required, results.understood, r.at_least
        ));
    }
    lines
}

/// Writes [`query_lines`], then a blank line if there were any.
pub fn query_header(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    let lines = query_lines(results);
    for l in &lines {
        writeln!(out, "{l}")?;
    }
    if !lines.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}

fn explanation(out: &mut impl Write, explain: &[Matched], style: Style) -> io::Result<()> {
    let width = explain
        .iter()
        .map(|m| m.word.chars().count() + 2)
        .max()
        .unwrap_or(0);
    for m in explain {
        let word = if m.required {
            m.word.clone()
        } else {
            format!("[{}]", m.word)
        };
        let pad = " ".repeat(width.saturating_sub(word.chars().count()) * 2);
        let parts: Vec<String> = m
            .parts
            .iter()
            .map(|p| {
                let field = match p.field {
                    Where::Text => "text",
                    Where::Item => "item",
                    Where::Section => "section",
                };
                let by = match p.by {
                    By::Words => "words",
                    By::Bigrams => "bigrams",
                };
                let via = if p.relation.is_some() {
                    format!("{} ", p.form)
                } else {
                    String::new()
                };
                format!("{via}{field}/{by} {:.2}", p.score)
            })
            .collect();
        let what = if parts.is_empty() {
            "not matched".to_string()
        } else {
            parts.join(" · ")
        };
        writeln!(
            out,
            "      {}",
            style.paint("2", &format!("{word}{pad} {what}"))
        )?;
    }
    Ok(())
}

/// The summary line: total hits and hits per ministry.
pub fn summary(results: &SearchResults) -> String {
    if results.total == 0 {
        return format!("0 hits for {}", results.understood);
    }
    let shown = if results.hits.len() < results.total {
        format!(" (showing {}; more with --limit)", results.hits.len())
    } else {
        String::new()
    };
    let per: Vec<String> = results
        .per_ministry
        .iter()
        .map(|(m, n)| format!("{m} {n}"))
        .collect();
    format!(
        "{} hit{} in {} ministr{}{}: {}",
        results.total,
        if results.total == 1 { "" } else { "s" },
        results.per_ministry.len(),
        if results.per_ministry.len() == 1 {
            "y"
        } else {
            "ies"
        },
        shown,
        per.join(", ")
    )
}

/// Writes the summary line on its own.
pub fn summary_line(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    writeln!(out, "{}", summary(results))
}

/// A progress bar on stderr, drawn only when stderr is a terminal and only once the total is
/// known.
pub struct Progress {
    bar: indicatif::ProgressBar,
    terminal: bool,
}

impl Progress {
    pub fn new(label: &str, message: &str) -> Progress {
        use std::io::IsTerminal;
        let bar = indicatif::ProgressBar::hidden();
        let style =
            indicatif::ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(label.to_string());
        bar.set_message(message.to_string());
        Progress {
            bar,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Records `done` of `total`.
    pub fn update(&self, done: usize, total: usize) {
        if self.terminal && self.bar.is_hidden() && total > 0 {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Reports a finished build.
pub fn build_summary(
    out: &mut impl Write,
    s: &crate::index::BuildSummary,
    elapsed: std::time::Duration,
) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} passages from {} ministries ({}) into {} in {:.2} s",
        s.passages,
        s.ministries,
        s.inputs.join(", "),
        s.dir.display(),
        elapsed.as_secs_f64()
    )
}

/// Says that a missing index is being built from the bundled report.
pub fn auto_build_notice(out: &mut impl Write, dir: &std::path::Path) -> io::Result<()> {
    writeln!(
        out,
        "no index at {} yet: building it from the bundled report ({})…",
        dir.display(),
        crate::report::BUNDLED_NAME
    )
}

/// Says that an index built from the bundled report by another version is being rebuilt.
pub fn outdated_rebuild_notice(out: &mut impl Write, dir: &std::path::Path) -> io::Result<()> {
    writeln!(
        out,
        "the index at {} was built by another version of wlb-search from the bundled report: \
         rebuilding it…",
        dir.display()
    )
}

/// Says where `serve` is listening: the page's URL, and a warning when the address is not a
/// loopback one (other machines can then reach the page).
pub fn serving(out: &mut impl Write, addr: std::net::SocketAddr) -> io::Result<()> {
    writeln!(
        out,
        "wlb-search: serving the search page at {} (Ctrl-C to stop)",
        crate::serve::url(addr)
    )?;
    if !addr.ip().is_loopback() {
        writeln!(
            out,
            "note: {} is not a loopback address: other machines can reach this page",
            addr.ip()
        )?;
    }
    out.flush()
}

/// Writes notices about the query (to stderr, by the caller's choice of writer).
pub fn notices(out: &mut impl Write, notices: &[String]) -> io::Result<()> {
    for n in notices {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

/// Writes the ministries list.
pub fn ministries(out: &mut impl Write, list: &[MinistryEntry], format: Format) -> io::Result<()> {
    if format == Format::Json {
        for m in list {
            serde_json::to_writer(&mut *out, m)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "page  items  passages (new/continuing/unmarked)  ministry"
    )?;
    for m in list {
        writeln!(
            out,
            "{:>4}  {:>5}  {:>8} ({:>2}/{:>2}/{:>2})              {} ({})",
            m.page, m.items, m.passages, m.new, m.continuing, m.unmarked, m.name, m.english
        )?;
    }
    let total: usize = list.iter().map(|m| m.passages).sum();
    writeln!(out, "{} ministries, {} passages", list.len(), total)
}

/// Writes the section tree.
pub fn sections(out: &mut impl Write, list: &[SectionEntry], format: Format) -> io::Result<()> {
    if format == Format::Json {
        for s in list {
            serde_json::to_writer(&mut *out, s)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    writeln!(out, "passages  section")?;
    let mut in_own = false;
    for s in list {
        if !in_own && s.path.starts_with(crate::report::section::OWN_PREFIX) {
            in_own = true;
            writeln!(
                out,
                "\norganisations' own plans (filter with --section own):"
            )?;
        }
        writeln!(
            out,
            "{:>8}  {}{}  {}",
            s.passages,
            "  ".repeat(s.depth.saturating_sub(1)),
            s.path,
            s.title
        )?;
    }
    Ok(())
}

/// Writes an evaluation: the systems' means, the margin of wlb-search over the best peer, and
/// one row per query (nDCG@10 of each system).
pub fn eval_report(out: &mut impl Write, report: &Report, format: Format) -> io::Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        return writeln!(out);
    }
    let n = report.queries.len();
    writeln!(out, "{n} queries from {}", report.judgments)?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<28} {:>8} {:>10} {:>7}  zero-hit queries with relevant passages",
        "engine", "nDCG@10", "Recall@10", "MRR"
    )?;
    for s in &report.summaries {
        writeln!(
            out,
            "{:<28} {:>8.3} {:>10.3} {:>7.3}  {}",
            s.system,
            s.ndcg,
            s.recall,
            s.mrr,
            if s.zero_hit_queries.is_empty() {
                "none".to_string()
            } else {
                format!(
                    "{} ({})",
                    s.zero_hit_queries.len(),
                    s.zero_hit_queries.join(" ")
                )
            }
        )?;
    }
    if let (Some(ours), Some(best)) = (
        report.summaries.first(),
        report.summaries[1..]
            .iter()
            .max_by(|a, b| a.ndcg.total_cmp(&b.ndcg)),
    ) {
        writeln!(
            out,
            "\nwlb-search minus the better peer ({}): nDCG@10 {:+.3}, Recall@10 {:+.3}, MRR {:+.3}",
            best.system,
            ours.ndcg - best.ndcg,
            ours.recall - best.recall,
            ours.mrr - best.mrr
        )?;
    }
    writeln!(out)?;
    let names: Vec<String> = report
        .summaries
        .iter()
        .map(|s| short_name(&s.system))
        .collect();
    write!(out, "{:<4} {:<12} {:>3}", "id", "kind", "rel")?;
    for name in &names {
        write!(out, " {name:>8}")?;
    }
    writeln!(
        out,
        "  query  (nDCG@10 per engine; hits returned if fewer than 10)"
    )?;
    for q in &report.queries {
        write!(out, "{:<4} {:<12} {:>3}", q.id, q.kind, q.relevant)?;
        for s in &q.scores {
            let cell = if s.hits < crate::eval::CUTOFF {
                format!("{:.2}/{}", s.ndcg, s.hits)
            } else {
                format!("{:.2}", s.ndcg)
            };
            write!(out, " {cell:>8}")?;
        }
        let filters = if q.filters.is_empty() {
            String::new()
        } else {
            format!("  [{}]", q.filters)
        };
        writeln!(out, "  {}{filters}", q.query)?;
    }
    Ok(())
}

/// A column header for a system name.
fn short_name(system: &str) -> String {
    if system.ends_with("TokenMecab") {
        "g-mecab".into()
    } else if system.ends_with("TokenBigram") {
        "g-bigram".into()
    } else if system == "wlb-search" {
        "wlb".into()
    } else {
        system.chars().take(8).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_warns_off_loopback() {
        let mut out = Vec::new();
        serving(&mut out, "127.0.0.1:8080".parse().unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "wlb-search: serving the search page at http://127.0.0.1:8080/ (Ctrl-C to stop)\n"
        );
        let mut out = Vec::new();
        serving(&mut out, "0.0.0.0:8080".parse().unwrap()).unwrap();
        assert!(String::from_utf8(out).unwrap().ends_with(
            "\nnote: 0.0.0.0 is not a loopback address: other machines can reach this page\n"
        ));
    }

    #[test]
    fn highlights_by_character() {
        let plain = Style { color: false };
        assert_eq!(
            highlight("在宅のテレワーク推進", &[[3, 8]], plain),
            "在宅の[テレワーク]推進"
        );
        let color = Style { color: true };
        assert_eq!(
            highlight("1on1を", &[[0, 4]], color),
            "\x1b[1;31m1on1\x1b[0mを"
        );
    }
}
