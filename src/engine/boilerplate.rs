//! Boilerplate: parts of a scraped article that are not its body, and the title/outlet lines.
//!
//! Detected per line: a related-articles heading ("إقرأ أيضاً", "مقالات مشابهة", "Read more")
//! starts boilerplate that runs to the end of the text; an inline "أخبار ذات صلة" runs to the end
//! of its line, or of its headline when a long article follows on that line; source
//! ("المصدر:"), keyword ("كلمات دلالية") and date ("تاريخ النشر") lines; a run of three or more
//! bulleted lines (headline lists).

use std::ops::Range;

use super::normalize::{self, Normalizer};
use super::tokens::Word;
use crate::model::MatchOptions;

/// Markers that, as a short line of their own, start a trailing related-articles block.
const HEADINGS: &[&str] = &[
    "اقرا ايضا",
    "اقرا كذلك",
    "اقرا المزيد",
    "مقالات مشابهه",
    "مقالات ذات صله",
    "اخبار ذات صله",
    "اخبار متعلقه",
    "موضوعات ذات صله",
    "مواضيع ذات صله",
    "المزيد من الاخبار",
    "read more",
    "read also",
    "related articles",
    "related stories",
    "related news",
    "more stories",
    "see also",
];

/// Markers that, anywhere in a line, make the rest of that line boilerplate (or, when much
/// follows, the linked headline: see [`inline_end`]).
const INLINE: &[&str] = &[
    "اخبار ذات صله",
    "اقرا ايضا",
    "مقالات ذات صله",
    "read more",
    "related articles",
];

/// Raw substrings one of which a line must contain to hold an [`INLINE`] marker (a cheap
/// filter before the word-by-word search).
const INLINE_HINTS: &[&str] = &[
    "ذات صل",
    "رأ أيض",
    "رأ ايض",
    "را أيض",
    "را ايض",
    "ead more",
    "EAD MORE",
    "elated articles",
    "ELATED ARTICLES",
];

/// Line prefixes of single boilerplate lines.
const LINE_PREFIXES: &[&str] = &[
    "المصدر",
    "مصدر الخبر",
    "كلمات دلاليه",
    "كلمات مفتاحيه",
    "الكلمات المفتاحيه",
    "الوسوم",
    "تاريخ النشر",
    "تاريخ التحديث",
    "اخر تحديث",
    "source",
    "tags",
    "keywords",
    "published",
    "updated",
];

/// Line prefixes that name the outlet ("المصدر: صحيفة الاتحاد").
const SOURCE_PREFIXES: &[&str] = &["المصدر", "مصدر الخبر", "source"];

/// Outlet names that are not an outlet (wire agencies in general).
const NOT_OUTLETS: &[&str] = &["وكالات", "agencies", "wires"];

const BULLETS: &[char] = &['•', '●', '▪', '◦', '·', '‣', '-', '*', '–', '—'];

/// What was found in one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Byte ranges of boilerplate, sorted, not overlapping.
    pub ranges: Vec<Range<usize>>,
    /// A recognised title line.
    pub title: Option<String>,
    /// A recognised outlet.
    pub outlet: Option<String>,
}

/// A line with its byte range and the tokens that lie in it.
struct Line<'t, 'w> {
    range: Range<usize>,
    text: &'t str,
    full: &'t str,
    tokens: &'w [Word],
}

impl<'t> Line<'t, '_> {
    /// The letter-or-digit words of the line (raw text, byte offset into the text). Built only
    /// for lines that may hold a marker.
    fn words(&self) -> Vec<(usize, &'t str)> {
        self.wordlike().collect()
    }

    fn wordlike(&self) -> impl Iterator<Item = (usize, &'t str)> + '_ {
        let full = self.full;
        self.tokens.iter().filter_map(move |w| {
            let raw = full.get(w.range())?;
            raw.chars()
                .next()
                .is_some_and(normalize::is_alnum)
                .then_some((w.start as usize, raw))
        })
    }

    fn has_words(&self) -> bool {
        self.wordlike().next().is_some()
    }
}

/// Splits `text` into the lines that hold tokens, each with the slice of `words` it holds. Blank
/// lines are left out, so a bulleted list with blank lines between its items is one run.
fn lines<'t, 'w>(text: &'t str, words: &'w [Word]) -> Vec<Line<'t, 'w>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut next_word = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches('\n');
        let end = start + body.len();
        let first = next_word;
        // A linear walk: the words are in text order, and a binary search per line over all
        // the remaining words missed the cache at every step (half the time of `detect`).
        while words
            .get(next_word)
            .is_some_and(|w| (w.start as usize) < end)
        {
            next_word += 1;
        }
        // A line without tokens is never boilerplate; keeping one record per empty line cost
        // 64 bytes a line (a file of a million empty lines around two words took 69 MB).
        if next_word > first {
            out.push(Line {
                range: start..end,
                text: body,
                full: text,
                tokens: &words[first..next_word],
            });
        }
        start += piece.len();
    }
    out
}

/// Index of the first word where `marker` (space-separated normalised words) starts, if any.
fn find_marker(
    norm: &Normalizer,
    words: &[(usize, &str)],
    marker: &str,
    only_at_start: bool,
) -> Option<usize> {
    let parts: Vec<&str> = marker.split(' ').collect();
    let last_start = words.len().checked_sub(parts.len())?;
    let range = if only_at_start {
        0..1
    } else {
        0..last_start + 1
    };
    range.into_iter().find(|&i| {
        parts
            .iter()
            .enumerate()
            .all(|(k, p)| words.get(i + k).is_some_and(|(_, w)| norm.key_eq(w, p)))
    })
}

fn starts_with_any(norm: &Normalizer, words: &[(usize, &str)], markers: &[&str]) -> bool {
    markers
        .iter()
        .any(|m| find_marker(norm, words, m, true).is_some())
}

fn is_bullet(line: &Line<'_, '_>) -> bool {
    let t = line.text.trim_start();
    t.starts_with(BULLETS) && line.has_words()
}

/// For each line, the length of the run of consecutive bulleted lines it belongs to (0 when it
/// is not bulleted), in one pass.
fn bullet_run_lengths(lines: &[Line<'_, '_>]) -> Vec<usize> {
    let mut runs = vec![0; lines.len()];
    let mut start = 0;
    for i in 0..=lines.len() {
        if lines.get(i).is_some_and(is_bullet) {
            continue;
        }
        runs[start..i].fill(i - start);
        start = i + 1;
    }
    runs
}

/// Sorted byte offsets in `text` where one of the [`INLINE_HINTS`] starts. One search of the
/// whole text per hint: searching line by line with `str::contains` cost three times as much,
/// as its filter on a needle's first byte passes nearly every Arabic letter.
fn hint_positions(text: &str) -> Vec<usize> {
    let mut hits: Vec<usize> = INLINE_HINTS
        .iter()
        .flat_map(|h| memchr::memmem::find_iter(text.as_bytes(), h.as_bytes()))
        .collect();
    hits.sort_unstable();
    hits
}

/// The normalised first word of every marker that can start a line.
fn line_starts(norm: &Normalizer) -> impl Fn(&str) -> bool + '_ {
    let firsts: Vec<&str> = HEADINGS
        .iter()
        .chain(LINE_PREFIXES)
        .filter_map(|m| m.split(' ').next())
        .collect();
    move |raw| firsts.iter().any(|f| norm.key_eq(raw, f))
}

/// Finds boilerplate ranges, the title and the outlet of `text`, given its words (from
/// [`super::tokens::tokenize`], in text order).
pub fn detect(text: &str, words: &[Word]) -> Found {
    let lines = lines(text, words);
    let norm = Normalizer::new(&MatchOptions::default());
    let may_start_marker = line_starts(&norm);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut outlet = None;
    let bullet_run = bullet_run_lengths(&lines);
    let hints = hint_positions(text);
    let mut next_hint = 0;
    for (i, line) in lines.iter().enumerate() {
        let starts = line
            .wordlike()
            .next()
            .is_some_and(|(_, first)| may_start_marker(first));
        while hints.get(next_hint).is_some_and(|&h| h < line.range.start) {
            next_hint += 1;
        }
        let may_hold_inline = hints.get(next_hint).is_some_and(|&h| h < line.range.end);
        let words = if starts || may_hold_inline {
            line.words()
        } else {
            Vec::new()
        };
        if starts && words.len() <= 6 && starts_with_any(&norm, &words, HEADINGS) {
            ranges.push(line.range.start..text.len());
            break;
        }
        if starts && starts_with_any(&norm, &words, LINE_PREFIXES) {
            if starts_with_any(&norm, &words, SOURCE_PREFIXES) {
                outlet = outlet_of(line).or(outlet);
            }
            ranges.push(line.range.clone());
            continue;
        }
        if let Some(w) = INLINE
            .iter()
            .filter(|_| may_hold_inline)
            .filter_map(|m| find_marker(&norm, &words, m, false))
            .min()
            && let Some(&(offset, _)) = words.get(w)
        {
            ranges.push(offset..inline_end(line, &words, w));
            continue;
        }
        if bullet_run[i] >= 3 {
            ranges.push(line.range.clone());
        }
    }
    Found {
        ranges: merge(text, ranges),
        title: title_of(&lines),
        outlet,
    }
}

/// What the rules of [`detect`] say of one line taken alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineMark {
    /// The line's byte range in the text (without its line feed).
    pub range: Range<usize>,
    /// A heading, source, keyword or date line, or an inline marker with its headline, from the
    /// line's first word to its last: boilerplate as a whole.
    pub whole: bool,
    /// A related-articles heading and nothing else ("إقرأ أيضاً:", "Read more"): the line that
    /// starts a trailing block in [`detect`].
    pub bare_heading: bool,
}

/// [`LineMark`]s of the lines of `text` that hold words (`words` from
/// [`super::tokens::tokenize`], in text order), each line taken alone: a heading marks only its
/// own line, and bulleted runs are not looked for. Extraction from web pages leaves out the
/// lines that are boilerplate as a whole but keeps bare headings, so that a page compares as the
/// same article saved as text.
pub fn line_marks(text: &str, words: &[Word]) -> Vec<LineMark> {
    let norm = Normalizer::new(&MatchOptions::default());
    let may_start_marker = line_starts(&norm);
    let hints = hint_positions(text);
    let mut next_hint = 0;
    let mut out = Vec::new();
    for line in lines(text, words) {
        let Some(((first, _), (last_at, last))) =
            line.wordlike().next().zip(line.wordlike().last())
        else {
            continue;
        };
        let last_end = last_at + last.len();
        let starts = may_start_marker(line.wordlike().next().map_or("", |(_, w)| w));
        while hints.get(next_hint).is_some_and(|&h| h < line.range.start) {
            next_hint += 1;
        }
        let may_hold_inline = hints.get(next_hint).is_some_and(|&h| h < line.range.end);
        let words = line.words();
        let bare_heading = starts
            && HEADINGS.iter().any(|m| {
                m.split(' ').count() == words.len() && find_marker(&norm, &words, m, true).is_some()
            });
        let whole = (starts && words.len() <= 6 && starts_with_any(&norm, &words, HEADINGS))
            || (starts && starts_with_any(&norm, &words, LINE_PREFIXES))
            || (may_hold_inline
                && INLINE
                    .iter()
                    .filter_map(|m| find_marker(&norm, &words, m, false))
                    .min()
                    .is_some_and(|w| {
                        words.get(w).is_some_and(|&(offset, _)| offset <= first)
                            && inline_end(&line, &words, w) >= last_end
                    }));
        out.push(LineMark {
            range: line.range.clone(),
            whole,
            bare_heading,
        });
    }
    out
}

/// An inline marker followed by at most this many words on its line makes the rest of the line
/// boilerplate (a headline or a short list of them).
const INLINE_SHORT_TAIL: usize = 60;
/// Longer tails are article text that a scraper ran into one line with the link: only the words
/// up to the first sentence end, and at most this many (the marker's included), go with it.
const INLINE_MAX_HEADLINE: usize = 40;

/// Where the boilerplate of an inline marker at word `w` of `line` ends: the end of the line
/// when little follows, else the end of the linked headline, taken to be the first sentence
/// end (the sentence the headline ran into goes with it) or [`INLINE_MAX_HEADLINE`] words.
/// Without this, an article scraped as a single line lost everything after "إقرأ أيضاً".
fn inline_end(line: &Line<'_, '_>, words: &[(usize, &str)], w: usize) -> usize {
    if words.len() - w <= INLINE_SHORT_TAIL {
        return line.range.end;
    }
    let last = (w + INLINE_MAX_HEADLINE).min(words.len() - 1);
    for k in w..last {
        let end = words[k].0 + words[k].1.len();
        let gap = line.full.get(end..words[k + 1].0).unwrap_or("");
        if let Some(p) = gap.find(['.', '!', '?', '؟', '…']) {
            let mark = gap[p..].chars().next().map_or(0, char::len_utf8);
            return end + p + mark;
        }
    }
    words[last].0
}

/// The outlet named on a source line, unless it is a generic one ("وكالات").
fn outlet_of(line: &Line<'_, '_>) -> Option<String> {
    let colon = line.text.find([':', '：'])?;
    let name = line.text[colon + 1..]
        .trim()
        .trim_end_matches(['.', '،', ','])
        .trim();
    let key = normalize::key(name, &MatchOptions::default());
    if name.is_empty() || name.chars().count() > 60 || NOT_OUTLETS.contains(&key.as_str()) {
        return None;
    }
    Some(name.to_owned())
}

/// A short first line without final punctuation, followed by more text.
fn title_of(lines: &[Line<'_, '_>]) -> Option<String> {
    let mut non_empty = lines.iter().filter(|l| l.has_words());
    let first = non_empty.next()?;
    non_empty.next()?;
    let t = first.text.trim();
    let ends_sentence = t.ends_with(['.', '!', '?', '؟', '،', ',', ':', '؛']);
    (first.wordlike().count() <= 16 && !ends_sentence).then(|| t.to_owned())
}

/// Sorts ranges and merges those that overlap or are separated only by white space.
fn merge(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        let touches = |last: &Range<usize>| {
            r.start <= last.end
                || text
                    .get(last.end..r.start)
                    .is_some_and(|gap| gap.trim().is_empty())
        };
        match out.last_mut() {
            Some(last) if touches(last) => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tokens::{Interner, tokenize};

    fn detect(text: &str) -> Found {
        let words = tokenize(text, &MatchOptions::default(), &mut Interner::default()).words;
        super::detect(text, &words)
    }

    fn boiler_text(text: &str) -> Vec<&str> {
        detect(text)
            .ranges
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect()
    }

    #[test]
    fn related_heading_runs_to_the_end() {
        let t = "نص الخبر هنا.\nإقرأ أيضاً:\nخبر آخر تماما.\nوفقرة أخرى.";
        assert_eq!(boiler_text(t), ["إقرأ أيضاً:\nخبر آخر تماما.\nوفقرة أخرى."]);
    }

    #[test]
    fn inline_related_news_runs_to_end_of_line() {
        let t = "واتفقا على مواصلة الاتصالات. أخبار ذات صلة رئيس الدولة يبحث\nسطر تال.";
        assert_eq!(boiler_text(t), ["أخبار ذات صلة رئيس الدولة يبحث"]);
    }

    /// A whole article on one line, with a related link in the middle: the link's headline and
    /// the sentence it runs into are boilerplate, the article after them is not.
    #[test]
    fn inline_marker_in_a_long_single_line_article_ends_with_its_headline() {
        let before = "قال الرئيس إن المحادثات كانت مثمرة وبناءة. ".repeat(5);
        let after = "وأضاف أن البلدين سيواصلان التعاون في مجالات الطاقة والتجارة. ".repeat(12);
        let t = format!("{before}اقرأ أيضا: الصين وروسيا توقعان اتفاقا جديدا للتجارة. {after}");
        assert_eq!(
            boiler_text(&t),
            ["اقرأ أيضا: الصين وروسيا توقعان اتفاقا جديدا للتجارة."]
        );
        // A headline that never ends a sentence takes at most its first 40 words.
        let words = "كلمة ".repeat(100);
        let t = format!("{before}اقرأ أيضا {words}");
        let found = boiler_text(&t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].split_whitespace().count(), 40, "{found:?}");
    }

    #[test]
    fn source_keyword_and_date_lines() {
        let t = "العنوان هنا\nتاريخ النشر: 8th, February 2024\nالنص.\nالمصدر: صحيفة الاتحاد\nكلمات دلالية: شي بوتين";
        let f = detect(t);
        assert_eq!(
            f.ranges.len(),
            2,
            "date line, then source + keyword lines merged"
        );
        assert_eq!(f.outlet.as_deref(), Some("صحيفة الاتحاد"));
        assert_eq!(f.title.as_deref(), Some("العنوان هنا"));
    }

    #[test]
    fn generic_agency_source_is_not_an_outlet() {
        assert_eq!(detect("نص.\nالمصدر: وكالات").outlet, None);
    }

    #[test]
    fn bulleted_headline_lists() {
        let t = "نص.\n  • عنوان أول\n  • عنوان ثان\n  • عنوان ثالث\n- قائمة من سطر واحد";
        assert_eq!(boiler_text(t).len(), 1);
        assert!(boiler_text("- بند واحد\nنص").is_empty());
    }

    #[test]
    fn bullets_separated_by_blank_lines_are_one_list() {
        let t = "نص.\n\n• عنوان أول\n\n• عنوان ثان\n\n• عنوان ثالث\n";
        assert_eq!(boiler_text(t).len(), 1);
    }

    #[test]
    fn a_sentence_is_not_a_title() {
        assert_eq!(detect("قال الرئيس إن الوضع جيد.\nثم غادر.").title, None);
    }
}
