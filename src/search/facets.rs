//! Facet counts of a match set: passages per ministry and per top-level guideline section.

use std::collections::HashMap;

use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::schema::Facet;

use crate::domain::SectionPath;
use crate::index::{section_facet, Catalog, MINISTRY_FACET, SECTIONS};

/// Matching passages per ministry and per top-level section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    /// Per ministry, most first (then by name); ministries without a match are left out.
    pub ministries: Vec<(String, usize)>,
    /// Per top-level section (`II`, …, `own:`), in the catalog's order; sections without a
    /// match are left out.
    pub sections: Vec<(SectionPath, usize)>,
}

/// The collectors of both facets, from their roots.
pub(super) fn collectors() -> (FacetCollector, FacetCollector) {
    let mut ministries = FacetCollector::for_field(MINISTRY_FACET);
    ministries.add_facet("/");
    let mut sections = FacetCollector::for_field(SECTIONS);
    sections.add_facet("/");
    (ministries, sections)
}

impl Facets {
    pub(super) fn of(
        ministries: &FacetCounts,
        sections: &FacetCounts,
        catalog: &Catalog,
    ) -> Facets {
        let mut per_ministry: Vec<(String, usize)> = ministries
            .get("/")
            .map(|(facet, n)| {
                let name = facet
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                (name, n as usize)
            })
            .collect();
        per_ministry.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let top_level: HashMap<&Facet, u64> = sections.get("/").collect();
        let per_section = catalog
            .sections
            .iter()
            .filter(|s| s.depth == 1)
            .filter_map(|s| {
                let n = top_level.get(&section_facet(&s.path))?;
                Some((s.path.clone(), *n as usize))
            })
            .collect();
        Facets {
            ministries: per_ministry,
            sections: per_section,
        }
    }
}
