//! Knuth–Plass total-fit line breaking over boxes, glue and penalties (Knuth & Plass, "Breaking
//! paragraphs into lines", 1981), with TeX's demerits, four fitness classes, a limit on hyphens in
//! a row, and the passes TeX makes: without hyphens, with them, then with emergency stretch, and
//! only then an overfull line.
//!
//! The algorithm is dynamic programming over feasible breakpoints. A state is a breakpoint
//! together with everything the demerits of the *next* line depend on: the line number (line
//! widths may differ), the fitness class of the line ending there, and how many hyphenated lines
//! end in a row. For each state only the cheapest way to reach it is kept, so the answer is the
//! minimum over all feasible break sequences; a property test checks this against brute force.

/// Penalties at or beyond this are never taken; at or below its negative, always.
pub const INFINITY: f64 = 10_000.0;

/// An item of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Something that does not stretch: a word or part of one.
    Box {
        /// Its width.
        width: f64,
    },
    /// Space that stretches and shrinks; a break may follow a box here.
    Glue {
        /// Natural width.
        width: f64,
        /// How much it may grow at ratio 1.
        stretch: f64,
        /// How much it may shrink at ratio -1.
        shrink: f64,
    },
    /// A possible break with a cost; `width` appears only if the break is taken (a hyphen).
    Penalty {
        /// Width added at the end of the line when breaking here.
        width: f64,
        /// Cost of breaking here.
        cost: f64,
        /// Whether this is a hyphen break (for the consecutive-hyphen rules).
        flagged: bool,
    },
}

/// The knobs of the algorithm; defaults are TeX's plain values except where noted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Largest badness accepted in the final pass (TeX `\tolerance`).
    pub tolerance: f64,
    /// Largest badness accepted in the first pass, which tries no hyphens (TeX `\pretolerance`).
    pub pretolerance: f64,
    /// Added to every line's badness before squaring (TeX `\linepenalty`).
    pub line_penalty: f64,
    /// Extra demerits when adjacent lines' fitness classes are more than one apart.
    pub adj_demerits: f64,
    /// Extra demerits for two hyphenated lines in a row.
    pub double_hyphen_demerits: f64,
    /// Extra demerits when the next-to-last line ends with a hyphen.
    pub final_hyphen_demerits: f64,
    /// Extra demerits when the last line holds only the paragraph's last word, or a piece of it
    /// (a runt; Typst's `costs.runt`).
    pub runt_demerits: f64,
    /// Extra demerits, beyond a runt's, when the last line is only the end of a word hyphenated
    /// on the line before ("гене-" over "рал."), which printers avoid.
    pub final_piece_demerits: f64,
    /// Whether the passes within the tolerance may take such a last line at all: Russian printers
    /// never carry a piece of a word alone onto it (Мильчин), so there only the emergency passes
    /// may, paying the demerits above, rather than set a line far looser.
    pub final_piece_allowed: bool,
    /// Lines to add to (or, negative, take from) the best breaking, where a solution with that
    /// many within the tolerance exists (TeX `\looseness`; the nearest count otherwise).
    pub looseness: i32,
    /// Most hyphenated lines allowed in a row.
    pub max_hyphens_in_a_row: u8,
    /// Stretch added to every line in the emergency pass (TeX `\emergencystretch`).
    pub emergency_stretch: f64,
    /// How much boxes may widen or narrow, as a fraction of their width (pdfTeX's font
    /// expansion, applied as tracking): 0.02 gives every line a little more room than its spaces.
    pub expansion: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            tolerance: 200.0,
            pretolerance: 100.0,
            line_penalty: 10.0,
            adj_demerits: 10_000.0,
            double_hyphen_demerits: 30_000.0,
            final_hyphen_demerits: 5_000.0,
            // As a penalty of 100 on the last line: a decent line looser or tighter is cheaper
            // than a runt, a hyphen (200) or a loose line is not.
            runt_demerits: 10_000.0,
            // As a line of badness 990 (stretched 2.15 times its spaces' stretch).
            final_piece_demerits: 1_000_000.0,
            final_piece_allowed: true,
            looseness: 0,
            max_hyphens_in_a_row: 2,
            emergency_stretch: 0.0,
            expansion: 0.0,
        }
    }
}

/// A chosen break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the glue or penalty broken at.
    pub index: usize,
    /// Adjustment ratio of the line ending here: 0 natural, 1 full stretch, -1 full shrink.
    pub ratio: f64,
    /// Whether the line ends with a hyphen.
    pub flagged: bool,
    /// Whether the line is wider than its measure even fully shrunk.
    pub overfull: bool,
}

/// The breaks of a paragraph and what they cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// One break per line, the last at the paragraph's end.
    pub breaks: Vec<Break>,
    /// Total demerits.
    pub demerits: f64,
    /// Which pass found it: 1 no hyphens, 2 hyphens, 3 emergency stretch, 4 overfull allowed.
    pub pass: u8,
}

/// Breaks a paragraph into lines. `measures[i]` is the width of line `i`; the last repeats. Hyphen
/// penalties are ignored in the first pass. Never fails for a paragraph ending in a forced break.
pub fn total_fit(items: &[Item], measures: &[f64], params: &Params) -> Option<Solution> {
    total_fit_from(items, measures, params, 1)
}

/// [`total_fit`] starting at pass `first` (2 skips the hyphenless pass a caller already tried).
pub fn total_fit_from(items: &[Item], measures: &[f64], params: &Params, first: u8) -> Option<Solution> {
    let hyphenless = Pass::first(params);
    let with_hyphens = Pass { tolerance: params.tolerance, hyphens: true, ..hyphenless };
    let emergency = Pass { emergency: params.emergency_stretch, ..with_hyphens };
    let last_resort = Pass { tolerance: INFINITY, overfull: true, ..emergency };
    let mut passes = vec![(1, hyphenless), (2, with_hyphens)];
    if params.emergency_stretch > 0.0 {
        passes.push((3, emergency));
    }
    passes.push((4, last_resort));
    passes
        .into_iter()
        .filter(|(n, _)| *n >= first)
        .find_map(|(n, pass)| run(items, measures, params, pass).map(|s| Solution { pass: n, ..s }))
}

/// One pass's settings.
#[derive(Debug, Clone, Copy)]
pub struct Pass {
    /// Largest badness accepted.
    pub tolerance: f64,
    /// Whether flagged penalties may be broken at.
    pub hyphens: bool,
    /// Extra stretch per line.
    pub emergency: f64,
    /// Whether an overfull line may be taken when nothing else fits.
    pub overfull: bool,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Item index of the break (usize::MAX for the paragraph start).
    index: usize,
    /// Lines before this break's line-to-come.
    line: usize,
    fitness: u8,
    hyphens: u8,
    flagged: bool,
    total_demerits: f64,
    ratio: f64,
    overfull: bool,
    /// The first item of the line after the break: a box, or a forced break.
    first: usize,
    /// Sums of everything up to the first box after the break.
    width: f64,
    stretch: f64,
    shrink: f64,
    previous: Option<usize>,
}

impl Pass {
    /// TeX's first pass: no hyphens, within the pretolerance.
    pub fn first(params: &Params) -> Pass {
        Pass { tolerance: params.pretolerance, hyphens: false, emergency: 0.0, overfull: false }
    }
}

/// TeX's badness: 100 r³, capped.
pub fn badness(ratio: f64) -> f64 {
    (100.0 * ratio.abs().powi(3)).min(INFINITY)
}

/// TeX's four fitness classes: 0 very loose, 1 loose, 2 decent, 3 tight.
pub fn fitness(ratio: f64) -> u8 {
    if ratio < -0.5 {
        3
    } else if ratio <= 0.5 {
        2
    } else if ratio <= 1.0 {
        1
    } else {
        0
    }
}

/// The demerits of one line ending at a penalty of `cost`.
pub fn line_demerits(params: &Params, ratio: f64, cost: f64) -> f64 {
    let base = (params.line_penalty + badness(ratio)).powi(2);
    if cost >= 0.0 {
        base + cost * cost
    } else if cost > -INFINITY {
        base - cost * cost
    } else {
        base
    }
}

/// The working vectors of a pass, kept per thread: a novel's ten thousand paragraphs, most set
/// twice, would otherwise grow them from nothing twenty thousand times.
#[derive(Default)]
struct Buffers {
    sums: Vec<(f64, f64, f64)>,
    nodes: Vec<Node>,
    active: Vec<usize>,
    best: Vec<(usize, u8, u8, Node)>,
    keep: Vec<usize>,
    /// Look at every active node, even past the first that is too short (tests compare both).
    exhaustive: bool,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// What page layout asks of a paragraph set again: its number of lines, and lines that must not
/// end with a hyphen (the one at a recto's foot, whose word the reader would finish overleaf).
#[derive(Debug, Clone, Copy)]
pub struct Exact<'a> {
    /// How many lines.
    pub lines: usize,
    /// Lines, counted from 0, that may not end in a hyphen.
    pub unhyphenated: &'a [usize],
}

/// Runs one pass; `None` when it finds no feasible set of breaks.
pub fn run(items: &[Item], measures: &[f64], params: &Params, pass: Pass) -> Option<Solution> {
    run_exact(items, measures, params, pass, None)
}

/// [`run`], the cheapest breaking meeting `exact` where one is given; `None` when none does.
pub fn run_exact(
    items: &[Item],
    measures: &[f64],
    params: &Params,
    pass: Pass,
    exact: Option<Exact>,
) -> Option<Solution> {
    BUFFERS.with(|b| match b.try_borrow_mut() {
        Ok(mut b) => run_with(items, measures, params, pass, exact, &mut b),
        Err(_) => run_with(items, measures, params, pass, exact, &mut Buffers::default()),
    })
}

fn run_with(
    items: &[Item],
    measures: &[f64],
    params: &Params,
    pass: Pass,
    exact: Option<Exact>,
    buffers: &mut Buffers,
) -> Option<Solution> {
    let Buffers { sums, nodes, active, best, keep, exhaustive } = buffers;
    active.clear();
    keep.clear();
    best.clear();
    nodes.clear();
    let last_class = measures.len().saturating_sub(1);
    let measure_of = |line: usize| measures.get(line.min(last_class)).copied().unwrap_or(f64::INFINITY);
    // Prefix sums: sums[i] covers items[..i].
    sums.clear();
    sums.reserve(items.len() + 1);
    let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
    // Whether the sums only grow: then, as the active nodes are in the order of their breaks, a
    // line from a later node to here is never longer nor more stretchable than one from an earlier.
    let mut growing = params.expansion >= 0.0;
    sums.push((0.0, 0.0, 0.0));
    for item in items {
        match *item {
            Item::Box { width } => {
                w += width;
                y += width * params.expansion;
                z += width * params.expansion;
                growing &= width >= 0.0;
            }
            Item::Glue { width, stretch, shrink } => {
                w += width;
                y += stretch;
                z += shrink;
                growing &= width >= 0.0 && stretch >= 0.0;
            }
            Item::Penalty { .. } => {}
        }
        sums.push((w, y, z));
    }
    // A justified paragraph of one measure (nearly all of a book) can stop looking at active
    // nodes at the first whose line is too short to stretch this far: every later one is too.
    // Most nodes, most of the time, are such: this halves the work of breaking a novel.
    let too_short_ends_search = !*exhaustive && growing && measures.windows(2).all(|m| m[0] == m[1]);
    // Lines from the last given measure on are alike; before it, the line number matters, and
    // everywhere when a number of lines is asked for or some may not end in a hyphen.
    let counted = params.looseness != 0 || exact.is_some();
    let after = |b: usize| -> (usize, (f64, f64, f64)) {
        // A line starts at the first box after a break: glue and penalties there vanish.
        let mut i = b + 1;
        while i < items.len() && !matches!(items[i], Item::Box { .. }) {
            if let Item::Penalty { cost, .. } = items[i]
                && cost <= -INFINITY
                && i > b + 1
            {
                break;
            }
            i += 1;
        }
        (i, sums[i.min(items.len())])
    };
    nodes.push(Node {
        index: usize::MAX,
        line: 0,
        fitness: 2,
        hyphens: 0,
        flagged: false,
        total_demerits: 0.0,
        ratio: 0.0,
        overfull: false,
        first: 0,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        previous: None,
    });
    active.push(0);
    let last = items.len().checked_sub(1)?;
    let runt_after = runt_after(items);

    for (b, item) in items.iter().enumerate() {
        let (cost, pen_width, flagged) = match *item {
            Item::Penalty { width, cost, flagged } if cost < INFINITY => {
                if flagged && !pass.hyphens && cost > -INFINITY {
                    continue;
                }
                (cost, width, flagged)
            }
            Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => (0.0, 0.0, false),
            _ => continue,
        };
        let forced = cost <= -INFINITY;
        // Best new node per (line class, fitness, hyphens in a row).
        best.clear();
        keep.clear();
        let mut deactivated_best: Option<(usize, f64)> = None;
        // Where a line after this break starts: the same for every candidate.
        let mut start = None;
        for (k, &a) in active.iter().enumerate() {
            let node = nodes[a];
            // A line with nothing on it: a ragged space's glue, stretchable, then its
            // penalty, would otherwise make one "fit".
            if b < node.first && !forced {
                keep.push(a);
                continue;
            }
            let (sw, sy, sz) = sums[b];
            let natural = sw - node.width + pen_width;
            let stretch = sy - node.stretch + pass.emergency;
            let shrink = sz - node.shrink;
            let measure = measure_of(node.line);
            let ratio = if natural < measure {
                if stretch > 0.0 { (measure - natural) / stretch } else { INFINITY }
            } else if natural > measure {
                if shrink > 0.0 { (measure - natural) / shrink } else { -INFINITY }
            } else {
                0.0
            };
            let too_long = ratio < -1.0;
            if too_long || forced {
                if too_long {
                    let d = node.total_demerits;
                    if deactivated_best.is_none_or(|(_, bd)| d < bd) {
                        deactivated_best = Some((a, d));
                    }
                }
            } else {
                keep.push(a);
            }
            if too_long || badness(ratio) > pass.tolerance {
                if too_short_ends_search && !forced && !too_long && natural < measure {
                    keep.extend_from_slice(&active[k + 1..]);
                    break;
                }
                continue;
            }
            let hyphens = if flagged { node.hyphens + 1 } else { 0 };
            if hyphens > params.max_hyphens_in_a_row {
                continue;
            }
            if let Some(e) = exact
                && (node.line >= e.lines || flagged && e.unhyphenated.contains(&node.line))
            {
                continue;
            }
            // The emergency stretch only lets a line be taken that otherwise could not: judged
            // with it, every line looks tighter than it will be, loose lines become cheap beside
            // a hyphen, and a paragraph with one impossible line was set loose and unhyphenated
            // throughout (a 900-word one in The Idiot). Judged as set, only the lines that need
            // it come out loose.
            let judged = if pass.emergency > 0.0 && natural < measure {
                let stretch = stretch - pass.emergency;
                if stretch > 0.0 { (measure - natural) / stretch } else { INFINITY }
            } else {
                ratio
            };
            let fit = fitness(judged);
            let mut d = line_demerits(params, judged, cost);
            if flagged && node.flagged {
                d += params.double_hyphen_demerits;
            }
            if b == last && node.flagged {
                d += params.final_hyphen_demerits;
            }
            if b == last && node.index != usize::MAX && node.index > runt_after {
                d += params.runt_demerits;
                if node.flagged {
                    // Within the tolerance, never; past it, only rather than a line far looser.
                    if !params.final_piece_allowed && pass.emergency == 0.0 && !pass.overfull {
                        continue;
                    }
                    d += params.final_piece_demerits;
                }
            }
            if fit.abs_diff(node.fitness) > 1 {
                d += params.adj_demerits;
            }
            let total = node.total_demerits + d;
            let (first, (aw, ay, az)) = *start.get_or_insert_with(|| after(b));
            let candidate = Node {
                index: b,
                line: node.line + 1,
                fitness: fit,
                hyphens,
                flagged,
                total_demerits: total,
                ratio,
                overfull: false,
                first,
                width: aw,
                stretch: ay,
                shrink: az,
                previous: Some(a),
            };
            let class = if counted { node.line + 1 } else { (node.line + 1).min(last_class) };
            match best.iter_mut().find(|(c, f, h, _)| *c == class && *f == fit && *h == hyphens) {
                Some(slot) if slot.3.total_demerits <= total => {}
                Some(slot) => slot.3 = candidate,
                None => best.push((class, fit, hyphens, candidate)),
            }
        }
        std::mem::swap(active, keep);
        if best.is_empty() && active.is_empty() && pass.overfull {
            // Nothing fits: TeX's last resort, an overfull line from the cheapest node.
            if let Some((a, _)) = deactivated_best {
                let node = nodes[a];
                let (first, (aw, ay, az)) = after(b);
                best.push((
                    0,
                    2,
                    0,
                    Node {
                        index: b,
                        line: node.line + 1,
                        fitness: 2,
                        hyphens: 0,
                        flagged,
                        total_demerits: node.total_demerits + INFINITY * INFINITY,
                        ratio: -1.0,
                        overfull: true,
                        first,
                        width: aw,
                        stretch: ay,
                        shrink: az,
                        previous: Some(a),
                    },
                ));
            }
        }
        for (_, _, _, node) in best.drain(..) {
            nodes.push(node);
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
    }
    let ends = || active.iter().copied().filter(|&a| nodes[a].index == last);
    let cheapest = |x: &usize, y: &usize| nodes[*x].total_demerits.total_cmp(&nodes[*y].total_demerits);
    let mut end = ends().min_by(cheapest)?;
    if let Some(e) = exact {
        end = ends().filter(|&a| nodes[a].line == e.lines).min_by(cheapest)?;
    } else if params.looseness != 0 {
        // The cheapest breaking with the number of lines nearest the best's plus the looseness.
        let want = nodes[end].line as i64 + i64::from(params.looseness);
        let off = |a: usize| (nodes[a].line as i64 - want).abs();
        end = ends().min_by(|x, y| off(*x).cmp(&off(*y)).then(cheapest(x, y)))?;
    }
    let demerits = nodes[end].total_demerits;
    let mut breaks = Vec::new();
    let mut at = Some(end);
    while let Some(i) = at {
        let n = nodes[i];
        if n.index != usize::MAX {
            breaks.push(Break { index: n.index, ratio: n.ratio, flagged: n.flagged, overfull: n.overfull });
        }
        at = n.previous;
    }
    breaks.reverse();
    Some(Solution { breaks, demerits, pass: 0 })
}

/// The index of the last box before the space ahead of a paragraph's last word: a last line
/// starting at a break after it holds that word alone, or a piece of it. `usize::MAX` for a
/// paragraph of one word.
fn runt_after(items: &[Item]) -> usize {
    let is_box = |i: usize| matches!(items[i], Item::Box { .. });
    // A break between words: glue after a box, or a penalty that is no hyphen.
    let between_words = |i: usize| match items[i] {
        Item::Glue { .. } => i > 0 && is_box(i - 1),
        Item::Penalty { cost, flagged, .. } => !flagged && cost < INFINITY,
        Item::Box { .. } => false,
    };
    let Some(last_box) = (0..items.len()).rev().find(|&i| is_box(i)) else { return usize::MAX };
    let Some(space) = (0..last_box).rev().find(|&i| between_words(i)) else { return usize::MAX };
    (0..space).rev().find(|&i| is_box(i)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests;
