//! Passage lists derived from a comparison: what only one side says, what moved, which words are
//! spelling variants. Shared by the window's summary panel and the reports.

use std::collections::BTreeMap;

use crate::model::{Comparison, Segment, SegmentKind, Side, Which};

/// Unique runs separated by at most this many matched words (in one paragraph) are one passage,
/// so a clause with a shared name in it is listed whole.
const BRIDGE_WORDS: usize = 2;

/// A stretch of one side's text, made of whole segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Which side the passage is on.
    pub side: Which,
    /// Byte range start in that side's text.
    pub start: usize,
    /// Byte range end in that side's text.
    pub end: usize,
    /// First segment index (inclusive).
    pub first_segment: usize,
    /// Last segment index (inclusive).
    pub last_segment: usize,
    /// Words in the passage.
    pub words: usize,
    /// The passage text, trimmed.
    pub text: String,
}

/// A moved passage, shown on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedPassage {
    /// The move id (the `move` field of its segments).
    pub move_id: u32,
    /// Its place in A.
    pub a: Passage,
    /// Its place in B.
    pub b: Passage,
}

/// A pair of variant spellings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantPair {
    /// Segment index in A.
    pub a_segment: usize,
    /// Segment index in B.
    pub b_segment: usize,
    /// A's spelling.
    pub a_text: String,
    /// B's spelling.
    pub b_text: String,
    /// True when the pair is out of order.
    pub moved: bool,
}

/// All passage lists of a comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Unique passages of A, longest first.
    pub only_a: Vec<Passage>,
    /// Unique passages of B, longest first.
    pub only_b: Vec<Passage>,
    /// Moved passages, longest first.
    pub moved: Vec<MovedPassage>,
    /// Variant pairs in A's order.
    pub variants: Vec<VariantPair>,
}

/// Derives the passage lists.
pub fn summarize(c: &Comparison) -> Summary {
    Summary {
        only_a: unique_passages(&c.a, Which::A),
        only_b: unique_passages(&c.b, Which::B),
        moved: moved_passages(c),
        variants: variant_pairs(c),
    }
}

/// A passage over segments `first..=last` of `side`, trimmed of surrounding white space and
/// punctuation; `words` as given.
fn passage(side: &Side, which: Which, first: usize, last: usize, words: usize) -> Passage {
    let (start, end) = (side.segments[first].start, side.segments[last].end);
    let raw = side.text.get(start..end).unwrap_or("");
    let trim = |c: char| c.is_whitespace() || matches!(c, '،' | ',' | '؛' | ';' | ':');
    let lead = raw.len() - raw.trim_start_matches(trim).len();
    let text = raw.trim_matches(trim);
    Passage {
        side: which,
        start: start + lead,
        end: start + lead + text.len(),
        first_segment: first,
        last_segment: last,
        words,
        text: text.to_owned(),
    }
}

/// Unique runs of a side, bridged over short matched stretches, longest first.
fn unique_passages(side: &Side, which: Which) -> Vec<Passage> {
    let segs = &side.segments;
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        if segs[i].kind != SegmentKind::Unique || segs[i].words == 0 {
            i += 1;
            continue;
        }
        let (first, mut last, mut words) = (i, i, segs[i].words);
        let mut j = i + 1;
        while let Some(next) = next_unique(side, last, &mut j) {
            words += segs[next].words;
            last = next;
            j = next + 1;
        }
        out.push(passage(side, which, first, last, words));
        i = last + 1;
    }
    out.sort_by(|x, y| y.words.cmp(&x.words).then(x.start.cmp(&y.start)));
    out
}

/// The next unique segment after `last` reachable over at most [`BRIDGE_WORDS`] matched words
/// without crossing a paragraph break; `j` is where to look from.
fn next_unique(side: &Side, last: usize, j: &mut usize) -> Option<usize> {
    let segs = &side.segments;
    let mut bridged = 0;
    let breaks = |s: &Segment| {
        side.text
            .get(s.start..s.end)
            .is_some_and(|t| t.contains('\n'))
    };
    if breaks(&segs[last]) {
        return None;
    }
    while let Some(s) = segs.get(*j) {
        match s.kind {
            SegmentKind::Unique if s.words > 0 => return Some(*j),
            SegmentKind::Shared | SegmentKind::Variant => {
                bridged += s.words;
                if bridged > BRIDGE_WORDS || breaks(s) {
                    return None;
                }
            }
            SegmentKind::Unique | SegmentKind::Boilerplate => return None,
        }
        *j += 1;
    }
    None
}

/// The span of each move id on one side: (first segment, last segment, moved words).
fn move_spans(side: &Side) -> BTreeMap<u32, (usize, usize, usize)> {
    let mut spans = BTreeMap::new();
    for (i, s) in side.segments.iter().enumerate() {
        if let Some(mv) = s.move_id {
            let e = spans.entry(mv).or_insert((i, i, 0));
            e.1 = i;
            e.2 += s.words;
        }
    }
    spans
}

/// Moved passages with their place on both sides, longest first.
fn moved_passages(c: &Comparison) -> Vec<MovedPassage> {
    let spans_b = move_spans(&c.b);
    let mut out: Vec<MovedPassage> = move_spans(&c.a)
        .into_iter()
        .filter_map(|(mv, (fa, la, wa))| {
            let &(fb, lb, wb) = spans_b.get(&mv)?;
            Some(MovedPassage {
                move_id: mv,
                a: passage(&c.a, Which::A, fa, la, wa),
                b: passage(&c.b, Which::B, fb, lb, wb),
            })
        })
        .collect();
    out.sort_by(|x, y| y.a.words.cmp(&x.a.words).then(x.a.start.cmp(&y.a.start)));
    out
}

/// Variant pairs in A's order.
fn variant_pairs(c: &Comparison) -> Vec<VariantPair> {
    let clean = |t: &str| {
        t.trim_matches(|ch: char| {
            ch.is_whitespace() || ch.is_ascii_punctuation() || "،؛؟«»“”".contains(ch)
        })
        .to_owned()
    };
    c.a.segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SegmentKind::Variant)
        .filter_map(|(i, s)| {
            let link = s.link?;
            Some(VariantPair {
                a_segment: i,
                b_segment: link,
                a_text: clean(c.a.segment_text(i)),
                b_text: clean(c.b.segment_text(link)),
                moved: s.moved,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::seed_documents;
    use crate::model::MatchOptions;

    fn seeds() -> Summary {
        let (a, b) = seed_documents();
        summarize(&engine::compare(&a, &b, &MatchOptions::default()))
    }

    #[test]
    fn containment_framing_tops_only_in_b() {
        let s = seeds();
        let top = &s.only_b[0];
        assert!(top.text.contains("سياسة الاحتواء المزدوج"), "{}", top.text);
        assert!(
            s.only_b
                .iter()
                .any(|p| p.text.contains("وحل الصراع في الشرق الأوسط"))
        );
        assert!(s.only_b.windows(2).all(|w| w[0].words >= w[1].words));
        assert!(s.only_a.iter().all(|p| !p.text.contains("نظام عالمي")));
    }

    #[test]
    fn passages_point_at_their_text() {
        let (a, b) = seed_documents();
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let s = summarize(&c);
        for p in s.only_a.iter().chain(&s.only_b) {
            assert_eq!(
                c.side(p.side).text.get(p.start..p.end),
                Some(p.text.as_str())
            );
        }
        for m in &s.moved {
            assert_eq!(c.a.text.get(m.a.start..m.a.end), Some(m.a.text.as_str()));
            assert_eq!(c.b.text.get(m.b.start..m.b.end), Some(m.b.text.as_str()));
        }
    }

    #[test]
    fn seeds_moved_and_variant_lists() {
        let s = seeds();
        assert!(
            s.moved[0].a.text.contains("نظام عالمي متعدد الأقطاب"),
            "{}",
            s.moved[0].a.text
        );
        let pairs: Vec<(&str, &str)> = s
            .variants
            .iter()
            .map(|v| (v.a_text.as_str(), v.b_text.as_str()))
            .collect();
        assert!(pairs.contains(&("جين بينغ", "جينبينغ")), "{pairs:?}");
        assert!(pairs.contains(&("أوشاكوف", "أوتشاكوف")), "{pairs:?}");
    }
}
