//! The window's bidi line layout: for any text (with the segments a comparison gives it) and any
//! pane width, every word piece is placed exactly once, on a line in logical order, inside the
//! pane (unless a single unbreakable group is wider than the pane), without overlapping its
//! neighbours; bidi controls are drawn as markers, never raw.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tabayun::engine;
use tabayun::gui::text::{DocText, WordBox, place_paragraph};
use tabayun::model::MatchOptions;
use tabayun_fuzz::{Text, document, is_bidi_control};

#[derive(Arbitrary, Debug)]
struct Input {
    a: Text,
    b: Text,
    /// Pane width in points.
    width: u16,
    /// Width of one character, in points.
    unit: u8,
    /// Width of a space, in points.
    space: u8,
    /// Lay out raw text (no segments) instead of a comparison's side A.
    plain: bool,
}

fuzz_target!(|input: Input| {
    let a = input.a.render();
    let (text, segments) = if input.plain {
        (a, Vec::new())
    } else {
        let c = engine::compare(
            &document("a.txt", a),
            &document("b.txt", input.b.render()),
            &MatchOptions::default(),
        );
        (c.a.text, c.a.segments)
    };
    let doc = DocText::new(&text, &segments);
    let max_width = f32::from(input.width.max(1));
    let unit = f32::from(input.unit.max(1));
    let space = f32::from(input.space);

    let mut previous_end = 0;
    for para in &doc.paras {
        let pieces = &doc.pieces[para.pieces.clone()];
        for p in pieces {
            let range = p.range();
            assert!(range.start >= previous_end && range.end > range.start, "pieces in order");
            assert!(text.get(range.clone()).is_some(), "piece on char boundaries");
            previous_end = range.end;
            let shown = p.display(&text);
            assert!(!shown.chars().any(is_bidi_control), "a bidi control drawn raw");
        }
        let boxes: Vec<WordBox> = pieces
            .iter()
            .map(|p| WordBox::of(p, unit * p.display(&text).chars().count() as f32))
            .collect();
        let mut x = vec![f32::NAN; boxes.len()];
        let mut line = vec![u32::MAX; boxes.len()];
        let lines = place_paragraph(&boxes, max_width, space, para.rtl, &mut x, &mut line);
        check_placement(&boxes, &x, &line, lines, max_width);
    }
});

/// Every word placed once, lines in logical order, no overlap, inside the pane.
fn check_placement(boxes: &[WordBox], x: &[f32], line: &[u32], lines: u32, max_width: f32) {
    const EPS: f32 = 0.01;
    for k in 0..boxes.len() {
        assert!(x[k].is_finite() && x[k] >= -EPS, "word {k} placed at {}", x[k]);
        assert!(line[k] < lines, "word {k} on line {} of {lines}", line[k]);
        if k > 0 {
            assert!(line[k] >= line[k - 1], "lines follow logical order");
        }
    }
    for l in 0..lines {
        let mut on_line: Vec<usize> = (0..boxes.len()).filter(|&k| line[k] == l).collect();
        assert!(!on_line.is_empty(), "line {l} is not empty");
        // One group of glued pieces (glue links each piece to the next in logical order) wider
        // than the pane may overflow it; nothing else may.
        let single_group = on_line.windows(2).all(|w| w[1] == w[0] + 1 && boxes[w[0]].glue);
        on_line.sort_by(|&p, &q| x[p].total_cmp(&x[q]));
        for pair in on_line.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            assert!(x[q] + EPS >= x[p] + boxes[p].width, "words {p} and {q} overlap");
        }
        let right = on_line
            .iter()
            .map(|&k| x[k] + boxes[k].width)
            .fold(0.0f32, f32::max);
        assert!(
            right <= max_width + EPS || single_group,
            "line {l} ends at {right} in a pane of {max_width}"
        );
    }
}
