//! PDF input: generated PDFs of the report (scripts/make-pdf-fixtures.py, Chromium + IPA
//! fonts, several layouts) must give the records of the text version; broken PDFs must be
//! refused with a clear error that names the file.

use std::path::{Path, PathBuf};
use std::process::Command;

use wlb_search::report;
use wlb_search::Record;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

/// Whitespace-normalised text. The IPA fonts' ToUnicode maps the glyph of FULLWIDTH TILDE
/// (～) to WAVE DASH (〜), the well-known JIS mapping quirk, so the two count as one.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '〜' { '～' } else { c })
        .collect()
}

/// Compares PDF records with text records; returns the differences, one per line.
fn differences(pdf: &[Record], text: &[Record], exact_pages: bool) -> (Vec<String>, usize) {
    let mut diffs = Vec::new();
    let mut same_text = 0;
    if pdf.len() != text.len() {
        diffs.push(format!(
            "{} passages from the PDF, {} from the text",
            pdf.len(),
            text.len()
        ));
    }
    for t in text {
        let Some(p) = pdf.iter().find(|p| p.id == t.id) else {
            diffs.push(format!("{}: missing from the PDF", t.id));
            continue;
        };
        let paths = |r: &Record| {
            r.sections
                .iter()
                .map(|s| s.path.clone())
                .collect::<Vec<_>>()
        };
        if p.ministry != t.ministry {
            diffs.push(format!(
                "{}: ministry {} vs {}",
                t.id, p.ministry, t.ministry
            ));
        }
        if squash(&p.item) != squash(&t.item) {
            diffs.push(format!("{}: item {:?} vs {:?}", t.id, p.item, t.item));
        }
        if p.status != t.status {
            diffs.push(format!("{}: status {:?} vs {:?}", t.id, p.status, t.status));
        }
        if paths(p) != paths(t) {
            diffs.push(format!(
                "{}: sections {:?} vs {:?}",
                t.id,
                paths(p),
                paths(t)
            ));
        }
        if exact_pages && p.page != t.page {
            diffs.push(format!("{}: page {} vs {}", t.id, p.page, t.page));
        }
        if squash(&p.text) == squash(&t.text) {
            same_text += 1;
        } else {
            diffs.push(format!(
                "{}: text differs:\n    pdf:  {}\n    text: {}",
                t.id, p.text, t.text
            ));
        }
    }
    (diffs, same_text)
}

fn check_layout(name: &str, exact_pages: bool) {
    let text = report::bundled().unwrap();
    let pdf = report::read_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (diffs, same) = differences(&pdf, &text, exact_pages);
    for d in &diffs {
        println!("{name}: {d}");
    }
    let share = same as f64 / text.len() as f64;
    println!(
        "{name}: {same}/{} passage texts identical ({:.1}%)",
        text.len(),
        share * 100.0
    );
    let structural: Vec<&String> = diffs
        .iter()
        .filter(|d| !d.contains("text differs"))
        .collect();
    assert!(structural.is_empty(), "{name}: {structural:#?}");
    assert!(
        share >= 0.98,
        "{name}: only {:.1}% of passage texts match",
        share * 100.0
    );
    // Pages: within the organisation's range in this PDF, in order.
    for w in pdf.windows(2) {
        if w[0].ministry == w[1].ministry {
            assert!(
                w[0].page <= w[1].page,
                "{name}: pages go back at {}",
                w[1].id
            );
        }
    }
}

#[test]
fn a3_landscape_pdf_with_the_original_pages_gives_the_text_records_and_pages() {
    check_layout("a3-landscape-mirror.pdf", true);
}

#[test]
fn a4_portrait_pdf_with_rows_split_across_pages_gives_the_text_records() {
    check_layout("a4-portrait-flow.pdf", false);
}

#[test]
fn a4_landscape_pdf_with_other_column_widths_gives_the_text_records() {
    check_layout("a4-landscape-wide-b.pdf", false);
}

#[test]
fn wrapped_lines_join_like_the_text() {
    let pdf = report::read_file(&fixture("a4-portrait-flow.pdf")).unwrap();
    let r = pdf.iter().find(|r| r.id == "2023-cas-03").unwrap();
    // Japanese wraps join with nothing; Latin words keep their space.
    assert!(
        r.text
            .contains("TeamsやSharePoint等の新たなアプリケーション"),
        "{}",
        r.text
    );
    assert!(!r.text.contains("アプリ ケーション"));
}

fn build_error(name: &str) -> (String, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_wlb-search"))
            .args(args)
            .env("WLB_SEARCH_INDEX", &index)
            .output()
            .unwrap()
    };
    assert!(run(&["build"]).status.success());
    let before =
        String::from_utf8_lossy(&run(&["search", "テレワーク", "--format", "json"]).stdout)
            .into_owned();
    let out = run(&["build", "--input", fixture(name).to_str().unwrap()]);
    let after = String::from_utf8_lossy(&run(&["search", "テレワーク", "--format", "json"]).stdout)
        .into_owned();
    assert_eq!(before, after, "{name}: the existing index changed");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert!(
        err.contains(name),
        "{name}: the error names the file: {err}"
    );
    (err, out.status.code())
}

#[test]
fn broken_pdfs_get_clear_errors_and_leave_the_index_alone() {
    let cases = [
        ("bad/not-a-pdf.pdf", "is not a PDF"),
        ("bad/truncated.pdf", "is a damaged or truncated PDF"),
        ("bad/encrypted.pdf", "is an encrypted PDF: decrypt it first"),
        (
            "bad/scanned.pdf",
            "has no text layer (a scanned image?): OCR is needed",
        ),
        (
            "bad/no-tounicode.pdf",
            "page 1: its fonts have no ToUnicode map",
        ),
        ("bad/unsupported-cmap.pdf", "the PDF reader failed on"),
    ];
    for (name, message) in cases {
        let (err, code) = build_error(name);
        assert_eq!(code, Some(2), "{name}");
        assert!(err.contains(message), "{name}: {err}");
    }
}

#[test]
fn library_errors_carry_the_page() {
    match report::read_file(&fixture("bad/no-tounicode.pdf")) {
        Err(report::Error::PdfNoToUnicode { page, .. }) => assert_eq!(page, 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a5_pdf_with_rows_cut_mid_passage_by_page_breaks_gives_the_text_records() {
    // On A5 pages the longest rows do not fit: Chromium cuts 内閣府's オフィス改革 row in the
    // middle of a passage (pdf-extract's own flat text of page 7 starts mid-sentence), and the
    // reader joins the two parts back into one row on the page where it starts.
    let pages = pdf_extract::extract_text_by_pages(fixture("a5-landscape-split.pdf")).unwrap();
    assert!(
        pages[6].trim_start().starts_with("年8月に永田町合同庁舎"),
        "{}",
        &pages[6][..60]
    );
    let pdf = report::read_file(&fixture("a5-landscape-split.pdf")).unwrap();
    let r = pdf.iter().find(|r| r.id == "2023-cao-07").unwrap();
    assert!(
        r.text.contains("また、2023年8月に永田町合同庁舎"),
        "{}",
        r.text
    );
    assert_eq!(r.page, 6);
    check_layout("a5-landscape-split.pdf", false);
}
