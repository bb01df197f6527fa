//! A request's term statistics, each looked up once. The searches of one request (the match
//! set, each fill tier's, the weights of related words) ask for the same terms' document
//! frequencies again and again, and each look-up walks the term dictionary. The figures are
//! the searcher's own, so scores are unchanged.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::collector::Collector;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The statistics of one searcher, remembered for one request (one thread).
pub(super) struct Stats<'a> {
    pub searcher: &'a Searcher,
    doc_freq: RefCell<FxHashMap<Term, u64>>,
    tokens: RefCell<FxHashMap<Field, u64>>,
}

impl<'a> Stats<'a> {
    pub fn new(searcher: &'a Searcher) -> Stats<'a> {
        Stats {
            searcher,
            doc_freq: RefCell::default(),
            tokens: RefCell::default(),
        }
    }

    /// The number of passages with `term` (deleted ones too, as tantivy counts).
    pub fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&n) = self.doc_freq.borrow().get(term) {
            return Ok(n);
        }
        let n = self.searcher.doc_freq(term)?;
        self.doc_freq.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }

    /// [`Searcher::search`], scored with these statistics.
    pub fn search<C: Collector>(
        &self,
        query: &dyn Query,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        self.searcher
            .search_with_statistics_provider(query, collector, self)
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some(&n) = self.tokens.borrow().get(&field) {
            return Ok(n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        self.tokens.borrow_mut().insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Stats::doc_freq(self, term)
    }
}
