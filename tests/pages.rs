//! Articles as people have them: saved pages, MHTML, Word documents; what is extracted from
//! them, and hostile pages.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pages::{self, PAGE_FIXTURES, docx, expected_body, mhtml, news_page, word_f1};
use common::{SEED_A, SEED_B, Scratch};
use tabayun::load::{self, Format, LoadError, LoadOptions};
use tabayun::model::{Comparison, MatchOptions, SegmentKind};

fn load(path: &str) -> load::Document {
    load::load_path(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path} loads: {e}"))
}

#[test]
fn page_fixtures_extract_the_body_with_word_f1_at_least_0_97() {
    for name in PAGE_FIXTURES {
        let doc = load(&pages::page_path(name));
        let f1 = word_f1(&doc.text, &expected_body(name));
        println!("{name}: word F1 {f1:.4}");
        assert!(f1 >= 0.97, "{name}: F1 {f1:.4}\n--- got ---\n{}", doc.text);
        assert_eq!(doc.format, Format::Html, "{name}");
        for furniture in [
            "ملفات تعريف الارتباط",
            "cookies",
            "التعليقات",
            "Comments",
            "الأكثر قراءة",
            "Trending",
            "جميع الحقوق",
            "All rights",
        ] {
            assert!(
                !doc.text.contains(furniture),
                "{name} kept {furniture:?}:\n{}",
                doc.text
            );
        }
    }
}

#[test]
fn page_metadata_is_taken() {
    let gulf = load(&pages::page_path("ar-gulf-daily"));
    assert_eq!(gulf.outlet.as_deref(), Some("صحيفة الخليج اليوم"));
    assert_eq!(gulf.published.as_deref(), Some("2024-05-14T09:12:00+04:00"));
    assert_eq!(
        gulf.url.as_deref(),
        Some("https://www.gulf-daily.example/ar/economy/2024/05/14/rail-link")
    );
    assert_eq!(
        gulf.title.as_deref(),
        Some("الإمارات وعُمان توقعان اتفاقية للربط السككي بين البلدين")
    );
    assert_eq!(
        (gulf.lang.as_deref(), gulf.dir.as_deref()),
        (Some("ar"), Some("rtl"))
    );
    assert_eq!(gulf.encoding, "UTF-8");

    let portal = load(&pages::page_path("ar-portal-br"));
    assert_eq!(
        portal.encoding, "windows-1256",
        "charset from <meta http-equiv>"
    );
    assert_eq!(portal.outlet.as_deref(), Some("بوابة الوادي"));
    assert_eq!(
        portal.url.as_deref(),
        Some("http://www.alwadi-portal.example/news/details.aspx?id=88213")
    );
    assert!(
        portal.text.starts_with("ارتفاع منسوب مياه النيل"),
        "{}",
        portal.text
    );

    let wire = load(&pages::page_path("en-world-wire"));
    assert_eq!(wire.outlet.as_deref(), Some("World Wire"));
    assert_eq!(wire.published.as_deref(), Some("2024-02-08T14:05:00Z"));
    assert_eq!(wire.lang.as_deref(), Some("en-GB"));
}

#[test]
fn inline_read_also_lines_do_not_survive() {
    let gulf = load(&pages::page_path("ar-gulf-daily"));
    assert!(!gulf.text.contains("اقرأ أيضاً"), "{}", gulf.text);
    assert!(!gulf.text.contains("موانئ الدولة تسجل"), "{}", gulf.text);
    let portal = load(&pages::page_path("ar-portal-br"));
    assert!(!portal.text.contains("سد النهضة"), "{}", portal.text);
    let wire = load(&pages::page_path("en-world-wire"));
    assert!(!wire.text.contains("Read more"), "{}", wire.text);
}

#[test]
fn a_page_is_recognised_by_content_when_the_extension_says_text() {
    let s = Scratch::new("sniff");
    let html = std::fs::read(pages::page_path("en-world-wire")).expect("reads");
    let path = s.file("saved-page.txt", &html);
    let doc = load(&path);
    assert_eq!(doc.format, Format::Html);
    assert!(word_f1(&doc.text, &expected_body("en-world-wire")) >= 0.97);
}

#[test]
fn a_page_without_an_article_is_an_error_naming_it() {
    let s = Scratch::new("empty-page");
    for (name, page) in [
        (
            "nav.html",
            "<html><body><nav><a href=/>Home</a> <a href=/x>News</a></nav></body></html>",
        ),
        (
            "script.html",
            "<html><head><script>var a = 1;</script></head><body></body></html>",
        ),
        ("blank.htm", "<!doctype html><html><body>   </body></html>"),
    ] {
        let path = s.file(name, page.as_bytes());
        let err = load::load_path(Path::new(&path), &LoadOptions::default()).expect_err(name);
        assert!(
            matches!(err, LoadError::NoArticle { .. }),
            "{name}: {err:?}"
        );
        assert_eq!(err.to_string(), format!("no article text found in {path}"));
    }
}

#[test]
fn mhtml_reads_the_page_part() {
    let html = std::fs::read_to_string(pages::page_path("ar-gulf-daily")).expect("reads");
    let bytes = mhtml(&html, "https://www.gulf-daily.example/saved");
    let s = Scratch::new("mhtml");
    for name in ["page.mhtml", "page.mht", "page.bin"] {
        let doc = load(&s.file(name, &bytes));
        assert_eq!(doc.format, Format::Mhtml, "{name}");
        assert_eq!(
            doc.text,
            load(&pages::page_path("ar-gulf-daily")).text,
            "{name}"
        );
        assert_eq!(doc.outlet.as_deref(), Some("صحيفة الخليج اليوم"));
    }
}

#[test]
fn docx_paragraphs_in_order_without_header_footer_or_comments() {
    let bytes = docx(
        &[
            ("الرئيس الصيني يدعو إلى تنسيق استراتيجي مع روسيا", true),
            (
                "ذكرت وسائل إعلام رسمية أن الرئيس الصيني شي جين بينغ أبلغ نظيره الروسي.",
                true,
            ),
            ("السطر الأول\nالسطر الثاني", true),
            ("Name\tValue", false),
        ],
        "تنسيق استراتيجي",
    );
    let s = Scratch::new("docx");
    for name in ["article.docx", "article-without-extension"] {
        let doc = load(&s.file(name, &bytes));
        assert_eq!(doc.format, Format::Docx, "{name}");
        assert_eq!(
            doc.text,
            "الرئيس الصيني يدعو إلى تنسيق استراتيجي مع روسيا\nذكرت وسائل إعلام رسمية أن الرئيس الصيني شي جين بينغ أبلغ نظيره الروسي.\nالسطر الأول\nالسطر الثاني\nName\tValue"
        );
        assert_eq!(doc.title.as_deref(), Some("تنسيق استراتيجي"));
        assert_eq!(doc.dir.as_deref(), Some("rtl"));
        assert_eq!(
            doc.published, None,
            "the file's creation date is not a publication date"
        );
    }
}

#[test]
fn docx_bombs_and_broken_zips_are_refused() {
    let s = Scratch::new("docx-bomb");
    // 100 MB of one byte inflates from about 100 KB.
    let zeros = vec![b'a'; 100 * 1000 * 1000];
    let bomb = pages::zip_of([("word/document.xml", &zeros[..])]);
    assert!(bomb.len() < 1_000_000);
    let path = s.file("bomb.docx", &bomb);
    let start = Instant::now();
    let err = load::load_path(Path::new(&path), &LoadOptions::default()).expect_err("refused");
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read Word document (word/document.xml inflates to more than 64 MB): {path}"
        )
    );

    let many: Vec<(String, Vec<u8>)> = (0..10_001).map(|i| (format!("f{i}"), Vec::new())).collect();
    let mut entries: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    entries.push(("word/document.xml", b"<w:document/>"));
    let path = s.file("many.docx", &pages::zip_of(entries));
    let err = load::load_path(Path::new(&path), &LoadOptions::default()).expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("cannot read Word document (10002 entries"),
        "{err}"
    );

    let path = s.file("broken.docx", b"PK\x03\x04 this is not really a zip");
    let err = load::load_path(Path::new(&path), &LoadOptions::default()).expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("cannot read Word document (not a ZIP archive"),
        "{err}"
    );
}

/// Segments that are article body, as (kind, moved, text) with white space trimmed.
fn body_segments(c: &Comparison, a: bool) -> Vec<(SegmentKind, bool, String)> {
    let side = if a { &c.a } else { &c.b };
    side.segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != SegmentKind::Boilerplate)
        .map(|(i, s)| {
            (
                s.kind,
                s.moved,
                side.segment_text(i)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .collect()
}

#[test]
fn the_seed_pair_wrapped_in_pages_compares_as_the_plain_seeds() {
    let s = Scratch::new("seed-pages");
    let (plain_a, plain_b) = (load(SEED_A), load(SEED_B));
    let page_a = s.file(
        "a.html",
        news_page(
            &plain_a.text,
            "الاتحاد",
            "2024-02-08T10:00:00+04:00",
            "https://alittihad.example/a",
        )
        .as_bytes(),
    );
    let page_b = s.file(
        "b.html",
        news_page(
            &plain_b.text,
            "السومرية",
            "2024-02-08",
            "https://alsumaria.example/b",
        )
        .as_bytes(),
    );
    let (wa, wb) = (load(&page_a), load(&page_b));
    let opts = MatchOptions::default();
    let plain = tabayun::engine::compare(&plain_a, &plain_b, &opts);
    let wrapped = tabayun::engine::compare(&wa, &wb, &opts);
    common::assert_invariants(&wrapped);
    assert_eq!(wrapped.stats.similarity, plain.stats.similarity);
    for (w, p) in [
        (wrapped.stats.a, plain.stats.a),
        (wrapped.stats.b, plain.stats.b),
    ] {
        assert_eq!(
            (w.words, w.shared, w.moved, w.variant, w.unique),
            (p.words, p.shared, p.moved, p.variant, p.unique)
        );
    }
    assert_eq!(body_segments(&wrapped, true), body_segments(&plain, true));
    assert_eq!(body_segments(&wrapped, false), body_segments(&plain, false));
    assert_eq!(wrapped.a.format, Format::Html);
    assert_eq!(wrapped.a.outlet.as_deref(), Some("الاتحاد"));
    assert_eq!(wrapped.b.published.as_deref(), Some("2024-02-08"));
}

/// Loads `bytes` as `name`: an error or a document, within `secs`, without a panic.
fn bounded(s: &Scratch, name: &str, bytes: &[u8], secs: u64) -> Result<load::Document, LoadError> {
    let path = s.file(name, bytes);
    let start = Instant::now();
    let got = load::load_path(Path::new(&path), &LoadOptions::default());
    let took = start.elapsed();
    println!(
        "{name}: {} bytes, {took:?}, {}",
        bytes.len(),
        match &got {
            Ok(d) => format!("{} chars", d.text.len()),
            Err(e) => e.to_string(),
        }
    );
    assert!(took < Duration::from_secs(secs), "{name} took {took:?}");
    got
}

#[test]
fn hostile_pages_give_an_error_or_the_article_in_bounded_time() {
    let s = Scratch::new("hostile-pages");
    let article = "<p>وقال المتحدث باسم الوزارة في بيان صحفي إن غرف الطوارئ في المحافظات رفعت درجة الاستعداد القصوى، وإن فرق الصيانة تعمل على تقوية الجسور في المناطق المنخفضة.</p>";

    let deep = format!(
        "<html><body>{}{article}{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let err = bounded(&s, "deep.html", deep.as_bytes(), 10).expect_err("refused");
    assert!(err.to_string().contains("nested more than"), "{err}");

    let entities = format!(
        "<html><body><article>{article}<p>{}</p></article></body></html>",
        "&amp;&#1575;&nbsp;".repeat(300_000)
    );
    let err = bounded(&s, "entities.html", entities.as_bytes(), 10).expect_err("refused");
    assert!(
        err.to_string().contains("too many character references"),
        "{err}"
    );
    // References spread over many paragraphs, as in a real page, are read.
    let spread = format!(
        "<html><body><article>{}</article></body></html>",
        format!("{article}<p>الشركة &amp; الوزارة&nbsp;&#1575;&quot;</p>").repeat(2_000)
    );
    let doc = bounded(&s, "spread-entities.html", spread.as_bytes(), 60).expect("extracts");
    assert!(
        doc.text.contains("الشركة & الوزارة"),
        "{}",
        &doc.text[..200]
    );

    let attrs: String = (0..200_000)
        .map(|i| format!(" data-a{i}=\"{i}\""))
        .collect();
    let flood = format!("<html><body><article{attrs}>{article}{article}</article></body></html>");
    let err = bounded(&s, "attributes.html", flood.as_bytes(), 10).expect_err("refused");
    assert!(err.to_string().contains("too many attributes"), "{err}");
    let some: String = (0..50).map(|i| format!(" data-a{i}=\"{i}\"")).collect();
    let fine = format!(
        "<html><body><article>{}</article></body></html>",
        format!("<p{some}>{}</p>", &article[3..article.len() - 4]).repeat(500)
    );
    let doc = bounded(&s, "some-attributes.html", fine.as_bytes(), 60).expect("extracts");
    assert!(doc.text.contains("غرف الطوارئ"));

    let scripts = format!(
        "<html><head>{}</head><body><article>{article}<script>document.write('<p>injected</p>')</script>{article}</article></body></html>",
        "<script>var x = '</p><p>';</script>".repeat(10_000)
    );
    let doc = bounded(&s, "scripts.html", scripts.as_bytes(), 60).expect("extracts");
    assert!(
        !doc.text.contains("injected") && !doc.text.contains("var x"),
        "{}",
        doc.text
    );

    let mut invalid = format!("<html><body><article>{article}").into_bytes();
    invalid.extend_from_slice(b"\xFF\xFE\xC3\x28 \xE2\x82 bad bytes \x80\x81");
    invalid.extend_from_slice(format!("{article}</article></body></html>").as_bytes());
    let doc = bounded(&s, "invalid.html", &invalid, 60).expect("extracts");
    assert!(doc.text.contains("غرف الطوارئ"), "{}", doc.text);

    // Just under the 50 MB file limit: refused before the parser builds its tree.
    let mut big = String::from("<html><body><article>");
    while big.len() < 49_000_000 {
        big.push_str(article);
    }
    big.push_str("</article></body></html>");
    let err = bounded(&s, "big.html", big.as_bytes(), 30).expect_err("refused");
    assert!(
        err.to_string().starts_with("cannot read web page ("),
        "{err}"
    );
}
