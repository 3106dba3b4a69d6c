//! The faces a book is set in: the shipped families, loaded once from bytes, with the metrics
//! the typesetter needs in font units and the style each inline asks for.

use crate::fonts::{self, FontFile, FontStyle};

use super::units::{FontUnits, Pt};

/// Index of a face in a [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u8);

/// The text family or the display family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Noto Serif: body text.
    Serif,
    /// Noto Sans: headings and display.
    Sans,
    /// Noto Sans Mono: code.
    Mono,
    /// Noto Sans Math: the symbols of formulas the text face lacks.
    Math,
}

/// One face, parsed.
pub struct Face {
    /// The file it came from.
    pub file: &'static FontFile,
    /// The parsed face, for shaping and metrics.
    pub shaper: rustybuzz::Face<'static>,
    /// Design units per em.
    pub per_em: u16,
    /// Height above the baseline, font units.
    pub ascender: FontUnits,
    /// Depth below the baseline (negative), font units.
    pub descender: FontUnits,
    /// Height of capitals.
    pub cap_height: FontUnits,
    /// Height of lower-case x.
    pub x_height: FontUnits,
    /// The glyph of U+0020, looked up once: the PDF draws one in every word space.
    pub space: Option<u16>,
    /// Every glyph the same width (the font says so): code, which takes no added hyphens.
    pub monospaced: bool,
    /// This entry sets the font's own small capitals (its `smcp` feature) for lower-case letters.
    pub small_caps: bool,
}

impl Face {
    fn load(file: &'static FontFile) -> Result<Face, String> {
        let shaper = rustybuzz::Face::from_slice(file.bytes, 0)
            .ok_or_else(|| format!("cannot read the font {}", file.file_name))?;
        let per_em = shaper.units_per_em() as u16;
        let ascender = FontUnits(i32::from(shaper.ascender()));
        let descender = FontUnits(i32::from(shaper.descender()));
        let cap_height =
            FontUnits(i32::from(shaper.capital_height().unwrap_or((per_em as f32 * 0.7) as i16)));
        let x_height = FontUnits(i32::from(shaper.x_height().unwrap_or((per_em as f32 * 0.5) as i16)));
        let space = shaper.glyph_index(' ').map(|g| g.0);
        let monospaced = shaper.is_monospaced();
        let small_caps = false;
        Ok(Face {
            file,
            shaper,
            per_em,
            ascender,
            descender,
            cap_height,
            x_height,
            space,
            monospaced,
            small_caps,
        })
    }

    /// Whether the font has small capitals of its own.
    fn has_small_caps(&self) -> bool {
        let smcp = rustybuzz::ttf_parser::Tag::from_bytes(b"smcp");
        self.shaper.tables().gsub.is_some_and(|gsub| gsub.features.find(smcp).is_some())
    }

    /// A length in this face's units at a size.
    pub fn pt(&self, units: FontUnits, size: Pt) -> Pt {
        units.at(size, self.per_em)
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

/// Every face available to a book.
pub struct FontBook {
    faces: Vec<Face>,
    index: Vec<(Family, FontStyle, FaceId)>,
    /// Each face with small capitals of its own, and the entry that sets them.
    small_caps: Vec<(FaceId, FaceId)>,
}

impl FontBook {
    /// The fonts folio ships.
    pub fn shipped() -> Result<FontBook, String> {
        let mut faces = Vec::new();
        let mut index = Vec::new();
        // Appended in this order, so a face keeps its id (and the PDF its resource names) as
        // families are added.
        let families = [
            (Family::Serif, &fonts::SERIF[..]),
            (Family::Sans, &fonts::SANS[..]),
            (Family::Mono, &fonts::MONO[..]),
            (Family::Math, &fonts::MATH[..]),
            (Family::Sans, &fonts::SANS_ITALIC[..]),
            (Family::Mono, &fonts::MONO_BOLD[..]),
        ];
        for (family, files) in families {
            for file in files {
                index.push((family, file.style, FaceId(faces.len() as u8)));
                faces.push(Face::load(file)?);
            }
        }
        // The text faces' small capitals, as entries of their own after every face, so that
        // words shaped with them are cached apart and the PDF embeds them as a font of theirs.
        let mut small_caps = Vec::new();
        for (family, _, id) in index.clone() {
            let face = &faces[usize::from(id.0)];
            if matches!(family, Family::Serif | Family::Sans) && face.has_small_caps() {
                small_caps.push((id, FaceId(faces.len() as u8)));
                faces.push(Face { small_caps: true, ..Face::load(face.file)? });
            }
        }
        Ok(FontBook { faces, index, small_caps })
    }

    /// The entry setting a face's own small capitals, if it has them.
    pub fn small_caps(&self, face: FaceId) -> Option<FaceId> {
        self.small_caps.iter().find(|(f, _)| *f == face).map(|(_, s)| *s)
    }

    /// A face by id.
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[usize::from(id.0).min(self.faces.len() - 1)]
    }

    /// All faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        self.faces.iter().enumerate().map(|(i, f)| (FaceId(i as u8), f))
    }

    /// The face for a family and style; the nearest style when the family lacks it (Noto Sans
    /// Mono has no italic: its upright stands in).
    pub fn select(&self, family: Family, style: FontStyle) -> FaceId {
        let find = |style: FontStyle| self.index.iter().find(|(f, s, _)| *f == family && *s == style);
        let bold = matches!(style, FontStyle::Bold | FontStyle::BoldItalic);
        let near = if bold { FontStyle::Bold } else { FontStyle::Regular };
        let found = find(style).or_else(|| find(near)).or_else(|| find(FontStyle::Regular));
        found.map_or(FaceId(0), |(_, _, id)| *id)
    }

    /// A face with a glyph for `c`: `wanted`, else the math face (a symbol the text face lacks
    /// is most likely mathematical, and the monospaced face's would stand a column wide), else
    /// the first that has one.
    pub fn covering(&self, wanted: FaceId, c: char) -> Option<FaceId> {
        if self.face(wanted).covers(c) {
            return Some(wanted);
        }
        let math = self.select(Family::Math, FontStyle::Regular);
        if self.face(math).covers(c) {
            return Some(math);
        }
        self.faces().find(|(_, f)| f.covers(c)).map(|(id, _)| id)
    }
}
