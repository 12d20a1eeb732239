//! The in-order diff of a gap's word ids: `similar`'s Patience diff (`Algorithm::Patience`,
//! version 3.2, with its default heuristics), edit script for edit script, with the anchors'
//! Myers diff run on the anchors' ids.
//!
//! `similar` diffs the anchors (the words found once on each side) as a list of references into
//! the gap, so each comparison of its Myers search reads two words through two references; on an
//! unrelated 100k-word pair that search took a tenth of the CPU. Here the anchors' ids are
//! copied out first and the same search runs on them. Everything `similar` does with an
//! anchor is to compare it or to hash it, and both read the id alone (`UniqueItem`'s `Eq` and
//! `Hash` are its value's), so the search makes the same moves. The rest is `similar`'s own
//! code: its Myers diff of the anchors and of the words between them, and the `Replace`,
//! `Compact` and `Capture` hooks of `capture_diff_slices_deadline`. What `similar` keeps
//! private is followed here line by line: the fast path for gaps with (nearly) no word in
//! common, and the anchors' hook. Tests hold the result to `capture_diff_slices_deadline`'s on
//! random and generated gaps.

use std::time::Instant;

use rustc_hash::{FxHashMap, FxHashSet};
use similar::DiffOp;
use similar::algorithms::{Capture, Compact, DiffHook, NoFinishHook, Replace, myers};

/// `capture_diff_slices_deadline(Algorithm::Patience, old, new, deadline)`.
pub fn diff(old: &[u32], new: &[u32], deadline: Option<Instant>) -> Vec<DiffOp> {
    let mut d = Compact::new(Replace::new(Capture::new()), old, new);
    match patience(&mut d, old, new, deadline) {
        Ok(()) => {}
        Err(never) => match never {},
    }
    d.into_inner().into_inner().into_ops()
}

/// `similar::algorithms::patience::diff_deadline` over the whole of `old` and `new`.
fn patience<D: DiffHook>(
    d: &mut D,
    old: &[u32],
    new: &[u32],
    deadline: Option<Instant>,
) -> Result<(), D::Error> {
    if disjoint(old, new, deadline) {
        d.delete(0, old.len(), 0)?;
        d.insert(0, 0, new.len())?;
        return d.finish();
    }
    if old.is_empty() || new.is_empty() {
        if !new.is_empty() {
            d.insert(0, 0, new.len())?;
        } else if !old.is_empty() {
            d.delete(0, old.len(), 0)?;
        }
        return d.finish();
    }
    if deadline.is_none() {
        let prefix = common_prefix_len(old, new);
        if old.len() == new.len() && prefix == old.len() {
            if prefix > 0 {
                d.equal(0, 0, prefix)?;
            }
            return d.finish();
        }
    }
    let old_unique = unique(old);
    let new_unique = unique(new);
    let old_ids: Vec<u32> = old_unique.iter().map(|&i| old[i]).collect();
    let new_ids: Vec<u32> = new_unique.iter().map(|&i| new[i]).collect();
    let mut anchors = Replace::new(Anchors {
        d,
        old,
        old_current: 0,
        old_unique: &old_unique,
        new,
        new_current: 0,
        new_unique: &new_unique,
        deadline,
    });
    myers::diff_deadline(
        &mut anchors,
        &old_ids[..],
        0..old_ids.len(),
        &new_ids[..],
        0..new_ids.len(),
        deadline,
    )
}

/// `similar`'s `deadline_exceeded`.
fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() > d)
}

fn common_prefix_len(old: &[u32], new: &[u32]) -> usize {
    new.iter().zip(old).take_while(|(n, o)| n == o).count()
}

/// The positions of the ids found exactly once in `s`, in order (`similar`'s `unique`).
fn unique(s: &[u32]) -> Vec<usize> {
    // The first position of each id, or `usize::MAX` once it is seen again.
    let mut first: FxHashMap<u32, usize> = FxHashMap::default();
    first.reserve(s.len());
    for (i, &id) in s.iter().enumerate() {
        first.entry(id).and_modify(|p| *p = usize::MAX).or_insert(i);
    }
    let mut out: Vec<usize> = first.into_values().filter(|&p| p != usize::MAX).collect();
    out.sort_unstable();
    out
}

// `similar`'s preflight (`maybe_emit_replace_fast_path` and what it calls), with its constants.
const DISJOINT_FAST_PATH_MIN_LEN: usize = 512;
const DISJOINT_FAST_PATH_MIN_WORK: usize = 128 * 1024;
const DISJOINT_FAST_PATH_DEADLINE_CHECK_INTERVAL: usize = 1024;
const DISJOINT_FAST_PATH_BOUNDARY_PROBE: usize = 8;
const NEAR_DISJOINT_COMMON_ITEM_DIVISOR: usize = 1024;
const NEAR_DISJOINT_MAX_COMMON_ITEMS: usize = 64;

/// True when the gap is large and its two sides have (nearly) no word in common: then it is
/// one deletion and one insertion, without a search.
fn disjoint(old: &[u32], new: &[u32], deadline: Option<Instant>) -> bool {
    if !should_scan(old, new, deadline) {
        return false;
    }
    let budget = (old.len().min(new.len()) / NEAR_DISJOINT_COMMON_ITEM_DIVISOR)
        .clamp(1, NEAR_DISJOINT_MAX_COMMON_ITEMS);
    matches!(more_common_than(old, new, budget, deadline), Some(false))
}

fn should_scan(old: &[u32], new: &[u32], deadline: Option<Instant>) -> bool {
    if past(deadline) {
        return false;
    }
    let (n, m) = (old.len(), new.len());
    if n < DISJOINT_FAST_PATH_MIN_LEN
        || m < DISJOINT_FAST_PATH_MIN_LEN
        || n.saturating_mul(m) < DISJOINT_FAST_PATH_MIN_WORK
    {
        return false;
    }
    if new[0] == old[0] || new[m - 1] == old[n - 1] {
        return false;
    }
    let probe_len = n.min(m).min(DISJOINT_FAST_PATH_BOUNDARY_PROBE + 1);
    for skip in 1..probe_len {
        if new[skip] == old[0]
            || new[0] == old[skip]
            || new[m - 1 - skip] == old[n - 1]
            || new[m - 1] == old[n - 1 - skip]
        {
            return false;
        }
    }
    true
}

/// Whether more than `budget` of `new`'s words occur in `old` (`None` past the deadline).
fn more_common_than(
    old: &[u32],
    new: &[u32],
    budget: usize,
    deadline: Option<Instant>,
) -> Option<bool> {
    let checkpoint = |i: usize| i % DISJOINT_FAST_PATH_DEADLINE_CHECK_INTERVAL == 0;
    let mut in_old: FxHashSet<u32> = FxHashSet::default();
    in_old.reserve(old.len());
    for (i, &id) in old.iter().enumerate() {
        if checkpoint(i) && past(deadline) {
            return None;
        }
        in_old.insert(id);
    }
    let mut common = 0usize;
    for (i, id) in new.iter().enumerate() {
        if checkpoint(i) && past(deadline) {
            return None;
        }
        if in_old.contains(id) {
            common += 1;
            if common > budget {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// `similar`'s `Patience` hook: the anchors' diff says which anchors pair; the words before
/// each pair of anchors (after their common start) are diffed with Myers.
struct Anchors<'a, D> {
    d: &'a mut D,
    old: &'a [u32],
    old_current: usize,
    old_unique: &'a [usize],
    new: &'a [u32],
    new_current: usize,
    new_unique: &'a [usize],
    deadline: Option<Instant>,
}

impl<D: DiffHook> DiffHook for Anchors<'_, D> {
    type Error = D::Error;

    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), D::Error> {
        for (old, new) in (old..old + len).zip(new..new + len) {
            let (a0, b0) = (self.old_current, self.new_current);
            let (old_anchor, new_anchor) = (self.old_unique[old], self.new_unique[new]);
            while self.old_current < old_anchor
                && self.new_current < new_anchor
                && self.new[self.new_current] == self.old[self.old_current]
            {
                self.old_current += 1;
                self.new_current += 1;
            }
            if self.old_current > a0 {
                self.d.equal(a0, b0, self.old_current - a0)?;
            }
            let mut no_finish = NoFinishHook::new(&mut self.d);
            myers::diff_deadline(
                &mut no_finish,
                self.old,
                self.old_current..old_anchor,
                self.new,
                self.new_current..new_anchor,
                self.deadline,
            )?;
            self.old_current = old_anchor;
            self.new_current = new_anchor;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), D::Error> {
        myers::diff_deadline(
            self.d,
            self.old,
            self.old_current..self.old.len(),
            self.new,
            self.new_current..self.new.len(),
            self.deadline,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::{Algorithm, capture_diff_slices_deadline};

    fn similar_diff(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
        capture_diff_slices_deadline(Algorithm::Patience, old, new, None)
    }

    /// xorshift64*: the same gaps on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u32) -> u32 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) % u64::from(n.max(1))) as u32
        }

        /// `len` ids from a vocabulary of `vocab`.
        fn words(&mut self, len: usize, vocab: u32) -> Vec<u32> {
            (0..len).map(|_| self.below(vocab)).collect()
        }

        /// `s` with words replaced, inserted, deleted and stretches moved.
        fn edited(&mut self, s: &[u32], vocab: u32, edits: usize) -> Vec<u32> {
            let mut t = s.to_vec();
            for _ in 0..edits {
                let at = self.below(t.len() as u32 + 1) as usize;
                match self.below(4) {
                    0 if at < t.len() => t[at] = self.below(vocab),
                    1 => t.insert(at, self.below(vocab)),
                    2 if at < t.len() => {
                        t.remove(at);
                    }
                    _ if t.len() > 8 => {
                        let len = 1 + self.below(t.len() as u32 / 4) as usize;
                        let from = self.below((t.len() - len) as u32 + 1) as usize;
                        let moved: Vec<u32> = t.drain(from..from + len).collect();
                        let to = self.below(t.len() as u32 + 1) as usize;
                        t.splice(to..to, moved);
                    }
                    _ => {}
                }
            }
            t
        }
    }

    #[test]
    fn small_random_gaps_diff_as_in_similar() {
        let mut rng = Rng(0x243F_6A88_85A3_08D3);
        for _ in 0..20_000 {
            let vocab = 1 + rng.below(12);
            let (len_a, len_b) = (rng.below(14) as usize, rng.below(14) as usize);
            let a = rng.words(len_a, vocab);
            let b = if rng.below(2) == 0 {
                rng.words(len_b, vocab)
            } else {
                let edits = rng.below(4) as usize;
                rng.edited(&a, vocab, edits)
            };
            assert_eq!(diff(&a, &b, None), similar_diff(&a, &b), "{a:?} / {b:?}");
        }
    }

    #[test]
    fn large_gaps_diff_as_in_similar() {
        // Past similar's thresholds: its fast path for unrelated sides (512 words a side), its
        // anchors' reduction and its heuristics for costly searches (256 steps).
        let mut rng = Rng(0x1319_8A2E_0370_7344);
        let mut cases = 0;
        for &(len, vocab, edits) in &[
            (600, 50_000, 0),
            (700, 400, 0),
            (1_500, 3_000, 0),
            (2_000, 20_000, 40),
            (3_000, 800, 300),
            (900, 5, 50),
            (5_000, 200_000, 2),
            (2_500, 2_000, 1_500),
        ] {
            for _ in 0..4 {
                let a = rng.words(len, vocab);
                let b = if edits == 0 {
                    let more = rng.below(200) as usize;
                    rng.words(len + more, vocab)
                } else {
                    rng.edited(&a, vocab, edits)
                };
                let ours = diff(&a, &b, None);
                assert!(
                    ours == similar_diff(&a, &b),
                    "{len} words of {vocab}, {edits} edits"
                );
                cases += 1;
            }
        }
        // Sides with a few words in common, around the fast path's bounds: 512 words a side,
        // and one common word per 1,024, at least one (5,000 words: at most 4 in common).
        for (len, common) in [(511, 1), (600, 1), (5_000, 3), (5_000, 4), (5_000, 5)] {
            let a: Vec<u32> = (0..len).collect();
            let mut b: Vec<u32> = (100_000..100_000 + len).collect();
            // In common: the words from the tenth on (past the fast path's probe of the edges),
            // which a search from the start finds.
            for at in 10..10 + common {
                b[at as usize] = at;
            }
            let ours = diff(&a, &b, None);
            assert_eq!(
                ours,
                similar_diff(&a, &b),
                "{len} words, {common} in common"
            );
            let replaced = matches!(ours[..], [DiffOp::Replace { .. }]);
            let budget = (len / 1_024).max(1);
            assert_eq!(replaced, len >= 512 && common <= budget, "{len}, {common}");
        }
        let a: Vec<u32> = (0..3_000).collect();
        let mut b: Vec<u32> = (10_000..13_000).collect();
        b[1_500] = 1_500;
        assert_eq!(diff(&a, &b, None), similar_diff(&a, &b));
        assert!(
            matches!(
                diff(&a, &b, None)[..],
                [DiffOp::Replace {
                    old_len: 3_000,
                    new_len: 3_000,
                    ..
                }]
            ),
            "one replaced stretch"
        );
        assert_eq!(cases, 32);
    }

    #[test]
    fn a_spent_deadline_gives_similars_approximation() {
        let mut rng = Rng(0xA409_3822_299F_31D0);
        let a = rng.words(4_000, 500);
        let b = rng.edited(&a, 500, 2_000);
        let spent = Some(Instant::now());
        let ours = diff(&a, &b, spent);
        let theirs = capture_diff_slices_deadline(Algorithm::Patience, &a, &b, spent);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn unique_keeps_the_positions_of_ids_seen_once() {
        assert_eq!(unique(&[5, 1, 5, 2, 3, 2, 9]), [1, 4, 6]);
        assert_eq!(unique(&[]), Vec::<usize>::new());
    }
}
