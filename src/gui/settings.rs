//! What the window remembers between runs: settings and recent paths, never document text.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::MatchOptions;

/// Default document text size, in points.
pub const DEFAULT_FONT_SIZE: f32 = 18.0;
/// Smallest document text size, in points.
pub const MIN_FONT_SIZE: f32 = 10.0;
/// Largest document text size, in points.
pub const MAX_FONT_SIZE: f32 = 40.0;
/// How many recent files are kept.
pub const MAX_RECENT_FILES: usize = 10;

/// Light or dark colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl ThemeChoice {
    /// The egui theme.
    pub fn theme(self) -> egui::Theme {
        match self {
            Self::Light => egui::Theme::Light,
            Self::Dark => egui::Theme::Dark,
        }
    }
}

/// Persisted settings (eframe storage). Every field has a default so older or partial saved
/// states still load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The engine's matching switches.
    pub match_options: MatchOptions,
    /// Document text size, in points.
    pub font_size: f32,
    /// Light or dark.
    pub theme: ThemeChoice,
    /// Scroll the two panes together, by alignment.
    pub linked_scrolling: bool,
    /// Show the summary side panel.
    pub show_summary: bool,
    /// Recently opened files, most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Files larger than this many megabytes are refused (with a banner naming this option).
    pub max_file_mb: u32,
    /// The folder of the last article opened: where the open and export dialogs start.
    pub last_folder: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            match_options: MatchOptions::default(),
            font_size: DEFAULT_FONT_SIZE,
            theme: ThemeChoice::default(),
            linked_scrolling: true,
            show_summary: true,
            recent_files: Vec::new(),
            max_file_mb: DEFAULT_MAX_FILE_MB,
            last_folder: None,
        }
    }
}

/// The window's default size limit, the same as the command line's.
pub const DEFAULT_MAX_FILE_MB: u32 = (crate::load::DEFAULT_MAX_BYTES / 1_000_000) as u32;

/// The largest limit the option allows: beyond this, a text is not an article.
pub const MAX_FILE_MB_LIMIT: u32 = 2_000;

/// What the "file too large" banner tells a user to do.
pub const WINDOW_LIMIT_HINT: &str = "raise it in Options, Largest file to open";

impl Settings {
    /// How to load files under these settings.
    pub fn load_options(&self) -> crate::load::LoadOptions {
        crate::load::LoadOptions {
            max_bytes: u64::from(self.max_file_mb.clamp(1, MAX_FILE_MB_LIMIT)) * 1_000_000,
            limit_hint: WINDOW_LIMIT_HINT,
            hash: true,
        }
    }

    /// Remembers `path` as the most recent file, and its folder as the one dialogs start in.
    pub fn add_recent(&mut self, path: PathBuf) {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        if let Some(folder) = path.parent().filter(|f| f.is_absolute()) {
            self.last_folder = Some(folder.to_path_buf());
        }
        self.recent_files.retain(|p| *p != path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    /// Clamps values a hand-edited or old storage may have out of range.
    pub fn sanitize(&mut self) {
        if !self.font_size.is_finite() {
            self.font_size = DEFAULT_FONT_SIZE;
        }
        self.font_size = self.font_size.clamp(MIN_FONT_SIZE, MAX_FONT_SIZE);
        self.match_options.min_move_words = self.match_options.min_move_words.clamp(1, 100);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }
}
