//! `map` and `compare` on the bundled report, through the built binary and through the API's
//! functions: the map adds up (each row's total is the ministry's count in `search`, each cell
//! a filtered search's total, each row the passages of `search` counted by the rule), and
//! `compare` lists each organisation's matches under the sections they cite.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::{Command, Output};

use wlb_search::search::MatchKind;
use wlb_search::wire::{CompareResponse, JsonHit, MapRow, MapSummary, Summary};
use wlb_search::{index, report, serve, Engine, LooseRequest};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn built() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let out = env.run(&["build"]);
        assert!(out.status.success(), "build failed: {}", stderr(&out));
        env
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

    /// `map ARGS --format json`: its rows and its summary.
    fn map(&self, args: &[&str]) -> (Vec<MapRow>, MapSummary) {
        let mut all = vec!["map"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let out = self.run(&all);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{all:?}: {}",
            stderr(&out)
        );
        let text = stdout(&out);
        let mut lines: Vec<&str> = text.lines().collect();
        let last = lines.pop().expect("a summary line");
        let summary = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"));
        let rows = lines
            .into_iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        (rows, summary)
    }

    /// Every match of `search ARGS --collapse none --all --format json`, and the summary.
    fn search(&self, args: &[&str]) -> (Vec<JsonHit>, Summary) {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--collapse", "none", "--all", "--format", "json"]);
        let out = self.run(&all);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{all:?}: {}",
            stderr(&out)
        );
        let text = stdout(&out);
        let mut lines: Vec<&str> = text.lines().collect();
        let last = lines.pop().expect("a summary line");
        let summary: Summary = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"));
        let hits: Vec<JsonHit> = lines
            .into_iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        let hits = hits
            .into_iter()
            .filter(|h| h.matched == MatchKind::All)
            .collect();
        (hits, summary)
    }

    fn compare(&self, args: &[&str]) -> CompareResponse {
        let mut all = vec!["compare"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let out = self.run(&all);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{all:?}: {}",
            stderr(&out)
        );
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Queries of each kind: none (browse), a word, a compound, OR, an exclusion, a thesaurus word.
const QUERIES: &[&str] = &[
    "",
    "テレワーク",
    "マネジメント",
    "育児 OR 研修",
    "業務 -テレワーク",
    "育休",
];

/// The column a cited path counts in at `level`, or None above the level (the rule in the
/// map's docs, written again here from the paths).
fn column(path: &str, level: usize) -> Option<String> {
    if path.starts_with("own:") {
        return Some("own:".into());
    }
    let segs: Vec<&str> = path.split('.').collect();
    (segs.len() >= level).then(|| segs[..level].join("."))
}

/// A row recomputed from the passages `search` lists for its ministry.
fn expected_row(hits: &[JsonHit], ministry: &str, columns: &[String], level: usize) -> MapRow {
    let mut cells: HashMap<&str, usize> = HashMap::new();
    let (mut none, mut above, mut total) = (0, 0, 0);
    for h in hits.iter().filter(|h| h.ministry == ministry) {
        total += 1;
        if h.sections.is_empty() {
            none += 1;
            continue;
        }
        let hit: BTreeSet<String> = h
            .sections
            .iter()
            .filter_map(|p| column(p, level))
            .filter(|c| columns.contains(c))
            .collect();
        if hit.is_empty() {
            above += 1;
        }
        for c in hit {
            let c = columns.iter().find(|x| **x == c).unwrap();
            *cells.entry(c.as_str()).or_default() += 1;
        }
    }
    MapRow {
        line: wlb_search::wire::MapLine::Row,
        name: ministry.to_string(),
        name_en: String::new(),
        cells: columns
            .iter()
            .map(|c| wlb_search::wire::MapCell {
                section: wlb_search::SectionPath::new(c.clone()),
                count: cells.get(c.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        no_section: none,
        above_level: above,
        total,
    }
}

#[test]
fn the_map_adds_up_to_search_through_the_cli() {
    let env = Env::built();
    for q in QUERIES {
        let (hits, summary) = env.search(&[q]);
        for level in ["1", "2", "3"] {
            let (rows, map) = env.map(&[q, "--level", level]);
            assert_eq!(rows.len(), 26, "{q:?}: one row per organisation");
            assert_eq!(map.total, summary.total, "{q:?} level {level}: total");
            let columns: Vec<String> = map.columns.iter().map(|c| c.path.to_string()).collect();
            for (row, count) in rows.iter().zip(&summary.ministries) {
                // Rows in report order, totals as search counts them per ministry.
                assert_eq!(row.name, count.name);
                assert_eq!(row.total, count.count, "{q:?} {}: total", row.name);
                let want = expected_row(&hits, &row.name, &columns, level.parse().unwrap());
                assert_eq!(row.cells, want.cells, "{q:?} level {level} {}", row.name);
                assert_eq!(
                    (row.no_section, row.above_level),
                    (want.no_section, want.above_level),
                    "{q:?} level {level} {}",
                    row.name
                );
            }
            // The API answers the same as the CLI.
            let engine = Engine::open(&env.index()).expect("index opens");
            let api = serve::map(&engine, &format!("q={}&level={level}", enc(q))).expect("map");
            assert_eq!(
                (&api.rows, &api.summary),
                (&rows, &map),
                "{q:?} level {level}"
            );
            for (i, col) in map.columns.iter().enumerate() {
                let sum: usize = rows.iter().map(|r| r.cells[i].count).sum();
                assert_eq!(col.count, sum, "{q:?}: column {}", col.path);
            }
        }
    }
}

#[test]
fn each_cell_is_a_filtered_search_through_the_cli() {
    let env = Env::built();
    for q in ["テレワーク", ""] {
        let (rows, _) = env.map(&[q]);
        for row in &rows {
            for cell in &row.cells {
                let (_, s) = env.search(&[q, "-m", &row.name, "-s", cell.section.as_str()]);
                assert_eq!(s.total, cell.count, "{q:?} {} × {}", row.name, cell.section);
            }
            let (_, s) = env.search(&[q, "-m", &row.name, "-s", "none"]);
            assert_eq!(s.total, row.no_section, "{q:?} {} × 記載なし", row.name);
        }
    }
}

fn engine(dir: &std::path::Path) -> Engine {
    let records = report::bundled().expect("bundled report parses");
    index::build(dir, &records, vec!["bundled".into()]).expect("index builds");
    Engine::open(dir).expect("index opens")
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The total of a search, through the API's function.
fn api_total(engine: &Engine, q: &str, ministry: &str, section: &str) -> usize {
    let loose = LooseRequest {
        query: q.into(),
        ministries: vec![ministry.into()],
        sections: vec![section.into()],
        limit: 1,
        ..LooseRequest::default()
    };
    serve::search(engine, &loose).expect("search").total
}

#[test]
fn each_cell_is_a_filtered_search_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path());
    for q in QUERIES {
        for level in [1, 2, 3] {
            let map = serve::map(&engine, &format!("q={}&level={level}", enc(q))).expect("map");
            assert_eq!(map.rows.len(), 26);
            for row in &map.rows {
                for cell in &row.cells {
                    let total = api_total(&engine, q, &row.name, cell.section.as_str());
                    assert_eq!(total, cell.count, "{q:?} {} × {}", row.name, cell.section);
                }
                let none = api_total(&engine, q, &row.name, "none");
                assert_eq!(none, row.no_section, "{q:?} {} × 記載なし", row.name);
            }
        }
    }
    // Filters narrow the map as they narrow the search; a ministry filter keeps its rows only.
    let map = serve::map(
        &engine,
        "q=%E7%A0%94%E4%BF%AE&status=new&ministry=%E8%B2%A1%E5%8B%99&ministry=mofa",
    )
    .expect("map");
    let names: Vec<&str> = map.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["外務省", "財務省"], "report order");
    for row in &map.rows {
        let loose = LooseRequest {
            query: "研修".into(),
            ministries: vec![row.name.clone()],
            status: Some(wlb_search::Status::New),
            limit: 1,
            ..LooseRequest::default()
        };
        assert_eq!(serve::search(&engine, &loose).unwrap().total, row.total);
    }
}

#[test]
fn bad_map_and_compare_requests_are_clear_errors_in_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path());
    let level = "the level must be 1, 2 or 3 (the depth of the guideline sections: 1 = II, \
                 2 = II.3, 3 = II.3.(1)), not \"4\"";
    assert_eq!(serve::map(&engine, "level=4").unwrap_err().message(), level);
    assert_eq!(
        serve::compare(&engine, "ministry=mof&ministry=mofa&level=4")
            .unwrap_err()
            .message(),
        level
    );
    assert_eq!(
        serve::map(&engine, "level=1&level=2")
            .unwrap_err()
            .message(),
        "level is given twice: give one (1, 2 or 3)"
    );
    assert!(serve::map(&engine, "grid=1")
        .unwrap_err()
        .message()
        .starts_with(
        "unknown parameter \"grid\"; the parameters are q, ministry, section, status, year, level,"
    ));
    assert_eq!(
        serve::compare(&engine, "ministry=%E8%B2%A1%E5%8B%99")
            .unwrap_err()
            .message(),
        "a comparison needs two or more organisations; only 財務 was given"
    );
    assert_eq!(
        serve::compare(&engine, "").unwrap_err().message(),
        "a comparison needs two or more organisations; none was given"
    );
    assert_eq!(
        serve::compare(&engine, "ministry=mof&ministry=%E8%B2%A1%E5%8B%99%E7%9C%81")
            .unwrap_err()
            .message(),
        "財務省 is named twice (mof, 財務省): name each organisation once"
    );
    assert_eq!(
        serve::compare(&engine, "ministry=mof&ministry=%E5%A4%96%E5%8B%99%E5%BA%81")
            .unwrap_err()
            .message(),
        "unknown ministry \"外務庁\"; did you mean 外務省?"
    );
}

/// Checks a comparison against `search`: each organisation's total, and each of its matching
/// passages under every section it cites (at the level), and nowhere else.
fn check_comparison(env: &Env, cmp: &CompareResponse, query: &str, level: usize) {
    for (i, org) in cmp.organisations.iter().enumerate() {
        let (hits, summary) = env.search(&[query, "-m", &org.name]);
        assert_eq!(org.total, summary.total, "{}: total", org.name);
        for h in &hits {
            let mut want: BTreeSet<String> = h
                .sections
                .iter()
                .map(|p| column(p, level).unwrap_or_else(|| p.clone()))
                .collect();
            if want.is_empty() {
                want.insert("none".into());
            }
            let found: BTreeSet<String> = cmp
                .sections
                .iter()
                .filter(|s| {
                    s.columns[i]
                        .items
                        .iter()
                        .any(|it| it.passages.iter().any(|p| p.id == h.id))
                })
                .map(|s| s.path.to_string())
                .collect();
            assert_eq!(found, want, "{}: {}", org.name, h.id);
        }
    }
    for s in &cmp.sections {
        let names: Vec<&str> = s.columns.iter().map(|c| c.name.as_str()).collect();
        let orgs: Vec<&str> = cmp.organisations.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names, orgs,
            "{}: a column per organisation, in order",
            s.path
        );
        assert!(
            s.columns.iter().any(|c| !c.items.is_empty()),
            "{}: a section nobody has is not a block",
            s.path
        );
    }
}

#[test]
fn compare_two_and_three_organisations() {
    let env = Env::built();
    let two = env.compare(&["財務省", "外務省"]);
    let names: Vec<&str> = two.organisations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["財務省", "外務省"], "in the order given");
    check_comparison(&env, &two, "", 2);
    // 財務省 has nothing under II.4 and 外務省 has: the block says so with an empty column.
    let ii4 = two
        .sections
        .iter()
        .find(|s| s.path == "II.4")
        .expect("II.4");
    assert!(ii4.columns[0].items.is_empty() && !ii4.columns[1].items.is_empty());
    assert!(two.silent.iter().any(|p| p == "II.2"), "{:?}", two.silent);

    let three = env.compare(&[
        "総務",
        "法務省",
        "Digital Agency",
        "-q",
        "業務",
        "--level",
        "3",
    ]);
    let names: Vec<&str> = three
        .organisations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["総務省", "法務省", "デジタル庁"]);
    assert_eq!(three.request.query, "業務");
    check_comparison(&env, &three, "業務", 3);

    // The API answers the same as the CLI, on the same index.
    let engine = Engine::open(&env.index()).expect("index opens");
    let api = serve::compare(
        &engine,
        "ministry=%E8%B2%A1%E5%8B%99%E7%9C%81&ministry=%E5%A4%96%E5%8B%99%E7%9C%81",
    )
    .expect("compare");
    assert_eq!(api, two);

    let text = stdout(&env.run(&["compare", "財務省", "外務省", "--color", "never"]));
    assert!(text.contains("━━ II.4 仕事と生活の両立支援\n  ▌財務省: nothing under this section\n  ▌外務省: 1 item, 1 passage"), "{text}");
}

#[test]
fn compare_refuses_unknown_repeated_and_single_names() {
    let env = Env::built();
    let out = env.run(&["compare", "財務省", "外務庁"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: unknown ministry \"外務庁\"; did you mean 外務省? (all: `wlb-search ministries`)\n"
    );
    // Trailing words that name no organisation, after two that do, are the query, as -q.
    let positional = env.compare(&["財務省", "外務省", "テレワーク"]);
    let with_q = env.compare(&["財務省", "外務省", "-q", "テレワーク"]);
    assert_eq!(
        serde_json::to_value(&positional).unwrap(),
        serde_json::to_value(&with_q).unwrap()
    );
    // One organisation and a word: the word is taken for a name, and -q is suggested.
    let out = env.run(&["compare", "財務省", "テレワーク"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: unknown ministry \"テレワーク\"; list the valid names with `wlb-search ministries`; \
         to compare on a query, give it with -q: `wlb-search compare 財務省 外務省 -q テレワーク`\n"
    );
    let out = env.run(&["compare", "財務", "外務省", "mof"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 財務省 is named twice (財務, mof): name each organisation once\n"
    );
    let out = env.run(&["compare", "財務省"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: a comparison needs two or more organisations; only 財務省 was given\n"
    );
}

#[test]
fn map_formats_and_bad_values() {
    let env = Env::built();
    let out = env.run(&["map", "--level", "4"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: the level must be 1, 2 or 3 (the depth of the guideline sections: 1 = II, \
         2 = II.3, 3 = II.3.(1)), not \"4\"\n"
    );
    let out = env.run(&["map", "-m", "財務庁"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean 財務省?"),
        "{}",
        stderr(&out)
    );
    // Nothing matches: a map of zeros, exit 1.
    let out = env.run(&["map", "存在しない言葉の組み合わせ"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // The terminal table fits 120 columns at every level, even where ② takes two.
    use unicode_width::UnicodeWidthStr;
    for level in ["1", "2", "3"] {
        for q in ["", "テレワーク"] {
            let out = env.run(&["map", q, "--level", level, "--color", "never"]);
            let text = stdout(&out);
            let table: Vec<&str> = text.lines().skip(2).take(28).collect();
            assert!(table[0].starts_with("府省等"), "{text}");
            assert!(table[27].starts_with("計"), "{text}");
            for line in &table {
                assert!(line.width_cjk() <= 120, "{} wide: {line}", line.width_cjk());
            }
            // Every column's full title is in the legend.
            let (_, map) = env.map(&[q, "--level", level]);
            for c in map.columns.iter().filter(|c| !c.path.is_own_root()) {
                assert!(text.contains(&c.title), "legend lacks {}: {text}", c.title);
            }
        }
    }
    // CSV: a BOM, a header, one row per organisation.
    let out = env.run(&["map", "テレワーク", "--format", "csv"]);
    let csv = stdout(&out);
    assert!(csv.starts_with("\u{feff}ministry,ministry_en,II.1 業務効率化・デジタル化の推進,"));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 27);
    assert!(
        lines[1].starts_with("内閣官房,Cabinet Secretariat,"),
        "{}",
        lines[1]
    );
    assert!(lines[0].ends_with(",no_section 記載なし,above_level,total"));
}

#[tokio::test]
async fn the_routes_answer_json_and_400s() {
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    let router = serve::router(
        engine(dir.path()),
        serve::Hosts::new([127, 0, 0, 1].into(), 8080),
        serve::Answers::within(serve::DEFAULT_CACHE_MB),
    );
    let get = |uri: &str| {
        let req = Request::get(uri)
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .expect("request");
        let router = router.clone();
        async move {
            let res = router.oneshot(req).await.expect("response");
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap();
            (
                status,
                serde_json::from_slice::<serde_json::Value>(&body).expect("JSON"),
            )
        }
    };
    let (status, body) = get("/api/map?q=%E3%83%86%E3%83%AC%E3%83%AF%E3%83%BC%E3%82%AF").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["rows"].as_array().unwrap().len(), 26);
    assert_eq!(body["summary"]["total"], 17);
    let (status, body) = get("/api/map?level=4").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]
        .as_str()
        .unwrap()
        .starts_with("the level must be 1, 2 or 3"));
    let (status, body) = get("/api/compare?ministry=mof&ministry=mofa").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["organisations"][1]["name"], "外務省");
    let (status, body) = get("/api/compare?ministry=mof").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"],
        "a comparison needs two or more organisations; only mof was given"
    );
}
