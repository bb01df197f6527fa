//! From what a user types to what to look for: the query language ([`syntax`]), the
//! thesaurus, and the [`plan`] (units of analyzed words, their forms and alternatives).
//! Nothing here touches the index.

mod plan;
mod syntax;
mod thesaurus;

use std::path::PathBuf;

pub use plan::Expansion;
pub(crate) use plan::{is_generic, pieces, plan, Corpus, Form, Group, Plan, Unit};
pub(crate) use syntax::parse;
pub use thesaurus::Relation;
pub(crate) use thesaurus::{key_of as thesaurus_key, Thesaurus};

use crate::error::ErrorKind;

/// A thesaurus that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("thesaurus {file}, line {line}: {reason}")]
    BadThesaurus {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("cannot read the thesaurus {}", path.display())]
    ThesaurusUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::BadThesaurus { .. } | Error::ThesaurusUnreadable { .. } => ErrorKind::Input,
        }
    }
}
