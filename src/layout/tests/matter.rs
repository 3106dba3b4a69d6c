//! The book's furniture around its text: the contents, untitled openings, epigraphs and
//! footnotes.

use super::*;

#[test]
fn every_page_of_a_long_contents_after_its_first_has_a_folio_and_rectos_a_head() {
    let chapters: String = (1..=90).map(|i| format!("# Chapter the {i}th\n\nText {i}.\n\n")).collect();
    let md = format!("---\ntitle: Many\nauthor: A. Writer\n---\n\n{chapters}");
    let pages = pages_text(&md);
    let first = pages.iter().position(|p| p.starts_with("Contents")).expect("a contents page");
    let rest: Vec<usize> = (first + 1..pages.len())
        .take_while(|&i| pages[i].contains("Chapterthe") && !pages[i].contains("Text"))
        .collect();
    assert!(!rest.is_empty(), "ninety entries take more than a page");
    for i in rest {
        let folio = crate::labels::roman(i + 1);
        assert!(pages[i].lines().any(|l| l == folio), "page {i} lacks its folio {folio}:\n{}", pages[i]);
        // (Lines read back without their spaces.)
        let head = if i % 2 == 0 { "Contents" } else { "A.Writer" };
        assert!(pages[i].lines().any(|l| l == head), "page {i} lacks its head {head}:\n{}", pages[i]);
    }
}

#[test]
fn a_contents_a_few_entries_too_long_for_its_page_rises_rather_than_turn_them_over() {
    // pandoc's test suite: one entry, "Footnotes", alone on the contents' second page, under
    // free lines above the sunk heading of its first.
    let mut overflowed = 0;
    for n in 20..50 {
        let chapters: String = (1..=n).map(|i| format!("# Chapter {i}\n\nText {i}.\n\n")).collect();
        let pages = pages_text(&format!("---\ntitle: Many\nauthor: A. Writer\n---\n\n{chapters}"));
        let first = pages.iter().position(|p| p.starts_with("Contents")).expect("a contents page");
        let Some(next) = pages.get(first + 1).filter(|p| p.contains("Chapter") && !p.contains("Text")) else {
            continue;
        };
        overflowed += 1;
        let entries = next.lines().filter(|l| l.starts_with("Chapter")).count();
        assert!(entries >= 3, "{n} chapters: {entries} entries turned over:\n{next}");
    }
    assert!(overflowed > 0, "no contents ran past its page");
}

#[test]
fn a_short_untitled_opening_is_a_dedication_and_a_long_one_an_introduction() {
    // Onegin's verses to Pletnev: a poem alone on its recto, its lines flush with each other and
    // the poem centred by its longest, out of the contents.
    let md = "---\ntitle: Poems\n---\n\nNot meant to please the proud,\\\nBut for a friend whose heart is kind.\n\n\
              # One\n\nText.\n\n# Two\n\nText.\n";
    let (doc, _) = laid_out(md);
    let pages = pages_text(md);
    let contents = pages.iter().find(|p| p.starts_with("Contents")).expect("a contents page");
    // (Lines read back without their spaces.)
    assert!(!contents.contains("Notmeant") && !contents.contains("Dedication"), "{contents}");
    let mark = doc.outline.iter().find(|m| m.title == "Dedication").expect("bookmarked as the dedication");
    assert_eq!(mark.page % 2, 0, "on a recto");
    let lines: Vec<(Pt, Pt)> = doc.pages[mark.page]
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { x, line, .. } => Some((*x + line.x, line.width)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 2, "{:?}", pages[mark.page]);
    assert!((lines[0].0 - lines[1].0).0.abs() < 0.01, "the poem's lines share their left edge: {lines:?}");
    let g = &doc.geometry;
    let (left, right) = (g.left(mark.page), g.left(mark.page) + g.measure());
    let (start, end) = (lines[1].0, lines[1].0 + lines[1].1);
    assert!(start > left + Pt(30.0), "not at the margin: {start:?} from {left:?}");
    assert!((start - left).0 > (right - end).0, "centred by its longest line, inside the indent: {lines:?}");
    // More than a few lines is an untitled introduction, listed as one.
    let prose = "A longer opening, in prose, before the first chapter of the book. ".repeat(12);
    let md = format!("---\ntitle: Poems\n---\n\n{prose}\n\n# One\n\nText.\n\n# Two\n\nText.\n");
    let pages = pages_text(&md);
    let contents = pages.iter().find(|p| p.starts_with("Contents")).expect("a contents page");
    assert!(contents.contains("Introduction"), "{contents}");
}

#[test]
fn a_notes_later_paragraphs_are_indented_its_code_monospaced_and_a_quotes_note_full_size() {
    let md = "---\ntitle: Notes\n---\n\n# One\n\nBody with a mark.[^a]\n\n> Quoted with a mark.[^b]\n\n\
              [^a]: First para.\n\n    Second para.\n\n        { <code> }\n\n[^b]: In quote.\n";
    let (doc, ts) = laid_out(md);
    let placed: Vec<(Pt, &Line, String)> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            // Where its first glyph stands: a first line's indent is a box inside the line.
            Placed::Text { x, line, .. } => {
                let ink = line.runs.first().and_then(|r| r.glyphs.first()).map_or(Pt::ZERO, |g| g.x());
                Some((*x + line.x + ink, line, line_text(line, &ts)))
            }
            _ => None,
        })
        .collect();
    let find =
        |t: &str| placed.iter().find(|(_, _, s)| s.contains(t)).unwrap_or_else(|| panic!("{t}: {placed:?}"));
    let (first, first_line, _) = find("Firstpara");
    let (second, _, _) = find("Secondpara");
    let (code, code_line, _) = find("<code>");
    let (_, quoted, _) = find("Inquote");
    assert!(second.0 > first.0 + 3.0, "the second paragraph is indented: {second:?} vs {first:?}");
    assert!(code.0 > first.0 + 3.0, "so is the code: {code:?}");
    let mono = ts.fonts.select(crate::typeset::Family::Mono, crate::fonts::FontStyle::Regular);
    assert!(code_line.runs.iter().all(|r| r.style.face == mono), "code in the monospaced face");
    assert_eq!(quoted.size, first_line.size, "a note marked in a quotation is set as any other");
}

#[test]
fn a_chapter_epigraphs_second_paragraph_is_indented() {
    let md = "---\ntitle: E\n---\n\n# One\n\n> Más vale pájaro en mano.\n>\n> A bird in hand.\n>\n> — Proverb\n\nText.\n";
    let (doc, ts) = laid_out(md);
    let ink = |t: &str| {
        doc.pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|i| match i {
                Placed::Text { x, line, .. } if line_text(line, &ts).contains(t) => {
                    let g = line.runs.first().and_then(|r| r.glyphs.first()).map_or(Pt::ZERO, |g| g.x());
                    Some(*x + line.x + g)
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{t} is set"))
    };
    assert!(ink("Abird").0 > ink("Másvale").0 + 3.0, "{:?} vs {:?}", ink("Abird"), ink("Másvale"));
}

#[test]
fn contents_leaders_all_stop_short_of_the_widest_page_number() {
    let chapters: String = (1..=12).map(|i| format!("# Chapter {i}\n\nText.\n\n")).collect();
    let md = format!("---\ntitle: Leaders\n---\n\n{chapters}");
    let (doc, ts) = laid_out(&md);
    let contents = contents_page(&doc, &ts);
    // The last dot of each entry's leader, by baseline.
    let mut ends: std::collections::BTreeMap<i64, f64> = std::collections::BTreeMap::new();
    for item in &contents.items {
        if let Placed::Text { x, y, line } = item
            && line_text(line, &ts) == "."
        {
            let end = ends.entry((y.0 * 100.0) as i64).or_insert(f64::MIN);
            *end = end.max(x.0);
        }
    }
    assert_eq!(ends.len(), 12, "a leader an entry");
    let (lo, hi) = ends.values().fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    assert!(hi - lo < 0.01, "leaders end at {lo}..{hi}: {ends:?}");
}

#[test]
fn every_contents_entry_has_a_leader_however_far_its_title_runs() {
    // Titles a word and a letter or two longer each: some end, on one line or two, just short of the
    // numbers, where the first setting left no room for a dot.
    let words = ["Deuxième", "rapport", "du", "docteur", "Watson", "la", "lumière", "sur", "la", "lande"];
    let chapters: String = (1..=14)
        .map(|n| {
            let title: Vec<&str> = words.iter().cycle().take(n + 4).copied().collect();
            format!("# {} {}\n\nText.\n\n", title.join(" "), "x".repeat(n % 5))
        })
        .collect();
    let (doc, ts) = laid_out(&format!("---\ntitle: Leaders\n---\n\n{chapters}"));
    let contents = contents_page(&doc, &ts);
    let mut dots: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for item in &contents.items {
        if let Placed::Text { y, line, .. } = item
            && line_text(line, &ts) == "."
        {
            *dots.entry((y.0 * 100.0) as i64).or_default() += 1;
        }
    }
    assert_eq!(dots.len(), 14, "a leader an entry: {dots:?}");
    assert!(dots.values().all(|&n| n >= 2), "{dots:?}");
}

#[test]
fn a_chapters_own_headings_are_listed_bookmarked_and_linked_to_where_they_stand() {
    let filler = "A paragraph of the chapter's text that runs on long enough to fill some lines. ".repeat(12);
    let text = format!("{filler}\n\n{filler}\n\n{filler}\n\n");
    let md = format!(
        "---\ntitle: Manual\n---\n\n# Guide\n\n## Install\n\n{text}### From source\n\n{text}### 2\n\nText.\n\n\
         ## Use\n\nText.\n\n### Mix\n\nText.\n"
    );
    let (doc, ts) = laid_out(&md);
    let install = doc.outline.iter().find(|m| m.title == "Install").expect("the chapter's bookmark");
    // Where a heading is set in the text (the contents, before it, lists it too).
    let heading_at = |title: &str| -> (usize, f64) {
        doc.pages
            .iter()
            .enumerate()
            .skip(install.page)
            .find_map(|(i, p)| {
                p.items.iter().find_map(|item| match item {
                    Placed::Text { y, line, .. } if line_text(line, &ts) == title => Some((i, y.0)),
                    _ => None,
                })
            })
            .unwrap_or_else(|| panic!("{title} is set"))
    };
    let (source_page, source_y) = heading_at("Fromsource");
    assert!(source_page > install.page, "the filler pushes the heading past the chapter's opening");
    // Bookmarked under its chapter, at its place, in reading order; the bare number is not.
    let titles: Vec<(&str, usize)> = doc.outline.iter().map(|m| (m.title.as_str(), m.level)).collect();
    let at = |t: &str| titles.iter().position(|(x, _)| *x == t);
    assert!(at("Install") < at("From source") && at("From source") < at("Use") && at("Use") < at("Mix"));
    assert_eq!(titles[at("Install").unwrap()].1, 1, "a chapter of the part: {titles:?}");
    assert_eq!(titles[at("From source").unwrap()].1, 2, "{titles:?}");
    assert!(at("2").is_none(), "{titles:?}");
    let mark = &doc.outline[at("From source").unwrap()];
    let top = mark.top.expect("a heading's bookmark leads to its place").0;
    assert_eq!(mark.page, source_page);
    assert!(top > source_y && top - source_y < 30.0, "the view opens just above it: {top} over {source_y}");
    // Listed in the contents, indented under its chapter, with the page it is set on, linked there.
    let contents = contents_page(&doc, &ts);
    let entry = |t: &str| -> (f64, f64) {
        contents
            .items
            .iter()
            .find_map(|i| match i {
                Placed::Text { x, y, line } if line_text(line, &ts) == t => Some((x.0, y.0)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{t} in the contents"))
    };
    let ((chapter_x, _), (entry_x, entry_y)) = (entry("Install"), entry("Fromsource"));
    assert!(entry_x > chapter_x, "indented under its chapter");
    let folio = (source_page - doc.body_start + 1).to_string();
    let number = contents.items.iter().any(|i| {
        matches!(i, Placed::Text { y, line, .. } if (y.0 - entry_y).abs() < 0.01 && line_text(line, &ts) == folio)
    });
    assert!(number, "its page number {folio} on its line");
    let linked = contents.links.iter().any(|l| {
        l.rect.1.0 < entry_y
            && entry_y < l.rect.3.0
            && l.to == LinkTo::Page { page: source_page, top: mark.top }
    });
    assert!(linked, "its entry leads to its place: {:?}", contents.links);
    assert!(entry("Mix").0 > entry("Use").0);
}

#[test]
fn a_contents_entry_keeps_with_its_first_subentry_and_turns_over_deeper_than_them() {
    let long = "A chapter title long enough that it has to turn over onto a second line of the contents";
    for sections in 1..=3 {
        let mut md = String::from("---\ntitle: Many\n---\n\n");
        for c in 0..30 {
            let title = if c == 3 { long.to_string() } else { format!("Chapter {c}") };
            md.push_str(&format!("# Part {c}\n\n## {title}\n\nText.\n\n"));
            for s in 0..sections {
                md.push_str(&format!("### Section {c}.{s}\n\nText.\n\n"));
            }
        }
        let (doc, ts) = laid_out(&md);
        // Each contents page's entries as (x, text), leaders, numbers and heads left out.
        let first = doc.pages.iter().position(|p| std::ptr::eq(p, contents_page(&doc, &ts))).unwrap();
        let entries: Vec<Vec<(f64, String)>> = doc.pages[first..]
            .iter()
            .take_while(|p| {
                p.items.iter().any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, &ts) == "."))
            })
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|i| match i {
                        Placed::Text { x, line, .. } => Some((x.0 + line.x.0, line_text(line, &ts))),
                        _ => None,
                    })
                    .filter(|(_, t)| t.chars().any(char::is_alphabetic) && t != "Contents" && t != "Many")
                    .filter(|(_, t)| crate::model::roman_value(t).is_none())
                    .collect()
            })
            .collect();
        assert!(entries.len() > 1, "the contents runs over pages");
        let x = |t: &str| entries.iter().flatten().find(|(_, e)| e.starts_with(t)).map(|(x, _)| *x).unwrap();
        let (part, chapter, section) = (x("Part1"), x("Chapter1"), x("Section1.0"));
        assert!(part < chapter && chapter < section, "{part} {chapter} {section}");
        // Levels by indent from the page's own margin (rectos and versos have their own).
        let level = |page: &[(f64, String)], e: &(f64, String)| {
            let margin = page.iter().map(|(x, _)| *x).fold(f64::MAX, f64::min);
            ((e.0 - margin) / 15.0).round() as i32
        };
        for pair in entries.windows(2) {
            let (last, next) = (pair[0].last().unwrap(), &pair[1][0]);
            assert!(
                level(&pair[0], last) >= level(&pair[1], next),
                "{:?} ends a page without its first entry {:?}: {:?}",
                last.1,
                next.1,
                pair
            );
        }
        // The long title's second line stands deeper than the sections under it.
        let flat: Vec<&(f64, String)> = entries.iter().flatten().collect();
        let at = flat.iter().position(|(_, t)| t.starts_with("Achaptertitle")).expect("the long title");
        let turned = flat[at + 1];
        assert!(
            turned.0 > x("Section3.0") + 1.0,
            "turned over at {}, sections at {}",
            turned.0,
            x("Section3.0")
        );
    }
}

#[test]
fn a_copyright_page_longer_than_a_page_runs_on_and_a_title_page_that_cannot_is_warned_about() {
    // A licence's whole text as `rights`: set from the top of the copyright page and run on,
    // every word printed (it was set from above the paper's top edge and lost).
    let rights = (0..1500).map(|i| format!("r{i}")).collect::<Vec<_>>().join(" ");
    let (doc, ts) =
        laid_out(&format!("---\ntitle: R\nlang: en\nrights: \"{rights}\"\n---\n\n# One\n\nText.\n"));
    let all: String = placed_lines(&doc, &ts).into_iter().map(|(_, _, t)| t).collect();
    let run: String = (0..1500).map(|i| format!("r{i}")).collect();
    assert!(all.contains(&run), "the rights are not all set, in order");
    let (low, high) = (doc.geometry.bleed.0, (doc.geometry.bleed + doc.geometry.height).0);
    assert!(placed_lines(&doc, &ts).iter().all(|(_, y, _)| *y >= low && *y <= high), "text off the paper");
    assert!(doc.preflight.is_empty(), "{:?}", doc.preflight);
    // Three hundred authors do not fit a title page at its smallest type: the author is told.
    let authors: String = (0..300).map(|i| format!("  - Author{i} Surname\n")).collect();
    let (doc, _) = laid_out(&format!("---\ntitle: A\nlang: en\nauthor:\n{authors}---\n\n# One\n\nText.\n"));
    assert!(doc.preflight.iter().any(|w| w.message.contains("runs off the paper")), "{:?}", doc.preflight);
}

#[test]
fn an_authors_page_filled_by_credentials_sets_the_whole_biography_after_it() {
    // The credentials fill the page; the biography then has no room on it and starts on the
    // next page, whose first line had been lost.
    let dir = tempfile::tempdir().unwrap();
    let words = |tag: &str, n: usize| (0..n).map(|i| format!("{tag}{i}")).collect::<Vec<_>>().join(" ");
    let toml = format!(
        "title = \"B\"\nlanguage = \"en\"\n\n[[contributors]]\nname = \"A. Writer\"\ncredentials = \"{}\"\n\n\
         [[contents]]\nfile = \"one.md\"\n\n[[contents]]\nrole = \"about-author\"\nfile = \"bio.md\"\n",
        words("c", 800)
    );
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    std::fs::write(dir.path().join("one.md"), "# One\n\nText.\n").unwrap();
    std::fs::write(dir.path().join("bio.md"), format!("{}\n", words("b", 300))).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(dir.path(), &Default::default(), &mut diags).expect("the book reads");
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    let all: String = placed_lines(&doc, &ts).into_iter().map(|(_, _, t)| t).collect();
    let run: String = (0..300).map(|i| format!("b{i}")).collect();
    assert!(all.contains(&run), "the biography is not all set, in order");
    // Credentials longer than the page run on to the next one instead of off the paper (the
    // folio of the page they leave comes between their halves in the page's items).
    let mut from = 0;
    for i in 0..800 {
        let word = format!("c{i}");
        let at = all[from..]
            .find(&word)
            .unwrap_or_else(|| panic!("the credentials lose {word} or set it out of order"));
        from += at + word.len();
    }
    assert!(doc.preflight.is_empty(), "text left off the paper: {:?}", doc.preflight);
    // The pages they run on to are headed and numbered like the biography's own.
    let top = doc.geometry.baseline(0.0).0 + 0.01;
    let holding: Vec<&Page> = doc
        .pages
        .iter()
        .filter(|p| {
            texts_at(p, &ts)
                .iter()
                .any(|(_, t)| t.starts_with('c') && t.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
        })
        .collect();
    assert!(holding.len() >= 3, "800 credentials fill more than two pages");
    for page in &holding[1..] {
        let heads = texts_at(page, &ts).into_iter().filter(|(y, _)| *y > top).count();
        assert!(heads >= 2, "a page the credentials ran on to has its running head and folio");
    }
}

#[test]
fn a_note_marked_in_the_books_epigraph_stands_under_the_same_rule_as_any_other() {
    // Onegin's French epigraph: its translation sat at the page's foot with no rule over it.
    let md = "---\ntitle: Rule\n---\n\n> Pétri de vanité.[^a]\n>\n> — Tiré d’une lettre\n\n# One\n\n\
              Body.[^b]\n\n[^a]: Проникнутый тщеславием.\n[^b]: A note.\n";
    let (doc, ts) = laid_out(md);
    for note in ["Проникнутый", "Anote"] {
        let page = page_with(&doc, &ts, note).unwrap_or_else(|| panic!("no page sets {note}"));
        let note_y = page.items.iter().find_map(|i| match i {
            Placed::Text { y, line, .. } if line_text(line, &ts).contains(note) => Some(*y),
            _ => None,
        });
        let rule = page.items.iter().find_map(|i| match i {
            Placed::Rule { y, w, .. } => Some((*y, *w)),
            _ => None,
        });
        let (Some(note_y), Some((rule_y, w))) = (note_y, rule) else { panic!("{note}: no rule on its page") };
        assert!(rule_y > note_y && rule_y.0 < note_y.0 + 20.0, "{note}: the rule just above the note");
        assert!(w.0 > 20.0, "{note}: a short rule, not a hairline");
    }
}

#[test]
fn contents_entries_keep_their_titles_italics_and_code() {
    // Entries were set from the titles' plain text: `--create` lost its code face and a book's
    // title its italics, which the headings themselves keep.
    let md = "---\ntitle: Styles\n---\n\n# On *Hamlet* again[^1]\n\nText.\n\n[^1]: A note.\n\n\
              # The `--create` option\n\nText.\n\n## The *first* use\n\nText.\n";
    let (doc, ts) = laid_out(md);
    let contents = contents_page(&doc, &ts);
    let file = |run: &crate::typeset::GlyphRun| ts.fonts.face(run.style.face).file.file_name;
    // Each word of `words` with the font file its run is set in, from the contents' runs.
    let faces_of = |words: &[&str]| -> Vec<(String, &str)> {
        contents
            .items
            .iter()
            .filter_map(|i| match i {
                Placed::Text { line, .. } => Some(line),
                _ => None,
            })
            .flat_map(|l| &l.runs)
            .map(|r| {
                (r.glyphs.iter().filter_map(|g| ts.shaper.texts.get(r.style.face, g.id)).collect(), file(r))
            })
            .filter(|(text, _): &(String, _)| words.iter().any(|w| text.contains(w)))
            .collect()
    };
    let found = faces_of(&["Hamlet", "--create", "first", "option", "again"]);
    let face = |word: &str| found.iter().find(|(t, _)| t.contains(word)).map(|(_, f)| *f);
    assert_eq!(face("Hamlet"), Some("NotoSerif-Italic.ttf"), "{found:?}");
    assert_eq!(face("first"), Some("NotoSerif-Italic.ttf"), "{found:?}");
    assert_eq!(face("--create"), Some("NotoSansMono-Regular.ttf"), "{found:?}");
    assert_eq!(face("option"), Some("NotoSerif-Regular.ttf"), "{found:?}");
    // The note's mark belongs to the heading in the text, not to its entry: nothing is raised.
    assert_eq!(face("again"), Some("NotoSerif-Regular.ttf"), "{found:?}");
    let raised = contents
        .items
        .iter()
        .any(|i| matches!(i, Placed::Text { line, .. } if line.runs.iter().any(|r| r.style.rise.0 > 0.0)));
    assert!(!raised, "a note mark in the contents");
}

#[test]
fn a_book_ending_on_a_recto_ends_with_its_blank_verso() {
    // Half-title, its blank verso, title, copyright, the chapter on a recto: five sides of
    // three leaves, which printers ask to be six.
    let (doc, ts) = laid_out("---\ntitle: Leaves\n---\n\n# One\n\nA short chapter.\n");
    assert_eq!(doc.pages.len() % 2, 0, "{} pages", doc.pages.len());
    let last = doc.pages.last().expect("pages");
    assert!(last.items.is_empty(), "the last page is blank");
    assert!(page_with(&doc, &ts, "Ashortchapter.").is_some_and(|p| !std::ptr::eq(p, last)));
}
