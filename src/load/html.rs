//! Web pages: the charset, the article body and the page's metadata.
//!
//! The bytes are decoded (byte-order mark, then a charset given outside the page such as an
//! HTTP header, then `<meta charset>` in the first KB, else the plain-text detection), the body
//! is found by `dom_smoothie` in its formatted-text mode (paragraphs stay apart), each paragraph
//! becomes one line, the title is put first, and the lines that the boilerplate detection marks
//! as a whole ("اقرأ أيضاً: …", "Read more" blocks that survive every extractor) are left out.
//! A page without a body is [`LoadError::NoArticle`], never an empty comparison.

use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::{Encoding, UTF_8};

use super::text::{Decoded, decode_declared, decode_text, normalise_newlines};
use super::{Document, Format, LoadError};
use crate::engine::{boilerplate, tokens};
use crate::model::MatchOptions;

/// Pages larger than this (decoded) are not parsed: no news page is, and the parser's tree of a
/// larger one costs gigabytes.
const MAX_PAGE_BYTES: usize = 20 * 1000 * 1000;

/// The parser and the extractor recurse over the element tree; a deeply nested page needs a
/// deep stack. The extraction runs on a thread with this much stack reserved (only the pages
/// that need it touch it).
const EXTRACT_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Elements nested deeper than this are refused before parsing (browsers flatten past 512).
const MAX_DEPTH: usize = 5_000;

/// A body of fewer words is not an article: a menu, a cookie notice, an error page.
const MIN_WORDS: usize = 10;

/// What [`extract`] found in a page.
#[derive(Debug, Default)]
pub(super) struct Page {
    /// The article, one paragraph a line, the title first.
    pub text: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
}

/// Reads the bytes of a web page saved as a file or fetched (`charset` from an HTTP header).
pub(super) fn read(
    label: &str,
    bytes: &[u8],
    charset: Option<&str>,
) -> Result<Document, LoadError> {
    let decoded = decode_page(label, bytes, charset)?;
    let page = extract(label, &decoded.text, None)?;
    Ok(document(page, &decoded, Format::Html))
}

/// The document for an extracted page.
pub(super) fn document(page: Page, decoded: &Decoded, format: Format) -> Document {
    Document {
        encoding: decoded.encoding.name().to_owned(),
        text: page.text,
        replaced: decoded.replaced,
        format,
        url: page.url,
        published: page.published,
        title: page.title,
        outlet: page.outlet,
        lang: page.lang,
        dir: page.dir,
        ..Document::default()
    }
}

/// Decodes page bytes: BOM, then `charset` (given outside the page), then the page's own
/// declaration, else the plain-text detection.
pub(super) fn decode_page(
    label: &str,
    bytes: &[u8],
    charset: Option<&str>,
) -> Result<Decoded, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty {
            path: label.to_owned(),
        });
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Ok(decode_declared(bytes, encoding));
    }
    let declared = charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    if let Some(encoding) = declared {
        // A page cannot declare UTF-16 in ASCII bytes: the HTML standard reads that as UTF-8.
        let encoding = if encoding.is_single_byte() || encoding == UTF_8 {
            encoding
        } else if encoding.name().starts_with("UTF-16") {
            UTF_8
        } else {
            encoding
        };
        return Ok(decode_declared(bytes, encoding));
    }
    decode_text(bytes).ok_or_else(|| LoadError::Binary {
        path: label.to_owned(),
        kind: None,
    })
}

/// The charset a page declares in its first KB: `<meta charset="…">` or the `charset=` of a
/// `<meta http-equiv="Content-Type" content="…">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..1024).unwrap_or(bytes).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(head.get(from..)?, b"<meta") {
        let start = from + at;
        let end = head
            .get(start..)
            .and_then(|t| t.iter().position(|&b| b == b'>'))
            .map_or(head.len(), |e| start + e);
        let tag = head.get(start..end)?;
        if let Some(c) = find(tag, b"charset") {
            let rest = tag.get(c + b"charset".len()..)?;
            let rest = rest
                .trim_ascii_start()
                .strip_prefix(b"=")?
                .trim_ascii_start();
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let len = rest
                .iter()
                .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .unwrap_or(rest.len());
            if let Some(enc) = rest.get(..len).and_then(Encoding::for_label) {
                return Some(enc);
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Finds the article body and metadata of a decoded page (`url`: where it was fetched from).
pub(super) fn extract(label: &str, html: &str, url: Option<&str>) -> Result<Page, LoadError> {
    if html.len() > MAX_PAGE_BYTES {
        return Err(LoadError::Malformed {
            path: label.to_owned(),
            what: "web page",
            reason: format!(
                "{} MB of HTML, more than the {} MB a page is read to",
                html.len() / 1_000_000,
                MAX_PAGE_BYTES / 1_000_000
            ),
        });
    }
    if escape_cost(html) > MAX_ESCAPE_COST {
        return Err(LoadError::Malformed {
            path: label.to_owned(),
            what: "web page",
            reason: "too many character references in its text".to_owned(),
        });
    }
    if attribute_cost(html) > MAX_ATTRIBUTE_COST {
        return Err(LoadError::Malformed {
            path: label.to_owned(),
            what: "web page",
            reason: "too many attributes on one element".to_owned(),
        });
    }
    if nesting_depth(html) > MAX_DEPTH {
        return Err(LoadError::Malformed {
            path: label.to_owned(),
            what: "web page",
            reason: format!("elements nested more than {MAX_DEPTH} deep"),
        });
    }
    let (owned, owned_url) = (html.to_owned(), url.map(str::to_owned));
    let worker = std::thread::Builder::new()
        .name("tabayun-extract".to_owned())
        .stack_size(EXTRACT_STACK_BYTES)
        .spawn(move || extract_here(&owned, owned_url.as_deref()));
    let result = match worker {
        // A panic in the extractor is a page it cannot read, not a crash.
        Ok(handle) => handle.join().ok().flatten(),
        // No thread (resources exhausted): extract on this one.
        Err(_) => extract_here(html, url),
    };
    let page = result.ok_or_else(|| LoadError::NoArticle {
        path: label.to_owned(),
    })?;
    if page
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
        < MIN_WORDS
    {
        return Err(LoadError::NoArticle {
            path: label.to_owned(),
        });
    }
    Ok(page)
}

/// The extractor serialises the article it found, and html5ever's serialiser scans the rest of
/// a text node again for every `&` or U+00A0 in it: a text node of n bytes with k of them costs
/// about k × n byte reads. Pages past this budget are refused (real pages cost a few million).
const MAX_ESCAPE_COST: u64 = 1_000_000_000;

/// The serialiser's cost (see [`MAX_ESCAPE_COST`]) over the page's text runs (between `>` and
/// `<`).
fn escape_cost(html: &str) -> u64 {
    html.as_bytes()
        .split(|&b| b == b'<' || b == b'>')
        .map(|run| {
            let k = memchr::memchr2_iter(b'&', 0xC2, run).count() as u64;
            k.saturating_mul(run.len() as u64)
        })
        .fold(0u64, u64::saturating_add)
}

/// The parser checks each attribute of an element against the ones before it: an element with
/// k attributes costs k². Pages past this budget (an element with some ten thousand
/// attributes) are refused; real elements have a handful.
const MAX_ATTRIBUTE_COST: u64 = 100_000_000;

/// The sum over the page's tags of the square of their `=` count (an upper bound on their
/// attributes).
fn attribute_cost(html: &str) -> u64 {
    html.as_bytes()
        .split(|&b| b == b'<')
        .map(|tag| {
            let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
            let k = memchr::memchr_iter(b'=', tag.get(..end).unwrap_or(tag)).count() as u64;
            k.saturating_mul(k)
        })
        .fold(0u64, u64::saturating_add)
}

/// How deep start tags nest, counted roughly from the markup (start tags minus end tags, void
/// elements and self-closing tags aside): enough to refuse a page built to exhaust the stack.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        match bytes.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b) if b.is_ascii_alphabetic() => {
                let name_end = bytes
                    .get(at + 1..)
                    .and_then(|t| t.iter().position(|c| !c.is_ascii_alphanumeric()))
                    .map_or(bytes.len(), |e| at + 1 + e);
                let name = bytes.get(at + 1..name_end).unwrap_or_default();
                if !is_void(name) {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

fn is_void(name: &[u8]) -> bool {
    const VOID: [&[u8]; 16] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr", b"p", b"li", b"option",
    ];
    // `p`, `li` and `option` close themselves in practice; counting them would call every
    // long list deep.
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// The extraction itself (on the extraction thread). `None` when no body is found.
fn extract_here(html: &str, url: Option<&str>) -> Option<Page> {
    let doc = dom_query::Document::from(html);
    let canonical = doc
        .select("link[rel=canonical]")
        .attr("href")
        .map(|h| h.trim().to_owned())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
    let og_url = doc
        .select("meta[property=\"og:url\"]")
        .attr("content")
        .map(|h| h.trim().to_owned())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
    let dir_attr = doc
        .select("html")
        .attr("dir")
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| d == "rtl" || d == "ltr");
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let base = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut reader = Readability::with_document(doc, base, Some(cfg)).ok()?;
    let article = reader.parse().ok()?;
    let title = clean(&article.title);
    let text = article_text(&article.text_content, title.as_deref());
    Some(Page {
        text,
        title,
        outlet: article.site_name.as_deref().and_then(clean),
        published: article.published_time.as_deref().and_then(iso_date),
        url: canonical
            .or(og_url)
            .or_else(|| article.url.clone().filter(|u| u.starts_with("http")))
            .or_else(|| base.map(str::to_owned)),
        lang: article.lang.as_deref().and_then(clean),
        dir: dir_attr.or_else(|| article.dir.as_deref().and_then(clean)),
    })
}

/// Trimmed, inner white space collapsed; `None` when empty.
fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// An ISO 8601 date or date-time as pages give it (`2024-02-08T10:30:00+04:00`); anything that
/// does not start with `YYYY-MM-DD` is not a date tabayun can vouch for.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    (ok && !s.contains(char::is_whitespace)).then(|| s.to_owned())
}

/// The article as tabayun compares it: one paragraph a line, the title first (unless the body
/// already opens with it), lines that are boilerplate as a whole left out.
pub(super) fn article_text(body: &str, title: Option<&str>) -> String {
    let body = normalise_newlines(body);
    let mut lines: Vec<String> = body.lines().filter_map(clean).collect();
    if let Some(title) = title
        && lines.first().is_none_or(|first| !same_words(first, title))
        && !lines.is_empty()
    {
        lines.insert(0, title.to_owned());
    }
    let text = lines.join("\n");
    drop_boilerplate_lines(&text)
}

fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Leaves out the lines that the boilerplate detection, run on the line alone, marks from its
/// first word to its last: inline "اقرأ أيضاً: …" links, source, keyword and date lines. Run on
/// the line alone so that an inline link line in the middle of a page takes only itself, not
/// the article after it. A bare related-articles heading stays: in the comparison it starts
/// the trailing block, as in the same article saved as text.
fn drop_boilerplate_lines(text: &str) -> String {
    let mut interner = tokens::Interner::default();
    let words = tokens::tokenize(text, &MatchOptions::default(), &mut interner).words;
    let marks = boilerplate::line_marks(text, &words);
    let mut out = String::with_capacity(text.len());
    let mut kept_to = 0;
    for mark in marks.iter().filter(|m| m.whole && !m.bare_heading) {
        // The line and its line feed go.
        out.push_str(text.get(kept_to..mark.range.start).unwrap_or_default());
        kept_to = (mark.range.end + 1).min(text.len());
    }
    out.push_str(text.get(kept_to..).unwrap_or_default());
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        let page = b"<html><head><meta charset=\"windows-1256\"></head>";
        assert_eq!(meta_charset(page), Some(encoding_rs::WINDOWS_1256));
        let page = b"<META http-equiv='Content-Type' content='text/html; charset=ISO-8859-6'>";
        assert_eq!(meta_charset(page), Some(encoding_rs::ISO_8859_6));
        assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2024-02-08T10:30:00+04:00").as_deref(),
            Some("2024-02-08T10:30:00+04:00")
        );
        assert_eq!(iso_date("2024-02-08").as_deref(), Some("2024-02-08"));
        assert_eq!(iso_date("8th, February 2024"), None);
    }

    #[test]
    fn escape_cost_grows_with_references_times_run_length() {
        assert_eq!(escape_cost("<p>a &amp; b</p>"), 9);
        let flood = format!("<p>{}</p>", "&amp;".repeat(20_000));
        assert!(escape_cost(&flood) > MAX_ESCAPE_COST);
        let spread = "<p>a &amp; b</p>".repeat(100_000);
        assert!(escape_cost(&spread) < MAX_ESCAPE_COST);
    }

    #[test]
    fn depth_counts_nesting_not_lists() {
        assert_eq!(nesting_depth("<div><div><p>a<p>b<br></div></div>"), 2);
        let deep = "<div>".repeat(6000);
        assert!(nesting_depth(&deep) > MAX_DEPTH);
    }

    #[test]
    fn inline_read_also_lines_are_left_out() {
        let text = article_text(
            "الفقرة الأولى من الخبر هنا.\nاقرأ أيضاً: عنوان خبر آخر\nالفقرة الثانية من الخبر.",
            Some("العنوان"),
        );
        assert_eq!(
            text,
            "العنوان\nالفقرة الأولى من الخبر هنا.\nالفقرة الثانية من الخبر."
        );
    }
}
