//! The query language users type, parsed without ever failing.
//!
//! - Words separated by white space must all match (AND).
//! - A word the analyzer splits into several tokens (`1on1`, `働き方改革`) matches only as that
//!   sequence; so does a `"quoted phrase"`.
//! - `a OR b` matches either; `-word` and `-"phrase"` exclude.
//! - Japanese punctuation inside an unquoted word (`、` `。` `「」` `（）`) separates words too.
//!
//! Anything else is literal text for the analyzer: there are no operators that can fail, and
//! nothing here reaches tantivy's query parser.

/// One alternative: a word or phrase, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alt {
    pub text: String,
    pub quoted: bool,
}

/// A clause of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// One of these must match.
    Any(Vec<Alt>),
    /// This must not match.
    Not(Alt),
}

/// A parsed query, plus what was ignored and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub clauses: Vec<Clause>,
    pub notices: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Lex {
    Word {
        text: String,
        quoted: bool,
        negated: bool,
    },
    Or,
}

const SEPARATORS: &[char] = &[
    '、', '。', '，', '．', '「', '」', '『', '』', '（', '）', '(', ')', '【', '】', '［', '］',
    '｛', '｝', '〈', '〉', '《', '》', '！', '？', '；', '：', '!', '?', ';', ',',
];

fn lex(input: &str) -> Vec<Lex> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        if matches!(chars[i], '"' | '“' | '”' | '＂') {
            let close = chars[i + 1..]
                .iter()
                .position(|c| matches!(c, '"' | '“' | '”' | '＂'))
                .map(|p| i + 1 + p);
            let end = close.unwrap_or(chars.len());
            let text: String = chars[i + 1..end].iter().collect();
            out.push(Lex::Word {
                text,
                quoted: true,
                negated,
            });
            i = end + 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if word == "OR" && !negated {
            out.push(Lex::Or);
            continue;
        }
        let pieces: Vec<&str> = word.split(SEPARATORS).filter(|p| !p.is_empty()).collect();
        for (k, piece) in pieces.iter().enumerate() {
            out.push(Lex::Word {
                text: piece.to_string(),
                quoted: false,
                negated: negated && k == 0,
            });
        }
    }
    out
}

/// Parses a query string. Never fails; odd parts are dropped with a notice.
pub fn parse(input: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut pending_or = false;
    for lex in lex(input) {
        match lex {
            Lex::Or => {
                let joinable = matches!(parsed.clauses.last(), Some(Clause::Any(_)));
                if joinable && !pending_or {
                    pending_or = true;
                } else {
                    parsed
                        .notices
                        .push("ignored an OR with no word before it".into());
                }
            }
            Lex::Word {
                text,
                quoted,
                negated,
            } => {
                let alt = Alt { text, quoted };
                if negated {
                    if pending_or {
                        parsed
                            .notices
                            .push("ignored an OR before an excluded word".into());
                        pending_or = false;
                    }
                    parsed.clauses.push(Clause::Not(alt));
                } else if pending_or {
                    if let Some(Clause::Any(alts)) = parsed.clauses.last_mut() {
                        alts.push(alt);
                    }
                    pending_or = false;
                } else {
                    parsed.clauses.push(Clause::Any(vec![alt]));
                }
            }
        }
    }
    if pending_or {
        parsed
            .notices
            .push("ignored an OR with no word after it".into());
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alt(t: &str) -> Alt {
        Alt {
            text: t.into(),
            quoted: false,
        }
    }

    #[test]
    fn words_phrases_or_and_exclusion() {
        let p = parse("テレワーク \"通話料 負担\" GSS OR Teams -BYOD");
        assert_eq!(
            p.clauses,
            vec![
                Clause::Any(vec![alt("テレワーク")]),
                Clause::Any(vec![Alt {
                    text: "通話料 負担".into(),
                    quoted: true
                }]),
                Clause::Any(vec![alt("GSS"), alt("Teams")]),
                Clause::Not(alt("BYOD")),
            ]
        );
        assert!(p.notices.is_empty());
    }

    #[test]
    fn odd_input_never_fails() {
        for q in [
            "",
            "OR",
            "- *",
            "a:(^",
            "\"",
            "-",
            "OR OR a OR",
            "「」",
            "-\"\"",
            "a -OR",
        ] {
            let _ = parse(q);
        }
        assert_eq!(parse("OR テレワーク").notices.len(), 1);
        assert_eq!(parse("テレワーク OR").notices.len(), 1);
        assert_eq!(parse("- テレワーク").clauses.len(), 2, "a lone - is a word");
    }

    #[test]
    fn japanese_punctuation_separates_words() {
        let p = parse("テレワーク、通話料");
        assert_eq!(p.clauses.len(), 2);
        let p = parse("業務効率化・デジタル化");
        assert_eq!(
            p.clauses,
            vec![Clause::Any(vec![alt("業務効率化・デジタル化")])]
        );
    }
}
