//! The document model: the typed contract between reading a manuscript and writing a book.
//!
//! Nothing here knows Markdown, XHTML or PDF. The manuscript stage builds a [`Book`]; every writer
//! reads one. Each block carries the [`Span`] it came from so that later stages can point the
//! author at the manuscript line a problem comes from.

mod content;
mod initial;
mod listed;
mod metadata;
mod numbering;

pub use content::{
    Alignment, Block, Epigraph, Extent, Figure, ImageSize, Inline, ListItem, Merge, Note, NoteId, Paragraph,
    ParagraphStyle, Table, TableCell, code_breaks,
};
pub use initial::split_initial;
pub use metadata::{Accessibility, Contributor, Identifier, Lang, Metadata, Role, Series, Typography};
pub use numbering::{Counter, Delimiter, Numbering};

use std::path::PathBuf;

/// A whole book: what it is (metadata) and what it says (sections in reading order).
#[derive(Debug, Clone)]
pub struct Book {
    /// Title, contributors, language, identifiers and the rest of the book's description.
    pub metadata: Metadata,
    /// Sections before the body: title page, copyright, dedication, epigraph, foreword…
    pub front: Vec<Section>,
    /// Parts and chapters.
    pub body: Vec<Section>,
    /// Sections after the body: afterword, acknowledgements, about the author, also-by…
    pub back: Vec<Section>,
    /// Images and other binary files the text refers to, already read and checked.
    pub assets: Vec<Asset>,
    /// The manuscript files the spans point into.
    pub sources: Vec<PathBuf>,
    /// Every file the book was read from (manuscript, settings, images), with what was read:
    /// what an incremental build compares next time.
    pub inputs: Vec<Input>,
}

/// A file a book was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as the book names it, links not followed.
    pub path: PathBuf,
    /// The file it named then, every link followed: a link pointed elsewhere is a change.
    pub real: PathBuf,
    /// SHA-256 of the bytes read, in lowercase hex: an edit made while the book builds is seen
    /// next time, not taken for built.
    pub sha256: String,
}

impl Book {
    /// All sections in reading order, parts followed by their chapters.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.front
            .iter()
            .chain(self.body.iter())
            .chain(self.back.iter())
            .flat_map(|s| std::iter::once(s).chain(s.children.iter()))
    }

    /// Whether any block of the book (epigraphs and notes included), or anything in one or in the
    /// title and subtitle, is one `block` or `inline` is looking for.
    pub fn contains(&self, block: &dyn Fn(&Block) -> bool, inline: &dyn Fn(&Inline) -> bool) -> bool {
        // The title pages set the title and subtitle as Markdown, in both editions: `` The `make`
        // tool `` needs the monospaced face.
        let m = &self.metadata;
        let mut titles = m.title_inlines.iter().chain(m.subtitle_inlines.iter().flatten());
        if titles.any(|i| i.contains(inline)) {
            return true;
        }
        let blocks = |blocks: &[Block]| blocks.iter().any(|b| b.contains(block, inline));
        self.sections().any(|s| {
            s.title.as_deref().is_some_and(|t| t.iter().any(|i| i.contains(inline)))
                || s.epigraphs
                    .iter()
                    .any(|e| blocks(&e.blocks) || e.attribution.iter().flatten().any(|i| i.contains(inline)))
                || blocks(&s.blocks)
                || s.notes.iter().any(|n| blocks(&n.blocks))
        })
    }

    /// Whether the book prints any code, which is set in the monospaced face.
    pub fn has_code(&self) -> bool {
        self.contains(
            &|b| matches!(b, Block::Code { text, .. } if !text.trim().is_empty()),
            &|i| matches!(i, Inline::Code(t) if !t.trim().is_empty()),
        )
    }

    /// Whether the book has a formula, whose symbols come from the math face.
    pub fn has_math(&self) -> bool {
        self.contains(&|_| false, &|i| matches!(i, Inline::Math { .. }))
    }

    /// The path of the manuscript file a span points into.
    pub fn source_path(&self, span: Span) -> Option<&std::path::Path> {
        self.sources.get(span.file.0 as usize).map(PathBuf::as_path)
    }
}

/// What a section is for; decides where it goes and how writers present it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionRole {
    /// The title alone, before the title page (print).
    HalfTitle,
    /// Title, subtitle, author and publisher.
    TitlePage,
    /// Rights, identifiers, edition and credits.
    Copyright,
    /// A dedication.
    Dedication,
    /// The book's epigraph, alone on its page.
    Epigraph,
    /// A foreword by someone other than the author.
    Foreword,
    /// The author's preface.
    Preface,
    /// An introduction.
    Introduction,
    /// A part grouping chapters.
    Part,
    /// A chapter.
    Chapter,
    /// An afterword or epilogue.
    Afterword,
    /// Acknowledgements.
    Acknowledgements,
    /// About the author: name, credentials, biography, photo.
    AboutAuthor,
    /// Other books by the same author.
    AlsoBy,
}

impl SectionRole {
    /// The name used in `book.toml` and heading attributes.
    pub fn name(self) -> &'static str {
        match self {
            SectionRole::HalfTitle => "half-title",
            SectionRole::TitlePage => "title-page",
            SectionRole::Copyright => "copyright",
            SectionRole::Dedication => "dedication",
            SectionRole::Epigraph => "epigraph",
            SectionRole::Foreword => "foreword",
            SectionRole::Preface => "preface",
            SectionRole::Introduction => "introduction",
            SectionRole::Part => "part",
            SectionRole::Chapter => "chapter",
            SectionRole::Afterword => "afterword",
            SectionRole::Acknowledgements => "acknowledgements",
            SectionRole::AboutAuthor => "about-author",
            SectionRole::AlsoBy => "also-by",
        }
    }

    /// Every role, for help texts and parsing.
    pub const ALL: [SectionRole; 14] = [
        SectionRole::HalfTitle,
        SectionRole::TitlePage,
        SectionRole::Copyright,
        SectionRole::Dedication,
        SectionRole::Epigraph,
        SectionRole::Foreword,
        SectionRole::Preface,
        SectionRole::Introduction,
        SectionRole::Part,
        SectionRole::Chapter,
        SectionRole::Afterword,
        SectionRole::Acknowledgements,
        SectionRole::AboutAuthor,
        SectionRole::AlsoBy,
    ];

    /// Parses a role name as written in `book.toml` or a heading's class.
    pub fn from_name(name: &str) -> Option<SectionRole> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        let alias = match name.as_str() {
            "halftitle" | "halftitlepage" => "half-title",
            "titlepage" | "title" => "title-page",
            "copyright-page" => "copyright",
            "about-the-author" | "author" | "contributors" => "about-author",
            "epilogue" => "afterword",
            "acknowledgments" => "acknowledgements",
            "other-credits" | "also-by-the-author" => "also-by",
            other => other,
        };
        SectionRole::ALL.into_iter().find(|r| r.name() == alias)
    }

    /// Where a section with this role belongs when a manuscript does not say.
    pub fn matter(self) -> Matter {
        match self {
            SectionRole::HalfTitle
            | SectionRole::TitlePage
            | SectionRole::Copyright
            | SectionRole::Dedication
            | SectionRole::Epigraph
            | SectionRole::Foreword
            | SectionRole::Preface
            | SectionRole::Introduction => Matter::Front,
            SectionRole::Part | SectionRole::Chapter => Matter::Body,
            SectionRole::Afterword
            | SectionRole::Acknowledgements
            | SectionRole::AboutAuthor
            | SectionRole::AlsoBy => Matter::Back,
        }
    }
}

/// The three divisions of a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matter {
    /// Before the text proper.
    Front,
    /// The text proper.
    Body,
    /// After the text proper.
    Back,
}

/// One section of the book: a chapter, a part, the dedication, the author page…
#[derive(Debug, Clone)]
pub struct Section {
    /// What the section is for.
    pub role: SectionRole,
    /// A stable identifier, unique in the book, usable as a file name and an anchor.
    pub id: String,
    /// The heading as written, if the section has one.
    pub title: Option<Vec<Inline>>,
    /// Other names links may lead to the section by: its heading's `{#id}` as written, and the
    /// identifier pandoc would make from its title.
    pub anchors: Vec<String>,
    /// The language of the section when it differs from the book's.
    pub lang: Option<Lang>,
    /// The epigraphs set under the heading, one after another (Onegin's second chapter has two).
    pub epigraphs: Vec<Epigraph>,
    /// The text of the section.
    pub blocks: Vec<Block>,
    /// Footnotes referenced from this section, in order of first reference.
    pub notes: Vec<Note>,
    /// Chapters of a part; empty for every other role.
    pub children: Vec<Section>,
    /// The person an about-the-author page presents.
    pub person: Option<Contributor>,
    /// Who wrote this section of a book by many (an anthology's chapter), shown under its title.
    pub byline: Vec<String>,
    /// Whether print sets it on from the section before, its title a head in the text rather
    /// than a page's opening: a part's chapter titled only by its number after another so titled
    /// (a long poem's numbered sections, a Russian novel's chapters), and the first section of a
    /// part that is one poem in numbered sections, set on from the part's title. Its notes are
    /// numbered on from the section before.
    pub runs_on: bool,
    /// Whether the sections after it are set on from it (`runs_on`): it opens a page, but its
    /// title looks as theirs do (The Idiot's "I" as its "II", a group's first poem as the rest).
    pub heads_run: bool,
    /// The running head its pages carry, when the author gave a shorter one than the title
    /// (`{running-head="…"}` on the heading).
    pub running_head: Option<String>,
    /// Left out of the contents, in print and in the EPUB, with the sections under it
    /// (`{.unlisted}` on its heading, as in pandoc); bookmarks keep it.
    pub unlisted: bool,
    /// Where the section starts in the manuscript.
    pub span: Span,
}

/// Paragraphs a poem may open with before its first stanza.
const HEADNOTE: usize = 3;

impl Section {
    /// Whether it is a poem: stanzas, perhaps with numbered heads among them, stanzas of one line
    /// (a paragraph, having no line break) no more than the others, and a headnote or dateline
    /// of up to three paragraphs before them ("(Washington City, 1865)"). A verse novel's stanzas
    /// with a numeral over each, as Onegin's, make a chapter.
    pub fn is_poem(&self) -> bool {
        let headnote = self.blocks.iter().take_while(|b| matches!(b, Block::Paragraph(_))).count();
        let body = &self.blocks[headnote..];
        let stanzas = body.iter().filter(|b| matches!(b, Block::Verse { .. })).count();
        let lines = body.iter().filter(|b| matches!(b, Block::Paragraph(_))).count();
        headnote <= HEADNOTE
            && stanzas > 0
            && lines <= stanzas
            && body.iter().all(|b| match b {
                Block::Verse { .. } | Block::SceneBreak { .. } | Block::Heading { .. } => true,
                Block::Paragraph(_) => !b.is_label(),
                _ => false,
            })
    }

    /// Whether it is a part that opens as one poem in numbered sections (Song of Myself): the
    /// reader sets its first section on from its title (`runs_on`). Novels' parts of numbered
    /// chapters (The Idiot's) keep their title pages.
    pub fn is_poem_in_sections(&self) -> bool {
        self.role == SectionRole::Part && self.children.first().is_some_and(|c| c.runs_on)
    }

    /// Whether its title is only a number (`## 2`, `## XIV`), as a novel's chapters and a long
    /// poem's sections are often titled.
    pub fn is_numbered(&self) -> bool {
        is_number(&self.title_text())
    }

    /// Whether its title is a number and a name (`## XII. Заключение`, `## 7: The Storm`), as a
    /// novel's last or odd chapter may be titled among numbered ones.
    pub fn is_numbered_and_named(&self) -> bool {
        let title = self.title_text();
        let mut words = title.split_whitespace();
        let (Some(first), Some(second)) = (words.next(), words.next()) else { return false };
        let dash = matches!(second, "—" | "–" | "-");
        (first.ends_with(['.', ':']) || dash) && is_number(first.trim_end_matches(':'))
    }

    /// The headings a table of contents lists under the section: its own text's first level
    /// (a technical chapter's `## Templates`), by id and text. Headings that are only a number
    /// (a long poem's `1`, `2`, …) divide a text but name nothing to look for.
    pub fn contents_headings(&self) -> impl Iterator<Item = (&str, String)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level: 1, inlines, id: Some(id), .. } => {
                let text = Inline::plain_text(inlines).split_whitespace().collect::<Vec<_>>().join(" ");
                (!text.is_empty() && !is_number(&text)).then_some((id.as_str(), text))
            }
            _ => None,
        })
    }

    /// An empty section of a role, to be filled by the reader.
    pub fn new(role: SectionRole, id: String, span: Span) -> Section {
        Section {
            role,
            id,
            title: None,
            anchors: Vec::new(),
            lang: None,
            epigraphs: Vec::new(),
            blocks: Vec::new(),
            notes: Vec::new(),
            children: Vec::new(),
            person: None,
            byline: Vec::new(),
            runs_on: false,
            heads_run: false,
            running_head: None,
            unlisted: false,
            span,
        }
    }

    /// Every block of the section in reading order: its epigraphs', its text's, its notes'.
    pub fn all_blocks(&self) -> impl Iterator<Item = &Block> {
        let epigraphs = self.epigraphs.iter().flat_map(|e| &e.blocks);
        epigraphs.chain(&self.blocks).chain(self.notes.iter().flat_map(|n| &n.blocks))
    }

    /// The runs of inlines outside its blocks: the title and the epigraphs' attributions.
    pub fn own_runs(&self) -> impl Iterator<Item = &Vec<Inline>> {
        self.title.iter().chain(self.epigraphs.iter().filter_map(|e| e.attribution.as_ref()))
    }

    /// Calls `f` on every run of inlines of this section and the sections under it, with where
    /// the run was written: its block's span, or the section's for its title and attributions.
    pub fn each_run_mut(&mut self, f: &mut dyn FnMut(Span, &mut Vec<Inline>)) {
        let span = self.span;
        if let Some(t) = &mut self.title {
            f(span, t);
        }
        for e in &mut self.epigraphs {
            if let Some(a) = &mut e.attribution {
                f(span, a);
            }
        }
        let blocks = self.epigraphs.iter_mut().flat_map(|e| &mut e.blocks);
        let blocks = blocks.chain(&mut self.blocks).chain(self.notes.iter_mut().flat_map(|n| &mut n.blocks));
        for b in blocks {
            let at = b.span();
            b.each_run_mut(&mut |run| f(at, run));
        }
        self.children.iter_mut().for_each(|c| c.each_run_mut(f));
    }

    /// The heading as plain text, or an empty string.
    pub fn title_text(&self) -> String {
        self.title.as_deref().map(Inline::plain_text).unwrap_or_default()
    }

    /// What a contents, a bookmark or a reading system names the section by: its title; an
    /// untitled poem its first line, as editors list poems (Onegin's opening verses are no
    /// "Introduction"); else `role`, the label of its role.
    pub fn label(&self, role: &str) -> String {
        let title = self.title_text();
        if !title.is_empty() {
            return title;
        }
        let display = matches!(self.role, SectionRole::Dedication | SectionRole::Epigraph);
        if let (false, Some(Block::Verse { lines, .. })) = (display, self.blocks.first())
            && let Some(first) = lines.first()
        {
            let text = Inline::plain_text(first);
            let line = text.trim().trim_end_matches([',', ';', ':', '.', '—', '–', ' ']);
            if !line.is_empty() {
                return format!("{line}…");
            }
        }
        role.to_string()
    }
}

/// Index of a manuscript file in [`Book::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub u32);

/// A position in a manuscript file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Which file.
    pub file: FileId,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// Index of an asset in [`Book::assets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AssetId(pub usize);

/// A checked binary file: an image the text shows or the cover.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it came from (for messages).
    pub source: PathBuf,
    /// A file name unique in the book, ASCII, safe for any container.
    pub name: String,
    /// The bytes to embed (possibly converted from the source's format), shared: a book copied
    /// for the print edition (links set as notes) does not copy its images.
    pub bytes: std::sync::Arc<[u8]>,
    /// The image format of `bytes`.
    pub format: ImageFormat,
    /// Width and height in pixels.
    pub pixels: (u32, u32),
    /// For a figure drawn as vectors (a PDF page, or an SVG made one): that page, which the print
    /// edition places as it is (`bytes` is then its SVG or PNG copy for reading systems).
    pub vector: Option<Vector>,
}

/// A figure drawn as vectors: a one-page PDF and its size.
#[derive(Debug, Clone)]
pub struct Vector {
    /// The PDF file as read, shared as an asset's bytes are (a `Vec`: hayro reads it in place).
    pub pdf: std::sync::Arc<Vec<u8>>,
    /// Its page's width and height in points.
    pub size: (f64, f64),
}

/// Image formats every EPUB reader and PDF writer accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG, kept as it is.
    Jpeg,
    /// PNG, kept as it is.
    Png,
    /// SVG, drawn by folio from a vector figure for reading systems (print places the figure's
    /// own page).
    Svg,
}

impl ImageFormat {
    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

/// A title as a list shows it (a reading system's contents, a PDF's bookmarks): no-break spaces
/// are spaces and the invisible marks that steer line breaking (soft hyphens, word joiners,
/// zero-width spaces) are gone, as a list has no lines to break and some readers draw them.
pub fn listed(title: &str) -> String {
    title
        .chars()
        .filter(|c| !matches!(c, '\u{AD}' | '\u{2060}' | '\u{200B}' | '\u{FEFF}'))
        .map(|c| if matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}') { ' ' } else { c })
        .collect()
}

/// Whether a title is only a number: arabic (12, 12.) or roman (XII, xii.) up to 399, so that
/// words such as "Mix" or "Civil" are titles.
pub fn is_number(title: &str) -> bool {
    let t = title.trim().trim_end_matches('.');
    let arabic = !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    arabic || roman_value(t).is_some_and(|n| n < 400)
}

/// The value of a roman numeral in its standard form (all capitals or all small letters).
pub fn roman_value(t: &str) -> Option<u32> {
    let upper = t.to_ascii_uppercase();
    if t.is_empty() || (t != upper && t != t.to_ascii_lowercase()) {
        return None;
    }
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = upper.chars().map(digit).collect::<Option<_>>()?;
    let mut n: i64 = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) { n -= v as i64 } else { n += v as i64 }
    }
    let n = u32::try_from(n).ok()?;
    // Only the standard spelling of its value: IIII, IC and VX are not numbers.
    (crate::labels::roman(n as usize).to_ascii_uppercase() == upper).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::listed;

    #[test]
    fn a_listed_title_has_plain_spaces_and_no_invisible_marks() {
        assert_eq!(listed("Virginia\u{2060}—\u{2060}The\u{a0}West"), "Virginia—The West");
        assert_eq!(listed("con\u{ad}tents 1\u{202f}000"), "contents 1 000");
    }
}
