//! Image snapshots of the story view (issue 11): four articles, light and dark, so the heat map,
//! the carried-by tinting of the Arabic base text and its legend are seen as pixels. Rendered with
//! wgpu (software Vulkan); SKIPPED without an adapter unless `TABAYUN_REQUIRE_RENDERER=1`.
//! `UPDATE_SNAPSHOTS=1` rewrites `tests/snapshots/story_view*.png`.

mod common;

use std::time::Duration;

use egui_kittest::Harness;
use tabayun::gui::{Launch, Settings, TabayunApp};

use common::gui::renderer;
use common::{Scratch, story_files};

fn render_story_view(theme: egui::Theme, test: &str) {
    let Some(r) = renderer(test) else {
        return;
    };
    let s = Scratch::new(test);
    let paths = story_files(&s);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(64)
        .with_theme(theme)
        .renderer(r)
        .build_eframe(move |cc| {
            TabayunApp::with_launch(&cc.egui_ctx, Settings::default(), Launch::Story(paths))
        });
    h.run();
    for _ in 0..3 {
        assert!(h.state_mut().wait_until_idle(Duration::from_secs(120)));
        h.run();
    }
    assert!(h.state().story().is_some());
    h.snapshot(test);
}

#[test]
fn story_view_light() {
    render_story_view(egui::Theme::Light, "story_view");
}

#[test]
fn story_view_dark() {
    render_story_view(egui::Theme::Dark, "story_view_dark");
}
