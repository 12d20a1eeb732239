//! Readable word diff for a terminal: one stream in reading order, A's removals and B's
//! additions interleaved where the in-order (not moved) text syncs them.
//!
//! Markers (distinct without colour): `[-only in A-]`, `{+only in B+}`, `[~A's|B's~]` for a
//! spelling variant, `[<Mn moved away<]` at A's place and `{>Mn moved here>}` at B's place of a
//! moved passage n, `[#…#]` / `{#…#}` boilerplate.
//!
//! Article text goes through [`visible`]: bidi controls (which would reorder the diff, markers
//! included: Trojan Source), control characters (an ESC would drive the terminal) and U+FFFD
//! are shown as markers such as `⟦RLO⟧`.

use std::io::{self, Write};
use std::iter::Peekable;

use anstyle::{AnsiColor, Style};

use super::ReportOptions;
use super::content::Report;
use crate::controls::{REPLACEMENT_MARKER, visible, visible_line};
use crate::model::{Comparison, ReadingOrder, Segment, SegmentKind, Side, Step, Which};

/// Writes the word diff of `c`; `color` adds ANSI colours.
pub fn write(c: &Comparison, color: bool, w: &mut dyn Write) -> io::Result<()> {
    render(&Report::new(c, &ReportOptions::default()), color, w)
}

/// Lays out `report` as a word diff; `color` adds ANSI colours.
pub fn render(report: &Report, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let c = report.comparison;
    let mut out = Out { w, color };
    header(report, &mut out)?;
    let mut steps = c.reading_order().peekable();
    while let Some(step) = steps.next() {
        match step {
            Step::Pair(i, j) => out.matched(c, i, j)?,
            Step::A(i) => {
                let end = run_end(&c.a.segments, i, &mut steps, Step::A);
                out.run(&c.a, Which::A, i, end)?;
            }
            Step::B(j) => {
                let end = run_end(&c.b.segments, j, &mut steps, Step::B);
                out.run(&c.b, Which::B, j, end)?;
            }
        }
    }
    out.w.write_all(b"\n")?;
    for note in report.notes {
        writeln!(out.w, "note: {note}")?;
    }
    Ok(())
}

/// The end (exclusive) of the run of one side's segments that starts at `start` and is shown
/// between one pair of markers: the next steps of the reading order on the same side with the
/// same marking (the same moved passage, or the same kind out of order). Takes those steps.
fn run_end(
    segments: &[Segment],
    start: usize,
    steps: &mut Peekable<ReadingOrder<'_>>,
    step: fn(usize) -> Step,
) -> usize {
    let Some(first) = segments.get(start) else {
        return start + 1;
    };
    let same = |s: &Segment| match first.move_id {
        Some(mv) => s.move_id == Some(mv),
        None => s.kind == first.kind && !s.is_in_order(),
    };
    let mut end = start + 1;
    if !same(first) {
        return end;
    }
    while segments.get(end).is_some_and(same) && steps.next_if_eq(&step(end)).is_some() {
        end += 1;
    }
    end
}

fn header(report: &Report, out: &mut Out<'_>) -> io::Result<()> {
    let c = report.comparison;
    let st = &c.stats;
    for (mark, side, s) in [("---", &c.a, &st.a), ("+++", &c.b, &st.b)] {
        let name = side.outlet.as_deref().or(side.title.as_deref());
        let label = name.map(|n| format!(" — {n}")).unwrap_or_default();
        writeln!(
            out.w,
            "{mark} {}{} ({}{}, {} words: {} shared, {} moved, {} variant, {} unique)",
            visible_line(&side.path),
            visible_line(&label),
            visible_line(&side.encoding),
            match side.replaced {
                0 => String::new(),
                n => format!(", {n} invalid byte sequence(s) shown as {REPLACEMENT_MARKER}"),
            },
            s.words,
            s.shared,
            s.moved,
            s.variant,
            s.unique
        )?;
    }
    writeln!(
        out.w,
        "similarity {:.0}%  |  [-only in A-]  {{+only in B+}}  [~A|B~] variant  [<Mn moved away<]  {{>Mn moved here>}}  [#boilerplate#]\n",
        report.similarity_percent
    )
}

struct Out<'w> {
    w: &'w mut dyn Write,
    color: bool,
}

impl Out<'_> {
    /// Writes article `text` between markers, with marked characters made visible.
    fn styled(&mut self, style: Style, open: &str, text: &str, close: &str) -> io::Result<()> {
        let text = visible(text);
        if self.color {
            write!(
                self.w,
                "{}{open}{text}{close}{}",
                style.render(),
                style.render_reset()
            )
        } else {
            write!(self.w, "{open}{text}{close}")
        }
    }

    /// Writes segments `start..end` of one side, which share one marking.
    fn run(&mut self, side: &Side, which: Which, start: usize, end: usize) -> io::Result<()> {
        let (Some(first), Some(last)) = (side.segments.get(start), side.segments.get(end - 1))
        else {
            return Ok(());
        };
        let raw = side.text.get(first.start..last.end).unwrap_or("");
        let (text, tail) = split_trailing_space(raw);
        let (open, close, color) = markers(which, first);
        let open = match first.move_id {
            Some(mv) if first.moved => format!("{open}M{mv} "),
            _ => open.to_owned(),
        };
        self.styled(
            Style::new().fg_color(Some(color.into())),
            &open,
            text,
            close,
        )?;
        self.w.write_all(visible(tail).as_bytes())
    }

    fn matched(&mut self, c: &Comparison, i: usize, j: usize) -> io::Result<()> {
        let (ta, tail) = split_trailing_space(c.a.segment_text(i));
        if c.a.segments[i].kind == SegmentKind::Variant {
            let (tb, _) = split_trailing_space(c.b.segment_text(j));
            let text = format!("{ta}|{tb}");
            let style = Style::new().fg_color(Some(AnsiColor::Yellow.into()));
            self.styled(style, "[~", &text, "~]")?;
            self.w.write_all(visible(tail).as_bytes())
        } else {
            self.w.write_all(visible(c.a.segment_text(i)).as_bytes())
        }
    }
}

fn markers(which: Which, s: &Segment) -> (&'static str, &'static str, AnsiColor) {
    match (which, s.kind, s.moved) {
        (_, SegmentKind::Boilerplate, _) => match which {
            Which::A => ("[#", "#]", AnsiColor::BrightBlack),
            Which::B => ("{#", "#}", AnsiColor::BrightBlack),
        },
        (Which::A, _, true) => ("[<", "<]", AnsiColor::Cyan),
        (Which::B, _, true) => ("{>", ">}", AnsiColor::Magenta),
        (Which::A, _, false) => ("[-", "-]", AnsiColor::Red),
        (Which::B, _, false) => ("{+", "+}", AnsiColor::Green),
    }
}

/// Splits trailing white space off, so markers hug the words and line breaks stay outside.
fn split_trailing_space(s: &str) -> (&str, &str) {
    let text = s.trim_end();
    (text, &s[text.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::seed_documents;
    use crate::model::MatchOptions;

    fn seeds_text(color: bool) -> String {
        let (a, b) = seed_documents();
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let mut out = Vec::new();
        write(&c, color, &mut out).expect("writes to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn marks_each_kind_distinctly() {
        let t = seeds_text(false);
        assert!(t.contains("{+وحل الصراع في الشرق الأوسط+}"), "{t}");
        assert!(
            t.contains("[~جين بينغ|جينبينغ~]") || t.contains("[<M"),
            "{t}"
        );
        assert!(t.contains("[<M") && t.contains("{>M"));
        assert!(t.contains("[#") && t.contains("{#"));
        assert!(!t.contains('\u{1b}'));
    }

    #[test]
    fn every_word_of_a_and_every_unmatched_word_of_b_appears() {
        let (a, b) = seed_documents();
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let t = seeds_text(false);
        for word in a.text.split_whitespace() {
            assert!(t.contains(word), "{word} missing");
        }
        let b_own = (0..c.b.segments.len()).filter(|&j| {
            !c.b.segments[j].is_in_order() || c.b.segments[j].kind == SegmentKind::Variant
        });
        for j in b_own {
            for word in c.b.segment_text(j).split_whitespace() {
                assert!(t.contains(word), "{word} missing");
            }
        }
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(seeds_text(true).contains("\u{1b}["));
    }
}
