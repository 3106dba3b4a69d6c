//! Where the spreads of a prose section end, chosen with the rest of the section in view.
//!
//! Taking each spread's cheapest ending on its own (as `spread` does) left thirteen of The
//! Idiot's spreads three to six lines short and eight two short: in dialogue a page may end only
//! after every other line or so, a spread often cannot end level at full height, and whether
//! the next one can depends on where this one ended. Here each spread may end full, a line
//! short, a line long (both pages, as compositors allow: Мильчин; Chicago 2.112) or shorter,
//! and the endings of the whole section are weighed together, as Knuth and Plass weigh a
//! paragraph's breaks: a spread a line short that lets the next ones end full beats a full one
//! that leaves the next four lines short. Paths are followed a spread at a time, keeping the
//! cheapest few places to go on from ([`BEAM`]): weighed against every place, that found the
//! cheapest path in 158 of the corpus's 161 prose sections, and in the other three one dearer by
//! a point or two in forty to sixty.

use std::collections::HashMap;

use super::{PageFill, Spread, done, fill, short_end_cost};
use crate::layout::flow::{Content, Slot};

/// Where pagination stands between spreads: the next slot and the note lines run over to it.
pub(super) type At = (usize, usize);

/// What a spread run a line long costs, counted like the square of the lines a short one
/// lacks: it takes a line of the bottom margin; a spread a line short is the older habit.
pub(super) const LONG_COST: usize = 2;

/// What a spread's two pages ending apart costs, in half-squares of lines (see [`short_cost`]):
/// a page levelled down to a facing page its next block cannot fit on is a page short too, and
/// a spread with both pages eight lines short mid-paragraph (The Performance of Open Source
/// Applications' Radar Gun spread, when ending apart cost twenty a line) reads worse than one
/// page ending before a block it cannot hold. At seven halves, pages level a line or two short
/// rather than end apart (a tie is levelled), and end apart rather than level three lines short
/// or more.
const APART_COST: usize = 7;

/// What a recto ending in a hyphen costs, its word finished only after the leaf is turned: as
/// much as a spread run long. `no_word_split_overleaf` sets the paragraph otherwise where it
/// can; priced here, the plan ends few rectos so where it cannot.
const OVERLEAF_COST: usize = 2;

/// What a page ending inside a block kept whole costs: more than any other ending.
const CUT_COST: usize = 10_000;

/// Spreads are tried at most this many lines short: shorter reads as a mistake.
const MOST_SHORT: usize = 6;

/// Places kept after each spread, the cheapest first: six missed the cheapest path in five
/// sections of the corpus, twelve in three at no measurable cost, twenty-four in two for a
/// tenth more of The Idiot's build time.
pub(super) const BEAM: usize = 12;

/// A place reached, how, and at what cost.
struct Reached {
    at: At,
    cost: usize,
    /// The entry it was reached from, in the list of all entries, and the spread that led here.
    from: Option<(usize, Spread)>,
}

/// The spreads from `start` to the section's end whose costs sum least, in order; pages of
/// `capacity` lines at `leading` (notes, body).
pub(super) fn plan(slots: &[Slot], start: At, capacity: usize, leading: (f64, f64)) -> Vec<Spread> {
    plan_with(slots, start, capacity, leading, BEAM).0
}

/// [`plan`] keeping `beam` places after each spread; with the plan, its cost.
pub(super) fn plan_with(
    slots: &[Slot],
    start: At,
    capacity: usize,
    leading: (f64, f64),
    beam: usize,
) -> (Vec<Spread>, usize) {
    let mut all: Vec<Reached> = vec![Reached { at: start, cost: 0, from: None }];
    let mut layer: Vec<usize> = vec![0];
    // The least cost each place was reached at: a dearer way there is not followed.
    let mut least: HashMap<At, usize> = HashMap::from([(start, 0)]);
    // The cheapest way to the section's end: its cost, the entry it left from and its spread.
    let mut best: Option<(usize, usize, Spread)> = None;
    while !layer.is_empty() {
        let mut next: Vec<usize> = Vec::new();
        for &i in &layer {
            let (at, cost) = (all[i].at, all[i].cost);
            for (spread, ending, last) in endings(slots, at, capacity, leading) {
                let total = cost + ending;
                if last {
                    if best.as_ref().is_none_or(|(b, _, _)| total < *b) {
                        best = Some((total, i, spread));
                    }
                    continue;
                }
                let to = (spread.2, spread.3);
                // Every spread moves on: to a later slot, or with fewer note lines to place.
                let on = to.0 > at.0 || (to.0 == at.0 && to.1 < at.1);
                if !on || least.get(&to).is_some_and(|&c| c <= total) {
                    continue;
                }
                least.insert(to, total);
                next.retain(|&j| all[j].at != to);
                all.push(Reached { at: to, cost: total, from: Some((i, spread)) });
                next.push(all.len() - 1);
            }
        }
        // The cheapest places, the furthest on among equals; none dearer than the best end.
        next.sort_by_key(|&j| (all[j].cost, std::cmp::Reverse(all[j].at)));
        next.retain(|&j| best.as_ref().is_none_or(|(b, _, _)| all[j].cost < *b));
        next.truncate(beam);
        layer = next;
    }
    let Some((total, mut i, last)) = best else { return (Vec::new(), 0) };
    let mut spreads = vec![last];
    while let Some((j, spread)) = all[i].from.take() {
        spreads.push(spread);
        i = j;
    }
    spreads.reverse();
    (spreads, total)
}

/// The distinct ways a spread from `at` may end, with their costs and whether the section ends
/// there; level ones first, the fullest first, so that of equal paths the level and fuller one
/// is kept.
fn endings(slots: &[Slot], at: At, capacity: usize, leading: (f64, f64)) -> Vec<(Spread, usize, bool)> {
    let c = capacity;
    let shorter = (1..=MOST_SHORT).filter_map(|k| c.checked_sub(k)).filter(|&t| t >= 3);
    let targets = [c, c + 1].into_iter().chain(shorter);
    let mut out: Vec<(Spread, usize, bool)> = Vec::new();
    let mut tried = Vec::new();
    // A verso that ends short of the target (the block after it does not fit) has its recto
    // levelled to it, or filled to the target beside it: whichever costs less, level on a tie
    // (tried first, and a way no cheaper is not kept).
    let targets: Vec<usize> = targets.collect();
    let level = targets.iter().map(|&t| (t, true));
    for (target, level) in level.chain(targets.iter().map(|&t| (t, false))) {
        let Some((spread, last, cut)) = attempt(slots, at, target, level, leading, &mut tried) else {
            continue;
        };
        let heights = |s: &Spread| (s.0.height, s.1.as_ref().map(|p| p.height), s.2, s.3);
        if out.iter().any(|(s, _, _)| heights(s) == heights(&spread)) {
            continue;
        }
        // A page that could only end where the flow forbids (inside a block kept whole) is
        // taken only where no height lets it end elsewhere.
        let cost = cost(slots, &spread, last, capacity) + if cut { CUT_COST } else { 0 };
        out.push((spread, cost, last));
    }
    out
}

/// What a spread costs: the square of the lines its pages lack, so that two spreads a line short
/// are better than one two lines short (see [`short_cost`]); a long spread, and a section's last
/// page of fewer than five lines priced as such (see [`short_end_cost`]).
pub(super) fn cost(slots: &[Slot], (left, right, _, _): &Spread, last: bool, capacity: usize) -> usize {
    let long = |p: &PageFill| p.height > capacity;
    let Some(right) = right else {
        return if long(left) { LONG_COST } else { 0 } + short_end_cost(left);
    };
    let long = if long(left) || long(right) { LONG_COST } else { 0 };
    // A verse line whose sense runs on costs a page ending after it, squared as lines are here.
    let ran_on: usize = [left, right].into_iter().map(|p| penalty(slots, p).pow(2)).sum();
    if last {
        // The verso beside a section's last page is a full page like any other.
        let short = capacity.saturating_sub(left.height);
        return short * short + long + ran_on + short_end_cost(right);
    }
    // The recto's last word finished overleaf, where no setting of its paragraph avoids it.
    let hyphen = match right.slots.end.checked_sub(1).map(|i| &slots[i].content) {
        Some(Content::Text { line, .. }) if line.hyphenated => OVERLEAF_COST,
        _ => 0,
    };
    short_cost(capacity, left.height, right.height) + long + ran_on + hyphen
}

/// What a page ending where it does costs beyond its shortness, in lines (see [`Slot::penalty`]).
pub(super) fn penalty(slots: &[Slot], page: &PageFill) -> usize {
    page.slots.end.checked_sub(1).and_then(|i| slots.get(i)).map_or(0, |s| usize::from(s.penalty))
}

/// What a spread's pages of `verso` and `recto` lines cost for the lines they lack: a level
/// spread `k` lines short, `k²`; pages ending apart, half the square of each page's lack and
/// [`APART_COST`] halves more. Counting only the shorter page's lack, as this did, made
/// levelling a page down to its facing page free: a verso that could not hold the code block
/// after it ran its recto down to it mid-paragraph, both pages four to nine lines short.
pub(super) fn short_cost(capacity: usize, verso: usize, recto: usize) -> usize {
    let (v, r) = (capacity.saturating_sub(verso), capacity.saturating_sub(recto));
    if verso == recto { v * v } else { (v * v + r * r + APART_COST) / 2 }
}

/// A spread from `at` filled to `target` lines, its recto ending level with its verso or
/// above (`level`), or else filled to `target` too; whether the section ends with it; and
/// whether a page of it ends where the flow forbids, which `fill` does only when no place it
/// allows is in reach. `None` when a height already `tried` from `at` gave the same verso and
/// the same room for the recto, and so the same spread: where a page may end only every other
/// line, as in dialogue, many heights do, and filling their rectos again cost a sixteenth of the
/// instructions of a novel's plan.
fn attempt(
    slots: &[Slot],
    (at, carry): At,
    target: usize,
    level: bool,
    (nl, l): (f64, f64),
    tried: &mut Vec<(usize, usize, usize, usize)>,
) -> Option<(Spread, bool, bool)> {
    let cut = |end: usize| end > 0 && !done(slots, end) && slots.get(end - 1).is_some_and(|s| !s.break_after);
    let (left, mid, over) = fill(slots, at, target, carry, nl, l);
    let height = if level { left.height.min(target) } else { target };
    let verso = (mid, over, left.height, height);
    if tried.contains(&verso) {
        return None;
    }
    tried.push(verso);
    if done(slots, mid) && over == 0 {
        return Some(((left, None, mid, 0), true, false));
    }
    let (right, end, after) = fill(slots, mid, height, over, nl, l);
    let last = done(slots, end) && after == 0;
    Some(((left, Some(right), end, after), last, cut(mid) || cut(end)))
}
