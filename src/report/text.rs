//! Readable word diff for a terminal: one stream in reading order, A's removals and B's
//! additions interleaved where the in-order (not moved) text syncs them.
//!
//! Markers (distinct without colour): `[-only in A-]`, `{+only in B+}`, `[~A's|B's~]` for a
//! spelling variant, `[<Mn moved away<]` at A's place and `{>Mn moved here>}` at B's place of a
//! moved passage n, `[#…#]` / `{#…#}` boilerplate.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::engine::normalize::{bidi_control_name, is_bidi_control};
use crate::model::{Comparison, Segment, SegmentKind, Side, Which};

/// Article text as the terminal should show it: bidi controls (which would reorder the diff,
/// markers included: Trojan Source) become visible markers such as `⟦RLO⟧`.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match bidi_control_name(c) {
            Some((short, _)) => {
                out.push('\u{27E6}');
                out.push_str(short);
                out.push('\u{27E7}');
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Writes the word diff of `c`; `color` adds ANSI colours.
pub fn write(c: &Comparison, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let mut out = Out { w, color };
    header(c, &mut out)?;
    let (mut i, mut j) = (0, 0);
    let (sa, sb) = (&c.a.segments, &c.b.segments);
    while i < sa.len() || j < sb.len() {
        if let Some(s) = sa.get(i).filter(|s| !in_order(s)) {
            i = out.run(&c.a, Which::A, i, s)?;
        } else if let Some(s) = sb.get(j).filter(|s| !in_order(s)) {
            j = out.run(&c.b, Which::B, j, s)?;
        } else if i < sa.len() && j < sb.len() && sa[i].link == Some(j) {
            out.matched(c, i, j)?;
            i += 1;
            j += 1;
        } else if i < sa.len() && sa[i].link.is_none_or(|l| l < j) {
            i = out.run(&c.a, Which::A, i, &sa[i])?;
        } else if j < sb.len() {
            j = out.run(&c.b, Which::B, j, &sb[j])?;
        } else {
            i = out.run(&c.a, Which::A, i, &sa[i])?;
        }
    }
    out.w.write_all(b"\n")?;
    for f in &c.fallbacks {
        writeln!(out.w, "note: {f}")?;
    }
    Ok(())
}

/// Shared or variant text that is not moved: the points where A and B are in step.
fn in_order(s: &Segment) -> bool {
    matches!(s.kind, SegmentKind::Shared | SegmentKind::Variant) && !s.moved
}

fn header(c: &Comparison, out: &mut Out<'_>) -> io::Result<()> {
    let st = &c.stats;
    for (mark, side, s) in [("---", &c.a, &st.a), ("+++", &c.b, &st.b)] {
        let name = side.outlet.as_deref().or(side.title.as_deref());
        let label = name.map(|n| format!(" — {n}")).unwrap_or_default();
        writeln!(
            out.w,
            "{mark} {}{} ({}{}, {} words: {} shared, {} moved, {} variant, {} unique)",
            visible(&side.path),
            visible(&label),
            side.encoding,
            match side.replaced {
                0 => String::new(),
                n => format!(", {n} invalid byte sequence(s) shown as \u{FFFD}"),
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
        st.similarity * 100.0
    )
}

struct Out<'w> {
    w: &'w mut dyn Write,
    color: bool,
}

impl Out<'_> {
    /// Writes article `text` between markers, with bidi controls made visible.
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

    /// Writes segments from `start` that share `first`'s marking on one side; returns the index
    /// after them.
    fn run(
        &mut self,
        side: &Side,
        which: Which,
        start: usize,
        first: &Segment,
    ) -> io::Result<usize> {
        let same = |s: &Segment| match first.move_id {
            Some(mv) => s.move_id == Some(mv),
            None => s.kind == first.kind && !in_order(s),
        };
        let end = side.segments[start..]
            .iter()
            .position(|s| !same(s))
            .map_or(side.segments.len(), |n| start + n.max(1)); // at least `first`: progress
        let (from, to) = (side.segments[start].start, side.segments[end - 1].end);
        let raw = side.text.get(from..to).unwrap_or("");
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
        self.w.write_all(visible(tail).as_bytes())?;
        Ok(end)
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
            !in_order(&c.b.segments[j]) || c.b.segments[j].kind == SegmentKind::Variant
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
