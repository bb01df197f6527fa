//! NFKC before segmentation, as lindera's `UnicodeNormalizeCharacterFilter` does it (grapheme
//! by grapheme, a transformation recorded where the length changes), but without splitting
//! the whole text into graphemes: most of the report is kana, kanji and ASCII, which NFKC
//! leaves alone ([`keeps`]). Only the stretches around other characters, with one kept
//! character on each side, go through lindera's steps, so the text and the offsets are the
//! same as lindera's (tested on the whole report).

use lindera::LinderaResult;
use lindera_analysis::character_filter::{CharacterFilter, OffsetMapping, Transformation};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

/// A character that NFKC leaves as it is whatever surrounds it, that combines with nothing
/// before it and that starts and ends a grapheme of its own (but for CR LF, which NFKC also
/// leaves alone): ASCII, hiragana, katakana, CJK ideographs.
pub(crate) fn keeps(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// Every character [`keeps`] accepts (for the tests here and of the bigrams).
#[cfg(test)]
pub(super) fn kept_chars() -> impl Iterator<Item = char> {
    let ranges = [
        0x0..0x80,
        0x3041..0x3097,
        0x30A1..0x30FB,
        0x30FC..0x30FD,
        0x4E00..0xA000,
    ];
    ranges.into_iter().flatten().filter_map(char::from_u32)
}

/// The NFKC character filter.
#[derive(Debug, Clone, Default)]
pub(crate) struct Nfkc;

impl CharacterFilter for Nfkc {
    fn name(&self) -> &str {
        "nfkc_kept_runs"
    }

    fn apply(&self, text: &mut String) -> LinderaResult<OffsetMapping> {
        if text.chars().all(keeps) {
            return Ok(OffsetMapping::new());
        }
        let mut out = String::with_capacity(text.len());
        let mut mapping = OffsetMapping::new();
        let mut done = 0;
        let mut last_kept: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if keeps(c) {
                last_kept = Some(at);
                continue;
            }
            // The stretch: the kept character before (a mark may combine with it), every
            // character up to the next kept one, and that one (a prepended mark joins it).
            let start = last_kept.filter(|&k| k >= done).unwrap_or(at);
            let mut end = at + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                chars.next();
                end = i + d.len_utf8();
                if keeps(d) && chars.peek().is_none_or(|&(_, e)| keeps(e)) {
                    break;
                }
            }
            out.push_str(&text[done..start]);
            graphemes(&text[start..end], start, &mut out, &mut mapping);
            done = end;
            last_kept = None;
        }
        out.push_str(&text[done..]);
        *text = out;
        Ok(mapping)
    }
}

/// Lindera's steps on `stretch`, which starts at byte `offset` of the text.
fn graphemes(stretch: &str, offset: usize, out: &mut String, mapping: &mut OffsetMapping) {
    let mut input_start = offset;
    for g in stretch.graphemes(true) {
        let input_len = g.len();
        if is_nfkc_quick(g.chars()) == IsNormalized::Yes {
            out.push_str(g);
        } else {
            let replacement: String = g.nfkc().collect();
            if replacement.len() != input_len {
                mapping.add_transformation(Transformation::new(
                    input_start,
                    input_start + input_len,
                    out.len(),
                    out.len() + replacement.len(),
                ));
            }
            out.push_str(&replacement);
        }
        input_start += input_len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lindera_analysis::character_filter::unicode_normalize::{
        UnicodeNormalizeCharacterFilter, UnicodeNormalizeKind,
    };
    use unicode_normalization::char::canonical_combining_class;

    fn both(text: &str) -> ((String, OffsetMapping), (String, OffsetMapping)) {
        let lindera = UnicodeNormalizeCharacterFilter::new(UnicodeNormalizeKind::NFKC);
        let (mut a, mut b) = (text.to_string(), text.to_string());
        let ma = lindera.apply(&mut a).unwrap();
        let mb = Nfkc.apply(&mut b).unwrap();
        ((a, ma), (b, mb))
    }

    #[test]
    fn the_same_text_and_offsets_as_lindera() {
        let report = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wlb-followup-r5.txt"),
        )
        .unwrap();
        let mut texts: Vec<String> = report.lines().map(str::to_string).collect();
        texts.push(report);
        for tricky in [
            "",
            "ﾃﾚﾜｰｸ",
            "ﾃﾞｼﾞﾀﾙ化ｶﾞ",
            "か\u{3099}き\u{309A}",
            "e\u{0301}a\u{0301}\u{0327}x",
            "\u{0301}start",
            "end\u{0301}",
            "ＤＸ１ｏｎ１（テレワーク）：　育休・ＤＸ",
            "\r\n\u{0301}\r\n",
            "a\u{0600}b\u{0600}\u{0600}c",
            "👨\u{200D}👩\u{200D}👧 ok",
            "🇯🇵🇯a",
            "각ᄀ\u{1161}\u{11A8}가",
            "㍻①Ⅱ.1.(2)ｱ",
            "テ\u{FF9E}レ",
        ] {
            texts.push(tricky.to_string());
        }
        for text in texts {
            let (lindera, ours) = both(&text);
            assert_eq!(ours, lindera, "{text:?}");
        }
    }

    /// Random strings over characters that NFKC or grapheme segmentation treat specially,
    /// mixed with kept ones (a fixed seed: the same strings every run).
    #[test]
    fn the_same_as_lindera_on_random_mixtures() {
        let pool: Vec<char> =
            "aZ1 \r\n\tかカ漢ーｶﾞﾟ\u{3099}\u{309A}\u{0301}\u{0327}\u{200D}\u{0600}\u{0903}\
             ＡＢ１（）：　・･㍻①Ⅱ\u{1100}\u{1161}\u{11A8}각🇯🇵👩\u{FE0F}\u{FF9E}ﬁé\u{1E0A}\u{0323}"
                .chars()
                .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3_000 {
            let len = (next() % 12) as usize;
            let text: String = (0..len)
                .map(|_| pool[(next() % pool.len() as u64) as usize])
                .collect();
            let (lindera, ours) = both(&text);
            assert_eq!(ours, lindera, "{text:?}");
        }
    }

    #[test]
    fn kept_characters_are_left_alone_and_stand_alone() {
        for c in kept_chars() {
            assert!(keeps(c));
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            if c != '\r' && c != '\n' {
                assert_eq!(format!("x{c}y").graphemes(true).count(), 3, "{c:?}");
            }
        }
    }
}
