//! How `similar`'s method was chosen: nDCG@10 and Recall@10 on tests/relevance/similar.json
//! for the tf-idf baseline, the chosen weights, and the chosen weights with one thing changed
//! at a time (`cargo run --release --example similar_grid`). The weights were picked from
//! larger grids of the same kind.
use wlb_search::eval::similar::{Similar, SimilarSet, SIMILAR_BUNDLED, SIMILAR_BUNDLED_NAME};
use wlb_search::eval::{self, System};
use wlb_search::search::{Engine, Method, Weights};
use wlb_search::{index, report};

fn main() {
    let records = report::bundled().expect("the bundled report parses");
    let set = SimilarSet::parse(SIMILAR_BUNDLED, SIMILAR_BUNDLED_NAME, &records).expect("valid");
    let dir = tempfile::tempdir().expect("a temporary directory");
    index::build(dir.path(), &records, vec!["bundled".into()]).expect("the index builds");
    let engine = Engine::open(dir.path()).expect("the index opens");
    // The baseline, the chosen weights, and the chosen weights with one thing changed.
    let c = Weights::CHOSEN;
    let mut methods = vec![Method::TfIdf, Method::DEFAULT];
    for w in [
        Weights {
            thesaurus: 0.0,
            near: 0.0,
            ..c
        },
        Weights {
            thesaurus: 1.0,
            ..c
        },
        Weights {
            thesaurus: 3.0,
            ..c
        },
        Weights { near: 0.0, ..c },
        Weights { near: 0.5, ..c },
        Weights { near: 1.5, ..c },
        Weights { bigrams: 0.0, ..c },
        Weights { bigrams: 0.6, ..c },
        Weights {
            compounds: 0.5,
            ..c
        },
        Weights {
            sublinear: false,
            ..c
        },
        Weights {
            numbers: false,
            ..c
        },
        Weights { feedback: 0.0, ..c },
        Weights { feedback: 0.6, ..c },
        Weights { section: 0.05, ..c },
        Weights { section: 0.1, ..c },
        Weights { section: 0.2, ..c },
        Weights { item: 2.0, ..c },
        Weights { item: 3.0, ..c },
        Weights { terms: 20, ..c },
        Weights { terms: 40, ..c },
    ] {
        methods.push(Method::Weighted(w));
    }
    let mut rows = Vec::new();
    for method in methods {
        let mut s = Similar {
            engine: &engine,
            method,
        };
        let mut systems: Vec<&mut dyn System> = vec![&mut s];
        let r = eval::evaluate(&set, SIMILAR_BUNDLED_NAME, &mut systems).expect("runs");
        let m = &r.summaries[0];
        rows.push((m.ndcg, m.recall, m.system.clone()));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ndcg, recall, name) in rows {
        println!("{ndcg:.3} {recall:.3}  {name}");
    }
}
