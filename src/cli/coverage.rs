//! `tabayun coverage`: load 2 to 16 articles (or a `.tabayun` story file), compare every pair,
//! write the story report. Exit status: 0 when every article is identical to every other after
//! normalisation, 1 when any differ, 2 on any error (one line naming the reason and the file;
//! nothing is written).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tabayun::load::{self, Document, LoadError, LoadOptions};
use tabayun::report::{ReportOptions, coverage};
use tabayun::story::Story;
use tabayun::story::file::{self as story_file, ArticleProblem};

use super::{CoverageArgs, printable};

/// Runs `tabayun coverage`.
pub fn run(args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let load_opts = LoadOptions::with_max_bytes(args.limits.max_size);
    let (docs, base, options) = match &args.story {
        Some(path) => {
            let opened = story_file::open(path, &load_opts)?;
            for p in &opened.problems {
                match p {
                    // A moved or unreadable article is an error, as any bad file is.
                    ArticleProblem::Missing { error, .. } => {
                        anyhow::bail!("story article not opened: {error}")
                    }
                    ArticleProblem::Changed { .. } => {
                        eprintln!("tabayun: note: {}", printable(&p.to_string()));
                    }
                }
            }
            let base = args.base.unwrap_or_else(|| opened.base());
            (opened.docs(), base, opened.file.options.clone())
        }
        None => (
            load_all(&args.files, &load_opts)?,
            args.base.unwrap_or(0),
            args.matching.options(),
        ),
    };
    let ctl = args.limits.control();
    let story = Story::compute(docs, base, &options, &ctl)?;
    let format = args.report.format();
    let opts = ReportOptions {
        color: args.report.color(format),
        paper: args.report.paper(),
        ..ReportOptions::default()
    };
    match &args.report.output {
        Some(path) => coverage::write_file(&story, format, &opts, path)?,
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let written =
                coverage::write(&story, format, &opts, &mut out).and_then(|()| out.flush());
            match written {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => {
                    other.map_err(|e| anyhow::anyhow!("cannot write to standard output ({e})"))?
                }
            }
        }
    }
    Ok(if story.identical {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Loads every file on two threads; the first error in argument order wins.
fn load_all(paths: &[PathBuf], opts: &LoadOptions) -> Result<Vec<Arc<Document>>, LoadError> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut got = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = paths.get(k) else {
                break got;
            };
            got.push((k, load::load_input(path, opts)));
        }
    };
    let mut all = std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("tabayun-load".to_owned())
            .spawn_scoped(scope, work)
            .ok();
        let mut all = work();
        if let Some(h) = other {
            match h.join() {
                Ok(got) => all.extend(got),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_by_key(|(k, _)| *k);
    all.into_iter().map(|(_, d)| d.map(Arc::new)).collect()
}
