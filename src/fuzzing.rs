//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz, nightly) and for the regression
//! tests made from what they find (stable). Each takes arbitrary input and must never panic;
//! errors are fine.

use std::path::Path;
use std::sync::OnceLock;

use crate::search::{Engine, LooseRequest};

/// The report's text parser on any text.
pub fn parse_report_text(text: &str) {
    let _ = crate::report::parse_text(text);
}

/// The PDF reader on any bytes.
pub fn read_pdf(bytes: &[u8]) {
    let _ = crate::report::pdf_to_text(bytes, &mut |_, _| {});
}

/// The thesaurus parser on any text.
pub fn parse_thesaurus(text: &str) {
    let Ok(mut analyzer) = crate::analysis::analyzer() else {
        return;
    };
    let _ = crate::query::Thesaurus::parse(text, "fuzz", &mut analyzer);
}

/// The query parser, planner and search, over the bundled report, on any query.
pub fn search(query: &str) {
    static ENGINE: OnceLock<Option<(tempfile::TempDir, Engine)>> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        let dir = tempfile::tempdir().ok()?;
        let records = crate::report::bundled().ok()?;
        crate::index::build(dir.path(), &records, vec!["bundled".into()]).ok()?;
        let engine = Engine::open(Path::new(dir.path())).ok()?;
        Some((dir, engine))
    });
    let Some((_, engine)) = engine else {
        return;
    };
    let Ok(request) = engine.resolve(&LooseRequest::query(query)) else {
        return;
    };
    let _ = engine.search(&request);
}
