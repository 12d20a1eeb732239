//! `tabayun diff A B --find WORDS`: where each article has the words, with a few words of
//! context, matched with the comparison's normalised keys ([`tabayun::engine::find`]).
//!
//! Exit status: 0 when both articles have them, 1 when one does, 3 when neither does (2 stays
//! the error status of every command).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use tabayun::engine::find::{FindIndex, Hit, Query};
use tabayun::load::Document;
use tabayun::model::MatchOptions;

/// Words of context printed on each side of a hit.
const CONTEXT_WORDS: usize = 5;

/// Version of the `--find --format json` output.
const FIND_VERSION: u32 = 1;

/// The JSON form of a search (documented in the README).
#[derive(Serialize)]
struct FindJson<'a> {
    version: u32,
    query: &'a str,
    whole_words: bool,
    /// `both`, `a`, `b` or `neither`.
    found_in: &'static str,
    options: &'a MatchOptions,
    a: SideJson<'a>,
    b: SideJson<'a>,
}

#[derive(Serialize)]
struct SideJson<'a> {
    path: &'a str,
    count: usize,
    hits: Vec<HitJson<'a>>,
}

#[derive(Serialize)]
struct HitJson<'a> {
    /// Byte offsets into the compared text (the `text` of the diff JSON).
    start: usize,
    end: usize,
    /// 1-based line of `start`.
    line: usize,
    /// The matched text as written.
    text: &'a str,
    /// Byte range of the context around the hit.
    context_start: usize,
    context_end: usize,
}

/// One article's hits.
struct SideHits<'d> {
    doc: &'d Document,
    hits: Vec<Hit>,
}

/// Searches both articles for `words` and writes the hits as text or JSON to `out`; returns the
/// exit status and how writing went (a closed pipe is the caller's to forgive).
pub fn run(
    a: &Document,
    b: &Document,
    words: &str,
    whole_words: bool,
    options: &MatchOptions,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<(ExitCode, std::io::Result<()>)> {
    let texts = [a.text.as_str(), b.text.as_str()];
    let index = FindIndex::new(&texts, options);
    if index.query_keys(words).is_empty() {
        anyhow::bail!(
            "--find needs at least one word (punctuation alone matches nothing): {words}"
        );
    }
    let query = Query {
        text: words.to_owned(),
        whole_words,
    };
    let mut found = index.find(&texts, &query).into_iter();
    let sides = [
        SideHits {
            doc: a,
            hits: found.next().unwrap_or_default(),
        },
        SideHits {
            doc: b,
            hits: found.next().unwrap_or_default(),
        },
    ];
    let found_in = match (sides[0].hits.is_empty(), sides[1].hits.is_empty()) {
        (false, false) => "both",
        (false, true) => "a",
        (true, false) => "b",
        (true, true) => "neither",
    };
    let code = match found_in {
        "both" => ExitCode::SUCCESS,
        "neither" => ExitCode::from(3),
        _ => ExitCode::from(1),
    };
    let written = if json {
        let side_json = |i: usize| {
            let s = &sides[i];
            SideJson {
                path: &s.doc.path,
                count: s.hits.len(),
                hits: hits_json(&index, i, s),
            }
        };
        let doc = FindJson {
            version: FIND_VERSION,
            query: words,
            whole_words,
            found_in,
            options,
            a: side_json(0),
            b: side_json(1),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        sides
            .iter()
            .enumerate()
            .try_for_each(|(i, side)| write_text(out, &index, i, side))
    };
    Ok((code, written))
}

fn hits_json<'d>(index: &FindIndex, i: usize, side: &SideHits<'d>) -> Vec<HitJson<'d>> {
    let text = side.doc.text.as_str();
    let mut lines = LineCounter::default();
    side.hits
        .iter()
        .map(|h| {
            let ctx = index.context(i, text, h, CONTEXT_WORDS);
            HitJson {
                start: h.bytes.start,
                end: h.bytes.end,
                line: lines.line_at(text, h.bytes.start),
                text: text.get(h.bytes.clone()).unwrap_or(""),
                context_start: ctx.start,
                context_end: ctx.end,
            }
        })
        .collect()
}

/// `A: path: 2 hits` then one line per hit: `  line 4: … before [*hit*] after …`; "not found"
/// said plainly.
fn write_text(
    out: &mut dyn Write,
    index: &FindIndex,
    i: usize,
    side: &SideHits<'_>,
) -> std::io::Result<()> {
    let label = if i == 0 { "A" } else { "B" };
    let path = tabayun::controls::visible_line(&side.doc.path);
    match side.hits.len() {
        0 => return writeln!(out, "{label}: {path}: not found"),
        1 => writeln!(out, "{label}: {path}: 1 hit")?,
        n => writeln!(out, "{label}: {path}: {n} hits")?,
    }
    let text = side.doc.text.as_str();
    let mut lines = LineCounter::default();
    for h in &side.hits {
        let ctx = index.context(i, text, h, CONTEXT_WORDS);
        let piece = |r: std::ops::Range<usize>| one_line(text.get(r).unwrap_or(""));
        let before = piece(ctx.start..h.bytes.start);
        let hit = piece(h.bytes.clone());
        let after = piece(h.bytes.end..ctx.end);
        // "…" where the line goes on beyond the context.
        let line_before = text.get(..ctx.start).and_then(|t| t.rsplit('\n').next());
        let line_after = text.get(ctx.end..).and_then(|t| t.split('\n').next());
        let has_words = |t: Option<&str>| t.is_some_and(|t| t.chars().any(char::is_alphanumeric));
        let lead = if has_words(line_before) { "… " } else { "" };
        let tail = if has_words(line_after) { " …" } else { "" };
        writeln!(
            out,
            "  line {}: {lead}{before}[*{hit}*]{after}{tail}",
            lines.line_at(text, h.bytes.start)
        )?;
    }
    Ok(())
}

/// Line breaks as spaces, control characters as the visible markers every display uses.
fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    tabayun::controls::visible_line(&flat).into_owned()
}

/// 1-based line numbers of increasing offsets, counting each line break once.
#[derive(Default)]
struct LineCounter {
    at: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let end = offset.min(bytes.len());
        if end >= self.at {
            self.line += bytes
                .get(self.at..end)
                .map_or(0, |b| memchr::memchr_iter(b'\n', b).count());
            self.at = end;
        }
        self.line + 1
    }
}
