//! Page geometry: trim sizes print-on-demand services offer, mirrored margins with a gutter that
//! grows with the page count (as KDP asks), bleed, and the baseline grid of the text block.

use crate::typeset::Pt;

/// The sizes of a book's pages and of its text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Trimmed page width.
    pub width: Pt,
    /// Trimmed page height.
    pub height: Pt,
    /// Bleed added at the top, the foot and the fore-edge of the trim, never at the spine (0
    /// without bleed).
    pub bleed: Pt,
    /// Margin at the spine.
    pub inner: Pt,
    /// Margin at the fore-edge.
    pub outer: Pt,
    /// Margin above the text block (running heads sit inside it).
    pub top: Pt,
    /// Body text size.
    pub size: Pt,
    /// Distance between baselines.
    pub leading: Pt,
    /// Lines in a full page.
    pub lines: usize,
}

impl Geometry {
    /// The measure: width of the text block.
    pub fn measure(&self) -> Pt {
        self.width - self.inner - self.outer
    }

    /// Left edge of the text block on a page (index 0 is a right-hand page).
    pub fn left(&self, page: usize) -> Pt {
        let recto = page.is_multiple_of(2);
        self.trim_left(page) + if recto { self.inner } else { self.outer }
    }

    /// Left edge of the trim on a page's media box. The pages are bound at the spine, so bleed
    /// there would be cut into the binding, not off: KDP and IngramSpark size an interior with
    /// bleed as trim plus 0.125 in across and 0.25 in down, with the trim flush to the spine. A
    /// right-hand page's spine is its left edge; a left-hand page bleeds on its left.
    pub fn trim_left(&self, page: usize) -> Pt {
        if page.is_multiple_of(2) { Pt::ZERO } else { self.bleed }
    }

    /// The leading of footnotes, set smaller than the text (at four fifths of its size).
    pub fn note_leading(&self) -> Pt {
        self.leading * 0.8
    }

    /// Baseline of grid line `n` (0 = first), measured from the media box's bottom.
    pub fn baseline(&self, n: f64) -> Pt {
        self.bleed + self.height - self.top - self.size * 0.8 - self.leading * n
    }

    /// Media box size: the trim, with bleed at the fore-edge, top and foot.
    pub fn media(&self) -> (Pt, Pt) {
        (self.width + self.bleed, self.height + self.bleed * 2.0)
    }
}

/// A trim size from a preset name or `W x H` with units (`6x9in`, `a5`, `156x234mm`).
pub fn trim(spec: &str) -> Option<(Pt, Pt)> {
    let s = spec.trim().to_ascii_lowercase().replace(' ', "");
    let preset = match s.as_str() {
        "6x9in" | "us-trade" | "trade" => Some((Pt::inches(6.0), Pt::inches(9.0))),
        "5.5x8.5in" | "digest" => Some((Pt::inches(5.5), Pt::inches(8.5))),
        "5x8in" => Some((Pt::inches(5.0), Pt::inches(8.0))),
        "a5" => Some((Pt::mm(148.0), Pt::mm(210.0))),
        "b-format" | "b" | "129x198mm" => Some((Pt::mm(129.0), Pt::mm(198.0))),
        "royal" | "156x234mm" => Some((Pt::mm(156.0), Pt::mm(234.0))),
        _ => None,
    };
    preset.or_else(|| {
        let (unit, scale): (&str, fn(f64) -> Pt) = if s.ends_with("mm") {
            ("mm", Pt::mm)
        } else if s.ends_with("in") {
            ("in", Pt::inches)
        } else if s.ends_with("pt") {
            ("pt", Pt)
        } else {
            return None;
        };
        let (w, h) = s.strip_suffix(unit)?.split_once('x')?;
        let (w, h) = (scale(w.parse::<f64>().ok()?), scale(h.parse::<f64>().ok()?));
        // From a matchbook to a wall map: anything else is a slip of the unit.
        let fits = |side: Pt| side > Pt::mm(50.0) && side < Pt::mm(2000.0);
        (fits(w) && fits(h)).then_some((w, h))
    })
}

/// The smallest inside margin KDP accepts for a page count, plus breathing room.
pub fn gutter(pages: usize) -> Pt {
    let kdp = match pages {
        0..=150 => 0.375,
        151..=300 => 0.5,
        301..=500 => 0.625,
        501..=700 => 0.75,
        _ => 0.875,
    };
    Pt::inches(kdp + 0.25)
}

/// The fewest lines a page's text block may hold: fewer leave no room for a chapter opening's
/// sink, a heading kept with its text, or a paragraph's last lines kept together.
pub const LEAST_LINES: usize = 10;

/// The narrowest measure, in ems of the body size: narrower, a justified line has one or two
/// words and gaping spaces.
pub const LEAST_EMS: f64 = 10.0;

/// Body sizes folio sets, in points.
pub const SIZES: std::ops::RangeInclusive<f64> = 6.0..=18.0;

/// The text block a trim leaves at a body size, in full lines and in ems, with the margins of
/// a short book (the gutter only grows with more pages).
pub fn room(width: Pt, height: Pt, size: Pt) -> (usize, f64) {
    let g = geometry(width, height, size, false, 0);
    (text_lines(height, size), g.measure().0 / size.0)
}

/// Lines of body text between the top and bottom margins.
fn text_lines(height: Pt, size: Pt) -> usize {
    let (top, bottom) = (Pt::inches(0.75), Pt::inches(0.8));
    ((height - top - bottom).0 / (size * 1.3).0).floor().max(0.0) as usize
}

/// Geometry for a trim, body size, bleed and page count.
pub fn geometry(width: Pt, height: Pt, size: Pt, bleed: bool, pages: usize) -> Geometry {
    let leading = size * 1.3;
    let outer = Pt::inches(0.55).max(width * 0.09);
    let inner = gutter(pages).max(width * 0.11);
    let top = Pt::inches(0.75);
    // Settings are checked as the book is read (`room`); a book made by other means still
    // gets a text block it can be laid out in.
    let lines = text_lines(height, size).max(LEAST_LINES);
    let bleed = if bleed { Pt::inches(0.125) } else { Pt::ZERO };
    Geometry { width, height, bleed, inner, outer, top, size, leading, lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_custom_sizes() {
        assert_eq!(trim("6x9in"), Some((Pt(432.0), Pt(648.0))));
        let (w, h) = trim("A5").unwrap();
        assert!((w.0 - 419.53).abs() < 0.01 && (h.0 - 595.28).abs() < 0.01);
        assert_eq!(trim("156 x 234 mm"), trim("royal"));
        assert_eq!(trim("nonsense"), None);
        // Every unit has the same bounds: over 50 mm, under 2 m.
        assert_eq!(trim("40x60mm"), None);
        assert_eq!(trim("1.9x3in"), None);
        assert_eq!(trim("100x3000mm"), None);
        assert!(trim("51x60mm").is_some() && trim("2.1x3in").is_some() && trim("150x200pt").is_some());
    }

    #[test]
    fn the_gutter_grows_with_the_page_count() {
        assert!(gutter(100) < gutter(400));
        let g = geometry(Pt::inches(6.0), Pt::inches(9.0), Pt(10.0), true, 320);
        assert_eq!(g.media(), (Pt(441.0), Pt(666.0)));
        assert!(g.left(0) > g.left(1), "recto pages have the gutter on the left");
        // The text block sits as far from the spine on both pages of a spread, bleed or none.
        let spine_right = |page| g.trim_left(page) + g.width - g.left(page) - g.measure();
        assert_eq!(g.left(0) - g.trim_left(0), spine_right(1));
        assert_eq!((g.trim_left(0), g.trim_left(1)), (Pt::ZERO, Pt(9.0)));
    }
}
