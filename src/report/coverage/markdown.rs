//! The Markdown summary of a story: the sources table, the similarity matrix, own-text shares,
//! core and per-outlet passages. Article text is escaped (Markdown and HTML special characters
//! get a backslash) and controls are shown as visible markers; right-to-left passage lists are
//! wrapped in `<div dir="rtl">` blocks, as in the pair report.

use std::io::{self, BufWriter, Write};

use crate::controls;
use crate::report::content::{Dir, article_dir};
use crate::story::StoryPassage;

use super::{CoverageReport, LIST_CAP, percent};
use crate::report::content::words_label;

/// Writes the Markdown summary.
pub fn render(r: &CoverageReport<'_>, w: &mut dyn Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, w);
    let s = r.story;
    writeln!(out, "# Coverage report\n")?;
    writeln!(
        out,
        "Created {} with {}. {} articles; base: {}.\n",
        esc(&r.date),
        r.generator,
        s.len(),
        esc(&r.name(s.base))
    )?;
    if s.identical {
        writeln!(out, "All articles are identical after normalisation.\n")?;
    }
    writeln!(out, "## Sources\n")?;
    writeln!(
        out,
        "| # | File | Outlet | Title | Format | Published | URL | Encoding | Size (bytes) | Words | Own text |"
    )?;
    writeln!(out, "|---:|---|---|---|---|---|---|---|---:|---:|---:|")?;
    for (i, a) in s.articles.iter().enumerate() {
        writeln!(
            out,
            "| {i} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} ({}%) |",
            esc(a.file_name()),
            a.outlet.as_deref().map_or("—".to_owned(), esc),
            a.title.as_deref().map_or("—".to_owned(), esc),
            a.doc.format.name(),
            a.doc.published.as_deref().map_or("—".to_owned(), esc),
            a.doc.url.as_deref().map_or("—".to_owned(), esc),
            esc(&a.doc.encoding),
            a.doc.bytes,
            a.words,
            a.unique,
            percent(a.own_share())
        )?;
    }
    writeln!(out, "\n## Matching options\n")?;
    let opts: Vec<String> = r
        .options
        .iter()
        .map(|o| format!("{}: **{}**", o.label, o.value))
        .collect();
    writeln!(out, "{}\n", opts.join(" · "))?;
    writeln!(out, "## Similarity (%)\n")?;
    write!(out, "| |")?;
    for j in 0..s.len() {
        write!(out, " [{j}] |")?;
    }
    write!(out, "\n|---|")?;
    for _ in 0..s.len() {
        write!(out, "---:|")?;
    }
    writeln!(out)?;
    for i in 0..s.len() {
        write!(out, "| **[{i}]** {} |", esc(s.articles[i].label()))?;
        for j in 0..s.len() {
            if i == j {
                write!(out, " — |")?;
            } else {
                write!(out, " {} |", percent(s.similarity(i, j)))?;
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "\n## Core: carried by every article ({})\n",
        r.core.len()
    )?;
    list(&mut out, r, s.base, &r.core, false)?;
    writeln!(out, "## Only in one outlet\n")?;
    for (i, only) in r.only.iter().enumerate() {
        writeln!(out, "### Only in {} ({})\n", esc(&r.name(i)), only.len())?;
        list(&mut out, r, i, only, false)?;
    }
    if r.dropped.iter().any(|d| !d.is_empty()) {
        writeln!(out, "## Dropped: most others carry it\n")?;
        for (i, dropped) in r.dropped.iter().enumerate() {
            if let Some(first) = dropped.first() {
                writeln!(
                    out,
                    "### Dropped by {} ({})\n",
                    esc(&r.name(i)),
                    dropped.len()
                )?;
                list(&mut out, r, first.article, dropped, false)?;
            }
        }
    }
    writeln!(
        out,
        "## Partial: in {} and some others ({})\n",
        esc(&r.name(s.base)),
        r.partial.len()
    )?;
    list(&mut out, r, s.base, &r.partial, true)?;
    if !s.fallbacks.is_empty() {
        writeln!(out, "## Notes\n")?;
        for f in &s.fallbacks {
            writeln!(out, "- {}", esc(f))?;
        }
        writeln!(out)?;
    }
    out.flush()
}

/// A passage list of article `article` (RTL-wrapped when that article is), capped.
fn list(
    out: &mut dyn Write,
    r: &CoverageReport<'_>,
    article: usize,
    passages: &[StoryPassage],
    who: bool,
) -> io::Result<()> {
    if passages.is_empty() {
        return writeln!(out, "None.\n");
    }
    let rtl = r
        .story
        .articles
        .get(article)
        .is_some_and(|a| article_dir(a.text()) == Dir::Rtl);
    if rtl {
        writeln!(out, "<div dir=\"rtl\">\n")?;
    }
    for p in passages.iter().take(LIST_CAP) {
        write!(out, "- {} *({})*", esc(&p.text), words_label(p.words))?;
        if who {
            write!(
                out,
                " — in {}; lacking {}",
                esc(&r.names(&p.carried_by)),
                esc(&r.names(&p.lacking))
            )?;
        }
        writeln!(out)?;
    }
    if passages.len() > LIST_CAP {
        writeln!(out, "- … and {} more", passages.len() - LIST_CAP)?;
    }
    if rtl {
        writeln!(out, "\n</div>")?;
    }
    writeln!(out)
}

/// Escapes Markdown and HTML special characters with a backslash, newlines as ` ¶ `, controls
/// as their markers; a leading list or heading marker is neutralised.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (k, ch) in s.char_indices() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(ch);
            }
            '-' | '+' | '=' if k == 0 => {
                out.push('\\');
                out.push(ch);
            }
            '.' | ')' if s[..k].chars().all(|c| c.is_ascii_digit()) && k > 0 => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push_str(" \u{00B6} "),
            c if controls::is_marked(c) => {
                if let Some(m) = controls::marker(c) {
                    out.push_str(&m);
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(esc("1. a*b <x>"), "1\\. a\\*b \\<x\\>");
        assert_eq!(esc("- x\u{202E}"), "\\- x⟦RLO⟧");
    }
}
