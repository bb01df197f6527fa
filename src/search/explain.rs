//! Why a hit matched (`--explain`): for each query word, the fields and ways it matched in,
//! through which thesaurus word, with the score of each.

use serde::{Deserialize, Serialize};
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use super::compile::Compiler;
use crate::query::{Plan, Relation};

/// Where a word matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Where {
    /// The passage text.
    Text,
    /// The 重点項目 title.
    Item,
    /// The guideline references as written in the B cell.
    Section,
}

/// How a word matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// As the analyzer's words (morphological field).
    Words,
    /// As character bigrams (part of a longer word, or split differently).
    Bigrams,
}

/// One way a query word matched a hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchPart {
    /// The form that matched: the word as typed or a thesaurus alternative.
    pub form: String,
    /// `None` for the word as typed.
    pub relation: Option<Relation>,
    pub field: Where,
    pub by: By,
    /// Its contribution to the score.
    pub score: f32,
}

/// How one query word fared in a hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matched {
    pub word: String,
    /// False for a generic word of a sentence, which only adds to the score.
    pub required: bool,
    /// Empty when the word did not match.
    pub parts: Vec<MatchPart>,
}

/// Which words of the plan match a document, where and how, with their scores.
pub(super) fn explain(
    compiler: &Compiler,
    plan: &Plan,
    searcher: &Searcher,
    addr: DocAddress,
) -> Vec<Matched> {
    let mut out = Vec::new();
    for group in &plan.groups {
        for unit in &group.units {
            let mut parts = Vec::new();
            for form in &unit.forms {
                for part in compiler.form_parts(form) {
                    let Ok(e) = part.query.explain(searcher, addr) else {
                        continue;
                    };
                    if e.value() > 0.0 {
                        parts.push(MatchPart {
                            form: form.text.clone(),
                            relation: form.relation,
                            field: part.place,
                            by: part.by,
                            score: e.value(),
                        });
                    }
                }
            }
            out.push(Matched {
                word: unit.label.clone(),
                required: group.required,
                parts,
            });
        }
    }
    out
}
