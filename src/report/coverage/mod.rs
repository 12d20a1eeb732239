//! Reports of a story ([`Story`]): the coverage JSON contract (version 1), and a text, Markdown
//! and HTML summary (sources, the similarity matrix, own-text shares, core and per-outlet
//! passages; the HTML also the base text tinted by how many outlets carry it). No GUI types.
//!
//! [`CoverageReport`] builds what the three readable formats say once, as plain data (the
//! passage lists, capped); [`text`], [`markdown`] and [`html`] lay it out. [`write`] dispatches,
//! [`write_file`] writes atomically through [`super::write::write_atomic`].

pub mod html;
pub mod markdown;
pub mod text;

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::MatchOptions;
use crate::story::{Story, StoryPassage, StorySegment};

use super::content::{OptionRow, option_rows, today_utc};
use super::write::ExportError;
use super::{Format, ReportOptions};

/// Version of the coverage JSON contract.
pub const COVERAGE_VERSION: u32 = 1;
/// Entries listed per passage list in the readable reports (the rest are counted).
pub const LIST_CAP: usize = 12;
/// Core, partial and dropped passages shorter than this (words) are left out of the readable
/// reports: a shared "في" between two differences is not a passage.
pub const MIN_PASSAGE_WORDS: usize = 3;

/// The coverage JSON contract, version 1: its serde form is the document `tabayun coverage
/// --format json` writes (field names are part of the contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageJson {
    /// [`COVERAGE_VERSION`].
    pub version: u32,
    /// Always `"coverage"`.
    pub kind: String,
    /// Index of the base article.
    pub base: usize,
    /// The articles, in story order.
    pub articles: Vec<ArticleJson>,
    /// Every pair i < j in order (0,1), (0,2), …, (1,2), ….
    pub pairs: Vec<PairJson>,
    /// The matching options (the same object as `tabayun diff`'s).
    pub options: MatchOptions,
    /// The engine's notes.
    pub fallbacks: Vec<String>,
    /// True when every article is identical to every other after normalisation.
    pub identical: bool,
}

/// One article in the coverage JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleJson {
    /// The path as given.
    pub path: String,
    /// The encoding it was decoded from.
    pub encoding: String,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Malformed byte sequences replaced by U+FFFD.
    pub replaced: usize,
    /// A recognised title, if any.
    pub title: Option<String>,
    /// A recognised outlet, if any.
    pub outlet: Option<String>,
    /// What the article was read from: `text`, `html`, `mhtml`, `docx` or `clipboard`.
    #[serde(default)]
    pub format: crate::model::Format,
    /// The page's canonical or fetched URL, else null.
    #[serde(default)]
    pub url: Option<String>,
    /// The publication date the page gives (ISO 8601), else null.
    #[serde(default)]
    pub published: Option<String>,
    /// The compared text.
    pub text: String,
    /// Body words.
    pub words: usize,
    /// Body words no other article carries.
    pub unique: usize,
    /// Boilerplate words.
    pub boilerplate: usize,
    /// Segments tiling `text`.
    pub segments: Vec<StorySegment>,
}

/// One pair in the coverage JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairJson {
    /// The lower index.
    pub a: usize,
    /// The higher index.
    pub b: usize,
    /// The similarity `tabayun diff a b` reports.
    pub similarity: f64,
}

impl CoverageJson {
    /// The contract document of `story`.
    pub fn new(story: &Story) -> Self {
        Self {
            version: COVERAGE_VERSION,
            kind: "coverage".to_owned(),
            base: story.base,
            articles: story
                .articles
                .iter()
                .map(|a| ArticleJson {
                    path: a.doc.path.clone(),
                    encoding: a.doc.encoding.clone(),
                    sha256: a.doc.sha256.clone(),
                    bytes: a.doc.bytes,
                    replaced: a.doc.replaced,
                    title: a.title.clone(),
                    outlet: a.outlet.clone(),
                    format: a.doc.format,
                    url: a.doc.url.clone(),
                    published: a.doc.published.clone(),
                    text: a.doc.text.clone(),
                    words: a.words,
                    unique: a.unique,
                    boilerplate: a.boilerplate,
                    segments: a.segments.clone(),
                })
                .collect(),
            pairs: story
                .pairs()
                .map(|(a, b, c)| PairJson {
                    a,
                    b,
                    similarity: c.stats.similarity,
                })
                .collect(),
            options: story.options.clone(),
            fallbacks: story.fallbacks.clone(),
            identical: story.identical,
        }
    }

    /// The first breach of the contract, if any: segments tile each text, `carried_by` sorted
    /// and without the article's own index, boilerplate carries nobody, boundaries where
    /// `carried_by` changes, the counts equal the segments', every pair once in order.
    pub fn check(&self) -> Result<(), String> {
        let n = self.articles.len();
        for (i, a) in self.articles.iter().enumerate() {
            let mut at = 0;
            for (k, s) in a.segments.iter().enumerate() {
                if s.start != at || s.end <= s.start || s.end > a.text.len() {
                    return Err(format!("article {i} segment {k} does not tile the text"));
                }
                at = s.end;
                if !s.carried_by.windows(2).all(|w| w[0] < w[1])
                    || s.carried_by.iter().any(|&j| j == i || j >= n)
                {
                    return Err(format!("article {i} segment {k}: bad carried_by"));
                }
                if s.kind == crate::story::StoryKind::Boilerplate && !s.carried_by.is_empty() {
                    return Err(format!("article {i} segment {k}: carried boilerplate"));
                }
            }
            if at != a.text.len() {
                return Err(format!("article {i}: segments end before the text"));
            }
            if a.segments
                .windows(2)
                .any(|w| (w[0].kind, &w[0].carried_by) == (w[1].kind, &w[1].carried_by))
            {
                return Err(format!("article {i}: a boundary where nothing changes"));
            }
            let body = |own: bool| -> usize {
                a.segments
                    .iter()
                    .filter(|s| s.kind == crate::story::StoryKind::Body)
                    .filter(|s| !own || s.carried_by.is_empty())
                    .map(|s| s.words)
                    .sum()
            };
            if body(false) != a.words || body(true) != a.unique {
                return Err(format!("article {i}: counts differ from the segments"));
            }
        }
        let expected: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect();
        let got: Vec<(usize, usize)> = self.pairs.iter().map(|p| (p.a, p.b)).collect();
        if got != expected {
            return Err("pairs are not every i < j in order".to_owned());
        }
        if self.base >= n.max(1) {
            return Err("base out of range".to_owned());
        }
        Ok(())
    }
}

/// What a readable story report says, built once.
#[derive(Clone, Debug)]
pub struct CoverageReport<'s> {
    /// The story.
    pub story: &'s Story,
    /// The report date, `YYYY-MM-DD`.
    pub date: String,
    /// "tabayun 0.1.0".
    pub generator: &'static str,
    /// The matching switches as labels and values.
    pub options: Vec<OptionRow>,
    /// Core passages of the base (at least [`MIN_PASSAGE_WORDS`]), longest first.
    pub core: Vec<StoryPassage>,
    /// Per article: its passages found nowhere else, longest first.
    pub only: Vec<Vec<StoryPassage>>,
    /// Per article: what most others carry and it drops (at least [`MIN_PASSAGE_WORDS`]).
    pub dropped: Vec<Vec<StoryPassage>>,
    /// Partial passages of the base (at least [`MIN_PASSAGE_WORDS`]), longest first.
    pub partial: Vec<StoryPassage>,
}

impl<'s> CoverageReport<'s> {
    /// Builds the report of `story`.
    pub fn new(story: &'s Story, opts: &ReportOptions) -> Self {
        let long = |v: Vec<StoryPassage>| -> Vec<StoryPassage> {
            v.into_iter()
                .filter(|p| p.words >= MIN_PASSAGE_WORDS)
                .collect()
        };
        Self {
            story,
            date: opts.date.clone().unwrap_or_else(today_utc),
            generator: concat!("tabayun ", env!("CARGO_PKG_VERSION")),
            options: option_rows(&story.options),
            core: long(story.core_passages()),
            only: (0..story.len()).map(|i| story.only_in(i)).collect(),
            dropped: (0..story.len())
                .map(|i| long(story.dropped_by(i)))
                .collect(),
            partial: long(story.partial_passages()),
        }
    }

    /// "[2] صحيفة الاتحاد": an article's number and label.
    pub fn name(&self, i: usize) -> String {
        match self.story.articles.get(i) {
            Some(a) => format!("[{i}] {}", a.label()),
            None => format!("[{i}]"),
        }
    }

    /// The names of several articles, comma-separated ("none" when empty).
    pub fn names(&self, list: &[usize]) -> String {
        if list.is_empty() {
            return "none".to_owned();
        }
        list.iter()
            .map(|&i| self.name(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A similarity as a whole percentage ("73").
pub fn percent(x: f64) -> String {
    format!("{:.0}", (x * 100.0).clamp(0.0, 100.0))
}

/// Writes `story` in `format`.
pub fn write(
    story: &Story,
    format: Format,
    opts: &ReportOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let report = || CoverageReport::new(story, opts);
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *w, &CoverageJson::new(story)).map_err(io::Error::other)?;
            w.write_all(b"\n")
        }
        Format::Text => text::render(&report(), opts.color, w),
        Format::Markdown => markdown::render(&report(), w),
        Format::Html => html::render(&report(), w),
        Format::Pdf => super::pdf::story::render(&report(), opts.paper, w),
    }
}

/// Writes `story` in `format` to `path` atomically; never over one of its articles.
pub fn write_file(
    story: &Story,
    format: Format,
    opts: &ReportOptions,
    path: &Path,
) -> Result<(), ExportError> {
    let inputs: Vec<&str> = story.articles.iter().map(|a| a.doc.path.as_str()).collect();
    super::write::write_atomic(&inputs, path, opts.durable, &|w| {
        write(story, format, opts, w)
    })
}

/// `<first>-and-N-more-coverage.<ext>`: a file name proposed for a story's report.
pub fn default_file_name(story: &Story, format: Format) -> String {
    let stem = story
        .articles
        .first()
        .map(|a| {
            std::path::Path::new(a.file_name())
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("story")
                .to_owned()
        })
        .unwrap_or_else(|| "story".to_owned());
    format!(
        "{stem}-and-{}-more-coverage.{}",
        story.len().saturating_sub(1),
        super::write::extension(format)
    )
}
