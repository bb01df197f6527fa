//! "Did you mean": for a query that matches nothing, the words the index holds that are
//! closest to each of its words that no passage has — a thesaurus relation the report uses
//! first (パワハラ → ハラスメント), then words of the text spelled alike (テレワ → テレワーク).

use tantivy::collector::Count;
use tantivy::schema::Field;
use tantivy::Searcher;
use unicode_normalization::UnicodeNormalization;

use super::compile::Compiler;
use crate::domain::ministry::similarity;
use crate::error::Result;
use crate::index::Fields;
use crate::query::Plan;

/// Suggestions given at most.
const MAX: usize = 5;
/// Least similarity of a word of the text to a query word.
const CLOSE: f64 = 0.5;

/// Words to suggest for a plan whose match set is empty.
pub(super) fn suggest(
    searcher: &Searcher,
    compiler: &Compiler,
    plan: &Plan,
    fields: &Fields,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for group in plan.groups.iter().filter(|g| g.required) {
        for unit in &group.units {
            // Thesaurus words the report has.
            for form in unit.forms.iter().skip(1) {
                let q = compiler.unit_query(&crate::query::Unit {
                    label: form.text.clone(),
                    forms: vec![form.clone()],
                    quoted: true,
                });
                if searcher.search(q.as_ref(), &Count)? > 0 && !out.contains(&form.text) {
                    out.push(form.text.clone());
                }
            }
            if searcher.search(compiler.unit_query(unit).as_ref(), &Count)? == 0 {
                for word in closest_terms(searcher, fields.text, &unit.label, 3)? {
                    if !out.contains(&word) {
                        out.push(word);
                    }
                }
            }
        }
    }
    out.truncate(MAX);
    Ok(out)
}

/// Folds for comparison: NFKC, lowercase, katakana for hiragana.
fn fold(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The `n` terms of `field` closest to `word`, best first.
pub(super) fn closest_terms(
    searcher: &Searcher,
    field: Field,
    word: &str,
    n: usize,
) -> Result<Vec<String>> {
    let want = fold(word);
    let mut scored: Vec<(f64, String)> = Vec::new();
    for reader in searcher.segment_readers() {
        let index = reader.inverted_index(field)?;
        let mut terms = index
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let Ok(term) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            if term.chars().count() < 2 || !term.chars().any(char::is_alphanumeric) {
                continue;
            }
            let folded = fold(term);
            let score = if folded.starts_with(&want) || want.starts_with(&folded) {
                // A prefix typed (テレワ): as close as the shorter is of the longer.
                CLOSE
                    + 0.5 * want.chars().count().min(folded.chars().count()) as f64
                        / want.chars().count().max(folded.chars().count()) as f64
            } else {
                similarity(&want, &folded)
            };
            if score >= CLOSE && !scored.iter().any(|(_, t)| t == term) {
                scored.push((score, term.to_string()));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(scored.into_iter().take(n).map(|(_, t)| t).collect())
}
