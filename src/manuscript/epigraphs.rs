//! Epigraphs: which quote opening a chapter is one, where its quotation ends and its author's
//! name begins, and when one quote holds two.

use crate::model::{Block, Epigraph, Inline, Paragraph, ParagraphStyle, Span};

const DASHES: [char; 3] = ['—', '―', '–'];

fn starts_with_dash(inlines: &[Inline]) -> bool {
    let first = inlines.iter().find(|i| !matches!(i, Inline::Anchor(_)));
    matches!(first, Some(Inline::Text(t)) if t.trim_start().starts_with(DASHES))
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

/// Whether a quote after a chapter's epigraph is a second one: signed after a dash, and short
/// (a few lines of verse, or a paragraph or two of at most sixty words).
pub(super) fn is_another_epigraph(blocks: &[Block]) -> bool {
    let words: usize =
        blocks.iter().map(|b| Inline::plain_text(&display(b)).split_whitespace().count()).sum();
    ends_in_attribution(blocks) && blocks.len() <= 3 && words <= 60
}

/// A block's text, its lines run together.
fn display(b: &Block) -> Vec<Inline> {
    match b {
        Block::Paragraph(p) => p.inlines.clone(),
        Block::Verse { lines, .. } => {
            lines.iter().flat_map(|l| l.iter().cloned().chain([Inline::LineBreak])).collect()
        }
        _ => Vec::new(),
    }
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

/// Whether the last line of a quotation is where it comes from, though no dash marks it: a few
/// words with a note on them after a line that ends a sentence (Onegin's `… peut-être
/// imaginaire. / Tiré d'une lettre particulière` and its note).
fn is_source(line: &[Inline], before: &[Inline]) -> bool {
    let noted = line.iter().any(|i| matches!(i, Inline::NoteRef(_)));
    let text = Inline::plain_text(line);
    let ended = Inline::plain_text(before).trim_end().ends_with(['.', '!', '?', '…', '»', '”', '"']);
    noted
        && ended
        && (1..=6).contains(&text.split_whitespace().count())
        && !text.trim_end().ends_with([',', ';', ':', '!', '?', '…'])
}

/// Words a line of a quote may run to and still be verse once its source is taken off: longer,
/// it is a sentence of prose the author broke before the source, and is set as a paragraph.
const PROSE_WORDS: usize = 16;

/// An epigraph from a quote's blocks: a last line or paragraph opening with a dash is the
/// attribution, as is a last line of verse that reads as a name or a noted source.
pub fn epigraph(mut blocks: Vec<Block>, span: Span) -> Epigraph {
    let mut attribution = None;
    if let [Block::Verse { lines, span: at }] = &mut blocks[..]
        && let [.., before, last] = &lines[..]
        && !starts_with_dash(last)
        && (is_name(last) || is_source(last, before))
    {
        attribution = lines.pop();
        if let [only] = &lines[..]
            && Inline::plain_text(only).split_whitespace().count() > PROSE_WORDS
        {
            let inlines = only.clone();
            blocks = vec![Block::Paragraph(Paragraph { style: ParagraphStyle::Body, inlines, span: *at })];
        }
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
/// with more lines after it is two (Onegin's second chapter: "O rus! / Hor. / О Русь!"), where
/// the name carries a note on its source or follows a dash (a name alone, "Mr. Smith.", may be
/// the quotation's own words, and "Alfred Tennyson. / Poems" its author and work); and a
/// last line of stanza numbers alone (its fourth: "I. II. III. IV. V. VI", the stanzas Pushkin
/// left out) goes back to the text, returned with the epigraphs.
pub(super) fn epigraphs(blocks: Vec<Block>, span: Span) -> (Vec<Epigraph>, Vec<Block>) {
    let [Block::Verse { lines, span: verse_span }] = blocks.as_slice() else {
        return (vec![epigraph(blocks, span)], Vec::new());
    };
    let named = |l: &[Inline]| {
        let noted = l.iter().any(|i| matches!(i, Inline::NoteRef(_)));
        is_name(l) && noted || starts_with_dash(l) && is_name(&strip_dash(l.to_vec()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn verse(lines: &[&str]) -> Vec<Block> {
        let lines = lines.iter().map(|l| vec![Inline::Text(l.to_string())]).collect();
        vec![Block::Verse { lines, span: Span::default() }]
    }

    fn told(blocks: Vec<Block>) -> Vec<(usize, Option<String>)> {
        let (epigraphs, _) = epigraphs(blocks, Span::default());
        epigraphs.iter().map(|e| (e.blocks.len(), e.attribution.as_deref().map(Inline::plain_text))).collect()
    }

    #[test]
    fn a_name_inside_a_verse_parts_two_epigraphs_only_when_signed_as_one() {
        // A name with no note and no dash is the quotation's own words, or its author and work.
        assert_eq!(
            told(verse(&["Who knocks at the door?", "Mr. Smith.", "And what does he want?"])),
            [(1, None)]
        );
        assert_eq!(told(verse(&["Ring out, wild bells", "Alfred Tennyson.", "Poems, MDCCCXLII."])).len(), 1);
        // After a dash it signs the lines before it, and stanza numbers after it are the text's.
        let (epigraphs, text) = epigraphs(
            verse(&["La morale est dans la nature des choses.", "— Necker", "I. II. III."]),
            Span::default(),
        );
        assert_eq!(epigraphs.len(), 1);
        assert_eq!(epigraphs[0].attribution.as_deref().map(Inline::plain_text).as_deref(), Some("Necker"));
        assert_eq!(text.len(), 1);
    }

    #[test]
    fn a_noted_source_after_a_sentence_is_the_attribution_and_the_prose_a_paragraph() {
        let sentence = "Pétri de vanité il avait encore plus de cette espèce d’orgueil qui fait avouer avec la \
                        même indifférence les bonnes comme les mauvaises actions, peut-être imaginaire.";
        let mut blocks = verse(&[sentence, "Tiré d’une lettre particulière"]);
        if let Block::Verse { lines, .. } = &mut blocks[0] {
            lines[1].push(Inline::NoteRef(crate::model::NoteId(0)));
        }
        let e = epigraph(blocks, Span::default());
        assert_eq!(
            e.attribution.as_deref().map(Inline::plain_text).as_deref(),
            Some("Tiré d’une lettre particulière")
        );
        assert!(
            matches!(e.blocks.as_slice(), [Block::Paragraph(_)]),
            "one long line is prose: {:?}",
            e.blocks
        );
        // Without a note, or after a line that ends no sentence, the last line is the quotation's.
        let e = epigraph(
            verse(&["The woods are lovely, dark and deep.", "But I have promises"]),
            Span::default(),
        );
        assert_eq!((e.attribution, e.blocks.len()), (None, 1));
    }

    #[test]
    fn only_a_short_signed_quote_is_a_second_epigraph() {
        let signed = |words: usize| {
            let mut b = verse(&[&vec!["word"; words].join(" ")]);
            b.push(Block::Paragraph(Paragraph {
                style: ParagraphStyle::Body,
                inlines: vec![Inline::Text("— Someone".into())],
                span: Span::default(),
            }));
            b
        };
        assert!(is_another_epigraph(&signed(12)));
        assert!(!is_another_epigraph(&signed(200)), "a signed letter");
        assert!(
            !is_another_epigraph(&verse(&["Sing a song of sixpence,", "A pocket full of rye."])),
            "a song"
        );
    }
}
