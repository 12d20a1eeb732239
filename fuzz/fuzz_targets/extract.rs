//! Article extraction: arbitrary bytes read as a web page, an MHTML page and a Word document
//! (`load::from_bytes` with a `.html`, `.mhtml` and `.docx` name) never panic; what is accepted
//! has article text, what is refused gets one line naming the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tabayun::load::{LoadOptions, from_bytes};

fuzz_target!(|data: &[u8]| {
    for label in ["fuzz.html", "fuzz.mhtml", "fuzz.docx"] {
        match from_bytes(label, data, &LoadOptions::default()) {
            Ok(doc) => {
                assert!(doc.text.chars().any(|c| !c.is_whitespace()), "{label}: blank text");
                assert!(!doc.text.contains('\r'), "{label}: line endings normalised");
                assert_eq!(doc.bytes, data.len() as u64);
                assert_eq!(doc.path, label);
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(!msg.contains('\n'), "one line: {msg:?}");
                assert!(msg.ends_with(label), "names the input: {msg:?}");
            }
        }
    }
});
