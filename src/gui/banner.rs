//! Non-modal error banners: which file, and why. The comparison on screen stays.

use super::command::Command;

/// Newest banners shown at once.
const MAX_SHOWN: usize = 3;

/// One error to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// The message, naming the file and the reason.
    pub message: String,
    /// The side the problem is about (a failed load): the banner goes when that side loads.
    pub side: Option<crate::model::Which>,
}

/// The banners, newest last; returns the dismiss commands.
pub fn banners_ui(ui: &mut egui::Ui, banners: &[Banner]) -> Vec<Command> {
    let mut commands = Vec::new();
    let first = banners.len().saturating_sub(MAX_SHOWN);
    for (i, banner) in banners.iter().enumerate().skip(first) {
        let fill = ui.visuals().error_fg_color.gamma_multiply(0.15);
        egui::Frame::new()
            .fill(fill)
            .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
            .corner_radius(4.0)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.button(Command::DismissBanner(i).label()).clicked() {
                        commands.push(Command::DismissBanner(i));
                    }
                    ui.colored_label(ui.visuals().error_fg_color, &banner.message);
                });
            });
    }
    commands
}
