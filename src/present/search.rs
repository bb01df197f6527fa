//! Search results as terminal text (hits, the query's widening, the counts of the match set)
//! or JSON Lines (hits, then a summary line).

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{highlight, sections_label, Format, Style};
use crate::domain::Status;
use crate::query::Relation;
use crate::search::{By, Hit, MatchKind, MatchPart, Matched, SearchResults, Where};
use crate::wire::{JsonHit, Summary};

/// Writes one JSON object per hit, a line each.
pub(super) fn hit_lines(out: &mut impl Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, &JsonHit::from(hit))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes search results and their summary (as text, or as JSON Lines ending with the
/// summary object).
pub fn search_results(
    out: &mut impl Write,
    results: &SearchResults,
    summary: &Summary,
    format: Format,
    style: Style,
) -> io::Result<()> {
    if format == Format::Json {
        hit_lines(out, &results.hits)?;
        serde_json::to_writer(&mut *out, summary)?;
        return writeln!(out);
    }
    query_header(out, results)?;
    let mut in_related = false;
    for hit in &results.hits {
        if hit.matched != MatchKind::All && !in_related {
            in_related = true;
            let heading = "related passages: they share a word of the query (in the text, the \
                           title or the section cited) or are close in meaning (~ by meaning), \
                           but do not match it, and are not counted";
            writeln!(out, "{}\n", style.paint("33", heading))?;
        }
        hit_text(out, hit, style)?;
    }
    summary_lines(out, results, summary)
}

pub(super) fn hit_text(out: &mut impl Write, hit: &Hit, style: Style) -> io::Result<()> {
    let r = &hit.record;
    let status = match r.status {
        Status::Unmarked => String::new(),
        s => format!(" · {}", s.marker()),
    };
    let related = match hit.matched {
        MatchKind::All => String::new(),
        MatchKind::Related => style.paint("33", "  ~ related"),
        MatchKind::Meaning => style.paint("33", "  ~ by meaning"),
    };
    writeln!(
        out,
        "{:>2}. {} {} · p.{}{} · {}{related}",
        hit.rank,
        style.paint("1", &r.ministry),
        style.paint("2", &format!("({})", r.ministry_en)),
        r.page,
        status,
        sections_label(&r.sections),
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
    if hit.more > 0 {
        let more = format!(
            "+{} more passage{} of this item (all of them: --collapse none)",
            hit.more,
            plural(hit.more, "", "s")
        );
        writeln!(out, "    {}", style.paint("2", &more))?;
    }
    if let Some(explain) = &hit.explain {
        explanation(out, explain, style)?;
    }
    writeln!(out)
}

/// How the query was widened, as lines (empty when it was not).
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

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The counts of the match set: passages, items, ministries (with each one's count), the
/// ministries that say nothing (言及なし), suggestions when nothing matched.
pub fn summary_lines(
    out: &mut impl Write,
    results: &SearchResults,
    summary: &Summary,
) -> io::Result<()> {
    if results.total == 0 {
        if results.understood.is_empty() {
            writeln!(
                out,
                "0 passages match these filters together: drop one of them"
            )?;
        } else {
            writeln!(out, "0 passages match {}", results.understood)?;
        }
        if !summary.suggestions.is_empty() {
            writeln!(out, "did you mean: {}?", summary.suggestions.join(", "))?;
        }
        return Ok(());
    }
    let matches = results
        .hits
        .iter()
        .filter(|h| h.matched == MatchKind::All)
        .count();
    let shown = if results.hits.first().is_some_and(|h| h.rank > 1) || matches < results.rows {
        format!(
            " (showing {matches} of {} rows; more with --limit, --offset or --all)",
            results.rows
        )
    } else {
        String::new()
    };
    let per: Vec<String> = results
        .facets
        .ministries
        .iter()
        .map(|(m, n)| format!("{m} {n}"))
        .collect();
    let ministries = results.facets.ministries.len();
    writeln!(
        out,
        "{} passage{} in {} item{} from {} ministr{}{}: {}",
        results.total,
        plural(results.total, "", "s"),
        results.items,
        plural(results.items, "", "s"),
        ministries,
        plural(ministries, "y", "ies"),
        shown,
        per.join(", ")
    )?;
    if !summary.silent.is_empty() {
        writeln!(
            out,
            "言及なし (no matching passage) in {} of {}: {}",
            summary.silent.len(),
            summary.ministries.len(),
            summary.silent.join(", ")
        )?;
    }
    Ok(())
}
