//! What the passes that read a manuscript's lines before pulldown-cmark must leave alone: code,
//! fenced or indented, in list items and quotations as at the margin. A list item's text may be
//! indented four spaces (pandoc's own style, `-   item`); it is text, not code, there.

/// A text's code lines, for a pass that walks its bytes and must step over code blocks.
pub(super) struct CodeBlocks {
    /// Where each line ends, and whether it is code.
    lines: Vec<(usize, bool)>,
    /// The line the last offset asked about was on: offsets are asked in order.
    at: usize,
}

impl CodeBlocks {
    /// Finds the code lines of `text`.
    pub(super) fn of(text: &str) -> CodeBlocks {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let code = in_code(&lines);
        let ends = lines.iter().scan(0, |end, l| {
            *end += l.len();
            Some(*end)
        });
        CodeBlocks { lines: ends.zip(code).collect(), at: 0 }
    }

    /// `None` if byte `i` is outside code, else where its code line ends; `i` never goes back.
    pub(super) fn skip(&mut self, i: usize) -> Option<usize> {
        while self.lines.get(self.at).is_some_and(|&(end, _)| i >= end) && self.at + 1 < self.lines.len() {
            self.at += 1;
        }
        self.lines.get(self.at).filter(|&&(_, code)| code).map(|&(end, _)| end)
    }
}

/// For each line, whether it is code: a fenced block (its fences included), or indented four
/// columns past where its item's (or the margin's) text starts, after a blank line or more code.
pub(super) fn in_code(lines: &[&str]) -> Vec<bool> {
    text_indents(lines).into_iter().map(|i| i.is_none()).collect()
}

/// For each line, `None` if it is code, else how many columns it stands past where the text of
/// the list item or definition it is in starts (past the margin outside one): a `:::` line
/// indented under a definition's `:   ` is a div's fence, as it is at the margin.
pub(super) fn text_indents(lines: &[&str]) -> Vec<Option<usize>> {
    let mut items: Vec<usize> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let (mut indented, mut after_blank) = (false, true);
    let mut code = Vec::with_capacity(lines.len());
    for line in lines {
        let body = line.trim_end_matches(['\n', '\r']);
        let start = quote_marks(body);
        let rest = body[start..].trim_start_matches([' ', '\t']);
        let indent = start + columns(&body[start..]);
        // Where the line's own blocks begin: its quotation's first mark, or its text.
        let edge = if start > 0 { columns(body) } else { indent };
        let base = items.iter().rev().find(|&&c| c <= indent).copied().unwrap_or(start);
        let rel = indent.saturating_sub(base);
        if let Some(open) = fence {
            if rel <= 3 && closes(rest, open) {
                fence = None;
                after_blank = true;
            }
            code.push(None);
            continue;
        }
        if rest.is_empty() {
            // Indented code runs over blank lines while what follows them is indented.
            after_blank = true;
            code.push((!indented).then_some(0));
            continue;
        }
        let was_blank = std::mem::replace(&mut after_blank, false);
        if rel >= 4 {
            // Code after a blank line or more code; else a paragraph's line going on.
            indented = indented || was_blank;
            code.push((!indented).then_some(rel));
            continue;
        }
        indented = false;
        // A line opening a block of its own (a quotation, a fence, a heading, a rule, a div's
        // fence) ends the items it is not indented into, as a blank line before it would; after
        // a heading, a rule or a div's fence, code may start at once.
        let ends_block = heading(rest)
            || rule(rest)
            || rest.starts_with(":::")
            || rest.trim_end_matches([' ', '\t']).chars().all(|c| c == '=');
        if was_blank || ends_block || start > 0 || code_fence(rest).is_some() {
            items.retain(|&c| c <= edge);
        }
        after_blank = ends_block;
        if let Some(f) = code_fence(rest) {
            fence = Some(f);
            code.push(None);
            continue;
        }
        if note_definition(rest) {
            // A note's later blocks stand four columns in from the text it is written in (not
            // from its `[^`), as pulldown-cmark reads them.
            items.retain(|&c| c <= indent);
            items.push(base + 4);
            code.push(Some(rel));
            continue;
        }
        match item_text(rest) {
            Some(offset) => {
                items.retain(|&c| c <= indent);
                items.push(indent + offset);
                // An item may open on a fence: its code follows.
                fence = code_fence(rest[offset.min(rest.len())..].trim_start());
                code.push(fence.is_none().then_some(rel));
            }
            None => code.push(Some(rel)),
        }
    }
    code
}

/// The columns a line's leading spaces and tabs take (tabs to the next stop of four).
pub(super) fn columns(s: &str) -> usize {
    let mut col = 0;
    for c in s.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// How many bytes a line's quotation marks take (`> > `): each `>` after at most three spaces,
/// with the space after it.
pub(super) fn quote_marks(body: &str) -> usize {
    let mut at = 0;
    loop {
        let spaces = body[at..].bytes().take_while(|&b| b == b' ').count();
        if spaces > 3 || !body[at + spaces..].starts_with('>') {
            return at;
        }
        at += spaces + 1;
        if body[at..].starts_with(' ') {
            at += 1;
        }
    }
}

/// Whether a line is an ATX heading (`#` to `######`, then a space or nothing).
pub(super) fn heading(rest: &str) -> bool {
    let n = rest.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&n) && rest[n..].chars().next().is_none_or(|c| c == ' ' || c == '\t')
}

/// Whether a line is a thematic break (or a heading's underline): three or more `-`, `*` or
/// `_`, spaces between.
pub(super) fn rule(rest: &str) -> bool {
    let t = rest.trim_end_matches([' ', '\t']);
    t.chars().next().is_some_and(|c| {
        matches!(c, '-' | '*' | '_')
            && t.chars().filter(|&x| x == c).count() >= 3
            && t.chars().all(|x| x == c || x == ' ' || x == '\t')
    })
}

/// Where a CommonMark list item's text starts on its marker's line (`- `, `1. `, `10) `), from
/// the marker; `None` if the line opens no item. Five spaces or more after the marker: one.
fn item_text(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let width = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        // A definition's text is indented under its text as an item's is (pandoc's `:   `).
        b':' | b'~' if matches!(b.get(1), Some(b' ' | b'\t')) && !rest[1..].trim().is_empty() => 1,
        _ if (1..10).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let after = &rest[width..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    // `* * *` and `---` are rules, not bullets.
    let c = b[0];
    if width == 1
        && rest.bytes().filter(|&x| x == c).count() >= 3
        && rest.bytes().all(|x| x == c || x == b' ' || x == b'\t')
    {
        return None;
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some(width + if (1..=4).contains(&spaces) && spaces < after.len() { spaces } else { 1 })
}

/// Whether a line opens a footnote's definition (`[^label]: `).
pub(super) fn note_definition(rest: &str) -> bool {
    rest.strip_prefix("[^")
        .and_then(|r| r.split_once("]:"))
        .is_some_and(|(label, _)| !label.is_empty() && !label.contains([']', '[']))
}

/// Whether a line closes the code block its fence opened: as many of the fence's character or
/// more, and nothing else.
pub(super) fn closes(rest: &str, (c, n): (char, usize)) -> bool {
    let t = rest.trim_end_matches([' ', '\t']);
    t.len() >= n && t.chars().all(|x| x == c)
}

/// The fence a code block opens with on this line: three or more backticks (none after them)
/// or tildes.
pub(super) fn code_fence(t: &str) -> Option<(char, usize)> {
    let c = t.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = t.chars().take_while(|&x| x == c).count();
    (len >= 3 && (c == '~' || !t[len..].contains('`'))).then_some((c, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Vec<bool> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        in_code(&lines)
    }

    #[test]
    fn a_list_items_text_indented_four_spaces_is_text_and_its_code_is_code() {
        let text = "-   item\n\n    more text\n\n        code in it\n\n    ```\n    fenced\n    ```\n\nback\n\n    code\n";
        assert_eq!(
            code(text),
            [false, false, false, false, true, true, true, true, true, false, false, false, true]
        );
    }

    #[test]
    fn a_notes_later_blocks_four_spaces_in_are_text_and_eight_in_are_code() {
        let text = "[^1]: A note.\n\n    | a line of verse\n\n        code in it\n\nback\n\n    code\n";
        assert_eq!(code(text), [false, false, false, false, true, true, false, false, true]);
        assert_eq!(code("[^]: no label\n\n    code\n"), [false, false, true]);
        // Written two spaces in, its blocks still stand four in from the margin.
        assert_eq!(
            code("  [^1]: A note.\n\n        code in it\n\n    text\n"),
            [false, false, true, true, false]
        );
    }

    #[test]
    fn a_quotation_a_fence_or_a_heading_ends_the_items_before_it() {
        assert_eq!(code("- item\n\n> A quote.\n\n    code\n"), [false, false, false, false, true]);
        assert_eq!(
            code("- item\n\n```\nfenced\n```\n\n    code\n"),
            [false, false, true, true, true, false, true]
        );
        assert_eq!(code("# Heading\n    code\n"), [false, true]);
        assert_eq!(code("::: note\n    code\n:::\n"), [false, true, false]);
        assert_eq!(code("Text\n    goes on\n"), [false, false]);
    }

    #[test]
    fn fences_in_quotations_and_on_an_items_line_are_code() {
        assert_eq!(code("> ```\n> [x]{.y}\n> ```\ntext\n"), [true, true, true, false]);
        assert_eq!(code("1. ```\n   a\n   ```\n"), [true, true, true]);
        assert_eq!(code("text\n    goes on\n"), [false, false]);
    }
}
