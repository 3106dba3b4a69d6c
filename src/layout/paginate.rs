//! Breaking a flow of grid slots into pages: a page ends only where the flow allows (no widows,
//! no orphans, headings with their text), footnotes take room at the foot of the page they are
//! referenced on, and the two pages of a prose spread end on the same grid line (verse pages
//! each where their stanzas let them).

use super::float::{Floated, float_figure};
use super::flow::{Content, Slot};
use super::refill::Refill;
use crate::typeset::Pt;

mod foot;
mod page;
mod plan;

pub use self::foot::Foot;
use self::foot::{ends_inside, ragged_fill};
use self::page::fill;
pub use self::page::{PageFill, showing};

/// A spread's verso and recto (none when the section ends on the verso), where the next page
/// starts and the note lines it runs over.
type Spread = (PageFill, Option<PageFill>, usize, usize);

/// Fills a spread from `at`: in prose verso and recto end on the same line unless the section
/// ends on it, or unless levelling them would cost more than pages ending apart; in verse each
/// page ends where its stanzas let it.
///
/// Heights are tried from the full page down: ending the verso a line earlier moves where the
/// recto can end (jumping straight to the shorter page's height, as this did before, left 17 more
/// spreads of The Idiot two lines short or more). Each try costs what `foot` prices (see
/// [`Foot::short_cost`]); the cheapest is kept, a level one on a tie. Verse, which may end a
/// page only between stanzas, was cut down until both pages ended level, if at a stanza or
/// less: 85 of Leaves of Grass's 214 spreads ran 6 to 36 lines short, nine of them down to
/// three lines a page or fewer.
///
/// Where `floats` is given, a page left short by a figure too tall for the room at the height
/// tried floats the figure (its slots move after the text that then fills the page), and
/// `floats` hears of the slots moved: lowering the height for a level spread must not push a
/// figure off the verso and leave both pages half empty.
fn spread(
    slots: &mut [Slot],
    at: usize,
    capacity: usize,
    carry: usize,
    (nl, l): (f64, f64),
    foot: Foot,
    mut floats: Option<&mut dyn Refill>,
) -> Spread {
    // Figures the last try floated. Each try starts from the slots as they were: text a fuller
    // try moved up before a figure does not all fit a shorter verso, and its last lines opened
    // the recto above the figure, parted from the rest of their paragraph below it.
    let mut floated: Vec<Floated> = Vec::new();
    let mut attempt = |slots: &mut [Slot], target: usize, level: bool| -> (Spread, bool) {
        if let Some(refill) = floats.as_deref_mut() {
            // (What the rotation took from `refill`, a paragraph it cut, stays taken: such a
            // paragraph is only not set otherwise.)
            for f in floated.drain(..).rev() {
                f.undo(slots);
                refill.moved(f.range.clone(), f.range.len() - f.by);
            }
        }
        let (mut left, mut mid, mut over) = fill(slots, at, target, carry, nl, l);
        if carry == 0
            && let Some(refill) = floats.as_deref_mut()
            && float_logged(slots, at, target, (left.height, mid), (nl, l), refill, &mut floated)
        {
            (left, mid, over) = fill(slots, at, target, carry, nl, l);
        }
        if done(slots, mid) && over == 0 {
            return ((left, None, mid, 0), true);
        }
        // The verso may end short of the target: a prose recto ends level with it, or is filled
        // to the target beside it (`level` false); a verse one ends where its own stanzas let
        // it, as poetry is set.
        let height = if foot == Foot::Ragged || !level { target } else { left.height.min(target) };
        let (mut right, mut end, mut after) = match foot {
            Foot::Ragged => ragged_fill(slots, mid, capacity, over, (nl, l)),
            Foot::Level => fill(slots, mid, height, over, nl, l),
        };
        if over == 0
            && let Some(refill) = floats.as_deref_mut()
            && float_logged(slots, mid, height, (right.height, end), (nl, l), refill, &mut floated)
        {
            (right, end, after) = fill(slots, mid, height, over, nl, l);
        }
        let ends_here = done(slots, end) && after == 0;
        ((left, Some(right), end, after), ends_here)
    };
    let mut target = capacity;
    // The cheapest try so far: its cost, height, and whether its recto was levelled.
    let mut best: Option<(usize, usize, bool)> = None;
    loop {
        let (tried, last) = attempt(slots, target, true);
        let Some(right) = &tried.1 else { return tried };
        let (verso, recto) = (tried.0.height, right.height);
        if last {
            return tried;
        }
        let price = |slots: &[Slot], left: &PageFill, right: &PageFill| {
            // (A page with footnotes counts as full: its notes sit at the foot.)
            let split = [left, right].into_iter().filter(|p| ends_inside(slots, p)).count();
            let penalty = plan::penalty(slots, left) + plan::penalty(slots, right);
            foot.short_cost(capacity, left.height, right.height) + foot.split_cost() * split + penalty
        };
        let mut consider = |cost: usize, level: bool, even: bool| {
            if best.is_none_or(|(c, _, _)| cost < c || (cost == c && even)) {
                best = Some((cost, target, level));
            }
        };
        consider(price(slots, &tried.0, right), true, verso == recto);
        // A prose verso the block after it kept short: its recto filled beside it, not cut
        // down to it mid-paragraph.
        let mut last_tried = (tried, true);
        if foot == Foot::Level && verso < target {
            let (apart, ends) = attempt(slots, target, false);
            // A try that did not end the section has its recto.
            let Some(recto) = apart.1.as_ref().filter(|_| !ends) else { return apart };
            consider(price(slots, &apart.0, recto), false, false);
            last_tried = (apart, false);
        }
        let height = verso.min(target);
        // (A ragged recto is filled on its own, whatever the verso: only a level one has no
        // better height below one its verso ends at.)
        if (verso == recto && foot == Foot::Level)
            || height <= 3
            || best.is_some_and(|(c, _, _)| foot.cheapest_below(capacity, height) >= c)
        {
            // The cheapest try is filled again rather than kept: a lower try may have floated a
            // figure since, and the slots it was made from are no longer where they were.
            return match best {
                Some((_, t, level)) if t != target || level != last_tried.1 => attempt(slots, t, level).0,
                _ => last_tried.0,
            };
        }
        target = height - 1;
    }
}

/// The spread from `at` filled further, if it ends short and one of its paragraphs set a line
/// longer or shorter lets it end lower; `slots` then holds that setting.
fn refilled(
    slots: &mut Vec<Slot>,
    at: usize,
    capacity: usize,
    (nl, l): (f64, f64),
    foot: Foot,
    filled: Spread,
    refill: &mut dyn Refill,
) -> Spread {
    let (left, right, end, over) = &filled;
    let section_ends = done(slots, *end) && *over == 0;
    let full = |p: &PageFill| p.height >= capacity;
    if right.as_ref().is_none_or(|r| full(left) && (foot == Foot::Ragged || full(r))) || section_ends {
        return filled;
    }
    for (start, len) in refill.paragraphs(at..filled.2) {
        for looseness in [1, -1] {
            let Some(set) = refill.reset(start, looseness) else { continue };
            let new_len = set.len();
            let old: Vec<Slot> = slots.splice(start..start + len, set).collect();
            let tried = spread(slots, at, capacity, 0, (nl, l), foot, None);
            // The verso's gain must not be the recto's loss: a ragged recto is not levelled to
            // its verso. A level spread may gain on either page: a full verso's recto ending a
            // line short of it, filled.
            let cost = |s: &Spread| {
                foot.short_cost(capacity, s.0.height, s.1.as_ref().map_or(capacity, |r| r.height))
            };
            let fuller = foot == Foot::Level || tried.0.height > filled.0.height;
            if fuller && cost(&tried) < cost(&filled) {
                refill.taken(start, looseness);
                return tried;
            }
            slots.splice(start..start + new_len, old);
        }
    }
    filled
}

/// Floats a figure too tall for the room left on a page of `capacity` lines from `at` (filled,
/// without run-over notes, to `filled`: its height and where the next page starts) to the next
/// page, the text after it filling this one; tells `refill` of the slots moved. The caller fills
/// the page again when it did.
fn float(
    slots: &mut [Slot],
    at: usize,
    capacity: usize,
    filled: (usize, usize),
    leading: (f64, f64),
    refill: &mut dyn Refill,
) -> bool {
    float_logged(slots, at, capacity, filled, leading, refill, &mut Vec::new())
}

/// [`float`], adding each rotation it makes to `log`, so that it can be undone.
fn float_logged(
    slots: &mut [Slot],
    at: usize,
    capacity: usize,
    mut filled: (usize, usize),
    (nl, l): (f64, f64),
    refill: &mut dyn Refill,
    log: &mut Vec<Floated>,
) -> bool {
    let page = |s: &[Slot], from: usize| {
        let (p, end, _) = fill(s, from, capacity, 0, nl, l);
        (p.height, end)
    };
    let mut moved = false;
    while let Some((floated, after)) = float_figure(slots, at, capacity, filled, &page) {
        refill.moved(floated.range.clone(), floated.by);
        log.push(floated);
        (filled, moved) = (after, true);
    }
    moved
}

/// Whether nothing but discardable space is left from `at`.
fn done(slots: &[Slot], at: usize) -> bool {
    slots.get(at..).is_none_or(|rest| rest.iter().all(|s| s.discardable))
}

/// Breaks a section's flow into pages. The first page holds `first_capacity` lines (an opening
/// page is sunk), the rest `capacity`. `first_is_recto` says which side the first page is on. A
/// spread that would end short is offered to `refill`, whose paragraphs set a line looser or
/// tighter replace theirs in `slots` where that fills it further. `foot` says how its spreads end.
pub fn paginate(
    slots: &mut Vec<Slot>,
    first_capacity: usize,
    capacity: usize,
    first_is_recto: bool,
    (note_leading, leading): (Pt, Pt),
    foot: Foot,
    refill: &mut dyn Refill,
) -> Vec<PageFill> {
    let (nl, l) = (note_leading.0, leading.0);
    let mut pages = Vec::new();
    let (mut page, mut at, mut carry) = match foot {
        Foot::Ragged => ragged_fill(slots, 0, first_capacity, 0, (nl, l)),
        Foot::Level => fill(slots, 0, first_capacity, 0, nl, l),
    };
    if float(slots, 0, first_capacity, (page.height, at), (nl, l), refill) {
        (page, at, carry) = fill(slots, 0, first_capacity, 0, nl, l);
    }
    pages.push(page);
    let (rest, starts) =
        pages_from(slots, (at, carry, !first_is_recto), capacity, (nl, l), foot, Some(&mut *refill));
    pages.extend(rest);
    let shape = (first_capacity, capacity, first_is_recto);
    pull_back_short_end(slots, &mut pages, &starts, shape, (nl, l), foot, refill);
    no_word_split_overleaf(slots, &pages, first_is_recto, refill);
    pages
}

/// Where pagination stands: the next slot, the note lines run over to the next page, and whether
/// that page is a lone recto.
type State = (usize, usize, bool);

/// The pages after a section's first, from `state`, with the state each page's spread (or lone
/// recto) began at. Without `refill`, no figure floats and no short spread is filled.
fn pages_from(
    slots: &mut Vec<Slot>,
    state: State,
    capacity: usize,
    (nl, l): (f64, f64),
    foot: Foot,
    mut refill: Option<&mut dyn Refill>,
) -> (Vec<PageFill>, Vec<State>) {
    let (mut pages, mut starts) = (Vec::new(), Vec::new());
    let (mut at, mut carry, mut recto_next) = state;
    // Prose has its spreads planned over the section (see `plan`), up to its next figure: a
    // figure floated moves the slots after it, so the spreads that could reach one are filled
    // a spread at a time, and planning starts again after it. Verse ends each page where its
    // stanzas let it.
    // (A section's last pages, made again to give a short last page company, are made as the
    // rest were, whether its figures lie before them or not.)
    let mut plan = Vec::new().into_iter();
    while !done(slots, at) || carry > 0 {
        let state = (at, carry, recto_next);
        if recto_next {
            // A lone recto (after an opening verso): fill it as it comes.
            let (mut page, mut next, mut over) = match foot {
                Foot::Ragged => ragged_fill(slots, at, capacity, carry, (nl, l)),
                Foot::Level => fill(slots, at, capacity, carry, nl, l),
            };
            if carry == 0
                && let Some(refill) = refill.as_mut()
                && float(slots, at, capacity, (page.height, next), (nl, l), &mut **refill)
            {
                (page, next, over) = fill(slots, at, capacity, carry, nl, l);
            }
            pages.push(page);
            starts.push(state);
            (at, carry) = (next, over);
            recto_next = false;
            continue;
        }
        if foot == Foot::Level && plan.len() == 0 {
            plan = planned(slots, (at, carry), capacity, (nl, l)).into_iter();
        }
        let from_plan = plan.len() > 0;
        let mut filled = match plan.next() {
            Some(spread) => spread,
            None => {
                let floats = refill.as_mut().map(|r| &mut **r as &mut dyn Refill);
                spread(slots, at, capacity, carry, (nl, l), foot, floats)
            }
        };
        // A planned spread a line short is as good as the section allows; one shorter still, or
        // with pages ending apart, may take a paragraph set a line looser or tighter, and the
        // rest is planned again. (Judged a spread at a time, paragraphs set otherwise for spreads
        // a line short too left The Idiot sixteen pages two lines short rather than six, and
        // Pride and Prejudice a spread four lines short.)
        let rough = |(left, right, _, _): &Spread| {
            right.as_ref().is_some_and(|r| r.height != left.height || r.height + 1 < capacity)
        };
        if carry == 0
            && (!from_plan || rough(&filled))
            && let Some(refill) = refill.as_mut()
        {
            let before = slots.len();
            filled = refilled(slots, at, capacity, (nl, l), foot, filled, &mut **refill);
            if slots.len() != before {
                plan = Vec::new().into_iter();
            }
        }
        let (left, right, end, over) = filled;
        pages.push(left);
        starts.push(state);
        if let Some(r) = right {
            pages.push(r);
            starts.push(state);
        }
        (at, carry) = (end, over);
    }
    (pages, starts)
}

/// The spreads from `at` planned over the section, or over those before its next figure that
/// the figure cannot reach: the plan stops at the figure as at a section's end, and the last
/// [`BEFORE_FIGURE`] spreads before it are left to be filled as it floats.
fn planned(slots: &[Slot], at: plan::At, capacity: usize, leading: (f64, f64)) -> Vec<Spread> {
    let figure = slots[at.0..].iter().position(|s| matches!(s.content, Content::Image { .. }));
    let Some(figure) = figure.map(|i| at.0 + i) else {
        return plan::plan(slots, at, capacity, leading);
    };
    let mut spreads = plan::plan(&slots[..figure], at, capacity, leading);
    spreads.truncate(spreads.len().saturating_sub(BEFORE_FIGURE));
    spreads
}

/// Spreads before a figure filled one at a time: the one that would hold it, which the plan
/// ended as a section's last. (Leaving the one before it to be filled so too measured worse:
/// ten of The Performance of Open Source Applications's pages 3–6 lines short against seven.)
const BEFORE_FIGURE: usize = 1;

/// A section's last page of at most this many lines reads as an accident: compositors pull such
/// lines back (TeX's `\looseness=-1`) or give them company.
const SHORT_END: usize = 2;

/// Lines a section's last page should hold at least, where the pages before can give them:
/// three or four under a chapter's end look thin beside the full page before, and house rules
/// ask for more (the Imprimerie nationale's, six).
const FULL_END: usize = 5;

/// What a section's last page costs for its few lines, in the plan's units (a spread `k` lines
/// short costs `k²`): one or two, as much as a spread three lines short; three, as one two lines
/// short; four, as one run a line long. A page with notes under its text is not short.
pub(super) fn short_end_cost(p: &PageFill) -> usize {
    match p.height {
        _ if p.note_lines > 0 => 0,
        h if h <= SHORT_END => 9,
        h if h < FULL_END => 2 * (FULL_END - h),
        _ => 0,
    }
}

/// Paragraphs of a section's last spreads set a line tighter or looser, at most, to mend its
/// short last page: each set otherwise is a little greyer or paler.
const MOST_SET_AGAIN: usize = 3;

/// Takes away a section's last page of fewer than [`FULL_END`] lines when setting paragraphs of
/// the spread before it a line tighter pulls them back, or gives it more lines by paragraphs set
/// a line looser or, failing both, by the pages before running short (`starts`: the
/// state each page after the first began at). Flows with figures are left as they are:
/// paginating them again could float a figure otherwise.
fn pull_back_short_end(
    slots: &mut Vec<Slot>,
    pages: &mut Vec<PageFill>,
    starts: &[State],
    (first_capacity, capacity, first_is_recto): (usize, usize, bool),
    (nl, l): (f64, f64),
    foot: Foot,
    refill: &mut dyn Refill,
) {
    let n = pages.len();
    let Some(last) = pages.last() else { return };
    if n < 2 || short_end_cost(last) == 0 {
        return;
    }
    let last_end = last.slots.end;
    // Pages from the one before the last are paginated again from where its spread began: the
    // opening page's is the section's start (`starts` has an entry for every page after it).
    let (state, first) = match n.checked_sub(3).and_then(|i| starts.get(i)) {
        Some(&state) => (state, 1 + starts.iter().position(|s| *s == state).unwrap_or(n - 3)),
        None => ((0, 0, first_is_recto), 0),
    };
    if slots[state.0..].iter().any(|s| matches!(s.content, Content::Image { .. })) {
        return;
    }
    // The pages from `first` again, those before the last `short` lines short.
    let again = |slots: &mut Vec<Slot>, short: usize| -> Vec<PageFill> {
        if first > 0 {
            return pages_from(slots, state, capacity - short, (nl, l), foot, None).0;
        }
        let (page, at, carry) = fill(slots, 0, first_capacity - short, 0, nl, l);
        let mut pages = vec![page];
        pages.extend(pages_from(slots, (at, carry, !first_is_recto), capacity, (nl, l), foot, None).0);
        pages
    };
    // What the pages made again cost, their spreads priced as the plan prices them (the opening
    // page, alone, by the lines it lacks): a mend is taken only where it costs less.
    let price = |slots: &[Slot], tried: &[PageFill]| -> usize {
        let lone = usize::from(first == 0 && first_is_recto).min(tried.len());
        let opening = tried[..lone].iter().map(|p| match first_capacity.checked_sub(p.height) {
            Some(lacks) => lacks * lacks,
            None => plan::LONG_COST,
        });
        let spreads = tried[lone..].chunks(2);
        let count = spreads.len();
        let spreads = spreads.enumerate().map(|(i, pair)| {
            let spread = (pair[0].clone(), pair.get(1).cloned(), 0, 0);
            plan::cost(slots, &spread, i + 1 == count, capacity)
        });
        opening.sum::<usize>() + spreads.sum::<usize>()
    };
    let now = price(slots, &pages[first..]);
    let ends_better = |slots: &[Slot], tried: &[PageFill]| {
        first + tried.len() < n || (first + tried.len() == n && price(slots, tried) < now)
    };
    // Paragraphs last first, each a line shorter, until the page goes; failing that, a line
    // longer, until the pages cost less. At most a few either way, as each paragraph set
    // otherwise is a little greyer or paler.
    for looseness in [-1, 1] {
        let mut changed: Vec<(usize, usize, Vec<Slot>)> = Vec::new();
        for (start, len) in refill.paragraphs(state.0..last_end) {
            if changed.len() == MOST_SET_AGAIN {
                break;
            }
            let Some(set) = refill.reset(start, looseness) else { continue };
            let new_len = set.len();
            let old: Vec<Slot> = slots.splice(start..start + len, set).collect();
            changed.push((start, new_len, old));
            let tried = again(slots, 0);
            if ends_better(slots, &tried) {
                // Taken from the last paragraph back, so each start is still where it was found.
                for (start, _, _) in &changed {
                    refill.taken(*start, looseness);
                }
                pages.truncate(first);
                pages.extend(tried);
                return;
            }
        }
        // Put back in the reverse order of the changes: each was made where its paragraph stood
        // when changed, and the earlier paragraphs changed after it have moved it since.
        for (start, new_len, old) in changed.into_iter().rev() {
            slots.splice(start..start + new_len, old);
        }
    }
    // No paragraph could: the pages before the last run a line or two short, as a compositor
    // would, and hand them to it where that costs less. A page a line short beside a chapter's
    // end, or a spread a line short before it, goes unseen; a last page of a line or two does
    // not, and one of three or four looks thin.
    let most = if first == 0 { first_capacity } else { capacity };
    // A shorter page may leave no break the flow allows (a kept block as tall as the page):
    // then it would be cut anywhere, which is worse than the short end.
    let allowed = |slots: &[Slot], tried: &[PageFill]| {
        tried.iter().rev().skip(1).all(|p| p.slots.end.checked_sub(1).is_none_or(|i| slots[i].break_after))
    };
    for short in 1..=RUN_SHORT.min(most.saturating_sub(1)) {
        let tried = again(slots, short);
        if first + tried.len() == n && ends_better(slots, &tried) && allowed(slots, &tried) {
            pages.truncate(first);
            pages.extend(tried);
            return;
        }
    }
}

/// Lines the pages before a section's short last page may run short to give it company.
const RUN_SHORT: usize = 2;

/// Sets again, in as many lines, each paragraph whose line at a recto's foot ends in a hyphen, so
/// that no line at a recto's foot it holds does: the reader would finish that word only after
/// turning the leaf, which careful compositors avoid by setting the paragraph otherwise.
/// Pages keep their lines, so nothing else moves; a paragraph with no such setting within the
/// tolerance keeps its hyphen.
fn no_word_split_overleaf(
    slots: &mut [Slot],
    pages: &[PageFill],
    first_is_recto: bool,
    refill: &mut dyn Refill,
) {
    // Every recto's last slot: pages alternate from the first, and a page with notes but no text
    // has none.
    let feet: Vec<usize> = (0..pages.len())
        .filter(|i| (i % 2 == 0) == first_is_recto)
        .filter_map(|i| pages[i].slots.end.checked_sub(1).filter(|_| !pages[i].slots.is_empty()))
        .collect();
    let hyphenated = |s: &Slot| matches!(&s.content, Content::Text { line, .. } if line.hyphenated);
    let mut k = 0;
    while k < feet.len() {
        let Some((start, len)) = refill.containing(feet[k]) else {
            k += 1;
            continue;
        };
        // A paragraph longer than a spread has a foot on more than one recto: none may take one.
        let held: Vec<usize> =
            feet[k..].iter().take_while(|&&f| f < start + len).map(|f| f - start).collect();
        let broken = held.iter().any(|&l| hyphenated(&slots[start + l]));
        k += held.len();
        if broken && let Some(set) = refill.unhyphenate(start, &held) {
            for (slot, new) in slots[start..start + len].iter_mut().zip(set) {
                *slot = new;
            }
        }
    }
}

#[cfg(test)]
mod tests;
