//! `tabayun diff A B --find WORDS`: exit status 0 / 1 / 3, the hits with context, and the JSON
//! byte ranges into the compared texts.

mod common;

use std::process::Output;

use common::{SEED_A, SEED_B, Scratch, assert_error, assert_no_panic, tabayun};
use serde_json::Value;

const A_TEXT: &str = "قالت الحكومة إن الحرب في أوكرانيا مستمرة منذ ٢٠٢٢.\nوأضافت أن كييف، عاصمة البلاد، تعرضت لهجوم.\n";
const B_TEXT: &str = "أعلنت اوكرانيا أن الهجوم على العاصمة كييف وقع فجرا في 2022.\nوقال الكرملين إنه لم يستهدف المدنيين.\n";

/// Writes the pair and runs `tabayun diff a b --find WORDS EXTRA…`.
fn find(words: &str, extra: &[&str]) -> (Output, Scratch) {
    let s = Scratch::new("cli-find");
    let a = s.file("a.txt", A_TEXT.as_bytes());
    let b = s.file("b.txt", B_TEXT.as_bytes());
    let mut args = vec!["diff", a.as_str(), b.as_str(), "--find", words];
    args.extend_from_slice(extra);
    (tabayun(&args), s)
}

fn stdout(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic(out.status, &stderr);
    assert!(stderr.is_empty(), "nothing on stderr: {stderr}");
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn json(words: &str, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (out, _s) = find(words, &args);
    let text = stdout(&out);
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    (v, out.status.code().expect("exit code"))
}

#[test]
fn found_on_both_sides_exits_0_and_prints_each_side_with_context() {
    // أوكرانيا in A, اوكرانيا in B: the alef switch makes them one word.
    let (out, _s) = find("أوكرانيا", &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("A: ") && lines[0].ends_with(": 1 hit"),
        "{text}"
    );
    assert!(lines[1].contains("في [*أوكرانيا*] مستمرة"), "{text}");
    assert!(lines[1].starts_with("  line 1: "), "{text}");
    assert!(
        lines[2].starts_with("B: ") && lines[2].ends_with(": 1 hit"),
        "{text}"
    );
    assert!(lines[3].contains("أعلنت [*اوكرانيا*] أن"), "{text}");
}

#[test]
fn found_on_one_side_exits_1_and_says_not_found() {
    let (out, _s) = find("الكرملين", &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.ends_with(": not found")),
        "{text}"
    );
    assert!(text.contains("line 2: وقال [*الكرملين*] إنه"), "{text}");
}

#[test]
fn found_on_neither_side_exits_3() {
    let (out, _s) = find("واشنطن", &[]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(stdout(&out).matches(": not found").count(), 2);
}

#[test]
fn digits_and_phrases_match_with_the_normalised_keys() {
    // ٢٠٢٢ in A, 2022 in B.
    assert_eq!(find("2022", &[]).0.status.code(), Some(0));
    // A phrase across a comma in A, in one line in B.
    let (v, code) = json("كييف عاصمة", &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["found_in"], "a");
    // Within words, "عاصمة كييف" is also in B's "العاصمة كييف".
    let (v, code) = json("عاصمة كييف", &["--find-within"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["found_in"], "b");
    assert_eq!(v["whole_words"], false);
    let (v, code) = json("عاصمة كييف", &[]);
    assert_eq!((code, &v["found_in"]), (3, &Value::from("neither")));
}

#[test]
fn json_gives_byte_ranges_into_the_compared_texts() {
    let (v, code) = json("اوكرانيا", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["version"], 1);
    assert_eq!(v["query"], "اوكرانيا");
    assert_eq!(v["found_in"], "both");
    assert_eq!(v["options"]["alef"], true);
    for (side, text, word) in [("a", A_TEXT, "أوكرانيا"), ("b", B_TEXT, "اوكرانيا")]
    {
        assert!(
            v[side]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(&format!("{side}.txt")))
        );
        assert_eq!(v[side]["count"], 1);
        let hit = &v[side]["hits"][0];
        let (start, end) = (
            hit["start"].as_u64().expect("start") as usize,
            hit["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&text[start..end], word);
        assert_eq!(hit["text"], word);
        assert_eq!(hit["line"], 1);
        let (cs, ce) = (
            hit["context_start"].as_u64().expect("context_start") as usize,
            hit["context_end"].as_u64().expect("context_end") as usize,
        );
        assert!(
            cs < start && end < ce && text.get(cs..ce).is_some(),
            "{hit}"
        );
    }
    // The same offsets as the diff JSON's texts (both are the decoded texts).
    let s = Scratch::new("cli-find-offsets");
    let a = s.file("a.txt", A_TEXT.as_bytes());
    let b = s.file("b.txt", B_TEXT.as_bytes());
    let diff = tabayun(&["diff", &a, &b, "--format", "json"]);
    let d: Value = serde_json::from_slice(&diff.stdout).expect("diff JSON");
    assert_eq!(d["a"]["text"], A_TEXT);
}

#[test]
fn the_matching_switches_apply_to_find() {
    let (v, code) = json("أوكرانيا", &["--keep-alef"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["found_in"], "a");
    assert_eq!(v["options"]["alef"], false);
}

#[test]
fn find_on_the_seeds_counts_each_hit_once() {
    let out = tabayun(&[
        "diff",
        SEED_A,
        SEED_B,
        "--find",
        "بوتين",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for side in ["a", "b"] {
        let hits = v[side]["hits"].as_array().expect("hits");
        assert_eq!(v[side]["count"].as_u64(), Some(hits.len() as u64));
        assert!(!hits.is_empty());
        let starts: Vec<u64> = hits
            .iter()
            .map(|h| h["start"].as_u64().expect("start"))
            .collect();
        assert!(
            starts.windows(2).all(|w| w[0] < w[1]),
            "in text order: {starts:?}"
        );
    }
}

#[test]
fn a_query_without_words_is_an_error() {
    let (out, _s) = find("،", &[]);
    assert_error(&out, "--find needs at least one word", "،");
}

#[test]
fn find_prints_text_or_json_only() {
    let (out, _s) = find("كييف", &["--format", "html"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--find prints text or json"), "{stderr}");
    // And not into a report file.
    let (out, _s) = find("كييف", &["-o", "/tmp/never-written.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!std::path::Path::new("/tmp/never-written.html").exists());
}
