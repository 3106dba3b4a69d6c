//! The fonts folio ships (from `fonts/`), built into the binary so a build needs nothing from the
//! system: Noto Serif for text, Noto Sans for display, Noto Sans Mono (and its bold) for code; all cover Latin
//! and full Cyrillic with Kazakh.

/// Upright or italic, regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    /// Roman.
    Regular,
    /// Italic.
    Italic,
    /// Bold roman.
    Bold,
    /// Bold italic.
    BoldItalic,
}

impl FontStyle {
    /// CSS `font-style`.
    pub fn css_style(self) -> &'static str {
        match self {
            FontStyle::Italic | FontStyle::BoldItalic => "italic",
            _ => "normal",
        }
    }

    /// CSS `font-weight`.
    pub fn css_weight(self) -> u16 {
        match self {
            FontStyle::Bold | FontStyle::BoldItalic => 700,
            _ => 400,
        }
    }
}

/// One font file.
#[derive(Debug, Clone, Copy)]
pub struct FontFile {
    /// Family name as CSS and PDF name it.
    pub family: &'static str,
    /// Which member of the family.
    pub style: FontStyle,
    /// File name in `fonts/`.
    pub file_name: &'static str,
    /// The font.
    pub bytes: &'static [u8],
}

macro_rules! font {
    ($family:literal, $style:ident, $file:literal) => {
        FontFile {
            family: $family,
            style: FontStyle::$style,
            file_name: $file,
            bytes: include_bytes!(concat!("../fonts/", $file)),
        }
    };
}

/// The text face in its four styles.
pub const SERIF: [FontFile; 4] = [
    font!("Noto Serif", Regular, "NotoSerif-Regular.ttf"),
    font!("Noto Serif", Italic, "NotoSerif-Italic.ttf"),
    font!("Noto Serif", Bold, "NotoSerif-Bold.ttf"),
    font!("Noto Serif", BoldItalic, "NotoSerif-BoldItalic.ttf"),
];

/// The display face for covers, headings and running heads.
pub const SANS: [FontFile; 2] =
    [font!("Noto Sans", Regular, "NotoSans-Regular.ttf"), font!("Noto Sans", Bold, "NotoSans-Bold.ttf")];

/// The display face's italics, for emphasis in a heading or the title (`On *Hamlet*`). Apart
/// from `SANS` and listed after every other face, so the faces before them keep their places.
pub const SANS_ITALIC: [FontFile; 2] = [
    font!("Noto Sans", Italic, "NotoSans-Italic.ttf"),
    font!("Noto Sans", BoldItalic, "NotoSans-BoldItalic.ttf"),
];

/// The face code is set in: every character the same width, so a program's columns line up.
pub const MONO: [FontFile; 1] = [font!("Noto Sans Mono", Regular, "NotoSansMono-Regular.ttf")];

/// Code's bold, for code in a heading, a table's head or strong emphasis: in the regular, a
/// heading made of code (`` ## `--create` ``) read as a line of the text. After every other
/// face, so the faces before it keep their places.
pub const MONO_BOLD: [FontFile; 1] = [font!("Noto Sans Mono", Bold, "NotoSansMono-Bold.ttf")];

/// The face a formula's operators and symbols come from where the text face has none (− ≤ √
/// ∑ → ∞): Noto Serif has hardly any mathematical symbol.
pub const MATH: [FontFile; 1] = [font!("Noto Sans Math", Regular, "NotoSansMath-Regular.ttf")];

/// Every shipped font.
pub fn all() -> impl Iterator<Item = &'static FontFile> {
    let display = SANS.iter().chain(MONO.iter()).chain(MATH.iter()).chain(SANS_ITALIC.iter());
    SERIF.iter().chain(display).chain(MONO_BOLD.iter())
}

/// The licence the shipped fonts come under, embedded beside them in outputs.
pub const LICENSE: &str = include_str!("../fonts/OFL.txt");

#[cfg(test)]
mod tests {
    use ab_glyph::{Font, FontRef};

    #[test]
    fn every_shipped_font_covers_kazakh_russian_and_book_punctuation() {
        let needed = "ӘәҒғҚқҢңӨөҰұҮүҺһІіЁёЙйЪъЫыЭэЮюЯя«»„“”‘’—–…№\u{202F}\u{A0}";
        // The math face sets symbols only, never words.
        for f in super::all().filter(|f| f.family != super::MATH[0].family) {
            let face = FontRef::try_from_slice(f.bytes).expect("font parses");
            let missing: String = needed.chars().filter(|c| face.glyph_id(*c).0 == 0).collect();
            assert!(missing.is_empty(), "{} lacks {missing}", f.file_name);
        }
    }

    #[test]
    fn the_math_face_has_every_symbol_a_formula_may_need_that_the_text_face_lacks() {
        let text = FontRef::try_from_slice(super::SERIF[0].bytes).expect("font parses");
        let math = FontRef::try_from_slice(super::MATH[0].bytes).expect("font parses");
        let symbols = "−±×÷·≤≥≠≈≡∼∝∞∂∇∀∃∅∈∉⊂⊆∪∩∧∨∑∏∫√→←⇒⇔↦⟨⟩⌊⌋⌈⌉";
        let lacking: String = symbols.chars().filter(|c| text.glyph_id(*c).0 == 0).collect();
        assert!(lacking.chars().count() > 20, "the text face has them after all: {lacking}");
        let missing: String = lacking.chars().filter(|c| math.glyph_id(*c).0 == 0).collect();
        assert!(missing.is_empty(), "Noto Sans Math lacks {missing}");
    }
}
