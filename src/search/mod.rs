//! A [`SearchRequest`] becomes ranked [`Hit`]s with snippets, over an open index ([`Engine`]).
//!
//! **The match set and the ranking are kept apart.** A passage matches when its text or title
//! has every required word of the query, as typed (after the analyzer's normalisation, also
//! inside a longer word) or as an exact equivalent from the thesaurus (`=`); near-synonyms
//! (`≈`), the guideline references and words in sequence only change the order. Totals,
//! facets and exports count the match set (`matches`). Related passages may follow it
//! (`tiers`), labelled, never counted.
//!
//! The stages of one search, each in its own file: the request is resolved at the edge
//! (`request`); the query is planned (`crate::query`); the plan and filters are compiled into
//! tantivy queries (`compile`); the match set is collected, ordered and collapsed by item
//! (`matches`); related tiers fill a short page (`tiers`); the page's hits get snippets and
//! highlights (`hits`, `snippet`) and, if asked, explanations (`explain`); the match set is
//! counted per ministry and section (`facets`); a query without matches gets suggestions
//! (`suggest`). Filters never change scores. The match set can also be read as the sections
//! each passage cites (`cited`), for the ministry × section map (`grid`) and the side-by-side
//! comparison of organisations (`compare`).

mod bigram_phrase;
mod bounded;
mod cited;
mod compare;
mod compile;
mod error;
mod explain;
mod facets;
mod grid;
mod hits;
mod live_union;
mod matches;
mod meaning;
mod parallel;
mod request;
mod similar;
mod snippet;
mod stats;
mod suggest;
mod tiers;

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Term};

pub use cited::Level;
pub use compare::{check_compared, CompareBlock, Comparison};
pub use error::RequestError;
pub use explain::{By, MatchPart, Matched, Where};
pub use facets::Facets;
pub use grid::{grid_columns, GridRow, SectionGrid};
pub use hits::Hit;
pub use matches::Sort;
pub use meaning::MeaningUse;
pub use request::{Filters, LooseRequest, SearchRequest, DEFAULT_LIMIT, MAX_QUERY_CHARS};
pub use similar::{Method, SimilarRequest, SimilarResults, Weights};
pub use snippet::Snippet;

use compile::Compiler;
use hits::{Page, Passages};
use matches::{AllMatches, Found, Row};
use stats::Stats;
use tiers::{Context, Fill};

use crate::analysis;
use crate::domain::{Record, Status};
use crate::error::Result;
use crate::index::{self, Catalog, Opened};
use crate::query::{self, Corpus, Expansion, Form, Plan, Thesaurus};
use crate::semantic::{self, Vectors};

/// What a search without words uses as its thesaurus (it looks nothing up).
static NO_THESAURUS: std::sync::LazyLock<Thesaurus> = std::sync::LazyLock::new(Thesaurus::default);

/// Whether a hit is in the match set: hits come in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// It matches the query: counted.
    All,
    /// It does not match, but shares a distinctive word of the query or a thesaurus relation
    /// of one: listed after the matches when they do not fill a page, never counted.
    Related,
    /// It does not match and shares no word: one of its sentences is close in meaning to the
    /// query (semantic search). Listed with the related passages, never counted.
    Meaning,
}

/// Matching passages per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCounts {
    pub new: usize,
    pub continuing: usize,
    pub unmarked: usize,
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
    /// Passages that match the query (not only those returned; never the related ones).
    pub total: usize,
    /// Items (重点項目 of a ministry) among them.
    pub items: usize,
    /// Rows of the match set: items when collapsed, else passages (for paging).
    pub rows: usize,
    /// The matching passages per ministry and per top-level section.
    pub facets: Facets,
    pub statuses: StatusCounts,
    pub hits: Vec<Hit>,
    /// When nothing matched: words the index holds that are close to the query's.
    pub suggestions: Vec<String>,
    /// Whether meaning was fused into the ranking, or why not.
    pub meaning: MeaningUse,
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
    /// The thesaurus chosen; `None` for the bundled one, shared by the process.
    thesaurus: Option<Thesaurus>,
    /// The generation's sentence vectors, read when a query first needs them.
    vectors: OnceLock<std::result::Result<Option<Vectors>, String>>,
    query_vectors: meaning::QueryVectors,
    /// Where the nearest passages are, by id.
    addresses: meaning::Addresses,
    /// Every passage reduced for `similar`, when first asked.
    similar: OnceLock<similar::Corpus>,
}

impl Engine {
    /// Opens the index at `dir`, with the bundled thesaurus.
    pub fn open(dir: &Path) -> Result<Engine> {
        let opened = index::open(dir)?;
        Ok(Engine {
            opened,
            analyzer: analysis::analyzer()?,
            thesaurus: None,
            vectors: OnceLock::new(),
            query_vectors: meaning::QueryVectors::default(),
            addresses: meaning::Addresses::default(),
            similar: OnceLock::new(),
        })
    }

    /// Replaces the thesaurus.
    pub fn use_thesaurus(&mut self, choice: &ThesaurusChoice) -> Result<()> {
        self.thesaurus = match choice {
            ThesaurusChoice::Bundled => None,
            ThesaurusChoice::Off => Some(Thesaurus::default()),
            ThesaurusChoice::File(path) => Some(Thesaurus::read(path, &mut self.analyzer)?),
        };
        // `similar` reduced the passages with the old thesaurus's groups.
        self.similar = OnceLock::new();
        Ok(())
    }

    /// The thesaurus in use (the bundled one is parsed when first needed).
    fn thesaurus(&self) -> Result<&Thesaurus> {
        match &self.thesaurus {
            Some(t) => Ok(t),
            None => Thesaurus::shared_bundled(),
        }
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
        }
    }

    /// The passages nearest to the query by meaning, or why meaning is off.
    fn nearest(&self, query: &str, searcher: &tantivy::Searcher) -> (Vec<DocAddress>, MeaningUse) {
        let vectors = self
            .vectors
            .get_or_init(|| Vectors::read(&self.opened.generation).map_err(|e| e.to_string()));
        let near = match vectors {
            Ok(Some(v)) => {
                let known = (&self.query_vectors, &self.addresses);
                meaning::nearest(v, known, query, searcher, &self.opened.fields)
            }
            // Which message, without loading the model only to say the index has no vectors.
            Ok(None) => Err(match semantic::absent() {
                Some(e) => e.to_string(),
                None => format!(
                    "the index at {} holds no sentence vectors (built without the model, \
                     or with --semantic off); rebuild it (wlb-search build) to search by meaning",
                    self.opened.root.display()
                ),
            }),
            Err(e) => Err(e.clone()),
        };
        match near {
            Ok(near) => (near, MeaningUse::Used),
            Err(reason) => (Vec::new(), MeaningUse::Off(reason)),
        }
    }

    /// The plan of a query, or why it has nothing to search for; an empty query browses.
    fn plan(&self, text: &str, analyzer: &mut TextAnalyzer, corpus: &dyn Corpus) -> Result<Plan> {
        if text.trim().is_empty() {
            return Ok(Plan::default());
        }
        let plan = query::plan(&query::parse(text), analyzer, self.thesaurus()?, corpus)?;
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

    /// Runs a search. tantivy panics on some damaged files (a flipped byte in a postings
    /// list): that is reported as a damaged index, not a crash.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        match crate::report::quietly(|| self.run(req)) {
            Ok(result) => result,
            Err(panic) => Err(index::Error::Damaged {
                dir: self.opened.root.clone(),
                detail: crate::report::panic_message(panic),
            }
            .into()),
        }
    }

    fn run(&self, req: &SearchRequest) -> Result<SearchResults> {
        let mut analyzer = self.analyzer.clone();
        let searcher = self.opened.reader.searcher();
        let compiler = self.compiler();
        let stats = Stats::new(&searcher);
        let corpus = Occurs::new(compiler, &stats);
        let plan = self.plan(&req.query, &mut analyzer, &corpus)?;
        let filters = compiler.filters(&req.filters);
        let query = compiler.match_query(&plan, &filters);
        let (ministries, sections) = facets::collectors();
        let (mut found, ministries, sections) =
            parallel::search(&stats, &query, &(AllMatches, ministries, sections))?;
        matches::sort(&mut found, req.sort);
        let (near, meaning) =
            if req.semantic && req.sort == Sort::Score && meaning::wanted(&plan, found.len()) {
                self.nearest(&req.query, &searcher)
            } else {
                (Vec::new(), MeaningUse::Unused)
            };
        meaning::rerank(&mut found, &near);
        let mut seen = FxHashSet::default();
        let rows = matches::rows(&found, req.collapse, &mut seen);
        let need = req.offset.saturating_add(req.limit);

        let passages = self.passages();
        let mut ctx = Context {
            compiler,
            plan: &plan,
            thesaurus: if plan.groups.is_empty() {
                &NO_THESAURUS
            } else {
                self.thesaurus()?
            },
            corpus: &corpus,
            passages: &passages,
            analyzer: &mut analyzer,
            total: found.len(),
            seeds: rows.iter().map(|r| r.found.addr).collect(),
            cut: None,
            pieces: None,
            query_groups: Default::default(),
        };
        let mut related = Vec::new();
        if req.related && !plan.groups.is_empty() && rows.len() < need {
            let room = (need - rows.len()).min(tiers::MAX_ROWS);
            let listed = found.iter().map(|f| f.addr).collect();
            let mut fill = Fill::new(&stats, &filters, room, req.collapse, seen, listed);
            tiers::fill(&mut ctx, &mut fill)?;
            related = if near.is_empty() {
                fill.rows
                    .into_iter()
                    .map(|r| (r, MatchKind::Related))
                    .collect()
            } else {
                meaning::related(fill, &near, plan.required() < 2)?
            };
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
        let row_count = rows.len();
        let listed: Vec<(Row, MatchKind)> = rows
            .into_iter()
            .map(|r| (r, MatchKind::All))
            .chain(related)
            .skip(req.offset)
            .take(req.limit)
            .collect();
        let suggestions = if found.is_empty() && !plan.groups.is_empty() {
            suggest::suggest(&searcher, &compiler, &plan, &self.opened.fields)?
        } else {
            Vec::new()
        };
        Ok(SearchResults {
            understood: plan.understood(),
            total: found.len(),
            items: found.iter().map(|f| f.item).collect::<FxHashSet<_>>().len(),
            rows: row_count,
            facets: Facets::of(&ministries, &sections, self.catalog()),
            statuses: status_counts(&found),
            hits: page.hits(&passages, listed, &mut analyzer)?,
            suggestions,
            notices: plan.notices,
            expansions: plan.expansions,
            meaning,
        })
    }

    /// The facet counts of the request's match set without one of its filters.
    pub fn facets_without(&self, req: &SearchRequest, without: Without) -> Result<Facets> {
        let mut analyzer = self.analyzer.clone();
        let searcher = self.opened.reader.searcher();
        let compiler = self.compiler();
        let stats = Stats::new(&searcher);
        let plan = self.plan(&req.query, &mut analyzer, &Occurs::new(compiler, &stats))?;
        let mut filters = req.filters.clone();
        match without {
            Without::Ministries => filters.ministries.clear(),
            Without::Sections => filters.sections.clear(),
        }
        let query = compiler.count_query(&plan, &compiler.filters(&filters));
        let (ministries, sections) = facets::collectors();
        let (_, ministries, sections) =
            parallel::search(&stats, &query, &(Count, ministries, sections))?;
        Ok(Facets::of(&ministries, &sections, self.catalog()))
    }

    /// The passages of `record`'s item (its own too), in report order.
    pub fn item_passages(&self, record: &Record) -> Result<Vec<Record>> {
        let searcher = self.opened.reader.searcher();
        let f = self.opened.fields;
        let query = TermQuery::new(
            Term::from_facet(f.ministry_facet, &index::ministry_facet(&record.ministry)),
            IndexRecordOption::Basic,
        );
        let mut found = searcher.search(&query, &AllMatches)?;
        matches::sort(&mut found, Sort::Report);
        let passages = self.passages();
        let mut out = Vec::new();
        for f in found {
            let r = passages.record(&searcher, f.addr)?;
            if r.item == record.item && r.year == record.year {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The passage ids the index holds that are closest to `id`, best first.
    pub fn closest_ids(&self, id: &str) -> Result<Vec<String>> {
        let searcher = self.opened.reader.searcher();
        suggest::closest_terms(&searcher, self.opened.fields.id, id, 3)
    }

    /// The passage with this id, if the index holds it.
    pub fn passage(&self, id: &str) -> Result<Option<Record>> {
        let searcher = self.opened.reader.searcher();
        let term = Term::from_field_text(self.opened.fields.id, id);
        match bounded::first_with(&searcher, &term)? {
            Some(addr) => Ok(Some(self.passages().record(&searcher, addr)?)),
            None => Ok(None),
        }
    }
}

/// Matching passages per status.
fn status_counts(found: &[Found]) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for f in found {
        match f.status {
            Status::New => counts.new += 1,
            Status::Continuing => counts.continuing += 1,
            Status::Unmarked => counts.unmarked += 1,
        }
    }
    counts
}

/// Whether a form occurs as written in the passages' text or titles (as words or, inside
/// longer words, as character bigrams).
struct Occurs<'a> {
    compiler: Compiler,
    stats: &'a Stats<'a>,
    /// No passage is deleted (an index as `build` writes it): a term's document frequency
    /// counts passages that are there.
    whole: bool,
}

impl<'a> Occurs<'a> {
    fn new(compiler: Compiler, stats: &'a Stats<'a>) -> Occurs<'a> {
        let whole = (stats.searcher.segment_readers().iter()).all(|r| r.num_deleted_docs() == 0);
        Occurs {
            compiler,
            stats,
            whole,
        }
    }
}

impl Corpus for Occurs<'_> {
    fn occurs(&self, form: &Form) -> bool {
        let parts: Vec<Box<dyn Query>> = self
            .compiler
            .form_parts(form)
            .into_iter()
            .filter(|p| p.place != Where::Section)
            .map(|p| p.query)
            .collect();
        // A part of one term (a word of one token, a bigram) is in a passage when its term
        // is: no search for that.
        if self.whole {
            for part in &parts {
                if let [term] = compile::terms(part.as_ref()).as_slice() {
                    if self.stats.doc_freq(term).is_ok_and(|n| n > 0) {
                        return true;
                    }
                }
            }
        }
        let query = BooleanQuery::union(parts);
        bounded::exists(self.stats.searcher, &query).unwrap_or(false)
    }
}
