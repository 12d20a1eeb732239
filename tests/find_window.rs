//! The find bar and the overview strips, driven by label with egui_kittest (no renderer
//! needed): Ctrl+F, Arabic-aware matching in both panes, "0 in A" said plainly, F3 stepping
//! and scrolling, Esc, and a click on the overview strip scrolling its pane.

mod common;

use std::path::PathBuf;

use common::Scratch;
use common::gui::app_harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tabayun::gui::TabayunApp;
use tabayun::model::Which;

fn harness(paths: Option<(PathBuf, PathBuf)>) -> Harness<'static, TabayunApp> {
    app_harness(Harness::builder(), paths, egui::vec2(1280.0, 800.0))
}

/// Ctrl+F, then `words` typed into the field.
fn find(h: &mut Harness<'static, TabayunApp>, words: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().find_open(), "Ctrl+F opens the find bar");
    h.get_by_label("Words to find").focus();
    h.run();
    h.get_by_label("Words to find").type_text(words);
    h.run();
}

#[test]
fn ctrl_f_finds_a_word_spelled_with_hamza_on_one_side_and_bare_alef_on_the_other() {
    let s = Scratch::new("find-alef");
    let a = s.file(
        "a.txt",
        "قالت الحكومة إن الحرب في أوكرانيا مستمرة منذ عامين.\n".as_bytes(),
    );
    let b = s.file(
        "b.txt",
        "أعلنت اوكرانيا أن الحرب مستمرة منذ عامين وأن اوكرانيا صامدة.\n".as_bytes(),
    );
    let mut h = harness(Some((a.into(), b.into())));
    assert!(!h.state().find_open());
    find(&mut h, "أوكرانيا");
    h.get_by_label("1 in A, 2 in B");
    let text_of = |h: &Harness<'static, TabayunApp>, which: Which| {
        let c = h.state().comparison().expect("comparison").clone();
        h.state()
            .find_hits(which)
            .into_iter()
            .map(|r| c.side(which).text[r].to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(text_of(&h, Which::A), ["أوكرانيا"]);
    assert_eq!(text_of(&h, Which::B), ["اوكرانيا", "اوكرانيا"]);
    // The comparison's marks stay: the panes still show every word.
    assert!(!h.state().visible_words(Which::A).is_empty());
}

#[test]
fn a_phrase_only_in_b_says_0_in_a() {
    let mut h = harness(None);
    find(&mut h, "ماكرون يحث بوتين");
    assert!(h.state().find_hits(Which::A).is_empty());
    let in_b = h.state().find_hits(Which::B).len();
    assert!(in_b > 0);
    // Said plainly on the bar.
    h.get_by_label(&format!("0 in A, {in_b} in B"));
}

#[test]
fn f3_steps_through_the_hits_in_reading_order_and_scrolls() {
    let mut h = harness(None);
    find(&mut h, "بوتين");
    let total = h.state().find_hits(Which::A).len() + h.state().find_hits(Which::B).len();
    assert!(total > 4, "the seeds name Putin often: {total}");
    let mut seen = Vec::new();
    let mut offsets = vec![(
        h.state().scroll_offset(Which::A),
        h.state().scroll_offset(Which::B),
    )];
    for _ in 0..total {
        h.key_press(Key::F3);
        h.run();
        seen.push(h.state().current_find_hit().expect("a current hit"));
        offsets.push((
            h.state().scroll_offset(Which::A),
            h.state().scroll_offset(Which::B),
        ));
    }
    // Every hit once.
    let mut distinct = seen.clone();
    distinct.sort_by_key(|(w, r)| (*w == Which::B, r.start));
    distinct.dedup();
    assert_eq!(distinct.len(), total, "{seen:?}");
    // Scrolled: the last hits (B's related headlines) are far below the first screen.
    let max_b = offsets.iter().map(|o| o.1).fold(0.0_f32, f32::max);
    assert!(max_b > 100.0, "B scrolled to its late hits: {offsets:?}");
    assert!(
        offsets.windows(2).any(|w| w[0] != w[1]),
        "stepping changed a scroll offset: {offsets:?}"
    );
    // Shift+F3 goes back one.
    let last = seen.last().cloned();
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    h.run();
    assert_eq!(h.state().current_find_hit(), seen.get(total - 2).cloned());
    // F3 after the last wraps to the first.
    h.key_press(Key::F3);
    h.run();
    assert_eq!(h.state().current_find_hit(), last);
    h.key_press(Key::F3);
    h.run();
    assert_eq!(h.state().current_find_hit(), seen.first().cloned());
    // The bar says where we are.
    h.get_by_label(&format!("Hit 1 of {total}"));
}

#[test]
fn enter_in_the_field_goes_to_the_next_hit() {
    let mut h = harness(None);
    find(&mut h, "بوتين");
    assert_eq!(h.state().current_find_hit(), None);
    h.key_press(Key::Enter);
    h.run();
    let first = h
        .state()
        .current_find_hit()
        .expect("Enter goes to the first hit");
    h.key_press(Key::Enter);
    h.run();
    let second = h.state().current_find_hit().expect("Enter again steps on");
    assert_ne!(first, second);
}

#[test]
fn escape_closes_the_find_bar_and_its_highlights() {
    let mut h = harness(None);
    assert!(h.query_by_label("Find hit (framed)").is_none());
    find(&mut h, "بوتين");
    assert!(!h.state().find_hits(Which::A).is_empty());
    // While the bar is open the legend explains the hits' frame.
    h.get_by_label("Find hit (framed)");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().find_open());
    assert!(h.query_by_label("Words to find").is_none());
    assert!(h.query_by_label("Find hit (framed)").is_none());
    assert!(h.state().find_hits(Which::A).is_empty());
    // And the button closes it too.
    find(&mut h, "بوتين");
    h.get_by_label("Close find").click();
    h.run();
    assert!(!h.state().find_open());
}

#[test]
fn the_whole_words_toggle_finds_inside_words() {
    let mut h = harness(None);
    find(&mut h, "روس");
    h.get_by_label("0 in A, 0 in B");
    h.get_by_label("Whole words").click();
    h.run();
    assert!(
        !h.state().find_hits(Which::A).is_empty(),
        "within words, روس is in الروسي"
    );
}

#[test]
fn clicking_the_overview_strip_scrolls_the_pane() {
    let mut h = harness(None);
    assert_eq!(h.state().scroll_offset(Which::B), 0.0);
    let strip = h.get_by_label("Overview of B").rect();
    assert!(
        strip.height() > 200.0,
        "the strip is the pane's height: {strip:?}"
    );
    let pos = egui::pos2(strip.center().x, strip.bottom() - 10.0);
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    h.run();
    let b = h.state().scroll_offset(Which::B);
    assert!(b > 100.0, "B scrolled towards its end: {b}");
    // Linked scrolling (on by default) brings A along.
    assert!(h.state().scroll_offset(Which::A) > 0.0);
    // A click near the top scrolls back.
    let top = egui::pos2(strip.center().x, strip.top() + 2.0);
    h.hover_at(top);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: top,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    h.run();
    assert!(h.state().scroll_offset(Which::B) < b);
}

#[test]
fn in_the_story_view_ctrl_f_searches_the_base_article() {
    use tabayun::gui::{Launch, Settings, View};
    let s = Scratch::new("find-story");
    let paths = common::story_files(&s);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(64)
        .build_eframe(move |cc| {
            TabayunApp::with_launch(&cc.egui_ctx, Settings::default(), Launch::Story(paths))
        });
    common::gui::settle(&mut h);
    assert_eq!(h.state().view(), View::Story);
    find(&mut h, "بوتين");
    let story = &h.state().story().expect("story").story;
    let base = &story.articles[story.base];
    let hits = h.state().find_hits(Which::A);
    assert!(!hits.is_empty(), "the base names Putin");
    for r in &hits {
        assert_eq!(&base.text()[r.clone()], "بوتين");
    }
    h.get_by_label_contains(&format!("{} in the base (", hits.len()));
    h.key_press(Key::F3);
    h.run();
    assert_eq!(
        h.state().current_find_hit(),
        Some((Which::A, hits[0].clone()))
    );
}
