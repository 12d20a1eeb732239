//! What `tabayun extract` prints: the article as tabayun would compare it, with the title,
//! outlet, date and URL it found, as text or JSON. No GUI types.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::controls::visible_line;
use crate::engine;
use crate::load::Document;
use crate::model::{Format, MatchOptions};

/// The JSON of `tabayun extract --format json` (field names are a contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The path or URL as given.
    pub path: String,
    /// What it was read as: `text`, `html`, `mhtml`, `docx` or `clipboard`.
    pub format: Format,
    /// The title (the page's metadata, else the recognised title line), else null.
    pub title: Option<String>,
    /// The outlet (the page's metadata, else a source line), else null.
    pub outlet: Option<String>,
    /// The publication date (ISO 8601), else null.
    pub published: Option<String>,
    /// The canonical or fetched URL, else null.
    pub url: Option<String>,
    /// The language the page declares, else null.
    pub lang: Option<String>,
    /// The direction the page declares (`rtl`, `ltr`), else null.
    pub dir: Option<String>,
    /// The encoding the bytes were decoded from.
    pub encoding: String,
    /// The article text, one paragraph a line: what is compared.
    pub text: String,
}

impl Extraction {
    /// What the comparison would take from `doc` (title and outlet as a comparison's side
    /// gives them).
    pub fn new(doc: &Document) -> Self {
        let prepared = engine::prepare(doc, &MatchOptions::default());
        Self {
            path: doc.path.clone(),
            format: doc.format,
            title: prepared.title().map(str::to_owned),
            outlet: prepared.outlet().map(str::to_owned),
            published: doc.published.clone(),
            url: doc.url.clone(),
            lang: doc.lang.clone(),
            dir: doc.dir.clone(),
            encoding: doc.encoding.clone(),
            text: doc.text.clone(),
        }
    }

    /// The text form: `title:`, `outlet:`, `published:`, `url:` and `format:` lines (`—` when
    /// unknown; control and bidi characters shown as markers), a blank line, the text.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let show = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(|| "\u{2014}".to_owned(), |s| visible_line(s).into_owned())
        };
        writeln!(w, "title: {}", show(&self.title))?;
        writeln!(w, "outlet: {}", show(&self.outlet))?;
        writeln!(w, "published: {}", show(&self.published))?;
        writeln!(w, "url: {}", show(&self.url))?;
        writeln!(w, "format: {}", self.format.name())?;
        writeln!(w)?;
        w.write_all(self.text.as_bytes())?;
        if !self.text.ends_with('\n') {
            writeln!(w)?;
        }
        Ok(())
    }

    /// The JSON form, one object and a newline.
    pub fn write_json(&self, w: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self).map_err(io::Error::other)?;
        writeln!(w)
    }
}
