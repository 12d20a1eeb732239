//! The desktop window (eframe/egui). The only module that knows about the GUI.
//!
//! Layout follows egui's demo app and rerun: [`TabayunApp`] holds runtime state and the
//! persisted [`Settings`]; each panel is a function in its own module that returns
//! [`Command`]s, applied by the app after the frame's layout. Loading, comparing, dialogs and
//! exports run on named threads ([`jobs`]). Arabic text is laid out word by word with a bidi
//! pass of our own ([`text`]), since egui has none.

mod analysis;
mod app;
mod banner;
mod command;
mod doc_layout;
mod find_bar;
mod fonts;
mod gutter;
mod inputs;
pub mod jobs;
mod legend;
mod marks;
mod menu;
mod options_panel;
mod overview;
mod pane;
mod path_bar;
mod settings;
mod story_view;
mod summary_panel;
pub mod text;
mod toolbar;

use std::path::PathBuf;

pub use analysis::{Analyzed, Difference, MoveGroup, counterpart};
pub use app::{Launch, TabayunApp, View};
pub use command::Command;
pub use fonts::install_fonts;
pub use pane::PaneView;
pub use settings::{Settings, ThemeChoice};
pub use story_view::{StoryShown, heat};

/// Opens the window on two files, or on the bundled seeds when `paths` is `None`.
pub fn run(paths: Option<(PathBuf, PathBuf)>) -> anyhow::Result<()> {
    run_launch(match paths {
        Some((a, b)) => Launch::Pair(a, b),
        None => Launch::Seeds,
    })
}

/// The application id: the window's Wayland app id and X11 `WM_CLASS`, the name of the desktop
/// entry, the icon and the AppStream metadata (`assets/`). A desktop matches a window to its
/// entry by this id, so the task bar shows the entry's name and icon.
pub const APP_ID: &str = "io.github.tabayun.Tabayun";

/// The window's title, as the desktop entry's `Name`.
pub const APP_NAME: &str = "tabayun";

/// The window icon (the 256 px rendering of `assets/icons/io.github.tabayun.Tabayun.svg`).
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/io.github.tabayun.Tabayun-256.png");

/// The window icon, decoded.
pub fn icon() -> anyhow::Result<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG)
        .map_err(|e| anyhow::anyhow!("the bundled icon does not decode: {e}"))
}

/// Opens the window on what `launch` names: the seeds, a pair, a story of files, or a story
/// file.
pub fn run_launch(launch: Launch) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(APP_NAME)
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 900.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    viewport = viewport.with_icon(std::sync::Arc::new(icon()?));
    let options = eframe::NativeOptions {
        viewport,
        // eframe keys its settings folder on the app id; keep the folder the window used
        // before it had one, so an update keeps the theme, options and recent files.
        persistence_path: eframe::storage_dir(APP_NAME).map(|dir| dir.join("app.ron")),
        ..Default::default()
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| Ok(Box::new(TabayunApp::launch(cc, launch)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_icon_decodes_square() {
        let icon = icon().expect("icon");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
