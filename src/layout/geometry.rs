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
    /// Bleed added on every side of the trim (0 without bleed).
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
        self.bleed + if recto { self.inner } else { self.outer }
    }

    /// The leading of footnotes, set smaller than the text (at four fifths of its size).
    pub fn note_leading(&self) -> Pt {
        self.leading * 0.8
    }

    /// Baseline of grid line `n` (0 = first), measured from the media box's bottom.
    pub fn baseline(&self, n: f64) -> Pt {
        self.bleed + self.height - self.top - self.size * 0.8 - self.leading * n
    }

    /// Media box size (trim plus bleed).
    pub fn media(&self) -> (Pt, Pt) {
        (self.width + self.bleed * 2.0, self.height + self.bleed * 2.0)
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
        let (w, h) = (w.parse::<f64>().ok()?, h.parse::<f64>().ok()?);
        (w > 50.0 / 25.4 && h > 50.0 / 25.4 && w < 2000.0 && h < 2000.0).then(|| (scale(w), scale(h)))
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

/// Geometry for a trim, body size, bleed and page count.
pub fn geometry(width: Pt, height: Pt, size: Pt, bleed: bool, pages: usize) -> Geometry {
    let leading = size * 1.3;
    let outer = Pt::inches(0.55).max(width * 0.09);
    let inner = gutter(pages).max(width * 0.11);
    let top = Pt::inches(0.75);
    let bottom = Pt::inches(0.8);
    let lines = ((height - top - bottom).0 / leading.0).floor().max(10.0) as usize;
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
    }

    #[test]
    fn the_gutter_grows_with_the_page_count() {
        assert!(gutter(100) < gutter(400));
        let g = geometry(Pt::inches(6.0), Pt::inches(9.0), Pt(10.0), true, 320);
        assert_eq!(g.media(), (Pt(450.0), Pt(666.0)));
        assert!(g.left(0) > g.left(1), "recto pages have the gutter on the left");
    }
}
