//! The body of a section as a flow of grid slots: every slot is a whole number of baseline-grid
//! lines (so pages end level), with the rules page breaking must obey: no orphans or widows,
//! headings kept with two lines of their text, scene-break ornaments never dropped.

use crate::model::{Block, Inline, ParagraphStyle, Section};
use crate::typeset::{Align, Chunk, Family, Line, LinkId, Paragraph, Pt, Shape, Typesetter};

use super::links::Links;
use super::notes::NoteAt;
use super::text::{Look, Setting, chunks};

/// Most lines a paragraph may have and still be set again a line looser or tighter.
const MOST_LINES_SET_AGAIN: usize = 120;

/// What a slot holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// A line of text, `dx` from the text block's left edge.
    Text { line: Line, dx: Pt },
    /// An image scaled to `w`×`h`, `dx` from the left edge.
    Image { asset: usize, w: Pt, h: Pt, dx: Pt },
    /// Nothing: vertical space.
    Blank,
    /// Where the `n`th section of a run set on begins: it takes no line, and holds to the head
    /// after it, so its page is the head's (for the contents and the bookmarks).
    Anchor(usize),
    /// Where these links lead: it takes no line, and holds to the first line of its block.
    Target(Vec<LinkId>),
    /// The author's page break: the flow is poured onto pages in pieces parted here, the next
    /// from a right-hand page if `recto`.
    PageBreak {
        /// Whether the next piece opens a right-hand page.
        recto: bool,
    },
    /// A horizontal rule of a thickness, `dx` from the left edge, a third of a line under the
    /// baseline of the line before it; it takes no line of its own.
    Rule { dx: Pt, w: Pt, weight: Pt },
}

/// How far under the baseline of the line before it a rule is drawn, in lines: between that
/// line's descenders and the next line's capitals, at the body's leading.
pub const RULE_DROP: f64 = 0.34;

/// One slot of the flow.
#[derive(Debug, Clone)]
pub struct Slot {
    /// What it shows.
    pub content: Content,
    /// Grid lines it takes.
    pub lines: usize,
    /// Whether a page may end after it.
    pub break_after: bool,
    /// Whether it vanishes at the top of a page.
    pub discardable: bool,
    /// Whether it is shown only at the top of a page, taking no room anywhere else: a table's
    /// head, repeated where the table goes on over a page break.
    pub repeat: bool,
    /// Footnotes referenced on this line: their set lines.
    pub notes: Vec<Vec<Line>>,
    /// What a page ending after it costs, as that many lines lacking would: a verse line whose
    /// sentence runs on into the next. 0 for most.
    pub penalty: u8,
}

impl Slot {
    /// The grid line its text stands on, the slot starting at `first`: its last, so that a line
    /// made taller by an image keeps its room above it.
    pub fn baseline_line(&self, first: usize) -> usize {
        first + self.lines.max(1) - 1
    }

    /// Line `i` of a paragraph of `n` set `indent` in: a page may end after it unless that
    /// leaves the paragraph's first line alone at a foot or its last alone at a head.
    pub fn text(line: Line, indent: Pt, i: usize, n: usize) -> Slot {
        let break_after = i + 1 == n || n >= 4 && i >= 1 && i + 2 < n;
        Slot {
            content: Content::Text { line, dx: indent },
            lines: 1,
            break_after,
            discardable: false,
            repeat: false,
            notes: Vec::new(),
            penalty: 0,
        }
    }

    /// Vertical space of `lines` grid lines, dropped at a page's top.
    pub(super) fn blank(lines: usize) -> Slot {
        Slot {
            content: Content::Blank,
            lines,
            break_after: true,
            discardable: true,
            repeat: false,
            notes: Vec::new(),
            penalty: 0,
        }
    }

    /// A line of space between blocks, unless the block before ended with one: space between two
    /// displays (stanzas, a quotation and a heading) is one line, not the sum of theirs.
    pub(super) fn space(out: &mut Vec<Slot>) {
        if !out.last().is_some_and(|s| s.discardable && matches!(s.content, Content::Blank)) {
            out.push(Slot::blank(1));
        } else if ends_figure(&out[..out.len() - 1]) {
            // The figure's space is this block's too; should the figure float away, taking its
            // space with it, this mark becomes the block's own line of space.
            out.push(Slot::blank(0));
        }
    }

    /// The mark of space wanted after a figure, should the figure float away (see `space`).
    pub(super) fn is_space_wanted(&self) -> bool {
        self.lines == 0 && self.discardable && matches!(self.content, Content::Blank)
    }
}

/// Whether the slots end with a figure: its image, and its caption's lines, in which no page ends
/// but after the last.
fn ends_figure(slots: &[Slot]) -> bool {
    let mut i = slots.len();
    while i > 0 {
        i -= 1;
        match &slots[i].content {
            Content::Image { .. } => return true,
            Content::Text { .. } if i + 1 == slots.len() || !slots[i].break_after => {}
            _ => return false,
        }
    }
    false
}

/// Settings shared by every block.
pub struct Flow<'a> {
    /// The engine.
    pub ts: &'a mut Typesetter,
    /// Text block width.
    pub measure: Pt,
    /// Body size.
    pub size: Pt,
    /// The page's measure and body size, which a quotation narrows and shrinks but its notes,
    /// set at the page's foot, keep.
    pub page: (Pt, Pt),
    /// Language of the section.
    pub lang: String,
    /// Image sizes by asset index, in pixels.
    pub images: &'a [(u32, u32)],
    /// The links a reader can follow, and the places they lead to.
    pub links: &'a Links,
    /// Grid line height.
    pub leading: Pt,
    /// Most grid lines a page holds (images are scaled to fit).
    pub page_lines: usize,
    /// Where the block being set was written.
    pub current: crate::model::Span,
    /// Blocks with a line wider than the measure.
    pub overfull: Vec<crate::model::Span>,
    /// Paragraphs with a word broken where it has no break point, to stay inside the measure.
    pub broken: Vec<crate::model::Span>,
    /// Footnotes set at the foot of a line that marks them, by number.
    pub noted: Vec<u32>,
    /// Body paragraphs that could be set otherwise, in the order of their slots.
    pub settable: Vec<Settable>,
    /// Lines of verse among the slots: a flow mostly of verse runs ragged at the foot.
    pub verse_lines: usize,
    /// The slots of the section's own verse lines and stanza numerals, to be moved together to
    /// centre a poem (see `centre_verse`).
    pub verse_slots: Vec<usize>,
    /// Whether chapters open with a drop cap (`drop-caps`).
    pub drop_caps: bool,
}

/// What a block is set among.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Around {
    /// Other blocks; `true` after running text, where a paragraph's first line is indented.
    Text(bool),
    /// The stanza it labels follows: set over its first line.
    OverStanza,
    /// A label stands right over it: no line of space between them.
    UnderLabel,
}

/// A body paragraph among the slots, with what it takes to set it again.
#[derive(Debug, Clone)]
pub struct Settable {
    /// Its first slot.
    pub start: usize,
    /// Its lines (one slot each).
    pub lines: usize,
    /// The paragraph as it was set.
    pub paragraph: Paragraph,
    /// How far it is set in from the text block's left edge.
    pub indent: Pt,
    /// Its footnotes as set, to go with the lines their marks fall on when it is set again.
    pub notes: Vec<NoteAt>,
}

impl Flow<'_> {
    /// Sets a paragraph and returns its lines.
    pub fn set(&mut self, chunks: Vec<Chunk>, align: Align, shape: Shape, hyphenate: bool) -> Vec<Line> {
        let p = self.paragraph(chunks, align, shape, hyphenate);
        self.ts.set(&p)
    }

    /// A paragraph in the section's language.
    pub(super) fn paragraph(
        &self,
        chunks: Vec<Chunk>,
        align: Align,
        shape: Shape,
        hyphenate: bool,
    ) -> Paragraph {
        Paragraph { chunks, lang: self.lang.clone(), align, shape, hyphenate }
    }

    /// Chunks for inlines in a look, with note marks from the section's numbering.
    pub fn chunks(&self, inlines: &[Inline], look: Look) -> Vec<Chunk> {
        self.chunks_in(inlines, look, false)
    }

    /// Chunks for inlines, their sized images as tall as asked when `tall` (a paragraph's).
    pub(super) fn chunks_in(&self, inlines: &[Inline], look: Look, tall: bool) -> Vec<Chunk> {
        let (fonts, images, measure) = (&self.ts.fonts, self.images, self.measure);
        chunks(inlines, look, &Setting { fonts, links: self.links, images, measure, tall })
    }

    /// The slots of a section's blocks.
    pub fn blocks(&mut self, section: &Section, blocks: &[Block], indent: Pt, out: &mut Vec<Slot>) {
        let mut after_text = false;
        let mut head_ends = None;
        let mut last_start = 0;
        let mut under_label = false;
        let stanza_labels = Block::stanza_labels(blocks);
        for (i, b) in blocks.iter().enumerate() {
            last_start = out.len();
            let over_stanza = stanza_labels[i];
            if over_stanza {
                // A line of space above the numeral, as above any stanza, after prose too.
                if !out.is_empty() {
                    Slot::space(out);
                }
                let from = out.len();
                self.block(section, b, indent + self.verse_indent(), Around::OverStanza, out);
                if indent == Pt::ZERO {
                    self.verse_slots.extend(from..out.len());
                }
            } else if under_label {
                self.block(section, b, indent, Around::UnderLabel, out);
            } else {
                self.block(section, b, indent, Around::Text(after_text), out);
            }
            self.mark_targets(b, last_start, out);
            under_label = over_stanza;
            if let Some(from) = head_ends.take() {
                hold(out, from, 2);
            }
            let label = b.is_label();
            if label {
                out[last_start..].iter_mut().for_each(|s| s.break_after = false);
            }
            if label || matches!(b, Block::Heading { .. }) {
                head_ends = Some(out.len());
            } else if b.introduces_next()
                && blocks.get(i + 1).is_some_and(|n| !matches!(n, Block::Heading { .. }))
            {
                // Its last line goes overleaf with the first of what it introduces (a lead
                // paragraph ends in space: its last line is the last text).
                head_ends = out.iter().rposition(|s| matches!(s.content, Content::Text { .. }));
            }
            after_text = b.text_goes_on(after_text, blocks.get(i + 1));
        }
        super::verse::keep_last_stanza_company(blocks, last_start, out);
    }

    /// Marks where the links to places in a block lead: before its first slot that is not space
    /// (space vanishes at the head of a page, and the block would begin overleaf).
    fn mark_targets(&mut self, b: &Block, from: usize, out: &mut Vec<Slot>) {
        let mut ids = self.links.leading_into(b);
        // A quotation's or a list's own blocks have marked their places already, more closely.
        for s in &out[from..] {
            if let Content::Target(inner) = &s.content {
                ids.retain(|id| !inner.contains(id));
            }
        }
        if ids.is_empty() {
            return;
        }
        let at = (from..out.len()).find(|&i| !out[i].discardable).unwrap_or(out.len());
        let slot = Slot {
            content: Content::Target(ids),
            lines: 0,
            break_after: false,
            discardable: false,
            repeat: false,
            notes: Vec::new(),
            penalty: 0,
        };
        out.insert(at, slot);
        for p in self.settable.iter_mut().filter(|p| p.start >= at) {
            p.start += 1;
        }
    }

    /// How far verse is set in from the text around it (a poem is then centred as a whole).
    pub(super) fn verse_indent(&self) -> Pt {
        self.size * 2.0
    }

    fn block(&mut self, section: &Section, b: &Block, indent: Pt, around: Around, out: &mut Vec<Slot>) {
        let after_text = around == Around::Text(true);
        self.current = b.span();
        let measure = self.measure - indent;
        let body = Look::body(self.size);
        match b {
            Block::Paragraph(_)
                if self.drop_caps
                    && section.opens_with_drop_cap(b)
                    && let Block::Paragraph(p) = b
                    && self.dropped(section, p, indent, out) => {}
            Block::Paragraph(p) => {
                let (look, first) = match p.style {
                    ParagraphStyle::Lead => (Look { italic: true, ..body }, Pt::ZERO),
                    ParagraphStyle::Body if after_text => (body, self.size * 1.2),
                    ParagraphStyle::Body | ParagraphStyle::Display => (body, Pt::ZERO),
                };
                let align = if p.style == ParagraphStyle::Display { Align::Center } else { Align::Justify };
                let chunks = self.chunks_in(&p.inlines, look, true);
                let para = self.paragraph(chunks, align, Shape::block(measure, first), true);
                let (para, lines) = self.set_running(para, self.current);
                let (start, n) = (out.len(), lines.len());
                self.text_lines(section, lines, indent, out);
                // A paragraph may be set a line looser or tighter to fill a short spread
                // (`Refill`); its notes, by number, go with the lines their marks fall on then.
                // Not one with a line made taller by an image: a spread counts a line a slot. Nor
                // one of pages: counting its lines makes breaking it again cost the square of
                // them (a pasted 40,000-word blob took 1 GB), and a line more or less in it
                // moves the page ends no better than one in the short paragraphs around it.
                if (2..=MOST_LINES_SET_AGAIN).contains(&n) && out[start..].iter().all(|s| s.lines == 1) {
                    let notes = self.notes_by_number(section, &out[start..]);
                    self.settable.push(Settable { start, lines: n, paragraph: para, indent, notes });
                }
                if p.style == ParagraphStyle::Lead {
                    Slot::space(out);
                }
            }
            Block::Heading { level, inlines, .. } => {
                Slot::space(out);
                // Heads of each rank read as theirs, as a technical book's need: a chapter's
                // sections in bold sans, their subsections in bold roman, anything deeper in italic.
                let look = match level {
                    0 | 1 => Look { family: Family::Sans, bold: true, ..body },
                    2 => Look { bold: true, ..body },
                    _ => Look { italic: true, ..body },
                };
                let chunks = self.chunks(inlines, look);
                let lines = self.set_within(chunks, Align::Left, Shape::block(measure, Pt::ZERO), false);
                let n = out.len();
                self.text_lines(section, lines, indent, out);
                for s in &mut out[n..] {
                    s.break_after = false;
                }
            }
            Block::Quote { blocks, .. } => {
                // Extracts (letters, quotations) are set a size smaller and indented on both sides.
                Slot::space(out);
                let (measure, size) = (self.measure, self.size);
                self.measure = measure - size * 1.5;
                self.size = size * 0.92;
                self.blocks(section, blocks, indent + size * 1.5, out);
                self.measure = measure;
                self.size = size;
                Slot::space(out);
            }
            Block::Verse { lines, .. } => self.verse(section, lines, indent, measure, around, out),
            Block::List { numbering, items, .. } => {
                self.list(section, *numbering, items, indent, measure, out)
            }
            Block::Definitions { items, .. } => {
                for (term, defs) in items {
                    let chunks = self.chunks(term, Look { bold: true, ..body });
                    let lines = self.set_within(chunks, Align::Left, Shape::block(measure, Pt::ZERO), false);
                    let n = out.len();
                    self.text_lines(section, lines, indent, out);
                    for s in &mut out[n..] {
                        s.break_after = false;
                    }
                    for d in defs {
                        self.blocks(section, d, indent + self.size * 1.5, out);
                    }
                }
            }
            Block::Table(t) => self.table(section, t, indent, measure, out),
            Block::Figure(f) => {
                // A figure is one piece, as a float is in TeX: no page ends inside its caption,
                // which would leave the caption's tail behind when the figure floats. The image
                // is kept short enough for its caption to fit on the page with it.
                let caption = f.caption.as_ref().map(|c| {
                    let chunks = self.chunks(c, Look { italic: true, size: self.size * 0.9, ..body });
                    self.set_within(chunks, Align::Center, Shape::block(measure, Pt::ZERO), true)
                });
                let caption_lines = caption.as_ref().map_or(0, Vec::len);
                let (pw, ph) = self.images.get(f.asset.0).copied().unwrap_or((1, 1));
                let room = self.page_lines.saturating_sub(4 + caption_lines).max(self.page_lines / 3);
                let max_h = self.leading * room as f64;
                let text_height = self.leading * self.page_lines as f64;
                let (w, h) = super::float::image_box(f.size, (pw, ph), measure, text_height, self.size);
                let (w, h) = if h > max_h.0 { (w * max_h.0 / h, max_h.0) } else { (w, h) };
                let lines = (h / self.leading.0).ceil() as usize + 1;
                Slot::space(out);
                out.push(Slot {
                    content: Content::Image {
                        asset: f.asset.0,
                        w: Pt(w),
                        h: Pt(h),
                        dx: indent + Pt((measure.0 - w) / 2.0),
                    },
                    lines,
                    break_after: f.caption.is_none(),
                    discardable: false,
                    repeat: false,
                    notes: Vec::new(),
                    penalty: 0,
                });
                if let Some(lines) = caption {
                    let from = out.len();
                    self.text_lines(section, lines, indent, out);
                    let last = out.len().saturating_sub(1).max(from);
                    for slot in &mut out[from..last] {
                        slot.break_after = false;
                    }
                }
                Slot::space(out);
            }
            Block::PageBreak { recto, .. } => out.push(Slot {
                content: Content::PageBreak { recto: *recto },
                lines: 0,
                break_after: true,
                discardable: false,
                repeat: false,
                notes: Vec::new(),
                penalty: 0,
            }),
            Block::SceneBreak { .. } => {
                Slot::space(out);
                let style = body.style(&self.ts.fonts);
                let lines = self.set(
                    vec![Chunk::Text { text: "*\u{2003}*\u{2003}*".into(), style }],
                    Align::Center,
                    Shape::block(measure, Pt::ZERO),
                    false,
                );
                for line in lines {
                    // The ornament is content: it stays visible at a page's top or foot.
                    out.push(Slot {
                        content: Content::Text { line, dx: indent },
                        lines: 1,
                        break_after: true,
                        discardable: false,
                        repeat: false,
                        notes: Vec::new(),
                        penalty: 0,
                    });
                }
                Slot::space(out);
            }
            Block::Code { text, .. } => self.code(section, text, indent, out),
        }
    }

    /// The head of the `n`th section of a run set on from the one before: its title centred in
    /// the display face, a line of space above and below. Returns where the head ends, to [`hold`] it with
    /// the text under it.
    pub fn run_on_head(&mut self, n: usize, section: &Section, out: &mut Vec<Slot>) -> usize {
        Slot::space(out);
        let at = out.len();
        out.push(Slot {
            content: Content::Anchor(n),
            lines: 0,
            break_after: false,
            discardable: false,
            repeat: false,
            notes: Vec::new(),
            penalty: 0,
        });
        let look = Look { family: Family::Sans, bold: true, ..Look::body(self.size) };
        let chunks = self.chunks(section.title.as_deref().unwrap_or(&[]), look);
        let lines = self.set_within(chunks, Align::Center, Shape::block(self.measure, Pt::ZERO), false);
        self.text_lines(section, lines, Pt::ZERO, out);
        // A line of space under it too, or a novel's chapter numeral sits on its first line of
        // prose (verse brings its own).
        Slot::space(out);
        for s in &mut out[at..] {
            s.break_after = false;
        }
        out.len()
    }

    /// Slots for a paragraph's lines: no break after its first line or before its last.
    pub fn text_lines(&mut self, section: &Section, lines: Vec<Line>, indent: Pt, out: &mut Vec<Slot>) {
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            if line.overfull {
                name_once(&mut self.overfull, self.current);
            }
            let notes = self.notes_on(section, &line);
            let lines = grid_lines(&line, self.leading);
            let mut slot = Slot::text(line, indent, i, n);
            slot.notes = notes;
            slot.lines = lines;
            out.push(slot);
        }
    }
}

/// The grid lines a line of text takes: one, or more when an image in it stands above the room a
/// line leaves under the descenders of the line before (a fifth of an em kept clear).
fn grid_lines(line: &Line, leading: Pt) -> usize {
    let top = line.objects.iter().map(|(_, o)| (o.rise + o.height).0).fold(0.0, f64::max);
    let needed = top + line.size.0 * 0.3;
    if needed <= leading.0 {
        return 1;
    }
    (needed / leading.0).ceil() as usize
}

/// Adds a block to a list to be warned about, once however many of its lines (or, for verse,
/// lines set one by one under the block's span) call for it.
pub(super) fn name_once(list: &mut Vec<crate::model::Span>, span: crate::model::Span) {
    if list.last() != Some(&span) {
        list.push(span);
    }
}

/// Keeps a head with the first `under` lines of the text under it: no page ends from `from`
/// (where the head ends) until that line. A paragraph holds its first two lines together itself;
/// a stanza's lines, a list's items and a program's lines may each end a page.
pub fn hold(out: &mut [Slot], from: usize, under: usize) {
    let mut lines = 0;
    for s in out.iter_mut().skip(from) {
        if matches!(s.content, Content::Text { .. }) {
            lines += 1;
            if lines == under {
                break;
            }
        }
        s.break_after = false;
    }
}
