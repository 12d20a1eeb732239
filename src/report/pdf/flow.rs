//! Pages for the PDF report: text laid out with the window's bidi line layout
//! ([`crate::bidi_layout`]) into a display list per page (glyph runs, tints, mark lines), flowed
//! down the page a line at a time, then written with krilla, each page with the running header
//! and its page number ("Page 3 of 12", known once everything is laid out).
//!
//! A paragraph that does not fit on a page continues on the next one, whole lines only, with a
//! note at the foot of the page ("continued on the next page") and at the top of the next
//! ("continued").

use std::io;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::graphic::Graphic;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, Stroke, StrokeDash};

use crate::bidi_layout::{DocText, Piece, WordBox, place_paragraph};
use crate::palette::Rgba;

use super::Paper;
use super::shape::{Fonts, GlyphRun, Shaped};
use krilla::text::KrillaGlyph;

/// Body text colour.
pub const INK: Rgba = Rgba::gray(20);
/// Secondary text (dates, counts, page numbers).
pub const GREY: Rgba = Rgba::gray(105);

const MARGIN_X: f32 = 50.0;
const MARGIN_TOP: f32 = 62.0;
const MARGIN_BOTTOM: f32 = 58.0;

/// The colour-free line under a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    /// A thick solid underline (only on this side).
    Solid,
    /// A wavy underline (spelling variant).
    Wavy,
    /// A dashed underline (moved).
    Dashed,
}

/// How a piece of text is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Text colour.
    pub color: Rgba,
    /// Background behind the word (translucent colours are blended over white).
    pub tint: Option<Rgba>,
    /// The mark line under the word.
    pub line: Option<(LineStyle, Rgba)>,
    /// A second mark line below the first (a moved variant: wavy and dashed).
    pub line2: Option<(LineStyle, Rgba)>,
}

impl Style {
    /// Plain text in `color`.
    pub const fn plain(color: Rgba) -> Self {
        Self {
            color,
            tint: None,
            line: None,
            line2: None,
        }
    }
}

/// One drawing operation, in points from the top-left corner of what it belongs to.
///
/// Text is drawn a batch at a time: the glyphs of neighbouring words of one font, size, colour
/// and direction on one line, as one text object with the spaces between words as glyph
/// advances. Each drawing call to the PDF writer costs a saved state, a transform, a colour and
/// a text object around it (about 100 bytes of content stream, all of it deflated), so a call
/// per word cost more than the glyphs themselves.
#[derive(Clone, Debug)]
enum Op {
    Glyphs {
        x: f32,
        baseline: f32,
        size: f32,
        color: Rgba,
        run: Arc<Batch>,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgba,
    },
    Line {
        x: f32,
        w: f32,
        y: f32,
        color: Rgba,
        style: LineStyle,
    },
}

/// Neighbouring glyph runs of one font for one text object, left to right: each a run of a
/// shaped word (shared with the shaping cache, so a repeated word costs no glyph memory) and the
/// space to the next run. [`Batch::fill`] writes them out as glyphs when the page is drawn.
#[derive(Debug)]
struct Batch {
    font: usize,
    rtl: bool,
    /// The shaped word, the index of its run, and the gap to the next run (em).
    parts: Vec<(Arc<Shaped>, usize, f32)>,
    /// Advance width, em.
    width: f32,
}

/// The glyph run a batch's part stands for.
fn part_run((word, k, _): &(Arc<Shaped>, usize, f32)) -> Option<&GlyphRun> {
    word.runs.get(*k)
}

impl Batch {
    /// The glyphs in visual order, advances in em (the gap to the next run added to the advance
    /// of a run's last glyph), and the text they map to: the runs' texts in logical order, so
    /// right-to-left glyphs have falling text ranges and the writer marks them as reversed, as
    /// it did word by word.
    fn fill(&self, glyphs: &mut Vec<KrillaGlyph>, text: &mut String) {
        glyphs.clear();
        text.clear();
        let mut text_at = vec![0; self.parts.len()];
        let order: Box<dyn Iterator<Item = usize>> = if self.rtl {
            Box::new((0..self.parts.len()).rev())
        } else {
            Box::new(0..self.parts.len())
        };
        for i in order {
            if let (Some(at), Some(r)) = (text_at.get_mut(i), self.parts.get(i).and_then(part_run))
            {
                *at = text.len();
                text.push_str(&r.text);
            }
        }
        for (part, at) in self.parts.iter().zip(text_at) {
            let Some(r) = part_run(part) else {
                continue;
            };
            glyphs.extend(r.glyphs.iter().map(|g| {
                let mut g = g.clone();
                g.text_range = g.text_range.start + at..g.text_range.end + at;
                g
            }));
            if let Some(last) = glyphs.last_mut() {
                last.x_advance += part.2;
            }
        }
    }
}

impl Op {
    fn moved(mut self, dx: f32, dy: f32) -> Self {
        match &mut self {
            Op::Glyphs { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Op::Fill { x, y, .. } | Op::Line { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
        self
    }
}

/// One glyph run of a word placed on a line, before batching.
struct Placed<'a> {
    x: f32,
    color: Rgba,
    word: &'a Arc<Shaped>,
    run: usize,
}

impl Placed<'_> {
    fn run(&self) -> Option<&GlyphRun> {
        self.word.runs.get(self.run)
    }

    fn font(&self) -> Option<usize> {
        self.run().map(|r| r.font)
    }
}

/// The runs of one line (in any order) as batches: one per font, colour and direction, its runs
/// left to right, the gap to the next one of the batch (over runs of other batches: a period in
/// Noto Serif between Arabic words) a glyph advance. A batch per stretch of neighbours instead
/// split a line of Arabic at every Latin punctuation mark, and each text object costs the
/// writer a saved state, a transform, a colour and a font selection in the content stream.
/// `size` is the font size (runs are in em).
fn batches(mut runs: Vec<Placed<'_>>, size: f32) -> Vec<(f32, Rgba, Batch)> {
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let key = |p: &Placed<'_>| (p.font(), p.word.rtl, p.color);
    let mut keys: Vec<(Option<usize>, bool, Rgba)> = Vec::new();
    for r in &runs {
        if !keys.contains(&key(r)) {
            keys.push(key(r));
        }
    }
    let width_of = |p: &Placed<'_>| p.run().map_or(0.0, |r| r.width);
    let mut out: Vec<(f32, Rgba, Batch)> = Vec::with_capacity(keys.len());
    for k in keys {
        let group: Vec<&Placed<'_>> = runs.iter().filter(|r| key(r) == k).collect();
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let parts = group
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // The gap to the next run, in em.
                let gap = group
                    .get(i + 1)
                    .map_or(0.0, |next| (next.x - p.x) / size - width_of(p));
                (Arc::clone(p.word), p.run, gap)
            })
            .collect();
        let width = (last.x - first.x) / size + width_of(last);
        out.push((
            first.x,
            first.color,
            Batch {
                font: first.font().unwrap_or_default(),
                rtl: first.word.rtl,
                parts,
                width,
            },
        ));
    }
    out
}

/// Joins the tints and the mark lines of neighbouring words on one line that look the same
/// (colour, height, style) across the space between them, as the window does (`gui::pane`'s
/// `merged_rects`, same reach: one and a half spaces and a point): a marked passage is one
/// band, not a band per word, and one rectangle or line instead of several in the content
/// stream.
fn merge_marks(ops: &mut Vec<Op>, space: f32) {
    let reach = space * 1.5 + 1.0;
    // Left to right within each look, so each run of them is contiguous.
    let look = |op: &Op| match op {
        Op::Fill { y, h, color, .. } => Some((0, color.0, y.to_bits(), h.to_bits(), None)),
        Op::Line {
            y, color, style, ..
        } => Some((1, color.0, y.to_bits(), 0, Some(*style as u8))),
        Op::Glyphs { .. } => None,
    };
    let left = |op: &Op| match op {
        Op::Fill { x, .. } | Op::Line { x, .. } | Op::Glyphs { x, .. } => *x,
    };
    ops.sort_by(|a, b| look(a).cmp(&look(b)).then(left(a).total_cmp(&left(b))));
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops.drain(..) {
        let same = out
            .last()
            .is_some_and(|last| look(last).is_some() && look(last) == look(&op));
        match (out.last_mut(), op) {
            (Some(Op::Fill { x: lx, w: lw, .. }), Op::Fill { x, w, .. })
            | (Some(Op::Line { x: lx, w: lw, .. }), Op::Line { x, w, .. })
                if same && x - (*lx + *lw) <= reach =>
            {
                *lw = (x + w).max(*lx + *lw) - *lx;
            }
            (_, op) => out.push(op),
        }
    }
    *ops = out;
}

/// One laid-out line: its operations relative to its top-left corner and its height.
#[derive(Clone, Debug, Default)]
pub struct Line {
    ops: Vec<Op>,
    height: f32,
    /// The line belongs to a right-to-left paragraph.
    rtl: bool,
}

/// The pages being written.
pub struct Flow {
    /// The fonts and shaped-word cache.
    pub fonts: Fonts,
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
    header: String,
    title: String,
}

/// Height of a line of text at `size`.
fn row_height(size: f32) -> f32 {
    size * 1.8
}

impl Flow {
    /// A flow on `paper`, every page headed by `header`; `title` goes in the PDF's metadata.
    pub fn new(paper: Paper, header: String, title: String) -> io::Result<Self> {
        let fonts = Fonts::new().map_err(io::Error::other)?;
        let (width, height) = paper.size_pt();
        Ok(Self {
            fonts,
            width,
            height,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
            header,
            title,
        })
    }

    /// Width of the text column.
    pub fn column(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn new_page(&mut self) {
        if self.pages.last().is_some_and(Vec::is_empty) {
            return;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// The left edge of the text column.
    pub fn left(&self) -> f32 {
        MARGIN_X
    }

    /// Two blocks of lines next to each other (the second `right_x` points to the right), kept
    /// on one page.
    pub fn side_by_side(&mut self, left: Vec<Line>, right: Vec<Line>, right_x: f32) {
        let height = |v: &[Line]| v.iter().map(|l| l.height).sum::<f32>();
        let h = height(&left).max(height(&right));
        self.keep(h);
        let y0 = self.y;
        for l in left {
            self.put(l, MARGIN_X);
        }
        self.y = y0;
        for l in right {
            self.put(l, MARGIN_X + right_x);
        }
        self.y = y0 + h;
    }

    /// Vertical space.
    pub fn gap(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Starts a new page when less than `h` points are left on this one.
    pub fn keep(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    fn put(&mut self, line: Line, x0: f32) {
        let y = self.y;
        let page = self.page();
        page.extend(line.ops.into_iter().map(|op| op.moved(x0, y)));
        self.y += line.height;
    }

    /// Puts the lines of one paragraph at `x0`; when it runs past the page, it continues on the
    /// next one between lines, with a note on both pages.
    ///
    /// The notes are in the paragraph's direction and on its side (Arabic under an Arabic
    /// paragraph), so a reader's text extraction, which guesses a block's direction from its
    /// lines, does not take a right-to-left paragraph for a left-to-right one.
    pub fn paragraph(&mut self, lines: Vec<Line>, x0: f32) {
        let rtl = lines.first().is_some_and(|l| l.rtl);
        let (to_next, from_last) = if rtl {
            ("(يتبع في الصفحة التالية)", "(تابع)")
        } else {
            ("(continued on the next page)", "(continued)")
        };
        let width = self.column();
        for (k, line) in lines.into_iter().enumerate() {
            if self.y + line.height > self.bottom() && self.y > MARGIN_TOP {
                if k > 0 {
                    let note = self.plain_lines(to_next, 7.0, GREY, width);
                    let y = self.bottom() + 2.0;
                    let page = self.page();
                    for l in note {
                        page.extend(l.ops.into_iter().map(|op| op.moved(x0, y)));
                    }
                }
                self.new_page();
                if k > 0 {
                    for l in self.plain_lines(from_last, 7.0, GREY, width) {
                        self.put(l, x0);
                    }
                }
            }
            self.put(line, x0);
        }
    }

    /// Plain text (several paragraphs at newlines) in the full column.
    pub fn text(&mut self, text: &str, size: f32, color: Rgba) {
        let doc = DocText::new(text, &[]);
        let width = self.column();
        for k in 0..doc.paras.len() {
            let lines = self.lay_out(text, &doc, k, size, width, &|_| Style::plain(color));
            self.paragraph(lines, MARGIN_X);
        }
    }

    /// A heading, kept with the next lines.
    pub fn heading(&mut self, text: &str, size: f32) {
        self.gap(size * 0.6);
        self.keep(row_height(size) + 3.0 * row_height(11.0));
        self.text(text, size, INK);
    }

    /// The lines of plain `text` at `width`.
    pub fn plain_lines(&mut self, text: &str, size: f32, color: Rgba, width: f32) -> Vec<Line> {
        let doc = DocText::new(text, &[]);
        let mut out = Vec::new();
        for k in 0..doc.paras.len() {
            out.extend(self.lay_out(text, &doc, k, size, width, &|_| Style::plain(color)));
        }
        out
    }

    /// Lays out paragraph `para` of `doc` (over `text`) at `width`: pieces shaped, lines broken
    /// in logical order and reordered (right-to-left paragraphs aligned right), each piece drawn
    /// in its style.
    pub fn lay_out(
        &mut self,
        text: &str,
        doc: &DocText,
        para: usize,
        size: f32,
        width: f32,
        style_of: &dyn Fn(&Piece) -> Style,
    ) -> Vec<Line> {
        Self::lay_out_with(&mut self.fonts, text, doc, para, size, width, style_of)
    }

    /// [`Flow::lay_out`] with the given fonts (the lines do not depend on where they go on the
    /// page).
    pub fn lay_out_with(
        fonts: &mut Fonts,
        text: &str,
        doc: &DocText,
        para: usize,
        size: f32,
        width: f32,
        style_of: &dyn Fn(&Piece) -> Style,
    ) -> Vec<Line> {
        let Some(para) = doc.paras.get(para) else {
            return Vec::new();
        };
        let Some(pieces) = doc.pieces.get(para.pieces.clone()) else {
            return Vec::new();
        };
        let space = fonts.shape(" ", false).width * size;
        // Each piece shaped; one wider than the column (a hash, a 5,000-letter word) is cut
        // into parts that fit, each a box of its own, so nothing runs off the page.
        let mut units: Vec<(&Piece, Arc<Shaped>)> = Vec::with_capacity(pieces.len());
        let mut boxes: Vec<WordBox> = Vec::with_capacity(pieces.len());
        for p in pieces {
            let shown = p.display(text);
            // Shaped right to left only when it holds right-to-left letters: a bracket in a
            // right-to-left run is already mirrored by `display`, and the shaper would mirror it
            // back (egui, too, shapes a piece in the direction of its script).
            let rtl = shown.chars().any(|c| {
                matches!(
                    unicode_bidi::bidi_class(c),
                    unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL
                )
            });
            let word = fonts.shape(&shown, rtl);
            if word.width * size <= width {
                boxes.push(WordBox::of(p, word.width * size));
                units.push((p, word));
                continue;
            }
            let parts = Self::cut(fonts, &shown, rtl, width / size);
            let last = parts.len().saturating_sub(1);
            for (k, part) in parts.into_iter().enumerate() {
                let mut b = WordBox::of(p, part.width * size);
                if k < last {
                    b.glue = false;
                    b.space_level = p.level;
                }
                boxes.push(b);
                units.push((p, part));
            }
        }
        let mut xs = vec![0.0; boxes.len()];
        let mut line_of = vec![0; boxes.len()];
        let n = place_paragraph(&boxes, width, space, para.rtl, &mut xs, &mut line_of);
        let row = row_height(size);
        let mut lines: Vec<Line> = (0..n)
            .map(|_| Line {
                ops: Vec::new(),
                height: row,
                rtl: para.rtl,
            })
            .collect();
        let baseline = size * 1.22;
        // Each line's glyph runs, batched once the line is complete.
        let mut runs: Vec<Vec<Placed<'_>>> = (0..n).map(|_| Vec::new()).collect();
        for (((piece, word), x), l) in units.iter().zip(xs).zip(line_of) {
            let (Some(line), Some(line_runs)) =
                (lines.get_mut(l as usize), runs.get_mut(l as usize))
            else {
                continue;
            };
            let style = style_of(piece);
            let w = word.width * size;
            if let Some(tint) = style.tint {
                line.ops.push(Op::Fill {
                    x,
                    y: size * 0.12,
                    w,
                    h: size * 1.5,
                    color: over_white(tint),
                });
            }
            line_runs.extend(word.runs.iter().enumerate().map(|(k, run)| Placed {
                x: x + run.x * size,
                color: style.color,
                word,
                run: k,
            }));
            for (k, mark) in [style.line, style.line2].into_iter().enumerate() {
                if let Some((style, color)) = mark {
                    line.ops.push(Op::Line {
                        x,
                        w,
                        y: baseline + size * (0.42 + 0.2 * k as f32),
                        color,
                        style,
                    });
                }
            }
        }
        for (line, line_runs) in lines.iter_mut().zip(runs) {
            merge_marks(&mut line.ops, space);
            line.ops
                .extend(
                    batches(line_runs, size)
                        .into_iter()
                        .map(|(x, color, run)| Op::Glyphs {
                            x,
                            baseline,
                            size,
                            color,
                            run: Arc::new(run),
                        }),
                );
        }
        lines
    }

    /// `text` cut into parts no wider than `max_em` (at least one character each), shaped.
    fn cut(fonts: &mut Fonts, text: &str, rtl: bool, max_em: f32) -> Vec<Arc<Shaped>> {
        let mut parts = Vec::new();
        let mut start = 0;
        let mut width = 0.0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let end = chars.peek().map_or(text.len(), |&(j, _)| j);
            // Combining marks are measured with their base: they add no width of their own.
            let w = if matches!(
                unicode_bidi::bidi_class(c),
                unicode_bidi::BidiClass::NSM | unicode_bidi::BidiClass::BN
            ) {
                0.0
            } else {
                fonts.shape(text.get(i..end).unwrap_or(""), rtl).width
            };
            if width + w > max_em && i > start {
                parts.push(fonts.shape(text.get(start..i).unwrap_or(""), rtl));
                start = i;
                width = 0.0;
            }
            width += w;
        }
        if start < text.len() {
            parts.push(fonts.shape(text.get(start..).unwrap_or(""), rtl));
        }
        parts
    }

    /// A table: columns of `widths` (points), each cell plain text in its style; a row is
    /// never split across pages. `header` rows are set in grey and repeated on a new page.
    pub fn table(&mut self, widths: &[f32], rows: &[Vec<Cell>], header: usize) {
        const PAD: f32 = 3.0;
        let mut laid: Vec<(Vec<Vec<Line>>, f32)> = Vec::with_capacity(rows.len());
        for row in rows {
            let mut cells = Vec::with_capacity(row.len());
            let mut h: f32 = 0.0;
            for (cell, &w) in row.iter().zip(widths) {
                let doc = DocText::new(&cell.text, &[]);
                let mut lines = Vec::new();
                for k in 0..doc.paras.len() {
                    let style = cell.style;
                    lines.extend(self.lay_out(
                        &cell.text,
                        &doc,
                        k,
                        cell.size,
                        (w - 2.0 * PAD).max(10.0),
                        &|_| Style {
                            tint: None,
                            ..style
                        },
                    ));
                }
                h = h.max(lines.iter().map(|l| l.height).sum::<f32>());
                cells.push(lines);
            }
            laid.push((cells, h.max(row_height(8.0))));
        }
        for (r, (cells, h)) in laid.iter().enumerate() {
            if self.y + h > self.bottom() && self.y > MARGIN_TOP {
                self.new_page();
                if r >= header {
                    for (hc, hh) in laid.iter().take(header) {
                        self.table_row(widths, rows, hc, *hh, None);
                    }
                }
            }
            self.table_row(widths, rows, cells, *h, Some(r));
        }
    }

    fn table_row(
        &mut self,
        widths: &[f32],
        rows: &[Vec<Cell>],
        cells: &[Vec<Line>],
        h: f32,
        index: Option<usize>,
    ) {
        const PAD: f32 = 3.0;
        let y0 = self.y;
        let mut x = MARGIN_X;
        let total: f32 = widths.iter().sum();
        let source = index.and_then(|r| rows.get(r));
        let mut ops = Vec::new();
        for (k, (lines, &w)) in cells.iter().zip(widths).enumerate() {
            if let Some(tint) = source.and_then(|row| row.get(k)).and_then(|c| c.style.tint) {
                ops.push(Op::Fill {
                    x,
                    y: y0,
                    w,
                    h,
                    color: over_white(tint),
                });
            }
            let mut y = y0;
            for line in lines {
                ops.extend(line.ops.iter().cloned().map(|op| op.moved(x + PAD, y)));
                y += line.height;
            }
            x += w;
        }
        ops.push(Op::Fill {
            x: MARGIN_X,
            y: y0 + h,
            w: total,
            h: 0.4,
            color: Rgba::gray(200),
        });
        self.page().extend(ops);
        self.y = y0 + h + 0.4;
    }

    /// Writes the PDF: every page with the running header and "Page N of M".
    pub fn finish(mut self, w: &mut dyn io::Write) -> io::Result<()> {
        if self.pages.last().is_some_and(Vec::is_empty) && self.pages.len() > 1 {
            self.pages.pop();
        }
        let header = self
            .plain_lines(&self.header.clone(), 8.0, GREY, self.column())
            .into_iter()
            .next()
            .unwrap_or_default();
        let total = self.pages.len().max(1);
        let mut document = krilla::Document::new();
        document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(self.title.clone())
                .creator(concat!("tabayun ", env!("CARGO_PKG_VERSION")).to_owned()),
        );
        let pages = std::mem::take(&mut self.pages);
        let no_pages = pages.is_empty();
        let mut waves = Waves::default();
        for (n, ops) in pages.into_iter().enumerate() {
            let footer = format!("Page {} of {total}", n + 1);
            let footer_lines = self.plain_lines(&footer, 8.0, GREY, self.column());
            let settings = PageSettings::from_wh(self.width, self.height)
                .ok_or_else(|| io::Error::other("bad paper size"))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            let fonts = &self.fonts;
            let head = header
                .ops
                .iter()
                .cloned()
                .map(|op| op.moved(MARGIN_X, 28.0));
            let foot_w = footer_lines
                .first()
                .map_or(0.0, line_width)
                .min(self.column());
            let fx = (self.width - foot_w) / 2.0;
            let fy = self.height - 34.0;
            let foot = footer_lines
                .into_iter()
                .flat_map(|l| l.ops)
                .map(|op| op.moved(fx, fy));
            let rule = Op::Fill {
                x: MARGIN_X,
                y: 46.0,
                w: self.width - 2.0 * MARGIN_X,
                h: 0.5,
                color: Rgba::gray(190),
            };
            let all: Vec<Op> = head
                .chain(std::iter::once(rule))
                .chain(foot)
                .chain(ops)
                .collect();
            draw_page(&mut surface, fonts, &mut waves, &all);
            surface.finish();
            page.finish();
        }
        crate::trace::phase("pdf: pages drawn");
        if no_pages {
            let settings = PageSettings::from_wh(self.width, self.height)
                .ok_or_else(|| io::Error::other("bad paper size"))?;
            document.start_page_with(settings).finish();
        }
        let bytes = document
            .finish()
            .map_err(|e| io::Error::other(format!("cannot write the PDF ({e})")))?;
        crate::trace::phase("pdf: document serialised");
        w.write_all(&bytes)
    }
}

/// A table cell.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Its text.
    pub text: String,
    /// Font size.
    pub size: f32,
    /// Text colour; a tint fills the whole cell.
    pub style: Style,
}

impl Cell {
    /// A cell of plain text.
    pub fn new(text: impl Into<String>, size: f32, color: Rgba) -> Self {
        Self {
            text: text.into(),
            size,
            style: Style::plain(color),
        }
    }
}

/// The rightmost extent of a line's text.
fn line_width(line: &Line) -> f32 {
    line.ops
        .iter()
        .map(|op| match op {
            Op::Glyphs { x, size, run, .. } => x + run.width * size,
            Op::Fill { x, w, .. } | Op::Line { x, w, .. } => x + w,
        })
        .fold(0.0, f32::max)
}

/// `c` blended over white, opaque.
fn over_white(c: Rgba) -> Rgba {
    let [r, g, b, a] = c.0;
    let a = f32::from(a) / 255.0;
    let mix = |v: u8| (f32::from(v) * a + 255.0 * (1.0 - a)).round() as u8;
    Rgba::rgb(mix(r), mix(g), mix(b))
}

fn fill_of(c: Rgba) -> Fill {
    Fill {
        paint: paint_of(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// `c` as a PDF colour: a grey as one grey level (`0.078431375 g`, the same colour as its RGB
/// triple and a third of the bytes; body text, secondary text and dimmed words are grey, and
/// each text object sets its colour), anything else as RGB.
fn paint_of(c: Rgba) -> krilla::paint::Paint {
    match c.0 {
        [r, g, b, _] if r == g && g == b => krilla::color::luma::Color::new(r).into(),
        [r, g, b, _] => rgb::Color::new(r, g, b).into(),
    }
}

/// Fills thinner than this (points) are rules, drawn one by one.
const RULE: f32 = 1.0;

/// Draws one page's operations: the fills first, one path per colour (they are backgrounds:
/// tints, table cells, rules, which never overlap each other or lie over text), then the text
/// batches in order, then the mark lines, one path per style and colour. Drawing per
/// operation would repeat the writer's saved state, transform and colour for every word.
fn draw_page(
    surface: &mut krilla::surface::Surface<'_>,
    fonts: &Fonts,
    waves: &mut Waves,
    ops: &[Op],
) {
    let mut fills: Vec<(Rgba, bool, PathBuilder)> = Vec::new();
    let mut marks: Vec<((LineStyle, Rgba), PathBuilder)> = Vec::new();
    let mut wavy: Vec<(f32, f32, f32, Rgba)> = Vec::new();
    for op in ops {
        match op {
            Op::Fill { x, y, w, h, color } => {
                let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                    continue;
                };
                // A rule (thinner than a point) stays a path of its own: renderers snap a lone
                // thin rectangle to whole pixels and would draw it lighter as part of a bigger
                // path.
                let shared = *h >= RULE;
                let at = fills
                    .iter()
                    .position(|(c, s, _)| shared && *s && c == color)
                    .unwrap_or_else(|| {
                        fills.push((*color, shared, PathBuilder::new()));
                        fills.len() - 1
                    });
                if let Some((_, _, pb)) = fills.get_mut(at) {
                    pb.push_rect(rect);
                }
            }
            Op::Line {
                x,
                w,
                y,
                color,
                style: LineStyle::Wavy,
            } => wavy.push((*x, *w, *y, *color)),
            Op::Line {
                x,
                w,
                y,
                color,
                style,
            } => {
                let key = (*style, *color);
                let at = marks
                    .iter()
                    .position(|(k, _)| *k == key)
                    .unwrap_or_else(|| {
                        marks.push((key, PathBuilder::new()));
                        marks.len() - 1
                    });
                if let Some((_, pb)) = marks.get_mut(at) {
                    mark_path(pb, *x, *w, *y);
                }
            }
            Op::Glyphs { .. } => {}
        }
    }
    surface.set_stroke(None);
    for (color, _, pb) in fills {
        if let Some(path) = pb.finish() {
            surface.set_fill(Some(fill_of(color)));
            surface.draw_path(&path);
        }
    }
    let (mut glyphs, mut text) = (Vec::new(), String::new());
    for op in ops {
        if let Op::Glyphs {
            x,
            baseline,
            size,
            color,
            run,
        } = op
            && let Some(font) = fonts.pdf_font(run.font)
        {
            run.fill(&mut glyphs, &mut text);
            if glyphs.is_empty() {
                continue;
            }
            surface.set_fill(Some(fill_of(*color)));
            surface.draw_glyphs(
                Point::from_xy(*x, *baseline),
                &glyphs,
                font,
                &text,
                *size,
                false,
            );
        }
    }
    surface.set_fill(None);
    for ((style, color), pb) in marks {
        let Some(path) = pb.finish() else {
            continue;
        };
        surface.set_stroke(Some(mark_stroke(style, color)));
        surface.draw_path(&path);
    }
    surface.set_stroke(None);
    for (x, w, y, color) in wavy {
        let (wave, n) = waves.get(surface, w, color);
        // The wave of `n` half-waves of WAVE points, stretched to the word's width.
        surface.push_transform(&Transform::from_row(
            w / (n as f32 * WAVE),
            0.0,
            0.0,
            1.0,
            x,
            y,
        ));
        surface.draw_graphic(wave);
        surface.pop();
    }
}

/// The stroke of a mark line in `color`.
fn mark_stroke(style: LineStyle, color: Rgba) -> Stroke {
    let (width, dash) = match style {
        LineStyle::Solid => (1.6, None),
        LineStyle::Dashed => (1.1, Some(vec![3.0, 2.0])),
        LineStyle::Wavy => (0.8, None),
    };
    Stroke {
        paint: paint_of(color),
        width,
        line_cap: LineCap::Butt,
        dash: dash.map(|array| StrokeDash { array, offset: 0.0 }),
        ..Stroke::default()
    }
}

/// Length of a half-wave of a wavy underline, points.
const WAVE: f32 = 2.0;

/// Wavy underlines as reusable drawings (PDF form XObjects), one per number of half-waves and
/// colour, each written once in the file: a word's wave is then a transform and a reference in
/// the page's content stream, where its curves, a dozen a word, were a third of the stream.
#[derive(Default)]
struct Waves(std::collections::HashMap<(usize, Rgba), Graphic>);

impl Waves {
    /// The wave for a word `w` points wide in `color`, and its number of half-waves: `w` over
    /// [`WAVE`], rounded, at least one, so a wave is stretched or squeezed by at most a
    /// quarter and ends where the word does.
    fn get(
        &mut self,
        surface: &mut krilla::surface::Surface<'_>,
        w: f32,
        color: Rgba,
    ) -> (Graphic, usize) {
        let n = ((w / WAVE).round() as usize).max(1);
        let wave = self
            .0
            .entry((n, color))
            .or_insert_with(|| {
                let mut pb = PathBuilder::new();
                wave_path(&mut pb, n);
                let mut builder = surface.stream_builder();
                let mut inner = builder.surface();
                if let Some(path) = pb.finish() {
                    inner.set_fill(None);
                    inner.set_stroke(Some(mark_stroke(LineStyle::Wavy, color)));
                    inner.draw_path(&path);
                }
                inner.finish();
                Graphic::new(builder.finish(), false)
            })
            .clone();
        (wave, n)
    }
}

/// Adds one straight mark line from `x` to `x + w` at `y` to `pb` (a subpath of its own, so a
/// dash pattern starts afresh under each word, as it did when each was drawn alone).
fn mark_path(pb: &mut PathBuilder, x: f32, w: f32, y: f32) {
    pb.move_to(x, y);
    pb.line_to(x + w, y);
}

/// `n` half-waves of [`WAVE`] points from (0, 0) rightwards, 1.2 points up and down: each the
/// quadratic curve through (mid, ∓1.2), written as the cubic the PDF needs (control points 2/3
/// of the way to the quadratic's).
fn wave_path(pb: &mut PathBuilder, n: usize) {
    pb.move_to(0.0, 0.0);
    for k in 0..n {
        let at = k as f32 * WAVE;
        let next = at + WAVE;
        let mid = (at + next) / 2.0;
        let cy = if k % 2 == 0 { -0.8 } else { 0.8 };
        pb.cubic_to(
            (at + 2.0 * mid) / 3.0,
            cy,
            (next + 2.0 * mid) / 3.0,
            cy,
            next,
            0.0,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ops of the one line of `text` laid out plain at 10 pt in a wide column.
    fn one_line(text: &str) -> Vec<Op> {
        let mut fonts = Fonts::new().expect("bundled fonts");
        let doc = DocText::new(text, &[]);
        let lines = Flow::lay_out_with(&mut fonts, text, &doc, 0, 10.0, 500.0, &|_| {
            Style::plain(INK)
        });
        assert_eq!(lines.len(), 1);
        lines.into_iter().flat_map(|l| l.ops).collect()
    }

    #[test]
    fn a_line_of_one_font_is_one_text_object_with_its_text_in_logical_order() {
        let ops = one_line("قال الرئيس الصيني");
        let [Op::Glyphs { run, .. }] = ops.as_slice() else {
            panic!("expected one batch, got {ops:?}");
        };
        let (mut glyphs, mut text) = (Vec::new(), String::new());
        run.fill(&mut glyphs, &mut text);
        // The words' texts in logical order, so the writer's ToUnicode and /ReversedChars see
        // right-to-left glyphs with falling text ranges.
        assert_eq!(text, "قالالرئيسالصيني");
        assert!(
            glyphs
                .windows(2)
                .all(|w| w[0].text_range.start >= w[1].text_range.start),
            "{glyphs:?}"
        );
        // The advances (gaps included) add up to the batch's width.
        let sum: f32 = glyphs.iter().map(|g| g.x_advance).sum();
        assert!((sum - run.width).abs() < 1e-3, "{sum} vs {}", run.width);
    }

    #[test]
    fn a_mixed_line_is_a_batch_per_font_with_the_spaces_and_the_other_font_as_gaps() {
        // Latin inside Arabic: two batches, the Arabic words on both sides of the Latin ones in
        // one text object, the Latin words in the other.
        let mut fonts = Fonts::new().expect("bundled fonts");
        let text = "نشرت New York Times تقريرا";
        let doc = DocText::new(text, &[]);
        let lines = Flow::lay_out_with(&mut fonts, text, &doc, 0, 10.0, 500.0, &|_| {
            Style::plain(INK)
        });
        let batches: Vec<(f32, &Batch)> = lines[0]
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Glyphs { x, run, .. } => Some((*x, run.as_ref())),
                _ => None,
            })
            .collect();
        assert_eq!(batches.len(), 2, "{batches:?}");
        let font = |k| {
            batches
                .iter()
                .find(|(_, b)| b.font == k)
                .expect("a batch of the font")
        };
        let (latin, arabic) = (
            font(super::super::shape::LATIN),
            font(super::super::shape::ARABIC),
        );
        assert_eq!((latin.1.parts.len(), arabic.1.parts.len()), (3, 2));
        // Space between words: each Latin part's gap is the layout's (a space), not zero.
        for (_, _, gap) in &latin.1.parts[..2] {
            assert!(*gap > 0.1, "{gap}");
        }
        // The Arabic batch's gap spans the Latin words and the spaces around them, so its two
        // words land on either side of them.
        let latin_w = latin.1.width * 10.0;
        let gap = arabic.1.parts[0].2 * 10.0;
        assert!(gap > latin_w, "{gap} vs {latin_w}");
        assert!(arabic.0 < latin.0, "{batches:?}");
        assert!(
            arabic.0 + arabic.1.width * 10.0 > latin.0 + latin_w,
            "{batches:?}"
        );
    }

    #[test]
    fn tints_and_lines_of_neighbouring_words_are_one_band_across_the_spaces() {
        // Three words marked alike, then one marked otherwise: one tint and one line for the
        // three (spanning the spaces between them), and the fourth word's own.
        let mut fonts = Fonts::new().expect("bundled fonts");
        let text = "one two three four";
        let doc = DocText::new(text, &[]);
        let marked = Style {
            color: INK,
            tint: Some(Rgba::rgb(250, 200, 200)),
            line: Some((LineStyle::Solid, Rgba::rgb(200, 0, 0))),
            line2: None,
        };
        let other = Style {
            tint: Some(Rgba::rgb(200, 200, 250)),
            line: Some((LineStyle::Dashed, Rgba::rgb(0, 0, 200))),
            ..marked
        };
        let lines = Flow::lay_out_with(&mut fonts, text, &doc, 0, 10.0, 500.0, &|p| {
            if p.start < 13 { marked } else { other }
        });
        let ops = &lines[0].ops;
        let fills: Vec<(f32, f32)> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Fill { x, w, .. } => Some((*x, *w)),
                _ => None,
            })
            .collect();
        let marks = ops
            .iter()
            .filter(|op| matches!(op, Op::Line { .. }))
            .count();
        assert_eq!((fills.len(), marks), (2, 2), "{ops:?}");
        // The band of the three words is wider than the three words: it covers the spaces.
        let three = ["one", "two", "three"]
            .iter()
            .map(|w| fonts.shape(w, false).width * 10.0)
            .sum::<f32>();
        let band = fills.iter().map(|f| f.1).fold(0.0, f32::max);
        assert!(band > three + 2.0 * 2.0, "{band} vs {three}");
    }
}
