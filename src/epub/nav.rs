//! The navigation document: the table of contents with parts nested and each chapter's headings
//! under it, and landmarks that always name the cover, the title page, the contents and the
//! start of the text.

use std::fmt::Write;

use super::Doc;
use super::escape::esc;
use super::links::Links;
use crate::labels::Labels;
use crate::model::{Section, SectionRole, listed};

/// The spine entry of the navigation document.
pub fn doc(labels: &Labels) -> Doc {
    Doc {
        file: "nav.xhtml".into(),
        id: "nav".into(),
        label: labels.contents.into(),
        matter: "frontmatter",
        role: None,
        depth: 0,
        in_toc: false,
        anchor: None,
    }
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it is called.
    pub label: String,
    /// Where it leads, relative to the text folder.
    pub href: String,
    /// How deep it is nested: parts and chapters of none are 0.
    pub depth: usize,
}

/// The table of contents: every listed document, and under it the headings one level below its
/// title (`Section::contents_headings`): a technical book's reader finds `## Templates` from the
/// contents, as pandoc's EPUB offers.
pub fn entries(spine: &[(Doc, Option<&Section>)], links: &Links) -> Vec<Entry> {
    let mut out = Vec::new();
    for (doc, section) in spine.iter().filter(|(d, _)| d.in_toc) {
        out.push(Entry { label: listed(&doc.label), href: doc.href(), depth: doc.depth });
        for (id, label) in section.iter().flat_map(|s| s.contents_headings()) {
            if let Some(href) = links.href(&format!("#{id}")) {
                out.push(Entry { label: listed(&label), href, depth: doc.depth + 1 });
            }
        }
    }
    out
}

/// How a nested list is written: what ends an entry, and what opens and closes its children.
pub struct Nesting {
    /// After an entry and its children.
    pub close: &'static str,
    /// Between an entry and its first child.
    pub nest: &'static str,
    /// After an entry's last child, before the entry is closed.
    pub unnest: &'static str,
}

/// Writes entries nested by depth, `open` writing each entry's start. A depth more than one
/// below the entry before is nested one level only.
pub fn nested(entries: &[Entry], nesting: &Nesting, mut open: impl FnMut(&Entry) -> String) -> String {
    let mut o = String::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&d| d >= e.depth) {
            stack.pop();
            o.push_str(nesting.close);
            if stack.last().is_some_and(|&d| d >= e.depth) {
                o.push_str(nesting.unnest);
            }
        }
        o.push_str(&open(e));
        stack.push(e.depth);
        if entries.get(i + 1).is_some_and(|n| n.depth > e.depth) {
            o.push_str(nesting.nest);
        }
    }
    while stack.pop().is_some() {
        o.push_str(nesting.close);
        if !stack.is_empty() {
            o.push_str(nesting.unnest);
        }
    }
    o
}

/// The body of the navigation document.
pub fn body(toc: &[Entry], docs: &[Doc], labels: &Labels) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">");
    let _ = writeln!(o, "<h1 id=\"toc-title\">{}</h1>\n<ol class=\"toc\">", esc(labels.contents));
    let lists = Nesting { close: "</li>\n", nest: "\n<ol>\n", unnest: "</ol>" };
    o.push_str(&nested(toc, &lists, |e| format!("<li><a href=\"{}\">{}</a>", esc(&e.href), esc(&e.label))));
    o.push_str("</ol>\n</nav>\n");

    let _ = writeln!(
        o,
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">"
    );
    let _ = writeln!(o, "<h2 id=\"landmarks-title\">{}</h2>\n<ol>", esc(labels.landmarks));
    let mut mark = |kind: &str, href: &str, label: &str| {
        let _ = writeln!(o, "<li><a epub:type=\"{kind}\" href=\"{}\">{}</a></li>", esc(href), esc(label));
    };
    if let Some(c) = docs.iter().find(|d| d.id == "cover") {
        mark("cover", &c.file, labels.cover);
    }
    if let Some(t) = docs.iter().find(|d| d.role == Some(SectionRole::TitlePage)) {
        mark("titlepage", &t.file, labels.role(SectionRole::TitlePage));
    }
    mark("toc", "nav.xhtml#toc", labels.contents);
    if let Some(b) = docs.iter().find(|d| d.matter == "bodymatter") {
        mark("bodymatter", &b.file, labels.start);
    }
    o.push_str("</ol>\n</nav>\n");
    o
}
