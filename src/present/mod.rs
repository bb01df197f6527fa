//! Rendering: hits, lists, evaluations and messages as terminal text or JSON Lines, over any
//! [`Write`]. The only part of the library that formats output for people or scripts; the
//! JSON shapes themselves are in [`crate::wire`].

mod compare;
mod csv;
mod eval;
mod lists;
mod map;
mod messages;
mod search;
mod show;
mod similar;

pub use compare::comparison;
pub use csv::{csv, csv_hits, CsvField, CSV_FIELDS};
pub use eval::{eval_report, eval_reports};
pub use lists::{ministries, sections};
pub use map::{map, MapFormat, MAX_WIDTH};
pub use messages::{
    auto_build_notice, build_summary, notices, outdated_rebuild_notice, semantic_off, serving,
    waiting_notice,
};
pub use search::{query_header, search_results, summary_lines};
pub use show::shown;
pub use similar::similar_results;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Text styling: ANSI color, or plain brackets around highlights.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn mark(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1;31m{s}\x1b[0m")
        } else {
            format!("[{s}]")
        }
    }
}

/// Text safe for a terminal: control characters (an escape sequence in a report would
/// otherwise reach the terminal and act) become their visible symbols (␛), line breaks and tabs
/// aside.
pub(crate) fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Applies highlight ranges (in characters) to `text`.
fn highlight(text: &str, ranges: &[[usize; 2]], style: Style) -> String {
    let chars: Vec<char> = visible(text).chars().collect();
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &[from, to] in ranges {
        let (from, to) = (from.min(chars.len()), to.min(chars.len()));
        if from < at {
            continue;
        }
        out.extend(&chars[at..from]);
        out.push_str(&style.mark(&chars[from..to].iter().collect::<String>()));
        at = to;
    }
    out.extend(&chars[at..]);
    out
}

fn sections_label(refs: &[crate::domain::SectionRef]) -> String {
    if refs.is_empty() {
        "no section".to_string()
    } else {
        refs.iter()
            .map(|s| s.path.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_by_character() {
        let plain = Style { color: false };
        assert_eq!(
            highlight("在宅のテレワーク推進", &[[3, 8]], plain),
            "在宅の[テレワーク]推進"
        );
        let color = Style { color: true };
        assert_eq!(
            highlight("1on1を", &[[0, 4]], color),
            "\x1b[1;31m1on1\x1b[0mを"
        );
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("a\x1b[31mb\nc\u{7}"), "a␛[31mb\nc␇");
        assert_eq!(
            highlight("x\x1by", &[[0, 1]], Style { color: false }),
            "[x]␛y"
        );
    }
}
