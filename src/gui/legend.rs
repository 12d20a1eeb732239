//! The legend of marks, in the status bar.

use super::marks::{self, Mark, Palette};

/// One row of legend entries; `find_open` adds the find hit's mark.
pub fn legend_ui(ui: &mut egui::Ui, palette: &Palette, find_open: bool) {
    ui.horizontal_wrapped(|ui| {
        for mark in Mark::ALL {
            marks::legend_entry_ui(ui, palette, mark);
            ui.add_space(8.0);
        }
        marks::legend_current_ui(ui, palette);
        ui.add_space(8.0);
        if find_open {
            marks::legend_find_ui(ui, palette);
            ui.add_space(8.0);
        }
        ui.weak(
            "Hover a passage to see its counterpart; click to bring it level; right-click to copy.",
        );
    });
}
