//! Renders HTML reports in headless Chromium: no script runs, hostile text shows as text, and
//! a screenshot of the seeds' report is saved for a person to look at.
//!
//! Without a `chromium` binary these tests print that they were SKIPPED and pass, unless
//! `TABAYUN_REQUIRE_RENDERER=1` is set, which turns a missing browser into a failure.
//! `TABAYUN_UPDATE_DOCS=1` also copies the screenshot to `docs/report-seeds.png`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::by_hand::whole;
use common::chromium::{self, browser, run_chromium, say};
use common::{HOSTILE, Scratch, hostile_vs_seed_a, report_opts, seeds};
use scraper::{Html, Selector};
use tabayun::model::{Comparison, MatchOptions, SegmentKind};
use tabayun::report::html;

const TIMEOUT: Duration = Duration::from_secs(90);

/// The DOM after loading `page` (and letting any script or error handler run).
fn dump_dom(chromium: &Path, page: &Path) -> Html {
    Html::parse_document(&chromium::dump_dom(chromium, page, &[], TIMEOUT))
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/// A page on disk, removed with its folder when dropped.
struct Page {
    _dir: Scratch,
    path: PathBuf,
}

fn write_report(c: &Comparison, name: &str) -> Page {
    let dir = Scratch::new("chromium-pages");
    let path = dir.path(name);
    let mut out = Vec::new();
    html::write(c, &report_opts(), &mut out).unwrap();
    std::fs::write(&path, out).unwrap();
    Page { _dir: dir, path }
}

/// The hostile fixture as one unique segment, against seed A whole, with a hostile title.
fn hostile_by_hand() -> Comparison {
    let (a, _) = tabayun::load::seed_documents();
    let mut c = whole(
        ("hostile\u{202E}lmth.txt", HOSTILE),
        (&a.path, &a.text),
        SegmentKind::Unique,
    );
    let title = Some("<script>document.title='pwned'</script>\u{202E}".to_owned());
    (c.a.title, c.b.title) = (title.clone(), title);
    c
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// No script ran, no active element exists, and the hostile text is visible as text.
fn assert_inert(dom: &Html, expected_title_start: &str) {
    let body = dom.select(&sel("body")).next().expect("a body");
    assert_eq!(body.value().attr("data-pwned"), None, "a script ran");
    let title: String = dom.select(&sel("title")).next().unwrap().text().collect();
    assert!(
        title.starts_with(expected_title_start),
        "title changed: {title}"
    );
    assert_eq!(
        dom.select(&sel("script, img, svg, iframe, link, object, embed"))
            .count(),
        0
    );
    let text: String = dom
        .select(&sel("#side-a"))
        .next()
        .expect("side A")
        .text()
        .collect();
    for needle in [
        "<script>document.body.setAttribute('data-pwned','1')</script>",
        "onerror=\"document.body.setAttribute('data-pwned','2')\">",
        "</style><style>body{display:none}</style>",
        "⟦RLO⟧txt.exe⟦PDF⟧",
    ] {
        assert!(text.contains(needle), "rendered text lacks {needle:?}");
    }
}

#[test]
fn chromium_runs_scripts_in_an_ordinary_page() {
    // Control: the same probe on a page without the report's escaping and CSP shows that a
    // script which ran would be seen in the dumped DOM.
    let Some(chromium) = browser("chromium_runs_scripts_in_an_ordinary_page") else {
        return;
    };
    let dir = Scratch::new("chromium-control");
    let page = dir.path("control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><title>control</title></head><body><p>x</p>\
         <script>document.body.setAttribute('data-pwned','1')</script></body></html>",
    )
    .unwrap();
    let dom = dump_dom(&chromium, &page);
    let body = dom.select(&sel("body")).next().unwrap();
    assert_eq!(body.value().attr("data-pwned"), Some("1"));
}

#[test]
fn chromium_hostile_report_by_hand_runs_nothing() {
    let Some(chromium) = browser("chromium_hostile_report_by_hand_runs_nothing") else {
        return;
    };
    let page = write_report(&hostile_by_hand(), "hostile-by-hand.html");
    assert_inert(&dump_dom(&chromium, &page.path), "hostile⟦RLO⟧lmth.txt vs ");
}

#[test]
fn chromium_hostile_report_runs_nothing() {
    let Some(chromium) = browser("chromium_hostile_report_runs_nothing") else {
        return;
    };
    let page = write_report(&hostile_vs_seed_a(), "hostile.html");
    assert_inert(&dump_dom(&chromium, &page.path), "hostile.txt vs ");
}

#[test]
fn chromium_renders_the_seeds_report() {
    let Some(chromium) = browser("chromium_renders_the_seeds_report") else {
        return;
    };
    let page = write_report(&seeds(), "seeds.html");
    let dom = dump_dom(&chromium, &page.path);
    let body = dom.select(&sel("body")).next().unwrap();
    assert_eq!(body.value().attr("data-pwned"), None);
    let a: String = dom.select(&sel("#side-a")).next().unwrap().text().collect();
    assert!(a.contains("الرئيس الصيني"));
    assert!(dom.select(&sel("#side-b p[dir=rtl]")).count() > 5);
}

#[test]
fn chromium_screenshot_of_the_seeds_report() {
    let Some(chromium) = browser("chromium_screenshot_of_the_seeds_report") else {
        return;
    };
    let page = write_report(&seeds(), "seeds.html");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("report-screenshots");
    std::fs::create_dir_all(&target).unwrap();
    // The first screen as an editor sees it, and (taller) the whole report with both articles.
    let shots = [
        ("seeds-report.png", "1400,1000"),
        ("seeds-report-full.png", "1400,4200"),
    ];
    for (name, size) in shots {
        let png = target.join(name);
        let _ = std::fs::remove_file(&png);
        let shot = format!("--screenshot={}", png.display());
        let window = format!("--window-size={size}");
        run_chromium(&chromium, &page.path, &[&shot, &window], TIMEOUT);
        let bytes = std::fs::read(&png).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is not a PNG",
            png.display()
        );
        assert!(bytes.len() > 20_000, "{} looks empty", png.display());
        say(&format!("screenshot: {}", png.display()));
    }
    if std::env::var("TABAYUN_UPDATE_DOCS").as_deref() == Ok("1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::copy(
            target.join("seeds-report.png"),
            docs.join("report-seeds.png"),
        )
        .unwrap();
        say(&format!(
            "updated {}",
            docs.join("report-seeds.png").display()
        ));
    }
}

/// A pair of 100k-word Arabic-like articles: B is A with every tenth paragraph moved to the end
/// and a word changed in every paragraph.
fn large_pair() -> Comparison {
    let (seed, _) = tabayun::load::seed_documents();
    let vocab: Vec<&str> = seed.text.split_whitespace().collect();
    let mut paragraphs = Vec::new();
    let mut n = 0usize;
    while n < 100_000 {
        let words: Vec<&str> = (0..50)
            .map(|k| vocab[(n * 7 + k * 13) % vocab.len()])
            .collect();
        n += words.len();
        paragraphs.push(words.join(" "));
    }
    let a = paragraphs.join("\n");
    let mut kept: Vec<String> = Vec::new();
    let mut moved: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let edited = p.replacen(' ', " تعديل ", 1);
        if i % 10 == 3 {
            moved.push(edited)
        } else {
            kept.push(edited)
        }
    }
    kept.extend(moved);
    let b = kept.join("\n");
    let doc = |name: &str, text: &str| {
        tabayun::load::from_bytes(name, text.as_bytes(), &Default::default()).unwrap()
    };
    tabayun::engine::compare(
        &doc("a.txt", &a),
        &doc("b.txt", &b),
        &MatchOptions::default(),
    )
}

#[test]
fn chromium_opens_the_report_of_a_100k_word_pair() {
    let Some(chromium) = browser("chromium_opens_the_report_of_a_100k_word_pair") else {
        return;
    };
    let c = large_pair();
    assert!(c.stats.a.words >= 100_000 && c.stats.a.moved > 0);
    let page = write_report(&c, "large.html");
    let dom = dump_dom(&chromium, &page.path);
    let last_word = c.b.text.split_whitespace().last().unwrap();
    let b: String = dom.select(&sel("#side-b")).next().unwrap().text().collect();
    assert!(
        b.contains(last_word),
        "B's last word is in the rendered page"
    );
    let lines = c.a.text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(
        dom.select(&sel("#side-a p")).count(),
        lines,
        "every line of A rendered"
    );
    assert!(dom.select(&sel("#side-a p[dir=rtl]")).count() > lines * 9 / 10);
}
