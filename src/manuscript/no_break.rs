//! pandoc's escaped space: a backslash before a space is a no-break space (`Mr.\ Darcy`,
//! `10\ 000`, `p.\ 5`). CommonMark leaves both characters, so the backslash was printed. Each
//! is written as `&#160;` before pulldown-cmark reads the text, outside code, where a backslash
//! is the author's to keep; the line count stays, as every pass before reading keeps it. In a
//! link's address it is a space, written `%20` as pandoc writes it.

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
    // Inside a link's address until it ends: `](…)` and a reference's after `[label]:` at a
    // space or `)`, `](<…>)` and an autolink `<scheme:…>` at `>`.
    let mut address: Option<Address> = None;
    // Where the address of the reference defined on this line begins: its label is text, read
    // as the links that use it are read, or the two would not match.
    let mut reference = None;
    // Whether the line before this one was blank or a reference's: a reference definition
    // cannot interrupt a paragraph, so a line inside one that looks like it is text.
    let mut may_define = true;
    // Over the whole text, not line by line: a code span may go on to the next line.
    while i < bytes.len() {
        if let Some(end) = code.skip(i) {
            i = end;
            continue;
        }
        if i == 0 || bytes[i - 1] == b'\n' {
            reference = reference_address(bytes, i).filter(|_| may_define);
            let line = &bytes[i..bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| i + n)];
            may_define = reference.is_some() || line.iter().all(u8::is_ascii_whitespace);
        }
        if reference == Some(i) {
            address = Some(Address::Bare);
        }
        match (bytes[i], address) {
            (b']', None) if bytes[i..].starts_with(b"](<") => (i, address) = (i + 3, Some(Address::Angled)),
            (b']', None) if bytes.get(i + 1) == Some(&b'(') => (i, address) = (i + 2, Some(Address::Bare)),
            (b'<', None) if autolink(&bytes[i + 1..]) => (i, address) = (i + 1, Some(Address::Angled)),
            (b')' | b' ' | b'\n', Some(Address::Bare)) | (b'>' | b'\n', Some(Address::Angled)) => {
                (i, address) = (i + 1, None)
            }
            (b, Some(_)) if b != b'\\' => i += 1,
            (b'`', _) => i = super::blocks::after_code_span(bytes, i),
            // In TeX `\ ` is a space of its own: an entity there reached the formula as `#160;`.
            (b'$', _) => i = after_math(bytes, i),
            (b'\\', _) if bytes.get(i + 1) == Some(&b' ') => {
                out.push_str(&text[from..i]);
                out.push_str(if address.is_some() { "%20" } else { "&#160;" });
                i += 2;
                from = i;
            }
            // An escaped character, a backslash among them, is its own.
            (b'\\', _) => i += 2,
            _ => i += 1,
        }
    }
    out.push_str(&text[from.min(text.len())..]);
    Cow::Owned(out)
}

/// How a link's address ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Address {
    /// At a space, a `)` or the line's end.
    Bare,
    /// At its `>`: `](<my file.pdf>)`, `<https://…>`.
    Angled,
}

/// Whether the text after a `<` opens an autolink: a scheme of two to 32 letters, digits, `+`,
/// `.` or `-`, first a letter, then a colon.
fn autolink(after: &[u8]) -> bool {
    let scheme =
        after.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')).count();
    after.first().is_some_and(u8::is_ascii_alphabetic)
        && (2..=32).contains(&scheme)
        && after.get(scheme) == Some(&b':')
}

/// Where the address of a reference definition on the line from `i` begins (`[label]: address`,
/// indented three spaces at most), if the line is one.
fn reference_address(bytes: &[u8], i: usize) -> Option<usize> {
    let indent = bytes[i..].iter().take(4).take_while(|&&b| b == b' ').count();
    let mut j = i + indent;
    if indent > 3 || bytes.get(j) != Some(&b'[') || bytes.get(j + 1) == Some(&b'^') {
        return None;
    }
    while j < bytes.len() && !matches!(bytes[j], b']' | b'\n') {
        j += if bytes[j] == b'\\' { 2 } else { 1 };
    }
    if bytes.get(j) != Some(&b']') || bytes.get(j + 1) != Some(&b':') {
        return None;
    }
    j += 2;
    while bytes.get(j) == Some(&b' ') {
        j += 1;
    }
    Some(j)
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
    fn an_escaped_space_in_a_links_address_is_a_space_in_it() {
        assert_eq!(
            to_entities("[a\\ b](http://x.org/a\\ b) c\\ d\n"),
            "[a&#160;b](http://x.org/a%20b) c&#160;d\n"
        );
        assert_eq!(
            to_entities("[r]: http://x.org/a\\ b\n\nx\\ y [r]\n"),
            "[r]: http://x.org/a%20b\n\nx&#160;y [r]\n"
        );
        // A label is read as the links that use it are, or they would not find it.
        assert_eq!(
            to_entities("[r\\ s]: http://x.org/a\\ b\n\nSee [r\\ s].\n"),
            "[r&#160;s]: http://x.org/a%20b\n\nSee [r&#160;s].\n"
        );
        // A note's definition is text, and an address ends at its closing parenthesis.
        assert_eq!(to_entities("[^1]: p.\\ 5\n"), "[^1]: p.&#160;5\n");
        assert_eq!(to_entities("[a](b) c\\ d\n"), "[a](b) c&#160;d\n");
        // An address in angle brackets goes on past its spaces; an autolink is an address too.
        assert_eq!(to_entities("[a](<my file\\ x.pdf>) c\\ d\n"), "[a](<my file%20x.pdf>) c&#160;d\n");
        assert_eq!(
            to_entities("<http://x.org/a\\ b> and a < b\\ c\n"),
            "<http://x.org/a%20b> and a < b&#160;c\n"
        );
        // A line inside a paragraph is no reference definition, whatever it looks like.
        assert_eq!(to_entities("Text\n[x]: y\\ z\n"), "Text\n[x]: y&#160;z\n");
        assert_eq!(to_entities("[x]: a\\ b\n[y]: c\\ d\n"), "[x]: a%20b\n[y]: c%20d\n");
    }

    #[test]
    fn an_escaped_space_in_mathematics_is_tex_s_own() {
        assert_eq!(to_entities("$a\\ b$ c\\ d $$x\\ y$$\n"), "$a\\ b$ c&#160;d $$x\\ y$$\n");
        // A dollar no formula follows is a dollar.
        assert_eq!(to_entities("$ 5\\ each, $5\\ more\n\nx$\n"), "$ 5&#160;each, $5&#160;more\n\nx$\n");
    }
}
