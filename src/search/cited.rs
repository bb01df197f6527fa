//! The match set as the guideline sections each passage cites: for `map` and `compare`, which
//! count and group the passages of a search by organisation and section. The passages are
//! exactly those `search --collapse none` counts (the same plan, filters and match query);
//! their ministry and sections come from the facet columns, not from the stored records, so
//! that counting a large index reads no document.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Engine, Occurs};
use crate::domain::SectionPath;
use crate::error::Result;
use crate::index::{self, MINISTRY_FACET, ORDER, SECTIONS};
use crate::query::Plan;

/// Depth of the guideline sections that `map` and `compare` group by: 1 = `II`, 2 = `II.3`,
/// 3 = `II.3.(1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Level(u8);

impl Level {
    /// The deepest level.
    pub const MAX: u8 = 3;

    /// A level as typed (`2`, `２`).
    pub fn parse(typed: &str) -> Result<Level, super::RequestError> {
        match crate::domain::ministry::fold(typed).parse::<u8>() {
            Ok(n) if (1..=Level::MAX).contains(&n) => Ok(Level(n)),
            _ => Err(super::RequestError::BadLevel {
                given: typed.to_string(),
            }),
        }
    }

    pub fn get(self) -> usize {
        usize::from(self.0)
    }
}

impl Default for Level {
    /// `II.3`: the guideline's main headings.
    fn default() -> Level {
        Level(2)
    }
}

/// One matching passage: where it is and what it cites.
#[derive(Debug, Clone)]
pub(super) struct Cited {
    pub(super) addr: DocAddress,
    /// Place in report order.
    pub(super) order: u64,
    /// Index into the catalog's ministries (`usize::MAX` for a name the catalog lacks).
    pub(super) ministry: usize,
    /// The section paths it cites (none: 記載なし).
    pub(super) sections: Vec<SectionPath>,
}

/// The match set of a request, with what the query was understood as.
pub(super) struct CitedSet {
    pub plan: Plan,
    pub passages: Vec<Cited>,
}

impl Engine {
    /// The passages of `req`'s match set (every one, whatever its limit and collapse), in
    /// report order. A damaged index is reported, not a crash (as in [`Engine::search`]).
    pub(super) fn cited(&self, req: &super::SearchRequest) -> Result<CitedSet> {
        match crate::report::quietly(|| self.collect_cited(req)) {
            Ok(result) => result,
            Err(panic) => Err(index::Error::Damaged {
                dir: self.opened.root.clone(),
                detail: crate::report::panic_message(panic),
            }
            .into()),
        }
    }

    fn collect_cited(&self, req: &super::SearchRequest) -> Result<CitedSet> {
        let mut analyzer = self.analyzer.clone();
        let searcher = self.opened.reader.searcher();
        let compiler = self.compiler();
        let stats = super::stats::Stats::new(&searcher);
        let plan = self.plan(&req.query, &mut analyzer, &Occurs::new(compiler, &stats))?;
        let query = compiler.count_query(&plan, &compiler.filters(&req.filters));
        let names = self.catalog().ministry_names();
        let mut passages =
            super::parallel::search(&stats, &query, &CitedCollector { names: &names })?;
        passages.sort_by_key(|c| c.order);
        Ok(CitedSet { plan, passages })
    }
}

/// Collects [`Cited`] for every matching document.
struct CitedCollector<'a> {
    names: &'a [String],
}

struct SegmentCited {
    segment: SegmentOrdinal,
    order: Column<u64>,
    ministries: tantivy::fastfield::FacetReader,
    sections: tantivy::fastfield::FacetReader,
    /// Facet ordinal → catalog index, and → section path, read once per segment.
    ministry_of: Vec<usize>,
    section_of: Vec<SectionPath>,
    found: Vec<Cited>,
}

fn facet_paths(reader: &tantivy::fastfield::FacetReader) -> tantivy::Result<Vec<Vec<String>>> {
    let mut facet = Facet::root();
    (0..reader.num_facets() as u64)
        .map(|ord| {
            reader.facet_from_ord(ord, &mut facet)?;
            Ok(facet.to_path().into_iter().map(str::to_string).collect())
        })
        .collect()
}

impl Collector for CitedCollector<'_> {
    type Fruit = Vec<Cited>;
    type Child = SegmentCited;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCited> {
        let ministries = reader.facet_reader(MINISTRY_FACET)?;
        let sections = reader.facet_reader(SECTIONS)?;
        let ministry_of = facet_paths(&ministries)?
            .iter()
            .map(|path| {
                let name = path.last().map_or("", String::as_str);
                self.names
                    .iter()
                    .position(|n| n == name)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let section_of = facet_paths(&sections)?
            .iter()
            .map(|segs| SectionPath::from_segments(segs))
            .collect();
        Ok(SegmentCited {
            segment,
            order: reader.fast_fields().u64(ORDER)?,
            ministries,
            sections,
            ministry_of,
            section_of,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Cited>>) -> tantivy::Result<Vec<Cited>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentCited {
    type Fruit = Vec<Cited>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let ministry = self
            .ministries
            .facet_ords(doc)
            .next()
            .and_then(|o| self.ministry_of.get(o as usize).copied())
            .unwrap_or(usize::MAX);
        let sections = self
            .sections
            .facet_ords(doc)
            .filter_map(|o| self.section_of.get(o as usize).cloned())
            .collect();
        self.found.push(Cited {
            addr: DocAddress::new(self.segment, doc),
            order: self.order.first(doc).unwrap_or(u64::MAX),
            ministry,
            sections,
        });
    }

    fn harvest(self) -> Vec<Cited> {
        self.found
    }
}
