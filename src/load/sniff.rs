//! What kind of bytes a file holds: well-known binary formats by their magic bytes, and the
//! article formats tabayun reads (text, HTML, MHTML, DOCX) by name and by content.

use super::SNIFF_BYTES;

/// Well-known binary formats, by magic bytes at the start of the file.
pub(super) fn magic_kind(bytes: &[u8]) -> Option<&'static str> {
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
pub(super) fn executable_kind(bytes: &[u8]) -> Option<&'static str> {
    bytes.starts_with(b"MZ").then_some("a Windows executable")
}

/// The format of an article's bytes: by content when it is unmistakable (a Word document's ZIP,
/// an MHTML header), else by the extension of `label`, else by content again (a page that
/// starts like HTML). Anything else is text, which the text reader checks further.
pub(super) fn format(label: &str, bytes: &[u8]) -> super::Format {
    use super::Format;
    if super::docx::is_docx(bytes) {
        return Format::Docx;
    }
    if looks_like_mhtml(bytes) {
        return Format::Mhtml;
    }
    let ext = std::path::Path::new(label.split(['?', '#']).next().unwrap_or(label))
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => return Format::Html,
        Some("mhtml" | "mht") => return Format::Mhtml,
        Some("docx") if bytes.starts_with(b"PK") => return Format::Docx,
        _ => {}
    }
    if looks_like_html(bytes) {
        Format::Html
    } else {
        Format::Text
    }
}

/// Starts (after a BOM, white space and comments) with a doctype, `<html`, `<head` or `<body`,
/// or an XML declaration followed by one of those.
pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut rest = head.trim_ascii_start();
    loop {
        if rest.starts_with(b"<!--") {
            match memchr::memmem::find(rest, b"-->") {
                Some(end) => rest = rest.get(end + 3..).unwrap_or_default().trim_ascii_start(),
                None => return false,
            }
        } else if rest.starts_with(b"<?xml") {
            match memchr::memchr(b'>', rest) {
                Some(end) => rest = rest.get(end + 1..).unwrap_or_default().trim_ascii_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let lower = rest.get(..15).unwrap_or(rest).to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// A MIME message whose header (the lines before the first blank line) declares
/// `multipart/related` content: how Chromium and Internet Explorer save a page as one file.
pub(super) fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let end = memchr::memmem::find(head, b"\r\n\r\n")
        .or_else(|| memchr::memmem::find(head, b"\n\n"))
        .unwrap_or(head.len());
    let header = head.get(..end).unwrap_or(head).to_ascii_lowercase();
    let has = |n: &[u8]| memchr::memmem::find(&header, n).is_some();
    has(b"mime-version:") && has(b"content-type: multipart/related")
}
