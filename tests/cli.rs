//! `tabayun diff` as a user runs it: exit status, stderr, the JSON contract, formats.

mod common;

use std::process::Output;

use common::{SEED_A, SEED_B, Scratch, assert_contract, assert_error, tabayun};
use serde_json::Value;

/// `tabayun diff SEED_A SEED_B EXTRA…`.
fn seeds_diff(extra: &[&str]) -> Output {
    let mut args = vec!["diff", SEED_A, SEED_B];
    args.extend_from_slice(extra);
    tabayun(&args)
}

fn seeds_json() -> Value {
    let out = seeds_diff(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "the seeds differ");
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Kinds of the segments that hold each word of `phrase` in side `side`.
fn kinds(json: &Value, side: &str, phrase: &str) -> Vec<String> {
    let text = json[side]["text"].as_str().expect("text");
    let start = text.find(phrase).expect("phrase present");
    let segs = json[side]["segments"].as_array().expect("segments");
    let mut offset = start;
    phrase
        .split_whitespace()
        .map(|w| {
            let at = text[offset..].find(w).expect("word") + offset;
            offset = at + w.len();
            let s = segs
                .iter()
                .find(|s| {
                    s["start"].as_u64() <= Some(at as u64) && Some(at as u64) < s["end"].as_u64()
                })
                .expect("segment");
            s["kind"].as_str().expect("kind").to_owned()
        })
        .collect()
}

#[test]
fn json_contract_fields_and_tiling() {
    let j = seeds_json();
    // Tiling, symmetric links, moves and counts: the contract every comparison keeps.
    assert_contract(&j);
    for side in ["a", "b"] {
        assert!(
            j[side]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(".txt"))
        );
        assert_eq!(j[side]["encoding"], "UTF-8");
        for s in j[side]["segments"].as_array().expect("segments") {
            let kind = s["kind"].as_str().expect("kind");
            assert!(["shared", "variant", "unique", "boilerplate"].contains(&kind));
            assert!(s["moved"].is_boolean());
            assert!(s["move"].is_null() || s["move"].is_u64(), "{s}");
        }
        for field in ["words", "shared", "moved", "variant", "unique"] {
            assert!(j["stats"][side][field].is_u64(), "stats.{side}.{field}");
        }
    }
    assert!(
        j["stats"]["similarity"]
            .as_f64()
            .is_some_and(|s| (0.0..=1.0).contains(&s))
    );
    assert_eq!(j["options"]["diacritics"], true);
    assert_eq!(j["options"]["hamza"], false);
}

#[test]
fn seeds_json_shows_the_divergence() {
    let j = seeds_json();
    let all = |side: &str, phrase: &str, kind: &str| {
        let k = kinds(&j, side, phrase);
        assert!(k.iter().all(|x| x == kind), "{phrase}: {k:?}");
    };
    all("b", "سياسة الاحتواء المزدوج", "unique");
    all("b", "وحل الصراع في الشرق الأوسط", "unique");
    all("a", "نظام عالمي متعدد الأقطاب وأكثر عدالة", "shared");
    all("b", "نظام عالمي متعدد الأقطاب وأكثر عدالة", "shared");
    all("b", "تنمية زخم جديد للتعاون", "shared");
    all("a", "جين بينغ", "variant");
    all("b", "أوتشاكوف", "variant");
    all("b", "مقالات مشابهة", "boilerplate");
}

#[test]
fn identical_files_exit_zero() {
    let out = tabayun(&["diff", SEED_A, SEED_A]);
    assert_eq!(out.status.code(), Some(0));
    let dir = Scratch::new("normalised");
    let a = dir.file("a.txt", "قالَ الرئيسُ: «نعم».\n".as_bytes());
    let b = dir.file("b.txt", "قال الرئيس نعم\r\n".as_bytes());
    assert_eq!(tabayun(&["diff", &a, &b]).status.code(), Some(0));
    assert_eq!(
        tabayun(&["diff", &a, &b, "--keep-diacritics"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn missing_path() {
    assert_error(
        &tabayun(&["diff", SEED_A, "no/such/file.txt"]),
        "no such file",
        "no/such/file.txt",
    );
}

#[test]
fn directory() {
    assert_error(
        &tabayun(&["diff", "seeds", SEED_B]),
        "is a directory",
        "seeds",
    );
}

#[test]
fn unreadable_path() {
    // Reading /proc/self/mem from offset 0 fails for every user, root included.
    assert_error(
        &tabayun(&["diff", SEED_A, "/proc/self/mem"]),
        "cannot read file",
        "/proc/self/mem",
    );
}

#[test]
fn binary_file() {
    let dir = Scratch::new("binary");
    let png = dir.file("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    assert_error(&tabayun(&["diff", &png, SEED_B]), "binary file", &png);
    let elf = dir.file("prog", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0");
    assert_error(&tabayun(&["diff", SEED_A, &elf]), "binary file", &elf);
}

#[test]
fn empty_and_whitespace_files() {
    let dir = Scratch::new("empty");
    let empty = dir.file("empty.txt", b"");
    assert_error(&tabayun(&["diff", &empty, SEED_B]), "file is empty", &empty);
    let blank = dir.file("blank.txt", b" \n\t\r\n ");
    assert_error(
        &tabayun(&["diff", SEED_A, &blank]),
        "file has no text, only whitespace",
        &blank,
    );
}

#[test]
fn file_over_the_size_limit() {
    let out = tabayun(&["diff", SEED_A, SEED_B, "--max-size", "1000"]);
    assert_error(&out, "file too large", SEED_A);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-size"));
}

/// Word offsets are 32-bit: a limit above 4 GiB would let the engine stop tokenising silently,
/// so the flag refuses it (a usage error, exit 2, before any file is read).
#[test]
fn size_limit_above_four_gib_is_refused() {
    let out = tabayun(&["diff", SEED_A, SEED_B, "--max-size", "4294967296"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--max-size") && stderr.contains("4294967295"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = tabayun(&["diff", SEED_A, SEED_B, "--max-size", "4294967295"]);
    assert_eq!(out.status.code(), Some(1), "the largest limit is accepted");
}

#[test]
fn unwritable_export_target() {
    let out = tabayun(&["diff", SEED_A, SEED_B, "-o", "/no/such/folder/report.html"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("/no/such/folder"), "{stderr}");
}

#[test]
fn windows_1256_and_utf16_are_decoded_and_reported() {
    let dir = Scratch::new("encodings");
    let text = std::fs::read_to_string(SEED_A).expect("seed");
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
    let a = dir.file("legacy.txt", &cp1256);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let b = dir.file("utf16.txt", &utf16);
    let out = tabayun(&["diff", &a, &b, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["a"]["encoding"], "windows-1256");
    assert_eq!(j["b"]["encoding"], "UTF-16LE");
}

#[test]
fn output_file_format_follows_extension() {
    let dir = Scratch::new("formats");
    for (name, probe) in [
        ("r.json", "\"version\""),
        ("r.md", "#"),
        ("r.html", "<!DOCTYPE html"),
        ("r.txt", "similarity"),
    ] {
        let path = dir.path(name);
        let out = tabayun(&[
            "diff",
            SEED_A,
            SEED_B,
            "-o",
            path.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
        let body = std::fs::read_to_string(&path).expect("report written");
        assert!(
            body.to_ascii_lowercase()
                .contains(&probe.to_ascii_lowercase()),
            "{name}"
        );
    }
}

#[test]
fn text_format_colour_switch() {
    let plain = tabayun(&["diff", SEED_A, SEED_B]);
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    assert!(text.contains("{+وحل الصراع في الشرق الأوسط+}"));
    let coloured = tabayun(&["diff", SEED_A, SEED_B, "--color", "always"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}["));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(tabayun(&["diff", SEED_A]).status.code(), Some(2));
    assert_eq!(
        tabayun(&["diff", SEED_A, SEED_B, "--format", "docx"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        tabayun(&["diff", SEED_A, SEED_B, "--min-move", "1"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn deadline_fallback_is_reported_and_output_stays_valid() {
    let out = seeds_diff(&["--format", "json", "--timeout-secs", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let fallbacks = j["fallbacks"].as_array().expect("fallbacks");
    assert!(
        fallbacks
            .iter()
            .any(|f| f.as_str().is_some_and(|f| f.contains("time limit"))),
        "{fallbacks:?}"
    );
    let text = j["a"]["text"].as_str().expect("text");
    let last = j["a"]["segments"]
        .as_array()
        .and_then(|s| s.last())
        .expect("segments");
    assert_eq!(
        last["end"].as_u64(),
        Some(text.len() as u64),
        "segments still tile"
    );
    let plain = tabayun(&["diff", SEED_A, SEED_B, "--timeout-secs", "0"]);
    assert!(
        String::from_utf8_lossy(&plain.stdout)
            .contains("note: the search for moved passages hit its time limit")
    );
}

#[test]
fn output_onto_an_input_is_refused_and_the_article_kept() {
    let dir = Scratch::new("overwrite");
    let original = std::fs::read(SEED_A).expect("seed");
    let a = dir.file("a.txt", &original);
    let out = tabayun(&["diff", &a, SEED_B, "-o", &a]);
    assert_error(
        &out,
        "cannot write report (it would replace an article being compared)",
        &a,
    );
    assert_eq!(std::fs::read(&a).expect("still there"), original);
    // The same file under another name (a hard link) is the same article.
    let link = dir.path("link.txt");
    std::fs::hard_link(&a, &link).expect("links");
    let link = link.to_str().expect("UTF-8 path");
    let out = tabayun(&["diff", SEED_B, &a, "-o", link]);
    assert_error(
        &out,
        "cannot write report (it would replace an article being compared)",
        link,
    );
    assert_eq!(std::fs::read(&a).expect("still there"), original);
}

#[cfg(unix)]
#[test]
fn output_to_a_device_writes_into_it_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let out = seeds_diff(&["--format", "json", "-o", "/dev/null"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
}

#[test]
fn replaced_byte_sequences_are_reported() {
    let out = tabayun(&[
        "diff",
        "tests/corpus/invalid-utf8-mid-arabic.txt",
        "tests/corpus/arabic-clean.txt",
        "--format",
        "json",
    ]);
    let j: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(j["a"]["replaced"], 3);
    assert_eq!(j["b"]["replaced"], 0);
    let text = tabayun(&["diff", "tests/corpus/invalid-utf8-mid-arabic.txt", SEED_A]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("3 invalid byte sequence(s)"));
}

/// Issue 16: `--help` lists every subcommand, `--version` names the program, and users who
/// install with `cargo install` get completions and the manual page from the binary itself.
#[test]
fn help_version_completions_and_man_page() {
    let help = tabayun(&["--help"]);
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    for sub in ["diff", "coverage", "completions", "man"] {
        assert!(
            help.contains(&format!("  {sub} ")),
            "--help lists {sub}: {help}"
        );
    }
    let version = tabayun(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("tabayun {}", env!("CARGO_PKG_VERSION"))
    );
    for shell in ["bash", "zsh", "fish"] {
        let out = tabayun(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        // fish spells a long option `-l keep-diacritics`.
        assert!(
            script.contains("coverage") && script.contains("keep-diacritics"),
            "{shell} completes subcommands and switches"
        );
    }
    let man = tabayun(&["man"]);
    assert!(man.status.success());
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains(".TH tabayun 1"), "{page}");
    assert!(page.contains("coverage"), "the page names the subcommands");
    // Each subcommand has the page the main page refers to (tabayun-diff(1)).
    let diff_page = tabayun(&["man", "diff"]);
    assert!(diff_page.status.success());
    let diff_page = String::from_utf8_lossy(&diff_page.stdout);
    assert!(diff_page.contains(".TH tabayun-diff 1"), "{diff_page}");
    assert!(
        diff_page.contains("\\-\\-format"),
        "the diff page has its options"
    );
    let no_page = tabayun(&["man", "nosuch"]);
    assert_eq!(no_page.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_page.stderr).contains("no subcommand nosuch; pages: diff"));
    let bad = tabayun(&["completions", "nosuch"]);
    assert_eq!(bad.status.code(), Some(2));
}
