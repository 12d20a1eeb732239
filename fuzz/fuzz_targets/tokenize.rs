//! Tokenising and normalising: `tokens::tokenize` and `normalize::key` with arbitrary matching
//! options never panic; words are ordered, non-overlapping and on character boundaries; their
//! interned keys are the normalised keys, free of invisible format characters; normalising is
//! idempotent; and the fast paths (`is_alnum`, the normaliser's table, `key_eq`) agree with the
//! general rules (`char::is_alphanumeric`, [`reference_key`]), and the tokenizer's own word
//! bounds are exactly `unicode-segmentation`'s.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tabayun::engine::normalize::{Normalizer, is_alnum, is_invisible_format, key, skeleton};
use tabayun::engine::tokens::{Interner, tokenize, word_bounds};
use unicode_segmentation::UnicodeSegmentation;
use tabayun::model::MatchOptions;
use tabayun_fuzz::{Opts, Text, reference_key};

#[derive(Arbitrary, Debug)]
struct Input {
    opts: Opts,
    raw: String,
    text: Text,
}

fuzz_target!(|input: Input| {
    let opts = MatchOptions::from(input.opts);
    let normalizer = Normalizer::new(&opts);
    let mut interner = Interner::default();
    for text in [input.raw, input.text.render()] {
        for c in text.chars() {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "is_alnum({c:?})");
        }
        let fast: Vec<(usize, &str)> = word_bounds(&text).collect();
        let uax29: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
        assert_eq!(fast, uax29, "word bounds of {text:?}");
        let words = tokenize(&text, &opts, &mut interner);
        // The one-off helper (a fresh normaliser per call) agrees with the shared one.
        let mut whole = String::new();
        normalizer.push_key(&text, &mut whole);
        assert_eq!(key(&text, &opts), whole);
        let mut end = 0;
        let mut previous_key = String::new();
        for w in &words {
            let range = w.range();
            assert!(
                range.start >= end && range.start < range.end && range.end <= text.len(),
                "{w:?} after {end}"
            );
            assert!(
                text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
                "{w:?}"
            );
            end = range.end;
            let token = &text[range];
            let k = interner.key(w.id).to_owned();
            assert!(!k.is_empty(), "empty key for {token:?}");
            assert!(
                !k.chars().any(is_invisible_format),
                "invisible in key {k:?}"
            );
            if opts.diacritics {
                assert!(
                    !k.chars()
                        .any(|c| matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}')),
                    "diacritic left in {k:?}"
                );
            }
            if token.chars().any(char::is_alphanumeric) {
                assert_eq!(k, reference_key(token, &opts), "interned key of {token:?}");
                assert!(normalizer.key_eq(token, &k), "key_eq({token:?}, {k:?})");
                assert_eq!(
                    normalizer.key_eq(token, &previous_key),
                    k == previous_key,
                    "key_eq({token:?}, {previous_key:?})"
                );
                let mut again = String::new();
                normalizer.push_key(&k, &mut again);
                assert_eq!(again, k, "normalising {k:?} again changes it");
            }
            // Keys and ids are one to one.
            assert_eq!(interner.intern(&k), w.id);
            let _ = skeleton(&k);
            previous_key = k;
        }
    }
});
