//! The comparison engine: tokenise, normalise, align, classify. Knows nothing of the GUI.
//!
//! Pipeline: [`boilerplate::detect`] marks non-body lines → [`tokens::tokenize`] splits words
//! and interns their [`normalize`]d keys → [`align::align`] pairs words (tiles, backbone, moved
//! passages, gap diffs, variants) → [`segments::build`] turns pairs into segments that tile each
//! text, with symmetric links → statistics.

pub mod align;
pub mod boilerplate;
pub mod normalize;
pub mod segments;
pub mod tokens;
pub mod variants;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::load::Document;
use crate::model::{CONTRACT_VERSION, Comparison, MatchOptions, Side, Stats};
use tokens::{Interner, Word};

/// Shared handle to watch and cancel a running comparison from another thread.
#[derive(Clone, Debug)]
pub struct Control {
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicU32>,
    /// Time budget after which the engine falls back to cheaper steps (and says so).
    pub deadline: Duration,
}

impl Default for Control {
    fn default() -> Self {
        Self {
            cancel: Arc::default(),
            progress: Arc::default(),
            deadline: Duration::from_secs(10),
        }
    }
}

impl Control {
    /// A fresh control with the given time budget.
    pub fn with_deadline(deadline: Duration) -> Self {
        Self {
            deadline,
            ..Self::default()
        }
    }

    /// Asks the running comparison to stop; it returns [`Cancelled`] soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// True once [`Control::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Progress in thousandths (0..=1000).
    pub fn progress_permille(&self) -> u32 {
        self.progress.load(Ordering::Relaxed)
    }

    pub(crate) fn set_progress(&self, permille: u32) {
        self.progress.store(permille.min(1000), Ordering::Relaxed);
    }
}

/// The comparison was cancelled through its [`Control`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("comparison cancelled")]
pub struct Cancelled;

/// Compares two documents with default control (no cancellation, default deadline).
pub fn compare(a: &Document, b: &Document, opts: &MatchOptions) -> Comparison {
    match compare_with(a, b, opts, &Control::default()) {
        Ok(c) => c,
        Err(Cancelled) => unreachable!("a default Control is never cancelled"),
    }
}

/// Compares two documents, reporting progress and honouring cancellation through `ctl`.
pub fn compare_with(
    a: &Document,
    b: &Document,
    opts: &MatchOptions,
    ctl: &Control,
) -> Result<Comparison, Cancelled> {
    let mut c = compare_texts(a, b, opts, ctl)?;
    c.a.text = a.text.clone();
    c.b.text = b.text.clone();
    Ok(c)
}

/// Like [`compare_with`], but moves the documents' texts into the result instead of copying
/// them (the CLI's path: a million-word pair saves 20 MB).
pub fn compare_owned(
    a: Document,
    b: Document,
    opts: &MatchOptions,
    ctl: &Control,
) -> Result<Comparison, Cancelled> {
    let mut c = compare_texts(&a, &b, opts, ctl)?;
    c.a.text = a.text;
    c.b.text = b.text;
    Ok(c)
}

/// The comparison pipeline. It leaves each side's `text` empty: the callers above fill it, by
/// copy or by move.
fn compare_texts(
    a: &Document,
    b: &Document,
    opts: &MatchOptions,
    ctl: &Control,
) -> Result<Comparison, Cancelled> {
    let deadline = Instant::now() + ctl.deadline;
    let (pa, pb, interner) = prepare_both(a, b, opts);
    ctl.set_progress(160);
    if ctl.is_cancelled() {
        return Err(Cancelled);
    }
    let settings = align::Settings {
        min_move: opts.min_move_words.max(2),
        moves: opts.moves,
        variants: opts.variants,
        deadline,
    };
    let alignment = align::align(
        &pa.body_ids(),
        &pb.body_ids(),
        (&pa.body_line_starts(), &pb.body_line_starts()),
        &interner,
        settings,
        ctl,
        (160, 950),
    )?;
    let (seg_a, seg_b) =
        segments::build(&pa.side_words(&alignment.a), &pb.side_words(&alignment.b));
    let (st_a, st_b) = (segments::side_stats(&seg_a), segments::side_stats(&seg_b));
    let identical = pa.words.len() == pb.words.len()
        && pa.words.iter().zip(&pb.words).all(|(x, y)| x.id == y.id);
    ctl.set_progress(1000);
    Ok(Comparison {
        version: CONTRACT_VERSION,
        a: pa.into_side(seg_a),
        b: pb.into_side(seg_b),
        stats: Stats {
            similarity: segments::similarity(&st_a, &st_b),
            a: st_a,
            b: st_b,
        },
        options: opts.clone(),
        fallbacks: alignment.fallbacks,
        identical,
    })
}

/// Tokenises both documents, B on a second thread with its own interner (tokenising is most of
/// the work), then maps B's key ids into A's interner.
fn prepare_both<'d>(
    a: &'d Document,
    b: &'d Document,
    opts: &MatchOptions,
) -> (Prepared<'d>, Prepared<'d>, Interner) {
    let prepare = |doc: &'d Document| {
        let mut interner = Interner::default();
        let p = Prepared::new(doc, opts, &mut interner);
        (p, interner)
    };
    let ((pa, mut interner), (mut pb, ib)) = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("tabayun-tokenize-b".to_owned())
            .spawn_scoped(scope, || prepare(b));
        let side_a = prepare(a);
        let side_b = match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => prepare(b),
        };
        (side_a, side_b)
    });
    let remap: Vec<u32> = ib.keys().map(|k| interner.intern(k)).collect();
    for w in &mut pb.words {
        w.id = remap[w.id as usize];
    }
    (pa, pb, interner)
}

/// One document, tokenised, with its boilerplate marked.
struct Prepared<'d> {
    doc: &'d Document,
    words: Vec<Word>,
    boilerplate: Vec<bool>,
    body: Vec<u32>,
    found: boilerplate::Found,
}

impl<'d> Prepared<'d> {
    fn new(doc: &'d Document, opts: &MatchOptions, interner: &mut Interner) -> Self {
        let words = tokens::tokenize(&doc.text, opts, interner);
        let found = boilerplate::detect(&doc.text, &words);
        let mut ranges = found.ranges.iter().peekable();
        let boilerplate: Vec<bool> = words
            .iter()
            .map(|w| {
                let at = w.start as usize;
                while ranges.next_if(|r| r.end <= at).is_some() {}
                opts.boilerplate && ranges.peek().is_some_and(|r| r.contains(&at))
            })
            .collect();
        let body = (0..words.len())
            .filter(|&w| !boilerplate[w])
            .map(|w| w as u32)
            .collect();
        Self {
            doc,
            words,
            boilerplate,
            body,
            found,
        }
    }

    fn body_ids(&self) -> Vec<u32> {
        self.body
            .iter()
            .map(|&w| self.words[w as usize].id)
            .collect()
    }

    /// Per body word: true when only white space and punctuation stand between it and the
    /// start of its line.
    fn body_line_starts(&self) -> Vec<bool> {
        let text = self.doc.text.as_bytes();
        self.body
            .iter()
            .map(|&w| {
                let start = self.words.get(w as usize).map_or(0, |w| w.start as usize);
                let before = text.get(..start).unwrap_or(&[]);
                // Back over ASCII white space and punctuation (quotes, brackets, dashes): a
                // non-ASCII byte is part of a letter or of Arabic punctuation, so the line's
                // start is only found when nothing but those stand before the word.
                match before.iter().rposition(|&c| {
                    c == b'\n' || !(c.is_ascii_whitespace() || c.is_ascii_punctuation())
                }) {
                    None => true,
                    Some(k) => before.get(k) == Some(&b'\n'),
                }
            })
            .collect()
    }

    fn side_words<'s>(&'s self, pairs: &'s [align::Pair]) -> segments::SideWords<'s> {
        segments::SideWords {
            text: &self.doc.text,
            words: &self.words,
            boilerplate: &self.boilerplate,
            body: &self.body,
            pairs,
        }
    }

    /// The side without its text (see [`compare_texts`]).
    fn into_side(self, segments: Vec<crate::model::Segment>) -> Side {
        Side {
            path: self.doc.path.clone(),
            encoding: self.doc.encoding.clone(),
            text: String::new(),
            segments,
            sha256: self.doc.sha256.clone(),
            bytes: self.doc.bytes,
            replaced: self.doc.replaced,
            title: self.found.title,
            outlet: self.found.outlet,
        }
    }
}
