//! A word searched as its character bigrams in sequence: matched by its cover (every other
//! bigram and the last, [`crate::analysis::bigram_cover`]) and weighted as the phrase of all of
//! them. The two match the same passages at the same places, so the phrase count is the
//! whole phrase's; BM25 is proportional to the idf of the phrase's terms, so the cover's
//! score is scaled by the whole phrase's idf over the cover's. Reading the positions of fewer
//! terms is the point: at a thousand reports most of a search is spent reading positions.

use tantivy::query::{Bm25Weight, BoostQuery, EnableScoring, PhraseQuery, Query, Weight};
use tantivy::schema::Field;
use tantivy::Term;

use crate::analysis::bigram_cover;

/// A phrase of two or more bigrams.
#[derive(Debug, Clone)]
pub(super) struct BigramPhrase {
    /// Every bigram of the word, for its weight.
    all: Vec<Term>,
    /// The cover, with each bigram's place in the word.
    cover: Vec<(usize, Term)>,
}

impl BigramPhrase {
    pub fn new(field: Field, bigrams: &[String]) -> BigramPhrase {
        let all: Vec<Term> = bigrams
            .iter()
            .map(|b| Term::from_field_text(field, b))
            .collect();
        let cover = bigram_cover(all.len())
            .into_iter()
            .map(|i| (i, all[i].clone()))
            .collect();
        BigramPhrase { all, cover }
    }
}

impl Query for BigramPhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let cover = PhraseQuery::new_with_offset(self.cover.clone());
        let EnableScoring::Enabled {
            statistics_provider,
            ..
        } = enable_scoring
        else {
            return cover.weight(enable_scoring);
        };
        let some: Vec<Term> = self.cover.iter().map(|(_, t)| t.clone()).collect();
        let all = Bm25Weight::for_terms(statistics_provider, &self.all)?.score(0, 1);
        let some = Bm25Weight::for_terms(statistics_provider, &some)?.score(0, 1);
        let scale = all / some;
        if !scale.is_finite() || scale <= 0.0 {
            return cover.weight(enable_scoring);
        }
        BoostQuery::new(Box::new(cover), scale).weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.all {
            visitor(term, true);
        }
    }
}
