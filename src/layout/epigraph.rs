//! A chapter's epigraph in print: under its title, in italic, set in from the text's left edge,
//! its author flush right after a dash.

use super::flow::{Flow, Slot};
use super::text::Look;
use crate::model::{Block, Epigraph, Inline, Section};
use crate::typeset::{Align, Pt, Shape};

impl Flow<'_> {
    /// A chapter's epigraph under its title: the quotation in italic, set `indent` in from the
    /// text's left edge, its author flush right after a dash.
    pub fn epigraph(
        &mut self,
        section: &Section,
        e: &Epigraph,
        indent: Pt,
        measure: Pt,
        out: &mut Vec<Slot>,
    ) {
        for (k, b) in e.blocks.iter().enumerate() {
            let look = Look { italic: true, ..Look::body(self.size * 0.9) };
            if let Block::Verse { lines, .. } = b {
                // Stanzas are parted by a line, as in the text; a line the poet set in keeps its
                // indent, an en a space (Paradise Lost's "… Eve" under Middlemarch's chapter III).
                if k > 0 && matches!(e.blocks[k - 1], Block::Verse { .. }) {
                    Slot::space(out);
                }
                let from = out.len();
                for line in lines {
                    if line.is_empty() {
                        Slot::space(out);
                        continue;
                    }
                    let (spaces, own) = Inline::verse_indent(line);
                    let set_in = Pt((look.size.0 * 0.5 * spaces as f64).min((measure - indent).0 * 0.4));
                    let chunks = self.chunks(&own, look);
                    let shape = Shape::hanging(measure - indent - set_in, look.size * 2.0);
                    let set = self.set_within(chunks, Align::Left, shape, true);
                    self.text_lines(section, set, indent + set_in, out);
                }
                // A stanza of an epigraph holds together, as the paragraph it was set as did.
                let end = out.len().saturating_sub(1);
                out[from.min(end)..end].iter_mut().for_each(|s| s.break_after = false);
                continue;
            }
            let inlines = super::display_inlines(b);
            let chunks = self.chunks(&inlines, look);
            // A paragraph after another is indented, or two would read as one (Middlemarch's
            // Spanish proverb and its English).
            let after_prose =
                k > 0 && matches!((b, &e.blocks[k - 1]), (Block::Paragraph(_), Block::Paragraph(_)));
            let first = if after_prose { look.size } else { Pt::ZERO };
            let lines = self.set_within(chunks, Align::Left, Shape::block(measure - indent, first), true);
            self.text_lines(section, lines, indent, out);
        }
        if let Some(a) = &e.attribution {
            let mut inl = vec![Inline::Text("— ".into())];
            inl.extend(a.iter().cloned());
            let chunks = self.chunks(&inl, Look::body(self.size * 0.9));
            let lines =
                self.set_within(chunks, Align::Right, Shape::block(measure - indent, Pt::ZERO), false);
            self.text_lines(section, lines, indent, out);
        }
    }
}
