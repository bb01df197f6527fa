//! Criterion benchmarks of `map` and `compare` on the bundled report, warm (the engine open,
//! as in `serve`), each checking its result. The map over 100 copies of the report is
//! measured by `cargo run --release --example map_scale -- 100`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use wlb_search::search::Level;
use wlb_search::{index, report, Engine, LooseRequest};

fn benches(c: &mut Criterion) {
    let records = report::bundled().expect("bundled report parses");
    let dir = tempfile::tempdir().expect("temp dir");
    index::build(dir.path(), &records, vec!["bundled".into()]).expect("index builds");
    let engine = Engine::open(dir.path()).expect("index opens");
    let level = Level::default();

    for query in ["", "テレワーク", "マネジメント 研修"] {
        let request = engine.resolve(&LooseRequest::query(query)).unwrap();
        let total = engine.search(&request).unwrap().total;
        c.bench_function(&format!("warm map {query:?}"), |b| {
            b.iter(|| {
                let grid = engine.section_grid(black_box(&request), level).unwrap();
                assert_eq!(grid.rows.len(), 26);
                assert_eq!(grid.total(), total);
            })
        });
    }

    for (names, query) in [
        (vec!["財務省", "外務省"], ""),
        (vec!["総務省", "法務省", "デジタル庁"], "業務"),
    ] {
        let request = engine
            .resolve(&LooseRequest {
                query: query.into(),
                ministries: names.iter().map(|n| n.to_string()).collect(),
                limit: 1,
                ..LooseRequest::default()
            })
            .unwrap();
        let total = engine.search(&request).unwrap().total;
        c.bench_function(
            &format!("warm compare {} {query:?}", names.join(" ")),
            |b| {
                b.iter(|| {
                    let cmp = engine.compare(black_box(&request), level).unwrap();
                    assert_eq!(cmp.totals.iter().sum::<usize>(), total);
                })
            },
        );
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);
