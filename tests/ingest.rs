//! Parallel ingest changes nothing but the time: an index built on several threads holds the
//! same records and answers every search as one built with `--jobs 1`, on the bundled report
//! (so the relevance figures of `eval` are the same) and on reports made by the corpus
//! generator (`examples/corpus.rs`, included here).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../examples/corpus.rs"]
#[allow(dead_code)]
mod corpus;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wlb-search"));
    c.env_remove("WLB_SEARCH_INDEX").env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run wlb-search")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn build(index: &Path, inputs: &[PathBuf], jobs: &str) {
    let mut args = vec!["build", "--jobs", jobs, "--index", index.to_str().unwrap()];
    for i in inputs {
        args.extend(["--input", i.to_str().unwrap()]);
    }
    let out = run(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// Everything a user can see of an index for `args`: stdout, stderr and the exit status.
fn seen(index: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = vec![args[0], "--index", index.to_str().unwrap()];
    all.extend(&args[1..]);
    let out = run(&all);
    format!(
        "{}\n-- {:?}\n{}",
        text(&out.stdout),
        out.status.code(),
        text(&out.stderr)
    )
}

/// The judged queries of the relevance test, with their filters, as `search` arguments.
fn judged_searches() -> Vec<Vec<String>> {
    let judgments: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/relevance/judgments.json").unwrap())
            .unwrap();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let queries = judgments["queries"].as_array().unwrap();
    assert!(queries.len() >= 76, "{} judged queries", queries.len());
    queries
        .iter()
        .map(|q| {
            let mut args: Vec<String> = vec!["search".into()];
            args.extend(
                strings(&q["ministries"])
                    .iter()
                    .map(|m| format!("--ministry={m}")),
            );
            args.extend(
                strings(&q["sections"])
                    .iter()
                    .map(|s| format!("--section={s}")),
            );
            if let Some(s) = q["status"].as_str() {
                args.push(format!("--status={s}"));
            }
            for a in ["--collapse", "none", "--all", "--format", "json", "--"] {
                args.push(a.into());
            }
            args.push(q["query"].as_str().unwrap().to_string());
            args
        })
        .collect()
}

/// Builds `inputs` with one job and with several, and compares what every command shows.
fn same_with_any_jobs(inputs: &[PathBuf], years: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (one, many) = (dir.path().join("one"), dir.path().join("many"));
    build(&one, inputs, "1");
    build(&many, inputs, "3");
    let mut every: Vec<Vec<String>> = vec![
        vec!["ministries".into(), "--format".into(), "json".into()],
        vec!["sections".into(), "--format".into(), "json".into()],
    ];
    // Every passage, whole, in report order.
    let mut browse: Vec<String> = ["search", "--all", "--collapse", "none", "--format", "json"]
        .map(String::from)
        .to_vec();
    for y in years {
        browse.push(format!("--year={y}"));
    }
    every.push(browse);
    every.extend(judged_searches());
    for args in &every {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (a, b) = (seen(&one, &args), seen(&many, &args));
        assert!(a.contains("-- Some("), "{args:?}: {a}");
        if let Some((x, y)) = a.lines().zip(b.lines()).find(|(x, y)| x != y) {
            panic!("{args:?}: jobs 1 and 3 differ:\n{x}\n{y}");
        }
        assert_eq!(a, b, "{args:?}");
    }
    let passages = seen(
        &one,
        &["search", "--all", "--collapse", "none", "--format", "json"],
    );
    assert!(passages.lines().count() > 150 * inputs.len(), "{passages}");
}

#[test]
fn the_bundled_report_indexes_the_same_on_one_thread_and_on_several() {
    same_with_any_jobs(&[PathBuf::from("data/wlb-followup-r5.txt")], &["2023"]);
}

#[test]
fn generated_reports_index_the_same_on_one_thread_and_on_several() {
    let dir = tempfile::tempdir().unwrap();
    // Years 2023, 2024 and 2118 (written 2118年度: past 令和99).
    let inputs: Vec<PathBuf> = [0, 1, 95]
        .iter()
        .map(|&k| {
            let path = dir.path().join(format!("r{k}.txt"));
            std::fs::write(&path, corpus::report(k)).unwrap();
            path
        })
        .collect();
    same_with_any_jobs(&inputs, &["2023", "2024", "2118"]);
}

#[test]
fn a_generated_report_is_the_report_with_its_sentences_moved() {
    let bundled = std::fs::read_to_string("data/wlb-followup-r5.txt").unwrap();
    let made = corpus::report(1);
    assert_ne!(made, bundled);
    assert!(made.contains("（令和6年度）") && !made.contains("（令和5年度）"));
    // The same characters, moved (but for the year's digit).
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.chars().filter(|&c| c != '5' && c != '6').collect();
        c.sort_unstable();
        c
    };
    assert_eq!(sorted(&made), sorted(&bundled));
    assert_eq!(
        corpus::report(1),
        made,
        "the same seed gives the same report"
    );
    assert!(corpus::report(95).contains("2118年度"));
}

#[test]
fn jobs_out_of_range_are_refused_with_the_range() {
    for jobs in ["0", "257", "x"] {
        let out = run(&["build", "--jobs", jobs, "--index", "/nonexistent-dir/x"]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains("--jobs takes a number of threads from 1 to 256 (for example --jobs 2)"),
            "{err}"
        );
    }
}

#[test]
fn past_the_related_budget_counts_stay_exact_and_related_rows_come_from_the_first_passages() {
    // 70 reports: 10,780 passages, more than a related search looks at (3,000).
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<PathBuf> = (0..70)
        .map(|k| {
            let path = dir.path().join(format!("r{k:02}.txt"));
            std::fs::write(&path, corpus::report(k)).unwrap();
            path
        })
        .collect();
    let index = dir.path().join("index");
    let mut args = vec![
        "build",
        "--semantic",
        "off",
        "--index",
        index.to_str().unwrap(),
    ];
    for i in &inputs {
        args.extend(["--input", i.to_str().unwrap()]);
    }
    let out = run(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let search = |query: &str| -> (u64, Vec<(String, String)>) {
        let out = run(&[
            "search",
            query,
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
            "--limit",
            "20",
        ]);
        let lines: Vec<serde_json::Value> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let summary = lines.last().unwrap();
        let hits = lines[..lines.len() - 1]
            .iter()
            .map(|h| {
                let s = |k: &str| h[k].as_str().unwrap().to_string();
                (s("id"), s("matched"))
            })
            .collect();
        (summary["total"].as_u64().unwrap(), hits)
    };
    // The match set is never bounded: 9 passages in each report, 17 for テレワーク.
    assert_eq!(search("マネジメント研修").0, 9 * 70);
    assert_eq!(search("テレワーク").0, 17 * 70);
    // 令和74年度 is only in report 69 (2092): the one passage with both words is there, and
    // a whole index would list that report's passages with the year as related rows too
    // (they share its rarest word). Related rows come from the first 3,000 passages:
    // reports 0 to 18 (2023 to 2041) and part of report 19 (2042).
    let (total, hits) = search("マネジメント研修 令和74年度");
    assert_eq!(total, 1);
    assert!(
        hits[0].0.starts_with("2092-") && hits[0].1 == "all",
        "{hits:?}"
    );
    let related: Vec<&(String, String)> = hits.iter().filter(|(_, m)| m == "related").collect();
    assert!(related.len() >= 5, "{hits:?}");
    for (id, _) in related {
        let year: u32 = id[..4].parse().unwrap();
        assert!(
            year <= 2042,
            "{id} is past the passages a related search looks at"
        );
    }
}
