//! What can go wrong reading a report: the file, its encoding, the PDF, the layout.

use std::path::PathBuf;

use crate::error::ErrorKind;

/// An input file that cannot be read as the report. Every message names the file and the fix.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is empty: give the report's text extraction (UTF-8)", path.display())]
    EmptyInput { path: PathBuf },
    #[error("{} is a binary file, not the report's text: give a UTF-8 text file", path.display())]
    Binary { path: PathBuf },
    #[error(
        "{} is not UTF-8 text (invalid byte at offset {offset}); convert it first, e.g. \
         `iconv -f SHIFT_JIS -t UTF-8 {} > report.txt`",
        path.display(), path.display()
    )]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error(
        "{} ends in the middle of a character (at byte {offset}): the file is truncated; \
         copy or download it again",
        path.display()
    )]
    Truncated { path: PathBuf, offset: usize },
    #[error(
        "{} is larger than {} MB, too large to be the report (about 100 KB as text, a few MB \
         as PDF): give the report's file",
        path.display(), max / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, max: u64 },
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
        "the PDF reader failed on {}{} ({message}): print or export it to a new PDF \
         (from a browser or an office suite) and try again",
        path.display(), page.map_or_else(String::new, |p| format!(" on page {p}"))
    )]
    PdfPanicked {
        path: PathBuf,
        page: Option<u32>,
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
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Read { .. }
            | Error::EmptyInput { .. }
            | Error::Binary { .. }
            | Error::NotUtf8 { .. }
            | Error::Truncated { .. }
            | Error::TooLarge { .. }
            | Error::NotPdf { .. }
            | Error::PdfDamaged { .. }
            | Error::PdfEncrypted { .. }
            | Error::PdfNoText { .. }
            | Error::PdfNoToUnicode { .. }
            | Error::PdfPanicked { .. }
            | Error::NotAReport { .. }
            | Error::DuplicateInput { .. } => ErrorKind::Input,
        }
    }
}
