//! Searches whose cost is bounded by what they need, not by the size of the index.
//!
//! - [`exists`]: whether anything matches, stopping at the first match (the planner asks it
//!   of every form of a query word); [`first_with`]: the passage with a term (an id), read
//!   off the term's postings without a search.
//! - [`Budget`]: a related tier's search (and its test of which words are
//!   distinctive) looks at the first [`CANDIDATES`] passages of the index only. On a
//!   thousand reports a piece of a compound, 研修, is in tens of thousands of passages, and
//!   scoring them all cost tens of milliseconds for a few rows below a short page. The
//!   passages are in the order of the inputs, so the rows are the same from one run to the
//!   next; an index within the budget (the bundled report, up to some nineteen reports) is
//!   searched whole, exactly as before. The match set, its counts and facets are never
//!   bounded. (The budget was 10,000 passages at first; 3,000 halve the instructions of the
//!   related rows of `マネジメント研修` at a thousand reports, 48 M to 22 M by callgrind.)

use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{
    AllScorer, BooleanQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation, Occur, Query,
    Scorer, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term, TERMINATED,
};

use crate::error::Result;

/// Passages a related tier's search looks at, at most: the first of the index.
pub(super) const CANDIDATES: u32 = 3_000;

/// Whether `query` matches any passage.
pub(super) fn exists(searcher: &Searcher, query: &dyn Query) -> Result<bool> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        if first_alive(weight.scorer(segment, 1.0)?.as_mut(), segment).is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The first live passage with `term` (an id: there is one), from the postings.
pub(super) fn first_with(searcher: &Searcher, term: &Term) -> Result<Option<DocAddress>> {
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let postings = segment
            .inverted_index(term.field())?
            .read_postings(term, IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        if let Some(doc) = postings.and_then(|mut p| first_alive(&mut p, segment)) {
            return Ok(Some(DocAddress::new(ord as u32, doc)));
        }
    }
    Ok(None)
}

/// The first document of `docs` that is not deleted.
fn first_alive<D: DocSet + ?Sized>(docs: &mut D, segment: &SegmentReader) -> Option<DocId> {
    let mut doc = docs.doc();
    while doc != TERMINATED {
        if segment.alive_bitset().is_none_or(|a| a.is_alive(doc)) {
            return Some(doc);
        }
        doc = docs.advance();
    }
    None
}

/// The passages a related search looks at: the first [`CANDIDATES`] of the index, in the
/// order of its segments. Worked out once per search.
pub(super) struct Budget {
    /// Passages looked at in each segment (by segment order); `None` when that is all.
    limits: Option<Arc<Vec<(SegmentId, DocId)>>>,
    passages: usize,
}

impl Budget {
    pub fn of(searcher: &Searcher) -> Budget {
        let readers = searcher.segment_readers();
        let total: u64 = readers.iter().map(|s| u64::from(s.max_doc())).sum();
        let passages = (searcher.num_docs() as usize).min(CANDIDATES as usize);
        if total <= u64::from(CANDIDATES) {
            return Budget {
                limits: None,
                passages,
            };
        }
        let mut left = CANDIDATES;
        let limits = readers
            .iter()
            .map(|s| {
                let n = s.max_doc().min(left);
                left -= n;
                (s.segment_id(), n)
            })
            .collect();
        Budget {
            limits: Some(Arc::new(limits)),
            passages,
        }
    }

    /// `query`, limited to the passages a related search looks at.
    pub fn within(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        let Some(limits) = &self.limits else {
            return query;
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, Box::new(FirstPassages(limits.clone()))),
        ]))
    }

    /// The number of passages a related search looks at.
    pub fn passages(&self) -> usize {
        self.passages
    }

    /// Whether a related search looks at the passage at `addr`.
    pub fn contains(&self, addr: DocAddress) -> bool {
        self.limits.as_ref().is_none_or(|limits| {
            limits
                .get(addr.segment_ord as usize)
                .is_some_and(|&(_, n)| addr.doc_id < n)
        })
    }
}

/// Matches the first documents of each segment, as many as its limit, scoring 0 (so that a
/// score it is added to stays the same).
#[derive(Debug, Clone)]
struct FirstPassages(Arc<Vec<(SegmentId, DocId)>>);

impl FirstPassages {
    fn limit(&self, reader: &SegmentReader) -> DocId {
        let id = reader.segment_id();
        self.0.iter().find(|(s, _)| *s == id).map_or(0, |&(_, n)| n)
    }
}

impl Query for FirstPassages {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for FirstPassages {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.limit(reader) {
            0 => Ok(Box::new(EmptyScorer)),
            n => Ok(Box::new(ConstScorer::new(AllScorer::new(n), 0.0))),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if doc < self.limit(reader) {
            Ok(Explanation::new(
                "among the passages a related search looks at",
                0.0,
            ))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} is past the passages a related search looks at"
            )))
        }
    }
}
