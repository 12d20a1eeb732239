//! CPU time per frame of the window, headless (an egui `Context`, 1280×900 points, no
//! renderer): a generated Arabic-like pair of 10k and of 100k words per side, compared once
//! before timing, scrolled to the middle, with the pointer moving over the text (hover
//! highlighting) and the scroll position changing. Run with `cargo bench --bench frame`.
//! Target: median ≤ 8 ms per frame, and no growth with document length.

use std::time::{Duration, Instant};

use egui::{Event, Pos2, RawInput, Rect, vec2};
use tabayun::engine;
use tabayun::engine::find::Query;
use tabayun::gui::{Command, Settings, TabayunApp};
use tabayun::load::{self, Document, LoadOptions};
use tabayun::model::{MatchOptions, Which};

const FRAMES: usize = 120;
const SCREEN: [f32; 2] = [1280.0, 900.0];

/// A small deterministic generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
}

/// The seed vocabulary (Arabic words with their punctuation, some digits and Latin).
fn vocabulary() -> Vec<String> {
    let (a, b) = load::seed_documents();
    let mut words: Vec<String> = a
        .text
        .split_whitespace()
        .chain(b.text.split_whitespace())
        .map(str::to_owned)
        .collect();
    words.extend(["2024", "NATO", "New", "York", "Times", "15%"].map(str::to_owned));
    words
}

/// Paragraphs of 40–90 words drawn from the vocabulary, about `total` words in all.
fn generate(total: usize, rng: &mut Lcg, vocab: &[String]) -> Vec<Vec<String>> {
    let mut paragraphs = Vec::new();
    let mut count = 0;
    while count < total {
        let len = 40 + rng.below(50);
        let p: Vec<String> = (0..len)
            .map(|_| vocab[rng.below(vocab.len())].clone())
            .collect();
        count += len;
        paragraphs.push(p);
    }
    paragraphs
}

/// B: A with some paragraphs dropped, some words replaced, and a few paragraphs moved.
fn edit(a: &[Vec<String>], rng: &mut Lcg, vocab: &[String]) -> Vec<Vec<String>> {
    let mut b: Vec<Vec<String>> = Vec::new();
    for p in a {
        match rng.below(20) {
            0 => {}                                          // dropped
            1 => b.push(generate(60, rng, vocab).remove(0)), // replaced
            _ => {
                let mut q = p.clone();
                for w in q.iter_mut() {
                    if rng.below(25) == 0 {
                        *w = vocab[rng.below(vocab.len())].clone();
                    }
                }
                b.push(q);
            }
        }
    }
    let n = b.len();
    for _ in 0..n / 30 {
        let (i, j) = (rng.below(n), rng.below(n));
        b.swap(i, j);
    }
    b
}

fn document(label: &str, paragraphs: &[Vec<String>]) -> Document {
    let text: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();
    match load::from_bytes(label, text.join("\n\n").as_bytes(), &LoadOptions::default()) {
        Ok(d) => d,
        Err(e) => panic!("generated text did not load: {e}"),
    }
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SCREEN[0], SCREEN[1]))),
        events,
        ..Default::default()
    }
}

/// Runs one frame (UI pass and tessellation) and returns its CPU time.
fn frame(ctx: &egui::Context, app: &mut TabayunApp, events: Vec<Event>) -> Duration {
    let start = Instant::now();
    let out = ctx.run_ui(input(events), |ui| app.show(ui));
    let _primitives = ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    let elapsed = start.elapsed();
    out.drop_without_applying_deltas();
    elapsed
}

/// Frame `i`'s input: the pointer at `pos`, and a scroll step every tenth frame.
fn pointer_events(i: usize, pos: Pos2) -> Vec<Event> {
    let mut events = vec![Event::PointerMoved(pos)];
    if i % 10 == 0 {
        events.push(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, -40.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
    }
    events
}

struct Row {
    words: usize,
    summary: bool,
    /// The frame that ran the search, when a find is active.
    find: Option<Duration>,
    /// The search alone over both sides (median of 11): whole words, and within words.
    search: Option<(Duration, Duration)>,
    visible_words: usize,
    compare: Duration,
    first: Duration,
    median: Duration,
    p95: Duration,
}

/// A word of the seeds' vocabulary, so the generated articles hold it hundreds of times.
const FIND_WORD: &str = "بوتين";

fn measure(words: usize, summary: bool, find: bool) -> Row {
    let vocab = vocabulary();
    let mut rng = Lcg(words as u64);
    let a = generate(words, &mut rng, &vocab);
    let b = edit(&a, &mut rng, &vocab);
    let (a, b) = (
        document("generated-a.txt", &a),
        document("generated-b.txt", &b),
    );

    let start = Instant::now();
    let comparison = engine::compare(&a, &b, &MatchOptions::default());
    let compare = start.elapsed();
    let segments = comparison.a.segments.len();

    let ctx = egui::Context::default();
    let settings = Settings {
        show_summary: summary,
        ..Settings::default()
    };
    let mut app = TabayunApp::with_comparison(&ctx, settings, comparison);
    // First frame: measures every word and lays out both sides.
    let first = frame(&ctx, &mut app, Vec::new());
    app.queue(Command::Reveal {
        a: Some(segments / 2),
        b: None,
    });
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new());
    }
    // With a find active: the frame that searches both sides, then a hit in the middle.
    let find = find.then(|| {
        app.queue(Command::Find(FIND_WORD.to_owned()));
        let searched = frame(&ctx, &mut app, Vec::new());
        let hits = app.find_hits(Which::A).len() + app.find_hits(Which::B).len();
        for _ in 0..hits / 2 {
            app.queue(Command::NextHit);
        }
        for _ in 0..3 {
            frame(&ctx, &mut app, Vec::new());
        }
        searched
    });
    let search = find.map(|_| {
        let shown = app.analyzed().expect("a comparison");
        let texts = [&shown.comparison.a.text, &shown.comparison.b.text];
        let median = |q: &Query| {
            let mut t: Vec<Duration> = (0..11)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(shown.find.find(&texts, q));
                    start.elapsed()
                })
                .collect();
            t.sort();
            t[t.len() / 2]
        };
        (
            median(&Query::words(FIND_WORD)),
            median(&Query::within_words(FIND_WORD)),
        )
    });
    let pane = app.pane(Which::A).screen_rect;

    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        let t = i as f32 / FRAMES as f32;
        let pos = pane.min + vec2(pane.width() * t, pane.height() * (0.2 + 0.6 * t));
        times.push(frame(&ctx, &mut app, pointer_events(i, pos)));
    }
    times.sort();
    Row {
        words,
        summary,
        find,
        search,
        visible_words: app.visible_words(Which::A).len() + app.visible_words(Which::B).len(),
        compare,
        first,
        median: times[times.len() / 2],
        p95: times[times.len() * 95 / 100],
    }
}

/// Frames of the story view: `n` articles of about `words` words (edits of one generated
/// article), compared once before timing, the pointer moving over the base text and the matrix.
fn measure_story(n: usize, words: usize) -> (Duration, Duration, Duration) {
    let vocab = vocabulary();
    let mut rng = Lcg((n * words) as u64);
    let base = generate(words, &mut rng, &vocab);
    let docs: Vec<std::sync::Arc<Document>> = (0..n)
        .map(|k| {
            let paragraphs = if k == 0 {
                base.clone()
            } else {
                edit(&base, &mut rng, &vocab)
            };
            std::sync::Arc::new(document(&format!("outlet-{k}.txt"), &paragraphs))
        })
        .collect();
    let story = tabayun::story::Story::compute(
        docs,
        0,
        &MatchOptions::default(),
        &engine::Control::default(),
    )
    .expect("story");
    let ctx = egui::Context::default();
    let mut app = TabayunApp::with_story(&ctx, Settings::default(), story);
    let first = frame(&ctx, &mut app, Vec::new());
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new());
    }
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        let t = i as f32 / FRAMES as f32;
        // Left half: the list and the matrix; right half: the base text.
        let pos = Pos2::new(SCREEN[0] * (0.05 + 0.6 * t), SCREEN[1] * (0.15 + 0.7 * t));
        times.push(frame(&ctx, &mut app, pointer_events(i, pos)));
    }
    times.sort();
    (first, times[times.len() / 2], times[times.len() * 95 / 100])
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo test --benches` runs this with `--test`: keep that quick.
    let quick = std::env::args().any(|a| a == "--test");
    let runs: &[(usize, bool, bool)] = if quick {
        &[(2_000, true, false), (2_000, true, true)]
    } else {
        &[
            (10_000, true, false),
            (100_000, true, false),
            (10_000, false, false),
            (100_000, false, false),
            (100_000, true, true),
            (100_000, false, true),
        ]
    };
    let rows: Vec<Row> = runs.iter().map(|&(n, s, f)| measure(n, s, f)).collect();
    println!();
    println!("frame time, 1280x900, headless (UI pass + tessellation), {FRAMES} frames");
    println!(
        "{:>10} | {:>7} | {:>16} | {:>13} | {:>10} | {:>14} | {:>9} | {:>6}",
        "words/side",
        "summary",
        "find (search ms)",
        "words painted",
        "compare ms",
        "first frame ms",
        "median ms",
        "p95 ms"
    );
    println!("{}", "-".repeat(107));
    for r in &rows {
        println!(
            "{:>10} | {:>7} | {:>16} | {:>13} | {:>10} | {:>14} | {:>9} | {:>6}",
            r.words,
            if r.summary { "shown" } else { "hidden" },
            r.find
                .map_or_else(|| "-".to_owned(), |d| format!("{FIND_WORD} ({})", ms(d))),
            r.visible_words,
            ms(r.compare),
            ms(r.first),
            ms(r.median),
            ms(r.p95)
        );
    }
    for r in &rows {
        if let Some((whole, within)) = r.search {
            println!(
                "search alone, {} words/side: whole words {} ms, within words {} ms",
                r.words,
                ms(whole),
                ms(within)
            );
        }
    }
    let stories: &[(usize, usize)] = if quick {
        &[(3, 300)]
    } else {
        &[(4, 2_000), (16, 2_000)]
    };
    println!();
    println!("story view frame time, 1280x900, headless, {FRAMES} frames");
    println!(
        "{:>8} | {:>13} | {:>14} | {:>9} | {:>6}",
        "articles", "words/article", "first frame ms", "median ms", "p95 ms"
    );
    println!("{}", "-".repeat(62));
    let mut story_medians = Vec::new();
    for &(n, w) in stories {
        let (first, median, p95) = measure_story(n, w);
        story_medians.push(median);
        println!(
            "{n:>8} | {w:>13} | {:>14} | {:>9} | {:>6}",
            ms(first),
            ms(median),
            ms(p95)
        );
    }
    let target = Duration::from_millis(8);
    if story_medians.iter().all(|m| *m <= target) {
        println!("story view: median per frame within the 8 ms target");
    } else {
        println!("story view: median per frame ABOVE the 8 ms target");
    }
    if rows.iter().all(|r| r.median <= target) {
        println!("median per frame within the 8 ms target");
    } else {
        println!("median per frame ABOVE the 8 ms target");
    }
}
