//! Embedded fonts: each face used becomes a subset holding only the glyphs the book draws (new
//! glyph ids in order of first use), as a CID-keyed TrueType font with a ToUnicode map that gives
//! every glyph its text back — ligatures included ("ﬁ" reads as "fi").

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, GlyphId, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

use crate::typeset::shape::is_combining_accent;
use crate::typeset::{FaceId, FontBook};

/// The glyphs one face contributes, and their new ids in the subset.
#[derive(Debug, Default)]
pub struct UsedFace {
    remapper: subsetter::GlyphRemapper,
    /// Old id → new id + 1 (0: not yet used): a novel draws a million glyphs of a few hundred
    /// kinds, so lookups are an index, not a map.
    ids: Vec<u16>,
    /// New id → the text it stands for, once known.
    texts: Vec<Option<String>>,
    /// New id → advance in the original font's units.
    advances: Vec<u16>,
    /// New id → whether the glyph is a combining accent drawn as a glyph of its own.
    marks: Vec<bool>,
    /// Whether any glyph is: only then do page streams look for words holding one.
    has_marks: bool,
}

impl UsedFace {
    /// Records a glyph of `face`, and the text it stands for once one is known (`text` is asked
    /// only then: a novel draws a million glyphs of a few hundred kinds, so the usual case, a
    /// glyph seen before with its text, is inlined into the caller's loop).
    #[inline]
    pub fn add<'a>(
        &mut self,
        fonts: &FontBook,
        face: FaceId,
        gid: u16,
        text: impl FnOnce() -> Option<&'a str>,
    ) {
        let new = match self.ids.get(usize::from(gid)) {
            Some(&known) if known != 0 => known - 1,
            _ => self.first_use(fonts, face, gid),
        };
        // A glyph first met inside a cluster has no text; a later use may give it one.
        let known = &mut self.texts[usize::from(new)];
        if known.is_none()
            && let Some(text) = text().filter(|t| !t.is_empty())
        {
            if text.chars().next().is_some_and(is_combining_accent) {
                self.marks[usize::from(new)] = true;
                self.has_marks = true;
            }
            *known = Some(text.to_string());
        }
    }

    /// Gives a glyph met for the first time its id in the subset.
    #[cold]
    fn first_use(&mut self, fonts: &FontBook, face: FaceId, gid: u16) -> u16 {
        let slot = usize::from(gid);
        let new = self.remapper.remap(gid);
        if self.ids.len() <= slot {
            self.ids.resize(slot + 1, 0);
        }
        self.ids[slot] = new.saturating_add(1);
        let advance =
            fonts.face(face).shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid)).unwrap_or(0);
        let at = usize::from(new);
        if self.advances.len() <= at {
            self.advances.resize(at + 1, 0);
            self.texts.resize(at + 1, None);
            self.marks.resize(at + 1, false);
        }
        self.advances[at] = advance;
        new
    }

    /// A recorded glyph's advance in font units.
    pub fn advance(&self, gid: u16) -> u16 {
        self.advances.get(usize::from(self.id(gid))).copied().unwrap_or(0)
    }

    /// Whether any recorded glyph is a combining accent of its own.
    pub fn has_marks(&self) -> bool {
        self.has_marks
    }

    /// Whether a recorded glyph is a combining accent of its own.
    pub fn is_mark(&self, gid: u16) -> bool {
        self.marks.get(usize::from(self.id(gid))).copied().unwrap_or(false)
    }

    /// The text a recorded glyph stands for ("" for a ligature's or cluster's later glyphs).
    pub fn text(&self, gid: u16) -> &str {
        self.texts.get(usize::from(self.id(gid))).and_then(|t| t.as_deref()).unwrap_or("")
    }

    /// Each new id with the text it stands for, in id order.
    fn texts(&self) -> impl Iterator<Item = (u16, &str)> {
        self.texts.iter().enumerate().filter_map(|(g, t)| Some((g as u16, t.as_deref()?)))
    }

    /// Whether glyphs are written as two-byte codes: a subset of at most 256 glyphs (most faces
    /// of most books) takes one byte a glyph, a novel's page text a quarter shorter to compress.
    pub fn wide(&self) -> bool {
        self.remapper.num_gids() > 256
    }

    /// A recorded glyph's id in the subset.
    pub fn id(&self, gid: u16) -> u16 {
        self.ids.get(usize::from(gid)).map_or(0, |&known| known.saturating_sub(1))
    }
}

/// Every face the document uses.
#[derive(Debug, Default)]
pub struct UsedFonts {
    faces: BTreeMap<FaceId, UsedFace>,
}

impl UsedFonts {
    /// The glyphs of a face, to record them.
    pub fn face_mut(&mut self, face: FaceId) -> &mut UsedFace {
        self.faces.entry(face).or_default()
    }

    /// The glyphs of a face recorded so far.
    pub fn face(&self, face: FaceId) -> Option<&UsedFace> {
        self.faces.get(&face)
    }

    /// The resource name of a face in content streams.
    pub fn name(face: FaceId) -> String {
        format!("F{}", face.0)
    }

    /// Writes every used face; `next` hands out object ids. Returns (face, font dictionary id).
    pub fn write(
        &self,
        pdf: &mut Pdf,
        fonts: &FontBook,
        next: &mut dyn FnMut() -> Ref,
    ) -> Result<Vec<(FaceId, Ref)>, String> {
        let mut out = Vec::new();
        // Faces of one-byte codes share an encoding: code n is glyph n of the subset.
        let narrow = self.faces.values().any(|f| !f.wide()).then(|| {
            let id = next();
            pdf.cmap(id, ONE_BYTE_CMAP.as_bytes())
                .name(Name(ONE_BYTE_CMAP_NAME.as_bytes()))
                .system_info(identity());
            id
        });
        for (&face_id, used) in &self.faces {
            let face = fonts.face(face_id);
            let subset = subsetter::subset(face.file.bytes, 0, &used.remapper)
                .map_err(|e| format!("cannot subset {}: {e}", face.file.file_name))?;
            let (type0, cid, descriptor, file, cmap) = (next(), next(), next(), next(), next());
            // A subset tag derived from the glyphs, so the same book gives the same name.
            let tag = subset_tag(used.texts());
            let ps = face.file.file_name.trim_end_matches(".ttf").trim_end_matches(".otf");
            let base = format!("{tag}+{ps}");
            let per_em = f32::from(face.per_em);
            let scale = |v: f32| v * 1000.0 / per_em;

            let mut t0 = pdf.type0_font(type0);
            t0.base_font(Name(base.as_bytes())).descendant_font(cid).to_unicode(cmap);
            match narrow.filter(|_| !used.wide()) {
                Some(encoding) => t0.encoding_cmap(encoding),
                None => t0.encoding_predefined(Name(b"Identity-H")),
            };
            t0.finish();
            let mut c = pdf.cid_font(cid);
            c.subtype(CidFontType::Type2)
                .base_font(Name(base.as_bytes()))
                .system_info(identity())
                .font_descriptor(descriptor)
                .default_width(0.0)
                .cid_to_gid_map_predefined(Name(b"Identity"));
            let count = used.remapper.num_gids();
            let widths: Vec<f32> = (0..count)
                .map(|g| scale(f32::from(used.advances.get(usize::from(g)).copied().unwrap_or(0))))
                .collect();
            c.widths().consecutive(0, widths);
            c.finish();

            let bbox = face.shaper.global_bounding_box();
            let italic = matches!(
                face.file.style,
                crate::fonts::FontStyle::Italic | crate::fonts::FontStyle::BoldItalic
            );
            let mut flags = FontFlags::NON_SYMBOLIC;
            if face.file.family.contains("Serif") {
                flags |= FontFlags::SERIF;
            }
            if italic {
                flags |= FontFlags::ITALIC;
            }
            pdf.font_descriptor(descriptor)
                .name(Name(base.as_bytes()))
                .flags(flags)
                .bbox(Rect::new(
                    scale(f32::from(bbox.x_min)),
                    scale(f32::from(bbox.y_min)),
                    scale(f32::from(bbox.x_max)),
                    scale(f32::from(bbox.y_max)),
                ))
                .italic_angle(face.shaper.italic_angle())
                .ascent(scale(face.ascender.0 as f32))
                .descent(scale(face.descender.0 as f32))
                .cap_height(scale(face.cap_height.0 as f32))
                .stem_v(if face.file.style.css_weight() > 400 { 140.0 } else { 80.0 })
                .font_file2(file);
            let compressed = super::deflate(&subset);
            pdf.stream(file, &compressed)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Length1"), subset.len() as i32);

            if used.wide() {
                write_to_unicode(pdf, cmap, used, |gid| gid);
            } else {
                write_to_unicode(pdf, cmap, used, |gid| u8::try_from(gid).unwrap_or(0));
            }
            out.push((face_id, type0));
        }
        Ok(out)
    }
}

/// Six capital letters from the glyph set, as PDF wants for subset names.
fn subset_tag<'a>(texts: impl Iterator<Item = (u16, &'a str)>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (g, t) in texts {
        for b in g.to_le_bytes().iter().chain(t.as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6).map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8)).collect()
}

/// A face's ToUnicode map, its codes as wide as the content streams write them.
fn write_to_unicode<G: GlyphId>(pdf: &mut Pdf, id: Ref, used: &UsedFace, code: impl Fn(u16) -> G) {
    let ucs = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"UCS"), supplement: 0 };
    let mut map = UnicodeCmap::<G>::new(Name(b"Custom"), ucs);
    for (gid, text) in used.texts() {
        map.pair_with_multiple(code(gid), text.chars());
    }
    pdf.cmap(id, &map.finish());
}

/// Adobe-Identity-0: CIDs are the subset's glyph ids.
fn identity() -> SystemInfo<'static> {
    SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 }
}

/// The name readers know this CMap by (pdfminer reads an embedded encoding CMap by name only).
const ONE_BYTE_CMAP_NAME: &str = "OneByteIdentityH";

/// The encoding of one-byte faces: each code 00–FF is the CID of the same number (Identity-H
/// with one-byte codes, which PDF does not predefine).
const ONE_BYTE_CMAP: &str = "%!PS-Adobe-3.0 Resource-CMap
%%DocumentNeededResources: ProcSet (CIDInit)
%%IncludeResource: ProcSet (CIDInit)
%%BeginResource: CMap (OneByteIdentityH)
%%Title: (OneByteIdentityH Adobe Identity 0)
%%Version: 1
%%EndComments
/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo 3 dict dup begin
/Registry (Adobe) def
/Ordering (Identity) def
/Supplement 0 def
end def
/CMapName /OneByteIdentityH def
/CMapVersion 1 def
/CMapType 1 def
/WMode 0 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 begincidrange
<00> <FF> 0
endcidrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
%%EndResource
%%EOF";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::typeset::Family;

    /// The PDF objects written for one face holding `glyphs` glyphs (.notdef included).
    fn written(glyphs: u16) -> (bool, String) {
        let fonts = FontBook::shipped().unwrap();
        let face = fonts.select(Family::Serif, FontStyle::Regular);
        let mut used = UsedFonts::default();
        for gid in 1..glyphs {
            used.face_mut(face).add(&fonts, face, gid, || Some("x"));
        }
        let wide = used.face(face).unwrap().wide();
        let mut pdf = Pdf::new();
        let mut n = 0;
        used.write(&mut pdf, &fonts, &mut || {
            n += 1;
            Ref::new(n)
        })
        .unwrap();
        (wide, String::from_utf8_lossy(&pdf.finish()).into_owned())
    }

    #[test]
    fn a_face_of_up_to_256_glyphs_is_encoded_in_one_byte_and_a_larger_in_two() {
        let (wide, pdf) = written(256);
        assert!(!wide);
        assert!(!pdf.contains("Identity-H"), "{pdf}");
        assert!(pdf.contains("/Encoding 1 0 R") && pdf.contains("/CMapName /OneByteIdentityH"));
        assert!(pdf.contains("begincidrange\n<00> <FF> 0\nendcidrange"));
        // The ToUnicode map reads the same one-byte codes: glyph 255 is the last "x".
        assert!(pdf.contains("<00> <FF>\nendcodespacerange") && pdf.contains("<FF> <0078>"), "{pdf}");

        let (wide, pdf) = written(257);
        assert!(wide);
        assert!(pdf.contains("/Encoding /Identity-H") && !pdf.contains("OneByteIdentityH"));
        assert!(pdf.contains("<0000> <FFFF>\nendcodespacerange") && pdf.contains("<0100> <0078>"), "{pdf}");
    }
}
