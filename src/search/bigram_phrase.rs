//! A word searched as its character bigrams in sequence: matched by its cover (every other
//! bigram and the last, [`crate::analysis::bigram_cover`]) and weighted as the phrase of all of
//! them. The two match the same passages at the same places, so the phrase count is the
//! whole phrase's; BM25 is proportional to the idf of the phrase's terms, so the cover's
//! score is scaled by the whole phrase's idf over the cover's. Reading the positions of fewer
//! terms is the point: at a thousand reports most of a search is spent reading positions.
//! In a small index (the bundled report) looking up the terms costs more than reading their
//! positions, and the whole phrase is searched as it is (`COVER_FROM`).

use tantivy::query::{BoostQuery, EnableScoring, PhraseQuery, Query, Weight};
use tantivy::schema::Field;
use tantivy::Term;

use crate::analysis::bigram_cover;

/// Passages in the index from which the cover is searched instead of the whole phrase.
const COVER_FROM: u64 = 20_000;

/// A phrase of two or more bigrams.
#[derive(Debug, Clone)]
pub(super) struct BigramPhrase {
    /// Every bigram of the word, for its weight.
    all: Vec<Term>,
    /// The cover, with each bigram's place in the word.
    cover: Vec<(usize, Term)>,
    /// Passages in the index from which the cover is searched.
    cover_from: u64,
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
        BigramPhrase {
            all,
            cover,
            cover_from: COVER_FROM,
        }
    }
}

impl Query for BigramPhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let large = enable_scoring
            .searcher()
            .is_some_and(|s| s.num_docs() >= self.cover_from);
        if !large {
            return PhraseQuery::new(self.all.clone()).weight(enable_scoring);
        }
        let cover = PhraseQuery::new_with_offset(self.cover.clone());
        let EnableScoring::Enabled {
            statistics_provider,
            ..
        } = enable_scoring
        else {
            return cover.weight(enable_scoring);
        };
        let docs = statistics_provider.total_num_docs()?;
        let idf = |terms: &mut dyn Iterator<Item = &Term>| -> tantivy::Result<f32> {
            let mut sum = 0.0;
            for term in terms {
                sum += idf(statistics_provider.doc_freq(term)?, docs);
            }
            Ok(sum)
        };
        let scale = idf(&mut self.all.iter())? / idf(&mut self.cover.iter().map(|(_, t)| t))?;
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

/// BM25's inverse document frequency, as tantivy computes it (`query::bm25::idf`, not public;
/// a weight of several terms sums theirs).
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let x = ((docs - doc_freq.min(docs)) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::{doc, DocAddress, Index};

    use super::*;
    use crate::analysis::{bigram_analyzer, bigram_tokens, BIGRAM_ANALYZER};

    /// Each text's passages found by the whole phrase and by the cover, with their scores.
    #[test]
    fn the_cover_finds_the_passages_of_the_whole_phrase_with_the_same_scores() {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(BIGRAM_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register(BIGRAM_ANALYZER, bigram_analyzer());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "管理職向けのマネジメント研修を実施した。マネジメント研修は年2回。",
            "マネ・ジメント研修、マネジ・メント研修、マネジメ ント研修",
            "マネジメント・研修、マネジメント研 修、マ・ネ・ジ・メ・ン・ト・研・修",
            "マネジメント研修",
            "テレワーク、テレ・ワーク、テレワ・ク",
            "研修 マネジメント 研修マネジメント",
        ];
        for t in texts {
            writer.add_document(doc!(text => t)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let run = |query: &dyn Query| -> Vec<(DocAddress, f32)> {
            let mut top = searcher
                .search(query, &TopDocs::with_limit(10).order_by_score())
                .unwrap();
            top.sort_by_key(|&(_, addr)| addr);
            top.into_iter().map(|(score, addr)| (addr, score)).collect()
        };
        for word in ["マネジメント研修", "テレワーク", "ジメント研"] {
            let grams: Vec<String> = bigram_tokens(word).into_iter().map(|t| t.text).collect();
            let mut phrase = BigramPhrase::new(text, &grams);
            let whole = run(&phrase);
            phrase.cover_from = 0;
            assert!(phrase.cover.len() < grams.len(), "{word}");
            let covered = run(&phrase);
            assert!(!whole.is_empty(), "{word}");
            assert_eq!(whole.len(), covered.len(), "{word}: {whole:?} {covered:?}");
            for ((a, x), (b, y)) in whole.iter().zip(&covered) {
                assert_eq!(a, b, "{word}");
                assert!((x - y).abs() <= x.abs() * 1e-5, "{word}: {x} against {y}");
            }
        }
    }
}
