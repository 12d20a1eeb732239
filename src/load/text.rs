//! Decoding bytes as a plain-text article: encoding detection, binary checks, line endings.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};
use sha2::{Digest, Sha256};

use super::{
    Document, Format, LoadError, SNIFF_BYTES,
    sniff::{executable_kind, magic_kind},
};

/// Reads bytes as a plain-text article (size already checked): the checks and decoding of
/// [`super::load_path`] and [`super::from_bytes`] for text.
pub(super) fn decode(path: String, bytes: &[u8]) -> Result<Document, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty { path });
    }
    if let Some(kind) = magic_kind(bytes) {
        return Err(LoadError::Binary {
            path,
            kind: Some(kind),
        });
    }
    let Some(decoded) = decode_text(bytes) else {
        return Err(LoadError::Binary {
            path,
            kind: executable_kind(bytes),
        });
    };
    checked(path, decoded, Some(bytes), bytes.len())
}

/// [`decode`] of a buffer the caller gives up: in the common case (UTF-8 without a byte-order
/// mark, no control bytes at the start) the buffer becomes the text. Anything else goes through
/// [`decode`].
///
/// Copying it instead (what [`decode`] does with borrowed bytes) was as fast on a 100k-word
/// pair but freed a large buffer per side, after which glibc serves allocations of that size
/// from its heap and keeps what is freed: a million-word pair then peaked at 105 MiB, not 95.
/// std's own check (`String::from_utf8`) is 1.75 ms a megabyte on Arabic text, where most
/// bytes are not ASCII; `simdutf8`'s is 0.1 ms (issue 15).
pub(super) fn decode_owned(path: String, bytes: Vec<u8>) -> Result<Document, LoadError> {
    let sample = bytes.get(..SNIFF_BYTES).unwrap_or(&bytes);
    let plain = !bytes.is_empty()
        && magic_kind(&bytes).is_none()
        && Encoding::for_bom(&bytes).is_none()
        && !sample.iter().any(|&b| is_suspect_control(b));
    if !plain || simdutf8::basic::from_utf8(&bytes).is_err() {
        return decode(path, &bytes);
    }
    let len = bytes.len();
    // SAFETY: `simdutf8` has just found these very bytes to be valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    let decoded = Decoded {
        encoding: UTF_8,
        text,
        replaced: 0,
    };
    checked(path, decoded, None, len)
}

/// The checks after decoding (only NUL padding, binary, only white space) and the document,
/// its line endings normalised, without its hash ([`super::read_as`] adds it). `bytes` are the
/// file's (`None`: the same as the text's) and `len` their length.
fn checked(
    path: String,
    decoded: Decoded,
    bytes: Option<&[u8]>,
    len: usize,
) -> Result<Document, LoadError> {
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
            kind: executable_kind(bytes.unwrap_or(decoded.text.as_bytes())),
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
        sha256: String::new(),
        bytes: len as u64,
        replaced: decoded.replaced,
        format: Format::Text,
        ..Document::default()
    })
}

/// Text decoded from bytes, before binary and whitespace checks.
pub(super) struct Decoded {
    pub(super) encoding: &'static Encoding,
    /// BOM removed, line endings not yet normalised.
    pub(super) text: String,
    pub(super) replaced: usize,
}

/// Picks the encoding and decodes. `None` means the bytes are binary (NUL bytes or many control
/// characters that are not explained by UTF-16).
pub(super) fn decode_text(bytes: &[u8]) -> Option<Decoded> {
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
pub(super) fn looks_binary(text: &str) -> bool {
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
pub(super) fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
                | '\u{061C}' | '\u{FEFF}' | '\u{1A}'
        )
}

/// CRLF and lone CR become LF.
pub(super) fn normalise_newlines(text: &str) -> String {
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
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest.iter() {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Decodes with an encoding declared outside the text's own detection (an HTML `<meta charset>`
/// or an HTTP header): a byte-order mark still wins; malformed sequences become U+FFFD.
pub(super) fn decode_declared(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, used, _) = encoding.decode(bytes);
    let text = text.into_owned();
    let replaced = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count();
    Decoded {
        encoding: used,
        text: strip_bom(text),
        replaced,
    }
}
