//! Pixels of the find bar and the overview strips on the seeds: hits framed over the
//! comparison's marks in both panes, the current hit, the counts on the bar, and the strips
//! with every unique run, moved passage, variant and hit. Rendered with wgpu (software Vulkan);
//! without an adapter the test prints SKIPPED and passes, unless `TABAYUN_REQUIRE_RENDERER=1`.
//! `UPDATE_SNAPSHOTS=1` rewrites `tests/snapshots/seeds_find.png`.

mod common;

use common::gui::{renderer, seeds_rendered};
use tabayun::gui::Command;
use tabayun::model::Which;

#[test]
fn seeds_with_the_find_bar_and_the_overview_strips() {
    let Some(r) = renderer("seeds_with_the_find_bar_and_the_overview_strips") else {
        return;
    };
    let mut h = seeds_rendered(r, egui::Theme::Light);
    h.state_mut().queue(Command::Find("بوتين".to_owned()));
    h.run();
    // The second hit in reading order is the current one.
    for _ in 0..2 {
        h.state_mut().queue(Command::NextHit);
        h.run();
    }
    assert!(!h.state().find_hits(Which::A).is_empty());
    assert!(!h.state().find_hits(Which::B).is_empty());
    // The pointer rests on the menu bar: no passage hovered.
    h.hover_at(egui::pos2(600.0, 10.0));
    h.run();
    h.snapshot("seeds_find");
}
