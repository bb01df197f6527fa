//! Semantic search end to end: the real model (fetched by scripts/setup.sh), the real report,
//! the real binary. With the model, a paraphrase finds passages that share none of its words,
//! labelled as found by meaning and never counted; without it, or with a damaged one, search
//! goes on by words and says once why meaning is off and how to turn it on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wlb_search::search::{MatchKind, MeaningUse};
use wlb_search::semantic::{self, MODEL_FILE};
use wlb_search::wire::{JsonHit, Summary};

fn run(dir: &Path, model: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wlb-search"));
    cmd.args(args)
        .current_dir(dir)
        .env("WLB_SEARCH_INDEX", dir.join("index"));
    match model {
        Some(m) => cmd.env("WLB_MODEL_DIR", m),
        None => cmd.env_remove("WLB_MODEL_DIR"),
    };
    cmd.output().expect("run wlb-search")
}

fn search(dir: &Path, model: Option<&Path>, args: &[&str]) -> (Vec<JsonHit>, Summary, String) {
    let mut all = vec!["search", "--format", "json", "--collapse", "none"];
    all.extend_from_slice(args);
    let out = run(dir, model, &all);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{all:?}: {err}");
    let mut lines: Vec<&str> = text.lines().collect();
    let summary: Summary = serde_json::from_str(lines.pop().expect("summary")).unwrap();
    let hits = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (hits, summary, err)
}

/// The model folder setup made (this test needs it: `scripts/setup.sh`).
fn model_dir() -> PathBuf {
    let dir = semantic::model_dir();
    assert!(
        dir.join(MODEL_FILE).is_file(),
        "no embedding model in {}: run scripts/setup.sh",
        dir.display()
    );
    dir
}

#[test]
fn a_paraphrase_finds_passages_by_meaning_without_changing_the_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let model = model_dir();
    let out = run(tmp.path(), Some(&model), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("semantic search is off"));

    // 幹部と職員の直接対話の場: 金融庁's タウンミーティング shares none of its words.
    let query = "幹部と職員の直接対話の場";
    let (with, summary, _) = search(tmp.path(), Some(&model), &[query]);
    assert_eq!(summary.meaning, MeaningUse::Used);
    let ids: Vec<&str> = with.iter().map(|h| h.id.as_str()).collect();
    for answer in ["2023-digital-03", "2023-maff-05", "2023-boa-02"] {
        assert!(ids.contains(&answer), "{answer} not in {ids:?}");
    }
    // 出退勤の記録を自動で取る仕組み: the attendance systems (勤務時間管理システム, PCの
    // ログ…) share no word with it; meaning finds them, labelled.
    let (auto, _, _) = search(
        tmp.path(),
        Some(&model),
        &["出退勤の記録を自動で取る仕組み"],
    );
    let by_meaning: Vec<&str> = auto
        .iter()
        .filter(|h| h.matched == MatchKind::Meaning)
        .map(|h| h.id.as_str())
        .collect();
    let judged = [
        "2023-rc-01",
        "2023-moj-03",
        "2023-mext-01",
        "2023-mhlw-10",
        "2023-mod-02",
    ];
    let found = judged.iter().filter(|id| by_meaning.contains(id)).count();
    assert!(found >= 3, "{by_meaning:?}");
    // Never counted: the totals are those of words only.
    let (words, words_summary, _) = search(tmp.path(), Some(&model), &[query, "--semantic", "off"]);
    assert_eq!(words_summary.meaning, MeaningUse::Unused);
    assert_eq!(summary.total, words_summary.total);
    assert_eq!(summary.ministries, words_summary.ministries);
    assert!(words.iter().all(|h| h.matched != MatchKind::Meaning));
    // A one-word query never asks the model.
    let (_, one, _) = search(tmp.path(), Some(&model), &["テレワーク"]);
    assert_eq!(one.meaning, MeaningUse::Unused);
    // The terminal labels them.
    let text = run(
        tmp.path(),
        Some(&model),
        &["search", query, "--collapse", "none"],
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("~ by meaning"));
}

#[test]
fn without_the_model_search_goes_on_by_words_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("no-model");
    std::fs::create_dir(&empty).unwrap();
    let out = run(tmp.path(), Some(&empty), &["build"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("semantic search is off") && err.contains("scripts/setup.sh"),
        "{err}"
    );
    let (hits, summary, err) = search(tmp.path(), Some(&empty), &["テレワーク中の通話料の負担"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.matched != MatchKind::Meaning));
    assert!(
        matches!(summary.meaning, MeaningUse::Off(_)),
        "{:?}",
        summary.meaning
    );
    assert_eq!(err.matches("semantic search is off").count(), 1, "{err}");
}

#[test]
fn a_damaged_model_is_refused_and_search_goes_on_by_words() {
    let tmp = tempfile::tempdir().unwrap();
    // A built index with vectors, then a truncated model for the query.
    assert!(run(tmp.path(), Some(&model_dir()), &["build"])
        .status
        .success());
    let damaged = tmp.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    let bytes = std::fs::read(model_dir().join(MODEL_FILE)).unwrap();
    std::fs::write(damaged.join(MODEL_FILE), &bytes[..bytes.len() / 2]).unwrap();
    let (hits, summary, err) = search(tmp.path(), Some(&damaged), &["幹部と職員の直接対話の場"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.matched != MatchKind::Meaning));
    let MeaningUse::Off(reason) = summary.meaning else {
        panic!("meaning not off: {:?}", summary.meaning)
    };
    assert!(
        reason.contains("damaged") && reason.contains("sha256"),
        "{reason}"
    );
    assert!(err.contains("scripts/setup.sh"), "{err}");
}

#[test]
fn build_with_semantic_off_indexes_words_only_and_search_says_how_to_add_meaning() {
    let tmp = tempfile::tempdir().unwrap();
    let model = model_dir();
    let out = run(tmp.path(), Some(&model), &["build", "--semantic", "off"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        !err.contains("embedding"),
        "no sentence was embedded: {err}"
    );
    let generation = std::fs::read_to_string(tmp.path().join("index/CURRENT")).unwrap();
    let generation = tmp.path().join("index").join(generation.trim());
    assert!(generation.is_dir(), "{}", generation.display());
    assert!(!generation.join("vectors.f32").exists());
    let (hits, summary, _) = search(tmp.path(), Some(&model), &["幹部と職員の直接対話の場"]);
    assert!(hits.iter().all(|h| h.matched != MatchKind::Meaning));
    match summary.meaning {
        MeaningUse::Off(why) => assert!(why.contains("wlb-search build"), "{why}"),
        other => panic!("{other:?}"),
    }
}

/// Files under `dir`, recursively, but the cache's lock.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_under(&path)
            } else if path.file_name().is_some_and(|n| n == ".lock") {
                Vec::new()
            } else {
                vec![path]
            }
        })
        .collect()
}

#[test]
fn a_rebuild_takes_the_vectors_of_known_sentences_from_the_index_it_replaces() {
    let tmp = tempfile::tempdir().unwrap();
    let model = model_dir();
    assert!(run(tmp.path(), Some(&model), &["build"]).status.success());
    let vectors = |dir: &Path| {
        let generation = std::fs::read_to_string(dir.join("index/CURRENT")).unwrap();
        std::fs::read(
            dir.join("index")
                .join(generation.trim())
                .join("vectors.f32"),
        )
        .unwrap()
    };
    let before = vectors(tmp.path());
    // The machine's cache is empty now: every sentence comes from the previous generation,
    // so nothing is embedded (nothing is put in the cache) and the vectors are the same.
    let empty = tmp.path().join("empty-cache");
    let out = Command::new(env!("CARGO_BIN_EXE_wlb-search"))
        .args(["build"])
        .current_dir(tmp.path())
        .env("WLB_SEARCH_INDEX", tmp.path().join("index"))
        .env("WLB_MODEL_DIR", &model)
        .env("WLB_CACHE_DIR", &empty)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(vectors(tmp.path()), before);
    let embedded = files_under(&empty.join("vectors"));
    assert!(
        embedded.is_empty(),
        "embedded again: {} sentences",
        embedded.len()
    );
}
