//! The pages around the text: half-title, title page, copyright page, dedication, the book's
//! epigraph alone on a recto, the contents with leaders and linked page numbers, part titles and
//! the author page.

use super::text::Look;
use super::{Builder, Mark, Placed};
use crate::model::{Block, Book, Inline, Role, Section, SectionRole};
use crate::typeset::{Align, Family, Line, Pt};

/// Shares of their sizes the title page's title, subtitle and authors are tried at, in turn,
/// until they end above the publisher's line.
const TITLE_PAGE_SCALES: [f64; 5] = [1.0, 0.85, 0.7, 0.6, 0.5];

/// Grid lines added under a subtitle that reaches the middle of the page before the names, at
/// each size: a clear break where the page has room, else half a line rather than smaller type.
const NAME_GAPS: [f64; 2] = [1.5, 0.5];

/// What the title page sets above the publisher.
struct TitleBlock<'a> {
    title: &'a [Inline],
    subtitle: Option<&'a Vec<Inline>>,
    author: Option<&'a str>,
    /// Grid lines between a subtitle reaching the middle of the page and the names.
    gap: f64,
    others: &'a [String],
}

impl Builder<'_> {
    /// Every page of the book in order.
    pub(super) fn matter_pages(&mut self, book: &Book) {
        let recto_chapters = book.metadata.typography.recto_chapters.unwrap_or(true);
        let collection = is_collection(book);
        self.half_title();
        self.title_page();
        self.copyright_page();
        let front: Vec<&Section> = book
            .front
            .iter()
            .filter(|s| {
                !matches!(s.role, SectionRole::HalfTitle | SectionRole::TitlePage | SectionRole::Copyright)
            })
            .collect();
        for s in front.iter().filter(|s| matches!(s.role, SectionRole::Dedication | SectionRole::Epigraph)) {
            self.display_page(s);
        }
        self.contents(book);
        for s in front.iter().filter(|s| !matches!(s.role, SectionRole::Dedication | SectionRole::Epigraph)) {
            self.section(s, &[], 0, true, None);
        }
        // Arabic numbering starts with the first page of the body, always a recto.
        if self.pages.len() % 2 == 1 {
            self.pages.push(Default::default());
        }
        self.body_start = self.pages.len();
        for s in &book.body {
            if s.role == SectionRole::Part {
                let mut rest = &s.children[..];
                if s.is_poem_in_sections() {
                    // Its title opens it as a poem's does, and its sections run on under their
                    // numbers; the poems after them open pages of their own.
                    let n = rest.iter().take_while(|c| c.runs_on).count();
                    self.section(s, &rest[..n], 0, false, None);
                    rest = &rest[n..];
                } else {
                    self.part_page(s);
                }
                // Each chapter that opens a page, with the chapters set on from it. The first
                // opens on a recto even if a poem: a part title's verso stays blank.
                while let Some((c, after)) = rest.split_first() {
                    let n = after.iter().take_while(|a| a.runs_on).count();
                    let first = rest.len() == s.children.len();
                    let recto = opens_recto(c, recto_chapters, collection) || (first && recto_chapters);
                    self.section(c, &after[..n], 1, recto, Some(s));
                    rest = &after[n..];
                }
            } else {
                self.section(s, &[], 0, opens_recto(s, recto_chapters, collection), None);
            }
        }
        for s in &book.back {
            match s.role {
                SectionRole::AboutAuthor => self.author_page(s),
                _ => self.section(s, &[], 0, true, None),
            }
        }
        // A leaf has two sides: a book ending on a recto ends with its blank verso, as printers
        // (IngramSpark among them) ask of an interior's page count.
        if self.pages.len() % 2 == 1 {
            self.pages.push(Default::default());
        }
    }

    pub(super) fn centered(&mut self, page: usize, text: &str, look: Look, at: f64, step: f64) -> f64 {
        self.centered_inlines(page, &[Inline::Text(text.to_string())], look, at, step)
    }

    fn centered_inlines(&mut self, page: usize, inlines: &[Inline], look: Look, at: f64, step: f64) -> f64 {
        let lang = self.book.metadata.lang.as_str().to_string();
        let (lines, scale) = self.set_display(&lang, inlines, look, self.geo.measure());
        self.place_lines(page, lines, at, step * scale, Pt::ZERO)
    }

    /// A centred text that goes on to new pages while it has lines left; returns the next line.
    fn centered_run(&mut self, page: &mut usize, text: &str, look: Look, at: f64, step: f64) -> f64 {
        let lang = self.book.metadata.lang.as_str().to_string();
        let inlines = [Inline::Text(text.to_string())];
        let (lines, scale) = self.set_display(&lang, &inlines, look, self.geo.measure());
        self.run_lines(page, lines, at, step * scale, Pt::ZERO)
    }

    fn half_title(&mut self) {
        let page = self.new_page(true);
        let title = self.book.metadata.title_inlines.clone();
        let look = Look { family: Family::Sans, ..Look::body(self.geo.size * 1.3) };
        self.centered_inlines(page, &title, look, (self.geo.lines / 4) as f64, 1.5);
    }

    fn title_page(&mut self) {
        let page = self.new_page(true);
        self.toc_pages.insert("\u{0}title".into(), page);
        let m = &self.book.metadata;
        let (title, subtitle, author, publisher) =
            (m.title_inlines.clone(), m.subtitle_inlines.clone(), m.author_line(), m.publisher.clone());
        // Each with what they did, as the EPUB's title page has it: a name alone under the
        // author's reads as a second author.
        let labels = crate::labels::Labels::for_language(&m.lang.primary());
        let others: Vec<String> = m
            .contributors
            .iter()
            .filter(|c| c.role != Role::Author)
            .map(|c| format!("{} {}", labels.contributor(c.role), c.name))
            .collect();
        // A long title and subtitle over many names would run past the foot of the page (into
        // the publisher's line, then off the paper): the type comes down until they end above it.
        let size = self.geo.size;
        let foot = self.geo.lines as f64 - if publisher.is_some() { 3.0 } else { 1.0 };
        let start = self.pages[page].items.len();
        'sizes: for scale in TITLE_PAGE_SCALES {
            for gap in NAME_GAPS {
                self.pages[page].items.truncate(start);
                let block = TitleBlock {
                    title: &title,
                    subtitle: subtitle.as_ref(),
                    author: author.as_deref(),
                    others: &others,
                    gap,
                };
                if self.title_block(page, scale, block) <= foot {
                    break 'sizes;
                }
            }
        }
        if let Some(p) = publisher {
            self.centered(
                page,
                &p,
                Look { family: Family::Sans, ..Look::body(size * 0.9) },
                (self.geo.lines - 1) as f64,
                1.0,
            );
        }
    }

    /// The title, subtitle, authors and the others' lines of the title page at `scale` of their
    /// sizes; returns the grid line of the last baseline.
    fn title_block(
        &mut self,
        page: usize,
        scale: f64,
        TitleBlock { title, subtitle, author, others, gap }: TitleBlock<'_>,
    ) -> f64 {
        let size = self.geo.size * scale;
        let mut at = (self.geo.lines / 5) as f64;
        let title_look = Look { family: Family::Sans, bold: true, ..Look::body(size * 2.0) };
        at = self.centered_inlines(page, title, title_look, at, 2.2 * scale);
        let mut last = at - 2.2 * scale;
        if let Some(s) = subtitle {
            let look = Look { italic: true, ..Look::body(size * 1.3) };
            at = self.centered_inlines(page, s, look, at + 0.5 * scale, 1.6 * scale);
            last = at - 1.6 * scale;
        }
        // The others under the authors, each under the one before: names that take more than a
        // line push them down rather than be overprinted.
        let mut next = (self.geo.lines / 2 + 3) as f64;
        if let Some(a) = author {
            let spaced: String = a.to_uppercase();
            // Under a subtitle that reaches the middle of the page, `gap` lines under it.
            let from = (at + gap * scale).max((self.geo.lines / 2) as f64);
            let end = self.centered(page, &spaced, Look::body(size * 1.2), from, 1.5 * scale);
            next = next.max(end + 1.5 * scale);
            last = end - 1.5 * scale;
        }
        for name in others {
            next = self.centered(page, name, Look { italic: true, ..Look::body(self.geo.size) }, next, 1.0);
            last = next - 1.0;
        }
        last
    }

    fn copyright_page(&mut self) {
        let mut page = self.new_page(false);
        let m = &self.book.metadata;
        let lines = crate::labels::copyright_lines(self.book);
        let lang = m.lang.as_str().to_string();
        let look = Look::body(self.geo.size * 0.8);
        let mut set: Vec<Vec<Line>> = Vec::new();
        for l in &lines {
            set.push(self.set_lines(
                &lang,
                &[Inline::Text(l.clone())],
                look,
                Align::Left,
                self.geo.measure(),
            ));
        }
        // Set at the foot of the page, as copyright pages are; from the top, running on, when
        // more than a page (a licence's whole text as `rights`).
        let step = 0.85;
        let count: usize = set.iter().map(Vec::len).sum::<usize>() + set.len();
        let mut at = (self.geo.lines as f64 - 1.0 - count as f64 * step).max(0.0);
        for s in set {
            at = self.run_lines(&mut page, s, at, step, Pt::ZERO) + step;
        }
    }

    /// A dedication or the book's epigraph: alone on a recto, optically centred.
    fn display_page(&mut self, s: &Section) {
        let first = self.new_page(true);
        let mut page = first;
        self.toc_pages.insert(s.id.clone(), first);
        let lang = self.lang(s);
        let measure = self.geo.measure();
        let indent = measure * 0.2;
        let look = Look { italic: true, ..Look::body(self.geo.size * 1.05) };
        // A dedication's text, or each epigraph's quotation and its author under it.
        let parts: Vec<(&[Block], Option<&Vec<Inline>>)> = match s.epigraphs.as_slice() {
            [] => vec![(s.blocks.as_slice(), None)],
            epigraphs => epigraphs.iter().map(|e| (e.blocks.as_slice(), e.attribution.as_ref())).collect(),
        };
        let mut groups: Vec<(Vec<Line>, Vec<Line>)> = Vec::new();
        let dedication = s.role == SectionRole::Dedication;
        for (blocks, attribution) in parts {
            let mut set: Vec<Line> = Vec::new();
            for b in blocks {
                let inlines = super::display_inlines(b);
                // A dedication's lines are centred, but a poem's keep their left edge, the
                // poem centred as a whole by its longest line (Onegin's verses to Pletnev).
                let verse = matches!(b, Block::Verse { .. });
                let align = if dedication && !verse { Align::Center } else { Align::Left };
                let mut lines = self.set_lines(&lang, &inlines, look, align, measure - indent);
                if dedication && verse {
                    let widest = lines.iter().map(|l| l.width).fold(Pt(0.0), Pt::max);
                    let shift = ((measure - indent - widest) / 2.0).max(Pt(0.0));
                    lines.iter_mut().for_each(|l| l.x += shift);
                }
                set.extend(lines);
            }
            let mut attr = Vec::new();
            if let Some(a) = attribution {
                let mut inl = vec![Inline::Text("— ".into())];
                inl.extend(a.iter().cloned());
                attr = self.set_lines(&lang, &inl, Look::body(self.geo.size), Align::Right, measure - indent);
            }
            groups.push((set, attr));
        }
        // Optical centre: a little above the middle.
        let total: usize = groups.iter().map(|(set, attr)| set.len() + attr.len() + 2).sum::<usize>() - 1;
        let mut at = (self.geo.lines as f64 * 0.4 - total as f64 / 2.0).max(0.0);
        let dx = if s.role == SectionRole::Dedication { indent / 2.0 } else { indent };
        for (set, attr) in groups {
            let next = self.run_lines(&mut page, set, at, 1.0, dx);
            at = self.run_lines(&mut page, attr, next + 0.5, 1.0, dx) + 1.5;
        }
        // Its notes, marked in lines set here rather than in the flow, at the foot of the page.
        let mut slots = Vec::new();
        self.flow(lang).loose_notes(s, &[], &mut slots);
        let notes: Vec<Line> = slots
            .into_iter()
            .filter_map(|slot| match slot.content {
                super::flow::Content::Text { line, .. } => Some(line),
                _ => None,
            })
            .collect();
        let step = 0.8;
        let mut foot = (self.geo.lines as f64 - 1.0 - notes.len() as f64 * step).max(at - 1.5);
        if !notes.is_empty() && foot > self.geo.lines.saturating_sub(1) as f64 + 1e-6 {
            // No room under the epigraph: the notes, and their rule, open the next page.
            page = self.new_page(false);
            foot = 0.0;
        }
        if !notes.is_empty() {
            // Under the same short rule as the notes at the foot of any other page.
            self.pages[page].items.push(Placed::Rule {
                x: self.geo.left(page),
                y: self.geo.baseline(foot) + self.geo.note_leading() * 1.1,
                w: self.geo.measure() * 0.3,
                weight: Pt(0.4),
            });
        }
        self.run_lines(&mut page, notes, foot, step, Pt::ZERO);
        let title =
            crate::labels::Labels::for_language(&self.book.metadata.lang.primary()).role(s.role).to_string();
        self.outline.push(Mark { title, level: 0, page: first, top: None });
    }

    fn part_page(&mut self, s: &Section) {
        let mut page = self.new_page(true);
        // A part's title alone on its page is a display page, printed without a folio (a blind
        // folio, as its blank verso); one its introduction opens under carries its number.
        if !s.blocks.is_empty() || !s.notes.is_empty() {
            self.openings.push(page);
        }
        self.toc_pages.insert(s.id.clone(), page);
        let title = s.title_text();
        // An untitled part is named by its role, as in the contents: a bookmark needs a title.
        self.outline.push(Mark { title: self.entry_title(s), level: 0, page, top: None });
        let lang = self.lang(s);
        let look = Look { family: Family::Sans, bold: true, ..Look::body(self.geo.size * 1.7) };
        let (lines, scale) =
            self.set_display(&lang, s.title.as_deref().unwrap_or(&[]), look, self.geo.measure());
        let opening = page;
        let next = self.run_lines(&mut page, lines, (self.geo.lines / 3) as f64, 2.0 * scale, Pt::ZERO);
        if !s.blocks.is_empty() || !s.notes.is_empty() {
            self.head_run_on(opening, page, &title);
            self.pour_blocks(s, &[], lang, Default::default(), (page, next.ceil() as usize + 2), &title);
            self.heading_marks(s, 1);
        }
    }

    fn author_page(&mut self, s: &Section) {
        let mut page = self.new_page(true);
        let opening = page;
        self.openings.push(page);
        self.toc_pages.insert(s.id.clone(), page);
        let labels = crate::labels::Labels::for_language(&self.book.metadata.lang.primary());
        let heading = if s.title.is_some() {
            s.title_text()
        } else {
            labels.role(SectionRole::AboutAuthor).to_string()
        };
        self.outline.push(Mark { title: heading.clone(), level: 0, page, top: None });
        let lang = self.lang(s);
        let size = self.geo.size;
        let mut at = (self.geo.lines / 4) as f64;
        let look = Look { family: Family::Sans, bold: true, ..Look::body(size * 1.5) };
        at = self.centered_run(&mut page, &heading, look, at, 2.0) + 1.0;
        if let Some(p) = &s.person {
            if let Some(photo) = p.photo.and_then(|a| self.book.assets.get(a.0).map(|x| (a.0, x.pixels))) {
                let w = self.geo.measure() * 0.4;
                let h = w * f64::from(photo.1.1) / f64::from(photo.1.0.max(1));
                let x = self.geo.left(page) + (self.geo.measure() - w) / 2.0;
                let top = self.geo.baseline(at - 0.8);
                self.pages[page].items.push(Placed::Image { asset: photo.0, x, y: top - h, w, h });
                at += (h.0 / self.geo.leading.0).ceil() + 1.0;
            }
            // The name and credentials run on to the next page rather than off the paper, and the
            // biography follows wherever they end.
            let name = Look { family: Family::Sans, bold: true, ..Look::body(size * 1.2) };
            at = self.centered_run(&mut page, &p.name, name, at, 1.5);
            if let Some(c) = &p.credentials {
                at = self.centered_run(&mut page, c, Look { italic: true, ..Look::body(size) }, at, 1.0);
            }
        }
        self.head_run_on(opening, page, &heading);
        if !s.blocks.is_empty() {
            self.pour_blocks(s, &[], lang, Default::default(), (page, at as usize + 1), &heading);
        }
    }
}

/// Whether a section opens on a right-hand page: chapters as the book asks, but in a collection
/// of poems a poem on the next page, as collections set them: Leaves of Grass's 580 poems would
/// leave a blank verso after every other one. A poem among chapters (the fragments after Onegin's
/// last chapter) opens as they do.
fn opens_recto(s: &Section, recto_chapters: bool, collection: bool) -> bool {
    match s.role {
        SectionRole::Chapter => recto_chapters && !(collection && s.is_poem()),
        _ => true,
    }
}

/// Whether a book is a collection of poems: at least half its chapters, in parts or not, are.
fn is_collection(book: &Book) -> bool {
    let chapters = book
        .body
        .iter()
        .flat_map(|s| if s.role == SectionRole::Part { &s.children[..] } else { std::slice::from_ref(s) });
    let (poems, all) = chapters.fold((0, 0), |(p, a), c| (p + c.is_poem() as usize, a + 1));
    2 * poems >= all
}
