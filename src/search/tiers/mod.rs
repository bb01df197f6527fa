//! The tiers of a result list. The strict tier gives the match set: passages with every
//! required word, or, when none has them all, with fewer and fewer of them ([`matching`]).
//! When those do not fill the page, the fill tiers add more below them, each only while the
//! page wants more and never a passage already shown, each in a file of its own behind
//! [`Tier`]: passages with some of the words ([`SomeWords`]), with some of the pieces of a
//! compound ([`Pieces`]), then passages like the best hits ([`Related`]).

mod pieces;
mod related;
mod some_words;

use tantivy::collector::{Collector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher};

use super::compile::Compiler;
use super::hits::Passages;
use super::MatchKind;
use crate::error::Result;
use crate::query::{Plan, Thesaurus};

pub(super) use pieces::Pieces;
pub(super) use related::Related;
pub(super) use some_words::SomeWords;

/// One passage on the list, best first.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranked {
    pub score: f32,
    pub addr: DocAddress,
    pub kind: MatchKind,
}

/// The strict tier: the plan's query with every required group, then, while nothing
/// matches, with one fewer, down to one. Returns what `collector` collected, how many
/// required groups the matches have, and the query that found them.
pub(super) fn matching<C: Collector>(
    searcher: &Searcher,
    compiler: &Compiler,
    plan: &Plan,
    filters: &[Box<dyn Query>],
    collector: impl Fn() -> C,
    found_any: impl Fn(&C::Fruit) -> bool,
) -> Result<(C::Fruit, usize, BooleanQuery)> {
    let mut at_least = plan.required();
    loop {
        let query = compiler.plan_query(plan, at_least, filters);
        let fruit = searcher.search(&query, &collector())?;
        if found_any(&fruit) || at_least <= 1 {
            return Ok((fruit, at_least, query));
        }
        at_least -= 1;
    }
}

/// What the fill tiers work from.
pub(super) struct Context<'a> {
    pub compiler: Compiler,
    pub plan: &'a Plan,
    pub thesaurus: &'a Thesaurus,
    pub passages: &'a Passages<'a>,
    pub analyzer: &'a mut TextAnalyzer,
    /// Required groups the matches have (all of them unless the query was relaxed).
    pub at_least: usize,
    /// Set by [`Pieces`]: the plan with its compounds cut, whose pieces are highlighted too.
    pub cut: Option<Plan>,
}

/// A fill tier: adds passages below those on the list while the page wants more.
pub(super) trait Tier {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()>;
}

/// The fill tiers, in order.
pub(super) const FILL_TIERS: [&dyn Tier; 3] = [&SomeWords, &Pieces, &Related];

/// The list being filled, and the queries whose passages are on it.
pub(super) struct Fill<'a> {
    searcher: &'a Searcher,
    filters: &'a [Box<dyn Query>],
    /// Passages the page needs (offset + limit).
    need: usize,
    pub ranked: Vec<Ranked>,
    shown: Vec<Box<dyn Query>>,
}

impl<'a> Fill<'a> {
    /// A list that holds the strict tier's `top` passages, found by `query`.
    pub fn new(
        searcher: &'a Searcher,
        filters: &'a [Box<dyn Query>],
        need: usize,
        query: BooleanQuery,
        top: Vec<(f32, DocAddress)>,
    ) -> Fill<'a> {
        Fill {
            searcher,
            filters,
            need,
            ranked: top
                .into_iter()
                .map(|(score, addr)| Ranked {
                    score,
                    addr,
                    kind: MatchKind::All,
                })
                .collect(),
            shown: vec![Box::new(query)],
        }
    }

    pub fn wants_more(&self) -> bool {
        self.ranked.len() < self.need
    }

    /// Adds passages with at least `from`, then `from - 1`, … down to `to` of `plan`'s
    /// required groups, while the page wants more.
    fn levels(&mut self, compiler: &Compiler, plan: &Plan, from: usize, to: usize) -> Result<()> {
        let mut level = from;
        while self.wants_more() && level >= to.max(1) {
            let partial = compiler.plan_query(plan, level, self.filters);
            self.add(Box::new(partial), MatchKind::Some, usize::MAX)?;
            level -= 1;
        }
        Ok(())
    }

    /// Adds at most `max` of the best passages `query` matches that are not on the list yet.
    fn add(&mut self, query: Box<dyn Query>, kind: MatchKind, max: usize) -> Result<()> {
        let room = self.need.saturating_sub(self.ranked.len()).min(max);
        if room == 0 {
            return Ok(());
        }
        let mut clauses = vec![(Occur::Must, query.box_clone())];
        clauses.extend(self.shown.iter().map(|q| (Occur::MustNot, q.box_clone())));
        let more = self.searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(room).order_by_score(),
        )?;
        self.ranked.extend(
            more.into_iter()
                .map(|(score, addr)| Ranked { score, addr, kind }),
        );
        self.shown.push(query);
        Ok(())
    }
}
