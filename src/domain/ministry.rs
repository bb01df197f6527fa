//! The organisations (府省等) that report, and how users may name them.
//!
//! The report itself only lists Japanese names in its contents; this table adds the English
//! name, a short ASCII code (used in passage ids) and accepted aliases. It is the one place
//! that knows about organisations: the parser looks names up here, and the search filter
//! resolves what a user typed here.

use unicode_normalization::UnicodeNormalization;

/// One organisation as known to this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownMinistry {
    /// Official Japanese name, as written in the report's contents.
    pub name: &'static str,
    /// Official English name.
    pub english: &'static str,
    /// Short ASCII code, used in passage ids (`2023-cao-07`).
    pub code: &'static str,
    /// Other names users may type (e.g. 原子力規制庁).
    pub aliases: &'static [&'static str],
}

const fn m(
    name: &'static str,
    english: &'static str,
    code: &'static str,
    aliases: &'static [&'static str],
) -> KnownMinistry {
    KnownMinistry {
        name,
        english,
        code,
        aliases,
    }
}

/// The 26 organisations of the 令和5年度 report, in the contents' page order.
pub const MINISTRIES: &[KnownMinistry] = &[
    m("内閣官房", "Cabinet Secretariat", "cas", &[]),
    m(
        "内閣法制局",
        "Cabinet Legislation Bureau",
        "clb",
        &["法制局"],
    ),
    m("内閣府", "Cabinet Office", "cao", &[]),
    m("宮内庁", "Imperial Household Agency", "iha", &[]),
    m(
        "公正取引委員会",
        "Japan Fair Trade Commission",
        "jftc",
        &["公取委", "公取"],
    ),
    m("警察庁", "National Police Agency", "npa", &[]),
    m(
        "個人情報保護委員会",
        "Personal Information Protection Commission",
        "ppc",
        &[],
    ),
    m("金融庁", "Financial Services Agency", "fsa", &[]),
    m("消費者庁", "Consumer Affairs Agency", "caa", &[]),
    m(
        "カジノ管理委員会",
        "Japan Casino Regulatory Commission",
        "jcrc",
        &[],
    ),
    m("デジタル庁", "Digital Agency", "digital", &[]),
    m("復興庁", "Reconstruction Agency", "rc", &[]),
    m(
        "総務省",
        "Ministry of Internal Affairs and Communications",
        "mic",
        &[],
    ),
    m("法務省", "Ministry of Justice", "moj", &[]),
    m("外務省", "Ministry of Foreign Affairs", "mofa", &[]),
    m("財務省", "Ministry of Finance", "mof", &[]),
    m(
        "文部科学省",
        "Ministry of Education, Culture, Sports, Science and Technology",
        "mext",
        &["文科省"],
    ),
    m(
        "厚生労働省",
        "Ministry of Health, Labour and Welfare",
        "mhlw",
        &["厚労省"],
    ),
    m(
        "農林水産省",
        "Ministry of Agriculture, Forestry and Fisheries",
        "maff",
        &["農水省"],
    ),
    m(
        "経済産業省",
        "Ministry of Economy, Trade and Industry",
        "meti",
        &["経産省"],
    ),
    m(
        "国土交通省",
        "Ministry of Land, Infrastructure, Transport and Tourism",
        "mlit",
        &["国交省"],
    ),
    m("環境省", "Ministry of the Environment", "env", &[]),
    m(
        "原子力規制委員会",
        "Nuclear Regulation Authority",
        "nra",
        &["原子力規制庁"],
    ),
    m("防衛省", "Ministry of Defense", "mod", &[]),
    m("人事院", "National Personnel Authority", "jinji", &[]),
    m("会計検査院", "Board of Audit of Japan", "boa", &[]),
];

/// Suffixes a user may leave off (`総務` for 総務省) where the rest is unambiguous.
const SUFFIXES: &[&str] = &["委員会", "省", "庁"];

/// Looks up an organisation by its official name as written in a report's contents.
pub fn by_official_name(name: &str) -> Option<&'static KnownMinistry> {
    MINISTRIES.iter().find(|m| m.name == name)
}

/// Folds what a user typed for comparison: NFKC, lowercase, no spaces.
pub fn fold(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The short form of a name: without its 省/庁/委員会… suffix.
pub fn stem(name: &str) -> &str {
    SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(name)
}

/// How a name typed by a user resolves against a list of organisation names.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one organisation.
    Found(String),
    /// A short form that several organisations share.
    Ambiguous(Vec<String>),
    /// No organisation; the closest names, best first.
    Unknown(Vec<String>),
}

/// Resolves `typed` against `names` (official Japanese names present in an index).
///
/// Accepted: the official name, the name without its suffix where unambiguous, the English
/// name, the ASCII code and the aliases of [`MINISTRIES`]; all compared after NFKC and
/// lowercasing.
pub fn resolve(typed: &str, names: &[String]) -> Resolution {
    let want = fold(typed);
    let spellings = |name: &str| -> Vec<String> {
        let mut all = vec![fold(name)];
        if let Some(k) = by_official_name(name) {
            all.push(fold(k.english));
            all.push(fold(k.code));
            all.extend(k.aliases.iter().map(|a| fold(a)));
            // "Ministry of Justice" may also be typed as "justice".
            if let Some(rest) = k.english.strip_prefix("Ministry of ") {
                all.push(fold(rest));
            }
        }
        all
    };
    if let Some(hit) = names.iter().find(|n| spellings(n).contains(&want)) {
        return Resolution::Found(hit.clone());
    }
    let by_stem: Vec<String> = names
        .iter()
        .filter(|n| fold(stem(n)) == want)
        .cloned()
        .collect();
    match by_stem.len() {
        1 => return Resolution::Found(by_stem[0].clone()),
        n if n > 1 => return Resolution::Ambiguous(by_stem),
        _ => {}
    }
    let prefixed: Vec<String> = names
        .iter()
        .filter(|n| !want.is_empty() && spellings(n).iter().any(|s| s.starts_with(&want)))
        .cloned()
        .collect();
    match prefixed.len() {
        1 => return Resolution::Found(prefixed[0].clone()),
        n if n > 1 => return Resolution::Ambiguous(prefixed),
        _ => {}
    }
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .map(|n| {
            let best = spellings(n)
                .iter()
                .map(|s| similarity(&want, s))
                .fold(0.0, f64::max);
            (best, n)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    Resolution::Unknown(
        scored
            .into_iter()
            .filter(|(s, _)| *s >= 0.2)
            .take(3)
            .map(|(_, n)| n.clone())
            .collect(),
    )
}

/// Dice similarity over character bigrams (single characters for one-character strings), for
/// "did you mean".
///
/// Not `strsim::sorensen_dice`: strsim 0.11 divides by the strings' lengths in bytes, so
/// Japanese (three bytes a character) scores about a third of what the same words would in
/// ASCII, and section titles would stop matching (see the test).
pub fn similarity(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() == 1 {
            return vec![(chars[0], '\0')];
        }
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    }
    let (ga, mut gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let total = (ga.len() + gb.len()) as f64;
    let mut shared = 0usize;
    for g in &ga {
        if let Some(i) = gb.iter().position(|x| x == g) {
            gb.swap_remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_counts_characters_not_bytes() {
        // 4 shared bigrams of 4 + 6.
        assert_eq!(similarity("テレワーク", "テレワーク推進"), 0.8);
        assert_eq!(similarity("abcde", "abcdefg"), 0.8);
        assert_eq!(similarity("法", "法"), 1.0);
    }

    fn names() -> Vec<String> {
        MINISTRIES.iter().map(|m| m.name.to_string()).collect()
    }

    #[test]
    fn resolves_official_short_english_and_alias() {
        let n = names();
        let found = |s: &str| resolve(s, &n);
        assert_eq!(found("総務省"), Resolution::Found("総務省".into()));
        assert_eq!(found("総務"), Resolution::Found("総務省".into()));
        assert_eq!(
            found("ministry of justice"),
            Resolution::Found("法務省".into())
        );
        assert_eq!(
            found("Digital Agency"),
            Resolution::Found("デジタル庁".into())
        );
        assert_eq!(
            found("原子力規制庁"),
            Resolution::Found("原子力規制委員会".into())
        );
        assert_eq!(found("ﾃﾞｼﾞﾀﾙ庁"), Resolution::Found("デジタル庁".into()));
        assert_eq!(found("mhlw"), Resolution::Found("厚生労働省".into()));
    }

    #[test]
    fn unknown_names_get_the_closest_suggestions() {
        match resolve("総務庁", &names()) {
            Resolution::Unknown(s) => assert_eq!(s[0], "総務省"),
            other => panic!("expected unknown, got {other:?}"),
        }
        // Nothing close: no far-fetched suggestions.
        assert_eq!(resolve("foo", &names()), Resolution::Unknown(vec![]));
    }

    #[test]
    fn a_shared_prefix_is_ambiguous() {
        match resolve("内閣", &names()) {
            Resolution::Ambiguous(c) => assert_eq!(c, vec!["内閣官房", "内閣法制局", "内閣府"]),
            other => panic!("内閣 starts three names: {other:?}"),
        }
        assert_eq!(
            resolve("公正取引", &names()),
            Resolution::Found("公正取引委員会".into())
        );
        assert!(matches!(resolve("内閣法", &names()), Resolution::Found(_)));
    }
}
