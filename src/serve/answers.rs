//! Answers kept in memory: a server's index does not change while it runs (it keeps the
//! generation it opened), so the same request (path and query string) gets the same answer,
//! and the second time it is sent from memory instead of searched again, as Groonga's query
//! cache does. Only successful answers of the search endpoints are kept, within a budget of
//! bytes (quick_cache's weighted cache: the least useful answers go first); `X-Cache` says
//! `hit` or `miss`. A budget of 0 keeps nothing.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::api::ApiError;

/// Memory for kept answers when `serve` is not told otherwise, in MB.
pub const DEFAULT_MB: u64 = 32;
/// The largest budget `--cache-mb` accepts.
pub const MAX_MB: u64 = 4096;
/// Header that says whether an answer came from memory.
pub const X_CACHE: &str = "x-cache";

/// An answer weighs its body's bytes and its key's.
#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Bytes> for ByBytes {
    fn weight(&self, key: &String, body: &Bytes) -> u64 {
        (key.len() + body.len()) as u64
    }
}

/// The answers kept, or none.
pub struct Answers {
    kept: Option<Cache<String, Bytes, ByBytes>>,
}

impl Answers {
    /// Keeps answers within `mb` megabytes; 0 keeps none.
    pub fn within(mb: u64) -> Answers {
        let bytes = mb.min(MAX_MB) * 1024 * 1024;
        Answers {
            // quick_cache sizes its table from an estimate of the entries: an answer is
            // about 20 KB.
            kept: (bytes > 0)
                .then(|| Cache::with_weighter((bytes / 20_000).max(16) as usize, bytes, ByBytes)),
        }
    }
}

/// The middleware: an answer kept for this request, else the handler's (kept if it is a
/// success).
pub(super) async fn remembered(
    State(answers): State<Arc<Answers>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(kept) = &answers.kept else {
        return next.run(request).await;
    };
    let key = request.uri().to_string();
    if let Some(body) = kept.get(&key) {
        let mut response = Response::new(Body::from(body));
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert(X_CACHE, HeaderValue::from_static("hit"));
        return response;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The handlers' bodies are already whole in memory (JSON): collecting them costs a copy.
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::internal("the answer could not be read; see the server's output")
            .into_response();
    };
    kept.insert(key, body.clone());
    parts
        .headers
        .insert(X_CACHE, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}
