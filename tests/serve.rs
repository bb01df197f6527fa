//! The server's JSON API and assets, in-process (the router driven with `tower::oneshot`) on
//! the bundled report, each test in its own temporary index. Responses are parsed back into
//! structs with `deny_unknown_fields`. The browser test (`tests/browser.rs`) runs the binary.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use serde::de::DeserializeOwned;
use tower::ServiceExt;
use wlb_search::index::{self, MinistryEntry, SectionEntry};
use wlb_search::report;
use wlb_search::search::MatchKind;
use wlb_search::serve::{self, CSP};
use wlb_search::wire::{ErrorBody, JsonHit, JsonPassage, SearchResponse, SimilarResponse};
use wlb_search::{Engine, LooseRequest, Status};

struct App {
    _dir: tempfile::TempDir,
    router: Router,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn engine(dir: &std::path::Path) -> Engine {
    let records = report::bundled().expect("bundled report parses");
    index::build(dir, &records, vec!["bundled".into()]).expect("index builds");
    Engine::open(dir).expect("index opens")
}

fn app() -> App {
    app_keeping(serve::DEFAULT_CACHE_MB)
}

/// A server that keeps answers within `mb` megabytes.
fn app_keeping(mb: u64) -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let hosts = serve::Hosts::new([127, 0, 0, 1].into(), 8080);
    let router = serve::router(engine(dir.path()), hosts, serve::Answers::within(mb));
    App { _dir: dir, router }
}

/// Percent-encodes a parameter value.
fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl App {
    async fn get(&self, uri: &str) -> Reply {
        let req = Request::get(uri)
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .expect("request");
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn search(&self, params: &str) -> SearchResponse {
        let r = self.get(&format!("/api/search?{params}")).await;
        assert_eq!(r.status, StatusCode::OK, "{params}: {}", r.text());
        r.json()
    }

    /// Asserts a 400 with a JSON error and returns the message.
    async fn bad(&self, params: &str) -> String {
        let r = self.get(&format!("/api/search?{params}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{params}: {}", r.text());
        assert_json(&r);
        r.json::<ErrorBody>().error
    }
}

fn assert_json(r: &Reply) {
    assert_eq!(
        r.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/json"
    );
}

#[tokio::test]
async fn search_returns_query_total_hits_and_facets() {
    let app = app();
    let q = enc("テレワーク");
    let r = app.search(&format!("q={q}")).await;
    assert_eq!(r.query.text, "テレワーク");
    assert_eq!(r.query.understood, "テレワーク");
    assert_eq!((r.query.limit, r.query.offset), (10, 0));
    // 17 passages say テレワーク; 2 more say リモート(ワーク), a near-synonym: they may be
    // listed as related, but are not counted.
    assert_eq!((r.total, r.items, r.rows), (17, 13, 13));
    assert_eq!(r.summary.total, 17);
    assert_eq!(r.summary.ministries.len(), 26);
    assert_eq!(r.summary.silent.len(), 26 - r.facets.ministries.len());
    assert_eq!(r.query.expansions.len(), 1);
    assert!(r.query.expansions[0]
        .alternatives
        .iter()
        .any(|(w, _)| w == "リモートワーク"));
    assert!(r.hits.iter().all(|h| h.explain.is_none()));
    let explained = app.search(&format!("q={q}&explain=1&limit=3")).await;
    assert!(explained.hits.iter().all(|h| h.explain.is_some()));
    assert_eq!(r.hits.len(), 10);
    let ranks: Vec<usize> = r.hits.iter().map(|h| h.rank).collect();
    assert_eq!(ranks, (1..=10).collect::<Vec<_>>());

    // The hits are the CLI's JSON hits for the same search.
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path());
    let request = engine.resolve(&LooseRequest::query("テレワーク")).unwrap();
    let expected = engine.search(&request).unwrap();
    let expected: Vec<JsonHit> = expected.hits.iter().map(JsonHit::from).collect();
    assert_eq!(r.hits, expected);

    // Ministry facets add up to the total; 警察庁 has 4 (see the README).
    let sum: usize = r.facets.ministries.iter().map(|m| m.count).sum();
    assert_eq!(sum, r.total);
    assert_eq!(r.facets.ministries.len(), 12);
    assert_eq!(r.facets.ministries[0].name, "警察庁");
    assert_eq!(r.facets.ministries[0].count, 4);

    // Each top-level section's count is what filtering by it finds.
    assert!(!r.facets.sections.is_empty());
    for s in &r.facets.sections {
        assert!(!s.title.is_empty(), "{s:?}");
        let filtered = app
            .search(&format!("q={q}&section={}&limit=1", enc(s.path.as_str())))
            .await;
        assert_eq!(filtered.total, s.count, "{}", s.path);
    }
}

#[tokio::test]
async fn offset_pages_through_the_same_ranking() {
    let app = app();
    let q = enc("テレワーク");
    let all = app.search(&format!("q={q}&limit=19&collapse=none")).await;
    let page = app
        .search(&format!("q={q}&limit=5&offset=5&collapse=none"))
        .await;
    assert_eq!(page.total, 17);
    let ids = |hits: &[JsonHit]| hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&page.hits), ids(&all.hits[5..10]));
    assert_eq!(page.hits[0].rank, 6);
    let past = app.search(&format!("q={q}&offset=100")).await;
    assert_eq!((past.total, past.hits.len()), (17, 0));
}

#[tokio::test]
async fn filters_apply_and_each_facet_ignores_its_own_filter() {
    let app = app();
    let q = enc("テレワーク");
    let all = app.search(&format!("q={q}")).await;
    let one = app.search(&format!("q={q}&ministry={}", enc("警察"))).await;
    assert_eq!(one.query.ministries, vec!["警察庁"]);
    assert_eq!(one.total, 4);
    assert!(one.hits.iter().all(|h| h.ministry == "警察庁"));
    // Ticking a ministry leaves the other ministries' counts in place.
    assert_eq!(one.facets.ministries, all.facets.ministries);

    let two = app
        .search(&format!(
            "q={q}&ministry={}&ministry={}",
            enc("警察庁"),
            enc("環境省")
        ))
        .await;
    assert_eq!(two.total, 6);
    assert!(two
        .hits
        .iter()
        .all(|h| h.ministry == "警察庁" || h.ministry == "環境省"));

    let new = app.search(&format!("q={q}&status=new&limit=100")).await;
    assert!(new.total > 0);
    assert!(new.hits.iter().all(|h| h.status == Status::New));
    let sum: usize = new.facets.ministries.iter().map(|m| m.count).sum();
    assert_eq!(sum, new.total, "the status filter applies to the facets");
    let cont = app
        .search(&format!("q={q}&status=continuing&limit=100"))
        .await;
    assert!(cont.hits.iter().all(|h| h.status == Status::Continuing));
    assert_eq!(cont.query.status, Some(Status::Continuing));

    let section = app.search(&format!("q={q}&section=II.1&limit=100")).await;
    assert_eq!(section.query.sections, vec!["II.1"]);
    assert!(section.total > 0);
    assert!(section
        .hits
        .iter()
        .all(|h| h.sections.iter().any(|s| s.starts_with("II.1"))));
    assert_eq!(section.facets.sections, all.facets.sections);
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_json_message() {
    let app = app();
    let q = enc("テレワーク");
    let m = app.bad(&format!("q={q}&ministry={}", enc("財務庁"))).await;
    assert!(m.starts_with("unknown ministry \"財務庁\""), "{m}");
    let m = app.bad(&format!("q={q}&status=old")).await;
    assert_eq!(
        m,
        "status must be new (新規), continuing (継続), unmarked (記載なし) or all, not \"old\""
    );
    let m = app.bad(&format!("q={q}&limit=abc")).await;
    assert_eq!(m, "limit must be a whole number from 1 to 100, not \"abc\"");
    let m = app.bad(&format!("q={q}&limit=1000")).await;
    assert_eq!(
        m,
        "limit must be a whole number from 1 to 100, not \"1000\""
    );
    let m = app
        .bad(&format!("q={q}&offset=99999999999999999999999"))
        .await;
    assert!(m.starts_with("offset must be a whole number"), "{m}");
    let m = app.bad(&format!("q={q}&sort=date")).await;
    assert_eq!(m, "sort must be score or report, not \"date\"");
    let m = app.bad(&format!("q={q}&collapse=all")).await;
    assert_eq!(m, "collapse must be item or none, not \"all\"");
    let m = app.bad(&format!("q={}", "a".repeat(1001))).await;
    assert_eq!(
        m,
        "the query is too long (1001 characters); the limit is 1000"
    );
    let m = app.bad(&format!("q={q}&section=xyz")).await;
    assert!(m.starts_with("\"xyz\" is not a section path"), "{m}");
    let m = app.bad(&format!("q={q}&section=II.9")).await;
    assert!(m.starts_with("no passage cites section II.9"), "{m}");
    let m = app.bad("q=%E3%80%82%E3%80%82").await;
    assert!(m.contains("has no searchable word"), "{m}");
    let m = app.bad(&format!("q={q}&year=2030")).await;
    assert!(m.starts_with("no report for fiscal year \"2030\""), "{m}");
    let r = app.search(&format!("q={q}&year={}", enc("令和5"))).await;
    assert_eq!(r.query.years, vec![wlb_search::FiscalYear(2023)]);
    assert!(r.total > 0);
    let m = app.bad(&format!("q={q}&page=2")).await;
    assert!(m.starts_with("unknown parameter \"page\""), "{m}");
    assert!(
        m.ends_with("sort, collapse, related, semantic and explain"),
        "{m}"
    );
    let m = app.bad(&format!("q={q}&explain=yes")).await;
    assert_eq!(m, "explain must be 1 or 0, not \"yes\"");
    // Invalid UTF-8 in a parameter is replaced, not a crash.
    let r = app.get("/api/search?q=%FF%FE").await;
    assert!(r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::OK);
}

#[tokio::test]
async fn passages_by_id() {
    let app = app();
    let r = app.search(&format!("q={}&limit=1", enc("1on1"))).await;
    let hit = &r.hits[0];
    let p = app.get(&format!("/api/passages/{}", hit.id)).await;
    assert_eq!(p.status, StatusCode::OK);
    let p: JsonPassage = p.json();
    assert_eq!(
        (&p.id, &p.text, &p.item, &p.sections),
        (&hit.id, &hit.text, &hit.item, &hit.sections)
    );

    for id in ["2023-npa-99", "nope", "%E3%83%86", &"x".repeat(500)] {
        let r = app.get(&format!("/api/passages/{id}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{id}");
        assert_json(&r);
        assert!(r.json::<ErrorBody>().error.starts_with("no passage"));
    }
    // Worded as `show` words it, with the closest ids.
    let r = app.get("/api/passages/2023-npa-99").await;
    let error = r.json::<ErrorBody>().error;
    assert!(error.contains("did you mean 2023-npa-01"), "{error}");
}

#[tokio::test]
async fn ministries_and_sections_list_with_counts() {
    let app = app();
    let m: Vec<MinistryEntry> = app.get("/api/ministries").await.json();
    assert_eq!(m.len(), 26);
    assert_eq!(m.iter().map(|m| m.passages).sum::<usize>(), 154);
    let s: Vec<SectionEntry> = app.get("/api/sections").await.json();
    let ii = s.iter().find(|s| s.path == "II").expect("section II");
    assert_eq!(ii.depth, 1);
    assert!(ii.passages > 0);
}

#[tokio::test]
async fn only_the_embedded_assets_are_served_with_security_headers() {
    let app = app();
    for (path, kind) in [
        ("/", "text/html"),
        ("/?q=%3Cscript%3E", "text/html"),
        ("/app.js", "text/javascript"),
        ("/app.css", "text/css"),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let ct = r
            .headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(ct.starts_with(kind), "{path}: {ct}");
        assert_eq!(r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap(), CSP);
        assert_eq!(
            r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
        // No CDN, no network: nothing refers to another origin.
        let body = r.text();
        assert!(!body.contains("http://") && !body.contains("https://") && !body.contains("//cdn"));
    }
    // The page is the same whatever the query: it is filled in by the script, as text.
    assert_eq!(
        app.get("/?q=%3Cscript%3E").await.body,
        app.get("/").await.body
    );
    let html = app.get("/").await.text();
    assert!(html.contains("<script src=\"/app.js\" defer></script>"));
    assert_eq!(html.matches("<script").count(), 1, "no inline script");
    assert!(!html.contains("style="), "no inline style");
    let js = app.get("/app.js").await.text();
    assert!(!js.contains("innerHTML") && !js.contains("insertAdjacentHTML"));

    for path in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/app.js/../../Cargo.toml",
        "/etc/passwd",
        "/Cargo.toml",
        "/src/serve.rs",
        "/src/serve/page.js",
        "/api/passages/../../etc/passwd",
        "/api",
        "/index.html",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_json(&r);
        assert_eq!(r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap(), CSP);
        assert!(r.json::<ErrorBody>().error.starts_with("no such page"));
    }

    let req = Request::post("/api/search?q=a")
        .header(header::HOST, "localhost:8080")
        .body(Body::empty())
        .expect("request");
    let res = app.router.clone().oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    let body: ErrorBody = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(
        body.error,
        "POST is not allowed on /api/search: the page and the API only answer GET"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_share_one_engine() {
    let app = std::sync::Arc::new(app());
    let queries = ["テレワーク", "1on1", "育児休業", "男性 育児"];
    let mut expected = Vec::new();
    for q in queries {
        expected.push(app.search(&format!("q={}", enc(q))).await);
    }
    let mut tasks = Vec::new();
    for i in 0..64 {
        let app = app.clone();
        let q = queries[i % queries.len()];
        tasks.push(tokio::spawn(async move {
            (i, app.search(&format!("q={}", enc(q))).await)
        }));
    }
    for t in tasks {
        let (i, got) = t.await.expect("task");
        assert_eq!(got, expected[i % queries.len()]);
    }
}

#[tokio::test]
async fn browsing_without_a_query_lists_the_filtered_passages_in_report_order() {
    let app = app();
    let r = app
        .search(&format!(
            "ministry={}&collapse=none&limit=100",
            enc("財務省")
        ))
        .await;
    assert!(r.total > 0 && r.hits.len() == r.total);
    assert!(r.hits.iter().all(|h| h.ministry == "財務省"));
    let ids: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "report order");
    // Neither query nor filter: every passage.
    let all = app.search("collapse=none&limit=1").await;
    assert_eq!(all.total, 154);
    // Related passages can be turned off.
    let q = enc("男性の育児休業");
    let with = app.search(&format!("q={q}")).await;
    assert!(with.hits.iter().any(|h| h.matched == MatchKind::Related));
    let without = app.search(&format!("q={q}&related=0")).await;
    assert!(without.hits.iter().all(|h| h.matched == MatchKind::All));
    assert_eq!(with.total, without.total);
}

#[tokio::test]
async fn requests_for_another_host_or_with_an_overlong_uri_are_refused_with_headers() {
    let app = app();
    // DNS rebinding: a page at evil.example whose name resolves to 127.0.0.1.
    for host in ["evil.example", "evil.example:8080", "127.0.0.2:8080", ""] {
        let req = Request::get("/api/search?q=a")
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("request");
        let res = app.router.clone().oneshot(req).await.expect("response");
        assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert_eq!(
            res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap(),
            CSP
        );
    }
    for host in [
        "localhost:8080",
        "127.0.0.1",
        "[::1]:8080",
        "LOCALHOST:8080",
    ] {
        let req = Request::get("/api/ministries")
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("request");
        let res = app.router.clone().oneshot(req).await.expect("response");
        assert_eq!(res.status(), StatusCode::OK, "{host}");
    }
    let long = format!("/api/search?q=a&ministry={}", "x".repeat(40_000));
    let r = app.get(&long).await;
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
    assert_eq!(r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap(), CSP);
    assert!(r
        .json::<ErrorBody>()
        .error
        .starts_with("the URI is too long"));
    // A long value is named, not echoed whole.
    let m = app.bad(&format!("q=a&ministry={}", "財".repeat(900))).await;
    assert!(m.chars().count() <= 301, "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_request_is_closed_and_others_are_still_answered() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(dir.path());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve::run(
        listener,
        engine,
        [127, 0, 0, 1].into(),
        serve::Answers::within(0),
    ));
    // Headers that never end: hyper closes the connection after its header timeout.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    // Meanwhile another client is answered.
    let mut quick = tokio::net::TcpStream::connect(addr).await.unwrap();
    quick
        .write_all(b"GET /api/ministries HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    quick.read_to_end(&mut answer).await.unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    let bound = serve::HEADER_TIMEOUT + std::time::Duration::from_secs(10);
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(bound, slow.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "the half-sent request is closed: {read:?}"
    );
}

#[tokio::test]
async fn similar_passages_of_other_organisations_with_the_cli_messages() {
    let app = app();
    let r = app
        .get("/api/passages/2023-npa-02/similar?limit=5&explain=1")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_json(&r);
    let s: SimilarResponse = r.json();
    assert_eq!(s.passage.id, "2023-npa-02");
    assert_eq!(s.hits.len(), 5);
    assert!(s.total >= 5);
    let ids: Vec<&str> = s.hits.iter().map(|h| h.id.as_str()).collect();
    // The two other organisations that pay for telework calls (judged by reading).
    assert!(
        ids[..3].contains(&"2023-cas-03") && ids[..3].contains(&"2023-clb-02"),
        "{ids:?}"
    );
    for (i, h) in s.hits.iter().enumerate() {
        assert_eq!(h.rank, i + 1);
        assert_ne!(h.ministry, "警察庁", "other organisations only");
        assert!(
            !h.snippet.highlights.is_empty(),
            "{}: shared words highlighted",
            h.id
        );
        assert!(
            h.explain.as_ref().is_some_and(|e| !e.is_empty()),
            "{}",
            h.id
        );
    }
    assert!(s.hits.windows(2).all(|w| w[0].score >= w[1].score));

    // The same as the CLI's filters: status, section, own organisation.
    let same: SimilarResponse = app
        .get("/api/passages/2023-npa-02/similar?same_ministry=1&limit=20")
        .await
        .json();
    assert!(same.hits.iter().any(|h| h.ministry == "警察庁"));
    let new: SimilarResponse = app
        .get("/api/passages/2023-npa-02/similar?status=new&section=II.1&limit=100")
        .await
        .json();
    assert!(!new.hits.is_empty());
    assert!(new
        .hits
        .iter()
        .all(|h| h.status == Status::New && h.sections.iter().any(|p| p.starts_with("II.1"))));

    let r = app.get("/api/passages/2023-npa-0/similar").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_json(&r);
    assert_eq!(
        r.json::<ErrorBody>().error,
        "no passage \"2023-npa-0\" in this index; did you mean 2023-npa-01, 2023-npa-02, 2023-npa-03?"
    );
    for (params, message) in [
        (
            "section=II.9",
            "no passage cites section II.9; did you mean II.1, II.2, II.3?",
        ),
        (
            "limit=0",
            "limit must be a whole number from 1 to 100, not \"0\"",
        ),
        (
            "status=old",
            "status must be new (新規), continuing (継続), unmarked (記載なし) or all, not \"old\"",
        ),
        (
            "year=1999",
            "no report for fiscal year \"1999\" in this index; it holds 2023 (令和5)",
        ),
    ] {
        let r = app
            .get(&format!("/api/passages/2023-npa-02/similar?{params}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{params}");
        assert_eq!(r.json::<ErrorBody>().error, message, "{params}");
    }
    let long = "x".repeat(500);
    let r = app.get(&format!("/api/passages/{long}/similar")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<ErrorBody>().error,
        "no passage with an id of 500 characters; ids look like 2023-npa-03"
    );
    let r = app.get("/api/passages/2023-npa-02/similar?q=x").await;
    assert!(r
        .json::<ErrorBody>()
        .error
        .starts_with("unknown parameter \"q\""));
}

#[tokio::test]
async fn a_search_asked_again_is_answered_from_memory_with_the_same_bytes() {
    let app = app();
    let uri = format!("/api/search?q={}&ministry={}", enc("研修"), enc("警察庁"));
    let first = app.get(&uri).await;
    let again = app.get(&uri).await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(first.headers.get(serve::X_CACHE).unwrap(), "miss");
    assert_eq!(again.headers.get(serve::X_CACHE).unwrap(), "hit");
    assert_eq!(first.body, again.body);
    assert_json(&again);
    // Security headers on an answer from memory too.
    assert_eq!(
        again.headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
        CSP
    );
    // Another request is another answer.
    let other = app.get(&format!("/api/search?q={}", enc("研修"))).await;
    assert_eq!(other.headers.get(serve::X_CACHE).unwrap(), "miss");
    assert_ne!(other.body, first.body);
    // Errors are not kept: each is worked out again.
    for _ in 0..2 {
        let bad = app.get("/api/search?limit=0").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.headers.get(serve::X_CACHE).is_none());
    }
    // The map, the comparison and similar passages are kept too.
    for uri in [
        format!("/api/map?q={}", enc("テレワーク")),
        format!(
            "/api/compare?ministry={}&ministry={}",
            enc("財務省"),
            enc("外務省")
        ),
        "/api/passages/2023-npa-03/similar".to_string(),
    ] {
        let first = app.get(&uri).await;
        let again = app.get(&uri).await;
        assert_eq!(again.headers.get(serve::X_CACHE).unwrap(), "hit", "{uri}");
        assert_eq!(first.body, again.body, "{uri}");
    }
}

#[tokio::test]
async fn with_no_memory_for_answers_every_search_runs_again() {
    let app = app_keeping(0);
    let uri = format!("/api/search?q={}", enc("テレワーク"));
    let first = app.get(&uri).await;
    let again = app.get(&uri).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.headers.get(serve::X_CACHE).is_none());
    assert_eq!(first.body, again.body);
}
