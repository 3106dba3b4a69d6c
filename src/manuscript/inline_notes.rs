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
    // Byte ranges of code, which no note is looked for in.
    let mut skipped = Vec::new();
    let mut at = 0;
    for (line, &in_code) in lines.iter().zip(&code) {
        if in_code {
            skipped.push(at..at + line.len());
        }
        at += line.len();
    }
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
