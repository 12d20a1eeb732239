//! The `.tabayun` story file: a small JSON document naming a story's articles (paths relative to
//! the story file where possible, with the SHA-256 and size they had), its base and its matching
//! options. Never the texts. Knows nothing of the GUI; the window and `tabayun coverage --story`
//! both use [`save`] and [`open`].
//!
//! ```json
//! { "version": 1, "kind": "story", "base": 0,
//!   "articles": [ { "path": "seeds/alittihad-xi-putin-call.txt", "sha256": "…", "bytes": 4008 } ],
//!   "options": { "…": "the matching options, as in the JSON contract" } }
//! ```

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::load::{self, Document, LoadError, LoadOptions};
use crate::model::MatchOptions;

/// Version of the story file format.
pub const STORY_FILE_VERSION: u32 = 1;
/// The `kind` field of a story file.
pub const STORY_FILE_KIND: &str = "story";
/// The extension of a story file, without the dot.
pub const EXTENSION: &str = "tabayun";

/// True when `path` names a story file (its extension is [`EXTENSION`]).
pub fn is_story_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == EXTENSION)
}
/// Story files larger than this are refused (a real one is a few hundred bytes).
const MAX_FILE_BYTES: u64 = 1 << 20;

/// The contents of a `.tabayun` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryFile {
    /// [`STORY_FILE_VERSION`].
    pub version: u32,
    /// Always [`STORY_FILE_KIND`].
    pub kind: String,
    /// Index of the base article in `articles`.
    pub base: usize,
    /// The articles, in story order.
    pub articles: Vec<StoryFileArticle>,
    /// The matching options.
    pub options: MatchOptions,
}

/// One article of a story file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryFileArticle {
    /// The path, relative to the story file's folder where possible (`/` separators), else
    /// absolute.
    pub path: String,
    /// Hex SHA-256 of the file when the story was saved.
    pub sha256: String,
    /// Its size in bytes then.
    pub bytes: u64,
}

/// Why a story file could not be read or written. Messages name the reason first and the path
/// last.
#[derive(Debug, thiserror::Error)]
pub enum StoryFileError {
    /// Reading or writing the story file failed.
    #[error("cannot {action} story file ({reason}): {}", path.display())]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// A short reason.
        reason: String,
        /// The story file.
        path: PathBuf,
    },
    /// Not a story file (bad JSON, another version or kind, no articles, a base out of range).
    #[error("not a tabayun story file ({reason}): {}", path.display())]
    Invalid {
        /// What is wrong.
        reason: String,
        /// The story file.
        path: PathBuf,
    },
}

/// What went wrong with one article when opening a story file.
#[derive(Debug)]
pub enum ArticleProblem {
    /// The article could not be loaded (moved, deleted, unreadable): it is left out.
    Missing {
        /// Its index in the story file.
        index: usize,
        /// The path it was looked for at.
        path: PathBuf,
        /// Why it could not be loaded.
        error: LoadError,
    },
    /// The article loaded but its contents changed since the story was saved (another
    /// SHA-256): it is opened as it is now, and the change is reported.
    Changed {
        /// Its index in the story file.
        index: usize,
        /// The path.
        path: PathBuf,
    },
}

impl ArticleProblem {
    /// Index of the article in the story file.
    pub fn index(&self) -> usize {
        match self {
            Self::Missing { index, .. } | Self::Changed { index, .. } => *index,
        }
    }
}

impl std::fmt::Display for ArticleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The load error already names the reason and the path.
            Self::Missing { error, .. } => write!(f, "story article not opened: {error}"),
            Self::Changed { path, .. } => write!(
                f,
                "story article changed since the story was saved: {}",
                path.display()
            ),
        }
    }
}

/// A story file opened: the articles that loaded, and what happened to the others.
#[derive(Debug)]
pub struct OpenedStory {
    /// The file as read.
    pub file: StoryFile,
    /// The articles that loaded, in story order, with their index in the story file.
    pub documents: Vec<(usize, Arc<Document>)>,
    /// Articles that moved (left out) or changed (opened anyway), in story order.
    pub problems: Vec<ArticleProblem>,
}

impl OpenedStory {
    /// The base as an index into [`OpenedStory::documents`]: the saved base when it loaded,
    /// else the first article that did.
    pub fn base(&self) -> usize {
        self.documents
            .iter()
            .position(|(i, _)| *i == self.file.base)
            .unwrap_or(0)
    }

    /// The loaded documents alone, in story order.
    pub fn docs(&self) -> Vec<Arc<Document>> {
        self.documents.iter().map(|(_, d)| Arc::clone(d)).collect()
    }
}

impl StoryFile {
    /// A story file for `docs` (their `path` as loaded), to be saved at `story_path`: each
    /// path becomes relative to the story file's folder where it can be.
    pub fn new(docs: &[&Document], base: usize, options: &MatchOptions, story_path: &Path) -> Self {
        let folder = absolute(story_path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Self {
            version: STORY_FILE_VERSION,
            kind: STORY_FILE_KIND.to_owned(),
            base,
            articles: docs
                .iter()
                .map(|d| StoryFileArticle {
                    path: relative_to(&absolute(Path::new(&d.path)), &folder),
                    sha256: d.sha256.clone(),
                    bytes: d.bytes,
                })
                .collect(),
            options: options.clone(),
        }
    }

    /// Reads and checks a story file.
    pub fn read(path: &Path) -> Result<Self, StoryFileError> {
        let io_err = |e: io::Error| StoryFileError::Io {
            action: "read",
            reason: e.kind().to_string(),
            path: path.to_owned(),
        };
        let meta = std::fs::metadata(path).map_err(io_err)?;
        if !meta.is_file() {
            return Err(invalid("not a regular file", path));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(invalid("larger than 1 MiB", path));
        }
        let bytes = std::fs::read(path).map_err(io_err)?;
        let file: StoryFile =
            serde_json::from_slice(&bytes).map_err(|e| invalid(&e.to_string(), path))?;
        if file.kind != STORY_FILE_KIND {
            return Err(invalid(&format!("kind {:?}", file.kind), path));
        }
        if file.version != STORY_FILE_VERSION {
            return Err(invalid(&format!("version {}", file.version), path));
        }
        if file.articles.is_empty() {
            return Err(invalid("no articles", path));
        }
        if file.base >= file.articles.len() {
            return Err(invalid(&format!("base {} out of range", file.base), path));
        }
        Ok(file)
    }

    /// Where article `index` is looked for, given the story file's path.
    pub fn article_path(&self, index: usize, story_path: &Path) -> Option<PathBuf> {
        let a = self.articles.get(index)?;
        let p = Path::new(&a.path);
        Some(if p.is_absolute() {
            p.to_path_buf()
        } else {
            story_path
                .parent()
                .map_or_else(|| p.to_path_buf(), |folder| folder.join(p))
        })
    }
}

fn invalid(reason: &str, path: &Path) -> StoryFileError {
    StoryFileError::Invalid {
        reason: reason.to_owned(),
        path: path.to_owned(),
    }
}

/// Writes `file` to `path` atomically (a temporary file in the same folder, synced, renamed).
pub fn save(file: &StoryFile, path: &Path) -> Result<(), StoryFileError> {
    let io_err = |e: io::Error| StoryFileError::Io {
        action: "write",
        reason: e.kind().to_string(),
        path: path.to_owned(),
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".story.")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(io_err)?;
    let mut json = serde_json::to_vec_pretty(file).map_err(|e| io_err(io::Error::other(e)))?;
    json.push(b'\n');
    tmp.as_file_mut().write_all(&json).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// Reads the story file at `path` and loads its articles (relative paths from the story file's
/// folder): those that cannot be loaded are left out and reported, those whose SHA-256 changed
/// are opened and reported.
pub fn open(path: &Path, load_opts: &LoadOptions) -> Result<OpenedStory, StoryFileError> {
    let file = StoryFile::read(path)?;
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (index, a) in file.articles.iter().enumerate() {
        let article_path = file
            .article_path(index, path)
            .unwrap_or_else(|| PathBuf::from(&a.path));
        match load::load_path(&article_path, load_opts) {
            Ok(doc) => {
                if doc.sha256 != a.sha256 {
                    problems.push(ArticleProblem::Changed {
                        index,
                        path: article_path,
                    });
                }
                documents.push((index, Arc::new(doc)));
            }
            Err(error) => problems.push(ArticleProblem::Missing {
                index,
                path: article_path,
                error,
            }),
        }
    }
    Ok(OpenedStory {
        file,
        documents,
        problems,
    })
}

/// `path` made absolute against the working directory, without touching the file system
/// beyond that (no symlink resolution).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `target` (absolute) relative to `folder` (absolute) with `/` separators, through `..` where
/// needed; `target` itself when they share no root (another drive).
fn relative_to(target: &Path, folder: &Path) -> String {
    fn clean(p: &Path) -> Vec<Component<'_>> {
        let mut out: Vec<Component<'_>> = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    }
    let (t, f) = (clean(target), clean(folder));
    if t.first() != f.first() {
        return target.to_string_lossy().into_owned();
    }
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_owned(), f.len() - common).collect();
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_story_folder() {
        let f = Path::new("/x/y");
        assert_eq!(relative_to(Path::new("/x/y/seeds/a.txt"), f), "seeds/a.txt");
        assert_eq!(relative_to(Path::new("/x/z/a.txt"), f), "../z/a.txt");
        assert_eq!(relative_to(Path::new("/x/y/./b/../a.txt"), f), "a.txt");
    }
}
