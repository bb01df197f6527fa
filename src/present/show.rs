//! One passage whole (`show`): where it is, what it cites, its text, and its item's other
//! passages.

use std::io::{self, Write};

use super::{visible, Format};
use crate::domain::Status;
use crate::wire::{JsonPassage, Shown};

/// Writes one passage.
pub fn shown(out: &mut impl Write, shown: &Shown, format: Format) -> io::Result<()> {
    if format == Format::Json {
        serde_json::to_writer(&mut *out, shown)?;
        return writeln!(out);
    }
    let p = &shown.passage;
    writeln!(
        out,
        "{} · {} ({}) · p.{} · {}年度{}",
        p.id,
        p.ministry,
        p.ministry_en,
        p.page,
        p.year,
        status(p.status, " · ")
    )?;
    writeln!(out, "重点項目: {}", visible(&p.item))?;
    if let Some(src) = &p.source {
        writeln!(
            out,
            "source:   {} (PDF page {})",
            visible(&src.file),
            src.page
        )?;
    }
    if shown.section_titles.is_empty() {
        writeln!(out, "sections: none cited")?;
    }
    for s in &shown.section_titles {
        writeln!(out, "section:  {}  {}", s.path, s.title)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", visible(&p.text))?;
    let others: Vec<&JsonPassage> = shown
        .item_passages
        .iter()
        .filter(|o| o.id != p.id)
        .collect();
    if !others.is_empty() {
        writeln!(out, "\nthe item's other passages:")?;
    }
    for o in others {
        let opening: String = o.text.chars().take(50).collect();
        let cut = if o.text.chars().count() > 50 {
            "…"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} · p.{}{}  {}{cut}",
            o.id,
            o.page,
            status(o.status, " · "),
            visible(&opening.replace('\n', " "))
        )?;
    }
    Ok(())
}

fn status(s: Status, before: &str) -> String {
    match s {
        Status::Unmarked => String::new(),
        s => format!("{before}{}", s.marker()),
    }
}
