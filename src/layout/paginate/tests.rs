//! Pagination on made-up flows: where pages may end, level spreads, refilled spreads, floated
//! figures, footnotes that run over.

use std::ops::Range;

use super::page::{NOTE_LINES_WITH_MARK, notes_height};
use super::*;
use crate::layout::flow::Content;

/// Pages for slots no paragraph of which may be set otherwise.
fn paginate_plain(
    slots: &[Slot],
    first: usize,
    capacity: usize,
    recto: bool,
    nl: Pt,
    l: Pt,
) -> Vec<PageFill> {
    paginate(
        &mut slots.to_vec(),
        first,
        capacity,
        recto,
        (nl, l),
        Foot::Level,
        &mut crate::layout::refill::Never,
    )
}

/// Ten-line pages from an opening recto, prose leading, no paragraph set otherwise; `slots` are
/// left as pagination leaves them (figures moved).
fn ten_line_pages(slots: &mut Vec<Slot>) -> Vec<PageFill> {
    paginate(slots, 10, 10, true, (Pt(10.0), Pt(13.0)), Foot::Level, &mut crate::layout::refill::Never)
}

fn line(break_after: bool) -> Slot {
    Slot {
        content: Content::Blank,
        lines: 1,
        break_after,
        discardable: false,
        repeat: false,
        notes: Vec::new(),
        penalty: 0,
    }
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
    let pages = paginate_plain(&slots, 10, 10, true, Pt(10.0), Pt(13.0));
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
    let pages = paginate_plain(&slots, 12, 12, true, Pt(10.0), Pt(13.0));
    // Page 0 is a recto; then spreads (1, 2), (3, 4)… The last page may end short.
    for pair in pages[1..pages.len() - 1].chunks(2).filter(|c| c.len() == 2) {
        assert_eq!(pair[0].height, pair[1].height, "a spread ends unlevel");
    }
}

#[test]
fn a_spread_ends_level_as_low_as_it_can() {
    // A first recto of ten lines; then a verso that may end after 5, 9 or 10 lines, and text
    // that may break 18 lines on. Ending the verso at 10 leaves the recto 8 lines; at 9 both
    // have 9, which jumping straight to the recto's 8 (the verso then ends at 5) missed.
    let ends = [10, 15, 19, 20, 28, 34, 40];
    let slots: Vec<Slot> = (1..=40).map(|n| line(ends.contains(&n))).collect();
    let pages = paginate_plain(&slots, 10, 10, true, Pt(10.0), Pt(13.0));
    let heights: Vec<usize> = pages.iter().map(|p| p.height).collect();
    assert_eq!(heights[..3], [10, 9, 9], "{pages:?}");
}

#[test]
fn prose_runs_a_spread_short_to_end_it_level_and_verse_ends_it_ragged_instead() {
    // A first recto of ten lines; then a verso that may end after 10 or 12 lines, and a recto
    // that may end 11 lines after a verso of 12, or 10 after one of 10; then text that may end
    // anywhere. Level, both pages run two lines short; ragged, the recto ends a line short.
    let heights = |slots: &[Slot], foot: Foot| -> Vec<usize> {
        let mut slots = slots.to_vec();
        let pages =
            paginate(&mut slots, 10, 12, true, (Pt(10.0), Pt(13.0)), foot, &mut crate::layout::refill::Never);
        pages.iter().map(|p| p.height).take(3).collect()
    };
    let ends = [10, 20, 22, 30, 33];
    let slots: Vec<Slot> = (1..=60).map(|n| line(ends.contains(&n) || n > 34)).collect();
    assert_eq!(heights(&slots, Foot::Level), [10, 10, 10]);
    assert_eq!(heights(&slots, Foot::Ragged), [10, 12, 11]);
    // Where levelling would run both pages three lines short, the verso cut down mid-paragraph
    // to a recto that cannot end lower, prose too ends its pages a line apart.
    let ends = [10, 19, 22, 28, 33];
    let slots: Vec<Slot> = (1..=60).map(|n| line(ends.contains(&n) || n > 34)).collect();
    assert_eq!(heights(&slots, Foot::Level), [10, 12, 11]);
    // And where it would leave both pages seven lines short, more than half empty.
    let ends = [10, 15, 20, 24, 29, 40];
    let slots: Vec<Slot> = (1..=40).map(|n| line(ends.contains(&n))).collect();
    assert_eq!(heights(&slots, Foot::Level), [10, 10, 9]);
}

#[test]
fn a_chapter_ending_on_a_few_lines_takes_them_back_or_gets_more_where_that_costs_less() {
    // Ten-line pages from an opening recto, text that may break after any line, and no
    // paragraph that can be set otherwise; a last page under five lines is priced (one or two
    // lines 9, three 4, four 2) against what the pages before lack (a line short 1, two 4, a
    // spread a line long 2).
    let heights = |lines: usize| -> Vec<usize> {
        let mut slots: Vec<Slot> = (0..lines).map(|_| line(true)).collect();
        let pages = ten_line_pages(&mut slots);
        assert_eq!(pages.iter().map(|p| p.slots.len()).sum::<usize>(), lines, "every line placed once");
        pages.iter().map(|p| p.height).collect()
    };
    // 32 lines would leave a lone verso of two: the spread before runs a line long and takes
    // them.
    assert_eq!(heights(32), [10, 11, 11]);
    // 33 would leave three: the spread before runs a line short and hands it two.
    assert_eq!(heights(33), [10, 9, 9, 5]);
    // 41 would leave a recto of one line beside a full verso: the verso runs a line long.
    assert_eq!(heights(41), [10, 10, 10, 11]);
    // 12 would leave the opening page's verso two: the opening page runs a line short, and
    // three lines there cost less than the two more it would lack to give five.
    assert_eq!(heights(12), [9, 3]);
    assert_eq!(heights(14), [9, 5]);
    // 22 leave a spread's recto three lines beside a verso a line short: a verso two short
    // to give it four would cost more.
    assert_eq!(heights(22), [10, 9, 3]);
    // Five lines are left as they are.
    assert_eq!(heights(35), [10, 10, 10, 5]);
}

#[test]
fn pages_run_short_only_where_the_flow_may_end_them() {
    // A block of ten lines kept together fills the verso exactly: a verso a line shorter would
    // have to cut it, so the last page keeps its two lines.
    let mut slots: Vec<Slot> = (0..10).map(|_| line(true)).collect();
    slots.extend((1..=10).map(|i| line(i == 10)));
    slots.extend((0..2).map(|_| line(true)));
    let pages = ten_line_pages(&mut slots);
    assert_eq!(pages.iter().map(|p| p.height).collect::<Vec<_>>(), [10, 10, 2]);
}

/// Offers one paragraph, at slot 10 with 3 lines, set a line longer.
struct Looser {
    taken: Option<(usize, i32)>,
}

impl Refill for Looser {
    fn paragraphs(&self, range: Range<usize>) -> Vec<(usize, usize)> {
        if range.contains(&10) { vec![(10, 3)] } else { Vec::new() }
    }

    fn reset(&mut self, start: usize, looseness: i32) -> Option<Vec<Slot>> {
        (start == 10 && looseness == 1).then(|| (0..4).map(|i| line(i == 3)).collect())
    }

    fn taken(&mut self, start: usize, looseness: i32) {
        self.taken = Some((start, looseness));
    }

    fn moved(&mut self, _: Range<usize>, _: usize) {}
}

#[test]
fn a_short_spread_takes_a_paragraph_set_a_line_longer_when_that_fills_it() {
    // A first recto of ten lines, then paragraphs of 3, 3, 6 and 7 lines and a long one: the
    // spread can end level at 8 lines at best (a 3-line paragraph cannot be split), or a line
    // apart, full and 9; with the first paragraph set in 4 lines, the next ones fall so that
    // both pages fill all ten.
    let mut slots = paragraphs(&[10, 3, 3, 6, 7, 30]);
    let plain = paginate_plain(&slots, 10, 10, true, Pt(10.0), Pt(13.0));
    assert!([(8, 8), (10, 9)].contains(&(plain[1].height, plain[2].height)), "{plain:?}");
    let mut refill = Looser { taken: None };
    let pages = paginate(&mut slots, 10, 10, true, (Pt(10.0), Pt(13.0)), Foot::Level, &mut refill);
    assert_eq!((pages[1].height, pages[2].height), (10, 10), "{pages:?}");
    assert_eq!(refill.taken, Some((10, 1)));
    assert_eq!(slots.len(), 10 + 4 + 3 + 6 + 7 + 30, "the paragraph's four lines replace its three");
    // A spread a line short is as good as a compositor asks: its paragraphs keep their setting.
    let mut slots = paragraphs(&[10, 3, 6, 3, 30]);
    let mut refill = Looser { taken: None };
    let pages = paginate(&mut slots, 10, 10, true, (Pt(10.0), Pt(13.0)), Foot::Level, &mut refill);
    assert_eq!((pages[1].height, pages[2].height), (9, 9), "{pages:?}");
    assert_eq!(refill.taken, None);
}

/// Offers each paragraph of `paragraphs(&[8, 4])` set ten lines longer, whichever way it is
/// asked, its lines marked `repeat` so that a test can tell them from the flow's own.
struct Useless;

impl Refill for Useless {
    fn paragraphs(&self, range: Range<usize>) -> Vec<(usize, usize)> {
        // Last first, as a section's paragraphs are offered.
        [(8, 4), (0, 8)].into_iter().filter(|&(s, n)| range.start <= s && s + n <= range.end).collect()
    }

    fn reset(&mut self, start: usize, _: i32) -> Option<Vec<Slot>> {
        let lines = if start == 0 { 8 } else { 4 } + 10;
        Some((0..lines).map(|_| Slot { repeat: true, ..line(true) }).collect())
    }

    fn taken(&mut self, _: usize, _: i32) {}

    fn moved(&mut self, _: Range<usize>, _: usize) {}
}

#[test]
fn settings_tried_for_a_short_last_page_and_refused_are_all_put_back() {
    // An opening recto of ten lines holds the 8-line paragraph and two lines of the 4-line one,
    // leaving the last page two. Both paragraphs are set otherwise, the later first, and neither
    // setting is taken, as each adds pages: both must be put back where they were, although
    // the earlier one's change moved the later one.
    let mut slots = paragraphs(&[8, 4]);
    let pages = paginate(&mut slots, 10, 10, true, (Pt(10.0), Pt(13.0)), Foot::Level, &mut Useless);
    assert_eq!(slots.len(), 12, "{slots:?}");
    assert!(slots.iter().all(|s| !s.repeat), "a refused setting's lines stayed in the flow: {slots:?}");
    assert_eq!(pages.iter().map(|p| p.slots.len()).sum::<usize>(), 12, "every line placed once");
    assert_eq!(pages.iter().map(|p| p.height).collect::<Vec<_>>(), [8, 4], "the opening page runs short");
}

/// A figure: space, an image of `lines` lines kept with its caption line, space.
fn figure(lines: usize) -> Vec<Slot> {
    let blank = Slot {
        content: Content::Blank,
        lines: 1,
        break_after: true,
        discardable: true,
        repeat: false,
        notes: Vec::new(),
        penalty: 0,
    };
    let image = Content::Image { asset: 0, w: Pt(100.0), h: Pt(100.0), dx: Pt::ZERO };
    let image = Slot {
        content: image,
        lines,
        break_after: false,
        discardable: false,
        repeat: false,
        notes: Vec::new(),
        penalty: 0,
    };
    vec![blank.clone(), image, line(true), blank]
}

#[test]
fn a_figure_too_tall_for_its_page_opens_the_next_and_the_text_after_it_fills_this_one() {
    // Ten-line pages: a recto holding 4 lines when an 8-line figure comes, then 20 lines of
    // text in paragraphs of 2. Left in place, the figure leaves its page 6 lines short; moved,
    // the first 6 lines after it fill the page and it opens the next.
    let mut slots = paragraphs(&[4]);
    slots.extend(figure(8));
    slots.extend(paragraphs(&[2; 10]));
    let plain: usize = slots.iter().map(|s| s.lines).sum();
    let pages = ten_line_pages(&mut slots);
    assert_eq!(pages[0].height, 10, "{pages:?}");
    let image = |s: &Slot| matches!(s.content, Content::Image { .. });
    assert!(slots[pages[1].slots.clone()].first().is_some_and(image), "the figure opens page 2: {pages:?}");
    assert_eq!(slots.iter().map(|s| s.lines).sum::<usize>(), plain, "every slot kept");
    assert_eq!(slots.iter().filter(|s| image(s)).count(), 1);
}

#[test]
fn a_spreads_verso_floats_its_figure_and_the_spread_ends_full() {
    // A full opening recto; the verso then holds 4 lines when a 6-line figure (8 with its
    // caption and the space under it) comes. Kept in place, it would leave the verso 6 lines
    // short and the recto cut level with it.
    let mut slots = paragraphs(&[10, 4]);
    slots.extend(figure(6));
    slots.extend(paragraphs(&[2; 12]));
    let pages = ten_line_pages(&mut slots);
    assert_eq!((pages[1].height, pages[2].height), (10, 10), "{pages:?}");
    let image = |s: &Slot| matches!(s.content, Content::Image { .. });
    assert!(
        slots[pages[2].slots.clone()].first().is_some_and(image),
        "the figure opens the recto: {pages:?}"
    );
}

#[test]
fn figures_one_after_another_float_together_in_their_order() {
    // Two figures (7 and 8 lines) after 4 lines of text on ten-line pages: the text after
    // both fills the first page, and they follow it in their order.
    let mut slots = paragraphs(&[4]);
    slots.extend(figure(7));
    slots.extend(figure(8));
    slots.extend(paragraphs(&[2; 10]));
    let pages = ten_line_pages(&mut slots);
    assert_eq!(pages[0].height, 10, "{pages:?}");
    let images: Vec<usize> =
        slots.iter().filter(|s| matches!(s.content, Content::Image { .. })).map(|s| s.lines).collect();
    assert_eq!(images, [7, 8], "the figures keep their order");
    let first_image = slots.iter().position(|s| matches!(s.content, Content::Image { .. }));
    assert!(first_image >= Some(pages[0].slots.end), "both figures after the first page: {pages:?}");
}

/// A footnote of `n` lines.
fn note(n: usize) -> Vec<crate::typeset::Line> {
    vec![crate::typeset::Line::empty(Pt(8.0)); n]
}

/// Every page's text and notes within its capacity, every note line placed once.
fn check_notes(slots: &[Slot], pages: &[PageFill], capacity: usize) {
    let total: usize = slots.iter().flat_map(|s| &s.notes).map(Vec::len).sum();
    assert_eq!(pages.iter().map(|p| p.note_lines).sum::<usize>(), total, "{pages:?}");
    for p in pages {
        let text: usize = slots[p.slots.clone()].iter().map(|s| s.lines).sum();
        assert!(text + notes_height(p.note_lines, 10.0, 13.0) <= capacity, "page over capacity: {p:?}");
    }
}

#[test]
fn a_note_longer_than_a_page_runs_over_from_its_marks_page_as_in_tex() {
    let mut slots = paragraphs(&[8, 30, 12]);
    slots[10].notes = vec![note(50)];
    let pages = paginate_plain(&slots, 20, 20, true, Pt(10.0), Pt(13.0));
    check_notes(&slots, &pages, 20);
    let marked = pages.iter().position(|p| p.slots.contains(&10)).unwrap();
    let page = &pages[marked];
    assert_eq!(page.slots.end, 11, "the page ends at the mark's line, the note takes the rest");
    assert!(page.note_lines >= NOTE_LINES_WITH_MARK, "{page:?}");
    // The next page is the note's alone: 50 lines are more than two pages' room.
    assert!(pages[marked + 1].slots.is_empty() && pages[marked + 1].note_lines > 0, "{pages:?}");
    assert!(pages[marked + 2].note_lines > 0 && !pages[marked + 2].slots.is_empty(), "{pages:?}");
}

#[test]
fn a_short_note_that_does_not_fit_moves_whole_with_its_line() {
    let mut slots = paragraphs(&[8, 30]);
    slots[17].notes = vec![note(6)];
    let pages = paginate_plain(&slots, 20, 20, true, Pt(10.0), Pt(13.0));
    check_notes(&slots, &pages, 20);
    let marked = pages.iter().position(|p| p.slots.contains(&17)).unwrap();
    assert_eq!(pages[marked].note_lines, 6, "the note stays whole: {pages:?}");
    assert!(pages.iter().filter(|p| p.note_lines > 0).count() == 1);
}

#[test]
fn a_long_note_starts_under_its_mark_rather_than_send_its_line_overleaf() {
    // A 15-line note fits any page whole, but not under its mark on the line 26 of 30 it
    // falls on: kept whole, it took its line and the page's last five overleaf (Onegin's
    // 31-line note left two facing pages 14 lines short); as in TeX, it starts there.
    let mut slots = paragraphs(&[8, 40]);
    slots[25].notes = vec![note(15)];
    let pages = paginate_plain(&slots, 30, 30, true, Pt(10.0), Pt(13.0));
    check_notes(&slots, &pages, 30);
    assert!(pages[0].slots.contains(&25), "the mark's line stays on its page: {pages:?}");
    assert!((NOTE_LINES_WITH_MARK..15).contains(&pages[0].note_lines), "{pages:?}");
    assert_eq!(pages[0].note_lines + pages[1].note_lines, 15, "the rest runs over: {pages:?}");
}

#[test]
fn notes_left_at_a_sections_end_get_pages_of_their_own() {
    let mut slots = paragraphs(&[3]);
    slots[2].notes = vec![note(60)];
    let pages = paginate_plain(&slots, 20, 20, true, Pt(10.0), Pt(13.0));
    check_notes(&slots, &pages, 20);
    assert!(pages.len() >= 3, "{pages:?}");
}

/// Verse: stanzas of `sizes` lines of text, a line of space after each; a page may end inside
/// one only two lines in from either end.
fn stanzas(sizes: &[usize]) -> Vec<Slot> {
    let text = |break_after: bool| Slot {
        content: Content::Text { line: crate::typeset::Line::empty(Pt(10.0)), dx: Pt(0.0) },
        ..line(break_after)
    };
    let mut out = Vec::new();
    for &n in sizes {
        out.extend((1..=n).map(|i| text(i == n || i >= 2 && i + 2 <= n)));
        out.push(Slot::blank(1));
    }
    out
}

/// Verse pages: a first recto of six lines, then pages of thirteen.
fn verse_pages(slots: &mut Vec<Slot>) -> Vec<PageFill> {
    paginate(slots, 6, 13, true, (Pt(10.0), Pt(13.0)), Foot::Ragged, &mut crate::layout::refill::Never)
}

#[test]
fn verse_keeps_a_stanza_whole_on_a_ragged_spread_rather_than_cut_two_for_a_level_one() {
    // A first recto of one stanza; then a verso that holds a line, a stanza and a stanza whole
    // (13 lines), over a recto that can then end after two stanzas (11): or both pages cut a
    // stanza to end level at 11. Onegin's spreads did the second, six lines short.
    let mut slots = stanzas(&[5, 1, 5, 5, 5, 5, 5, 5, 5]);
    let pages = verse_pages(&mut slots);
    let heights: Vec<usize> = pages.iter().map(|p| p.height).take(3).collect();
    assert_eq!(heights, [5, 13, 11], "{pages:?}");
    for p in &pages[1..3] {
        assert!(!ends_inside(&slots, p), "a stanza cut at {p:?}");
    }
}

#[test]
fn a_verse_recto_ends_where_its_stanzas_let_it_not_level_with_a_short_verso() {
    // A first recto of one stanza; a verso of three-line stanzas, which cannot be cut, ends
    // after three of them, two lines short; the recto's two six-line stanzas fill it. Levelled
    // to the verso, the recto cut its second stanza and ran two lines short as well.
    let mut slots = stanzas(&[5, 3, 3, 3, 6, 6, 8]);
    let pages = verse_pages(&mut slots);
    let heights: Vec<usize> = pages.iter().map(|p| p.height).take(3).collect();
    assert_eq!(heights, [5, 11, 13], "{pages:?}");
    assert!(!ends_inside(&slots, &pages[2]), "a stanza cut at {:?}", pages[2]);
}

#[test]
fn a_prose_spread_that_cannot_end_level_a_line_short_runs_a_line_long() {
    // A first recto of ten lines; then a verso that may end 5, 10 or 11 lines on, and a recto
    // that may end 5 lines after a verso of 5, or 11 after one of 11. Level at full height or a
    // line short, the spread cannot end; five lines short it could; a line long, both pages end
    // level under the full one.
    let ends = [10, 15, 20, 21, 25, 32, 40];
    let slots: Vec<Slot> = (1..=40).map(|n| line(ends.contains(&n))).collect();
    let pages = paginate_plain(&slots, 10, 10, true, Pt(10.0), Pt(13.0));
    assert_eq!(pages.iter().map(|p| p.slots.len()).sum::<usize>(), 40, "every line placed once");
    assert_eq!(pages.iter().map(|p| p.height).collect::<Vec<_>>(), [10, 11, 11, 8]);
    // Verse ends its pages where its stanzas let it, never under the foot.
    let mut verse = slots.clone();
    let pages = paginate(
        &mut verse,
        10,
        10,
        true,
        (Pt(10.0), Pt(13.0)),
        Foot::Ragged,
        &mut crate::layout::refill::Never,
    );
    assert!(pages.iter().all(|p| p.height <= 10), "{pages:?}");
    // A spread that can end a line short does that rather than run long.
    let ends = [10, 19, 28, 40];
    let slots: Vec<Slot> = (1..=40).map(|n| line(ends.contains(&n))).collect();
    let pages = paginate_plain(&slots, 10, 10, true, Pt(10.0), Pt(13.0));
    assert_eq!(pages.iter().map(|p| p.height).collect::<Vec<_>>()[..3], [10, 9, 9]);
}

#[test]
fn the_spreads_planned_cost_least_and_the_beam_finds_them() {
    // Dialogue: paragraphs of one to five lines in a fixed but irregular order, which a page
    // may end inside only as widows and orphans allow. The greedy filling, a spread at a time,
    // leaves some spreads several lines short; the plan does not, and the few places it keeps
    // after each spread find the path that weighing every place finds.
    let sizes: Vec<usize> =
        (0..400).map(|i| [2, 1, 3, 2, 5, 1, 2, 4, 3, 1, 2][(i * 7 + i / 3) % 11]).collect();
    let slots = paragraphs(&sizes);
    let (planned, cost) = plan::plan_with(&slots, (0, 0), 30, (10.0, 13.0), plan::BEAM);
    let (_, least) = plan::plan_with(&slots, (0, 0), 30, (10.0, 13.0), 100_000);
    assert_eq!(cost, least);
    let ends: Vec<usize> = planned.iter().map(|s| s.2).collect();
    assert!(ends.windows(2).all(|w| w[0] < w[1]) && ends.last() == Some(&slots.len()), "{ends:?}");
    for (left, right, end, _) in &planned {
        let right = right.as_ref().map_or(left.height, |r| r.height);
        assert!(*end == slots.len() || left.height == right, "pages end apart: {left:?}");
        assert!(*end == slots.len() || left.height + 2 >= 30, "a spread over two lines short: {left:?}");
    }
}

#[test]
fn prose_before_a_figure_is_planned_too_and_the_figure_still_floats() {
    // The flow of the long-spread test, then a paragraph, an 8-line figure and more text. The
    // spreads before the figure are planned as in a flow without one (the second spread runs a
    // line long rather than five short); the figure, too tall for the room left, floats to the
    // next page and the text after it fills the page it would have left short.
    let ends = [10, 15, 20, 21, 25, 32, 40];
    let mut slots: Vec<Slot> = (1..=40).map(|n| line(ends.contains(&n))).collect();
    slots.extend(paragraphs(&[4]));
    slots.extend(figure(8));
    slots.extend(paragraphs(&[2; 12]));
    let pages = ten_line_pages(&mut slots);
    assert_eq!((pages[1].height, pages[2].height), (11, 11), "{pages:?}");
    let image = |s: &Slot| matches!(s.content, Content::Image { .. });
    let at = slots.iter().position(image).unwrap_or(0);
    let holding = pages.iter().position(|p| p.slots.contains(&at)).unwrap_or(0);
    assert!(
        slots[pages[holding].slots.clone()].first().is_some_and(image),
        "the figure opens its page: {pages:?}"
    );
    assert!(pages[holding - 1].height >= 9, "the page before the figure is filled: {pages:?}");
}

#[test]
fn random_flows_of_prose_figures_and_notes_place_every_line_once_in_order() {
    // Made-up chapters (paragraphs of one to eight lines, a figure now and then, a note on a
    // line now and then), paginated on twenty-line pages: whatever the plan and the floats do,
    // every slot that shows is on exactly one page, pages follow the flow, no page runs more
    // than a line long, the figures keep their order and every note line is placed.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for _ in 0..120 {
        let mut slots = Vec::new();
        for _ in 0..(20 + next(60)) {
            match next(12) {
                0 => slots.extend(figure(2 + next(9) as usize)),
                _ => slots.extend(paragraphs(&[1 + next(8) as usize])),
            }
            if next(15) == 0
                && let Some(last) = slots.iter_mut().rev().find(|s| !s.discardable)
            {
                last.notes.push(note(1 + next(6) as usize));
            }
        }
        let figures = |slots: &[Slot]| -> Vec<usize> {
            slots.iter().filter(|s| matches!(s.content, Content::Image { .. })).map(|s| s.lines).collect()
        };
        let before = figures(&slots);
        let lines: usize = slots.iter().filter(|s| !s.discardable).map(|s| s.lines).sum();
        let first_recto = next(2) == 0;
        let pages = paginate(
            &mut slots,
            16,
            20,
            first_recto,
            (Pt(10.0), Pt(13.0)),
            Foot::Level,
            &mut crate::layout::refill::Never,
        );
        assert_eq!(figures(&slots), before, "figures keep their order");
        let mut at = 0;
        for p in &pages {
            assert!(p.slots.start >= at, "pages follow the flow: {pages:?}");
            assert!(slots[at..p.slots.start].iter().all(|s| s.discardable), "a line skipped: {pages:?}");
            let text: usize = slots[p.slots.clone()].iter().map(|s| s.lines).sum();
            assert!(text <= 21, "a page {text} lines deep: {p:?}");
            at = p.slots.end;
        }
        assert!(slots[at..].iter().all(|s| s.discardable), "lines left over: {pages:?}");
        let placed: usize = pages
            .iter()
            .flat_map(|p| &slots[p.slots.clone()])
            .filter(|s| !s.discardable)
            .map(|s| s.lines)
            .sum();
        assert_eq!(placed, lines, "every line placed once");
        let notes: usize = slots.iter().flat_map(|s| &s.notes).map(Vec::len).sum();
        assert_eq!(pages.iter().map(|p| p.note_lines).sum::<usize>(), notes, "every note line placed");
    }
}
