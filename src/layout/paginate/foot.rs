//! How a flow's pages end at the foot: prose spreads level, verse pages ragged, each where its
//! stanzas and its sense let it end.

use super::{PageFill, done, fill, plan};
use crate::layout::flow::{Content, Slot};

/// How a flow's spreads end at the foot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foot {
    /// Both pages on one line, run short together where they must: prose, as books set it.
    Level,
    /// Each page where the stanzas let it end nearest the foot: verse, as poetry is set.
    Ragged,
}

impl Foot {
    /// What a spread's pages of `verso` and `recto` lines cost: prose as the plan prices it (see
    /// [`plan::short_cost`]), verse in lines lacking.
    pub(super) fn short_cost(self, capacity: usize, verso: usize, recto: usize) -> usize {
        match self {
            Foot::Level => plan::short_cost(capacity, verso, recto),
            // Each page's own: a verso its stanzas end seven lines short left Onegin's recto
            // beside it seven lines short too, levelled to it, its stanza cut all the same.
            Foot::Ragged => capacity.saturating_sub(verso) + capacity.saturating_sub(recto),
        }
    }

    /// The least a spread whose verso ends under `height` lines can cost.
    pub(super) fn cheapest_below(self, capacity: usize, height: usize) -> usize {
        let k = capacity + 1 - height;
        match self {
            Foot::Level => plan::short_cost(capacity, height - 1, capacity).min(k * k),
            Foot::Ragged => k,
        }
    }

    /// What a page ending inside a stanza (or a paragraph) costs, in lines its spread's shorter
    /// page lacks. Prose parts its paragraphs freely; verse keeps a stanza whole where a ragged
    /// foot allows: Onegin's spreads ended level six lines short with a fourteen-line stanza cut
    /// 10/4 on each page, where the verso held the stanza whole.
    pub(super) fn split_cost(self) -> usize {
        match self {
            Foot::Level => 0,
            Foot::Ragged => 4,
        }
    }
}

/// Whether a page ends between two lines of text: inside a stanza or a paragraph, not at the
/// space after one.
pub(super) fn ends_inside(slots: &[Slot], page: &PageFill) -> bool {
    let text = |i: usize| slots.get(i).is_some_and(|s| matches!(s.content, Content::Text { .. }));
    let end = page.slots.end;
    end > page.slots.start && text(end - 1) && text(end)
}

/// A verse page from `at`: of the places its stanzas let it end, the one costing least in lines
/// lacking, a stanza cut and a sentence run on overleaf (see [`Slot::penalty`]), the fullest on
/// a tie. Filled to the foot, Onegin's pages ended after "Полезный промысел избрав," where
/// the stanza's first quatrain had ended with its sentence.
pub(super) fn ragged_fill(
    slots: &[Slot],
    at: usize,
    capacity: usize,
    carry: usize,
    (nl, l): (f64, f64),
) -> (PageFill, usize, usize) {
    let mut best: Option<(usize, usize)> = None;
    let mut target = capacity;
    loop {
        let (page, next, over) = fill(slots, at, target, carry, nl, l);
        if done(slots, next) && over == 0 {
            return (page, next, over);
        }
        let split = usize::from(ends_inside(slots, &page));
        let cost = capacity.saturating_sub(page.height)
            + Foot::Ragged.split_cost() * split
            + plan::penalty(slots, &page);
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, target));
        }
        let height = page.height.min(target);
        if height <= 3 || best.is_some_and(|(c, _)| capacity + 1 - height >= c) {
            break;
        }
        target = height - 1;
    }
    fill(slots, at, best.map_or(target, |(_, t)| t), carry, nl, l)
}
