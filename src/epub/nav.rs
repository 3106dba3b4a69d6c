//! The navigation document: the table of contents with parts nested, and landmarks that always
//! name the cover, the title page, the contents and the start of the text.

use std::fmt::Write;

use super::Doc;
use super::xhtml::esc;
use crate::labels::Labels;
use crate::model::SectionRole;

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

/// The body of the navigation document.
pub fn body(docs: &[Doc], labels: &Labels) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">");
    let _ = writeln!(o, "<h1 id=\"toc-title\">{}</h1>\n<ol class=\"toc\">", esc(labels.contents));
    let mut open_part = false;
    let entries: Vec<&Doc> = docs.iter().filter(|d| d.in_toc).collect();
    for (i, d) in entries.iter().enumerate() {
        if d.depth == 0 && open_part {
            o.push_str("</ol></li>\n");
            open_part = false;
        }
        let _ = write!(o, "<li><a href=\"{}\">{}</a>", esc(&d.href()), esc(&d.label));
        let has_children = entries.get(i + 1).is_some_and(|n| n.depth > 0);
        if d.role == Some(SectionRole::Part) && has_children {
            o.push_str("\n<ol>\n");
            open_part = true;
        } else {
            o.push_str("</li>\n");
        }
    }
    if open_part {
        o.push_str("</ol></li>\n");
    }
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
