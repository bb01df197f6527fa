//! Passages cut into sentences for embedding: a sentence carries one idea, and a passage is
//! as close to a query as its closest sentence (a whole passage's vector blurs its ideas).

/// A sentence: byte offsets into the passage text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// Shorter pieces (in characters) join the next one rather than stand alone.
const SHORTEST: usize = 8;

/// The sentences of `text`: cut after 。 and at line ends, without the leading bullet or
/// 【新規】-style marker, short pieces joined to the next. A text without any gives one span
/// over all of it.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let push = |from: usize, to: usize, spans: &mut Vec<Span>| {
        let piece = &text[from..to];
        let trimmed = trim_markers(piece);
        if trimmed.is_empty() {
            return;
        }
        let offset = from + (trimmed.as_ptr() as usize - piece.as_ptr() as usize);
        let end = offset + trimmed.len();
        spans.push(Span {
            start: offset as u32,
            end: end as u32,
        });
    };
    for (i, c) in text.char_indices() {
        let from = *start.get_or_insert(i);
        let end = i + c.len_utf8();
        let cut = c == '\n' || (c == '。' && text[from..end].chars().count() >= SHORTEST);
        if cut {
            push(from, end, &mut spans);
            start = None;
        }
    }
    if let Some(from) = start {
        push(from, text.len(), &mut spans);
    }
    if spans.is_empty() {
        spans.push(Span {
            start: 0,
            end: text.len() as u32,
        });
    }
    spans
}

fn is_lead(c: char) -> bool {
    c.is_whitespace() || matches!(c, '・' | '･' | '●' | '○' | '◆' | '■' | '-' | '－')
}

/// The piece without leading bullets, spaces and 【…】 markers, and without trailing spaces.
fn trim_markers(piece: &str) -> &str {
    let mut s = piece.trim_start_matches(is_lead);
    while let Some(rest) = s.strip_prefix('【') {
        match rest.find('】') {
            Some(close) if close <= 12 => {
                s = rest[close + '】'.len_utf8()..].trim_start_matches(is_lead)
            }
            _ => break,
        }
    }
    s.trim_end()
}

/// What is embedded for a sentence: the item title, then the sentence without markers.
pub fn embed_text(item: &str, text: &str, span: Span) -> String {
    let sentence = text
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    format!("{item}：{}", trim_markers(sentence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_after_periods_and_lines_without_markers() {
        let text = "【新規】\n・職員の意見を募集した。テレワーク中の通話料の負担を求めない仕組みを導入した。\n・短い。";
        let got: Vec<&str> = sentences(text)
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(
            got,
            [
                "職員の意見を募集した。",
                "テレワーク中の通話料の負担を求めない仕組みを導入した。",
                "短い。"
            ]
        );
        assert_eq!(
            embed_text("題", text, sentences(text)[0]),
            "題：職員の意見を募集した。"
        );
    }

    #[test]
    fn a_text_without_sentences_is_one_span() {
        assert_eq!(sentences(""), [Span { start: 0, end: 0 }]);
    }
}
