//! The EPUB's fonts cut down to the characters its text can need, as standalone fonts a reading
//! system shapes with: `cmap`, kerning and marks (GPOS), ligatures and small capitals (GSUB) and
//! every per-glyph table are cut to the kept glyphs, renumbered, by `skera`, Google's port of
//! HarfBuzz's subsetter. The PDF's subsetter (`subsetter`) drops `cmap`, which a PDF does
//! without and a reading system cannot.
//!
//! A character is kept when the book's text has it, or its other case, or its other Unicode
//! normal form, or when a reading system may add it (ASCII, hyphens, ellipsis, no-break space);
//! the subsetter keeps with them every glyph a substitution can make from theirs and every glyph
//! a kept composite is built from.

use read_fonts::FontRef;
use read_fonts::collections::IntSet;
use read_fonts::types::{NameId, Tag};
use rustybuzz::ttf_parser;
use skera::{Plan, SubsetFlags};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Characters a book's text uses, as a set over Unicode scalar values.
#[derive(Debug, Clone)]
pub struct Chars {
    bits: Vec<u64>,
}

impl Chars {
    /// The characters of some texts, with those a reading system may set beside them.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Chars {
        let mut chars = Chars { bits: vec![0; 0x1_0000 / 64] };
        // The two-byte characters' own bits, U+0080 to U+07FF: indexed by their masked bytes,
        // which no index can leave, so setting one needs no bounds check.
        let mut two = [0u64; 0x800 / 64];
        for text in texts {
            // Markup and most of an English book are ASCII, all of which is added below, and
            // Cyrillic, Greek and Latin letters with accents take two bytes: those are read from
            // the bytes (twice as fast over a Russian novel as decoding), the rest decoded.
            let bytes = text.as_bytes();
            let mut i = 0;
            while let Some(&b) = bytes.get(i) {
                if b < 0x80 {
                    i += 1;
                    // A run of ASCII, eight bytes at a time.
                    while let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                        if u64::from_le_bytes(word) & 0x8080_8080_8080_8080 != 0 {
                            break;
                        }
                        i += 8;
                    }
                } else if b < 0xE0 {
                    if let Some(&next) = bytes.get(i + 1) {
                        let n = (usize::from(b & 0x1F) << 6) | usize::from(next & 0x3F);
                        two[n / 64] |= 1 << (n % 64);
                    }
                    i += 2;
                } else {
                    let c = text.get(i..).and_then(|t| t.chars().next());
                    c.into_iter().for_each(|c| chars.insert(c));
                    i += c.map_or(1, char::len_utf8);
                }
            }
        }
        for (word, bits) in chars.bits.iter_mut().zip(two) {
            *word |= bits;
        }
        // Hyphens, CSS-generated text ("* * *"), quotation marks, list numbers and bullets come
        // from the reading system, and `small-caps` without a font feature is faked from capitals.
        let punctuation = [
            '\u{A0}', '\u{AB}', '\u{AD}', '\u{B7}', '\u{BB}', '\u{2022}', '\u{2039}', '\u{203A}', '\u{25CC}',
        ];
        for c in (' '..='~').chain(punctuation).chain('\u{2010}'..='\u{2027}') {
            chars.insert(c);
        }
        for c in chars.iter().collect::<Vec<_>>() {
            for other in c.to_uppercase().chain(c.to_lowercase()) {
                chars.insert(other);
            }
        }
        // A reader's shaper takes apart a letter the font lacks (é → e + ◌́) and joins a letter
        // and its accent into the one glyph the font has (e + ◌́ → é): both forms are kept.
        let mut marks = false;
        for c in chars.iter().collect::<Vec<_>>() {
            marks |= is_combining_mark(c);
            decompose_canonical(c, |part| chars.insert(part));
        }
        if marks {
            let mut joined = Vec::new();
            for c in '\u{C0}'..='\u{FFFF}' {
                let mut within = true;
                decompose_canonical(c, |part| within &= chars.contains(part));
                if within {
                    joined.push(c);
                }
            }
            joined.into_iter().for_each(|c| chars.insert(c));
        }
        chars
    }

    fn contains(&self, c: char) -> bool {
        let n = c as usize;
        self.bits.get(n / 64).is_some_and(|word| word & (1 << (n % 64)) != 0)
    }

    fn insert(&mut self, c: char) {
        let n = c as usize;
        if n / 64 >= self.bits.len() {
            self.bits.resize(n / 64 + 1, 0);
        }
        self.bits[n / 64] |= 1 << (n % 64);
    }

    /// The characters, in order.
    pub fn iter(&self) -> impl Iterator<Item = char> + '_ {
        // Set bits only, lowest first: most of the 65,536 are clear.
        self.bits.iter().enumerate().filter(|(_, word)| **word != 0).flat_map(|(i, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                let bit = (rest != 0).then(|| rest.trailing_zeros())?;
                rest &= rest - 1;
                char::from_u32(i as u32 * 64 + bit)
            })
        })
    }
}

/// The font cut down to `chars`, or `None` when the subsetter cannot read or cut it (the font
/// then goes in whole, which is always right, only larger).
pub fn cut(font: &[u8], chars: &Chars) -> Option<Vec<u8>> {
    let face = FontRef::new(font).ok()?;
    let unicodes: IntSet<u32> = chars.iter().map(u32::from).collect();
    let drop_tables: IntSet<Tag> = skera::DEFAULT_DROP_TABLES.iter().copied().collect();
    // Every script, so a Kazakh or Serbian reader's `locl` forms stay; HarfBuzz's default
    // features (kerning, marks, ligatures, fractions) and the small capitals the stylesheet asks
    // for. Stylistic sets, old-style and tabular figures no rule of ours turns on go.
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let mut features: IntSet<Tag> = skera::DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    features.insert(Tag::new(b"smcp"));
    // The font's names, and its licence and where to read it (the OFL travels with the font).
    let names: IntSet<NameId> = [0u16, 1, 2, 3, 4, 5, 6, 13, 14].into_iter().map(NameId::new).collect();
    let languages: IntSet<u16> = [0x0409].into_iter().collect();
    let plan = Plan::new(
        &IntSet::empty(),
        &unicodes,
        &face,
        SubsetFlags::default(),
        &drop_tables,
        &scripts,
        &features,
        &names,
        &languages,
    );
    let subset = skera::subset_font(&face, &plan).ok()?;
    // A reading system falls back to another font for a character this one does not map, and
    // would set it in the wrong face: a subset that lost one the font has is not used.
    let (whole, cut) = (ttf_parser::Face::parse(font, 0).ok()?, ttf_parser::Face::parse(&subset, 0).ok()?);
    let lost = chars.iter().any(|c| whole.glyph_index(c).is_some() && cut.glyph_index(c).is_none());
    (!lost).then_some(subset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::SERIF;
    use rustybuzz::ttf_parser::{Face, GlyphId, Rect};

    /// What a reading system draws for a text: each glyph's advance, offset and outline bounds,
    /// with the features given (`smcp` for small capitals) — glyph ids differ between a font and
    /// its subset, the drawing may not.
    fn drawn(font: &[u8], text: &str, features: &[&str]) -> Vec<(i32, i32, Option<Rect>)> {
        let face = rustybuzz::Face::from_slice(font, 0).unwrap();
        let features: Vec<rustybuzz::Feature> = features.iter().map(|f| f.parse().unwrap()).collect();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let out = rustybuzz::shape(&face, &features, buffer);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(i, p)| (p.x_advance, p.x_offset, outline(font, i.glyph_id)))
            .collect()
    }

    fn outline(font: &[u8], glyph: u32) -> Option<Rect> {
        struct Nothing;
        impl rustybuzz::ttf_parser::OutlineBuilder for Nothing {
            fn move_to(&mut self, _: f32, _: f32) {}
            fn line_to(&mut self, _: f32, _: f32) {}
            fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
            fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
            fn close(&mut self) {}
        }
        Face::parse(font, 0).unwrap().outline_glyph(GlyphId(glyph as u16), &mut Nothing)
    }

    const TEXT: &str = "Office affluent — AVAST, Type «Қазақстан» Әәғқңөұүһі, зá́мок, café, naïve «Ёлка» ½";

    #[test]
    fn the_books_text_shapes_kerns_and_draws_as_in_the_whole_font() {
        let full = SERIF[0].bytes;
        let cut = cut(full, &Chars::of([TEXT])).unwrap();
        assert!(cut.len() < full.len() / 8, "{} of {} bytes", cut.len(), full.len());
        let glyphs = drawn(full, TEXT, &[]);
        // Ligatures (ffi, fl) form, kerning (AV, Ty) moves glyphs, marks sit where they did.
        assert!(glyphs.len() < TEXT.chars().count(), "no ligature formed");
        let unkerned = drawn(full, TEXT, &["-kern"]);
        assert_ne!(unkerned, glyphs, "no kerning pair in the text");
        assert_eq!(drawn(&cut, TEXT, &[]), glyphs);
        assert_eq!(drawn(&cut, TEXT, &["-kern"]), unkerned);
        // The other case of a letter, and small capitals, which the stylesheet asks for.
        assert_eq!(drawn(&cut, "OFFICE ЁЛКА", &[]), drawn(full, "OFFICE ЁЛКА", &[]));
        let small = drawn(full, "Office Ёлка", &["smcp"]);
        assert_ne!(small, drawn(full, "Office Ёлка", &[]), "Noto Serif has small capitals");
        assert_eq!(drawn(&cut, "Office Ёлка", &["smcp"]), small);
    }

    #[test]
    fn a_character_the_book_never_uses_is_not_in_the_subset() {
        let full = SERIF[0].bytes;
        let cut = cut(full, &Chars::of(["plain text"])).unwrap();
        let (whole, cut) = (Face::parse(full, 0).unwrap(), Face::parse(&cut, 0).unwrap());
        assert!(whole.glyph_index('½').is_some() && whole.glyph_index('Қ').is_some());
        assert_eq!(cut.glyph_index('½'), None);
        assert_eq!(cut.glyph_index('Қ'), None);
        assert!(cut.glyph_index('x').is_some(), "ASCII is always kept");
        assert!(cut.number_of_glyphs() < whole.number_of_glyphs() / 10);
    }

    #[test]
    fn every_character_of_the_text_is_in_the_set_and_no_other() {
        // One, two, three and four bytes in UTF-8, at the start, the middle and the end.
        let text = "ß ASCII «Қазақстан» Ёлка ø Ω — … 漢字 😀 ﬁ";
        let chars = Chars::of([text]);
        assert!(text.chars().all(|c| chars.contains(c)));
        let letters = |set: &Chars| set.iter().filter(|c| c.is_alphabetic() && !c.is_ascii()).count();
        // Each letter with its other case (ß and ﬁ have none of their own), Ё its Е, and no other:
        // ß, Øø, Ωω, ten Cyrillic pairs, 漢字, ﬁ.
        assert_eq!(letters(&chars), 1 + 2 + 2 + 2 * 10 + 2 + 1, "{:?}", chars.iter().collect::<String>());
        assert_eq!(letters(&Chars::of(["ASCII only"])), 0);
    }

    #[test]
    fn a_character_after_an_ascii_run_of_any_length_is_found() {
        // ASCII is skipped eight bytes at a time: runs of every length around that, each ended
        // by a different two- or three-byte letter, the last at the very end of its text.
        let letters: Vec<char> = "ЁЖЗИЙКЛМНОПРСТУФХЦЧШЩ€ǅ".chars().collect();
        let texts: Vec<String> =
            (0..letters.len()).map(|n| format!("{}{}", "x".repeat(n), letters[n])).collect();
        let chars = Chars::of(texts.iter().map(String::as_str));
        for c in &letters {
            assert!(chars.contains(*c), "{c} missed");
        }
    }

    #[test]
    fn a_letter_and_its_accent_keep_the_glyph_a_reader_may_join_them_into() {
        let full = SERIF[0].bytes;
        for (typed, other) in [("cafe\u{301}", "café"), ("café", "cafe\u{301}")] {
            let chars = Chars::of([typed]);
            assert!(chars.contains('é') && chars.contains('\u{301}'), "{typed}");
            // A letter with an accent the book never uses is not kept.
            assert!(!chars.contains('ǘ') && !chars.contains('è'), "{typed}");
            let cut = cut(full, &chars).unwrap();
            assert_eq!(drawn(&cut, other, &[]), drawn(full, other, &[]), "{other}");
        }
    }

    #[test]
    fn every_shipped_face_cuts_to_a_font_that_draws_kazakh_and_russian_as_the_whole() {
        let text = "Абай Құнанбайұлы: «Қара сөздер», Ғ Ң Ө Ұ Ү Һ І Ә — Ёлка, 1899. ∑ −1 × x ≤ ∞";
        for font in crate::fonts::all() {
            // A reading system takes a character the face lacks from the next face in the
            // stylesheet's list, so only the face's own characters are compared (the math face
            // has no Cyrillic).
            let face = Face::parse(font.bytes, 0).unwrap();
            let text: String = text.chars().filter(|&c| face.glyph_index(c).is_some()).collect();
            let text = text.as_str();
            let cut = cut(font.bytes, &Chars::of([text])).unwrap_or_else(|| panic!("{}", font.file_name));
            assert!(cut.len() < font.bytes.len() / 2, "{}", font.file_name);
            assert_eq!(drawn(&cut, text, &[]), drawn(font.bytes, text, &[]), "{}", font.file_name);
        }
    }

    #[test]
    fn a_font_the_subsetter_cannot_read_is_refused_not_cut() {
        assert!(cut(b"not a font at all", &Chars::of(["text"])).is_none());
    }
}
