//! An index built from a PDF remembers the file: `show` names it with the passage's page, the
//! API's passage carries a link, and `serve` answers `/source/{n}` with the file itself (only
//! while it is the file the index was built from). Uses a generated PDF of the report
//! (tests/fixtures/pdf, made by scripts/make-pdf-fixtures.py).

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;
use wlb_search::serve::{self, CSP};
use wlb_search::wire::{ErrorBody, JsonPassage, Shown};
use wlb_search::{report, Engine};

const PDF: &str = "a3-landscape-mirror.pdf";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

/// A copy of the fixture PDF in `dir` (so that a test may change it) and an index built from
/// it with the CLI.
fn built_from_pdf(dir: &Path) -> (PathBuf, PathBuf) {
    let pdf = dir.join("report.pdf");
    std::fs::copy(fixture(PDF), &pdf).expect("copy the fixture");
    let index = dir.join("index");
    let out = wlb(
        &index,
        &["build".as_ref(), "--input".as_ref(), pdf.as_os_str()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (pdf, index)
}

fn wlb(index: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wlb-search"))
        .args(args)
        .arg("--index")
        .arg(index)
        .env_remove("WLB_SEARCH_INDEX")
        .output()
        .expect("run wlb-search")
}

async fn get(router: &axum::Router, uri: &str) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    let req = Request::get(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .expect("request");
    let res = router.clone().oneshot(req).await.expect("response");
    let (status, headers) = (res.status(), res.headers().clone());
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, headers, body.to_vec())
}

#[test]
fn show_names_the_pdf_and_the_passages_page() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, index) = built_from_pdf(dir.path());
    let records = report::read_file(&pdf).expect("the PDF reads");
    let record = &records[records.len() / 2];
    let out = wlb(
        &index,
        &[
            "show".as_ref(),
            record.id.as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: Shown = serde_json::from_slice(&out.stdout).expect("show's JSON");
    let source = shown
        .passage
        .source
        .expect("a source for a passage read from a PDF");
    assert_eq!(source.number, 0);
    assert_eq!(source.page, record.page);
    assert_eq!(Path::new(&source.file), std::path::absolute(&pdf).unwrap());

    let out = wlb(&index, &["show".as_ref(), record.id.as_ref()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = format!("source:   {} (PDF page {})", source.file, record.page);
    assert!(text.contains(&line), "{line:?} not in:\n{text}");
}

#[test]
fn an_index_built_from_text_links_to_no_source() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    assert!(wlb(&index, &["build".as_ref()]).status.success());
    let out = wlb(
        &index,
        &[
            "show".as_ref(),
            "2023-npa-01".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    );
    let shown: Shown = serde_json::from_slice(&out.stdout).expect("show's JSON");
    assert_eq!(shown.passage.source, None);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"source\""));
}

#[tokio::test]
async fn serve_answers_the_source_pdf_and_links_passages_to_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, index) = built_from_pdf(dir.path());
    let router = serve::router(
        Engine::open(&index).expect("the index opens"),
        serve::Hosts::new([127, 0, 0, 1].into(), 8080),
        serve::Answers::within(serve::DEFAULT_CACHE_MB),
    );
    let records = report::read_file(&pdf).expect("the PDF reads");
    let record = records.last().expect("records");

    let (status, _, body) = get(&router, &format!("/api/passages/{}", record.id)).await;
    assert_eq!(status, StatusCode::OK);
    let p: JsonPassage = serde_json::from_slice(&body).unwrap();
    let source = p.source.expect("the passage links to its PDF");
    assert_eq!((source.number, source.page), (0, record.page));

    let (status, headers, body) = get(&router, "/source/0").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(body, std::fs::read(&pdf).unwrap(), "the file as it is");
    // The PDF viewer is a plugin: the page's `default-src 'none'` would block it.
    assert_ne!(headers[header::CONTENT_SECURITY_POLICY], CSP);
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    for uri in [
        "/source/1",
        "/source/x",
        "/source/-1",
        "/source/99999999999999999999999",
    ] {
        let (status, _, body) = get(&router, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        let e: ErrorBody = serde_json::from_slice(&body).unwrap();
        assert!(
            e.error.contains("1 PDF(s), numbered from 0"),
            "{uri}: {}",
            e.error
        );
    }

    // A file changed since the build is not served as the source: its pages may differ.
    std::fs::write(&pdf, b"%PDF-1.4 something else").unwrap();
    let (status, _, body) = get(&router, "/source/0").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let e: ErrorBody = serde_json::from_slice(&body).unwrap();
    assert!(
        e.error.contains("has changed") && e.error.contains("rebuild"),
        "{}",
        e.error
    );
    std::fs::remove_file(&pdf).unwrap();
    let (_, _, body) = get(&router, "/source/0").await;
    let e: ErrorBody = serde_json::from_slice(&body).unwrap();
    assert!(e.error.contains("has gone"), "{}", e.error);
}

#[tokio::test]
async fn an_index_built_from_text_serves_no_source() {
    let dir = tempfile::tempdir().unwrap();
    let records = report::bundled().unwrap();
    wlb_search::index::build(dir.path(), &records, vec!["bundled".into()]).unwrap();
    let router = serve::router(
        Engine::open(dir.path()).unwrap(),
        serve::Hosts::new([127, 0, 0, 1].into(), 8080),
        serve::Answers::within(serve::DEFAULT_CACHE_MB),
    );
    let (status, _, body) = get(&router, "/source/0").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let e: ErrorBody = serde_json::from_slice(&body).unwrap();
    assert!(e.error.contains("built from text"), "{}", e.error);
}
