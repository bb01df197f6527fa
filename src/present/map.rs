//! The ministry × section map as a terminal table (at most [`MAX_WIDTH`] columns: section
//! labels shortened as far as needed, full titles in a legend below), JSON Lines (one row per
//! organisation, then the summary) or CSV for spreadsheets.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::Style;
use crate::domain::SectionPath;
use crate::wire::{MapResponse, MapRow};

/// Widest table, in terminal columns.
pub const MAX_WIDTH: usize = 120;

/// Column labels of the extra columns.
const OWN_LABEL: &str = "独自";
const NONE_LABEL: &str = "記載なし";
const TOTAL_LABEL: &str = "計";
const NAME_LABEL: &str = "府省等";

/// How a map is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    Text,
    Json,
    Csv,
}

/// Writes a map.
pub fn map(
    out: &mut impl Write,
    map: &MapResponse,
    format: MapFormat,
    style: Style,
) -> io::Result<()> {
    match format {
        MapFormat::Json => {
            for row in &map.rows {
                serde_json::to_writer(&mut *out, row)?;
                writeln!(out)?;
            }
            serde_json::to_writer(&mut *out, &map.summary)?;
            writeln!(out)
        }
        MapFormat::Csv => super::csv::table(out, &csv_rows(map)),
        MapFormat::Text => text(out, map, style),
    }
}

fn csv_rows(map: &MapResponse) -> Vec<Vec<String>> {
    let mut header = vec!["ministry".to_string(), "ministry_en".to_string()];
    header.extend(
        map.summary
            .columns
            .iter()
            .map(|c| format!("{} {}", c.path, c.title)),
    );
    header.extend(["no_section 記載なし", "above_level", "total"].map(String::from));
    let mut rows = vec![header];
    rows.extend(map.rows.iter().map(|r| {
        let mut row = vec![r.name.clone(), r.name_en.clone()];
        row.extend(r.cells.iter().map(|c| c.count.to_string()));
        row.extend([r.no_section, r.above_level, r.total].map(|n| n.to_string()));
        row
    }));
    rows
}

/// A column label: the whole path, without the dots (and without `II.` where the level has
/// more than one), or a number; `own:` is 独自.
fn label(path: &SectionPath, tier: usize, index: usize) -> String {
    if path.is_own_root() {
        return OWN_LABEL.to_string();
    }
    match tier {
        0 => path.to_string(),
        1 => {
            let p = path.as_str();
            let short = p.strip_prefix("II.").unwrap_or(p);
            short.replace('.', "")
        }
        _ => format!("c{}", index + 1),
    }
}

/// Right-aligns `s` in `width` terminal columns.
fn right(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

fn left(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// The table's layout: labels and widths of the name column, the section columns and the three
/// counts (記載なし, 計).
struct Layout {
    /// Spaces between columns.
    gap: usize,
    name: usize,
    labels: Vec<String>,
    widths: Vec<usize>,
    none: usize,
    total: usize,
}

impl Layout {
    fn of(map: &MapResponse, tier: usize, gap: usize) -> Layout {
        let digits = |n: usize| n.to_string().len();
        let name = map
            .rows
            .iter()
            .map(|r| r.name.width())
            .chain([NAME_LABEL.width(), TOTAL_LABEL.width()])
            .max()
            .unwrap_or(0);
        let labels: Vec<String> = map
            .summary
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| label(&c.path, tier, i))
            .collect();
        let widths = labels
            .iter()
            .zip(&map.summary.columns)
            .map(|(l, c)| l.width().max(digits(c.count)))
            .collect();
        Layout {
            gap,
            name,
            labels,
            widths,
            none: NONE_LABEL.width().max(digits(map.summary.no_section)),
            total: TOTAL_LABEL.width().max(digits(map.summary.total)),
        }
    }

    /// The header's width where ambiguous characters (②) take two columns, as in a CJK
    /// terminal, so that the table fits either way.
    fn fits(&self) -> bool {
        let header = self.line(NAME_LABEL, &self.labels, NONE_LABEL, TOTAL_LABEL);
        header.width_cjk() <= MAX_WIDTH
    }

    fn line(&self, name: &str, cells: &[String], none: &str, total: &str) -> String {
        let gap = " ".repeat(self.gap);
        let mut line = left(name, self.name);
        for (c, w) in cells.iter().zip(&self.widths) {
            line.push_str(&gap);
            line.push_str(&right(c, *w));
        }
        line.push_str(&gap);
        line.push_str(&right(none, self.none));
        line.push_str(&gap);
        line.push_str(&right(total, self.total));
        line
    }
}

fn zero_dim(n: usize, width: usize, style: Style) -> String {
    let s = right(&n.to_string(), width);
    if n == 0 {
        style.paint("2", &s)
    } else {
        s
    }
}

fn text(out: &mut impl Write, map: &MapResponse, style: Style) -> io::Result<()> {
    let s = &map.summary;
    // Whole paths, then shorter labels, then narrower gaps, then numbered columns.
    let layout = [(0, 2), (1, 2), (1, 1), (2, 1)]
        .into_iter()
        .map(|(tier, gap)| Layout::of(map, tier, gap))
        .find(Layout::fits)
        .unwrap_or_else(|| Layout::of(map, 2, 1));
    let what = if s.request.query.is_empty() {
        "all passages".to_string()
    } else {
        format!("passages matching {}", s.request.understood)
    };
    writeln!(
        out,
        "{what}, per organisation × guideline section (level {}):\n",
        s.level.get()
    )?;
    let header = layout.line(NAME_LABEL, &layout.labels, NONE_LABEL, TOTAL_LABEL);
    writeln!(out, "{}", style.paint("1", &header))?;
    for r in &map.rows {
        writeln!(out, "{}", row_line(&layout, r, style))?;
    }
    let totals: Vec<String> = s.columns.iter().map(|c| c.count.to_string()).collect();
    let footer = layout.line(
        TOTAL_LABEL,
        &totals,
        &s.no_section.to_string(),
        &s.total.to_string(),
    );
    writeln!(out, "{}", style.paint("1", &footer))?;
    legend(out, map, &layout)
}

/// One organisation's line; zeros dimmed (with color).
fn row_line(layout: &Layout, r: &MapRow, style: Style) -> String {
    let gap = " ".repeat(layout.gap);
    let mut line = left(&r.name, layout.name);
    for (c, w) in r.cells.iter().zip(&layout.widths) {
        line.push_str(&gap);
        line.push_str(&zero_dim(c.count, *w, style));
    }
    line.push_str(&gap);
    line.push_str(&zero_dim(r.no_section, layout.none, style));
    line.push_str(&gap);
    line.push_str(&right(&r.total.to_string(), layout.total));
    line
}

fn legend(out: &mut impl Write, map: &MapResponse, layout: &Layout) -> io::Result<()> {
    let s = &map.summary;
    writeln!(out)?;
    let width = layout
        .labels
        .iter()
        .map(|l| l.width())
        .chain([NONE_LABEL.width()])
        .max()
        .unwrap_or(0);
    for (l, c) in layout.labels.iter().zip(&s.columns) {
        let title = if c.path.is_own_root() {
            "各府省等の独自の計画 (own:, the organisations' own plans)".to_string()
        } else if *l == c.path.as_str() {
            c.title.clone()
        } else {
            format!("{}  {}", c.path, c.title)
        };
        writeln!(out, "{}  {title}", left(l, width))?;
    }
    writeln!(
        out,
        "{}  passages that cite no section",
        left(NONE_LABEL, width)
    )?;
    writeln!(
        out,
        "{}  matching passages, each once (a passage citing several sections counts in each of their columns)",
        left(TOTAL_LABEL, width)
    )?;
    if s.above_level > 0 {
        writeln!(
            out,
            "{} passage{} cite{} only a heading above level {} (such as II): in 計, in no column; \
             see {} with --level 1",
            s.above_level,
            if s.above_level == 1 { "" } else { "s" },
            if s.above_level == 1 { "s" } else { "" },
            s.level.get(),
            if s.above_level == 1 { "it" } else { "them" },
        )?;
    }
    writeln!(
        out,
        "a cell's passages: wlb-search search [QUERY] -m MINISTRY -s SECTION --collapse none \
         (-s none for 記載なし)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_shorten_by_tier() {
        let p = SectionPath::new("II.1.(2)");
        assert_eq!(label(&p, 0, 0), "II.1.(2)");
        assert_eq!(label(&p, 1, 0), "1(2)");
        assert_eq!(label(&p, 2, 4), "c5");
        assert_eq!(label(&SectionPath::new("IV.(1).②"), 1, 0), "IV(1)②");
        assert_eq!(label(&SectionPath::own_root(), 1, 0), "独自");
        assert_eq!(right("0", 3), "  0");
        assert_eq!(left("計", 4), "計  ");
    }
}
