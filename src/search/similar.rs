//! Passages like a given one (`similar ID`): who else does something like this initiative?
//!
//! Each passage is reduced once, on the first request, to features of its text and item title:
//! its content words (the analyzer's base forms; particles, auxiliaries, symbols and light
//! verbs left out, as a query sentence is), runs of them (compounds), pairs of kanji or
//! katakana, and the thesaurus groups (`data/thesaurus.txt`) its words and runs of words belong
//! to; and to the guideline sections it cites. Both methods weigh features `tf × idf` and rank
//! by cosine, by hand, so that equal scores keep report order (tantivy's `MoreLikeThisQuery`
//! picks among ties in hash order):
//!
//! - [`Method::TfIdf`], the baseline: content words only, raw counts.
//! - [`Method::Weighted`] with [`Weights::CHOSEN`], chosen by measurement on
//!   `tests/relevance/similar.json` (README, `examples/similar_grid.rs`): `1 + ln tf`,
//!   character pairs and thesaurus groups at their weights, and pseudo-relevance feedback (the
//!   query widened with the first pass's best passages, then run again). A shared guideline
//!   section can add to the score ([`Weights::section`]); measured, it did not help, so it is
//!   only shown in explanations.
//!
//! The filters are the search's, resolved once ([`SearchRequest::resolve`]) and run as the
//! same tantivy filter queries; the seed's own organisation is left out unless asked for.

use std::collections::{BTreeMap, HashMap, HashSet};

use tantivy::query::AllQuery;
use tantivy::DocAddress;

use super::compile::Compiler;
use super::error::RequestError;
use super::explain::{By, MatchPart, Matched, Where};
use super::hits::{Hit, Passages};
use super::matches::{self, AllMatches, Sort};
use super::request::{Filters, LooseRequest, SearchRequest};
use super::snippet;
use super::{Engine, MatchKind};
use crate::analysis::{self, Role};
use crate::domain::chars::{is_kanji, is_katakana};
use crate::domain::{Record, SectionPath};
use crate::error::Result;
use crate::query::Plan;
use crate::query::{thesaurus_key, Relation, Thesaurus};

/// Candidates that widen the query when [`Weights::feedback`] is on.
const FEEDBACK_DOCS: usize = 3;

/// Characters in a snippet (as in a search).
const SNIPPET_CHARS: usize = 110;

/// The tuned method's weights (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// How many of the seed's features make its query (the most distinctive ones).
    pub terms: usize,
    /// How many times a feature of the item title counts against one of the text.
    pub item: f32,
    /// Weight of compound words (runs of content words, `勤務時間管理システム`), 0: none.
    pub compounds: f32,
    /// Weight of kanji and katakana character pairs (`多面` in 多面観察 and 多面的評価), 0: none.
    pub bigrams: f32,
    /// What a fully shared guideline section adds to the cosine.
    pub section: f32,
    /// Term frequency as `1 + ln tf` instead of `tf`.
    pub sublinear: bool,
    /// Numbers (`5`, `2023`: mostly dates) count as words.
    pub numbers: bool,
    /// Weight of a thesaurus group of words that mean the same (`=`) shared, 0: none.
    pub thesaurus: f32,
    /// Weight of a thesaurus group of close words (`≈`) shared, 0: none.
    pub near: f32,
    /// Weight of the first pass's best passages added to the query (pseudo-relevance
    /// feedback), 0: none.
    pub feedback: f32,
}

impl Weights {
    /// The weights chosen on the judged set.
    pub const CHOSEN: Weights = Weights {
        terms: 1000,
        item: 1.0,
        compounds: 0.0,
        bigrams: 0.3,
        section: 0.0,
        sublinear: true,
        numbers: true,
        thesaurus: 2.0,
        near: 1.0,
        feedback: 0.3,
    };

    /// The baseline's: words only, raw counts, all of them.
    const TFIDF: Weights = Weights {
        terms: usize::MAX,
        item: 1.0,
        compounds: 0.0,
        bigrams: 0.0,
        section: 0.0,
        sublinear: false,
        numbers: true,
        thesaurus: 0.0,
        near: 0.0,
        feedback: 0.0,
    };
}

/// How passages are ranked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Cosine of tf-idf vectors over content words: the baseline.
    TfIdf,
    /// Cosine over weighted words, character pairs and thesaurus groups, with feedback.
    Weighted(Weights),
}

impl Method {
    /// What `similar` uses.
    pub const DEFAULT: Method = Method::Weighted(Weights::CHOSEN);

    /// Its name in an evaluation.
    pub fn name(&self) -> String {
        match self {
            Method::TfIdf => "tf-idf cosine".into(),
            Method::Weighted(w) if *w == Weights::CHOSEN => "wlb-search similar".into(),
            Method::Weighted(w) => format!(
                "weighted t{} i{} c{} b{} s{} f{} th{} n{} {}{}",
                w.terms,
                w.item,
                w.compounds,
                w.bigrams,
                w.section,
                w.feedback,
                w.thesaurus,
                w.near,
                if w.sublinear { "log" } else { "raw" },
                if w.numbers { "" } else { " no-numbers" }
            ),
        }
    }
}

/// A similar-passages request ready to run: made only by [`SimilarRequest::resolve`].
#[derive(Debug, Clone)]
pub struct SimilarRequest {
    pub(crate) id: String,
    pub(crate) filters: Filters,
    pub(crate) same_ministry: bool,
    pub(crate) limit: usize,
    pub(crate) explain: bool,
    pub(crate) method: Method,
}

impl SimilarRequest {
    /// The passages like `id` within the filters of `loose` (its query is not used), other
    /// organisations' only unless `same_ministry`.
    pub fn resolve(
        engine: &Engine,
        id: &str,
        loose: &LooseRequest,
        same_ministry: bool,
    ) -> Result<SimilarRequest, RequestError> {
        let req = SearchRequest::resolve(
            &LooseRequest {
                query: String::new(),
                ..loose.clone()
            },
            engine.catalog(),
        )?;
        Ok(SimilarRequest {
            id: id.to_string(),
            filters: req.filters,
            same_ministry,
            limit: req.limit,
            explain: req.explain,
            method: Method::DEFAULT,
        })
    }

    /// The same request ranked by another method (for the evaluation).
    pub fn with_method(self, method: Method) -> SimilarRequest {
        SimilarRequest { method, ..self }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    pub fn same_ministry(&self) -> bool {
        self.same_ministry
    }
}

/// The passages like one passage.
#[derive(Debug, Clone)]
pub struct SimilarResults {
    /// The passage they are like.
    pub seed: Record,
    /// Passages that share at least one of the seed's words, within the filters.
    pub total: usize,
    /// The first `limit` of them, best first, the shared words highlighted.
    pub hits: Vec<Hit>,
}

/// What passages are compared on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Feature {
    /// A content word, as analyzed (base form).
    Word(String),
    /// A run of two or more content words with their prefixes and suffixes, joined.
    Compound(String),
    /// Two kanji or katakana in a row.
    Bigram(String),
    /// A group of the thesaurus (`多面観察 = 360度評価 = …`) that a word or run belongs to,
    /// by its first member.
    Concept(String, Relation),
}

impl Feature {
    fn label(&self) -> &str {
        match self {
            Feature::Word(s)
            | Feature::Compound(s)
            | Feature::Bigram(s)
            | Feature::Concept(s, _) => s,
        }
    }

    fn weight(&self, w: &Weights) -> f32 {
        match self {
            Feature::Word(_) => 1.0,
            Feature::Compound(_) => w.compounds,
            Feature::Bigram(_) => w.bigrams,
            Feature::Concept(_, Relation::Same) => w.thesaurus,
            Feature::Concept(_, Relation::Near) => w.near,
        }
    }
}

/// One text's features, counted, and the words of each compound (to highlight them).
#[derive(Debug, Default)]
struct Features {
    counts: BTreeMap<Feature, u32>,
    phrases: BTreeMap<String, Vec<String>>,
    /// The words of each concept as they occur here.
    concept_phrases: BTreeMap<String, Vec<Vec<String>>>,
}

/// One passage reduced to what the methods compare.
#[derive(Debug)]
struct Doc {
    record: Record,
    addr: DocAddress,
    text: Features,
    item: Features,
    /// Guideline sections cited (the organisations' own plans are numbered each their own way).
    sections: Vec<SectionPath>,
}

/// Every passage of the index, reduced, with document frequencies.
#[derive(Debug)]
pub(super) struct Corpus {
    docs: Vec<Doc>,
    by_addr: HashMap<DocAddress, usize>,
    df: HashMap<Feature, u32>,
}

fn is_number(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Longest run of words looked up in the thesaurus.
const MAX_CONCEPT_WORDS: usize = 4;

/// The thesaurus groups of the words and runs of words in `words`.
fn concepts(words: &[analysis::Word], thesaurus: &Thesaurus, f: &mut Features) {
    for i in 0..words.len() {
        for j in i + 1..=(i + MAX_CONCEPT_WORDS).min(words.len()) {
            let run = &words[i..j];
            if run
                .windows(2)
                .any(|p| p[1].token.position != p[0].token.position + 1)
            {
                break;
            }
            let texts: Vec<String> = run.iter().map(|w| w.token.text.clone()).collect();
            for (g, relation) in thesaurus.groups_of(&thesaurus_key(&texts)) {
                let name = thesaurus.first_of(g).to_string();
                *f.counts
                    .entry(Feature::Concept(name.clone(), relation))
                    .or_insert(0) += 1;
                f.concept_phrases
                    .entry(thesaurus.first_of(g).to_string())
                    .or_default()
                    .push(texts.clone());
            }
        }
    }
}

/// The features of a text. The status marker (【新規】, 【継続】) is not content.
fn features(text: &str, thesaurus: &Thesaurus) -> Result<Features> {
    let cleaned = text.replace("【新規】", "").replace("【継続】", "");
    let mut f = Features::default();
    let words = analysis::words(&cleaned)?;
    let mut run: Vec<&analysis::Word> = Vec::new();
    let flush = |run: &mut Vec<&analysis::Word>, f: &mut Features| {
        if run.len() >= 2 && run.iter().any(|w| w.role == Role::Content) {
            let parts: Vec<String> = run.iter().map(|w| w.token.text.clone()).collect();
            let joined = parts.concat();
            *f.counts
                .entry(Feature::Compound(joined.clone()))
                .or_insert(0) += 1;
            f.phrases.insert(joined, parts);
        }
        run.clear();
    };
    for w in &words {
        let t = &w.token.text;
        let alnum = t.chars().any(char::is_alphanumeric);
        if w.role == Role::Content && alnum {
            *f.counts.entry(Feature::Word(t.clone())).or_insert(0) += 1;
        }
        let joins = w.role != Role::Function && alnum;
        let next = run
            .last()
            .is_none_or(|last| w.token.position == last.token.position + 1);
        if !joins || !next {
            flush(&mut run, &mut f);
        }
        if joins {
            run.push(w);
        }
    }
    flush(&mut run, &mut f);
    concepts(&words, thesaurus, &mut f);
    for b in analysis::bigram_tokens(&cleaned) {
        if b.text.chars().count() == 2 && b.text.chars().all(|c| is_kanji(c) || is_katakana(c)) {
            *f.counts.entry(Feature::Bigram(b.text)).or_insert(0) += 1;
        }
    }
    Ok(f)
}

impl Corpus {
    fn build(engine: &Engine) -> Result<Corpus> {
        let searcher = engine.opened.reader.searcher();
        let mut found = searcher.search(&AllQuery, &AllMatches)?;
        matches::sort(&mut found, Sort::Report);
        let passages = engine.passages();
        let mut docs = Vec::with_capacity(found.len());
        for f in found {
            let record = passages.record(&searcher, f.addr)?;
            let sections = record
                .sections
                .iter()
                .filter(|s| !s.path.is_own())
                .map(|s| s.path.clone())
                .collect();
            docs.push(Doc {
                text: features(&record.text, engine.thesaurus()?)?,
                item: features(&record.item, engine.thesaurus()?)?,
                record,
                addr: f.addr,
                sections,
            });
        }
        let mut df: HashMap<Feature, u32> = HashMap::new();
        for d in &docs {
            let all: HashSet<&Feature> = d.text.counts.keys().chain(d.item.counts.keys()).collect();
            for f in all {
                *df.entry(f.clone()).or_insert(0) += 1;
            }
        }
        Ok(Corpus {
            by_addr: docs.iter().enumerate().map(|(i, d)| (d.addr, i)).collect(),
            docs,
            df,
        })
    }

    /// `ln(N / df)`: 0 for a feature of every passage.
    fn idf(&self, f: &Feature) -> f32 {
        let df = self.df.get(f).copied().unwrap_or(0).max(1) as f32;
        (self.docs.len() as f32 / df).ln()
    }

    /// A passage's weighted features: tf (title counts `item` times) × idf × the kind's weight.
    fn vector<'a>(&self, d: &'a Doc, w: &Weights) -> BTreeMap<&'a Feature, f32> {
        let mut tf: BTreeMap<&Feature, f32> = BTreeMap::new();
        for (f, n) in &d.text.counts {
            *tf.entry(f).or_insert(0.0) += *n as f32;
        }
        for (f, n) in &d.item.counts {
            *tf.entry(f).or_insert(0.0) += w.item * *n as f32;
        }
        tf.into_iter()
            .filter(|(f, _)| w.numbers || !is_number(f.label()))
            .map(|(f, n)| {
                let n = if w.sublinear { 1.0 + n.ln() } else { n };
                (f, n * self.idf(f) * f.weight(w))
            })
            .filter(|(_, x)| *x > 0.0)
            .collect()
    }
}

/// One candidate's score and the features (and section) it shares with the seed, with their
/// contributions.
struct Scored {
    doc: usize,
    score: f32,
    shared: Vec<(Feature, f32)>,
    section: Option<(SectionPath, f32)>,
}

/// How much of two section paths is shared: the common prefix's depth over the deeper one's.
fn section_overlap(a: &SectionPath, b: &SectionPath) -> f32 {
    let (sa, sb) = (a.segments(), b.segments());
    let common = sa.iter().zip(&sb).take_while(|(x, y)| x == y).count();
    common as f32 / sa.len().max(sb.len()).max(1) as f32
}

/// The best shared section of two passages: the shared part of the paths, and its overlap.
fn best_section(seed: &Doc, d: &Doc) -> Option<(SectionPath, f32)> {
    let mut best: Option<(SectionPath, f32)> = None;
    for a in &seed.sections {
        for b in &d.sections {
            let o = section_overlap(a, b);
            if o > 0.0 && best.as_ref().is_none_or(|(_, x)| o > *x) {
                let shared: Vec<String> = a
                    .segments()
                    .into_iter()
                    .zip(b.segments())
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x)
                    .collect();
                best = Some((SectionPath::from_segments(&shared), o));
            }
        }
    }
    best
}

/// A vector scaled to length 1.
fn unit(mut v: BTreeMap<Feature, f32>) -> BTreeMap<Feature, f32> {
    let n = v.values().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.values_mut().for_each(|x| *x /= n);
    }
    v
}

/// `v += k × u`.
fn add(v: &mut BTreeMap<Feature, f32>, u: &BTreeMap<Feature, f32>, k: f32) {
    for (f, x) in u {
        *v.entry(f.clone()).or_insert(0.0) += k * x;
    }
}

impl Corpus {
    /// A passage's weighted features as a unit vector.
    fn unit_vector(&self, i: usize, w: &Weights) -> BTreeMap<Feature, f32> {
        unit(
            self.vector(&self.docs[i], w)
                .into_iter()
                .map(|(f, x)| (f.clone(), x))
                .collect(),
        )
    }
}

/// The seed's query: its most distinctive features (ties in feature order, so the choice is
/// reproducible), as a unit vector.
fn query(corpus: &Corpus, seed: usize, w: &Weights) -> BTreeMap<Feature, f32> {
    let mut q: Vec<(Feature, f32)> = corpus.unit_vector(seed, w).into_iter().collect();
    q.sort_by(|a, b| b.1.total_cmp(&a.1));
    q.truncate(w.terms);
    unit(q.into_iter().collect())
}

/// Each candidate's cosine with `q`, feature by feature.
fn score_all(
    corpus: &Corpus,
    q: &BTreeMap<Feature, f32>,
    vectors: &[(usize, BTreeMap<Feature, f32>)],
    seed: usize,
    w: &Weights,
) -> Vec<Scored> {
    vectors
        .iter()
        .map(|(c, v)| {
            let shared: Vec<(Feature, f32)> = q
                .iter()
                .filter_map(|(f, x)| v.get(f).map(|y| (f.clone(), x * y)))
                .filter(|(_, x)| *x > 0.0)
                .collect();
            let mut score: f32 = shared.iter().map(|(_, x)| x).sum();
            // Shown in explanations even when it does not count.
            let section = best_section(&corpus.docs[seed], &corpus.docs[*c])
                .map(|(path, o)| (path, w.section * o));
            score += section.as_ref().map_or(0.0, |(_, x)| *x);
            Scored {
                doc: *c,
                score,
                shared,
                section,
            }
        })
        .collect()
}

/// Cosine of the seed's query with each candidate, plus a shared section; with feedback, the
/// query is then widened with the best [`FEEDBACK_DOCS`] candidates' vectors and run again.
fn cosine(corpus: &Corpus, seed: usize, candidates: &[usize], w: &Weights) -> Vec<Scored> {
    let vectors: Vec<(usize, BTreeMap<Feature, f32>)> = candidates
        .iter()
        .map(|&c| (c, corpus.unit_vector(c, w)))
        .collect();
    let q = query(corpus, seed, w);
    let first = score_all(corpus, &q, &vectors, seed, w);
    if w.feedback <= 0.0 {
        return first;
    }
    let mut order: Vec<usize> = (0..first.len()).collect();
    order.sort_by(|&a, &b| first[b].score.total_cmp(&first[a].score));
    let mut widened = q.clone();
    let top: Vec<usize> = order.into_iter().take(FEEDBACK_DOCS).collect();
    for &i in &top {
        add(
            &mut widened,
            &vectors[i].1,
            w.feedback / top.len().max(1) as f32,
        );
    }
    let widened = unit(widened);
    let mut second = score_all(corpus, &widened, &vectors, seed, w);
    // The words shown are those of the seed itself.
    for s in &mut second {
        s.shared.retain(|(f, _)| q.contains_key(f));
    }
    second
}

impl Engine {
    fn similar_corpus(&self) -> Result<&Corpus> {
        if let Some(c) = self.similar.get() {
            return Ok(c);
        }
        let built = Corpus::build(self)?;
        Ok(self.similar.get_or_init(|| built))
    }

    /// The passages like `req`'s passage, best first. An unknown id is an error that names
    /// the closest ids.
    pub fn similar(&self, req: &SimilarRequest) -> Result<SimilarResults> {
        match crate::report::quietly(|| self.run_similar(req)) {
            Ok(result) => result,
            Err(panic) => Err(crate::index::Error::Damaged {
                dir: self.opened.root.clone(),
                detail: crate::report::panic_message(panic),
            }
            .into()),
        }
    }

    fn run_similar(&self, req: &SimilarRequest) -> Result<SimilarResults> {
        let corpus = self.similar_corpus()?;
        let Some(seed) = corpus.docs.iter().position(|d| d.record.id == req.id) else {
            return Err(RequestError::UnknownPassage {
                given: req.id.clone(),
                suggestions: self.closest_ids(&req.id)?,
            }
            .into());
        };
        let searcher = self.opened.reader.searcher();
        let compiler = Compiler {
            fields: self.opened.fields,
        };
        let query = compiler.match_query(&Plan::default(), &compiler.filters(&req.filters));
        let allowed: HashSet<usize> = searcher
            .search(&query, &AllMatches)?
            .iter()
            .filter_map(|f| corpus.by_addr.get(&f.addr).copied())
            .collect();
        let ministry = &corpus.docs[seed].record.ministry;
        let candidates: Vec<usize> = (0..corpus.docs.len())
            .filter(|&i| i != seed && allowed.contains(&i))
            .filter(|&i| req.same_ministry || corpus.docs[i].record.ministry != *ministry)
            .collect();
        let weights = match &req.method {
            Method::TfIdf => Weights::TFIDF,
            Method::Weighted(w) => *w,
        };
        let mut scored = cosine(corpus, seed, &candidates, &weights);
        scored.retain(|s| !s.shared.is_empty());
        // Best first; ties in report order (candidates are in report order, the sort is stable).
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        let total = scored.len();
        scored.truncate(req.limit);
        let passages = self.passages();
        let mut analyzer = self.analyzer.clone();
        let mut hits = Vec::with_capacity(scored.len());
        for (i, s) in scored.into_iter().enumerate() {
            let d = &corpus.docs[s.doc];
            hits.push(hit(d, s, i + 1, req.explain, &passages, &mut analyzer)?);
        }
        Ok(SimilarResults {
            seed: corpus.docs[seed].record.clone(),
            total,
            hits,
        })
    }
}

/// A hit for a similar passage: the shared words highlighted in its text and title.
fn hit(
    d: &Doc,
    s: Scored,
    rank: usize,
    explain: bool,
    passages: &Passages,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
) -> Result<Hit> {
    let tokens = passages.tokens(&d.record, analyzer)?;
    let mut words: Vec<Vec<String>> = Vec::new();
    let mut bigrams: Vec<Vec<String>> = Vec::new();
    // The heaviest shared features, as explained: highlighting every shared word would mark
    // 職員 and 実施 everywhere.
    let mut heaviest = s.shared.clone();
    heaviest.sort_by(|a, b| b.1.total_cmp(&a.1));
    heaviest.truncate(EXPLAINED);
    for (f, _) in &heaviest {
        match f {
            Feature::Word(w) => words.push(vec![w.clone()]),
            Feature::Compound(c) => {
                for phrases in [&d.text.phrases, &d.item.phrases] {
                    words.extend(phrases.get(c).cloned());
                }
            }
            Feature::Bigram(b) => bigrams.push(vec![b.clone()]),
            Feature::Concept(c, _) => {
                for phrases in [&d.text.concept_phrases, &d.item.concept_phrases] {
                    words.extend(phrases.get(c).into_iter().flatten().cloned());
                }
            }
        }
    }
    let find = |a: &super::hits::Analyzed| {
        let mut m = snippet::find(&a.words, &words);
        m.extend(snippet::find(&a.bigrams, &bigrams));
        m.sort_by_key(|m| (m.from, m.to));
        m
    };
    let in_text = find(&tokens.text);
    let in_item = find(&tokens.item);
    let explain = explain.then(|| explanation(d, &s));
    Ok(Hit {
        rank,
        score: s.score,
        snippet: snippet::best(&d.record.text, &in_text, SNIPPET_CHARS),
        item_highlights: snippet::highlights(&d.record.item, &in_item),
        record: d.record.clone(),
        explain,
        matched: MatchKind::All,
        more: 0,
    })
}

/// Shared features listed in an explanation: the heaviest.
const EXPLAINED: usize = 12;

/// Why a passage is like the seed: the shared features that weigh most, heaviest first, each
/// in the field it is found in (a thesaurus group with its relation, a character pair `by`
/// bigrams), then the deepest guideline section both cite (scored [`Weights::section`]).
fn explanation(d: &Doc, s: &Scored) -> Vec<Matched> {
    let mut shared = s.shared.clone();
    shared.sort_by(|a, b| b.1.total_cmp(&a.1));
    shared.truncate(EXPLAINED);
    let part = |form: &str, field, score| MatchPart {
        form: form.to_string(),
        relation: None,
        field,
        by: By::Words,
        score,
    };
    let mut out: Vec<Matched> = shared
        .into_iter()
        .map(|(f, score)| {
            let field = if d.text.counts.contains_key(&f) {
                Where::Text
            } else {
                Where::Item
            };
            let mut p = part(f.label(), field, score);
            match f {
                Feature::Bigram(_) => p.by = By::Bigrams,
                Feature::Concept(_, r) => p.relation = Some(r),
                Feature::Word(_) | Feature::Compound(_) => {}
            }
            Matched {
                word: f.label().to_string(),
                required: false,
                parts: vec![p],
            }
        })
        .collect();
    out.extend(s.section.iter().map(|(path, score)| Matched {
        word: path.to_string(),
        required: false,
        parts: vec![part(path.as_str(), Where::Section, *score)],
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_overlap_by_their_shared_prefix() {
        let p = |s: &str| SectionPath::new(s);
        assert_eq!(section_overlap(&p("II.1.(2)"), &p("II.1.(2)")), 1.0);
        assert_eq!(section_overlap(&p("II.1.(2).②"), &p("II.1")), 0.5);
        assert_eq!(section_overlap(&p("II.3"), &p("IV")), 0.0);
    }

    #[test]
    fn words_compounds_and_bigrams() {
        let mut a = crate::analysis::analyzer().unwrap();
        let t = Thesaurus::bundled(&mut a).unwrap();
        let f = features("【新規】勤務時間管理システムを導入した。", &t).unwrap();
        assert!(
            f.counts.keys().any(|k| matches!(k, Feature::Concept(..))),
            "{f:?}"
        );
        let has = |x: Feature| f.counts.contains_key(&x);
        assert!(has(Feature::Word("導入".into())), "{f:?}");
        assert!(
            has(Feature::Compound("勤務時間管理システム".into())),
            "{f:?}"
        );
        assert!(has(Feature::Bigram("管理".into())), "{f:?}");
        assert!(
            !has(Feature::Word("新規".into())),
            "the marker is not content"
        );
        assert!(
            !has(Feature::Word("する".into())),
            "light verbs are not content"
        );
        assert!(
            !has(Feature::Bigram("した".into())),
            "kana pairs are not features"
        );
    }
}
