//! The HTML exporter: `report::html::write` of a comparison of fuzzed texts (and fuzzed file
//! names) is a document html5ever parses into only the report's own elements and attributes:
//! no `<script>`, no event-handler attribute, no link out of the page, and no raw bidi control
//! (every one is shown as a marker). Article text only ever lands in text nodes and escaped
//! `title` values.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use scraper::{Html, Node};
use tabayun::engine;
use tabayun::model::MatchOptions;
use tabayun::report::ReportOptions;
use tabayun_fuzz::{Opts, Text, check_comparison, document, is_bidi_control};

#[derive(Arbitrary, Debug)]
struct Input {
    opts: Opts,
    inline: bool,
    path_a: String,
    a: Text,
    b: Text,
}

/// Every element the report writes.
const ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "time",
    "table", "thead", "tbody", "tr", "th", "td", "bdi", "ul", "ol", "li", "section", "div",
    "strong", "small", "a", "span", "main", "article", "br",
];

/// Every class the report uses.
const CLASSES: &[&str] = &[
    "cols",
    "counts",
    "ctl",
    "hash",
    "inline",
    "legend",
    "meta",
    "none",
    "notes",
    "options",
    "overview",
    "pair",
    "passage",
    "passages",
    "seg",
    "sh",
    "mv",
    "va",
    "un",
    "bp",
    "a",
    "b",
    "side",
    "similarity",
    "small",
    "sources",
    "text",
    "variants",
];

/// Attributes with fixed values, and those values.
const FIXED: &[(&str, &[&str])] = &[
    ("lang", &["en"]),
    ("charset", &["utf-8"]),
    ("http-equiv", &["Content-Security-Policy"]),
    ("name", &["viewport", "color-scheme", "generator"]),
    ("scope", &["col", "row"]),
    ("aria-label", &["Legend"]),
    ("dir", &["rtl", "ltr", "auto"]),
];

fn is_id(v: &str) -> bool {
    !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fuzz_target!(|input: Input| {
    let opts = MatchOptions::from(input.opts);
    let a = document(&input.path_a, input.a.render());
    let b = document(
        "dir/<b onmouseover=alert(1)>\u{202E}txt.html",
        input.b.render(),
    );
    let c = engine::compare(&a, &b, &opts);
    check_comparison(&c);
    let report_opts = ReportOptions {
        inline: input.inline,
        date: Some("2024-02-08".to_owned()),
        ..ReportOptions::default()
    };
    let mut out = Vec::new();
    tabayun::report::html::write(&c, &report_opts, &mut out).expect("writes to memory");
    let out = String::from_utf8(out).expect("UTF-8 report");

    assert!(
        !out.contains(is_bidi_control),
        "raw bidi control in the report"
    );
    assert!(
        !out.to_ascii_lowercase().contains("<script"),
        "<script in the report"
    );

    let doc = Html::parse_document(&out);
    let (mut styles, mut metas) = (0, 0);
    for node in doc.tree.nodes() {
        let el = match node.value() {
            Node::Element(el) => el,
            Node::Comment(c) => panic!("comment in the report: {c:?}"),
            Node::ProcessingInstruction(p) => panic!("processing instruction: {p:?}"),
            _ => continue,
        };
        let name = el.name();
        assert!(ELEMENTS.contains(&name), "unexpected element <{name}>");
        styles += usize::from(name == "style");
        metas += usize::from(name == "meta");
        for (attr, value) in el.attrs() {
            assert!(
                !attr.starts_with("on"),
                "event handler {attr}={value:?} on <{name}>"
            );
            match attr {
                "class" => {
                    for class in value.split_whitespace() {
                        assert!(CLASSES.contains(&class), "unexpected class {class:?}");
                    }
                }
                "id" => assert!(is_id(value), "id {value:?}"),
                "href" => assert!(
                    value.strip_prefix('#').is_some_and(is_id),
                    "href {value:?} leaves the page"
                ),
                // Escaped text (variant counterparts, bidi marker names).
                "title" => assert!(!value.contains(is_bidi_control)),
                "content" => assert_eq!(name, "meta"),
                _ => {
                    let allowed = FIXED
                        .iter()
                        .find(|(a, _)| *a == attr)
                        .unwrap_or_else(|| panic!("unexpected attribute {attr}={value:?}"));
                    assert!(allowed.1.contains(&value), "{attr}={value:?}");
                }
            }
        }
    }
    assert_eq!(styles, 1, "one style sheet");
    assert_eq!(metas, 5, "the report's own meta elements only");
    // The file name lands in the title as text.
    let title = doc
        .select(&scraper::Selector::parse("title").expect("selector"))
        .next()
        .expect("a title");
    assert!(title.text().collect::<String>().ends_with("tabayun report"));
});
