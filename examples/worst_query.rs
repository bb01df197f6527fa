//! The worst warm query time over adversarial queries (a word repeated up to the length limit,
//! pastes of the report's own text, odd characters), on the bundled report and on a corpus of
//! N copies of it with the fiscal year varied: `cargo run --release --example worst_query --
//! [N]` (default 1). Prints each query kind's slowest of 5 runs, and the worst overall.
use std::time::Instant;

use wlb_search::{index, Engine, LooseRequest};

mod common;

fn main() {
    let copies: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let records = common::copies(copies);
    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &records, vec!["corpus".into()]).unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let report = std::fs::read_to_string("data/wlb-followup-r5.txt").unwrap();
    let start = report.find("テレワーク").unwrap();
    let paste = |n: usize| -> String {
        report[start..]
            .chars()
            .filter(|c| !c.is_control())
            .take(n)
            .collect()
    };
    let queries: Vec<(&str, String)> = vec![
        ("word", "テレワーク".into()),
        ("sentence", "テレワーク中の通話料の負担".into()),
        ("repeated x200", "両立支援 ".repeat(200)),
        ("OR x300", "テレワーク OR ".repeat(77)),
        ("paste 400", paste(400)),
        ("paste 1000", paste(1000)),
        ("exclusions", "-テレワーク ".repeat(90) + "研修"),
        ("odd", "a゜ x⒣y a㍸b a㈉b ﾃﾞ ①②③".into()),
        ("no match", "存在しない言葉の組み合わせ".into()),
    ];
    let mut worst = 0.0f64;
    println!("{} passages", records.len());
    for (kind, q) in &queries {
        let q: String = q.chars().take(1000).collect();
        let Ok(request) = engine.resolve(&LooseRequest::query(q.as_str())) else {
            println!("{kind:>14}: refused");
            continue;
        };
        let _ = engine.search(&request);
        let mut slowest = 0.0f64;
        for _ in 0..5 {
            let t = Instant::now();
            let _ = engine.search(&request);
            slowest = slowest.max(t.elapsed().as_secs_f64() * 1000.0);
        }
        worst = worst.max(slowest);
        println!("{kind:>14}: {slowest:7.2} ms");
    }
    println!("worst: {worst:.2} ms");
}
