//! Breaking a flow of grid slots into pages: a page ends only where the flow allows (no widows,
//! no orphans, headings with their text), footnotes take room at the foot of the page they are
//! referenced on, and the two pages of a spread always end on the same grid line.

use std::ops::Range;

use super::flow::Slot;
use crate::typeset::Pt;

/// One page of a flow: which slots it holds and how many footnotes sit at its foot. Pages are
/// ranges, not copies: a spread is tried at several heights before one is kept, and copying
/// each try's lines was most of a long novel's pagination time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFill {
    /// Slots from the top of the text block.
    pub slots: Range<usize>,
    /// The first this many footnotes of those slots go at the page's foot.
    pub notes: usize,
    /// Grid lines the page fills, footnotes included: what must match across a spread.
    pub height: usize,
}

/// Grid lines footnotes need (a rule and the notes' own smaller leading).
fn notes_height(count: usize, lines: usize, note_leading: f64, leading: f64) -> usize {
    if count == 0 {
        return 0;
    }
    ((lines as f64 * note_leading + leading * 0.8) / leading).ceil() as usize
}

/// Fills one page from `start` with at most `capacity` grid lines; returns where it stopped.
fn fill(slots: &[Slot], start: usize, capacity: usize, note_leading: f64, leading: f64) -> (PageFill, usize) {
    let mut i = start;
    while i < slots.len() && slots[i].discardable {
        i += 1;
    }
    let first = i;
    let (mut used, mut note_count, mut note_lines) = (0, 0, 0);
    // The last place the page may end, with the notes noted up to it.
    let mut best: Option<(usize, usize)> = None;
    while i < slots.len() {
        let s = &slots[i];
        let count = note_count + s.notes.len();
        let lines = note_lines + s.notes.iter().map(Vec::len).sum::<usize>();
        let need = used + s.lines + notes_height(count, lines, note_leading, leading);
        if need > capacity && i > first {
            break;
        }
        used += s.lines;
        (note_count, note_lines) = (count, lines);
        i += 1;
        if s.break_after || i == slots.len() {
            best = Some((i, note_count));
        }
    }
    let (end, note_count) = best.unwrap_or((i.max(first + 1).min(slots.len()), note_count));
    let mut kept = end.max(first);
    while kept > first && slots[kept - 1].discardable {
        kept -= 1;
    }
    let used = slots[first..kept].iter().map(|s| s.lines).sum();
    let notes = note_count.min(slots[first..kept].iter().map(|s| s.notes.len()).sum());
    let height = if notes == 0 { used } else { capacity.max(used) };
    (PageFill { slots: first..kept, notes, height }, end)
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
            // Footnotes sit at the foot: a page with notes ends level with its facing page.
            let level = left.height == right.height || ends_here;
            if level || target <= 3 {
                chosen = Some((left, Some(right), end));
                break;
            }
            let shorter = left.height.min(right.height);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::flow::Content;

    fn line(break_after: bool) -> Slot {
        Slot { content: Content::Blank, lines: 1, break_after, discardable: false, notes: Vec::new() }
    }

    /// Paragraphs of `n` lines with the flow's rules: no break after the first or before the last.
    fn paragraphs(sizes: &[usize]) -> Vec<Slot> {
        let mut out = Vec::new();
        for &n in sizes {
            for i in 0..n {
                out.push(line(i + 1 == n || n >= 4 && i >= 1 && i + 2 < n));
            }
        }
        out
    }

    #[test]
    fn pages_end_only_where_the_flow_allows() {
        let slots = paragraphs(&[5, 7, 3, 9, 4, 6, 8, 2, 5, 11, 3, 6]);
        let pages = paginate(&slots, 10, 10, true, Pt(10.0), Pt(13.0));
        let mut at = 0;
        for (k, p) in pages.iter().enumerate() {
            at += p.slots.len();
            if at < slots.len() {
                assert!(slots[at - 1].break_after, "page {k} ends where a widow or orphan would be");
            }
        }
        assert_eq!(at, slots.len(), "every line placed once");
    }

    #[test]
    fn both_pages_of_a_spread_end_level() {
        let slots = paragraphs(&[6, 4, 5, 3, 7, 6, 4, 5, 6, 3, 8, 5, 4, 6, 7, 5]);
        let pages = paginate(&slots, 12, 12, true, Pt(10.0), Pt(13.0));
        // Page 0 is a recto; then spreads (1, 2), (3, 4)… The last page may end short.
        for pair in pages[1..pages.len() - 1].chunks(2).filter(|c| c.len() == 2) {
            assert_eq!(pair[0].height, pair[1].height, "a spread ends unlevel");
        }
    }
}
