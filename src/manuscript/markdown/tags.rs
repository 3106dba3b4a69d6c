//! What each tag pulldown-cmark opens starts building: the frame its content collects in.

use pulldown_cmark::{LinkType, Tag};

use super::{Builder, Context, Frame, Kind, MAX_DEPTH, loc};
use crate::manuscript::blocks::unescape_autolink;
use crate::model::{Alignment, Numbering, Span};

impl Builder {
    pub(super) fn start(&mut self, tag: Tag<'_>, span: Span, cx: &mut Context<'_>) {
        let nesting = matches!(
            tag,
            Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
        );
        if nesting && self.stack.len() > MAX_DEPTH {
            if self.ignored.is_empty() {
                cx.diags
                    .warning(
                        Some(loc(cx, span)),
                        format!("nesting deeper than {MAX_DEPTH} levels is flattened"),
                    )
                    .help("the text is kept; simplify the markup if the structure matters");
            }
            self.ignored.push(tag.to_end());
            return;
        }
        let inline_tag = matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        );
        if !inline_tag {
            // A block starts: a span left open ends, and text collected loosely so far (tight
            // list items) becomes a paragraph.
            self.close_spans();
            self.top().flush_inlines();
        }
        cx.typographer_block_start(&tag);
        let kind = match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, id, classes, attrs } => Kind::Heading {
                level: level as u8,
                id: id.map(|s| s.to_string()),
                classes: classes.iter().map(|c| c.to_string()).collect(),
                attrs: attrs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.as_deref().unwrap_or("").to_string()))
                    .collect(),
            },
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::CodeBlock(kind) => Kind::Code {
                language: match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => code_language(&info),
                    pulldown_cmark::CodeBlockKind::Indented => None,
                },
                text: String::new(),
            },
            Tag::HtmlBlock => Kind::Html { text: String::new() },
            Tag::List(start) => Kind::List {
                // The numbering read from the line's first marker, unless the list starts past it
                // (`1. - 2. foo`: the list counting from 2).
                numbering: start.map(|n| match cx.numbering.get(&span.line) {
                    Some(&(column, numbering)) if span.column <= column => numbering,
                    _ => Numbering::decimal(n),
                }),
            },
            Tag::Item => Kind::Item { task: None },
            Tag::FootnoteDefinition(label) => Kind::Note(cx.notes.id(span.file, &label)),
            Tag::Table(aligns) => Kind::Table {
                alignments: aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Alignment::Default,
                        pulldown_cmark::Alignment::Left => Alignment::Left,
                        pulldown_cmark::Alignment::Center => Alignment::Center,
                        pulldown_cmark::Alignment::Right => Alignment::Right,
                    })
                    .collect(),
                head: Vec::new(),
                rows: Vec::new(),
            },
            Tag::TableHead => Kind::TableHead,
            Tag::TableRow => Kind::TableRow,
            Tag::TableCell => Kind::TableCell,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strike,
            Tag::Superscript => Kind::Sup,
            Tag::Subscript => Kind::Sub,
            Tag::Link { link_type: LinkType::Autolink | LinkType::Email, dest_url, .. } => {
                Kind::Link { target: unescape_autolink(&dest_url), autolink: true }
            }
            Tag::Link {
                link_type: LinkType::ReferenceUnknown | LinkType::CollapsedUnknown | LinkType::ShortcutUnknown,
                dest_url,
                ..
            } => Kind::Link { target: dest_url.to_string(), autolink: false },
            // Only the provisional targets `header_refs` answers with may start as theirs do.
            Tag::Link { dest_url, .. } => {
                Kind::Link { target: crate::manuscript::header_refs::written(&dest_url), autolink: false }
            }
            Tag::Image { dest_url, title, .. } => {
                Kind::Image { url: dest_url.to_string(), title: title.to_string() }
            }
            Tag::MetadataBlock(_) => Kind::Html { text: String::new() },
            Tag::DefinitionList => Kind::Definitions { items: Vec::new() },
            Tag::DefinitionListTitle => Kind::DefTitle,
            Tag::DefinitionListDefinition => Kind::DefDefinition,
        };
        self.stack.push(Frame::new(kind, span));
    }
}

/// A fenced block's language from its info string: its first word (```` ```rust ````), or the
/// first class of pandoc's attributes (```` ```{#listing .python} ````).
fn code_language(info: &str) -> Option<String> {
    let info = info.trim();
    match info.strip_prefix('{') {
        Some(attrs) => attrs.trim_end_matches('}').split_whitespace().find_map(|w| w.strip_prefix('.')),
        None => info.split_whitespace().next(),
    }
    .filter(|l| !l.is_empty())
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_blocks_language_is_its_first_word_or_its_first_class() {
        assert_eq!(super::code_language("rust ignore").as_deref(), Some("rust"));
        assert_eq!(super::code_language("{#listing .python .numberLines}").as_deref(), Some("python"));
        assert_eq!(super::code_language("{#listing}"), None);
        assert_eq!(super::code_language(""), None);
    }
}
