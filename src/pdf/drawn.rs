//! Glyphs drawn as their outlines: a drop cap, which is seen but must not be read apart from the
//! rest of its word (an invisible copy of its letter is read there instead).

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

use super::content::Stream;
use crate::typeset::{FontBook, GlyphRun, Pt};

/// Fills the outlines of a run's glyphs, placed as its text would be at (x, y).
pub(super) fn draw_run(content: &mut Stream, fonts: &FontBook, run: &GlyphRun, x: Pt, y: Pt) {
    let face = fonts.face(run.style.face);
    let scale = run.style.size.0 / f64::from(face.per_em);
    for g in &run.glyphs {
        let origin = ((x + g.x()).0, (y + run.style.rise + g.y()).0);
        let mut pen = Pen { content, scale, origin, at: (0.0, 0.0) };
        if face.shaper.outline_glyph(GlyphId(g.id), &mut pen).is_some() {
            pen.content.fill();
        }
    }
}

/// Writes an outline's segments as path operators, from font units to points.
struct Pen<'a> {
    content: &'a mut Stream,
    scale: f64,
    origin: (f64, f64),
    /// The current point in font units: a TrueType quadratic segment becomes a cubic from it.
    at: (f64, f64),
}

impl Pen<'_> {
    fn pt(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (self.origin.0 + x * self.scale, self.origin.1 + y * self.scale)
    }
}

impl OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.at = (f64::from(x), f64::from(y));
        let (px, py) = self.pt(self.at);
        self.content.move_to(px, py);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.at = (f64::from(x), f64::from(y));
        let (px, py) = self.pt(self.at);
        self.content.line_to(px, py);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // The cubic through the same points: its controls two thirds of the way from each end
        // to the quadratic's one.
        let (p0, q, p1) = (self.at, (f64::from(x1), f64::from(y1)), (f64::from(x), f64::from(y)));
        let c1 = (p0.0 + 2.0 / 3.0 * (q.0 - p0.0), p0.1 + 2.0 / 3.0 * (q.1 - p0.1));
        let c2 = (p1.0 + 2.0 / 3.0 * (q.0 - p1.0), p1.1 + 2.0 / 3.0 * (q.1 - p1.1));
        let (a, b, c) = (self.pt(c1), self.pt(c2), self.pt(p1));
        self.content.curve_to([a.0, a.1, b.0, b.1, c.0, c.1]);
        self.at = p1;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a, b) = (self.pt((f64::from(x1), f64::from(y1))), self.pt((f64::from(x2), f64::from(y2))));
        self.at = (f64::from(x), f64::from(y));
        let c = self.pt(self.at);
        self.content.curve_to([a.0, a.1, b.0, b.1, c.0, c.1]);
    }

    fn close(&mut self) {
        self.content.close_path();
    }
}
