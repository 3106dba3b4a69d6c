//! Both manuscript formats and the Markdown a book needs, read back from the EPUB.

mod common;

use common::{Epub, folio, parse, stderr, write};

const NS_OPS: &str = "http://www.idpf.org/2007/ops";

fn epub_type<'a>(doc: &'a roxmltree::Document<'a>, t: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute((NS_OPS, "type")).is_some_and(|v| v.split(' ').any(|x| x == t)))
        .collect()
}

#[test]
fn single_file_book_with_parts_epigraphs_notes_and_verse() {
    let tmp = tempfile::tempdir().unwrap();
    let md = r#"---
title: "A Test Novel"
author: [Ann Author, Bo Writer]
translator: Tia Translator
lang: en-GB
date: 2024-05-01
cover-image: cover.png
...

> The book's own epigraph.
>
> — Someone Wise

# Part the First

## Chapter One

> A chapter epigraph,\
> in two lines.\
> — *A Poem*: A Poet

"Quoted," she said -- and left... It's here.[^a]

* * *

Roses are red,\
Violets are blue.

![A small square](square.png "The caption")

![Figure 2: The same square](square.png)

![Run `ls --all` -- then look](square.png)

## Chapter Two {#two}

See [the first part](#part-001) and [the web](https://example.org).[^b]

| a | b |
|:--|--:|
| 1 | 2 |

[^a]: The first note.
[^b]: The second note.

# About the Author {.about-author}

Ann writes.
"#;
    write(&tmp.path().join("novel.md"), md);
    image::RgbImage::from_pixel(30, 20, image::Rgb([200, 10, 10]))
        .save(tmp.path().join("square.png"))
        .unwrap();
    image::RgbImage::from_pixel(600, 900, image::Rgb([10, 10, 200]))
        .save(tmp.path().join("cover.png"))
        .unwrap();
    let out = folio(tmp.path(), &["build", "novel.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/a-test-novel.epub"));
    let spine = epub.spine();
    let names: Vec<&str> = spine.iter().map(|s| s.trim_start_matches("OEBPS/text/")).collect();
    assert_eq!(
        names,
        [
            "cover.xhtml",
            "title-page.xhtml",
            "copyright.xhtml",
            "epigraph.xhtml",
            "nav.xhtml",
            "part-001.xhtml",
            "chapter-001.xhtml",
            "two.xhtml",
            "about-author.xhtml"
        ]
    );

    let book_epigraph = epub.text("OEBPS/text/epigraph.xhtml");
    let doc = parse(&book_epigraph);
    assert_eq!(epub_type(&doc, "epigraph").len(), 1, "the epigraph is marked once");
    assert!(book_epigraph.contains("— Someone Wise"));

    let ch1 = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&ch1);
    let epi = epub_type(&doc, "epigraph");
    assert_eq!(epi.len(), 1, "the chapter epigraph");
    let attribution = epi[0].descendants().find(|n| n.attribute("class") == Some("attribution")).unwrap();
    assert_eq!(
        attribution.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect::<String>(),
        "— A Poem: A Poet"
    );
    assert!(ch1.contains("“Quoted,” she said – and left… It’s here."), "typographic punctuation: {ch1}");
    let noteref = epub_type(&doc, "noteref");
    assert_eq!(noteref.len(), 1);
    let target = noteref[0].attribute("href").unwrap().trim_start_matches('#');
    let note = doc.descendants().find(|n| n.attribute("id") == Some(target)).expect("note target");
    assert_eq!(note.attribute((NS_OPS, "type")), Some("footnote"));
    assert!(note.descendants().any(|n| n.attribute("role") == Some("doc-backlink")));
    assert!(ch1.contains("<hr class=\"scene-break\"/>"));
    assert!(ch1.contains("<p class=\"line\">Roses are red,</p>"));
    assert!(ch1.contains("<figcaption>The caption</figcaption>"));
    assert!(ch1.contains("alt=\"A small square\""));
    // Without a title the alt text is the caption, as pandoc has it, and is read out once: the
    // caption is hidden from screen readers, as pandoc hides it.
    assert!(ch1.contains("alt=\"Figure 2: The same square\"/><figcaption aria-hidden=\"true\">Figure 2: The same square</figcaption>"), "{ch1}");
    assert_eq!(ch1.matches("aria-hidden").count(), 2, "only captions that echo their alt text: {ch1}");
    // Made typographic once: the dashes outside the code, never the code's own, which stays code.
    assert!(ch1.contains("Run <code>ls --all</code> – then look</figcaption>"), "{ch1}");
    // Reading systems that hyphenate the text (`hyphens: auto` on the body) leave code alone: a
    // hyphen inside an identifier would change the program.
    let css = epub.text("OEBPS/css/book.css");
    let code = css.lines().find(|l| l.starts_with("code {")).expect("a rule for code");
    assert!(code.contains(" hyphens: manual;") && code.contains("-webkit-hyphens: manual;"), "{code}");
    // A long word in a table's cell breaks rather than push the table off a phone's screen, but
    // only once its column cannot widen ("anywhere" squeezed columns to a few letters).
    let cells = css.lines().find(|l| l.starts_with("th, td {")).expect("a rule for cells");
    assert!(cells.contains("overflow-wrap: break-word;"), "{cells}");

    let ch2 = epub.text("OEBPS/text/two.xhtml");
    assert!(ch2.contains("href=\"part-001.xhtml#part-001\""), "internal link resolved: {ch2}");
    assert!(ch2.contains("href=\"https://example.org\""));
    assert!(ch2.contains("<td class=\"right\">2</td>"));
    assert!(ch2.contains("id=\"two-fn1\""), "notes are numbered per chapter");

    let nav = epub.text("OEBPS/text/nav.xhtml");
    let doc = parse(&nav);
    let toc = epub_type(&doc, "toc")[0];
    let part_li = toc
        .descendants()
        .find(|n| {
            n.has_tag_name("li") && n.descendants().any(|a| a.attribute("href") == Some("part-001.xhtml"))
        })
        .unwrap();
    assert_eq!(
        part_li.descendants().filter(|n| n.has_tag_name("a")).count(),
        3,
        "chapters nest under their part"
    );

    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:creator id=\"contributor-1\">Ann Author</dc:creator>"));
    assert!(opf.contains("<dc:creator id=\"contributor-2\">Bo Writer</dc:creator>"));
    assert!(opf.contains(">trl</meta>"));
    assert!(opf.contains("<dc:language>en-GB</dc:language>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2024-05-01T00:00:00Z</meta>"));
    assert!(opf.contains("href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\""));
    assert!(opf.contains("schema:accessMode\">visual"), "a book with figures says so");
    let about = epub.text("OEBPS/text/about-author.xhtml");
    assert!(about.contains("Ann Author") && about.contains("Ann writes."));
    // A part's title stands alone on its screen, set as its own, not as a chapter's head.
    let part = epub.text("OEBPS/text/part-001.xhtml");
    assert!(part.contains("<section id=\"part-001\" class=\"part\""), "{part}");
    assert!(epub.text("OEBPS/css/book.css").contains("section.part h1 {"));
}

#[test]
fn russian_and_kazakh_quotes_and_section_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("kk");
    write(
        &book.join("book.toml"),
        "title = \"Қара сөздер\"\nlanguage = \"kk\"\n\n[identifiers]\nepub-isbn = \"978-0-306-40615-7\"\nprint-isbn = \"0-306-40615-2\"\n\n[[contributors]]\nname = \"Абай Құнанбайұлы\"\n\n[[contents]]\nfile = \"one.md\"\n\n[[contents]]\nfile = \"ru.md\"\nlanguage = \"ru\"\n",
    );
    write(&book.join("one.md"), "# Бірінші сөз\n\nОл \"Әке \"сөзі\" туралы\" деді.\n");
    write(&book.join("ru.md"), "# Глава\n\nОн сказал: \"Да\".\n");
    let out = folio(tmp.path(), &["build", "kk", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/qara-sozder.epub"));
    let ch = epub.text("OEBPS/text/chapter-001.xhtml");
    assert!(ch.replace('\u{ad}', "").contains("Ол «Әке „сөзі“ туралы» деді."), "{ch}");
    // No reading system hyphenates Kazakh: its running text carries soft hyphens, its headings
    // none; the Russian chapter is left to the reading system.
    let paragraph = ch.split("<p").nth(1).expect("a paragraph");
    assert!(paragraph.contains("ту\u{ad}ра\u{ad}лы"), "{ch}");
    assert!(ch.contains("<h1>Бірінші сөз</h1>") || ch.contains(">Бірінші сөз</h1>"), "{ch}");
    let ru = epub.text("OEBPS/text/chapter-002.xhtml");
    assert!(ru.contains("lang=\"ru\" xml:lang=\"ru\""));
    assert!(ru.contains("Он сказал: «Да»."));
    assert!(!ru.contains('\u{ad}'));
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:identifier id=\"pub-id\">urn:isbn:9780306406157</dc:identifier>"));
    assert!(opf.contains("<dc:source>urn:isbn:9780306406157</dc:source>"));
    let nav = epub.text("OEBPS/text/nav.xhtml");
    assert!(nav.contains(">Мазмұны</h1>"), "labels in the book's language");
}

/// The fonts an EPUB embeds, after checking that its stylesheet and manifest name exactly those.
fn embedded_fonts(epub: &Epub) -> Vec<String> {
    let zipped: Vec<String> = epub
        .files
        .keys()
        .filter_map(|k| k.strip_prefix("OEBPS/fonts/"))
        .filter(|f| f.ends_with(".ttf"))
        .map(str::to_string)
        .collect();
    let css = epub.text("OEBPS/css/book.css");
    let mut declared: Vec<String> = css
        .split("url(\"../fonts/")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .map(str::to_string)
        .collect();
    declared.sort();
    assert_eq!(declared, zipped, "every @font-face names an embedded font and every embedded font has one");
    let opf = epub.text("OEBPS/content.opf");
    let mut listed: Vec<String> = opf
        .split("href=\"fonts/")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .filter(|f| f.ends_with(".ttf"))
        .map(str::to_string)
        .collect();
    listed.sort();
    assert_eq!(listed, zipped, "the manifest lists the embedded fonts");
    zipped
}

#[test]
fn an_epub_embeds_only_the_faces_its_text_is_set_in() {
    let tmp = tempfile::tempdir().unwrap();
    let books = [
        ("plain", "# One\n\nJust words, set in roman.\n", vec!["NotoSans-Bold.ttf", "NotoSerif-Regular.ttf"]),
        (
            "table",
            "# One\n\nWords.\n\n| Name | Age |\n|------|-----|\n| Ann  | 3   |\n",
            vec!["NotoSans-Bold.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Regular.ttf"],
        ),
        (
            "strong",
            "# One\n\nSome **bold** words.\n",
            vec!["NotoSans-Bold.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Regular.ttf"],
        ),
        (
            "nested",
            "# One\n\nAn *italic **and bold** phrase*.\n",
            vec![
                "NotoSans-Bold.ttf",
                "NotoSerif-BoldItalic.ttf",
                "NotoSerif-Italic.ttf",
                "NotoSerif-Regular.ttf",
            ],
        ),
        // Emphasis within emphasis is upright, as print sets it and the stylesheet's `em em`:
        // in bold, the upright bold.
        (
            "within",
            "# One\n\nAn *italic **_and bold_** phrase*.\n",
            vec!["NotoSans-Bold.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-Regular.ttf"],
        ),
        (
            "subsections",
            "# One\n\n### A section\n\nText.\n\n#### A subsection\n\nMore.\n\n##### Deeper\n\nEnd.\n",
            vec!["NotoSans-Bold.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-Regular.ttf"],
        ),
        (
            "code",
            "# One\n\nRun `make` first.\n",
            vec!["NotoSans-Bold.ttf", "NotoSansMono-Regular.ttf", "NotoSerif-Regular.ttf"],
        ),
        // Code keeps the weight around it: a heading made of code is bold, as a heading.
        (
            "bold-code",
            "# One\n\n### `--create`\n\nRun `make` first.\n",
            vec![
                "NotoSans-Bold.ttf",
                "NotoSansMono-Bold.ttf",
                "NotoSansMono-Regular.ttf",
                "NotoSerif-Regular.ttf",
            ],
        ),
        (
            "math",
            "# One\n\nWith $x \\le 1$ the rest.\n",
            vec![
                "NotoSans-Bold.ttf",
                "NotoSansMath-Regular.ttf",
                "NotoSerif-Italic.ttf",
                "NotoSerif-Regular.ttf",
            ],
        ),
        (
            "caption",
            "# One\n\n![A map of the town](map.png)\n",
            vec!["NotoSans-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-Regular.ttf"],
        ),
        (
            "heading",
            "# On *Lear*\n\nText.\n",
            vec!["NotoSans-Bold.ttf", "NotoSans-BoldItalic.ttf", "NotoSerif-Regular.ttf"],
        ),
        // Emphasis in italic text is upright, in the EPUB as in print: an italic heading that
        // is all a work's title needs no italic.
        (
            "reversed",
            "# One\n\n### Works\n\nText.\n\n#### Poems\n\nText.\n\n##### *Abai*\n\nMore.\n",
            vec!["NotoSans-Bold.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Regular.ttf"],
        ),
    ];
    let png =
        std::fs::read(common::root().join("covers/kazakhstan-and-regional-security-overview.png")).unwrap();
    std::fs::write(tmp.path().join("map.png"), png).unwrap();
    for (name, text, want) in books {
        let md = format!("---\ntitle: {name}\nauthor: X\n---\n\n{text}");
        write(&tmp.path().join(format!("{name}.md")), &md);
        let out = folio(tmp.path(), &["build", &format!("{name}.md"), "-o", "out", "--epub"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let epub = Epub::open(&tmp.path().join(format!("out/{name}.epub")));
        assert_eq!(embedded_fonts(&epub), want, "{name}");
        // The copyright page names the families, the monospaced and math faces when used.
        let colophon = epub.plain_text();
        let colophon = colophon.lines().find(|l| l.contains("Set in")).expect("a colophon");
        for (file, family) in [("NotoSansMono", "Noto Sans Mono"), ("NotoSansMath", "Noto Sans Math")] {
            let used = want.iter().any(|f| f.starts_with(file));
            assert_eq!(colophon.contains(family), used, "{name}: {colophon}");
        }
    }
}

#[test]
fn a_title_is_read_as_markdown_and_named_by_its_plain_text() {
    let tmp = tempfile::tempdir().unwrap();
    let front = "---\ntitle: \"Reading *Hamlet* Again\"\nsubtitle: \"Notes on <i>Ulysses</i> and H~2~O\"\nauthor: X\n---\n\n";
    write(&tmp.path().join("t.md"), &format!("{front}# One\n\nText.\n"));
    let book = tmp.path().join("folder");
    write(&book.join("book.toml"), "title = \"Don't Read *Hamlet*\"\n\n[[contents]]\nfile = \"one.md\"\n");
    write(&book.join("one.md"), "# One\n\nText.\n");
    for (book, file, plain, set) in [
        ("t.md", "reading-hamlet-again", "Reading Hamlet Again", "Reading <em>Hamlet</em> Again"),
        ("folder", "dont-read-hamlet", "Don\u{2019}t Read Hamlet", "Don\u{2019}t Read <em>Hamlet</em>"),
    ] {
        let out = folio(tmp.path(), &["build", book, "-o", "out"]);
        assert!(out.status.success(), "{}", stderr(&out));
        // The file is named, as before, from the title as written; catalogues get its text.
        let epub = Epub::open(&tmp.path().join(format!("out/{file}.epub")));
        let opf = epub.text("OEBPS/content.opf");
        assert!(opf.contains(&format!("<dc:title id=\"title\">{plain}</dc:title>")), "{opf}");
        let page = epub.text("OEBPS/text/title-page.xhtml");
        parse(&page);
        assert!(page.contains(&format!("epub:type=\"fulltitle\">{set}</p>")), "{page}");
        // Emphasis in the display face needs its bold italic.
        assert!(embedded_fonts(&epub).contains(&"NotoSans-BoldItalic.ttf".to_string()));
    }
    let epub = Epub::open(&tmp.path().join("out/reading-hamlet-again.epub"));
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains(">Notes on Ulysses and H2O</dc:title>"), "{opf}");
    let page = epub.text("OEBPS/text/title-page.xhtml");
    assert!(page.contains("Notes on <em>Ulysses</em> and H<sub>2</sub>O</p>"), "{page}");
}

#[test]
fn code_and_formulas_in_the_title_embed_their_faces_and_are_named() {
    // The title pages set them, in both editions: the EPUB needs the faces, the colophon names them.
    let tmp = tempfile::tempdir().unwrap();
    let front = "---\ntitle: \"The `make` tool\"\nsubtitle: \"When $x \\\\le 1$\"\nauthor: X\n---\n\n";
    write(&tmp.path().join("t.md"), &format!("{front}# One\n\nText.\n"));
    let out = folio(tmp.path(), &["build", "t.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/the-make-tool.epub"));
    let page = epub.text("OEBPS/text/title-page.xhtml");
    assert!(page.contains("<code>make</code>") && page.contains("class=\"math\""), "{page}");
    let fonts = embedded_fonts(&epub);
    for face in ["NotoSansMono-Regular.ttf", "NotoSansMath-Regular.ttf"] {
        assert!(fonts.contains(&face.to_string()), "{face}: {fonts:?}");
    }
    let colophon = epub.plain_text();
    let colophon = colophon.lines().find(|l| l.contains("Set in")).expect("a colophon");
    assert!(colophon.contains("Noto Sans Mono") && colophon.contains("Noto Sans Math"), "{colophon}");
}

#[test]
fn a_russian_titles_tie_is_on_its_title_page_but_not_in_its_catalogue_entry() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("d.md"), "---\ntitle: Дама с собачкой\nlang: ru\n---\n\n# I\n\nОна шла в сад.\n");
    let out = folio(tmp.path(), &["build", "d.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/dama-s-sobachkoy.epub"));
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:title id=\"title\">Дама с собачкой</dc:title>"), "{opf}");
    let page = epub.text("OEBPS/text/title-page.xhtml");
    assert!(page.contains("Дама с\u{a0}собачкой"), "{page}");
    assert!(epub.text("OEBPS/text/chapter-001.xhtml").contains("шла в\u{a0}сад"));
}

#[test]
fn stable_identifier_without_isbn() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("a.md"), "---\ntitle: Same\nauthor: X\n---\n\n# One\n\nText.\n");
    let opf = |dir: &str| {
        let out = folio(tmp.path(), &["build", "a.md", "-o", dir]);
        assert!(out.status.success());
        Epub::open(&tmp.path().join(dir).join("same.epub")).text("OEBPS/content.opf")
    };
    let first = opf("o1");
    assert!(first.contains("urn:uuid:"));
    assert_eq!(first, opf("o2"));
}

#[test]
fn check_writes_nothing_and_reports_json() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("a.md"), "---\ntitle: T\nautor: X\n---\n\n# One\n\nText.\n");
    let out = folio(tmp.path(), &["check", "a.md", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(v["severity"], "error");
    assert_eq!(v["line"], 3);
    assert!(v["file"].as_str().unwrap().ends_with("a.md"));
    assert_eq!(v["book"], "a.md", "each diagnostic names its book, as given");
    assert!(common::files_below(tmp.path()).iter().all(|f| f == "a.md"));
    // In a catalogue too, where a warning about a whole book has no file to tell it by.
    write(&tmp.path().join("b.md"), "---\ntitle: B\n---\n\n# One\n\nA mark[^none].\n");
    let out = folio(tmp.path(), &["build", "a.md", "b.md", "-o", "out", "--message-format", "json"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let diagnostics: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("severity").is_some())
        .collect();
    let books: Vec<&str> = diagnostics.iter().map(|v| v["book"].as_str().unwrap()).collect();
    assert!(books.contains(&"a.md") && books.contains(&"b.md"), "{stdout}");
}

#[test]
fn init_makes_a_book_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = folio(tmp.path(), &["init", "new"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = folio(tmp.path(), &["build", "new", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tmp.path().join("out/untitled.epub").is_file());
    let again = folio(tmp.path(), &["init", "new"]);
    assert_eq!(again.status.code(), Some(1), "init never overwrites");
    // Built from inside its folder, named by its whole path, the book is shown as `.`, not as
    // nothing.
    let folder = tmp.path().join("new").canonicalize().unwrap();
    let out = folio(&folder, &["build", folder.to_str().unwrap(), "-o", "out"]);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(said.contains("built .:"), "{said}");
}

#[test]
fn footnote_references_and_notes_link_to_each_other_in_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Notes\n---\n\n# One\n\nA claim.[^a] Another.[^b]\n\n[^a]: First note.\n[^b]: Second note.\n";
    write(&tmp.path().join("n.md"), md);
    let out = folio(tmp.path(), &["build", "n.md", "-o", "out", "--pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(tmp.path().join("out/notes.pdf")).unwrap();
    let needle = b"/Subtype /Link";
    let links = pdf.windows(needle.len()).filter(|w| w == needle).count();
    // Two references to their notes, two notes back; the contents lists one chapter, so has no links.
    assert_eq!(links, 4, "link annotations");
}

#[test]
fn a_clean_pdf_for_upload_has_no_link_areas_and_no_bookmarks_and_prints_the_same() {
    // KDP asks an interior's PDF for no annotations and no bookmarks.
    let tmp = tempfile::tempdir().unwrap();
    let body =
        "# One\n\nA claim.[^a] See [the site](https://example.org).\n\n# Two\n\nMore.\n\n[^a]: A note.\n";
    write(&tmp.path().join("a.md"), &format!("---\ntitle: Linked\n---\n\n{body}"));
    write(&tmp.path().join("b.md"), &format!("---\ntitle: Clean\nclean-pdf: true\n---\n\n{body}"));
    let out = folio(tmp.path(), &["build", "a.md", "b.md", "-o", "out", "--pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let count = |pdf: &[u8], needle: &[u8]| pdf.windows(needle.len()).filter(|w| w == &needle).count();
    let linked = std::fs::read(tmp.path().join("out/linked.pdf")).unwrap();
    let clean = std::fs::read(tmp.path().join("out/clean.pdf")).unwrap();
    assert!(count(&linked, b"/Annot") >= 3 && count(&linked, b"/Outlines") >= 1);
    assert_eq!((count(&clean, b"/Annot"), count(&clean, b"/Outlines")), (0, 0));
    let pages = |pdf: &[u8]| count(pdf, b"/Type /Page") - count(pdf, b"/Type /Pages");
    assert_eq!(pages(&clean), pages(&linked));
    assert!(pages(&clean) > 0);
}

#[test]
fn chapters_before_the_first_part_are_the_books_own_with_no_blank_part_page() {
    // A prologue before the first part stands alone, as the parts do: it is not gathered into a
    // part without a title, whose part page would be a blank recto and whose bookmark, empty.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Opens Low\nlang: en\n---\n\n## Prologue\n\nBefore any part.\n\n# Part One\n\n## Chapter One\n\nText.\n";
    write(&tmp.path().join("b.md"), md);
    let out = folio(tmp.path(), &["build", "b.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf =
        String::from_utf8_lossy(&std::fs::read(tmp.path().join("out/opens-low.pdf")).unwrap()).into_owned();
    let titles: Vec<&str> = pdf.split("/Title (").skip(1).filter_map(|rest| rest.split(')').next()).collect();
    let body: Vec<&str> = titles
        .iter()
        .copied()
        .filter(|t| ["Part", "Prologue", "Part One", "Chapter One"].contains(t))
        .collect();
    assert_eq!(body, ["Prologue", "Part One", "Chapter One"], "bookmarks: {titles:?}");
    assert!(!titles.contains(&""), "an empty bookmark: {titles:?}");
    // The EPUB's contents agree: the prologue at the top level, before the part.
    let epub = Epub::open(&tmp.path().join("out/opens-low.epub"));
    let nav = epub.text("OEBPS/text/nav.xhtml");
    let doc = parse(&nav);
    let toc =
        doc.descendants().find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc"));
    let top: Vec<String> = toc
        .and_then(|t| t.children().find(|n| n.has_tag_name("ol")))
        .map(|ol| {
            ol.children()
                .filter(|n| n.has_tag_name("li"))
                .filter_map(|li| li.children().find(|n| n.has_tag_name("a")))
                .map(|a| a.text().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    let at = |t: &str| top.iter().position(|x| x == t);
    assert!(at("Prologue").is_some() && at("Prologue") < at("Part One"), "top-level contents: {top:?}");
    assert!(!top.iter().any(|t| t == "Part"), "an untitled part in the contents: {top:?}");
}

#[test]
fn a_chapters_subheadings_keep_their_text_in_a_part_and_before_the_first() {
    // A `###` scene inside a chapter of a part, or inside a prologue before the first part, is
    // a heading of the chapter's text: not a chapter of its own, and never dropped.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Scenes\nlang: en\n---\n\n## Prologue\n\nBefore any part.\n\n### A scene\n\n\
              Scene text.\n\n# Part One\n\n## Chapter One\n\nAlpha.\n\n### Another scene\n\nBravo.\n";
    write(&tmp.path().join("b.md"), md);
    let out = folio(tmp.path(), &["build", "b.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/scenes.epub"));
    let text = epub.plain_text();
    for words in ["Before any part.", "A scene", "Scene text.", "Alpha.", "Another scene", "Bravo."] {
        assert!(text.contains(words), "{words:?} is in the book: {text}");
    }
    let nav = epub.text("OEBPS/text/nav.xhtml");
    let doc = parse(&nav);
    let entries: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name("a")).filter_map(|a| a.text()).collect();
    for chapter in ["Prologue", "Part One", "Chapter One"] {
        assert!(entries.contains(&chapter), "{chapter} in the contents: {entries:?}");
    }
    // A scene is listed under its chapter, leading into the chapter's document: not a chapter.
    for (scene, chapter) in [("A scene", "Prologue"), ("Another scene", "Chapter One")] {
        let a = doc.descendants().find(|n| n.has_tag_name("a") && n.text() == Some(scene));
        let a = a.unwrap_or_else(|| panic!("{scene} in the contents: {entries:?}"));
        let under = a.ancestors().filter(|n| n.has_tag_name("li")).nth(1);
        let parent = under.and_then(|li| li.children().find(|n| n.has_tag_name("a")));
        assert_eq!(parent.and_then(|p| p.text()), Some(chapter), "{scene} is under {chapter}");
        assert!(
            a.attribute("href").is_some_and(|h| h.contains(".xhtml#")),
            "{scene} is a place in a chapter"
        );
    }
    // The prologue and the chapter are chapters, the part the only part.
    let body: Vec<String> = epub
        .spine()
        .into_iter()
        .filter_map(|f| f.strip_prefix("OEBPS/text/").map(str::to_string))
        .filter(|f| f.starts_with("part-") || f.starts_with("chapter-"))
        .collect();
    assert_eq!(body, ["chapter-001.xhtml", "part-001.xhtml", "chapter-002.xhtml"]);
}

#[test]
fn web_links_are_valid_urls_and_autolinks_take_their_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Links\n---\n\n# One\n\nSee <http://example.com/Dynamic\\_array>, \
              [a page](<http://example.com/a b>), [a share](http://example.com/100%) and \
              [Абай](https://kk.wikipedia.org/wiki/Абай).\n";
    write(&tmp.path().join("links.md"), md);
    let out = folio(tmp.path(), &["build", "links.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/links.epub"));
    let x = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let links: Vec<(&str, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| {
            Some((
                n.attribute("href")?,
                n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect(),
            ))
        })
        .collect();
    assert_eq!(
        links,
        vec![
            ("http://example.com/Dynamic_array", "http://example.com/Dynamic_array".to_string()),
            ("http://example.com/a%20b", "a page".to_string()),
            ("http://example.com/100%25", "a share".to_string()),
            ("https://kk.wikipedia.org/wiki/Абай", "Абай".to_string()),
        ]
    );
}

#[test]
fn web_links_open_from_the_pdf_as_seven_bit_addresses() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Links\n---\n\n# One\n\nSee <http://example.com/Dynamic\\_array>, \
              [a page](<http://example.com/a b>), [a share](http://example.com/100%), \
              [Абай](https://kk.wikipedia.org/wiki/Абай) and [a file](notes.md).\n";
    write(&tmp.path().join("links.md"), md);
    let out = folio(tmp.path(), &["build", "links.md", "-o", "out", "--pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(tmp.path().join("out/links.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    let uris: Vec<&str> = pdf.split("/URI (").skip(1).filter_map(|s| s.split(')').next()).collect();
    assert_eq!(
        uris,
        [
            "http://example.com/Dynamic_array",
            "http://example.com/a%20b",
            "http://example.com/100%25",
            "https://kk.wikipedia.org/wiki/%D0%90%D0%B1%D0%B0%D0%B9",
        ],
        "a file beside the book is no address a PDF reader can open"
    );
}

#[test]
fn a_chapter_file_keeps_its_sections_inside_its_chapter() {
    // One `#` over `##` sections, as each chapter of a technical book is written: one chapter
    // with its sections, not a part of many one-section chapters; a part only where asked.
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    let toml = "title = \"Sections\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"one.md\"\n\n\
                [[contents]]\nfile = \"two.md\"\n";
    write(&book.join("book.toml"), toml);
    write(&book.join("one.md"), "# Networking\n\nIntro.\n\n## History\n\nAlpha.\n\n## Speed\n\nBravo.\n");
    write(&book.join("two.md"), "# Further {.part}\n\n## Reading\n\nCharlie.\n");
    let out = folio(tmp.path(), &["build", "book", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/sections.epub"));
    let spine: Vec<String> =
        epub.spine().into_iter().filter(|f| f.contains("chapter-") || f.contains("part-")).collect();
    assert_eq!(spine.len(), 3, "one chapter, one part, its chapter: {spine:?}");
    let first = epub.text(&spine[0]);
    let doc = parse(&first);
    let h2: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("h2"))
        .map(|n| n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect())
        .collect();
    assert_eq!(h2, ["History", "Speed"], "the sections are the chapter's: {first}");
    assert!(first.contains("Alpha.") && first.contains("Bravo."), "{first}");
    assert!(spine[1].contains("part-"), "a heading that asks is a part: {spine:?}");
}

#[test]
fn links_between_a_books_files_lead_to_their_chapters_and_headings() {
    // As mdBook and pandoc authors link their chapters: by file, and by a heading's name there
    // (which the book may have given another name, where an earlier file had it first).
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    let toml = "title = \"Linked\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"one.md\"\n\n\
                [[contents]]\nfile = \"part/two.md\"\n";
    write(&book.join("book.toml"), toml);
    write(
        &book.join("one.md"),
        "# One\n\n## Options\n\nSee [two](part/two.md), [its options](./part/two.md#options), \
         [away](notes/missing.md), [nowhere](#nowhere) and [the web](https://example.org).\n",
    );
    write(&book.join("part/two.md"), "# Two\n\nBack to [one](../one.md#options).\n\n## Options\n\nText.\n");
    let out = folio(tmp.path(), &["build", "book", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/linked.epub"));
    let hrefs = |file: &str| -> Vec<String> {
        let x = epub.text(file);
        let doc = parse(&x);
        doc.descendants()
            .filter(|n| n.has_tag_name("a"))
            .filter_map(|n| n.attribute("href").map(str::to_string))
            .collect()
    };
    assert_eq!(
        hrefs("OEBPS/text/chapter-001.xhtml"),
        ["chapter-002.xhtml#chapter-002", "chapter-002.xhtml#options-1", "https://example.org"]
    );
    assert_eq!(hrefs("OEBPS/text/chapter-002.xhtml"), ["chapter-001.xhtml#options"]);
    let said = stderr(&out);
    let warned: Vec<&str> = said.lines().filter(|l| l.contains("warning: this link")).collect();
    assert_eq!(warned.len(), 2, "{said}");
    // Each names the line and column of its own link's `[`.
    assert!(warned[0].contains("one.md:5:63") && warned[0].contains("`notes/missing.md`"), "{said}");
    assert!(warned[1].contains("one.md:5:89") && warned[1].contains("`#nowhere`"), "{said}");
}

#[test]
fn a_heading_that_skips_a_level_is_set_one_level_down() {
    // `###` straight under a chapter's `#` is its first level down (h2 in the EPUB), a `#####`
    // under it the next, and a later `###` the first again: readers and screen readers take a
    // skipped level for a missing heading.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Levels\n---\n\n# One\n\n### Deep\n\nA.\n\n##### Deeper\n\nB.\n\n### Back\n\nC.\n";
    write(&tmp.path().join("h.md"), md);
    let out = folio(tmp.path(), &["build", "h.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/levels.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let heading =
        |n: &roxmltree::Node<'_, '_>| matches!(n.tag_name().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    let tags: Vec<&str> = doc.descendants().filter(heading).map(|n| n.tag_name().name()).collect();
    assert_eq!(tags, ["h1", "h2", "h3", "h2"], "{x}");
    // A `###` before the chapter's first `##` is set as its first level down too.
    let book = tmp.path().join("book");
    write(
        &book.join("book.toml"),
        "title = \"Order\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"two.md\"\n",
    );
    write(&book.join("two.md"), "# Two\n\n### Before any ##\n\nD.\n\n## Then\n\nE.\n");
    let out = folio(tmp.path(), &["build", "book", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/order.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let tags: Vec<&str> = doc.descendants().filter(heading).map(|n| n.tag_name().name()).collect();
    assert_eq!(tags, ["h1", "h2", "h2"], "{x}");
    // Headings in a quote or a list keep no deeper than one below the heading before them: a
    // quoted `##` under a `##` of the chapter (pandoc's test of header attributes in quotes).
    write(
        &book.join("two.md"),
        "# Two

## Sub

> ## Quoted
>
> F.

- item

  ##### In a list

> - > ###### Deep
",
    );
    let out = folio(tmp.path(), &["build", "book", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/order.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let tags: Vec<&str> = doc.descendants().filter(heading).map(|n| n.tag_name().name()).collect();
    assert_eq!(tags, ["h1", "h2", "h3", "h4", "h5"], "{x}");
}

#[test]
fn formulas_read_from_tex_are_set_as_mathematics_in_both_editions() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Laws\n---\n\n# One\n\nAmdahl: $S(N) = \\frac{1}{(1 - P) + \\frac{P}{N}}$, and $2^{32}$.\n\n\
              The sum\n$$\\sum_{k=1}^n a_k \\ge 0$$\nholds. It cost $5 and $10; $\\foo$ is unknown.\n\n\
              - Shoes ($20) and socks ($5).\n- In a list: $$x^2$$\n";
    write(&tmp.path().join("m.md"), md);
    let out = folio(tmp.path(), &["build", "m.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("m.md:11:28:") && err.contains("\\foo printed as written"), "{err}");

    let epub = Epub::open(&tmp.path().join("out/laws.epub"));
    let x = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let text = |n: roxmltree::Node<'_, '_>| -> String {
        n.descendants()
            .filter(|t| t.is_text())
            .filter_map(|t| t.text())
            .collect::<String>()
            .replace('\u{A0}', " ")
    };
    let formulas: Vec<String> =
        doc.descendants().filter(|n| n.attribute("class") == Some("math")).map(text).collect();
    assert_eq!(formulas[..2], ["S(N) = 1/((1 − P) + P/N)", "232"], "{x}");
    let vars: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("var")).map(text).collect();
    assert_eq!(vars[..5], ["S", "N", "P", "P", "N"], "{x}");
    assert!(doc.descendants().any(|n| n.has_tag_name("sup") && text(n) == "32"), "{x}");
    // The displayed formula stands in a paragraph of its own, between the text around it.
    let paragraphs: Vec<(Option<&str>, String)> =
        doc.descendants().filter(|n| n.has_tag_name("p")).map(|n| (n.attribute("class"), text(n))).collect();
    let display = paragraphs.iter().position(|(c, _)| *c == Some("display")).expect("a display paragraph");
    assert_eq!(paragraphs[display - 1].1, "The sum", "{paragraphs:?}");
    assert!(paragraphs[display].1.starts_with('∑') && paragraphs[display + 1].1.starts_with("holds."));
    assert!(paragraphs[display + 1].1.contains("cost $5 and $10"), "a price is no formula: {paragraphs:?}");
    // pandoc's rule: a `$` with a figure after it closes no formula.
    assert!(paragraphs.iter().any(|(_, t)| t == "Shoes ($20) and socks ($5)."), "{paragraphs:?}");
    // A displayed formula stands apart in a list item too.
    assert_eq!(paragraphs.iter().filter(|(c, _)| *c == Some("display")).count(), 2, "{paragraphs:?}");

    // In print the formula reads back the same, its symbols from the math face.
    let pdf = tmp.path().join("out/laws.pdf");
    let raw = std::fs::read(&pdf).unwrap();
    assert!(raw.windows(b"NotoSansMath".len()).any(|w| w == b"NotoSansMath"), "the math face is embedded");
}

/// A one-page PDF of `w` × `h` pt drawn by `draw`.
fn one_page_pdf(w: f32, h: f32, draw: impl FnOnce(&mut pdf_writer::Content)) -> Vec<u8> {
    use pdf_writer::{Content, Pdf, Rect, Ref};
    let mut pdf = Pdf::new();
    let (catalog, tree, page, content) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    pdf.page(page).media_box(Rect::new(0.0, 0.0, w, h)).parent(tree).contents(content);
    let mut c = Content::new();
    draw(&mut c);
    pdf.stream(content, &c.finish());
    pdf.finish()
}

/// A one-page PDF of 400 × 200 pt whose left half is a black square.
fn square_pdf() -> Vec<u8> {
    one_page_pdf(400.0, 200.0, |c| {
        c.set_fill_gray(0.0);
        c.rect(0.0, 0.0, 200.0, 200.0);
        c.fill_nonzero();
    })
}

/// The bounding box (x0, y0, x1, y1) of an RGBA image's solid dark areas (rows of at least 40
/// dark pixels running on: text has none), if any.
/// A PDF's first page drawn at a scale (1: a pixel a point), as RGBA rows, with its width.
fn first_page(pdf: &[u8], scale: f32) -> (Vec<u8>, usize) {
    let pdf = hayro::hayro_syntax::Pdf::new(pdf.to_vec()).unwrap();
    let settings = hayro::PixmapSettings { x_scale: scale, y_scale: scale, ..Default::default() };
    let interp = hayro::hayro_interpret::InterpreterSettings::default();
    let pages = pdf.pages();
    let pix = hayro::render(&pages[0], &hayro::RenderCache::new(), &interp, &Default::default(), &settings);
    let w = usize::from(pix.width());
    (pix.data_as_u8_slice().to_vec(), w)
}

fn dark_box(rgba: &[u8], width: usize) -> Option<(usize, usize, usize, usize)> {
    let dark = |px: &[u8]| px[3] > 200 && px[0] < 60 && px[1] < 60 && px[2] < 60;
    let mut b: Option<(usize, usize, usize, usize)> = None;
    for (y, row) in rgba.chunks_exact(width * 4).enumerate() {
        let mut run = 0;
        for (x, px) in row.chunks_exact(4).enumerate() {
            run = if dark(px) { run + 1 } else { 0 };
            if run >= 40 {
                let x0 = x + 1 - run;
                b = Some(b.map_or((x0, y, x, y), |(a, c, d, e)| (a.min(x0), c.min(y), d.max(x), e.max(y))));
            }
        }
    }
    b
}

#[test]
fn a_drawing_too_large_for_a_reading_system_as_svg_goes_to_the_epub_as_a_png() {
    // A scatter plot of 40,000 points, each its own path.
    let plot = one_page_pdf(400.0, 400.0, |c| {
        for i in 0..40_000u32 {
            let (x, y) = ((i * 7919 % 3989) as f32 / 10.0, (i * 104_729 % 3989) as f32 / 10.0);
            c.rect(x, y, 0.8, 0.8);
            c.fill_nonzero();
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("plot.pdf"), plot).unwrap();
    write(&tmp.path().join("p.md"), "---\ntitle: Plot\n---\n\n# One\n\n![Points](plot.pdf)\n");
    let out = folio(tmp.path(), &["build", "p.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/plot.epub"));
    assert!(!epub.files.contains_key("OEBPS/images/plot.svg"));
    let png = image::load_from_memory(&epub.files["OEBPS/images/plot.png"]).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 1600));
}

/// The same figure as an SVG, with a line of Kazakh text under the square.
const SQUARE_SVG: &str = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" \
    height=\"200\" viewBox=\"0 0 400 200\"><rect width=\"200\" height=\"200\"/>\
    <text x=\"300\" y=\"100\" font-size=\"16\" text-anchor=\"middle\">Қазақ мәтіні</text></svg>\n";

#[test]
fn a_figure_drawn_as_pdf_or_svg_prints_as_vectors_and_reads_as_a_picture_in_the_epub() {
    for (file, bytes) in [("square.pdf", square_pdf()), ("square.svg", SQUARE_SVG.as_bytes().to_vec())] {
        vector_figure(file, &bytes);
    }
}

fn vector_figure(file: &str, bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(file), bytes).unwrap();
    let md = format!(
        "---\ntitle: Vectors\n---\n\n# One\n\nBefore.\n\n![A square beside nothing]({file})\n\nAfter.\n"
    );
    write(&tmp.path().join("v.md"), &md);
    let out = folio(tmp.path(), &["build", "v.md", "-o", "out"]);
    assert!(out.status.success(), "{file}: {}", stderr(&out));
    assert!(!stderr(&out).contains("dpi"), "a vector figure has no resolution to warn of: {}", stderr(&out));

    // The EPUB shows an SVG of the page, drawn by folio with its text as outlines (a reading
    // system has neither the author's fonts nor files): drawn back, its left half is black.
    let epub = Epub::open(&tmp.path().join("out/vectors.epub"));
    let svg = epub.files.get("OEBPS/images/square.svg").expect("the figure's picture");
    let text = std::str::from_utf8(svg).unwrap();
    assert!(!text.contains("<text") && !text.contains("font-family"), "{file}: text left to the reader");
    assert!(!text.contains("href=\"file:") && !text.contains("href=\"http"), "{file}: a reference out");
    let tree = svg2pdf::usvg::Tree::from_data(svg, &Default::default()).unwrap();
    let size = tree.size();
    assert!((size.width() / size.height() - 2.0).abs() < 0.01, "{file}: the page's proportions");
    assert!(size.width() >= 800.0, "{file}: shown as large as a picture would be");
    let drawn = svg2pdf::to_pdf(&tree, Default::default(), Default::default()).unwrap();
    let (rgba, w) = first_page(&drawn, 400.0 / size.width());
    let h = rgba.len() / 4 / w;
    let (x0, y0, x1, y1) = dark_box(&rgba, w).expect("the square is drawn");
    let half = (x1 as f64 - w as f64 / 2.0).abs();
    assert!(x0 <= 1 && y0 <= 1 && y1 + 2 >= h && half < 3.0, "{file}: {:?} in {w} × {h}", (x0, y0, x1, y1));
    // The SVG's Kazakh line is drawn in the right half, in the shipped font's outlines.
    let inked = rgba
        .chunks_exact(4)
        .enumerate()
        .filter(|(i, px)| i % w > w / 2 + 2 && px[3] > 200 && px[0] < 128)
        .count();
    assert_eq!(inked > 50, file.ends_with(".svg"), "{file}: {inked} dark pixels right of the square");
    assert!(
        epub.text("OEBPS/content.opf").contains("href=\"images/square.svg\" media-type=\"image/svg+xml\"")
    );
    assert!(epub.text("OEBPS/text/chapter-001.xhtml").contains("src=\"../images/square.svg\""));

    // The print edition draws the page itself: rendered back, a square half the figure's width.
    let pdf =
        hayro::hayro_syntax::Pdf::new(std::fs::read(tmp.path().join("out/vectors.pdf")).unwrap()).unwrap();
    let settings = hayro::PixmapSettings { x_scale: 2.0, y_scale: 2.0, ..Default::default() };
    let squares: Vec<(usize, usize, usize, usize)> = pdf
        .pages()
        .iter()
        .filter_map(|page| {
            let interp = hayro::hayro_interpret::InterpreterSettings::default();
            let pix = hayro::render(
                page,
                &hayro::RenderCache::new(),
                &interp,
                &hayro::RenderSettings::default(),
                &settings,
            );
            dark_box(pix.data_as_u8_slice(), usize::from(pix.width()))
                .filter(|(x0, y0, x1, y1)| x1 - x0 > 100 && y1 - y0 > 100)
        })
        .collect();
    assert_eq!(squares.len(), 1, "{file}: one page shows the square: {squares:?}");
    let (x0, y0, x1, y1) = squares[0];
    let (sw, sh) = ((x1 - x0) as f64, (y1 - y0) as f64);
    assert!((sw / sh - 1.0).abs() < 0.03, "{file}: a square, not stretched: {sw} × {sh}");
}

#[test]
fn numbered_sections_set_on_in_print_read_on_in_one_epub_document() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("song.md"),
        "---\ntitle: Song\nauthor: W\nlang: en\n---\n\n# Song of Myself\n\n## 1\n\nI celebrate myself.[^a]\n\n\
         [^a]: A note.\n\n## 2\n\nHouses and rooms.[^b]\n\n[^b]: Another.\n\n## 3\n\nI have heard.\n\n\
         # Other\n\n## Prologue\n\nText.\n\n## 1\n\nOne.\n",
    );
    let out = folio(tmp.path(), &["build", "song.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/song.epub"));
    let docs: Vec<&String> = epub.files.keys().filter(|k| k.starts_with("OEBPS/text/chapter-")).collect();
    // Sections 2 and 3 read on in section 1's document; the other part's chapters have their own.
    assert_eq!(docs.len(), 3, "{docs:?}");
    let first = epub.text(docs[0]);
    let ids: Vec<&str> = first.split("<section id=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
    assert_eq!(ids.len(), 3, "{first}");
    assert!(first.contains("I celebrate myself.") && first.contains("I have heard."));
    // Under their numbers, centred and small, as in print; the section they run on from is not.
    assert_eq!(first.matches("class=\"chapter run-on\"").count(), 2, "{first}");
    assert!(epub.text("OEBPS/css/book.css").contains("section.run-on > .title {"));
    // Section 1 opens the document, under its number as theirs, not a chapter's large title.
    assert_eq!(first.matches("class=\"chapter run-first\"").count(), 1, "{first}");
    assert!(epub.text("OEBPS/css/book.css").contains("section.run-first > .title { font-size: 1em;"));
    // Ranked by the book's outline: the part's title an h1, its sections h2s.
    let titles = |x: &str| -> Vec<(String, String)> {
        let doc = parse(x);
        let titled = doc.descendants().filter(|n| n.attribute("class") == Some("title"));
        titled.map(|n| (n.tag_name().name().to_string(), n.text().unwrap_or_default().to_string())).collect()
    };
    assert_eq!(
        titles(&first),
        [("h2".into(), "1".into()), ("h2".into(), "2".into()), ("h2".into(), "3".into())]
    );
    assert_eq!(titles(&epub.text("OEBPS/text/part-001.xhtml")), [("h1".into(), "Song of Myself".into())]);
    // Notes numbered on through the run, each linked within the document.
    assert!(first.contains(&format!("href=\"#{}-fn2\"", ids[1])), "{first}");
    // The contents, the NCX and the spine point into the shared document.
    let file = docs[0].trim_start_matches("OEBPS/text/");
    let nav = epub.text("OEBPS/text/nav.xhtml");
    assert!(nav.contains(&format!("href=\"{file}#{}\">2<", ids[1])), "{nav}");
    assert!(epub.text("OEBPS/toc.ncx").contains(&format!("src=\"text/{file}#{}\"", ids[2])));
    let opf = epub.text("OEBPS/content.opf");
    assert_eq!(opf.matches(&format!("href=\"text/{file}\"")).count(), 1, "one manifest item");
    assert_eq!(opf.matches("<itemref").count(), opf.matches("application/xhtml+xml").count());
}

#[test]
fn chapters_set_on_go_on_in_a_new_document_before_one_grows_too_large_for_older_readers() {
    // The Idiot's parts, their chapters set on: one document each was 700 KB, past the 300 KB
    // Adobe's engine opens.
    let tmp = tempfile::tempdir().unwrap();
    let text = "Князь Мышкин стоял у окна и смотрел на улицу, где шёл снег. ".repeat(900);
    let chapters: String = ["I", "II", "III", "IV", "V", "VI"]
        .iter()
        .map(|n| format!("## {n}\n\n{text}[^{n}]\n\n[^{n}]: Note {n}.\n\n"))
        .collect();
    write(
        &tmp.path().join("idiot.md"),
        &format!("---\ntitle: Idiot\nauthor: D\nlang: ru\n---\n\n# Part One\n\n{chapters}"),
    );
    let out = folio(tmp.path(), &["build", "idiot.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/idiot.epub"));
    let docs: Vec<&String> = epub.files.keys().filter(|k| k.starts_with("OEBPS/text/chapter-")).collect();
    assert!((2..6).contains(&docs.len()), "set on, in a few documents: {docs:?}");
    for d in &docs {
        let size = epub.files[*d].len();
        assert!(size < 300_000, "{d}: {size} bytes");
    }
    let run_on: usize = docs.iter().map(|d| epub.text(d).matches("class=\"chapter run-on\"").count()).sum();
    assert_eq!(run_on, 5, "every chapter after the first is still set on");
    // Every link into the text (contents, notes and back) finds its document and its place.
    let nav = epub.text("OEBPS/text/nav.xhtml");
    let mut hrefs: Vec<(String, String)> = Vec::new();
    for (from, text) in
        docs.iter().map(|d| (d.trim_start_matches("OEBPS/text/"), epub.text(d))).chain([("nav.xhtml", nav)])
    {
        for href in text.split("href=\"").skip(1).filter_map(|r| r.split('"').next()) {
            if href.starts_with("http") || href.starts_with("../") || !href.contains('#') {
                continue;
            }
            let (file, id) = href.split_once('#').unwrap();
            hrefs.push((if file.is_empty() { from.to_string() } else { file.to_string() }, id.to_string()));
        }
    }
    assert!(hrefs.len() > 12, "{hrefs:?}");
    for (file, id) in hrefs {
        let target = epub.text(&format!("OEBPS/text/{file}"));
        assert!(target.contains(&format!("id=\"{id}\"")), "{file}#{id} leads nowhere");
    }
}

#[test]
fn a_poem_in_numbered_sections_reads_as_one_document_under_its_title() {
    let tmp = tempfile::tempdir().unwrap();
    let verse = "A line of verse,\\\nand another.\n";
    let md = format!(
        "---\ntitle: Poems\nauthor: A\nlang: en\n---\n\n# Song\n\n## 1\n\n{verse}\n## 2\n\n{verse}\n\
         ## Coda\n\n{verse}\n# Novel\n\n## I\n\nProse.\n\n## II\n\nMore prose.\n"
    );
    write(&tmp.path().join("book.md"), &md);
    let out = folio(tmp.path(), &["build", "book.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/poems.epub"));
    let spine: Vec<String> =
        epub.spine().iter().map(|s| s.trim_start_matches("OEBPS/text/").to_string()).collect();
    // The poem's sections read on in its title's document, as print sets them on under it, and
    // the poem after them in the part has its own; the novel's part keeps a title screen, its
    // first chapter a document of its own.
    assert_eq!(
        spine[spine.len() - 4..],
        ["part-001.xhtml", "chapter-003.xhtml", "part-002.xhtml", "chapter-004.xhtml"]
    );
    assert!(epub.text("OEBPS/text/chapter-003.xhtml").contains(">Coda<"));
    let song = epub.text("OEBPS/text/part-001.xhtml");
    let doc = parse(&song);
    let sections: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("section")).collect();
    let classes: Vec<_> = sections.iter().map(|n| n.attribute("class").unwrap_or_default()).collect();
    assert_eq!(classes, ["part poem", "chapter run-on", "chapter run-on"], "{song}");
    // Its title looks like the other poems' (the stylesheet's plain h1), not a part's screen.
    let css = epub.text("OEBPS/css/book.css");
    let rule = css.lines().find(|l| l.starts_with("section.part.poem h1 {")).expect("a rule for it");
    let plain = css.lines().find(|l| l.starts_with("h1 {")).unwrap();
    let declarations = |rule: &str| -> Vec<String> {
        let body = rule.split_once('{').map_or("", |(_, b)| b).trim_end_matches('}');
        body.split(';').map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
    };
    let own = declarations(rule);
    for d in &declarations(plain) {
        assert!(own.contains(d), "{d} missing from {rule}");
    }
    let nav = epub.text("OEBPS/text/nav.xhtml");
    assert!(nav.contains("<a href=\"part-001.xhtml#chapter-001\">1</a>"), "{nav}");
}

#[test]
fn a_stanzas_numeral_reads_over_its_stanza_in_the_epub_as_in_print() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Verse Novel\nauthor: A\nlang: en\n---\n\n# One\n\n**I**\n\nA line,\\\nand a line.\n\n\
              **II**\n\nAnother,\\\nand another.\n\n**Scene 2**\n\nProse under a label.\n";
    write(&tmp.path().join("book.md"), md);
    let out = folio(tmp.path(), &["build", "book.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/verse-novel.epub"));
    let name = epub.spine().into_iter().find(|d| epub.text(d).contains("A line,")).unwrap();
    let text = epub.text(&name);
    let doc = parse(&text);
    // Each numeral is a label paragraph right before the stanza it numbers; a label over prose
    // stays a paragraph like any other.
    let labels: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("label")).collect();
    let texts: Vec<String> = labels
        .iter()
        .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect())
        .collect();
    assert_eq!(texts, ["I", "II"], "{text}");
    for l in &labels {
        let next = l.next_sibling_element().expect("a stanza after it");
        assert_eq!(next.attribute("class"), Some("verse"), "{text}");
    }
    // Set in as far as the verse, and closer to its stanza than the stanza's usual space.
    let css = epub.text("OEBPS/css/book.css");
    let rule = |selector: &str| -> &str {
        css.lines().find(|l| l.starts_with(&format!("{selector} {{"))).unwrap_or_else(|| panic!("{selector}"))
    };
    // The left of a `margin: top right bottom left` shorthand.
    let left =
        |rule: &str| rule.split("margin: ").nth(1)?.split(';').next()?.split(' ').nth(3).map(str::to_string);
    assert_eq!(left(rule("p.label")), left(rule(".verse")), "{css}");
    assert!(left(rule(".verse")).is_some(), "{css}");
    assert!(rule("p.label + .verse").contains("margin-top: 0.3em"), "{css}");
}

#[test]
fn a_space_left_before_a_note_mark_is_dropped_in_both_editions() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Marks\nauthor: A\nlang: en\n---\n\n# One\n\nLatency is introduced [^a]. A mark\n[^b] \
              after a line's end, and one against its word.[^c]\n\n[^a]: First.\n[^b]: Second.\n[^c]: Third.\n";
    write(&tmp.path().join("book.md"), md);
    let out = folio(tmp.path(), &["build", "book.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/marks.epub"));
    let name = epub.spine().into_iter().find(|d| epub.text(d).contains("Latency")).unwrap();
    let text = epub.text(&name);
    let doc = parse(&text);
    let refs: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("noteref"))
        .collect();
    assert_eq!(refs.len(), 3, "{text}");
    for r in &refs {
        let before = r.prev_sibling().and_then(|n| n.text()).unwrap_or_default();
        assert!(!before.ends_with(char::is_whitespace), "{before:?} before a mark: {text}");
    }
    // (The print edition is set from the same model: `layout`'s tests read its marks back.)
    assert!(text.contains("introduced<a") && text.contains("mark<a"), "{text}");
    // Marks side by side are parted by a comma, as in print, or they would read as one number.
    let md = md.replace("its word.[^c]", "its word.[^c][^a]");
    write(&tmp.path().join("book.md"), &md);
    let out = folio(tmp.path(), &["build", "book.md", "-o", "out", "--epub", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/marks.epub"));
    let text = epub.text(&name);
    assert!(text.contains("</a><span class=\"noteref-sep\">,</span><a class=\"noteref\""), "{text}");
    assert!(epub.text("OEBPS/css/book.css").contains("span.noteref-sep"), "styled as the marks are");
}

#[test]
fn code_in_running_text_may_wrap_at_its_own_marks_in_the_epub() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Code\n---\n\n# One\n\nSet `gfm_auto_identifiers` or call `std::io::stdin`; pi is `3.14`.\n";
    write(&tmp.path().join("c.md"), md);
    let out = folio(tmp.path(), &["build", "c.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/code.epub")).text("OEBPS/text/chapter-001.xhtml");
    assert!(x.contains("<code>gfm<wbr/>_auto<wbr/>_identifiers</code>"), "{x}");
    assert!(x.contains("<code>std::<wbr/>io::<wbr/>stdin</code>"), "{x}");
    assert!(x.contains("<code>3.14</code>"), "{x}");
    // The text a reader copies is the code as written.
    let doc = parse(&x);
    let code: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("code"))
        .map(|n| n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect())
        .collect();
    assert_eq!(code, ["gfm_auto_identifiers", "std::io::stdin", "3.14"]);
}

#[test]
fn a_code_blocks_lines_wrap_under_a_hanging_indent_and_read_back_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let code = "pandoc -f html -t markdown --request-header User-Agent:\"Mozilla/5.0\" \\\n  https://www.fsf.org\n\nls <dir>";
    let md = format!("---\ntitle: Code\n---\n\n# One\n\n```\n{code}\n```\n");
    write(&tmp.path().join("c.md"), &md);
    let out = folio(tmp.path(), &["build", "c.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/code.epub"));
    let x = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let pre = doc.descendants().find(|n| n.has_tag_name("pre")).expect("a pre");
    let text = |n: roxmltree::Node| -> String {
        n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect()
    };
    // One span a line, blank lines too, each ending in its line feed: without the style sheet
    // the lines still stand apart, and copied code is the code.
    let lines: Vec<String> =
        pre.descendants().filter(|n| n.attribute("class") == Some("line")).map(text).collect();
    let want: Vec<String> = code.split('\n').map(|l| format!("{l}\n")).collect();
    assert_eq!(lines, want);
    assert_eq!(text(pre), format!("{code}\n"));
    // The style sheet hangs a wrapped line's rest under its start.
    let css = epub.text("OEBPS/css/book.css");
    assert!(css.contains("pre .line { display: block; padding-left: 2em; text-indent: -2em; }"), "{css}");
}

#[test]
fn a_note_marked_twice_gives_each_mark_an_id_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Twice\n---\n\n# One\n\nFirst.[^a] Again.[^a]\n\n[^a]: The note.\n";
    write(&tmp.path().join("t.md"), md);
    let out = folio(tmp.path(), &["build", "t.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/twice.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "ids repeat: {ids:?}");
    let marks = doc.descendants().filter(|n| n.attribute("class") == Some("noteref")).count();
    assert_eq!(marks, 2, "{x}");
}

#[test]
fn a_chapter_may_open_on_two_epigraphs() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Two\n---\n\n# One\n\n> First words.\n>\n> — First Author\n\n\
              > Second words,\\\n> in two lines.\\\n> — Second Author\n\nThe chapter's text.\n\n\
              > A quotation inside the chapter.\n>\n> — Someone\n";
    write(&tmp.path().join("t.md"), md);
    let out = folio(tmp.path(), &["build", "t.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/two.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let text = |n: roxmltree::Node<'_, '_>| {
        n.descendants().filter(|t| t.is_text()).map(|t| t.text().unwrap_or("")).collect::<String>()
    };
    let epigraphs: Vec<String> = epub_type(&doc, "epigraph").into_iter().map(text).collect();
    assert_eq!(epigraphs.len(), 2, "{x}");
    assert!(
        epigraphs[0].contains("First words.") && epigraphs[0].contains("— First Author"),
        "{epigraphs:?}"
    );
    assert!(
        epigraphs[1].contains("in two lines.") && epigraphs[1].contains("— Second Author"),
        "{epigraphs:?}"
    );
    // The text comes after both, and a quotation after text is a quotation.
    let first_p =
        doc.descendants().filter(|n| n.has_tag_name("p")).map(text).position(|t| t == "The chapter’s text.");
    assert!(first_p.is_some(), "{x}");
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("blockquote")).count(), 3, "{x}");
}

#[test]
fn a_group_of_poems_runs_on_in_one_document_with_its_notes_landmarks_told_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Poems\nauthor: A. Poet\nlang: en\n...\n\n# Inscriptions\n\n\
              ## One Poem\n\nA line of verse,[^a]\\\nand another.\n\n\
              ## Another Poem\n\nA second poem,[^b]\\\nits second line.\n\n\
              [^a]: The first poem's note.\n\n[^b]: The second poem's note.\n";
    std::fs::write(tmp.path().join("book.md"), md).unwrap();
    let out = folio(tmp.path(), &["build", "book.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/poems.epub"));
    let holding = |text: &str| {
        let content = epub.spine().into_iter().filter(|f| !f.ends_with("nav.xhtml"));
        content.filter(|f| epub.text(f).contains(text)).collect::<Vec<_>>()
    };
    let (one, another) = (holding("One Poem"), holding("Another Poem"));
    assert_eq!(one.len(), 1, "{one:?}");
    assert_eq!(one, another, "the poems share a document, as in print they share pages");
    let xhtml = epub.text(&one[0]);
    let doc = common::parse(&xhtml);
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("footnotes"))
        .filter_map(|n| n.attribute("aria-label"))
        .collect();
    assert_eq!(labels.len(), 2, "{xhtml}");
    assert_ne!(labels[0], labels[1], "landmarks of one document need names of their own");
}

#[test]
fn a_russian_book_that_names_no_language_is_set_as_russian_and_told_so() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "Я спотыкался о камни, и в лесу было темно, а \"луна\" светила. ".repeat(20);
    std::fs::write(tmp.path().join("book.md"), format!("---\ntitle: Повесть\n---\n\n# Глава\n\n{text}\n"))
        .unwrap();
    let out = folio(tmp.path(), &["build", "book.md", "-o", "out"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("book.md:1:1: warning") && err.contains("reads as Russian"), "{err}");
    let epub = Epub::open(&tmp.path().join("out/povest.epub"));
    assert!(epub.text("OEBPS/content.opf").contains("<dc:language>ru</dc:language>"));
    let chapter = epub.spine().into_iter().find(|f| epub.text(f).contains("луна")).expect("the chapter");
    assert!(epub.text(&chapter).contains("«луна»"), "Russian quotation marks");
}

#[test]
fn conformance_is_claimed_only_for_whoever_certified_it() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("b");
    write(&book.join("a.md"), "# One\n\nText.\n");
    let opf = |accessibility: &str| {
        let toml = format!("title = \"Claims\"\n{accessibility}[[contents]]\nfile = \"a.md\"\n");
        write(&book.join("book.toml"), &toml);
        let out = folio(tmp.path(), &["build", "b", "-o", "out", "--epub", "--force"]);
        assert!(out.status.success(), "{}", stderr(&out));
        Epub::open(&tmp.path().join("out/claims.epub")).text("OEBPS/content.opf")
    };
    let unclaimed = opf("");
    assert!(!unclaimed.contains("dcterms:conformsTo") && !unclaimed.contains("certifiedBy"), "{unclaimed}");
    assert!(!unclaimed.contains("WCAG"), "{unclaimed}");
    let claimed = opf("[accessibility]\ncertified-by = \"Jane Checker & Co\"\n");
    let doc = parse(&claimed);
    let meta = |property: &str| {
        doc.descendants().find(|n| n.attribute("property") == Some(property)).and_then(|n| n.text())
    };
    assert_eq!(meta("dcterms:conformsTo"), Some("EPUB Accessibility 1.1 - WCAG 2.1 Level AA"));
    assert_eq!(meta("a11y:certifiedBy"), Some("Jane Checker & Co"));
    assert!(meta("schema:accessibilitySummary").is_some_and(|s| s.contains("meets WCAG 2.1 Level AA")));
}

#[test]
fn an_image_without_alt_text_is_warned_and_the_epub_claims_no_text_alternatives() {
    let tmp = tempfile::tempdir().unwrap();
    let mut png = Vec::new();
    image::RgbImage::from_pixel(60, 40, image::Rgb([40, 90, 160]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::write(tmp.path().join("map.png"), png).unwrap();
    let opf = |md: &str| {
        write(&tmp.path().join("pics.md"), &format!("---\ntitle: Pics\n---\n\n# One\n\nText.\n\n{md}\n"));
        let out = folio(tmp.path(), &["build", "pics.md", "-o", "out", "--force"]);
        assert!(out.status.success(), "{}", stderr(&out));
        (stderr(&out), Epub::open(&tmp.path().join("out/pics.epub")).text("OEBPS/content.opf"))
    };
    let meta = |opf: &str, property: &str| -> Vec<String> {
        let doc = parse(opf);
        let values = doc.descendants().filter(|n| n.attribute("property") == Some(property));
        values.filter_map(|n| n.text()).map(str::to_string).collect()
    };
    // Described, as a figure's caption or an inline image's alt text: every claim is made.
    let described =
        ["![A map of the steppe](map.png)", "![](map.png \"The steppe\")", "A map, ![the steppe](map.png)."];
    for md in described {
        let (err, opf) = opf(md);
        assert!(!err.contains("no alt text"), "{err}");
        // Too few pixels for print: said at the paragraph that shows the image.
        let dpi = err.lines().find(|l| l.contains("dpi, under the 300")).expect("a resolution warning");
        assert!(dpi.starts_with("pics.md:9:1: warning: image"), "{dpi}");
        assert!(meta(&opf, "schema:accessibilityFeature").contains(&"alternativeText".to_string()));
        assert_eq!(meta(&opf, "schema:accessModeSufficient"), ["textual"]);
        // Conformance is claimed only for someone who checked it (`certified-by`).
        assert!(meta(&opf, "dcterms:conformsTo").is_empty(), "{opf}");
    }
    // Not described, alone or inline: warned at its line, and no claim the book cannot keep.
    // (A title captions a figure; inline, it is not printed, and explains nothing.)
    let undescribed =
        [("![](map.png)", 1), ("A map, ![](map.png), inline.", 8), ("A map, ![](map.png \"Steppe\").", 8)];
    for (md, column) in undescribed {
        let (err, opf) = opf(md);
        assert!(err.contains(&format!("pics.md:9:{column}: warning: this image has no alt text")), "{err}");
        assert!(!meta(&opf, "schema:accessibilityFeature").contains(&"alternativeText".to_string()));
        assert_eq!(meta(&opf, "schema:accessModeSufficient"), ["textual,visual"]);
        assert!(meta(&opf, "dcterms:conformsTo").is_empty(), "{opf}");
        let summary = meta(&opf, "schema:accessibilitySummary").concat();
        assert!(!summary.contains("WCAG") && summary.contains("no text alternative"), "{summary}");
    }
}

#[test]
fn drop_caps_open_each_chapter_in_the_epub_where_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("b");
    let toml = |drop: bool| {
        format!(
            "title = \"Drops\"\n[typography]\ndrop-caps = {drop}\n[[contents]]\nfile = \"a.md\"\n[[contents]]\nfile = \"b.md\"\n"
        )
    };
    write(
        &book.join("a.md"),
        "# One\n\n::: lead\nA lead.\n:::\n\n“It opens” here.\n\nThe second paragraph.\n",
    );
    write(&book.join("b.md"), "# Two\n\n— Dialogue opens this one.\n\nThen text.\n");
    for drop in [true, false] {
        write(&book.join("book.toml"), &toml(drop));
        let out = folio(tmp.path(), &["build", "b", "-o", "out", "--epub"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let epub = Epub::open(&tmp.path().join("out/drops.epub"));
        let one = epub.text("OEBPS/text/chapter-001.xhtml");
        let two = epub.text("OEBPS/text/chapter-002.xhtml");
        parse(&one);
        // The paragraph after the lead takes it; a dash of dialogue is no letter to drop.
        let opened = one.contains("<p class=\"first drop\">“It opens” here.</p>");
        assert_eq!(opened, drop, "{one}");
        assert_eq!(one.matches("drop").count(), usize::from(drop), "{one}");
        assert!(!two.contains("drop"), "{two}");
        let css = epub.text("OEBPS/css/book.css");
        assert!(css.contains("p.drop::first-letter { float: left;"), "{css}");
    }
}
