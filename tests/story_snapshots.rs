//! Image snapshots of the story view (issue 11): four articles, light and dark, so the heat map,
//! the carried-by tinting of the Arabic base text and its legend are seen as pixels. Rendered with
//! wgpu (software Vulkan); SKIPPED without an adapter unless `TABAYUN_REQUIRE_RENDERER=1`.
//! `UPDATE_SNAPSHOTS=1` rewrites `tests/snapshots/story_view*.png`.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::Harness;
use tabayun::gui::{Launch, Settings, TabayunApp};

use common::Scratch;
use common::gui::renderer;

const SEED_A: &str = include_str!("../seeds/alittihad-xi-putin-call.txt");
const SEED_B: &str = include_str!("../seeds/alsumaria-xi-putin-call.txt");

fn files(s: &Scratch) -> Vec<PathBuf> {
    let wire: String = SEED_A.lines().take(6).collect::<Vec<_>>().join("\n");
    let mut extra: String = SEED_B.lines().take(6).collect::<Vec<_>>().join("\n");
    extra
        .push_str("\nوأكد محللون أن المكالمة تأتي في توقيت حساس قبل قمة مجموعة العشرين المقبلة.\n");
    [
        ("alittihad.txt", SEED_A.to_owned()),
        ("alsumaria.txt", SEED_B.to_owned()),
        ("wire.txt", wire),
        ("analysis.txt", extra),
    ]
    .into_iter()
    .map(|(n, t)| {
        let p = s.path(n);
        std::fs::write(&p, t).unwrap();
        p
    })
    .collect()
}

fn render_story_view(theme: egui::Theme, test: &str) {
    let Some(r) = renderer(test) else {
        return;
    };
    let s = Scratch::new(test);
    let paths = files(&s);
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
