//! Guideline references: reading the B cell into canonical section paths.
//!
//! A B cell names one or more places in the WLB guideline (or in the organisation's own plan)
//! with numbered headings: `Ⅱ「…働き方改革」 1. 業務効率化・デジタル化の推進 （2）テレワークの推進
//! ②…`. Each heading level has its own numbering style (Roman, Arabic, parenthesised, circled,
//! katakana). Writers vary the forms (Ⅱ or II, full- or half-width, （） or ()), drop levels, and
//! list several siblings in one cell. This module turns each leaf into a [`SectionRef`] whose
//! `path` is canonical: `II.1.(2).②`.
//!
//! The outline below holds the guideline headings that the report itself cites, with their
//! titles. A written title decides over a written number when they disagree (カジノ管理委員会
//! writes `IV` before the title of section Ⅱ); a reference whose top level is not part of the
//! guideline, or that uses `第N` or `(別添)` numbering, is kept as the organisation's own plan
//! under `own:`; a top level the outline lacks in number and title gives way to a title it
//! knows below it (復興庁 writes `I 基本的な考え方` above the headings of Ⅱ.2).
//!
//! Below the outline (①…, ア…) the guideline is known only from its citations, read over all
//! the records together by [`refile`]: a title belongs to the number the most organisations
//! cite it under, a reference whose title belongs to another number is filed under that number
//! (国土交通省 writes ④ with the title of ⑤), and each move is a [`Correction`]. A number's
//! title is then the one the most organisations cite ([`Tally`]).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::markup;
use crate::domain::chars::{circled, digit as ascii_digit, is_katakana_any_width as is_katakana};
use crate::domain::ministry::similarity;
use crate::domain::{Record, SectionKind, SectionPath, SectionRef, OWN_PREFIX};

/// The guideline headings the report cites: (canonical path, title).
pub const OUTLINE: &[(&str, &str)] = &[
    ("II", "ワークライフバランスの推進のための働き方改革"),
    ("II.1", "業務効率化・デジタル化の推進"),
    ("II.1.(1)", "業務の廃止を含めた業務見直し・効率化"),
    ("II.1.(2)", "テレワークの推進"),
    ("II.1.(3)", "国会関係業務の効率化"),
    ("II.2", "勤務時間管理のシステム化と勤務時間管理の徹底"),
    ("II.2.(1)", "勤務時間管理のシステム化"),
    (
        "II.2.(2)",
        "的確な勤務時間管理による超過勤務縮減と勤務間インターバルの確保等",
    ),
    ("II.3", "マネジメント改革"),
    (
        "II.3.(1)",
        "職員のやりがい向上も踏まえた管理職のマネジメント向上",
    ),
    ("II.3.(2)", "人材育成のための人事当局の役割"),
    ("II.3.(3)", "職員・職場の状況を把握・活用する仕組み"),
    ("II.4", "仕事と生活の両立支援"),
    ("II.4.(1)", "男性の育児への参画促進"),
    ("II.4.(2)", "仕事と生活を両立しながら活躍できる環境づくり"),
    (
        "II.4.(3)",
        "両立支援制度の利用と育児休業取得中・復職後の支援",
    ),
    ("IV", "推進体制等"),
    ("IV.(1)", "各府省等における取組の推進"),
];

/// The outline's title of a canonical path, if the outline has it.
pub fn outline_title(path: &str) -> Option<&'static str> {
    OUTLINE.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// Heading levels, from the top.
const ROMAN: u8 = 1;
const ARABIC: u8 = 2;
const PAREN: u8 = 3;
const CIRCLED: u8 = 4;
const KANA: u8 = 5;

#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// A numbered heading: level and canonical segment.
    Heading(u8, String),
    /// `第N` or `(別添)`: the organisation's own numbering.
    Own(String),
    /// `・label`: names the A-cell bullet the following references belong to.
    Label,
}

#[derive(Debug, Clone)]
struct Tok {
    mark: Option<Mark>,
    written: String,
    title: String,
}

impl Tok {
    fn level(&self) -> u8 {
        match &self.mark {
            Some(Mark::Heading(l, _)) => *l,
            Some(Mark::Own(_)) => ROMAN,
            _ => 0,
        }
    }
}

const ROMANS: &[(&str, &str)] = &[
    ("III", "III"),
    ("II", "II"),
    ("IV", "IV"),
    ("I", "I"),
    ("Ⅰ", "I"),
    ("Ⅱ", "II"),
    ("Ⅲ", "III"),
    ("Ⅳ", "IV"),
    ("Ⅴ", "V"),
];
const KANAS: &[char] = &['ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク'];

fn circled_char(n: u32) -> String {
    char::from_u32(0x2460 + n - 1)
        .map(String::from)
        .unwrap_or_else(|| format!("({n})"))
}

/// Reads a number of ASCII or full-width digits at the start of `chars`.
fn number(chars: &[char]) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut len = 0;
    while let Some(d) = chars.get(len).copied().and_then(ascii_digit) {
        n = n.saturating_mul(10).saturating_add(d);
        len += 1;
    }
    (len > 0).then_some((n, len))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// Where a mark may start: the text as chars, the position, and the char before it.
struct At<'a> {
    chars: &'a [char],
    i: usize,
    c: char,
    prev: Option<char>,
}

impl At<'_> {
    /// Whether the position starts a word: after a space, a closing quote or bracket.
    fn starts_word(&self) -> bool {
        self.prev
            .is_none_or(|p| p.is_whitespace() || matches!(p, '」' | '>' | '）' | ')'))
    }

    fn next(&self, len: usize) -> Option<char> {
        self.chars.get(self.i + len).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        let mut rest = self.chars[self.i..].iter();
        s.chars().all(|c| rest.next() == Some(&c))
    }

    /// `len` plus one for a following full stop.
    fn with_stop(&self, len: usize) -> usize {
        len + usize::from(matches!(self.next(len), Some('.' | '．')))
    }
}

type Reader = fn(&At<'_>) -> Option<(Mark, usize)>;

/// The mark readers, tried in order.
const READERS: [Reader; 8] = [
    annex_mark,
    dai_mark,
    roman_mark,
    paren_mark,
    circled_mark,
    arabic_mark,
    kana_mark,
    label_mark,
];

/// Recognises a heading mark at `chars[i]`; returns it and its length in chars.
fn mark_at(chars: &[char], i: usize) -> Option<(Mark, usize)> {
    let at = At {
        chars,
        i,
        c: chars[i],
        prev: i.checked_sub(1).map(|p| chars[p]),
    };
    READERS.iter().find_map(|read| read(&at))
}

/// (別添) / （別添）
fn annex_mark(at: &At) -> Option<(Mark, usize)> {
    let open = matches!(at.c, '(' | '（');
    let close = matches!(at.next(3), Some(')' | '）'));
    (open && at.next(1) == Some('別') && at.next(2) == Some('添') && close)
        .then(|| (Mark::Own("別添".into()), 4))
}

/// 第N
fn dai_mark(at: &At) -> Option<(Mark, usize)> {
    if at.c != '第' {
        return None;
    }
    let (n, len) = number(&at.chars[at.i + 1..])?;
    Some((Mark::Own(format!("第{n}")), 1 + len))
}

/// Roman numerals, not inside a Latin word.
fn roman_mark(at: &At) -> Option<(Mark, usize)> {
    if at.prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
        return None;
    }
    ROMANS.iter().find_map(|(written, canon)| {
        let len = written.chars().count();
        let alone = at.next(len).is_none_or(|n| !n.is_ascii_alphanumeric());
        (at.starts_with(written) && alone)
            .then(|| (Mark::Heading(ROMAN, canon.to_string()), at.with_stop(len)))
    })
}

/// (1) / （１）
fn paren_mark(at: &At) -> Option<(Mark, usize)> {
    if !matches!(at.c, '(' | '（') {
        return None;
    }
    let j = skip_spaces(at.chars, at.i + 1);
    let (n, len) = number(&at.chars[j..])?;
    let k = skip_spaces(at.chars, j + len);
    matches!(at.chars.get(k), Some(')' | '）'))
        .then(|| (Mark::Heading(PAREN, format!("({n})")), k + 1 - at.i))
}

/// ① …
fn circled_mark(at: &At) -> Option<(Mark, usize)> {
    circled(at.c).map(|n| (Mark::Heading(CIRCLED, circled_char(n)), 1))
}

/// 1. / 1 / 1マネジメント, but not 1年 or a number inside a word.
fn arabic_mark(at: &At) -> Option<(Mark, usize)> {
    let inside_word = at
        .prev
        .is_some_and(|p| p.is_ascii_alphanumeric() || ascii_digit(p).is_some() || p == '第');
    if ascii_digit(at.c).is_none() || inside_word {
        return None;
    }
    let (n, len) = number(&at.chars[at.i..])?;
    let ok = match at.next(len) {
        None | Some('.' | '．' | ' ' | '　') => true,
        Some(next) => {
            markup::is_wide(next) && !matches!(next, '年' | '月' | '日' | '件' | '名' | '％')
        }
    };
    ok.then(|| (Mark::Heading(ARABIC, n.to_string()), at.with_stop(len)))
}

/// ア 管理職… (a katakana letter standing alone)
fn kana_mark(at: &At) -> Option<(Mark, usize)> {
    let alone = at
        .next(1)
        .is_some_and(|n| !is_katakana(n) && (n.is_whitespace() || markup::is_wide(n)));
    (KANAS.contains(&at.c) && at.starts_word() && alone)
        .then(|| (Mark::Heading(KANA, at.c.to_string()), 1))
}

/// ・label
fn label_mark(at: &At) -> Option<(Mark, usize)> {
    (at.c == '・' && at.starts_word()).then_some((Mark::Label, 1))
}

fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks: Vec<Tok> = vec![Tok {
        mark: None,
        written: String::new(),
        title: String::new(),
    }];
    let mut i = 0;
    while i < chars.len() {
        if let Some((mark, len)) = mark_at(&chars, i) {
            toks.push(Tok {
                mark: Some(mark),
                written: chars[i..i + len].iter().collect(),
                title: String::new(),
            });
            i += len;
        } else {
            if let Some(last) = toks.last_mut() {
                last.title.push(chars[i]);
            }
            i += 1;
        }
    }
    for t in &mut toks {
        t.title = tidy_title(&t.title);
    }
    if toks[0].title.is_empty() {
        toks.remove(0);
    }
    toks
}

fn tidy_title(t: &str) -> String {
    let folded = markup::fold_spaces(t);
    let t = folded.trim();
    let t = t.strip_suffix("及び").unwrap_or(t).trim();
    let t = t
        .strip_prefix('「')
        .and_then(|s| s.strip_suffix('」'))
        .unwrap_or(t);
    t.trim().to_string()
}

/// Normalises a title for comparison: NFKC, no spaces, quotes or punctuation.
fn title_key(t: &str) -> String {
    t.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '「' | '」' | '『' | '』' | '"' | '.'))
        .collect()
}

/// Titles' keys ([`title_key`]), each worked out once: the passages of a report, and reports
/// read together, cite the same titles again and again.
#[derive(Default)]
pub(crate) struct TitleKeys(HashMap<String, String>);

impl TitleKeys {
    /// The key of `title`.
    pub(crate) fn of(&mut self, title: &str) -> String {
        if let Some(key) = self.0.get(title) {
            return key.clone();
        }
        let key = title_key(title);
        self.0.insert(title.to_string(), key.clone());
        key
    }
}

/// The outline's titles by [`title_key`], worked out once: each reference is compared with
/// several of them.
static OUTLINE_KEYS: LazyLock<HashMap<&'static str, String>> =
    LazyLock::new(|| OUTLINE.iter().map(|&(_, t)| (t, title_key(t))).collect());

/// Whether two titles' keys name the same heading: one holds the other, or they are close.
fn keys_match(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a.contains(b) || b.contains(a) || similarity(a, b) >= 0.6
}

/// Outline children of `parent` (a canonical path; "" is the root).
fn children(parent: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    OUTLINE.iter().copied().filter(move |(p, _)| {
        let (head, last) = match p.rsplit_once('.') {
            Some((h, l)) => (h, l),
            None => ("", *p),
        };
        !last.is_empty() && head == parent
    })
}

fn join(parent: &str, seg: &str) -> String {
    if parent.is_empty() {
        seg.to_string()
    } else {
        format!("{parent}.{seg}")
    }
}

/// Places one written chain of headings in the outline.
fn resolve(chain: &[Tok], label: Option<&str>) -> SectionRef {
    let own = chain.iter().any(|t| matches!(t.mark, Some(Mark::Own(_))));
    let guideline = if own { None } else { outline_path(chain) };
    let (path, kind) = match guideline {
        Some(path) => (path, SectionKind::Guideline),
        None => (own_path(chain), SectionKind::OwnPlan),
    };
    SectionRef {
        path: SectionPath::new(path),
        kind,
        titles: chain.iter().map(|t| t.title.clone()).collect(),
        raw: chain
            .iter()
            .map(|t| format!("{}{}", t.written, t.title))
            .collect::<Vec<_>>()
            .join(" "),
        label: label.map(str::to_string),
    }
}

/// The own-plan path of a chain: its numbers as written.
fn own_path(chain: &[Tok]) -> String {
    let segs: Vec<&str> = chain
        .iter()
        .filter_map(|t| match &t.mark {
            Some(Mark::Heading(_, s)) | Some(Mark::Own(s)) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    format!("{OWN_PREFIX}{}", segs.join("."))
}

/// One step down the outline for one written heading.
enum Step {
    /// The heading is at this path.
    To(String),
    /// The chain leaves the outline here: the reference stops at the path so far.
    Stop,
    /// The chain is not the guideline's: it is the organisation's own plan.
    Own,
}

/// The guideline path a chain of headings names, or `None` for an own plan.
fn outline_path(chain: &[Tok]) -> Option<String> {
    let chain = without_foreign_top(chain);
    let mut path = String::new();
    for (i, tok) in chain.iter().enumerate() {
        match step(&path, i == 0, tok) {
            Step::To(p) => path = p,
            Step::Stop => break,
            Step::Own => return None,
        }
    }
    (!path.is_empty()).then_some(path)
}

/// The chain without a top heading that the outline lacks in number and title when the next
/// heading's title is one the outline knows: the written titles below decide (復興庁 writes
/// `I 基本的な考え方` above the headings of Ⅱ.2).
fn without_foreign_top(chain: &[Tok]) -> &[Tok] {
    let foreign = |top: &Tok| match &top.mark {
        Some(Mark::Heading(ROMAN, seg)) => {
            outline_title(seg).is_none() && child_titled("", &top.title).is_none()
        }
        _ => false,
    };
    match chain {
        [top, next, ..] if foreign(top) && matches!(step("", true, next), Step::To(_)) => {
            &chain[1..]
        }
        _ => chain,
    }
}

/// Where the heading `tok` leads from `path`; a written title decides over a written number.
fn step(path: &str, first: bool, tok: &Tok) -> Step {
    if let Some(p) = child_titled(path, &tok.title) {
        return Step::To(p.to_string());
    }
    let Some(Mark::Heading(level, seg)) = &tok.mark else {
        return Step::Own; // an unnumbered title the guideline lacks
    };
    if first && *level != ROMAN {
        // The top level was left out: find the one under which this title is known.
        let top = children("").find_map(|(top, _)| child_titled(top, &tok.title));
        return top.map_or(Step::Own, |p| Step::To(p.to_string()));
    }
    let candidate = join(path, seg);
    match outline_title(&candidate) {
        Some(_) if tok.title.is_empty() => Step::To(candidate),
        // The number names a known heading whose title differs.
        Some(_) if first => Step::Own,
        Some(_) => Step::Stop,
        // Deeper than the outline knows (or a heading it lacks): keep it as written, unless
        // the outline knows siblings here, in which case the reference is the writer's own
        // numbering and stops at the level it agrees with.
        None if !first && !tok.title.is_empty() && children(path).next().is_some() => Step::Stop,
        None => Step::To(candidate),
    }
}

/// The outline child of `parent` whose title matches `title`.
fn child_titled(parent: &str, title: &str) -> Option<&'static str> {
    let key = title_key(title);
    children(parent)
        .find(|(_, known)| keys_match(&key, &OUTLINE_KEYS[known]))
        .map(|(p, _)| p)
}

/// Reads every reference in a B cell (raw, with markup).
pub fn parse_cell(raw: &str) -> Vec<SectionRef> {
    let text = markup::strip(raw);
    let toks = tokenize(&text);
    let mut refs = Vec::new();
    let mut stack: Vec<Tok> = Vec::new();
    let mut label: Option<String> = None;
    for (i, tok) in toks.iter().enumerate() {
        if tok.mark == Some(Mark::Label) || tok.mark.is_none() && i > 0 {
            label = Some(tok.title.clone()).filter(|l| !l.is_empty());
            stack.clear();
            continue;
        }
        let level = tok.level();
        if tok.mark.is_some() {
            while stack
                .last()
                .is_some_and(|t| t.mark.is_some() && t.level() >= level)
            {
                stack.pop();
            }
        }
        stack.push(tok.clone());
        let next_level = toks.get(i + 1).map(Tok::level);
        let leaf = match next_level {
            None | Some(0) => true,
            Some(n) => tok.mark.is_some() && n <= level,
        };
        if leaf {
            refs.push(resolve(&stack, label.as_deref()));
        }
    }
    let mut seen = HashSet::new();
    refs.retain(|r| seen.insert(r.path.clone()));
    refs
}

/// The written titles of one section and who cites each. Titles compare by [`title_key`]; the
/// section's title is the one the most organisations cite, then the most passages, then the
/// first written.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    entries: Vec<Cited>,
}

#[derive(Debug)]
struct Cited {
    key: String,
    /// The first written form.
    title: String,
    orgs: BTreeSet<String>,
    passages: BTreeSet<usize>,
}

impl Tally {
    /// Counts `title` as cited by organisation `org` in passage `passage`.
    #[cfg(test)]
    fn add(&mut self, title: &str, org: &str, passage: usize) {
        self.add_keyed(title_key(title), title, org, passage);
    }

    /// Counts `title`, whose key is `key` ([`TitleKeys::of`]), as cited by organisation `org`
    /// in passage `passage`.
    pub(crate) fn add_keyed(&mut self, key: String, title: &str, org: &str, passage: usize) {
        if key.is_empty() {
            return;
        }
        let at = match self.entries.iter().position(|e| e.key == key) {
            Some(at) => at,
            None => {
                self.entries.push(Cited {
                    key,
                    title: title.to_string(),
                    orgs: BTreeSet::new(),
                    passages: BTreeSet::new(),
                });
                self.entries.len() - 1
            }
        };
        self.entries[at].orgs.insert(org.to_string());
        self.entries[at].passages.insert(passage);
    }

    /// The title the most organisations cite.
    pub(crate) fn best(&self) -> Option<&str> {
        self.best_keyed().map(|(title, _)| title)
    }

    /// [`Tally::best`] with its key.
    fn best_keyed(&self) -> Option<(&str, &str)> {
        self.entries
            .iter()
            .enumerate()
            .max_by_key(|(i, e)| (e.orgs.len(), e.passages.len(), Reverse(*i)))
            .map(|(_, e)| (e.title.as_str(), e.key.as_str()))
    }
}

/// Why a reference was filed under another number than written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Its written title is cited under the new number by more organisations than under any
    /// other.
    Title,
    /// Its written title is not its number's and belongs to no other number, and the other
    /// references of its passage under the same heading were all moved by `offset`: the writer
    /// numbers these siblings `offset` off the guideline (国土交通省 writes ②, ③, ④ for the
    /// guideline's ③, ④, ⑤). It takes the new number's title; `raw` keeps the written one.
    Run { offset: i64 },
}

/// A guideline reference filed under another number than the one written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The passage.
    pub id: String,
    pub ministry: String,
    /// The path as read from the cell, and the path it is filed under.
    pub from: SectionPath,
    pub to: SectionPath,
    /// The title written at the corrected level.
    pub title: String,
    pub rule: Rule,
}

/// One level of one guideline reference, below a heading the outline has no title for.
struct Cite {
    rec: usize,
    sref: usize,
    seg: String,
    title: String,
    /// The title's [`title_key`].
    key: String,
}

/// A cite to move: its index, the new number, why, and the title it takes (for a run).
struct Move {
    cite: usize,
    to: String,
    rule: Rule,
    title: Option<String>,
}

/// Files guideline references by their written titles, over all the records read together, at
/// the levels the outline has no titles for (①…, ア…), level by level from the top. A title
/// belongs to the number the most organisations cite it under (no number on a tie); a
/// reference whose title belongs to another number is moved there (see [`Rule`]). Moving
/// changes `path` (the levels below keep their numbers) and, for a run, the title at that
/// level; `raw` stays as written. Returns the corrections in record order; running it again
/// changes nothing.
pub(crate) fn refile(records: &mut [Record]) -> Vec<Correction> {
    let deepest = records
        .iter()
        .flat_map(|r| &r.sections)
        .map(|s| s.path.depth())
        .max()
        .unwrap_or(0);
    let mut corrections: Vec<(usize, Correction)> = Vec::new();
    let mut keys = TitleKeys::default();
    for level in 2..=deepest {
        let mut moved = Vec::new();
        for (parent, cites) in cites_at(records, level, &mut keys) {
            let siblings = Siblings {
                records,
                parent: &parent,
                cites: &cites,
            };
            for m in siblings.moves() {
                moved.push((cites[m.cite].rec, cites[m.cite].sref, m));
            }
        }
        for (rec, sref, m) in moved {
            corrections.push((rec, apply(&mut records[rec], sref, level, m)));
        }
    }
    for r in records.iter_mut() {
        let mut seen = HashSet::new();
        r.sections.retain(|s| seen.insert(s.path.clone()));
    }
    corrections.sort_by_key(|(rec, _)| *rec);
    corrections.into_iter().map(|(_, c)| c).collect()
}

/// Moves one reference's number at `level` (1-based).
fn apply(record: &mut Record, sref: usize, level: usize, m: Move) -> Correction {
    let s = &mut record.sections[sref];
    let mut segs = s.path.segments();
    let from = s.path.clone();
    let title = s.titles[level - 1].clone();
    segs[level - 1] = m.to;
    s.path = SectionPath::from_segments(&segs);
    if let Some(t) = m.title {
        s.titles[level - 1] = t;
    }
    Correction {
        id: record.id.clone(),
        ministry: record.ministry.clone(),
        from,
        to: s.path.clone(),
        title,
        rule: m.rule,
    }
}

/// The guideline references at `level` (1-based) whose path there has no outline title, with
/// titles that line up with the path, grouped by the path above.
fn cites_at(records: &[Record], level: usize, keys: &mut TitleKeys) -> BTreeMap<String, Vec<Cite>> {
    let mut by_parent: BTreeMap<String, Vec<Cite>> = BTreeMap::new();
    for (rec, r) in records.iter().enumerate() {
        for (sref, s) in r.sections.iter().enumerate() {
            let segs = s.path.segments();
            let aligned = s.titles.len() == segs.len() && segs.len() >= level;
            if s.kind != SectionKind::Guideline || !aligned {
                continue;
            }
            let parent = segs[..level - 1].join(".");
            let title = &s.titles[level - 1];
            if outline_title(&join(&parent, &segs[level - 1])).is_some() || title.is_empty() {
                continue;
            }
            let key = keys.of(title);
            by_parent.entry(parent).or_default().push(Cite {
                rec,
                sref,
                seg: segs[level - 1].clone(),
                title: title.clone(),
                key,
            });
        }
    }
    by_parent
}

/// The cites under one heading.
struct Siblings<'a> {
    records: &'a [Record],
    parent: &'a str,
    cites: &'a [Cite],
}

impl Siblings<'_> {
    /// The moves: by title first, then runs; in cite order.
    fn moves(&self) -> Vec<Move> {
        let homes = self.homes();
        let mut moves: Vec<Move> = self
            .cites
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let home = homes.get(&c.key)?;
                (*home != c.seg).then(|| Move {
                    cite: i,
                    to: home.clone(),
                    rule: Rule::Title,
                    title: None,
                })
            })
            .collect();
        let titles = self.titles(&moves);
        let moved = self.destinations(&moves);
        let mut passages: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, c) in self.cites.iter().enumerate() {
            passages.entry(c.rec).or_default().push(i);
        }
        let runs: Vec<Move> = (0..self.cites.len())
            .filter_map(|i| self.run(i, &moved, &passages[&self.cites[i].rec], &titles))
            .collect();
        moves.extend(runs);
        moves.sort_by_key(|m| m.cite);
        moves
    }

    fn org(&self, c: &Cite) -> &str {
        &self.records[c.rec].ministry
    }

    /// Each title's number: the one the most organisations cite it under, if only one is.
    fn homes(&self) -> BTreeMap<String, String> {
        let mut orgs: BTreeMap<String, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
        for c in self.cites {
            orgs.entry(c.key.clone())
                .or_default()
                .entry(&c.seg)
                .or_default()
                .insert(self.org(c));
        }
        orgs.into_iter()
            .filter_map(|(key, by_seg)| {
                let most = by_seg.values().map(BTreeSet::len).max()?;
                let mut top = by_seg.iter().filter(|(_, o)| o.len() == most);
                let (seg, _) = top.next()?;
                top.next().is_none().then(|| (key, seg.to_string()))
            })
            .collect()
    }

    /// The number each cite moves to, by cite (a cite moves once at most).
    fn destinations<'m>(&self, moves: &'m [Move]) -> Vec<Option<&'m str>> {
        let mut to = vec![None; self.cites.len()];
        for m in moves {
            to[m.cite].get_or_insert(m.to.as_str());
        }
        to
    }

    /// Where cite `i` is once the moves are made (`moved`: [`Self::destinations`]).
    fn after<'m>(&'m self, i: usize, moved: &[Option<&'m str>]) -> &'m str {
        moved[i].unwrap_or(&self.cites[i].seg)
    }

    /// Each number's title once `moves` are made, with its key.
    fn titles(&self, moves: &[Move]) -> BTreeMap<String, (String, String)> {
        let moved = self.destinations(moves);
        let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
        for (i, c) in self.cites.iter().enumerate() {
            tallies.entry(self.after(i, &moved)).or_default().add_keyed(
                c.key.clone(),
                &c.title,
                self.org(c),
                c.rec,
            );
        }
        tallies
            .into_iter()
            .filter_map(|(seg, t)| {
                let (title, key) = t.best_keyed()?;
                Some((seg.to_string(), (title.to_string(), key.to_string())))
            })
            .collect()
    }

    /// Cite `i` moved with its passage's other moves here, if its title is not its number's,
    /// those moves share one offset, and the number it lands on is cited by others and not
    /// already by the passage. `moved`: where the cites move ([`Self::destinations`]);
    /// `passage`: the cites of cite `i`'s passage; `titles`: [`Self::titles`].
    fn run(
        &self,
        i: usize,
        moved: &[Option<&str>],
        passage: &[usize],
        titles: &BTreeMap<String, (String, String)>,
    ) -> Option<Move> {
        let c = &self.cites[i];
        let placed = titles
            .get(&c.seg)
            .is_some_and(|(_, key)| keys_match(&c.key, key));
        if placed || moved[i].is_some() {
            return None;
        }
        // Every moved cite of the passage has moved by the same offset.
        let mut offsets = passage
            .iter()
            .filter_map(|&j| Some(offset(&self.cites[j].seg, moved[j]?)));
        let d = offsets.next()??;
        if offsets.any(|o| o != Some(d)) {
            return None;
        }
        let to = shifted(&c.seg, d)?;
        let (title, _) = titles.get(&to)?.clone();
        let target = SectionPath::new(join(self.parent, &to)).segments();
        let taken = passage.iter().any(|&j| self.after(j, moved) == to)
            || self.records[c.rec]
                .sections
                .iter()
                .enumerate()
                .any(|(k, s)| {
                    let elsewhere = !passage.iter().any(|&j| self.cites[j].sref == k);
                    elsewhere && s.path.segments().starts_with(&target)
                });
        (!taken).then_some(Move {
            cite: i,
            to,
            rule: Rule::Run { offset: d },
            title: Some(title),
        })
    }
}

/// A heading number as (style, ordinal): ③ is (CIRCLED, 3), ウ is (KANA, 3).
fn ordinal(seg: &str) -> Option<(u8, i64)> {
    let mut chars = seg.chars();
    let (first, alone) = (chars.next()?, chars.next().is_none());
    if let Some(n) = circled(first).filter(|_| alone) {
        return Some((CIRCLED, n.into()));
    }
    if let Some(i) = KANAS.iter().position(|k| *k == first).filter(|_| alone) {
        return Some((KANA, i as i64 + 1));
    }
    let paren = seg.strip_prefix('(').and_then(|s| s.strip_suffix(')'));
    match paren {
        Some(n) => n.parse().ok().map(|n| (PAREN, n)),
        None => seg.parse().ok().map(|n| (ARABIC, n)),
    }
}

/// How many places `from` is before `to`, when both are numbered alike.
fn offset(from: &str, to: &str) -> Option<i64> {
    let ((a, n), (b, m)) = (ordinal(from)?, ordinal(to)?);
    (a == b).then_some(m - n)
}

/// The number `d` places after `seg`.
fn shifted(seg: &str, d: i64) -> Option<String> {
    let (style, n) = ordinal(seg)?;
    let n = n.checked_add(d).filter(|n| *n >= 1)?;
    match style {
        CIRCLED => u32::try_from(n).ok().filter(|n| *n <= 20).map(circled_char),
        KANA => KANAS.get(usize::try_from(n - 1).ok()?).map(char::to_string),
        PAREN => Some(format!("({n})")),
        _ => Some(n.to_string()),
    }
}

/// Parses a section typed by a user (`II.1.(2)`, `Ⅱ.1.（2）`, `own:第2`) into a canonical path.
///
/// Returns `None` when nothing in it reads as a heading number.
pub fn parse_user_path(typed: &str) -> Option<String> {
    let folded: String = typed.trim().to_string();
    let (own, body) = match folded
        .strip_prefix(OWN_PREFIX)
        .or_else(|| folded.strip_prefix("own"))
    {
        Some(rest) => (true, rest.trim_start_matches([':', '.', '/'])),
        None => (false, folded.as_str()),
    };
    let spaced = body.replace(['.', '/', '．'], " ");
    let chars: Vec<char> = spaced.chars().collect();
    let mut segs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let (mark, len) = mark_at(&chars, i)?;
        match mark {
            Mark::Heading(_, s) | Mark::Own(s) => segs.push(s),
            Mark::Label => return None,
        }
        i += len;
    }
    if own {
        return Some(
            format!("{OWN_PREFIX}{}", segs.join("."))
                .trim_end_matches('.')
                .to_string(),
        );
    }
    (!segs.is_empty()).then(|| segs.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(raw: &str) -> Vec<String> {
        parse_cell(raw)
            .into_iter()
            .map(|r| r.path.to_string())
            .collect()
    }

    #[test]
    fn variants_map_to_one_path() {
        let a = "<p>II. ワークライフバランスの推進のための働き方改革</p> <p>1. 業務効率化・デジタル化の推進</p> <p>(2) テレワークの推進</p> <p>② 行政文書の電磁記録化などテレワーク実施環境の整備</p>";
        let b = "<p>Ⅱ. 「ワークライフバランスの推進のための働き方改革」</p> <p>1. 業務効率化・デジタル化の推進 （2）テレワークの推進</p> <p>②行政文書の電磁記録化などテレワーク実施環境の整備</p>";
        let c = "Ⅱ「ワークライフバランスの推進のための働き方改革」 １．業務効率化・デジタル化の推進 （２）テレワークの推進 ②行政文書の電磁記録化";
        assert_eq!(paths(a), vec!["II.1.(2).②"]);
        assert_eq!(paths(b), vec!["II.1.(2).②"]);
        assert_eq!(paths(c), vec!["II.1.(2).②"]);
    }

    #[test]
    fn siblings_in_one_cell_become_several_references() {
        let raw = "<p>II「ワークライフバランスの推進のための働き方改革」 1. 業務効率化・デジタル化の推進 （1）業務の廃止を含めた業務見直し・効率化 ①廃止を含めた業務の棚卸し ②業務見直し ③定型業務の効率化 ⑤効率的に働ける職場環境の整備</p>";
        assert_eq!(
            paths(raw),
            vec!["II.1.(1).①", "II.1.(1).②", "II.1.(1).③", "II.1.(1).⑤"]
        );
        let raw = "<p>Ⅱ. ワークライフバランスの推進のための働き方改革</p> <p>1. 業務効率化・デジタル化の推進 （1）業務の廃止を含めた業務見直し・効率化</p> <p>③ 定型業務の効率化</p> <p>（2）テレワークの推進</p> <p>2. 勤務時間管理のシステム化と勤務時間管理の徹底</p>";
        assert_eq!(paths(raw), vec!["II.1.(1).③", "II.1.(2)", "II.2"]);
        let raw = "II「ワークライフバランスの推進のための働き方改革」 1. 業務効率化・デジタル化の推進 （2）テレワークの推進 及び 4. 仕事と生活の両立支援 （2）仕事と生活を両立しながら活躍できる環境づくり ①働く時間の柔軟化";
        assert_eq!(paths(raw), vec!["II.1.(2)", "II.4.(2).①"]);
    }

    #[test]
    fn titles_decide_over_numbers_and_missing_levels() {
        // カジノ管理委員会 writes IV before section Ⅱ's title, with no spaces at all.
        let raw = "<p>IVワークライフバランスの推進のための働き方改革3マネジメント改革（1）職員のやりがい向上も踏まえた管理職のマネジメント向上②管理職員のマネジメント能力の向上</p>";
        assert_eq!(paths(raw), vec!["II.3.(1).②"]);
        // 会計検査院 leaves out the numeral.
        let raw = "<p>「ワークライフバランスの推進のための働き方改革」 3. マネジメント改革 （2）人材育成のための人事課の役割</p>";
        assert_eq!(paths(raw), vec!["II.3.(2)"]);
        // 金融庁 starts at the second level.
        let raw = "<p>3. マネジメント改革 (1) 職員のやりがい向上も踏まえた管理職のマネジメント向上 ①管理職が実施すべきマネジメント行動</p>";
        assert_eq!(paths(raw), vec!["II.3.(1).①"]);
    }

    #[test]
    fn own_plans_are_kept_as_such() {
        let r = parse_cell("II. 職場満足度調査等を踏まえた重点項目 (1)");
        assert_eq!(r[0].path, "own:II.(1)");
        assert_eq!(r[0].kind, SectionKind::OwnPlan);
        assert_eq!(paths("(別添) 具体的な取組事項"), vec!["own:別添"]);
        let raw = "<p>第2 ワークライフバランスの推進のための働き方改革</p> <p>1 業務効率化・デジタル化の推進</p> <p>② 「業務見直し・DX推進チーム」による業務見直し</p>";
        assert_eq!(paths(raw), vec!["own:第2.1.②"]);
    }

    #[test]
    fn labels_tie_references_to_bullets() {
        let raw = "<p>・エンゲージメント調査等の実施 Ⅳ「推進体制等」 (1) 各府省等における取組の推進 ③職員の声の把握、エンゲージメント調査等の実施</p> <p>・管理職員向け講演会の実施 Ⅱ「ワークライフバランスの推進のための働き方改革」 3. マネジメント改革 (1) 職員のやりがい向上も踏まえた管理職のマネジメント向上 ②管理職のマネジメント能力の向上 ア「管理職に対するマネジメント研修の充実」</p>";
        let r = parse_cell(raw);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].path, "IV.(1).③");
        assert_eq!(r[0].label.as_deref(), Some("エンゲージメント調査等の実施"));
        assert_eq!(r[1].path, "II.3.(1).②.ア");
        assert_eq!(r[1].label.as_deref(), Some("管理職員向け講演会の実施"));
    }

    #[test]
    fn a_foreign_top_gives_way_to_the_titles_below() {
        // 復興庁 writes I 基本的な考え方 above the headings of Ⅱ.2.
        let raw = "<p>I 基本的な考え方</p> <p>2. 勤務時間管理のシステム化と勤務時間管理の徹底</p> <p>（1）勤務時間管理のシステム化</p>";
        assert_eq!(paths(raw), vec!["II.2.(1)"]);
        let raw = "<p>I 基本的な考え方</p> <p>2. 勤務時間管理のシステム化と勤務時間管理の徹底</p> <p>（4）人員配置等</p>";
        assert_eq!(paths(raw), vec!["II.2"]);
    }

    const HEAD: &str = "Ⅱ ワークライフバランスの推進のための働き方改革 1. 業務効率化・デジタル化の推進 （1）業務の廃止を含めた業務見直し・効率化 ";

    fn record(id: &str, org: &str, leaves: &str) -> Record {
        Record {
            id: id.into(),
            year: crate::domain::FiscalYear(2023),
            ministry: org.into(),
            ministry_en: String::new(),
            page: 1,
            item: String::new(),
            status: crate::domain::Status::Unmarked,
            sections: parse_cell(&format!("{HEAD}{leaves}")),
            text: String::new(),
            line: 1,
        }
    }

    fn last(p: &SectionPath) -> &str {
        p.as_str().rsplit('.').next().unwrap_or_default()
    }

    fn leaf_paths(r: &Record) -> Vec<&str> {
        r.sections.iter().map(|s| last(&s.path)).collect()
    }

    #[test]
    fn a_title_is_filed_under_the_number_most_organisations_cite_it_under() {
        let mut records = vec![
            record(
                "a-1",
                "A",
                "③定型業務の効率化 ⑤効率的に働ける職場環境の整備",
            ),
            record(
                "b-1",
                "B",
                "③定型業務の効率化 ⑤効率的に働ける職場環境の整備",
            ),
            record("b-2", "B", "④効率的に働ける職場環境の整備"),
            record(
                "c-1",
                "C",
                "④府省横断的な業務の効率化 ⑤効率的に働ける職場環境の整備",
            ),
            // D numbers the run one lower; its ③ has a wording nobody else cites.
            record(
                "d-1",
                "D",
                "②定型業務の効率化 ③他府省等に対する業務の効率化 ④効率的に働ける職場環境の整備",
            ),
        ];
        let corrections = refile(&mut records);
        let moved: Vec<(&str, &str, &str, Rule)> = corrections
            .iter()
            .map(|c| (c.id.as_str(), last(&c.from), last(&c.to), c.rule))
            .collect();
        assert_eq!(
            moved,
            vec![
                ("b-2", "④", "⑤", Rule::Title),
                ("d-1", "②", "③", Rule::Title),
                ("d-1", "③", "④", Rule::Run { offset: 1 }),
                ("d-1", "④", "⑤", Rule::Title),
            ]
        );
        assert_eq!(leaf_paths(&records[4]), vec!["③", "④", "⑤"]);
        let run = &records[4].sections[1];
        assert_eq!(run.titles[3], "府省横断的な業務の効率化");
        assert!(run.raw.contains("③他府省等に対する業務の効率化"));
        assert_eq!(leaf_paths(&records[3]), vec!["④", "⑤"]);
        // Once filed, nothing moves.
        let again = records.clone();
        assert!(refile(&mut records).is_empty());
        assert_eq!(records, again);
    }

    #[test]
    fn a_tie_keeps_the_written_numbers() {
        let mut records = vec![
            record("a-1", "A", "④効率的に働ける職場環境の整備"),
            record("b-1", "B", "⑤効率的に働ける職場環境の整備"),
        ];
        assert!(refile(&mut records).is_empty());
        assert_eq!(leaf_paths(&records[0]), vec!["④"]);
    }

    #[test]
    fn the_title_most_organisations_cite_wins_over_the_most_passages() {
        let mut t = Tally::default();
        for p in 0..3 {
            t.add("管理職員に対するマネジメント研修の充実", "厚生労働省", p);
        }
        t.add("管理職に対する マネジメント研修の充実", "内閣官房", 3);
        t.add("「管理職に対するマネジメント研修の充実」", "法務省", 4);
        assert_eq!(t.best(), Some("管理職に対する マネジメント研修の充実"));
        assert_eq!(Tally::default().best(), None);
    }

    #[test]
    fn numbers_shift_within_their_style() {
        assert_eq!(shifted("③", 1).as_deref(), Some("④"));
        assert_eq!(shifted("イ", -1).as_deref(), Some("ア"));
        assert_eq!(shifted("(2)", 2).as_deref(), Some("(4)"));
        assert_eq!(shifted("①", -1), None);
        assert_eq!(offset("②", "④"), Some(2));
        assert_eq!(offset("②", "イ"), None);
    }

    #[test]
    fn user_paths() {
        assert_eq!(parse_user_path("II.1.(2)").as_deref(), Some("II.1.(2)"));
        assert_eq!(
            parse_user_path("Ⅱ.１.（２）.②").as_deref(),
            Some("II.1.(2).②")
        );
        assert_eq!(parse_user_path("II.3").as_deref(), Some("II.3"));
        assert_eq!(parse_user_path("own:第2").as_deref(), Some("own:第2"));
        assert_eq!(parse_user_path("own").as_deref(), Some("own:"));
        assert_eq!(parse_user_path("テレワーク"), None);
    }
}
