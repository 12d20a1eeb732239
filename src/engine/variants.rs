//! Spelling variants: words that differ but correspond.
//!
//! Two tests, one strict and one loose. Inside a gap between matched words (aligned context) a
//! loose test is enough: a clitic added or dropped (قال ↔ وقال), a small edit (سوريا ↔ سورية), the
//! same consonant skeleton (أفيجدور ↔ أفيغدور), or a split/merged name (جين بينغ ↔ جينبينغ). Without
//! context (a name spelled differently in otherwise different sentences), only rare words with a
//! single edit inside the word (أوشاكوف ↔ أوتشاكوف) or an exact split/merge are paired.

use strsim::osa_distance;

use super::normalize::skeleton;

/// Proclitics (conjunctions, prepositions, the article) that attach to Arabic words.
const PROCLITICS: &[&str] = &[
    "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
];

/// Words longer than this (in characters) are never spelling variants: names and words are
/// short, and the edit distance is quadratic in length (a 60 000-letter "word" took 26 s).
pub const MAX_VARIANT_CHARS: usize = 40;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// True when either key is too long to be compared as a variant.
fn too_long(a: &str, b: &str) -> bool {
    // Bytes bound characters from above: cheap check first.
    (a.len() > MAX_VARIANT_CHARS && chars(a) > MAX_VARIANT_CHARS)
        || (b.len() > MAX_VARIANT_CHARS && chars(b) > MAX_VARIANT_CHARS)
}

fn is_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

/// True when one key is the other with a proclitic in front.
fn clitic_pair(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    chars(short) >= 2
        && PROCLITICS
            .iter()
            .any(|p| long.strip_prefix(p).is_some_and(|rest| rest == short))
}

/// Variant test for two single words in aligned context.
pub fn in_context(a: &str, b: &str) -> bool {
    if a == b || too_long(a, b) || is_number(a) || is_number(b) {
        return false;
    }
    let (la, lb) = (chars(a), chars(b));
    let shortest = la.min(lb);
    if clitic_pair(a, b) {
        return true;
    }
    // Neither a small edit nor the same skeleton can bridge a larger difference in length.
    if la.abs_diff(lb) > 3 {
        return false;
    }
    if shortest >= 4 && osa_distance(a, b) <= (shortest / 4).max(1) {
        return true;
    }
    let (sa, sb) = (skeleton(a), skeleton(b));
    shortest >= 4 && chars(&sa) >= 3 && sa == sb
}

/// Variant test for a name split on one side and merged on the other (جين بينغ ↔ جينبينغ).
pub fn joined(first: &str, second: &str, merged: &str) -> bool {
    if too_long(first, second)
        || too_long(merged, "")
        || chars(first) < 2
        || chars(second) < 2
        || is_number(first)
        || is_number(second)
    {
        return false;
    }
    let joined_len = first.len() + second.len();
    if joined_len == merged.len() {
        return merged.starts_with(first) && merged.ends_with(second);
    }
    // One edit changes the length by at most one character (at most 4 bytes in UTF-8).
    if joined_len.abs_diff(merged.len()) > 4 {
        return false;
    }
    let joined = format!("{first}{second}");
    chars(&joined) >= 6 && osa_distance(&joined, merged) <= 1
}

/// Variant test without context: one edit strictly inside two longer words.
pub fn without_context(a: &str, b: &str) -> bool {
    if a == b || too_long(a, b) || chars(a) < 5 || chars(b) < 5 || is_number(a) || is_number(b) {
        return false;
    }
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let suffix = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix >= 2 && suffix >= 2 && osa_distance(a, b) == 1
}

/// How two stretches of words inside one gap pair up as variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pairing {
    /// First word on side A (index into the gap's A words).
    pub a: usize,
    /// Number of A words (1 or 2).
    pub a_len: usize,
    /// First word on side B.
    pub b: usize,
    /// Number of B words (1 or 2).
    pub b_len: usize,
}

/// Largest replaced stretch (product of word counts plus one) paired by dynamic programming:
/// variants in aligned context are short substitutions; a longer replaced stretch is rewritten
/// text, where "pairing" would only find look-alike words by chance.
pub const MAX_CELLS: usize = 100;

/// True when a replaced stretch of `p` ↔ `q` words is small enough for [`pair_in_context`] to
/// pair (a caller can skip gathering the keys of a larger one).
pub fn within_pairing_bound(p: usize, q: usize) -> bool {
    p > 0 && q > 0 && (p + 1).saturating_mul(q + 1) <= MAX_CELLS
}

/// Pairs words of a replaced stretch `a` ↔ `b` (keys) in order, maximising the number of
/// paired words. Returns nothing for stretches larger than [`MAX_CELLS`].
pub fn pair_in_context(a: &[&str], b: &[&str]) -> Vec<Pairing> {
    let (p, q) = (a.len(), b.len());
    if !within_pairing_bound(p, q) {
        return Vec::new();
    }
    let w = q + 1;
    // score[i * w + j]: best number of paired words among a[..i], b[..j].
    let mut score = vec![0u32; (p + 1) * w];
    let mut step = vec![(0u8, 0u8); (p + 1) * w];
    for i in 0..=p {
        for j in 0..=q {
            let mut best = (0u32, (0u8, 0u8));
            let mut consider = |s: u32, st: (u8, u8)| {
                if s > best.0 {
                    best = (s, st);
                }
            };
            if i > 0 {
                consider(score[(i - 1) * w + j], (1, 0));
            }
            if j > 0 {
                consider(score[i * w + j - 1], (0, 1));
            }
            if i > 0 && j > 0 && in_context(a[i - 1], b[j - 1]) {
                consider(score[(i - 1) * w + j - 1] + 2, (1, 1));
            }
            if i > 1 && j > 0 && joined(a[i - 2], a[i - 1], b[j - 1]) {
                consider(score[(i - 2) * w + j - 1] + 3, (2, 1));
            }
            if i > 0 && j > 1 && joined(b[j - 2], b[j - 1], a[i - 1]) {
                consider(score[(i - 1) * w + j - 2] + 3, (1, 2));
            }
            score[i * w + j] = best.0;
            step[i * w + j] = best.1;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (p, q);
    while i > 0 || j > 0 {
        let (di, dj) = step[i * w + j];
        let (di, dj) = (usize::from(di), usize::from(dj));
        if di == 0 && dj == 0 {
            break;
        }
        if di > 0 && dj > 0 {
            out.push(Pairing {
                a: i - di,
                a_len: di,
                b: j - dj,
                b_len: dj,
            });
        }
        i -= di;
        j -= dj;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::normalize::key;
    use crate::model::MatchOptions;

    fn k(s: &str) -> String {
        key(s, &MatchOptions::default())
    }

    #[test]
    fn known_arabic_news_variants_in_context() {
        for (a, b) in [
            ("أوشاكوف", "أوتشاكوف"),
            ("الشئون", "الشؤون"),
            ("سوريا", "سورية"),
            ("أفيجدور", "أفيغدور"),
            ("اليوغا", "اليوجا"),
            ("الفيدرالية", "الفدرالية"),
            ("مسئولية", "مسؤولية"),
            ("وقال", "قال"),
        ] {
            assert!(in_context(&k(a), &k(b)), "{a} / {b}");
        }
    }

    #[test]
    fn different_words_and_numbers_are_not_variants() {
        for (a, b) in [("2023", "2024"), ("بوتين", "واشنطن"), ("في", "من")] {
            assert!(!in_context(&k(a), &k(b)), "{a} / {b}");
        }
    }

    #[test]
    fn split_and_merged_names() {
        assert!(joined(&k("جين"), &k("بينغ"), &k("جينبينغ")));
        assert!(!joined(&k("في"), &k("من"), &k("واشنطن")));
    }

    #[test]
    fn without_context_only_interior_single_edits() {
        assert!(without_context(&k("أوشاكوف"), &k("أوتشاكوف")));
        assert!(without_context(&k("أفيجدور"), &k("أفيغدور")));
        assert!(!without_context(&k("الصيني"), &k("الصينية")));
        assert!(!without_context(&k("قال"), &k("قالا")));
    }

    #[test]
    fn dp_pairs_split_name_and_spelling() {
        let a: Vec<String> = ["شي", "جين", "بينغ", "و", "أوشاكوف"]
            .iter()
            .map(|s| k(s))
            .collect();
        let b: Vec<String> = ["شي", "جينبينغ", "و", "أوتشاكوف"]
            .iter()
            .map(|s| k(s))
            .collect();
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let b: Vec<&str> = b.iter().map(String::as_str).collect();
        let p = pair_in_context(&a, &b);
        assert!(p.contains(&Pairing {
            a: 1,
            a_len: 2,
            b: 1,
            b_len: 1
        }));
        assert!(p.contains(&Pairing {
            a: 4,
            a_len: 1,
            b: 3,
            b_len: 1
        }));
    }
}
