//! What can be wrong with a search request: the query, a filter, a limit.

use crate::domain::FiscalYear;
use crate::error::ErrorKind;

/// A request that cannot be run as asked. Messages name the value; front ends add where to
/// find the valid ones (the CLI its commands, the API its endpoints).
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error(
        "the query only excludes words ({query}): add a word to search for, e.g. `テレワーク {query}`"
    )]
    OnlyExclusions { query: String },
    #[error("the query {query:?} has no searchable word (only punctuation or symbols)")]
    NothingSearchable { query: String },
    #[error("the query is too long ({len} characters); the limit is {max}")]
    QueryTooLong { len: usize, max: usize },
    #[error("unknown ministry {given:?}{}", did_you_mean(suggestions))]
    UnknownMinistry {
        given: String,
        suggestions: Vec<String>,
    },
    #[error(
        "ministry {given:?} is ambiguous: it could be {}; give the full name",
        candidates.join(", ")
    )]
    AmbiguousMinistry {
        given: String,
        candidates: Vec<String>,
    },
    #[error("{given:?} is not a section path; write it like II.1.(2) or Ⅱ.1.（2）.②")]
    BadSection { given: String },
    #[error("no passage cites section {given}{}", did_you_mean(suggestions))]
    UnknownSection {
        given: String,
        suggestions: Vec<String>,
    },
    #[error(
        "no report for fiscal year {given:?} in this index; it holds {}",
        known.iter().map(FiscalYear::to_string).collect::<Vec<_>>().join(", ")
    )]
    UnknownYear {
        given: String,
        known: Vec<FiscalYear>,
    },
    #[error("the number of hits must be at least 1")]
    ZeroLimit,
    #[error(
        "the level must be 1, 2 or 3 (the depth of the guideline sections: 1 = II, 2 = II.3, \
         3 = II.3.(1)), not {given:?}"
    )]
    BadLevel { given: String },
    #[error("a comparison needs two or more organisations; {}", given_names(given))]
    TooFewToCompare { given: Vec<String> },
    #[error(
        "{name} is named twice ({}): name each organisation once",
        typed.join(", ")
    )]
    ComparedTwice { name: String, typed: Vec<String> },
    #[error("no passage {given:?} in this index; {}", closest_ids(suggestions))]
    UnknownPassage {
        given: String,
        suggestions: Vec<String>,
    },
}

impl RequestError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            RequestError::OnlyExclusions { .. }
            | RequestError::NothingSearchable { .. }
            | RequestError::QueryTooLong { .. }
            | RequestError::UnknownMinistry { .. }
            | RequestError::AmbiguousMinistry { .. }
            | RequestError::BadSection { .. }
            | RequestError::UnknownSection { .. }
            | RequestError::UnknownYear { .. }
            | RequestError::ZeroLimit
            | RequestError::BadLevel { .. }
            | RequestError::TooFewToCompare { .. }
            | RequestError::ComparedTwice { .. }
            | RequestError::UnknownPassage { .. } => ErrorKind::Input,
        }
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

fn given_names(given: &[String]) -> String {
    match given {
        [] => "none was given".to_string(),
        names => format!("only {} was given", names.join(", ")),
    }
}

fn closest_ids(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "ids look like 2023-npa-03 (see the id of a search hit)".to_string()
    } else {
        format!("did you mean {}?", suggestions.join(", "))
    }
}
