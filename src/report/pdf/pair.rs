//! The pair report as PDF: the HTML report's content ([`Report`]) in the same order — title,
//! date, sources, matching options, similarity and counts, notes, only-in, moved passages,
//! variants, the legend — then each article with every word marked as in the window: a tint and
//! a colour-free line per kind (solid underline: only on this side; wavy: spelling variant;
//! dashed: moved; boilerplate dimmed).

use std::io;

use crate::bidi_layout::{DocText, NO_SEGMENT, Piece};
use crate::model::{Segment, SegmentKind, Side, Which};
use crate::palette::LIGHT;
use crate::report::content::{Entry, NONE, Report, Section, VariantRow};

use super::Paper;
use super::flow::{Cell, Flow, GREY, INK, Line, LineStyle, Style};
use super::shape::Fonts;

/// Font size of article text.
const BODY: f32 = 11.0;

/// Writes `r` as a PDF on `paper`.
pub fn render(r: &Report<'_>, paper: Paper, w: &mut dyn io::Write) -> io::Result<()> {
    let c = r.comparison;
    let header = format!(
        "A: {} \u{00B7} B: {}",
        crate::controls::visible_line(c.a.file_name()),
        crate::controls::visible_line(c.b.file_name())
    );
    let title = format!("{} vs {}", c.a.file_name(), c.b.file_name());
    let mut f = Flow::new(paper, header, title)?;
    let width = f.column();
    // The articles' lines do not depend on where they land on the page: each is laid out on a
    // thread of its own, with fonts of its own, while this thread sets the front matter (three
    // threads on two cores: whichever finishes first leaves its core to the others).
    let lay_out = |side: &Side| -> io::Result<Vec<Vec<Line>>> {
        let mut fonts = Fonts::new().map_err(io::Error::other)?;
        let lines = article_lines(&mut fonts, side, width);
        crate::trace::phase("pdf: article laid out");
        Ok(lines)
    };
    let ((), (a, b)) = crate::parallel::join(
        || front_matter(&mut f, r),
        || crate::parallel::join(|| lay_out(&c.a), || lay_out(&c.b)),
    );
    let (a, b) = (a?, b?);
    article(&mut f, Which::A, &c.a, a);
    article(&mut f, Which::B, &c.b, b);
    crate::trace::phase("pdf: articles placed");
    f.finish(w)
}

/// Everything before the articles: title, sources, options, summary, passages, variants and
/// the legend.
fn front_matter(f: &mut Flow, r: &Report<'_>) {
    f.heading("Comparison report", 20.0);
    f.text(
        &format!("Created {} with {}", r.date, r.generator),
        9.0,
        GREY,
    );
    f.gap(6.0);
    sources(f, r);
    super::matching_options(f, &r.options);

    f.heading("Summary", 16.0);
    f.text(
        &format!("Similarity {:.1}\u{202F}%", r.similarity_percent),
        15.0,
        INK,
    );
    if r.identical {
        f.text("The texts are identical after normalisation.", 9.0, GREY);
    }
    counts(f, r);
    if !r.notes.is_empty() {
        f.heading("Notes", 11.0);
        for note in r.notes {
            f.text(note, 9.0, INK);
        }
    }
    for section in [&r.only_a, &r.only_b, &r.moved] {
        entries(f, section);
    }
    variants(f, &r.variants);
    legend(f);
    crate::trace::phase("pdf: front matter");
}

fn sources(f: &mut Flow, r: &Report<'_>) {
    let col = f.column();
    let widths = [90.0, (col - 90.0) / 2.0, (col - 90.0) / 2.0];
    let mut rows = vec![vec![
        Cell::new("Source", 8.5, GREY),
        Cell::new("A", 8.5, GREY),
        Cell::new("B", 8.5, GREY),
    ]];
    for row in &r.sources {
        let size = if row.hash { 6.5 } else { 9.0 };
        let mut cells = vec![Cell::new(row.label, 8.5, GREY)];
        for v in &row.values {
            cells.push(match v {
                Some(v) if !v.is_empty() => Cell::new(crate::controls::visible_line(v), size, INK),
                _ => Cell::new("\u{2014}", size, GREY),
            });
        }
        rows.push(cells);
    }
    f.table(&widths, &rows, 1);
}

fn counts(f: &mut Flow, r: &Report<'_>) {
    let widths = [110.0, 60.0, 60.0];
    let mut rows = vec![vec![
        Cell::new("Words", 8.5, GREY),
        Cell::new("A", 8.5, GREY),
        Cell::new("B", 8.5, GREY),
    ]];
    for row in &r.counts {
        rows.push(vec![
            Cell::new(row.label, 9.0, INK),
            Cell::new(row.a.to_string(), 9.0, INK),
            Cell::new(row.b.to_string(), 9.0, INK),
        ]);
    }
    f.gap(4.0);
    f.table(&widths, &rows, 1);
}

fn entries(f: &mut Flow, section: &Section<Entry>) {
    f.heading(&section.heading(), 13.0);
    if section.items.is_empty() {
        f.text(NONE, 9.5, GREY);
        return;
    }
    for e in &section.items {
        f.text(&e.text, 10.5, INK);
        f.text(&e.words_label(), 7.5, GREY);
        f.gap(2.0);
    }
}

fn variants(f: &mut Flow, section: &Section<VariantRow>) {
    f.heading(&section.heading(), 13.0);
    if section.items.is_empty() {
        f.text(NONE, 9.5, GREY);
        return;
    }
    let col = f.column();
    let widths = [(col - 70.0) / 2.0, (col - 70.0) / 2.0, 70.0];
    let mut rows = vec![vec![
        Cell::new("A", 8.5, GREY),
        Cell::new("B", 8.5, GREY),
        Cell::new("Order", 8.5, GREY),
    ]];
    for v in &section.items {
        rows.push(vec![
            Cell::new(&v.a_text, 10.5, INK),
            Cell::new(&v.b_text, 10.5, INK),
            Cell::new(v.order, 8.5, GREY),
        ]);
    }
    f.table(&widths, &rows, 1);
}

/// What a word shows, from its segment: the window's marks (gui/marks.rs), colour from the light
/// palette, and a line that needs no colour.
pub(crate) fn style_of(segment: Option<&Segment>) -> Style {
    let Some(s) = segment else {
        return Style::plain(INK);
    };
    let moved = s.moved && s.kind != SegmentKind::Boilerplate;
    let dashed = (LineStyle::Dashed, LIGHT.moved.line);
    match s.kind {
        SegmentKind::Boilerplate => Style::plain(LIGHT.dim_text),
        SegmentKind::Unique => Style {
            color: INK,
            tint: Some(LIGHT.unique.fill),
            line: Some((LineStyle::Solid, LIGHT.unique.line)),
            line2: None,
        },
        SegmentKind::Variant => Style {
            color: INK,
            tint: Some(LIGHT.variant.fill),
            line: Some((LineStyle::Wavy, LIGHT.variant.line)),
            line2: moved.then_some(dashed),
        },
        SegmentKind::Shared if moved => Style {
            color: INK,
            tint: Some(LIGHT.moved.fill),
            line: Some(dashed),
            line2: None,
        },
        SegmentKind::Shared => Style::plain(INK),
    }
}

fn legend(f: &mut Flow) {
    f.heading("Legend", 13.0);
    let seg = |kind, moved| Segment {
        start: 0,
        end: 0,
        kind,
        moved,
        link: None,
        words: 1,
        move_id: None,
    };
    let items = [
        (
            "shared",
            style_of(None),
            "plain: the same words are in the other article",
        ),
        (
            "moved",
            style_of(Some(&seg(SegmentKind::Shared, true))),
            "dashed underline: shared, but in another place in the other article",
        ),
        (
            "variant",
            style_of(Some(&seg(SegmentKind::Variant, false))),
            "wavy underline: spelled differently in the other article",
        ),
        (
            "unique",
            style_of(Some(&seg(SegmentKind::Unique, false))),
            "tint and solid underline: only in this article",
        ),
        (
            "boilerplate",
            style_of(Some(&seg(SegmentKind::Boilerplate, false))),
            "dimmed: not article body, left out of the comparison",
        ),
        (
            "\u{27E6}RLO\u{27E7} \u{27E6}?\u{27E7}",
            Style::plain(LIGHT.unique.line),
            "a hidden direction control, a control character or bytes that could not be decoded, found in the input and shown instead of applied",
        ),
    ];
    let col = f.column();
    for (sample, style, what) in items {
        let doc = DocText::new(sample, &[]);
        let sample_lines = f.lay_out(sample, &doc, 0, 10.0, 80.0, &|_| style);
        let what_lines = f.plain_lines(what, 9.0, INK, col - 90.0);
        f.side_by_side(sample_lines, what_lines, 90.0);
    }
}

/// One article's paragraphs laid out at `width`, every word in the style of its segment.
fn article_lines(fonts: &mut Fonts, side: &Side, width: f32) -> Vec<Vec<Line>> {
    let doc = DocText::new(&side.text, &side.segments);
    let styles = |p: &Piece| {
        let seg = if p.seg == NO_SEGMENT {
            None
        } else {
            side.segments.get(p.seg as usize)
        };
        style_of(seg)
    };
    (0..doc.paras.len())
        .map(|k| Flow::lay_out_with(fonts, &side.text, &doc, k, BODY, width, &styles))
        .collect()
}

/// One article on a new page under its heading, from its laid-out paragraphs.
fn article(f: &mut Flow, which: Which, side: &Side, paras: Vec<Vec<Line>>) {
    f.new_page();
    f.heading(
        &format!(
            "{} \u{00B7} {}",
            which.label(),
            crate::controls::visible_line(side.file_name())
        ),
        14.0,
    );
    if paras.is_empty() {
        f.text("(empty)", 10.0, GREY);
    }
    for lines in paras {
        f.paragraph(lines, f.left());
        f.gap(BODY * 0.5);
    }
}
