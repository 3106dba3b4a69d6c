//! Verse in a flow: each line set on its own under a hanging indent, its turnovers kept with it,
//! and where a page may end among a poem's stanzas.

use super::flow::{Around, Content, Flow, Slot};
use super::text::Look;
use crate::model::{Block, Inline, Section};
use crate::typeset::{Align, Pt, Shape};

impl Flow<'_> {
    /// The slots of a block of verse, `indent` in from the text's left edge in `measure`.
    pub(super) fn verse(
        &mut self,
        section: &Section,
        lines: &[Vec<Inline>],
        indent: Pt,
        measure: Pt,
        around: Around,
        out: &mut Vec<Slot>,
    ) {
        let body = Look::body(self.size);
        if around != Around::UnderLabel {
            Slot::space(out);
        }
        // The last slot of each line, stanza by stanza (an empty line parts them): a page
        // may end after a line, but not after a stanza's first nor before its last, which
        // would stand alone.
        let mut stanzas: Vec<Vec<(usize, Pause)>> = vec![Vec::new()];
        let start = out.len();
        let deepest = deepest_indent(lines, self.size, measure);
        for l in lines {
            // A line the poet set in keeps its indent, an en a space (a space at a line's start
            // would be dropped), its turnovers hanging under it.
            let (spaces, own) = Inline::verse_indent(l);
            let set_in = set_in(spaces, self.size, measure);
            // A verse line makes room for a tall image as a paragraph's line does.
            let chunks = self.chunks_in(&own, body, true);
            let width = measure - self.verse_indent() - set_in;
            let shape = Shape::hanging(width, turnover(set_in, deepest, self.size, width));
            let line = self.paragraph(chunks, Align::Left, shape, false);
            let (_, set) = self.set_running(line, self.current);
            let n = out.len();
            self.text_lines(section, set, indent + self.verse_indent() + set_in, out);
            self.verse_lines += out.len() - n;
            if indent == Pt::ZERO {
                self.verse_slots.extend(n..out.len());
            }
            // A turned line stays with its start.
            let last = out.len().saturating_sub(1).max(n);
            for s in &mut out[n..last] {
                s.break_after = false;
            }
            match stanzas.last_mut() {
                Some(stanza) if !l.is_empty() => stanza.push((last, Pause::after(l))),
                _ => stanzas.push(Vec::new()),
            }
        }
        // (A line set into no slot, as in the pass that only gathers paragraphs to set
        // ahead, has no end to hold.) A long stanza keeps four lines together at either
        // side of a page's end: Onegin's fourteen would otherwise leave their closing
        // couplet alone overleaf; four is its quatrains'. Inside a stanza a page ends
        // rather where the sense pauses: Onegin's broke after "Полезный промысел избрав,"
        // as readily as after a quatrain's full stop.
        for stanza in stanzas {
            if let Some((_, inside)) = stanza.split_last() {
                for &(end, pause) in inside {
                    if let Some(slot) = out.get_mut(end).filter(|_| end >= start) {
                        slot.penalty = pause.penalty();
                    }
                }
            }
            let ends: Vec<usize> = stanza.iter().map(|&(end, _)| end).collect();
            let held = match ends[..] {
                _ if ends.len() >= LONG_STANZA => {
                    let n = ends.len();
                    ends[..KEPT - 1].iter().chain(&ends[n - KEPT..n - 1]).copied().collect()
                }
                [first, .., before_last, _] => vec![first, before_last],
                [first, _] => vec![first],
                _ => Vec::new(),
            };
            for i in held {
                if let Some(slot) = out.get_mut(i).filter(|_| i >= start) {
                    slot.break_after = false;
                }
            }
        }
        Slot::space(out);
    }
}

impl Flow<'_> {
    /// Moves a poem's lines, set two ems in, over as one block so that the poem stands centred
    /// on the page, as poetry is set: on its longer lines (the ninth tenth of them by width), never
    /// so far that a line reaches past the measure. Onegin's tetrameters stood two ems in with
    /// three times that to their right. Verse quoted in prose keeps its two ems.
    pub(super) fn centre_verse(&mut self, section: &Section, out: &mut [Slot]) {
        let moved = std::mem::take(&mut self.verse_slots);
        // A poem, or a verse novel's chapter (its stanzas under numerals), not prose quoting verse.
        let prose =
            section.blocks.iter().filter(|b| matches!(b, Block::Paragraph(_)) && !b.is_label()).count();
        let verse: usize = section
            .blocks
            .iter()
            .map(|b| if let Block::Verse { lines, .. } = b { lines.len() } else { 0 })
            .sum();
        if !section.is_poem() && verse <= prose * 4 {
            return;
        }
        let block = self.verse_indent();
        // Each line's reach from the block's left edge, as set.
        let mut reach: Vec<f64> = moved
            .iter()
            .filter_map(|&i| match out.get(i).map(|s| &s.content) {
                Some(Content::Text { line, dx }) => Some((*dx + line.x + line.width - block).0),
                _ => None,
            })
            .collect();
        reach.sort_by(f64::total_cmp);
        let Some(&longest) = reach.last() else { return };
        let typical = reach[(reach.len() * 9 / 10).min(reach.len() - 1)];
        let shift = ((self.measure.0 - typical) / 2.0 - block.0).min(self.measure.0 - block.0 - longest);
        if shift <= 0.0 {
            return;
        }
        for &i in &moved {
            if let Some(Slot { content: Content::Text { dx, .. }, .. }) = out.get_mut(i) {
                *dx += Pt(shift);
            }
        }
    }
}

/// How strongly the sense pauses at the end of a verse line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pause {
    /// Not at all: the sentence runs on into the next line.
    None,
    /// A comma's or a dash's pause.
    Slight,
    /// A full stop's, or a semicolon's, colon's, question's or exclamation's.
    Full,
}

impl Pause {
    /// The pause at the end of `line`, read through closing quotes and brackets.
    fn after(line: &[Inline]) -> Pause {
        let text = Inline::plain_text(line);
        let closing =
            |c: char| c.is_whitespace() || matches!(c, '»' | '”' | '’' | '"' | '\'' | ')' | ']' | '“');
        match text.trim_end_matches(closing).chars().next_back() {
            Some('.' | '!' | '?' | ';' | ':' | '…') => Pause::Full,
            Some(',' | '—' | '–' | '-') => Pause::Slight,
            _ => Pause::None,
        }
    }

    /// What a page ending here costs, as that many lines lacking would: on top of a stanza
    /// cut at all, a sentence running on overleaf as much as four lines more, a comma's
    /// pause two.
    fn penalty(self) -> u8 {
        match self {
            Pause::None => 4,
            Pause::Slight => 2,
            Pause::Full => 0,
        }
    }
}

/// Where a verse line `spaces` in starts: an en a space, at most two fifths of the measure.
pub(super) fn set_in(spaces: usize, size: Pt, measure: Pt) -> Pt {
    Pt((size.0 * 0.5 * spaces as f64).min(measure.0 * 0.4))
}

/// The deepest of a stanza's own indents, as far as a turnover's hang looks at them.
pub(super) fn deepest_indent(lines: &[Vec<Inline>], size: Pt, measure: Pt) -> Pt {
    let deepest =
        lines.iter().map(|l| set_in(Inline::verse_indent_width(l), size, measure)).fold(Pt::ZERO, Pt::max);
    deepest.min(size * 4.0)
}

/// How far a turnover hangs in from its line's start: two ems, and past the stanza's deepest
/// indent, so that it never reads as a line the poet set in (the Chicago Manual's rule for
/// runover lines); never more than half the line's `width`, which a verse in a list in a
/// quotation may have narrowed to a few ems.
pub(super) fn turnover(set_in: Pt, deepest: Pt, size: Pt, width: Pt) -> Pt {
    (size * 2.0).max(deepest + size - set_in).min(width * 0.5)
}

/// A verse flow's last page holds at least three of its lines: no page ends after its third line
/// from the end. A prose chapter's last page of fewer than five lines is mended by paragraphs
/// set a line tighter or looser, or the pages before run short (`pull_back_short_end`); verse is
/// never set again, and can only take lines over with them (Leaves of Grass had five poems ending on a page of two lines).
pub fn end_with_company(out: &mut [Slot]) {
    let mut text = out.iter().enumerate().filter(|(_, s)| matches!(s.content, Content::Text { .. }));
    let (Some((last, _)), Some(_), Some((third, _)), Some(_)) =
        (text.next_back(), text.next_back(), text.next_back(), text.next_back())
    else {
        return;
    };
    out[third..last].iter_mut().for_each(|s| s.break_after = false);
}

/// Lines from which a stanza is long: a page may end inside it only [`KEPT`] lines in from
/// either end.
const LONG_STANZA: usize = 8;

/// Lines a long stanza keeps together at the foot of a page and at the head of the next.
const KEPT: usize = 4;

/// A poem's last stanza of a line or two (verse, or a line without a break of its own) goes
/// overleaf with the stanza before it, not alone: the space between them, and the line before
/// it, may not end a page. `from` is where the last block's slots begin.
pub(super) fn keep_last_stanza_company(blocks: &[Block], from: usize, out: &mut [Slot]) {
    let short = match blocks {
        [.., Block::Verse { .. }, Block::Verse { lines, .. }] => lines.len() <= 2,
        [.., Block::Verse { .. }, Block::Paragraph(_)] => out
            .get(from..)
            .is_some_and(|l| l.iter().filter(|s| matches!(s.content, Content::Text { .. })).count() <= 2),
        _ => false,
    };
    if short && let Some(between) = out.get_mut(from.saturating_sub(2)..from) {
        between.iter_mut().for_each(|s| s.break_after = false);
    }
}
