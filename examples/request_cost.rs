//! Instructions per API search, in process: the query mix of `scripts/bench-http.py` (or one
//! of its query strings) answered as `/api/search` answers it (`serve::search`, then JSON),
//! one warm-up round first (the model, the vectors, the query's embedding), then N rounds.
//! Under callgrind, whose counts do not depend on what else the machine does, the difference
//! between 12 and 2 rounds, over 10, is one request (every thread counted: facets are counted
//! on rayon's):
//!
//! ```text
//! cargo build --release --example request_cost
//! for n in 2 12; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/request_cost INDEX $n 'q=男性 育児' 2>&1 | grep Collected; done
//! ```
//!
//! Without a query string, the whole mix is run.
use wlb_search::Engine;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The mix of `scripts/bench-http.py`, as query strings.
const MIX: [&str; 8] = [
    "q=テレワーク",
    "q=ハラスメント",
    "q=マネジメント研修",
    "q=男性 育児",
    "q=テレワーク中の通話料の負担",
    "q=1on1&ministry=デジタル庁",
    "q=研修&ministry=警察庁",
    "ministry=財務省",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(index), Some(rounds)) = (args.next(), args.next().and_then(|n| n.parse().ok()))
    else {
        eprintln!("usage: request_cost INDEX ROUNDS [QUERY-STRING]");
        std::process::exit(2);
    };
    let engine = Engine::open(std::path::Path::new(&index)).expect("an index");
    let only = args.next();
    let queries: Vec<&str> = match &only {
        Some(q) => vec![q.as_str()],
        None => MIX.to_vec(),
    };
    let encoded: Vec<String> = queries.iter().copied().map(encode).collect();
    let bytes = answer(&engine, &encoded);
    let bytes = bytes
        + (0..rounds)
            .map(|_| answer(&engine, &encoded))
            .sum::<usize>();
    println!(
        "{} requests, {bytes} bytes of JSON",
        (rounds + 1) * encoded.len()
    );
}

fn answer(engine: &Engine, queries: &[String]) -> usize {
    queries
        .iter()
        .map(|q| {
            let req = wlb_search::serve::search_request(q).expect("a query string");
            let resp = wlb_search::serve::search(engine, &req).expect("an answer");
            serde_json::to_vec(&resp).expect("JSON").len()
        })
        .sum()
}

/// A query string as a browser sends it (UTF-8 percent-encoded, space as `+`).
fn encode(q: &str) -> String {
    let mut out = String::new();
    for c in q.chars() {
        match c {
            ' ' => out.push('+'),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut b = [0u8; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    out
}
