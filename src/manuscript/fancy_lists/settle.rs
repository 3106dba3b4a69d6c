//! The pass's last word goes to pulldown-cmark: a marker it rewrote that CommonMark does not
//! read as starting a list item after all (a corner of CommonMark the pass does not follow: an
//! item's raw HTML, a lazy line) is put back as written, so that no placeholder figure is ever
//! read as the author's text.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag};

use crate::model::Numbering;

/// `rewritten` with every rewritten marker that starts no item put back as in `original`, and
/// its numbering forgotten.
pub(super) fn settle(
    original: &str,
    rewritten: String,
    numbering: &mut HashMap<usize, (u32, Numbering)>,
) -> String {
    let written: Vec<&str> = original.split_inclusive('\n').collect();
    let mut text = rewritten;
    // Each round puts back at least one line; a line put back can change what the lines after
    // it are, so the text is read again.
    for _ in 0..written.len() {
        // pulldown-cmark 0.13 panics on some odd lists (`a. n>` over `{}` and `-`, as `1.` too):
        // then every marker goes back as written, which it reads as it did before the pass.
        let Ok(items) = std::panic::catch_unwind(|| item_lines(&text)) else {
            numbering
                .retain(|&i, _| !marker_changed(written[i], text.split_inclusive('\n').nth(i).unwrap_or("")));
            return original.to_string();
        };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let astray: Vec<usize> = (0..lines.len().min(written.len()))
            .filter(|&i| marker_changed(written[i], lines[i]) && items.binary_search(&i).is_err())
            .collect();
        if astray.is_empty() {
            break;
        }
        let mut next = String::with_capacity(text.len());
        for (i, line) in lines.iter().enumerate() {
            if astray.binary_search(&i).is_ok() {
                next.push_str(written[i]);
                numbering.remove(&i);
            } else {
                next.push_str(line);
            }
        }
        text = next;
    }
    text
}

/// Whether a line's marker was rewritten: it differs from its first mark on, after nothing but
/// indentation, quotation marks and figures (a reference to an example changes a line further
/// on).
pub(super) fn marker_changed(written: &str, now: &str) -> bool {
    let same = written.bytes().zip(now.bytes()).take_while(|(a, b)| a == b).count();
    written != now && written[..same].chars().all(|c| c.is_whitespace() || c == '>' || c.is_ascii_digit())
}

/// The lines (0 for the first) where pulldown-cmark starts a list item, as the reader reads the
/// text (fenced divs' fences blanked).
pub(super) fn item_lines(text: &str) -> Vec<usize> {
    let (text, _) = crate::manuscript::blocks::fenced_divs(text);
    let mut lines: Vec<usize> = Parser::new_ext(&text, crate::manuscript::markdown::options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::Item)))
        .map(|(_, r)| {
            let at = text[r.start..].find(|c: char| !c.is_whitespace()).map_or(r.start, |k| r.start + k);
            text[..at].matches('\n').count()
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}
