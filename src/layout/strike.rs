//! Struck-through text in print (`~~text~~`): a rule through each line's struck runs, where
//! and as thick as the font says a strikeout goes. Without it the print edition dropped the
//! strike the EPUB shows, and with it what the author meant by it.

use super::Builder;
use super::frame::Placed;
use crate::typeset::Pt;

impl Builder<'_> {
    /// Rules through the struck runs of every page, one a stretch of runs on the same line and
    /// at the same height.
    pub(super) fn strike_text(&mut self) {
        for page in 0..self.pages.len() {
            let mut rules: Vec<Placed> = Vec::new();
            for item in &self.pages[page].items {
                let Placed::Text { x, y, line } = item else { continue };
                // The stretch being drawn: left, right, height and thickness.
                let mut open: Option<(Pt, Pt, Pt, Pt)> = None;
                for run in &line.runs {
                    let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else { continue };
                    let here = run.style.strike.then(|| {
                        let face = self.ts.fonts.face(run.style.face);
                        let metrics = face.shaper.strikeout_metrics();
                        // Fonts without the metrics: through the middle of the lower-case letters.
                        let (at, weight) = metrics.map_or((0.27, 0.05), |m| {
                            let em = f64::from(face.per_em);
                            (f64::from(m.position) / em, f64::from(m.thickness) / em)
                        });
                        let size = run.style.size;
                        let left = *x + first.x();
                        let right = self.glyph_end(run, last, *x);
                        (left, right, *y + run.style.rise + size * at, size * weight)
                    });
                    open = match (open, here) {
                        (Some((l, _, h, w)), Some((_, r, now, _))) if h == now => Some((l, r, h, w)),
                        (before, now) => {
                            rules.extend(before.map(|(l, r, h, w)| Placed::Rule {
                                x: l,
                                y: h,
                                w: r - l,
                                weight: w,
                            }));
                            now
                        }
                    };
                }
                rules.extend(open.map(|(l, r, h, w)| Placed::Rule { x: l, y: h, w: r - l, weight: w }));
            }
            self.pages[page].items.extend(rules);
        }
    }
}
