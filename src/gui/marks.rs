//! How segment kinds look: a tint for colour and an underline style that works without colour
//! (solid for unique, wavy for variant, dashed for moved; boilerplate is dimmed). Colours are
//! chosen per theme. The legend draws its samples with the same code.

use egui::{Color32, Painter, Pos2, Rect, Stroke, Vec2};

use crate::model::{Segment, SegmentKind};

/// What a word shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Same text on the other side, in order.
    Shared,
    /// Shared or variant text out of order.
    Moved,
    /// Spelled differently on the other side.
    Variant,
    /// Only on this side.
    Unique,
    /// Not article body.
    Boilerplate,
}

impl Mark {
    /// All marks, in legend order.
    pub const ALL: [Mark; 5] = [
        Mark::Shared,
        Mark::Moved,
        Mark::Variant,
        Mark::Unique,
        Mark::Boilerplate,
    ];

    /// The main mark of a segment, which sets its tint (`None`: text outside any segment,
    /// shown plain). A moved variant is a [`Mark::Variant`] here, and [`Mark::is_moved`] adds
    /// the moved line to it, so a word can show both.
    pub fn of(segment: Option<&Segment>) -> Self {
        match segment {
            None => Self::Shared,
            Some(s) if s.kind == SegmentKind::Boilerplate => Self::Boilerplate,
            Some(s) if s.moved && s.kind != SegmentKind::Variant => Self::Moved,
            Some(s) => match s.kind {
                SegmentKind::Shared => Self::Shared,
                SegmentKind::Variant => Self::Variant,
                SegmentKind::Unique => Self::Unique,
                SegmentKind::Boilerplate => Self::Boilerplate,
            },
        }
    }

    /// True when the segment's text is out of order (shared or variant): drawn with the moved
    /// line whatever its main mark.
    pub fn is_moved(segment: Option<&Segment>) -> bool {
        segment.is_some_and(|s| s.moved && s.kind != SegmentKind::Boilerplate)
    }

    /// Legend wording.
    pub fn label(self) -> &'static str {
        match self {
            Self::Shared => "Shared",
            Self::Moved => "Moved (dashed)",
            Self::Variant => "Variant spelling (wavy)",
            Self::Unique => "Only on this side (underlined)",
            Self::Boilerplate => "Boilerplate (dimmed)",
        }
    }
}

/// Theme-dependent colours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Normal text.
    pub text: Color32,
    /// Boilerplate text.
    pub dim_text: Color32,
    /// Moved: background tint and line.
    pub moved: (Color32, Color32),
    /// Variant.
    pub variant: (Color32, Color32),
    /// Unique.
    pub unique: (Color32, Color32),
    /// Hovered passage and its counterpart.
    pub hover: Color32,
    /// The current difference.
    pub current: Color32,
    /// Find hits (the window's own: no report shows them).
    pub find: Color32,
}

impl Palette {
    /// Colours for the UI's current theme, from the one palette the HTML report uses too
    /// ([`crate::palette`]).
    pub fn new(visuals: &egui::Visuals) -> Self {
        let p = crate::palette::Palette::of(visuals.dark_mode);
        let color = |c: crate::palette::Rgba| {
            let [r, g, b, a] = c.0;
            Color32::from_rgba_unmultiplied(r, g, b, a)
        };
        let tint = |t: crate::palette::Tint| (color(t.fill), color(t.line));
        Self {
            text: visuals.text_color(),
            dim_text: color(p.dim_text),
            moved: tint(p.moved),
            variant: tint(p.variant),
            unique: tint(p.unique),
            hover: color(p.hover),
            current: color(p.current),
            find: if visuals.dark_mode {
                Color32::from_rgb(240, 120, 240)
            } else {
                Color32::from_rgb(170, 0, 170)
            },
        }
    }

    /// Text colour for a mark.
    pub fn text_color(&self, mark: Mark) -> Color32 {
        if mark == Mark::Boilerplate {
            self.dim_text
        } else {
            self.text
        }
    }

    /// Background tint and line colour for a mark (`None`: plain).
    pub fn colors(&self, mark: Mark) -> Option<(Color32, Color32)> {
        match mark {
            Mark::Moved => Some(self.moved),
            Mark::Variant => Some(self.variant),
            Mark::Unique => Some(self.unique),
            Mark::Shared | Mark::Boilerplate => None,
        }
    }
}

/// Paints the background of a marked word (`rect`: the word's box, already widened to cover
/// the space next to it when the neighbour has the same mark).
pub fn paint_background(painter: &Painter, palette: &Palette, mark: Mark, rect: Rect) {
    if let Some((fill, _)) = palette.colors(mark) {
        painter.rect_filled(rect, 0.0, fill);
    }
}

/// Paints the underline of a marked word.
pub fn paint_underline(painter: &Painter, palette: &Palette, mark: Mark, rect: Rect) {
    paint_underline_at(painter, palette, mark, rect, 0.0);
}

/// Paints the underline of a marked word, `raise` points above its usual place (a moved variant
/// has its wavy line raised above the dashed moved line, so both show).
pub fn paint_underline_at(
    painter: &Painter,
    palette: &Palette,
    mark: Mark,
    rect: Rect,
    raise: f32,
) {
    let Some((_, line)) = palette.colors(mark) else {
        return;
    };
    let y = rect.bottom() - 2.0 - raise;
    let (x0, x1) = (rect.left(), rect.right());
    match mark {
        Mark::Unique => {
            painter.line_segment([Pos2::new(x0, y), Pos2::new(x1, y)], Stroke::new(2.0, line));
        }
        Mark::Moved => {
            let mut x = x0;
            while x < x1 {
                let end = (x + 5.0).min(x1);
                painter.line_segment([Pos2::new(x, y), Pos2::new(end, y)], Stroke::new(2.0, line));
                x += 8.0;
            }
        }
        Mark::Variant => {
            let mut points = Vec::new();
            let mut x = x0;
            let mut up = true;
            while x <= x1 {
                points.push(Pos2::new(x, if up { y - 1.5 } else { y + 1.5 }));
                up = !up;
                x += 3.0;
            }
            if points.len() > 1 {
                painter.add(egui::Shape::line(points, Stroke::new(1.5, line)));
            }
        }
        Mark::Shared | Mark::Boilerplate => {}
    }
}

/// Paints a find hit over a word's marks without hiding them: a frame with a bar along its top
/// (the colour-free shape: the comparison's marks are underlines), filled faintly for the
/// current hit, which also gets a heavier frame.
pub fn paint_find_hit(painter: &Painter, palette: &Palette, rect: Rect, current: bool) {
    let r = rect.expand(1.0);
    if current {
        painter.rect_filled(r, 2.0, palette.find.gamma_multiply(0.18));
    }
    let width = if current { 2.5 } else { 1.5 };
    painter.rect_stroke(
        r,
        2.0,
        Stroke::new(width, palette.find),
        egui::StrokeKind::Outside,
    );
    let top = Rect::from_min_max(r.min, Pos2::new(r.max.x, r.min.y + 3.0));
    painter.rect_filled(top, 0.0, palette.find);
}

/// One legend entry: a sample word box with the mark's decoration, then its label.
pub fn legend_entry_ui(ui: &mut egui::Ui, palette: &Palette, mark: Mark) {
    let size = Vec2::new(26.0, ui.spacing().interact_size.y);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let sample = rect.shrink2(Vec2::new(1.0, 3.0));
    paint_background(ui.painter(), palette, mark, sample);
    paint_underline(ui.painter(), palette, mark, sample);
    if matches!(mark, Mark::Shared | Mark::Boilerplate) {
        let y = sample.center().y;
        ui.painter().line_segment(
            [
                Pos2::new(sample.left() + 3.0, y),
                Pos2::new(sample.right() - 3.0, y),
            ],
            Stroke::new(3.0, palette.text_color(mark)),
        );
    }
    ui.label(mark.label());
}

/// Legend sample of the current-difference outline.
pub fn legend_current_ui(ui: &mut egui::Ui, palette: &Palette) {
    let size = Vec2::new(26.0, ui.spacing().interact_size.y);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    ui.painter().rect_stroke(
        rect.shrink2(Vec2::new(2.0, 3.0)),
        2.0,
        Stroke::new(2.0, palette.current),
        egui::StrokeKind::Middle,
    );
    ui.label("Current difference (outlined)");
}

/// The legend's sample of a find hit, drawn by [`paint_find_hit`] as in the panes.
pub fn legend_find_ui(ui: &mut egui::Ui, palette: &Palette) {
    let size = Vec2::new(26.0, ui.spacing().interact_size.y);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    paint_find_hit(
        ui.painter(),
        palette,
        rect.shrink2(Vec2::new(2.0, 3.0)),
        false,
    );
    ui.label("Find hit (framed)");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::seed_documents;
    use crate::model::MatchOptions;

    /// Issue 9, defect 4: on the seeds every variant sits in a moved passage, and each was drawn
    /// with the moved style only, never the wavy variant mark.
    #[test]
    fn variants_inside_a_moved_passage_keep_the_variant_mark() {
        let (a, b) = seed_documents();
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let moved_variants: Vec<&Segment> =
            c.a.segments
                .iter()
                .chain(&c.b.segments)
                .filter(|s| s.kind == SegmentKind::Variant && s.moved)
                .collect();
        assert!(!moved_variants.is_empty(), "the seeds have moved variants");
        for s in moved_variants {
            assert_eq!(Mark::of(Some(s)), Mark::Variant, "{s:?}");
            assert!(Mark::is_moved(Some(s)), "{s:?} also shows the moved line");
        }
        let moved_shared =
            c.a.segments
                .iter()
                .find(|s| s.kind == SegmentKind::Shared && s.moved)
                .expect("a moved shared segment");
        assert_eq!(Mark::of(Some(moved_shared)), Mark::Moved);
    }
}
