//! The HTML report of a story: one self-contained, escaped, CSP-locked page (no scripts, no
//! network) with the sources table, the similarity matrix as a heat map (the percentage in
//! each cell, a sequential colour-blind-safe scale from [`crate::palette::SEQUENTIAL`]),
//! own-text shares, core and per-outlet passages, and the base text tinted by how many other
//! outlets carry each passage, with a `title` naming who carries and who lacks it.
//!
//! Escaping and the page's base style sheet are the pair report's ([`crate::report::html`]).

use std::io::{self, BufWriter, Write};

use crate::palette::{self, Rgba};
use crate::report::content::{dir_from, pieces};
use crate::report::html::{attr, text, write_page_head};
use crate::story::{StoryKind, StoryPassage};

use super::{CoverageReport, LIST_CAP, percent};
use crate::report::content::words_label;

/// Heat-map buckets (similarity rounded to tenths: classes `h0` … `h10`).
const BUCKETS: usize = 10;

/// The story report's own rules, after the pair report's style sheet.
const STORY_CSS: &str = r#".matrix td, .matrix th { text-align: center; min-width: 3.2em; }
.matrix td { font-variant-numeric: tabular-nums; font-weight: 600; }
.matrix td.self { color: var(--muted); font-weight: 400; }
.matrix th[scope=row] { text-align: start; font-family: var(--arabic); }
.share { font-variant-numeric: tabular-nums; text-align: end; }
.bar { display: inline-block; height: 0.7em; background: var(--un); vertical-align: middle;
  margin-inline-start: 0.4em; }
.cv { border-radius: 2px; }
.cv.own { background: var(--un-bg); text-decoration: underline solid 3px var(--un);
  text-underline-offset: 0.3em; }
.cv.bp { color: var(--dim); font-style: italic; }
.legend-cv span.cv { padding: 0 0.4em; }
.articles { width: 100%; font-size: 0.92rem; }
.articles td { font-family: var(--arabic); }
.articles td.hash { font: 0.72rem ui-monospace, "DejaVu Sans Mono", Consolas, monospace;
  overflow-wrap: anywhere; max-width: 11em; }
.articles td.share { white-space: nowrap; font-family: var(--ui); }
.who { font-family: var(--ui); font-size: 0.85rem; color: var(--muted); }
"#;

/// Writes the HTML story report.
pub fn render(r: &CoverageReport<'_>, w: &mut dyn Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, w);
    write_head(&mut out, r)?;
    out.write_all(b"<body>\n")?;
    write_sources(&mut out, r)?;
    write_matrix(&mut out, r)?;
    write_passages(&mut out, r)?;
    write_base(&mut out, r)?;
    out.write_all(b"</body>\n</html>\n")?;
    out.flush()
}

fn write_head(w: &mut dyn Write, r: &CoverageReport<'_>) -> io::Result<()> {
    let title = |w: &mut dyn Write| -> io::Result<()> {
        w.write_all(b"Coverage of ")?;
        write!(w, "{} articles: ", r.story.len())?;
        let names: Vec<&str> = r.story.articles.iter().map(|a| a.file_name()).collect();
        attr(w, &names.join(", "))
    };
    write_page_head(w, r.generator, &title, &colours)?;
    w.write_all(STORY_CSS.as_bytes())?;
    // Heat-map cells: darker is closer; the ink is whichever of black or white reads better.
    for b in 0..=BUCKETS {
        let bg = heat(b as f64 / BUCKETS as f64);
        writeln!(
            w,
            ".matrix td.h{b} {{ background: {}; color: {}; }}",
            bg.css(),
            palette::ink_on(bg).css()
        )?;
    }
    // Carried-by tint: the fewer others carry a passage, the stronger (own text is `.own`).
    for k in 1..=BUCKETS {
        let missing = k as f64 / BUCKETS as f64;
        let [r8, g8, b8, _] = palette::SEQUENTIAL[7].0;
        let alpha = (missing * 150.0).round() as u8;
        writeln!(
            w,
            ".cv.m{k} {{ background: {}; }}",
            Rgba::translucent(r8, g8, b8, alpha).css()
        )?;
    }
    w.write_all(b"</style>\n</head>\n")
}

/// The colour of similarity `x`: dark for close, light for far.
fn heat(x: f64) -> Rgba {
    palette::sequential(1.0 - x)
}

/// The mark colours the story report uses, from the window's palette.
fn colours(p: &palette::Palette) -> String {
    format!(
        "--un: {}; --un-bg: {}; --dim: {}; --target: {};",
        p.unique.line.css(),
        p.unique.fill.css(),
        p.dim_text.css(),
        p.current.css()
    )
}

fn write_sources(w: &mut dyn Write, r: &CoverageReport<'_>) -> io::Result<()> {
    let s = r.story;
    w.write_all(b"<header>\n<h1>Coverage report</h1>\n<p class=\"meta\">Created <time>")?;
    text(w, &r.date)?;
    write!(
        w,
        "</time> with {}. {} articles; base: <bdi>",
        r.generator,
        s.len()
    )?;
    name(w, r, s.base)?;
    w.write_all(b".</p>\n")?;
    if s.identical {
        w.write_all(b"<p><strong>All articles are identical after normalisation.</strong></p>\n")?;
    }
    w.write_all(b"<table class=\"articles\" id=\"sources\">\n<thead><tr>")?;
    for h in [
        "#",
        "File",
        "Outlet",
        "Title",
        "Format",
        "Published",
        "URL",
        "Encoding",
        "SHA-256",
        "Size (bytes)",
        "Words",
        "Own text",
    ] {
        write!(w, "<th scope=\"col\">{h}</th>")?;
    }
    w.write_all(b"</tr></thead>\n<tbody>\n")?;
    for (i, a) in s.articles.iter().enumerate() {
        write!(w, "<tr><th scope=\"row\">{i}</th>")?;
        for v in [
            Some(a.file_name()),
            a.outlet.as_deref(),
            a.title.as_deref(),
            Some(a.doc.format.name()),
            a.doc.published.as_deref(),
            a.doc.url.as_deref(),
            Some(a.doc.encoding.as_str()),
        ] {
            cell(w, v)?;
        }
        w.write_all(b"<td class=\"hash\">")?;
        text(w, &a.doc.sha256)?;
        write!(
            w,
            "</td><td class=\"share\">{}</td><td class=\"share\">{}</td>",
            a.doc.bytes, a.words
        )?;
        let share = a.own_share();
        writeln!(
            w,
            "<td class=\"share own-share\">{} ({}%)<span class=\"bar\" style=\"width: {:.1}em\"></span></td></tr>",
            a.unique,
            percent(share),
            share * 6.0
        )?;
    }
    w.write_all(b"</tbody>\n</table>\n")?;
    w.write_all(b"<h2 class=\"small\">Matching options</h2>\n<ul class=\"options\">")?;
    for o in &r.options {
        write!(w, "<li>{}: <strong>{}</strong></li>", o.label, o.value)?;
    }
    w.write_all(b"</ul>\n</header>\n")
}

/// "[2] <bdi>label</bdi>": the number stays outside the label's own direction.
fn name(w: &mut dyn Write, r: &CoverageReport<'_>, i: usize) -> io::Result<()> {
    write!(w, "[{i}] <bdi>")?;
    text(w, r.story.articles.get(i).map_or("", |a| a.label()))?;
    w.write_all(b"</bdi>")
}

fn cell(w: &mut dyn Write, v: Option<&str>) -> io::Result<()> {
    match v {
        Some(v) if !v.is_empty() => {
            w.write_all(b"<td><bdi>")?;
            text(w, v)?;
            w.write_all(b"</bdi></td>")
        }
        _ => w.write_all("<td class=\"none\">\u{2014}</td>".as_bytes()),
    }
}

fn write_matrix(w: &mut dyn Write, r: &CoverageReport<'_>) -> io::Result<()> {
    let s = r.story;
    w.write_all(b"<section id=\"matrix\">\n<h2>Similarity</h2>\n")?;
    w.write_all(b"<p class=\"meta\">The share of words with a counterpart in each pair, as <code>tabayun diff</code> reports it; darker is closer.</p>\n")?;
    w.write_all(b"<table class=\"matrix\">\n<thead><tr><th></th>")?;
    for j in 0..s.len() {
        write!(w, "<th scope=\"col\">{j}</th>")?;
    }
    w.write_all(b"</tr></thead>\n<tbody>\n")?;
    for i in 0..s.len() {
        write!(w, "<tr><th scope=\"row\">{i} <bdi>")?;
        text(w, s.articles[i].label())?;
        w.write_all(b"</bdi></th>")?;
        for j in 0..s.len() {
            if i == j {
                w.write_all("<td class=\"self\">\u{2014}</td>".as_bytes())?;
                continue;
            }
            let x = s.similarity(i, j);
            let bucket = (x * BUCKETS as f64).round().clamp(0.0, BUCKETS as f64) as usize;
            write!(w, "<td class=\"h{bucket}\" title=\"")?;
            attr(w, &r.name(i))?;
            w.write_all(" \u{2194} ".as_bytes())?;
            attr(w, &r.name(j))?;
            write!(w, ": {:.1}%\">{}%</td>", x * 100.0, percent(x))?;
        }
        w.write_all(b"</tr>\n")?;
    }
    w.write_all(b"</tbody>\n</table>\n</section>\n")
}

fn write_passages(w: &mut dyn Write, r: &CoverageReport<'_>) -> io::Result<()> {
    let s = r.story;
    w.write_all(b"<section id=\"passages\">\n")?;
    writeln!(
        w,
        "<h2 id=\"core\">Core: carried by every article ({})</h2>",
        r.core.len()
    )?;
    list(w, r, &r.core, false)?;
    w.write_all(b"<h2 id=\"only\">Only in one outlet</h2>\n")?;
    for (i, only) in r.only.iter().enumerate() {
        write!(w, "<h3 id=\"only-{i}\">Only in ")?;
        name(w, r, i)?;
        writeln!(w, " ({})</h3>", only.len())?;
        list(w, r, only, false)?;
    }
    if r.dropped.iter().any(|d| !d.is_empty()) {
        w.write_all(b"<h2 id=\"dropped\">Dropped: most others carry it</h2>\n")?;
        for (i, dropped) in r.dropped.iter().enumerate() {
            if dropped.is_empty() {
                continue;
            }
            write!(w, "<h3 id=\"dropped-{i}\">Dropped by ")?;
            name(w, r, i)?;
            writeln!(w, " ({})</h3>", dropped.len())?;
            list(w, r, dropped, false)?;
        }
    }
    write!(w, "<h2 id=\"partial\">Partial: in ")?;
    name(w, r, s.base)?;
    writeln!(w, " and some others ({})</h2>", r.partial.len())?;
    list(w, r, &r.partial, true)?;
    if !s.fallbacks.is_empty() {
        w.write_all(b"<h2 id=\"notes\">Notes</h2>\n<ul>\n")?;
        for f in &s.fallbacks {
            w.write_all(b"<li>")?;
            text(w, f)?;
            w.write_all(b"</li>\n")?;
        }
        w.write_all(b"</ul>\n")?;
    }
    w.write_all(b"</section>\n")
}

fn list(
    w: &mut dyn Write,
    r: &CoverageReport<'_>,
    passages: &[StoryPassage],
    who: bool,
) -> io::Result<()> {
    if passages.is_empty() {
        return w.write_all(b"<p class=\"none\">None.</p>\n");
    }
    w.write_all(b"<ul class=\"passages\">\n")?;
    for p in passages.iter().take(LIST_CAP) {
        let dir = r
            .story
            .articles
            .get(p.article)
            .map_or("auto", |a| dir_from(a.text(), p.start).as_str());
        write!(w, "<li dir=\"{dir}\">")?;
        text(w, &p.text)?;
        write!(w, " <small dir=\"ltr\">({})</small>", words_label(p.words))?;
        if who {
            w.write_all(b" <span class=\"who\" dir=\"ltr\">in ")?;
            text(w, &r.names(&p.carried_by))?;
            w.write_all(b"; lacking ")?;
            text(w, &r.names(&p.lacking))?;
            w.write_all(b"</span>")?;
        }
        w.write_all(b"</li>\n")?;
    }
    if passages.len() > LIST_CAP {
        writeln!(
            w,
            "<li class=\"none\" dir=\"ltr\">\u{2026} and {} more</li>",
            passages.len() - LIST_CAP
        )?;
    }
    w.write_all(b"</ul>\n")
}

/// The base article, each segment tinted by how many other outlets lack it, with a `title`
/// naming who carries it and who lacks it.
fn write_base(w: &mut dyn Write, r: &CoverageReport<'_>) -> io::Result<()> {
    let s = r.story;
    let Some(base) = s.articles.get(s.base) else {
        return Ok(());
    };
    let others = s.len().saturating_sub(1).max(1);
    w.write_all(b"<section id=\"base\">\n<h2>The base article: ")?;
    name(w, r, s.base)?;
    w.write_all(b"</h2>\n")?;
    w.write_all(b"<p class=\"legend-cv\">Tinted by how many other outlets carry each passage: <span class=\"cv own\">own text (carried by none)</span> \xC2\xB7 ")?;
    writeln!(
        w,
        "<span class=\"cv m5\">carried by some</span> \u{00B7} <span class=\"cv\">carried by all {others}</span>. Hover a passage to see who carries it.</p>"
    )?;
    w.write_all(b"<div class=\"text\">\n")?;
    let text_all = base.text();
    let mut open = false;
    for (k, seg) in base.segments.iter().enumerate() {
        let (class, title) = match seg.kind {
            StoryKind::Boilerplate => ("cv bp".to_owned(), "boilerplate (not compared)".to_owned()),
            StoryKind::Body => {
                let lacking: Vec<usize> = (0..s.len())
                    .filter(|&j| j != s.base && !seg.carried_by.contains(&j))
                    .collect();
                let class = if seg.carried_by.is_empty() {
                    "cv own".to_owned()
                } else if lacking.is_empty() {
                    "cv all".to_owned()
                } else {
                    let m = (lacking.len() * BUCKETS).div_ceil(others).clamp(1, BUCKETS);
                    format!("cv m{m}")
                };
                let title = if seg.carried_by.is_empty() {
                    "own text: carried by no other outlet".to_owned()
                } else {
                    format!(
                        "carried by {}; lacking {}",
                        r.names(&seg.carried_by),
                        r.names(&lacking)
                    )
                };
                (class, title)
            }
        };
        let mut first = true;
        for (offset, piece, ends_line) in pieces(base.segment_text(k), seg.start) {
            if !open {
                write!(w, "<p dir=\"{}\">", dir_from(text_all, offset).as_str())?;
                open = true;
            }
            if !piece.is_empty() {
                if first {
                    write!(w, "<span class=\"{class}\" id=\"s{k}\" title=\"")?;
                    first = false;
                } else {
                    write!(w, "<span class=\"{class}\" title=\"")?;
                }
                attr(w, &title)?;
                w.write_all(b"\">")?;
                text(w, piece)?;
                w.write_all(b"</span>")?;
            }
            if ends_line {
                w.write_all(b"</p>\n")?;
                open = false;
            }
        }
    }
    if open {
        w.write_all(b"</p>\n")?;
    }
    w.write_all(b"</div>\n</section>\n")
}
