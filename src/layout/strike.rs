//! Struck-through and underlined text in print (`~~text~~`, `[text]{.underline}`): a rule
//! through, or under, each line's runs, where and as thick as the font says a strikeout or an
//! underline goes. Without it the print edition dropped what the EPUB shows, and with it what
//! the author meant by it.

use super::Builder;
use super::frame::Placed;
use crate::typeset::{GlyphRun, Pt};

/// Which line a run may carry.
#[derive(Clone, Copy)]
enum Kind {
    Strike,
    Under,
}

impl Builder<'_> {
    /// Rules through the struck runs and under the underlined runs of every page, one a stretch
    /// of runs on the same line and at the same height.
    pub(super) fn strike_text(&mut self) {
        for page in 0..self.pages.len() {
            let mut rules: Vec<Placed> = Vec::new();
            for item in &self.pages[page].items {
                let Placed::Text { x, y, line } = item else { continue };
                for kind in [Kind::Strike, Kind::Under] {
                    // The stretch being drawn: left, right, height and thickness.
                    let mut open: Option<(Pt, Pt, Pt, Pt)> = None;
                    for run in &line.runs {
                        let here = self.rule(run, kind, *x, *y);
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
            }
            self.pages[page].items.extend(rules);
        }
    }

    /// The rule a run on a line at `x`, baseline `y`, carries of this kind: its left and right,
    /// height and thickness.
    fn rule(&self, run: &GlyphRun, kind: Kind, x: Pt, y: Pt) -> Option<(Pt, Pt, Pt, Pt)> {
        let wanted = match kind {
            Kind::Strike => run.style.strike,
            Kind::Under => run.style.underline,
        };
        let (first, last) = (run.glyphs.first()?, run.glyphs.last()?);
        if !wanted {
            return None;
        }
        let face = self.ts.fonts.face(run.style.face);
        let (metrics, fallback) = match kind {
            // Without the font's own: through the middle of the lower-case letters, or a tenth of
            // an em under the baseline.
            Kind::Strike => (face.shaper.strikeout_metrics(), (0.27, 0.05)),
            Kind::Under => (face.shaper.underline_metrics(), (-0.1, 0.05)),
        };
        let em = f64::from(face.per_em);
        let (at, weight) =
            metrics.map_or(fallback, |m| (f64::from(m.position) / em, f64::from(m.thickness) / em));
        let size = run.style.size;
        // An underline stays at the line's baseline under raised or lowered letters.
        let rise = if matches!(kind, Kind::Strike) { run.style.rise } else { Pt::ZERO };
        Some((x + first.x(), self.glyph_end(run, last, x), y + rise + size * at, size * weight))
    }
}
