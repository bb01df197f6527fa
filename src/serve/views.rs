//! `/api/map` and `/api/compare`: the parameters of `/api/search` (`params`) plus `level`,
//! resolved and run as the CLI's `map` and `compare` run them, answered with the shapes of
//! [`crate::wire`] (`MapResponse`, `CompareResponse`).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::Json;

use super::api::ApiError;
use super::params::request_with;
use crate::error::Error;
use crate::search::{check_compared, Engine, Level, LooseRequest};
use crate::wire::{CompareResponse, MapResponse};

/// The request and the level of a map or comparison.
fn view_request(raw_query: &str) -> Result<(LooseRequest, Level), ApiError> {
    let (mut req, extras) = request_with(raw_query, &["level"])?;
    let level = match extras.as_slice() {
        [] => Level::default(),
        [(_, value)] if value.is_empty() => Level::default(),
        [(_, value)] => Level::parse(value).map_err(Error::from)?,
        _ => {
            return Err(ApiError::bad_request(
                "level is given twice: give one (1, 2 or 3)",
            ))
        }
    };
    // Every match, one per passage: what the map counts and the comparison lists.
    req.collapse = false;
    req.related = false;
    Ok((req, level))
}

/// The map of a request given as a query string.
pub fn map(engine: &Engine, raw_query: &str) -> Result<MapResponse, ApiError> {
    let (loose, level) = view_request(raw_query)?;
    let req = engine.resolve(&loose).map_err(Error::from)?;
    let grid = engine.section_grid(&req, level)?;
    Ok(MapResponse::new(&req, &grid, engine.catalog()))
}

/// The comparison of the `ministry` parameters' organisations.
pub fn compare(engine: &Engine, raw_query: &str) -> Result<CompareResponse, ApiError> {
    let (loose, level) = view_request(raw_query)?;
    let req = engine.resolve(&loose).map_err(Error::from)?;
    check_compared(&loose.ministries, &req.filters().ministries).map_err(Error::from)?;
    let comparison = engine.compare(&req, level)?;
    Ok(CompareResponse::new(&req, &comparison, engine.catalog()))
}

/// Runs `f` on a blocking thread (as `/api/search` does).
async fn blocking<T: Send + 'static>(
    engine: Arc<Engine>,
    raw: Option<String>,
    f: fn(&Engine, &str) -> Result<T, ApiError>,
) -> Result<Json<T>, ApiError> {
    tokio::task::spawn_blocking(move || f(&engine, raw.as_deref().unwrap_or("")))
        .await
        .map_err(|_| ApiError::internal("the request failed; see the server's output"))?
        .map(Json)
}

pub(super) async fn api_map(
    State(engine): State<Arc<Engine>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<MapResponse>, ApiError> {
    blocking(engine, raw, map).await
}

pub(super) async fn api_compare(
    State(engine): State<Arc<Engine>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CompareResponse>, ApiError> {
    blocking(engine, raw, compare).await
}
