//! Sections and their pages: the colophon, numbered chapters set on, heads
//! kept with their text, chapter ends.

use super::*;

#[test]
fn the_copyright_page_names_the_faces_the_book_is_set_in() {
    // Word spaces are gaps, so a line's words run together when read back.
    let colophon = |markdown: &str| -> String {
        let pages = pages_text(markdown);
        let page = pages.iter().find(|p| p.contains("Setin")).expect("a copyright page");
        page.lines().find(|l| l.starts_with("Setin")).unwrap().to_string()
    };
    let head = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n";
    assert_eq!(colophon(&format!("{head}Words.\n")), "SetinNotoSerifandNotoSans.");
    assert_eq!(colophon(&format!("{head}Run `make`.\n")), "SetinNotoSerif,NotoSansandNotoSansMono.");
    assert_eq!(
        colophon(&format!("{head}```\nmake\n```\n\nWith $x \\le 1$.\n")),
        "SetinNotoSerif,NotoSans,NotoSansMonoandNotoSansMath."
    );
    // A formula in a footnote counts too.
    assert_eq!(
        colophon(&format!("{head}Words.[^n]\n\n[^n]: See $x$.\n")),
        "SetinNotoSerif,NotoSansandNotoSansMath."
    );
}

#[test]
fn a_parts_numbered_chapters_run_on_under_their_numbers() {
    // Long enough to run over pages, its end falling inside one.
    let long = "Words of the first section go on. ".repeat(150);
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Song\n\n## 1\n\n{long}A mark.[^a]\n\n[^a]: First note.\n\n\
         ## 2\n\nThe second section.[^b]\n\n[^b]: Second note.\n\n## III.\n\nThe third.\n\n\
         ## IV. The End\n\nFin.\n\n\
         # Other\n\n## Prologue\n\nText.\n\n## 1\n\nOne.\n\n## 2\n\n> Motto.\n>\n> — Someone\n\nTwo.\n"
    );
    let pages = pages_text(&md);
    let page_of =
        |text: &str| pages.iter().position(|p| p.contains(text)).unwrap_or_else(|| panic!("{text}"));
    let (doc, ts) = laid_out(&md);
    let mark = |title: &str, after: usize| {
        doc.outline.iter().filter(|m| m.title == title && m.page >= after).map(|m| m.page).next().unwrap()
    };
    // Sections 2 and III follow on the page where section 1 ends, each under its number, and
    // the contents and bookmarks send the reader to that page.
    let second = page_of("Thesecondsection.");
    assert_eq!(second, page_of("Amark."), "section 2 runs on from section 1");
    assert_eq!(page_of("Thethird."), second);
    let lines: Vec<&str> = pages[second].lines().collect();
    let head = lines.iter().position(|l| *l == "2").expect("section 2's number stands alone");
    assert_eq!(lines[head + 1], "Thesecondsection.2");
    assert!(lines.contains(&"III."));
    let song = mark("Song", 0);
    assert_eq!(mark("1", song), page_of("Wordsofthefirst"));
    assert_eq!(mark("2", song), second);
    assert_eq!(mark("III.", song), second);
    // Section 1 runs over several pages, headed by the part's title, not by "1".
    let first = page_of("Wordsofthefirst");
    assert!(second > first + 1);
    // (A page's head and folio are read back after its text: the author on versos.)
    let head_of = |p: usize| pages[p].lines().rev().nth(1).unwrap_or("");
    assert!((first + 1..=second).all(|p| ["Song", "A"].contains(&head_of(p))), "{pages:?}");
    assert!((first + 1..=second).any(|p| head_of(p) == "Song"));
    // Notes are numbered on through the run, so no page shows two notes 1.
    assert!(
        pages[second].contains("2.\u{a0}Secondnote.") || pages[second].contains("2.Secondnote."),
        "{}",
        pages[second]
    );
    // Section 1 opens a page, but under its number as the others stand under theirs: The Idiot's
    // "I" was set as a chapter's title, half as large again as its "II".
    let head_size = |page: usize, title: &str| {
        doc.pages[page].items.iter().find_map(|i| match i {
            Placed::Text { line, .. } if line_text(line, &ts) == title => Some(line.runs[0].style.size),
            _ => None,
        })
    };
    assert_eq!(head_size(first, "1"), head_size(second, "2"));
    assert!(head_size(first, "1").is_some());
    // The contents lists the part, not its numerals, nor the one numeral with a name after it,
    // which alone under the part read as its only chapter.
    let entries = contents_entries(&doc, &ts);
    assert!(
        entries.contains(&"Song".to_string()) && entries.contains(&"Prologue".to_string()),
        "{entries:?}"
    );
    assert!(!entries.iter().any(|e| e.contains("End") || e == "III."), "{entries:?}");
    // A numbered chapter after a titled one opens its page, and so does one with an epigraph.
    let other = mark("Other", song);
    let (one, two) = (mark("1", other), mark("2", other));
    assert!(one > mark("Prologue", other) && two > one);
    assert!(pages[one].contains("One.") && !pages[one].contains("Two."));
}

#[test]
fn a_head_or_a_stanzas_number_keeps_two_lines_under_it_wherever_the_page_ends() {
    let verse = "First verse line,\\\nsecond verse line,\\\nthird verse line,\\\nfourth verse line.\n";
    for n in 0..40 {
        let filler = (0..n).map(|i| format!("Line {i} of filler.\\\n")).collect::<String>();
        for (head, md) in [
            ("Head", format!("# One\n\n{filler}End.\n\n### Head\n\n{verse}")),
            // Numbers no folio of so short a book reads.
            ("12", format!("# Part\n\n## 11\n\n{filler}End.\n\n## 12\n\n{verse}")),
            // A stanza's number, in bold, as Onegin's.
            ("XVII", format!("# One\n\n{filler}End.\n\n**XVII**\n\n{verse}")),
        ] {
            let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n{md}");
            let pages = pages_text(&md);
            let page_of = |text: &str| pages.iter().rposition(|p| p.lines().any(|l| l == text)).unwrap();
            let at = page_of(head);
            assert_eq!(page_of("Firstverseline,"), at, "{n} lines before {head}");
            assert_eq!(page_of("secondverseline,"), at, "{n} lines before {head}");
        }
    }
}

#[test]
fn a_chapter_set_on_from_the_one_before_keeps_three_lines_under_its_number() {
    // The Idiot's "VII" stood at a page's foot over two lines of its text.
    let prose = "Word ".repeat(70);
    let mut tried = 0;
    for n in 20..60 {
        let filler = (0..n).map(|i| format!("Line {i} of filler.\\\n")).collect::<String>();
        let md = format!(
            "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Part\n\n## 11\n\n{filler}End.\n\n## 12\n\n{prose}\n"
        );
        let pages = pages_text(&md);
        let Some(at) = pages.iter().position(|p| p.lines().any(|l| l == "12")) else { continue };
        let under = pages[at].lines().skip_while(|l| *l != "12").filter(|l| l.starts_with("Word")).count();
        assert!(under >= 3 || at + 1 == pages.len(), "{n} lines before: {under} under the head");
        tried += usize::from(under < 6);
    }
    assert!(tried > 0, "some head fell near a page's foot");
}

#[test]
fn a_paragraph_ending_in_a_colon_goes_overleaf_with_what_it_introduces() {
    for n in 0..40 {
        let filler = (0..n).map(|i| format!("Line {i} of filler.\\\n")).collect::<String>();
        for what in ["- Tea, one fifty.\n- Coffee, two.\n", "| Tea, one fifty. |\n|---|\n| Coffee |\n"] {
            let md = format!(
                "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{filler}End.\n\nThe prices are these:\n\n{what}\nAfter them.\n\nMore.\n\nAnd the end.\n"
            );
            let pages = pages_text(&md);
            let page_of =
                |text: &str| pages.iter().rposition(|p| p.lines().any(|l| l.contains(text))).unwrap();
            assert_eq!(page_of("Thepricesarethese:"), page_of("Tea,onefifty."), "{n} lines before: {what}");
        }
    }
}

#[test]
fn an_anthologys_chapter_names_its_authors_under_its_title() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"Many\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"one.md\"\n[[contents]]\nfile = \"two.md\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("two.md"), "# Two\n\nUnsigned.\n").unwrap();
    std::fs::write(dir.path().join("one.md"), "% Ninja\n% Evan Martin; Ann Other\n\n# Design\n\nText.\n")
        .unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(dir.path(), &Default::default(), &mut diags).expect("the book reads");
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    let page = doc
        .pages
        .iter()
        // The last: the contents, before the text, lists the head too.
        .rfind(|p| {
            p.items.iter().any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, &ts) == "Design"))
        })
        .unwrap();
    let lines: Vec<(String, Pt)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { line, y, .. } => Some((line_text(line, &ts), *y)),
            _ => None,
        })
        .collect();
    let at = |t: &str| lines.iter().position(|(l, _)| l == t).unwrap_or_else(|| panic!("{t}: {lines:?}"));
    let (title, byline, head) = (at("Ninja"), at("EvanMartinandAnnOther"), at("Design"));
    assert!(title < byline && byline < head, "{lines:?}");
    // A line of space parts the names from the text under them.
    assert!(lines[byline].1 - lines[head].1 > Pt(20.0), "{lines:?}");
    // The contents names them under the chapter's entry too.
    let entries = contents_entries(&doc, &ts);
    let at = |t: &str| entries.iter().position(|e| e == t).unwrap_or_else(|| panic!("{t}: {entries:?}"));
    // The names under the title, then the chapter's own head, then the next chapter.
    let names = at("EvanMartinandAnnOther");
    assert_eq!((at("Ninja") + 1, at("Design"), at("Two")), (names, names + 1, names + 2), "{entries:?}");
}

#[test]
fn an_authors_newpage_starts_a_page_and_leaves_none_blank() {
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\nBefore the break.\n\n\\newpage\n\n\
              After the break.\n\n\\pagebreak\n\n\\newpage\n\nLast page.\n\n\\newpage\n\n# Two\n\nNext.\n";
    let pages = pages_text(md);
    let page_of =
        |text: &str| pages.iter().position(|p| p.contains(text)).unwrap_or_else(|| panic!("{text}"));
    let (before, after, last) = (page_of("Beforethebreak."), page_of("Afterthebreak."), page_of("Lastpage."));
    assert_eq!((after, last), (before + 1, before + 2), "two breaks in a row make one");
    let headed = |p: &str| p.lines().any(|l| l == "A" || l == "One");
    assert!(
        headed(&pages[after]) && headed(&pages[last]),
        "a page after a break has its running head: {pages:?}"
    );
    // The chapter after opens on the next recto: a break at a chapter's end adds no page.
    let (doc, _) = laid_out(md);
    let recto = |p: usize| (p - doc.body_start).is_multiple_of(2);
    let next_recto = if recto(last + 1) { last + 1 } else { last + 2 };
    assert_eq!(page_of("Next."), next_recto);
    assert!(!pages.iter().any(|p| p.contains("newpage") || p.contains("pagebreak")));
    // `\cleardoublepage` opens a right-hand page, leaving the verso blank if it must.
    for filler in ["", "Filler.\n\n\\newpage\n\n"] {
        let md = format!(
            "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{filler}Before.\n\n\\cleardoublepage\n\nOn a recto.\n"
        );
        let pages = pages_text(&md);
        let (doc, _) = laid_out(&md);
        let at = pages.iter().position(|p| p.contains("Onarecto.")).unwrap();
        assert!((at - doc.body_start).is_multiple_of(2), "page {at} is a verso ({filler:?})");
        let before = pages.iter().position(|p| p.contains("Before.")).unwrap();
        assert!(at == before + 1 || at == before + 2, "{before} → {at}");
    }
}

#[test]
fn a_chapter_does_not_end_on_a_page_of_one_or_two_lines_when_a_paragraph_can_take_them() {
    // Pride and Prejudice's longer paragraphs, then lines of dialogue that may end up alone
    // overleaf: every count of paragraphs puts the page break elsewhere.
    let novel = include_str!("../../../benches/fixtures/pride-and-prejudice.md");
    let paragraphs: Vec<&str> =
        novel.split("\n\n").filter(|p| p.len() > 400 && !p.contains(['#', '[', '*', '_', '\\'])).collect();
    let mut short = Vec::new();
    for count in 10..90 {
        let text = paragraphs[..count].join("\n\n");
        let md = format!(
            "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{text}\n\n“Yes,” he said.\n\n“No.”\n\n\
             The end.\n\n# Two\n\nMore.\n"
        );
        let pages = pages_text(&md);
        let last = pages.iter().rposition(|p| p.contains("Theend.")).unwrap();
        // The page's text lines, less its running head and folio, which are read back last.
        let lines = pages[last].lines().count().saturating_sub(2);
        if lines <= 2 {
            short.push((count, lines));
        }
    }
    assert!(short.is_empty(), "paragraphs, last page's lines: {short:?}");
}

#[test]
fn the_title_page_says_what_each_contributor_but_the_author_did() {
    let md = "---\ntitle: T\nauthor: Ann Author\neditor: R. W. Chapman\ntranslator: Tia Translator\nlang: en\n---\n\n# One\n\nText.\n";
    let pages = pages_text(md);
    let title = pages.iter().find(|p| p.contains("ANNAUTHOR")).expect("a title page");
    assert!(title.contains("EditedbyR.W.Chapman"), "{title}");
    assert!(title.contains("TranslatedbyTiaTranslator"), "{title}");
}

#[test]
fn marks_side_by_side_read_as_two_notes_each_set_on_their_page() {
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\nA claim with two sources.[^a][^b]\n\n\
              [^a]: Zqfirst.\n[^b]: Zqsecond.\n";
    let pages = pages_text(md);
    let page = pages.iter().find(|p| p.contains("twosources.")).expect("the page of the marks");
    assert!(page.contains("twosources.1,2"), "{page}");
    assert!(page.contains("1.Zqfirst.") && page.contains("2.Zqsecond."), "{page}");
    assert_eq!(pages.iter().map(|p| p.matches("Zqfirst").count()).sum::<usize>(), 1);
    // Each mark links to its own note, and each note back to its mark: two rectangles on the
    // marks' line, not one for both.
    let (doc, _) = laid_out(md);
    let page = doc.pages.iter().find(|p| !p.links.is_empty()).expect("a page with links");
    let mut mark_rects: Vec<_> = page.links.iter().map(|l| l.rect).collect();
    mark_rects.sort_by(|a, b| a.1.0.total_cmp(&b.1.0).then(a.0.0.total_cmp(&b.0.0)));
    let line_y = mark_rects.iter().map(|r| r.1.0).fold(f64::MIN, f64::max);
    let on_line: Vec<_> = mark_rects.iter().filter(|r| (r.1.0 - line_y).abs() < 1e-6).collect();
    assert_eq!(on_line.len(), 2, "{:?}", page.links);
    assert!(on_line[0].2.0 <= on_line[1].0.0 + 2.0, "side by side, not one over both: {on_line:?}");
}

#[test]
fn every_list_item_keeps_its_bullet_though_paragraphs_are_set_again_around_it() {
    let item = "an item long enough to run over two or three lines of the measure, as list items in a \
                technical book often do when they explain";
    // Items of varied lengths, so that spreads end short and paragraphs are set again.
    let list: String = (0..300).map(|i| format!("- {item} {}{i}.\n", "more ".repeat(i * 7 % 11))).collect();
    let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{list}");
    let pages = pages_text(&md);
    let bullets: usize = pages.iter().map(|p| p.matches('•').count()).sum();
    assert_eq!(bullets, 300);
}

#[test]
fn the_contents_list_parts_and_chapters_but_not_numbered_chapters_set_on_under_them() {
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Part One\n\n## Prologue\n\nText.\n\n\
              ## I\n\nOne.\n\n## II\n\n> A motto.\n>\n> — Someone\n\nTwo.\n\n## III\n\nThree.\n\n## Epilogue\n\nEnd.\n\n\
              # Part Two\n\n## IV\n\nFour.\n\n## Interlude\n\nBetween.\n";
    let pages = pages_text(md);
    let contents = pages.iter().find(|p| p.starts_with("Contents")).expect("a contents page");
    // The titles, each on a line of its own; leaders, page numbers and the folio come after.
    let titles: Vec<&str> =
        contents.lines().skip(1).filter(|l| l.chars().any(char::is_alphabetic)).take(6).collect();
    assert_eq!(titles, ["PartOne", "Prologue", "Epilogue", "PartTwo", "IV", "Interlude"], "{contents}");
    // Chapter II opens a page (its epigraph keeps it from running on), but is no more use listed
    // alone among its numbered fellows than they are.
    assert!(!contents.lines().any(|l| ["I", "II", "III"].contains(&l)), "{contents}");
}

#[test]
fn a_running_head_too_long_for_its_line_ends_in_an_ellipsis_clear_of_the_folio() {
    let title = "Applying Optimization Principle Patterns to Component Deployment and Configuration Tools";
    let text = "Words of a long chapter that runs over several pages. ".repeat(300);
    let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# {title}\n\n{text}\n");
    let (doc, ts) = laid_out(&md);
    let mut heads = 0;
    for page in &doc.pages[doc.body_start..] {
        let top = page.items.iter().filter_map(|i| match i {
            Placed::Text { y, .. } => Some(y.0),
            _ => None,
        });
        let Some(head_y) = top.fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.max(y)))) else {
            continue;
        };
        // The head and the folio share the page's top line.
        let on_top: Vec<(f64, f64, String)> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Placed::Text { x, y, line } if (y.0 - head_y).abs() < 1e-6 => {
                    Some((x.0, (*x + line.width).0, line_text(line, &ts)))
                }
                _ => None,
            })
            .collect();
        let [a, b] = &on_top[..] else { continue };
        let (head, folio) = if a.2.chars().all(|c| c.is_ascii_digit()) { (b, a) } else { (a, b) };
        if !head.2.starts_with("Applying") {
            continue;
        }
        heads += 1;
        assert!(head.2.ends_with('…'), "{head:?}");
        let gap = if folio.0 > head.1 { folio.0 - head.1 } else { head.0 - folio.1 };
        assert!(gap > 5.0, "the head runs into the folio: {head:?} {folio:?}");
    }
    assert!(heads > 2, "{heads} pages headed by the chapter");
}

#[test]
fn a_heading_may_give_its_pages_a_shorter_running_head() {
    let text = "Words of a long chapter that runs over several pages. ".repeat(300);
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Applying Optimization Principle Patterns to Component \
         Deployment {{running-head=\"Optimization Patterns\"}}\n\n{text}\n"
    );
    let pages = pages_text(&md);
    // (A page's head and folio are read back after its text.)
    let heads: Vec<&str> = pages.iter().filter_map(|p| p.lines().rev().nth(1)).collect();
    assert!(heads.contains(&"OptimizationPatterns"), "{heads:?}");
    assert!(!heads.iter().any(|h| h.starts_with("Applying")), "{heads:?}");
    // The title itself is set whole where the chapter opens.
    assert!(pages.iter().any(|p| p.contains("ApplyingOptimizationPrinciple")));
}

#[test]
fn a_title_with_a_subtitle_too_long_for_the_head_is_headed_by_its_title_alone() {
    let text = "Mots d’un long chapitre qui court sur plusieurs pages. ".repeat(300);
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: fr\n---\n\n# Deuxième rapport du docteur Watson : la lumière sur la lande, la nuit, les cris et le \
         silence du grand bourbier de Grimpen\n\n{text}\n"
    );
    let pages = pages_text(&md);
    let lines = || pages.iter().flat_map(|p| p.lines());
    let headed = lines().filter(|l| *l == "DeuxièmerapportdudocteurWatson").count();
    assert!(headed > 2, "{headed} pages headed by the title");
    assert!(!lines().any(|l| l.ends_with('…')), "a head cut short");
}

#[test]
fn a_chapter_titled_by_one_long_word_is_headed_by_as_much_of_it_as_fits() {
    // A pasted blob as a title: its letters are tried by halving (once, one at a time: a
    // 1,400-letter title took 1.5 s to head).
    let word = "abcdefghij".repeat(300);
    let text = "Words of a long chapter that runs over several pages. ".repeat(300);
    let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# {word}\n\n{text}\n");
    let pages = pages_text(&md);
    // (A page's head and folio are read back after its text.)
    let heads: Vec<&str> =
        pages.iter().filter_map(|p| p.lines().rev().nth(1)).filter(|h| h.starts_with("abcdefghij")).collect();
    assert!(heads.len() > 2, "{} pages headed by the chapter", heads.len());
    let head = heads[0].strip_suffix('…').expect("the head is cut short with an ellipsis");
    assert!(word.starts_with(head), "{head}");
    // The measure holds some forty letters of this size: the head is as long as that, not a
    // stub left by a search gone wrong.
    assert!((25..80).contains(&head.len()), "{} letters: {head}", head.len());
    assert!(heads.iter().all(|h| *h == heads[0]));
}
