//! The catalog's lists: organisations and the section tree, as text or JSON Lines.

use std::io::{self, Write};

use super::Format;
use crate::index::{MinistryEntry, SectionEntry};

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
        if !in_own && s.path.is_own() {
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
