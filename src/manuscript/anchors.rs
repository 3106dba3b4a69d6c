//! The names links lead to (`[see](#name)`): a heading's `{#id}`, or the identifier pandoc makes
//! from its text (`## Extension: \`smart\`` is `#extension-smart`), and a span's `{#id}`. Names
//! are made unique in the book: a name written twice leads to its first place (and the second
//! is reported), and a made one takes `-1`, `-2` after it, as pandoc's do.

use std::collections::{HashMap, HashSet};

use super::unique::Unique;

use crate::model::{Block, Inline, Section, Span};

/// A name the author wrote twice: where the second copy stands, the name, and its first place.
pub struct Repeated<'a> {
    /// The block or section holding the copy that was dropped.
    pub at: Span,
    /// The name as written, without its `#`.
    pub name: &'a str,
    /// The block or section that keeps the name.
    pub first: Span,
}

/// Gives every section's title and every heading a name links can use, and drops the second
/// place of a name written twice (in titles, epigraphs, text and notes alike), telling
/// `repeated` of each.
pub fn name(sections: &mut [Section], repeated: &mut dyn FnMut(Repeated)) {
    // Names the author wrote, in reading order: the first place of each keeps it. Section ids
    // folio made (`chapter-001`, `introduction`) are no names: an author's heading may take one.
    let mut used = Names::default();
    // A note marked in two chapters stands in each: its copies' names are no repeats of the
    // author's, only dropped.
    let mut notes_read = HashSet::new();
    each_section(sections, &mut |s| {
        let mut w = Written { used: &mut used, at: s.span, repeated: &mut *repeated, quiet: false };
        s.anchors.retain(|name| w.take(name));
        if let Some(title) = &mut s.title {
            anchors(title, &mut w);
        }
        for e in &mut s.epigraphs {
            for b in &mut e.blocks {
                w.at = b.span();
                written(b, &mut w);
            }
            if let Some(a) = e.attribution.as_mut() {
                w.at = e.span;
                anchors(a, &mut w);
            }
        }
        for b in &mut s.blocks {
            w.at = b.span();
            written(b, &mut w);
        }
        for n in &mut s.notes {
            w.quiet = !notes_read.insert(n.span);
            for b in &mut n.blocks {
                w.at = b.span();
                written(b, &mut w);
            }
        }
    });
    // Then names made from headings' text, around the written ones.
    each_section(sections, &mut |s| {
        // A title with its own `{#id}` has no other, as in pandoc, so the next heading of the
        // same text takes the plain name.
        if let Some(title) = s.title.as_ref().filter(|_| s.anchors.is_empty()) {
            let name = used.unique(&identifier(&Inline::plain_text(title)));
            s.anchors.push(name);
        }
        for b in &mut s.blocks {
            made(b, &mut used);
        }
    });
}

/// The identifier pandoc's `auto_identifiers` makes from a heading's text: letters, digits, `_`,
/// `-` and `.` kept (lower-cased), spaces as hyphens, nothing before the first letter; `section`
/// if nothing is left.
pub fn identifier(text: &str) -> String {
    // pandoc lower-cases, keeps letters and digits (not marks: `İ` lower-cased is `i` and a
    // dot, which goes), `_`, `-`, `.` and spaces, then joins the words with single hyphens.
    let kept: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| {
            c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '_' | '-' | '.')
                || c.is_whitespace()
        })
        .collect();
    let joined = kept.split_whitespace().collect::<Vec<_>>().join("-");
    let from = joined.find(char::is_alphabetic).unwrap_or(joined.len());
    match &joined[from..] {
        "" => "section".to_string(),
        rest => rest.to_string(),
    }
}

/// The names used in a book, and where each written one was first given.
#[derive(Default)]
struct Names {
    used: Unique,
    /// Where each written name was first given.
    first: HashMap<String, Span>,
}

impl Names {
    /// Takes `name`; false when it was already taken.
    fn take(&mut self, name: &str) -> bool {
        self.used.take(name)
    }

    /// `base`, or `base-1`, `base-2` … whichever is not yet used; now used.
    fn unique(&mut self, base: &str) -> String {
        self.used.copy(base, 1, |k| format!("{base}-{k}"))
    }
}

fn each_section(sections: &mut [Section], f: &mut dyn FnMut(&mut Section)) {
    for s in sections {
        f(s);
        each_section(&mut s.children, f);
    }
}

/// The names written so far, with the place being read, for telling of a repeat.
struct Written<'a> {
    used: &'a mut Names,
    /// The block or section being read.
    at: Span,
    repeated: &'a mut dyn FnMut(Repeated),
    /// Whether a repeat goes untold (in a copy of a note already read).
    quiet: bool,
}

impl Written<'_> {
    /// Takes `name` for the place being read; false, and told, when it was already taken.
    fn take(&mut self, name: &str) -> bool {
        if self.used.take(name) {
            self.used.first.insert(name.to_string(), self.at);
            return true;
        }
        if !self.quiet {
            let first = self.used.first.get(name).copied().unwrap_or(self.at);
            (self.repeated)(Repeated { at: self.at, name, first });
        }
        false
    }
}

/// Registers the names written in a block (headings' and spans'); a name already used is
/// dropped from the heading or span that repeats it.
fn written(block: &mut Block, w: &mut Written) {
    headings(block, &mut |id, _| {
        if id.as_ref().is_some_and(|name| !w.take(name)) {
            *id = None;
        }
    });
    block.each_run_mut(&mut |inlines| anchors(inlines, w));
}

/// Names the headings of a block that have none, from their text.
fn made(block: &mut Block, used: &mut Names) {
    headings(block, &mut |id, inlines| {
        if id.is_none() {
            *id = Some(used.unique(&identifier(&Inline::plain_text(inlines))));
        }
    });
}

/// Calls `f` with the name and text of every heading in a block, those inside it included.
fn headings(block: &mut Block, f: &mut dyn FnMut(&mut Option<String>, &[Inline])) {
    if let Block::Heading { id, inlines, .. } = block {
        f(id, inlines);
    }
    for inner in inner_blocks(block) {
        headings(inner, f);
    }
}

/// The blocks a block holds (a quotation's, a list item's, a definition's).
fn inner_blocks(block: &mut Block) -> Vec<&mut Block> {
    match block {
        Block::Quote { blocks, .. } => blocks.iter_mut().collect(),
        Block::List { items, .. } => items.iter_mut().flat_map(|i| i.blocks.iter_mut()).collect(),
        Block::Definitions { items, .. } => {
            items.iter_mut().flat_map(|(_, d)| d.iter_mut().flatten()).collect()
        }
        _ => Vec::new(),
    }
}

/// Registers the spans' names in a run of inlines, dropping those already used.
fn anchors(inlines: &mut Vec<Inline>, w: &mut Written) {
    inlines.retain(|i| !matches!(i, Inline::Anchor(name) if !w.take(name)));
    for i in inlines.iter_mut() {
        if let Some(children) = i.children_mut() {
            anchors(children, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_made_as_pandoc_makes_them() {
        assert_eq!(identifier("Extension: raw_attribute"), "extension-raw_attribute");
        assert_eq!(identifier("Heading identifiers in HTML"), "heading-identifiers-in-html");
        assert_eq!(identifier("3. Applications"), "applications");
        assert_eq!(identifier("Dogs?--in *my* house?"), "dogs--in-my-house");
        assert_eq!(identifier("Глава первая"), "глава-первая");
        assert_eq!(identifier("1.2 ?"), "section");
        assert_eq!(identifier("Q & A"), "q-a");
        assert_eq!(identifier("Le «\u{202f}Chien\u{202f}»"), "le-chien");
        assert_eq!(identifier("Qui est-ce\u{202f}?"), "qui-est-ce");
        assert_eq!(identifier("İstanbul Günleri"), "istanbul-günleri");
    }

    #[test]
    fn made_names_take_a_number_and_written_ones_keep_their_first_place() {
        let mut used = Names::default();
        assert_eq!(used.unique("intro"), "intro");
        assert_eq!(used.unique("intro"), "intro-1");
        assert!(used.take("intro-2"), "an author's own name");
        assert_eq!(used.unique("intro"), "intro-3");
        let mut inlines = vec![Inline::Anchor("intro".into()), Inline::Anchor("x".into())];
        let mut told = Vec::new();
        let mut tell = |r: Repeated| told.push(r.name.to_string());
        anchors(
            &mut inlines,
            &mut Written { used: &mut used, at: Span::default(), repeated: &mut tell, quiet: false },
        );
        assert_eq!(inlines, [Inline::Anchor("x".into())]);
        assert_eq!(told, ["intro"]);
    }
}
