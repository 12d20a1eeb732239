//! Passage lists derived from a comparison: what only one side says, what moved, which words are
//! spelling variants. Shared by the window's summary panel and the reports.

use crate::model::{Comparison, Which};

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
pub fn summarize(_c: &Comparison) -> Summary {
    Summary::default()
}
