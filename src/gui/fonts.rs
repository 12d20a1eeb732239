//! The bundled Arabic font, installed first in the proportional family.

use std::sync::Arc;

/// Noto Naskh Arabic Regular (SIL OFL 1.1, see `assets/OFL-NotoNaskhArabic.txt`).
const NOTO_NASKH_ARABIC: &[u8] = include_bytes!("../../assets/NotoNaskhArabic-Regular.ttf");

const ARABIC_FONT_NAME: &str = "NotoNaskhArabic-Regular";

/// Installs the fonts: Noto Naskh Arabic first in the proportional family (so it also supplies
/// spaces and Arabic punctuation), egui's default fonts after it for Latin and symbols, and the
/// Arabic font as a fallback for monospace.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        ARABIC_FONT_NAME.to_owned(),
        Arc::new(egui::FontData::from_static(NOTO_NASKH_ARABIC)),
    );
    fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .insert(0, ARABIC_FONT_NAME.to_owned());
    fonts
        .families
        .entry(egui::FontFamily::Monospace)
        .or_default()
        .push(ARABIC_FONT_NAME.to_owned());
    ctx.set_fonts(fonts);
}
