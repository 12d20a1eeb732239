//! From per-word pairs to segments that tile each text, with symmetric links, and statistics.
//!
//! Each word gets a label; a segment is a maximal run of words with one label, plus the text
//! (white space, punctuation) up to the next segment's first word. Shared words are grouped into
//! diagonal runs (consecutive on both sides, same move), so a run is one segment on each side and
//! the two link to each other; a variant pair is likewise one segment per side.

use rustc_hash::FxHashMap;

use super::align::{Mv, Pair};
use super::tokens::Word;
use crate::model::{Segment, SegmentKind, SideStats};

/// One side's words and how they map into the aligned (body) sequence.
pub struct SideWords<'s> {
    /// The side's text.
    pub text: &'s str,
    /// All words of the text.
    pub words: &'s [Word],
    /// Per word: boilerplate.
    pub boilerplate: &'s [bool],
    /// Body index → word index.
    pub body: &'s Body,
    /// Per body word: its pair.
    pub pairs: &'s [Pair],
}

/// A side's body words (all but the boilerplate) as word indices, body index → word index.
/// Most articles have no boilerplate: then it is every word, without a table (4 bytes a word).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Words `0..n`.
    All(usize),
    /// The listed words, increasing.
    Words(Vec<u32>),
}

impl Body {
    /// The words whose `boilerplate` flag is off.
    pub fn new(boilerplate: &[bool]) -> Self {
        if boilerplate.contains(&true) {
            Self::Words(
                (0..boilerplate.len())
                    .filter(|&w| !boilerplate[w])
                    .map(|w| w as u32)
                    .collect(),
            )
        } else {
            Self::All(boilerplate.len())
        }
    }

    /// The word index of body word `i` (`i < len()`).
    pub fn word(&self, i: usize) -> usize {
        match self {
            Self::All(_) => i,
            Self::Words(w) => w[i] as usize,
        }
    }

    /// The number of body words.
    pub fn len(&self) -> usize {
        match self {
            Self::All(n) => *n,
            Self::Words(w) => w.len(),
        }
    }

    /// True when every word is boilerplate (or there are none).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The word indices in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).map(|i| self.word(i))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Label {
    Boilerplate,
    Unique,
    Shared { run: u32, mv: Mv },
    Variant { group: u32, mv: Mv },
}

/// Key identifying the counterpart relation of a label (same on both sides).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum LinkKey {
    Run(u32),
    Group(u32),
}

impl Label {
    fn link_key(self) -> Option<LinkKey> {
        match self {
            Label::Shared { run, .. } => Some(LinkKey::Run(run)),
            Label::Variant { group, .. } => Some(LinkKey::Group(group)),
            Label::Boilerplate | Label::Unique => None,
        }
    }
}

/// Builds the segments of both sides.
pub fn build(a: &SideWords<'_>, b: &SideWords<'_>) -> (Vec<Segment>, Vec<Segment>) {
    let (labels_a, labels_b) = labels(a, b);
    let ((mut seg_a, keys_a), (mut seg_b, keys_b)) =
        if labels_a.len() + labels_b.len() < PARALLEL_WORDS {
            (tile(a, &labels_a), tile(b, &labels_b))
        } else {
            // The two sides tile independently.
            std::thread::scope(|scope| {
                let worker = std::thread::Builder::new()
                    .name("tabayun-segments-b".to_owned())
                    .spawn_scoped(scope, || tile(b, &labels_b));
                let side_a = tile(a, &labels_a);
                let side_b = match worker {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(_) => tile(b, &labels_b),
                };
                (side_a, side_b)
            })
        };
    drop((labels_a, labels_b));
    link(&mut seg_a, &keys_a, &mut seg_b, &keys_b);
    (seg_a, seg_b)
}

/// Texts with fewer words than this (both sides together) are tiled on one thread: below it a
/// second thread costs about what it saves.
const PARALLEL_WORDS: usize = 50_000;

/// Labels every word of both sides; shared words get diagonal run ids.
fn labels(a: &SideWords<'_>, b: &SideWords<'_>) -> (Vec<Label>, Vec<Label>) {
    let base = |s: &SideWords<'_>| -> Vec<Label> {
        s.boilerplate
            .iter()
            .map(|&bp| {
                if bp {
                    Label::Boilerplate
                } else {
                    Label::Unique
                }
            })
            .collect()
    };
    let (mut la, mut lb) = (base(a), base(b));
    let mut run = 0u32;
    let mut first = true;
    let mut prev: Option<(usize, usize, Mv)> = None;
    for (i, pair) in a.pairs.iter().enumerate() {
        let wa = a.body.word(i);
        match *pair {
            Pair::Shared { other, mv } => {
                let wb = b.body.word(other as usize);
                let continues = prev == Some((wa.wrapping_sub(1), wb.wrapping_sub(1), mv));
                if !continues && !first {
                    run += 1;
                }
                first = false;
                prev = Some((wa, wb, mv));
                la[wa] = Label::Shared { run, mv };
                lb[wb] = Label::Shared { run, mv };
            }
            Pair::Variant { group, mv } => {
                la[wa] = Label::Variant { group, mv };
                prev = None;
            }
            Pair::None => prev = None,
        }
    }
    for (j, pair) in b.pairs.iter().enumerate() {
        if let Pair::Variant { group, mv } = *pair {
            lb[b.body.word(j)] = Label::Variant { group, mv };
        }
    }
    (la, lb)
}

/// Cuts a side into segments at label changes.
fn tile(side: &SideWords<'_>, labels: &[Label]) -> (Vec<Segment>, Vec<Option<LinkKey>>) {
    let mut segs: Vec<Segment> = Vec::new();
    let mut keys = Vec::new();
    let mut current: Option<Label> = None;
    for (w, &label) in side.words.iter().zip(labels) {
        if current == Some(label) {
            if let Some(last) = segs.last_mut() {
                last.words += 1;
            }
            continue;
        }
        let start = if segs.is_empty() { 0 } else { w.start as usize };
        if let Some(last) = segs.last_mut() {
            last.end = w.start as usize;
        }
        let (kind, mv) = match label {
            Label::Boilerplate => (SegmentKind::Boilerplate, Mv::NONE),
            Label::Unique => (SegmentKind::Unique, Mv::NONE),
            Label::Shared { mv, .. } => (SegmentKind::Shared, mv),
            Label::Variant { mv, .. } => (SegmentKind::Variant, mv),
        };
        segs.push(Segment {
            start,
            end: side.text.len(),
            kind,
            moved: mv.is_some(),
            link: None,
            words: 1,
            move_id: mv.get(),
        });
        keys.push(label.link_key());
        current = Some(label);
    }
    if segs.is_empty() && !side.text.is_empty() {
        segs.push(Segment {
            start: 0,
            end: side.text.len(),
            kind: SegmentKind::Unique,
            moved: false,
            link: None,
            words: 0,
            move_id: None,
        });
        keys.push(None);
    }
    (segs, keys)
}

/// Links segments with the same key on both sides. A key that does not name exactly one
/// segment on each side (a variant pair split by other text) is demoted to unique on both.
fn link(
    seg_a: &mut [Segment],
    keys_a: &[Option<LinkKey>],
    seg_b: &mut [Segment],
    keys_b: &[Option<LinkKey>],
) {
    let index = |keys: &[Option<LinkKey>]| {
        let mut map: FxHashMap<LinkKey, Vec<usize>> = FxHashMap::default();
        for (s, key) in keys.iter().enumerate() {
            if let Some(key) = key {
                map.entry(*key).or_default().push(s);
            }
        }
        map
    };
    let (map_a, map_b) = (index(keys_a), index(keys_b));
    let empty = Vec::new();
    let demote = |seg: &mut Segment| {
        seg.kind = SegmentKind::Unique;
        seg.moved = false;
        seg.move_id = None;
        seg.link = None;
    };
    for (key, sa) in &map_a {
        let sb = map_b.get(key).unwrap_or(&empty);
        if let ([x], [y]) = (sa.as_slice(), sb.as_slice()) {
            seg_a[*x].link = Some(*y);
            seg_b[*y].link = Some(*x);
        } else {
            sa.iter().for_each(|&s| demote(&mut seg_a[s]));
            sb.iter().for_each(|&s| demote(&mut seg_b[s]));
        }
    }
    for (key, sb) in &map_b {
        if !map_a.contains_key(key) {
            sb.iter().for_each(|&s| demote(&mut seg_b[s]));
        }
    }
}

/// Word counts of one side's segments.
pub fn side_stats(segments: &[Segment]) -> SideStats {
    let mut st = SideStats::default();
    for s in segments {
        match s.kind {
            SegmentKind::Shared => st.shared += s.words,
            SegmentKind::Variant => st.variant += s.words,
            SegmentKind::Unique => st.unique += s.words,
            SegmentKind::Boilerplate => st.boilerplate += s.words,
        }
        if s.moved {
            st.moved += s.words;
        }
    }
    st.words = st.shared + st.variant + st.unique;
    st
}

/// Share of words on both sides that have a counterpart; 1 when both sides have no words.
pub fn similarity(a: &SideStats, b: &SideStats) -> f64 {
    let total = a.words + b.words;
    if total == 0 {
        return 1.0;
    }
    let matched = a.shared + a.variant + b.shared + b.variant;
    (matched as f64 / total as f64).clamp(0.0, 1.0)
}
