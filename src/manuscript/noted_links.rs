//! Links whose text holds a note's call: `[the survey[^1]](https://example.org)`.
//!
//! pandoc reads that as a link; pulldown-cmark, for which a note's call is a link of its own and
//! links do not nest, ends the link's text at the call and leaves the brackets and the address as
//! text: "See [the survey¹](https://example.org)". Here the text around each call becomes a link
//! of its own and the calls stand between them, where the author put them. That is also what the
//! outputs need: a call is itself a link, and an HTML link may not hold another.

use crate::model::{Inline, Section, Span};

/// Makes links of the text pulldown-cmark left around note calls, in every run of the book.
pub fn mend(sections: &mut [Section]) {
    for s in sections {
        s.each_run_mut(&mut |at, run| mend_run(run, at));
    }
}

fn mend_run(run: &mut Vec<Inline>, at: Span) {
    // `**See [the survey[^1]](…).**`: the brackets and the call are inside the emphasis.
    for inline in run.iter_mut() {
        if let Some(children) = inline.children_mut() {
            mend_run(children, at);
        }
    }
    // Only a block's own run has its text merged; inside emphasis pulldown-cmark's pieces
    // (`[`, `the survey`, `]`, `(https://…)`) are still apart.
    if run.iter().any(|i| matches!(i, Inline::NoteRef(_))) {
        merge_text(run);
    }
    // Searched from the start each time: a mended link is followed by fresh text to search.
    let mut from = 0;
    while let Some(Found { open, close, closing, target, rest }) = find(run, from) {
        let Inline::Text(opening) = &run[open] else { return };
        let Some(k) = open_at(opening, &run[open + 1..close]) else { return };
        let (before, inside) = (opening[..k].to_string(), opening[k + 1..].to_string());
        let mut made = Vec::new();
        let mut text = Vec::new();
        // Each stretch of text between calls is a link; spaces at its ends stay outside it.
        let link = |text: &mut Vec<Inline>, made: &mut Vec<Inline>| {
            let mut children = std::mem::take(text);
            let lead = trim(&mut children, |t| t.len() - t.trim_start().len(), true);
            let trail = trim(&mut children, |t| t.len() - t.trim_end().len(), false);
            made.extend(lead.map(Inline::Text));
            if !children.is_empty() {
                made.push(Inline::Link { target: target.clone(), children, at });
            }
            made.extend(trail.map(Inline::Text));
        };
        made.extend((!before.is_empty()).then_some(Inline::Text(before)));
        text.extend((!inside.is_empty()).then_some(Inline::Text(inside)));
        for inline in run.drain(open + 1..close) {
            if matches!(inline, Inline::NoteRef(_)) {
                link(&mut text, &mut made);
                made.push(inline);
            } else {
                text.push(inline);
            }
        }
        link(&mut text, &mut made);
        from = open + made.len();
        made.extend((!rest.is_empty()).then_some(Inline::Text(rest)));
        // `run[open]` is the opening text; the closing inlines follow it now.
        run.splice(open..open + 1 + closing, made);
    }
}

/// Merges adjacent texts, but for an image's title (`\u{0}…`), which is dropped on its own.
fn merge_text(run: &mut Vec<Inline>) {
    let mut merged: Vec<Inline> = Vec::with_capacity(run.len());
    for inline in run.drain(..) {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t))
                if !prev.starts_with('\u{0}') && !t.starts_with('\u{0}') =>
            {
                prev.push_str(&t)
            }
            (_, inline) => merged.push(inline),
        }
    }
    *run = merged;
}

/// Takes the spaces at one end of a link's text (`len` measures them in a text), dropping a text
/// left empty.
fn trim(children: &mut Vec<Inline>, len: impl Fn(&str) -> usize, start: bool) -> Option<String> {
    let i = if start { 0 } else { children.len().checked_sub(1)? };
    let Some(Inline::Text(t)) = children.get_mut(i) else { return None };
    let n = len(t);
    if n == 0 {
        return None;
    }
    let spaces = if start { t.drain(..n).collect() } else { t.split_off(t.len() - n) };
    if t.is_empty() {
        children.remove(i);
    }
    Some(spaces)
}

/// A link to mend: the index of the text holding its `[`, of the first inline after its text,
/// how many inlines close it, its target and the text after it.
struct Found {
    open: usize,
    close: usize,
    closing: usize,
    target: String,
    rest: String,
}

/// The next link to mend at or after `from`.
fn find(run: &[Inline], from: usize) -> Option<Found> {
    for close in from.max(1)..run.len() {
        let Inline::Text(t) = &run[close] else { continue };
        if !matches!(run[close - 1], Inline::NoteRef(_)) {
            continue;
        }
        // `](address)`, or `][label]`, which pulldown-cmark has made a link of the label alone.
        let (target, rest, closing) = match (t.strip_prefix("](").and_then(destination), run.get(close + 1)) {
            (Some((target, rest)), _) => (crate::manuscript::header_refs::written(&target), rest, 1),
            (None, Some(Inline::Link { target, .. })) if t == "]" => (target.clone(), String::new(), 2),
            _ => continue,
        };
        // Back to the text holding the unmatched `[`; a link on the way means the brackets are
        // not this link's.
        for open in (from..close).rev() {
            match &run[open] {
                Inline::Text(t) => {
                    let Some(k) = open_at(t, &run[open + 1..close]) else { continue };
                    // `![alt[^1]](a.png)` is an image's, which this pass cannot make: left as
                    // written rather than made a link to the image's file.
                    if t[..k].ends_with('!') {
                        break;
                    }
                    return Some(Found { open, close, closing, target, rest });
                }
                Inline::Link { .. } => break,
                _ => {}
            }
        }
    }
    None
}

/// Where in `t` the link's `[` is: the last one that the text after it, `t`'s own and the plain
/// text of `between`, leaves unclosed.
fn open_at(t: &str, between: &[Inline]) -> Option<usize> {
    let mut depth: i32 = between
        .iter()
        .filter_map(|i| match i {
            Inline::Text(x) => Some(x),
            _ => None,
        })
        .map(|x| x.matches(']').count() as i32 - x.matches('[').count() as i32)
        .sum();
    for (k, c) in t.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => return Some(k),
            '[' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A link's destination and optional title, as CommonMark writes them after `](`, up to the
/// closing `)`: the destination and the text after it.
fn destination(s: &str) -> Option<(String, String)> {
    let s = s.trim_start_matches([' ', '\t', '\n']);
    let (dest, mut rest) = if let Some(angled) = s.strip_prefix('<') {
        let end = angled.find(['>', '\n'])?;
        (&angled[..end], angled.get(end + 1..)?)
    } else {
        let mut depth = 0;
        let end = s
            .char_indices()
            .find(|&(_, c)| match c {
                '(' => {
                    depth += 1;
                    false
                }
                ')' if depth == 0 => true,
                ')' => {
                    depth -= 1;
                    false
                }
                c => c.is_whitespace(),
            })
            .map_or(s.len(), |(k, _)| k);
        (&s[..end], &s[end..])
    };
    rest = rest.trim_start_matches([' ', '\t', '\n']);
    // A title, in any of its quotes: typographic punctuation has turned them into the book's
    // language's (“ ” ‘ ’, « », „ “, or ’ ’ where only English opens with ‘).
    let quotes =
        [('"', '"'), ('\'', '\''), ('(', ')'), ('“', '”'), ('‘', '’'), ('’', '’'), ('«', '»'), ('„', '“')];
    for (open, close) in quotes {
        if let Some(title) = rest.strip_prefix(open) {
            rest = title.get(title.find(close)? + close.len_utf8()..)?.trim_start_matches([' ', '\t', '\n']);
            break;
        }
    }
    let rest = rest.strip_prefix(')')?;
    Some((plain(dest), rest.to_string()))
}

/// An address as written: the typographic punctuation made of the text it was read as undone
/// (`o'brien--notes...` had become `o’brien–notes…`), as an address holds none of its own.
fn plain(dest: &str) -> String {
    let mut out = String::with_capacity(dest.len());
    for c in dest.chars() {
        match c {
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' => out.push_str("--"),
            '—' => out.push_str("---"),
            '…' => out.push_str("..."),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoteId;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    /// A run as text: links as `<text|target>`, calls as `^n`.
    fn show(run: &[Inline]) -> String {
        run.iter()
            .map(|i| match i {
                Inline::Text(t) => t.clone(),
                Inline::NoteRef(n) => format!("^{}", n.0),
                Inline::Link { target, children, .. } => format!("<{}|{target}>", show(children)),
                Inline::Emphasis(c) => format!("*{}*", show(c)),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn mended(mut run: Vec<Inline>) -> String {
        mend_run(&mut run, Span::default());
        show(&run)
    }

    fn note(n: u32) -> Inline {
        Inline::NoteRef(NoteId(n))
    }

    #[test]
    fn the_text_around_a_call_becomes_links_and_the_calls_stay_where_they_were() {
        let run = vec![text("See [the site"), note(1), text("](https://example.org) here.")];
        assert_eq!(mended(run), "See <the site|https://example.org>^1 here.");
        let run = vec![
            text("A [a"),
            note(1),
            text(" b"),
            note(2),
            text("](#one \"Title\") and [c"),
            note(3),
            text("](x.md)."),
        ];
        assert_eq!(mended(run), "A <a|#one>^1 <b|#one>^2 and <c|x.md>^3.");
        let run = vec![
            text("["),
            Inline::Emphasis(vec![text("the")]),
            text(" site [x] and"),
            note(1),
            text("](<a b> “T”)!"),
        ];
        assert_eq!(mended(run), "<*the* site [x] and|a b>^1!");
        // `[text[^1]][ref]`: pulldown-cmark linked the label alone.
        let label =
            Inline::Link { target: "https://x.org".into(), children: vec![text("ref")], at: Span::default() };
        let run = vec![text("G [text"), note(1), text("]"), label, text(" h.")];
        assert_eq!(mended(run), "G <text|https://x.org>^1 h.");
    }

    #[test]
    fn a_link_inside_emphasis_is_mended_too() {
        // As pulldown-cmark leaves it there: the text in pieces, which only a block's run has
        // had merged.
        let pieces =
            vec![text("See "), text("["), text("the site"), note(1), text("]"), text("(https://x.org).")];
        assert_eq!(mended(vec![Inline::Emphasis(pieces)]), "*See <the site|https://x.org>^1.*");
    }

    #[test]
    fn the_address_is_as_written_and_the_title_in_any_languages_quotes() {
        // The text was made typographic before this pass: the address's apostrophe, dashes and
        // dots curled, the title's quotes the book's language's.
        for closing in [
            "](https://x.org/o’brien–s—x… “T”).",
            "](https://x.org/o’brien–s—x… «\u{202F}T\u{202F}»).",
            "](https://x.org/o’brien–s—x… „T“).",
            "](https://x.org/o’brien–s—x… ’T’).",
        ] {
            let run = vec![text("See [a"), note(1), text(closing)];
            assert_eq!(mended(run), "See <a|https://x.org/o'brien--s---x...>^1.", "{closing}");
        }
    }

    #[test]
    fn brackets_that_are_no_such_link_stay_as_written() {
        let other = Inline::Link { target: "y".into(), children: vec![text("b")], at: Span::default() };
        for run in [
            vec![text("A [note"), note(1), text("](not closed"), text(".")],
            vec![text("No opening"), note(1), text("](x)")],
            vec![text("[a "), other, text(" c"), note(1), text("](x)")],
            vec![text("Closed [a] then"), note(1), text("](x)")],
            vec![text("[a"), text("](x)")],
            // An image's brackets: this pass makes no images, and a link to its file is none.
            vec![text("See ![a"), note(1), text("](b.png).")],
        ] {
            assert_eq!(mended(run.clone()), show(&run));
        }
    }
}
