//! Organisations side by side (`compare`): one block per section, a sub-block per
//! organisation with its items and the opening of each passage; or one JSON object.

use std::io::{self, Write};

use super::{visible, Format, Style};
use crate::domain::Status;
use crate::wire::{CompareColumn, CompareResponse};

/// Characters of a passage shown in a block (`show ID` has it whole).
const OPENING: usize = 90;

/// Writes a comparison.
pub fn comparison(
    out: &mut impl Write,
    cmp: &CompareResponse,
    format: Format,
    style: Style,
) -> io::Result<()> {
    if format == Format::Json {
        serde_json::to_writer(&mut *out, cmp)?;
        return writeln!(out);
    }
    let who: Vec<String> = cmp
        .organisations
        .iter()
        .map(|o| format!("{} {} passage{}", o.name, o.total, plural(o.total)))
        .collect();
    let what = if cmp.request.query.is_empty() {
        String::new()
    } else {
        format!(" matching {}", cmp.request.understood)
    };
    writeln!(
        out,
        "{}{what}, by guideline section (level {}):",
        who.join(" · "),
        cmp.level.get()
    )?;
    for section in &cmp.sections {
        let heading = if section.path.is_none() {
            "記載なし (no section cited)".to_string()
        } else if section.path.is_own_root() {
            "own: 各府省等の独自の計画 (the organisations' own plans)".to_string()
        } else {
            format!("{} {}", section.path, section.title)
        };
        writeln!(out, "\n{}", style.paint("1;36", &format!("━━ {heading}")))?;
        for column in &section.columns {
            block(out, column, style)?;
        }
    }
    if !cmp.silent.is_empty() {
        let names: Vec<&str> = cmp.silent.iter().map(|p| p.as_str()).collect();
        writeln!(
            out,
            "\nnothing from any of them under: {}",
            names.join(", ")
        )?;
    }
    Ok(())
}

/// One organisation's part of a section block.
fn block(out: &mut impl Write, column: &CompareColumn, style: Style) -> io::Result<()> {
    let passages: usize = column.items.iter().map(|i| i.passages.len()).sum();
    if passages == 0 {
        let none = format!("  ▌{}: nothing under this section", column.name);
        return writeln!(out, "{}", style.paint("2", &none));
    }
    writeln!(
        out,
        "  ▌{}: {} item{}, {} passage{}",
        style.paint("1", &column.name),
        column.items.len(),
        plural(column.items.len()),
        passages,
        plural(passages),
    )?;
    for item in &column.items {
        writeln!(out, "    ◇ {}", visible(&item.item))?;
        for p in &item.passages {
            // The marker, unless the passage opens with it.
            let status = match p.status {
                Status::Unmarked => String::new(),
                s if p.text.starts_with(s.marker()) => String::new(),
                s => format!("{} ", s.marker()),
            };
            let flat = p.text.replace(['\n', '\t'], " ");
            let opening: String = flat.chars().take(OPENING).collect();
            let cut = if flat.chars().count() > OPENING {
                "…"
            } else {
                ""
            };
            writeln!(
                out,
                "      {} {status}{}{cut}",
                style.paint("2", &format!("{} p.{}", p.id, p.page)),
                visible(&opening)
            )?;
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
