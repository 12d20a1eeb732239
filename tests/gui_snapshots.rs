//! Image snapshots of what only pixels can show: Arabic shaping, right-to-left order, digits and
//! Latin inside Arabic, and the marks on the seed pair. Rendered with wgpu (software Vulkan,
//! e.g. Debian `mesa-vulkan-drivers`). Without an adapter the tests print SKIPPED and pass,
//! unless `TABAYUN_REQUIRE_RENDERER=1`. `UPDATE_SNAPSHOTS=1` rewrites `tests/snapshots/*.png`.

mod common;

use std::io::Write as _;
use std::sync::OnceLock;

use common::gui::settle;
use egui_kittest::Harness;
use egui_kittest::wgpu::WgpuTestRenderer;
use tabayun::gui::text::{WordCache, bidi_text_ui};
use tabayun::gui::{Command, TabayunApp, install_fonts};

const RTL_PARAGRAPH: &str = "عبر الرئيسان الصيني شي جينبينغ والروسي فلاديمير بوتين، اليوم الخميس، عن تنديدهما بتدخل الولايات المتحدة في شؤون الدول الأخرى، حسبما أفاد الكرملين، واتهما واشنطن بالسعي لاحتواء موسكو وبكين.";
const MIXED_PARAGRAPH: &str = "قال بوتين في 2024 إن New York Times نشرت تقريرا عن المكالمة بين الرئيسين، وإن الاتصال استمر 90 دقيقة.";

/// Why no renderer can be made, probed once (`None`: one can).
static NO_RENDERER: OnceLock<Option<String>> = OnceLock::new();

/// A software or hardware wgpu renderer, or `None` (after saying why) when there is none.
fn renderer(test: &str) -> Option<WgpuTestRenderer> {
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

fn paragraph_harness(
    renderer: WgpuTestRenderer,
    text: &'static str,
    width: f32,
) -> Harness<'static> {
    let mut words = WordCache::default();
    Harness::builder()
        .with_size(egui::vec2(width, 220.0))
        .with_context_setup(install_fonts)
        .renderer(renderer)
        .build_ui(move |ui| {
            let color = ui.visuals().text_color();
            bidi_text_ui(ui, &mut words, text, 22.0, color, egui::Sense::hover());
        })
}

#[test]
fn wrapped_arabic_paragraph_starts_top_right() {
    let Some(r) = renderer("wrapped_arabic_paragraph_starts_top_right") else {
        return;
    };
    let mut h = paragraph_harness(r, RTL_PARAGRAPH, 420.0);
    h.run();
    h.snapshot("rtl_paragraph");
}

#[test]
fn mixed_paragraph_reads_in_order() {
    let Some(r) = renderer("mixed_paragraph_reads_in_order") else {
        return;
    };
    let mut h = paragraph_harness(r, MIXED_PARAGRAPH, 760.0);
    h.run();
    h.snapshot("mixed_paragraph");
}

fn seeds_harness(renderer: WgpuTestRenderer, theme: egui::Theme) -> Harness<'static, TabayunApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(64)
        .with_theme(theme)
        .renderer(renderer)
        .build_eframe(|cc| TabayunApp::new(cc, None));
    settle(&mut h);
    // Outline the second difference (a variant spelling in both panes).
    for _ in 0..2 {
        h.state_mut().queue(Command::NextDifference);
        h.run();
    }
    h
}

#[test]
fn seeds_pair_with_highlights() {
    let Some(r) = renderer("seeds_pair_with_highlights") else {
        return;
    };
    seeds_harness(r, egui::Theme::Light).snapshot("seeds_pair");
}

#[test]
fn seeds_pair_dark_theme() {
    let Some(r) = renderer("seeds_pair_dark_theme") else {
        return;
    };
    seeds_harness(r, egui::Theme::Dark).snapshot("seeds_pair_dark");
}
