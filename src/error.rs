//! The library's one error type. Every message names the offending value and the fix.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // `cause`, not `source`: the message already says it, and `{:#}` would repeat a source.
    #[error("cannot read {}: {cause}", path.display())]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{} is empty: give the report's text extraction (UTF-8) with --input", path.display())]
    EmptyInput { path: PathBuf },
    #[error("{} is a binary file, not the report's text: give a UTF-8 text file with --input", path.display())]
    Binary { path: PathBuf },
    #[error(
        "{} is not UTF-8 text (invalid byte at offset {offset}); convert it first, e.g. \
         `iconv -f SHIFT_JIS -t UTF-8 {} > report.txt`",
        path.display(), path.display()
    )]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{} is not a PDF (it does not start with %PDF): give the report as a PDF or as UTF-8 text", path.display())]
    NotPdf { path: PathBuf },
    #[error("{} is a damaged or truncated PDF ({detail}): download or export it again", path.display())]
    PdfDamaged { path: PathBuf, detail: String },
    #[error(
        "{} is an encrypted PDF: decrypt it first, e.g. `qpdf --decrypt --password=PASSWORD {} decrypted.pdf`",
        path.display(), path.display()
    )]
    PdfEncrypted { path: PathBuf },
    #[error(
        "{} has no text layer (a scanned image?): OCR is needed first, e.g. `ocrmypdf {} ocr.pdf`",
        path.display(), path.display()
    )]
    PdfNoText { path: PathBuf },
    #[error(
        "{}, page {page}: its fonts have no ToUnicode map, so the characters cannot be read; \
         export the PDF again with Unicode text, or OCR it",
        path.display()
    )]
    PdfNoToUnicode { path: PathBuf, page: u32 },
    #[error(
        "the PDF reader failed on {}{page} ({message}): print or export it to a new PDF \
         (from a browser or an office suite) and try again",
        path.display()
    )]
    PdfPanicked {
        path: PathBuf,
        page: String,
        message: String,
    },
    #[error("{} does not look like the follow-up report: {reason}", path.display())]
    NotAReport { path: PathBuf, reason: String },
    #[error("{first} and {second} both hold passage {id}: give each report once")]
    DuplicateInput {
        first: String,
        second: String,
        id: String,
    },

    #[error(
        "no index at {}: build it with `wlb-search build --index {}`",
        dir.display(), dir.display()
    )]
    IndexMissing { dir: PathBuf },
    #[error(
        "{} is not a wlb-search index (no CURRENT file) and is not empty; \
         give an empty or new directory with --index",
        dir.display()
    )]
    NotAnIndex { dir: PathBuf },
    #[error(
        "the index at {} is damaged or from another version ({detail}); rebuild it with \
         `wlb-search build --index {}`",
        dir.display(), dir.display()
    )]
    IndexDamaged { dir: PathBuf, detail: String },
    #[error(
        "the index at {} was built by another version of wlb-search; rebuild it with \
         `wlb-search build --index {}`",
        dir.display(),
        dir.display()
    )]
    IndexOutdated { dir: PathBuf },
    #[error("cannot write the index at {}: {source}", dir.display())]
    IndexWrite {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot load the Japanese dictionary: {0}")]
    Dictionary(String),

    #[error("the query is empty: give at least one word, e.g. `wlb-search search テレワーク`")]
    EmptyQuery,
    #[error(
        "the query only excludes words ({query}): add a word to search for, e.g. `テレワーク {query}`"
    )]
    OnlyExclusions { query: String },
    #[error("the query {query:?} has no searchable word (only punctuation or symbols)")]
    NothingSearchable { query: String },
    #[error("the query is too long ({len} characters); the limit is {max}")]
    QueryTooLong { len: usize, max: usize },
    #[error(
        "unknown ministry {given:?}; {}",
        suggest(suggestions, "wlb-search ministries")
    )]
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
    #[error(
        "{given:?} is not a section path; write it like II.1.(2) or Ⅱ.1.（2）.② \
         (list them with `wlb-search sections`)"
    )]
    BadSection { given: String },
    #[error(
        "no passage cites section {given}; {}",
        suggest(suggestions, "wlb-search sections")
    )]
    UnknownSection {
        given: String,
        suggestions: Vec<String>,
    },
    #[error(
        "no report for fiscal year {given:?} in this index; it holds {}",
        known.iter().map(|y| format!("{y} (令和{})", y - 2018)).collect::<Vec<_>>().join(", ")
    )]
    UnknownYear { given: String, known: Vec<u16> },
    #[error("--limit must be at least 1")]
    ZeroLimit,
    #[error("thesaurus {file}, line {line}: {reason}")]
    BadThesaurus {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("cannot read the thesaurus {path}: {detail}")]
    ThesaurusUnreadable { path: PathBuf, detail: String },
    #[error("relevance judgments {file}: {reason}")]
    BadJudgments { file: String, reason: String },
    #[error("{peer}: {detail}")]
    Peer { peer: String, detail: String },
}

impl Error {
    /// Whether the error is in what the user asked for (query, filters, limits) rather than
    /// in the index or the machine: the server answers these with 400 Bad Request.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            Error::EmptyQuery
                | Error::OnlyExclusions { .. }
                | Error::NothingSearchable { .. }
                | Error::QueryTooLong { .. }
                | Error::UnknownMinistry { .. }
                | Error::AmbiguousMinistry { .. }
                | Error::BadSection { .. }
                | Error::UnknownSection { .. }
                | Error::UnknownYear { .. }
                | Error::ZeroLimit
        )
    }
}

fn suggest(suggestions: &[String], command: &str) -> String {
    if suggestions.is_empty() {
        format!("list the valid names with `{command}`")
    } else {
        format!(
            "did you mean {}? (all: `{command}`)",
            suggestions
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
