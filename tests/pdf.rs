//! The PDF report (issue 14), read back as a reader would: `pdftotext` must return each
//! article's words in logical order, `pdffonts` only embedded subset fonts, `qpdf --check` must
//! pass on every PDF written here, and a page rendered with `pdftoppm` is an image snapshot
//! (`tests/snapshots/pdf_*.png`; `UPDATE_SNAPSHOTS=1` rewrites them). Needs Debian
//! `poppler-utils` and `qpdf`: without them the tests print SKIPPED and pass, unless
//! `TABAYUN_REQUIRE_RENDERER=1`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tabayun::bidi_layout::DocText;
use tabayun::engine::Control;
use tabayun::model::{Comparison, MatchOptions, Side};
use tabayun::report::pdf::Paper;
use tabayun::report::{Format, ReportOptions, coverage};
use tabayun::story::Story;

use common::{Scratch, compare_texts, pdf, report_opts, tabayun};

const MIXED: &str = "قال بوتين في 2024 إن New York Times نشرت تقريرا عن المكالمة بين الرئيسين، وإن الاتصال استمر 90 دقيقة.";

fn write_pdf(c: &Comparison, opts: &ReportOptions, path: &Path) {
    let mut bytes = Vec::new();
    tabayun::report::write(c, Format::Pdf, opts, &mut bytes).expect("writes the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    std::fs::write(path, &bytes).expect("saves the PDF");
    pdf::assert_valid(path);
}

/// The words and numbers of `text` in logical order: runs of letters and digits. Combining
/// marks are left out (pdftotext returns a harakah shaped onto its letter's glyph cluster before
/// the letter: "أيضاً" as "أيضًا"), and so is punctuation: poppler's `pdftotext` has its own, partial bidi algorithm
/// and places a neutral mark at a direction boundary by its own rules (the colon of
/// "النشر: 8th, February 2024" comes out after "GMT"), while the words and numbers come out in
/// logical order. It also wraps direction runs in embedding controls, which separate words here.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        let mark = matches!(unicode_bidi::bidi_class(c), unicode_bidi::BidiClass::NSM);
        if mark {
            continue;
        }
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty()
            && !matches!(unicode_bidi::bidi_class(c), unicode_bidi::BidiClass::BN)
        {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The words a side shows, in logical order: its text, bidi controls and other hidden
/// characters as the markers the report draws instead.
fn shown_words(side: &Side) -> Vec<String> {
    let d = DocText::new(&side.text, &side.segments);
    let mut shown = String::new();
    for p in &d.pieces {
        shown.push_str(&p.display(&side.text));
        if !p.glue {
            shown.push(' ');
        }
    }
    tokens(&shown)
}

/// The words `pdftotext` returns, without the running header, the page numbers and the
/// continuation notes.
fn pdf_words(text: &str) -> Vec<String> {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            l.chars()
                .map(|c| match c {
                    '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
                        ' '
                    }
                    c => c,
                })
                .collect()
        })
        .filter(|l: &String| {
            let l = l.trim();
            let letters: String = l.chars().filter(|c| c.is_alphanumeric()).collect();
            let note = [
                "continued",
                "continuedonthenextpage",
                "تابع",
                "يتبعفيالصفحةالتالية",
            ]
            .contains(&letters.as_str());
            !(note
                || l.starts_with("A: ")
                || l.starts_with("Coverage of ")
                || l.starts_with("Page "))
        })
        .collect();
    tokens(&lines.join("\n"))
}

/// Asserts that `expected` occurs in `got` as one run of consecutive words, letter for letter:
/// poppler may also split a word where a harakah sits on a letter ("مجددًا" comes out as
/// "مجدًد ا"), so the words are compared joined, without the breaks between them; any word or
/// number out of order still fails.
#[track_caller]
fn assert_contains_run(got: &[String], expected: &[String], what: &str) {
    assert!(!expected.is_empty(), "{what}: no words to look for");
    if got.concat().contains(&expected.concat()) {
        return;
    }
    let found = (0..got.len().saturating_sub(expected.len()) + 1)
        .any(|i| got.get(i..i + expected.len()) == Some(expected));
    if !found {
        // The longest prefix found, to show where the order breaks.
        let mut best = (0, 0);
        for i in 0..got.len() {
            let n = got[i..]
                .iter()
                .zip(expected)
                .take_while(|(a, b)| a == b)
                .count();
            if n > best.1 {
                best = (i, n);
            }
        }
        panic!(
            "{what}: the PDF's words break off after {} of {} words;\nexpected next: {:?}\ngot: {:?}",
            best.1,
            expected.len(),
            &expected[best.1..(best.1 + 8).min(expected.len())],
            &got[best.0 + best.1..(best.0 + best.1 + 8).min(got.len())],
        );
    }
}

fn seeds_with_mixed() -> Comparison {
    let (a, b) = tabayun::load::seed_documents();
    let mut lines: Vec<&str> = a.text.lines().collect();
    lines.insert(2, MIXED);
    let text = lines.join("\n");
    let a = tabayun::load::Document { text, ..a };
    tabayun::engine::compare(&a, &b, &MatchOptions::default())
}

#[test]
fn pair_pdf_copies_out_each_article_in_logical_order() {
    if !pdf::tools("pair_pdf_copies_out_each_article_in_logical_order") {
        return;
    }
    let s = Scratch::new("pdf-pair");
    let c = seeds_with_mixed();
    let path = s.path("pair.pdf");
    write_pdf(&c, &report_opts(), &path);
    let got = pdf_words(&pdf::text(&path, None));
    for side in [&c.a, &c.b] {
        assert_contains_run(&got, &shown_words(side), &side.path);
    }
    let all = got.join(" ");
    for expected in [
        "Comparison report",
        "Similarity",
        "Only in A",
        "Moved passages",
        "Spelling variants",
        "Legend",
        "Ignore diacritics on",
    ] {
        assert!(all.contains(expected), "no {expected:?} in the PDF");
    }
}

#[test]
fn pdf_fonts_are_embedded_subsets_only() {
    if !pdf::tools("pdf_fonts_are_embedded_subsets_only") {
        return;
    }
    let s = Scratch::new("pdf-fonts");
    let path = s.path("pair.pdf");
    write_pdf(&seeds_with_mixed(), &report_opts(), &path);
    let rows = pdf::fonts(&path);
    assert!(rows.len() >= 3, "{rows:?}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let n = cols.len();
        assert!(n >= 7, "{row}");
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
        let name = cols[0];
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "not a subset name: {row}"
        );
    }
    let names: String = rows.join("\n");
    for family in ["NotoNaskhArabic", "NotoSerif", "NotoSansMath"] {
        assert!(names.contains(family), "{family} missing: {names}");
    }
}

fn snapshot(png: &Path, name: &str) {
    let want_path = PathBuf::from(format!("tests/snapshots/{name}.png"));
    let got = image::open(png).expect("reads the page image").to_rgba8();
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() || !want_path.exists() {
        got.save(&want_path).expect("writes the snapshot");
        return;
    }
    let want = image::open(&want_path)
        .expect("reads the snapshot")
        .to_rgba8();
    let differing = if want.dimensions() == got.dimensions() {
        let n = want
            .pixels()
            .zip(got.pixels())
            .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 40))
            .count();
        n as f64 / f64::from(want.width() * want.height())
    } else {
        1.0
    };
    if differing > 0.002 {
        let new = want_path.with_extension("new.png");
        got.save(&new).expect("writes the new image");
        panic!(
            "{name}: {:.2}% of the pixels differ; see {}",
            differing * 100.0,
            new.display()
        );
    }
}

/// The first page of article A: its first line (the title) starts top right, "2024", "GMT" and
/// "New York Times" read left to right inside the Arabic, and the unique line is tinted.
#[test]
fn pdf_article_page_matches_its_snapshot() {
    if !pdf::tools("pdf_article_page_matches_its_snapshot") {
        return;
    }
    let s = Scratch::new("pdf-snapshot");
    let path = s.path("pair.pdf");
    write_pdf(&seeds_with_mixed(), &report_opts(), &path);
    let n = pdf::pages(&path);
    let page = (1..=n)
        .find(|&p| pdf::text(&path, Some((p, p))).contains("A · alittihad"))
        .expect("a page starts article A");
    let text = pdf::text(&path, Some((page, page)));
    for expected in ["2024 GMT", "New York Times", "2024"] {
        assert!(text.contains(expected), "{expected:?} not read out: {text}");
    }
    let png = pdf::render(&path, page, s.dir(), "page");
    snapshot(&png, "pdf_article_a");
}

#[test]
fn letter_paper_and_page_numbers() {
    if !pdf::tools("letter_paper_and_page_numbers") {
        return;
    }
    let s = Scratch::new("pdf-letter");
    let path = s.path("letter.pdf");
    let opts = ReportOptions {
        paper: Paper::Letter,
        ..report_opts()
    };
    write_pdf(&common::seeds(), &opts, &path);
    let info = pdf::info(&path);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let n = pdf::pages(&path);
    let last = pdf::text(&path, Some((n, n)));
    assert!(last.contains(&format!("Page {n} of {n}")), "{last}");
    let a4 = s.path("a4.pdf");
    write_pdf(&common::seeds(), &report_opts(), &a4);
    assert!(pdf::info(&a4).contains("(A4)"), "{}", pdf::info(&a4));
}

/// A long article continues across pages between lines, never inside one, with a note.
#[test]
fn long_paragraphs_continue_across_pages_with_a_note() {
    if !pdf::tools("long_paragraphs_continue_across_pages_with_a_note") {
        return;
    }
    let (a, b) = tabayun::load::seed_documents();
    let long = a.text.replace('\n', " ").repeat(12);
    let c = compare_texts(&long, &b.text);
    let s = Scratch::new("pdf-long");
    let path = s.path("long.pdf");
    write_pdf(&c, &report_opts(), &path);
    let text = pdf::text(&path, None);
    // The article is Arabic: so are the notes, on both pages.
    let to_next = text.matches("يتبع في الصفحة التالية").count();
    assert!(to_next > 0, "no note");
    let from_last = text
        .lines()
        .filter(|l| {
            l.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                == "تابع"
        })
        .count();
    assert_eq!(from_last, to_next, "a note on one page only");
    assert_contains_run(&pdf_words(&text), &shown_words(&c.a), "long A");
}

/// Bidi overrides, 1,000 stacked combining marks, a 5,000-character word and an empty side: a
/// valid PDF, no panic, and the overrides shown as markers.
#[test]
fn hostile_article_gives_a_valid_pdf() {
    if !pdf::tools("hostile_article_gives_a_valid_pdf") {
        return;
    }
    let s = Scratch::new("pdf-hostile");
    let marks = format!("ب{}", "\u{0651}".repeat(1000));
    let long_word = "ك".repeat(2500) + &"x".repeat(2500);
    let hostile = format!(
        "access \u{202E}admin user\u{202C} guest \u{2067}بوتين\u{2069}\n{marks} قال\n{long_word}\n{}",
        common::HOSTILE
    );
    for (k, (a, b)) in [
        (hostile.as_str(), ""),
        ("", hostile.as_str()),
        ("", ""),
        (hostile.as_str(), common::HOSTILE),
    ]
    .into_iter()
    .enumerate()
    {
        let c = compare_texts(a, b);
        let path = s.path(&format!("hostile-{k}.pdf"));
        write_pdf(&c, &report_opts(), &path);
        let text = pdf::text(&path, None);
        if !a.is_empty() {
            assert!(text.contains("⟦RLO⟧"), "no override marker: {k}");
            assert!(!text.contains('\u{202E}'), "a raw override: {k}");
        }
    }
}

fn story() -> Story {
    let docs = common::STORY
        .iter()
        .map(|p| {
            Arc::new(tabayun::load::load_path(Path::new(p), &Default::default()).expect("loads"))
        })
        .collect();
    Story::compute(docs, 0, &MatchOptions::default(), &Control::default()).expect("computes")
}

#[test]
fn story_pdf_has_the_matrix_and_the_base_article_in_order() {
    if !pdf::tools("story_pdf_has_the_matrix_and_the_base_article_in_order") {
        return;
    }
    let st = story();
    let s = Scratch::new("pdf-story");
    let path = s.path("story.pdf");
    let mut bytes = Vec::new();
    coverage::write(&st, Format::Pdf, &report_opts(), &mut bytes).expect("writes");
    std::fs::write(&path, &bytes).expect("saves");
    pdf::assert_valid(&path);
    let text = pdf::text(&path, None);
    for expected in [
        "Coverage report",
        "Similarity",
        "Core: carried by every article",
        "The base article",
    ] {
        assert!(text.contains(expected), "no {expected:?}");
    }
    let base = &st.articles[0];
    let side = Side {
        path: base.doc.path.clone(),
        encoding: String::new(),
        text: base.doc.text.clone(),
        segments: Vec::new(),
        sha256: String::new(),
        bytes: 0,
        replaced: 0,
        title: None,
        outlet: None,
        format: Default::default(),
        url: None,
        published: None,
    };
    assert_contains_run(&pdf_words(&text), &shown_words(&side), "base article");
    let png = pdf::render(&path, pdf::pages(&path), s.dir(), "last");
    assert!(png.exists());
}

#[test]
fn cli_writes_pdf_from_the_extension_and_the_format_flag() {
    if !pdf::tools("cli_writes_pdf_from_the_extension_and_the_format_flag") {
        return;
    }
    let s = Scratch::new("pdf-cli");
    let out = s.path("r.pdf");
    let o = out.to_str().expect("UTF-8");
    let r = tabayun(&["diff", common::SEED_A, common::SEED_B, "-o", o]);
    assert_eq!(
        r.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    pdf::assert_valid(&out);
    let letter = s.path("letter.out");
    let l = letter.to_str().expect("UTF-8");
    let r = tabayun(&[
        "diff",
        common::SEED_A,
        common::SEED_B,
        "--format",
        "pdf",
        "--paper",
        "letter",
        "-o",
        l,
    ]);
    assert_eq!(
        r.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    pdf::assert_valid(&letter);
    assert!(pdf::info(&letter).contains("(letter)"));
    let story_out = s.path("story.pdf");
    let mut args = vec!["coverage"];
    args.extend(common::STORY);
    args.extend(["-o", story_out.to_str().expect("UTF-8")]);
    let r = tabayun(&args);
    assert_eq!(
        r.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    pdf::assert_valid(&story_out);
    assert!(pdf::text(&story_out, None).contains("Coverage report"));
}

/// File → Export report… with a `.pdf` name writes the PDF (on the export worker, as the other
/// formats), and the window reports no error.
#[test]
fn window_exports_a_pdf() {
    if !pdf::tools("window_exports_a_pdf") {
        return;
    }
    let mut h = common::gui::app_harness(
        egui_kittest::Harness::builder(),
        None,
        egui::vec2(1280.0, 800.0),
    );
    let s = Scratch::new("pdf-window");
    let path = s.path("seeds-report.pdf");
    h.state_mut()
        .queue(tabayun::gui::Command::ExportTo(path.clone()));
    common::gui::settle(&mut h);
    assert!(
        h.state().banner_messages().is_empty(),
        "{:?}",
        h.state().banner_messages()
    );
    pdf::assert_valid(&path);
    let c = common::gui::comparison(&h);
    assert_contains_run(
        &pdf_words(&pdf::text(&path, None)),
        &shown_words(&c.a),
        "window export, A",
    );
}
