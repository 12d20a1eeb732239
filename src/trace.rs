//! Phase timings on standard error, for profiling the command line: with `TABAYUN_TRACE=phases`
//! each [`phase`] prints `tabayun: phase NAME at T ms, R MiB resident (thread)`, `T` counted from the first
//! call. Off (the default), a call costs one atomic load. Used to see where the wall time of a
//! run goes and which phases overlap on the two threads (`benches/README.md`).

use std::sync::OnceLock;
use std::time::Instant;

/// The clock's start, or `None` when tracing is off.
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| {
        std::env::var_os("TABAYUN_TRACE")
            .is_some_and(|v| v == "phases")
            .then(Instant::now)
    })
}

/// Marks the end of a phase named `name` (or a point in the run), when tracing is on.
pub fn phase(name: &str) {
    if let Some(t0) = start() {
        let thread = std::thread::current();
        eprintln!(
            "tabayun: phase {name} at {:.2} ms, {} MiB resident ({})",
            t0.elapsed().as_secs_f64() * 1e3,
            resident_mib().map_or_else(|| "?".to_owned(), |m| format!("{m:.1}")),
            thread.name().unwrap_or("?")
        );
    }
}

/// The process's resident memory now, from `/proc/self/statm` (Linux; `None` elsewhere).
fn resident_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}
