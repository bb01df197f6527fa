//! The library's error: one variant per stage, each stage's error joined with `#[from]`.
//!
//! Messages name the offending value and the fix in the library's own terms; a front end adds
//! its own hints (the CLI names its commands and flags, the API its endpoints). What a front
//! end does with an error (exit status, HTTP status) follows [`Error::kind`], which every
//! stage decides for each of its variants.

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error of the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Report(#[from] crate::report::Error),
    #[error(transparent)]
    Analysis(#[from] crate::analysis::Error),
    #[error(transparent)]
    Index(#[from] crate::index::Error),
    #[error(transparent)]
    Query(#[from] crate::query::Error),
    #[error(transparent)]
    Request(#[from] crate::search::RequestError),
    #[error(transparent)]
    Eval(#[from] crate::eval::Error),
    #[error(transparent)]
    Semantic(#[from] crate::semantic::Error),
}

/// Whose the error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// In what the user asked for or gave (a query, a filter, a file): they can fix it.
    Input,
    /// In the index, the machine or this program.
    Internal,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Report(e) => e.kind(),
            Error::Analysis(e) => e.kind(),
            Error::Index(e) => e.kind(),
            Error::Query(e) => e.kind(),
            Error::Request(e) => e.kind(),
            Error::Eval(e) => e.kind(),
            Error::Semantic(e) => e.kind(),
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Error {
        Error::Index(e.into())
    }
}
