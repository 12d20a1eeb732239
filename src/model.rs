//! The comparison model: plain, owned data that every consumer draws from.
//!
//! The engine ([`crate::engine`]) produces a [`Comparison`]; the window, the CLI and the report
//! exporters only read it. Its serde form *is* the JSON contract (version 1) described in the
//! README: field names here are part of that contract and must not change.

use serde::{Deserialize, Serialize};

/// Version of the JSON contract written by [`Comparison`].
pub const CONTRACT_VERSION: u32 = 1;

/// What happened to a stretch of text, from the point of view of its own side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// The same words (after normalisation) are in the other article.
    Shared,
    /// Corresponding words spelled differently (أوشاكوف ↔ أوتشاكوف, جين بينغ ↔ جينبينغ).
    Variant,
    /// Found only on this side.
    Unique,
    /// Not article body: related-article lists, source lines, keyword lines.
    Boilerplate,
}

/// A stretch of one side's text. The segments of a side tile its text exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Byte offset into [`Side::text`] (inclusive).
    pub start: usize,
    /// Byte offset into [`Side::text`] (exclusive).
    pub end: usize,
    /// What happened to this text.
    pub kind: SegmentKind,
    /// True for shared or variant text that is out of order relative to the other side.
    pub moved: bool,
    /// Index of the counterpart segment in the other side's `segments`; `None` for unique and
    /// boilerplate. Links are symmetric.
    pub link: Option<usize>,
    /// Number of words in this segment.
    pub words: usize,
    /// For moved text: the id of the moved passage it belongs to (the same id on both sides).
    /// A moved passage may hold several segments (shared runs with edits between them).
    #[serde(rename = "move")]
    pub move_id: Option<u32>,
}

impl Segment {
    /// The byte range of this segment in its side's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// In reading order: shared or variant text, linked to its counterpart and not moved. These
    /// are the points where the two sides are in step; every walk over both sides syncs on them
    /// ([`Comparison::reading_order`], the text diff, the inline HTML and Markdown layouts, the
    /// window's linked scrolling and difference stops).
    ///
    /// In a comparison that keeps the contract (only shared and variant segments are linked)
    /// this is the same as `link.is_some() && !moved`, and the same as "shared or variant and
    /// not moved".
    pub fn is_in_order(&self) -> bool {
        self.link.is_some()
            && !self.moved
            && matches!(self.kind, SegmentKind::Shared | SegmentKind::Variant)
    }
}

/// One compared article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// The path as given by the user (or a label such as `seeds/…` for bundled text).
    pub path: String,
    /// Name of the encoding the bytes were decoded from (`UTF-8`, `UTF-16LE`, `windows-1256`, …).
    pub encoding: String,
    /// The decoded, line-ending-normalised text that was compared.
    pub text: String,
    /// Segments tiling `text`.
    pub segments: Vec<Segment>,
    /// Hex SHA-256 of the original bytes on disk.
    pub sha256: String,
    /// Size of the original file in bytes.
    pub bytes: u64,
    /// Malformed byte sequences replaced by U+FFFD while decoding (0 for a clean file).
    #[serde(default)]
    pub replaced: usize,
    /// A recognised title line (a short first line without final punctuation), if any.
    pub title: Option<String>,
    /// A recognised outlet (from a source line such as "المصدر: صحيفة الاتحاد"), if any.
    pub outlet: Option<String>,
}

impl Side {
    /// The text of a segment.
    pub fn segment_text(&self, index: usize) -> &str {
        self.segments
            .get(index)
            .and_then(|s| self.text.get(s.start..s.end))
            .unwrap_or("")
    }

    /// File name part of `path`, for titles.
    pub fn file_name(&self) -> &str {
        std::path::Path::new(&self.path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.path)
    }
}

/// Word counts for one side. `moved` counts words that are also in `shared` or `variant`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideStats {
    /// Words counted (shared + variant + unique; boilerplate only when it is kept as body).
    pub words: usize,
    /// Words shared with the other side, in order or moved.
    pub shared: usize,
    /// Shared or variant words that are out of order (a subset of `shared` + `variant`).
    pub moved: usize,
    /// Words that are spelling variants of words on the other side.
    pub variant: usize,
    /// Words found only on this side.
    pub unique: usize,
    /// Words marked as boilerplate (not included in `words`).
    pub boilerplate: usize,
}

/// Statistics of a comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Share of words on both sides that have a counterpart (shared or variant), in [0, 1].
    pub similarity: f64,
    /// Side A.
    pub a: SideStats,
    /// Side B.
    pub b: SideStats,
}

/// The matching switches. Each is on by default unless noted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchOptions {
    /// Remove harakat (U+064B–U+0652, U+0670) and tatweel (U+0640).
    pub diacritics: bool,
    /// Alef forms أ إ آ ٱ → ا.
    pub alef: bool,
    /// Alef maqsura ى → ي.
    pub alef_maqsura: bool,
    /// Ta marbuta ة → ه.
    pub ta_marbuta: bool,
    /// Hamza seats ؤ ئ → ء (off by default).
    pub hamza: bool,
    /// Persian/Urdu letters ی ک گ → ي ك ك.
    pub persian: bool,
    /// Arabic-Indic and Eastern Arabic-Indic digits → ASCII.
    pub digits: bool,
    /// Latin case folding.
    pub case_fold: bool,
    /// Punctuation and quote marks are ignored for matching. When off, punctuation marks are
    /// compared (and counted) as tokens of their own.
    pub ignore_punctuation: bool,
    /// Detect boilerplate (related-article lists, source and keyword lines) and leave it out of
    /// matching and statistics. When off, all text is treated as article body.
    pub boilerplate: bool,
    /// Detect moved passages. When off, only in-order text is shared.
    pub moves: bool,
    /// Minimum length, in words, of a common run that can be recognised as moved.
    pub min_move_words: usize,
    /// Pair spelling variants (أوشاكوف ↔ أوتشاكوف, split or merged names).
    pub variants: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self {
            diacritics: true,
            alef: true,
            alef_maqsura: true,
            ta_marbuta: true,
            hamza: false,
            persian: true,
            digits: true,
            case_fold: true,
            ignore_punctuation: true,
            boilerplate: true,
            moves: true,
            min_move_words: 4,
            variants: true,
        }
    }
}

/// The whole result of comparing two articles: what the window draws and the reports print.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Contract version, [`CONTRACT_VERSION`].
    pub version: u32,
    /// The first article.
    pub a: Side,
    /// The second article.
    pub b: Side,
    /// Word counts and similarity.
    pub stats: Stats,
    /// The matching switches used.
    pub options: MatchOptions,
    /// Fallbacks the engine took (a deadline hit, a gap too large to align finely), in words a
    /// user can read. Empty in the normal case.
    pub fallbacks: Vec<String>,
    /// True when both texts are equal after normalisation (the CLI then exits 0).
    pub identical: bool,
}

impl Comparison {
    /// The side for `which`.
    pub fn side(&self, which: Which) -> &Side {
        match which {
            Which::A => &self.a,
            Which::B => &self.b,
        }
    }

    /// Both articles as one stream in reading order: segments in order on each side, synced on
    /// in-order segments ([`Segment::is_in_order`]). Every segment of both sides is yielded
    /// exactly once; between two sync points, A's segments come before B's.
    pub fn reading_order(&self) -> ReadingOrder<'_> {
        ReadingOrder {
            a: &self.a.segments,
            b: &self.b.segments,
            i: 0,
            j: 0,
        }
    }
}

/// One step of [`Comparison::reading_order`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A segment of A with no in-order counterpart at this place (removed, moved away, …).
    A(usize),
    /// A segment of B with no in-order counterpart at this place (added, moved here, …).
    B(usize),
    /// An in-order pair: A's segment and its linked counterpart in B.
    Pair(usize, usize),
}

/// The iterator of [`Comparison::reading_order`].
#[derive(Clone, Debug)]
pub struct ReadingOrder<'a> {
    a: &'a [Segment],
    b: &'a [Segment],
    i: usize,
    j: usize,
}

impl Iterator for ReadingOrder<'_> {
    type Item = Step;

    fn next(&mut self) -> Option<Step> {
        let (i, j) = (self.i, self.j);
        let step = match (self.a.get(i), self.b.get(j)) {
            (None, None) => return None,
            (Some(sa), _) if !sa.is_in_order() => Step::A(i),
            (_, Some(sb)) if !sb.is_in_order() => Step::B(j),
            (Some(sa), Some(_)) => match sa.link {
                Some(k) if k == j => Step::Pair(i, j),
                // A's next sync point is further on in B: B's text before it comes first.
                Some(k) if k > j => Step::B(j),
                _ => Step::A(i),
            },
            (Some(_), None) => Step::A(i),
            (None, Some(_)) => Step::B(j),
        };
        match step {
            Step::A(_) => self.i += 1,
            Step::B(_) => self.j += 1,
            Step::Pair(..) => {
                self.i += 1;
                self.j += 1;
            }
        }
        Some(step)
    }
}

/// Names one of the two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Which {
    /// The first article (left pane, `a` in JSON).
    A,
    /// The second article (right pane, `b` in JSON).
    B,
}

impl Which {
    /// The other side.
    pub fn other(self) -> Self {
        match self {
            Self::A => Self::B,
            Self::B => Self::A,
        }
    }

    /// "A" or "B".
    pub fn label(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
        }
    }
}
