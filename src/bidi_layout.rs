//! The window's bidi line layout without the window: a text split into paragraphs and pieces
//! with their UAX #9 levels ([`DocText`]), and lines broken in logical order by measured widths,
//! then reordered for display ([`place_paragraph`]). Knows nothing of fonts or egui: the caller
//! measures each piece (egui galleys in the window, shaped glyph runs in the PDF report) and
//! draws it where this module places it.
//!
//! Why it is needed: egui and PDF drawing have no bidi algorithm, so a wrapped Arabic paragraph
//! would come out with its end on the first line, and digits or Latin words inside Arabic
//! reversed. Each word is measured on its own, lines are broken in *logical* order, each line
//! is reordered from per-word bidi levels (`unicode-bidi`, rule L2), and a right-to-left
//! paragraph is placed from the right edge. The paragraph direction comes from its first strong
//! character (UAX #9 P2/P3).

use std::borrow::Cow;
use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level};

use crate::controls::{self, is_bidi_control};
use crate::model::Segment;
/// `Piece::seg` of text that no segment covers.
pub const NO_SEGMENT: u32 = u32::MAX;

/// The smallest unit laid out: a whitespace-delimited word, or the part of one that falls in a
/// single segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset in the side's text (inclusive).
    pub start: u32,
    /// Byte offset in the side's text (exclusive).
    pub end: u32,
    /// Index of the segment this piece belongs to, or [`NO_SEGMENT`].
    pub seg: u32,
    /// Resolved bidi embedding level (even: left to right, odd: right to left).
    pub level: u8,
    /// True when the next piece continues the same word (no space, no line break between).
    pub glue: bool,
    /// Shown mirrored (a bracket in right-to-left text).
    pub mirror: bool,
    /// Resolved bidi level of the white space after the piece (the last piece of a word): a
    /// space takes part in reordering like any character, so `+966 11 123` in Arabic shows its
    /// numbers right to left, each left to right, as UAX #9 and browsers place them.
    pub space_level: u8,
}

impl Piece {
    /// The byte range in the side's text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text to shape: the piece's text, its mirrored bracket, or the visible marker of a
    /// bidi control character.
    pub fn display<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let own = text.get(self.range()).unwrap_or("");
        if let Some(marker) = bidi_control_marker(own) {
            return Cow::Owned(marker);
        }
        if self.mirror {
            let mut chars = own.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Some(m) = mirrored(c)
            {
                return Cow::Owned(m.to_string());
            }
        }
        Cow::Borrowed(own)
    }
}

/// A paragraph: a non-blank line of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Para {
    /// Index range into [`DocText::pieces`].
    pub pieces: Range<usize>,
    /// Right-to-left paragraph (its first strong character is right-to-left).
    pub rtl: bool,
}

/// A side's text split into paragraphs and pieces, with bidi levels. Independent of fonts and
/// width, so it is computed once per comparison (off the UI thread).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocText {
    /// All pieces in logical order.
    pub pieces: Vec<Piece>,
    /// All paragraphs in order.
    pub paras: Vec<Para>,
    /// For each segment, the index of its first piece (or of the next piece when it has none).
    pub seg_first_piece: Vec<usize>,
}

impl DocText {
    /// Splits `text` into paragraphs (lines) and pieces; `segments` tile `text` (may be empty).
    pub fn new(text: &str, segments: &[Segment]) -> Self {
        let mut doc = Self::default();
        let mut line_start = 0;
        for line in text.split('\n') {
            let line_range = line_start..line_start + line.len();
            line_start = line_range.end + 1;
            if line.trim().is_empty() {
                continue;
            }
            doc.push_paragraph(text, line_range, segments);
        }
        doc.seg_first_piece = vec![doc.pieces.len(); segments.len()];
        for (i, piece) in doc.pieces.iter().enumerate().rev() {
            if let Some(slot) = doc.seg_first_piece.get_mut(piece.seg as usize) {
                *slot = i;
            }
        }
        // Segments without pieces (only whitespace) point at the next piece.
        let mut next = doc.pieces.len();
        for slot in doc.seg_first_piece.iter_mut().rev() {
            if *slot == doc.pieces.len() {
                *slot = next;
            } else {
                next = *slot;
            }
        }
        doc
    }

    fn push_paragraph(&mut self, text: &str, line: Range<usize>, segments: &[Segment]) {
        let Some(line_text) = text.get(line.clone()) else {
            return;
        };
        // Bidi controls from the article are shown, never obeyed: levels come from a copy in
        // which each is a neutral character of the same UTF-8 length, so an override (Trojan
        // Source) cannot reorder its neighbours, and byte offsets stay the same.
        let neutral = neutralize_bidi_controls(line_text);
        let info = BidiInfo::new(&neutral, None);
        let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
        let first_piece = self.pieces.len();
        for word in words(line_text) {
            let first_of_word = self.pieces.len();
            for run in direction_runs(line_text, &info, word.clone()) {
                let abs = run.range.start + line.start..run.range.end + line.start;
                for part in shaping_units(text, abs) {
                    let first = self.pieces.len();
                    push_pieces(&mut self.pieces, part, run.level, segments);
                    for piece in self.pieces.iter_mut().skip(first) {
                        piece.mirror = run.mirror;
                    }
                }
            }
            // The pieces of one word stay together: no break and no space between them.
            let end = self.pieces.len();
            let space_level = info
                .levels
                .get(word.end)
                .map_or(u8::from(rtl), |l| l.number());
            for (k, piece) in self.pieces.iter_mut().enumerate().skip(first_of_word) {
                piece.glue = k + 1 < end;
                piece.space_level = space_level;
            }
            if let Some(word_pieces) = self.pieces.get_mut(first_of_word..) {
                adopt_leading_marks(text, word_pieces, word.start + line.start, segments);
            }
        }
        if self.pieces.len() > first_piece {
            self.paras.push(Para {
                pieces: first_piece..self.pieces.len(),
                rtl,
            });
        }
    }
}

/// Splits a direction run into the units egui may shape in one galley. A number run holding
/// Arabic-script characters (Arabic-Indic digits ٠–٩, Extended ۰–۹, the separators ٫ ٬) is split
/// into single characters: egui shapes each galley in the direction of its script, so `٢٠٢٥` in
/// one galley would come out reversed; as separate pieces at one bidi level the line reorder
/// places them left to right, as UAX #9 says numbers are. Any other run is one unit.
fn shaping_units(text: &str, run: Range<usize>) -> Vec<Range<usize>> {
    let Some(run_text) = text.get(run.clone()) else {
        return Vec::new();
    };
    let arabic_number = run_text.chars().count() > 1
        && run_text
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        && run_text.chars().all(|c| {
            matches!(
                unicode_bidi::bidi_class(c),
                BidiClass::AN | BidiClass::EN | BidiClass::NSM | BidiClass::BN
            )
        });
    if !arabic_number {
        return vec![run];
    }
    run_text
        .char_indices()
        .map(|(o, c)| run.start + o..run.start + o + c.len_utf8())
        .collect()
}

/// Gives the leading punctuation of a word (an opening bracket or quote, which the comparison
/// leaves at the end of the previous word's segment) the segment of the word's first letters,
/// so the word is marked, highlighted and hovered as one. A punctuation mark with a segment of
/// its own (compared as a token) keeps it.
fn adopt_leading_marks(text: &str, word: &mut [Piece], word_start: usize, segments: &[Segment]) {
    let is_mark = |p: &Piece| {
        text.get(p.range())
            .is_some_and(|t| !t.chars().any(char::is_alphanumeric))
    };
    let Some(main) = word.iter().find(|p| !is_mark(p)).map(|p| p.seg) else {
        return;
    };
    for piece in word.iter_mut().take_while(|p| is_mark(p)) {
        let carried_over = segments
            .get(piece.seg as usize)
            .is_some_and(|s| s.start < word_start);
        if carried_over || piece.seg == NO_SEGMENT {
            piece.seg = main;
        }
    }
}

/// `line` with each bidi control character replaced by a neutral (class ON) character of the
/// same UTF-8 length: U+2022 for the three-byte controls, U+00A6 for U+061C.
fn neutralize_bidi_controls(line: &str) -> Cow<'_, str> {
    if !line.chars().any(is_bidi_control) {
        return Cow::Borrowed(line);
    }
    line.chars()
        .map(|c| match (is_bidi_control(c), c.len_utf8()) {
            (true, 2) => '\u{00A6}',
            (true, _) => '\u{2022}',
            (false, _) => c,
        })
        .collect()
}

/// The visible marker drawn for a character that must not be drawn as itself: a bidi control
/// (`⟦RLO⟧`: it would be invisible and must not reorder anything), another control character,
/// or U+FFFD, which the loader puts where bytes were corrupt (`⟦?⟧`). One table and one style
/// for the window, the reports and error lines ([`crate::controls`]); the bundled fonts have
/// the brackets.
fn marker(c: char) -> Option<String> {
    controls::marker(c).map(std::borrow::Cow::into_owned)
}

/// The marker for a piece that is one such character (they are pieces of their own: both are
/// neutral, and every neutral character is its own direction run).
fn bidi_control_marker(piece: &str) -> Option<String> {
    let mut chars = piece.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    marker(c)
}

/// Byte ranges of the whitespace-separated words of `text`.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            match chars.next() {
                Some((i, c)) if c.is_whitespace() => {
                    if let Some(s) = start.take() {
                        return Some(s..i);
                    }
                }
                Some((i, _)) => {
                    if start.is_none() {
                        start = Some(i);
                    }
                }
                None => return start.take().map(|s| s..text.len()),
            }
        }
    })
}

/// A stretch of a word with one direction: a run of right-to-left letters, of left-to-right
/// letters, of digits, or a single neutral character (quote, bracket, comma).
struct DirectionRun {
    range: Range<usize>,
    level: u8,
    mirror: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RunKind {
    Rtl,
    Ltr,
    Number,
    Neutral,
}

/// Splits a word into direction runs, each with its resolved bidi level, so that egui (which
/// places a galley's font runs left to right) never has to order mixed-direction text itself:
/// a quote mark before an Arabic word then lands on its right, and a bracket is mirrored.
fn direction_runs(line: &str, info: &BidiInfo<'_>, word: Range<usize>) -> Vec<DirectionRun> {
    let mut runs: Vec<DirectionRun> = Vec::new();
    let mut current: Option<(RunKind, usize)> = None;
    let level_at = |i: usize| info.levels.get(i).map_or(0, |l| l.number());
    let Some(word_text) = line.get(word.clone()) else {
        return runs;
    };
    let close = |runs: &mut Vec<DirectionRun>, start: usize, end: usize, mirror: bool| {
        if end > start {
            runs.push(DirectionRun {
                range: start..end,
                level: level_at(start),
                mirror,
            });
        }
    };
    for offset in word_text.char_indices().map(|(o, _)| o) {
        let i = word.start + offset;
        let kind = match info.original_classes.get(i) {
            Some(BidiClass::R | BidiClass::AL) => Some(RunKind::Rtl),
            Some(BidiClass::L) => Some(RunKind::Ltr),
            Some(BidiClass::EN | BidiClass::AN) => Some(RunKind::Number),
            // Combining marks and joiners stay with what precedes them, unless that is a
            // character drawn as a marker (`⟦RLO⟧`), which stays a piece of its own.
            Some(BidiClass::NSM | BidiClass::BN)
                if current.is_some_and(|(_, start)| !is_marker_at(line, start)) =>
            {
                None
            }
            _ => Some(RunKind::Neutral),
        };
        let Some(kind) = kind else {
            continue;
        };
        match current {
            Some((k, _)) if k == kind && kind != RunKind::Neutral => {}
            Some((k, start)) => {
                let mirror = k == RunKind::Neutral && needs_mirror(line, start, level_at(start));
                close(&mut runs, start, i, mirror);
                current = Some((kind, i));
            }
            None => current = Some((kind, i)),
        }
    }
    if let Some((k, start)) = current {
        let mirror = k == RunKind::Neutral && needs_mirror(line, start, level_at(start));
        close(&mut runs, start, word.end, mirror);
    }
    runs
}

/// True when the character at byte `at` of `line` is drawn as a marker (see [`marker`]).
fn is_marker_at(line: &str, at: usize) -> bool {
    line.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| marker(c).is_some())
}

fn needs_mirror(line: &str, at: usize, level: u8) -> bool {
    level % 2 == 1
        && line
            .get(at..)
            .and_then(|s| s.chars().next())
            .and_then(mirrored)
            .is_some()
}

/// The mirrored form of a character with the Bidi_Mirrored property (Unicode's
/// BidiMirroring.txt: brackets, guillemets, comparison signs…), drawn in right-to-left runs
/// (rule L4).
fn mirrored(c: char) -> Option<char> {
    unicode_bidi_mirroring::get_mirrored(c)
}

/// Splits one word at segment boundaries into pieces.
fn push_pieces(out: &mut Vec<Piece>, word: Range<usize>, level: u8, segments: &[Segment]) {
    let mut start = word.start;
    // First segment whose end is past `start`.
    let mut k = segments.partition_point(|s| s.end <= start);
    while start < word.end {
        let (seg, end) = match segments.get(k) {
            Some(s) if s.start <= start => (k as u32, s.end.min(word.end)),
            Some(s) => (NO_SEGMENT, s.start.min(word.end)),
            None => (NO_SEGMENT, word.end),
        };
        let end = if end <= start { word.end } else { end };
        out.push(Piece {
            start: start as u32,
            end: end as u32,
            seg,
            level,
            glue: end < word.end,
            mirror: false,
            space_level: level,
        });
        start = end;
        if seg != NO_SEGMENT {
            k += 1;
        }
    }
}

/// One word to place: its measured width, bidi level and whether the next word is glued to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WordBox {
    /// Width in points.
    pub width: f32,
    /// Bidi level.
    pub level: u8,
    /// No space or break between this word and the next.
    pub glue: bool,
    /// Bidi level of the space after it (when not glued).
    pub space_level: u8,
}

impl WordBox {
    /// The box of `piece`, `width` points wide.
    pub fn of(piece: &Piece, width: f32) -> Self {
        Self {
            width,
            level: piece.level,
            glue: piece.glue,
            space_level: piece.space_level,
        }
    }
}

/// Breaks `words` (one paragraph, logical order) into lines no wider than `max_width`, reorders
/// each line for display and writes each word's left x (relative to the paragraph's left edge)
/// and line number. Right-to-left paragraphs are aligned to the right edge. Returns the number
/// of lines.
pub fn place_paragraph(
    words: &[WordBox],
    max_width: f32,
    space: f32,
    rtl: bool,
    x: &mut [f32],
    line: &mut [u32],
) -> u32 {
    let mut lines = 0;
    let mut line_start = 0;
    let mut line_width = 0.0;
    let mut i = 0;
    while i < words.len() {
        // A group: words glued together, never split.
        let mut j = i;
        let mut group_width = words.get(i).map_or(0.0, |w| w.width);
        while words.get(j).is_some_and(|w| w.glue) && j + 1 < words.len() {
            j += 1;
            group_width += words.get(j).map_or(0.0, |w| w.width);
        }
        if i > line_start && line_width + space + group_width > max_width {
            place_line(words, line_start..i, lines, max_width, space, rtl, x, line);
            lines += 1;
            line_start = i;
            line_width = group_width;
        } else {
            line_width += if i > line_start { space } else { 0.0 } + group_width;
        }
        i = j + 1;
    }
    if line_start < words.len() {
        place_line(
            words,
            line_start..words.len(),
            lines,
            max_width,
            space,
            rtl,
            x,
            line,
        );
        lines += 1;
    }
    lines
}

#[expect(
    clippy::too_many_arguments,
    reason = "one line of the paragraph: its words, where it goes, and the output slices"
)]
fn place_line(
    words: &[WordBox],
    range: Range<usize>,
    line_no: u32,
    max_width: f32,
    space: f32,
    rtl: bool,
    x: &mut [f32],
    line: &mut [u32],
) {
    let Some(line_words) = words.get(range.clone()) else {
        return;
    };
    // The line as UAX #9 reorders it: its words and the spaces between them, each with its own
    // level (rule L1 puts no space after the last word: the break takes it). Pieces of one word
    // are glued and have no space between them, whatever order they come out in.
    enum Item {
        Word(usize),
        Space,
    }
    let mut items = Vec::with_capacity(line_words.len() * 2);
    let mut levels = Vec::with_capacity(line_words.len() * 2);
    for (k, w) in line_words.iter().enumerate() {
        items.push(Item::Word(k));
        levels.push(Level::from(w.level));
        if !w.glue && k + 1 < line_words.len() {
            items.push(Item::Space);
            levels.push(Level::from(w.space_level));
        }
    }
    let order = BidiInfo::reorder_visual(&levels);
    let mut cursor = 0.0;
    let mut xs = vec![0.0; line_words.len()];
    for &logical in &order {
        match items.get(logical) {
            Some(Item::Word(k)) => {
                if let Some(slot) = xs.get_mut(*k) {
                    *slot = cursor;
                }
                cursor += line_words.get(*k).map_or(0.0, |w| w.width);
            }
            Some(Item::Space) => cursor += space,
            None => {}
        }
    }
    let shift = if rtl {
        (max_width - cursor).max(0.0)
    } else {
        0.0
    };
    for (k, xi) in xs.into_iter().enumerate() {
        if let Some(slot) = x.get_mut(range.start + k) {
            *slot = xi + shift;
        }
        if let Some(slot) = line.get_mut(range.start + k) {
            *slot = line_no;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(String, u8)> {
        let doc = DocText::new(text, &[]);
        doc.pieces
            .iter()
            .map(|p| (p.display(text).into_owned(), p.level))
            .collect()
    }

    /// Trojan Source: an override must not reorder its neighbours, and must be seen.
    #[test]
    fn bidi_overrides_are_shown_and_not_obeyed() {
        let plain = shown("access admin user guest");
        let attacked = shown("access \u{202E}admin user\u{202C} guest");
        let words: Vec<&(String, u8)> = attacked
            .iter()
            .filter(|(t, _)| !t.starts_with('⟦'))
            .collect();
        let expected: Vec<&(String, u8)> = plain.iter().collect();
        assert_eq!(words, expected, "same words, same (left-to-right) levels");
        let markers: Vec<&str> = attacked
            .iter()
            .filter(|(t, _)| t.starts_with('⟦'))
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(markers, ["⟦RLO⟧", "⟦PDF⟧"]);
    }

    /// Found by the layout fuzz target: a NUL (bidi class BN) after an override joined its piece,
    /// so the override was no longer a piece of its own and was drawn raw.
    #[test]
    fn a_joiner_after_a_bidi_control_does_not_hide_it() {
        for text in ["\u{202E}\0", "x \u{202E}\u{200D}y", "\u{FFFD}\u{0301}"] {
            let shown = shown(text);
            assert!(
                shown
                    .iter()
                    .all(|(t, _)| !t.chars().any(|c| is_bidi_control(c) || c == '\u{FFFD}')),
                "{text:?}: {shown:?}"
            );
            assert!(
                shown.iter().any(|(t, _)| t.starts_with('⟦')),
                "{text:?}: {shown:?}"
            );
        }
    }

    /// Found by the layout fuzz target: in an RTL line, reordering split a word that mixes
    /// directions, adding visual gaps the line breaker had not counted, so the line overflowed.
    #[test]
    fn a_word_split_by_reordering_still_fits_its_line() {
        let text = "الرئيس onload=\"x()\"بينغ onload=\"x()\"";
        let doc = DocText::new(text, &[]);
        let para = &doc.paras[0];
        assert!(para.rtl);
        let pieces = &doc.pieces[para.pieces.clone()];
        let boxes: Vec<WordBox> = pieces
            .iter()
            .map(|p| WordBox::of(p, 41.0 * p.display(text).chars().count() as f32))
            .collect();
        let (mut x, mut line) = (vec![0.0; boxes.len()], vec![0; boxes.len()]);
        let lines = place_paragraph(&boxes, 1866.0, 141.0, true, &mut x, &mut line);
        assert_eq!(lines, 1);
        for (k, b) in boxes.iter().enumerate() {
            assert!(
                x[k] >= 0.0 && x[k] + b.width <= 1866.0 + 0.01,
                "piece {k} at {}",
                x[k]
            );
        }
    }

    #[test]
    fn isolates_and_marks_in_arabic_are_visible_markers() {
        let text = "قال \u{2067}بوتين\u{2069} في \u{200F}2024 \u{061C}نعم";
        let doc = DocText::new(text, &[]);
        assert!(doc.paras[0].rtl);
        let markers: Vec<String> = doc
            .pieces
            .iter()
            .map(|p| p.display(text).into_owned())
            .filter(|t| t.starts_with('⟦'))
            .collect();
        assert_eq!(markers, ["⟦RLI⟧", "⟦PDI⟧", "⟦RLM⟧", "⟦ALM⟧"]);
        assert_eq!(neutralize_bidi_controls(text).len(), text.len());
    }
}
