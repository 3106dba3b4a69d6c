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
    // Most of a book is ASCII: when the fonts have every printable ASCII character, the text is
    // only decoded where a byte leaves ASCII.
    let ascii_covered = (' '..='~').all(|c| !lacks(c));
    let mut missing = move |c: char| -> bool {
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
        let mut rest = text;
        while !rest.is_empty() {
            let skip = if ascii_covered { rest.bytes().position(|b| !b.is_ascii()) } else { Some(0) };
            let Some(at) = skip else { break };
            rest = &rest[at..];
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            if !missing(c) {
                continue;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The coverage warnings of a one-file book, as (line, message).
    fn warnings(markdown: &str) -> Vec<(Option<u32>, String)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.md");
        std::fs::write(&path, markdown).unwrap();
        let mut diags = Diagnostics::new();
        let book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
        let mut found = Diagnostics::new();
        check(&book, &mut found);
        found.into_vec().into_iter().map(|d| (d.location.and_then(|l| l.line), d.message)).collect()
    }

    #[test]
    fn a_character_no_font_has_is_reported_once_per_block_with_its_line() {
        let md = "---\ntitle: T\n---\n\n# One\n\nPlain ASCII ~ {|} and Қазақ «тілі», ӘҒҚҢӨҰҮҺІ.\n\n\
                  The sign 中 twice: 中, and ሀ\u{AD}\u{200D} once.\n\n    code 中\n";
        let found = warnings(md);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Some(9));
        assert!(found[0].1.ends_with("U+4E2D '中', U+1200 'ሀ'"), "{}", found[0].1);
        assert_eq!(found[1].0, Some(11));
        assert!(found[1].1.ends_with("U+4E2D '中'"), "{}", found[1].1);
    }

    #[test]
    fn a_book_in_the_fonts_alphabets_has_nothing_to_report() {
        let md =
            "---\ntitle: T\n---\n\n# Бір\n\nAbai’s “Words” — Абай Құнанбайұлы, 1845–1904… №1 § 2 € 3 ½.\n";
        assert_eq!(warnings(md), []);
    }
}
