//! A search as typed ([`LooseRequest`]: strings) and as searched ([`SearchRequest`]: the query
//! checked, ministries, sections and years resolved against the index's [`Catalog`]).
//!
//! The CLI and the HTTP API both build a `LooseRequest` and resolve it once, at their edge;
//! search never sees a filter as the user typed it.

use super::error::RequestError;
use super::matches::Sort;
use crate::domain::ministry::{self, Resolution};
use crate::domain::{FiscalYear, SectionPath, Status};
use crate::index::Catalog;
use crate::report::parse_user_path;

/// Default number of hits.
pub const DEFAULT_LIMIT: usize = 10;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A search as the user gave it.
#[derive(Debug, Clone, Default)]
pub struct LooseRequest {
    pub query: String,
    /// Ministries as typed (any accepted spelling); any of them matches.
    pub ministries: Vec<String>,
    /// Section prefixes as typed (`II.1.(2)`, `Ⅱ.１.（２）`); any of them matches.
    pub sections: Vec<String>,
    /// Fiscal years as typed (`2023`, `令和5`, `R5`); any of them matches.
    pub years: Vec<String>,
    pub status: Option<Status>,
    pub limit: usize,
    /// Hits to skip before the first one returned (for paging); ranks count from the top.
    pub offset: usize,
    /// Say for each hit which words matched where.
    pub explain: bool,
    /// Order: by score, or as the report has them; default: by score for a query, report
    /// order when browsing (no query).
    pub sort: Option<Sort>,
    /// One row per item (its best passage) instead of one per passage.
    pub collapse: bool,
    /// List related passages below a short match set.
    pub related: bool,
    /// Let meaning (sentence embeddings) reorder the matches and add related passages, when
    /// the index has vectors and the model is there.
    pub semantic: bool,
}

impl LooseRequest {
    /// A query with the defaults: 10 rows, collapsed by item, related passages below.
    pub fn query(query: impl Into<String>) -> LooseRequest {
        LooseRequest {
            query: query.into(),
            limit: DEFAULT_LIMIT,
            collapse: true,
            related: true,
            semantic: true,
            ..LooseRequest::default()
        }
    }
}

/// Filters resolved against an index; each list matches any of its values, and an empty list
/// does not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Official names.
    pub ministries: Vec<String>,
    pub sections: Vec<SectionPath>,
    pub years: Vec<FiscalYear>,
    pub status: Option<Status>,
}

/// A search ready to run: made only by [`SearchRequest::resolve`]. An empty query browses:
/// every passage within the filters.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub(crate) query: String,
    pub(crate) filters: Filters,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) explain: bool,
    pub(crate) sort: Sort,
    pub(crate) collapse: bool,
    pub(crate) related: bool,
    pub(crate) semantic: bool,
}

impl SearchRequest {
    /// Checks the query and the limit and resolves the filters against `catalog`.
    pub fn resolve(loose: &LooseRequest, catalog: &Catalog) -> Result<SearchRequest, RequestError> {
        let len = loose.query.chars().count();
        if len > MAX_QUERY_CHARS {
            return Err(RequestError::QueryTooLong {
                len,
                max: MAX_QUERY_CHARS,
            });
        }
        if loose.limit == 0 {
            return Err(RequestError::ZeroLimit);
        }
        let ministries = resolve_ministries(&loose.ministries, catalog)?;
        let years = resolve_years(&loose.years, catalog)?;
        let sections = resolve_sections(&loose.sections, catalog)?;
        let browse = loose.query.trim().is_empty();
        Ok(SearchRequest {
            sort: loose
                .sort
                .unwrap_or(if browse { Sort::Report } else { Sort::Score }),
            collapse: loose.collapse,
            related: loose.related,
            semantic: loose.semantic,
            query: loose.query.clone(),
            filters: Filters {
                ministries,
                sections,
                years,
                status: loose.status,
            },
            limit: loose.limit,
            offset: loose.offset,
            explain: loose.explain,
        })
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn collapse(&self) -> bool {
        self.collapse
    }

    pub fn related(&self) -> bool {
        self.related
    }

    pub fn semantic(&self) -> bool {
        self.semantic
    }
}

/// Ministry names as typed → the index's official names.
fn resolve_ministries(typed: &[String], catalog: &Catalog) -> Result<Vec<String>, RequestError> {
    let names = catalog.ministry_names();
    typed
        .iter()
        .map(|t| match ministry::resolve(t, &names) {
            Resolution::Found(n) => Ok(n),
            Resolution::Ambiguous(candidates) => Err(RequestError::AmbiguousMinistry {
                given: t.clone(),
                candidates,
            }),
            Resolution::Unknown(suggestions) => Err(RequestError::UnknownMinistry {
                given: t.clone(),
                suggestions,
            }),
        })
        .collect()
}

/// Section prefixes as typed → canonical paths that the index holds; `none` (記載なし) stands
/// for the passages that cite no section.
fn resolve_sections(typed: &[String], catalog: &Catalog) -> Result<Vec<SectionPath>, RequestError> {
    typed
        .iter()
        .map(|t| {
            if ["none", "記載なし", "なし"].contains(&ministry::fold(t).as_str()) {
                return Ok(SectionPath::none());
            }
            let path = parse_user_path(t)
                .map(SectionPath::new)
                .ok_or_else(|| RequestError::BadSection { given: t.clone() })?;
            let known = &catalog.sections;
            let held = if path.is_own_root() {
                known.iter().any(|s| s.path.is_own())
            } else {
                known.iter().any(|s| s.path == path)
            };
            if held {
                return Ok(path);
            }
            let mut close: Vec<(f64, &SectionPath)> = known
                .iter()
                .map(|s| {
                    (
                        ministry::similarity(path.as_str(), s.path.as_str()),
                        &s.path,
                    )
                })
                .collect();
            close.sort_by(|a, b| b.0.total_cmp(&a.0));
            Err(RequestError::UnknownSection {
                given: path.to_string(),
                suggestions: close
                    .into_iter()
                    .take(3)
                    .map(|(_, p)| p.to_string())
                    .collect(),
            })
        })
        .collect()
}

/// Fiscal years as typed (`2023`, `令和5`, `R5`) → years the index holds.
fn resolve_years(typed: &[String], catalog: &Catalog) -> Result<Vec<FiscalYear>, RequestError> {
    let known = &catalog.years;
    typed
        .iter()
        .map(|t| match FiscalYear::parse_folded(&ministry::fold(t)) {
            Some(y) if known.contains(&y) => Ok(y),
            _ => Err(RequestError::UnknownYear {
                given: t.clone(),
                known: known.clone(),
            }),
        })
        .collect()
}
