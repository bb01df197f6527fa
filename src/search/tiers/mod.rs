//! Related passages, after the match set: when the matches do not fill a page, the fill tiers
//! add passages below them that share a distinctive word of the query (or a thesaurus
//! relation of one) in their text, title or cited guideline section without matching it, each tier only while the page wants more and never
//! a passage already listed, each in a file of its own behind [`Tier`]: passages with all or
//! some of the words by any form, near-synonyms too ([`SomeWords`]); with some of the pieces
//! of a compound ([`Pieces`]); like the best hits ([`Related`]). They are never counted.

mod pieces;
mod related;
mod some_words;

use rustc_hash::FxHashSet;
use std::cell::OnceCell;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher};

use super::bounded::Budget;
use super::compile::Compiler;
use super::hits::Passages;
use super::matches::{self, Row};
use super::stats::Stats;
use crate::error::Result;
use crate::query::{self, Corpus, Group, Plan, Thesaurus};

pub(super) use pieces::Pieces;
pub(super) use related::Related;
pub(super) use some_words::SomeWords;

/// Related rows listed at most, whatever the page size.
pub(super) const MAX_ROWS: usize = 20;

/// A word found in more than this share of the passages is not distinctive (職員, 推進).
const DISTINCTIVE_SHARE: f32 = 0.5;

/// What the fill tiers work from.
pub(super) struct Context<'a> {
    pub compiler: Compiler,
    pub plan: &'a Plan,
    pub thesaurus: &'a Thesaurus,
    pub corpus: &'a dyn Corpus,
    pub passages: &'a Passages<'a>,
    pub analyzer: &'a mut TextAnalyzer,
    /// Passages in the match set.
    pub total: usize,
    /// The best passages listed so far, whose words find related ones.
    pub seeds: Vec<DocAddress>,
    /// Set by [`Pieces`]: the plan with its compounds cut, whose pieces are highlighted too.
    pub cut: Option<Plan>,
    /// The plan with its compounds cut, worked out by [`fill`] for [`Pieces`].
    pub pieces: Option<Plan>,
    /// The query's distinctive groups, once worked out.
    pub query_groups: OnceCell<Vec<usize>>,
}

impl Context<'_> {
    /// Matches a passage with any of `plan`'s distinctive required words (by any form);
    /// `None` when it has none.
    pub fn distinctive(&self, plan: &Plan, fill: &Fill) -> Result<Option<Box<dyn Query>>> {
        let groups = self.distinctive_groups(plan, fill)?;
        Ok(self.any_of(plan, &groups))
    }

    /// [`Context::distinctive`] of the query's own plan.
    pub fn query_distinctive(&self, fill: &Fill) -> Result<Option<Box<dyn Query>>> {
        Ok(self.any_of(self.plan, self.query_groups(fill)?))
    }

    /// The query's distinctive groups, worked out once for every tier.
    fn query_groups(&self, fill: &Fill) -> Result<&[usize]> {
        if let Some(groups) = self.query_groups.get() {
            return Ok(groups);
        }
        let groups = self.distinctive_groups(self.plan, fill)?;
        Ok(self.query_groups.get_or_init(|| groups))
    }

    /// The required groups of `plan` found in at most [`DISTINCTIVE_SHARE`] of the passages a
    /// related search looks at.
    fn distinctive_groups(&self, plan: &Plan, fill: &Fill) -> Result<Vec<usize>> {
        let most = (fill.budget.passages() as f32 * DISTINCTIVE_SHARE) as usize;
        let mut groups = Vec::new();
        for (i, g) in plan.groups.iter().enumerate().filter(|(_, g)| g.required) {
            let bound = self
                .compiler
                .group_any_form_bound(g, |t| fill.stats.doc_freq(t))?;
            if bound <= most as u64 || {
                let any = fill.budget.within(self.compiler.group_any_form(g));
                fill.searcher.search(any.as_ref(), &Count)? <= most
            } {
                groups.push(i);
            }
        }
        Ok(groups)
    }

    /// Matches every passage [`Context::query_distinctive`] matches, and perhaps more, at a
    /// fraction of its cost; `None` when that matches nothing.
    pub fn query_distinctive_at_least(&self, fill: &Fill) -> Result<Option<Box<dyn Query>>> {
        let groups = self.query_groups(fill)?;
        if groups.is_empty() {
            return Ok(None);
        }
        let groups: Vec<&Group> = groups.iter().map(|&i| &self.plan.groups[i]).collect();
        Ok(Some(
            self.compiler
                .any_group_at_least(&groups, |t| fill.stats.doc_freq(t))?,
        ))
    }

    fn any_of(&self, plan: &Plan, groups: &[usize]) -> Option<Box<dyn Query>> {
        let groups: Vec<&Group> = groups.iter().map(|&i| &plan.groups[i]).collect();
        (!groups.is_empty()).then(|| self.compiler.any_group(&groups))
    }
}

/// Adds related rows to `fill`, tier by tier. Each tier's passages have a required word of
/// the query or of its compounds' pieces, by some form, somewhere: when every such passage is
/// listed already (a filter's few passages, a word whose passages all match), no tier searches.
/// That costs a search, so it is looked at first only where it is likely: beside a filter, or
/// for one or two words and no compound (a compound's pieces, or one of three words, are in
/// many passages that do not match).
pub(super) fn fill(ctx: &mut Context, fill: &mut Fill) -> Result<()> {
    let pieces = query::pieces(ctx.plan, ctx.analyzer, ctx.thesaurus, ctx.corpus)?;
    let groups: Vec<&Group> = (ctx.plan.groups.iter())
        .chain(pieces.iter().flat_map(|p| &p.groups))
        .filter(|g| g.required)
        .collect();
    let likely = !fill.filters.is_empty() || (pieces.is_none() && ctx.plan.required() <= 2);
    let nothing = groups.is_empty()
        || (likely
            && !fill.finds_unlisted(
                ctx.compiler
                    .any_group_at_least(&groups, |t| fill.stats.doc_freq(t))?,
                ctx.compiler.exclusions(ctx.plan),
            )?);
    if nothing {
        // What Pieces would keep, finding nothing: the pieces are highlighted all the same.
        ctx.cut = pieces;
        return Ok(());
    }
    ctx.pieces = pieces;
    for tier in FILL_TIERS {
        tier.add(ctx, fill)?;
    }
    Ok(())
}

/// A fill tier: adds passages below those on the list while the page wants more.
pub(super) trait Tier {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()>;
}

/// The fill tiers, in order.
const FILL_TIERS: [&dyn Tier; 3] = [&SomeWords, &Pieces, &Related];

/// The related rows being added, and the passages already listed.
pub(super) struct Fill<'a> {
    pub searcher: &'a Searcher,
    /// The request's statistics, which score the tiers' searches.
    pub stats: &'a Stats<'a>,
    pub filters: &'a [Box<dyn Query>],
    /// Rows wanted.
    pub room: usize,
    pub collapse: bool,
    /// Items with a row already (when collapsing).
    pub seen: FxHashSet<u64>,
    pub rows: Vec<Row>,
    /// Passages listed (the match set, then the rows added). They are left out of what a
    /// tier finds after the search, not with a `MustNot` of the queries that found them:
    /// tantivy's exclusion of an intersection with phrases seeks backwards.
    pub listed: FxHashSet<DocAddress>,
    /// How many of them a tier's search looks at (counted once, then kept up).
    listed_in_budget: usize,
    /// The passages a tier's search looks at.
    pub budget: Budget,
}

impl<'a> Fill<'a> {
    /// Room for `room` rows below the match set, whose passages are `listed` and whose items
    /// are `seen`.
    pub fn new(
        stats: &'a Stats<'a>,
        filters: &'a [Box<dyn Query>],
        room: usize,
        collapse: bool,
        seen: FxHashSet<u64>,
        listed: FxHashSet<DocAddress>,
    ) -> Fill<'a> {
        let searcher = stats.searcher;
        let budget = Budget::of(searcher);
        let listed_in_budget = listed.iter().filter(|a| budget.contains(**a)).count();
        Fill {
            searcher,
            stats,
            filters,
            room,
            collapse,
            seen,
            rows: Vec::new(),
            listed,
            listed_in_budget,
            budget,
        }
    }

    pub fn wants_more(&self) -> bool {
        self.rows.len() < self.room
    }

    /// Adds passages with at least `from`, then `from - 1`, … down to `to` of `plan`'s
    /// required words, that also match `guard`, while the page wants more.
    fn levels(
        &mut self,
        compiler: &Compiler,
        plan: &Plan,
        (from, to): (usize, usize),
        guard: Option<&dyn Query>,
    ) -> Result<()> {
        let mut level = from;
        while self.wants_more() && level >= to.max(1) {
            let guard = guard.map(|g| g.box_clone());
            let partial = compiler.partial_query(plan, level, guard, self.filters);
            self.add(Box::new(partial), usize::MAX)?;
            level -= 1;
        }
        Ok(())
    }

    /// Whether `query` matches a passage that is not listed yet, within the filters, less
    /// `exclusions` (among those a related search looks at).
    fn finds_unlisted(
        &self,
        query: Box<dyn Query>,
        exclusions: Vec<(Occur, Box<dyn Query>)>,
    ) -> Result<bool> {
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(self.filters.iter().map(|f| (Occur::Must, f.box_clone())));
        clauses.extend(exclusions);
        let query = self.budget.within(Box::new(BooleanQuery::new(clauses)));
        let found = self.searcher.search(query.as_ref(), &DocSetCollector)?;
        Ok(found.iter().any(|addr| !self.listed.contains(addr)))
    }

    /// Adds at most `max` rows of the best passages `query` matches that are not listed yet
    /// (among those a related search looks at: [`Budget`]).
    fn add(&mut self, query: Box<dyn Query>, max: usize) -> Result<()> {
        let room = self.room.saturating_sub(self.rows.len()).min(max);
        if room == 0 {
            return Ok(());
        }
        let query = self.budget.within(query);
        // Collapsing folds passages of one item into a row, and listed passages are left out:
        // ask for more than the rows.
        let want = room
            .saturating_mul(4)
            .saturating_add(8)
            .saturating_add(self.listed_in_budget)
            .min(self.searcher.num_docs() as usize)
            .max(1);
        let top = self
            .stats
            .search(query.as_ref(), &TopDocs::with_limit(want).order_by_score())?;
        let top: Vec<_> = top
            .into_iter()
            .filter(|(_, addr)| !self.listed.contains(addr))
            .collect();
        let found = matches::keyed(self.searcher, top)?;
        // Found within the budget, and not listed before.
        self.listed_in_budget += found.len();
        self.listed.extend(found.iter().map(|f| f.addr));
        let rows = matches::rows(&found, self.collapse, &mut self.seen);
        self.rows.extend(rows.into_iter().take(room));
        Ok(())
    }
}
