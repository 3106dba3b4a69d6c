//! pandoc's fancy and example lists: items numbered `a.`, `B)`, `(iv)`, `#.` or `(@label)`, which
//! CommonMark reads as text. Their markers are rewritten, line for line and column for column, as
//! CommonMark's numbered ones (`a.` → `0.`, `(iv)` → `000)`), and each list's own numbering is
//! kept by the line of its marker, for the reader to give the list it starts. Plain `1.` and
//! `1)` markers are kept as written and their numbering noted too, so `1)` stays `1)`.
//!
//! A rewritten marker counts from 0 where a new list may start and from 1 where it interrupts a
//! paragraph: CommonMark lets only a list counted from 1 interrupt one, and pandoc lets only a
//! list inside an item do so, so a wrapped line beginning `i. e.` stays text in both.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::{Counter, Delimiter, Numbering, roman_value};

/// The text with fancy list markers rewritten, `(@label)` references replaced by their
/// example's number, and the numbering of each line's first numbered marker, by line (0 for
/// the text's first), with the marker's column (1 for the line's first).
pub(super) fn to_commonmark(text: &str) -> (Cow<'_, str>, HashMap<usize, (u32, Numbering)>) {
    if !text.contains(['.', ')']) {
        return (Cow::Borrowed(text), HashMap::new());
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let fenced = super::blocks::in_fenced_code(&lines);
    let mut out: Option<String> = None;
    let mut st = State { after_blank: true, ..State::default() };
    for (i, line) in lines.iter().enumerate() {
        let rewritten = if fenced[i] { None } else { read_line(line, i, &mut st) };
        match (rewritten, &mut out) {
            (Some(new), out) => {
                let s = out.get_or_insert_with(|| lines[..i].concat());
                s.push_str(&new);
            }
            (None, Some(s)) => s.push_str(line),
            (None, None) => {}
        }
    }
    let text = out.map_or(Cow::Borrowed(text), Cow::Owned);
    if st.examples.labels.is_empty() {
        return (text, st.numbering);
    }
    (Cow::Owned(st.examples.refer(&text, &fenced)), st.numbering)
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
    /// The column and numbering of each numbered item's line.
    numbering: HashMap<usize, (u32, Numbering)>,
    /// The example items so far.
    examples: Examples,
}

/// Reads one line outside fenced code; returns it rewritten if its marker was.
fn read_line(line: &str, i: usize, st: &mut State) -> Option<String> {
    let body = line.trim_end_matches(['\n', '\r']);
    if body.trim().is_empty() {
        st.after_blank = true;
        return None;
    }
    let was_blank = std::mem::replace(&mut st.after_blank, false);
    // A quotation's marks are taken as indentation: a list in a quotation reads as one outside.
    let quoted = body.len() - body.trim_start_matches(['>', ' ']).len();
    let start = if body[..quoted].contains('>') { quoted } else { 0 };
    let indent = start + columns(&body[start..]);
    let rest = body[start..].trim_start_matches([' ', '\t']);
    let at = body.len() - rest.len();
    let inside = st.items.last().map(|it| it.content);
    // Indented code: four columns past where a paragraph would start, after a blank line or
    // more code.
    let deep = indent >= inside.unwrap_or(0) + 4;
    st.in_code = deep && (was_blank || st.in_code);
    if st.in_code {
        return None;
    }
    let heading = rest.starts_with('#') && rest.trim_start_matches('#').starts_with([' ', '\t'])
        || rest.trim_end() == "#";
    if heading || rule(rest) {
        // A heading or a rule ends every list and starts a block after it.
        st.items.clear();
        st.after_blank = true;
        return None;
    }
    // The item a marker here would follow in its list: a list goes on while its items are
    // counted alike (`h.` then `i.` is lettered), and a different count starts another.
    let sibling =
        st.items.iter().find(|it| it.marker <= indent && indent < it.content).map(|it| (it.style, it.mark));
    let prefer = sibling.and_then(|(style, _)| style).map(|(counter, _)| counter);
    let Some(m) = marker(rest, prefer).or_else(|| bullet(rest)) else {
        // A paragraph at the margin after a blank line ends the lists; text after a blank line
        // ends the items it is not indented into.
        if was_blank {
            st.items.retain(|it| it.content <= indent);
        }
        return None;
    };
    // Outside a list, a marker right under a line of text continues its paragraph (pandoc);
    // CommonMark agrees for the rewritten markers, and for `1.` starts a list, noted below.
    let in_list = !st.items.is_empty();
    if !in_list && !was_blank && i > 0 && (m.rewrite || m.value != 1) {
        return None;
    }
    st.items.retain(|it| it.content <= indent);
    let spaces = rest[m.width..].len() - rest[m.width..].trim_start_matches([' ', '\t']).len();
    // Five spaces or more after a marker: the item's text starts one after it (and is code).
    let gap = if spaces > 4 || m.width + spaces == rest.len() { 1 } else { spaces };
    let style = m.counter.map(|c| (c, m.delimiter));
    // CommonMark parts lists only where the delimiter's character changes: a list counted
    // unlike the one before it takes the other character.
    let written = rest.as_bytes()[m.width - 1];
    let natural = if m.counter.is_none() {
        written
    } else if m.delimiter == Delimiter::Period {
        b'.'
    } else {
        b')'
    };
    let mark = match sibling {
        Some((before, c)) if before == style => c,
        Some((_, c)) if c == natural && m.counter.is_some() => {
            if c == b'.' {
                b')'
            } else {
                b'.'
            }
        }
        _ => natural,
    };
    st.items.push(Item { marker: indent, content: indent + m.width + gap, style, mark });
    let numbers = m.counter?;
    let start = match &m.example {
        Some(label) => st.examples.next(label),
        None => m.value,
    };
    let column = line[..at].chars().count() as u32 + 1;
    st.numbering.insert(i, (column, Numbering { start, counter: numbers, delimiter: m.delimiter }));
    let mut new = String::with_capacity(line.len() + 2);
    new.push_str(&line[..at]);
    if !m.rewrite {
        if mark == written {
            return None;
        }
        new.push_str(&rest[..m.width - 1]);
    } else {
        let digits = m.width - 1;
        let (digits, pad) = if digits <= 9 { (digits, 0) } else { (9, digits - 9) };
        if spaces + pad > 4 {
            st.numbering.remove(&i);
            return None;
        }
        new.extend(std::iter::repeat_n('0', digits - 1));
        new.push(if was_blank || i == 0 { '0' } else { '1' });
        new.push(char::from(mark));
        new.extend(std::iter::repeat_n(' ', pad));
        new.push_str(&line[at + m.width..]);
        return Some(new);
    }
    new.push(char::from(mark));
    new.push_str(&line[at + m.width..]);
    Some(new)
}

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
}

/// The columns a line's leading spaces and tabs take (tabs to the next stop of four).
fn columns(s: &str) -> usize {
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

/// A list marker at the start of a line.
struct Marker {
    /// Its length in bytes (all ASCII).
    width: usize,
    /// How its list counts; `None` for a bullet.
    counter: Option<Counter>,
    /// Its number.
    value: u64,
    /// The marks around it.
    delimiter: Delimiter,
    /// An example's label (empty for `(@)`).
    example: Option<String>,
    /// Whether CommonMark would not read it as a marker.
    rewrite: bool,
}

/// A bullet (`-`, `*`, `+`) followed by a space; a thematic break (`- - -`, `***`) is none.
fn bullet(s: &str) -> Option<Marker> {
    s.chars().next().filter(|c| matches!(c, '-' | '*' | '+'))?;
    let after = &s[1..];
    if !(after.starts_with([' ', '\t']) || after.is_empty()) {
        return None;
    }
    (!rule(s)).then_some(Marker {
        width: 1,
        counter: None,
        value: 0,
        delimiter: Delimiter::Period,
        example: None,
        rewrite: false,
    })
}

/// Whether a line is a thematic break: three or more `-`, `*` or `_`, spaces between.
fn rule(s: &str) -> bool {
    let s = s.trim_end();
    s.chars().next().is_some_and(|c| {
        matches!(c, '-' | '*' | '_')
            && s.chars().filter(|&x| x == c).count() >= 3
            && s.chars().all(|x| x == c || x == ' ' || x == '\t')
    })
}

/// A numbered list marker as pandoc reads one: a number, `#`, `@label`, a letter or a Roman
/// numeral, followed by `.` or `)` or in parentheses, then a space or tab (two spaces, or a
/// tab, after a capital letter and a period, so that `B. Russell` stays a name).
fn marker(s: &str, prefer: Option<Counter>) -> Option<Marker> {
    let parens = s.starts_with('(');
    let open = usize::from(parens);
    let token_len = s[open..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'#' | b'@' | b'_' | b'-'))
        .count();
    let token = &s[open..open + token_len];
    let close = s[open + token_len..].chars().next()?;
    let delimiter = match (parens, close) {
        (true, ')') => Delimiter::Parens,
        (false, ')') => Delimiter::Paren,
        (false, '.') => Delimiter::Period,
        _ => return None,
    };
    let width = open + token_len + 1;
    let after = &s[width..];
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    let (counter, value, example) = classify(token, prefer)?;
    let capital =
        matches!(counter, Counter::UpperAlpha) || counter == Counter::UpperRoman && token.len() == 1;
    if delimiter == Delimiter::Period && capital && !(after.starts_with("  ") || after.starts_with('\t')) {
        return None;
    }
    // Numbers in a row (`XIII. XIV`, a verse's omitted stanzas) are no item numbered by the first.
    let numbers = after.split_whitespace().all(|t| {
        let t = t.trim_end_matches(['.', ')']);
        classify(t, Some(counter)).is_some_and(|(c, _, _)| c == counter && c != Counter::Decimal)
    });
    if numbers {
        return None;
    }
    let plain =
        counter == Counter::Decimal && example.is_none() && token != "#" && delimiter != Delimiter::Parens;
    Some(Marker { width, counter: Some(counter), value, delimiter, example, rewrite: !plain })
}

/// What a marker's token counts in and its value, pandoc's way: figures, `#`, `@label`, `i`
/// or `I` as Roman one, another single letter, then a longer Roman numeral.
fn classify(token: &str, prefer: Option<Counter>) -> Option<(Counter, u64, Option<String>)> {
    let b = token.as_bytes();
    // In a list already counting in letters or numerals, a token that may be either is read
    // the list's way: `i.` after `h.` is the ninth letter, `v.` after `iv.` five.
    match (prefer, b) {
        (Some(Counter::LowerAlpha), [c @ b'a'..=b'z']) => {
            return Some((Counter::LowerAlpha, u64::from(c - b'a' + 1), None));
        }
        (Some(Counter::UpperAlpha), [c @ b'A'..=b'Z']) => {
            return Some((Counter::UpperAlpha, u64::from(c - b'A' + 1), None));
        }
        (Some(Counter::LowerRoman | Counter::UpperRoman), _) if roman_value(token).is_some() => {
            let counter = if b[0].is_ascii_lowercase() { Counter::LowerRoman } else { Counter::UpperRoman };
            return Some((counter, u64::from(roman_value(token)?), None));
        }
        _ => {}
    }
    if !b.is_empty() && b.len() <= 9 && b.iter().all(u8::is_ascii_digit) {
        return Some((Counter::Decimal, token.parse().ok()?, None));
    }
    if token == "#" {
        return Some((Counter::Decimal, 1, None));
    }
    if let Some(label) = token.strip_prefix('@') {
        let ok = label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
        return ok.then(|| (Counter::Decimal, 0, Some(label.to_string())));
    }
    match b {
        [b'i'] => return Some((Counter::LowerRoman, 1, None)),
        [b'I'] => return Some((Counter::UpperRoman, 1, None)),
        [c @ b'a'..=b'z'] => return Some((Counter::LowerAlpha, u64::from(c - b'a' + 1), None)),
        [c @ b'A'..=b'Z'] => return Some((Counter::UpperAlpha, u64::from(c - b'A' + 1), None)),
        _ => {}
    }
    let value = u64::from(roman_value(token)?);
    if b.iter().all(u8::is_ascii_lowercase) {
        Some((Counter::LowerRoman, value, None))
    } else if b.iter().all(u8::is_ascii_uppercase) {
        Some((Counter::UpperRoman, value, None))
    } else {
        None
    }
}

/// Example items, numbered through the file, and the labels they were given.
#[derive(Default)]
struct Examples {
    count: u64,
    labels: HashMap<String, u64>,
}

impl Examples {
    /// The next example's number, under its label if it has one (a label used twice keeps
    /// its first number, as pandoc's does).
    fn next(&mut self, label: &str) -> u64 {
        self.count += 1;
        if !label.is_empty() {
            self.labels.entry(label.to_string()).or_insert(self.count);
        }
        self.count
    }

    /// The text with every `(@label)` outside code that names an example replaced by the
    /// example's number in parentheses, as pandoc refers to examples.
    fn refer(&self, text: &str, fenced: &[bool]) -> String {
        let mut out = String::with_capacity(text.len());
        for (line, &code) in text.split_inclusive('\n').zip(fenced) {
            if code || !line.contains("(@") {
                out.push_str(line);
                continue;
            }
            let bytes = line.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'`' {
                    let end = super::blocks::after_code_span(bytes, i).min(bytes.len());
                    out.push_str(&line[i..end]);
                    i = end;
                    continue;
                }
                let number = line[i..].strip_prefix("(@").and_then(|r| {
                    let len = r
                        .bytes()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                        .count();
                    r[len..].starts_with(')').then(|| (self.labels.get(&r[..len]), len + 3))
                });
                match number {
                    Some((Some(n), len)) => {
                        out.push_str(&format!("({n})"));
                        i += len;
                    }
                    _ => {
                        let c = line[i..].chars().next().map_or(1, char::len_utf8);
                        out.push_str(&line[i..i + c]);
                        i += c;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
