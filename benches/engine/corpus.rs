//! Deterministic generator of article pairs with known ground truth.
//!
//! Article A is paragraphs of sentences of words drawn from the seed articles' vocabulary
//! (Zipf-like, with clitic forms and rare generated names). Article B is derived from A by
//! edits whose effect on every A word is recorded: `truth[i]` is true when A's `i`-th
//! whitespace-separated word survives unchanged into B.

use std::collections::HashSet;

/// Bump whenever the output of the generator changes: cached pairs are then rebuilt.
pub const VERSION: u32 = 1;

const SEEDS: [&str; 2] = [
    include_str!("../../seeds/alittihad-xi-putin-call.txt"),
    include_str!("../../seeds/alsumaria-xi-putin-call.txt"),
];
const PREFIXES: [&str; 4] = ["و", "ف", "ب", "ل"];
const SUFFIXES: [&str; 3] = ["ها", "هم", "ه"];
const SYLLABLES: [&str; 24] = [
    "با", "تي", "سو", "مر", "كا", "لي", "نو", "ها", "دي", "رو", "زا", "في", "شا", "قو", "جي", "طا",
    "غو", "خا", "بر", "ست", "ين", "ون", "يف", "وس",
];

/// Probability that a drawn word is a rare generated name.
const NAME_RATE: f64 = 0.04;
/// Probability that a drawn vocabulary word gets a clitic prefix / suffix.
const PREFIX_RATE: f64 = 0.12;
const SUFFIX_RATE: f64 = 0.05;

/// splitmix64: small, fast and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi] (inclusive).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.range(0, i);
            v.swap(i, j);
        }
    }
}

/// The seed vocabulary, most frequent first, with cumulative Zipf weights.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn from_seeds() -> Self {
        let mut counts = std::collections::HashMap::<String, usize>::new();
        for token in SEEDS.iter().flat_map(|s| s.split_whitespace()) {
            let word: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
            if !word.is_empty() {
                *counts.entry(word).or_default() += 1;
            }
        }
        let mut words: Vec<(String, usize)> = counts.into_iter().collect();
        words.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 1.0);
                total
            })
            .collect();
        let words = words.into_iter().map(|(w, _)| w).collect();
        Self { words, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

/// Draws words: Zipf-distributed seed words (sometimes with clitics) and rare names.
pub struct Words {
    vocab: Vocabulary,
    names: Vec<String>,
}

impl Words {
    /// `name_pool` distinct names are made from `seed`; a different seed gives other names.
    pub fn new(name_pool: usize, seed: u64) -> Self {
        let mut rng = Rng::new(seed ^ 0x4E41_4D45);
        let mut seen = HashSet::new();
        let mut names = Vec::with_capacity(name_pool);
        while names.len() < name_pool {
            let n = rng.range(2, 4);
            let name: String = (0..n)
                .map(|_| SYLLABLES[rng.range(0, SYLLABLES.len() - 1)])
                .collect();
            if seen.insert(name.clone()) {
                names.push(name);
            }
        }
        Self {
            vocab: Vocabulary::from_seeds(),
            names,
        }
    }

    pub fn draw(&self, rng: &mut Rng) -> String {
        if rng.chance(NAME_RATE) {
            return self.names[rng.range(0, self.names.len() - 1)].clone();
        }
        let mut w = String::new();
        if rng.chance(PREFIX_RATE) {
            w.push_str(PREFIXES[rng.range(0, PREFIXES.len() - 1)]);
        }
        w.push_str(self.vocab.draw(rng));
        if rng.chance(SUFFIX_RATE) {
            w.push_str(SUFFIXES[rng.range(0, SUFFIXES.len() - 1)]);
        }
        w
    }

    /// A word that differs from `old` even after Arabic normalisation.
    fn substitute(&self, old: &str, rng: &mut Rng) -> String {
        let old_norm = normalise(old);
        loop {
            let w = self.draw(rng);
            if normalise(&w) != old_norm {
                return w;
            }
        }
    }

    pub fn sentence(&self, rng: &mut Rng) -> Vec<String> {
        (0..rng.range(8, 30)).map(|_| self.draw(rng)).collect()
    }

    pub fn paragraph(&self, rng: &mut Rng) -> Vec<Vec<String>> {
        (0..rng.range(2, 6)).map(|_| self.sentence(rng)).collect()
    }
}

/// Roughly what the engine folds together by default, so a substitution is a real change.
fn normalise(w: &str) -> String {
    w.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A sentence whose words carry the index of the A word they came from (if unchanged).
type Sentence = Vec<(String, Option<usize>)>;
type Article = Vec<Vec<Sentence>>;

/// A generated pair and, for each word of A, whether it survives unchanged into B.
pub struct Pair {
    pub a: String,
    pub b: String,
    pub truth: Vec<bool>,
}

/// Generates A with at least `words` words, indexing each word.
fn article(words: &Words, rng: &mut Rng, target: usize) -> Article {
    let mut out = Vec::new();
    let mut n = 0;
    while n < target {
        let para: Vec<Sentence> = words
            .paragraph(rng)
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|w| {
                        n += 1;
                        (w, Some(n - 1))
                    })
                    .collect()
            })
            .collect();
        out.push(para);
    }
    out
}

fn fresh(s: Vec<String>) -> Sentence {
    s.into_iter().map(|w| (w, None)).collect()
}

/// One edited copy of an A sentence: ~2% of its words substituted.
fn substituted(s: &Sentence, words: &Words, rng: &mut Rng) -> Sentence {
    s.iter()
        .map(|(w, id)| {
            if rng.chance(0.02) {
                (words.substitute(w, rng), None)
            } else {
                (w.clone(), *id)
            }
        })
        .collect()
}

/// B from A: substitutions, ~5% sentences deleted, ~5% inserted, ~10% paragraphs moved.
fn edited(a: &Article, words: &Words, rng: &mut Rng) -> Article {
    let mut b: Article = Vec::with_capacity(a.len());
    for para in a {
        let mut out = Vec::new();
        for s in para {
            if !rng.chance(0.05) {
                out.push(substituted(s, words, rng));
            }
            if rng.chance(0.05) {
                out.push(fresh(words.sentence(rng)));
            }
        }
        if !out.is_empty() {
            b.push(out);
        }
    }
    move_paragraphs(&mut b, rng);
    b
}

fn move_paragraphs(b: &mut Article, rng: &mut Rng) {
    let moves = b.len() / 10;
    for _ in 0..moves {
        let from = rng.range(0, b.len() - 1);
        let para = b.remove(from);
        let to = rng.range(0, b.len());
        b.insert(to, para);
    }
}

/// B = A's sentences in random order, regrouped into paragraphs.
fn shuffled(a: &Article, rng: &mut Rng) -> Article {
    let mut sentences: Vec<Sentence> = a.iter().flatten().cloned().collect();
    rng.shuffle(&mut sentences);
    let mut b = Vec::new();
    let mut rest = sentences.into_iter().peekable();
    while rest.peek().is_some() {
        let k = rng.range(2, 6);
        b.push(rest.by_ref().take(k).collect());
    }
    b
}

fn render(art: &Article) -> String {
    let paras: Vec<String> = art
        .iter()
        .map(|p| {
            let sents: Vec<String> = p
                .iter()
                .map(|s| {
                    let ws: Vec<&str> = s.iter().map(|(w, _)| w.as_str()).collect();
                    format!("{}.", ws.join(" "))
                })
                .collect();
            sents.join(" ")
        })
        .collect();
    paras.join("\n\n") + "\n"
}

fn truth_of(a: &Article, b: &Article) -> Vec<bool> {
    let n = a.iter().flatten().map(Vec::len).sum();
    let mut truth = vec![false; n];
    for id in b.iter().flatten().flatten().filter_map(|(_, id)| *id) {
        truth[id] = true;
    }
    truth
}

/// The kinds of pair the bench compares.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Edited,
    Shuffled,
    Unrelated,
}

/// Builds a pair of `kind` with about `target` words in A, from `seed`.
pub fn generate(kind: Kind, target: usize, seed: u64) -> Pair {
    let pool = (target / 100).max(200);
    let words = Words::new(pool, seed);
    let mut rng = Rng::new(seed);
    let a = article(&words, &mut rng, target);
    let b = match kind {
        Kind::Edited => edited(&a, &words, &mut rng),
        Kind::Shuffled => shuffled(&a, &mut rng),
        Kind::Unrelated => {
            let other_seed = seed.wrapping_mul(31).wrapping_add(7);
            let other = Words::new(pool, other_seed);
            let mut b = article(&other, &mut Rng::new(other_seed), target);
            b.iter_mut().flatten().flatten().for_each(|w| w.1 = None);
            b
        }
    };
    Pair {
        truth: truth_of(&a, &b),
        a: render(&a),
        b: render(&b),
    }
}

/// A story for the coverage bench: `n` articles of about `target` words, the first generated,
/// each other an edited copy of it (substitutions, deleted and inserted sentences, moved
/// paragraphs), so every outlet reworks one wire.
#[expect(
    clippy::allow_attributes,
    reason = "used by one of the two benches that include this module, so `expect` would be unfulfilled in the other"
)]
#[allow(
    dead_code,
    reason = "the coverage bench uses it, the engine bench does not"
)]
pub fn story(n: usize, target: usize, seed: u64) -> Vec<String> {
    let pool = (target / 100).max(200);
    let words = Words::new(pool, seed);
    let mut rng = Rng::new(seed);
    let base = article(&words, &mut rng, target);
    let mut out = vec![render(&base)];
    for _ in 1..n {
        out.push(render(&edited(&base, &words, &mut rng)));
    }
    out
}
