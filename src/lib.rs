//! tabayun (تباين, "divergence"): compare two news articles word by word.
//!
//! Data flows one way: [`load`] turns a file into a [`load::Document`]; [`engine`] compares two
//! documents into a [`model::Comparison`]; [`summary`] derives the passage lists; [`report`]
//! writes it as text, JSON, HTML or Markdown; [`gui`] draws it. Everything except `gui` is free
//! of GUI types so the CLI and tests use it without a window. [`controls`] is the one table of
//! invisible and control characters and their visible markers, used by every display;
//! [`palette`] the marks' colours, shared by the window and the HTML report. [`story`] compares
//! several articles about one event (every pair) and derives who carries what.

// No `unwrap` in the program: errors are handled once, with a message (style.md).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

pub mod bidi_layout;
pub mod controls;
pub mod engine;
pub mod gui;
pub mod load;
pub mod model;
pub mod palette;
pub mod parallel;
pub mod report;
pub mod story;
pub mod summary;
pub mod trace;
