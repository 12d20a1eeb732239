//! The JSON contract (version 1): the serde form of [`Comparison`].

use crate::model::Comparison;

/// Writes `c` as pretty JSON followed by a newline.
pub fn write(c: &Comparison, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, c)?;
    w.write_all(b"\n")
}
