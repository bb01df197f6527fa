//! Parses the text extraction of the report into records.
//!
//! Layout (see shared/FACTS.md): a title with the fiscal year, a two-column contents that maps
//! organisations to their first page, then one table per organisation, each opened by the
//! header row `重点項目 A B`. The organisation is never named inside its part: the k-th table
//! belongs to the k-th organisation of the contents in page order.
//!
//! Inside a part, table rows are tab-separated (item | A | B). A row with an empty item cell
//! continues the previous item (a page break split it); it keeps its own B, or inherits the
//! previous B when its own is empty. Blank-line-separated groups of rows are pages. Two parts
//! hold a plain paragraph instead of rows: its first line is the item, the rest is A.
//!
//! An A cell becomes passages: one per 【新規】/【継続】 block; failing those, one per `○`
//! heading, `<…>` heading, or `・` bullet; failing those, the whole cell.

use super::markup::{self, clean};
use super::section;
use crate::domain::ministry;
use crate::domain::{FiscalYear, Record, SectionRef, Status};
use std::collections::HashMap;

/// An organisation from the contents.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    page: u32,
}

const MARKERS: [(&str, Status); 2] = [("【新規】", Status::New), ("【継続】", Status::Continuing)];

pub(super) fn parse(input: &str) -> Result<Vec<Record>, String> {
    parse_with_jobs(input, 1)
}

/// Like [`parse`], the organisations' parts on up to `jobs` threads: the records are the
/// same, in the same order, and so is the first error.
pub(super) fn parse_with_jobs(input: &str, jobs: usize) -> Result<Vec<Record>, String> {
    let lines: Vec<&str> = input.lines().collect();
    let year = fiscal_year(&lines)?;
    let entries = contents(&lines)?;
    let headers: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_table_header(l))
        .map(|(i, _)| i)
        .collect();
    if headers.len() != entries.len() {
        return Err(format!(
            "its contents (<目次>) lists {} organisations but it has {} tables (header rows \
             `重点項目 A B`); every organisation needs exactly one table",
            entries.len(),
            headers.len()
        ));
    }
    let orgs: Vec<Org> = entries
        .iter()
        .enumerate()
        .map(|(k, entry)| {
            let next_page = entries.get(k + 1).map(|e| e.page);
            let known = ministry::by_official_name(&entry.name);
            Org {
                name: entry.name.clone(),
                english: known.map_or_else(|| entry.name.clone(), |m| m.english.to_string()),
                code: known.map_or_else(|| format!("org{}", k + 1), |m| m.code.to_string()),
                first_page: entry.page,
                last_page: next_page.map(|p| p.saturating_sub(1).max(entry.page)),
                year,
            }
        })
        .collect();
    // A part's ids count on from the records of its organisation before it: parts are
    // parsed apart only when no organisation has two.
    let names: std::collections::HashSet<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
    let jobs = if names.len() == orgs.len() {
        jobs.clamp(1, orgs.len().max(1))
    } else {
        1
    };
    // Each organisation with its table's lines.
    let parts: Vec<(&Org, usize, usize)> = orgs
        .iter()
        .enumerate()
        .map(|(k, org)| {
            let end = headers.get(k + 1).copied().unwrap_or(lines.len());
            (org, headers[k] + 1, end)
        })
        .collect();
    let part = |&(org, start, end): &(&Org, usize, usize)| {
        let mut out = Vec::new();
        parse_part(org, &lines, start, end, &mut out).map(|()| out)
    };
    let mut records = Vec::new();
    if jobs == 1 {
        for p in &parts {
            records.extend(part(p)?);
        }
    } else {
        let parsed = super::on_threads(&parts, jobs, part);
        for (p, done) in parts.iter().zip(parsed) {
            // A part whose worker died is parsed again here, where its panic is the caller's.
            records.extend(done.unwrap_or_else(|| part(p))?);
        }
    }
    if records.is_empty() {
        return Err("it has no table rows with passages".into());
    }
    Ok(records)
}

struct Org {
    name: String,
    english: String,
    code: String,
    first_page: u32,
    last_page: Option<u32>,
    year: FiscalYear,
}

fn parse_number(s: &str) -> Option<u32> {
    let folded: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if folded.is_empty() || !folded.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    folded.parse().ok()
}

/// The fiscal year from the title: 令和N年度, or failing that a Western year (2024年度).
fn fiscal_year(lines: &[&str]) -> Result<FiscalYear, String> {
    lines
        .iter()
        .take(40)
        .find_map(|line| reiwa_year(line).or_else(|| western_year(line)))
        .ok_or_else(|| {
            "its title names no fiscal year (令和N年度, or 2024年度) in the first lines".into()
        })
}

/// 令和N年度 (令和元年度 is 1).
fn reiwa_year(line: &str) -> Option<FiscalYear> {
    let pos = line.find("令和")?;
    let rest = &line[pos + "令和".len()..];
    let n = &rest[..rest.find("年度")?];
    let n = if n == "元" { Some(1) } else { parse_number(n) };
    n.and_then(FiscalYear::reiwa)
}

/// A four-digit year from 2000 on written before 年度 (`2024年度`, `（２０２４年度）`).
fn western_year(line: &str) -> Option<FiscalYear> {
    let end = line.find("年度")?;
    let digits: String = line[..end]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (digits.chars().count() == 4)
        .then(|| parse_number(&digits))
        .flatten()
        .and_then(|n| u16::try_from(n).ok())
        .filter(|&n| n >= 2000)
        .map(FiscalYear)
}

fn is_table_header(line: &str) -> bool {
    let cells: Vec<&str> = line
        .split('\t')
        .map(|c| c.trim().trim_matches('*'))
        .collect();
    cells.len() >= 3 && cells[0] == "重点項目" && cells[1] == "A" && cells[2] == "B"
}

fn is_page_header(line: &str) -> bool {
    let s = line.trim().trim_matches('*');
    s.starts_with("国家公務員の女性活躍とワークライフバランス推進のための取組指針")
        || s.contains("取組計画等のフォローアップ")
        || s.ends_with("（重点項目）") && !s.contains('\t')
}

/// A form feed on a line of its own separates pages (PDF input, `pdftotext` output).
const PAGE_BREAK: &str = "\u{c}";

fn is_page_break(line: &str) -> bool {
    line.trim_matches(' ') == PAGE_BREAK
}

fn is_subheader(line: &str) -> bool {
    let cells: Vec<&str> = line.split('\t').collect();
    cells.len() >= 2 && cells[0].trim().is_empty() && cells[1].trim().starts_with("取組時期")
}

/// Reads the contents: organisation names and first pages, in page order.
fn contents(lines: &[&str]) -> Result<Vec<Entry>, String> {
    let start = lines
        .iter()
        .position(|l| l.trim().trim_matches('*') == "<目次>" || l.trim() == "目次")
        .ok_or("it has no contents (<目次>); the organisations and their pages come from it")?;
    let mut entries = Vec::new();
    let mut pending: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for line in &lines[start + 1..] {
        let t = line.trim();
        if t.starts_with('※')
            || t.starts_with("<調査票")
            || is_page_header(t)
            || is_table_header(line)
        {
            break;
        }
        // Cells are tab-separated in the text extraction but may be space-separated in a
        // PDF's layout; names have no spaces, so both read the same.
        let cells: Vec<&str> = line.split_whitespace().collect();
        for (col, chunk) in cells.chunks(2).take(2).enumerate() {
            for cell in chunk {
                let cell = cell.trim();
                if cell.is_empty() {
                    continue;
                }
                match parse_number(cell) {
                    Some(page) => {
                        let parts = std::mem::take(&mut pending[col]);
                        if let Some(name) = parts.first() {
                            entries.push(Entry {
                                name: name.clone(),
                                page,
                            });
                        }
                    }
                    None => pending[col].push(cell.to_string()),
                }
            }
        }
    }
    if entries.is_empty() {
        return Err("its contents (<目次>) lists no organisation with a page number".into());
    }
    entries.sort_by_key(|e| e.page);
    Ok(entries)
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Table,
    Paragraph,
}

/// A plain paragraph being collected: its item line and A lines.
struct Para {
    item: String,
    lines: Vec<String>,
    page: u32,
    line: usize,
}

/// The last table row, not emitted yet: if the next row is the rest of it (a page break cut
/// it in two), the two are joined before anything is emitted.
struct Row {
    item: String,
    a: String,
    b: String,
    /// The references that apply to it (its own, or inherited from the rows before).
    sections: Vec<SectionRef>,
    page: u32,
    line: usize,
}

/// Parses lines `start..end`, one organisation's part, appending its records to `out`.
fn parse_part(
    org: &Org,
    lines: &[&str],
    start: usize,
    end: usize,
    out: &mut Vec<Record>,
) -> Result<(), String> {
    let mut part = Part::new(org, lines, start, out);
    for (idx, raw) in lines.iter().enumerate().take(end).skip(start) {
        part.line(idx + 1, raw)?;
    }
    part.finish();
    Ok(())
}

/// The parser of one organisation's part (see the module docs).
struct Part<'a> {
    org: &'a Org,
    out: &'a mut Vec<Record>,
    /// Whether the input marks pages with form feeds (PDF input).
    paged: bool,
    page: u32,
    prev_blank: bool,
    last_kind: Option<Kind>,
    /// The item and references of the rows emitted so far, which a continuation row inherits.
    item: Option<String>,
    sections: Vec<SectionRef>,
    /// Records of this organisation so far, for their ids.
    ordinal: usize,
    para: Option<Para>,
    row: Option<Row>,
    /// The references of each B cell read so far: the rows of an item often cite alike.
    cells: HashMap<String, Vec<SectionRef>>,
}

impl<'a> Part<'a> {
    fn new(org: &'a Org, lines: &[&str], start: usize, out: &'a mut Vec<Record>) -> Self {
        let paged = lines.iter().any(|l| is_page_break(l));
        let page = if paged {
            1 + lines[..start].iter().filter(|l| is_page_break(l)).count() as u32
        } else {
            org.first_page
        };
        let ordinal = out.iter().filter(|r| r.ministry == org.name).count();
        Part {
            org,
            out,
            paged,
            page,
            prev_blank: false,
            last_kind: None,
            item: None,
            sections: Vec::new(),
            ordinal,
            para: None,
            row: None,
            cells: HashMap::new(),
        }
    }

    /// The references of a B cell (see `section::parse_cell`).
    fn references(&mut self, b: &str) -> Vec<SectionRef> {
        if let Some(refs) = self.cells.get(b) {
            return refs.clone();
        }
        let refs = section::parse_cell(b);
        self.cells.insert(b.to_string(), refs.clone());
        refs
    }

    /// Reads one input line (`line` is 1-based).
    fn line(&mut self, line: usize, raw: &str) -> Result<(), String> {
        match self.track(raw) {
            Some(Kind::Table) => self.table_row(line, raw),
            Some(Kind::Paragraph) => {
                self.paragraph_line(line, raw);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Follows pages and blank lines; returns the kind of a line that carries content.
    fn track(&mut self, raw: &str) -> Option<Kind> {
        if self.paged && is_page_break(raw) {
            self.page += 1;
            self.prev_blank = false;
            self.last_kind = Some(Kind::Paragraph);
            return None;
        }
        let t = raw.trim();
        if t.is_empty() {
            self.prev_blank = true;
            return None;
        }
        if is_page_header(t) || is_subheader(raw) || markup::is_separator(raw) {
            return None;
        }
        let kind = if raw.split('\t').count() >= 3 {
            Kind::Table
        } else {
            Kind::Paragraph
        };
        // A blank line between table rows, or between a table and a paragraph, is a page.
        let new_page = self.prev_blank
            && self
                .last_kind
                .is_some_and(|last| kind == Kind::Table || last == Kind::Table);
        if new_page {
            self.page += 1;
            if let Some(last) = self.org.last_page {
                self.page = self.page.min(last);
            }
        }
        self.prev_blank = false;
        self.last_kind = Some(kind);
        Some(kind)
    }

    /// Reads a table row: item | A | B.
    fn table_row(&mut self, line: usize, raw: &str) -> Result<(), String> {
        self.flush_para();
        let cells: Vec<&str> = raw.split('\t').collect();
        let item = clean(cells[0]).replace('\n', " ");
        let (a, b) = (cells[1].to_string(), cells[2..].join(" "));
        if item.is_empty() && !starts_passage(&clean(&a)) {
            if let Some(row) = self.row.take() {
                // The rest of a row that a page break cut in two: join it to its first part.
                self.row = Some(self.joined(row, &a, &b));
                return Ok(());
            }
        }
        self.flush_row();
        let refs = self.references(&b);
        let (item, sections) = if item.is_empty() {
            let Some(item) = self.item.clone() else {
                return Err(format!(
                    "line {line} continues an item (its first cell is empty) but no item \
                     precedes it in {}'s table",
                    self.org.name
                ));
            };
            (item, self.inherit(refs))
        } else {
            (item, refs)
        };
        self.row = Some(Row {
            item,
            a,
            b,
            sections,
            page: self.page,
            line,
        });
        Ok(())
    }

    /// A row joined with its continuation's A and B cells; it keeps its item, page and line.
    fn joined(&mut self, row: Row, a: &str, b: &str) -> Row {
        let b = format!("{} {b}", row.b);
        let refs = self.references(&b);
        Row {
            a: format!("{} {a}", row.a),
            sections: self.inherit(refs),
            b,
            ..row
        }
    }

    /// A continuation row's references: its own, or else those of the rows before.
    fn inherit(&self, refs: Vec<SectionRef>) -> Vec<SectionRef> {
        if refs.is_empty() {
            self.sections.clone()
        } else {
            refs
        }
    }

    /// Reads a line of a plain paragraph: the first is its item, the rest its A text.
    fn paragraph_line(&mut self, line: usize, raw: &str) {
        match &mut self.para {
            Some(p) => p.lines.push(raw.to_string()),
            None => {
                self.flush_row();
                self.para = Some(Para {
                    item: clean(raw).replace('\n', " "),
                    lines: Vec::new(),
                    page: self.page,
                    line,
                });
            }
        }
    }

    /// Emits what is still pending at the end of the part.
    fn finish(mut self) {
        self.flush_row();
        self.flush_para();
    }

    /// Emits the pending table row; its item and references become the ones inherited.
    fn flush_row(&mut self) {
        if let Some(row) = self.row.take() {
            self.emit(&row.item, &row.a, &row.sections, row.page, row.line);
            self.item = Some(row.item);
            self.sections = row.sections;
        }
    }

    fn flush_para(&mut self) {
        if let Some(p) = self.para.take() {
            self.emit(&p.item, &p.lines.join("\n"), &[], p.page, p.line);
        }
    }

    /// Emits the passages of an A cell as records.
    fn emit(&mut self, item: &str, a_text: &str, refs: &[SectionRef], page: u32, line: usize) {
        let org = self.org;
        for (status, text) in split_passages(a_text) {
            self.ordinal += 1;
            self.out.push(Record {
                id: format!("{}-{}-{:02}", org.year.0, org.code, self.ordinal),
                year: org.year,
                ministry: org.name.clone(),
                ministry_en: org.english.clone(),
                page,
                item: item.to_string(),
                status,
                sections: refs_for(&text, refs),
                text,
                line,
            });
        }
    }
}

/// Whether cleaned cell text opens a passage: a marker or a heading.
fn starts_passage(text: &str) -> bool {
    let t = text.trim_start();
    t.is_empty()
        || MARKERS.iter().any(|(m, _)| t.starts_with(m))
        || t.starts_with(['○', '・'])
        || t.starts_with('<') && t.find('>').is_some_and(|e| !t[1..e].is_ascii())
}

/// The references that apply to a passage: those labelled with its heading, if any are.
fn refs_for(text: &str, refs: &[SectionRef]) -> Vec<SectionRef> {
    let heading = text.trim_start_matches(['・', '○', ' ']);
    let labelled: Vec<SectionRef> = refs
        .iter()
        .filter(|r| {
            r.label
                .as_deref()
                .is_some_and(|l| heading.starts_with(&markup::fold_spaces(l)))
        })
        .cloned()
        .collect();
    if labelled.is_empty() {
        return refs.to_vec();
    }
    refs.iter()
        .filter(|r| r.label.is_none() || labelled.contains(r))
        .cloned()
        .collect()
}

/// Splits an A cell (raw, with markup) into passages with their status.
pub(super) fn split_passages(raw: &str) -> Vec<(Status, String)> {
    let text = clean(raw);
    if text.is_empty() {
        return Vec::new();
    }
    let mut points: Vec<usize> = Vec::new();
    for (marker, _) in MARKERS {
        points.extend(text.match_indices(marker).map(|(i, _)| i));
    }
    if points.is_empty() {
        points = heading_starts(&text, |rest| rest.starts_with('○'));
    }
    if points.is_empty() {
        points = heading_starts(&text, |rest| {
            rest.starts_with('<')
                && rest
                    .find('>')
                    .is_some_and(|e| !rest[1..e].is_empty() && !rest[1..e].is_ascii())
        });
    }
    if points.is_empty() {
        points = heading_starts(&text, |rest| rest.starts_with('・'));
    }
    points.sort_unstable();
    points.dedup();
    if points.first() != Some(&0) {
        points.insert(0, 0);
    }
    points.push(text.len());
    points
        .windows(2)
        .map(|w| text[w[0]..w[1]].trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let status = MARKERS
                .iter()
                .find(|(m, _)| p.starts_with(m))
                .map_or(Status::Unmarked, |(_, s)| *s);
            (status, p.to_string())
        })
        .collect()
}

/// Byte offsets of line starts at which `is_heading` holds.
fn heading_starts(text: &str, is_heading: impl Fn(&str) -> bool) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| is_heading(&text[i..]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_parsed_on_threads_give_the_same_records_and_first_error() {
        let report = include_str!("../../data/wlb-followup-r5.txt");
        let alone = parse(report).unwrap();
        assert_eq!(parse_with_jobs(report, 3).unwrap(), alone);
        // A row that continues no item, in the 3rd and the 6th organisation's table: the
        // error is the 3rd's, as when the parts are parsed one after another.
        let mut lines: Vec<&str> = report.lines().collect();
        let headers: Vec<usize> = (0..lines.len())
            .filter(|&i| is_table_header(lines[i]))
            .collect();
        for k in [5, 2] {
            lines.insert(headers[k] + 2, "\t続きの文\t");
        }
        let broken = lines.join("\n");
        let err = parse(&broken).unwrap_err();
        assert!(err.contains("continues an item"), "{err}");
        assert!(err.contains(&format!("line {}", headers[2] + 3)), "{err}");
        assert_eq!(parse_with_jobs(&broken, 3).unwrap_err(), err);
    }

    fn statuses(raw: &str) -> Vec<(Status, String)> {
        split_passages(raw)
    }

    #[test]
    fn marker_blocks_are_passages() {
        // 内閣府 p.6 (excerpt).
        let raw = "<p>【新規】 各部局に対する国会関係業務の実態ヒアリングを通じて、部局における対応事例を収集し</p> <p>【継続】 財務省協議の早期回答について</p>";
        let p = statuses(raw);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, Status::New);
        assert!(p[0].1.starts_with("【新規】各部局に対する"));
        assert_eq!(p[1].0, Status::Continuing);
    }

    #[test]
    fn marker_on_its_own_paragraph_keeps_its_bullets() {
        // 内閣法制局 p.5 (excerpt).
        let raw = "<p>【継続】</p> <ul style=\"list-style-type: none\"> ・職員からテレワークの利用環境や手続等の改善につながる意見及び要望等の募集を行った。 ・テレワーク中の業務上の通話料について職員の負担を求めない仕組み（モバイルアプリ等）を試行的に導入した。（対象者の範囲を拡大） ";
        let p = statuses(raw);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, Status::Continuing);
        assert_eq!(
            p[0].1,
            "【継続】\n・職員からテレワークの利用環境や手続等の改善につながる意見及び要望等の募集を行った。\n・テレワーク中の業務上の通話料について職員の負担を求めない仕組み（モバイルアプリ等）を試行的に導入した。（対象者の範囲を拡大）"
        );
    }

    #[test]
    fn headings_split_when_there_are_no_markers() {
        // 環境省 p.38 (excerpt): <…> headings are text and split the cell.
        let raw = "<p><テレワーク> 令和3年度に策定したテレワーク推進計画に基づき引き続き実施を推進した。</p> <p><時差出勤> 10段階の時差出勤を実施している。</p>";
        let p = statuses(raw);
        assert_eq!(p.len(), 2);
        assert!(p[0].1.starts_with("<テレワーク>令和3年度"));
        assert_eq!(p[1].0, Status::Unmarked);
        // 警察庁 p.14 (excerpt): bullets.
        let raw = "<ul style=\"list-style-type: none\"> ・テレワークを実施するための既存の各種資機材等が十分に活用されるよう周知を図った。 ・当庁が独自に整備している携帯電話通話料金の公費負担制度の活用を教示した。 ";
        assert_eq!(statuses(raw).len(), 2);
        // ○ headings take precedence over the bullets under them (厚生労働省 p.33).
        let raw = "<p>○勤務時間管理のシステム化と勤務時間管理の徹底</p> <ul style=\"list-style-type: none\"> ・勤務時間管理システムの導入まで ・国会対応など <p>○マネジメント改革</p> <ul style=\"list-style-type: none\"> ・好事例集 ";
        assert_eq!(statuses(raw).len(), 2);
        // 業務効率化・デジタル化: a ・ inside a word is no bullet.
        assert_eq!(
            statuses("<p>業務効率化・デジタル化を推進した。</p> <p>次の段落。</p>").len(),
            1
        );
    }

    #[test]
    fn contents_in_two_columns_with_a_broken_entry() {
        let lines = [
            "<目次>",
            "",
            "内閣官房\t3\t法務省\t27",
            "カジノ管理委員会\t21\t原子力規制委員会\t原子力",
            "デジタル庁\t22\t規制庁\t40",
            "\t\t会計検査院\t45",
            "",
            "※ ページ番号",
        ];
        let e = contents(&lines).unwrap();
        let got: Vec<(&str, u32)> = e.iter().map(|e| (e.name.as_str(), e.page)).collect();
        assert_eq!(
            got,
            vec![
                ("内閣官房", 3),
                ("カジノ管理委員会", 21),
                ("デジタル庁", 22),
                ("法務省", 27),
                ("原子力規制委員会", 40),
                ("会計検査院", 45)
            ]
        );
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_one_row_on_the_page_where_it_starts() {
        let input = "令和5年度 フォローアップ\n<目次>\n内閣府\t1\n※ ページ番号\n\u{c}\n\
                     重点項目\tA\tB\n\
                     項目一\t【新規】前半の\t3. マネジメント改革\n\
                     \u{c}\n\
                     \t後半。\t\n\
                     \t【継続】次の取組。\t\n\
                     項目二\t・別の取組。\t\n";
        let records = parse(input).unwrap();
        let got: Vec<(&str, u32, usize, &str, &str)> = records
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.page,
                    r.line,
                    r.item.as_str(),
                    r.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("2023-cao-01", 2, 7, "項目一", "【新規】前半の後半。"),
                ("2023-cao-02", 3, 10, "項目一", "【継続】次の取組。"),
                ("2023-cao-03", 3, 11, "項目二", "・別の取組。"),
            ]
        );
        // The joined row and the row after it keep the first part's reference.
        assert_eq!(records[0].sections[0].path, "II.3");
        assert_eq!(records[1].sections, records[0].sections);
        assert!(records[2].sections.is_empty());
    }

    #[test]
    fn fiscal_year_from_the_title() {
        assert_eq!(fiscal_year(&["", "令和5年度"]), Ok(FiscalYear(2023)));
        assert_eq!(fiscal_year(&["令和６年度"]), Ok(FiscalYear(2024)));
        assert!(fiscal_year(&["no title"]).is_err());
        assert_eq!(fiscal_year(&["（2124年度）"]), Ok(FiscalYear(2124)));
        assert_eq!(fiscal_year(&["２０２４年度"]), Ok(FiscalYear(2024)));
        assert!(fiscal_year(&["124年度"]).is_err());
        assert!(fiscal_year(&["1999年度"]).is_err());
    }
}
