//! The bundled fonts: Noto Naskh Arabic first in the proportional family, Noto Serif after it
//! for Latin letters and the signs Naskh lacks, so a mixed line looks like one typeface.

use std::sync::Arc;

/// Noto Naskh Arabic Regular (SIL OFL 1.1, see `assets/OFL-NotoNaskhArabic.txt`). It has the
/// ASCII digits and `. , : !` too, so digits inside Latin text match the Arabic.
const NOTO_NASKH_ARABIC: &[u8] = include_bytes!("../../assets/NotoNaskhArabic-Regular.ttf");
/// Noto Serif Regular (SIL OFL 1.1, `assets/OFL-NotoSerif.txt`): Latin, Greek, Cyrillic and the
/// common signs (`%`, quotes, dashes), drawn to sit with Naskh (same em, ascent and x-height
/// family) rather than egui's sans-serif default, whose digits stood larger and higher.
const NOTO_SERIF: &[u8] = include_bytes!("../../assets/NotoSerif-Regular.ttf");
/// Noto Sans Math, subset to ⟦ and ⟧ (SIL OFL 1.1, `assets/OFL-NotoSansMath.txt`): the brackets
/// of the visible markers of control characters (`⟦RLO⟧`), which no other bundled font has.
const MARKER_BRACKETS: &[u8] = include_bytes!("../../assets/NotoSansMath-Brackets.ttf");

const ARABIC_FONT_NAME: &str = "NotoNaskhArabic-Regular";
const LATIN_FONT_NAME: &str = "NotoSerif-Regular";
const BRACKETS_FONT_NAME: &str = "NotoSansMath-Brackets";

/// Installs the fonts: Noto Naskh Arabic first in the proportional family (so it also supplies
/// spaces, digits and Arabic punctuation), Noto Serif next for Latin, then the marker brackets,
/// then egui's default fonts for symbols and emoji. Monospace keeps egui's font first, with
/// the same fallbacks after it.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [
        (ARABIC_FONT_NAME, NOTO_NASKH_ARABIC),
        (LATIN_FONT_NAME, NOTO_SERIF),
        (BRACKETS_FONT_NAME, MARKER_BRACKETS),
    ] {
        fonts.font_data.insert(
            name.to_owned(),
            Arc::new(egui::FontData::from_static(bytes)),
        );
    }
    let proportional = fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default();
    for (at, name) in [ARABIC_FONT_NAME, LATIN_FONT_NAME, BRACKETS_FONT_NAME]
        .into_iter()
        .enumerate()
    {
        proportional.insert(at, name.to_owned());
    }
    let monospace = fonts
        .families
        .entry(egui::FontFamily::Monospace)
        .or_default();
    monospace.push(ARABIC_FONT_NAME.to_owned());
    monospace.push(BRACKETS_FONT_NAME.to_owned());
    ctx.set_fonts(fonts);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 9, defect 12: digits and Latin came from different fonts ("8pm": the 8 from Naskh,
    /// larger and higher, the letters from egui's sans-serif). Digits come from Naskh, letters and
    /// `%` from Noto Serif, drawn to match it; the marker brackets have a glyph.
    #[test]
    fn digits_latin_and_marker_brackets_come_from_the_bundled_fonts() {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .drop_without_applying_deltas();
        let first_font = |c: char| {
            ctx.fonts_mut(|f| {
                f.characters(&egui::FontFamily::Proportional)
                    .get(&c)
                    .and_then(|fonts| fonts.first().cloned())
            })
        };
        assert_eq!(first_font('8').as_deref(), Some(ARABIC_FONT_NAME));
        assert_eq!(first_font('ب').as_deref(), Some(ARABIC_FONT_NAME));
        for c in ['p', 'm', 'N', '%', '“'] {
            assert_eq!(first_font(c).as_deref(), Some(LATIN_FONT_NAME), "{c}");
        }
        for c in ['⟦', '⟧'] {
            assert_eq!(first_font(c).as_deref(), Some(BRACKETS_FONT_NAME), "{c}");
        }
    }
}
