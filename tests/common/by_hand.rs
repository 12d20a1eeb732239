//! Comparisons made by hand, segment by segment, so a test does not depend on the engine.
//! Also included by `benches/report.rs` (for its 100k-word pair).
#![allow(
    dead_code,
    reason = "each test crate and the report bench use a part of it"
)]

use tabayun::engine::segments::side_stats;
use tabayun::model::{
    CONTRACT_VERSION, Comparison, MatchOptions, Segment, SegmentKind, Side, Stats,
};

/// An owned segment spec: text, kind, moved, link key (the same key on both sides), move id.
pub type Spec = (String, SegmentKind, bool, Option<u32>, Option<u32>);

/// One hand-made segment: text, kind, moved, link key, move id.
#[derive(Clone, Copy)]
pub struct P(
    pub &'static str,
    pub SegmentKind,
    pub bool,
    pub Option<u32>,
    pub Option<u32>,
);

/// Shared text in order, linked by `key`.
pub fn sh(t: &'static str, key: u32) -> P {
    P(t, SegmentKind::Shared, false, Some(key), None)
}

/// Shared text of moved passage 1, linked by `key`.
pub fn mv(t: &'static str, key: u32) -> P {
    P(t, SegmentKind::Shared, true, Some(key), Some(1))
}

/// A variant, linked by `key`; when `moved`, part of moved passage 1.
pub fn va(t: &'static str, key: u32, moved: bool) -> P {
    P(
        t,
        SegmentKind::Variant,
        moved,
        Some(key),
        moved.then_some(1),
    )
}

/// Text only on this side.
pub fn un(t: &'static str) -> P {
    P(t, SegmentKind::Unique, false, None, None)
}

/// Boilerplate.
pub fn bp(t: &'static str) -> P {
    P(t, SegmentKind::Boilerplate, false, None, None)
}

/// The owned specs of `parts`.
pub fn owned(parts: &[P]) -> Vec<Spec> {
    parts
        .iter()
        .map(|p| (p.0.to_owned(), p.1, p.2, p.3, p.4))
        .collect()
}

/// A side from owned segment specs; links are resolved by [`build_owned`].
pub fn make_side(path: &str, parts: &[Spec]) -> Side {
    let mut text = String::new();
    let mut segments = Vec::new();
    for (t, kind, moved, _, move_id) in parts {
        let start = text.len();
        text.push_str(t);
        segments.push(Segment {
            start,
            end: text.len(),
            kind: *kind,
            moved: *moved,
            link: None,
            words: t.split_whitespace().count(),
            move_id: *move_id,
        });
    }
    Side {
        path: path.to_owned(),
        encoding: "UTF-8".to_owned(),
        sha256: "0".repeat(64),
        bytes: text.len() as u64,
        replaced: 0,
        text,
        segments,
        title: None,
        outlet: None,
        format: Default::default(),
        url: None,
        published: None,
    }
}

/// A comparison from owned specs; segments with the same key are linked both ways. The
/// statistics are the segments' counts; there is one engine note.
pub fn build_owned(a: &[Spec], b: &[Spec], paths: (&str, &str)) -> Comparison {
    let mut sa = make_side(paths.0, a);
    let mut sb = make_side(paths.1, b);
    for (i, (.., key, _)) in a.iter().enumerate() {
        let Some(key) = key else { continue };
        let j = b
            .iter()
            .position(|p| p.3 == Some(*key))
            .expect("key on both sides");
        sa.segments[i].link = Some(j);
        sb.segments[j].link = Some(i);
    }
    let (st_a, st_b) = (side_stats(&sa.segments), side_stats(&sb.segments));
    let matched = st_a.shared + st_a.variant + st_b.shared + st_b.variant;
    let total = (st_a.words + st_b.words).max(1);
    Comparison {
        version: CONTRACT_VERSION,
        a: sa,
        b: sb,
        stats: Stats {
            similarity: matched as f64 / total as f64,
            a: st_a,
            b: st_b,
        },
        options: MatchOptions::default(),
        fallbacks: vec!["Example note from the engine.".to_owned()],
        identical: false,
    }
}

/// A comparison of `a` and `b` whole, each one segment of `kind` (linked when shared or a
/// variant), without engine notes.
pub fn whole(a: (&str, &str), b: (&str, &str), kind: SegmentKind) -> Comparison {
    let key = matches!(kind, SegmentKind::Shared | SegmentKind::Variant).then_some(0);
    let spec = |text: &str| vec![(text.to_owned(), kind, false, key, None)];
    let mut c = build_owned(&spec(a.1), &spec(b.1), (a.0, b.0));
    c.fallbacks.clear();
    c
}

/// About 100,000 words a side: the seed texts repeated, segments of 1–6 words cycling through
/// every kind, the shared ones linked in order.
pub fn big() -> Comparison {
    let (a, b) = tabayun::load::seed_documents();
    let words_a: Vec<&str> = a.text.split_inclusive(' ').collect();
    let words_b: Vec<&str> = b.text.split_inclusive(' ').collect();
    let mut parts_a = Vec::new();
    let mut parts_b = Vec::new();
    let (mut i, mut n) = (0usize, 0u32);
    while i < 100_000 {
        let len = 1 + (n as usize % 6);
        let take =
            |words: &[&str]| -> String { (i..i + len).map(|k| words[k % words.len()]).collect() };
        let (ta, tb) = (take(&words_a), take(&words_b));
        match n % 5 {
            0 | 1 => {
                parts_a.push((ta, SegmentKind::Shared, false, Some(n), None));
                parts_b.push((tb, SegmentKind::Shared, false, Some(n), None));
            }
            2 => {
                parts_a.push((ta, SegmentKind::Unique, false, None, None));
                parts_b.push((tb, SegmentKind::Unique, false, None, None));
            }
            3 => {
                parts_a.push((ta, SegmentKind::Variant, false, Some(n), None));
                parts_b.push((tb, SegmentKind::Variant, false, Some(n), None));
            }
            _ => {
                parts_a.push((ta, SegmentKind::Boilerplate, false, None, None));
                parts_b.push((tb, SegmentKind::Shared, true, None, Some(n)));
            }
        }
        i += len;
        n += 1;
    }
    build_owned(&parts_a, &parts_b, ("big-a.txt", "big-b.txt"))
}
