//! Word tokens with byte ranges into the original text (UAX #29 word bounds), and the interner
//! that turns matching keys into small integer ids.

use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

use super::normalize;
use crate::model::MatchOptions;

/// One word of a text: its byte range and the id of its matching key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset past the last byte.
    pub end: usize,
    /// Interned matching key.
    pub id: u32,
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
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut key = String::new();
    for (start, tok) in text.split_word_bound_indices() {
        let wordlike = tok.chars().any(char::is_alphanumeric);
        if !wordlike {
            if opts.ignore_punctuation || tok.chars().all(|c| c.is_whitespace()) {
                continue;
            }
            key.clear();
            key.extend(tok.chars().filter(|&c| !normalize::is_invisible_format(c)));
        } else {
            key.clear();
            normalize::push_key(tok, opts, &mut key);
        }
        if key.is_empty() {
            continue;
        }
        let id = interner.intern(&key);
        words.push(Word {
            start,
            end: start + tok.len(),
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
            .map(|w| text[w.start..w.end].to_owned())
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
