//! Every user action as one enum. Menus, buttons, keyboard shortcuts and tests share its labels
//! and shortcuts; panels return commands and the app applies them after layout.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{MatchOptions, Which};

use super::settings::ThemeChoice;

/// Something the user asked for. Panels return these; [`super::TabayunApp`] applies them after
/// the frame's layout, so no widget mutates shared state directly.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Command {
    /// Pick a file for side A with a dialog.
    OpenA,
    /// Pick a file for side B with a dialog.
    OpenB,
    /// Load `path` as side `which`.
    OpenPath {
        /// The side to replace.
        which: Which,
        /// The file to load.
        path: PathBuf,
    },
    /// Show the path field, to type or paste the path of an article for a side.
    ShowPathField(Which),
    /// Show the path field for a URL to fetch as A, as B or into the story.
    OpenUrl,
    /// Paste the clipboard as side A (text, or a URL to fetch).
    PasteA,
    /// Paste the clipboard as side B.
    PasteB,
    /// Paste the clipboard as a new article of the story.
    PasteArticle,
    /// Stop waiting for the page being fetched for a side; what is shown stays.
    CancelFetch(Which),
    /// Load two files as A and B.
    OpenPair(PathBuf, PathBuf),
    /// Pick articles to add to the story with a dialog (several at once).
    AddArticles,
    /// Add these files to the story.
    AddArticlePaths(Vec<PathBuf>),
    /// Take article `n` out of the story.
    RemoveArticle(usize),
    /// Read article `n` as the story's base.
    SetStoryBase(usize),
    /// Show the pair view of two articles of the story (`at`: a segment of article `a`'s story
    /// text to scroll to).
    OpenStoryPair {
        /// One article (its index in the story).
        a: usize,
        /// The other.
        b: usize,
        /// A story segment of `a` to show in both panes.
        at: Option<usize>,
    },
    /// From the pair view back to the story view.
    BackToStory,
    /// Pick a `.tabayun` story file with a dialog and open it.
    OpenStory,
    /// Open this story file.
    OpenStoryPath(PathBuf),
    /// Pick where to save the story with a dialog.
    SaveStory,
    /// Save the story (paths, base, options) to this file.
    SaveStoryTo(PathBuf),
    /// Exchange A and B.
    SwapSides,
    /// Pick a file name with a dialog and export the report there.
    ExportReport,
    /// Export the report to this path (format from its extension).
    ExportTo(PathBuf),
    /// Forget the list of recent files.
    ClearRecentFiles,
    /// Go to the next difference.
    NextDifference,
    /// Go to the previous difference.
    PreviousDifference,
    /// Go to difference number `n` (0-based).
    GoToDifference(usize),
    /// Scroll each pane to a segment (when given).
    Reveal {
        /// Segment of side A to show.
        a: Option<usize>,
        /// Segment of side B to show.
        b: Option<usize>,
    },
    /// The user clicked `segment` in pane `from`: bring its counterpart in the other pane level
    /// with it (`view_y`: the segment's distance from the top of its pane, in points).
    RevealCounterpart {
        /// The pane that was clicked.
        from: Which,
        /// The clicked segment.
        segment: usize,
        /// Where the clicked segment is in its pane.
        view_y: f32,
    },
    /// Replace the matching switches and compare again.
    SetMatchOptions(MatchOptions),
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Default text size.
    ZoomReset,
    /// Set the document text size, in points.
    SetFontSize(f32),
    /// Set the largest file the window opens, in megabytes.
    SetMaxFileMb(u32),
    /// Light or dark theme.
    SetTheme(ThemeChoice),
    /// Link or unlink the scrolling of the two panes.
    ToggleLinkedScrolling,
    /// Show or hide the summary side panel.
    ToggleSummary,
    /// Stop the running comparison.
    CancelComparison,
    /// Hide error banner number `n`.
    DismissBanner(usize),
    /// Put text on the clipboard.
    CopyText(String),
    /// Show the find bar and put the typing focus in it.
    OpenFind,
    /// Show the find bar searching for these words.
    Find(String),
    /// Hide the find bar and its highlights.
    CloseFind,
    /// Go to the next find hit (in reading order, both articles).
    NextHit,
    /// Go to the previous find hit.
    PreviousHit,
    /// Close the window.
    Quit,
}

const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;
const CMD: Modifiers = Modifiers::COMMAND;

impl Command {
    /// Commands that have keyboard shortcuts, more specific shortcuts first (Shift+F7 before
    /// F7, Ctrl+Shift+O before Ctrl+O: egui matches shortcuts that do not mention Shift also
    /// when Shift is held).
    pub const WITH_SHORTCUTS: [Command; 16] = [
        Command::PasteA,
        Command::PasteB,
        Command::PasteArticle,
        Command::PreviousHit,
        Command::NextHit,
        Command::OpenFind,
        Command::PreviousDifference,
        Command::NextDifference,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::OpenB,
        Command::OpenA,
        Command::ExportReport,
        Command::Quit,
        Command::ShowPathField(Which::A),
    ];

    /// The label used in menus, on buttons and in tests (sentence case; "…" when the command
    /// opens a dialog).
    pub fn label(&self) -> &'static str {
        match self {
            Self::OpenA => "Open A…",
            Self::OpenB => "Open B…",
            Self::OpenPath { .. } => "Open file",
            Self::OpenPair(..) => "Open pair",
            Self::ShowPathField(_) => "Open path…",
            Self::OpenUrl => "Open URL…",
            Self::PasteA => "Paste as A",
            Self::PasteB => "Paste as B",
            Self::PasteArticle => "Paste as new article",
            Self::CancelFetch(_) => "Cancel fetch",
            Self::AddArticles => "Add articles…",
            Self::AddArticlePaths(_) => "Add articles",
            Self::RemoveArticle(_) => "Remove",
            Self::SetStoryBase(_) => "Base",
            Self::OpenStoryPair { .. } => "Compare the pair",
            Self::BackToStory => "Back to story",
            Self::OpenStory => "Open story…",
            Self::OpenStoryPath(_) => "Open story",
            Self::SaveStory => "Save story…",
            Self::SaveStoryTo(_) => "Save story",
            Self::SwapSides => "Swap sides",
            Self::ExportReport => "Export report…",
            Self::ExportTo(_) => "Export report",
            Self::ClearRecentFiles => "Clear recent files",
            Self::NextDifference => "Next difference",
            Self::PreviousDifference => "Previous difference",
            Self::GoToDifference(_) => "Go to difference",
            Self::Reveal { .. } => "Show passage",
            Self::RevealCounterpart { .. } => "Show counterpart",
            Self::SetMatchOptions(_) => "Matching options",
            Self::ZoomIn => "Larger text",
            Self::ZoomOut => "Smaller text",
            Self::ZoomReset => "Default text size",
            Self::SetFontSize(_) => "Text size",
            Self::SetMaxFileMb(_) => "Largest file to open (MB)",
            Self::SetTheme(ThemeChoice::Light) => "Light theme",
            Self::SetTheme(ThemeChoice::Dark) => "Dark theme",
            Self::ToggleLinkedScrolling => "Link scrolling",
            Self::ToggleSummary => "Show summary",
            Self::CancelComparison => "Cancel",
            Self::DismissBanner(_) => "Dismiss",
            Self::CopyText(_) => "Copy",
            Self::OpenFind => "Find…",
            Self::Find(_) => "Find",
            Self::CloseFind => "Close find",
            Self::NextHit => "Next hit",
            Self::PreviousHit => "Previous hit",
            Self::Quit => "Quit",
        }
    }

    /// A longer explanation for tooltips.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Self::NextDifference => "Outline the next place where the articles differ",
            Self::PreviousDifference => "Outline the previous place where the articles differ",
            Self::SwapSides => "Show B on the left and A on the right",
            Self::ShowPathField(_) => "Type or paste the path of an article, with completion",
            Self::OpenUrl => "Fetch a web page and compare its article",
            Self::PasteA | Self::PasteB | Self::PasteArticle => {
                "Copied text becomes an article named \"Pasted HH:MM\"; a copied URL is fetched"
            }
            Self::CancelFetch(_) => "Stop waiting for the page; the previous comparison stays",
            Self::AddArticles => "Add articles of other outlets: three or more make a story",
            Self::BackToStory => "Show the whole story again: the matrix and the base article",
            Self::SaveStory => "Save the story's article paths, base and options (never the texts)",
            Self::ToggleLinkedScrolling => {
                "Keep the other pane on the corresponding passage while scrolling"
            }
            Self::ExportReport => "Save the comparison as HTML, PDF, Markdown, JSON or text",
            Self::CancelComparison => "Stop comparing; the previous result stays on screen",
            Self::OpenFind => "Find words in both articles, matched as the comparison matches them",
            _ => "",
        }
    }

    /// Keyboard shortcuts, the first one shown in menus.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        const NEXT: [KeyboardShortcut; 2] = [
            KeyboardShortcut::new(NONE, Key::F7),
            KeyboardShortcut::new(ALT, Key::ArrowDown),
        ];
        const PREV: [KeyboardShortcut; 2] = [
            KeyboardShortcut::new(SHIFT, Key::F7),
            KeyboardShortcut::new(ALT, Key::ArrowUp),
        ];
        const ZOOM_IN: [KeyboardShortcut; 2] = [
            KeyboardShortcut::new(CMD, Key::Plus),
            KeyboardShortcut::new(CMD, Key::Equals),
        ];
        const ZOOM_OUT: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::Minus)];
        const ZOOM_RESET: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::Num0)];
        const OPEN_A: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::O)];
        const OPEN_B: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD.plus(SHIFT), Key::O)];
        const EXPORT: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::E)];
        const QUIT: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::Q)];
        const PATH: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::L)];
        // Ctrl+Shift with a digit or N: never Ctrl+C / Ctrl+V, which the text fields keep.
        const PASTE_A: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD.plus(SHIFT), Key::Num1)];
        const PASTE_B: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD.plus(SHIFT), Key::Num2)];
        const PASTE_NEW: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD.plus(SHIFT), Key::N)];
        const FIND: [KeyboardShortcut; 1] = [KeyboardShortcut::new(CMD, Key::F)];
        const NEXT_HIT: [KeyboardShortcut; 1] = [KeyboardShortcut::new(NONE, Key::F3)];
        const PREV_HIT: [KeyboardShortcut; 1] = [KeyboardShortcut::new(SHIFT, Key::F3)];
        const CLOSE_FIND: [KeyboardShortcut; 1] = [KeyboardShortcut::new(NONE, Key::Escape)];
        match self {
            Self::NextDifference => &NEXT,
            Self::PreviousDifference => &PREV,
            Self::ZoomIn => &ZOOM_IN,
            Self::ZoomOut => &ZOOM_OUT,
            Self::ZoomReset => &ZOOM_RESET,
            Self::OpenB => &OPEN_B,
            Self::OpenA => &OPEN_A,
            Self::ExportReport => &EXPORT,
            Self::Quit => &QUIT,
            Self::ShowPathField(_) => &PATH,
            Self::PasteA => &PASTE_A,
            Self::PasteB => &PASTE_B,
            Self::PasteArticle => &PASTE_NEW,
            Self::OpenFind => &FIND,
            Self::NextHit => &NEXT_HIT,
            Self::PreviousHit => &PREV_HIT,
            Self::CloseFind => &CLOSE_FIND,
            _ => &[],
        }
    }

    /// Commands whose shortcut was pressed this frame, once per press (the key presses are
    /// consumed): ten quick F7 presses that land in one frame are ten steps.
    pub fn from_shortcuts(ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        ctx.input_mut(|input| {
            for cmd in Self::WITH_SHORTCUTS {
                let presses: usize = cmd
                    .shortcuts()
                    .iter()
                    .map(|sc| input.count_and_consume_key(sc.modifiers, sc.logical_key))
                    .sum();
                out.extend(std::iter::repeat_n(cmd, presses));
            }
        });
        out
    }

    /// The first shortcut as text for a menu ("F7", "Ctrl+O"), or empty.
    pub fn shortcut_text(&self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .first()
            .map(|sc| ctx.format_shortcut(sc))
            .unwrap_or_default()
    }

    /// A menu or toolbar button for this command; true when clicked.
    pub fn button_ui(&self, ui: &mut egui::Ui) -> bool {
        let mut button = egui::Button::new(self.label());
        let shortcut = self.shortcut_text(ui.ctx());
        if !shortcut.is_empty() {
            button = button.shortcut_text(shortcut);
        }
        let mut response = ui.add(button);
        if !self.tooltip().is_empty() {
            response = response.on_hover_text(self.tooltip());
        }
        response.clicked()
    }
}
