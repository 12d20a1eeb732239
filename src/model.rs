//! The comparison model: plain, owned data that every consumer draws from.
//!
//! The engine ([`crate::engine`]) produces a [`Comparison`]; the window, the CLI and the report
//! exporters only read it. Its serde form *is* the JSON contract (version 1) described in the
//! README: field names here are part of that contract and must not change.

use serde::{Deserialize, Serialize};

/// Version of the JSON contract written by [`Comparison`].
pub const CONTRACT_VERSION: u32 = 1;

/// What an article was read from: its bytes' format, or the clipboard. Part of the JSON
/// contract (`format` of each side and story article).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A plain-text file.
    #[default]
    Text,
    /// A web page (saved or fetched): the article body extracted from it.
    Html,
    /// A web page saved as a single MHTML file.
    Mhtml,
    /// A Word document.
    Docx,
    /// Text pasted from the clipboard.
    Clipboard,
}

impl Format {
    /// The contract's name: `text`, `html`, `mhtml`, `docx` or `clipboard`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::Mhtml => "mhtml",
            Self::Docx => "docx",
            Self::Clipboard => "clipboard",
        }
    }
}

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
    /// What the article was read from.
    #[serde(default)]
    pub format: Format,
    /// The page's canonical URL, else the URL it was fetched from; `None` for files without one.
    #[serde(default)]
    pub url: Option<String>,
    /// The publication date the page gives (ISO 8601), if any.
    #[serde(default)]
    pub published: Option<String>,
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

impl Comparison {
    /// Checks the contract every comparison keeps, and returns the first breach found: the
    /// segments of each side tile its text on character boundaries; links are symmetric and join
    /// segments of the same kind, moved flag and move id; only shared and variant segments are
    /// linked or moved, and a segment is moved exactly when it has a move id; links of segments
    /// that are not moved never cross; the statistics are the segments' word counts, and the
    /// similarity is in [0, 1].
    ///
    /// The engine's tests, the CLI tests (on the JSON contract, read back) and the fuzz targets
    /// all hold their comparisons to this one definition.
    pub fn check(&self) -> Result<(), String> {
        for (name, side, other, stats) in [
            ("a", &self.a, &self.b, &self.stats.a),
            ("b", &self.b, &self.a, &self.stats.b),
        ] {
            check_side(side, other).map_err(|e| format!("side {name} ({}): {e}", side.path))?;
            let counted = counted_words(&side.segments);
            if *stats != counted {
                return Err(format!(
                    "side {name}: statistics {stats:?} are not the segments' counts {counted:?}"
                ));
            }
        }
        let s = self.stats.similarity;
        if !(0.0..=1.0).contains(&s) {
            return Err(format!("similarity {s} is not in [0, 1]"));
        }
        // In A's order the in-order links increase; counterparts share the moved flag, so the
        // same then holds in B's order.
        let links: Vec<usize> = self
            .a
            .segments
            .iter()
            .filter(|s| !s.moved)
            .filter_map(|s| s.link)
            .collect();
        if let Some(w) = links.windows(2).find(|w| w[0] >= w[1]) {
            return Err(format!("in-order links cross: {} then {}", w[0], w[1]));
        }
        Ok(())
    }
}

/// The tiling and link rules of [`Comparison::check`] for one side.
fn check_side(side: &Side, other: &Side) -> Result<(), String> {
    let text = &side.text;
    let mut pos = 0;
    for (i, seg) in side.segments.iter().enumerate() {
        if seg.start != pos || seg.end <= seg.start || seg.end > text.len() {
            return Err(format!(
                "segment {i} is {}..{}, expected to start at {pos}",
                seg.start, seg.end
            ));
        }
        if !text.is_char_boundary(seg.start) || !text.is_char_boundary(seg.end) {
            return Err(format!("segment {i} splits a character: {seg:?}"));
        }
        pos = seg.end;
        let linkable = matches!(seg.kind, SegmentKind::Shared | SegmentKind::Variant);
        match seg.link {
            Some(j) => {
                let Some(back) = other.segments.get(j) else {
                    return Err(format!("segment {i} links to missing segment {j}"));
                };
                if back.link != Some(i) {
                    return Err(format!(
                        "segment {i} links to {j}, which links to {:?}",
                        back.link
                    ));
                }
                if (back.kind, back.moved, back.move_id) != (seg.kind, seg.moved, seg.move_id) {
                    return Err(format!(
                        "segment {i} and its counterpart {j} differ: {seg:?} / {back:?}"
                    ));
                }
                if !linkable {
                    return Err(format!("{:?} segment {i} is linked", seg.kind));
                }
            }
            None if linkable => return Err(format!("{:?} segment {i} is not linked", seg.kind)),
            None => {}
        }
        if seg.moved && !linkable {
            return Err(format!("{:?} segment {i} is moved", seg.kind));
        }
        if seg.moved != seg.move_id.is_some() {
            return Err(format!(
                "segment {i}: moved is {} but the move id is {:?}",
                seg.moved, seg.move_id
            ));
        }
    }
    if pos != text.len() {
        return Err(format!(
            "the segments end at {pos}, the text at {}",
            text.len()
        ));
    }
    Ok(())
}

/// The word counts of a side's segments, as its [`SideStats`] should be.
fn counted_words(segments: &[Segment]) -> SideStats {
    let mut st = SideStats::default();
    for s in segments {
        let count = match s.kind {
            SegmentKind::Shared => &mut st.shared,
            SegmentKind::Variant => &mut st.variant,
            SegmentKind::Unique => &mut st.unique,
            SegmentKind::Boilerplate => &mut st.boilerplate,
        };
        *count += s.words;
        st.moved += if s.moved { s.words } else { 0 };
    }
    st.words = st.shared + st.variant + st.unique;
    st
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> Comparison {
        let (a, b) = crate::load::seed_documents();
        crate::engine::compare(&a, &b, &MatchOptions::default())
    }

    #[test]
    fn the_seeds_keep_the_contract_and_breaches_are_found() {
        let c = seeds();
        assert_eq!(c.check(), Ok(()));
        type Breach = fn(&mut Comparison);
        let breaches: [(&str, Breach); 6] = [
            ("expected to start", |c| c.a.segments[1].start += 1),
            ("which links to", |c| c.b.segments.swap(0, 1)),
            ("is not linked", |c| {
                let i = c.a.segments.iter().position(|s| s.link.is_some()).unwrap();
                c.a.segments[i].link = None;
            }),
            ("moved is", |c| c.a.segments[0].move_id = Some(99)),
            ("statistics", |c| c.stats.b.unique += 1),
            ("similarity", |c| c.stats.similarity = 1.5),
        ];
        for (message, breach) in breaches {
            let mut broken = c.clone();
            breach(&mut broken);
            let err = broken.check().unwrap_err();
            assert!(err.contains(message), "{message}: {err}");
        }
    }
}
