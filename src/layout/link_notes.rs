//! pandoc's `links-as-notes` for the print edition: paper cannot follow a web link, so its
//! address is printed in a footnote after its text, numbered in turn with the section's other
//! notes. The EPUB keeps its links; this changes only the book the print edition is set from.

use std::collections::HashMap;

use crate::model::{Block, Book, Inline, Note, NoteId, Paragraph, ParagraphStyle, Section};

/// The book with a footnote after each web link of its running text whose text is not its
/// address already; the notes of each section numbered again in the order they are called.
pub fn links_as_notes(book: &Book) -> Book {
    let mut book = book.clone();
    for s in book.front.iter_mut().chain(book.body.iter_mut()).chain(book.back.iter_mut()) {
        number(s, 0);
        // As the manuscript numbers them: a section run on from the one before goes on from its
        // last number.
        let mut before = 0;
        for child in &mut s.children {
            let last = number(child, if child.runs_on { before } else { 0 });
            before = if child.notes.is_empty() { if child.runs_on { before } else { 0 } } else { last };
        }
    }
    book
}

/// What a section's notes become: the old numbers' new ones, and the notes added, in order.
struct Numbering {
    next: u32,
    old: HashMap<NoteId, NoteId>,
    added: Vec<Note>,
    /// The old notes in the order of their new numbers.
    order: Vec<NoteId>,
}

impl Numbering {
    fn call(&mut self, old: NoteId) -> NoteId {
        if let Some(&new) = self.old.get(&old) {
            return new;
        }
        self.next += 1;
        let new = NoteId(self.next);
        self.old.insert(old, new);
        self.order.push(old);
        new
    }
}

/// Adds the section's link notes and numbers its notes from `offset`; returns the last number.
fn number(s: &mut Section, offset: u32) -> u32 {
    let mut n = Numbering { next: offset, old: HashMap::new(), added: Vec::new(), order: Vec::new() };
    let span = s.span;
    for e in &mut s.epigraphs {
        e.blocks.iter_mut().for_each(|b| block(b, &mut n, span));
        if let Some(a) = &mut e.attribution {
            running(a, &mut n, None);
        }
    }
    if let Some(t) = &mut s.title {
        running(t, &mut n, None);
    }
    s.blocks.iter_mut().for_each(|b| block(b, &mut n, span));
    let mut notes: Vec<Note> = std::mem::take(&mut s.notes);
    // Notes a note calls are numbered as they are met, after the text's.
    let mut i = 0;
    while i < n.order.len() {
        let old = n.order[i];
        if let Some(note) = notes.iter_mut().find(|note| note.id == old) {
            let mut blocks = std::mem::take(&mut note.blocks);
            blocks.iter_mut().for_each(|b| plain_block(b, &mut n));
            note.blocks = blocks;
        }
        i += 1;
    }
    for note in &mut notes {
        note.id = match n.old.get(&note.id) {
            Some(&new) => new,
            // Never called: after the others, as the manuscript keeps it.
            None => {
                n.next += 1;
                NoteId(n.next)
            }
        };
    }
    notes.append(&mut n.added);
    notes.sort_by_key(|note| note.id);
    s.notes = notes;
    n.next
}

/// A block of running text: its links get notes. Headings (their text heads pages and the
/// contents), tables and captions keep their links as they are.
fn block(b: &mut Block, n: &mut Numbering, span: crate::model::Span) {
    match b {
        Block::Paragraph(p) => running(&mut p.inlines, n, Some(span)),
        Block::Verse { lines, .. } => lines.iter_mut().for_each(|l| running(l, n, Some(span))),
        Block::Quote { blocks, .. } => blocks.iter_mut().for_each(|b| block(b, n, span)),
        Block::List { items, .. } => {
            items.iter_mut().flat_map(|i| &mut i.blocks).for_each(|b| block(b, n, span))
        }
        Block::Definitions { items, .. } => {
            for (term, defs) in items {
                running(term, n, None);
                defs.iter_mut().flatten().for_each(|b| block(b, n, span));
            }
        }
        other => plain_block(other, n),
    }
}

/// A block whose note calls are numbered and whose links are left alone.
fn plain_block(b: &mut Block, n: &mut Numbering) {
    b.each_run_mut(&mut |inlines| running(inlines, n, None));
}

/// Numbers a run's note calls; where `notes` gives a span, a footnote follows each web link.
fn running(inlines: &mut Vec<Inline>, n: &mut Numbering, notes: Option<crate::model::Span>) {
    if let Some(id) = run(inlines, n, notes) {
        inlines.push(Inline::NoteRef(id));
    }
}

/// As `running`, but the mark of a link that ends the run is returned, not set: the run around
/// it sets it after the punctuation that follows (`*see [it](…)*.` is marked after the stop).
fn run(inlines: &mut Vec<Inline>, n: &mut Numbering, notes: Option<crate::model::Span>) -> Option<NoteId> {
    let mut i = 0;
    while i < inlines.len() {
        let mark = match &mut inlines[i] {
            Inline::NoteRef(id) => {
                *id = n.call(*id);
                None
            }
            Inline::Link { target, children, at } => {
                let address = shown(target);
                let wanted = notes.filter(|_| {
                    address.is_some_and(|a| Inline::plain_text(children).trim() != a && !has_note(children))
                });
                // Calls inside the link's text come first.
                running(children, n, None);
                match (wanted, address) {
                    (Some(span), Some(address)) => {
                        n.next += 1;
                        let id = NoteId(n.next);
                        let text = vec![Inline::Link {
                            target: target.clone(),
                            children: vec![Inline::Code(address.into())],
                            at: *at,
                        }];
                        let paragraph = Paragraph { inlines: text, style: ParagraphStyle::Body, span };
                        n.added.push(Note {
                            id,
                            blocks: vec![Block::Paragraph(paragraph)],
                            referenced: true,
                            span,
                        });
                        Some(id)
                    }
                    _ => None,
                }
            }
            other => other.children_mut().and_then(|c| run(c, n, notes)),
        };
        if let Some(id) = mark {
            if i + 1 == inlines.len() {
                return Some(id);
            }
            i = place(inlines, i, id);
        }
        i += 1;
    }
    None
}

/// Sets a note's mark after the inline at `i`, as a note's mark is set: after the punctuation
/// closing the link's words. Returns where it went.
fn place(inlines: &mut Vec<Inline>, i: usize, id: NoteId) -> usize {
    let mut at = i + 1;
    if let Some(Inline::Text(after)) = inlines.get_mut(at) {
        let end = after.find(|c: char| !CLOSING.contains(c)).unwrap_or(after.len());
        if end > 0 {
            let rest = after.split_off(end);
            if !rest.is_empty() {
                inlines.insert(at + 1, Inline::Text(rest));
            }
            at += 1;
        }
    }
    inlines.insert(at, Inline::NoteRef(id));
    at
}

/// Punctuation a note's mark goes after.
const CLOSING: &str = ".,;:!?)]’”»…";

/// The address a web or mail link prints: the web address whole, a mail address without its
/// `mailto:`; none for a link inside the book.
fn shown(target: &str) -> Option<&str> {
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(target)
    } else if lower.starts_with("mailto:") {
        Some(&target["mailto:".len()..])
    } else {
        None
    }
}

fn has_note(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| i.contains(&|i| matches!(i, Inline::NoteRef(_))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first chapter's text, its note marks as `[n]` and its links' words as `<…>`, after
    /// the addresses went to notes.
    fn noted(markdown: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.md");
        std::fs::write(&path, markdown).unwrap();
        let mut diags = crate::diag::Diagnostics::new();
        let book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
        let book = links_as_notes(&book);
        let chapter = book.body.first().expect("a chapter");
        fn text(inlines: &[Inline], out: &mut String) {
            for i in inlines {
                match i {
                    Inline::Text(t) => out.push_str(t),
                    Inline::NoteRef(id) => out.push_str(&format!("[{}]", id.0)),
                    Inline::Link { children, .. } => {
                        out.push('<');
                        text(children, out);
                        out.push('>');
                    }
                    other => text(other.children().map_or(&[][..], |c| c), out),
                }
            }
        }
        let mut out = String::new();
        let mut blocks = chapter.blocks.clone();
        blocks.iter_mut().for_each(|b| b.each_run_mut(&mut |run| text(run, &mut out)));
        out
    }

    #[test]
    fn a_mark_after_a_link_ending_emphasis_goes_after_the_punctuation_outside_it() {
        let md = "---\ntitle: T\n---\n\n# One\n\nRead *the [site](https://example.org)*. Or \
                  **[this](https://example.com)**, and [that](https://example.net).\n";
        assert_eq!(noted(md), "Read the <site>.[1] Or <this>,[2] and <that>.[3]");
    }

    #[test]
    fn the_print_editions_copy_of_the_book_shares_its_images() {
        // An image-heavy book would otherwise hold every image twice while it is set.
        let dir = tempfile::tempdir().unwrap();
        image::RgbImage::from_pixel(64, 48, image::Rgb([90, 90, 90]))
            .save(dir.path().join("map.png"))
            .unwrap();
        let md = "---\ntitle: T\n---\n\n# One\n\n![A map](map.png)\n\nSee [the site](https://example.org).\n";
        std::fs::write(dir.path().join("book.md"), md).unwrap();
        let mut diags = crate::diag::Diagnostics::new();
        let book =
            crate::manuscript::load(&dir.path().join("book.md"), &Default::default(), &mut diags).unwrap();
        let noted = links_as_notes(&book);
        assert!(!book.assets.is_empty());
        for (a, b) in book.assets.iter().zip(&noted.assets) {
            assert!(std::sync::Arc::ptr_eq(&a.bytes, &b.bytes), "{} copied", a.name);
        }
    }
}
