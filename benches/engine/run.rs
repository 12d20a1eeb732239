//! Runs a child process with a time limit, measuring wall time and peak RSS.
//!
//! Peak RSS comes from GNU time (`/usr/bin/time -f %M`, i.e. the kernel's `ru_maxrss`) when it
//! is installed; otherwise `/proc/<pid>/status` `VmHWM` is polled while the child runs (an
//! approximation that can miss a final spike).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GNU_TIME: &str = "/usr/bin/time";
const TIMEOUT: &str = "/usr/bin/timeout";

/// One run of a child.
#[derive(Clone, Debug)]
pub struct Sample {
    pub ms: f64,
    pub peak_kib: Option<u64>,
    /// Exit code; `None` when killed by a signal.
    pub code: Option<i32>,
    pub timed_out: bool,
    /// Tail of the child's stderr, for error reports.
    pub stderr: String,
}

/// How a child is run: program, arguments, working directory, where stdout goes.
pub struct Job<'a> {
    pub program: &'a Path,
    pub args: &'a [&'a str],
    pub cwd: &'a Path,
    pub stdout: Option<&'a Path>,
    pub limit: Duration,
}

/// True when GNU time and coreutils timeout are both usable.
pub fn have_gnu_time() -> bool {
    Path::new(GNU_TIME).is_file() && Path::new(TIMEOUT).is_file()
}

/// Runs `job` once.
pub fn run(job: &Job, scratch: &Path) -> Result<Sample, String> {
    if have_gnu_time() {
        run_timed(job, scratch)
    } else {
        run_polled(job, scratch)
    }
}

fn base_command(job: &Job, program: &Path, scratch: &Path) -> Result<Command, String> {
    let mut cmd = Command::new(program);
    cmd.current_dir(job.cwd).stdin(Stdio::null());
    cmd.stderr(open(&scratch.join("stderr.txt"))?);
    match job.stdout {
        Some(p) => cmd.stdout(open(p)?),
        None => cmd.stdout(Stdio::null()),
    };
    Ok(cmd)
}

fn open(p: &Path) -> Result<File, String> {
    File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
}

/// `/usr/bin/time -o F -f %M timeout -s KILL LIMIT program args…`.
fn run_timed(job: &Job, scratch: &Path) -> Result<Sample, String> {
    let rss_file = scratch.join("rss.txt");
    let mut cmd = base_command(job, Path::new(GNU_TIME), scratch)?;
    cmd.arg("-o").arg(&rss_file).args(["-f", "%M", TIMEOUT]);
    cmd.args(["-s", "KILL", &format!("{}s", job.limit.as_secs())]);
    cmd.arg(job.program).args(job.args);
    let start = Instant::now();
    let status = spawn(&mut cmd, job)?
        .wait()
        .map_err(|e| format!("waiting for {}: {e}", job.program.display()))?;
    let ms = start.elapsed().as_secs_f64() * 1e3;
    let peak_kib = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse().ok());
    let code = status.code();
    // With `-s KILL`, timeout exits 128 + 9 when it had to kill the program.
    let timed_out = matches!(code, Some(124) | Some(137));
    Ok(finish(ms, peak_kib, code, timed_out, scratch))
}

/// No GNU time: spawn directly, poll VmHWM, kill at the deadline.
fn run_polled(job: &Job, scratch: &Path) -> Result<Sample, String> {
    let mut cmd = base_command(job, job.program, scratch)?;
    cmd.args(job.args);
    let start = Instant::now();
    let mut child = spawn(&mut cmd, job)?;
    let mut peak = None;
    let (status, timed_out) = loop {
        peak = peak.max(vm_hwm(child.id()));
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break (st, false);
        }
        if start.elapsed() >= job.limit {
            let _ = child.kill();
            break (child.wait().map_err(|e| e.to_string())?, true);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let ms = start.elapsed().as_secs_f64() * 1e3;
    Ok(finish(ms, peak, status.code(), timed_out, scratch))
}

fn spawn(cmd: &mut Command, job: &Job) -> Result<Child, String> {
    cmd.spawn()
        .map_err(|e| format!("cannot start {}: {e}", job.program.display()))
}

fn finish(ms: f64, peak: Option<u64>, code: Option<i32>, to: bool, scratch: &Path) -> Sample {
    let err = std::fs::read_to_string(scratch.join("stderr.txt")).unwrap_or_default();
    let tail: String = err.lines().rev().take(8).collect::<Vec<_>>().join("\n");
    Sample {
        ms,
        peak_kib: peak,
        code,
        timed_out: to,
        stderr: tail,
    }
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A scratch directory for one pair's outputs.
pub fn scratch_dir(pair_dir: &Path) -> Result<PathBuf, String> {
    let d = pair_dir.join("out");
    std::fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    Ok(d)
}

/// Median of `xs` (NaN-free), or `None` when empty.
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[n / 2]),
        n => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}
