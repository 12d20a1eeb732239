//! The options: the engine's matching switches (a change compares again at once), text size and
//! theme.

use crate::model::MatchOptions;

use super::command::Command;
use super::settings::{MAX_FILE_MB_LIMIT, MAX_FONT_SIZE, MIN_FONT_SIZE, Settings, ThemeChoice};

/// Label, tooltip and field of each matching switch.
type Switch = (
    &'static str,
    &'static str,
    fn(&mut MatchOptions) -> &mut bool,
);

const SWITCHES: [Switch; 12] = [
    (
        "Ignore diacritics",
        "Harakat and tatweel do not count",
        |o| &mut o.diacritics,
    ),
    ("Unify alef forms", "أ إ آ ٱ match ا", |o| &mut o.alef),
    ("Unify alef maqsura", "ى matches ي", |o| {
        &mut o.alef_maqsura
    }),
    ("Unify ta marbuta", "ة matches ه", |o| &mut o.ta_marbuta),
    ("Unify hamza seats", "ؤ ئ match ء", |o| &mut o.hamza),
    ("Unify Persian letters", "ی ک گ match ي ك ك", |o| {
        &mut o.persian
    }),
    ("Unify digits", "Arabic-Indic digits match 0-9", |o| {
        &mut o.digits
    }),
    ("Ignore Latin case", "NATO matches nato", |o| {
        &mut o.case_fold
    }),
    (
        "Ignore punctuation",
        "Punctuation and quotes do not count",
        |o| &mut o.ignore_punctuation,
    ),
    (
        "Detect boilerplate",
        "Leave related-article lists and source lines out",
        |o| &mut o.boilerplate,
    ),
    (
        "Detect moved passages",
        "Shared text out of order is marked as moved",
        |o| &mut o.moves,
    ),
    (
        "Pair spelling variants",
        "Names spelled differently are paired",
        |o| &mut o.variants,
    ),
];

/// The options section; returns the commands for what changed.
pub fn options_ui(ui: &mut egui::Ui, settings: &Settings) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.strong("Matching");
    let mut options = settings.match_options.clone();
    for (label, tip, field) in SWITCHES {
        ui.checkbox(field(&mut options), label).on_hover_text(tip);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Minimum moved passage (words)");
        ui.add_enabled(
            options.moves,
            egui::DragValue::new(&mut options.min_move_words).range(1..=100),
        )
        .labelled_by(label.id);
    });
    if ui.button("Restore default matching").clicked() {
        options = MatchOptions::default();
    }
    if options != settings.match_options {
        commands.push(Command::SetMatchOptions(options));
    }

    ui.horizontal(|ui| {
        let label = ui.label(Command::SetMaxFileMb(0).label());
        let mut mb = settings.max_file_mb;
        ui.add(egui::DragValue::new(&mut mb).range(1..=MAX_FILE_MB_LIMIT))
            .labelled_by(label.id);
        if mb != settings.max_file_mb {
            commands.push(Command::SetMaxFileMb(mb));
        }
    });

    ui.separator();
    ui.strong("Display");
    let mut size = settings.font_size;
    ui.add(
        egui::Slider::new(&mut size, MIN_FONT_SIZE..=MAX_FONT_SIZE)
            .step_by(1.0)
            .text("Text size"),
    );
    if size != settings.font_size {
        commands.push(Command::SetFontSize(size));
    }
    ui.horizontal(|ui| {
        for (cmd, text) in [
            (Command::ZoomOut, "Smaller"),
            (Command::ZoomReset, "Default"),
            (Command::ZoomIn, "Larger"),
        ] {
            let hover = format!("{} ({})", cmd.label(), cmd.shortcut_text(ui.ctx()));
            if ui.button(text).on_hover_text(hover).clicked() {
                commands.push(cmd);
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Theme");
        for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
            let cmd = Command::SetTheme(theme);
            if ui.radio(settings.theme == theme, cmd.label()).clicked() {
                commands.push(cmd);
            }
        }
    });
    let mut linked = settings.linked_scrolling;
    if ui
        .checkbox(&mut linked, Command::ToggleLinkedScrolling.label())
        .on_hover_text(Command::ToggleLinkedScrolling.tooltip())
        .changed()
    {
        commands.push(Command::ToggleLinkedScrolling);
    }
    commands
}
