//! List markers as pandoc reads them: bullets, numbers, letters, Roman numerals, `#` and
//! `(@label)`, with their delimiters.

use crate::manuscript::code_lines::rule;
use crate::model::{Counter, Delimiter, roman_value};

/// A list marker at the start of a line.
pub(super) struct Marker {
    /// Its length in bytes (all ASCII).
    pub(super) width: usize,
    /// How its list counts; `None` for a bullet.
    pub(super) counter: Option<Counter>,
    /// Its number.
    pub(super) value: u64,
    /// The marks around it.
    pub(super) delimiter: Delimiter,
    /// An example's label (empty for `(@)`).
    pub(super) example: Option<String>,
    /// Whether CommonMark would not read it as a marker.
    pub(super) rewrite: bool,
    /// Whether it is `#`, which counts on in whatever figures its list counts.
    pub(super) default: bool,
}

/// A bullet (`-`, `*`, `+`) followed by a space; a thematic break (`- - -`, `***`) is none.
pub(super) fn bullet(s: &str) -> Option<Marker> {
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
        default: false,
    })
}

/// A numbered list marker as pandoc reads one: a number, `#`, `@label`, a letter or a Roman
/// numeral, followed by `.` or `)` or in parentheses, then a space, a tab or the line's end (two
/// spaces, or a tab, after a capital letter and a period, so that `B. Russell` stays a name; a
/// page, `p. 5`, is none).
pub(super) fn marker(s: &str, prefer: Option<Counter>) -> Option<Marker> {
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
    if !(after.starts_with([' ', '\t']) || after.is_empty()) {
        return None;
    }
    if token == "p"
        && delimiter == Delimiter::Period
        && after.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let (counter, value, example) = classify(token, prefer)?;
    let capital =
        matches!(counter, Counter::UpperAlpha) || counter == Counter::UpperRoman && token.len() == 1;
    if delimiter == Delimiter::Period && capital && !(after.starts_with("  ") || after.starts_with('\t')) {
        return None;
    }
    // Numbers in a row (`XIII. XIV`, a verse's omitted stanzas) are no item numbered by the first.
    let numbers = !after.trim().is_empty()
        && after.split_whitespace().all(|t| {
            let t = t.trim_end_matches(['.', ')']);
            classify(t, Some(counter)).is_some_and(|(c, _, _)| c == counter && c != Counter::Decimal)
        });
    if numbers {
        return None;
    }
    let plain =
        counter == Counter::Decimal && example.is_none() && token != "#" && delimiter != Delimiter::Parens;
    let default = token == "#";
    Some(Marker { width, counter: Some(counter), value, delimiter, example, rewrite: !plain, default })
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
