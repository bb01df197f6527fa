//! A search of a large index on all cores: each segment of more than [`RANGE`] documents is
//! cut into ranges that are searched side by side, each by its own scorer, and the
//! collectors' fruits are merged in document order.
//!
//! An index built by `wlb-search build` is one segment (see `index::ingest`), so tantivy's
//! own executor, which runs segments side by side, would use one core. A scorer's statistics
//! come from the whole searcher, so a passage scores the same in a range as in the whole
//! segment but for the last bit of a sum (see [`RANGE`]). Smaller segments (the bundled
//! report, up to some two hundred reports) are searched whole by tantivy, as before.

use rayon::prelude::*;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocId, DocSet, Searcher, SegmentOrdinal};

use crate::error::Result;

/// Documents in a range: a larger segment is cut into ranges of this many (the last one
/// shorter). The ranges do not depend on the number of cores, so neither do the scores: a
/// union sums its clauses' scores in an order that depends on where its scorer started, and
/// the last bit of a score can decide between two passages that score the same otherwise.
const RANGE: DocId = 32_768;

/// What `collector` collects of `query` over the whole index, as [`Searcher::search`] gives it.
pub(super) fn search<C>(searcher: &Searcher, query: &dyn Query, collector: &C) -> Result<C::Fruit>
where
    C: Collector,
{
    let ranges = ranges(searcher);
    if ranges.len() == searcher.segment_readers().len() {
        return Ok(searcher.search(query, collector)?);
    }
    let scoring = collector.requires_scoring();
    let enable = if scoring {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(enable)?;
    let fruits = ranges
        .par_iter()
        .map(|&(segment, from, to)| {
            collect_range(searcher, &*weight, collector, segment, (from, to), scoring)
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    Ok(collector.merge_fruits(fruits)?)
}

/// The ranges to search: (segment, first document, end), in document order.
fn ranges(searcher: &Searcher) -> Vec<(SegmentOrdinal, DocId, DocId)> {
    searcher
        .segment_readers()
        .iter()
        .enumerate()
        .flat_map(|(ord, reader)| {
            cut(reader.max_doc())
                .into_iter()
                .map(move |(from, to)| (ord as SegmentOrdinal, from, to))
        })
        .collect()
}

/// `docs` documents cut into ranges of [`RANGE`], in order; one range when they fit in one.
fn cut(docs: DocId) -> Vec<(DocId, DocId)> {
    if docs <= RANGE {
        return vec![(0, docs)];
    }
    (0..docs.div_ceil(RANGE))
        .map(|k| (k * RANGE, ((k + 1) * RANGE).min(docs)))
        .collect()
}

/// One range of one segment, through a scorer of its own.
fn collect_range<C: Collector>(
    searcher: &Searcher,
    weight: &dyn Weight,
    collector: &C,
    segment: SegmentOrdinal,
    (from, to): (DocId, DocId),
    scoring: bool,
) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
    let reader = searcher.segment_reader(segment);
    let mut child = collector.for_segment(segment, reader)?;
    let mut scorer = weight.scorer(reader, 1.0)?;
    let alive = reader.alive_bitset();
    let mut doc = scorer.doc();
    if doc < from {
        doc = scorer.seek(from);
    }
    while doc < to {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            child.collect(doc, if scoring { scorer.score() } else { 0.0 });
        }
        doc = scorer.advance();
    }
    Ok(child.harvest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_document_once_in_order() {
        for docs in [0, 1, RANGE - 1, RANGE, RANGE + 1, 154_000, 1_000_003] {
            let ranges = cut(docs);
            assert_eq!(ranges[0].0, 0);
            assert_eq!(ranges.last().unwrap().1, docs, "{docs} documents");
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].1, pair[1].0, "{docs} documents");
            }
            assert!(ranges.iter().all(|(from, to)| to > from || docs == 0));
            assert!(ranges.iter().all(|(from, to)| to - from <= RANGE));
        }
        assert_eq!(cut(RANGE), vec![(0, RANGE)]);
        assert_eq!(cut(154_000).len(), 5);
    }
}
