//! The overview strips: beside each pane, a narrow strip the pane's height shows the whole
//! article, with one mark per unique run, moved passage, variant and find hit at its relative
//! place, each in its kind's colour and with a shape that tells it without colour (as the
//! legend's: unique a solid bar across the strip, moved two dashes at its edges, variant a
//! narrow bar in the middle, a find hit a pointer from the text's side). The part of the
//! article in view is outlined. Clicking or dragging scrolls the pane there; hovering a mark
//! names it ("Only in B, 45 words").
//!
//! Marks are kept in document coordinates and recomputed only when the pane's layout or the
//! comparison change; each frame maps them to the strip and merges those that fall on the same
//! pixel rows, so a long article costs at most a few shapes per row.

use egui::{Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use crate::engine::find::Hit;
use crate::model::{SegmentKind, Which};

use super::analysis::Analyzed;
use super::doc_layout::LayoutKey;
use super::marks::Palette;
use super::pane::{PaneView, ScrollRequest};

/// Width of a strip, in points.
pub const OVERVIEW_WIDTH: f32 = 16.0;

/// Smallest height a mark is drawn with, in points, so a one-word mark stays visible.
const MIN_MARK_HEIGHT: f32 = 2.0;

/// What a strip mark stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StripKind {
    /// A run of text only on this side.
    Unique,
    /// A moved passage (its move id).
    Moved(u32),
    /// A spelling variant in reading order.
    Variant,
    /// A find hit (its index on this side).
    Hit(usize),
}

/// One mark, in document coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StripMark {
    /// What it is.
    pub kind: StripKind,
    /// Top of its first line.
    pub top: f32,
    /// Bottom of its last line.
    pub bottom: f32,
    /// Words it holds.
    pub words: usize,
}

impl StripMark {
    /// What hovering the mark says.
    pub fn describe(&self, which: Which, hits: usize) -> String {
        let words = |n: usize| {
            if n == 1 {
                "1 word".to_owned()
            } else {
                format!("{n} words")
            }
        };
        match self.kind {
            StripKind::Unique => format!("Only in {}, {}", which.label(), words(self.words)),
            StripKind::Moved(id) => format!("Moved passage M{id}, {}", words(self.words)),
            StripKind::Variant => format!("Variant spelling, {}", words(self.words)),
            StripKind::Hit(i) => format!("Find hit {} of {hits} in {}", i + 1, which.label()),
        }
    }
}

/// A strip's cached marks.
#[derive(Default)]
pub struct Overview {
    marks: Option<(LayoutKey, Vec<StripMark>)>,
}

impl Overview {
    /// The comparison's marks on `which` (unique runs, variants, moved passages), for the
    /// pane's current layout.
    fn marks(&mut self, analyzed: &Analyzed, which: Which, view: &PaneView) -> &[StripMark] {
        let Some(key) = view.layout_key() else {
            return &[];
        };
        if self.marks.as_ref().is_none_or(|(k, _)| *k != key) {
            self.marks = Some((key, comparison_marks(analyzed, which, view)));
        }
        self.marks.as_ref().map_or(&[], |(_, m)| m.as_slice())
    }
}

fn comparison_marks(analyzed: &Analyzed, which: Which, view: &PaneView) -> Vec<StripMark> {
    let Some(layout) = view.layout() else {
        return Vec::new();
    };
    let side = analyzed.comparison.side(which);
    let mut out = Vec::new();
    for (k, s) in side.segments.iter().enumerate() {
        let kind = match s.kind {
            SegmentKind::Unique => StripKind::Unique,
            SegmentKind::Variant if !s.moved => StripKind::Variant,
            _ => continue,
        };
        out.push(StripMark {
            kind,
            top: layout.top_of(k),
            bottom: layout.bottom_of(k),
            words: s.words,
        });
    }
    for group in &analyzed.moves {
        let range = match which {
            Which::A => group.a.clone(),
            Which::B => group.b.clone(),
        };
        let words = side
            .segments
            .get(range.clone())
            .map_or(0, |segs| segs.iter().map(|s| s.words).sum());
        out.push(StripMark {
            kind: StripKind::Moved(group.id),
            top: layout.top_of(range.start),
            bottom: layout.bottom_of(range.end.saturating_sub(1)),
            words,
        });
    }
    out
}

/// What a strip needs besides the pane.
pub struct OverviewInput<'a> {
    /// The comparison on screen.
    pub analyzed: &'a Analyzed,
    /// The side.
    pub which: Which,
    /// Find hits on this side.
    pub hits: &'a [Hit],
    /// The current hit on this side.
    pub current_hit: Option<usize>,
    /// Colours.
    pub palette: Palette,
}

/// Draws the strip in `rect` (its height is the pane's) and handles hover, click and drag; a
/// click or drag asks the pane to scroll there (followed by a linked pane).
pub fn overview_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    overview: &mut Overview,
    view: &mut PaneView,
    input: &OverviewInput<'_>,
) {
    let id = egui::Id::unique("tabayun-overview").with(input.which.label());
    let response = ui.interact(rect, id, Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ScrollBar,
            true,
            format!("Overview of {}", input.which.label()),
        )
    });
    let Some(total) = view.layout().map(|l| l.total_height.max(1.0)) else {
        return;
    };
    let painter = ui.painter_at(rect);
    let palette = &input.palette;
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let to_strip = |y: f32| rect.top() + (y / total).clamp(0.0, 1.0) * rect.height();
    let span = |m: &StripMark| {
        let (y0, y1) = (to_strip(m.top), to_strip(m.bottom));
        (y0, y1.max(y0 + MIN_MARK_HEIGHT).min(rect.bottom()))
    };

    let marks = overview.marks(input.analyzed, input.which, view).to_vec();
    let hit_marks = hit_marks(input, view);
    let (w, x0) = (rect.width(), rect.left());
    // Columns: unique across; moved two dashes at the edges; variant a narrow middle bar.
    for (pick, columns, color) in [
        (
            StripKind::Unique,
            vec![(0.0, 1.0)],
            palette.unique.1.gamma_multiply(0.85),
        ),
        (
            StripKind::Moved(0),
            vec![(0.0, 0.3), (0.7, 1.0)],
            palette.moved.1,
        ),
        (StripKind::Variant, vec![(0.38, 0.62)], palette.variant.1),
    ] {
        let same = |k: StripKind| std::mem::discriminant(&k) == std::mem::discriminant(&pick);
        let runs = merge_runs(marks.iter().filter(|m| same(m.kind)).map(span));
        for (y0, y1) in runs {
            for &(c0, c1) in &columns {
                let r = Rect::from_x_y_ranges(x0 + c0 * w + 1.0..=x0 + c1 * w - 1.0, y0..=y1);
                painter.rect_filled(r, 0.0, color);
            }
        }
    }
    // Find hits: a pointer from the text's side of the strip (A's strip is left of A).
    let toward_text = if input.which == Which::A { 1.0 } else { -1.0 };
    let tip_x = if input.which == Which::A {
        rect.right() - 1.0
    } else {
        rect.left() + 1.0
    };
    for (y0, y1) in merge_runs(hit_marks.iter().map(span)) {
        let y = (y0 + y1) / 2.0;
        let back = tip_x - toward_text * (w - 4.0);
        painter.add(egui::Shape::convex_polygon(
            vec![
                Pos2::new(tip_x, y),
                Pos2::new(back, y - 4.0),
                Pos2::new(back, y + 4.0),
            ],
            palette.find,
            Stroke::NONE,
        ));
    }
    if let Some(m) = input
        .current_hit
        .and_then(|c| hit_marks.iter().find(|m| m.kind == StripKind::Hit(c)))
    {
        let (y0, y1) = span(m);
        let r = Rect::from_x_y_ranges(rect.x_range(), y0 - 3.0..=y1 + 3.0);
        painter.rect_stroke(r, 2.0, Stroke::new(2.0, palette.find), StrokeKind::Inside);
    }
    // The part in view.
    let seen = Rect::from_x_y_ranges(
        rect.x_range(),
        to_strip(view.offset)..=to_strip(view.offset + view.viewport_height),
    );
    painter.rect_filled(seen, 2.0, palette.hover.gamma_multiply(0.08));
    painter.rect_stroke(
        seen,
        2.0,
        Stroke::new(1.5, palette.hover.gamma_multiply(0.7)),
        StrokeKind::Inside,
    );

    if let Some(pos) = response.hover_pos()
        && !response.dragged()
    {
        let near = |m: &&StripMark| {
            let (y0, y1) = span(m);
            pos.y >= y0 - 2.0 && pos.y <= y1 + 2.0
        };
        let under = hit_marks
            .iter()
            .find(near)
            .or_else(|| marks.iter().find(near));
        if let Some(m) = under {
            let text = m.describe(input.which, input.hits.len());
            response
                .clone()
                .on_hover_text_at_pointer(egui::RichText::new(text));
        }
    }
    if (response.clicked() || response.dragged() || response.is_pointer_button_down_on())
        && let Some(pos) = response.interact_pointer_pos()
    {
        let rel = ((pos.y - rect.top()) / rect.height()).clamp(0.0, 1.0);
        let y = rel * total - view.viewport_height / 2.0;
        let max = (total - view.viewport_height).max(0.0);
        let y = y.clamp(0.0, max);
        if (y - view.offset).abs() > 0.5 {
            view.request_scroll_followed(ScrollRequest::Offset(y));
            ui.ctx().request_repaint();
        }
    }
}

/// The find hits as marks, in document coordinates.
fn hit_marks(input: &OverviewInput<'_>, view: &PaneView) -> Vec<StripMark> {
    let doc = input.analyzed.doc(input.which);
    let row = view.layout().map_or(0.0, |l| l.row_height);
    input
        .hits
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let top = view.y_of_byte(doc, h.bytes.start)?;
            Some(StripMark {
                kind: StripKind::Hit(i),
                top,
                bottom: top + row,
                words: h.words.len(),
            })
        })
        .collect()
}

/// Spans sorted and joined where they touch or overlap (within a point).
fn merge_runs(spans: impl Iterator<Item = (f32, f32)>) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = spans.collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (y0, y1) in spans {
        match out.last_mut() {
            Some(last) if y0 <= last.1 + 1.0 => last.1 = last.1.max(y1),
            _ => out.push((y0, y1)),
        }
    }
    out
}

/// The strip's rectangle at the outer edge of a pane's rectangle (left of A, right of B), and
/// what is left for the pane.
pub fn split_pane_rect(pane: Rect, which: Which) -> (Rect, Rect) {
    let gap = 4.0;
    match which {
        Which::A => {
            let strip = Rect::from_min_size(pane.min, Vec2::new(OVERVIEW_WIDTH, pane.height()));
            let rest = Rect::from_x_y_ranges(
                pane.left() + OVERVIEW_WIDTH + gap..=pane.right(),
                pane.y_range(),
            );
            (strip, rest)
        }
        Which::B => {
            let strip =
                Rect::from_x_y_ranges(pane.right() - OVERVIEW_WIDTH..=pane.right(), pane.y_range());
            let rest = Rect::from_x_y_ranges(
                pane.left()..=pane.right() - OVERVIEW_WIDTH - gap,
                pane.y_range(),
            );
            (strip, rest)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_where_they_touch() {
        let runs = merge_runs([(10.0, 12.0), (0.0, 2.0), (12.5, 14.0), (30.0, 31.0)].into_iter());
        assert_eq!(runs, [(0.0, 2.0), (10.0, 14.0), (30.0, 31.0)]);
    }

    #[test]
    fn marks_say_what_they_are() {
        let m = |kind| StripMark {
            kind,
            top: 0.0,
            bottom: 1.0,
            words: 45,
        };
        assert_eq!(
            m(StripKind::Unique).describe(Which::B, 0),
            "Only in B, 45 words"
        );
        assert_eq!(
            m(StripKind::Moved(3)).describe(Which::A, 0),
            "Moved passage M3, 45 words"
        );
        assert_eq!(
            m(StripKind::Hit(1)).describe(Which::A, 7),
            "Find hit 2 of 7 in A"
        );
    }
}
