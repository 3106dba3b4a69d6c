//! Titles as a table of contents lists them: with their italics, small capitals and code, as
//! the heading has them (a book's title in italic, `--create` in the code face), but without
//! what belongs to the heading's place in the text (note marks, anchors, links) or its lines.

use super::{Block, Inline, Section};

impl Section {
    /// The section's title as its contents entry shows it; `role` names an untitled one.
    pub fn listed_title(&self, role: &str) -> Vec<Inline> {
        match &self.title {
            Some(title) if !self.title_text().is_empty() => listed(title),
            _ => vec![Inline::Text(self.label(role))],
        }
    }

    /// The headings a table of contents lists under the section (`contents_headings`), each
    /// as its entry shows it.
    pub fn listed_headings(&self) -> impl Iterator<Item = (&str, Vec<Inline>)> {
        self.contents_headings().filter_map(|(id, _)| {
            self.blocks.iter().find_map(|b| match b {
                Block::Heading { level: 1, inlines, id: Some(own), .. } if own == id => {
                    Some((id, listed(inlines)))
                }
                _ => None,
            })
        })
    }
}

/// `inlines` as a contents entry shows them: styles kept, links as their text, note marks and
/// anchors left out, a line break and every run of spaces one space, none at either end.
pub fn listed(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = kept(inlines);
    if let Some(Inline::Text(t)) = out.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        *t = t.trim_end().to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    out
}

fn kept(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push(Inline::Text(one_space(t))),
            Inline::Link { children, .. } => out.extend(kept(children)),
            Inline::Image { alt, .. } if !alt.trim().is_empty() => out.push(Inline::Text(one_space(alt))),
            Inline::LineBreak => out.push(Inline::Text(" ".into())),
            Inline::Image { .. } | Inline::NoteRef(_) | Inline::Anchor(_) => {}
            other => {
                let mut copy = other.clone();
                if let Some(children) = copy.children_mut() {
                    *children = kept(children);
                }
                out.push(copy);
            }
        }
    }
    out
}

/// Every run of breaking white space in `text` one space, its ends kept (a space between two
/// styles); no-break spaces are ties, and stay.
fn one_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}') {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteId, Span};

    #[test]
    fn an_entry_keeps_its_styles_and_leaves_out_marks_links_and_line_breaks() {
        let title = vec![
            Inline::Text("  The ".into()),
            Inline::Code("--create".into()),
            Inline::Text(" option\u{a0}in".into()),
            Inline::LineBreak,
            Inline::Emphasis(vec![Inline::Link {
                target: "https://example.org".into(),
                children: vec![Inline::Text("Hamlet".into())],
                at: Span::default(),
            }]),
            Inline::NoteRef(NoteId(0)),
            Inline::Anchor("here".into()),
            Inline::Text("  ".into()),
        ];
        assert_eq!(
            listed(&title),
            vec![
                Inline::Text("The ".into()),
                Inline::Code("--create".into()),
                Inline::Text(" option\u{a0}in".into()),
                Inline::Text(" ".into()),
                Inline::Emphasis(vec![Inline::Text("Hamlet".into())]),
            ]
        );
        assert_eq!(Inline::plain_text(&listed(&title)), "The --create option\u{a0}in Hamlet");
    }
}
