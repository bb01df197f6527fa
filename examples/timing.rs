//! Times analysis and warm searches in process, per query (a quick check while tuning; the
//! benchmarks are in benches/): `cargo run --release --example timing [-- INDEX]` (default:
//! the bundled report, built into a temporary directory; an index built by
//! `scripts/bench-scale.sh` shows the cost at scale without HTTP).
use std::time::Instant;
use wlb_search::{Engine, LooseRequest};
fn main() {
    let records = wlb_search::report::bundled().unwrap();
    let dir = match std::env::args().nth(1) {
        Some(index) => std::path::PathBuf::from(index),
        None => {
            let dir = std::env::temp_dir().join("wlb-timing-index");
            wlb_search::index::build(&dir, &records, vec!["bundled".into()]).unwrap();
            dir
        }
    };
    let engine = Engine::open(&dir).unwrap();
    let mut a = wlb_search::analysis::analyzer().unwrap();
    let t = Instant::now();
    for r in &records {
        let _ = wlb_search::analysis::analyze(&mut a, &r.text).unwrap();
    }
    println!(
        "morph analysis: {:.3} ms per passage",
        t.elapsed().as_secs_f64() * 1000.0 / records.len() as f64
    );
    let t = Instant::now();
    for r in &records {
        let _ = wlb_search::analysis::bigrams(&r.text);
    }
    println!(
        "bigram analysis: {:.3} ms per passage",
        t.elapsed().as_secs_f64() * 1000.0 / records.len() as f64
    );
    let t = Instant::now();
    for _ in 0..100 {
        let _ = wlb_search::analysis::words("テレワーク中の通話料の負担").unwrap();
    }
    println!(
        "words(): {:.3} ms",
        t.elapsed().as_secs_f64() * 1000.0 / 100.0
    );
    for (q, m, limit) in [
        ("テレワーク", vec![], 10),
        ("1on1", vec!["デジタル庁".to_string()], 10),
        ("マネジメント研修", vec![], 10),
        ("男性 育児", vec![], 10),
        (
            "テレワーク",
            vec!["警察庁".to_string(), "環境省".to_string()],
            20,
        ),
        ("テレワーク中の通話料の負担", vec![], 10),
    ] {
        let req = engine
            .resolve(&LooseRequest {
                ministries: m,
                limit,
                // As the CLI and the page ask: one row per item, related passages below.
                ..LooseRequest::query(q)
            })
            .unwrap();
        let _ = engine.search(&req).unwrap();
        let t = Instant::now();
        let n = 50;
        let mut hits = 0;
        for _ in 0..n {
            hits = engine.search(&req).unwrap().hits.len();
        }
        println!(
            "{q:<30} {:>7.3} ms  ({hits} hits)",
            t.elapsed().as_secs_f64() * 1000.0 / n as f64
        );
    }
}
