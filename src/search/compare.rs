//! Side by side (`compare`): two or more organisations' matching passages, grouped by the
//! guideline section they cite at one depth ([`Level`]), one column per organisation.
//!
//! The organisations are the request's ministry filter, resolved like `-m`; a name given twice
//! (also as two spellings of one organisation) and fewer than two are errors. A passage goes to
//! the block of each section it cites, taken at the level (`II.1.(2).②` → `II.1` at level 2; a
//! heading above the level is a block of its own), own-plan references to `own:`, and a
//! passage citing nothing to the 記載なし block ([`SectionPath::none`]). Blocks come in reader
//! order; a block lists every organisation, with nothing where it has no passage.

use std::collections::BTreeMap;

use super::cited::Level;
use super::grid::column_of;
use super::{Engine, RequestError, SearchRequest};
use crate::domain::{Record, SectionPath};
use crate::error::Result;
use crate::query::Expansion;

/// One section's block: per organisation (in the order given), its passages in report order.
#[derive(Debug, Clone)]
pub struct CompareBlock {
    /// The section at the level, `own:`, or [`SectionPath::none`].
    pub section: SectionPath,
    pub columns: Vec<Vec<Record>>,
}

/// A comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub level: Level,
    pub understood: String,
    pub notices: Vec<String>,
    pub expansions: Vec<Expansion>,
    /// Official names, in the order given.
    pub ministries: Vec<String>,
    /// Per organisation, its matching passages (each once).
    pub totals: Vec<usize>,
    /// Sections where at least one organisation has a passage, in reader order; 記載なし last.
    pub blocks: Vec<CompareBlock>,
}

/// Checks the organisations of a comparison: `typed` as given, `resolved` their official names
/// in the same order.
pub fn check_compared(typed: &[String], resolved: &[String]) -> Result<(), RequestError> {
    if resolved.len() < 2 {
        return Err(RequestError::TooFewToCompare {
            given: typed.to_vec(),
        });
    }
    for (i, name) in resolved.iter().enumerate() {
        if resolved[..i].contains(name) {
            let typed = resolved
                .iter()
                .zip(typed)
                .filter(|(r, _)| *r == name)
                .map(|(_, t)| t.clone())
                .collect();
            return Err(RequestError::ComparedTwice {
                name: name.clone(),
                typed,
            });
        }
    }
    Ok(())
}

impl Engine {
    /// The organisations of `req`'s ministry filter side by side, over its match set (see
    /// [`check_compared`] for what the filter must hold).
    pub fn compare(&self, req: &SearchRequest, level: Level) -> Result<Comparison> {
        let ministries = req.filters.ministries.clone();
        let set = self.cited(req)?;
        let names = self.catalog().ministry_names();
        let searcher = self.opened.reader.searcher();
        let passages = self.passages();
        // Blocks keyed by reader order; 記載なし after everything.
        let mut blocks: BTreeMap<(u8, Vec<(u32, String)>), CompareBlock> = BTreeMap::new();
        let mut totals = vec![0; ministries.len()];
        for cited in &set.passages {
            let name = names.get(cited.ministry);
            let Some(col) = ministries.iter().position(|m| Some(m) == name) else {
                continue;
            };
            totals[col] += 1;
            let record = passages.record(&searcher, cited.addr)?;
            let mut keys: Vec<SectionPath> =
                cited.sections.iter().map(|p| column_of(p, level)).collect();
            if keys.is_empty() {
                keys.push(SectionPath::none());
            }
            keys.sort();
            keys.dedup();
            for section in keys {
                let key = (u8::from(section.is_none()), section.sort_key());
                let block = blocks.entry(key).or_insert_with(|| CompareBlock {
                    section,
                    columns: vec![Vec::new(); ministries.len()],
                });
                block.columns[col].push(record.clone());
            }
        }
        Ok(Comparison {
            level,
            understood: set.plan.understood(),
            notices: set.plan.notices,
            expansions: set.plan.expansions,
            ministries,
            totals,
            blocks: blocks.into_values().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn two_or_more_each_once() {
        assert!(check_compared(
            &strings(&["財務", "外務省"]),
            &strings(&["財務省", "外務省"])
        )
        .is_ok());
        let e = check_compared(&strings(&["財務"]), &strings(&["財務省"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a comparison needs two or more organisations; only 財務 was given"
        );
        let e = check_compared(
            &strings(&["財務", "外務省", "mof"]),
            &strings(&["財務省", "外務省", "財務省"]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "財務省 is named twice (財務, mof): name each organisation once"
        );
    }
}
