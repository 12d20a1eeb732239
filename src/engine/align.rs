//! Alignment of two word-id sequences: which word corresponds to which, and whether it moved.
//!
//! 1. **Tiles** (Greedy String Tiling, Wise 1993): maximal common runs of at least `k` words,
//!    found order-independently with a k-gram hash index, so reordered paragraphs are found.
//! 2. **Backbone**: the heaviest in-order chain of tiles (weighted longest increasing
//!    subsequence). Tiles off the backbone are moved; neighbouring moved tiles that stay
//!    neighbours on the other side form one moved passage (a chain).
//! 3. **Gaps**: between backbone tiles, and between the tiles of a moved chain, the remaining
//!    words are diffed in order with `similar` (Patience), so short common words and edits inside
//!    moved passages are found; replaced stretches are paired as spelling variants.
//! 4. **Names**: rare words left over on both sides are paired as variants when they differ by
//!    one edit inside the word or are a split/merged pair, and their identical neighbours join.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use similar::DiffOp;

use super::tokens::Interner;
use super::variants;
use super::{Cancelled, Control};

/// What a word corresponds to on the other side ([`Pair::get`]), in 8 bytes: a million-word
/// pair holds two million of them.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Pair(Packed);

/// A [`Pair`], read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counterpart {
    /// Nothing: unique to this side.
    None,
    /// The same word (after normalisation) at `other` on the other side.
    Shared {
        /// Index of the counterpart word.
        other: u32,
        /// Moved passage id, if out of order.
        mv: Mv,
    },
    /// A spelling variant; all words of one variant pair share `group` on both sides.
    Variant {
        /// Variant pair id.
        group: u32,
        /// Moved passage id, if out of order.
        mv: Mv,
    },
}

impl Pair {
    /// Unique to this side.
    pub const NONE: Self = Self(Packed::new(0, 0, Mv::NONE));

    /// The same word at `other`.
    pub fn shared(other: u32, mv: Option<u32>) -> Self {
        Self(Packed::new(1, other, mv.into()))
    }

    /// One of variant pair `group`'s words.
    pub fn variant(group: u32, mv: Option<u32>) -> Self {
        Self(Packed::new(2, group, mv.into()))
    }

    /// What it is.
    pub fn get(self) -> Counterpart {
        let (value, mv) = (self.0.value(), self.0.mv());
        match self.0.kind() {
            1 => Counterpart::Shared { other: value, mv },
            2 => Counterpart::Variant { group: value, mv },
            _ => Counterpart::None,
        }
    }

    /// True when unique to this side.
    pub fn is_none(self) -> bool {
        self == Self::NONE
    }
}

impl std::fmt::Debug for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// A kind (0 to 3), a `u32` and a [`Mv`] in 8 bytes: the kind takes the top two bits of the
/// move id's word. The per-word tables of a comparison hold one per word (a [`Pair`], a segment
/// label), and an enum of the same fields takes 12.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Packed {
    value: u32,
    kind_mv: u32,
}

impl Packed {
    /// Bits of `kind_mv` that hold the move id (plus one; 0 is none).
    const MV_BITS: u32 = 30;
    const MV_MASK: u32 = (1 << Self::MV_BITS) - 1;

    /// Packs them; `kind` is taken modulo 4.
    pub const fn new(kind: u32, value: u32, mv: Mv) -> Self {
        let mv = match mv.0 {
            Some(n) => n.get(),
            None => 0,
        };
        Self {
            value,
            kind_mv: (kind & 3) << Self::MV_BITS | mv,
        }
    }

    /// The kind (0 to 3).
    pub fn kind(self) -> u32 {
        self.kind_mv >> Self::MV_BITS
    }

    /// The value.
    pub fn value(self) -> u32 {
        self.value
    }

    /// The move id.
    pub fn mv(self) -> Mv {
        Mv(std::num::NonZeroU32::new(self.kind_mv & Self::MV_MASK))
    }
}

/// A moved passage's id, or none: an `Option<u32>` in four bytes (of which [`Packed`] uses 30
/// bits). Ids count from 0; a passage holds at least two words, so a text below 4 GiB has fewer
/// than 2^30 - 1 of them, and larger ids (which cannot occur) are clamped there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Mv(Option<std::num::NonZeroU32>);

impl Mv {
    /// Not moved.
    pub const NONE: Self = Self(None);

    /// The passage id, if moved.
    pub fn get(self) -> Option<u32> {
        self.0.map(|n| n.get() - 1)
    }

    /// True when moved.
    pub fn is_some(self) -> bool {
        self.0.is_some()
    }
}

impl From<Option<u32>> for Mv {
    fn from(id: Option<u32>) -> Self {
        Self(id.and_then(|id| std::num::NonZeroU32::new(id.min(Packed::MV_MASK - 1) + 1)))
    }
}

/// Result of aligning two sequences.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// One entry per word of A.
    pub a: Vec<Pair>,
    /// One entry per word of B.
    pub b: Vec<Pair>,
    /// Fallbacks taken, in words a user can read.
    pub fallbacks: Vec<String>,
}

/// Alignment settings.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Minimum tile length (words) for a run to count as moved.
    pub min_move: usize,
    /// Keep moved tiles (otherwise only the in-order backbone is shared).
    pub moves: bool,
    /// Pair spelling variants.
    pub variants: bool,
    /// After this instant, expensive steps stop and say so.
    pub deadline: Instant,
}

/// A common run: `len` words at `a` in A and `b` in B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tile {
    a: usize,
    b: usize,
    len: usize,
}

/// Candidates examined per k-gram lookup (the nearest to where the previous tile ended).
const MAX_CANDIDATES: usize = 48;
/// Largest gap (words × words) aligned word by word.
const MAX_GAP_CELLS: usize = 4_000_000;
/// Moved tiles further apart than this (words) are separate passages.
const MAX_CHAIN_GAP: usize = 40;
/// Equal single words inside a gap with more words than this on either side are coincidences
/// (a title word found again in another outlet's unrelated opening), not matches.
const ISLAND_GAP: usize = 8;
/// Gaps up to this many cells (words of A × words of B) never look at the clock.
const SMALL_GAP_CELLS: usize = 4096;
/// Gaps up to this many cells with no word in common are answered without `similar`
/// ([`disjoint_diff`]; the tests compare the two up to this size).
const DISJOINT_GAP_CELLS: usize = 64;
/// Gaps holding fewer cells than this in all are diffed on one thread: below it a second
/// thread costs about what it saves.
const PARALLEL_GAP_CELLS: usize = 200_000;
/// Texts with fewer words than this (both sides) look for name pairs on one thread.
const PARALLEL_NAME_WORDS: usize = 40_000;
/// Most leftover rare words per side considered for variant pairing without context.
const MAX_GLOBAL_CANDIDATES: usize = 20_000;

/// Aligns `a` and `b` (interned word keys).
pub fn align(
    a: &[u32],
    b: &[u32],
    starts_line: (&[bool], &[bool]),
    keys: &Interner,
    set: Settings,
    ctl: &Control,
    progress: (u32, u32),
) -> Result<Alignment, Cancelled> {
    let mut al = Aligner {
        a,
        b,
        starts_line,
        keys,
        set,
        ctl,
        out: Alignment {
            a: Vec::new(),
            b: Vec::new(),
            fallbacks: Vec::new(),
        },
        claimed_a: vec![false; a.len()],
        claimed_b: vec![false; b.len()],
        next_group: 0,
        next_move: 0,
        large_gaps: 0,
    };
    let span = progress.1.saturating_sub(progress.0);
    let tiles = al.find_tiles(progress.0, span / 2)?;
    crate::trace::phase("align: tiles");
    // Made once the k-gram index is gone: both at once were the peak of a long pair.
    al.out.a = vec![Pair::NONE; a.len()];
    al.out.b = vec![Pair::NONE; b.len()];
    let on_backbone = backbone(&tiles);
    let backbone_tiles: Vec<Tile> = tiles
        .iter()
        .zip(&on_backbone)
        .filter(|(_, on)| **on)
        .map(|(t, _)| *t)
        .collect();
    al.mark_tiles(&tiles, &on_backbone);
    crate::trace::phase("align: moved passages");
    al.ctl.set_progress(progress.0 + span * 6 / 10);
    al.fill_backbone_gaps(&backbone_tiles)?;
    crate::trace::phase("align: gaps");
    al.ctl.set_progress(progress.0 + span * 8 / 10);
    if al.set.variants {
        al.pair_leftover_names()?;
    }
    if al.large_gaps > 0 {
        al.out.fallbacks.push(format!(
            "{} large region(s) with no common passage of {}+ words were left unaligned word by word",
            al.large_gaps, al.set.min_move
        ));
    }
    al.ctl.set_progress(progress.1);
    Ok(al.out)
}

/// What aligning one gap does ([`Aligner::gap_steps`]).
enum GapSteps {
    /// One side is empty.
    Nothing,
    /// Too large to diff word by word: left unaligned (and counted as a fallback).
    TooLarge,
    /// In order of application; indices into the gap's word lists.
    Steps(Vec<Step>),
}

/// One step of [`GapSteps::Steps`].
enum Step {
    /// `len` words from `a` and `b` pair one to one as shared.
    Shared { a: usize, b: usize, len: usize },
    /// The stretches pair as one spelling variant.
    Variant {
        a: std::ops::Range<usize>,
        b: std::ops::Range<usize>,
    },
}

struct Aligner<'s> {
    a: &'s [u32],
    b: &'s [u32],
    /// Per word of A and of B: it is the first word of its line (a title, a paragraph).
    starts_line: (&'s [bool], &'s [bool]),
    keys: &'s Interner,
    set: Settings,
    ctl: &'s Control,
    out: Alignment,
    /// Words inside a moved passage's span: aligned with that passage, not with the backbone.
    claimed_a: Vec<bool>,
    claimed_b: Vec<bool>,
    next_group: u32,
    next_move: u32,
    large_gaps: usize,
}

impl Aligner<'_> {
    fn check(&self) -> Result<(), Cancelled> {
        if self.ctl.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    fn past_deadline(&self) -> bool {
        Instant::now() > self.set.deadline
    }

    /// Greedy string tiling over the whole of both sequences.
    fn find_tiles(&mut self, p0: u32, span: u32) -> Result<Vec<Tile>, Cancelled> {
        let k = self.set.min_move.max(2);
        let (a, b) = (self.a, self.b);
        if a.len() < k || b.len() < k {
            return Ok(Vec::new());
        }
        // B's k-gram hashes live only in the index's buckets, and A's are computed as the walk
        // reaches them: stored, they were 16 bytes a word (16 MB on a million-word pair).
        let index = GramIndex::new(b.len() + 1 - k, |j| kgram_hash(b, j, k));
        crate::trace::phase("align: k-gram index");
        let mut b_used = vec![false; b.len()];
        let mut a_used = vec![false; a.len()];
        let mut tiles = Vec::new();
        let (mut i, mut expect) = (0usize, 0usize);
        let finder = |i: usize, expect: usize, b_used: &[bool]| {
            best_match(a, b, k, &index, i, expect, b_used)
        };
        while i + k <= a.len() {
            if i % 4096 == 0 {
                self.check()?;
                self.ctl
                    .set_progress(p0 + (span as usize * i / a.len().max(1)) as u32);
                if self.past_deadline() {
                    self.out.fallbacks.push(format!(
                        "the search for moved passages hit its time limit after {}% of article A; the rest was compared in order only",
                        i * 100 / a.len()
                    ));
                    break;
                }
            }
            let Some((j, len)) = finder(i, expect, &b_used) else {
                i += 1;
                continue;
            };
            if len < k || !self.has_content(&a[i..i + len]) {
                i += 1;
                continue;
            }
            // A longer run starting just after `i` wins over a short one here.
            if len < 3 * k
                && (1..k).any(|d| {
                    i + d + k <= a.len()
                        && finder(i + d, expect, &b_used).is_some_and(|(_, l)| l > len + d)
                })
            {
                i += 1;
                continue;
            }
            let (mut sa, mut sb) = (i, j);
            while sa > 0 && sb > 0 && !a_used[sa - 1] && !b_used[sb - 1] && a[sa - 1] == b[sb - 1] {
                sa -= 1;
                sb -= 1;
            }
            let len = len + (i - sa);
            a_used[sa..sa + len].fill(true);
            b_used[sb..sb + len].fill(true);
            tiles.push(Tile { a: sa, b: sb, len });
            i = sa + len;
            expect = sb + len;
        }
        Ok(tiles)
    }

    /// A tile must hold at least two content words (four letters or more), so that runs of
    /// function words (في من أن على) never count as a moved passage.
    fn has_content(&self, ids: &[u32]) -> bool {
        ids.iter()
            .filter(|&&id| self.keys.key(id).chars().count() >= 4)
            .nth(1)
            .is_some()
    }

    /// Marks tile words as shared; moved tiles get passage ids, chained where they stay
    /// neighbours on both sides, and the words between chained tiles are aligned inside the
    /// passage.
    fn mark_tiles(&mut self, tiles: &[Tile], on_backbone: &[bool]) {
        let mut by_b: Vec<usize> = (0..tiles.len()).collect();
        by_b.sort_by_key(|&t| tiles[t].b);
        let mut rank = vec![0usize; tiles.len()];
        for (r, &t) in by_b.iter().enumerate() {
            rank[t] = r;
        }
        let mut prev_moved: Option<(usize, u32)> = None;
        for (t, tile) in tiles.iter().enumerate() {
            if on_backbone[t] {
                self.mark_run(tile.a, tile.b, tile.len, None);
                prev_moved = None;
                continue;
            }
            if !self.set.moves {
                prev_moved = None;
                continue;
            }
            let chained = prev_moved.filter(|&(p, _)| {
                let prev = tiles[p];
                p + 1 == t
                    && rank[p] + 1 == rank[t]
                    && tile.a - (prev.a + prev.len) <= MAX_CHAIN_GAP
                    && tile.b - (prev.b + prev.len) <= MAX_CHAIN_GAP
            });
            let mv = match chained {
                Some((p, mv)) => {
                    let prev = tiles[p];
                    let (ga, gb) = (prev.a + prev.len..tile.a, prev.b + prev.len..tile.b);
                    self.claimed_a[ga.clone()].fill(true);
                    self.claimed_b[gb.clone()].fill(true);
                    self.fine_align(ga.collect(), gb.collect(), Some(mv));
                    mv
                }
                None => {
                    self.next_move += 1;
                    self.next_move - 1
                }
            };
            self.mark_run(tile.a, tile.b, tile.len, Some(mv));
            prev_moved = Some((t, mv));
        }
    }

    fn mark_run(&mut self, a: usize, b: usize, len: usize, mv: Option<u32>) {
        for d in 0..len {
            self.out.a[a + d] = Pair::shared((b + d) as u32, mv);
            self.out.b[b + d] = Pair::shared((a + d) as u32, mv);
        }
    }

    fn free_a(&self, i: usize) -> bool {
        self.out.a[i].is_none() && !self.claimed_a[i]
    }

    fn free_b(&self, j: usize) -> bool {
        self.out.b[j].is_none() && !self.claimed_b[j]
    }

    /// Aligns, in order, the free words between consecutive backbone tiles. The gaps are
    /// disjoint, so their diffs are computed first, on two threads when there is enough work,
    /// and then applied in order: the result (down to the variant group ids) is the same as
    /// aligning one gap after the other.
    fn fill_backbone_gaps(&mut self, backbone: &[Tile]) -> Result<(), Cancelled> {
        let mut prev = (0usize, 0usize);
        let ends = backbone
            .iter()
            .map(|t| ((t.a, t.b), (t.a + t.len, t.b + t.len)))
            .chain(std::iter::once(((self.a.len(), self.b.len()), (0, 0))));
        let mut gaps = Vec::new();
        for ((next_a, next_b), after) in ends {
            let ga: Vec<usize> = (prev.0..next_a).filter(|&i| self.free_a(i)).collect();
            let gb: Vec<usize> = (prev.1..next_b).filter(|&j| self.free_b(j)).collect();
            if !ga.is_empty() && !gb.is_empty() {
                gaps.push((ga, gb));
            }
            prev = after;
        }
        let steps = self.gap_steps_parallel(&gaps)?;
        for ((ga, gb), steps) in gaps.iter().zip(steps) {
            self.apply(ga, gb, steps, None);
        }
        Ok(())
    }

    /// [`Aligner::gap_steps`] of every gap, in order. When the work is worth a second thread,
    /// this thread and another take the next gap, largest first, from a shared counter until
    /// none is left (a static split at half the cells left one thread with twice the other's
    /// work on unrelated texts).
    fn gap_steps_parallel(
        &self,
        gaps: &[(Vec<usize>, Vec<usize>)],
    ) -> Result<Vec<GapSteps>, Cancelled> {
        let cells: usize = gaps
            .iter()
            .map(|(ga, gb)| ga.len().saturating_mul(gb.len()))
            .sum();
        if cells < PARALLEL_GAP_CELLS {
            return gaps
                .iter()
                .map(|(ga, gb)| {
                    self.check()?;
                    Ok(self.gap_steps(ga, gb))
                })
                .collect();
        }
        // Largest first: the last gaps taken are then small, and the two threads end close
        // together (in the order of the text, one thread was left with a large gap alone).
        let mut order: Vec<usize> = (0..gaps.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(gaps[k].0.len().saturating_mul(gaps[k].1.len())));
        let next = AtomicUsize::new(0);
        let work = || -> Result<Vec<(usize, GapSteps)>, Cancelled> {
            let mut done = Vec::new();
            loop {
                let Some(&k) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    return Ok(done);
                };
                let (ga, gb) = &gaps[k];
                self.check()?;
                done.push((k, self.gap_steps(ga, gb)));
            }
        };
        // Both threads take gaps until none is left (without a second thread, this one takes
        // them all and the other call finds none).
        let (mine, theirs) = crate::parallel::join(work, work);
        let mut steps: Vec<Option<GapSteps>> = gaps.iter().map(|_| None).collect();
        for (k, s) in mine?.into_iter().chain(theirs?) {
            steps[k] = Some(s);
        }
        Ok(steps
            .into_iter()
            .map(|s| s.unwrap_or(GapSteps::Nothing))
            .collect())
    }

    /// Diffs two gaps (word positions) in order; equal runs are shared, replaced stretches are
    /// paired as variants.
    fn fine_align(&mut self, ga: Vec<usize>, gb: Vec<usize>, mv: Option<u32>) {
        let steps = self.gap_steps(&ga, &gb);
        self.apply(&ga, &gb, steps, mv);
    }

    /// What aligning two gaps does, worked out without changing anything: the words to pair
    /// as shared and the stretches to pair as variants, in the order they are applied.
    fn gap_steps(&self, ga: &[usize], gb: &[usize]) -> GapSteps {
        if ga.is_empty() || gb.is_empty() {
            return GapSteps::Nothing;
        }
        let cells = ga.len().saturating_mul(gb.len());
        if cells > MAX_GAP_CELLS {
            return GapSteps::TooLarge;
        }
        // Most gaps of an edited pair are a word or two for others, with none in common: that
        // diffs to one replaced stretch, which `similar` took a microsecond to say (its maps and
        // buffers set up for a handful of words; 1,500 such gaps on a 100k-word pair). The same
        // answer is given here (tests hold it equal to `similar`'s).
        if cells <= DISJOINT_GAP_CELLS
            && ga
                .iter()
                .all(|&i| gb.iter().all(|&j| self.a[i] != self.b[j]))
        {
            return self.steps_of(ga, gb, &disjoint_diff(ga.len(), gb.len()));
        }
        let ids_a: Vec<u32> = ga.iter().map(|&i| self.a[i]).collect();
        let ids_b: Vec<u32> = gb.iter().map(|&j| self.b[j]).collect();
        // One gap is diffed in bounded time: Patience over its unique words, then Myers with
        // `similar`'s cost limit (at MAX_GAP_CELLS, random gaps of 2 to 100 000 distinct words
        // took at most 7 ms). So the clock is read here, once a gap, not inside `similar`'s loops
        // (those reads were 3% of an unrelated 100k-word pair's time); past the deadline a gap is
        // handed it, and `similar` settles for its approximation at once. The thousands of
        // small gaps between tiles do not read it at all.
        let deadline = (cells > SMALL_GAP_CELLS && self.past_deadline()).then(Instant::now);
        let ops = super::patience::diff(&ids_a, &ids_b, deadline);
        self.steps_of(ga, gb, &ops)
    }

    /// The steps of a gap's diff `ops` (indices into `ga` and `gb`).
    fn steps_of(&self, ga: &[usize], gb: &[usize], ops: &[DiffOp]) -> GapSteps {
        let big = ga.len().max(gb.len()) > ISLAND_GAP;
        let mut steps = Vec::new();
        for &op in ops {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } if !(big && len == 1)
                    || self.opens_lines_on_both(ga[old_index], gb[new_index]) =>
                {
                    steps.push(Step::Shared {
                        a: old_index,
                        b: new_index,
                        len,
                    });
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } if self.set.variants && variants::within_pairing_bound(old_len, new_len) => {
                    let ka: Vec<&str> = ga[old_index..old_index + old_len]
                        .iter()
                        .map(|&i| self.keys.key(self.a[i]))
                        .collect();
                    let kb: Vec<&str> = gb[new_index..new_index + new_len]
                        .iter()
                        .map(|&j| self.keys.key(self.b[j]))
                        .collect();
                    for p in variants::pair_in_context(&ka, &kb) {
                        steps.push(Step::Variant {
                            a: old_index + p.a..old_index + p.a + p.a_len,
                            b: new_index + p.b..new_index + p.b + p.b_len,
                        });
                    }
                }
                _ => {}
            }
        }
        GapSteps::Steps(steps)
    }

    /// Applies [`Aligner::gap_steps`] (indices into `ga` and `gb`).
    fn apply(&mut self, ga: &[usize], gb: &[usize], steps: GapSteps, mv: Option<u32>) {
        let steps = match steps {
            GapSteps::Nothing => return,
            GapSteps::TooLarge => {
                self.large_gaps += 1;
                return;
            }
            GapSteps::Steps(steps) => steps,
        };
        for step in steps {
            match step {
                Step::Shared { a, b, len } => {
                    for d in 0..len {
                        self.mark_run(ga[a + d], gb[b + d], 1, mv);
                    }
                }
                Step::Variant { a, b } => self.mark_variant(&ga[a], &gb[b], mv),
            }
        }
    }

    /// A single equal word that opens a line on both sides (the first word of two titles, of
    /// two paragraphs) is structure both texts share, not a coincidence, even inside a large
    /// gap; a one- or two-letter word (a particle) still is.
    fn opens_lines_on_both(&self, i: usize, j: usize) -> bool {
        self.starts_line.0.get(i).copied().unwrap_or(false)
            && self.starts_line.1.get(j).copied().unwrap_or(false)
            && self.keys.key(self.a[i]).chars().count() >= 3
    }

    fn mark_variant(&mut self, wa: &[usize], wb: &[usize], mv: Option<u32>) {
        let group = self.next_group;
        self.next_group += 1;
        for &i in wa {
            self.out.a[i] = Pair::variant(group, mv);
        }
        for &j in wb {
            self.out.b[j] = Pair::variant(group, mv);
        }
    }

    /// Pairs rare leftover words that are spellings of one name, wherever they stand, then
    /// lets identical unpaired neighbours (يوري before أوشاكوف ↔ أوتشاكوف) join them.
    fn pair_leftover_names(&mut self) -> Result<(), Cancelled> {
        let (cand_a, cand_b) = self.rare_leftovers();
        if cand_a.len() > MAX_GLOBAL_CANDIDATES || cand_b.len() > MAX_GLOBAL_CANDIDATES {
            self.out.fallbacks.push(format!(
                "too many leftover rare words ({} and {}) to look for spelling variants outside aligned text",
                cand_a.len(),
                cand_b.len()
            ));
            return Ok(());
        }
        let found = self.name_pairs(&cand_a, &cand_b);
        self.check()?;
        if found.is_empty() {
            return Ok(());
        }
        let mut anchors = Anchors::new(&self.out.a, &self.out.b);
        for (wa, wb) in found {
            if wa.iter().any(|&i| !self.out.a[i].is_none())
                || wb.iter().any(|&j| !self.out.b[j].is_none())
            {
                continue;
            }
            let (Some((&i0, &i1)), Some((&j0, &j1))) =
                (wa.first().zip(wa.last()), wb.first().zip(wb.last()))
            else {
                continue;
            };
            let mv = if in_order(&anchors, &self.out.a, (i0, i1), (j0, j1)) {
                anchors.insert(i0, j0);
                anchors.insert(i1, j1);
                None
            } else if self.set.moves {
                self.next_move += 1;
                Some(self.next_move - 1)
            } else {
                // Without move detection, out-of-order text stays unique.
                continue;
            };
            self.mark_variant(&wa, &wb, mv);
            self.extend_identical(&wa, &wb, mv);
        }
        Ok(())
    }

    /// The unpaired words of each side whose key is rare there (at most twice) and absent from
    /// the other side: the candidates of the name pass. The sides are counted and searched on
    /// both cores (on unrelated texts, where most words are unpaired, this took 0.8 ms).
    fn rare_leftovers(&self) -> (Vec<usize>, Vec<usize>) {
        let count = |ids: &[u32]| {
            let mut freq = vec![0u32; self.keys.len()];
            ids.iter().for_each(|&id| freq[id as usize] += 1);
            freq
        };
        let (freq_a, freq_b) = crate::parallel::join(|| count(self.a), || count(self.b));
        let rare = |id: u32, own: &[u32], other: &[u32]| {
            let key = self.keys.key(id);
            own[id as usize] <= 2
                && other[id as usize] == 0
                && key.len() >= 4
                // Bounds the deletion index too: a key of n characters adds n + 1 entries.
                && key.chars().count() <= variants::MAX_VARIANT_CHARS
        };
        let leftovers = |ids: &[u32], pairs: &[Pair], own: &[u32], other: &[u32]| {
            (0..ids.len())
                .filter(|&i| pairs[i].is_none() && rare(ids[i], own, other))
                .collect::<Vec<usize>>()
        };
        crate::parallel::join(
            || leftovers(self.a, &self.out.a, &freq_a, &freq_b),
            || leftovers(self.b, &self.out.b, &freq_b, &freq_a),
        )
    }

    /// Candidate name pairs: single interior edits and split/merged spellings.
    fn name_pairs(&self, cand_a: &[usize], cand_b: &[usize]) -> Vec<(Vec<usize>, Vec<usize>)> {
        let key_a = |i: usize| self.keys.key(self.a[i]);
        let key_b = |j: usize| self.keys.key(self.b[j]);
        let one_edit = || {
            let by_skeleton_b = DeletionIndex::new(cand_b.iter().map(|&j| (j, key_b(j))));
            let mut out = Vec::new();
            for &i in cand_a {
                if let Some(j) =
                    by_skeleton_b.find(key_a(i), |j| variants::without_context(key_a(i), key_b(j)))
                {
                    out.push((vec![i], vec![j]));
                }
            }
            out
        };
        // Every key's length and edge bytes, read without following a pointer to the key.
        let shapes: Vec<KeyShape> = self.keys.keys().map(KeyShape::of).collect();
        // A's words that split one of B's candidates, and B's that split one of A's.
        let split_a = || {
            let whole_b = rustc_hash::FxHashMap::from_iter(cand_b.iter().map(|&j| (key_b(j), j)));
            self.split_names(self.a, &self.out.a, &shapes, &whole_b, self.b)
                .into_iter()
                .map(|(i, j)| (vec![i, i + 1], vec![j]))
                .collect::<Vec<_>>()
        };
        let split_b = || {
            let whole_a = rustc_hash::FxHashMap::from_iter(cand_a.iter().map(|&i| (key_a(i), i)));
            self.split_names(self.b, &self.out.b, &shapes, &whole_a, self.a)
                .into_iter()
                .map(|(j, i)| (vec![i], vec![j, j + 1]))
                .collect::<Vec<_>>()
        };
        // The searches are independent: on two threads when the texts are long (the one-edit
        // search is the shortest, so it goes with one of the two splits), and their results in
        // the same order either way.
        let first = || {
            let mut out = one_edit();
            out.extend(split_a());
            out
        };
        let (mut out, splits) = if self.a.len() + self.b.len() < PARALLEL_NAME_WORDS {
            (first(), split_b())
        } else {
            crate::parallel::join(first, split_b)
        };
        out.extend(splits);
        out
    }

    /// Neighbouring free words `x`, `x + 1` of one side (`ids`, `pairs`) whose keys, joined,
    /// are the key of a candidate `o` of the other side (`whole`, `other`): `(x, o)`.
    fn split_names(
        &self,
        ids: &[u32],
        pairs: &[Pair],
        shapes: &[KeyShape],
        whole: &rustc_hash::FxHashMap<&str, usize>,
        other: &[u32],
    ) -> Vec<(usize, usize)> {
        // Most neighbours cannot match by their length and edge bytes alone; that check needs no
        // string: a bit per (length, first two bytes, last two bytes) of the candidates' keys
        // (on unrelated texts, where most words are free, joining and looking up every
        // neighbouring pair took 2 ms; a check by length alone let nearly all of them through).
        let mut possible = vec![0u64; SHAPE_BITS / 64];
        for k in whole.keys() {
            let bit = KeyShape::of(k).joined_bit(&KeyShape::EMPTY);
            possible[bit / 64] |= 1 << (bit % 64);
        }
        let shape_of = |id: u32| shapes.get(id as usize).copied().unwrap_or(KeyShape::EMPTY);
        let mut joined = String::new();
        let mut found = Vec::new();
        for x in 1..ids.len() {
            if !pairs[x - 1].is_none() || !pairs[x].is_none() {
                continue;
            }
            let (head, tail) = (shape_of(ids[x - 1]), shape_of(ids[x]));
            if head.len >= 2 && tail.len >= 2 {
                let bit = head.joined_bit(&tail);
                if possible[bit / 64] & (1 << (bit % 64)) == 0 {
                    continue;
                }
            }
            let (first, second) = (self.keys.key(ids[x - 1]), self.keys.key(ids[x]));
            joined.clear();
            joined.push_str(first);
            joined.push_str(second);
            if let Some(&o) = whole.get(joined.as_str())
                && variants::joined(first, second, self.keys.key(other[o]))
            {
                found.push((x - 1, o));
            }
        }
        found
    }

    /// Up to three identical, still unpaired words on each side of a name pair join it.
    fn extend_identical(&mut self, wa: &[usize], wb: &[usize], mv: Option<u32>) {
        let (Some(&first_a), Some(&first_b)) = (wa.first(), wb.first()) else {
            return;
        };
        let (Some(&last_a), Some(&last_b)) = (wa.last(), wb.last()) else {
            return;
        };
        for d in 1..=3 {
            let (Some(i), Some(j)) = (first_a.checked_sub(d), first_b.checked_sub(d)) else {
                break;
            };
            if !self.join_identical(i, j, mv) {
                break;
            }
        }
        for d in 1..=3 {
            if !self.join_identical(last_a + d, last_b + d, mv) {
                break;
            }
        }
    }

    fn join_identical(&mut self, i: usize, j: usize, mv: Option<u32>) -> bool {
        let ok = i < self.a.len()
            && j < self.b.len()
            && self.a[i] == self.b[j]
            && self.out.a[i].is_none()
            && self.out.b[j].is_none();
        if ok {
            self.mark_run(i, j, 1, mv);
        }
        ok
    }
}

/// True when a pair spanning A positions `a` and B positions `b` (first, last) keeps the order
/// of the in-order `anchors`: every anchor before it in A is before it in B, and every one
/// after it in A is after it in B.
fn in_order(anchors: &Anchors, pairs_a: &[Pair], a: (usize, usize), b: (usize, usize)) -> bool {
    let before = anchors.before(pairs_a, a.0).is_none_or(|j| j < b.0);
    let after = anchors.after(pairs_a, a.1).is_none_or(|j| j > b.1);
    before && after
}

/// In-order correspondences, A position → B position. Those of the alignment when the name
/// pass begins (shared words and variants not moved) are a set of A positions, and the B
/// position is read from the word's pair when asked: a pair, once set, never changes. A
/// million-word pair has a million of them, which as a vector of both positions took 8 MB and
/// as a `BTreeMap` 20. The few added while pairing names are a map, which wins on the same key.
#[derive(Debug, Default)]
struct Anchors {
    a: PositionSet,
    /// An in-order variant group's first word in B.
    variant_b: rustc_hash::FxHashMap<u32, usize>,
    added: BTreeMap<usize, usize>,
}

impl Anchors {
    /// The in-order correspondences of `pairs_a` and `pairs_b` (an alignment's).
    fn new(pairs_a: &[Pair], pairs_b: &[Pair]) -> Self {
        let mut variant_b: rustc_hash::FxHashMap<u32, usize> = Default::default();
        for (j, p) in pairs_b.iter().enumerate() {
            if let Counterpart::Variant {
                group,
                mv: Mv::NONE,
            } = p.get()
            {
                variant_b.entry(group).or_insert(j);
            }
        }
        let a = PositionSet::new(
            pairs_a.len(),
            pairs_a
                .iter()
                .enumerate()
                .filter_map(|(i, p)| match p.get() {
                    Counterpart::Shared { mv: Mv::NONE, .. } => Some(i),
                    Counterpart::Variant {
                        group,
                        mv: Mv::NONE,
                    } if variant_b.contains_key(&group) => Some(i),
                    _ => None,
                }),
        );
        Self {
            a,
            variant_b,
            added: BTreeMap::new(),
        }
    }

    fn insert(&mut self, a: usize, b: usize) {
        self.added.insert(a, b);
    }

    /// The B position of the set's anchor at `i`, from the same pairs it was made from.
    fn b_of(&self, pairs_a: &[Pair], i: usize) -> Option<usize> {
        match pairs_a.get(i)?.get() {
            Counterpart::Shared { other, .. } => Some(other as usize),
            Counterpart::Variant { group, .. } => self.variant_b.get(&group).copied(),
            Counterpart::None => None,
        }
    }

    /// The B position of the anchor with the greatest A position below `a`.
    fn before(&self, pairs_a: &[Pair], a: usize) -> Option<usize> {
        let from_set = self.a.before(a);
        let from_added = self.added.range(..a).next_back().map(|(&x, &y)| (x, y));
        match (from_set, from_added) {
            (Some(x), Some(d)) if x > d.0 => self.b_of(pairs_a, x),
            (_, Some(d)) => Some(d.1),
            (Some(x), None) => self.b_of(pairs_a, x),
            (None, None) => None,
        }
    }

    /// The B position of the anchor with the least A position above `a`.
    fn after(&self, pairs_a: &[Pair], a: usize) -> Option<usize> {
        let from_set = self.a.after(a);
        let from_added = self.added.range(a + 1..).next().map(|(&x, &y)| (x, y));
        match (from_set, from_added) {
            (Some(x), Some(d)) if x < d.0 => self.b_of(pairs_a, x),
            (_, Some(d)) => Some(d.1),
            (Some(x), None) => self.b_of(pairs_a, x),
            (None, None) => None,
        }
    }
}

/// A set of positions below `n` (one bit each), with a summary bit per 64 positions so that
/// the nearest member on either side is found in a few hundred steps on a million positions.
#[derive(Debug, Default)]
struct PositionSet {
    bits: Vec<u64>,
    /// Bit `w` set when `bits[w]` is not zero.
    summary: Vec<u64>,
}

impl PositionSet {
    fn new(n: usize, members: impl Iterator<Item = usize>) -> Self {
        let mut bits = vec![0u64; n.div_ceil(64)];
        let mut summary = vec![0u64; bits.len().div_ceil(64)];
        for x in members.filter(|&x| x < n) {
            bits[x / 64] |= 1 << (x % 64);
            summary[x / 4096] |= 1 << ((x / 64) % 64);
        }
        Self { bits, summary }
    }

    /// The greatest member below `x`.
    fn before(&self, x: usize) -> Option<usize> {
        let x = x
            .checked_sub(1)?
            .min((self.bits.len() * 64).checked_sub(1)?);
        // Members at or below `x` in its own word.
        let w = x / 64;
        let here = self.bits[w] & (u64::MAX >> (63 - x % 64));
        if here != 0 {
            return Some(w * 64 + 63 - here.leading_zeros() as usize);
        }
        // The last non-empty word before `w`, from the summary.
        let w = w.checked_sub(1)?;
        let mut s = w / 64;
        let mut mask = self.summary[s] & (u64::MAX >> (63 - w % 64));
        loop {
            if mask != 0 {
                let w = s * 64 + 63 - mask.leading_zeros() as usize;
                return Some(w * 64 + 63 - self.bits[w].leading_zeros() as usize);
            }
            s = s.checked_sub(1)?;
            mask = self.summary[s];
        }
    }

    /// The least member above `x`.
    fn after(&self, x: usize) -> Option<usize> {
        let x = x.checked_add(1)?;
        let w = x / 64;
        let here = self.bits.get(w)? & (u64::MAX << (x % 64));
        if here != 0 {
            return Some(w * 64 + here.trailing_zeros() as usize);
        }
        let w = w + 1;
        let mut s = w / 64;
        let mut mask = self.summary.get(s)? & u64::MAX.checked_shl((w % 64) as u32).unwrap_or(0);
        loop {
            if mask != 0 {
                let w = s * 64 + mask.trailing_zeros() as usize;
                return Some(w * 64 + self.bits[w].trailing_zeros() as usize);
            }
            s += 1;
            mask = *self.summary.get(s)?;
        }
    }
}

/// Bits of the split-name filter ([`KeyShape::joined_bit`]).
const SHAPE_BITS: usize = 1 << 16;

/// A key's length and its first and last two bytes: what the split-name search compares before
/// it joins two keys.
#[derive(Clone, Copy)]
struct KeyShape {
    len: usize,
    head: u16,
    tail: u16,
}

impl KeyShape {
    const EMPTY: Self = Self {
        len: 0,
        head: 0,
        tail: 0,
    };

    fn of(key: &str) -> Self {
        let b = key.as_bytes();
        let two = |s: Option<&[u8; 2]>| s.map_or(0, |w| u16::from_le_bytes(*w));
        Self {
            len: b.len(),
            head: two(b.first_chunk()),
            tail: two(b.last_chunk()),
        }
    }

    /// The filter bit of `self` followed by `next` (of `self` alone when `next` is empty): the
    /// joined key's length, first two bytes (`self`'s, which must be at least two bytes long)
    /// and last two bytes (`next`'s, the same; `self`'s when `next` is empty).
    fn joined_bit(&self, next: &Self) -> usize {
        let tail = if next.len == 0 { self.tail } else { next.tail };
        let x = ((self.len + next.len) as u64) << 32 | u64::from(self.head) << 16 | u64::from(tail);
        GramIndex::lead(GramIndex::mix(x), SHAPE_BITS.trailing_zeros())
    }
}

/// Finds words within one deletion of each other: every key and each of its one-character
/// deletions index the words (symmetric delete).
///
/// A deletion is held as two pieces of its key (before and after the deleted character) and
/// found by a hash of its bytes, each match checked byte for byte: no string is made, where a
/// map of deletion strings made one per key and character (on unrelated texts a thousand
/// candidates cost 1.8 ms; issue 15). The answers, and their order, are the string map's.
struct DeletionIndex<'k> {
    /// Sorted by hash, then by order of insertion (each key, then its deletions in order).
    entries: Vec<DeletionEntry<'k>>,
}

#[derive(Clone, Copy)]
struct DeletionEntry<'k> {
    hash: u64,
    pos: usize,
    deletion: Deletion<'k>,
}

/// A key with at most one character left out: the bytes before it and after it.
#[derive(Clone, Copy)]
struct Deletion<'k> {
    before: &'k str,
    after: &'k str,
}

impl Deletion<'_> {
    /// FNV-1a of the deletion's bytes, the same however they are split into pieces.
    fn hash(&self) -> u64 {
        self.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
        })
    }

    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.before.bytes().chain(self.after.bytes())
    }

    fn same_as(&self, other: &Deletion<'_>) -> bool {
        self.before.len() + self.after.len() == other.before.len() + other.after.len()
            && self.bytes().eq(other.bytes())
    }
}

impl<'k> DeletionIndex<'k> {
    fn new(words: impl Iterator<Item = (usize, &'k str)>) -> Self {
        let mut entries: Vec<DeletionEntry<'k>> = words
            .flat_map(|(pos, key)| {
                deletions(key).map(move |deletion| DeletionEntry {
                    hash: deletion.hash(),
                    pos,
                    deletion,
                })
            })
            .collect();
        // Stable: entries of one hash keep their order of insertion.
        entries.sort_by_key(|e| e.hash);
        Self { entries }
    }

    /// The first indexed position whose key passes `accept`, among keys one deletion away.
    fn find(&self, key: &str, accept: impl Fn(usize) -> bool) -> Option<usize> {
        deletions(key)
            .flat_map(|d| {
                let hash = d.hash();
                let from = self.entries.partition_point(|e| e.hash < hash);
                self.entries[from..]
                    .iter()
                    .take_while(move |e| e.hash == hash)
                    .filter(move |e| e.deletion.same_as(&d))
            })
            .map(|e| e.pos)
            .find(|&pos| accept(pos))
    }
}

/// The key itself and each of its one-character deletions, in order.
fn deletions(key: &str) -> impl Iterator<Item = Deletion<'_>> + '_ {
    std::iter::once(Deletion {
        before: key,
        after: "",
    })
    .chain(key.char_indices().map(move |(o, c)| Deletion {
        before: &key[..o],
        after: &key[o + c.len_utf8()..],
    }))
}

/// The heaviest chain of tiles increasing in both A and B (weighted LIS with a Fenwick tree).
fn backbone(tiles: &[Tile]) -> Vec<bool> {
    let n = tiles.len();
    let mut by_b: Vec<usize> = (0..n).collect();
    by_b.sort_by_key(|&t| tiles[t].b);
    let mut rank = vec![0usize; n];
    for (r, &t) in by_b.iter().enumerate() {
        rank[t] = r;
    }
    // fen[r]: best (score, tile) over a range of ranks ending at r (1-based).
    let mut fen = vec![(0usize, usize::MAX); n + 1];
    let mut prev = vec![usize::MAX; n];
    let mut best = (0usize, usize::MAX);
    for (t, tile) in tiles.iter().enumerate() {
        let mut q = (0usize, usize::MAX);
        let mut r = rank[t];
        while r > 0 {
            q = q.max(fen[r]);
            r &= r - 1;
        }
        let score = q.0 + tile.len;
        prev[t] = q.1;
        best = best.max((score, t));
        let mut r = rank[t] + 1;
        while r <= n {
            fen[r] = fen[r].max((score, t));
            r += r & r.wrapping_neg();
        }
    }
    let mut on = vec![false; n];
    let mut t = best.1;
    while t != usize::MAX {
        on[t] = true;
        t = prev[t];
    }
    on
}

/// What `similar`'s Patience diff (with its replace and compact hooks, as
/// `capture_diff_slices` runs it) gives for `n` and `m` words with none in common: one replaced
/// stretch.
fn disjoint_diff(n: usize, m: usize) -> [DiffOp; 1] {
    [DiffOp::Replace {
        old_index: 0,
        old_len: n,
        new_index: 0,
        new_len: m,
    }]
}

const HASH_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// The polynomial hash of the k-gram of `s` at `i`; `None` past the last one.
fn kgram_hash(s: &[u32], i: usize, k: usize) -> Option<u64> {
    let gram = s.get(i..i.checked_add(k)?)?;
    Some(gram.iter().fold(0u64, |h, &x| {
        h.wrapping_mul(HASH_BASE).wrapping_add(u64::from(x) + 1)
    }))
}

/// Positions of B's k-grams bucketed by hash (compressed sparse rows), in increasing order.
///
/// About half of the buckets hold a position, so half of the lookups of a k-gram B does not have
/// would go on to read the bucket and B's words at it. A bit table eight times finer than the
/// buckets (one bit per value of the hash's leading bits, set for B's k-grams) turns away
/// nine in ten of those at one read: on an unrelated 100k-word pair nearly every position of A
/// is such a lookup.
struct GramIndex {
    bits: u32,
    starts: Vec<u32>,
    positions: Vec<u32>,
    seen_bits: u32,
    seen: Vec<u64>,
}

impl GramIndex {
    /// How many times finer than the buckets the table of seen hashes is (as a power of two).
    const SEEN_FINER: u32 = 3;

    /// The index of positions `0..n`, each with its hash `hash(j)` (`None` counts as 0).
    fn new(n: usize, hash: impl Fn(usize) -> Option<u64>) -> Self {
        let hash = |j: usize| hash(j).unwrap_or(0);
        let bits = n.max(2).next_power_of_two().trailing_zeros().min(31);
        let buckets = 1usize << bits;
        let seen_bits = bits + Self::SEEN_FINER;
        let mut seen = vec![0u64; (1usize << seen_bits).div_ceil(64)];
        // Counting sort: `starts[x]` first holds the end of bucket x; placing positions from the
        // last one down moves it to the bucket's start, and keeps each bucket in increasing order.
        let mut starts = vec![0u32; buckets + 1];
        for j in 0..n {
            let mixed = Self::mix(hash(j));
            starts[Self::lead(mixed, bits)] += 1;
            let s = Self::lead(mixed, seen_bits);
            seen[s / 64] |= 1 << (s % 64);
        }
        let mut total = 0;
        for slot in &mut starts {
            total += *slot;
            *slot = total;
        }
        let mut positions = vec![0u32; n];
        for j in (0..n).rev() {
            let slot = &mut starts[Self::lead(Self::mix(hash(j)), bits)];
            *slot -= 1;
            positions[*slot as usize] = j as u32;
        }
        Self {
            bits,
            starts,
            positions,
            seen_bits,
            seen,
        }
    }

    /// Spreads a hash's bits over all 64 (also the split-name filter's, [`KeyShape`]).
    fn mix(h: u64) -> u64 {
        (h ^ (h >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9)
    }

    /// The leading `bits` bits of a mixed hash: its bucket, or its slot in the seen table.
    fn lead(mixed: u64, bits: u32) -> usize {
        (mixed >> (64 - bits)) as usize
    }

    /// The positions whose hash falls in `h`'s bucket; none when no position's hash shares
    /// `h`'s leading bits (then none has `h`).
    fn bucket(&self, h: u64) -> &[u32] {
        let mixed = Self::mix(h);
        let s = Self::lead(mixed, self.seen_bits);
        if self.seen[s / 64] & (1 << (s % 64)) == 0 {
            return &[];
        }
        let x = Self::lead(mixed, self.bits);
        &self.positions[self.starts[x] as usize..self.starts[x + 1] as usize]
    }
}

/// The longest free run in B matching A from `i`, among the candidates nearest `expect`.
fn best_match(
    a: &[u32],
    b: &[u32],
    k: usize,
    index: &GramIndex,
    i: usize,
    expect: usize,
    b_used: &[bool],
) -> Option<(usize, usize)> {
    let gram = a.get(i..i + k)?;
    let h = kgram_hash(a, i, k)?;
    let bucket = index.bucket(h);
    let centre = bucket.partition_point(|&j| (j as usize) < expect);
    let lo = centre.saturating_sub(MAX_CANDIDATES / 2);
    let hi = (lo + MAX_CANDIDATES).min(bucket.len());
    let mut best: Option<(usize, usize)> = None;
    for &j in &bucket[lo..hi] {
        let j = j as usize;
        // The bucket also holds other hashes' positions: only the same k words count (which
        // is what an equal hash stood for, without the rare collision).
        if b_used[j] || b.get(j..j + k) != Some(gram) {
            continue;
        }
        let len = a[i..]
            .iter()
            .zip(&b[j..])
            .zip(&b_used[j..])
            .take_while(|((x, y), used)| x == y && !**used)
            .count();
        let better = match best {
            None => true,
            Some((bj, bl)) => len > bl || (len == bl && j.abs_diff(expect) < bj.abs_diff(expect)),
        };
        if better {
            best = Some((j, len));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(a: usize, b: usize, len: usize) -> Tile {
        Tile { a, b, len }
    }

    #[test]
    fn backbone_prefers_the_heavier_in_order_chain() {
        // A order: t0 (b=50, 10 words), t1 (b=0, 3 words), t2 (b=10, 3 words).
        let tiles = [tile(0, 50, 10), tile(10, 0, 3), tile(13, 10, 3)];
        assert_eq!(backbone(&tiles), [true, false, false]);
        let tiles = [tile(0, 50, 4), tile(10, 0, 3), tile(13, 10, 3)];
        assert_eq!(backbone(&tiles), [false, true, true]);
    }

    fn similar_diff(a: &[u32], b: &[u32]) -> Vec<DiffOp> {
        similar::capture_diff_slices_deadline(similar::Algorithm::Patience, a, b, None)
    }

    /// Every pair of gaps of up to four words a side with no word in common, each side with
    /// every pattern of repeated words: `similar` gives exactly [`disjoint_diff`].
    #[test]
    fn disjoint_small_gaps_diff_as_similar_does() {
        fn sequences(len: usize, base: u32) -> Vec<Vec<u32>> {
            let mut out = vec![Vec::new()];
            for _ in 0..len {
                out = out
                    .into_iter()
                    .flat_map(|s| {
                        (0..len as u32).map(move |v| {
                            let mut t = s.clone();
                            t.push(base + v);
                            t
                        })
                    })
                    .collect();
            }
            out
        }
        for n in 1..=4 {
            for m in 1..=4 {
                for a in sequences(n, 0) {
                    for b in sequences(m, 100) {
                        assert_eq!(similar_diff(&a, &b), disjoint_diff(n, m), "{a:?} {b:?}");
                    }
                }
            }
        }
    }

    /// At random, up to [`DISJOINT_GAP_CELLS`] (and a little past it).
    #[test]
    fn disjoint_gaps_up_to_the_bound_diff_as_similar_does() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |bound: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % bound) as u32
        };
        for _ in 0..20_000 {
            let (n, m) = (1 + next(16) as usize, 1 + next(16) as usize);
            if n * m > 2 * DISJOINT_GAP_CELLS {
                continue;
            }
            let alphabet = 1 + u64::from(next(8));
            let a: Vec<u32> = (0..n).map(|_| next(alphabet)).collect();
            let b: Vec<u32> = (0..m).map(|_| 1000 + next(alphabet)).collect();
            assert_eq!(similar_diff(&a, &b), disjoint_diff(n, m), "{a:?} {b:?}");
        }
    }

    #[test]
    fn kgram_hashes_of_equal_grams_are_equal() {
        let s = [5, 9, 2, 5, 9, 2, 7];
        let h = |i| kgram_hash(&s, i, 3);
        assert_eq!(h(0), h(3));
        assert_ne!(h(0), h(1));
        assert!(h(4).is_some());
        assert_eq!(h(5), None);
    }

    #[test]
    fn gram_index_buckets_hold_every_position_in_order() {
        let hashes: Vec<u64> = (0..1000u64).map(|j| j % 37).collect();
        let index = GramIndex::new(hashes.len(), |j| hashes.get(j).copied());
        for h in 0..37u64 {
            let found: Vec<u32> = index
                .bucket(h)
                .iter()
                .copied()
                .filter(|&j| hashes[j as usize] == h)
                .collect();
            let expected: Vec<u32> = (0..1000u32).filter(|&j| u64::from(j) % 37 == h).collect();
            assert_eq!(found, expected);
        }
        assert_eq!(index.positions.len(), hashes.len());
    }

    #[test]
    fn gram_index_turns_away_most_hashes_it_does_not_hold() {
        // 10 000 distinct hashes in 16 384 buckets: more than a third of the buckets hold one,
        // and the finer table of seen hashes must answer most other hashes with no bucket.
        let hash = |j: u64| j.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let index = GramIndex::new(10_000, |j| Some(hash(j as u64)));
        for j in 0..10_000u64 {
            assert!(index.bucket(hash(j)).contains(&(j as u32)));
        }
        let absent = (10_000..30_000u64).map(hash);
        let bucketed = absent.filter(|&h| !index.bucket(h).is_empty()).count();
        assert!(
            bucketed < 20_000 / 8,
            "{bucketed} of 20000 absent hashes got a bucket"
        );
    }

    fn deletion_strings(key: &str) -> Vec<String> {
        deletions(key)
            .map(|d| format!("{}{}", d.before, d.after))
            .collect()
    }

    /// Two keys' joined filter bit is the bit of the joined key itself: the split-name filter
    /// never turns away a neighbour pair whose joined key is a candidate.
    #[test]
    fn a_joined_shape_is_the_shape_of_the_joined_key() {
        let keys = [
            "جين",
            "بينغ",
            "جينبينغ",
            "ab",
            "cd",
            "شي",
            "الرئيس",
            "xy",
            "بوتين",
        ];
        for a in keys {
            for b in keys {
                let joined = format!("{a}{b}");
                assert_eq!(
                    KeyShape::of(a).joined_bit(&KeyShape::of(b)),
                    KeyShape::of(&joined).joined_bit(&KeyShape::EMPTY),
                    "{a} + {b}"
                );
            }
        }
    }

    #[test]
    fn deletions_cover_each_character() {
        assert_eq!(deletion_strings("abc"), ["abc", "bc", "ac", "ab"]);
        assert_eq!(deletion_strings("شيء"), ["شيء", "يء", "شء", "شي"]);
    }

    /// The index answers as a map from each deletion string to its words in order of insertion
    /// does (what it replaced), on keys with repeated letters, shared deletions and hash-equal
    /// pieces split differently.
    #[test]
    fn deletion_index_answers_as_a_map_of_strings() {
        let keys = [
            "أوشاكوف",
            "أوتشاكوف",
            "اوشاكوف",
            "بوتين",
            "بوتن",
            "بوتينن",
            "aab",
            "ab",
            "abb",
            "ba",
            "a",
            "",
            "سوريا",
            "سورية",
            "سوريه",
            "جينبينغ",
            "جينبنغ",
        ];
        let indexed: Vec<(usize, &str)> = keys.iter().copied().enumerate().collect();
        let index = DeletionIndex::new(indexed.iter().copied());
        let mut map: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for &(pos, key) in &indexed {
            for d in deletion_strings(key) {
                map.entry(d).or_default().push(pos);
            }
        }
        for query in keys.iter().chain(&["اوتشاكوف", "بوتيـن", "abab", "x"]) {
            let all: Vec<usize> = deletion_strings(query)
                .iter()
                .filter_map(|d| map.get(d))
                .flatten()
                .copied()
                .collect();
            // Every cut of the candidates: `find` stops at the first one `accept` passes.
            for skip in 0..=all.len() {
                let accept = |pos: usize| !all[..skip].contains(&pos);
                let expected = all.iter().copied().find(|&p| accept(p));
                assert_eq!(
                    index.find(query, accept),
                    expected,
                    "{query} skipping {skip}"
                );
            }
        }
    }

    /// A million-word pair holds two million pairs: they stay 8 bytes, and read back what
    /// went in, up to the largest move id.
    #[test]
    fn a_pair_is_eight_bytes_and_reads_back() {
        assert_eq!(std::mem::size_of::<Pair>(), 8);
        assert_eq!(Mv::from(Some(0)).get(), Some(0));
        assert_eq!(Mv::from(Some(7)).get(), Some(7));
        assert_eq!(Mv::from(None).get(), None);
        // The largest id that fits; larger ones are clamped to it.
        let top = Packed::MV_MASK - 1;
        assert_eq!(Mv::from(Some(top)).get(), Some(top));
        assert_eq!(Mv::from(Some(u32::MAX)).get(), Some(top));
        for mv in [None, Some(0), Some(5), Some(top)] {
            for value in [0, 1, u32::MAX] {
                let m = Mv::from(mv);
                assert_eq!(
                    Pair::shared(value, mv).get(),
                    Counterpart::Shared {
                        other: value,
                        mv: m
                    }
                );
                assert_eq!(
                    Pair::variant(value, mv).get(),
                    Counterpart::Variant {
                        group: value,
                        mv: m
                    }
                );
                let p = Packed::new(3, value, m);
                assert_eq!((p.kind(), p.value(), p.mv()), (3, value, m));
            }
        }
        assert_eq!(Pair::NONE.get(), Counterpart::None);
        assert_eq!(Pair::default(), Pair::NONE);
        assert!(!Pair::shared(0, None).is_none());
    }

    /// Pairs of an A side with `anchors` as its in-order shared words, and its anchors.
    fn anchors_of(anchors: &[(u32, u32)]) -> (Vec<Pair>, Anchors) {
        let n = anchors
            .iter()
            .map(|&(a, _)| a as usize + 1)
            .max()
            .unwrap_or(0);
        let mut pairs = vec![Pair::NONE; n];
        for &(a, b) in anchors {
            pairs[a as usize] = Pair::shared(b, None);
        }
        let set = Anchors::new(&pairs, &[]);
        (pairs, set)
    }

    #[test]
    fn order_check_against_anchors() {
        let (pairs, anchors) = anchors_of(&[(0, 0), (4, 4), (10, 20), (14, 24)]);
        assert!(in_order(&anchors, &pairs, (7, 7), (12, 12)));
        assert!(
            !in_order(&anchors, &pairs, (7, 7), (30, 30)),
            "after a later anchor in B"
        );
        assert!(
            !in_order(&anchors, &pairs, (7, 8), (2, 2)),
            "before an earlier anchor in B"
        );
        assert!(in_order(&anchors, &pairs, (20, 21), (30, 30)));
        assert!(in_order(&Anchors::default(), &[], (3, 4), (1, 1)));
    }

    /// The set and the added map answer as one `BTreeMap` would, the map winning on a key
    /// both hold; moved words and variants without an in-order B word are not anchors.
    #[test]
    fn anchors_answer_as_one_map() {
        let base = [(2u32, 5u32), (6, 9), (11, 30)];
        let (mut pairs, _) = anchors_of(&base);
        pairs.resize(16, Pair::NONE);
        pairs[3] = Pair::shared(7, Some(0));
        pairs[13] = Pair::variant(4, None);
        pairs[15] = Pair::variant(5, None);
        let mut pairs_b = vec![Pair::NONE; 41];
        pairs_b[35] = Pair::variant(4, None);
        pairs_b[36] = Pair::variant(4, None);
        pairs_b[37] = Pair::variant(5, Some(1));
        let mut anchors = Anchors::new(&pairs, &pairs_b);
        let mut map: BTreeMap<usize, usize> = base
            .iter()
            .map(|&(a, b)| (a as usize, b as usize))
            .chain([(13, 35)])
            .collect();
        for (a, b) in [(8, 12), (1, 1), (6, 10), (20, 40)] {
            anchors.insert(a, b);
            map.insert(a, b);
        }
        for a in 0..25 {
            let before = map.range(..a).next_back().map(|(_, &j)| j);
            let after = map.range(a + 1..).next().map(|(_, &j)| j);
            assert_eq!(anchors.before(&pairs, a), before, "before {a}");
            assert_eq!(anchors.after(&pairs, a), after, "after {a}");
        }
    }

    /// Nearest members on either side, against a scan, on sets sparse and dense, across word
    /// and summary boundaries.
    #[test]
    fn position_set_finds_nearest_members() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for (n, every) in [
            (0, 1),
            (1, 1),
            (63, 2),
            (64, 1),
            (65, 64),
            (5000, 997),
            (9000, 3),
            (20_000, 4500),
        ] {
            let members: Vec<usize> = (0..n)
                .filter(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed % every == 0
                })
                .collect();
            let set = PositionSet::new(n, members.iter().copied());
            for x in (0..n + 2).step_by(if n > 1000 { 7 } else { 1 }) {
                let before = members.iter().rev().find(|&&m| m < x).copied();
                let after = members.iter().find(|&&m| m > x).copied();
                assert_eq!(set.before(x), before, "before {x} of {n}");
                assert_eq!(set.after(x), after, "after {x} of {n}");
            }
        }
        assert_eq!(PositionSet::default().before(5), None);
        assert_eq!(PositionSet::default().after(5), None);
        assert_eq!(
            PositionSet::new(10, [3].into_iter()).after(usize::MAX),
            None
        );
    }
}
