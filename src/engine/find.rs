//! Find: words and phrases searched in the compared texts with the comparison's matching keys,
//! so أوكرانيا finds اوكرانيا and a word with harakat finds it without them.
//!
//! [`FindIndex::new`] tokenises each text once under the matching options ([`tokens::tokenize`],
//! one interner for all texts). A [`Query`] is tokenised and normalised the same way; a search
//! then compares key ids over the token array, never strings: a whole-word phrase is a run of
//! ids, and a within-word phrase tests each distinct key once (the first word's key contains —
//! or, in a phrase, ends with — the first query key, the last word's key starts with the last
//! one, the words between are equal). Hits come back per text as token ranges and byte ranges
//! into that text; within words, the byte range is narrowed to the matched letters (with the
//! harakat that follow them).

use std::ops::Range;

use super::normalize::Normalizer;
use super::tokens::{self, Interner, Tokens, Word};
use crate::model::MatchOptions;

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// The words as typed: one word or a phrase.
    pub text: String,
    /// True: match whole words only. False: the query may start or end inside a word.
    pub whole_words: bool,
}

impl Query {
    /// A whole-word query.
    pub fn words(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            whole_words: true,
        }
    }

    /// A query that may match inside words.
    pub fn within_words(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            whole_words: false,
        }
    }
}

/// One place a query was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The tokens matched (indices into [`FindIndex::words`]).
    pub words: Range<usize>,
    /// The matched bytes of the text.
    pub bytes: Range<usize>,
}

/// Texts tokenised for searching under one set of matching options.
#[derive(Clone, Debug)]
pub struct FindIndex {
    options: MatchOptions,
    normalizer: Normalizer,
    interner: Interner,
    texts: Vec<Tokens>,
}

/// A query turned into key ids and per-key tests.
enum Compiled {
    /// Some query word is in none of the texts: nothing can match.
    Never,
    /// A run of exactly these ids.
    Ids(Vec<u32>),
    /// Within words: per interned id, whether it may open the match and whether it may close
    /// it; the ids between them must be equal to `middle`.
    Within {
        first: Vec<bool>,
        middle: Vec<u32>,
        last: Vec<bool>,
        /// The query's keys, for narrowing byte ranges.
        first_key: String,
        last_key: String,
    },
}

impl FindIndex {
    /// Tokenises `texts` under `options`.
    pub fn new<S: AsRef<str>>(texts: &[S], options: &MatchOptions) -> Self {
        let mut interner = Interner::default();
        let texts = texts
            .iter()
            .map(|t| tokens::tokenize(t.as_ref(), options, &mut interner))
            .collect();
        Self {
            options: options.clone(),
            normalizer: Normalizer::new(options),
            interner,
            texts,
        }
    }

    /// The options the texts were tokenised with.
    pub fn options(&self) -> &MatchOptions {
        &self.options
    }

    /// The tokens of text `i` (empty when out of range).
    pub fn words(&self, i: usize) -> &[Word] {
        self.texts.get(i).map_or(&[], |t| t.words.as_slice())
    }

    /// The keys of `query`'s words under the index's options; empty when it holds no word.
    pub fn query_keys(&self, query: &str) -> Vec<String> {
        let mut own = Interner::default();
        tokens::tokenize(query, &self.options, &mut own)
            .ids
            .iter()
            .map(|&id| own.key(id).to_owned())
            .collect()
    }

    /// Every hit of `query` in each text, in text order; `texts` are the texts the index was
    /// built from (for narrowing within-word hits).
    pub fn find<S: AsRef<str>>(&self, texts: &[S], query: &Query) -> Vec<Vec<Hit>> {
        let compiled = self.compile(query);
        (0..self.texts.len())
            .map(|i| {
                let text = texts.get(i).map_or("", AsRef::as_ref);
                compiled
                    .as_ref()
                    .map(|c| self.find_compiled(i, text, c))
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The hits of `query` in text `i` alone.
    pub fn find_in(&self, i: usize, text: &str, query: &Query) -> Vec<Hit> {
        self.compile(query)
            .map(|c| self.find_compiled(i, text, &c))
            .unwrap_or_default()
    }

    /// Byte range of `hit` in `text` (text `i`) widened by up to `words` tokens on each side,
    /// for context, without crossing a line break.
    pub fn context(&self, i: usize, text: &str, hit: &Hit, words: usize) -> Range<usize> {
        let toks = self.words(i);
        let same_line = |a: usize, b: usize| text.get(a..b).is_some_and(|gap| !gap.contains('\n'));
        let mut start = hit.bytes.start;
        for w in toks
            .get(hit.words.start.saturating_sub(words)..hit.words.start)
            .unwrap_or(&[])
            .iter()
            .rev()
        {
            if !same_line(w.end as usize, start) {
                break;
            }
            start = w.start as usize;
        }
        let mut end = hit.bytes.end;
        let after = (hit.words.end + words).min(toks.len());
        for w in toks.get(hit.words.end..after).unwrap_or(&[]) {
            if !same_line(end, w.start as usize) {
                break;
            }
            end = w.end as usize;
        }
        start..end
    }

    /// `None` when the query holds no word.
    fn compile(&self, query: &Query) -> Option<Compiled> {
        let keys = self.query_keys(&query.text);
        let (first_key, rest) = keys.split_first()?;
        if query.whole_words {
            let ids: Option<Vec<u32>> = keys.iter().map(|k| self.interner.get(k)).collect();
            return Some(ids.map_or(Compiled::Never, Compiled::Ids));
        }
        let last_key = rest.last().unwrap_or(first_key);
        let middle_keys = rest.split_last().map_or(&[][..], |(_, m)| m);
        let Some(middle) = middle_keys
            .iter()
            .map(|k| self.interner.get(k))
            .collect::<Option<Vec<u32>>>()
        else {
            return Some(Compiled::Never);
        };
        let single = rest.is_empty();
        let first = self
            .interner
            .keys()
            .map(|k| {
                if single {
                    k.contains(first_key.as_str())
                } else {
                    k.ends_with(first_key.as_str())
                }
            })
            .collect();
        let last = if single {
            Vec::new()
        } else {
            self.interner
                .keys()
                .map(|k| k.starts_with(last_key.as_str()))
                .collect()
        };
        Some(Compiled::Within {
            first,
            middle,
            last,
            first_key: first_key.clone(),
            last_key: last_key.clone(),
        })
    }

    fn find_compiled(&self, i: usize, text: &str, compiled: &Compiled) -> Vec<Hit> {
        let toks = self.words(i);
        let tok_ids = self.texts.get(i).map_or(&[][..], |t| t.ids.as_slice());
        let mut hits = Vec::new();
        match compiled {
            Compiled::Never => {}
            Compiled::Ids(ids) => {
                let n = ids.len();
                let mut at = 0;
                let first_id = ids.first().copied();
                while at + n <= toks.len() {
                    // The first id alone rules out nearly every position, without a call to
                    // compare slices.
                    if tok_ids.get(at).copied() == first_id
                        && tok_ids.get(at..at + n) == Some(ids.as_slice())
                    {
                        let bytes = span(toks.get(at..at + n).unwrap_or(&[]));
                        hits.push(Hit {
                            words: at..at + n,
                            bytes,
                        });
                        at += n;
                    } else {
                        at += 1;
                    }
                }
            }
            Compiled::Within {
                first,
                middle,
                last,
                first_key,
                last_key,
            } => {
                let single = last.is_empty();
                let n = if single { 1 } else { middle.len() + 2 };
                let ok = |set: &[bool], id: &u32| set.get(*id as usize).copied().unwrap_or(false);
                let mut at = 0;
                while at + n <= toks.len() {
                    let head_id = tok_ids.get(at).copied().unwrap_or(u32::MAX);
                    // The first word's test alone rules out nearly every position.
                    let matched = ok(first, &head_id)
                        && match tok_ids.get(at..at + n).unwrap_or(&[]) {
                            [_] => single,
                            [_, between @ .., tail] => {
                                ok(last, tail) && between == middle.as_slice()
                            }
                            _ => false,
                        };
                    if matched {
                        let run = toks.get(at..at + n).unwrap_or(&[]);
                        let bytes = self.narrow(text, run, head_id, first_key, last_key, single);
                        hits.push(Hit {
                            words: at..at + n,
                            bytes,
                        });
                        at += n;
                    } else {
                        at += 1;
                    }
                }
            }
        }
        hits
    }

    /// The bytes a within-word match covers: from where the first query key starts in the first
    /// word's key to where the last query key ends in the last word's key, mapped back to the
    /// original text.
    fn narrow(
        &self,
        text: &str,
        run: &[Word],
        head_id: u32,
        first_key: &str,
        last_key: &str,
        single: bool,
    ) -> Range<usize> {
        let whole = span(run);
        let (Some(head), Some(tail)) = (run.first(), run.last()) else {
            return whole;
        };
        let head_key = self.interner.key(head_id);
        let head_text = text.get(head.range()).unwrap_or("");
        if single {
            let Some(at) = head_key.find(first_key) else {
                return whole;
            };
            let r = self.key_to_bytes(head_text, at..at + first_key.len());
            return head.start as usize + r.start..head.start as usize + r.end;
        }
        let from = head_key.len().saturating_sub(first_key.len());
        let start = self.key_to_bytes(head_text, from..head_key.len()).start;
        let tail_text = text.get(tail.range()).unwrap_or("");
        let end = self.key_to_bytes(tail_text, 0..last_key.len()).end;
        head.start as usize + start..tail.start as usize + end
    }

    /// The bytes of `word` whose key characters are `key` (a byte range of the word's key); the
    /// marks that add nothing to the key (harakat, tatweel) go with the letter before them.
    fn key_to_bytes(&self, word: &str, key: Range<usize>) -> Range<usize> {
        let mut key_len = 0;
        let mut start = None;
        let mut end = word.len();
        let mut buf = String::new();
        let mut one = [0u8; 4];
        for (i, c) in word.char_indices() {
            buf.clear();
            self.normalizer.push_key(c.encode_utf8(&mut one), &mut buf);
            if buf.is_empty() {
                continue;
            }
            if key_len >= key.end && key.end > key.start {
                end = i;
                break;
            }
            key_len += buf.len();
            if start.is_none() && key_len > key.start {
                start = Some(i);
            }
        }
        start.unwrap_or(0)..end
    }
}

/// The bytes from the first word's start to the last word's end.
fn span(run: &[Word]) -> Range<usize> {
    match (run.first(), run.last()) {
        (Some(a), Some(b)) => a.start as usize..b.end as usize,
        _ => 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(texts: &[&str], query: &Query, opts: &MatchOptions) -> Vec<Vec<String>> {
        let index = FindIndex::new(texts, opts);
        index
            .find(texts, query)
            .iter()
            .zip(texts)
            .map(|(hits, t)| hits.iter().map(|h| t[h.bytes.clone()].to_owned()).collect())
            .collect()
    }

    fn default_hits(texts: &[&str], query: &Query) -> Vec<Vec<String>> {
        hits(texts, query, &MatchOptions::default())
    }

    #[test]
    fn alef_forms_match_each_other() {
        let texts = ["الحرب في أوكرانيا مستمرة", "قالت اوكرانيا إن الحرب"];
        assert_eq!(
            default_hits(&texts, &Query::words("أوكرانيا")),
            [vec!["أوكرانيا"], vec!["اوكرانيا"]]
        );
        assert_eq!(
            default_hits(&texts, &Query::words("اوكرانيا")),
            [vec!["أوكرانيا"], vec!["اوكرانيا"]]
        );
    }

    #[test]
    fn alef_forms_stay_apart_when_the_switch_is_off() {
        let opts = MatchOptions {
            alef: false,
            ..MatchOptions::default()
        };
        let texts = ["في أوكرانيا", "في اوكرانيا"];
        assert_eq!(
            hits(&texts, &Query::words("أوكرانيا"), &opts),
            [vec!["أوكرانيا"], Vec::<&str>::new()]
        );
    }

    #[test]
    fn harakat_are_ignored_on_both_sides() {
        let texts = ["قالَ الرئيسُ", "قال الرئيس"];
        assert_eq!(
            default_hits(&texts, &Query::words("الرَّئيس")),
            [vec!["الرئيسُ"], vec!["الرئيس"]]
        );
        let opts = MatchOptions {
            diacritics: false,
            ..MatchOptions::default()
        };
        assert_eq!(
            hits(&texts, &Query::words("الرئيس"), &opts),
            [Vec::<&str>::new(), vec!["الرئيس"]]
        );
    }

    #[test]
    fn arabic_indic_digits_find_ascii_digits() {
        let texts = ["في عام ٢٠٢٤ قتل 12", "في عام 2024"];
        assert_eq!(
            default_hits(&texts, &Query::words("2024")),
            [vec!["٢٠٢٤"], vec!["2024"]]
        );
        assert_eq!(
            default_hits(&texts, &Query::words("١٢")),
            [vec!["12"], Vec::<&str>::new()]
        );
    }

    #[test]
    fn a_phrase_matches_across_punctuation_and_line_breaks() {
        let texts = ["وصل إلى كييف، عاصمة أوكرانيا", "وصل إلى كييف\nعاصمة البلاد"];
        assert_eq!(
            default_hits(&texts, &Query::words("كييف عاصمة أوكرانيا")),
            [vec!["كييف، عاصمة أوكرانيا"], Vec::<&str>::new()]
        );
        assert_eq!(
            default_hits(&texts, &Query::words("كييف عاصمة")),
            [vec!["كييف، عاصمة"], vec!["كييف\nعاصمة"]]
        );
    }

    #[test]
    fn whole_words_do_not_match_inside_words() {
        let texts = ["الأوكرانيون وأوكرانيا", "اوكرانيا"];
        assert_eq!(
            default_hits(&texts, &Query::words("أوكرانيا")),
            [Vec::<&str>::new(), vec!["اوكرانيا"]]
        );
        assert_eq!(
            default_hits(&texts, &Query::within_words("أوكرانيا")),
            [vec!["أوكرانيا"], vec!["اوكرانيا"]]
        );
    }

    #[test]
    fn within_words_narrows_to_the_letters_with_their_harakat() {
        let texts = ["وَأُوكرانيا تقول"];
        let index = FindIndex::new(&texts, &MatchOptions::default());
        let found = index.find(&texts, &Query::within_words("اوكرانيا"));
        let hit = &found[0][0];
        assert_eq!(&texts[0][hit.bytes.clone()], "أُوكرانيا");
        assert_eq!(hit.words, 0..1);
    }

    #[test]
    fn within_words_phrase_ends_and_starts_inside_words() {
        let texts = ["بالعاصمة كييف وضواحيها", "العاصمة كييفية"];
        assert_eq!(
            default_hits(&texts, &Query::within_words("عاصمة كييف")),
            [vec!["عاصمة كييف"], vec!["عاصمة كييف"]]
        );
        assert_eq!(
            default_hits(&texts, &Query::words("العاصمة كييف")),
            [Vec::<&str>::new(), Vec::<&str>::new()]
        );
    }

    #[test]
    fn hits_do_not_overlap_and_come_in_text_order() {
        let texts = ["نعم نعم نعم"];
        let index = FindIndex::new(&texts, &MatchOptions::default());
        let found = index.find(&texts, &Query::words("نعم نعم"));
        assert_eq!(found[0].len(), 1);
        let one = index.find(&texts, &Query::words("نعم"));
        let starts: Vec<usize> = one[0].iter().map(|h| h.bytes.start).collect();
        assert_eq!(starts, [0, 7, 14]);
    }

    #[test]
    fn case_folding_follows_the_switch() {
        let texts = ["NATO said", "nato said"];
        assert_eq!(
            default_hits(&texts, &Query::words("Nato")),
            [vec!["NATO"], vec!["nato"]]
        );
        let opts = MatchOptions {
            case_fold: false,
            ..MatchOptions::default()
        };
        assert_eq!(
            hits(&texts, &Query::words("NATO"), &opts),
            [vec!["NATO"], Vec::<&str>::new()]
        );
    }

    #[test]
    fn a_query_without_words_finds_nothing() {
        let texts = ["قال، شي"];
        for q in ["", "  ", "،", "\u{064E}"] {
            assert_eq!(default_hits(&texts, &Query::words(q)), [Vec::<&str>::new()]);
            assert_eq!(
                default_hits(&texts, &Query::within_words(q)),
                [Vec::<&str>::new()]
            );
        }
    }

    #[test]
    fn context_widens_by_whole_words() {
        let texts = ["واحد اثنان ثلاثة أربعة خمسة"];
        let index = FindIndex::new(&texts, &MatchOptions::default());
        let found = index.find(&texts, &Query::words("ثلاثة"));
        let ctx = index.context(0, texts[0], &found[0][0], 1);
        assert_eq!(&texts[0][ctx], "اثنان ثلاثة أربعة");
        let wide = index.context(0, texts[0], &found[0][0], 10);
        assert_eq!(&texts[0][wide], texts[0]);
        let lines = ["واحد اثنان\nثلاثة أربعة\nخمسة"];
        let index = FindIndex::new(&lines, &MatchOptions::default());
        let found = index.find(&lines, &Query::words("ثلاثة"));
        let ctx = index.context(0, lines[0], &found[0][0], 3);
        assert_eq!(&lines[0][ctx], "ثلاثة أربعة");
    }
}
