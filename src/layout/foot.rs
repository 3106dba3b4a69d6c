//! The foot of a page: its footnotes' lines under a short rule, each note's first line and its
//! mark (on this page or the one before) linked both ways.

use super::{Builder, FootLine, Link, LinkTo, Placed, text};
use crate::typeset::units::FontUnits;
use crate::typeset::{GlyphRun, Line, PlacedGlyph, Pt};

impl Builder<'_> {
    /// Sets footnote lines at the foot of a page of `height` lines, above its last grid line, under a short rule; a
    /// note's first line and its mark, on this page or the one before, link to each other.
    pub(super) fn place_foot(&mut self, page: usize, foot: Vec<FootLine>, height: usize) {
        if foot.is_empty() {
            return;
        }
        let note_leading = self.geo.note_leading();
        let left = self.geo.left(page);
        // A page run a line long (see `paginate::plan`) has its notes a line lower too.
        let bottom = self.geo.baseline((height.max(self.geo.lines) - 1) as f64);
        let mut y = bottom + note_leading * (foot.len() as f64 - 1.0);
        self.pages[page].items.push(Placed::Rule {
            x: left,
            y: y + note_leading * 1.1,
            w: self.geo.measure() * 0.3,
            weight: Pt(0.4),
        });
        let size = self.geo.size;
        for (mark, line) in foot {
            if let Some((on, (l, b, r, t))) = mark {
                let note_rect = (left, y - size * 0.3, left + size * 2.0, y + size * 0.8);
                self.pages[on]
                    .links
                    .push(Link { rect: (l, b, r, t), to: LinkTo::Page { page, top: Some(y + size) } });
                self.pages[page]
                    .links
                    .push(Link { rect: note_rect, to: LinkTo::Page { page: on, top: Some(t + size) } });
            }
            let x = left + line.x;
            self.pages[page].items.push(Placed::Text { x, y, line });
            y -= note_leading;
        }
    }

    /// Rectangles (left, bottom, right, top) of the footnote marks on a placed line.
    pub(super) fn note_marks(&self, line: &Line, x: Pt, y: Pt) -> Vec<(Pt, Pt, Pt, Pt)> {
        let mut out = Vec::new();
        for r in line.runs.iter().filter(|r| text::is_note_mark(&r.style)) {
            // Marks side by side share a run ("1,2"): one rectangle for each, parted at the commas.
            let comma = |g: &PlacedGlyph| self.ts.shaper.texts.get(r.style.face, g.id) == Some(",");
            for mark in r.glyphs.split(comma) {
                let (Some(first), Some(last)) = (mark.first(), mark.last()) else { continue };
                let (l, rr) = (x + first.x(), self.glyph_end(r, last, x));
                out.push((l - Pt(1.0), y, rr + Pt(1.0), y + self.geo.size));
            }
        }
        out
    }

    /// Where a placed glyph of a run on a line starting at `x` ends: its pen position and advance.
    pub(super) fn glyph_end(&self, run: &GlyphRun, g: &PlacedGlyph, x: Pt) -> Pt {
        let face = self.ts.fonts.face(run.style.face);
        let advance = face.shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g.id)).unwrap_or(0);
        x + g.x() + face.pt(FontUnits(i32::from(advance)), run.style.size)
    }
}
