//! Invisible and control characters: one table and one marker style for every display.
//!
//! Article text and file names may hold characters that must not be shown as they are. Bidi
//! controls reorder the text around them (Trojan Source: "invoice\u{202E}txt.exe" shows as
//! "invoiceexe.txt"); control characters are invisible, break a line or drive a terminal (ESC);
//! U+FFFD stands where the loader found bytes it could not decode, and the window's fonts have no
//! glyph for it. Every display shows each of them as the same visible marker between U+27E6 and
//! U+27E7: `⟦RLO⟧`, `⟦ESC⟧`, `⟦U+0007⟧`, `⟦?⟧`. The window, the text, HTML and Markdown reports
//! and the CLI's error lines all use this module. The JSON contract keeps the text as it is.
//!
//! In running text (an article) line feeds and tabs are layout and stay as they are
//! ([`marker`], [`visible`]); in a single line (a label, a banner, an error line) they are
//! marked too ([`line_marker`], [`visible_line`]).

use std::borrow::Cow;

/// A character with a short name of its own in markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Named {
    /// The character.
    pub ch: char,
    /// Short name, as in the marker: `RLO`.
    pub short: &'static str,
    /// The marker: `⟦RLO⟧`.
    pub marker: &'static str,
    /// The Unicode name: `RIGHT-TO-LEFT OVERRIDE`.
    pub name: &'static str,
}

/// An entry of the table; the marker is the short name in brackets.
macro_rules! named {
    ($ch:literal, $short:literal, $name:literal) => {
        Named {
            ch: $ch,
            short: $short,
            marker: concat!("\u{27E6}", $short, "\u{27E7}"),
            name: $name,
        }
    };
}

/// The bidi controls (embeddings, overrides, isolates) and the directional marks: invisible,
/// and each changes the order in which the text around it is shown.
pub const BIDI_CONTROLS: [Named; 12] = [
    named!('\u{200E}', "LRM", "LEFT-TO-RIGHT MARK"),
    named!('\u{200F}', "RLM", "RIGHT-TO-LEFT MARK"),
    named!('\u{061C}', "ALM", "ARABIC LETTER MARK"),
    named!('\u{202A}', "LRE", "LEFT-TO-RIGHT EMBEDDING"),
    named!('\u{202B}', "RLE", "RIGHT-TO-LEFT EMBEDDING"),
    named!('\u{202C}', "PDF", "POP DIRECTIONAL FORMATTING"),
    named!('\u{202D}', "LRO", "LEFT-TO-RIGHT OVERRIDE"),
    named!('\u{202E}', "RLO", "RIGHT-TO-LEFT OVERRIDE"),
    named!('\u{2066}', "LRI", "LEFT-TO-RIGHT ISOLATE"),
    named!('\u{2067}', "RLI", "RIGHT-TO-LEFT ISOLATE"),
    named!('\u{2068}', "FSI", "FIRST STRONG ISOLATE"),
    named!('\u{2069}', "PDI", "POP DIRECTIONAL ISOLATE"),
];

/// Control characters named in markers because they are common in text that went wrong (the
/// others are shown by code point, `⟦U+0007⟧`), and the replacement character.
pub const OTHER_NAMED: [Named; 7] = [
    named!('\u{0}', "NUL", "NULL"),
    named!('\t', "TAB", "CHARACTER TABULATION"),
    named!('\n', "LF", "LINE FEED"),
    named!('\r', "CR", "CARRIAGE RETURN"),
    named!('\u{1B}', "ESC", "ESCAPE"),
    named!('\u{7F}', "DEL", "DELETE"),
    named!('\u{FFFD}', "?", "REPLACEMENT CHARACTER"),
];

/// The marker of U+FFFD, the replacement character the loader puts where bytes were corrupt.
pub const REPLACEMENT_MARKER: &str = OTHER_NAMED[6].marker;

/// The table entry of a bidi control or directional mark.
pub fn bidi_control(c: char) -> Option<&'static Named> {
    BIDI_CONTROLS.iter().find(|n| n.ch == c)
}

/// True for the bidi controls and directional marks of [`BIDI_CONTROLS`].
pub fn is_bidi_control(c: char) -> bool {
    bidi_control(c).is_some()
}

/// The table entry of `c`, if it has a name.
pub fn named(c: char) -> Option<&'static Named> {
    bidi_control(c).or_else(|| OTHER_NAMED.iter().find(|n| n.ch == c))
}

/// True for a character shown as a marker in running text: a bidi control, a control character
/// other than line feed and tab, or U+FFFD.
///
/// Written as ranges rather than a search of the tables: every character of every report's
/// articles passes through here (the tables' agreement is a test).
pub fn is_marked(c: char) -> bool {
    matches!(
        c,
        // The control characters (general category Cc) but line feed and tab.
        '\u{0}'..='\u{8}'
            | '\u{B}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            // BIDI_CONTROLS.
            | '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FFFD}'
    )
}

/// The marker shown in running text instead of `c`, or `None` when `c` is shown as it is.
pub fn marker(c: char) -> Option<Cow<'static, str>> {
    if !is_marked(c) {
        return None;
    }
    Some(match named(c) {
        Some(n) => Cow::Borrowed(n.marker),
        None => Cow::Owned(format!("\u{27E6}U+{:04X}\u{27E7}", u32::from(c))),
    })
}

/// The marker shown in a single line (label, banner, error line) instead of `c`: as
/// [`marker`], and line feeds and tabs are marked too.
pub fn line_marker(c: char) -> Option<Cow<'static, str>> {
    match c {
        '\n' | '\t' => named(c).map(|n| Cow::Borrowed(n.marker)),
        _ => marker(c),
    }
}

/// A description of a marked character for a tooltip: `U+202E RIGHT-TO-LEFT OVERRIDE`,
/// `U+0007 control character`.
pub fn describe(c: char) -> String {
    let name = named(c).map_or("control character", |n| n.name);
    format!("U+{:04X} {name}", u32::from(c))
}

/// Running text with every marked character replaced by its [`marker`]; borrowed when there is
/// none.
pub fn visible(text: &str) -> Cow<'_, str> {
    replace(text, marker)
}

/// One line of text (a label, a banner, an error line) with line feeds, tabs and every marked
/// character replaced by its [`line_marker`]; borrowed when there is none.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    replace(text, line_marker)
}

/// `text` with each character `f` gives a replacement for replaced. `f` gives one only for
/// characters [`next_candidate`] stops at.
fn replace(text: &str, f: impl Fn(char) -> Option<Cow<'static, str>>) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    // `text[..copied]` is in `out` already.
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = next_candidate(text.as_bytes(), from) {
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if let Some(m) = f(c) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            o.push_str(text.get(copied..at).unwrap_or(""));
            o.push_str(&m);
            copied = at + c.len_utf8();
        }
        from = at + c.len_utf8();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(text.get(copied..).unwrap_or(""));
            Cow::Owned(o)
        }
    }
}

/// The offset of the first byte at or after `from` that may start a character [`line_marker`]
/// marks: an ASCII control or DEL, or the first bytes of a C1 control (C2 80–9F), of ALM
/// (D8 9C), of the other bidi controls (E2 80, E2 81) or of U+FFFD (EF). Every report passes
/// each article through [`visible`], so the bytes are first tested 32 at a time for any of
/// those lead bytes or 9C (ALM's second byte; D8 itself starts most Arabic letters), a test
/// the compiler turns into a few vector instructions; only a block that passes is looked at
/// byte by byte.
fn next_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut start = from;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let block = bytes.get(start..end)?;
        let maybe = block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF) | (b == 0x9C)
        });
        if maybe {
            // ALM's D8 may end the block before.
            let back = if start > from { start - 1 } else { start };
            if let Some(at) = exact_candidate(bytes, back, end) {
                return Some(at);
            }
        }
        start = end;
    }
    None
}

/// [`next_candidate`] for one stretch, byte by byte: the first candidate starting in
/// `from..to`.
fn exact_candidate(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&k| match bytes.get(k) {
        Some(0x00..=0x1F | 0x7F | 0xEF) => true,
        Some(0xC2) => bytes.get(k + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        Some(0xD8) => bytes.get(k + 1) == Some(&0x9C),
        Some(0xE2) => matches!(bytes.get(k + 1), Some(0x80 | 0x81)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan of `replace` stops at every character either marker function marks.
    #[test]
    fn every_marked_character_is_replaced_inside_text() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let text = format!("ا{c}b");
            let shown = |m: Option<Cow<'static, str>>| match m {
                Some(m) => format!("ا{m}b"),
                None => text.clone(),
            };
            assert_eq!(visible(&text), shown(marker(c)), "U+{:04X}", u32::from(c));
            assert_eq!(
                visible_line(&text),
                shown(line_marker(c)),
                "U+{:04X}",
                u32::from(c)
            );
        }
        assert_eq!(
            visible("\u{202E}ab\u{7}"),
            "\u{27E6}RLO\u{27E7}ab\u{27E6}U+0007\u{27E7}"
        );
    }

    /// Inside long text, at every offset around the 32-byte blocks of the scan, every marked
    /// character is found (ALM's two bytes split between blocks included).
    #[test]
    fn marked_characters_are_found_at_every_offset_of_long_text() {
        let naive = |t: &str| -> String {
            t.chars()
                .map(|c| marker(c).map_or_else(|| c.to_string(), |m| m.into_owned()))
                .collect()
        };
        let filler: Vec<char> = "بx ابجد\u{064E}شي جينبينغ، “yz”".chars().collect();
        for c in [
            '\u{061C}', '\u{202E}', '\u{2067}', '\u{200F}', '\u{FFFD}', '\u{85}', '\u{7}', '\u{7F}',
        ] {
            for len in 0..80 {
                let before: String = filler.iter().cycle().take(len).collect();
                let text = format!("{before}{c}{before}{c}");
                assert_eq!(
                    visible(&text),
                    naive(&text),
                    "U+{:04X} after {len}",
                    u32::from(c)
                );
            }
        }
        let plain: String = filler.iter().cycle().take(500).collect();
        assert!(matches!(visible(&plain), Cow::Borrowed(_)));
    }

    #[test]
    fn markers_for_bidi_controls_controls_and_the_replacement_character() {
        assert_eq!(marker('\u{202E}').as_deref(), Some("\u{27E6}RLO\u{27E7}"));
        assert_eq!(marker('\u{200F}').as_deref(), Some("\u{27E6}RLM\u{27E7}"));
        assert_eq!(marker('\u{1B}').as_deref(), Some("\u{27E6}ESC\u{27E7}"));
        assert_eq!(marker('\u{7}').as_deref(), Some("\u{27E6}U+0007\u{27E7}"));
        assert_eq!(marker('\u{85}').as_deref(), Some("\u{27E6}U+0085\u{27E7}"));
        assert_eq!(marker('\u{FFFD}').as_deref(), Some("\u{27E6}?\u{27E7}"));
        for c in ['\n', '\t', 'a', 'ب', '\u{200D}', '\u{200C}', ' '] {
            assert_eq!(marker(c), None, "{c:?}");
        }
        assert_eq!(line_marker('\n').as_deref(), Some("\u{27E6}LF\u{27E7}"));
        assert_eq!(line_marker('\t').as_deref(), Some("\u{27E6}TAB\u{27E7}"));
        assert_eq!(REPLACEMENT_MARKER, "\u{27E6}?\u{27E7}");
    }

    #[test]
    fn every_control_character_and_bidi_control_is_marked() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let should = c.is_control() || is_bidi_control(c) || c == '\u{FFFD}';
            assert_eq!(line_marker(c).is_some(), should, "U+{:04X}", u32::from(c));
        }
        let names: Vec<&str> = BIDI_CONTROLS
            .iter()
            .chain(&OTHER_NAMED)
            .map(|n| n.short)
            .collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "short names are unique");
    }

    #[test]
    fn visible_text_and_lines() {
        assert!(matches!(visible("نص عادي\n"), Cow::Borrowed(_)));
        assert_eq!(
            visible("invoice\u{202E}txt.exe\n\u{1B}[2J"),
            "invoice\u{27E6}RLO\u{27E7}txt.exe\n\u{27E6}ESC\u{27E7}[2J"
        );
        assert_eq!(
            visible_line("no\nsuch\t\u{FFFD}.txt"),
            "no\u{27E6}LF\u{27E7}such\u{27E6}TAB\u{27E7}\u{27E6}?\u{27E7}.txt"
        );
        assert_eq!(describe('\u{202E}'), "U+202E RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(describe('\u{7}'), "U+0007 control character");
    }
}
