//! Layout read back: the text of each page, from the glyphs placed and what each stands for.

use super::*;

/// A book laid out from Markdown, with the typesetter that knows what its glyphs stand for.
fn laid_out(markdown: &str) -> (Document, Typesetter) {
    laid_out_with(markdown, &[])
}

/// A book laid out from Markdown beside grey images of these names and sizes in pixels.
fn laid_out_with(markdown: &str, images: &[(&str, u32, u32)]) -> (Document, Typesetter) {
    let dir = tempfile::tempdir().unwrap();
    for (name, w, h) in images {
        image::RgbImage::from_pixel(*w, *h, image::Rgb([90, 90, 90])).save(dir.path().join(name)).unwrap();
    }
    laid_out_in(dir.path(), markdown)
}

/// A book laid out from Markdown written into `dir`, beside whatever is there.
fn laid_out_in(dir: &std::path::Path, markdown: &str) -> (Document, Typesetter) {
    let path = dir.join("book.md");
    std::fs::write(&path, markdown).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    (doc, ts)
}

/// A line's text (word spaces are gaps, not glyphs, so its words run together).
fn line_text(line: &Line, ts: &Typesetter) -> String {
    glyphs_text(line, &ts.shaper.texts)
}

/// A line's text from what its glyphs stand for.
fn glyphs_text(line: &Line, texts: &crate::typeset::GlyphTexts) -> String {
    line.runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.style.face, g.id)))
        .map(|(face, id)| texts.get(face, id).unwrap_or(""))
        .collect()
}

/// Every line of text set, as (x, y, its text), page after page.
fn placed_lines(doc: &Document, ts: &Typesetter) -> Vec<(f64, f64, String)> {
    let items = doc.pages.iter().flat_map(|p| p.items.iter());
    items
        .filter_map(|i| match i {
            Placed::Text { x, y, line } => Some((x.0, y.0, line_text(line, ts))),
            _ => None,
        })
        .collect()
}

/// The first page of the contents.
/// The first page setting a line whose text holds `text` (glue is no glyph: without spaces).
fn page_with<'d>(doc: &'d Document, ts: &Typesetter, text: &str) -> Option<&'d Page> {
    doc.pages.iter().find(|p| {
        p.items.iter().any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, ts).contains(text)))
    })
}

fn contents_page<'d>(doc: &'d Document, ts: &Typesetter) -> &'d Page {
    doc.pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, ts) == "Contents"))
        })
        .expect("a contents page")
}

/// The lines of the contents' first page that hold a word: its entries' titles (and bylines).
fn contents_entries(doc: &Document, ts: &Typesetter) -> Vec<String> {
    contents_page(doc, ts)
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { line, .. } => Some(line_text(line, ts)),
            _ => None,
        })
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect()
}

/// Every line of text set, page by page.
fn lines(doc: &Document) -> impl Iterator<Item = &Line> {
    doc.pages.iter().flat_map(|p| p.items.iter()).filter_map(|i| match i {
        Placed::Text { line, .. } => Some(line),
        _ => None,
    })
}

/// A page's lines of text.
fn page_lines(page: &Page) -> Vec<&Line> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { line, .. } => Some(line),
            _ => None,
        })
        .collect()
}

/// Each page's text, its lines joined by newlines.
fn pages_text(markdown: &str) -> Vec<String> {
    let (doc, ts) = laid_out(markdown);
    doc.pages
        .iter()
        .map(|p| {
            let lines = p.items.iter().filter_map(|i| match i {
                Placed::Text { line, .. } => Some(line_text(line, &ts)),
                _ => None,
            });
            lines.collect::<Vec<_>>().join("\n")
        })
        .collect()
}

#[test]
fn an_unlisted_chapter_is_left_out_of_the_contents_but_not_the_book() {
    let md = "---\ntitle: Listed\n---\n\n# Alpha\n\nA.\n\n# Beta {.unlisted}\n\nB.\n\n# Gamma\n\nC.\n";
    let (doc, _) = laid_out(md);
    let pages = pages_text(md);
    let contents = pages.iter().find(|p| p.starts_with("Contents")).expect("a contents page");
    assert!(contents.contains("Alpha") && contents.contains("Gamma"), "{contents}");
    assert!(!contents.contains("Beta"), "{contents}");
    assert!(pages.iter().any(|p| p.starts_with("Beta")), "the chapter is still set");
    assert!(doc.outline.iter().any(|m| m.title == "Beta"), "and bookmarked");
}

#[test]
fn stress_marks_read_back_and_stand_above_capitals() {
    // Russian marks stress with U+0301 over any vowel, capitals too. The font puts the accent
    // over a capital higher than over a small letter; and the letter's glyph, met elsewhere
    // without an accent, must not swallow the accent's text.
    let md = "---\ntitle: Ударение\nlang: ru\n---\n\n# Глава\n\nЗа́мок и замо́к, а не замок. А́ристократ.\n";
    let (doc, ts) = laid_out(md);
    let all: String = lines(&doc).map(|l| line_text(l, &ts)).collect();
    for word in ["За́мок", "замо́к", "замок", "А́ристократ"] {
        assert!(all.contains(word), "{word} not in {all:?}");
    }
    let acute = |c: &str| c == "\u{301}";
    let raised: Vec<f64> = lines(&doc)
        .flat_map(|l| l.runs.iter())
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.style.face, g)))
        .filter(|(face, g)| ts.shaper.texts.get(*face, g.id).is_some_and(acute))
        .map(|(_, g)| g.y().0)
        .collect();
    assert_eq!(raised.len(), 3, "three accents");
    assert!(raised[2] > 1.0, "the accent over А́ is raised: {raised:?}");
    assert!(raised[..2].iter().all(|&y| y == 0.0), "over small letters it is not: {raised:?}");
}

#[test]
fn lists_tables_and_definitions_keep_their_text_where_only_running_text_fits() {
    // A book epigraph, a dedication, a chapter epigraph and a note are set as running text:
    // a list, a table or a definition list there loses its layout, never its words.
    let md = "---\ntitle: Kept\n---\n\n> - listzqa\n>\n> | tablezqb | cellzqc |\n> |---|---|\n>\n\
              > Termzqd\n> :   Definitionzqe\n\n# Dedication {.dedication}\n\n1. dedicatedzqf\n\n\
              # Chapter\n\n> - epigraphzqg\n>\n> — Someone\n\nBody text.[^n]\n\n\
              [^n]: A note with a list:\n\n    - notezqh\n";
    let text = pages_text(md).join("\n");
    for word in [
        "listzqa",
        "tablezqb",
        "cellzqc",
        "Termzqd",
        "Definitionzqe",
        "dedicatedzqf",
        "epigraphzqg",
        "notezqh",
    ] {
        assert!(text.contains(word), "{word} is on a page:\n{text}");
    }
    assert!(text.contains("•listzqa") && text.contains("1.dedicatedzqf"), "items keep their marks:\n{text}");
}

#[test]
fn a_line_ended_by_a_hard_break_keeps_its_natural_spacing() {
    // A break inside emphasis leaves the paragraph justified (it is not verse); the line before
    // the break must not be stretched, letters apart, to the measure.
    let (doc, ts) =
        laid_out("---\ntitle: Breaks\n---\n\n# Chapter\n\n**strong first line\\\nsecond line**\n");
    let line = lines(&doc).find(|l| line_text(l, &ts) == "strongfirstline").expect("the line is set");
    let second = lines(&doc).find(|l| line_text(l, &ts) == "secondline").expect("the next line is set");
    assert_eq!(line.ratio, 0.0, "stretched by {}", line.ratio);
    assert!(line.width.0 < doc.geometry.measure().0 * 0.6, "{:?} wide", line.width);
    // Set alike, the two lines' words are as far apart as their glyphs say.
    let gap = |l: &Line| l.runs[0].glyphs[1].x().0 - l.runs[0].glyphs[0].x().0;
    assert!((gap(line) - gap(second)).abs() < 1.5, "{} against {}", gap(line), gap(second));
}

#[test]
fn every_footnote_is_set_wherever_it_is_marked_or_if_it_is_not() {
    // Notes marked where no line of the flow sets them at its foot (the book's epigraph, a
    // dedication, a part or chapter title, an epigraph's attribution, a table, another note)
    // and notes marked nowhere: each is on a page.
    let md = "---\ntitle: Notes\n---\n\n> Book epigraph.\\\n> Author[^a]\n\n# Dedication {.dedication}\n\n\
              For you[^b].\n\n# Part One[^c] {.part}\n\n## Chapter[^d]\n\n> Chapter epigraph.\n>\n\
              > — Person[^e]\n\nBody[^f].\n\n| Cell[^g] | b |\n|---|---|\n| c | d |\n\n\
              [^a]: Notezqa.\n[^b]: Notezqb.\n[^c]: Notezqc.\n[^d]: Notezqd.\n[^e]: Notezqe.\n\
              [^f]: Notezqf, inner[^h].\n[^g]: Notezqg.\n[^h]: Notezqh.\n[^u]: Notezqu.\n";
    let text = pages_text(md).join("\n");
    for word in ["zqa", "zqb", "zqc", "zqd", "zqe", "zqf", "zqg", "zqh", "zqu"] {
        assert_eq!(text.matches(&format!("Note{word}")).count(), 1, "Note{word} is set once:\n{text}");
    }
}

#[test]
fn a_code_line_wider_than_the_measure_goes_on_under_a_hanging_indent() {
    let long = "let words = [\"a long line of code that runs past the measure of the page\", zqa]; // and on, and on";
    let url = "https://example.org/a/very/long/path/without/any/spaces/at/all/zqb/and/more/zqc";
    let (doc, ts) = laid_out(&format!("---\ntitle: Code\n---\n\n# Chapter\n\n```\n{long}\n{url}\n```\n"));
    let measure = doc.geometry.measure().0;
    let text: String = lines(&doc).map(|l| line_text(l, &ts)).collect();
    for word in ["zqa", "//andon,andon", "zqb", "zqc"] {
        assert!(text.contains(word), "{word} is set:\n{text}");
    }
    for l in lines(&doc) {
        assert!(l.x.0 + l.width.0 <= measure + 0.5, "a line runs past the measure: {}", line_text(l, &ts));
    }
    let joined = long.replace(' ', "");
    let pieces = lines(&doc)
        .map(|l| line_text(l, &ts))
        .filter(|t| joined.contains(t.as_str()) || url.contains(t.as_str()));
    assert!(pieces.count() >= 4, "both code lines wrap");
}

/// Each line of text on a page with its baseline.
fn texts_at(page: &Page, ts: &Typesetter) -> Vec<(f64, String)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { y, line, .. } => Some((y.0, line_text(line, ts))),
            _ => None,
        })
        .collect()
}

#[test]
fn sections_and_subsections_have_heads_of_their_own_rank() {
    let md = "---\ntitle: Heads\n---\n\n# One\n\n### A section\n\nText.\n\n#### A subsection\n\nMore.\n\n##### Deeper\n\nEnd.\n";
    let (doc, ts) = laid_out(md);
    // The last line of the text: the contents, before the text, lists a section's head too.
    let face_of = |text: &str| {
        lines(&doc)
            .filter(|l| line_text(l, &ts) == text)
            .last()
            .map(|l| ts.fonts.face(l.runs[0].style.face).file)
    };
    let section = face_of("Asection").expect("the section's head");
    let subsection = face_of("Asubsection").expect("the subsection's head");
    assert_eq!((section.family, section.style), ("Noto Sans", crate::fonts::FontStyle::Bold));
    assert_eq!((subsection.family, subsection.style), ("Noto Serif", crate::fonts::FontStyle::Bold));
    let deeper = face_of("Deeper").expect("the deeper head");
    assert_eq!((deeper.family, deeper.style), ("Noto Serif", crate::fonts::FontStyle::Italic));
}

#[test]
fn a_word_only_part_of_which_the_text_face_lacks_takes_another_face_for_that_part_alone() {
    let (doc, ts) = laid_out("---\ntitle: T\n---\n\n# One\n\nWe had −1 ≤ x≤2 then.\n");
    let line = lines(&doc).find(|l| line_text(l, &ts).starts_with("Wehad")).expect("the line");
    let glyphs: Vec<(String, &str)> = line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.style.face, g.id)))
        .map(|(face, id)| {
            (ts.shaper.texts.get(face, id).unwrap_or("").to_string(), ts.fonts.face(face).file.file_name)
        })
        .collect();
    let face_of = |t: &str| glyphs.iter().filter(|(g, _)| g == t).map(|(_, f)| *f).collect::<Vec<_>>();
    // Noto Serif has neither sign: they come from the math face, not the monospaced one.
    assert_eq!(face_of("−"), ["NotoSansMath-Regular.ttf"], "{glyphs:?}");
    assert_eq!(face_of("≤"), ["NotoSansMath-Regular.ttf"; 2], "{glyphs:?}");
    // The figures and letters of the same words stay in the text face.
    for t in ["1", "x", "2"] {
        assert_eq!(face_of(t), ["NotoSerif-Regular.ttf"], "{t}: {glyphs:?}");
    }
}
#[test]
fn a_formulas_symbols_come_from_the_math_face_and_its_letters_and_figures_do_not() {
    let (doc, ts) =
        laid_out("---\ntitle: T\n---\n\n# One\n\nThe law: $S = -1 + x_{i-1} \\le \\infty$ holds.\n");
    let file = |face| ts.fonts.face(face).file.file_name;
    // Every glyph of the formula's line with the file of its face.
    let line = lines(&doc).find(|l| line_text(l, &ts).starts_with("Thelaw")).expect("the line");
    let glyphs: Vec<(String, &str)> = line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.style.face, g.id)))
        .map(|(face, id)| (ts.shaper.texts.get(face, id).unwrap_or("").to_string(), file(face)))
        .collect();
    let face_of = |t: &str| glyphs.iter().filter(|(g, _)| g == t).map(|(_, f)| *f).collect::<Vec<_>>();
    assert_eq!(face_of("−"), ["NotoSansMath-Regular.ttf"; 2], "{glyphs:?}");
    assert_eq!(face_of("≤"), ["NotoSansMath-Regular.ttf"]);
    assert_eq!(face_of("∞"), ["NotoSansMath-Regular.ttf"]);
    // The sign's figure stays in the text face beside it, and the variables in its italic.
    assert!(face_of("1").iter().all(|f| *f == "NotoSerif-Regular.ttf"), "{glyphs:?}");
    assert!(face_of("S").iter().all(|f| *f == "NotoSerif-Italic.ttf"), "{glyphs:?}");
    let pages =
        pages_text("---\ntitle: T\n---\n\n# One\n\nThe law: $S = -1 + x_{i-1} \\le \\infty$ holds.\n");
    assert!(pages.iter().any(|p| p.contains("Thelaw:S=−1+xi−1≤∞holds.")), "{pages:?}");
}

mod code_and_tables;
mod display;
mod figures;
mod initial;
mod links;
mod matter;
mod pages;
mod sections;
mod strike;
mod verse;

#[test]
fn numbered_lists_print_their_markers_as_written() {
    // pandoc's lettered, Roman and example lists, and CommonMark's `1)`, each counting on from
    // its first marker in its own figures and marks.
    let md = "---\ntitle: Lists\n---\n\n# One\n\nc. cherryzq\nd. datezq\n   i. innerzq\n   ii. nextzq\n\n\
              (iv) fourzq\n(v) fivezq\n\n1) parenzq\n2) twozq\n\n(@first) examplezq\n\nAs (@first) shows.\n\n\
              B. Russell wrote.\n\n1. - 2. deepzz\n\n- bulletzz\n\n\ta. tabbedzq\n\tb. tabtwozq\n";
    let text = pages_text(md).join("\n");
    let starts: Vec<&str> = text.lines().filter(|l| l.ends_with("zq")).collect();
    assert_eq!(
        starts,
        [
            "c.cherryzq",
            "d.datezq",
            "i.innerzq",
            "ii.nextzq",
            "(iv)fourzq",
            "(v)fivezq",
            "1)parenzq",
            "2)twozq",
            "(1)examplezq",
            "a.tabbedzq",
            "b.tabtwozq"
        ],
        "{text}"
    );
    assert!(text.contains("As(1)shows."), "a reference to an example is its number:\n{text}");
    assert!(text.contains("B.Russellwrote."), "a name is no list:\n{text}");
    assert!(
        text.contains("1.•2.deepzz"),
        "a list starting inside an item's line counts from its own first number:\n{text}"
    );
}

#[test]
fn list_numbers_stand_flush_right_and_their_items_line_up() {
    let items: String = (1..=12).map(|i| format!("{i}. itemzq{i}\n")).collect();
    let (doc, ts) = laid_out(&format!(
        "---\ntitle: Numbers\n---\n\n# One\n\nText.\n\n{items}\n(viii) widezq\n(ix) nextzq\n"
    ));
    // For each item's first line: where its number's last glyph (the period) stands and where
    // the item's text starts.
    let mut periods = Vec::new();
    let mut starts = Vec::new();
    for item in doc.pages.iter().flat_map(|p| p.items.iter()) {
        let Placed::Text { x, line, .. } = item else { continue };
        let text = line_text(line, &ts);
        if !text.contains("itemzq") {
            continue;
        }
        let (marker, rest) = (&line.runs[0], &line.runs[1..]);
        periods.push((*x + marker.glyphs.last().map_or(Pt::ZERO, |g| g.x())).0);
        starts.push((*x + rest[0].glyphs[0].x()).0);
    }
    assert_eq!(periods.len(), 12);
    let same = |v: &[f64]| v.iter().all(|a| (a - v[0]).abs() < 0.01);
    assert!(same(&periods), "`9.` and `10.` end together: {periods:?}");
    assert!(same(&starts), "every item's text starts at one indent: {starts:?}");
    // A number wider than the usual indent pushes its list's items right, not onto the marker.
    let text = pages_text("---\ntitle: N\n---\n\n# One\n\nText.\n\n(viii) widezq\n(ix) nextzq\n").join("\n");
    assert!(text.contains("(viii)widezq"), "{text}");
    let wide = doc.pages.iter().flat_map(|p| p.items.iter()).find_map(|i| match i {
        Placed::Text { x, line, .. } if line_text(line, &ts).contains("widezq") => Some((*x, line)),
        _ => None,
    });
    let (x, line) = wide.expect("the wide item is set");
    let marker_end = x + line.runs[0].glyphs.last().map_or(Pt::ZERO, |g| g.x());
    let text_start = x + line.runs[1].glyphs[0].x();
    assert!(text_start.0 - marker_end.0 > 4.0, "the text clears `(viii)`: {marker_end:?} → {text_start:?}");
}

#[test]
fn an_item_with_no_text_keeps_its_number() {
    let text = pages_text("---\ntitle: E\n---\n\n# One\n\nText.\n\n1. firstzq\n2.\n3. thirdzq\n").join("\n");
    let lines: Vec<&str> = text.lines().skip_while(|l| !l.contains("firstzq")).take(3).collect();
    assert_eq!(lines, ["1.firstzq", "2.", "3.thirdzq"], "{text}");
}

/// Each run of glyphs set, in order (its words run together), with the file of its face.
fn runs_with_faces<'t>(doc: &Document, ts: &'t Typesetter) -> Vec<(String, &'t str)> {
    let mut out = Vec::new();
    for line in lines(doc) {
        for run in &line.runs {
            let text: String =
                run.glyphs.iter().map(|g| ts.shaper.texts.get(run.style.face, g.id).unwrap_or("")).collect();
            out.push((text, ts.fonts.face(run.style.face).file.file_name));
        }
    }
    out
}

#[test]
fn the_titles_emphasis_and_a_headings_are_set_in_the_display_faces_italics() {
    let md = "---\ntitle: \"Reading *Hamlet* Again\"\nsubtitle: \"Notes on *Ulysses* and H~2~O\"\n---\n\n\
              # On *Lear*\n\nText.\n";
    let (doc, ts) = laid_out(md);
    let words = runs_with_faces(&doc, &ts);
    let face_of = |word: &str| {
        let found = words.iter().filter(|(t, _)| t == word).map(|(_, f)| *f);
        found.collect::<std::collections::BTreeSet<_>>()
    };
    // The half-title's and the title page's.
    assert_eq!(face_of("Hamlet"), ["NotoSans-BoldItalic.ttf", "NotoSans-Italic.ttf"].into(), "{words:?}");
    assert_eq!(face_of("Reading"), ["NotoSans-Bold.ttf", "NotoSans-Regular.ttf"].into(), "{words:?}");
    // The subtitle is italic, its emphasis upright; its subscript is set.
    assert_eq!(face_of("Ulysses"), ["NotoSerif-Regular.ttf"].into(), "{words:?}");
    assert_eq!(face_of("Noteson"), ["NotoSerif-Italic.ttf"].into(), "{words:?}");
    assert!(!words.iter().any(|(t, _)| t.contains('~')), "{words:?}");
    assert_eq!(face_of("Lear"), ["NotoSans-BoldItalic.ttf"].into(), "{words:?}");
}

#[test]
fn a_formula_in_italic_text_keeps_its_letters_italic_and_its_figures_upright() {
    let md = "---\ntitle: M\n---\n\n# One\n\n::: lead\nLet $x + 12$ be.\n:::\n\nText.\n";
    let (doc, ts) = laid_out(md);
    let runs = runs_with_faces(&doc, &ts);
    let face = |t: &str| runs.iter().find(|(r, _)| r.contains(t)).map(|(_, f)| *f);
    assert_eq!(face("Let"), Some("NotoSerif-Italic.ttf"), "the lead is italic: {runs:?}");
    // (The variable joins the lead's italic run before it.)
    assert_eq!(face("x"), Some("NotoSerif-Italic.ttf"), "{runs:?}");
    assert_eq!(face("12"), Some("NotoSerif-Regular.ttf"), "{runs:?}");
}

#[test]
fn a_french_passage_in_a_russian_book_is_hyphenated_as_french() {
    // Words of one length, so that some line must end inside one; only French patterns break them.
    let french = "[extraordinaire ".to_string() + &"extraordinaire ".repeat(60) + "extraordinaire]{lang=fr}";
    let md = format!("---\ntitle: Книга\nlang: ru\n---\n\n# Глава\n\nОн сказал: {french}.\n");
    let (doc, ts) = laid_out(&md);
    let ends: Vec<String> = lines(&doc).map(|l| line_text(l, &ts)).filter(|t| t.ends_with('-')).collect();
    assert!(!ends.is_empty(), "some line ends inside a word");
    for end in &ends {
        let stem = end.trim_end_matches('-').rsplit("extraordinaire").next().unwrap_or_default().to_string();
        assert!(["ex", "extra", "extraor", "extraordi"].contains(&stem.as_str()), "{end}: a French break");
    }
}
