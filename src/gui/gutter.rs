//! The strip between the panes: a ribbon joins each moved passage's place in A to its place in
//! B, numbered with its move id, so moved text is visibly connected across the panes.

use egui::epaint::{Mesh, Vertex};
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke};

use super::analysis::Analyzed;
use super::command::Command;
use super::marks::Palette;
use super::pane::PaneView;

/// Width of the gutter, in points.
pub const GUTTER_WIDTH: f32 = 44.0;

const STEPS: usize = 16;

/// Paints the ribbons of moved passages visible in either pane; a click on a ribbon's badge
/// reveals that passage in both panes.
pub fn gutter_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    analyzed: &Analyzed,
    panes: [&PaneView; 2],
    palette: &Palette,
    hovered_move: Option<u32>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let [a, b] = panes;
    let (Some(la), Some(lb)) = (a.layout(), b.layout()) else {
        return commands;
    };
    let painter = ui.painter_at(rect);
    let mut placed: Vec<Rect> = Vec::new();
    let screen_y = |pane: &PaneView, y: f32| pane.screen_rect.top() + y - pane.offset;
    for group in &analyzed.moves {
        let a0 = screen_y(a, la.top_of(group.a.start));
        let a1 = screen_y(a, la.bottom_of(group.a.end.saturating_sub(1)));
        let b0 = screen_y(b, lb.top_of(group.b.start));
        let b1 = screen_y(b, lb.bottom_of(group.b.end.saturating_sub(1)));
        // Draw a ribbon only when one of its ends is in view: one that merely crosses the strip
        // joins two places the reader cannot see, and in a long document with many moves
        // there are hundreds of those, so painting them made frames grow with length.
        let in_view = |y0: f32, y1: f32| y1 >= rect.top() && y0 <= rect.bottom();
        if !in_view(a0, a1) && !in_view(b0, b1) {
            continue;
        }
        let strong = hovered_move == Some(group.id);
        let (fill, line) = palette.moved;
        let fill = if strong {
            fill.gamma_multiply(2.5)
        } else {
            fill
        };
        paint_ribbon(
            &painter,
            rect,
            [a0, a1],
            [b0, b1],
            fill,
            Stroke::new(if strong { 2.0 } else { 1.0 }, line),
        );

        // A numbered badge where the ribbon is in view.
        let mid = Pos2::new(
            rect.center().x,
            ((a0 + a1 + b0 + b1) / 4.0).clamp(rect.top() + 9.0, rect.bottom() - 9.0),
        );
        let mut badge = Rect::from_center_size(mid, egui::vec2(26.0, 16.0));
        // Keep badges apart when passages start close together.
        while placed.iter().any(|b: &Rect| b.intersects(badge)) {
            badge = badge.translate(egui::vec2(0.0, 18.0));
        }
        placed.push(badge);
        let mid = badge.center();
        let id = ui.scope_id().with(("move", group.id));
        let response = ui.interact(badge, id, Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("Moved passage {}", group.id),
            )
        });
        painter.rect_filled(badge, 8.0, ui.visuals().window_fill());
        painter.rect_stroke(badge, 8.0, Stroke::new(1.0, line), egui::StrokeKind::Inside);
        painter.text(
            mid,
            Align2::CENTER_CENTER,
            format!("M{}", group.id),
            FontId::proportional(10.0),
            line,
        );
        if response.clicked() {
            commands.push(Command::Reveal {
                a: Some(group.a.start),
                b: Some(group.b.start),
            });
        }
    }
    commands
}

fn smoothstep(t: f32) -> f32 {
    t * t * (3.0 - 2.0 * t)
}

/// A band from `left` (y range at the gutter's left edge) to `right` (at its right edge).
fn paint_ribbon(
    painter: &egui::Painter,
    rect: Rect,
    left: [f32; 2],
    right: [f32; 2],
    fill: Color32,
    stroke: Stroke,
) {
    let mut mesh = Mesh::default();
    let mut top = Vec::with_capacity(STEPS + 1);
    let mut bottom = Vec::with_capacity(STEPS + 1);
    for i in 0..=STEPS {
        let t = i as f32 / STEPS as f32;
        let s = smoothstep(t);
        let x = rect.left() + t * rect.width();
        let y0 = left[0] + s * (right[0] - left[0]);
        let y1 = (left[1] + s * (right[1] - left[1])).max(y0 + 1.0);
        top.push(Pos2::new(x, y0));
        bottom.push(Pos2::new(x, y1));
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y0),
            uv: egui::epaint::WHITE_UV,
            color: fill,
        });
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y1),
            uv: egui::epaint::WHITE_UV,
            color: fill,
        });
        if i > 0 {
            let k = (2 * i) as u32;
            mesh.add_triangle(k - 2, k - 1, k);
            mesh.add_triangle(k - 1, k + 1, k);
        }
    }
    painter.add(egui::Shape::mesh(mesh));
    painter.add(egui::Shape::line(top, stroke));
    painter.add(egui::Shape::line(bottom, stroke));
}
