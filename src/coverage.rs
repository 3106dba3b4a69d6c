//! Glyph coverage: every character of the text must be in the shipped fonts; one the fonts lack
//! is reported with where it occurs, instead of turning into a blank or a box on the page.

use std::collections::BTreeMap;

use ab_glyph::{Font, FontRef};

use crate::diag::{Diagnostics, Location};
use crate::model::{Block, Book, Inline, Span};

/// Warns once per block about characters no shipped font has.
pub fn check(book: &Book, diags: &mut Diagnostics) {
    let faces: Vec<FontRef<'static>> =
        crate::fonts::all().filter_map(|f| FontRef::try_from_slice(f.bytes).ok()).collect();
    let lacks = |c: char| -> bool {
        !(c.is_whitespace() || c.is_control() || is_format(c)) && faces.iter().all(|f| f.glyph_id(c).0 == 0)
    };
    // A novel has a million characters of a few hundred kinds: look each kind up once, in a
    // table for the alphabets books are written in (0: not yet asked, 1: covered, 2: lacking).
    let mut common = vec![0u8; 0x3000];
    let mut rare: std::collections::HashMap<char, bool> = std::collections::HashMap::new();
    let mut missing = move |c: char| -> bool {
        if c.is_ascii_alphanumeric() || c == ' ' {
            return false;
        }
        match common.get_mut(c as usize) {
            Some(0) => {
                let lacking = lacks(c);
                common[c as usize] = 1 + u8::from(lacking);
                lacking
            }
            Some(known) => *known == 2,
            None => *rare.entry(c).or_insert_with(|| lacks(c)),
        }
    };
    // Per location, the characters lacking.
    let mut found: BTreeMap<(u32, u32, u32), Vec<char>> = BTreeMap::new();
    let mut note = |span: Span, text: &str| {
        for c in text.chars().filter(|c| missing(*c)) {
            let entry = found.entry((span.file.0, span.line, span.column)).or_default();
            if !entry.contains(&c) {
                entry.push(c);
            }
        }
    };
    for s in book.sections() {
        if let Some(t) = &s.title {
            walk_inlines(t, s.span, &mut note);
        }
        for e in &s.epigraphs {
            e.blocks.iter().for_each(|b| walk_block(b, &mut note));
            if let Some(a) = &e.attribution {
                walk_inlines(a, e.span, &mut note);
            }
        }
        s.blocks.iter().for_each(|b| walk_block(b, &mut note));
        for n in &s.notes {
            n.blocks.iter().for_each(|b| walk_block(b, &mut note));
        }
    }
    for ((file, line, column), chars) in found {
        let path = book.sources.get(file as usize).cloned().unwrap_or_default();
        let list: Vec<String> = chars.iter().map(|c| format!("U+{:04X} '{c}'", *c as u32)).collect();
        diags
            .warning(Some(Location::at(path, line, column)), format!("the book's fonts have no glyph for {}", list.join(", ")))
            .help("readers will substitute another font or show a box; use another character or a font that has it");
    }
}

/// Zero-width and bidi controls are not drawn, so no glyph is needed.
fn is_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}')
}

fn walk_block(b: &Block, note: &mut dyn FnMut(Span, &str)) {
    let span = b.span();
    match b {
        Block::Paragraph(p) => walk_inlines(&p.inlines, span, note),
        Block::Heading { inlines, .. } => walk_inlines(inlines, span, note),
        Block::Quote { blocks, .. } => blocks.iter().for_each(|b| walk_block(b, note)),
        Block::Verse { lines, .. } => lines.iter().for_each(|l| walk_inlines(l, span, note)),
        Block::List { items, .. } => items.iter().flat_map(|i| &i.blocks).for_each(|b| walk_block(b, note)),
        Block::Definitions { items, .. } => {
            for (term, defs) in items {
                walk_inlines(term, span, note);
                defs.iter().flatten().for_each(|b| walk_block(b, note));
            }
        }
        Block::Table(t) => t.cells().chain(&t.caption).for_each(|c| walk_inlines(c, span, note)),
        Block::Figure(f) => {
            if let Some(c) = &f.caption {
                walk_inlines(c, span, note)
            }
        }
        Block::Code { text, .. } => note(span, text),
        Block::SceneBreak { .. } | Block::PageBreak { .. } => {}
    }
}

fn walk_inlines(inlines: &[Inline], span: Span, note: &mut dyn FnMut(Span, &str)) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => note(span, t),
            nested => {
                if let Some(c) = nested.children() {
                    walk_inlines(c, span, note)
                }
            }
        }
    }
}
