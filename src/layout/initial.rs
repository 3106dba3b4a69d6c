//! Drop caps in print: a chapter's first letter set two lines deep, its cap height from the first
//! line's cap height down to the second line's baseline, the two lines set in beside it.

use super::flow::{Content, Flow, Slot};
use super::text::Look;
use crate::model::{Inline, Paragraph, Section, split_initial};
use crate::typeset::{Align, Paint, PlacedGlyph, Pt, Shape};

/// Lines an initial spans.
const DEPTH: usize = 2;

impl Flow<'_> {
    /// Sets `p` opened by a drop cap and returns true, or returns false having set nothing: when
    /// it does not begin with a letter, or is too short to hold the initial's depth (the initial
    /// would hang into the text below).
    pub(super) fn dropped(
        &mut self,
        section: &Section,
        p: &Paragraph,
        indent: Pt,
        out: &mut Vec<Slot>,
    ) -> bool {
        let Some(Inline::Text(text)) = p.inlines.first() else { return false };
        let Some((initial, rest)) = split_initial(text) else { return false };
        let measure = self.measure - indent;
        let body = Look::body(self.size);
        let face = self.ts.fonts.face(body.style(&self.ts.fonts).face);
        let cap = f64::from(face.cap_height.0) / f64::from(face.per_em);
        // The initial's capitals stand as tall as the body's first capitals stand above the
        // last line it spans.
        let big = (self.leading * (DEPTH - 1) as f64 + self.size * cap) * (1.0 / cap);
        let chunks = self.chunks_in(&[Inline::Text(initial.to_string())], Look::body(big), false);
        let Some(letter) = self.set(chunks, Align::Left, Shape::block(measure, Pt::ZERO), false).pop() else {
            return false;
        };
        let gap = self.size * 0.35;
        let inset = letter.width + gap;
        let mut inlines = p.inlines.clone();
        match rest.trim_start() {
            "" => {
                inlines.remove(0);
            }
            rest => inlines[0] = Inline::Text(rest.to_string()),
        }
        let chunks = self.chunks_in(&inlines, body, true);
        let mut lines = vec![(inset, measure - inset); DEPTH];
        lines.push((Pt::ZERO, measure));
        let para = self.paragraph(chunks, Align::Justify, Shape { lines, first_indent: Pt::ZERO }, true);
        let (_, lines) = self.set_running(para, self.current);
        if lines.len() < DEPTH {
            return false;
        }
        let start = out.len();
        self.text_lines(section, lines, indent, out);
        // The letter as text readers should read it: at the text's size, invisible, ending where
        // the rest of its word begins, so "It" reads as one word; the initial itself is drawn,
        // not read.
        let joined = !rest.is_empty() && !rest.starts_with(char::is_whitespace);
        let read = self.chunks_in(&[Inline::Text(initial.to_string())], body, false);
        let read = self.set(read, Align::Left, Shape::block(measure, Pt::ZERO), false).pop();
        // The initial goes into the first line, lowered to the last line it spans. The paragraph
        // is not set again to fill a spread (it is not `settable`): that would lose it.
        let Some(Slot { content: Content::Text { line, .. }, .. }) = out.get_mut(start) else { return true };
        let text_starts = line.runs.first().and_then(|r| r.glyphs.first()).map(|g| g.x());
        if let (Some(read), Some(text_starts)) = (read, text_starts) {
            let starts = read.runs.first().and_then(|r| r.glyphs.first()).map_or(Pt::ZERO, |g| g.x());
            // A word of its own is followed by a space glyph, which readers that take only
            // glyphs for spaces need too.
            let space = read.runs.last().filter(|_| !joined).and_then(|r| {
                let face = self.ts.fonts.face(r.style.face);
                let id = face.space?;
                let units = face.shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id))?;
                Some((id, r.style.size * (f64::from(units) / f64::from(face.per_em))))
            });
            let gap = space.map_or(Pt::ZERO, |(_, advance)| advance);
            let shift = text_starts - gap - read.width - starts;
            let mut runs = read.runs;
            for run in &mut runs {
                run.style.paint = Paint::Hidden;
                for g in &mut run.glyphs {
                    g.shift(shift);
                }
            }
            if let (Some((id, _)), Some(last)) = (space, runs.last_mut()) {
                last.glyphs.push(PlacedGlyph::new(id, text_starts - gap, Pt::ZERO));
            }
            line.runs.splice(0..0, runs);
        }
        let shift = letter.x - line.x;
        let drop = self.leading * -((DEPTH - 1) as f64);
        for mut run in letter.runs.into_iter().rev() {
            run.style.rise += drop;
            run.style.paint = Paint::Outline;
            for g in &mut run.glyphs {
                g.shift(shift);
            }
            line.runs.insert(0, run);
        }
        // Its lines stay together: a page ending between them would cut the initial in two.
        for s in &mut out[start..start + DEPTH - 1] {
            s.break_after = false;
        }
        true
    }
}
