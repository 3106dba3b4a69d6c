//! How text and its notes fall on pages: spreads filled, no word split over a leaf, notes on
//! their marks' pages and under the text.

use super::*;

#[test]
fn a_note_longer_than_the_page_runs_over_to_the_next_instead_of_over_the_text() {
    let sentence = "A very long note sentence that goes on and on.";
    let body = "Body text of the chapter, plain and simple. ".repeat(40);
    let md = format!(
        "---\ntitle: Long\n---\n\n# One\n\n{body}Here is a mark.[^a] {body}\n\n{body}\n\n[^a]: {}\n",
        [sentence; 150].join(" ")
    );
    let (doc, ts) = laid_out(&md);
    let geo = doc.geometry;
    let (top, bottom) = (geo.baseline(0.0).0 + 0.5, geo.baseline((geo.lines - 1) as f64).0 - 0.5);
    let mut note_text = String::new();
    for page in &doc.pages {
        for item in &page.items {
            if let Placed::Text { y, line, .. } = item {
                let text = line_text(line, &ts);
                if text.contains("note") {
                    assert!((bottom..=top).contains(&y.0), "a note line at {} outside {bottom}..{top}", y.0);
                    note_text.push_str(&text);
                }
            }
        }
    }
    // Every sentence of the note is set (words run together: spaces are gaps, not glyphs).
    let squeezed: String = note_text.chars().filter(|c| *c != '-').collect();
    assert_eq!(squeezed.matches("Averylongnotesentencethatgoesonandon.").count(), 150);
}

#[test]
fn notes_after_a_long_one_link_to_their_marks_though_they_start_a_page_later() {
    // A long note runs over a page; the short notes called under it wait for the next page's foot
    // and must still link with their marks, from page to page.
    let long = ["A very long note sentence that goes on and on."; 114].join(" ");
    let mut md = format!(
        "---\ntitle: Links\n---\n\n# One\n\n{}Here is a mark.[^a]\n\n",
        "Body text of the chapter, plain and simple. ".repeat(12)
    );
    for k in 0..40 {
        md.push_str(&format!("Short[^n{k}] words here and more words to fill a line. "));
        if k % 4 == 3 {
            md.push_str("\n\n");
        }
    }
    md.push_str(&format!("\n\n[^a]: {long}\n"));
    for k in 0..40 {
        md.push_str(&format!("[^n{k}]: Note {k}.\n"));
    }
    let (doc, _) = laid_out(&md);
    let links: usize = doc.pages.iter().map(|p| p.links.len()).sum();
    assert_eq!(links, 2 * 41, "every mark links to its note and back");
}

/// How many grid lines above the text block's foot each body page's last line of text stands,
/// but for a chapter's last page (which ends where its text does).
fn shortfalls(doc: &Document) -> Vec<usize> {
    let g = &doc.geometry;
    let (top, foot) = (g.baseline(0.0).0, g.baseline((g.lines - 1) as f64).0);
    // Grid lines from the head of the text block to a page's first and last lines of text.
    let span = |p: &Page| {
        let rows = p.items.iter().filter_map(|i| match i {
            Placed::Text { y, .. } if (y.0 - top) * (y.0 - foot) <= 1e-6 => {
                Some(((top - y.0) / g.leading.0).round() as usize)
            }
            _ => None,
        });
        rows.fold(None, |acc: Option<(usize, usize)>, r| {
            Some(acc.map_or((r, r), |(a, b)| (a.min(r), b.max(r))))
        })
    };
    let pages: Vec<Option<(usize, usize)>> = doc.pages[doc.body_start..].iter().map(span).collect();
    // A chapter opens sunk (its first line well below the head), after an empty page or not.
    let opens = |p: &Option<(usize, usize)>| p.is_none_or(|(first, _)| first > 2);
    pages
        .windows(2)
        .filter(|w| !opens(&w[1]))
        .filter_map(|w| w[0].map(|(_, last)| g.lines - 1 - last))
        .collect()
}

/// Whether a baseline is a line of the text block's grid, down to a line under its foot (the
/// line a spread run long adds).
fn on_grid(g: &crate::layout::geometry::Geometry, y: f64) -> bool {
    let n = (g.baseline(0.0).0 - y) / g.leading.0;
    (n - n.round()).abs() < 1e-6 && (-1e-6..=g.lines as f64 + 1e-6).contains(&n)
}

const NOVEL_MD: &str = include_str!("../../../benches/fixtures/pride-and-prejudice.md");

/// Pride and Prejudice laid out, once for the tests that read its pages, with what its glyphs
/// stand for.
fn novel_read() -> &'static (Document, crate::typeset::GlyphTexts) {
    static NOVEL: std::sync::OnceLock<(Document, crate::typeset::GlyphTexts)> = std::sync::OnceLock::new();
    NOVEL.get_or_init(|| {
        let (doc, ts) = laid_out(NOVEL_MD);
        (doc, ts.shaper.texts)
    })
}

/// Pride and Prejudice laid out.
fn novel() -> &'static Document {
    &novel_read().0
}

#[test]
fn every_paragraph_of_the_novel_reads_back_whole_and_in_order() {
    // Pagination moves lines between pages and sets paragraphs again to fill spreads and end
    // chapters well; whatever it did, the pages read in order must hold each paragraph's letters
    // unbroken (hyphens, spaces and punctuation aside), one after another. Running heads stand
    // above the first line and are left out; folios are figures, which hold no letters.
    let (doc, texts) = novel_read();
    let letters =
        |s: &str| s.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect::<String>();
    let head_above = doc.geometry.baseline(0.0).0 + 0.5;
    let mut read = String::new();
    for item in doc.pages.iter().flat_map(|p| p.items.iter()) {
        if let Placed::Text { y, line, .. } = item
            && y.0 < head_above
        {
            read.push_str(&letters(&glyphs_text(line, texts)));
        }
    }
    let body = NOVEL_MD.split_once("\n# I\n").expect("the first chapter").1;
    let mut at = 0;
    let mut found = 0;
    for paragraph in body.split("\n\n").filter(|p| !p.trim().is_empty() && !p.starts_with('#')) {
        let want = letters(paragraph);
        let Some(i) = read[at..].find(&want) else {
            panic!(
                "paragraph {found} after the first heading is not read whole after the one before: {paragraph:?}"
            )
        };
        at += i + want.len();
        found += 1;
    }
    assert!(found > 2000, "{found} paragraphs");
}

#[test]
fn short_spreads_are_filled_by_setting_a_paragraph_a_line_looser_or_tighter() {
    let doc = novel();
    let short = shortfalls(doc);
    // Without paragraphs set otherwise, 41 of 310 pages ended two lines short or more.
    let two_or_more = short.iter().filter(|&&n| n >= 2).count();
    assert!(short.len() > 300, "{} pages", short.len());
    assert!(two_or_more * 100 <= short.len() * 7, "{two_or_more} of {} pages: {short:?}", short.len());
}

#[test]
fn a_page_its_next_block_cannot_fit_on_does_not_cut_its_facing_page_down_to_it() {
    // Crowbook's guide, chapter 1: options, each a line or two of text and a command kept whole.
    // A verso that could not hold the next "Usage:" and its command ended four lines short, and
    // its recto, which could, was cut down to it mid-paragraph: four spreads of the chapter
    // ended level three to six lines short. Now such a page ends short beside a full one.
    // On a 5 × 8 in page: on the default one, its commands are now set smaller to fit and no
    // longer run on, and the chapter no longer meets the case.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    let md = format!(
        "---\ntitle: Crowbook User Guide\nlang: en\n---\n\n{}",
        include_str!("../../../tests/fixtures/crowbook-arguments.md")
    );
    std::fs::write(&path, md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let mut book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    book.metadata.typography.trim = Some("5x8in".into());
    let doc = layout(&book, &mut Typesetter::new().unwrap()).unwrap();
    let short = shortfalls(&doc);
    assert!(short.len() >= 6, "{} pages", short.len());
    let lines = doc.geometry.lines;
    assert!(short.iter().all(|&n| n <= 2), "lines short on each page of {lines}: {short:?}");
}

#[test]
fn no_word_is_split_across_the_turn_of_a_leaf() {
    let doc = novel();
    let g = &doc.geometry;
    // Whether a page's last line of text ends in a hyphen.
    let foot_hyphenated = |p: &Page| {
        let lines = p.items.iter().filter_map(|i| match i {
            Placed::Text { y, line, .. } if on_grid(g, y.0) => Some((y.0, line.hyphenated)),
            _ => None,
        });
        lines.min_by(|a, b| a.0.total_cmp(&b.0)).is_some_and(|(_, hyphenated)| hyphenated)
    };
    let (mut recto, mut verso) = (Vec::new(), 0);
    for (i, page) in doc.pages.iter().enumerate() {
        if foot_hyphenated(page) {
            // Page 1 (index 0) is a recto.
            if i % 2 == 0 { recto.push(i + 1) } else { verso += 1 }
        }
    }
    // Set as it first came, five rectos ended in a hyphen; paragraphs set again in as many lines
    // leave only those with no other setting within the tolerance (none here). Versos may end in one: the
    // reader sees both pages of a spread at once.
    assert!(verso > 0, "no foot of any page is hyphenated: the check would find nothing");
    assert!(recto.len() <= 1, "rectos whose last word runs overleaf: {recto:?}");
}

/// Pride and Prejudice's first chapters with a footnote marked at the end of nearly every
/// paragraph.
fn noted_novel() -> (Document, Typesetter) {
    let novel = include_str!("../../../benches/fixtures/pride-and-prejudice.md");
    let upto = novel.find("\n# XVI\n").unwrap_or(novel.len());
    let (mut md, mut notes) = (String::new(), String::new());
    for (i, p) in novel[..upto].split("\n\n").enumerate() {
        md.push_str(p);
        if p.len() > 60 && !p.starts_with(['#', '>', '-']) {
            md.push_str(&format!("[^n{i}]"));
            notes.push_str(&format!("[^n{i}]: Note zq{i}.\n\n"));
        }
        md.push_str("\n\n");
    }
    laid_out(&(md + &notes))
}

#[test]
fn in_a_book_of_notes_each_note_is_set_once_on_its_marks_page() {
    let (doc, ts) = noted_novel();
    let mut notes = 0;
    for (k, page) in doc.pages.iter().enumerate() {
        let lines = page_lines(page);
        let texts: Vec<String> = lines.iter().map(|l| line_text(l, &ts)).collect();
        for n in lines.iter().flat_map(|l| super::text::note_marks(l, &ts.shaper.texts)) {
            let note = |t: &String| t.starts_with(&format!("{n}.")) && t.contains("Notezq");
            assert!(texts.iter().any(note), "note {n} is not on page {k}, its mark's: {texts:?}");
            notes += 1;
        }
    }
    assert!(notes > 400, "{notes} notes");
    // And once: a note redistributed with its paragraph's lines is neither lost nor doubled.
    let all: String = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Placed::Text { line, .. } => Some(line_text(line, &ts)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    for n in 0..2000 {
        let count = all.matches(&format!("Notezq{n}.")).count();
        assert!(count <= 1, "note zq{n} set {count} times");
    }
    assert!(all.matches("Notezq").count() == notes, "every marked note set once");
}

#[test]
fn notes_stand_under_the_last_line_of_text_on_every_page_even_one_run_a_line_long() {
    // (Pages with notes count as full, so the plan rarely runs one long; when it does, its notes
    // go a line lower with its text.)
    let (doc, ts) = noted_novel();
    let g = &doc.geometry;
    let long_foot = g.baseline(g.lines as f64).0;
    let mut noted = 0;
    for (k, page) in doc.pages.iter().enumerate() {
        let texts = texts_at(page, &ts);
        let note = |t: &str| t.contains("Notezq");
        let body: Vec<f64> =
            texts.iter().filter(|(y, t)| on_grid(g, *y) && !note(t)).map(|(y, _)| *y).collect();
        let notes: Vec<f64> = texts.iter().filter(|(_, t)| note(t)).map(|(y, _)| *y).collect();
        let (Some(low), Some(first_note)) =
            (body.iter().copied().reduce(f64::min), notes.iter().copied().reduce(f64::max))
        else {
            continue;
        };
        assert!(first_note < low, "page {k}: a note at {first_note} over the text's last line at {low}");
        assert!(notes.iter().all(|&y| y >= long_foot - 1e-6), "page {k}: a note under the long foot");
        noted += 1;
    }
    assert!(noted > 60, "{noted} pages with notes");
}
