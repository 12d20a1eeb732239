//! Positions of every piece of one side for the current width and font size. Recomputed only
//! when the width, the font size or the content change; painting then touches only the
//! paragraphs in view (found by binary search on the per-paragraph extents).

use std::ops::Range;

use egui::{Pos2, Rect, Vec2};

use super::text::{DocText, Metrics, WordBox, WordCache, place_paragraph};

/// Space between paragraphs, as a fraction of the line height.
const PARAGRAPH_GAP: f32 = 0.5;

/// What a layout was computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutKey {
    /// Text width (f32 bits).
    pub width: u32,
    /// Font size (f32 bits).
    pub font_size: u32,
    /// Content generation (changes with every new comparison).
    pub generation: u64,
}

/// Laid-out positions of one side's pieces, in document coordinates (top-left of the text
/// column is the origin).
#[derive(Clone, Debug, Default)]
pub struct DocLayout {
    /// Left x of each piece.
    pub x: Vec<f32>,
    /// Top y of each piece's line.
    pub y: Vec<f32>,
    /// Width of each piece.
    pub w: Vec<f32>,
    /// Top of each paragraph.
    pub para_top: Vec<f32>,
    /// Bottom of each paragraph.
    pub para_bottom: Vec<f32>,
    /// Top of the first line of each segment.
    pub seg_top: Vec<f32>,
    /// Bottom of the last line of each segment.
    pub seg_bottom: Vec<f32>,
    /// Line height and space width.
    pub row_height: f32,
    /// Width of a space.
    pub space: f32,
    /// Height of the whole text.
    pub total_height: f32,
}

impl DocLayout {
    /// Lays out all paragraphs of `doc` (words measured through `words`, shaped once each).
    pub fn compute(
        ctx: &egui::Context,
        doc: &DocText,
        text: &str,
        segment_count: usize,
        width: f32,
        font_size: f32,
        words: &mut WordCache,
    ) -> Self {
        let n = doc.pieces.len();
        let mut layout = Self {
            x: vec![0.0; n],
            y: vec![0.0; n],
            w: vec![0.0; n],
            ..Self::default()
        };
        let mut lines = vec![0u32; n];
        ctx.fonts_mut(|fonts| {
            let metrics = Metrics::new(fonts, font_size);
            layout.row_height = metrics.row_height;
            layout.space = metrics.space;
            let mut boxes = Vec::new();
            let mut y = 0.0;
            for para in &doc.paras {
                let range = para.pieces.clone();
                let Some(pieces) = doc.pieces.get(range.clone()) else {
                    continue;
                };
                boxes.clear();
                for (k, p) in pieces.iter().enumerate() {
                    let w = words.width(fonts, &p.display(text), font_size);
                    if let Some(slot) = layout.w.get_mut(range.start + k) {
                        *slot = w;
                    }
                    boxes.push(WordBox::of(p, w));
                }
                let (Some(xs), Some(ls)) = (
                    layout.x.get_mut(range.clone()),
                    lines.get_mut(range.clone()),
                ) else {
                    continue;
                };
                let count = place_paragraph(&boxes, width, metrics.space, para.rtl, xs, ls);
                if let Some(ys) = layout.y.get_mut(range.clone()) {
                    for (yi, line) in ys.iter_mut().zip(ls.iter()) {
                        *yi = y + *line as f32 * metrics.row_height;
                    }
                }
                layout.para_top.push(y);
                y += count as f32 * metrics.row_height;
                layout.para_bottom.push(y);
                y += PARAGRAPH_GAP * metrics.row_height;
            }
            layout.total_height = y;
        });
        layout.segment_extents(doc, segment_count);
        layout
    }

    fn segment_extents(&mut self, doc: &DocText, segment_count: usize) {
        self.seg_top = vec![f32::NAN; segment_count];
        self.seg_bottom = vec![f32::NAN; segment_count];
        for (k, piece) in doc.pieces.iter().enumerate() {
            let s = piece.seg as usize;
            let (Some(top), Some(bottom), Some(&y)) = (
                self.seg_top.get_mut(s),
                self.seg_bottom.get_mut(s),
                self.y.get(k),
            ) else {
                continue;
            };
            if top.is_nan() {
                *top = y;
            }
            *bottom = y + self.row_height;
        }
        // Segments with no piece (whitespace only) take the position of the next one, so the
        // extents stay sorted.
        let mut next = self.total_height;
        for (top, bottom) in self.seg_top.iter_mut().zip(&mut self.seg_bottom).rev() {
            if top.is_nan() {
                *top = next;
                *bottom = next;
            } else {
                next = *top;
            }
        }
    }

    /// The paragraphs that intersect `y0..y1`.
    pub fn visible_paragraphs(&self, y0: f32, y1: f32) -> Range<usize> {
        let first = self.para_bottom.partition_point(|&b| b < y0);
        let end = self.para_top.partition_point(|&t| t <= y1);
        first..end.max(first)
    }

    /// The box of piece `k`.
    pub fn piece_rect(&self, k: usize) -> Rect {
        let x = self.x.get(k).copied().unwrap_or(0.0);
        let y = self.y.get(k).copied().unwrap_or(0.0);
        let w = self.w.get(k).copied().unwrap_or(0.0);
        Rect::from_min_size(Pos2::new(x, y), Vec2::new(w, self.row_height))
    }

    /// The piece under `pos` (document coordinates), in paragraph `para` of `doc`.
    pub fn piece_at(&self, doc: &DocText, pos: Pos2) -> Option<usize> {
        let paras = self.visible_paragraphs(pos.y, pos.y);
        for p in paras {
            let range = doc.paras.get(p)?.pieces.clone();
            for k in range {
                if self
                    .piece_rect(k)
                    .expand2(Vec2::new(self.space / 2.0, 0.0))
                    .contains(pos)
                {
                    return Some(k);
                }
            }
        }
        None
    }

    /// The last segment whose top is at or above `y`.
    pub fn segment_at_y(&self, y: f32) -> Option<usize> {
        let n = self.seg_top.partition_point(|&t| t <= y);
        n.checked_sub(1).or(if self.seg_top.is_empty() {
            None
        } else {
            Some(0)
        })
    }

    /// Top of segment `s` (0 when out of range).
    pub fn top_of(&self, s: usize) -> f32 {
        self.seg_top.get(s).copied().unwrap_or(0.0)
    }

    /// Bottom of segment `s`.
    pub fn bottom_of(&self, s: usize) -> f32 {
        self.seg_bottom.get(s).copied().unwrap_or(0.0)
    }
}
