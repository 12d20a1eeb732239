//! The colours of the marks, one palette for the window and the HTML report: a tint and a line
//! colour per kind of text (moved, variant, unique), the colour of dimmed boilerplate text, the
//! hover highlight and the outline of the current difference, for a light and a dark theme.
//!
//! Plain RGBA values (not premultiplied), so this module knows nothing of egui: the window turns
//! them into `Color32::from_rgba_unmultiplied`, the HTML report into CSS custom properties.

/// A colour: red, green, blue and alpha (255 is opaque), not premultiplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b, 255])
    }

    /// A colour with alpha.
    pub const fn translucent(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self([r, g, b, a])
    }

    /// An opaque grey.
    pub const fn gray(v: u8) -> Self {
        Self([v, v, v, 255])
    }

    /// The CSS form: `#rrggbb`, or `#rrggbbaa` when not opaque.
    pub fn css(self) -> String {
        let [r, g, b, a] = self.0;
        if a == 255 {
            format!("#{r:02x}{g:02x}{b:02x}")
        } else {
            format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
        }
    }
}

/// The background tint and the line (underline, outline) of one kind of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tint {
    /// Background behind the words (translucent).
    pub fill: Rgba,
    /// Underline or outline.
    pub line: Rgba,
}

/// The colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Palette {
    /// Boilerplate text (dimmed).
    pub dim_text: Rgba,
    /// Moved text.
    pub moved: Tint,
    /// Spelling variants.
    pub variant: Tint,
    /// Text only on one side.
    pub unique: Tint,
    /// The hovered passage and its counterpart.
    pub hover: Rgba,
    /// The current difference (the window's outline, the report's link target).
    pub current: Rgba,
}

/// Dark marks on a light background.
pub const LIGHT: Palette = Palette {
    dim_text: Rgba::gray(150),
    moved: Tint {
        fill: Rgba::translucent(60, 120, 240, 45),
        line: Rgba::rgb(30, 80, 200),
    },
    variant: Tint {
        fill: Rgba::translucent(240, 170, 0, 60),
        line: Rgba::rgb(160, 100, 0),
    },
    unique: Tint {
        fill: Rgba::translucent(230, 50, 50, 45),
        line: Rgba::rgb(190, 20, 20),
    },
    hover: Rgba::rgb(40, 40, 40),
    current: Rgba::rgb(0, 140, 70),
};

/// Light marks on a dark background.
pub const DARK: Palette = Palette {
    dim_text: Rgba::gray(120),
    moved: Tint {
        fill: Rgba::translucent(80, 140, 255, 60),
        line: Rgba::rgb(120, 170, 255),
    },
    variant: Tint {
        fill: Rgba::translucent(230, 180, 40, 60),
        line: Rgba::rgb(240, 200, 80),
    },
    unique: Tint {
        fill: Rgba::translucent(240, 80, 80, 70),
        line: Rgba::rgb(255, 120, 110),
    },
    hover: Rgba::rgb(230, 230, 230),
    current: Rgba::rgb(80, 220, 140),
};

impl Palette {
    /// The palette of the dark or the light theme.
    pub fn of(dark_mode: bool) -> &'static Self {
        if dark_mode { &DARK } else { &LIGHT }
    }
}

/// A sequential scale readable without colour vision and in both themes: cividis (dark blue
/// through grey to yellow, lightness rising steadily), for counts and shares such as a story's
/// similarity matrix. The number is always printed beside it.
pub const SEQUENTIAL: [Rgba; 9] = [
    Rgba::rgb(0x00, 0x22, 0x4e),
    Rgba::rgb(0x12, 0x35, 0x70),
    Rgba::rgb(0x3b, 0x49, 0x6c),
    Rgba::rgb(0x57, 0x5d, 0x6d),
    Rgba::rgb(0x70, 0x71, 0x73),
    Rgba::rgb(0x8a, 0x87, 0x79),
    Rgba::rgb(0xa6, 0x9d, 0x75),
    Rgba::rgb(0xc4, 0xb5, 0x6c),
    Rgba::rgb(0xfe, 0xe8, 0x38),
];

/// The colour at `t` in [0, 1] on [`SEQUENTIAL`] (0 dark blue, 1 yellow), interpolated.
pub fn sequential(t: f64) -> Rgba {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (SEQUENTIAL.len() - 1) as f64;
    let k = (x.floor() as usize).min(SEQUENTIAL.len() - 2);
    let f = x - k as f64;
    let (a, b) = (SEQUENTIAL[k].0, SEQUENTIAL[k + 1].0);
    let mix = |i: usize| (f64::from(a[i]) + (f64::from(b[i]) - f64::from(a[i])) * f).round() as u8;
    Rgba::rgb(mix(0), mix(1), mix(2))
}

/// Black or white, whichever reads better on `bg` (by relative luminance).
pub fn ink_on(bg: Rgba) -> Rgba {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b, _] = bg.0;
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // Contrast with black (l + 0.05) / 0.05 against white 1.05 / (l + 0.05).
    if (l + 0.05) * (l + 0.05) > 0.0525 {
        Rgba::rgb(0, 0, 0)
    } else {
        Rgba::rgb(255, 255, 255)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_colours() {
        assert_eq!(Rgba::rgb(30, 80, 200).css(), "#1e50c8");
        assert_eq!(Rgba::translucent(60, 120, 240, 45).css(), "#3c78f02d");
        assert_eq!(Palette::of(true), &DARK);
    }

    #[test]
    fn sequential_scale_ends_and_ink() {
        assert_eq!(sequential(0.0), SEQUENTIAL[0]);
        assert_eq!(sequential(1.0), SEQUENTIAL[8]);
        assert_eq!(ink_on(SEQUENTIAL[0]), Rgba::rgb(255, 255, 255));
        assert_eq!(ink_on(SEQUENTIAL[8]), Rgba::rgb(0, 0, 0));
    }
}
