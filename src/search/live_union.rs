//! A union of a unit's parts (its forms' words and bigrams in the text, the title and the
//! guideline references) that leaves out, when it is scored, the parts no passage can match:
//! a part is a word or a phrase, so a passage matches it only with every one of its terms, and
//! a term in no passage rules the part out. Most parts are such (a thesaurus word in no title,
//! a phrase in no guideline reference), and tantivy gives a scored union of two or more
//! clauses a 64 KB buffer even when all but one are empty. The passages matched and their
//! scores are the same: an empty clause adds nothing to a sum, and the others are summed in
//! the same order. Unscored (a count), the union is kept whole: it has no such buffer.

use tantivy::query::{BooleanWeight, EmptyQuery, EnableScoring, Occur, Query, SumCombiner, Weight};
use tantivy::Term;

use super::compile::terms;

/// One part: its query (perhaps within filters) and the terms every passage it matches has.
#[derive(Debug)]
struct Part {
    query: Box<dyn Query>,
    terms: Vec<Term>,
}

impl Clone for Part {
    fn clone(&self) -> Part {
        Part {
            query: self.query.box_clone(),
            terms: self.terms.clone(),
        }
    }
}

/// Any of the parts (a union scoring the sum of those that match).
#[derive(Debug, Clone)]
pub(super) struct LiveUnion {
    parts: Vec<Part>,
}

impl LiveUnion {
    pub fn new() -> LiveUnion {
        LiveUnion { parts: Vec::new() }
    }

    /// Adds `part` (a word, a phrase: a passage matches it only with every one of its
    /// terms) as `scope` gives it (within filters, say).
    pub fn push(
        &mut self,
        part: Box<dyn Query>,
        scope: impl FnOnce(Box<dyn Query>) -> Box<dyn Query>,
    ) {
        self.parts.push(Part {
            terms: terms(part.as_ref()),
            query: scope(part),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

impl Query for LiveUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut weights = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            if let EnableScoring::Enabled {
                statistics_provider,
                ..
            } = enable_scoring
            {
                let mut live = true;
                for t in &part.terms {
                    if statistics_provider.doc_freq(t)? == 0 {
                        live = false;
                        break;
                    }
                }
                if !live {
                    continue;
                }
            }
            weights.push((Occur::Should, part.query.weight(enable_scoring)?));
        }
        match weights.len() {
            0 => EmptyQuery.weight(enable_scoring),
            1 if enable_scoring.is_scoring_enabled() => Ok(weights.pop().expect("one").1),
            _ => Ok(Box::new(BooleanWeight::with_minimum_number_should_match(
                weights,
                1,
                enable_scoring.is_scoring_enabled(),
                Box::new(SumCombiner::default),
            ))),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for part in &self.parts {
            part.query.query_terms(visitor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    /// The union without its empty parts finds the same passages with the same scores, to the
    /// bit, as tantivy's union of all of them; counted, too.
    #[test]
    fn leaving_out_empty_parts_changes_nothing() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let title = schema.add_text_field("title", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["alpha", "beta", "gamma", "delta", "epsilon"];
        for k in 0..500usize {
            let t: Vec<&str> = (0..(k % 7 + 1))
                .map(|i| words[(k * 3 + i * i) % 5])
                .collect();
            writer
                .add_document(doc!(text => t.join(" "), title => words[k % 3]))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |f, w: &str| tantivy::Term::from_field_text(f, w);
        let word = |f, w: &str, b: f32| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    term(f, w),
                    IndexRecordOption::WithFreqsAndPositions,
                )),
                b,
            ))
        };
        let phrase = |f, ws: &[&str], b: f32| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(PhraseQuery::new(ws.iter().map(|w| term(f, w)).collect())),
                b,
            ))
        };
        let sets: Vec<Vec<Box<dyn Query>>> = vec![
            // Two live parts among empty ones.
            vec![
                word(text, "zeta", 1.0),
                phrase(text, &["alpha", "beta"], 1.3),
                phrase(text, &["alpha", "zeta"], 2.0),
                word(title, "gamma", 0.7),
                word(title, "zeta", 1.0),
            ],
            // One live part.
            vec![
                word(text, "zeta", 1.0),
                phrase(text, &["gamma", "delta"], 1.1),
            ],
            // None.
            vec![word(text, "zeta", 1.0), word(title, "eta", 1.0)],
            // All live.
            vec![word(text, "beta", 0.9), word(title, "alpha", 1.2)],
        ];
        for parts in sets {
            let whole = BooleanQuery::union(parts.iter().map(|p| p.box_clone()).collect());
            let mut live = LiveUnion::new();
            for p in &parts {
                live.push(p.box_clone(), |q| q);
            }
            let top = TopDocs::with_limit(500).order_by_score();
            let expected = searcher.search(&whole, &top).unwrap();
            let found = searcher.search(&live, &top).unwrap();
            assert_eq!(found.len(), expected.len());
            for ((x, a), (y, b)) in found.iter().zip(&expected) {
                assert_eq!((a, x.to_bits()), (b, y.to_bits()));
            }
            assert_eq!(
                searcher.search(&live, &Count).unwrap(),
                searcher.search(&whole, &Count).unwrap()
            );
        }
    }
}
