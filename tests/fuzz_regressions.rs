//! Inputs that crashed (or could crash) the fuzz targets in `fuzz/`, run on stable through the
//! same `wlb_search::fuzzing` entry points. Each entry point must return, never panic.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;
use wlb_search::{fuzzing, index, report, Engine, LooseRequest};

/// `fuzzing::search` returns quietly when it cannot build its index; this builds one the same
/// way and checks that a query finds something, so that the query tests test a real search.
#[test]
fn the_search_entry_point_has_an_index_to_search() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let records = report::bundled().expect("the bundled report");
    index::build(dir.path(), &records, vec!["bundled".into()]).expect("an index");
    let engine = Engine::open(dir.path()).expect("the index opens");
    let request = engine
        .resolve(&LooseRequest::query("テレワーク"))
        .expect("a request");
    assert!(engine.search(&request).expect("results").total > 0);
}

/// Queries that panicked before: characters whose NFKC form is longer than themselves, so that
/// offsets in the normalised text ran past the end of the typed one.
#[test]
fn past_query_crashers() {
    for query in ["a゜", "x⒣y", "a㍸b", "a㈉b"] {
        fuzzing::search(query);
    }
}

/// Found by the `query` target: a piece of a word (`タル庁` of `デジタル庁`) with another word.
/// The related-passages tier excluded the match set with a `MustNot` of its query, and tantivy
/// 0.26's exclusion of an intersection with phrases then sought backwards (its debug assertion
/// `target >= self.doc()` fired). The tiers now leave listed passages out after the search.
#[test]
fn query_piece_of_a_word_with_another_word() {
    fuzzing::search("タル庁 GSS");
    fuzzing::search("タル庁 ガバメントソリューションサービス");
    fuzzing::search("\u{FFFD}\u{FFFD}タル庁 GSS\u{FFFD}\u{FFFD}");
}

/// A PDF of the given objects (numbered from 1, the first the catalog) with a correct xref.
fn pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// Runs `read_pdf` on a thread; fails, rather than hangs, if it has not returned in time.
fn read_pdf_within(bytes: Vec<u8>, limit: Duration) {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        fuzzing::read_pdf(&bytes);
        let _ = done.send(());
    });
    if finished.recv_timeout(limit).is_err() {
        panic!("read_pdf did not return within {limit:?}");
    }
}

/// Found by the `pdf` target (a timeout): a page whose /Parent is the page itself and that lacks
/// an inherited key (/Resources, /MediaBox). pdf-extract's `get_inherited` follows /Parent with
/// no limit and never returns; the reader now refuses a page tree that loops before that.
#[test]
fn pdf_page_that_is_its_own_parent() {
    let catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    let pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    read_pdf_within(
        pdf(&[
            catalog,
            pages,
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
        ]),
        Duration::from_secs(30),
    );
    // The same through a loop of two: page -> page tree node -> page.
    read_pdf_within(
        pdf(&[
            catalog,
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
            "<< /Type /Page /Parent 2 0 R >>",
        ]),
        Duration::from_secs(30),
    );
}

/// Every character whose NFKC form has another UTF-8 length than its own, between two letters.
#[test]
fn every_char_whose_nfkc_form_changes_length() {
    let chars: Vec<char> = (0..=0x10FFFF_u32)
        .filter_map(char::from_u32)
        .filter(|c| c.to_string().nfkc().map(char::len_utf8).sum::<usize>() != c.len_utf8())
        .collect();
    assert!(chars.len() > 1000, "only {} such chars", chars.len());
    let start = Instant::now();
    for c in &chars {
        fuzzing::search(&format!("a{c}b"));
    }
    eprintln!(
        "{} queries with NFKC-length-changing chars in {:.1?}",
        chars.len(),
        start.elapsed()
    );
}

/// The fuzz targets' committed seeds, each through its entry point.
#[test]
fn fuzz_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let files = |target: &str| {
        let mut files: Vec<_> = std::fs::read_dir(seeds.join(target))
            .unwrap_or_else(|e| panic!("fuzz/seeds/{target}: {e}"))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no seeds for {target}");
        files
            .into_iter()
            .map(|path| std::fs::read(path).expect("a seed"))
    };
    for bytes in files("report_text") {
        fuzzing::parse_report_text(&String::from_utf8_lossy(&bytes));
    }
    for bytes in files("query") {
        fuzzing::search(&String::from_utf8_lossy(&bytes));
    }
    for bytes in files("thesaurus") {
        fuzzing::parse_thesaurus(&String::from_utf8_lossy(&bytes));
    }
    for bytes in files("pdf") {
        fuzzing::read_pdf(&bytes);
    }
}

/// Found by the `pdf` target (a stack overflow, an abort): a form XObject that draws itself.
/// pdf-extract draws a form inside a form by recursion; the reader now refuses such a page.
#[test]
fn pdf_form_that_draws_itself() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/bad/form-draws-itself.pdf"),
    )
    .expect("the fixture");
    read_pdf_within(bytes, Duration::from_secs(30));
}
