//! Engine acceptance tests on the seed pair, invariants on generated input, and regressions.

mod common;

use common::{assert_invariants, compare_texts, doc, seeds};
use proptest::prelude::*;
use tabayun::engine::{self, Control};
use tabayun::load;
use tabayun::model::{Comparison, MatchOptions, SegmentKind, Side, Step};
use tabayun::report::{self, ReportOptions};

/// Index of the segment holding byte `at`.
fn segment_at(side: &Side, at: usize) -> usize {
    side.segments
        .iter()
        .position(|s| s.start <= at && at < s.end)
        .unwrap_or_else(|| panic!("no segment at {at}"))
}

/// The (word, kind, moved) of every word of `phrase` (its first occurrence) in `side`.
fn kinds_of(side: &Side, phrase: &str) -> Vec<(String, SegmentKind, bool)> {
    let start = side
        .text
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase:?} not in {}", side.path));
    let mut out = Vec::new();
    let mut offset = start;
    for word in phrase.split_whitespace() {
        let at = side.text[offset..]
            .find(word)
            .map(|o| o + offset)
            .unwrap_or(offset);
        let seg = &side.segments[segment_at(side, at)];
        out.push((word.to_owned(), seg.kind, seg.moved));
        offset = at + word.len();
    }
    out
}

#[track_caller]
fn assert_all(side: &Side, phrase: &str, kind: SegmentKind) {
    for (word, k, _) in kinds_of(side, phrase) {
        assert_eq!(k, kind, "{word:?} in {phrase:?} ({})", side.path);
    }
}

#[test]
fn seeds_us_containment_framing_is_unique_to_alsumaria() {
    let phrases = [
        "عن تنديدهما بتدخل الولايات المتحدة",
        "واتهما واشنطن بالسعي",
        "يدرك قادة البلدَين أن الولايات المتحدة تنفذ سياسة الاحتواء المزدوج لكلّ من روسيا والصين",
        "وحل الصراع في الشرق الأوسط",
    ];
    let c = seeds();
    phrases
        .iter()
        .for_each(|p| assert_all(&c.b, p, SegmentKind::Unique));
}

#[test]
fn seeds_reordered_paragraphs_are_shared_on_both_sides() {
    let phrases = [
        "نظام عالمي متعدد الأقطاب وأكثر عدالة",
        "وذكر تلفزيون الصين المركزي أن",
        "تنمية زخم جديد للتعاون والحفاظ على استقرار السلسلة الصناعية",
        "السعي إلى تحقيق تنسيق استراتيجي وثيق",
    ];
    let c = seeds();
    for side in [&c.a, &c.b] {
        phrases
            .iter()
            .for_each(|p| assert_all(side, p, SegmentKind::Shared));
    }
}

#[test]
fn seeds_out_of_order_paragraphs_are_moved_and_in_order_ones_are_not() {
    let c = seeds();
    let moved = |side: &Side, phrase: &str| kinds_of(side, phrase).iter().all(|(_, _, m)| *m);
    let in_order = |side: &Side, phrase: &str| kinds_of(side, phrase).iter().all(|(_, _, m)| !*m);
    // The multipolar-order and Ukraine paragraphs come last in A but first in B's shared text.
    let (x, y) = (
        "نظام عالمي متعدد الأقطاب وأكثر عدالة",
        "وذكر تلفزيون الصين المركزي أن",
    );
    assert!(
        moved(&c.a, x) != moved(&c.a, y),
        "exactly one of the two blocks is moved"
    );
    assert_eq!(moved(&c.a, x), moved(&c.b, x));
    assert_eq!(in_order(&c.a, y), in_order(&c.b, y));
}

#[test]
fn seeds_name_spellings_are_variants_of_each_other() {
    let c = seeds();
    for (in_a, in_b) in [("جين بينغ", "جينبينغ"), ("أوشاكوف", "أوتشاكوف")]
    {
        let at = c.a.text.find(in_a).expect("in A");
        let s = segment_at(&c.a, at);
        assert_eq!(c.a.segments[s].kind, SegmentKind::Variant, "{in_a}");
        let link = c.a.segments[s].link.expect("variant links");
        assert_eq!(c.a.segment_text(s).trim(), in_a);
        assert!(c.b.segment_text(link).contains(in_b), "{in_a} ↔ {in_b}");
    }
}

#[test]
fn seeds_related_article_lists_and_source_lines_are_boilerplate() {
    let c = seeds();
    assert_all(
        &c.a,
        "أخبار ذات صلة رئيس الدولة والرئيس الروسي",
        SegmentKind::Boilerplate,
    );
    assert_all(&c.a, "المصدر: صحيفة الاتحاد", SegmentKind::Boilerplate);
    assert_all(&c.a, "كلمات دلالية: شي جين بينج", SegmentKind::Boilerplate);
    assert_all(&c.a, "إقرأ أيضاً:", SegmentKind::Boilerplate);
    assert_all(&c.a, "الرئيس السيسي يدعو ترامب", SegmentKind::Boilerplate);
    assert_all(&c.b, "المصدر: السومرية العراقية", SegmentKind::Boilerplate);
    assert_all(&c.b, "مقالات مشابهة", SegmentKind::Boilerplate);
    assert_all(
        &c.b,
        "ماكرون يحث بوتين على التعقل",
        SegmentKind::Boilerplate,
    );
    assert_eq!(c.a.outlet.as_deref(), Some("صحيفة الاتحاد"));
    assert_eq!(c.b.outlet.as_deref(), Some("السومرية العراقية"));
    assert_eq!(
        c.a.title.as_deref(),
        Some("الرئيس الصيني يدعو إلى تنسيق استراتيجي مع روسيا")
    );
}

#[test]
fn seeds_statistics_add_up_and_exclude_boilerplate() {
    let c = seeds();
    assert_invariants(&c);
    for st in [c.stats.a, c.stats.b] {
        assert_eq!(st.words, st.shared + st.variant + st.unique);
        assert!(st.moved <= st.shared + st.variant);
        assert!(st.boilerplate > 50, "the related articles are not counted");
    }
    assert!(
        c.stats.similarity > 0.5 && c.stats.similarity < 0.95,
        "{}",
        c.stats.similarity
    );
    assert!(!c.identical);
    let keep = MatchOptions {
        boilerplate: false,
        ..MatchOptions::default()
    };
    let (a, b) = load::seed_documents();
    let all = engine::compare(&a, &b, &keep);
    assert_eq!(all.stats.a.boilerplate, 0);
    assert_eq!(all.stats.a.words, c.stats.a.words + c.stats.a.boilerplate);
}

/// With boilerplate the words' ids are kept as body and boilerplate ids: an article with
/// boilerplate is identical to itself, and a change in its boilerplate alone still makes it
/// differ, whether the pair is compared once or from prepared documents (a story's pairs).
#[test]
fn identical_counts_boilerplate_words() {
    let (a, _) = load::seed_documents();
    let opts = MatchOptions::default();
    let same = engine::compare(&a, &a, &opts);
    assert!(same.stats.a.boilerplate > 0, "the seed has boilerplate");
    assert!(same.identical);
    let related = "الرئيس السيسي يدعو ترامب";
    assert!(a.text.contains(related));
    let mut b = a.clone();
    b.text = a.text.replacen(related, "الرئيس السيسي يستقبل ترامب", 1);
    let changed = engine::compare(&a, &b, &opts);
    assert_eq!(changed.stats.a.words, same.stats.a.words);
    assert!(!changed.identical);
    let (pa, pb) = (engine::prepare(&a, &opts), engine::prepare(&b, &opts));
    let ctl = Control::default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    assert!(
        engine::compare_prepared(&pa, &pa, &ctl, deadline)
            .unwrap()
            .identical
    );
    assert!(
        !engine::compare_prepared(&pa, &pb, &ctl, deadline)
            .unwrap()
            .identical
    );
}

#[test]
fn identical_after_normalisation() {
    let c = compare_texts("قالَ الرئيسُ: «نعم».", "قال الرئيس نعم");
    assert!(c.identical);
    assert_eq!(c.stats.similarity, 1.0);
    assert!(!compare_texts("قال الرئيس", "قال الوزير").identical);
}

#[test]
fn edited_moved_paragraph_is_moved_with_its_edit_marked() {
    let p1 =
        "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية المتضررة من الجفاف.";
    let p2 = "وقال وزير الزراعة إن البرنامج سيبدأ الشهر المقبل ويستمر ثلاث سنوات كاملة على الأقل.";
    let p2_edited =
        "وقال وزير الزراعة إن البرنامج سينطلق الشهر المقبل ويستمر ثلاث سنوات كاملة على الأقل.";
    let p3 = "وأشار مراقبون إلى أن الخطة تأتي بعد احتجاجات واسعة شهدتها عدة محافظات خلال الصيف.";
    let c = compare_texts(
        &format!("{p1}\n{p2}\n{p3}"),
        &format!("{p2_edited}\n{p1}\n{p3}"),
    );
    assert_invariants(&c);
    let moved: Vec<bool> = kinds_of(&c.b, "وقال وزير الزراعة إن البرنامج")
        .iter()
        .chain(&kinds_of(&c.b, "الشهر المقبل ويستمر ثلاث سنوات"))
        .map(|(_, _, m)| *m)
        .collect();
    assert!(
        moved.iter().all(|m| *m),
        "the edited paragraph is moved: {moved:?}"
    );
    let (_, kind, mv) = kinds_of(&c.b, "سينطلق")[0].clone();
    assert_ne!(kind, SegmentKind::Shared);
    if kind == SegmentKind::Variant {
        assert!(mv, "the edit inside a moved passage belongs to the move");
    }
    assert_all(&c.a, p3.trim_end_matches('.'), SegmentKind::Shared);
}

#[test]
fn lone_common_words_are_never_moved() {
    let c = compare_texts(
        "ذهب الوزير في الصباح إلى المكتب",
        "في المساء عاد السفير إلى البيت من",
    );
    assert_invariants(&c);
    assert!(c.a.segments.iter().all(|s| !s.moved));
    assert!(c.b.segments.iter().all(|s| !s.moved));
}

#[test]
fn clitic_difference_is_a_small_variant_not_a_break() {
    let c = compare_texts(
        "وأضاف المتحدث باسم الوزارة أن الاجتماع كان مثمرا",
        "أضاف المتحدث باسم الوزارة أن الاجتماع كان مثمرا",
    );
    assert_eq!(kinds_of(&c.a, "وأضاف")[0].1, SegmentKind::Variant);
    assert_all(
        &c.a,
        "المتحدث باسم الوزارة أن الاجتماع كان مثمرا",
        SegmentKind::Shared,
    );
}

#[test]
fn empty_and_wordless_texts() {
    for (a, b) in [("", ""), ("", "نص"), ("...", "!!!"), ("\u{202E}", "ـــ")] {
        let c = compare_texts(a, b);
        assert_invariants(&c);
    }
}

#[test]
fn cancelled_comparison_stops() {
    let (a, b) = load::seed_documents();
    let ctl = Control::default();
    ctl.cancel();
    assert!(engine::compare_with(&a, &b, &MatchOptions::default(), &ctl).is_err());
}

/// With its time budget spent before it starts, a comparison still ends whole: the moved-passage
/// search says it stopped, and the gaps are diffed with `similar`'s quick approximation (the
/// deadline is read once a gap, not inside the diff) instead of being skipped.
#[test]
fn a_spent_time_budget_still_gives_a_whole_comparison() {
    let vocabulary = [
        "الرئيس",
        "الصيني",
        "الروسي",
        "موسكو",
        "بكين",
        "واشنطن",
        "العلاقات",
        "الخميس",
        "مكالمة",
        "هاتفية",
        "السلام",
        "التعاون",
        "الاقتصادي",
        "الطاقة",
        "المتحدة",
    ];
    let text = |seed: u64, words: usize| {
        let mut x = seed;
        (0..words)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                vocabulary[(x >> 33) as usize % vocabulary.len()]
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    // 400 × 400 words: one gap of 160 000 cells, far above the small gaps that never read the
    // clock.
    let (a, b) = (doc("a", &text(1, 400)), doc("b", &text(2, 400)));
    let spent = Control::with_deadline(std::time::Duration::ZERO);
    let c = engine::compare_with(&a, &b, &MatchOptions::default(), &spent).expect("not cancelled");
    assert_invariants(&c);
    assert!(
        c.fallbacks.iter().any(|f| f.contains("time limit")),
        "{:?}",
        c.fallbacks
    );
    let unhurried = engine::compare(&a, &b, &MatchOptions::default());
    assert_invariants(&unhurried);
    assert!(unhurried.fallbacks.is_empty(), "{:?}", unhurried.fallbacks);
    assert!(unhurried.stats.a.shared > 0);
}

#[test]
fn options_switches_change_matching() {
    let plain = compare_texts("الأميركية", "الاميركية");
    assert_eq!(plain.stats.a.shared, 1);
    let opts = MatchOptions {
        alef: false,
        ..MatchOptions::default()
    };
    let strict = engine::compare(&doc("a", "الأميركية"), &doc("b", "الاميركية"), &opts);
    assert_eq!(strict.stats.a.shared, 0);
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "الرئيس ",
        "الصيني ",
        "شي ",
        "جين ",
        "بينغ ",
        "جينبينغ ",
        "في ",
        "من ",
        "بوتين ",
        "2024 ",
        "New ",
        "York ",
        ".",
        "، ",
        "\n",
        "\n\n",
        "\u{202E}",
        "\u{2066}",
        "\u{200D}",
        "\u{064E}",
        "ـ",
        "😀 ",
        "e\u{301} ",
        "• ",
        "إقرأ أيضاً:\n",
        "المصدر: وكالات\n",
        "\r\n",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

/// Two texts: unrelated, B holding all of A after its own text, or B holding A's halves swapped
/// (so one of them is moved) around its own text.
fn text_pair() -> impl Strategy<Value = (String, String)> {
    (arbitrary_text(), arbitrary_text(), 0..3u8).prop_map(|(a, b, mode)| {
        let b = match mode {
            0 => b,
            1 => format!("{b}{a}"),
            _ => {
                let mid = (a.len() / 2..=a.len())
                    .find(|&i| a.is_char_boundary(i))
                    .unwrap_or(a.len());
                format!("{}\n{b}\n{}", &a[mid..], &a[..mid])
            }
        };
        (a, b)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn segments_tile_links_are_symmetric_and_the_json_reads_back((a, b) in text_pair()) {
        let c = compare_texts(&a, &b);
        assert_invariants(&c);
        // The JSON contract holds the whole comparison: it reads back as the same one.
        let json = serde_json::to_string(&c).expect("serialises");
        let mut back: Comparison = serde_json::from_str(&json).expect("reads back");
        prop_assert!((back.stats.similarity - c.stats.similarity).abs() < 1e-12);
        back.stats.similarity = c.stats.similarity;
        prop_assert_eq!(back, c);
    }
}

/// Regression (found by the align fuzz target): a split name paired without context crossed
/// words matched in order, unmarked.
#[test]
fn a_name_pair_that_crosses_in_order_words_is_moved() {
    let c = compare_texts("قال جين بينغ في الرئيس", "في الرئيس جينبينغ");
    assert_invariants(&c);
    let (_, kind, moved) = kinds_of(&c.a, "جين بينغ")[0].clone();
    assert_eq!((kind, moved), (SegmentKind::Variant, true));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// One reading order: `Segment::is_in_order` agrees with the predicates the three walks over
    /// a comparison used to define for themselves (the text diff's `in_order`, the HTML and
    /// Markdown walk's `is_sync`, the window's `is_anchor`), and `Comparison::reading_order`,
    /// which the text, HTML and Markdown reports walk, visits every segment once, in order,
    /// pairing exactly the in-order counterparts. The inline HTML report places its segments in
    /// that order.
    #[test]
    fn one_reading_order_for_every_walk((a, b) in text_pair()) {
        let c = compare_texts(&a, &b);
        for s in c.a.segments.iter().chain(&c.b.segments) {
            let text_diff = matches!(s.kind, SegmentKind::Shared | SegmentKind::Variant) && !s.moved;
            let window = s.link.is_some() && !s.moved;
            let html = window && text_diff;
            prop_assert_eq!(s.is_in_order(), text_diff, "{:?}", s);
            prop_assert_eq!(s.is_in_order(), window, "{:?}", s);
            prop_assert_eq!(s.is_in_order(), html, "{:?}", s);
        }
        let (mut next_a, mut next_b) = (0, 0);
        let mut ids = Vec::new();
        for step in c.reading_order() {
            match step {
                Step::A(i) => {
                    prop_assert_eq!(i, next_a);
                    next_a += 1;
                    ids.push(format!("a-s{i}"));
                }
                Step::B(j) => {
                    prop_assert_eq!(j, next_b);
                    next_b += 1;
                    ids.push(format!("b-s{j}"));
                }
                Step::Pair(i, j) => {
                    prop_assert_eq!((i, j), (next_a, next_b));
                    prop_assert!(c.a.segments[i].is_in_order() && c.b.segments[j].is_in_order());
                    prop_assert_eq!(c.a.segments[i].link, Some(j));
                    next_a += 1;
                    next_b += 1;
                    ids.push(format!("a-s{i}"));
                    ids.push(format!("b-s{j}"));
                }
            }
        }
        prop_assert_eq!((next_a, next_b), (c.a.segments.len(), c.b.segments.len()));
        // Every in-order segment was met as half of a pair, none on its own.
        let steps: Vec<Step> = c.reading_order().collect();
        for (i, s) in c.a.segments.iter().enumerate() {
            prop_assert_eq!(s.is_in_order(), !steps.contains(&Step::A(i)));
        }
        let opts = ReportOptions { inline: true, ..ReportOptions::default() };
        let mut html = Vec::new();
        report::html::write(&c, &opts, &mut html).expect("writes to memory");
        let html = String::from_utf8(html).expect("UTF-8");
        let body = &html[html.find("<main").expect("main")..];
        let placed: Vec<String> = body
            .match_indices(" id=\"")
            .map(|(at, m)| {
                let rest = &body[at + m.len()..];
                rest[..rest.find('"').expect("closing quote")].to_owned()
            })
            .filter(|id| id.starts_with("a-s") || id.starts_with("b-s"))
            .collect();
        prop_assert_eq!(placed, ids);
    }
}
