//! pandoc's escaped space: a backslash before a space is a no-break space (`Mr.\ Darcy`,
//! `10\ 000`, `p.\ 5`). CommonMark leaves both characters, so the backslash was printed. Each
//! is written as `&#160;` before pulldown-cmark reads the text, outside code, where a backslash
//! is the author's to keep; the line count stays, as every pass before reading keeps it.

use std::borrow::Cow;

/// The text with every escaped space as a no-break space's character reference.
pub(super) fn to_entities(text: &str) -> Cow<'_, str> {
    if !text.contains("\\ ") {
        return Cow::Borrowed(text);
    }
    let mut code = super::code_lines::CodeBlocks::of(text);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut i, mut from) = (0, 0);
    // Over the whole text, not line by line: a code span may go on to the next line.
    while i < bytes.len() {
        if let Some(end) = code.skip(i) {
            i = end;
            continue;
        }
        match bytes[i] {
            b'`' => i = super::blocks::after_code_span(bytes, i),
            // In TeX `\ ` is a space of its own: an entity there reached the formula as `#160;`.
            b'$' => i = after_math(bytes, i),
            b'\\' if bytes.get(i + 1) == Some(&b' ') => {
                out.push_str(&text[from..i]);
                out.push_str("&#160;");
                i += 2;
                from = i;
            }
            // An escaped character, a backslash among them, is its own.
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    out.push_str(&text[from.min(text.len())..]);
    Cow::Owned(out)
}

/// Where the formula opening with the `$` or `$$` at `i` ends (after its closing mark), or just
/// past the opening when none closes it in its paragraph (the dollar is then literal).
fn after_math(bytes: &[u8], i: usize) -> usize {
    let display = bytes.get(i + 1) == Some(&b'$');
    let open = if display { 2 } else { 1 };
    // pulldown-cmark opens inline mathematics only before a character that is not a space.
    if !display && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()) {
        return i + 1;
    }
    let mut j = i + open;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'$' if display && bytes.get(j + 1) == Some(&b'$') => return j + 2,
            b'$' if !display && !bytes[j - 1].is_ascii_whitespace() => return j + 1,
            b'\n' if super::blocks::blank_after(bytes, j) => break,
            _ => j += 1,
        }
    }
    i + open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_space_is_a_no_break_space_outside_code() {
        assert_eq!(to_entities("Mr.\\ Darcy, 10\\ 000.\n"), "Mr.&#160;Darcy, 10&#160;000.\n");
        // An escaped backslash, then a space; code spans and blocks keep theirs.
        assert_eq!(to_entities("a\\\\ b `c\\ d` e\\ f\n"), "a\\\\ b `c\\ d` e&#160;f\n");
        assert_eq!(to_entities("```\nx\\ y\n```\n"), "```\nx\\ y\n```\n");
        assert_eq!(to_entities("    x\\ y\n"), "    x\\ y\n");
        assert_eq!(to_entities("ends with \\"), "ends with \\");
        assert_eq!(to_entities("a `code\nx\\ y` b\\ c\n"), "a `code\nx\\ y` b&#160;c\n");
        assert!(matches!(to_entities("no escape"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_escaped_space_in_mathematics_is_tex_s_own() {
        assert_eq!(to_entities("$a\\ b$ c\\ d $$x\\ y$$\n"), "$a\\ b$ c&#160;d $$x\\ y$$\n");
        // A dollar no formula follows is a dollar.
        assert_eq!(to_entities("$ 5\\ each, $5\\ more\n\nx$\n"), "$ 5&#160;each, $5&#160;more\n\nx$\n");
    }
}
