//! A plan and filters → tantivy queries, built from analyzed terms (never by tantivy's
//! `QueryParser`): one token becomes a term query, several a phrase query, so `1on1` only
//! matches `1 on 1` in sequence. Each form is searched as words and as character bigrams, in
//! the text and (boosted) in the item title; the guideline references only lift.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::Term;

use super::bigram_phrase::BigramPhrase;
use super::explain::{By, Where};
use super::live_union::LiveUnion;
use super::request::Filters;
use crate::domain::SectionPath;
use crate::index::{ministry_facet, section_facet, Fields};
use crate::query::{Form, Group, Plan, Unit};

/// How much a match in the item title counts against one in the text.
const ITEM_BOOST: f32 = 2.0;
/// How much a match of a word's character bigrams counts against a match of the word itself.
const BIGRAM_WEIGHT: f32 = 0.3;
/// How much a match in the guideline references (the B cell) counts against one in the text.
const REFS_WEIGHT: f32 = 0.3;
/// Words between the words of a split run that still count as "in sequence".
const ADJACENT_SLOP: u32 = 3;
/// How much having them in sequence lifts a passage.
const ADJACENT_BOOST: f32 = 1.0;

/// One scored part of a form: where, how, and its query.
pub(super) struct Part {
    pub place: Where,
    pub by: By,
    pub query: Box<dyn Query>,
}

/// Builds queries over the index's fields.
#[derive(Clone, Copy)]
pub(super) struct Compiler {
    pub fields: Fields,
}

fn phrase_query(field: Field, phrase: &[String]) -> Box<dyn Query> {
    if phrase.len() == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, &phrase[0]),
            IndexRecordOption::WithFreqsAndPositions,
        ));
    }
    let terms = phrase
        .iter()
        .enumerate()
        .map(|(i, t)| (i, Term::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset(terms))
}

/// A word's bigrams in sequence (one bigram: a term).
fn bigram_query(field: Field, bigrams: &[String]) -> Box<dyn Query> {
    if bigrams.len() == 1 {
        return phrase_query(field, bigrams);
    }
    Box::new(BigramPhrase::new(field, bigrams))
}

/// The terms of `query`, in its order.
pub(super) fn terms(query: &dyn Query) -> Vec<Term> {
    let mut out = Vec::new();
    query.query_terms(&mut |t, _| out.push(t.clone()));
    out
}

fn boost(q: Box<dyn Query>, b: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, b))
}

impl Compiler {
    /// The scored parts of one form: its words and its bigrams, in the text and the title,
    /// and its words in the guideline references.
    pub fn form_parts(&self, form: &Form) -> Vec<Part> {
        let f = self.fields;
        let w = form.weight();
        // A thesaurus word in a title is no stronger than in the text: titles such as
        // 業務効率化・デジタル化 would otherwise outrank passages about the word typed.
        let item_boost = if form.relation.is_some() {
            1.0
        } else {
            ITEM_BOOST
        };
        let part = |place, by, query| Part { place, by, query };
        let mut parts = vec![
            part(
                Where::Text,
                By::Words,
                boost(phrase_query(f.text, &form.words), w),
            ),
            part(
                Where::Item,
                By::Words,
                boost(phrase_query(f.item, &form.words), w * item_boost),
            ),
            part(
                Where::Section,
                By::Words,
                boost(phrase_query(f.refs, &form.words), w * REFS_WEIGHT),
            ),
        ];
        if !form.bigrams.is_empty() {
            // A phrase scores the sum of its terms' weights: scale the bigrams to the words.
            let b = w * BIGRAM_WEIGHT * form.words.len() as f32 / form.bigrams.len() as f32;
            parts.push(part(
                Where::Text,
                By::Bigrams,
                boost(bigram_query(f.text_bigram, &form.bigrams), b),
            ));
            parts.push(part(
                Where::Item,
                By::Bigrams,
                boost(bigram_query(f.item_bigram, &form.bigrams), b * item_boost),
            ));
        }
        parts
    }

    /// The parts of `unit`'s forms that `keep` keeps, in the places `places` keeps, as one
    /// query (any of them).
    fn unit_parts(
        &self,
        unit: &Unit,
        keep: impl Fn(&Form) -> bool,
        places: impl Fn(Where) -> bool,
    ) -> Option<Box<dyn Query>> {
        self.unit_parts_within(unit, keep, places, &[])
    }

    /// [`Compiler::unit_parts`], each part within `filters`.
    fn unit_parts_within(
        &self,
        unit: &Unit,
        keep: impl Fn(&Form) -> bool,
        places: impl Fn(Where) -> bool,
        filters: &[Box<dyn Query>],
    ) -> Option<Box<dyn Query>> {
        let mut union = LiveUnion::new();
        let parts = unit
            .forms
            .iter()
            .filter(|f| keep(f))
            .flat_map(|f| self.form_parts(f))
            .filter(|p| places(p.place));
        for p in parts {
            union.push(p.query, |q| within(q, filters));
        }
        (!union.is_empty()).then(|| Box::new(union) as Box<dyn Query>)
    }

    /// Matches `unit` by any of its forms, near-synonyms too, in the text or the title.
    pub fn unit_query(&self, unit: &Unit) -> Box<dyn Query> {
        self.unit_parts(unit, |_| true, |w| w != Where::Section)
            .unwrap_or_else(|| Box::new(BooleanQuery::union(Vec::new())))
    }

    /// Matches `unit` as the match set counts it, by the forms `keep` keeps of the form typed
    /// and its exact equivalents, in the text or the title; each part within `filters`.
    ///
    /// The filters go inside the union, on each part, and not only beside it: a union does
    /// not tell a filter's "is this passage in?" from "find the next one", so each of its
    /// phrases would check its words' positions in every passage it has up to the next
    /// filtered one (a ministry's passages are spread over the whole index). Inside, each
    /// phrase is an intersection led by the filter and checks positions in filtered passages
    /// only. A filter scores nothing, so the scores are the same.
    fn unit_match(
        &self,
        unit: &Unit,
        keep: impl Fn(&Form) -> bool,
        filters: &[Box<dyn Query>],
    ) -> Box<dyn Query> {
        self.unit_parts_within(unit, keep, |w| w != Where::Section, filters)
            .unwrap_or_else(|| Box::new(BooleanQuery::union(Vec::new())))
    }

    fn group_query(&self, group: &Group, unit: impl Fn(&Unit) -> Box<dyn Query>) -> Box<dyn Query> {
        if group.units.len() == 1 {
            return unit(&group.units[0]);
        }
        Box::new(BooleanQuery::union(group.units.iter().map(unit).collect()))
    }

    /// What lifts a passage without making it match: optional words, near-synonyms, the
    /// guideline references, the words of a run in sequence.
    fn lifts(&self, plan: &Plan) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for g in plan.groups.iter().filter(|g| !g.required) {
            clauses.push((Occur::Should, self.group_query(g, |u| self.unit_query(u))));
        }
        let units = || plan.groups.iter().flat_map(|g| &g.units);
        let near = |f: &Form| !f.counts();
        clauses.extend(
            units()
                .filter_map(|u| self.unit_parts(u, near, |w| w != Where::Section))
                .map(|q| (Occur::Should, q)),
        );
        clauses.extend(
            units()
                .filter_map(|u| self.unit_parts(u, |_| true, |w| w == Where::Section))
                .map(|q| (Occur::Should, q)),
        );
        for words in &plan.adjacent {
            let terms = words
                .iter()
                .enumerate()
                .map(|(i, t)| (i, Term::from_field_text(self.fields.text, t)))
                .collect();
            let mut phrase = PhraseQuery::new_with_offset(terms);
            phrase.set_slop(ADJACENT_SLOP);
            clauses.push((Occur::Should, boost(Box::new(phrase), ADJACENT_BOOST)));
        }
        clauses
    }

    /// The match set: passages with every required word (as typed or an exact equivalent),
    /// none excluded, within `filters`; ranked by all that lifts them too. A plan without
    /// words (browsing) matches every passage within the filters.
    pub fn match_query(&self, plan: &Plan, filters: &[Box<dyn Query>]) -> BooleanQuery {
        let unit = |u: &Unit| self.unit_match(u, Form::counts, filters);
        self.match_set(plan, filters, unit, self.lifts(plan))
    }

    /// The match set of [`Compiler::match_query`] for counting only (no scores): without
    /// what only ranks, and without a form whose passages another form of its word finds
    /// anyway (`1on1ミーティング` beside `1on1`: every passage with the first has the second),
    /// so fewer phrases check positions for the same passages.
    pub fn count_query(&self, plan: &Plan, filters: &[Box<dyn Query>]) -> BooleanQuery {
        let unit = |u: &Unit| {
            let essential = essential_forms(u);
            self.unit_match(u, |f| essential.contains(&f), filters)
        };
        self.match_set(plan, filters, unit, Vec::new())
    }

    /// Every required group of `plan` (each of its units matched by `unit`), then `lifts`,
    /// the exclusions and the filters.
    fn match_set(
        &self,
        plan: &Plan,
        filters: &[Box<dyn Query>],
        unit: impl Fn(&Unit) -> Box<dyn Query>,
        lifts: Vec<(Occur, Box<dyn Query>)>,
    ) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = plan
            .groups
            .iter()
            .filter(|g| g.required)
            .map(|g| (Occur::Must, self.group_query(g, &unit)))
            .collect();
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(lifts);
        clauses.extend(self.exclusions(plan));
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        BooleanQuery::new(clauses)
    }

    /// Passages with at least `at_least` of the plan's required words by any form
    /// (near-synonyms too) and, when given, matching `guard`; none excluded, within `filters`.
    pub fn partial_query(
        &self,
        plan: &Plan,
        at_least: usize,
        guard: Option<Box<dyn Query>>,
        filters: &[Box<dyn Query>],
    ) -> BooleanQuery {
        let required: Vec<Box<dyn Query>> = plan
            .groups
            .iter()
            .filter(|g| g.required)
            .map(|g| self.group_query(g, |u| self.unit_query(u)))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if at_least >= required.len() {
            clauses.extend(required.into_iter().map(|q| (Occur::Must, q)));
        } else if at_least <= 1 {
            // Any of them: a plain union. (tantivy's minimum-should-match scorer with a
            // minimum of 1 under a required clause seeks backwards: its debug assertion fires.)
            clauses.push((Occur::Must, Box::new(BooleanQuery::union(required))));
        } else {
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    required, at_least,
                )),
            ));
        }
        // The guard selects; it does not score.
        clauses.extend(guard.map(|g| {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(g, 0.0)) as Box<dyn Query>,
            )
        }));
        clauses.extend(self.lifts(plan));
        clauses.extend(self.exclusions(plan));
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        BooleanQuery::new(clauses)
    }

    /// Matches any of `groups` by any form, in the text, the title or the guideline
    /// references the organisation wrote beside the passage (its B cell).
    pub fn any_group(&self, groups: &[&Group]) -> Box<dyn Query> {
        let unit = |u: &Unit| {
            self.unit_parts(u, |_| true, |_| true)
                .unwrap_or_else(|| Box::new(BooleanQuery::union(Vec::new())))
        };
        Box::new(BooleanQuery::union(
            groups.iter().map(|g| self.group_query(g, unit)).collect(),
        ))
    }

    /// Matches `group` by any form (for counting its passages).
    pub fn group_any_form(&self, group: &Group) -> Box<dyn Query> {
        self.group_query(group, |u| self.unit_query(u))
    }

    /// The rarest term of each part of `groups`' forms (a word, a phrase of words or of
    /// bigrams) in the places `places` keeps, with the number of passages it is in: a part is
    /// only in passages with every one of its terms. `None` for a part without terms.
    fn rarest_terms(
        &self,
        groups: &[&Group],
        places: impl Fn(Where) -> bool,
        doc_freq: impl Fn(&Term) -> tantivy::Result<u64>,
    ) -> tantivy::Result<Vec<Option<(Term, u64)>>> {
        let parts = groups
            .iter()
            .flat_map(|g| &g.units)
            .flat_map(|u| &u.forms)
            .flat_map(|f| self.form_parts(f))
            .filter(|p| places(p.place));
        let mut out = Vec::new();
        for part in parts {
            let mut rarest: Option<(Term, u64)> = None;
            for t in terms(part.query.as_ref()) {
                let n = doc_freq(&t)?;
                if rarest.as_ref().is_none_or(|(_, m)| n < *m) {
                    rarest = Some((t, n));
                }
            }
            out.push(rarest);
        }
        Ok(out)
    }

    /// At most how many passages [`Compiler::group_any_form`] matches: the sum over its parts
    /// of their rarest terms' passages. Counting is needed only above this.
    pub fn group_any_form_bound(
        &self,
        group: &Group,
        doc_freq: impl Fn(&Term) -> tantivy::Result<u64>,
    ) -> tantivy::Result<u64> {
        let rarest = self.rarest_terms(&[group], |w| w != Where::Section, doc_freq)?;
        Ok(rarest.iter().fold(0u64, |sum, r| {
            sum.saturating_add(r.as_ref().map_or(u64::MAX, |(_, n)| *n))
        }))
    }

    /// Matches every passage [`Compiler::any_group`] matches, and perhaps more: a passage with
    /// the rarest term of one of its parts, positions unread (to rule passages out cheaply).
    pub fn any_group_at_least(
        &self,
        groups: &[&Group],
        doc_freq: impl Fn(&Term) -> tantivy::Result<u64>,
    ) -> tantivy::Result<Box<dyn Query>> {
        let Some(mut rarest) = self
            .rarest_terms(groups, |_| true, doc_freq)?
            .into_iter()
            .map(|r| r.map(|(t, _)| t))
            .collect::<Option<Vec<Term>>>()
        else {
            return Ok(self.any_group(groups));
        };
        rarest.sort();
        rarest.dedup();
        Ok(Box::new(BooleanQuery::union(
            rarest
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
                .collect(),
        )))
    }

    /// The plan's exclusions, as `MustNot` clauses.
    pub fn exclusions(&self, plan: &Plan) -> Vec<(Occur, Box<dyn Query>)> {
        plan.exclusions
            .iter()
            .map(|u| (Occur::MustNot, self.unit_query(u)))
            .collect()
    }

    /// The filter clauses of a request (they never change scores).
    pub fn filters(&self, filters: &Filters) -> Vec<Box<dyn Query>> {
        let f = self.fields;
        [
            any_of(
                filters
                    .ministries
                    .iter()
                    .map(|m| Term::from_facet(f.ministry_facet, &ministry_facet(m)))
                    .collect(),
            ),
            sections_filter(f, &filters.sections),
            any_of(
                filters
                    .years
                    .iter()
                    .map(|y| Term::from_field_u64(f.year, u64::from(y.0)))
                    .collect(),
            ),
            any_of(
                filters
                    .status
                    .map(|s| Term::from_field_text(f.status, s.as_str()))
                    .into_iter()
                    .collect(),
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// `query` within `filters` (none: as it is).
fn within(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
    Box::new(BooleanQuery::new(clauses))
}

/// Passages citing any of `paths` (or under them); [`SectionPath::none`] selects those citing
/// none (every facet value indexes the root facet, so "no section" is "not the root").
fn sections_filter(f: Fields, paths: &[SectionPath]) -> Option<Box<dyn Query>> {
    let term = |facet: &Facet| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_facet(f.sections, facet),
            IndexRecordOption::Basic,
        ))
    };
    let any: Vec<Box<dyn Query>> = paths
        .iter()
        .map(|p| match p.is_none() {
            false => term(&section_facet(p)),
            true => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, term(&Facet::root())),
            ])),
        })
        .collect();
    any_scoring_nothing(any)
}

/// Any of the queries matches, scoring nothing; no queries, no filter.
fn any_scoring_nothing(any: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    (!any.is_empty()).then(|| {
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::union(any)),
            0.0,
        )) as Box<dyn Query>
    })
}

/// Any of the terms matches, scoring nothing; no terms, no filter.
fn any_of(terms: Vec<Term>) -> Option<Box<dyn Query>> {
    let any: Vec<Box<dyn Query>> = terms
        .into_iter()
        .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
        .collect();
    any_scoring_nothing(any)
}

/// Whether every passage `b` matches (by its words or its bigrams, in the text or the title)
/// is matched by `a` in the same place: `a`'s words are a run of `b`'s words and, when `b` has
/// bigrams, `a`'s bigrams are a run of `b`'s (a phrase found at some position has each of its
/// runs at a position of its own).
fn finds_all_of(a: &Form, b: &Form) -> bool {
    let run_of = |part: &[String], whole: &[String]| {
        !part.is_empty() && whole.windows(part.len()).any(|w| w == part)
    };
    run_of(&a.words, &b.words) && (b.bigrams.is_empty() || run_of(&a.bigrams, &b.bigrams))
}

/// The forms of `unit` that count, less each one another of them finds whole: one that it
/// does not find whole in turn, or an earlier one that it does (of two forms that find each
/// other, the first stays).
fn essential_forms(unit: &Unit) -> Vec<&Form> {
    let counted: Vec<&Form> = unit.forms.iter().filter(|f| f.counts()).collect();
    counted
        .iter()
        .enumerate()
        .filter(|&(i, form)| {
            !counted.iter().enumerate().any(|(j, other)| {
                j != i && finds_all_of(other, form) && (j < i || !finds_all_of(form, other))
            })
        })
        .map(|(_, form)| *form)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Relation;

    fn form(text: &str, words: &[&str], bigrams: &[&str], relation: Option<Relation>) -> Form {
        let strings = |s: &[&str]| s.iter().map(|w| w.to_string()).collect();
        Form {
            text: text.into(),
            words: strings(words),
            bigrams: strings(bigrams),
            relation,
        }
    }

    #[test]
    fn a_count_leaves_out_forms_another_form_finds_whole() {
        let one = form("1on1", &["1", "on", "1"], &["1o", "on", "n1"], None);
        let meeting = form(
            "1on1ミーティング",
            &["1", "on", "1", "ミーティング"],
            &["1o", "on", "n1", "1ミ", "ミテ", "テイ", "イン", "ング"],
            Some(Relation::Same),
        );
        let katakana = form(
            "ワンオンワン",
            &["ワンオンワン"],
            &["ワン", "ンオ", "オン", "ンワ", "ワン"],
            Some(Relation::Same),
        );
        let near = form("面談", &["面談"], &["面談"], Some(Relation::Near));
        let unit = |forms: Vec<Form>| Unit {
            label: "1on1".into(),
            forms,
            quoted: false,
        };
        let texts = |u: &Unit| -> Vec<String> {
            essential_forms(u).iter().map(|f| f.text.clone()).collect()
        };
        let all = unit(vec![meeting.clone(), one.clone(), katakana.clone(), near]);
        assert_eq!(texts(&all), ["1on1", "ワンオンワン"]);
        // Of two forms that find each other, the first stays.
        let twice = unit(vec![one.clone(), one.clone()]);
        assert_eq!(texts(&twice), ["1on1"]);
        // Words alone do not make a form's bigrams redundant.
        let single = form("課", &["課"], &[], None);
        let longer = form("課長", &["課", "長"], &["課長"], Some(Relation::Same));
        assert_eq!(texts(&unit(vec![single, longer])), ["課", "課長"]);
    }
}
