//! The JSON shapes shared by the CLI (`--format json`) and the HTTP API, in one place, so
//! that neither front end imports the other.
//!
//! # A hit ([`JsonHit`]; one per line from `search --format json`, `hits` in the API)
//!
//! | field | meaning |
//! |---|---|
//! | `type` | `hit` |
//! | `rank` | 1 for the best hit |
//! | `score` | BM25 relevance (text + boosted item title) |
//! | `id` | stable passage id, `<year>-<ministry code>-<nn>` |
//! | `year` | fiscal year of the report (令和5年度 = 2023) |
//! | `ministry`, `ministry_en` | official Japanese and English names |
//! | `page` | PDF page (a number) |
//! | `item` | the 重点項目 title |
//! | `status` | `new` (【新規】), `continuing` (【継続】) or `unmarked` |
//! | `sections` | canonical guideline paths, e.g. `["II.1.(2).②"]`; own plans start `own:` |
//! | `section_refs` | the same with `kind`, written `titles`, `raw` text and optional `label` |
//! | `text` | the full passage |
//! | `snippet` | `{text, start, cut_before, cut_after, highlights}`: a fragment, its character offset in `text`, and `[from, to)` character ranges to highlight within the fragment |
//! | `item_highlights` | `[from, to)` character ranges to highlight in `item` |
//! | `matched` | `all` (in the match set: counted) or `related` (shares a distinctive word of the query, or a thesaurus relation of one, without matching it; listed after the matches when they are few, never counted) |
//! | `more` | other passages of the same item that this row stands for (0 unless collapsed) |
//! | `explain` | only with `--explain`: per query word, `{word, required, parts}`; each part is `{form, relation, field, by, score}`: the form that matched (the word or a thesaurus alternative, `relation` `same`/`near`), `field` `text`/`item`, `by` `words` (morphological) or `bigrams`, and its score |
//!
//! `search --format json` ends with one [`Summary`] line (`"type": "summary"`): the counts of
//! the match set. [`JsonPassage`] is one passage without a query (`GET /api/passages/{id}`), and
//! [`SearchResponse`] the answer to `GET /api/search`. All offsets count Unicode scalar
//! values (characters), not bytes. The shapes of `map` and `compare` are documented in `wire/views.rs`.
//! `ministries` and `sections` write the catalog's
//! [`MinistryEntry`](crate::index::MinistryEntry) and [`SectionEntry`](crate::index::SectionEntry).

use serde::{Deserialize, Serialize};

mod views;
pub use views::{
    CompareColumn, CompareResponse, CompareSection, ComparedItem, ComparedOrganisation, MapCell,
    MapColumn, MapLine, MapResponse, MapRow, MapSummary, ViewRequest,
};

use crate::domain::{FiscalYear, Record, SectionPath, SectionRef, Status};
use crate::index::Catalog;
use crate::query::Expansion;
use crate::search::{
    self, Hit, MatchKind, Matched, MeaningUse, SearchRequest, SearchResults, Snippet, Sort,
    StatusCounts,
};

/// What a JSON line is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LineType {
    Hit,
    Summary,
}

/// One hit (see the module docs).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
    #[serde(rename = "type")]
    pub line: LineType,
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub year: u16,
    pub ministry: String,
    pub ministry_en: String,
    pub page: u32,
    pub item: String,
    pub status: Status,
    pub sections: Vec<String>,
    pub section_refs: Vec<SectionRef>,
    pub text: String,
    pub snippet: Snippet,
    pub item_highlights: Vec<[usize; 2]>,
    /// `all`: matches the query; `some`: at least half of its words or of a compound's pieces;
    /// `related`: like the best hits (these two only fill a page that full matches leave short).
    pub matched: MatchKind,
    /// Other passages of the same item that this row stands for.
    pub more: usize,
    /// With `--explain` (API: `explain=1`): for each query word, where and how it matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Matched>>,
}

impl From<&Hit> for JsonHit {
    fn from(h: &Hit) -> JsonHit {
        let p = JsonPassage::from(&h.record);
        JsonHit {
            line: LineType::Hit,
            rank: h.rank,
            score: h.score,
            id: p.id,
            year: p.year,
            ministry: p.ministry,
            ministry_en: p.ministry_en,
            page: p.page,
            item: p.item,
            status: p.status,
            sections: p.sections,
            section_refs: p.section_refs,
            text: p.text,
            snippet: h.snippet.clone(),
            item_highlights: h.item_highlights.clone(),
            matched: h.matched,
            more: h.more,
            explain: h.explain.clone(),
        }
    }
}

/// One whole passage: the fields of [`JsonHit`] that do not depend on a query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonPassage {
    pub id: String,
    pub year: u16,
    pub ministry: String,
    pub ministry_en: String,
    pub page: u32,
    pub item: String,
    pub status: Status,
    pub sections: Vec<String>,
    pub section_refs: Vec<SectionRef>,
    pub text: String,
    /// The PDF it was read from, when the index was built from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceLink>,
}

/// Where to read a passage in its PDF: `serve` answers `/source/{number}` with the file, so the
/// page links to `/source/{number}#page={page}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    /// Its place among the index's PDF inputs.
    pub number: usize,
    /// The file, as an absolute path.
    pub file: String,
    /// The PDF page of the passage.
    pub page: u32,
}

impl JsonPassage {
    /// The passage with the PDF it was read from, if any.
    pub fn located(record: &Record, catalog: &Catalog) -> JsonPassage {
        JsonPassage {
            source: catalog.source_of(&record.id).map(|(number, s)| SourceLink {
                number,
                file: s.path.display().to_string(),
                page: record.page,
            }),
            ..JsonPassage::from(record)
        }
    }
}

impl From<&Record> for JsonPassage {
    fn from(r: &Record) -> JsonPassage {
        JsonPassage {
            id: r.id.clone(),
            year: r.year.0,
            ministry: r.ministry.clone(),
            ministry_en: r.ministry_en.clone(),
            page: r.page,
            item: r.item.clone(),
            status: r.status,
            sections: r.sections.iter().map(|s| s.path.to_string()).collect(),
            section_refs: r.sections.clone(),
            text: r.text.clone(),
            source: None,
        }
    }
}

/// The counts of a search's match set: the last line of `search --format json`, and
/// `summary` in the API.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    #[serde(rename = "type")]
    pub line: LineType,
    /// The query as given (empty when browsing).
    pub query: String,
    /// The words as analyzed, phrases in quotes, `OR` groups and `-exclusions`.
    pub understood: String,
    /// Words widened with the thesaurus, with their alternatives.
    pub expansions: Vec<Expansion>,
    /// Parts of the query that were ignored, and why.
    pub notices: Vec<String>,
    /// Passages that match (the related ones never count).
    pub total: usize,
    /// Items (重点項目 of an organisation) among them.
    pub items: usize,
    /// Organisations with at least one matching passage.
    pub ministries_matched: usize,
    /// Every organisation of the index in report order, with its matching passages (0 too);
    /// a ministry filter is left out here, so that the others' counts show.
    pub ministries: Vec<MinistryCount>,
    /// The organisations with no matching passage (言及なし), in report order.
    pub silent: Vec<String>,
    pub statuses: StatusCounts,
    /// Per top-level guideline section (and `own:`), sections without a match left out.
    pub sections: Vec<SectionCount>,
    /// When nothing matched: close words the index holds.
    pub suggestions: Vec<String>,
    /// Rows listed: matches, then related.
    pub listed: usize,
    pub related_listed: usize,
    pub sort: Sort,
    pub collapse: bool,
    /// Whether meaning (semantic search) was fused into the ranking, or why it is off.
    pub meaning: MeaningUse,
}

impl Summary {
    /// The summary of `results`; `all_ministries` are the match set's per-ministry counts
    /// without a ministry filter.
    pub fn new(
        req: &SearchRequest,
        results: &SearchResults,
        all_ministries: &search::Facets,
        catalog: &Catalog,
    ) -> Summary {
        let ministries: Vec<MinistryCount> = catalog
            .ministries
            .iter()
            .map(|m| MinistryCount {
                name: m.name.clone(),
                count: all_ministries
                    .ministries
                    .iter()
                    .find(|(n, _)| *n == m.name)
                    .map_or(0, |(_, c)| *c),
            })
            .collect();
        Summary {
            line: LineType::Summary,
            query: req.query().to_string(),
            understood: results.understood.clone(),
            expansions: results.expansions.clone(),
            notices: results.notices.clone(),
            total: results.total,
            items: results.items,
            ministries_matched: results.facets.ministries.len(),
            silent: ministries
                .iter()
                .filter(|m| m.count == 0)
                .map(|m| m.name.clone())
                .collect(),
            ministries,
            statuses: results.statuses,
            sections: section_counts(&results.facets, catalog),
            suggestions: results.suggestions.clone(),
            listed: results.hits.len(),
            related_listed: results
                .hits
                .iter()
                .filter(|h| h.matched != MatchKind::All)
                .count(),
            sort: req.sort(),
            collapse: req.collapse(),
            meaning: results.meaning.clone(),
        }
    }
}

fn section_counts(facets: &search::Facets, catalog: &Catalog) -> Vec<SectionCount> {
    facets
        .sections
        .iter()
        .map(|(path, count)| SectionCount {
            title: catalog.section_title(path).unwrap_or_default().to_string(),
            path: path.clone(),
            count: *count,
        })
        .collect()
}

/// The answer to `GET /api/search`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SearchResponse {
    pub query: Understood,
    /// All matching passages, not only those returned.
    pub total: usize,
    /// Items among them.
    pub items: usize,
    /// Rows of the match set (items when collapsed): what paging counts.
    pub rows: usize,
    /// The requested page of rows, with the fields of `search --format json`: matches, then
    /// related passages (`matched`), when the matches are few.
    pub hits: Vec<JsonHit>,
    pub facets: Facets,
    /// The counts of the match set, as the last line of `search --format json`.
    pub summary: Summary,
}

/// The answer to `GET /api/passages/{id}/similar`: the passage, and other organisations'
/// passages like it, best first, with the fields of a search hit (`score` is the similarity,
/// `explain` lists the shared words, thesaurus groups and guideline section).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SimilarResponse {
    pub passage: JsonPassage,
    /// Passages within the filters that share at least one of its words.
    pub total: usize,
    pub hits: Vec<JsonHit>,
}

impl SimilarResponse {
    pub fn new(results: &search::SimilarResults, catalog: &Catalog) -> SimilarResponse {
        SimilarResponse {
            passage: JsonPassage::located(&results.seed, catalog),
            total: results.total,
            hits: results.hits.iter().map(JsonHit::from).collect(),
        }
    }
}

/// The request as the server understood it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Understood {
    /// The query as given.
    pub text: String,
    /// The words as analyzed, phrases in quotes, `OR` groups and `-exclusions`.
    pub understood: String,
    /// Parts of the query that were ignored, and why.
    pub notices: Vec<String>,
    /// Words widened with the thesaurus, with their alternatives.
    pub expansions: Vec<Expansion>,
    /// Ministry filters resolved to official names.
    pub ministries: Vec<String>,
    /// Section filters as canonical paths.
    pub sections: Vec<SectionPath>,
    /// Fiscal-year filters (`year=2023`, `令和5`, `R5`) as years.
    pub years: Vec<FiscalYear>,
    pub status: Option<Status>,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub collapse: bool,
    pub related: bool,
}

/// Facet counts. Each facet ignores its own filter (so that ticking one ministry still shows
/// how many hits the others would add) and applies all the others.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Facets {
    /// Hits per ministry, most first; ministries without hits are left out.
    pub ministries: Vec<MinistryCount>,
    /// Hits per top-level guideline section (`II`, …, and `own:` for own plans).
    pub sections: Vec<SectionCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MinistryCount {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionCount {
    pub path: SectionPath,
    pub title: String,
    pub count: usize,
}

/// The body of every error response of the API.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: String,
}

impl SearchResponse {
    /// The response to `req`: its `results`, and facets counted each without its own filter
    /// (`ministries`, `sections`).
    pub fn new(
        req: &SearchRequest,
        results: &SearchResults,
        ministries: search::Facets,
        sections: search::Facets,
        catalog: &Catalog,
    ) -> SearchResponse {
        let filters = req.filters();
        SearchResponse {
            query: Understood {
                text: req.query().to_string(),
                understood: results.understood.clone(),
                notices: results.notices.clone(),
                expansions: results.expansions.clone(),
                ministries: filters.ministries.clone(),
                sections: filters.sections.clone(),
                years: filters.years.clone(),
                status: filters.status,
                limit: req.limit(),
                offset: req.offset(),
                sort: req.sort(),
                collapse: req.collapse(),
                related: req.related(),
            },
            total: results.total,
            items: results.items,
            rows: results.rows,
            summary: Summary::new(req, results, &ministries, catalog),
            hits: results.hits.iter().map(JsonHit::from).collect(),
            facets: Facets {
                ministries: ministries
                    .ministries
                    .clone()
                    .into_iter()
                    .map(|(name, count)| MinistryCount { name, count })
                    .collect(),
                sections: section_counts(&sections, catalog),
            },
        }
    }
}

/// One passage whole, as `show --format json` gives it:
/// the passage, the titles of the sections it cites, and every passage of its item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Shown {
    pub passage: JsonPassage,
    /// The sections it cites, with their titles in the guideline (or as written).
    pub section_titles: Vec<SectionCount>,
    /// The passages of its item in report order, itself included.
    pub item_passages: Vec<JsonPassage>,
}

impl Shown {
    pub fn new(record: &Record, item: &[Record], catalog: &Catalog) -> Shown {
        Shown {
            passage: JsonPassage::located(record, catalog),
            section_titles: record
                .sections
                .iter()
                .map(|s| SectionCount {
                    title: catalog
                        .section_title(&s.path)
                        .unwrap_or_default()
                        .to_string(),
                    path: s.path.clone(),
                    count: catalog
                        .sections
                        .iter()
                        .find(|e| e.path == s.path)
                        .map_or(0, |e| e.passages),
                })
                .collect(),
            item_passages: item.iter().map(JsonPassage::from).collect(),
        }
    }
}
