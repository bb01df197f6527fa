//! Why semantic search is off, or why vectors could not be written.

use std::path::PathBuf;

use crate::error::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "this wlb-search was built without the embedding model's C source; run \
         scripts/setup.sh, then cargo build --release"
    )]
    NotBuiltIn,
    #[error(
        "no embedding model in {} (file {file}); run scripts/setup.sh, or set WLB_MODEL_DIR \
         to a folder holding it",
        dir.display()
    )]
    Absent { dir: PathBuf, file: &'static str },
    #[error(
        "the embedding model {} is damaged or not the expected one (sha256 {found}, expected \
         {expected}); run scripts/setup.sh again to fetch it",
        path.display()
    )]
    BadHash {
        path: PathBuf,
        found: String,
        expected: &'static str,
    },
    #[error("cannot read the embedding model {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the embedding model {} could not be loaded ({detail}); run scripts/setup.sh again", path.display())]
    Refused { path: PathBuf, detail: String },
    /// The process's model could not be loaded earlier, for this reason.
    #[error("{0}")]
    Unavailable(String),
    #[error("the embedding model failed on a text (code {code})")]
    Embed { code: i32 },
    #[error("the index's vectors at {} are damaged ({detail}); rebuild the index", dir.display())]
    Damaged { dir: PathBuf, detail: String },
    #[error("cannot write the index's vectors at {}", dir.display())]
    Write {
        dir: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotBuiltIn
            | Error::Absent { .. }
            | Error::BadHash { .. }
            | Error::Unavailable(_) => ErrorKind::Input,
            Error::Read { .. }
            | Error::Refused { .. }
            | Error::Embed { .. }
            | Error::Damaged { .. }
            | Error::Write { .. } => ErrorKind::Internal,
        }
    }
}
