//! The window holding a story (issue 11): four articles open as a story; the matrix opens the
//! pair view and the way back; the base can change; hovering the base text names who carries
//! it. Driven headless with egui_kittest by label.

mod common;

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tabayun::gui::{Command, Launch, Settings, TabayunApp, View};

use common::gui::settle;
use common::{Scratch, story_files};

fn story_harness(paths: Vec<PathBuf>) -> Harness<'static, TabayunApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(64)
        .build_eframe(move |cc| {
            TabayunApp::with_launch(&cc.egui_ctx, Settings::default(), Launch::Story(paths))
        });
    settle(&mut h);
    h
}

#[test]
fn four_files_open_as_a_story_with_its_matrix_and_articles() {
    let s = Scratch::new("story-window");
    let mut h = story_harness(story_files(&s));
    assert_eq!(h.state().view(), View::Story);
    let story = &h.state().story().expect("story computed").story;
    assert_eq!(story.len(), 4);
    h.get_by_label_contains("Story: 4 articles");
    // A cell per ordered pair, named with both articles and the percentage.
    let share = story.similarity(0, 2);
    let cell = format!("{:.0}%", share * 100.0);
    let found = h.get_all_by_label_contains(&cell).count();
    assert!(found >= 2, "cells (0,2) and (2,0) show {cell}");
    // The analysis article says something only it says.
    h.get_by_label_contains("توقيت حساس");
    h.run();
}

#[test]
fn a_matrix_cell_opens_the_pair_view_and_back_to_story_returns() {
    let s = Scratch::new("story-window-cell");
    let mut h = story_harness(story_files(&s));
    let story = h.state().story().expect("story").story.clone();
    let (expected, _) = story.pair(0, 1).expect("pair 0,1");
    let expected = expected.clone();
    let name = format!(
        "{} and {}: ",
        story.articles[0].label(),
        story.articles[1].label()
    );
    h.get_by_label_contains(&name).click();
    settle(&mut h);
    assert_eq!(h.state().view(), View::Pair);
    let shown = h.state().comparison().expect("pair shown");
    assert_eq!(
        shown, &expected,
        "the pair view shows the story's own comparison"
    );
    assert!((shown.stats.similarity - story.similarity(0, 1)).abs() < 1e-12);
    h.get_by_label_contains("Back to story").click();
    settle(&mut h);
    assert_eq!(h.state().view(), View::Story);
    assert!(
        h.state().story().is_some(),
        "the story is kept, not recomputed"
    );
}

#[test]
fn changing_the_base_reads_another_article() {
    let s = Scratch::new("story-window-base");
    let mut h = story_harness(story_files(&s));
    assert_eq!(h.state().story().unwrap().story.base, 0);
    h.state_mut().queue(Command::SetStoryBase(3));
    settle(&mut h);
    assert_eq!(h.state().story().unwrap().story.base, 3);
    h.get_by_label_contains("Base: ");
}

#[test]
fn hovering_the_base_text_lists_who_carries_it() {
    let s = Scratch::new("story-window-hover");
    let mut h = story_harness(story_files(&s));
    let text = h.get_by_label("Text of the base article");
    let rect = text.rect();
    // The first line of the base text (right to left: its start is on the right).
    h.hover_at(egui::pos2(rect.max.x - 60.0, rect.min.y + 12.0));
    h.run();
    h.run();
    let seg = h
        .state()
        .story_hovered()
        .expect("a base passage is hovered");
    let story = &h.state().story().unwrap().story;
    let g = &story.articles[story.base].segments[seg];
    h.get_by_label_contains("Carried by: ");
    h.get_by_label_contains("Lacking: ");
    assert!(g.carried_by.iter().all(|&j| j != story.base));
}

#[test]
fn removing_articles_down_to_two_shows_the_pair() {
    let s = Scratch::new("story-window-remove");
    let mut h = story_harness(story_files(&s));
    h.state_mut().queue(Command::RemoveArticle(3));
    settle(&mut h);
    assert_eq!(h.state().story().unwrap().story.len(), 3);
    h.state_mut().queue(Command::RemoveArticle(2));
    settle(&mut h);
    assert_eq!(h.state().view(), View::Pair);
    assert_eq!(h.state().articles().len(), 2);
    assert!(h.state().comparison().is_some());
}

#[test]
fn a_saved_story_opens_again_with_its_base() {
    let s = Scratch::new("story-window-file");
    let mut h = story_harness(story_files(&s));
    h.state_mut().queue(Command::SetStoryBase(1));
    settle(&mut h);
    let file = s.path("call.tabayun");
    h.state_mut().queue(Command::SaveStoryTo(file.clone()));
    settle(&mut h);
    let saved = std::fs::read_to_string(&file).expect("story file written");
    assert!(
        !saved.contains("الرئيس"),
        "no article text in the story file"
    );
    let mut again = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(64)
        .build_eframe(move |cc| {
            TabayunApp::with_launch(&cc.egui_ctx, Settings::default(), Launch::StoryFile(file))
        });
    settle(&mut again);
    let story = &again.state().story().expect("story reopened").story;
    assert_eq!(story.len(), 4);
    assert_eq!(story.base, 1);
}

#[test]
fn story_articles_keep_the_order_they_were_given_in() {
    let s = Scratch::new("story-window-order");
    let files = story_files(&s);
    let h = story_harness(files.clone());
    let shown: Vec<String> = h
        .state()
        .articles()
        .iter()
        .map(|d| d.path.clone())
        .collect();
    let given: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(shown, given);
}

#[test]
fn right_clicking_a_base_passage_compares_it_with_any_outlet() {
    let s = Scratch::new("story-window-context");
    let mut h = story_harness(story_files(&s));
    let rect = h.get_by_label("Text of the base article").rect();
    let pos = egui::pos2(rect.max.x - 60.0, rect.min.y + 12.0);
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
    h.run();
    let story = h.state().story().unwrap().story.clone();
    let target = story.articles[3].label().to_owned();
    let label = format!("Compare with {target}");
    let item = h.get_by_label_contains(&label);
    let r = item.rect();
    assert!(r.height() < 40.0, "one line per menu entry: {r:?}");
    item.click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().view(), View::Pair);
    let (expected, _) = story.pair(0, 3).unwrap();
    assert_eq!(h.state().comparison(), Some(expected));
}

#[test]
fn the_story_view_exports_the_story_report() {
    let s = Scratch::new("story-window-export");
    let mut h = story_harness(story_files(&s));
    let out = s.path("story-report.json");
    h.state_mut().queue(Command::ExportTo(out.clone()));
    settle(&mut h);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("report written")).unwrap();
    assert_eq!(json["kind"], "coverage");
    assert_eq!(json["articles"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["pairs"].as_array().map(Vec::len), Some(6));
}
