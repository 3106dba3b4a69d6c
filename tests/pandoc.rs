//! pandoc's Markdown as its authors write it, read back from the EPUB: tables (pipe, simple,
//! multiline, grid), the `%` title block, line blocks (verse) and inline notes.

mod common;

use common::{Epub, folio, parse, stderr, write};

/// A node's text, its descendants' run together.
fn text(n: roxmltree::Node<'_, '_>) -> String {
    n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect()
}

/// Each table of the chapter: its caption, then its rows (header first), each cell as
/// `text` or `text@class` when aligned.
fn tables(x: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let doc = parse(x);
    doc.descendants()
        .filter(|n| n.has_tag_name("table"))
        .map(|t| {
            let caption = t.children().find(|c| c.has_tag_name("caption")).map(text).unwrap_or_default();
            let rows = t
                .descendants()
                .filter(|r| r.has_tag_name("tr"))
                .map(|r| {
                    r.children()
                        .filter(|c| c.has_tag_name("td") || c.has_tag_name("th"))
                        .map(|c| {
                            let tag = c.tag_name().name();
                            match c.attribute("class") {
                                Some(class) => format!("{tag}:{}@{class}", text(c)),
                                None => format!("{tag}:{}", text(c)),
                            }
                        })
                        .collect()
                })
                .collect();
            (caption, rows)
        })
        .collect()
}

#[test]
fn a_pandoc_table_caption_becomes_the_tables_caption() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Tables\n---\n\n# One\n\nBefore.\n\n| Delay | Reaction |\n|---|---|\n| 0–100 ms | Instant |\n\n\
              : Table 1.1: User *perception* of latency\n\nTable: Components\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n\
              : not a caption, no table beside it\n";
    write(&tmp.path().join("t.md"), md);
    let out = folio(tmp.path(), &["build", "t.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/tables.epub"));
    let x = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let captions: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("table"))
        .map(|t| t.first_element_child().filter(|c| c.has_tag_name("caption")).map(text).unwrap_or_default())
        .collect();
    assert_eq!(captions, ["Table 1.1: User perception of latency", "Components"], "{x}");
    let paragraphs: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("p")).map(text).collect();
    assert_eq!(paragraphs, ["Before.", ": not a caption, no table beside it"], "{x}");
}

#[test]
fn pandocs_simple_multiline_and_grid_tables_are_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Grids\n---\n\n# One\n\nSimple, after a paragraph:\n\n\
              Item     Price\n\
              ----   -------\n\
              Tea       1.50\n\
              Tea|x     2.00\n\n\
              : Prices\n\n\
              ----------------------\n\
              Left   Wrapped\n\
              ------ ---------------\n\
              one    a cell over\n\
              \x20      two lines\n\n\
              two    short\n\
              ----------------------\n\n\
              +------+--------+\n\
              | Grid | Cell   |\n\
              +======+=======:+\n\
              | a    | - x    |\n\
              |      | - y    |\n\
              +------+--------+\n\n\
              Chapter end *with* `$x$`.\n";
    write(&tmp.path().join("g.md"), md);
    let out = folio(tmp.path(), &["build", "g.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    assert!(tmp.path().join("out/grids.pdf").exists());
    let x = Epub::open(&tmp.path().join("out/grids.epub")).text("OEBPS/text/chapter-001.xhtml");
    let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        tables(&x),
        [
            (
                "Prices".to_string(),
                vec![
                    s(&["th:Item", "th:Price@right"]),
                    s(&["td:Tea", "td:1.50@right"]),
                    s(&["td:Tea|x", "td:2.00@right"])
                ]
            ),
            (
                String::new(),
                vec![
                    s(&["th:Left@left", "th:Wrapped@left"]),
                    s(&["td:one@left", "td:a cell over two lines@left"]),
                    s(&["td:two@left", "td:short@left"])
                ]
            ),
            (String::new(), vec![s(&["th:Grid", "th:Cell@right"]), s(&["td:a", "td:• x• y@right"])]),
        ],
        "{x}"
    );
    assert!(x.contains("• x<br/>• y"), "{x}");
    // Everything after the tables is where it was: the paragraphs and the chapter's last line.
    let doc = parse(&x);
    let paragraphs: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("p")).map(text).collect();
    assert_eq!(paragraphs, ["Simple, after a paragraph:", "Chapter end with $x$."], "{x}");
}

#[test]
fn a_slip_after_a_pandoc_table_is_reported_at_its_own_line() {
    // The rewritten table takes as many lines as the written one, so diagnostics below it
    // name the author's line.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Lines\n---\n\n# One\n\n\
              ----------------------\n\
              \x20Left   Wrapped\n\
              ------ ---------------\n\
              one    a cell over\n\
              \x20      two lines\n\n\
              two    short\n\
              ----------------------\n\n\
              ![gone](missing.png)\n";
    write(&tmp.path().join("l.md"), md);
    let out = folio(tmp.path(), &["build", "l.md", "-o", "out"]);
    let err = stderr(&out);
    assert!(err.contains("l.md:16:1:"), "the image is on line 16: {err}");
}

#[test]
fn a_pandoc_title_block_gives_the_books_title_authors_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "% The Old Way\n% Ann Author; Bo Writer\n% 17 July 2006\n\n# One\n\nText.\n\n<div>raw</div>\n";
    write(&tmp.path().join("old.md"), md);
    let out = folio(tmp.path(), &["build", "old.md", "-o", "out", "--epub"]);
    let err = stderr(&out);
    // The body's lines keep their numbers.
    assert!(err.contains("old.md:9:1:") && !err.contains("no title"), "{err}");
    let opf = Epub::open(&tmp.path().join("out/the-old-way.epub")).text("OEBPS/content.opf");
    let doc = parse(&opf);
    let dc = |name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| {
                n.tag_name().name() == name
                    && n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/")
            })
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    assert_eq!(dc("title"), ["The Old Way"]);
    assert_eq!(dc("creator"), ["Ann Author", "Bo Writer"]);
    assert_eq!(dc("date"), ["2006-07-17"]);
}

#[test]
fn a_line_block_is_verse_and_an_inline_note_a_footnote() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Verse\n---\n\n# One\n\n| The limerick packs laughs anatomical\n\
              |    In space that is quite economical.\n| - not a list\n\n\
              A note.^[Easier to write,\nwith *no* label.] More.\n\n<div>raw</div>\n";
    write(&tmp.path().join("v.md"), md);
    let out = folio(tmp.path(), &["build", "v.md", "-o", "out"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // Lines after the rewritten ones keep their numbers.
    assert!(err.contains("v.md:14:1:"), "{err}");
    let x = Epub::open(&tmp.path().join("out/verse.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let verse: Vec<(&str, String)> = doc
        .descendants()
        .filter_map(|n| n.attribute("class").filter(|c| c.starts_with("line")).map(|c| (c, text(n))))
        .collect();
    assert_eq!(
        verse,
        [
            ("line", "The limerick packs laughs anatomical".to_string()),
            // Its three spaces are an indent, not text.
            ("line i3", "In space that is quite economical.".to_string()),
            // Not a list; a hyphen alone opening a line is a dash, as it is opening a paragraph.
            ("line", "\u{2013} not a list".to_string())
        ],
        "{x}"
    );
    let notes: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("aside")).map(|n| text(n).trim().to_string()).collect();
    assert_eq!(notes, ["1. Easier to write, with no label."], "{x}");
    let paragraphs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("p") && n.parent().is_some_and(|p| p.has_tag_name("section")))
        .map(text)
        .collect();
    assert_eq!(paragraphs, ["A note.1 More.", "raw"], "{x}");
}

#[test]
fn a_notes_later_blocks_are_read_as_at_the_margin_verse_lists_and_example_references() {
    let tmp = tempfile::tempdir().unwrap();
    // A note's later blocks stand four columns in: there a bar opens verse, a letter a list, and
    // `(@good)` refers to its example, none of them code.
    let md = "---\ntitle: Noted\n---\n\n# One\n\n(@good) An example.\n\nText.[^1]\n\n[^1]: The poet says:\n\n    \
              | Tell me not,\n    |   in mournful numbers\n\n    As (@good) shows:\n\n    a. first\n    b. second\n\n\
              More text.[^2]\n\n[^2]: As noted by\na. smith, the matter is settled.\n";
    write(&tmp.path().join("n.md"), md);
    let out = folio(tmp.path(), &["build", "n.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/noted.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let aside = doc.descendants().find(|n| n.has_tag_name("aside")).expect("the note");
    let verse: Vec<(&str, String)> = aside
        .descendants()
        .filter_map(|n| n.attribute("class").filter(|c| c.starts_with("line")).map(|c| (c, text(n))))
        .collect();
    assert_eq!(
        verse,
        [("line", "Tell me not,".to_string()), ("line i2", "in mournful numbers".to_string())],
        "{x}"
    );
    assert!(!text(aside).contains('|'), "{x}");
    assert!(text(aside).contains("As (1) shows:"), "{x}");
    let list = aside.descendants().find(|n| n.has_tag_name("ol")).expect("a lettered list");
    assert_eq!(list.attribute("type"), Some("a"), "{x}");
    assert_eq!(list.children().filter(|n| n.has_tag_name("li")).count(), 2, "{x}");
    // A line going on a note's text is its text, whatever it begins with.
    let second = doc.descendants().filter(|n| n.has_tag_name("aside")).nth(1).expect("the second note");
    assert!(text(second).contains("As noted by a.") && text(second).contains("smith, the matter"), "{x}");
    assert_eq!(doc.descendants().filter(|n| n.attribute("type") == Some("a")).count(), 1, "{x}");
}

#[test]
fn a_newpage_is_a_page_break_in_the_epub_too() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Breaks\n---\n\n# One\n\nBefore.\n\n\\newpage\n\nAfter.\n\n\\newpage{}\n";
    write(&tmp.path().join("b.md"), md);
    let out = folio(tmp.path(), &["build", "b.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/breaks.epub")).text("OEBPS/text/chapter-001.xhtml");
    assert_eq!(x.matches("<div class=\"page-break\"></div>").count(), 1, "{x}");
    // Only the command alone is one: `\newpage{}` is text the author wrote.
    assert!(!x.contains("\\newpage<") && x.contains("\\newpage{}"), "{x}");
}

#[test]
fn bracketed_spans_set_small_capitals_and_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Spans\n---\n\n# One\n\nA [Small Caps]{.smallcaps} word, a [mot]{lang=fr}, \
              [kept]{.underline} and <span class=\"smallcaps\">html</span>.\n";
    write(&tmp.path().join("s.md"), md);
    let out = folio(tmp.path(), &["build", "s.md", "-o", "out"]);
    let err = stderr(&out);
    assert!(out.status.success() && !err.contains("warning:"), "{err}");
    let x = Epub::open(&tmp.path().join("out/spans.epub")).text("OEBPS/text/chapter-001.xhtml");
    assert!(x.contains("<span class=\"smallcaps\">Small Caps</span>"), "{x}");
    assert!(x.contains("<span lang=\"fr\" xml:lang=\"fr\">mot</span>"), "{x}");
    assert!(x.contains(", <u>kept</u> and <span class=\"smallcaps\">html</span>."), "{x}");
}

#[test]
fn htmls_formatting_elements_are_the_inlines_they_stand_for() {
    // A manuscript from a word processor or the web: `<i>` was dropped with a warning, its
    // italics lost in both editions.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Tags\n---\n\n# One\n\nThe <i>Titanic</i>, <b>bold</b>, H<sub>2</sub>O, \
              x<sup>2</sup>, <del>old</del>, <cite lang=\"fr\">Germinal</cite>, \
              <span class=\"smallcaps\">a <u>b</span> c</u> d.\n";
    write(&tmp.path().join("t.md"), md);
    let out = folio(tmp.path(), &["build", "t.md", "-o", "out"]);
    let err = stderr(&out);
    assert!(out.status.success() && !err.contains("warning:"), "{err}");
    let x = Epub::open(&tmp.path().join("out/tags.epub")).text("OEBPS/text/chapter-001.xhtml");
    let p = x.split("<p").nth(1).unwrap_or_default();
    for want in [
        "The <em>Titanic</em>, <strong>bold</strong>, H<sub>2</sub>O, x<sup>2</sup>, <del>old</del>",
        "<span lang=\"fr\" xml:lang=\"fr\"><em>Germinal</em></span>",
        // `</span>` closes the span and the `<u>` opened in it; the stray `</u>` closes nothing.
        "<span class=\"smallcaps\">a <u>b</u></span> c d.",
    ] {
        assert!(p.contains(want), "{want} in {p}");
    }
}

#[test]
fn a_span_with_several_roles_keeps_them_all() {
    // Small capitals in French, underlined: the language was dropped for the small capitals, and
    // the underline with it.
    let tmp = tempfile::tempdir().unwrap();
    let md =
        "---\ntitle: Roles\n---\n\n# One\n\nA [Petites Capitales]{.smallcaps .underline lang=fr} here.\n";
    write(&tmp.path().join("r.md"), md);
    let out = folio(tmp.path(), &["build", "r.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/roles.epub")).text("OEBPS/text/chapter-001.xhtml");
    let want =
        "<span lang=\"fr\" xml:lang=\"fr\"><u><span class=\"smallcaps\">Petites Capitales</span></u></span>";
    assert!(x.contains(want), "{x}");
}

#[test]
fn an_inline_notes_text_is_inlines_and_its_slips_are_reported_where_it_was_written() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "% Notes\n% A. Author\n\n\\newpage\n\n# One\n\n\
              Orwell.^[1984. The year.] A dash.^[- not a list] Odd.^[See $\\frobnicate{x}$.]\n\n\
              - <span lang=\"fr\">Un\n  - nested\n- Deux\n";
    write(&tmp.path().join("n.md"), md);
    let out = folio(tmp.path(), &["build", "n.md", "-o", "out", "--epub"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // The formula's warning names the line the note is on, not one past the file's end.
    assert!(err.contains("n.md:8:") && err.contains("\\frobnicate"), "{err}");
    let epub = Epub::open(&tmp.path().join("out/notes.epub"));
    // A page break before the first heading makes no opening section of its own.
    assert!(!epub.spine().iter().any(|s| s.contains("introduction")), "{:?}", epub.spine());
    let x = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let notes: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("aside")).map(|n| text(n).trim().to_string()).collect();
    assert_eq!(notes[..2], ["1. 1984. The year.", "2. –\u{a0}not a list"], "{x}");
    assert!(!x.contains("<ol") && doc.descendants().filter(|n| n.has_tag_name("ul")).count() == 2, "{x}");
    // A span left open in a tight list item closes with it; the nested list is kept.
    assert!(x.contains("<span lang=\"fr\" xml:lang=\"fr\">Un</span>") && x.contains("nested"), "{x}");
}

#[test]
fn a_chapter_files_title_block_titles_its_chapter_over_its_own_headings() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    write(
        &book.join("book.toml"),
        "title = \"Anthology\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"one.md\"\n[[contents]]\nfile = \"two.md\"\n",
    );
    // MultiMarkdown's head, as POSA's authors wrote theirs, and pandoc's.
    write(&book.join("one.md"), "title: Networking in Chrome\nauthor: Ilya Grigorik\n\n# History\n\nText.\n");
    write(&book.join("two.md"), "% Ninja\n% Evan Martin; Ann Other\n\nNo heading of its own.\n");
    let out = folio(tmp.path(), &["build", "book", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/anthology.epub"));
    let headings = |name: &str| -> Vec<(String, String)> {
        let x = epub.text(name);
        let doc = parse(&x);
        doc.descendants()
            .filter(|n| matches!(n.tag_name().name(), "h1" | "h2" | "h3"))
            .map(|n| (n.tag_name().name().to_string(), text(n)))
            .collect()
    };
    let h = |tag: &str, text: &str| (tag.to_string(), text.to_string());
    assert_eq!(
        headings("OEBPS/text/chapter-001.xhtml"),
        [h("h1", "Networking in Chrome"), h("h2", "History")]
    );
    assert_eq!(headings("OEBPS/text/chapter-002.xhtml"), [h("h1", "Ninja")]);
    // Their authors stand under the titles.
    assert!(epub.text("OEBPS/text/chapter-001.xhtml").contains("<p class=\"byline\">Ilya Grigorik</p>"));
    assert!(
        epub.text("OEBPS/text/chapter-002.xhtml")
            .contains("<p class=\"byline\">Evan Martin and Ann Other</p>")
    );
    // A single file's head is the book's.
    write(&tmp.path().join("s.md"), "Title: One File\nAuthor: Ann Author\n\n# One\n\nText.\n");
    let out = folio(tmp.path(), &["build", "s.md", "-o", "out", "--epub"]);
    assert!(out.status.success() && !stderr(&out).contains("no title"), "{}", stderr(&out));
    assert!(tmp.path().join("out/one-file.epub").exists());
}

#[test]
fn fancy_lists_count_in_their_own_figures_in_the_epub() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Fancy\n---\n\n# One\n\nc. third\nd. fourth\n\n(iv) four\n\nB)  upper\n\n1) one\n\n#. default\n\n\
              (@a) example\n\nSee (@a).\n";
    write(&tmp.path().join("f.md"), md);
    let out = folio(tmp.path(), &["build", "f.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/fancy.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let lists: Vec<(String, usize)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("ol"))
        .map(|ol| {
            let attrs = ["start", "type", "class"]
                .map(|a| ol.attribute(a).map(|v| format!("{a}={v}")).unwrap_or_default());
            (attrs.join(" ").trim().to_string(), ol.children().filter(|c| c.has_tag_name("li")).count())
        })
        .collect();
    let lists: Vec<(&str, usize)> = lists.iter().map(|(a, n)| (a.as_str(), *n)).collect();
    assert_eq!(
        lists,
        [
            ("start=3 type=a", 2),
            ("start=4 type=i class=parens-lower-roman", 1),
            ("start=2 type=A class=paren-upper-alpha", 1),
            ("class=paren-decimal", 1),
            ("", 1),
            ("class=parens-decimal", 1),
        ],
        "{x}"
    );
    let paragraphs: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("p")).map(text).collect();
    assert!(paragraphs.contains(&"See (1).".to_string()), "{paragraphs:?}");
}

/// Each link of a document: its text and where it leads.
fn hrefs(doc: &roxmltree::Document<'_>) -> Vec<(String, String)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("a") && n.attribute("href").is_some())
        .map(|a| (text(a), a.attribute("href").unwrap_or_default().to_string()))
        .collect()
}

#[test]
fn links_lead_to_headings_and_spans_by_their_ids_or_pandocs_names() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Links\n---\n\n# Intro {#start}\n\nSee [the options](#options), [a span](#here), \
              [the start](#start), [the other intro](#intro), [code](#extension-raw_attribute) \
              and [nowhere](#missing).\n\n### Options\n\nText [marked]{#here} here.\n\n\
              ### Extension: `raw_attribute`\n\nMore.\n\n# Intro\n\n### Options\n\nAgain.\n";
    write(&tmp.path().join("l.md"), md);
    let out = folio(tmp.path(), &["build", "l.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/links.epub"));
    // A chapter's `{#id}` names its document too.
    let one = epub.text("OEBPS/text/start.xhtml");
    let two = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&one);
    let hrefs = hrefs(&doc);
    let hrefs: Vec<(&str, &str)> = hrefs.iter().map(|(t, h)| (t.as_str(), h.as_str())).collect();
    assert_eq!(
        hrefs,
        [
            ("the options", "start.xhtml#options"),
            ("a span", "start.xhtml#here"),
            ("the start", "start.xhtml#start"),
            ("the other intro", "chapter-001.xhtml#chapter-001"),
            ("code", "start.xhtml#extension-raw_attribute"),
        ],
        "a link to no place is its text alone: {one}"
    );
    // Each place has its id once, where the link lands; the second `Options` is `options-1`
    // (inner headings are set a level under the chapter's title: `<h2>`).
    let id_of = |x: &str, tag: &str, t: &str| {
        parse(x)
            .descendants()
            .find(|n| n.has_tag_name(tag) && text(*n) == t)
            .and_then(|n| n.attribute("id").map(str::to_string))
    };
    assert_eq!(id_of(&one, "h2", "Options").as_deref(), Some("options"));
    assert_eq!(id_of(&two, "h2", "Options").as_deref(), Some("options-1"));
    assert!(one.contains("<span id=\"here\"></span>marked"), "{one}");
    assert!(one.contains("nowhere") && !one.contains("#missing"), "{one}");
}

#[test]
fn an_images_width_or_height_reaches_the_epub_as_css() {
    // pandoc's link attributes on images: the width in its own unit (or, without one, the
    // height); an inline image's size lifts the cap that keeps an icon to the line's height.
    let tmp = tempfile::tempdir().unwrap();
    let png = tmp.path().join("map.png");
    image::RgbImage::from_pixel(60, 40, image::Rgb([90, 90, 90])).save(&png).unwrap();
    let md = "---\ntitle: Sized\n---\n\n# One\n\n![Half](map.png){#fig:half width=50%}\n\n\
              ![Tall](map.png \"A title\"){height=\"2in\" .x}\n\n![Plain](map.png)\n\n\
              An ![icon](map.png){height=2em} inline, ![small](map.png){width=1.5em} and\n\
              ![pt](map.png){width=9pt} ![wide](map.png){width=20%}.\n";
    write(&tmp.path().join("s.md"), md);
    let out = folio(tmp.path(), &["build", "s.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/sized.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let imgs: Vec<(&str, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("img"))
        .map(|n| (n.attribute("alt").unwrap_or(""), n.attribute("style")))
        .collect();
    assert_eq!(
        imgs,
        [
            ("Half", Some("width:50%")),
            ("Tall", Some("height:144pt")),
            ("Plain", None),
            // Taller than the line (1.2 em, as print measures it): on the baseline, as print
            // stands it; 1.5 em wide is 1 em tall, centred on the lower case like an icon.
            ("icon", Some("max-height:6em;height:2em;vertical-align:baseline")),
            ("small", Some("max-height:6em;width:1.5em")),
            ("pt", Some("max-height:6em;width:9pt")),
            ("wide", Some("max-height:6em;width:20%")),
        ],
        "{x}"
    );
    let captions: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("figcaption")).map(text).collect();
    assert_eq!(captions, ["Half", "A title", "Plain"], "the size is no part of the caption: {x}");
}

#[test]
fn an_unlisted_heading_is_left_out_of_the_epubs_contents() {
    // pandoc's `{.unlisted}`; a part so marked takes its chapters with it.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Listed\n---\n\n# Alpha\n\nA.\n\n# Beta {.unlisted}\n\nB.\n\n\
              # Part Two {.part .unlisted}\n\n## Gamma\n\nC.\n\n# Delta\n\nD.\n";
    write(&tmp.path().join("l.md"), md);
    let out = folio(tmp.path(), &["build", "l.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/listed.epub"));
    let nav = epub.text("OEBPS/text/nav.xhtml");
    let doc = parse(&nav);
    let toc =
        doc.descendants().find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc"));
    let entries: Vec<String> =
        toc.expect("a toc nav").descendants().filter(|n| n.has_tag_name("a")).map(text).collect();
    assert_eq!(entries, ["Title page", "Copyright", "Alpha", "Delta"], "{nav}");
    let plain = epub.plain_text();
    assert!(["B.", "C."].iter().all(|t| plain.contains(t)), "the unlisted text is still there");
}

#[test]
fn a_backslash_before_a_space_is_a_no_break_space() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Spaces\n---\n\n# One\n\nMr.\\ Darcy paid 10\\ 000, not `a\\ b` or a\\\\ b.\n";
    write(&tmp.path().join("s.md"), md);
    let out = folio(tmp.path(), &["build", "s.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/spaces.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let p = doc.descendants().find(|n| n.has_tag_name("p")).map(text).unwrap_or_default();
    assert_eq!(p, "Mr.\u{a0}Darcy paid 10\u{a0}000, not a\\ b or a\\ b.", "{x}");
}

#[test]
fn an_escaped_caret_or_tilde_raises_and_lowers_nothing() {
    // pandoc keeps `x\^2\^` and `&#94;` as written; the unescaped marks around them still work.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Marks\n---\n\n# One\n\nx\\^2\\^ and H\\~2\\~O, 5&#94;3&#94;, a\\\\^b^ and x^2^, `y^2^`.\n";
    write(&tmp.path().join("m.md"), md);
    let out = folio(tmp.path(), &["build", "m.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/marks.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let p = doc.descendants().find(|n| n.has_tag_name("p")).expect("the paragraph");
    assert_eq!(text(p), "x^2^ and H~2~O, 5^3^, a\\b and x2, y^2^.", "{x}");
    let raised: Vec<String> = p.descendants().filter(|n| n.has_tag_name("sup")).map(text).collect();
    assert_eq!(raised, ["b", "2"], "only the unescaped marks raise: {x}");
    assert!(!p.descendants().any(|n| n.has_tag_name("sub")), "{x}");
}

#[test]
fn a_figures_name_is_a_place_links_lead_to() {
    // `{#fig:map}` on an image, as pandoc-crossref writes it: a link to it lands on the figure's
    // caption; an inline image's name is a place before it. Neither is a warning.
    let tmp = tempfile::tempdir().unwrap();
    image::RgbImage::from_pixel(60, 40, image::Rgb([90, 90, 90])).save(tmp.path().join("map.png")).unwrap();
    let md = "---\ntitle: Named\n---\n\n# One\n\nSee [the map](#fig:map) and [the icon](#icon).\n\n\
              ![A map](map.png){#fig:map width=50%}\n\nAn ![icon](map.png){#icon} here.\n";
    write(&tmp.path().join("n.md"), md);
    let out = folio(tmp.path(), &["build", "n.md", "-o", "out", "--epub"]);
    assert!(out.status.success() && !stderr(&out).contains("warning:"), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/named.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    for (text, within) in [("the map", "figcaption"), ("the icon", "p")] {
        let (_, href) = hrefs(&doc).into_iter().find(|(t, _)| t == text).expect("the link");
        let id = href.split_once('#').map(|(_, id)| id.to_string()).unwrap_or_default();
        let place = doc.descendants().find(|n| n.attribute("id") == Some(id.as_str())).expect("its place");
        assert!(place.ancestors().any(|a| a.has_tag_name(within)), "{text} leads into a {within}: {x}");
    }
}

#[test]
fn a_link_whose_text_holds_a_note_call_is_a_link_beside_its_call() {
    // pandoc reads `[text[^1]](url)` as a link; pulldown-cmark left "[text¹](url)" as text. An
    // HTML link may not hold the call's own link, so the call follows the link's text.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Noted\n---\n\n# One\n\nSee [the survey[^1]](https://example.org), \
              [a[^1] b[^2]](#one) and [it[^2]][ref].\n\n[ref]: https://example.com\n\n\
              [^1]: Its source.\n\n[^2]: Another.\n";
    write(&tmp.path().join("n.md"), md);
    let out = folio(tmp.path(), &["build", "n.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/noted.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let p = doc.descendants().find(|n| n.has_tag_name("p")).expect("the paragraph");
    assert_eq!(text(p), "See the survey1, a1 b2 and it2.", "{x}");
    let links: Vec<(String, String)> = hrefs(&doc).into_iter().filter(|(_, h)| !h.contains("-fn")).collect();
    let links: Vec<(&str, &str)> = links.iter().map(|(t, h)| (t.as_str(), h.as_str())).collect();
    assert_eq!(
        links,
        [
            ("the survey", "https://example.org"),
            ("a", "chapter-001.xhtml#chapter-001"),
            ("b", "chapter-001.xhtml#chapter-001"),
            ("it", "https://example.com"),
        ],
        "{x}"
    );
    assert!(
        !doc.descendants().any(|n| n.has_tag_name("a") && n.ancestors().skip(1).any(|a| a.has_tag_name("a")))
    );
}

#[test]
fn a_reference_named_by_a_headings_text_leads_to_the_heading() {
    // pandoc's implicit header references: `[Heading]`, `[heading][]`, `[text][Heading]`, as if
    // every heading defined a reference; its own definitions and other brackets stay as they were.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Refs\n---\n\n# Intro\n\nSee [Heading identifiers in HTML], \
              [heading  identifiers in html][], [the smart one][Extension: `smart`], \
              [the chapter][Pandoc's Markdown], [no such heading], [sic] and [a site][def].\n\n\
              [def]: https://example.org/def\n\n### Heading identifiers in HTML\n\nText.\n\n\
              ### Extension: `smart`\n\nMore.\n\n# Pandoc's Markdown\n\nLast.\n";
    write(&tmp.path().join("r.md"), md);
    let out = folio(tmp.path(), &["build", "r.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let one = Epub::open(&tmp.path().join("out/refs.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&one);
    let hrefs = hrefs(&doc);
    let hrefs: Vec<(&str, &str)> = hrefs.iter().map(|(t, h)| (t.as_str(), h.as_str())).collect();
    assert_eq!(
        hrefs,
        [
            ("Heading identifiers in HTML", "chapter-001.xhtml#heading-identifiers-in-html"),
            ("heading  identifiers in html", "chapter-001.xhtml#heading-identifiers-in-html"),
            ("the smart one", "chapter-001.xhtml#extension-smart"),
            ("the chapter", "chapter-002.xhtml#chapter-002"),
            ("a site", "https://example.org/def"),
        ]
    );
    let paragraph = doc.descendants().find(|n| n.has_tag_name("p")).map(text).unwrap_or_default();
    assert!(paragraph.contains("[no such heading], [sic] and"), "{paragraph}");
}

#[test]
fn a_line_block_in_a_quotation_is_a_verse_epigraph() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Woods\n---\n\n# One\n\n> | The woods are lovely, dark and deep,\n> |    But I have promises to keep,\n\
              >\n> — Robert Frost\n\nText.\n";
    write(&tmp.path().join("w.md"), md);
    let out = folio(tmp.path(), &["build", "w.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/woods.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let epigraph = doc.descendants().find(|n| n.attribute("class") == Some("epigraph")).expect("an epigraph");
    let lines: Vec<(&str, String)> = epigraph
        .descendants()
        .filter_map(|n| n.attribute("class").filter(|c| c.starts_with("line")).map(|c| (c, text(n))))
        .collect();
    assert_eq!(
        lines,
        [
            ("line", "The woods are lovely, dark and deep,".to_string()),
            ("line i3", "But I have promises to keep,".to_string())
        ],
        "{x}"
    );
    assert!(!x.contains('|'), "{x}");
}

#[test]
fn an_authors_names_win_over_folios_ids_and_no_id_is_written_twice() {
    let tmp = tempfile::tempdir().unwrap();
    // Text before the first heading is a section folio names `introduction`: the author's
    // heading takes the name. No id is written twice.
    let md = "---\ntitle: Names\n---\n\nOpening words.\n\n# Introduction\n\nSee [the intro](#introduction) \
              and [the notes](#notes).[^1]\n\n# Notes\n\nText.\n\n[^1]: A note [here]{#notes} and [there]{#there}.\n";
    write(&tmp.path().join("n.md"), md);
    let out = folio(tmp.path(), &["build", "n.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/names.epub"));
    let files: Vec<String> = epub.spine();
    let chapter = files.iter().find(|f| epub.text(f).contains("See ")).expect("the chapter");
    let x = epub.text(chapter);
    let file = chapter.rsplit('/').next().unwrap_or_default();
    let doc = parse(&x);
    let href = |t: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("a") && text(*n) == t)
            .and_then(|a| a.attribute("href").map(str::to_string))
    };
    let intro = href("the intro").expect("a link");
    assert_eq!(intro, format!("{file}#{}", file.trim_end_matches(".xhtml")), "#introduction is this chapter");
    // A name written twice leads to its first place, in reading order (here the note's span).
    let notes = href("the notes").expect("a link");
    assert_eq!(notes, format!("{file}#notes"));
    let mut ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "an id written twice in {x}");
}

#[test]
fn only_headings_make_references_not_code_images_or_written_targets() {
    // A `# sic` comment in a program is no heading: the `[sic]` of the prose must not become a
    // link, which would also undo the link around it. An image cannot lead to a heading: it
    // stays text, as before. A target written with a control character is no provisional one.
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Refs\n---\n\n# Intro\n\nSee [the [sic] text](https://example.org/) and ![a plan][Intro].\n\n\
              Odd [target](<\u{1}é>).\n\n```sh\n# sic\n```\n";
    write(&tmp.path().join("r.md"), md);
    let out = folio(tmp.path(), &["build", "r.md", "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let one = Epub::open(&tmp.path().join("out/refs.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&one);
    let hrefs: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a") && n.attribute("href").is_some())
        .map(|a| (text(a), a.attribute("href").unwrap_or_default().to_string()))
        .collect();
    assert_eq!(hrefs[0], ("the [sic] text".to_string(), "https://example.org/".to_string()), "{one}");
    assert!(one.contains("![a plan][Intro]"), "{one}");
    assert!(!one.contains('\u{1}'), "{one}");
}

#[test]
fn grid_cells_spanning_rows_and_columns_and_a_foot_read_as_html_tables_do() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Spans\n---\n\n# One\n\n\
              +---------+-------+-------+\n\
              | Region  | First | Later |\n\
              +=========+======:+======:+\n\
              | North   | 10    | 12    |\n\
              | side    +-------+-------+\n\
              |         | 11    | 13    |\n\
              +---------+-------+-------+\n\
              | Both halves     | 46    |\n\
              +=================+=======+\n\
              | All             | 92    |\n\
              +=================+=======+\n\n\
              : Sales by half\n\n\
              |   | Count |\n|---|---|\n| Apples | 3 |\n\n\
              +------+-----------+\n\
              |      | Years     |\n\
              |      +-----+-----+\n\
              | City | 2010| 2020|\n\
              +======+=====+=====+\n\
              | Oral | 1   | 2   |\n\
              +------+-----+-----+\n";
    write(&tmp.path().join("s.md"), md);
    let out = folio(tmp.path(), &["build", "s.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/spans.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    // Each row as its part of the table, then its cells with the rows and columns they span.
    let rows: Vec<String> = doc
        .descendants()
        .filter(|r| r.has_tag_name("tr"))
        .map(|r| {
            let part = r.parent().map(|p| p.tag_name().name().to_string()).unwrap_or_default();
            let cells: Vec<String> = r
                .children()
                .filter(|c| c.is_element())
                .map(|c| {
                    let span = |a: &str| c.attribute(a).map(|v| format!(" {a}={v}")).unwrap_or_default();
                    format!("{}{}{}", text(c), span("rowspan"), span("colspan"))
                })
                .collect();
            format!("{part}: {}", cells.join(" | "))
        })
        .collect();
    assert_eq!(
        rows,
        [
            "thead: Region | First | Later",
            "tbody: North side rowspan=2 | 10 | 12",
            "tbody: 11 | 13",
            "tbody: Both halves colspan=2 | 46",
            "tfoot: All colspan=2 | 92",
            "thead:  | Count",
            "tbody: Apples | 3",
            "thead: City rowspan=2 | Years colspan=2",
            "thead: 2010 | 2020",
            "tbody: Oral | 1 | 2",
        ],
        "{x}"
    );
    // An empty corner heads nothing: no header without text for a screen reader.
    let corner = doc.descendants().filter(|n| n.has_tag_name("thead")).nth(1).and_then(|h| {
        h.descendants().find(|c| c.is_element() && (c.has_tag_name("th") || c.has_tag_name("td")))
    });
    assert_eq!(corner.map(|c| c.tag_name().name()), Some("td"), "{x}");
}

#[test]
fn a_table_captions_attributes_are_taken_off_and_its_id_leads_links_to_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Ids\n---\n\n# One\n\nSee [the sales](#sales).\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n\
              : Sales by *half* {#sales .wide source=\"ledger\"}\n\n# Two\n\nBack to [them](#sales).\n";
    write(&tmp.path().join("i.md"), md);
    let out = folio(tmp.path(), &["build", "i.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    let epub = Epub::open(&tmp.path().join("out/ids.epub"));
    let x = epub.text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let caption = doc.descendants().find(|n| n.has_tag_name("caption")).expect("a caption");
    assert_eq!(text(caption), "Sales by half", "{x}");
    assert!(caption.descendants().any(|n| n.attribute("id") == Some("sales")), "{x}");
    let two = epub.text("OEBPS/text/chapter-002.xhtml");
    assert!(two.contains("href=\"chapter-001.xhtml#sales\""), "{two}");
}

#[test]
fn a_table_of_many_columns_is_set_smaller_in_the_epub() {
    let tmp = tempfile::tempdir().unwrap();
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(8));
    let md = format!(
        "---\ntitle: Wide\n---\n\n# One\n\n{}{}{}\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        row("Head"),
        "|---".repeat(8) + "|\n",
        row("1,234.5")
    );
    write(&tmp.path().join("w.md"), &md);
    let out = folio(tmp.path(), &["build", "w.md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x = Epub::open(&tmp.path().join("out/wide.epub")).text("OEBPS/text/chapter-001.xhtml");
    let doc = parse(&x);
    let classes: Vec<Option<&str>> =
        doc.descendants().filter(|n| n.has_tag_name("table")).map(|t| t.attribute("class")).collect();
    assert_eq!(classes, [Some("wide"), None], "{x}");
    let css = Epub::open(&tmp.path().join("out/wide.epub")).text("OEBPS/css/book.css");
    assert!(css.contains("table.wide { font-size: 0.7em; }"), "{css}");
}
