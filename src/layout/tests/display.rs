//! Display type kept inside the measure: titles too long for it come down in size, then break.

use super::*;

/// Every line of every page, with its left edge and its page, where it lies outside the text
/// block (half a point of slack for rounding).
fn outside(doc: &Document) -> Vec<(usize, Pt, Pt)> {
    outside_by(doc, Pt(0.5))
}

/// Lines further than `slack` outside the text block.
fn outside_by(doc: &Document, slack: Pt) -> Vec<(usize, Pt, Pt)> {
    let g = &doc.geometry;
    let mut out = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let Placed::Text { x, line, .. } = item {
                let (left, right) = (g.left(n), g.left(n) + g.measure());
                if x.0 < left.0 - slack.0 || (*x + line.width).0 > right.0 + slack.0 {
                    out.push((n, *x, line.width));
                }
            }
        }
    }
    out
}

/// The lines set in the largest type on a page, as text.
fn largest_lines(doc: &Document, ts: &Typesetter, page: usize) -> Vec<(String, Pt)> {
    let lines = page_lines(&doc.pages[page]);
    let size = lines.iter().map(|l| l.size).fold(Pt::ZERO, Pt::max);
    lines.iter().filter(|l| l.size == size).map(|l| (line_text(l, ts), l.size)).collect()
}

const GERMAN: &str = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft";

#[test]
fn a_title_word_too_long_for_the_measure_is_hyphenated_within_it_at_a_smaller_size() {
    let md = format!("---\ntitle: \"{GERMAN}\"\nlang: de\n---\n\n# {GERMAN}\n\nText.\n");
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    // The title page (page 2): the word whole, broken with hyphens, at seven tenths of its size.
    let title = largest_lines(&doc, &ts, 2);
    assert!(title.len() > 1, "{title:?}");
    let joined: String = title.iter().map(|(t, _)| t.trim_end_matches('-')).collect();
    assert_eq!(joined, GERMAN);
    assert!(title[..title.len() - 1].iter().all(|(t, _)| t.ends_with('-')), "{title:?}");
    assert_eq!(title[0].1, doc.geometry.size * 2.0 * 0.7);
}

#[test]
fn a_title_that_only_needs_to_come_down_a_little_is_not_hyphenated() {
    // One word about a tenth wider than the measure at the title's size.
    let word = "Bundesverfassungsgerichtsentscheidung";
    let md = format!("---\ntitle: \"{word}\"\nlang: de\n---\n\n# Eins\n\nText.\n");
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside(&doc), []);
    let title = largest_lines(&doc, &ts, 2);
    assert_eq!(title.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), [word]);
    let size = title[0].1;
    assert!(size < doc.geometry.size * 2.0 && size >= doc.geometry.size * 2.0 * 0.7, "{size:?}");
}

#[test]
fn a_word_with_no_hyphenation_point_breaks_between_letters_rather_than_run_off_the_page() {
    // Italian has no shipped patterns: the word breaks, with a hyphen, wherever it must.
    let word = "Precipitevolissimevolmente".repeat(3);
    let md = format!("---\ntitle: \"{word}\"\nauthor: Anonimo\nlang: it\n---\n\n# {word}\n\nTesto.\n");
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    for page in [0, 2] {
        let title = largest_lines(&doc, &ts, page);
        assert!(title.len() > 1, "page {page}: {title:?}");
        // The soft hyphens' glyphs are drawn with no width, and read back as spaces here.
        let joined: String = title.iter().map(|(t, _)| t.trim_end_matches('-').replace(' ', "")).collect();
        assert_eq!(joined, word, "page {page}: every letter once, in order");
        assert!(title[..title.len() - 1].iter().all(|(t, _)| t.ends_with('-')), "{title:?}");
    }
}

/// Pairs of lines on a page that overprint each other: baselines closer than most of the larger
/// line's size.
fn overprinted(doc: &Document, ts: &Typesetter, page: usize) -> Vec<(String, String)> {
    let lines: Vec<(Pt, &Line)> = doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { y, line, .. } => Some((*y, line)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (i, (y, a)) in lines.iter().enumerate() {
        for (z, b) in &lines[i + 1..] {
            if (*y - *z).0.abs() < a.size.max(b.size).0 * 0.8 {
                out.push((line_text(a, ts), line_text(b, ts)));
            }
        }
    }
    out
}

#[test]
fn authors_whose_names_take_several_lines_push_the_translator_and_editor_down_the_title_page() {
    let md = format!(
        "---\ntitle: Eins\nauthor: [\"Maximilian {GERMAN}\", \"Zweiter {GERMAN}\"]\n\
         translator: \"Übersetzer {GERMAN}\"\neditor: Herausgeber\nlang: de\n---\n\n# Eins\n\nText.\n"
    );
    let (doc, ts) = laid_out(&md);
    assert_eq!(overprinted(&doc, &ts, 2), [], "no line of the title page over another");
    assert_eq!(outside(&doc), []);
}

#[test]
fn headings_cells_captions_and_epigraphs_keep_a_word_too_long_for_them_inside_the_page() {
    // A Kazakh word in a German book: no pattern breaks it, so it breaks between letters.
    let w = "Қазақстандықтардыңбарлығыныңөзараынтымақтастығы";
    let md = format!(
        "---\ntitle: T\nlang: de\n---\n\n# Eins\n\n> Das Motto.\n>\n> — {w}\n\nText.\n\n\
         ## Abschnitt {w}{w}\n\nMehr.\n\n| A | B |\n|---|---|\n| {w}{w} | kurz |\n\n: Tabelle {w}{w}\n"
    );
    let (doc, ts) = laid_out(&md);
    // A hyphen at a line's end may hang into the margin, as optical alignment sets it.
    let texts: Vec<String> = outside_by(&doc, Pt(3.0))
        .iter()
        .flat_map(|(n, _, _)| page_lines(&doc.pages[*n]).into_iter().map(|l| line_text(l, &ts)))
        .collect();
    assert_eq!(outside_by(&doc, Pt(3.0)), [], "every line inside the text block: {texts:?}");
    let all: String = lines(&doc).map(|l| line_text(l, &ts).replace(['-', ' '], "")).collect();
    // Contents, attribution, heading, caption, cell: 1 + 1 + 2 + 2 + 2.
    assert_eq!(all.matches(w).count(), 8, "every letter of the word, each time: {all}");
    assert!(doc.overfull.is_empty(), "{:?}", doc.overfull);
}

#[test]
fn a_long_title_and_subtitle_over_many_names_come_down_in_size_to_end_above_the_publisher() {
    let title = "The Life and Strange Surprizing Adventures of Robinson Crusoe, of York, Mariner: \
                 Who lived Eight and Twenty Years, all alone in an un-inhabited Island on the Coast \
                 of America, near the Mouth of the Great River of Oroonoque";
    let subtitle = "Having been cast on Shore by Shipwreck, wherein all the Men perished but himself. \
                    With An Account how he was at last as strangely deliver'd by Pyrates. Written by \
                    Himself, and a great many more words to make the subtitle long enough.";
    let md = format!(
        "---\ntitle: \"{title}\"\nsubtitle: \"{subtitle}\"\nauthor: [Daniel Defoe, Another Person, \
         A Third Person With a Long Name, Fourth, Fifth Author Here]\npublisher: W. Taylor\n\
         translator: A Translator\n---\n\n# One\n\nText.\n"
    );
    let (doc, ts) = laid_out(&md);
    let g = &doc.geometry;
    // The title page: every line inside the text block, the publisher's last and apart.
    let page = &doc.pages[2];
    let placed: Vec<(Pt, String, Pt)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { y, line, .. } => Some((*y, line_text(line, &ts), line.size)),
            _ => None,
        })
        .collect();
    let (publisher, rest) = placed.split_last().expect("lines on the title page");
    assert!(publisher.1.contains("Taylor"), "{placed:?}");
    assert!(rest.iter().all(|(y, _, _)| *y >= publisher.0 + g.leading * 1.5), "{placed:?}");
    assert!(placed.iter().all(|(y, _, _)| *y >= g.baseline((g.lines - 1) as f64) - Pt(0.5)), "{placed:?}");
    assert!(rest[0].2 < g.size * 2.0, "the title came down in size: {:?}", rest[0]);
    let all: String = rest.iter().map(|(_, t, _)| t.as_str()).collect();
    assert!(
        all.contains("Oroonoque") && all.contains("FIFTHAUTHORHERE") && all.contains("Translator"),
        "{all}"
    );
}

#[test]
fn a_running_text_word_wider_than_the_line_breaks_between_letters_and_is_reported() {
    // A checksum no pattern can break, over twice as wide as the measure, and a German compound the
    // patterns can: only the paragraph with the checksum is opened, and it says where.
    let hash = "3f786850e387550fdab836ed7e6dc881de23001b".repeat(3);
    let md = format!(
        "---\ntitle: Proofs\nlang: de\n---\n\n# Eins\n\nDer Stand {hash} ist der letzte.\n\n\
         Die {GERMAN} hat getagt.\n"
    );
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    assert_eq!(doc.overfull, []);
    assert_eq!(doc.broken.iter().map(|s| s.line).collect::<Vec<_>>(), [8], "the checksum's paragraph");
    // The checksum reads back whole, broken in two places or more.
    let body: Vec<String> = lines(&doc).map(|l| line_text(l, &ts)).collect();
    let from = body.iter().position(|t| t.starts_with("DerStand")).expect("the paragraph is set");
    let to = body.iter().position(|t| t.ends_with("letzte.")).expect("it ends");
    assert!(to - from >= 2, "{:?}", &body[from..=to]);
    let joined: String = body[from..=to].iter().map(|t| t.trim_end_matches('-').replace(' ', "")).collect();
    assert_eq!(joined, format!("DerStand{hash}istderletzte."));
}

#[test]
fn names_under_a_subtitle_that_reaches_the_middle_of_the_title_page_stand_clear_of_it() {
    let md = "---\ntitle: \"Kazakhstan and Regional Security in Central Asia after the Collapse of the \
              Soviet Union\"\nsubtitle: \"An Overview of Treaties, Borders, Water, Energy and the Balance \
              of the Great Powers, with Documents and a Chronology\"\nauthor: [Makubayev Yu., A. Second \
              Author, B. Third Author, C. Fourth Author, D. Fifth Author]\npublisher: Folio Press\n---\n\n\
              # One\n\nText.\n";
    let (doc, _) = laid_out(md);
    let g = &doc.geometry;
    let baselines = |size: Pt| -> Vec<Pt> {
        doc.pages[2]
            .items
            .iter()
            .filter_map(|i| match i {
                Placed::Text { y, line, .. } if (line.size - size).0.abs() < 0.01 => Some(*y),
                _ => None,
            })
            .collect()
    };
    // At full size: the subtitle in italic at 1.3 times the body, the names at 1.2 times.
    let (subtitle, names) = (baselines(g.size * 1.3), baselines(g.size * 1.2));
    let (Some(last), Some(first)) = (subtitle.last(), names.first()) else {
        panic!("subtitle {subtitle:?}, names {names:?}")
    };
    // The subtitle reaches the middle of the page: the names stand below their usual place.
    assert!(*first < g.baseline((g.lines / 2) as f64) - Pt(0.5), "{first:?}: names at their usual place");
    // Three lines from baseline to baseline: two lines of white, not one.
    assert!((*last - *first).0 >= g.leading.0 * 3.0, "{last:?} over {first:?}");
}

#[test]
fn a_heading_word_the_patterns_break_only_in_part_still_stays_inside_the_page() {
    // A German compound glued to a Kazakh word: German patterns break the first half only.
    let w = format!("{GERMAN}Қазақстандықтардыңбарлығыныңөзараынтымақтастығы");
    let md = format!("---\ntitle: T\nlang: de\n---\n\n# Eins\n\nText.\n\n## {w}\n\nMehr.\n");
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside_by(&doc, Pt(3.0)), [], "every line inside the text block");
    let all: String = lines(&doc).map(|l| line_text(l, &ts).replace(['-', ' '], "")).collect();
    assert!(all.contains(&w), "every letter, in order: {all}");
}

#[test]
fn a_footnote_word_wider_than_the_line_is_opened_too() {
    let hash = "3f786850e387550fdab836ed7e6dc881de23001b".repeat(3);
    let md =
        format!("---\ntitle: Proofs\n---\n\n# One\n\nThe release.[^1]\n\n[^1]: Commit {hash} of the tree.\n");
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    assert_eq!(doc.overfull, []);
    assert_eq!(doc.broken.iter().map(|s| s.line).collect::<Vec<_>>(), [9], "the note's line");
    let all: String = lines(&doc).map(|l| line_text(l, &ts).trim_end_matches('-').replace(' ', "")).collect();
    assert!(all.contains(&hash), "{all}");
}

#[test]
fn a_verse_line_with_a_word_wider_than_the_measure_stays_inside_it() {
    let hash = "3f786850e387550fdab836ed7e6dc881de23001b".repeat(3);
    let md = format!("---\ntitle: Proofs\n---\n\n# One\n\n| The line {hash}\n|   and the next.\n");
    let (doc, _) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    assert_eq!(doc.broken.iter().map(|s| s.line).collect::<Vec<_>>(), [7]);
}

#[test]
fn a_verse_with_two_lines_too_wide_is_named_once() {
    let hash = "3f786850e387550fdab836ed7e6dc881de23001b".repeat(3);
    let md = format!("---\ntitle: Proofs\n---\n\n# One\n\n| The line {hash}\n| and {hash} again.\n");
    let (doc, _) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    assert_eq!(doc.broken.iter().map(|s| s.line).collect::<Vec<_>>(), [7], "one warning for the verse");
}

#[test]
fn a_web_address_opened_in_an_overfull_paragraph_still_breaks_only_where_the_manual_says() {
    // The checksum in the address is wider than the line: the paragraph is opened, and the
    // address with it, yet no line inside it ends with the mark the Manual breaks before.
    let hash = "3f786850e387550fdab836ed7e6dc881de23001b".repeat(2);
    let url = format!("https://git.example.org/some-organisation/some.repository/commit/{hash}");
    let md = format!("---\ntitle: Proofs\n---\n\n# One\n\nThe fix is at {url} as merged.\n");
    let (doc, ts) = laid_out(&md);
    assert_eq!(outside(&doc), [], "every line inside the text block");
    let body: Vec<String> = lines(&doc).map(|l| line_text(l, &ts)).collect();
    let from = body.iter().position(|t| t.contains("https:")).expect("the paragraph is set");
    let to = body.iter().position(|t| t.ends_with("merged.")).expect("it ends");
    assert!(to > from, "{:?}", &body[from..=to]);
    for t in &body[from..to] {
        // (A soft hyphen left in a line reads as a space here.)
        let t = t.trim_end();
        let before_mark = t.ends_with(['.', '-', '@']) || (t.ends_with('/') && !t.ends_with("//"));
        assert!(!before_mark, "{t:?} ends with the Manual's mark: {:?}", &body[from..=to]);
    }
}

#[test]
fn an_epigraph_a_dedication_or_a_title_longer_than_a_page_runs_on_within_the_paper() {
    // Before, each was placed line under line past the page's foot, and all of it that fell
    // below the paper was lost from the print edition without a word.
    let words = |tag: &str, n: usize| (0..n).map(|i| format!("{tag}{i}")).collect::<Vec<_>>().join(" ");
    let md = format!(
        "---\ntitle: Long\nlang: en\n---\n\n> {}\n>\n> — Someone\n\n# {}\n\nBody text.\n",
        words("e", 900),
        words("t", 600)
    );
    let (doc, ts) = laid_out(&md);
    let g = &doc.geometry;
    let (top, foot) = (g.baseline(0.0).0 + 0.01, g.baseline(g.lines as f64 - 1.0).0 - 0.01);
    let placed = placed_lines(&doc, &ts);
    // Folios and running heads stand outside the text block by design: only the text is looked at
    // (the body's pages are headed by the long title, cut short with an ellipsis).
    let ours = |t: &str| {
        t.starts_with(['e', 't']) && t.as_bytes().get(1).is_some_and(u8::is_ascii_digit) && !t.ends_with('…')
    };
    let below: Vec<_> = placed.iter().filter(|(_, y, t)| ours(t) && (*y < foot || *y > top)).collect();
    assert!(below.is_empty(), "lines off the text block: {:?}", &below[..below.len().min(3)]);
    // A line's text has no spaces (they are glue): every word must be there, in order.
    let all: String = placed.iter().filter(|(_, _, t)| ours(t)).map(|(_, _, t)| t.as_str()).collect();
    for (tag, n) in [("e", 900), ("t", 600)] {
        let run: String = (0..n).map(|i| format!("{tag}{i}")).collect();
        assert!(all.contains(&run), "the {tag} words are not all set, in order");
    }
    // The body, pushed to a page of its own by the title, is headed as any page of its chapter.
    let body = doc
        .pages
        .iter()
        .find(|p| super::texts_at(p, &ts).iter().any(|(_, t)| t.starts_with("Body")))
        .expect("the body is set");
    let heads = super::texts_at(body, &ts).into_iter().filter(|(y, _)| *y > top).count();
    assert!(heads >= 2, "the body's page has no running head and folio");
}

#[test]
fn every_page_a_long_chapter_or_part_title_runs_on_to_is_headed_and_numbered() {
    // Whether the title fills its last page or ends partway down it, the pages after the
    // opening carry the running head and folio the chapter's text has.
    let words = |tag: &str, n: usize| (0..n).map(|i| format!("{tag}{i}")).collect::<Vec<_>>().join(" ");
    for n in [150, 200, 250, 350, 550] {
        // A chapter; a chapter in a part; a part whose introduction is the text.
        for (heading, after) in [("#", ""), ("# Part\n\n##", ""), ("#", "\n## Chapter\n\nMore.\n")] {
            let (title, text) = (words("t", n), words("b", 400));
            let md = format!("---\ntitle: Long\nlang: en\n---\n\n{heading} {title}\n\n{text}\n{after}");
            let (doc, ts) = laid_out(&md);
            let top = doc.geometry.baseline(0.0).0 + 0.01;
            let texts: Vec<Vec<(f64, String)>> = doc.pages.iter().map(|p| super::texts_at(p, &ts)).collect();
            // (The contents, before the text, list the title too.)
            let title_at = |t: &Vec<(f64, String)>| t.iter().any(|(_, s)| s.starts_with("t0"));
            let opening =
                doc.body_start + texts[doc.body_start..].iter().position(title_at).expect("the title");
            let last =
                texts.iter().rposition(|t| t.iter().any(|(_, s)| s.starts_with('b'))).expect("the text");
            assert!(last > opening, "{n} words: the title and text take more than a page");
            for (k, t) in texts.iter().enumerate().take(last + 1).skip(opening + 1) {
                let above = t.iter().filter(|(y, _)| *y > top).count();
                assert!(above >= 2, "{n} words under {heading:?}: page {k} has no running head and folio");
            }
        }
    }
}

#[test]
fn a_title_of_two_lines_is_balanced_and_centred() {
    // posa-book's "High Performance Networking in / Chrome": a line and a leftover.
    let words = ["High", "Performance", "Networking", "in", "Chrome", "and", "Other", "Browsers", "Today"];
    let mut two = 0;
    for n in 3..=words.len() {
        let title = words[..n].join(" ");
        let (doc, ts) = laid_out(&format!("---\ntitle: \"{title}\"\n---\n\n# One\n\nText.\n"));
        let page = &doc.pages[2];
        let size = page_lines(page).iter().map(|l| l.size).fold(Pt::ZERO, Pt::max);
        let lines: Vec<(Pt, Pt, String)> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Placed::Text { x, line, .. } if line.size == size => {
                    Some((*x, line.width, line_text(line, &ts)))
                }
                _ => None,
            })
            .collect();
        if lines.len() != 2 {
            continue;
        }
        two += 1;
        let (short, long) = (lines[0].1.0.min(lines[1].1.0), lines[0].1.0.max(lines[1].1.0));
        assert!(short > long * 0.6, "{title}: {lines:?}");
        let middle = doc.geometry.left(2) + doc.geometry.measure() * 0.5;
        for (x, width, text) in &lines {
            assert!((*x + *width * 0.5 - middle).0.abs() < 1.0, "{title}: {text} is not centred");
        }
    }
    assert!(two > 0, "no title took two lines");
}
