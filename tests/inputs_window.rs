//! Articles from the clipboard and from URLs in the window (egui_kittest, by label): Edit →
//! Paste as A replaces side A and recompares; File → Open URL… fetches from a server on
//! 127.0.0.1; a failed fetch shows a banner and keeps the comparison; a slow fetch shows
//! progress and Cancel.

mod common;

use std::time::Duration;

use common::gui::{app_harness, comparison, settle};
use common::http::{Reply, Server};
use common::pages::{self, expected_body, word_f1};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tabayun::gui::{Command, TabayunApp};
use tabayun::load::Format;
use tabayun::model::Which;

fn harness() -> Harness<'static, TabayunApp> {
    app_harness(Harness::builder(), None, egui::vec2(1280.0, 800.0))
}

fn route(path: &str) -> Reply {
    match path {
        "/wire.html" => Reply::Page(
            "text/html; charset=utf-8",
            std::fs::read(format!(
                "{}/{}",
                env!("CARGO_MANIFEST_DIR"),
                pages::page_path("en-world-wire")
            ))
            .expect("reads a fixture"),
        ),
        "/slow" => Reply::Slow,
        _ => Reply::Status("404 Not Found"),
    }
}

fn server() -> &'static Server {
    static SERVER: std::sync::OnceLock<Server> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| Server::start(route))
}

const PASTED: &str = "أجرى الرئيس الصيني شي جين بينغ اتصالا هاتفيا مع الرئيس الروسي فلاديمير بوتين اليوم.\nوبحث الجانبان العلاقات الثنائية والتعاون الاستراتيجي بين البلدين.\n";

#[test]
fn paste_as_a_replaces_side_a_and_recompares() {
    let mut h = harness();
    let before = comparison(&h);
    h.get_by_label("Edit").click();
    h.run();
    // The button's label carries its shortcut ("Paste as A  Ctrl+Shift+1").
    h.get_by_label_contains("Paste as A").click();
    h.run();
    // What the integration sends for the paste the app asked for.
    h.event(egui::Event::Paste(PASTED.to_owned()));
    settle(&mut h);
    let after = comparison(&h);
    assert_eq!(after.a.text, PASTED);
    assert_eq!(after.a.format, Format::Clipboard);
    assert!(
        after.a.path.starts_with("Pasted ") && after.a.path.len() == "Pasted 00:00".len(),
        "{}",
        after.a.path
    );
    assert_eq!(after.b.text, before.b.text, "B stays");
    assert_ne!(after.stats, before.stats, "compared again");
    assert!(
        h.state().banner_messages().is_empty(),
        "{:?}",
        h.state().banner_messages()
    );
    h.get_by_label(after.a.path.as_str());
}

#[test]
fn a_pasted_url_is_fetched() {
    let mut h = harness();
    h.state_mut().queue(Command::PasteB);
    h.run();
    h.event(egui::Event::Paste(format!(
        "  {}\n",
        server().url("/wire.html")
    )));
    settle(&mut h);
    let c = comparison(&h);
    assert_eq!(c.b.format, Format::Html);
    assert_eq!(c.b.path, server().url("/wire.html"));
}

#[test]
fn open_url_fetches_the_page_as_b() {
    let mut h = harness();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open URL…").click();
    h.run();
    h.get_by_label("Path of an article").focus();
    h.run();
    h.get_by_label("Path of an article")
        .type_text(&server().url("/wire.html"));
    h.run();
    h.get_by_label("Open as B").click();
    settle(&mut h);
    let c = comparison(&h);
    assert_eq!(c.b.format, Format::Html);
    assert_eq!(
        c.b.url.as_deref(),
        Some("https://worldwire.example/world/asia/xi-putin-call-2024-02-08/")
    );
    assert_eq!(c.b.outlet.as_deref(), Some("World Wire"));
    assert!(word_f1(&c.b.text, &expected_body("en-world-wire")) >= 0.97);
    assert!(
        h.state().banner_messages().is_empty(),
        "{:?}",
        h.state().banner_messages()
    );
}

#[test]
fn a_failed_fetch_shows_a_banner_and_keeps_the_comparison() {
    let mut h = harness();
    let before = comparison(&h);
    let url = server().url("/gone.html");
    h.state_mut().queue(Command::OpenPath {
        which: Which::A,
        path: url.clone().into(),
    });
    settle(&mut h);
    let messages = h.state().banner_messages();
    assert_eq!(
        messages,
        [format!(
            "Could not open gone.html as A: HTTP status 404 Not Found: {url}"
        )]
    );
    assert_eq!(comparison(&h), before, "the previous comparison stays");
    h.get_by_label_contains("HTTP status 404 Not Found");
}

#[test]
fn a_slow_fetch_shows_progress_and_cancel_keeps_the_comparison() {
    let mut h = harness();
    let before = comparison(&h);
    let url = server().url("/slow");
    h.state_mut().queue(Command::OpenPath {
        which: Which::B,
        path: url.clone().into(),
    });
    // The spinner repaints every frame: step, do not wait for the frames to settle.
    h.run_steps(2);
    h.get_by_label_contains(&format!("Fetching {url} for B"));
    assert!(h.state().is_busy());
    h.get_by_label("Cancel fetch").click();
    h.run_steps(2);
    assert!(!h.state().is_busy());
    assert!(h.state_mut().wait_until_idle(Duration::from_secs(1)));
    h.run();
    h.get_by_label("Fetch cancelled; the previous comparison stays");
    assert_eq!(comparison(&h), before);
    assert!(h.query_by_label_contains("Fetching").is_none());
}
