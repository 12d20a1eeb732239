//! The PDF report, for a pair ([`pair`]) and for a story ([`story`]): the HTML report's content
//! set with the window's bidi line layout ([`crate::bidi_layout`]), each run shaped with
//! `harfrust` in a bundled font chosen per character ([`shape`]), and written with `krilla`
//! as subset CID TrueType fonts with ToUnicode maps, so copying and searching return the
//! logical text. Pages, the running header and page numbers are [`flow`]'s. No system fonts,
//! no network: the same layout on every machine. No GUI types.

pub mod flow;
pub mod pair;
pub mod shape;
pub mod story;

/// Paper size of a PDF report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Self::A4 => (595.276, 841.89),
            Self::Letter => (612.0, 792.0),
        }
    }
}

/// The "Matching options" heading and one line of `label: value` pairs, as both reports show
/// them.
fn matching_options(f: &mut flow::Flow, options: &[crate::report::content::OptionRow]) {
    f.heading("Matching options", 11.0);
    let line: Vec<String> = options
        .iter()
        .map(|o| format!("{}: {}", o.label, o.value))
        .collect();
    f.text(&line.join(" \u{00B7} "), 8.5, flow::INK);
}
