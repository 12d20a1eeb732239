//! Report exporters: each writes a [`Comparison`] to any `io::Write`. No GUI types here.
//!
//! [`content`] builds what a report says once, as plain data; [`text`], [`html`] and
//! [`markdown`] lay it out, [`pdf`] sets it as pages; [`json`] writes the contract; [`write`](mod@write) puts a report in a file.
//! [`coverage`] holds the reports of a story (several articles): its JSON contract and summaries.

pub mod content;
pub mod coverage;
pub mod extract;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
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
    /// PDF report (the HTML report's content, paged).
    Pdf,
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
    /// PDF: the paper size.
    pub paper: pdf::Paper,
    /// A report file is synced to the disk before it takes its name, so that it survives a
    /// power cut or a pulled USB stick right after the export (the window's exports). The command
    /// line leaves that to the file system, as a shell redirect or git does: a sync costs more
    /// than writing a megabyte-sized report. Either way the rename never leaves a half-written
    /// report under the name.
    pub durable: bool,
}

/// Writes `c` in `format`: the JSON contract, or the report model ([`content::Report`]) laid
/// out as text, HTML or Markdown.
pub fn write(
    c: &Comparison,
    format: Format,
    opts: &ReportOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let report = || content::Report::new(c, opts);
    match format {
        Format::Json => json::write(c, w),
        Format::Text => text::render(&report(), opts.color, w),
        Format::Html => html::render(&report(), opts.inline, w),
        Format::Markdown => markdown::render(&report(), w),
        Format::Pdf => pdf::pair::render(&report(), opts.paper, w),
    }
}
