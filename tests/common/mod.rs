//! Helpers shared by the integration tests: the seed pair and the test fixtures, running the
//! CLI and reading its error lines, scratch folders (through `tempfile`), documents from text,
//! and the contract check. `by_hand` makes comparisons segment by segment, `gui` drives the
//! window, `chromium` runs the browser.
//!
//! Each test crate uses a part of this module.
#![allow(dead_code, reason = "each test crate uses a part of these helpers")]

pub mod by_hand;
pub mod chromium;
pub mod gui;
pub mod http;
pub mod pages;
pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output};

use serde_json::Value;
use tabayun::load::{self, Document};
use tabayun::model::{Comparison, MatchOptions};
use tabayun::report::ReportOptions;

/// The bundled seed pair, relative to the crate root (the CLI's working directory in tests).
pub const SEED_A: &str = "seeds/alittihad-xi-putin-call.txt";
/// The second seed.
pub const SEED_B: &str = "seeds/alsumaria-xi-putin-call.txt";

/// The example story: the two seeds and two constructed articles about the same call (a short
/// wire version; one that adds a paragraph of its own and drops two).
pub const STORY: [&str; 4] = [
    SEED_A,
    SEED_B,
    "seeds/wire-xi-putin-call.txt",
    "seeds/almarsad-xi-putin-call.txt",
];

/// An article full of markup, Markdown, script and bidi-control tricks.
pub const HOSTILE: &str = include_str!("../fixtures/hostile.txt");

// ---------------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------------

/// The seed pair compared with the default options.
pub fn seeds() -> Comparison {
    let (a, b) = load::seed_documents();
    tabayun::engine::compare(&a, &b, &MatchOptions::default())
}

/// A document as the loader would make it from UTF-8 `text`.
pub fn doc(label: &str, text: &str) -> Document {
    Document {
        path: label.to_owned(),
        encoding: "UTF-8".to_owned(),
        text: text.to_owned(),
        sha256: String::new(),
        bytes: text.len() as u64,
        replaced: 0,
        ..Document::default()
    }
}

/// Two texts compared with the default options.
pub fn compare_texts(a: &str, b: &str) -> Comparison {
    tabayun::engine::compare(&doc("a", a), &doc("b", b), &MatchOptions::default())
}

/// The hostile fixture (loaded as a file would be) against seed A.
pub fn hostile_vs_seed_a() -> Comparison {
    let (a, _) = load::seed_documents();
    let h = load::from_bytes("hostile.txt", HOSTILE.as_bytes(), &Default::default())
        .expect("the hostile fixture loads");
    tabayun::engine::compare(&h, &a, &MatchOptions::default())
}

/// Report options with a fixed date, so reports are the same every day.
pub fn report_opts() -> ReportOptions {
    ReportOptions {
        date: Some("2024-02-08".to_owned()),
        ..ReportOptions::default()
    }
}

/// Asserts the contract of a comparison ([`Comparison::check`]).
#[track_caller]
pub fn assert_invariants(c: &Comparison) {
    if let Err(breach) = c.check() {
        panic!("the comparison breaks the contract: {breach}");
    }
}

/// Asserts the JSON contract: version 1, the fields of a [`Comparison`] (it reads back as one),
/// and the comparison's contract.
#[track_caller]
pub fn assert_contract(j: &Value) {
    assert_eq!(j["version"], 1);
    let c: Comparison = serde_json::from_value(j.clone()).expect("the JSON is a comparison");
    assert_invariants(&c);
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// The bidi controls and directional marks of the one table, with their short names.
pub fn bidi_controls() -> impl Iterator<Item = (char, &'static str)> {
    tabayun::controls::BIDI_CONTROLS
        .iter()
        .map(|n| (n.ch, n.short))
}

/// The markers every display shows for the bidi controls in `text`, in order: `⟦RLO⟧`, ….
pub fn bidi_markers(text: &str) -> Vec<String> {
    text.chars()
        .filter_map(tabayun::controls::bidi_control)
        .map(|n| n.marker.to_owned())
        .collect()
}

/// Path of a corpus fixture, relative to the crate root (the CLI's working directory).
pub fn corpus(name: &str) -> String {
    format!("tests/corpus/{name}")
}

/// Absolute path of a corpus fixture.
pub fn corpus_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(corpus(name))
}

/// The bytes of a corpus fixture.
pub fn corpus_bytes(name: &str) -> Vec<u8> {
    let path = corpus_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reads {}: {e}", path.display()))
}

/// The text of a UTF-8 corpus fixture.
pub fn corpus_text(name: &str) -> String {
    String::from_utf8(corpus_bytes(name)).expect("UTF-8 fixture")
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

/// `tabayun ARGS` in the crate root, without `NO_COLOR` and backtraces.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabayun"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "0");
    cmd
}

/// Runs `tabayun ARGS` to the end.
pub fn tabayun(args: &[&str]) -> Output {
    command(args).output().expect("runs tabayun")
}

/// No panic: not exit 101, no "panicked" on stderr, not killed by a signal (abort, SIGSEGV).
#[track_caller]
pub fn assert_no_panic(status: ExitStatus, stderr: &str) {
    assert_ne!(status.code(), Some(101), "panicked: {stderr}");
    assert!(!stderr.contains("panicked"), "panicked: {stderr}");
    assert!(
        status.code().is_some(),
        "killed by a signal ({status}): {stderr}"
    );
}

/// Exit 2, nothing on stdout, and exactly one stderr line `tabayun: <reason>…: <path>`.
#[track_caller]
pub fn assert_error(out: &Output, reason: &str, path: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic(out.status, &stderr);
    assert_eq!(out.status.code(), Some(2), "exit 2; stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one stderr line: {stderr:?}");
    let line = stderr.trim_end_matches('\n');
    assert!(
        line.strip_prefix("tabayun: ")
            .is_some_and(|rest| rest.starts_with(reason)),
        "{line:?} does not give the reason {reason:?}"
    );
    assert!(
        line.ends_with(&format!(": {path}")),
        "{line:?} does not end with {path:?}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout on error");
}

// ---------------------------------------------------------------------------------------------
// Scratch folders
// ---------------------------------------------------------------------------------------------

/// A fresh folder for one test, removed with everything in it on drop (also when a test made
/// part of it read-only).
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    /// A new folder whose name starts with `tabayun-NAME-`.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(&format!("tabayun-{name}-"))
            .tempdir()
            .expect("creates a scratch folder");
        Self(dir)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        self.0.path()
    }

    /// `name` in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    /// Writes `bytes` to `name` and returns its path as a string.
    pub fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("writes a fixture");
        p.to_str().expect("UTF-8 scratch path").to_owned()
    }

    /// The names in the folder, sorted.
    pub fn entries(&self) -> Vec<String> {
        entries(self.dir())
    }

    /// Keeps the folder after the test, to look into after a failure.
    pub fn keep(&mut self) {
        self.0.disable_cleanup(true);
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Make read-only test folders removable again.
        #[cfg(unix)]
        let _ = Command::new("chmod")
            .args(["-R", "u+rwx"])
            .arg(self.0.path())
            .status();
    }
}

/// Writes `chunk` again and again to `path`, then `x`s, to exactly `total` bytes on one line
/// (a large file, generated quickly).
pub fn write_big_line(path: &Path, chunk: &str, total: usize) {
    use std::io::Write as _;
    let file = std::fs::File::create(path).expect("creates a big file");
    let mut f = std::io::BufWriter::new(file);
    let mut left = total;
    while left >= chunk.len() {
        f.write_all(chunk.as_bytes()).expect("writes");
        left -= chunk.len();
    }
    f.write_all(&b"x".repeat(left)).expect("writes the tail");
    f.flush().expect("flushes");
    let written = std::fs::metadata(path).expect("metadata").len();
    assert_eq!(written, total as u64);
}

/// The names in `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("lists the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const SEED_A_TEXT: &str = include_str!("../../seeds/alittihad-xi-putin-call.txt");
const SEED_B_TEXT: &str = include_str!("../../seeds/alsumaria-xi-putin-call.txt");

/// Four articles for window tests of a story, written into `s`: the two seeds plus a short
/// wire version (A's opening) and one that keeps B's first lines and
/// adds a sentence of its own.
pub fn story_files(s: &Scratch) -> Vec<PathBuf> {
    let wire: String = SEED_A_TEXT.lines().take(6).collect::<Vec<_>>().join("\n");
    let mut extra: String = SEED_B_TEXT.lines().take(6).collect::<Vec<_>>().join("\n");
    extra
        .push_str("\nوأكد محللون أن المكالمة تأتي في توقيت حساس قبل قمة مجموعة العشرين المقبلة.\n");
    let files = [
        ("alittihad.txt", SEED_A_TEXT.to_owned()),
        ("alsumaria.txt", SEED_B_TEXT.to_owned()),
        ("wire.txt", wire),
        ("analysis.txt", extra),
    ];
    files
        .into_iter()
        .map(|(name, text)| {
            let p = s.path(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}
