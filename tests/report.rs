//! The parser on the real report: counts checked by reading the report by hand, and a
//! coverage proof that every character of the A column lands in exactly one record.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use wlb_search::report::{self, Rule};
use wlb_search::{index, Engine, Record, SectionPath, Status};

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

/// 国土交通省 numbers Ⅱ.1.(1) one lower from ② on (its ① 廃止を含めた業務の棚卸し及び業務
/// 見直し is the guideline's ① and ②), in the one cell its four passages share.
const MLIT: [&str; 4] = [
    "2023-mlit-01",
    "2023-mlit-02",
    "2023-mlit-03",
    "2023-mlit-04",
];

#[test]
fn every_correction_is_listed() {
    let (_, corrections) = report::bundled_with_corrections().unwrap();
    let listed: Vec<(&str, &str, &str, &str, Rule)> = corrections
        .iter()
        .map(|c| {
            let (from, to) = (c.from.as_str(), c.to.as_str());
            (c.id.as_str(), from, to, c.title.as_str(), c.rule)
        })
        .collect();
    let mut expected = Vec::new();
    for id in MLIT {
        expected.extend([
            (
                id,
                "II.1.(1).②",
                "II.1.(1).③",
                "定型業務の効率化",
                Rule::Title,
            ),
            (
                id,
                "II.1.(1).③",
                "II.1.(1).④",
                "他府省等又は省内の複数部局に対する業務の効率化",
                Rule::Run { offset: 1 },
            ),
            (
                id,
                "II.1.(1).④",
                "II.1.(1).⑤",
                "効率的に働ける職場環境の整備",
                Rule::Title,
            ),
        ]);
    }
    assert_eq!(listed, expected, "every correction, hand-checked");
    assert!(corrections.iter().all(|c| c.ministry == "国土交通省"));
}

#[test]
fn references_whose_title_is_another_numbers_are_filed_under_it() {
    let records = records();
    let by_id: HashMap<&str, &Record> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    for id in MLIT {
        let r = by_id[id];
        let paths: Vec<&str> = r.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            ["II.1.(1).①", "II.1.(1).③", "II.1.(1).④", "II.1.(1).⑤"],
            "{id}"
        );
        // The raw text stays as written.
        assert!(r.sections[3].raw.ends_with("④効率的に働ける職場環境の整備"));
        assert!(r.sections[2]
            .raw
            .ends_with("③他府省等又は省内の複数部局に対する業務の効率化"));
        assert_eq!(r.sections[2].titles[3], "府省横断的な業務の効率化");
    }
    // 内閣法制局's ④ is the guideline's ④.
    let clb = &by_id["2023-clb-01"].sections[0];
    assert_eq!(clb.path, "II.1.(1).④");
    assert_eq!(clb.titles[3], "府省横断的な業務の効率化");
    // 復興庁 writes I 基本的な考え方 above the headings of Ⅱ.2.
    assert_eq!(by_id["2023-rc-01"].sections[0].path, "II.2.(1)");
    assert_eq!(by_id["2023-rc-02"].sections[0].path, "II.2");
}

/// Reading the report from a file files the references as the bundled report does.
#[test]
fn files_read_from_disk_are_refiled_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r5.txt");
    std::fs::write(&path, REPORT).unwrap();
    let (read, _) = report::read_files(&[path.as_path()], &mut |_, _, _| {}).unwrap();
    assert_eq!(read, records());
    assert_eq!(report::read_file(&path).unwrap(), read);
}

/// The sections of an index of the bundled report.
fn catalog_sections() -> Vec<wlb_search::index::SectionEntry> {
    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &records(), vec!["bundled".into()]).unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    engine.catalog().sections.clone()
}

/// Levels the guideline outline has no titles for: ①… and ア….
fn below_outline(seg: &str) -> bool {
    seg.chars()
        .next()
        .is_some_and(|c| ('①'..='⑳').contains(&c) || ('ア'..='ン').contains(&c))
}

/// Written titles that name their section in other words (checked by hand).
const WORDINGS: &[(&str, &str)] = &[
    // 国土交通省: the earlier numbering's ①, which is now ① and ②.
    ("II.1.(1).①", "廃止を含めた業務の棚卸し及び業務見直し"),
    // 国土交通省 writes 管理職員 for 管理職, and so do カジノ管理委員会 and 厚生労働省.
    ("II.3.(1).①", "管理職員が実施すべきマネジメント行動"),
    ("II.3.(1).②", "管理職員のマネジメント能力の向上"),
    ("II.3.(1).②.ア", "管理職員に対するマネジメント研修の充実"),
];

#[test]
fn every_section_has_the_title_its_citations_give_it() {
    let records = records();
    // Organisations citing each written title, per section and level below the outline.
    let mut cited: BTreeMap<String, BTreeMap<String, BTreeSet<&str>>> = BTreeMap::new();
    for r in &records {
        for s in r.sections.iter().filter(|s| !s.path.is_own()) {
            let segs = s.path.segments();
            if s.titles.len() != segs.len() {
                continue; // a level left out: the titles do not line up
            }
            for (depth, title) in s.titles.iter().enumerate() {
                if below_outline(&segs[depth]) {
                    let path = SectionPath::from_segments(&segs[..=depth]).to_string();
                    let key: String = title.split_whitespace().collect();
                    let titles = cited.entry(path).or_default();
                    titles.entry(key).or_default().insert(&r.ministry);
                }
            }
        }
    }
    let sections = catalog_sections();
    let titled: HashMap<&str, &str> = sections
        .iter()
        .map(|s| (s.path.as_str(), s.title.as_str()))
        .collect();
    let below: BTreeSet<&str> = sections
        .iter()
        .filter(|s| !s.path.is_own() && below_outline(s.path.segments().last().unwrap()))
        .map(|s| s.path.as_str())
        .collect();
    let cited_paths: BTreeSet<&str> = cited.keys().map(String::as_str).collect();
    assert_eq!(below, cited_paths, "the cited sections below the outline");
    assert_eq!(below.len(), 18);
    for (path, titles) in &cited {
        let title = titled[path.as_str()];
        let orgs = |t: &str| titles.get(t).map_or(0, BTreeSet::len);
        let others = titles.keys().filter(|t| t.as_str() != title);
        for other in others {
            assert!(
                orgs(title) > orgs(other),
                "{path}: {title} ({}) is not cited by more organisations than {other} ({})",
                orgs(title),
                orgs(other)
            );
            assert!(
                WORDINGS.contains(&(path.as_str(), other.as_str())),
                "{path} {title} is also cited as {other}"
            );
        }
    }
    for (path, wording) in WORDINGS {
        assert!(
            cited[*path].contains_key(*wording),
            "{path}: {wording} is cited"
        );
    }
    assert_eq!(titled["II.1.(1).④"], "府省横断的な業務の効率化");
    assert_eq!(titled["II.1.(1).⑤"], "効率的に働ける職場環境の整備");
}

#[test]
fn the_section_tree_shows_no_title_twice() {
    let sections = catalog_sections();
    // The organisations' own plans are listed apart, and may borrow the guideline's headings
    // (個人情報保護委員会's 第2 is named like Ⅱ); some of their headings have no title.
    for own in [false, true] {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for s in sections.iter().filter(|s| s.path.is_own() == own) {
            if s.title.is_empty() {
                assert!(own, "{} has no title", s.path);
                continue;
            }
            if let Some(first) = seen.insert(&s.title, s.path.as_str()) {
                panic!("{first} and {} are both titled {}", s.path, s.title);
            }
        }
    }
    let find = |p: &str| sections.iter().find(|s| s.path == p).unwrap();
    assert_eq!(find("II.1.(1).④").passages, 5);
    assert_eq!(find("II.1.(1).⑤").passages, 21);
    assert!(sections.iter().all(|s| !s.path.as_str().starts_with("I.")));
}
