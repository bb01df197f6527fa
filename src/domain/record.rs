//! One initiative passage of the report and its status: what every stage passes along.

use serde::{Deserialize, Serialize};

use super::{FiscalYear, SectionRef};

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

    /// The status named `s`: `new`, `continuing`, `unmarked`, or the report's words 新規,
    /// 継続, 記載なし (with or without 【】).
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim().trim_start_matches('【').trim_end_matches('】');
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s || st.japanese() == s)
    }

    /// The report's word for it.
    pub fn japanese(self) -> &'static str {
        match self {
            Status::New => "新規",
            Status::Continuing => "継続",
            Status::Unmarked => "記載なし",
        }
    }
}

/// One initiative passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Stable id: fiscal year, organisation code and ordinal, e.g. `2023-cao-07`.
    pub id: String,
    /// Fiscal year of the report (令和5年度 is 2023).
    pub year: FiscalYear,
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
