//! Drop caps in print.

use super::*;
use crate::typeset::Paint;

/// The text lines of the page holding `words`, top to bottom.
fn lines_of_page<'a>(doc: &'a Document, ts: &Typesetter, words: &str) -> Vec<(Pt, Pt, &'a Line)> {
    let page = page_with(doc, ts, words).expect("the page");
    let mut lines: Vec<_> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { x, y, line } => Some((*x, *y, line)),
            _ => None,
        })
        .collect();
    lines.sort_by(|a, b| b.1.0.total_cmp(&a.1.0));
    lines
}

#[test]
fn a_chapter_opens_with_an_initial_two_lines_deep_and_its_lines_set_in_beside_it() {
    let text = "It is a truth universally acknowledged, that a single man in possession of a good \
                fortune, must be in want of a wife, and many words more to fill three lines at least \
                of this paragraph, which goes on and on for some while yet before it ends.";
    let md = |drop: bool| {
        format!(
            "---\ntitle: Drops\ndrop-caps: {drop}\n---\n\n# One\n\n{text}\n\n# Two\n\n— Dialogue opens \
             this one, and no initial: a dash is no letter.\n"
        )
    };
    let (doc, ts) = laid_out(&md(true));
    let lines = lines_of_page(&doc, &ts, "universally");
    // The paragraph's lines (glue is no glyph: a line's text has no spaces), not the title's.
    let body: Vec<_> = lines.iter().filter(|(_, _, l)| line_text(l, &ts).len() > 20).collect();
    let (x1, y1, first) = body[0];
    let (x2, y2, _) = body[1];
    let (x3, _, _) = body[2];
    let leading = doc.geometry.leading;
    // The initial: the paragraph's first letter, larger, lowered to the second line's baseline
    // and standing at the text's left edge, where the third line begins.
    let run = &first.runs[0];
    assert_eq!(ts.shaper.texts.get(run.style.face, run.glyphs[0].id), Some("I"));
    assert!(run.style.size.0 > doc.geometry.size.0 * 2.5, "{:?}", run.style.size);
    assert!((run.style.rise + leading).0.abs() < 0.01, "{:?}", run.style.rise);
    assert!((*x1 + run.glyphs[0].x() - *x3).0.abs() < 0.01);
    // It is drawn, not read: its letter is read from an invisible copy at the text's size,
    // ending where the rest of the word begins.
    assert_eq!(run.style.paint, Paint::Outline);
    let read = &first.runs[1];
    assert_eq!((read.style.paint, read.style.size), (Paint::Hidden, doc.geometry.size));
    assert_eq!(ts.shaper.texts.get(read.style.face, read.glyphs[0].id), Some("I"));
    let face = ts.fonts.face(read.style.face);
    let advance = face.shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(read.glyphs[0].id)).unwrap();
    let ends = read.glyphs[0].x() + read.style.size * (f64::from(advance) / f64::from(face.per_em));
    assert!((ends - first.runs[2].glyphs[0].x()).0.abs() < 0.01, "{ends:?}");
    assert_eq!(first.runs[2].style.paint, Paint::Text);
    // The text after it, from `t is`, is set in on both lines it spans, and no further.
    assert!(line_text(first, &ts).contains("tisatruth"));
    assert!((*x1 - *x2).0.abs() < 0.01 && *x1 > *x3 + doc.geometry.size, "{x1:?} {x2:?} {x3:?}");
    assert!((*y1 - *y2 - leading).0.abs() < 0.01);
    // Its cap height reaches the first line's.
    let face = ts.fonts.face(run.style.face);
    let cap = |size: Pt| size.0 * f64::from(face.cap_height.0) / f64::from(face.per_em);
    let top = (*y1 + run.style.rise).0 + cap(run.style.size);
    assert!((top - (y1.0 + cap(doc.geometry.size))).abs() < 0.01, "{top}");
    // Dialogue's dash takes none, and without `drop-caps` there is none.
    let second = lines_of_page(&doc, &ts, "Dialogue");
    let dialogue = second.iter().filter(|(_, _, l)| line_text(l, &ts).contains("Dialogue"));
    assert!(dialogue.flat_map(|(_, _, l)| &l.runs).all(|r| r.style.size <= doc.geometry.size * 1.01));
    let (plain, ts) = laid_out(&md(false));
    let lines = lines_of_page(&plain, &ts, "universally");
    assert!(lines.iter().any(|(_, _, l)| line_text(l, &ts).starts_with("Itisatruth")));
}
