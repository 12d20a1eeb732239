//! The JSON contract (version 1): the serde form of [`Comparison`].

use std::io::Write as _;

use crate::model::Comparison;

/// Writes `c` as compact JSON followed by a newline.
///
/// Streamed: serialising each side on its own thread into a buffer and splicing them was
/// tried; the buffers were 3 MB of fresh memory on a 100k-word pair, and the second thread's
/// gain did not stand out of the noise (issue 15).
pub fn write(c: &Comparison, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    // serde_json writes a token at a time; into a buffer of a known type those writes are
    // inlined copies, where through `dyn Write` each was a call.
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(&mut w, c)?;
    w.write_all(b"\n")?;
    w.flush()
}
