//! Snippets as data: a fragment of a passage plus highlight ranges, counted in characters.
//!
//! Matching works on analyzed tokens (so `１ｏｎ１` in a query highlights `1on1` in the text),
//! and ranges come from the tokens' offsets into the original text. Turning ranges into color,
//! brackets, JSON or HTML is the presentation layer's job.

use serde::{Deserialize, Serialize};

use crate::analysis::Token;

/// Characters of context shown before the first highlight.
const LEAD: usize = 24;

/// A fragment of a text with highlights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snippet {
    /// The fragment; line breaks are shown as spaces (one character each, so offsets hold).
    pub text: String,
    /// Character offset of the fragment in the full text.
    pub start: usize,
    /// Whether text was cut before / after the fragment.
    pub cut_before: bool,
    pub cut_after: bool,
    /// Highlighted ranges, `[from, to)` in characters within `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// Where one of the phrases searched for occurs in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Which phrase (index into the phrases searched for).
    pub phrase: usize,
    /// Byte range in the text.
    pub from: usize,
    pub to: usize,
}

/// Where one of `phrases` (token-text sequences) occurs in `tokens`' text, in text order.
pub fn find(tokens: &[Token], phrases: &[Vec<String>]) -> Vec<Match> {
    let mut out = Vec::new();
    for (p, phrase) in phrases.iter().enumerate() {
        if phrase.is_empty() || phrase.len() > tokens.len() {
            continue;
        }
        for i in 0..=tokens.len() - phrase.len() {
            if tokens[i].text != phrase[0] {
                continue;
            }
            let window = &tokens[i..i + phrase.len()];
            let consecutive = window
                .windows(2)
                .all(|w| w[1].position == w[0].position + 1);
            if consecutive && window.iter().zip(phrase).all(|(t, q)| t.text == *q) {
                out.push(Match {
                    phrase: p,
                    from: window[0].from,
                    to: window[window.len() - 1].to,
                });
            }
        }
    }
    out.sort_by_key(|m| (m.from, m.to));
    out
}

/// Character offset of byte offset `byte` in `text`.
fn char_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

/// Merges overlapping or touching ranges.
fn merge(mut ranges: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    ranges.sort_unstable();
    let mut out: Vec<[usize; 2]> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r[0] <= last[1] => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}

/// Highlight ranges over the whole of `text`, in characters.
pub fn highlights(text: &str, matches: &[Match]) -> Vec<[usize; 2]> {
    merge(
        matches
            .iter()
            .map(|m| [char_at(text, m.from), char_at(text, m.to)])
            .collect(),
    )
}

/// The best fragment of at most `width` characters: the one showing the most different
/// query words, then the most matches, then the earliest.
pub fn best(text: &str, matches: &[Match], width: usize) -> Snippet {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let total = chars.len();
    let spans: Vec<(usize, [usize; 2])> = matches
        .iter()
        .map(|m| (m.phrase, [char_at(text, m.from), char_at(text, m.to)]))
        .collect();
    let mut start = 0;
    let mut best_score = (0usize, 0usize);
    for &(_, [s, _]) in &spans {
        let candidate = s.saturating_sub(LEAD).min(total.saturating_sub(width));
        let end = candidate + width;
        let inside: Vec<&(usize, [usize; 2])> = spans
            .iter()
            .filter(|(_, [a, b])| *a >= candidate && *b <= end)
            .collect();
        let mut distinct: Vec<usize> = inside.iter().map(|(p, _)| *p).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let score = (distinct.len(), inside.len());
        if score > best_score {
            best_score = score;
            start = candidate;
        }
    }
    let mut end = (start + width).min(total);
    // A match that the cut would halve is shown whole.
    if let Some(&(_, [_, b])) = spans.iter().find(|(_, [a, b])| *a < end && *b > end) {
        end = b.min(total);
    }
    let highlights = merge(
        spans
            .iter()
            .filter(|(_, [a, b])| *a >= start && *b <= end)
            .map(|(_, [a, b])| [a - start, b - start])
            .collect(),
    );
    Snippet {
        text: chars[start..end].iter().collect(),
        start,
        cut_before: start > 0,
        cut_after: end < total,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(phrase: usize, from: usize, to: usize) -> Match {
        Match { phrase, from, to }
    }

    fn tok(text: &str, from: usize, to: usize, position: usize) -> Token {
        Token {
            text: text.into(),
            from,
            to,
            position,
        }
    }

    #[test]
    fn phrases_match_consecutive_tokens_only() {
        // "1on1と1" → 1 | on | 1 | と | 1
        let t = vec![
            tok("1", 0, 1, 0),
            tok("on", 1, 3, 1),
            tok("1", 3, 4, 2),
            tok("と", 4, 7, 3),
            tok("1", 7, 8, 4),
        ];
        let m = find(&t, &[vec!["1".into(), "on".into(), "1".into()]]);
        assert_eq!(
            m,
            vec![Match {
                phrase: 0,
                from: 0,
                to: 4
            }]
        );
    }

    #[test]
    fn fragments_count_characters_not_bytes() {
        let text = "あ".repeat(200) + "テレワーク" + &"い".repeat(200);
        let from = "あ".len() * 200;
        let to = from + "テレワーク".len();
        let s = best(&text, &[m(0, from, to)], 50);
        assert_eq!(s.text.chars().count(), 50);
        assert_eq!(s.start, 200 - LEAD);
        assert_eq!(s.highlights, vec![[LEAD, LEAD + 5]]);
        let hl: String = s.text.chars().skip(LEAD).take(5).collect();
        assert_eq!(hl, "テレワーク");
        assert!(s.cut_before && s.cut_after);
    }

    #[test]
    fn a_match_at_the_cut_is_shown_whole() {
        let text = "あ".repeat(60) + "テレワーク";
        let from = "あ".len() * 60;
        let s = best(&text, &[m(0, 0, 3), m(1, from, text.len())], 62);
        assert_eq!(s.text.chars().count(), 65);
        assert_eq!(s.highlights, vec![[0, 1], [60, 65]]);
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = best("短い文。", &[], 50);
        assert_eq!(s.text, "短い文。");
        assert!(s.highlights.is_empty() && !s.cut_after);
    }
}
