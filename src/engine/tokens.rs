//! Word tokens with byte ranges into the original text (UAX #29 word bounds), and the interner
//! that turns matching keys into small integer ids.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use super::normalize;
use crate::model::MatchOptions;

/// One word of a text: its byte range. Offsets are `u32` to halve the memory of million-word
/// texts; [`tokenize`] stops at 4 GiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset past the last byte.
    pub end: u32,
}

/// The words of a text and, per word, the id of its matching key. The ids are their own table:
/// the aligner reads them as one slice, so a text without boilerplate hands this one over
/// instead of a copy (4 MB on a million-word text).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    /// The words, in text order.
    pub words: Vec<Word>,
    /// `ids[w]`: the interned key of `words[w]`.
    pub ids: Vec<u32>,
}

impl Word {
    /// The byte range of the word.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Interns matching keys; ids are dense from 0.
///
/// Each key is one shared allocation, held by the id table and the map: a new key costs one
/// allocation (not two copies), dropping the interner one free per key, and a story's copy of
/// an article's interner for each of its pairs copies no text.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    ids: FxHashMap<Arc<str>, u32>,
    keys: Vec<Arc<str>>,
}

impl Interner {
    /// The id of `key`, adding it when new.
    pub fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let shared: Arc<str> = key.into();
        self.keys.push(Arc::clone(&shared));
        self.ids.insert(shared, id);
        id
    }

    /// The id of `key`, if it was interned.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    /// The key of `id`.
    pub fn key(&self, id: u32) -> &str {
        self.keys.get(id as usize).map_or("", |k| k)
    }

    /// All keys, in id order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| &**k)
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Splits `text` into words and interns their keys. A token is a word when it holds a letter
/// or digit and its key is not empty (a lone tatweel or diacritic is not a word). With
/// `ignore_punctuation` off, punctuation and symbol tokens are words too.
pub fn tokenize(text: &str, opts: &MatchOptions, interner: &mut Interner) -> Tokens {
    let mut words = Vec::with_capacity(text.len() / 10);
    let mut ids = Vec::with_capacity(text.len() / 10);
    let mut key = String::new();
    let normalizer = normalize::Normalizer::new(opts);
    // A token's id depends only on its text, and an article repeats a few thousand distinct
    // tokens: looking the original text up first skips normalising all but the first of each.
    // `None` marks tokens that are not words.
    let mut seen: FxHashMap<TokenKey<'_>, Option<u32>> = FxHashMap::default();
    let mut bounds = word_bounds(text);
    while let Some((start, tok, kind)) = bounds.next_token() {
        if kind == TokenKind::Space {
            continue;
        }
        let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(start + tok.len()))
        else {
            break;
        };
        let id = match seen.get(&TokenKey::new(tok)) {
            Some(&id) => id,
            None => {
                let id = word_key(tok, opts, &normalizer, &mut key).map(|k| interner.intern(k));
                seen.insert(TokenKey::new(tok), id);
                id
            }
        };
        if let Some(id) = id {
            words.push(Word {
                start: start32,
                end: end32,
            });
            ids.push(id);
        }
    }
    Tokens { words, ids }
}

/// A token's text as a map key. A token of up to 16 bytes (nearly every Arabic word) is held in
/// the key itself, as two overlapping loads and its length, so a lookup compares integers and
/// never reads the text where the token first appeared: that read missed the cache, and a call
/// to `memcmp` per lookup was 5% of a comparison's time (issue 15). Longer tokens are compared
/// as strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum TokenKey<'t> {
    Short { len: u8, lo: u64, hi: u64 },
    Long(&'t str),
}

impl<'t> TokenKey<'t> {
    #[inline]
    fn new(tok: &'t str) -> Self {
        let b = tok.as_bytes();
        let u64_at = |c: Option<&[u8; 8]>| c.map_or(0, |w| u64::from_le_bytes(*w));
        let u32_at = |c: Option<&[u8; 4]>| c.map_or(0, |w| u64::from(u32::from_le_bytes(*w)));
        // Two loads that overlap cover every byte; with the length they tell tokens apart.
        let (lo, hi) = match b.len() {
            0 => (0, 0),
            1..=3 => {
                let at = |i: usize| u64::from(b.get(i).copied().unwrap_or(0));
                (at(0) | at(b.len() / 2) << 8 | at(b.len() - 1) << 16, 0)
            }
            4..=7 => (u32_at(b.first_chunk()), u32_at(b.last_chunk())),
            8..=16 => (u64_at(b.first_chunk()), u64_at(b.last_chunk())),
            _ => return Self::Long(tok),
        };
        Self::Short {
            len: b.len() as u8,
            lo,
            hi,
        }
    }
}

/// The matching key of one token, in `key`; `None` when the token is not a word.
fn word_key<'k>(
    tok: &str,
    opts: &MatchOptions,
    normalizer: &normalize::Normalizer,
    key: &'k mut String,
) -> Option<&'k str> {
    key.clear();
    if tok.chars().any(normalize::is_alnum) {
        normalizer.push_key(tok, key);
    } else if !opts.ignore_punctuation && !tok.chars().all(char::is_whitespace) {
        key.extend(tok.chars().filter(|&c| !normalize::is_invisible_format(c)));
    }
    (!key.is_empty()).then_some(key.as_str())
}

/// The UAX #29 word-bound tokens of `text` with their byte offsets: exactly what
/// `unicode_segmentation`'s `split_word_bound_indices` yields (a test and a fuzz target check
/// it), without its per-character table lookup for the common case.
///
/// Most of a news article is words of letters, digits and harakat between spaces, with a
/// punctuation mark here and there. A run of such letters is one token (rules WB4, WB5, WB8,
/// WB9, WB10), and a lone mark between a word and a space, or between a space and a word, is a
/// token of its own (WB999: the rules that join marks to letters, WB6, WB7 and WB11, WB12, need
/// letters or digits on both sides). Those cases are yielded directly. Everything else (other
/// scripts, marks between letters, unusual spacing) goes to `unicode-segmentation`, one stretch
/// at a time. A stretch ends only where a space or line feed is followed by a letter or digit:
/// UAX #29 always breaks there and no rule looks across that point, so segmenting the
/// stretches apart gives the same tokens as segmenting the whole.
pub fn word_bounds(text: &str) -> WordBounds<'_> {
    WordBounds {
        text,
        pos: 0,
        slow: None,
    }
}

/// Iterator of [`word_bounds`].
pub struct WordBounds<'t> {
    text: &'t str,
    /// Where the next token starts: a boundary that no UAX #29 rule looks across, preceded by
    /// the start of the text, a space, a line feed, or a word that a mark and a space follow.
    pos: usize,
    /// A stretch being segmented by `unicode-segmentation`, and its offset in `text`.
    slow: Option<(usize, UWordBoundIndices<'t>)>,
}

/// What [`WordBounds::next_token`] knows of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Spaces or a line feed.
    Space,
    /// Anything else.
    Other,
}

/// Letters, digits and combining marks whose Word_Break values make runs of them one token:
/// ALetter (ASCII and Arabic letters, tatweel), Numeric (ASCII, Arabic-Indic and Eastern
/// Arabic-Indic digits) and Extend (harakat, superscript alef).
const fn plain_word_char(c: char) -> bool {
    plain_word_start(c) || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// The ALetter and Numeric characters of [`plain_word_char`]: a run may start with them.
const fn plain_word_start(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '\u{0620}'..='\u{064A}'
                | '\u{0660}'..='\u{0669}'
                | '\u{066E}'..='\u{066F}'
                | '\u{0671}'..='\u{06D3}'
                | '\u{06D5}'
                | '\u{06F0}'..='\u{06F9}'
        )
}

/// Punctuation whose Word_Break value (Other, MidLetter, MidNum, MidNumLet, Single_Quote or
/// Double_Quote) joins nothing unless letters or digits stand on both sides of it.
const fn lone_mark(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ':'
            | ';'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '\''
            | '-'
            | '/'
            | '«'
            | '»'
            | '\u{060C}' // ،
            | '\u{061B}' // ؛
            | '\u{061F}' // ؟
            | '\u{2013}' // –
            | '\u{2014}' // —
            | '\u{201C}' // “
            | '\u{201D}' // ”
    )
}

/// Bits of [`ASCII_CLASS`] and [`ARABIC_CLASS`]: [`plain_word_char`] and [`plain_word_start`].
const PLAIN: u8 = 1;
const START: u8 = 2;

const fn class_of(c: char) -> u8 {
    (plain_word_char(c) as u8 * PLAIN) | (plain_word_start(c) as u8 * START)
}

/// [`class_of`] for ASCII.
static ASCII_CLASS: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = class_of(b as u8 as char);
        b += 1;
    }
    table
};

/// [`class_of`] for U+0600–U+06FF (two-byte UTF-8 with lead bytes 0xD8–0xDB), indexed by the
/// low two bits of the lead byte and the six bits of the continuation byte.
static ARABIC_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match char::from_u32(0x0600 + i as u32) {
            Some(c) => class_of(c),
            None => 0,
        };
        i += 1;
    }
    table
};

/// The index into [`ARABIC_CLASS`] of the two-byte character with lead byte `lead` (0xD8–0xDB)
/// and continuation byte `cont`.
#[inline]
fn arabic_index(lead: u8, cont: u8) -> usize {
    (usize::from(lead & 0x03) << 6) | usize::from(cont & 0x3F)
}

/// [`plain_word_start`] of the character at the start of `bytes`, read from its first bytes
/// for ASCII and U+0600–U+06FF; `None` when it is neither (the caller decodes it).
#[inline]
fn starts_plain(bytes: &[u8]) -> Option<bool> {
    let class = match bytes {
        [b @ 0..0x80, ..] => ASCII_CLASS[usize::from(*b)],
        [lead @ 0xD8..=0xDB, cont, ..] => ARABIC_CLASS[arabic_index(*lead, *cont)],
        _ => return None,
    };
    Some(class & START != 0)
}

/// The kind of a token from the slow path.
fn kind_of(token: &str) -> TokenKind {
    if token.bytes().all(|b| b == b' ' || b == b'\n') {
        TokenKind::Space
    } else {
        TokenKind::Other
    }
}

/// True at the end of the text, a space or a line feed.
fn at_gap(rest: &str) -> bool {
    matches!(rest.as_bytes().first(), None | Some(b' ' | b'\n'))
}

impl<'t> WordBounds<'t> {
    /// The next token, its offset and whether it is a space.
    pub fn next_token(&mut self) -> Option<(usize, &'t str, TokenKind)> {
        let start = self.pos;
        if let Some((offset, stretch)) = &mut self.slow {
            if let Some((i, token)) = stretch.next() {
                return Some((*offset + i, token, kind_of(token)));
            }
            self.slow = None;
        }
        let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
        if let Some((len, kind)) = Self::fast_token(rest) {
            self.pos = start + len;
            return Some((start, &rest[..len], kind));
        }
        let end = Self::stretch_end(rest);
        self.pos = start + end;
        let mut stretch = rest[..end].split_word_bound_indices();
        let first = stretch.next();
        self.slow = Some((start, stretch));
        first.map(|(i, token)| (start + i, token, kind_of(token)))
    }

    /// The token at the start of `rest` when it is one of the common shapes.
    fn fast_token(rest: &str) -> Option<(usize, TokenKind)> {
        let bytes = rest.as_bytes();
        // The shapes of nearly every token, told by their first bytes without decoding: a word
        // of letters and digits followed by a space, a line feed or the end; a run of spaces
        // before a word. Anything else is decided below, character by character.
        if starts_plain(bytes) == Some(true) {
            let end = Self::plain_run(rest);
            if matches!(bytes.get(end), None | Some(b' ' | b'\n')) {
                return Some((end, TokenKind::Other));
            }
        } else if bytes.first() == Some(&b' ') {
            let n = bytes.iter().take_while(|&&b| b == b' ').count();
            let next = &bytes[n..];
            if matches!(next.first(), None | Some(b'\n')) || starts_plain(next) == Some(true) {
                return Some((n, TokenKind::Space));
            }
        }
        let first = rest.chars().next()?;
        if first == '\n' {
            // A line feed is a token of its own (WB3a, WB3b); a preceding CR would have kept
            // `pos` from stopping here.
            return Some((1, TokenKind::Space));
        }
        if first == ' ' {
            // Spaces join (WB3d); a following mark or format character would join them too
            // (WB4), so only runs followed by something known are taken.
            let n = rest.bytes().take_while(|&b| b == b' ').count();
            let next = rest[n..].chars().next();
            return next
                .is_none_or(|c| c == '\n' || plain_word_start(c) || lone_mark(c))
                .then_some((n, TokenKind::Space));
        }
        if lone_mark(first) {
            // Alone before a gap or a word; anything else (another mark, a format character)
            // is left to the slow path.
            let after = &rest[first.len_utf8()..];
            let alone = at_gap(after) || after.chars().next().is_some_and(plain_word_start);
            return alone.then_some((first.len_utf8(), TokenKind::Other));
        }
        if !plain_word_start(first) {
            return None;
        }
        let end = Self::plain_run(rest);
        let after = &rest[end..];
        let ends_well = at_gap(after)
            || after
                .chars()
                .next()
                .is_some_and(|c| lone_mark(c) && at_gap(&after[c.len_utf8()..]));
        ends_well.then_some((end, TokenKind::Other))
    }

    /// The length of the run of [`plain_word_char`]s at the start of `rest`.
    fn plain_run(rest: &str) -> usize {
        // Byte by byte: every character of the set is ASCII or two bytes with a lead byte of
        // 0xD8–0xDB, so this avoids decoding into `char`s.
        let bytes = rest.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (class, width) = match b {
                0..0x80 => (ASCII_CLASS[usize::from(b)], 1),
                0xD8..=0xDB => {
                    let cont = bytes.get(i + 1).copied().unwrap_or(0);
                    (ARABIC_CLASS[arabic_index(b, cont)], 2)
                }
                _ => break,
            };
            if class & PLAIN == 0 {
                break;
            }
            i += width;
        }
        i
    }

    /// The end of the stretch starting at `rest` that the slow path segments: just past the
    /// first space or line feed (not at the start) that a letter or digit follows, or the end.
    fn stretch_end(rest: &str) -> usize {
        let bytes = rest.as_bytes();
        let mut from = 1;
        while let Some(i) = bytes
            .get(from..)
            .and_then(|tail| tail.iter().position(|&b| b == b' ' || b == b'\n'))
        {
            let cut = from + i + 1;
            if rest[cut..].chars().next().is_some_and(plain_word_start) {
                return cut;
            }
            from = cut;
        }
        rest.len()
    }
}

impl<'t> Iterator for WordBounds<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_token().map(|(start, token, _)| (start, token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, opts: &MatchOptions) -> Vec<String> {
        let mut i = Interner::default();
        tokenize(text, opts, &mut i)
            .words
            .iter()
            .map(|w| text[w.range()].to_owned())
            .collect()
    }

    #[test]
    fn splits_arabic_words_and_keeps_original_text() {
        let t = "قال، شي جين بينغ: «نظام عالمي» في 2024.";
        assert_eq!(
            texts(t, &MatchOptions::default()),
            ["قال", "شي", "جين", "بينغ", "نظام", "عالمي", "في", "2024"]
        );
    }

    #[test]
    fn punctuation_becomes_tokens_when_not_ignored() {
        let opts = MatchOptions {
            ignore_punctuation: false,
            ..MatchOptions::default()
        };
        assert_eq!(texts("قال، شي.", &opts), ["قال", "،", "شي", "."]);
    }

    /// Equal exactly when the strings are, at every length around the 8-byte steps.
    #[test]
    fn token_keys_compare_as_strings() {
        let words = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefghj",
        ];
        let arabic = [
            "بوتين",
            "بوتين،",
            "الأميركية",
            "الاميركية",
            "شي جين بينغ",
            "شي جين بينع",
        ];
        let long = ["abcdefghijklmnopq", "abcdefghijklmnopr", "الأميركيةالاميركية"];
        let all: Vec<&str> = words.iter().chain(&arabic).chain(&long).copied().collect();
        // Every string of up to five bytes over a small alphabet, so the short encodings are
        // checked exhaustively at their lengths.
        let mut small = vec![String::new()];
        for _ in 0..5 {
            let next: Vec<String> = small
                .iter()
                .filter(|s| s.len() == small.last().map_or(0, String::len))
                .flat_map(|s| ["a", "b", "\0"].map(|c| format!("{s}{c}")))
                .collect();
            small.extend(next);
        }
        for x in all.iter().copied().chain(small.iter().map(String::as_str)) {
            for y in all.iter().copied().chain(small.iter().map(String::as_str)) {
                assert_eq!(TokenKey::new(x) == TokenKey::new(y), x == y, "{x:?} {y:?}");
            }
        }
    }

    #[test]
    fn equal_keys_share_an_id() {
        let mut i = Interner::default();
        let w = tokenize("الأميركية الاميركية", &MatchOptions::default(), &mut i);
        assert_eq!(w.ids[0], w.ids[1]);
        assert_eq!(i.len(), 1);
    }

    /// Tokens with their byte offsets.
    type Bounds<'t> = Vec<(usize, &'t str)>;

    /// Both iterators on one text.
    fn both(text: &str) -> (Bounds<'_>, Bounds<'_>) {
        (
            word_bounds(text).collect(),
            text.split_word_bound_indices().collect(),
        )
    }

    #[test]
    fn word_bounds_match_the_crate_on_the_seeds() {
        for text in [
            include_str!("../../seeds/alittihad-xi-putin-call.txt"),
            include_str!("../../seeds/alsumaria-xi-putin-call.txt"),
        ] {
            let (fast, crate_) = both(text);
            assert_eq!(fast, crate_);
        }
    }

    /// Every character the fast path claims, in every position of a run and beside the other
    /// kinds of neighbour, segments as `unicode-segmentation` says.
    #[test]
    fn word_bounds_match_the_crate_for_every_plain_character() {
        let claimed: Vec<char> = (0..0x2100u32)
            .filter_map(char::from_u32)
            .filter(|&c| plain_word_char(c) || lone_mark(c))
            .collect();
        assert!(
            claimed.len() > 200,
            "the plain set is the ASCII and Arabic letters"
        );
        let neighbours = [
            "",
            " ",
            "  ",
            "\n",
            "\r\n",
            "ب",
            "a",
            "1",
            "٣",
            "\u{064E}",
            "\u{200D}",
            "\u{200F}",
            "'",
            ".",
            "،",
            ":",
            "\u{066B}",
            "\u{066C}",
            "\u{3000}",
            "\u{1F1F8}",
            "\u{05D0}",
            "«",
            ")",
            "_",
            "\u{0301}",
            "\t",
        ];
        for &c in &claimed {
            for left in neighbours {
                for right in neighbours {
                    for text in [
                        format!("{left}{c}{right}"),
                        format!("{left}{c}{c}{right}"),
                        format!("{left} {c}{right}"),
                        format!("{left}{c} {right}"),
                        format!("{left}\n{c}\n{right}"),
                        format!("{left}ب{c}{right}"),
                        format!("{left}{c}ب{right}"),
                        format!("{left} ب{c} {right}"),
                        format!("{left} {c}ب {right}"),
                        format!("{left}7{c} {right}"),
                    ] {
                        let (fast, crate_) = both(&text);
                        assert_eq!(fast, crate_, "{text:?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Random text over an alphabet heavy in the characters the fast path handles and the
        /// ones that make UAX #29 look across neighbours.
        #[test]
        fn word_bounds_match_the_crate(text in proptest::collection::vec(
            proptest::sample::select(vec![
                "ب", "ت", "ـ", "ً", "ٰ", "a", "Z", "7", "٣", "۴", " ", " ", " ", "\n", "\r", "\t",
                ".", ",", "'", "’", ":", "،", "«", "»", "-", "_", "\u{066B}", "\u{066C}",
                "(", ")", "!", "?", "؛", "؟", "\"", "/", "–", "“", "\u{2026}", "\u{2024}",
                "\u{06DD}", "\u{200C}", "\u{200D}", "\u{200F}", "\u{202E}", "\u{00A0}",
                "\u{3000}", "\u{1F1F8}", "\u{1F1E6}", "\u{1F600}", "\u{05D0}", "\u{0301}",
                "\u{30A2}", "\u{4E00}", "\u{FEFF}",
            ]),
            0..40,
        )) {
            let text: String = text.concat();
            let (fast, crate_) = both(&text);
            proptest::prop_assert_eq!(fast, crate_);
        }
    }

    #[test]
    fn lone_tatweel_or_harakat_are_not_words() {
        assert!(texts("ـ ً", &MatchOptions::default()).is_empty());
    }
}
