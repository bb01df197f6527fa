//! `GET /api/passages/{id}/similar`: other organisations' passages like one passage, with the
//! parameters of `wlb-search similar` and its messages (an unknown id is a 404 that names the
//! closest ids; a bad filter a 400).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::Json;

use super::api::ApiError;
use super::params::{add_filter, check_length, flag, number, status, MAX_LIMIT};
use crate::error::Error;
use crate::search::{Engine, LooseRequest, RequestError, SimilarRequest};
use crate::wire::SimilarResponse;

/// The parameters: the filters as typed, and whether the passage's organisation counts.
fn similar_params(raw_query: &str) -> Result<(LooseRequest, bool), ApiError> {
    let mut req = LooseRequest::query("");
    let mut same_ministry = false;
    for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        check_length(&key, &value)?;
        match &*key {
            "section" | "year" => add_filter(&mut req, &key, value.into_owned())?,
            "status" => req.status = status(&value)?,
            "limit" => req.limit = number("limit", &value, 1, MAX_LIMIT)?,
            "explain" => req.explain = flag("explain", &value)?,
            "same_ministry" => same_ministry = flag("same_ministry", &value)?,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; the parameters are section, status, year, \
                     limit, same_ministry and explain"
                )))
            }
        }
    }
    Ok((req, same_ministry))
}

/// Runs the request; an unknown passage is "not found", as `/api/passages/{id}` has it.
pub fn similar(engine: &Engine, id: &str, raw_query: &str) -> Result<SimilarResponse, ApiError> {
    let (loose, same_ministry) = similar_params(raw_query)?;
    let req = SimilarRequest::resolve(engine, id, &loose, same_ministry).map_err(Error::from)?;
    match engine.similar(&req) {
        Ok(results) => Ok(SimilarResponse::new(&results, engine.catalog())),
        Err(e @ Error::Request(RequestError::UnknownPassage { .. })) => {
            Err(ApiError::not_found(e.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn api_similar(
    State(engine): State<Arc<Engine>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SimilarResponse>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(e.body_text()))?;
    if id.chars().count() > 100 {
        return Err(ApiError::not_found(format!(
            "no passage with an id of {} characters; ids look like 2023-npa-03",
            id.chars().count()
        )));
    }
    let raw = raw.unwrap_or_default();
    let response = tokio::task::spawn_blocking(move || similar(&engine, &id, &raw))
        .await
        .map_err(|_| ApiError::internal("the request failed; see the server's output"))??;
    Ok(Json(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_parse_and_bad_ones_say_what_is_wrong() {
        let (r, same) =
            similar_params("section=II.1&status=new&year=2023&limit=5&same_ministry=1").unwrap();
        assert_eq!(
            (r.sections, r.years, r.limit, same),
            (vec!["II.1".to_string()], vec!["2023".to_string()], 5, true)
        );
        let err = |raw: &str| similar_params(raw).unwrap_err().message().to_string();
        assert_eq!(
            err("limit=0"),
            "limit must be a whole number from 1 to 100, not \"0\""
        );
        assert_eq!(
            err("same_ministry=x"),
            "same_ministry must be 1 or 0, not \"x\""
        );
        assert!(err("q=a").starts_with("unknown parameter \"q\""));
    }
}
