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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_colours() {
        assert_eq!(Rgba::rgb(30, 80, 200).css(), "#1e50c8");
        assert_eq!(Rgba::translucent(60, 120, 240, 45).css(), "#3c78f02d");
        assert_eq!(Palette::of(true), &DARK);
    }
}
