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

use super::stats::Stats;
use crate::error::Result;

/// Documents in a range: a larger segment is cut into ranges of this many (the last one
/// shorter). The ranges do not depend on the number of cores, so neither do the scores: a
/// union sums its clauses' scores in an order that depends on where its scorer started, and
/// the last bit of a score can decide between two passages that score the same otherwise.
const RANGE: DocId = 32_768;

/// What `collector` collects of `query` over the whole index, as [`Searcher::search`] gives it.
pub(super) fn search<C>(stats: &Stats, query: &dyn Query, collector: &C) -> Result<C::Fruit>
where
    C: Collector,
{
    in_ranges(stats, query, collector, RANGE)
}

/// [`search`] with ranges of `range` documents.
fn in_ranges<C>(stats: &Stats, query: &dyn Query, collector: &C, range: DocId) -> Result<C::Fruit>
where
    C: Collector,
{
    let searcher = stats.searcher;
    let ranges = ranges(searcher, range);
    if ranges.len() == searcher.segment_readers().len() {
        return Ok(stats.search(query, collector)?);
    }
    let scoring = collector.requires_scoring();
    let enable = if scoring {
        EnableScoring::enabled_from_statistics_provider(stats, searcher)
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
fn ranges(searcher: &Searcher, range: DocId) -> Vec<(SegmentOrdinal, DocId, DocId)> {
    searcher
        .segment_readers()
        .iter()
        .enumerate()
        .flat_map(|(ord, reader)| {
            cut(reader.max_doc(), range)
                .into_iter()
                .map(move |(from, to)| (ord as SegmentOrdinal, from, to))
        })
        .collect()
}

/// `docs` documents cut into ranges of `range`, in order; one range when they fit in one.
fn cut(docs: DocId, range: DocId) -> Vec<(DocId, DocId)> {
    if docs <= range {
        return vec![(0, docs)];
    }
    (0..docs.div_ceil(range))
        .map(|k| (k * range, ((k + 1) * range).min(docs)))
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
    use tantivy::collector::{Count, DocSetCollector, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Term};

    use super::*;

    #[test]
    fn ranges_cover_every_document_once_in_order() {
        for docs in [0, 1, RANGE - 1, RANGE, RANGE + 1, 154_000, 1_000_003] {
            let ranges = cut(docs, RANGE);
            assert_eq!(ranges[0].0, 0);
            assert_eq!(ranges.last().unwrap().1, docs, "{docs} documents");
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].1, pair[1].0, "{docs} documents");
            }
            assert!(ranges.iter().all(|(from, to)| to > from || docs == 0));
            assert!(ranges.iter().all(|(from, to)| to - from <= RANGE));
        }
        assert_eq!(cut(RANGE, RANGE), vec![(0, RANGE)]);
        assert_eq!(cut(154_000, RANGE).len(), 5);
    }

    /// A search in ranges finds what a whole search finds, with the same scores, for queries
    /// that score (a union with phrases and words) and that do not (a count).
    #[test]
    fn a_search_in_ranges_finds_what_a_whole_search_finds() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["alpha", "beta", "gamma", "delta", "epsilon"];
        for k in 0..1000usize {
            let t: Vec<&str> = (0..(k % 7 + 1))
                .map(|i| words[(k * 3 + i * i) % 5])
                .collect();
            writer.add_document(doc!(text => t.join(" "))).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| Term::from_field_text(text, w);
        let query = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(PhraseQuery::new(vec![term("alpha"), term("beta")])) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(TermQuery::new(term("gamma"), IndexRecordOption::WithFreqs)),
            ),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(term("delta"), IndexRecordOption::Basic)),
            ),
        ]);
        let whole = searcher.search(&query, &DocSetCollector).unwrap();
        assert!(whole.len() > 100 && whole.len() < 900, "{}", whole.len());
        let top = TopDocs::with_limit(2000).order_by_score();
        let mut expected = searcher.search(&query, &top).unwrap();
        expected.sort_by_key(|&(_, addr)| addr);
        let stats = Stats::new(&searcher);
        for range in [1, 7, 100, 999, 1000, 5000] {
            let found = in_ranges(&stats, &query, &DocSetCollector, range).unwrap();
            assert_eq!(found, whole, "ranges of {range}");
            assert_eq!(
                in_ranges(&stats, &query, &Count, range).unwrap(),
                whole.len(),
                "ranges of {range}"
            );
            let mut scored = in_ranges(&stats, &query, &top, range).unwrap();
            scored.sort_by_key(|&(_, addr)| addr);
            assert_eq!(scored.len(), expected.len());
            for ((x, a), (y, b)) in scored.iter().zip(&expected) {
                assert_eq!(a, b);
                assert!((x - y).abs() <= y.abs() * 1e-5, "{x} against {y}");
            }
        }
    }
}
