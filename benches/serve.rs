//! Warm API latency on the bundled report: `cargo bench --bench serve`.
//!
//! Starts the server in-process on 127.0.0.1 (a free port), warms it up, then sends 2,000
//! sequential `GET /api/search` requests over one keep-alive connection, cycling through six
//! typical searches (with filters), and prints latency percentiles. It also times the same
//! searches without HTTP (`serve::search`: search + facet counts), and over HTTP again with
//! the server keeping answers (the same requests answered from memory). Every response is checked:
//! status 200 and the expected total. Percentiles rather than criterion's means, because the
//! target is a p99 (under 2 ms).

use std::time::{Duration, Instant};

// The allocator the binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use wlb_search::index;
use wlb_search::report;
use wlb_search::search::Engine;
use wlb_search::serve;
use wlb_search::wire::SearchResponse;

const QUERIES: &[&str] = &[
    "q=テレワーク",
    "q=1on1&ministry=デジタル庁",
    "q=マネジメント研修&status=new",
    "q=育児休業&section=II",
    "q=男性 育児",
    "q=テレワーク中の通話料の負担",
    "q=テレワーク&ministry=警察庁&ministry=環境省&limit=20",
];
const WARM_UP: usize = 200;
const REQUESTS: usize = 2_000;

fn encode(params: &str) -> String {
    params
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("k=v");
            format!(
                "{k}={}",
                form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn report_line(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let p = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    println!(
        "{what}: n={} p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        p(0.50),
        p(0.90),
        p(0.99),
        p(1.0)
    );
}

fn main() {
    let records = report::bundled().expect("bundled report parses");
    let dir = tempfile::tempdir().expect("temp dir");
    index::build(dir.path(), &records, vec!["bundled".into()]).expect("index builds");
    let queries: Vec<String> = QUERIES.iter().map(|q| encode(q)).collect();

    // Expected totals, and the in-process timing (no HTTP).
    let engine = Engine::open(dir.path()).expect("index opens");
    let requests: Vec<_> = queries
        .iter()
        .map(|q| serve::search_request(q).expect("valid parameters"))
        .collect();
    let expected: Vec<usize> = requests
        .iter()
        .map(|r| serve::search(&engine, r).expect("search").total)
        .collect();
    assert!(expected.iter().all(|&n| n > 0), "{expected:?}");
    let mut times = Vec::with_capacity(REQUESTS);
    for i in 0..WARM_UP + REQUESTS {
        let k = i % requests.len();
        let started = Instant::now();
        let r = serve::search(&engine, &requests[k]).expect("search");
        let took = started.elapsed();
        assert_eq!(r.total, expected[k]);
        if i >= WARM_UP {
            times.push(took);
        }
    }
    report_line("search + facets, in process", times);

    // Over loopback HTTP: every request searched, then answers kept (the same request
    // asked again is answered from memory).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for (mb, what) in [
        (0, "GET /api/search over loopback, searched each time"),
        (
            serve::DEFAULT_CACHE_MB,
            "GET /api/search over loopback, answers kept",
        ),
    ] {
        let engine = Engine::open(dir.path()).expect("index opens");
        let times = over_http(
            &runtime,
            engine,
            serve::Answers::within(mb),
            &queries,
            &expected,
        );
        report_line(what, times);
    }
}

/// Times the queries over loopback, cycling through them, each answer checked.
fn over_http(
    runtime: &tokio::runtime::Runtime,
    engine: Engine,
    answers: serve::Answers,
    queries: &[String],
    expected: &[usize],
) -> Vec<Duration> {
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    runtime
        .spawn(async move { serve::run(listener, engine, [127, 0, 0, 1].into(), answers).await });
    let agent = ureq::AgentBuilder::new().build();
    let mut times = Vec::with_capacity(REQUESTS);
    let mut bodies = Vec::with_capacity(REQUESTS);
    for i in 0..WARM_UP + REQUESTS {
        let k = i % queries.len();
        let url = format!("http://{addr}/api/search?{}", queries[k]);
        let started = Instant::now();
        let res = agent.get(&url).call().expect("200 OK");
        let body = res.into_string().expect("body");
        let took = started.elapsed();
        if i >= WARM_UP {
            times.push(took);
            bodies.push((k, body));
        }
    }
    for (k, body) in bodies {
        let r: SearchResponse = serde_json::from_str(&body).expect("SearchResponse");
        assert_eq!(r.total, expected[k]);
    }
    times
}
