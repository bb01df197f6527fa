//! The report's domain: reading input files and parsing them into [`Record`]s.
//!
//! One record is one initiative passage (see `text.rs` for how cells are split). Reading
//! checks the bytes first (empty, binary, not UTF-8, PDF) so that bad input gets a clear
//! error before any parsing; parsing never panics.

pub mod markup;
pub mod ministry;
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

/// Reads one input file and parses it into records.
pub fn read_file(path: &Path) -> Result<Vec<Record>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(path, &bytes)?;
    text::parse(&text).map_err(|reason| Error::NotAReport {
        path: path.to_path_buf(),
        reason,
    })
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
    if bytes.starts_with(b"%PDF") {
        return Err(Error::PdfNotSupported { path });
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
        assert!(matches!(
            decode(p, b"%PDF-1.7"),
            Err(Error::PdfNotSupported { .. })
        ));
        assert!(matches!(decode(p, b"ab\0cd"), Err(Error::Binary { .. })));
        // 内閣 in Shift_JIS
        assert!(matches!(
            decode(p, b"\x93\xe0\x8a\x74"),
            Err(Error::NotUtf8 { .. })
        ));
    }
}
