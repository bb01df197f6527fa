//! Word forms: the token filter that makes inflected and differently spelled forms of one
//! word index as the same term.
//!
//! - Verbs and adjectives become their dictionary form (`取り組ん` → `取り組む`).
//! - Okurigana are dropped from nouns and verbs of two or more kanji, the way official
//!   writing abbreviates them, so `取り組み`, `取り組む`, `取組み` and `取組` all become `取組`
//!   and `見直し` / `見直す` become `見直`.
//! - A katakana word of four or more characters loses a final prolonged sound mark, so
//!   `マネージャー` and `マネージャ` match.
//!
//! The surface changes, offsets do not: highlights still cover the characters as written.

use std::borrow::Cow;

use lindera::token::Token;

use crate::domain::chars::{is_hiragana, is_kanji, is_katakana};
use lindera_analysis::token_filter::TokenFilter;

/// The filter, for lindera's token filter chain.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordForms;

impl TokenFilter for WordForms {
    fn name(&self) -> &'static str {
        "wlb_word_forms"
    }

    fn apply(&self, tokens: &mut Vec<Token<'_>>) -> lindera::LinderaResult<()> {
        for token in tokens.iter_mut() {
            // Reading a token's details from the dictionary is the costly part of analysis.
            // Only words with kana okurigana or inflection need them: all-kanji, katakana and
            // Latin words have no base form other than themselves, and a lone hiragana
            // character (a particle, an auxiliary) is the same in any form for search.
            let has_hiragana = token.surface.chars().any(is_hiragana);
            let lone = token.surface.chars().nth(1).is_none();
            if !has_hiragana || lone {
                if let Some(stem) = katakana_stem(&token.surface) {
                    token.surface = Cow::Owned(stem.to_string());
                }
                continue;
            }
            let pos = token.get_detail(0).unwrap_or("").to_string();
            let base = token
                .get_detail(6)
                .filter(|b| !b.is_empty() && *b != "*")
                .map(str::to_string);
            let mut form = match (pos.as_str(), base) {
                ("動詞" | "形容詞", Some(base)) => base,
                _ => token.surface.to_string(),
            };
            if matches!(pos.as_str(), "名詞" | "動詞") {
                if let Some(s) = skeleton(&form) {
                    form = s;
                }
            }
            if let Some(stem) = katakana_stem(&form) {
                form = stem.to_string();
            }
            if form != token.surface {
                token.surface = Cow::Owned(form);
            }
        }
        Ok(())
    }
}

/// The kanji of a word written in kanji and okurigana, if it has at least two kanji.
fn skeleton(word: &str) -> Option<String> {
    let kanji = word.chars().filter(|&c| is_kanji(c)).count();
    let all_written = word.chars().all(|c| is_kanji(c) || is_hiragana(c));
    let has_kana = word.chars().any(is_hiragana);
    (kanji >= 2 && all_written && has_kana).then(|| word.chars().filter(|&c| is_kanji(c)).collect())
}

/// A katakana word of four or more characters without its final prolonged sound mark; `None`
/// when `word` is not one or has no such mark.
fn katakana_stem(word: &str) -> Option<&str> {
    (word.ends_with('ー') && word.chars().nth(3).is_some() && word.chars().all(is_katakana))
        .then(|| word.trim_end_matches('ー'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons() {
        assert_eq!(skeleton("取り組み").as_deref(), Some("取組"));
        assert_eq!(skeleton("取組み").as_deref(), Some("取組"));
        assert_eq!(skeleton("見直す").as_deref(), Some("見直"));
        assert_eq!(skeleton("働き"), None, "one kanji: kept");
        assert_eq!(skeleton("取組"), None, "no okurigana: kept");
        assert_eq!(skeleton("テレワーク"), None);
    }

    #[test]
    fn katakana_stems() {
        assert_eq!(katakana_stem("マネージャー"), Some("マネージャ"));
        assert_eq!(katakana_stem("サーバー"), Some("サーバ"));
        assert_eq!(katakana_stem("ルール"), None);
        assert_eq!(katakana_stem("ワー"), None, "short words keep the mark");
        assert_eq!(katakana_stem("ハイー"), None, "three keep it");
    }
}
