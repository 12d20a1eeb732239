//! End-to-end bench: `tabayun diff --format json` against `git diff --no-index
//! --word-diff=porcelain`, and `tabayun diff --format text` against `git diff --no-index
//! --word-diff=plain`, on generated article pairs with known ground truth.
//!
//! `cargo bench --bench engine` runs everything; `-- --quick` only the 10k and 100k pairs with
//! three runs each. Without `--bench` (i.e. under `cargo test --all-targets`) it only checks
//! the generator. See `benches/README.md`.

#[path = "engine/corpus.rs"]
mod corpus;
#[path = "engine/data.rs"]
mod data;
#[path = "engine/report.rs"]
mod report;
#[path = "engine/run.rs"]
mod run;
#[path = "engine/score.rs"]
mod score;

use std::path::Path;
use std::time::Duration;

use corpus::Kind;
use data::{PairFiles, Spec};
use report::{Row, ToolResult};
use run::Job;

/// Per-run limit for either tool: nothing may run unbounded.
const LIMIT: Duration = Duration::from_secs(60);

fn specs(quick: bool) -> Vec<Spec> {
    let spec = |name, kind, words, seed| Spec {
        name,
        kind,
        words,
        seed,
    };
    let mut v = vec![
        spec("edited-10k", Kind::Edited, 10_000, 11),
        spec("edited-100k", Kind::Edited, 100_000, 12),
    ];
    if !quick {
        v.push(spec("edited-1m", Kind::Edited, 1_000_000, 13));
    }
    v.push(spec("shuffled-100k", Kind::Shuffled, 100_000, 14));
    v.push(spec("unrelated-100k", Kind::Unrelated, 100_000, 15));
    v
}

fn runs_for(spec: &Spec, quick: bool) -> usize {
    match (quick, spec.words) {
        (true, _) => 3,
        (false, w) if w > 100_000 => 3,
        // Runs of these take well under a second; more of them steady the median against
        // other processes on a shared machine.
        _ => 11,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        smoke();
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let mut rows = Vec::new();
    for spec in specs(quick) {
        eprintln!("engine bench: {} …", spec.name);
        match measure(spec.clone(), runs_for(&spec, quick)) {
            Ok(pair_rows) => rows.extend(pair_rows),
            Err(e) => eprintln!("engine bench: {}: {e}", spec.name),
        }
    }
    let md = report::markdown(&rows, &notes(quick));
    println!("\n{md}");
    let out = data::target_dir().join("bench-results.md");
    let doc = format!("# tabayun engine bench\n\n{md}");
    if let Err(e) = std::fs::write(&out, doc) {
        eprintln!("engine bench: cannot write {}: {e}", out.display());
    }
}

fn notes(quick: bool) -> Vec<String> {
    let git = std::process::Command::new("git")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "git not found".into());
    let runs = if quick {
        "median wall time of 3 runs (--quick)"
    } else {
        "median wall time of 11 runs (3 for 1M words)"
    };
    let rss = if run::have_gnu_time() {
        "peak RSS from GNU time (ru_maxrss)"
    } else {
        "peak RSS approximated by polling /proc/<pid>/status VmHWM"
    };
    vec![
        format!(
            "{git}; {rss}; {runs}; each run limited to {} s",
            LIMIT.as_secs()
        ),
        "recall: truly shared A words that the tool marks equal, checked word by word; \
         (stats) is tabayun's stats.a.shared / truly shared, capped at 100%"
            .into(),
        "wrong-equal: A words marked equal that the generator did not keep, as % of A words".into(),
    ]
}

/// One output of both tools: tabayun's `--format` and the git word-diff mode it is timed
/// against (porcelain for JSON, both machine-read; plain for text, both read by people).
#[derive(Clone, Copy)]
pub struct Output {
    pub format: &'static str,
    pub git_mode: &'static str,
}

const OUTPUTS: [Output; 2] = [
    Output {
        format: "json",
        git_mode: "--word-diff=porcelain",
    },
    Output {
        format: "text",
        git_mode: "--word-diff=plain",
    },
];

/// Generates (if needed) and measures one pair with both tools in both outputs, interleaving
/// all their runs; one row per output.
fn measure(spec: Spec, runs: usize) -> Result<Vec<Row>, String> {
    let files = data::ensure(&spec)?;
    let scratch = run::scratch_dir(&files.dir)?;
    let mut results: Vec<(ToolResult, ToolResult)> =
        OUTPUTS.iter().map(|_| Default::default()).collect();
    for _ in 0..runs {
        for (output, (tab, git)) in OUTPUTS.iter().zip(&mut results) {
            if tab.error.is_none() {
                run_tabayun(&files, &scratch, output, tab)?;
            }
            if git.error.is_none() {
                run_git(&files, &scratch, output, git)?;
            }
        }
    }
    let mut rows = Vec::new();
    for (output, (mut tab, mut git)) in OUTPUTS.into_iter().zip(results) {
        if output.format == "json" {
            score_tabayun(&files, &scratch, &mut tab);
            score_git(&files, &scratch, &mut git);
        }
        rows.push(Row {
            a_words: files.a_words,
            b_words: files.b_words,
            truly_shared: files.truth.iter().filter(|t| **t).count(),
            spec: spec.clone(),
            output,
            tabayun: tab,
            git,
        });
    }
    Ok(rows)
}

fn run_tabayun(
    f: &PairFiles,
    scratch: &Path,
    output: &Output,
    res: &mut ToolResult,
) -> Result<(), String> {
    let out = scratch.join(format!("tabayun.{}", output.format));
    let _ = std::fs::remove_file(&out);
    let out_s = out.to_string_lossy();
    let args = [
        "diff",
        "a.txt",
        "b.txt",
        "--format",
        output.format,
        "-o",
        &out_s,
    ];
    let job = Job {
        program: Path::new(env!("CARGO_BIN_EXE_tabayun")),
        args: &args,
        cwd: &f.dir,
        stdout: None,
        limit: LIMIT,
    };
    record(run::run(&job, scratch)?, res);
    Ok(())
}

fn run_git(
    f: &PairFiles,
    scratch: &Path,
    output: &Output,
    res: &mut ToolResult,
) -> Result<(), String> {
    let args = ["diff", "--no-index", output.git_mode, "a.txt", "b.txt"];
    let out = scratch.join(format!("git.{}", output.format));
    let job = Job {
        program: Path::new("git"),
        args: &args,
        cwd: &f.dir,
        stdout: Some(&out),
        limit: LIMIT,
    };
    record(run::run(&job, scratch)?, res);
    Ok(())
}

/// Keeps a sample; exit 0 (same) and 1 (differ) are success, anything else is an error.
fn record(s: run::Sample, res: &mut ToolResult) {
    if s.timed_out {
        res.error = Some(format!("killed after {} s (time limit)", LIMIT.as_secs()));
    } else if !matches!(s.code, Some(0 | 1)) {
        res.error = Some(format!(
            "exit {:?}: {}",
            s.code,
            s.stderr.replace('\n', " ⏎ ")
        ));
        return;
    }
    res.samples.push(s);
}

fn score_tabayun(f: &PairFiles, scratch: &Path, res: &mut ToolResult) {
    if res.error.is_some() {
        return;
    }
    let scored = std::fs::read_to_string(scratch.join("tabayun.json"))
        .map_err(|e| format!("cannot read JSON output: {e}"))
        .and_then(|j| score::tabayun(&j, &f.truth));
    match scored {
        Ok((s, fallbacks)) => (res.score, res.fallbacks) = (Some(s), fallbacks),
        Err(e) => res.error = Some(e),
    }
}

fn score_git(f: &PairFiles, scratch: &Path, res: &mut ToolResult) {
    if res.error.is_some() {
        return;
    }
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| e.to_string());
    let scored =
        read(&scratch.join("git.json")).and_then(|out| score::git(&out, &read(&f.a)?, &f.truth));
    match scored {
        Ok(s) => res.score = Some(s),
        Err(e) => res.error = Some(format!("scoring porcelain: {e}")),
    }
}

/// `cargo test` mode: the generator is deterministic and its ground truth is plausible.
fn smoke() {
    let p1 = corpus::generate(Kind::Edited, 3_000, 1);
    let p2 = corpus::generate(Kind::Edited, 3_000, 1);
    assert!(
        p1.a == p2.a && p1.b == p2.b,
        "generator is not deterministic"
    );
    assert_eq!(p1.truth.len(), p1.a.split_whitespace().count());
    let kept = p1.truth.iter().filter(|t| **t).count() as f64 / p1.truth.len() as f64;
    assert!(
        (0.8..0.97).contains(&kept),
        "edited pair keeps {kept:.3} of A"
    );
    let sh = corpus::generate(Kind::Shuffled, 3_000, 2);
    assert!(
        sh.truth.iter().all(|t| *t),
        "shuffled pair must share every word"
    );
    let un = corpus::generate(Kind::Unrelated, 3_000, 3);
    assert!(un.truth.iter().all(|t| !*t) && un.a != un.b);
    println!("engine bench: generator smoke check ok (measure with `cargo bench --bench engine`)");
}
