//! Where an article comes from when it is a file: path checks, named pipes, the bounded read.

use std::io::Read;
use std::path::Path;

use super::{DEFAULT_MAX_BYTES, LoadError, LoadOptions};

/// Reads the bytes of one article file.
///
/// The size limit is checked from the file's metadata before anything is read, and the read is
/// bounded to `max_bytes + 1` bytes, so pipes, devices and growing files cannot exhaust memory.
/// Directories are never read.
pub(super) fn read_path(path: &Path, opts: &LoadOptions) -> Result<Vec<u8>, LoadError> {
    let label = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| io_error(&label, e))?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory { path: label });
    }
    let known_len = meta.is_file().then_some(meta.len());
    if let Some(len) = known_len
        && len > opts.max_bytes
    {
        return Err(LoadError::TooLarge {
            path: label,
            size: Some(len),
            limit: opts.max_bytes,
            hint: opts.limit_hint,
        });
    }

    let file = open(path, &meta).map_err(|e| io_error(&label, e))?;
    let cap = known_len
        .unwrap_or(0)
        .min(opts.max_bytes.saturating_add(1))
        .min(DEFAULT_MAX_BYTES.saturating_mul(4));
    let mut buf = Vec::with_capacity(usize::try_from(cap).unwrap_or(0));
    file.take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| io_error(&label, e))?;
    if buf.len() as u64 > opts.max_bytes {
        return Err(LoadError::TooLarge {
            path: label,
            // The file grew after `metadata`, or it has no meaningful length (pipe, device):
            // all that is known is that it is over the limit.
            size: None,
            limit: opts.max_bytes,
            hint: opts.limit_hint,
        });
    }
    Ok(buf)
}

/// Opens `path` for reading. A named pipe is opened without waiting for a writer (a plain
/// `open` would block forever when nobody writes to it), then switched back to blocking reads:
/// with a writer (`tabayun diff <(curl …) b.txt`) its data is read as usual; without one the
/// read ends at once and the file is reported as empty.
fn open(path: &Path, meta: &std::fs::Metadata) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags, fcntl_getfl, fcntl_setfl};
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_fifo() {
            let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = rustix::fs::open(path, flags, Mode::empty())?;
            fcntl_setfl(&fd, fcntl_getfl(&fd)? - OFlags::NONBLOCK)?;
            return Ok(std::fs::File::from(fd));
        }
    }
    let _ = meta;
    std::fs::File::open(path)
}

/// Maps an I/O error on `label` to the matching [`LoadError`].
pub(super) fn io_error(label: &str, error: std::io::Error) -> LoadError {
    let path = label.to_owned();
    match error.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
            LoadError::NotFound { path }
        }
        std::io::ErrorKind::IsADirectory => LoadError::IsDirectory { path },
        _ => LoadError::Unreadable { path, error },
    }
}
