//! Story engine: every pair compared once, and who carries what read off those comparisons.
//! Property tests on generated triples: the segments tile, "carried by" is exactly the pairwise
//! result, the matrix is symmetric, and a prepared comparison is the plain one.

mod common;

use std::sync::Arc;

use common::{assert_invariants, doc};
use proptest::prelude::*;
use tabayun::engine::{self, Control};
use tabayun::model::{MatchOptions, SegmentKind};
use tabayun::story::{Story, StoryKind};

/// Sentences an outlet might copy, rework or drop.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "أجرى الرئيس الصيني شي جين بينغ اتصالا هاتفيا مع نظيره الروسي. ",
        "وبحث الجانبان العلاقات الثنائية. ",
        "الرئيس ",
        "الصيني ",
        "جينبينغ ",
        "في ",
        "من ",
        "بوتين ",
        "نظام عالمي متعدد الأقطاب ",
        "سياسة الاحتواء المزدوج ",
        "2024 ",
        "، ",
        ".",
        "\n",
        "المصدر: وكالات\n",
        "أخبار ذات صلة\n",
    ]);
    prop::collection::vec(pieces, 1..40).prop_map(|v| v.concat())
}

fn story_of(texts: &[String], opts: &MatchOptions) -> Story {
    let docs = texts
        .iter()
        .enumerate()
        .map(|(k, t)| Arc::new(doc(&format!("{k}.txt"), t)))
        .collect();
    Story::compute(docs, 0, opts, &Control::default()).expect("computes")
}

fn options() -> impl Strategy<Value = MatchOptions> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(boilerplate, moves, variants)| {
        MatchOptions {
            boilerplate,
            moves,
            variants,
            ..MatchOptions::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]
    #[test]
    fn carried_by_is_the_pairwise_result(
        texts in prop::collection::vec(text(), 3..=3),
        opts in options(),
    ) {
        let s = story_of(&texts, &opts);
        let n = s.len();
        for (i, article) in s.articles.iter().enumerate() {
            // Tiling.
            prop_assert_eq!(article.segments.first().map(|x| x.start), Some(0));
            prop_assert_eq!(article.segments.last().map(|x| x.end), Some(article.text().len()));
            prop_assert!(article.segments.windows(2).all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
            prop_assert!(article.segments.windows(2).all(|w| (w[0].kind, &w[0].carried_by) != (w[1].kind, &w[1].carried_by)));
            for seg in &article.segments {
                prop_assert!(seg.carried_by.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(!seg.carried_by.contains(&i));
                if seg.kind == StoryKind::Boilerplate {
                    prop_assert!(seg.carried_by.is_empty());
                }
            }
            // Per word: j carries it exactly when the pair comparison says shared or variant.
            let prepared = engine::prepare(&article.doc, &opts);
            let starts: Vec<usize> = prepared.word_starts().collect();
            let mut body = 0;
            for (k, &at) in starts.iter().enumerate() {
                let seg = &article.segments[article.segment_at(at).expect("a segment")];
                prop_assert_eq!(seg.kind == StoryKind::Boilerplate, prepared.boilerplate()[k]);
                body += usize::from(!prepared.boilerplate()[k]);
                for j in (0..n).filter(|&j| j != i) {
                    let (c, which) = s.pair(i, j).expect("a pair");
                    let side = c.side(which);
                    let ps = side.segments.iter().find(|x| x.start <= at && at < x.end).expect("pair segment");
                    let carried = matches!(ps.kind, SegmentKind::Shared | SegmentKind::Variant);
                    prop_assert_eq!(seg.carried_by.contains(&j), carried, "article {} word at {} vs {}", i, at, j);
                }
            }
            prop_assert_eq!(article.words, body);
            let words: usize = article.segments.iter().map(|x| x.words).sum();
            prop_assert_eq!(words, article.words + article.boilerplate);
        }
        let m = s.matrix();
        for (i, row) in m.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                prop_assert_eq!(x, m[j][i]);
            }
        }
    }

    #[test]
    fn a_prepared_comparison_is_the_plain_one(a in text(), b in text(), opts in options()) {
        let (da, db) = (doc("a", &a), doc("b", &b));
        let plain = engine::compare(&da, &db, &opts);
        let (pa, pb) = (engine::prepare(&da, &opts), engine::prepare(&db, &opts));
        let far = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let prepared = engine::compare_prepared(&pa, &pb, &Control::default(), far).expect("compares");
        assert_invariants(&prepared);
        prop_assert_eq!(prepared, plain);
    }
}

#[test]
fn an_article_given_twice_carries_everything_in_each_other() {
    let texts = [
        "أجرى الرئيس الصيني شي جين بينغ اتصالا هاتفيا. وبحث الجانبان العلاقات.".to_owned(),
        "قال الكرملين إن بوتين وشي بحثا العلاقات الثنائية في اتصال هاتفي.".to_owned(),
    ];
    let s = story_of(
        &[texts[0].clone(), texts[1].clone(), texts[0].clone()],
        &MatchOptions::default(),
    );
    for (i, other) in [(0, 2), (2, 0)] {
        let a = &s.articles[i];
        assert!(
            a.segments.iter().all(|x| x.carried_by.contains(&other)),
            "{:?}",
            a.segments
        );
        assert_eq!(a.unique, 0);
    }
    assert_eq!(s.similarity(0, 2), 1.0);
}
