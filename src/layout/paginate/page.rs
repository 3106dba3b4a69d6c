//! Filling one page of a flow: as many slots as its lines hold, ending only where the flow
//! allows, with the footnotes its lines call at its foot.

use std::ops::Range;

use crate::layout::flow::Slot;

/// One page of a flow: which slots it holds and which footnote lines sit at its foot. Pages are
/// ranges, not copies: a spread is tried at several heights before one is kept, and copying
/// each try's lines was most of a long novel's pagination time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFill {
    /// Slots from the top of the text block.
    pub slots: Range<usize>,
    /// The first this many footnotes of those slots start at the page's foot.
    pub notes: usize,
    /// Lines of footnotes at the foot: first the lines run over from the page before, then the
    /// notes starting here; a note longer than the room left runs over to the next page, as in
    /// TeX, instead of over the text.
    pub note_lines: usize,
    /// Grid lines the page fills, footnotes included: what must match across a spread.
    pub height: usize,
}

/// Grid lines footnotes need (a rule and the notes' own smaller leading).
pub(super) fn notes_height(lines: usize, note_leading: f64, leading: f64) -> usize {
    if lines == 0 {
        return 0;
    }
    ((lines as f64 * note_leading + leading * 0.8) / leading).ceil() as usize
}

/// How many lines of footnotes fit under `used` grid lines of text.
fn note_room(used: usize, capacity: usize, note_leading: f64, leading: f64) -> usize {
    let free = capacity.saturating_sub(used) as f64 * leading - leading * 0.8;
    if free < note_leading { 0 } else { (free / note_leading + 1e-9).floor() as usize }
}

/// A note split across pages keeps at least this many lines on the page of its mark.
pub(super) const NOTE_LINES_WITH_MARK: usize = 2;

/// A note longer than the room at a page's foot over this many may be split: 1/3 of it.
const LONG_NOTE: usize = 3;

/// A place a page may end, with what `fill` counted up to it: what the page's end would
/// otherwise count again.
struct End {
    /// The slot after it.
    at: usize,
    /// Notes called by the shown slots above it.
    notes: usize,
    /// Note lines, run over and called above it.
    lines: usize,
    /// Text lines above it.
    used: usize,
    /// Notes called by every slot above it, shown or not.
    called: usize,
}

/// Fills one page from `start` with at most `capacity` grid lines, under `carry` lines of notes
/// run over from the page before; returns where it stopped and the note lines it runs over.
pub(super) fn fill(
    slots: &[Slot],
    start: usize,
    capacity: usize,
    carry: usize,
    note_leading: f64,
    leading: f64,
) -> (PageFill, usize, usize) {
    let mut i = start;
    while i < slots.len() && slots[i].discardable {
        i += 1;
    }
    let first = i;
    let room = |used: usize| note_room(used, capacity, note_leading, leading);
    // Text lines; note lines (run-over and starting here); and the note lines the page must hold:
    // the run-over lines first (in full, where a page can hold them), then every note in full
    // but those too long for any page, of which the first lines.
    let (mut used, mut lines, mut must) = (0, carry, carry.min(room(0)));
    let (mut note_count, mut split) = (0, false);
    // The last place the page may end, with what was counted up to it.
    let mut best: Option<End> = None;
    let mut called = 0;
    // A repeated table head under its row takes no room.
    let mut shows = showing();
    while i < slots.len() {
        let s = &slots[i];
        if !shows(s) {
            called += s.notes.len();
            i += 1;
            continue;
        }
        let own: usize = s.notes.iter().map(Vec::len).sum();
        // A short note moves to the next page with the line that calls it; a long one (more
        // than a third of a foot) starts under its mark and runs over, as every note may in TeX:
        // kept whole, Onegin's 31-line note on Gnedich sent its stanza overleaf and left two
        // facing pages 14 lines short.
        let must_here = if s.notes.is_empty() {
            must
        } else if own * LONG_NOTE > room(s.lines) {
            lines + own.min(NOTE_LINES_WITH_MARK)
        } else {
            lines + own
        };
        let need = used + s.lines + notes_height(must_here, note_leading, leading);
        // The first slot of a page goes on it even if too tall, or nothing would move; but not
        // under run-over notes, which a page without it still takes.
        if need > capacity && (i > first || carry > 0) {
            break;
        }
        // As in TeX, a note that runs over takes the rest of its mark's page: the page ends at the
        // first place it may after the mark, and the text goes on under the note's last lines.
        split |= !s.notes.is_empty()
            && used + s.lines + notes_height(lines + own, note_leading, leading) > capacity;
        used += s.lines;
        (lines, must, note_count) = (lines + own, must_here, note_count + s.notes.len());
        called += s.notes.len();
        i += 1;
        if s.break_after || i == slots.len() {
            best = Some(End { at: i, notes: note_count, lines, used, called });
            if split {
                break;
            }
        }
    }
    // No place to end found: a page under run-over notes leaves the text for the next; any other
    // ends where it overflowed.
    let fallback =
        if carry > 0 { (first, 0, carry) } else { (i.max(first + 1).min(slots.len()), note_count, lines) };
    let (end, note_count, lines) = best.as_ref().map_or(fallback, |b| (b.at, b.notes, b.lines));
    let mut kept = end.max(first);
    while kept > first && slots[kept - 1].discardable {
        kept -= 1;
    }
    // The page's text lines and the notes its slots call: those counted up to its end, less the
    // space dropped from its foot, which always shows unless it is a repeated head. (Counting
    // the page again cost a sixteenth of the instructions of a novel's pagination plan.)
    let dropped = &slots[kept..end.max(kept)];
    let (used, called) = match best {
        Some(b) if !dropped.iter().any(|s| s.repeat) => (
            b.used - dropped.iter().map(|s| s.lines).sum::<usize>(),
            b.called - dropped.iter().map(|s| s.notes.len()).sum::<usize>(),
        ),
        _ => (
            shown(&slots[first..kept]).map(|s| s.lines).sum(),
            slots[first..kept].iter().map(|s| s.notes.len()).sum(),
        ),
    };
    let notes = note_count.min(called);
    let mut note_lines = lines.min(room(used));
    if note_lines == 0 && used == 0 && kept == first {
        // A page too short for a single note line still takes them, or they would wait for ever.
        note_lines = lines;
    }
    let height = if note_lines == 0 { used } else { capacity.max(used) };
    (PageFill { slots: first..kept, notes, note_lines, height }, end, lines - note_lines)
}

/// The slots a page from the first of `slots` shows (see [`showing`]).
fn shown(slots: &[Slot]) -> impl Iterator<Item = &Slot> {
    let mut shows = showing();
    slots.iter().filter(move |s| shows(s))
}

/// Reads a page's slots from its top and says whether it shows each: a repeated table head only
/// where its row does not stand just above it. In the flow a repeated head follows its row, so
/// it shows where a page break comes between them; but a figure floated to the next page's top
/// comes between them too, and the rows under it need their head as much as at the top.
pub fn showing() -> impl FnMut(&Slot) -> bool {
    let mut row_above = false;
    move |s| {
        if !s.repeat {
            // A floated figure ends in space, as every block does; a row never does.
            row_above = !s.discardable;
        }
        !s.repeat || !row_above
    }
}
