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

/// Character classes of [`Word::bins`]: a character's code point modulo 64 (the Arabic letters,
/// U+0621 to U+064A, each have their own).
const BINS: usize = 64;

/// A key with what the variant tests read of it, worked out once: in [`pair_in_context`] each
/// word of a stretch is tested against every word of the other (on an unrelated 100k-word pair
/// the tests took a tenth of the CPU, most of it counting characters, building skeletons and
/// edit distances of words that share few letters).
struct Word<'k> {
    key: &'k str,
    chars: usize,
    number: bool,
    /// How many of the word's characters fall in each class; left empty for a word too long to
    /// be a variant, which no test compares further.
    bins: [u8; BINS],
    /// The consonant skeleton and its length in characters, made when first asked for.
    skeleton: std::cell::OnceCell<(String, usize)>,
}

impl<'k> Word<'k> {
    fn new(key: &'k str) -> Self {
        let mut bins = [0u8; BINS];
        let mut chars = 0usize;
        let mut number = true;
        for c in key.chars() {
            chars += 1;
            number &= c.is_ascii_digit();
            if chars <= MAX_VARIANT_CHARS {
                bins[c as usize % BINS] += 1;
            }
        }
        if chars > MAX_VARIANT_CHARS {
            bins = [0; BINS];
        }
        Self {
            key,
            chars,
            number,
            bins,
            skeleton: std::cell::OnceCell::new(),
        }
    }

    fn too_long(&self) -> bool {
        self.chars > MAX_VARIANT_CHARS
    }

    fn skeleton(&self) -> &(String, usize) {
        self.skeleton.get_or_init(|| {
            let s = skeleton(self.key);
            let n = chars(&s);
            (s, n)
        })
    }

    /// [`in_context`].
    fn in_context(&self, other: &Word) -> bool {
        let (a, b) = (self, other);
        if a.key == b.key || a.too_long() || b.too_long() || a.number || b.number {
            return false;
        }
        let shortest = a.chars.min(b.chars);
        if clitic_pair(a, b) {
            return true;
        }
        // Neither a small edit nor the same skeleton can bridge a larger difference in length.
        if a.chars.abs_diff(b.chars) > 3 || shortest < 4 {
            return false;
        }
        let limit = (shortest / 4).max(1);
        if apart_at_least(&a.bins, &b.bins) <= limit && osa_distance(a.key, b.key) <= limit {
            return true;
        }
        let ((sa, sa_chars), (sb, _)) = (a.skeleton(), b.skeleton());
        *sa_chars >= 3 && sa == sb
    }

    /// [`joined`], with `self` and `second` the split name.
    fn joined(&self, second: &Word, merged: &Word) -> bool {
        let first = self;
        if first.too_long()
            || second.too_long()
            || merged.too_long()
            || first.chars < 2
            || second.chars < 2
            || first.number
            || second.number
        {
            return false;
        }
        let joined_len = first.key.len() + second.key.len();
        if joined_len == merged.key.len() {
            return merged.key.starts_with(first.key) && merged.key.ends_with(second.key);
        }
        // One edit changes the length by at most one character (at most 4 bytes in UTF-8).
        let joined_chars = first.chars + second.chars;
        if joined_len.abs_diff(merged.key.len()) > 4
            || joined_chars < 6
            || joined_chars.abs_diff(merged.chars) > 1
        {
            return false;
        }
        let mut bins = first.bins;
        for (x, y) in bins.iter_mut().zip(&second.bins) {
            *x += y;
        }
        if apart_at_least(&bins, &merged.bins) > 1 {
            return false;
        }
        let joined = format!("{}{}", first.key, second.key);
        osa_distance(&joined, merged.key) <= 1
    }
}

/// A lower bound on the edit distance (insertions, deletions, substitutions, adjacent
/// transpositions) of two words from their character classes: each edit takes at most one
/// character out of a class and puts at most one into another, and a transposition moves none.
/// So at least as many edits are needed as there are characters of one word that the other's
/// classes cannot take. The filter in front of `osa_distance`, whose answer it never changes.
fn apart_at_least(a: &[u8; BINS], b: &[u8; BINS]) -> usize {
    let (mut surplus, mut deficit) = (0usize, 0usize);
    for (&x, &y) in a.iter().zip(b) {
        surplus += usize::from(x.saturating_sub(y));
        deficit += usize::from(y.saturating_sub(x));
    }
    surplus.max(deficit)
}

/// True when one key is the other with a proclitic in front.
fn clitic_pair(a: &Word, b: &Word) -> bool {
    let (long, short) = if a.key.len() > b.key.len() {
        (a, b)
    } else {
        (b, a)
    };
    let (long_key, short_key) = (long.key, short.key);
    // The same as stripping each proclitic and comparing what is left with the short key.
    short.chars >= 2
        && long_key.len() > short_key.len()
        && long_key.ends_with(short_key)
        && PROCLITICS
            .iter()
            .any(|p| p.len() == long_key.len() - short_key.len() && long_key.starts_with(p))
}

/// Variant test for two single words in aligned context.
pub fn in_context(a: &str, b: &str) -> bool {
    Word::new(a).in_context(&Word::new(b))
}

/// Variant test for a name split on one side and merged on the other (جين بينغ ↔ جينبينغ).
pub fn joined(first: &str, second: &str, merged: &str) -> bool {
    Word::new(first).joined(&Word::new(second), &Word::new(merged))
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
    let a: Vec<Word> = a.iter().map(|k| Word::new(k)).collect();
    let b: Vec<Word> = b.iter().map(|k| Word::new(k)).collect();
    let w = q + 1;
    // score[i * w + j]: best number of paired words among a[..i], b[..j].
    let mut score = vec![0u32; (p + 1) * w];
    let mut step = vec![(0u8, 0u8); (p + 1) * w];
    for i in 0..=p {
        for j in 0..=q {
            // Each way in is taken only when it scores higher than the best so far, and a
            // variant test runs only when its pairing would.
            let mut best = (0u32, (0u8, 0u8));
            if i > 0 && score[(i - 1) * w + j] > best.0 {
                best = (score[(i - 1) * w + j], (1, 0));
            }
            if j > 0 && score[i * w + j - 1] > best.0 {
                best = (score[i * w + j - 1], (0, 1));
            }
            if i > 0 && j > 0 {
                let s = score[(i - 1) * w + j - 1] + 2;
                if s > best.0 && a[i - 1].in_context(&b[j - 1]) {
                    best = (s, (1, 1));
                }
            }
            if i > 1 && j > 0 {
                let s = score[(i - 2) * w + j - 1] + 3;
                if s > best.0 && a[i - 2].joined(&a[i - 1], &b[j - 1]) {
                    best = (s, (2, 1));
                }
            }
            if i > 0 && j > 1 {
                let s = score[(i - 1) * w + j - 2] + 3;
                if s > best.0 && b[j - 2].joined(&b[j - 1], &a[i - 1]) {
                    best = (s, (1, 2));
                }
            }
            score[i * w + j] = best.0;
            step[i * w + j] = best.1;
        }
    }
    pairings(&step, p, q)
}

/// The pairings on the best path through a filled table of `step`s (`(p + 1) × (q + 1)`, each
/// cell the words it took from each side), from the last cell back.
fn pairings(step: &[(u8, u8)], p: usize, q: usize) -> Vec<Pairing> {
    let w = q + 1;
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

    /// The variant tests as they were before [`Word`] (each computed from the two strings
    /// alone), kept to hold the faster ones to the same answers.
    mod before {
        use super::super::{MAX_CELLS, PROCLITICS, Pairing, chars, is_number, too_long};
        use crate::engine::normalize::skeleton;
        use strsim::osa_distance;

        fn clitic_pair(a: &str, b: &str) -> bool {
            let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
            chars(short) >= 2
                && PROCLITICS
                    .iter()
                    .any(|p| long.strip_prefix(p).is_some_and(|rest| rest == short))
        }

        pub fn in_context(a: &str, b: &str) -> bool {
            if a == b || too_long(a, b) || is_number(a) || is_number(b) {
                return false;
            }
            let (la, lb) = (chars(a), chars(b));
            let shortest = la.min(lb);
            if clitic_pair(a, b) {
                return true;
            }
            if la.abs_diff(lb) > 3 {
                return false;
            }
            if shortest >= 4 && osa_distance(a, b) <= (shortest / 4).max(1) {
                return true;
            }
            let (sa, sb) = (skeleton(a), skeleton(b));
            shortest >= 4 && chars(&sa) >= 3 && sa == sb
        }

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
            if joined_len.abs_diff(merged.len()) > 4 {
                return false;
            }
            let joined = format!("{first}{second}");
            chars(&joined) >= 6 && osa_distance(&joined, merged) <= 1
        }

        pub fn pair_in_context(a: &[&str], b: &[&str]) -> Vec<Pairing> {
            let (p, q) = (a.len(), b.len());
            if p == 0 || q == 0 || (p + 1) * (q + 1) > MAX_CELLS {
                return Vec::new();
            }
            // As rows here; the path back reads the table flat.
            let mut score = vec![vec![0u32; q + 1]; p + 1];
            let mut step = vec![vec![(0u8, 0u8); q + 1]; p + 1];
            for (i, j) in (0..=p).flat_map(|i| (0..=q).map(move |j| (i, j))) {
                let mut best = (0u32, (0u8, 0u8));
                let mut consider = |s: u32, st: (u8, u8)| {
                    if s > best.0 {
                        best = (s, st);
                    }
                };
                if i > 0 {
                    consider(score[i - 1][j], (1, 0));
                }
                if j > 0 {
                    consider(score[i][j - 1], (0, 1));
                }
                if i > 0 && j > 0 && in_context(a[i - 1], b[j - 1]) {
                    consider(score[i - 1][j - 1] + 2, (1, 1));
                }
                if i > 1 && j > 0 && joined(a[i - 2], a[i - 1], b[j - 1]) {
                    consider(score[i - 2][j - 1] + 3, (2, 1));
                }
                if i > 0 && j > 1 && joined(b[j - 2], b[j - 1], a[i - 1]) {
                    consider(score[i - 1][j - 2] + 3, (1, 2));
                }
                score[i][j] = best.0;
                step[i][j] = best.1;
            }
            let step: Vec<(u8, u8)> = step.concat();
            // The path back through the table was not changed.
            super::super::pairings(&step, p, q)
        }
    }

    /// Random words over letters that the tests treat specially (weak letters and hamzas the
    /// skeleton drops, letters it merges, proclitics, digits), and near copies of them: a few
    /// edits, a proclitic added or dropped, a split, or a word of no relation.
    struct Words(u64);

    impl Words {
        const LETTERS: &'static [char] = &[
            'ا', 'و', 'ي', 'ى', 'ء', 'ؤ', 'ئ', 'أ', 'إ', 'ه', 'ة', 'ج', 'غ', 'ق', 'ك', 'ط', 'ت',
            'ص', 'س', 'ذ', 'ز', 'ض', 'د', 'ث', 'ب', 'ل', 'ف', 'م', 'ن', 'ر', 'ش', '1', '2', 'a',
            'é', 'ـ',
        ];

        fn next(&mut self, n: usize) -> usize {
            // xorshift64*
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        }

        fn word(&mut self) -> String {
            if self.next(20) == 0 {
                return (0..1 + self.next(5))
                    .map(|_| char::from(b'0' + self.next(10) as u8))
                    .collect();
            }
            let len = if self.next(30) == 0 {
                38 + self.next(6)
            } else {
                1 + self.next(11)
            };
            (0..len)
                .map(|_| Self::LETTERS[self.next(Self::LETTERS.len())])
                .collect()
        }

        fn near(&mut self, w: &str) -> String {
            let mut c: Vec<char> = w.chars().collect();
            match self.next(6) {
                0 => return self.word(),
                1 => return format!("{}{w}", PROCLITICS[self.next(PROCLITICS.len())]),
                2 => {
                    let p = PROCLITICS[self.next(PROCLITICS.len())];
                    return w.strip_prefix(p).unwrap_or(w).to_owned();
                }
                _ => {}
            }
            for _ in 0..1 + self.next(3) {
                let at = self.next(c.len() + 1);
                let letter = Self::LETTERS[self.next(Self::LETTERS.len())];
                match self.next(4) {
                    0 => c.insert(at, letter),
                    1 if at < c.len() => {
                        c.remove(at);
                    }
                    2 if at < c.len() => c[at] = letter,
                    _ if at + 1 < c.len() => c.swap(at, at + 1),
                    _ => {}
                }
            }
            c.into_iter().collect()
        }
    }

    #[test]
    fn word_tests_give_the_answers_of_the_string_tests() {
        let mut g = Words(0x9E37_79B9_7F4A_7C15);
        let (mut context, mut joins) = (0, 0);
        for _ in 0..60_000 {
            let a = g.word();
            let b = g.near(&a);
            let expected = before::in_context(&a, &b);
            assert_eq!(in_context(&a, &b), expected, "{a:?} / {b:?}");
            assert_eq!(
                in_context(&b, &a),
                before::in_context(&b, &a),
                "{b:?} / {a:?}"
            );
            context += usize::from(expected);
            // A split of `a` (or of a near copy) against `b`.
            let whole: Vec<char> = g.near(&a).chars().collect();
            let cut = g.next(whole.len() + 1);
            let first: String = whole[..cut].iter().collect();
            let second: String = whole[cut..].iter().collect();
            let expected = before::joined(&first, &second, &b);
            assert_eq!(
                joined(&first, &second, &b),
                expected,
                "{first:?} + {second:?} / {b:?}"
            );
            joins += usize::from(expected);
        }
        // The generator reaches both answers of both tests.
        assert!(
            context > 1_000 && joins > 100,
            "{context} variants, {joins} joins"
        );
    }

    #[test]
    fn stretch_pairing_gives_the_pairs_it_gave_before() {
        let mut g = Words(0xD1B5_4A32_D192_ED03);
        let mut paired = 0;
        for _ in 0..3_000 {
            let a: Vec<String> = (0..1 + g.next(9)).map(|_| g.word()).collect();
            let b: Vec<String> = (0..1 + g.next(9))
                .map(|_| {
                    let w = &a[g.next(a.len())];
                    g.near(w)
                })
                .collect();
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let b: Vec<&str> = b.iter().map(String::as_str).collect();
            let expected = before::pair_in_context(&a, &b);
            assert_eq!(pair_in_context(&a, &b), expected, "{a:?} / {b:?}");
            paired += expected.len();
        }
        assert!(paired > 1_000, "{paired} pairings");
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
