//! The page count a book will have, guessed before layout: it picks the gutter class (KDP's
//! inside margin grows with the page count), and a guess in the wrong class costs a second layout.

use super::{Geometry, plain};
use crate::fonts::FontStyle;
use crate::model::{Block, Book, Inline};
use crate::typeset::Typesetter;
use crate::typeset::font::Family;

/// A guess of the page count: lines from the text's characters at the body face's mean advance,
/// verse lines one by one, and the pages section openings take.
pub(super) fn pages(book: &Book, ts: &Typesetter, geo: Geometry) -> usize {
    // Characters per line from the body face's mean advance over the book's own text (Cyrillic
    // runs wider than Latin), sampled from its start.
    let face = ts.fonts.face(ts.fonts.select(Family::Serif, FontStyle::Regular));
    let (mut units, mut sampled) = (0u64, 0u64);
    // Advances of the characters met so far (the sample has a few dozen kinds).
    let mut advances: crate::typeset::fasthash::FxMap<char, u16> = Default::default();
    for text in book.sections().flat_map(|s| s.blocks.iter()).map(plain) {
        for c in text.chars() {
            let advance = *advances.entry(c).or_insert_with(|| {
                let advance = face.shaper.glyph_index(c).and_then(|g| face.shaper.glyph_hor_advance(g));
                advance.unwrap_or(face.per_em / 2)
            });
            units += u64::from(advance);
            sampled += 1;
        }
        if sampled >= 20_000 {
            break;
        }
    }
    let em = if sampled == 0 { 0.5 } else { units as f64 / sampled as f64 / f64::from(face.per_em) };
    // Justified lines fill to about nine tenths of the mean advance's count (spaces stretch, words
    // do not split anywhere), measured on the corpus's novels.
    let per_line = (0.9 * geo.measure().0 / (geo.size.0 * em)).max(10.0);
    let lines_of = |chars: usize| (chars as f64 / per_line).ceil();
    let mut lines = 0.0;
    for section in book.sections() {
        // A section opens on a new page, a recto (half a blank verso on average), sunk a quarter
        // of a page, and its last page is half empty on average.
        lines += geo.lines as f64 * (0.5 + 0.25 + 0.5);
        for block in &section.blocks {
            lines += match block {
                Block::Verse { lines: verse, .. } => {
                    verse
                        .iter()
                        .map(|l| lines_of(Inline::plain_text(l).chars().count()).max(1.0))
                        .sum::<f64>()
                        + 1.0
                }
                Block::Heading { .. } => 3.0,
                other => lines_of(plain(other).chars().count()),
            };
        }
    }
    (lines / geo.lines as f64) as usize + 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::manuscript::{LoadOptions, load};
    use crate::typeset::Pt;

    /// Lays the book at `path` out and returns (estimated pages, laid-out pages).
    fn estimate_and_count(path: &std::path::Path) -> (usize, usize) {
        let book = load(path, &LoadOptions::default(), &mut Diagnostics::new()).expect("the book loads");
        let mut ts = Typesetter::new().expect("the shipped fonts load");
        let t = &book.metadata.typography;
        let (w, h) = crate::layout::trim(t.trim.as_deref().unwrap_or("5.5x8.5in")).expect("a known trim");
        let geo = crate::layout::geometry::geometry(w, h, Pt(t.font_size.unwrap_or(10.0)), false, 0);
        let estimate = pages(&book, &ts, geo);
        (estimate, crate::layout::layout(&book, &mut ts).expect("the book lays out").pages.len())
    }

    // A wrong guess lands the gutter in the wrong class and costs a second layout.
    #[test]
    fn the_page_estimate_is_near_the_count_for_latin_and_cyrillic_prose() {
        let novel =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures/pride-and-prejudice.md");
        let (estimate, pages) = estimate_and_count(&novel);
        assert!(estimate.abs_diff(pages) * 8 < pages, "P&P: estimated {estimate}, laid out {pages}");

        // Cyrillic is two bytes a letter and wider than Latin: counting bytes guessed 40% high.
        let paragraph = "Поезд пришёл в город поздно вечером, когда на улицах уже зажгли фонари и \
            в окнах домов горел свет. Старый учитель долго стоял на платформе, вспоминая, как \
            много лет назад уезжал отсюда молодым человеком, полным надежд и сомнений. ";
        let mut text = String::from("---\ntitle: Поезд\nlang: ru\n...\n\n");
        for chapter in 1..=12 {
            text.push_str(&format!("# Глава {chapter}\n\n"));
            // Chapters of unlike lengths, as a novel's are: alike, each would end on the same line.
            for _ in 0..30 + chapter * 3 {
                text.push_str(&paragraph.repeat(3));
                text.push_str("\n\n");
            }
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("book.md");
        std::fs::write(&path, text).expect("the book is written");
        let (estimate, pages) = estimate_and_count(&path);
        assert!(estimate.abs_diff(pages) * 8 < pages, "Russian: estimated {estimate}, laid out {pages}");
    }
}
