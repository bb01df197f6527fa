//! The relevance set (tests/relevance/judgments.json) run the way `wlb-search eval` runs it:
//! the real report, dictionary and index, and Groonga from Debian for the side-by-side.
//! Fails when nDCG@10 or Recall@10 fall below the floor committed in
//! tests/relevance/floor.json, when a query with relevant passages finds nothing, or when the
//! margin over the better Groonga variant shrinks below the 0.10.

use std::collections::BTreeSet;

use serde::Deserialize;
use wlb_search::eval::{self, groonga, Judgments, Report, System, WlbSearch};
use wlb_search::{index, report, search::Engine, semantic};

#[derive(Deserialize)]
struct Floor {
    #[allow(dead_code)]
    about: String,
    ndcg_at_10: f64,
    recall_at_10: f64,
    words_only_ndcg_at_10_without_paraphrases: f64,
    words_only_recall_at_10_without_paraphrases: f64,
    paraphrase_gain_ndcg_at_10: f64,
    margin_over_groonga_ndcg_at_10: f64,
}

fn floor() -> Floor {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance/floor.json"),
    )
    .expect("tests/relevance/floor.json");
    serde_json::from_str(&text).expect("floor.json parses")
}

fn judgments(records: &[wlb_search::Record]) -> Judgments {
    Judgments::parse(eval::BUNDLED, eval::BUNDLED_NAME, records).expect("judgments are valid")
}

fn print(report: &Report) {
    let mut out = Vec::new();
    wlb_search::present::eval_report(&mut out, report, wlb_search::present::Format::Text).unwrap();
    println!("{}", String::from_utf8_lossy(&out));
}

#[test]
fn the_set_is_large_varied_and_documented() {
    let records = report::bundled().unwrap();
    let j = judgments(&records);
    assert!(j.queries.len() >= 50, "{} queries", j.queries.len());
    let kinds: BTreeSet<&str> = j.queries.iter().map(|q| q.kind.as_str()).collect();
    for k in [
        "katakana",
        "alphanumeric",
        "kanji",
        "inflected",
        "sentence",
        "width",
        "synonym",
        "filtered",
        "paraphrase",
    ] {
        assert!(kinds.contains(k), "no {k} query");
    }
    for q in &j.queries {
        assert!(!q.method.trim().is_empty(), "{}: how was it judged?", q.id);
        assert!(!q.judgments.is_empty(), "{}: no relevant passage", q.id);
    }
    let filtered = j.queries.iter().filter(|q| q.kind == "filtered");
    assert!(filtered.clone().any(|q| !q.ministries.is_empty()));
    assert!(filtered.clone().any(|q| !q.sections.is_empty()));
    assert!(filtered.clone().any(|q| q.status.is_some()));
    // Bad judgments are refused with a reason.
    let bad = eval::BUNDLED.replacen("\"2023-", "\"2099-", 1);
    let err = Judgments::parse(&bad, "bad.json", &records)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.json") && err.contains("2099-"), "{err}");
}

#[test]
fn wlb_search_beats_groonga_and_stays_above_the_floor() {
    let floor = floor();
    let records = report::bundled().unwrap();
    let j = judgments(&records);
    let dir = tempfile::tempdir().unwrap();
    let vectors = semantic::embed_records(
        &records,
        &semantic::Cache::at_default(),
        None,
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("{e}\nthe relevance floor is for search with meaning"));
    let nothing = &mut |_, _| {};
    let names = vec!["bundled".into()];
    index::build_with_progress(
        dir.path(),
        &records,
        names,
        &|_| Some(vectors.clone()),
        nothing,
        &mut || {},
    )
    .unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let mut ours = WlbSearch {
        engine: &engine,
        collapse: false,
        semantic: true,
    };
    let mut words = WlbSearch {
        engine: &engine,
        collapse: false,
        semantic: false,
    };
    let load = |t| {
        groonga::Groonga::load(t, &records).unwrap_or_else(|e| {
            panic!(
                "{e}\nGroonga is needed for the side-by-side: {}",
                groonga::INSTALL
            )
        })
    };
    let mut mecab = load(groonga::Tokenizer::Mecab);
    let mut bigram = load(groonga::Tokenizer::Bigram);
    let mut systems: Vec<&mut dyn System> = vec![&mut ours, &mut words, &mut mecab, &mut bigram];
    let report = eval::evaluate(&j, eval::BUNDLED_NAME, &mut systems).unwrap();
    print(&report);

    let us = report.summary("wlb-search").unwrap();
    assert!(
        us.ndcg >= floor.ndcg_at_10,
        "nDCG@10 {:.3} fell below the floor {:.3}",
        us.ndcg,
        floor.ndcg_at_10
    );
    assert!(
        us.recall >= floor.recall_at_10,
        "Recall@10 {:.3} fell below the floor {:.3}",
        us.recall,
        floor.recall_at_10
    );
    assert!(
        us.zero_hit_queries.is_empty(),
        "queries with relevant passages but no hits: {:?}",
        us.zero_hit_queries
    );
    let best_peer = report.summaries[2..]
        .iter()
        .map(|s| s.ndcg)
        .fold(0.0, f64::max);
    // Words only, on the keyword and sentence queries: the lexical floor of before.
    let lexical: Vec<_> = report
        .queries
        .iter()
        .filter(|q| q.kind != "paraphrase")
        .collect();
    let n = lexical.len() as f64;
    let ndcg = lexical.iter().map(|q| q.scores[1].ndcg).sum::<f64>() / n;
    let recall = lexical.iter().map(|q| q.scores[1].recall).sum::<f64>() / n;
    assert!(
        ndcg >= floor.words_only_ndcg_at_10_without_paraphrases
            && recall >= floor.words_only_recall_at_10_without_paraphrases,
        "words only, without paraphrases: nDCG@10 {ndcg:.3}, Recall@10 {recall:.3}"
    );
    // Meaning lifts paraphrases and no kind of query loses.
    for k in &report.by_kind {
        assert!(
            k.ndcg[0] >= k.ndcg[1] - 1e-9,
            "{}: {:.3} with meaning, {:.3} by words",
            k.kind,
            k.ndcg[0],
            k.ndcg[1]
        );
    }
    let para = report
        .by_kind
        .iter()
        .find(|k| k.kind == "paraphrase")
        .unwrap();
    assert!(
        para.ndcg[0] - para.ndcg[1] >= floor.paraphrase_gain_ndcg_at_10,
        "paraphrases: {:.3} with meaning, {:.3} by words",
        para.ndcg[0],
        para.ndcg[1]
    );
    assert!(
        us.ndcg - best_peer >= floor.margin_over_groonga_ndcg_at_10,
        "nDCG@10 {:.3} is not {:.2} above Groonga's {:.3}",
        us.ndcg,
        floor.margin_over_groonga_ndcg_at_10,
        best_peer
    );
}

#[derive(Deserialize)]
struct SimilarFloor {
    #[allow(dead_code)]
    about: String,
    ndcg_at_10: f64,
    recall_at_10: f64,
    margin_over_tfidf_ndcg_at_10: f64,
    margin_over_groonga_ndcg_at_10: f64,
}

/// `similar` on tests/relevance/similar.json, as `wlb-search eval` runs it: above its floor,
/// and ahead of the tf-idf baseline and Groonga's `*S` by the margins.
#[test]
fn similar_beats_tfidf_and_groonga_and_stays_above_the_floor() {
    use wlb_search::eval::similar::{Similar, SimilarSet, SIMILAR_BUNDLED, SIMILAR_BUNDLED_NAME};
    use wlb_search::search::Method;
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance/similar_floor.json"),
    )
    .expect("tests/relevance/similar_floor.json");
    let floor: SimilarFloor = serde_json::from_str(&text).expect("similar_floor.json parses");
    let records = report::bundled().unwrap();
    let set = SimilarSet::parse(SIMILAR_BUNDLED, SIMILAR_BUNDLED_NAME, &records).unwrap();
    assert!(set.queries.len() >= 40, "{} seeds", set.queries.len());
    let ministries: BTreeSet<&str> = set
        .queries
        .iter()
        .map(|q| q.query.split('-').nth(1).unwrap_or(""))
        .collect();
    assert!(
        ministries.len() >= 20,
        "seeds from {} organisations",
        ministries.len()
    );
    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &records, vec!["bundled".into()]).unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let mut ours = Similar {
        engine: &engine,
        method: Method::DEFAULT,
    };
    let mut tfidf = Similar {
        engine: &engine,
        method: Method::TfIdf,
    };
    let mut star_s = groonga::GroongaSimilar::load(groonga::Tokenizer::Mecab, &records)
        .unwrap_or_else(|e| {
            panic!(
                "{e}\nGroonga is needed for the side-by-side: {}",
                groonga::INSTALL
            )
        });
    let mut systems: Vec<&mut dyn System> = vec![&mut ours, &mut tfidf, &mut star_s];
    let report = eval::evaluate(&set, SIMILAR_BUNDLED_NAME, &mut systems).unwrap();
    print(&report);
    let [us, baseline, peer] = &report.summaries[..] else {
        panic!("three systems");
    };
    assert!(
        us.ndcg >= floor.ndcg_at_10,
        "nDCG@10 {:.3} < floor {:.3}",
        us.ndcg,
        floor.ndcg_at_10
    );
    assert!(
        us.recall >= floor.recall_at_10,
        "Recall@10 {:.3} < floor {:.3}",
        us.recall,
        floor.recall_at_10
    );
    assert!(us.zero_hit_queries.is_empty(), "{:?}", us.zero_hit_queries);
    assert!(
        us.ndcg - baseline.ndcg >= floor.margin_over_tfidf_ndcg_at_10,
        "nDCG@10 {:.3} is not {:.2} above tf-idf's {:.3}",
        us.ndcg,
        floor.margin_over_tfidf_ndcg_at_10,
        baseline.ndcg
    );
    assert!(
        us.ndcg - peer.ndcg >= floor.margin_over_groonga_ndcg_at_10,
        "nDCG@10 {:.3} is not {:.2} above Groonga *S's {:.3}",
        us.ndcg,
        floor.margin_over_groonga_ndcg_at_10,
        peer.ndcg
    );
}
