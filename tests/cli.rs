//! Integration tests: the built `wlb-search` binary on the bundled report, each test in its
//! own temporary index directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use unicode_normalization::UnicodeNormalization;
use wlb_search::index::{MinistryEntry, SectionEntry};
use wlb_search::search::{By, MatchKind, Where};
use wlb_search::wire::{JsonHit, Summary};
use wlb_search::Status;

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

    /// The hits of `search ARGS --format json`, one per passage unless ARGS say otherwise.
    fn json(&self, args: &[&str]) -> Vec<JsonHit> {
        self.json_with_summary(args).0
    }

    /// The hits and the summary line of `search ARGS --format json`.
    fn json_with_summary(&self, args: &[&str]) -> (Vec<JsonHit>, Summary) {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        if !args.contains(&"--collapse") {
            all.extend_from_slice(&["--collapse", "none"]);
        }
        let out = self.run(&all);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "{all:?}: {}",
            stderr(&out)
        );
        let text = stdout(&out);
        let mut lines: Vec<&str> = text.lines().collect();
        let last = lines.pop().expect("a summary line");
        let summary: Summary = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"));
        let hits = lines
            .into_iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        (hits, summary)
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
    let hits = matching(env.json(&["テレワーク", "--limit", "200"]));
    let orgs: std::collections::HashSet<&str> = hits.iter().map(|h| h.ministry.as_str()).collect();
    assert!(
        orgs.len() >= 10,
        "only {} organisations: {orgs:?}",
        orgs.len()
    );
    for h in &hits {
        // テレワーク, or リモート(ワーク), its thesaurus alternative.
        assert!(
            ["テレワーク", "リモート"]
                .iter()
                .any(|w| fold(&h.text).contains(w) || fold(&h.item).contains(w)),
            "{} does not mention テレワーク",
            h.id
        );
    }
    // Inside a longer word, and where IPADIC splits it テレ|ワーク.
    let ids = ids(&hits);
    assert!(
        ids.contains(&"2023-jftc-14".to_string()),
        "テレワークマネジメント"
    );
    assert!(ids.contains(&"2023-npa-03".to_string()), "テレ|ワーク");
}

/// The hits that match the query (not the partial or related ones that fill a page), after
/// checking that those come last.
fn matching(hits: Vec<JsonHit>) -> Vec<JsonHit> {
    let n = hits
        .iter()
        .take_while(|h| h.matched == MatchKind::All)
        .count();
    assert!(
        hits[n..].iter().all(|h| h.matched != MatchKind::All),
        "full matches come first"
    );
    hits.into_iter().take(n).collect()
}

#[test]
fn one_on_one_in_any_width_gives_the_same_list() {
    let env = Env::built();
    let narrow = env.json(&["1on1", "--no-thesaurus"]);
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
    let wide = env.json(&["１ｏｎ１", "--no-thesaurus"]);
    assert_eq!(ids(&wide), ids(&narrow));
    assert_eq!(ids(&env.json(&["１ｏｎ１"])), ids(&env.json(&["1on1"])));
    // 1on1 never matches a loose 1 … on … 1.
    let strict = matching(env.json(&["1on1", "--no-thesaurus", "--limit", "200"]));
    assert!(strict.len() < matching(env.json(&["1", "--limit", "200"])).len());
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
    let tele = matching(env.json(&["テレワーク", "--limit", "500"]));
    let without = env.json(&["テレワーク -GSS", "--limit", "500"]);
    assert!(matching(without.clone()).len() < tele.len());
    // Exclusions hold for every hit, also those that fill the page.
    assert!(without.iter().all(|h| !fold(&h.text).contains("gss")));
    let either = matching(env.json(&["BYOD OR 通話料", "--limit", "500"]));
    assert!(either
        .iter()
        .all(|h| h.text.contains("BYOD") || h.text.contains("通話料")));
    assert!(either.iter().any(|h| !h.text.contains("BYOD")));
    let phrase = matching(env.json(&["\"働き方 改革\"", "--limit", "500"]));
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
    let counts = text
        .lines()
        .find(|l| l.contains(" passages in "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        counts.starts_with("17 passages in 13 items from 12 ministries")
            && counts.contains("警察庁 4"),
        "{counts}"
    );
    let silent = text.lines().last().unwrap();
    assert!(
        silent.starts_with("言及なし (no matching passage) in 14 of 26: ")
            && silent.contains("財務省"),
        "{silent}"
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
    let out = env.run(&["show", "2023-npa-99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no passage \"2023-npa-99\" in this index; did you mean 2023-npa-0"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&[
        "search",
        "テレワーク",
        "--format",
        "csv",
        "--fields",
        "id,nope",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown field \"nope\" for --fields; the fields are rank,id,year,"),
        "{}",
        stderr(&out)
    );
    for (flag, value, valid) in [
        ("--sort", "date", "score, report"),
        ("--collapse", "x", "item, none"),
    ] {
        let out = env.run(&["search", "テレワーク", flag, value]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains(value) && err.contains(valid), "{err}");
    }
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
    // Several files after one --input, as a shell glob gives them (`--input r*.txt`).
    let out = env.run(&["build", "--input", pdf, r6.to_str().unwrap()]);
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

// --- Relevance features (issue 3) -------------------------------------------------------

fn top_ids(hits: &[JsonHit], n: usize) -> std::collections::HashSet<String> {
    hits.iter().take(n).map(|h| h.id.clone()).collect()
}

#[test]
fn a_sentence_is_searched_by_its_content_words() {
    let env = Env::built();
    // The example: phones during telework, in 内閣官房, 内閣法制局 and 警察庁.
    let hits = env.json(&["テレワーク中の通話料の負担"]);
    let want: std::collections::HashSet<String> = ["2023-cas-03", "2023-clb-02", "2023-npa-02"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(top_ids(&hits, 3), want);
    let out = env.run(&["search", "テレワーク中の通話料の負担", "--limit", "3"]);
    let text = stdout(&out);
    // 警察庁 writes 通話料金: the bigrams find 通話料 inside it, and it is highlighted.
    assert!(text.contains("[通話料]金"), "{text}");
}

#[test]
fn the_thesaurus_widens_and_says_so() {
    let env = Env::built();
    let out = env.run(&["search", "男性の育休", "--limit", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("thesaurus: 育休 also searches 育児休業"),
        "{text}"
    );
    let hits = env.json(&["男性の育休"]);
    assert_eq!(
        hits[0].id, "2023-mod-03",
        "防衛省's 男性育休の取得促進 first"
    );
    assert!(hits
        .iter()
        .take(3)
        .all(|h| h.text.contains("育児休業") || h.text.contains("育休")));
    // 360度評価 finds 多面観察 passages, and the JSON output says so on stderr.
    let hits = env.json(&["360度評価"]);
    assert!(hits.iter().take(5).any(|h| h.text.contains("多面観察")));
    let out = env.run(&["search", "360度評価", "--format", "json"]);
    assert!(stderr(&out).contains("thesaurus: 360度評価 also searches 多面観察"));
    // Turned off, only the words as typed.
    let plain = matching(env.json(&["360度評価", "--no-thesaurus", "--limit", "100"]));
    assert!(
        plain.iter().all(|h| h.text.contains("360度")),
        "{:?}",
        ids(&plain)
    );
}

#[test]
fn a_thesaurus_file_replaces_the_bundled_one_and_bad_ones_are_named() {
    let env = Env::built();
    let good = env.dir.path().join("mine.txt");
    std::fs::write(&good, "# mine\nGSS = 勤務時間管理システム\n").unwrap();
    let out = env.run(&["search", "GSS", "--thesaurus", good.to_str().unwrap()]);
    assert!(stdout(&out).contains("thesaurus: GSS also searches 勤務時間管理システム"));
    let bad = env.dir.path().join("bad.txt");
    std::fs::write(&bad, "育休 育児休業\n").unwrap();
    let out = env.run(&["search", "育休", "--thesaurus", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.txt") && err.contains("line 1") && err.contains('='),
        "{err}"
    );
    let out = env.run(&["search", "育休", "--thesaurus", "missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt"));
}

#[test]
fn related_passages_come_after_the_matches_labelled_and_not_counted() {
    let env = Env::built();
    // No passage has both words: nothing matches (exit 1), related passages follow.
    let out = env.run(&["search", "RPA 育児休業", "--no-thesaurus"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("0 passages match rpa \"育児 休業\""),
        "{text}"
    );
    assert!(
        text.contains("related passages:") && text.contains("~ related"),
        "{text}"
    );
    // By words only (semantic search adds rows by meaning: tests/semantic.rs).
    let (hits, summary) =
        env.json_with_summary(&["RPA 育児休業", "--no-thesaurus", "--semantic", "off"]);
    assert_eq!(summary.total, 0);
    assert!(!hits.is_empty() && hits.iter().all(|h| h.matched == MatchKind::Related));
    // Each related passage has one of the query's words (both are distinctive here).
    assert!(hits.iter().all(|h| ["RPA", "育児休業"]
        .iter()
        .any(|w| h.text.contains(w) || h.item.contains(w))));
    // Matches first, then related ones; only the matches are counted.
    let (hits, summary) = env.json_with_summary(&["男性の育児休業"]);
    let kinds: Vec<MatchKind> = hits.iter().map(|h| h.matched).collect();
    assert!(
        kinds
            .windows(2)
            .all(|w| w[0] == MatchKind::All || w[1] != MatchKind::All),
        "{kinds:?}"
    );
    let matches = kinds.iter().filter(|k| **k == MatchKind::All).count();
    assert_eq!(summary.total, matches);
    assert!(kinds.contains(&MatchKind::Related));
    // Related means sharing a distinctive word of the query or a thesaurus relation: no
    // キッチンカー or ペーパーレス passage for 男性の育児休業.
    for h in hits.iter().filter(|h| h.matched == MatchKind::Related) {
        assert!(
            ["男性", "育児休業", "育休"]
                .iter()
                .any(|w| h.text.contains(w) || h.item.contains(w)),
            "{}: {}",
            h.id,
            h.text
        );
    }
    // --no-related: the matches alone.
    let hits = env.json(&["男性の育児休業", "--no-related"]);
    assert!(hits.iter().all(|h| h.matched == MatchKind::All));
    assert_eq!(hits.len(), matches);
}

#[test]
fn explain_says_which_words_matched_where() {
    let env = Env::built();
    let out = env.run(&[
        "search",
        "テレワーク",
        "--ministry",
        "公正取引委員会",
        "--explain",
    ]);
    let text = stdout(&out);
    // テレワークマネジメント: found through the bigrams, in the title and the text.
    assert!(text.contains("item/bigrams"), "{text}");
    let hits = env.json(&["テレワーク中の通話料の負担", "--explain", "--limit", "3"]);
    let npa = hits.iter().find(|h| h.id == "2023-npa-02").expect("npa-02");
    let explain = npa.explain.as_ref().expect("explain");
    let words: Vec<&str> = explain.iter().map(|m| m.word.as_str()).collect();
    assert_eq!(words, ["テレワーク", "通話料", "負担"]);
    let fare = &explain[1];
    assert!(fare
        .parts
        .iter()
        .all(|p| p.by == By::Bigrams && p.field == Where::Text));
    assert!(
        env.json(&["テレワーク"])[0].explain.is_none(),
        "only when asked"
    );
}

#[test]
fn inflections_widths_and_okurigana_give_the_same_passages() {
    let env = Env::built();
    let set = |q: &str| -> std::collections::BTreeSet<String> {
        ids(&matching(env.json(&[q, "--limit", "100"])))
            .into_iter()
            .collect()
    };
    let base = set("テレワーク");
    // The same passages; 取組 is optional (it only lifts those that say it).
    for q in [
        "テレワークに取り組む",
        "テレワークの取組",
        "テレワークへの取り組み",
        "ﾃﾚﾜｰｸ",
    ] {
        assert_eq!(set(q), base, "{q}");
    }
    let a = set("業務を見直す");
    assert_eq!(a, set("業務の見直し"));
    assert!(!a.is_empty());
}

#[test]
fn eval_prints_the_table_and_names_bad_judgments() {
    let env = Env::empty();
    let out = env.run(&["eval", "--no-peers"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("101 queries from tests/relevance/judgments.json (bundled)"),
        "{text}"
    );
    assert!(text.contains("nDCG@10") && text.contains("Recall@10") && text.contains("MRR"));
    assert!(
        text.contains("T37 ") && text.contains("テレワーク中の通話料の負担"),
        "per-query rows"
    );
    let out = env.run(&["eval", "--judgments", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot read missing.json") && err.matches("os error").count() == 1,
        "{err}"
    );
    let bad = env.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"queries\": 1}").unwrap();
    let out = env.run(&["eval", "--judgments", bad.to_str().unwrap(), "--no-peers"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("relevance judgments"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_page_short_of_matches_goes_on_with_related_passages_of_a_compounds_pieces() {
    let env = Env::built();
    let hits = env.json(&["時差出勤"]);
    let related: Vec<&JsonHit> = hits
        .iter()
        .filter(|h| h.matched == MatchKind::Related)
        .collect();
    assert!(!related.is_empty(), "{:?}", ids(&hits));
    for h in &related {
        assert!(
            ["時差", "出勤", "早出遅出", "フレックス"]
                .iter()
                .any(|p| h.text.contains(p) || h.item.contains(p)),
            "{}",
            h.id
        );
    }
}

/// Makes the live index look as if an older wlb-search had built it (another analyzer name).
fn age_index(index: &Path) {
    let gen = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    let meta = index.join(gen.trim()).join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let aged = text.replace(wlb_search::analysis::ANALYZER, "ja_ipadic_nfkc_v2");
    assert_ne!(aged, text);
    std::fs::write(&meta, aged).unwrap();
}

#[test]
fn an_index_from_another_version_is_rebuilt_if_it_holds_only_the_bundled_report() {
    let env = Env::built();
    age_index(&env.index());
    let out = env.run(&["search", "テレワーク"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "built by another version of wlb-search from the bundled report: rebuilding it"
        ),
        "{}",
        stderr(&out)
    );
    // Built from the user's own files: never rebuilt behind their back.
    let report = concat!(env!("CARGO_MANIFEST_DIR"), "/data/wlb-followup-r5.txt");
    assert!(env.run(&["build", "--input", report]).status.success());
    age_index(&env.index());
    let out = env.run(&["search", "テレワーク"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "was built by another version of wlb-search; rebuild it with `wlb-search build"
        ),
        "{err}"
    );
}

#[test]
fn browse_lists_a_ministrys_passages_in_report_order_and_all_exports_everything() {
    let env = Env::built();
    let (hits, summary) = env.json_with_summary(&["-m", "財務省", "--all"]);
    assert!(!hits.is_empty());
    assert_eq!(summary.total, hits.len());
    assert!(hits.iter().all(|h| h.ministry == "財務省"));
    let pages: Vec<u32> = hits.iter().map(|h| h.page).collect();
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    // No query, no filter: every passage.
    let (all, summary) = env.json_with_summary(&["--all"]);
    assert_eq!((all.len(), summary.total), (154, 154));
    assert!(summary.silent.is_empty());
    // Filters that exclude each other: exit 1, and the message blames the filters.
    let none = env.run(&["search", "-m", "財務省", "--status", "新規"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stdout(&none).contains("0 passages match these filters together"),
        "{}",
        stdout(&none)
    );
    // Paging and sorting.
    let first = env.json(&["テレワーク", "-n", "3"]);
    let next = env.json(&["テレワーク", "-n", "3", "--offset", "3"]);
    let six = env.json(&["テレワーク", "-n", "6"]);
    assert_eq!(ids(&six), [ids(&first), ids(&next)].concat());
    let by_report = env.json(&["テレワーク", "--sort", "report", "--all"]);
    let order: Vec<String> = by_report.iter().map(|h| h.id.clone()).collect();
    let by_score = env.json(&["テレワーク", "--all"]);
    assert_eq!(by_report.len(), by_score.len());
    assert_ne!(order, ids(&by_score));
}

#[test]
fn rows_are_items_by_default_with_their_other_passages_counted() {
    let env = Env::built();
    let (rows, summary) =
        env.json_with_summary(&["テレワーク", "--collapse", "item", "--all", "--no-related"]);
    let passages: Vec<JsonHit> = env
        .json(&["テレワーク", "--all"])
        .into_iter()
        .filter(|h| h.matched == MatchKind::All)
        .collect();
    assert_eq!(summary.total, passages.len());
    assert_eq!(summary.items, rows.len());
    assert_eq!(
        rows.iter().map(|r| 1 + r.more).sum::<usize>(),
        passages.len()
    );
    let npa = rows.iter().find(|r| r.ministry == "警察庁").unwrap();
    assert_eq!(npa.more, 3, "four passages of one 警察庁 item: one row");
    let text = stdout(&env.run(&["search", "テレワーク"]));
    assert!(text.contains("+3 more passages of this item"), "{text}");
    assert!(
        text.contains("17 passages in 13 items from 12 ministries"),
        "{text}"
    );
}

#[test]
fn the_json_summary_counts_the_match_set_and_names_the_silent_ministries() {
    let env = Env::built();
    let (_, s) = env.json_with_summary(&["1on1"]);
    assert_eq!(s.total, 10);
    assert_eq!(s.ministries.len(), 26);
    assert_eq!(s.ministries.iter().map(|m| m.count).sum::<usize>(), 10);
    assert_eq!(s.silent.len(), 26 - s.ministries_matched);
    assert!(s.silent.contains(&"財務省".to_string()));
    assert_eq!(
        s.statuses.new + s.statuses.continuing + s.statuses.unmarked,
        10
    );
    // The ministries' counts ignore a ministry filter, so that the others still show.
    let (hits, f) = env.json_with_summary(&["1on1", "-m", "金融庁"]);
    assert!(hits
        .iter()
        .filter(|h| h.matched == MatchKind::All)
        .all(|h| h.ministry == "金融庁"));
    assert_eq!(f.ministries, s.ministries);
}

#[test]
fn csv_opens_in_excel_one_row_per_matching_passage() {
    let env = Env::built();
    let out = env.run(&["search", "テレワーク", "--all", "--format", "csv"]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = stdout(&out);
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "rank,id,year,ministry,ministry_en,page,status,sections,item,text,score"
    );
    // Quoted cells may hold line breaks: count records by their id column instead.
    let ids = lines.iter().filter(|l| l.contains(",2023-")).count();
    assert_eq!(ids, 17, "every matching passage, no related ones");
    let out = env.run(&[
        "search",
        "テレワーク",
        "--format",
        "csv",
        "--fields",
        "id,ministry,page",
    ]);
    let text = stdout(&out);
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("id,ministry,page"));
    assert_eq!(lines.next(), Some("2023-npa-03,警察庁,14"));
}

#[test]
fn show_prints_a_whole_passage_with_its_items_other_passages() {
    let env = Env::built();
    let out = env.run(&["show", "2023-npa-03"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("2023-npa-03 · 警察庁 (National Police Agency) · p.14"),
        "{text}"
    );
    assert!(
        text.contains("section:  II.1.(2)  テレワークの推進"),
        "{text}"
    );
    assert!(
        text.contains("the item's other passages:") && text.contains("2023-npa-01"),
        "{text}"
    );
    let out = env.run(&["show", "2023-npa-03", "--format", "json"]);
    let shown: wlb_search::wire::Shown = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown.passage.id, "2023-npa-03");
    assert_eq!(shown.item_passages.len(), 4);
}

#[test]
fn zero_hits_suggest_words_and_short_forms_reach_the_reports_words() {
    let env = Env::built();
    let out = env.run(&["search", "パワハラ"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("did you mean: ハラスメント"), "{text}");
    assert!(
        text.contains("~ related"),
        "related passages through ≈ハラスメント: {text}"
    );
    // 超勤 = 超過勤務; てれわーく is テレワーク; 新規 is the same as new.
    assert_eq!(
        env.json_with_summary(&["超勤"]).1.total,
        env.json_with_summary(&["超過勤務"]).1.total
    );
    assert_eq!(env.json_with_summary(&["てれわーく"]).1.total, 17);
    assert_eq!(
        ids(&env.json(&["研修", "--status", "新規", "--all"])),
        ids(&env.json(&["研修", "--status", "new", "--all"]))
    );
    let (_, s) = env.json_with_summary(&["テレワ"]);
    assert_eq!(s.total, 17, "a word matches inside a longer one");
}

#[test]
fn completions_and_a_default_index_outside_a_checkout() {
    let env = Env::empty();
    let out = env.run(&["completions", "bash"]);
    assert!(out.status.success() && stdout(&out).contains("wlb-search"));
    // Outside a checkout (the temp dir), without --index: the user's data directory.
    let data = env.dir.path().join("xdg");
    let out = Command::new(env!("CARGO_BIN_EXE_wlb-search"))
        .args(["search", "テレワーク", "-n", "1"])
        .current_dir(env.dir.path())
        .env_remove("WLB_SEARCH_INDEX")
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.join("wlb-search/index/CURRENT").is_file());
    assert!(
        !env.dir.path().join("index").exists(),
        "not in the working directory"
    );
}

#[test]
fn similar_lists_other_organisations_passages_like_one() {
    let env = Env::built();
    let out = env.run(&["similar", "2023-npa-02", "-n", "3", "--color", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("passages like 2023-npa-02 · 警察庁 · テレワークの推進\n"),
        "{text}"
    );
    assert!(text.contains("--same-ministry includes 警察庁"), "{text}");
    assert!(
        text.contains(" 1. ") && text.contains(" 3. ") && !text.contains(" 4. "),
        "{text}"
    );
    assert!(
        text.contains("[通話料]"),
        "shared words highlighted: {text}"
    );
    assert!(text.contains("share words with it; showing the first 3 (more with --limit)"));

    let out = env.run(&["similar", "2023-npa-02", "--format", "json", "--explain"]);
    let hits: Vec<JsonHit> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(hits.len(), 10);
    assert!(hits
        .iter()
        .all(|h| h.ministry != "警察庁" && h.matched == MatchKind::All));
    let first = hits[0].explain.as_ref().expect("explained");
    assert!(first
        .iter()
        .any(|m| m.parts.iter().any(|p| p.field == Where::Section)));
    assert!(first
        .iter()
        .any(|m| m.parts.iter().any(|p| p.by == By::Words && p.score > 0.0)));

    let text = stdout(&env.run(&[
        "similar",
        "2023-npa-02",
        "-n",
        "1",
        "--explain",
        "--color",
        "never",
    ]));
    assert!(
        text.contains("      words: ") && text.contains("(both cite it)"),
        "{text}"
    );

    let same = stdout(&env.run(&[
        "similar",
        "2023-npa-02",
        "--same-ministry",
        "-n",
        "20",
        "--format",
        "json",
    ]));
    assert!(same.contains("\"ministry\":\"警察庁\""), "{same}");

    let csv = env.run(&[
        "similar",
        "2023-npa-02",
        "-n",
        "2",
        "--format",
        "csv",
        "--fields",
        "rank,id",
    ]);
    let csv = stdout(&csv);
    assert!(csv.starts_with("\u{feff}rank,id\r\n1,2023-"), "{csv:?}");
    assert_eq!(csv.lines().count(), 3);

    let filtered = stdout(&env.run(&[
        "similar",
        "2023-npa-02",
        "--status",
        "new",
        "-s",
        "II.1",
        "--format",
        "json",
    ]));
    for l in filtered.lines() {
        let h: JsonHit = serde_json::from_str(l).unwrap();
        assert!(
            h.status == Status::New && h.sections.iter().any(|p| p.starts_with("II.1")),
            "{l}"
        );
    }
}

#[test]
fn similar_with_an_unknown_id_or_filter_is_an_error_that_names_the_fix() {
    let env = Env::built();
    let out = env.run(&["similar", "2023-npa-0"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: no passage \"2023-npa-0\" in this index; did you mean 2023-npa-01, 2023-npa-02, 2023-npa-03?"
    );
    let out = env.run(&["similar", "2023-npa-02", "-s", "II.9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no passage cites section II.9; did you mean"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["similar", "2023-npa-02", "-n", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--limit must be at least 1"),
        "{}",
        stderr(&out)
    );
    // Nothing within the filters: exit 1, like a search without hits.
    // Only 公正取引委員会 cites IV.(1).②.
    let out = env.run(&["similar", "2023-jftc-01", "-s", "IV.(1).②"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("\nno passage within the filters shares a word with it\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn eval_also_reports_similar_beside_its_baseline() {
    let env = Env::empty();
    let out = env.run(&["eval", "--no-peers"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let similar = text
        .split("similar passages (wlb-search similar ID):")
        .nth(1)
        .unwrap_or_else(|| panic!("no similar section: {text}"));
    assert!(
        similar.contains("68 queries from tests/relevance/similar.json (bundled)"),
        "{similar}"
    );
    assert!(
        similar.contains("wlb-search similar ") && similar.contains("tf-idf cosine "),
        "{similar}"
    );
    assert!(
        similar.contains("S01 ") && similar.contains("2023-cas-03"),
        "per-seed rows"
    );
}
