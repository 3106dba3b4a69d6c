//! Figures that float: one too tall for the room left on its page goes to the top of the next,
//! and the text after it fills the page, as TeX floats a figure instead of leaving a page short.
//! Without this a tall figure left its page half empty, and the facing page, ended level with it,
//! broke off a paragraph half-way down.

use std::ops::Range;

use super::flow::{Content, Slot};
use crate::model::{Extent, ImageSize};
use crate::typeset::Pt;

/// A figure's width and height in points: the size its author asked for (see [`asked`]); never
/// wider than the measure.
pub(super) fn image_box(
    size: ImageSize,
    pixels: (u32, u32),
    measure: Pt,
    text_height: Pt,
    em: Pt,
) -> (f64, f64) {
    let (w, h) = asked(size, pixels, (measure, text_height), em);
    let fit = (measure.0 / w).min(1.0);
    (w * fit, h * fit)
}

/// An image's width and height in points as its author asked for them: a width, a height (a
/// share of `whole`'s width or height), or a box the image fits inside keeping its shape, as
/// pandoc's LaTeX sets it; else its pixels at 96 to the inch.
pub(super) fn asked(size: ImageSize, pixels: (u32, u32), whole: (Pt, Pt), em: Pt) -> (f64, f64) {
    let aspect = f64::from(pixels.1.max(1)) / f64::from(pixels.0.max(1));
    let of = |e: Extent, whole: Pt| match e {
        Extent::Share(f) => whole.0 * f,
        Extent::Points(p) => p,
        Extent::Ems(n) => em.0 * n,
    };
    let w = match (size.width.map(|e| of(e, whole.0)), size.height.map(|e| of(e, whole.1))) {
        (Some(w), Some(h)) => w.min(h / aspect),
        (Some(w), None) => w,
        (None, Some(h)) => h / aspect,
        (None, None) => f64::from(pixels.0) * 0.75,
    };
    (w, w * aspect)
}

/// Fewer free lines than this are left as they are: moving text for them is not worth a figure
/// the reader meets a page after its mention.
const MIN_ROOM: usize = 3;

/// How a page from some slot fills: its height in grid lines and where the next page starts.
pub type Fill<'f> = &'f dyn Fn(&[Slot], usize) -> (usize, usize);

/// Where a page from `start`, filled to `height` lines with the next page at `end`, ends short
/// before a figure that does not fit, moves the text after the figure up before it (the figure
/// then opens the next page) and returns what it did and the page filled again; `None`, with
/// `slots` unchanged, when there is no such figure or the page would not end fuller.
pub fn float_figure(
    slots: &mut [Slot],
    start: usize,
    capacity: usize,
    (height, end): (usize, usize),
    fill: Fill<'_>,
) -> Option<(Floated, (usize, usize))> {
    let room = capacity.saturating_sub(height);
    if room < MIN_ROOM {
        return None;
    }
    let figure = figure_at(slots, start, end)?;
    // Lines held to the figure stay on this page, before the text moved up.
    let held: usize = slots[end.min(figure.start)..figure.start].iter().map(|s| s.lines).sum();
    let room = room.checked_sub(held).filter(|&r| r >= MIN_ROOM)?;
    // A heading after the figure shared its space, which floats away with it: the heading takes
    // a line of its own instead.
    let wanted = slots.get(figure.end).is_some_and(Slot::is_space_wanted);
    let give_space = |slots: &mut [Slot], lines| {
        if wanted {
            slots[figure.end].lines = lines;
        }
    };
    give_space(slots, 1);
    let Some(text_end) = text_after(slots, figure.end, room) else {
        give_space(slots, 0);
        return None;
    };
    let moved = figure.end - figure.start;
    slots[figure.start..text_end].rotate_left(moved);
    let after = fill(slots, start);
    if after.0 <= height {
        slots[figure.start..text_end].rotate_right(moved);
        give_space(slots, 0);
        return None;
    }
    let spaced = wanted.then_some(figure.end);
    Some((Floated { range: figure.start..text_end, by: moved, spaced }, after))
}

/// A figure floated: the slots rotated left, by how many, and the slot (where it was before the
/// rotation) that took a line of space the heading after the figure had shared with it.
#[derive(Debug, Clone)]
pub struct Floated {
    /// The slots rotated.
    pub range: Range<usize>,
    /// How many places left.
    pub by: usize,
    /// The heading's space, given a line of its own.
    pub spaced: Option<usize>,
}

impl Floated {
    /// Puts the slots back as they were before the figure floated.
    pub fn undo(&self, slots: &mut [Slot]) {
        slots[self.range.clone()].rotate_right(self.by);
        if let Some(i) = self.spaced {
            slots[i].lines = 0;
        }
    }
}

/// The figures a page ending at `end` stopped before: the space before the first (still on the
/// page), then each image with its caption and one line of space after it, for as long as one
/// figure follows another (they float together, in their order).
fn figure_at(slots: &[Slot], start: usize, end: usize) -> Option<Range<usize>> {
    // Lines held to the figure (a paragraph that introduces it, ending "as follows:") went
    // overleaf with it; they stay in the text, and the figure floats from after them.
    let held =
        slots[end..].iter().take_while(|s| matches!(s.content, Content::Text { .. }) && !s.break_after);
    let end = end + held.count();
    let mut first = end;
    while first > start && slots[first - 1].discardable {
        first -= 1;
    }
    let mut last = None;
    let mut i = end;
    loop {
        while slots.get(i).is_some_and(|s| s.discardable) {
            i += 1;
        }
        if !slots.get(i).is_some_and(|s| matches!(s.content, Content::Image { .. })) {
            break;
        }
        // The image and its caption lines run to the first slot a page may end after.
        while !slots.get(i)?.break_after {
            i += 1;
        }
        i += 1;
        if slots.get(i).is_some_and(|s| s.discardable) {
            i += 1;
        }
        last = Some(i);
    }
    last.map(|end| first..end)
}

/// The end of the most text after a figure, from `from`, that fits in `room` lines and ends where
/// a page may: never past another figure, so figures keep their order. A heading may go before
/// the figure, as TeX lets a float drift past a section's start.
fn text_after(slots: &[Slot], from: usize, room: usize) -> Option<usize> {
    let (mut used, mut best) = (0, None);
    for (i, s) in slots.iter().enumerate().skip(from) {
        if matches!(s.content, Content::Image { .. }) {
            break;
        }
        // A repeated table head takes no room inside the text moved up.
        used += if s.repeat { 0 } else { s.lines };
        if used > room {
            break;
        }
        if s.break_after {
            best = Some(i + 1);
        }
    }
    best
}
