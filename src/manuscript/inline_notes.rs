//! Pandoc's inline notes, `text.^[The note's own text.]`, which spare the author a label and a
//! trip to the end of the chapter. Each becomes a footnote reference whose text follows it in a
//! comment (so every line keeps its number), the note defined at the end of the file.

use std::borrow::Cow;

/// The label prefix of the notes made here; an author's own labels are read case-blind, and
/// nobody writes this one.
const LABEL: &str = "folio-inline-";

/// The text with every inline note as a footnote; the text itself if it has none.
pub(super) fn to_footnotes(text: &str) -> Cow<'_, str> {
    if !text.contains("^[") {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let code = super::blocks::in_code(&lines);
    // A fence left open runs to the end, where the notes would be defined: leave such a file be.
    if super::blocks::fence_open_at_end(&lines) {
        return Cow::Borrowed(text);
    }
    // Byte ranges of fenced code, which no note is looked for in.
    let mut fenced = Vec::new();
    let mut at = 0;
    for (line, &in_code) in lines.iter().zip(&code) {
        if in_code {
            fenced.push(at..at + line.len());
        }
        at += line.len();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 128);
    let mut notes: Vec<String> = Vec::new();
    let (mut i, mut copied, mut fence) = (0, 0, 0);
    while i < bytes.len() {
        while fenced.get(fence).is_some_and(|r| r.end <= i) {
            fence += 1;
        }
        if let Some(r) = fenced.get(fence).filter(|r| r.contains(&i)) {
            i = r.end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = super::blocks::after_code_span(bytes, i),
            b'^' if bytes.get(i + 1) == Some(&b'[') => match super::blocks::closing_bracket(bytes, i + 2) {
                Some(end) => {
                    notes.push(note_text(&text[i + 2..end]));
                    out.push_str(&text[copied..i]);
                    out.push_str(&format!("[^{LABEL}{}]<!--", notes.len()));
                    // The note's text stays where it was, hidden, so its lines stay lines.
                    out.push_str(&text[i + 2..end].replace("-->", "- ->"));
                    out.push_str("-->");
                    i = end + 1;
                    copied = i;
                }
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    if notes.is_empty() {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for (n, note) in notes.iter().enumerate() {
        out.push_str(&format!("\n[^{LABEL}{}]: {note}\n", n + 1));
    }
    Cow::Owned(out)
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
        let out = to_footnotes(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[..4],
            [
                "Here is a note.[^folio-inline-1]<!--Easier to write, with [a link](x) and",
                "`code ]` in it.--> More.",
                "",
                "Next."
            ]
        );
        assert_eq!(lines[5], "[^folio-inline-1]: Easier to write, with [a link](x) and `code ]` in it.");
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
            assert_eq!(to_footnotes(text), text);
        }
    }
}
