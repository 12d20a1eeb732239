//! Fetching URLs, against a server on 127.0.0.1 started by the test (never the internet): each
//! outcome of the issue gives a document or one message naming the URL.

mod common;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::http::{Reply, Server, closed_port_url};
use common::pages::{self, docx, expected_body, word_f1};
use common::{Scratch, assert_error, tabayun};
use tabayun::load::{self, FetchFailure, FetchOptions, Format, LoadError};

fn page(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/{}",
        env!("CARGO_MANIFEST_DIR"),
        pages::page_path(name)
    ))
    .expect("reads a fixture")
}

fn route(path: &str) -> Reply {
    match path {
        "/wire.html" => Reply::Page("text/html; charset=utf-8", page("en-world-wire")),
        "/gulf" => Reply::Page("text/html", page("ar-gulf-daily")),
        // The page declares windows-1256 itself; the header says nothing of the charset.
        "/portal" => Reply::Page("text/html", page("ar-portal-br")),
        "/gzip" => Reply::Gzip("text/html; charset=utf-8", page("en-world-wire")),
        "/plain.txt" => Reply::Page(
            "text/plain; charset=utf-8",
            "قال الرئيس إن المحادثات كانت مثمرة وبناءة.\n"
                .as_bytes()
                .to_vec(),
        ),
        "/image.png" => Reply::Page("image/png", b"\x89PNG\r\n\x1A\n".to_vec()),
        "/missing" => Reply::Status("404 Not Found"),
        "/broken" => Reply::Status("500 Internal Server Error"),
        "/slow" => Reply::Slow,
        "/endless" => Reply::Endless,
        p if p.starts_with("/hop/") => {
            let n: u32 = p.trim_start_matches("/hop/").parse().unwrap_or(0);
            if n == 0 {
                Reply::Redirect("/wire.html".to_owned())
            } else {
                Reply::Redirect(format!("/hop/{}", n - 1))
            }
        }
        _ => Reply::Status("404 Not Found"),
    }
}

fn server() -> &'static Server {
    static SERVER: std::sync::OnceLock<Server> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| Server::start(route))
}

fn fetch(url: &str, opts: &FetchOptions) -> Result<load::Document, LoadError> {
    load::fetch_url(url, opts, &AtomicBool::new(false))
}

/// The failure and its one-line message `<reason>: <url>`.
#[track_caller]
fn failure(url: &str, opts: &FetchOptions) -> FetchFailure {
    match fetch(url, opts) {
        Err(e @ LoadError::Fetch { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.ends_with(&format!(": {url}")) && !msg.contains('\n'),
                "{msg}"
            );
            let LoadError::Fetch { failure, .. } = e else {
                unreachable!()
            };
            failure
        }
        other => panic!("{url}: expected a fetch failure, got {other:?}"),
    }
}

#[test]
fn a_page_is_fetched_and_its_article_extracted() {
    let url = server().url("/wire.html");
    let doc = fetch(&url, &FetchOptions::default()).expect("fetches");
    assert_eq!(doc.format, Format::Html);
    assert_eq!(doc.path, url);
    assert!(
        word_f1(&doc.text, &expected_body("en-world-wire")) >= 0.97,
        "{}",
        doc.text
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://worldwire.example/world/asia/xi-putin-call-2024-02-08/"),
        "canonical URL first"
    );
    let portal = fetch(&server().url("/portal"), &FetchOptions::default()).expect("fetches");
    assert_eq!(portal.encoding, "windows-1256");
    assert!(
        word_f1(&portal.text, &expected_body("ar-portal-br")) >= 0.97,
        "{}",
        portal.text
    );
}

#[test]
fn gzip_is_decoded_and_text_pages_are_text() {
    let doc = fetch(&server().url("/gzip"), &FetchOptions::default()).expect("fetches");
    assert!(word_f1(&doc.text, &expected_body("en-world-wire")) >= 0.97);
    let plain = fetch(&server().url("/plain.txt"), &FetchOptions::default()).expect("fetches");
    assert_eq!(plain.format, Format::Text);
    assert_eq!(
        plain.url.as_deref(),
        Some(server().url("/plain.txt").as_str()),
        "fetched URL when no canonical"
    );
}

#[test]
fn redirects_are_followed_up_to_five() {
    let doc = fetch(&server().url("/hop/4"), &FetchOptions::default())
        .expect("five redirects are followed");
    assert!(doc.text.contains("Xi Jinping"));
    assert_eq!(
        failure(&server().url("/hop/5"), &FetchOptions::default()),
        FetchFailure::TooManyRedirects(5)
    );
    let msg = fetch(&server().url("/hop/9"), &FetchOptions::default())
        .expect_err("too many")
        .to_string();
    assert_eq!(
        msg,
        format!(
            "too many redirects (more than 5): {}",
            server().url("/hop/9")
        )
    );
}

#[test]
fn statuses_content_types_and_refusals_are_one_message() {
    let o = FetchOptions::default();
    let url = server().url("/missing");
    assert_eq!(
        fetch(&url, &o).expect_err("404").to_string(),
        format!("HTTP status 404 Not Found: {url}")
    );
    assert_eq!(
        failure(&server().url("/broken"), &o),
        FetchFailure::Status("500 Internal Server Error".into())
    );
    assert_eq!(
        failure(&server().url("/image.png"), &o),
        FetchFailure::NotAPage("image/png".into())
    );
    assert_eq!(
        failure(&closed_port_url(), &o),
        FetchFailure::ConnectionRefused
    );
    assert_eq!(
        failure("ftp://example.com/a.html", &o),
        FetchFailure::Scheme
    );
}

#[test]
fn an_unresolvable_name_says_so() {
    let start = Instant::now();
    let f = failure(
        "http://no-such-host.invalid/article.html",
        &FetchOptions {
            timeout: Duration::from_secs(5),
            ..FetchOptions::default()
        },
    );
    assert_eq!(f, FetchFailure::NameNotResolved);
    assert!(start.elapsed() < Duration::from_secs(8));
}

#[test]
fn a_slow_server_times_out() {
    let opts = FetchOptions {
        timeout: Duration::from_secs(1),
        ..FetchOptions::default()
    };
    let start = Instant::now();
    assert_eq!(
        failure(&server().url("/slow"), &opts),
        FetchFailure::TimedOut(1)
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn an_endless_body_stops_at_the_cap() {
    let start = Instant::now();
    assert_eq!(
        failure(&server().url("/endless"), &FetchOptions::default()),
        FetchFailure::TooLarge(10_000_000)
    );
    assert!(start.elapsed() < Duration::from_secs(20));
    let url = server().url("/endless");
    let msg = fetch(&url, &FetchOptions::default())
        .expect_err("too large")
        .to_string();
    assert_eq!(msg, format!("page too large (more than 10 MB): {url}"));
}

#[test]
fn cancel_stops_the_body_read() {
    let cancel = AtomicBool::new(true);
    let got = load::fetch_url(&server().url("/endless"), &FetchOptions::default(), &cancel);
    assert!(
        matches!(
            got,
            Err(LoadError::Fetch {
                failure: FetchFailure::Cancelled,
                ..
            })
        ),
        "{got:?}"
    );
}

#[test]
fn cli_extract_diff_and_coverage_take_urls_pages_and_word_files() {
    let s = Scratch::new("cli-inputs");
    let url = server().url("/wire.html");
    let out = tabayun(&["extract", &url, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(j["format"], "html");
    assert_eq!(j["outlet"], "World Wire");
    assert_eq!(j["published"], "2024-02-08T14:05:00Z");
    assert_eq!(
        j["url"],
        "https://worldwire.example/world/asia/xi-putin-call-2024-02-08/"
    );
    assert!(
        word_f1(
            j["text"].as_str().expect("text"),
            &expected_body("en-world-wire")
        ) >= 0.97
    );

    let text = tabayun(&["extract", &pages::page_path("ar-gulf-daily")]);
    let text = String::from_utf8(text.stdout).expect("UTF-8");
    assert!(text.starts_with("title: الإمارات وعُمان توقعان اتفاقية للربط السككي بين البلدين\noutlet: صحيفة الخليج اليوم\npublished: 2024-05-14T09:12:00+04:00\nurl: https://www.gulf-daily.example/ar/economy/2024/05/14/rail-link\nformat: html\n\n"), "{text}");

    let word = s.file(
        "wire.docx",
        &docx(
            &expected_body("en-world-wire")
                .lines()
                .map(|l| (l, false))
                .collect::<Vec<_>>(),
            "wire",
        ),
    );
    let out = tabayun(&["diff", &url, &word, "--format", "json"]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (
            j["version"].as_u64(),
            j["a"]["format"].as_str(),
            j["b"]["format"].as_str()
        ),
        (Some(1), Some("html"), Some("docx"))
    );
    assert!(
        j["stats"]["similarity"].as_f64().expect("similarity") > 0.97,
        "{}",
        j["stats"]
    );
    assert_eq!(j["b"]["url"], serde_json::Value::Null);
    common::assert_contract(&j);

    let out = tabayun(&[
        "coverage",
        &url,
        &pages::page_path("en-world-wire"),
        &word,
        "--format",
        "json",
    ]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let formats: Vec<&str> = j["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["format"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(formats, ["html", "html", "docx"]);
    assert_eq!(j["articles"][1]["published"], "2024-02-08T14:05:00Z");

    let missing = server().url("/missing");
    assert_error(
        &tabayun(&["diff", &missing, &word]),
        "HTTP status 404 Not Found",
        &missing,
    );
    let refused = closed_port_url();
    assert_error(
        &tabayun(&["extract", &refused]),
        "connection refused",
        &refused,
    );
}
