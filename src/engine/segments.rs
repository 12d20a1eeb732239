//! From per-word pairs to segments that tile each text, with symmetric links, and statistics.
//!
//! Each word gets a label; a segment is a maximal run of words with one label, plus the text
//! (white space, punctuation) up to the next segment's first word. Shared words are grouped into
//! diagonal runs (consecutive on both sides, same move), so a run is one segment on each side and
//! the two link to each other; a variant pair is likewise one segment per side.

use rustc_hash::FxHashMap;

use super::align::{Counterpart, Mv, Packed, Pair};
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
            // Sized first: collected from a filter, the table grew by doubling (up to twice
            // its size).
            let mut words = Vec::with_capacity(boilerplate.iter().filter(|&&b| !b).count());
            words.extend(
                (0..boilerplate.len())
                    .filter(|&w| !boilerplate[w])
                    .map(|w| w as u32),
            );
            Self::Words(words)
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
    /// In 8 bytes, for the per-word table of B's labels.
    fn pack(self) -> Packed {
        match self {
            Label::Boilerplate => Packed::new(0, 0, Mv::NONE),
            Label::Unique => Packed::new(1, 0, Mv::NONE),
            Label::Shared { run, mv } => Packed::new(2, run, mv),
            Label::Variant { group, mv } => Packed::new(3, group, mv),
        }
    }

    fn unpack(p: Packed) -> Self {
        match p.kind() {
            0 => Label::Boilerplate,
            1 => Label::Unique,
            2 => Label::Shared {
                run: p.value(),
                mv: p.mv(),
            },
            _ => Label::Variant {
                group: p.value(),
                mv: p.mv(),
            },
        }
    }

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
    let ((mut seg_a, keys_a), labels_b) = tile_a_label_b(a, b);
    let (mut seg_b, keys_b) = tile(b, &labels_b);
    drop(labels_b);
    link(&mut seg_a, &keys_a, &mut seg_b, &keys_b);
    (seg_a, seg_b)
}

/// Labels every word of both sides (shared words get diagonal run ids) and cuts A into
/// segments as its labels come, in text order; B's labels, set out of order, are returned.
/// A's are never stored: on a million-word pair that was 12 MB.
#[expect(
    clippy::type_complexity,
    reason = "A's tiles and B's labels are the two halves of one pass"
)]
fn tile_a_label_b(
    a: &SideWords<'_>,
    b: &SideWords<'_>,
) -> ((Vec<Segment>, Vec<Option<LinkKey>>), Vec<Packed>) {
    let base = |s: &SideWords<'_>, w: usize| {
        if s.boilerplate.get(w).copied().unwrap_or(false) {
            Label::Boilerplate
        } else {
            Label::Unique
        }
    };
    let mut lb: Vec<Packed> = (0..b.words.len()).map(|w| base(b, w).pack()).collect();
    let mut tiles_a = Tiler::new(a.text.len());
    // The next word of A to tile: the words between body words are boilerplate.
    let mut next = 0usize;
    let mut run = 0u32;
    let mut first = true;
    let mut prev: Option<(usize, usize, Mv)> = None;
    for (i, pair) in a.pairs.iter().enumerate() {
        let wa = a.body.word(i);
        while next < wa {
            tiles_a.push(&a.words[next], base(a, next));
            next += 1;
        }
        let label = match pair.get() {
            Counterpart::Shared { other, mv } => {
                let wb = b.body.word(other as usize);
                let continues = prev == Some((wa.wrapping_sub(1), wb.wrapping_sub(1), mv));
                if !continues && !first {
                    run += 1;
                }
                first = false;
                prev = Some((wa, wb, mv));
                lb[wb] = Label::Shared { run, mv }.pack();
                Label::Shared { run, mv }
            }
            Counterpart::Variant { group, mv } => {
                prev = None;
                Label::Variant { group, mv }
            }
            Counterpart::None => {
                prev = None;
                base(a, wa)
            }
        };
        tiles_a.push(&a.words[wa], label);
        next = wa + 1;
    }
    while next < a.words.len() {
        tiles_a.push(&a.words[next], base(a, next));
        next += 1;
    }
    for (j, pair) in b.pairs.iter().enumerate() {
        if let Counterpart::Variant { group, mv } = pair.get() {
            lb[b.body.word(j)] = Label::Variant { group, mv }.pack();
        }
    }
    (tiles_a.finish(), lb)
}

/// Cuts a side into segments at label changes.
fn tile(side: &SideWords<'_>, labels: &[Packed]) -> (Vec<Segment>, Vec<Option<LinkKey>>) {
    let mut tiles = Tiler::new(side.text.len());
    for (w, &label) in side.words.iter().zip(labels) {
        tiles.push(w, Label::unpack(label));
    }
    tiles.finish()
}

/// Segments of one side, made a word at a time in text order: a segment is a run of words with
/// one label, plus the text up to the next segment's first word.
struct Tiler {
    text_len: usize,
    segs: Vec<Segment>,
    keys: Vec<Option<LinkKey>>,
    current: Option<Label>,
}

impl Tiler {
    fn new(text_len: usize) -> Self {
        Self {
            text_len,
            segs: Vec::new(),
            keys: Vec::new(),
            current: None,
        }
    }

    fn push(&mut self, w: &Word, label: Label) {
        if self.current == Some(label) {
            if let Some(last) = self.segs.last_mut() {
                last.words += 1;
            }
            return;
        }
        let start = if self.segs.is_empty() {
            0
        } else {
            w.start as usize
        };
        if let Some(last) = self.segs.last_mut() {
            last.end = w.start as usize;
        }
        let (kind, mv) = match label {
            Label::Boilerplate => (SegmentKind::Boilerplate, Mv::NONE),
            Label::Unique => (SegmentKind::Unique, Mv::NONE),
            Label::Shared { mv, .. } => (SegmentKind::Shared, mv),
            Label::Variant { mv, .. } => (SegmentKind::Variant, mv),
        };
        self.segs.push(Segment {
            start,
            end: self.text_len,
            kind,
            moved: mv.is_some(),
            link: None,
            words: 1,
            move_id: mv.get(),
        });
        self.keys.push(label.link_key());
        self.current = Some(label);
    }

    /// The segments and their link keys; a text without words is one unique segment.
    fn finish(mut self) -> (Vec<Segment>, Vec<Option<LinkKey>>) {
        if self.segs.is_empty() && self.text_len > 0 {
            self.segs.push(Segment {
                start: 0,
                end: self.text_len,
                kind: SegmentKind::Unique,
                moved: false,
                link: None,
                words: 0,
                move_id: None,
            });
            self.keys.push(None);
        }
        (self.segs, self.keys)
    }
}

/// Links segments with the same key on both sides. A key that does not name exactly one
/// segment on each side (a variant pair split by other text) is demoted to unique on both.
fn link(
    seg_a: &mut [Segment],
    keys_a: &[Option<LinkKey>],
    seg_b: &mut [Segment],
    keys_b: &[Option<LinkKey>],
) {
    /// A key's segments on one side: the only one, or more than one.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Named {
        One(usize),
        Many,
    }
    let index = |keys: &[Option<LinkKey>]| {
        let mut map: FxHashMap<LinkKey, Named> = FxHashMap::default();
        map.reserve(keys.len());
        for (s, key) in keys.iter().enumerate() {
            if let Some(key) = key {
                map.entry(*key)
                    .and_modify(|n| *n = Named::Many)
                    .or_insert(Named::One(s));
            }
        }
        map
    };
    let (map_a, map_b) = (index(keys_a), index(keys_b));
    let demote = |seg: &mut Segment| {
        seg.kind = SegmentKind::Unique;
        seg.moved = false;
        seg.move_id = None;
        seg.link = None;
    };
    let one_to_one = |key: &LinkKey| match (map_a.get(key), map_b.get(key)) {
        (Some(&Named::One(x)), Some(&Named::One(y))) => Some((x, y)),
        _ => None,
    };
    for (s, key) in keys_a.iter().enumerate() {
        let Some(key) = key else { continue };
        match one_to_one(key) {
            Some((x, y)) => {
                seg_a[x].link = Some(y);
                seg_b[y].link = Some(x);
            }
            None => demote(&mut seg_a[s]),
        }
    }
    for (s, key) in keys_b.iter().enumerate() {
        if key.as_ref().is_some_and(|key| one_to_one(key).is_none()) {
            demote(&mut seg_b[s]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_pack_into_eight_bytes_and_back() {
        let mv = Mv::from(Some(41));
        for label in [
            Label::Boilerplate,
            Label::Unique,
            Label::Shared { run: 0, mv },
            Label::Shared {
                run: u32::MAX,
                mv: Mv::NONE,
            },
            Label::Variant { group: 7, mv },
            Label::Variant {
                group: 0,
                mv: Mv::NONE,
            },
        ] {
            assert_eq!(Label::unpack(label.pack()), label);
        }
        assert_eq!(std::mem::size_of::<Packed>(), 8);
    }
}
