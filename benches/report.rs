//! Report writing speed: the text, JSON, Markdown, HTML (two-column and inline) and PDF reports
//! of a hand-built pair of about 100,000 words a side, every kind of segment in it, and the PDF's
//! time as a multiple of the HTML report's (issue 14's target: under 5×).
//!
//! `cargo bench --bench report` writes each format 11 times and prints the median and the
//! fastest run, and the peak memory while writing it: the process's peak resident set (Linux
//! `VmHWM`, reset before each format through `/proc/self/clear_refs`) and how far it rose above
//! the resident set before the format's first run (the comparison itself is already in memory). Without `--bench` (under `cargo test --all-targets`) it writes each format once
//! and measures nothing. The timing used to be a wall-clock limit in `tests/report.rs`, which a
//! busy machine could break; the test there keeps only a bound no load can reach.

#[path = "../tests/common/by_hand.rs"]
mod by_hand;

use std::time::{Duration, Instant};

use tabayun::report::{self, Format, ReportOptions};

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let runs = if bench { 11 } else { 1 };
    let c = by_hand::big();
    let words = c.a.text.split_whitespace().count();
    let formats = [
        ("text", Format::Text, false),
        ("json", Format::Json, false),
        ("markdown", Format::Markdown, false),
        ("html", Format::Html, false),
        ("html inline", Format::Html, true),
        ("pdf", Format::Pdf, false),
    ];
    let mut medians = std::collections::HashMap::new();
    println!("report writing, 2 x {words} words, {runs} run(s) each");
    println!(
        "{:>12} | {:>9} | {:>9} | {:>9} | {:>12} | {:>9}",
        "format", "KB", "median ms", "min ms", "peak RSS MB", "+MB"
    );
    for (name, format, inline) in formats {
        let opts = ReportOptions {
            inline,
            date: Some("2024-02-08".to_owned()),
            ..ReportOptions::default()
        };
        let before = memory::reset_peak();
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut size = 0;
        for _ in 0..runs {
            let mut out = Vec::with_capacity(16 << 20);
            let started = Instant::now();
            report::write(&c, format, &opts, &mut out).expect("writes to memory");
            times.push(started.elapsed());
            size = out.len();
        }
        // Without a reset the peak would be the whole run's: shown as unknown.
        let peak = before.and_then(|_| memory::peak());
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        medians.insert(name, ms(times[times.len() / 2]));
        let mb = |kb: u64| format!("{:.0}", kb as f64 / 1024.0);
        println!(
            "{name:>12} | {:>9} | {:>9.1} | {:>9.1} | {:>12} | {:>9}",
            size / 1024,
            ms(times[times.len() / 2]),
            ms(times[0]),
            peak.map_or("-".to_owned(), mb),
            peak.zip(before)
                .map_or("-".to_owned(), |(p, b)| mb(p.saturating_sub(b))),
        );
    }
    if let (Some(pdf), Some(html)) = (medians.get("pdf"), medians.get("html")) {
        println!("pdf / html (median): {:.2}x", pdf / html);
    }
}

/// Peak memory of this process, from Linux's `/proc/self/status`; `None` elsewhere.
mod memory {
    fn status(field: &str) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Resets the peak resident set to the current one (writing 5 to `clear_refs`) and returns
    /// the current resident set in KB.
    pub fn reset_peak() -> Option<u64> {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
        status("VmRSS:")
    }

    /// The peak resident set since the last reset, in KB.
    pub fn peak() -> Option<u64> {
        status("VmHWM:")
    }
}
