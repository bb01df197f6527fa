//! A text's morphological tokens in a few bytes each, stored with the passage at build time,
//! so that showing a hit (its highlights) or reading a passage's words needs no analysis.
//!
//! Per token, as LEB128 varints: the gap from the previous token's end, the length in the
//! original text, the position step (zigzag: any order survives), then the token's text only
//! when it is not the original slice (a base form, a folded okurigana, NFKC or lowercase):
//! `0` for none, else its length + 1 and its bytes. Most tokens take three or four bytes.

use super::Token;

/// Encodes the tokens of one text, one after another.
pub(crate) struct Encoder<'t> {
    text: &'t str,
    out: Vec<u8>,
    end: usize,
    position: usize,
}

impl<'t> Encoder<'t> {
    pub(crate) fn new(text: &'t str) -> Encoder<'t> {
        Encoder {
            text,
            out: Vec::with_capacity(text.len() / 2),
            end: 0,
            position: 0,
        }
    }

    /// Adds a token: its text, its byte range in the original text, its position.
    pub(crate) fn add(&mut self, token: &str, from: usize, to: usize, position: usize) {
        let out = &mut self.out;
        push(out, zigzag(from as i64 - self.end as i64));
        push(out, to.saturating_sub(from) as u64);
        push(out, zigzag(position as i64 - self.position as i64));
        match self.text.get(from..to) {
            Some(slice) if slice == token => push(out, 0),
            _ => {
                push(out, token.len() as u64 + 1);
                out.extend_from_slice(token.as_bytes());
            }
        }
        self.end = to;
        self.position = position;
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// The tokens `bytes` holds for `text`, or `None` if they do not fit it (damaged, or from
/// another text). A token whose text `keep` refuses comes back in its place with an empty
/// text (no string made for it).
pub(crate) fn decode(text: &str, bytes: &[u8], keep: impl Fn(&str) -> bool) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut at = 0;
    let (mut end, mut position) = (0i64, 0i64);
    while at < bytes.len() {
        let from = end.checked_add(unzigzag(pull(bytes, &mut at)?))?;
        let to = from.checked_add(i64::try_from(pull(bytes, &mut at)?).ok()?)?;
        position = position.checked_add(unzigzag(pull(bytes, &mut at)?))?;
        let (from_u, to_u) = (usize::try_from(from).ok()?, usize::try_from(to).ok()?);
        let slice = text.get(from_u..to_u)?;
        let own = pull(bytes, &mut at)?;
        let token_text = if own == 0 {
            slice
        } else {
            let len = usize::try_from(own - 1).ok()?;
            let raw = bytes.get(at..at.checked_add(len)?)?;
            at += len;
            std::str::from_utf8(raw).ok()?
        };
        let token_text = if keep(token_text) {
            token_text.to_string()
        } else {
            String::new()
        };
        tokens.push(Token {
            text: token_text,
            from: from_u,
            to: to_u,
            position: usize::try_from(position).ok()?,
        });
        end = to;
    }
    Some(tokens)
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

fn push(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn pull(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, tokens: &[Token]) -> Vec<u8> {
        let mut e = Encoder::new(text);
        for t in tokens {
            e.add(&t.text, t.from, t.to, t.position);
        }
        e.finish()
    }

    #[test]
    fn tokens_come_back_as_analysed() {
        let mut a = super::super::analyzer().unwrap();
        for text in [
            "テレワーク中の通話料の負担を求めない仕組みを取り入れた。",
            "ﾃﾚﾜｰｸ・１ｏｎ１、ＧＳＳ　マネージャー",
            "",
        ] {
            let tokens = super::super::analyze(&mut a, text).unwrap();
            let bytes = encode(text, &tokens);
            assert_eq!(
                decode(text, &bytes, |_| true),
                Some(tokens.clone()),
                "{text}"
            );
            let blanked: Vec<Token> = tokens
                .into_iter()
                .map(|t| Token {
                    text: if t.text == "通話" {
                        t.text
                    } else {
                        String::new()
                    },
                    ..t
                })
                .collect();
            assert_eq!(
                decode(text, &bytes, |t| t == "通話"),
                Some(blanked),
                "{text}"
            );
        }
    }

    #[test]
    fn bytes_that_do_not_fit_the_text_are_refused() {
        let text = "テレワーク";
        let bytes = encode(
            text,
            &[Token {
                text: "テレワーク".into(),
                from: 0,
                to: text.len(),
                position: 0,
            }],
        );
        assert_eq!(decode("テレ", &bytes, |_| true), None);
        assert_eq!(decode(text, &bytes[..bytes.len() - 1], |_| true), None);
        assert_eq!(decode(text, &[0x80; 12], |_| true), None);
        assert_eq!(
            decode(text, &[0, 1, 0, 0], |_| true),
            None,
            "not a character boundary"
        );
    }
}
