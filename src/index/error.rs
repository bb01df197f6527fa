//! What can go wrong with an index directory.

use std::path::PathBuf;

use crate::error::ErrorKind;

/// An index that is missing, foreign, damaged, outdated or cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {}: build one first", dir.display())]
    Missing { dir: PathBuf },
    #[error(
        "{} is not a wlb-search index (no CURRENT file) and is not empty; \
         give an empty or new directory",
        dir.display()
    )]
    NotAnIndex { dir: PathBuf },
    #[error("{} is a file, not an index directory; give a directory", dir.display())]
    NotADirectory { dir: PathBuf },
    #[error(
        "cannot make an index at {}: its parent directory does not exist; create it first, \
         or give another directory",
        dir.display()
    )]
    NoParent { dir: PathBuf },
    #[error("the index at {} is damaged or from another version ({detail}); rebuild it", dir.display())]
    Damaged { dir: PathBuf, detail: String },
    #[error("the index at {} was built by another version of wlb-search; rebuild it", dir.display())]
    Outdated { dir: PathBuf },
    #[error("cannot write the index at {}", dir.display())]
    Write {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("index error")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Missing { .. }
            | Error::NotAnIndex { .. }
            | Error::NotADirectory { .. }
            | Error::NoParent { .. } => ErrorKind::Input,
            Error::Damaged { .. }
            | Error::Outdated { .. }
            | Error::Write { .. }
            | Error::Tantivy(_) => ErrorKind::Internal,
        }
    }
}
