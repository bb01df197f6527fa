//! The Japanese analyzer: IPADIC morphological segmentation (lindera) with NFKC
//! normalisation and lowercasing, used alike on documents and queries.
//!
//! NFKC runs as a lindera character filter *before* segmentation, so `ﾃﾚﾜｰｸ` is segmented as
//! `テレワーク` and `１ｏｎ１` as `1on1`; lindera maps token offsets back to the original text,
//! so highlights land on the characters the user sees. No token is dropped for its length.
//!
//! This module only turns text into tokens; what to do with them is for `index` and `search`.

mod dictionary;

use std::sync::OnceLock;

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_analysis::character_filter::mapping::MappingCharacterFilter;
use lindera_analysis::character_filter::unicode_normalize::{
    UnicodeNormalizeCharacterFilter, UnicodeNormalizeKind,
};
use lindera_analysis::token_filter::lowercase::LowercaseTokenFilter;
use lindera_tantivy::tokenizer::LinderaTokenizer;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::error::{Error, Result};

/// The name the analyzer is registered under in the index. Change it whenever the analysis
/// changes: an index built with another name is refused as "from another version".
pub const ANALYZER: &str = "ja_ipadic_nfkc_v2";

/// One token: its normalised text, byte offsets into the original text, and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub from: usize,
    pub to: usize,
    pub position: usize,
}

fn tokenizer() -> Result<LinderaTokenizer> {
    static SEGMENTER: OnceLock<std::result::Result<Segmenter, String>> = OnceLock::new();
    let segmenter = SEGMENTER
        .get_or_init(|| {
            let dictionary = dictionary::load().map_err(|e| e.to_string())?;
            Ok(Segmenter::new(Mode::Normal, dictionary, None))
        })
        .clone()
        .map_err(Error::Dictionary)?;
    // IPADIC counts the middle dot as katakana, so `・テレワーク` and `業務効率化・デジタル化`
    // would keep it inside one unknown word and テレワーク / デジタル would not match them. It
    // becomes a separator (same byte length, so offsets do not move).
    let middle_dot = MappingCharacterFilter::new([("・".to_string(), "、".to_string())].into())
        .map_err(|e| Error::Dictionary(e.to_string()))?;
    let mut tokenizer = LinderaTokenizer::from_segmenter(segmenter);
    tokenizer
        .append_character_filter(
            UnicodeNormalizeCharacterFilter::new(UnicodeNormalizeKind::NFKC).into(),
        )
        .append_character_filter(middle_dot.into())
        .append_token_filter(LowercaseTokenFilter::new().into());
    Ok(tokenizer)
}

/// The analyzer to register with tantivy under [`ANALYZER`].
pub fn analyzer() -> Result<TextAnalyzer> {
    Ok(TextAnalyzer::from(tokenizer()?))
}

/// Analyzes `text` into tokens.
///
/// lindera-tantivy unwraps lindera's result internally; lindera only fails on a broken
/// dictionary, but query text comes from users, so a panic is caught and reported as an error
/// rather than taking the process down.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Result<Vec<Token>> {
    let run = std::panic::AssertUnwindSafe(|| {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let t = stream.token();
            tokens.push(Token {
                text: t.text.clone(),
                from: t.offset_from,
                to: t.offset_to,
                position: t.position,
            });
        }
        tokens
    });
    std::panic::catch_unwind(run)
        .map_err(|_| Error::Dictionary(format!("the analyzer failed on {text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        let mut a = analyzer().unwrap();
        analyze(&mut a, s)
            .unwrap()
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn nfkc_and_lowercase_before_segmentation() {
        assert_eq!(texts("ﾃﾚﾜｰｸ"), vec!["テレワーク"]);
        assert_eq!(texts("１ｏｎ１"), texts("1on1"));
        assert_eq!(texts("1on1"), vec!["1", "on", "1"]);
        assert_eq!(texts("ＧＳＳ"), vec!["gss"]);
        assert_eq!(texts("Teams"), vec!["teams"]);
        assert_eq!(texts("働き方改革"), vec!["働き", "方", "改革"]);
    }

    #[test]
    fn the_middle_dot_separates_words() {
        assert_eq!(texts("・テレワーク推進"), vec!["、", "テレワーク", "推進"]);
        assert!(texts("業務効率化・デジタル化").contains(&"デジタル".to_string()));
        assert_eq!(texts("ｶﾞﾊﾞﾒﾝﾄ･ｿﾘｭｰｼｮﾝ"), texts("ガバメント・ソリューション"));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let mut a = analyzer().unwrap();
        let original = "在宅でﾃﾚﾜｰｸと１ｏｎ１";
        for t in analyze(&mut a, original).unwrap() {
            let slice = &original[t.from..t.to];
            let normalised: String = unicode_normalization::UnicodeNormalization::nfkc(slice)
                .collect::<String>()
                .to_lowercase();
            assert_eq!(normalised, t.text, "token {t:?} maps to {slice:?}");
        }
    }

    #[test]
    fn long_tokens_are_kept() {
        let long = "ワークライフバランス推進強化月間取組計画等フォローアップ".repeat(3);
        let joined: String = texts(&long).concat();
        assert_eq!(joined, long);
    }
}
