//! The path field: type or paste the path of an article and open it as A or B. It is the way on
//! when no file dialog can open (no desktop portal and no `zenity`), and handy on any desktop.
//! Tab completes the name under the cursor; the folder's matching entries are listed below.

use std::path::{Path, PathBuf};

use crate::model::Which;

use super::command::Command;

/// Entries of a folder read for completion at the most (a huge folder stays quick).
const MAX_READ_ENTRIES: usize = 5_000;
/// Completions listed under the field.
const MAX_LISTED: usize = 8;

/// What the path field is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathTarget {
    /// Open the article as this side (Enter); both sides have a button.
    Open(Which),
    /// Open as A unless said otherwise.
    #[default]
    OpenA,
    /// Export the report to the path.
    Export,
    /// A URL to fetch: Enter opens it as A; buttons for A, B and the story.
    Url,
}

/// The field's state (not persisted).
#[derive(Debug, Default)]
pub struct PathBar {
    /// Shown.
    pub open: bool,
    /// What is typed.
    pub text: String,
    /// What Enter does: open the path as a side, or export the report to it.
    pub target: PathTarget,
    /// Give the field the keyboard focus on the next frame.
    pub focus: bool,
    /// Completions of `completed_for`.
    completions: Vec<String>,
    completed_for: Option<String>,
}

impl PathBar {
    /// Shows the field for `target`, starting in `dir` when nothing is typed.
    pub fn show_for(&mut self, target: Which, dir: Option<&Path>) {
        self.open = true;
        self.focus = true;
        self.target = PathTarget::Open(target);
        if self.text.is_empty()
            && let Some(dir) = dir
        {
            self.text = with_separator(dir);
        }
    }

    /// Shows the field for a URL (what was typed for a path is cleared).
    pub fn show_url(&mut self) {
        self.open = true;
        self.focus = true;
        if self.target != PathTarget::Url {
            self.text.clear();
        }
        self.target = PathTarget::Url;
    }

    /// Shows the field to export the report to a path, proposing `suggestion`.
    pub fn show_export(&mut self, suggestion: PathBuf) {
        self.open = true;
        self.focus = true;
        self.target = PathTarget::Export;
        self.text = suggestion.display().to_string();
    }

    /// Entries of the typed folder that start with the typed name: folders end with `/`.
    pub fn completions(&mut self) -> &[String] {
        if self.completed_for.as_deref() != Some(self.text.as_str()) {
            self.completions = complete(&self.text);
            self.completed_for = Some(self.text.clone());
        }
        &self.completions
    }

    /// Extends the text to the longest prefix the completions share (Tab).
    pub fn complete_common_prefix(&mut self) {
        let list = self.completions().to_vec();
        let Some(first) = list.first() else {
            return;
        };
        let mut common = first.clone();
        for c in &list {
            while !c.starts_with(common.as_str()) {
                common.pop();
            }
        }
        if common.chars().count() > self.text.chars().count() {
            self.text = common;
        }
    }
}

/// `dir` as text ending with a separator, so completion lists its entries.
fn with_separator(dir: &Path) -> String {
    let mut s = dir.display().to_string();
    if !s.ends_with(std::path::MAIN_SEPARATOR) {
        s.push(std::path::MAIN_SEPARATOR);
    }
    s
}

/// The paths that complete `typed`: entries of its folder whose names start with its last part,
/// sorted, folders with a trailing separator. A `~` at the start stands for the home folder.
pub fn complete(typed: &str) -> Vec<String> {
    let expanded = expand_home(typed);
    let (dir, prefix) = match expanded.rfind(std::path::MAIN_SEPARATOR) {
        Some(i) => (expanded[..=i].to_owned(), expanded[i + 1..].to_owned()),
        None => (String::new(), expanded.clone()),
    };
    let read_from = if dir.is_empty() { "." } else { dir.as_str() };
    let Ok(entries) = std::fs::read_dir(read_from) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .take(MAX_READ_ENTRIES)
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if !name.starts_with(prefix.as_str())
                || (name.starts_with('.') && !prefix.starts_with('.'))
            {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir())
                || (e.file_type().is_ok_and(|t| t.is_symlink()) && e.path().is_dir());
            let mut path = format!("{dir}{name}");
            if is_dir {
                path.push(std::path::MAIN_SEPARATOR);
            }
            Some(path)
        })
        .collect();
    out.sort();
    out
}

fn expand_home(typed: &str) -> String {
    match (typed.strip_prefix('~'), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", PathBuf::from(home).display())
        }
        _ => typed.to_owned(),
    }
}

/// The field, its buttons and the completions; returns the commands.
pub fn path_bar_ui(ui: &mut egui::Ui, bar: &mut PathBar) -> Vec<Command> {
    let mut commands = Vec::new();
    let field_id = egui::Id::unique("tabayun-path-field");
    let focused = ui.memory(|m| m.has_focus(field_id));
    if focused && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab)) {
        bar.complete_common_prefix();
        move_cursor_to_end(ui.ctx(), field_id, &bar.text);
    }
    let mut chosen = None;
    let export = bar.target == PathTarget::Export;
    let url = bar.target == PathTarget::Url;
    ui.horizontal(|ui| {
        ui.label(if export {
            "Export to"
        } else if url {
            "URL"
        } else {
            "Path"
        });
        let edit = egui::TextEdit::singleline(&mut bar.text)
            .id(field_id)
            .hint_text(if url {
                "Paste the address of a web page (http:// or https://)"
            } else {
                "Type or paste the path of an article (Tab completes)"
            })
            .desired_width((ui.available_width() - 260.0).max(120.0));
        let response = ui.add(edit);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Path of an article")
        });
        if std::mem::take(&mut bar.focus) {
            response.request_focus();
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            chosen = Some(match bar.target {
                PathTarget::Open(which) => PathTarget::Open(which),
                PathTarget::OpenA | PathTarget::Url => PathTarget::Open(Which::A),
                PathTarget::Export => PathTarget::Export,
            });
        }
        if export {
            if ui.button("Export").clicked() {
                chosen = Some(PathTarget::Export);
            }
        } else {
            for which in [Which::A, Which::B] {
                if ui.button(format!("Open as {}", which.label())).clicked() {
                    chosen = Some(PathTarget::Open(which));
                }
            }
            // `Url` as a choice: into the story.
            if url && ui.button("Add to the story").clicked() {
                chosen = Some(PathTarget::Url);
            }
        }
        if ui.button("Close").clicked() {
            bar.open = false;
        }
    });
    let listed: Vec<String> = if url {
        Vec::new()
    } else {
        bar.completions().iter().take(MAX_LISTED).cloned().collect()
    };
    let total = if url { 0 } else { bar.completions().len() };
    // Nothing to list, or only what is typed already.
    let only_the_typed = listed.len() == 1 && listed.first() == Some(&bar.text);
    if !listed.is_empty() && !only_the_typed {
        ui.horizontal_wrapped(|ui| {
            for path in &listed {
                let name = Path::new(path.trim_end_matches(std::path::MAIN_SEPARATOR))
                    .file_name()
                    .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
                let shown = if path.ends_with(std::path::MAIN_SEPARATOR) {
                    format!("{name}/")
                } else {
                    name
                };
                if ui.small_button(shown).on_hover_text(path).clicked() {
                    bar.text = path.clone();
                    bar.focus = true;
                    move_cursor_to_end(ui.ctx(), field_id, &bar.text);
                }
            }
            if total > listed.len() {
                ui.weak(format!("{} more", total - listed.len()));
            }
        });
    }
    let path = if url {
        PathBuf::from(bar.text.trim())
    } else {
        PathBuf::from(expand_home(bar.text.trim()))
    };
    match chosen {
        _ if bar.text.trim().is_empty() => {}
        Some(PathTarget::Open(which)) => {
            commands.push(Command::OpenPath { which, path });
            bar.open = false;
        }
        Some(PathTarget::Export) => {
            commands.push(Command::ExportTo(path));
            bar.open = false;
        }
        Some(PathTarget::Url) => {
            commands.push(Command::AddArticlePaths(vec![path]));
            bar.open = false;
        }
        Some(PathTarget::OpenA) | None => {}
    }
    commands
}

fn move_cursor_to_end(ctx: &egui::Context, id: egui::Id, text: &str) {
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        let end = egui::text::CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ctx, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_folders_with_a_separator_and_files_by_prefix() {
        let dir = std::env::temp_dir().join(format!("tabayun-path-bar-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        std::fs::write(dir.join("article-a.txt"), "x").unwrap();
        std::fs::write(dir.join("other.txt"), "x").unwrap();
        let base = with_separator(&dir);
        let found = complete(&format!("{base}art"));
        assert_eq!(
            found,
            [
                format!("{base}article-a.txt"),
                format!("{base}articles{}", std::path::MAIN_SEPARATOR)
            ]
        );
        let mut bar = PathBar {
            text: format!("{base}art"),
            ..Default::default()
        };
        bar.complete_common_prefix();
        assert_eq!(bar.text, format!("{base}article"));
        assert!(complete(&format!("{base}zzz")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
