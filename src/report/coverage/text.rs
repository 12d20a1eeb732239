//! The text summary of a story: articles, the similarity matrix, own-text shares, core and
//! per-outlet passages. Article text is shown with the visible markers of [`crate::controls`].

use std::io::{self, BufWriter, Write};

use anstyle::Style;

use crate::controls;
use crate::story::StoryPassage;

use super::{CoverageReport, LIST_CAP, percent};
use crate::report::content::words_label;

/// Writes the text summary (`color`: bold headings).
pub fn render(r: &CoverageReport<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, w);
    let s = r.story;
    let bold = Style::new().bold();
    let heading = |out: &mut dyn Write, t: &str| -> io::Result<()> {
        if color {
            writeln!(out, "\n{bold}{t}{bold:#}")
        } else {
            writeln!(out, "\n{t}")
        }
    };
    writeln!(
        out,
        "Coverage of {} articles (base {}), {}",
        s.len(),
        line(&r.name(s.base)),
        r.generator
    )?;
    if s.identical {
        writeln!(out, "All articles are identical after normalisation.")?;
    }
    heading(&mut out, "Articles")?;
    for (i, a) in s.articles.iter().enumerate() {
        writeln!(out, "{}  {}", line(&r.name(i)), line(a.file_name()))?;
        if let Some(t) = &a.title {
            writeln!(out, "    title: {}", line(t))?;
        }
        if a.doc.format != crate::model::Format::Text {
            writeln!(out, "    format: {}", a.doc.format.name())?;
        }
        if let Some(u) = &a.doc.url {
            writeln!(out, "    url: {}", line(u))?;
        }
        if let Some(d) = &a.doc.published {
            writeln!(out, "    published: {}", line(d))?;
        }
        writeln!(
            out,
            "    {} words; own text {} ({}%); carried by all others {}",
            a.words,
            a.unique,
            percent(a.own_share()),
            a.carried_by_all
        )?;
    }
    heading(
        &mut out,
        "Similarity (%), as tabayun diff gives it for each pair",
    )?;
    write!(out, "     ")?;
    for j in 0..s.len() {
        write!(out, "{:>5}", format!("[{j}]"))?;
    }
    writeln!(out)?;
    for i in 0..s.len() {
        write!(out, "{:>5}", format!("[{i}]"))?;
        for j in 0..s.len() {
            if i == j {
                write!(out, "{:>5}", "-")?;
            } else {
                write!(out, "{:>5}", percent(s.similarity(i, j)))?;
            }
        }
        writeln!(out)?;
    }
    heading(
        &mut out,
        &format!("Core: carried by every article ({})", r.core.len()),
    )?;
    list(&mut out, r, &r.core, false)?;
    for (i, only) in r.only.iter().enumerate() {
        heading(
            &mut out,
            &format!("Only in {} ({})", line(&r.name(i)), only.len()),
        )?;
        list(&mut out, r, only, false)?;
    }
    for (i, dropped) in r.dropped.iter().enumerate() {
        if dropped.is_empty() {
            continue;
        }
        heading(
            &mut out,
            &format!(
                "Dropped by {}: most others carry it ({})",
                line(&r.name(i)),
                dropped.len()
            ),
        )?;
        list(&mut out, r, dropped, false)?;
    }
    heading(
        &mut out,
        &format!(
            "Partial: in {} and some others ({})",
            line(&r.name(s.base)),
            r.partial.len()
        ),
    )?;
    list(&mut out, r, &r.partial, true)?;
    if !s.fallbacks.is_empty() {
        heading(&mut out, "Notes")?;
        for f in &s.fallbacks {
            writeln!(out, "  - {}", line(f))?;
        }
    }
    out.flush()
}

/// A passage list, capped at [`LIST_CAP`] (`who`: name who has and lacks each).
fn list(
    out: &mut dyn Write,
    r: &CoverageReport<'_>,
    passages: &[StoryPassage],
    who: bool,
) -> io::Result<()> {
    if passages.is_empty() {
        return writeln!(out, "  None.");
    }
    for p in passages.iter().take(LIST_CAP) {
        write!(out, "  - {} ({})", line(&p.text), words_label(p.words))?;
        if who {
            write!(
                out,
                "; in {}; lacking {}",
                line(&r.names(&p.carried_by)),
                line(&r.names(&p.lacking))
            )?;
        }
        writeln!(out)?;
    }
    if passages.len() > LIST_CAP {
        writeln!(out, "  … and {} more", passages.len() - LIST_CAP)?;
    }
    Ok(())
}

/// Text on one line, controls shown as markers.
fn line(s: &str) -> String {
    controls::visible_line(s).into_owned()
}
