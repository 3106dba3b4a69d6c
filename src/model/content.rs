//! Blocks and inlines: the text of a section, with no trace of the markup it was written in.

use super::{AssetId, Lang, Span};

/// A block of text: what a page stacks vertically.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Running text.
    Paragraph(Paragraph),
    /// A heading inside a section (the section's own title is [`super::Section::title`]).
    Heading {
        /// 1 is the highest level inside the section.
        level: u8,
        /// The heading text.
        inlines: Vec<Inline>,
        /// The name links to it use: its `{#id}`, or one made from its text as pandoc makes it.
        id: Option<String>,
        /// Where it was written.
        span: Span,
    },
    /// A quotation set off from the text.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// Where it was written.
        span: Span,
    },
    /// Lines of verse: each line kept as written, turned over with a hanging indent when too long.
    Verse {
        /// The lines; an empty line separates stanzas.
        lines: Vec<Vec<Inline>>,
        /// Where it was written.
        span: Span,
    },
    /// A bulleted or numbered list.
    List {
        /// How a numbered list counts; `None` for bullets.
        numbering: Option<super::Numbering>,
        /// The items.
        items: Vec<ListItem>,
        /// Where it was written.
        span: Span,
    },
    /// Terms and their definitions.
    Definitions {
        /// Each term with its definitions.
        items: Vec<(Vec<Inline>, Vec<Vec<Block>>)>,
        /// Where it was written.
        span: Span,
    },
    /// A table with an optional header row.
    Table(Table),
    /// An image on its own, with a caption.
    Figure(Figure),
    /// A break between scenes, shown as an ornament.
    SceneBreak {
        /// Where it was written.
        span: Span,
    },
    /// The author's `\newpage`: what follows starts a new page in print.
    PageBreak {
        /// Whether it starts on a right-hand page (`\cleardoublepage`).
        recto: bool,
        /// Where it was written.
        span: Span,
    },
    /// Program text, set verbatim.
    Code {
        /// The language the code is in, if given.
        language: Option<String>,
        /// The text, lines separated by `\n`.
        text: String,
        /// Where it was written.
        span: Span,
    },
}

impl Block {
    /// Whether it is a paragraph that only labels what follows, as a head does: a short one all in
    /// bold (a stanza's number in Onegin, "**Scene 2**"), or two Roman numerals or more alone,
    /// each but the last with its period (the numbers of stanzas left out, "XIII. XIV"; of I, V,
    /// X and L only, so that initials, "C. D.", stay text). A link's anchor in it is no text.
    pub fn is_label(&self) -> bool {
        let Block::Paragraph(p) = self else { return false };
        let blank = |i: &Inline| {
            matches!(i, Inline::Text(t) if t.trim().is_empty()) || matches!(i, Inline::Anchor(_))
        };
        let text = Inline::plain_text(&p.inlines);
        let numerals = || {
            let words: Vec<&str> = text.split_whitespace().collect();
            words.len() > 1
                && words[..words.len() - 1].iter().all(|w| w.ends_with('.'))
                && words.iter().all(|w| {
                    let w = w.trim_end_matches('.');
                    w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) && super::roman_value(w).is_some()
                })
        };
        let bold = p.inlines.iter().any(|i| matches!(i, Inline::Strong(_)))
            && p.inlines.iter().all(|i| matches!(i, Inline::Strong(_)) || blank(i));
        text.chars().count() <= 40 && (bold || numerals())
    }

    /// Whether it is a paragraph ending in a colon, which introduces what follows it (a table,
    /// a list, a letter) and should not end a page without it.
    pub fn introduces_next(&self) -> bool {
        let Block::Paragraph(p) = self else { return false };
        // A note's mark after the colon (`as follows:¹`) is not the text's end.
        let text = p.inlines.iter().rev().find(|i| !matches!(i, Inline::NoteRef(_)));
        text.is_some_and(|last| {
            let text = Inline::plain_text(std::slice::from_ref(last));
            text.trim_end().ends_with([':', '：'])
        })
    }

    /// For each block, whether it is a label over the stanza after it, or over labels over one
    /// (Onegin's numerals, and those of the stanzas left out before one): set over the stanza's
    /// first line, as close to it as to nothing else, not out at the margin a line above it.
    pub fn stanza_labels(blocks: &[Block]) -> Vec<bool> {
        let mut labels = vec![false; blocks.len()];
        // From the end: a label labels a stanza when what follows it is one, or labels one.
        for i in (0..blocks.len()).rev() {
            let next = match blocks.get(i + 1) {
                Some(Block::Verse { .. }) => true,
                Some(_) => labels[i + 1],
                None => false,
            };
            labels[i] = next && blocks[i].is_label();
        }
        labels
    }

    /// Calls `f` on every run of inlines inside this block, depth first.
    pub fn each_run_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        match self {
            Block::Paragraph(p) => f(&mut p.inlines),
            Block::Heading { inlines, .. } => f(inlines),
            Block::Quote { blocks, .. } => blocks.iter_mut().for_each(|b| b.each_run_mut(f)),
            Block::Verse { lines, .. } => lines.iter_mut().for_each(&mut *f),
            Block::List { items, .. } => {
                items.iter_mut().flat_map(|i| i.blocks.iter_mut()).for_each(|b| b.each_run_mut(f))
            }
            Block::Definitions { items, .. } => {
                for (term, defs) in items {
                    f(term);
                    defs.iter_mut().flatten().for_each(|b| b.each_run_mut(f));
                }
            }
            Block::Table(t) => {
                let Table { head, rows, foot, caption, .. } = t;
                let cells = head.iter_mut().chain(rows).chain(foot).flatten();
                cells.chain(caption).for_each(&mut *f)
            }
            Block::Figure(fig) => {
                if let Some(c) = &mut fig.caption {
                    f(c)
                }
            }
            Block::SceneBreak { .. } | Block::PageBreak { .. } | Block::Code { .. } => {}
        }
    }

    /// Whether this block, a block inside it (a quotation's, a list item's) or an inline anywhere
    /// in it (captions, cells, terms included) is one `block` or `inline` is looking for.
    pub fn contains(&self, block: &dyn Fn(&Block) -> bool, inline: &dyn Fn(&Inline) -> bool) -> bool {
        let run = |run: &[Inline]| run.iter().any(|i| i.contains(inline));
        let blocks = |blocks: &[Block]| blocks.iter().any(|b| b.contains(block, inline));
        block(self)
            || match self {
                Block::Paragraph(p) => run(&p.inlines),
                Block::Heading { inlines, .. } => run(inlines),
                Block::Quote { blocks: inner, .. } => blocks(inner),
                Block::Verse { lines, .. } => lines.iter().any(|l| run(l)),
                Block::List { items, .. } => items.iter().any(|i| blocks(&i.blocks)),
                Block::Definitions { items, .. } => {
                    items.iter().any(|(term, defs)| run(term) || defs.iter().any(|d| blocks(d)))
                }
                Block::Table(t) => t.caption.as_deref().is_some_and(run) || t.cells().any(|c| run(c)),
                Block::Figure(f) => f.caption.as_deref().is_some_and(run),
                Block::SceneBreak { .. } | Block::PageBreak { .. } | Block::Code { .. } => false,
            }
    }

    /// Whether running text goes on after this block, so that a body paragraph after it (`next`)
    /// is indented; `before` says whether it went on before. A figure is a float that the text
    /// runs past (the print edition may move it to the next page), as LaTeX indents after one.
    /// Text after a quotation goes on from the paragraph that quoted it, flush; but one opening
    /// on a quotation mark or a dialogue dash is the next speaker's, after a novel's letter.
    pub fn text_goes_on(&self, before: bool, next: Option<&Block>) -> bool {
        match self {
            Block::Paragraph(p) => p.style == ParagraphStyle::Body,
            Block::Quote { .. } => next.is_some_and(Block::opens_dialogue),
            Block::Figure(_) => before,
            _ => false,
        }
    }

    /// Whether it is a paragraph opening on a quotation mark or a dialogue dash.
    pub fn opens_dialogue(&self) -> bool {
        let Block::Paragraph(p) = self else { return false };
        let first = p.inlines.iter().find(|i| !matches!(i, Inline::Anchor(_)));
        matches!(first, Some(Inline::Text(t)) if t.starts_with(['“', '‘', '«', '„', '"', '—', '–', '‹', '»']))
    }

    /// Where the block was written.
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph(p) => p.span,
            Block::Table(t) => t.span,
            Block::Figure(f) => f.span,
            Block::Heading { span, .. }
            | Block::Quote { span, .. }
            | Block::Verse { span, .. }
            | Block::List { span, .. }
            | Block::Definitions { span, .. }
            | Block::SceneBreak { span }
            | Block::PageBreak { span, .. }
            | Block::Code { span, .. } => *span,
        }
    }
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// How the paragraph is set.
    pub style: ParagraphStyle,
    /// Its text.
    pub inlines: Vec<Inline>,
    /// Where it was written.
    pub span: Span,
}

/// Paragraph styles a manuscript can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Body text.
    Body,
    /// A lead (standfirst): a short summary before the text, set larger and apart.
    Lead,
    /// A displayed formula, centred on a line of its own; the text after it goes on unindented.
    Display,
}

/// An epigraph: a quotation and who said it.
#[derive(Debug, Clone, PartialEq)]
pub struct Epigraph {
    /// The quotation.
    pub blocks: Vec<Block>,
    /// Who said or wrote it, without the leading dash.
    pub attribution: Option<Vec<Inline>>,
    /// Where it was written.
    pub span: Span,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for a task list item.
    pub task: Option<bool>,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// As the writing direction dictates.
    Default,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A simple table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Alignment of each column.
    pub alignments: Vec<Alignment>,
    /// The head's rows (a grid table's may be several), none for a headerless table.
    pub head: Vec<Vec<TableCell>>,
    /// The body rows.
    pub rows: Vec<Vec<TableCell>>,
    /// The foot rows (pandoc's grid-table foot: totals under the body), possibly none.
    pub foot: Vec<Vec<TableCell>>,
    /// Cells joined across columns or rows, by their place in [`Table::all_rows`].
    pub merges: Vec<Merge>,
    /// Its caption (pandoc's `: caption` or `Table: caption` paragraph beside it).
    pub caption: Option<Vec<Inline>>,
    /// Where it was written.
    pub span: Span,
}

/// The content of one table cell.
pub type TableCell = Vec<Inline>;

/// Cells of a table joined into one across columns or rows (a grid table's spanning cell): the
/// first, top left, holds the text; the others it covers are empty and take no place of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// The first cell's row, in [`Table::all_rows`].
    pub row: usize,
    /// The first cell's column.
    pub col: usize,
    /// How many rows it spans (at least one).
    pub rows: usize,
    /// How many columns it spans (at least one).
    pub cols: usize,
}

impl Merge {
    /// Whether it covers the cell at `row`, `col`.
    pub fn covers(&self, row: usize, col: usize) -> bool {
        (self.row..self.row + self.rows).contains(&row) && (self.col..self.col + self.cols).contains(&col)
    }
}

impl Table {
    /// Every row from top to bottom: the head's, the body's, the foot's.
    pub fn all_rows(&self) -> impl Iterator<Item = &Vec<TableCell>> {
        self.head.iter().chain(&self.rows).chain(&self.foot)
    }

    /// Every cell's text, head, body and foot.
    pub fn cells(&self) -> impl Iterator<Item = &TableCell> {
        self.all_rows().flatten()
    }

    /// How a cell at `row` (in [`Table::all_rows`]), `col` is set: `Some((rows, cols))` spanned
    /// (`(1, 1)` for a plain one), `None` if a cell before it covers it.
    pub fn span_at(&self, row: usize, col: usize) -> Option<(usize, usize)> {
        match self.merges.iter().find(|m| m.covers(row, col)) {
            Some(m) if (m.row, m.col) == (row, col) => Some((m.rows, m.cols)),
            Some(_) => None,
            None => Some((1, 1)),
        }
    }
}

/// An image shown on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The image.
    pub asset: AssetId,
    /// Text that stands for the image for readers who cannot see it.
    pub alt: String,
    /// The caption, if any.
    pub caption: Option<Vec<Inline>>,
    /// The size the author asked for (pandoc's `{width=50%}`); the image's own otherwise.
    pub size: ImageSize,
    /// Where it was written.
    pub span: Span,
}

/// A length an author gave an image, as pandoc reads `width=` and `height=`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Extent {
    /// A share of the text's width (a height's: of the page's text): 0.5 for `50%`.
    Share(f64),
    /// Points: from `pt`, `in`, `cm`, `mm`, and `px` (or no unit) at 96 to the inch.
    Points(f64),
    /// Ems of the text around it.
    Ems(f64),
}

impl Extent {
    /// Reads `50%`, `3cm`, `2.5in`, `1em`, `300px` or `300`; `None` for anything else, and for
    /// a size no page or screen could show (under a hundredth of a point, over two metres).
    pub fn parse(s: &str) -> Option<Extent> {
        let s = s.trim();
        let unit_at = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
        let n: f64 = s[..unit_at].parse().ok().filter(|n: &f64| n.is_finite() && *n > 0.0)?;
        let extent = match s[unit_at..].trim() {
            "%" => Extent::Share(n / 100.0),
            "" | "px" => Extent::Points(n * 0.75),
            "pt" => Extent::Points(n),
            "in" | "inch" => Extent::Points(n * 72.0),
            "cm" => Extent::Points(n * 72.0 / 2.54),
            "mm" => Extent::Points(n * 72.0 / 25.4),
            "em" => Extent::Ems(n),
            _ => return None,
        };
        let points = match extent {
            Extent::Share(f) => f * 500.0,
            Extent::Points(p) => p,
            Extent::Ems(e) => e * 10.0,
        };
        (0.01..=6000.0).contains(&points).then_some(extent)
    }
}

/// The size an author asked for an image: a width, a height, both (the image keeps its shape
/// inside them) or neither.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ImageSize {
    /// Its width.
    pub width: Option<Extent>,
    /// Its height.
    pub height: Option<Extent>,
}

/// A footnote's number within its section, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteId(pub u32);

/// A footnote.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Its number.
    pub id: NoteId,
    /// Its text.
    pub blocks: Vec<Block>,
    /// Whether the text refers to it (an unreferenced note is kept, without a link back).
    pub referenced: bool,
    /// Where the definition was written.
    pub span: Span,
}

/// Text inside a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, already with typographic punctuation.
    Text(String),
    /// Emphasis (italics).
    Emphasis(Vec<Inline>),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Small capitals.
    SmallCaps(Vec<Inline>),
    /// Struck-out text.
    Strikethrough(Vec<Inline>),
    /// Underlined text: pandoc's `[text]{.underline}`, which its Word reader writes for
    /// underlining, and HTML's `<u>`.
    Underline(Vec<Inline>),
    /// Raised text.
    Superscript(Vec<Inline>),
    /// Lowered text.
    Subscript(Vec<Inline>),
    /// Text in another language than its surroundings.
    Foreign(Lang, Vec<Inline>),
    /// Program text inside a line.
    Code(String),
    /// A link to a web address or a place in the book.
    Link {
        /// Where it goes, as written.
        target: String,
        /// The linked text.
        children: Vec<Inline>,
        /// Where it was written, for warnings about where it leads (line 0: made, not read).
        at: Span,
    },
    /// An image inside a line.
    Image {
        /// The image.
        asset: AssetId,
        /// Its text equivalent.
        alt: String,
        /// The size the author asked for.
        size: ImageSize,
    },
    /// A reference to a footnote of the same section.
    NoteRef(NoteId),
    /// A forced line break.
    LineBreak,
    /// A place links may lead to, by the name given (a span's `{#id}`).
    Anchor(String),
    /// Mathematics, read from TeX into text: variables as emphasis, operators as characters.
    Math {
        /// Whether it was displayed (`$$…$$`): then it stands alone in a paragraph of its own.
        display: bool,
        /// The formula as inlines.
        children: Vec<Inline>,
    },
}

impl Inline {
    /// Whether this inline, or one nested in it, is one `found` is looking for.
    pub fn contains(&self, found: &dyn Fn(&Inline) -> bool) -> bool {
        found(self) || self.children().is_some_and(|c| c.iter().any(|i| i.contains(found)))
    }

    /// The inlines nested inside this one (emphasis, links…); `None` for leaves.
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::SmallCaps(c)
            | Inline::Strikethrough(c)
            | Inline::Underline(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Foreign(_, c)
            | Inline::Link { children: c, .. }
            | Inline::Math { children: c, .. } => Some(c),
            _ => None,
        }
    }

    /// The nested inlines, for rewriting in place.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::SmallCaps(c)
            | Inline::Strikethrough(c)
            | Inline::Underline(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Foreign(_, c)
            | Inline::Link { children: c, .. }
            | Inline::Math { children: c, .. } => Some(c),
            _ => None,
        }
    }

    /// A verse line's own indent, in spaces (a tab four, an em space two), and the line without
    /// it: Whitman's refrains are set in by the no-break spaces before them, which a writer must
    /// turn into an indent rather than set (a space at a line's start is dropped, or is a
    /// quarter of an em where the poet meant more).
    pub fn verse_indent(line: &[Inline]) -> (usize, Vec<Inline>) {
        let spaces = Inline::verse_indent_width(line);
        let mut rest = line.to_vec();
        if let (true, Some(Inline::Text(first))) = (spaces > 0, rest.first_mut()) {
            *first = first.trim_start().to_string();
        }
        (spaces, rest)
    }

    /// A verse line's own indent, in spaces, as [`Inline::verse_indent`] counts it.
    pub fn verse_indent_width(line: &[Inline]) -> usize {
        let Some(Inline::Text(first)) = line.first() else { return 0 };
        let text = first.trim_start();
        first[..first.len() - text.len()]
            .chars()
            .map(|c| match c {
                '\t' => 4,
                '\u{2003}' => 2,
                _ => 1,
            })
            .sum()
    }

    /// The text of inlines without any styling, as a reader would read it aloud.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        Inline::push_plain(inlines, &mut out);
        out
    }

    fn push_plain(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::NoteRef(_) => {}
                Inline::LineBreak => out.push(' '),
                nested => Inline::push_plain(nested.children().map_or(&[][..], |c| c), out),
            }
        }
    }
}

/// Where code in running text may break, without a hyphen (the print edition's lines, the
/// EPUB's `<wbr/>`): before an underline, a period or a single slash between letters
/// (`gfm_auto` / `_identifiers`, `std` / `.io`), as the Chicago Manual breaks addresses, and
/// after `::`. Never at either end, nor inside a run of marks. Each is a char boundary.
pub fn code_breaks(word: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = word.as_bytes();
    let word_char = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    (1..word.len().saturating_sub(1)).filter(move |&i| {
        let (before, at, next) = (bytes[i - 1], bytes[i], bytes[i + 1]);
        // A period only between letters: `3.14` stays whole.
        let before_mark = match at {
            b'_' | b'/' => word_char(before) && word_char(next),
            b'.' => (before.is_ascii_alphabetic() || before == b')') && next.is_ascii_alphabetic(),
            _ => false,
        };
        let after_path = before == b':' && i >= 2 && bytes[i - 2] == b':' && word_char(at);
        before_mark || after_path
    })
}
