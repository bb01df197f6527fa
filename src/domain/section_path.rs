//! Canonical section paths: `II.1.(2).②` for the guideline, `own:第2.1` for an organisation's
//! own plan. The B-cell reader (`report::section`) makes them; the index, filters and output
//! use them through this type only.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::chars;

/// Where a reference points: the WLB guideline or the organisation's own plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Guideline,
    OwnPlan,
}

/// One reference from a B cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRef {
    /// Canonical path, e.g. `II.1.(2).②`; own-plan references start with `own:`.
    pub path: SectionPath,
    pub kind: SectionKind,
    /// The heading titles as written, one per level of the written reference.
    pub titles: Vec<String>,
    /// The reference as written in the cell (markup removed).
    pub raw: String,
    /// A `・label` that ties the reference to one bullet of the A cell (法務省 does this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Prefix of own-plan paths.
pub const OWN_PREFIX: &str = "own:";
/// The facet segment that stands for [`OWN_PREFIX`].
const OWN_SEGMENT: &str = "own";
/// The filter value for passages that cite no section (記載なし); never a cited path.
pub const NO_SECTION: &str = "none";

/// A canonical section path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SectionPath(String);

impl SectionPath {
    /// A path already in canonical form (as the section reader or the index wrote it).
    pub fn new(canonical: impl Into<String>) -> SectionPath {
        SectionPath(canonical.into())
    }

    /// The root of all own-plan paths (`own:`).
    pub fn own_root() -> SectionPath {
        SectionPath(OWN_PREFIX.to_string())
    }

    /// Not a path: the filter for passages that cite no section (`none`, 記載なし).
    pub fn none() -> SectionPath {
        SectionPath(NO_SECTION.to_string())
    }

    /// Whether this is [`SectionPath::none`].
    pub fn is_none(&self) -> bool {
        self.0 == NO_SECTION
    }

    /// The path from its segments, as [`SectionPath::segments`] gives them.
    pub fn from_segments(segs: &[String]) -> SectionPath {
        SectionPath(match segs.split_first() {
            Some((first, rest)) if first == OWN_SEGMENT => {
                format!("{OWN_PREFIX}{}", rest.join("."))
            }
            _ => segs.join("."),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the path is in an organisation's own plan.
    pub fn is_own(&self) -> bool {
        self.0.starts_with(OWN_PREFIX)
    }

    /// Whether the path is the root of the own plans (`own:`), under which all of them sit.
    pub fn is_own_root(&self) -> bool {
        self.0 == OWN_PREFIX
    }

    /// The segments, for the hierarchical facet (`own:` becomes `own`).
    pub fn segments(&self) -> Vec<String> {
        match self.0.strip_prefix(OWN_PREFIX) {
            Some(rest) => std::iter::once(OWN_SEGMENT.to_string())
                .chain(
                    rest.split('.')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                )
                .collect(),
            None => self.0.split('.').map(str::to_string).collect(),
        }
    }

    /// The number of levels (`II.1` has 2).
    pub fn depth(&self) -> usize {
        self.segments().len()
    }

    /// Orders paths as a reader expects: II before IV before own, 2 before 10.
    pub fn sort_key(&self) -> Vec<(u32, String)> {
        self.segments()
            .into_iter()
            .map(|seg| {
                let roman = ["I", "II", "III", "IV", "V"].iter().position(|r| *r == seg);
                let digits: String = seg.chars().filter(char::is_ascii_digit).collect();
                let circled = seg.chars().next().and_then(chars::circled);
                let rank = if seg == OWN_SEGMENT {
                    10_000
                } else if let Some(r) = roman {
                    r as u32 + 1
                } else if let Some(c) = circled {
                    c
                } else {
                    digits.parse::<u32>().unwrap_or(5_000)
                };
                (rank, seg)
            })
            .collect()
    }
}

impl fmt::Display for SectionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for SectionPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SectionPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip() {
        for p in ["II.1.(2).②", "own:第2.1", "own:", "I"] {
            let path = SectionPath::new(p);
            assert_eq!(SectionPath::from_segments(&path.segments()).as_str(), p);
        }
        assert_eq!(
            SectionPath::new("own:II.(1)").segments(),
            ["own", "II", "(1)"]
        );
        assert!(SectionPath::own_root().is_own_root());
        assert!(SectionPath::new("own:II").is_own());
    }

    #[test]
    fn reader_order() {
        let mut paths: Vec<SectionPath> =
            ["own:1", "II.10", "IV", "II.2", "II.1.(1).②", "II.1.(1).①"]
                .into_iter()
                .map(SectionPath::new)
                .collect();
        paths.sort_by_key(SectionPath::sort_key);
        let order: Vec<&str> = paths.iter().map(SectionPath::as_str).collect();
        assert_eq!(
            order,
            ["II.1.(1).①", "II.1.(1).②", "II.2", "II.10", "IV", "own:1"]
        );
    }
}
