//! Errors worded for a terminal: the library's message, with the command or flag that fixes
//! it where there is one (`wlb-search build --index DIR`, `--limit`), then its causes.

use std::path::Path;

use wlb_search::search::RequestError;
use wlb_search::{index, report, Error};

/// The whole message of an error, its contexts and causes joined with `: `, each once.
pub fn message(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<Error>() {
            Some(e) => terminal(e).unwrap_or_else(|| e.to_string()),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

fn rebuild(dir: &Path) -> String {
    format!(
        "rebuild it with `wlb-search build --index {}`",
        dir.display()
    )
}

/// The message of a library error that the CLI words its own way, if it is one.
fn terminal(e: &Error) -> Option<String> {
    Some(match e {
        Error::Index(index::Error::Missing { dir }) => format!(
            "no index at {}: build it with `wlb-search build --index {}`",
            dir.display(),
            dir.display()
        ),
        Error::Index(index::Error::NotAnIndex { dir }) => format!(
            "{} is not a wlb-search index (no CURRENT file) and is not empty; \
             give an empty or new directory with --index",
            dir.display()
        ),
        Error::Index(index::Error::NotADirectory { dir }) => format!(
            "{} is a file, not an index directory; give a directory with --index",
            dir.display()
        ),
        Error::Index(index::Error::Damaged { dir, detail }) => format!(
            "the index at {} is damaged or from another version ({detail}); {}",
            dir.display(),
            rebuild(dir)
        ),
        Error::Index(index::Error::Outdated { dir }) => format!(
            "the index at {} was built by another version of wlb-search; {}",
            dir.display(),
            rebuild(dir)
        ),
        Error::Report(report::Error::EmptyInput { .. } | report::Error::Binary { .. }) => {
            format!("{e} with --input")
        }
        Error::Request(r) => request(r)?,
        _ => return None,
    })
}

fn request(e: &RequestError) -> Option<String> {
    Some(match e {
        RequestError::UnknownMinistry { given, suggestions } => format!(
            "unknown ministry {given:?}; {}",
            suggest(suggestions, "wlb-search ministries")
        ),
        RequestError::BadSection { .. } => {
            format!("{e} (list them with `wlb-search sections`)")
        }
        RequestError::UnknownSection { given, suggestions } => format!(
            "no passage cites section {given}; {}",
            suggest(suggestions, "wlb-search sections")
        ),
        RequestError::ZeroLimit => "--limit must be at least 1".to_string(),
        _ => return None,
    })
}

fn suggest(suggestions: &[String], command: &str) -> String {
    if suggestions.is_empty() {
        format!("list the valid names with `{command}`")
    } else {
        format!(
            "did you mean {}? (all: `{command}`)",
            suggestions.join(", ")
        )
    }
}
