//! Driving the window headless with `egui_kittest`.

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::{Harness, HarnessBuilder};
use tabayun::gui::TabayunApp;
use tabayun::model::Comparison;

/// The real app, `height` points tall and 1280 wide, on `paths` (the seeds when `None`),
/// compared and drawn.
pub fn app_harness(
    builder: HarnessBuilder<TabayunApp>,
    paths: Option<(PathBuf, PathBuf)>,
    height: f32,
) -> Harness<'static, TabayunApp> {
    let mut h = builder
        .with_size(egui::vec2(1280.0, height))
        // Smooth scrolling takes a few frames to settle.
        .with_max_steps(64)
        .build_eframe(move |cc| TabayunApp::new(cc, paths));
    settle(&mut h);
    h
}

/// Runs frames, waits for background work, runs frames again.
pub fn settle(h: &mut Harness<'static, TabayunApp>) {
    h.run();
    for _ in 0..3 {
        assert!(
            h.state_mut().wait_until_idle(Duration::from_secs(120)),
            "background work did not finish"
        );
        h.run();
    }
}

/// The comparison on screen.
#[track_caller]
pub fn comparison(h: &Harness<'static, TabayunApp>) -> Comparison {
    h.state()
        .comparison()
        .expect("a comparison is shown")
        .clone()
}
