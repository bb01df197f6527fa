//! The report's domain: reading input files and parsing them into [`Record`]s.
//!
//! One record is one initiative passage (see `text.rs` for how cells are split). Reading
//! checks the bytes first (empty, binary, not UTF-8, PDF) so that bad input gets a clear
//! error before any parsing; parsing never panics.

pub mod markup;
pub mod ministry;
pub mod pdf;
pub mod section;
mod text;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use section::{SectionKind, SectionRef};

/// The report bundled with the binary: 令和5年度 follow-up (data/wlb-followup-r5.txt).
pub const BUNDLED_REPORT: &str = include_str!("../../data/wlb-followup-r5.txt");
/// The name the bundled report goes by in messages and in `build` output.
pub const BUNDLED_NAME: &str = "data/wlb-followup-r5.txt (bundled)";

/// Whether an initiative is marked new, continuing, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 【新規】
    New,
    /// 【継続】
    Continuing,
    /// No marker.
    Unmarked,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::Continuing, Status::Unmarked];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Continuing => "continuing",
            Status::Unmarked => "unmarked",
        }
    }

    /// The report's own marker, for display.
    pub fn marker(self) -> &'static str {
        match self {
            Status::New => "【新規】",
            Status::Continuing => "【継続】",
            Status::Unmarked => "",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One initiative passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Stable id: fiscal year, organisation code and ordinal, e.g. `2023-cao-07`.
    pub id: String,
    /// Fiscal year of the report (令和5年度 is 2023).
    pub year: u16,
    /// Official Japanese name, as in the report's contents.
    pub ministry: String,
    /// English name.
    pub ministry_en: String,
    /// PDF page the passage is on.
    pub page: u32,
    /// The 重点項目 (priority item) title.
    pub item: String,
    pub status: Status,
    /// Guideline references from the B cell.
    pub sections: Vec<SectionRef>,
    /// The clean passage text.
    pub text: String,
    /// 1-based line of the input file the passage comes from.
    pub line: usize,
}

/// Reads one input file (the report as UTF-8 text or as PDF) and parses it into records.
pub fn read_file(path: &Path) -> Result<Vec<Record>> {
    read_file_with_progress(path, &mut |_, _| {})
}

/// Like [`read_file`], reporting PDF pages extracted as (done, total).
pub fn read_file_with_progress(path: &Path, progress: pdf::PageProgress) -> Result<Vec<Record>> {
    let bytes = std::fs::read(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let is_pdf_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let text = if bytes.starts_with(b"%PDF") || is_pdf_name {
        std::borrow::Cow::Owned(pdf::to_text(&bytes, progress).map_err(|p| pdf_error(path, p))?)
    } else {
        decode(path, &bytes)?
    };
    text::parse(&text).map_err(|reason| Error::NotAReport {
        path: path.to_path_buf(),
        reason,
    })
}

fn pdf_error(path: &Path, problem: pdf::PdfProblem) -> Error {
    let path = path.to_path_buf();
    match problem {
        pdf::PdfProblem::NotPdf => Error::NotPdf { path },
        pdf::PdfProblem::Damaged(detail) => Error::PdfDamaged { path, detail },
        pdf::PdfProblem::Encrypted => Error::PdfEncrypted { path },
        pdf::PdfProblem::NoText => Error::PdfNoText { path },
        pdf::PdfProblem::NoToUnicode { page } => Error::PdfNoToUnicode { path, page },
        pdf::PdfProblem::Panicked { page, message } => Error::PdfPanicked {
            path,
            page: page.map_or_else(String::new, |p| format!(" on page {p}")),
            message,
        },
    }
}

/// Parses the bundled report.
pub fn bundled() -> Result<Vec<Record>> {
    text::parse(BUNDLED_REPORT).map_err(|reason| Error::NotAReport {
        path: BUNDLED_NAME.into(),
        reason,
    })
}

/// Checks raw input bytes and returns them as text.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, str>> {
    let path = path.to_path_buf();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyInput { path });
    }
    if bytes.contains(&0) {
        return Err(Error::Binary { path });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(e) => Err(Error::NotUtf8 {
            path,
            offset: e.valid_up_to(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_report_parses() {
        let records = bundled().expect("bundled report parses");
        assert!(records.len() > 100);
    }

    #[test]
    fn bad_bytes_are_refused_with_the_reason() {
        let p = Path::new("x.txt");
        assert!(matches!(decode(p, b"  \n"), Err(Error::EmptyInput { .. })));
        assert!(matches!(decode(p, b"ab\0cd"), Err(Error::Binary { .. })));
        // 内閣 in Shift_JIS
        assert!(matches!(
            decode(p, b"\x93\xe0\x8a\x74"),
            Err(Error::NotUtf8 { .. })
        ));
    }
}
