//! A story: several articles (2 to 16) about one event, and who carries what. Knows nothing of
//! the GUI.
//!
//! [`Story::compute`] tokenises each article once ([`engine::prepare`]), aligns every unordered
//! pair with the pairwise engine ([`engine::compare_prepared`], the lower index always side A)
//! on worker threads under one [`Control`], and derives, per article, segments that tile its
//! text, each with the sorted set of other articles that *carry* it.
//!
//! **Carried** means exactly: article `j` carries a word of article `i` when, in the pairwise
//! comparison of `i` and `j` (the [`Comparison`] kept in the story, the one `tabayun diff i j`
//! gives), the word lies in a `shared` or `variant` segment of `i`'s side, moved or not.
//! Boilerplate is never carried. So the story view and the pair view can never disagree about
//! a word: the story is read off the pair comparisons, which it keeps ([`Story::pair`]).
//!
//! Derived from the segments: per article its body words, its own text (carried by no other
//! article: [`Article::unique`], [`Article::own_share`]), the words every other article carries;
//! per pair the similarity ([`Story::similarity`], the pair comparison's); passages: the core
//! ([`Story::core_passages`]), what only one article says ([`Story::only_in`], bridged as the
//! pair summary bridges "only in" passages), partial passages ([`Story::partial_passages`]) and
//! what most others carry and one article drops ([`Story::dropped_by`]).
//!
//! [`file`] is the `.tabayun` story file (paths, base, options; never texts).

pub mod file;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::engine::{self, Cancelled, Control, PreparedDoc};
use crate::load::Document;
use crate::model::{Comparison, MatchOptions, SegmentKind, Which};

/// Fewest articles in a story.
pub const MIN_ARTICLES: usize = 2;
/// Most articles in a story (120 pairs).
pub const MAX_ARTICLES: usize = 16;
/// "Only in" runs separated by at most this many carried words (in one paragraph) are one
/// passage, as in the pair summary (`summary.rs`).
const BRIDGE_WORDS: usize = 2;

/// Why a story could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoryError {
    /// Fewer than [`MIN_ARTICLES`] articles.
    #[error("a story needs at least {MIN_ARTICLES} articles, got {0}")]
    TooFew(usize),
    /// More than [`MAX_ARTICLES`] articles.
    #[error("a story holds at most {MAX_ARTICLES} articles, got {0}")]
    TooMany(usize),
    /// The base is not an article of the story.
    #[error("there is no article {base} to use as the base (the story has {count}, from 0)")]
    NoSuchBase {
        /// The base asked for.
        base: usize,
        /// Number of articles.
        count: usize,
    },
    /// Cancelled through the [`Control`].
    #[error("comparison cancelled")]
    Cancelled,
}

impl From<Cancelled> for StoryError {
    fn from(_: Cancelled) -> Self {
        Self::Cancelled
    }
}

/// What a story segment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoryKind {
    /// Article body.
    Body,
    /// Not article body (related-article lists, source lines): carried by nobody.
    Boilerplate,
}

/// A stretch of one article's text with the set of other articles that carry it. The segments
/// of an article tile its text (byte offsets); a boundary falls wherever `kind` or `carried_by`
/// changes (at a word's first byte; white space and punctuation join the preceding segment, as
/// in a pair comparison).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySegment {
    /// Byte offset into the article's text (inclusive).
    pub start: usize,
    /// Byte offset (exclusive).
    pub end: usize,
    /// Body or boilerplate.
    pub kind: StoryKind,
    /// Indices of the other articles that carry this text, sorted; never the article's own
    /// index; empty for boilerplate and for the article's own text.
    pub carried_by: Vec<usize>,
    /// Words in the segment.
    pub words: usize,
}

impl StorySegment {
    /// The byte range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Body text carried by no other article.
    pub fn is_own(&self) -> bool {
        self.kind == StoryKind::Body && self.carried_by.is_empty()
    }
}

/// One article of a story.
#[derive(Clone, Debug)]
pub struct Article {
    /// The loaded document (path, encoding, SHA-256, size, text).
    pub doc: Arc<Document>,
    /// A recognised title line, if any.
    pub title: Option<String>,
    /// A recognised outlet, if any.
    pub outlet: Option<String>,
    /// Body words.
    pub words: usize,
    /// Body words no other article carries: the article's own text.
    pub unique: usize,
    /// Body words every other article carries.
    pub carried_by_all: usize,
    /// Boilerplate words (not in `words`).
    pub boilerplate: usize,
    /// Segments tiling [`Document::text`].
    pub segments: Vec<StorySegment>,
    /// Byte offset of every body word's first byte, in order.
    body_starts: Vec<usize>,
}

impl Article {
    /// Body words whose first byte lies in `range`.
    pub fn words_in(&self, range: std::ops::Range<usize>) -> usize {
        let lo = self.body_starts.partition_point(|&s| s < range.start);
        let hi = self.body_starts.partition_point(|&s| s < range.end);
        hi.saturating_sub(lo)
    }

    /// The article's text.
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// File name part of the path.
    pub fn file_name(&self) -> &str {
        std::path::Path::new(&self.doc.path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.doc.path)
    }

    /// The outlet when one was recognised, else the file name: what lists and matrices show.
    pub fn label(&self) -> &str {
        self.outlet.as_deref().unwrap_or_else(|| self.file_name())
    }

    /// Share of the body words that no other article carries, in [0, 1] (0 without words).
    pub fn own_share(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.unique as f64 / self.words as f64
        }
    }

    /// The text of segment `index` ("" when out of range).
    pub fn segment_text(&self, index: usize) -> &str {
        self.segments
            .get(index)
            .and_then(|s| self.doc.text.get(s.range()))
            .unwrap_or("")
    }

    /// The index of the segment holding byte `offset` (the last one for the end of the text).
    pub fn segment_at(&self, offset: usize) -> Option<usize> {
        if self.segments.is_empty() {
            return None;
        }
        let i = self.segments.partition_point(|s| s.end <= offset);
        Some(i.min(self.segments.len() - 1))
    }
}

/// A passage of one article: whole segments, with who carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryPassage {
    /// The article it is in.
    pub article: usize,
    /// Byte range start in that article's text (trimmed of white space and commas).
    pub start: usize,
    /// Byte range end.
    pub end: usize,
    /// First segment (inclusive).
    pub first_segment: usize,
    /// Last segment (inclusive).
    pub last_segment: usize,
    /// Words in the passage.
    pub words: usize,
    /// The passage text, trimmed.
    pub text: String,
    /// Articles that carry every word of it (sorted; never `article`).
    pub carried_by: Vec<usize>,
    /// Articles that carry none of it (sorted; never `article`).
    pub lacking: Vec<usize>,
}

/// Several articles about one event, every pair compared, and who carries what.
#[derive(Clone, Debug)]
pub struct Story {
    /// The articles, in the order given.
    pub articles: Vec<Article>,
    /// The article read as the base (the story view's text, core and partial passages).
    pub base: usize,
    /// The matching options every pair was compared with.
    pub options: MatchOptions,
    /// The engine's notes of every pair, each prefixed with the pair's file names.
    pub fallbacks: Vec<String>,
    /// True when every pair is identical after normalisation.
    pub identical: bool,
    /// Pair comparisons for i < j, in order (0,1), (0,2), …, (1,2), …; i is side A.
    pairs: Vec<Comparison>,
}

impl Story {
    /// Compares every pair of `docs` (2 to 16) with `opts` on worker threads and derives who
    /// carries what. Progress goes to `ctl` (a tenth for tokenising, then per pair); cancelling
    /// it stops the workers; its time budget runs once for the whole story (each pair's
    /// alignment falls back to cheaper steps past it, and says so in [`Story::fallbacks`]).
    pub fn compute(
        docs: Vec<Arc<Document>>,
        base: usize,
        opts: &MatchOptions,
        ctl: &Control,
    ) -> Result<Story, StoryError> {
        let n = docs.len();
        if n < MIN_ARTICLES {
            return Err(StoryError::TooFew(n));
        }
        if n > MAX_ARTICLES {
            return Err(StoryError::TooMany(n));
        }
        if base >= n {
            return Err(StoryError::NoSuchBase { base, count: n });
        }
        let deadline = Instant::now() + ctl.deadline;
        let pair_list: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, |p| p.get())
            .min(pair_list.len())
            .max(1);
        let prepared: Vec<PreparedDoc<'_>> =
            parallel_map(n, workers, |k| engine::prepare(&docs[k], opts));
        ctl.set_progress(100);
        if ctl.is_cancelled() {
            return Err(StoryError::Cancelled);
        }
        let done = AtomicUsize::new(0);
        let total = pair_list.len();
        let results = parallel_map(total, workers, |p| {
            let (i, j) = pair_list[p];
            let child = ctl.sharing_cancel();
            let c = engine::compare_prepared(&prepared[i], &prepared[j], &child, deadline);
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            ctl.set_progress(100 + (900 * finished / total) as u32);
            c
        });
        let pairs: Vec<Comparison> = results.into_iter().collect::<Result<_, _>>()?;
        let mut articles = Vec::with_capacity(n);
        for (i, p) in prepared.iter().enumerate() {
            let sides: Vec<(usize, &[crate::model::Segment])> = (0..n)
                .filter(|&j| j != i)
                .map(|j| {
                    let (lo, hi) = (i.min(j), i.max(j));
                    let c = &pairs[pair_index(n, lo, hi)];
                    let side = if i < j { &c.a } else { &c.b };
                    (j, side.segments.as_slice())
                })
                .collect();
            articles.push(derive_article(Arc::clone(&docs[i]), p, &sides, n, i));
        }
        drop(prepared);
        let mut fallbacks = Vec::new();
        for (&(i, j), c) in pair_list.iter().zip(&pairs) {
            for f in &c.fallbacks {
                fallbacks.push(format!(
                    "{} and {}: {f}",
                    articles[i].file_name(),
                    articles[j].file_name()
                ));
            }
        }
        let identical = pairs.iter().all(|c| c.identical);
        ctl.set_progress(1000);
        Ok(Story {
            articles,
            base,
            options: opts.clone(),
            fallbacks,
            identical,
            pairs,
        })
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when the story has no articles (never, for a computed story).
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Chooses another base (no recomputation). Fails when `base` is not an article.
    pub fn set_base(&mut self, base: usize) -> Result<(), StoryError> {
        if base >= self.len() {
            return Err(StoryError::NoSuchBase {
                base,
                count: self.len(),
            });
        }
        self.base = base;
        Ok(())
    }

    /// The pair comparison of articles `i` and `j` (either order), and the side article `i` is
    /// on in it (the lower index is side A). `None` when `i == j` or either is out of range.
    pub fn pair(&self, i: usize, j: usize) -> Option<(&Comparison, Which)> {
        let n = self.len();
        if i == j || i >= n || j >= n {
            return None;
        }
        let c = self.pairs.get(pair_index(n, i.min(j), i.max(j)))?;
        Some((c, if i < j { Which::A } else { Which::B }))
    }

    /// Every pair `(i, j, comparison)` with i < j, in order (0,1), (0,2), …, (1,2), ….
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize, &Comparison)> + '_ {
        let n = self.len();
        (0..n)
            .flat_map(move |i| (i + 1..n).map(move |j| (i, j)))
            .zip(&self.pairs)
            .map(|((i, j), c)| (i, j, c))
    }

    /// The similarity of `i` and `j`: the pair comparison's (what `tabayun diff` reports);
    /// 1 for an article with itself, 0 out of range.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        if i == j && i < self.len() {
            return 1.0;
        }
        self.pair(i, j).map_or(0.0, |(c, _)| c.stats.similarity)
    }

    /// The N×N similarity matrix (symmetric, ones on the diagonal).
    pub fn matrix(&self) -> Vec<Vec<f64>> {
        (0..self.len())
            .map(|i| (0..self.len()).map(|j| self.similarity(i, j)).collect())
            .collect()
    }

    /// Body words of article `i` that no other article carries (0 out of range).
    pub fn own_words(&self, i: usize) -> usize {
        self.articles.get(i).map_or(0, |a| a.unique)
    }

    /// Passages of the base article that every other article carries, longest first.
    pub fn core_passages(&self) -> Vec<StoryPassage> {
        self.core_passages_of(self.base)
    }

    /// Passages of article `i` that every other article carries, longest first.
    pub fn core_passages_of(&self, i: usize) -> Vec<StoryPassage> {
        let all = self.len().saturating_sub(1);
        self.passages(
            i,
            |s| s.carried_by.len() == all,
            |_, s| s.carried_by.len() == all,
            false,
        )
    }

    /// Passages only article `i` has (carried by no other), bridged over at most two carried
    /// words inside a paragraph as the pair summary bridges "only in" passages, longest first.
    pub fn only_in(&self, i: usize) -> Vec<StoryPassage> {
        self.passages(
            i,
            |s| s.carried_by.is_empty(),
            |_, s| s.carried_by.is_empty(),
            true,
        )
    }

    /// Passages of the base article that some other articles carry and some lack, longest
    /// first: each a run of segments with the same `carried_by`.
    pub fn partial_passages(&self) -> Vec<StoryPassage> {
        self.partial_passages_of(self.base)
    }

    /// Partial passages of article `i` (see [`Story::partial_passages`]).
    pub fn partial_passages_of(&self, i: usize) -> Vec<StoryPassage> {
        let all = self.len().saturating_sub(1);
        self.passages(
            i,
            |s| !s.carried_by.is_empty() && s.carried_by.len() < all,
            |first, s| s.carried_by == first.carried_by,
            false,
        )
    }

    /// The article whose text [`Story::dropped_by`] reads for article `i`: the base, or, when
    /// `i` is the base, the other article whose body words have the most carriers.
    pub fn reference_for(&self, i: usize) -> usize {
        if i != self.base {
            return self.base;
        }
        let carriers = |a: &Article| -> usize {
            a.segments
                .iter()
                .filter(|s| s.kind == StoryKind::Body)
                .map(|s| s.words * s.carried_by.len())
                .sum()
        };
        (0..self.len())
            .filter(|&j| j != i)
            .max_by_key(|&j| (carriers(&self.articles[j]), std::cmp::Reverse(j)))
            .unwrap_or(i)
    }

    /// What most others carry and article `i` drops: passages of [`Story::reference_for`]`(i)`
    /// that `i` lacks and more than half of the other articles have (the reference counts as
    /// having its own text), longest first.
    pub fn dropped_by(&self, i: usize) -> Vec<StoryPassage> {
        let r = self.reference_for(i);
        if r == i {
            return Vec::new();
        }
        let others = self.len().saturating_sub(1);
        let pred = move |s: &StorySegment| {
            !s.carried_by.contains(&i) && (1 + s.carried_by.len()) * 2 > others
        };
        self.passages(r, pred, move |_, s| pred(s), false)
    }

    /// Runs of body segments of article `i`: a run starts at a segment that passes `start` and
    /// continues over segments that pass `more` (given the run's first segment); with
    /// `bridge`, over at most [`BRIDGE_WORDS`] other body words too. A run never crosses a
    /// paragraph break. Longest first, then in text order.
    fn passages(
        &self,
        i: usize,
        start: impl Fn(&StorySegment) -> bool,
        more: impl Fn(&StorySegment, &StorySegment) -> bool,
        bridge: bool,
    ) -> Vec<StoryPassage> {
        let Some(article) = self.articles.get(i) else {
            return Vec::new();
        };
        let segs = &article.segments;
        let body = |s: &StorySegment| s.kind == StoryKind::Body && s.words > 0;
        let breaks = |s: &StorySegment| {
            article
                .text()
                .get(s.range())
                .is_some_and(|t| t.contains('\n'))
        };
        let mut out = Vec::new();
        let mut k = 0;
        while k < segs.len() {
            let first = &segs[k];
            if !body(first) || !start(first) {
                k += 1;
                continue;
            }
            let mut last = k;
            let mut next = k + 1;
            'grow: while !breaks(&segs[last]) {
                let mut bridged = 0;
                let mut j = next;
                loop {
                    let Some(s) = segs.get(j) else { break 'grow };
                    if !body(s) {
                        break 'grow;
                    }
                    if more(first, s) {
                        last = j;
                        next = j + 1;
                        break;
                    }
                    bridged += s.words;
                    if !bridge || bridged > BRIDGE_WORDS || breaks(s) {
                        break 'grow;
                    }
                    j += 1;
                }
            }
            out.extend(self.paragraph_passages(i, k, last, &start, &more));
            k = last + 1;
        }
        out.sort_by(|x, y| y.words.cmp(&x.words).then(x.start.cmp(&y.start)));
        out
    }

    /// The passages over segments `first..=last` of article `i`, one per paragraph (a segment
    /// can hold a line break): each trimmed, counting the words of the segments the run is made
    /// of (`start` for the first, `more` for the others; bridged words are not counted).
    fn paragraph_passages(
        &self,
        i: usize,
        first: usize,
        last: usize,
        start: &impl Fn(&StorySegment) -> bool,
        more: &impl Fn(&StorySegment, &StorySegment) -> bool,
    ) -> Vec<StoryPassage> {
        let article = &self.articles[i];
        let segs = &article.segments;
        let head = &segs[first];
        let counted = |k: usize| {
            let s = &segs[k];
            s.kind == StoryKind::Body && (k == first && start(s) || k > first && more(head, s))
        };
        let (run_start, run_end) = (head.start, segs[last].end);
        let raw = article.text().get(run_start..run_end).unwrap_or("");
        let trim = |c: char| c.is_whitespace() || matches!(c, '،' | ',' | '؛' | ';' | ':');
        let mut out = Vec::new();
        let mut at = run_start;
        for line in raw.split('\n') {
            let line_start = at;
            at += line.len() + 1;
            let lead = line.len() - line.trim_start_matches(trim).len();
            let text = line.trim_matches(trim);
            if text.is_empty() {
                continue;
            }
            let (start, end) = (line_start + lead, line_start + lead + text.len());
            let (Some(fs), Some(ls)) = (article.segment_at(start), article.segment_at(end - 1))
            else {
                continue;
            };
            let (fs, ls) = (fs.max(first), ls.min(last));
            let words: usize = (fs..=ls)
                .filter(|&k| counted(k))
                .map(|k| article.words_in(segs[k].start.max(start)..segs[k].end.min(end)))
                .sum();
            if words == 0 {
                continue;
            }
            let body: Vec<&StorySegment> = segs[fs..=ls].iter().filter(|s| s.words > 0).collect();
            let carried_by: Vec<usize> = (0..self.len())
                .filter(|&j| j != i && body.iter().all(|s| s.carried_by.contains(&j)))
                .collect();
            let lacking: Vec<usize> = (0..self.len())
                .filter(|&j| j != i && body.iter().all(|s| !s.carried_by.contains(&j)))
                .collect();
            out.push(StoryPassage {
                article: i,
                start,
                end,
                first_segment: fs,
                last_segment: ls,
                words,
                text: text.to_owned(),
                carried_by,
                lacking,
            });
        }
        out
    }
}

/// Index of pair (i, j), i < j, among (0,1), (0,2), …, (0,n-1), (1,2), ….
fn pair_index(n: usize, i: usize, j: usize) -> usize {
    i * n - i * (i + 1) / 2 + (j - i - 1)
}

/// The article's segments from its words and its side of each pair comparison (`sides`:
/// the other article's index and this article's segments in their comparison).
fn derive_article(
    doc: Arc<Document>,
    p: &PreparedDoc<'_>,
    sides: &[(usize, &[crate::model::Segment])],
    n: usize,
    own: usize,
) -> Article {
    let starts: Vec<usize> = p.word_starts().collect();
    let boilerplate = p.boilerplate();
    let mut masks = vec![0u32; starts.len()];
    for &(j, segs) in sides {
        let mut s = 0;
        for (k, &at) in starts.iter().enumerate() {
            while s + 1 < segs.len() && segs[s].end <= at {
                s += 1;
            }
            if segs
                .get(s)
                .is_some_and(|seg| matches!(seg.kind, SegmentKind::Shared | SegmentKind::Variant))
            {
                masks[k] |= 1 << j;
            }
        }
    }
    let all: u32 = (0..n).filter(|&j| j != own).map(|j| 1u32 << j).sum();
    let text = &doc.text;
    let mut segments: Vec<StorySegment> = Vec::new();
    let mut current: Option<(StoryKind, u32)> = None;
    let (mut words, mut unique, mut carried_all, mut bp) = (0, 0, 0, 0);
    let mut body_starts = Vec::with_capacity(starts.len());
    for (k, &at) in starts.iter().enumerate() {
        let is_bp = boilerplate.get(k).copied().unwrap_or(false);
        let label = if is_bp {
            bp += 1;
            (StoryKind::Boilerplate, 0)
        } else {
            words += 1;
            body_starts.push(at);
            unique += usize::from(masks[k] == 0);
            carried_all += usize::from(masks[k] == all);
            (StoryKind::Body, masks[k])
        };
        if current == Some(label) {
            if let Some(last) = segments.last_mut() {
                last.words += 1;
            }
            continue;
        }
        let start = if segments.is_empty() { 0 } else { at };
        if let Some(last) = segments.last_mut() {
            last.end = at;
        }
        segments.push(StorySegment {
            start,
            end: text.len(),
            kind: label.0,
            carried_by: (0..n).filter(|&j| label.1 & (1 << j) != 0).collect(),
            words: 1,
        });
        current = Some(label);
    }
    if segments.is_empty() && !text.is_empty() {
        segments.push(StorySegment {
            start: 0,
            end: text.len(),
            kind: StoryKind::Body,
            carried_by: Vec::new(),
            words: 0,
        });
    }
    Article {
        title: p.title().map(str::to_owned),
        outlet: p.outlet().map(str::to_owned),
        doc,
        words,
        unique,
        carried_by_all: carried_all,
        boilerplate: bp,
        segments,
        body_starts,
    }
}

/// `f(0..count)` on `workers` threads (this one included), results in index order. Each worker
/// takes the next index as it finishes one, so short and long tasks spread over the cores.
fn parallel_map<T: Send>(count: usize, workers: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut got = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= count {
                break got;
            }
            got.push((k, f(k)));
        }
    };
    let mut all: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers)
            .filter_map(|w| {
                std::thread::Builder::new()
                    .name(format!("tabayun-story-{w}"))
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut all = work();
        for h in handles {
            match h.join() {
                Ok(got) => all.extend(got),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_by_key(|(k, _)| *k);
    all.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests;
