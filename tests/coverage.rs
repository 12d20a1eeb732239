//! `tabayun coverage` end to end: exit codes, errors, formats, `--base`, the story file, and the
//! acceptance checks on the example story (Alsumaria's containment framing is its own, the
//! passages every article carries are core, the pair similarities are `tabayun diff`'s); the
//! HTML story report in headless Chromium (SKIPPED without a browser unless
//! `TABAYUN_REQUIRE_RENDERER=1`).

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::chromium::{self, browser};
use common::{STORY, Scratch, assert_error, assert_no_panic, report_opts, tabayun};
use scraper::{Html, Selector};
use serde_json::Value;
use tabayun::engine::Control;
use tabayun::load::{self, LoadOptions};
use tabayun::model::MatchOptions;
use tabayun::report::coverage::{self, CoverageJson};
use tabayun::report::{Format, ReportOptions};
use tabayun::story::file::{self as story_file, ArticleProblem, StoryFile};
use tabayun::story::{Story, StoryKind};

fn json_of(args: &[&str]) -> (CoverageJson, i32) {
    let out = tabayun(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic(out.status, &stderr);
    let j: CoverageJson = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("coverage JSON ({e}); stderr: {stderr}"));
    if let Err(breach) = j.check() {
        panic!("the coverage JSON breaks the contract: {breach}");
    }
    (j, out.status.code().unwrap_or(-1))
}

fn story_json() -> CoverageJson {
    let mut args = vec!["coverage", "--format", "json"];
    args.extend(STORY);
    let (j, code) = json_of(&args);
    assert_eq!(code, 1);
    j
}

fn example_story() -> Story {
    let docs = STORY
        .iter()
        .map(|p| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
            Arc::new(load::load_path(&path, &LoadOptions::default()).expect("loads"))
        })
        .collect();
    Story::compute(docs, 0, &MatchOptions::default(), &Control::default()).expect("computes")
}

/// The segments of article `a` that overlap the first occurrence of `phrase`.
fn segments_over<'j>(
    j: &'j CoverageJson,
    a: usize,
    phrase: &str,
) -> Vec<&'j tabayun::story::StorySegment> {
    let art = &j.articles[a];
    let at = art
        .text
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase} not in article {a}"));
    let end = at + phrase.len();
    art.segments
        .iter()
        .filter(|s| s.start < end && at < s.end)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Acceptance on the example story
// ---------------------------------------------------------------------------------------------

#[test]
fn alsumarias_containment_framing_is_carried_by_no_other_article() {
    let j = story_json();
    for phrase in ["سياسة الاحتواء المزدوج", "لكلّ من روسيا والصين"]
    {
        let segs = segments_over(&j, 1, phrase);
        assert!(!segs.is_empty());
        for s in segs {
            assert_eq!(s.kind, StoryKind::Body);
            assert!(
                s.carried_by.is_empty(),
                "{phrase}: carried by {:?}",
                s.carried_by
            );
        }
    }
    // And no constructed article has the words at all.
    for a in [0, 2, 3] {
        assert!(!j.articles[a].text.contains("الاحتواء المزدوج"));
    }
    let s = example_story();
    assert!(
        s.only_in(1)[0].text.contains("سياسة الاحتواء المزدوج"),
        "{}",
        s.only_in(1)[0].text
    );
}

#[test]
fn the_passages_every_article_carries_are_core() {
    let core_phrases = [
        "يتعين على البلدين السعي إلى تحقيق تنسيق استراتيجي وثيق والدفاع عن سيادتهما وأمنهما ومصالحهما التنموية",
        "يتعين على الجانبين أن يعارضا بحزم تدخل القوى الخارجية في الشؤون الداخلية",
    ];
    let j = story_json();
    for phrase in core_phrases {
        for a in 0..4 {
            for s in segments_over(&j, a, phrase) {
                let others: Vec<usize> = (0..4).filter(|&k| k != a).collect();
                assert_eq!(s.carried_by, others, "article {a}: {phrase}");
            }
        }
    }
    let s = example_story();
    let core = s.core_passages();
    for phrase in core_phrases {
        assert!(
            core.iter().any(|p| p.text.contains(phrase)),
            "{phrase} not in the core: {core:?}"
        );
    }
    // The text report lists them under its core heading.
    let mut args = vec!["coverage"];
    args.extend(STORY);
    let out = tabayun(&args);
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let core_section = &text[text.find("Core:").expect("a core section")
        ..text.find("Only in").expect("only-in sections")];
    for phrase in core_phrases {
        assert!(core_section.contains(phrase), "{core_section}");
    }
    // The wire's own text is small; Almarsad's added paragraph is its own.
    assert!(s.only_in(3)[0].text.contains("حجم التبادل التجاري"));
    assert!(
        s.dropped_by(3)
            .iter()
            .any(|p| p.text.contains("الوضع في أوكرانيا"))
    );
}

#[test]
fn pair_similarities_are_tabayun_diffs() {
    let j = story_json();
    assert_eq!(j.pairs.len(), 6);
    for p in &j.pairs {
        let out = tabayun(&["diff", STORY[p.a], STORY[p.b], "--format", "json"]);
        assert_eq!(out.status.code(), Some(1));
        let d: Value = serde_json::from_slice(&out.stdout).expect("diff JSON");
        assert_eq!(
            d["stats"]["similarity"].as_f64(),
            Some(p.similarity),
            "pair {} {}",
            p.a,
            p.b
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Exit codes, errors, formats
// ---------------------------------------------------------------------------------------------

#[test]
fn identical_articles_exit_0_and_different_ones_1() {
    let (j, code) = json_of(&["coverage", "--format", "json", STORY[0], STORY[0], STORY[0]]);
    assert_eq!(code, 0);
    assert!(j.identical);
    assert!(j.pairs.iter().all(|p| p.similarity == 1.0));
    let (j, code) = json_of(&["coverage", "--format", "json", STORY[0], STORY[1]]);
    assert_eq!(code, 1);
    assert!(!j.identical);
    assert_eq!(j.kind, "coverage");
    assert_eq!(j.version, 1);
}

#[test]
fn one_bad_file_among_four_is_an_error_and_nothing_is_written() {
    let dir = Scratch::new("coverage-bad");
    let report = dir.path("story.html");
    let report = report.to_str().expect("UTF-8");
    let out = tabayun(&[
        "coverage",
        STORY[0],
        STORY[1],
        "seeds/no-such-article.txt",
        STORY[3],
        "-o",
        report,
    ]);
    assert_error(&out, "no such file", "seeds/no-such-article.txt");
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
    // A binary file among them too.
    let bin = dir.file("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let out = tabayun(&["coverage", STORY[0], STORY[1], &bin, STORY[3], "-o", report]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.trim_end().ends_with(&bin), "{stderr}");
    assert_eq!(dir.entries(), vec!["image.txt".to_owned()]);
}

#[test]
fn too_few_or_too_many_articles_and_a_bad_base() {
    let out = tabayun(&["coverage", STORY[0]]);
    assert_eq!(out.status.code(), Some(2));
    let seventeen: Vec<&str> = std::iter::once("coverage").chain([STORY[0]; 17]).collect();
    let out = tabayun(&seventeen);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most 16 articles"));
    let out = tabayun(&["coverage", STORY[0], STORY[1], "--base", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("base"));
}

#[test]
fn base_chooses_the_article_read() {
    let mut args = vec!["coverage", "--format", "json", "--base", "2"];
    args.extend(STORY);
    let (j, _) = json_of(&args);
    assert_eq!(j.base, 2);
    let mut args = vec!["coverage", "--base", "3"];
    args.extend(STORY);
    let text = String::from_utf8(tabayun(&args).stdout).expect("UTF-8");
    assert!(text.contains("(base [3] موقع المرصد)"), "{text}");
}

#[test]
fn every_format_to_stdout_and_by_extension() {
    let dir = Scratch::new("coverage-formats");
    for (format, ext, marker) in [
        ("text", "txt", "Similarity (%)"),
        ("md", "md", "## Similarity (%)"),
        ("html", "html", "Content-Security-Policy"),
        ("json", "json", "\"kind\":\"coverage\""),
    ] {
        let mut args = vec!["coverage", "--format", format];
        args.extend(STORY);
        let out = tabayun(&args);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(stdout.contains(marker), "{format}: {marker}");
        let path = dir.path(&format!("story.{ext}"));
        let path = path.to_str().expect("UTF-8");
        let mut args = vec!["coverage", "-o", path];
        args.extend(STORY);
        assert_eq!(tabayun(&args).status.code(), Some(1));
        let written = std::fs::read_to_string(path).expect("written");
        assert_eq!(written, stdout, "{format}: -o writes what stdout shows");
    }
    assert_eq!(dir.entries().len(), 4, "no temporary file left");
}

#[test]
fn a_report_never_replaces_an_article() {
    let dir = Scratch::new("coverage-input");
    let a = dir.file("a.txt", &std::fs::read(STORY[0]).expect("reads"));
    let out = tabayun(&[
        "coverage", &a, STORY[1], STORY[2], "-o", &a, "--format", "html",
    ]);
    assert_error(&out, "cannot write report (it would replace an article", &a);
    assert_eq!(
        std::fs::read(&a).expect("reads"),
        std::fs::read(STORY[0]).expect("reads")
    );
}

#[test]
fn reports_are_written_from_the_library_too() {
    let s = example_story();
    for format in [Format::Text, Format::Markdown, Format::Html, Format::Json] {
        let mut out = Vec::new();
        coverage::write(&s, format, &report_opts(), &mut out).expect("writes");
        assert!(!out.is_empty());
    }
    assert_eq!(
        coverage::default_file_name(&s, Format::Html),
        "alittihad-xi-putin-call-and-3-more-coverage.html"
    );
}

// ---------------------------------------------------------------------------------------------
// The story file
// ---------------------------------------------------------------------------------------------

/// Copies the example story into `dir` (under `articles/`) and saves a story file beside it.
fn story_in(dir: &Scratch, base: usize) -> std::path::PathBuf {
    std::fs::create_dir(dir.path("articles")).expect("mkdir");
    let mut docs = Vec::new();
    for p in STORY {
        let name = Path::new(p).file_name().expect("name");
        let to = dir.path("articles").join(name);
        std::fs::copy(p, &to).expect("copies");
        docs.push(load::load_path(&to, &LoadOptions::default()).expect("loads"));
    }
    let story_path = dir.path("xi-putin.tabayun");
    let refs: Vec<&load::Document> = docs.iter().collect();
    let file = StoryFile::new(&refs, base, &MatchOptions::default(), &story_path);
    story_file::save(&file, &story_path).expect("saves");
    story_path
}

#[test]
fn story_file_round_trip() {
    let dir = Scratch::new("coverage-story");
    let story_path = story_in(&dir, 2);
    let saved = std::fs::read_to_string(&story_path).expect("reads");
    let v: Value = serde_json::from_str(&saved).expect("JSON");
    assert_eq!(v["kind"], "story");
    assert_eq!(v["base"], 2);
    assert_eq!(
        v["articles"][0]["path"],
        "articles/alittihad-xi-putin-call.txt"
    );
    assert!(v["options"]["min_move_words"].is_number());
    assert!(!saved.contains("الرئيس"), "never the texts");
    let sp = story_path.to_str().expect("UTF-8");
    let (j, code) = json_of(&["coverage", "--story", sp, "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(j.base, 2);
    assert_eq!(j.articles.len(), 4);
    // The same numbers as from the files given one by one.
    let direct = story_json();
    assert_eq!(j.pairs, direct.pairs);
    // --base overrides the file's.
    let (j, _) = json_of(&["coverage", "--story", sp, "--format", "json", "--base", "1"]);
    assert_eq!(j.base, 1);
    // The story file opens from another working directory: paths are relative to it.
    let opened = story_file::open(&story_path, &LoadOptions::default()).expect("opens");
    assert!(opened.problems.is_empty());
    assert_eq!(opened.base(), 2);
}

#[test]
fn a_story_file_says_which_articles_moved_or_changed_and_opens_the_rest() {
    let dir = Scratch::new("coverage-story-moved");
    let story_path = story_in(&dir, 3);
    let articles = dir.path("articles");
    // Change the wire (2), move Alittihad (0) away.
    let wire = articles.join("wire-xi-putin-call.txt");
    let mut text = std::fs::read_to_string(&wire).expect("reads");
    text.push_str("وأضافت الوكالة أن الاتصال استمر ساعة.\n");
    std::fs::write(&wire, text).expect("writes");
    let moved = articles.join("alittihad-xi-putin-call.txt");
    std::fs::rename(&moved, dir.path("elsewhere.txt")).expect("moves");

    let opened = story_file::open(&story_path, &LoadOptions::default()).expect("opens");
    let kinds: Vec<(usize, &str)> = opened
        .problems
        .iter()
        .map(|p| match p {
            ArticleProblem::Missing { index, .. } => (*index, "missing"),
            ArticleProblem::Changed { index, .. } => (*index, "changed"),
        })
        .collect();
    assert_eq!(kinds, vec![(0, "missing"), (2, "changed")]);
    let indices: Vec<usize> = opened.documents.iter().map(|(i, _)| *i).collect();
    assert_eq!(indices, vec![1, 2, 3]);
    assert_eq!(
        opened.base(),
        2,
        "the saved base (article 3) is third of those opened"
    );
    assert!(
        opened.problems[0]
            .to_string()
            .contains("alittihad-xi-putin-call.txt")
    );

    // The command line: a moved article is an error naming it; nothing written.
    let report = dir.path("report.json");
    let out = tabayun(&[
        "coverage",
        "--story",
        story_path.to_str().expect("UTF-8"),
        "-o",
        report.to_str().expect("UTF-8"),
    ]);
    assert_error(
        &out,
        "story article not opened: no such file",
        moved.to_str().expect("UTF-8"),
    );
    assert!(!report.exists());
    // Back in place: the changed one is a note, and the story is compared.
    std::fs::rename(dir.path("elsewhere.txt"), &moved).expect("moves back");
    let out = tabayun(&["coverage", "--story", story_path.to_str().expect("UTF-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("changed since the story was saved"),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("wire-xi-putin-call.txt"),
        "{stderr}"
    );
}

#[test]
fn a_broken_story_file_is_an_error() {
    let dir = Scratch::new("coverage-story-bad");
    let bad = dir.file("bad.tabayun", b"{\"kind\": \"story\", \"version\": 1}");
    let out = tabayun(&["coverage", "--story", &bad]);
    assert_error(&out, "not a tabayun story file", &bad);
    let other = dir.file(
        "other.tabayun",
        br#"{"version":1,"kind":"comparison","base":0,"articles":[],"options":{}}"#,
    );
    let out = tabayun(&["coverage", "--story", &other]);
    assert_error(&out, "not a tabayun story file", &other);
}

// ---------------------------------------------------------------------------------------------
// The HTML report in a browser
// ---------------------------------------------------------------------------------------------

#[test]
fn chromium_renders_the_story_report() {
    let Some(chromium) = browser("chromium_renders_the_story_report") else {
        return;
    };
    let dir = Scratch::new("coverage-chromium");
    let page = dir.path("story.html");
    let s = example_story();
    let opts = ReportOptions {
        date: Some("2024-02-08".to_owned()),
        ..ReportOptions::default()
    };
    coverage::write_file(&s, Format::Html, &opts, &page).expect("writes");
    let dom = Html::parse_document(&chromium::dump_dom(
        &chromium,
        &page,
        &[],
        Duration::from_secs(90),
    ));
    let sel = |q: &str| Selector::parse(q).expect("selector");
    assert_eq!(
        dom.select(&sel("script, img, iframe, link, object, embed"))
            .count(),
        0
    );
    let cells: Vec<String> = dom
        .select(&sel(".matrix td[class^=h]"))
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(cells.len(), 12);
    assert!(cells.iter().all(|c| c.ends_with('%')), "{cells:?}");
    let own: Vec<String> = dom
        .select(&sel("#base .cv.own"))
        .filter_map(|e| e.value().attr("title").map(str::to_owned))
        .collect();
    assert!(!own.is_empty());
    let partial = dom
        .select(&sel("#base .cv[title^='carried by']"))
        .find_map(|e| e.value().attr("title").map(str::to_owned))
        .expect("a carried passage with a title");
    assert!(partial.contains("lacking"), "{partial}");
    assert!(dom.select(&sel("#base p[dir=rtl]")).count() >= 5);
}

#[test]
fn the_example_story_file_opens_whole() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/xi-putin-call.tabayun");
    let opened = story_file::open(&path, &LoadOptions::default()).expect("opens");
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.documents.len(), 4);
    let (j, code) = json_of(&[
        "coverage",
        "--story",
        "seeds/xi-putin-call.tabayun",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(j.pairs, story_json().pairs);
}
