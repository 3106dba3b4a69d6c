//! Layout: the model set into pages of a printed book. Front matter (half-title, title page,
//! copyright, dedication, epigraph, contents), chapters opening on a recto, sunk, with their
//! epigraphs; body pages on a baseline grid with running heads and folios; back matter. The
//! result is a [`Document`] of placed lines and images that the PDF writer draws.

mod code;
mod contents;
mod display;
mod epigraph;
mod estimate;
mod float;
mod flow;
mod foot;
mod frame;
mod geometry;
mod heads;
mod initial;
mod link_notes;
mod links;
mod list;
mod matter;
mod notes;
mod paginate;
mod preflight;
mod refill;
mod strike;
mod table;
mod text;
mod verse;

pub use frame::{Document, Link, LinkTo, Mark, Objection, Page, Placed};
pub use geometry::{Geometry, LEAST_EMS, LEAST_LINES, SIZES, room, trim};

use std::collections::HashMap;

use crate::model::{Block, Book, Inline, Section};
use crate::typeset::{Align, Chunk, Line, LinkId, Pt, Shape, Typesetter};
use contents::Pending;
use flow::{Content, Flow, RULE_DROP, Settable, Slot};
use links::Links;
use paginate::Foot;
use text::Look;
pub use text::{display_inlines, plain};

/// A line of a footnote at a page's foot; a note's first line carries its mark's page and
/// rectangle (left, bottom, right, top), to link the two.
type FootLine = (Option<(usize, (Pt, Pt, Pt, Pt))>, Line);

/// Lays out a book. The gutter depends on the page count, so a book whose guessed count fell in
/// the wrong gutter class is laid out again.
pub fn layout(book: &Book, ts: &mut Typesetter) -> Result<Document, String> {
    let noted;
    let book = if book.metadata.typography.links_as_notes == Some(true) {
        noted = link_notes::links_as_notes(book);
        &noted
    } else {
        book
    };
    let t = &book.metadata.typography;
    let spec = t.trim.clone().unwrap_or_else(|| "5.5x8.5in".to_string());
    let (w, h) = trim(&spec).ok_or_else(|| format!("unknown trim size `{spec}`: use 6x9in, 5.5x8.5in, 5x8in, a5, b-format, royal or WxH with mm, in or pt"))?;
    // The reader refuses other sizes; a model made by other means is set at the nearest.
    let size = Pt(t.font_size.filter(|s| s.is_finite()).unwrap_or(10.0).clamp(*SIZES.start(), *SIZES.end()));
    let bleed = t.bleed.unwrap_or(false);
    // The gutter depends on the page count: guess it from the text's length, lay out, and lay
    // out again only when the guess was in the wrong class.
    let mut pages = estimate::pages(book, ts, geometry::geometry(w, h, size, bleed, 0));
    let mut tries = 0;
    let links = Links::new(book);
    loop {
        let geo = geometry::geometry(w, h, size, bleed, pages);
        // A dry run learns which paragraphs this geometry sets; every core sets them; the real
        // run takes them ready-made.
        if ts.parallel {
            ts.record();
            let _ = Builder::new(book, ts, geo, &links).run();
            let wanted = ts.recorded();
            ts.preset(wanted);
        }
        let built = Builder::new(book, ts, geo, &links).run();
        ts.forget_presets();
        tries += 1;
        if geometry::gutter(built.pages.len()) == geometry::gutter(pages) || tries == 3 {
            let mut built = built;
            frame::draw_objects(&mut built.pages);
            let mut preflight = preflight::check(book, ts, &geo, &built.pages);
            // The page was judged with a short book's gutter as the book was read; a long book's
            // wider one may leave too narrow a line.
            let ems = geo.measure().0 / size.0;
            if ems < LEAST_EMS {
                preflight.push(Objection::book(format!(
                    "the gutter a book of {} pages needs ({:.3} in) leaves its lines {ems:.1} ems wide, \
                     under the {LEAST_EMS} they need: choose a larger trim or a smaller font-size",
                    built.pages.len(),
                    geo.inner.0 / 72.0
                )));
            }
            return Ok(Document {
                geometry: geo,
                pages: built.pages,
                outline: built.outline,
                body_start: built.body_start,
                overfull: built.overfull,
                broken: built.broken,
                preflight,
            });
        }
        pages = built.pages.len();
    }
}

struct Builder<'a> {
    book: &'a Book,
    ts: &'a mut Typesetter,
    geo: Geometry,
    pages: Vec<Page>,
    outline: Vec<Mark>,
    body_start: usize,
    /// Contents entries waiting for their page numbers.
    pending: Vec<Pending>,
    /// Section id → page index, this pass.
    toc_pages: HashMap<String, usize>,
    /// Section id → where on its page a section set on from another begins.
    toc_tops: HashMap<String, Pt>,
    /// Pages that open a section: no running head, folio at the foot.
    openings: Vec<usize>,
    /// Running head of each page after an opening: (page, chapter title).
    heads: Vec<(usize, String)>,
    overfull: Vec<crate::model::Span>,
    broken: Vec<crate::model::Span>,
    images: Vec<(u32, u32)>,
    /// The links a reader can follow.
    links: &'a Links,
    /// Where the links to places in the text lead, by link number: page and top, as placed.
    places: HashMap<LinkId, (usize, Pt)>,
}

impl<'a> Builder<'a> {
    fn new(book: &'a Book, ts: &'a mut Typesetter, geo: Geometry, links: &'a Links) -> Builder<'a> {
        let images = book.assets.iter().map(|a| a.pixels).collect();
        Builder {
            book,
            ts,
            geo,
            pages: Vec::new(),
            outline: Vec::new(),
            body_start: 0,
            pending: Vec::new(),
            toc_pages: HashMap::new(),
            toc_tops: HashMap::new(),
            openings: Vec::new(),
            heads: Vec::new(),
            overfull: Vec::new(),
            broken: Vec::new(),
            images,
            links,
            places: HashMap::new(),
        }
    }

    fn run(mut self) -> Built {
        let book = self.book;
        self.matter_pages(book);
        self.finish_contents();
        self.link_text();
        self.strike_text();
        self.running_heads();
        Built {
            pages: self.pages,
            outline: self.outline,
            body_start: self.body_start,
            overfull: self.overfull,
            broken: self.broken,
        }
    }

    /// Starts a new page; on a recto when asked, with a blank verso before it if needed.
    fn new_page(&mut self, recto: bool) -> usize {
        if recto && self.pages.len() % 2 == 1 {
            self.pages.push(Page::default());
        }
        self.pages.push(Page::default());
        self.pages.len() - 1
    }

    fn lang(&self, s: &Section) -> String {
        s.lang.as_ref().unwrap_or(&self.book.metadata.lang).as_str().to_string()
    }

    fn flow(&mut self, lang: String) -> Flow<'_> {
        Flow {
            measure: self.geo.measure(),
            size: self.geo.size,
            page: (self.geo.measure(), self.geo.size),
            lang,
            images: &self.images,
            links: self.links,
            leading: self.geo.leading,
            page_lines: self.geo.lines,
            ts: self.ts,
            current: s_span_default(),
            overfull: Vec::new(),
            broken: Vec::new(),
            noted: Vec::new(),
            settable: Vec::new(),
            verse_lines: 0,
            verse_slots: Vec::new(),
            drop_caps: self.book.metadata.typography.drop_caps.unwrap_or(false),
        }
    }

    /// Places lines as [`place_lines`](Self::place_lines) does, but one that would fall below the
    /// page's last line goes to the top of a new page, which `page` then names: an epigraph, a
    /// dedication or a chapter's title longer than a page runs on instead of off the paper, where
    /// its text was lost without a word.
    fn run_lines(&mut self, page: &mut usize, mut lines: Vec<Line>, at: f64, step: f64, dx: Pt) -> f64 {
        let last = self.geo.lines.saturating_sub(1) as f64 + 1e-6;
        let mut y = at;
        while !lines.is_empty() {
            if y > last {
                *page = self.new_page(false);
                y = 0.0;
            }
            // As many as this page still holds, placed together; the rest go on.
            let fit = ((last - y) / step.max(1e-3)).floor() as usize + 1;
            let rest = lines.split_off(fit.min(lines.len()));
            y = self.place_lines(*page, lines, y, step, dx);
            lines = rest;
        }
        y
    }

    /// Heads the pages after `opening` up to `page`, which what opens a section (a long title,
    /// byline or credentials) ran on to, as the text poured after it heads its own.
    fn head_run_on(&mut self, opening: usize, page: usize, title: &str) {
        self.heads.extend((opening + 1..=page).map(|p| (p, title.to_string())));
    }

    /// Places lines on a page from grid line `at`, `dx` into the text block; returns the next line.
    fn place_lines(&mut self, page: usize, lines: Vec<Line>, at: f64, step: f64, dx: Pt) -> f64 {
        let left = self.geo.left(page);
        let mut y = at;
        for line in lines {
            let x = left + dx + line.x;
            self.pages[page].items.push(Placed::Text { x, y: self.geo.baseline(y), line });
            y += step;
        }
        y
    }

    /// Lays out a flow of slots starting on a fresh page; returns the page and the top of each
    /// anchor, in the order of their numbers.
    fn pour(
        &mut self,
        (mut slots, settable, foot): (Vec<Slot>, Vec<Settable>, Foot),
        first_page: usize,
        first_line: usize,
        title: &str,
    ) -> Vec<(usize, Pt)> {
        let cap = self.geo.lines;
        // What opens the flow may have filled its page (an author's page of long credentials):
        // the flow then starts on the next, where a page with no room for it lost its first line.
        let (first_page, first_line) = if first_line >= cap {
            let next = self.new_page(false);
            self.heads.push((next, title.to_string()));
            (next, 0)
        } else {
            (first_page, first_line)
        };
        let note_leading = self.geo.note_leading();
        let fills = paginate::paginate(
            &mut slots,
            cap.saturating_sub(first_line),
            cap,
            first_page.is_multiple_of(2),
            (note_leading, self.geo.leading),
            foot,
            &mut refill::Paragraphs { ts: &mut *self.ts, settable },
        );
        // Each slot is moved onto its page once; slots between pages (discarded space) are dropped.
        let mut slots: Vec<Option<Slot>> = slots.into_iter().map(Some).collect();
        let mut anchors = Vec::new();
        // Note lines run over to the next page, each note's first with its mark (page, rectangle).
        let mut carry: Vec<FootLine> = Vec::new();
        for (k, fill) in fills.into_iter().enumerate() {
            let page = if k == 0 { first_page } else { self.new_page(false) };
            if k > 0 {
                self.heads.push((page, title.to_string()));
            }
            let left = self.geo.left(page);
            let mut line_no = if k == 0 { first_line } else { 0 };
            // Note marks on this page, in order: their rectangles, to link them with the notes.
            let mut marks: Vec<(Pt, Pt, Pt, Pt)> = Vec::new();
            let mut notes: Vec<Vec<Line>> = Vec::new();
            // A repeated table head is shown only where its row is not above it.
            let mut shows = paginate::showing();
            for slot in slots.get_mut(fill.slots).into_iter().flatten().filter_map(Option::take) {
                if !shows(&slot) {
                    continue;
                }
                let y = self.geo.baseline(slot.baseline_line(line_no) as f64);
                match slot.content {
                    Content::Text { line, dx } => {
                        let x = left + dx + line.x;
                        if !slot.notes.is_empty() {
                            marks.extend(self.note_marks(&line, x, y));
                        }
                        self.pages[page].items.push(Placed::Text { x, y, line });
                    }
                    Content::Image { asset, w, h, dx } => {
                        let top = self.geo.baseline(line_no as f64 - 0.8);
                        self.pages[page].items.push(Placed::Image { asset, x: left + dx, y: top - h, w, h });
                    }
                    Content::Rule { dx, w, weight } => {
                        let y = self.geo.baseline(line_no as f64 - 1.0 + RULE_DROP);
                        self.pages[page].items.push(Placed::Rule { x: left + dx, y, w, weight });
                    }
                    // The flow is parted at page breaks before it is poured (`pour_pieces`).
                    Content::Blank | Content::PageBreak { .. } => {}
                    // Where a section set on begins: its bookmark opens the view just above it.
                    Content::Anchor(n) => anchors.push((n, page, y + self.geo.size * 1.2)),
                    Content::Target(ids) => {
                        let top = y + self.geo.size * 1.2;
                        for id in ids {
                            self.places.entry(id).or_insert((page, top));
                        }
                    }
                }
                notes.extend(slot.notes);
                line_no += slot.lines;
            }
            notes.truncate(fill.notes);
            // The foot: lines run over from the page before, then the notes starting here (each
            // first line with its note's index, to link it with its mark); what does not fit runs
            // over to the next page.
            let mut foot = std::mem::take(&mut carry);
            for (i, note) in notes.into_iter().enumerate() {
                let mark = marks.get(i).map(|&rect| (page, rect));
                foot.extend(note.into_iter().enumerate().map(|(j, line)| (mark.filter(|_| j == 0), line)));
            }
            carry = foot.split_off(fill.note_lines.min(foot.len()));
            self.place_foot(page, foot, fill.height);
        }
        if !carry.is_empty() {
            // Pagination gives run-over lines pages of their own; should any be left, they
            // take one more rather than be lost.
            let page = self.new_page(false);
            self.heads.push((page, title.to_string()));
            self.place_foot(page, carry, 0);
        }
        anchors.sort_unstable_by_key(|&(n, _, _)| n);
        anchors.into_iter().map(|(_, page, top)| (page, top)).collect()
    }

    /// A chapter, part or other text section opening on a new page, with the sections set on
    /// from it (`run`, often empty): its siblings in `part`, whose title heads their pages, or
    /// else its own sections (a poem in numbered sections).
    fn section(&mut self, s: &Section, run: &[Section], level: usize, recto: bool, part: Option<&Section>) {
        let mut page = self.new_page(recto);
        let opening = page;
        self.openings.push(page);
        self.toc_pages.insert(s.id.clone(), page);
        let title = s.title_text();
        let label =
            s.label(crate::labels::Labels::for_language(&self.book.metadata.lang.primary()).role(s.role));
        self.outline.push(Mark { title: label.clone(), level, page, top: None });
        let lang = self.lang(s);
        let measure = self.geo.measure();
        // Sunk opening: the title a third of the way down.
        let mut at = (self.geo.lines / 4) as f64;
        if let Some(t) = &s.title {
            // The first of a run's sections takes its title's size from them, not from a chapter's.
            let size = if s.heads_run { self.geo.size } else { self.geo.size * 1.5 };
            let look = Look { family: crate::typeset::Family::Sans, bold: true, ..Look::body(size) };
            let (lines, scale) = self.set_display(&lang, t, look, measure);
            at = self.run_lines(&mut page, lines, at, 2.0 * scale, Pt::ZERO) + 1.0;
        }
        if !s.byline.is_empty() {
            // An anthology's chapter names its authors under its title, in italic.
            let names =
                crate::labels::Labels::for_language(&self.book.metadata.lang.primary()).list(&s.byline);
            let look = Look { italic: true, ..Look::body(self.geo.size) };
            let lines = self.set_lines(&lang, &[Inline::Text(names)], look, Align::Center, measure);
            at = self.run_lines(&mut page, lines, at - 1.0, 1.0, Pt::ZERO) + 1.0;
        }
        let (mut slots, mut noted) = (Vec::new(), Vec::new());
        if !s.epigraphs.is_empty() {
            let indent = measure * 0.3;
            let mut f = self.flow(lang.clone());
            for (k, e) in s.epigraphs.iter().enumerate() {
                if k > 0 {
                    slots.push(Slot::blank(1));
                }
                f.epigraph(s, e, indent, measure, &mut slots);
            }
            noted = f.noted;
            slots.push(Slot {
                content: Content::Blank,
                lines: 2,
                break_after: true,
                discardable: true,
                repeat: false,
                notes: Vec::new(),
                penalty: 0,
            });
            for sl in &mut slots {
                sl.break_after = false;
            }
        }
        let head = match part {
            Some(p) if !run.is_empty() => p.running_head.clone().unwrap_or_else(|| self.entry_title(p)),
            _ if s.running_head.is_some() => s.running_head.clone().unwrap_or_default(),
            _ if title.is_empty() => label,
            _ => title,
        };
        self.head_run_on(opening, page, &head);
        let places = self.pour_blocks(s, run, lang, (slots, noted), (page, at.ceil() as usize), &head);
        self.heading_marks(s, level + 1);
        let run_level = if part.is_some() { level } else { level + 1 };
        for (c, (page, top)) in run.iter().zip(places) {
            self.toc_pages.insert(c.id.clone(), page);
            self.toc_tops.insert(c.id.clone(), top);
            self.outline.push(Mark { title: self.entry_title(c), level: run_level, page, top: Some(top) });
            self.heading_marks(c, run_level + 1);
        }
    }

    /// Sets a section's blocks after the slots already made for its opening (an epigraph), with
    /// the notes those set at a line's foot, then the sections set on from it (`run`), and pours
    /// them onto pages from grid line `first_line` of `page`; returns the page and top each of `run`
    /// begins on.
    fn pour_blocks(
        &mut self,
        s: &Section,
        run: &[Section],
        lang: String,
        (mut slots, noted): (Vec<Slot>, Vec<u32>),
        (page, first_line): (usize, usize),
        title: &str,
    ) -> Vec<(usize, Pt)> {
        let mut f = self.flow(lang);
        f.blocks(s, &s.blocks, Pt::ZERO, &mut slots);
        f.centre_verse(s, &mut slots);
        f.loose_notes(s, &noted, &mut slots);
        for (n, c) in run.iter().enumerate() {
            let head_ends = f.run_on_head(n, c, &mut slots);
            f.blocks(c, &c.blocks, Pt::ZERO, &mut slots);
            f.centre_verse(c, &mut slots);
            // A chapter set on from the one before opens with three lines at least under its
            // head: The Idiot's "VII" stood at a page's foot over two.
            flow::hold(&mut slots, head_ends, 3);
            f.loose_notes(c, &[], &mut slots);
        }
        let text = slots.iter().filter(|s| matches!(s.content, Content::Text { .. })).count();
        let foot = if f.verse_lines * 2 > text { Foot::Ragged } else { Foot::Level };
        if foot == Foot::Ragged {
            verse::end_with_company(&mut slots);
        }
        let (over, broken, settable) = (f.overfull, f.broken, f.settable);
        self.overfull.extend(over);
        self.broken.extend(broken);
        self.pour_pieces((slots, settable, foot), page, first_line, title)
    }

    /// Pours a flow that the author's page breaks part into pieces, each from a new page (the
    /// first from grid line `first_line` of `page`); returns the page and top of each anchor, in
    /// order.
    fn pour_pieces(
        &mut self,
        (slots, settable, foot): (Vec<Slot>, Vec<Settable>, Foot),
        page: usize,
        first_line: usize,
        title: &str,
    ) -> Vec<(usize, Pt)> {
        if !slots.iter().any(|s| matches!(s.content, Content::PageBreak { .. })) {
            return self.pour((slots, settable, foot), page, first_line, title);
        }
        let mut anchors = Vec::new();
        let (mut settable, mut start, mut poured) = (settable.into_iter().peekable(), 0, false);
        // Whether the piece coming opens a right-hand page: the break before it says.
        let (mut recto, mut next_recto) = (false, false);
        let mut rest = slots.into_iter().peekable();
        while rest.peek().is_some() {
            let mut piece = Vec::new();
            for slot in rest.by_ref() {
                if let Content::PageBreak { recto } = slot.content {
                    next_recto = recto;
                    break;
                }
                piece.push(slot);
            }
            let end = start + piece.len() + 1;
            // The paragraphs that may be set again in this piece, their slots counted from it.
            let mut own = Vec::new();
            while let Some(p) = settable.next_if(|p| p.start < end) {
                own.push(Settable { start: p.start - start, ..p });
            }
            start = end;
            if !piece.iter().any(|s| matches!(s.content, Content::Text { .. } | Content::Image { .. })) {
                // Breaks in a row make one; a right-hand page asked by any of them is kept.
                recto |= next_recto;
                continue;
            }
            // A piece after the first opens a page of its own, headed as the ones it runs on to.
            let (from, line) = if poured {
                let next = self.new_page(recto);
                self.heads.push((next, title.to_string()));
                (next, 0)
            } else {
                (page, first_line)
            };
            anchors.extend(self.pour((piece, own, foot), from, line, title));
            poured = true;
            recto = next_recto;
            next_recto = false;
        }
        anchors
    }
}

fn s_span_default() -> crate::model::Span {
    crate::model::Span::default()
}

struct Built {
    pages: Vec<Page>,
    outline: Vec<Mark>,
    body_start: usize,
    overfull: Vec<crate::model::Span>,
    broken: Vec<crate::model::Span>,
}

/// Text of a chunk list, for tests and messages.
pub fn chunk_text(chunks: &[Chunk]) -> String {
    chunks
        .iter()
        .map(|c| match c {
            Chunk::Text { text, .. } => text.as_str(),
            Chunk::Break => "\n",
            Chunk::Object(_) => "\u{FFFC}",
        })
        .collect()
}

/// Every body paragraph of a book as the text engine receives it (justified, first lines
/// indented), for benchmarks and tests of the engine on real text.
pub fn body_paragraphs(
    book: &Book,
    fonts: &crate::typeset::FontBook,
    size: Pt,
    measure: Pt,
) -> Vec<crate::typeset::Paragraph> {
    fn walk(blocks: &[Block], out: &mut Vec<Vec<Inline>>) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(p.inlines.clone()),
                Block::Quote { blocks, .. } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let mut inlines = Vec::new();
    for s in book.sections() {
        walk(&s.blocks, &mut inlines);
    }
    let lang = book.metadata.lang.as_str().to_string();
    let images: Vec<(u32, u32)> = book.assets.iter().map(|a| a.pixels).collect();
    let links = Links::default();
    let setting = text::Setting { fonts, links: &links, images: &images, measure, tall: false };
    inlines
        .iter()
        .map(|i| crate::typeset::Paragraph {
            chunks: text::chunks(i, Look::body(size), &setting),
            lang: lang.clone(),
            align: Align::Justify,
            shape: Shape::block(measure, size * 1.2),
            hyphenate: true,
        })
        .collect()
}

#[cfg(test)]
mod tests;
