//! Helpers shared by the fuzz targets: matching options and article-like texts built from fuzz
//! bytes, and the invariants every [`Comparison`] must satisfy.

use arbitrary::Arbitrary;
use tabayun::load::Document;
use tabayun::model::{Comparison, MatchOptions};

/// [`MatchOptions`] from fuzz bytes (the model type has no `Arbitrary` impl).
#[derive(Arbitrary, Clone, Copy, Debug)]
pub struct Opts {
    diacritics: bool,
    alef: bool,
    alef_maqsura: bool,
    ta_marbuta: bool,
    hamza: bool,
    persian: bool,
    digits: bool,
    case_fold: bool,
    ignore_punctuation: bool,
    boilerplate: bool,
    moves: bool,
    min_move_words: u8,
    variants: bool,
}

impl From<Opts> for MatchOptions {
    fn from(o: Opts) -> Self {
        MatchOptions {
            diacritics: o.diacritics,
            alef: o.alef,
            alef_maqsura: o.alef_maqsura,
            ta_marbuta: o.ta_marbuta,
            hamza: o.hamza,
            persian: o.persian,
            digits: o.digits,
            case_fold: o.case_fold,
            ignore_punctuation: o.ignore_punctuation,
            boilerplate: o.boilerplate,
            moves: o.moves,
            // The CLI allows 2..; the engine clamps lower values itself, so 0 and 1 are fuzzed too.
            min_move_words: usize::from(o.min_move_words % 12),
            variants: o.variants,
        }
    }
}

/// Words the engine treats specially: spelling variants, normalisation pairs, boilerplate
/// markers, digits in both scripts, Latin case pairs.
const VOCAB: &[&str] = &[
    "قال",
    "الرئيس",
    "الصيني",
    "شي",
    "جين",
    "بينغ",
    "جينبينغ",
    "أوشاكوف",
    "أوتشاكوف",
    "بوتين",
    "فلاديمير",
    "الروسي",
    "مُحَمَّد",
    "محمد",
    "العربيـــة",
    "الأميركية",
    "الاميركيه",
    "سوريا",
    "سورية",
    "الشئون",
    "الشؤون",
    "مستشفى",
    "کیف",
    "كيف",
    "في",
    "من",
    "إلى",
    "على",
    "أن",
    "و",
    "اقرأ أيضاً",
    "مقالات مشابهة",
    "أخبار ذات صلة",
    "المصدر:",
    "كلمات دلالية:",
    "تاريخ النشر:",
    "صحيفة",
    "الاتحاد",
    "Read more",
    "Source:",
    "NATO",
    "nato",
    "The",
    "2024",
    "٢٠٢٤",
    "۲۰۲۴",
    "3.5",
    "don't",
];

/// Separators and oddities: punctuation, bullets, quotes, invisible and bidi controls,
/// combining marks, line breaks of every kind, NUL, BOM.
const ODD: &[&str] = &[
    "،",
    "؛",
    "؟",
    ".",
    ",",
    ":",
    "«",
    "»",
    "\"",
    "'",
    "(",
    ")",
    "-",
    "•",
    "* ",
    "— ",
    "\u{200C}",
    "\u{200D}",
    "\u{200E}",
    "\u{200F}",
    "\u{061C}",
    "\u{202A}",
    "\u{202B}",
    "\u{202C}",
    "\u{202D}",
    "\u{202E}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{FEFF}",
    "\u{00AD}",
    "\u{0651}",
    "\u{064E}",
    "\u{0640}",
    "\u{0301}",
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{85}",
    "\0",
    "\t",
    "<",
    ">",
    "&",
    "<script>",
    " onload=\"x()\"",
    "]]>",
    "<!--",
    "\u{FFFD}",
];

/// One piece of an article-like text.
#[derive(Arbitrary, Debug)]
pub enum Piece {
    /// A word from [`VOCAB`].
    Word(u8),
    /// A space.
    Space,
    /// A line feed.
    Newline,
    /// Something from [`ODD`].
    Odd(u8),
    /// Arbitrary text.
    Raw(String),
}

/// An article-like text: mostly words from a shared vocabulary, so that two fuzzed texts share,
/// move and vary words instead of being disjoint noise.
#[derive(Arbitrary, Debug)]
pub struct Text(pub Vec<Piece>);

impl Text {
    /// The text as a string.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Word(i) => s.push_str(VOCAB[usize::from(*i) % VOCAB.len()]),
                Piece::Space => s.push(' '),
                Piece::Newline => s.push('\n'),
                Piece::Odd(i) => s.push_str(ODD[usize::from(*i) % ODD.len()]),
                Piece::Raw(r) => s.push_str(r),
            }
        }
        s
    }
}

/// A document as the loader would produce it, from text that did not come through the loader
/// (so it may hold `\r`, NUL and other things the loader removes or refuses: the engine and the
/// exporters must cope anyway).
pub fn document(path: &str, text: String) -> Document {
    Document {
        path: path.to_owned(),
        encoding: "UTF-8".to_owned(),
        bytes: text.len() as u64,
        text,
        sha256: "0".repeat(64),
        replaced: 0,
        ..Document::default()
    }
}

/// Asserts the contract of a comparison ([`Comparison::check`], the one definition the tests
/// use too): segments tile each text on character boundaries, links are symmetric and join
/// segments of the same kind, only linked (shared or variant) segments are moved, links of
/// segments that are not moved never cross, and the statistics add up.
pub fn check_comparison(c: &Comparison) {
    if let Err(breach) = c.check() {
        panic!("the comparison breaks the contract: {breach}");
    }
}

/// The bidi controls and directional marks that no report and no window may show raw (the one
/// table, [`tabayun::controls`]).
pub use tabayun::controls::is_bidi_control;

/// The matching key by the documented rules, one character at a time, written plainly: the
/// oracle for the engine's table-driven normaliser. Mirrors `engine::normalize` (harakat and
/// tatweel, the letter switches, invisible format characters, punctuation inside words,
/// combining marks kept, full Unicode lower case).
pub fn reference_key(word: &str, o: &MatchOptions) -> String {
    let mut out = String::new();
    for c in word.chars() {
        if tabayun::engine::normalize::is_invisible_format(c) {
            continue;
        }
        let haraka = matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}');
        if o.diacritics && (haraka || c == '\u{0640}') {
            continue;
        }
        if o.ignore_punctuation && !c.is_alphanumeric() && !is_mark(c) {
            continue;
        }
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' if o.alef => 'ا',
            'ى' if o.alef_maqsura => 'ي',
            'ة' if o.ta_marbuta => 'ه',
            'ؤ' | 'ئ' if o.hamza => 'ء',
            'ی' if o.persian => 'ي',
            'ک' | 'گ' if o.persian => 'ك',
            '\u{0660}'..='\u{0669}' if o.digits => {
                char::from_digit(c as u32 - 0x0660, 10).unwrap_or(c)
            }
            '\u{06F0}'..='\u{06F9}' if o.digits => {
                char::from_digit(c as u32 - 0x06F0, 10).unwrap_or(c)
            }
            _ => c,
        };
        if o.case_fold && c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Combining marks kept in keys (as `engine::normalize` approximates general category M).
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08FF}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}
