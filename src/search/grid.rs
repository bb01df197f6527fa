//! The ministry × guideline-section map (`map`): the match set of a search counted per
//! organisation and per guideline section at one depth ([`Level`]).
//!
//! A cell is the number of matching passages of its organisation that cite its section or one
//! under it, so it equals the total of the same search filtered by that ministry and that
//! section. A passage citing several sections counts in each of their columns (once per
//! column). The columns are the index's guideline sections at the level, then the
//! organisations' own plans (`own:`); `no_section` counts passages citing no section (記載なし)
//! and `total` each matching passage once. A passage that cites only a heading above the
//! level (`II`, at level 2) is in `total` and `above_level`, in no column.

use std::collections::HashMap;

use super::cited::{Cited, Level};
use super::{Engine, SearchRequest};
use crate::domain::{SectionKind, SectionPath};
use crate::error::Result;
use crate::index::Catalog;
use crate::query::Expansion;

/// One organisation's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// Official name.
    pub ministry: String,
    /// Per column, in the order of [`SectionGrid::columns`].
    pub cells: Vec<usize>,
    /// Passages citing no section (記載なし).
    pub no_section: usize,
    /// Passages citing only a heading above the level.
    pub above_level: usize,
    /// Matching passages, each once.
    pub total: usize,
}

/// The map of one search.
#[derive(Debug, Clone)]
pub struct SectionGrid {
    pub level: Level,
    /// The query as understood (see [`super::SearchResults::understood`]).
    pub understood: String,
    pub notices: Vec<String>,
    pub expansions: Vec<Expansion>,
    /// The guideline sections at the level, in reader order, then `own:` if the index holds
    /// own-plan references.
    pub columns: Vec<SectionPath>,
    /// Every organisation of the index in report order (only those of a ministry filter, when
    /// there is one).
    pub rows: Vec<GridRow>,
}

impl SectionGrid {
    /// Matching passages in all rows.
    pub fn total(&self) -> usize {
        self.rows.iter().map(|r| r.total).sum()
    }
}

/// The columns of a map at `level`.
pub fn grid_columns(catalog: &Catalog, level: Level) -> Vec<SectionPath> {
    let mut columns: Vec<SectionPath> = catalog
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Guideline && s.depth == level.get())
        .map(|s| s.path.clone())
        .collect();
    if catalog.sections.iter().any(|s| s.path.is_own()) {
        columns.push(SectionPath::own_root());
    }
    columns
}

impl Engine {
    /// The map of `req`'s match set at `level`.
    pub fn section_grid(&self, req: &SearchRequest, level: Level) -> Result<SectionGrid> {
        let set = self.cited(req)?;
        let catalog = self.catalog();
        let columns = grid_columns(catalog, level);
        let at: HashMap<&SectionPath, usize> =
            columns.iter().enumerate().map(|(i, c)| (c, i)).collect();
        let mut rows: Vec<GridRow> = catalog
            .ministries
            .iter()
            .map(|m| GridRow {
                ministry: m.name.clone(),
                cells: vec![0; columns.len()],
                no_section: 0,
                above_level: 0,
                total: 0,
            })
            .collect();
        for passage in &set.passages {
            let Some(row) = rows.get_mut(passage.ministry) else {
                continue;
            };
            count(row, passage, level, &at);
        }
        let filter = &req.filters.ministries;
        if !filter.is_empty() {
            rows.retain(|r| filter.contains(&r.ministry));
        }
        Ok(SectionGrid {
            level,
            understood: set.plan.understood(),
            notices: set.plan.notices,
            expansions: set.plan.expansions,
            columns,
            rows,
        })
    }
}

/// Adds one passage to its row: once in each column it cites into.
fn count(row: &mut GridRow, passage: &Cited, level: Level, at: &HashMap<&SectionPath, usize>) {
    row.total += 1;
    if passage.sections.is_empty() {
        row.no_section += 1;
        return;
    }
    let mut hit: Vec<usize> = passage
        .sections
        .iter()
        .filter_map(|p| at.get(&column_of(p, level)).copied())
        .collect();
    hit.sort_unstable();
    hit.dedup();
    if hit.is_empty() {
        row.above_level += 1;
    }
    for i in hit {
        row.cells[i] += 1;
    }
}

/// The column a cited path counts in: `own:` for own plans, else its ancestor at the level
/// (itself if it is there; a path above the level has none, and is returned as is).
pub(super) fn column_of(path: &SectionPath, level: Level) -> SectionPath {
    if path.is_own() {
        return SectionPath::own_root();
    }
    let segs = path.segments();
    if segs.len() < level.get() {
        return path.clone();
    }
    SectionPath::from_segments(&segs[..level.get()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_counts_in_its_ancestor_at_the_level() {
        let two = Level::parse("2").unwrap();
        assert_eq!(column_of(&SectionPath::new("II.1.(2).②"), two), "II.1");
        assert_eq!(column_of(&SectionPath::new("II.3"), two), "II.3");
        assert_eq!(column_of(&SectionPath::new("own:第2.1"), two), "own:");
        // Above the level: itself, which is no column at this level.
        assert_eq!(column_of(&SectionPath::new("IV"), two), "IV");
    }

    #[test]
    fn levels_are_one_to_three() {
        assert_eq!(Level::parse("１").unwrap().get(), 1);
        assert_eq!(Level::default().get(), 2);
        for bad in ["0", "4", "", "II", "-1", "2.5"] {
            let e = Level::parse(bad).unwrap_err().to_string();
            assert!(e.starts_with("the level must be 1, 2 or 3"), "{bad}: {e}");
        }
    }
}
