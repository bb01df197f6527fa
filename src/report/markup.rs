//! Removes the extraction markup from a cell and tidies its white space.
//!
//! The text extraction wraps cells in HTML-ish tags (`<p>`, `<ul style="…">`, `<li>`) and
//! Markdown bold (`**`). Those go. Headings such as `<テレワーク>` look like tags but are
//! written with Japanese inside the brackets: they are text and stay.
//!
//! Block tags become line breaks, so callers can still see where a paragraph or list began.
//! White space is then folded: a run of spaces becomes one space, or nothing at all when a
//! Japanese character stands on either side (a PDF line wrap left it there: `各 部局`).

pub(crate) use crate::domain::chars::is_wide;

/// Byte length of a markup tag starting at `s`, if `s` starts with one.
///
/// A tag is `<`, an optional `/`, an ASCII letter, then ASCII up to `>`.
fn tag_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = s.find('>')?;
    s[..end].is_ascii().then_some(end + 1)
}

/// Removes tags (each becomes `tag_to`) and `**`; with `bullet_lines`, a `・` after white
/// space starts a new line.
fn replace_markup(raw: &str, tag_to: char, bullet_lines: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if let Some(n) = tag_len(rest) {
            out.push(tag_to);
            rest = &rest[n..];
        } else if rest.starts_with("**") {
            rest = &rest[2..];
        } else if bullet_lines && c.is_whitespace() && rest.trim_start().starts_with('・') {
            // A bullet after white space starts a list entry: keep it on a line of its own.
            out.push('\n');
            rest = rest.trim_start();
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The text of a cell with markup removed and each tag replaced by a space; white space is
/// left as it was (section headings are told apart by the spaces around them).
pub fn strip(raw: &str) -> String {
    replace_markup(raw, ' ', false)
}

/// The text of a cell with markup removed, block boundaries as `\n`, and white space folded.
///
/// Lines are trimmed and empty lines dropped, so the result has no leading, trailing or
/// doubled line breaks.
pub fn clean(raw: &str) -> String {
    let out = replace_markup(raw, '\n', true);
    out.lines()
        .map(fold_spaces)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Folds the white space of one line (see the module doc).
pub fn fold_spaces(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = chars[start - 1];
            let after = chars[i];
            if !is_wide(before) && !is_wide(after) {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Whether a line is nothing but a Markdown table separator (dashes between tabs).
pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c == '-' || c == '\t' || c == ' ' || c == '|')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_but_keeps_japanese_headings() {
        let raw =
            "<p><テレワーク> 令和3年度に策定</p> <ul style=\"list-style-type: none\"> ・A</ul>";
        assert_eq!(clean(raw), "<テレワーク>令和3年度に策定\n・A");
        assert_eq!(
            clean("周知した。 ・審査部 業務効率化・デジタル化"),
            "周知した。\n・審査部業務効率化・デジタル化"
        );
    }

    #[test]
    fn joins_wrapped_japanese_but_keeps_latin_spaces() {
        assert_eq!(
            fold_spaces("各 部局において Microsoft Teams を"),
            "各部局においてMicrosoft Teamsを"
        );
        assert_eq!(fold_spaces("デモンストレー ション"), "デモンストレーション");
        assert_eq!(fold_spaces("**国家公務員**"), "**国家公務員**");
        assert_eq!(clean("**国家公務員**"), "国家公務員");
    }

    #[test]
    fn separators() {
        assert!(is_separator("-----\t--\t--"));
        assert!(!is_separator("重点項目\tA\tB"));
        assert!(!is_separator(""));
    }
}
