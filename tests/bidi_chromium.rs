//! A differential test of the window's bidi layout against headless Chromium (issue 9).
//!
//! A corpus of mixed paragraphs (hand-written `tests/bidi/corpus.txt`, the regression fixtures
//! `tests/bidi/regressions.txt`, and paragraphs generated here from a seeded PRNG) is laid out
//! with the window's line layout (`layout_plain_paragraph`) and in headless Chromium, in one
//! page with one `<p dir="auto">` per paragraph at the same width, each piece of ours in a
//! `<span data-i>` whose boxes a script reports as JSON. Fonts differ, so line breaks may not
//! agree exactly: for every set of pieces that are on one line in *both* layouts the visual
//! order (left to right) must be the same; glued pieces of a word that touch in Chromium must
//! touch in ours (and the other way round); and the digits of a piece with several digits must
//! read in the same order (Chromium's per-character boxes against our galley's glyphs).
//!
//! Every paragraph that differs is listed in the failure message with ours and Chromium's
//! visual order, and written as candidate regression fixtures to
//! `target/tmp/bidi-chromium-regressions.txt` (the format of `tests/bidi/regressions.txt`).
//!
//! Without a `chromium` binary the test prints that it was SKIPPED and passes, unless
//! `TABAYUN_REQUIRE_RENDERER=1` is set, which turns a missing browser into a failure.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Scratch;
use common::chromium::{self, browser, say};
use common::gui::font_context as context;
use scraper::{Html, Selector};
use tabayun::gui::text::{PlacedWord, WordCache, layout_plain_paragraph};

const CORPUS: &str = include_str!("bidi/corpus.txt");
const REGRESSIONS: &str = include_str!("bidi/regressions.txt");

/// Width of a paragraph, in points in ours and CSS px in Chromium (pixels per point 1).
const WIDTH: f32 = 420.0;
/// Font size, in points in ours and CSS px in Chromium.
const FONT_SIZE: f32 = 18.0;
/// CSS line height in px: tall enough that the boxes of two lines never overlap, so a box's
/// line is its vertical centre divided by this.
const LINE_PX: f64 = 44.0;
/// Number of generated paragraphs.
const GENERATED: usize = 140;
/// A gap between visual neighbours larger than this (px) counts as a space.
const GAP: f32 = 0.5;
const TIMEOUT: Duration = Duration::from_secs(120);

/// The DOM after loading `page` in headless Chromium (fresh profile) and letting its script run.
fn dump_dom(chromium: &Path, page: &Path) -> String {
    chromium::dump_dom(chromium, page, &["--force-device-scale-factor=1"], TIMEOUT)
}

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

struct Case {
    /// Where it comes from: `hand:LINE`, `regression:LINE` or `generated:N`.
    origin: String,
    text: String,
}

fn file_cases(name: &str, text: &str) -> Vec<Case> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(k, l)| Case {
            origin: format!("{name}:{}", k + 1),
            text: l.trim().to_owned(),
        })
        .collect()
}

/// SplitMix64: a small deterministic PRNG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const ARABIC: &[&str] = &[
    "قال",
    "الرئيس",
    "إن",
    "الحكومة",
    "ستواصل",
    "المفاوضات",
    "مع",
    "الجانب",
    "الآخر",
    "في",
    "العاصمة",
    "أعلنت",
    "وزارة",
    "الصحة",
    "عن",
    "تسجيل",
    "حالة",
    "جديدة",
    "خلال",
    "الأسبوع",
    "الماضي",
    "وأضاف",
    "أن",
    "الاقتصاد",
    "سينمو",
    "بنسبة",
    "مليار",
    "دولار",
    "عام",
    "يوم",
    "الاثنين",
    "المقبل",
    "لا",
    "الإسلام",
    "لأن",
    "الآن",
    "المملكة",
    "الأمم",
    "المتحدة",
    "بحسب",
    "مصادر",
    "مطلعة",
    "وكالة",
    "الأنباء",
    "شخصا",
    "ألف",
    "على",
    "من",
    "إلى",
    "بين",
];
const LATIN: &[&str] = &[
    "NATO", "Reuters", "Apple", "iPhone", "BBC", "New", "York", "Times", "Google", "Paris", "the",
    "summit", "Biden", "Macron", "OPEC", "GDP", "COVID-19", "e-mail", "Inc.", "UN",
];
const HEBREW: &[&str] = &["שלום", "ירושלים", "כנסת", "תל-אביב"];
const EMOJI: &[&str] = &["🎉", "😮", "👍", "🔥", "⚽", "🇸🇦"];
const URLS: &[&str] = &[
    "https://example.org/a/b?x=1",
    "www.example.com",
    "http://news.example.net/2024/05/01/story.html",
    "editor@example.com",
    "info@news.example.org",
];
const PUNCT: &[&str] = &["،", "؛", "؟", ".", ",", ":", "!", "؟!"];

fn eastern(digits: &str, extended: bool) -> String {
    let base = if extended { 0x06F0 } else { 0x0660 };
    digits
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(base + d).unwrap(),
            None => c,
        })
        .collect()
}

/// A number in one of the forms news text uses.
fn number(rng: &mut Rng) -> String {
    let int = |rng: &mut Rng, max: u64| (rng.next() % max).to_string();
    let ascii = match rng.below(10) {
        0 => int(rng, 10_000),
        1 => format!("{}.{}", int(rng, 100), int(rng, 10)),
        2 => format!("{},{:03}", 1 + rng.below(99), rng.below(1000)),
        3 => format!(
            "20{:02}-{:02}-{:02}",
            rng.below(30),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        4 => format!(
            "{:02}/{:02}/20{:02}",
            1 + rng.below(28),
            1 + rng.below(12),
            rng.below(30)
        ),
        5 => format!("{}:{:02}", rng.below(24), rng.below(60)),
        6 => format!("20{:02}", rng.below(30)),
        7 => format!("{}-{}", rng.below(10), rng.below(10)),
        _ => int(rng, 1000),
    };
    let eastern_kind = rng.below(10);
    let mut text = if eastern_kind < 4 {
        // Arabic-Indic: ٫ for the decimal point and ٬ for thousands.
        eastern(
            &ascii.replace('.', "\u{066B}").replace(',', "\u{066C}"),
            false,
        )
    } else if eastern_kind == 4 {
        eastern(&ascii, true)
    } else {
        ascii
    };
    let eastern_digits = eastern_kind <= 4;
    match rng.below(12) {
        0 => text.push(if eastern_digits { '٪' } else { '%' }),
        1 => text.push('%'),
        2 => text.insert(0, '+'),
        3 => text.insert(0, '-'),
        4 => text.insert(0, '$'),
        5 => text.push('€'),
        6 => text.push_str("pm"),
        7 => text.push_str("km"),
        8 => text.insert(0, '٪'),
        _ => {}
    }
    text
}

/// One word (or a few, for a bracketed or quoted group).
fn token(rng: &mut Rng, rtl_base: bool) -> String {
    let roll = rng.below(100);
    let base = if rtl_base { 45 } else { 10 };
    let latin = if rtl_base { 12 } else { 55 };
    let mut word = if roll < base {
        rng.pick(ARABIC).to_owned()
    } else if roll < base + latin {
        rng.pick(LATIN).to_owned()
    } else if roll < base + latin + 22 {
        number(rng)
    } else if roll < base + latin + 25 {
        rng.pick(HEBREW).to_owned()
    } else if roll < base + latin + 28 {
        rng.pick(EMOJI).to_owned()
    } else if roll < base + latin + 31 {
        rng.pick(URLS).to_owned()
    } else {
        rng.pick(ARABIC).to_owned()
    };
    // An Arabic prefix glued to a number or Latin word (بـ, و).
    if rng.chance(5) {
        word.insert_str(0, rng.pick(&["و", "بـ", "ب", "ال"]));
    }
    if rng.chance(12) {
        word.push_str(rng.pick(PUNCT));
    }
    word
}

fn generated_cases() -> Vec<Case> {
    let mut rng = Rng(0x7AB4_A9E5_2024_0509);
    let mut out = Vec::new();
    for n in 0..GENERATED {
        // One in five is a left-to-right paragraph with Arabic inside.
        let rtl = n % 5 != 4;
        let len = match n % 4 {
            0 => 1 + rng.below(5),
            1 => 4 + rng.below(8),
            _ => 8 + rng.below(30),
        };
        let mut words: Vec<String> = Vec::new();
        words.push(if rtl {
            rng.pick(ARABIC).to_owned()
        } else {
            rng.pick(LATIN).to_owned()
        });
        while words.len() < len {
            let roll = rng.below(100);
            if roll < 14 {
                // A bracketed or quoted group of one to three tokens.
                let (open, close) = [
                    ("(", ")"),
                    ("[", "]"),
                    ("«", "»"),
                    ("\"", "\""),
                    ("“", "”"),
                    ("'", "'"),
                    ("(", ")"),
                ][rng.below(7)];
                let k = 1 + rng.below(3);
                let mut group: Vec<String> = (0..k).map(|_| token(&mut rng, rtl)).collect();
                if rng.chance(20) {
                    // Nested brackets.
                    let inner = group.len() - 1;
                    group[inner] = format!("({})", group[inner]);
                }
                group[0].insert_str(0, open);
                group[k - 1].push_str(close);
                if rng.chance(20) {
                    group[k - 1].push_str(rng.pick(PUNCT));
                }
                words.extend(group);
            } else {
                words.push(token(&mut rng, rtl));
            }
        }
        out.push(Case {
            origin: format!("generated:{n}"),
            text: words.join(" "),
        });
    }
    out
}

fn corpus() -> Vec<Case> {
    let mut seen = HashSet::new();
    let mut cases = file_cases("tests/bidi/corpus.txt", CORPUS);
    cases.extend(file_cases("tests/bidi/regressions.txt", REGRESSIONS));
    cases.extend(generated_cases());
    cases.retain(|c| seen.insert(c.text.clone()));
    for c in &cases {
        assert!(
            !c.text.chars().any(|ch| matches!(ch, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "{}: no bidi controls in the corpus (ours shows them, Chromium obeys them)",
            c.origin
        );
    }
    cases
}

// ---------------------------------------------------------------------------------------------
// Our layout
// ---------------------------------------------------------------------------------------------

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{0660}'..='\u{0669}').contains(&c)
        || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// A piece as laid out by us.
struct Unit {
    /// Byte range in the paragraph.
    start: usize,
    end: usize,
    text: String,
    /// The next unit continues the same word.
    glue: bool,
    line: usize,
    left: f32,
    right: f32,
    /// The digits of the piece left to right as our galley draws them (pieces with 2+ digits).
    digits: Option<String>,
}

/// The digits of `word`'s galley in visual order (left to right), when it has two or more.
fn galley_digits(word: &PlacedWord) -> Option<String> {
    if word.text.chars().filter(|c| is_digit(*c)).count() < 2 {
        return None;
    }
    let mut glyphs: Vec<(f32, char)> = word
        .galley
        .rows
        .iter()
        .flat_map(|row| row.glyphs.iter())
        // RTL runs end with zero-width continuation glyphs that repeat characters.
        .filter(|g| is_digit(g.chr) && g.advance_width > 0.0)
        .map(|g| (g.pos.x, g.chr))
        .collect();
    glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
    Some(glyphs.into_iter().map(|(_, c)| c).collect())
}

/// Lays out `text` with the window's layout; units in logical order.
fn ours(ctx: &egui::Context, cache: &mut WordCache, text: &str) -> Result<Vec<Unit>, String> {
    let (placed, _) = layout_plain_paragraph(ctx, cache, text, FONT_SIZE, WIDTH);
    let mut ys: Vec<i64> = placed
        .iter()
        .map(|w| (w.rect.min.y * 4.0).round() as i64)
        .collect();
    ys.sort_unstable();
    ys.dedup();
    let mut units: Vec<Unit> = Vec::new();
    let mut cursor = 0;
    for w in &placed {
        // Pieces are in logical order and hold their own text: find each after the previous.
        let rest = text.get(cursor..).unwrap_or("");
        let skip = rest.len() - rest.trim_start().len();
        let start = cursor + skip;
        if !text[start..].starts_with(&w.text) || w.text.is_empty() {
            return Err(format!(
                "piece {:?} is not the next text after byte {cursor} of {text:?}",
                w.text
            ));
        }
        if let Some(prev) = units.last_mut() {
            prev.glue = prev.end == start;
        }
        let y = (w.rect.min.y * 4.0).round() as i64;
        units.push(Unit {
            start,
            end: start + w.text.len(),
            text: w.text.clone(),
            glue: false,
            line: ys.binary_search(&y).unwrap(),
            left: w.rect.min.x,
            right: w.rect.max.x,
            digits: galley_digits(w),
        });
        cursor = start + w.text.len();
    }
    if !text[cursor..].trim().is_empty() {
        return Err(format!(
            "text after byte {cursor} was not laid out: {text:?}"
        ));
    }
    Ok(units)
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// egui's default fonts (which follow the Arabic font in the window's proportional family),
/// from the cargo registry, with egui's scale tweaks; empty if they cannot be found.
fn egui_default_fonts() -> Vec<(String, PathBuf, f32)> {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .unwrap_or_default();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"epaint_default_fonts\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned());
    let Some(version) = version else {
        return Vec::new();
    };
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let Some(src) = home.map(|h| h.join("registry").join("src")) else {
        return Vec::new();
    };
    let Ok(registries) = std::fs::read_dir(&src) else {
        return Vec::new();
    };
    for reg in registries.flatten() {
        let dir = reg
            .path()
            .join(format!("epaint_default_fonts-{version}"))
            .join("fonts");
        if dir.join("Ubuntu-Light.ttf").is_file() {
            return [
                ("Ubuntu-Light", 1.0),
                ("egui-icons", 0.9),
                ("NotoEmoji-Regular", 0.81),
                ("emoji-icon-font", 0.9),
            ]
            .into_iter()
            .map(|(name, scale)| (name.to_owned(), dir.join(format!("{name}.ttf")), scale))
            .filter(|(_, p, _)| p.is_file())
            .collect();
        }
    }
    Vec::new()
}

/// The fonts of the page's stack in order: the bundled fonts in `assets/` that
/// `src/gui/fonts.rs` includes, in the order it names them (the Arabic font first, as in the
/// window), then egui's defaults.
fn font_stack() -> Vec<(String, PathBuf, f32)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("src/gui/fonts.rs")).unwrap_or_default();
    let mut bundled: Vec<(usize, PathBuf)> = std::fs::read_dir(root.join("assets"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            Some((source.find(&format!("assets/{name}"))?, p))
        })
        .collect();
    bundled.sort();
    let mut stack: Vec<(String, PathBuf, f32)> = bundled
        .into_iter()
        .map(|(_, p)| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, p, 1.0)
        })
        .collect();
    assert!(
        stack
            .first()
            .is_some_and(|f| f.0 == "NotoNaskhArabic-Regular"),
        "the Arabic font is first: {stack:?}"
    );
    let defaults = egui_default_fonts();
    if defaults.is_empty() {
        say(
            "bidi_chromium: egui's default fonts not found in the cargo registry; \
             Chromium uses system fonts after the bundled ones",
        );
    }
    stack.extend(defaults);
    stack
}

const SCRIPT: &str = r#"
const LINE = __LINE__;
const DIGIT = /[0-9\u0660-\u0669\u06F0-\u06F9]/;
async function measure() {
  const out = { fonts: [], paras: [] };
  for (const f of FONTS) {
    try { await document.fonts.load("18px '" + f + "'"); } catch (e) {}
    out.fonts.push([f, document.fonts.check("18px '" + f + "'")]);
  }
  await document.fonts.ready;
  for (const p of document.querySelectorAll("p[data-p]")) {
    const top = p.getBoundingClientRect().top;
    const spans = [];
    for (const s of p.querySelectorAll("span[data-i]")) {
      const rects = [];
      for (const r of s.getClientRects()) {
        rects.push([Math.floor(((r.top + r.bottom) / 2 - top) / LINE), r.left, r.right]);
      }
      let digits = null;
      const node = s.firstChild;
      const text = s.textContent;
      if (node && [...text].filter(c => DIGIT.test(c)).length >= 2) {
        const chars = [];
        for (let k = 0; k < text.length; k++) {
          if (!DIGIT.test(text[k])) continue;
          const range = document.createRange();
          range.setStart(node, k);
          range.setEnd(node, k + 1);
          const r = range.getBoundingClientRect();
          chars.push([r.left, text[k]]);
        }
        chars.sort((a, b) => a[0] - b[0]);
        digits = chars.map(c => c[1]).join("");
      }
      spans.push({ i: +s.dataset.i, rects, digits });
    }
    out.paras.push({ p: +p.dataset.p, rtl: getComputedStyle(p).direction === "rtl", spans });
  }
  document.getElementById("out").textContent = JSON.stringify(out);
}
window.addEventListener("load", () => { measure().catch(e => {
  document.getElementById("out").textContent = "ERROR " + e;
}); });
"#;

fn page(cases: &[Case], laid: &[Vec<Unit>], fonts: &[(String, PathBuf, f32)]) -> String {
    let mut html = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\n");
    for (name, path, scale) in fonts {
        let data = base64(&std::fs::read(path).unwrap());
        let _ = writeln!(
            html,
            "@font-face {{ font-family: '{name}'; src: url(data:font/ttf;base64,{data}); \
             size-adjust: {}%; }}",
            scale * 100.0
        );
    }
    let family: Vec<String> = fonts.iter().map(|(n, _, _)| format!("'{n}'")).collect();
    let _ = write!(
        html,
        "body {{ margin: 0; padding: 0; }}\n\
         p {{ width: {WIDTH}px; margin: 0 0 {LINE_PX}px 0; padding: 0; font-size: {FONT_SIZE}px; \
         line-height: {LINE_PX}px; font-family: {}, sans-serif; white-space: normal; \
         font-kerning: normal; }}\n\
         .w {{ white-space: nowrap; }}\n</style></head><body>\n",
        family.join(", ")
    );
    for (p, (case, units)) in cases.iter().zip(laid).enumerate() {
        let _ = write!(html, "<p dir=\"auto\" data-p=\"{p}\">");
        let mut cursor = 0;
        let mut in_word = false;
        for (i, u) in units.iter().enumerate() {
            if !in_word {
                html.push_str(&escape(&case.text[cursor..u.start]));
                // Glued pieces never break apart in ours: keep them on one line in Chromium.
                html.push_str("<span class=\"w\">");
            }
            let _ = write!(html, "<span data-i=\"{i}\">{}</span>", escape(&u.text));
            in_word = u.glue;
            if !in_word {
                html.push_str("</span>");
            }
            cursor = u.end;
        }
        html.push_str("</p>\n");
    }
    let names: Vec<String> = fonts
        .iter()
        .map(|(n, _, _)| serde_json::to_string(n).unwrap())
        .collect();
    let _ = writeln!(
        html,
        "<pre id=\"out\"></pre><script>const FONTS = [{}];{}</script></body></html>",
        names.join(","),
        SCRIPT.replace("__LINE__", &LINE_PX.to_string())
    );
    html
}

// ---------------------------------------------------------------------------------------------
// Chromium's layout
// ---------------------------------------------------------------------------------------------

/// A piece as laid out by Chromium.
#[derive(Clone, Debug, Default)]
struct Boxed {
    /// Line number in the paragraph; `None` when Chromium split the span across lines.
    line: Option<usize>,
    left: f32,
    right: f32,
    /// More than one box on one line (the span was split by reordering).
    fragments: usize,
    /// The digits left to right (spans with 2+ digits).
    digits: Option<String>,
}

struct ChromiumPara {
    rtl: bool,
    spans: Vec<Boxed>,
}

fn parse_chromium(dom: &str, n: usize) -> (Vec<ChromiumPara>, Vec<(String, bool)>) {
    let html = Html::parse_document(dom);
    let out: String = html
        .select(&Selector::parse("#out").unwrap())
        .next()
        .expect("the #out element")
        .text()
        .collect();
    assert!(
        out.starts_with('{'),
        "the page's script did not report: {:?}",
        out.chars().take(500).collect::<String>()
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fonts = json["fonts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f[0].as_str().unwrap().to_owned(), f[1].as_bool().unwrap()))
        .collect();
    let mut paras: Vec<Option<ChromiumPara>> = (0..n).map(|_| None).collect();
    for p in json["paras"].as_array().unwrap() {
        let idx = p["p"].as_u64().unwrap() as usize;
        let mut spans: Vec<Boxed> = Vec::new();
        for s in p["spans"].as_array().unwrap() {
            let i = s["i"].as_u64().unwrap() as usize;
            let rects: Vec<(i64, f32, f32)> = s["rects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r[0].as_i64().unwrap(),
                        r[1].as_f64().unwrap() as f32,
                        r[2].as_f64().unwrap() as f32,
                    )
                })
                .collect();
            let lines: BTreeSet<i64> = rects.iter().map(|r| r.0).collect();
            let boxed = Boxed {
                line: (lines.len() == 1).then(|| *lines.first().unwrap() as usize),
                left: rects.iter().map(|r| r.1).fold(f32::INFINITY, f32::min),
                right: rects.iter().map(|r| r.2).fold(f32::NEG_INFINITY, f32::max),
                fragments: rects.len(),
                digits: s["digits"].as_str().map(str::to_owned),
            };
            if spans.len() <= i {
                spans.resize(i + 1, Boxed::default());
            }
            spans[i] = boxed;
        }
        paras[idx] = Some(ChromiumPara {
            rtl: p["rtl"].as_bool().unwrap(),
            spans,
        });
    }
    let paras = paras
        .into_iter()
        .enumerate()
        .map(|(k, p)| p.unwrap_or_else(|| panic!("paragraph {k} missing from Chromium's report")))
        .collect();
    (paras, fonts)
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Diff {
    /// (Chromium line, our line, ours left to right, Chromium's left to right).
    order: Vec<(usize, usize, Vec<usize>, Vec<usize>)>,
    /// (left piece, right piece, our gap in px, Chromium's gap in px).
    gaps: Vec<(usize, usize, f32, f32)>,
    /// Lines with a gap difference: (Chromium line, ours with gaps, Chromium's with gaps).
    gap_lines: Vec<(usize, String, String)>,
    /// (piece, our digits left to right, Chromium's).
    digits: Vec<(usize, String, String)>,
    direction: Option<(bool, bool)>,
    /// Some word's own pieces are in a different order (not just the words).
    order_inside_word: bool,
}

impl Diff {
    fn is_empty(&self) -> bool {
        self.order.is_empty()
            && self.gaps.is_empty()
            && self.digits.is_empty()
            && self.direction.is_none()
    }
    /// What differed, for the comment line of a regression fixture.
    fn explain(&self) -> String {
        self.causes()
            .iter()
            .map(|c| match *c {
                "order of words" => "order of words: words on a line in another order than Chromium's",
                "order inside a word" => "order inside a word: a word's pieces in another order than Chromium's",
                "gap" => "gap: a space between pieces that Chromium draws touching, or none where it has one",
                "digits" => "digits: the digits of a piece in another order than Chromium's",
                _ => "paragraph direction differs",
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn causes(&self) -> Vec<&'static str> {
        let mut c = Vec::new();
        if self.direction.is_some() {
            c.push("paragraph direction");
        }
        if !self.order.is_empty() {
            c.push(if self.order_inside_word {
                "order inside a word"
            } else {
                "order of words"
            });
        }
        if !self.gaps.is_empty() {
            c.push("gap");
        }
        if !self.digits.is_empty() {
            c.push("digits");
        }
        c
    }
}

#[derive(Default)]
struct Tally {
    lines: usize,
    lines_same_members: usize,
    groups: usize,
    split_spans: usize,
    fragmented_spans: usize,
}

/// Pairs of visual neighbours (left, right) among `members` sorted by `x`.
fn neighbours(mut members: Vec<(usize, f32)>) -> Vec<(usize, usize)> {
    members.sort_by(|a, b| a.1.total_cmp(&b.1));
    members.windows(2).map(|w| (w[0].0, w[1].0)).collect()
}

fn compare(rtl: bool, ours: &[Unit], theirs: &ChromiumPara, tally: &mut Tally) -> Diff {
    let mut diff = Diff::default();
    if rtl != theirs.rtl {
        diff.direction = Some((rtl, theirs.rtl));
    }
    // The word of each piece: glued pieces share one.
    let mut word = Vec::with_capacity(ours.len());
    for (i, _) in ours.iter().enumerate() {
        let glued = i > 0 && ours[i - 1].glue;
        let w = if glued { word[i - 1] } else { i };
        word.push(w);
    }
    // Lines in each layout.
    let mut our_lines: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut their_lines: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, u) in ours.iter().enumerate() {
        our_lines.entry(u.line).or_default().push(i);
        let t = &theirs.spans[i];
        if t.fragments > 1 && t.line.is_some() {
            tally.fragmented_spans += 1;
        }
        match t.line {
            Some(l) => {
                their_lines.entry(l).or_default().push(i);
                groups.entry((l, u.line)).or_default().push(i);
            }
            None => tally.split_spans += 1,
        }
    }
    tally.lines += their_lines.len();
    let our_sets: Vec<BTreeSet<usize>> = our_lines
        .values()
        .map(|v| v.iter().copied().collect())
        .collect();
    tally.lines_same_members += their_lines
        .values()
        .filter(|v| our_sets.contains(&v.iter().copied().collect()))
        .count();
    let our_nb: HashSet<(usize, usize)> = our_lines
        .values()
        .flat_map(|v| neighbours(v.iter().map(|&i| (i, ours[i].left)).collect()))
        .collect();
    let their_nb: HashSet<(usize, usize)> = their_lines
        .values()
        .flat_map(|v| neighbours(v.iter().map(|&i| (i, theirs.spans[i].left)).collect()))
        .collect();
    for (&(cl, ol), members) in &groups {
        tally.groups += 1;
        let mut o = members.clone();
        o.sort_by(|&a, &b| ours[a].left.total_cmp(&ours[b].left));
        let mut t = members.clone();
        t.sort_by(|&a, &b| theirs.spans[a].left.total_cmp(&theirs.spans[b].left));
        if o != t {
            let inside = |order: &[usize], w: usize| -> Vec<usize> {
                order.iter().copied().filter(|&i| word[i] == w).collect()
            };
            if members
                .iter()
                .any(|&i| inside(&o, word[i]) != inside(&t, word[i]))
            {
                diff.order_inside_word = true;
            }
            diff.order.push((cl, ol, o, t));
            continue;
        }
        let before = diff.gaps.len();
        for w in o.windows(2) {
            let (a, b) = (w[0], w[1]);
            if !our_nb.contains(&(a, b)) || !their_nb.contains(&(a, b)) {
                continue;
            }
            let our_gap = ours[b].left - ours[a].right;
            let their_gap = theirs.spans[b].left - theirs.spans[a].right;
            if (our_gap > GAP) != (their_gap > GAP) {
                diff.gaps.push((a, b, our_gap, their_gap));
            }
        }
        if diff.gaps.len() > before {
            let spaced =
                |order: &[usize], left: &dyn Fn(usize) -> f32, right: &dyn Fn(usize) -> f32| {
                    let mut s = String::new();
                    for (k, &i) in order.iter().enumerate() {
                        if k > 0 && left(i) - right(order[k - 1]) > GAP {
                            s.push_str(" ␣ ");
                        }
                        let _ = write!(s, "⟨{i}:{}⟩", ours[i].text);
                    }
                    s
                };
            diff.gap_lines.push((
                cl,
                spaced(&o, &|i| ours[i].left, &|i| ours[i].right),
                spaced(&t, &|i| theirs.spans[i].left, &|i| theirs.spans[i].right),
            ));
        }
    }
    for (i, u) in ours.iter().enumerate() {
        if let (Some(t), Some(o)) = (&theirs.spans[i].digits, &u.digits)
            && t != o
        {
            diff.digits.push((i, o.clone(), t.clone()));
        } else if let (Some(t), None) = (&theirs.spans[i].digits, &u.digits) {
            diff.digits
                .push((i, "(no digits in our galley)".to_owned(), t.clone()));
        }
    }
    diff
}

/// Our paragraph direction, as the window's `DocText` decides it (UAX #9 P2/P3).
fn our_rtl(text: &str) -> bool {
    tabayun::gui::text::DocText::new(text, &[])
        .paras
        .first()
        .is_some_and(|p| p.rtl)
}

fn show(units: &[Unit], order: &[usize]) -> String {
    order
        .iter()
        .map(|&i| format!("⟨{}:{}⟩", i, units[i].text))
        .collect::<Vec<_>>()
        .join(" ")
}

fn describe(case: &Case, units: &[Unit], diff: &Diff) -> String {
    let mut s = format!(
        "[{}] {}\n  {}\n",
        case.origin,
        diff.causes().join(", "),
        case.text
    );
    if let Some((o, t)) = diff.direction {
        let _ = writeln!(s, "  paragraph direction: ours rtl={o}, chromium rtl={t}");
    }
    for (cl, ol, o, t) in &diff.order {
        let _ = writeln!(
            s,
            "  order on chromium line {cl} / our line {ol} (left to right):\n    ours:     {}\n    chromium: {}",
            show(units, o),
            show(units, t)
        );
    }
    for (a, b, og, tg) in &diff.gaps {
        let _ = writeln!(
            s,
            "  gap between ⟨{a}:{}⟩ and ⟨{b}:{}⟩ (left, right): ours {og:.1} px, chromium {tg:.1} px",
            units[*a].text, units[*b].text
        );
    }
    for (cl, o, t) in &diff.gap_lines {
        let _ = writeln!(
            s,
            "  chromium line {cl} with its gaps (␣), left to right:\n    ours:     {o}\n    chromium: {t}"
        );
    }
    for (i, o, t) in &diff.digits {
        let _ = writeln!(
            s,
            "  digits of ⟨{i}:{}⟩ left to right: ours {o}, chromium {t}",
            units[*i].text
        );
    }
    s
}

#[test]
fn bidi_layout_matches_chromium() {
    let Some(chromium) = browser("bidi_layout_matches_chromium") else {
        return;
    };
    let started = Instant::now();
    let cases = corpus();
    assert!(cases.len() >= 200, "corpus has {} paragraphs", cases.len());
    let ctx = context();
    let mut cache = WordCache::default();
    let laid: Vec<Vec<Unit>> = cases
        .iter()
        .map(|c| ours(&ctx, &mut cache, &c.text).unwrap_or_else(|e| panic!("{}: {e}", c.origin)))
        .collect();
    let ours_done = started.elapsed();

    let fonts = font_stack();
    let dir = Scratch::new("bidi-chromium-page");
    let page_path = dir.path("corpus.html");
    std::fs::write(&page_path, page(&cases, &laid, &fonts)).unwrap();
    let dom = dump_dom(&chromium, &page_path);
    let (theirs, loaded) = parse_chromium(&dom, cases.len());
    let chromium_done = started.elapsed();
    for (name, ok) in &loaded {
        assert!(ok, "Chromium did not load the font {name}");
    }

    let mut tally = Tally::default();
    let mut report = String::new();
    let mut fixtures = String::new();
    let mut by_cause: BTreeMap<&str, usize> = BTreeMap::new();
    let mut differing = 0;
    for ((case, units), theirs) in cases.iter().zip(&laid).zip(&theirs) {
        assert_eq!(
            theirs.spans.len(),
            units.len(),
            "{}: Chromium reported {} spans for {} pieces",
            case.origin,
            theirs.spans.len(),
            units.len()
        );
        let diff = compare(our_rtl(&case.text), units, theirs, &mut tally);
        if diff.is_empty() {
            continue;
        }
        differing += 1;
        for cause in diff.causes() {
            *by_cause.entry(cause).or_default() += 1;
        }
        report.push_str(&describe(case, units, &diff));
        let _ = writeln!(fixtures, "# {} ({})", diff.explain(), case.origin);
        let _ = writeln!(fixtures, "{}", case.text);
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let candidates = tmp.join("bidi-chromium-regressions.txt");
    let all: String = cases
        .iter()
        .map(|c| format!("# {}\n{}\n", c.origin, c.text))
        .collect();
    std::fs::write(tmp.join("bidi-chromium-corpus.txt"), all).unwrap();
    std::fs::write(&candidates, &fixtures).unwrap();
    drop(dir);
    let summary = format!(
        "bidi_chromium: {} paragraphs ({} hand-written, {} regression fixtures, {} generated), \
         {} Chromium lines, {} with the same pieces as one of our lines, {} line groups compared, \
         {} spans split across lines and {} into several boxes on one line by Chromium; {} paragraphs differ {:?}; \
         ours {:.2?}, chromium {:.2?}, total {:.2?}; fonts: {}",
        cases.len(),
        cases
            .iter()
            .filter(|c| c.origin.starts_with("tests/bidi/corpus"))
            .count(),
        cases
            .iter()
            .filter(|c| c.origin.starts_with("tests/bidi/regressions"))
            .count(),
        cases
            .iter()
            .filter(|c| c.origin.starts_with("generated"))
            .count(),
        tally.lines,
        tally.lines_same_members,
        tally.groups,
        tally.split_spans,
        tally.fragmented_spans,
        differing,
        by_cause,
        ours_done,
        chromium_done - ours_done,
        started.elapsed(),
        fonts
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    say(&summary);
    assert!(
        differing == 0,
        "{summary}\nPieces are shown as ⟨logical index:text⟩, left to right as drawn.\n\
         Candidate regression fixtures: {}\n\n{report}",
        candidates.display()
    );
}
