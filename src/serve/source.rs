//! `/source/{n}`: the n-th PDF the index was built from, so that a passage view can open it at
//! the passage's page (`#page=N`). Only files the catalog lists are served, and only while they
//! are the size they had when the index was built. tower-http's `ServeFile` streams the file and
//! answers range requests.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::api::ApiError;
use crate::search::Engine;

pub(super) async fn source(
    State(engine): State<Arc<Engine>>,
    number: Result<Path<usize>, PathRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    let sources = &engine.catalog().sources;
    let none = || {
        let listed = match sources.len() {
            0 => "this index was built from text, not from a PDF".to_string(),
            n => format!("it was built from {n} PDF(s), numbered from 0"),
        };
        ApiError::not_found(format!("no such source file; {listed}"))
    };
    let Ok(Path(number)) = number else {
        return Err(none());
    };
    let Some(src) = sources.get(number) else {
        return Err(none());
    };
    let gone = |what: &str| {
        ApiError::not_found(format!(
            "the source file {} {what} since the index was built; rebuild the index \
             (wlb-search build FILE) to link passages to it again",
            src.path.display()
        ))
    };
    match tokio::fs::metadata(&src.path).await {
        Ok(m) if m.is_file() && m.len() == src.bytes => {}
        Ok(_) => return Err(gone("has changed")),
        Err(_) => return Err(gone("has gone")),
    }
    let file = ServeFile::new_with_mime(&src.path, &mime::APPLICATION_PDF);
    let mut response = match file.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    // Chromium's PDF viewer is a plugin in a generated page: the page's policy
    // (`default-src 'none'`, hence `object-src 'none'`) would block it. Nothing here runs
    // script of ours, so the file gets only the no-framing rule.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PDF_CSP),
    );
    Ok(response)
}

/// The policy sent with a source PDF.
pub const PDF_CSP: &str = "frame-ancestors 'none'";
