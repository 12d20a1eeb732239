//! Which words of A each tool calls equal, checked word by word against the ground truth.

use serde::Deserialize;

/// The part of tabayun's JSON contract the bench reads.
#[derive(Deserialize)]
pub struct Output {
    a: SideOut,
    stats: StatsOut,
    #[serde(default)]
    pub fallbacks: Vec<String>,
}

#[derive(Deserialize)]
struct SideOut {
    text: String,
    segments: Vec<Seg>,
}

#[derive(Deserialize)]
struct Seg {
    start: usize,
    end: usize,
    kind: String,
}

#[derive(Deserialize)]
struct StatsOut {
    a: SideStatsOut,
}

#[derive(Deserialize)]
struct SideStatsOut {
    shared: usize,
}

/// How a tool's "equal" words compare with the truth.
#[derive(Clone, Copy, Debug, Default)]
pub struct Score {
    /// Words of A the tool marked equal.
    pub equal: usize,
    /// Of those, words that truly survive into B.
    pub true_pos: usize,
    /// tabayun's own count (`stats.a.shared`); `None` for git.
    pub claimed: Option<usize>,
}

impl Score {
    fn from_mask(equal: &[bool], truth: &[bool], claimed: Option<usize>) -> Self {
        let hits = equal.iter().zip(truth).filter(|(e, t)| **e && **t).count();
        Self {
            equal: equal.iter().filter(|e| **e).count(),
            true_pos: hits,
            claimed,
        }
    }
}

/// Parses tabayun's JSON and scores side A's shared words by position.
pub fn tabayun(json: &str, truth: &[bool]) -> Result<(Score, Vec<String>), String> {
    let out: Output = serde_json::from_str(json).map_err(|e| format!("bad JSON: {e}"))?;
    let mask = shared_mask(&out.a)?;
    if mask.len() != truth.len() {
        let msg = format!("JSON text has {} words, truth {}", mask.len(), truth.len());
        return Err(msg);
    }
    let score = Score::from_mask(&mask, truth, Some(out.stats.a.shared));
    Ok((score, out.fallbacks))
}

/// For each whitespace-separated word of the side's text: does it start in a shared segment?
fn shared_mask(side: &SideOut) -> Result<Vec<bool>, String> {
    let segs = &side.segments;
    if segs.windows(2).any(|w| w[0].start > w[1].start) {
        return Err("segments are not sorted".into());
    }
    let text = side.text.as_str();
    let mask = word_spans(text)
        .map(|(s, e)| {
            let off = text[s..e]
                .char_indices()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(s, |(i, _)| s + i);
            let i = segs.partition_point(|g| g.start <= off);
            i > 0 && off < segs[i - 1].end && segs[i - 1].kind == "shared"
        })
        .collect();
    Ok(mask)
}

/// Byte spans of whitespace-separated words.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.split_whitespace().map(move |w| {
        let s = w.as_ptr() as usize - text.as_ptr() as usize;
        (s, s + w.len())
    })
}

/// Scores git's porcelain word diff: A words outside hunks and on context lines are equal.
pub fn git(porcelain: &str, a_text: &str, truth: &[bool]) -> Result<Score, String> {
    let line_first = line_first_words(a_text);
    let mut equal = vec![true; truth.len()];
    let mut hunks = porcelain.lines().skip_while(|l| !l.starts_with("@@"));
    let mut cursor = 0usize;
    let mut end = 0usize;
    for line in hunks.by_ref() {
        if line.starts_with("@@") {
            check_end(cursor, end)?;
            let (first, count) = hunk_range(line)?;
            cursor = *line_first.get(first).ok_or("hunk past end of A")?;
            end = *line_first.get(first + count).ok_or("hunk past end of A")?;
            continue;
        }
        let n = line.get(1..).unwrap_or("").split_whitespace().count();
        match line.as_bytes().first() {
            Some(b' ') => cursor += n,
            Some(b'-') => {
                let slot = equal.get_mut(cursor..cursor + n).ok_or("hunk overruns A")?;
                slot.fill(false);
                cursor += n;
            }
            _ => {}
        }
    }
    check_end(cursor, end)?;
    Ok(Score::from_mask(&equal, truth, None))
}

fn check_end(cursor: usize, end: usize) -> Result<(), String> {
    if cursor == end {
        Ok(())
    } else {
        Err(format!(
            "porcelain hunk ended at word {cursor}, expected {end}"
        ))
    }
}

/// `line_first[k]`: index of the first word on (0-based) line `k`; one extra entry at the end.
fn line_first_words(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut n = 0;
    for line in text.split_terminator('\n') {
        n += line.split_whitespace().count();
        out.push(n);
    }
    out
}

/// From `@@ -l,c +l,c @@`: 0-based first line of A and line count.
fn hunk_range(header: &str) -> Result<(usize, usize), String> {
    let bad = || format!("bad hunk header {header:?}");
    let old = header
        .split_whitespace()
        .find_map(|t| t.strip_prefix('-'))
        .ok_or_else(bad)?;
    let (l, c) = old.split_once(',').unwrap_or((old, "1"));
    let l: usize = l.parse().map_err(|_| bad())?;
    let c: usize = c.parse().map_err(|_| bad())?;
    // For an empty range git names the line *before* it.
    Ok(if c == 0 { (l, 0) } else { (l - 1, c) })
}
