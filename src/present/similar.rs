//! Similar passages (`similar ID`) as terminal text (the passage they are like, then hits as
//! a search shows them) or JSON Lines (one hit per line, the fields of a search hit).

use std::io::{self, Write};

use super::search::hit_text;
use super::{visible, Format, Style};
use crate::query::Relation;
use crate::search::{By, Hit, Matched, SimilarRequest, SimilarResults, Where};

/// Characters of the passage's text shown above its similar passages.
const OPENING: usize = 60;

/// Writes the passages like `req`'s passage.
pub fn similar_results(
    out: &mut impl Write,
    req: &SimilarRequest,
    results: &SimilarResults,
    format: Format,
    style: Style,
) -> io::Result<()> {
    if format == Format::Json {
        super::search::hit_lines(out, &results.hits)?;
        return Ok(());
    }
    let seed = &results.seed;
    writeln!(
        out,
        "passages like {} · {} · {}",
        seed.id,
        style.paint("1", &seed.ministry),
        visible(&seed.item)
    )?;
    let opening: String = seed.text.chars().take(OPENING).collect();
    let cut = if seed.text.chars().count() > OPENING {
        "…"
    } else {
        ""
    };
    writeln!(
        out,
        "  {}{cut}",
        style.paint("2", &visible(&opening.replace('\n', " ")))
    )?;
    let whose = if req.same_ministry() {
        "all organisations, its own included".to_string()
    } else {
        format!(
            "other organisations only; --same-ministry includes {}",
            seed.ministry
        )
    };
    writeln!(out, "  ({whose})\n")?;
    for hit in &results.hits {
        let Some(explain) = &hit.explain else {
            hit_text(out, hit, style)?;
            continue;
        };
        let mut plain = Vec::new();
        hit_text(
            &mut plain,
            &Hit {
                explain: None,
                ..hit.clone()
            },
            style,
        )?;
        // hit_text ends with a blank line: the explanation goes before it.
        out.write_all(plain.strip_suffix(b"\n").unwrap_or(&plain))?;
        explanation(out, explain, style)?;
        writeln!(out)?;
    }
    let n = results.hits.len();
    if results.total == 0 {
        writeln!(out, "no passage within the filters shares a word with it")
    } else if n < results.total {
        writeln!(
            out,
            "{} passages share words with it; showing the first {n} (more with --limit)",
            results.total
        )
    } else {
        writeln!(
            out,
            "{} passage{} share{} words with it",
            results.total,
            if results.total == 1 { "" } else { "s" },
            if results.total == 1 { "s" } else { "" }
        )
    }
}

/// What a passage shares with the one it is like, one line per kind: words, character pairs,
/// thesaurus groups (`=` the same meaning, `≈` close), and the guideline section.
fn explanation(out: &mut impl Write, explain: &[Matched], style: Style) -> io::Result<()> {
    let mut lines: [(&str, Vec<String>); 4] = [
        ("words", Vec::new()),
        ("character pairs", Vec::new()),
        ("thesaurus", Vec::new()),
        ("section", Vec::new()),
    ];
    for m in explain {
        for p in &m.parts {
            let (line, label) = match (p.field, p.by, p.relation) {
                (Where::Section, _, _) => (3, format!("{} (both cite it)", p.form)),
                (_, _, Some(Relation::Same)) => (2, format!("={}", p.form)),
                (_, _, Some(Relation::Near)) => (2, format!("≈{}", p.form)),
                (_, By::Bigrams, None) => (1, p.form.clone()),
                (_, By::Words, None) => (0, p.form.clone()),
            };
            let in_title = if p.field == Where::Item {
                " (title)"
            } else {
                ""
            };
            lines[line]
                .1
                .push(format!("{label}{in_title} {:.2}", p.score));
        }
    }
    for (name, items) in lines {
        if !items.is_empty() {
            let text = format!("{name}: {}", items.join(" · "));
            writeln!(out, "      {}", style.paint("2", &visible(&text)))?;
        }
    }
    Ok(())
}
