//! The Japanese analyzer: IPADIC morphological segmentation (lindera) with NFKC
//! normalisation and lowercasing, used alike on documents and queries.
//!
//! NFKC runs as a lindera character filter *before* segmentation, so `ﾃﾚﾜｰｸ` is segmented as
//! `テレワーク` and `１ｏｎ１` as `1on1`; lindera maps token offsets back to the original text,
//! so highlights land on the characters the user sees. No token is dropped for its length.
//!
//! A [`WordForms`](forms::WordForms) filter then folds inflections and okurigana (`取り組み`,
//! `取組` → `取組`). A second analyzer, [`bigram`], indexes overlapping character pairs of the
//! same normalised text. [`words`] gives the query side each token's part of speech, so a
//! sentence can be reduced to its content words.
//!
//! This module only turns text into tokens; what to do with them is for `index` and `search`.

mod bigram;
mod dictionary;
mod forms;
mod morph;
mod nfkc;
mod stored;

pub use bigram::{
    analyze as bigrams, analyze_among as bigrams_among, cover as bigram_cover,
    tokens as bigram_tokens, Wanted as WantedBigrams,
};
pub(crate) use stored::{decode as stored_tokens, Encoder as StoredTokens};

use std::sync::OnceLock;

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_analysis::character_filter::mapping::MappingCharacterFilter;
use lindera_analysis::character_filter::BoxCharacterFilter;
use lindera_analysis::token_filter::lowercase::LowercaseTokenFilter;
use lindera_analysis::token_filter::BoxTokenFilter;
use lindera_analysis::tokenizer::Tokenizer as LinderaAnalysis;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::error::ErrorKind;

/// The analyzer could not be set up or failed on a text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot load the Japanese dictionary: {0}")]
    Dictionary(String),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Dictionary(_) => ErrorKind::Internal,
        }
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// The name the analyzer is registered under in the index. Change it whenever the analysis
/// changes: an index built with another name is refused as "from another version".
pub const ANALYZER: &str = "ja_ipadic_nfkc_forms_v3";
/// The name the bigram analyzer is registered under (same rule).
pub(crate) const BIGRAM_ANALYZER: &str = "ja_bigram_nfkc_v2";

/// One token: its normalised text, byte offsets into the original text, and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub from: usize,
    pub to: usize,
    pub position: usize,
}

/// The character filters and token filters of the morphological analysis, in order.
fn filters() -> Result<(Vec<BoxCharacterFilter>, Vec<BoxTokenFilter>)> {
    // IPADIC counts the middle dot as katakana, so `・テレワーク` and `業務効率化・デジタル化`
    // would keep it inside one unknown word and テレワーク / デジタル would not match them. It
    // becomes a separator (same byte length, so offsets do not move).
    let middle_dot = MappingCharacterFilter::new([("・".to_string(), "、".to_string())].into())
        .map_err(|e| Error::Dictionary(e.to_string()))?;
    Ok((
        vec![nfkc::Nfkc.into(), middle_dot.into()],
        vec![forms::WordForms.into(), LowercaseTokenFilter::new().into()],
    ))
}

/// The analyzer to register with tantivy under [`ANALYZER`]. Copies share the dictionary
/// and each keeps its own working memory.
pub fn analyzer() -> Result<TextAnalyzer> {
    Ok(TextAnalyzer::from(morph::Morphological::new(lindera()?)))
}

/// The tokens of `text` that can be searched for: those with a letter or digit (punctuation
/// is indexed, but a query never asks for it).
pub(crate) fn searchable_words(analyzer: &mut TextAnalyzer, text: &str) -> Result<Vec<String>> {
    Ok(analyze(analyzer, text)?
        .into_iter()
        .map(|t| t.text)
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .collect())
}

/// The bigram analyzer to register with tantivy under [`BIGRAM_ANALYZER`].
pub(crate) fn bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(bigram::BigramTokenizer)
}

/// What a word does in a sentence, from its part of speech: the query side keeps content
/// words and drops the rest when a query is written as a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Nouns, verbs, adjectives, unknown words, numbers: what a passage is about.
    Content,
    /// A suffix (`料`, `化`, `職`) that belongs to the word before it.
    Suffix,
    /// A prefix (`各`, `全`) that belongs to the word after it.
    Prefix,
    /// Particles, auxiliaries, symbols, pronouns, light verbs (`する`, `なる`), temporal
    /// suffixes (`中`, `時`): no content of their own.
    Function,
}

/// A token with its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub token: Token,
    pub role: Role,
}

/// Verbs that carry no content of their own.
const LIGHT_VERBS: &[&str] = &[
    "する",
    "なる",
    "ある",
    "いる",
    "できる",
    "れる",
    "られる",
    "せる",
    "させる",
    "行う",
    "図る",
    "おこなう",
    "くる",
    "いく",
    "おく",
    "みる",
];

fn role(details: &[&str]) -> Role {
    let pos = details.first().copied().unwrap_or("");
    let sub = details.get(1).copied().unwrap_or("");
    let sub2 = details.get(2).copied().unwrap_or("");
    let base = details.get(6).copied().unwrap_or("");
    match pos {
        "助詞" | "助動詞" | "記号" | "フィラー" | "接続詞" | "連体詞" | "感動詞" | "副詞" => {
            Role::Function
        }
        "名詞" if matches!(sub, "非自立" | "代名詞") => Role::Function,
        "名詞" if sub == "接尾" && sub2 == "副詞可能" => Role::Function,
        "名詞" if sub == "接尾" => Role::Suffix,
        "動詞" if matches!(sub, "非自立" | "接尾") || LIGHT_VERBS.contains(&base) => {
            Role::Function
        }
        "形容詞" if sub == "非自立" => Role::Function,
        "接頭詞" => Role::Prefix,
        _ => Role::Content,
    }
}

/// lindera's analysis with the filters of [`analyzer`], shared by all threads, on the
/// dictionary loaded for a few texts (see `dictionary`).
fn lindera() -> Result<&'static LinderaAnalysis> {
    static TOKENIZER: OnceLock<std::result::Result<LinderaAnalysis, String>> = OnceLock::new();
    TOKENIZER
        .get_or_init(|| with_filters(dictionary::load_light()?))
        .as_ref()
        .map_err(|e| Error::Dictionary(e.clone()))
}

/// The same analysis on the dictionary loaded for many texts (an index build).
fn lindera_bulk() -> Result<&'static LinderaAnalysis> {
    static TOKENIZER: OnceLock<std::result::Result<LinderaAnalysis, String>> = OnceLock::new();
    TOKENIZER
        .get_or_init(|| with_filters(dictionary::load().map_err(|e| e.to_string())?))
        .as_ref()
        .map_err(|e| Error::Dictionary(e.clone()))
}

/// Loads the dictionary an index build analyses with (once per process), so that it can load
/// on a core that would otherwise wait, while the input is read.
pub fn load_for_build() -> Result<()> {
    lindera_bulk().map(|_| ())
}

fn with_filters(
    dictionary: lindera_dictionary::dictionary::Dictionary,
) -> std::result::Result<LinderaAnalysis, String> {
    let mut t = LinderaAnalysis::new(Segmenter::new(Mode::Normal, dictionary, None));
    let (chars, tokens) = filters().map_err(|e| e.to_string())?;
    for f in chars {
        t.append_character_filter(f);
    }
    for f in tokens {
        t.append_token_filter(f);
    }
    Ok(t)
}

/// Analyses text after text as [`analyzer`] does, for an index build: it keeps the
/// segmenter's working memory between texts, and hands each token over without copying it.
pub(crate) struct Batch {
    lattice: lindera_dictionary::viterbi::Lattice,
}

/// A token as [`Batch`] hands it over.
pub(crate) struct Term<'a> {
    pub text: &'a str,
    /// Byte offsets into the original text.
    pub from: usize,
    pub to: usize,
    pub position: usize,
    pub position_length: usize,
}

impl Batch {
    pub(crate) fn new() -> Batch {
        Batch {
            lattice: Default::default(),
        }
    }

    /// The morphological tokens of `text`, in order, as the index has them.
    pub(crate) fn words(&mut self, text: &str, f: &mut dyn FnMut(Term)) -> Result<()> {
        let tokenizer = lindera_bulk()?;
        let run = std::panic::AssertUnwindSafe(|| {
            tokenizer
                .tokenize_with_lattice(text, &mut self.lattice)
                .map(|tokens| {
                    for t in &tokens {
                        f(Term {
                            text: &t.surface,
                            from: t.byte_start,
                            to: t.byte_end,
                            position: t.position,
                            position_length: t.position_length,
                        });
                    }
                })
        });
        std::panic::catch_unwind(run)
            .map_err(|_| Error::Dictionary(format!("the analyzer failed on {text:?}")))?
            .map_err(|e| Error::Dictionary(e.to_string()))
    }

    /// The bigram tokens of `text`, in order, as the index has them.
    pub(crate) fn bigrams(&mut self, text: &str, f: &mut dyn FnMut(Term)) {
        bigram::each(text, &mut |t| {
            f(Term {
                text: &t.text,
                from: t.offset_from,
                to: t.offset_to,
                position: t.position,
                position_length: t.position_length,
            })
        });
    }
}

/// Analyzes `text` like [`analyze`] does and gives each token its [`Role`].
pub fn words(text: &str) -> Result<Vec<Word>> {
    thread_local! {
        static LATTICE: std::cell::RefCell<lindera_dictionary::viterbi::Lattice> =
            Default::default();
    }
    let tokenizer = lindera()?;
    let run = std::panic::AssertUnwindSafe(|| {
        LATTICE.with_borrow_mut(|lattice| tokenizer.tokenize_with_lattice(text, lattice))
    });
    let tokens = std::panic::catch_unwind(run)
        .map_err(|_| Error::Dictionary(format!("the analyzer failed on {text:?}")))?
        .map_err(|e| Error::Dictionary(e.to_string()))?;
    Ok(tokens
        .into_iter()
        .map(|mut t| {
            let role = role(&t.details());
            Word {
                token: Token {
                    text: t.surface.to_string(),
                    from: t.byte_start,
                    to: t.byte_end,
                    position: t.position,
                },
                role,
            }
        })
        .collect())
}

/// Analyzes `text` into tokens.
///
/// The tokenizer (`morph`) unwraps lindera's result; lindera only fails on a broken
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
        assert_eq!(
            texts("働き方改革"),
            vec!["働く", "方", "改革"],
            "verbs in dictionary form"
        );
        assert_eq!(texts("取り組み"), texts("取組"), "okurigana folded");
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

    /// lindera 5's search mode never splits a compound at the end of a text, so a query (which
    /// always ends there) and a document could split it differently. Normal mode is used
    /// instead: a compound splits the same alone and inside a sentence. Where the dictionary
    /// itself splits a word by context (テレ|ワーク), the bigram field finds it.
    #[test]
    fn a_compound_splits_the_same_at_the_end_of_the_text() {
        for (alone, inside) in [
            ("関西国際空港", "関西国際空港に行く"),
            ("勤務時間管理システム", "勤務時間管理システムを導入"),
            ("働き方改革推進チーム", "働き方改革推進チームを設置"),
            ("業務効率化", "業務効率化に向けて"),
        ] {
            let a = texts(alone);
            assert_eq!(a[..], texts(inside)[..a.len()], "{alone}");
        }
        let split = texts("部下職員に対してテレワークの積極的な");
        assert!(
            split.contains(&"テレ".to_string()),
            "IPADIC's context split: {split:?}"
        );
        let bigrams: Vec<String> = bigram::tokens("テレワーク")
            .into_iter()
            .map(|t| t.text)
            .collect();
        let inside: Vec<String> = bigram::tokens("部下職員に対してテレワークの積極的な")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert!(inside.windows(3).any(|w| w == &bigrams[..]));
    }

    #[test]
    fn long_tokens_are_kept() {
        let long = "ワークライフバランス推進強化月間取組計画等フォローアップ".repeat(3);
        let joined: String = texts(&long).concat();
        assert_eq!(joined, long);
    }
}
