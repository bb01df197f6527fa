//! Integration tests: the built `wlb-search` binary on the bundled report, each test in its
//! own temporary index directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use unicode_normalization::UnicodeNormalization;
use wlb_search::index::{MinistryEntry, SectionEntry};
use wlb_search::present::JsonHit;
use wlb_search::report::Status;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A fresh temp dir with the bundled report indexed in `index/`.
    fn built() -> Env {
        let env = Env::empty();
        let out = env.run(&["build"]);
        assert!(out.status.success(), "build failed: {}", stderr(&out));
        env
    }

    fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wlb-search"))
            .args(args)
            .current_dir(self.dir.path())
            .env("WLB_SEARCH_INDEX", self.index())
            .env_remove("NO_COLOR")
            .output()
            .expect("run wlb-search")
    }

    fn json(&self, args: &[&str]) -> Vec<JsonHit> {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let out = self.run(&all);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "{all:?}: {}",
            stderr(&out)
        );
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fold(s: &str) -> String {
    s.nfkc().collect::<String>().to_lowercase()
}

fn ids(hits: &[JsonHit]) -> Vec<String> {
    hits.iter().map(|h| h.id.clone()).collect()
}

#[test]
fn telework_hits_ten_organisations_and_every_hit_says_telework() {
    let env = Env::built();
    let hits = env.json(&["テレワーク", "--limit", "200"]);
    let orgs: std::collections::HashSet<&str> = hits.iter().map(|h| h.ministry.as_str()).collect();
    assert!(
        orgs.len() >= 10,
        "only {} organisations: {orgs:?}",
        orgs.len()
    );
    for h in &hits {
        assert!(
            fold(&h.text).contains("テレワーク") || fold(&h.item).contains("テレワーク"),
            "{} does not mention テレワーク",
            h.id
        );
    }
}

#[test]
fn one_on_one_in_any_width_gives_the_same_list() {
    let env = Env::built();
    let narrow = env.json(&["1on1"]);
    assert_eq!(narrow.len(), 10);
    for h in &narrow {
        assert!(
            fold(&h.text).contains("1on1") || fold(&h.item).contains("1on1"),
            "{}",
            h.id
        );
        // The snippet highlights 1on1 itself.
        let [from, to] = h.snippet.highlights[0];
        let marked: String = h.snippet.text.chars().skip(from).take(to - from).collect();
        assert_eq!(fold(&marked), "1on1", "{}", h.id);
    }
    let wide = env.json(&["１ｏｎ１"]);
    assert_eq!(ids(&wide), ids(&narrow));
    // 1on1 never matches a loose 1 … on … 1.
    assert!(env.json(&["1on1", "--limit", "200"]).len() < env.json(&["1", "--limit", "200"]).len());
}

#[test]
fn ministry_filter_keeps_only_that_ministry() {
    let env = Env::built();
    let hits = env.json(&["1on1", "--ministry", "デジタル庁"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.ministry == "デジタル庁"));
    assert!(
        hits[0].text.starts_with("○1on1ミーティング"),
        "{}",
        hits[0].text
    );
    // Short and English names resolve to the same organisation.
    assert_eq!(
        ids(&env.json(&["1on1", "--ministry", "デジタル"])),
        ids(&hits)
    );
    assert_eq!(
        ids(&env.json(&["1on1", "--ministry", "Digital Agency"])),
        ids(&hits)
    );
    // Repeatable: either ministry.
    let two = env.json(&[
        "テレワーク",
        "--ministry",
        "総務",
        "--ministry",
        "警察庁",
        "--limit",
        "50",
    ]);
    assert!(two
        .iter()
        .all(|h| h.ministry == "総務省" || h.ministry == "警察庁"));
}

#[test]
fn section_filter_keeps_that_section_and_below() {
    let env = Env::built();
    let hits = env.json(&["の", "--section", "II.1.(2)", "--limit", "500"]);
    assert!(hits.len() >= 5);
    for h in &hits {
        assert!(
            h.sections
                .iter()
                .any(|s| s == "II.1.(2)" || s.starts_with("II.1.(2).")),
            "{} cites {:?}",
            h.id,
            h.sections
        );
    }
    // Written variants of the same path filter the same.
    assert_eq!(
        ids(&env.json(&["の", "--section", "Ⅱ.１.（２）", "--limit", "500"])),
        ids(&hits)
    );
}

#[test]
fn status_filter() {
    let env = Env::built();
    let hits = env.json(&["の", "--status", "new", "--limit", "500"]);
    assert_eq!(hits.len(), 41);
    assert!(hits
        .iter()
        .all(|h| h.status == Status::New && h.text.starts_with("【新規】")));
}

#[test]
fn query_operators() {
    let env = Env::built();
    let tele = env.json(&["テレワーク", "--limit", "500"]);
    let without = env.json(&["テレワーク -GSS", "--limit", "500"]);
    assert!(without.len() < tele.len());
    assert!(without.iter().all(|h| !fold(&h.text).contains("gss")));
    let either = env.json(&["BYOD OR 通話料", "--limit", "500"]);
    assert!(either
        .iter()
        .all(|h| h.text.contains("BYOD") || h.text.contains("通話料")));
    assert!(either.iter().any(|h| !h.text.contains("BYOD")));
    let phrase = env.json(&["\"働き方 改革\"", "--limit", "500"]);
    assert!(phrase
        .iter()
        .all(|h| h.text.contains("働き方改革") || h.item.contains("働き方改革")));
}

#[test]
fn terminal_output_shows_the_context_of_every_hit() {
    let env = Env::built();
    let out = env.run(&["search", "テレワーク", "--limit", "2"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains(" 1. ") && text.contains(" · p."), "{text}");
    assert!(
        text.contains("[テレワーク]"),
        "plain highlights without a terminal: {text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no color when stdout is not a terminal"
    );
    let last = text.lines().last().unwrap();
    assert!(
        last.contains("hits in") && last.contains("警察庁"),
        "{last}"
    );
    let colored = stdout(&env.run(&["search", "テレワーク", "--color", "always"]));
    assert!(colored.contains("\x1b[1;31mテレワーク\x1b[0m"));
}

#[test]
fn ministries_and_sections_lists() {
    let env = Env::built();
    let out = env.run(&["ministries", "--format", "json"]);
    let list: Vec<MinistryEntry> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(list.len(), 26);
    assert_eq!(list.iter().map(|m| m.passages).sum::<usize>(), 154);
    assert_eq!(list[22].name, "原子力規制委員会");
    assert_eq!(list[22].page, 40);
    let out = env.run(&["sections", "--format", "json"]);
    let tree: Vec<SectionEntry> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ii12 = tree.iter().find(|s| s.path == "II.1.(2)").unwrap();
    assert_eq!(ii12.title, "テレワークの推進");
    assert!(stdout(&env.run(&["sections"])).contains("II.1.(2)  テレワークの推進"));
}

#[test]
fn error_messages_name_the_problem_and_the_fix() {
    let env = Env::built();
    let out = env.run(&["search", "1on1", "--ministry", "総務庁"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown ministry \"総務庁\"; did you mean 総務省"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search", "  "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the query is empty"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search"]);
    assert!(
        stderr(&out).contains("the query is empty"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["build", "--input", "no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read no-such-file.txt"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search", "テレワーク", "--section", "II.9"]);
    assert!(
        stderr(&out).contains("no passage cites section II.9"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search", "テレワーク", "--section", "テレワーク"]);
    assert!(
        stderr(&out).contains("is not a section path"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search", "--", "-GSS"]);
    assert!(stderr(&out).contains("only excludes"), "{}", stderr(&out));
    let out = env.run(&["search", "1on1", "--ministry", "内閣"]);
    assert!(
        stderr(&out)
            .contains("ministry \"内閣\" is ambiguous: it could be 内閣官房, 内閣法制局, 内閣府"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search", "、。"]);
    assert!(
        stderr(&out).contains("has no searchable word"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["search", "テレワーク", "--limit", "0"]);
    assert!(
        stderr(&out).contains("--limit must be at least 1"),
        "{}",
        stderr(&out)
    );
    std::fs::write(env.index().join("CURRENT"), "gen-missing").unwrap();
    let out = env.run(&["search", "テレワーク"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is damaged or from another version"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("rebuild it with `wlb-search build"),
        "{}",
        stderr(&out)
    );
    // A rebuild mends it.
    assert!(env.run(&["build"]).status.success());
    assert!(env.run(&["search", "テレワーク"]).status.success());
}

#[test]
fn odd_queries_never_panic() {
    let env = Env::built();
    let odd = [
        "- *",
        "a:(^",
        "\"",
        "\"\"",
        "OR",
        "AND",
        "((((",
        "*",
        "?",
        "~",
        "^2",
        "field:value",
        "\\",
        "「」",
        "、。",
        "ー",
        "𠮷野家",
        "\u{200b}",
        "-",
        "--",
        "OR OR",
        "テレワーク OR",
        "1on1\"",
        "a -b -c",
        "ｰｰｰ",
        "🙂",
        "ſ",
    ];
    for q in odd {
        let out = env.run(&["search", "--", q]);
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1) || code == Some(2),
            "{q:?}: {code:?}"
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "{q:?}: {}",
            stderr(&out)
        );
    }
    // A huge --limit is no reason to allocate.
    let out = env.run(&["search", "テレワーク", "--limit", "18446744073709551615"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let long = "テレワーク".repeat(300);
    let out = env.run(&["search", &long]);
    assert!(stderr(&out).contains("too long"), "{}", stderr(&out));
}

#[test]
fn a_missing_index_is_built_from_the_bundled_report_and_says_so() {
    let env = Env::empty();
    let out = env.run(&["search", "テレワーク"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("building it from the bundled report"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("テレワーク"));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_input_is_refused_and_the_old_index_still_works() {
    let env = Env::built();
    let before = ids(&env.json(&["テレワーク", "--limit", "100"]));
    let d = env.dir.path();
    let sjis = write(d, "sjis.txt", b"\x93\xe0\x8a\x74\x8a\xaf\x96\x5b");
    let cases: Vec<(PathBuf, &str)> = vec![
        (write(d, "empty.txt", b""), "is empty"),
        (write(d, "binary.bin", b"\x7fELF\0\0\0"), "is a binary file"),
        (sjis, "is not UTF-8"),
        (
            write(d, "r.pdf", b"%PDF-1.7\n"),
            "is a damaged or truncated PDF",
        ),
        (
            write(d, "other.txt", "ただの文章です。".as_bytes()),
            "does not look like the follow-up report",
        ),
    ];
    for (path, message) in cases {
        let out = env.run(&["build", "--input", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        assert!(
            stderr(&out).contains(message),
            "{}: {}",
            path.display(),
            stderr(&out)
        );
        assert!(stderr(&out).contains(path.file_name().unwrap().to_str().unwrap()));
        assert_eq!(ids(&env.json(&["テレワーク", "--limit", "100"])), before);
    }
    // The same report twice would give every passage twice.
    let report = concat!(env!("CARGO_MANIFEST_DIR"), "/data/wlb-followup-r5.txt");
    let out = env.run(&["build", "--input", report, "--input", report]);
    assert!(
        stderr(&out).contains("both hold passage"),
        "{}",
        stderr(&out)
    );
    // A directory that is not an index is never written into.
    let foreign = d.join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    write(&foreign, "notes.txt", b"mine");
    let out = env.run(&["build", "--index", foreign.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("is not a wlb-search index"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn searches_during_rebuilds_see_a_whole_index() {
    let env = Env::built();
    let expected = ids(&env.json(&["テレワーク", "--limit", "100"]));
    let index = env.index();
    let builder = std::thread::spawn(move || {
        for _ in 0..6 {
            let out = Command::new(env!("CARGO_BIN_EXE_wlb-search"))
                .args(["build", "--index", index.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
    });
    for _ in 0..20 {
        assert_eq!(ids(&env.json(&["テレワーク", "--limit", "100"])), expected);
    }
    builder.join().unwrap();
    // Old generations are cleaned up: the live one and the one before it remain.
    let gens = std::fs::read_dir(env.index())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("gen-")
        })
        .count();
    assert!(gens <= 2, "{gens} generations left");
}

#[test]
fn help_shows_examples() {
    let env = Env::empty();
    for sub in ["build", "search", "ministries", "sections", "serve"] {
        let out = env.run(&[sub, "--help"]);
        assert!(stdout(&out).contains("Examples:"), "{sub}");
        assert!(stdout(&out).contains(&format!("wlb-search {sub}")), "{sub}");
    }
}

#[test]
fn several_reports_in_one_index_filtered_by_year() {
    let env = Env::empty();
    let r5 = concat!(env!("CARGO_MANIFEST_DIR"), "/data/wlb-followup-r5.txt");
    let r6_text = std::fs::read_to_string(r5)
        .unwrap()
        .replace("令和5年度", "令和6年度");
    let r6 = write(env.dir.path(), "r6.txt", r6_text.as_bytes());
    let pdf = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pdf/a4-portrait-flow.pdf"
    );
    let out = env.run(&["build", "--input", pdf, "--input", r6.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all = env.json(&["テレワーク", "--limit", "500"]);
    let y2023 = env.json(&["テレワーク", "--limit", "500", "--year", "2023"]);
    let y2024 = env.json(&["テレワーク", "--limit", "500", "--year", "R6"]);
    assert!(
        !y2023.is_empty()
            && y2023
                .iter()
                .all(|h| h.year == 2023 && h.id.starts_with("2023-"))
    );
    assert!(y2024.iter().all(|h| h.year == 2024));
    assert_eq!(y2023.len() + y2024.len(), all.len());
    assert_eq!(
        ids(&env.json(&["テレワーク", "--limit", "500", "--year", "令和5"])),
        ids(&y2023)
    );
    let out = env.run(&["search", "テレワーク", "--year", "2030"]);
    assert!(
        stderr(&out).contains(
            "no report for fiscal year \"2030\" in this index; it holds 2023 (令和5), 2024 (令和6)"
        ),
        "{}",
        stderr(&out)
    );
}
