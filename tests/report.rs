//! The parser on the real report: counts checked by reading the report by hand, and a
//! coverage proof that every character of the A column lands in exactly one record.

use std::collections::{HashMap, HashSet};

use wlb_search::report;
use wlb_search::{Record, Status};

const REPORT: &str = include_str!("../data/wlb-followup-r5.txt");

/// (ministry, first page, items, passages, new, continuing, unmarked), counted by hand from
/// data/wlb-followup-r5.txt with the splitting rules in src/report/text.rs.
const HAND_COUNTS: &[(&str, u32, usize, usize, usize, usize, usize)] = &[
    ("内閣官房", 3, 4, 4, 4, 0, 0),
    ("内閣法制局", 5, 3, 3, 0, 3, 0),
    ("内閣府", 6, 4, 13, 10, 3, 0),
    ("宮内庁", 10, 5, 5, 3, 2, 0),
    ("公正取引委員会", 11, 8, 21, 8, 13, 0),
    ("警察庁", 14, 1, 4, 0, 0, 4),
    ("個人情報保護委員会", 15, 1, 1, 0, 0, 1),
    ("金融庁", 16, 4, 17, 6, 11, 0),
    ("消費者庁", 20, 3, 4, 0, 0, 4),
    ("カジノ管理委員会", 21, 2, 2, 0, 2, 0),
    ("デジタル庁", 22, 2, 6, 0, 0, 6),
    ("復興庁", 24, 2, 2, 0, 2, 0),
    ("総務省", 25, 2, 2, 2, 0, 0),
    ("法務省", 27, 3, 6, 0, 0, 6),
    ("外務省", 29, 4, 4, 0, 0, 4),
    ("財務省", 31, 2, 2, 0, 2, 0),
    ("文部科学省", 32, 3, 4, 1, 3, 0),
    ("厚生労働省", 33, 5, 10, 0, 0, 10),
    ("農林水産省", 35, 3, 5, 3, 2, 0),
    ("経済産業省", 36, 3, 3, 0, 3, 0),
    ("国土交通省", 37, 2, 6, 1, 5, 0),
    ("環境省", 38, 3, 5, 0, 0, 5),
    ("原子力規制委員会", 40, 3, 6, 0, 0, 6),
    ("防衛省", 42, 4, 4, 2, 2, 0),
    ("人事院", 44, 3, 3, 0, 0, 3),
    ("会計検査院", 45, 2, 12, 1, 11, 0),
];

fn records() -> Vec<Record> {
    report::bundled().expect("the bundled report parses")
}

#[test]
fn every_organisation_has_the_hand_counted_items_and_passages() {
    let records = records();
    let mut order: Vec<&str> = Vec::new();
    for r in &records {
        if order.last() != Some(&r.ministry.as_str()) {
            order.push(&r.ministry);
        }
    }
    let expected: Vec<&str> = HAND_COUNTS.iter().map(|c| c.0).collect();
    assert_eq!(order, expected, "organisations, in report order");

    for &(name, page, items, passages, new, cont, unmarked) in HAND_COUNTS {
        let mine: Vec<&Record> = records.iter().filter(|r| r.ministry == name).collect();
        let item_titles: HashSet<&str> = mine.iter().map(|r| r.item.as_str()).collect();
        let count = |s: Status| mine.iter().filter(|r| r.status == s).count();
        assert_eq!(
            (mine[0].page, item_titles.len(), mine.len()),
            (page, items, passages),
            "{name}: first page, items, passages"
        );
        assert_eq!(
            (
                count(Status::New),
                count(Status::Continuing),
                count(Status::Unmarked)
            ),
            (new, cont, unmarked),
            "{name}: new / continuing / unmarked"
        );
    }
    assert_eq!(records.len(), 154);
}

/// The A-column content of the raw report, read independently of the parser: the second
/// cell of every table row, plus the lines of the two plain paragraphs after their item
/// line; markup tags (`<p>`, `<ul …>`) and `**` removed; white space removed.
fn raw_a_column() -> String {
    let mut out = String::new();
    let lines: Vec<&str> = REPORT.lines().collect();
    let paragraph_items = [
        "管理職のマネジメント能力の向上",
        "職員のやりがい向上も踏まえた管理職等のマネジメント向上",
    ];
    let mut in_paragraph = false;
    let first_table = lines
        .iter()
        .position(|l| l.starts_with("重点項目\tA\tB"))
        .unwrap();
    for line in &lines[first_table..] {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() >= 3 {
            in_paragraph = false;
            let a = cells[1].trim();
            let header = a == "A" || a.starts_with("取組時期");
            let separator = cells.iter().all(|c| c.trim().chars().all(|ch| ch == '-'));
            if !header && !separator {
                out.push_str(&strip(a));
            }
            continue;
        }
        let t = line.trim();
        if paragraph_items.contains(&t) {
            in_paragraph = true;
            continue;
        }
        if t.contains("国家公務員の女性活躍") || t.contains("フォローアップ") {
            in_paragraph = false;
        }
        if in_paragraph {
            out.push_str(&strip(t));
        }
    }
    out
}

fn strip(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let tag = rest.starts_with('<')
            && rest[1..]
                .trim_start_matches('/')
                .starts_with(|c: char| c.is_ascii_alphabetic())
            && rest.find('>').is_some_and(|e| rest[..e].is_ascii());
        if tag {
            rest = &rest[rest.find('>').unwrap() + 1..];
        } else if rest.starts_with("**") {
            rest = &rest[2..];
        } else {
            if !c.is_whitespace() {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn every_character_of_the_a_column_lands_in_exactly_one_record() {
    let expected = raw_a_column();
    let actual: String = records()
        .iter()
        .flat_map(|r| r.text.chars().filter(|c| !c.is_whitespace()))
        .collect();
    if expected != actual {
        let e: Vec<char> = expected.chars().collect();
        let a: Vec<char> = actual.chars().collect();
        let at = e
            .iter()
            .zip(&a)
            .position(|(x, y)| x != y)
            .unwrap_or(e.len().min(a.len()));
        let around = |v: &[char]| {
            v[at.saturating_sub(30)..(at + 30).min(v.len())]
                .iter()
                .collect::<String>()
        };
        panic!(
            "A column ({} chars) and records ({} chars) differ at char {at}:\n  report:  {}\n  records: {}",
            e.len(),
            a.len(),
            around(&e),
            around(&a)
        );
    }
    // <テレワーク>-style headings are text and survive.
    assert!(actual.contains("<テレワーク>") && actual.contains("<オフィス環境>"));
    assert!(!actual.contains("<p>") && !actual.contains("<ul") && !actual.contains("**"));
}

#[test]
fn ids_are_unique_and_stable() {
    let a = records();
    let b = records();
    let ids: Vec<&str> = a.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    assert_eq!(ids, b.iter().map(|r| r.id.as_str()).collect::<Vec<_>>());
    assert_eq!(a[0].id, "2023-cas-01");
    assert!(a.iter().all(|r| r.year.0 == 2023));
}

#[test]
fn continuation_rows_inherit_the_item_and_keep_their_own_section() {
    let records = records();
    let by_id: HashMap<&str, &Record> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    // デジタル庁 p.22: rows 2-5 continue 自由がある働き方の推進; the last has its own B.
    let first = by_id["2023-digital-01"];
    let inherit = by_id["2023-digital-02"];
    let own = by_id["2023-digital-05"];
    assert_eq!(inherit.item, "自由がある働き方の推進");
    assert_eq!(
        inherit.sections, first.sections,
        "an empty B inherits the previous B"
    );
    assert!(own.text.starts_with("○1on1ミーティング"));
    assert_eq!(own.item, "自由がある働き方の推進");
    assert_eq!(own.sections[0].path, "II.3.(1)");
    // 公正取引委員会 p.12: a row split by a page break continues the item on the next page.
    let cont = by_id["2023-jftc-05"];
    assert_eq!(cont.page, 12);
    assert!(cont
        .item
        .starts_with("各部局・各地方事務所・支所の固有の事情"));
}

#[test]
fn plain_paragraph_parts_are_records_too() {
    let records = records();
    let cao: Vec<&Record> = records
        .iter()
        .filter(|r| r.ministry == "内閣府" && r.page == 9)
        .collect();
    assert_eq!(cao.len(), 2);
    assert!(cao
        .iter()
        .all(|r| r.item == "管理職のマネジメント能力の向上" && r.status == Status::New));
    let digital: Vec<&Record> = records
        .iter()
        .filter(|r| r.ministry == "デジタル庁" && r.page == 23)
        .collect();
    assert_eq!(digital.len(), 1);
    assert_eq!(
        digital[0].item,
        "職員のやりがい向上も踏まえた管理職等のマネジメント向上"
    );
    assert!(digital[0]
        .text
        .starts_with("○管理職のマネジメント能力の向上に向けた研修"));
}

#[test]
fn cells_citing_several_sections_keep_them_all() {
    let records = records();
    let paths = |id: &str| -> Vec<String> {
        records
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .sections
            .iter()
            .map(|s| s.path.to_string())
            .collect()
    };
    // 文部科学省 p.32: II.1.(1) and II.2.(1) in one cell.
    assert_eq!(paths("2023-mext-01"), vec!["II.1.(1)", "II.2.(1)"]);
    // 外務省 p.29: "… (2) テレワークの推進 及び 4. … ①働く時間の柔軟化".
    assert_eq!(paths("2023-mofa-02"), vec!["II.1.(2)", "II.4.(2).①"]);
    // 法務省 p.27: each bullet gets the reference its label names.
    assert_eq!(paths("2023-moj-01"), vec!["II.1.(1).②"]);
    assert_eq!(paths("2023-moj-03"), vec!["II.2.(1)"]);
    // 個人情報保護委員会 cites its own plan.
    assert_eq!(paths("2023-ppc-01"), vec!["own:第2.1.②"]);
    // The raw text of each reference is kept.
    let r = records.iter().find(|r| r.id == "2023-cas-03").unwrap();
    assert_eq!(r.sections[0].path, "II.1.(2).②");
    assert!(r.sections[0].raw.contains("テレワークの推進"));
    assert_eq!(r.sections[0].titles[2], "テレワークの推進");
}
