//! Coverage bench: `tabayun coverage` on generated stories (4, 8 and 16 articles of 2,000
//! words; 8 of 20,000) against the sum of separate `tabayun diff` runs of all its pairs, in
//! the same run, with peak memory; and 16 × 2,000 words against one 100k-word `diff`.
//! Release binary, end to end (read, tokenise, align, write JSON with `-o`).
//!
//! `cargo bench --bench coverage` measures; without `--bench` (under `cargo test
//! --all-targets`) it only checks the story generator. Targets: coverage ≤ 0.5× the sum of the
//! pair diffs for every size; 16 × 2,000 within 2× one 100k diff.

#[path = "engine/corpus.rs"]
#[expect(
    dead_code,
    reason = "the coverage bench uses a part of the engine bench's modules"
)]
mod corpus;
#[path = "engine/data.rs"]
#[expect(
    dead_code,
    reason = "the coverage bench uses a part of the engine bench's modules"
)]
mod data;
#[path = "engine/run.rs"]
mod run;

use std::path::{Path, PathBuf};
use std::time::Duration;

use run::{Job, Sample};

const LIMIT: Duration = Duration::from_secs(120);
const RUNS: usize = 5;

struct StorySpec {
    articles: usize,
    words: usize,
    seed: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        smoke();
        return;
    }
    let specs = [
        StorySpec {
            articles: 4,
            words: 2_000,
            seed: 41,
        },
        StorySpec {
            articles: 8,
            words: 2_000,
            seed: 42,
        },
        StorySpec {
            articles: 16,
            words: 2_000,
            seed: 43,
        },
        StorySpec {
            articles: 8,
            words: 20_000,
            seed: 44,
        },
    ];
    let mut lines = vec![
        "| story | pairs | coverage | sum of pair diffs | ratio | coverage peak | largest diff peak |".to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    let mut cov_16 = None;
    let mut ok = true;
    for spec in &specs {
        eprintln!("coverage bench: {} × {} words …", spec.articles, spec.words);
        match measure(spec) {
            Ok(m) => {
                let ratio = m.coverage_ms / m.pairs_ms;
                ok &= ratio <= 0.5;
                if spec.articles == 16 && spec.words == 2_000 {
                    cov_16 = Some(m.coverage_ms);
                }
                lines.push(format!(
                    "| {} × {} words | {} | {:.1} ms | {:.1} ms | {:.2}× | {} | {} |",
                    spec.articles,
                    spec.words,
                    m.pairs,
                    m.coverage_ms,
                    m.pairs_ms,
                    ratio,
                    mib(m.coverage_peak),
                    mib(m.pair_peak)
                ));
            }
            Err(e) => {
                ok = false;
                eprintln!("coverage bench: {e}");
            }
        }
    }
    let big = diff_100k();
    let mut notes = vec![format!(
        "median of {RUNS} runs, interleaved (coverage, then every pair's diff, per run); peak RSS {}",
        if run::have_gnu_time() {
            "from GNU time"
        } else {
            "polled from /proc"
        }
    )];
    match (cov_16, big) {
        (Some(c), Ok((d, peak))) => {
            notes.push(format!(
                "16 × 2,000 words: {c:.1} ms vs one 100k-word diff {d:.1} ms ({}): {:.2}× (target ≤ 2×)",
                mib(peak),
                c / d
            ));
            ok &= c <= 2.0 * d;
        }
        (_, Err(e)) => eprintln!("coverage bench: 100k diff: {e}"),
        _ => {}
    }
    notes.push(format!("targets {}", if ok { "met" } else { "NOT met" }));
    let md = format!("{}\n\n{}\n", lines.join("\n"), notes.join("\n\n"));
    println!("\n{md}");
    let out = data::target_dir().join("bench-coverage.md");
    if let Err(e) = std::fs::write(&out, format!("# tabayun coverage bench\n\n{md}")) {
        eprintln!("coverage bench: cannot write {}: {e}", out.display());
    }
}

struct Measured {
    pairs: usize,
    coverage_ms: f64,
    pairs_ms: f64,
    coverage_peak: Option<u64>,
    pair_peak: Option<u64>,
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("—".to_owned(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    })
}

fn story_files(spec: &StorySpec) -> Result<(PathBuf, Vec<String>), String> {
    let dir = data::target_dir().join("bench-data").join(format!(
        "story-{}x{}-{}",
        spec.articles, spec.words, spec.seed
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let texts = corpus::story(spec.articles, spec.words, spec.seed);
    let mut names = Vec::new();
    for (k, t) in texts.iter().enumerate() {
        let name = format!("{k:02}.txt");
        std::fs::write(dir.join(&name), t).map_err(|e| e.to_string())?;
        names.push(name);
    }
    Ok((dir, names))
}

fn once(dir: &Path, scratch: &Path, args: &[&str]) -> Result<Sample, String> {
    let job = Job {
        program: Path::new(env!("CARGO_BIN_EXE_tabayun")),
        args,
        cwd: dir,
        stdout: None,
        limit: LIMIT,
    };
    let s = run::run(&job, scratch)?;
    if s.timed_out || !matches!(s.code, Some(0 | 1)) {
        return Err(format!("{args:?}: exit {:?}: {}", s.code, s.stderr));
    }
    Ok(s)
}

fn measure(spec: &StorySpec) -> Result<Measured, String> {
    let (dir, names) = story_files(spec)?;
    let scratch = run::scratch_dir(&dir)?;
    let out = scratch.join("out.json");
    let out = out.to_string_lossy().into_owned();
    let mut cov = Vec::new();
    let mut sums = Vec::new();
    let (mut cov_peak, mut pair_peak) = (None::<u64>, None::<u64>);
    let n = names.len();
    for _ in 0..RUNS {
        let mut args: Vec<&str> = vec!["coverage", "--format", "json", "-o", &out];
        args.extend(names.iter().map(String::as_str));
        let s = once(&dir, &scratch, &args)?;
        cov.push(s.ms);
        cov_peak = cov_peak.max(s.peak_kib);
        let mut sum = 0.0;
        for i in 0..n {
            for j in i + 1..n {
                let args = ["diff", &names[i], &names[j], "--format", "json", "-o", &out];
                let s = once(&dir, &scratch, &args)?;
                sum += s.ms;
                pair_peak = pair_peak.max(s.peak_kib);
            }
        }
        sums.push(sum);
    }
    Ok(Measured {
        pairs: n * (n - 1) / 2,
        coverage_ms: run::median(&cov).unwrap_or(f64::NAN),
        pairs_ms: run::median(&sums).unwrap_or(f64::NAN),
        coverage_peak: cov_peak,
        pair_peak,
    })
}

fn diff_100k() -> Result<(f64, Option<u64>), String> {
    let spec = data::Spec {
        name: "edited-100k",
        kind: corpus::Kind::Edited,
        words: 100_000,
        seed: 12,
    };
    let files = data::ensure(&spec)?;
    let scratch = run::scratch_dir(&files.dir)?;
    let out = scratch.join("out.json");
    let out = out.to_string_lossy().into_owned();
    let mut ms = Vec::new();
    let mut peak = None;
    for _ in 0..RUNS {
        let s = once(
            &files.dir,
            &scratch,
            &["diff", "a.txt", "b.txt", "--format", "json", "-o", &out],
        )?;
        ms.push(s.ms);
        peak = peak.max(s.peak_kib);
    }
    Ok((run::median(&ms).unwrap_or(f64::NAN), peak))
}

/// `cargo test` mode: the story generator is deterministic and its articles differ.
fn smoke() {
    let a = corpus::story(4, 500, 1);
    assert_eq!(
        a,
        corpus::story(4, 500, 1),
        "generator is not deterministic"
    );
    assert_eq!(a.len(), 4);
    assert!(a.windows(2).all(|w| w[0] != w[1]));
    println!(
        "coverage bench: story generator smoke check ok (measure with `cargo bench --bench coverage`)"
    );
}
