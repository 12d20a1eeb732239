//! HTML, Markdown and file-writing tests of the report exporters.
//!
//! Most tests use a small hand-built [`Comparison`] so they do not depend on the engine; the
//! `seeds_*` tests run the real engine on the bundled seed pair.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use common::by_hand::{big, bp, build_owned, mv, owned, sh, un, va};
use common::{
    HOSTILE, Scratch, bidi_controls, entries, hostile_vs_seed_a, report_opts as opts, seeds,
};
use scraper::{ElementRef, Html, Selector};
use tabayun::model::{Comparison, MatchOptions, SegmentKind};
use tabayun::report::write::{ExportError, default_file_name, format_from_path, write_file};
use tabayun::report::{self, Format, ReportOptions, html, markdown};
use tabayun::summary::summarize;

/// The bidi controls and directional marks (the one table).
fn bidi_chars() -> impl Iterator<Item = char> {
    bidi_controls().map(|(c, _)| c)
}

// ---------------------------------------------------------------------------------------------
// Fixtures made by hand
// ---------------------------------------------------------------------------------------------

/// A small pair with every kind of mark: in-order shared text, an in-order variant, a moved
/// passage holding a moved variant, unique text on both sides, boilerplate, a segment that
/// spans an Arabic and an English line, and blank lines.
fn sample() -> Comparison {
    let a = [
        sh("الرئيس الصيني شي ", 1),
        va("جين بينغ", 6, false),
        un(" يدعو"),
        sh(
            " إلى تنسيق استراتيجي مع روسيا\nThe English paragraph stays here.\n",
            2,
        ),
        mv("قال يوري ", 3),
        va("أوشاكوف", 4, true),
        mv(" إن الزعيمين ناقشا الوضع", 5),
        un(" في أوكرانيا.\n"),
        bp("المصدر: صحيفة الاتحاد\n"),
    ];
    let b = [
        mv("قال يوري ", 3),
        va("أوتشاكوف", 4, true),
        mv(" إن الزعيمين ناقشا الوضع", 5),
        un(" اليوم الخميس.\n\n"),
        sh("الرئيس الصيني شي ", 1),
        va("جينبينغ", 6, false),
        un(" دعا"),
        sh(
            " إلى تنسيق استراتيجي مع روسيا\nThe English paragraph stays here.\n",
            2,
        ),
        bp("المصدر: السومرية\n"),
    ];
    let mut c = build_owned(
        &owned(&a),
        &owned(&b),
        ("seeds/a-article.txt", "seeds/b-article.txt"),
    );
    c.a.title = Some("الرئيس الصيني يدعو".to_owned());
    c.a.outlet = Some("صحيفة الاتحاد".to_owned());
    c
}

/// The hostile fixture on both sides, cut at every space into segments whose kinds cycle
/// through unique, boilerplate, shared and variant (linked to the same place on the other side),
/// with hostile file names, titles and outlets.
fn hostile() -> Comparison {
    let mut parts = Vec::new();
    let mut rest = HOSTILE;
    let mut k = 0u32;
    while !rest.is_empty() {
        let cut = rest.find(' ').map_or(rest.len(), |i| i + 1);
        let (piece, tail) = rest.split_at(cut);
        let (kind, key) = match k % 4 {
            0 => (SegmentKind::Unique, None),
            1 => (SegmentKind::Boilerplate, None),
            2 => (SegmentKind::Shared, Some(k)),
            _ => (SegmentKind::Variant, Some(k)),
        };
        parts.push((
            piece.to_owned(),
            kind,
            k % 8 == 7,
            key,
            (k % 8 == 7).then_some(k),
        ));
        rest = tail;
        k += 1;
    }
    let mut c = build_owned(
        &parts,
        &parts,
        ("evil/<b>hostile\u{202E}lmth.txt", "hostile'\"&.txt"),
    );
    c.a.title = Some("<script>alert('title')</script>\u{202E}عنوان".to_owned());
    c.b.outlet = Some("<img src=x onerror=alert(1)>\u{2067}".to_owned());
    c.a.encoding = "UTF-8\u{202D}<i>".to_owned();
    c.fallbacks = vec!["<script>alert('fallback')</script>".to_owned()];
    c
}

fn html_of(c: &Comparison, o: &ReportOptions) -> String {
    let mut out = Vec::new();
    html::write(c, o, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn md_of(c: &Comparison) -> String {
    let mut out = Vec::new();
    markdown::write(c, &opts(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(e: ElementRef) -> String {
    e.text().collect()
}

fn ids(doc: &Html) -> HashSet<String> {
    doc.select(&sel("[id]"))
        .filter_map(|e| e.value().id().map(str::to_owned))
        .collect()
}

/// Every `href` is a fragment whose target exists; no remote or script URL anywhere.
fn assert_links_resolve(doc: &Html) {
    let ids = ids(doc);
    for e in doc.select(&sel("[href], [src]")) {
        for name in ["href", "src"] {
            let Some(v) = e.value().attr(name) else {
                continue;
            };
            assert!(
                !v.contains("http://") && !v.contains("https://"),
                "remote URL {v}"
            );
            assert!(
                !v.trim_start().to_lowercase().starts_with("javascript:"),
                "{v}"
            );
            let id = v
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("non-fragment {name}={v}"));
            assert!(ids.contains(id), "{name}={v} points nowhere");
        }
    }
}

/// Every unique passage of the summary is listed with a link whose target exists.
fn assert_summary_lists_passages(c: &Comparison, doc: &Html) {
    let s = summarize(c);
    let ids = ids(doc);
    let links: Vec<(String, String)> = doc
        .select(&sel("#summary a[href]"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or("").to_owned(),
                squash(&text_of(a)),
            )
        })
        .collect();
    for p in s.only_a.iter().chain(&s.only_b) {
        let prefix = if p.side == tabayun::model::Which::A {
            "a"
        } else {
            "b"
        };
        let href = format!("#{prefix}-s{}", p.first_segment);
        assert!(ids.contains(&href[1..]), "{href} has no target");
        assert!(
            links
                .iter()
                .any(|(h, t)| *h == href && *t == squash(&p.text)),
            "passage {:?} not listed with {href}",
            p.text
        );
    }
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

#[test]
fn html_has_both_sides_header_and_self_contained_head() {
    let c = sample();
    let out = html_of(&c, &opts());
    let doc = Html::parse_document(&out);
    assert!(doc.select(&sel("#side-a .text p")).next().is_some());
    assert!(doc.select(&sel("#side-b .text p")).next().is_some());
    let header = squash(&text_of(doc.select(&sel("header")).next().unwrap()));
    for needle in [
        "a-article.txt",
        "b-article.txt",
        "الرئيس الصيني يدعو",
        "صحيفة الاتحاد",
        "UTF-8",
        &"0".repeat(64),
        "2024-02-08",
        concat!("tabayun ", env!("CARGO_PKG_VERSION")),
        "Ignore diacritics: on",
        "Shortest moved passage (words): 4",
    ] {
        assert!(header.contains(needle), "header lacks {needle:?}: {header}");
    }
    let csp = doc
        .select(&sel("meta[http-equiv='Content-Security-Policy']"))
        .next()
        .unwrap();
    assert_eq!(
        csp.value().attr("content"),
        Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:")
    );
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(
        doc.select(&sel("link, img, iframe, object, embed")).count(),
        0
    );
    assert!(out.contains("@page { size: A4 landscape"));
    assert!(out.contains("prefers-color-scheme: dark"));
    assert!(out.contains("\"Noto Naskh Arabic\""));
    assert!(!out.contains("http://") && !out.contains("https://"));
}

#[test]
fn html_marks_every_kind_and_links_counterparts_both_ways() {
    let c = sample();
    let doc = Html::parse_document(&html_of(&c, &opts()));
    assert_links_resolve(&doc);
    for (which, side, other) in [("a", &c.a, "b"), ("b", &c.b, "a")] {
        for (i, seg) in side.segments.iter().enumerate() {
            let id = format!("{which}-s{i}");
            let el = doc
                .select(&sel(&format!("#{id}")))
                .next()
                .unwrap_or_else(|| panic!("no element #{id}"));
            let class = el.value().attr("class").unwrap_or("");
            let want = match (seg.kind, seg.moved) {
                (SegmentKind::Unique, _) => "un",
                (SegmentKind::Boilerplate, _) => "bp",
                (SegmentKind::Variant, _) => "va",
                (SegmentKind::Shared, true) => "mv",
                (SegmentKind::Shared, false) => "sh",
            };
            assert!(class.split(' ').any(|c| c == want), "#{id} class {class:?}");
            let href = el.value().attr("href");
            assert_eq!(
                href,
                seg.link.map(|k| format!("#{other}-s{k}")).as_deref(),
                "#{id}"
            );
        }
    }
    let legend = squash(&text_of(doc.select(&sel(".legend")).next().unwrap()));
    for word in ["shared", "moved", "variant", "unique", "boilerplate"] {
        assert!(legend.contains(word), "legend lacks {word}");
    }
}

#[test]
fn html_sets_paragraph_direction_per_line() {
    let c = sample();
    let doc = Html::parse_document(&html_of(&c, &opts()));
    let mut seen = (0, 0);
    for p in doc.select(&sel("#side-a .text p, #side-b .text p")) {
        let text = text_of(p);
        let dir = p.value().attr("dir");
        if text.trim_start().starts_with("The English") {
            assert_eq!(dir, Some("ltr"), "{text}");
            seen.0 += 1;
        } else {
            assert_eq!(dir, Some("rtl"), "{text}");
            seen.1 += 1;
        }
    }
    assert_eq!(seen.0, 2, "one English paragraph per side");
    assert!(seen.1 >= 6);
    // The English line lives in a segment that starts on an Arabic line: it is split there.
    assert_eq!(
        doc.select(&sel("#side-a p"))
            .map(|p| squash(&text_of(p)))
            .collect::<Vec<_>>(),
        vec![
            "الرئيس الصيني شي جين بينغ يدعو إلى تنسيق استراتيجي مع روسيا",
            "The English paragraph stays here.",
            "قال يوري أوشاكوف إن الزعيمين ناقشا الوضع في أوكرانيا.",
            "المصدر: صحيفة الاتحاد",
        ]
    );
}

#[test]
fn html_summary_lists_passages_with_working_anchors() {
    let c = sample();
    let doc = Html::parse_document(&html_of(&c, &opts()));
    assert_summary_lists_passages(&c, &doc);
    let summary = squash(&text_of(doc.select(&sel("#summary")).next().unwrap()));
    for needle in [
        "Similarity",
        "Only in A",
        "Only in B",
        "Moved passages",
        "Spelling variants",
    ] {
        assert!(summary.contains(needle), "summary lacks {needle}");
    }
    assert!(summary.contains("Example note from the engine."));
}

#[test]
fn html_inline_layout_interleaves_and_keeps_every_anchor() {
    let c = sample();
    let o = ReportOptions {
        inline: true,
        ..opts()
    };
    let doc = Html::parse_document(&html_of(&c, &o));
    assert_links_resolve(&doc);
    assert!(doc.select(&sel("main.inline")).next().is_some());
    assert!(doc.select(&sel("#side-a, #side-b")).next().is_none());
    let ids = ids(&doc);
    for i in 0..c.a.segments.len() {
        assert!(ids.contains(&format!("a-s{i}")));
    }
    for j in 0..c.b.segments.len() {
        assert!(ids.contains(&format!("b-s{j}")));
    }
    let text = squash(&text_of(
        doc.select(&sel("main.inline .text")).next().unwrap(),
    ));
    // B's moved and unique text first, then the in-order line with A's and B's variant and
    // unique words side by side, then A's moved passage, boilerplate of both.
    let order = [
        "أوتشاكوف",
        "اليوم الخميس",
        "جين بينغ",
        "جينبينغ",
        "يدعو",
        "دعا",
        "أوشاكوف",
    ];
    let mut at = 0;
    for word in order {
        let pos = text[at..]
            .find(word)
            .unwrap_or_else(|| panic!("{word} out of order: {text}"));
        at += pos + word.len();
    }
    assert_eq!(
        text.matches("إلى تنسيق استراتيجي").count(),
        1,
        "in-order text once"
    );
    let removed: Vec<String> = doc.select(&sel(".seg.un.a")).map(|e| text_of(e)).collect();
    assert!(removed.iter().any(|t| t.contains("يدعو")));
    let added: Vec<String> = doc.select(&sel(".seg.un.b")).map(|e| text_of(e)).collect();
    assert!(added.iter().any(|t| t.contains("دعا")));
}

#[test]
fn html_escapes_hostile_articles() {
    let c = hostile();
    for inline in [false, true] {
        let out = html_of(&c, &ReportOptions { inline, ..opts() });
        for ch in bidi_chars() {
            assert!(!out.contains(ch), "raw U+{:04X} in the output", ch as u32);
        }
        let doc = Html::parse_document(&out);
        assert_eq!(
            doc.select(&sel("script, img, svg, iframe, link, a[onclick]"))
                .count(),
            0
        );
        assert_eq!(doc.select(&sel("style")).count(), 1);
        assert_eq!(doc.select(&sel("body b, body i")).count(), 0);
        for e in doc.select(&sel("*")) {
            for (name, value) in e.value().attrs() {
                assert!(!name.starts_with("on"), "event handler {name}={value}");
            }
        }
        assert_links_resolve(&doc);
        let body = text_of(doc.select(&sel("body")).next().unwrap());
        // Single tokens survive the inline layout, which interleaves A's and B's copies.
        let tokens = [
            "<script>document.body.setAttribute('data-pwned','1')</script>",
            "onerror=\"document.body.setAttribute('data-pwned','2')\">",
            "</style><style>body{display:none}</style>",
            "href=\"javascript:document.body.setAttribute('data-pwned','3')\">",
            "⟦RLO⟧txt.exe⟦PDF⟧",
            "و⟦LRI⟧LRI⟦PDI⟧",
            "<script>alert('fallback')</script>",
        ];
        let phrases = [
            "<!-- هذا التعليق يجب أن يظهر",
            "<a href=\"javascript:document.body.setAttribute('data-pwned','3')\">اضغط هنا</a>",
            "\"quotes\" & 'apostrophes' and <b>tags</b>",
        ];
        let phrases: &[&str] = if inline { &[] } else { &phrases };
        for needle in tokens.iter().chain(phrases) {
            assert!(
                body.contains(needle),
                "inline={inline}: text lacks {needle:?}"
            );
        }
        let names: HashSet<&str> = doc
            .select(&sel("span.ctl"))
            .filter_map(|e| e.value().attr("title"))
            .collect();
        for short in [
            "U+202E RIGHT-TO-LEFT OVERRIDE",
            "U+2066 LEFT-TO-RIGHT ISOLATE",
        ] {
            assert!(names.contains(short), "no marker titled {short}");
        }
        let title = text_of(doc.select(&sel("title")).next().unwrap());
        assert!(title.contains("hostile⟦RLO⟧lmth.txt"), "{title}");
        let header = text_of(doc.select(&sel("header")).next().unwrap());
        assert!(
            header.contains("<script>alert('title')</script>⟦RLO⟧عنوان"),
            "{header}"
        );
        assert!(
            header.contains("<img src=x onerror=alert(1)>⟦RLI⟧"),
            "{header}"
        );
        assert!(header.contains("hostile'\"&.txt"));
        assert!(!out.contains("<script") && !out.contains("<img"));
    }
}

#[test]
fn html_marker_for_every_bidi_control() {
    let text: String = bidi_chars().map(|c| format!("x{c}")).collect();
    let parts = vec![(text, SegmentKind::Unique, false, None, None)];
    let c = build_owned(&parts, &parts, ("a.txt", "b.txt"));
    let out = html_of(&c, &opts());
    let doc = Html::parse_document(&out);
    let markers: Vec<String> = doc
        .select(&sel("#side-a span.ctl"))
        .map(|e| text_of(e))
        .collect();
    assert_eq!(
        markers,
        [
            "⟦LRM⟧",
            "⟦RLM⟧",
            "⟦ALM⟧",
            "⟦LRE⟧",
            "⟦RLE⟧",
            "⟦PDF⟧",
            "⟦LRO⟧",
            "⟦RLO⟧",
            "⟦LRI⟧",
            "⟦RLI⟧",
            "⟦FSI⟧",
            "⟦PDI⟧"
        ]
    );
}

/// Issue 9: an "Only in" entry that begins with Latin text was left-aligned among right-aligned
/// Arabic ones (each entry took the direction of its first letter). A list takes the direction
/// of its article.
#[test]
fn html_passage_lists_take_the_direction_of_their_article() {
    let a = [
        un("CNN قالت إن الاتصال استمر ساعة\n"),
        sh("الرئيس الصيني شي جين بينغ يدعو إلى تنسيق استراتيجي\n", 1),
        un("نص عربي لا يوجد في المقال الآخر\n"),
    ];
    let b = [sh(
        "الرئيس الصيني شي جين بينغ يدعو إلى تنسيق استراتيجي\n",
        1,
    )];
    let c = build_owned(&owned(&a), &owned(&b), ("a.txt", "b.txt"));
    let doc = Html::parse_document(&html_of(&c, &opts()));
    let list = doc
        .select(&sel("#only-a + ol"))
        .next()
        .expect("the Only in A list");
    assert_eq!(list.value().attr("dir"), Some("rtl"));
    let items: Vec<_> = list.select(&sel("li")).collect();
    assert_eq!(items.len(), 2);
    assert!(text_of(items[0]).starts_with("CNN") || text_of(items[1]).starts_with("CNN"));
    assert!(items.iter().all(|li| li.value().attr("dir").is_none()));
}

#[test]
fn html_date_defaults_to_today_in_utc() {
    let c = sample();
    let doc = Html::parse_document(&html_of(&c, &ReportOptions::default()));
    let date = text_of(doc.select(&sel("header time")).next().unwrap());
    let b = date.as_bytes();
    assert_eq!(b.len(), 10, "{date}");
    assert!(
        b[4] == b'-' && b[7] == b'-' && date.starts_with("20"),
        "{date}"
    );
}

#[test]
fn html_survives_odd_segments() {
    // Empty sides, a whitespace-only linked segment, a link out of range.
    let mut c = build_owned(&[], &[], ("a.txt", "b.txt"));
    let doc = Html::parse_document(&html_of(&c, &opts()));
    assert_links_resolve(&doc);
    c = build_owned(
        &owned(&[sh("\n\n", 1), un("نص\n")]),
        &owned(&[sh(" ", 1), un("text")]),
        ("a.txt", "b.txt"),
    );
    c.b.segments[1].link = Some(99);
    for inline in [false, true] {
        let doc = Html::parse_document(&html_of(&c, &ReportOptions { inline, ..opts() }));
        assert_links_resolve(&doc);
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

#[test]
fn markdown_has_summary_legend_and_word_diff() {
    let c = sample();
    let md = md_of(&c);
    for needle in [
        "# Comparison report",
        "Created 2024-02-08 with tabayun",
        "## Summary",
        "### Only in A",
        "### Only in B",
        "## Legend",
        "~~struck through~~: only in A",
        "**bold**: only in B",
        "*italic*: moved",
        "## Word diff",
        "<div dir=\"rtl\">",
        "{~~جين بينغ~~/**جينبينغ**}",
        "~~يدعو~~ **دعا**",
        "~~*أوشاكوف*~~",
        "*أوتشاكوف*",
        "**اليوم الخميس**.",
        "\\[المصدر: صحيفة الاتحاد\\]",
        "\n\nThe English paragraph stays here.\n\n",
    ] {
        assert!(md.contains(needle), "markdown lacks {needle:?}:\n{md}");
    }
    for p in summarize(&c).only_a.iter().chain(&summarize(&c).only_b) {
        assert!(md.contains(p.text.trim()), "passage {:?} missing", p.text);
    }
    // The English paragraph is not wrapped in an RTL block.
    assert!(!md.contains("<div dir=\"rtl\">\n\nThe English"));
}

/// The hostile fixture as one unique segment on each side.
fn hostile_whole() -> Comparison {
    let parts = vec![(HOSTILE.to_owned(), SegmentKind::Unique, false, None, None)];
    build_owned(&parts, &parts, ("hostile.txt", "other.txt"))
}

#[test]
fn markdown_escapes_hostile_articles() {
    for c in [hostile(), hostile_whole()] {
        let md = md_of(&c);
        for ch in bidi_chars() {
            assert!(!md.contains(ch), "raw U+{:04X}", ch as u32);
        }
        assert!(md.contains("⟦RLO⟧"));
        // The only raw HTML is the RTL wrapper.
        let stripped = md.replace("<div dir=\"rtl\">", "").replace("</div>", "");
        let bytes = stripped.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'<' {
                assert!(
                    i > 0 && bytes[i - 1] == b'\\',
                    "unescaped '<': {}",
                    &stripped[i..]
                );
            }
        }
        // No article line turns into a list, heading, quote, table or code block.
        let diff = &md[md.find("## Word diff").unwrap() + 13..];
        for line in diff.lines() {
            for marker in ["1.", "-", "+", "#", ">", "|", "    ", "```", "<!--"] {
                assert!(
                    !line.starts_with(marker),
                    "line starts with {marker:?}: {line}"
                );
            }
        }
    }
    let md = md_of(&hostile_whole());
    for needle in [
        "\\<script\\>document.body.setAttribute('data-pwned','1')\\</script\\>",
        "\\[not a link\\](javascript:alert(2))",
        "\\`code\\`",
        "\\# ~~Not a heading \\| not \\| a table \\| \\*not emphasis\\*",
        "~~1. not a list~~",
        "\\- ~~not a list either~~",
        "\\&amp; \\$x",
        "\\<!-- هذا التعليق",
        "⟦RLO⟧txt.exe⟦PDF⟧",
    ] {
        assert!(md.contains(needle), "markdown lacks {needle:?}:\n{md}");
    }
}

// ---------------------------------------------------------------------------------------------
// The engine on the seeds
// ---------------------------------------------------------------------------------------------

#[test]
fn seeds_html_report() {
    let c = seeds();
    let doc = Html::parse_document(&html_of(&c, &opts()));
    assert!(text_of(doc.select(&sel("#side-a")).next().unwrap()).contains("الرئيس الصيني"));
    assert!(text_of(doc.select(&sel("#side-b")).next().unwrap()).contains("أوتشاكوف"));
    assert_links_resolve(&doc);
    assert_summary_lists_passages(&c, &doc);
    let s = summarize(&c);
    assert!(
        !s.only_a.is_empty() && !s.only_b.is_empty(),
        "seeds have unique passages"
    );
    let dirs: Vec<Option<&str>> = doc
        .select(&sel(".text p"))
        .map(|p| p.value().attr("dir"))
        .collect();
    assert!(dirs.len() > 20);
    assert!(dirs.iter().all(|d| *d == Some("rtl")), "{dirs:?}");
    let inline = Html::parse_document(&html_of(
        &c,
        &ReportOptions {
            inline: true,
            ..opts()
        },
    ));
    assert_links_resolve(&inline);
    assert_summary_lists_passages(&c, &inline);
}

#[test]
fn seeds_markdown_report() {
    let c = seeds();
    let md = md_of(&c);
    let s = summarize(&c);
    // Each list has one numbered line per passage, in order, holding its words and count.
    for (title, passages) in [("Only in A", &s.only_a), ("Only in B", &s.only_b)] {
        let heading = format!("### {title} ({})\n\n", passages.len());
        let at = md
            .find(&heading)
            .unwrap_or_else(|| panic!("no {heading:?}"))
            + heading.len();
        let lines: Vec<&str> = md[at..].lines().take_while(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), passages.len(), "{title}: {lines:?}");
        for (n, (line, p)) in lines.iter().zip(passages.iter()).enumerate() {
            assert!(line.starts_with(&format!("{}. ", n + 1)), "{line}");
            let count = tabayun::report::content::words_label(p.words);
            assert!(line.ends_with(&format!(" ({count})")), "{line}");
            for word in p.text.split_whitespace() {
                let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
                assert!(
                    line.contains(&letters),
                    "{title}: {letters:?} not in {line}"
                );
            }
        }
    }
    assert!(md.contains("## Legend") && md.contains("<div dir=\"rtl\">"));
}

#[test]
fn seeds_hostile_against_seed_a_is_escaped() {
    let c = hostile_vs_seed_a();
    let out = html_of(&c, &opts());
    assert!(!out.contains("<script") && !out.contains("<img"));
    assert!(bidi_chars().all(|ch| !out.contains(ch)));
    let doc = Html::parse_document(&out);
    assert_links_resolve(&doc);
    let side_a = text_of(doc.select(&sel("#side-a")).next().unwrap());
    assert!(side_a.contains("<script>document.body.setAttribute('data-pwned','1')</script>"));
}

// ---------------------------------------------------------------------------------------------
// Writing files
// ---------------------------------------------------------------------------------------------

#[test]
fn write_file_is_atomic_and_leaves_no_temp_file() {
    let scratch = Scratch::new("report-atomic");
    let dir = scratch.dir();
    let c = sample();
    let path = dir.join("report.html");
    std::fs::write(&path, "old").unwrap();
    write_file(&c, Format::Html, &opts(), &path).unwrap();
    assert_eq!(entries(dir), ["report.html"]);
    let mut expected = Vec::new();
    report::write(&c, Format::Html, &opts(), &mut expected).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), expected);
    for (name, format) in [("r.md", Format::Markdown), ("r.json", Format::Json)] {
        write_file(&c, format, &opts(), &dir.join(name)).unwrap();
    }
    assert_eq!(entries(dir), ["r.json", "r.md", "report.html"]);
    // The report gets the permissions of any new file (not a temporary file's private ones).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        std::fs::write(dir.join("plain"), "x").unwrap();
        assert_eq!(mode(&dir.join("r.md")), mode(&dir.join("plain")));
    }
}

#[test]
fn write_file_into_missing_folder_fails_clearly() {
    let scratch = Scratch::new("report-missing");
    let dir = scratch.dir();
    let path = dir.join("no-such-folder").join("report.html");
    let err = write_file(&sample(), Format::Html, &opts(), &path).unwrap_err();
    assert!(matches!(err, ExportError::NoFolder(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("folder does not exist: "), "{msg}");
    assert!(msg.ends_with("no-such-folder"), "{msg}");
    assert_eq!(entries(dir), Vec::<String>::new());
    // A folder in the way of the report file.
    std::fs::create_dir(dir.join("taken.html")).unwrap();
    let err = write_file(&sample(), Format::Html, &opts(), &dir.join("taken.html")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot write report (is a folder): "),
        "{err}"
    );
    assert_eq!(entries(dir), ["taken.html"]);
}

#[cfg(unix)]
#[test]
fn write_file_into_read_only_folder_fails_clearly() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("report-readonly");
    let dir = scratch.dir();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "NOTE: write_file_into_read_only_folder_fails_clearly: the read-only check was \
             SKIPPED because this user (root?) can write into a read-only folder"
        );
        return;
    }
    let path = dir.join("report.html");
    let err = write_file(&sample(), Format::Html, &opts(), &path).unwrap_err();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot write report (permission denied): {}",
            path.display()
        )
    );
    assert_eq!(entries(dir), Vec::<String>::new());
}

#[test]
fn formats_and_default_file_names() {
    for (p, f) in [
        ("x/report.html", Some(Format::Html)),
        ("report.HTM", Some(Format::Html)),
        ("r.md", Some(Format::Markdown)),
        ("r.markdown", Some(Format::Markdown)),
        ("r.json", Some(Format::Json)),
        ("r.txt", Some(Format::Text)),
        ("r.pdf", Some(Format::Pdf)),
        ("r.PDF", Some(Format::Pdf)),
        ("r.docx", None),
        ("report", None),
    ] {
        assert_eq!(format_from_path(Path::new(p)), f, "{p}");
    }
    assert_eq!(
        default_file_name(&sample(), Format::Html),
        "a-article-vs-b-article.html"
    );
    assert_eq!(
        default_file_name(&sample(), Format::Markdown),
        "a-article-vs-b-article.md"
    );
    assert_eq!(
        default_file_name(&hostile(), Format::Json),
        "_b_hostile_lmth-vs-hostile'_&.json"
    );
}

// ---------------------------------------------------------------------------------------------
// Byte-identical output
// ---------------------------------------------------------------------------------------------

/// Where the expected reports live.
const REPORT_FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reports");

/// A comparison of two corpus files through the loader and the engine.
fn corpus_pair(a: &str, b: &str) -> Comparison {
    let load = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        tabayun::load::from_bytes(name, &bytes, &Default::default()).unwrap()
    };
    tabayun::engine::compare(&load(a), &load(b), &MatchOptions::default())
}

/// Control characters, directional marks and replacement characters in article text, a title
/// and a file name.
fn controls() -> Comparison {
    let a = [
        sh("قال\u{7}الرئيس \u{1B}[31mأحمر ", 1),
        un("نص\u{7F}فيه \u{85}سطر\u{200E}و\u{200F}و\u{061C} "),
        sh("الكلمة ال\u{FFFD}روسية\n", 2),
    ];
    let b = [
        sh("قال\u{7}الرئيس \u{1B}[31mأحمر ", 1),
        un("\u{0}صفر\u{1F} "),
        sh("الكلمة ال\u{FFFD}روسية\n", 2),
    ];
    let mut c = build_owned(&owned(&a), &owned(&b), ("bell\u{7}a.txt", "b\u{9D}.txt"));
    c.a.title = Some("عنوان\u{1B}[2J".to_owned());
    c.a.replaced = 1;
    c.b.replaced = 1;
    c
}

/// Every comparison whose reports are kept as fixtures.
fn fixture_cases() -> Vec<(&'static str, Comparison)> {
    let mut odd = build_owned(
        &owned(&[sh("\n\n", 1), un("نص\n")]),
        &owned(&[sh(" ", 1), un("text")]),
        ("a.txt", "b.txt"),
    );
    odd.b.segments[1].link = Some(99);
    vec![
        ("seeds", seeds()),
        ("sample", sample()),
        ("hostile", hostile()),
        ("hostile-whole", hostile_whole()),
        ("hostile-vs-seed-a", hostile_vs_seed_a()),
        (
            "trojan-source",
            corpus_pair("bidi-trojan-source.txt", "bidi-trojan-source-stripped.txt"),
        ),
        (
            "invalid-utf8",
            corpus_pair("invalid-utf8-mid-arabic.txt", "arabic-clean.txt"),
        ),
        ("controls", controls()),
        ("empty", build_owned(&[], &[], ("a.txt", "b.txt"))),
        ("odd", odd),
    ]
}

/// Each report of `c`: file suffix and bytes.
fn all_reports(c: &Comparison) -> Vec<(&'static str, Vec<u8>)> {
    let formats = [
        ("txt", Format::Text, false, false),
        ("color.txt", Format::Text, true, false),
        ("json", Format::Json, false, false),
        ("md", Format::Markdown, false, false),
        ("html", Format::Html, false, false),
        ("inline.html", Format::Html, false, true),
    ];
    formats
        .into_iter()
        .map(|(suffix, format, color, inline)| {
            let o = ReportOptions {
                color,
                inline,
                ..opts()
            };
            let mut out = Vec::new();
            report::write(c, format, &o, &mut out).unwrap();
            (suffix, out)
        })
        .collect()
}

/// Every report of every fixture case is byte for byte the one in `tests/fixtures/reports/`
/// (`<case>.<format>.expected`: not named `.html`, so tools do not take them for source).
/// `TABAYUN_BLESS=1` writes the current output there instead (then review `git diff`).
#[test]
fn reports_are_byte_identical_to_the_fixtures() {
    let bless = std::env::var("TABAYUN_BLESS").as_deref() == Ok("1");
    let mut differ = Vec::new();
    for (case, c) in fixture_cases() {
        for (suffix, out) in all_reports(&c) {
            let path = Path::new(REPORT_FIXTURES).join(format!("{case}.{suffix}.expected"));
            if bless {
                std::fs::create_dir_all(REPORT_FIXTURES).unwrap();
                std::fs::write(&path, &out).unwrap();
            } else if std::fs::read(&path).ok().as_deref() != Some(&out[..]) {
                differ.push(path.display().to_string());
            }
        }
    }
    assert!(
        differ.is_empty(),
        "reports differ from the fixtures (TABAYUN_BLESS=1 rewrites them): {differ:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

/// The 100k-word pair in every format, in one pass over the text: each report is at most a
/// few times the size of the articles, and even a debug build on a loaded machine writes it in
/// well under a minute (it takes a fraction of a second; a quadratic step would take hours).
/// The timing itself is `cargo bench --bench report`.
#[test]
fn writes_a_100k_word_report_in_one_pass() {
    let c = big();
    assert!(c.a.text.split_whitespace().count() >= 100_000);
    let input = c.a.text.len() + c.b.text.len();
    for (name, format, inline) in [
        ("html", Format::Html, false),
        ("html inline", Format::Html, true),
        ("markdown", Format::Markdown, false),
        ("text", Format::Text, false),
    ] {
        let mut out = Vec::with_capacity(8 << 20);
        let o = ReportOptions { inline, ..opts() };
        let t = Instant::now();
        report::write(&c, format, &o, &mut out).unwrap();
        let elapsed = t.elapsed();
        assert!(out.len() < 20 * input, "{name}: {} bytes", out.len());
        assert!(elapsed.as_secs() < 60, "{name} took {elapsed:?}");
    }
}
