//! The JSON shapes shared by the CLI (`--format json`) and the HTTP API, in one place, so
//! that neither front end imports the other.
//!
//! # A hit ([`JsonHit`]; one per line from `search --format json`, `hits` in the API)
//!
//! | field | meaning |
//! |---|---|
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
//! | `matched` | `all` (matches the query), `some` (at least half of its words, or of a compound's pieces) or `related` (no query word, but like the best hits); the last two only fill a page that full matches leave short, after them |
//! | `explain` | only with `--explain`: per query word, `{word, required, parts}`; each part is `{form, relation, field, by, score}`: the form that matched (the word or a thesaurus alternative, `relation` `same`/`near`), `field` `text`/`item`, `by` `words` (morphological) or `bigrams`, and its score |
//!
//! [`JsonPassage`] is one passage without a query (`GET /api/passages/{id}`), and
//! [`SearchResponse`] the answer to `GET /api/search`. All offsets count Unicode scalar
//! values (characters), not bytes. `ministries` and `sections` write the catalog's
//! [`MinistryEntry`](crate::index::MinistryEntry) and [`SectionEntry`](crate::index::SectionEntry).

use serde::{Deserialize, Serialize};

use crate::domain::{FiscalYear, Record, SectionPath, SectionRef, Status};
use crate::index::Catalog;
use crate::query::Expansion;
use crate::search::{
    self, Hit, MatchKind, Matched, Relaxed, SearchRequest, SearchResults, Snippet,
};

/// One hit (see the module docs).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
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
    /// With `--explain` (API: `explain=1`): for each query word, where and how it matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Matched>>,
}

impl From<&Hit> for JsonHit {
    fn from(h: &Hit) -> JsonHit {
        let p = JsonPassage::from(&h.record);
        JsonHit {
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
        }
    }
}

/// The answer to `GET /api/search`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SearchResponse {
    pub query: Understood,
    /// All matching passages, not only those returned.
    pub total: usize,
    /// The requested page of hits, with the fields of `search --format json`.
    pub hits: Vec<JsonHit>,
    pub facets: Facets,
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
    /// Set when no passage had every required word, and fewer were required.
    pub relaxed: Option<Relaxed>,
    /// Ministry filters resolved to official names.
    pub ministries: Vec<String>,
    /// Section filters as canonical paths.
    pub sections: Vec<SectionPath>,
    /// Fiscal-year filters (`year=2023`, `令和5`, `R5`) as years.
    pub years: Vec<FiscalYear>,
    pub status: Option<Status>,
    pub limit: usize,
    pub offset: usize,
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
                relaxed: results.relaxed,
                ministries: filters.ministries.clone(),
                sections: filters.sections.clone(),
                years: filters.years.clone(),
                status: filters.status,
                limit: req.limit(),
                offset: req.offset(),
            },
            total: results.total,
            hits: results.hits.iter().map(JsonHit::from).collect(),
            facets: Facets {
                ministries: ministries
                    .ministries
                    .into_iter()
                    .map(|(name, count)| MinistryCount { name, count })
                    .collect(),
                sections: sections
                    .sections
                    .into_iter()
                    .map(|(path, count)| SectionCount {
                        title: catalog.section_title(&path).unwrap_or_default().to_string(),
                        path,
                        count,
                    })
                    .collect(),
            },
        }
    }
}
