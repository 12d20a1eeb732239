//! Alignment: `engine::compare` of two fuzzed texts never panics and its result keeps the
//! contract (segments tile the texts, links symmetric, kinds valid, moved only on shared and
//! variant text); the text, JSON and Markdown exporters accept every result.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tabayun::engine;
use tabayun::model::MatchOptions;
use tabayun::report::{self, Format, ReportOptions};
use tabayun_fuzz::{Opts, Text, check_comparison, document, is_bidi_control};

#[derive(Arbitrary, Debug)]
struct Input {
    opts: Opts,
    a: Text,
    b: Text,
    /// Use B = A, to check that identical texts compare as identical.
    same: bool,
}

fuzz_target!(|input: Input| {
    let opts = MatchOptions::from(input.opts);
    let a = input.a.render();
    let b = if input.same {
        a.clone()
    } else {
        input.b.render()
    };
    let c = engine::compare(&document("a.txt", a), &document("b.txt", b), &opts);
    check_comparison(&c);
    if c.a.text == c.b.text {
        assert!(c.identical, "same text is identical");
        assert_eq!(c.stats.a, c.stats.b, "same text, same counts");
        assert_eq!(c.stats.a.unique, 0, "same text has no unique words");
        assert_eq!(c.stats.a.moved, 0, "same text has no moved words");
    }
    let report_opts = ReportOptions {
        date: Some("2024-02-08".to_owned()),
        ..ReportOptions::default()
    };
    for format in [Format::Text, Format::Json, Format::Markdown] {
        let mut out = Vec::new();
        report::write(&c, format, &report_opts, &mut out).expect("writes to memory");
        let out = String::from_utf8(out).expect("UTF-8 report");
        if format == Format::Markdown {
            assert!(
                !out.contains(is_bidi_control),
                "raw bidi control in Markdown"
            );
        }
    }
});
