//! The match set as data: every matching passage with its score and the keys that order,
//! collapse and count it (report order, item, status), read from fast fields.

use rustc_hash::{FxHashMap, FxHashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::domain::Status;
use crate::index::{status_of_code, ITEM_KEY, ORDER, STATUS_CODE};

/// One passage of a result list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub score: f32,
    pub addr: DocAddress,
    /// Place in report order.
    pub order: u64,
    /// Its (ministry, item).
    pub item: u64,
    pub status: Status,
}

/// Collects every matching passage.
pub(super) struct AllMatches;

pub(super) struct SegmentMatches {
    segment: SegmentOrdinal,
    keys: Keys,
    found: Vec<Found>,
}

/// The fast-field columns of one segment.
struct Keys {
    order: Column<u64>,
    item: Column<u64>,
    status: Column<u64>,
}

impl Keys {
    fn of(reader: &SegmentReader) -> tantivy::Result<Keys> {
        let fast = reader.fast_fields();
        Ok(Keys {
            order: fast.u64(ORDER)?,
            item: fast.u64(ITEM_KEY)?,
            status: fast.u64(STATUS_CODE)?,
        })
    }

    fn found(&self, score: Score, segment: SegmentOrdinal, doc: DocId) -> Found {
        Found {
            score,
            addr: DocAddress::new(segment, doc),
            order: self.order.first(doc).unwrap_or(u64::MAX),
            item: self.item.first(doc).unwrap_or(u64::MAX),
            status: status_of_code(self.status.first(doc).unwrap_or(u64::MAX)),
        }
    }
}

impl Collector for AllMatches {
    type Fruit = Vec<Found>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment,
            keys: Keys::of(reader)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Found>>) -> tantivy::Result<Vec<Found>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Found>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.found.push(self.keys.found(score, self.segment, doc));
    }

    fn harvest(self) -> Vec<Found> {
        self.found
    }
}

/// The keys of passages found some other way (by `TopDocs`).
pub(super) fn keyed(
    searcher: &Searcher,
    top: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<Found>> {
    // The columns of a segment are opened once, not once per passage.
    let mut keys: std::collections::HashMap<SegmentOrdinal, Keys> = Default::default();
    top.into_iter()
        .map(|(score, addr)| {
            let segment = addr.segment_ord;
            let keys = match keys.entry(segment) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(Keys::of(searcher.segment_reader(segment))?)
                }
            };
            Ok(keys.found(score, segment, addr.doc_id))
        })
        .collect()
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best first (ties in report order).
    #[default]
    Score,
    /// As the report has them: ministry by first page, then passage by passage.
    Report,
}

/// Orders passages. Each passage has its own place in report order, so no two compare equal
/// and an unstable sort gives the one order.
pub(super) fn sort(found: &mut [Found], sort: Sort) {
    match sort {
        Sort::Score => {
            found.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.order.cmp(&b.order)))
        }
        Sort::Report => found.sort_unstable_by_key(|f| f.order),
    }
}

/// One row of a list: a passage, and how many more passages of its item it stands for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub found: Found,
    /// Other passages of the same item folded into this row.
    pub more: usize,
}

/// One row per item, its best (first) passage, when `collapse`; else one per passage.
/// Items in `seen` are left out (their row is already on the list) and added to it.
pub(super) fn rows(found: &[Found], collapse: bool, seen: &mut FxHashSet<u64>) -> Vec<Row> {
    if !collapse {
        return found.iter().map(|&found| Row { found, more: 0 }).collect();
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut at: FxHashMap<u64, usize> = FxHashMap::default();
    for &f in found {
        if let Some(&i) = at.get(&f.item) {
            rows[i].more += 1;
        } else if seen.insert(f.item) {
            at.insert(f.item, rows.len());
            rows.push(Row { found: f, more: 0 });
        }
    }
    rows
}
