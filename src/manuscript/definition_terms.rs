//! Pandoc's definition lists take a term of one line: a `: ` line under a paragraph of two lines
//! or more is that paragraph's text (a French sentence wrapped before its colon), where
//! pulldown-cmark would make the whole paragraph a bold term. Such a line's colon is escaped, line
//! for line, so that it stays text. Pandoc also opens a definition with `~`, which pulldown-cmark
//! does not know: it becomes `:` where it opens one.

use std::borrow::Cow;

/// The text with every `:` that cannot open a definition escaped; the text itself if none.
pub(super) fn one_line_terms(text: &str) -> Cow<'_, str> {
    if !text.contains("\n:") && !text.contains("\n~") && !text.contains("\n ") && !text.contains("\n>") {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let code = super::code_lines::in_code(&lines);
    // Per run of non-blank lines: how many so far, and whether one opened a definition.
    let (mut run, mut defining) = (0usize, false);
    // The run before the last blank line: a definition after a blank line belongs to it.
    let (mut last_run, mut last_defining) = (0usize, false);
    let mut out: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let (prefix, content) = split_quote(line);
        let escape_at = if code[i] {
            None
        } else if content.trim().is_empty() {
            if run > 0 {
                (last_run, last_defining) = (run, defining);
            }
            (run, defining) = (0, false);
            None
        } else if let Some(at) = bare_colon(content) {
            // `:Iligh` at a line's start opens no definition in pandoc (a space must follow), but
            // pulldown-cmark takes it for one: the French Baskerville's wrapped "fermes : Iligh
            // Tor" became a definition list of its whole paragraph.
            run += 1;
            Some(prefix.len() + at)
        } else {
            let marker = opens_definition(content);
            let defines = marker.is_some()
                && match run {
                    0 => last_run <= 1 || last_defining,
                    1 => true,
                    _ => defining,
                };
            defining |= defines;
            run += 1;
            marker.map(|at| prefix.len() + at).filter(|&at| defines == line[at..].starts_with('~'))
        };
        match (escape_at, &mut out) {
            // A `~` that opens a definition is written as the `:` pulldown-cmark knows; a `:`
            // that opens none is escaped (a `~` that opens none needs nothing).
            (Some(at), out) => {
                let out = out.get_or_insert_with(|| lines[..i].concat());
                out.push_str(&line[..at]);
                out.push_str(if line[at..].starts_with('~') { ":" } else { "\\:" });
                out.push_str(&line[at + 1..]);
            }
            (None, Some(out)) => out.push_str(line),
            (None, None) => {}
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// A line's quotation marks (`>` after at most three spaces, with the space after each), and
/// the rest.
fn split_quote(line: &str) -> (&str, &str) {
    let mut at = 0;
    loop {
        let spaces = line[at..].bytes().take_while(|&b| b == b' ').count();
        if spaces > 3 || !line[at + spaces..].starts_with('>') {
            return line.split_at(at);
        }
        at += spaces + 1;
        if line[at..].starts_with(' ') {
            at += 1;
        }
    }
}

/// Where a line's `:` is, when it stands at the start (after at most three spaces) with no space
/// after it: text, not a definition's marker.
fn bare_colon(content: &str) -> Option<usize> {
    let spaces = content.bytes().take_while(|&b| b == b' ').count();
    let rest = &content.as_bytes()[spaces..];
    // A run of colons is a fenced div's fence (`::: lead`), left to that pass.
    (spaces <= 3
        && rest.first() == Some(&b':')
        && !matches!(rest.get(1), None | Some(b' ' | b'\t' | b'\n' | b'\r' | b':')))
    .then_some(spaces)
}

/// Where the marker is, if the line opens a definition: at most three spaces, `:` or `~`, then
/// a space or a tab.
fn opens_definition(content: &str) -> Option<usize> {
    let spaces = content.bytes().take_while(|&b| b == b' ').count();
    let rest = &content.as_bytes()[spaces..];
    (spaces <= 3 && matches!(rest.first(), Some(b':' | b'~')) && matches!(rest.get(1), Some(b' ' | b'\t')))
        .then_some(spaces)
}

#[cfg(test)]
mod tests {
    use super::one_line_terms;

    #[test]
    fn a_colon_with_no_space_after_it_stays_text() {
        let text = "Enfin, j'aperçois deux\nfermes\n:Iligh\nTor et Foulmire.\n\nTerm\n: definition\n\n::: lead\nText.\n:::\n";
        let escaped = "Enfin, j'aperçois deux\nfermes\n\\:Iligh\nTor et Foulmire.\n\nTerm\n: definition\n\n::: lead\nText.\n:::\n";
        assert_eq!(one_line_terms(text), escaped);
    }

    #[test]
    fn a_colon_under_a_paragraph_of_two_lines_stays_text() {
        let text =
            "Une seule chose me semble certaine\nsur la lande\n: M. James Desmond est un galant homme.\n";
        assert_eq!(
            one_line_terms(text),
            "Une seule chose me semble certaine\nsur la lande\n\\: M. James Desmond est un galant homme.\n"
        );
    }

    #[test]
    fn one_line_terms_keep_their_definitions_however_many() {
        for text in [
            "Term\n: a definition\n: another\n",
            "Term\n\n: a definition\n\n: another\n",
            "Term\n: a definition\n\n: another\n",
            "> Term\n> : quoted definition\n",
        ] {
            assert_eq!(one_line_terms(text), text, "{text:?}");
        }
    }

    #[test]
    fn after_a_blank_line_a_longer_paragraph_is_no_term_either() {
        let text = "Long term line one\nline two\n\n: also not one\n";
        assert_eq!(one_line_terms(text), "Long term line one\nline two\n\n\\: also not one\n");
        let quoted = "> one\n> two\n> : three\n";
        assert_eq!(one_line_terms(quoted), "> one\n> two\n> \\: three\n");
    }

    #[test]
    fn code_is_left_alone() {
        let text = "```\nline one\nline two\n: in code\n```\n";
        assert_eq!(one_line_terms(text), text);
    }

    #[test]
    fn a_tilde_opens_a_definition_as_a_colon_does() {
        let text = "Term 1\n\n~ Definition 1\n\nTerm 2\n  ~ Definition 2a\n  ~ Definition 2b\n";
        assert_eq!(
            one_line_terms(text),
            "Term 1\n\n: Definition 1\n\nTerm 2\n  : Definition 2a\n  : Definition 2b\n"
        );
        // Under a paragraph of two lines it opens nothing, and stays as written.
        let text = "One line\nand another\n~ 5 km on\n";
        assert_eq!(one_line_terms(text), text);
        let text = "~~~\nTerm\n~ in code\n~~~\n";
        assert_eq!(one_line_terms(text), text);
    }
}
