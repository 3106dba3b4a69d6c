//! Lists in print: each item's text hung from one indent, its bullet or number in the margin
//! the indent leaves.

use super::flow::{Content, Flow, Slot};
use super::text::Look;
use crate::model::{ListItem, Numbering, Section};
use crate::typeset::{Align, Chunk, Pt, Shape};

impl Flow<'_> {
    /// The slots of a list, its items' text `indent` from the text's left edge and then hung.
    pub(super) fn list(
        &mut self,
        section: &Section,
        numbering: Option<Numbering>,
        items: &[ListItem],
        indent: Pt,
        measure: Pt,
        out: &mut Vec<Slot>,
    ) {
        let body = Look::body(self.size);
        let marks: Vec<String> =
            (0..items.len()).map(|i| numbering.map_or_else(|| "•".to_string(), |n| n.marker(i))).collect();
        let style = body.style(&self.ts.fonts);
        // Numbers stand flush right before their items, as in LaTeX's lists, so that
        // `9.` and `10.` or `(iv)` and `(v)` end together; the items move right as far
        // as the widest needs.
        let gap = self.size * 0.5;
        let widest = match numbering {
            Some(_) => marks
                .iter()
                .filter_map(|m| {
                    let chunks = vec![Chunk::Text { text: m.clone(), style }];
                    self.set(chunks, Align::Left, Shape::block(measure, Pt::ZERO), false)
                        .first()
                        .map(|l| l.width)
                })
                .fold(Pt::ZERO, Pt::max),
            None => Pt::ZERO,
        };
        let hang = (self.size * 1.8).max(widest + gap);
        let (align, box_width) = match numbering {
            Some(_) => (Align::Right, hang - gap),
            None => (Align::Left, hang),
        };
        for (mark, item) in marks.into_iter().zip(items) {
            let n = out.len();
            self.blocks(section, &item.blocks, indent + hang, out);
            // The marker goes into the item's first line after it is set: a paragraph
            // set again would lose it, so the one holding it keeps its setting.
            if let Some(k) = out[n..].iter().position(|s| matches!(s.content, Content::Text { .. })) {
                self.settable.retain(|p| !(p.start..p.start + p.lines).contains(&(n + k)));
            }
            let chunks = vec![Chunk::Text { text: mark, style }];
            let marker = self.set(chunks, align, Shape::block(box_width, Pt::ZERO), false);
            let Some(Slot { content: Content::Text { line, .. }, .. }) =
                out[n..].iter_mut().find(|s| matches!(s.content, Content::Text { .. }))
            else {
                // An item with no text (`1.` alone) is its number alone.
                self.text_lines(section, marker, indent, out);
                continue;
            };
            if let Some(m) = marker.into_iter().next() {
                let shift = m.x - hang - line.x;
                for mut run in m.runs {
                    for g in &mut run.glyphs {
                        g.shift(shift);
                    }
                    line.runs.insert(0, run);
                }
            }
        }
    }
}
