//! Sections as XHTML content documents: semantic markup (`epub:type` with its ARIA role), notes
//! that pop up on Kindle, Apple Books and Kobo, and nothing from the manuscript left unescaped.

use std::collections::HashMap;
use std::fmt::Write;

use super::escape::esc;
use crate::labels::Labels;
use crate::model::{
    Block, Book, Counter, Delimiter, Epigraph, Inline, Lang, Numbering, ParagraphStyle, Section, SectionRole,
};

/// Everything a content document needs besides its section.
pub struct Page<'a> {
    /// The book.
    pub book: &'a Book,
    /// Localised labels.
    pub labels: &'a Labels,
    /// Where links lead.
    pub links: &'a super::links::Links,
    /// Soft hyphens for the running text of a language reading systems cannot hyphenate.
    pub soft: Option<&'a super::hyphens::SoftHyphens>,
    /// How often each note mark's id has been written: a note marked twice in a section gets a
    /// second id for its second mark (ids are unique in a document), the note linking back to
    /// the first.
    pub marks: std::cell::RefCell<HashMap<String, u32>>,
    /// The ids of places links lead to written so far: each is written once, at its first place.
    pub placed: std::cell::RefCell<std::collections::HashSet<String>>,
    /// The heading rank of the section being written: 1 for a part or a chapter of none, 2 for a
    /// chapter of a part (its own headings rank below).
    pub rank: std::cell::Cell<usize>,
}

/// A complete XHTML document around a body.
pub fn document(title: &str, lang: &Lang, matter: &str, body: &str) -> String {
    let lang = esc(lang.as_str());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"../css/book.css\"/>\n</head>\n\
<body epub:type=\"{matter}\">\n{body}</body>\n</html>\n",
        esc(title)
    )
}

impl Page<'_> {
    /// The body of a section's document; `depth` is its nesting in the contents (0 for a part
    /// or a chapter of none). Headings rank by the book's outline, not restarting at `h1` in each
    /// document: a chapter of a part is an `h2`, as accessible-EPUB practice asks, so that a
    /// screen reader's heading list shows the poems of Song of Myself under its title.
    pub fn section(&self, s: &Section, depth: usize) -> String {
        self.rank.set((depth + 1).min(6));
        let mut out = String::new();
        let (epub_type, role) = semantics(s.role);
        // A section set on from the one before reads on under its number, as in print.
        // A part that is one poem opens as the poems around it do, not as a part's title screen.
        let class = match (s.runs_on, s.is_poem_in_sections(), s.heads_run) {
            (true, _, _) => format!("{} run-on", s.role.name()),
            (false, true, _) => format!("{} poem", s.role.name()),
            // It opens a page, its title as those set on from it have theirs.
            (false, false, true) => format!("{} run-first", s.role.name()),
            (false, false, false) => s.role.name().to_string(),
        };
        let label = match &s.title {
            Some(_) => format!(" aria-labelledby=\"{}-title\"", s.id),
            None => format!(" aria-label=\"{}\"", esc(&s.label(self.labels.role(s.role)))),
        };
        let role_attr = role.map(|r| format!(" role=\"{r}\"")).unwrap_or_default();
        let lang_attr = s
            .lang
            .as_ref()
            .map(|l| format!(" lang=\"{0}\" xml:lang=\"{0}\"", esc(l.as_str())))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<section id=\"{}\" class=\"{class}\" epub:type=\"{epub_type}\"{role_attr}{label}{lang_attr}>",
            s.id
        );
        if let Some(title) = &s.title {
            let h = self.rank.get();
            let _ = writeln!(
                out,
                "<h{h} id=\"{}-title\" class=\"title\">{}</h{h}>",
                s.id,
                self.inlines(title, s)
            );
        }
        if !s.byline.is_empty() {
            let _ = writeln!(out, "<p class=\"byline\">{}</p>", esc(&self.labels.list(&s.byline)));
        }
        match s.role {
            SectionRole::TitlePage | SectionRole::HalfTitle => self.title_page(s, &mut out),
            SectionRole::Copyright => self.copyright(&mut out),
            SectionRole::AboutAuthor => self.about_author(s, &mut out),
            _ => {}
        }
        for e in &s.epigraphs {
            self.epigraph(e, s, s.role == SectionRole::Epigraph, &mut out);
        }
        self.blocks(&s.blocks, s, &mut out);
        self.notes(s, &mut out);
        out.push_str("</section>\n");
        out
    }

    fn title_page(&self, s: &Section, out: &mut String) {
        let m = &self.book.metadata;
        let title = self.inlines(&m.title_inlines, s);
        let _ = writeln!(out, "<p class=\"title\" epub:type=\"fulltitle\">{title}</p>");
        if let Some(sub) = &m.subtitle_inlines {
            let _ = writeln!(
                out,
                "<p class=\"subtitle\" epub:type=\"subtitle\" role=\"doc-subtitle\">{}</p>",
                self.inlines(sub, s)
            );
        }
        if let Some(author) = m.author_line() {
            let _ = writeln!(out, "<p class=\"author\">{}</p>", esc(&author));
        }
        for c in m.contributors.iter().filter(|c| c.role != crate::model::Role::Author) {
            let _ = writeln!(
                out,
                "<p class=\"contributor\">{} {}</p>",
                esc(self.labels.contributor(c.role)),
                esc(&c.name)
            );
        }
        if let Some(p) = &m.publisher {
            let _ = writeln!(out, "<p class=\"publisher\">{}</p>", esc(p));
        }
    }

    fn copyright(&self, out: &mut String) {
        for l in crate::labels::copyright_lines(self.book) {
            let _ = writeln!(out, "<p>{}</p>", esc(&l));
        }
    }

    fn about_author(&self, s: &Section, out: &mut String) {
        if s.title.is_none() {
            let h = self.rank.get();
            let _ = writeln!(
                out,
                "<h{h} id=\"{}-heading\" class=\"title\">{}</h{h}>",
                s.id,
                esc(self.labels.role(SectionRole::AboutAuthor))
            );
        }
        let Some(p) = &s.person else { return };
        if let Some(photo) = p.photo.and_then(|a| self.book.assets.get(a.0)) {
            let _ = writeln!(
                out,
                "<figure class=\"portrait\"><img src=\"../images/{}\" alt=\"{}\"/></figure>",
                esc(&photo.name),
                esc(&format!("{} {}", self.labels.portrait, p.name))
            );
        }
        let _ = writeln!(out, "<p class=\"author-name\">{}</p>", esc(&p.name));
        if let Some(c) = &p.credentials {
            let _ = writeln!(out, "<p class=\"credentials\">{}</p>", esc(c));
        }
    }

    fn epigraph(&self, e: &Epigraph, s: &Section, standalone: bool, out: &mut String) {
        // A book epigraph's section already carries the semantics; a chapter's quote carries its own.
        if standalone {
            out.push_str("<blockquote class=\"epigraph book-epigraph\">\n");
        } else {
            out.push_str("<blockquote class=\"epigraph\" epub:type=\"epigraph\" role=\"doc-epigraph\">\n");
        }
        self.blocks(&e.blocks, s, out);
        if let Some(a) = &e.attribution {
            let _ = writeln!(out, "<p class=\"attribution\">— {}</p>", self.inlines(a, s));
        }
        out.push_str("</blockquote>\n");
    }

    fn blocks(&self, blocks: &[Block], s: &Section, out: &mut String) {
        let mut after_text = false;
        let stanza_labels = Block::stanza_labels(blocks);
        for (i, b) in blocks.iter().enumerate() {
            match b {
                // Over its stanza's first line, as in print (the stylesheet's `p.label`).
                Block::Paragraph(p) if stanza_labels[i] => {
                    let _ = writeln!(out, "<p class=\"label\">{}</p>", self.inlines(&p.inlines, s));
                }
                _ => self.block(b, s, after_text, out),
            }
            after_text = b.text_goes_on(after_text, blocks.get(i + 1));
        }
    }

    fn block(&self, b: &Block, s: &Section, after_text: bool, out: &mut String) {
        match b {
            Block::Paragraph(p) => {
                let class = match (p.style, after_text) {
                    (ParagraphStyle::Lead, _) => " class=\"lead\"",
                    (ParagraphStyle::Display, _) => " class=\"display\"",
                    (ParagraphStyle::Body, false) => " class=\"first\"",
                    (ParagraphStyle::Body, true) => "",
                };
                // A chapter's initial, as in print (the stylesheet's `p.drop::first-letter`).
                let drop = self.book.metadata.typography.drop_caps == Some(true) && s.opens_with_drop_cap(b);
                let class = match (drop, class) {
                    (true, "") => " class=\"drop\"",
                    (true, _) => " class=\"first drop\"",
                    (false, class) => class,
                };
                let lang = s.lang.as_ref().unwrap_or(&self.book.metadata.lang);
                let text = match self.soft {
                    // Justified or ragged, running text may break; a centred display does not.
                    Some(soft) if p.style != ParagraphStyle::Display => {
                        self.inlines(&soft.insert(&p.inlines, lang), s)
                    }
                    _ => self.inlines(&p.inlines, s),
                };
                let _ = writeln!(out, "<p{class}>{text}</p>");
            }
            Block::Heading { level, inlines, id, .. } => {
                let h = (self.rank.get() + usize::from(*level)).min(6);
                let id = id.as_deref().map(|name| self.place(name)).unwrap_or_default();
                let _ = writeln!(out, "<h{h}{id}>{}</h{h}>", self.inlines(inlines, s));
            }
            Block::Quote { blocks, .. } => {
                out.push_str("<blockquote>\n");
                self.blocks(blocks, s, out);
                out.push_str("</blockquote>\n");
            }
            Block::Verse { lines, .. } => {
                out.push_str("<div class=\"verse\">\n");
                for line in lines {
                    // A space at a line's start is a quarter of an em, or nothing: an indent
                    // the poet typed as spaces is a class.
                    let (spaces, own) = Inline::verse_indent(line);
                    let class = match spaces.min(super::style::VERSE_INDENTS) {
                        0 => "line".to_string(),
                        n => format!("line i{n}"),
                    };
                    let _ = writeln!(out, "<p class=\"{class}\">{}</p>", self.inlines(&own, s));
                }
                out.push_str("</div>\n");
            }
            Block::List { numbering, items, .. } => {
                let tag = if numbering.is_some() { "ol" } else { "ul" };
                let _ = writeln!(out, "<{tag}{}>", numbering.map(ol_attributes).unwrap_or_default());
                for item in items {
                    out.push_str("<li>");
                    if let Some(done) = item.task {
                        out.push_str(if done { "☑ " } else { "☐ " });
                    }
                    self.blocks(&item.blocks, s, out);
                    out.push_str("</li>\n");
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Definitions { items, .. } => {
                out.push_str("<dl>\n");
                for (term, defs) in items {
                    let _ = writeln!(out, "<dt>{}</dt>", self.inlines(term, s));
                    for d in defs {
                        out.push_str("<dd>");
                        self.blocks(d, s, out);
                        out.push_str("</dd>\n");
                    }
                }
                out.push_str("</dl>\n");
            }
            Block::Table(t) => self.table(t, s, out),
            Block::Figure(f) => {
                let Some(asset) = self.book.assets.get(f.asset.0) else { return };
                let style = super::style::image_size(&f.size).map(|s| format!(" style=\"{s}\""));
                let _ = write!(
                    out,
                    "<figure><img src=\"../images/{}\" alt=\"{}\"{}/>",
                    esc(&asset.name),
                    esc(&f.alt),
                    style.unwrap_or_default()
                );
                if let Some(c) = &f.caption {
                    // A caption that is the alt text word for word is not read out twice: as
                    // pandoc writes it, the image says it and the caption is only shown.
                    let echo = Inline::plain_text(c).trim() == f.alt.trim();
                    let hidden = if echo { " aria-hidden=\"true\"" } else { "" };
                    let _ = write!(out, "<figcaption{hidden}>{}</figcaption>", self.inlines(c, s));
                }
                out.push_str("</figure>\n");
            }
            Block::SceneBreak { .. } => out.push_str("<hr class=\"scene-break\"/>\n"),
            // Paged reading systems start a page after it; scrolling ones show nothing.
            Block::PageBreak { .. } => out.push_str("<div class=\"page-break\"></div>\n"),
            Block::Code { language, text, .. } => {
                let class =
                    language.as_ref().map(|l| format!(" class=\"language-{}\"", esc(l))).unwrap_or_default();
                // Each line a span that, too long for a phone's screen, wraps under a hanging
                // indent (the style sheet's `pre .line`), not back at the margin where it would
                // read as a line of its own. Its line feed stays inside it: a reading system
                // without the style sheet still shows the lines apart, and copied code keeps them.
                let _ = write!(out, "<pre><code{class}>");
                for line in text.split('\n') {
                    let _ = write!(out, "<span class=\"line\">{}\n</span>", esc(line));
                }
                out.push_str("</code></pre>\n");
            }
        }
    }

    fn notes(&self, s: &Section, out: &mut String) {
        if s.notes.is_empty() {
            return;
        }
        // Sections set on in one document each have notes: landmarks must be told apart.
        let label = if s.runs_on {
            format!("{}: {}", self.labels.notes, s.label(self.labels.role(s.role)))
        } else {
            self.labels.notes.to_string()
        };
        let _ = writeln!(out, "<section class=\"footnotes\" aria-label=\"{}\">", esc(&label));
        for n in &s.notes {
            let _ = writeln!(
                out,
                "<aside id=\"{0}-fn{1}\" epub:type=\"footnote\" role=\"doc-footnote\">",
                s.id, n.id.0
            );
            let back = if n.referenced {
                format!("<a href=\"#{0}-fnref{1}\" role=\"doc-backlink\">{1}.</a> ", s.id, n.id.0)
            } else {
                format!("{}. ", n.id.0)
            };
            let mut body = String::new();
            self.blocks(&n.blocks, s, &mut body);
            // The number links back and opens the note's first paragraph.
            match body.find("<p").and_then(|i| body[i..].find('>').map(|j| i + j + 1)) {
                Some(at) => body.insert_str(at, &back),
                None => body = format!("<p>{back}</p>\n{body}"),
            }
            out.push_str(&body);
            out.push_str("</aside>\n");
        }
        out.push_str("</section>\n");
    }

    /// Inline content as XHTML.
    pub fn inlines(&self, inlines: &[Inline], s: &Section) -> String {
        let mut out = String::new();
        self.push_inlines(inlines, s, &mut out);
        out
    }

    fn push_inlines(&self, inlines: &[Inline], s: &Section, out: &mut String) {
        for (k, i) in inlines.iter().enumerate() {
            match i {
                Inline::Text(t) => out.push_str(&esc(t)),
                Inline::Emphasis(c) => self.wrap("em", "", c, s, out),
                Inline::Strong(c) => self.wrap("strong", "", c, s, out),
                Inline::SmallCaps(c) => self.wrap("span", " class=\"smallcaps\"", c, s, out),
                Inline::Strikethrough(c) => self.wrap("del", "", c, s, out),
                Inline::Underline(c) => self.wrap("u", "", c, s, out),
                Inline::Superscript(c) => self.wrap("sup", "", c, s, out),
                Inline::Subscript(c) => self.wrap("sub", "", c, s, out),
                Inline::Foreign(lang, c) => {
                    let attr = format!(" lang=\"{0}\" xml:lang=\"{0}\"", esc(lang.as_str()));
                    self.wrap("span", &attr, c, s, out)
                }
                Inline::Code(t) => {
                    // Where the print edition may part code, a phone's narrow column may too.
                    out.push_str("<code>");
                    let mut from = 0;
                    for at in crate::model::code_breaks(t) {
                        let _ = write!(out, "{}<wbr/>", esc(&t[from..at]));
                        from = at;
                    }
                    let _ = write!(out, "{}</code>", esc(&t[from..]));
                }
                Inline::Link { target, children, .. } => match self.href(target) {
                    Some(href) => self.wrap("a", &format!(" href=\"{}\"", esc(&href)), children, s, out),
                    None => self.push_inlines(children, s, out),
                },
                Inline::Image { asset, alt, size } => {
                    if let Some(a) = self.book.assets.get(asset.0) {
                        // A size the author gave lifts the cap that keeps an icon to the line, to
                        // the tallest print sets in a line; taller than the line, it stands on
                        // the baseline, as in print.
                        let type_size = self.book.metadata.typography.font_size.unwrap_or(10.0);
                        let stands = super::style::taller_than_line(size, a.pixels, type_size);
                        let align = if stands { ";vertical-align:baseline" } else { "" };
                        let style = super::style::image_size(size)
                            .map(|s| format!(" style=\"max-height:6em;{s}{align}\""));
                        let _ = write!(
                            out,
                            "<img class=\"inline\" src=\"../images/{}\" alt=\"{}\"{}/>",
                            esc(&a.name),
                            esc(alt),
                            style.unwrap_or_default()
                        );
                    }
                }
                Inline::NoteRef(id) => {
                    // As in print: marks side by side are parted by a comma, or they read as one.
                    if k > 0 && matches!(inlines[k - 1], Inline::NoteRef(_)) {
                        out.push_str("<span class=\"noteref-sep\">,</span>");
                    }
                    let mark = format!("{}-fnref{}", s.id, id.0);
                    let seen = {
                        let mut marks = self.marks.borrow_mut();
                        let n = marks.entry(mark.clone()).or_insert(0);
                        *n += 1;
                        *n
                    };
                    let mark = if seen > 1 { format!("{mark}-{seen}") } else { mark };
                    let _ = write!(
                        out,
                        "<a class=\"noteref\" id=\"{mark}\" href=\"#{0}-fn{1}\" epub:type=\"noteref\" role=\"doc-noteref\">{1}</a>",
                        s.id, id.0
                    );
                }
                Inline::LineBreak => out.push_str("<br/>"),
                Inline::Anchor(name) => {
                    let id = self.place(name);
                    if !id.is_empty() {
                        let _ = write!(out, "<span{id}></span>");
                    }
                }
                Inline::Math { children, .. } => {
                    out.push_str("<span class=\"math\">");
                    self.push_math(children, s, out);
                    out.push_str("</span>");
                }
            }
        }
    }

    /// A formula's inlines: its italic letters are variables (`<var>`), not emphasis.
    fn push_math(&self, inlines: &[Inline], s: &Section, out: &mut String) {
        for i in inlines {
            let tag = match i {
                Inline::Emphasis(_) => "var",
                Inline::Superscript(_) => "sup",
                Inline::Subscript(_) => "sub",
                other => {
                    self.push_inlines(std::slice::from_ref(other), s, out);
                    continue;
                }
            };
            let _ = write!(out, "<{tag}>");
            self.push_math(i.children().map_or(&[][..], |c| c), s, out);
            let _ = write!(out, "</{tag}>");
        }
    }

    fn wrap(&self, tag: &str, attrs: &str, children: &[Inline], s: &Section, out: &mut String) {
        let _ = write!(out, "<{tag}{attrs}>");
        self.push_inlines(children, s, out);
        let _ = write!(out, "</{tag}>");
    }

    /// A link target readers can follow: web and mail links, and places in the book.
    fn href(&self, target: &str) -> Option<String> {
        self.links.href(target)
    }

    /// ` id="…"` for the place a name leads to, the first time it is written; nothing after.
    fn place(&self, name: &str) -> String {
        match self.links.id(name) {
            Some(id) if self.placed.borrow_mut().insert(id.to_string()) => format!(" id=\"{}\"", esc(id)),
            _ => String::new(),
        }
    }
}

/// An ordered list's attributes: `start` and `type` where not the defaults, and for a marker in
/// parentheses the class naming the style sheet's counter style for it.
fn ol_attributes(n: Numbering) -> String {
    let mut attributes = String::new();
    if n.start != 1 {
        let _ = write!(attributes, " start=\"{}\"", n.start);
    }
    if n.counter != Counter::Decimal {
        let _ = write!(attributes, " type=\"{}\"", n.counter.html_type());
    }
    let counter = match n.counter {
        Counter::Decimal => "decimal",
        Counter::LowerAlpha => "lower-alpha",
        Counter::UpperAlpha => "upper-alpha",
        Counter::LowerRoman => "lower-roman",
        Counter::UpperRoman => "upper-roman",
    };
    match n.delimiter {
        Delimiter::Period => {}
        Delimiter::Paren => _ = write!(attributes, " class=\"paren-{counter}\""),
        Delimiter::Parens => _ = write!(attributes, " class=\"parens-{counter}\""),
    }
    attributes
}

/// `epub:type` and the matching DPUB-ARIA role of a section.
pub fn semantics(role: SectionRole) -> (&'static str, Option<&'static str>) {
    match role {
        SectionRole::HalfTitle => ("halftitlepage", None),
        SectionRole::TitlePage => ("titlepage", None),
        SectionRole::Copyright => ("copyright-page", None),
        SectionRole::Dedication => ("dedication", Some("doc-dedication")),
        SectionRole::Epigraph => ("epigraph", Some("doc-epigraph")),
        SectionRole::Foreword => ("foreword", Some("doc-foreword")),
        SectionRole::Preface => ("preface", Some("doc-preface")),
        SectionRole::Introduction => ("introduction", Some("doc-introduction")),
        SectionRole::Part => ("part", Some("doc-part")),
        SectionRole::Chapter => ("chapter", Some("doc-chapter")),
        SectionRole::Afterword => ("afterword", Some("doc-afterword")),
        SectionRole::Acknowledgements => ("acknowledgments", Some("doc-acknowledgments")),
        SectionRole::AboutAuthor => ("contributors", None),
        SectionRole::AlsoBy => ("other-credits", None),
    }
}
