//! Everything the window derives from a [`Comparison`] once, off the UI thread: the split text of
//! each side, the passage lists, the ordered list of differences and the moved passages.

use std::ops::Range;
use std::sync::Arc;

use crate::engine::find::FindIndex;
use crate::load::Document;
use crate::model::{Comparison, Segment, SegmentKind, Side, Which};
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
    /// Both texts tokenised under the comparison's options, for the find bar.
    pub find: FindIndex,
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
        let find = FindIndex::new(&[&c.a.text, &c.b.text], &c.options);
        Self {
            comparison,
            docs,
            summary,
            differences,
            moves,
            find,
        }
    }

    /// One article alone, as side `which`, unmarked (no segments), while the other side is
    /// missing: the window shows it with its name instead of an empty pane. The other side is
    /// empty, with an empty path.
    pub fn single(doc: &Document, which: Which) -> Self {
        let side = |d: Option<&Document>| Side {
            path: d.map(|d| d.path.clone()).unwrap_or_default(),
            encoding: d.map(|d| d.encoding.clone()).unwrap_or_default(),
            text: d.map(|d| d.text.clone()).unwrap_or_default(),
            segments: Vec::new(),
            sha256: d.map(|d| d.sha256.clone()).unwrap_or_default(),
            bytes: d.map_or(0, |d| d.bytes),
            replaced: d.map_or(0, |d| d.replaced),
            title: d.and_then(|d| d.title.clone()),
            outlet: d.and_then(|d| d.outlet.clone()),
            format: d.map(|d| d.format).unwrap_or_default(),
            url: d.and_then(|d| d.url.clone()),
            published: d.and_then(|d| d.published.clone()),
        };
        let (a, b) = match which {
            Which::A => (side(Some(doc)), side(None)),
            Which::B => (side(None), side(Some(doc))),
        };
        let comparison = Comparison {
            version: crate::model::CONTRACT_VERSION,
            a,
            b,
            stats: Default::default(),
            options: Default::default(),
            fallbacks: Vec::new(),
            identical: false,
        };
        Self::new(Arc::new(comparison))
    }

    /// The split text of `which`.
    pub fn doc(&self, which: Which) -> &DocText {
        match which {
            Which::A => &self.docs[0],
            Which::B => &self.docs[1],
        }
    }
}

/// Linked and in order: the segments that align the two sides (the model's one definition of
/// reading order, [`Segment::is_in_order`]).
fn is_anchor(s: &Segment) -> bool {
    s.is_in_order()
}

/// Walks both sides in step, anchor by anchor (linked, in-order segments). Between two
/// anchors, each run of unique text, on either side, is one difference, and so is each moved
/// passage (listed once, where it is in A, with its segments on both sides); an in-order
/// variant pair is one difference at its anchor. So F7 stops at each passage a reader would
/// name, not at whole stretches between shared text.
pub fn differences(c: &Comparison) -> Vec<Difference> {
    let (sa, sb) = (&c.a.segments, &c.b.segments);
    let moves = move_members(c);
    let mut listed_moves = std::collections::BTreeSet::new();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < sa.len() || j < sb.len() {
        let gap_a = i..i + sa[i..].iter().take_while(|s| !is_anchor(s)).count();
        let gap_b = j..j + sb[j..].iter().take_while(|s| !is_anchor(s)).count();
        let (anchor_a, anchor_b) = (gap_a.end, gap_b.end);
        // Where text missing from one side would stand: at the next anchor, or the last segment.
        let at_a = anchor_a.min(sa.len().saturating_sub(1));
        let at_b = anchor_b.min(sb.len().saturating_sub(1));
        for k in gap_a.clone() {
            if let Some(mv) = sa[k].move_id.filter(|_| sa[k].moved) {
                if listed_moves.insert(mv)
                    && let Some((a, b)) = moves.get(&mv)
                {
                    out.push(difference(a.clone(), b.clone(), at_a, at_b));
                }
            }
        }
        // Moves were pushed above in A order; unique runs follow, A's then B's.
        for run in unique_runs(sa, gap_a) {
            out.push(difference(run, Vec::new(), at_a, at_b));
        }
        for run in unique_runs(sb, gap_b) {
            out.push(difference(Vec::new(), run, at_a, at_b));
        }
        i = anchor_a;
        j = anchor_b;
        match (sa.get(i), sb.get(j)) {
            (Some(x), Some(y)) if x.link == Some(j) => {
                if x.kind == SegmentKind::Variant || y.kind == SegmentKind::Variant {
                    out.push(difference(vec![i], vec![j], i, j));
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
    }
    out
}

/// A difference with its scroll targets: its own first segment on each side, else the place
/// given (where the missing text would stand). A one-sided moved or variant segment scrolls the
/// other side to its counterpart.
fn difference(a: Vec<usize>, b: Vec<usize>, at_a: usize, at_b: usize) -> Difference {
    Difference {
        a_at: a.first().copied().unwrap_or(at_a),
        b_at: b.first().copied().unwrap_or(at_b),
        a,
        b,
    }
}

/// Runs of consecutive unique segments (with words) among `range`.
fn unique_runs(segments: &[Segment], range: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut open = false;
    for k in range {
        let unique = segments[k].kind == SegmentKind::Unique && segments[k].words > 0;
        match runs.last_mut() {
            Some(run) if unique && open => run.push(k),
            _ if unique => runs.push(vec![k]),
            _ => {}
        }
        open = unique;
    }
    runs
}

/// Segments of each moved passage on both sides, by move id.
fn move_members(c: &Comparison) -> std::collections::BTreeMap<u32, (Vec<usize>, Vec<usize>)> {
    let mut map: std::collections::BTreeMap<u32, (Vec<usize>, Vec<usize>)> = Default::default();
    for (k, s) in c.a.segments.iter().enumerate() {
        if let Some(mv) = s.move_id.filter(|_| s.moved) {
            map.entry(mv).or_default().0.push(k);
        }
    }
    for (k, s) in c.b.segments.iter().enumerate() {
        if let Some(mv) = s.move_id.filter(|_| s.moved) {
            map.entry(mv).or_default().1.push(k);
        }
    }
    map
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::seed_documents;
    use crate::model::MatchOptions;

    /// Regression: every stretch between two anchors used to be one difference, so on the seeds
    /// F7 stopped four times, the first stop spanning B's whole opening and two moved paragraphs.
    #[test]
    fn each_unique_run_and_moved_passage_is_its_own_difference() {
        let (a, b) = seed_documents();
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let diffs = differences(&c);
        let moves = move_members(&c);
        for (mv, (ma, mb)) in &moves {
            let listed = diffs.iter().filter(|d| d.a == *ma && d.b == *mb).count();
            assert_eq!(listed, 1, "moved passage {mv} is listed once");
        }
        for (k, s) in c.b.segments.iter().enumerate() {
            if s.kind == SegmentKind::Unique && s.words > 0 {
                let holders = diffs.iter().filter(|d| d.b.contains(&k)).count();
                assert_eq!(
                    holders, 1,
                    "unique B segment {k} is in exactly one difference"
                );
            }
        }
        for d in &diffs {
            assert!(!d.a.is_empty() || !d.b.is_empty(), "no empty difference");
            assert!(d.a_at < c.a.segments.len() && d.b_at < c.b.segments.len());
        }
        assert!(diffs.len() > 8, "{} differences", diffs.len());
    }
}
