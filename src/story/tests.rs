use super::*;
use crate::load::seed_documents;

fn doc(label: &str, text: &str) -> Arc<Document> {
    Arc::new(crate::load::from_utf8_text(label, text))
}

fn story(docs: Vec<Arc<Document>>) -> Story {
    Story::compute(docs, 0, &MatchOptions::default(), &Control::default()).expect("computes")
}

const WIRE: &str = "أجرى الرئيس الصيني شي جين بينغ اتصالا هاتفيا مع الرئيس الروسي فلاديمير بوتين اليوم.\nوبحث الجانبان العلاقات الثنائية والتعاون الاستراتيجي بين البلدين.\n";
const OWN: &str = "أجرى الرئيس الصيني شي جين بينغ اتصالا هاتفيا مع الرئيس الروسي فلاديمير بوتين اليوم.\nويرى مراقبون أن المكالمة رسالة واضحة إلى واشنطن وحلفائها في المنطقة.\n";

#[test]
fn pair_index_follows_the_contract_order() {
    let n = 5;
    let mut k = 0;
    for i in 0..n {
        for j in i + 1..n {
            assert_eq!(pair_index(n, i, j), k);
            k += 1;
        }
    }
}

#[test]
fn segments_tile_and_name_the_carriers() {
    let s = story(vec![doc("a", WIRE), doc("b", WIRE), doc("c", OWN)]);
    for a in &s.articles {
        assert_eq!(a.segments.first().map(|x| x.start), Some(0));
        assert_eq!(a.segments.last().map(|x| x.end), Some(a.text().len()));
        assert!(a.segments.windows(2).all(|w| w[0].end == w[1].start));
        assert!(
            a.segments
                .windows(2)
                .all(|w| (w[0].kind, &w[0].carried_by) != (w[1].kind, &w[1].carried_by))
        );
    }
    let c = &s.articles[2];
    assert!(c.unique > 0 && c.unique < c.words);
    let own = s.only_in(2);
    assert!(
        own[0].text.contains("رسالة واضحة إلى واشنطن"),
        "{}",
        own[0].text
    );
    assert!(own[0].carried_by.is_empty());
    assert_eq!(own[0].lacking, vec![0, 1]);
    // The opening sentence is in all three.
    assert!(
        s.core_passages()
            .iter()
            .any(|p| p.text.contains("فلاديمير بوتين"))
    );
    // The wire's second sentence is in a and b only: partial in a, dropped by c.
    let partial = s.partial_passages();
    assert!(partial.iter().any(|p| p.text.contains("التعاون الاستراتيجي")
        && p.carried_by == vec![1]
        && p.lacking == vec![2]));
    assert!(
        s.dropped_by(2)
            .iter()
            .any(|p| p.text.contains("التعاون الاستراتيجي"))
    );
    assert!(s.dropped_by(1).is_empty());
}

#[test]
fn an_article_given_twice_carries_everything_of_the_other() {
    let (a, b) = seed_documents();
    let (a, b) = (Arc::new(a), Arc::new(b));
    let s = story(vec![Arc::clone(&a), Arc::clone(&b), a]);
    for i in [0, 2] {
        let other = 2 - i;
        assert!(
            s.articles[i]
                .segments
                .iter()
                .filter(|x| x.kind == StoryKind::Body && x.words > 0)
                .all(|x| x.carried_by.contains(&other))
        );
    }
    assert_eq!(s.similarity(0, 2), 1.0);
    assert!(!s.identical);
}

#[test]
fn the_matrix_is_symmetric_and_equals_the_pairs() {
    let (a, b) = seed_documents();
    let s = story(vec![Arc::new(a), Arc::new(b), doc("c", WIRE)]);
    let m = s.matrix();
    for (i, row) in m.iter().enumerate() {
        assert_eq!(row[i], 1.0);
        for (j, &x) in row.iter().enumerate() {
            assert_eq!(x, m[j][i]);
        }
    }
    let (a, b) = seed_documents();
    let direct = crate::engine::compare(&a, &b, &MatchOptions::default());
    assert_eq!(s.similarity(0, 1), direct.stats.similarity);
    let (c, which) = s.pair(1, 0).expect("a pair");
    assert_eq!(which, Which::B);
    assert_eq!(c, &direct);
}

#[test]
fn the_seeds_containment_framing_is_alsumarias_own() {
    let (a, b) = seed_documents();
    let s = story(vec![Arc::new(a), Arc::new(b)]);
    assert!(s.only_in(1)[0].text.contains("سياسة الاحتواء المزدوج"));
}

#[test]
fn counts_and_errors() {
    let one = Story::compute(
        vec![doc("a", WIRE)],
        0,
        &MatchOptions::default(),
        &Control::default(),
    );
    assert_eq!(one.err(), Some(StoryError::TooFew(1)));
    let many: Vec<_> = (0..17).map(|k| doc(&k.to_string(), WIRE)).collect();
    let err = Story::compute(many, 0, &MatchOptions::default(), &Control::default()).err();
    assert_eq!(err, Some(StoryError::TooMany(17)));
    let bad = Story::compute(
        vec![doc("a", WIRE), doc("b", OWN)],
        2,
        &MatchOptions::default(),
        &Control::default(),
    );
    assert_eq!(
        bad.err(),
        Some(StoryError::NoSuchBase { base: 2, count: 2 })
    );
    let ctl = Control::default();
    ctl.cancel();
    let cancelled = Story::compute(
        vec![doc("a", WIRE), doc("b", OWN)],
        0,
        &MatchOptions::default(),
        &ctl,
    );
    assert_eq!(cancelled.err(), Some(StoryError::Cancelled));
    let same = story(vec![doc("a", WIRE), doc("b", WIRE)]);
    assert!(same.identical);
    assert_eq!(same.own_words(0), 0);
}

#[test]
fn sixteen_articles_compare_every_pair() {
    let docs: Vec<_> = (0..16)
        .map(|k| doc(&k.to_string(), if k % 2 == 0 { WIRE } else { OWN }))
        .collect();
    let s = story(docs);
    assert_eq!(s.pairs().count(), 120);
    assert_eq!(s.articles[15].segments[0].carried_by.len(), 15);
}
