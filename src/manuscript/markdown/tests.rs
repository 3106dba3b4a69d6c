//! Markdown read into the model: what pulldown-cmark's events become, checked on whole books.

use crate::model::{Block, Inline, Section};

/// The first chapter with text of a one-file book, read beside grey images of these names.
fn chapter(md: &str, images: &[&str]) -> Section {
    let dir = tempfile::tempdir().unwrap();
    for name in images {
        image::RgbImage::from_pixel(8, 8, image::Rgb([90, 90, 90])).save(dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("one.md"), md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&dir.path().join("one.md"), &Default::default(), &mut diags).unwrap();
    book.sections().find(|s| !s.blocks.is_empty()).expect("the chapter").clone()
}

/// The block at `i` of a chapter, which must be a paragraph: its inlines.
fn paragraph(one: &Section, i: usize) -> &[Inline] {
    let Some(Block::Paragraph(p)) = one.blocks.get(i) else { panic!("{one:?}") };
    &p.inlines
}

#[test]
fn an_inline_images_title_is_not_printed_inside_emphasis_or_a_link() {
    let md = "# One\n\n*See ![a](i.png \"T1\") here*, [![b](i.png \"T2\"){width=1in}](#one).\n\n\
              ![c](i.png \"Caption\")\n";
    let one = chapter(md, &["i.png"]);
    let text = Inline::plain_text(paragraph(&one, 0));
    assert!(!text.contains("T1") && !text.contains("T2") && !text.contains('\u{0}'), "{text:?}");
    let Some(Block::Figure(f)) = one.blocks.get(1) else { panic!("{one:?}") };
    assert_eq!(f.caption.as_deref().map(Inline::plain_text).as_deref(), Some("Caption"));
}

#[test]
fn an_html_element_closed_inside_emphasis_ends_with_it_not_with_the_paragraph() {
    let one = chapter("# One\n\n<b>a *b</b> c* d <i>e **f</i>** g.\n", &[]);
    let inlines = paragraph(&one, 0);
    let texts = |strong: bool| -> Vec<String> {
        let wrapped = inlines.iter().filter_map(|i| match (i, strong) {
            (Inline::Strong(x), true) | (Inline::Emphasis(x), false) => Some(Inline::plain_text(x)),
            _ => None,
        });
        wrapped.collect()
    };
    // The bold ends with the emphasis its `</b>` stood in, the italic with the strong its
    // `</i>` stood in: " d" and " g." are plain.
    assert_eq!(texts(true), ["a b c"], "{inlines:?}");
    assert_eq!(texts(false), ["e f"], "{inlines:?}");
    assert!(Inline::plain_text(inlines).ends_with(" d e f g."), "{inlines:?}");
}

#[test]
fn spans_too_deep_to_read_end_with_their_paragraph() {
    let one = chapter(&format!("# One\n\n{}deep\n\nNext <i>x</i> y.\n", "<b>".repeat(30)), &[]);
    let inlines = paragraph(&one, 1);
    // The `</i>` closes the italic, not one of the `<b>`s left unread above.
    assert_eq!(inlines.last(), Some(&Inline::Text(" y.".into())), "{inlines:?}");
}

#[test]
fn a_figure_captioned_by_its_alt_text_keeps_its_styling_and_the_alt_stays_plain() {
    let md = "# One\n\nA ![*inline* icon](i.png) here.\n\n![*E. coli* under `x40`, \\^ marked](i.png){#fig:coli}\n";
    let one = chapter(md, &["i.png"]);
    let Some(Block::Figure(f)) = one.blocks.get(1) else { panic!("{one:?}") };
    assert_eq!(f.alt, "E.\u{A0}coli under x40, ^ marked");
    let caption = f.caption.as_deref().expect("a caption");
    assert_eq!(caption.first(), Some(&Inline::Anchor("fig:coli".into())), "{caption:?}");
    assert!(caption.contains(&Inline::Emphasis(vec![Inline::Text("E.\u{A0}coli".into())])), "{caption:?}");
    assert!(caption.contains(&Inline::Code("x40".into())), "{caption:?}");
    assert_eq!(Inline::plain_text(caption), "E.\u{A0}coli under x40, ^ marked");
}

#[test]
fn a_page_break_asked_for_in_raw_html_is_one_and_is_not_warned_about() {
    let md = "# One\n\nBefore.\n\n<div style=\"page-break-after: always;\"></div>\n\nAfter.\n\n\
              <p style=\"break-before: right\">Recto.</p>\n\n<div class=\"pagebreak\"></div>\n\n\
              <div style=\"color: red\"></div>\n\nEnd.\n";
    let one = chapter(md, &[]);
    let shape: Vec<String> = one
        .blocks
        .iter()
        .map(|b| match b {
            Block::PageBreak { recto, .. } => format!("break{}", if *recto { " recto" } else { "" }),
            Block::Paragraph(p) => Inline::plain_text(&p.inlines),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(shape, ["Before.", "break", "After.", "break recto", "Recto.", "break", "End."]);
    // Only the element whose markup was dropped is warned about: the `<p>`'s and the colour's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.md"), md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    crate::manuscript::load(&dir.path().join("one.md"), &Default::default(), &mut diags).unwrap();
    let warned: Vec<u32> = diags
        .into_vec()
        .iter()
        .filter(|d| d.message.contains("raw HTML"))
        .filter_map(|d| d.location.as_ref().and_then(|l| l.line))
        .collect();
    assert_eq!(warned, [9], "the first element dropped with its markup, once a file");
}

#[test]
fn a_note_mark_after_a_tied_one_letter_word_stands_against_it() {
    let md = "---\nlang: ru\n---\n\n# Глава\n\nЭто он и [^1]. Потом в\n[^2] снова и[^1] дальше.\n\n[^1]: Да.\n\n[^2]: Нет.\n";
    let one = chapter(md, &[]);
    let text: Vec<String> = paragraph(&one, 0)
        .iter()
        .map(|i| match i {
            Inline::Text(t) => t.replace('\u{A0}', "~"),
            Inline::NoteRef(_) => "^".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(text.concat(), "Это он и^. Потом в^ снова и^ дальше.");
}

#[test]
fn a_line_ending_in_an_initial_and_a_stray_space_reads_whole() {
    // The space is outside the text pulldown-cmark gives, at a line's end and at the file's.
    let one = chapter("# One\n\nWritten by J. D. \nand edited by A. B. ", &[]);
    let text = Inline::plain_text(paragraph(&one, 0)).replace('\u{A0}', "~");
    assert_eq!(text, "Written by J.~D.~and edited by A.~B.");
}

#[test]
fn a_grid_tables_head_that_reads_empty_keeps_its_joined_cells_on_their_rows() {
    // The head's text is a comment: read, it is empty; the cell joined across the second body
    // row must stay there, not take the third's and lose its last cell.
    let one = chapter(
        "---\ntitle: T\n---\n\n# One\n\n\
         +-------------+-------+\n\
         | <!-- c -->  |       |\n\
         +=============+=======+\n\
         | a           | b     |\n\
         +-------------+-------+\n\
         | c                   |\n\
         +-------------+-------+\n\
         | d           | e     |\n\
         +-------------+-------+\n",
        &[],
    );
    let Some(Block::Table(t)) = one.blocks.first() else { panic!("{one:?}") };
    let spans: Vec<_> = (0..t.all_rows().count()).map(|r| (t.span_at(r, 0), t.span_at(r, 1))).collect();
    let row_of = |text: &str| t.all_rows().position(|r| r.first() == Some(&vec![Inline::Text(text.into())]));
    let (c, d) = (row_of("c").expect("c"), row_of("d").expect("d"));
    assert_eq!(spans[c], (Some((1, 2)), None), "{t:?}");
    assert_eq!(spans[d], (Some((1, 1)), Some((1, 1))), "{t:?}");
}

#[test]
fn a_colon_line_under_a_paragraph_of_two_lines_continues_it_and_defines_nothing() {
    // Le Chien des Baskerville, chapter 6: a sentence wrapped before its French colon.
    let md = "---\nlang: fr\n---\n\n# Six\n\nUne seule chose me semble\ncertaine\n: M. James Desmond.\n\n\
              Terme\n: sa définition\n";
    let six = chapter(md, &[]);
    let text = Inline::plain_text(paragraph(&six, 0));
    assert!(text.starts_with("Une seule chose") && text.ends_with("M.\u{A0}James Desmond."), "{text:?}");
    assert!(text.contains("certaine\u{202F}:"), "the colon gets French spacing: {text:?}");
    let Some(Block::Definitions { items, .. }) = six.blocks.get(1) else { panic!("{six:?}") };
    assert_eq!(Inline::plain_text(&items[0].0), "Terme");
}

#[test]
fn a_character_written_as_a_reference_is_kept_as_it_is() {
    // posa-book's pugixml chapter: "&quot; (") and &apos; (')", "replacing &quot; with "".
    let md = "# One\n\nEscapes: &quot; and &apos;, replacing &quot; with \"quoted\" text; &#x2014; stays.\n";
    let one = chapter(md, &[]);
    let text = Inline::plain_text(paragraph(&one, 0));
    assert_eq!(text, "Escapes: \" and ', replacing \" with “quoted” text; — stays.");
}

#[test]
fn a_span_whose_lang_folio_cannot_read_is_warned_about_at_its_line_and_an_empty_one_is_not() {
    let md = "# One\n\nIn [French]{lang=fr}.\n\nIn [Frenglish]{lang=french}, <span lang=\"\">none</span>.\n\n\
              And <i lang=\"english (uk)\">this</i>.\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.md"), md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&dir.path().join("one.md"), &Default::default(), &mut diags).unwrap();
    let warned: Vec<(u32, String)> = diags
        .into_vec()
        .into_iter()
        .filter(|d| d.message.contains("cannot mark the language"))
        .map(|d| (d.location.as_ref().and_then(|l| l.line).unwrap_or(0), d.message))
        .collect();
    let lines: Vec<u32> = warned.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [5, 7], "an empty `lang` is HTML's unknown language: {warned:?}");
    assert!(warned[0].1.contains("`french`") && warned[1].1.contains("`english (uk)`"), "{warned:?}");
    // The good tag still marks its text; the bad ones leave theirs as the paragraph's.
    let one = book.sections().find(|s| !s.blocks.is_empty()).expect("the chapter");
    assert!(
        matches!(&paragraph(one, 0)[1], Inline::Foreign(lang, _) if lang.as_str() == "fr"),
        "{:?}",
        paragraph(one, 0)
    );
    assert_eq!(Inline::plain_text(paragraph(one, 1)), "In Frenglish, none.");
    assert_eq!(Inline::plain_text(paragraph(one, 2)), "And this.");
}
