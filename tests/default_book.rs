//! The default book, built by the real binary and read back.

mod common;

use common::{Epub, folio, parse, root};

fn build_default(out: &std::path::Path) -> std::path::PathBuf {
    let result = folio(&root(), &["build", "manuscript", "-o", out.to_str().unwrap(), "--epub"]);
    assert!(result.status.success(), "build failed: {}", common::stderr(&result));
    let path = out.join("kazakhstan-and-regional-security-overview.epub");
    assert!(path.is_file());
    path
}

/// Straight quotes become typographic ones; compare with both folded.
fn fold(s: &str) -> String {
    s.replace(['’', '‘'], "'").replace(['“', '”'], "\"").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_seed_sentence_appears_as_often_as_in_the_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let epub = Epub::open(&build_default(tmp.path()));
    let text = fold(&epub.plain_text());
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed.txt")).unwrap();
    let seed_folded = fold(&seed);
    let mut checked = 0;
    for para in seed.lines().filter(|l| !l.trim().is_empty()) {
        for sentence in para.split_inclusive(". ").map(str::trim).filter(|s| s.len() > 3) {
            let s = fold(sentence);
            let want = seed_folded.matches(&s).count();
            let got = text.matches(&s).count();
            assert!(got >= want, "sentence appears {got} times, seed has it {want} times: {s}");
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} sentences checked");
}

#[test]
fn epigraph_lead_and_author_page_are_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let epub = Epub::open(&build_default(tmp.path()));
    let epigraph = epub.text("OEBPS/text/epigraph.xhtml");
    let doc = parse(&epigraph);
    let quote = doc
        .descendants()
        .find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("epigraph"))
        .expect("an element with epub:type=epigraph");
    let attribution =
        quote.descendants().find(|n| n.attribute("class") == Some("attribution")).expect("attribution");
    assert_eq!(attribution.text().unwrap().trim_start_matches("— "), "Mirzhakyp Dulatuly");

    let chapter = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&chapter);
    let paras: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("p")).collect();
    assert_eq!(paras[0].attribute("class"), Some("lead"), "the first paragraph is the lead");
    let lead = paras[0].text().unwrap();
    let body = paras[1].text().unwrap();
    assert!(
        fold(body).starts_with(&fold(lead)),
        "the body repeats the lead, as the author wrote it: {lead:?} / {body:?}"
    );
    let h1 = doc.descendants().find(|n| n.has_tag_name("h1")).unwrap();
    assert_eq!(h1.text(), Some("Kazakhstan and regional security: overview"));

    let author = epub.text("OEBPS/text/about-author.xhtml");
    assert!(author.contains("<p class=\"author-name\">Makubayev Yu.</p>"));
    assert!(author.contains("<p class=\"credentials\">Master of Humanitarian Sciences</p>"));
}

#[test]
fn the_title_copyright_epigraph_and_author_pages_are_styled() {
    let tmp = tempfile::tempdir().unwrap();
    let epub = Epub::open(&build_default(tmp.path()));
    let css = epub.text("OEBPS/css/book.css");
    for file in ["title-page", "copyright", "epigraph", "about-author"] {
        let xhtml = epub.text(&format!("OEBPS/text/{file}.xhtml"));
        let doc = parse(&xhtml);
        let section = doc.descendants().find(|n| n.has_tag_name("section")).expect("a section");
        let classes = section.attribute("class").unwrap_or_default();
        // A rule for the section's class, as its layout (a title page's centred title, a
        // copyright page's small type) is the stylesheet's, not the reading system's.
        assert!(
            classes.split(' ').any(|c| css.contains(&format!("section.{c} "))),
            "{file}: no rule styles a section of class {classes:?}"
        );
    }
}

#[test]
fn fonts_and_cover_are_embedded_and_declared() {
    let tmp = tempfile::tempdir().unwrap();
    let epub = Epub::open(&build_default(tmp.path()));
    let opf = epub.text("OEBPS/content.opf");
    let css = epub.text("OEBPS/css/book.css");
    // Running text, its italic (the lead, the epigraph, the credentials) and the headings' bold
    // sans: the book has no bold text, so no bold text face.
    let used = ["NotoSerif-Regular.ttf", "NotoSerif-Italic.ttf", "NotoSans-Bold.ttf"];
    let text = epub.plain_text();
    for font in used {
        let bytes = &epub.files[&format!("OEBPS/fonts/{font}")];
        // The shipped font cut down to the book's characters (glyphs renumbered): it shapes the
        // text to glyphs of the same advances, drawn as the whole font draws them.
        let shipped = std::fs::read(root().join("fonts").join(font)).unwrap();
        assert!(bytes.len() < shipped.len() / 8, "{font}: {} of {} bytes", bytes.len(), shipped.len());
        // Line breaks and the characters another face sets are drawn by no face of this one.
        let face = rustybuzz::ttf_parser::Face::parse(&shipped, 0).unwrap();
        let text: String = text.chars().filter(|&c| face.glyph_index(c).is_some()).collect();
        assert!(text.chars().count() > 1000);
        let drawn = |font: &[u8]| -> Vec<_> {
            common::shape(font, &text)
                .into_iter()
                .map(|(g, advance)| (advance, common::outline(font, g)))
                .collect()
        };
        assert_eq!(drawn(bytes), drawn(&shipped), "{font}");
        assert!(opf.contains(&format!("href=\"fonts/{font}\" media-type=\"font/ttf\"")));
        assert!(css.contains(&format!("url(\"../fonts/{font}\")")));
    }
    for font in ["NotoSerif-Bold.ttf", "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf"] {
        assert!(!epub.files.contains_key(&format!("OEBPS/fonts/{font}")), "{font} is embedded but unused");
        assert!(!opf.contains(font) && !css.contains(font), "{font} is declared but not embedded");
    }
    assert!(opf.contains("properties=\"cover-image\""));
    let cover = &epub.files["OEBPS/images/cover.png"];
    let img = image::load_from_memory(cover).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 2560));
    let committed =
        std::fs::read(root().join("covers/kazakhstan-and-regional-security-overview.png")).unwrap();
    assert!(cover == &committed, "covers/ holds an outdated cover: copy the one folio now draws");
    assert_eq!(epub.order[0], "mimetype");
    assert_eq!(epub.files["mimetype"], b"application/epub+zip");
}

#[test]
fn package_has_accessibility_metadata_and_landmarks() {
    let tmp = tempfile::tempdir().unwrap();
    let epub = Epub::open(&build_default(tmp.path()));
    let opf = epub.text("OEBPS/content.opf");
    for prop in [
        "schema:accessMode",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(opf.contains(&format!("property=\"{prop}\"")), "missing {prop}");
    }
    // No one has certified it: it claims no conformance (`certified-by` would).
    assert!(!opf.contains("dcterms:conformsTo") && !opf.contains("a11y:certifiedBy"), "{opf}");
    // The essay has no images but its cover: its summary promises no alternatives for any.
    let summary =
        opf.split("schema:accessibilitySummary\">").nth(1).and_then(|r| r.split('<').next()).unwrap();
    assert!(summary.ends_with("text that can be resized and restyled."), "{summary}");
    assert!(!summary.contains("images") && !opf.contains(">alternativeText<"), "{summary}");
    assert!(!summary.contains("WCAG"), "{summary}");
    let nav = epub.text("OEBPS/text/nav.xhtml");
    let doc = parse(&nav);
    let landmarks = doc
        .descendants()
        .find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("landmarks"))
        .expect("landmarks nav");
    let links = landmarks.descendants().filter(|n| n.has_tag_name("a")).count();
    assert!(links >= 3, "landmarks has {links} entries");
    for doc_name in epub.spine() {
        let x = epub.text(&doc_name);
        assert!(parse(&x).root_element().has_tag_name("html"), "{doc_name}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let first = std::fs::read(build_default(a.path())).unwrap();
    let second = std::fs::read(build_default(b.path())).unwrap();
    assert!(first == second, "two builds of the same manuscript differ");
}

#[test]
fn source_date_epoch_sets_the_modified_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "manuscript", "-o", tmp.path().to_str().unwrap()])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(out.status.success());
    let epub = Epub::open(&tmp.path().join("kazakhstan-and-regional-security-overview.epub"));
    assert!(
        epub.text("OEBPS/content.opf")
            .contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>")
    );
}
