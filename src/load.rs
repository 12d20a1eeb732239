//! Reading article files: size and type checks, encoding detection, line-ending normalisation.
//!
//! [`load_path`] reads a file from disk, [`from_bytes`] takes bytes already in memory (drag and
//! drop, bundled seeds). Both run the same checks, in this order:
//!
//! 1. size limit ([`LoadOptions::max_bytes`]; for files the limit is checked from the metadata
//!    before reading, and the read itself is bounded);
//! 2. empty input;
//! 3. well-known binary formats, recognised by their magic bytes (PNG, JPEG, PDF, ZIP/DOCX, …);
//! 4. decoding: a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE); UTF-16 without a BOM is
//!    recognised from its pattern of NUL (or other low) bytes; otherwise UTF-8, falling back to
//!    windows-1256 (the legacy Arabic code page) only when the bytes are not *mostly* valid UTF-8;
//! 5. binary content that is not a known format (NUL bytes or many control characters);
//! 6. text that is only whitespace.
//!
//! The decoded text has its BOM removed and its line endings normalised to `\n`.

use std::io::Read;
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};
use sha2::{Digest, Sha256};

/// Default size limit for one article file (50 MB).
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1000 * 1000;

/// How many leading bytes are examined when sniffing UTF-16 and binary content.
const SNIFF_BYTES: usize = 8192;

/// A decoded article, ready to compare.
#[derive(Clone, Debug, PartialEq, Eq)]
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
            | Self::Binary { path, .. } => path,
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

/// Loads and decodes one article file.
///
/// The size limit is checked from the file's metadata before anything is read, and the read is
/// bounded to `max_bytes + 1` bytes, so pipes, devices and growing files cannot exhaust memory.
/// Directories are never read.
pub fn load_path(path: &Path, opts: &LoadOptions) -> Result<Document, LoadError> {
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
    decode(label, &buf)
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
fn io_error(label: &str, error: std::io::Error) -> LoadError {
    let path = label.to_owned();
    match error.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
            LoadError::NotFound { path }
        }
        std::io::ErrorKind::IsADirectory => LoadError::IsDirectory { path },
        _ => LoadError::Unreadable { path, error },
    }
}

/// Decodes in-memory bytes as if read from `label`.
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
    decode(label.to_owned(), bytes)
}

/// The checks and decoding shared by [`load_path`] and [`from_bytes`] (size already checked).
fn decode(path: String, bytes: &[u8]) -> Result<Document, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty { path });
    }
    if let Some(kind) = magic_kind(bytes) {
        return Err(LoadError::Binary {
            path,
            kind: Some(kind),
        });
    }

    let decoded = match decode_text(bytes) {
        Some(d) => d,
        None => {
            return Err(LoadError::Binary {
                path,
                kind: executable_kind(bytes),
            });
        }
    };

    // Trailing NUL padding (some Windows tools write a terminator) is dropped; NULs anywhere
    // else, or many control characters, mean this is not text.
    let body = decoded.text.trim_end_matches('\0');
    if body.is_empty() {
        return if decoded.text.is_empty() {
            // Only a byte-order mark.
            Err(LoadError::Empty { path })
        } else {
            Err(LoadError::Binary { path, kind: None })
        };
    }
    if looks_binary(body) {
        return Err(LoadError::Binary {
            path,
            kind: executable_kind(bytes),
        });
    }
    if body.chars().all(is_blank) {
        return Err(LoadError::OnlyWhitespace { path });
    }

    let text = if body.len() == decoded.text.len() && !body.contains('\r') {
        decoded.text
    } else {
        normalise_newlines(body)
    };
    Ok(Document {
        path,
        encoding: decoded.encoding.name().to_owned(),
        text,
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        replaced: decoded.replaced,
    })
}

/// Text decoded from bytes, before binary and whitespace checks.
struct Decoded {
    encoding: &'static Encoding,
    /// BOM removed, line endings not yet normalised.
    text: String,
    replaced: usize,
}

/// Picks the encoding and decodes. `None` means the bytes are binary (NUL bytes or many control
/// characters that are not explained by UTF-16).
fn decode_text(bytes: &[u8]) -> Option<Decoded> {
    // A byte-order mark (UTF-8, UTF-16LE or UTF-16BE) is authoritative.
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom..).unwrap_or_default();
        return Some(if encoding == UTF_8 {
            decode_utf8(rest, utf8_stats(rest).invalid)
        } else {
            decode_utf16(encoding, rest)
        });
    }

    // NUL bytes or other low control bytes: UTF-16 without a BOM, or binary.
    let sample = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    if sample.iter().any(|&b| is_suspect_control(b)) {
        if let Some(encoding) = sniff_utf16(sample) {
            return Some(decode_utf16(encoding, bytes));
        }
        // Trailing NUL padding alone does not make a file binary.
        let trimmed = trim_trailing_nuls(bytes);
        let sample = trimmed.get(..SNIFF_BYTES).unwrap_or(trimmed);
        let suspect = sample.iter().filter(|&&b| is_suspect_control(b)).count();
        if sample.contains(&0) || suspect * 20 > sample.len() {
            return None;
        }
    }

    // The common case, valid UTF-8: validate once and copy once.
    if let Ok(valid) = simdutf8::basic::from_utf8(bytes) {
        return Some(Decoded {
            encoding: UTF_8,
            text: valid.to_owned(),
            replaced: 0,
        });
    }
    let stats = utf8_stats(bytes);
    if stats.invalid == 0 || (stats.multibyte > 0 && stats.multibyte >= stats.invalid) {
        // Valid, or mostly valid UTF-8 with a few corrupt bytes: decoding that as windows-1256
        // would turn every Arabic letter into mojibake, so keep UTF-8 and replace the bad bytes.
        Some(decode_utf8(bytes, stats.invalid))
    } else {
        let (text, _) = WINDOWS_1256.decode_without_bom_handling(bytes);
        let text = text.into_owned();
        let replaced = text
            .chars()
            .filter(|&c| c == char::REPLACEMENT_CHARACTER)
            .count();
        Some(Decoded {
            encoding: WINDOWS_1256,
            text,
            replaced,
        })
    }
}

/// Decodes UTF-8 (BOM already removed) with U+FFFD for malformed sequences; `invalid` is their
/// count from [`utf8_stats`].
fn decode_utf8(bytes: &[u8], invalid: usize) -> Decoded {
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    Decoded {
        encoding: UTF_8,
        text: strip_bom(text.into_owned()),
        replaced: invalid,
    }
}

/// Decodes UTF-16 (BOM already removed) with U+FFFD for unpaired surrogates and an odd last byte.
fn decode_utf16(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let text = strip_bom(text.into_owned());
    // Replacement characters in the output that were not literally U+FFFD in the input.
    let literal = bytes
        .chunks_exact(2)
        .filter(|pair| {
            let (a, b) = match pair {
                [a, b] => (*a, *b),
                _ => (0, 0),
            };
            let unit = if encoding == UTF_16LE {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            };
            unit == 0xFFFD
        })
        .count();
    let in_output = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count();
    Decoded {
        encoding,
        text,
        replaced: in_output.saturating_sub(literal),
    }
}

/// Removes one leading U+FEFF.
fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

fn trim_trailing_nuls(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    bytes.get(..end).unwrap_or(bytes)
}

/// A byte that does not occur in text in any supported 8-bit encoding: NUL and C0 controls other
/// than tab, line feed, vertical tab, form feed, carriage return, SUB (DOS end-of-file) and ESC.
fn is_suspect_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1A | 0x1B)
}

/// Counts over a byte slice read as UTF-8.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Utf8Stats {
    /// Valid non-ASCII characters (multi-byte sequences).
    multibyte: usize,
    /// Malformed sequences (each becomes one U+FFFD, WHATWG "maximal subpart" rule).
    invalid: usize,
}

fn utf8_stats(bytes: &[u8]) -> Utf8Stats {
    let mut stats = Utf8Stats::default();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                stats.multibyte += count_lead_bytes(valid.as_bytes());
                break;
            }
            Err(e) => {
                let valid = rest.get(..e.valid_up_to()).unwrap_or_default();
                stats.multibyte += count_lead_bytes(valid);
                stats.invalid += 1;
                let after = rest.get(e.valid_up_to()..).unwrap_or_default();
                // `error_len` is `None` for a sequence cut off by the end of input.
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or_default();
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    stats
}

/// In valid UTF-8 every non-ASCII character has exactly one lead byte (0xC0 and above).
fn count_lead_bytes(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// Recognises UTF-16 without a BOM from the first few KB: read as 16-bit units in one byte order,
/// nearly all of them are plausible text (ASCII, Latin, Arabic, punctuation), while in the other
/// order most are not. For ASCII-heavy text this is the NUL-at-odd/even-positions pattern; it
/// also works for Arabic, whose units are 0x06xx.
fn sniff_utf16(sample: &[u8]) -> Option<&'static Encoding> {
    let units = sample.len() / 2;
    if units == 0 {
        return None;
    }
    let (mut le, mut be) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = *pair {
            le += usize::from(plausible_unit(u16::from_le_bytes([a, b])));
            be += usize::from(plausible_unit(u16::from_be_bytes([a, b])));
        }
    }
    let strong = |n: usize| n * 100 >= units * 85;
    let weak = |n: usize| n * 100 < units * 50;
    if strong(le) && weak(be) {
        Some(UTF_16LE)
    } else if strong(be) && weak(le) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A UTF-16 code unit that is likely in a news article.
fn plausible_unit(u: u16) -> bool {
    matches!(
        u,
        0x09 | 0x0A | 0x0C | 0x0D
            | 0x20..=0x7E
            | 0xA0..=0x024F     // Latin-1 supplement, Latin extended
            | 0x0370..=0x06FF   // Greek, Cyrillic, Armenian, Hebrew, Arabic
            | 0x0750..=0x077F   // Arabic supplement
            | 0x08A0..=0x08FF   // Arabic extended-A
            | 0x2000..=0x206F   // general punctuation (quotes, dashes, directional marks)
            | 0x20A0..=0x20CF   // currency symbols
            | 0xD800..=0xDFFF   // surrogates (emoji and other astral characters)
            | 0xFB50..=0xFDFF   // Arabic presentation forms A
            | 0xFE70..=0xFEFF // Arabic presentation forms B, BOM
    )
}

/// Decoded text that is binary after all: NUL characters, or more than 5 % control characters,
/// in the first few thousand characters.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SNIFF_BYTES) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if u8::try_from(c).is_ok_and(is_suspect_control) || c == '\u{7F}' {
            controls += 1;
        }
    }
    controls * 20 > total
}

/// Whitespace, or an invisible mark that carries no text (zero-width space, directional marks,
/// word joiner, BOM).
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
                | '\u{061C}' | '\u{FEFF}' | '\u{1A}'
        )
}

/// CRLF and lone CR become LF.
fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Lowercase hex SHA-256.
fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest.iter() {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Well-known binary formats, by magic bytes at the start of the file.
fn magic_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1A\n") {
        Some("a PNG image")
    } else if starts(b"\xFF\xD8\xFF") {
        Some("a JPEG image")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("a GIF image")
    } else if starts(b"%PDF-") {
        Some("a PDF document")
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        Some(zip_kind(bytes))
    } else if starts(b"\x7FELF") {
        Some("an ELF executable")
    } else if starts(b"\x1F\x8B") {
        Some("a gzip archive")
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some("an old Microsoft Office document (DOC, XLS or PPT)")
    } else if starts(b"BZh") && bytes.get(4..10) == Some(b"1AY&SY") {
        Some("a bzip2 archive")
    } else if starts(b"\xFD7zXZ\x00") {
        Some("an xz archive")
    } else if starts(b"\x28\xB5\x2F\xFD") {
        Some("a Zstandard archive")
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        Some("a 7-Zip archive")
    } else if starts(b"Rar!\x1A\x07") {
        Some("a RAR archive")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("a WebP image")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WAVE") {
        Some("a WAV audio file")
    } else if starts(b"II*\x00") || starts(b"MM\x00*") {
        Some("a TIFF image")
    } else if bytes.get(4..8) == Some(b"ftyp") {
        Some("an MP4 or QuickTime media file")
    } else if starts(b"SQLite format 3\x00") {
        Some("an SQLite database")
    } else if starts(b"\x00asm") {
        Some("a WebAssembly module")
    } else if starts(b"\xCF\xFA\xED\xFE") || starts(b"\xCE\xFA\xED\xFE") {
        Some("a Mach-O executable")
    } else {
        None
    }
}

/// Names the kind of a ZIP container from the member names near its start.
fn zip_kind(bytes: &[u8]) -> &'static str {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"word/") {
        "a Word document (DOCX)"
    } else if has(b"xl/") {
        "an Excel workbook (XLSX)"
    } else if has(b"ppt/") {
        "a PowerPoint presentation (PPTX)"
    } else if has(b"application/vnd.oasis.opendocument") {
        "an OpenDocument file (ODT, ODS or ODP)"
    } else if has(b"application/epub+zip") {
        "an EPUB e-book"
    } else {
        "a ZIP archive"
    }
}

/// Binary content that starts like a Windows executable. Only used once the content is known to
/// be binary, since text can start with "MZ".
fn executable_kind(bytes: &[u8]) -> Option<&'static str> {
    bytes.starts_with(b"MZ").then_some("a Windows executable")
}

/// Builds a document from text known to be valid UTF-8 (the bundled seeds). Infallible: no size,
/// binary or whitespace checks.
fn from_utf8_text(label: &str, text: &str) -> Document {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    Document {
        path: label.to_owned(),
        encoding: UTF_8.name().to_owned(),
        text: normalise_newlines(body),
        sha256: sha256_hex(text.as_bytes()),
        bytes: text.len() as u64,
        replaced: 0,
    }
}

/// The bundled seed pair (Alittihad, Alsumaria), used when the app starts without arguments.
pub fn seed_documents() -> (Document, Document) {
    (
        from_utf8_text(
            "seeds/alittihad-xi-putin-call.txt",
            include_str!("../seeds/alittihad-xi-putin-call.txt"),
        ),
        from_utf8_text(
            "seeds/alsumaria-xi-putin-call.txt",
            include_str!("../seeds/alsumaria-xi-putin-call.txt"),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::PathBuf;

    const ARABIC: &str =
        "اتصل الرئيس الصيني شي جين بينغ بنظيره الروسي فلاديمير بوتين، وبحثا العلاقات الثنائية.";

    fn opts() -> LoadOptions {
        LoadOptions::default()
    }

    /// A path in a fresh temporary folder, removed with the folder on drop.
    struct TempPath {
        _dir: tempfile::TempDir,
        path: PathBuf,
    }

    impl TempPath {
        fn new(name: &str) -> Self {
            let dir = tempfile::Builder::new()
                .prefix("tabayun-load-")
                .tempdir()
                .unwrap();
            let path = dir.path().join(name);
            Self { _dir: dir, path }
        }

        fn file(name: &str, bytes: &[u8]) -> Self {
            let t = Self::new(name);
            std::fs::write(&t.path, bytes).unwrap();
            t
        }

        fn label(&self) -> String {
            self.path.display().to_string()
        }
    }

    /// The message gives `reason` and ends with `path`, on one line without a final period.
    fn assert_message(err: &LoadError, reason: &str, path: &str) {
        let msg = err.to_string();
        assert!(msg.contains(reason), "{msg:?} should contain {reason:?}");
        assert!(msg.ends_with(path), "{msg:?} should end with {path:?}");
        assert!(!msg.contains('\n'), "{msg:?} should be one line");
        assert_eq!(err.path(), path);
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for u in units {
            if big_endian {
                out.extend_from_slice(&u.to_be_bytes());
            } else {
                out.extend_from_slice(&u.to_le_bytes());
            }
        }
        out
    }

    // --- errors --------------------------------------------------------------------------

    #[test]
    fn missing_path() {
        let t = TempPath::new("missing.txt");
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::NotFound { .. }), "{err:?}");
        assert_message(&err, "no such file: ", &t.label());
    }

    #[test]
    fn path_under_a_file_is_not_found() {
        let t = TempPath::file("plain.txt", b"text");
        let p = t.path.join("child.txt");
        let err = load_path(&p, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::NotFound { .. }), "{err:?}");
    }

    #[test]
    fn directory() {
        let t = TempPath::new("dir");
        std::fs::create_dir(&t.path).unwrap();
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::IsDirectory { .. }), "{err:?}");
        assert_message(&err, "is a directory, not a file: ", &t.label());
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file() {
        use std::os::unix::fs::PermissionsExt;
        let t = TempPath::file("secret.txt", ARABIC.as_bytes());
        std::fs::set_permissions(&t.path, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::File::open(&t.path).is_ok() {
            eprintln!(
                "note: skipping unreadable_file: running as root, mode 000 files are readable"
            );
            return;
        }
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::Unreadable { .. }), "{err:?}");
        assert_message(&err, "cannot read file (", &t.label());
        assert!(err.to_string().contains("ermission denied"), "{err}");
    }

    #[test]
    fn unreadable_message() {
        // Runs everywhere (also as root): the mapping and message of a permission error.
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let text = e.to_string();
        let err = io_error("some/dir/file.txt", e);
        assert!(matches!(err, LoadError::Unreadable { .. }), "{err:?}");
        assert_message(
            &err,
            &format!("cannot read file ({text}): "),
            "some/dir/file.txt",
        );
        assert!(
            std::error::Error::source(&err).is_none(),
            "cause is in the message already"
        );
    }

    #[test]
    fn too_large_from_metadata() {
        let t = TempPath::file("big.txt", &vec![b'a'; 2_000]);
        let limit = LoadOptions::with_max_bytes(1_000);
        let err = load_path(&t.path, &limit).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::TooLarge {
                    size: Some(2_000),
                    limit: 1_000,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_message(
            &err,
            "file too large (2.0 KB, limit 1.0 KB; raise it with --max-size): ",
            &t.label(),
        );
    }

    #[test]
    fn too_large_message_in_megabytes() {
        let err = LoadError::TooLarge {
            path: "a.txt".into(),
            size: Some(123_400_000),
            limit: DEFAULT_MAX_BYTES,
            hint: CLI_LIMIT_HINT,
        };
        assert_eq!(
            err.to_string(),
            "file too large (123.4 MB, limit 50.0 MB; raise it with --max-size): a.txt"
        );
        let close = LoadError::TooLarge {
            path: "b.txt".into(),
            size: Some(DEFAULT_MAX_BYTES + 1),
            limit: DEFAULT_MAX_BYTES,
            hint: CLI_LIMIT_HINT,
        };
        assert_eq!(
            close.to_string(),
            "file too large (50000001 bytes, limit 50000000 bytes; raise it with --max-size): b.txt"
        );
        let unknown = LoadError::TooLarge {
            path: "c".into(),
            size: None,
            limit: DEFAULT_MAX_BYTES,
            hint: CLI_LIMIT_HINT,
        };
        assert!(unknown.to_string().contains("more than 50.0 MB"));
    }

    #[test]
    fn too_large_in_memory_and_limit_is_inclusive() {
        let limit = LoadOptions::with_max_bytes(4);
        let err = from_bytes("mem", b"hello", &limit).unwrap_err();
        assert!(
            matches!(err, LoadError::TooLarge { size: Some(5), .. }),
            "{err:?}"
        );
        assert_message(&err, "file too large (", "mem");
        assert_eq!(from_bytes("mem", b"hell", &limit).unwrap().text, "hell");
    }

    #[cfg(unix)]
    #[test]
    fn special_file_read_is_bounded() {
        // /dev/zero has no length and never ends: the bounded read must stop at the limit.
        let p = Path::new("/dev/zero");
        if !p.exists() {
            return;
        }
        let err = load_path(p, &LoadOptions::with_max_bytes(4096)).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::TooLarge {
                    size: None,
                    limit: 4096,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_message(&err, "more than 4.1 KB", "/dev/zero");
    }

    #[test]
    fn empty_file() {
        let t = TempPath::file("empty.txt", b"");
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::Empty { .. }), "{err:?}");
        assert_message(&err, "file is empty: ", &t.label());
        let bom_only = from_bytes("bom", b"\xEF\xBB\xBF", &opts()).unwrap_err();
        assert!(matches!(bom_only, LoadError::Empty { .. }), "{bom_only:?}");
    }

    #[test]
    fn whitespace_only_file() {
        let t = TempPath::file("blank.txt", " \r\n\t \n\u{00A0}\u{200F}\n".as_bytes());
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::OnlyWhitespace { .. }), "{err:?}");
        assert_message(&err, "file has no text, only whitespace: ", &t.label());
        let utf16_blank = utf16("  \r\n ", false, true);
        let err = from_bytes("u16", &utf16_blank, &opts()).unwrap_err();
        assert!(matches!(err, LoadError::OnlyWhitespace { .. }), "{err:?}");
    }

    #[test]
    fn binary_by_magic() {
        let cases: &[(&[u8], &str)] = &[
            (b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", "a PNG image"),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "a JPEG image"),
            (b"GIF89a\x01\0\x01\0", "a GIF image"),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a PDF document"),
            (
                b"PK\x03\x04\x14\0\x06\0[Content_Types].xml word/document.xml",
                "a Word document (DOCX)",
            ),
            (b"PK\x03\x04\x14\0\0\0notes.txt", "a ZIP archive"),
            (b"\x7FELF\x02\x01\x01\0", "an ELF executable"),
            (b"\x1F\x8B\x08\0\0\0\0\0", "a gzip archive"),
        ];
        for (bytes, kind) in cases {
            let t = TempPath::file("magic.bin", bytes);
            let err = load_path(&t.path, &opts()).unwrap_err();
            assert!(
                matches!(err, LoadError::Binary { kind: Some(k), .. } if k == *kind),
                "{kind}: {err:?}"
            );
            assert_message(
                &err,
                &format!("binary file, not text (looks like {kind}): "),
                &t.label(),
            );
        }
    }

    #[test]
    fn binary_generic() {
        let mut bytes: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
        bytes.splice(0..0, b"\x01\x02\x03garbage".iter().copied());
        let t = TempPath::file("blob.dat", &bytes);
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(
            matches!(err, LoadError::Binary { kind: None, .. }),
            "{err:?}"
        );
        assert_message(&err, "binary file, not text: ", &t.label());

        // NUL bytes in otherwise ASCII text that is not UTF-16.
        let err =
            from_bytes("nul", b"hello\0\0\0\0world and more\0text here", &opts()).unwrap_err();
        assert!(
            matches!(err, LoadError::Binary { kind: None, .. }),
            "{err:?}"
        );
        // Many control characters without NULs.
        let err = from_bytes("ctl", b"a\x01b\x02c\x03d\x04e\x05f\x06", &opts()).unwrap_err();
        assert!(
            matches!(err, LoadError::Binary { kind: None, .. }),
            "{err:?}"
        );
        // Only NULs.
        let err = from_bytes("zeros", &[0u8; 64], &opts()).unwrap_err();
        assert!(
            matches!(err, LoadError::Binary { kind: None, .. }),
            "{err:?}"
        );
        // Windows executable.
        let err =
            from_bytes("exe", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0", &opts()).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::Binary {
                    kind: Some("a Windows executable"),
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn trailing_nul_padding_is_not_binary() {
        let doc = from_bytes("pad", b"plain text\n\0\0", &opts()).unwrap();
        assert_eq!(doc.text, "plain text\n");
        assert_eq!(doc.bytes, 13);
    }

    // --- decoding ------------------------------------------------------------------------

    #[test]
    fn utf8_plain_and_bom() {
        let doc = from_bytes("a.txt", ARABIC.as_bytes(), &opts()).unwrap();
        assert_eq!(doc.encoding, "UTF-8");
        assert_eq!(doc.text, ARABIC);
        assert_eq!(doc.replaced, 0);
        assert_eq!(doc.path, "a.txt");

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(ARABIC.as_bytes());
        let doc = from_bytes("b.txt", &bom, &opts()).unwrap();
        assert_eq!(doc.encoding, "UTF-8");
        assert_eq!(doc.text, ARABIC);
        assert_eq!(doc.bytes, bom.len() as u64);
    }

    #[test]
    fn windows_1256_round_trips() {
        let (encoded, _, unmappable) = WINDOWS_1256.encode(ARABIC);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&encoded).is_err());
        let t = TempPath::file("cp1256.txt", &encoded);
        let doc = load_path(&t.path, &opts()).unwrap();
        assert_eq!(doc.encoding, "windows-1256");
        assert_eq!(doc.text, ARABIC);
        assert_eq!(doc.replaced, 0);
        assert_eq!(doc.bytes, encoded.len() as u64);
    }

    #[test]
    fn latin_with_one_high_byte_is_windows_1256() {
        let doc = from_bytes("cafe", b"caf\xE9 au lait", &opts()).unwrap();
        assert_eq!(doc.encoding, "windows-1256");
        assert_eq!(doc.text, "café au lait");
    }

    #[test]
    fn utf16_with_bom() {
        for (be, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let text = format!("{ARABIC}\r\nThe second line.");
            let doc = from_bytes("u16", &utf16(&text, be, true), &opts()).unwrap();
            assert_eq!(doc.encoding, name);
            assert_eq!(doc.text, format!("{ARABIC}\nThe second line."));
            assert_eq!(doc.replaced, 0);
        }
    }

    #[test]
    fn utf16_without_bom() {
        for (be, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            // Mostly Arabic.
            let doc = from_bytes("ar", &utf16(ARABIC, be, false), &opts()).unwrap();
            assert_eq!(doc.encoding, name);
            assert_eq!(doc.text, ARABIC);
            // ASCII only (NULs at every other byte).
            let doc = from_bytes("en", &utf16("Hello, world.\nBye.", be, false), &opts()).unwrap();
            assert_eq!(doc.encoding, name);
            assert_eq!(doc.text, "Hello, world.\nBye.");
            // Arabic without a single space: no NUL bytes at all.
            let doc = from_bytes("nospace", &utf16("مرحبابالعالم", be, false), &opts()).unwrap();
            assert_eq!(doc.encoding, name);
            assert_eq!(doc.text, "مرحبابالعالم");
        }
        // Also from disk.
        let t = TempPath::file("u16le.txt", &utf16(ARABIC, false, false));
        assert_eq!(load_path(&t.path, &opts()).unwrap().encoding, "UTF-16LE");
    }

    #[test]
    fn line_endings_normalised() {
        let doc = from_bytes("nl", b"one\r\ntwo\rthree\nfour\r\r\nfive\r", &opts()).unwrap();
        assert_eq!(doc.text, "one\ntwo\nthree\nfour\n\nfive\n");
        let (encoded, _, _) = WINDOWS_1256.encode("سطر\r\nسطر\rسطر");
        let doc = from_bytes("nl1256", &encoded, &opts()).unwrap();
        assert_eq!(doc.text, "سطر\nسطر\nسطر");
    }

    #[test]
    fn invalid_bytes_inside_arabic_stay_utf8() {
        let mut bytes = ARABIC.as_bytes().to_vec();
        // A stray Latin-1 byte, a lone continuation byte and a truncated sequence, mid-text.
        let mid = ARABIC.find(' ').unwrap();
        bytes.splice(mid..mid, [0xE9, b' ', 0x80, b' ', 0xD8].iter().copied());
        let doc = from_bytes("mixed", &bytes, &opts()).unwrap();
        assert_eq!(doc.encoding, "UTF-8");
        assert_eq!(doc.replaced, 3);
        assert_eq!(doc.text.matches('\u{FFFD}').count(), 3);
        assert!(doc.text.contains("اتصل"));
        assert!(doc.text.contains("فلاديمير بوتين"));
    }

    #[test]
    fn sha256_and_size_of_original_bytes() {
        let doc = from_bytes("abc", b"abc", &opts()).unwrap();
        assert_eq!(
            doc.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(doc.bytes, 3);
        // Hash of the bytes as stored, not of the normalised text.
        let crlf = from_bytes("crlf", b"abc\r\n", &opts()).unwrap();
        let lf = from_bytes("lf", b"abc\n", &opts()).unwrap();
        assert_eq!(crlf.text, lf.text);
        assert_ne!(crlf.sha256, lf.sha256);
        assert_eq!(crlf.bytes, 5);
    }

    #[test]
    fn load_path_matches_from_bytes() {
        let bytes = format!("{ARABIC}\r\n").into_bytes();
        let t = TempPath::file("same.txt", &bytes);
        let a = load_path(&t.path, &opts()).unwrap();
        let b = from_bytes(&t.label(), &bytes, &opts()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn seeds_load() {
        let (a, b) = seed_documents();
        for (doc, raw) in [
            (
                &a,
                &include_bytes!("../seeds/alittihad-xi-putin-call.txt")[..],
            ),
            (
                &b,
                &include_bytes!("../seeds/alsumaria-xi-putin-call.txt")[..],
            ),
        ] {
            assert_eq!(doc.encoding, "UTF-8");
            assert!(!doc.text.contains('\r'));
            assert!(!doc.text.trim().is_empty());
            // The infallible constructor agrees with the checked path.
            assert_eq!(
                Ok(doc),
                from_bytes(&doc.path, raw, &opts())
                    .as_ref()
                    .map_err(|e| e.to_string())
            );
        }
        assert!(a.path.starts_with("seeds/"));
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1_500), "1.5 KB");
        assert_eq!(human_size(50_000_000), "50.0 MB");
        assert_eq!(human_size(2_500_000_000), "2.5 GB");
    }

    /// What `from_bytes(bytes)` under `limit` must give: a document that keeps the loader's
    /// promises, or the error the bytes call for, with the label last in its one-line message.
    fn check_loaded(
        bytes: &[u8],
        limit: u64,
        result: Result<Document, LoadError>,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        use proptest::{prop_assert, prop_assert_eq};
        match result {
            Ok(doc) => {
                prop_assert!(bytes.len() as u64 <= limit);
                prop_assert!(!doc.text.contains('\r'), "line endings normalised");
                prop_assert!(!doc.text.starts_with('\u{FEFF}'), "BOM removed");
                prop_assert!(!doc.text.chars().all(is_blank), "has text");
                prop_assert!(!doc.text.contains('\0'), "no NUL in text");
                prop_assert!(
                    ["UTF-8", "UTF-16LE", "UTF-16BE", "windows-1256"]
                        .contains(&doc.encoding.as_str()),
                    "{}",
                    doc.encoding
                );
                prop_assert_eq!(doc.bytes, bytes.len() as u64);
                prop_assert_eq!(&doc.sha256, &sha256_hex(bytes));
                let fffd = doc.text.matches(char::REPLACEMENT_CHARACTER).count();
                prop_assert!(fffd >= doc.replaced, "{} < {}", fffd, doc.replaced);
                if let Ok(valid) = std::str::from_utf8(bytes)
                    && !valid.contains('\r')
                    && !valid.starts_with('\u{FEFF}')
                    && !valid.ends_with('\0')
                {
                    prop_assert_eq!(&doc.text, valid, "valid UTF-8 is kept as it is");
                }
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.ends_with(": prop") && !msg.contains('\n'), "{}", msg);
                prop_assert_eq!(e.path(), "prop");
                let too_large = bytes.len() as u64 > limit;
                match e {
                    LoadError::TooLarge { size, .. } => {
                        prop_assert!(too_large);
                        prop_assert_eq!(size, Some(bytes.len() as u64));
                    }
                    LoadError::Empty { .. } => prop_assert!(
                        !too_large
                            && (bytes.is_empty()
                                || bytes == b"\xEF\xBB\xBF"
                                || bytes == b"\xFF\xFE"
                                || bytes == b"\xFE\xFF"),
                        "{:?}",
                        bytes
                    ),
                    LoadError::OnlyWhitespace { .. } | LoadError::Binary { .. } => {
                        prop_assert!(!too_large && !bytes.is_empty());
                    }
                    other => prop_assert!(false, "in-memory bytes cannot give {}", other),
                }
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn from_bytes_gives_a_document_or_the_right_error(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        ) {
            let limit = LoadOptions::default().max_bytes;
            check_loaded(&bytes, limit, from_bytes("prop", &bytes, &LoadOptions::default()))?;
        }

        #[test]
        fn from_bytes_on_text_like_bytes_gives_a_document_or_the_right_error(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[ -~\u{0600}-\u{06FF}\r\n]{0,40}".prop_map(String::into_bytes),
                    proptest::collection::vec(any::<u8>(), 0..4),
                ],
                0..20,
            ),
            // The limit just below, at or just above the size: it is inclusive.
            slack in -2i64..3,
        ) {
            let bytes: Vec<u8> = parts.concat();
            let limit = u64::try_from(bytes.len() as i64 + slack).unwrap_or(0);
            let result = from_bytes("prop", &bytes, &LoadOptions::with_max_bytes(limit));
            check_loaded(&bytes, limit, result)?;
        }
    }
}
