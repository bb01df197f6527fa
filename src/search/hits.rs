//! Hits with their highlights: each passage's tokens (stored with it at build time), the
//! query's forms found in them, and the best snippet.

use std::path::Path;

use rustc_hash::FxHashSet;

use tantivy::schema::Value;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::compile::Compiler;
use super::explain::{explain, Matched};
use super::matches::Row;
use super::snippet::{self, Snippet};
use super::MatchKind;
use crate::analysis::{self, Token, WantedBigrams};
use crate::domain::Record;
use crate::error::Result;
use crate::index::{self, Fields};
use crate::query::{Form, Plan};

/// Characters in a snippet.
const SNIPPET_CHARS: usize = 110;

/// One ranked result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub record: Record,
    pub snippet: Snippet,
    /// Highlights in the item title, in characters.
    pub item_highlights: Vec<[usize; 2]>,
    /// Which query words matched where, when the request asked for it.
    pub explain: Option<Vec<Matched>>,
    pub matched: MatchKind,
    /// Other passages of the same item that this row stands for (when collapsed), in the
    /// same list (matches or related).
    pub more: usize,
}

/// One text's tokens: the analyzer's words and the character bigrams.
pub(super) struct Analyzed {
    pub words: Vec<Token>,
    pub bigrams: Vec<Token>,
}

impl Analyzed {
    /// The tokens of `text` that `need` asks for: its words as stored (or analysed now if
    /// they are not, or do not fit the text), and its bigrams.
    fn of(
        text: &str,
        stored: Option<&[u8]>,
        need: Need,
        analyzer: &mut TextAnalyzer,
    ) -> Result<Analyzed> {
        let keep = |t: &str| match need.words {
            Words::Among(wanted) => wanted.contains(t),
            _ => true,
        };
        let words = match need.words {
            Words::Skip => Vec::new(),
            _ => match stored.and_then(|bytes| analysis::stored_tokens(text, bytes, keep)) {
                Some(words) => words,
                None => {
                    let mut words = analysis::analyze(analyzer, text)?;
                    for t in words.iter_mut().filter(|t| !keep(&t.text)) {
                        t.text = String::new();
                    }
                    words
                }
            },
        };
        let bigrams = match need.bigrams {
            Grams::Skip => Vec::new(),
            Grams::All => analysis::bigrams(text),
            Grams::Among(wanted) => analysis::bigrams_among(text, wanted),
        };
        Ok(Analyzed { words, bigrams })
    }

    /// Where the phrases occur, as words or as bigrams.
    fn find(&self, phrases: &Phrases) -> Vec<snippet::Match> {
        let mut m = snippet::find(&self.words, &phrases.words);
        m.extend(snippet::find(&self.bigrams, &phrases.bigrams));
        m
    }
}

/// Which tokens a use of a passage needs (none for a list without query words).
#[derive(Debug, Clone, Copy)]
pub(super) struct Need<'a> {
    pub words: Words<'a>,
    pub bigrams: Grams<'a>,
}

/// Which of a text's words are wanted.
#[derive(Debug, Clone, Copy)]
pub(super) enum Words<'a> {
    Skip,
    All,
    /// Every token, but with its text only if it is one of these (the words of the phrases
    /// highlighted, never empty): the others are left blank, in their places, so a phrase is
    /// found exactly where it would be among all of them, without a string for each word.
    Among(&'a WantedWords<'a>),
}

/// Words looked for: most of a text's words are refused by their length and first byte
/// before the set is asked.
#[derive(Debug)]
pub(super) struct WantedWords<'a> {
    words: FxHashSet<&'a str>,
    /// A bit for each length (up to 63 bytes; longer ones share bit 63), and for each first
    /// byte modulo 64.
    lengths: u64,
    firsts: u64,
}

impl<'a> WantedWords<'a> {
    fn new(words: impl IntoIterator<Item = &'a str>) -> WantedWords<'a> {
        let mut wanted = WantedWords {
            words: FxHashSet::default(),
            lengths: 0,
            firsts: 0,
        };
        for w in words {
            wanted.lengths |= length_bit(w);
            wanted.firsts |= first_bit(w);
            wanted.words.insert(w);
        }
        wanted
    }

    fn contains(&self, word: &str) -> bool {
        self.lengths & length_bit(word) != 0
            && self.firsts & first_bit(word) != 0
            && self.words.contains(word)
    }
}

fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

fn first_bit(word: &str) -> u64 {
    word.as_bytes().first().map_or(1, |b| 1 << (b % 64))
}

/// Which of a text's bigrams are wanted.
#[derive(Debug, Clone, Copy)]
pub(super) enum Grams<'a> {
    Skip,
    All,
    /// Only these: those of the phrases highlighted (a phrase's bigrams are found as well,
    /// and the others cost nothing).
    Among(&'a WantedBigrams),
}

/// A passage's tokens: its text and its item title.
pub(super) struct PassageTokens {
    pub text: Analyzed,
    pub item: Analyzed,
}

/// The passages of an index: their stored records and tokens.
pub(super) struct Passages<'a> {
    pub root: &'a Path,
    pub fields: Fields,
}

impl Passages<'_> {
    /// The stored record of a document.
    pub fn record(&self, searcher: &Searcher, addr: DocAddress) -> Result<Record> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        self.record_of(&doc)
    }

    fn record_of(&self, doc: &TantivyDocument) -> Result<Record> {
        index::stored_record(doc, &self.fields).map_err(|detail| {
            index::Error::Damaged {
                dir: self.root.to_path_buf(),
                detail,
            }
            .into()
        })
    }

    /// A passage's tokens, analysed now (for a caller that holds the record, not its document).
    pub fn tokens(&self, record: &Record, analyzer: &mut TextAnalyzer) -> Result<PassageTokens> {
        let all = Need {
            words: Words::All,
            bigrams: Grams::All,
        };
        Ok(PassageTokens {
            text: Analyzed::of(&record.text, None, all, analyzer)?,
            item: Analyzed::of(&record.item, None, all, analyzer)?,
        })
    }

    /// The stored record of a document and its tokens (analysed now only in an index that
    /// does not store them).
    pub fn shown(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        need: Need,
        analyzer: &mut TextAnalyzer,
    ) -> Result<(Record, PassageTokens)> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let record = self.record_of(&doc)?;
        let stored = |field| doc.get_first(field).and_then(|v| v.as_bytes());
        let (text, item) = (self.fields.text_tokens, self.fields.item_tokens);
        let tokens = PassageTokens {
            text: Analyzed::of(&record.text, stored(text), need, analyzer)?,
            item: Analyzed::of(&record.item, stored(item), need, analyzer)?,
        };
        Ok((record, tokens))
    }
}

/// The token sequences to highlight: every form of the query, and the pieces of compounds
/// if they were used.
struct Phrases {
    words: Vec<Vec<String>>,
    bigrams: Vec<Vec<String>>,
}

impl Phrases {
    fn of(plan: &Plan, cut: Option<&Plan>) -> Phrases {
        let forms: Vec<&Form> = plan
            .groups
            .iter()
            .chain(cut.iter().flat_map(|c| &c.groups))
            .flat_map(|g| &g.units)
            .flat_map(|u| &u.forms)
            .collect();
        Phrases {
            words: forms.iter().map(|f| f.words.clone()).collect(),
            bigrams: forms
                .iter()
                .filter(|f| !f.bigrams.is_empty())
                .map(|f| f.bigrams.clone())
                .collect(),
        }
    }
}

/// What a page of hits is made from.
pub(super) struct Page<'a> {
    pub searcher: &'a Searcher,
    pub compiler: &'a Compiler,
    pub plan: &'a Plan,
    pub cut: Option<&'a Plan>,
    /// Rank of the first hit, less one.
    pub offset: usize,
    pub explain: bool,
}

impl Page<'_> {
    /// The hits of `rows`, highlighted.
    pub fn hits(
        &self,
        passages: &Passages,
        rows: Vec<(Row, MatchKind)>,
        analyzer: &mut TextAnalyzer,
    ) -> Result<Vec<Hit>> {
        let phrases = Phrases::of(self.plan, self.cut);
        let wanted = WantedBigrams::new(phrases.bigrams.iter().flatten().map(String::as_str));
        let words = WantedWords::new(phrases.words.iter().flatten().map(String::as_str));
        let need = Need {
            words: if phrases.words.is_empty() {
                Words::Skip
            } else {
                Words::Among(&words)
            },
            bigrams: if wanted.is_empty() {
                Grams::Skip
            } else {
                Grams::Among(&wanted)
            },
        };
        let mut hits = Vec::with_capacity(rows.len());
        for (i, (row, matched)) in rows.into_iter().enumerate() {
            let r = row.found;
            let (record, tokens) = passages.shown(self.searcher, r.addr, need, analyzer)?;
            let explain = self
                .explain
                .then(|| explain(self.compiler, self.plan, self.searcher, r.addr));
            hits.push(Hit {
                rank: self.offset + i + 1,
                score: r.score,
                snippet: snippet::best(&record.text, &tokens.text.find(&phrases), SNIPPET_CHARS),
                item_highlights: snippet::highlights(&record.item, &tokens.item.find(&phrases)),
                record,
                explain,
                matched,
                more: row.more,
            });
        }
        Ok(hits)
    }
}
