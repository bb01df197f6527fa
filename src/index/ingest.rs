//! Parallel ingest: records become tantivy documents on `jobs` threads, and reach the writer
//! in record order.
//!
//! Analysis is most of a build's work, and tantivy's writer would do it on the one thread that
//! indexes. Here each worker analyses its records itself (the morphological analyzer and the
//! bigrams, once per text) and writes each analysed field as its tokens, encoded ([`encode`]);
//! the writer's index registers [`Replay`] under the analyzers' names, which reads them back,
//! so the writer only builds postings. An item title or a B cell shared by consecutive
//! passages (the passages of one row) is analysed once. The same pass gives the tokens stored
//! with the passage for its highlights (`analysis::StoredTokens`). Documents are written in record order
//! into one segment whatever the number of jobs: the index, and so every search, is the same
//! with `--jobs 1`. (tantivy's own pre-tokenized values would do the same, but a
//! `TantivyDocument` stores them as JSON and the writer copies them twice.)
//!
//! The replaying analyzers exist only in the writer's `Index` value; the index on disk names
//! the real ones, and a search opens it with them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, TantivyDocument};

use super::error::Error;
use super::schema::{ministry_facet, section_facet, status_code, Fields};
use crate::analysis::{Batch, StoredTokens, Term, ANALYZER, BIGRAM_ANALYZER};
use crate::domain::Record;
use crate::error::Result;

/// Records per unit of work: small enough to spread well, large enough to keep the channel
/// quiet.
const CHUNK: usize = 32;

/// Makes the writer's `index` read the encoded tokens instead of analysing.
pub(super) fn register_replay(index: &Index) {
    index.tokenizers().register(ANALYZER, Replay);
    index.tokenizers().register(BIGRAM_ANALYZER, Replay);
}

/// Prepares the documents of `records` on `jobs` threads and gives them to `add` in record
/// order, with their place in it, and the writer that `open` makes while the first ones are
/// analysed. Returns the writer. The first error (of analysis, `open` or `add`) stops the work.
pub(super) fn documents<W>(
    dir: &Path,
    records: &[Record],
    fields: &Fields,
    jobs: usize,
    open: impl FnOnce() -> Result<W>,
    add: &mut dyn FnMut(&mut W, usize, TantivyDocument) -> Result<()>,
) -> Result<W> {
    let items = item_keys(records);
    let chunks: Vec<&[Record]> = records.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    let jobs = jobs.clamp(1, chunks.len().max(1));
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::sync_channel::<(usize, Result<Vec<TantivyDocument>>)>(2 * jobs);
        for _ in 0..jobs {
            let send = send.clone();
            let (chunks, next, items) = (&chunks, &next, &items);
            scope.spawn(move || {
                let mut worker = match Worker::new(fields, dir) {
                    Ok(w) => w,
                    Err(e) => return drop(send.send((0, Err(e)))),
                };
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(k) else { return };
                    let first = k * CHUNK;
                    let docs = chunk
                        .iter()
                        .enumerate()
                        .map(|(i, r)| worker.prepare(r, first + i, items[first + i]))
                        .collect();
                    if send.send((k, docs)).is_err() {
                        return; // the writer stopped on an error
                    }
                }
            });
        }
        drop(send);
        let mut writer = open()?;
        // Chunks arrive in any order; they are written in order.
        let mut waiting: BTreeMap<usize, Vec<TantivyDocument>> = BTreeMap::new();
        let mut due = 0;
        for (k, docs) in receive {
            waiting.insert(k, docs?);
            while let Some(docs) = waiting.remove(&due) {
                for (i, doc) in docs.into_iter().enumerate() {
                    add(&mut writer, due * CHUNK + i, doc)?;
                }
                due += 1;
            }
        }
        Ok(writer)
    })
}

/// One number per (ministry, item), in order of first appearance.
fn item_keys(records: &[Record]) -> Vec<u64> {
    let mut items: HashMap<(&str, &str), u64> = HashMap::new();
    records
        .iter()
        .map(|r| {
            let next = items.len() as u64;
            *items.entry((&r.ministry, &r.item)).or_insert(next)
        })
        .collect()
}

/// A worker's analyzers, and the last item title and B cell it analysed.
struct Worker<'f> {
    fields: &'f Fields,
    /// The generation being written, for messages.
    dir: &'f Path,
    analysis: Batch,
    item: Last,
    refs: Last,
}

/// The last text seen in one field and its encoded tokens, for the next passage of its row.
#[derive(Default)]
struct Last {
    text: String,
    words: String,
    bigrams: String,
    stored: Vec<u8>,
}

impl<'f> Worker<'f> {
    fn new(fields: &'f Fields, dir: &'f Path) -> Result<Worker<'f>> {
        Ok(Worker {
            fields,
            dir,
            analysis: Batch::new(),
            item: Last::default(),
            refs: Last::default(),
        })
    }

    fn prepare(&mut self, r: &Record, order: usize, item_key: u64) -> Result<TantivyDocument> {
        let f = self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &r.id);
        d.add_u64(f.year, u64::from(r.year.0));
        d.add_text(f.ministry, &r.ministry);
        d.add_facet(f.ministry_facet, ministry_facet(&r.ministry));
        d.add_text(f.status, r.status.as_str());
        d.add_u64(f.page, u64::from(r.page));
        d.add_u64(f.order, order as u64);
        d.add_u64(f.item_key, item_key);
        d.add_u64(f.status_code, status_code(r.status));
        if self.item.text != r.item || self.item.words.is_empty() {
            let (words, stored) = self.words(&r.item)?;
            self.item = Last {
                text: r.item.clone(),
                words,
                bigrams: self.bigrams(&r.item),
                stored,
            };
        }
        d.add_text(f.item, &self.item.words);
        d.add_bytes(f.item_tokens, &self.item.stored);
        let (words, stored) = self.words(&r.text)?;
        d.add_text(f.text, words);
        d.add_bytes(f.text_tokens, &stored);
        let refs: Vec<&str> = r.sections.iter().map(|s| s.raw.as_str()).collect();
        let refs = refs.join("\n");
        if self.refs.text != refs || self.refs.words.is_empty() {
            self.refs.words = self.words(&refs)?.0;
            self.refs.text = refs;
        }
        d.add_text(f.refs, &self.refs.words);
        d.add_text(f.item_bigram, &self.item.bigrams);
        d.add_text(f.text_bigram, self.bigrams(&r.text));
        let record = serde_json::to_string(r).map_err(|e| Error::Damaged {
            dir: self.dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        d.add_text(f.record, record);
        for s in &r.sections {
            d.add_facet(f.sections, section_facet(&s.path));
        }
        Ok(d)
    }
}

impl Worker<'_> {
    /// The morphological tokens of `text`, encoded for the writer and for storing.
    fn words(&mut self, text: &str) -> Result<(String, Vec<u8>)> {
        let mut out = String::with_capacity(text.len() * 2);
        let mut stored = StoredTokens::new(text);
        self.analysis.words(text, &mut |t| {
            stored.add(t.text, t.from, t.to, t.position);
            encode(&mut out, t);
        })?;
        Ok((out, stored.finish()))
    }

    /// The bigram tokens of `text`, encoded.
    fn bigrams(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 3);
        self.analysis.bigrams(text, &mut |t| encode(&mut out, t));
        out
    }
}

/// Appends a token as `position length bytes:text`.
fn encode(out: &mut String, t: Term) {
    push_number(out, t.position);
    out.push(' ');
    push_number(out, t.position_length);
    out.push(' ');
    push_number(out, t.text.len());
    out.push(':');
    out.push_str(t.text);
}

fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
}

/// The tokenizer that reads back what [`encode`] wrote.
#[derive(Debug, Clone, Default)]
pub(super) struct Replay;

pub(super) struct ReplayStream<'a> {
    rest: &'a str,
    token: Token,
}

impl Tokenizer for Replay {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        ReplayStream {
            rest: text,
            token: Token::default(),
        }
    }
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        // `position length bytes:text`, read byte by byte (this runs on the one thread that
        // writes the segment, which every document waits for).
        let b = self.rest.as_bytes();
        let mut at = 0;
        let mut number = |end: u8| -> Option<usize> {
            let start = at;
            let mut n: usize = 0;
            while let Some(&d) = b.get(at).filter(|d| d.is_ascii_digit()) {
                n = n.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
                at += 1;
            }
            (at > start && b.get(at) == Some(&end)).then(|| {
                at += 1;
                n
            })
        };
        let (Some(position), Some(length), Some(bytes)) =
            (number(b' '), number(b' '), number(b':'))
        else {
            return false;
        };
        let Some(text) = at.checked_add(bytes).and_then(|end| self.rest.get(at..end)) else {
            return false;
        };
        self.token.position = position;
        self.token.position_length = length;
        self.token.text.clear();
        self.token.text.push_str(text);
        self.rest = &self.rest[at + bytes..];
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replayed(encoded: &str) -> Vec<(usize, usize, String)> {
        let mut replay = Replay;
        let mut stream = replay.token_stream(encoded);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.position_length, t.text.clone()));
        }
        out
    }

    #[test]
    fn replay_stops_at_what_it_cannot_read() {
        assert_eq!(
            replayed("3 1 2:ab0 1 1:c"),
            [(3, 1, "ab".into()), (0, 1, "c".into())]
        );
        assert_eq!(replayed("テレ"), []);
        for broken in [
            "1 1 5:ab",
            "1 1:ab",
            " 1 2:ab",
            "1 1 2ab",
            "1 1 99999999999999999999999:a",
            "1 1 2:\u{3042}",
        ] {
            assert_eq!(replayed(broken), [], "{broken:?}");
        }
        // A byte count that ends inside a character.
        assert_eq!(replayed("0 1 1:あ"), []);
    }

    #[test]
    fn replay_gives_back_the_analyzers_tokens() {
        use crate::analysis;
        let mut batch = Batch::new();
        for text in [
            "テレワーク中の通話料:負担 1on1",
            "",
            "a 1 2:3",
            "育休・DX\n：：ﾃﾚﾜｰｸ",
        ] {
            for bigrams in [false, true] {
                let mut analyzer = if bigrams {
                    analysis::bigram_analyzer()
                } else {
                    analysis::analyzer().unwrap()
                };
                let mut stream = analyzer.token_stream(text);
                let mut expected = Vec::new();
                while stream.advance() {
                    let t = stream.token();
                    expected.push((t.position, t.position_length, t.text.clone()));
                }
                let mut encoded = String::new();
                if bigrams {
                    batch.bigrams(text, &mut |t| encode(&mut encoded, t));
                } else {
                    batch.words(text, &mut |t| encode(&mut encoded, t)).unwrap();
                }
                assert_eq!(replayed(&encoded), expected, "{text:?}");
            }
        }
    }
}
