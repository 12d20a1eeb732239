//! Where an article comes from when it is pasted: the clipboard's text is the article (named
//! "Pasted HH:MM"), unless it is a URL, which is fetched instead.

use super::{Document, Format, LoadError, text};

/// What a paste holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clipboard {
    /// A URL to fetch (one line, `http://` or `https://`).
    Url(String),
    /// Article text.
    Text(String),
}

impl Clipboard {
    /// Classifies pasted text.
    pub fn of(pasted: &str) -> Self {
        let trimmed = pasted.trim();
        if super::is_url(trimmed) {
            Self::Url(trimmed.to_owned())
        } else {
            Self::Text(pasted.to_owned())
        }
    }
}

/// "Pasted HH:MM" for a paste at `unix_secs` (UTC, like the reports' dates).
pub fn pasted_label(unix_secs: u64) -> String {
    let minutes = unix_secs / 60;
    format!("Pasted {:02}:{:02}", (minutes / 60) % 24, minutes % 60)
}

/// A document from pasted text, named `label` (see [`pasted_label`]). Text that is only white
/// space is refused like an empty file.
pub fn from_clipboard(label: &str, pasted: &str) -> Result<Document, LoadError> {
    let mut doc = text::decode(label.to_owned(), pasted.as_bytes())?;
    doc.sha256 = super::sha256_hex(pasted.as_bytes());
    doc.format = Format::Clipboard;
    doc.encoding = "UTF-8".to_owned();
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_and_names() {
        assert_eq!(
            Clipboard::of(" https://example.com/a?b=1\n"),
            Clipboard::Url("https://example.com/a?b=1".into())
        );
        assert!(matches!(
            Clipboard::of("قال الرئيس https://x.y"),
            Clipboard::Text(_)
        ));
        assert_eq!(pasted_label(3600 * 25 + 7 * 60 + 30), "Pasted 01:07");
        let doc = from_clipboard("Pasted 01:07", "نص\r\nملصوق").expect("loads");
        assert_eq!(
            (doc.text.as_str(), doc.format),
            ("نص\nملصوق", Format::Clipboard)
        );
        assert!(from_clipboard("Pasted 01:07", "  \n").is_err());
    }
}
