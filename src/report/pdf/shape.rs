//! The PDF report's fonts and shaping: the fonts bundled in `assets/` (no system fonts), a font
//! chosen per character (Noto Naskh Arabic for Arabic script, Noto Serif for the rest, the Noto
//! Sans Math subset for the `⟦ ⟧` of control markers, each falling back to the others by their
//! cmap), and each run of one font shaped with `harfrust`, the shaper egui uses. Shaped words
//! are cached by text and direction, in em units, so a size is only a scale.

use std::collections::HashMap;
use std::sync::Arc;

use harfrust::{Direction, Language, Script, ShapePlan, ShaperData, UnicodeBuffer};
use krilla::text::{GlyphId, KrillaGlyph};
use read_fonts::{FontRef, TableProvider as _};
use unicode_bidi::{BidiClass, bidi_class};

const NASKH: &[u8] = include_bytes!("../../../assets/NotoNaskhArabic-Regular.ttf");
const SERIF: &[u8] = include_bytes!("../../../assets/NotoSerif-Regular.ttf");
const MATH: &[u8] = include_bytes!("../../../assets/NotoSansMath-Brackets.ttf");

/// Index of Noto Naskh Arabic in [`Fonts`].
pub const ARABIC: usize = 0;
/// Index of Noto Serif (Latin, digits, punctuation).
pub const LATIN: usize = 1;
/// Index of the math subset (the marker brackets).
pub const BRACKETS: usize = 2;

/// One bundled font: parsed for shaping and cmap look-ups, and as krilla embeds it.
struct Face {
    font: FontRef<'static>,
    shaper: ShaperData,
    upem: f32,
    pdf: krilla::text::Font,
}

impl Face {
    fn new(data: &'static [u8], name: &str) -> Result<Self, String> {
        let font = FontRef::new(data).map_err(|e| format!("bundled font {name}: {e}"))?;
        let upem = font
            .head()
            .map(|h| f32::from(h.units_per_em()))
            .map_err(|e| format!("bundled font {name}: {e}"))?;
        let pdf = krilla::text::Font::new(krilla::Data::from(data), 0)
            .ok_or_else(|| format!("bundled font {name}: not accepted by the PDF writer"))?;
        Ok(Self {
            shaper: ShaperData::new(&font),
            font,
            upem: upem.max(1.0),
            pdf,
        })
    }

    fn has(&self, c: char) -> bool {
        self.font
            .cmap()
            .ok()
            .and_then(|cmap| cmap.map_codepoint(c))
            .is_some_and(|g| g.to_u32() != 0)
    }
}

/// A run of glyphs of one font, placed inside its word.
#[derive(Debug)]
pub struct GlyphRun {
    /// Index of the font ([`ARABIC`], [`LATIN`], [`BRACKETS`]).
    pub font: usize,
    /// The run's text (glyph ranges point into it; the PDF's ToUnicode map comes from it).
    pub text: String,
    /// The glyphs in visual order, advances in em.
    pub glyphs: Vec<KrillaGlyph>,
    /// Left edge of the run inside the word, in em.
    pub x: f32,
    /// Advance width of the run, in em.
    pub width: f32,
}

/// A shaped word: its runs in visual order and its width, in em.
#[derive(Debug, Default)]
pub struct Shaped {
    /// The runs, left to right.
    pub runs: Vec<GlyphRun>,
    /// Advance width in em.
    pub width: f32,
    /// Shaped right to left.
    pub rtl: bool,
}

/// The bundled fonts and the cache of shaped words.
pub struct Fonts {
    faces: Vec<Face>,
    /// Shaped words by text, left-to-right ones at 0, right-to-left ones at 1.
    cache: [HashMap<String, Arc<Shaped>>; 2],
    buffer: Option<UnicodeBuffer>,
    plans: Vec<(PlanKey, ShapePlan)>,
}

/// What a shaping plan is for: font, direction, script, language.
type PlanKey = (usize, Direction, Script, Option<Language>);

impl Fonts {
    /// Parses the bundled fonts.
    pub fn new() -> Result<Self, String> {
        Ok(Self {
            faces: vec![
                Face::new(NASKH, "Noto Naskh Arabic")?,
                Face::new(SERIF, "Noto Serif")?,
                Face::new(MATH, "Noto Sans Math")?,
            ],
            cache: [HashMap::new(), HashMap::new()],
            buffer: Some(UnicodeBuffer::new()),
            plans: Vec::new(),
        })
    }

    /// The font as the PDF writer embeds it.
    pub fn pdf_font(&self, index: usize) -> Option<krilla::text::Font> {
        self.faces.get(index).map(|f| f.pdf.clone())
    }

    /// `text` shaped right to left (`rtl`) or left to right; cached.
    pub fn shape(&mut self, text: &str, rtl: bool) -> Arc<Shaped> {
        // Looked up by `&str`, without building a key: news text repeats its words, and most
        // look-ups are hits.
        if let Some(s) = self.cache[usize::from(rtl)].get(text) {
            return Arc::clone(s);
        }
        let shaped = Arc::new(self.shape_uncached(text, rtl));
        self.cache[usize::from(rtl)].insert(text.to_owned(), Arc::clone(&shaped));
        shaped
    }

    /// The font for `c`: Arabic script from Naskh, the marker brackets from the math subset,
    /// anything else from Noto Serif; a font that lacks the character passes it to the next.
    fn font_for(&self, c: char) -> usize {
        let preferred: [usize; 3] = if is_arabic_script(c) {
            [ARABIC, LATIN, BRACKETS]
        } else if matches!(c, '\u{27E6}' | '\u{27E7}') {
            [BRACKETS, LATIN, ARABIC]
        } else {
            [LATIN, ARABIC, BRACKETS]
        };
        preferred
            .into_iter()
            .find(|&k| self.faces.get(k).is_some_and(|f| f.has(c)))
            .unwrap_or(preferred[0])
    }

    fn shape_uncached(&mut self, text: &str, rtl: bool) -> Shaped {
        // Font runs in logical order: a combining mark or joiner stays with its base's font.
        let mut runs: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let follows = matches!(bidi_class(c), BidiClass::NSM | BidiClass::BN);
            match runs.last_mut() {
                Some((_, r)) if follows => r.end = end,
                Some((f, r)) if *f == self.font_for(c) => r.end = end,
                _ => runs.push((self.font_for(c), i..end)),
            }
        }
        if rtl {
            runs.reverse();
        }
        let mut out = Shaped {
            rtl,
            ..Shaped::default()
        };
        for (font, range) in runs {
            let Some(run_text) = text.get(range) else {
                continue;
            };
            let (glyphs, width) = self.shape_run(font, run_text, rtl);
            out.runs.push(GlyphRun {
                font,
                text: run_text.to_owned(),
                glyphs,
                x: out.width,
                width,
            });
            out.width += width;
        }
        out
    }

    /// Shapes one run of one font; returns its glyphs (advances in em) and its width in em.
    fn shape_run(&mut self, font: usize, text: &str, rtl: bool) -> (Vec<KrillaGlyph>, f32) {
        let Some(face) = self.faces.get(font) else {
            return (Vec::new(), 0.0);
        };
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let shaper = face.shaper.shaper(&face.font).build();
        // One plan per font, direction, script and language, kept: building the plan (the
        // font's features collected and compiled) cost more than shaping a word with it.
        let key = (font, buffer.direction(), buffer.script(), buffer.language());
        let at = self
            .plans
            .iter()
            .position(|(k, _)| *k == key)
            .unwrap_or_else(|| {
                let plan = ShapePlan::new(&shaper, key.1, Some(key.2), key.3.as_ref(), &[]);
                self.plans.push((key, plan));
                self.plans.len() - 1
            });
        let plan = self.plans.get(at).map(|(_, p)| p);
        let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new().plan(plan));
        // Each glyph's text: from its cluster to the next larger cluster (clusters are byte
        // offsets into `text`; right-to-left glyphs come in decreasing cluster order).
        let mut starts: Vec<usize> = glyphs
            .glyph_infos()
            .iter()
            .map(|g| g.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let scale = 1.0 / face.upem;
        let mut width = 0.0;
        let out: Vec<KrillaGlyph> = glyphs
            .glyph_infos()
            .iter()
            .zip(glyphs.glyph_positions())
            .map(|(info, pos)| {
                let start = (info.cluster as usize).min(text.len());
                let end = starts
                    .get(starts.partition_point(|&s| s <= start))
                    .copied()
                    .unwrap_or(text.len());
                let advance = pos.x_advance as f32 * scale;
                width += advance;
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    advance,
                    pos.x_offset as f32 * scale,
                    pos.y_offset as f32 * scale,
                    pos.y_advance as f32 * scale,
                    start..end,
                    None,
                )
            })
            .collect();
        self.buffer = Some(glyphs.clear());
        (split_long_clusters(out, text, rtl), width)
    }
}

/// Longest text one glyph maps to, in bytes. A PDF ToUnicode entry holds at most 512 bytes of
/// UTF-16; a letter under 1,000 stacked marks is one cluster of 2,000 bytes, which readers
/// reject ("Illegal entry in bfchar block").
const MAX_CLUSTER_BYTES: usize = 64;

/// Shares the text of a too-long cluster out among its glyphs, a character or more each in
/// logical order, so every glyph's text stays short and none is lost.
fn split_long_clusters(mut glyphs: Vec<KrillaGlyph>, text: &str, rtl: bool) -> Vec<KrillaGlyph> {
    let mut start = 0;
    while start < glyphs.len() {
        let range = glyphs[start].text_range.clone();
        let mut end = start + 1;
        while end < glyphs.len() && glyphs[end].text_range == range {
            end += 1;
        }
        if range.len() > MAX_CLUSTER_BYTES {
            let Some(cluster) = text.get(range.clone()) else {
                start = end;
                continue;
            };
            let bounds: Vec<usize> = cluster
                .char_indices()
                .map(|(i, _)| range.start + i)
                .chain(std::iter::once(range.end))
                .collect();
            let chars = bounds.len() - 1;
            let n = end - start;
            // In logical order: right-to-left glyphs come last to first.
            for k in 0..n {
                let logical = if rtl { n - 1 - k } else { k };
                let from = logical * chars / n;
                let to = if logical + 1 == n {
                    chars
                } else {
                    (logical + 1) * chars / n
                };
                if let (Some(&a), Some(&b)) = (bounds.get(from), bounds.get(to))
                    && let Some(g) = glyphs.get_mut(start + k)
                {
                    g.text_range = a..b;
                }
            }
        }
        start = end;
    }
    glyphs
}

/// True for characters of the Arabic script blocks (Arabic, Supplement, Extended-A/B,
/// Presentation Forms A and B).
fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_latin_and_marker_brackets_get_their_fonts() {
        let fonts = Fonts::new().expect("bundled fonts");
        assert_eq!(fonts.font_for('ق'), ARABIC);
        assert_eq!(fonts.font_for('N'), LATIN);
        assert_eq!(fonts.font_for('2'), LATIN);
        assert_eq!(fonts.font_for('⟦'), BRACKETS);
    }

    #[test]
    fn arabic_is_shaped_with_joined_forms_and_keeps_its_text() {
        let mut fonts = Fonts::new().expect("bundled fonts");
        let word = fonts.shape("الرئيس", true);
        assert_eq!(word.runs.len(), 1);
        let run = &word.runs[0];
        assert_eq!(run.font, ARABIC);
        assert!(word.width > 0.5, "{}", word.width);
        // Every byte of the text belongs to some glyph, so copying it out loses nothing.
        let mut covered = vec![false; run.text.len()];
        for g in &run.glyphs {
            for b in g.text_range.clone() {
                covered[b] = true;
            }
        }
        assert!(covered.iter().all(|&c| c), "{:?}", run.glyphs);
        // Joined forms: the medial ي is not the isolated one.
        let alone = fonts.shape("ي", true);
        assert_ne!(run.glyphs[3].glyph_id, alone.runs[0].glyphs[0].glyph_id);
    }

    #[test]
    fn a_letter_under_a_thousand_marks_maps_to_short_texts_and_loses_none() {
        let mut fonts = Fonts::new().expect("bundled fonts");
        let text = format!("ب{}", "\u{0651}".repeat(1000));
        let word = fonts.shape(&text, true);
        let run = &word.runs[0];
        assert!(
            run.glyphs
                .iter()
                .all(|g| g.text_range.len() <= MAX_CLUSTER_BYTES)
        );
        let mut covered = vec![false; run.text.len()];
        for g in &run.glyphs {
            for b in g.text_range.clone() {
                covered[b] = true;
            }
        }
        assert!(covered.iter().all(|&c| c));
    }

    #[test]
    fn mixed_scripts_split_into_font_runs_in_visual_order() {
        let mut fonts = Fonts::new().expect("bundled fonts");
        let w = fonts.shape("⟦RLO⟧", false);
        let order: Vec<usize> = w.runs.iter().map(|r| r.font).collect();
        assert_eq!(order, [BRACKETS, LATIN, BRACKETS]);
        assert!(w.runs.windows(2).all(|p| p[0].x < p[1].x));
    }
}
