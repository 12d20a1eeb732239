//! `tabayun`: the window (no arguments, or two files) and the headless `tabayun diff`.
//!
//! Exit status of `diff` follows `diff(1)`: 0 when the articles match after normalisation,
//! 1 when they differ, 2 on any error (with one line on stderr). With `--find WORDS` it is 0 when
//! both articles have the words, 1 when one does, 3 when neither does.

// No `unwrap` in the program: errors are handled once, with a message (style.md).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tabayun::engine::{self, Control};
use tabayun::load::{self, LoadOptions};
use tabayun::model::MatchOptions;
use tabayun::report::{self, Format, ReportOptions};

#[path = "cli/coverage.rs"]
mod coverage;
#[path = "cli/extract.rs"]
mod extract;
#[path = "cli/find.rs"]
mod find;

/// Compare two news articles word by word: shared, moved, variant and unique text.
#[derive(Parser, Debug)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Articles to open in the window: two side by side, three to sixteen as a story, one
    /// `.tabayun` story file, or one article as side A (default: the bundled seed pair).
    #[arg(num_args = 1.., value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compare two articles without a window and print or write a report.
    Diff(DiffArgs),
    /// Compare several articles about one event (every pair) and report who carries what.
    Coverage(CoverageArgs),
    /// Print the article tabayun would compare from a file or URL: title, outlet, date, URL
    /// and the body text.
    Extract(extract::ExtractArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell) to standard output.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, e.g. `tabayun man | man -l -`, or a
    /// subcommand's page (`tabayun man diff`).
    Man {
        /// The subcommand whose page to print (default: the main page).
        #[arg(value_name = "SUBCOMMAND")]
        command: Option<String>,
    },
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The first article.
    a: PathBuf,
    /// The second article.
    b: PathBuf,
    #[command(flatten)]
    report: ReportArgs,
    /// HTML: one column with removed and added words interleaved (for narrow screens).
    #[arg(long)]
    inline: bool,
    /// Instead of the report, print where each article has WORDS (a word or a phrase, matched
    /// with the normalised keys, as in the window) with a few words of context; --format json
    /// gives byte ranges. Exit status 0 when both articles have them, 1 when only one does, 3
    /// when neither does.
    #[arg(long, value_name = "WORDS", conflicts_with_all = ["output", "inline"])]
    find: Option<String>,
    /// With --find: also match inside words (the words may start or end within a word).
    #[arg(long, requires = "find")]
    find_within: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    matching: MatchArgs,
}

/// Where and how a report is written (`diff` and `coverage`).
#[derive(Args, Debug)]
struct ReportArgs {
    /// Report format (default: from the -o extension, else text).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour the text format.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Paper size of the PDF format.
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
}

/// Input size and time limits (`diff` and `coverage`).
#[derive(Args, Debug)]
struct LimitArgs {
    /// Refuse files larger than this many bytes (at most 4294967295: the engine keeps byte
    /// offsets in 32 bits).
    #[arg(long, value_name = "BYTES", default_value_t = load::DEFAULT_MAX_BYTES,
          value_parser = clap::value_parser!(u64).range(1..=u64::from(u32::MAX)))]
    max_size: u64,
    /// Time budget for the alignment; past it, cheaper steps are taken and reported.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    timeout_secs: f64,
}

impl LimitArgs {
    fn control(&self) -> Control {
        Control::with_deadline(
            Duration::try_from_secs_f64(self.timeout_secs.max(0.0))
                .unwrap_or(Duration::from_secs(10)),
        )
    }
}

impl ReportArgs {
    /// The format: `--format`, else from `-o`'s extension, else text.
    fn format(&self) -> Format {
        self.format
            .map(Format::from)
            .or_else(|| {
                self.output
                    .as_deref()
                    .and_then(report::write::format_from_path)
            })
            .unwrap_or(Format::Text)
    }

    /// Colour for the text format on a terminal (`--color auto`, `NO_COLOR` honoured).
    fn color(&self, format: Format) -> bool {
        let on = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                self.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
            }
        };
        on && format == Format::Text
    }

    /// The PDF's paper size.
    fn paper(&self) -> report::pdf::Paper {
        match self.paper {
            PaperArg::A4 => report::pdf::Paper::A4,
            PaperArg::Letter => report::pdf::Paper::Letter,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

/// `tabayun coverage`: several articles about one event.
#[derive(Args, Debug)]
struct CoverageArgs {
    /// The articles (2 to 16).
    #[arg(value_name = "FILE", num_args = 2.., required_unless_present = "story",
          conflicts_with = "story")]
    files: Vec<PathBuf>,
    /// Open a `.tabayun` story file (its articles, base and matching options; the matching
    /// switches given here are ignored, --base overrides its base).
    #[arg(long, value_name = "STORY")]
    story: Option<PathBuf>,
    /// The base article (from 0): the one whose core and partial passages are listed.
    #[arg(long, value_name = "N")]
    base: Option<usize>,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    matching: MatchArgs,
}

/// Matching switches; each flag turns one default off (or, for --hamza, on).
#[derive(Args, Debug)]
struct MatchArgs {
    /// Compare harakat and tatweel instead of removing them.
    #[arg(long)]
    keep_diacritics: bool,
    /// Keep alef forms (أ إ آ ٱ) distinct from bare alef.
    #[arg(long)]
    keep_alef: bool,
    /// Keep alef maqsura (ى) distinct from ya (ي).
    #[arg(long)]
    keep_alef_maqsura: bool,
    /// Keep ta marbuta (ة) distinct from ha (ه).
    #[arg(long)]
    keep_ta_marbuta: bool,
    /// Fold hamza seats ؤ ئ to ء.
    #[arg(long)]
    hamza: bool,
    /// Keep Persian/Urdu letters (ی ک گ) distinct.
    #[arg(long)]
    keep_persian: bool,
    /// Keep Arabic-Indic digits distinct from ASCII digits.
    #[arg(long)]
    keep_digits: bool,
    /// Compare Latin letters case-sensitively.
    #[arg(long)]
    keep_case: bool,
    /// Compare punctuation and quote marks as tokens.
    #[arg(long)]
    keep_punctuation: bool,
    /// Treat related-article lists, source and keyword lines as article body.
    #[arg(long)]
    keep_boilerplate: bool,
    /// Do not detect moved passages.
    #[arg(long)]
    no_moves: bool,
    /// Minimum length of a moved passage, in words.
    #[arg(long, value_name = "WORDS", default_value_t = 4, value_parser = clap::value_parser!(u16).range(2..))]
    min_move: u16,
    /// Do not pair spelling variants.
    #[arg(long)]
    no_variants: bool,
}

impl MatchArgs {
    fn options(&self) -> MatchOptions {
        MatchOptions {
            diacritics: !self.keep_diacritics,
            alef: !self.keep_alef,
            alef_maqsura: !self.keep_alef_maqsura,
            ta_marbuta: !self.keep_ta_marbuta,
            hamza: self.hamza,
            persian: !self.keep_persian,
            digits: !self.keep_digits,
            case_fold: !self.keep_case,
            ignore_punctuation: !self.keep_punctuation,
            boilerplate: !self.keep_boilerplate,
            moves: !self.no_moves,
            min_move_words: usize::from(self.min_move),
            variants: !self.no_variants,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Html,
    Md,
    Pdf,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
            FormatArg::Md => Format::Markdown,
            FormatArg::Pdf => Format::Pdf,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Sets glibc's allocator thresholds before any thread starts. By default an allocation of
/// 128 KiB or more is mapped on its own and unmapped when freed (a threshold that moves with
/// what was freed), and free memory above 128 KiB at the top of the heap goes back to the
/// system. A comparison makes and frees dozens of tables of that size, one after another:
/// each mapping faults its pages in afresh, and each unmapping of a process with two threads
/// is a TLB shootdown on the other core. With tables under 2 MiB taken from the heap and up to
/// 4 MiB of free heap kept, the 100k-word pairs spend 4–6% less CPU time (`perf stat -r 30`
/// task-clock, and 31 runs alternated with a build without it), and the million-word pair's
/// peak stays where it was (larger tables are still mapped on their own; issue 15).
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MMAP_THRESHOLD: libc::c_int = 2 << 20;
        const TRIM_THRESHOLD: libc::c_int = 4 << 20;
        // SAFETY: mallopt only sets parameters of glibc's allocator (it takes the arena lock
        // itself); the values are within its documented ranges, and a refusal (return 0)
        // leaves the defaults, which are correct too.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
        }
    }
}

fn main() -> ExitCode {
    tune_allocator();
    tabayun::parallel::start_workers();
    tabayun::trace::phase("start");
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Diff(args)) => match tabayun::parallel::on_worker(|| diff(&args)) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tabayun: {}", printable(&e.to_string()));
                ExitCode::from(2)
            }
        },
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Into memory first: the generator panics on a closed pipe.
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "tabayun", &mut out);
            print_generated(&out, "the completion script")
        }
        Some(Command::Man { command }) => man_page(command.as_deref()),
        Some(Command::Extract(args)) => match extract::run(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tabayun: {}", printable(&e.to_string()));
                ExitCode::from(2)
            }
        },
        Some(Command::Coverage(args)) => match coverage::run(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tabayun: {}", printable(&e.to_string()));
                ExitCode::from(2)
            }
        },
        None => {
            use tabayun::gui::Launch;
            let launch = match cli.files.as_slice() {
                [story] if tabayun::story::file::is_story_path(story) => {
                    Launch::StoryFile(story.clone())
                }
                [a, b] => Launch::Pair(a.clone(), b.clone()),
                [] => Launch::Seeds,
                [one] => Launch::One(one.clone()),
                files => Launch::Story(files.to_vec()),
            };
            match tabayun::gui::run_launch(launch) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tabayun: {}", printable(&e.to_string()));
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// Prints the main manual page, or the page of one subcommand (named `tabayun-NAME`, as the
/// main page's SUBCOMMANDS section refers to it).
fn man_page(name: Option<&str>) -> ExitCode {
    let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    // Building gives each subcommand its display name, `tabayun-diff`.
    cmd.build();
    let page = match name {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name).cloned() else {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                eprintln!(
                    "tabayun: no subcommand {}; pages: {}",
                    printable(name),
                    names.join(", ")
                );
                return ExitCode::from(2);
            };
            sub
        }
    };
    let mut out = Vec::new();
    match clap_mangen::Man::new(page).render(&mut out) {
        Ok(()) => print_generated(&out, "the manual page"),
        Err(e) => {
            eprintln!("tabayun: could not render the manual page: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes generated text (`what`: for the error line) to standard output; a closed pipe
/// (`| head`) is not an error.
fn print_generated(out: &[u8], what: &str) -> ExitCode {
    match std::io::stdout().write_all(out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tabayun: could not write {what}: {e}");
            ExitCode::from(2)
        }
    }
}

/// An error message as one line a terminal shows as written: line breaks, other control
/// characters and bidi controls (which would reorder the path, "evil\u{202E}txt.exe") become
/// the visible markers every display uses, such as `⟦LF⟧` and `⟦RLO⟧`
/// ([`tabayun::controls::visible_line`]). Our errors carry their whole story in the outer message
/// (reason first, path last), so the cause chain is not appended.
fn printable(message: &str) -> String {
    tabayun::controls::visible_line(message).into_owned()
}

/// Runs `tabayun diff`; returns 0 (same) or 1 (different).
fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let format = args.report.format();
    let load_opts = LoadOptions {
        // The plain-text diff and the hits of `--find` show no hash.
        hash: format != Format::Text && args.find.is_none(),
        ..LoadOptions::with_max_bytes(args.limits.max_size)
    };
    let load_a = || load::load_input(&args.a, &load_opts);
    let load_b = || load::load_input(&args.b, &load_opts);
    if let Some(words) = &args.find {
        // Reading, decoding and hashing are independent per file: B on the other core.
        let (a, b) = tabayun::parallel::join(load_a, load_b);
        return find_in_both(args, &a?, &b?, words);
    }
    let ctl = args.limits.control();
    let comparison = engine::load_and_compare(load_a, load_b, &args.matching.options(), &ctl)??;
    tabayun::trace::phase("compared");
    let opts = ReportOptions {
        color: args.report.color(format),
        inline: args.inline,
        paper: args.report.paper(),
        ..ReportOptions::default()
    };
    match &args.report.output {
        Some(path) => report::write::write_file(&comparison, format, &opts, path)?,
        None => {
            // 64 KiB like the file exports: a megabyte-sized report in 8 KiB writes is hundreds
            // of system calls.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let written =
                report::write(&comparison, format, &opts, &mut out).and_then(|()| out.flush());
            match written {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => {
                    other.map_err(|e| anyhow::anyhow!("cannot write to standard output ({e})"))?
                }
            }
        }
    }
    tabayun::trace::phase("written");
    Ok(if comparison.identical {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `tabayun diff A B --find WORDS`: the hits on each side, as text or JSON on standard output.
fn find_in_both(
    args: &DiffArgs,
    a: &load::Document,
    b: &load::Document,
    words: &str,
) -> anyhow::Result<ExitCode> {
    let json = match args.report.format() {
        Format::Text => false,
        Format::Json => true,
        Format::Html => anyhow::bail!("--find prints text or json, not html"),
        Format::Markdown => anyhow::bail!("--find prints text or json, not md"),
        Format::Pdf => anyhow::bail!("--find prints text or json, not pdf"),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let options = args.matching.options();
    let (code, written) = find::run(a, b, words, !args.find_within, &options, json, &mut out)?;
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.map_err(|e| anyhow::anyhow!("cannot write to standard output ({e})"))?,
    }
    Ok(code)
}
