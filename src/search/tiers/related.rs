//! Passages like the best hits (more like these) that share a distinctive word of the query:
//! the most distinctive words of the first few hits by tf·idf, leaving out the query's own
//! words, generic words, hiragana-only words and words that are rare or very common, at
//! least two of which must match.
//!
//! Not tantivy's `MoreLikeThisQuery`: tried in its place (with these words as its stop
//! words), it scored about as well (nDCG@10 0.8953–0.8957 against 0.8946) but not the same
//! from one run to the next, since it picks among equally weighted words in hash-map order;
//! a result list must not change between two runs of the same query.

use std::collections::{HashMap, HashSet};

use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use super::{Context, Fill, Tier};
use crate::domain::chars::is_hiragana;
use crate::error::Result;
use crate::query::{is_generic, Plan};
use crate::search::hits::{Grams, Need, Words};

/// Related passages added at most.
const MAX_RELATED: usize = 10;
/// Best hits whose words find related passages.
const SEEDS: usize = 3;
/// Distinctive words taken from them.
const TERMS: usize = 20;

/// Passages like the best hits.
pub(in crate::search) struct Related;

impl Tier for Related {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()> {
        if !fill.wants_more() {
            return Ok(());
        }
        let mut seeds: Vec<DocAddress> = ctx.seeds.iter().take(SEEDS).copied().collect();
        seeds.extend(fill.rows.iter().map(|r| r.found.addr));
        seeds.truncate(SEEDS);
        // Like the best hits is not enough: a related passage shares a distinctive word of
        // the query (or a thesaurus relation of one). When every such passage is listed (a
        // word's passages all match), the seeds' words are not weighed.
        let Some(near_guard) = ctx.query_distinctive_at_least(fill)? else {
            return Ok(());
        };
        if !fill.finds_unlisted(near_guard, ctx.compiler.exclusions(ctx.plan))? {
            return Ok(());
        }
        let Some(guard) = ctx.query_distinctive(fill)? else {
            return Ok(());
        };
        let Some(like) = like_query(ctx, fill, &seeds)? else {
            return Ok(());
        };
        let mut clauses = vec![
            (Occur::Must, like),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(guard, 0.0)) as Box<dyn Query>,
            ),
        ];
        clauses.extend(fill.filters.iter().map(|f| (Occur::Must, f.box_clone())));
        clauses.extend(ctx.compiler.exclusions(ctx.plan));
        fill.add(Box::new(BooleanQuery::new(clauses)), MAX_RELATED)
    }
}

/// The words a plan asks for, as analyzed.
fn asked(plan: &Plan) -> HashSet<&str> {
    plan.groups
        .iter()
        .flat_map(|g| &g.units)
        .flat_map(|u| &u.forms)
        .flat_map(|f| &f.words)
        .map(String::as_str)
        .collect()
}

/// Whether a word of a seed can make a passage related: two or more characters, a letter or
/// digit that is not hiragana, not asked for, not generic.
fn useful(word: &str, asked: &HashSet<&str>) -> bool {
    word.chars().count() >= 2
        && word.chars().any(|c| c.is_alphanumeric() && !is_hiragana(c))
        && !asked.contains(word)
        && !is_generic(word)
}

/// A query for passages like `seeds`, or `None` when they have fewer than two useful words.
fn like_query(
    ctx: &mut Context,
    fill: &Fill,
    seeds: &[DocAddress],
) -> Result<Option<Box<dyn Query>>> {
    let text = ctx.compiler.fields.text;
    let searcher = fill.searcher;
    let n = searcher.num_docs() as f32;
    let asked = asked(ctx.plan);
    let mut weights: HashMap<String, f32> = HashMap::new();
    for &addr in seeds {
        let need = Need {
            words: Words::All,
            bigrams: Grams::Skip,
        };
        let (_, tokens) = ctx.passages.shown(searcher, addr, need, ctx.analyzer)?;
        let mut tf: HashMap<String, u32> = HashMap::new();
        for t in &tokens.text.words {
            if useful(&t.text, &asked) {
                *tf.entry(t.text.clone()).or_default() += 1;
            }
        }
        for (term, count) in tf {
            let df = fill.stats.doc_freq(&Term::from_field_text(text, &term))? as f32;
            if df < 2.0 || df > n / 5.0 {
                continue;
            }
            *weights.entry(term).or_default() += (1.0 + (count as f32).ln()) * (n / df).ln();
        }
    }
    let mut terms: Vec<(String, f32)> = weights.into_iter().collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(TERMS);
    if terms.len() < 2 {
        return Ok(None);
    }
    let top = terms[0].1;
    let clauses: Vec<Box<dyn Query>> = terms
        .iter()
        .map(|(t, w)| {
            let in_text: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(text, t),
                IndexRecordOption::WithFreqs,
            ));
            Box::new(BoostQuery::new(in_text, w / top)) as Box<dyn Query>
        })
        .collect();
    Ok(Some(Box::new(
        BooleanQuery::union_with_minimum_required_clauses(clauses, 2),
    )))
}
