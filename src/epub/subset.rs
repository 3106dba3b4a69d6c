//! The EPUB's fonts cut down to the glyphs its text can need. Glyph ids are kept: only the
//! outlines of glyphs no character of the book reaches are emptied, so the font's `cmap`, its
//! kerning and ligatures (GPOS, GSUB) and every per-glyph table stay valid as they are, and a
//! reading system shapes the book with the font as its designer made it. The PDF's subsetter
//! (`subsetter`) renumbers glyphs and drops `cmap`, which a PDF does without and a reading
//! system cannot; no well-kept crate writes standalone subsets, so this is done here.
//!
//! A glyph is kept when a character of the book (or its other case, or a character a reading
//! system may add: ASCII, hyphens, ellipsis, no-break space) maps to it, when any substitution
//! of the font (ligatures, small capitals, alternates, in every feature and script) can turn
//! kept glyphs into it, or when a kept composite glyph is built from it.

use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
use rustybuzz::ttf_parser::opentype_layout::Coverage;
use rustybuzz::ttf_parser::{Face, GlyphId};
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
        for text in texts {
            // Markup and most of an English book are ASCII, all of which is added below, and
            // Cyrillic, Greek and Latin letters with accents take two bytes: those are read from
            // the bytes (twice as fast over a Russian novel as decoding), the rest decoded.
            let bytes = text.as_bytes();
            let mut i = 0;
            while let Some(&b) = bytes.get(i) {
                if b < 0x80 {
                    i += 1;
                } else if b < 0xE0 {
                    if let Some(&next) = bytes.get(i + 1) {
                        chars.insert_two_byte((u16::from(b & 0x1F) << 6) | u16::from(next & 0x3F));
                    }
                    i += 2;
                } else {
                    let c = text.get(i..).and_then(|t| t.chars().next());
                    c.into_iter().for_each(|c| chars.insert(c));
                    i += c.map_or(1, char::len_utf8);
                }
            }
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

    /// Inserts a character below U+0800, which the set always has room for.
    fn insert_two_byte(&mut self, n: u16) {
        let n = usize::from(n);
        if let Some(word) = self.bits.get_mut(n / 64) {
            *word |= 1 << (n % 64);
        }
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

/// The font with only the outlines `chars` can need, or `None` when it is not a TrueType font
/// this can read (it then goes in whole).
pub fn prune(font: &[u8], chars: &Chars) -> Option<Vec<u8>> {
    let face = Face::parse(font, 0).ok()?;
    let tables = Tables::read(font)?;
    let glyf = tables.data(font, *b"glyf")?;
    let loca =
        Loca::read(tables.data(font, *b"loca")?, tables.data(font, *b"head")?, face.number_of_glyphs())?;
    let mut keep = vec![false; usize::from(face.number_of_glyphs())];
    keep[0] = true;
    for c in chars.iter() {
        // A broken cmap may name a glyph past the font's count: ignored, not indexed.
        if let Some(k) = face.glyph_index(c).and_then(|g| keep.get_mut(usize::from(g.0))) {
            *k = true;
        }
    }
    close_over_substitutions(&face, &mut keep)?;
    close_over_components(glyf, &loca, &mut keep);

    let mut new_glyf = Vec::with_capacity(glyf.len() / 4);
    let mut offsets = Vec::with_capacity(keep.len() + 1);
    for (g, &kept) in keep.iter().enumerate() {
        offsets.push(new_glyf.len());
        if kept {
            new_glyf.extend_from_slice(glyf.get(loca.range(g)?)?);
            // Short offsets count two-byte words; long ones are kept four-byte aligned, as the
            // OpenType specification recommends.
            new_glyf.resize(new_glyf.len().next_multiple_of(if loca.long { 4 } else { 2 }), 0);
        }
    }
    offsets.push(new_glyf.len());
    let new_loca = loca.write(&offsets)?;
    // Glyph names (post format 2) are a twentieth of the font and no reading system reads them.
    let post = tables.data(font, *b"post").map(|p| {
        let mut p = p.get(..32).unwrap_or(p).to_vec();
        if p.len() == 32 {
            p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        }
        p
    });
    Some(tables.write(font, |tag| match &tag {
        b"glyf" => Some(new_glyf.clone()),
        b"loca" => Some(new_loca.clone()),
        b"post" => post.clone(),
        _ => None,
    }))
}

/// Marks every glyph a substitution of the font can produce from marked glyphs, until no more
/// are: lookups reached only through contextual ones are among the lookups, so all are applied.
/// `None` when a lookup cannot be read: what it makes is unknown, so no glyph may go.
fn close_over_substitutions(face: &Face, keep: &mut [bool]) -> Option<()> {
    let Some(gsub) = face.tables().gsub else { return Some(()) };
    let mark = |keep: &mut [bool], g: GlyphId, grew: &mut bool| {
        if let Some(k) = keep.get_mut(usize::from(g.0))
            && !*k
        {
            *k = true;
            *grew = true;
        }
    };
    // A subtable's covered glyphs that are kept, with their coverage index: read from the
    // coverage (a few glyphs) rather than by asking it about each of thousands of glyphs.
    let covered = |keep: &[bool], coverage: &Coverage| -> Vec<(GlyphId, u16)> {
        let kept = |g: &GlyphId| keep.get(usize::from(g.0)) == Some(&true);
        match coverage {
            Coverage::Format1 { glyphs } => glyphs.into_iter().zip(0u16..).filter(|(g, _)| kept(g)).collect(),
            Coverage::Format2 { records } => records
                .into_iter()
                .flat_map(|r| {
                    (r.start.0..=r.end.0).map(move |g| (GlyphId(g), r.value.wrapping_add(g - r.start.0)))
                })
                .filter(|(g, _)| kept(g))
                .collect(),
        }
    };
    loop {
        let mut grew = false;
        // By index: the iterators stop at the first table they cannot read.
        for i in 0..gsub.lookups.len() {
            let lookup = gsub.lookups.get(i)?;
            for j in 0..lookup.subtables.len() {
                match lookup.subtables.get::<SubstitutionSubtable>(j)? {
                    SubstitutionSubtable::Single(s) => {
                        use rustybuzz::ttf_parser::gsub::SingleSubstitution::{Format1, Format2};
                        match s {
                            Format1 { coverage, delta } => {
                                for (g, _) in covered(keep, &coverage) {
                                    mark(
                                        keep,
                                        GlyphId((i32::from(g.0) + i32::from(delta)) as u16),
                                        &mut grew,
                                    );
                                }
                            }
                            Format2 { coverage, substitutes } => {
                                for (_, i) in covered(keep, &coverage) {
                                    if let Some(to) = substitutes.get(i) {
                                        mark(keep, to, &mut grew);
                                    }
                                }
                            }
                        }
                    }
                    SubstitutionSubtable::Multiple(s) => {
                        for (_, i) in covered(keep, &s.coverage) {
                            for to in s.sequences.get(i).into_iter().flat_map(|q| q.substitutes) {
                                mark(keep, to, &mut grew);
                            }
                        }
                    }
                    SubstitutionSubtable::Alternate(s) => {
                        for (_, i) in covered(keep, &s.coverage) {
                            for to in s.alternate_sets.get(i).into_iter().flat_map(|a| a.alternates) {
                                mark(keep, to, &mut grew);
                            }
                        }
                    }
                    SubstitutionSubtable::Ligature(s) => {
                        for (_, i) in covered(keep, &s.coverage) {
                            for lig in s.ligature_sets.get(i).into_iter().flatten() {
                                if lig
                                    .components
                                    .into_iter()
                                    .all(|c| keep.get(usize::from(c.0)) == Some(&true))
                                {
                                    mark(keep, lig.glyph, &mut grew);
                                }
                            }
                        }
                    }
                    SubstitutionSubtable::ReverseChainSingle(s) => {
                        for (_, i) in covered(keep, &s.coverage) {
                            if let Some(to) = s.substitutes.get(i) {
                                mark(keep, to, &mut grew);
                            }
                        }
                    }
                    SubstitutionSubtable::Context(_) | SubstitutionSubtable::ChainContext(_) => {}
                }
            }
        }
        if !grew {
            return Some(());
        }
    }
}

/// Marks the glyphs kept composite glyphs are built from (and theirs).
fn close_over_components(glyf: &[u8], loca: &Loca, keep: &mut [bool]) {
    let mut todo: Vec<usize> = (0..keep.len()).filter(|&g| keep[g]).collect();
    while let Some(g) = todo.pop() {
        let Some(data) = loca.range(g).and_then(|r| glyf.get(r)) else { continue };
        for c in components(data) {
            if let Some(k) = keep.get_mut(usize::from(c))
                && !*k
            {
                *k = true;
                todo.push(usize::from(c));
            }
        }
    }
}

/// The glyph ids a composite glyph's description refers to (none for a simple glyph).
fn components(data: &[u8]) -> Vec<u16> {
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let u16_at = |at: usize| data.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let mut out = Vec::new();
    if u16_at(0).is_none_or(|contours| (contours as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(glyph)) = (u16_at(at), u16_at(at + 2)) {
        out.push(glyph);
        at += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        at += if flags & SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

/// The `loca` table: where each glyph's description lies in `glyf`.
struct Loca {
    offsets: Vec<usize>,
    long: bool,
}

impl Loca {
    fn read(loca: &[u8], head: &[u8], glyphs: u16) -> Option<Loca> {
        let long = match head.get(50..52)? {
            [0, 0] => false,
            [0, 1] => true,
            _ => return None,
        };
        let n = usize::from(glyphs) + 1;
        let offsets = if long {
            loca.get(..n * 4)?
                .chunks_exact(4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                .collect()
        } else {
            loca.get(..n * 2)?
                .chunks_exact(2)
                .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])) * 2)
                .collect()
        };
        Some(Loca { offsets, long })
    }

    fn range(&self, glyph: usize) -> Option<std::ops::Range<usize>> {
        let (start, end) = (*self.offsets.get(glyph)?, *self.offsets.get(glyph + 1)?);
        (start <= end).then_some(start..end)
    }

    /// The table for new offsets, in the same format (so `head` stays as it is).
    fn write(&self, offsets: &[usize]) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(offsets.len() * if self.long { 4 } else { 2 });
        for &o in offsets {
            if self.long {
                out.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
            } else {
                out.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
            }
        }
        Some(out)
    }
}

/// A font's table directory.
struct Tables {
    /// Tag, offset and length of each table, in the file's (tag) order.
    records: Vec<([u8; 4], usize, usize)>,
}

impl Tables {
    fn read(font: &[u8]) -> Option<Tables> {
        let count = usize::from(u16::from_be_bytes([*font.get(4)?, *font.get(5)?]));
        let records = (0..count)
            .map(|i| {
                let r = font.get(12 + 16 * i..28 + 16 * i)?;
                let tag = [r[0], r[1], r[2], r[3]];
                let offset = u32::from_be_bytes([r[8], r[9], r[10], r[11]]) as usize;
                let length = u32::from_be_bytes([r[12], r[13], r[14], r[15]]) as usize;
                font.get(offset..offset.checked_add(length)?)?;
                Some((tag, offset, length))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Tables { records })
    }

    fn data<'a>(&self, font: &'a [u8], tag: [u8; 4]) -> Option<&'a [u8]> {
        let &(_, offset, length) = self.records.iter().find(|(t, _, _)| *t == tag)?;
        font.get(offset..offset + length)
    }

    /// The font again, with the tables `replace` gives instead of the originals, each table
    /// four-byte aligned and checksummed, and `head`'s whole-font checksum recomputed.
    fn write(&self, font: &[u8], replace: impl Fn([u8; 4]) -> Option<Vec<u8>>) -> Vec<u8> {
        let count = self.records.len();
        let mut out = font[..12].to_vec();
        out.resize(12 + 16 * count, 0);
        let mut head_at = None;
        for (i, &(tag, offset, length)) in self.records.iter().enumerate() {
            let replaced = replace(tag);
            let mut table = replaced.as_deref().unwrap_or(&font[offset..offset + length]).to_vec();
            if &tag == b"head" && table.len() >= 12 {
                table[8..12].fill(0);
                head_at = Some(out.len());
            }
            let at = out.len();
            let len = table.len();
            table.resize(len.div_ceil(4) * 4, 0);
            let record = &mut out[12 + 16 * i..28 + 16 * i];
            record[..4].copy_from_slice(&tag);
            record[4..8].copy_from_slice(&checksum(&table).to_be_bytes());
            record[8..12].copy_from_slice(&(at as u32).to_be_bytes());
            record[12..16].copy_from_slice(&(len as u32).to_be_bytes());
            out.extend_from_slice(&table);
        }
        if let Some(at) = head_at {
            let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
            out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
        }
        out
    }
}

/// The OpenType checksum: the sum of big-endian 32-bit words, the data zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::SERIF;

    /// Glyph ids and positions rustybuzz gives a text in a font.
    fn shaped(font: &[u8], text: &str) -> Vec<(u32, i32, i32)> {
        let face = rustybuzz::Face::from_slice(font, 0).unwrap();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let out = rustybuzz::shape(&face, &[], buffer);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(i, p)| (i.glyph_id, p.x_advance, p.x_offset))
            .collect()
    }

    fn outline(font: &[u8], glyph: u32) -> Option<rustybuzz::ttf_parser::Rect> {
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

    #[test]
    fn the_books_text_shapes_and_draws_as_in_the_whole_font() {
        let text = "Office affluent — «Қазақстан» Әәғқңөұүһі, зá́мок, café, naïve «Ёлка»";
        let full = SERIF[0].bytes;
        let pruned = prune(full, &Chars::of([text])).unwrap();
        assert!(pruned.len() < full.len() / 3, "{} of {} bytes", pruned.len(), full.len());
        let glyphs = shaped(full, text);
        // Ligatures (ffi, fl) and marks come out the same, from the same glyph ids.
        assert!(glyphs.len() < text.chars().count(), "no ligature formed");
        assert_eq!(shaped(&pruned, text), glyphs);
        for &(g, _, _) in &glyphs {
            assert_eq!(outline(&pruned, g), outline(full, g), "glyph {g}");
        }
        // The other case of a letter is kept (small capitals may be faked from capitals).
        assert_eq!(shaped(&pruned, "OFFICE ЁЛКА"), shaped(full, "OFFICE ЁЛКА"));
        assert!(shaped(&pruned, "OFFICE").iter().all(|&(g, _, _)| outline(&pruned, g).is_some()));
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
    fn a_letter_and_its_accent_keep_the_glyph_a_reader_may_join_them_into() {
        let full = SERIF[0].bytes;
        for (typed, other) in [("cafe\u{301}", "café"), ("café", "cafe\u{301}")] {
            let chars = Chars::of([typed]);
            assert!(chars.contains('é') && chars.contains('\u{301}'), "{typed}");
            // A letter with an accent the book never uses is not kept.
            assert!(!chars.contains('ǘ') && !chars.contains('è'), "{typed}");
            let pruned = prune(full, &chars).unwrap();
            for (g, _, _) in shaped(full, other) {
                assert_eq!(outline(&pruned, g), outline(full, g), "glyph {g} of {other}");
            }
        }
    }

    #[test]
    fn glyphs_no_character_reaches_lose_their_outlines_and_the_font_stays_whole() {
        let full = SERIF[0].bytes;
        let pruned = prune(full, &Chars::of(["plain text"])).unwrap();
        let (whole, cut) = (Face::parse(full, 0).unwrap(), Face::parse(&pruned, 0).unwrap());
        assert_eq!(cut.number_of_glyphs(), whole.number_of_glyphs());
        let half = whole.glyph_index('½').unwrap();
        assert_eq!(cut.glyph_index('½'), Some(half));
        assert!(outline(full, u32::from(half.0)).is_some());
        assert!(outline(&pruned, u32::from(half.0)).is_none());
        // Every table is checksummed, and the font as a whole (head's adjustment) too.
        let tables = Tables::read(&pruned).unwrap();
        for (i, &(tag, offset, length)) in tables.records.iter().enumerate() {
            let stored = u32::from_be_bytes(pruned[12 + 16 * i + 4..12 + 16 * i + 8].try_into().unwrap());
            let mut data = pruned[offset..offset + length.div_ceil(4) * 4].to_vec();
            if &tag == b"head" {
                data[8..12].fill(0);
            }
            assert_eq!(checksum(&data), stored, "{}", String::from_utf8_lossy(&tag));
        }
        assert_eq!(checksum(&pruned), 0xB1B0_AFBA);
    }

    #[test]
    fn a_font_with_a_substitution_it_cannot_read_goes_in_whole() {
        let mut font = SERIF[0].bytes.to_vec();
        let tables = Tables::read(&font).unwrap();
        let &(_, gsub, _) = tables.records.iter().find(|(t, _, _)| t == b"GSUB").unwrap();
        let u16_at = |font: &[u8], at: usize| usize::from(u16::from_be_bytes([font[at], font[at + 1]]));
        // The last subtable of the first lookup gets a format no version of GSUB has.
        let lookups = gsub + u16_at(&font, gsub + 8);
        let lookup = lookups + u16_at(&font, lookups + 2);
        let count = u16_at(&font, lookup + 4);
        let subtable = lookup + u16_at(&font, lookup + 6 + 2 * (count - 1));
        font[subtable..subtable + 2].copy_from_slice(&99u16.to_be_bytes());
        assert!(prune(SERIF[0].bytes, &Chars::of(["text"])).is_some());
        assert!(prune(&font, &Chars::of(["text"])).is_none());
    }

    #[test]
    fn a_composite_glyph_keeps_the_glyphs_it_is_built_from() {
        let full = SERIF[0].bytes;
        let face = Face::parse(full, 0).unwrap();
        let tables = Tables::read(full).unwrap();
        let glyf = tables.data(full, *b"glyf").unwrap();
        let loca = Loca::read(
            tables.data(full, *b"loca").unwrap(),
            tables.data(full, *b"head").unwrap(),
            face.number_of_glyphs(),
        )
        .unwrap();
        // A letter drawn from others (an accented one, in Noto Serif).
        let (c, parts) = "éёӘқñ"
            .chars()
            .map(|c| (c, components(&glyf[loca.range(usize::from(face.glyph_index(c).unwrap().0)).unwrap()])))
            .find(|(_, parts)| !parts.is_empty())
            .expect("a composite glyph among accented letters");
        let pruned = prune(full, &Chars::of([c.to_string().as_str()])).unwrap();
        for part in parts {
            assert_eq!(outline(&pruned, u32::from(part)), outline(full, u32::from(part)), "{c}: part {part}");
        }
        let g = u32::from(face.glyph_index(c).unwrap().0);
        assert_eq!(outline(&pruned, g), outline(full, g));
    }
}
