//! Finding and running headless Chromium.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Scratch;

/// Writes to the real stderr, past the test harness's capture, so skips are always visible.
pub fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// A Chromium or Chrome binary on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// The browser, or `None` after printing why `test` is skipped (a failure when
/// `TABAYUN_REQUIRE_RENDERER=1`).
pub fn browser(test: &str) -> Option<PathBuf> {
    if let Some(p) = find_chromium() {
        return Some(p);
    }
    let why = "no chromium, chromium-browser or google-chrome on PATH \
               (install the Debian package `chromium`)";
    if std::env::var("TABAYUN_REQUIRE_RENDERER").as_deref() == Ok("1") {
        panic!("{test}: {why}, and TABAYUN_REQUIRE_RENDERER=1 requires a browser");
    }
    say(&format!("SKIPPED {test}: {why}"));
    None
}

/// Runs headless Chromium on `page` with `extra` arguments in a fresh profile; returns stdout.
/// Fails when it exits with an error (showing its log) or runs longer than `timeout` (keeping
/// the profile folder and its log).
pub fn run_chromium(chromium: &Path, page: &Path, extra: &[&str], timeout: Duration) -> String {
    let mut scratch = Scratch::new("chromium-profile");
    let profile = scratch.path("profile");
    let log_path = scratch.path("chromium.log");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).expect("creates the log"))
        .spawn()
        .expect("starts chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::Builder::new()
        .name("chromium-stdout".into())
        .spawn(move || {
            let mut s = String::new();
            stdout.read_to_string(&mut s).map(|_| s)
        })
        .expect("starts the reader");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            scratch.keep();
            panic!(
                "chromium took longer than {timeout:?}; log: {}",
                log_path.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().expect("reader").expect("reads stdout");
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{log}");
    out
}

/// The DOM after loading `page` and letting its scripts (or any error handler) run, with
/// `extra` arguments.
pub fn dump_dom(chromium: &Path, page: &Path, extra: &[&str], timeout: Duration) -> String {
    let mut args = vec!["--virtual-time-budget=3000", "--dump-dom"];
    args.extend_from_slice(extra);
    let out = run_chromium(chromium, page, &args, timeout);
    assert!(out.contains("</html>"), "no DOM dumped: {out}");
    out
}
