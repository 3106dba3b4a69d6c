//! The EPUB's table of contents, read back from its navigation document and its NCX: what it
//! lists, how it nests, and that every entry leads to a place that exists.

mod common;

use common::{epub_of, parse};

const NS_OPS: &str = "http://www.idpf.org/2007/ops";

/// A manual: a part over chapters, the chapters with headings of their own, one of them only a
/// number, one a word of Roman letters, one a level further down.
const MANUAL: &str = "---\ntitle: Manual\nauthor: A\nlang: en\n---\n\n\
# Guide\n\n## Install\n\nText.\n\n### From source\n\nText.\n\n#### Build flags\n\nText.\n\n\
### From *packages* {#pkgs}\n\nText.\n\n### 2\n\nText.\n\n## Use\n\nText.\n\n### Mix\n\nText.\n\n\
# Reference\n\n## Options\n\nText.\n\n### Exit codes\n\nText.\n";

/// The contents as (depth, label, href), read from the nested lists of the navigation document.
fn nav_entries(nav: &str) -> Vec<(usize, String, String)> {
    let doc = parse(nav);
    let toc = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attribute((NS_OPS, "type")) == Some("toc"))
        .expect("a toc nav");
    let mut out = Vec::new();
    for a in toc.descendants().filter(|n| n.has_tag_name("a")) {
        let depth = a.ancestors().filter(|n| n.has_tag_name("ol")).count() - 1;
        let label: String = a.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
        out.push((depth, label, a.attribute("href").unwrap_or_default().to_string()));
    }
    out
}

/// The same from the NCX's nested navPoints.
fn ncx_entries(ncx: &str) -> Vec<(usize, String, String)> {
    let doc = parse(ncx);
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| n.has_tag_name("navPoint")) {
        let depth = p.ancestors().filter(|n| n.has_tag_name("navPoint")).count() - 1;
        let label = p
            .children()
            .find(|n| n.has_tag_name("navLabel"))
            .and_then(|l| l.descendants().find_map(|n| n.text().filter(|t| !t.trim().is_empty())))
            .unwrap_or_default()
            .to_string();
        let src = p.children().find(|n| n.has_tag_name("content")).and_then(|c| c.attribute("src"));
        out.push((depth, label, src.unwrap_or_default().trim_start_matches("text/").to_string()));
    }
    out
}

#[test]
fn the_contents_list_each_chapters_headings_under_it_but_not_bare_numbers() {
    let epub = epub_of("manual.md", MANUAL);
    let nav = nav_entries(&epub.text("OEBPS/text/nav.xhtml"));
    let body: Vec<(usize, &str)> = nav
        .iter()
        .skip_while(|(_, label, _)| label != "Guide")
        .map(|(depth, label, _)| (*depth, label.as_str()))
        .collect();
    assert_eq!(
        body,
        [
            (0, "Guide"),
            (1, "Install"),
            (2, "From source"),
            (2, "From packages"),
            (1, "Use"),
            (2, "Mix"),
            (0, "Reference"),
            (1, "Options"),
            (2, "Exit codes"),
        ],
        "a heading's own level below its chapter is listed; a deeper one and a bare number are not"
    );
    // Each entry leads to its heading: the file exists and holds the id, and the heading there
    // says what the contents call it.
    for (_, label, href) in &nav {
        let (file, id) = href.split_once('#').unwrap_or((href, ""));
        let text = epub.text(&format!("OEBPS/text/{file}"));
        if id.is_empty() {
            continue;
        }
        let doc = parse(&text);
        let target = doc.descendants().find(|n| n.attribute("id") == Some(id));
        let target = target.unwrap_or_else(|| panic!("{href} leads nowhere"));
        let said: String = target.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
        assert_eq!(said.trim(), label, "{href}");
    }
    assert!(nav.iter().any(|(_, _, href)| href.ends_with("#pkgs")), "the author's id is kept: {nav:?}");
    // The NCX, for older readers, lists and nests the same, and says how deep.
    let ncx_text = epub.text("OEBPS/toc.ncx");
    let ncx = ncx_entries(&ncx_text);
    assert_eq!(ncx, nav, "the NCX and the navigation document agree");
    assert!(ncx_text.contains("<meta name=\"dtb:depth\" content=\"3\"/>"), "{ncx_text}");
}

#[test]
fn a_book_without_inner_headings_keeps_a_flat_contents() {
    let md = "---\ntitle: Novel\nauthor: A\nlang: en\n---\n\n# One\n\nText.\n\n# Two\n\nText.\n";
    let epub = epub_of("novel.md", md);
    let nav = nav_entries(&epub.text("OEBPS/text/nav.xhtml"));
    assert!(nav.iter().all(|(depth, _, _)| *depth == 0), "{nav:?}");
    assert!(nav.iter().any(|(_, label, _)| label == "Two"), "{nav:?}");
    let ncx = epub.text("OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"1\"/>"), "{ncx}");
    assert_eq!(ncx_entries(&ncx), nav);
}

#[test]
fn top_headings_that_open_text_of_their_own_are_chapters_and_those_under_them_sections() {
    // A manual's `# Options` explains itself before `## General options`: not a part over
    // chapters (each opening a recto in print) but a chapter with sections, as pandoc splits it.
    let intro = "These options control how the program reads and writes its files, in this order. ";
    let mut md = String::from("---\ntitle: Tool\nlang: en\n---\n\n");
    for top in ["Options", "Templates", "Exit codes"] {
        md.push_str(&format!(
            "# {top}\n\n{intro}{intro}{intro}\n\n## {top} in general\n\nText.\n\n## {top} in detail\n\nText.\n\n"
        ));
    }
    let epub = epub_of("tool.md", &md);
    let spine = epub.spine();
    assert!(!spine.iter().any(|f| f.contains("part-")), "no parts: {spine:?}");
    assert_eq!(spine.iter().filter(|f| f.contains("chapter-")).count(), 3, "{spine:?}");
    let nav = nav_entries(&epub.text("OEBPS/text/nav.xhtml"));
    let body: Vec<(usize, &str)> =
        nav.iter().skip_while(|(_, l, _)| l != "Options").map(|(d, l, _)| (*d, l.as_str())).take(3).collect();
    assert_eq!(body, [(0, "Options"), (1, "Options in general"), (1, "Options in detail")]);

    // Parts that only hold their chapters (a novel's) stay parts, as MANUAL's do.
    let spine = epub_of("manual.md", MANUAL).spine();
    assert_eq!(spine.iter().filter(|f| f.contains("part-")).count(), 2, "{spine:?}");
}

#[test]
fn contents_labels_carry_no_invisible_marks_and_plain_spaces() {
    // A word joiner at a closed dash and a no-break space after an initial, as folio's
    // typography writes them into the text.
    let md = "---\ntitle: Poems\nlang: en\n---\n\n# Virginia\u{2060}—The West\n\nText.\n\n# L.\u{a0}of G.’s Purport\n\nText.\n";
    let epub = epub_of("poems.md", md);
    let nav = nav_entries(&epub.text("OEBPS/text/nav.xhtml"));
    let labels: Vec<&str> = nav.iter().map(|(_, l, _)| l.as_str()).collect();
    assert!(labels.contains(&"Virginia—The West") && labels.contains(&"L. of G.’s Purport"), "{labels:?}");
    assert_eq!(ncx_entries(&epub.text("OEBPS/toc.ncx")), nav);
}

#[test]
fn a_short_untitled_opening_is_the_dedication_in_the_epub_before_the_chapters() {
    // Onegin's shape: the book's epigraph, then a short untitled poem, then the chapters.
    let md = "---\ntitle: Verses\nauthor: A\nlang: en\n---\n\n> A motto.\\\n> Its author\n\n\
              Not meant to please the proud,\\\nBut for a friend.\n\n# One\n\nText.\n\n# Two\n\nText.\n";
    let epub = epub_of("book.md", md);
    let dedication =
        epub.spine().into_iter().find(|f| f.ends_with("dedication.xhtml")).expect("a dedication page");
    let xhtml = epub.text(&dedication);
    let doc = parse(&xhtml);
    let section = doc.descendants().find(|n| n.has_tag_name("section")).expect("a section");
    assert_eq!(section.attribute((NS_OPS, "type")), Some("dedication"));
    assert_eq!(section.attribute("role"), Some("doc-dedication"));
    let lines: Vec<&str> = section
        .descendants()
        .filter(|n| n.has_tag_name("p") && n.attribute("class") == Some("line"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(lines, ["Not meant to please the proud,", "But for a friend."]);
    // Out of the contents; the landmarks and the reading order still have it, before chapter one.
    let nav = nav_entries(&epub.text("OEBPS/text/nav.xhtml"));
    assert!(nav.iter().all(|(_, label, _)| !label.contains("Not meant")), "{nav:?}");
    let spine = epub.spine();
    let at = |name: &str| spine.iter().position(|f| f.ends_with(name)).unwrap();
    assert!(at("dedication.xhtml") < at("chapter-001.xhtml"), "{spine:?}");
}

#[test]
fn a_numbered_chapters_document_is_titled_with_its_part_and_the_chapters_it_holds() {
    // The Idiot's four parts each open on a chapter "I": four documents called "I" were four
    // pages a screen reader and a reading system's history could not tell apart.
    let md = "---\ntitle: Novel\nauthor: A\nlang: en\n---\n\n# Part One\n\n## I\n\nText.\n\n## II\n\nText.\n\n\
              ## III\n\nText.\n\n# Part Two\n\n## I\n\nText.\n\n## The End\n\nText.\n";
    let epub = epub_of("novel.md", md);
    let titles: Vec<String> = epub
        .spine()
        .iter()
        .map(|f| {
            let xhtml = epub.text(f);
            let doc = parse(&xhtml);
            doc.descendants()
                .find(|n| n.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let body: Vec<&str> = titles.iter().map(String::as_str).skip_while(|t| *t != "Part One").collect();
    assert_eq!(body, ["Part One", "Part One. I–III", "Part Two", "Part Two. I", "The End"], "{titles:?}");
}

#[test]
fn a_name_given_twice_is_reported_at_its_second_place_and_links_lead_to_its_first() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Novel\nauthor: A\nlang: en\n---\n\n# One {#intro}\n\nA [span]{#here} and \
              [another]{#here}.\n\n# Two {#intro}\n\nSee [one](#intro).[^n]\n\n# Three\n\nAgain.[^n]\n\n\
              [^n]: A note marked twice, with [a place]{#np} in it.\n";
    common::write(&tmp.path().join("novel.md"), md);
    let out = common::folio(tmp.path(), &["build", "novel.md", "-o", "out", "--epub"]);
    let err = common::stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(
        err.contains("novel.md:11:1: warning: the name `#intro` is given here again: links to it lead to its first place, at line 7"),
        "{err}"
    );
    assert!(err.contains("novel.md:9:1: warning: the name `#here` is given here again"), "{err}");
    assert!(err.contains("`{#intro-2}`"), "the hint offers a free name: {err}");
    // A note marked in two chapters stands in both, its name written once.
    assert!(!err.contains("#np"), "{err}");
    assert_eq!(err.matches("given here again").count(), 2, "{err}");
    // The EPUB holds each name once, in the first chapter (its file named by it), where the link
    // leads.
    let epub = common::Epub::open(&tmp.path().join("out/novel.epub"));
    let holding: Vec<&String> = epub
        .files
        .keys()
        .filter(|f| f.ends_with(".xhtml"))
        .filter(|f| parse(&epub.text(f)).descendants().any(|n| n.attribute("id") == Some("intro")))
        .collect();
    assert_eq!(holding, ["OEBPS/text/intro.xhtml"]);
    assert!(epub.text("OEBPS/text/intro-2.xhtml").contains("href=\"intro.xhtml#intro\""));
}
