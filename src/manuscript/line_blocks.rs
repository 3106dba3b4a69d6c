//! Pandoc's line blocks, the way its authors write verse: each line opens with `| `, its
//! leading spaces kept, a line that runs on beginning with a space instead of a bar. Rewritten,
//! line for line, as the hard-broken lines folio reads as verse, indents as no-break spaces.
//! A line block may stand in a quotation (`> | …`, a verse epigraph) or a list item (indented
//! under its text): its lines keep the marks and indentation before their bars.

use std::borrow::Cow;

/// The text with every line block as verse lines; the text itself if it has none.
pub(super) fn to_verse(text: &str) -> Cow<'_, str> {
    if !text.contains('|') {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let code = super::code_lines::in_code(&lines);
    let mut out: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        // A block starts after a blank line, a quotation's blank `>` line included.
        let starts_block = i == 0 || lines[i - 1].trim_matches([' ', '\t', '\r', '\n', '>']).is_empty();
        let prefix = container(lines[i]);
        let inside: Vec<&str> = match prefix {
            Some(p) if starts_block && !code[i] => {
                lines[i..].iter().map_while(|l| l.strip_prefix(p)).collect()
            }
            _ => Vec::new(),
        };
        let len = block_len(&inside);
        if len == 0 {
            if let Some(out) = &mut out {
                out.push_str(lines[i]);
            }
            i += 1;
            continue;
        }
        let out = out.get_or_insert_with(|| {
            let mut s = String::with_capacity(text.len() + 64);
            lines[..i].iter().for_each(|l| s.push_str(l));
            s
        });
        write_verse(&inside[..len], prefix.unwrap_or(""), out);
        i += len;
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// What stands before a line's bar when it may open a line block: quotation marks (each `>`
/// after at most three spaces, with the space after it) and spaces (as many as a list item's
/// text is indented: a line indented as far as code is code, and read as such by the caller).
fn container(line: &str) -> Option<&str> {
    let mut at = 0;
    loop {
        let spaces = line[at..].bytes().take_while(|&b| b == b' ').count();
        if line[at + spaces..].starts_with('|') {
            return Some(&line[..at + spaces]);
        }
        if spaces > 3 || !line[at + spaces..].starts_with('>') {
            return None;
        }
        at += spaces + 1;
        if line[at..].starts_with(' ') {
            at += 1;
        }
    }
}

/// Whether a line is one of a line block's own: a bar, then a space or nothing.
fn bar_line(line: &str) -> bool {
    let body = line.trim_end_matches(['\n', '\r']);
    body == "|" || body.starts_with("| ")
}

/// How many lines the line block opening `lines` takes (0 if none opens there): bar lines and
/// the lines that run on from them. A pipe table (a delimiter row under its first line) is not one.
fn block_len(lines: &[&str]) -> usize {
    if !lines.first().is_some_and(|l| bar_line(l)) || lines.get(1).is_some_and(|l| delimiter_row(l)) {
        return 0;
    }
    let mut n = 1;
    while n < lines.len() {
        let l = lines[n];
        let goes_on = l.starts_with([' ', '\t']) && !l.trim().is_empty();
        if !bar_line(l) && !goes_on {
            break;
        }
        n += 1;
    }
    // A table's rows open with bars too: every line ending in one is a table's, not verse.
    let table = lines[..n].iter().all(|l| l.trim_end().ends_with('|') && l.trim().len() > 1);
    if table { 0 } else { n }
}

/// Whether a line is a pipe table's delimiter row (`|---|:--:|`).
fn delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Writes a line block's lines (without the `prefix` before their bars, which each line keeps):
/// each bar line's text with a hard break unless the next line runs on from it or ends the
/// stanza; an empty bar line parts stanzas.
fn write_verse(lines: &[&str], prefix: &str, out: &mut String) {
    for (k, line) in lines.iter().enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let (text, own) = match body.strip_prefix('|') {
            Some(rest) if bar_line(line) => (rest.strip_prefix(' ').unwrap_or(rest), true),
            _ => (body.trim_start(), false),
        };
        // A quotation's marks stay on a stanza's blank line, or the quotation would end there.
        if text.trim().is_empty() {
            out.push_str(prefix.trim_end());
            out.push('\n');
            continue;
        }
        out.push_str(prefix);
        if own {
            let spaces = text.len() - text.trim_start_matches(' ').len();
            out.extend(std::iter::repeat_n('\u{a0}', spaces));
            super::blocks::escape_block_start(&text[spaces..], out);
        } else {
            // A line running on is text too: `- continued` is no list item.
            super::blocks::escape_block_start(text, out);
        }
        let next_goes_on = lines.get(k + 1).is_some_and(|n| !bar_line(n));
        let next_is_line = lines.get(k + 1).is_some_and(|n| bar_line(n) && n.trim().len() > 1);
        if next_is_line && !next_goes_on {
            // A backslash of the author's own at the end stays one: the break's comes after it.
            if out.ends_with('\\') {
                out.push(' ');
            }
            out.push('\\');
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_block_becomes_verse_lines_with_their_indents_line_for_line() {
        let text = "Before.\n\n| The limerick packs laughs anatomical\n| In space that is quite economical.\n|    But the good ones I've seen\n|    So seldom are clean\n| And the clean ones\n  so seldom are comical\n|\n| - a second stanza\n| 1. numbered\n\nAfter.\n";
        let out = to_verse(text);
        let want = "Before.\n\nThe limerick packs laughs anatomical\\\nIn space that is quite economical.\\\n\u{a0}\u{a0}\u{a0}But the good ones I've seen\\\n\u{a0}\u{a0}\u{a0}So seldom are clean\\\nAnd the clean ones\nso seldom are comical\n\n\\- a second stanza\\\n1\\. numbered\n\nAfter.\n";
        assert_eq!(out, want);
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn a_line_block_in_a_quotation_or_a_list_item_keeps_its_marks_and_indent() {
        let text = "> | The woods are lovely, dark and deep,\n> |    But I have promises to keep,\n>\n> — Robert Frost\n\n\
                    - item\n\n  | line one\n  | line two\n  |\n  | again\n";
        let want = "> The woods are lovely, dark and deep,\\\n> \u{a0}\u{a0}\u{a0}But I have promises to keep,\n>\n> — Robert Frost\n\n\
                    - item\n\n  line one\\\n  line two\n\n  again\n";
        assert_eq!(to_verse(text), want);
        // pandoc's list items are indented four spaces.
        assert_eq!(
            to_verse("-   item\n\n    | verse one\n    | verse two\n"),
            "-   item\n\n    verse one\\\n    verse two\n"
        );
        assert_eq!(to_verse("Text.\n\n    | code\n"), "Text.\n\n    | code\n");
        // Stanzas in a quotation keep it open; a bar in a quotation's text is no line block.
        assert_eq!(to_verse("> | one\n> |\n> | two\n"), "> one\n>\n> two\n");
        assert_eq!(to_verse("> Text goes on\n> | with a bar\n"), "> Text goes on\n> | with a bar\n");
    }

    #[test]
    fn pipe_tables_code_and_mid_paragraph_bars_stay_as_written() {
        let cont = to_verse("| The first line\n  - continued with a dash\n| *Refrain*, sung\n");
        assert_eq!(cont, "The first line\n\\- continued with a dash\\\n*Refrain*, sung\n");
        assert_eq!(to_verse("| ends in \\\n| next\n"), "ends in \\ \\\nnext\n");
        for text in [
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "| a | b |\n| 1 | 2 |\n",
            "```\n| not verse\n```\n",
            "Text goes on\n| with a bar\n",
            "No bars at all.\n",
        ] {
            assert_eq!(to_verse(text), text);
        }
    }
}
