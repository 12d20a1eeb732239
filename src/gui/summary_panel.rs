//! The summary side panel: similarity and per-side counts, then the passage lists ("Only in A",
//! "Only in B", "Moved", "Variants"); clicking an entry shows it in both panes.

use egui::{Sense, UiBuilder};

use std::ops::Range;

use crate::model::{SegmentKind, Side, SideStats, Which};
use crate::summary::Passage;

use crate::report::content::words_label;

use super::analysis::{Analyzed, counterpart};
use super::command::Command;
use super::text::{WordCache, bidi_text_colored_ui};

/// Entries shown per list (the lists are longest first; the rest are counted).
const MAX_ENTRIES: usize = 60;
/// Words of a passage shown in its entry.
const MAX_ENTRY_WORDS: usize = 30;
/// Text size of entries.
const ENTRY_FONT_SIZE: f32 = 15.0;

/// Statistics and passage lists.
pub fn summary_ui(ui: &mut egui::Ui, words: &mut WordCache, analyzed: &Analyzed) -> Vec<Command> {
    let mut commands = Vec::new();
    let c = &analyzed.comparison;
    ui.heading(format!("Similarity {:.1}%", c.stats.similarity * 100.0));
    if c.identical {
        ui.label("The texts are identical after normalisation.");
    }
    stats_grid_ui(ui, &c.stats.a, &c.stats.b);
    for fallback in &c.fallbacks {
        ui.colored_label(ui.visuals().warn_fg_color, fallback);
    }
    ui.separator();

    let s = &analyzed.summary;
    passages_ui(ui, words, analyzed, Which::A, &s.only_a, &mut commands);
    passages_ui(ui, words, analyzed, Which::B, &s.only_b, &mut commands);

    egui::CollapsingHeader::new(format!("Moved ({})", s.moved.len()))
        .id_salt("moved")
        .default_open(true)
        .show(ui, |ui| {
            for m in s.moved.iter().take(MAX_ENTRIES) {
                // Passages are runs of at least the minimum; a shorter one is a name matched by
                // its spelling out of order, and says so.
                let label = if m.a.words < c.options.min_move_words {
                    format!(
                        "Moved name {}, {} words (spelled differently; too short for a passage)",
                        m.move_id, m.a.words
                    )
                } else {
                    format!("Moved passage {}, {} words", m.move_id, m.a.words)
                };
                if entry_ui(ui, words, &label, &m.a.text, &[]) {
                    commands.push(Command::Reveal {
                        a: Some(m.a.first_segment),
                        b: Some(m.b.first_segment),
                    });
                }
            }
            more_ui(ui, s.moved.len());
        });
    egui::CollapsingHeader::new(format!("Variants ({})", s.variants.len()))
        .id_salt("variants")
        .default_open(true)
        .show(ui, |ui| {
            for v in s.variants.iter().take(MAX_ENTRIES) {
                let text = format!("{} / {}", v.a_text, v.b_text);
                let label = if v.moved { "Variant, moved" } else { "Variant" };
                if entry_ui(ui, words, label, &text, &[]) {
                    commands.push(Command::Reveal {
                        a: Some(v.a_segment),
                        b: Some(v.b_segment),
                    });
                }
            }
            more_ui(ui, s.variants.len());
        });
    commands
}

/// A row of the statistics grid: its name and how to read it from a side's counts.
type StatRow = (&'static str, fn(&SideStats) -> usize);

fn stats_grid_ui(ui: &mut egui::Ui, a: &SideStats, b: &SideStats) {
    egui::Grid::new("stats")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            ui.strong("A");
            ui.strong("B");
            ui.end_row();
            let rows: [StatRow; 6] = [
                ("Words", |s| s.words),
                ("Shared", |s| s.shared),
                ("Moved", |s| s.moved),
                ("Variant", |s| s.variant),
                ("Only here", |s| s.unique),
                ("Boilerplate", |s| s.boilerplate),
            ];
            for (name, get) in rows {
                ui.label(name);
                ui.label(get(a).to_string());
                ui.label(get(b).to_string());
                ui.end_row();
            }
        });
}

fn passages_ui(
    ui: &mut egui::Ui,
    words: &mut WordCache,
    analyzed: &Analyzed,
    which: Which,
    passages: &[Passage],
    commands: &mut Vec<Command>,
) {
    let title = format!("Only in {} ({})", which.label(), passages.len());
    egui::CollapsingHeader::new(title)
        .id_salt(("only", which.label()))
        .default_open(true)
        .show(ui, |ui| {
            let side = analyzed.comparison.side(which);
            for p in passages.iter().take(MAX_ENTRIES) {
                let label = format!("Only in {}, {}", which.label(), words_label(p.words));
                if entry_ui(ui, words, &label, &p.text, &bridged_ranges(side, p)) {
                    let other = counterpart(&analyzed.comparison, which, p.first_segment);
                    let (a, b) = match which {
                        Which::A => (p.first_segment, other),
                        Which::B => (other, p.first_segment),
                    };
                    commands.push(Command::Reveal {
                        a: Some(a),
                        b: Some(b),
                    });
                }
            }
            more_ui(ui, passages.len());
        });
}

fn more_ui(ui: &mut egui::Ui, total: usize) {
    if total == 0 {
        ui.weak("None");
    } else if total > MAX_ENTRIES {
        ui.weak(format!("{} more not shown", total - MAX_ENTRIES));
    }
}

/// Byte ranges, relative to the passage's text, of the shared or variant words the passage
/// bridges over (an "only in" passage may hold up to two of them): shown dimmed, so the words
/// only this side has stand out.
fn bridged_ranges(side: &Side, p: &Passage) -> Vec<Range<usize>> {
    side.segments
        .get(p.first_segment..=p.last_segment)
        .unwrap_or(&[])
        .iter()
        .filter(|s| matches!(s.kind, SegmentKind::Shared | SegmentKind::Variant))
        .filter_map(|s| {
            let (start, end) = (s.start.max(p.start), s.end.min(p.end));
            (start < end).then(|| start - p.start..end - p.start)
        })
        .collect()
}

/// Shortens `text` to its first words, keeping its own spacing so byte offsets into it stay
/// valid for what is kept.
fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    let mut words = text.split_whitespace();
    let Some(last) = words.by_ref().take(MAX_ENTRY_WORDS).last() else {
        return text.into();
    };
    if words.next().is_none() {
        return text.into();
    }
    // `last` is a slice of `text`: where it ends is where the excerpt ends.
    let end = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
    format!("{} …", text.get(..end).unwrap_or(text)).into()
}

/// One clickable entry: a small heading and the passage text (the `dim` byte ranges of it
/// weaker); true when clicked. Its accessible name is the heading and the whole text.
fn entry_ui(
    ui: &mut egui::Ui,
    words: &mut WordCache,
    heading: &str,
    text: &str,
    dim: &[Range<usize>],
) -> bool {
    let response = ui
        .scope_builder(UiBuilder::new().sense(Sense::click()), |ui| {
            ui.weak(heading);
            let (color, weak) = (ui.visuals().text_color(), ui.visuals().weak_text_color());
            let color_of = |word: Range<usize>| {
                if dim
                    .iter()
                    .any(|d| d.start <= word.start && word.end <= d.end)
                {
                    weak
                } else {
                    color
                }
            };
            bidi_text_colored_ui(
                ui,
                words,
                &excerpt(text),
                ENTRY_FONT_SIZE,
                color_of,
                Sense::hover(),
            );
        })
        .response;
    let name = format!("{heading}: {text}");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    if response.hovered() {
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            3.0,
            ui.visuals().widgets.hovered.fg_stroke,
            egui::StrokeKind::Outside,
        );
    }
    ui.add_space(4.0);
    response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .clicked()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::seed_documents;
    use crate::model::MatchOptions;

    /// Issue 9, defect 9: "Only in" entries showed the shared words they bridge over like the
    /// unique ones. Each bridged stretch is named, and is shared or variant text.
    #[test]
    fn bridged_shared_words_of_an_only_in_passage_are_dimmed() {
        let (a, b) = seed_documents();
        let c = engine::compare(&a, &b, &MatchOptions::default());
        let summary = crate::summary::summarize(&c);
        let mut bridged = 0;
        for (side, passages) in [(&c.a, &summary.only_a), (&c.b, &summary.only_b)] {
            for p in passages {
                for r in bridged_ranges(side, p) {
                    let abs = p.start + r.start..p.start + r.end;
                    let seg = side
                        .segments
                        .iter()
                        .find(|s| s.start <= abs.start && abs.end <= s.end)
                        .expect("inside one segment");
                    assert!(matches!(
                        seg.kind,
                        SegmentKind::Shared | SegmentKind::Variant
                    ));
                    assert!(p.text.get(r).is_some_and(|t| !t.trim().is_empty()));
                    bridged += 1;
                }
            }
        }
        assert!(bridged > 0, "the seeds' passages bridge shared words");
    }

    #[test]
    fn excerpts_keep_the_text_they_show_in_place() {
        let text = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join("  ");
        let short = excerpt(&text);
        assert!(short.ends_with(" …"));
        let kept = short.trim_end_matches(" …");
        assert!(
            text.starts_with(kept),
            "offsets into the kept part stay valid"
        );
        assert_eq!(kept.split_whitespace().count(), MAX_ENTRY_WORDS);
        assert_eq!(excerpt("short text"), "short text");
    }
}
