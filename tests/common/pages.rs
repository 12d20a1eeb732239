//! Building inputs as people have them: a news page around an article (in the shape of a real
//! outlet's template), the same page as MHTML, a Word document; and the word F1 an extraction
//! is held to.

use std::collections::HashMap;
use std::io::Write;

/// The saved-page fixtures (`tests/fixtures/pages/NAME.html`) with their expected bodies
/// (`NAME.expected.txt`).
pub const PAGE_FIXTURES: [&str; 3] = ["ar-gulf-daily", "ar-portal-br", "en-world-wire"];

/// Path of a page fixture, relative to the crate root.
pub fn page_path(name: &str) -> String {
    format!("tests/fixtures/pages/{name}.html")
}

/// The expected body of a page fixture.
pub fn expected_body(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/pages/{name}.expected.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("reads an expected body")
}

/// Word F1 of `got` against `expected`: words as split at white space, counted with their
/// multiplicity.
pub fn word_f1(got: &str, expected: &str) -> f64 {
    fn count(t: &str) -> HashMap<&str, usize> {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for w in t.split_whitespace() {
            *m.entry(w).or_default() += 1;
        }
        m
    }
    let (g, e) = (count(got), count(expected));
    let common: usize = g
        .iter()
        .map(|(w, n)| (*n).min(*e.get(w).unwrap_or(&0)))
        .sum();
    let (ng, ne) = (g.values().sum::<usize>(), e.values().sum::<usize>());
    if common == 0 || ng == 0 || ne == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / ng as f64, common as f64 / ne as f64);
    2.0 * p * r / (p + r)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A news page around an article whose first line is its headline and whose other lines are its
/// paragraphs, with a header, navigation, breadcrumbs, share buttons, a cookie banner, JSON-LD,
/// a caption, an inline and a block "read also", a table, comments and a footer.
pub fn news_page(article: &str, outlet: &str, published: &str, url: &str) -> String {
    let mut lines = article.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or("");
    let paragraphs: Vec<&str> = lines.collect();
    let mut body = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        body.push_str(&format!("<p>{}</p>\n", esc(p)));
        if i == 1 {
            body.push_str(
                "<div class=\"related-inline\"><h4>اقرأ أيضاً</h4><ul>\
                 <li><a href=\"/r/1\">وزير الخارجية يستقبل نظيره الإيطالي</a></li>\
                 <li><a href=\"/r/2\">أسعار النفط ترتفع في التعاملات الآسيوية</a></li>\
                 <li><a href=\"/r/3\">قمة خليجية طارئة الأسبوع المقبل</a></li></ul></div>\n",
            );
        }
    }
    format!(
        r##"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{t} - {o}</title>
<meta property="og:site_name" content="{o}">
<meta property="og:title" content="{t}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{t}","datePublished":"{published}","publisher":{{"@type":"Organization","name":"{o}"}}}}</script>
<script>var pageTracker = {{ id: 42 }}; document.write("<div>ad</div>");</script>
</head><body>
<div class="cookie-notice" id="gdpr"><p>يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح وتحليل الزيارات.</p><button>أوافق</button></div>
<header><div class="logo"><a href="/">{o}</a></div>
<nav><ul><li><a href="/local">محليات</a></li><li><a href="/arab">عربي</a></li><li><a href="/world">دولي</a></li><li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<div class="wrapper"><div class="content"><div class="breadcrumbs"><a href="/">الرئيسية</a> / <a href="/world">دولي</a></div>
<article><h1>{t}</h1>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<figure><img src="/photo.jpg"><figcaption>صورة من الأرشيف</figcaption></figure>
<div class="article-text">
{body}</div>
<div class="tags"><a href="/tag/1">الصين</a> <a href="/tag/2">روسيا</a></div>
</article>
<div class="comments"><h3>التعليقات</h3><div class="comment"><p>تعليق من قارئ على الخبر.</p></div></div>
</div>
<aside><h3>الأكثر قراءة</h3><table><tr><td><a href="/m/1">خبر أول في القائمة</a></td></tr><tr><td><a href="/m/2">خبر ثان في القائمة</a></td></tr></table></aside></div>
<footer><p>جميع الحقوق محفوظة {o}</p><a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a></footer>
</body></html>
"##,
        t = esc(title),
        o = esc(outlet),
    )
}

/// `html` saved as Chromium saves a page as one file: MIME multipart/related, the page in
/// quoted-printable, an image part in base64.
pub fn mhtml(html: &str, url: &str) -> Vec<u8> {
    let mut qp = String::new();
    let mut col = 0;
    for &b in html.as_bytes() {
        let piece = match b {
            b'\n' => {
                qp.push_str("\r\n");
                col = 0;
                continue;
            }
            b'=' => "=3D".to_owned(),
            33..=126 | b' ' => (b as char).to_string(),
            _ => format!("={b:02X}"),
        };
        if col + piece.len() > 75 {
            qp.push_str("=\r\n");
            col = 0;
        }
        col += piece.len();
        qp.push_str(&piece);
    }
    format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: {url}\r\nSubject: page\r\nDate: Thu, 8 Feb 2024 10:00:00 -0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc123----\"\r\n\r\n\r\n------MultipartBoundary--abc123----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: {url}\r\n\r\n{qp}\r\n\r\n------MultipartBoundary--abc123----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://example.com/logo.png\r\n\r\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\r\n\r\n------MultipartBoundary--abc123------\r\n"
    )
    .into_bytes()
}

/// A Word document with these paragraphs (each `(text, right_to_left)`; a `\t` in the text is
/// a tab, a `\n` a line break), a header, a footer and a comment (which extraction leaves
/// out), the title in its core properties.
pub fn docx(paragraphs: &[(&str, bool)], title: &str) -> Vec<u8> {
    let mut body = String::new();
    for (text, rtl) in paragraphs {
        body.push_str("<w:p>");
        if *rtl {
            body.push_str("<w:pPr><w:bidi/></w:pPr>");
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                body.push_str("<w:r><w:br/></w:r>");
            }
            for (j, cell) in line.split('\t').enumerate() {
                if j > 0 {
                    body.push_str("<w:r><w:tab/></w:r>");
                }
                // Split each cell into two runs, as Word does at formatting changes.
                let mid = cell
                    .char_indices()
                    .nth(cell.chars().count() / 2)
                    .map_or(0, |(k, _)| k);
                let (a, b) = cell.split_at(mid);
                for part in [a, b] {
                    if !part.is_empty() {
                        let rpr = if *rtl { "<w:rPr><w:rtl/></w:rPr>" } else { "" };
                        body.push_str(&format!(
                            "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                            esc(part)
                        ));
                    }
                }
            }
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:p><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:sectPr/></w:body></w:document>"#
    );
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned()),
        ("word/document.xml", document),
        ("word/header1.xml", r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>HEADER TEXT NOT BODY</w:t></w:r></w:p></w:hdr>"#.to_owned()),
        ("word/footer1.xml", r#"<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>FOOTER TEXT NOT BODY</w:t></w:r></w:p></w:ftr>"#.to_owned()),
        ("word/comments.xml", r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0"><w:p><w:r><w:t>COMMENT TEXT NOT BODY</w:t></w:r></w:p></w:comment></w:comments>"#.to_owned()),
        ("docProps/core.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>{}</dc:title><dcterms:created>2024-02-08T09:00:00Z</dcterms:created></cp:coreProperties>"#, esc(title))),
    ];
    zip_of(parts.iter().map(|(n, s)| (*n, s.as_bytes())))
}

/// A ZIP (deflated) of `(name, bytes)` entries.
pub fn zip_of<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name, opts).expect("starts an entry");
        zip.write_all(bytes).expect("writes an entry");
    }
    zip.finish().expect("finishes the zip").into_inner()
}
