//! The desktop integration (issue 16): the desktop entry, the AppStream metadata, the MIME type
//! of story files, the icons and the package's file list name the same application as the
//! window (its app id, title and icon), and a file manager opening a single article gets a
//! window. `.ci/check-deb` checks the installed package itself.

mod common;

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tabayun::gui::{APP_ID, APP_NAME, Launch, Settings, TabayunApp};

use common::Scratch;
use common::gui::settle;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("reads {path}: {e}"))
}

/// The value of `key` in the desktop entry's main group.
fn entry_value<'a>(entry: &'a str, key: &str) -> &'a str {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("the desktop entry has no {key}"))
}

/// The text between `<tag>` and `</tag>`, each time it occurs.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split_once(&close).map(|(inner, _)| inner.trim()))
        .collect()
}

#[test]
fn the_desktop_entry_names_the_window_its_icon_and_the_files_it_opens() {
    let entry = read(&format!("assets/{APP_ID}.desktop"));
    assert_eq!(entry_value(&entry, "Name"), APP_NAME);
    assert_eq!(entry_value(&entry, "Name[ar]"), "تباين");
    assert_eq!(entry_value(&entry, "StartupWMClass"), APP_ID);
    assert_eq!(entry_value(&entry, "Icon"), APP_ID);
    assert_eq!(
        entry_value(&entry, "Exec"),
        "tabayun %F",
        "a file manager passes every selected file"
    );
    let mime: Vec<&str> = entry_value(&entry, "MimeType")
        .split(';')
        .filter(|m| !m.is_empty())
        .collect();
    // What the loaders read: text, saved pages (HTML, MHTML), Word files, story files.
    for wanted in [
        "text/plain",
        "text/html",
        "application/xhtml+xml",
        "multipart/related",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/x-tabayun-story",
    ] {
        assert!(mime.contains(&wanted), "MimeType lacks {wanted}: {mime:?}");
    }
    // The story type is declared, with the extension story files are saved under.
    let types = read(&format!("assets/{APP_ID}.mime.xml"));
    assert!(types.contains(r#"<mime-type type="application/x-tabayun-story">"#));
    assert!(types.contains(&format!(
        r#"<glob pattern="*.{}"/>"#,
        tabayun::story::file::EXTENSION
    )));
}

#[test]
fn the_appstream_metadata_is_the_same_application_with_screenshots_that_exist() {
    let meta = read(&format!("assets/{APP_ID}.metainfo.xml"));
    assert_eq!(elements(&meta, "id"), [APP_ID]);
    assert_eq!(elements(&meta, "name")[0], APP_NAME);
    assert!(meta.contains(&format!(
        r#"<launchable type="desktop-id">{APP_ID}.desktop</launchable>"#
    )));
    assert_eq!(elements(&meta, "binary"), ["tabayun"]);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        meta.contains(&format!(r#"<release version="{version}""#)),
        "the metadata lists the release {version}"
    );
    let repository = env!("CARGO_PKG_REPOSITORY");
    let raw = repository.replace("https://github.com/", "https://raw.githubusercontent.com/");
    let images = elements(&meta, "image");
    assert!(!images.is_empty(), "a screenshot is referenced");
    for image in images {
        let path = image
            .strip_prefix(&format!("{raw}/main/"))
            .unwrap_or_else(|| panic!("{image} is not a file of {repository}"));
        assert!(
            repo(path).is_file(),
            "the screenshot {path} is in the repository"
        );
    }
}

#[test]
fn the_icons_are_square_at_the_size_their_names_say() {
    let svg = read(&format!("assets/icons/{APP_ID}.svg"));
    assert!(svg.contains(r#"viewBox="0 0 256 256""#));
    for size in [16, 32, 48, 64, 128, 256, 512] {
        let path = repo(&format!("assets/icons/{APP_ID}-{size}.png"));
        let icon = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            (icon.width(), icon.height()),
            (size, size),
            "{}",
            path.display()
        );
    }
    let window_icon = tabayun::gui::icon().expect("the window icon decodes");
    assert_eq!((window_icon.width, window_icon.height), (256, 256));
}

#[test]
fn every_file_the_package_installs_is_in_the_repository_or_generated_by_ci_deb() {
    let manifest = read("Cargo.toml");
    let deb = manifest
        .split_once("[package.metadata.deb]")
        .expect("Cargo.toml has the package metadata")
        .1;
    let sources: Vec<&str> = deb
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("[\"")?.split('"').next())
        .collect();
    assert!(sources.len() >= 10, "the package's file list: {sources:?}");
    let script = read(".ci/deb");
    for source in sources {
        if source == "target/release/tabayun" {
            continue;
        }
        if let Some(generated) = source.strip_prefix("target/generated/") {
            // `man/*.1.gz` or `completions/_tabayun`: the script writes into that folder, and
            // names the file unless the package takes a pattern.
            let (folder, name) = generated
                .split_once('/')
                .expect("a folder under generated/");
            assert!(
                script.contains(&format!("\"$gen/{folder}/")),
                ".ci/deb does not write into {folder}/"
            );
            assert!(
                name.contains('*') || script.contains(name),
                ".ci/deb does not generate {source}"
            );
        } else {
            assert!(repo(source).is_file(), "{source} is not in the repository");
        }
    }
}

#[test]
fn one_file_from_a_file_manager_opens_as_side_a_waiting_for_b() {
    let s = Scratch::new("desktop-one");
    let path = PathBuf::from(s.file(
        "only.txt",
        "قال المتحدث إن المحادثات كانت بناءة.\n".as_bytes(),
    ));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .with_max_steps(64)
        .build_eframe(move |cc| {
            TabayunApp::with_launch(&cc.egui_ctx, Settings::default(), Launch::One(path))
        });
    settle(&mut h);
    h.get_by_label_contains("B is missing: open it to compare with only.txt");
    let shown: Vec<String> = h
        .state()
        .visible_words(tabayun::model::Which::A)
        .into_iter()
        .map(|(word, _)| word)
        .collect();
    assert!(
        shown.iter().any(|w| w.contains("المحادثات")),
        "pane A shows the article: {shown:?}"
    );
    assert!(h.state().comparison().is_none(), "nothing is compared yet");
}
