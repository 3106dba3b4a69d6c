//! The model's inlines as styled chunks for the text engine: emphasis to italic (and back inside
//! italic), strong to bold, note references raised and smaller, small caps as reduced capitals.

use crate::fonts::FontStyle;
use crate::model::Inline;
use crate::typeset::{Chunk, Family, FontBook, Pt, Style};

/// How a run of text is to look before faces are chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Serif or sans.
    pub family: Family,
    /// Italic.
    pub italic: bool,
    /// Bold.
    pub bold: bool,
    /// Size.
    pub size: Pt,
    /// Baseline shift.
    pub rise: Pt,
}

impl Look {
    /// Body text at a size.
    pub fn body(size: Pt) -> Look {
        Look { family: Family::Serif, italic: false, bold: false, size, rise: Pt::ZERO }
    }

    /// The face and size for a font book.
    pub fn style(&self, fonts: &FontBook) -> Style {
        let style = match (self.bold, self.italic) {
            (false, false) => FontStyle::Regular,
            (false, true) => FontStyle::Italic,
            (true, false) => FontStyle::Bold,
            (true, true) => FontStyle::BoldItalic,
        };
        Style { face: fonts.select(self.family, style), size: self.size, rise: self.rise }
    }
}

/// Chunks for inlines; note references call `note` to learn their printed mark.
pub fn chunks(
    inlines: &[Inline],
    look: Look,
    fonts: &FontBook,
    note: &mut dyn FnMut(u32) -> String,
) -> Vec<Chunk> {
    let mut out = Vec::new();
    push(inlines, look, fonts, note, &mut out);
    out
}

fn push(
    inlines: &[Inline],
    look: Look,
    fonts: &FontBook,
    note: &mut dyn FnMut(u32) -> String,
    out: &mut Vec<Chunk>,
) {
    let text = |t: &str, l: Look, out: &mut Vec<Chunk>| {
        let style = l.style(fonts);
        match out.last_mut() {
            Some(Chunk::Text { text, style: s }) if *s == style => text.push_str(t),
            _ => out.push(Chunk::Text { text: t.to_string(), style }),
        }
    };
    for inline in inlines {
        match inline {
            Inline::Text(t) => text(t, look, out),
            Inline::Emphasis(c) => push(c, Look { italic: !look.italic, ..look }, fonts, note, out),
            Inline::Strong(c) => push(c, Look { bold: true, ..look }, fonts, note, out),
            Inline::SmallCaps(c) => {
                let upper: Vec<Inline> = c
                    .iter()
                    .map(|i| match i {
                        Inline::Text(t) => Inline::Text(t.to_uppercase()),
                        other => other.clone(),
                    })
                    .collect();
                push(&upper, Look { size: look.size * 0.82, ..look }, fonts, note, out)
            }
            Inline::Superscript(c) => {
                push(c, Look { size: look.size * 0.7, rise: look.size * 0.33, ..look }, fonts, note, out)
            }
            Inline::Subscript(c) => {
                push(c, Look { size: look.size * 0.7, rise: look.size * -0.15, ..look }, fonts, note, out)
            }
            Inline::Strikethrough(c) | Inline::Foreign(_, c) | Inline::Link { children: c, .. } => {
                push(c, look, fonts, note, out)
            }
            Inline::Code(t) => text(t, Look { family: Family::Sans, size: look.size * 0.9, ..look }, out),
            Inline::Image { alt, .. } => text(alt, look, out),
            Inline::NoteRef(id) => {
                let mark = note(id.0);
                text(
                    &mark,
                    Look { size: look.size * 0.65, rise: look.size * 0.38, italic: false, ..look },
                    out,
                )
            }
            Inline::LineBreak => out.push(Chunk::Break),
        }
    }
}
