//! The contents page: every section after it with leaders and linked page numbers (under a
//! chapter, the headings of its text), the bookmarks of those headings, and the page numbers
//! written once every page is laid out.

use super::text::Look;
use super::{Builder, Link, LinkTo, Mark, Placed};
use crate::model::{Book, Inline, Section, SectionRole};
use crate::typeset::{Align, Family, LinkId, Pt};

impl Builder<'_> {
    /// The contents: every section after it, with leaders and the page it opens on, linked.
    pub(super) fn contents(&mut self, book: &Book) {
        let labels = crate::labels::Labels::for_language(&book.metadata.lang.primary());
        // Each entry: what it lists, its title, its level, and its authors (an anthology's).
        let mut entries: Vec<(Entry, Vec<Inline>, usize, String)> = Vec::new();
        // A section's entry, and under it the headings of its text the contents list (a
        // technical chapter's sections), each leading to the page it falls on.
        let mut listed = |s: &Section, level: usize, poured: bool| {
            let title = s.listed_title(labels.role(s.role));
            entries.push((Entry::Section(s.id.clone()), title, level, labels.list(&s.byline)));
            for (name, title) in s.listed_headings().filter(|_| poured) {
                if let Some(link) = self.links.heading(name) {
                    entries.push((Entry::Heading(link), title, level + 1, String::new()));
                }
            }
        };
        let front = book.front.iter().filter(|s| {
            matches!(s.role, SectionRole::Foreword | SectionRole::Preface | SectionRole::Introduction)
                && !s.unlisted
        });
        for s in front {
            listed(s, 0, true);
        }
        for s in book.body.iter().filter(|s| !s.unlisted) {
            listed(s, 0, true);
            // Numbered chapters set on one after another (a novel's I, II, III under its parts, a
            // poem's sections) are not listed: a column of numerals tells the reader nothing the
            // part's or the poem's entry does not. Nor is one of them with a name too (The Idiot's
            // "XII. Заключение"), which listed alone read as the part's only chapter. The
            // bookmarks and the EPUB's contents keep them.
            let runs = s.children.iter().any(|c| c.runs_on);
            let numbered = |c: &Section| c.is_numbered() || c.is_numbered_and_named();
            for c in s.children.iter().filter(|c| !(c.unlisted || runs && numbered(c))) {
                listed(c, 1, true);
            }
        }
        for s in book.back.iter().filter(|s| !s.unlisted) {
            // The author's page is set as a display, its text not poured: it has no places.
            listed(s, 0, s.role != SectionRole::AboutAuthor);
        }
        if entries.len() < 2 {
            return;
        }
        let size = self.geo.size;
        let lang = book.metadata.lang.as_str().to_string();
        let measure = self.geo.measure();
        // A size apart from the body's: the contents is a list, not running text.
        let look = Look::body(size * 0.92);
        let levels: Vec<usize> = entries.iter().map(|e| e.2).collect();
        // A title too long for its line turns over under a hanging indent deeper than the
        // entries under it (the Chicago Manual's runover lines), so that neither is taken for
        // the other.
        let hang = size * 2.5;
        let mut set = Vec::with_capacity(entries.len());
        for (to, title, level, byline) in entries {
            let indent = size * 1.5 * level as f64;
            let reserve = size * 3.0;
            let width = measure - indent - reserve;
            let mut title_lines = self.set_hanging(&lang, &title, look, width, hang);
            // A title whose last line runs up to the numbers would stand with no leader at all,
            // as if unfinished: it is set narrower, so that its last words come down a line.
            let leaders_room = size * 1.5;
            if title_lines.last().is_some_and(|l| l.x + l.width > width - leaders_room) {
                title_lines = self.set_hanging(&lang, &title, look, width - leaders_room, hang);
            }
            // The authors in italic under the title, set in as far, the page number on the title's line.
            let byline_lines = if byline.is_empty() {
                Vec::new()
            } else {
                let italic = Look { italic: true, ..look };
                self.set_lines(&lang, &[Inline::Text(byline)], italic, Align::Left, width)
            };
            set.push((to, title_lines, byline_lines, indent));
        }
        let mut page = self.new_page(true);
        self.openings.push(page);
        self.outline.push(Mark { title: labels.contents.to_string(), level: 0, page, top: None });
        let heading = Look { family: Family::Sans, bold: true, ..Look::body(size * 1.5) };
        // The heading is sunk a sixth of the page, as an opening is; less, when that would send
        // the last few entries onto a page of their own, which all of them fit above.
        let (heading_lines, scale) =
            self.set_display(&lang, &[Inline::Text(labels.contents.to_string())], heading, measure);
        let above = heading_lines.len() as f64 * 2.0 * scale + 1.0;
        let listed: usize = set.iter().map(|(_, t, b, _)| t.len() + b.len()).sum();
        let room = self.geo.lines as f64 - above - listed as f64;
        let sink = (self.geo.lines / 6) as f64;
        let sink = if room < sink && room >= 0.0 { room.floor() } else { sink };
        let mut at = self.centered(page, labels.contents, heading, sink, 2.0) + 1.0;
        for (i, (to, title_lines, byline_lines, indent)) in set.into_iter().enumerate() {
            // An entry with entries under it (a part's chapters, a chapter's sections) does not
            // end a page without the first of them, as a heading keeps with its text: a part
            // keeps its first chapter and that chapter's first section.
            let followed = levels[i..].windows(2).take_while(|w| w[1] > w[0]).count();
            if at as usize + title_lines.len() + byline_lines.len() + followed > self.geo.lines {
                page = self.new_page(false);
                // A page of the contents after its first carries its folio, under a head like a
                // chapter's: a reader turning back to it finds where they are.
                self.heads.push((page, labels.contents.to_string()));
                at = 0.0;
            }
            let last_end = title_lines.last().map_or(Pt::ZERO, |l| l.x + l.width);
            let top = self.geo.baseline(at) + size;
            at = self.run_lines(&mut page, title_lines, at, 1.0, indent);
            let left = self.geo.left(page);
            // Page numbers are known only once every page is laid out.
            self.pending.push(Pending {
                page,
                baseline: self.geo.baseline(at - 1.0),
                top,
                leader_from: left + indent + last_end + size * 0.5,
                to,
            });
            at = self.run_lines(&mut page, byline_lines, at, 1.0, indent);
        }
    }

    /// Bookmarks at `level` for the headings the contents list under a section, now that its
    /// text is set: each leads to its heading on the page it fell on.
    pub(super) fn heading_marks(&mut self, s: &Section, level: usize) {
        for (name, title) in s.contents_headings() {
            if let Some(&(page, top)) = self.links.heading(name).and_then(|id| self.places.get(&id)) {
                self.outline.push(Mark { title, level, page, top: Some(top) });
            }
        }
    }

    /// Writes the contents' page numbers, leaders and links, now that every page is placed.
    pub(super) fn finish_contents(&mut self) {
        let lang = self.book.metadata.lang.as_str().to_string();
        let size = self.geo.size;
        let look = Look::body(size * 0.92);
        let measure = self.geo.measure();
        let mut set = Vec::new();
        for entry in std::mem::take(&mut self.pending) {
            let found = match &entry.to {
                Entry::Section(id) => {
                    self.toc_pages.get(id).map(|&page| (page, self.toc_tops.get(id).copied()))
                }
                Entry::Heading(link) => self.places.get(link).map(|&(page, top)| (page, Some(top))),
            };
            let Some((target, top)) = found else { continue };
            let number = if target >= self.body_start {
                (target - self.body_start + 1).to_string()
            } else {
                crate::labels::roman(target + 1)
            };
            let lines = self.set_lines(&lang, &[Inline::Text(number)], look, Align::Right, measure);
            set.push((entry, (target, top), lines.into_iter().next()));
        }
        // Every leader stops short of the widest number, as TeX's contents do: one ending where
        // its own number begins would end further right beside "1" than beside "215".
        let widest = set.iter().filter_map(|(_, _, n)| n.as_ref()).map(|n| n.width).fold(Pt::ZERO, Pt::max);
        for (entry, (target, top), num) in set {
            let left = self.geo.left(entry.page);
            if let Some(num) = num {
                let num_x = left + num.x;
                self.leaders(
                    entry.page,
                    entry.leader_from,
                    left + measure - widest - size * 0.5,
                    entry.baseline,
                );
                self.pages[entry.page].items.push(Placed::Text { x: num_x, y: entry.baseline, line: num });
            }
            let rect = (left, entry.baseline - size * 0.3, left + measure, entry.top);
            self.pages[entry.page].links.push(Link { rect, to: LinkTo::Page { page: target, top } });
        }
    }

    pub(super) fn entry_title(&self, s: &Section) -> String {
        s.label(crate::labels::Labels::for_language(&self.book.metadata.lang.primary()).role(s.role))
    }

    /// Dot leaders between a contents entry and its page number.
    fn leaders(&mut self, page: usize, from: Pt, to: Pt, y: Pt) {
        let lang = self.book.metadata.lang.as_str().to_string();
        let dot = self.set_lines(
            &lang,
            &[Inline::Text(".".into())],
            Look::body(self.geo.size * 0.92),
            Align::Left,
            self.geo.measure(),
        );
        let Some(dot) = dot.into_iter().next() else { return };
        let step = self.geo.size.0 * 0.6;
        // Dots sit on a fixed grid so the leaders of all entries line up.
        let mut x = (from.0 / step).ceil() * step;
        while x + step <= to.0 {
            self.pages[page].items.push(Placed::Text { x: Pt(x), y, line: dot.clone() });
            x += step;
        }
    }
}

/// A contents entry whose page number is written once all pages are known.
pub(super) struct Pending {
    page: usize,
    baseline: Pt,
    top: Pt,
    leader_from: Pt,
    to: Entry,
}

/// What a contents entry lists.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    /// A section, by id: its opening page.
    Section(String),
    /// A heading in a section's text, by the link to its place.
    Heading(LinkId),
}
