//! Word documents (`.docx`): the paragraphs of `word/document.xml` in order.
//!
//! Runs are joined, `w:tab` is a tab, `w:br`/`w:cr` a line break; right-to-left paragraphs
//! (`w:bidi`) keep their logical order, as Word stores them. Headers, footers, comments and
//! footnotes live in other parts and are not read; deleted text (`w:delText`), field codes
//! (`w:instrText`) and the fallback copy of alternate content (`mc:Fallback`) are skipped. The
//! title comes from `docProps/core.xml` when it has one (its dates are the file's, not the
//! article's publication, and are not taken).
//!
//! Limits against ZIP bombs: at most [`MAX_ENTRIES`] entries, and a part is inflated to at most
//! [`MAX_PART_BYTES`] whatever its header claims.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::{Document, Format, LoadError};

/// More entries than this is not a Word document a person wrote.
const MAX_ENTRIES: usize = 10_000;

/// A part inflated past this is refused (a ZIP bomb, or no news article).
const MAX_PART_BYTES: u64 = 64 * 1000 * 1000;

/// A ZIP archive with a `word/document.xml` entry.
pub(super) fn is_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    zip::ZipArchive::new(Cursor::new(bytes))
        .is_ok_and(|z| z.len() <= MAX_ENTRIES && z.index_for_name("word/document.xml").is_some())
}

/// Reads a Word document.
pub(super) fn read(label: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let malformed = |reason: String| LoadError::Malformed {
        path: label.to_owned(),
        what: "Word document",
        reason,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| malformed(format!("not a ZIP archive: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(malformed(format!(
            "{} entries, more than {MAX_ENTRIES}",
            archive.len()
        )));
    }
    let body = part(&mut archive, "word/document.xml")
        .map_err(malformed)?
        .ok_or_else(|| malformed("no word/document.xml".to_owned()))?;
    let (text, rtl) = paragraphs(&body).map_err(|e| malformed(format!("bad XML: {e}")))?;
    let core = part(&mut archive, "docProps/core.xml")
        .ok()
        .flatten()
        .map(|xml| core_properties(&xml))
        .unwrap_or_default();
    if !text.chars().any(char::is_alphanumeric) {
        return Err(LoadError::NoArticle {
            path: label.to_owned(),
        });
    }
    Ok(Document {
        encoding: "UTF-8".to_owned(),
        text,
        format: Format::Docx,
        title: core.title,
        dir: rtl.then(|| "rtl".to_owned()),
        ..Document::default()
    })
}

/// The text of one entry, inflated to at most [`MAX_PART_BYTES`]; `None` when it is missing.
fn part<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let Some(index) = archive.index_for_name(name) else {
        return Ok(None);
    };
    let entry = archive
        .by_index(index)
        .map_err(|e| format!("cannot open {name}: {e}"))?;
    let mut buf = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot inflate {name}: {e}"))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} inflates to more than {} MB",
            MAX_PART_BYTES / 1_000_000
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| format!("{name} is not UTF-8"))
}

/// The paragraphs of `document.xml`, one a line (a line break inside one starts a new line),
/// and whether any paragraph is right-to-left.
fn paragraphs(xml: &str) -> Result<(String, bool), quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let (mut in_text, mut skip_depth, mut rtl) = (false, 0usize, false);
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 || matches!(name, b"Fallback" | b"delText" | b"instrText") {
                    skip_depth += 1;
                } else if name == b"t" {
                    in_text = true;
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 {
                    skip_depth -= 1;
                } else if name == b"t" {
                    in_text = false;
                } else if name == b"p" {
                    push_line(&mut out, &para);
                    para.clear();
                }
            }
            Event::Empty(e) if skip_depth == 0 => match e.local_name().as_ref() {
                b"tab" => para.push('\t'),
                b"br" | b"cr" => {
                    push_line(&mut out, &para);
                    para.clear();
                }
                b"bidi" | b"rtl" => {
                    let off = e
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .is_some_and(|a| matches!(a.value.as_ref(), b"0" | b"false" | b"off"));
                    rtl |= !off;
                }
                b"p" => push_line(&mut out, &para),
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth == 0 => {
                para.push_str(&t.decode().map_err(quick_xml::Error::from)?);
            }
            Event::CData(t) if in_text && skip_depth == 0 => {
                para.push_str(&t.decode().map_err(quick_xml::Error::from)?);
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                if let Some(c) = r.resolve_char_ref()? {
                    para.push(c);
                } else {
                    let name = r.decode().map_err(quick_xml::Error::from)?;
                    if let Some(s) = quick_xml::escape::resolve_xml_entity(&name) {
                        para.push_str(s);
                    }
                }
            }
            _ => {}
        }
    }
    push_line(&mut out, &para);
    Ok((out.trim_end().to_owned(), rtl))
}

/// Appends a paragraph as a line; empty paragraphs (spacing) are dropped.
fn push_line(out: &mut String, para: &str) {
    let line = para.trim();
    if line.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(line);
}

/// `dc:title` of `docProps/core.xml`.
#[derive(Default)]
struct Core {
    title: Option<String>,
}

fn core_properties(xml: &str) -> Core {
    let mut reader = Reader::from_str(xml);
    let mut core = Core::default();
    let mut current: Option<Vec<u8>> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Eof => break,
            Event::Start(e) => current = Some(e.local_name().as_ref().to_vec()),
            Event::End(_) => current = None,
            Event::Text(t) => {
                let Ok(text) = t.decode() else { continue };
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                if current.as_deref() == Some(b"title") {
                    core.title = Some(text.to_owned());
                }
            }
            _ => {}
        }
    }
    core
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tabs_breaks_and_skipped_text() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:t>قال </w:t></w:r><w:r><w:t xml:space="preserve">الرئيس &amp; </w:t></w:r><w:r><w:tab/><w:t>اليوم</w:t></w:r></w:p>
<w:p><w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:delText>gone</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>
<w:p/>
<w:p><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice><mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:p>
</w:body></w:document>"#;
        let (text, rtl) = paragraphs(xml).expect("parses");
        assert_eq!(text, "قال الرئيس & \tاليوم\none\ntwo\nbox");
        assert!(rtl);
    }
}
