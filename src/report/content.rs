//! The report model: what a report says, built once from a [`Comparison`] as plain data. The
//! HTML, Markdown and text exporters only lay it out (and escape it for their format).
//!
//! A report holds, in this order: a header (date, generator, the sources table, the matching
//! options), a summary (similarity, the word counts, the engine's notes, and four lists: only in
//! A, only in B, moved passages, spelling variants), and the two articles, side by side or as one
//! stream in [`Comparison::reading_order`]. The helpers at the end split article text into
//! paragraphs with their direction, for the exporters that lay the articles out.

use unicode_bidi::{BidiClass, bidi_class};

use crate::model::{Comparison, MatchOptions, Side, Which};
use crate::summary::{self, MovedPassage, Passage, VariantPair};

use super::ReportOptions;

/// What every report says when a list is empty.
pub const NONE: &str = "None.";

/// The content of one report.
#[derive(Clone, Debug)]
pub struct Report<'c> {
    /// The comparison, for laying out the articles.
    pub comparison: &'c Comparison,
    /// The report date, `YYYY-MM-DD`.
    pub date: String,
    /// The program and its version, "tabayun 0.1.0".
    pub generator: &'static str,
    /// The sources table: one row per property, a value per side.
    pub sources: Vec<SourceRow>,
    /// The matching switches, as readable labels and values.
    pub options: Vec<OptionRow>,
    /// Share of words with a counterpart, in percent.
    pub similarity_percent: f64,
    /// The texts are identical after normalisation.
    pub identical: bool,
    /// The word counts of both sides.
    pub counts: [CountRow; 6],
    /// Fallbacks the engine took, in words a user can read.
    pub notes: &'c [String],
    /// Passages only in A, longest first.
    pub only_a: Section<Entry>,
    /// Passages only in B, longest first.
    pub only_b: Section<Entry>,
    /// Moved passages (A's wording), longest first.
    pub moved: Section<Entry>,
    /// Spelling variant pairs, in A's order.
    pub variants: Section<VariantRow>,
}

/// One row of the sources table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    /// "File", "Title", "SHA-256", ….
    pub label: &'static str,
    /// A's and B's value; `None` when unknown (shown as a dash).
    pub values: [Option<String>; 2],
    /// The value is a hash (set in a monospace font).
    pub hash: bool,
}

/// One matching switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionRow {
    /// "Ignore diacritics", ….
    pub label: &'static str,
    /// "on", "off" or a number.
    pub value: String,
}

/// One row of the word counts: a label and the counts of A and B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountRow {
    /// "Words", "Shared", ….
    pub label: &'static str,
    /// Side A's count.
    pub a: usize,
    /// Side B's count.
    pub b: usize,
}

/// A titled list of the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section<T> {
    /// Anchor id (`only-a`, `only-b`, `moved`, `variants`).
    pub id: &'static str,
    /// Title without the count ("Only in A").
    pub title: &'static str,
    /// Direction of the list: that of the article its entries come from, for every entry alike
    /// (an entry that starts with a Latin word is still aligned with the others).
    pub dir: Dir,
    /// The entries; when empty, the report says [`NONE`].
    pub items: Vec<T>,
}

impl<T> Section<T> {
    /// A section of `items`, each converted to an entry of the report.
    fn new<U: Into<T>>(id: &'static str, title: &'static str, dir: Dir, items: Vec<U>) -> Self {
        Self {
            id,
            title,
            dir,
            items: items.into_iter().map(Into::into).collect(),
        }
    }

    /// The title with the number of entries: "Only in A (3)".
    pub fn heading(&self) -> String {
        format!("{} ({})", self.title, self.items.len())
    }
}

/// An entry of a passage list: a unique or a moved passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The passage text, trimmed (for a moved passage, A's wording).
    pub text: String,
    /// Its words.
    pub words: usize,
    /// Where it is: the side and its first segment.
    pub side: Which,
    /// Its first segment on that side.
    pub segment: usize,
    /// For a moved passage: its first segment in B (the entry's own place is in A).
    pub moved_to: Option<usize>,
}

impl Entry {
    /// "1 word", "12 words".
    pub fn words_label(&self) -> String {
        words_label(self.words)
    }
}

/// A pair of spelling variants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantRow {
    /// A's spelling, trimmed.
    pub a_text: String,
    /// B's spelling, trimmed.
    pub b_text: String,
    /// A's segment.
    pub a_segment: usize,
    /// B's segment.
    pub b_segment: usize,
    /// "in order" or "moved".
    pub order: &'static str,
}

impl<'c> Report<'c> {
    /// The content of the report of `c` (the date from `opts`, else today in UTC).
    pub fn new(c: &'c Comparison, opts: &ReportOptions) -> Self {
        let summary = summary::summarize(c);
        let (dir_a, dir_b) = (article_dir(&c.a.text), article_dir(&c.b.text));
        Self {
            comparison: c,
            date: opts.date.clone().unwrap_or_else(today_utc),
            generator: concat!("tabayun ", env!("CARGO_PKG_VERSION")),
            sources: source_rows(c),
            options: option_rows(&c.options),
            similarity_percent: c.stats.similarity * 100.0,
            identical: c.identical,
            counts: count_rows(c),
            notes: &c.fallbacks,
            only_a: Section::new("only-a", "Only in A", dir_a, summary.only_a),
            only_b: Section::new("only-b", "Only in B", dir_b, summary.only_b),
            // Moved passages are listed in A's wording.
            moved: Section::new("moved", "Moved passages", dir_a, summary.moved),
            // The table isolates each spelling in its cell.
            variants: Section::new("variants", "Spelling variants", Dir::Auto, summary.variants),
        }
    }
}

impl From<Passage> for Entry {
    fn from(p: Passage) -> Self {
        Self {
            text: p.text,
            words: p.words,
            side: p.side,
            segment: p.first_segment,
            moved_to: None,
        }
    }
}

impl From<MovedPassage> for Entry {
    fn from(m: MovedPassage) -> Self {
        Self {
            moved_to: Some(m.b.first_segment),
            ..Self::from(m.a)
        }
    }
}

impl From<VariantPair> for VariantRow {
    fn from(v: VariantPair) -> Self {
        Self {
            a_text: v.a_text.trim().to_owned(),
            b_text: v.b_text.trim().to_owned(),
            a_segment: v.a_segment,
            b_segment: v.b_segment,
            order: if v.moved { "moved" } else { "in order" },
        }
    }
}

/// The rows of the sources table.
fn source_rows(c: &Comparison) -> Vec<SourceRow> {
    let row = |label, f: &dyn Fn(&Side) -> Option<String>| SourceRow {
        label,
        values: [f(&c.a), f(&c.b)],
        hash: label == "SHA-256",
    };
    vec![
        row("File", &|s| Some(s.file_name().to_owned())),
        row("Title", &|s| s.title.clone()),
        row("Outlet", &|s| s.outlet.clone()),
        row("Format", &|s| Some(s.format.name().to_owned())),
        row("URL", &|s| s.url.clone()),
        row("Published", &|s| s.published.clone()),
        row("Encoding", &|s| Some(s.encoding.clone())),
        row("SHA-256", &|s| Some(s.sha256.clone())),
        row("Size (bytes)", &|s| Some(s.bytes.to_string())),
        SourceRow {
            label: "Words",
            values: [
                Some(c.stats.a.words.to_string()),
                Some(c.stats.b.words.to_string()),
            ],
            hash: false,
        },
    ]
}

/// The word counts of both sides.
fn count_rows(c: &Comparison) -> [CountRow; 6] {
    let (a, b) = (&c.stats.a, &c.stats.b);
    let row = |label, a, b| CountRow { label, a, b };
    [
        row("Words", a.words, b.words),
        row("Shared", a.shared, b.shared),
        row("Moved", a.moved, b.moved),
        row("Variant", a.variant, b.variant),
        row("Unique", a.unique, b.unique),
        row("Boilerplate", a.boilerplate, b.boilerplate),
    ]
}

/// The matching switches, as readable labels.
pub(crate) fn option_rows(o: &MatchOptions) -> Vec<OptionRow> {
    let on = |label, b: bool| OptionRow {
        label,
        value: if b { "on" } else { "off" }.to_owned(),
    };
    vec![
        on("Ignore diacritics", o.diacritics),
        on("Unify alef forms", o.alef),
        on("Alef maqsura as ya", o.alef_maqsura),
        on("Ta marbuta as ha", o.ta_marbuta),
        on("Unify hamza seats", o.hamza),
        on("Persian letters as Arabic", o.persian),
        on("Unify digits", o.digits),
        on("Ignore Latin case", o.case_fold),
        on("Ignore punctuation", o.ignore_punctuation),
        on("Detect boilerplate", o.boilerplate),
        on("Detect moved passages", o.moves),
        OptionRow {
            label: "Shortest moved passage (words)",
            value: o.min_move_words.to_string(),
        },
        on("Pair spelling variants", o.variants),
    ]
}

/// "1 word", "12 words".
pub fn words_label(n: usize) -> String {
    if n == 1 {
        "1 word".to_owned()
    } else {
        format!("{n} words")
    }
}

/// Today's date in UTC as `YYYY-MM-DD`, from the system clock.
pub(crate) fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

// ---------------------------------------------------------------------------------------------
// Article text
// ---------------------------------------------------------------------------------------------

/// Direction of a paragraph, from its first strong character (UAX #9 rules P2–P3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// First strong character is right-to-left (Arabic, Hebrew, …).
    Rtl,
    /// First strong character is left-to-right (Latin, …).
    Ltr,
    /// No strong character.
    Auto,
}

impl Dir {
    /// Value for an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rtl => "rtl",
            Self::Ltr => "ltr",
            Self::Auto => "auto",
        }
    }
}

/// Direction of the line of `text` that continues at byte `offset` (scans up to the line end).
pub fn dir_from(text: &str, offset: usize) -> Dir {
    let rest = text.get(offset..).unwrap_or("");
    for ch in rest.chars() {
        if ch == '\n' {
            break;
        }
        match bidi_class(ch) {
            BidiClass::L => return Dir::Ltr,
            BidiClass::R | BidiClass::AL => return Dir::Rtl,
            _ => {}
        }
    }
    Dir::Auto
}

/// Direction of a whole article: that of most of its text, each line taking the direction of
/// its first strong character; `Auto` when no line has one.
pub fn article_dir(text: &str) -> Dir {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for line in text.split('\n') {
        match dir_from(line, 0) {
            Dir::Rtl => rtl += line.len(),
            Dir::Ltr => ltr += line.len(),
            Dir::Auto => {}
        }
    }
    match (rtl, ltr) {
        (0, 0) => Dir::Auto,
        _ if rtl >= ltr => Dir::Rtl,
        _ => Dir::Ltr,
    }
}

/// Splits a segment's text at newlines: yields `(byte offset in the side text, piece, ends line)`.
pub fn pieces(text: &str, start: usize) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut offset = start;
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let item = match current.find('\n') {
            Some(nl) => {
                rest = current.get(nl + 1..);
                (offset, current.get(..nl).unwrap_or(""), true)
            }
            None => {
                rest = None;
                (offset, current, false)
            }
        };
        offset += item.1.len() + usize::from(item.2);
        Some(item)
    })
}

/// The text of segment `index` of `side` with its byte offset; empty when out of range.
pub fn segment_slice(side: &Side, index: usize) -> (usize, &str) {
    side.segments
        .get(index)
        .map_or((0, ""), |s| (s.start, side.segment_text(index)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_day_counts() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_761), (2024, 2, 8));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(today_utc().len(), 10);
    }

    #[test]
    fn paragraph_direction_from_first_strong_character() {
        assert_eq!(dir_from("«2024» الرئيس", 0), Dir::Rtl);
        assert_eq!(dir_from("2024: The president", 0), Dir::Ltr);
        assert_eq!(dir_from("2024 …\nabc", 0), Dir::Auto);
        assert_eq!(dir_from("abc\nשלום", 4), Dir::Rtl);
        assert_eq!(article_dir("CNN\nالرئيس الصيني يدعو إلى تنسيق\n"), Dir::Rtl);
        assert_eq!(article_dir("The president said\nقال\n"), Dir::Ltr);
        assert_eq!(article_dir("2024\n…"), Dir::Auto);
    }

    #[test]
    fn pieces_split_at_newlines() {
        let v: Vec<_> = pieces("ab\n\ncd", 10).collect();
        assert_eq!(v, vec![(10, "ab", true), (13, "", true), (14, "cd", false)]);
        let v: Vec<_> = pieces("ab\n", 0).collect();
        assert_eq!(v, vec![(0, "ab", true), (3, "", false)]);
    }

    #[test]
    fn sections_count_their_entries() {
        let (a, b) = crate::load::seed_documents();
        let c = crate::engine::compare(&a, &b, &MatchOptions::default());
        let r = Report::new(&c, &ReportOptions::default());
        assert_eq!(
            r.only_b.heading(),
            format!("Only in B ({})", r.only_b.items.len())
        );
        assert!(r.moved.items.iter().all(|e| e.moved_to.is_some()));
        assert!(r.only_a.items.iter().all(|e| e.side == Which::A));
    }
}
