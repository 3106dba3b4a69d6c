//! What a print-on-demand service's preflight would reject, found before the PDF is written:
//! images under 300 dpi, fonts that forbid embedding, text set off the paper.

use super::{Geometry, Objection, Page, Placed};
use crate::model::{Block, Book, Inline, Span};
use crate::typeset::Typesetter;

/// Checks print-on-demand services make: images under 300 dpi at their printed size, fonts whose
/// licence bits forbid embedding; and text set off the paper.
pub(super) fn check(book: &Book, ts: &Typesetter, geo: &Geometry, pages: &[Page]) -> Vec<Objection> {
    let mut out = Vec::new();
    // A title page, copyright page or author's page holding more than a page (three hundred
    // authors, a licence's full text as `rights`) is set past the paper's edge, which no printer
    // prints: the author is told which page, rather than find the text missing in print.
    let (low, high) = (geo.bleed.0, (geo.bleed + geo.height).0);
    for (n, page) in pages.iter().enumerate() {
        if page.items.iter().any(|i| matches!(i, Placed::Text { y, .. } if y.0 < low || y.0 > high)) {
            out.push(Objection::book(format!(
                "page {} of the PDF holds more text than fits on it, and what runs off the paper is \
                 not printed: shorten what is set there",
                n + 1
            )));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        // A figure drawn as vectors prints sharp at any size.
        if let Placed::Image { asset, w, .. } = item
            && let Some(a) = book.assets.get(*asset).filter(|a| a.vector.is_none())
        {
            let dpi = f64::from(a.pixels.0) / (w.0 / 72.0);
            if dpi < 300.0 && seen.insert(*asset) {
                out.push(Objection {
                    at: first_use(book, *asset),
                    message: format!(
                        "image {} prints at {dpi:.0} dpi, under the 300 dpi printers ask for",
                        a.source.display()
                    ),
                });
            }
        }
    }
    for (_, face) in ts.fonts.faces() {
        if face.shaper.permissions() == Some(rustybuzz::ttf_parser::Permissions::Restricted) {
            out.push(Objection::book(format!("the font {} does not permit embedding", face.file.file_name)));
        }
    }
    out
}

/// Where the manuscript first shows an image: the block holding it (a cover or an author's
/// photo has none).
fn first_use(book: &Book, asset: usize) -> Option<Span> {
    let figure = |b: &Block| matches!(b, Block::Figure(f) if f.asset.0 == asset);
    let inline = |i: &Inline| matches!(i, Inline::Image { asset: a, .. } if a.0 == asset);
    book.sections().flat_map(|s| s.all_blocks()).find(|b| b.contains(&figure, &inline)).map(Block::span)
}
