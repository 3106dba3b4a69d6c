//! pandoc's fancy and example lists: items numbered `a.`, `B)`, `(iv)`, `#.` or `(@label)`, which
//! CommonMark reads as text. Their markers are rewritten, line for line and column for column, as
//! CommonMark's numbered ones (`a.` → `0.`, `(iv)` → `000)`), and each list's own numbering is
//! kept by the line of its marker, for the reader to give the list it starts. Plain `1.` and
//! `1)` markers are kept as written and their numbering noted too, so `1)` stays `1)`.
//!
//! A rewritten marker counts from 0 where a new list may start and from 1 where it interrupts a
//! paragraph: CommonMark lets only a list counted from 1 interrupt one, and pandoc lets only a
//! list inside an item do so, so a wrapped line beginning `i. e.` stays text in both.
//!
//! The pass follows the lines' blocks as far as markers need: which list items a line is
//! inside, and what is code (fenced, indented) or raw HTML, where nothing is a marker.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::{Counter, Delimiter, Numbering};

mod examples;
mod marker;
mod settle;

use super::code_lines::{closes, code_fence, columns, heading, note_definition, quote_marks, rule};
pub(super) use examples::Examples;
use marker::{Marker, bullet, marker};

/// The text with fancy list markers rewritten, `(@label)` references replaced by their
/// example's number, and the numbering of each line's first numbered marker, by line (0 for
/// the text's first), with the marker's column (1 for the line's first).
pub(super) fn to_commonmark<'a>(
    text: &'a str,
    examples: &mut Examples,
) -> (Cow<'a, str>, HashMap<usize, (u32, Numbering)>) {
    if !text.contains(['.', ')']) {
        return (Cow::Borrowed(text), HashMap::new());
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out: Option<String> = None;
    let mut st = State { after_blank: true, examples: std::mem::take(examples), ..State::default() };
    let mut code = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let read = read_line(line, i, lines.get(i + 1).copied(), &mut st);
        code.push(matches!(read, Read::Code));
        match (read, &mut out) {
            (Read::Rewritten(new), out) => {
                let s = out.get_or_insert_with(|| lines[..i].concat());
                s.push_str(&new);
            }
            (_, Some(s)) => s.push_str(line),
            (_, None) => {}
        }
    }
    *examples = std::mem::take(&mut st.examples);
    let refers = !examples.labels.is_empty() && text.contains("(@");
    let out = match out {
        Some(out) if refers => examples.refer(&out, &code),
        Some(out) => out,
        // Only references to examples of a file before this one.
        None if refers => return (Cow::Owned(examples.refer(text, &code)), st.numbering),
        None => return (Cow::Borrowed(text), st.numbering),
    };
    let settled = settle::settle(text, out, &mut st.numbering);
    (Cow::Owned(settled), st.numbering)
}

/// What the lines read so far tell about the next.
#[derive(Default)]
struct State {
    /// The list items the line may be inside, outermost first.
    items: Vec<Item>,
    /// Whether the line before was blank (or began the text, or ended a block).
    after_blank: bool,
    /// Whether the line before was indented code.
    in_code: bool,
    /// The fence of the code block open: its character and length.
    fence: Option<(char, usize)>,
    /// The raw HTML block open, by what ends it.
    html: Option<Html>,
    /// The column and numbering of each numbered item's line.
    numbering: HashMap<usize, (u32, Numbering)>,
    /// The example items so far.
    examples: Examples,
}

/// What a line was.
enum Read {
    /// Text, markers and all, as written.
    Text,
    /// Code or raw HTML, as written.
    Code,
    /// A line whose marker was rewritten.
    Rewritten(String),
}

/// The mark of the item a footnote's definition stands for: blocks inside it, but no list.
const NOTE: u8 = b'^';

/// A list item the lines after its marker may be inside.
struct Item {
    /// The column of its marker.
    marker: usize,
    /// The column its text starts at: lines indented as far are its.
    content: usize,
    /// How its list counts; `None` for a bullet.
    style: Option<(Counter, Delimiter)>,
    /// The character CommonMark reads after its number (or the bullet).
    mark: u8,
    /// Whether it holds text yet: an item opening on an empty line ends at a blank one.
    has_text: bool,
}

/// What ends a raw HTML block (CommonMark's kinds 1, 2 and 6).
#[derive(Clone, Copy, PartialEq)]
enum Html {
    /// `-->`.
    Comment,
    /// The closing tag of `<pre>`, `<script>`, `<style>` or `<textarea>`.
    Raw(&'static str),
    /// A blank line (a block-level tag: `<div>`, `<table>` …).
    Blank,
}

/// Reads one line; returns it rewritten if its marker was.
fn read_line(line: &str, i: usize, next: Option<&str>, st: &mut State) -> Read {
    let body = line.trim_end_matches(['\n', '\r']);
    // A quotation's marks are taken as indentation: a list in a quotation reads as one outside.
    let start = quote_marks(body);
    let rest = body[start..].trim_start_matches([' ', '\t']);
    let indent = start + columns(&body[start..]);
    // Where a paragraph would start here: the text column of the innermost item the line is
    // indented into, or the quotation's (or the page's) edge.
    let base = st.items.iter().rev().find(|it| it.content <= indent).map_or(start, |it| it.content);
    let rel = indent.saturating_sub(base);
    if let Some(open) = st.fence {
        if rel <= 3 && closes(rest, open) {
            st.fence = None;
            st.after_blank = true;
        }
        return Read::Code;
    }
    // Only spaces and tabs make a blank line (a no-break space is text), a quotation's `>` too.
    let blank = rest.is_empty();
    if let Some(html) = st.html {
        let lower = rest.to_ascii_lowercase();
        match html {
            Html::Blank if blank => st.html = None,
            Html::Comment if lower.contains("-->") => st.html = None,
            Html::Raw(tag) if lower.contains(&format!("</{tag}>")) => st.html = None,
            _ => {}
        }
        st.after_blank |= st.html.is_none();
        return Read::Code;
    }
    if blank {
        st.after_blank = true;
        while st.items.last().is_some_and(|it| !it.has_text) {
            st.items.pop();
        }
        return Read::Text;
    }
    // A line indented into items gives them text.
    for it in st.items.iter_mut().filter(|it| it.content <= indent) {
        it.has_text = true;
    }
    let was_blank = std::mem::replace(&mut st.after_blank, false);
    // Four columns past where a paragraph would start: code after a blank line or more code,
    // else a paragraph's line going on; no marker either way.
    if rel >= 4 {
        st.in_code = was_blank || st.in_code;
        return if st.in_code { Read::Code } else { Read::Text };
    }
    st.in_code = false;
    if let Some(fence) = code_fence(rest) {
        end_empty_items(st, indent);
        st.fence = Some(fence);
        return Read::Code;
    }
    if let Some(html) = html_start(rest, was_blank || i == 0) {
        end_empty_items(st, indent);
        st.html = Some(html).filter(|h| !ends_at_once(*h, rest));
        st.after_blank = st.html.is_none();
        return Read::Code;
    }
    if heading(rest) || rule(rest) {
        // A heading or a rule ends every list and starts a block after it.
        st.items.clear();
        st.after_blank = true;
        return Read::Text;
    }
    let underline = rest.trim_end_matches([' ', '\t']).chars().all(|c| c == '=');
    if rest.starts_with(":::") || underline {
        // A fenced div's fence (blank to pulldown-cmark) or a heading's underline: a block
        // may start under it.
        st.after_blank = true;
        return Read::Text;
    }
    if note_definition(rest) {
        // A footnote holds blocks four columns in from the text it is written in, as an item
        // holds its own: its lists and example references are read there, not taken for code.
        if was_blank {
            st.items.retain(|it| it.content <= indent);
        }
        end_empty_items(st, indent);
        st.items.push(Item { marker: indent, content: base + 4, style: None, mark: NOTE, has_text: true });
        return Read::Text;
    }
    // The item a marker here would follow in its list: a list goes on while its items are
    // counted alike (`h.` then `i.` is lettered), and a different count starts another.
    let sibling = st
        .items
        .iter()
        .find(|it| it.marker <= indent && indent < it.content && it.mark != NOTE)
        .map(|it| (it.style, it.mark));
    let prefer = sibling.and_then(|(style, _)| style).map(|(counter, _)| counter);
    let Some(mut m) = marker(rest, prefer).or_else(|| bullet(rest)) else {
        // A paragraph at the margin after a blank line ends the lists; text after a blank line
        // ends the items it is not indented into.
        if was_blank {
            st.items.retain(|it| it.content <= indent);
        }
        end_empty_items(st, indent);
        return Read::Text;
    };
    // `#` counts on in its list's figures.
    if let (true, Some((Some((counter, delimiter)), _))) = (m.default, sibling)
        && delimiter == m.delimiter
    {
        m.counter = Some(counter);
    }
    // Outside a list, a marker right under a line of text continues its paragraph (pandoc);
    // CommonMark agrees for the rewritten markers, and for `1.` starts a list, noted below.
    // (A footnote is no list: a line going on its text is text there too.)
    let in_list = st.items.iter().any(|it| it.mark != NOTE);
    if !in_list && !was_blank && i > 0 && (m.rewrite || m.value != 1) {
        return Read::Text;
    }
    // Nor may an empty item open a list inside an item's text. A marker alone on its line is
    // one only with its item's text indented under it: a year in parentheses, `(1854)`, under
    // a poem's title is the poem's date, though pandoc makes it an empty item.
    let empty = rest[m.width..].trim_start_matches([' ', '\t']).is_empty();
    if empty && !was_blank && i > 0 && sibling.is_none() {
        return Read::Text;
    }
    let text_under = next.is_some_and(|n| {
        let n = n.trim_end_matches(['\n', '\r']);
        !n.trim_matches([' ', '\t']).is_empty() && columns(n) > indent
    });
    if empty && m.counter.is_some() && !text_under {
        return Read::Text;
    }
    let spaces = rest[m.width..].len() - rest[m.width..].trim_start_matches([' ', '\t']).len();
    // A marker longer than ten characters (`(@a_long_label)`) is written as nine figures: the
    // rest goes before it, as indentation, and after it, as space, as far as either may (more
    // than four spaces would make its text code); what is left over shortens the line.
    let pad = if m.rewrite { (m.width - 1).saturating_sub(9) } else { 0 };
    let lead = pad.min(3 - rel);
    let trail = (pad - lead).min(4usize.saturating_sub(spaces));
    st.items.retain(|it| it.content <= indent);
    // Five spaces or more after a marker: the item's text starts one after it (and is code).
    let gap = if spaces > 4 || m.width + spaces == rest.len() { 1 } else { spaces };
    let style = m.counter.map(|c| (c, m.delimiter));
    let written = rest.as_bytes()[m.width - 1];
    let mark = commonmark_mark(&m, style, sibling, written);
    let after = rest[m.width..].trim_start_matches([' ', '\t']);
    st.items.push(Item {
        marker: indent,
        content: indent + m.width + gap,
        style,
        mark,
        has_text: !after.is_empty(),
    });
    if let Some(fence) = code_fence(after) {
        st.fence = Some(fence);
    }
    let Some(counter) = m.counter else { return Read::Text };
    let start = match &m.example {
        Some(label) => st.examples.next(label),
        None => m.value,
    };
    let at = body.len() - rest.len();
    let column = line[..at].chars().count() + lead + 1;
    st.numbering.insert(i, (column as u32, Numbering { start, counter, delimiter: m.delimiter }));
    if !m.rewrite && mark == written {
        return Read::Text;
    }
    let mut new = String::with_capacity(line.len() + 2);
    new.push_str(&line[..at]);
    if m.rewrite {
        let digits = m.width - 1 - pad;
        new.extend(std::iter::repeat_n(' ', lead));
        new.extend(std::iter::repeat_n('0', digits - 1));
        new.push(if was_blank || i == 0 { '0' } else { '1' });
        new.push(char::from(mark));
        new.extend(std::iter::repeat_n(' ', trail));
    } else {
        new.push_str(&rest[..m.width - 1]);
        new.push(char::from(mark));
    }
    new.push_str(&line[at + m.width..]);
    Read::Rewritten(new)
}

/// Ends the items still empty that a line other than a marker's is not indented into: such a
/// line cannot go on an item's text that has none.
fn end_empty_items(st: &mut State, indent: usize) {
    st.items.retain(|it| it.has_text || it.content <= indent);
}

/// The character CommonMark is to read after a marker's number: its list's own where the list
/// goes on, and the other one where a list counted otherwise follows at once, since CommonMark
/// parts lists only where that character changes.
fn commonmark_mark(
    m: &Marker,
    style: Option<(Counter, Delimiter)>,
    sibling: Option<(Option<(Counter, Delimiter)>, u8)>,
    written: u8,
) -> u8 {
    let natural = match (m.counter, m.delimiter) {
        (None, _) => written,
        (Some(_), Delimiter::Period) => b'.',
        (Some(_), _) => b')',
    };
    match sibling {
        Some((before, c)) if before == style => c,
        Some((_, c)) if c == natural && m.counter.is_some() => {
            if c == b'.' {
                b')'
            } else {
                b'.'
            }
        }
        _ => natural,
    }
}

/// The raw HTML block a line opens, if it opens one; a line of one tag alone opens one only
/// where it does not go on a paragraph (`after_block`).
fn html_start(rest: &str, after_block: bool) -> Option<Html> {
    const BLOCK: [&str; 33] = [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tr",
        "ul",
    ];
    if !rest.starts_with('<') {
        return None;
    }
    if rest.starts_with("<!--") {
        return Some(Html::Comment);
    }
    let lower = rest.to_ascii_lowercase();
    let named = |name: &str, from: usize| {
        lower.starts_with('<')
            && lower
                .get(from..)
                .and_then(|r| r.strip_prefix(name))
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', '>', '/', '\t']))
    };
    if let Some(tag) =
        ["pre", "script", "style", "textarea"].into_iter().find(|t| named(t, 1) && lower.starts_with('<'))
    {
        return Some(Html::Raw(tag));
    }
    let from = if lower.starts_with("</") { 2 } else { 1 };
    let block = lower.starts_with('<') && BLOCK.iter().any(|t| named(t, from));
    (block || after_block && lone_tag(rest.trim_end_matches([' ', '\t']))).then_some(Html::Blank)
}

/// Whether a line is one HTML tag alone, opening or closing (`<span class="x">`, `</em>`).
fn lone_tag(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else { return false };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name = inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
    inner.starts_with(|c: char| c.is_ascii_alphabetic())
        && !inner.contains(['<', '>'])
        && inner[name..].chars().next().is_none_or(|c| c.is_whitespace() || c == '/')
}

/// Whether a raw HTML block ends on the line it opens on.
fn ends_at_once(html: Html, rest: &str) -> bool {
    let lower = rest.to_ascii_lowercase();
    match html {
        Html::Comment => lower[4..].contains("-->"),
        Html::Raw(tag) => lower.contains(&format!("</{tag}>")),
        Html::Blank => false,
    }
}

#[cfg(test)]
mod tests;
