//! Word tokens with byte ranges into the original text (UAX #29 word bounds), and the interner
//! that turns matching keys into small integer ids.

use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

use super::normalize;
use crate::model::MatchOptions;

/// One word of a text: its byte range and the id of its matching key. Offsets are `u32` to
/// halve the memory of million-word texts; [`tokenize`] stops at 4 GiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset past the last byte.
    pub end: u32,
    /// Interned matching key.
    pub id: u32,
}

impl Word {
    /// The byte range of the word.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Interns matching keys; ids are dense from 0.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
}

impl Interner {
    /// The id of `key`, adding it when new.
    pub fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let boxed: Box<str> = key.into();
        self.keys.push(boxed.clone());
        self.ids.insert(boxed, id);
        id
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
pub fn tokenize(text: &str, opts: &MatchOptions, interner: &mut Interner) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 10);
    let mut key = String::new();
    let normalizer = normalize::Normalizer::new(opts);
    for (start, tok) in text.split_word_bound_indices() {
        let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(start + tok.len()))
        else {
            break;
        };
        let wordlike = tok.chars().any(normalize::is_alnum);
        if !wordlike {
            if opts.ignore_punctuation || tok.chars().all(|c| c.is_whitespace()) {
                continue;
            }
            key.clear();
            key.extend(tok.chars().filter(|&c| !normalize::is_invisible_format(c)));
        } else {
            key.clear();
            normalizer.push_key(tok, &mut key);
        }
        if key.is_empty() {
            continue;
        }
        let id = interner.intern(&key);
        words.push(Word {
            start: start32,
            end: end32,
            id,
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, opts: &MatchOptions) -> Vec<String> {
        let mut i = Interner::default();
        tokenize(text, opts, &mut i)
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

    #[test]
    fn equal_keys_share_an_id() {
        let mut i = Interner::default();
        let w = tokenize("الأميركية الاميركية", &MatchOptions::default(), &mut i);
        assert_eq!(w[0].id, w[1].id);
        assert_eq!(i.len(), 1);
    }

    #[test]
    fn lone_tatweel_or_harakat_are_not_words() {
        assert!(texts("ـ ً", &MatchOptions::default()).is_empty());
    }
}
