//! The JSON API's handlers and its error responses. The HTTP status of a library error
//! follows its [`ErrorKind`]: the user's to fix is 400, anything else 500.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::params::search_request;
use crate::error::{Error, ErrorKind};
use crate::index::{MinistryEntry, SectionEntry};
use crate::search::{Engine, LooseRequest, RequestError, Without};
use crate::wire::{ErrorBody, JsonPassage, SearchResponse};

/// An error response: status and message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(super) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub(super) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    pub(super) fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let status = match e.kind() {
            ErrorKind::Input => StatusCode::BAD_REQUEST,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        // The message and its causes, once each.
        let mut message = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            message = format!("{message}: {c}");
            cause = c.source();
        }
        ApiError {
            status,
            message: shortened(message),
        }
    }
}

/// Longest message sent back, in characters: a value the user sent is named, not echoed whole.
const MAX_MESSAGE: usize = 300;

fn shortened(message: String) -> String {
    if message.chars().count() <= MAX_MESSAGE {
        return message;
    }
    let mut short: String = message.chars().take(MAX_MESSAGE).collect();
    short.push('…');
    short
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

pub(super) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no such page or endpoint: {}; the page is at / and the API under /api/ \
         (search, map, compare, ministries, sections, passages/{{id}}, passages/{{id}}/similar)",
        uri.path()
    ))
}

pub(super) async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!(
            "{method} is not allowed on {}: the page and the API only answer GET",
            uri.path()
        ),
    }
}

/// Runs a search and its facet counts (each facet without its own filter: counted beside the
/// search, on rayon's threads, when a filter asks for them).
pub fn search(engine: &Engine, loose: &LooseRequest) -> Result<SearchResponse, ApiError> {
    let req = engine.resolve(loose).map_err(Error::from)?;
    let without = |facet: Without, filtered: bool| {
        filtered
            .then(|| engine.facets_without(&req, facet))
            .transpose()
    };
    let (by_ministry, by_section) = (
        !req.filters().ministries.is_empty(),
        !req.filters().sections.is_empty(),
    );
    let (results, (ministries, sections)) = if by_ministry || by_section {
        rayon::join(
            || engine.search(&req),
            || {
                rayon::join(
                    || without(Without::Ministries, by_ministry),
                    || without(Without::Sections, by_section),
                )
            },
        )
    } else {
        (engine.search(&req), (Ok(None), Ok(None)))
    };
    let results = results?;
    let ministries = ministries?.unwrap_or_else(|| results.facets.clone());
    let sections = sections?.unwrap_or_else(|| results.facets.clone());
    Ok(SearchResponse::new(
        &req,
        &results,
        ministries,
        sections,
        engine.catalog(),
    ))
}

pub(super) async fn api_search(
    State(engine): State<Arc<Engine>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let req = search_request(raw.as_deref().unwrap_or(""))?;
    // On a blocking thread: the deadline can answer for a search that runs long, and the
    // async workers keep serving the page.
    let response = tokio::task::spawn_blocking(move || search(&engine, &req))
        .await
        .map_err(|_| ApiError::internal("the search failed; see the server's output"))??;
    Ok(Json(response))
}

pub(super) async fn api_ministries(State(engine): State<Arc<Engine>>) -> Json<Vec<MinistryEntry>> {
    Json(engine.catalog().ministries.clone())
}

pub(super) async fn api_sections(State(engine): State<Arc<Engine>>) -> Json<Vec<SectionEntry>> {
    Json(engine.catalog().sections.clone())
}

pub(super) async fn api_passage(
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
        Some(record) => Ok(Json(JsonPassage::located(&record, engine.catalog()))),
        // As `show` and `/api/passages/{id}/similar` word it: with the closest ids.
        None => Err(ApiError::not_found(
            crate::Error::from(RequestError::UnknownPassage {
                suggestions: engine.closest_ids(&id)?,
                given: id,
            })
            .to_string(),
        )),
    }
}
