//! Epigraphs: which quote opening a chapter is one, where its quotation ends and its author's
//! name begins, and when one quote holds two.

use crate::model::{Block, Epigraph, Inline, Paragraph, ParagraphStyle, Span};

const DASHES: [char; 3] = ['—', '―', '–'];

fn starts_with_dash(inlines: &[Inline]) -> bool {
    matches!(inlines.first(), Some(Inline::Text(t)) if t.trim_start().starts_with(DASHES))
}

fn ends_in_attribution(blocks: &[Block]) -> bool {
    match blocks.last() {
        Some(Block::Paragraph(p)) => starts_with_dash(&p.inlines),
        Some(Block::Verse { lines, .. }) => lines.last().is_some_and(|l| starts_with_dash(l)),
        _ => false,
    }
}

/// Lines of verse a chapter's opening quote may have to be its epigraph without a dash before its
/// attribution.
const EPIGRAPH_LINES: usize = 8;

/// Whether a chapter's opening quote is its epigraph: one ending in an attribution after a dash, or
/// a few lines of verse (Onegin's chapters open on two to five, most with the poet's name last and
/// no dash before it; a letter a chapter opens with is prose).
pub(super) fn is_epigraph(blocks: &[Block]) -> bool {
    ends_in_attribution(blocks)
        || matches!(blocks, [Block::Verse { lines, .. }] if lines.len() <= EPIGRAPH_LINES)
}

/// Whether an epigraph's last line reads as its author's name though no dash marks it: a few
/// capitalised words with no closing punctuation but a period ("Князь Вяземский", "Petr.").
fn is_name(line: &[Inline]) -> bool {
    let text = Inline::plain_text(line);
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !text.trim_end().ends_with([',', ';', ':', '!', '?', '…'])
}

fn strip_dash(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        *t = t.trim_start().trim_start_matches(DASHES).trim_start().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inlines
}

/// An epigraph from a quote's blocks: a last line or paragraph opening with a dash is the
/// attribution, as is a last line of verse that reads as a name.
pub fn epigraph(mut blocks: Vec<Block>, span: Span) -> Epigraph {
    let mut attribution = None;
    if let [Block::Verse { lines, .. }] = &mut blocks[..]
        && lines.len() >= 2
        && lines.last().is_some_and(|l| !starts_with_dash(l) && is_name(l))
    {
        attribution = lines.pop();
    } else if ends_in_attribution(&blocks) {
        match blocks.pop() {
            Some(Block::Paragraph(p)) => attribution = Some(strip_dash(p.inlines)),
            Some(Block::Verse { mut lines, span }) => {
                attribution = lines.pop().map(strip_dash);
                if !lines.is_empty() {
                    blocks.push(Block::Verse { lines, span });
                }
            }
            Some(other) => blocks.push(other),
            None => {}
        }
    }
    Epigraph { blocks, attribution, span }
}

/// A chapter's epigraphs from its opening quote: usually one; verse naming its author on a line
/// with more lines after it is two (Onegin's second chapter: "O rus! / Hor. / О Русь!"); and a
/// last line of stanza numbers alone (its fourth: "I. II. III. IV. V. VI", the stanzas Pushkin
/// left out) goes back to the text, returned with the epigraphs.
pub(super) fn epigraphs(blocks: Vec<Block>, span: Span) -> (Vec<Epigraph>, Vec<Block>) {
    let [Block::Verse { lines, span: verse_span }] = blocks.as_slice() else {
        return (vec![epigraph(blocks, span)], Vec::new());
    };
    let named = |l: &[Inline]| {
        let text = Inline::plain_text(l);
        is_name(l) && (text.trim_end().ends_with('.') || l.iter().any(|i| matches!(i, Inline::NoteRef(_))))
    };
    let last = lines.len().saturating_sub(1);
    let Some(k) = (1..last).find(|&k| named(&lines[k])) else {
        return (vec![epigraph(blocks, span)], Vec::new());
    };
    let (first, rest) = (lines[..=k].to_vec(), lines[k + 1..].to_vec());
    let mut all = vec![epigraph(vec![Block::Verse { lines: first, span: *verse_span }], span)];
    if rest.iter().all(|l| stanza_numbers(l)) {
        let text = rest
            .into_iter()
            .map(|inlines| {
                Block::Paragraph(Paragraph { style: ParagraphStyle::Body, inlines, span: *verse_span })
            })
            .collect();
        return (all, text);
    }
    let (more, text) = epigraphs(vec![Block::Verse { lines: rest, span: *verse_span }], span);
    all.extend(more);
    (all, text)
}

/// Whether a line is Roman numerals alone, each with its period: numbers of stanzas left out.
fn stanza_numbers(line: &[Inline]) -> bool {
    let text = Inline::plain_text(line);
    let mut words = text.split_whitespace().peekable();
    words.peek().is_some() && words.all(|w| crate::model::roman_value(w.trim_end_matches('.')).is_some())
}
