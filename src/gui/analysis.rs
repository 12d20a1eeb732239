//! Everything the window derives from a [`Comparison`] once, off the UI thread: the split text of
//! each side, the passage lists, the ordered list of differences and the moved passages.

use std::ops::Range;
use std::sync::Arc;

use crate::model::{Comparison, Segment, SegmentKind, Which};
use crate::summary::{self, Summary};

use super::text::DocText;

/// A comparison with what the window derives from it.
pub struct Analyzed {
    /// The comparison (shared with export threads).
    pub comparison: Arc<Comparison>,
    /// Split text of A and B.
    pub docs: [DocText; 2],
    /// Passage lists.
    pub summary: Summary,
    /// Places where the articles differ, in reading order.
    pub differences: Vec<Difference>,
    /// Moved passages with their segment ranges on both sides.
    pub moves: Vec<MoveGroup>,
}

/// One place where the articles differ: segments of A and/or B, and where each pane should
/// scroll to show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Difference {
    /// Differing segments of A (unique, variant or moved), in order.
    pub a: Vec<usize>,
    /// Differing segments of B.
    pub b: Vec<usize>,
    /// Segment of A to scroll to (the first differing one, or where B's text would go).
    pub a_at: usize,
    /// Segment of B to scroll to.
    pub b_at: usize,
}

impl Difference {
    /// Segments to outline on `which`: its own differing segments and the counterparts of the
    /// other side's, sorted.
    pub fn outline(&self, c: &Comparison, which: Which) -> Vec<usize> {
        let (own, other) = match which {
            Which::A => (&self.a, &self.b),
            Which::B => (&self.b, &self.a),
        };
        let other_side = c.side(which.other());
        let mut out: Vec<usize> = own.clone();
        out.extend(
            other
                .iter()
                .filter_map(|&s| other_side.segments.get(s).and_then(|seg| seg.link)),
        );
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The segment to scroll `which` to.
    pub fn at(&self, which: Which) -> usize {
        match which {
            Which::A => self.a_at,
            Which::B => self.b_at,
        }
    }
}

/// A moved passage: the segments holding one `move_id` on each side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveGroup {
    /// The move id.
    pub id: u32,
    /// First to last segment of A with this id.
    pub a: Range<usize>,
    /// First to last segment of B with this id.
    pub b: Range<usize>,
}

impl Analyzed {
    /// Derives everything from `comparison`.
    pub fn new(comparison: Arc<Comparison>) -> Self {
        let c = &*comparison;
        let docs = [
            DocText::new(&c.a.text, &c.a.segments),
            DocText::new(&c.b.text, &c.b.segments),
        ];
        let summary = summary::summarize(c);
        let differences = differences(c);
        let moves = move_groups(c);
        Self {
            comparison,
            docs,
            summary,
            differences,
            moves,
        }
    }

    /// The split text of `which`.
    pub fn doc(&self, which: Which) -> &DocText {
        match which {
            Which::A => &self.docs[0],
            Which::B => &self.docs[1],
        }
    }
}

/// Linked and in order: the segments that align the two sides.
fn is_anchor(s: &Segment) -> bool {
    s.link.is_some() && !s.moved
}

/// Worth stopping at when navigating.
fn is_difference(s: &Segment) -> bool {
    matches!(s.kind, SegmentKind::Unique | SegmentKind::Variant) || s.moved
}

/// Walks both sides in step, anchor by anchor, and collects what lies between anchors (and
/// in-order variants) as differences. Moved text is listed once, where it is in A.
pub fn differences(c: &Comparison) -> Vec<Difference> {
    let (sa, sb) = (&c.a.segments, &c.b.segments);
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < sa.len() || j < sb.len() {
        let mut d = Difference::default();
        while let Some(s) = sa.get(i).filter(|s| !is_anchor(s)) {
            if is_difference(s) {
                d.a.push(i);
            }
            i += 1;
        }
        while let Some(s) = sb.get(j).filter(|s| !is_anchor(s)) {
            // Moved text of B that has a counterpart is listed with A.
            if is_difference(s) && !(s.moved && s.link.is_some()) {
                d.b.push(j);
            }
            j += 1;
        }
        let (anchor_a, anchor_b) = (i, j);
        match (sa.get(i), sb.get(j)) {
            (Some(x), Some(y)) if x.link == Some(j) => {
                if x.kind == SegmentKind::Variant || y.kind == SegmentKind::Variant {
                    d.a.push(i);
                    d.b.push(j);
                }
                i += 1;
                j += 1;
            }
            // Crossed links (should not happen for in-order anchors): skip the one behind.
            (Some(x), Some(_)) => match x.link {
                Some(l) if l < j => i += 1,
                _ => j += 1,
            },
            (Some(_), None) => i += 1,
            (None, Some(_)) => j += 1,
            (None, None) => {}
        }
        if !d.a.is_empty() || !d.b.is_empty() {
            d.a_at =
                d.a.first()
                    .copied()
                    .unwrap_or(anchor_a.min(sa.len().saturating_sub(1)));
            d.b_at = match d.b.first() {
                Some(&b) => b,
                None => {
                    d.a.first()
                        .and_then(|&a| sa.get(a))
                        .and_then(|s| s.link)
                        .unwrap_or(anchor_b.min(sb.len().saturating_sub(1)))
                }
            };
            if d.a.is_empty()
                && let Some(&b) = d.b.first()
                && let Some(l) = sb.get(b).and_then(|s| s.link)
            {
                d.a_at = l;
            }
            out.push(d);
        }
    }
    out
}

/// Groups moved segments by move id.
pub fn move_groups(c: &Comparison) -> Vec<MoveGroup> {
    type Span = Option<(usize, usize)>;
    let mut spans: std::collections::BTreeMap<u32, [Span; 2]> = Default::default();
    for (side, which) in [(0, Which::A), (1, Which::B)] {
        for (k, s) in c.side(which).segments.iter().enumerate() {
            if let Some(id) = s.move_id {
                let span = &mut spans.entry(id).or_default()[side];
                *span = Some(match *span {
                    Some((first, last)) => (first.min(k), last.max(k)),
                    None => (k, k),
                });
            }
        }
    }
    spans
        .into_iter()
        .filter_map(|(id, [a, b])| {
            let (a, b) = (a?, b?);
            Some(MoveGroup {
                id,
                a: a.0..a.1 + 1,
                b: b.0..b.1 + 1,
            })
        })
        .collect()
}

/// Where segment `seg` of `which` corresponds to on the other side: its link, or the counterpart
/// of the nearest in-order linked segment after it (before it at the end of the text).
pub fn counterpart(c: &Comparison, which: Which, seg: usize) -> usize {
    let segs = &c.side(which).segments;
    if let Some(l) = segs.get(seg).and_then(|s| s.link) {
        return l;
    }
    if let Some(l) = segs
        .iter()
        .skip(seg)
        .find(|s| is_anchor(s))
        .and_then(|s| s.link)
    {
        return l;
    }
    segs.iter()
        .take(seg)
        .rev()
        .find(|s| is_anchor(s))
        .and_then(|s| s.link)
        .map_or(0, |l| l + 1)
        .min(c.side(which.other()).segments.len().saturating_sub(1))
}

/// An in-order linked pair: (segment on one side, its counterpart).
pub type AnchorPair = Option<(usize, usize)>;

/// The segment on `which`'s side nearest before `seg` that is an in-order anchor, and the next
/// one after it: the alignment pairs (own, other) around `seg`.
pub fn anchors_around(c: &Comparison, which: Which, seg: usize) -> (AnchorPair, AnchorPair) {
    let segs = &c.side(which).segments;
    let before = segs
        .iter()
        .enumerate()
        .take(seg + 1)
        .rev()
        .find(|(_, s)| is_anchor(s))
        .and_then(|(k, s)| s.link.map(|l| (k, l)));
    let after = segs
        .iter()
        .enumerate()
        .skip(seg + 1)
        .find(|(_, s)| is_anchor(s))
        .and_then(|(k, s)| s.link.map(|l| (k, l)));
    (before, after)
}
