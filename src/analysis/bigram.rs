//! The character-bigram analyzer: overlapping pairs of characters over the same NFKC,
//! lowercased text the morphological analyzer sees.
//!
//! Bigrams find words however the dictionary splits them: `テレワーク` inside
//! `テレワークマネジメント`, or where IPADIC cuts it `テレ|ワーク`. Letters, digits, kana and
//! kanji form runs; anything else (space, punctuation, `・`) ends a run, and a gap of two
//! positions keeps a phrase from spanning it, even a phrase of every other bigram ([`cover`]).
//! A run of one character is indexed as that character. A
//! prolonged sound mark after katakana is dropped (`マネージャー` ≈ `マネジャー`).
//! Offsets point into the original text.

use rustc_hash::FxHashSet;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

use super::nfkc::keeps;
use crate::domain::chars::is_katakana;

/// A normalised character and the byte range of the original text it came from.
#[derive(Debug, Clone, Copy, Default)]
struct Char {
    c: char,
    from: usize,
    to: usize,
}

/// Normalises `text` character by character (a character with the combining marks that
/// follow it, so `ﾃﾞ` becomes `デ`), giving each result and its source range to `f`.
fn normalise(text: &str, mut f: impl FnMut(Char)) {
    let mut chars = text.char_indices();
    let mut next = chars.next();
    let mut chunk = String::new();
    while let Some((from, c)) = next {
        next = chars.next();
        let mut to = from + c.len_utf8();
        if !next.is_some_and(|(_, n)| is_combining(n)) {
            let one = if keeps(c) {
                // Most of the report: NFKC and lowercase leave it as it is.
                Some(c.to_ascii_lowercase())
            } else {
                single(c)
            };
            if let Some(c) = one {
                f(Char { c, from, to });
                continue;
            }
        }
        chunk.clear();
        chunk.push(c);
        while let Some((i, n)) = next.filter(|&(_, n)| is_combining(n)) {
            chunk.push(n);
            to = i + n.len_utf8();
            next = chars.next();
        }
        for n in chunk.nfkc().flat_map(char::to_lowercase) {
            f(Char { c: n, from, to });
        }
    }
}

/// Characters whose normal form, alone, [`single`] remembers: punctuation, symbols and
/// full-width forms (、。・「」（）①…), most of what is not kana, kanji or ASCII in a report.
const REMEMBERED: [std::ops::Range<u32>; 2] = [0x2000..0x3100, 0xFF00..0xFFF0];

/// What NFKC and lowercasing make of `c` alone, when that is one character: worked out once
/// per character in [`REMEMBERED`] (the same steps as for any other), then remembered.
fn single(c: char) -> Option<char> {
    use std::sync::atomic::{AtomicU32, Ordering};
    /// Per character: 0 not worked out yet, `u32::MAX` not one character, else the
    /// character plus one.
    static MEMO: [[AtomicU32; 0x1100]; 2] = [const { [const { AtomicU32::new(0) }; 0x1100] }; 2];
    let code = u32::from(c);
    let (table, range) = MEMO
        .iter()
        .zip(&REMEMBERED)
        .find(|(_, r)| r.contains(&code))?;
    let slot = &table[(code - range.start) as usize];
    let known = slot.load(Ordering::Relaxed);
    if known != 0 {
        return (known != u32::MAX)
            .then(|| char::from_u32(known - 1))
            .flatten();
    }
    let alone = c.to_string();
    let mut out = alone.nfkc().flat_map(char::to_lowercase);
    let one = match (out.next(), out.next()) {
        (Some(n), None) => Some(n),
        _ => None,
    };
    slot.store(
        one.map_or(u32::MAX, |n| u32::from(n) + 1),
        Ordering::Relaxed,
    );
    one
}

fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}' | '\u{0300}'..='\u{036F}'
    )
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Kana, the prolonged sound mark and CJK ideographs, without Unicode's tables.
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
        || (c.is_alphanumeric() && c != '・')
}

/// Positions left empty after a run. Two, so that bigrams two positions apart are always
/// in one run (see [`cover`]).
const RUN_GAP: usize = 2;

/// The bigrams (by their place in the word's bigrams) that a phrase query needs to find a
/// word of `n` bigrams: every other one, and the last. Consecutive bigrams overlap by one
/// character, so bigram `i` and bigram `i + 2` at positions two apart spell characters
/// `i..i + 4` (they are in one run: runs are [`RUN_GAP`] apart), and the cover spells the whole
/// word wherever it matches. `マネジメント研修`: マネ, ジメ, ント, 研修 instead of seven bigrams,
/// so a phrase reads the positions of four terms, not seven.
pub fn cover(n: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (0..n).step_by(2).collect();
    if n > 1 && (n - 1) % 2 == 1 {
        out.push(n - 1);
    }
    out
}

/// The bigram tokens of `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each(text, &mut |t| out.push(t.clone()));
    out
}

/// Gives each bigram token of `text` to `f`, in order, in one reused token.
pub(crate) fn each(text: &str, f: &mut dyn FnMut(&Token)) {
    let mut token = Token::default();
    grams(text, |chars: &[Char], position| {
        fill(&mut token, chars, position);
        f(&token);
    });
}

/// Gives the characters of each bigram token of `text` (one or two) and its position to `f`,
/// in order.
fn grams<F: FnMut(&[Char], usize)>(text: &str, mut f: F) {
    let mut run = Run::default();
    normalise(text, |ch| {
        if !is_word_char(ch.c) {
            run.end(&mut f);
            return;
        }
        if ch.c == 'ー' {
            if let Some(last) = run.last().filter(|p| is_katakana(p.c)) {
                // After katakana a prolonged sound mark is dropped; its character reaches over it.
                last.to = ch.to;
                return;
            }
        }
        run.push(ch, &mut f);
    });
    run.end(&mut f);
}

/// The run of word characters being read: its last two characters, each bigram given away
/// once the character after it is read (a prolonged sound mark may still stretch it).
#[derive(Default)]
struct Run {
    last: [Char; 2],
    len: usize,
    position: usize,
}

impl Run {
    fn last(&mut self) -> Option<&mut Char> {
        match self.len {
            0 => None,
            1 => Some(&mut self.last[0]),
            _ => Some(&mut self.last[1]),
        }
    }

    fn push<F: FnMut(&[Char], usize)>(&mut self, ch: Char, f: &mut F) {
        match self.len {
            0 => self.last[0] = ch,
            1 => self.last[1] = ch,
            _ => {
                f(&self.last, self.position);
                self.position += 1;
                self.last = [self.last[1], ch];
            }
        }
        self.len += 1;
    }

    /// Gives away what is left of the run (its last bigram, or its one character).
    fn end<F: FnMut(&[Char], usize)>(&mut self, f: &mut F) {
        if self.len == 0 {
            return;
        }
        let chars = if self.len == 1 {
            &self.last[..1]
        } else {
            &self.last[..]
        };
        f(chars, self.position);
        self.position += 1 + RUN_GAP; // phrases do not cross runs
        self.len = 0;
    }
}

/// The bigram tokens of `text` as the crate's [`super::Token`]s (for highlighting).
pub fn analyze(text: &str) -> Vec<super::Token> {
    let mut out = Vec::new();
    each(text, &mut |t| out.push(token(t)));
    out
}

/// Bigram tokens looked for, by their characters: a text's other bigrams are passed over
/// without being spelt out.
#[derive(Debug, Default)]
pub struct Wanted {
    keys: FxHashSet<u64>,
    /// A bit for each first and each second character of a wanted bigram (the character's
    /// code modulo 64): most pairs of a text are refused by these before the set is asked.
    firsts: u64,
    seconds: u64,
}

impl Wanted {
    pub fn new<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Wanted {
        let mut wanted = Wanted {
            keys: FxHashSet::default(),
            firsts: 0,
            seconds: 0,
        };
        for t in tokens {
            let mut chars = t.chars();
            let (Some(first), second, None) = (chars.next(), chars.next(), chars.next()) else {
                continue;
            };
            wanted.keys.insert(key(first, second));
            wanted.firsts |= bit(first);
            wanted.seconds |= second.map_or(0, bit);
        }
        wanted
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn has(&self, chars: &[Char]) -> bool {
        let second = chars.get(1).map(|c| c.c);
        self.firsts & bit(chars[0].c) != 0
            && second.is_none_or(|c| self.seconds & bit(c) != 0)
            && self.keys.contains(&key(chars[0].c, second))
    }
}

fn bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

fn key(first: char, second: Option<char>) -> u64 {
    (u64::from(u32::from(first)) << 32)
        | second.map_or(u64::from(u32::MAX), |c| u64::from(u32::from(c)))
}

/// The bigram tokens of `text` that are `wanted`, positions as in all of them (so a phrase of
/// wanted tokens is still found where its positions follow each other).
pub fn analyze_among(text: &str, wanted: &Wanted) -> Vec<super::Token> {
    let mut out = Vec::new();
    let mut t = Token::default();
    grams(text, |chars: &[Char], position| {
        if wanted.has(chars) {
            fill(&mut t, chars, position);
            out.push(token(&t));
        }
    });
    out
}

fn token(t: &Token) -> super::Token {
    super::Token {
        text: t.text.clone(),
        from: t.offset_from,
        to: t.offset_to,
        position: t.position,
    }
}

fn fill(token: &mut Token, chars: &[Char], position: usize) {
    token.offset_from = chars[0].from;
    token.offset_to = chars[chars.len() - 1].to;
    token.position = position;
    token.position_length = 1;
    token.text.clear();
    token.text.extend(chars.iter().map(|c| c.c));
}

/// The tantivy tokenizer.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer;

/// Stream over precomputed tokens.
pub struct BigramStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        BigramStream {
            tokens: tokens(text),
            next: 0,
        }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.text).collect()
    }

    /// Every character through NFKC, with the combining marks after it: what [`normalise`]
    /// must give, its shortcuts aside.
    fn normalised_the_long_way(text: &str) -> Vec<(char, usize, usize)> {
        let mut out = Vec::new();
        let mut iter = text.char_indices().peekable();
        while let Some((from, c)) = iter.next() {
            let mut chunk = c.to_string();
            let mut to = from + c.len_utf8();
            while let Some(&(i, n)) = iter.peek().filter(|(_, n)| is_combining(*n)) {
                chunk.push(n);
                to = i + n.len_utf8();
                iter.next();
            }
            out.extend(
                chunk
                    .nfkc()
                    .flat_map(char::to_lowercase)
                    .map(|n| (n, from, to)),
            );
        }
        out
    }

    fn normalised(text: &str) -> Vec<(char, usize, usize)> {
        let mut out = Vec::new();
        normalise(text, |ch| out.push((ch.c, ch.from, ch.to)));
        out
    }

    #[test]
    fn shortcuts_normalise_as_nfkc_does() {
        let report = include_str!("../../data/wlb-followup-r5.txt");
        assert_eq!(normalised(report), normalised_the_long_way(report));
        // Each remembered character alone, beside kana, and before a combining mark; twice,
        // so that the second time it is remembered.
        for _ in 0..2 {
            for range in REMEMBERED {
                let mut text = String::new();
                for c in range.filter_map(char::from_u32) {
                    text.extend([c, 'か', c, 'ｶ', '\u{FF9E}', c, '\u{3099}', 'Ａ']);
                }
                assert_eq!(normalised(&text), normalised_the_long_way(&text));
            }
        }
    }

    #[test]
    fn the_fast_word_character_test_agrees_with_unicode() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() && c != '・',
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn bigrams_kept_among_some_keep_their_positions() {
        let all = analyze("部下職員に対してテレワークの積極的な");
        let wanted = ["テレ", "レワ", "ワク"];
        let some = analyze_among(
            "部下職員に対してテレワークの積極的な",
            &Wanted::new(wanted.iter().copied().chain(["ワ", "テレワ"])),
        );
        let expected: Vec<_> = all
            .iter()
            .filter(|t| wanted.contains(&t.text.as_str()))
            .collect();
        assert_eq!(some.len(), 3);
        for (a, b) in some.iter().zip(expected) {
            assert_eq!(
                (&a.text, a.from, a.to, a.position),
                (&b.text, b.from, b.to, b.position)
            );
        }
    }

    #[test]
    fn pairs_within_runs() {
        assert_eq!(texts("テレワーク"), ["テレ", "レワ", "ワク"]);
        assert_eq!(texts("ﾃﾚﾜｰｸ"), texts("テレワーク"));
        assert_eq!(texts("１ｏｎ１"), ["1o", "on", "n1"]);
        assert_eq!(texts("育休・DX"), ["育休", "dx"]);
        assert_eq!(texts("課"), ["課"]);
        assert_eq!(texts("マネージャー"), texts("マネジャ"));
        assert_eq!(texts("ﾃﾞｼﾞﾀﾙ"), texts("デジタル"));
    }

    #[test]
    fn the_fast_path_normalises_as_nfkc_does() {
        for c in super::super::nfkc::kept_chars() {
            let slow: String = c.to_string().nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(slow, c.to_ascii_lowercase().to_string(), "{c:?}");
        }
    }

    #[test]
    fn runs_leave_a_gap() {
        let t = tokens("育休、取得");
        assert_eq!(t[0].position + 3, t[1].position);
    }

    #[test]
    fn the_cover_is_every_other_bigram_and_the_last() {
        assert_eq!(cover(0), Vec::<usize>::new());
        assert_eq!(cover(1), [0]);
        assert_eq!(cover(2), [0, 1]);
        assert_eq!(cover(3), [0, 2]);
        assert_eq!(cover(4), [0, 2, 3]);
        assert_eq!(cover(7), [0, 2, 4, 6]);
        for n in 1..40 {
            let c = cover(n);
            assert_eq!((c[0], *c.last().unwrap()), (0, n - 1));
            assert!(c.windows(2).all(|w| w[1] > w[0] && w[1] - w[0] <= 2));
        }
    }

    /// Where `word`'s bigrams are found in `text` as a phrase: all of them, or only its cover.
    fn phrase_starts(text: &str, word: &str, cover_only: bool) -> Vec<usize> {
        let grams: Vec<String> = texts(word);
        let at: Vec<(usize, String)> = tokens(text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        let picked: Vec<usize> = if cover_only {
            cover(grams.len())
        } else {
            (0..grams.len()).collect()
        };
        let mut starts: Vec<usize> = at
            .iter()
            .map(|(p, _)| *p)
            .filter(|&p| {
                picked
                    .iter()
                    .all(|&i| at.contains(&(p + i, grams[i].clone())))
            })
            .collect();
        starts.dedup();
        starts
    }

    #[test]
    fn a_cover_matches_exactly_where_every_bigram_does() {
        let words = [
            "マネジメント研修",
            "テレワーク",
            "1on1",
            "ヒアリング",
            "育児休業",
            "両立支援制度",
        ];
        let texts = [
            "管理職向けのマネジメント研修を実施した。",
            "マネ・ジメント研修、マネジ・メント研修、マネジメ ント研修",
            "マネジメント・研修、マネジメント研 修、マ・ネ・ジ・メ・ン・ト・研・修",
            "テレ・ワーク、テレワ・ク、テレワーク、テ・レ・ワ・ク",
            "1 on 1、1on 1、1on1、1o n1",
            "ヒア・リング、ヒアリ・ング、ヒアリング、ヒ・アリング",
            "育児・休業、育児休・業、育児休業、育・児・休・業、育児、休業",
            "両立・支援制度、両立支援・制度、両立支援制度、両・立支援制・度",
        ];
        let mut found = 0;
        for word in words {
            for text in texts {
                let all = phrase_starts(text, word, false);
                assert_eq!(phrase_starts(text, word, true), all, "{word} in {text}");
                found += all.len();
            }
        }
        assert!(found >= 6, "the texts hold the words: {found}");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let original = "在宅でﾃﾚﾜｰｸと１ｏｎ１、マネージャー";
        for t in tokens(original) {
            let slice = &original[t.offset_from..t.offset_to];
            let again: String = tokens(slice).into_iter().map(|t| t.text).collect();
            assert_eq!(again, t.text, "{t:?} maps to {slice:?}");
        }
    }
}
