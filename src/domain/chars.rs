//! Character classes of Japanese text, defined once: the parser, the analyzer, the query planner
//! and the section reader all ask these questions.

/// Whether `c` is a "wide" character: kana, kanji and full-width forms.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // CJK radicals, kana, CJK symbols, unified ideographs
        | 0x2460..=0x24FF    // circled numbers
        | 0x25A0..=0x25FF    // geometric shapes (○ ■)
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFFEF    // full-width and half-width forms
        | 0x20000..=0x3FFFF) // rare ideographs
        || c == '・'
}

/// Whether `c` is a kanji (CJK unified ideograph, extension A, or the repetition mark 々).
pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// Whether `c` is hiragana.
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Whether `c` is a full-width katakana letter or the prolonged sound mark.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// Like [`is_katakana`], also for half-width katakana (ｱ–ﾟ).
pub fn is_katakana_any_width(c: char) -> bool {
    is_katakana(c) || matches!(c, '\u{FF66}'..='\u{FF9F}')
}

/// The number of a circled digit (① is 1, ⑳ is 20).
pub fn circled(c: char) -> Option<u32> {
    matches!(c as u32, 0x2460..=0x2473).then(|| c as u32 - 0x2460 + 1)
}

/// The value of an ASCII or full-width digit.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_kanji('取') && is_kanji('々') && !is_kanji('と'));
        assert!(is_hiragana('と') && !is_hiragana('ト'));
        assert!(is_katakana('ト') && is_katakana('ー') && !is_katakana('ﾄ'));
        assert!(is_katakana_any_width('ﾄ'));
        assert_eq!(
            (circled('①'), circled('⑳'), circled('1')),
            (Some(1), Some(20), None)
        );
        assert_eq!(
            (digit('7'), digit('７'), digit('a')),
            (Some(7), Some(7), None)
        );
        assert!(is_wide('テ') && is_wide('・') && !is_wide('a'));
    }
}
