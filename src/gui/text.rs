//! Bidi-correct text layout with one galley per word.
//!
//! egui shapes text (Arabic joins and ligatures are right) but has no bidi algorithm: a wrapped
//! Arabic paragraph comes out with its end on the first line, and digits or Latin words inside
//! Arabic come out reversed. So each word is shaped on its own, lines are broken in *logical*
//! order by measured widths, and each line is then reordered for display from per-word bidi
//! levels (`unicode-bidi`, rule L2), and placed from the right edge for a right-to-left
//! paragraph. The paragraph direction comes from its first strong character (UAX #9 P2/P3).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::FontsView;
use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2};

pub use crate::bidi_layout::{DocText, NO_SEGMENT, Para, Piece, WordBox, place_paragraph};
use crate::controls;

/// `text` for a plain egui label (banners, pane titles, tooltips): bidi controls, line breaks,
/// tabs, other control characters and U+FFFD as markers ([`controls::visible_line`]), so a file
/// name can neither reorder nor split the line, nor ask the fonts for a glyph they lack.
pub fn visible_label(text: &str) -> String {
    controls::visible_line(text).into_owned()
}

/// Shaped words, cached per (text, font size): widths for line breaking (kept until the
/// pixels-per-point change) and galleys for painting (dropped when egui rebuilds its glyph atlas,
/// since galleys point into it).
#[derive(Default)]
pub struct WordCache {
    sizes: HashMap<u32, SizeCache>,
    pixels_per_point: f32,
    atlas_fill: f32,
    /// The glyph atlas the cached galleys point into, as far as it can be told apart: egui makes
    /// a new one when its text options change (a theme switch changes the colour transfer
    /// function) or its size changes, and the new one may start fuller than the old one was.
    atlas: Option<(egui::epaint::text::TextOptions, [usize; 2])>,
    /// Laid-out small paragraphs (titles, summary entries), by hash of (text, size, width).
    paragraphs: HashMap<u64, CachedParagraph>,
    frame: u64,
}

struct CachedParagraph {
    text: String,
    placed: Arc<[PlacedWord]>,
    size: Vec2,
    last_used: u64,
}

#[derive(Default)]
struct SizeCache {
    widths: HashMap<String, f32>,
    galleys: HashMap<String, Arc<Galley>>,
}

impl WordCache {
    /// Call once per frame before using the cache: drops what a new scale or a rebuilt glyph
    /// atlas made stale. Returns true when widths were dropped (layouts must be recomputed).
    pub fn begin_frame(&mut self, ctx: &egui::Context) -> bool {
        let ppp = ctx.pixels_per_point();
        let (fill, atlas) = ctx.fonts(|f| {
            (
                f.font_atlas_fill_ratio(),
                (*f.options(), f.font_image_size()),
            )
        });
        let new_atlas = self.atlas.replace(atlas).is_some_and(|old| old != atlas);
        let mut widths_dropped = false;
        if ppp != self.pixels_per_point {
            self.sizes.clear();
            self.paragraphs.clear();
            self.pixels_per_point = ppp;
            widths_dropped = true;
        } else if new_atlas || fill < self.atlas_fill {
            for size in self.sizes.values_mut() {
                size.galleys.clear();
            }
            self.paragraphs.clear();
        }
        self.atlas_fill = fill;
        // Paragraphs not shown in the last frames are dropped.
        self.frame += 1;
        let frame = self.frame;
        self.paragraphs.retain(|_, p| p.last_used + 2 >= frame);
        widths_dropped
    }

    fn size_cache(&mut self, font_size: f32) -> &mut SizeCache {
        self.sizes.entry(font_size.to_bits()).or_default()
    }

    /// The width of `word` at `font_size`.
    pub fn width(&mut self, fonts: &mut FontsView<'_>, word: &str, font_size: f32) -> f32 {
        let cache = self.size_cache(font_size);
        if let Some(w) = cache.widths.get(word) {
            return *w;
        }
        let galley = shape(fonts, word, font_size);
        let w = galley.size().x;
        cache.widths.insert(word.to_owned(), w);
        cache.galleys.insert(word.to_owned(), galley);
        w
    }

    /// The shaped galley of `word` at `font_size` (colour: [`Color32::PLACEHOLDER`]).
    pub fn galley(&mut self, fonts: &mut FontsView<'_>, word: &str, font_size: f32) -> Arc<Galley> {
        let cache = self.size_cache(font_size);
        if let Some(g) = cache.galleys.get(word) {
            return Arc::clone(g);
        }
        let galley = shape(fonts, word, font_size);
        cache.galleys.insert(word.to_owned(), Arc::clone(&galley));
        galley
    }

    /// A laid-out plain paragraph (see [`layout_plain_paragraph`]), cached while it is shown.
    pub fn plain_paragraph(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        font_size: f32,
        max_width: f32,
    ) -> (Arc<[PlacedWord]>, Vec2) {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (text, font_size.to_bits(), max_width.to_bits()).hash(&mut hasher);
        let key = hasher.finish();
        let frame = self.frame;
        if let Some(p) = self.paragraphs.get_mut(&key)
            && p.text == text
        {
            p.last_used = frame;
            return (Arc::clone(&p.placed), p.size);
        }
        let (placed, size) = layout_plain_paragraph(ctx, self, text, font_size, max_width);
        let placed: Arc<[PlacedWord]> = placed.into();
        self.paragraphs.insert(
            key,
            CachedParagraph {
                text: text.to_owned(),
                placed: Arc::clone(&placed),
                size,
                last_used: frame,
            },
        );
        (placed, size)
    }

    /// Number of cached galleys (for tests and the benchmark).
    pub fn galley_count(&self) -> usize {
        self.sizes.values().map(|s| s.galleys.len()).sum()
    }
}

fn shape(fonts: &mut FontsView<'_>, word: &str, font_size: f32) -> Arc<Galley> {
    fonts.layout_no_wrap(
        word.to_owned(),
        FontId::proportional(font_size),
        Color32::PLACEHOLDER,
    )
}

/// Line metrics for a font size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Height of one line.
    pub row_height: f32,
    /// Width of a space.
    pub space: f32,
}

impl Metrics {
    /// Metrics of the proportional font at `font_size`.
    pub fn new(fonts: &mut FontsView<'_>, font_size: f32) -> Self {
        let font = FontId::proportional(font_size);
        Self {
            row_height: fonts.row_height(&font),
            space: fonts.glyph_width(&font, ' '),
        }
    }
}

/// A word placed for display, for painting and tests.
#[derive(Clone, Debug)]
pub struct PlacedWord {
    /// The word.
    pub text: String,
    /// Its byte range in the laid-out text.
    pub range: Range<usize>,
    /// Its rectangle, relative to the paragraph's top-left corner.
    pub rect: Rect,
    /// Its galley.
    pub galley: Arc<Galley>,
}

/// Lays out one paragraph of plain text (no segments) at `max_width`: for small texts such as
/// titles and summary entries, and for tests of the bidi layout. Words are relative to the
/// paragraph's top-left corner; returns them with the paragraph's size.
pub fn layout_plain_paragraph(
    ctx: &egui::Context,
    words: &mut WordCache,
    text: &str,
    font_size: f32,
    max_width: f32,
) -> (Vec<PlacedWord>, Vec2) {
    let doc = DocText::new(text, &[]);
    ctx.fonts_mut(|fonts| {
        let metrics = Metrics::new(fonts, font_size);
        let mut out = Vec::new();
        let mut y = 0.0;
        let mut width: f32 = 0.0;
        for para in &doc.paras {
            let Some(pieces) = doc.pieces.get(para.pieces.clone()) else {
                continue;
            };
            let galleys: Vec<Arc<Galley>> = pieces
                .iter()
                .map(|p| words.galley(fonts, &p.display(text), font_size))
                .collect();
            let boxes: Vec<WordBox> = pieces
                .iter()
                .zip(&galleys)
                .map(|(p, g)| WordBox::of(p, g.size().x))
                .collect();
            let mut xs = vec![0.0; boxes.len()];
            let mut lines = vec![0; boxes.len()];
            let n = place_paragraph(
                &boxes,
                max_width,
                metrics.space,
                para.rtl,
                &mut xs,
                &mut lines,
            );
            for (((p, g), x), l) in pieces.iter().zip(galleys).zip(xs).zip(lines) {
                let min = Pos2::new(x, y + l as f32 * metrics.row_height);
                let rect = Rect::from_min_size(min, Vec2::new(g.size().x, metrics.row_height));
                width = width.max(rect.max.x);
                out.push(PlacedWord {
                    text: text.get(p.range()).unwrap_or("").to_owned(),
                    range: p.range(),
                    rect,
                    galley: g,
                });
            }
            y += n as f32 * metrics.row_height;
        }
        // A right-to-left paragraph is aligned to the right edge, so it fills the width.
        let width = if doc.paras.iter().any(|p| p.rtl) {
            max_width.max(width)
        } else {
            width
        };
        (out, Vec2::new(width, y))
    })
}

/// Shows `text` as bidi-correct wrapped paragraphs in the available width; returns the
/// allocated response (hover it for the whole text).
pub fn bidi_text_ui(
    ui: &mut egui::Ui,
    words: &mut WordCache,
    text: &str,
    font_size: f32,
    color: Color32,
    sense: egui::Sense,
) -> egui::Response {
    bidi_text_colored_ui(ui, words, text, font_size, |_| color, sense)
}

/// [`bidi_text_ui`] with a colour per word: `color_of` gets each word piece's byte range in
/// `text` (the summary dims the shared words inside an "only in" passage this way).
pub fn bidi_text_colored_ui(
    ui: &mut egui::Ui,
    words: &mut WordCache,
    text: &str,
    font_size: f32,
    color_of: impl Fn(Range<usize>) -> Color32,
    sense: egui::Sense,
) -> egui::Response {
    let max_width = ui.available_width().max(20.0);
    let (placed, size) = words.plain_paragraph(ui.ctx(), text, font_size, max_width);
    let (rect, response) = ui.allocate_exact_size(size, sense);
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        for word in placed.iter() {
            painter.galley(
                rect.min + word.rect.min.to_vec2(),
                Arc::clone(&word.galley),
                color_of(word.range.clone()),
            );
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_show_controls_and_replacement_characters_as_markers() {
        assert_eq!(
            visible_label("invoice\u{202E}txt.exe\nx\u{FFFD}"),
            "invoice⟦RLO⟧txt.exe⟦LF⟧x⟦?⟧"
        );
        let text = "الرئ\u{FFFD}س قال";
        let shown: Vec<String> = DocText::new(text, &[])
            .pieces
            .iter()
            .map(|p| p.display(text).into_owned())
            .collect();
        assert!(shown.contains(&"⟦?⟧".to_owned()), "{shown:?}");
        assert!(shown.iter().all(|p| !p.contains('\u{FFFD}')), "{shown:?}");
    }
}
