//! Writes generated pairs to `target/bench-data/<name>/` and reads them back.

use std::fs;
use std::path::{Path, PathBuf};

use super::corpus::{self, Kind};

/// One pair of the bench: what to generate and where it lives.
#[derive(Clone, Debug)]
pub struct Spec {
    pub name: &'static str,
    pub kind: Kind,
    pub words: usize,
    pub seed: u64,
}

/// A pair on disk, with its ground truth.
pub struct PairFiles {
    pub dir: PathBuf,
    pub a: PathBuf,
    /// For each whitespace-separated word of `a.txt`: survives unchanged into `b.txt`.
    pub truth: Vec<bool>,
    pub a_words: usize,
    pub b_words: usize,
}

/// The `target/` directory: `$CARGO_TARGET_DIR` or the crate's own.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn meta_line(spec: &Spec) -> String {
    format!(
        "generator={} kind={:?} words={} seed={}\n",
        corpus::VERSION,
        spec.kind,
        spec.words,
        spec.seed
    )
}

/// Generates the pair unless an up-to-date copy is already on disk.
pub fn ensure(spec: &Spec) -> Result<PairFiles, String> {
    let dir = target_dir().join("bench-data").join(spec.name);
    let meta = dir.join("meta.txt");
    let fresh = fs::read_to_string(&meta).is_ok_and(|m| m == meta_line(spec));
    if !fresh {
        write(spec, &dir).map_err(|e| format!("writing {}: {e}", dir.display()))?;
    }
    load(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))
}

fn write(spec: &Spec, dir: &Path) -> std::io::Result<()> {
    let pair = corpus::generate(spec.kind, spec.words, spec.seed);
    fs::create_dir_all(dir)?;
    let _ = fs::remove_file(dir.join("meta.txt"));
    fs::write(dir.join("a.txt"), &pair.a)?;
    fs::write(dir.join("b.txt"), &pair.b)?;
    let truth: String = pair
        .truth
        .iter()
        .map(|&t| if t { '1' } else { '0' })
        .collect();
    fs::write(dir.join("truth.txt"), truth)?;
    fs::write(dir.join("meta.txt"), meta_line(spec))
}

fn load(dir: &Path) -> std::io::Result<PairFiles> {
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    let truth: Vec<bool> = fs::read_to_string(dir.join("truth.txt"))?
        .bytes()
        .map(|c| c == b'1')
        .collect();
    let a_words = fs::read_to_string(&a)?.split_whitespace().count();
    let b_words = fs::read_to_string(&b)?.split_whitespace().count();
    if a_words != truth.len() {
        let msg = format!("truth has {} words, a.txt {a_words}", truth.len());
        return Err(std::io::Error::other(msg));
    }
    Ok(PairFiles {
        dir: dir.to_path_buf(),
        a,
        truth,
        a_words,
        b_words,
    })
}
