//! What a request must be before a handler sees it: addressed to this machine by name
//! (against DNS rebinding: a web page whose name resolves to 127.0.0.1 cannot call the API),
//! with a URI of a sensible length.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::wire::ErrorBody;

/// Longest URI accepted, in bytes (a query is at most 1,000 characters, ~27 KB encoded).
pub const MAX_URI: usize = 32 * 1024;

/// The `Host` values the server answers to: localhost, 127.0.0.1, [::1] and the address it
/// listens on, with or without its port; any when it listens on every address.
#[derive(Debug, Clone)]
pub struct Hosts {
    names: Vec<String>,
    any: bool,
}

impl Hosts {
    pub fn new(host: IpAddr, port: u16) -> Hosts {
        let listened = match host {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        };
        let mut names = Vec::new();
        for name in ["localhost", "127.0.0.1", "[::1]", listened.as_str()] {
            names.push(name.to_string());
            names.push(format!("{name}:{port}"));
        }
        Hosts {
            names,
            any: host.is_unspecified(),
        }
    }

    fn allows(&self, host: &str) -> bool {
        self.any || self.names.iter().any(|n| n.eq_ignore_ascii_case(host))
    }
}

fn refuse(status: StatusCode, error: String) -> Response {
    (status, Json(ErrorBody { error })).into_response()
}

/// Refuses a request for another host, or with an overlong URI.
pub(super) async fn check(
    State(hosts): State<Arc<Hosts>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().to_string().len() > MAX_URI {
        return refuse(
            StatusCode::URI_TOO_LONG,
            format!("the URI is too long; the limit is {MAX_URI} bytes"),
        );
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !hosts.allows(host) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "this server only answers requests for localhost or 127.0.0.1 (Host header)".into(),
        );
    }
    next.run(request).await
}
