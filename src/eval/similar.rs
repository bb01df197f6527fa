//! The judged set for `similar` (`tests/relevance/similar.json`): seed passages, each with the
//! passages of other organisations that do something like it, graded by reading. A seed is
//! evaluated as a query whose text is the seed's id, so the metrics, the report and the peers
//! are the search evaluation's.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{bad_judgments, JudgedQuery, Judgments, Result, System, CUTOFF};
use crate::domain::Record;
use crate::search::{Engine, LooseRequest, Method, SimilarRequest};

/// The similar set bundled with the binary.
pub const SIMILAR_BUNDLED: &str = include_str!("../../tests/relevance/similar.json");
/// Its name in messages.
pub const SIMILAR_BUNDLED_NAME: &str = "tests/relevance/similar.json (bundled)";
/// The `kind` of a seed's query.
pub const SIMILAR_KIND: &str = "similar";

/// One seed passage and its judged similar passages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub id: String,
    /// The passage's id.
    pub seed: String,
    /// What it does, in words.
    pub intent: String,
    /// Passage id → grade (2 the same kind of thing, 1 related); absent means 0.
    pub judgments: BTreeMap<String, u8>,
}

/// The similar set's file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SimilarSet {
    pub about: String,
    pub grades: BTreeMap<String, String>,
    /// How the judgments were made.
    pub method: String,
    pub seeds: Vec<Seed>,
}

impl SimilarSet {
    /// Parses and checks the set against the passages, as [`Judgments`] whose queries are
    /// the seeds' ids: judged passages exist and belong to other organisations than the seed.
    pub fn parse(text: &str, source: &str, records: &[Record]) -> Result<Judgments> {
        let bad = bad_judgments(source);
        let set: SimilarSet = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let ministry = |id: &str| {
            records
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.ministry.as_str())
        };
        let mut seen = HashSet::new();
        let mut queries = Vec::with_capacity(set.seeds.len());
        for s in set.seeds {
            if !seen.insert(s.id.clone()) {
                return Err(bad(format!("seed id {} is used twice", s.id)));
            }
            let Some(own) = ministry(&s.seed) else {
                return Err(bad(format!(
                    "seed {} is {}, which is not a passage of the report",
                    s.id, s.seed
                )));
            };
            for (id, grade) in &s.judgments {
                match ministry(id) {
                    None => {
                        return Err(bad(format!(
                            "seed {} judges {id}, which is not a passage of the report",
                            s.id
                        )))
                    }
                    Some(m) if m == own => {
                        return Err(bad(format!(
                        "seed {} judges {id}, of its own organisation ({own}); judge only others'",
                        s.id
                    )))
                    }
                    Some(_) => {}
                }
                if !(1..=2).contains(grade) {
                    return Err(bad(format!(
                        "seed {} gives {id} grade {grade}; grades are 1 or 2 (0: leave it out)",
                        s.id
                    )));
                }
            }
            queries.push(JudgedQuery {
                id: s.id,
                query: s.seed,
                kind: SIMILAR_KIND.into(),
                ministries: Vec::new(),
                sections: Vec::new(),
                status: None,
                intent: s.intent,
                method: set.method.clone(),
                judgments: s.judgments,
            });
        }
        if queries.is_empty() {
            return Err(bad("no seeds".into()));
        }
        Ok(Judgments {
            about: set.about,
            grades: set.grades,
            queries,
        })
    }
}

/// `similar` with one of its methods: the first page for each seed.
pub struct Similar<'a> {
    pub engine: &'a Engine,
    pub method: Method,
}

impl System for Similar<'_> {
    fn name(&self) -> String {
        self.method.name()
    }

    fn rank(&mut self, q: &JudgedQuery) -> Result<Vec<String>> {
        let loose = LooseRequest {
            limit: CUTOFF,
            ..LooseRequest::query("")
        };
        let req =
            SimilarRequest::resolve(self.engine, &q.query, &loose, false)?.with_method(self.method);
        Ok(self
            .engine
            .similar(&req)?
            .hits
            .into_iter()
            .map(|h| h.record.id)
            .collect())
    }
}
