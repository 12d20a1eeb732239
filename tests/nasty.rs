//! Nasty inputs, as scraped pages, old CMS exports and email attachments deliver them, through
//! `tabayun diff` as a user runs it. Every input gets either one clear stderr line naming the file
//! and the reason (exit 2) or a correct comparison (exit 0 or 1, asserted exactly); nothing
//! panics (exit 101, "panicked"), and memory stays bounded.
//!
//! Small fixtures live in `tests/corpus/` (see its README); large ones (200 MB on one line, a
//! million empty lines) are generated into a scratch folder at test time and deleted afterwards.
//! Peak memory of the large runs is measured with `/usr/bin/time -f %M` when present (else by
//! polling the child's `VmHWM`) and printed past libtest's capture.
//!
//! Some tests began as failing regression tests for bugs found here and fixed in the engine,
//! loader and CLI: file names with newlines or bidi controls, named pipes, quadratic time on
//! bulleted lists and very long words, raw bidi controls in the terminal diff, export errors that
//! did not end with the path.

#![cfg(unix)] // FIFOs, permissions, /proc and /dev paths

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{
    SEED_A, Scratch, assert_contract, assert_error, assert_no_panic, bidi_controls, bidi_markers,
    command, corpus, corpus_bytes, tabayun, write_big_line,
};
use scraper::{Html, Selector};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

/// `tabayun diff A B --format json` (plus `extra`): asserts the exit status, no stderr, and the
/// JSON contract; returns the JSON.
#[track_caller]
fn diff_json(a: &str, b: &str, extra: &[&str], code: i32) -> Value {
    let mut args = vec!["diff", a, b, "--format", "json"];
    args.extend_from_slice(extra);
    let out = tabayun(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic(out.status, &stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "diff {a} {b}: stderr {stderr}"
    );
    assert!(stderr.is_empty(), "no stderr on success: {stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    assert_contract(&json);
    json
}

/// The kinds of the segments that hold the first occurrence of `needle` in side `side`.
fn kinds_at(j: &Value, side: &str, needle: &str) -> Vec<String> {
    let text = j[side]["text"].as_str().expect("text");
    let start = text.find(needle).expect("needle present") as u64;
    let end = start + needle.len() as u64;
    j[side]["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .filter(|s| s["start"].as_u64() < Some(end) && s["end"].as_u64() > Some(start))
        .map(|s| s["kind"].as_str().expect("kind").to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Scratch folders, big files, peak memory
// ---------------------------------------------------------------------------------------------

/// Writes `total` bytes of Arabic words from the seed vocabulary on one line (no newline).
fn write_single_line(path: &Path, total: usize) {
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_A)).expect("seed");
    let vocab: Vec<&str> = seed.split_whitespace().collect();
    // One pseudo-random megabyte, repeated: realistic word statistics, generated quickly.
    let mut chunk = String::with_capacity(1 << 20);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while chunk.len() < (1 << 20) - 64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.push_str(vocab[(x % vocab.len() as u64) as usize]);
        chunk.push(' ');
    }
    write_big_line(path, &chunk, total);
}

/// A finished, measured run: exit status, stderr, peak resident memory.
struct Measured {
    status: ExitStatus,
    stderr: String,
    /// Peak resident set size in KB, if it could be measured.
    peak_kb: Option<u64>,
    /// How it was measured.
    how: &'static str,
    elapsed: Duration,
}

/// Runs tabayun with `args`, stdout to `stdout_path`, and measures its peak RSS: with
/// `/usr/bin/time -f %M -o FILE` when GNU time is installed, else by polling `VmHWM` in
/// `/proc/<pid>/status` until it exits (a lower bound).
fn measure(scratch: &Scratch, args: &[&str], stdout_path: &Path) -> Measured {
    let stdout = std::fs::File::create(stdout_path).expect("creates stdout file");
    let rss_file = scratch.path("peak-rss");
    let gnu_time = Path::new("/usr/bin/time").exists()
        && Command::new("/usr/bin/time")
            .args(["-f", "%M", "-o"])
            .arg(&rss_file)
            .arg("true")
            .status()
            .is_ok_and(|s| s.success());
    let started = Instant::now();
    let (output, peak_kb, how) = if gnu_time {
        let mut cmd = Command::new("/usr/bin/time");
        cmd.args(["-f", "%M", "-o"])
            .arg(&rss_file)
            .arg(env!("CARGO_BIN_EXE_tabayun"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RUST_BACKTRACE", "0")
            .stdout(stdout)
            .stderr(Stdio::piped());
        let out = cmd.output().expect("runs /usr/bin/time tabayun");
        // GNU time may add "Command exited with non-zero status N" before the figure.
        let peak = std::fs::read_to_string(&rss_file)
            .ok()
            .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
        (out, peak, "/usr/bin/time -f %M")
    } else {
        let mut child = command(args)
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns tabayun");
        let status_path = format!("/proc/{}/status", child.id());
        let mut peak = None;
        while child.try_wait().expect("waits").is_none() {
            if let Some(kb) = std::fs::read_to_string(&status_path).ok().and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            }) {
                peak = Some(peak.unwrap_or(0).max(kb));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        (
            child.wait_with_output().expect("collects"),
            peak,
            "VmHWM polling",
        )
    };
    Measured {
        status: output.status,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        peak_kb,
        how,
        elapsed: started.elapsed(),
    }
}

/// Prints a memory figure straight to the process's stderr, past libtest's capture.
fn report_peak(what: &str, m: &Measured) {
    let peak = m.peak_kb.map_or_else(
        || "unknown".to_owned(),
        |kb| format!("{:.1} MB", kb as f64 / 1024.0),
    );
    let _ = writeln!(
        std::io::stderr(),
        "PEAK RSS {what}: {peak} ({}; exit {:?}; {:.1} s)",
        m.how,
        m.status.code(),
        m.elapsed.as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------
// Binary files
// ---------------------------------------------------------------------------------------------

#[test]
fn png_image() {
    assert!(corpus_bytes("pixel.png").starts_with(b"\x89PNG\r\n\x1a\n"));
    let png = corpus("pixel.png");
    for out in [
        tabayun(&["diff", &png, SEED_A]),
        tabayun(&["diff", SEED_A, &png, "--format", "json"]),
    ] {
        assert_error(&out, "binary file, not text (looks like a PNG image)", &png);
    }
}

#[test]
fn elf_executable() {
    assert!(corpus_bytes("exit0.elf").starts_with(b"\x7fELF"));
    let elf = corpus("exit0.elf");
    assert_error(
        &tabayun(&["diff", SEED_A, &elf]),
        "binary file, not text (looks like an ELF executable)",
        &elf,
    );
    // The test binary itself: a large real executable.
    let me = std::env::current_exe().expect("test binary path");
    let me = me.to_str().expect("UTF-8 path");
    assert_error(
        &tabayun(&["diff", me, SEED_A, "--max-size", "4000000000"]),
        "binary file, not text (looks like an ELF executable)",
        me,
    );
}

// ---------------------------------------------------------------------------------------------
// Empty and tiny files
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_file() {
    assert!(corpus_bytes("empty.txt").is_empty());
    let empty = corpus("empty.txt");
    assert_error(&tabayun(&["diff", &empty, SEED_A]), "file is empty", &empty);
    // A byte-order mark and nothing else is empty too.
    let s = Scratch::new("bom-only");
    let bom = s.file("bom.txt", b"\xEF\xBB\xBF");
    assert_error(&tabayun(&["diff", SEED_A, &bom]), "file is empty", &bom);
}

#[test]
fn one_byte_file() {
    assert_eq!(corpus_bytes("one-byte.txt"), b"x");
    let x = corpus("one-byte.txt");
    let j = diff_json(&x, &x, &[], 0);
    assert_eq!(j["a"]["text"], "x");
    assert_eq!(j["a"]["encoding"], "UTF-8");
    assert_eq!(j["a"]["bytes"], 1);
    assert_eq!(j["stats"]["a"]["shared"], 1);
    let j = diff_json(&x, SEED_A, &[], 1);
    assert_eq!(kinds_at(&j, "a", "x"), ["unique"]);

    // Every possible one-byte file: a clear refusal or a comparison, never a panic.
    let s = Scratch::new("one-byte");
    for b in 0..=255u8 {
        let path = s.file(&format!("byte-{b:02x}.txt"), &[b]);
        let out = tabayun(&["diff", &path, &path, "--format", "json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_no_panic(out.status, &stderr);
        match out.status.code() {
            Some(2) => {
                let reason =
                    if b == 0 || b == 0x7F || (b < 0x20 && !b"\t\n\x0b\x0c\r\x1a\x1b".contains(&b))
                    {
                        "binary file, not text"
                    } else {
                        "file has no text, only whitespace"
                    };
                assert_error(&out, reason, &path);
            }
            Some(0) => {
                let j: Value = serde_json::from_slice(&out.stdout).expect("JSON");
                assert_contract(&j);
                let expected = if b.is_ascii() {
                    "UTF-8"
                } else {
                    "windows-1256"
                };
                assert_eq!(j["a"]["encoding"], expected, "byte {b:#04x}");
                assert_eq!(j["a"]["bytes"], 1);
            }
            other => panic!("byte {b:#04x}: exit {other:?}: {stderr}"),
        }
    }
    // Spot checks: a lone Arabic lead byte is windows-1256 ط, NBSP is whitespace.
    let j = diff_json(&s.file("d8.txt", b"\xD8"), SEED_A, &[], 1);
    assert_eq!(j["a"]["text"], "ط");
    let nbsp = s.path("byte-a0.txt");
    let nbsp = nbsp.to_str().expect("path");
    assert_error(
        &tabayun(&["diff", nbsp, SEED_A]),
        "file has no text, only whitespace",
        nbsp,
    );
}

#[test]
fn only_whitespace() {
    let bytes = corpus_bytes("whitespace-only.txt");
    let text = std::str::from_utf8(&bytes).expect("UTF-8 fixture");
    // Spaces, tab, NBSP, em and ideographic spaces, ZWSP, RLM, BOM, CRLF, CR, FF, VT.
    assert!(text.contains('\u{3000}') && text.contains("\r\n") && text.contains('\u{200F}'));
    let ws = corpus("whitespace-only.txt");
    assert_error(
        &tabayun(&["diff", SEED_A, &ws]),
        "file has no text, only whitespace",
        &ws,
    );
}

#[test]
fn only_diacritics() {
    // Harakat, shadda, sukun, tatweel, superscript alef: marks without a letter to sit on.
    // Not refused (they are not whitespace), but they hold no word: the side compares as text
    // with zero words, kept exactly as it was.
    let bytes = corpus_bytes("diacritics-only.txt");
    let path = corpus("diacritics-only.txt");
    let j = diff_json(&path, SEED_A, &[], 1);
    assert_eq!(j["a"]["text"].as_str().map(str::as_bytes), Some(&bytes[..]));
    assert_eq!(j["stats"]["a"]["words"], 0);
    let segs = j["a"]["segments"].as_array().expect("segments");
    assert_eq!(segs.len(), 1, "one segment covers the marks");
    assert_eq!(segs[0]["kind"], "unique");
    assert_eq!(segs[0]["words"], 0);
    assert_eq!(j["stats"]["b"]["unique"], j["stats"]["b"]["words"]);
    // Against itself: no words on either side, so the same.
    diff_json(&path, &path, &[], 0);
    diff_json(&path, &path, &["--keep-diacritics"], 0);
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

#[test]
fn utf16_without_bom() {
    let bytes = corpus_bytes("utf16le-no-bom.txt");
    assert!(!bytes.starts_with(b"\xFF\xFE") && !bytes.starts_with(b"\xFE\xFF"));
    let clean = String::from_utf8(corpus_bytes("arabic-clean.txt")).expect("UTF-8");
    let j = diff_json(
        &corpus("utf16le-no-bom.txt"),
        &corpus("arabic-clean.txt"),
        &[],
        0,
    );
    assert_eq!(j["a"]["encoding"], "UTF-16LE");
    assert_eq!(j["a"]["text"], clean.as_str(), "decoded, CRLF normalised");
    assert_eq!(j["a"]["bytes"], bytes.len());
    // The same text big-endian.
    let s = Scratch::new("utf16be");
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let be: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    let j = diff_json(&s.file("be.txt", &be), &corpus("arabic-clean.txt"), &[], 0);
    assert_eq!(j["a"]["encoding"], "UTF-16BE");
    assert_eq!(j["a"]["text"], clean.as_str());
}

#[test]
fn invalid_utf8_inside_arabic() {
    let bytes = corpus_bytes("invalid-utf8-mid-arabic.txt");
    assert!(std::str::from_utf8(&bytes).is_err());
    let j = diff_json(
        &corpus("invalid-utf8-mid-arabic.txt"),
        &corpus("arabic-clean.txt"),
        &[],
        1,
    );
    // Stays UTF-8 (no windows-1256 mojibake of every letter); each bad sequence becomes one
    // U+FFFD, exactly as a lossy UTF-8 decoder does, and nothing else changes.
    assert_eq!(j["a"]["encoding"], "UTF-8");
    let text = j["a"]["text"].as_str().expect("text");
    assert_eq!(text, String::from_utf8_lossy(&bytes));
    assert_eq!(text.matches('\u{FFFD}').count(), 3);
    assert_eq!(j["a"]["bytes"], bytes.len());
    // The corrupted word is a variant of the clean one; the words around it are shared.
    assert_eq!(kinds_at(&j, "a", "ال\u{FFFD}روسي"), ["variant"]);
    assert_eq!(kinds_at(&j, "a", "فلاديمير"), ["shared"]);
    assert_eq!(kinds_at(&j, "a", "بوتين"), ["shared"]);
    assert_eq!(j["stats"]["a"]["unique"], 0);
}

#[test]
fn windows_1256_arabic() {
    let bytes = corpus_bytes("windows-1256.txt");
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let clean = String::from_utf8(corpus_bytes("arabic-clean.txt")).expect("UTF-8");
    let j = diff_json(
        &corpus("windows-1256.txt"),
        &corpus("arabic-clean.txt"),
        &[],
        0,
    );
    assert_eq!(j["a"]["encoding"], "windows-1256");
    assert_eq!(j["a"]["text"], clean.as_str());
    assert_eq!(j["b"]["encoding"], "UTF-8");
}

#[test]
fn mixed_line_endings() {
    let bytes = corpus_bytes("mixed-newlines.txt");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    assert!(bytes.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n'));
    let lf = String::from_utf8(corpus_bytes("mixed-newlines-lf.txt")).expect("UTF-8");
    let j = diff_json(
        &corpus("mixed-newlines.txt"),
        &corpus("mixed-newlines-lf.txt"),
        &[],
        0,
    );
    // CRLF, lone CR and CR CR LF all end one line each.
    let text = j["a"]["text"].as_str().expect("text");
    assert!(!text.contains('\r'));
    assert_eq!(text, lf);
    assert_eq!(text.lines().count(), 7);
}

// ---------------------------------------------------------------------------------------------
// Big files
// ---------------------------------------------------------------------------------------------

const BIG: usize = 200_000_000;

#[test]
fn single_line_200mb_refused_before_reading() {
    let s = Scratch::new("big-refused");
    let big = s.path("big.txt");
    write_single_line(&big, BIG);
    let big = big.to_str().expect("path");
    let m = measure(&s, &["diff", big, SEED_A], &s.path("stdout"));
    report_peak("200 MB single line, default limit (refused)", &m);
    assert_no_panic(m.status, &m.stderr);
    assert_eq!(m.status.code(), Some(2));
    assert_eq!(
        m.stderr,
        format!(
            "tabayun: file too large (200.0 MB, limit 50.0 MB; raise it with --max-size): {big}\n"
        )
    );
    // Refused from the metadata: the file was never read into memory.
    if let Some(kb) = m.peak_kb {
        assert!(kb < 40 * 1024, "peak {kb} KB: the 200 MB file was read");
    }
    // The same as side B, and with a limit just below the size.
    assert_error(
        &tabayun(&["diff", SEED_A, big, "--max-size", "199999999"]),
        "file too large (200000000 bytes, limit 199999999 bytes; raise it with --max-size)",
        big,
    );
}

/// With the limit raised, the 200 MB line is compared (or refused cleanly); peak memory is
/// reported. Ignored by default: in a debug build the comparison takes minutes. Run with
/// `cargo test --release --test nasty -- --ignored single_line_200mb_raised_limit`.
#[test]
#[ignore = "slow in debug builds; run in release with --ignored"]
fn single_line_200mb_raised_limit() {
    let s = Scratch::new("big-raised");
    let big = s.path("big.txt");
    write_single_line(&big, BIG);
    let big = big.to_str().expect("path");
    let report = s.path("report.json");
    let m = measure(
        &s,
        &[
            "diff",
            big,
            SEED_A,
            "--max-size",
            "300000000",
            // The random word salad holds "إقرأ أيضا" here and there, which would make the
            // words after it boilerplate; keep it all as body so every word goes through the
            // engine.
            "--keep-boilerplate",
            "-o",
            report.to_str().expect("path"),
        ],
        &s.path("stdout"),
    );
    report_peak("200 MB single line, --max-size 300000000 (compared)", &m);
    assert_no_panic(m.status, &m.stderr);
    match m.status.code() {
        Some(1) => {
            assert!(m.stderr.is_empty(), "{}", m.stderr);
            let j: Value =
                serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
            assert_contract(&j);
            assert_eq!(j["a"]["bytes"], BIG);
            assert_eq!(j["a"]["text"].as_str().map(str::len), Some(BIG));
            assert!(
                j["stats"]["a"]["words"].as_u64() > Some(10_000_000),
                "all words counted"
            );
            let _ = writeln!(
                std::io::stderr(),
                "200 MB compare: {} words in A, fallbacks {}",
                j["stats"]["a"]["words"],
                j["fallbacks"]
            );
        }
        Some(2) => assert_eq!(m.stderr.lines().count(), 1, "{}", m.stderr),
        other => panic!("exit {other:?}: {}", m.stderr),
    }
}

#[test]
fn million_empty_lines() {
    let s = Scratch::new("million-lines");
    // Only empty lines: no text.
    let blank = s.file("blank.txt", &b"\n".repeat(1_000_000));
    let m = measure(&s, &["diff", &blank, SEED_A], &s.path("stdout"));
    report_peak("1M empty lines (refused: only whitespace)", &m);
    assert_no_panic(m.status, &m.stderr);
    assert_eq!(m.status.code(), Some(2));
    assert_eq!(
        m.stderr,
        format!("tabayun: file has no text, only whitespace: {blank}\n")
    );

    // A word, a million empty lines (CRLF), a word: compared with the two words on two lines.
    let mut bytes = "بداية\r\n".as_bytes().to_vec();
    bytes.extend_from_slice(&b"\r\n".repeat(1_000_000));
    bytes.extend_from_slice("نهاية\r\n".as_bytes());
    let tall = s.file("tall.txt", &bytes);
    let short = s.file("short.txt", "بداية\nنهاية\n".as_bytes());
    let out_path = s.path("report.json");
    let m = measure(
        &s,
        &[
            "diff",
            &tall,
            &short,
            "-o",
            out_path.to_str().expect("path"),
        ],
        &s.path("stdout"),
    );
    report_peak("1M empty lines between two words (compared)", &m);
    assert_no_panic(m.status, &m.stderr);
    assert_eq!(m.status.code(), Some(0), "same words: {}", m.stderr);
    let j: Value =
        serde_json::from_slice(&std::fs::read(&out_path).expect("report")).expect("JSON");
    assert_contract(&j);
    let text = j["a"]["text"].as_str().expect("text");
    assert_eq!(text.matches('\n').count(), 1_000_002, "every line kept");
    assert!(!text.contains('\r'));
    assert_eq!(j["stats"]["a"]["shared"], 2);
    if let Some(kb) = m.peak_kb {
        assert!(kb < 500 * 1024, "peak {kb} KB for a 2 MB file");
    }
}

// ---------------------------------------------------------------------------------------------
// Invisible and combining characters
// ---------------------------------------------------------------------------------------------

#[test]
fn bidi_controls_trojan_source() {
    let bytes = corpus_bytes("bidi-trojan-source.txt");
    let original = std::str::from_utf8(&bytes).expect("UTF-8 fixture");
    // Every embedding, override and isolate (the directional marks are not in the fixture).
    for (c, name) in
        bidi_controls().filter(|(c, _)| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}'))
    {
        assert!(original.contains(c), "fixture holds {name}");
    }
    // The controls are invisible to matching: the same words as the text without them.
    let j = diff_json(
        &corpus("bidi-trojan-source.txt"),
        &corpus("bidi-trojan-source-stripped.txt"),
        &[],
        0,
    );
    // …and kept, every one, in the compared text.
    assert_eq!(j["a"]["text"], original);
    assert_eq!(j["a"]["bytes"], bytes.len());
    assert_eq!(j["stats"]["a"]["unique"], 0);
    assert_eq!(j["stats"]["b"]["unique"], 0);
    // A real difference hidden by an override is still found: "txt.exe" is unique against
    // the seed.
    let j = diff_json(&corpus("bidi-trojan-source.txt"), SEED_A, &[], 1);
    assert_eq!(kinds_at(&j, "a", "txt.exe"), ["unique"]);
}

#[test]
fn bidi_trojan_source_reports_show_markers() {
    let original = String::from_utf8(corpus_bytes("bidi-trojan-source.txt")).expect("UTF-8");
    let expected = bidi_markers(&original);
    assert_eq!(expected.len(), 30);
    let s = Scratch::new("trojan-reports");
    // The terminal diff shows them as markers too, in order.
    let out = tabayun(&["diff", "tests/corpus/bidi-trojan-source.txt", SEED_A]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8 diff");
    for (c, short) in bidi_controls() {
        assert!(!text.contains(c), "raw {short} in the terminal diff");
    }
    let shown: Vec<&str> = text
        .match_indices('\u{27E6}')
        .filter_map(|(i, _)| text[i..].find('\u{27E7}').map(|j| &text[i..i + j + 3]))
        .collect();
    assert_eq!(shown, expected, "text format");
    for (name, inline) in [("r.html", false), ("inline.html", true), ("r.md", false)] {
        let path = s.path(name);
        let path = path.to_str().expect("path");
        let mut args = vec![
            "diff",
            "tests/corpus/bidi-trojan-source.txt",
            SEED_A,
            "-o",
            path,
        ];
        if inline {
            args.push("--inline");
        }
        let out = tabayun(&args);
        assert_no_panic(out.status, &String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(1));
        let report = std::fs::read_to_string(path).expect("report");
        for (c, short) in bidi_controls() {
            assert!(!report.contains(c), "{name}: raw {short} in the report");
        }
        if name.ends_with(".md") {
            // In the word diff and in the unique-passage list: each control at least once.
            for marker in &expected {
                let want = expected.iter().filter(|m| *m == marker).count();
                assert!(
                    report.matches(marker.as_str()).count() >= want,
                    "{name}: {marker}"
                );
            }
            continue;
        }
        // HTML: the article column shows every control, in order, as a marker element.
        let doc = Html::parse_document(&report);
        let side = if inline { "#side-ab" } else { "#side-a" };
        let sel = Selector::parse(&format!("{side} span.ctl")).expect("selector");
        let shown: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
        assert_eq!(shown, expected, "{name}");
        for e in doc.select(&sel) {
            let title = e.value().attr("title").expect("marker title");
            assert!(title.starts_with("U+2"), "{title}");
        }
    }
}

#[test]
fn stacked_combining_marks() {
    let text = String::from_utf8(corpus_bytes("stacked-marks.txt")).expect("UTF-8");
    assert!(text.contains(&"\u{0651}\u{064E}".repeat(500)));
    assert!(text.contains(&"\u{0301}".repeat(1000)));
    let marks = corpus("stacked-marks.txt");
    let bare = corpus("stacked-marks-bare.txt");
    // Harakat are ignored by default: ب with 1000 harakat is ب. The Latin acute accent is not a
    // haraka: a with 1000 acutes is another word than a.
    let j = diff_json(&marks, &bare, &[], 1);
    assert_eq!(j["a"]["text"], text.as_str());
    assert_eq!(kinds_at(&j, "a", "ب\u{0651}"), ["shared"]);
    assert_eq!(kinds_at(&j, "a", "a\u{0301}"), ["unique"]);
    assert_eq!(j["stats"]["a"]["unique"], 1);
    // With harakat compared, the stacked letter differs too.
    let j = diff_json(&marks, &bare, &["--keep-diacritics"], 1);
    assert_ne!(kinds_at(&j, "a", "ب\u{0651}"), ["shared"]);
    // And against itself it is the same.
    diff_json(&marks, &marks, &["--keep-diacritics"], 0);
    // The HTML report renders it.
    let s = Scratch::new("stacked-html");
    let html = s.path("r.html");
    let out = tabayun(&["diff", &marks, &bare, "-o", html.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        std::fs::read_to_string(&html)
            .expect("report")
            .contains(&"\u{0301}".repeat(1000))
    );
}

#[test]
fn zero_width_joiners() {
    let text = String::from_utf8(corpus_bytes("zwj-zwnj.txt")).expect("UTF-8");
    let zwnj = text.matches('\u{200C}').count();
    let zwj = text.matches('\u{200D}').count();
    assert!(zwnj >= 3 && zwj >= 3);
    // ZWNJ/ZWJ are invisible to matching (شي‌جين is شيجين) and kept in the text.
    let j = diff_json(
        &corpus("zwj-zwnj.txt"),
        &corpus("zwj-zwnj-bare.txt"),
        &[],
        0,
    );
    let a = j["a"]["text"].as_str().expect("text");
    assert_eq!(a, text);
    assert_eq!(a.matches('\u{200C}').count(), zwnj);
    assert_eq!(a.matches('\u{200D}').count(), zwj);
    assert_eq!(j["stats"]["a"]["shared"], 5);
    assert_eq!(j["stats"]["b"]["shared"], 5);
}

// ---------------------------------------------------------------------------------------------
// Paths that are not readable files
// ---------------------------------------------------------------------------------------------

#[test]
fn directory() {
    assert_error(
        &tabayun(&["diff", "tests/corpus", SEED_A]),
        "is a directory, not a file",
        "tests/corpus",
    );
    assert_error(
        &tabayun(&["diff", SEED_A, "tests/corpus/"]),
        "is a directory, not a file",
        "tests/corpus/",
    );
}

#[test]
fn missing_path() {
    assert_error(
        &tabayun(&["diff", "tests/corpus/no-such-file.txt", SEED_A]),
        "no such file",
        "tests/corpus/no-such-file.txt",
    );
    // A parent component that is a file, not a folder.
    let under_file = format!("{SEED_A}/article.txt");
    assert_error(
        &tabayun(&["diff", SEED_A, &under_file]),
        "no such file",
        &under_file,
    );
    // A symlink to nowhere.
    let s = Scratch::new("dangling");
    let link = s.path("dangling.txt");
    std::os::unix::fs::symlink(s.path("gone.txt"), &link).expect("symlink");
    let link = link.to_str().expect("path");
    assert_error(&tabayun(&["diff", link, SEED_A]), "no such file", link);
}

/// True when a mode-000 file can still be opened (root, or CAP_DAC_OVERRIDE).
fn permissions_are_bypassed(scratch: &Scratch) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let probe = scratch.path("probe");
    std::fs::write(&probe, b"probe").expect("writes probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let bypassed = std::fs::File::open(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    bypassed
}

#[test]
fn unreadable_file() {
    // /proc/self/mem fails with EIO from offset 0 for every user, root included.
    assert_error(
        &tabayun(&["diff", SEED_A, "/proc/self/mem"]),
        "cannot read file (",
        "/proc/self/mem",
    );
    let s = Scratch::new("unreadable");
    if permissions_are_bypassed(&s) {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED unreadable_file (chmod 000 part): running with permission override (root)"
        );
        return;
    }
    use std::os::unix::fs::PermissionsExt as _;
    let locked = s.file("locked.txt", "نص".as_bytes());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    assert_error(
        &tabayun(&["diff", &locked, SEED_A]),
        "cannot read file (Permission denied",
        &locked,
    );
}

#[test]
fn devices() {
    // Endless: the read is bounded by the limit and refused without a size.
    assert_error(
        &tabayun(&["diff", "/dev/zero", SEED_A, "--max-size", "1000"]),
        "file too large (more than 1.0 KB, limit 1.0 KB; raise it with --max-size)",
        "/dev/zero",
    );
    let m = {
        let s = Scratch::new("dev-zero");
        measure(&s, &["diff", "/dev/zero", SEED_A], &s.path("stdout"))
    };
    report_peak("/dev/zero, default limit (refused after 50 MB)", &m);
    assert_eq!(m.status.code(), Some(2));
    assert!(
        m.stderr
            .starts_with("tabayun: file too large (more than 50.0 MB")
    );
    assert_error(
        &tabayun(&["diff", "/dev/null", SEED_A]),
        "file is empty",
        "/dev/null",
    );
}

// ---------------------------------------------------------------------------------------------
// Export targets
// ---------------------------------------------------------------------------------------------

/// An export that must fail: exit 2, nothing on stdout, one line giving the reason and ending
/// with the path at fault (`names`).
#[track_caller]
fn assert_export_refused(target: &str, reason: &str, names: &str) {
    let out = tabayun(&[
        "diff",
        SEED_A,
        "tests/corpus/arabic-clean.txt",
        "-o",
        target,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic(out.status, &stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(
        stderr.starts_with(&format!("tabayun: {reason}")),
        "{stderr:?} lacks {reason:?}"
    );
    assert!(
        stderr.trim_end().ends_with(&format!(": {names}")),
        "{stderr:?} does not end with {names:?}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unwritable_export_target() {
    let s = Scratch::new("export");
    // The folder does not exist.
    let missing = s.path("no-such-folder/report.html");
    let missing_dir = s.path("no-such-folder");
    assert_export_refused(
        missing.to_str().expect("path"),
        "folder does not exist",
        missing_dir.to_str().expect("path"),
    );
    // The "folder" is a file.
    let file = s.file("plain-file", b"keep me");
    assert_export_refused(&format!("{file}/report.html"), "not a folder", &file);
    assert_eq!(std::fs::read(&file).expect("file"), b"keep me");
    // The target is a folder.
    let dir = s.path("a-folder");
    std::fs::create_dir(&dir).expect("mkdir");
    let dir = dir.to_str().expect("path");
    assert_export_refused(dir, "cannot write report (is a folder)", dir);
    // A folder nobody may create files in, root included.
    assert_export_refused(
        "/proc/tabayun-report.html",
        "cannot write report (",
        "/proc/tabayun-report.html",
    );
    assert_eq!(
        s.entries(),
        ["a-folder", "plain-file"],
        "nothing left behind"
    );

    // A read-only folder holding an earlier report: the report is kept as it was.
    if permissions_are_bypassed(&s) {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED unwritable_export_target (read-only folder part): permission override (root)"
        );
        return;
    }
    use std::os::unix::fs::PermissionsExt as _;
    let ro = s.path("read-only");
    std::fs::create_dir(&ro).expect("mkdir");
    let earlier = ro.join("report.html");
    std::fs::write(&earlier, b"earlier report").expect("writes");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let target = earlier.to_str().expect("path");
    assert_export_refused(target, "cannot write report (permission denied)", target);
    assert_eq!(std::fs::read(&earlier).expect("kept"), b"earlier report");
    assert_eq!(
        std::fs::read_dir(&ro).expect("lists").count(),
        1,
        "no temporary file left"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile names, pipes, and inputs that once took quadratic time
// ---------------------------------------------------------------------------------------------

#[test]
fn file_names_with_newline_or_bidi_control() {
    // A newline in the name would split the message; a raw RLO would reorder it on screen
    // ("evil<RLO>txt.exe" shows as "evilexe.txt"). Both are shown as the markers every display
    // uses, on one line.
    assert_error(
        &tabayun(&["diff", "no\nsuch.txt", SEED_A]),
        "no such file",
        "no\u{27E6}LF\u{27E7}such.txt",
    );
    assert_error(
        &tabayun(&["diff", "evil\u{202E}txt.exe", SEED_A]),
        "no such file",
        "evil\u{27E6}RLO\u{27E7}txt.exe",
    );
    // An existing file with such a name is read, and its name is kept as given in the JSON.
    let s = Scratch::new("names");
    let odd = s.file("odd\u{202E}txt.exe", "نص عربي".as_bytes());
    let j = diff_json(&odd, &odd, &[], 0);
    assert_eq!(j["a"]["path"], odd.as_str());
}

#[test]
fn named_pipe() {
    // A FIFO nobody writes to: refused as empty at once, not a hang in open().
    let s = Scratch::new("fifo");
    let fifo = s.path("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|st| st.success()), "mkfifo");
    let fifo = fifo.to_str().expect("path");
    let result = run_with_limit(&["diff", fifo, SEED_A], Duration::from_secs(10));
    let (status, _) = result.expect("tabayun diff on a FIFO still running after 10 s");
    assert_eq!(status.code(), Some(2));
    assert_error(&tabayun(&["diff", fifo, SEED_A]), "file is empty", fifo);
}

/// Runs tabayun with `args`; kills it after `limit`. `None` when it had to be killed.
fn run_with_limit(args: &[&str], limit: Duration) -> Option<(ExitStatus, Duration)> {
    let mut child = command(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            return Some((status, started.elapsed()));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A headline list of 40 000 bulleted lines (under 1 MB). Counting the bullet run around every
/// line used to be quadratic (100 000 lines: 98 s in release, past the deadline and Cancel).
#[test]
fn many_bulleted_lines() {
    let s = Scratch::new("bullets");
    let list: String = (0..40_000).map(|i| format!("- بند رقم {i}\n")).collect();
    let list = s.file("list.txt", list.as_bytes());
    let result = run_with_limit(&["diff", &list, SEED_A], Duration::from_secs(20));
    let (status, took) = result.expect("40 000 bulleted lines compared within 20 s");
    assert_eq!(status.code(), Some(1));
    let _ = writeln!(std::io::stderr(), "40 000 bulleted lines: {took:.1?}");
    // A run of bullets is boilerplate (a headline list), not article text.
    let j = diff_json(&list, SEED_A, &[], 1);
    assert_eq!(j["stats"]["a"]["words"], 0);
}

/// One long "word" (60 000 letters, 120 KB) on each side, differing in its last letter. The
/// variant test used to run edit distance on whole words, quadratic in their length (26 s in
/// release; ten times as long, hours).
#[test]
fn very_long_words() {
    let s = Scratch::new("long-words");
    let long = "ب".repeat(60_000);
    let a = s.file(
        "a.txt",
        format!("قال الرئيس {long}ا في المؤتمر\n").as_bytes(),
    );
    let b = s.file(
        "b.txt",
        format!("قال الرئيس {long}ت في المؤتمر\n").as_bytes(),
    );
    let result = run_with_limit(&["diff", &a, &b], Duration::from_secs(20));
    let (status, took) = result.expect("two 120 KB words compared within 20 s");
    assert_eq!(status.code(), Some(1));
    let _ = writeln!(std::io::stderr(), "two 60 000-letter words: {took:.1?}");
    let j = diff_json(&a, &b, &[], 1);
    assert_eq!(j["stats"]["a"]["shared"], 4);
    assert_eq!(j["stats"]["a"]["unique"], 1);
}

// ---------------------------------------------------------------------------------------------
// Fuzz findings
// ---------------------------------------------------------------------------------------------

/// Found by the `align` fuzz target: a name split on one side and merged on the other, before
/// the shared words on one side and after them on the other. The engine pairs the name as a
/// variant across the in-order shared words without marking it moved, and the text diff then
/// panicked (`segments[end - 1]` with `end == 0`, exit 101) or, with a word in front on B, looped
/// forever printing `{++}` (350 MB in 5 s). Fixed in `src/report/text.rs` (`Out::run` always
/// consumes at least the segment it was called for).
#[test]
fn split_name_out_of_order() {
    let s = Scratch::new("split-name");
    let a = s.file("a.txt", "قال جين بينغ في الرئيس\n".as_bytes());
    let b = s.file("b.txt", "في الرئيس جينبينغ\n".as_bytes());
    let b2 = s.file("b2.txt", "كلمة في الرئيس جينبينغ\n".as_bytes());
    for (b, extra) in [
        (&b, None),
        (&b2, None),
        (&b, Some("--no-moves")),
        (&b2, Some("--inline")),
    ] {
        let no_moves = extra == Some("--no-moves");
        for format in ["text", "json", "html", "md"] {
            let mut args = vec!["diff", &a, b, "--format", format];
            args.extend(extra);
            let mut child = command(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawns");
            // Read at most 1 MB: an endless writer must not fill the memory of the test.
            let mut stdout = Vec::new();
            let mut pipe = child.stdout.take().expect("stdout");
            let reader = std::thread::spawn(move || {
                use std::io::Read as _;
                let _ = (&mut pipe).take(1 << 20).read_to_end(&mut stdout);
                stdout
            });
            let started = Instant::now();
            let status = loop {
                if let Some(status) = child.try_wait().expect("waits") {
                    break status;
                }
                if started.elapsed() > Duration::from_secs(10) {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("{args:?} still running after 10 s");
                }
                std::thread::sleep(Duration::from_millis(10));
            };
            let stdout = reader.join().expect("reader");
            let mut stderr = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read as _;
                let _ = e.read_to_string(&mut stderr);
            }
            assert_no_panic(status, &stderr);
            assert_eq!(status.code(), Some(1), "{args:?}: {stderr}");
            assert!(
                stdout.len() < 64 * 1024,
                "{args:?}: {} bytes of output",
                stdout.len()
            );
            let out = String::from_utf8(stdout).expect("UTF-8");
            match format {
                // The name crosses "في الرئيس": a moved variant on both sides, or, without move
                // detection, text unique to each side.
                "text" if no_moves => {
                    assert!(out.contains("[-قال جين بينغ-]"), "{out}");
                    assert!(out.contains("{+جينبينغ+}"), "{out}");
                }
                "text" => {
                    assert!(out.contains("[<M0 جين بينغ<]"), "{out}");
                    assert!(out.contains("{>M0 جينبينغ>}"), "{out}");
                    assert!(out.contains("في الرئيس"), "{out}");
                }
                "json" => {
                    let j: Value = serde_json::from_str(&out).expect("JSON");
                    assert_contract(&j);
                    let name = if no_moves { "unique" } else { "variant" };
                    assert_eq!(kinds_at(&j, "a", "جين بينغ"), [name]);
                    assert_eq!(kinds_at(&j, "a", "في الرئيس"), ["shared"]);
                }
                _ => assert!(out.contains("جينبينغ")),
            }
        }
    }
}

/// Regression (fixed in src/engine/align.rs: name pairs are checked against every in-order
/// anchor, not only the tiles). The same input: the variant pair crossed the in-order shared
/// words (A: name, shared; B: shared, name), yet neither was marked moved, against the contract
/// ("moved: shared or variant text that is out of order relative to the other side"). Consumers
/// that walk the two sides in step (the text diff, the inline HTML and Markdown walks, the
/// window's linking) assume in-order links never cross; `assert_contract` checks it everywhere.
#[test]
fn out_of_order_variant_is_marked_moved() {
    let s = Scratch::new("crossing");
    let a = s.file("a.txt", "قال جين بينغ في الرئيس\n".as_bytes());
    let b = s.file("b.txt", "في الرئيس جينبينغ\n".as_bytes());
    for extra in [&[][..], &["--no-moves"][..]] {
        let j = diff_json(&a, &b, extra, 1);
        let segs = j["a"]["segments"].as_array().expect("segments");
        let in_order: Vec<u64> = segs
            .iter()
            .filter(|s| s["moved"] == false)
            .filter_map(|s| s["link"].as_u64())
            .collect();
        assert!(
            in_order.windows(2).all(|w| w[0] < w[1]),
            "in-order links cross ({extra:?}): {in_order:?}"
        );
    }
}
