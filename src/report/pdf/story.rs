//! The story report as PDF: the HTML story report's content ([`CoverageReport`]) — sources,
//! matching options, the similarity matrix (a colour-blind-safe sequential scale, the number
//! printed in each cell), core, only-in, dropped and partial passages, notes — then the base
//! article tinted by how many other outlets carry each passage (own text as "only on this side").

use std::io;

use crate::bidi_layout::{DocText, NO_SEGMENT, Piece};
use crate::model::{Segment, SegmentKind};
use crate::palette::{self, LIGHT, Rgba};
use crate::report::content::{NONE, words_label};
use crate::report::coverage::{CoverageReport, LIST_CAP, percent};
use crate::story::{StoryKind, StoryPassage};

use super::Paper;
use super::flow::{Cell, Flow, GREY, INK, LineStyle, Style};

/// Writes `r` as a PDF on `paper`.
pub fn render(r: &CoverageReport<'_>, paper: Paper, w: &mut dyn io::Write) -> io::Result<()> {
    let s = r.story;
    let names: Vec<String> = s
        .articles
        .iter()
        .map(|a| crate::controls::visible_line(a.file_name()).into_owned())
        .collect();
    let header = format!("Coverage of {} articles: {}", s.len(), names.join(", "));
    let mut f = Flow::new(paper, header.clone(), header)?;
    f.heading("Coverage report", 20.0);
    f.text(
        &format!(
            "Created {} with {}. {} articles; base: {}.",
            r.date,
            r.generator,
            s.len(),
            visible(&r.name(s.base))
        ),
        9.0,
        GREY,
    );
    if s.identical {
        f.text("All articles are identical after normalisation.", 10.0, INK);
    }
    f.gap(6.0);
    sources(&mut f, r);
    super::matching_options(&mut f, &r.options);
    matrix(&mut f, r);

    f.heading(
        &format!("Core: carried by every article ({})", r.core.len()),
        13.0,
    );
    list(&mut f, r, &r.core, false);
    f.heading("Only in one outlet", 13.0);
    for (i, only) in r.only.iter().enumerate() {
        f.heading(
            &format!("Only in {} ({})", visible(&r.name(i)), only.len()),
            11.0,
        );
        list(&mut f, r, only, false);
    }
    if r.dropped.iter().any(|d| !d.is_empty()) {
        f.heading("Dropped: most others carry it", 13.0);
        for (i, dropped) in r.dropped.iter().enumerate() {
            if dropped.is_empty() {
                continue;
            }
            f.heading(
                &format!("Dropped by {} ({})", visible(&r.name(i)), dropped.len()),
                11.0,
            );
            list(&mut f, r, dropped, false);
        }
    }
    f.heading(
        &format!(
            "Partial: in {} and some others ({})",
            visible(&r.name(s.base)),
            r.partial.len()
        ),
        13.0,
    );
    list(&mut f, r, &r.partial, true);
    if !s.fallbacks.is_empty() {
        f.heading("Notes", 11.0);
        for note in &s.fallbacks {
            f.text(note, 9.0, INK);
        }
    }
    base(&mut f, r);
    f.finish(w)
}

fn visible(s: &str) -> String {
    crate::controls::visible_line(s).into_owned()
}

fn sources(f: &mut Flow, r: &CoverageReport<'_>) {
    let s = r.story;
    let col = f.column();
    let rest = col - 20.0 - 50.0 - 75.0;
    let widths = [20.0, rest * 0.35, rest * 0.25, rest * 0.4, 50.0, 75.0];
    let head = |t: &str| Cell::new(t, 8.0, GREY);
    let mut rows = vec![vec![
        head("#"),
        head("File"),
        head("Outlet"),
        head("Title"),
        head("Words"),
        head("Own text"),
    ]];
    let dash = || Cell::new("\u{2014}", 9.0, GREY);
    let opt = |v: Option<&str>| v.map_or_else(dash, |v| Cell::new(visible(v), 9.0, INK));
    for (i, a) in s.articles.iter().enumerate() {
        rows.push(vec![
            Cell::new(i.to_string(), 9.0, INK),
            Cell::new(visible(a.file_name()), 9.0, INK),
            opt(a.outlet.as_deref()),
            opt(a.title.as_deref()),
            Cell::new(a.words.to_string(), 9.0, INK),
            Cell::new(
                format!("{} ({}%)", a.unique, percent(a.own_share())),
                9.0,
                INK,
            ),
        ]);
    }
    f.table(&widths, &rows, 1);
    f.gap(6.0);
    let widths = [20.0, 70.0, 70.0, col - 160.0];
    let mut rows = vec![vec![
        head("#"),
        head("Encoding"),
        head("Size (bytes)"),
        head("SHA-256"),
    ]];
    for (i, a) in s.articles.iter().enumerate() {
        rows.push(vec![
            Cell::new(i.to_string(), 8.5, INK),
            Cell::new(visible(&a.doc.encoding), 8.5, INK),
            Cell::new(a.doc.bytes.to_string(), 8.5, INK),
            Cell::new(&a.doc.sha256, 6.5, INK),
        ]);
    }
    f.table(&widths, &rows, 1);
}

/// The similarity of every pair: the percentage in each cell over a sequential scale (darker is
/// closer), the ink black or white, whichever reads better.
fn matrix(f: &mut Flow, r: &CoverageReport<'_>) {
    let s = r.story;
    f.heading("Similarity", 13.0);
    f.text(
        "The share of words with a counterpart in each pair, as tabayun diff reports it; darker is closer.",
        8.5,
        GREY,
    );
    let n = s.len();
    let col = f.column();
    let cell_w = ((col - 150.0) / n.max(1) as f32).min(40.0);
    let mut widths = vec![150.0];
    widths.extend(std::iter::repeat_n(cell_w, n));
    let mut head = vec![Cell::new("", 8.0, GREY)];
    head.extend((0..n).map(|j| Cell::new(j.to_string(), 8.0, GREY)));
    let mut rows = vec![head];
    for i in 0..n {
        let mut row = vec![Cell::new(visible(&r.name(i)), 8.5, INK)];
        for j in 0..n {
            if i == j {
                row.push(Cell::new("\u{2014}", 8.5, GREY));
                continue;
            }
            let x = s.similarity(i, j);
            let bg = palette::sequential(1.0 - x);
            row.push(Cell {
                text: format!("{}%", percent(x)),
                size: 8.5,
                style: Style {
                    color: palette::ink_on(bg),
                    tint: Some(bg),
                    line: None,
                    line2: None,
                },
            });
        }
        rows.push(row);
    }
    f.table(&widths, &rows, 1);
}

fn list(f: &mut Flow, r: &CoverageReport<'_>, passages: &[StoryPassage], who: bool) {
    if passages.is_empty() {
        f.text(NONE, 9.5, GREY);
        return;
    }
    for p in passages.iter().take(LIST_CAP) {
        f.text(&p.text, 10.5, INK);
        let mut note = words_label(p.words);
        if who {
            note.push_str(&format!(
                "; in {}; lacking {}",
                visible(&r.names(&p.carried_by)),
                visible(&r.names(&p.lacking))
            ));
        }
        f.text(&note, 7.5, GREY);
        f.gap(2.0);
    }
    if passages.len() > LIST_CAP {
        f.text(
            &format!("\u{2026} and {} more", passages.len() - LIST_CAP),
            9.0,
            GREY,
        );
    }
}

/// The style of a base segment: own text as "only on this side", text some others lack tinted
/// the stronger the more lack it, text all carry plain, boilerplate dimmed.
fn carried_style(r: &CoverageReport<'_>, seg: Option<&crate::story::StorySegment>) -> Style {
    let s = r.story;
    let Some(seg) = seg else {
        return Style::plain(INK);
    };
    if seg.kind == StoryKind::Boilerplate {
        return Style::plain(LIGHT.dim_text);
    }
    if seg.carried_by.is_empty() {
        return Style {
            color: INK,
            tint: Some(LIGHT.unique.fill),
            line: Some((LineStyle::Solid, LIGHT.unique.line)),
            line2: None,
        };
    }
    let others = s.len().saturating_sub(1).max(1);
    let lacking = (0..s.len())
        .filter(|&j| j != s.base && !seg.carried_by.contains(&j))
        .count();
    if lacking == 0 {
        return Style::plain(INK);
    }
    let [r8, g8, b8, _] = palette::SEQUENTIAL[7].0;
    let alpha = (lacking as f64 / others as f64 * 150.0).round() as u8;
    Style {
        color: INK,
        tint: Some(Rgba::translucent(r8, g8, b8, alpha)),
        line: None,
        line2: None,
    }
}

fn base(f: &mut Flow, r: &CoverageReport<'_>) {
    let s = r.story;
    let Some(base) = s.articles.get(s.base) else {
        return;
    };
    f.new_page();
    f.heading(
        &format!("The base article: {}", visible(&r.name(s.base))),
        14.0,
    );
    let others = s.len().saturating_sub(1).max(1);
    let col = f.column();
    let own_sample = Style {
        color: INK,
        tint: Some(LIGHT.unique.fill),
        line: Some((LineStyle::Solid, LIGHT.unique.line)),
        line2: None,
    };
    let [r8, g8, b8, _] = palette::SEQUENTIAL[7].0;
    let some_sample = Style {
        tint: Some(Rgba::translucent(r8, g8, b8, 75)),
        ..Style::plain(INK)
    };
    for (sample, style, what) in [
        (
            "own text",
            own_sample,
            "carried by no other outlet".to_owned(),
        ),
        (
            "carried by some",
            some_sample,
            "the fewer others carry it, the stronger the tint".to_owned(),
        ),
        (
            "carried by all",
            Style::plain(INK),
            format!("all {others} others carry it"),
        ),
        (
            "boilerplate",
            Style::plain(LIGHT.dim_text),
            "not compared".to_owned(),
        ),
    ] {
        let doc = DocText::new(sample, &[]);
        let left = f.lay_out(sample, &doc, 0, 9.5, 110.0, &|_| style);
        let right = f.plain_lines(&what, 9.0, INK, col - 120.0);
        f.side_by_side(left, right, 120.0);
    }
    f.gap(8.0);
    // The bidi layout takes pair segments: the same tiling, so a piece's segment index is the
    // story segment's.
    let tiling: Vec<Segment> = base
        .segments
        .iter()
        .map(|g| Segment {
            start: g.start,
            end: g.end,
            kind: SegmentKind::Shared,
            moved: false,
            link: None,
            words: g.words,
            move_id: None,
        })
        .collect();
    let text = base.text();
    let doc = DocText::new(text, &tiling);
    let styles = |p: &Piece| {
        let seg = if p.seg == NO_SEGMENT {
            None
        } else {
            base.segments.get(p.seg as usize)
        };
        carried_style(r, seg)
    };
    if doc.paras.is_empty() {
        f.text("(empty)", 10.0, GREY);
    }
    for k in 0..doc.paras.len() {
        let lines = f.lay_out(text, &doc, k, 11.0, col, &styles);
        f.paragraph(lines, f.left());
        f.gap(5.5);
    }
}
