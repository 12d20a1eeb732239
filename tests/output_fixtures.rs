//! Issue 15 asks for a faster engine whose results do not change: this test holds the JSON of
//! `tabayun diff` on the seed pair and on the engine bench's generated pairs (the same
//! generator, sizes and seeds as `benches/engine.rs`, minus the 1M pair) to the SHA-256 recorded
//! in `tests/fixtures/diff-json.sha256` before any speed work. `TABAYUN_BLESS=1` rewrites the
//! file (then review why the output changed).

mod common;

#[path = "../benches/engine/corpus.rs"]
#[expect(
    dead_code,
    reason = "the test uses the generator, not the bench's story helpers"
)]
mod corpus;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use common::{Scratch, command};
use corpus::Kind;

const FIXTURE: &str = "tests/fixtures/diff-json.sha256";

/// The JSON `tabayun diff a.txt b.txt --format json` writes in `dir`, with no time budget that
/// a slow machine could run out of (a fallback would change the output).
fn diff_json(dir: &std::path::Path, a: &str, b: &str) -> Vec<u8> {
    let out = command(&["diff", a, b, "--format", "json", "--timeout-secs", "3600"])
        .current_dir(dir)
        .output()
        .expect("runs tabayun");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the texts differ: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn diff_json_is_unchanged_on_the_seeds_and_the_bench_pairs() {
    let mut got = BTreeMap::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    got.insert(
        "seeds".to_owned(),
        sha256(&diff_json(
            root,
            "seeds/alittihad-xi-putin-call.txt",
            "seeds/alsumaria-xi-putin-call.txt",
        )),
    );
    let s = Scratch::new("output-fixtures");
    for (name, kind, words, seed) in [
        ("edited-10k", Kind::Edited, 10_000, 11),
        ("edited-100k", Kind::Edited, 100_000, 12),
        ("shuffled-100k", Kind::Shuffled, 100_000, 14),
        ("unrelated-100k", Kind::Unrelated, 100_000, 15),
    ] {
        let pair = corpus::generate(kind, words, seed);
        s.file("a.txt", pair.a.as_bytes());
        s.file("b.txt", pair.b.as_bytes());
        got.insert(
            name.to_owned(),
            sha256(&diff_json(s.dir(), "a.txt", "b.txt")),
        );
    }
    let text: String = got.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    let path = root.join(FIXTURE);
    if std::env::var("TABAYUN_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &text).expect("writes the fixture");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("reads the fixture");
    assert_eq!(
        text, want,
        "tabayun diff's JSON changed (TABAYUN_BLESS=1 rewrites {FIXTURE})"
    );
}
