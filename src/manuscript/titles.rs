//! A book's title and subtitle read as one line of Markdown, as pandoc reads its metadata:
//! `Reading *Hamlet* Again`, `H~2~O`, `[Abai]{.smallcaps}`, `<i>Ulysses</i>`, and a hard line
//! break (`\` at a line's end) where the title page should turn the line.

use std::collections::HashMap;

use super::markdown::{self, Context, Item, Notes};
use super::punctuation::Typographer;
use super::source::LineIndex;
use super::{no_break, raised, spans};
use crate::diag::Diagnostics;
use crate::model::{Block, FileId, Inline, Lang};

/// The title as inlines. Text that does not read as one paragraph of words (`1. Introduction`
/// is a list, `# Notes` a heading) stays as written, as do links' addresses, notes and images: a
/// title page leads nowhere.
pub fn read(written: &str, lang: &Lang) -> Vec<Inline> {
    let written = written.trim();
    let spaced = no_break::to_entities(written);
    let text = spans::to_html(&spaced);
    // Its file is none of the book's, and nothing read here is reported: a title that reads
    // oddly as Markdown is still a title, set as written.
    let lines = LineIndex::new(FileId(u32::MAX), &text, 1);
    let mut diags = Diagnostics::new();
    let mut notes = Notes::default();
    let numbering = HashMap::new();
    let mut image = |_: &str, _: crate::model::Span, _: &mut Diagnostics| None;
    let mut cx = Context {
        diags: &mut diags,
        lines: &lines,
        path: std::path::Path::new(""),
        typographer: Typographer::for_language(&lang.primary()),
        notes: &mut notes,
        numbering: &numbering,
        tables: &HashMap::new(),
        image: &mut image,
    };
    let mut inlines = match markdown::parse(&text, &mut cx).as_slice() {
        [Item::Block(Block::Paragraph(p))] => titled(&p.inlines),
        // Lines broken by hand are read as verse: a title in two lines.
        [Item::Block(Block::Verse { lines, .. })] if !lines.iter().any(Vec::is_empty) => {
            let broken = lines.join(&Inline::LineBreak);
            titled(&broken)
        }
        _ => Vec::new(),
    };
    raised::run(&mut inlines);
    if Inline::plain_text(&inlines).trim().is_empty() {
        return vec![Inline::Text(written.to_string())];
    }
    inlines
}

/// The inlines a title keeps: a link's text without the link, an image's alt text, no note
/// calls or anchors.
fn titled(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Link { children, .. } => out.extend(titled(children)),
            Inline::Image { alt, .. } => out.push(Inline::Text(alt.clone())),
            Inline::NoteRef(_) | Inline::Anchor(_) => {}
            other => {
                let mut kept = other.clone();
                if let Some(children) = kept.children_mut() {
                    *children = titled(children);
                }
                out.push(kept);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Vec<Inline> {
        read(text, &Lang::parse("en").expect("a tag"))
    }

    #[test]
    fn emphasis_and_raised_text_are_read_and_the_plain_text_drops_the_marks() {
        let t = en("Reading *Hamlet* and H~2~O");
        assert!(t.iter().any(|i| matches!(i, Inline::Emphasis(c) if Inline::plain_text(c) == "Hamlet")));
        assert!(t.iter().any(|i| matches!(i, Inline::Subscript(c) if Inline::plain_text(c) == "2")));
        assert_eq!(Inline::plain_text(&t), "Reading Hamlet and H2O");
    }

    #[test]
    fn html_small_caps_quotes_and_line_breaks_are_read() {
        let t = en("The <i>Beagle</i>: [Darwin]{.smallcaps}'s voyage\\\nand after");
        assert!(t.iter().any(|i| matches!(i, Inline::Emphasis(_))), "{t:?}");
        assert!(t.iter().any(|i| matches!(i, Inline::SmallCaps(_))), "{t:?}");
        assert!(t.contains(&Inline::LineBreak), "{t:?}");
        assert_eq!(Inline::plain_text(&t), "The Beagle: Darwin\u{2019}s voyage and after");
    }

    #[test]
    fn what_is_not_one_paragraph_stays_as_written() {
        for written in ["1. Introduction", "# Notes", "> Quoted", "- Dash"] {
            assert_eq!(en(written), vec![Inline::Text(written.to_string())]);
        }
        assert_eq!(Inline::plain_text(&en(r"M\*A\*S\*H")), "M*A*S*H");
    }

    #[test]
    fn links_notes_and_images_leave_their_text() {
        let t = en("A [linked](https://example.com) title[^1] ![alt text](x.png) [here]{#here}");
        assert_eq!(Inline::plain_text(&t), "A linked title[^1] alt text here");
        assert!(!t.iter().any(|i| i.contains(&|i| matches!(i, Inline::Link { .. } | Inline::NoteRef(_)))));
    }
}
