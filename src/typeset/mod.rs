//! The text engine: fonts, shaping, hyphenation and Knuth–Plass line breaking. It turns
//! paragraphs of styled text into lines of positioned glyphs; the PDF stage paginates and writes
//! them. Nothing here knows the model's blocks or any output format.

pub(crate) mod fasthash;
pub mod font;
pub mod hyphenate;
mod items;
pub mod linebreak;
mod margins;
pub mod paragraph;
mod preset;
pub mod shape;
pub mod units;

pub use font::{FaceId, Family, FontBook};
pub(crate) use items::is_address;
pub use paragraph::{
    Align, Chunk, GlyphRun, Line, LinkId, Object, Paint, Paragraph, PlacedGlyph, Shape, Style,
};
pub use shape::GlyphTexts;
pub use units::Pt;

/// Everything that persists between paragraphs: the fonts, and the caches of shaped words and
/// hyphenated words.
pub struct Typesetter {
    /// The faces.
    pub fonts: FontBook,
    /// Shaped-word cache.
    pub shaper: shape::Shaper,
    /// Hyphenation patterns and cache.
    pub hyphenator: hyphenate::Hyphenator,
    /// Line-breaking parameters.
    pub params: linebreak::Params,
    /// Paragraphs set ahead of time on other cores, waiting to be asked for.
    presets: preset::Memo,
    /// While layout only asks which paragraphs it will need: see [`Typesetter::record`].
    recording: Option<Vec<Paragraph>>,
    /// Whether paragraphs may be set on several cores ahead of layout.
    pub parallel: bool,
    /// A word's break points while its items are built, kept to reuse the allocation.
    breaks: Vec<(usize, items::BreakKind)>,
    /// A paragraph's items and what they stand for while it is set, kept likewise.
    items: (Vec<linebreak::Item>, Vec<items::Source>),
}

impl Typesetter {
    /// A typesetter with the shipped fonts and patterns.
    pub fn new() -> Result<Typesetter, String> {
        let params = linebreak::Params { expansion: 0.03, ..linebreak::Params::default() };
        Ok(Typesetter::new_with(FontBook::shipped()?, hyphenate::Hyphenator::new(), params))
    }

    /// A typesetter from its parts, with empty caches.
    pub fn new_with(
        fonts: FontBook,
        hyphenator: hyphenate::Hyphenator,
        params: linebreak::Params,
    ) -> Typesetter {
        Typesetter {
            fonts,
            shaper: shape::Shaper::new(),
            hyphenator,
            params,
            presets: preset::Memo::default(),
            recording: None,
            parallel: true,
            breaks: Vec::new(),
            items: (Vec::new(), Vec::new()),
        }
    }

    /// Readies a typesetter that set another book for the next one: the fonts, patterns and
    /// cached words carry over (most of a catalogue's words recur from book to book), nothing
    /// that would make one book's output depend on another does.
    pub fn next_book(&mut self) {
        self.shaper.next_book();
        self.presets = preset::Memo::default();
        self.recording = None;
    }
}

#[cfg(test)]
mod tests;
