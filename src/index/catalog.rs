//! What an index holds, computed once at build time and stored beside it (`catalog.json`):
//! the inputs, the fiscal years, the organisations and the section tree with passage counts.
//! `ministries`, `sections` and filter resolution read it instead of the index.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::{FiscalYear, Input, PdfSource, Record, SectionKind, SectionPath, Status};
use crate::report::{outline_title, Tally, TitleKeys};

/// What an index holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Catalog {
    /// The inputs the index was built from.
    pub inputs: Vec<String>,
    /// Fiscal years of the reports in the index.
    #[serde(default)]
    pub years: Vec<FiscalYear>,
    pub passages: usize,
    pub ministries: Vec<MinistryEntry>,
    pub sections: Vec<SectionEntry>,
    /// The PDF inputs, so that a passage can be opened at its page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<PdfSource>,
}

/// One organisation in the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MinistryEntry {
    pub name: String,
    pub english: String,
    /// First PDF page of its part.
    pub page: u32,
    /// Number of 重点項目 (distinct item titles).
    pub items: usize,
    pub passages: usize,
    pub new: usize,
    pub continuing: usize,
    pub unmarked: usize,
}

/// One node of the section tree: passages citing it or anything under it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub path: SectionPath,
    pub depth: usize,
    pub title: String,
    pub kind: SectionKind,
    pub passages: usize,
}

impl Catalog {
    pub(crate) fn of(records: &[Record], inputs: Vec<Input>) -> Catalog {
        let mut years: Vec<FiscalYear> = records.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        let sources = inputs.iter().filter_map(|i| i.pdf.clone()).collect();
        Catalog {
            inputs: inputs.into_iter().map(|i| i.name).collect(),
            years,
            passages: records.len(),
            ministries: ministries(records),
            sections: sections(records),
            sources,
        }
    }

    /// The PDF passage `id` was read from, with its number in `sources`.
    pub fn source_of(&self, id: &str) -> Option<(usize, &PdfSource)> {
        self.sources.iter().enumerate().find(|(_, s)| s.holds(id))
    }

    /// Names of the ministries in the index.
    pub fn ministry_names(&self) -> Vec<String> {
        self.ministries.iter().map(|m| m.name.clone()).collect()
    }

    /// The title of a section the index holds.
    pub fn section_title(&self, path: &SectionPath) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| &s.path == path)
            .map(|s| s.title.as_str())
    }
}

/// The organisations in order of appearance, with their counts.
fn ministries(records: &[Record]) -> Vec<MinistryEntry> {
    let mut ministries: Vec<MinistryEntry> = Vec::new();
    let mut items: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in records {
        let at = match ministries.iter().position(|m| m.name == r.ministry) {
            Some(at) => at,
            None => {
                ministries.push(MinistryEntry {
                    name: r.ministry.clone(),
                    english: r.ministry_en.clone(),
                    page: r.page,
                    items: 0,
                    passages: 0,
                    new: 0,
                    continuing: 0,
                    unmarked: 0,
                });
                ministries.len() - 1
            }
        };
        let m = &mut ministries[at];
        m.page = m.page.min(r.page);
        m.passages += 1;
        match r.status {
            Status::New => m.new += 1,
            Status::Continuing => m.continuing += 1,
            Status::Unmarked => m.unmarked += 1,
        }
        let seen = items.entry(&r.ministry).or_default();
        if !seen.contains(&r.item.as_str()) {
            seen.push(&r.item);
        }
    }
    for m in &mut ministries {
        m.items = items.get(m.name.as_str()).map_or(0, Vec::len);
    }
    ministries
}

/// A section while the catalog is assembled.
struct SectionNode {
    kind: SectionKind,
    /// Indices of the records under it, each once.
    passages: Vec<usize>,
    /// Titles written for it, with who cites each.
    titles: Tally,
}

/// Every cited path and its ancestors, with the passages under it, in reader order.
fn sections(records: &[Record]) -> Vec<SectionEntry> {
    let mut nodes: BTreeMap<Vec<String>, SectionNode> = BTreeMap::new();
    let mut keys = TitleKeys::default();
    for (i, r) in records.iter().enumerate() {
        for s in &r.sections {
            let segs = s.path.segments();
            for depth in 1..=segs.len() {
                let node = nodes
                    .entry(segs[..depth].to_vec())
                    .or_insert_with(|| SectionNode {
                        kind: s.kind,
                        passages: Vec::new(),
                        titles: Tally::default(),
                    });
                if node.passages.last() != Some(&i) {
                    node.passages.push(i);
                }
                // Written titles line up with the path when no level was corrected.
                let offset = usize::from(s.kind == SectionKind::OwnPlan);
                if s.titles.len() + offset == segs.len() && depth > offset {
                    if let Some(t) = s.titles.get(depth - 1 - offset).filter(|t| !t.is_empty()) {
                        node.titles.add_keyed(keys.of(t), t, &r.ministry, i);
                    }
                }
            }
        }
    }
    let mut sections: Vec<SectionEntry> = nodes
        .into_iter()
        .map(|(segs, node)| {
            let path = SectionPath::from_segments(&segs);
            SectionEntry {
                depth: segs.len(),
                title: title(&path, &node.titles),
                path,
                kind: node.kind,
                passages: node.passages.len(),
            }
        })
        .collect();
    sections.sort_by_key(|s| s.path.sort_key());
    sections
}

/// A section's title: the guideline's own, else the written title the most organisations cite
/// (then the most passages, then the first written; see `report::Tally`).
fn title(path: &SectionPath, written: &Tally) -> String {
    if let Some(t) = outline_title(path.as_str()) {
        return t.to_string();
    }
    match written.best() {
        Some(t) => t.to_string(),
        None if path.is_own_root() => "organisations' own plans".to_string(),
        None => String::new(),
    }
}
