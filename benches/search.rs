//! Criterion benchmarks on the bundled report. Each benchmark also checks its result, so a
//! fast wrong answer does not pass for a fast right one.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use wlb_search::analysis;
use wlb_search::index;
use wlb_search::report;
use wlb_search::{Engine, LooseRequest};

fn benches(c: &mut Criterion) {
    let records = report::bundled().expect("bundled report parses");
    let dir = tempfile::tempdir().expect("temp dir");
    index::build(dir.path(), &records, vec!["bundled".into()]).expect("index builds");
    let engine = Engine::open(dir.path()).expect("index opens");

    c.bench_function("parse bundled report", |b| {
        b.iter(|| {
            let r = report::bundled().unwrap();
            assert_eq!(r.len(), records.len());
        })
    });

    let text: String = records
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut analyzer = analysis::analyzer().unwrap();
    let expected = analysis::analyze(&mut analyzer, &text).unwrap().len();
    assert!(expected > 10_000, "{expected} tokens");
    c.bench_function("analyze all passages", |b| {
        b.iter(|| {
            let tokens = analysis::analyze(&mut analyzer, black_box(&text)).unwrap();
            assert_eq!(tokens.len(), expected);
        })
    });

    for query in ["テレワーク", "1on1", "マネジメント研修"] {
        let request = engine
            .resolve(&LooseRequest {
                query: query.into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        c.bench_function(&format!("warm search {query}"), |b| {
            b.iter(|| {
                let r = engine.search(black_box(&request)).unwrap();
                assert!(r.total > 0);
            })
        });
    }

    let pdf = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf/a3-landscape-mirror.pdf");
    let pdf_bytes = std::fs::read(&pdf).expect("PDF fixture");
    c.bench_function("extract PDF tables (46 A3 pages)", |b| {
        b.iter(|| {
            let text = report::pdf_to_text(black_box(&pdf_bytes), &mut |_, _| {}).unwrap();
            assert!(text.contains("会計検査院"));
        })
    });
    c.bench_function("read PDF into records (46 A3 pages)", |b| {
        b.iter(|| {
            let r = report::read_file(&pdf).unwrap();
            assert_eq!(r.len(), records.len());
        })
    });

    c.bench_function("build index (154 passages)", |b| {
        b.iter(|| {
            let d = tempfile::tempdir().unwrap();
            let s = index::build(d.path(), &records, vec!["bundled".into()]).unwrap();
            assert_eq!(s.passages, records.len());
        })
    });
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);
