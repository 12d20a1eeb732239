//! The comparison engine: tokenise, normalise, align, classify. Knows nothing of the GUI.
//!
//! Pipeline: [`boilerplate::detect`] marks non-body lines → [`tokens::tokenize`] splits words
//! and interns their [`normalize`]d keys → [`align::align`] pairs words (tiles, backbone, moved
//! passages, gap diffs, variants) → [`segments::build`] turns pairs into segments that tile each
//! text, with symmetric links → statistics.

pub mod align;
pub mod boilerplate;
pub mod find;
pub mod normalize;
pub mod patience;
pub mod segments;
pub mod tokens;
pub mod variants;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::OnceLock;
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

    /// A control that shares this one's cancel flag and time budget but keeps its own progress
    /// (one pair of a story, while the story reports its own).
    pub fn sharing_cancel(&self) -> Self {
        Self {
            cancel: Arc::clone(&self.cancel),
            progress: Arc::default(),
            deadline: self.deadline,
        }
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

/// The command line's pipeline: loads, tokenises and compares two documents, each side read and
/// tokenised on its own thread (B on a second one, so neither waits for the other's file), and
/// moves the texts into the result instead of copying them (a million-word pair saves 20 MB).
/// A load error of A, else of B, is returned as it is. The time budget runs from the call.
pub fn load_and_compare<E: Send>(
    load_a: impl FnOnce() -> Result<Document, E> + Send,
    load_b: impl FnOnce() -> Result<Document, E> + Send,
    opts: &MatchOptions,
    ctl: &Control,
) -> Result<Result<Comparison, Cancelled>, E> {
    let deadline = Instant::now() + ctl.deadline;
    // Each side's document lives here, outside the threads, so that its tokens (which borrow
    // it) can come back from the thread that made them.
    let (doc_a, doc_b) = (OnceLock::new(), OnceLock::new());
    let (pa, pb) = crate::parallel::join(
        || load_prepared(&doc_a, load_a, opts),
        || load_prepared(&doc_b, load_b, opts),
    );
    // The tokens borrow the documents: once they are gone (consumed by `compare_once`), the
    // documents can give up their texts.
    let compared = compare_once(pa?, pb?, opts, ctl, deadline);
    Ok(compared.map(|mut c| {
        c.a.text = doc_a.into_inner().map(|d| d.text).unwrap_or_default();
        c.b.text = doc_b.into_inner().map(|d| d.text).unwrap_or_default();
        c
    }))
}

/// Loads a document into `slot` and tokenises it, on the calling thread.
fn load_prepared<'d, E>(
    slot: &'d OnceLock<Document>,
    load: impl FnOnce() -> Result<Document, E>,
    opts: &MatchOptions,
) -> Result<PreparedDoc<'d>, E> {
    let doc = load()?;
    crate::trace::phase("loaded");
    let prepared = prepare(slot.get_or_init(|| doc), opts);
    crate::trace::phase("tokenised");
    Ok(prepared)
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
    let (pa, pb) = prepare_both(a, b, opts);
    crate::trace::phase("tokenised both");
    compare_once(pa, pb, opts, ctl, deadline)
}

/// Compares two documents prepared for this comparison alone: their aligner inputs are taken
/// from them rather than copied, and they are gone after it.
fn compare_once(
    mut pa: PreparedDoc<'_>,
    mut pb: PreparedDoc<'_>,
    opts: &MatchOptions,
    ctl: &Control,
    deadline: Instant,
) -> Result<Comparison, Cancelled> {
    ctl.set_progress(160);
    if ctl.is_cancelled() {
        return Err(Cancelled);
    }
    let inputs = AlignInputs::taken(&mut pa.inner, &mut pb.inner);
    compare_pair(&pa.inner, pa.keys, &pb, inputs, opts, ctl, deadline)
}

/// A document tokenised once under one set of matching options, with its boilerplate marked:
/// what a story compares with each of its other articles without tokenising it again
/// ([`prepare`], [`compare_prepared`]).
pub struct PreparedDoc<'d> {
    inner: Prepared<'d>,
    /// The document's own key ids, in order of first appearance (what [`compare`] gives side A).
    keys: Interner,
    opts: MatchOptions,
}

impl PreparedDoc<'_> {
    /// The document.
    pub fn document(&self) -> &Document {
        self.inner.doc
    }

    /// The options it was tokenised with.
    pub fn options(&self) -> &MatchOptions {
        &self.opts
    }

    /// Byte offset of every word's first byte, in text order (boilerplate words included).
    pub fn word_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.inner.words.iter().map(|w| w.start as usize)
    }

    /// Per word (as [`PreparedDoc::word_starts`]): true when it is boilerplate.
    pub fn boilerplate(&self) -> &[bool] {
        &self.inner.boilerplate
    }

    /// The recognised title line, if any.
    pub fn title(&self) -> Option<&str> {
        self.inner
            .doc
            .title
            .as_deref()
            .or(self.inner.found.title.as_deref())
    }

    /// The recognised outlet, if any.
    pub fn outlet(&self) -> Option<&str> {
        self.inner
            .doc
            .outlet
            .as_deref()
            .or(self.inner.found.outlet.as_deref())
    }
}

/// Tokenises `doc` under `opts` once, for [`compare_prepared`].
pub fn prepare<'d>(doc: &'d Document, opts: &MatchOptions) -> PreparedDoc<'d> {
    let mut keys = Interner::default();
    let inner = Prepared::new(doc, opts, &mut keys);
    PreparedDoc {
        inner,
        keys,
        opts: opts.clone(),
    }
}

/// Compares two prepared documents (prepared with the same options; `b`'s are ignored) with
/// `a` as side A. The result is exactly [`compare_with`]'s for the two documents: the same key
/// ids (A's first, then B's new keys in B's order of first appearance), the same alignment. The
/// time budget runs from `deadline` (a story gives all its pairs one). Both texts are copied.
pub fn compare_prepared(
    a: &PreparedDoc<'_>,
    b: &PreparedDoc<'_>,
    ctl: &Control,
    deadline: Instant,
) -> Result<Comparison, Cancelled> {
    if ctl.is_cancelled() {
        return Err(Cancelled);
    }
    let inputs = AlignInputs::borrowed(&a.inner, &b.inner);
    let mut c = compare_pair(&a.inner, a.keys.clone(), b, inputs, &a.opts, ctl, deadline)?;
    c.a.text = a.inner.doc.text.clone();
    c.b.text = b.inner.doc.text.clone();
    Ok(c)
}

/// The aligner's inputs from two prepared documents: each side's body ids (B's in its own
/// key ids, remapped by [`compare_pair`]) and line starts. Borrowed in a story, whose documents
/// serve every pair; taken from the documents where a pair is compared once, so that they are
/// freed before the segments are built (10 MB on a million-word pair).
struct AlignInputs<'p> {
    a_ids: Cow<'p, [u32]>,
    b_ids: Cow<'p, [u32]>,
    a_starts: Cow<'p, [bool]>,
    b_starts: Cow<'p, [bool]>,
}

impl<'p> AlignInputs<'p> {
    fn borrowed(a: &'p Prepared<'_>, b: &'p Prepared<'_>) -> Self {
        Self {
            a_ids: Cow::Borrowed(&a.body_ids),
            b_ids: Cow::Borrowed(&b.body_ids),
            a_starts: Cow::Borrowed(&a.line_starts),
            b_starts: Cow::Borrowed(&b.line_starts),
        }
    }

    /// Takes them out of the documents, which are then only good for [`compare_pair`].
    fn taken(a: &mut Prepared<'_>, b: &mut Prepared<'_>) -> AlignInputs<'static> {
        AlignInputs {
            a_ids: Cow::Owned(std::mem::take(&mut a.body_ids)),
            b_ids: Cow::Owned(std::mem::take(&mut b.body_ids)),
            a_starts: Cow::Owned(std::mem::take(&mut a.line_starts)),
            b_starts: Cow::Owned(std::mem::take(&mut b.line_starts)),
        }
    }
}

/// Aligns `pa` (with its own interner `interner`, extended here by B's new keys) and `pb`.
fn compare_pair(
    pa: &Prepared<'_>,
    mut interner: Interner,
    pb: &PreparedDoc<'_>,
    inputs: AlignInputs<'_>,
    opts: &MatchOptions,
    ctl: &Control,
    deadline: Instant,
) -> Result<Comparison, Cancelled> {
    let remap: Vec<u32> = pb.keys.keys().map(|k| interner.intern(k)).collect();
    let id_b = |id: u32| remap.get(id as usize).copied().unwrap_or(u32::MAX);
    let identical = pa.words.len() == pb.inner.words.len()
        && pa
            .all_ids(&inputs.a_ids)
            .zip(pb.inner.all_ids(&inputs.b_ids))
            .all(|(x, y)| x == id_b(y));
    // In place when the ids were taken (no second copy).
    let mut body_b = inputs.b_ids;
    for id in body_b.to_mut().iter_mut() {
        *id = id_b(*id);
    }
    let settings = align::Settings {
        min_move: opts.min_move_words.max(2),
        moves: opts.moves,
        variants: opts.variants,
        deadline,
    };
    let alignment = align::align(
        &inputs.a_ids,
        &body_b,
        (&inputs.a_starts, &inputs.b_starts),
        &interner,
        settings,
        ctl,
        (160, 950),
    )?;
    crate::trace::phase("align: names, done");
    drop((body_b, inputs.a_ids, inputs.a_starts, inputs.b_starts));
    let (seg_a, seg_b) = segments::build(
        &pa.side_words(&alignment.a),
        &pb.inner.side_words(&alignment.b),
    );
    crate::trace::phase("segments");
    let (st_a, st_b) = (segments::side_stats(&seg_a), segments::side_stats(&seg_b));
    ctl.set_progress(1000);
    Ok(Comparison {
        version: CONTRACT_VERSION,
        a: pa.side(seg_a),
        b: pb.inner.side(seg_b),
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
/// the work).
fn prepare_both<'d>(
    a: &'d Document,
    b: &'d Document,
    opts: &MatchOptions,
) -> (PreparedDoc<'d>, PreparedDoc<'d>) {
    crate::parallel::join(|| prepare(a, opts), || prepare(b, opts))
}

/// One document, tokenised, with its boilerplate marked.
struct Prepared<'d> {
    doc: &'d Document,
    words: Vec<Word>,
    boilerplate: Vec<bool>,
    body: segments::Body,
    /// Per body word: its key id in the document's own interner. Without boilerplate these
    /// are the tokeniser's ids, not a copy.
    body_ids: Vec<u32>,
    /// Per boilerplate word, in order: its key id. With `body_ids`, every word's id without a
    /// table of them all (4 MB on a million-word text).
    boilerplate_ids: Vec<u32>,
    /// Per body word: true when only white space and punctuation stand between it and the
    /// start of its line.
    line_starts: Vec<bool>,
    found: boilerplate::Found,
}

impl<'d> Prepared<'d> {
    fn new(doc: &'d Document, opts: &MatchOptions, interner: &mut Interner) -> Self {
        let tokens::Tokens { words, ids } = tokens::tokenize(&doc.text, opts, interner);
        crate::trace::phase("words");
        let found = boilerplate::detect(&doc.text, &words);
        crate::trace::phase("boilerplate");
        let mut ranges = found.ranges.iter().peekable();
        let boilerplate: Vec<bool> = words
            .iter()
            .map(|w| {
                let at = w.start as usize;
                while ranges.next_if(|r| r.end <= at).is_some() {}
                opts.boilerplate && ranges.peek().is_some_and(|r| r.contains(&at))
            })
            .collect();
        let body = segments::Body::new(&boilerplate);
        let (body_ids, boilerplate_ids) = match &body {
            segments::Body::All(_) => (ids, Vec::new()),
            segments::Body::Words(w) => {
                let mut body_ids = Vec::with_capacity(w.len());
                let mut boilerplate_ids = Vec::with_capacity(ids.len().saturating_sub(w.len()));
                for (&id, &b) in ids.iter().zip(&boilerplate) {
                    if b {
                        boilerplate_ids.push(id);
                    } else {
                        body_ids.push(id);
                    }
                }
                (body_ids, boilerplate_ids)
            }
        };
        let line_starts = line_starts(&doc.text, &words, &body);
        Self {
            doc,
            words,
            boilerplate,
            body,
            body_ids,
            boilerplate_ids,
            line_starts,
            found,
        }
    }

    /// Every word's key id in text order, from this side's `body_ids` (maybe taken out of it
    /// by [`AlignInputs::taken`]) and its boilerplate ids.
    fn all_ids<'s>(&'s self, body_ids: &'s [u32]) -> impl Iterator<Item = u32> + 's {
        let (mut body, mut boilerplate) = (body_ids.iter(), self.boilerplate_ids.iter());
        self.boilerplate.iter().map(move |&b| {
            let id = if b { boilerplate.next() } else { body.next() };
            id.copied().unwrap_or(u32::MAX)
        })
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
    fn side(&self, segments: Vec<crate::model::Segment>) -> Side {
        Side {
            path: self.doc.path.clone(),
            encoding: self.doc.encoding.clone(),
            text: String::new(),
            segments,
            sha256: self.doc.sha256.clone(),
            bytes: self.doc.bytes,
            replaced: self.doc.replaced,
            title: self.doc.title.clone().or_else(|| self.found.title.clone()),
            outlet: self
                .doc
                .outlet
                .clone()
                .or_else(|| self.found.outlet.clone()),
            format: self.doc.format,
            url: self.doc.url.clone(),
            published: self.doc.published.clone(),
        }
    }
}

/// Per body word (`body` indexes `words`): true when only white space and punctuation stand
/// between it and the start of its line.
fn line_starts(text: &str, words: &[Word], body: &segments::Body) -> Vec<bool> {
    let text = text.as_bytes();
    body.iter()
        .map(|w| {
            let start = words.get(w).map_or(0, |w| w.start as usize);
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
