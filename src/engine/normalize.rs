//! Matching keys: the normalised form of a word that alignment compares.
//!
//! Output always shows the original text; only keys are normalised. The tables follow CAMeL
//! Tools (`normalize_alef_ar`, `normalize_alef_maksura_ar`, `normalize_teh_marbuta_ar`,
//! `dediac_ar`) and OpenITI `normalize_ara_light`.

use crate::model::MatchOptions;

/// Harakat and related marks removed by the diacritics switch: U+064B–U+0652 and U+0670.
fn is_haraka(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}')
}

/// Tatweel (kashida), removed with the diacritics.
const TATWEEL: char = '\u{0640}';

/// Invisible format characters that never take part in matching: zero-width (non-)joiners,
/// bidi marks, embeddings, overrides and isolates, word joiner, BOM.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}'
    )
}

/// `char::is_alphanumeric`, with a fast path for ASCII and the Arabic letters and digits that
/// make up most of the text (the general lookup is a binary search over Unicode tables).
#[inline]
pub fn is_alnum(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{0621}'..='\u{063A}'
        | '\u{0640}'..='\u{064A}'
        | '\u{0660}'..='\u{0669}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06F0}'..='\u{06F9}' => true,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{00AB}' | '\u{00BB}' | '\u{00A0}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Normalises words under one set of switches. Characters of the ASCII range and the Arabic
/// block (nearly all of an Arabic article) go through a table built from the general rule, so
/// the fast path cannot disagree with it.
#[derive(Clone, Debug)]
pub struct Normalizer {
    opts: MatchOptions,
    /// For U+0000–U+07FF: the key character, or `None` when the character is dropped.
    table: Vec<Option<char>>,
}

/// Characters below this go through the table.
const TABLE_END: u32 = 0x0800;

impl Normalizer {
    /// A normaliser for `opts`.
    pub fn new(opts: &MatchOptions) -> Self {
        let mut n = Self {
            opts: opts.clone(),
            table: Vec::new(),
        };
        n.table = (0..TABLE_END)
            .map(|u| char::from_u32(u).and_then(|c| n.single(c)))
            .collect();
        n
    }

    /// The general rule for one character, as a table entry. Below U+0800 every key is at most
    /// one character, except for U+0130 (İ), which the table users send to the general rule.
    fn single(&self, c: char) -> Option<char> {
        self.general(c).next()
    }

    /// The general rule: the key characters of `c` (none, one, or a multi-character lower case).
    fn general(&self, c: char) -> impl Iterator<Item = char> + use<> {
        let opts = &self.opts;
        let dropped = is_invisible_format(c)
            || (opts.diacritics && (is_haraka(c) || c == TATWEEL))
            // Apostrophes, hyphens and dots inside a word token ("don't", "3.5").
            || (opts.ignore_punctuation && !is_alnum(c) && !is_mark(c));
        let c = map_char(c, opts);
        let lower = !dropped && opts.case_fold && c.is_uppercase();
        let plain = (!dropped && !lower).then_some(c);
        plain
            .into_iter()
            .chain(lower.then(|| c.to_lowercase()).into_iter().flatten())
    }

    /// Appends the key of `word` to `out`.
    #[inline]
    pub fn push_key(&self, word: &str, out: &mut String) {
        for c in word.chars() {
            match self.table.get(c as usize) {
                Some(&Some(k)) if c != 'İ' => out.push(k),
                Some(&None) => {}
                _ => out.extend(self.general(c)),
            }
        }
    }

    /// True when the key of `word` equals `key`, stopping at the first difference.
    pub fn key_eq(&self, word: &str, key: &str) -> bool {
        let mut expected = key.chars();
        for c in word.chars() {
            let same = match self.table.get(c as usize) {
                Some(&Some(k)) if c != 'İ' => expected.next() == Some(k),
                Some(&None) => true,
                _ => self.general(c).all(|k| expected.next() == Some(k)),
            };
            if !same {
                return false;
            }
        }
        expected.next().is_none()
    }
}

/// The key of `word` as a new string.
/// Builds a [`Normalizer`] each call: for tests and one-off keys, not for loops.
pub fn key(word: &str, opts: &MatchOptions) -> String {
    let mut s = String::with_capacity(word.len());
    Normalizer::new(opts).push_key(word, &mut s);
    s
}

/// Combining marks (general category M), approximated by the Arabic, Hebrew and generic
/// combining blocks; enough to keep marks that are not removed by the diacritics switch.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08FF}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// One-character substitutions of the letter switches.
fn map_char(c: char, opts: &MatchOptions) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' if opts.alef => 'ا',
        'ى' if opts.alef_maqsura => 'ي',
        'ة' if opts.ta_marbuta => 'ه',
        'ؤ' | 'ئ' if opts.hamza => 'ء',
        'ی' if opts.persian => 'ي',
        'ک' | 'گ' if opts.persian => 'ك',
        '\u{0660}'..='\u{0669}' if opts.digits => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' if opts.digits => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

/// A loose "consonant skeleton" used to recognise spelling variants: long vowels and hamza
/// seats dropped, letters that transliterate foreign sounds alike merged (ج/غ/ك/ق for "g",
/// ت/ط, س/ص, ز/ذ/ظ, ه/ة/ا at the end).
pub fn skeleton(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let chars: Vec<char> = key.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let last = i + 1 == chars.len();
        let mapped = match c {
            'ا' | 'و' | 'ي' | 'ى' | 'ء' | 'ؤ' | 'ئ' | 'أ' | 'إ' | 'آ' if i > 0 => {
                continue;
            }
            'ه' | 'ة' if last => continue,
            'ج' | 'غ' | 'ق' | 'گ' => 'ك',
            'ط' => 'ت',
            'ص' => 'س',
            'ذ' | 'ظ' => 'ز',
            'ض' => 'د',
            'ث' => 'س',
            _ => c,
        };
        out.push(mapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> String {
        key(s, &MatchOptions::default())
    }

    #[test]
    fn removes_harakat_and_tatweel() {
        assert_eq!(k("مُحَمَّد"), "محمد");
        assert_eq!(k("العربيـــة"), "العربيه");
        assert_eq!(k("هٰذا"), "هذا");
    }

    #[test]
    fn unifies_alef_forms_maqsura_and_ta_marbuta() {
        assert_eq!(k("الأميركية"), k("الاميركيه"));
        assert_eq!(k("أردوغان"), k("إردوغان"));
        assert_eq!(k("ٱلله"), k("الله"));
        assert_eq!(k("مستشفى"), k("مستشفي"));
        assert_eq!(k("1436هـ"), k("1436ه"));
    }

    #[test]
    fn hamza_seats_only_when_enabled() {
        assert_ne!(k("الشئون"), k("الشؤون"));
        let opts = MatchOptions {
            hamza: true,
            ..MatchOptions::default()
        };
        assert_eq!(key("الشئون", &opts), key("الشؤون", &opts));
    }

    #[test]
    fn persian_letters_digits_and_case() {
        assert_eq!(k("کیف"), k("كيف"));
        assert_eq!(k("گاز"), k("كاز"));
        assert_eq!(k("٢٠٢٤"), "2024");
        assert_eq!(k("۲۰۲۴"), "2024");
        assert_eq!(k("NATO"), "nato");
        assert_eq!(k("Ärger"), "ärger");
    }

    #[test]
    fn switches_off_keep_the_letters() {
        let off = MatchOptions {
            diacritics: false,
            alef: false,
            alef_maqsura: false,
            ta_marbuta: false,
            persian: false,
            digits: false,
            case_fold: false,
            ..MatchOptions::default()
        };
        assert_eq!(key("أَ", &off), "أَ");
        assert_eq!(key("ة٢N", &off), "ة٢N");
    }

    #[test]
    fn fast_alnum_agrees_with_the_standard_library() {
        for c in ('\0'..='\u{0800}').chain(['\u{FB50}', '\u{FEFF}', '\u{1F600}', '\u{4E00}']) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn key_eq_matches_key() {
        let opts = MatchOptions::default();
        let n = Normalizer::new(&opts);
        for (w, k) in [
            ("إقرأ", "اقرا"),
            ("أيضاً", "ايضا"),
            ("NATO", "nato"),
            ("قال", "قا"),
            ("İstanbul", "i̇stanbul"),
        ] {
            assert_eq!(n.key_eq(w, k), key(w, &opts) == k, "{w}");
        }
    }

    #[test]
    fn table_agrees_with_the_general_rule() {
        for opts in [
            MatchOptions::default(),
            MatchOptions {
                diacritics: false,
                case_fold: false,
                ignore_punctuation: false,
                hamza: true,
                ..MatchOptions::default()
            },
        ] {
            let n = Normalizer::new(&opts);
            for c in ('\0'..='\u{07FF}').chain(['\u{FB50}', '\u{1F600}', 'Σ', 'İ']) {
                let mut fast = String::new();
                n.push_key(&c.to_string(), &mut fast);
                let slow: String = n.general(c).collect();
                assert_eq!(fast, slow, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn invisible_format_characters_are_ignored() {
        assert_eq!(k("شي\u{200C}جين"), "شيجين");
        assert_eq!(k("\u{202E}abc\u{202C}"), "abc");
    }

    #[test]
    fn skeleton_merges_transliteration_variants() {
        assert_eq!(skeleton(&k("أفيجدور")), skeleton(&k("أفيغدور")));
        assert_eq!(skeleton(&k("سوريا")), skeleton(&k("سورية")));
        assert_eq!(skeleton(&k("الشئون")), skeleton(&k("الشؤون")));
    }
}
