//! Filling short spreads as a compositor would: a paragraph on a spread that ends short is set a
//! line looser or tighter (TeX's `\looseness`), which moves where the pages after it may end.

use std::ops::Range;

use super::flow::{Settable, Slot};
use super::text::note_marks;
use crate::typeset::{GlyphTexts, Typesetter};

/// Offers other settings of the paragraphs on a spread.
pub trait Refill {
    /// The paragraphs lying wholly within `range` that could be set otherwise, last first: their
    /// first slot and their slots now.
    fn paragraphs(&self, range: Range<usize>) -> Vec<(usize, usize)>;
    /// The paragraph starting at slot `start` set `looseness` lines longer (or shorter), as slots.
    fn reset(&mut self, start: usize, looseness: i32) -> Option<Vec<Slot>>;
    /// The setting offered for the paragraph at `start` went onto the page.
    fn taken(&mut self, start: usize, looseness: i32);
    /// The slots in `range` were rotated left by `by` (a figure moved after the text behind it).
    fn moved(&mut self, range: Range<usize>, by: usize);
    /// The paragraph that could be set otherwise holding slot `at`: its first slot and its slots.
    fn containing(&self, at: usize) -> Option<(usize, usize)> {
        let _ = at;
        None
    }
    /// The paragraph starting at slot `start` set again in as many lines, those numbered in
    /// `unhyphenated` ending in no hyphen, as slots.
    fn unhyphenate(&mut self, start: usize, unhyphenated: &[usize]) -> Option<Vec<Slot>> {
        let _ = (start, unhyphenated);
        None
    }
}

/// No paragraph is set otherwise.
#[cfg(test)]
pub struct Never;

#[cfg(test)]
impl Refill for Never {
    fn paragraphs(&self, _: Range<usize>) -> Vec<(usize, usize)> {
        Vec::new()
    }

    fn reset(&mut self, _: usize, _: i32) -> Option<Vec<Slot>> {
        None
    }

    fn taken(&mut self, _: usize, _: i32) {}

    fn moved(&mut self, _: Range<usize>, _: usize) {}
}

/// A section's body paragraphs, set again by its typesetter.
pub struct Paragraphs<'a> {
    /// The typesetter.
    pub ts: &'a mut Typesetter,
    /// The paragraphs, in the order of their slots; each is set otherwise at most once.
    pub settable: Vec<Settable>,
}

/// How many of a short spread's paragraphs are tried, each a line longer and a line shorter: a
/// spread of dialogue holds about that many, and most spreads are filled by one of the first few.
const TRIED: usize = 16;

impl Refill for Paragraphs<'_> {
    fn paragraphs(&self, range: Range<usize>) -> Vec<(usize, usize)> {
        // Sorted by start, and not overlapping: the ones inside the range are a run of them.
        let from = self.settable.partition_point(|p| p.start < range.start);
        let to = from + self.settable[from..].partition_point(|p| p.start + p.lines <= range.end);
        self.settable[from..to].iter().rev().take(TRIED).map(|p| (p.start, p.lines)).collect()
    }

    fn reset(&mut self, start: usize, looseness: i32) -> Option<Vec<Slot>> {
        let i = self.settable.binary_search_by_key(&start, |p| p.start).ok()?;
        let p = &self.settable[i];
        let lines = self.ts.set_loose(&p.paragraph, looseness, p.lines)?;
        Some(slots(lines, p, &self.ts.shaper.texts))
    }

    fn containing(&self, at: usize) -> Option<(usize, usize)> {
        let i = self.settable.partition_point(|p| p.start <= at).checked_sub(1)?;
        let p = &self.settable[i];
        (at < p.start + p.lines).then_some((p.start, p.lines))
    }

    fn unhyphenate(&mut self, start: usize, unhyphenated: &[usize]) -> Option<Vec<Slot>> {
        let i = self.settable.binary_search_by_key(&start, |p| p.start).ok()?;
        let p = &self.settable[i];
        let lines = self.ts.set_exact(&p.paragraph, p.lines, unhyphenated)?;
        // Pages keep their lines and their notes: a mark may not move to another line.
        let texts = &self.ts.shaper.texts;
        let kept = p
            .notes
            .iter()
            .all(|n| lines.get(n.line).is_some_and(|l| note_marks(l, texts).contains(&n.number)));
        kept.then(|| slots(lines, p, texts))
    }

    fn moved(&mut self, range: Range<usize>, by: usize) {
        // A paragraph the rotation cut (its first lines moved before the figure, the rest after
        // it) is no longer a run of slots to set again.
        let cut = |at: usize, p: &Settable| p.start < at && at < p.start + p.lines;
        self.settable.retain(|p| !cut(range.start, p) && !cut(range.end, p));
        let stays = range.len() - by;
        for p in self.settable.iter_mut().filter(|p| range.contains(&p.start)) {
            p.start = if p.start < range.start + by { p.start + stays } else { p.start - by };
        }
        self.settable.sort_by_key(|p| p.start);
    }

    fn taken(&mut self, start: usize, looseness: i32) {
        let Ok(i) = self.settable.binary_search_by_key(&start, |p| p.start) else { return };
        // Set once: trying it again could undo what filled the spread before.
        self.settable.remove(i);
        for p in &mut self.settable[i..] {
            p.start = p.start.saturating_add_signed(looseness as isize);
        }
    }
}

/// A paragraph's lines as slots of the flow, each with the notes whose marks stand on it.
fn slots(lines: Vec<crate::typeset::Line>, p: &Settable, texts: &GlyphTexts) -> Vec<Slot> {
    let n = lines.len();
    let mut out = Vec::with_capacity(n);
    for (k, line) in lines.into_iter().enumerate() {
        let notes = note_marks(&line, texts)
            .into_iter()
            .filter_map(|m| p.notes.iter().find(|x| x.number == m).map(|x| x.lines.clone()))
            .collect();
        let mut slot = Slot::text(line, p.indent, k, n);
        slot.notes = notes;
        out.push(slot);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::flow::Content;
    use crate::layout::notes::NoteAt;
    use crate::layout::text::{Look, chunks};
    use crate::model::{Inline, NoteId};
    use crate::typeset::{Align, Paragraph, Pt, Shape};

    /// A paragraph of Pride and Prejudice with a note marked after `at` words, set, and the
    /// refill offering it.
    fn refill(ts: &mut Typesetter, at: usize, measure: f64) -> Paragraphs<'_> {
        let text = "Mr. Bennet was so odd a mixture of quick parts, sarcastic humour, reserve, and \
                    caprice, that the experience of three-and-twenty years had been insufficient to \
                    make his wife understand his character. Her mind was less difficult to develop. \
                    She was a woman of mean understanding, little information, and uncertain temper. \
                    When she was discontented, she fancied herself nervous. The business of her life \
                    was to get her daughters married; its solace was visiting and news.";
        let words: Vec<&str> = text.split(' ').collect();
        let inlines = [
            Inline::Text(words[..at].join(" ")),
            Inline::NoteRef(NoteId(7)),
            Inline::Text(format!(" {}", words[at..].join(" "))),
        ];
        let look = Look::body(Pt(10.0));
        let paragraph = Paragraph {
            chunks: chunks(
                &inlines,
                look,
                &crate::layout::text::Setting {
                    fonts: &ts.fonts,
                    links: &crate::layout::links::Links::default(),
                    images: &[],
                    measure: Pt(measure),
                    tall: false,
                },
            ),
            lang: "en".into(),
            align: Align::Justify,
            shape: Shape::block(Pt(measure), Pt(12.0)),
            hyphenate: true,
        };
        let lines = ts.set(&paragraph);
        let marked =
            lines.iter().position(|l| note_marks(l, &ts.shaper.texts) == [7]).expect("a marked line");
        let note = NoteAt { number: 7, line: marked, lines: ts.set(&Paragraph { ..paragraph.clone() }) };
        let settable =
            vec![Settable { start: 0, lines: lines.len(), paragraph, indent: Pt::ZERO, notes: vec![note] }];
        Paragraphs { ts, settable }
    }

    #[test]
    fn a_paragraph_set_again_keeps_its_note_on_the_line_its_mark_falls_on() {
        let mut ts = Typesetter::new().unwrap();
        let (mut tried, mut moved) = (0, 0);
        // Wherever the mark stands, and however the paragraph is set again (at these measures it
        // sets a line longer, or shorter, within the tolerance): the settings that move the mark
        // to another line than it first stood on are the ones this is for.
        for (at, measure) in (1..70).step_by(3).flat_map(|at| [(at, 250.0), (at, 280.0)]) {
            let mut refill = refill(&mut ts, at, measure);
            let first = refill.settable[0].notes[0].line;
            for looseness in [1, -1] {
                let Some(set) = refill.reset(0, looseness) else { continue };
                tried += 1;
                let texts = &refill.ts.shaper.texts;
                let mut marked_at = None;
                for (k, slot) in set.iter().enumerate() {
                    let Content::Text { line, .. } = &slot.content else { panic!("a text slot") };
                    let marked = note_marks(line, texts) == [7];
                    if marked {
                        marked_at = Some(k);
                    }
                    assert_eq!(
                        slot.notes.len(),
                        usize::from(marked),
                        "the note goes with its mark's line only"
                    );
                }
                assert_eq!(set.iter().map(|s| s.notes.len()).sum::<usize>(), 1, "the note set once");
                moved += usize::from(marked_at.is_some_and(|k| k != first));
            }
        }
        assert!(tried >= 20 && moved >= 2, "{tried} settings tried, {moved} moving the mark");
    }
}
