//! CSV for spreadsheets: UTF-8 with a byte-order mark (so that Japanese Excel reads it as
//! UTF-8), a header row, one row per passage of the match set, the columns chosen.

use std::io::{self, Write};

use crate::search::{Hit, MatchKind, SearchResults};

/// A column of the CSV output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvField {
    Rank,
    Id,
    Year,
    Ministry,
    MinistryEn,
    Page,
    Status,
    Sections,
    Item,
    Text,
    Score,
}

/// Every column, by its name, in the default order.
pub const CSV_FIELDS: [(&str, CsvField); 11] = [
    ("rank", CsvField::Rank),
    ("id", CsvField::Id),
    ("year", CsvField::Year),
    ("ministry", CsvField::Ministry),
    ("ministry_en", CsvField::MinistryEn),
    ("page", CsvField::Page),
    ("status", CsvField::Status),
    ("sections", CsvField::Sections),
    ("item", CsvField::Item),
    ("text", CsvField::Text),
    ("score", CsvField::Score),
];

impl CsvField {
    /// The field named `name`, if there is one.
    pub fn parse(name: &str) -> Option<CsvField> {
        CSV_FIELDS
            .iter()
            .find(|(n, _)| *n == name.trim())
            .map(|(_, f)| *f)
    }

    fn name(self) -> &'static str {
        CSV_FIELDS
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }
}

/// A field quoted when it holds a comma, a quote or a line break (RFC 4180).
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes rows (the first a header) as CSV: the byte-order mark, each field quoted as needed,
/// CRLF line ends.
pub(super) fn table(out: &mut impl Write, rows: &[Vec<String>]) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| quote(c)).collect();
        write!(out, "{}\r\n", cells.join(","))?;
    }
    Ok(())
}

/// Writes the matching passages of `results` as CSV with the columns `fields`.
pub fn csv(out: &mut impl Write, results: &SearchResults, fields: &[CsvField]) -> io::Result<()> {
    let matches: Vec<Hit> = results
        .hits
        .iter()
        .filter(|h| h.matched == MatchKind::All)
        .cloned()
        .collect();
    csv_hits(out, &matches, fields)
}

/// Writes `hits` as CSV with the columns `fields`.
pub fn csv_hits(out: &mut impl Write, hits: &[Hit], fields: &[CsvField]) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let header: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    write!(out, "{}\r\n", header.join(","))?;
    for hit in hits {
        let r = &hit.record;
        let cells: Vec<String> = fields
            .iter()
            .map(|f| match f {
                CsvField::Rank => hit.rank.to_string(),
                CsvField::Id => r.id.clone(),
                CsvField::Year => r.year.0.to_string(),
                CsvField::Ministry => r.ministry.clone(),
                CsvField::MinistryEn => r.ministry_en.clone(),
                CsvField::Page => r.page.to_string(),
                CsvField::Status => r.status.marker().to_string(),
                CsvField::Sections => r
                    .sections
                    .iter()
                    .map(|s| s.path.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                CsvField::Item => r.item.clone(),
                CsvField::Text => r.text.clone(),
                CsvField::Score => format!("{:.3}", hit.score),
            })
            .map(|c| quote(&c))
            .collect();
        write!(out, "{}\r\n", cells.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_by_name_and_quoting() {
        assert_eq!(CsvField::parse("ministry"), Some(CsvField::Ministry));
        assert_eq!(CsvField::parse("nope"), None);
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(quote("テレワーク"), "テレワーク");
    }
}
