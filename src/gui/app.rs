//! The application: runtime state, the frame (panels in order), and command handling.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use egui::{Rect, UiBuilder};

use crate::engine::Control;
use crate::load::{self, Document};
use crate::model::{Comparison, Which};

use super::analysis::{Analyzed, counterpart};
use super::banner::{Banner, banners_ui};
use super::command::Command;
use super::find_bar::{FindBar, find_bar_ui, reveal_hit};
use super::fonts::install_fonts;
use super::gutter::{GUTTER_WIDTH, gutter_ui};
use super::inputs::{PasteTarget, fetching_ui, pasted_label_now, take_paste};
use super::jobs::{DialogPurpose, JobResult, Jobs, default_export_name};
use super::legend::legend_ui;
use super::marks::Palette;
use super::menu::menu_bar_ui;
use super::options_panel::options_ui;
use super::overview::{Overview, OverviewInput, overview_ui, split_pane_rect};
use super::pane::{PaneInput, PaneView, ScrollRequest, aligned_offset, pane_header_ui, pane_ui};
use super::path_bar::{PathBar, path_bar_ui};
use super::settings::{
    DEFAULT_FONT_SIZE, MAX_FILE_MB_LIMIT, MAX_FONT_SIZE, MIN_FONT_SIZE, Settings,
};
use super::story_view::{FindMarks, StoryShown, StoryViewState, story_summary_ui, story_ui};
use super::summary_panel::summary_ui;
use super::text::WordCache;
use super::toolbar::{ToolbarState, toolbar_ui};

/// Which tab the side panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideTab {
    Summary,
    Options,
}

/// The running comparison.
struct Running {
    control: Control,
}

/// What the central area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Two articles side by side.
    Pair,
    /// The story: every article, the matrix and the base.
    Story,
}

/// What the window opens on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Launch {
    /// The bundled seed pair.
    Seeds,
    /// One file, as side A, waiting for side B (a file manager opening a single article).
    One(PathBuf),
    /// Two files, side by side.
    Pair(PathBuf, PathBuf),
    /// Three or more files: a story.
    Story(Vec<PathBuf>),
    /// A `.tabayun` story file.
    StoryFile(PathBuf),
}

/// The window's state. Settings are persisted; documents and results are not.
pub struct TabayunApp {
    settings: Settings,
    docs: [Option<Arc<Document>>; 2],
    shown: Option<Box<Analyzed>>,
    /// Bumped for every comparison shown (layouts key on it).
    generation: u64,
    compare_generation: u64,
    running: Option<Running>,
    load_generation: [u64; 2],
    loading: [bool; 2],
    /// The URL being fetched for each side, shown with Cancel while it loads.
    fetching: [Option<String>; 2],
    /// Where the paste asked for (Edit → Paste as …) goes when the clipboard's text arrives.
    pending_paste: Option<PasteTarget>,
    dialog_open: bool,
    exporting: bool,
    jobs: Jobs,
    words: WordCache,
    views: [PaneView; 2],
    current_difference: Option<usize>,
    outline: [Vec<usize>; 2],
    marker: [Option<usize>; 2],
    hovered: Option<(Which, usize)>,
    banners: Vec<Banner>,
    status: Option<String>,
    side_tab: SideTab,
    queued: Vec<Command>,
    path_bar: PathBar,
    /// The one loaded article while the other side is missing, shown unmarked.
    preview: Option<Box<Analyzed>>,
    /// The articles open: the story, of which the pair view shows two.
    articles: Vec<Arc<Document>>,
    /// Which two of `articles` the pair view shows (`docs` are those two).
    pair: Option<[usize; 2]>,
    /// The computed story (three or more articles), and its view's state.
    story: Option<Box<StoryShown>>,
    story_view: StoryViewState,
    /// The article read as the story's base.
    story_base: usize,
    view: View,
    story_generation: u64,
    story_running: Option<Running>,
    /// Story articles still loading.
    articles_loading: usize,
    /// Articles loaded while others still load, with their place in the order asked for.
    articles_loaded: Vec<(u64, Arc<Document>)>,
    /// The next article load's place in the order asked for.
    article_seq: u64,
    /// The find bar and its results.
    find: FindBar,
    /// The overview strips beside the panes.
    overviews: [Overview; 2],
}

/// Narrowest a pane may get before the summary panel gives way.
const MIN_PANE_WIDTH: f32 = 240.0;
/// Narrowest and widest the summary panel may be.
const SIDE_PANEL_WIDTH: std::ops::RangeInclusive<f32> = 200.0..=640.0;

fn index(which: Which) -> usize {
    match which {
        Which::A => 0,
        Which::B => 1,
    }
}

impl TabayunApp {
    /// The app as eframe creates it: settings from storage, then [`Self::with_settings`].
    pub fn new(cc: &eframe::CreationContext<'_>, paths: Option<(PathBuf, PathBuf)>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_settings(&cc.egui_ctx, settings, paths)
    }

    /// Installs fonts and theme on `ctx`, then opens `paths` (loaded and compared off the UI
    /// thread) or, with `None`, the bundled seed pair.
    pub fn with_settings(
        ctx: &egui::Context,
        settings: Settings,
        paths: Option<(PathBuf, PathBuf)>,
    ) -> Self {
        let mut app = Self::blank(ctx, settings);
        match paths {
            Some((a, b)) => {
                app.load(Which::A, a);
                app.load(Which::B, b);
            }
            None => {
                let (a, b) = load::seed_documents();
                app.set_documents(a, b);
            }
        }
        app
    }

    /// Installs fonts and theme on `ctx`, then opens what `launch` names, off the UI thread.
    pub fn with_launch(ctx: &egui::Context, settings: Settings, launch: Launch) -> Self {
        match launch {
            Launch::Seeds => Self::with_settings(ctx, settings, None),
            Launch::One(a) => {
                let mut app = Self::blank(ctx, settings);
                app.load(Which::A, a);
                app
            }
            Launch::Pair(a, b) => Self::with_settings(ctx, settings, Some((a, b))),
            Launch::Story(paths) => {
                let mut app = Self::blank(ctx, settings);
                app.view = View::Story;
                app.add_articles(paths);
                app
            }
            Launch::StoryFile(path) => {
                let mut app = Self::blank(ctx, settings);
                app.view = View::Story;
                app.open_story(path);
                app
            }
        }
    }

    /// The app as eframe creates it, opening what `launch` names.
    pub fn launch(cc: &eframe::CreationContext<'_>, launch: Launch) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_launch(&cc.egui_ctx, settings, launch)
    }

    /// The app showing an already computed comparison, with nothing loading (benchmarks).
    pub fn with_comparison(
        ctx: &egui::Context,
        settings: Settings,
        comparison: Comparison,
    ) -> Self {
        let mut app = Self::blank(ctx, settings);
        app.show_comparison(comparison);
        app
    }

    /// The app showing an already computed story, with nothing loading (the frame benchmark).
    pub fn with_story(ctx: &egui::Context, settings: Settings, story: crate::story::Story) -> Self {
        let mut app = Self::blank(ctx, settings);
        app.articles = story.articles.iter().map(|a| Arc::clone(&a.doc)).collect();
        app.story_base = story.base;
        app.view = View::Story;
        app.story = Some(Box::new(StoryShown::new(story)));
        app.generation += 1;
        app
    }

    /// Installs fonts and theme on `ctx`; no documents yet.
    fn blank(ctx: &egui::Context, mut settings: Settings) -> Self {
        settings.sanitize();
        install_fonts(ctx);
        // Ctrl +/- change the document text size, not egui's zoom.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        ctx.set_theme(settings.theme.theme());
        Self {
            settings,
            docs: [None, None],
            shown: None,
            generation: 0,
            compare_generation: 0,
            running: None,
            load_generation: [0; 2],
            loading: [false; 2],
            fetching: [None, None],
            pending_paste: None,
            dialog_open: false,
            exporting: false,
            jobs: Jobs::new(ctx.clone()),
            words: WordCache::default(),
            views: [PaneView::new(Which::A), PaneView::new(Which::B)],
            current_difference: None,
            outline: [Vec::new(), Vec::new()],
            marker: [None, None],
            hovered: None,
            banners: Vec::new(),
            status: None,
            side_tab: SideTab::Summary,
            queued: Vec::new(),
            path_bar: PathBar::default(),
            preview: None,
            articles: Vec::new(),
            pair: None,
            story: None,
            story_view: StoryViewState::default(),
            story_base: 0,
            view: View::Pair,
            story_generation: 0,
            story_running: None,
            articles_loading: 0,
            articles_loaded: Vec::new(),
            article_seq: 0,
            find: FindBar::default(),
            overviews: [Overview::default(), Overview::default()],
        }
    }

    /// Replaces both documents and compares them (off the UI thread).
    pub fn set_documents(&mut self, a: Document, b: Document) {
        let (a, b) = (Arc::new(a), Arc::new(b));
        self.docs = [Some(Arc::clone(&a)), Some(Arc::clone(&b))];
        self.articles = vec![a, b];
        self.pair = Some([0, 1]);
        self.request_compare();
    }

    /// Shows an already computed comparison (benchmarks, tests); a comparison still running
    /// is cancelled and its result dropped.
    pub fn show_comparison(&mut self, comparison: Comparison) {
        if let Some(running) = self.running.take() {
            running.control.cancel();
        }
        self.compare_generation += 1;
        self.install(Box::new(Analyzed::new(Arc::new(comparison))));
    }

    /// Queues a command, applied at the start of the next frame (tests drive the app this way
    /// when no widget offers the command, e.g. opening given paths).
    pub fn queue(&mut self, command: Command) {
        self.queued.push(command);
    }

    /// Applies a command now.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenA | Command::OpenB => {
                let which = if command == Command::OpenA {
                    Which::A
                } else {
                    Which::B
                };
                self.open_dialog(DialogPurpose::Open(which));
            }
            Command::OpenPath { which, path } => self.load(which, path),
            Command::OpenUrl => self.path_bar.show_url(),
            Command::PasteA | Command::PasteB | Command::PasteArticle => {
                self.pending_paste = Some(match command {
                    Command::PasteA => PasteTarget::Side(Which::A),
                    Command::PasteB => PasteTarget::Side(Which::B),
                    _ => PasteTarget::Article,
                });
                // The integration answers with an `Event::Paste` (handled in `show`).
                ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
            }
            Command::CancelFetch(which) => self.cancel_fetch(which),
            Command::AddArticles => self.open_dialog(DialogPurpose::AddArticles),
            Command::AddArticlePaths(paths) => self.add_articles(paths),
            Command::RemoveArticle(i) => self.remove_article(i),
            Command::SetStoryBase(i) => self.set_story_base(i),
            Command::OpenStoryPair { a, b, at } => self.open_story_pair(a, b, at),
            Command::BackToStory => {
                self.view = View::Story;
                if self.story.is_none() {
                    self.request_story();
                }
            }
            Command::OpenStory => self.open_dialog(DialogPurpose::OpenStory),
            Command::OpenStoryPath(path) => self.open_story(path),
            Command::SaveStory => self.open_dialog(DialogPurpose::SaveStory),
            Command::SaveStoryTo(path) => self.save_story(path),
            Command::ShowPathField(which) => {
                let dir = self.settings.last_folder.clone();
                self.path_bar.show_for(which, dir.as_deref());
            }
            Command::OpenPair(a, b) => {
                self.load(Which::A, a);
                self.load(Which::B, b);
            }
            Command::SwapSides => self.swap_sides(),
            Command::ExportReport => self.open_dialog(DialogPurpose::Export),
            Command::ExportTo(path) => self.export(path),
            Command::ClearRecentFiles => self.settings.recent_files.clear(),
            Command::NextDifference => self.step_difference(true),
            Command::PreviousDifference => self.step_difference(false),
            Command::GoToDifference(i) => self.go_to_difference(i),
            Command::Reveal { a, b } => self.reveal(a, b),
            Command::RevealCounterpart {
                from,
                segment,
                view_y,
            } => self.reveal_counterpart(from, segment, view_y),
            Command::SetMatchOptions(options) => {
                if options != self.settings.match_options {
                    self.settings.match_options = options;
                    self.request_compare();
                    if self.articles.len() >= 3 {
                        self.request_story();
                    }
                }
            }
            Command::ZoomIn => self.set_font_size(self.settings.font_size + 2.0),
            Command::ZoomOut => self.set_font_size(self.settings.font_size - 2.0),
            Command::ZoomReset => self.set_font_size(DEFAULT_FONT_SIZE),
            Command::SetFontSize(size) => self.set_font_size(size),
            Command::SetMaxFileMb(mb) => self.settings.max_file_mb = mb.clamp(1, MAX_FILE_MB_LIMIT),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme.theme());
            }
            Command::ToggleLinkedScrolling => {
                self.settings.linked_scrolling = !self.settings.linked_scrolling;
            }
            Command::ToggleSummary => self.settings.show_summary = !self.settings.show_summary,
            Command::CancelComparison => {
                for running in [&self.running, &self.story_running].into_iter().flatten() {
                    running.control.cancel();
                }
            }
            Command::DismissBanner(i) => {
                if i < self.banners.len() {
                    self.banners.remove(i);
                }
            }
            Command::CopyText(text) => {
                ctx.copy_text(text);
                self.status = Some("Copied".to_owned());
            }
            Command::OpenFind => self.find.open(),
            Command::Find(words) => {
                self.find.open();
                self.find.query = words;
            }
            Command::CloseFind => self.find.close(),
            Command::NextHit => self.step_hit(true),
            Command::PreviousHit => self.step_hit(false),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
        ctx.request_repaint();
    }

    // ---- state for tests and the benchmark ----

    /// The persisted settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The comparison on screen.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.shown.as_deref().map(|s| &*s.comparison)
    }

    /// The comparison on screen with its derived data.
    pub fn analyzed(&self) -> Option<&Analyzed> {
        self.shown.as_deref()
    }

    /// Index of the current (outlined) difference.
    pub fn current_difference(&self) -> Option<usize> {
        self.current_difference
    }

    /// Outlined segments of a side (the current difference).
    pub fn outlined(&self, which: Which) -> &[usize] {
        &self.outline[index(which)]
    }

    /// Scroll offset of a pane, in points.
    pub fn scroll_offset(&self, which: Which) -> f32 {
        self.views[index(which)].offset
    }

    /// True while the find bar is shown.
    pub fn find_open(&self) -> bool {
        self.find.open
    }

    /// Byte ranges of the find hits highlighted on a side (none while the bar is closed).
    pub fn find_hits(&self, which: Which) -> Vec<std::ops::Range<usize>> {
        self.find
            .hits(which)
            .iter()
            .map(|h| h.bytes.clone())
            .collect()
    }

    /// The current find hit: its side and byte range.
    pub fn current_find_hit(&self) -> Option<(Which, std::ops::Range<usize>)> {
        let (which, i) = self.find.current()?;
        Some((which, self.find.hits(which).get(i)?.bytes.clone()))
    }

    /// The pane of a side.
    pub fn pane(&self, which: Which) -> &PaneView {
        &self.views[index(which)]
    }

    /// Visible words of a pane with their screen rectangles.
    pub fn visible_words(&self, which: Which) -> Vec<(String, Rect)> {
        match self.shown.as_deref().or(self.preview.as_deref()) {
            Some(shown) => self.views[index(which)].visible_words(shown),
            None => Vec::new(),
        }
    }

    /// What the central area shows.
    pub fn view(&self) -> View {
        self.view
    }

    /// The computed story, if three or more articles are open.
    pub fn story(&self) -> Option<&StoryShown> {
        self.story.as_deref()
    }

    /// The articles open (the story's; the pair view shows two of them).
    pub fn articles(&self) -> &[Arc<Document>] {
        &self.articles
    }

    /// Segment of the story's base text under the pointer.
    pub fn story_hovered(&self) -> Option<usize> {
        self.story_view.hovered
    }

    /// True while the path field is shown.
    pub fn path_field_open(&self) -> bool {
        self.path_bar.open
    }

    /// Messages of the error banners.
    pub fn banner_messages(&self) -> Vec<String> {
        self.banners.iter().map(|b| b.message.clone()).collect()
    }

    /// True while loading, comparing, exporting or a dialog is open.
    pub fn is_busy(&self) -> bool {
        self.loading.iter().any(|l| *l)
            || self.running.is_some()
            || self.exporting
            || self.story_running.is_some()
            || self.articles_loading > 0
    }

    /// Waits (without frames) until background work is done or `timeout` passes, handling
    /// results as they arrive. Returns false on timeout.
    pub fn wait_until_idle(&mut self, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.is_busy() {
            let now = std::time::Instant::now();
            if now >= deadline {
                return false;
            }
            if let Some(result) = self.jobs.wait(deadline - now) {
                self.handle(result);
            }
        }
        true
    }

    // ---- the frame ----

    /// One frame: poll background work, show the panels, apply the commands they returned.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        for result in self.jobs.poll() {
            self.handle(result);
        }
        if self.words.begin_frame(&ctx) {
            self.views.iter_mut().for_each(PaneView::invalidate);
        }
        let mut commands = std::mem::take(&mut self.queued);
        commands.extend(Command::from_shortcuts(&ctx));
        commands.extend(self.dropped_files(&ctx));
        if self.pending_paste.is_some()
            && let Some(text) = take_paste(&ctx)
        {
            commands.extend(self.paste(text));
        }

        egui::Panel::top("menu").show(ui, |ui| {
            let can_export = self.shown.is_some() || self.story.is_some();
            commands.extend(menu_bar_ui(ui, &self.settings, can_export));
        });
        egui::Panel::top("toolbar").show(ui, |ui| {
            commands.extend(toolbar_ui(ui, &self.toolbar_state()));
        });
        if !self.banners.is_empty() {
            egui::Panel::top("banners").show(ui, |ui| {
                commands.extend(banners_ui(ui, &self.banners));
            });
        }
        if self.fetching.iter().any(Option::is_some) {
            egui::Panel::top("fetching").show(ui, |ui| {
                commands.extend(fetching_ui(ui, &self.fetching));
            });
        }
        if self.path_bar.open {
            egui::Panel::top("path").show(ui, |ui| {
                commands.extend(path_bar_ui(ui, &mut self.path_bar));
            });
        }
        if self.find.open {
            self.refresh_find();
            egui::Panel::top("find").show(ui, |ui| {
                commands.extend(find_bar_ui(ui, &mut self.find));
            });
        }
        egui::Panel::bottom("legend").show(ui, |ui| {
            // The story view draws its own legend, above the base text.
            if self.view == View::Pair {
                legend_ui(ui, &Palette::new(ui.visuals()), self.find.open);
            }
            if let Some(status) = &self.status {
                ui.weak(status);
            }
        });
        // The summary gives way to the panes: it never leaves them narrower than
        // MIN_PANE_WIDTH, and is hidden (View > Show summary brings it back when there is room)
        // when even its narrowest would.
        let room = ui.available_width() - 2.0 * MIN_PANE_WIDTH - GUTTER_WIDTH;
        if self.settings.show_summary && room >= *SIDE_PANEL_WIDTH.start() {
            egui::Panel::right("side")
                .resizable(true)
                .default_size(360.0_f32.min(room))
                .size_range(*SIDE_PANEL_WIDTH.start()..=SIDE_PANEL_WIDTH.end().min(room))
                .show(ui, |ui| commands.extend(self.side_panel_ui(ui)));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(self.central_ui(ui));
        });
        self.drop_overlay_ui(ui);

        for command in commands {
            self.apply(&ctx, command);
        }
        if self.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }

    fn toolbar_state(&self) -> ToolbarState {
        ToolbarState {
            current: self.current_difference,
            total: self.shown.as_ref().map_or(0, |s| s.differences.len()),
            linked: self.settings.linked_scrolling,
            progress: self
                .running
                .as_ref()
                .or(self.story_running.as_ref())
                .map(|r| r.control.progress_permille() as f32 / 1000.0),
            loading: self.loading.iter().any(|l| *l) || self.articles_loading > 0,
            has_comparison: self.shown.is_some(),
            back_to_story: self.view == View::Pair && self.articles.len() >= 3,
        }
    }

    fn side_panel_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.side_tab, SideTab::Summary, "Summary");
            ui.selectable_value(&mut self.side_tab, SideTab::Options, "Options");
        });
        ui.separator();
        // A solid scroll bar takes its own column: a floating one covered the first letter of
        // right-aligned lines.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        egui::ScrollArea::vertical()
            .id_salt(("side", self.side_tab == SideTab::Summary))
            .auto_shrink(false)
            .show(ui, |ui| match (self.side_tab, &self.shown) {
                (SideTab::Summary, _) if self.view == View::Story => match &self.story {
                    Some(story) => story_summary_ui(ui, &mut self.words, story),
                    None => {
                        ui.weak("Comparing the story's articles…");
                        Vec::new()
                    }
                },
                (SideTab::Summary, Some(shown)) => summary_ui(ui, &mut self.words, shown),
                (SideTab::Summary, None) => {
                    ui.weak("No comparison yet.");
                    Vec::new()
                }
                (SideTab::Options, _) => options_ui(ui, &self.settings),
            })
            .inner
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        if self.view == View::Story {
            return match self.story.as_deref() {
                Some(story) => story_ui(
                    ui,
                    &mut self.story_view,
                    &mut self.words,
                    story,
                    self.generation,
                    self.settings.font_size,
                    FindMarks {
                        hits: self.find.hits(Which::A),
                        current: self.find.current_on(Which::A),
                    },
                ),
                None => {
                    ui.centered_and_justified(|ui| {
                        if self.is_busy() {
                            ui.spinner();
                        } else {
                            ui.label(
                                "Open three or more articles for a story: File > Add articles…",
                            );
                        }
                    });
                    Vec::new()
                }
            };
        }
        let full = ui.available_rect_before_wrap();
        let rects = pane_rects(full);
        let Some(shown) = self.shown.as_deref() else {
            if self.preview.is_some() {
                return self.preview_ui(ui, rects);
            }
            ui.centered_and_justified(|ui| {
                if self.is_busy() {
                    ui.spinner();
                } else {
                    ui.label(
                        "Open two articles with File > Open A… and Open B…, or drop files here.",
                    );
                }
            });
            return Vec::new();
        };
        let mut commands = Vec::new();
        let palette = Palette::new(ui.visuals());
        let hover = hover_sets(shown, self.hovered);
        let mut user_scrolled = [false; 2];
        for which in [Which::A, Which::B] {
            let i = index(which);
            let (strip, rest) = split_pane_rect(rects[i], which);
            let mut child = pane_child(ui, rest);
            pane_header_ui(
                &mut child,
                &mut self.words,
                shown.comparison.side(which),
                which,
            );
            child.separator();
            let input = PaneInput {
                analyzed: shown,
                generation: self.generation,
                font_size: self.settings.font_size,
                palette,
                hover: &hover[i],
                outline: &self.outline[i],
                marker: self.marker[i],
                find: self.find.hits(which),
                current_hit: self.find.current_on(which),
            };
            let out = pane_ui(&mut child, &mut self.views[i], &mut self.words, &input);
            commands.extend(out.commands);
            user_scrolled[i] = out.user_scrolled;
            let strip = Rect::from_x_y_ranges(strip.x_range(), self.views[i].screen_rect.y_range());
            let overview = OverviewInput {
                analyzed: shown,
                which,
                hits: self.find.hits(which),
                current_hit: self.find.current_on(which),
                palette,
            };
            overview_ui(
                ui,
                strip,
                &mut self.overviews[i],
                &mut self.views[i],
                &overview,
            );
        }
        let gutter = Rect::from_x_y_ranges(
            rects[0].right()..=rects[1].left(),
            self.views[0].screen_rect.y_range(),
        );
        let hovered_move = self.hovered.and_then(|(w, s)| {
            shown
                .comparison
                .side(w)
                .segments
                .get(s)
                .and_then(|seg| seg.move_id)
        });
        commands.extend(gutter_ui(
            ui,
            gutter,
            shown,
            [&self.views[0], &self.views[1]],
            &palette,
            hovered_move,
        ));
        ui.advance_cursor_after_rect(full);
        self.after_panes(ui.ctx(), user_scrolled);
        commands
    }

    /// The one loaded article in its pane, unmarked, and in the other pane what is missing.
    fn preview_ui(&mut self, ui: &mut egui::Ui, rects: [Rect; 2]) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some(preview) = self.preview.as_deref() else {
            return commands;
        };
        let present = if preview.comparison.a.path.is_empty() {
            Which::B
        } else {
            Which::A
        };
        let missing = present.other();
        let i = index(present);
        let mut child = pane_child(ui, rects[i]);
        pane_header_ui(
            &mut child,
            &mut self.words,
            preview.comparison.side(present),
            present,
        );
        child.separator();
        let input = PaneInput {
            analyzed: preview,
            generation: self.generation,
            font_size: self.settings.font_size,
            palette: Palette::new(ui.visuals()),
            hover: &[],
            outline: &[],
            marker: None,
            find: &[],
            current_hit: None,
        };
        commands.extend(pane_ui(&mut child, &mut self.views[i], &mut self.words, &input).commands);
        let mut other = pane_child(ui, rects[index(missing)]);
        other.strong(missing.label());
        other.separator();
        other.vertical_centered(|ui| {
            ui.add_space(40.0);
            if self.loading[index(missing)] {
                ui.spinner();
                ui.label(format!("Loading {}…", missing.label()));
            } else {
                ui.label(format!(
                    "{} is missing: open it to compare with {}.",
                    missing.label(),
                    preview.comparison.side(present).file_name()
                ));
                let open = match missing {
                    Which::A => Command::OpenA,
                    Which::B => Command::OpenB,
                };
                if open.button_ui(ui) {
                    commands.push(open);
                }
                if Command::ShowPathField(missing).button_ui(ui) {
                    commands.push(Command::ShowPathField(missing));
                }
                ui.weak("or drop a file on this pane");
            }
        });
        ui.advance_cursor_after_rect(rects[0].union(rects[1]));
        commands
    }

    /// Hover tracking and aligned scrolling, once both panes have been shown.
    fn after_panes(&mut self, ctx: &egui::Context, user_scrolled: [bool; 2]) {
        let hovered = self.views[0]
            .hovered
            .map(|s| (Which::A, s))
            .or(self.views[1].hovered.map(|s| (Which::B, s)));
        if hovered != self.hovered {
            self.hovered = hovered;
            ctx.request_repaint();
        }
        let Some(shown) = self.shown.as_deref() else {
            return;
        };
        if !self.settings.linked_scrolling {
            return;
        }
        for (from, to) in [(Which::A, Which::B), (Which::B, Which::A)] {
            let (f, t) = (index(from), index(to));
            if user_scrolled[f] && !self.views[t].has_pending_scroll() {
                if let Some(y) = aligned_offset(shown, from, &self.views[f], &self.views[t])
                    && (y - self.views[t].offset).abs() > 0.5
                {
                    self.views[t].request_scroll(ScrollRequest::Offset(y));
                    ctx.request_repaint();
                }
                break;
            }
        }
    }

    fn drop_overlay_ui(&self, ui: &mut egui::Ui) {
        let hovering = ui.ctx().input(|i| i.raw.hovered_files.len());
        if hovering == 0 {
            return;
        }
        let screen = ui.ctx().content_rect();
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("tabayun-drop"),
        ));
        painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
        let text = if hovering >= 2 {
            "Drop to open the first file as A and the second as B"
        } else {
            "Drop on a pane to open the file there"
        };
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(22.0),
            egui::Color32::WHITE,
        );
    }

    fn dropped_files(&self, ctx: &egui::Context) -> Vec<Command> {
        let (paths, pointer): (Vec<PathBuf>, _) = ctx.input(|i| {
            (
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect(),
                i.pointer.latest_pos(),
            )
        });
        if let Some(story) = paths.iter().find(|p| crate::story::file::is_story_path(p)) {
            return vec![Command::OpenStoryPath(story.clone())];
        }
        // Onto a story, or three or more at once: they all join the story.
        if !paths.is_empty() && (self.view == View::Story || paths.len() >= 3) {
            return vec![Command::AddArticlePaths(paths)];
        }
        match paths.as_slice() {
            [] => Vec::new(),
            [one] => {
                let on_b = pointer.is_some_and(|p| self.views[1].screen_rect.contains(p));
                let which = if on_b { Which::B } else { Which::A };
                vec![Command::OpenPath {
                    which,
                    path: one.clone(),
                }]
            }
            [a, b, ..] => vec![Command::OpenPair(a.clone(), b.clone())],
        }
    }

    // ---- background work ----

    fn load(&mut self, which: Which, path: PathBuf) {
        let i = index(which);
        self.load_generation[i] += 1;
        self.loading[i] = true;
        self.fetching[i] = path
            .to_str()
            .filter(|p| crate::load::is_url(p))
            .map(str::to_owned);
        self.jobs.load(
            which,
            path,
            self.load_generation[i],
            self.settings.load_options(),
        );
    }

    /// Stops waiting for the page fetched for `which`: its result will be dropped (the request
    /// itself ends within the fetch timeout on its worker); what is shown stays.
    fn cancel_fetch(&mut self, which: Which) {
        let i = index(which);
        if self.fetching[i].take().is_some() {
            self.load_generation[i] += 1;
            self.loading[i] = false;
            self.status = Some("Fetch cancelled; the previous comparison stays".to_owned());
        }
    }

    /// The clipboard's text for the pending paste: a URL is fetched, other text becomes an
    /// article named "Pasted HH:MM".
    fn paste(&mut self, text: String) -> Vec<Command> {
        let Some(target) = self.pending_paste.take() else {
            return Vec::new();
        };
        if let crate::load::Clipboard::Url(url) = crate::load::Clipboard::of(&text) {
            let path = PathBuf::from(url);
            return vec![match target {
                PasteTarget::Side(which) => Command::OpenPath { which, path },
                PasteTarget::Article => Command::AddArticlePaths(vec![path]),
            }];
        }
        let label = pasted_label_now();
        let result = crate::load::from_clipboard(&label, &text).map_err(|e| e.to_string());
        match target {
            PasteTarget::Side(which) => {
                let i = index(which);
                self.load_generation[i] += 1;
                let generation = self.load_generation[i];
                self.loaded(generation, which, PathBuf::from(label), result);
            }
            PasteTarget::Article => {
                self.articles_loading += 1;
                self.article_seq += 1;
                self.handle(JobResult::LoadedArticle {
                    generation: self.article_seq,
                    path: PathBuf::from(label),
                    result,
                });
            }
        }
        Vec::new()
    }

    fn request_compare(&mut self) {
        let [Some(a), Some(b)] = &self.docs else {
            return;
        };
        if self.loading.iter().any(|l| *l) {
            return; // compared when the other load finishes
        }
        if let Some(old) = self.running.take() {
            old.control.cancel();
        }
        self.compare_generation += 1;
        let control = Control::default();
        self.jobs.compare(
            Arc::clone(a),
            Arc::clone(b),
            self.settings.match_options.clone(),
            control.clone(),
            self.compare_generation,
        );
        self.running = Some(Running { control });
    }

    fn open_dialog(&mut self, purpose: DialogPurpose) {
        if self.dialog_open {
            return;
        }
        let name = match purpose {
            DialogPurpose::Export => match (&self.story, &self.shown) {
                (Some(story), _) if self.view == View::Story => {
                    Some(crate::report::coverage::default_file_name(
                        &story.story,
                        crate::report::Format::Html,
                    ))
                }
                (_, Some(shown)) => Some(default_export_name(&shown.comparison)),
                _ => return,
            },
            DialogPurpose::SaveStory => Some(format!("story.{}", crate::story::file::EXTENSION)),
            DialogPurpose::Open(_) | DialogPurpose::AddArticles | DialogPurpose::OpenStory => None,
        };
        // Both dialogs start in the folder of the last article opened (else the working
        // folder), never in the dialog's own "Recent" view.
        let dir = self
            .settings
            .last_folder
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok());
        self.dialog_open = true;
        self.jobs.dialog(purpose, name, dir);
    }

    /// Where an export goes unless the user says otherwise: the proposed file name in the
    /// folder of the last article.
    fn export_suggestion(&self) -> PathBuf {
        let name = match (&self.story, &self.shown) {
            (Some(story), _) if self.view == View::Story => {
                crate::report::coverage::default_file_name(
                    &story.story,
                    crate::report::Format::Html,
                )
            }
            (_, Some(s)) => default_export_name(&s.comparison),
            _ => "report.html".to_owned(),
        };
        match self.settings.last_folder.as_ref().filter(|d| d.is_dir()) {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        }
    }

    /// Exports what is on screen: the story report in the story view, else the pair report.
    fn export(&mut self, path: PathBuf) {
        match (&self.story, &self.shown) {
            (Some(story), _) if self.view == View::Story => {
                self.jobs.export_story(story.story.clone(), path.clone());
            }
            (_, Some(shown)) => self
                .jobs
                .export(Arc::clone(&shown.comparison), path.clone()),
            _ => return,
        }
        self.exporting = true;
        self.status = Some(format!("Exporting to {}…", path.display()));
    }

    fn handle(&mut self, result: JobResult) {
        match result {
            JobResult::Loaded {
                generation,
                which,
                path,
                result,
            } => self.loaded(generation, which, path, result),
            JobResult::Compared { generation, result } => {
                if generation != self.compare_generation {
                    return; // stale: a newer comparison was started
                }
                self.running = None;
                match result {
                    Ok(analyzed) => self.install(analyzed),
                    Err(None) => {
                        self.status =
                            Some("Comparison cancelled; the previous result stays".to_owned());
                    }
                    Err(Some(message)) => self.error(format!("Could not compare: {message}")),
                }
            }
            JobResult::Picked {
                purpose,
                path,
                unavailable,
            } => {
                self.dialog_open = false;
                match (purpose, path) {
                    (DialogPurpose::Open(which), Some(path)) => self.load(which, path),
                    (DialogPurpose::Export, Some(path)) => self.export(path),
                    (DialogPurpose::OpenStory, Some(path)) => self.open_story(path),
                    (DialogPurpose::SaveStory, Some(path)) => self.save_story(path),
                    (DialogPurpose::AddArticles, Some(path)) => self.add_articles(vec![path]),
                    (DialogPurpose::Open(which), None) if unavailable => {
                        self.error(NO_DIALOG_MESSAGE.to_owned());
                        let dir = self.settings.last_folder.clone();
                        self.path_bar.show_for(which, dir.as_deref());
                    }
                    (DialogPurpose::Export, None) if unavailable => {
                        self.error(format!(
                            "{NO_DIALOG_MESSAGE} To export, type a file name ending in .html, \
                             .pdf, .md, .json or .txt in the path field and press Enter."
                        ));
                        self.path_bar.show_export(self.export_suggestion());
                    }
                    (_, None) => {}
                }
            }
            JobResult::PickedMany { paths, unavailable } => {
                self.dialog_open = false;
                if paths.is_empty() && unavailable {
                    self.error(NO_DIALOG_MESSAGE.to_owned());
                    let dir = self.settings.last_folder.clone();
                    self.path_bar.show_for(Which::A, dir.as_deref());
                } else if !paths.is_empty() {
                    self.add_articles(paths);
                }
            }
            JobResult::LoadedArticle {
                generation,
                path,
                result,
            } => {
                self.articles_loading = self.articles_loading.saturating_sub(1);
                match result {
                    Ok(doc) => {
                        if doc.format != crate::load::Format::Clipboard {
                            self.settings.add_recent(path);
                        }
                        self.articles_loaded.push((generation, Arc::new(doc)));
                    }
                    Err(message) => self.error(format!(
                        "Could not add {} to the story: {message}",
                        file_label(&path)
                    )),
                }
                if self.articles_loading == 0 {
                    // In the order the files were given, whatever order they loaded in.
                    let mut loaded = std::mem::take(&mut self.articles_loaded);
                    loaded.sort_by_key(|(seq, _)| *seq);
                    self.articles.extend(loaded.into_iter().map(|(_, d)| d));
                    self.articles_changed();
                }
            }
            JobResult::StoryOpened { path, result } => {
                self.articles_loading = self.articles_loading.saturating_sub(1);
                match result {
                    Ok(opened) => {
                        for problem in &opened.problems {
                            self.error(format!("{}: {problem}", file_label(&path)));
                        }
                        self.settings.match_options = opened.file.options.clone();
                        self.story_base = opened.base();
                        self.articles = opened.docs();
                        self.settings.add_recent(path);
                        self.articles_changed();
                    }
                    Err(message) => self.error(format!(
                        "Could not open the story {}: {message}",
                        file_label(&path)
                    )),
                }
            }
            JobResult::StoryComputed { generation, result } => {
                if generation != self.story_generation {
                    return;
                }
                self.story_running = None;
                match result {
                    Ok(story) => {
                        self.story_base = story.story.base;
                        self.story = Some(story);
                        self.story_view.invalidate();
                        self.generation += 1;
                    }
                    Err(None) => {
                        self.status = Some("Story comparison cancelled".to_owned());
                    }
                    Err(Some(message)) => {
                        self.error(format!("Could not compare the story: {message}"));
                    }
                }
            }
            JobResult::StorySaved { result } => {
                self.exporting = false;
                match result {
                    Ok(path) => self.status = Some(format!("Saved {}", path.display())),
                    Err(message) => self.error(format!("Could not save the story: {message}")),
                }
            }
            JobResult::Exported { result } => {
                self.exporting = false;
                match result {
                    Ok(path) => self.status = Some(format!("Exported {}", path.display())),
                    Err(message) => self.error(format!("Could not export the report: {message}")),
                }
            }
        }
    }

    fn loaded(
        &mut self,
        generation: u64,
        which: Which,
        path: PathBuf,
        result: Result<Document, String>,
    ) {
        let i = index(which);
        if generation != self.load_generation[i] {
            return;
        }
        self.loading[i] = false;
        self.fetching[i] = None;
        match result {
            Ok(doc) => {
                // A paste has no file to open again.
                let pasted = doc.format == crate::load::Format::Clipboard;
                self.docs[i] = Some(Arc::new(doc));
                if !pasted {
                    self.settings.add_recent(path);
                }
                // The problem a banner named for this side is gone.
                self.banners.retain(|b| b.side != Some(which));
                self.pair_side_loaded(which);
                self.update_preview();
                self.request_compare();
            }
            Err(message) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                self.error_about(
                    Some(which),
                    format!("Could not open {name} as {}: {message}", which.label()),
                );
                // The other side may have been waiting for this one.
                self.request_compare_if_changed();
            }
        }
    }

    /// After a failed load: compare if the documents differ from what is shown.
    fn request_compare_if_changed(&mut self) {
        let differs = match (&self.shown, &self.docs) {
            (Some(shown), [Some(a), Some(b)]) => {
                shown.comparison.a.text != a.text || shown.comparison.b.text != b.text
            }
            (None, _) => true,
            _ => false,
        };
        if differs {
            self.request_compare();
        }
    }

    fn error(&mut self, message: String) {
        self.error_about(None, message);
    }

    /// A banner, about `side` when the problem is one side's (it goes when that side loads).
    fn error_about(&mut self, side: Option<Which>, message: String) {
        // File names and loader messages come from outside: never raw into a label.
        let message = super::text::visible_label(&message);
        self.banners.push(Banner { message, side });
    }

    /// While only one side has an article, it is shown alone (unmarked); with both, or none,
    /// there is no preview.
    fn update_preview(&mut self) {
        self.preview = match &self.docs {
            [Some(doc), None] => Some(Box::new(Analyzed::single(doc, Which::A))),
            [None, Some(doc)] => Some(Box::new(Analyzed::single(doc, Which::B))),
            _ => None,
        };
        if self.preview.is_some() {
            self.generation += 1;
        }
    }

    fn install(&mut self, analyzed: Box<Analyzed>) {
        let same_texts = self.shown.as_ref().is_some_and(|old| {
            old.comparison.a.path == analyzed.comparison.a.path
                && old.comparison.b.path == analyzed.comparison.b.path
        });
        let title = format!(
            "tabayun - {} vs {}",
            analyzed.comparison.a.file_name(),
            analyzed.comparison.b.file_name()
        );
        self.generation += 1;
        self.shown = Some(analyzed);
        self.preview = None;
        self.current_difference = None;
        self.outline = [Vec::new(), Vec::new()];
        self.marker = [None, None];
        self.hovered = None;
        for view in &mut self.views {
            let offset = if same_texts { view.offset } else { 0.0 };
            view.request_scroll(ScrollRequest::Offset(offset));
        }
        self.jobs_ctx()
            .send_viewport_cmd(egui::ViewportCommand::Title(title));
    }

    fn jobs_ctx(&self) -> &egui::Context {
        self.jobs.ctx()
    }

    // ---- navigation ----

    fn step_difference(&mut self, forward: bool) {
        let Some(shown) = &self.shown else {
            return;
        };
        let n = shown.differences.len();
        if n == 0 {
            return;
        }
        let next = match (self.current_difference, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1).min(n - 1),
            (Some(i), false) => i.saturating_sub(1),
        };
        self.go_to_difference(next);
    }

    fn go_to_difference(&mut self, i: usize) {
        let Some(shown) = &self.shown else {
            return;
        };
        let Some(d) = shown.differences.get(i) else {
            return;
        };
        self.current_difference = Some(i);
        for which in [Which::A, Which::B] {
            let w = index(which);
            self.outline[w] = d.outline(&shown.comparison, which);
            self.marker[w] = self.outline[w].is_empty().then(|| d.at(which));
        }
        let (a, b) = (d.a_at, d.b_at);
        self.reveal(Some(a), Some(b));
    }

    /// Brings the find results up to date with what the central area shows.
    fn refresh_find(&mut self) {
        if self.view == View::Story {
            self.find
                .refresh_story(self.story.as_deref(), self.generation);
        } else {
            self.find.refresh(self.shown.as_deref(), self.generation);
        }
    }

    /// The next or previous find hit in reading order (opens the bar when closed).
    fn step_hit(&mut self, forward: bool) {
        if !self.find.open {
            self.find.open();
            return;
        }
        self.refresh_find();
        if self.view == View::Story {
            if let Some((which, i)) = self.find.step(forward)
                && let Some(hit) = self.find.hits(which).get(i)
                && let Some(story) = self.story.as_deref()
                && let Some(doc) = story.docs.get(story.story.base)
            {
                self.story_view.reveal_byte(doc, hit.bytes.start);
            }
            return;
        }
        let Some(shown) = self.shown.as_deref() else {
            return;
        };
        if let Some((which, i)) = self.find.step(forward)
            && let Some(hit) = self.find.hits(which).get(i)
        {
            let linked = self.settings.linked_scrolling;
            reveal_hit(shown, &mut self.views, which, hit.bytes.clone(), linked);
        }
    }

    fn reveal(&mut self, a: Option<usize>, b: Option<usize>) {
        for (which, seg) in [(Which::A, a), (Which::B, b)] {
            if let Some(seg) = seg {
                let view = &mut self.views[index(which)];
                let view_y = view.viewport_height / 3.0;
                view.request_scroll(ScrollRequest::Segment { seg, view_y });
            }
        }
    }

    fn reveal_counterpart(&mut self, from: Which, segment: usize, view_y: f32) {
        let Some(shown) = &self.shown else {
            return;
        };
        let seg = counterpart(&shown.comparison, from, segment);
        self.views[index(from.other())].request_scroll(ScrollRequest::Segment { seg, view_y });
    }

    fn swap_sides(&mut self) {
        self.docs.swap(0, 1);
        if let Some(pair) = &mut self.pair {
            pair.swap(0, 1);
        }
        self.load_generation.swap(0, 1);
        self.loading.swap(0, 1);
        self.request_compare();
    }

    // ---- the story ----

    /// Loads `paths` and adds them to the articles (a story from three on), off the UI thread.
    fn add_articles(&mut self, paths: Vec<PathBuf>) {
        let room =
            crate::story::MAX_ARTICLES.saturating_sub(self.articles.len() + self.articles_loading);
        if paths.len() > room {
            self.error(format!(
                "A story holds at most {} articles: {} of the files were not added.",
                crate::story::MAX_ARTICLES,
                paths.len() - room
            ));
        }
        for path in paths.into_iter().take(room) {
            self.articles_loading += 1;
            self.article_seq += 1;
            self.jobs
                .load_article(path, self.article_seq, self.settings.load_options());
        }
    }

    fn remove_article(&mut self, i: usize) {
        if i < self.articles.len() {
            self.articles.remove(i);
            if self.story_base >= i && self.story_base > 0 {
                self.story_base -= 1;
            }
            self.articles_changed();
        }
    }

    fn set_story_base(&mut self, i: usize) {
        self.story_base = i;
        if let Some(story) = &mut self.story {
            story.set_base(i);
        }
        self.story_view.invalidate();
        self.generation += 1;
    }

    /// The set of articles changed: three or more are a story (computed off the UI thread);
    /// two are shown as a pair; fewer leave what is on screen.
    fn articles_changed(&mut self) {
        self.story = None;
        self.story_base = self.story_base.min(self.articles.len().saturating_sub(1));
        match self.articles.len() {
            0 | 1 => {}
            2 => {
                self.view = View::Pair;
                self.pair = Some([0, 1]);
                self.docs = [
                    self.articles.first().cloned(),
                    self.articles.get(1).cloned(),
                ];
                self.request_compare();
            }
            _ => {
                self.view = View::Story;
                self.request_story();
            }
        }
    }

    fn request_story(&mut self) {
        if self.articles.len() < 3 {
            return;
        }
        if let Some(old) = self.story_running.take() {
            old.control.cancel();
        }
        self.story_generation += 1;
        let control = Control::default();
        self.jobs.compute_story(
            self.articles.clone(),
            self.story_base.min(self.articles.len() - 1),
            self.settings.match_options.clone(),
            control.clone(),
            self.story_generation,
        );
        self.story_running = Some(Running { control });
    }

    /// Shows the pair view of story articles `a` and `b` from the story's own comparison (no
    /// recomputation), scrolled to story segment `at` of `a` when given.
    fn open_story_pair(&mut self, a: usize, b: usize, at: Option<usize>) {
        let Some(story) = &self.story else {
            return;
        };
        let Some((c, side_of_a)) = story.story.pair(a, b) else {
            return;
        };
        let offset = at.and_then(|s| {
            story
                .story
                .articles
                .get(a)?
                .segments
                .get(s)
                .map(|g| g.start)
        });
        let c = c.clone();
        let (lo, hi) = (a.min(b), a.max(b));
        self.docs = [
            self.articles.get(lo).cloned(),
            self.articles.get(hi).cloned(),
        ];
        self.pair = Some([lo, hi]);
        self.view = View::Pair;
        self.show_comparison(c);
        if let (Some(offset), Some(shown)) = (offset, &self.shown) {
            let segs = &shown.comparison.side(side_of_a).segments;
            let k = segs
                .partition_point(|s| s.end <= offset)
                .min(segs.len().saturating_sub(1));
            let other = counterpart(&shown.comparison, side_of_a, k);
            let (sa, sb) = match side_of_a {
                Which::A => (k, other),
                Which::B => (other, k),
            };
            self.reveal(Some(sa), Some(sb));
        }
    }

    fn open_story(&mut self, path: PathBuf) {
        self.articles_loading += 1;
        self.jobs.open_story(path, self.settings.load_options());
    }

    fn save_story(&mut self, path: PathBuf) {
        let docs: Vec<&Document> = self.articles.iter().map(|d| &**d).collect();
        if docs.is_empty() {
            return;
        }
        let file = crate::story::file::StoryFile::new(
            &docs,
            self.story_base,
            &self.settings.match_options,
            &path,
        );
        self.exporting = true;
        self.jobs.save_story(file, path);
    }

    /// A side of the pair view loaded a new article: it takes that article's place in the set.
    fn pair_side_loaded(&mut self, which: Which) {
        let Some(doc) = self.docs[index(which)].clone() else {
            return;
        };
        match self.pair {
            Some(pair) if self.articles.len() >= 2 => {
                if let Some(slot) = self.articles.get_mut(pair[index(which)]) {
                    *slot = doc;
                }
                // The story no longer matches its articles: compared again when shown.
                self.story = None;
            }
            _ => {
                self.articles = self.docs.iter().flatten().cloned().collect();
                self.pair = (self.articles.len() == 2).then_some([0, 1]);
            }
        }
    }

    fn set_font_size(&mut self, size: f32) {
        if size.is_finite() {
            self.settings.font_size = size.round().clamp(MIN_FONT_SIZE, MAX_FONT_SIZE);
        }
    }
}

/// A path's file name for messages (the whole path when it has none).
fn file_label(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The banner when no file dialog could open.
const NO_DIALOG_MESSAGE: &str = "No file dialog could be opened (this desktop has no file \
    chooser portal and no zenity). Type or paste the path in the field above instead.";

/// The two panes' rectangles in `full`, with the gutter between: equal halves, never wider
/// than `full` (a narrow window squeezes them rather than pushing B out of sight).
fn pane_rects(full: Rect) -> [Rect; 2] {
    let pane_width = ((full.width() - GUTTER_WIDTH) / 2.0).max(0.0);
    [
        Rect::from_min_size(full.min, egui::vec2(pane_width, full.height())),
        Rect::from_min_size(
            full.min + egui::vec2(pane_width + GUTTER_WIDTH, 0.0),
            egui::vec2(pane_width, full.height()),
        ),
    ]
}

/// A child ui for a pane, clipped to the pane so no text is drawn outside it.
fn pane_child(ui: &mut egui::Ui, rect: Rect) -> egui::Ui {
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    child
}

/// Segments to highlight for the hovered one: itself, its counterpart, and the rest of its
/// moved passage on both sides.
fn hover_sets(shown: &Analyzed, hovered: Option<(Which, usize)>) -> [Vec<usize>; 2] {
    let mut sets = [Vec::new(), Vec::new()];
    let Some((which, seg)) = hovered else {
        return sets;
    };
    let c = &shown.comparison;
    let Some(segment) = c.side(which).segments.get(seg) else {
        return sets;
    };
    sets[index(which)].push(seg);
    if let Some(l) = segment.link {
        sets[index(which.other())].push(l);
    }
    if let Some(id) = segment.move_id
        && let Some(group) = shown.moves.iter().find(|g| g.id == id)
    {
        for (side, range) in [(Which::A, group.a.clone()), (Which::B, group.b.clone())] {
            let segs = &c.side(side).segments;
            sets[index(side)]
                .extend(range.filter(|&k| segs.get(k).is_some_and(|s| s.move_id == Some(id))));
        }
    }
    for set in &mut sets {
        set.sort_unstable();
        set.dedup();
    }
    sets
}

impl eframe::App for TabayunApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
