//! Nasty inputs through the window, driven headless with `egui_kittest`: the GUI half of
//! `tests/nasty.rs` (one test per entry of `tests/corpus/README.md`).
//!
//! Every test starts the real app on the bundled seed pair (so there is a comparison on screen),
//! then opens the nasty input the way File > Open does (`Command::OpenPath`; one test drops files
//! on the panes instead) and asserts the exact outcome:
//!
//! - refused inputs: exactly one banner, `Could not open NAME as A: <loader's reason>: PATH`,
//!   shown in the window, and the comparison on screen unchanged;
//! - odd but valid inputs: the new comparison is shown with the decoding the CLI tests expect,
//!   the text kept, and no banner.
//!
//! No test may panic, and no banner may report a worker panic ("internal error"). Large inputs
//! (200 MB on one line, a million empty lines) are generated into a scratch folder and deleted
//! afterwards.
//!
//! Tests named `bug_*` are regression tests for bugs these tests found in the window (all
//! fixed), each named after what broke.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use common::gui::{app_harness, comparison, settle};
use common::{
    SEED_A, SEED_B, Scratch, bidi_controls, bidi_markers, corpus_path as corpus, corpus_text,
    write_big_line,
};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};
use tabayun::gui::{Command, TabayunApp};
use tabayun::model::{Comparison, SegmentKind, Which};

// ---------------------------------------------------------------------------------------------
// Driving the window
// ---------------------------------------------------------------------------------------------

/// Tests share this lock for reading; the memory test takes it for writing, so that nothing
/// else allocates in the process while it measures.
static EXCLUSIVE: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner())
}

fn exclusive() -> RwLockWriteGuard<'static, ()> {
    EXCLUSIVE.write().unwrap_or_else(|e| e.into_inner())
}

/// The real app on the seed pair, compared and drawn. The harness panics on a character no
/// installed font can draw.
fn seeded() -> Harness<'static, TabayunApp> {
    seeded_with(Harness::builder())
}

/// As [`seeded`], but missing glyphs are drawn as boxes ("tofu"), as in the real window.
fn seeded_allowing_tofu() -> Harness<'static, TabayunApp> {
    seeded_with(Harness::builder().allow_missing_glyphs())
}

fn seeded_with(builder: HarnessBuilder<TabayunApp>) -> Harness<'static, TabayunApp> {
    let h = app_harness(builder, None, egui::vec2(1280.0, 800.0));
    let c = comparison(&h);
    assert_eq!((c.a.path.as_str(), c.b.path.as_str()), (SEED_A, SEED_B));
    assert!(h.state().banner_messages().is_empty());
    h
}

/// Opens `path` as side `which` the way File > Open does, and waits until it is handled.
fn open(h: &mut Harness<'static, TabayunApp>, which: Which, path: &Path) {
    h.state_mut().queue(Command::OpenPath {
        which,
        path: path.to_owned(),
    });
    settle(h);
}

/// No banner reports a panic caught in a worker thread.
#[track_caller]
fn assert_no_internal_error(h: &Harness<'static, TabayunApp>) {
    for m in h.state().banner_messages() {
        assert!(
            !m.contains("internal error") && !m.contains("panic"),
            "a worker panicked: {m}"
        );
    }
}

/// The open was refused: exactly one banner, `Could not open NAME as W: REASON: PATH`, shown in
/// the window; the comparison on screen is the one before, still drawn.
#[track_caller]
fn assert_refused(
    h: &Harness<'static, TabayunApp>,
    before: &Comparison,
    which: Which,
    path: &Path,
    reason: &str,
) {
    assert_no_internal_error(h);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let expected = format!(
        "Could not open {name} as {}: {reason}: {}",
        which.label(),
        path.display()
    );
    assert_eq!(h.state().banner_messages(), std::slice::from_ref(&expected));
    h.get_by_label_contains(&expected);
    assert_unchanged(h, before);
}

/// The comparison on screen is `before` (same sides, same stats) and is still drawn.
#[track_caller]
fn assert_unchanged(h: &Harness<'static, TabayunApp>, before: &Comparison) {
    assert!(!h.state().is_busy());
    let now = comparison(h);
    assert_eq!(
        (now.a.path.as_str(), now.b.path.as_str()),
        (before.a.path.as_str(), before.b.path.as_str()),
        "the same sides"
    );
    assert_eq!(now.stats, before.stats, "the same counts");
    assert!(now == *before, "the previous comparison stays as it was");
    assert!(!h.state().visible_words(Which::A).is_empty(), "A is drawn");
    h.get_by_label("alittihad-xi-putin-call.txt");
    h.get_by_label("alsumaria-xi-putin-call.txt");
}

/// The open was accepted: side `which` is now `path`, decoded as `encoding`, with no banner.
#[track_caller]
fn assert_opened(
    h: &Harness<'static, TabayunApp>,
    which: Which,
    path: &Path,
    encoding: &str,
) -> Comparison {
    assert_no_internal_error(h);
    assert_eq!(h.state().banner_messages(), Vec::<String>::new());
    assert!(!h.state().is_busy());
    let c = comparison(h);
    let side = c.side(which);
    assert_eq!(side.path, path.display().to_string());
    assert_eq!(side.encoding, encoding);
    let other = c.side(which.other());
    let other_seed = if which == Which::A { SEED_B } else { SEED_A };
    assert_eq!(other.path, other_seed, "the other side stays");
    // The pane is titled with the new file's name.
    let name = path.file_name().expect("file name").to_string_lossy();
    h.get_by_label(&name);
    c
}

// ---------------------------------------------------------------------------------------------
// Binary files
// ---------------------------------------------------------------------------------------------

#[test]
fn png_image_is_refused_with_a_banner_and_the_comparison_stays() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let png = corpus("pixel.png");
    open(&mut h, Which::A, &png);
    assert_refused(
        &h,
        &before,
        Which::A,
        &png,
        "binary file, not text (looks like a PNG image)",
    );
    // Dismissing the banner leaves the comparison alone.
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().banner_messages().is_empty());
    assert_unchanged(&h, &before);
}

#[test]
fn elf_executable_as_b_is_refused_with_a_banner_and_the_comparison_stays() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let elf = corpus("exit0.elf");
    open(&mut h, Which::B, &elf);
    assert_refused(
        &h,
        &before,
        Which::B,
        &elf,
        "binary file, not text (looks like an ELF executable)",
    );
}

// ---------------------------------------------------------------------------------------------
// Empty and tiny files
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_file_is_refused_as_empty() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let empty = corpus("empty.txt");
    open(&mut h, Which::A, &empty);
    assert_refused(&h, &before, Which::A, &empty, "file is empty");
}

#[test]
fn one_byte_file_is_compared_as_one_unique_word() {
    let _g = shared();
    let mut h = seeded();
    let x = corpus("one-byte.txt");
    open(&mut h, Which::A, &x);
    let c = assert_opened(&h, Which::A, &x, "UTF-8");
    assert_eq!(c.a.text, "x");
    assert_eq!(c.a.bytes, 1);
    assert_eq!((c.stats.a.words, c.stats.a.unique), (1, 1));
    assert_eq!(c.a.segments.len(), 1);
    assert_eq!(c.a.segments[0].kind, SegmentKind::Unique);
    let words = h.state().visible_words(Which::A);
    assert_eq!(
        words.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(),
        ["x"],
        "the one word is drawn"
    );
}

#[test]
fn whitespace_only_file_is_refused_as_having_no_text() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let ws = corpus("whitespace-only.txt");
    open(&mut h, Which::A, &ws);
    assert_refused(
        &h,
        &before,
        Which::A,
        &ws,
        "file has no text, only whitespace",
    );
}

#[test]
fn diacritics_only_file_is_compared_as_zero_words_with_its_marks_kept() {
    let _g = shared();
    let mut h = seeded();
    let marks = corpus("diacritics-only.txt");
    open(&mut h, Which::A, &marks);
    let c = assert_opened(&h, Which::A, &marks, "UTF-8");
    assert_eq!(c.a.text, corpus_text("diacritics-only.txt"), "kept exactly");
    assert_eq!(c.stats.a.words, 0);
    assert_eq!(c.a.segments.len(), 1, "one segment covers the marks");
    assert_eq!(c.a.segments[0].kind, SegmentKind::Unique);
    assert_eq!(c.a.segments[0].words, 0);
    assert_eq!(c.stats.b.unique, c.stats.b.words, "all of B is unique");
    assert!(c.stats.b.words > 0);
    // B is drawn; nothing of the seed A is left on screen.
    assert!(!h.state().visible_words(Which::B).is_empty());
    assert!(
        h.state()
            .visible_words(Which::A)
            .iter()
            .all(|(w, _)| c.a.text.contains(w.as_str())),
        "A shows only the marks"
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

#[test]
fn utf16_without_bom_is_decoded_as_utf16le() {
    let _g = shared();
    let mut h = seeded();
    let utf16 = corpus("utf16le-no-bom.txt");
    open(&mut h, Which::A, &utf16);
    let c = assert_opened(&h, Which::A, &utf16, "UTF-16LE");
    let clean = corpus_text("arabic-clean.txt");
    assert_eq!(c.a.text, clean, "decoded, CRLF normalised");
    assert_eq!(c.a.bytes, 196);
    assert!(!h.state().visible_words(Which::A).is_empty());
    // Against the UTF-8 original: the same words.
    let reference = corpus("arabic-clean.txt");
    open(&mut h, Which::B, &reference);
    assert_no_internal_error(&h);
    assert!(h.state().banner_messages().is_empty());
    let c = comparison(&h);
    assert_eq!(c.b.path, reference.display().to_string());
    assert!(c.identical, "same text as the UTF-8 original");
    assert_eq!((c.stats.a.unique, c.stats.b.unique), (0, 0));
}

#[test]
fn invalid_utf8_inside_arabic_stays_utf8_with_three_replacement_characters() {
    let _g = shared();
    // No bundled font has U+FFFD: the window draws a box for it (see the bug_ test below).
    let mut h = seeded_allowing_tofu();
    let bad = corpus("invalid-utf8-mid-arabic.txt");
    open(&mut h, Which::A, &bad);
    let c = assert_opened(&h, Which::A, &bad, "UTF-8");
    let bytes = std::fs::read(&bad).expect("fixture");
    assert_eq!(c.a.text, String::from_utf8_lossy(&bytes));
    assert_eq!(c.a.text.matches('\u{FFFD}').count(), 3);
    assert!(
        c.a.text.contains("فلاديمير") && c.a.text.contains("ال\u{FFFD}روسي"),
        "no windows-1256 mojibake"
    );
    // The corrupted word is drawn as it is.
    assert!(
        h.state()
            .visible_words(Which::A)
            .iter()
            .any(|(w, _)| w.contains('\u{FFFD}')),
        "the U+FFFD word is on screen"
    );
    // Against the clean original: one variant word, nothing unique.
    open(&mut h, Which::B, &corpus("arabic-clean.txt"));
    let c = comparison(&h);
    assert!(h.state().banner_messages().is_empty());
    assert_eq!(c.stats.a.unique, 0);
    assert!(c.stats.a.variant >= 1, "{:?}", c.stats);
    assert!(!c.identical);
}

#[test]
fn windows_1256_arabic_is_decoded_as_windows_1256() {
    let _g = shared();
    let mut h = seeded();
    let legacy = corpus("windows-1256.txt");
    open(&mut h, Which::A, &legacy);
    let c = assert_opened(&h, Which::A, &legacy, "windows-1256");
    assert_eq!(c.a.text, corpus_text("arabic-clean.txt"));
    assert_eq!(c.a.bytes, 98);
    assert!(
        h.state()
            .visible_words(Which::A)
            .iter()
            .any(|(w, _)| w == "بوتين"),
        "Arabic words on screen"
    );
}

#[test]
fn mixed_line_endings_are_normalised_to_seven_lines() {
    let _g = shared();
    let mut h = seeded();
    let mixed = corpus("mixed-newlines.txt");
    open(&mut h, Which::A, &mixed);
    let c = assert_opened(&h, Which::A, &mixed, "UTF-8");
    let lf = corpus_text("mixed-newlines-lf.txt");
    assert!(!c.a.text.contains('\r'));
    assert_eq!(c.a.text, lf);
    assert_eq!(c.a.text.lines().count(), 7);
    // One paragraph per non-empty line in the pane.
    let paras = h
        .state()
        .analyzed()
        .expect("analyzed")
        .doc(Which::A)
        .paras
        .len();
    assert_eq!(paras, lf.lines().filter(|l| !l.trim().is_empty()).count());
    let words = h.state().visible_words(Which::A);
    assert!(words.iter().any(|(w, _)| w == "خامس"), "{words:?}");
}

// ---------------------------------------------------------------------------------------------
// Big files
// ---------------------------------------------------------------------------------------------

/// Peak resident memory of this process in KB since the last reset.
fn peak_rss_kb() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| {
            l.strip_prefix("VmHWM:")
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
}

/// Resets the peak to the current resident size (Linux: `5` into `/proc/self/clear_refs`).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[test]
fn single_line_200mb_file_is_refused_as_too_large_without_being_read() {
    // Alone in the process, so that the memory figure is this test's.
    let _g = exclusive();
    let s = Scratch::new("big");
    let big = s.path("big.txt");
    // One line of Arabic words, 200 MB.
    let line = corpus_text("arabic-clean.txt").replace('\n', " ");
    write_big_line(&big, &line.repeat((1 << 20) / line.len()), 200_000_000);

    let mut h = seeded();
    let before = comparison(&h);
    let measured = reset_peak_rss();
    let start = peak_rss_kb();
    open(&mut h, Which::A, &big);
    let grown = peak_rss_kb()
        .zip(start)
        .map(|(end, start)| end.saturating_sub(start));
    assert_refused(
        &h,
        &before,
        Which::A,
        &big,
        "file too large (200.0 MB, limit 50.0 MB; raise it in Options, Largest file to open)",
    );
    // Refused from the metadata: not even the first 50 MB were read into memory.
    match grown {
        Some(kb) if measured => {
            eprintln!("200 MB file refused; peak memory grew by {kb} KB");
            assert!(kb < 20 * 1024, "peak grew by {kb} KB: the file was read");
        }
        _ => eprintln!("peak memory not measured (no /proc/self/clear_refs)"),
    }
}

#[test]
fn million_empty_lines_are_refused_as_only_whitespace() {
    let _g = shared();
    let s = Scratch::new("million");
    let blank = s.path("blank.txt");
    std::fs::write(&blank, b"\n".repeat(1_000_000)).expect("writes");
    let mut h = seeded();
    let before = comparison(&h);
    open(&mut h, Which::B, &blank);
    assert_refused(
        &h,
        &before,
        Which::B,
        &blank,
        "file has no text, only whitespace",
    );
}

// ---------------------------------------------------------------------------------------------
// Invisible and combining characters
// ---------------------------------------------------------------------------------------------

#[test]
fn trojan_source_is_compared_and_every_bidi_control_is_drawn_as_a_marker() {
    let _g = shared();
    let mut h = seeded();
    let trojan = corpus("bidi-trojan-source.txt");
    open(&mut h, Which::A, &trojan);
    let c = assert_opened(&h, Which::A, &trojan, "UTF-8");
    let original = corpus_text("bidi-trojan-source.txt");
    assert_eq!(c.a.text, original, "every control kept in the text");

    // The text layer shows each control as a visible marker, in order, and nothing raw.
    let expected = bidi_markers(&original);
    assert_eq!(expected.len(), 30);
    let analyzed = h.state().analyzed().expect("analyzed");
    let doc = analyzed.doc(Which::A);
    let shown: Vec<String> = doc
        .pieces
        .iter()
        .map(|p| p.display(&c.a.text).into_owned())
        .collect();
    let markers: Vec<&String> = shown.iter().filter(|t| expected.contains(t)).collect();
    assert_eq!(markers, expected.iter().collect::<Vec<_>>());
    for t in &shown {
        assert!(
            !t.chars().any(|c| bidi_controls().any(|(b, _)| b == c)),
            "a raw control is drawn: {t:?}"
        );
    }
    // The controls are their own pieces on screen (so each is drawn as its marker).
    let on_screen = h.state().visible_words(Which::A);
    let lone_controls = on_screen
        .iter()
        .filter(|(w, _)| bidi_controls().any(|(b, _)| w == &b.to_string()))
        .count();
    assert_eq!(lone_controls, 30, "every control is on screen");
    // Shown, never obeyed: the overridden and isolated runs keep their logical, left-to-right
    // order on screen ("/* } if (isAdmin) begin admins only */", not "/* begin admins only */
    // if (isAdmin) {"; "txt.exe", not "exe.txt").
    let rect = |word: &str| {
        on_screen
            .iter()
            .find(|(w, _)| w == word)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{word} on screen"))
    };
    let (brace, is_admin, begin) = (rect("}"), rect("isAdmin"), rect("begin"));
    assert_eq!(brace.min.y, begin.min.y, "one line");
    assert!(brace.max.x <= is_admin.min.x && is_admin.max.x <= begin.min.x);
    let (txt, exe) = (rect("txt"), rect("exe"));
    assert_eq!(txt.min.y, exe.min.y, "one line");
    assert!(txt.max.x <= exe.min.x, "txt.exe, not exe.txt");

    // Against the text without the controls: the same words.
    open(&mut h, Which::B, &corpus("bidi-trojan-source-stripped.txt"));
    assert!(h.state().banner_messages().is_empty());
    let c = comparison(&h);
    assert_eq!((c.stats.a.unique, c.stats.b.unique), (0, 0));
    assert!(c.identical);
}

#[test]
fn thousand_stacked_marks_are_compared_and_drawn() {
    let _g = shared();
    let mut h = seeded();
    let marks = corpus("stacked-marks.txt");
    open(&mut h, Which::A, &marks);
    let c = assert_opened(&h, Which::A, &marks, "UTF-8");
    let text = corpus_text("stacked-marks.txt");
    assert_eq!(c.a.text, text);
    assert!(c.a.text.contains(&"\u{0301}".repeat(1000)));
    // The stacked words are laid out and on screen, whole.
    let words = h.state().visible_words(Which::A);
    assert!(
        words
            .iter()
            .any(|(w, r)| w.starts_with('ب') && w.chars().count() == 1001 && r.is_finite()),
        "the stacked ب is drawn"
    );
    let pane = h.state().pane(Which::A).screen_rect;
    for (w, r) in &words {
        assert!(
            r.is_finite() && r.width() < pane.width(),
            "{} chars at {r:?}",
            w.chars().count()
        );
    }
    // Against the bare letters: ب with harakat is ب; a with 1000 acutes is another word.
    open(&mut h, Which::B, &corpus("stacked-marks-bare.txt"));
    assert!(h.state().banner_messages().is_empty());
    let c = comparison(&h);
    assert_eq!(c.stats.a.unique, 1, "{:?}", c.stats);
    let acute = c.a.text.find("a\u{0301}").expect("a with acutes");
    let seg =
        c.a.segments
            .iter()
            .find(|s| s.start <= acute && acute < s.end)
            .expect("a segment");
    assert_eq!(seg.kind, SegmentKind::Unique);
}

#[test]
fn zero_width_joiners_are_kept_and_invisible_to_matching() {
    let _g = shared();
    let mut h = seeded();
    let zw = corpus("zwj-zwnj.txt");
    open(&mut h, Which::A, &zw);
    let c = assert_opened(&h, Which::A, &zw, "UTF-8");
    let text = corpus_text("zwj-zwnj.txt");
    assert_eq!(c.a.text, text);
    assert!(c.a.text.matches('\u{200C}').count() >= 3);
    assert!(c.a.text.matches('\u{200D}').count() >= 3);
    assert!(
        h.state()
            .visible_words(Which::A)
            .iter()
            .any(|(w, _)| w.contains('\u{200C}')),
        "joined words drawn"
    );
    open(&mut h, Which::B, &corpus("zwj-zwnj-bare.txt"));
    assert!(h.state().banner_messages().is_empty());
    let c = comparison(&h);
    assert!(c.identical, "{:?}", c.stats);
    assert_eq!((c.stats.a.shared, c.stats.b.shared), (5, 5));
}

// ---------------------------------------------------------------------------------------------
// Paths that are not readable files
// ---------------------------------------------------------------------------------------------

#[test]
fn directory_is_refused_as_not_a_file() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    open(&mut h, Which::A, &dir);
    assert_refused(&h, &before, Which::A, &dir, "is a directory, not a file");
}

#[test]
fn missing_path_is_refused_as_no_such_file() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let missing = corpus("no-such-file.txt");
    open(&mut h, Which::A, &missing);
    assert_refused(&h, &before, Which::A, &missing, "no such file");
}

#[test]
fn unreadable_file_is_refused_with_the_io_error() {
    let _g = shared();
    // /proc/self/mem fails with EIO from offset 0 for every user, root included.
    let mem = PathBuf::from("/proc/self/mem");
    let error = std::fs::read(&mem).expect_err("/proc/self/mem is unreadable");
    assert_eq!(error.raw_os_error(), Some(5), "EIO: {error}");
    let mut h = seeded();
    let before = comparison(&h);
    open(&mut h, Which::B, &mem);
    assert_refused(
        &h,
        &before,
        Which::B,
        &mem,
        &format!("cannot read file ({error})"),
    );
}

// ---------------------------------------------------------------------------------------------
// Export targets
// ---------------------------------------------------------------------------------------------

#[test]
fn unwritable_export_targets_give_a_banner_and_keep_the_comparison() {
    let _g = shared();
    let s = Scratch::new("export");
    let mut h = seeded();
    let before = comparison(&h);
    let missing = s.path("no-such-folder").join("report.html");
    h.state_mut().queue(Command::ExportTo(missing));
    settle(&mut h);
    assert_no_internal_error(&h);
    assert_eq!(
        h.state().banner_messages(),
        [format!(
            "Could not export the report: folder does not exist: {}",
            s.path("no-such-folder").display()
        )]
    );
    h.get_by_label_contains("Could not export the report: folder does not exist");
    assert_unchanged(&h, &before);
    assert_eq!(s.entries(), Vec::<String>::new(), "nothing created");

    // A folder nobody may create files in, root included.
    h.get_by_label("Dismiss").click();
    h.run();
    h.state_mut()
        .queue(Command::ExportTo("/proc/tabayun-report.html".into()));
    settle(&mut h);
    assert_no_internal_error(&h);
    let messages = h.state().banner_messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("Could not export the report: cannot write report (")
            && messages[0].ends_with("): /proc/tabayun-report.html"),
        "{}",
        messages[0]
    );
    assert_unchanged(&h, &before);
}

// ---------------------------------------------------------------------------------------------
// Drag and drop
// ---------------------------------------------------------------------------------------------

/// A file dropped onto the window, as the platform integration delivers it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` with the pointer at `pos`, then waits until it is handled.
fn drop_file(h: &mut Harness<'static, TabayunApp>, path: &Path, pos: egui::Pos2) {
    h.hover_at(pos);
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_owned())));
    settle(h);
}

#[test]
fn dropping_a_png_on_pane_b_is_refused_and_a_legacy_file_then_opens_as_b() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let pane_b = h.state().pane(Which::B).screen_rect.center();
    let png = corpus("pixel.png");
    drop_file(&mut h, &png, pane_b);
    assert_refused(
        &h,
        &before,
        Which::B,
        &png,
        "binary file, not text (looks like a PNG image)",
    );
    h.get_by_label("Dismiss").click();
    h.run();
    let legacy = corpus("windows-1256.txt");
    drop_file(&mut h, &legacy, pane_b);
    let c = assert_opened(&h, Which::B, &legacy, "windows-1256");
    assert_eq!(c.b.text, corpus_text("arabic-clean.txt"));
    assert_eq!(
        (&c.a.path, &c.a.text),
        (&before.a.path, &before.a.text),
        "A stays"
    );
}

// ---------------------------------------------------------------------------------------------
// Regressions: bugs these tests found in the window, now fixed
// ---------------------------------------------------------------------------------------------

/// Regression (fixed): the window refused a file over 50 MB with the loader's CLI advice, "raise
/// it with --max-size", but the window had no such option: `tabayun A B` takes no `--max-size` (only
/// `tabayun diff` does, src/main.rs), and the loader job uses `LoadOptions::default()`
/// (src/gui/jobs.rs, `Jobs::load`). The banner tells the user to do something they cannot.
#[test]
fn bug_too_large_banner_advises_a_flag_the_window_does_not_have() {
    let _g = shared();
    let s = Scratch::new("over-limit");
    let big = s.path("big.txt");
    // Sparse: the size is all the loader looks at before refusing.
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(tabayun::load::DEFAULT_MAX_BYTES + 1))
        .expect("creates sparse file");
    let mut h = seeded();
    let before = comparison(&h);
    open(&mut h, Which::A, &big);
    let messages = h.state().banner_messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("file too large"), "{}", messages[0]);
    assert_unchanged(&h, &before);
    assert!(
        !messages[0].contains("--max-size"),
        "the window offers no --max-size: {}",
        messages[0]
    );
}

/// Regression (fixed: the text layer draws U+FFFD as `[?]`). The loader replaces each malformed
/// byte sequence with U+FFFD (REPLACEMENT CHARACTER) on purpose, so the reader sees where the file was corrupt; but none of the window's fonts
/// (Noto Naskh Arabic, egui's Ubuntu-Light and icon font, installed in src/gui/fonts.rs) has a
/// glyph for it, so the window draws the font's blank ".notdef" box instead of "\u{FFFD}" (and a
/// harness with egui_kittest's default `MissingGlyphPolicy::Panic` panics: "No glyph for
/// \"\u{FFFD}\" (U+FFFD) in Proportional"). Fix: a font with U+FFFD in the proportional family
/// (or a visible marker like the bidi ones).
#[test]
fn bug_replacement_character_has_no_glyph() {
    let _g = shared();
    let mut h = seeded();
    let bad = corpus("invalid-utf8-mid-arabic.txt");
    open(&mut h, Which::A, &bad);
    assert_opened(&h, Which::A, &bad, "UTF-8");
}

/// Regression (fixed: banners pass through `visible_label`). A file name holding a bidi override
/// ("invoice\u{202E}txt.exe", the Trojan Source trick in a name) went into the banner raw: `TabayunApp::loaded` (src/gui/app.rs) formats the file name
/// and the loader's message (which ends with the path) as they are, and src/gui/banner.rs draws
/// them with a plain label. The override is invisible there, while the window's text layer shows
/// the same character as `⟦RLO⟧`, as the CLI does (`printable` in src/main.rs).
#[test]
fn bug_banner_shows_bidi_controls_in_file_names_raw() {
    let _g = shared();
    let mut h = seeded();
    let before = comparison(&h);
    let s = Scratch::new("bidi-name");
    let evil = s.path("invoice\u{202E}txt.exe");
    open(&mut h, Which::A, &evil);
    let messages = h.state().banner_messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("no such file"), "{}", messages[0]);
    assert_unchanged(&h, &before);
    assert!(
        !messages[0].contains('\u{202E}'),
        "raw RLO in the banner: {:?}",
        messages[0]
    );
}
