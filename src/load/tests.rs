use super::file::io_error;
use super::*;
use encoding_rs::WINDOWS_1256;
use proptest::prelude::*;
use std::path::PathBuf;

const ARABIC: &str =
    "اتصل الرئيس الصيني شي جين بينغ بنظيره الروسي فلاديمير بوتين، وبحثا العلاقات الثنائية.";

fn opts() -> LoadOptions {
    LoadOptions::default()
}

/// A path in a fresh temporary folder, removed with the folder on drop.
struct TempPath {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl TempPath {
    fn new(name: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("tabayun-load-")
            .tempdir()
            .unwrap();
        let path = dir.path().join(name);
        Self { _dir: dir, path }
    }

    fn file(name: &str, bytes: &[u8]) -> Self {
        let t = Self::new(name);
        std::fs::write(&t.path, bytes).unwrap();
        t
    }

    fn label(&self) -> String {
        self.path.display().to_string()
    }
}

/// The message gives `reason` and ends with `path`, on one line without a final period.
fn assert_message(err: &LoadError, reason: &str, path: &str) {
    let msg = err.to_string();
    assert!(msg.contains(reason), "{msg:?} should contain {reason:?}");
    assert!(msg.ends_with(path), "{msg:?} should end with {path:?}");
    assert!(!msg.contains('\n'), "{msg:?} should be one line");
    assert_eq!(err.path(), path);
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for u in units {
        if big_endian {
            out.extend_from_slice(&u.to_be_bytes());
        } else {
            out.extend_from_slice(&u.to_le_bytes());
        }
    }
    out
}

// --- errors --------------------------------------------------------------------------

#[test]
fn missing_path() {
    let t = TempPath::new("missing.txt");
    let err = load_path(&t.path, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::NotFound { .. }), "{err:?}");
    assert_message(&err, "no such file: ", &t.label());
}

#[test]
fn path_under_a_file_is_not_found() {
    let t = TempPath::file("plain.txt", b"text");
    let p = t.path.join("child.txt");
    let err = load_path(&p, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::NotFound { .. }), "{err:?}");
}

#[test]
fn directory() {
    let t = TempPath::new("dir");
    std::fs::create_dir(&t.path).unwrap();
    let err = load_path(&t.path, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::IsDirectory { .. }), "{err:?}");
    assert_message(&err, "is a directory, not a file: ", &t.label());
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempPath::file("secret.txt", ARABIC.as_bytes());
    std::fs::set_permissions(&t.path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&t.path).is_ok() {
        eprintln!("note: skipping unreadable_file: running as root, mode 000 files are readable");
        return;
    }
    let err = load_path(&t.path, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::Unreadable { .. }), "{err:?}");
    assert_message(&err, "cannot read file (", &t.label());
    assert!(err.to_string().contains("ermission denied"), "{err}");
}

#[test]
fn unreadable_message() {
    // Runs everywhere (also as root): the mapping and message of a permission error.
    let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let text = e.to_string();
    let err = io_error("some/dir/file.txt", e);
    assert!(matches!(err, LoadError::Unreadable { .. }), "{err:?}");
    assert_message(
        &err,
        &format!("cannot read file ({text}): "),
        "some/dir/file.txt",
    );
    assert!(
        std::error::Error::source(&err).is_none(),
        "cause is in the message already"
    );
}

#[test]
fn too_large_from_metadata() {
    let t = TempPath::file("big.txt", &vec![b'a'; 2_000]);
    let limit = LoadOptions::with_max_bytes(1_000);
    let err = load_path(&t.path, &limit).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::TooLarge {
                size: Some(2_000),
                limit: 1_000,
                ..
            }
        ),
        "{err:?}"
    );
    assert_message(
        &err,
        "file too large (2.0 KB, limit 1.0 KB; raise it with --max-size): ",
        &t.label(),
    );
}

#[test]
fn too_large_message_in_megabytes() {
    let err = LoadError::TooLarge {
        path: "a.txt".into(),
        size: Some(123_400_000),
        limit: DEFAULT_MAX_BYTES,
        hint: CLI_LIMIT_HINT,
    };
    assert_eq!(
        err.to_string(),
        "file too large (123.4 MB, limit 50.0 MB; raise it with --max-size): a.txt"
    );
    let close = LoadError::TooLarge {
        path: "b.txt".into(),
        size: Some(DEFAULT_MAX_BYTES + 1),
        limit: DEFAULT_MAX_BYTES,
        hint: CLI_LIMIT_HINT,
    };
    assert_eq!(
        close.to_string(),
        "file too large (50000001 bytes, limit 50000000 bytes; raise it with --max-size): b.txt"
    );
    let unknown = LoadError::TooLarge {
        path: "c".into(),
        size: None,
        limit: DEFAULT_MAX_BYTES,
        hint: CLI_LIMIT_HINT,
    };
    assert!(unknown.to_string().contains("more than 50.0 MB"));
}

#[test]
fn too_large_in_memory_and_limit_is_inclusive() {
    let limit = LoadOptions::with_max_bytes(4);
    let err = from_bytes("mem", b"hello", &limit).unwrap_err();
    assert!(
        matches!(err, LoadError::TooLarge { size: Some(5), .. }),
        "{err:?}"
    );
    assert_message(&err, "file too large (", "mem");
    assert_eq!(from_bytes("mem", b"hell", &limit).unwrap().text, "hell");
}

#[cfg(unix)]
#[test]
fn special_file_read_is_bounded() {
    // /dev/zero has no length and never ends: the bounded read must stop at the limit.
    let p = Path::new("/dev/zero");
    if !p.exists() {
        return;
    }
    let err = load_path(p, &LoadOptions::with_max_bytes(4096)).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::TooLarge {
                size: None,
                limit: 4096,
                ..
            }
        ),
        "{err:?}"
    );
    assert_message(&err, "more than 4.1 KB", "/dev/zero");
}

#[test]
fn empty_file() {
    let t = TempPath::file("empty.txt", b"");
    let err = load_path(&t.path, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::Empty { .. }), "{err:?}");
    assert_message(&err, "file is empty: ", &t.label());
    let bom_only = from_bytes("bom", b"\xEF\xBB\xBF", &opts()).unwrap_err();
    assert!(matches!(bom_only, LoadError::Empty { .. }), "{bom_only:?}");
}

#[test]
fn whitespace_only_file() {
    let t = TempPath::file("blank.txt", " \r\n\t \n\u{00A0}\u{200F}\n".as_bytes());
    let err = load_path(&t.path, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::OnlyWhitespace { .. }), "{err:?}");
    assert_message(&err, "file has no text, only whitespace: ", &t.label());
    let utf16_blank = utf16("  \r\n ", false, true);
    let err = from_bytes("u16", &utf16_blank, &opts()).unwrap_err();
    assert!(matches!(err, LoadError::OnlyWhitespace { .. }), "{err:?}");
}

#[test]
fn binary_by_magic() {
    let cases: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", "a PNG image"),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\0\x01\0", "a GIF image"),
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a PDF document"),
        (
            b"PK\x03\x04\x14\0\x06\0[Content_Types].xml word/document.xml",
            "a Word document (DOCX)",
        ),
        (b"PK\x03\x04\x14\0\0\0notes.txt", "a ZIP archive"),
        (b"\x7FELF\x02\x01\x01\0", "an ELF executable"),
        (b"\x1F\x8B\x08\0\0\0\0\0", "a gzip archive"),
    ];
    for (bytes, kind) in cases {
        let t = TempPath::file("magic.bin", bytes);
        let err = load_path(&t.path, &opts()).unwrap_err();
        assert!(
            matches!(err, LoadError::Binary { kind: Some(k), .. } if k == *kind),
            "{kind}: {err:?}"
        );
        assert_message(
            &err,
            &format!("binary file, not text (looks like {kind}): "),
            &t.label(),
        );
    }
}

#[test]
fn binary_generic() {
    let mut bytes: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    bytes.splice(0..0, b"\x01\x02\x03garbage".iter().copied());
    let t = TempPath::file("blob.dat", &bytes);
    let err = load_path(&t.path, &opts()).unwrap_err();
    assert!(
        matches!(err, LoadError::Binary { kind: None, .. }),
        "{err:?}"
    );
    assert_message(&err, "binary file, not text: ", &t.label());

    // NUL bytes in otherwise ASCII text that is not UTF-16.
    let err = from_bytes("nul", b"hello\0\0\0\0world and more\0text here", &opts()).unwrap_err();
    assert!(
        matches!(err, LoadError::Binary { kind: None, .. }),
        "{err:?}"
    );
    // Many control characters without NULs.
    let err = from_bytes("ctl", b"a\x01b\x02c\x03d\x04e\x05f\x06", &opts()).unwrap_err();
    assert!(
        matches!(err, LoadError::Binary { kind: None, .. }),
        "{err:?}"
    );
    // Only NULs.
    let err = from_bytes("zeros", &[0u8; 64], &opts()).unwrap_err();
    assert!(
        matches!(err, LoadError::Binary { kind: None, .. }),
        "{err:?}"
    );
    // Windows executable.
    let err = from_bytes("exe", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0", &opts()).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::Binary {
                kind: Some("a Windows executable"),
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn trailing_nul_padding_is_not_binary() {
    let doc = from_bytes("pad", b"plain text\n\0\0", &opts()).unwrap();
    assert_eq!(doc.text, "plain text\n");
    assert_eq!(doc.bytes, 13);
}

// --- decoding ------------------------------------------------------------------------

#[test]
fn utf8_plain_and_bom() {
    let doc = from_bytes("a.txt", ARABIC.as_bytes(), &opts()).unwrap();
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.text, ARABIC);
    assert_eq!(doc.replaced, 0);
    assert_eq!(doc.path, "a.txt");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(ARABIC.as_bytes());
    let doc = from_bytes("b.txt", &bom, &opts()).unwrap();
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.text, ARABIC);
    assert_eq!(doc.bytes, bom.len() as u64);
}

#[test]
fn windows_1256_round_trips() {
    let (encoded, _, unmappable) = WINDOWS_1256.encode(ARABIC);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&encoded).is_err());
    let t = TempPath::file("cp1256.txt", &encoded);
    let doc = load_path(&t.path, &opts()).unwrap();
    assert_eq!(doc.encoding, "windows-1256");
    assert_eq!(doc.text, ARABIC);
    assert_eq!(doc.replaced, 0);
    assert_eq!(doc.bytes, encoded.len() as u64);
}

#[test]
fn latin_with_one_high_byte_is_windows_1256() {
    let doc = from_bytes("cafe", b"caf\xE9 au lait", &opts()).unwrap();
    assert_eq!(doc.encoding, "windows-1256");
    assert_eq!(doc.text, "café au lait");
}

#[test]
fn utf16_with_bom() {
    for (be, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        let text = format!("{ARABIC}\r\nThe second line.");
        let doc = from_bytes("u16", &utf16(&text, be, true), &opts()).unwrap();
        assert_eq!(doc.encoding, name);
        assert_eq!(doc.text, format!("{ARABIC}\nThe second line."));
        assert_eq!(doc.replaced, 0);
    }
}

#[test]
fn utf16_without_bom() {
    for (be, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        // Mostly Arabic.
        let doc = from_bytes("ar", &utf16(ARABIC, be, false), &opts()).unwrap();
        assert_eq!(doc.encoding, name);
        assert_eq!(doc.text, ARABIC);
        // ASCII only (NULs at every other byte).
        let doc = from_bytes("en", &utf16("Hello, world.\nBye.", be, false), &opts()).unwrap();
        assert_eq!(doc.encoding, name);
        assert_eq!(doc.text, "Hello, world.\nBye.");
        // Arabic without a single space: no NUL bytes at all.
        let doc = from_bytes("nospace", &utf16("مرحبابالعالم", be, false), &opts()).unwrap();
        assert_eq!(doc.encoding, name);
        assert_eq!(doc.text, "مرحبابالعالم");
    }
    // Also from disk.
    let t = TempPath::file("u16le.txt", &utf16(ARABIC, false, false));
    assert_eq!(load_path(&t.path, &opts()).unwrap().encoding, "UTF-16LE");
}

#[test]
fn line_endings_normalised() {
    let doc = from_bytes("nl", b"one\r\ntwo\rthree\nfour\r\r\nfive\r", &opts()).unwrap();
    assert_eq!(doc.text, "one\ntwo\nthree\nfour\n\nfive\n");
    let (encoded, _, _) = WINDOWS_1256.encode("سطر\r\nسطر\rسطر");
    let doc = from_bytes("nl1256", &encoded, &opts()).unwrap();
    assert_eq!(doc.text, "سطر\nسطر\nسطر");
}

#[test]
fn invalid_bytes_inside_arabic_stay_utf8() {
    let mut bytes = ARABIC.as_bytes().to_vec();
    // A stray Latin-1 byte, a lone continuation byte and a truncated sequence, mid-text.
    let mid = ARABIC.find(' ').unwrap();
    bytes.splice(mid..mid, [0xE9, b' ', 0x80, b' ', 0xD8].iter().copied());
    let doc = from_bytes("mixed", &bytes, &opts()).unwrap();
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.replaced, 3);
    assert_eq!(doc.text.matches('\u{FFFD}').count(), 3);
    assert!(doc.text.contains("اتصل"));
    assert!(doc.text.contains("فلاديمير بوتين"));
}

#[test]
fn sha256_and_size_of_original_bytes() {
    let doc = from_bytes("abc", b"abc", &opts()).unwrap();
    assert_eq!(
        doc.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(doc.bytes, 3);
    // Hash of the bytes as stored, not of the normalised text.
    let crlf = from_bytes("crlf", b"abc\r\n", &opts()).unwrap();
    let lf = from_bytes("lf", b"abc\n", &opts()).unwrap();
    assert_eq!(crlf.text, lf.text);
    assert_ne!(crlf.sha256, lf.sha256);
    assert_eq!(crlf.bytes, 5);
}

/// Every format is hashed from the file's bytes, unless the caller turns hashing off (the
/// plain-text diff); the text is the same either way.
#[test]
fn hash_can_be_left_out() {
    let html = format!(
        "<html><head><title>t</title></head><body><article>{}</article></body></html>",
        format!("<p>{ARABIC}</p>").repeat(6)
    );
    for (name, bytes) in [("a.txt", "abc\r\n".as_bytes()), ("a.html", html.as_bytes())] {
        let file = TempPath::file(name, bytes);
        let hashed = load_path(&file.path, &opts()).unwrap();
        assert_eq!(hashed.sha256, sha256_hex(bytes), "{name}");
        let quick = LoadOptions {
            hash: false,
            ..opts()
        };
        let unhashed = load_path(&file.path, &quick).unwrap();
        assert_eq!(unhashed.sha256, "", "{name}");
        assert_eq!(unhashed.text, hashed.text, "{name}");
        assert_eq!(unhashed.bytes, hashed.bytes, "{name}");
    }
    let pasted = clipboard::from_clipboard("Pasted 10:00", "نص ملصوق").unwrap();
    assert_eq!(pasted.sha256, sha256_hex("نص ملصوق".as_bytes()));
}

#[test]
fn load_path_matches_from_bytes() {
    let bytes = format!("{ARABIC}\r\n").into_bytes();
    let t = TempPath::file("same.txt", &bytes);
    let a = load_path(&t.path, &opts()).unwrap();
    let b = from_bytes(&t.label(), &bytes, &opts()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn seeds_load() {
    let (a, b) = seed_documents();
    for (doc, raw) in [
        (
            &a,
            &include_bytes!("../../seeds/alittihad-xi-putin-call.txt")[..],
        ),
        (
            &b,
            &include_bytes!("../../seeds/alsumaria-xi-putin-call.txt")[..],
        ),
    ] {
        assert_eq!(doc.encoding, "UTF-8");
        assert!(!doc.text.contains('\r'));
        assert!(!doc.text.trim().is_empty());
        // The infallible constructor agrees with the checked path.
        assert_eq!(
            Ok(doc),
            from_bytes(&doc.path, raw, &opts())
                .as_ref()
                .map_err(|e| e.to_string())
        );
    }
    assert!(a.path.starts_with("seeds/"));
}

#[test]
fn human_sizes() {
    assert_eq!(human_size(0), "0 bytes");
    assert_eq!(human_size(1), "1 byte");
    assert_eq!(human_size(999), "999 bytes");
    assert_eq!(human_size(1_500), "1.5 KB");
    assert_eq!(human_size(50_000_000), "50.0 MB");
    assert_eq!(human_size(2_500_000_000), "2.5 GB");
}

/// What `from_bytes(bytes)` under `limit` must give: a document that keeps the loader's
/// promises, or the error the bytes call for, with the label last in its one-line message.
fn check_loaded(
    bytes: &[u8],
    limit: u64,
    result: Result<Document, LoadError>,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::{prop_assert, prop_assert_eq};
    match result {
        Ok(doc) => {
            prop_assert!(bytes.len() as u64 <= limit);
            prop_assert!(!doc.text.contains('\r'), "line endings normalised");
            prop_assert!(!doc.text.starts_with('\u{FEFF}'), "BOM removed");
            prop_assert!(!doc.text.chars().all(is_blank), "has text");
            prop_assert!(!doc.text.contains('\0'), "no NUL in text");
            prop_assert!(
                ["UTF-8", "UTF-16LE", "UTF-16BE", "windows-1256"].contains(&doc.encoding.as_str()),
                "{}",
                doc.encoding
            );
            prop_assert_eq!(doc.bytes, bytes.len() as u64);
            prop_assert_eq!(&doc.sha256, &sha256_hex(bytes));
            let fffd = doc.text.matches(char::REPLACEMENT_CHARACTER).count();
            prop_assert!(fffd >= doc.replaced, "{} < {}", fffd, doc.replaced);
            if let Ok(valid) = std::str::from_utf8(bytes)
                && !valid.contains('\r')
                && !valid.starts_with('\u{FEFF}')
                && !valid.ends_with('\0')
            {
                prop_assert_eq!(&doc.text, valid, "valid UTF-8 is kept as it is");
            }
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(msg.ends_with(": prop") && !msg.contains('\n'), "{}", msg);
            prop_assert_eq!(e.path(), "prop");
            let too_large = bytes.len() as u64 > limit;
            match e {
                LoadError::TooLarge { size, .. } => {
                    prop_assert!(too_large);
                    prop_assert_eq!(size, Some(bytes.len() as u64));
                }
                LoadError::Empty { .. } => prop_assert!(
                    !too_large
                        && (bytes.is_empty()
                            || bytes == b"\xEF\xBB\xBF"
                            || bytes == b"\xFF\xFE"
                            || bytes == b"\xFE\xFF"),
                    "{:?}",
                    bytes
                ),
                LoadError::OnlyWhitespace { .. } | LoadError::Binary { .. } => {
                    prop_assert!(!too_large && !bytes.is_empty());
                }
                other => prop_assert!(false, "in-memory bytes cannot give {}", other),
            }
        }
    }
    Ok(())
}

proptest::proptest! {
    #[test]
    fn from_bytes_gives_a_document_or_the_right_error(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let limit = LoadOptions::default().max_bytes;
        check_loaded(&bytes, limit, from_bytes("prop", &bytes, &LoadOptions::default()))?;
    }

    #[test]
    fn from_bytes_on_text_like_bytes_gives_a_document_or_the_right_error(
        parts in proptest::collection::vec(
            prop_oneof![
                "[ -~\u{0600}-\u{06FF}\r\n]{0,40}".prop_map(String::into_bytes),
                proptest::collection::vec(any::<u8>(), 0..4),
            ],
            0..20,
        ),
        // The limit just below, at or just above the size: it is inclusive.
        slack in -2i64..3,
    ) {
        let bytes: Vec<u8> = parts.concat();
        let limit = u64::try_from(bytes.len() as i64 + slack).unwrap_or(0);
        let result = from_bytes("prop", &bytes, &LoadOptions::with_max_bytes(limit));
        check_loaded(&bytes, limit, result)?;
    }
}
