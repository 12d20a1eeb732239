//! Work off the UI thread: loading files, comparing, file dialogs and exports each run on a
//! named thread and report back through a channel; the UI polls it every frame. Results carry a
//! generation number so stale ones are dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::engine::{self, Control};
use crate::load::{self, Document, LoadOptions};
use crate::model::{Comparison, MatchOptions, Which};
use crate::report::{self, Format, ReportOptions};

use super::analysis::Analyzed;

/// A dialog that returns nothing within this time never showed: nobody cancels that fast.
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(300);

/// Why a file dialog was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    /// Pick a file for a side.
    Open(Which),
    /// Pick where to export the report.
    Export,
    /// Pick articles to add to the story (several).
    AddArticles,
    /// Pick a story file to open.
    OpenStory,
    /// Pick where to save the story.
    SaveStory,
}

/// A finished piece of background work.
pub enum JobResult {
    /// A file was read (or not).
    Loaded {
        /// Load generation of that side when the job started.
        generation: u64,
        /// The side.
        which: Which,
        /// The path asked for.
        path: PathBuf,
        /// The document or the loader's message.
        result: Result<Document, String>,
    },
    /// A comparison finished, was cancelled or failed.
    Compared {
        /// Comparison generation when the job started.
        generation: u64,
        /// The result; `Err(None)` when cancelled.
        result: Result<Box<Analyzed>, Option<String>>,
    },
    /// A file dialog closed.
    Picked {
        /// Why it was opened.
        purpose: DialogPurpose,
        /// The chosen path (`None`: cancelled, or no dialog could open).
        path: Option<PathBuf>,
        /// No dialog could be shown: it "closed" faster than a person can cancel one, which is
        /// what rfd does when there is neither a desktop portal nor `zenity`.
        unavailable: bool,
    },
    /// A file dialog that picks several files closed (empty: cancelled).
    PickedMany {
        /// The files chosen.
        paths: Vec<PathBuf>,
        /// No dialog could be shown.
        unavailable: bool,
    },
    /// An article for the story was read (or not).
    LoadedArticle {
        /// The load's place in the order the articles were asked for.
        generation: u64,
        /// The path asked for.
        path: PathBuf,
        /// The document or the loader's message.
        result: Result<Document, String>,
    },
    /// A story file was read and its articles loaded (or not).
    StoryOpened {
        /// The story file.
        path: PathBuf,
        /// The story, or the message.
        result: Result<crate::story::file::OpenedStory, String>,
    },
    /// A story was computed, cancelled (`Err(None)`) or failed.
    StoryComputed {
        /// Story generation when the job started.
        generation: u64,
        /// The story with what the window derives from it.
        result: Result<Box<super::story_view::StoryShown>, Option<String>>,
    },
    /// A story file was saved (or not).
    StorySaved {
        /// The path written, or the message.
        result: Result<PathBuf, String>,
    },
    /// An export finished.
    Exported {
        /// The path written, or the message.
        result: Result<PathBuf, String>,
    },
}

/// The channel between workers and the UI.
pub struct Jobs {
    tx: Sender<JobResult>,
    rx: Receiver<JobResult>,
    ctx: egui::Context,
}

impl Jobs {
    /// A channel that wakes `ctx` when something arrives.
    pub fn new(ctx: egui::Context) -> Self {
        let (tx, rx) = channel();
        Self { tx, rx, ctx }
    }

    /// The context the workers wake.
    pub fn ctx(&self) -> &egui::Context {
        &self.ctx
    }

    /// Results that arrived since the last call.
    pub fn poll(&self) -> Vec<JobResult> {
        self.rx.try_iter().collect()
    }

    /// Blocks up to `timeout` for one result (tests and the benchmark).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<JobResult> {
        self.rx.recv_timeout(timeout).ok()
    }

    fn spawn(&self, name: &str, work: impl FnOnce() -> Option<JobResult> + Send + 'static) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                if let Some(result) = work() {
                    // The receiver is gone only when the window closed.
                    let _ = tx.send(result);
                }
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            log_error(&format!("could not start a {name} thread: {e}"));
        }
    }

    /// Loads `path` for `which` under `options` (the size limit and how to raise it).
    pub fn load(&self, which: Which, path: PathBuf, generation: u64, options: LoadOptions) {
        self.spawn("tabayun-load", move || {
            let result = catch(|| load::load_input(&path, &options))
                .and_then(|r| r.map_err(|e| e.to_string()));
            Some(JobResult::Loaded {
                generation,
                which,
                path,
                result,
            })
        });
    }

    /// Compares `a` and `b`; `control` cancels it and reports progress.
    pub fn compare(
        &self,
        a: Arc<Document>,
        b: Arc<Document>,
        options: MatchOptions,
        control: Control,
        generation: u64,
    ) {
        self.spawn("tabayun-compare", move || {
            let result = match catch(|| engine::compare_with(&a, &b, &options, &control)) {
                Ok(Ok(comparison)) => {
                    catch(|| Box::new(Analyzed::new(Arc::new(comparison)))).map_err(Some)
                }
                Ok(Err(engine::Cancelled)) => Err(None),
                Err(message) => Err(Some(message)),
            };
            Some(JobResult::Compared { generation, result })
        });
    }

    /// Reads an article for the story; `generation` is its place in the order asked for.
    pub fn load_article(&self, path: PathBuf, generation: u64, options: LoadOptions) {
        self.spawn("tabayun-load", move || {
            let result = catch(|| load::load_input(&path, &options))
                .and_then(|r| r.map_err(|e| e.to_string()));
            Some(JobResult::LoadedArticle {
                generation,
                path,
                result,
            })
        });
    }

    /// Reads a story file and loads its articles.
    pub fn open_story(&self, path: PathBuf, options: LoadOptions) {
        self.spawn("tabayun-load", move || {
            let result = catch(|| crate::story::file::open(&path, &options))
                .and_then(|r| r.map_err(|e| e.to_string()));
            Some(JobResult::StoryOpened { path, result })
        });
    }

    /// Compares every pair of `docs` and derives the story view's data.
    pub fn compute_story(
        &self,
        docs: Vec<Arc<Document>>,
        base: usize,
        options: MatchOptions,
        control: Control,
        generation: u64,
    ) {
        self.spawn("tabayun-compare", move || {
            let result =
                match catch(|| crate::story::Story::compute(docs, base, &options, &control)) {
                    Ok(Ok(story)) => {
                        catch(|| Box::new(super::story_view::StoryShown::new(story))).map_err(Some)
                    }
                    Ok(Err(crate::story::StoryError::Cancelled)) => Err(None),
                    Ok(Err(e)) => Err(Some(e.to_string())),
                    Err(message) => Err(Some(message)),
                };
            Some(JobResult::StoryComputed { generation, result })
        });
    }

    /// Saves the story file: the articles' paths, the base and the options.
    pub fn save_story(&self, file: crate::story::file::StoryFile, path: PathBuf) {
        self.spawn("tabayun-export", move || {
            let result = catch(|| crate::story::file::save(&file, &path))
                .and_then(|r| r.map_err(|e| e.to_string()))
                .map(|()| path);
            Some(JobResult::StorySaved { result })
        });
    }

    /// Opens a file dialog on a worker thread; the UI keeps painting meanwhile.
    pub fn dialog(&self, purpose: DialogPurpose, file_name: Option<String>, dir: Option<PathBuf>) {
        self.spawn("tabayun-dialog", move || {
            let started = std::time::Instant::now();
            let mut dialog = rfd::AsyncFileDialog::new();
            if let Some(dir) = dir {
                dialog = dialog.set_directory(dir);
            }
            if purpose == DialogPurpose::AddArticles {
                let dialog = dialog
                    .set_title("Add articles to the story")
                    .add_filter("Articles", &["txt", "text", "md", "html", "htm"])
                    .add_filter("All files", &["*"]);
                let paths: Vec<PathBuf> = pollster::block_on(dialog.pick_files())
                    .unwrap_or_default()
                    .iter()
                    .map(|h| h.path().to_path_buf())
                    .collect();
                let unavailable = paths.is_empty() && started.elapsed() < NO_DIALOG_WITHIN;
                return Some(JobResult::PickedMany { paths, unavailable });
            }
            let path = match purpose {
                DialogPurpose::Open(which) => {
                    let dialog = dialog
                        .set_title(format!("Open article {}", which.label()))
                        .add_filter("Articles", &["txt", "text", "md", "html", "htm"])
                        .add_filter("All files", &["*"]);
                    pollster::block_on(dialog.pick_file()).map(|h| h.path().to_path_buf())
                }
                DialogPurpose::Export => {
                    let dialog = dialog
                        .set_title("Export report")
                        .set_file_name(file_name.unwrap_or_else(|| "report.html".to_owned()))
                        .add_filter("HTML", &["html"])
                        .add_filter("PDF", &["pdf"])
                        .add_filter("Markdown", &["md"])
                        .add_filter("JSON", &["json"])
                        .add_filter("Text", &["txt"]);
                    pollster::block_on(dialog.save_file()).map(|h| h.path().to_path_buf())
                }
                DialogPurpose::OpenStory => {
                    let dialog = dialog
                        .set_title("Open story")
                        .add_filter("Stories", &[crate::story::file::EXTENSION]);
                    pollster::block_on(dialog.pick_file()).map(|h| h.path().to_path_buf())
                }
                DialogPurpose::SaveStory => {
                    let dialog = dialog
                        .set_title("Save story")
                        .set_file_name(file_name.unwrap_or_else(|| "story.tabayun".to_owned()))
                        .add_filter("Stories", &[crate::story::file::EXTENSION]);
                    pollster::block_on(dialog.save_file()).map(|h| h.path().to_path_buf())
                }
                DialogPurpose::AddArticles => None,
            };
            let unavailable = path.is_none() && started.elapsed() < NO_DIALOG_WITHIN;
            Some(JobResult::Picked {
                purpose,
                path,
                unavailable,
            })
        });
    }

    /// Writes the story report to `path`, format from the extension.
    pub fn export_story(&self, story: crate::story::Story, path: PathBuf) {
        self.spawn("tabayun-export", move || {
            let result = catch(|| export_story_report(&story, &path)).and_then(|r| r);
            Some(JobResult::Exported { result })
        });
    }

    /// Writes the report for `comparison` to `path`, format from the extension.
    pub fn export(&self, comparison: Arc<Comparison>, path: PathBuf) {
        self.spawn("tabayun-export", move || {
            let result = catch(|| export_report(&comparison, &path)).and_then(|r| r);
            Some(JobResult::Exported { result })
        });
    }
}

/// Runs `f`, turning a panic into a message (a bug in a worker must not leave the UI waiting).
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!("internal error: {what}")
    })
}

fn log_error(message: &str) {
    eprintln!("tabayun: {message}");
}

/// The proposed export file name: `<a>-vs-<b>.html`.
pub fn default_export_name(c: &Comparison) -> String {
    report::write::default_file_name(c, Format::Html)
}

/// Writes the report atomically in the format named by the extension (`.html` is added when
/// there is none). Returns the path written.
pub fn export_report(c: &Comparison, path: &Path) -> Result<PathBuf, String> {
    let (path, format) = report_target(path)?;
    report::write::write_file(c, format, &durable(), &path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Writes the story report (coverage) atomically, format from the extension as
/// [`export_report`].
pub fn export_story_report(story: &crate::story::Story, path: &Path) -> Result<PathBuf, String> {
    let (path, format) = report_target(path)?;
    report::coverage::write_file(story, format, &durable(), &path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// The path to write (`.html` added when it has no extension) and the format it names.
fn report_target(path: &Path) -> Result<(PathBuf, Format), String> {
    let path = if path.extension().is_none() {
        path.with_extension("html")
    } else {
        path.to_path_buf()
    };
    match report::write::format_from_path(&path) {
        Some(format) => Ok((path, format)),
        None => Err(format!(
            "unknown report format (use .html, .pdf, .md, .json or .txt): {}",
            path.display()
        )),
    }
}

/// The window's export options: files synced before they take their name (the user may pull
/// the USB stick the moment the export says it is done).
fn durable() -> ReportOptions {
    ReportOptions {
        durable: true,
        ..ReportOptions::default()
    }
}
