//! pandoc's superscripts and subscripts inside words: `x^2^`, `1^st^`, `H~2~O`.
//!
//! pulldown-cmark reads `^…^` and `~…~` by the rules of emphasis, which do not open or close
//! inside a word, so the commonest uses were printed as written: "H~2~O", "x^2^". pandoc's rule
//! is simpler: the text between two carets (or tildes) that holds no space is raised (lowered).
//! What pulldown-cmark already read stays as it read it; this pass reads what it left as text.
//! A mark the author escaped (`x\\^2`, `&#94;`) is no mark: the reader writes it as a stand-in
//! that this pass turns back into the mark after it has read the rest.

use std::borrow::Cow;

use crate::model::{Inline, Section};

/// Stand-ins for an escaped `^` and `~`, with the marks they stand for. Control characters, which
/// no manuscript holds: the reader drops them with the other characters it cannot set.
const LITERAL: [(char, char); 2] = [('\u{3}', '^'), ('\u{4}', '~')];

/// Whether the text pulldown-cmark read at `at` of `source`, `text`, begins with a mark the author
/// escaped with a backslash or wrote as an entity: it raises nothing.
pub fn escaped(source: &str, at: usize, text: &str) -> bool {
    let Some(mark) = text.chars().next().filter(|c| matches!(c, '^' | '~')) else {
        return false;
    };
    let Some(written) = source.get(at..) else { return false };
    if !written.starts_with(mark) {
        return true; // `&#94;`, `&Hat;`, `&tilde;`…
    }
    let backslashes = source[..at].bytes().rev().take_while(|&b| b == b'\\').count();
    backslashes % 2 == 1
}

/// `text` with its first character, an escaped mark, replaced by its stand-in.
pub fn mark_escaped(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| LITERAL.iter().find(|(_, m)| *m == c).map_or(c, |(s, _)| *s));
    first.into_iter().chain(chars).collect()
}

/// `text` with the stand-ins of escaped marks turned back into the marks.
pub fn literal(text: &str) -> Cow<'_, str> {
    if !text.contains(['\u{3}', '\u{4}']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| LITERAL.iter().find(|(s, _)| *s == c).map_or(c, |(_, m)| *m)).collect())
}

/// Raises and lowers, in every run of the book, what pulldown-cmark left as `^…^` and `~…~`.
pub fn read(sections: &mut [Section]) {
    for s in sections {
        s.each_run_mut(&mut |_, run| inlines(run));
    }
}

/// Raises and lowers in one run read apart from the book's sections: a title.
pub fn run(run: &mut Vec<Inline>) {
    inlines(run);
}

fn inlines(run: &mut Vec<Inline>) {
    let marks = ['^', '~', '\u{3}', '\u{4}'];
    if !run.iter().any(|i| matches!(i, Inline::Text(t) if t.contains(marks)) || i.children().is_some()) {
        return;
    }
    let mut out = Vec::with_capacity(run.len());
    for mut inline in std::mem::take(run) {
        match &mut inline {
            Inline::Text(t) if t.contains(['^', '~']) => split(t, &mut out),
            // An address shown as its own text (`<https://host/~user/>`) keeps its tildes.
            Inline::Link { target, children, .. } if Inline::plain_text(children) == *target => {
                out.push(inline)
            }
            // Mathematics was read from TeX, where `^` means something else.
            Inline::Math { .. } => out.push(inline),
            other => {
                if let Some(c) = other.children_mut() {
                    inlines(c);
                }
                out.push(inline);
            }
        }
    }
    across(&mut out);
    // The escaped marks, kept as stand-ins until now so that no pass above took them for marks:
    // in the run's texts and in those `across` moved into what it raised.
    for inline in &mut out {
        match inline {
            Inline::Superscript(c) | Inline::Subscript(c) => c.iter_mut().for_each(restore),
            other => restore(other),
        }
    }
    *run = out;
}

/// A text with the stand-ins of its escaped marks turned back into the marks.
fn restore(inline: &mut Inline) {
    if let Inline::Text(t) = inline
        && t.contains(['\u{3}', '\u{4}'])
    {
        *t = literal(t).into_owned();
    }
}

/// Raises (lowers) what stands between a mark ending one text and the same mark starting a later
/// one, across the styled inlines between them (`x^*y*^`, `a^b*c*^`), as pandoc does when none
/// of it holds a space.
fn across(run: &mut Vec<Inline>) {
    let mut i = 0;
    while i < run.len() {
        let Some((k, mark)) = open_mark(&run[i]) else {
            i += 1;
            continue;
        };
        let Some((j, m)) = close_mark(run, i + 1, mark) else {
            i += 1;
            continue;
        };
        let (Inline::Text(open), Inline::Text(close)) = (&run[i], &run[j]) else { break };
        let (head, first) = (open[..k].to_string(), open[k + 1..].to_string());
        let (last, tail) = (close[..m].to_string(), close[m + 1..].to_string());
        let mut inner: Vec<Inline> = run.drain(i + 1..j).collect();
        if !first.is_empty() {
            inner.insert(0, Inline::Text(first));
        }
        if !last.is_empty() {
            inner.push(Inline::Text(last));
        }
        let raised = if mark == '^' { Inline::Superscript(inner) } else { Inline::Subscript(inner) };
        let parts = [Inline::Text(head), raised, Inline::Text(tail)];
        let parts: Vec<Inline> =
            parts.into_iter().filter(|p| !matches!(p, Inline::Text(t) if t.is_empty())).collect();
        // On to the text after the raised part, where the next mark may open.
        let placed = parts.len() - usize::from(matches!(parts.last(), Some(Inline::Text(_))));
        run.splice(i..=i + 1, parts);
        i += placed;
    }
}

/// The byte offset and kind of a mark that ends a text and opens nothing within it: no space
/// after it, and not a strikethrough's `~~`.
fn open_mark(inline: &Inline) -> Option<(usize, char)> {
    let Inline::Text(t) = inline else { return None };
    let (k, mark) = t.char_indices().rev().find(|(_, c)| matches!(c, '^' | '~'))?;
    let after = &t[k + 1..];
    let doubled = after.starts_with(mark) || t[..k].ends_with(mark);
    (!doubled && !after.contains(char::is_whitespace)).then_some((k, mark))
}

/// The index of the text from `from` on whose first `mark` closes what opened before it, with
/// the mark's offset: every inline before it is styled text with no space in it, and so is the
/// text before the mark.
fn close_mark(run: &[Inline], from: usize, mark: char) -> Option<(usize, usize)> {
    for (j, inline) in run.iter().enumerate().skip(from) {
        match inline {
            Inline::Text(t) => {
                let m = t.find(mark)?;
                let doubled = t[m + 1..].starts_with(mark);
                return (j > from && !doubled && !t[..m].contains(char::is_whitespace)).then_some((j, m));
            }
            Inline::Emphasis(_) | Inline::Strong(_) | Inline::SmallCaps(_) | Inline::Code(_) => {
                let text = Inline::plain_text(std::slice::from_ref(inline));
                if text.is_empty() || text.contains(char::is_whitespace) {
                    return None;
                }
            }
            _ => return None,
        }
    }
    None
}

/// A text with its raised and lowered parts made inlines of their own.
fn split(t: &str, out: &mut Vec<Inline>) {
    let mut plain = String::new();
    let mut rest = t;
    while let Some(k) = rest.find(['^', '~']) {
        let mark = rest[k..].chars().next().unwrap_or('^');
        let after = &rest[k + 1..];
        // `~~` is a strikethrough's mark (`^^` nothing), never an empty subscript.
        if after.starts_with(mark) {
            plain.push_str(&rest[..k + 2]);
            rest = &after[1..];
            continue;
        }
        // The text up to the next mark of the same kind, if it is not empty and holds no space.
        let inner = after.find(mark).map(|end| &after[..end]).filter(|inner| {
            !inner.is_empty() && !inner.contains(char::is_whitespace) && !inner.contains(['^', '~'])
        });
        match inner {
            Some(inner) => {
                plain.push_str(&rest[..k]);
                // The text around keeps its stand-ins: `across` must not take them for marks.
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                let text = vec![Inline::Text(literal(inner).into_owned())];
                out.push(if mark == '^' { Inline::Superscript(text) } else { Inline::Subscript(text) });
                rest = &after[inner.len() + 1..];
            }
            None => {
                plain.push_str(&rest[..k + 1]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run as text: raised parts as `<sup:…>`, lowered as `<sub:…>`.
    fn show(run: &[Inline]) -> String {
        run.iter()
            .map(|i| match i {
                Inline::Text(t) => t.clone(),
                Inline::Superscript(c) => format!("<sup:{}>", show(c)),
                Inline::Subscript(c) => format!("<sub:{}>", show(c)),
                Inline::Emphasis(c) => format!("*{}*", show(c)),
                Inline::Link { children, .. } => format!("<a:{}>", show(children)),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn read(text: &str) -> String {
        let mut run = vec![Inline::Text(text.to_string())];
        inlines(&mut run);
        show(&run)
    }

    #[test]
    fn carets_and_tildes_inside_words_raise_and_lower_as_in_pandoc() {
        assert_eq!(
            read("H~2~O and x^2^, the 1^st^ and e^iπ^."),
            "H<sub:2>O and x<sup:2>, the 1<sup:st> and e<sup:iπ>."
        );
        assert_eq!(read("a^b^c^d^"), "a<sup:b>c<sup:d>");
    }

    #[test]
    fn marks_around_spaces_or_nothing_stay_as_written() {
        for text in ["a ^b c^ d", "~ home", "a~b and c~d", "x^^y", "x~~y~~z", "2^ and ^3", "caret^"] {
            assert_eq!(read(text), text);
        }
    }

    #[test]
    fn marks_around_styled_text_raise_and_lower_it_when_no_space_is_inside() {
        let em = |t: &str| Inline::Emphasis(vec![Inline::Text(t.into())]);
        let text = |t: &str| Inline::Text(t.into());
        let cases = [
            (vec![text("x^"), em("y"), text("^ and")], "x<sup:*y*> and"),
            (vec![text("a^b"), em("c"), text("d^e")], "a<sup:b*c*d>e"),
            (vec![text("H~"), em("2"), text("~O, x^"), em("n"), text("^.")], "H<sub:*2*>O, x<sup:*n*>."),
            // A space inside, a strikethrough's mark or nothing after the opening mark: as written.
            (vec![text("x^"), em("a b"), text("^")], "x^*a b*^"),
            (vec![text("x^ "), em("y"), text("^")], "x^ *y*^"),
            (vec![text("x~~"), em("y"), text("~~")], "x~~*y*~~"),
            (vec![text("x^"), em("y")], "x^*y*"),
        ];
        for (mut run, want) in cases {
            inlines(&mut run);
            assert_eq!(show(&run), want);
        }
        // An escaped mark opens and closes nothing, even in a text whose other marks raise.
        let escaped = mark_escaped("^");
        let cases = [
            (vec![text(&format!("x{escaped}")), em("y"), text("^")], "x^*y*^"),
            (vec![text(&format!("2^3^ x{escaped}")), em("y"), text("^")], "2<sup:3> x^*y*^"),
            (vec![text("x^"), em("y"), text(&format!("{escaped} and a^b^"))], "x^*y*^ and a<sup:b>"),
            // Raised with the styled text it stands next to, and printed as the mark.
            (vec![text(&format!("x^{escaped}")), em("y"), text("^")], "x<sup:^*y*>"),
            (vec![text("b~"), em("y"), text(&format!("{}~ and", mark_escaped("~")))], "b<sub:*y*~> and"),
        ];
        for (mut run, want) in cases {
            inlines(&mut run);
            assert_eq!(show(&run), want);
        }
    }

    #[test]
    fn escaped_marks_are_found_by_their_odd_run_of_backslashes_or_an_entity() {
        let source = r"x\^2 a\\^b c\\\~d &#94;e f^g";
        let at = |needle: &str| source.find(needle).unwrap_or(usize::MAX);
        assert!(escaped(source, at("^2"), "^2"));
        assert!(!escaped(source, at("^b"), "^b"), "the backslash before it is itself escaped");
        assert!(escaped(source, at("~d"), "~d"));
        assert!(escaped(source, at("&#94;"), "^e"), "written as an entity");
        assert!(!escaped(source, at("^g"), "^g"));
        assert!(!escaped(source, at("e f"), "e f"), "no mark at all");
    }

    #[test]
    fn an_escaped_mark_closes_nothing_and_is_printed_as_the_mark() {
        assert_eq!(read(&format!("x{}2^ and y^3^", mark_escaped("^"))), "x^2^ and y<sup:3>");
        assert_eq!(read(&mark_escaped("~a~")), "~a~", "alone in its text");
        assert_eq!(literal("plain"), "plain");
    }

    #[test]
    fn emphasis_is_read_inside_but_an_address_shown_as_its_text_is_not() {
        let address = "https://example.org/~a~b";
        let mut run = vec![
            Inline::Emphasis(vec![Inline::Text("CO~2~".into())]),
            Inline::Link {
                target: address.into(),
                children: vec![Inline::Text(address.into())],
                at: Default::default(),
            },
        ];
        inlines(&mut run);
        assert_eq!(show(&run), format!("*CO<sub:2>*<a:{address}>"));
    }
}
