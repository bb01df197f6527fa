//! Criterion benchmark of `similar` on the bundled report, warm (the passages reduced once,
//! as a server has them after its first similar request), and the first request on a fresh
//! engine. Each iteration checks its result.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use wlb_search::index;
use wlb_search::report;
use wlb_search::search::{Method, SimilarRequest};
use wlb_search::{Engine, LooseRequest};

fn benches(c: &mut Criterion) {
    let records = report::bundled().expect("bundled report parses");
    let dir = tempfile::tempdir().expect("temp dir");
    index::build(dir.path(), &records, vec!["bundled".into()]).expect("index builds");
    let engine = Engine::open(dir.path()).expect("index opens");
    let loose = LooseRequest::query("");

    for (id, explain) in [
        ("2023-npa-02", false),
        ("2023-mhlw-02", false),
        ("2023-npa-02", true),
    ] {
        let request = SimilarRequest::resolve(
            &engine,
            id,
            &LooseRequest {
                explain,
                ..loose.clone()
            },
            false,
        )
        .unwrap();
        let name = format!(
            "warm similar {id}{}",
            if explain { " --explain" } else { "" }
        );
        c.bench_function(&name, |b| {
            b.iter(|| {
                let r = engine.similar(black_box(&request)).unwrap();
                assert_eq!(r.hits.len(), 10);
            })
        });
    }
    let request = SimilarRequest::resolve(&engine, "2023-npa-02", &loose, false)
        .unwrap()
        .with_method(Method::TfIdf);
    c.bench_function("warm similar 2023-npa-02 (tf-idf baseline)", |b| {
        b.iter(|| {
            let r = engine.similar(black_box(&request)).unwrap();
            assert_eq!(r.hits.len(), 10);
        })
    });
    c.bench_function(
        "first similar on a fresh engine (reduces all passages)",
        |b| {
            b.iter(|| {
                let fresh = Engine::open(dir.path()).unwrap();
                let req = SimilarRequest::resolve(&fresh, "2023-npa-02", &loose, false).unwrap();
                assert_eq!(fresh.similar(&req).unwrap().hits.len(), 10);
            })
        },
    );
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);
