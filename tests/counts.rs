//! The counts a search reports are the passages that have the words: for each query below,
//! the engine's total equals the number of passages whose text or item title contains every
//! word (or one of its exact equivalents), counted here without the engine, as Ctrl-F would
//! count them (after NFKC and lowercasing).

use unicode_normalization::UnicodeNormalization;
use wlb_search::{index, report, Engine, LooseRequest, Record};

fn fold(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// Passages with every group: any of a group's spellings, as a substring.
fn ctrl_f(records: &[Record], groups: &[&[&str]]) -> usize {
    records
        .iter()
        .filter(|r| {
            let text = fold(&format!("{}\n{}", r.item, r.text));
            groups
                .iter()
                .all(|g| g.iter().any(|w| text.contains(&fold(w))))
        })
        .count()
}

/// The bundled report's records and an engine over an index of them (kept while the
/// directory is).
fn bundled_engine() -> (Vec<Record>, tempfile::TempDir, Engine) {
    let records = report::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &records, vec!["bundled".into()]).unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    (records, dir, engine)
}

#[test]
fn totals_are_the_passages_that_have_the_words() {
    let (records, _dir, engine) = bundled_engine();
    // (query, its words: each with its exact equivalents from data/thesaurus.txt)
    let cases: &[(&str, &[&[&str]])] = &[
        ("テレワーク", &[&["テレワーク"]]),
        ("ﾃﾚﾜｰｸ", &[&["テレワーク"]]),
        ("1on1", &[&["1on1", "ワンオンワン"]]),
        ("１ｏｎ１", &[&["1on1", "ワンオンワン"]]),
        ("GSS", &[&["GSS", "ガバメントソリューションサービス"]]),
        ("超過勤務", &[&["超過勤務", "残業", "時間外勤務"]]),
        ("超勤", &[&["超勤", "超過勤務", "残業", "時間外勤務"]]),
        ("育児休業", &[&["育児休業", "育休"]]),
        ("ペーパーレス", &[&["ペーパーレス"]]),
        ("勤務間インターバル", &[&["勤務間インターバル"]]),
        ("勤務時間管理システム", &[&["勤務時間管理システム"]]),
        ("管理職向け研修", &[&["管理職"], &["研修"]]),
        ("テレワーク 通話料", &[&["テレワーク"], &["通話料"]]),
        ("男性 育休", &[&["男性"], &["育休", "育児休業"]]),
        ("心理的安全性", &[&["心理的安全性"]]),
        ("RPA", &[&["RPA"]]),
        ("Teams", &[&["Teams"]]),
        ("ハラスメント", &[&["ハラスメント"]]),
        ("表彰", &[&["表彰"]]),
        ("キャリア", &[&["キャリア"]]),
        (
            "360度評価",
            &[&["360度評価", "多面観察", "多面的評価", "360度フィードバック"]],
        ),
    ];
    let mut checked = 0;
    for (query, groups) in cases {
        let request = engine.resolve(&LooseRequest::query(*query)).unwrap();
        let total = engine.search(&request).unwrap().total;
        assert_eq!(total, ctrl_f(&records, groups), "{query}");
        checked += 1;
    }
    assert!(checked >= 15);
}

#[test]
fn near_synonyms_do_not_change_the_count() {
    let (records, _dir, engine) = bundled_engine();
    // テレワーク ≈ 在宅勤務 ≈ リモートワーク: the count is テレワーク's alone.
    let request = engine.resolve(&LooseRequest::query("テレワーク")).unwrap();
    let results = engine.search(&request).unwrap();
    assert!(!results.expansions.is_empty());
    assert_eq!(results.total, ctrl_f(&records, &[&["テレワーク"]]));
}

/// A facet counted without its own filter (the server's sidebar) is counted by a query that
/// leaves out what only ranks and the forms another form finds anyway (`count_query`); its
/// counts must be those of the same search without that filter, which counts with the whole
/// match query. Every judged query, beside a ministry and beside a section.
#[test]
fn facets_without_a_filter_are_those_of_the_search_without_it() {
    use wlb_search::search::Without;
    let (records, _dir, engine) = bundled_engine();
    let judged = wlb_search::eval::Judgments::parse(
        wlb_search::eval::BUNDLED,
        wlb_search::eval::BUNDLED_NAME,
        &records,
    )
    .unwrap();
    let mut queries: Vec<String> = judged.queries.iter().map(|q| q.query.clone()).collect();
    queries.extend(["1on1", "1on1ミーティング", "テレワーク -在宅", ""].map(String::from));
    let mut compared = 0;
    for query in &queries {
        let plain = LooseRequest {
            semantic: false,
            related: false,
            ..LooseRequest::query(query.as_str())
        };
        let whole = engine.search(&engine.resolve(&plain).unwrap()).unwrap();
        for (ministries, sections, without) in [
            (vec!["デジタル庁".to_string()], vec![], Without::Ministries),
            (vec!["財務省".to_string()], vec![], Without::Ministries),
            (vec![], vec!["II.1".to_string()], Without::Sections),
        ] {
            let filtered = LooseRequest {
                ministries,
                sections,
                ..plain.clone()
            };
            let request = engine.resolve(&filtered).unwrap();
            let counted = engine.facets_without(&request, without).unwrap();
            assert_eq!(counted, whole.facets, "{query:?} without {without:?}");
            compared += 1;
        }
    }
    assert!(compared > 300, "{compared}");
}
