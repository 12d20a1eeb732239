//! The window driven headless with egui_kittest (no renderer needed): widgets are found by their
//! labels, clicked, and the app's state is checked. Also geometry checks of the bidi layout.

mod common;

use std::path::PathBuf;

use common::Scratch;
use common::by_hand::whole;
use common::gui::{app_harness, comparison, font_context as context, settle};
use egui::{Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tabayun::gui::text::{WordCache, layout_plain_paragraph};
use tabayun::gui::{Command, Settings, TabayunApp, counterpart};
use tabayun::model::{Comparison, MatchOptions, SegmentKind, Which};

const RTL_PARAGRAPH: &str = "عبر الرئيسان الصيني شي جينبينغ والروسي فلاديمير بوتين اليوم الخميس عن تنديدهما بتدخل الولايات المتحدة في شؤون الدول الأخرى حسبما أفاد الكرملين";
const MIXED_PARAGRAPH: &str =
    "قال بوتين في 2024 إن New York Times نشرت تقريرا عن المكالمة بين الرئيسين";

fn harness_with(paths: Option<(PathBuf, PathBuf)>, height: f32) -> Harness<'static, TabayunApp> {
    app_harness(Harness::builder(), paths, egui::vec2(1280.0, height))
}

fn harness(paths: Option<(PathBuf, PathBuf)>) -> Harness<'static, TabayunApp> {
    harness_with(paths, 800.0)
}

#[test]
fn opens_two_files_given_as_paths() {
    let s = Scratch::new("gui-paths");
    let a = s.file(
        "first-article.txt",
        "قال الرئيس إن الاتفاق مهم جدا للبلدين.\n".as_bytes(),
    );
    let b = s.file(
        "second-article.txt",
        "قال الرئيس إن الاتفاق ضروري للبلدين.\n".as_bytes(),
    );
    let mut h = harness(Some((a.into(), b.into())));
    let c = comparison(&h);
    assert!(c.a.path.ends_with("first-article.txt"), "{}", c.a.path);
    assert!(c.b.path.ends_with("second-article.txt"), "{}", c.b.path);
    // Panes are titled with the file names.
    h.get_by_label("first-article.txt");
    h.get_by_label("second-article.txt");
    assert!(c.a.segments.iter().any(|s| s.kind == SegmentKind::Shared));
    h.run();
    assert!(!h.state().visible_words(Which::A).is_empty());
    assert!(h.state().banner_messages().is_empty());
}

#[test]
fn seeds_open_without_arguments() {
    let h = harness(None);
    let c = comparison(&h);
    assert!(c.a.path.contains("alittihad"), "{}", c.a.path);
    assert!(c.b.path.contains("alsumaria"), "{}", c.b.path);
    assert!(
        !h.state()
            .analyzed()
            .expect("analyzed")
            .differences
            .is_empty()
    );
}

#[test]
fn next_and_previous_difference_move_the_outline() {
    let mut h = harness(None);
    assert_eq!(h.state().current_difference(), None);
    h.get_by_label("Next difference").click();
    h.run();
    assert_eq!(h.state().current_difference(), Some(0));
    let first = (
        h.state().outlined(Which::A).to_vec(),
        h.state().outlined(Which::B).to_vec(),
    );
    assert!(
        !first.0.is_empty() || !first.1.is_empty(),
        "the first difference is outlined"
    );

    h.get_by_label("Next difference").click();
    h.run();
    assert_eq!(h.state().current_difference(), Some(1));
    let second = (
        h.state().outlined(Which::A).to_vec(),
        h.state().outlined(Which::B).to_vec(),
    );
    assert_ne!(first, second, "the outline moved");

    h.get_by_label("Previous difference").click();
    h.run();
    assert_eq!(h.state().current_difference(), Some(0));

    // Keyboard: F7 / Shift+F7 and Alt+Down / Alt+Up.
    h.key_press(Key::F7);
    h.run();
    assert_eq!(h.state().current_difference(), Some(1));
    h.key_press_modifiers(Modifiers::SHIFT, Key::F7);
    h.run();
    assert_eq!(h.state().current_difference(), Some(0));
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run();
    assert_eq!(h.state().current_difference(), Some(1));
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    assert_eq!(h.state().current_difference(), Some(0));
    h.get_by_label_contains("Difference 1 of");
}

#[test]
fn toggling_a_matching_switch_changes_the_counts() {
    let mut h = harness(None);
    let before = comparison(&h).stats;
    h.get_by_label("Options").click();
    h.run();
    h.get_by_label("Detect boilerplate").click();
    settle(&mut h);
    assert!(!h.state().settings().match_options.boilerplate);
    let after = comparison(&h);
    assert!(
        !after.options.boilerplate,
        "compared again with the new switch"
    );
    assert_ne!(before, after.stats, "counts changed");
    assert_eq!(after.stats.a.boilerplate + after.stats.b.boilerplate, 0);
}

#[test]
fn clicking_a_summary_entry_scrolls_both_panes() {
    let mut h = harness_with(None, 800.0);
    // Fold "Only in A" so the entries of B are in view in the side panel.
    h.get_by_label_contains("Only in A (").click();
    h.run();
    let analyzed = h.state().analyzed().expect("analyzed");
    // Among the first entries, the one furthest down the text (so both panes must scroll).
    let passage = analyzed
        .summary
        .only_b
        .iter()
        .take(4)
        .max_by_key(|p| p.first_segment)
        .expect("B has unique passages")
        .clone();
    let label = format!("Only in B, {} words: {}", passage.words, passage.text);
    let before = (
        h.state().scroll_offset(Which::A),
        h.state().scroll_offset(Which::B),
    );
    h.get_by_label(&label).click();
    h.run();
    let after = (
        h.state().scroll_offset(Which::A),
        h.state().scroll_offset(Which::B),
    );
    assert!(after.1 > before.1, "B scrolled: {before:?} -> {after:?}");
    // Both panes show the passage (B) and where it would be (A), a third down the pane.
    let a_seg = counterpart(&comparison(&h), Which::B, passage.first_segment);
    for (which, seg) in [(Which::A, a_seg), (Which::B, passage.first_segment)] {
        let pane = h.state().pane(which);
        let top = pane.layout().expect("laid out").top_of(seg) - pane.offset;
        assert!(
            (0.0..pane.viewport_height).contains(&top),
            "{which:?}: segment {seg} at {top} in a {} high pane",
            pane.viewport_height
        );
    }
    // The passage's first word is now in view in B.
    let first_word = passage.text.split_whitespace().next().expect("a word");
    let pane = h.state().pane(Which::B).screen_rect;
    assert!(
        h.state()
            .visible_words(Which::B)
            .iter()
            .any(|(w, r)| w.contains(first_word) && pane.intersects(*r)),
        "{first_word} is visible in B"
    );
}

#[test]
fn double_containment_is_first_only_in_b_on_the_seeds() {
    let h = harness(None);
    let only_b = &h.state().analyzed().expect("analyzed").summary.only_b;
    let top = only_b.first().expect("B has unique passages");
    assert!(
        top.text.contains("الاحتواء المزدوج"),
        "top of Only in B: {}",
        top.text
    );
}

#[test]
fn swap_sides_exchanges_the_articles() {
    let mut h = harness(None);
    let before = comparison(&h);
    h.get_by_label("Swap sides").click();
    settle(&mut h);
    let after = comparison(&h);
    assert_eq!(after.a.path, before.b.path);
    assert_eq!(after.b.path, before.a.path);
    assert_eq!(after.stats.a.words, before.stats.b.words);
}

#[test]
fn a_binary_file_shows_the_error_banner_and_keeps_the_comparison() {
    let mut h = harness(None);
    let before = comparison(&h);
    let s = Scratch::new("gui-binary");
    let bad = s.file(
        "picture.bin",
        &[0u8, 159, 146, 150, 0, 0, 1, 2, 255, 254, 0, 0, 7, 8],
    );
    h.state_mut().queue(Command::OpenPath {
        which: Which::A,
        path: bad.into(),
    });
    settle(&mut h);
    let messages = h.state().banner_messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("picture.bin"), "{}", messages[0]);
    assert_eq!(comparison(&h), before, "the previous comparison stays");
    h.get_by_label_contains("Could not open picture.bin");
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().banner_messages().is_empty());
}

#[test]
fn export_writes_the_report_off_the_ui_thread_and_errors_go_to_the_banner() {
    let mut h = harness(None);
    let s = Scratch::new("gui-export");
    let path = s.path("seeds-report.html");
    h.state_mut().queue(Command::ExportTo(path.clone()));
    settle(&mut h);
    let html = std::fs::read_to_string(&path).expect("report written");
    assert!(
        html.contains("<html") || html.contains("<!DOCTYPE"),
        "an HTML report"
    );
    assert!(h.state().banner_messages().is_empty());

    let before = comparison(&h);
    let bad = path.with_file_name("no-such-folder").join("report.md");
    h.state_mut().queue(Command::ExportTo(bad));
    settle(&mut h);
    let messages = h.state().banner_messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("Could not export"), "{}", messages[0]);
    assert_eq!(comparison(&h), before, "the comparison stays");
}

#[test]
fn cancelling_a_comparison_keeps_the_previous_result() {
    let mut h = harness(None);
    let before = comparison(&h);
    // A large pair: the seeds repeated many times, with B shuffled.
    let (a, b) = tabayun::load::seed_documents();
    let big = |d: &tabayun::load::Document, n: usize, label: &str| {
        let text: Vec<&str> = std::iter::repeat_n(d.text.as_str(), n).collect();
        tabayun::load::from_bytes(label, text.join("\n\n").as_bytes(), &Default::default())
            .expect("loads")
    };
    let (big_a, big_b) = (big(&a, 300, "big-a.txt"), big(&b, 280, "big-b.txt"));
    h.state_mut().set_documents(big_a, big_b);
    h.run();
    assert!(h.state().is_busy(), "comparing");
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert!(!h.state().is_busy());
    assert_eq!(
        comparison(&h),
        before,
        "the previous comparison stays on screen"
    );
}

#[test]
fn right_click_copies_a_passage() {
    let mut h = harness(None);
    let (word, rect) = h.state().visible_words(Which::A)[0].clone();
    let pos = rect.center();
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    h.get_by_label("Copy passage (A)").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "one copy: {copied:?}");
    assert!(
        copied[0].contains(word.as_str()),
        "{word} in {:?}",
        copied[0]
    );
}

#[test]
fn text_size_shortcuts_change_the_font_size() {
    let mut h = harness(None);
    let size = h.state().settings().font_size;
    h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    h.run();
    assert!(h.state().settings().font_size > size);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert_eq!(h.state().settings().font_size, size);
}

#[test]
fn scrolling_one_pane_aligns_the_other_by_passage() {
    let mut h = harness_with(None, 600.0);
    let pane = h.state().pane(Which::A).screen_rect;
    h.hover_at(pane.center());
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -300.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let (a, b) = (
        h.state().scroll_offset(Which::A),
        h.state().scroll_offset(Which::B),
    );
    assert!(a > 0.0, "A scrolled");
    assert!(b > 0.0, "B followed A");

    // Unlinked: B stays.
    h.get_by_label("Link scrolling").click();
    h.run();
    assert!(!h.state().settings().linked_scrolling);
    h.hover_at(pane.center());
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -200.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert!(h.state().scroll_offset(Which::A) > a);
    assert_eq!(h.state().scroll_offset(Which::B), b);
}

#[test]
fn settings_load_with_defaults_for_missing_fields() {
    let s: Settings = serde_json::from_str(r#"{"font_size": 22.0}"#).expect("parse");
    assert_eq!(s.font_size, 22.0);
    assert_eq!(s.match_options, MatchOptions::default());
    assert!(s.linked_scrolling);
}

/// What eframe would write to disk: every value `save` stores.
#[derive(Default)]
struct MemoryStorage(std::collections::BTreeMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// Everything the app saves between runs.
fn saved(h: &mut Harness<'static, TabayunApp>) -> String {
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    storage.0.into_values().collect::<Vec<_>>().join("\n")
}

#[test]
fn saved_settings_keep_opened_paths_but_no_document_text() {
    // The bundled seeds are shown, not opened: neither their text nor their labels are kept.
    let mut h = harness(None);
    let at_start = saved(&mut h);
    assert!(!at_start.contains("alittihad"), "{at_start}");
    assert!(!at_start.contains("بوتين"), "seed text saved: {at_start}");

    let s = Scratch::new("gui-settings");
    let a = s.file(
        "opened-a.txt",
        "zebraquartz قال الرئيس إن الاتفاق مهم\n".as_bytes(),
    );
    let b = s.file(
        "opened-b.txt",
        "lanternfjord قال الرئيس إن الاتفاق ضروري\n".as_bytes(),
    );
    s.file("never-opened.txt", "velvetcomet نص لم يفتح\n".as_bytes());
    let mut h = harness(Some((a.into(), b.into())));
    let saved = saved(&mut h);
    // The opened files are remembered (so something was saved at all)…
    assert!(
        saved.contains("opened-a.txt") && saved.contains("opened-b.txt"),
        "{saved}"
    );
    // …but not what they say, nor any file that was not opened.
    for word in ["zebraquartz", "lanternfjord", "velvetcomet", "الاتفاق"] {
        assert!(
            !saved.contains(word),
            "document text {word:?} saved: {saved}"
        );
    }
    assert!(!saved.contains("never-opened"), "{saved}");
}

// ---- geometry of the bidi layout (no pixels) ----

fn find<'a>(words: &'a [(String, Rect)], text: &str) -> &'a Rect {
    &words
        .iter()
        .find(|(w, _)| w == text)
        .unwrap_or_else(|| panic!("word {text} not laid out"))
        .1
}

#[test]
fn rtl_paragraph_starts_top_right_and_wraps_in_reading_order() {
    let ctx = context();
    let width = 300.0;
    let (words, size) =
        layout_plain_paragraph(&ctx, &mut WordCache::default(), RTL_PARAGRAPH, 18.0, width);
    let words: Vec<(String, Rect)> = words.into_iter().map(|w| (w.text, w.rect)).collect();
    let first = find(&words, "عبر");
    let second = find(&words, "الرئيسان");
    let last = find(&words, "الكرملين");
    assert_eq!(first.min.y, 0.0, "first word on the first line");
    assert!(
        first.center().x > second.center().x,
        "first word right of the second"
    );
    assert!(
        (first.max.x - width).abs() < 1.0,
        "first word at the right edge: {first:?}"
    );
    assert!(
        last.min.y > first.min.y,
        "the paragraph wraps; its end is on a later line"
    );
    assert!(size.y > 2.0 * first.height());
    for (w, r) in &words {
        assert!(
            r.min.x >= -0.5 && r.max.x <= width + 0.5,
            "{w} inside: {r:?}"
        );
    }
}

#[test]
fn mixed_paragraph_keeps_digits_and_latin_in_reading_order() {
    let ctx = context();
    let width = 1000.0;
    let (words, _) = layout_plain_paragraph(
        &ctx,
        &mut WordCache::default(),
        MIXED_PARAGRAPH,
        18.0,
        width,
    );
    let words: Vec<(String, Rect)> = words.into_iter().map(|w| (w.text, w.rect)).collect();
    let (new, york, times) = (
        find(&words, "New"),
        find(&words, "York"),
        find(&words, "Times"),
    );
    assert!(new.max.x <= york.min.x, "New left of York");
    assert!(york.max.x <= times.min.x, "York left of Times");
    let (qala, putin, fi, year, inna) = (
        find(&words, "قال"),
        find(&words, "بوتين"),
        find(&words, "في"),
        find(&words, "2024"),
        find(&words, "إن"),
    );
    assert!(
        qala.min.x > putin.max.x && putin.min.x > fi.max.x,
        "Arabic right to left"
    );
    assert!(
        fi.min.x > year.max.x && year.min.x > inna.max.x,
        "2024 in its Arabic place"
    );
    assert!(
        inna.min.x > times.max.x,
        "the Latin run follows إن to its left"
    );
    assert_eq!(qala.min.y, times.min.y, "one line");
    for (w, r) in &words {
        assert!(
            r.min.x >= -0.5 && r.max.x <= width + 0.5,
            "{w} inside: {r:?}"
        );
    }
}

#[test]
fn quotes_and_brackets_sit_on_the_reading_side_in_arabic() {
    let ctx = context();
    let text = "وتابع أن \"بوتين وشي\" ناقشا (الصين) اليوم";
    let (words, _) = layout_plain_paragraph(&ctx, &mut WordCache::default(), text, 18.0, 1000.0);
    let rects: Vec<(String, Rect)> = words.iter().map(|w| (w.text.clone(), w.rect)).collect();
    let quotes: Vec<&Rect> = rects
        .iter()
        .filter(|(w, _)| w == "\"")
        .map(|(_, r)| r)
        .collect();
    let (putin, xi) = (find(&rects, "بوتين"), find(&rects, "وشي"));
    assert_eq!(quotes.len(), 2);
    assert!(
        quotes[0].min.x >= putin.max.x - 0.5,
        "opening quote right of بوتين"
    );
    assert!(
        quotes[1].max.x <= xi.min.x + 0.5,
        "closing quote left of وشي"
    );
    let (open, china, close) = (find(&rects, "("), find(&rects, "الصين"), find(&rects, ")"));
    assert!(open.min.x >= china.max.x - 0.5 && close.max.x <= china.min.x + 0.5);
    // The opening bracket is drawn mirrored, so the pair still encloses the word.
    let shown: Vec<String> = words
        .iter()
        .filter(|w| w.text == "(")
        .map(|w| w.galley.text().to_owned())
        .collect();
    assert_eq!(shown, [")"]);
}

/// A comparison of `text` with itself, one shared segment a side.
fn single_text_comparison(text: &str) -> Comparison {
    let mut c = whole(
        ("mixed-a.txt", text),
        ("mixed-b.txt", text),
        SegmentKind::Shared,
    );
    c.identical = true;
    c
}

#[test]
fn pane_places_mixed_words_in_reading_order_inside_the_pane() {
    let mut h = harness(None);
    h.state_mut()
        .show_comparison(single_text_comparison(&format!(
            "{MIXED_PARAGRAPH}\n\n{RTL_PARAGRAPH}"
        )));
    h.run();
    let words = h.state().visible_words(Which::A);
    let pane = h.state().pane(Which::A).screen_rect;
    let (new, york, times) = (
        find(&words, "New"),
        find(&words, "York"),
        find(&words, "Times"),
    );
    assert!(new.max.x <= york.min.x && york.max.x <= times.min.x);
    let first = find(&words, "قال");
    assert!(
        words
            .iter()
            .filter(|(w, _)| w != "قال")
            .all(|(_, r)| r.min.y >= first.min.y),
        "the first word is on the first line"
    );
    assert!(
        first.max.x > pane.right() - 40.0,
        "first word at the pane's right edge"
    );
    for (w, r) in &words {
        assert!(
            pane.x_range().contains(r.min.x) && pane.x_range().contains(r.max.x),
            "{w} inside the pane: {r:?} / {pane:?}"
        );
    }
}
