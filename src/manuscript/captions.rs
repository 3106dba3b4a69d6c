//! Pandoc's table captions: a paragraph `: A caption` or `Table: A caption` beside a table is
//! that table's caption, not a paragraph of its own.

use super::markdown::Child;
use crate::model::{Block, Inline};

/// Gives each table the caption paragraph pandoc writes beside it (`: A caption` or `Table: A
/// caption`), instead of printing the paragraph as it stands. As in pandoc, tables take their
/// captions in reading order, each the one before it if there is one, else the one after.
pub(super) fn table_captions(children: &mut Vec<Child>) {
    let mut i = 0;
    while i < children.len() {
        if matches!(&children[i], Child::Block(Block::Table(t)) if t.caption.is_none()) {
            let before = i.checked_sub(1).filter(|&j| caption_mark(&children[j]).is_some());
            let after = Some(i + 1).filter(|&j| children.get(j).and_then(caption_mark).is_some());
            if let Some(j) = before.or(after) {
                let caption = match (caption_mark(&children[j]), children.remove(j)) {
                    (Some(mark), Child::Block(Block::Paragraph(p))) => without_mark(p.inlines, mark),
                    _ => Vec::new(),
                };
                i = if j < i { i - 1 } else { i };
                if let Child::Block(Block::Table(t)) = &mut children[i] {
                    t.caption = Some(caption);
                }
            }
        }
        i += 1;
    }
}

/// The length of the mark a table's caption paragraph opens with; `None` for other blocks.
fn caption_mark(child: &Child) -> Option<usize> {
    let Child::Block(Block::Paragraph(p)) = child else { return None };
    let Some(Inline::Text(first)) = p.inlines.first() else { return None };
    if first.starts_with(": ") {
        return Some(2);
    }
    let head = first.get(..6)?;
    (head.eq_ignore_ascii_case("table:") && first.len() > 6).then_some(6)
}

/// A caption paragraph's inlines without the mark of `mark` bytes it opens with, and without
/// the attributes pandoc lets it end with (`{#tbl:sales .wide}`): their id leads links to the
/// table, an anchor at the caption's start; the rest says nothing to a book.
fn without_mark(mut inlines: Vec<Inline>, mark: usize) -> Vec<Inline> {
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        *first = first.get(mark..).unwrap_or("").trim_start().to_string();
    }
    let id = match inlines.last_mut() {
        Some(Inline::Text(last)) => attributes(last),
        _ => None,
    };
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    if let Some(id) = id {
        inlines.insert(0, Inline::Anchor(id));
    }
    inlines
}

/// Takes a `{…}` of pandoc attributes off the end of a text, and gives back its `#id`, if any.
fn attributes(text: &mut String) -> Option<String> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind('{')?;
    let words: Vec<&str> = body[open + 1..].split_whitespace().collect();
    let attribute = |w: &&str| w.len() > 1 && (w.starts_with(['#', '.']) || w.contains('='));
    if words.is_empty() || !words.iter().all(attribute) {
        return None;
    }
    let id = words.iter().find_map(|w| w.strip_prefix('#')).map(str::to_string);
    text.truncate(open);
    text.truncate(text.trim_end().len());
    id
}
