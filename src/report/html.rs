//! Self-contained HTML report: one file with inline CSS, no scripts and no network requests.
//! A renderer of the report model ([`Report`]).
//!
//! Every piece of text that comes from the compared articles (and from their file names and
//! titles) is escaped, and bidi controls, control characters and U+FFFD from the input are
//! shown as visible markers ([`crate::controls`]) instead of being applied, so a hostile article
//! cannot run code or reorder the report.

use std::io::{self, BufWriter, Write};

use crate::controls;
use crate::model::{Comparison, SegmentKind, Step, Which};
use crate::palette::{self, Palette};

use super::ReportOptions;
use super::content::{
    CountRow, Entry, NONE, OptionRow, Report, Section, SourceRow, VariantRow, dir_from, pieces,
    segment_slice,
};

/// The Content-Security-Policy of every HTML report: no scripts, no remote loads.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/// Writes `c` as one self-contained HTML document.
///
/// The layout is two columns (A left, B right) unless [`ReportOptions::inline`] asks for a single
/// column with A's removed and B's added words interleaved.
pub fn write(c: &Comparison, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    render(&Report::new(c, opts), opts.inline, w)
}

/// Lays out `report` as one self-contained HTML document (`inline`: one column).
pub fn render(report: &Report, inline: bool, w: &mut dyn Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, w);
    let c = report.comparison;
    write_head(&mut out, c)?;
    out.write_all(b"<body>\n")?;
    write_header(&mut out, report)?;
    write_summary(&mut out, report)?;
    write_legend(&mut out, inline)?;
    if inline {
        write_inline(&mut out, c)?;
    } else {
        write_columns(&mut out, c)?;
    }
    out.write_all(b"</body>\n</html>\n")?;
    out.flush()
}

/// Lower-case id prefix of a side: `a` or `b`.
pub(crate) fn prefix(which: Which) -> &'static str {
    match which {
        Which::A => "a",
        Which::B => "b",
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

/// Where escaped text goes; decides how marked characters and newlines are shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Element content: marked characters become marker elements.
    Text,
    /// Element content where newlines become `<br>`.
    TextBr,
    /// Attribute values and `<title>`: marked characters become plain-text markers.
    Attr,
}

/// Escapes `s` as element content (marked characters shown as marker elements).
pub(crate) fn text(w: &mut dyn Write, s: &str) -> io::Result<()> {
    escape(w, s, Ctx::Text)
}

/// Escapes `s` for an attribute value or `<title>`.
pub(crate) fn attr(w: &mut dyn Write, s: &str) -> io::Result<()> {
    escape(w, s, Ctx::Attr)
}

/// Escapes `&<>"'` and shows bidi controls, control characters and U+FFFD as markers
/// ([`controls::marker`]), writing unchanged runs of `s` straight through.
fn escape(w: &mut dyn Write, s: &str, ctx: Ctx) -> io::Result<()> {
    let mut last = 0;
    for (i, ch) in s.char_indices() {
        let entity = match ch {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' if ctx == Ctx::TextBr => "<br>",
            c if controls::is_marked(c) => "",
            _ => continue,
        };
        w.write_all(s.get(last..i).unwrap_or("").as_bytes())?;
        last = i + ch.len_utf8();
        match controls::marker(ch) {
            Some(marker) => write_marker(w, ch, &marker, ctx)?,
            None => w.write_all(entity.as_bytes())?,
        }
    }
    w.write_all(s.get(last..).unwrap_or("").as_bytes())
}

/// The visible marker of a marked character: an element with its name as the tooltip in
/// content, plain text in attributes.
fn write_marker(w: &mut dyn Write, ch: char, marker: &str, ctx: Ctx) -> io::Result<()> {
    if ctx == Ctx::Attr {
        return w.write_all(marker.as_bytes());
    }
    write!(
        w,
        "<span class=\"ctl\" dir=\"ltr\" title=\"{}\">{marker}</span>",
        controls::describe(ch)
    )
}

// ---------------------------------------------------------------------------------------------
// Head, header, summary, legend
// ---------------------------------------------------------------------------------------------

/// Fonts that cover Arabic on Windows, macOS and Linux.
pub(crate) const ARABIC_FONTS: &str = "\"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Amiri\", \"Segoe UI\", \
     \"Tahoma\", \"Geeza Pro\", \"DejaVu Sans\", \"Arial\", serif";

/// The inline style sheet (its font stacks and mark colours are prepended by [`write_head`]).
pub(crate) const CSS: &str = r#"/* Page colours, light and dark; the marks' colours above come from the window's palette.
   Marks differ by line style too, not only by colour. */
:root {
  color-scheme: light dark;
  --ui: system-ui, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Arial, sans-serif;
  --bg: #ffffff; --fg: #1c1c1c; --muted: #5f6368; --rule: #d5d5d5; --link: #0b57d0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #17181a; --fg: #e6e6e6; --muted: #a0a4a8; --rule: #3c3f43; --link: #8ab4f8;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 1600px; font-family: var(--ui);
  line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0.3rem 0; }
h2 { font-size: 1.25rem; margin: 1.4rem 0 0.5rem; border-bottom: 1px solid var(--rule); }
h2.small { font-size: 1rem; border: 0; margin-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 0.3rem; }
a { color: var(--link); }
.meta, .none, small { color: var(--muted); }
table { border-collapse: collapse; margin: 0.4rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.2rem 0.6rem; text-align: start;
  vertical-align: top; }
thead th { background: color-mix(in srgb, var(--rule) 35%, transparent); }
.sources { width: 100%; font-size: 0.92rem; }
.sources td { font-family: var(--arabic); overflow-wrap: anywhere; width: 45%; }
.sources .hash td { font: 0.8rem ui-monospace, "DejaVu Sans Mono", Consolas, monospace; }
.overview { display: flex; flex-wrap: wrap; gap: 0.5rem 2.5rem; align-items: flex-start; }
.similarity { font-size: 1.2rem; margin: 0.4rem 0; }
.similarity strong { display: block; font-size: 2.2rem; line-height: 1.2; }
.counts td { text-align: end; min-width: 4em; }
.notes h3 { margin-top: 0.4rem; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 2rem; }
@media (max-width: 800px) { .pair { grid-template-columns: minmax(0, 1fr); } }
.options { display: flex; flex-wrap: wrap; gap: 0.2rem 1.2rem; padding: 0; margin: 0;
  list-style: none; font-size: 0.9rem; }
.passages { padding: 0 1.8em; }
.passages li { margin: 0.3rem 0; font-family: var(--arabic); font-size: 1.05rem; line-height: 1.8; }
.passages small { font-family: var(--ui); }
a.passage { text-decoration: none; }
a.passage:hover { text-decoration: underline; }
.variants td { font-family: var(--arabic); }
.legend ul { display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; padding: 0; list-style: none; }
.legend .seg { font-family: var(--arabic); }
.cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.6rem; }
@media (max-width: 800px) { .cols { grid-template-columns: minmax(0, 1fr); } }
.side h2 { font-size: 1.1rem; }
.text { font-family: var(--arabic); font-size: 1.2rem; line-height: 2; }
.text p { margin: 0 0 0.7em; }
.seg { color: inherit; text-decoration: none; border-radius: 2px; }
a.seg:hover { text-decoration: underline; }
.seg.mv { text-decoration: underline dashed 2px var(--mv); text-underline-offset: 0.3em;
  background: var(--mv-bg); }
.seg.va { outline: 1.5px dotted var(--va); outline-offset: 1px; background: var(--va-bg); }
.seg.va.mv { text-decoration: underline dashed 2px var(--mv); }
.seg.un { background: var(--un-bg); text-decoration: underline solid 3px var(--un);
  text-underline-offset: 0.3em; }
.seg.bp { color: var(--dim); font-style: italic; }
.inline .seg.a { text-decoration-line: line-through; }
.inline .seg.b { text-decoration-line: underline; }
.legend .seg.un.a { text-decoration-line: line-through; }
.ctl { font: 0.75em var(--ui); color: var(--un); border: 1px solid var(--un); border-radius: 3px;
  padding: 0 0.15em; }
:target { outline: 3px solid var(--target); outline-offset: 2px; scroll-margin-top: 4rem; }
article:target { outline: none; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  html, body { background: #fff; color: #000; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; }
  .cols { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8mm; }
  .text { font-size: 10.5pt; line-height: 1.8; }
  h2, h3 { break-after: avoid; }
  li, tr { break-inside: avoid; }
}
"#;

/// Doctype, `<head>` with the CSP, title and style sheet.
fn write_head(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let title = |w: &mut dyn Write| -> io::Result<()> {
        attr(w, c.a.file_name())?;
        w.write_all(b" vs ")?;
        attr(w, c.b.file_name())
    };
    let generator = concat!("tabayun ", env!("CARGO_PKG_VERSION"));
    write_page_head(w, generator, &title, &mark_colours)?;
    w.write_all(
        b"</style>
</head>
",
    )
}

/// The start of every report page (the pair and the story report): doctype, the CSP, the meta
/// lines, the `<title>` (its text from `title`, escaped there, then " · tabayun report"), and the
/// style sheet with `colours` of the light and the dark palette and [`CSS`]. The caller adds its
/// own styles and closes `</style></head>`.
pub(crate) fn write_page_head(
    w: &mut dyn Write,
    generator: &str,
    title: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    colours: &dyn Fn(&Palette) -> String,
) -> io::Result<()> {
    w.write_all(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    writeln!(
        w,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
    )?;
    w.write_all(b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
    w.write_all(b"<meta name=\"color-scheme\" content=\"light dark\">\n")?;
    writeln!(w, "<meta name=\"generator\" content=\"{generator}\">")?;
    w.write_all(b"<title>")?;
    title(w)?;
    w.write_all(b" \xC2\xB7 tabayun report</title>\n<style>\n")?;
    writeln!(w, ":root {{ --arabic: {ARABIC_FONTS}; }}")?;
    writeln!(w, ":root {{ {} }}", colours(&palette::LIGHT))?;
    writeln!(
        w,
        "@media (prefers-color-scheme: dark) {{ :root {{ {} }} }}",
        colours(&palette::DARK)
    )?;
    w.write_all(CSS.as_bytes())
}

/// The CSS custom properties of the marks' colours in `p`, the window's palette.
fn mark_colours(p: &Palette) -> String {
    format!(
        "--mv: {}; --mv-bg: {}; --va: {}; --va-bg: {}; --un: {}; --un-bg: {}; --dim: {}; \
         --target: {};",
        p.moved.line.css(),
        p.moved.fill.css(),
        p.variant.line.css(),
        p.variant.fill.css(),
        p.unique.line.css(),
        p.unique.fill.css(),
        p.dim_text.css(),
        p.current.css()
    )
}

/// Title, date, version, the two sources and the matching options.
fn write_header(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    w.write_all(b"<header>\n<h1>Comparison report</h1>\n<p class=\"meta\">Created <time>")?;
    text(w, &r.date)?;
    writeln!(w, "</time> with {}</p>", r.generator)?;
    w.write_all(b"<table class=\"sources\">\n<thead><tr><th scope=\"col\">Source</th>")?;
    w.write_all(b"<th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead>\n<tbody>\n")?;
    for row in &r.sources {
        source_row(w, row)?;
    }
    w.write_all(b"</tbody>\n</table>\n")?;
    write_options(w, &r.options)?;
    w.write_all(b"</header>\n")
}

/// One row of the sources table (`—` when a side has no value).
fn source_row(w: &mut dyn Write, row: &SourceRow) -> io::Result<()> {
    let class = if row.hash { " class=\"hash\"" } else { "" };
    write!(w, "<tr{class}><th scope=\"row\">{}</th>", row.label)?;
    for value in &row.values {
        match value {
            Some(v) if !v.is_empty() => {
                w.write_all(b"<td><bdi>")?;
                text(w, v)?;
                w.write_all(b"</bdi></td>")?;
            }
            _ => w.write_all("<td class=\"none\">\u{2014}</td>".as_bytes())?,
        }
    }
    w.write_all(b"</tr>\n")
}

/// The matching options as a compact list.
fn write_options(w: &mut dyn Write, options: &[OptionRow]) -> io::Result<()> {
    w.write_all(b"<h2 class=\"small\">Matching options</h2>\n<ul class=\"options\">")?;
    for o in options {
        write!(w, "<li>{}: <strong>{}</strong></li>", o.label, o.value)?;
    }
    w.write_all(b"</ul>\n")
}

/// Similarity, per-side counts, engine notes and the passage lists.
fn write_summary(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    w.write_all(b"<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"overview\">\n")?;
    writeln!(
        w,
        "<p class=\"similarity\">Similarity <strong>{:.1}&#8239;%</strong>",
        r.similarity_percent
    )?;
    if r.identical {
        w.write_all(b"<br><small>The texts are identical after normalisation.</small>")?;
    }
    w.write_all(b"</p>\n")?;
    write_counts(w, &r.counts)?;
    write_notes(w, r.notes)?;
    w.write_all(b"</div>\n<div class=\"pair\">\n<div>\n")?;
    write_entries(w, &r.only_a)?;
    w.write_all(b"</div>\n<div>\n")?;
    write_entries(w, &r.only_b)?;
    w.write_all(b"</div>\n</div>\n<div class=\"pair\">\n<div>\n")?;
    write_entries(w, &r.moved)?;
    w.write_all(b"</div>\n<div>\n")?;
    write_variants(w, &r.variants)?;
    w.write_all(b"</div>\n</div>\n</section>\n")
}

/// The per-side word counts.
fn write_counts(w: &mut dyn Write, rows: &[CountRow]) -> io::Result<()> {
    w.write_all(b"<table class=\"counts\">\n<thead><tr><th scope=\"col\">Words</th>")?;
    w.write_all(b"<th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead>\n<tbody>\n")?;
    for row in rows {
        writeln!(
            w,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            row.label, row.a, row.b
        )?;
    }
    w.write_all(b"</tbody>\n</table>\n")
}

/// Notes on fallbacks the engine took, if any.
fn write_notes(w: &mut dyn Write, notes: &[String]) -> io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    w.write_all(b"<div class=\"notes\">\n<h3>Notes</h3>\n<ul>\n")?;
    for note in notes {
        w.write_all(b"<li>")?;
        text(w, note)?;
        w.write_all(b"</li>\n")?;
    }
    w.write_all(b"</ul>\n</div>\n")
}

/// The heading of a section, and "None." when it is empty; true when there are entries.
fn write_heading<T>(w: &mut dyn Write, section: &Section<T>) -> io::Result<bool> {
    writeln!(w, "<h3 id=\"{}\">{}</h3>", section.id, section.heading())?;
    if section.items.is_empty() {
        writeln!(w, "<p class=\"none\">{NONE}</p>")?;
    }
    Ok(!section.items.is_empty())
}

/// A list of passages, each linking to its place in the article (a moved one to both places).
fn write_entries(w: &mut dyn Write, section: &Section<Entry>) -> io::Result<()> {
    if !write_heading(w, section)? {
        return Ok(());
    }
    writeln!(
        w,
        "<ol class=\"passages\" dir=\"{}\">",
        section.dir.as_str()
    )?;
    for e in &section.items {
        write!(
            w,
            "<li><a class=\"passage\" href=\"#{}-s{}\">",
            prefix(e.side),
            e.segment
        )?;
        escape(w, &e.text, Ctx::TextBr)?;
        write!(w, "</a> <small dir=\"ltr\">({}", e.words_label())?;
        if let Some(b) = e.moved_to {
            write!(
                w,
                "; <a href=\"#a-s{}\">in A</a>, <a href=\"#b-s{b}\">in B</a>",
                e.segment
            )?;
        }
        w.write_all(b")</small></li>\n")?;
    }
    w.write_all(b"</ol>\n")
}

/// The spelling variant pairs, each linking to both places.
fn write_variants(w: &mut dyn Write, section: &Section<VariantRow>) -> io::Result<()> {
    if !write_heading(w, section)? {
        return Ok(());
    }
    w.write_all(b"<table class=\"variants\">\n<thead><tr><th scope=\"col\">A</th>")?;
    w.write_all(b"<th scope=\"col\">B</th><th scope=\"col\">Order</th></tr></thead>\n<tbody>\n")?;
    for v in &section.items {
        write!(w, "<tr><td><a href=\"#a-s{}\"><bdi>", v.a_segment)?;
        text(w, &v.a_text)?;
        write!(
            w,
            "</bdi></a></td><td><a href=\"#b-s{}\"><bdi>",
            v.b_segment
        )?;
        text(w, &v.b_text)?;
        writeln!(w, "</bdi></a></td><td>{}</td></tr>", v.order)?;
    }
    w.write_all(b"</tbody>\n</table>\n")
}

/// The legend of the marks used in the articles.
fn write_legend(w: &mut dyn Write, inline: bool) -> io::Result<()> {
    w.write_all(b"<section class=\"legend\" aria-label=\"Legend\">\n<h2>Legend</h2>\n<ul>\n")?;
    let items: &[(&str, &str, &str)] = &[
        (
            "seg sh",
            "shared",
            "plain: the same words are in the other article (click to jump there)",
        ),
        (
            "seg mv",
            "moved",
            "dashed underline: shared, but in another place in the other article",
        ),
        (
            "seg va",
            "variant",
            "dotted outline: spelled differently in the other article",
        ),
        (
            "seg un",
            "unique",
            "solid background, thick underline: only in this article",
        ),
        (
            "seg bp",
            "boilerplate",
            "dimmed, italic: not article body, left out of the comparison",
        ),
    ];
    for (class, sample, what) in items {
        writeln!(w, "<li><span class=\"{class}\">{sample}</span> {what}</li>")?;
    }
    if inline {
        w.write_all(b"<li><span class=\"seg un a\">struck through</span> text of A not at this place in B (removed or moved away)</li>\n")?;
        w.write_all(b"<li><span class=\"seg un b\">underlined</span> text of B not at this place in A (added or moved here)</li>\n")?;
    }
    w.write_all("<li><span class=\"ctl\" dir=\"ltr\">\u{27E6}RLO\u{27E7}</span> <span class=\"ctl\" dir=\"ltr\">\u{27E6}?\u{27E7}</span> a hidden direction control, a control character or bytes that could not be decoded, found in the input and shown instead of applied</li>\n".as_bytes())?;
    w.write_all(b"</ul>\n</section>\n")
}

// ---------------------------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------------------------

/// How one segment is marked up.
struct Mark<'a> {
    /// Side and index of the segment (for its id).
    side: Which,
    index: usize,
    /// CSS class of its kind: `sh`, `mv`, `va`, `va mv`, `un`, `bp`.
    kind: &'static str,
    /// Inline layout: which side the text comes from (adds class `a` or `b`).
    from: Option<Which>,
    /// Counterpart to link to.
    href: Option<(Which, usize)>,
    /// Tooltip.
    title: Title<'a>,
}

/// The tooltip of a marked segment.
enum Title<'a> {
    None,
    Moved(Option<u32>),
    Variant(&'a str),
    Unique(Which),
    Boilerplate,
}

impl<'a> Mark<'a> {
    /// The mark of segment `index` of side `which`; `inline` adds the side class.
    fn new(c: &'a Comparison, which: Which, index: usize, inline: bool) -> Self {
        let other = c.side(which.other());
        let seg = c.side(which).segments.get(index);
        let link = seg
            .and_then(|s| s.link)
            .filter(|&k| k < other.segments.len());
        let (kind, title) = match seg {
            Some(s) if s.kind == SegmentKind::Unique => ("un", Title::Unique(which)),
            Some(s) if s.kind == SegmentKind::Boilerplate => ("bp", Title::Boilerplate),
            Some(s) if s.kind == SegmentKind::Variant => {
                let other_text = link.map_or("", |k| other.segment_text(k).trim());
                (
                    if s.moved { "va mv" } else { "va" },
                    Title::Variant(other_text),
                )
            }
            Some(s) if s.moved => ("mv", Title::Moved(s.move_id)),
            _ => ("sh", Title::None),
        };
        Self {
            side: which,
            index,
            kind,
            from: inline.then_some(which),
            href: link.map(|k| (which.other(), k)),
            title,
        }
    }

    /// Writes the opening tag (`<a>` when linked, else `<span>`), with the id when asked.
    fn open(&self, w: &mut dyn Write, with_id: bool) -> io::Result<()> {
        let tag = if self.href.is_some() { "a" } else { "span" };
        let from = match self.from {
            Some(Which::A) => " a",
            Some(Which::B) => " b",
            None => "",
        };
        write!(w, "<{tag} class=\"seg {}{from}\"", self.kind)?;
        if with_id {
            write!(w, " id=\"{}-s{}\"", prefix(self.side), self.index)?;
        }
        if let Some((side, k)) = self.href {
            write!(w, " href=\"#{}-s{k}\"", prefix(side))?;
        }
        self.write_title(w)?;
        w.write_all(b">")
    }

    /// The `title` attribute, if any.
    fn write_title(&self, w: &mut dyn Write) -> io::Result<()> {
        match self.title {
            Title::None => Ok(()),
            Title::Moved(Some(id)) => write!(w, " title=\"Moved passage {id}\""),
            Title::Moved(None) => w.write_all(b" title=\"Moved\""),
            Title::Variant(other) => {
                w.write_all(b" title=\"Spelled differently in the other article: ")?;
                attr(w, other)?;
                w.write_all(b"\"")
            }
            Title::Unique(which) => write!(w, " title=\"Only in {}\"", which.label()),
            Title::Boilerplate => w.write_all(b" title=\"Boilerplate (not compared)\""),
        }
    }

    /// The closing tag.
    fn close(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(if self.href.is_some() {
            b"</a>"
        } else {
            b"</span>"
        })
    }
}

/// Paragraph state of an article body: one `<p dir=…>` per line of text.
#[derive(Default)]
struct Para {
    open: bool,
}

impl Para {
    /// Opens a paragraph (if none is open) with the direction of the line at `offset` of `text`.
    fn open(&mut self, w: &mut dyn Write, text: &str, offset: usize) -> io::Result<()> {
        if !self.open {
            self.open = true;
            write!(w, "<p dir=\"{}\">", dir_from(text, offset).as_str())?;
        }
        Ok(())
    }

    /// Closes the open paragraph, if any.
    fn close(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.open {
            self.open = false;
            w.write_all(b"</p>\n")?;
        }
        Ok(())
    }
}

/// Writes one segment, split into paragraphs at newlines. The id goes on the first piece with
/// visible text (or on an empty element when there is none), so every link target exists.
fn write_segment(
    w: &mut dyn Write,
    c: &Comparison,
    mark: &Mark,
    para: &mut Para,
) -> io::Result<()> {
    let side = c.side(mark.side);
    let (start, seg_text) = segment_slice(side, mark.index);
    let mut id_pending = true;
    for (offset, piece, ends_line) in pieces(seg_text, start) {
        let visible = !piece.trim().is_empty();
        // Whitespace never opens a paragraph: it would only make an empty one.
        if visible || (para.open && !piece.is_empty()) {
            para.open(w, &side.text, offset)?;
            let with_id = id_pending && visible;
            id_pending &= !with_id;
            mark.open(w, with_id)?;
            text(w, piece)?;
            mark.close(w)?;
        }
        if ends_line {
            para.close(w)?;
        }
    }
    if id_pending {
        write!(
            w,
            "<span id=\"{}-s{}\"></span>",
            prefix(mark.side),
            mark.index
        )?;
    }
    Ok(())
}

/// The two articles side by side.
fn write_columns(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    w.write_all(b"<main class=\"cols\">\n")?;
    for which in [Which::A, Which::B] {
        let side = c.side(which);
        write!(
            w,
            "<article class=\"side\" id=\"side-{}\">\n<h2>{} \u{00B7} <bdi>",
            prefix(which),
            which.label()
        )?;
        text(w, side.file_name())?;
        w.write_all(b"</bdi></h2>\n<div class=\"text\">\n")?;
        let mut para = Para::default();
        for index in 0..side.segments.len() {
            write_segment(w, c, &Mark::new(c, which, index, false), &mut para)?;
        }
        para.close(w)?;
        w.write_all(b"</div>\n</article>\n")?;
    }
    w.write_all(b"</main>\n")
}

/// One column: A's removed and B's added text interleaved, in-order shared text once.
fn write_inline(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    w.write_all(b"<main class=\"inline\">\n<article class=\"side\" id=\"side-ab\">\n<h2>A \xE2\x86\x92 B \xC2\xB7 <bdi>")?;
    text(w, c.a.file_name())?;
    w.write_all(" \u{2192} ".as_bytes())?;
    text(w, c.b.file_name())?;
    w.write_all(b"</bdi></h2>\n<div class=\"text\">\n")?;
    let mut para = Para::default();
    for step in c.reading_order() {
        write_step(w, c, step, &mut para)?;
    }
    para.close(w)?;
    w.write_all(b"</div>\n</article>\n</main>\n")
}

/// One step of the inline layout.
fn write_step(w: &mut dyn Write, c: &Comparison, step: Step, para: &mut Para) -> io::Result<()> {
    match step {
        Step::A(i) => write_segment(w, c, &Mark::new(c, Which::A, i, true), para),
        Step::B(j) => write_segment(w, c, &Mark::new(c, Which::B, j, true), para),
        Step::Pair(i, j) => {
            let a_kind = c.a.segments.get(i).map(|s| s.kind);
            if a_kind == Some(SegmentKind::Variant) {
                write_segment(w, c, &Mark::new(c, Which::A, i, true), para)?;
                return write_segment(w, c, &Mark::new(c, Which::B, j, true), para);
            }
            write!(w, "<span id=\"a-s{i}\"></span>")?;
            let mut mark = Mark::new(c, Which::B, j, false);
            mark.href = None;
            write_segment(w, c, &mark, para)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_marks_controls() {
        let mut out = Vec::new();
        text(&mut out, "<b a='1'>&\u{202E}x\u{0}").unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "&lt;b a=&#39;1&#39;&gt;&amp;<span class=\"ctl\" dir=\"ltr\" title=\"U+202E \
             RIGHT-TO-LEFT OVERRIDE\">\u{27E6}RLO\u{27E7}</span>x<span class=\"ctl\" \
             dir=\"ltr\" title=\"U+0000 NULL\">\u{27E6}NUL\u{27E7}</span>"
        );
    }
}
