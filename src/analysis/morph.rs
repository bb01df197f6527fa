//! The morphological analyzer as a tantivy tokenizer: lindera's analysis (segmenter and
//! filters, shared by every thread) with a working lattice of its own that is kept from one
//! text to the next.
//!
//! lindera-tantivy's tokenizer makes a new lattice for every text and a new string for every
//! token; a search analyses its query, the thesaurus and each hit it shows, so those
//! allocations were most of a cold search's analysis time.

use lindera_analysis::tokenizer::Tokenizer as LinderaAnalysis;
use lindera_dictionary::viterbi::Lattice;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer registered under [`super::ANALYZER`].
pub struct Morphological {
    analysis: &'static LinderaAnalysis,
    lattice: Lattice,
    token: Token,
}

impl Morphological {
    pub(super) fn new(analysis: &'static LinderaAnalysis) -> Morphological {
        Morphological {
            analysis,
            lattice: Lattice::default(),
            token: Token::default(),
        }
    }
}

impl Clone for Morphological {
    /// A copy shares the analysis and has a working lattice of its own.
    fn clone(&self) -> Morphological {
        Morphological::new(self.analysis)
    }
}

/// The tokens of one text.
pub struct MorphStream<'a> {
    tokens: Vec<lindera::token::Token<'a>>,
    next: usize,
    token: &'a mut Token,
}

impl Tokenizer for Morphological {
    type TokenStream<'a> = MorphStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MorphStream<'a> {
        self.token.reset();
        // lindera fails only on a broken dictionary; `analysis::analyze` turns the panic into
        // an error, as it did with lindera-tantivy, which unwraps the same result.
        let tokens = self
            .analysis
            .tokenize_with_lattice(text, &mut self.lattice)
            .unwrap_or_else(|e| panic!("the analyzer failed: {e}"));
        MorphStream {
            tokens,
            next: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for MorphStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(t) = self.tokens.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&t.surface);
        self.token.offset_from = t.byte_start;
        self.token.offset_to = t.byte_end;
        self.token.position = t.position;
        self.token.position_length = t.position_length;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
