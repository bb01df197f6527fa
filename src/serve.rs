//! `wlb-search serve`: a search page and a JSON API on this machine, over one shared
//! [`Engine`].
//!
//! ```text
//! GET /                      the page (Japanese); its state lives in the URL: /?q=テレワーク
//! GET /app.js, /app.css      the page's script and style
//! GET /api/search?q=&ministry=&section=&status=&year=&limit=&offset= → SearchResponse
//! GET /api/ministries        → [MinistryEntry]  (as `ministries --format json`)
//! GET /api/sections          → [SectionEntry]   (as `sections --format json`)
//! GET /api/passages/{id}     → JsonPassage
//! ```
//!
//! The page, script and style are compiled into the binary; nothing is read from disk once the
//! index is open, and only the paths above exist, so no other file can be served. Every
//! response carries a strict Content-Security-Policy (no inline script or style, nothing from
//! other origins) and `nosniff`. Errors are JSON `{"error": "…"}`: 400 for a bad parameter
//! (with the library's message, which names the value and the fix), 404 for an unknown path or
//! passage, 405 for a method other than GET, 500 for a broken index. Request data is never
//! unwrapped. A search takes well under a millisecond, so handlers run it on the async worker
//! directly; the engine is shared read-only (each search clones the analyzer, which is cheap).
//!
//! Searching and rendering stay in [`crate::search`] and [`crate::present`]: hits are the
//! CLI's [`JsonHit`]s. This module only parses parameters and picks status codes.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::index::{MinistryEntry, SectionEntry};
use crate::plan::Expansion;
use crate::present::{JsonHit, JsonPassage};
use crate::report::Status;
use crate::search::{Engine, Relaxed, SearchRequest, DEFAULT_LIMIT, MAX_QUERY_CHARS};

/// Sent with every response: only this server's own script, style and data; no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";
/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Largest `offset` accepted (the report has a few hundred passages).
pub const MAX_OFFSET: usize = 10_000;
/// Most `ministry` or `section` parameters in one request.
pub const MAX_FILTERS: usize = 50;

const PAGE_HTML: &str = include_str!("serve/page.html");
const PAGE_JS: &str = include_str!("serve/page.js");
const PAGE_CSS: &str = include_str!("serve/page.css");

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
    pub sections: Vec<String>,
    /// Fiscal-year filters (`year=2023`, `令和5`, `R5`) as years.
    pub years: Vec<u16>,
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
    pub path: String,
    pub title: String,
    pub count: usize,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: String,
}

/// An error response: status and message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError {
            status: if e.is_bad_request() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            },
            message: e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}

/// The router: the page, its assets and the API over `engine`, with security headers.
pub fn router(engine: Engine) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/search", get(api_search))
        .route("/api/ministries", get(api_ministries))
        .route("/api/sections", get(api_sections))
        .route("/api/passages/{id}", get(api_passage))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(Arc::new(engine))
        .layer(axum::middleware::map_response(security_headers))
}

/// Serves `engine` on `listener` until Ctrl-C.
pub async fn run(listener: tokio::net::TcpListener, engine: Engine) -> std::io::Result<()> {
    axum::serve(listener, router(engine))
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}

/// The URL of the page for a listening address.
pub fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE_HTML)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", PAGE_JS)
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", PAGE_CSS)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no such page or endpoint: {}; the page is at / and the API under /api/ \
         (search, ministries, sections, passages/{{id}})",
        uri.path()
    ))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!(
            "{method} is not allowed on {}: the page and the API only answer GET",
            uri.path()
        ),
    }
}

/// Parses the parameters of `/api/search` into a request.
pub fn search_request(raw_query: &str) -> Result<SearchRequest, ApiError> {
    let mut req = SearchRequest {
        limit: DEFAULT_LIMIT,
        ..Default::default()
    };
    let mut query: Option<String> = None;
    for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        if value.chars().count() > MAX_QUERY_CHARS {
            let len = value.chars().count();
            return Err(if key == "q" {
                Error::QueryTooLong {
                    len,
                    max: MAX_QUERY_CHARS,
                }
                .into()
            } else {
                ApiError::bad_request(format!(
                    "parameter {key} is too long ({len} characters); the limit is {MAX_QUERY_CHARS}"
                ))
            });
        }
        match &*key {
            "q" if query.is_some() => {
                return Err(ApiError::bad_request(
                    "q is given twice: give one query (words separated by spaces)",
                ))
            }
            "q" => query = Some(value.into_owned()),
            "ministry" | "section" | "year" if value.trim().is_empty() => {}
            "ministry" | "section" | "year" => {
                let list = match &*key {
                    "ministry" => &mut req.ministries,
                    "section" => &mut req.sections,
                    _ => &mut req.years,
                };
                if list.len() == MAX_FILTERS {
                    return Err(ApiError::bad_request(format!(
                        "too many {key} parameters; the limit is {MAX_FILTERS}"
                    )));
                }
                list.push(value.into_owned());
            }
            "status" if value.is_empty() || value == "all" => req.status = None,
            "status" => {
                req.status = Some(Status::parse(&value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "status must be new, continuing, unmarked or all, not {value:?}"
                    ))
                })?)
            }
            "limit" => req.limit = number("limit", &value, 1, MAX_LIMIT)?,
            "offset" => req.offset = number("offset", &value, 0, MAX_OFFSET)?,
            "explain" => {
                req.explain = match &*value {
                    "" | "1" | "true" => true,
                    "0" | "false" => false,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "explain must be 1 or 0, not {value:?}"
                        )))
                    }
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; the parameters are q, ministry, section, \
                     status, year, limit, offset and explain"
                )))
            }
        }
    }
    req.query = match query {
        Some(q) if !q.trim().is_empty() => q,
        _ => {
            return Err(ApiError::bad_request(
                "the query is empty: give at least one word, e.g. /api/search?q=テレワーク",
            ))
        }
    };
    Ok(req)
}

fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be a whole number from {min} to {max}, not {value:?}"
        ))),
    }
}

/// Runs a search and its facet counts.
pub fn search(engine: &Engine, req: &SearchRequest) -> Result<SearchResponse, ApiError> {
    let results = engine.search(req)?;
    // Facet counts without their own filter; one hit is the least a search may ask for.
    let without = |strip: fn(&mut SearchRequest)| -> Result<_, ApiError> {
        let mut r = SearchRequest {
            limit: 1,
            offset: 0,
            explain: false,
            ..req.clone()
        };
        strip(&mut r);
        Ok(engine.search(&r)?)
    };
    let per_ministry = if req.ministries.is_empty() {
        results.per_ministry.clone()
    } else {
        without(|r| r.ministries.clear())?.per_ministry
    };
    let per_section = if req.sections.is_empty() {
        results.per_section.clone()
    } else {
        without(|r| r.sections.clear())?.per_section
    };
    let catalog = engine.catalog();
    let title = |path: &str| {
        catalog
            .sections
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    };
    Ok(SearchResponse {
        query: Understood {
            text: req.query.clone(),
            understood: results.understood.clone(),
            notices: results.notices.clone(),
            expansions: results.expansions.clone(),
            relaxed: results.relaxed,
            ministries: engine.resolve_ministries(&req.ministries)?,
            sections: engine.resolve_sections(&req.sections)?,
            years: engine.resolve_years(&req.years)?,
            status: req.status,
            limit: req.limit,
            offset: req.offset,
        },
        total: results.total,
        hits: results.hits.iter().map(JsonHit::from).collect(),
        facets: Facets {
            ministries: per_ministry
                .into_iter()
                .map(|(name, count)| MinistryCount { name, count })
                .collect(),
            sections: per_section
                .into_iter()
                .map(|(path, count)| SectionCount {
                    title: title(&path),
                    path,
                    count,
                })
                .collect(),
        },
    })
}

async fn api_search(
    State(engine): State<Arc<Engine>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let req = search_request(raw.as_deref().unwrap_or(""))?;
    Ok(Json(search(&engine, &req)?))
}

async fn api_ministries(State(engine): State<Arc<Engine>>) -> Json<Vec<MinistryEntry>> {
    Json(engine.catalog().ministries.clone())
}

async fn api_sections(State(engine): State<Arc<Engine>>) -> Json<Vec<SectionEntry>> {
    Json(engine.catalog().sections.clone())
}

async fn api_passage(
    State(engine): State<Arc<Engine>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<JsonPassage>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let no_such = || {
        ApiError::not_found(format!(
            "no passage {id:?}; ids look like 2023-npa-03 (see the id of a search hit)"
        ))
    };
    if id.len() > 100 {
        return Err(no_such());
    }
    match engine.passage(&id)? {
        Some(record) => Ok(Json(JsonPassage::from(&record))),
        None => Err(no_such()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(raw: &str) -> String {
        search_request(raw).unwrap_err().message
    }

    #[test]
    fn parameters_parse_into_a_request() {
        let r = search_request("q=%E3%83%86%E3%83%AC+1on1&ministry=%E7%B7%8F%E5%8B%99&ministry=&section=II.1&status=new&limit=5&offset=10").unwrap();
        assert_eq!(r.query, "テレ 1on1");
        assert_eq!(r.ministries, vec!["総務"]);
        assert_eq!(r.sections, vec!["II.1"]);
        assert_eq!(r.status, Some(Status::New));
        assert_eq!((r.limit, r.offset), (5, 10));
        let d = search_request("q=a&status=all").unwrap();
        assert_eq!((d.status, d.limit, d.offset), (None, DEFAULT_LIMIT, 0));
    }

    #[test]
    fn bad_parameters_say_what_is_wrong() {
        assert_eq!(
            err("q=a&limit=abc"),
            "limit must be a whole number from 1 to 100, not \"abc\""
        );
        assert_eq!(
            err("q=a&limit=0"),
            "limit must be a whole number from 1 to 100, not \"0\""
        );
        assert_eq!(
            err("q=a&offset=-1"),
            "offset must be a whole number from 0 to 10000, not \"-1\""
        );
        assert_eq!(
            err("q=a&status=old"),
            "status must be new, continuing, unmarked or all, not \"old\""
        );
        assert!(err("q=a&sort=date").starts_with("unknown parameter \"sort\""));
        assert!(err("q=+").starts_with("the query is empty"));
        assert!(err("").starts_with("the query is empty"));
        assert_eq!(
            err("q=a&q=b"),
            "q is given twice: give one query (words separated by spaces)"
        );
        assert_eq!(
            err(&format!("q={}", "あ".repeat(1001))),
            "the query is too long (1001 characters); the limit is 1000"
        );
    }
}
