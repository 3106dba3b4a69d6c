//! Verse and epigraphs on the page: poems opening and ending their pages, stanzas kept whole,
//! their numerals over them, and the epigraphs chapters open on.

use super::*;

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
fn a_poem_among_prose_chapters_opens_on_a_recto_as_they_do() {
    // Onegin's fragments after its eighth chapter: a poem, in a book of chapters.
    let verse = "A line of verse,\\\nand another.\n";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\nA paragraph.\n\n# Two\n\nAnother.\n\n\
         # Three\n\nA third.\n\n# Fragments\n\nA headnote.\n\n{verse}\n{verse}"
    );
    let (doc, _) = laid_out(&md);
    let page = |title: &str| doc.outline.iter().find(|m| m.title == title).unwrap().page;
    assert_eq!(page("Three"), page("Two") + 2);
    assert_eq!(page("Fragments"), page("Three") + 2, "the poem opens on the next recto, not the verso");
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
fn a_parts_title_keeps_its_verso_blank_its_poems_run_on_and_a_poem_in_sections_opens_as_a_poem() {
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
    assert_eq!(pages_text(&md)[page("Cluster")], "Cluster", "and its page holds its title alone, no folio");
    // A group of poems is set as collected poems are: each after the one before, not a page each.
    assert_eq!((page("Poem B"), level("Poem B")), (page("Poem A"), 1));
    let pages = pages_text(&md);
    let cluster = &pages[page("Poem A")];
    assert!(cluster.contains("PoemA") && cluster.contains("PoemB"), "{cluster}");
    // One poem in sections: its title over its first section, the sections run on under it.
    assert_eq!(page("1"), page("Song"));
    assert_eq!((level("Song"), level("1"), level("3")), (0, 1, 1));
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
fn a_long_stanza_split_by_a_page_keeps_four_lines_on_each_side() {
    // Onegin's stanzas: a numeral over fourteen lines, chapter after chapter of them.
    let mut chapter = String::new();
    for s in 1..=40 {
        chapter.push_str(&format!("**{s}**\n\n"));
        for i in 1..=14 {
            chapter.push_str(&format!("S{s} line {i}{}", if i < 14 { ",\\\n" } else { ".\n\n" }));
        }
    }
    let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{chapter}# Two\n\nProse.\n");
    let pages = pages_text(&md);
    let mut split = 0;
    for page in &pages {
        // Its stanza lines, in order: (stanza, line number).
        let lines: Vec<(u32, u32)> = page
            .lines()
            .filter_map(|l| {
                let (s, rest) = l.strip_prefix('S')?.split_once("line")?;
                Some((s.parse().ok()?, rest.trim_end_matches([',', '.']).parse().ok()?))
            })
            .collect();
        let (Some(&(_, top)), Some(&(_, foot))) = (lines.first(), lines.last()) else { continue };
        if top > 1 {
            split += 1;
            assert!(top <= 11, "a stanza's last {} lines alone overleaf:\n{page}", 15 - top);
        }
        if foot < 14 {
            assert!(foot >= 4, "a stanza's first {foot} lines alone at a page's foot:\n{page}");
        }
    }
    assert!(split > 0, "long stanzas are still split where they must be, not all kept whole");
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
    // (A Russian book ties a one-letter word to the next, "О\u{a0}Русь", but not in Horace's
    // Latin.)
    let o_rus = ("O rus!".to_string(), Some("Hor.".to_string()));
    assert_eq!(second, [o_rus, ("О\u{a0}Русь!".to_string(), None)]);
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
fn a_stanzas_numeral_stands_over_its_first_line_not_out_at_the_margin_a_line_above() {
    let stanza =
        |n: &str| format!("**{n}**\n\nStanza {n} begins,\\\nand stanza {n} goes on,\\\nand ends.\n\n");
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Chapter\n\n{}{}Prose after them.\n",
        stanza("I"),
        stanza("II")
    );
    let (doc, ts) = laid_out(&md);
    let placed = placed_lines(&doc, &ts);
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
fn a_line_the_poet_set_in_with_spaces_keeps_its_indent_an_en_a_space() {
    // O Captain! My Captain!: its refrain set in by no-break spaces, which print dropped.
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# O Captain\n\nWhile follow eyes the steady keel,\\\n\
              \u{a0} \u{a0} But O heart! heart! heart!\\\n\u{a0} \u{a0} \u{a0} \u{a0} O the bleeding drops of red,\n";
    let (doc, ts) = laid_out(md);
    let x = |text: &str| {
        doc.pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|i| match i {
                Placed::Text { line, x, .. } if line_text(line, &ts) == text => Some((*x + line.x).0),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{text}"))
    };
    let en = doc.geometry.size.0 * 0.5;
    let flush = x("Whilefolloweyesthesteadykeel,");
    assert!((x("ButOheart!heart!heart!") - flush - 4.0 * en).abs() < 0.5, "four spaces, four ens");
    assert!((x("Othebleedingdropsofred,") - flush - 8.0 * en).abs() < 0.5, "eight spaces, eight ens");
}

#[test]
fn an_epigraphs_stanzas_stand_a_line_apart_and_keep_the_poets_indents() {
    // Middlemarch's chapter III: Paradise Lost, its "… Eve" set in and a stanza of its own.
    let md = "---\ntitle: T\nlang: en\n---\n\n# Chapter\n\n> Say, goddess, zqa,\\\n> The affable zqb …\n>\n\
              > \u{A0} \u{A0} \u{A0} \u{A0} … zqc\\\n> The story zqd,\\\n> Of things zqe.\n>\n> — Milton\n\n\
              Prose after it.\n";
    let (doc, ts) = laid_out(md);
    let placed = placed_lines(&doc, &ts);
    let at = |word: &str| {
        placed.iter().find(|(_, _, t)| t.ends_with(word)).unwrap_or_else(|| panic!("{word}: {placed:?}"))
    };
    let leading = (at("zqe.").1 - at("zqd,").1).abs();
    assert!(leading > 10.0, "{placed:?}");
    assert!(
        ((at("zqb…").1 - at("zqc").1).abs() - 2.0 * leading).abs() < 0.01,
        "a line between stanzas: {placed:?}"
    );
    assert!((at("zqa,").0 - at("zqd,").0).abs() < 0.01, "{placed:?}");
    assert!(at("zqc").0 > at("zqd,").0 + 10.0, "the set-in line is set in: {placed:?}");
}

#[test]
fn a_poem_set_on_under_the_one_before_is_bookmarked_where_it_begins() {
    // A part of poems: each after the first runs on a line under the last, mid-page.
    let verse = "A line of verse,\\\nand another.\n";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Inscriptions\n\n## First poem\n\n{verse}\n\
         ## Second poem\n\n{verse}\n## Third poem\n\n{verse}"
    );
    let (doc, ts) = laid_out(&md);
    let mark = doc.outline.iter().find(|m| m.title == "Third poem").expect("its bookmark");
    let title_y = doc.pages[mark.page]
        .items
        .iter()
        .find_map(|i| match i {
            Placed::Text { line, y, .. } if line_text(line, &ts) == "Thirdpoem" => Some(y.0),
            _ => None,
        })
        .expect("its title on the bookmark's page");
    let top = mark.top.expect("a poem set on mid-page leads to its place, not the page's top").0;
    assert!(
        top > title_y && top - title_y < 30.0,
        "the view opens just above its title: {top} over {title_y}"
    );
    assert!(top < doc.geometry.media().1.0 - 100.0, "mid-page, not at its top: {top}");
}

#[test]
fn verse_quoted_in_a_note_is_set_line_by_line_its_turnovers_hanging() {
    let long = "Tell me not, in mournful numbers, life is but an empty dream, for the soul is dead \
                that slumbers, and things are not what they seem";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\nText.[^1]\n\n[^1]: The poet says:\n\n    \
         | {long}\n    |     And the grave is not its goal.\n    | Life is real!\n    |\n    \
         | Lives of great men all remind us\n    | We can make our lives sublime,\n"
    );
    let (doc, ts) = laid_out(&md);
    // Each note line's text, where its first glyph stands, and its baseline.
    let placed: Vec<(String, f64, f64)> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Placed::Text { x, y, line } => {
                let ink = line.runs.first().and_then(|r| r.glyphs.first()).map_or(Pt::ZERO, |g| g.x());
                Some((line_text(line, &ts), (*x + ink).0, y.0))
            }
            _ => None,
        })
        .collect();
    let at = |t: &str| {
        placed.iter().position(|(s, _, _)| s.starts_with(t)).unwrap_or_else(|| panic!("{t}: {placed:?}"))
    };
    let (opens, own_indent, real) = (at("Tellmenot"), at("Andthegrave"), at("Lifeisreal!"));
    let x = |i: usize| placed[i].1;
    let turned = opens + 1;
    assert!(turned < own_indent, "the long line turns over: {placed:?}");
    assert!(x(opens) > x(at("1.")) + 3.0, "the verse stands in from the note's edge");
    assert!(x(turned) > x(opens) + 10.0, "its turnover hangs: {} vs {}", x(turned), x(opens));
    assert!(x(own_indent) > x(opens) + 3.0, "the poet's indent is kept");
    assert!(x(turned) > x(own_indent) + 3.0, "a turnover hangs past it: {} vs {}", x(turned), x(own_indent));
    assert!(
        (x(real) - x(opens)).abs() < 0.5,
        "each line starts at the verse's edge: {} vs {}",
        x(real),
        x(opens)
    );
    // A new stanza stands a line apart: two note lines under the stanza's last.
    let (last, next) = (at("Lifeisreal!"), at("Livesofgreat"));
    let step = placed[own_indent].2 - placed[real].2;
    assert!((placed[last].2 - placed[next].2 - 2.0 * step).abs() < 0.5, "{placed:?}");
    // Ragged: the opening line, which turns over, is set at its natural spacing, not
    // stretched to the measure.
    let note_lines: Vec<_> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Placed::Text { line, .. } if line_text(line, &ts).starts_with("Tellmenot") => Some(line),
            _ => None,
        })
        .collect();
    assert!(
        note_lines.iter().all(|l| l.ratio.abs() < 1e-9),
        "{:?}",
        note_lines.iter().map(|l| l.ratio).collect::<Vec<_>>()
    );
}

#[test]
fn a_turnover_hangs_past_the_stanzas_deepest_indent_so_it_never_reads_as_an_indented_line() {
    // O Captain! My Captain!: its refrain steps in an em at a time; a turnover at two ems read
    // as the refrain's second line.
    let md = "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n\
              | The ship has weather'd every rack, the prize we sought is won, and more words to turn it\n\
              |   But O heart! heart! heart!\n|     O the bleeding drops of red,\n\
              |       Where on the deck my Captain lies,\n";
    let (doc, ts) = laid_out(md);
    let x = |start: &str| {
        doc.pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|i| match i {
                Placed::Text { x, line, .. } if line_text(line, &ts).starts_with(start) => {
                    let ink = line.runs.first().and_then(|r| r.glyphs.first()).map_or(Pt::ZERO, |g| g.x());
                    Some((*x + ink).0)
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{start}"))
    };
    let (ship, deepest) = (x("Theship"), x("Whereon"));
    assert!(deepest > ship + 20.0, "the poet's indents are kept: {ship} {deepest}");
    let turned = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Placed::Text { x, line, .. } => Some((line_text(line, &ts), x.0)),
            _ => None,
        })
        .skip_while(|(t, _)| !t.starts_with("Theship"))
        .nth(1)
        .expect("the first line turns over");
    assert!(!turned.0.starts_with("ButO"), "{turned:?}");
    assert!(turned.1 > deepest + 5.0, "the turnover {turned:?} hangs past the deepest indent {deepest}");
}

#[test]
fn a_turnovers_hang_never_takes_more_than_half_its_line() {
    use crate::layout::verse::turnover;
    // Past the deepest indent (four ems at 10 pt) by an em, on a page's measure…
    assert_eq!(turnover(Pt::ZERO, Pt(40.0), Pt(10.0), Pt(300.0)), Pt(50.0));
    assert_eq!(turnover(Pt(40.0), Pt(40.0), Pt(10.0), Pt(300.0)), Pt(20.0), "two ems at least");
    // …but a verse in a list in a quotation, a few ems wide, keeps half its line.
    assert_eq!(turnover(Pt::ZERO, Pt(40.0), Pt(10.0), Pt(60.0)), Pt(30.0));
}

#[test]
fn a_stanza_cut_by_a_page_is_cut_where_its_sense_pauses() {
    // Fourteen lines as Onegin's: quatrains ending in full stops, the second's first three
    // lines running on with no pause. Filled to the foot, pages ended wherever the stanza
    // reached it (Onegin: "Полезный промысел избрав, / Изобретает для забав,").
    let ends = [",", ",", ",", ".", "", "", "", ".", ",", ",", ",", ".", ",", "."];
    let stanza: String =
        ends.iter().enumerate().map(|(i, e)| format!("Verse line {}{e}\\\n", i + 1)).collect();
    let stanza = stanza.trim_end_matches("\\\n").to_string();
    let poem: String = (1..=6).map(|k| format!("**{k}**\n\n{stanza}\n\n")).collect();
    for n in 0..30 {
        let filler = (0..n).map(|i| format!("Line {i} of filler.\\\n")).collect::<String>();
        let md = format!("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\n{filler}End.\n\n{poem}");
        let pages = pages_text(&md);
        for page in &pages {
            let last = page.lines().rfind(|l| l.starts_with("Verseline"));
            let run_on = ["Verseline5", "Verseline6", "Verseline7"];
            assert!(
                last.is_none_or(|l| !run_on.contains(&l)),
                "{n} lines before: a page ends at {last:?}: {pages:?}"
            );
        }
    }
}

#[test]
fn a_poem_of_short_lines_stands_centred_and_verse_quoted_in_prose_two_ems_in() {
    // Onegin's tetrameters stood two ems in, with three times that to their right.
    let stanza = "Short line of verse,\\\nanother short line,\\\na third of them,\\\nand the last one.";
    let quoted = "Prose before the verse it quotes, a paragraph long enough to fill its line.\n\n\
                  More prose.\n\nAnd more.\n\nAnd a fourth paragraph.\n\n\
                  Quoted line of verse,\\\nand its second.\n\nProse after it.";
    let md = format!(
        "---\ntitle: T\nauthor: A\nlang: en\n---\n\n# Poem\n\n{stanza}\n\n{stanza}\n\n# Prose\n\n{quoted}\n"
    );
    let (doc, ts) = laid_out(&md);
    let measure = doc.geometry.measure();
    // Where each line starts and ends from its page's text edge, by its text.
    let placed: Vec<(String, Pt, Pt)> = doc
        .pages
        .iter()
        .enumerate()
        .flat_map(|(k, p)| p.items.iter().map(move |i| (doc.geometry.left(k), i)))
        .filter_map(|(edge, i)| match i {
            Placed::Text { x, line, .. } => {
                let start = *x + line.x - edge;
                Some((line_text(line, &ts), start, start + line.width))
            }
            _ => None,
        })
        .collect();
    let find = |start: &str| placed.iter().find(|(t, _, _)| t.starts_with(start)).expect(start).clone();
    let (_, prose_left, _) = find("Prosebefore");
    assert!(prose_left.0.abs() < 1.0, "{prose_left:?}");
    let starts = ["Shortline", "anothershort", "athirdof", "andthelast"];
    let poem: Vec<&(String, Pt, Pt)> =
        placed.iter().filter(|(t, _, _)| starts.iter().any(|s| t.starts_with(s))).collect();
    assert_eq!(poem.len(), 8);
    let left = poem[0].1 - prose_left;
    let widest = poem.iter().map(|(_, a, b)| *b - *a).fold(Pt::ZERO, Pt::max);
    let right = measure - left - widest;
    assert!(left > doc.geometry.size * 4.0, "{left:?}");
    assert!((left - right).0.abs() < doc.geometry.size.0, "left {left:?}, right {right:?}");
    // In prose, verse stands two ems in.
    let (_, quoted_left, _) = find("Quotedline");
    assert!((quoted_left - prose_left - doc.geometry.size * 2.0).0.abs() < 0.5, "{quoted_left:?}");
}
