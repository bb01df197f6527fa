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
//! under `own:`.

use unicode_normalization::UnicodeNormalization;

use super::markup;
use crate::domain::chars::{circled, digit as ascii_digit, is_katakana_any_width as is_katakana};
use crate::domain::ministry::similarity;
use crate::domain::{SectionKind, SectionPath, SectionRef, OWN_PREFIX};

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

fn titles_match(written: &str, known: &str) -> bool {
    let (a, b) = (title_key(written), title_key(known));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a.contains(&b) || b.contains(&a) || similarity(&a, &b) >= 0.6
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
    children(parent)
        .find(|(_, known)| titles_match(title, known))
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
    let mut seen = std::collections::HashSet::new();
    refs.retain(|r| seen.insert(r.path.clone()));
    refs
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
