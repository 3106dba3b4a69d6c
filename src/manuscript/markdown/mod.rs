//! Markdown to model: pulldown-cmark's events folded into blocks and inlines.
//!
//! This is the only module that knows Markdown. It returns a flat list of headings and blocks;
//! [`super::structure`] then cuts that list into sections.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

mod inlines;
mod tags;

use super::blocks::{
    LoneImage, comments_only, displays_apart, fenced_divs, html_page_break, html_text, lone_image,
    page_break, paragraph_or_verse, quoted_attrs, tidy, unescape_autolink,
};
use super::pandoc_tables::GridShape;
use super::punctuation::Typographer;
use super::source::LineIndex;
use super::spans::Role;

use crate::diag::{Diagnostics, Location};
use crate::model::{
    Alignment, AssetId, Block, Figure, FileId, Inline, ListItem, NoteId, Numbering, ParagraphStyle, Span,
    Table,
};

/// Deeper nesting than this is flattened (content kept): nobody needs it, and it would cost stack.
const MAX_DEPTH: usize = 24;

/// A heading as written, before it is known whether it opens a section or sits inside one.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 for `#`.
    pub level: u8,
    /// Its text.
    pub inlines: Vec<Inline>,
    /// `{#id}`.
    pub id: Option<String>,
    /// `{.class}` names, used for section roles.
    pub classes: Vec<String>,
    /// `{key=value}` pairs.
    pub attrs: Vec<(String, String)>,
    /// Where it was written.
    pub span: Span,
}

/// One top-level item of a Markdown file.
#[derive(Debug, Clone)]
pub enum Item {
    /// A heading.
    Heading(Heading),
    /// Any other block.
    Block(Block),
}

/// Footnotes of the whole book, numbered in order of first reference.
#[derive(Debug, Default)]
pub struct Notes {
    ids: HashMap<(FileId, String), NoteId>,
    /// Definitions by book-wide id.
    pub defs: HashMap<NoteId, (Vec<Block>, Span)>,
    /// Where each id was first referenced.
    pub refs: HashMap<NoteId, Span>,
}

impl Notes {
    fn id(&mut self, file: FileId, label: &str) -> NoteId {
        let next = NoteId(self.ids.len() as u32 + 1);
        *self.ids.entry((file, label.to_lowercase())).or_insert(next)
    }
}

/// What parsing needs from the rest of the book.
pub struct Context<'a> {
    /// The book's diagnostics.
    pub diags: &'a mut Diagnostics,
    /// Spans for the file being read.
    pub lines: &'a LineIndex,
    /// The file's path, for messages.
    pub path: &'a std::path::Path,
    /// Punctuation conventions of the file's language.
    pub typographer: Typographer,
    /// Footnotes across the book.
    pub notes: &'a mut Notes,
    /// How the numbered list starting at a line (of the file) counts, with its marker's
    /// column, where the fancy-list pass read its first marker.
    pub numbering: &'a HashMap<u32, (u32, Numbering)>,
    /// The foot and joined cells of the grid table starting at a line (of the file), which
    /// its pipe table, the table pulldown-cmark reads, could not hold.
    pub tables: &'a HashMap<u32, GridShape>,
    /// Turns an image path written in the file into a checked asset.
    pub image: &'a mut dyn FnMut(&str, Span, &mut Diagnostics) -> Option<AssetId>,
}

/// The syntax pulldown-cmark is asked to read beyond CommonMark. As in pandoc, `~x~` is a
/// subscript and `~~x~~` a strikethrough (without subscripts pulldown-cmark reads both as the
/// latter, so H~2~O was struck through).
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_MATH
}

/// Parses one Markdown text (without front matter) into top-level items.
pub fn parse(text: &str, cx: &mut Context<'_>) -> Vec<Item> {
    let options = options();
    let (text, leads) = fenced_divs(text);
    let text = text.as_str();
    let mut b = Builder {
        stack: vec![Frame::new(Kind::Root, Span::default())],
        ignored: Vec::new(),
        ignored_spans: 0,
        html_warned: false,
        leads,
        alt: Vec::new(),
        titled_only: Vec::new(),
    };
    let mut mixed = super::slips::Mixed::default();
    let headings = super::header_refs::Headings::of(text);
    let answer = |link| headings.answer(text, link);
    for (event, range) in
        Parser::new_with_broken_link_callback(text, options, Some(answer)).into_offset_iter()
    {
        // A list's range may begin at the line break before its first marker (an item indented
        // by a tab): its span is its marker's, where the fancy-list pass noted its numbering.
        let at = match event {
            Event::Start(Tag::List(_)) => text[range.start..]
                .find(|c: char| !c.is_whitespace())
                .map_or(range.start, |k| range.start + k),
            _ => range.start,
        };
        let span = cx.lines.span(text, at);
        if matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))) {
            super::slips::unclosed_fence(text, range.clone(), span, cx);
        }
        // pandoc's rule, which pulldown-cmark 0.13 lacks: a `$` with a figure right after it
        // closes no formula, so "shoes ($20) and socks ($5)" stays prices.
        let event = match event {
            Event::InlineMath(t) if text[range.end..].starts_with(|c: char| c.is_ascii_digit()) => {
                Event::Text(format!("${t}$").into())
            }
            // pulldown-cmark drops the backslash of `\^`; the superscript pass must still know.
            Event::Text(t) if super::raised::escaped(text, range.start, &t) => {
                Event::Text(super::raised::mark_escaped(&t).into())
            }
            other => other,
        };
        if matches!(event, Event::Text(_)) {
            cx.typographer.followed_by(text[range.end..].chars().next());
            if !b.stack.last().is_some_and(|f| matches!(f.kind, Kind::Code { .. } | Kind::Html { .. })) {
                super::slips::mixed_scripts(text, range.clone(), &mut mixed, cx);
                super::slips::unknown_note(text, range.clone(), cx);
            }
        }
        if let Event::Text(t) = &event
            && inlines::is_reference(&text[range.clone()])
        {
            b.reference(t, cx);
            continue;
        }
        let quoted = match &event {
            Event::Start(Tag::Heading { .. }) => quoted_attrs(&text[range.clone()]),
            _ => Vec::new(),
        };
        b.event(event, span, cx);
        if let Kind::Heading { attrs, .. } = &mut b.top().kind {
            for (key, value) in quoted {
                attrs.retain(|(k, _)| *k != key);
                attrs.push((key, value));
            }
        }
    }
    let root = b.stack.pop().map(|f| f.finish_blocks()).unwrap_or_default();
    let items: Vec<Item> = root
        .into_iter()
        .map(|x| match x {
            Child::Heading(h) => Item::Heading(h),
            Child::Block(b) => Item::Block(b),
        })
        .collect();
    super::slips::split_sentences(&items, cx);
    mixed.finish(cx);
    items
}

/// What a frame on the stack is building.
#[derive(Debug)]
enum Kind {
    Root,
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
        classes: Vec<String>,
        attrs: Vec<(String, String)>,
    },
    Quote,
    List {
        numbering: Option<Numbering>,
    },
    Item {
        task: Option<bool>,
    },
    Note(NoteId),
    Code {
        language: Option<String>,
        text: String,
    },
    Html {
        text: String,
    },
    Table {
        alignments: Vec<Alignment>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    TableHead,
    TableRow,
    TableCell,
    Definitions {
        items: Vec<(Vec<Inline>, Vec<Vec<Block>>)>,
    },
    DefTitle,
    DefDefinition,
    Emphasis,
    Strong,
    Strike,
    Sup,
    Sub,
    Link {
        target: String,
        autolink: bool,
    },
    Image {
        url: String,
        title: String,
    },
    /// An HTML `<span>` (a pandoc bracketed span, rewritten), open until its `</span>`.
    Span(Role),
}

impl Kind {
    /// Whether it is an inline, which text runs in and out of, rather than a block.
    fn inline(&self) -> bool {
        matches!(self, Kind::Span(_) | Kind::Emphasis | Kind::Strong | Kind::Strike | Kind::Sup | Kind::Sub)
            || matches!(self, Kind::Link { .. } | Kind::Image { .. })
    }
}

/// A child a frame collected.
#[derive(Debug)]
pub(super) enum Child {
    Heading(Heading),
    Block(Block),
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    span: Span,
    children: Vec<Child>,
    inlines: Vec<Inline>,
    items: Vec<ListItem>,
    cells: Vec<Vec<Inline>>,
}

impl Frame {
    fn new(kind: Kind, span: Span) -> Frame {
        Frame { kind, span, children: Vec::new(), inlines: Vec::new(), items: Vec::new(), cells: Vec::new() }
    }

    /// Tight list items and definitions hold inlines without a paragraph: wrap them in one.
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = tidy(std::mem::take(&mut self.inlines));
            if !inlines.is_empty() {
                let span = self.span;
                let blocks = displays_apart(inlines, ParagraphStyle::Body, span);
                self.children.extend(blocks.into_iter().map(Child::Block));
            }
        }
    }

    fn finish_blocks(mut self) -> Vec<Child> {
        self.flush_inlines();
        super::captions::table_captions(&mut self.children);
        self.children
    }

    fn blocks(self) -> Vec<Block> {
        self.finish_blocks()
            .into_iter()
            .map(|c| match c {
                Child::Block(b) => b,
                Child::Heading(h) => {
                    Block::Heading { level: h.level, inlines: h.inlines, id: h.id, span: h.span }
                }
            })
            .collect()
    }
}

struct Builder {
    stack: Vec<Frame>,
    /// For each start tag that was flattened (too deep), the end tag to skip.
    ignored: Vec<TagEnd>,
    /// Spans opened too deep to nest, whose `</span>`s close nothing.
    ignored_spans: usize,
    html_warned: bool,
    /// Line ranges (relative to the text, fences excluded) of `::: lead` divs.
    leads: Vec<(u32, u32)>,
    /// The alt text of the image read last, as written (`*E. coli* colonies`): a paragraph
    /// that is only that image is a figure captioned with it.
    alt: Vec<Inline>,
    /// Images of the paragraph being read with a title but no alt text: captioned if the image
    /// is the paragraph's only content, unexplained if it stands in its text.
    titled_only: Vec<Span>,
}

impl Builder {
    fn top(&mut self) -> &mut Frame {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn push_inline(&mut self, inline: Inline) {
        self.top().inlines.push(inline);
    }

    fn push_block(&mut self, block: Block) {
        self.close_spans();
        let top = self.top();
        top.flush_inlines();
        top.children.push(Child::Block(block));
    }

    fn event(&mut self, event: Event<'_>, span: Span, cx: &mut Context<'_>) {
        match event {
            Event::Start(tag) => self.start(tag, span, cx),
            Event::End(end) => {
                if self.ignored.last() == Some(&end) {
                    self.ignored.pop();
                } else {
                    self.end(cx);
                    self.close_ended_spans();
                }
            }
            Event::Text(t) => self.text(&t, cx),
            Event::Code(t) => {
                cx.typographer.skip(&t);
                self.push_inline(Inline::Code(t.to_string()));
            }
            Event::InlineMath(t) => self.math(&t, false, span, cx),
            Event::DisplayMath(t) => self.math(&t, true, span, cx),
            Event::Html(t) => {
                if let Kind::Html { text } = &mut self.top().kind {
                    text.push_str(&t);
                }
            }
            Event::InlineHtml(t) => self.inline_html(&t, span, cx),
            Event::FootnoteReference(label) => {
                let id = cx.notes.id(span.file, &label);
                cx.notes.refs.entry(id).or_insert(span);
                self.trim_before_mark();
                // The mark reads as the figure it prints: no one-letter word before it is tied
                // over it to the next (`и[^1] дальше`), and a quotation mark after it closes.
                cx.typographer.skip("1");
                self.push_inline(Inline::NoteRef(id));
            }
            // Kept as a newline until the paragraph ends, so fenced-div lines can be recognised.
            Event::SoftBreak => self.push_inline(Inline::Text(cx.typographer.soft_break().into())),
            Event::HardBreak => {
                // A verse line opening with a quotation mark opens a quotation.
                cx.typographer.skip("\n");
                self.push_inline(Inline::LineBreak)
            }
            Event::Rule => self.push_block(Block::SceneBreak { span }),
            Event::TaskListMarker(done) => {
                if let Kind::Item { task } = &mut self.top().kind {
                    *task = Some(done);
                }
            }
        }
    }

    fn end(&mut self, cx: &mut Context<'_>) {
        // A span left open ends with the element it was opened in.
        self.close_spans();
        // And so do those opened too deep to be read: counted on, they would take the closing
        // tags of the blocks after it (`</i>` then closed nothing, and the italic ran on).
        if self.stack.last().is_some_and(|f| !f.kind.inline()) {
            self.ignored_spans = 0;
        }
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else { return };
        let span = frame.span;
        match frame.kind {
            Kind::Root | Kind::Span(_) => {}
            Kind::Paragraph => {
                let raw = frame.inlines;
                let relative = span.line.saturating_sub(cx.lines.first_line());
                let style = if self.leads.iter().any(|(a, b)| *a < relative && relative < *b) {
                    ParagraphStyle::Lead
                } else {
                    ParagraphStyle::Body
                };
                let figure = lone_image(&raw);
                for at in std::mem::take(&mut self.titled_only) {
                    if figure.is_none() {
                        super::slips::no_alt(at, cx);
                    }
                }
                let alt_inlines = std::mem::take(&mut self.alt);
                let inlines = tidy(raw);
                if inlines.is_empty() {
                    return;
                }
                if let Some(recto) = page_break(&inlines) {
                    self.push_block(Block::PageBreak { recto, span });
                    return;
                }
                let blocks = match figure {
                    Some(LoneImage { asset, alt, size, title, names }) => {
                        // The title is the caption; without one, the alt text is, as pandoc has
                        // it (`![Figure 1.1: Navigation Timing](timing.png)`), in its italics
                        // and all. The alt text's inlines are already typographic: they are
                        // not made so again.
                        let caption = if title.trim().is_empty() {
                            alt_inlines
                        } else {
                            vec![Inline::Text(cx.typographer.educate(title.trim()))]
                        };
                        // Its names stand at the head of the caption, the place links lead to.
                        let caption = (!Inline::plain_text(&caption).trim().is_empty())
                            .then(|| names.into_iter().map(Inline::Anchor).chain(caption).collect());
                        vec![Block::Figure(Figure { caption, asset, alt, size, span })]
                    }
                    None => displays_apart(inlines, style, span),
                };
                for block in blocks {
                    self.push_block(block);
                }
            }
            Kind::Heading { level, id, classes, attrs } => {
                let heading = Heading { level, inlines: tidy(frame.inlines), id, classes, attrs, span };
                let top = self.top();
                top.flush_inlines();
                top.children.push(Child::Heading(heading));
            }
            Kind::Quote => {
                let blocks = frame.blocks();
                self.push_block(Block::Quote { blocks, span });
            }
            Kind::List { numbering } => {
                let items = frame.items;
                self.push_block(Block::List { numbering, items, span });
            }
            Kind::Item { task } => {
                let blocks = frame.blocks();
                if let Kind::List { .. } = self.top().kind {
                    self.top().items.push(ListItem { task, blocks });
                }
            }
            Kind::Note(id) => {
                let blocks = frame.blocks();
                cx.notes.defs.entry(id).or_insert((blocks, span));
            }
            Kind::Code { language, text } => {
                let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                self.push_block(Block::Code { language, text, span });
            }
            Kind::Html { text } => {
                let inlines = html_text(&text);
                let page_break = html_page_break(&text);
                if let Some((true, recto)) = page_break {
                    self.push_block(Block::PageBreak { recto, span });
                }
                let kept = !inlines.is_empty();
                if kept {
                    self.push_block(paragraph_or_verse(inlines, ParagraphStyle::Body, span));
                }
                if let Some((false, recto)) = page_break {
                    self.push_block(Block::PageBreak { recto, span });
                }
                // An author's `<!-- note -->` is how Markdown keeps remarks out of the book, and an
                // empty element asking for a page break has been read whole: nothing to warn about.
                if !comments_only(&text) && (kept || page_break.is_none()) {
                    self.warn_html(span, cx);
                }
            }
            Kind::Table { alignments, head, rows } => {
                let shape = cx.tables.get(&span.line);
                // A head of empty cells is a headerless table's (pandoc's, rewritten), unless
                // a grid table's head was written there: one whose cells only read empty (a
                // comment) is a head still, or its joined cells would fall a row too high.
                let headed = head.iter().any(|c| !c.is_empty()) || shape.is_some_and(|s| s.head_rows() > 0);
                let head = if headed { vec![head] } else { Vec::new() };
                let foot = Vec::new();
                let mut table =
                    Table { alignments, head, rows, foot, merges: Vec::new(), caption: None, span };
                if let Some(shape) = shape {
                    shape.apply(&mut table);
                }
                self.push_block(Block::Table(table));
            }
            Kind::TableHead => {
                if let Kind::Table { head, .. } = &mut self.top().kind {
                    *head = frame.cells;
                }
            }
            Kind::TableRow => {
                if let Kind::Table { rows, .. } = &mut self.top().kind {
                    rows.push(frame.cells);
                }
            }
            Kind::TableCell => {
                let cell = tidy(frame.inlines);
                self.top().cells.push(cell);
            }
            Kind::Definitions { items } => self.push_block(Block::Definitions { items, span }),
            Kind::DefTitle => {
                let term = tidy(frame.inlines);
                if let Kind::Definitions { items } = &mut self.top().kind {
                    items.push((term, Vec::new()));
                }
            }
            Kind::DefDefinition => {
                let blocks = frame.blocks();
                if let Kind::Definitions { items } = &mut self.top().kind {
                    if let Some(last) = items.last_mut() {
                        last.1.push(blocks);
                    } else {
                        items.push((Vec::new(), vec![blocks]));
                    }
                }
            }
            Kind::Emphasis => self.push_inline(Inline::Emphasis(frame.inlines)),
            Kind::Strong => self.push_inline(Inline::Strong(frame.inlines)),
            Kind::Strike => self.push_inline(Inline::Strikethrough(frame.inlines)),
            Kind::Sup => self.push_inline(Inline::Superscript(frame.inlines)),
            Kind::Sub => self.push_inline(Inline::Subscript(frame.inlines)),
            Kind::Link { target, autolink } => {
                let mut children = frame.inlines;
                if autolink {
                    for child in &mut children {
                        if let Inline::Text(t) = child {
                            *t = unescape_autolink(t);
                        }
                    }
                }
                self.push_inline(Inline::Link { target, children, at: span })
            }
            Kind::Image { url, title } => self.image(frame.inlines, &url, &title, span, cx),
        }
    }
}

impl Context<'_> {
    /// Quotation marks never run on from one block into the next.
    fn typographer_block_start(&mut self, tag: &Tag<'_>) {
        if matches!(
            tag,
            Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::DefinitionListTitle | Tag::Item
        ) {
            self.typographer.reset();
        }
    }
}

fn loc(cx: &Context<'_>, span: Span) -> Location {
    Location::at(cx.path, span.line, span.column)
}

#[cfg(test)]
mod tests;
