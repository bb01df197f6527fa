//! A [`SearchRequest`] (query + filters + limit) becomes ranked [`Hit`]s with snippets.
//!
//! Queries are built from analyzed terms, never by tantivy's `QueryParser`: each word is
//! analyzed with the index's own analyzer; one token becomes a term query, several become a
//! phrase query, so `1on1` only matches `1 on 1` in sequence. Each word is searched in the
//! passage text and, boosted, in the item title (BM25 on both). Filters do not change scores.

use std::path::Path;

use serde::Serialize;
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
use crate::query::{self, Alt, Clause};
use crate::report::ministry::{self, Resolution};
use crate::report::section;
use crate::report::{Record, Status};
use crate::snippet::{self, Snippet};

/// How much a match in the item title counts against one in the text.
pub const ITEM_BOOST: f32 = 2.0;
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
}

/// The results of one search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as understood: words as analyzed, phrases in quotes.
    pub understood: String,
    /// Things in the query that were ignored, and why.
    pub notices: Vec<String>,
    /// All matching passages (not only those returned).
    pub total: usize,
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
}

/// One analyzed alternative: token texts in sequence.
type Phrase = Vec<String>;

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine> {
        let opened = index::open(dir)?;
        let analyzer = analysis::analyzer()?;
        Ok(Engine { opened, analyzer })
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

    fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Result<Phrase> {
        Ok(analysis::analyze(analyzer, text)?
            .into_iter()
            .map(|t| t.text)
            .collect())
    }

    fn phrase_query(field: Field, phrase: &Phrase) -> Box<dyn Query> {
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

    fn alt_query(&self, phrase: &Phrase) -> Box<dyn Query> {
        let f = self.opened.fields;
        Box::new(BooleanQuery::union(vec![
            Self::phrase_query(f.text, phrase),
            Box::new(BoostQuery::new(
                Self::phrase_query(f.item, phrase),
                ITEM_BOOST,
            )),
        ]))
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
        let mut notices = parsed.notices.clone();
        let mut must: Vec<Vec<Phrase>> = Vec::new();
        let mut must_not: Vec<Phrase> = Vec::new();
        let mut understood: Vec<String> = Vec::new();
        for clause in &parsed.clauses {
            match clause {
                Clause::Any(alts) => {
                    let mut group = Vec::new();
                    for alt in alts {
                        if let Some(p) = Self::usable(&mut analyzer, alt, &mut notices)? {
                            group.push(p);
                        }
                    }
                    if !group.is_empty() {
                        understood.push(render_group(&group));
                        must.push(group);
                    }
                }
                Clause::Not(alt) => {
                    if let Some(p) = Self::usable(&mut analyzer, alt, &mut notices)? {
                        understood.push(format!("-{}", render(&p)));
                        must_not.push(p);
                    }
                }
            }
        }
        if must.is_empty() {
            return Err(if must_not.is_empty() {
                Error::NothingSearchable {
                    query: req.query.clone(),
                }
            } else {
                Error::OnlyExclusions {
                    query: req.query.trim().to_string(),
                }
            });
        }

        let f = self.opened.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for group in &must {
            let q: Box<dyn Query> = if group.len() == 1 {
                self.alt_query(&group[0])
            } else {
                Box::new(BooleanQuery::union(
                    group.iter().map(|p| self.alt_query(p)).collect(),
                ))
            };
            clauses.push((Occur::Must, q));
        }
        for p in &must_not {
            clauses.push((Occur::MustNot, self.alt_query(p)));
        }
        let filter = |terms: Vec<Term>| -> Box<dyn Query> {
            let any: Vec<Box<dyn Query>> = terms
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
                .collect();
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::union(any)),
                0.0,
            ))
        };
        if !ministries.is_empty() {
            let terms = ministries
                .iter()
                .map(|m| Term::from_facet(f.ministry_facet, &index::ministry_facet(m)))
                .collect();
            clauses.push((Occur::Must, filter(terms)));
        }
        if !sections.is_empty() {
            let terms = sections
                .iter()
                .map(|s| Term::from_facet(f.sections, &index::section_facet(s)))
                .collect();
            clauses.push((Occur::Must, filter(terms)));
        }
        if !years.is_empty() {
            let terms = years
                .iter()
                .map(|y| Term::from_field_u64(f.year, u64::from(*y)))
                .collect();
            clauses.push((Occur::Must, filter(terms)));
        }
        if let Some(status) = req.status {
            clauses.push((
                Occur::Must,
                filter(vec![Term::from_field_text(f.status, status.as_str())]),
            ));
        }
        let query = BooleanQuery::new(clauses);

        let searcher = self.opened.reader.searcher();
        // tantivy allocates for limit + offset up front: never ask for more than there is.
        let docs = searcher.num_docs().max(1) as usize;
        let limit = req.limit.min(docs);
        let offset = req.offset.min(docs);
        let mut facets = FacetCollector::for_field("ministry_facet");
        facets.add_facet("/");
        let mut section_facets = FacetCollector::for_field("sections");
        section_facets.add_facet("/");
        let (top, total, facet_counts, section_counts) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score(),
                Count,
                facets,
                section_facets,
            ),
        )?;
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

        let phrases: Vec<Phrase> = must.iter().flatten().cloned().collect();
        let mut hits = Vec::with_capacity(top.len());
        for (rank, (score, addr)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let record = index::stored_record(&doc, &f)?;
            let text_tokens = analysis::analyze(&mut analyzer, &record.text)?;
            let text_matches = snippet::find(&text_tokens, &phrases);
            let item_tokens = analysis::analyze(&mut analyzer, &record.item)?;
            let item_matches = snippet::find(&item_tokens, &phrases);
            hits.push(Hit {
                rank: req.offset + rank + 1,
                score,
                snippet: snippet::best(&record.text, &text_matches, SNIPPET_CHARS),
                item_highlights: snippet::highlights(&record.item, &item_matches),
                record,
            });
        }
        Ok(SearchResults {
            understood: understood.join(" "),
            notices,
            total,
            per_ministry,
            per_section,
            hits,
        })
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

    /// Analyzes one alternative; `None` (with a notice) if nothing searchable is left.
    fn usable(
        analyzer: &mut TextAnalyzer,
        alt: &Alt,
        notices: &mut Vec<String>,
    ) -> Result<Option<Phrase>> {
        if !alt.text.chars().any(char::is_alphanumeric) {
            if !alt.text.trim().is_empty() {
                notices.push(format!("ignored {:?}: no letters or digits", alt.text));
            }
            return Ok(None);
        }
        let phrase = Self::analyze(analyzer, &alt.text)?;
        if phrase.is_empty() {
            notices.push(format!("ignored {:?}: nothing to search for", alt.text));
            return Ok(None);
        }
        Ok(Some(phrase))
    }
}

fn render(p: &Phrase) -> String {
    if p.len() == 1 {
        p[0].clone()
    } else {
        format!("\"{}\"", p.join(" "))
    }
}

fn render_group(g: &[Phrase]) -> String {
    if g.len() == 1 {
        render(&g[0])
    } else {
        format!(
            "({})",
            g.iter().map(render).collect::<Vec<_>>().join(" OR ")
        )
    }
}
