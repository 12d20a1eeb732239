//! Driving the window headless with `egui_kittest`.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use egui_kittest::wgpu::WgpuTestRenderer;
use egui_kittest::{Harness, HarnessBuilder};
use tabayun::gui::TabayunApp;
use tabayun::model::Comparison;

/// The real app, `size` points, on `paths` (the seeds when `None`), compared and drawn.
pub fn app_harness(
    builder: HarnessBuilder<TabayunApp>,
    paths: Option<(PathBuf, PathBuf)>,
    size: egui::Vec2,
) -> Harness<'static, TabayunApp> {
    let mut h = builder
        .with_size(size)
        // Smooth scrolling takes a few frames to settle.
        .with_max_steps(64)
        .build_eframe(move |cc| TabayunApp::new(cc, paths));
    settle(&mut h);
    h
}

/// A context with the window's fonts installed and loaded, for layout without a window.
pub fn font_context() -> egui::Context {
    let ctx = egui::Context::default();
    tabayun::gui::install_fonts(&ctx);
    // Fonts are available after the first pass.
    ctx.run_ui(egui::RawInput::default(), |_| {})
        .drop_without_applying_deltas();
    ctx
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

/// Why no renderer can be made, probed once (`None`: one can).
static NO_RENDERER: OnceLock<Option<String>> = OnceLock::new();

/// A software or hardware wgpu renderer for `test`, or `None` (after saying why it is
/// SKIPPED) when there is none; a failure when `TABAYUN_REQUIRE_RENDERER=1`.
pub fn renderer(test: &str) -> Option<WgpuTestRenderer> {
    let failure = NO_RENDERER.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let made = std::panic::catch_unwind(WgpuTestRenderer::new);
        std::panic::set_hook(previous);
        made.err().map(|payload| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown error".to_owned())
        })
    });
    match failure {
        None => Some(WgpuTestRenderer::new()),
        Some(why) => {
            let reason = format!(
                "no wgpu adapter to render snapshots ({why}); install software Vulkan \
                 (Debian: mesa-vulkan-drivers) to run it"
            );
            if std::env::var("TABAYUN_REQUIRE_RENDERER").is_ok_and(|v| v == "1") {
                panic!(
                    "{test} FAILED: {reason}, and TABAYUN_REQUIRE_RENDERER=1 requires a renderer"
                );
            }
            // Straight to the process's stderr, past libtest's capture, so the skip is seen.
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
            None
        }
    }
}

/// The real app on the seed pair in `theme`, 1280×900, drawn by `renderer`.
pub fn seeds_rendered(
    renderer: WgpuTestRenderer,
    theme: egui::Theme,
) -> Harness<'static, TabayunApp> {
    app_harness(
        Harness::builder().with_theme(theme).renderer(renderer),
        None,
        egui::vec2(1280.0, 900.0),
    )
}
