//! Writing a report to a file atomically: a temporary file in the target folder, flushed and
//! synced, then renamed into place (`tempfile`'s `NamedTempFile::persist`, as ripgrep and cargo
//! do). A failed export never leaves a half-written report or a temporary file behind. A report
//! never replaces one of the articles it compares (checked with `same-file`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::model::Comparison;

use super::{Format, ReportOptions};

/// Why a report could not be written. Messages name the reason first and the path last.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The folder the report should go into does not exist.
    #[error("folder does not exist: {}", .0.display())]
    NoFolder(PathBuf),
    /// The folder the report should go into is a file.
    #[error("not a folder: {}", .0.display())]
    NotAFolder(PathBuf),
    /// The target path is a folder.
    #[error("cannot write report (is a folder): {}", .0.display())]
    IsAFolder(PathBuf),
    /// The target is one of the articles being compared: writing would destroy it.
    #[error("cannot write report (it would replace an article being compared): {}", .0.display())]
    IsAnInput(PathBuf),
    /// Creating, writing, syncing or renaming the file failed.
    #[error("cannot write report ({reason}): {}", path.display())]
    Io {
        /// A short, lower-case reason such as "permission denied" or "disk full".
        reason: String,
        /// The report path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl ExportError {
    /// Wraps an I/O error for `path`.
    fn io(source: io::Error, path: &Path) -> Self {
        Self::Io {
            reason: reason(&source),
            path: path.to_owned(),
            source,
        }
    }
}

/// A short, lower-case reason for an I/O error, without the "(os error N)" suffix.
fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "not found".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".to_owned(),
        io::ErrorKind::StorageFull => "disk full".to_owned(),
        io::ErrorKind::IsADirectory => "is a folder".to_owned(),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or("").trim();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "input/output error".to_owned(),
            }
        }
    }
}

/// Writes `c` in `format` to `path` atomically (temporary file, sync when
/// [`ReportOptions::durable`], rename).
///
/// On any error the temporary file is removed and an existing file at `path` is left as it was.
pub fn write_file(
    c: &Comparison,
    format: Format,
    opts: &ReportOptions,
    path: &Path,
) -> Result<(), ExportError> {
    write_atomic(&[&c.a.path, &c.b.path], path, opts.durable, &|w| {
        super::write(c, format, opts, w)
    })
}

/// Writes what `fill` writes to `path` atomically (temporary file, sync if `durable`, rename),
/// refusing to
/// replace any of `inputs` (the articles the report is about). A device or a pipe is written
/// into as it is. Every report file goes through here (a pair's, a story's).
///
/// On any error the temporary file is removed and an existing file at `path` is left as it was.
pub fn write_atomic(
    inputs: &[&str],
    path: &Path,
    durable: bool,
    fill: &dyn Fn(&mut dyn Write) -> io::Result<()>,
) -> Result<(), ExportError> {
    if inputs.iter().any(|input| same_file(Path::new(input), path)) {
        return Err(ExportError::IsAnInput(path.to_owned()));
    }
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written into as it is: renaming
    // a temporary file over it would replace the device itself with a regular file.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return write_special(fill, path);
    }
    let folder = target_folder(path)?;
    let mut tmp = temp_file(&folder, path)?;
    fill_file(fill, tmp.as_file_mut(), durable).map_err(|e| ExportError::io(e, path))?;
    // On failure the temporary file is dropped, which removes it.
    tmp.persist(path)
        .map_err(|e| ExportError::io(e.error, path))?;
    if durable {
        sync_folder(&folder);
    }
    Ok(())
}

/// True when `a` and `b` name the same existing regular file (also through links): the only
/// kind a report would replace. Anything else is not opened (`same_file` opens both, and
/// opening a pipe can wait for a writer forever).
fn same_file(a: &Path, b: &Path) -> bool {
    let regular = |p: &Path| fs::metadata(p).is_ok_and(|m| m.is_file());
    regular(a) && regular(b) && same_file::is_same_file(a, b).unwrap_or(false)
}

/// Writes the report straight into a device or pipe.
fn write_special(
    fill: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    path: &Path,
) -> Result<(), ExportError> {
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| ExportError::io(e, path))?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    fill(&mut w)
        .and_then(|()| w.flush())
        .map_err(|e| ExportError::io(e, path))
}

/// The folder `path` goes into, checked to exist; `path` itself must not be a folder.
fn target_folder(path: &Path) -> Result<PathBuf, ExportError> {
    if path.is_dir() {
        return Err(ExportError::IsAFolder(path.to_owned()));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    match fs::metadata(&folder) {
        Ok(m) if m.is_dir() => Ok(folder),
        Ok(_) => Err(ExportError::NotAFolder(folder)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(ExportError::NoFolder(folder)),
        Err(e) => Err(ExportError::io(e, path)),
    }
}

/// A new temporary file `.<name>.<random>.tmp` in `folder`, next to `path`, with the
/// permissions a new file gets (read-write for everyone, less the umask), not tempfile's private
/// ones: it becomes the report.
fn temp_file(folder: &Path, path: &Path) -> Result<NamedTempFile, ExportError> {
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(folder)
        .map_err(|e| ExportError::io(e, path))
}

/// Writes the report into `file` and flushes it; syncs it if `durable`.
fn fill_file(
    fill: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    file: &mut File,
    durable: bool,
) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, &mut *file);
    fill(&mut w)?;
    w.flush()?;
    drop(w);
    if durable { file.sync_all() } else { Ok(()) }
}

/// Syncs the folder so the rename is durable (Unix; a no-op elsewhere or on error).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// The format for a file name's extension: `.html`/`.htm`, `.md`/`.markdown`, `.json`, `.txt`,
/// `.pdf`
/// (case-insensitive); `None` for anything else.
pub fn format_from_path(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => Some(Format::Html),
        "md" | "markdown" => Some(Format::Markdown),
        "json" => Some(Format::Json),
        "txt" => Some(Format::Text),
        "pdf" => Some(Format::Pdf),
        _ => None,
    }
}

/// The usual extension of a format, without the dot.
pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Markdown => "md",
        Format::Json => "json",
        Format::Text => "txt",
        Format::Pdf => "pdf",
    }
}

/// A default file name for the report: `<a-stem>-vs-<b-stem>.<ext>`.
///
/// Characters that are not allowed in file names on common systems, control characters and
/// bidi controls are replaced with `_`.
pub fn default_file_name(c: &Comparison, format: Format) -> String {
    format!(
        "{}-vs-{}.{}",
        safe_stem(c.a.file_name(), "a"),
        safe_stem(c.b.file_name(), "b"),
        extension(format)
    )
}

/// The stem of `file_name`, made safe for a file name; `fallback` when it is empty.
fn safe_stem(file_name: &str, fallback: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file_name);
    let safe: String = stem
        .chars()
        .map(|ch| {
            let bad = ch.is_control()
                || matches!(ch, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
                || crate::controls::is_bidi_control(ch);
            if bad { '_' } else { ch }
        })
        .collect();
    let safe = safe.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if safe.is_empty() {
        fallback.to_owned()
    } else {
        safe.to_owned()
    }
}
