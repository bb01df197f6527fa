//! A [`SearchRequest`] becomes ranked [`Hit`]s with snippets, over an open index ([`Engine`]).
//!
//! The stages of one search, each in its own file: the request is resolved at the edge
//! (`request`); the query is planned (`crate::query`); the plan and filters are compiled into
//! tantivy queries (`compile`); the tiers run (`tiers`: the strict match set, then fill tiers
//! for a short page); the page's hits get snippets and highlights (`hits`, `snippet`) and, if
//! asked, explanations (`explain`); the match set is counted per ministry and section
//! (`facets`). Filters never change scores.

mod compile;
mod error;
mod explain;
mod facets;
mod hits;
mod request;
mod snippet;
mod tiers;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

pub use error::RequestError;
pub use explain::{By, MatchPart, Matched, Where};
pub use facets::Facets;
pub use hits::Hit;
pub use request::{Filters, LooseRequest, SearchRequest, DEFAULT_LIMIT, MAX_QUERY_CHARS};
pub use snippet::Snippet;

use compile::Compiler;
use hits::{Page, PassageTokens, Passages};
use tiers::{Context, Fill, FILL_TIERS};

use crate::analysis;
use crate::domain::Record;
use crate::error::Result;
use crate::index::{self, Catalog, Opened};
use crate::query::{self, Expansion, Plan, Thesaurus};

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

/// The query was relaxed: no passage had all required words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relaxed {
    /// Required words in the query.
    pub required: usize,
    /// Hits have at least this many of them.
    pub at_least: usize,
}

/// The results of one search.
#[derive(Debug, Clone)]
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
    /// The matching passages per ministry and per top-level section.
    pub facets: Facets,
    pub hits: Vec<Hit>,
}

/// Which thesaurus widens queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThesaurusChoice {
    /// data/thesaurus.txt, compiled in.
    Bundled,
    /// None: words are searched as typed.
    Off,
    /// A file in the thesaurus format.
    File(PathBuf),
}

/// A filter a facet count leaves out (so that ticking one ministry still shows how many
/// hits the others would add).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Without {
    Ministries,
    Sections,
}

/// An open index with its analyzer, reusable across searches and shareable across threads:
/// each search works on its own copy of the analyzer (copies share the dictionary).
pub struct Engine {
    opened: Opened,
    analyzer: TextAnalyzer,
    thesaurus: Thesaurus,
    /// Passages' tokens for highlighting, by id, analyzed when first shown.
    tokens: RwLock<HashMap<String, Arc<PassageTokens>>>,
}

impl Engine {
    /// Opens the index at `dir`, with the bundled thesaurus.
    pub fn open(dir: &Path) -> Result<Engine> {
        let opened = index::open(dir)?;
        let mut analyzer = analysis::analyzer()?;
        let thesaurus = Thesaurus::bundled(&mut analyzer)?;
        Ok(Engine {
            opened,
            analyzer,
            thesaurus,
            tokens: RwLock::default(),
        })
    }

    /// Replaces the thesaurus.
    pub fn use_thesaurus(&mut self, choice: &ThesaurusChoice) -> Result<()> {
        self.thesaurus = match choice {
            ThesaurusChoice::Bundled => Thesaurus::bundled(&mut self.analyzer)?,
            ThesaurusChoice::Off => Thesaurus::default(),
            ThesaurusChoice::File(path) => Thesaurus::read(path, &mut self.analyzer)?,
        };
        Ok(())
    }

    /// What the index holds.
    pub fn catalog(&self) -> &Catalog {
        &self.opened.catalog
    }

    /// Resolves a request as typed against this index.
    pub fn resolve(&self, loose: &LooseRequest) -> Result<SearchRequest, RequestError> {
        SearchRequest::resolve(loose, self.catalog())
    }

    fn compiler(&self) -> Compiler {
        Compiler {
            fields: self.opened.fields,
        }
    }

    fn passages(&self) -> Passages<'_> {
        Passages {
            root: &self.opened.root,
            fields: self.opened.fields,
            cache: &self.tokens,
        }
    }

    /// The plan of a query, or why it has nothing to search for.
    fn plan(&self, text: &str, analyzer: &mut TextAnalyzer) -> Result<Plan> {
        let plan = query::plan(&query::parse(text), analyzer, &self.thesaurus)?;
        if !plan.groups.is_empty() {
            return Ok(plan);
        }
        Err(if plan.exclusions.is_empty() {
            RequestError::NothingSearchable {
                query: text.to_string(),
            }
        } else {
            RequestError::OnlyExclusions {
                query: text.trim().to_string(),
            }
        }
        .into())
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let mut analyzer = self.analyzer.clone();
        let plan = self.plan(&req.query, &mut analyzer)?;
        let compiler = self.compiler();
        let filters = compiler.filters(&req.filters);
        let searcher = self.opened.reader.searcher();
        // tantivy allocates for limit + offset up front: never ask for more than there is.
        let docs = searcher.num_docs().max(1) as usize;
        let (limit, offset) = (req.limit.min(docs), req.offset.min(docs));
        let need = (offset + limit).min(docs);
        let collectors = || {
            let (ministries, sections) = facets::collectors();
            let top = TopDocs::with_limit(need.max(1)).order_by_score();
            (top, Count, ministries, sections)
        };
        let ((top, total, ministries, sections), at_least, query) =
            tiers::matching(&searcher, &compiler, &plan, &filters, collectors, |f| {
                f.1 > 0
            })?;

        let passages = self.passages();
        let mut fill = Fill::new(&searcher, &filters, need, query, top);
        let mut ctx = Context {
            compiler,
            plan: &plan,
            thesaurus: &self.thesaurus,
            passages: &passages,
            analyzer: &mut analyzer,
            at_least,
            cut: None,
        };
        for tier in FILL_TIERS {
            tier.add(&mut ctx, &mut fill)?;
        }
        let cut = ctx.cut.take();
        let page = Page {
            searcher: &searcher,
            compiler: &compiler,
            plan: &plan,
            cut: cut.as_ref(),
            offset: req.offset,
            explain: req.explain,
        };
        let shown = fill.ranked.into_iter().skip(offset).take(limit).collect();
        let required = plan.required();
        Ok(SearchResults {
            understood: plan.understood(),
            relaxed: (at_least < required).then_some(Relaxed { required, at_least }),
            total,
            facets: Facets::of(&ministries, &sections, self.catalog()),
            hits: page.hits(&passages, shown, &mut analyzer)?,
            notices: plan.notices,
            expansions: plan.expansions,
        })
    }

    /// The facet counts of the request's match set without one of its filters.
    pub fn facets_without(&self, req: &SearchRequest, without: Without) -> Result<Facets> {
        let mut analyzer = self.analyzer.clone();
        let plan = self.plan(&req.query, &mut analyzer)?;
        let mut filters = req.filters.clone();
        match without {
            Without::Ministries => filters.ministries.clear(),
            Without::Sections => filters.sections.clear(),
        }
        let compiler = self.compiler();
        let clauses = compiler.filters(&filters);
        let searcher = self.opened.reader.searcher();
        let collectors = || {
            let (ministries, sections) = facets::collectors();
            (Count, ministries, sections)
        };
        let ((_, ministries, sections), _, _) =
            tiers::matching(&searcher, &compiler, &plan, &clauses, collectors, |f| {
                f.0 > 0
            })?;
        Ok(Facets::of(&ministries, &sections, self.catalog()))
    }

    /// The passage with this id, if the index holds it.
    pub fn passage(&self, id: &str) -> Result<Option<Record>> {
        let f = self.opened.fields;
        let searcher = self.opened.reader.searcher();
        let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some(&(_, addr)) => Ok(Some(self.passages().record(&searcher, addr)?)),
            None => Ok(None),
        }
    }
}
