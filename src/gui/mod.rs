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
mod fonts;
mod gutter;
mod inputs;
pub mod jobs;
mod legend;
mod marks;
mod menu;
mod options_panel;
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

/// Opens the window on what `launch` names: the seeds, a pair, a story of files, or a story
/// file.
pub fn run_launch(launch: Launch) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("tabayun")
            .with_app_id("tabayun")
            .with_inner_size([1280.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "tabayun",
        options,
        Box::new(move |cc| Ok(Box::new(TabayunApp::launch(cc, launch)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
