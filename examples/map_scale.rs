//! `map` over a corpus of N copies of the bundled report (the fiscal year varied, as in
//! `worst_query`): `cargo run --release --example map_scale -- [N]` (default 100). Prints the
//! slowest of 10 warm runs of each map and comparison, and checks each against `search`.
use std::time::Instant;

use wlb_search::search::Level;
use wlb_search::{index, Engine, LooseRequest};

mod common;

fn main() {
    let copies: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let records = common::copies(copies);
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    index::build(dir.path(), &records, vec!["corpus".into()]).unwrap();
    println!(
        "{} passages ({copies} copies), indexed in {:.1} s",
        records.len(),
        t.elapsed().as_secs_f64()
    );
    let engine = Engine::open(dir.path()).unwrap();
    let mut worst = 0.0f64;
    for (query, ministries, level) in [
        ("", vec![], 2),
        ("", vec![], 3),
        ("テレワーク", vec![], 2),
        ("マネジメント 研修", vec![], 1),
        ("", vec!["財務省", "外務省"], 2),
    ] {
        let request = engine
            .resolve(&LooseRequest {
                query: query.into(),
                ministries: ministries.iter().map(|m| m.to_string()).collect(),
                limit: 1,
                ..LooseRequest::default()
            })
            .unwrap();
        let level = Level::parse(&level.to_string()).unwrap();
        let total = engine.search(&request).unwrap().total;
        let compare = !ministries.is_empty();
        let run = || {
            if compare {
                engine.compare(&request, level).unwrap().totals.iter().sum()
            } else {
                engine.section_grid(&request, level).unwrap().total()
            }
        };
        assert_eq!(run(), total, "{query:?}: the same match set as search");
        let mut slowest = 0.0f64;
        for _ in 0..10 {
            let t = Instant::now();
            let n = run();
            slowest = slowest.max(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(n, total);
        }
        worst = worst.max(slowest);
        let what = if compare { "compare" } else { "map" };
        println!(
            "{what:>7} {query:?} {ministries:?} level {}: {total} passages, slowest {slowest:.1} ms",
            level.get()
        );
    }
    println!("worst: {worst:.1} ms");
}
