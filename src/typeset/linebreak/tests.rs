//! The algorithm against brute force, and hand-checked cases.

use super::*;

/// A tiny deterministic generator, so the property test needs no crate and repeats exactly.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// A random paragraph: words (some with hyphen points) separated by glue, ended TeX's way.
fn paragraph(rng: &mut Lcg) -> Vec<Item> {
    let mut items = Vec::new();
    let words = rng.range(3, 9);
    for w in 0..words {
        let parts = rng.range(1, 3);
        for p in 0..parts {
            items.push(Item::Box { width: rng.range(5, 40) as f64 });
            if p + 1 < parts {
                items.push(Item::Penalty { width: 3.0, cost: 50.0, flagged: true });
            }
        }
        if w + 1 < words {
            if rng.range(0, 9) == 0 {
                items.push(Item::Penalty {
                    width: 0.0,
                    cost: rng.range(0, 200) as f64 - 100.0,
                    flagged: false,
                });
            }
            items.push(Item::Glue { width: 6.0, stretch: 4.0, shrink: 2.0 });
        }
    }
    items.push(Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
    items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
    items
}

/// Every feasible sequence of breaks, scored with the same rules; the cheapest total.
fn brute_force(items: &[Item], measures: &[f64], params: &Params, pass: Pass) -> Option<f64> {
    by_lines(items, measures, params, pass).into_values().min_by(f64::total_cmp)
}

/// The cheapest total of the feasible sequences of breaks, by their number of lines.
fn by_lines(
    items: &[Item],
    measures: &[f64],
    params: &Params,
    pass: Pass,
) -> std::collections::BTreeMap<usize, f64> {
    by_lines_avoiding(items, measures, params, pass, &[])
}

/// [`by_lines`] over the sequences whose lines numbered in `unhyphenated` end in no hyphen.
fn by_lines_avoiding(
    items: &[Item],
    measures: &[f64],
    params: &Params,
    pass: Pass,
    unhyphenated: &[usize],
) -> std::collections::BTreeMap<usize, f64> {
    let candidates: Vec<usize> = (0..items.len())
        .filter(|&b| match items[b] {
            Item::Penalty { cost, flagged, .. } => {
                cost < INFINITY && (pass.hyphens || !flagged || cost <= -INFINITY)
            }
            Item::Glue { .. } => b > 0 && matches!(items[b - 1], Item::Box { .. }),
            Item::Box { .. } => false,
        })
        .collect();
    let last = items.len() - 1;
    let forced: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&b| matches!(items[b], Item::Penalty { cost, .. } if cost <= -INFINITY))
        .collect();
    let inner: Vec<usize> = candidates.iter().copied().filter(|&b| b != last).collect();
    let mut best = std::collections::BTreeMap::new();
    for mask in 0u32..(1 << inner.len()) {
        let mut breaks: Vec<usize> =
            inner.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, &b)| b).collect();
        breaks.push(last);
        if !forced.iter().all(|f| breaks.contains(f)) {
            continue;
        }
        let hyphen_at = |l: &usize| {
            breaks.get(*l).is_some_and(|&b| matches!(items[b], Item::Penalty { flagged: true, .. }))
        };
        if unhyphenated.iter().any(hyphen_at) {
            continue;
        }
        if let Some(d) = score(items, &breaks, measures, params, pass) {
            let kept = best.entry(breaks.len()).or_insert(d);
            *kept = d.min(*kept);
        }
    }
    best
}

fn score(items: &[Item], breaks: &[usize], measures: &[f64], params: &Params, pass: Pass) -> Option<f64> {
    let mut start = 0;
    let mut total = 0.0;
    let mut prev_fit = 2u8;
    let mut prev_flagged = false;
    let mut run = 0u8;
    for (line, &b) in breaks.iter().enumerate() {
        let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
        for item in &items[start..b] {
            match *item {
                Item::Box { width } => {
                    w += width;
                    y += width * params.expansion;
                    z += width * params.expansion;
                }
                Item::Glue { width, stretch, shrink } => {
                    w += width;
                    y += stretch;
                    z += shrink;
                }
                Item::Penalty { .. } => {}
            }
        }
        // A line with nothing on it is no line, unless a forced break makes it.
        let forced = matches!(items[b], Item::Penalty { cost, .. } if cost <= -INFINITY);
        if !forced && !items[start..b].iter().any(|i| matches!(i, Item::Box { .. })) {
            return None;
        }
        let (cost, flagged) = match items[b] {
            Item::Penalty { width, cost, flagged } => {
                w += width;
                (cost, flagged)
            }
            _ => (0.0, false),
        };
        y += pass.emergency;
        let m = measures[line.min(measures.len() - 1)];
        let ratio = if w < m {
            if y > 0.0 { (m - w) / y } else { INFINITY }
        } else if w > m {
            if z > 0.0 { (m - w) / z } else { -INFINITY }
        } else {
            0.0
        };
        if ratio < -1.0 || badness(ratio) > pass.tolerance {
            return None;
        }
        run = if flagged { run + 1 } else { 0 };
        if run > params.max_hyphens_in_a_row {
            return None;
        }
        // The emergency stretch admits a line; the line is judged as it will be set.
        let judged = if pass.emergency > 0.0 && w < m {
            let y = y - pass.emergency;
            if y > 0.0 { (m - w) / y } else { INFINITY }
        } else {
            ratio
        };
        let fit = fitness(judged);
        let mut d = line_demerits(params, judged, cost);
        if flagged && prev_flagged {
            d += params.double_hyphen_demerits;
        }
        if b == items.len() - 1 && prev_flagged {
            d += params.final_hyphen_demerits;
        }
        // A last line after a break, with no break between words ahead of a box on it, holds
        // one word or a piece of one.
        let between_words = |j: usize| match items[j] {
            Item::Glue { .. } => matches!(items[j - 1], Item::Box { .. }),
            Item::Penalty { cost, flagged, .. } => !flagged && cost < INFINITY,
            Item::Box { .. } => false,
        };
        let boxed_after = |j: usize| items[j + 1..b].iter().any(|i| matches!(i, Item::Box { .. }));
        if b == items.len() - 1 && line > 0 && !(start..b).any(|j| between_words(j) && boxed_after(j)) {
            d += params.runt_demerits;
            if prev_flagged {
                if !params.final_piece_allowed && pass.emergency == 0.0 && !pass.overfull {
                    return None;
                }
                d += params.final_piece_demerits;
            }
        }
        if fit.abs_diff(prev_fit) > 1 {
            d += params.adj_demerits;
        }
        total += d;
        prev_fit = fit;
        prev_flagged = flagged;
        // The next line starts at the first box after the break.
        start = b + 1;
        while start < items.len() && !matches!(items[start], Item::Box { .. }) && start < items.len() - 1 {
            start += 1;
        }
    }
    Some(total)
}

#[test]
fn total_fit_equals_brute_force_on_random_paragraphs() {
    let mut rng = Lcg(20261128);
    let params = Params::default();
    let mut compared = 0;
    for round in 0..400 {
        let items = paragraph(&mut rng);
        let breakpoints = items.iter().filter(|i| !matches!(i, Item::Box { .. })).count();
        if breakpoints > 18 {
            continue;
        }
        let measures: Vec<f64> =
            if round % 3 == 0 { vec![60.0, 90.0] } else { vec![rng.range(50, 120) as f64] };
        let params = if round % 2 == 0 { params } else { Params { expansion: 0.02, ..params } };
        for pass in [
            Pass { tolerance: 200.0, hyphens: true, emergency: 0.0, overfull: false },
            Pass { tolerance: 1000.0, hyphens: false, emergency: 4.0, overfull: false },
        ] {
            let fast = run(&items, &measures, &params, pass).map(|s| s.demerits);
            let slow = brute_force(&items, &measures, &params, pass);
            match (fast, slow) {
                (Some(f), Some(s)) => {
                    assert!((f - s).abs() < 1e-6 * s.max(1.0), "round {round}: KP {f} vs brute force {s}");
                    compared += 1;
                }
                (None, None) => {}
                other => panic!("round {round}: feasibility differs {other:?}"),
            }
        }
    }
    assert!(compared > 100, "only {compared} paragraphs had a solution");
}

#[test]
fn looseness_picks_the_cheapest_breaking_with_the_nearest_number_of_lines() {
    let mut rng = Lcg(20261201);
    let (mut longer, mut shorter) = (0, 0);
    for round in 0..300 {
        let items = paragraph(&mut rng);
        if items.iter().filter(|i| !matches!(i, Item::Box { .. })).count() > 18 {
            continue;
        }
        let measures = vec![rng.range(60, 140) as f64];
        // Loose enough that many paragraphs have more than one number of lines to choose from.
        let pass = Pass { tolerance: 5_000.0, hyphens: true, emergency: 30.0, overfull: false };
        let found = by_lines(&items, &measures, &Params::default(), pass);
        let Some((&best, _)) = found.iter().min_by(|a, b| a.1.total_cmp(b.1)) else { continue };
        for looseness in [-1, 1, 2] {
            let params = Params { looseness, ..Params::default() };
            let s = run(&items, &measures, &params, pass).expect("feasible without looseness");
            let want = best as i64 + i64::from(looseness);
            let nearest = found.keys().map(|&n| (n as i64 - want).abs()).min().unwrap();
            let lines = s.breaks.len();
            assert_eq!(
                (lines as i64 - want).abs(),
                nearest,
                "round {round}, looseness {looseness}: {found:?}"
            );
            let d = found[&lines];
            assert!((s.demerits - d).abs() < 1e-6 * d.max(1.0), "round {round}: {} vs {d}", s.demerits);
            longer += usize::from(looseness > 0 && lines > best);
            shorter += usize::from(looseness < 0 && lines < best);
        }
    }
    assert!(longer > 50 && shorter > 5, "{longer} set longer, {shorter} shorter");
}

#[test]
fn an_exact_breaking_is_the_cheapest_of_its_lines_with_no_hyphen_where_forbidden() {
    let mut rng = Lcg(20261202);
    let pass = Pass { tolerance: 2_000.0, hyphens: true, emergency: 10.0, overfull: false };
    let (mut compared, mut moved) = (0, 0);
    for round in 0..400 {
        let items = paragraph(&mut rng);
        if items.iter().filter(|i| !matches!(i, Item::Box { .. })).count() > 18 {
            continue;
        }
        let measures = vec![rng.range(50, 110) as f64];
        let params = Params::default();
        let Some(best) = run(&items, &measures, &params, pass) else { continue };
        // Forbid a hyphen at every line the best breaking hyphenates, keeping its number of lines.
        let hyphenated: Vec<usize> =
            best.breaks.iter().enumerate().filter(|(_, b)| b.flagged).map(|(l, _)| l).collect();
        if hyphenated.is_empty() {
            continue;
        }
        let lines = best.breaks.len();
        let exact = Exact { lines, unhyphenated: &hyphenated };
        let fast = run_exact(&items, &measures, &params, pass, Some(exact));
        let slow = by_lines_avoiding(&items, &measures, &params, pass, &hyphenated).get(&lines).copied();
        match (fast, slow) {
            (Some(f), Some(s)) => {
                assert_eq!(f.breaks.len(), lines, "round {round}");
                assert!(hyphenated.iter().all(|&l| !f.breaks[l].flagged), "round {round}: {f:?}");
                assert!((f.demerits - s).abs() < 1e-6 * s.max(1.0), "round {round}: {} vs {s}", f.demerits);
                compared += 1;
                moved += usize::from(f.breaks != best.breaks);
            }
            (None, None) => {}
            other => panic!("round {round}: feasibility differs {other:?}"),
        }
    }
    assert!(compared > 20 && moved == compared, "{compared} compared, {moved} broken otherwise");
}

#[test]
fn ending_the_search_at_a_too_short_line_changes_no_break() {
    // Paragraphs far longer than brute force can check, in every pass, with the search over
    // active nodes cut short and not: the same breaks, bit for bit.
    let mut rng = Lcg(20261130);
    let mut cut_short = Buffers::default();
    let mut exhaustive = Buffers { exhaustive: true, ..Buffers::default() };
    let mut solved = 0;
    for round in 0..200 {
        let mut items = Vec::new();
        for _ in 0..rng.range(2, 12) {
            let mut part = paragraph(&mut rng);
            part.truncate(part.len() - 2);
            items.extend(part);
            items.push(Item::Glue { width: 6.0, stretch: 4.0, shrink: 2.0 });
        }
        items.push(Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
        items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
        let measures = [rng.range(60, 200) as f64];
        let params = Params {
            expansion: 0.02 * (round % 2) as f64,
            emergency_stretch: 20.0,
            final_piece_allowed: round % 3 != 0,
            ..Params::default()
        };
        for pass in [
            Pass::first(&params),
            Pass { tolerance: 200.0, hyphens: true, emergency: 0.0, overfull: false },
            Pass { tolerance: 200.0, hyphens: true, emergency: 20.0, overfull: false },
            Pass { tolerance: INFINITY, hyphens: true, emergency: 20.0, overfull: true },
        ] {
            let fast = run_with(&items, &measures, &params, pass, None, &mut cut_short);
            let slow = run_with(&items, &measures, &params, pass, None, &mut exhaustive);
            assert_eq!(fast, slow, "round {round}, {pass:?}");
            solved += usize::from(fast.is_some());
        }
    }
    assert!(solved > 300, "only {solved} passes found breaks");
}

fn words(widths: &[f64]) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            items.push(Item::Glue { width: 5.0, stretch: 2.5, shrink: 1.5 });
        }
        items.push(Item::Box { width: *w });
    }
    items.push(Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
    items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
    items
}

#[test]
fn final_line_is_set_loose_and_ends_the_paragraph() {
    let items = words(&[20.0, 20.0, 20.0, 20.0, 20.0]);
    let s = total_fit(&items, &[45.0], &Params::default()).unwrap();
    assert_eq!(s.breaks.len(), 3);
    assert_eq!(s.breaks.last().unwrap().index, items.len() - 1);
    assert!(s.breaks.last().unwrap().ratio < 0.01, "the last line's gap is taken by the fill glue");
    assert_eq!(s.pass, 1);
}

#[test]
fn forced_breaks_are_always_taken() {
    let mut items = words(&[10.0, 10.0]);
    items.insert(2, Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
    items.insert(3, Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
    let s = total_fit(&items, &[200.0], &Params::default()).unwrap();
    assert_eq!(s.breaks.iter().map(|b| b.index).collect::<Vec<_>>(), vec![3, items.len() - 1]);
}

#[test]
fn a_paragraph_that_only_fits_with_hyphenation() {
    // "aaaa-bbbb cc" into 30: without the hyphen the first word overflows.
    let items = vec![
        Item::Box { width: 20.0 },
        Item::Penalty { width: 4.0, cost: 50.0, flagged: true },
        Item::Box { width: 10.0 },
        Item::Glue { width: 5.0, stretch: 3.0, shrink: 2.0 },
        Item::Box { width: 8.0 },
        Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 },
        Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false },
    ];
    let s = total_fit(&items, &[24.0], &Params::default()).unwrap();
    assert_eq!(s.pass, 2, "found in the hyphenating pass");
    assert!(s.breaks[0].flagged);
    assert_eq!(s.breaks[0].index, 1);
}

#[test]
fn emergency_pass_before_overfull() {
    // Two words whose gap can stretch only a little: too loose for tolerance, fine with emergency stretch.
    let items = words(&[30.0, 30.0, 30.0]);
    let params = Params { emergency_stretch: 30.0, ..Params::default() };
    let s = total_fit(&items, &[80.0], &params).unwrap();
    assert_eq!(s.pass, 3);
    assert!(s.breaks.iter().all(|b| !b.overfull));
}

#[test]
fn overfull_only_as_a_last_resort() {
    let items = words(&[100.0, 10.0]);
    let s = total_fit(&items, &[50.0], &Params::default()).unwrap();
    assert_eq!(s.pass, 4);
    assert!(s.breaks[0].overfull);
}

#[test]
fn never_three_hyphens_in_a_row() {
    // Five two-part words, each only fitting a line when split.
    let mut items = Vec::new();
    for i in 0..5 {
        if i > 0 {
            items.push(Item::Glue { width: 4.0, stretch: 2.0, shrink: 1.0 });
        }
        items.push(Item::Box { width: 12.0 });
        items.push(Item::Penalty { width: 2.0, cost: 50.0, flagged: true });
        items.push(Item::Box { width: 12.0 });
    }
    items.push(Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
    items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
    let s = total_fit(&items, &[30.0], &Params::default()).unwrap();
    let mut run = 0;
    for b in &s.breaks {
        run = if b.flagged { run + 1 } else { 0 };
        assert!(run <= 2, "{:?}", s.breaks);
    }
}

#[test]
fn a_last_line_of_one_word_is_avoided_when_a_decent_line_can_take_it() {
    // Ragged right (TeX's trick: the stretch sits at the line ends), 100 wide: six words of 30
    // and one of 10 go three, three and one; a second line of two words gives the last two.
    let mut items = Vec::new();
    for (i, w) in [30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 10.0].into_iter().enumerate() {
        if i > 0 {
            items.push(Item::Glue { width: 0.0, stretch: 60.0, shrink: 0.0 });
            items.push(Item::Penalty { width: 0.0, cost: 0.0, flagged: false });
            items.push(Item::Glue { width: 5.0, stretch: -60.0, shrink: 0.0 });
        }
        items.push(Item::Box { width: w });
    }
    items.push(Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
    items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
    let words_a_line = |params: &Params| {
        let s = total_fit(&items, &[100.0], params).unwrap();
        let mut from = 0;
        s.breaks
            .iter()
            .map(|b| {
                let n = items[from..b.index].iter().filter(|i| matches!(i, Item::Box { .. })).count();
                from = b.index;
                n
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(words_a_line(&Params { runt_demerits: 0.0, ..Params::default() }), [3, 3, 1]);
    // As many lines, the last of two words (which line gives one up costs the same).
    let with = words_a_line(&Params::default());
    assert_eq!((with.len(), with[2], with.iter().sum::<usize>()), (3, 2, 7), "{with:?}");
}

#[test]
fn a_piece_of_a_word_alone_on_the_last_line_is_forbidden_within_the_tolerance_where_asked() {
    // Measure 100: "sixty" cannot stretch alone, so the only setting within the tolerance
    // breaks the last word, "twenty-|five", leaving its piece alone on the last line.
    let items = vec![
        Item::Box { width: 60.0 },
        Item::Glue { width: 10.0, stretch: 5.0, shrink: 3.0 },
        Item::Box { width: 25.0 },
        Item::Penalty { width: 5.0, cost: 50.0, flagged: true },
        Item::Box { width: 20.0 },
        Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 },
        Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false },
    ];
    let hyphens = Pass { tolerance: 200.0, hyphens: true, emergency: 0.0, overfull: false };
    let allowed = Params::default();
    let piece = run(&items, &[100.0], &allowed, hyphens).expect("allowed where not asked");
    assert_eq!(piece.breaks.iter().map(|b| b.index).collect::<Vec<_>>(), [3, 6]);
    let forbidden = Params { final_piece_allowed: false, emergency_stretch: 50.0, ..allowed };
    assert!(run(&items, &[100.0], &forbidden, hyphens).is_none(), "no setting within the tolerance");
    // Past it, the piece still beats a line with nothing to stretch.
    let s = total_fit(&items, &[100.0], &forbidden).unwrap();
    assert_eq!((s.pass, s.breaks.iter().map(|b| b.index).collect::<Vec<_>>()), (3, vec![3, 6]));
}
