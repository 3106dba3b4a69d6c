//! Sections and their pages: the colophon, numbered chapters set on, poems and stanzas, heads
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
    let long = "Words of the first section go on. ".repeat(200);
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Song\n\n## 1\n\n{long}A mark.[^a]\n\n[^a]: First note.\n\n\
         ## 2\n\nThe second section.[^b]\n\n[^b]: Second note.\n\n## III.\n\nThe third.\n\n\
         # Other\n\n## Prologue\n\nText.\n\n## 1\n\nOne.\n\n## 2\n\n> Motto.\n>\n> — Someone\n\nTwo.\n"
    );
    let pages = pages_text(&md);
    let page_of =
        |text: &str| pages.iter().position(|p| p.contains(text)).unwrap_or_else(|| panic!("{text}"));
    let (doc, _) = laid_out(&md);
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
    // A numbered chapter after a titled one opens its page, and so does one with an epigraph.
    let other = mark("Other", song);
    let (one, two) = (mark("1", other), mark("2", other));
    assert!(one > mark("Prologue", other) && two > one);
    assert!(pages[one].contains("One.") && !pages[one].contains("Two."));
}

#[test]
fn stanzas_and_other_displays_in_a_row_stand_one_line_apart() {
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\nThe first stanza begins,\\\nand its second.\n\n\
              The second stanza begins,\\\nand its end.\n\n> A quotation.\n\n```\ncode\n```\n\nText.\n";
    let (doc, ts) = laid_out(md);
    let baseline = |text: &str| {
        doc.pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|i| match i {
                Placed::Text { line, y, .. } if line_text(line, &ts) == text => Some(y.0),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{text}"))
    };
    let leading = doc.geometry.leading.0;
    let gap = |above: &str, below: &str| ((baseline(above) - baseline(below)) / leading).round();
    assert_eq!(gap("anditssecond.", "Thesecondstanzabegins,"), 2.0, "one blank line between stanzas");
    assert_eq!(gap("anditsend.", "Aquotation."), 2.0);
    assert_eq!(gap("Aquotation.", "code"), 2.0);
    assert_eq!(gap("code", "Text."), 2.0);
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
        .find(|p| {
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
    let contents = doc
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, &ts) == "Contents"))
        })
        .unwrap();
    let entries: Vec<String> = contents
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { line, .. } => Some(line_text(line, &ts)),
            _ => None,
        })
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    let at = |t: &str| entries.iter().position(|e| e == t).unwrap_or_else(|| panic!("{t}: {entries:?}"));
    assert_eq!(
        (at("Ninja") + 1, at("Two")),
        (at("EvanMartinandAnnOther"), at("EvanMartinandAnnOther") + 1),
        "{entries:?}"
    );
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
fn a_poem_opens_on_the_next_page_and_a_prose_chapter_on_a_recto() {
    let verse = "A line of verse,\\\nand another.\n";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Poem one\n\n{verse}\n# Poem two\n\n{verse}\n\
         # Prose one\n\nA paragraph.\n\n# Prose two\n\nAnother.\n"
    );
    let (doc, _) = laid_out(&md);
    let page = |title: &str| doc.outline.iter().find(|m| m.title == title).unwrap().page;
    assert_eq!(page("Poem two"), page("Poem one") + 1);
    assert_eq!((page("Prose one") - doc.body_start) % 2, 0, "a prose chapter opens on a recto");
    assert_eq!(page("Prose two"), page("Prose one") + 2);
}

#[test]
fn a_poem_with_a_dateline_numbered_heads_or_one_line_stanzas_is_still_a_poem() {
    let verse = "A line of verse,\\\nand another.\n";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# First\n\n{verse}\n\
         # Dated\n\n(Washington City, 1865)\n\n{verse}\n\
         # Numbered\n\n### 1\n\n{verse}\nOne line alone.\n\n### 2\n\n{verse}\n\
         # Stanzas numbered\n\n**I**\n\n{verse}\n**II**\n\n{verse}\n\
         # Essay\n\nProse.\n\nMore prose.\n\n{verse}\nProse again.\n\nAnd again.\n\n# End\n\nText.\n"
    );
    let (doc, _) = laid_out(&md);
    let page = |title: &str| doc.outline.iter().find(|m| m.title == title).unwrap().page;
    // Each of the first three opens on the page after the one before.
    assert_eq!(page("Dated"), page("First") + 1);
    assert_eq!(page("Numbered"), page("Dated") + 1);
    // Stanzas under numerals, as in a verse novel, and prose with verse quoted are chapters.
    assert_eq!(
        (page("Stanzas numbered") - doc.body_start) % 2,
        0,
        "a verse novel's chapter opens on a recto"
    );
    assert_eq!((page("Essay") - doc.body_start) % 2, 0);
    assert_eq!((page("End") - doc.body_start) % 2, 0);
}

#[test]
fn a_parts_title_keeps_its_verso_blank_and_a_poem_in_numbered_sections_opens_as_a_poem() {
    let verse = "A line of verse,\\\nand another.\n";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Cluster\n\n## Poem A\n\n{verse}\n## Poem B\n\n{verse}\n\
         # Song\n\n## 1\n\nThe song begins,\\\nand goes on.\n\n## 2\n\n{verse}\n## 3\n\n{verse}\n\
         ## Coda\n\n{verse}\n\
         # Novel\n\n## I\n\nProse.\n\n## II\n\nMore prose.\n"
    );
    let (doc, _) = laid_out(&md);
    let page = |title: &str| doc.outline.iter().find(|m| m.title == title).unwrap().page;
    let level = |title: &str| doc.outline.iter().find(|m| m.title == title).unwrap().level;
    assert_eq!(page("Poem A"), page("Cluster") + 2, "the part title's verso is blank");
    assert_eq!(page("Poem B"), page("Poem A") + 1);
    // One poem in sections: its title over its first section, the sections run on under it.
    assert_eq!(page("1"), page("Song"));
    assert_eq!((level("Song"), level("1"), level("3")), (0, 1, 1));
    let pages = pages_text(&md);
    assert!(pages[page("Song")].contains("Thesongbegins,"), "{:?}", pages[page("Song")]);
    // A poem after it in the part opens the next page, as poems do, under the part.
    assert_eq!((page("Coda"), level("Coda")), (page("3") + 1, 1));
    // A novel's part of numbered chapters keeps its title page.
    assert_eq!(page("I"), page("Novel") + 2);
}

#[test]
fn no_page_holds_a_single_line_of_a_stanza_that_runs_over() {
    let stanza: String = (1..=6).map(|i| format!("Stanza line {i},\\\n")).collect::<String>() + "the end.\n";
    for n in 0..40 {
        let filler = (0..n).map(|i| format!("Line {i} of filler.\\\n")).collect::<String>();
        let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{filler}End.\n\n{stanza}");
        let pages = pages_text(&md);
        let counts: Vec<usize> = pages
            .iter()
            .map(|p| p.lines().filter(|l| l.starts_with("Stanzaline") || *l == "theend.").count())
            .filter(|&c| c > 0)
            .collect();
        assert!(counts.iter().all(|&c| c >= 2), "{n} lines before: the stanza's lines by page {counts:?}");
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
fn a_poems_last_stanza_of_one_line_goes_overleaf_with_the_stanza_before() {
    let stanza: String = (1..=5).map(|i| format!("Stanza line {i},\\\n")).collect::<String>() + "its end.\n";
    for n in 0..40 {
        let filler = (0..n).map(|i| format!("Line {i} of filler.\\\n")).collect::<String>();
        let md = format!(
            "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{filler}End.\n\n{stanza}\nThe last line alone.\n"
        );
        let pages = pages_text(&md);
        let last = pages.iter().position(|p| p.contains("Thelastlinealone.")).unwrap();
        assert!(pages[last].contains("itsend."), "{n} lines before: {:?}", pages[last]);
    }
}

#[test]
fn a_long_poems_pages_end_ragged_at_its_stanzas_rather_than_short() {
    // Stanzas of two to six lines, some long enough to turn: a page may end only between
    // stanzas or inside a long one, so facing pages can seldom end on the same line.
    let mut poem = String::new();
    let mut seed = 7u32;
    for s in 0..150 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let lines = 2 + (seed >> 16) as usize % 5;
        for i in 0..lines {
            poem.push_str(&format!("Line {i} of stanza {s}"));
            if (seed >> (i + 3)) & 1 == 1 {
                poem.push_str(", long enough to turn under the measure of this page");
            }
            poem.push_str(if i + 1 < lines { ",\\\n" } else { ".\n\n" });
        }
    }
    let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Poem\n\n{poem}# After\n\nProse.\n");
    let pages = pages_text(&md);
    // The poem's pages but its first (sunk under the title) and its last: their text lines, less
    // the running head and folio.
    let first = pages.iter().position(|p| p.contains("Line0ofstanza0,")).unwrap();
    let last = pages.iter().rposition(|p| p.contains("ofstanza149")).unwrap();
    let lines: Vec<usize> = pages[first + 1..last].iter().map(|p| p.lines().count() - 2).collect();
    let full = lines.iter().copied().max().unwrap();
    assert!(lines.iter().all(|&n| n + 8 >= full), "lines a page: {lines:?}");
}

#[test]
fn a_poems_last_page_holds_at_least_three_of_its_lines() {
    let stanza: String = (1..=7).map(|i| format!("Stanza line {i},\\\n")).collect::<String>() + "the last.\n";
    let mut short = Vec::new();
    for n in 0..40 {
        let filler = (0..n).map(|i| format!("Line {i} of filler,\\\n")).collect::<String>();
        let md = format!(
            "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{filler}end.\n\n{stanza}\n# Two\n\nProse.\n"
        );
        let pages = pages_text(&md);
        let last = pages.iter().position(|p| p.contains("thelast.")).unwrap();
        let lines = pages[last]
            .lines()
            .filter(|l| l.starts_with("Stanzaline") || l.contains("filler") || *l == "thelast.");
        let count = lines.count();
        if count < 3 {
            short.push((n, count));
        }
    }
    assert!(short.is_empty(), "lines before, lines on the poem's last page: {short:?}");
}

#[test]
fn a_chapters_opening_verse_is_its_epigraph_even_without_a_dash_and_its_notes_stand_at_the_foot() {
    // Stanzas enough to run the first chapter over a few pages: a note it cannot place goes to
    // the chapter's end.
    let stanzas = "Стих первый,\\\nстих второй,\\\nстих третий.\n\n".repeat(40);
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: ru\n---\n\n# Глава первая\n\n\
         > И жить торопится, и чувствовать спешит.\\\n> Князь Вяземский[^1]\n\n**I**\n\n\
         {stanzas}# Глава вторая\n\n> O rus!\\\n> Hor.[^3]\\\n> О Русь!\n\n\
         Текст.\n\n# Глава третья\n\n> Письмо начиналось так,\n> и шло дальше.\n\nТекст.\n\n\
         # Глава четвертая\n\n> La morale est dans la nature des choses.\\\n> Necker[^2]\\\n> I. II. III. IV. V. VI\n\n\
         **VII**\n\nЧем меньше женщину мы любим.\n\n\
         [^1]: Эпиграф взят из стихотворения.\n\n[^2]: Неккер.\n\n[^3]: Гораций.\n"
    );
    let md = md.as_str();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    std::fs::write(&path, md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&path, &Default::default(), &mut diags).unwrap();
    let plain = |inlines: &[Inline]| Inline::plain_text(inlines);
    let first = book.body[0].epigraphs.first().expect("the first chapter's epigraph");
    assert_eq!(first.attribution.as_deref().map(plain).as_deref(), Some("Князь Вяземский"));
    // A name before more lines ends one epigraph and the next begins (Onegin's second chapter:
    // Horace, then the Russian pun); a prose quote (a letter) is no epigraph; stanza numbers
    // after an epigraph's author are the text's.
    let second: Vec<(String, Option<String>)> = book.body[1]
        .epigraphs
        .iter()
        .map(|e| {
            (
                e.blocks.iter().map(|b| plain(&crate::layout::display_inlines(b))).collect(),
                e.attribution.as_deref().map(plain),
            )
        })
        .collect();
    assert_eq!(second, [("O rus!".to_string(), Some("Hor.".to_string())), ("О Русь!".to_string(), None)]);
    assert!(book.body[2].epigraphs.is_empty());
    let fourth = &book.body[3];
    assert_eq!(fourth.epigraphs.len(), 1);
    assert_eq!(fourth.epigraphs[0].attribution.as_deref().map(plain).as_deref(), Some("Necker"));
    assert!(
        matches!(fourth.blocks.first(), Some(Block::Paragraph(p)) if plain(&p.inlines) == "I. II. III. IV. V. VI"),
        "{:?}",
        fourth.blocks.first()
    );
    // The epigraph's note stands at the foot of its page, as any other.
    let pages = pages_text(md);
    let opening = pages.iter().find(|p| p.contains("Ижитьторопится")).unwrap();
    assert!(opening.contains("Эпиграфвзятизстихотворения."), "{opening}");
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
fn a_stanzas_numeral_stands_over_its_first_line_not_out_at_the_margin_a_line_above() {
    let stanza =
        |n: &str| format!("**{n}**\n\nStanza {n} begins,\\\nand stanza {n} goes on,\\\nand ends.\n\n");
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Chapter\n\n{}{}Prose after them.\n",
        stanza("I"),
        stanza("II")
    );
    let (doc, ts) = laid_out(&md);
    let placed: Vec<(f64, f64, String)> = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Placed::Text { x, y, line } => Some((x.0, y.0, line_text(line, &ts))),
            _ => None,
        })
        .collect();
    let at = |text: &str| {
        placed.iter().find(|(_, _, t)| t == text).unwrap_or_else(|| panic!("{text}: {placed:?}"))
    };
    // The grid's leading, from two lines of a stanza.
    let leading = (at("andstanzaIgoeson,").1 - at("StanzaIbegins,").1).abs();
    assert!(leading > 10.0, "{leading}");
    for n in ["I", "II"] {
        let (label, first) = (at(n), at(&format!("Stanza{n}begins,")));
        assert!((label.0 - first.0).abs() < 0.01, "{n} is set in as its stanza is: {label:?} {first:?}");
        assert!(
            ((label.1 - first.1).abs() - leading).abs() < 0.01,
            "{n} right over its stanza: {label:?} {first:?}"
        );
    }
    // A line of space parts a stanza from the next one's numeral, as stanzas are parted.
    let (end, next) = (at("andends."), at("II"));
    assert!(((end.1 - next.1).abs() - 2.0 * leading).abs() < 0.01, "{end:?} {next:?}");
    // Prose after verse is set at the margin.
    assert!(at("Proseafterthem.").0 < at("I").0);
    // After prose, a numeral has a line of space above it, as after a stanza.
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Chapter\n\nSome prose.\n\n**I**\n\nA stanza,\\\nof two lines.\n";
    let (doc, ts) = laid_out(md);
    let ys: Vec<(f64, String)> = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Placed::Text { y, line, .. } => Some((y.0, line_text(line, &ts))),
            _ => None,
        })
        .collect();
    let y =
        |t: &str| ys.iter().find(|(_, s)| s == t).map(|(y, _)| *y).unwrap_or_else(|| panic!("{t}: {ys:?}"));
    assert!(((y("Someprose.") - y("I")) - 2.0 * leading).abs() < 0.01, "{ys:?}");
    assert!(((y("I") - y("Astanza,")) - leading).abs() < 0.01, "{ys:?}");
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
