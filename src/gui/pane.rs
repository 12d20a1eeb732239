//! One article pane: its title, the marked text (only the paragraphs in view are painted), hover
//! and click on passages, the copy menu, and its scroll state.

use egui::{Pos2, Rect, ScrollArea, Sense, Stroke, StrokeKind, Vec2};

use crate::engine::find::Hit;
use crate::model::{Side, Which};

use super::analysis::Analyzed;
use super::command::Command;
use super::doc_layout::{DocLayout, LayoutKey};
use super::marks::{self, Mark, Palette};
use super::text::{DocText, NO_SEGMENT, WordCache, bidi_text_ui, visible_label};

/// Horizontal margin inside a pane, in points.
pub const MARGIN: f32 = 12.0;

/// Where a pane should scroll to on its next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScrollRequest {
    /// An absolute offset.
    Offset(f32),
    /// Put the top of a segment `view_y` points below the top of the pane.
    Segment {
        /// The segment.
        seg: usize,
        /// Distance from the pane's top.
        view_y: f32,
    },
}

/// Per-pane state kept between frames (not persisted).
pub struct PaneView {
    which: Which,
    layout: Option<(LayoutKey, DocLayout)>,
    request: Option<ScrollRequest>,
    /// Current scroll offset.
    pub offset: f32,
    /// Height of the visible part.
    pub viewport_height: f32,
    /// Where the visible part is on screen.
    pub screen_rect: Rect,
    /// Where the text column starts on screen (document origin = this + (0, -offset)).
    pub text_origin: Pos2,
    /// Segment under the pointer.
    pub hovered: Option<usize>,
    /// Segment and paragraph right-clicked for the copy menu.
    context: Option<(usize, usize)>,
    /// Pieces painted in the last frame with their screen rectangles.
    pub visible: Vec<(usize, Rect)>,
    /// The pending scroll request counts as the user's own scroll, so a linked pane follows
    /// it (a click on the overview strip).
    follow: bool,
}

/// What a pane needs to know to draw itself.
pub struct PaneInput<'a> {
    /// The comparison and derived data.
    pub analyzed: &'a Analyzed,
    /// Changes with every new comparison.
    pub generation: u64,
    /// Document text size.
    pub font_size: f32,
    /// Colours.
    pub palette: Palette,
    /// Segments to highlight for hover (sorted).
    pub hover: &'a [usize],
    /// Segments of the current difference (sorted).
    pub outline: &'a [usize],
    /// Where to draw an insertion mark when this side has nothing outlined.
    pub marker: Option<usize>,
    /// Find hits on this side, in text order (empty when the find bar is closed).
    pub find: &'a [Hit],
    /// The current find hit, an index into `find`.
    pub current_hit: Option<usize>,
}

/// What happened in a pane this frame.
#[derive(Default)]
pub struct PaneOutput {
    /// Commands to apply.
    pub commands: Vec<Command>,
    /// True when the user scrolled this pane this frame.
    pub user_scrolled: bool,
}

impl PaneView {
    /// An empty view for `which`.
    pub fn new(which: Which) -> Self {
        Self {
            which,
            layout: None,
            request: None,
            offset: 0.0,
            viewport_height: 400.0,
            screen_rect: Rect::NOTHING,
            text_origin: Pos2::ZERO,
            hovered: None,
            context: None,
            visible: Vec::new(),
            follow: false,
        }
    }

    /// Asks for a scroll on the next frame that a linked pane follows, as if the user had
    /// scrolled.
    pub fn request_scroll_followed(&mut self, request: ScrollRequest) {
        self.request = Some(request);
        self.follow = true;
    }

    /// The top of the line that holds byte `byte` of the text (document coordinates), once laid
    /// out.
    pub fn y_of_byte(&self, doc: &DocText, byte: usize) -> Option<f32> {
        let layout = self.layout()?;
        let k = doc.pieces.partition_point(|p| (p.end as usize) <= byte);
        let k = k.min(doc.pieces.len().checked_sub(1)?);
        layout.y.get(k).copied()
    }

    /// Asks for a scroll on the next frame.
    pub fn request_scroll(&mut self, request: ScrollRequest) {
        self.request = Some(request);
    }

    /// True while a scroll request waits for the next frame.
    pub fn has_pending_scroll(&self) -> bool {
        self.request.is_some()
    }

    /// What the current layout was computed for, if any.
    pub fn layout_key(&self) -> Option<LayoutKey> {
        self.layout.as_ref().map(|(k, _)| *k)
    }

    /// The current layout, if any.
    pub fn layout(&self) -> Option<&DocLayout> {
        self.layout.as_ref().map(|(_, l)| l)
    }

    /// Drops the layout (new content or new text size).
    pub fn invalidate(&mut self) {
        self.layout = None;
    }

    /// Screen rectangles of the visible words with their text, for tests.
    pub fn visible_words(&self, analyzed: &Analyzed) -> Vec<(String, Rect)> {
        let text = &analyzed.comparison.side(self.which).text;
        let doc = analyzed.doc(self.which);
        self.visible
            .iter()
            .filter_map(|&(k, rect)| {
                let piece = doc.pieces.get(k)?;
                Some((text.get(piece.range())?.to_owned(), rect))
            })
            .collect()
    }

    fn ensure_layout(
        &mut self,
        ctx: &egui::Context,
        input: &PaneInput<'_>,
        width: f32,
        words: &mut WordCache,
    ) {
        let key = LayoutKey {
            width: width.to_bits(),
            font_size: input.font_size.to_bits(),
            generation: input.generation,
        };
        if self.layout.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let side = input.analyzed.comparison.side(self.which);
        let layout = DocLayout::compute(
            ctx,
            input.analyzed.doc(self.which),
            &side.text,
            side.segments.len(),
            width,
            input.font_size,
            words,
        );
        // Keep the same passage in view across a relayout.
        let anchor = self
            .layout
            .as_ref()
            .and_then(|(_, old)| old.segment_at_y(self.offset).map(|s| (s, old.top_of(s))));
        if let Some((seg, old_top)) = anchor
            && self.request.is_none()
            && self
                .layout
                .as_ref()
                .is_some_and(|(k, _)| k.generation == key.generation)
        {
            self.request = Some(ScrollRequest::Segment {
                seg,
                view_y: old_top - self.offset,
            });
        }
        self.layout = Some((key, layout));
    }

    fn resolve(&self, request: ScrollRequest) -> f32 {
        let Some(layout) = self.layout() else {
            return 0.0;
        };
        let max = (layout.total_height - self.viewport_height).max(0.0);
        let y = match request {
            ScrollRequest::Offset(y) => y,
            ScrollRequest::Segment { seg, view_y } => layout.top_of(seg) - view_y,
        };
        y.clamp(0.0, max)
    }
}

/// The pane's title: side letter and file name, then the outlet and title line when known.
pub fn pane_header_ui(ui: &mut egui::Ui, words: &mut WordCache, side: &Side, which: Which) {
    ui.horizontal(|ui| {
        ui.strong(which.label());
        ui.label(visible_label(side.file_name()))
            .on_hover_text(visible_label(&side.path));
    });
    let details: Vec<&str> = [side.outlet.as_deref(), side.title.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !details.is_empty() {
        let color = ui.visuals().weak_text_color();
        bidi_text_ui(ui, words, &details.join(" - "), 14.0, color, Sense::hover());
    }
}

/// Shows one pane: scrolls, paints the visible paragraphs, handles hover, click and the copy
/// menu.
pub fn pane_ui(
    ui: &mut egui::Ui,
    view: &mut PaneView,
    words: &mut WordCache,
    input: &PaneInput<'_>,
) -> PaneOutput {
    let mut out = PaneOutput::default();
    let text_width =
        (ui.available_width() - 2.0 * MARGIN - ui.spacing().scroll.allocated_width()).max(40.0);
    view.ensure_layout(ui.ctx(), input, text_width, words);
    view.viewport_height = ui.available_height();

    let mut area = ScrollArea::vertical()
        .id_salt(("pane", view.which.label()))
        .auto_shrink(false);
    let forced = if let Some(request) = view.request.take() {
        area = area.vertical_scroll_offset(view.resolve(request));
        true
    } else {
        false
    };
    let follow = std::mem::take(&mut view.follow);
    let scroll = area.show_viewport(ui, |ui, viewport| {
        text_ui(ui, view, words, input, viewport, &mut out.commands);
    });
    let offset = scroll.state.clamped_offset().y;
    out.user_scrolled = (!forced || follow) && (offset - view.offset).abs() > 0.5;
    view.offset = offset;
    view.viewport_height = scroll.inner_rect.height();
    view.screen_rect = scroll.inner_rect;
    out
}

fn text_ui(
    ui: &mut egui::Ui,
    view: &mut PaneView,
    words: &mut WordCache,
    input: &PaneInput<'_>,
    viewport: Rect,
    commands: &mut Vec<Command>,
) {
    let which = view.which;
    let Some(layout) = view.layout() else {
        return;
    };
    let size = Vec2::new(ui.available_width(), layout.total_height.max(1.0));
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Document,
            true,
            format!("Text of {}", which.label()),
        )
    });
    let origin = rect.min + Vec2::new(MARGIN, 0.0);

    let side = input.analyzed.comparison.side(which);
    let doc = input.analyzed.doc(which);
    let hovered_piece = response
        .hover_pos()
        .and_then(|p| layout.piece_at(doc, p - origin.to_vec2()));
    let hovered_seg = hovered_piece
        .and_then(|k| doc.pieces.get(k))
        .map(|p| p.seg as usize)
        .filter(|&s| s != NO_SEGMENT as usize);

    // Collect the visible pieces, then shape (fonts lock) before painting (graphics lock).
    let paras = layout.visible_paragraphs(viewport.min.y, viewport.max.y);
    let mut visible = Vec::new();
    for para in doc.paras.get(paras.clone()).unwrap_or(&[]) {
        for k in para.pieces.clone() {
            let r = layout.piece_rect(k);
            if r.max.y >= viewport.min.y && r.min.y <= viewport.max.y {
                visible.push((k, r.translate(origin.to_vec2())));
            }
        }
    }
    let galleys: Vec<_> = ui.ctx().fonts_mut(|fonts| {
        visible
            .iter()
            .map(|&(k, _)| {
                let text = doc
                    .pieces
                    .get(k)
                    .map(|p| p.display(&side.text))
                    .unwrap_or_default();
                words.galley(fonts, &text, input.font_size)
            })
            .collect()
    });

    let painter = ui.painter_at(ui.clip_rect());
    let palette = &input.palette;
    let half_space = Vec2::new(layout.space / 2.0, 0.0);
    let segment_of = |k: usize| {
        let seg = doc.pieces.get(k).map(|p| p.seg as usize);
        seg.and_then(|s| side.segments.get(s))
    };
    let mark_of = |k: usize| Mark::of(segment_of(k));
    // Backgrounds and underlines run across the spaces between words with the same mark.
    let marked: Vec<(Mark, Vec<Rect>)> = [Mark::Moved, Mark::Variant, Mark::Unique]
        .into_iter()
        .map(|m| (m, merged_rects(&visible, |k| mark_of(k) == m, layout.space)))
        .collect();
    // Moved variants: their main mark is the variant's, and they get the moved line as well.
    let moved_variants = merged_rects(
        &visible,
        |k| mark_of(k) == Mark::Variant && Mark::is_moved(segment_of(k)),
        layout.space,
    );
    for (mark, rects) in &marked {
        for r in rects {
            marks::paint_background(&painter, palette, *mark, r.expand2(half_space));
        }
    }
    let seg_of = |k: usize| {
        doc.pieces
            .get(k)
            .map_or(NO_SEGMENT as usize, |p| p.seg as usize)
    };
    let in_set = |set: &[usize], k: usize| set.binary_search(&seg_of(k)).is_ok();
    let hover_rects = merged_rects(&visible, |k| in_set(input.hover, k), layout.space);
    for r in hover_rects {
        painter.rect_filled(r.expand(1.0), 3.0, palette.hover.gamma_multiply(0.12));
        painter.rect_stroke(
            r.expand(1.0),
            3.0,
            Stroke::new(1.0, palette.hover),
            StrokeKind::Outside,
        );
    }
    for (&(k, r), galley) in visible.iter().zip(galleys) {
        let y = r.min.y + (layout.row_height - galley.size().y) / 2.0;
        painter.galley(
            Pos2::new(r.min.x, y),
            galley,
            palette.text_color(mark_of(k)),
        );
    }
    for (mark, rects) in &marked {
        for r in rects {
            let raise = if *mark == Mark::Variant && moved_variants.iter().any(|m| m.intersects(*r))
            {
                4.0
            } else {
                0.0
            };
            marks::paint_underline_at(&painter, palette, *mark, r.expand2(half_space), raise);
        }
    }
    for r in &moved_variants {
        marks::paint_underline(&painter, palette, Mark::Moved, r.expand2(half_space));
    }
    for r in merged_rects(&visible, |k| in_set(input.outline, k), layout.space) {
        painter.rect_stroke(
            r.expand(2.0),
            3.0,
            Stroke::new(2.0, palette.current),
            StrokeKind::Outside,
        );
    }
    let find = (input.find, input.current_hit);
    paint_find_hits(&painter, &visible, doc, find, palette, layout.space);
    if input.outline.is_empty()
        && let Some(seg) = input.marker
    {
        paint_insertion_mark(&painter, view, doc, seg, origin, palette);
    }

    if response.clicked()
        && let Some(seg) = hovered_seg
    {
        commands.push(Command::RevealCounterpart {
            from: which,
            segment: seg,
            view_y: layout.top_of(seg) - view.offset,
        });
    }
    if response.secondary_clicked()
        && let Some(seg) = hovered_seg
    {
        let para = hovered_piece
            .and_then(|k| doc.paras.iter().position(|p| p.pieces.contains(&k)))
            .unwrap_or(0);
        view.context = Some((seg, para));
    }
    view.text_origin = origin;
    view.hovered = hovered_seg;
    view.visible = visible;
    let context = view.context;
    response.context_menu(|ui| {
        if let Some((seg, para)) = context {
            copy_menu_ui(ui, input.analyzed, which, seg, para, commands);
        }
    });
}

/// Frames the visible pieces that a find hit covers (over the marks, which stay visible);
/// `find` is the hits in text order and the current one.
pub(super) fn paint_find_hits(
    painter: &egui::Painter,
    visible: &[(usize, Rect)],
    doc: &DocText,
    (hits, current): (&[Hit], Option<usize>),
    palette: &Palette,
    space: f32,
) {
    if hits.is_empty() {
        return;
    }
    // The hit covering piece k, if any: hits are sorted and do not overlap.
    let hit_of = |k: usize| {
        let p = doc.pieces.get(k)?;
        let (start, end) = (p.start as usize, p.end as usize);
        let i = hits.partition_point(|h| h.bytes.end <= start);
        hits.get(i).filter(|h| h.bytes.start < end).map(|_| i)
    };
    for r in merged_rects(
        visible,
        |k| hit_of(k).is_some() && hit_of(k) != current,
        space,
    ) {
        marks::paint_find_hit(painter, palette, r, false);
    }
    if current.is_some() {
        for r in merged_rects(visible, |k| hit_of(k) == current, space) {
            marks::paint_find_hit(painter, palette, r, true);
        }
    }
}

/// Union of the rectangles of consecutive selected pieces on the same line.
pub(super) fn merged_rects(
    visible: &[(usize, Rect)],
    selected: impl Fn(usize) -> bool,
    space: f32,
) -> Vec<Rect> {
    let mut rects: Vec<Rect> = visible
        .iter()
        .filter(|(k, _)| selected(*k))
        .map(|(_, r)| *r)
        .collect();
    rects.sort_by(|a, b| {
        a.min
            .y
            .total_cmp(&b.min.y)
            .then(a.min.x.total_cmp(&b.min.x))
    });
    let mut out: Vec<Rect> = Vec::new();
    for r in rects {
        match out.last_mut() {
            Some(last) if last.min.y == r.min.y && r.min.x - last.max.x <= space * 1.5 + 1.0 => {
                *last = last.union(r);
            }
            _ => out.push(r),
        }
    }
    out
}

/// A caret where text of the other side would go (at the logical start of `seg`).
fn paint_insertion_mark(
    painter: &egui::Painter,
    view: &PaneView,
    doc: &super::text::DocText,
    seg: usize,
    origin: Pos2,
    palette: &Palette,
) {
    let Some(layout) = view.layout() else {
        return;
    };
    let Some(&k) = doc.seg_first_piece.get(seg) else {
        return;
    };
    let Some(para) = doc.paras.iter().find(|p| p.pieces.contains(&k)) else {
        return;
    };
    let r = layout.piece_rect(k).translate(origin.to_vec2());
    let x = if para.rtl {
        r.max.x + 3.0
    } else {
        r.min.x - 3.0
    };
    painter.line_segment(
        [Pos2::new(x, r.min.y), Pos2::new(x, r.max.y)],
        Stroke::new(3.0, palette.current),
    );
}

fn copy_menu_ui(
    ui: &mut egui::Ui,
    analyzed: &Analyzed,
    which: Which,
    seg: usize,
    para: usize,
    commands: &mut Vec<Command>,
) {
    let c = &analyzed.comparison;
    let own = c.side(which).segment_text(seg).trim().to_owned();
    let link = c.side(which).segments.get(seg).and_then(|s| s.link);
    let other = link.map(|l| c.side(which.other()).segment_text(l).trim().to_owned());
    let (a_text, b_text) = match which {
        Which::A => (Some(own.clone()), other.clone()),
        Which::B => (other.clone(), Some(own.clone())),
    };
    if ui
        .add_enabled(a_text.is_some(), egui::Button::new("Copy passage (A)"))
        .clicked()
        && let Some(t) = &a_text
    {
        commands.push(Command::CopyText(t.clone()));
    }
    if ui
        .add_enabled(b_text.is_some(), egui::Button::new("Copy passage (B)"))
        .clicked()
        && let Some(t) = &b_text
    {
        commands.push(Command::CopyText(t.clone()));
    }
    if ui.button("Copy both, labelled").clicked() {
        let a = a_text.unwrap_or_else(|| "(not in A)".to_owned());
        let b = b_text.unwrap_or_else(|| "(not in B)".to_owned());
        commands.push(Command::CopyText(format!("A: {a}\nB: {b}")));
    }
    if ui.button("Copy paragraph").clicked() {
        let doc = analyzed.doc(which);
        let text = &c.side(which).text;
        let range = doc.paras.get(para).and_then(|p| {
            let first = doc.pieces.get(p.pieces.start)?;
            let last = doc.pieces.get(p.pieces.end.checked_sub(1)?)?;
            Some(first.start as usize..last.end as usize)
        });
        if let Some(t) = range.and_then(|r| text.get(r)) {
            commands.push(Command::CopyText(t.to_owned()));
        }
    }
}

/// The offset that puts in `to`'s pane the passage corresponding to what `from` shows at a
/// third of its height, at the same height: interpolated between the in-order linked segments
/// around it, so it follows the alignment rather than the pixel offset.
pub fn aligned_offset(
    analyzed: &Analyzed,
    from_which: Which,
    from: &PaneView,
    to: &PaneView,
) -> Option<f32> {
    let (fl, tl) = (from.layout()?, to.layout()?);
    let probe_view_y = from.viewport_height / 3.0;
    let probe = from.offset + probe_view_y;
    let seg = fl.segment_at_y(probe)?;
    let (before, after) = super::analysis::anchors_around(&analyzed.comparison, from_which, seg);
    let target = match (before, after) {
        (Some((fa, ta)), Some((fb, tb))) => {
            let (y0, y1) = (fl.top_of(fa), fl.top_of(fb));
            let t = if y1 > y0 {
                ((probe - y0) / (y1 - y0)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            tl.top_of(ta) + t * (tl.top_of(tb) - tl.top_of(ta))
        }
        (Some((fa, ta)), None) => {
            let within = (probe - fl.top_of(fa)).min(tl.bottom_of(ta) - tl.top_of(ta) + 200.0);
            tl.top_of(ta) + within.max(0.0)
        }
        (None, Some((fb, tb))) => tl.top_of(tb) - (fl.top_of(fb) - probe).max(0.0),
        (None, None) => return None,
    };
    let max = (tl.total_height - to.viewport_height).max(0.0);
    Some((target - probe_view_y).clamp(0.0, max))
}
