//! Stanzas of one line. In a poem, a line the author wrote with no line break in it is a
//! paragraph to Markdown but a stanza to the reader (Whitman's "Democracy! near at hand to you a
//! throat is now inflating itself and joyfully singing."): it is set at the verse's indent with
//! its turnover hanging, in print and in the EPUB, not as a line of prose among the stanzas.

use crate::model::{Block, ParagraphStyle, Section};

/// Makes the one-line stanzas of every poem verse.
pub fn one_line_stanzas(sections: &mut [Section]) {
    for s in sections {
        visit(s, false);
    }
}

/// `in_sections`: the section is one of a poem's numbered sections (Starting from Paumanok's
/// "12"), whose opening paragraph is a stanza: only a poem's opening may carry a headnote.
fn visit(s: &mut Section, in_sections: bool) {
    if s.is_poem() {
        let headnote = if in_sections && s.is_numbered() {
            0
        } else {
            s.blocks.iter().take_while(|b| matches!(b, Block::Paragraph(_))).count()
        };
        for b in s.blocks.iter_mut().skip(headnote) {
            let stanza = matches!(b, Block::Paragraph(p) if p.style == ParagraphStyle::Body) && !b.is_label();
            if let (true, Block::Paragraph(p)) = (stanza, &mut *b) {
                let (line, span) = (std::mem::take(&mut p.inlines), p.span);
                *b = Block::Verse { lines: vec![line], span };
            }
        }
    }
    let poem_in_sections = s.is_poem_in_sections();
    for c in &mut s.children {
        visit(c, poem_in_sections);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, Paragraph, SectionRole, Span};

    fn para(text: &str) -> Block {
        let inlines = vec![Inline::Text(text.into())];
        Block::Paragraph(Paragraph { style: ParagraphStyle::Body, inlines, span: Span::default() })
    }

    fn verse(lines: &[&str]) -> Block {
        let lines = lines.iter().map(|l| vec![Inline::Text(l.to_string())]).collect();
        Block::Verse { lines, span: Span::default() }
    }

    fn kinds(s: &Section) -> String {
        s.blocks.iter().map(|b| if matches!(b, Block::Verse { .. }) { 'V' } else { 'P' }).collect()
    }

    fn section(title: &str, blocks: Vec<Block>) -> Section {
        let mut s = Section::new(SectionRole::Chapter, title.to_lowercase(), Span::default());
        s.title = Some(vec![Inline::Text(title.into())]);
        s.blocks = blocks;
        s
    }

    #[test]
    fn a_poems_lines_without_breaks_are_stanzas_but_its_headnote_stays_prose() {
        let poem = section(
            "Poem",
            vec![
                para("(Washington City, 1865)"),
                verse(&["a", "b"]),
                para("One line alone."),
                verse(&["c", "d"]),
            ],
        );
        let mut sections = vec![poem];
        one_line_stanzas(&mut sections);
        assert_eq!(kinds(&sections[0]), "PVVV");
    }

    #[test]
    fn a_numbered_section_of_a_poem_opens_on_a_stanza() {
        let mut part = Section::new(SectionRole::Part, "p".into(), Span::default());
        part.title = Some(vec![Inline::Text("Starting from Paumanok".into())]);
        let mut first = section("1", vec![verse(&["a", "b"]), verse(&["c", "d"])]);
        first.runs_on = true;
        let mut twelfth = section("12", vec![para("Democracy! near at hand."), verse(&["e", "f"])]);
        twelfth.runs_on = true;
        part.children = vec![first, twelfth];
        let mut sections = vec![part];
        one_line_stanzas(&mut sections);
        assert_eq!(kinds(&sections[0].children[1]), "VV");
    }

    #[test]
    fn prose_and_a_verse_novels_labelled_stanzas_are_left_alone() {
        let prose = section(
            "Chapter",
            vec![para("Prose."), verse(&["a song", "sung"]), para("More prose."), para("And more.")],
        );
        // Onegin's stanza numerals are bold: `**I**`.
        let numeral = |n: &str| {
            let inlines = vec![Inline::Strong(vec![Inline::Text(n.into())])];
            Block::Paragraph(Paragraph { style: ParagraphStyle::Body, inlines, span: Span::default() })
        };
        let labelled = section(
            "Глава первая",
            vec![numeral("I"), verse(&["a", "b"]), numeral("II"), verse(&["c", "d"])],
        );
        let mut sections = vec![prose, labelled];
        one_line_stanzas(&mut sections);
        assert_eq!((kinds(&sections[0]).as_str(), kinds(&sections[1]).as_str()), ("PVPP", "PVPV"));
    }
}
