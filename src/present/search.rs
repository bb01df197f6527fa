//! Search results as terminal text (hits, the query's widening, a summary line) or JSON Lines.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{highlight, sections_label, Format, Style};
use crate::domain::Status;
use crate::query::Relation;
use crate::search::{By, MatchKind, MatchPart, Matched, SearchResults, Where};
use crate::wire::JsonHit;

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
    // Columns as the terminal shows them: kanji and kana take two, ASCII one.
    let width = explain
        .iter()
        .map(|m| m.word.width() + 4)
        .max()
        .unwrap_or(0);
    for m in explain {
        let word = if m.required {
            m.word.clone()
        } else {
            format!("[{}]", m.word)
        };
        let pad = " ".repeat(width.saturating_sub(word.width()));
        let parts: Vec<String> = m.parts.iter().map(part_label).collect();
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

/// `[form ]field/by score` for one way a word matched.
fn part_label(p: &MatchPart) -> String {
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
        .facets
        .ministries
        .iter()
        .map(|(m, n)| format!("{m} {n}"))
        .collect();
    format!(
        "{} hit{} in {} ministr{}{}: {}",
        results.total,
        if results.total == 1 { "" } else { "s" },
        results.facets.ministries.len(),
        if results.facets.ministries.len() == 1 {
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
