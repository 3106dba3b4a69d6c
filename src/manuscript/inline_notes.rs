//! Pandoc's inline notes, `text.^[The note's own text.]`, which spare the author a label and a
//! trip to the end of the chapter. Each becomes a footnote reference whose text follows it in a
//! comment (so every line keeps its number), the note defined at the end of the file.

use std::borrow::Cow;

/// The label prefix of the notes made here; an author's own labels are read case-blind, and
/// nobody writes this one.
const LABEL: &str = "folio-inline-";

/// Where an inline note was written: the line (0-based, in the text) and column (1-based) its
/// text starts at. A note's definition, appended at the end, is reported there.
pub(super) type Written = (u32, u32);

/// The text with every inline note as a footnote, and for each line of the text from the first
/// appended definition on, where that definition's note was written (`None` for the blank lines
/// between). The text itself if it has no note.
pub(super) fn to_footnotes(text: &str) -> (Cow<'_, str>, Vec<Option<Written>>) {
    let none = || (Cow::Borrowed(text), Vec::new());
    if !text.contains("^[") {
        return none();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // A fence left open runs to the end, where the notes would be defined: leave such a file be.
    if super::blocks::fence_open_at_end(&lines) {
        return none();
    }
    let code = super::code_lines::in_code(&lines);
    // Byte ranges of code, which no note is looked for in: the lines folio's passes take for
    // code, and whatever pulldown-cmark reads as code, HTML or a formula (code in a list item
    // after a fence, a note in an HTML table's cell: the label made for it was printed).
    let (mut skipped, open) = literal(text);
    // As folio's passes see it, or as pulldown-cmark does (a fence in a list item closed by
    // the item's end, a later one left open).
    if open {
        return none();
    }
    let mut at = 0;
    for (line, &in_code) in lines.iter().zip(&code) {
        if in_code {
            skipped.push(at..at + line.len());
        }
        at += line.len();
    }
    skipped.sort_by_key(|r| r.start);
    let skipped = skipped.into_iter().fold(Vec::<std::ops::Range<usize>>::new(), |mut merged, r| {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
        merged
    });
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 128);
    let mut notes: Vec<(String, Written)> = Vec::new();
    let (mut i, mut copied, mut skip) = (0, 0, 0);
    while i < bytes.len() {
        while skipped.get(skip).is_some_and(|r| r.end <= i) {
            skip += 1;
        }
        if let Some(r) = skipped.get(skip).filter(|r| r.contains(&i)) {
            i = r.end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = super::blocks::after_code_span(bytes, i),
            // An author's comment is left whole, notes in it too.
            b'<' if bytes[i..].starts_with(b"<!--") => match text[i + 4..].find("-->") {
                Some(end) => i += 4 + end + 3,
                // Unclosed, it would take in the notes defined at the end.
                None => return none(),
            },
            b'^' if bytes.get(i + 1) == Some(&b'[') => match super::blocks::closing_bracket(bytes, i + 2) {
                Some(end) => {
                    let line = text[..i].matches('\n').count() as u32;
                    let column =
                        text[..i + 2].rsplit('\n').next().map_or(1, |l| l.chars().count() as u32 + 1);
                    notes.push((note_text(&text[i + 2..end]), (line, column)));
                    out.push_str(&text[copied..i]);
                    // The note's lines stay lines, hidden in a comment: each a lone period, which
                    // a paragraph (or a quotation's, lazily) goes on with and nothing else
                    // starts with.
                    out.push_str(&format!("[^{LABEL}{}]<!-- ", notes.len()));
                    out.extend(std::iter::repeat_n("\n.", text[i..end].matches('\n').count()));
                    out.push_str(" -->");
                    i = end + 1;
                    copied = i;
                }
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    if notes.is_empty() {
        return none();
    }
    out.push_str(&text[copied..]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let mut written = Vec::new();
    for (n, (note, at)) in notes.iter().enumerate() {
        // Read as inlines, as pandoc reads a note written inline: a mark that would open a
        // block (`1984.`, `- `, `# `, `>`) is escaped.
        out.push_str(&format!("\n[^{LABEL}{}]: ", n + 1));
        super::blocks::escape_block_start(note, &mut out);
        out.push('\n');
        written.extend([None, Some(*at)]);
    }
    (Cow::Owned(out), written)
}

/// Byte ranges pulldown-cmark reads literally: code blocks and spans, HTML, formulas; and
/// whether a fenced block is left open at the end, where the notes would be defined.
fn literal(text: &str) -> (Vec<std::ops::Range<usize>>, bool) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let mut open = false;
    let ranges = Parser::new_ext(text, super::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                open |= range.end >= text.trim_end().len() && !closed_fence(&text[range.clone()]);
                Some(range)
            }
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => Some(range),
            _ => None,
        })
        .collect();
    (ranges, open)
}

/// Whether a fenced block's text ends in a fence that closes its opening one: as many of its
/// marks or more, and nothing else.
fn closed_fence(block: &str) -> bool {
    let mut lines = block.trim_end().lines();
    let opening = lines.next().map(|l| l.trim_start_matches([' ', '>'])).unwrap_or_default();
    let Some(mark) = opening.chars().next().filter(|c| matches!(c, '`' | '~')) else { return false };
    let width = opening.chars().take_while(|&c| c == mark).count();
    lines.next_back().is_some_and(|last| {
        let last = last.trim_start_matches([' ', '>']).trim_end();
        last.chars().all(|c| c == mark) && last.chars().count() >= width
    })
}

/// A note's text on one line: its lines joined, a quotation's `>` marks dropped.
fn note_text(raw: &str) -> String {
    raw.lines()
        .enumerate()
        .map(|(k, l)| if k == 0 { l.trim() } else { l.trim_start_matches([' ', '\t', '>']).trim() })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_note_is_made_where_markdown_reads_code_or_html_or_a_fence_runs_on() {
        // The fuzz audit: each printed its label, `[^folio-inline-1]`, and lost the note.
        for text in [
            "<table><tr><td>^[inline note]</td></tr></table>\n",
            "-             1. ^[inline note]\n",
            "1. ```\n   ^[inline note]\n   ```\n",
            "1. ```\n  <br>\n  ```\n\n- A line.^[A note.]\n```\n",
        ] {
            let (out, _) = to_footnotes(text);
            assert_eq!(out, text, "left as written");
        }
        // A file that ends in closed code, or in a code span, keeps its notes.
        for text in ["Text.^[A note.]\n\n```\ncode\n```\n", "Text.^[A note.] See `foo`\n"] {
            let (out, _) = to_footnotes(text);
            assert!(out.contains("[^folio-inline-1]: A note."), "{out}");
        }
        // Beside such code, a note in the text is still one.
        let (out, _) = to_footnotes("<div>^[kept]</div>\n\nText.^[A note.]\n");
        assert!(out.contains("<div>^[kept]</div>") && out.contains("[^folio-inline-1]: A note."), "{out}");
    }

    #[test]
    fn an_inline_note_becomes_a_footnote_and_every_line_keeps_its_number() {
        let text =
            "Here is a note.^[Easier to write, with [a link](x) and\n`code ]` in it.] More.\n\nNext.\n";
        let (out, written) = to_footnotes(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[..4], ["Here is a note.[^folio-inline-1]<!-- ", ". --> More.", "", "Next."]);
        assert_eq!(lines[5], "[^folio-inline-1]: Easier to write, with [a link](x) and `code ]` in it.");
        // The definition is reported where the note was written.
        assert_eq!(written, [None, Some((0, 18))]);
        assert_eq!(lines.len(), 4 + written.len());
    }

    #[test]
    fn a_notes_text_is_read_as_inlines_and_comments_keep_theirs() {
        let text = "A.^[1984. The year.] B.^[- a dash] C.^[>90% of them.]\n\n<!-- Cut: D.^[E.] -->\n";
        let (out, _) = to_footnotes(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "<!-- Cut: D.^[E.] -->");
        assert_eq!(
            lines[4..],
            [
                "[^folio-inline-1]: 1984\\. The year.",
                "",
                "[^folio-inline-2]: \\- a dash",
                "",
                "[^folio-inline-3]: \\>90% of them."
            ]
        );
        // A list in a note's lines cannot part its paragraph: those lines are periods now.
        let (out, _) = to_footnotes("Claim.^[See:\n- a\n- b] More.\n");
        assert_eq!(
            out.lines().take(3).collect::<Vec<_>>(),
            ["Claim.[^folio-inline-1]<!-- ", ".", ". --> More."]
        );
        assert_eq!(to_footnotes("Open <!-- a ^[b] never closed\n").0, "Open <!-- a ^[b] never closed\n");
    }

    #[test]
    fn code_escapes_and_unclosed_notes_stay_as_written() {
        for text in [
            "In code: `x^[1]` stays.\n",
            "```\na^[b]\n```\n",
            "Escaped \\^[not a note].\n",
            "Open ^[never closed\n\nnext paragraph].\n",
            "An open fence\n```\n^[x]\n",
            "A lone ` tick.\n\nThen `x^[1]` in code.\n",
            "Indented code:\n\n    a^[b]\n",
        ] {
            assert_eq!(to_footnotes(text).0, text);
        }
    }
}
