//! Relevance evaluation: graded judgments (`tests/relevance/judgments.json`), the metrics
//! (nDCG@10, Recall@10, MRR), and a side-by-side run of wlb-search and peer engines over the
//! same passages.
//!
//! Metrics, per query, over the first [`CUTOFF`] hits:
//! - nDCG@10: gain `2^grade − 1`, discount `log2(rank + 1)`, divided by the ideal ordering's.
//! - Recall@10: relevant passages (grade ≥ 1) in the first 10, divided by the number of
//!   relevant passages or 10, whichever is smaller, so a perfect first page scores 1.
//! - MRR: 1 / rank of the first relevant hit (0 if none in the first 10).
//!
//! Scores are means over queries. The peers are in [`groonga`].

pub mod groonga;
pub mod similar;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{Record, Status};
use crate::error::ErrorKind;
use crate::search::{Engine, LooseRequest};

/// Judgments that cannot be used, or a peer that cannot run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("relevance judgments {file}: {reason}")]
    BadJudgments { file: String, reason: String },
    #[error("{peer}: {detail}")]
    Peer { peer: String, detail: String },
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::BadJudgments { .. } => ErrorKind::Input,
            Error::Peer { .. } => ErrorKind::Internal,
        }
    }
}

type Result<T, E = crate::error::Error> = std::result::Result<T, E>;

/// Hits that count.
pub const CUTOFF: usize = 10;

/// The judgments bundled with the binary.
pub const BUNDLED: &str = include_str!("../../tests/relevance/judgments.json");
/// Their name in messages.
pub const BUNDLED_NAME: &str = "tests/relevance/judgments.json (bundled)";

/// One judged query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JudgedQuery {
    pub id: String,
    pub query: String,
    /// What the query tests: katakana, alphanumeric, kanji, inflected, sentence, width,
    /// synonym, filtered.
    pub kind: String,
    #[serde(default)]
    pub ministries: Vec<String>,
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub status: Option<Status>,
    /// What the user wants, in words.
    pub intent: String,
    /// How the relevant passages were found.
    pub method: String,
    /// Passage id → grade (2 highly relevant, 1 relevant); absent means 0.
    pub judgments: BTreeMap<String, u8>,
}

/// Makes the error for a judgment file `source` that is wrong for `reason`.
pub(crate) fn bad_judgments(source: &str) -> impl Fn(String) -> crate::error::Error + '_ {
    move |reason| {
        Error::BadJudgments {
            file: source.to_string(),
            reason,
        }
        .into()
    }
}

/// A judgment file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Judgments {
    pub about: String,
    pub grades: BTreeMap<String, String>,
    pub queries: Vec<JudgedQuery>,
}

impl Judgments {
    /// Parses and checks judgments against the passages they judge.
    pub fn parse(text: &str, source: &str, records: &[Record]) -> Result<Judgments> {
        let bad = bad_judgments(source);
        let j: Judgments = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if j.queries.is_empty() {
            return Err(bad("no queries".into()));
        }
        let ids: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let mut seen = std::collections::HashSet::new();
        for q in &j.queries {
            if !seen.insert(q.id.as_str()) {
                return Err(bad(format!("query id {} is used twice", q.id)));
            }
            if q.query.trim().is_empty() {
                return Err(bad(format!("query {} is empty", q.id)));
            }
            for (id, grade) in &q.judgments {
                if !ids.contains(id.as_str()) {
                    return Err(bad(format!(
                        "query {} judges {id}, which is not a passage of the report",
                        q.id
                    )));
                }
                if !(1..=2).contains(grade) {
                    return Err(bad(format!(
                        "query {} gives {id} grade {grade}; grades are 1 or 2 (0: leave it out)",
                        q.id
                    )));
                }
            }
        }
        Ok(j)
    }
}

/// A search engine under evaluation: ranked passage ids for a query.
pub trait System {
    fn name(&self) -> String;
    /// Runs ahead of time whatever can be batched (a peer answers all queries at once).
    fn prepare(&mut self, _queries: &[JudgedQuery]) -> Result<()> {
        Ok(())
    }
    /// The first [`CUTOFF`] passage ids, best first.
    fn rank(&mut self, q: &JudgedQuery) -> Result<Vec<String>>;
}

/// wlb-search itself: the first page as a user sees it, related passages included, one row
/// per passage (judgments grade passages; `collapse` folds an item's passages into one row,
/// so its other relevant passages count as missed).
pub struct WlbSearch<'a> {
    pub engine: &'a Engine,
    pub collapse: bool,
    /// Meaning fused into the ranking (when the index has vectors).
    pub semantic: bool,
}

impl System for WlbSearch<'_> {
    fn name(&self) -> String {
        match (self.collapse, self.semantic) {
            (false, true) => "wlb-search".into(),
            (true, true) => "wlb-search (collapsed)".into(),
            (false, false) => "wlb-search (words only)".into(),
            (true, false) => "wlb-search (collapsed, words only)".into(),
        }
    }

    fn rank(&mut self, q: &JudgedQuery) -> Result<Vec<String>> {
        // As a user sees the first page: collapsed by item, related passages below.
        let loose = LooseRequest {
            ministries: q.ministries.clone(),
            sections: q.sections.clone(),
            status: q.status,
            limit: CUTOFF,
            collapse: self.collapse,
            semantic: self.semantic,
            ..LooseRequest::query(q.query.clone())
        };
        let req = self.engine.resolve(&loose)?;
        Ok(self
            .engine
            .search(&req)?
            .hits
            .into_iter()
            .map(|h| h.record.id)
            .collect())
    }
}

/// One engine's scores on one query.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Scores {
    pub ndcg: f64,
    pub recall: f64,
    pub rr: f64,
    /// Hits returned (at most [`CUTOFF`]).
    pub hits: usize,
}

/// Scores `ranked` against graded `judgments`.
pub fn score(ranked: &[String], judgments: &BTreeMap<String, u8>) -> Scores {
    let top = &ranked[..ranked.len().min(CUTOFF)];
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = top
        .iter()
        .enumerate()
        .map(|(i, id)| gain(*judgments.get(id).unwrap_or(&0)) * discount(i))
        .sum();
    let mut ideal: Vec<u8> = judgments.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(CUTOFF)
        .enumerate()
        .map(|(i, g)| gain(*g) * discount(i))
        .sum();
    let relevant = judgments.len();
    let found = top.iter().filter(|id| judgments.contains_key(*id)).count();
    let first = top.iter().position(|id| judgments.contains_key(id));
    Scores {
        // `+ 0.0` turns the -0.0 of an empty float sum into 0.0.
        ndcg: if idcg > 0.0 { dcg / idcg + 0.0 } else { 0.0 },
        recall: if relevant > 0 {
            found as f64 / relevant.min(CUTOFF) as f64
        } else {
            0.0
        },
        rr: first.map_or(0.0, |p| 1.0 / (p + 1) as f64),
        hits: top.len(),
    }
}

/// One query's row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct QueryRow {
    pub id: String,
    pub kind: String,
    pub query: String,
    /// Filters, as a short label (empty when none).
    pub filters: String,
    pub relevant: usize,
    /// One per system, in the report's order.
    pub scores: Vec<Scores>,
}

/// One system's means.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub system: String,
    pub ndcg: f64,
    pub recall: f64,
    pub mrr: f64,
    /// Queries with relevant passages for which the system returned nothing.
    pub zero_hit_queries: Vec<String>,
}

/// The systems' means over the queries of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindSummary {
    pub kind: String,
    pub queries: usize,
    /// nDCG@10 per system, in the report's order.
    pub ndcg: Vec<f64>,
    /// Recall@10 per system, in the report's order.
    pub recall: Vec<f64>,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub judgments: String,
    pub summaries: Vec<Summary>,
    /// Per query kind, in the order the kinds first appear.
    pub by_kind: Vec<KindSummary>,
    pub queries: Vec<QueryRow>,
}

impl Report {
    /// The summary of the system named `name`.
    pub fn summary(&self, name: &str) -> Option<&Summary> {
        self.summaries.iter().find(|s| s.system == name)
    }
}

fn filters_label(q: &JudgedQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(q.ministries.iter().map(|m| format!("ministry={m}")));
    parts.extend(q.sections.iter().map(|s| format!("section={s}")));
    if let Some(s) = q.status {
        parts.push(format!("status={}", s.as_str()));
    }
    parts.join(" ")
}

/// Runs every query on every system and scores them.
pub fn evaluate(
    judgments: &Judgments,
    source: &str,
    systems: &mut [&mut dyn System],
) -> Result<Report> {
    for s in systems.iter_mut() {
        s.prepare(&judgments.queries)?;
    }
    let mut rows = Vec::with_capacity(judgments.queries.len());
    for q in &judgments.queries {
        let mut scores = Vec::with_capacity(systems.len());
        for s in systems.iter_mut() {
            let ranked = s.rank(q)?;
            scores.push(score(&ranked, &q.judgments));
        }
        rows.push(QueryRow {
            id: q.id.clone(),
            kind: q.kind.clone(),
            query: q.query.clone(),
            filters: filters_label(q),
            relevant: q.judgments.len(),
            scores,
        });
    }
    let n = rows.len().max(1) as f64;
    let summaries = systems
        .iter()
        .enumerate()
        .map(|(i, s)| Summary {
            system: s.name(),
            ndcg: rows.iter().map(|r| r.scores[i].ndcg).sum::<f64>() / n,
            recall: rows.iter().map(|r| r.scores[i].recall).sum::<f64>() / n,
            mrr: rows.iter().map(|r| r.scores[i].rr).sum::<f64>() / n,
            zero_hit_queries: rows
                .iter()
                .filter(|r| r.relevant > 0 && r.scores[i].hits == 0)
                .map(|r| r.id.clone())
                .collect(),
        })
        .collect();
    Ok(Report {
        judgments: source.to_string(),
        summaries,
        by_kind: by_kind(&rows, systems.len()),
        queries: rows,
    })
}

/// The means per query kind.
fn by_kind(rows: &[QueryRow], systems: usize) -> Vec<KindSummary> {
    let mut kinds: Vec<&str> = Vec::new();
    for r in rows {
        if !kinds.contains(&r.kind.as_str()) {
            kinds.push(&r.kind);
        }
    }
    kinds
        .into_iter()
        .map(|kind| {
            let of: Vec<&QueryRow> = rows.iter().filter(|r| r.kind == kind).collect();
            let n = of.len().max(1) as f64;
            let mean = |f: &dyn Fn(&Scores) -> f64| {
                (0..systems)
                    .map(|i| of.iter().map(|r| f(&r.scores[i])).sum::<f64>() / n)
                    .collect()
            };
            KindSummary {
                kind: kind.to_string(),
                queries: of.len(),
                ndcg: mean(&|s| s.ndcg),
                recall: mean(&|s| s.recall),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn perfect_and_empty_rankings() {
        let j = judged(&[("a", 2), ("b", 1)]);
        let s = score(&ids(&["a", "b", "x"]), &j);
        assert!((s.ndcg - 1.0).abs() < 1e-9 && s.recall == 1.0 && s.rr == 1.0);
        let s = score(&[], &j);
        assert_eq!((s.ndcg, s.recall, s.rr, s.hits), (0.0, 0.0, 0.0, 0));
    }

    #[test]
    fn order_and_misses_cost() {
        let j = judged(&[("a", 2), ("b", 1)]);
        let swapped = score(&ids(&["b", "a"]), &j);
        assert!(swapped.ndcg < 1.0 && swapped.ndcg > 0.5, "{swapped:?}");
        let late = score(&ids(&["x", "y", "a"]), &j);
        assert!((late.rr - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(late.recall, 0.5);
    }

    #[test]
    fn recall_is_capped_at_the_cutoff() {
        let many: Vec<(String, u8)> = (0..15).map(|i| (format!("p{i}"), 1)).collect();
        let j: BTreeMap<String, u8> = many.into_iter().collect();
        let top: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
        assert_eq!(score(&top, &j).recall, 1.0);
    }
}
