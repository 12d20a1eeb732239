//! The find bar (Ctrl+F): in the pair view it searches both articles at once with the comparison's matching keys
//! ([`crate::engine::find`]), says plainly how many hits each side has ("3 in A, 0 in B"), and
//! steps through the hits in reading order (Enter, F3, Shift+F3), scrolling the pane of the hit
//! and, when scrolling is linked, the other pane to the counterpart. In the story view it
//! searches the base article. Esc closes it.
//!
//! The texts are tokenised once per comparison, off the UI thread ([`Analyzed::find`]); a search
//! compares key ids and its result is kept until the query, the toggle or the comparison change.

use std::ops::Range;

use crate::engine::find::{Hit, Query};
use crate::model::{Step, Which};

use super::analysis::{Analyzed, counterpart};
use super::command::Command;
use super::pane::{PaneView, ScrollRequest};
use super::story_view::StoryShown;

/// The hits of one search on both sides, and their reading order.
#[derive(Clone, Debug, Default)]
pub struct FindResults {
    /// Hits in A and in B, each in text order.
    pub hits: [Vec<Hit>; 2],
    /// Every hit once, in reading order: (side, index into that side's hits).
    pub order: Vec<(Which, usize)>,
    /// True when the query holds at least one word.
    pub has_words: bool,
    /// In the story view: the base article's label (its hits are side A's; B has none).
    pub story_base: Option<String>,
}

impl FindResults {
    /// The hits of `which`.
    pub fn side(&self, which: Which) -> &[Hit] {
        match which {
            Which::A => &self.hits[0],
            Which::B => &self.hits[1],
        }
    }

    /// The bar's answer: "3 in A, 0 in B".
    pub fn counts_label(&self) -> String {
        match &self.story_base {
            Some(base) => format!("{} in the base ({base})", self.hits[0].len()),
            None => format!("{} in A, {} in B", self.hits[0].len(), self.hits[1].len()),
        }
    }
}

/// What a cached result was computed for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CacheKey {
    generation: u64,
    /// `None` for the pair view; the base article in the story view.
    story_base: Option<usize>,
    query: Query,
}

/// The find bar's state (not persisted).
#[derive(Default)]
pub struct FindBar {
    /// Shown.
    pub open: bool,
    /// The words typed.
    pub query: String,
    /// Match inside words too (off: whole words).
    pub within_words: bool,
    /// Focus the field on the next frame.
    focus: bool,
    cache: Option<(CacheKey, FindResults)>,
    /// The current hit: an index into [`FindResults::order`].
    current: Option<usize>,
}

impl FindBar {
    /// Opens the bar (or, when open, selects its field again).
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Closes the bar; the highlights go with it.
    pub fn close(&mut self) {
        self.open = false;
        self.current = None;
    }

    /// The query as the engine takes it.
    fn engine_query(&self) -> Query {
        Query {
            text: self.query.clone(),
            whole_words: !self.within_words,
        }
    }

    /// Brings the results up to date with the query and the comparison (`generation`); a
    /// search runs only when one of them changed.
    pub fn refresh(&mut self, shown: Option<&Analyzed>, generation: u64) {
        let key = CacheKey {
            generation,
            story_base: None,
            query: self.engine_query(),
        };
        if self.cache.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let results = shown.map(|s| search(s, &key.query)).unwrap_or_default();
        self.current = None;
        self.cache = Some((key, results));
    }

    /// As [`FindBar::refresh`], for the story view: searches the base article.
    pub fn refresh_story(&mut self, story: Option<&StoryShown>, generation: u64) {
        let key = CacheKey {
            generation,
            story_base: Some(story.map_or(0, |s| s.story.base)),
            query: self.engine_query(),
        };
        if self.cache.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let results = story
            .map(|s| search_base(s, &key.query))
            .unwrap_or_default();
        self.current = None;
        self.cache = Some((key, results));
    }

    /// The results on screen, while the bar is open.
    pub fn results(&self) -> Option<&FindResults> {
        self.cache.as_ref().filter(|_| self.open).map(|(_, r)| r)
    }

    /// The hits to highlight on `which` (empty when the bar is closed).
    pub fn hits(&self, which: Which) -> &[Hit] {
        self.results().map_or(&[], |r| r.side(which))
    }

    /// The current hit, as (side, index into that side's hits).
    pub fn current(&self) -> Option<(Which, usize)> {
        let results = self.results()?;
        results.order.get(self.current?).copied()
    }

    /// The current hit's index in `which`'s hits, when it is on that side.
    pub fn current_on(&self, which: Which) -> Option<usize> {
        self.current().filter(|(w, _)| *w == which).map(|(_, i)| i)
    }

    /// Moves to the next (or previous) hit in reading order, wrapping around, and returns it.
    pub fn step(&mut self, forward: bool) -> Option<(Which, usize)> {
        let n = self.results()?.order.len();
        if n == 0 {
            return None;
        }
        self.current = Some(match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        });
        self.current()
    }
}

/// Searches the story's base article.
fn search_base(shown: &StoryShown, query: &Query) -> FindResults {
    let base = shown.story.base;
    let text = shown.story.articles.get(base).map_or("", |a| a.text());
    let hits = shown.find.find_in(base, text, query);
    FindResults {
        order: (0..hits.len()).map(|i| (Which::A, i)).collect(),
        hits: [hits, Vec::new()],
        has_words: !shown.find.query_keys(&query.text).is_empty(),
        story_base: Some(shown.label(base)),
    }
}

/// Searches both sides of `shown` and orders the hits as the articles are read.
fn search(shown: &Analyzed, query: &Query) -> FindResults {
    let c = &*shown.comparison;
    let has_words = !shown.find.query_keys(&query.text).is_empty();
    let mut found = shown.find.find(&[&c.a.text, &c.b.text], query).into_iter();
    let hits = [
        found.next().unwrap_or_default(),
        found.next().unwrap_or_default(),
    ];
    // The rank of each segment in the reading order; a hit takes its segment's rank, A before
    // B within a step, then its place in the text.
    let mut rank = [
        vec![usize::MAX; c.a.segments.len()],
        vec![usize::MAX; c.b.segments.len()],
    ];
    for (r, step) in c.reading_order().enumerate() {
        let (a, b) = match step {
            Step::A(i) => (Some(i), None),
            Step::B(j) => (None, Some(j)),
            Step::Pair(i, j) => (Some(i), Some(j)),
        };
        for (side, seg) in [(0, a), (1, b)] {
            if let Some(slot) = seg.and_then(|s| rank[side].get_mut(s)) {
                *slot = r;
            }
        }
    }
    let mut order: Vec<(usize, usize, usize, Which, usize)> = Vec::new();
    for (side, which) in [(0, Which::A), (1, Which::B)] {
        let segments = &c.side(which).segments;
        for (i, h) in hits[side].iter().enumerate() {
            let seg = segments.partition_point(|s| s.end <= h.bytes.start);
            let r = rank[side].get(seg).copied().unwrap_or(usize::MAX);
            order.push((r, side, h.bytes.start, which, i));
        }
    }
    order.sort_unstable_by_key(|&(r, side, start, _, i)| (r, side, start, i));
    FindResults {
        hits,
        order: order.into_iter().map(|(.., w, i)| (w, i)).collect(),
        has_words,
        story_base: None,
    }
}

/// Scrolls `which`'s pane to its hit `index` (a third down the pane) and, when `linked`, the
/// other pane to the counterpart of the hit's passage.
pub fn reveal_hit(
    shown: &Analyzed,
    views: &mut [PaneView; 2],
    which: Which,
    hit: Range<usize>,
    linked: bool,
) {
    let (own, other) = match which {
        Which::A => (0, 1),
        Which::B => (1, 0),
    };
    let doc = shown.doc(which);
    let Some(view) = views.get_mut(own) else {
        return;
    };
    let view_y = view.viewport_height / 3.0;
    if let Some(y) = view.y_of_byte(doc, hit.start) {
        view.request_scroll(ScrollRequest::Offset(y - view_y));
    }
    if !linked {
        return;
    }
    let segments = &shown.comparison.side(which).segments;
    if segments.is_empty() {
        return;
    }
    let seg = segments.partition_point(|s| s.end <= hit.start);
    let target = counterpart(&shown.comparison, which, seg);
    if let Some(view) = views.get_mut(other) {
        let view_y = view.viewport_height / 3.0;
        view.request_scroll(ScrollRequest::Segment {
            seg: target,
            view_y,
        });
    }
}

/// The bar: the field, the whole-words toggle, the counts, previous / next and close.
pub fn find_bar_ui(ui: &mut egui::Ui, bar: &mut FindBar) -> Vec<Command> {
    let mut commands = Vec::new();
    let field_id = egui::Id::unique("tabayun-find-field");
    ui.horizontal(|ui| {
        ui.label("Find");
        let edit = egui::TextEdit::singleline(&mut bar.query)
            .id(field_id)
            .hint_text("Words to find in both articles")
            .desired_width((ui.available_width() - 520.0).clamp(160.0, 420.0));
        let response = ui.add(edit);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Words to find")
        });
        if std::mem::take(&mut bar.focus) {
            response.request_focus();
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let back = ui.input(|i| i.modifiers.shift);
            commands.push(if back {
                Command::PreviousHit
            } else {
                Command::NextHit
            });
            // Enter again steps again: keep typing focus in the field.
            response.request_focus();
        }
        let mut whole = !bar.within_words;
        if ui
            .checkbox(&mut whole, "Whole words")
            .on_hover_text("Off: the words may start or end inside a word")
            .changed()
        {
            bar.within_words = !whole;
        }
        match bar.results() {
            Some(r) if r.has_words => {
                let label = r.counts_label();
                let none = r.order.is_empty();
                if none {
                    ui.colored_label(ui.visuals().warn_fg_color, label);
                } else {
                    ui.strong(label);
                }
                if let Some(i) = bar.current {
                    ui.label(format!("Hit {} of {}", i + 1, r.order.len()));
                }
            }
            _ => {
                ui.weak("Type a word or phrase");
            }
        }
        // Plain buttons, their shortcuts in the tooltip (the bar is narrow).
        for cmd in [Command::PreviousHit, Command::NextHit, Command::CloseFind] {
            let shortcut = cmd.shortcut_text(ui.ctx());
            if ui.button(cmd.label()).on_hover_text(shortcut).clicked() {
                commands.push(cmd);
            }
        }
    });
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        commands.push(Command::CloseFind);
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::Document;
    use crate::model::MatchOptions;
    use std::sync::Arc;

    fn doc(label: &str, text: &str) -> Document {
        crate::load::from_utf8_text(label, text)
    }

    #[test]
    fn hits_come_in_reading_order_a_before_b_within_a_step() {
        let a = doc(
            "a",
            "قال الرئيس إن الحرب في أوكرانيا مستمرة.\nوأضاف أن الجيش تقدم.",
        );
        let b = doc(
            "b",
            "قال الرئيس إن الحرب في اوكرانيا مستمرة.\nوأكد أن أوكرانيا صامدة.",
        );
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let shown = Analyzed::new(Arc::new(c));
        let r = search(&shown, &Query::words("أوكرانيا"));
        assert_eq!(r.counts_label(), "1 in A, 2 in B");
        assert_eq!(r.order, [(Which::A, 0), (Which::B, 0), (Which::B, 1)]);
        let mut bar = FindBar {
            open: true,
            query: "أوكرانيا".to_owned(),
            ..FindBar::default()
        };
        bar.refresh(Some(&shown), 1);
        assert_eq!(bar.step(true), Some((Which::A, 0)));
        assert_eq!(bar.step(true), Some((Which::B, 0)));
        assert_eq!(bar.step(true), Some((Which::B, 1)));
        assert_eq!(bar.step(true), Some((Which::A, 0)), "wraps around");
        assert_eq!(bar.step(false), Some((Which::B, 1)));
        bar.close();
        assert!(bar.hits(Which::B).is_empty(), "no highlights once closed");
    }
}
