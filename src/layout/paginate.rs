//! Breaking a flow of grid slots into pages: a page ends only where the flow allows (no widows,
//! no orphans, headings with their text), footnotes take room at the foot of the page they are
//! referenced on, and the two pages of a spread always end on the same grid line.

use super::flow::Slot;
use crate::typeset::{Line, Pt};

/// The slots of one page and the footnotes at its foot.
#[derive(Debug, Clone, Default)]
pub struct PageFill {
    /// Slots from the top of the text block.
    pub slots: Vec<Slot>,
    /// Footnotes, each as set lines.
    pub notes: Vec<Vec<Line>>,
    /// Grid lines the slots take, trailing space excluded.
    pub used: usize,
}

/// Grid lines footnotes need (a rule and the notes' own smaller leading).
fn notes_lines(notes: &[Vec<Line>], note_leading: f64, leading: f64) -> usize {
    if notes.is_empty() {
        return 0;
    }
    let n: usize = notes.iter().map(Vec::len).sum();
    ((n as f64 * note_leading + leading * 0.8) / leading).ceil() as usize
}

/// Fills one page from `start` with at most `capacity` grid lines; returns where it stopped.
fn fill(slots: &[Slot], start: usize, capacity: usize, note_leading: f64, leading: f64) -> (PageFill, usize) {
    let mut i = start;
    while i < slots.len() && slots[i].discardable {
        i += 1;
    }
    let first = i;
    let mut used = 0;
    let mut notes: Vec<Vec<Line>> = Vec::new();
    // The last place the page may end, with what was used and noted up to it.
    let mut best: Option<(usize, usize, usize)> = None;
    while i < slots.len() {
        let s = &slots[i];
        let mut with_notes = notes.clone();
        with_notes.extend(s.notes.iter().cloned());
        let need = used + s.lines + notes_lines(&with_notes, note_leading, leading);
        if need > capacity && i > first {
            break;
        }
        used += s.lines;
        notes = with_notes;
        i += 1;
        if s.break_after || i == slots.len() {
            best = Some((i, used, notes.len()));
        }
    }
    let (end, _, note_count) = best.unwrap_or((i.max(first + 1).min(slots.len()), used, notes.len()));
    let mut page: Vec<Slot> = slots[first..end].to_vec();
    while page.last().is_some_and(|s| s.discardable) {
        page.pop();
    }
    let used = page.iter().map(|s| s.lines).sum();
    let notes = page.iter().flat_map(|s| s.notes.iter().cloned()).take(note_count).collect();
    (PageFill { slots: page, notes, used }, end)
}

/// Breaks a section's flow into pages. The first page holds `first_capacity` lines (an opening
/// page is sunk), the rest `capacity`. `first_is_recto` says which side the first page is on.
pub fn paginate(
    slots: &[Slot],
    first_capacity: usize,
    capacity: usize,
    first_is_recto: bool,
    note_leading: Pt,
    leading: Pt,
) -> Vec<PageFill> {
    let (nl, l) = (note_leading.0, leading.0);
    let mut pages = Vec::new();
    let (page, mut at) = fill(slots, 0, first_capacity, nl, l);
    pages.push(page);
    let mut recto_next = !first_is_recto;
    while at < slots.len() {
        if slots[at..].iter().all(|s| s.discardable) {
            break;
        }
        if recto_next {
            // A lone recto (after an opening verso): fill it as it comes.
            let (page, next) = fill(slots, at, capacity, nl, l);
            pages.push(page);
            at = next;
            recto_next = false;
            continue;
        }
        // A spread: verso and recto end on the same line unless the section ends on it.
        let mut target = capacity;
        let mut chosen = None;
        for _ in 0..6 {
            let (left, mid) = fill(slots, at, target, nl, l);
            if mid >= slots.len() || slots[mid..].iter().all(|s| s.discardable) {
                chosen = Some((left, None, mid));
                break;
            }
            let (right, end) = fill(slots, mid, target, nl, l);
            let ends_here = end >= slots.len() || slots[end..].iter().all(|s| s.discardable);
            let level = left.used == right.used || ends_here && left.used >= right.used.min(left.used);
            if level || target <= 3 {
                chosen = Some((left, Some(right), end));
                break;
            }
            let shorter = left.used.min(right.used);
            target = if shorter < target { shorter } else { target - 1 };
            chosen = Some((left, Some(right), end));
        }
        let Some((left, right, end)) = chosen else { break };
        pages.push(left);
        if let Some(r) = right {
            pages.push(r);
        }
        at = end;
    }
    pages
}
