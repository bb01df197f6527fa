//! The JSON shapes of `map` and `compare` (and of `/api/map`, `/api/compare`).
//!
//! # The map ([`MapResponse`]; `map --format json` writes its rows, then its summary, as JSON Lines)
//!
//! | field | meaning |
//! |---|---|
//! | `rows[]` | one per organisation, in report order: `{type: "row", name, name_en, cells, no_section, above_level, total}` |
//! | `cells[]` | `{section, count}` per column: passages of the organisation citing the section or one under it |
//! | `no_section` | passages citing no section (記載なし) |
//! | `above_level` | passages citing only a heading above the level (`II` at level 2): in `total`, in no cell |
//! | `total` | matching passages, each once (a passage citing several sections counts in each of their cells) |
//! | `summary.columns[]` | `{path, title, count}`: the guideline sections at the level, then `own:` (own plans) |
//! | `summary.request` | the query as given and understood, and the filters resolved ([`ViewRequest`]) |
//!
//! # A comparison ([`CompareResponse`]; one object from `compare --format json`)
//!
//! `request` is as in the map; `organisations[]` are `{name, name_en, total}` in the order given; `sections[]` are
//! `{path, title, columns}` in reader order (`path` `none` last: 記載なし), each column
//! `{name, items}` with `items[]` `{item, passages}` (whole [`JsonPassage`]s, report order);
//! an organisation with nothing in a section has no items there. `silent` lists the map's
//! columns where none of them has a passage.

use serde::{Deserialize, Serialize};

use super::JsonPassage;
use crate::domain::{FiscalYear, Record, SectionPath, Status};
use crate::index::Catalog;
use crate::query::Expansion;
use crate::search::{grid_columns, Comparison, Level, SearchRequest, SectionGrid};

/// What a map line is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MapLine {
    Row,
    Summary,
}

/// The answer to `GET /api/map`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapResponse {
    pub rows: Vec<MapRow>,
    pub summary: MapSummary,
}

/// One organisation's row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapRow {
    #[serde(rename = "type")]
    pub line: MapLine,
    pub name: String,
    pub name_en: String,
    pub cells: Vec<MapCell>,
    pub no_section: usize,
    pub above_level: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapCell {
    pub section: SectionPath,
    pub count: usize,
}

/// The request, the columns and the column totals of a map.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapSummary {
    #[serde(rename = "type")]
    pub line: MapLine,
    pub level: Level,
    pub request: ViewRequest,
    pub columns: Vec<MapColumn>,
    /// Matching passages in all rows, each once.
    pub total: usize,
    pub no_section: usize,
    pub above_level: usize,
}

/// A column: a guideline section at the map's level, or `own:`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapColumn {
    pub path: SectionPath,
    pub title: String,
    /// Passages in the column, all rows together.
    pub count: usize,
}

/// The request of a map or comparison as understood: the query, and the filters resolved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ViewRequest {
    /// The query as given (empty: every passage within the filters).
    pub query: String,
    /// The words as analyzed, phrases in quotes, `OR` groups and `-exclusions`.
    pub understood: String,
    pub notices: Vec<String>,
    pub expansions: Vec<Expansion>,
    /// Ministry filters (for a comparison, the organisations compared), official names.
    pub ministries: Vec<String>,
    pub sections: Vec<SectionPath>,
    pub years: Vec<FiscalYear>,
    pub status: Option<Status>,
}

impl ViewRequest {
    fn new(
        req: &SearchRequest,
        understood: &str,
        notices: &[String],
        expansions: &[Expansion],
    ) -> ViewRequest {
        let f = req.filters();
        ViewRequest {
            query: req.query().to_string(),
            understood: understood.to_string(),
            notices: notices.to_vec(),
            expansions: expansions.to_vec(),
            ministries: f.ministries.clone(),
            sections: f.sections.clone(),
            years: f.years.clone(),
            status: f.status,
        }
    }
}

/// A section's title: the guideline's, else as the report writes it; 記載なし for `none`.
fn view_title(path: &SectionPath, catalog: &Catalog) -> String {
    if path.is_none() {
        return "記載なし".to_string();
    }
    catalog.section_title(path).unwrap_or_default().to_string()
}

fn english(name: &str, catalog: &Catalog) -> String {
    catalog
        .ministries
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.english.clone())
        .unwrap_or_default()
}

impl MapResponse {
    pub fn new(req: &SearchRequest, grid: &SectionGrid, catalog: &Catalog) -> MapResponse {
        let rows: Vec<MapRow> = grid
            .rows
            .iter()
            .map(|r| MapRow {
                line: MapLine::Row,
                name: r.ministry.clone(),
                name_en: english(&r.ministry, catalog),
                cells: grid
                    .columns
                    .iter()
                    .zip(&r.cells)
                    .map(|(section, &count)| MapCell {
                        section: section.clone(),
                        count,
                    })
                    .collect(),
                no_section: r.no_section,
                above_level: r.above_level,
                total: r.total,
            })
            .collect();
        let columns = grid
            .columns
            .iter()
            .enumerate()
            .map(|(i, path)| MapColumn {
                title: view_title(path, catalog),
                path: path.clone(),
                count: grid.rows.iter().map(|r| r.cells[i]).sum(),
            })
            .collect();
        let summary = MapSummary {
            line: MapLine::Summary,
            level: grid.level,
            request: ViewRequest::new(req, &grid.understood, &grid.notices, &grid.expansions),
            columns,
            total: grid.total(),
            no_section: grid.rows.iter().map(|r| r.no_section).sum(),
            above_level: grid.rows.iter().map(|r| r.above_level).sum(),
        };
        MapResponse { rows, summary }
    }
}

/// The answer to `GET /api/compare`, and `compare --format json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompareResponse {
    pub level: Level,
    pub request: ViewRequest,
    pub organisations: Vec<ComparedOrganisation>,
    pub sections: Vec<CompareSection>,
    /// The map's columns at the level (sections, `own:`) where none of them has a passage.
    pub silent: Vec<SectionPath>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComparedOrganisation {
    pub name: String,
    pub name_en: String,
    /// Its matching passages, each once.
    pub total: usize,
}

/// One section's block.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompareSection {
    /// A section at the level (or above it, when that is all a passage cites), `own:`, or
    /// `none` (記載なし).
    pub path: SectionPath,
    pub title: String,
    /// One per organisation, in the order given.
    pub columns: Vec<CompareColumn>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompareColumn {
    pub name: String,
    /// Its items (重点項目) with passages in this section, in report order; empty: nothing.
    pub items: Vec<ComparedItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComparedItem {
    pub item: String,
    pub passages: Vec<JsonPassage>,
}

/// Passages grouped by item, items in the order of their first passage.
fn items(records: &[Record]) -> Vec<ComparedItem> {
    let mut items: Vec<ComparedItem> = Vec::new();
    for r in records {
        let passage = JsonPassage::from(r);
        match items.iter_mut().find(|i| i.item == r.item) {
            Some(item) => item.passages.push(passage),
            None => items.push(ComparedItem {
                item: r.item.clone(),
                passages: vec![passage],
            }),
        }
    }
    items
}

impl CompareResponse {
    pub fn new(req: &SearchRequest, cmp: &Comparison, catalog: &Catalog) -> CompareResponse {
        CompareResponse {
            level: cmp.level,
            request: ViewRequest::new(req, &cmp.understood, &cmp.notices, &cmp.expansions),
            organisations: cmp
                .ministries
                .iter()
                .zip(&cmp.totals)
                .map(|(name, &total)| ComparedOrganisation {
                    name: name.clone(),
                    name_en: english(name, catalog),
                    total,
                })
                .collect(),
            sections: cmp
                .blocks
                .iter()
                .map(|b| CompareSection {
                    path: b.section.clone(),
                    title: view_title(&b.section, catalog),
                    columns: cmp
                        .ministries
                        .iter()
                        .zip(&b.columns)
                        .map(|(name, records)| CompareColumn {
                            name: name.clone(),
                            items: items(records),
                        })
                        .collect(),
                })
                .collect(),
            silent: grid_columns(catalog, cmp.level)
                .into_iter()
                .filter(|c| !cmp.blocks.iter().any(|b| &b.section == c))
                .collect(),
        }
    }
}
