//! MHTML: a web page saved as one file (Chromium's "Webpage, single file"). It is a MIME
//! multipart message; the first `text/html` part is the page, decoded from quoted-printable or
//! base64 by `mail-parser`, then read as any page ([`super::html`]).

use mail_parser::{MessageParser, MimeHeaders, PartType};

use super::html::{self, document};
use super::text::Decoded;
use super::{Document, Format, LoadError};

/// Reads an MHTML file.
pub(super) fn read(label: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let malformed = |reason: &str| LoadError::Malformed {
        path: label.to_owned(),
        what: "MHTML page",
        reason: reason.to_owned(),
    };
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| malformed("not a MIME message"))?;
    let saved_from = message
        .header("Snapshot-Content-Location")
        .and_then(|h| h.as_text())
        .map(|u| u.trim().to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let part = message
        .parts
        .iter()
        .find(|p| {
            p.content_type().is_some_and(|ct| {
                ct.ctype().eq_ignore_ascii_case("text")
                    && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html"))
            })
        })
        .ok_or_else(|| malformed("no text/html part"))?;
    // mail-parser has decoded the transfer encoding and the part's charset already.
    let page_text = match &part.body {
        PartType::Html(t) | PartType::Text(t) => t.to_string(),
        _ => return Err(malformed("the text/html part is not text")),
    };
    let decoded = Decoded {
        encoding: encoding_rs::UTF_8,
        text: page_text,
        replaced: 0,
    };
    let page_url = part
        .content_location()
        .map(str::to_owned)
        .filter(|u| u.starts_with("http"))
        .or(saved_from);
    let mut page = html::extract(label, &decoded.text, page_url.as_deref())?;
    if page.url.is_none() {
        page.url = page_url;
    }
    Ok(document(page, &decoded, Format::Mhtml))
}
