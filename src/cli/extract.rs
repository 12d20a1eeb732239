//! `tabayun extract FILE|URL [--format text|json]`: what tabayun would compare from one input.
//! Exit status 0, or 2 with one line on stderr when the input cannot be read.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tabayun::load::{self, LoadOptions};
use tabayun::report::extract::Extraction;

/// Arguments of `tabayun extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// The file (text, HTML, MHTML, DOCX) or `http://` / `https://` URL.
    #[arg(value_name = "FILE|URL")]
    input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ExtractFormat,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = load::DEFAULT_MAX_BYTES,
          value_parser = clap::value_parser!(u64).range(1..=u64::from(u32::MAX)))]
    max_size: u64,
}

/// `--format` of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExtractFormat {
    /// Title, outlet, date, URL and format lines, a blank line, the text.
    Text,
    /// One JSON object: those fields plus `text` and `format`.
    Json,
}

/// Runs `tabayun extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let doc = load::load_input(&args.input, &LoadOptions::with_max_bytes(args.max_size))?;
    let extraction = Extraction::new(&doc);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        ExtractFormat::Text => extraction.write_text(&mut out),
        ExtractFormat::Json => extraction.write_json(&mut out),
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.map_err(|e| anyhow::anyhow!("cannot write to standard output ({e})"))?,
    }
    Ok(ExitCode::SUCCESS)
}
