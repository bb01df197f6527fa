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

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher};

use super::bounded::Budget;
use super::compile::Compiler;
use super::hits::Passages;
use super::matches::{self, Row};
use crate::error::Result;
use crate::query::{Corpus, Group, Plan, Thesaurus};

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

    /// [`Context::distinctive`] of the query's own plan, worked out once for every tier.
    pub fn query_distinctive(&self, fill: &Fill) -> Result<Option<Box<dyn Query>>> {
        let groups = match self.query_groups.get() {
            Some(groups) => groups,
            None => {
                let groups = self.distinctive_groups(self.plan, fill)?;
                self.query_groups.get_or_init(|| groups)
            }
        };
        Ok(self.any_of(self.plan, groups))
    }

    /// The required groups of `plan` found in at most [`DISTINCTIVE_SHARE`] of the passages a
    /// related search looks at.
    fn distinctive_groups(&self, plan: &Plan, fill: &Fill) -> Result<Vec<usize>> {
        let most = (fill.budget.passages() as f32 * DISTINCTIVE_SHARE) as usize;
        let mut groups = Vec::new();
        for (i, g) in plan.groups.iter().enumerate().filter(|(_, g)| g.required) {
            let any = fill.budget.within(self.compiler.group_any_form(g));
            if fill.searcher.search(any.as_ref(), &Count)? <= most {
                groups.push(i);
            }
        }
        Ok(groups)
    }

    fn any_of(&self, plan: &Plan, groups: &[usize]) -> Option<Box<dyn Query>> {
        let groups: Vec<&Group> = groups.iter().map(|&i| &plan.groups[i]).collect();
        (!groups.is_empty()).then(|| self.compiler.any_group(&groups))
    }
}

/// A fill tier: adds passages below those on the list while the page wants more.
pub(super) trait Tier {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()>;
}

/// The fill tiers, in order.
pub(super) const FILL_TIERS: [&dyn Tier; 3] = [&SomeWords, &Pieces, &Related];

/// The related rows being added, and the passages already listed.
pub(super) struct Fill<'a> {
    pub searcher: &'a Searcher,
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
        searcher: &'a Searcher,
        filters: &'a [Box<dyn Query>],
        room: usize,
        collapse: bool,
        seen: FxHashSet<u64>,
        listed: FxHashSet<DocAddress>,
    ) -> Fill<'a> {
        let budget = Budget::of(searcher);
        let listed_in_budget = listed.iter().filter(|a| budget.contains(**a)).count();
        Fill {
            searcher,
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
            .searcher
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
