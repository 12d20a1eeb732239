//! Reading articles: where they come from and what format their bytes are, ending in one
//! [`Document`].
//!
//! Sources: a file ([`load_path`], `file.rs`), a URL ([`fetch_url`], `url.rs`), bytes already in
//! memory ([`from_bytes`]: drag and drop) and the clipboard ([`from_clipboard`], `clipboard.rs`).
//! [`load_input`] takes a command-line argument and picks the file or the URL.
//!
//! Formats (`sniff.rs` chooses, by name and then by content): plain text (`text.rs`), web pages
//! (`html.rs`: the article body and the page's metadata), MHTML single-file pages (`mhtml.rs`)
//! and Word documents (`docx.rs`). Plain text runs these checks, in this order:
//!
//! 1. size limit ([`LoadOptions::max_bytes`]; for files the limit is checked from the metadata
//!    before reading, and the read itself is bounded);
//! 2. empty input;
//! 3. well-known binary formats, recognised by their magic bytes (PNG, JPEG, PDF, ZIP, …);
//! 4. decoding: a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE); UTF-16 without a BOM is
//!    recognised from its pattern of NUL (or other low) bytes; otherwise UTF-8, falling back to
//!    windows-1256 (the legacy Arabic code page) only when the bytes are not *mostly* valid UTF-8;
//! 5. binary content that is not a known format (NUL bytes or many control characters);
//! 6. text that is only whitespace.
//!
//! The decoded text has its BOM removed and its line endings normalised to `\n`.

use std::path::Path;

pub use crate::model::Format;

mod clipboard;
mod docx;
mod file;
mod html;
mod mhtml;
mod sniff;
mod text;
mod url;

pub use clipboard::{Clipboard, from_clipboard, pasted_label};
pub use url::{FetchFailure, FetchOptions, fetch_url, is_url};

#[cfg(test)]
use text::is_blank;
use text::{normalise_newlines, sha256_hex};

/// Default size limit for one article file (50 MB).
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1000 * 1000;

/// How many leading bytes are examined when sniffing UTF-16 and binary content.
const SNIFF_BYTES: usize = 8192;

/// A decoded article, ready to compare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The path as given (display form).
    pub path: String,
    /// Encoding the bytes were decoded from: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1256`.
    pub encoding: String,
    /// Decoded text, line endings normalised to `\n`, BOM removed.
    pub text: String,
    /// Hex SHA-256 of the original bytes.
    pub sha256: String,
    /// Size of the original bytes.
    pub bytes: u64,
    /// Number of malformed byte sequences that were replaced by U+FFFD while decoding (0 for a
    /// clean file). Non-zero typically means a mostly-UTF-8 file with a few corrupt bytes.
    pub replaced: usize,
    /// What the text was read from.
    pub format: Format,
    /// The page's canonical URL, else the URL it was fetched from.
    pub url: Option<String>,
    /// The publication date the page or document gives, ISO 8601.
    pub published: Option<String>,
    /// The title the page or document gives (its metadata, not a guess from the text).
    pub title: Option<String>,
    /// The outlet the page names (`og:site_name`, JSON-LD publisher).
    pub outlet: Option<String>,
    /// The language the page declares (`lang`), if any.
    pub lang: Option<String>,
    /// The direction the page declares (`rtl` or `ltr`), if any.
    pub dir: Option<String>,
}

/// How the command line tells a user to raise the size limit.
pub const CLI_LIMIT_HINT: &str = "raise it with --max-size";

/// Options for loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Files larger than this are refused.
    pub max_bytes: u64,
    /// How the front end lets a user raise `max_bytes`, for the "file too large" message
    /// (the command line: [`CLI_LIMIT_HINT`]; the window names its option).
    pub limit_hint: &'static str,
    /// Whether to fill [`Document::sha256`] (on by default). Every report shows it but the
    /// plain-text diff, which turns it off: it is about 0.5 ms a megabyte.
    pub hash: bool,
}

impl LoadOptions {
    /// Options with a size limit of `max_bytes` and the command line's hint.
    pub fn with_max_bytes(max_bytes: u64) -> Self {
        Self {
            max_bytes,
            ..Self::default()
        }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            limit_hint: CLI_LIMIT_HINT,
            hash: true,
        }
    }
}

/// Why a file could not be loaded. Messages name the reason first and the path last, on one line.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Nothing exists at the path (or a parent component is not a directory).
    #[error("no such file: {path}")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// The path is a directory.
    #[error("is a directory, not a file: {path}")]
    IsDirectory {
        /// The path as given.
        path: String,
    },
    /// The path exists but could not be read (permissions, I/O error, …).
    #[error("cannot read file ({error}): {path}")]
    Unreadable {
        /// The path as given.
        path: String,
        /// The underlying I/O error (its text is part of the message).
        error: std::io::Error,
    },
    /// The file is larger than [`LoadOptions::max_bytes`].
    #[error("file too large ({}; {hint}): {path}", size_phrase(*.size, *.limit))]
    TooLarge {
        /// The path as given.
        path: String,
        /// Size in bytes, when known. `None` when the file is not a regular file (a pipe, a
        /// device) or grew while being read, so that only "more than the limit" is known.
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
        /// How to raise the limit ([`LoadOptions::limit_hint`]).
        hint: &'static str,
    },
    /// The file has no bytes at all (or only a byte-order mark).
    #[error("file is empty: {path}")]
    Empty {
        /// The path as given.
        path: String,
    },
    /// The file decodes to whitespace (and invisible marks) only.
    #[error("file has no text, only whitespace: {path}")]
    OnlyWhitespace {
        /// The path as given.
        path: String,
    },
    /// The file is not text.
    #[error("binary file, not text{}: {path}", binary_phrase(*.kind))]
    Binary {
        /// The path as given.
        path: String,
        /// What it looks like, e.g. `a PNG image`, when recognised from its magic bytes.
        kind: Option<&'static str>,
    },
    /// A web page or document in which no article body was found.
    #[error("no article text found in {path}")]
    NoArticle {
        /// The path or URL.
        path: String,
    },
    /// A Word document, MHTML file or page that could not be read as its format.
    #[error("cannot read {what} ({reason}): {path}")]
    Malformed {
        /// The path or URL.
        path: String,
        /// What it was read as: `Word document`, `MHTML file`.
        what: &'static str,
        /// Why, in words.
        reason: String,
    },
    /// A URL that could not be fetched.
    #[error("{failure}: {path}")]
    Fetch {
        /// The URL as given.
        path: String,
        /// Why.
        failure: FetchFailure,
    },
}

impl LoadError {
    /// The path (or label) the error is about.
    pub fn path(&self) -> &str {
        match self {
            Self::NotFound { path }
            | Self::IsDirectory { path }
            | Self::Unreadable { path, .. }
            | Self::TooLarge { path, .. }
            | Self::Empty { path }
            | Self::OnlyWhitespace { path }
            | Self::Binary { path, .. }
            | Self::NoArticle { path }
            | Self::Malformed { path, .. }
            | Self::Fetch { path, .. } => path,
        }
    }
}

/// `123.4 MB, limit 50.0 MB` (falls back to exact byte counts when both round to the same text).
fn size_phrase(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => {
            let (s, l) = (human_size(size), human_size(limit));
            if s == l {
                format!("{size} bytes, limit {limit} bytes")
            } else {
                format!("{s}, limit {l}")
            }
        }
        None => format!("more than {0}, limit {0}", human_size(limit)),
    }
}

/// Decimal units, one decimal place: `123.4 MB`, `12.0 KB`, `17 bytes`.
fn human_size(n: u64) -> String {
    // Precision loss above 2^53 bytes is irrelevant for a one-decimal display.
    let f = n as f64;
    if n >= 1_000_000_000 {
        format!("{:.1} GB", f / 1e9)
    } else if n >= 1_000_000 {
        format!("{:.1} MB", f / 1e6)
    } else if n >= 1_000 {
        format!("{:.1} KB", f / 1e3)
    } else if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}

/// ` (looks like a PNG image)` or nothing.
fn binary_phrase(kind: Option<&'static str>) -> String {
    kind.map(|k| format!(" (looks like {k})"))
        .unwrap_or_default()
}

/// Loads one article file: reads its bytes ([`file`]), then reads them as their format.
///
/// The size limit is checked from the file's metadata before anything is read, and the read is
/// bounded to `max_bytes + 1` bytes, so pipes, devices and growing files cannot exhaust memory.
/// Directories are never read.
pub fn load_path(path: &Path, opts: &LoadOptions) -> Result<Document, LoadError> {
    let bytes = file::read_path(path, opts)?;
    crate::trace::phase("read");
    let label = path.display().to_string();
    match sniff::format(&label, &bytes) {
        // Plain text takes the buffer over (no copy); the other formats read from it.
        Format::Text | Format::Clipboard => {
            let sha256 = if opts.hash {
                sha256_hex(&bytes)
            } else {
                String::new()
            };
            let mut doc = text::decode_owned(label, bytes)?;
            doc.sha256 = sha256;
            Ok(doc)
        }
        format => read_as(format, label, &bytes, None, opts.hash),
    }
}

/// Loads an argument as a user gives it: a URL (`http://`, `https://`) is fetched with the
/// default [`FetchOptions`], anything else is a path ([`load_path`]).
pub fn load_input(arg: &Path, opts: &LoadOptions) -> Result<Document, LoadError> {
    match arg.to_str() {
        Some(url) if is_url(url) => fetch_url(
            url,
            &FetchOptions::default(),
            &std::sync::atomic::AtomicBool::new(false),
        ),
        _ => load_path(arg, opts),
    }
}

/// Reads in-memory bytes as if read from `label` (its extension names the format; the content
/// decides when it does not).
///
/// Runs the same checks as [`load_path`]: size limit, empty, binary, encoding, whitespace-only.
pub fn from_bytes(label: &str, bytes: &[u8], opts: &LoadOptions) -> Result<Document, LoadError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(LoadError::TooLarge {
            path: label.to_owned(),
            size: Some(bytes.len() as u64),
            limit: opts.max_bytes,
            hint: opts.limit_hint,
        });
    }
    read_format(label.to_owned(), bytes, None)
}

/// Reads `bytes` (size already checked) as the format [`sniff::format`] finds from `label`'s
/// extension and the content; `charset` is a charset given outside the bytes (an HTTP header).
fn read_format(label: String, bytes: &[u8], charset: Option<&str>) -> Result<Document, LoadError> {
    read_as(sniff::format(&label, bytes), label, bytes, charset, true)
}

/// [`read_format`] once the format is known.
fn read_as(
    format: Format,
    label: String,
    bytes: &[u8],
    charset: Option<&str>,
    hash: bool,
) -> Result<Document, LoadError> {
    let mut doc = match format {
        Format::Html => html::read(&label, bytes, charset)?,
        Format::Mhtml => mhtml::read(&label, bytes)?,
        Format::Docx => docx::read(&label, bytes)?,
        Format::Text | Format::Clipboard => text::decode(label.clone(), bytes)?,
    };
    doc.path = label;
    if hash {
        doc.sha256 = sha256_hex(bytes);
    }
    doc.bytes = bytes.len() as u64;
    Ok(doc)
}

/// Builds a document from text known to be valid UTF-8 (the bundled seeds, and the unit tests'
/// articles). Infallible: no size, binary or whitespace checks.
pub(crate) fn from_utf8_text(label: &str, text: &str) -> Document {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    Document {
        path: label.to_owned(),
        encoding: "UTF-8".to_owned(),
        text: normalise_newlines(body),
        sha256: sha256_hex(text.as_bytes()),
        bytes: text.len() as u64,
        ..Document::default()
    }
}

/// The bundled seed pair (Alittihad, Alsumaria), used when the app starts without arguments.
pub fn seed_documents() -> (Document, Document) {
    (
        from_utf8_text(
            "seeds/alittihad-xi-putin-call.txt",
            include_str!("../../seeds/alittihad-xi-putin-call.txt"),
        ),
        from_utf8_text(
            "seeds/alsumaria-xi-putin-call.txt",
            include_str!("../../seeds/alsumaria-xi-putin-call.txt"),
        ),
    )
}

#[cfg(test)]
mod tests;
