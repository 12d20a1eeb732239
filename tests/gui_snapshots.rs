//! Image snapshots of what only pixels can show: Arabic shaping, right-to-left order, digits and
//! Latin inside Arabic, and the marks on the seed pair. Rendered with wgpu (software Vulkan,
//! e.g. Debian `mesa-vulkan-drivers`). Without an adapter the tests print SKIPPED and pass,
//! unless `TABAYUN_REQUIRE_RENDERER=1`. `UPDATE_SNAPSHOTS=1` rewrites `tests/snapshots/*.png`.

mod common;

use common::gui::{renderer, seeds_rendered};
use egui_kittest::Harness;
use egui_kittest::wgpu::WgpuTestRenderer;
use tabayun::gui::text::{WordCache, bidi_text_ui};
use tabayun::gui::{Command, TabayunApp, install_fonts};

const RTL_PARAGRAPH: &str = "عبر الرئيسان الصيني شي جينبينغ والروسي فلاديمير بوتين، اليوم الخميس، عن تنديدهما بتدخل الولايات المتحدة في شؤون الدول الأخرى، حسبما أفاد الكرملين، واتهما واشنطن بالسعي لاحتواء موسكو وبكين.";
const MIXED_PARAGRAPH: &str = "قال بوتين في 2024 إن New York Times نشرت تقريرا عن المكالمة بين الرئيسين، وإن الاتصال استمر 90 دقيقة.";

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
    let mut h = seeds_rendered(renderer, theme);
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
