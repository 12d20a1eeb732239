//! Reading PDFs as a reader would, with Debian `poppler-utils` (`pdftotext`, `pdffonts`,
//! `pdftoppm`, `pdfinfo`) and `qpdf`. Missing tools are a visible skip, or a failure under
//! `TABAYUN_REQUIRE_RENDERER=1` (as for the browser, [`super::chromium::browser`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::chromium::say;

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

/// True when the PDF tools are installed; otherwise prints why `test` is skipped (a failure when
/// `TABAYUN_REQUIRE_RENDERER=1`).
pub fn tools(test: &str) -> bool {
    let missing: Vec<&str> = ["pdftotext", "pdffonts", "pdftoppm", "pdfinfo", "qpdf"]
        .into_iter()
        .filter(|t| !on_path(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{} not on PATH (install the Debian packages `poppler-utils` and `qpdf`)",
        missing.join(", ")
    );
    if std::env::var("TABAYUN_REQUIRE_RENDERER").as_deref() == Ok("1") {
        panic!("{test}: {why}, and TABAYUN_REQUIRE_RENDERER=1 requires them");
    }
    say(&format!("SKIPPED {test}: {why}"));
    false
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs the PDF tool");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `qpdf --check` passes on `pdf`.
#[track_caller]
pub fn assert_valid(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("runs qpdf");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No syntax or stream encoding errors"),
        "qpdf --check {}: {text}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text `pdftotext` reads out of pages `first..=last` (all when `None`); it must read it
/// without a syntax warning or error (an over-long ToUnicode entry gave one).
#[track_caller]
pub fn text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("runs pdftotext");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("Syntax"),
        "pdftotext {}: {stderr}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `pdffonts`' table rows (after its two header lines).
pub fn fonts(pdf: &Path) -> Vec<String> {
    run(Command::new("pdffonts").arg(pdf))
        .lines()
        .skip(2)
        .map(str::to_owned)
        .collect()
}

/// `pdfinfo`'s "Key: value" lines.
pub fn info(pdf: &Path) -> String {
    run(Command::new("pdfinfo").arg(pdf))
}

/// The number of pages.
pub fn pages(pdf: &Path) -> usize {
    info(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// Page `page` rendered at 100 dpi as `<prefix>.png` in `dir`.
pub fn render(pdf: &Path, page: usize, dir: &Path, prefix: &str) -> PathBuf {
    let out = dir.join(prefix);
    run(Command::new("pdftoppm")
        .args(["-png", "-r", "100", "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&out));
    out.with_extension("png")
}
