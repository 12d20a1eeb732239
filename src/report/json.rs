//! The JSON contract (version 1): the serde form of [`Comparison`].

use std::io::Write as _;

use crate::model::Comparison;

/// Articles shorter than this (in bytes, both together) are written on one thread: below it a
/// second thread costs about what it saves.
const PARALLEL_BYTES: usize = 256 * 1024;

/// Writes `c` as compact JSON followed by a newline: exactly `serde_json::to_writer(c)`.
///
/// The two sides (each article's text and segments: nearly all of the output) are serialised
/// on two threads and spliced into the object in field order; `tests` holds the result to
/// serde's own for the whole comparison.
pub fn write(c: &Comparison, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    // serde_json writes a token at a time; into a buffer of a known type those writes are
    // inlined copies, where through `dyn Write` each was a call.
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    if c.a.text.len() + c.b.text.len() < PARALLEL_BYTES {
        serde_json::to_writer(&mut w, c)?;
    } else {
        let (a, b) = std::thread::scope(|scope| {
            let b = std::thread::Builder::new()
                .name("tabayun-json-b".to_owned())
                .spawn_scoped(scope, || serde_json::to_vec(&c.b));
            let a = serde_json::to_vec(&c.a);
            let b = match b {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => serde_json::to_vec(&c.b),
            };
            (a, b)
        });
        let (a, b) = (a?, b?);
        // The fields of `Comparison`, in its declaration order (serde's).
        write!(w, "{{\"version\":{},\"a\":", c.version)?;
        w.write_all(&a)?;
        drop(a);
        w.write_all(b",\"b\":")?;
        w.write_all(&b)?;
        drop(b);
        w.write_all(b",\"stats\":")?;
        serde_json::to_writer(&mut w, &c.stats)?;
        w.write_all(b",\"options\":")?;
        serde_json::to_writer(&mut w, &c.options)?;
        w.write_all(b",\"fallbacks\":")?;
        serde_json::to_writer(&mut w, &c.fallbacks)?;
        write!(w, ",\"identical\":{}}}", c.identical)?;
    }
    w.write_all(b"\n")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::load::from_utf8_text;
    use crate::model::MatchOptions;

    /// Both ways of writing give serde's bytes, on a pair long enough to take the two threads.
    #[test]
    fn spliced_sides_are_serdes_json() {
        let words: Vec<String> = (0..40_000)
            .map(|i| format!("كلمة{} \"q\"\n", i % 997))
            .collect();
        let text_a = words.concat();
        let text_b: String = words.iter().rev().cloned().collect();
        let mut c = engine::compare(
            &from_utf8_text("a.txt", &text_a),
            &from_utf8_text("b.txt", &text_b),
            &MatchOptions::default(),
        );
        c.fallbacks.push("a \"quoted\" fallback".to_owned());
        assert!(c.a.text.len() + c.b.text.len() >= PARALLEL_BYTES);
        let mut spliced = Vec::new();
        write(&c, &mut spliced).expect("writes");
        let mut expected = serde_json::to_vec(&c).expect("serialises");
        expected.push(b'\n');
        assert_eq!(spliced, expected);

        let small = engine::compare(
            &from_utf8_text("a.txt", "واحد اثنان"),
            &from_utf8_text("b.txt", "واحد ثلاثة"),
            &MatchOptions::default(),
        );
        let mut out = Vec::new();
        write(&small, &mut out).expect("writes");
        let mut expected = serde_json::to_vec(&small).expect("serialises");
        expected.push(b'\n');
        assert_eq!(out, expected);
    }
}
