//! Fiscal years, as the report names them (令和5年度) and as users type them (2023, 令和5, R5).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The Gregorian year before 令和1 (2019): 令和N is `REIWA_OFFSET + N`.
const REIWA_OFFSET: u16 = 2018;

/// A Japanese fiscal year, by its Gregorian number (令和5年度 is 2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub u16);

impl FiscalYear {
    /// 令和`n`年度; `None` from 100 on.
    pub fn reiwa(n: u32) -> Option<FiscalYear> {
        (n < 100).then(|| FiscalYear(REIWA_OFFSET + n as u16))
    }

    /// The year in the 令和 era (2023 is 5).
    pub fn reiwa_number(self) -> i32 {
        i32::from(self.0) - i32::from(REIWA_OFFSET)
    }

    /// Reads a year as a user types it: `2023`, `2023年度`, `令和5`, `令和5年度`, `R5`, `r5`
    /// (after NFKC folding and lowercasing by the caller).
    pub fn parse_folded(folded: &str) -> Option<FiscalYear> {
        let era = folded
            .strip_prefix("令和")
            .or_else(|| folded.strip_prefix('r'))
            .map(|n| n.trim_end_matches("年度").trim_end_matches('年'));
        match era {
            Some(n) => n
                .parse::<u16>()
                .ok()
                .filter(|n| *n < 100)
                .map(|n| FiscalYear(REIWA_OFFSET + n)),
            None => folded
                .trim_end_matches("年度")
                .parse::<u16>()
                .ok()
                .map(FiscalYear),
        }
    }
}

impl fmt::Display for FiscalYear {
    /// `2023 (令和5)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (令和{})", self.0, self.reiwa_number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_as_typed() {
        for typed in ["2023", "2023年度", "令和5", "令和5年度", "r5", "令和5年"] {
            assert_eq!(
                FiscalYear::parse_folded(typed),
                Some(FiscalYear(2023)),
                "{typed}"
            );
        }
        assert_eq!(FiscalYear::parse_folded("令和100"), None);
        assert_eq!(FiscalYear::parse_folded("x"), None);
        assert_eq!(FiscalYear::reiwa(5), Some(FiscalYear(2023)));
        assert_eq!(FiscalYear::reiwa(100), None);
        assert_eq!(FiscalYear(2023).to_string(), "2023 (令和5)");
    }
}
