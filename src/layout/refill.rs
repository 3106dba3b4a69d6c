//! Filling short spreads as a compositor would: a paragraph on a spread that ends short is set a
//! line looser or tighter (TeX's `\looseness`), which moves where the pages after it may end.

use std::ops::Range;

use super::flow::{Settable, Slot};
use crate::typeset::Typesetter;

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
        Some(slots(lines, p.indent))
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
        Some(slots(lines, p.indent))
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

/// A paragraph's lines as slots of the flow.
fn slots(lines: Vec<crate::typeset::Line>, indent: crate::typeset::Pt) -> Vec<Slot> {
    let n = lines.len();
    lines.into_iter().enumerate().map(|(k, line)| Slot::text(line, indent, k, n)).collect()
}
