//! Where a link inside the book leads: each name a manuscript's links may use (a section's id
//! and its other names, a heading's, a span's) to the document holding its place and the id
//! that place has there. Names are the author's; ids must be XML names, unique in their
//! document and apart from the ids the writer makes itself (`chapter-001-title`, `…-fn1`).

use std::collections::{HashMap, HashSet};

use crate::model::{Block, Inline, Section};

/// The book's link targets.
pub struct Links {
    /// Name → where it leads: the document file, the id there, and whether that id is its
    /// section's own (written by the section, not by the place).
    targets: HashMap<String, Target>,
}

/// A place a link leads to.
struct Target {
    file: String,
    id: String,
    section: bool,
}

impl Links {
    /// The targets of the sections placed in the documents named with them. The author's names
    /// come first: a heading named `introduction` is where `#introduction` leads, though folio
    /// gave the untitled opening text the section id `introduction`.
    pub fn new<'a>(placed: impl IntoIterator<Item = (&'a Section, &'a str)>) -> Links {
        let placed: Vec<(&Section, &str)> = placed.into_iter().collect();
        let sections: Vec<&str> = placed.iter().map(|(s, _)| s.id.as_str()).collect();
        let mut targets: HashMap<String, Target> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        for (s, file) in &placed {
            for name in &s.anchors {
                let to = Target { file: file.to_string(), id: s.id.clone(), section: true };
                targets.entry(name.clone()).or_insert(to);
            }
            let mut names = Vec::new();
            s.title.iter().for_each(|t| inline_places(t, &mut names));
            for e in &s.epigraphs {
                e.blocks.iter().for_each(|b| places(b, &mut names));
                e.attribution.iter().for_each(|a| inline_places(a, &mut names));
            }
            s.blocks.iter().for_each(|b| places(b, &mut names));
            s.notes.iter().flat_map(|n| &n.blocks).for_each(|b| places(b, &mut names));
            for name in names {
                if !targets.contains_key(name) {
                    let id = fragment(name, &sections, &mut ids);
                    targets.insert(name.to_string(), Target { file: file.to_string(), id, section: false });
                }
            }
        }
        for (s, file) in &placed {
            let to = Target { file: file.to_string(), id: s.id.clone(), section: true };
            targets.entry(s.id.clone()).or_insert(to);
        }
        Links { targets }
    }

    /// The target of a link readers can follow: web and mail links, and places in the book.
    pub fn href(&self, target: &str) -> Option<String> {
        let lower = target.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
            return Some(super::escape::url_safe(target));
        }
        let to = self.targets.get(target.strip_prefix('#')?)?;
        Some(format!("{}#{}", to.file, to.id))
    }

    /// The id the place a heading's or span's name leads to has in its document; none where
    /// the name leads to a section, whose own id its section writes.
    pub fn id(&self, name: &str) -> Option<&str> {
        self.targets.get(name).filter(|to| !to.section).map(|to| to.id.as_str())
    }
}

/// An id for a name: the name itself when it is an XML name no other id has and none the
/// writer makes could be; otherwise `a-` and its letters, numbered apart.
fn fragment(name: &str, sections: &[&str], ids: &mut HashSet<String>) -> String {
    let xml_name = name.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let writers = |id: &str| {
        sections.iter().any(|s| id == *s || id.strip_prefix(*s).is_some_and(|r| r.starts_with('-')))
    };
    if xml_name && !writers(name) && ids.insert(name.to_string()) {
        return name.to_string();
    }
    let letters: String =
        name.chars().map(|c| if c.is_alphanumeric() || matches!(c, '_' | '.') { c } else { '-' }).collect();
    // Numbering cannot part an id from a section whose id begins it (a chapter `{#a}` claims
    // every `a-…`): the prefix grows until no section's id begins it, and then only finitely
    // many numbers are taken.
    let mut base = format!("a-{letters}");
    while writers(&base) {
        base.insert(0, 'a');
    }
    let mut id = base.clone();
    let mut k = 1;
    while writers(&id) || !ids.insert(id.clone()) {
        k += 1;
        id = format!("{base}-{k}");
    }
    id
}

/// The names of the places in a block: its headings' and its spans', in reading order.
fn places<'a>(block: &'a Block, out: &mut Vec<&'a str>) {
    let runs = |runs: &mut dyn Iterator<Item = &'a Vec<Inline>>, out: &mut Vec<&'a str>| {
        runs.for_each(|r| inline_places(r, out));
    };
    match block {
        Block::Paragraph(p) => inline_places(&p.inlines, out),
        Block::Heading { id, inlines, .. } => {
            out.extend(id.as_deref());
            inline_places(inlines, out);
        }
        Block::Quote { blocks, .. } => blocks.iter().for_each(|b| places(b, out)),
        Block::Verse { lines, .. } => runs(&mut lines.iter(), out),
        Block::List { items, .. } => items.iter().flat_map(|i| &i.blocks).for_each(|b| places(b, out)),
        Block::Definitions { items, .. } => {
            for (term, defs) in items {
                inline_places(term, out);
                defs.iter().flatten().for_each(|b| places(b, out));
            }
        }
        Block::Table(t) => runs(&mut t.caption.iter().chain(t.cells()), out),
        Block::Figure(f) => runs(&mut f.caption.iter(), out),
        Block::SceneBreak { .. } | Block::PageBreak { .. } | Block::Code { .. } => {}
    }
}

fn inline_places<'a>(inlines: &'a [Inline], out: &mut Vec<&'a str>) {
    for i in inlines {
        match i {
            Inline::Anchor(name) => out.push(name),
            other => inline_places(other.children().map_or(&[][..], |c| c), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_xml_names_apart_from_the_writers() {
        let sections = ["chapter-001", "introduction"];
        let mut ids = HashSet::new();
        assert_eq!(fragment("extension-raw_attribute", &sections, &mut ids), "extension-raw_attribute");
        assert_eq!(fragment("vim.b", &sections, &mut ids), "vim.b");
        assert_eq!(fragment(":Fnl", &sections, &mut ids), "a--Fnl");
        assert_eq!(fragment("introduction", &sections, &mut ids), "a-introduction");
        assert_eq!(fragment("chapter-001-title", &sections, &mut ids), "a-chapter-001-title");
        assert_eq!(fragment("1984", &sections, &mut ids), "a-1984");
        assert_eq!(fragment("глава", &sections, &mut ids), "глава");
    }

    #[test]
    fn a_section_whose_id_begins_every_fallback_does_not_stop_the_numbering() {
        // A chapter `{#a}` claims every `a-…` id (found by fuzzing: the writer looped forever).
        let sections = ["a", "aa-fig-map"];
        let mut ids = HashSet::new();
        let first = fragment("fig:map", &sections, &mut ids);
        let second = fragment("fig:map", &sections, &mut ids);
        assert_eq!((first.as_str(), second.as_str()), ("aaa-fig-map", "aaa-fig-map-2"));
        let writes = |id: &str| sections.iter().any(|s| id == *s || id.starts_with(&format!("{s}-")));
        assert!(!writes(&first) && !writes(&second));
    }
}
