//! Decoding: `load::from_bytes` on arbitrary bytes never panics, and what it accepts is clean
//! text; what it refuses gets a one-line message naming the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tabayun::load::{LoadOptions, from_bytes};

const LABEL: &str = "fuzz.txt";

fuzz_target!(|data: &[u8]| {
    match from_bytes(LABEL, data, &LoadOptions::default()) {
        // Bytes that are a page or a Word document by their content are read as one
        // (fuzz_targets/extract.rs); the rest holds for text.
        Ok(doc) if doc.format != tabayun::load::Format::Text => {
            assert!(!doc.text.contains('\r'), "line endings normalised");
            assert_eq!(doc.bytes, data.len() as u64);
        }
        Ok(doc) => {
            assert!(!doc.text.contains('\r'), "line endings normalised");
            assert!(!doc.text.is_empty());
            assert!(
                !doc.text.chars().all(char::is_whitespace),
                "blank text accepted"
            );
            assert_eq!(doc.bytes, data.len() as u64);
            assert_eq!(doc.sha256.len(), 64);
            assert_eq!(doc.path, LABEL);
            assert!(
                ["UTF-8", "UTF-16LE", "UTF-16BE", "windows-1256"].contains(&doc.encoding.as_str()),
                "encoding {}",
                doc.encoding
            );
            let fffd = doc.text.matches('\u{FFFD}').count();
            assert!(
                fffd >= doc.replaced,
                "{fffd} U+FFFD < {} replaced",
                doc.replaced
            );
            if doc.encoding == "UTF-8" && doc.replaced == 0 {
                // Valid UTF-8 is kept as is, apart from the BOM and line endings.
                let raw = std::str::from_utf8(data).expect("clean UTF-8 input");
                // (Leading BOMs are removed, more than one when there are several.)
                assert_eq!(
                    doc.text.replace(['\n', '\u{FEFF}'], ""),
                    raw.trim_end_matches('\0')
                        .replace(['\r', '\n', '\u{FEFF}'], ""),
                );
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "one line: {msg:?}");
            assert!(msg.ends_with(LABEL), "names the input: {msg:?}");
            assert_eq!(e.path(), LABEL);
        }
    }
    // The size limit is checked before anything else.
    if !data.is_empty() {
        let limit = LoadOptions::with_max_bytes(data.len() as u64 - 1);
        let err = from_bytes(LABEL, data, &limit).expect_err("over the limit");
        assert!(err.to_string().starts_with("file too large"), "{err}");
    }
});
