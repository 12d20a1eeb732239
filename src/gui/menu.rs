//! The menu bar: File (open, open URL, recent, swap, export, quit), Edit (paste) and View.

use crate::model::Which;

use super::command::Command;
use super::settings::{Settings, ThemeChoice};

/// The menu bar; returns the chosen commands.
pub fn menu_bar_ui(ui: &mut egui::Ui, settings: &Settings, has_comparison: bool) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            file_menu_ui(ui, settings, has_comparison, &mut commands)
        });
        ui.menu_button("Edit", |ui| {
            for cmd in [Command::PasteA, Command::PasteB, Command::PasteArticle] {
                if cmd.button_ui(ui) {
                    commands.push(cmd);
                }
            }
        });
        ui.menu_button("View", |ui| view_menu_ui(ui, settings, &mut commands));
    });
    commands
}

fn file_menu_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    has_comparison: bool,
    commands: &mut Vec<Command>,
) {
    for cmd in [
        Command::OpenA,
        Command::OpenB,
        Command::ShowPathField(Which::A),
        Command::OpenUrl,
        Command::AddArticles,
        Command::OpenStory,
    ] {
        if cmd.button_ui(ui) {
            commands.push(cmd);
        }
    }
    if ui
        .add_enabled_ui(has_comparison, |ui| Command::SaveStory.button_ui(ui))
        .inner
    {
        commands.push(Command::SaveStory);
    }
    ui.menu_button("Open recent", |ui| {
        if settings.recent_files.is_empty() {
            ui.weak("No recent files");
        }
        for path in &settings.recent_files {
            let name = recent_entry_name(path);
            let is_story = crate::story::file::is_story_path(path);
            ui.menu_button(name, |ui| {
                if is_story {
                    if ui
                        .button(Command::OpenStoryPath(path.clone()).label())
                        .clicked()
                    {
                        commands.push(Command::OpenStoryPath(path.clone()));
                    }
                    return;
                }
                for which in [Which::A, Which::B] {
                    if ui.button(format!("Open as {}", which.label())).clicked() {
                        commands.push(Command::OpenPath {
                            which,
                            path: path.clone(),
                        });
                    }
                }
                if ui.button("Add to the story").clicked() {
                    commands.push(Command::AddArticlePaths(vec![path.clone()]));
                }
            })
            .response
            .on_hover_text(super::text::visible_label(&path.display().to_string()));
        }
        ui.separator();
        if ui
            .add_enabled(
                !settings.recent_files.is_empty(),
                egui::Button::new(Command::ClearRecentFiles.label()),
            )
            .clicked()
        {
            commands.push(Command::ClearRecentFiles);
        }
    });
    ui.separator();
    if ui
        .add_enabled_ui(has_comparison, |ui| Command::SwapSides.button_ui(ui))
        .inner
    {
        commands.push(Command::SwapSides);
    }
    if ui
        .add_enabled_ui(has_comparison, |ui| Command::ExportReport.button_ui(ui))
        .inner
    {
        commands.push(Command::ExportReport);
    }
    ui.separator();
    if Command::Quit.button_ui(ui) {
        commands.push(Command::Quit);
    }
}

fn view_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    for cmd in [
        Command::NextDifference,
        Command::PreviousDifference,
        Command::OpenFind,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
    ] {
        if cmd.button_ui(ui) {
            commands.push(cmd);
        }
    }
    ui.separator();
    let mut linked = settings.linked_scrolling;
    if ui
        .checkbox(&mut linked, Command::ToggleLinkedScrolling.label())
        .clicked()
    {
        commands.push(Command::ToggleLinkedScrolling);
    }
    let mut summary = settings.show_summary;
    if ui
        .checkbox(&mut summary, Command::ToggleSummary.label())
        .clicked()
    {
        commands.push(Command::ToggleSummary);
    }
    ui.separator();
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        let cmd = Command::SetTheme(theme);
        if ui.radio(settings.theme == theme, cmd.label()).clicked() {
            commands.push(cmd);
        }
    }
}

/// A recent file as the menu shows it: its name, then its folder's name ("report.txt — news"),
/// so two files of one name in different folders can be told apart; the full path is the
/// entry's tooltip.
fn recent_entry_name(path: &std::path::Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let shown = match path.parent().and_then(|p| p.file_name()) {
        Some(folder) => format!("{name} \u{2014} {}", folder.to_string_lossy()),
        None => name,
    };
    super::text::visible_label(&shown)
}
