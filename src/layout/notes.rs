//! Footnotes in a flow: set small under the line that marks them, carried with a paragraph set
//! again, or gathered at the section's end when no line marks them.

use super::flow::{Content, Flow, Slot};
use super::text::Look;
use crate::model::{Block, Inline, Section};
use crate::typeset::{Align, Chunk, Line, Pt, Shape};

/// A footnote of a paragraph that may be set again.
#[derive(Debug, Clone)]
pub struct NoteAt {
    /// Its mark's number.
    pub number: u32,
    /// The paragraph's line its mark stands on as first set.
    pub line: usize,
    /// The note, set.
    pub lines: Vec<Line>,
}

impl Flow<'_> {
    /// The footnotes whose marks stand on a line, set small.
    pub(super) fn notes_on(&mut self, section: &Section, line: &Line) -> Vec<Vec<Line>> {
        let mut out = Vec::new();
        for n in super::text::note_marks(line, &self.ts.shaper.texts) {
            if let Some(note) = section.notes.iter().find(|x| x.id.0 == n) {
                out.push(self.note_lines(n, &note.blocks));
                self.noted.push(n);
            }
        }
        out
    }

    /// The footnotes set at the foot of a paragraph's lines, by their marks' numbers.
    pub(super) fn notes_by_number(&self, section: &Section, slots: &[Slot]) -> Vec<NoteAt> {
        let mut out = Vec::new();
        for (k, slot) in slots.iter().enumerate().filter(|(_, s)| !s.notes.is_empty()) {
            let Content::Text { line, .. } = &slot.content else { continue };
            let marks = super::text::note_marks(line, &self.ts.shaper.texts);
            // Only the marks `notes_on` found a note for have one here, in the same order.
            let numbers = marks.into_iter().filter(|n| section.notes.iter().any(|x| x.id.0 == *n));
            let set = numbers.zip(slot.notes.iter().cloned());
            out.extend(set.map(|(number, lines)| NoteAt { number, line: k, lines }));
        }
        out
    }

    /// Slots for the section's footnotes that no line set at its foot (`noted`, or this flow's
    /// own): notes marked in a title, a table, an epigraph's attribution or another note, and
    /// notes never marked. They are set small at the end of the section's text, as the EPUB
    /// sets notes, rather than lost.
    pub fn loose_notes(&mut self, section: &Section, noted: &[u32], out: &mut Vec<Slot>) {
        let loose: Vec<&crate::model::Note> = section
            .notes
            .iter()
            .filter(|n| !noted.contains(&n.id.0) && !self.noted.contains(&n.id.0))
            .collect();
        if loose.is_empty() {
            return;
        }
        Slot::space(out);
        for note in loose {
            for line in self.note_lines(note.id.0, &note.blocks) {
                out.push(Slot {
                    content: Content::Text { line, dx: Pt::ZERO },
                    lines: 1,
                    break_after: true,
                    discardable: false,
                    repeat: false,
                    notes: Vec::new(),
                    penalty: 0,
                });
            }
            self.noted.push(note.id.0);
        }
    }

    /// A note's blocks set small across the page's measure (a note marked in a quotation too),
    /// its number before the first; a later paragraph is indented, so a note of several reads
    /// as one, and its code keeps its lines and face.
    fn note_lines(&mut self, n: u32, blocks: &[Block]) -> Vec<Line> {
        let (measure, size) = self.page;
        let look = Look::body(size * 0.8);
        let mut lines = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            if let Block::Code { text, .. } = b
                && i > 0
            {
                // In from the note's left edge by the indent of its paragraphs.
                for mut line in self.code_lines(text, measure - look.size, look.size).into_iter().flatten() {
                    line.x += look.size;
                    lines.push(line);
                }
                continue;
            }
            let mut chunks = Vec::new();
            if i == 0 {
                chunks.push(Chunk::Text { text: format!("{n}.\u{a0}"), style: look.style(&self.ts.fonts) });
            }
            let indent = if i == 0 { Pt::ZERO } else { look.size };
            if let Block::Verse { lines: verse, .. } = b {
                // A poem's stanzas (a bare `|` parts them) are a line apart, as in the text.
                if i > 0 && matches!(blocks[i - 1], Block::Verse { .. }) {
                    lines.push(Line::empty(look.size));
                }
                self.note_verse(verse, chunks, look, indent, b, &mut lines);
                continue;
            }
            let inlines = crate::layout::display_inlines(b);
            chunks.extend(self.chunks(&inlines, look));
            let p = self.paragraph(chunks, Align::Justify, Shape::block(measure, indent), true);
            lines.extend(self.set_running(p, b.span()).1);
        }
        lines
    }

    /// Verse quoted in a note, as in the text: each line ragged on its own, set in by the note's
    /// paragraph indent (the poet's own indents after it), its turnovers hanging past them, and
    /// a stanza's end a line of space. `first` opens its first line (the note's number).
    fn note_verse(
        &mut self,
        verse: &[Vec<Inline>],
        mut first: Vec<Chunk>,
        look: Look,
        indent: Pt,
        b: &Block,
        out: &mut Vec<Line>,
    ) {
        let measure = self.page.0;
        let deepest = super::verse::deepest_indent(verse, look.size, measure);
        for l in verse {
            if l.is_empty() {
                out.push(Line::empty(look.size));
                continue;
            }
            let (spaces, own) = Inline::verse_indent(l);
            let own_in = super::verse::set_in(spaces, look.size, measure);
            let set_in = indent + own_in;
            let mut chunks = std::mem::take(&mut first);
            chunks.extend(self.chunks(&own, look));
            let width = measure - set_in;
            let hang = super::verse::turnover(own_in, deepest, look.size, width);
            let p = self.paragraph(chunks, Align::Left, Shape::hanging(width, hang), true);
            for mut line in self.set_running(p, b.span()).1 {
                line.x += set_in;
                out.push(line);
            }
        }
    }
}
