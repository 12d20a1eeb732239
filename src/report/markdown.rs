//! Markdown report: the sources, the summary with the unique passages, and an inline word diff.
//!
//! The word diff uses marks that render on common viewers (GitHub, GitLab, VS Code, Obsidian):
//! `~~removed~~` (only in A), `**added**` (only in B), `*moved*` (shown where B has it;
//! `~~*…*~~` where A had it), `{~~A~~/**B**}` for spelling variants and `\[…\]` (shown as
//! brackets) for boilerplate. Marks never start or end on whitespace or punctuation, so they are
//! recognised next to Arabic and Latin words alike.
//!
//! Right-to-left paragraphs are wrapped in `<div dir="rtl">` blocks (with blank lines, so the
//! Markdown inside is still rendered). That is the only HTML in the file; viewers that do not
//! render HTML show those two tag lines as text, and the paragraph itself is plain Markdown in
//! logical order that any Unicode-aware viewer lays out right to left by its first letter — the
//! plain-text fallback.
//!
//! Article text is escaped: Markdown and HTML special characters get a backslash, list and
//! heading markers at the start of a line are neutralised, and bidi controls, control characters
//! and U+FFFD become visible markers such as `⟦RLO⟧` ([`crate::controls`]).

use std::io::{self, BufWriter, Write};

use crate::controls;
use crate::model::{Comparison, SegmentKind, Side, Step, Which};

use super::ReportOptions;
use super::content::{
    Dir, Entry, NONE, Report, Section, SourceRow, VariantRow, dir_from, pieces, segment_slice,
};

/// Writes `c` as a Markdown report.
pub fn write(c: &Comparison, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    render(&Report::new(c, opts), w)
}

/// Lays out `report` as Markdown.
pub fn render(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, w);
    let mut md = Md::new(&mut out);
    write_header(&mut md, report)?;
    write_summary(&mut md, report)?;
    write_legend(&mut md)?;
    write_diff(&mut md, report.comparison)?;
    out.flush()
}

// ---------------------------------------------------------------------------------------------
// The escaping writer
// ---------------------------------------------------------------------------------------------

/// Where the escaper is within a line, for neutralising block markers at its start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    /// Nothing written yet on this line: whitespace is dropped, `-`, `+`, `=` are escaped.
    Start,
    /// Only digits so far: a following `.` or `)` would make an ordered list.
    Digits,
    /// Anywhere else.
    Mid,
}

/// Markdown output with escaping state.
struct Md<'w> {
    w: &'w mut dyn Write,
    line: Line,
    /// The last thing written was an emphasis delimiter.
    after_delim: bool,
    /// Open word-diff paragraph: `Some(true)` when it is wrapped in an RTL block.
    para: Option<bool>,
}

impl<'w> Md<'w> {
    fn new(w: &'w mut dyn Write) -> Self {
        Self {
            w,
            line: Line::Mid,
            after_delim: false,
            para: None,
        }
    }

    /// Writes Markdown syntax as is.
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.line = Line::Mid;
        self.after_delim = false;
        self.w.write_all(s.as_bytes())
    }

    /// Starts a new block line: block markers at its start get escaped.
    fn start_line(&mut self) {
        self.line = Line::Start;
    }

    /// Writes an emphasis delimiter, keeping it apart from a delimiter just before it.
    fn delim(&mut self, d: &str, opening: bool) -> io::Result<()> {
        if opening && self.after_delim {
            self.w.write_all("\u{200B}".as_bytes())?;
        }
        self.w.write_all(d.as_bytes())?;
        self.line = Line::Mid;
        self.after_delim = true;
        Ok(())
    }

    /// Writes escaped article text; newlines become ` ¶ ` (for list items and table cells).
    fn text(&mut self, s: &str) -> io::Result<()> {
        let mut last = 0;
        for (i, ch) in s.char_indices() {
            let prefix = self.line_prefix(ch);
            let replacement = if prefix.is_some() {
                None
            } else {
                replacement(ch)
            };
            if prefix.is_none() && replacement.is_none() {
                continue;
            }
            self.w.write_all(s.get(last..i).unwrap_or("").as_bytes())?;
            last = i + ch.len_utf8();
            match (prefix, replacement) {
                (Some(p), _) => self.w.write_all(p.as_bytes())?,
                (None, Some(r)) => self.write_replacement(ch, r)?,
                (None, None) => {}
            }
        }
        if last < s.len() {
            self.after_delim = false;
        }
        self.w.write_all(s.get(last..).unwrap_or("").as_bytes())
    }

    /// Updates the line state for `ch`; returns what to write instead of `ch` when the state
    /// machine handles it (dropped leading whitespace, escaped block markers).
    fn line_prefix(&mut self, ch: char) -> Option<&'static str> {
        match (self.line, ch) {
            (Line::Start, c) if c.is_whitespace() => Some(""),
            (Line::Start, '-') => self.escaped_marker("\\-"),
            (Line::Start, '+') => self.escaped_marker("\\+"),
            (Line::Start, '=') => self.escaped_marker("\\="),
            (Line::Start | Line::Digits, c) if c.is_ascii_digit() => {
                self.line = Line::Digits;
                None
            }
            (Line::Digits, '.') => self.escaped_marker("\\."),
            (Line::Digits, ')') => self.escaped_marker("\\)"),
            (Line::Mid, _) => None,
            _ => {
                self.line = Line::Mid;
                None
            }
        }
    }

    /// Leaves the line start and returns `s`.
    fn escaped_marker(&mut self, s: &'static str) -> Option<&'static str> {
        self.line = Line::Mid;
        self.after_delim = false;
        Some(s)
    }

    /// Writes the replacement of a special character.
    fn write_replacement(&mut self, ch: char, r: Replacement) -> io::Result<()> {
        self.after_delim = false;
        match r {
            Replacement::Backslash => write!(self.w, "\\{ch}"),
            Replacement::Text(t) => self.w.write_all(t.as_bytes()),
            Replacement::Marker => match controls::marker(ch) {
                Some(marker) => self.w.write_all(marker.as_bytes()),
                None => Ok(()),
            },
        }
    }
}

/// What a special character becomes in Markdown.
#[derive(Clone, Copy)]
enum Replacement {
    /// Backslash-escaped.
    Backslash,
    /// Replaced by this text.
    Text(&'static str),
    /// A bidi control, control character or U+FFFD, shown as its visible marker.
    Marker,
}

/// The replacement of `ch`, or `None` when it is written as is.
fn replacement(ch: char) -> Option<Replacement> {
    match ch {
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$' => {
            Some(Replacement::Backslash)
        }
        '\n' => Some(Replacement::Text(" \u{00B6} ")),
        c if controls::is_marked(c) => Some(Replacement::Marker),
        _ => None,
    }
}

/// Punctuation for the purpose of emphasis flanking (ASCII, general and Arabic punctuation).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '«' | '»' | '،' | '؛' | '؟' | '٪' | '٫' | '٬' | '۔' | '\u{00A1}'..='\u{00BF}'
        )
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{2E00}'..='\u{2E7F}')
}

/// Splits `s` into a lead and a trail (whitespace and punctuation) around a core that starts
/// and ends with a letter or digit. When there is no such core, only whitespace is split off.
fn split_core(s: &str) -> (&str, &str, &str) {
    let is_edge = |c: char| c.is_whitespace() || is_punct(c);
    let core = s.trim_matches(is_edge);
    let core = if core.is_empty() { s.trim() } else { core };
    if core.is_empty() {
        return (s, "", "");
    }
    // `core` is a subslice of `s`: its position is the pointer difference.
    let start = (core.as_ptr() as usize).saturating_sub(s.as_ptr() as usize);
    let end = start + core.len();
    (
        s.get(..start).unwrap_or(""),
        core,
        s.get(end..).unwrap_or(""),
    )
}

/// Splits `s` into leading whitespace, the rest, and trailing whitespace.
fn split_whitespace(s: &str) -> (&str, &str, &str) {
    let lead = s.len() - s.trim_start().len();
    let end = lead + s.trim().len();
    (
        s.get(..lead).unwrap_or(""),
        s.get(lead..end).unwrap_or(""),
        s.get(end..).unwrap_or(""),
    )
}

// ---------------------------------------------------------------------------------------------
// Header, summary, legend
// ---------------------------------------------------------------------------------------------

/// Title, date, version, the sources table and the matching options.
fn write_header(md: &mut Md, r: &Report) -> io::Result<()> {
    md.raw("# Comparison report\n\nCreated ")?;
    md.text(&r.date)?;
    md.raw(&format!(" with {}.\n\n", r.generator))?;
    md.raw("| Source | A | B |\n|---|---|---|\n")?;
    for row in &r.sources {
        source_row(md, row)?;
    }
    md.raw("\n")?;
    md.raw("Matching options: ")?;
    let list: Vec<String> = r
        .options
        .iter()
        .map(|o| format!("{}: {}", o.label, o.value))
        .collect();
    md.raw(&list.join(", "))?;
    md.raw(".\n\n")
}

/// One row of the sources table (`—` when a side has no value).
fn source_row(md: &mut Md, row: &SourceRow) -> io::Result<()> {
    md.raw(&format!("| {} |", row.label))?;
    for value in &row.values {
        md.raw(" ")?;
        match value {
            Some(v) if !v.is_empty() => {
                md.start_line();
                md.text(v)?;
            }
            _ => md.raw("\u{2014}")?,
        }
        md.raw(" |")?;
    }
    md.raw("\n")
}

/// Similarity, counts, notes and the passage lists.
fn write_summary(md: &mut Md, r: &Report) -> io::Result<()> {
    md.raw(&format!(
        "## Summary\n\nSimilarity: **{:.1} %**\n\n",
        r.similarity_percent
    ))?;
    if r.identical {
        md.raw("The texts are identical after normalisation.\n\n")?;
    }
    md.raw("| Words | A | B |\n|---|---:|---:|\n")?;
    for row in &r.counts {
        md.raw(&format!("| {} | {} | {} |\n", row.label, row.a, row.b))?;
    }
    md.raw("\n")?;
    if !r.notes.is_empty() {
        md.raw("Notes:\n\n")?;
        for note in r.notes {
            md.raw("- ")?;
            md.start_line();
            md.text(note)?;
            md.raw("\n")?;
        }
        md.raw("\n")?;
    }
    write_entries(md, &r.only_a)?;
    write_entries(md, &r.only_b)?;
    write_entries(md, &r.moved)?;
    write_variants(md, &r.variants)
}

/// The heading of a section, and "None." when it is empty; true when there are entries.
fn write_heading<T>(md: &mut Md, section: &Section<T>) -> io::Result<bool> {
    md.raw(&format!("### {}\n\n", section.heading()))?;
    if section.items.is_empty() {
        md.raw(&format!("{NONE}\n\n"))?;
    }
    Ok(!section.items.is_empty())
}

/// A numbered list of passages, longest first as given.
fn write_entries(md: &mut Md, section: &Section<Entry>) -> io::Result<()> {
    if !write_heading(md, section)? {
        return Ok(());
    }
    for (n, e) in section.items.iter().enumerate() {
        md.raw(&format!("{}. ", n + 1))?;
        md.start_line();
        md.text(&e.text)?;
        md.raw(&format!(" ({})\n", e.words_label()))?;
    }
    md.raw("\n")
}

/// The spelling variant pairs as a table.
fn write_variants(md: &mut Md, section: &Section<VariantRow>) -> io::Result<()> {
    if !write_heading(md, section)? {
        return Ok(());
    }
    md.raw("| A | B | Order |\n|---|---|---|\n")?;
    for v in &section.items {
        md.raw("| ")?;
        md.start_line();
        md.text(&v.a_text)?;
        md.raw(" | ")?;
        md.start_line();
        md.text(&v.b_text)?;
        md.raw(&format!(" | {} |\n", v.order))?;
    }
    md.raw("\n")
}

/// The legend of the word diff marks.
fn write_legend(md: &mut Md) -> io::Result<()> {
    md.raw(concat!(
        "## Legend\n\n",
        "- plain text: shared by both articles, in order\n",
        "- ~~struck through~~: only in A (removed)\n",
        "- **bold**: only in B (added)\n",
        "- *italic*: moved, at its place in B; ~~*struck italic*~~ at its former place in A\n",
        "- {~~A~~/**B**}: spelling variant (A's spelling, then B's)\n",
        "- \\[in brackets\\]: boilerplate, not compared\n",
        "- \u{27E6}RLO\u{27E7}, \u{27E6}?\u{27E7}: a hidden direction control, a control ",
        "character or bytes that could not be decoded, found in the input and shown instead of ",
        "applied\n",
        "- right-to-left paragraphs are wrapped in `<div dir=\"rtl\">` blocks; where HTML is not ",
        "rendered, the text inside is plain Markdown in reading order\n\n",
    ))
}

// ---------------------------------------------------------------------------------------------
// Word diff
// ---------------------------------------------------------------------------------------------

/// The inline word diff, one Markdown paragraph per line of text.
fn write_diff(md: &mut Md, c: &Comparison) -> io::Result<()> {
    md.raw("## Word diff\n\n")?;
    for step in c.reading_order() {
        match step {
            Step::A(i) => segment(md, c.side(Which::A), i, marks_a(c, i))?,
            Step::B(j) => segment(md, c.side(Which::B), j, marks_b(c, j))?,
            Step::Pair(i, j) => pair(md, c, i, j)?,
        }
    }
    close_para(md)
}

/// Opening and closing marks of a segment.
type Marks = (&'static str, &'static str);

/// Marks of an A segment that has no in-order counterpart here.
fn marks_a(c: &Comparison, i: usize) -> Marks {
    match c.a.segments.get(i).map(|s| s.kind) {
        Some(SegmentKind::Unique) => ("~~", "~~"),
        Some(SegmentKind::Boilerplate) => ("\\[", "\\]"),
        _ => ("~~*", "*~~"),
    }
}

/// Marks of a B segment that has no in-order counterpart here.
fn marks_b(c: &Comparison, j: usize) -> Marks {
    match c.b.segments.get(j).map(|s| s.kind) {
        Some(SegmentKind::Unique) => ("**", "**"),
        Some(SegmentKind::Boilerplate) => ("\\[", "\\]"),
        _ => ("*", "*"),
    }
}

/// An in-order pair: shared text once (B's wording), variants as `{~~A~~/**B**}`.
fn pair(md: &mut Md, c: &Comparison, i: usize, j: usize) -> io::Result<()> {
    let a_core = c.a.segment_text(i).trim();
    let (b_start, b_text) = segment_slice(&c.b, j);
    let b_core = b_text.trim();
    let is_variant = c.a.segments.get(i).map(|s| s.kind) == Some(SegmentKind::Variant);
    if !is_variant || a_core.is_empty() || b_core.is_empty() {
        return segment(md, &c.b, j, NO_MARKS);
    }
    let lead = b_text.len() - b_text.trim_start().len();
    let trail = lead + b_core.len();
    segment_text(
        md,
        &c.b.text,
        b_start,
        b_text.get(..lead).unwrap_or(""),
        NO_MARKS,
    )?;
    open_para(md, &c.b.text, b_start + lead)?;
    md.raw("{")?;
    md.delim("~~", true)?;
    md.text(a_core)?;
    md.delim("~~", false)?;
    md.raw("/")?;
    md.delim("**", true)?;
    md.text(b_core)?;
    md.delim("**", false)?;
    md.raw("}")?;
    let rest = b_text.get(trail..).unwrap_or("");
    segment_text(md, &c.b.text, b_start + trail, rest, NO_MARKS)
}

/// No marks: plain shared text.
const NO_MARKS: Marks = ("", "");

/// Writes segment `index` of `side` with `marks` around each piece.
fn segment(md: &mut Md, side: &Side, index: usize, marks: Marks) -> io::Result<()> {
    let (start, text) = segment_slice(side, index);
    segment_text(md, &side.text, start, text, marks)
}

/// Writes `text` (found at `start` in `full`) split into paragraphs at newlines.
fn segment_text(md: &mut Md, full: &str, start: usize, text: &str, marks: Marks) -> io::Result<()> {
    for (offset, piece, ends_line) in pieces(text, start) {
        if !piece.trim().is_empty() {
            open_para(md, full, offset)?;
            marked(md, piece, marks)?;
        } else if md.para.is_some() {
            md.text(piece)?;
        }
        if ends_line {
            close_para(md)?;
        }
    }
    Ok(())
}

/// Writes `piece` with its marks around its core. Emphasis marks leave whitespace and
/// punctuation outside; brackets only whitespace.
fn marked(md: &mut Md, piece: &str, (open, close): Marks) -> io::Result<()> {
    if open.is_empty() {
        return md.text(piece);
    }
    let (lead, core, trail) = if open.starts_with('\\') {
        split_whitespace(piece)
    } else {
        split_core(piece)
    };
    md.text(lead)?;
    if !core.is_empty() {
        md.delim(open, true)?;
        md.text(core)?;
        md.delim(close, false)?;
    }
    md.text(trail)
}

/// Opens a word-diff paragraph (if none is open), in an RTL block when its line is RTL.
fn open_para(md: &mut Md, full: &str, offset: usize) -> io::Result<()> {
    if md.para.is_none() {
        let rtl = dir_from(full, offset) == Dir::Rtl;
        if rtl {
            md.raw("<div dir=\"rtl\">\n\n")?;
        }
        md.para = Some(rtl);
        md.start_line();
    }
    Ok(())
}

/// Closes the open word-diff paragraph, if any.
fn close_para(md: &mut Md) -> io::Result<()> {
    match md.para.take() {
        Some(true) => md.raw("\n\n</div>\n\n"),
        Some(false) => md.raw("\n\n"),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = Vec::new();
        let mut md = Md::new(&mut out);
        md.start_line();
        md.text(s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(esc("<script>"), "\\<script\\>");
        assert_eq!(
            esc("a*b_c [x](y) | ~~z~~"),
            "a\\*b\\_c \\[x\\](y) \\| \\~\\~z\\~\\~"
        );
        assert_eq!(esc("\u{202E}abc"), "\u{27E6}RLO\u{27E7}abc");
    }

    #[test]
    fn neutralises_block_markers_at_line_start() {
        assert_eq!(esc("  - item"), "\\- item");
        assert_eq!(esc("12. item"), "12\\. item");
        assert_eq!(esc("# title"), "\\# title");
        assert_eq!(esc("2024 was"), "2024 was");
        assert_eq!(esc("=== x"), "\\=== x");
    }

    #[test]
    fn splits_cores_off_whitespace_and_punctuation() {
        assert_eq!(split_core(" «نص» "), (" «", "نص", "» "));
        assert_eq!(split_core("word"), ("", "word", ""));
        assert_eq!(split_core(" ، "), (" ", "،", " "));
        assert_eq!(split_core("   "), ("   ", "", ""));
    }
}
