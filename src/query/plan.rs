//! What a parsed query asks for, after analysis: [`Unit`]s to match, each with the [`Form`]s
//! to look for (the words as analyzed, their character bigrams, thesaurus alternatives).
//!
//! - A word or quoted phrase is one unit, matched as a sequence (`1on1`, `働き方改革`).
//! - An unquoted word written as a sentence (it holds particles or auxiliaries:
//!   `テレワーク中の通話料の負担`) is cut into its content words (`テレワーク`, `通話料`,
//!   `負担`); suffixes stay with their word and prefixes with the next; a compound stays whole
//!   only if the thesaurus knows it (`超過勤務を減らす` → `超過勤務`, widened). Generic verbs and
//!   nouns of the report (`取組`, `実施`, `推進`) become optional: they lift a passage that
//!   has them but are not required.
//! - The thesaurus adds alternatives to any unit that is one of its words.
//!
//! The search module turns a plan into tantivy queries; this module never touches the index.

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use super::syntax::{Alt, Clause, Parsed};
use super::thesaurus::{self, Relation, Thesaurus};
use crate::analysis::{self, Role};
use crate::domain::chars::{is_hiragana, is_katakana};
use crate::error::Result;

/// One way of writing what a unit stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The text: as typed, or a thesaurus word.
    pub text: String,
    /// Morphological tokens, in sequence.
    pub words: Vec<String>,
    /// Character bigrams, in sequence; empty for a single character.
    pub bigrams: Vec<String>,
    /// `None` for the text as typed; how close a thesaurus alternative is.
    pub relation: Option<Relation>,
}

impl Form {
    fn new(
        analyzer: &mut TextAnalyzer,
        text: &str,
        relation: Option<Relation>,
    ) -> Result<Option<Form>> {
        let words = analysis::searchable_words(analyzer, text)?;
        if words.is_empty() {
            return Ok(None);
        }
        let bigrams: Vec<String> = analysis::bigram_tokens(text)
            .into_iter()
            .map(|t| t.text)
            .collect();
        let bigrams = if bigrams.len() == 1 && bigrams[0].chars().count() == 1 {
            Vec::new()
        } else {
            bigrams
        };
        Ok(Some(Form {
            text: text.to_string(),
            words,
            bigrams,
            relation,
        }))
    }

    /// The weight of this form against the text as typed.
    pub fn weight(&self) -> f32 {
        self.relation.map_or(1.0, Relation::weight)
    }

    /// Whether a passage with this form has the unit: the text as typed and its exact
    /// equivalents (`=`) do; a near-synonym (`≈`) only lifts a passage's rank.
    pub fn counts(&self) -> bool {
        self.relation != Some(Relation::Near)
    }
}

/// Something the query asks for: one of its forms must match.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The text as typed (or the content word cut from a sentence).
    pub label: String,
    /// The text as typed first, then thesaurus alternatives.
    pub forms: Vec<Form>,
    /// Written in quotes: matched exactly, never split or widened.
    pub quoted: bool,
}

/// One required (or optional) part of the query: any of its units matches (`a OR b`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub units: Vec<Unit>,
    /// False for generic words cut from a sentence: they add to the score only.
    pub required: bool,
}

/// A thesaurus expansion, for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expansion {
    pub word: String,
    pub alternatives: Vec<(String, Relation)>,
}

/// The whole plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub groups: Vec<Group>,
    pub exclusions: Vec<Unit>,
    pub expansions: Vec<Expansion>,
    /// Runs typed without spaces that the report never has as written, cut into their words:
    /// the words in sequence, which lift passages that have them close together.
    pub adjacent: Vec<Vec<String>>,
    pub notices: Vec<String>,
}

/// What the planner may ask of the passages: whether a form occurs as written.
pub trait Corpus {
    fn occurs(&self, form: &Form) -> bool;
}

impl Plan {
    /// Number of required groups.
    pub fn required(&self) -> usize {
        self.groups.iter().filter(|g| g.required).count()
    }

    /// The plan as a line: words as analyzed, phrases in quotes, `(a OR b)`, optional words
    /// in brackets, exclusions with `-`.
    pub fn understood(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        for g in &self.groups {
            let units: Vec<String> = g
                .units
                .iter()
                .map(|u| render_words(&u.forms[0].words))
                .collect();
            let s = if units.len() == 1 {
                units[0].clone()
            } else {
                format!("({})", units.join(" OR "))
            };
            out.push(if g.required { s } else { format!("[{s}]") });
        }
        for u in &self.exclusions {
            out.push(format!("-{}", render_words(&u.forms[0].words)));
        }
        out.join(" ")
    }
}

fn render_words(words: &[String]) -> String {
    if words.len() == 1 {
        words[0].clone()
    } else {
        format!("\"{}\"", words.join(" "))
    }
}

/// Distinct words (and, apart, excluded words) a query may ask for: what a query costs grows
/// with them, so a pasted paragraph or a word typed 100 times costs no more than ten words.
pub const MAX_WORDS: usize = 10;
/// Thesaurus alternatives of one word, at most.
const MAX_FORMS: usize = 8;

/// Content words so common in the report that requiring them would only lose passages.
const GENERIC: &[&str] = &[
    "取組",
    "実施",
    "推進",
    "進める",
    "向上",
    "強化",
    "活用",
    "充実",
    "整備",
    "促進",
    "高める",
    "目指す",
    "向け",
    "向ける",
    "関する",
    "対する",
    "通じる",
    "ため",
    "必要",
    "等",
    "様々",
];

/// Whether an analyzed word is one of the report's generic words.
pub fn is_generic(word: &str) -> bool {
    GENERIC.contains(&word)
}

/// A run of content words in a sentence: a compound as typed (`超過勤務`), and its pieces,
/// each with its prefixes and suffixes (`超過`, `勤務`) and whether it is generic.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    pieces: Vec<(String, bool)>,
}

/// Whether analyzed text is a sentence: particles or auxiliaries, and two or more content
/// words.
fn is_sentence(words: &[analysis::Word]) -> bool {
    let function = words.iter().any(|w| w.role == Role::Function);
    let content = words.iter().filter(|w| w.role == Role::Content).count();
    function && content >= 2
}

/// `text[from..to]`, or `None` when the analyzer's offsets do not fall on characters.
fn slice(text: &str, from: usize, to: usize) -> Option<String> {
    text.get(from..to).map(str::to_string)
}

/// The runs of content words in analyzed `text`: compounds, cut at particles and other
/// function words, and their pieces.
fn runs(text: &str, words: &[analysis::Word]) -> Vec<Run> {
    // Byte ranges: runs, and pieces within them (a content word, its prefixes and suffixes).
    type Piece = (usize, usize, bool);
    let mut runs: Vec<((usize, usize), Vec<Piece>)> = Vec::new();
    let mut prefix_from: Option<usize> = None;
    let mut last = Role::Function;
    for w in words {
        let (from, to) = (w.token.from, w.token.to);
        match w.role {
            Role::Prefix => prefix_from = prefix_from.or(Some(from)),
            Role::Content => {
                let start = prefix_from.take().unwrap_or(from);
                let generic = GENERIC.contains(&w.token.text.as_str());
                let joins = last != Role::Function && !runs.is_empty();
                if joins {
                    let run = runs.last_mut().expect("a run");
                    run.0 .1 = to;
                    run.1.push((start, to, generic));
                } else {
                    runs.push(((start, to), vec![(start, to, generic)]));
                }
            }
            Role::Suffix if GENERIC.contains(&w.token.text.as_str()) => {}
            Role::Suffix if last != Role::Function && !runs.is_empty() => {
                let run = runs.last_mut().expect("a run");
                run.0 .1 = to;
                if let Some(piece) = run.1.last_mut() {
                    piece.1 = to;
                }
            }
            Role::Suffix => {}
            Role::Function => prefix_from = None,
        }
        last = if w.role == Role::Suffix && last == Role::Function {
            Role::Function
        } else {
            w.role
        };
    }
    runs.into_iter()
        .filter_map(|((from, to), pieces)| {
            Some(Run {
                text: slice(text, from, to)?,
                pieces: pieces
                    .into_iter()
                    .map(|(f, t, generic)| Some((slice(text, f, t)?, generic)))
                    .collect::<Option<Vec<_>>>()?,
            })
        })
        .collect()
}

/// Suffixes that make a word of a word without changing what it is about (ペーパーレス化).
const TOPIC_SUFFIXES: &[&str] = &["化", "的", "等"];

/// The thesaurus alternatives of analyzed `words`; failing those, of the words without a
/// final [`TOPIC_SUFFIXES`] (ペーパーレス化 → ペーパーレス).
fn thesaurus_alternatives(thesaurus: &Thesaurus, words: &[String]) -> Vec<(String, Relation)> {
    let found = thesaurus.alternatives(&thesaurus::key_of(words));
    match words.split_last() {
        Some((last, stem)) if found.is_empty() && !stem.is_empty() => {
            if TOPIC_SUFFIXES.contains(&last.as_str()) {
                thesaurus.alternatives(&thesaurus::key_of(stem))
            } else {
                found
            }
        }
        _ => found,
    }
}

/// The katakana spelling of a word typed in hiragana (てれわーく → テレワーク), when the report
/// has it and not the hiragana.
fn katakana_spelling(
    text: &str,
    typed: &Form,
    analyzer: &mut TextAnalyzer,
    corpus: &dyn Corpus,
) -> Result<Option<String>> {
    let hiragana =
        text.chars().all(|c| is_hiragana(c) || c == 'ー') && text.chars().any(is_hiragana);
    if !hiragana || corpus.occurs(typed) {
        return Ok(None);
    }
    let kana: String = text
        .chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect();
    Ok(Form::new(analyzer, &kana, Some(Relation::Same))?
        .filter(|f| corpus.occurs(f))
        .map(|_| kana))
}

/// The plan with every typed compound cut into its pieces (`時差出勤` → `時差`, `出勤`;
/// `両立支援` → `両立`, `支援`): content words of two or more characters, each with its
/// suffixes. A word that is not a compound is cut through a synonym that is (`育休` →
/// `育児休業` → `育児`, `休業`). `None` when no required word can be cut. Used only to fill a
/// page that the query's own matches leave short.
pub fn pieces(
    plan: &Plan,
    analyzer: &mut TextAnalyzer,
    thesaurus: &Thesaurus,
    corpus: &dyn Corpus,
) -> Result<Option<Plan>> {
    let mut out = Plan {
        exclusions: plan.exclusions.clone(),
        ..Plan::default()
    };
    let mut cut = false;
    for g in &plan.groups {
        let single = g.required && g.units.len() == 1 && !g.units[0].quoted;
        let mut parts = Vec::new();
        if single {
            // The word's own pieces, or else those of a synonym (育休 → 育児休業 → 育児, 休業).
            let unit = &g.units[0];
            let same = unit
                .forms
                .iter()
                .filter(|f| f.relation.is_none() || f.relation == Some(Relation::Same));
            for form in same {
                parts = compound_pieces(&form.text)?;
                if parts.len() >= 2 {
                    break;
                }
            }
        }
        if parts.len() < 2 {
            out.groups.push(g.clone());
            continue;
        }
        cut = true;
        let mut scratch = Plan::default();
        for piece in parts {
            let alt = Alt {
                text: piece,
                quoted: false,
            };
            if let Some(u) = unit(&alt, analyzer, thesaurus, corpus, &mut scratch)? {
                out.groups.push(Group {
                    units: vec![u],
                    required: true,
                });
            }
        }
    }
    Ok(cut.then_some(out))
}

/// Whether `text` is written in katakana alone (in any width; other signs aside).
fn is_katakana_word(text: &str) -> bool {
    let folded: String = unicode_normalization::UnicodeNormalization::nfkc(text).collect();
    folded
        .chars()
        .all(|c| is_katakana(c) || !c.is_alphanumeric())
}

/// The pieces of a compound word: content words of two or more characters with their
/// suffixes, not generic. Katakana words are not cut.
fn compound_pieces(text: &str) -> Result<Vec<String>> {
    // A katakana word is one word however IPADIC cuts it (ペーパ|レス), in any width.
    if is_katakana_word(text) {
        return Ok(Vec::new());
    }
    let words = analysis::words(text)?;
    if words.iter().any(|w| w.role == Role::Function) {
        return Ok(Vec::new());
    }
    Ok(runs(text, &words)
        .into_iter()
        .flat_map(|r| r.pieces)
        .filter(|(p, generic)| p.chars().count() >= 2 && !generic)
        .map(|(p, _)| p)
        .collect())
}

/// Plans a parsed query; `corpus` says which runs typed without spaces occur as written.
pub fn plan(
    parsed: &Parsed,
    analyzer: &mut TextAnalyzer,
    thesaurus: &Thesaurus,
    corpus: &dyn Corpus,
) -> Result<Plan> {
    let mut planner = Planner {
        analyzer,
        thesaurus,
        corpus,
        plan: Plan {
            notices: parsed.notices.clone(),
            ..Plan::default()
        },
        left_out: 0,
    };
    for clause in &parsed.clauses {
        if planner.full() && !matches!(clause, Clause::Not(_)) {
            planner.left_out += 1;
            continue;
        }
        match clause {
            Clause::Any(alts) if alts.len() == 1 && !alts[0].quoted => planner.word(&alts[0])?,
            Clause::Any(alts) => planner.group(alts)?,
            Clause::Not(alt) => planner.exclusion(alt)?,
        }
    }
    if planner.left_out > 0 {
        planner.plan.notices.push(format!(
            "searched the first {MAX_WORDS} distinct words; {} more left out",
            planner.left_out
        ));
    }
    let mut plan = planner.plan;
    // If every content word of a sentence is generic, they are all the query has.
    if !plan.groups.is_empty() && plan.groups.iter().all(|g| !g.required) {
        for g in &mut plan.groups {
            g.required = true;
        }
    }
    Ok(plan)
}

/// A plan being made.
struct Planner<'a> {
    analyzer: &'a mut TextAnalyzer,
    thesaurus: &'a Thesaurus,
    corpus: &'a dyn Corpus,
    plan: Plan,
    /// Words left out because the plan was full.
    left_out: usize,
}

impl Planner<'_> {
    fn unit(&mut self, alt: &Alt) -> Result<Option<Unit>> {
        unit(
            alt,
            self.analyzer,
            self.thesaurus,
            self.corpus,
            &mut self.plan,
        )
    }

    /// One required group: any of `alts`.
    fn group(&mut self, alts: &[Alt]) -> Result<()> {
        let mut units: Vec<Unit> = Vec::new();
        for alt in alts {
            if units.len() >= MAX_WORDS {
                self.left_out += 1;
                continue;
            }
            if let Some(u) = self.unit(alt)? {
                if !units.iter().any(|o| o.forms[0].words == u.forms[0].words) {
                    units.push(u);
                }
            }
        }
        if !units.is_empty() {
            self.push(Group {
                units,
                required: true,
            });
        }
        Ok(())
    }

    /// Adds a group unless the plan has it already or is full: a query's cost is bounded by
    /// its distinct words, whatever its length.
    fn push(&mut self, group: Group) {
        let words = |g: &Group| -> Vec<Vec<String>> {
            g.units.iter().map(|u| u.forms[0].words.clone()).collect()
        };
        let new = words(&group);
        if let Some(old) = self.plan.groups.iter_mut().find(|g| words(g) == new) {
            old.required |= group.required;
            return;
        }
        if self.full() {
            self.left_out += 1;
            return;
        }
        self.plan.groups.push(group);
    }

    /// Whether the plan has as many words as a query may ask for.
    fn full(&self) -> bool {
        self.plan.groups.len() >= MAX_WORDS
    }

    /// One unquoted word as typed: a sentence becomes its content-word runs; a run typed
    /// without spaces stays whole if the report has it as written, else becomes its words.
    fn word(&mut self, alt: &Alt) -> Result<()> {
        // A katakana word typed in hiragana (てれわーく) is one word, not a sentence.
        if let Some(typed) = Form::new(self.analyzer, &alt.text, None)? {
            if katakana_spelling(&alt.text, &typed, self.analyzer, self.corpus)?.is_some() {
                return self.group(std::slice::from_ref(alt));
            }
        }
        let words = analysis::words(&alt.text)?;
        if is_sentence(&words) {
            for run in runs(&alt.text, &words) {
                self.run(run, false)?;
            }
            return Ok(());
        }
        let mut runs = runs(&alt.text, &words);
        let pieces = runs.iter().map(|r| r.pieces.len()).sum::<usize>();
        if runs.len() == 1 && pieces > 1 && runs[0].text == alt.text.trim() {
            return self.run(runs.remove(0), true);
        }
        if pieces > 1 && !self.known(&alt.text, true)? {
            for run in runs {
                self.run(run, true)?;
            }
            return Ok(());
        }
        self.group(std::slice::from_ref(alt))
    }

    /// Whether a compound is one word to search for: the thesaurus knows it, or (`as_written`)
    /// the report has it as written.
    fn known(&mut self, text: &str, as_written: bool) -> Result<bool> {
        // A katakana word is one word however IPADIC cuts it (ペーパ|レス), suffixed or not.
        let stem = TOPIC_SUFFIXES
            .iter()
            .find_map(|s| text.strip_suffix(s))
            .unwrap_or(text);
        if is_katakana_word(stem) {
            return Ok(true);
        }
        let words = analysis::searchable_words(self.analyzer, text)?;
        if !thesaurus_alternatives(self.thesaurus, &words).is_empty() {
            return Ok(true);
        }
        Ok(as_written
            && Form::new(self.analyzer, text, None)?.is_some_and(|f| self.corpus.occurs(&f)))
    }

    /// A run of content words: whole if it is one word to search for, else each piece a word
    /// of its own (generic ones optional), lifting passages that have them in sequence. A run
    /// typed on its own is one word when the report has it `as_written`; a run of a sentence
    /// only when the thesaurus knows it (a sentence asks for its content words).
    fn run(&mut self, run: Run, as_written: bool) -> Result<()> {
        let whole = run.pieces.len() == 1 || self.known(&run.text, as_written)?;
        let words = if whole {
            vec![(run.text.clone(), run.pieces.iter().all(|p| p.1))]
        } else {
            run.pieces
        };
        let mut sequence = Vec::new();
        for (word, generic) in &words {
            let typed = Alt {
                text: word.clone(),
                quoted: false,
            };
            if let Some(unit) = self.unit(&typed)? {
                sequence.extend(unit.forms[0].words.iter().cloned());
                self.push(Group {
                    units: vec![unit],
                    required: !generic,
                });
            }
        }
        if !whole && sequence.len() > 1 && self.plan.adjacent.len() < MAX_WORDS {
            self.plan.adjacent.push(sequence);
        }
        Ok(())
    }

    /// An excluded word or phrase, matched exactly.
    fn exclusion(&mut self, alt: &Alt) -> Result<()> {
        let quoted = Alt {
            text: alt.text.clone(),
            quoted: true,
        };
        if self.plan.exclusions.len() >= MAX_WORDS {
            self.left_out += 1;
        } else if let Some(u) = self.unit(&quoted)? {
            self.plan.exclusions.push(u);
        }
        Ok(())
    }
}

/// One unit, or `None` (with a notice) if nothing searchable is left.
fn unit(
    alt: &Alt,
    analyzer: &mut TextAnalyzer,
    thesaurus: &Thesaurus,
    corpus: &dyn Corpus,
    plan: &mut Plan,
) -> Result<Option<Unit>> {
    if !alt.text.chars().any(char::is_alphanumeric) {
        if !alt.text.trim().is_empty() {
            plan.notices
                .push(format!("ignored {:?}: no letters or digits", alt.text));
        }
        return Ok(None);
    }
    let Some(typed) = Form::new(analyzer, &alt.text, None)? else {
        plan.notices
            .push(format!("ignored {:?}: nothing to search for", alt.text));
        return Ok(None);
    };
    let mut forms = vec![typed];
    if !alt.quoted {
        let mut alternatives = thesaurus_alternatives(thesaurus, &forms[0].words);
        if let Some(kana) = katakana_spelling(&alt.text, &forms[0], analyzer, corpus)? {
            alternatives.insert(0, (kana, Relation::Same));
        }
        for (text, relation) in &alternatives {
            if forms.len() >= MAX_FORMS {
                break;
            }
            if let Some(f) = Form::new(analyzer, text, Some(*relation))? {
                if !forms.iter().any(|o| o.words == f.words) {
                    forms.push(f);
                }
            }
        }
        if !alternatives.is_empty() && !plan.expansions.iter().any(|e| e.word == alt.text) {
            plan.expansions.push(Expansion {
                word: alt.text.clone(),
                alternatives,
            });
        }
    }
    Ok(Some(Unit {
        label: alt.text.clone(),
        forms,
        quoted: alt.quoted,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::syntax as query;

    /// The bundled report's passages as one text, searched as Ctrl-F would.
    struct Report(String);

    fn fold(s: &str) -> String {
        unicode_normalization::UnicodeNormalization::nfkc(s)
            .flat_map(char::to_lowercase)
            .collect()
    }

    impl Corpus for Report {
        fn occurs(&self, form: &Form) -> bool {
            self.0.contains(&fold(&form.text))
        }
    }

    fn report() -> Report {
        let records = crate::report::bundled().unwrap();
        Report(fold(
            &records
                .iter()
                .map(|r| format!("{}\n{}", r.item, r.text))
                .collect::<Vec<_>>()
                .join("\n"),
        ))
    }

    fn planned(q: &str) -> Plan {
        let mut a = analysis::analyzer().unwrap();
        let t = Thesaurus::parse(thesaurus::BUNDLED, "bundled", &mut a).unwrap();
        plan(&query::parse(q), &mut a, &t, &report()).unwrap()
    }

    fn labels(p: &Plan) -> Vec<(String, bool)> {
        p.groups
            .iter()
            .map(|g| (g.units[0].label.clone(), g.required))
            .collect()
    }

    #[test]
    fn a_sentence_becomes_its_content_words() {
        let p = planned("テレワーク中の通話料の負担");
        assert_eq!(
            labels(&p),
            [
                ("テレワーク".to_string(), true),
                ("通話料".to_string(), true),
                ("負担".to_string(), true)
            ]
        );
        let p = planned("管理職向けのマネジメント研修を実施した");
        let l = labels(&p);
        assert!(l.contains(&("実施".to_string(), false)), "{l:?}");
        assert!(l.contains(&("研修".to_string(), true)), "{l:?}");
    }

    #[test]
    fn a_compound_the_thesaurus_knows_stays_whole() {
        let p = planned("超過勤務を減らすための取組");
        let l = labels(&p);
        assert_eq!(l[0], ("超過勤務".to_string(), true), "{l:?}");
        assert!(p.groups[0].units[0].forms.iter().any(|f| f.text == "残業"));
        assert!(l.contains(&("取組".to_string(), false)), "{l:?}");
        // Unknown compounds are cut into their pieces.
        let p = planned("マネジメント研修を実施した");
        let l = labels(&p);
        assert!(l.contains(&("マネジメント".to_string(), true)), "{l:?}");
        assert!(l.contains(&("研修".to_string(), true)), "{l:?}");
    }

    #[test]
    fn a_word_stays_whole() {
        let p = planned("働き方改革");
        assert_eq!(labels(&p), [("働き方改革".to_string(), true)]);
        assert_eq!(p.groups[0].units[0].forms[0].words, ["働く", "方", "改革"]);
        let p = planned("\"男性の育休\"");
        assert_eq!(labels(&p), [("男性の育休".to_string(), true)]);
    }

    #[test]
    fn the_thesaurus_adds_forms_and_says_so() {
        let p = planned("男性の育休");
        let unit = &p.groups[1].units[0];
        assert_eq!(unit.label, "育休");
        assert!(unit.forms.iter().any(|f| f.text == "育児休業"));
        assert_eq!(p.expansions.len(), 1);
        let p = planned("\"育休\"");
        assert_eq!(p.groups[0].units[0].forms.len(), 1, "quoted: not widened");
    }

    #[test]
    fn compounds_are_cut_into_pieces_katakana_words_are_not() {
        let mut a = analysis::analyzer().unwrap();
        let t = Thesaurus::parse(thesaurus::BUNDLED, "bundled", &mut a).unwrap();
        let corpus = report();
        let mut cut = |q: &str| -> Option<Vec<String>> {
            let p = plan(&query::parse(q), &mut a, &t, &corpus).unwrap();
            pieces(&p, &mut a, &t, &corpus)
                .unwrap()
                .map(|c| c.groups.iter().map(|g| g.units[0].label.clone()).collect())
        };
        assert_eq!(cut("両立支援"), Some(vec!["両立".into(), "支援".into()]));
        assert_eq!(
            cut("育休"),
            Some(vec!["育児".into(), "休業".into()]),
            "through 育児休業"
        );
        assert_eq!(cut("ペーパーレス"), None);
        assert_eq!(cut("ﾍﾟｰﾊﾟｰﾚｽ"), None);
        assert_eq!(cut("\"両立支援\""), None, "quoted: exact");
    }

    #[test]
    fn bigrams_of_each_form() {
        let p = planned("ﾃﾚﾜｰｸ");
        assert_eq!(
            p.groups[0].units[0].forms[0].bigrams,
            ["テレ", "レワ", "ワク"]
        );
        let p = planned("課");
        assert!(p.groups[0].units[0].forms[0].bigrams.is_empty());
    }
}
