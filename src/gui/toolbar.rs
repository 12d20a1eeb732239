//! The toolbar under the menu: previous/next difference, the difference counter, linked
//! scrolling, swap, and the progress of a running comparison with its Cancel button.

use super::command::Command;

/// What the toolbar shows.
pub struct ToolbarState {
    /// Index of the current difference.
    pub current: Option<usize>,
    /// Number of differences.
    pub total: usize,
    /// Linked scrolling on.
    pub linked: bool,
    /// Progress of a running comparison (0..=1), if one runs.
    pub progress: Option<f32>,
    /// A load is running.
    pub loading: bool,
    /// A comparison is shown.
    pub has_comparison: bool,
    /// The pair view shows two articles of a story: offer the way back.
    pub back_to_story: bool,
}

/// The toolbar; returns the chosen commands.
pub fn toolbar_ui(ui: &mut egui::Ui, state: &ToolbarState) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        if state.back_to_story {
            let cmd = Command::BackToStory;
            if ui
                .button(cmd.label())
                .on_hover_text(cmd.tooltip())
                .clicked()
            {
                commands.push(cmd);
            }
            ui.separator();
        }
        ui.add_enabled_ui(state.total > 0, |ui| {
            for cmd in [Command::PreviousDifference, Command::NextDifference] {
                let hover = format!("{} ({})", cmd.tooltip(), cmd.shortcut_text(ui.ctx()));
                if ui.button(cmd.label()).on_hover_text(hover).clicked() {
                    commands.push(cmd);
                }
            }
        });
        let counter = match (state.current, state.total) {
            (_, 0) if state.has_comparison => "No differences".to_owned(),
            (_, 0) => String::new(),
            (Some(i), n) => format!("Difference {} of {n}", i + 1),
            (None, n) => format!("{n} differences"),
        };
        ui.label(counter);
        ui.separator();
        let mut linked = state.linked;
        if ui
            .checkbox(&mut linked, Command::ToggleLinkedScrolling.label())
            .on_hover_text(Command::ToggleLinkedScrolling.tooltip())
            .changed()
        {
            commands.push(Command::ToggleLinkedScrolling);
        }
        if ui
            .add_enabled(
                state.has_comparison,
                egui::Button::new(Command::SwapSides.label()),
            )
            .on_hover_text(Command::SwapSides.tooltip())
            .clicked()
        {
            commands.push(Command::SwapSides);
        }
        if let Some(progress) = state.progress {
            ui.separator();
            ui.add(
                egui::ProgressBar::new(progress)
                    .desired_width(160.0)
                    .show_percentage()
                    .text(format!("Comparing {:.0}%", progress * 100.0)),
            );
            if ui
                .button(Command::CancelComparison.label())
                .on_hover_text(Command::CancelComparison.tooltip())
                .clicked()
            {
                commands.push(Command::CancelComparison);
            }
        } else if state.loading {
            ui.separator();
            ui.spinner();
            ui.label("Loading…");
        }
    });
    commands
}
