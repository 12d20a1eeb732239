//! Articles from the clipboard and from URLs in the window: Edit → Paste as A / B / new
//! article (the text becomes an article named "Pasted HH:MM"; a pasted URL is fetched), and the
//! strip that shows a fetch in progress with its Cancel button. Loading itself is the loader's
//! ([`crate::load`]) on the load workers.

use crate::model::Which;

use super::command::Command;

/// Where a paste goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasteTarget {
    /// Replace side A or B.
    Side(Which),
    /// A new article of the story.
    Article,
}

/// The text of a paste event this frame (the integration answers
/// `ViewportCommand::RequestPaste` with one), consumed.
pub fn take_paste(ctx: &egui::Context) -> Option<String> {
    ctx.input_mut(|input| {
        let at = input
            .events
            .iter()
            .position(|e| matches!(e, egui::Event::Paste(_)))?;
        match input.events.remove(at) {
            egui::Event::Paste(text) => Some(text),
            _ => None,
        }
    })
}

/// "Pasted HH:MM" for a paste now (UTC, like the reports' dates).
pub fn pasted_label_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::load::pasted_label(secs)
}

/// The fetch strip: a spinner, the URL being fetched for each side, and Cancel.
pub fn fetching_ui(ui: &mut egui::Ui, fetching: &[Option<String>; 2]) -> Vec<Command> {
    let mut commands = Vec::new();
    for (which, url) in [Which::A, Which::B].into_iter().zip(fetching) {
        let Some(url) = url else { continue };
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(super::text::visible_label(&format!(
                "Fetching {} for {}…",
                url,
                which.label()
            )));
            if ui
                .button(Command::CancelFetch(which).label())
                .on_hover_text(Command::CancelFetch(which).tooltip())
                .clicked()
            {
                commands.push(Command::CancelFetch(which));
            }
        });
    }
    commands
}
