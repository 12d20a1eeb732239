//! Writing a report to a file atomically: a temporary file in the target folder, flushed and
//! synced, then renamed into place (`tempfile`'s `NamedTempFile::persist`, as ripgrep and cargo
//! do). A failed export never leaves a half-written report or a temporary file behind. A report
//! never replaces one of the articles it compares (checked with `same-file`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

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
///
/// The report is formatted on this thread and written into the file on a second one, a chunk
/// at a time, so that formatting the next chunk and the kernel's copy of the last one overlap
/// (on a 100k-word pair the JSON is 3 MB, and its `write` calls alone took 1.9 ms; issue 15).
/// Without a second thread it is all done here.
fn fill_file(
    fill: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    file: &mut File,
    durable: bool,
) -> io::Result<()> {
    let slot = Mutex::new(Some(&mut *file));
    let take_file = &|| slot.lock().ok().and_then(|mut f| f.take());
    let failed = &AtomicBool::new(false);
    let written = std::thread::scope(|scope| {
        // Bounded: the formatter runs at most this many chunks ahead of the disk.
        let (to_writer, chunks) = mpsc::sync_channel::<Vec<u8>>(4);
        let writer = std::thread::Builder::new()
            .name("tabayun-write".into())
            .spawn_scoped(scope, move || {
                let file = take_file().ok_or_else(|| io::Error::other("report file taken"))?;
                write_chunks(file, chunks, failed)
            });
        match writer {
            Ok(handle) => {
                let mut w = ChunkSender {
                    chunk: Vec::with_capacity(CHUNK),
                    to_writer,
                    failed,
                };
                let formatted = fill(&mut w).and_then(|()| w.flush());
                // Closing the channel ends the writer's loop.
                drop(w);
                let written = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                // The writer's own error says more than the formatter's "writer failed".
                written.and(formatted)
            }
            Err(_) => {
                let file = take_file().ok_or_else(|| io::Error::other("report file taken"))?;
                let mut w = BufWriter::with_capacity(1 << 16, file);
                fill(&mut w)?;
                w.flush()
            }
        }
    });
    written?;
    if durable { file.sync_all() } else { Ok(()) }
}

/// Bytes handed from the formatting thread to the writing one at a time.
const CHUNK: usize = 1 << 18;

/// The formatting side of [`fill_file`]: collects what is written into chunks and hands each
/// full one to the writing thread.
struct ChunkSender<'f> {
    chunk: Vec<u8>,
    /// Dropped with the sender, which closes the channel.
    to_writer: mpsc::SyncSender<Vec<u8>>,
    /// Set by the writer when a write failed: formatting stops at the next chunk.
    failed: &'f AtomicBool,
}

impl ChunkSender<'_> {
    fn send(&mut self) -> io::Result<()> {
        let writer_gone = || io::Error::other("the report's writer stopped");
        if self.failed.load(Ordering::Relaxed) {
            return Err(writer_gone());
        }
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        self.to_writer.send(full).map_err(|_| writer_gone())
    }
}

impl Write for ChunkSender<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let room = CHUNK - self.chunk.len();
            let (now, rest) = buf.split_at(room.min(buf.len()));
            self.chunk.extend_from_slice(now);
            buf = rest;
            if self.chunk.len() == CHUNK {
                self.send()?;
            }
        }
        Ok(())
    }

    /// Sends what is collected; the writer writes it before it ends.
    fn flush(&mut self) -> io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        self.send()
    }
}

/// The writing side of [`fill_file`]: writes every chunk into `file` until the channel closes.
/// After a failed write it only drains the channel (so the formatter never waits on it) and
/// returns that error.
fn write_chunks(
    file: &mut File,
    chunks: mpsc::Receiver<Vec<u8>>,
    failed: &AtomicBool,
) -> io::Result<()> {
    let mut result = Ok(());
    for chunk in chunks {
        if result.is_ok() {
            result = file.write_all(&chunk);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
        }
    }
    result
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of `len` bytes, written in pieces of uneven sizes (as the formatters write).
    fn report_of(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    fn fill_with(report: &[u8]) -> impl Fn(&mut dyn Write) -> io::Result<()> + '_ {
        move |w: &mut dyn Write| {
            for piece in report.chunks(7_001) {
                w.write_all(piece)?;
            }
            Ok(())
        }
    }

    /// Byte for byte what was written, at every length around the chunk size.
    #[test]
    fn the_file_holds_every_byte_in_order() {
        let dir = tempfile::tempdir().expect("temporary folder");
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5, 11 * CHUNK] {
            let report = report_of(len);
            let path = dir.path().join(format!("r{len}.json"));
            write_atomic(&[], &path, false, &fill_with(&report)).expect("written");
            assert_eq!(fs::read(&path).expect("read back"), report, "{len} bytes");
        }
    }

    /// A write that fails on the writing thread comes back as that error (not the formatter's
    /// "writer stopped"), after the formatter has stopped; nothing waits forever.
    #[test]
    fn a_failed_write_returns_its_own_error() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("read-only");
        fs::write(&path, b"").expect("created");
        let mut read_only = File::open(&path).expect("opened");
        let report = report_of(20 * CHUNK);
        let err = fill_file(&fill_with(&report), &mut read_only, false).expect_err("must fail");
        assert_ne!(err.kind(), io::ErrorKind::Other, "{err}");
        assert!(!err.to_string().contains("writer stopped"), "{err}");
    }

    /// A formatter's own error is returned when the writes went well.
    #[test]
    fn a_formatting_error_is_returned() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("r.json");
        let fill = |w: &mut dyn Write| -> io::Result<()> {
            w.write_all(&report_of(CHUNK + 3))?;
            Err(io::Error::new(io::ErrorKind::InvalidData, "bad report"))
        };
        let err = write_atomic(&[], &path, false, &fill).expect_err("must fail");
        assert!(err.to_string().contains("bad report"), "{err}");
        assert!(!path.exists(), "a failed report is not left behind");
    }
}
