//! Which shipped faces an EPUB embeds: those the stylesheet sets some of the book's text in. A
//! novel without bold type carries no bold fonts: every face is half a megabyte that readers
//! download and retailers charge delivery on.
//!
//! The walk follows `style.rs`: headings (but a section's subsections, in the text face's bold,
//! and deeper ones, in its italic), the title and the author's name are Noto Sans Bold;
//! leads, epigraphs, dedications, subtitles, bylines, credentials, captions and minor headings are
//! italic (and
//! emphasis in them upright); table headers and definition terms bold; code is in Noto Sans Mono,
//! bold where the text around it is.

use crate::fonts::{self, FontFile, FontStyle};
use crate::model::{Block, Book, Epigraph, Inline, SectionRole};

/// The faces the book's EPUB needs, in the order `fonts::all` gives them.
pub fn needed(book: &Book) -> Vec<&'static FontFile> {
    let mut seen = Seen::default();
    let m = &book.metadata;
    let plain = Context::default();
    let display = Context { sans: true, ..plain.bold() };
    for s in book.sections() {
        if let Some(title) = &s.title {
            seen.inlines(title, display);
        }
        match s.role {
            SectionRole::TitlePage => {
                seen.inlines(&m.title_inlines, display);
                if let Some(sub) = &m.subtitle_inlines {
                    seen.inlines(sub, plain.italic());
                }
            }
            SectionRole::AboutAuthor if s.person.as_ref().is_some_and(|p| p.credentials.is_some()) => {
                seen.mark(plain.italic())
            }
            _ => {}
        }
        if !s.byline.is_empty() {
            seen.mark(plain.italic());
        }
        for e in &s.epigraphs {
            seen.epigraph(e);
        }
        // A dedication's text is set in italic (its title not), its emphasis upright.
        let text = if s.role == SectionRole::Dedication { plain.italic() } else { plain };
        seen.blocks(&s.blocks, text);
        for n in &s.notes {
            seen.blocks(&n.blocks, plain);
        }
    }
    let (code, math) = (book.has_code(), book.has_math());
    fonts::all()
        .filter(|f| {
            if f.family == fonts::SANS[0].family {
                // The display face is only ever bold: headings, the title and the author's name,
                // and their emphasis.
                f.style == FontStyle::Bold || (f.style == FontStyle::BoldItalic && seen.sans_italic)
            } else if f.family == fonts::MONO[0].family {
                // Bold code only where the walk found it (a heading, a table's head, strong).
                code && (f.style == FontStyle::Regular || seen.mono_bold)
            } else if f.family == fonts::MATH[0].family {
                math
            } else {
                seen.serif(f.style)
            }
        })
        .collect()
}

/// How the stylesheet sets text at some point of the book.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    bold: bool,
    italic: bool,
    /// Inside a formula, whose variables are italic wherever it stands.
    math: bool,
    /// In the display face: a heading or the title.
    sans: bool,
}

impl Context {
    fn italic(self) -> Context {
        Context { italic: true, ..self }
    }

    fn bold(self) -> Context {
        Context { bold: true, ..self }
    }
}

/// The text face's styles some text is set in (roman from the start: running text, the
/// copyright page).
struct Seen {
    styles: Vec<FontStyle>,
    /// Whether some heading or the title has emphasis: the display face's bold italic.
    sans_italic: bool,
    /// Whether some code is set bold (`code` keeps the weight around it).
    mono_bold: bool,
}

impl Default for Seen {
    fn default() -> Seen {
        Seen { styles: vec![FontStyle::Regular], sans_italic: false, mono_bold: false }
    }
}

impl Seen {
    fn serif(&self, style: FontStyle) -> bool {
        self.styles.contains(&style)
    }

    fn mark(&mut self, c: Context) {
        if c.sans {
            self.sans_italic |= c.italic;
            return;
        }
        let style = match (c.bold, c.italic) {
            (false, false) => FontStyle::Regular,
            (false, true) => FontStyle::Italic,
            (true, false) => FontStyle::Bold,
            (true, true) => FontStyle::BoldItalic,
        };
        if !self.styles.contains(&style) {
            self.styles.push(style);
        }
    }

    fn epigraph(&mut self, e: &Epigraph) {
        self.blocks(&e.blocks, Context::default().italic());
        // The attribution is upright.
        if let Some(a) = &e.attribution {
            self.inlines(a, Context::default());
        }
    }

    fn blocks(&mut self, blocks: &[Block], c: Context) {
        for b in blocks {
            self.block(b, c);
        }
    }

    fn block(&mut self, b: &Block, c: Context) {
        match b {
            Block::Paragraph(p) => {
                let c = if p.style == crate::model::ParagraphStyle::Lead { c.italic() } else { c };
                self.inlines(&p.inlines, c);
            }
            Block::Quote { blocks, .. } => self.blocks(blocks, c),
            Block::Verse { lines, .. } => lines.iter().for_each(|l| self.inlines(l, c)),
            Block::List { items, .. } => items.iter().for_each(|i| self.blocks(&i.blocks, c)),
            Block::Definitions { items, .. } => {
                for (term, defs) in items {
                    self.inlines(term, c.bold());
                    defs.iter().for_each(|d| self.blocks(d, c));
                }
            }
            Block::Table(t) => {
                if let Some(caption) = &t.caption {
                    self.inlines(caption, c.italic());
                }
                t.head.iter().flatten().for_each(|cell| self.inlines(cell, c.bold()));
                t.rows.iter().chain(&t.foot).flatten().for_each(|cell| self.inlines(cell, c));
            }
            Block::Figure(f) => {
                if let Some(caption) = &f.caption {
                    self.inlines(caption, c.italic());
                }
            }
            Block::Code { .. } => {}
            // A section's own headings are in the display face (h2), its subsections in the text
            // face's bold (h3), deeper ones in its italic; ornaments in no embedded face.
            Block::Heading { level: 2, inlines, .. } => self.inlines(inlines, c.bold()),
            Block::Heading { level, inlines, .. } if *level > 2 => self.inlines(inlines, c.italic()),
            Block::Heading { level: 1, inlines, .. } => {
                self.inlines(inlines, Context { sans: true, ..c.bold() })
            }
            Block::Heading { .. } | Block::SceneBreak { .. } | Block::PageBreak { .. } => {}
        }
    }

    fn inlines(&mut self, inlines: &[Inline], c: Context) {
        for i in inlines {
            match i {
                Inline::Text(t) if t.chars().any(|ch| !ch.is_whitespace()) => self.mark(c),
                Inline::NoteRef(_) => self.mark(c),
                // Emphasis in italic text is upright, as print sets it (the Chicago Manual's
                // reverse italics): a book's title in a caption, or a ship's name in an italic
                // phrase, stands out. The stylesheet follows two levels deep.
                Inline::Emphasis(children) => {
                    self.inlines(children, Context { italic: c.math || !c.italic, ..c })
                }
                Inline::Strong(children) => self.inlines(children, c.bold()),
                Inline::Code(t) if !t.trim().is_empty() => self.mono_bold |= c.bold,
                Inline::Code(_) => {}
                // A formula's figures and signs are upright wherever it stands, its letters italic.
                Inline::Math { children, .. } => {
                    self.inlines(children, Context { math: true, italic: false, ..c })
                }
                other => {
                    if let Some(children) = other.children() {
                        self.inlines(children, c);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The stylesheet's rules that choose a family, a weight or a style: the walk above follows
    /// each of them, so a rule added to `style.rs` must be followed there too.
    const FOLLOWED: [&str; 27] = [
        "html",
        "h1, h2, h3, h4, h5, h6",
        "h3, h4, h5, h6",
        "h4, h5, h6",
        "p.lead",
        ".math",
        ".math var",
        "h1 .math, h2 .math, section.title-page p.title .math",
        "em",
        "strong",
        "blockquote.epigraph",
        "blockquote.epigraph em, h4 em, h5 em, h6 em, p.lead em, section.dedication em, section.title-page p.subtitle em, p.byline em, section.about-author p.credentials em, figcaption em, caption em",
        "blockquote.epigraph p.attribution",
        "blockquote.epigraph p.attribution em",
        "em em, blockquote.epigraph p.attribution em em",
        "blockquote.epigraph em em, h4 em em, h5 em em, h6 em em, p.lead em em, section.dedication em em, section.title-page p.subtitle em em, p.byline em em, section.about-author p.credentials em em, figcaption em em, caption em em",
        "section.dedication p",
        "section.title-page p.title",
        "section.title-page p.subtitle",
        "p.byline",
        "section.about-author p.author-name",
        "section.about-author p.credentials",
        "figcaption",
        "caption",
        "th",
        "code",
        "dt",
    ];

    #[test]
    fn a_formula_in_a_heading_or_the_title_is_in_the_display_face() {
        // As print sets it and the walk has it (its variables in Noto Sans Bold Italic): under
        // `.math` alone the EPUB set them in Noto Serif's bold, which it did not embed.
        let css = super::super::style::css(&[]);
        let rule = css.lines().find(|l| l.starts_with("h1 .math")).expect("a rule for a heading's formula");
        assert!(rule.contains("h2 .math") && rule.contains("p.title .math"), "{rule}");
        assert!(rule.contains("font-family: \"Noto Sans\", \"Noto Sans Math\""), "{rule}");
    }

    #[test]
    fn the_walk_follows_every_rule_that_changes_the_face() {
        let css = super::super::style::css(&[]);
        let changing: Vec<&str> = css
            .lines()
            .filter(|l| ["font-family", "font-weight", "font-style"].iter().any(|p| l.contains(p)))
            .filter_map(|l| l.split('{').next())
            .map(str::trim)
            .collect();
        assert_eq!(changing, FOLLOWED);
    }
}
