//! Meaning fused into the ranking: the query's vector ranks the passages by their closest
//! sentence ([`crate::semantic`]); reciprocal rank fusion then reorders the match set (which
//! stays the match set: counts never change) and adds the nearest non-matching passages to
//! the related rows, labelled as found by meaning.
//!
//! Asked only for queries of two or more words (sentences, paraphrases) or with no match: a
//! one-word query is ranked well by its word, and never waits for the model.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Searcher, Term};

use super::bounded;
use super::matches::{self, Found, Row};
use super::tiers::Fill;
use super::MatchKind;
use crate::error::Result;
use crate::index::Fields;
use crate::query::Plan;
use crate::semantic::{self, Vectors};

/// Reciprocal rank fusion's constant (chosen on the judged set, `wlb-search eval`: 5, 10
/// and 20 tried; 5 lifts paraphrases most while no kind of query loses).
const K: f32 = 5.0;
/// The weight of a related row's rank by meaning against a rank by words (0.3–1 tried: at 1,
/// sentences that the words already answer lose a little; at 0.7 none does).
const WEIGHT: f32 = 0.7;
/// Passages by meaning considered (the nearest of all).
const NEAREST: usize = 30;

/// What meaning did for a search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum MeaningUse {
    /// Not asked for this query (one word, a browse, `--semantic off`, the report order).
    Unused,
    /// Fused into the ranking.
    Used,
    /// Asked, but off: why, and how to turn it on.
    Off(String),
}

/// Whether this search asks meaning: a query of two or more words, or one without a match.
pub(super) fn wanted(plan: &Plan, matches: usize) -> bool {
    !plan.groups.is_empty() && (plan.required() >= 2 || matches == 0)
}

/// Characters of a query that meaning reads: a question in words fits (the judged queries have
/// at most 27); the model's cost grows with the length (a 900-character query took 1.1 s to
/// embed whole), and words beyond these still count for the match set and the words' rank.
const MEANING_CHARS: usize = 40;

/// The part of `query` that is embedded.
fn embedded(query: &str) -> String {
    query.trim().chars().take(MEANING_CHARS).collect()
}

/// Query vectors kept, so that paging, facets and a page's repeated requests embed a query
/// once (about 30 ms of one core each).
const REMEMBERED: usize = 512;

/// Query vectors already computed, by query text.
#[derive(Default)]
pub(super) struct QueryVectors(Mutex<HashMap<String, Arc<Vec<f32>>>>);

impl QueryVectors {
    fn get(&self, query: &str) -> std::result::Result<Arc<Vec<f32>>, String> {
        let known = self.0.lock().ok().and_then(|m| m.get(query).cloned());
        if let Some(v) = known {
            return Ok(v);
        }
        let model = semantic::shared_model().map_err(|e| e.to_string())?;
        let vector = Arc::new(model.embed(query, true).map_err(|e| e.to_string())?);
        if let Ok(mut m) = self.0.lock() {
            if m.len() >= REMEMBERED {
                m.clear();
            }
            m.insert(query.to_string(), vector.clone());
        }
        Ok(vector)
    }
}

/// Where the passages with vectors are in the engine's index (which does not change), each
/// read off its id's postings the first time it is among the nearest.
#[derive(Default)]
pub(super) struct Addresses(Mutex<HashMap<String, Option<DocAddress>>>);

impl Addresses {
    fn of(
        &self,
        id: &str,
        searcher: &Searcher,
        fields: &Fields,
    ) -> std::result::Result<Option<DocAddress>, String> {
        if let Some(&known) = self.0.lock().ok().as_ref().and_then(|m| m.get(id)) {
            return Ok(known);
        }
        let term = Term::from_field_text(fields.id, id);
        let addr = bounded::first_with(searcher, &term).map_err(|e| e.to_string())?;
        if let Ok(mut m) = self.0.lock() {
            m.insert(id.to_string(), addr);
        }
        Ok(addr)
    }
}

/// The passages nearest to `query` by meaning, best first, as addresses in this index.
pub(super) fn nearest(
    vectors: &Vectors,
    (remembered, addresses): (&QueryVectors, &Addresses),
    query: &str,
    searcher: &Searcher,
    fields: &Fields,
) -> std::result::Result<Vec<DocAddress>, String> {
    let vector = remembered.get(&embedded(query))?;
    let mut out = Vec::new();
    for (id, _, _) in vectors.rank(&vector, NEAREST) {
        out.extend(addresses.of(id, searcher, fields)?);
    }
    Ok(out)
}

/// A rank's share of a fused score.
fn fused(rank: Option<usize>, weight: f32) -> f32 {
    rank.map_or(0.0, |r| weight / (K + r as f32 + 1.0))
}

/// Reorders the match set (best first by words) by the fusion of its rank by words and by
/// meaning.
pub(super) fn rerank(found: &mut [Found], near: &[DocAddress]) {
    if near.is_empty() {
        return;
    }
    let by_meaning: HashMap<DocAddress, usize> =
        near.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut scored: Vec<(f32, usize, Found)> = found
        .iter()
        .enumerate()
        .map(|(i, &f)| {
            let s = fused(Some(i), 1.0) + fused(by_meaning.get(&f.addr).copied(), 1.0);
            (s, i, f)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (slot, (_, _, f)) in found.iter_mut().zip(scored) {
        *slot = f;
    }
}

/// The related rows: those the words' tiers added to `fill` (in their order) fused with the
/// passages nearest by meaning that do not match and pass the filters; at most the fill's
/// room. A row only meaning found is [`MatchKind::Meaning`].
pub(super) fn related(
    fill: Fill,
    near: &[DocAddress],
    one_word: bool,
) -> Result<Vec<(Row, MatchKind)>> {
    let Fill {
        searcher,
        filters,
        room,
        collapse,
        mut seen,
        rows: by_words,
        listed,
        ..
    } = fill;
    let candidates: Vec<DocAddress> = near
        .iter()
        .copied()
        .filter(|a| !listed.contains(a) && !by_words.iter().any(|r| r.found.addr == *a))
        .collect();
    let allowed = within(searcher, filters, &candidates)?;
    let near_found = matches::keyed(
        searcher,
        candidates
            .iter()
            .filter(|a| allowed.contains(a))
            .map(|&a| (0.0, a))
            .collect(),
    )?;
    let near_rows = matches::rows(&near_found, collapse, &mut seen);
    let by_meaning: HashMap<DocAddress, usize> =
        near.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut scored: Vec<(f32, usize, Row, MatchKind)> = Vec::new();
    for (i, row) in by_words.into_iter().enumerate() {
        let m = by_meaning.get(&row.found.addr).copied();
        scored.push((
            fused(Some(i), 1.0) + fused(m, WEIGHT),
            i,
            row,
            MatchKind::Related,
        ));
    }
    // One word: the rows its words found (through the thesaurus too) come first; meaning
    // only fills what room is left.
    let after = if one_word { 1.0 } else { 0.0 };
    for row in near_rows {
        let m = by_meaning.get(&row.found.addr).copied();
        let s = fused(m, WEIGHT) - after;
        scored.push((s, usize::MAX, row, MatchKind::Meaning));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(scored
        .into_iter()
        .take(room)
        .map(|(_, _, row, kind)| (row, kind))
        .collect())
}

/// Which of `candidates` pass the filters.
fn within(
    searcher: &Searcher,
    filters: &[Box<dyn Query>],
    candidates: &[DocAddress],
) -> Result<HashSet<DocAddress>> {
    if filters.is_empty() {
        return Ok(candidates.iter().copied().collect());
    }
    let query = BooleanQuery::new(
        filters
            .iter()
            .map(|f| (Occur::Must, f.box_clone()))
            .collect(),
    );
    let wanted: HashSet<DocAddress> = candidates.iter().copied().collect();
    let all = searcher.search(&query, &matches::AllMatches)?;
    Ok(all
        .into_iter()
        .map(|f| f.addr)
        .filter(|a| wanted.contains(a))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meaning_reads_a_bounded_prefix_of_the_query() {
        let long = "テレワーク中の通話料の負担".repeat(70);
        assert_eq!(embedded(&long).chars().count(), MEANING_CHARS);
        assert_eq!(
            embedded("  幹部と職員の直接対話の場 "),
            "幹部と職員の直接対話の場"
        );
    }
}
