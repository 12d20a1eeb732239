//! Report exporters: each writes a [`Comparison`] to any `io::Write`. No GUI types here.

pub mod html;
pub mod json;
pub mod markdown;
pub mod text;
pub mod write;

use crate::model::Comparison;

/// Output formats of `tabayun diff` and File → Export report….
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Readable word diff for a terminal.
    Text,
    /// The JSON contract.
    Json,
    /// Self-contained HTML report.
    Html,
    /// Markdown report.
    Markdown,
}

/// Options shared by the exporters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Text format: use ANSI colours.
    pub color: bool,
    /// HTML: single-column inline layout instead of two columns.
    pub inline: bool,
    /// HTML and Markdown: the report date (default: today in UTC, `YYYY-MM-DD`).
    pub date: Option<String>,
}

/// Writes `c` in `format`.
pub fn write(
    c: &Comparison,
    format: Format,
    opts: &ReportOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(c, opts.color, w),
        Format::Json => json::write(c, w),
        Format::Html => html::write(c, opts, w),
        Format::Markdown => markdown::write(c, opts, w),
    }
}

/// The rows of the sources table that opens the HTML and Markdown reports: a label and each
/// side's value (`None` when unknown).
pub(crate) fn source_rows(c: &Comparison) -> Vec<(&'static str, [Option<String>; 2])> {
    let row = |f: &dyn Fn(&crate::model::Side) -> Option<String>| [f(&c.a), f(&c.b)];
    vec![
        ("File", row(&|s| Some(s.file_name().to_owned()))),
        ("Title", row(&|s| s.title.clone())),
        ("Outlet", row(&|s| s.outlet.clone())),
        ("Encoding", row(&|s| Some(s.encoding.clone()))),
        ("SHA-256", row(&|s| Some(s.sha256.clone()))),
        ("Size (bytes)", row(&|s| Some(s.bytes.to_string()))),
        (
            "Words",
            [
                Some(c.stats.a.words.to_string()),
                Some(c.stats.b.words.to_string()),
            ],
        ),
    ]
}

/// The rows of the word-count table in the HTML and Markdown summaries: label, A, B.
pub(crate) fn count_rows(c: &Comparison) -> [(&'static str, usize, usize); 6] {
    let (a, b) = (&c.stats.a, &c.stats.b);
    [
        ("Words", a.words, b.words),
        ("Shared", a.shared, b.shared),
        ("Moved", a.moved, b.moved),
        ("Variant", a.variant, b.variant),
        ("Unique", a.unique, b.unique),
        ("Boilerplate", a.boilerplate, b.boilerplate),
    ]
}
