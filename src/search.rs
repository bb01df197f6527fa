//! A [`SearchRequest`] (query + filters + limit) becomes ranked [`Hit`]s with snippets.
//!
//! Queries are built from analyzed terms, never by tantivy's `QueryParser`: each word is
//! analyzed with the index's own analyzer; one token becomes a term query, several become a
//! phrase query, so `1on1` only matches `1 on 1` in sequence. Each word is searched in the
//! passage text and, boosted, in the item title (BM25 on both). Filters do not change scores.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{TantivyDocument, Term};

use crate::analysis;
use crate::error::{Error, Result};
use crate::index::{self, Catalog, Opened};
use crate::plan::{self, Expansion, Form, Group, Plan, Unit};
use crate::query;
use crate::report::ministry::{self, Resolution};
use crate::report::section;
use crate::report::{Record, Status};
use crate::snippet::{self, Snippet};
use crate::thesaurus::{self, Relation, Thesaurus};

/// How much a match in the item title counts against one in the text.
pub const ITEM_BOOST: f32 = 2.0;
/// How much a match of a word's character bigrams counts against a match of the word itself.
pub const BIGRAM_WEIGHT: f32 = 0.3;
/// How much a match in the guideline references (the B cell) counts against one in the text.
pub const REFS_WEIGHT: f32 = 0.3;
/// Related passages added at most, when a page is not full.
pub const MAX_RELATED: usize = 10;
/// Best hits whose words find related passages.
const RELATED_SEEDS: usize = 3;
/// Distinctive words taken from them.
const RELATED_TERMS: usize = 20;
/// Default number of hits.
pub const DEFAULT_LIMIT: usize = 10;
/// Characters in a snippet.
pub const SNIPPET_CHARS: usize = 110;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    /// Ministries as typed by the user (any accepted spelling); any of them matches.
    pub ministries: Vec<String>,
    /// Section prefixes as typed (`II.1.(2)`); any of them matches.
    pub sections: Vec<String>,
    pub status: Option<Status>,
    /// Fiscal years as typed (`2023`, `令和5`, `R5`); any of them matches.
    pub years: Vec<String>,
    pub limit: usize,
    /// Hits to skip before the first one returned (for paging); ranks count from the top.
    pub offset: usize,
    /// Say for each hit which words matched where ([`Hit::explain`]).
    pub explain: bool,
}

/// One ranked result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub record: Record,
    pub snippet: Snippet,
    /// Highlights in the item title, in characters.
    pub item_highlights: Vec<[usize; 2]>,
    /// Which query words matched where, when the request asked for it.
    pub explain: Option<Vec<Matched>>,
    pub matched: MatchKind,
}

/// The results of one search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as understood: words as analyzed, phrases in quotes.
    pub understood: String,
    /// Things in the query that were ignored, and why.
    pub notices: Vec<String>,
    /// Query words widened with the thesaurus.
    pub expansions: Vec<Expansion>,
    /// Set when no passage had all required words and fewer were required.
    pub relaxed: Option<Relaxed>,
    /// All passages that match the query (not only those returned; not counting the
    /// [`MatchKind::Some`] and [`MatchKind::Related`] hits that fill a page).
    pub total: usize,
    /// Hits in the list after the `total` matches: partial and related passages.
    pub extra: usize,
    /// Matching passages per ministry, most first.
    pub per_ministry: Vec<(String, usize)>,
    /// Matching passages per top-level section (`II`, `own:`), in the catalog's order.
    pub per_section: Vec<(String, usize)>,
    pub hits: Vec<Hit>,
}

/// An open index with its analyzer, reusable across searches and shareable across threads:
/// each search works on its own copy of the analyzer (copies share the dictionary).
pub struct Engine {
    opened: Opened,
    analyzer: TextAnalyzer,
    thesaurus: Thesaurus,
    /// Passages' tokens for highlighting, by id, analyzed when first shown.
    analyzed: std::sync::RwLock<std::collections::HashMap<String, Arc<PassageTokens>>>,
}

/// One text's tokens: the analyzer's words and the character bigrams.
struct Analyzed {
    words: Vec<analysis::Token>,
    bigrams: Vec<analysis::Token>,
}

impl Analyzed {
    fn of(text: &str, analyzer: &mut TextAnalyzer) -> Result<Analyzed> {
        Ok(Analyzed {
            words: analysis::analyze(analyzer, text)?,
            bigrams: analysis::bigram::analyze(text),
        })
    }
}

/// A passage's tokens, text and item title.
struct PassageTokens {
    text: Analyzed,
    item: Analyzed,
}

impl Engine {
    /// Opens the index at `dir`, with the bundled thesaurus.
    pub fn open(dir: &Path) -> Result<Engine> {
        let opened = index::open(dir)?;
        let mut analyzer = analysis::analyzer()?;
        let thesaurus = Thesaurus::parse(
            thesaurus::BUNDLED,
            "data/thesaurus.txt (bundled)",
            &mut analyzer,
        )?;
        Ok(Engine {
            opened,
            analyzer,
            thesaurus,
            analyzed: Default::default(),
        })
    }

    /// A passage's tokens, from the cache or analyzed now (analysis is the costly part of
    /// showing a hit; a server shows the same passages again and again).
    fn tokens(&self, record: &Record, analyzer: &mut TextAnalyzer) -> Result<Arc<PassageTokens>> {
        if let Some(t) = self
            .analyzed
            .read()
            .ok()
            .and_then(|cache| cache.get(&record.id).cloned())
        {
            return Ok(t);
        }
        let t = Arc::new(PassageTokens {
            text: Analyzed::of(&record.text, analyzer)?,
            item: Analyzed::of(&record.item, analyzer)?,
        });
        if let Ok(mut cache) = self.analyzed.write() {
            cache.insert(record.id.clone(), t.clone());
        }
        Ok(t)
    }

    /// Replaces the thesaurus (`None`: search without one).
    pub fn set_thesaurus(&mut self, text: Option<(&str, &str)>) -> Result<()> {
        self.thesaurus = match text {
            Some((text, source)) => Thesaurus::parse(text, source, &mut self.analyzer)?,
            None => Thesaurus::default(),
        };
        Ok(())
    }

    pub fn catalog(&self) -> &Catalog {
        &self.opened.catalog
    }

    /// Resolves ministry names as typed into the index's official names.
    pub fn resolve_ministries(&self, typed: &[String]) -> Result<Vec<String>> {
        let names = self.opened.catalog.ministry_names();
        typed
            .iter()
            .map(|t| match ministry::resolve(t, &names) {
                Resolution::Found(n) => Ok(n),
                Resolution::Ambiguous(candidates) => Err(Error::AmbiguousMinistry {
                    given: t.clone(),
                    candidates,
                }),
                Resolution::Unknown(suggestions) => Err(Error::UnknownMinistry {
                    given: t.clone(),
                    suggestions,
                }),
            })
            .collect()
    }

    /// Resolves section prefixes as typed into canonical paths that the index holds.
    pub fn resolve_sections(&self, typed: &[String]) -> Result<Vec<String>> {
        typed
            .iter()
            .map(|t| {
                let path = section::parse_user_path(t)
                    .ok_or_else(|| Error::BadSection { given: t.clone() })?;
                let known = &self.opened.catalog.sections;
                let own_root = path == section::OWN_PREFIX;
                if own_root
                    && known
                        .iter()
                        .any(|s| s.path.starts_with(section::OWN_PREFIX))
                    || known.iter().any(|s| s.path == path)
                {
                    return Ok(path);
                }
                let mut close: Vec<(f64, &str)> = known
                    .iter()
                    .map(|s| (ministry::similarity(&path, &s.path), s.path.as_str()))
                    .collect();
                close.sort_by(|a, b| b.0.total_cmp(&a.0));
                Err(Error::UnknownSection {
                    given: path.clone(),
                    suggestions: close
                        .into_iter()
                        .take(3)
                        .map(|(_, p)| p.to_string())
                        .collect(),
                })
            })
            .collect()
    }

    /// Resolves fiscal years as typed (`2023`, `令和5`, `R5`) into years the index holds.
    pub fn resolve_years(&self, typed: &[String]) -> Result<Vec<u16>> {
        let known = &self.opened.catalog.years;
        typed
            .iter()
            .map(|t| {
                let folded = ministry::fold(t);
                let era = folded
                    .strip_prefix("令和")
                    .or_else(|| folded.strip_prefix('r'))
                    .map(|n| n.trim_end_matches("年度").trim_end_matches('年'));
                let year = match era {
                    Some(n) => n.parse::<u16>().ok().filter(|n| *n < 100).map(|n| 2018 + n),
                    None => folded.trim_end_matches("年度").parse::<u16>().ok(),
                };
                match year {
                    Some(y) if known.contains(&y) => Ok(y),
                    _ => Err(Error::UnknownYear {
                        given: t.clone(),
                        known: known.clone(),
                    }),
                }
            })
            .collect()
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

    /// The scored parts of one form: its words and its bigrams, in the text and the title.
    fn form_parts(&self, form: &Form) -> Vec<(Where, By, Box<dyn Query>)> {
        let f = self.opened.fields;
        let w = form.weight();
        let item_boost = if form.relation.is_some() {
            1.0
        } else {
            ITEM_BOOST
        };
        let boost =
            |q: Box<dyn Query>, b: f32| -> Box<dyn Query> { Box::new(BoostQuery::new(q, b)) };
        let mut parts = vec![
            (
                Where::Text,
                By::Words,
                boost(Self::phrase_query(f.text, &form.words), w),
            ),
            (
                Where::Item,
                By::Words,
                // A thesaurus word in a title is no stronger than in the text: titles such as
                // 業務効率化・デジタル化 would otherwise outrank passages about the word typed.
                boost(Self::phrase_query(f.item, &form.words), w * item_boost),
            ),
            (
                Where::Section,
                By::Words,
                boost(Self::phrase_query(f.refs, &form.words), w * REFS_WEIGHT),
            ),
        ];
        if !form.bigrams.is_empty() {
            // A phrase scores the sum of its terms' weights: scale the bigrams to the words.
            let b = w * BIGRAM_WEIGHT * form.words.len() as f32 / form.bigrams.len() as f32;
            parts.push((
                Where::Text,
                By::Bigrams,
                boost(Self::phrase_query(f.text_bigram, &form.bigrams), b),
            ));
            parts.push((
                Where::Item,
                By::Bigrams,
                boost(
                    Self::phrase_query(f.item_bigram, &form.bigrams),
                    b * item_boost,
                ),
            ));
        }
        parts
    }

    /// Matches `unit` in the text or the title; with `section`, only in the guideline
    /// references, which lift a passage that matches but never make it match on their own
    /// (every hit then shows its match highlighted).
    fn unit_query_in(&self, unit: &Unit, section: bool) -> Box<dyn Query> {
        Box::new(BooleanQuery::union(
            unit.forms
                .iter()
                .flat_map(|f| self.form_parts(f))
                .filter(|(place, _, _)| (*place == Where::Section) == section)
                .map(|(_, _, q)| q)
                .collect(),
        ))
    }

    fn unit_query(&self, unit: &Unit) -> Box<dyn Query> {
        self.unit_query_in(unit, false)
    }

    fn group_query(&self, group: &Group) -> Box<dyn Query> {
        if group.units.len() == 1 {
            return self.unit_query(&group.units[0]);
        }
        Box::new(BooleanQuery::union(
            group.units.iter().map(|u| self.unit_query(u)).collect(),
        ))
    }

    /// The filter clauses of a request (they never change scores).
    fn filters(
        &self,
        ministries: &[String],
        sections: &[String],
        years: &[u16],
        status: Option<Status>,
    ) -> Vec<Box<dyn Query>> {
        let f = self.opened.fields;
        // Any of the terms matches; no terms, no filter.
        let any_of = |terms: Vec<Term>| -> Option<Box<dyn Query>> {
            let any: Vec<Box<dyn Query>> = terms
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
                .collect();
            (!any.is_empty()).then(|| {
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(any)),
                    0.0,
                )) as Box<dyn Query>
            })
        };
        [
            any_of(
                ministries
                    .iter()
                    .map(|m| Term::from_facet(f.ministry_facet, &index::ministry_facet(m)))
                    .collect(),
            ),
            any_of(
                sections
                    .iter()
                    .map(|s| Term::from_facet(f.sections, &index::section_facet(s)))
                    .collect(),
            ),
            any_of(
                years
                    .iter()
                    .map(|y| Term::from_field_u64(f.year, u64::from(*y)))
                    .collect(),
            ),
            any_of(
                status
                    .map(|s| Term::from_field_text(f.status, s.as_str()))
                    .into_iter()
                    .collect(),
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The query for a plan with at least `at_least` of its required groups matching
    /// (all of them: strict AND).
    fn plan_query(&self, plan: &Plan, at_least: usize, filters: &[Box<dyn Query>]) -> BooleanQuery {
        let required: Vec<Box<dyn Query>> = plan
            .groups
            .iter()
            .filter(|g| g.required)
            .map(|g| self.group_query(g))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if at_least >= required.len() {
            clauses.extend(required.into_iter().map(|q| (Occur::Must, q)));
        } else {
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    required, at_least,
                )),
            ));
        }
        for g in plan.groups.iter().filter(|g| !g.required) {
            clauses.push((Occur::Should, self.group_query(g)));
        }
        for u in plan.groups.iter().flat_map(|g| &g.units) {
            clauses.push((Occur::Should, self.unit_query_in(u, true)));
        }

        for u in &plan.exclusions {
            clauses.push((Occur::MustNot, self.unit_query(u)));
        }
        for f in filters {
            clauses.push((Occur::Must, f.box_clone()));
        }
        BooleanQuery::new(clauses)
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let len = req.query.chars().count();
        if len > MAX_QUERY_CHARS {
            return Err(Error::QueryTooLong {
                len,
                max: MAX_QUERY_CHARS,
            });
        }
        if req.query.trim().is_empty() {
            return Err(Error::EmptyQuery);
        }
        if req.limit == 0 {
            return Err(Error::ZeroLimit);
        }
        let ministries = self.resolve_ministries(&req.ministries)?;
        let years = self.resolve_years(&req.years)?;
        let sections = self.resolve_sections(&req.sections)?;
        let mut analyzer = self.analyzer.clone();

        let parsed = query::parse(&req.query);
        let plan = plan::plan(&parsed, &mut analyzer, &self.thesaurus)?;
        if plan.groups.is_empty() {
            return Err(if plan.exclusions.is_empty() {
                Error::NothingSearchable {
                    query: req.query.clone(),
                }
            } else {
                Error::OnlyExclusions {
                    query: req.query.trim().to_string(),
                }
            });
        }
        let filters = self.filters(&ministries, &sections, &years, req.status);
        let searcher = self.opened.reader.searcher();

        // tantivy allocates for limit + offset up front: never ask for more than there is.
        let docs = searcher.num_docs().max(1) as usize;
        let limit = req.limit.min(docs);
        let offset = req.offset.min(docs);
        let need = (offset + limit).min(docs);
        let collectors = || {
            let mut facets = FacetCollector::for_field("ministry_facet");
            facets.add_facet("/");
            let mut section_facets = FacetCollector::for_field("sections");
            section_facets.add_facet("/");
            (
                TopDocs::with_limit(need.max(1)).order_by_score(),
                Count,
                facets,
                section_facets,
            )
        };

        // Strict AND first; if nothing matches, fewer and fewer of the required words.
        let required = plan.groups.iter().filter(|g| g.required).count();
        let mut at_least = required;
        let mut query = self.plan_query(&plan, at_least, &filters);
        let (top, total, facet_counts, section_counts) = loop {
            let found = searcher.search(&query, &collectors())?;
            if found.1 > 0 || at_least <= 1 {
                break found;
            }
            at_least -= 1;
            query = self.plan_query(&plan, at_least, &filters);
        };
        let relaxed = (at_least < required).then_some(Relaxed { required, at_least });

        let mut ranked: Vec<(f32, tantivy::DocAddress, MatchKind)> = top
            .into_iter()
            .map(|(score, addr)| (score, addr, MatchKind::All))
            .collect();
        // A page that is not full goes on with passages that have at least half of the
        // required words, then with passages like the best hits.
        let mut shown: Vec<Box<dyn Query>> = vec![Box::new(query.clone())];
        let mut fill = Fill {
            searcher: &searcher,
            filters: &filters,
            need,
            ranked: &mut ranked,
            shown: &mut shown,
        };
        if at_least > 1 {
            fill.levels(self, &plan, at_least - 1, required.div_ceil(2))?;
        }
        // Then passages with at least half of the pieces of a compound typed (両立支援 → 両立).
        let mut cut = None;
        if fill.wants_more() {
            cut = plan::pieces(&plan, &mut analyzer, &self.thesaurus)?;
            if let Some(cut) = &cut {
                let n = cut.groups.iter().filter(|g| g.required).count();
                fill.levels(self, cut, n, n.div_ceil(2))?;
            }
        }
        if fill.wants_more() && !fill.ranked.is_empty() {
            let seeds: Vec<tantivy::DocAddress> = fill
                .ranked
                .iter()
                .take(RELATED_SEEDS)
                .map(|r| r.1)
                .collect();
            if let Some(like) = self.related_query(&searcher, &seeds, &plan, &mut analyzer)? {
                let mut clauses = vec![(Occur::Must, like)];
                clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
                clauses.extend(
                    plan.exclusions
                        .iter()
                        .map(|u| (Occur::MustNot, self.unit_query(u))),
                );
                fill.add(
                    Box::new(BooleanQuery::new(clauses)),
                    MatchKind::Related,
                    MAX_RELATED,
                )?;
            }
        }
        let extra = ranked.len().saturating_sub(total);
        let top: Vec<(f32, tantivy::DocAddress, MatchKind)> =
            ranked.into_iter().skip(offset).take(limit).collect();
        let mut per_ministry: Vec<(String, usize)> = facet_counts
            .get("/")
            .map(|(facet, n)| {
                let name = facet
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                (name, n as usize)
            })
            .collect();
        per_ministry.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let top_level: std::collections::HashMap<&Facet, u64> = section_counts.get("/").collect();
        let per_section: Vec<(String, usize)> = self
            .opened
            .catalog
            .sections
            .iter()
            .filter(|s| s.depth == 1)
            .filter_map(|s| {
                let n = top_level.get(&index::section_facet(&s.path))?;
                Some((s.path.clone(), *n as usize))
            })
            .collect();

        // Highlights: every form of the query, and the pieces of compounds if they were used.
        let forms: Vec<&Form> = plan
            .groups
            .iter()
            .chain(cut.iter().flat_map(|c| &c.groups))
            .flat_map(|g| &g.units)
            .flat_map(|u| &u.forms)
            .collect();
        let words: Vec<Vec<String>> = forms.iter().map(|f| f.words.clone()).collect();
        let bigrams: Vec<Vec<String>> = forms
            .iter()
            .filter(|f| !f.bigrams.is_empty())
            .map(|f| f.bigrams.clone())
            .collect();
        let f = self.opened.fields;
        let mut hits = Vec::with_capacity(top.len());
        for (rank, (score, addr, matched)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let record = index::stored_record(&doc, &f)?;
            let tokens = self.tokens(&record, &mut analyzer)?;
            let matches = |t: &Analyzed| {
                let mut m = snippet::find(&t.words, &words);
                m.extend(snippet::find(&t.bigrams, &bigrams));
                m
            };
            let text_matches = matches(&tokens.text);
            let item_matches = matches(&tokens.item);
            let explain = if req.explain {
                Some(self.explain(&plan, &searcher, addr)?)
            } else {
                None
            };
            hits.push(Hit {
                rank: req.offset + rank + 1,
                score,
                snippet: snippet::best(&record.text, &text_matches, SNIPPET_CHARS),
                item_highlights: snippet::highlights(&record.item, &item_matches),
                record,
                explain,
                matched,
            });
        }
        Ok(SearchResults {
            understood: understood(&plan),
            notices: plan.notices.clone(),
            expansions: plan.expansions.clone(),
            relaxed,
            total,
            extra,
            per_ministry,
            per_section,
            hits,
        })
    }

    /// A query for passages like `seeds`: their most distinctive words (tf·idf, leaving out
    /// the query's own words, rare and very common words), at least two of which must match.
    fn related_query(
        &self,
        searcher: &tantivy::Searcher,
        seeds: &[tantivy::DocAddress],
        plan: &Plan,
        analyzer: &mut TextAnalyzer,
    ) -> Result<Option<Box<dyn Query>>> {
        let f = self.opened.fields;
        let n = searcher.num_docs() as f32;
        let asked: std::collections::HashSet<&str> = plan
            .groups
            .iter()
            .flat_map(|g| &g.units)
            .flat_map(|u| &u.forms)
            .flat_map(|f| &f.words)
            .map(String::as_str)
            .collect();
        let mut weights: std::collections::HashMap<String, f32> = std::collections::HashMap::new();
        for &addr in seeds {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let record = index::stored_record(&doc, &f)?;
            let mut tf: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
            for t in &self.tokens(&record, analyzer)?.text.words {
                let useful = t.text.chars().count() >= 2
                    && t.text
                        .chars()
                        .any(|c| c.is_alphanumeric() && !('\u{3041}'..='\u{309F}').contains(&c))
                    && !asked.contains(t.text.as_str())
                    && !plan::is_generic(&t.text);
                if useful {
                    *tf.entry(t.text.clone()).or_default() += 1;
                }
            }
            for (term, count) in tf {
                let df = searcher.doc_freq(&Term::from_field_text(f.text, &term))? as f32;
                if df < 2.0 || df > n / 5.0 {
                    continue;
                }
                *weights.entry(term).or_default() += (1.0 + (count as f32).ln()) * (n / df).ln();
            }
        }
        let mut terms: Vec<(String, f32)> = weights.into_iter().collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(RELATED_TERMS);
        if terms.len() < 2 {
            return Ok(None);
        }
        let top = terms[0].1;
        let clauses: Vec<Box<dyn Query>> = terms
            .iter()
            .map(|(t, w)| {
                let in_text: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(f.text, t),
                    IndexRecordOption::WithFreqs,
                ));
                Box::new(BoostQuery::new(in_text, w / top)) as Box<dyn Query>
            })
            .collect();
        Ok(Some(Box::new(
            BooleanQuery::union_with_minimum_required_clauses(clauses, 2),
        )))
    }

    /// Which words of the plan match a document, where and how, with their scores.
    fn explain(
        &self,
        plan: &Plan,
        searcher: &tantivy::Searcher,
        addr: tantivy::DocAddress,
    ) -> Result<Vec<Matched>> {
        let mut out = Vec::new();
        for group in &plan.groups {
            for unit in &group.units {
                let mut parts = Vec::new();
                for form in &unit.forms {
                    for (place, by, q) in self.form_parts(form) {
                        if let Ok(e) = q.explain(searcher, addr) {
                            if e.value() > 0.0 {
                                parts.push(MatchPart {
                                    form: form.text.clone(),
                                    relation: form.relation,
                                    field: place,
                                    by,
                                    score: e.value(),
                                });
                            }
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
        Ok(out)
    }

    /// The passage with this id, if the index holds it.
    pub fn passage(&self, id: &str) -> Result<Option<Record>> {
        let f = self.opened.fields;
        let searcher = self.opened.reader.searcher();
        let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some(&(_, addr)) => {
                let doc: TantivyDocument = searcher.doc(addr)?;
                Ok(Some(index::stored_record(&doc, &f)?))
            }
            None => Ok(None),
        }
    }
}

/// Fills a page with partial matches, level by level, below what it already holds.
struct Fill<'a> {
    searcher: &'a tantivy::Searcher,
    filters: &'a [Box<dyn Query>],
    need: usize,
    ranked: &'a mut Vec<(f32, tantivy::DocAddress, MatchKind)>,
    /// Queries whose hits are already on the list.
    shown: &'a mut Vec<Box<dyn Query>>,
}

impl Fill<'_> {
    fn wants_more(&self) -> bool {
        self.ranked.len() < self.need
    }

    /// Adds passages with at least `from`, then `from - 1`, … down to `to` of `plan`'s
    /// required groups, while the page wants more.
    fn levels(&mut self, engine: &Engine, plan: &Plan, from: usize, to: usize) -> Result<()> {
        let mut level = from;
        while self.wants_more() && level >= to.max(1) {
            let partial = engine.plan_query(plan, level, self.filters);
            self.add(Box::new(partial), MatchKind::Some, usize::MAX)?;
            level -= 1;
        }
        Ok(())
    }

    /// Adds at most `max` of the best passages `query` matches that are not on the list yet.
    fn add(&mut self, query: Box<dyn Query>, kind: MatchKind, max: usize) -> Result<()> {
        let mut clauses = vec![(Occur::Must, query.box_clone())];
        clauses.extend(self.shown.iter().map(|q| (Occur::MustNot, q.box_clone())));
        let room = self.need.saturating_sub(self.ranked.len()).min(max);
        if room == 0 {
            return Ok(());
        }
        let more = self.searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(room).order_by_score(),
        )?;
        self.ranked
            .extend(more.into_iter().map(|(s, a)| (s, a, kind)));
        self.shown.push(query);
        Ok(())
    }
}

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

/// How a hit matched the query: hits come in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Every required word (or, after a fallback, as many as [`Relaxed`] says).
    All,
    /// At least half of the required words, but not all, or at least half of the pieces of
    /// a compound typed (両立支援 → 両立): shown after the full matches when a page is not full.
    Some,
    /// None required, but it shares the most distinctive words of the best hits (more like
    /// these): shown last when a page is still not full.
    Related,
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

/// How one query word fared in a hit (`--explain`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matched {
    pub word: String,
    /// False for a generic word of a sentence, which only adds to the score.
    pub required: bool,
    /// Empty when the word did not match.
    pub parts: Vec<MatchPart>,
}

/// The query was relaxed: no passage had all required words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relaxed {
    /// Required words in the query.
    pub required: usize,
    /// Hits have at least this many of them.
    pub at_least: usize,
}

fn render_words(words: &[String]) -> String {
    if words.len() == 1 {
        words[0].clone()
    } else {
        format!("\"{}\"", words.join(" "))
    }
}

/// The plan as a line: words as analyzed, phrases in quotes, `(a OR b)`, optional words in
/// brackets, exclusions with `-`.
fn understood(plan: &Plan) -> String {
    let mut out: Vec<String> = Vec::new();
    for g in &plan.groups {
        let units: Vec<String> = g
            .units
            .iter()
            .map(|u| render_words(&u.forms[0].words))
            .collect();
        let s = if units.len() == 1 {
            units[0].clone()
        } else {
            format!("({})", units.join(" OR "))
        };
        out.push(if g.required { s } else { format!("[{s}]") });
    }
    for u in &plan.exclusions {
        out.push(format!("-{}", render_words(&u.forms[0].words)));
    }
    out.join(" ")
}
