//! What each glyph stands for, per face: the text a PDF's ToUnicode map gives back for it.

use std::sync::Arc;

use super::Shaped;
use crate::typeset::font::FaceId;

/// The text each glyph stands for, per face: what a PDF's ToUnicode map and the layout's reading
/// of note marks need, kept once per glyph rather than on each of a novel's million placed glyphs.
/// When one glyph stands for several texts the smallest wins, so the table does not depend on the
/// order words were met in, or on how many threads met them.
#[derive(Debug, Default, Clone)]
pub struct GlyphTexts {
    /// Per face (by index), per glyph id: found without hashing, since every glyph of each new
    /// word is noted (a Russian novel's 50,000 new words put a hash lookup on half a million).
    faces: Vec<Vec<Option<Arc<str>>>>,
}

impl GlyphTexts {
    /// The text a glyph stands for, if it was ever shaped; U+FFFD for the box a face draws for a
    /// character it lacks.
    pub fn get(&self, face: FaceId, id: u16) -> Option<&str> {
        if id == NOTDEF {
            return Some(REPLACEMENT);
        }
        self.faces.get(usize::from(face.0))?.get(usize::from(id))?.as_deref()
    }

    fn note(&mut self, face: FaceId, id: u16, text: &str) {
        // The box stands for every character the face lacks: it took the smallest of them, and
        // a book's Chinese read back as the Arabic letter it also lacked.
        if text.is_empty() || id == NOTDEF {
            return;
        }
        let f = usize::from(face.0);
        if self.faces.len() <= f {
            self.faces.resize(f + 1, Vec::new());
        }
        let glyphs = &mut self.faces[f];
        let id = usize::from(id);
        if glyphs.len() <= id {
            glyphs.resize(id + 1, None);
        }
        match &mut glyphs[id] {
            Some(known) if **known <= *text => {}
            slot => *slot = Some(Arc::from(text)),
        }
    }

    /// Notes what each glyph of a shaped word stands for.
    pub(super) fn note_word(&mut self, shaped: &Shaped) {
        for (i, g) in shaped.glyphs.iter().enumerate() {
            self.note(shaped.face, g.id, shaped.glyph_text(i));
        }
    }

    /// Takes in what another shaper learned.
    pub fn merge(&mut self, other: GlyphTexts) {
        for (face, glyphs) in other.faces.into_iter().enumerate() {
            for (id, text) in glyphs.into_iter().enumerate() {
                if let (Some(text), Ok(face), Ok(id)) = (text, u8::try_from(face), u16::try_from(id)) {
                    self.note(FaceId(face), id, &text);
                }
            }
        }
    }
}

/// The glyph a face draws for a character it has none for (a box, or nothing).
const NOTDEF: u16 = 0;

/// What that glyph reads back as: it stands for whichever character was missing.
const REPLACEMENT: &str = "\u{FFFD}";
