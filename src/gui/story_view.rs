//! The story view: several outlets' articles about one event. The articles list (outlet,
//! title, words, own-text share; base, remove), the similarity matrix (a heat map; a click
//! opens the pair view), and the base article, laid out like a pane, each word tinted by how
//! many other outlets carry it. Hovering a passage lists who carries it and who lacks it;
//! clicking it opens the pair view with the first outlet that lacks it (else one that has it),
//! on that passage. The story's passage lists are in [`story_summary_ui`].

use egui::{Color32, Pos2, Rect, ScrollArea, Sense, Stroke, StrokeKind, Vec2};

use crate::engine::find::{FindIndex, Hit};
use crate::model::{Segment, SegmentKind};
use crate::story::{Story, StoryKind, StoryPassage};

use super::command::Command;
use super::doc_layout::{DocLayout, LayoutKey};
use super::text::{DocText, NO_SEGMENT, WordCache, bidi_text_ui, visible_label};

/// Horizontal margin inside the base text column.
const MARGIN: f32 = 12.0;
/// Side of a matrix cell, in points.
const CELL: f32 = 46.0;
/// Passages listed per list.
const MAX_ENTRIES: usize = 40;

/// A computed story with what the window derives from it (off the UI thread).
pub struct StoryShown {
    /// The story.
    pub story: Story,
    /// Each article's text split into pieces at its story segments.
    pub docs: Vec<DocText>,
    /// Core passages of the base (carried by every other article).
    pub core: Vec<StoryPassage>,
    /// Per article: what only it says.
    pub only: Vec<Vec<StoryPassage>>,
    /// Per article: what most others carry and it lacks.
    pub dropped: Vec<Vec<StoryPassage>>,
    /// Partial passages of the base: carried by some others.
    pub partial: Vec<StoryPassage>,
    /// Every article tokenised under the story's options, for the find bar (article `i` is
    /// text `i`).
    pub find: FindIndex,
}

impl StoryShown {
    /// Derives the split texts and passage lists.
    pub fn new(story: Story) -> Self {
        let docs = story
            .articles
            .iter()
            .map(|a| DocText::new(a.text(), &model_segments(&a.segments)))
            .collect();
        let n = story.len();
        let only = (0..n).map(|i| story.only_in(i)).collect();
        let dropped = (0..n).map(|i| story.dropped_by(i)).collect();
        let texts: Vec<&str> = story.articles.iter().map(|a| a.text()).collect();
        let find = FindIndex::new(&texts, &story.options);
        let mut shown = Self {
            find,
            docs,
            core: Vec::new(),
            only,
            dropped,
            partial: Vec::new(),
            story,
        };
        shown.derive_base();
        shown
    }

    /// Reads another article as the base (no recomputation of the pairs).
    pub fn set_base(&mut self, base: usize) {
        if self.story.set_base(base).is_ok() {
            self.derive_base();
        }
    }

    fn derive_base(&mut self) {
        self.core = self.story.core_passages();
        self.partial = self.story.partial_passages();
    }

    /// The label of article `i` (outlet or file name), for lists and hover text.
    pub fn label(&self, i: usize) -> String {
        self.story
            .articles
            .get(i)
            .map_or_else(String::new, |a| visible_label(a.label()))
    }
}

/// The story's segments as pair-model segments, only so the text layer can split the text at
/// their boundaries (their kind says boilerplate or not; nothing else is read).
fn model_segments(segments: &[crate::story::StorySegment]) -> Vec<Segment> {
    segments
        .iter()
        .map(|s| Segment {
            start: s.start,
            end: s.end,
            kind: match s.kind {
                StoryKind::Body => SegmentKind::Shared,
                StoryKind::Boilerplate => SegmentKind::Boilerplate,
            },
            moved: false,
            link: None,
            words: s.words,
            move_id: None,
        })
        .collect()
}

/// Per-view state kept between frames.
#[derive(Default)]
pub struct StoryViewState {
    layout: Option<(LayoutKey, DocLayout)>,
    /// Segment of the base under the pointer.
    pub hovered: Option<usize>,
    /// Scroll the base text to this offset on the next frame.
    scroll_to: Option<f32>,
    /// The base segment right-clicked, for the "Compare with…" menu.
    context: Option<usize>,
    /// Height of the base text's visible part.
    viewport_height: f32,
}

impl StoryViewState {
    /// Scrolls the base text so that byte `byte` of it is a third down the view (once laid
    /// out).
    pub fn reveal_byte(&mut self, doc: &DocText, byte: usize) {
        let Some((_, layout)) = self.layout.as_ref() else {
            return;
        };
        let Some(last) = doc.pieces.len().checked_sub(1) else {
            return;
        };
        let k = doc
            .pieces
            .partition_point(|p| (p.end as usize) <= byte)
            .min(last);
        if let Some(&y) = layout.y.get(k) {
            self.scroll_to = Some((y - self.viewport_height / 3.0).max(0.0));
        }
    }

    /// Drops the base layout (new story, base or text size).
    pub fn invalidate(&mut self) {
        self.layout = None;
        self.scroll_to = Some(0.0);
    }
}

/// The matrix colour of a similarity in [0, 1] and the ink to write on it: the story report's
/// scale ([`crate::palette::sequential`], cividis), darker for closer, so the window and the
/// report read the same way.
pub fn heat(share: f64) -> (Color32, Color32) {
    let color = |c: crate::palette::Rgba| {
        let [r, g, b, _] = c.0;
        Color32::from_rgb(r, g, b)
    };
    let fill = crate::palette::sequential(1.0 - share);
    (color(fill), color(crate::palette::ink_on(fill)))
}

/// The tint of a base word carried by `carried` of `others` other articles: own text (carried
/// by none) strongly, fading to nothing for text every other article carries.
pub fn carried_tint(carried: usize, others: usize, dark: bool) -> Option<Color32> {
    if others == 0 || carried >= others {
        return None;
    }
    let missing = 1.0 - carried as f32 / others as f32;
    // Steeper than linear, so own text stands apart from text one outlet more carries.
    let alpha = (20.0 + 150.0 * missing.powf(1.5)).round() as u8;
    Some(if dark {
        Color32::from_rgba_unmultiplied(255, 150, 60, alpha)
    } else {
        Color32::from_rgba_unmultiplied(230, 110, 0, alpha)
    })
}

/// The story view: the articles and the matrix on the left, the base text on the right.
pub fn story_ui(
    ui: &mut egui::Ui,
    state: &mut StoryViewState,
    words: &mut WordCache,
    shown: &StoryShown,
    generation: u64,
    font_size: f32,
    find: FindMarks<'_>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let full = ui.available_rect_before_wrap();
    let left_width = (full.width() * 0.42)
        .clamp(260.0, 560.0)
        .min(full.width() / 2.0);
    let left = Rect::from_min_size(full.min, Vec2::new(left_width, full.height()));
    let right = Rect::from_min_max(Pos2::new(left.max.x + 8.0, full.min.y), full.max);
    let mut left_ui = ui.new_child(egui::UiBuilder::new().max_rect(left));
    left_ui.set_clip_rect(left.intersect(ui.clip_rect()));
    ScrollArea::vertical()
        .id_salt("story-left")
        .auto_shrink(false)
        .show(&mut left_ui, |ui| {
            articles_ui(ui, shown, &mut commands);
            ui.add_space(8.0);
            matrix_ui(ui, shown, &mut commands);
        });
    let mut right_ui = ui.new_child(egui::UiBuilder::new().max_rect(right));
    right_ui.set_clip_rect(right.intersect(ui.clip_rect()));
    base_text_ui(
        &mut right_ui,
        state,
        words,
        shown,
        (generation, font_size),
        find,
        &mut commands,
    );
    ui.advance_cursor_after_rect(full);
    commands
}

fn articles_ui(ui: &mut egui::Ui, shown: &StoryShown, commands: &mut Vec<Command>) {
    let story = &shown.story;
    ui.heading(format!("Story: {} articles", story.len()));
    egui::Grid::new("story-articles")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("");
            ui.strong("Outlet");
            ui.strong("Words");
            ui.strong("Own text");
            ui.strong("Base");
            ui.strong("");
            ui.end_row();
            for (i, a) in story.articles.iter().enumerate() {
                ui.label(format!("{}", i + 1));
                let title = a.title.as_deref().map(visible_label).unwrap_or_default();
                ui.label(shown.label(i)).on_hover_text(format!(
                    "{}\n{}",
                    visible_label(&a.doc.path),
                    title
                ));
                ui.label(a.words.to_string());
                ui.label(format!("{:.0}%", a.own_share() * 100.0))
                    .on_hover_text(format!(
                        "{} of {} words carried by no other article",
                        a.unique, a.words
                    ));
                if ui
                    .radio(story.base == i, "")
                    .on_hover_text(format!("Read {} as the base", shown.label(i)))
                    .clicked()
                {
                    commands.push(Command::SetStoryBase(i));
                }
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove {} from the story", shown.label(i)))
                    .clicked()
                {
                    commands.push(Command::RemoveArticle(i));
                }
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        if Command::AddArticles.button_ui(ui) {
            commands.push(Command::AddArticles);
        }
        if Command::SaveStory.button_ui(ui) {
            commands.push(Command::SaveStory);
        }
    });
}

/// The N×N similarity matrix: each cell the percentage of the pair; a click opens the pair.
fn matrix_ui(ui: &mut egui::Ui, shown: &StoryShown, commands: &mut Vec<Command>) {
    let story = &shown.story;
    let n = story.len();
    ui.strong("Similarity (click a cell to compare the pair)");
    let label_width = 28.0;
    let size = Vec2::new(label_width + CELL * n as f32, label_width + CELL * n as f32);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let font = egui::FontId::proportional(13.0);
    let text_color = ui.visuals().text_color();
    for k in 0..n {
        let x = rect.min.x + label_width + CELL * (k as f32 + 0.5);
        let y = rect.min.y + label_width + CELL * (k as f32 + 0.5);
        let label = format!("{}", k + 1);
        painter.text(
            Pos2::new(x, rect.min.y + label_width / 2.0),
            egui::Align2::CENTER_CENTER,
            &label,
            font.clone(),
            text_color,
        );
        painter.text(
            Pos2::new(rect.min.x + label_width / 2.0, y),
            egui::Align2::CENTER_CENTER,
            &label,
            font.clone(),
            text_color,
        );
    }
    for i in 0..n {
        for j in 0..n {
            let cell = Rect::from_min_size(
                rect.min + Vec2::new(label_width + CELL * j as f32, label_width + CELL * i as f32),
                Vec2::splat(CELL),
            )
            .shrink(1.0);
            if i == j {
                painter.rect_stroke(
                    cell,
                    2.0,
                    Stroke::new(1.0, ui.visuals().weak_text_color()),
                    StrokeKind::Inside,
                );
                continue;
            }
            let share = story.similarity(i, j);
            let (fill, ink) = heat(share);
            let id = egui::Id::unique(("tabayun-story-cell", i, j));
            let response = ui.interact(cell, id, Sense::click());
            let name = format!(
                "{} and {}: {:.0}%",
                shown.label(i),
                shown.label(j),
                share * 100.0
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            painter.rect_filled(cell, 2.0, fill);
            if response.hovered() {
                painter.rect_stroke(cell, 2.0, Stroke::new(2.0, text_color), StrokeKind::Inside);
            }
            painter.text(
                cell.center(),
                egui::Align2::CENTER_CENTER,
                format!("{:.0}", share * 100.0),
                font.clone(),
                ink,
            );
            if response.on_hover_text(&name).clicked() {
                commands.push(Command::OpenStoryPair {
                    a: i,
                    b: j,
                    at: None,
                });
            }
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("Rows and columns: the articles above, by number. Darker: closer.");
    });
}

/// Find hits to frame in the base text.
#[derive(Clone, Copy, Default)]
pub struct FindMarks<'a> {
    /// Hits in the base, in text order.
    pub hits: &'a [Hit],
    /// The current one.
    pub current: Option<usize>,
}

fn base_text_ui(
    ui: &mut egui::Ui,
    state: &mut StoryViewState,
    words: &mut WordCache,
    shown: &StoryShown,
    (generation, font_size): (u64, f32),
    find: FindMarks<'_>,
    commands: &mut Vec<Command>,
) {
    let story = &shown.story;
    let base = story.base;
    let (Some(article), Some(doc)) = (story.articles.get(base), shown.docs.get(base)) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.strong(format!("Base: {}", shown.label(base)));
        ui.weak(format!(
            "{}; own text {:.0}%",
            crate::report::content::words_label(article.words),
            article.own_share() * 100.0
        ));
    });
    carried_legend_ui(ui, story.len().saturating_sub(1));
    ui.separator();
    let text_width =
        (ui.available_width() - 2.0 * MARGIN - ui.spacing().scroll.allocated_width()).max(40.0);
    let key = LayoutKey {
        width: text_width.to_bits(),
        font_size: font_size.to_bits(),
        generation: generation ^ ((base as u64) << 48),
    };
    if !state.layout.as_ref().is_some_and(|(k, _)| *k == key) {
        let layout = DocLayout::compute(
            ui.ctx(),
            doc,
            article.text(),
            article.segments.len(),
            text_width,
            font_size,
            words,
        );
        state.layout = Some((key, layout));
    }
    let mut area = ScrollArea::vertical()
        .id_salt(("story-base", base))
        .auto_shrink(false);
    if let Some(y) = state.scroll_to.take() {
        area = area.vertical_scroll_offset(y);
    }
    let others = story.len().saturating_sub(1);
    let dark = ui.visuals().dark_mode;
    let mut hovered = None;
    let context = state.context;
    let mut new_context = None;
    let palette = super::marks::Palette::new(ui.visuals());
    let shown_area = area.show_viewport(ui, |ui, viewport| {
        let Some((_, layout)) = state.layout.as_ref() else {
            return;
        };
        let size = Vec2::new(ui.available_width(), layout.total_height.max(1.0));
        let (rect, response) = ui.allocate_exact_size(size, Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Document, true, "Text of the base article")
        });
        // Right-click: compare the passage with any outlet.
        response.context_menu(|ui| {
            let Some(seg) = new_context.or(context) else {
                return;
            };
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            for j in (0..story.len()).filter(|&j| j != base) {
                let carries = article
                    .segments
                    .get(seg)
                    .is_some_and(|g| g.carried_by.contains(&j));
                let label = format!(
                    "Compare with {} ({})",
                    shown.label(j),
                    if carries { "carries it" } else { "lacks it" }
                );
                if ui.button(label).clicked() {
                    commands.push(Command::OpenStoryPair {
                        a: base,
                        b: j,
                        at: Some(seg),
                    });
                    ui.close();
                }
            }
        });
        let origin = rect.min + Vec2::new(MARGIN, 0.0);
        let piece_seg = |k: usize| {
            doc.pieces
                .get(k)
                .map(|p| p.seg as usize)
                .filter(|&s| s != NO_SEGMENT as usize)
        };
        hovered = response
            .hover_pos()
            .and_then(|p| layout.piece_at(doc, p - origin.to_vec2()))
            .and_then(piece_seg);
        let paras = layout.visible_paragraphs(viewport.min.y, viewport.max.y);
        let mut visible = Vec::new();
        for para in doc.paras.get(paras).unwrap_or(&[]) {
            for k in para.pieces.clone() {
                visible.push((k, layout.piece_rect(k).translate(origin.to_vec2())));
            }
        }
        let galleys: Vec<_> = ui.ctx().fonts_mut(|fonts| {
            visible
                .iter()
                .map(|&(k, _)| {
                    let t = doc
                        .pieces
                        .get(k)
                        .map(|p| p.display(article.text()))
                        .unwrap_or_default();
                    words.galley(fonts, &t, font_size)
                })
                .collect()
        });
        let painter = ui.painter_at(ui.clip_rect());
        let half_space = Vec2::new(layout.space / 2.0, 0.0);
        let text = ui.visuals().text_color();
        let dim = ui.visuals().weak_text_color();
        for (&(k, r), galley) in visible.iter().zip(galleys) {
            let seg = piece_seg(k).and_then(|s| article.segments.get(s));
            let boilerplate = seg.is_some_and(|s| s.kind == StoryKind::Boilerplate);
            if let Some(s) = seg.filter(|_| !boilerplate) {
                if let Some(tint) = carried_tint(s.carried_by.len(), others, dark) {
                    painter.rect_filled(r.expand2(half_space), 0.0, tint);
                }
                if s.carried_by.is_empty() && others > 0 {
                    // Own text: a solid underline too, for readers without colour.
                    let y = r.bottom() - 2.0;
                    painter.line_segment(
                        [Pos2::new(r.left(), y), Pos2::new(r.right(), y)],
                        Stroke::new(
                            2.0,
                            if dark {
                                Color32::from_rgb(255, 170, 90)
                            } else {
                                Color32::from_rgb(170, 70, 0)
                            },
                        ),
                    );
                }
            }
            let y = r.min.y + (layout.row_height - galley.size().y) / 2.0;
            painter.galley(
                Pos2::new(r.min.x, y),
                galley,
                if boilerplate { dim } else { text },
            );
        }
        super::pane::paint_find_hits(
            &painter,
            &visible,
            doc,
            (find.hits, find.current),
            &palette,
            layout.space,
        );
        if hovered.is_some() {
            let rects =
                super::pane::merged_rects(&visible, |k| piece_seg(k) == hovered, layout.space);
            for r in rects {
                painter.rect_stroke(
                    r.expand(1.0),
                    3.0,
                    Stroke::new(1.0, text),
                    StrokeKind::Outside,
                );
            }
        }
        if let Some(seg) = hovered.and_then(|s| article.segments.get(s).map(|g| (s, g))) {
            let (s, g) = seg;
            let carried: Vec<String> = g.carried_by.iter().map(|&j| shown.label(j)).collect();
            let lacking: Vec<String> = (0..story.len())
                .filter(|&j| j != base && !g.carried_by.contains(&j))
                .map(|j| shown.label(j))
                .collect();
            let tip = if g.kind == StoryKind::Boilerplate {
                "Boilerplate: not compared".to_owned()
            } else {
                format!(
                    "Carried by: {}\nLacking: {}\nClick to compare with {}",
                    if carried.is_empty() {
                        "none (own text)".to_owned()
                    } else {
                        carried.join(", ")
                    },
                    if lacking.is_empty() {
                        "none".to_owned()
                    } else {
                        lacking.join(", ")
                    },
                    shown.label(pair_partner(story, base, &g.carried_by))
                )
            };
            if response.secondary_clicked() && g.kind == StoryKind::Body {
                new_context = Some(s);
            }
            let response = response.on_hover_text(tip);
            if response.clicked() && g.kind == StoryKind::Body {
                commands.push(Command::OpenStoryPair {
                    a: base,
                    b: pair_partner(story, base, &g.carried_by),
                    at: Some(s),
                });
            }
        }
    });
    state.viewport_height = shown_area.inner_rect.height();
    state.hovered = hovered;
    if new_context.is_some() {
        state.context = new_context;
    }
}

/// The outlet a click on a base passage compares with: the first that lacks it, else the first
/// that carries it.
fn pair_partner(story: &Story, base: usize, carried_by: &[usize]) -> usize {
    (0..story.len())
        .find(|&j| j != base && !carried_by.contains(&j))
        .or_else(|| carried_by.first().copied())
        .unwrap_or(base)
}

fn carried_legend_ui(ui: &mut egui::Ui, others: usize) {
    ui.horizontal_wrapped(|ui| {
        let dark = ui.visuals().dark_mode;
        for carried in [0, others / 2, others] {
            let (rect, _) = ui.allocate_exact_size(Vec2::new(26.0, 16.0), Sense::hover());
            if let Some(t) = carried_tint(carried, others, dark) {
                ui.painter().rect_filled(rect, 2.0, t);
            }
            ui.painter().rect_stroke(
                rect,
                2.0,
                Stroke::new(1.0, ui.visuals().weak_text_color()),
                StrokeKind::Inside,
            );
            let label = match carried {
                0 => "own text (underlined)".to_owned(),
                c if c == others => format!("carried by all {others}"),
                c => format!("carried by {c} of {others}"),
            };
            ui.label(label);
        }
    });
}

/// The story's passage lists for the side panel: the core, then per outlet what only it says
/// and what it drops.
pub fn story_summary_ui(
    ui: &mut egui::Ui,
    words: &mut WordCache,
    shown: &StoryShown,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let story = &shown.story;
    if story.identical {
        ui.label("All articles are identical after normalisation.");
    }
    for f in &story.fallbacks {
        ui.colored_label(ui.visuals().warn_fg_color, visible_label(f));
    }
    let base = story.base;
    let list = |ui: &mut egui::Ui,
                words: &mut WordCache,
                title: String,
                passages: &[StoryPassage],
                commands: &mut Vec<Command>| {
        egui::CollapsingHeader::new(format!("({}) {title}", passages.len()))
            .id_salt(&title)
            .default_open(true)
            .show(ui, |ui| {
                if passages.is_empty() {
                    ui.weak("None");
                }
                for p in passages.iter().take(MAX_ENTRIES) {
                    // Number first, outlet last: a plain label has no bidi, so an Arabic name
                    // in the middle of a Latin line would break it up.
                    let heading = format!(
                        "{} \u{00B7} {}",
                        crate::report::content::words_label(p.words),
                        shown.label(p.article)
                    );
                    let response = ui
                        .scope_builder(egui::UiBuilder::new().sense(Sense::click()), |ui| {
                            ui.weak(&heading);
                            let color = ui.visuals().text_color();
                            bidi_text_ui(ui, words, &p.text, 15.0, color, Sense::hover());
                        })
                        .response;
                    let name = format!("{heading}: {}", p.text);
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                    let partner = pair_partner(story, p.article, &p.carried_by);
                    if response.clicked() && partner != p.article {
                        commands.push(Command::OpenStoryPair {
                            a: p.article,
                            b: partner,
                            at: Some(p.first_segment),
                        });
                    }
                    ui.add_space(4.0);
                }
                if passages.len() > MAX_ENTRIES {
                    ui.weak(format!("{} more not shown", passages.len() - MAX_ENTRIES));
                }
            });
    };
    list(
        ui,
        words,
        format!(
            "Core: in every article \u{00B7} read in {}",
            shown.label(base)
        ),
        &shown.core,
        &mut commands,
    );
    // Every outlet's own passages, then what each drops.
    let per_outlet = [
        ("Only in", &shown.only),
        ("Most others carry, dropped by", &shown.dropped),
    ];
    for (title, lists) in per_outlet {
        for (i, passages) in lists.iter().enumerate() {
            let title = format!("{title} {}", shown.label(i));
            list(ui, words, title, passages, &mut commands);
        }
    }
    commands
}
