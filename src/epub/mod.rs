//! The EPUB 3 writer: the model as a reflowable EPUB that EPUBCheck passes without a message and
//! that readers present as a book (fonts embedded, notes that pop up, landmarks and a nested TOC).
//!
//! The package and its zip are written by hand instead of by `epub-builder` and the `zip` crate:
//! see the README's design notes for the defects that decided it.

mod archive;
mod escape;
mod faces;
mod hyphens;
mod links;
mod nav;
mod package;
mod style;
mod subset;
mod table;
mod xhtml;

pub use escape::esc as escape;

use std::borrow::Cow;

use crate::labels::Labels;
use crate::model::{Block, Book, Inline, Lang, Section, SectionRole};
use links::Links;
use xhtml::Page;

/// One XHTML document of the spine.
#[derive(Debug, Clone)]
pub struct Doc {
    /// File name inside `OEBPS/text/`.
    pub file: String,
    /// Manifest id.
    pub id: String,
    /// What the TOC calls it.
    pub label: String,
    /// `epub:type` of the body (`frontmatter`, `bodymatter`, `backmatter`).
    pub matter: &'static str,
    /// The section role, or `None` for the cover and the nav document.
    pub role: Option<SectionRole>,
    /// Nesting depth in the TOC (chapters of a part are 1).
    pub depth: usize,
    /// Whether the TOC lists it.
    pub in_toc: bool,
    /// For a section set on from the one before (`Section::runs_on`): its id, where it begins in
    /// that section's document, which it shares; `None` for a document of its own.
    pub anchor: Option<String>,
}

impl Doc {
    /// Where a link to it points, relative to the text folder.
    pub fn href(&self) -> String {
        match &self.anchor {
            Some(id) => format!("{}#{id}", self.file),
            None => self.file.clone(),
        }
    }
}

/// A document of the EPUB being written: its spine entry, its section, its body, its title, and
/// the label of the last numbered chapter set on in it.
type Document<'a> = (&'a Doc, Option<&'a Section>, String, String, Option<&'a str>);

/// Writes the book as EPUB bytes. Deterministic: the same book gives the same bytes.
pub fn write(book: &Book) -> Result<Vec<u8>, String> {
    let labels = Labels::for_language(&book.metadata.lang.primary());
    // Reading order: cover, front matter, the contents, the body (parts before their chapters), back.
    let mut order: Vec<(&Section, &'static str, usize)> = Vec::new();
    for s in book.front.iter().filter(|s| s.role != SectionRole::HalfTitle) {
        order.push((s, "frontmatter", 0));
    }
    for s in &book.body {
        order.push((s, "bodymatter", 0));
        order.extend(s.children.iter().map(|c| (c, "bodymatter", 1)));
    }
    order.extend(book.back.iter().map(|s| (s, "backmatter", 0)));
    let nav_at = order.iter().position(|(_, m, _)| *m != "frontmatter").unwrap_or(order.len());

    let mut spine: Vec<(Doc, Option<&Section>)> = Vec::new();
    if book.metadata.cover.is_some() {
        let cover = Doc {
            file: "cover.xhtml".into(),
            id: "cover".into(),
            label: labels.cover.into(),
            matter: "frontmatter",
            role: None,
            depth: 0,
            in_toc: false,
            anchor: None,
        };
        spine.push((cover, None));
    }
    // An unlisted part's chapters are left out of the contents with it: they would hang there
    // from nothing.
    let mut hidden = false;
    // The text bytes of the document being filled.
    let mut shared_weight = 0;
    for (i, (s, matter, depth)) in order.iter().enumerate() {
        if *depth == 0 {
            hidden = s.unlisted;
        }
        if i == nav_at {
            spine.push((nav::doc(labels), None));
        }
        let label = s.label(labels.role(s.role));
        // A numbered section set on in print reads on in the same document, not on a screen of
        // its own: Song of Myself's 52 sections would each open a new page in a reading system.
        // A document is not let grow past what older reading systems open (Adobe's engine stops
        // at 300 KB, and e-ink readers turn its pages slowly long before): The Idiot's parts,
        // their chapters set on, go on in a new document at a chapter.
        let weight = text_weight(s);
        let room = weight + shared_weight <= MAX_DOCUMENT_TEXT;
        let opener = spine.last().filter(|_| s.runs_on && room).map(|(d, _)| d.file.clone());
        shared_weight = if opener.is_some() { shared_weight + weight } else { weight };
        let doc = Doc {
            file: opener.clone().unwrap_or_else(|| format!("{}.xhtml", s.id)),
            id: format!("doc-{}", s.id),
            label,
            matter,
            role: Some(s.role),
            depth: *depth,
            in_toc: !(s.unlisted || hidden),
            anchor: opener.map(|_| s.id.clone()),
        };
        spine.push((doc, Some(*s)));
    }
    if nav_at == order.len() {
        spine.push((nav::doc(labels), None));
    }

    let links = Links::new(spine.iter().filter_map(|(d, s)| s.map(|s| (s, d.file.as_str()))));
    let soft = hyphens::SoftHyphens::for_book(book);
    let page = Page {
        book,
        labels,
        links: &links,
        soft: soft.as_ref(),
        marks: Default::default(),
        placed: Default::default(),
        rank: Default::default(),
    };
    // Fonts and images are borrowed: copying 3.5 MB of fonts per book only to hand them to the zip
    // was a millisecond and a thousand page faults.
    let mut files: Vec<(String, Cow<'_, [u8]>)> = Vec::new();
    let docs: Vec<Doc> = spine.iter().map(|(d, _)| d.clone()).collect();
    let toc = nav::entries(&spine, &links);
    // Each document with the sections set on from it, which follow it in the spine.
    // With its title: a chapter titled only by its number says its part ("Часть первая. I"), and
    // a document holding chapters set on from it says which ("V–VIII"), so that a reading
    // system's history and a screen reader do not show four pages called "I" (WCAG's "page
    // titled").
    let mut documents: Vec<Document<'_>> = Vec::new();
    let mut part: Option<&str> = None;
    for (doc, section) in &spine {
        let body = match (section, doc.id.as_str()) {
            (Some(s), _) => page.section(s, doc.depth),
            (None, "cover") => cover_body(book, labels),
            (None, _) => nav::body(&toc, &docs, labels),
        };
        match doc.role {
            Some(SectionRole::Part) => part = Some(doc.label.as_str()),
            _ if doc.depth == 0 => part = None,
            _ => {}
        }
        match documents.last_mut() {
            Some((first, _, opened, _, last)) if doc.anchor.is_some() => {
                opened.push_str(&body);
                if crate::model::is_number(&first.label) && crate::model::is_number(&doc.label) {
                    *last = Some(doc.label.as_str());
                }
            }
            _ => {
                let title = match (doc.role, part) {
                    (Some(SectionRole::TitlePage), _) => book.metadata.title.clone(),
                    (_, Some(part)) if doc.depth > 0 && crate::model::is_number(&doc.label) => {
                        format!("{part}. {}", doc.label)
                    }
                    _ => doc.label.clone(),
                };
                documents.push((doc, *section, body, title, None));
            }
        }
    }
    let mut texts: Vec<(String, String)> = documents
        .into_iter()
        .map(|(doc, section, body, title, last)| {
            let lang: &Lang = section.and_then(|s| s.lang.as_ref()).unwrap_or(&book.metadata.lang);
            let title = match last {
                Some(last) => format!("{title}–{last}"),
                None => title,
            };
            (format!("OEBPS/text/{}", doc.file), xhtml::document(&title, lang, doc.matter, &body))
        })
        .collect();
    let faces = faces::needed(book);
    texts.push(("OEBPS/css/book.css".into(), style::css(&faces)));
    // Each face keeps the outlines of the characters the book's pages hold: a reading system
    // downloads, and a retailer charges delivery on, every byte of every embedded font. They are
    // read from the strings, which are known to be UTF-8, before they become the zip's bytes.
    let chars = subset::Chars::of(texts.iter().map(|(_, text)| text.as_str()));
    files.extend(texts.into_iter().map(|(path, text)| (path, Cow::Owned(text.into_bytes()))));
    for f in faces {
        let bytes = subset::cut(f.bytes, &chars).map_or(Cow::Borrowed(f.bytes), Cow::Owned);
        files.push((format!("OEBPS/fonts/{}", f.file_name), bytes));
    }
    files.push(("OEBPS/fonts/OFL.txt".into(), Cow::Borrowed(crate::fonts::LICENSE.as_bytes())));
    for a in &book.assets {
        files.push((format!("OEBPS/images/{}", a.name), Cow::Borrowed(&a.bytes[..])));
    }
    files.push(("OEBPS/toc.ncx".into(), package::ncx(book, &toc).into_bytes().into()));
    let opf = package::opf(book, &docs, &files);
    let mut entries = vec![
        ("META-INF/container.xml".to_string(), Cow::Borrowed(package::CONTAINER.as_bytes())),
        ("OEBPS/content.opf".to_string(), opf.into_bytes().into()),
    ];
    entries.extend(files);
    archive::zip(&entries)
}

/// The most text, in bytes, that sections set on from one another share a document with: with
/// its markup, a document stays under 300 KB.
const MAX_DOCUMENT_TEXT: usize = 220_000;

/// The bytes of a section's own text (its subsections' not included): a document's size less its
/// markup.
fn text_weight(s: &Section) -> usize {
    let total = std::cell::Cell::new(s.title.as_ref().map_or(0, |t| Inline::plain_text(t).len()));
    let add = |n: usize| total.set(total.get() + n);
    for b in s.all_blocks() {
        // `contains` looks for what is never found, and so visits every block and inline.
        let code = |b: &Block| {
            if let Block::Code { text, .. } = b {
                add(text.len());
            }
            false
        };
        let text = |i: &Inline| {
            if let Inline::Text(t) | Inline::Code(t) = i {
                add(t.len());
            }
            false
        };
        b.contains(&code, &text);
    }
    total.get()
}

fn cover_body(book: &Book, labels: &Labels) -> String {
    let Some(asset) = book.metadata.cover.and_then(|c| book.assets.get(c.0)) else { return String::new() };
    let alt = match book.metadata.author_line() {
        Some(a) => format!("{}: {} — {}", labels.cover, book.metadata.title, a),
        None => format!("{}: {}", labels.cover, book.metadata.title),
    };
    format!(
        "<div class=\"cover\"><img epub:type=\"cover\" role=\"doc-cover\" src=\"../images/{}\" alt=\"{}\"/></div>\n",
        escape(&asset.name),
        escape(&alt)
    )
}
