//! The generated cover's type: italics and breaks reach it, long titles come down in size and
//! are cut where they fit, and everything stays inside the frame.

use super::*;

#[test]
fn a_titles_italics_and_line_breaks_reach_the_cover() {
    let t = |s: &str| Inline::Text(s.into());
    let title = [
        t("Reading "),
        Inline::Emphasis(vec![t("Hamlet")]),
        t("\u{2019}s Ghost"),
        Inline::LineBreak,
        t("Again"),
    ];
    let seen = words(&title, false);
    let piece = |s: &str, i: bool| (s.to_string(), i);
    assert_eq!(
        seen,
        [
            Some(vec![piece("Reading", false)]),
            Some(vec![piece("Hamlet", true), piece("\u{2019}s", false)]),
            Some(vec![piece("Ghost", false)]),
            None,
            Some(vec![piece("Again", false)]),
        ]
    );
    // In an italic subtitle, emphasis is upright.
    assert_eq!(words(&title[1..2], true), [Some(vec![piece("Hamlet", false)])]);
    let (bold, bold_italic) =
        (face(&fonts::SERIF, FontStyle::Bold), face(&fonts::SERIF, FontStyle::BoldItalic));
    let (bold, bold_italic) = (bold.unwrap(), bold_italic.unwrap());
    let styled = Styled { upright: &bold, italic: &bold_italic, size: 160.0 };
    // The author's break ends a line even where the measure has room.
    let lines = styled.wrap(&seen, 5000.0);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1], [vec![piece("Again", false)]]);
    // A narrow measure wraps between words, never inside one.
    assert!(styled.wrap(&seen, 700.0).iter().all(|l| !l.is_empty()));
    // Each piece is measured in its own face.
    let hamlet = |italic| styled.width(&[vec![piece("Hamlet", italic)]]);
    assert!((hamlet(true) - hamlet(false)).abs() > 1.0, "{} {}", hamlet(true), hamlet(false));
}

fn bold() -> (FontRef<'static>, FontRef<'static>) {
    (face(&fonts::SERIF, FontStyle::Bold).unwrap(), face(&fonts::SERIF, FontStyle::BoldItalic).unwrap())
}

/// The text of wrapped lines, their words spaced.
fn texts(lines: &[Words]) -> Vec<String> {
    let word = |w: &Pieces| w.iter().map(|(t, _)| t.as_str()).collect::<String>();
    lines.iter().map(|l| l.iter().map(word).collect::<Vec<_>>().join(" ")).collect()
}

#[test]
fn a_cover_title_word_too_long_for_its_line_comes_down_in_size_then_is_cut_where_it_hyphenates() {
    let (upright, italic) = bold();
    let word = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft";
    let styled = Styled { upright: &upright, italic: &italic, size: 160.0 };
    let (fitted, lines) = styled.fit(&words(&[Inline::Text(word.into())], false), 1240.0, "de");
    assert!((fitted.size - 96.0).abs() < 10.0, "down to three fifths, no further: {}", fitted.size);
    let texts = texts(&lines);
    assert!(lines.len() > 1 && lines.iter().all(|l| fitted.width(l) <= 1240.0), "{texts:?}");
    assert_eq!(texts.concat().replace('-', ""), word);
    // Each cut at one of the German patterns' points.
    let points = Hyphenator::new().find("de", word);
    let mut at = 0;
    for t in &texts[..texts.len() - 1] {
        at += t.trim_end_matches('-').len();
        assert!(points.contains(&at), "{t} ends at {at}, not a hyphenation point of {points:?}");
    }
}

/// A book's metadata, from front matter.
fn metadata(front: &str) -> Metadata {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    std::fs::write(&path, format!("---\n{front}\n---\n\n# One\n\nText.\n")).unwrap();
    let options = crate::manuscript::LoadOptions { no_generated_cover: true, ..Default::default() };
    let mut diags = crate::diag::Diagnostics::new();
    crate::manuscript::load(&path, &options, &mut diags).expect("the book reads").metadata
}

#[test]
fn a_long_title_subtitle_and_many_names_stay_inside_the_frame_and_apart() {
    // Defoe's title page, and seven authors: the rule once fell below the canvas (a panic).
    let meta = metadata(concat!(
        "title: \"The Life and Strange Surprizing Adventures of Robinson Crusoe, of York, Mariner: ",
        "Who lived Eight and Twenty Years, all alone in an un-inhabited Island on the Coast of ",
        "America, near the Mouth of the Great River of Oroonoque\"\n",
        "subtitle: \"Having been cast on Shore by Shipwreck, wherein all the Men perished but ",
        "himself. With An Account how he was at last as strangely deliver'd by Pyrates. Written by ",
        "Himself, with a great many more words, to run past the frame of the cover.\"\n",
        "author: [Daniel Defoe, Another Person, A Third Person With a Long Name, Fourth, ",
        "Fifth Author Here, Sixth Author Person, Seventh]",
    ));
    assert!(generate(&meta).is_ok());
    let (bold, bold_italic) = bold();
    let (serif, sans) =
        (face(&fonts::SERIF, FontStyle::Regular).unwrap(), face(&fonts::SANS, FontStyle::Regular).unwrap());
    let faces = Faces { title: (&bold, &bold_italic), subtitle: (&serif, &serif), names: &sans };
    let plan = plan(&meta, &faces);
    let (heads, names): (Vec<_>, Vec<_>) =
        plan.lines.iter().partition(|(s, _, _)| !std::ptr::eq(s.upright, &sans));
    assert!(heads.len() > 10 && names.len() > 3, "{} {}", heads.len(), names.len());
    let head_foot = heads.iter().map(|(s, _, b)| b + s.size * 0.3).fold(0.0, f32::max);
    let names_top = names.iter().map(|(s, _, b)| b - s.size).fold(f32::MAX, f32::min);
    let names_foot = names.iter().map(|(s, _, b)| b + s.size * 0.3).fold(0.0, f32::max);
    assert!(head_foot < plan.rule && plan.rule + 4.0 < names_top, "{head_foot} {} {names_top}", plan.rule);
    assert!(names_foot < HEIGHT as f32 - 92.0, "the names end inside the frame: {names_foot}");
    assert!(heads.iter().chain(&names).all(|(s, l, _)| s.width(l) <= 1240.0));
}

#[test]
fn a_cover_title_that_fits_keeps_its_size_and_words() {
    let (upright, italic) = bold();
    let styled = Styled { upright: &upright, italic: &italic, size: 160.0 };
    let title = words(&[Inline::Text("Kazakhstan and regional security: overview".into())], false);
    let (fitted, lines) = styled.fit(&title, 1240.0, "en");
    assert_eq!(fitted.size, 160.0);
    assert_eq!(texts(&lines).join(" "), "Kazakhstan and regional security: overview");
}

#[test]
fn a_cover_title_made_of_a_file_name_parts_at_its_own_hyphens() {
    let (upright, italic) = bold();
    let word = "footnotes-french-war-and-peace-ch1-3";
    let styled = Styled { upright: &upright, italic: &italic, size: 160.0 };
    let (fitted, lines) = styled.fit(&words(&[Inline::Text(word.into())], false), 1240.0, "en");
    let texts = texts(&lines);
    assert!(texts.len() > 1 && lines.iter().all(|l| fitted.width(l) <= 1240.0), "{texts:?}");
    assert_eq!(texts.concat(), word, "no hyphen added: {texts:?}");
    for t in &texts[..texts.len() - 1] {
        assert!(t.ends_with('-'), "parted inside a word: {texts:?}");
    }
}

#[test]
fn a_word_of_thousands_of_letters_in_two_faces_is_cut_into_pieces_that_each_fit() {
    // Measured from running sums, each piece must still measure as it is set.
    let (upright, italic) = bold();
    let styled = Styled { upright: &upright, italic: &italic, size: 96.0 };
    let word: Pieces = (0..400).map(|k| (["Wave", "fall", "AVAT"][k % 3].to_string(), k % 2 == 1)).collect();
    // In a language without patterns, so that each piece is cut only where it is full.
    let joined = |w: &[Pieces]| w.iter().flatten().map(|(t, _)| t.as_str()).collect::<String>();
    assert!(Hyphenator::new().find("zz", &joined(std::slice::from_ref(&word))).is_empty());
    let pieces = styled.cut(&word, 1240.0, "zz");
    assert!(pieces.len() > 20, "{}", pieces.len());
    assert!(pieces.iter().all(|p| styled.width(std::slice::from_ref(p)) <= 1240.0));
    assert_eq!(joined(&pieces).replace('-', ""), joined(std::slice::from_ref(&word)));
    // Nearly full: a piece and the next letter would not fit.
    let letters = |p: &Pieces| p.iter().map(|(t, _)| t.trim_end_matches('-').chars().count()).sum::<usize>();
    let run =
        Run::measure(&styled, &word.iter().flat_map(|(t, i)| t.chars().map(|c| (c, *i))).collect::<Vec<_>>());
    let mut from = 0;
    for p in &pieces[..pieces.len() - 1] {
        let to = from + letters(p);
        assert!(run.width(from, to + 1, true) > 1240.0, "a piece {from}..{to} ended early");
        from = to;
    }
}

#[test]
fn a_cover_word_with_no_hyphenation_points_is_cut_between_letters() {
    let (upright, italic) = bold();
    let word = "Precipitevolissimevolmente".repeat(3);
    let styled = Styled { upright: &upright, italic: &italic, size: 160.0 };
    let (fitted, lines) = styled.fit(&words(&[Inline::Text(word.clone())], false), 1240.0, "it");
    assert!(lines.len() > 1 && lines.iter().all(|l| fitted.width(l) <= 1240.0));
    assert_eq!(texts(&lines).concat().replace('-', ""), word);
}
