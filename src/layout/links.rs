//! Links in print: which of a book's links a reader of the PDF can follow, and where each
//! leads. Web and mail addresses open; a `#name` goes to the page holding the place of that name
//! (a section's, a heading's, a span's), with the names resolved as the EPUB resolves them: a
//! section's own names first, then the places in the text, then the ids folio gave sections.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{Builder, Link, LinkTo, Placed};
use crate::model::{Block, Book, Inline, SectionRole};
use crate::typeset::{LinkId, Pt};

/// The book's links that lead somewhere, numbered in reading order.
#[derive(Debug, Default)]
pub struct Links {
    /// Where each link leads, by its number.
    targets: Vec<Target>,
    /// A link's target as written → its number.
    ids: HashMap<String, LinkId>,
    /// A place's name → the number of the link leading to it, for places in the text.
    places: HashMap<String, LinkId>,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A web or mail address.
    Web(String),
    /// The opening page of the section with this id.
    Section(String),
    /// A place in a section's text, found where its block is set.
    Text,
}

impl Links {
    /// The links of a book whose targets can be followed; links to no place in it stay text.
    pub fn new(book: &Book) -> Links {
        let written = RefCell::new(Vec::new());
        book.contains(&|_| false, &|i| {
            if let Inline::Link { target, .. } = i {
                written.borrow_mut().push(target.clone());
            }
            false
        });
        let written = written.into_inner();
        let mut links = Links::default();
        let headed = book.sections().any(|s| s.contents_headings().next().is_some());
        if written.is_empty() && !headed {
            return links;
        }
        let places = places(book);
        for target in written {
            if links.ids.contains_key(&target) {
                continue;
            }
            let lower = target.to_ascii_lowercase();
            let to = if ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p)) {
                Some(Target::Web(target.clone()))
            } else {
                target.strip_prefix('#').and_then(|name| places.get(name)).cloned()
            };
            let Some(to) = to else { continue };
            let id = LinkId(links.targets.len() as u32);
            if to == Target::Text
                && let Some(name) = target.strip_prefix('#')
            {
                links.places.insert(name.to_string(), id);
            }
            links.targets.push(to);
            links.ids.insert(target, id);
        }
        // The headings the contents list are places too, whether or not a link leads there: the
        // printed contents and the bookmarks do.
        for s in book.sections() {
            for (name, _) in s.contents_headings() {
                if links.places.contains_key(name) || places.get(name) != Some(&Target::Text) {
                    continue;
                }
                links.places.insert(name.to_string(), LinkId(links.targets.len() as u32));
                links.targets.push(Target::Text);
            }
        }
        links
    }

    /// The place of a heading the contents list (`Section::contents_headings`), by its name.
    pub fn heading(&self, name: &str) -> Option<LinkId> {
        self.places.get(name).copied()
    }

    /// The number of the link to `target`, if a reader can follow it.
    pub fn id(&self, target: &str) -> Option<LinkId> {
        self.ids.get(target).copied()
    }

    /// Where a link leads.
    pub fn target(&self, id: LinkId) -> Option<&Target> {
        self.targets.get(id.0 as usize)
    }

    /// The links leading to places in a block (its headings', its spans'), in reading order.
    pub fn leading_into(&self, block: &Block) -> Vec<LinkId> {
        if self.places.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for name in names(block) {
            if let Some(&id) = self.places.get(&name)
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
        out
    }
}

impl Builder<'_> {
    /// Link areas over the text of every link a reader can follow, now that every page and
    /// every place is placed: one a line, from the link's first glyph to its last.
    pub(super) fn link_text(&mut self) {
        if self.links.targets.is_empty() {
            return;
        }
        for page in 0..self.pages.len() {
            let mut found: Vec<Link> = Vec::new();
            for item in &self.pages[page].items {
                let Placed::Text { x, y, line } = item else { continue };
                let mut open: Option<(LinkId, Pt, Pt)> = None;
                for run in &line.runs {
                    let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else { continue };
                    let (left, right) = (*x + first.x(), self.glyph_end(run, last, *x));
                    // A note's mark inside a link's text leads to its note, not with the link.
                    let link = run.style.link.filter(|_| !super::text::is_note_mark(&run.style));
                    open = match (open, link) {
                        (Some((id, l, _)), Some(now)) if id == now => Some((id, l, right)),
                        (before, now) => {
                            found.extend(before.and_then(|(id, l, r)| self.area(id, (l, r), *y)));
                            now.map(|id| (id, left, right))
                        }
                    };
                }
                found.extend(open.and_then(|(id, l, r)| self.area(id, (l, r), *y)));
                // A linked image in the line (a badge, a logo) is followed as its text would be.
                for (dx, o) in &line.objects {
                    let Some(id) = o.style.link else { continue };
                    let left = *x + *dx;
                    if let Some(mut area) = self.area(id, (left, left + o.width), *y) {
                        area.rect.1 = Pt(area.rect.1.0.min((*y + o.rise).0));
                        area.rect.3 = Pt(area.rect.3.0.max((*y + o.rise + o.height).0));
                        found.push(area);
                    }
                }
            }
            self.pages[page].links.extend(found);
        }
    }

    /// The link area of link `id` over text from `l` to `r` on baseline `y`.
    fn area(&self, id: LinkId, (l, r): (Pt, Pt), y: Pt) -> Option<Link> {
        let to = match self.links.target(id)? {
            Target::Web(address) => LinkTo::Web(address.clone()),
            Target::Section(section) => {
                LinkTo::Page { page: *self.toc_pages.get(section)?, top: self.toc_tops.get(section).copied() }
            }
            Target::Text => {
                let &(page, top) = self.places.get(&id)?;
                LinkTo::Page { page, top: Some(top) }
            }
        };
        let size = self.geo.size;
        Some(Link { rect: (l, y - size * 0.3, r, y + size * 0.9), to })
    }
}

/// Every place name of the book and where it leads.
fn places(book: &Book) -> HashMap<String, Target> {
    let mut out: HashMap<String, Target> = HashMap::new();
    for s in book.sections() {
        let section = || Target::Section(s.id.clone());
        for name in &s.anchors {
            out.entry(name.clone()).or_insert_with(section);
        }
        // A name in the title, an epigraph or a note leads to the section's opening page.
        let mut near: Vec<String> = Vec::new();
        if let Some(title) = &s.title {
            near.extend(inline_names(title));
        }
        for e in &s.epigraphs {
            e.blocks.iter().for_each(|b| near.extend(names(b)));
            e.attribution.iter().for_each(|a| near.extend(inline_names(a)));
        }
        for name in near {
            out.entry(name).or_insert_with(section);
        }
        // A dedication's or the book's epigraph's text is set on a page of its own, never poured
        // (no slot marks its places): a name in it leads to that page.
        let display = matches!(s.role, SectionRole::Dedication | SectionRole::Epigraph);
        for name in s.blocks.iter().flat_map(names) {
            if display {
                out.entry(name).or_insert_with(section);
            } else {
                out.entry(name).or_insert(Target::Text);
            }
        }
        for name in s.notes.iter().flat_map(|n| &n.blocks).flat_map(names) {
            out.entry(name).or_insert_with(section);
        }
    }
    for s in book.sections() {
        out.entry(s.id.clone()).or_insert_with(|| Target::Section(s.id.clone()));
    }
    out
}

/// The names of the places in a block, in reading order: its headings' ids and its spans'.
fn names(block: &Block) -> Vec<String> {
    let found = RefCell::new(Vec::new());
    block.contains(
        &|b| {
            if let Block::Heading { id: Some(id), .. } = b {
                found.borrow_mut().push(id.clone());
            }
            false
        },
        &|i| {
            if let Inline::Anchor(name) = i {
                found.borrow_mut().push(name.clone());
            }
            false
        },
    );
    found.into_inner()
}

fn inline_names(inlines: &[Inline]) -> Vec<String> {
    let found = RefCell::new(Vec::new());
    for i in inlines {
        i.contains(&|i| {
            if let Inline::Anchor(name) = i {
                found.borrow_mut().push(name.clone());
            }
            false
        });
    }
    found.into_inner()
}
