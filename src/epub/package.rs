//! The package document (OPF) with full Dublin Core and accessibility metadata, the NCX for older
//! readers, and the container file that points at the package.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

use super::Doc;
use super::escape::esc;
use super::nav::{Entry, Nesting, nested};
use crate::model::{Block, Book, Identifier, Inline, Role};

/// `META-INF/container.xml`.
pub const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n\
</container>\n";

fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("xhtml") => "application/xhtml+xml",
        Some("css") => "text/css",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ncx") => "application/x-dtbncx+xml",
        _ => "text/plain",
    }
}

/// The package document. `files` are every entry under `OEBPS/` except the OPF itself.
pub fn opf(book: &Book, docs: &[Doc], files: &[(String, Cow<'_, [u8]>)]) -> String {
    let m = &book.metadata;
    let mut o = String::new();
    let _ = writeln!(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        o,
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{}\">",
        esc(m.lang.as_str())
    );
    let _ = writeln!(o, "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">");
    let _ = writeln!(o, "<dc:identifier id=\"pub-id\">{}</dc:identifier>", esc(&m.epub_id.urn()));
    if let Identifier::Isbn(_) = m.epub_id {
        let _ = writeln!(
            o,
            "<meta refines=\"#pub-id\" property=\"identifier-type\" scheme=\"onix:codelist5\">15</meta>"
        );
    }
    let _ = writeln!(o, "<dc:title id=\"title\">{}</dc:title>", esc(&m.title));
    let _ = writeln!(o, "<meta refines=\"#title\" property=\"title-type\">main</meta>");
    if let Some(sub) = &m.subtitle {
        let _ = writeln!(o, "<dc:title id=\"subtitle\">{}</dc:title>", esc(sub));
        let _ = writeln!(o, "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>");
    }
    for (i, c) in m.contributors.iter().enumerate() {
        let element = if c.role == Role::Author { "dc:creator" } else { "dc:contributor" };
        let id = format!("contributor-{}", i + 1);
        let _ = writeln!(o, "<{element} id=\"{id}\">{}</{element}>", esc(&c.name));
        let _ = writeln!(
            o,
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            c.role.marc()
        );
        if let Some(f) = &c.file_as {
            let _ = writeln!(o, "<meta refines=\"#{id}\" property=\"file-as\">{}</meta>", esc(f));
        }
    }
    let _ = writeln!(o, "<dc:language>{}</dc:language>", esc(m.lang.as_str()));
    if let Some(d) = &m.date {
        let _ = writeln!(o, "<dc:date>{}</dc:date>", esc(d));
    }
    if let Some(p) = &m.publisher {
        let _ = writeln!(o, "<dc:publisher>{}</dc:publisher>", esc(p));
    }
    if let Some(r) = &m.rights {
        let _ = writeln!(o, "<dc:rights>{}</dc:rights>", esc(r));
    }
    if let Some(d) = &m.description {
        let _ = writeln!(o, "<dc:description>{}</dc:description>", esc(d));
    }
    for s in &m.subjects {
        let _ = writeln!(o, "<dc:subject>{}</dc:subject>", esc(s));
    }
    if let Some(isbn) = &m.print_isbn {
        let _ = writeln!(o, "<dc:source>urn:isbn:{}</dc:source>", esc(isbn));
    }
    if let Some(series) = &m.series {
        let _ = writeln!(
            o,
            "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
            esc(&series.name)
        );
        let _ = writeln!(o, "<meta refines=\"#series\" property=\"collection-type\">series</meta>");
        if let Some(p) = series.position {
            let _ = writeln!(o, "<meta refines=\"#series\" property=\"group-position\">{p}</meta>");
        }
    }
    let _ = writeln!(o, "<meta property=\"dcterms:modified\">{}</meta>", m.modified);
    accessibility(book, &mut o);
    if m.cover.is_some() {
        let _ = writeln!(o, "<meta name=\"cover\" content=\"cover-image\"/>");
    }
    let _ = writeln!(o, "</metadata>");

    let _ = writeln!(o, "<manifest>");
    let cover_name = m.cover.and_then(|c| book.assets.get(c.0)).map(|a| format!("OEBPS/images/{}", a.name));
    let mut other = 0;
    // By file name: a book of a few thousand poems has as many documents, and searching them
    // for every file took time quadratic in their number.
    let ids: HashMap<&str, &str> =
        docs.iter().filter(|d| d.anchor.is_none()).map(|d| (d.file.as_str(), d.id.as_str())).collect();
    for (path, _) in files {
        let href = path.trim_start_matches("OEBPS/");
        let (id, props) = if let Some(file) = href.strip_prefix("text/") {
            let id = ids.get(file).map_or_else(|| "doc".to_string(), |id| id.to_string());
            (id.clone(), if id == "nav" { " properties=\"nav\"" } else { "" })
        } else if Some(path) == cover_name.as_ref() {
            ("cover-image".to_string(), " properties=\"cover-image\"")
        } else if href == "toc.ncx" {
            ("ncx".to_string(), "")
        } else {
            other += 1;
            (format!("res-{other}"), "")
        };
        let _ = writeln!(
            o,
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"{props}/>",
            esc(&id),
            esc(href),
            media_type(href)
        );
    }
    let _ = writeln!(o, "</manifest>");
    let _ = writeln!(o, "<spine toc=\"ncx\">");
    // A section set on from the one before is read in that one's document.
    for d in docs.iter().filter(|d| d.anchor.is_none()) {
        let _ = writeln!(o, "<itemref idref=\"{}\"/>", esc(&d.id));
    }
    let _ = writeln!(o, "</spine>");
    let _ = writeln!(o, "</package>");
    o
}

/// EPUB Accessibility 1.1 metadata: what the book offers, and that it has no hazards.
fn accessibility(book: &Book, o: &mut String) {
    let a = &book.metadata.accessibility;
    let cover = book.metadata.cover;
    let has_images = book.assets.iter().enumerate().any(|(i, _)| Some(i) != cover.map(|c| c.0));
    let _ = writeln!(o, "<meta property=\"schema:accessMode\">textual</meta>");
    if has_images {
        let _ = writeln!(o, "<meta property=\"schema:accessMode\">visual</meta>");
    }
    // An image with neither alt text nor a caption is written `alt=""`, which a screen reader
    // takes for ornament and skips: the book then offers no text alternative for it, and does
    // not meet WCAG's 1.1.1, so it claims neither (the build warns at the image).
    let unexplained = book.contains(
        &|b| matches!(b, Block::Figure(f) if f.alt.trim().is_empty() && f.caption.is_none()),
        &|i| matches!(i, Inline::Image { alt, .. } if alt.trim().is_empty()),
    );
    // Without them, reading its text alone is not enough.
    let sufficient = if unexplained { "textual,visual" } else { "textual" };
    let _ = writeln!(o, "<meta property=\"schema:accessModeSufficient\">{sufficient}</meta>");
    let mut features =
        vec!["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"];
    if has_images && !unexplained {
        features.push("alternativeText");
    }
    for f in features {
        let _ = writeln!(o, "<meta property=\"schema:accessibilityFeature\">{f}</meta>");
    }
    let hazards: Vec<&str> =
        if a.hazards.is_empty() { vec!["none"] } else { a.hazards.iter().map(String::as_str).collect() };
    for h in hazards {
        let _ = writeln!(o, "<meta property=\"schema:accessibilityHazard\">{}</meta>", esc(h));
    }
    // Conformance is claimed only for someone who checked it: what folio checks (structure, text
    // alternatives present) is not all WCAG asks (that they say what the image shows), and a
    // claim no one made is a publisher's liability under the European Accessibility Act.
    let certified = a.certified_by.as_deref().filter(|_| !unexplained);
    // The summary promises what the book has: text alternatives only where it has images.
    let summary = a.summary.clone().unwrap_or_else(|| {
        let offers = if has_images && !unexplained {
            "a logical reading order, text that can be resized and restyled, and text alternatives for images"
        } else {
            "a logical reading order, and text that can be resized and restyled"
        };
        if unexplained {
            format!(
                "This publication has a navigable table of contents, structured headings, {offers}; \
                 some of its images have no text alternative."
            )
        } else if certified.is_some() {
            format!(
                "This publication meets WCAG 2.1 Level AA: it has a navigable table of contents, \
                 structured headings, {offers}."
            )
        } else {
            format!("This publication has a navigable table of contents, structured headings, {offers}.")
        }
    });
    // The summary folio writes is English: in a book in another language it says so, or a
    // screen reader reads it with that language's sounds. The author's own is the book's.
    let english = a.summary.is_none() && book.metadata.lang.primary() != "en";
    let lang = if english { " xml:lang=\"en\"" } else { "" };
    let _ = writeln!(o, "<meta property=\"schema:accessibilitySummary\"{lang}>{}</meta>", esc(&summary));
    if let Some(by) = certified {
        let _ = writeln!(
            o,
            "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>"
        );
        let _ = writeln!(o, "<meta property=\"a11y:certifiedBy\">{}</meta>", esc(by));
    }
}

/// The NCX, for EPUB 2 readers.
pub fn ncx(book: &Book, toc: &[Entry]) -> String {
    let m = &book.metadata;
    let mut o = String::new();
    let _ = writeln!(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        o,
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">",
        esc(m.lang.as_str())
    );
    let depth = nesting_depth(toc);
    let _ = writeln!(
        o,
        "<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>",
        esc(&m.epub_id.urn())
    );
    let _ = writeln!(o, "<docTitle><text>{}</text></docTitle>", esc(&m.title));
    let _ = writeln!(o, "<navMap>");
    let mut play = 0;
    let points = Nesting { close: "</navPoint>\n", nest: "\n", unnest: "" };
    o.push_str(&nested(toc, &points, |e| {
        play += 1;
        format!(
            "<navPoint id=\"np-{play}\" playOrder=\"{play}\"><navLabel><text>{}</text></navLabel><content src=\"text/{}\"/>",
            esc(&e.label),
            esc(&e.href)
        )
    }));
    let _ = writeln!(o, "</navMap>\n</ncx>");
    o
}

/// How many levels the contents nest, as the NCX declares them: entries deeper than the one
/// before by more than one are nested one level only.
fn nesting_depth(toc: &[Entry]) -> usize {
    let mut levels: Vec<usize> = Vec::new();
    let mut deepest = 1;
    for e in toc {
        while levels.last().is_some_and(|&d| d >= e.depth) {
            levels.pop();
        }
        levels.push(e.depth);
        deepest = deepest.max(levels.len());
    }
    deepest
}
