//! Spans of text with a role: pandoc's bracketed spans (`[Small Caps]{.smallcaps}`,
//! `[mot]{lang=fr}`) and the HTML `<span>`s they stand for, which authors also write by hand.
//! The brackets are rewritten as spans before pulldown-cmark reads the file (it knows neither),
//! and the markdown builder reads the spans' tags with [`tag`].

use std::borrow::Cow;

use crate::model::Lang;

/// What a span does to its text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Role {
    /// Set in small capitals.
    SmallCaps,
    /// In another language than the text around it.
    Foreign(Lang),
    /// Nothing folio sets differently: its text is kept as it is.
    Plain,
}

/// A span's tag, read from inline HTML.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tag {
    /// `<span …>`, with its `id` if it has one.
    Open(Role, Option<String>),
    /// `</span>`.
    Close,
}

/// Reads an inline HTML tag as a span's, if it is one. A span both in small capitals and in a
/// language is read as small capitals (the language is the rarer need).
pub(super) fn tag(html: &str) -> Option<Tag> {
    let inner = html.trim().strip_prefix('<')?.strip_suffix('>')?.trim();
    if inner.eq_ignore_ascii_case("/span") {
        return Some(Tag::Close);
    }
    let rest = inner.get(4..).filter(|_| inner.get(..4).is_some_and(|n| n.eq_ignore_ascii_case("span")))?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    // An attribute's value, quoted or not; `lang=` inside `data-lang=` is not `lang`.
    let attr = |name: &str| -> Option<&str> {
        let key = format!("{name}=");
        let at = rest.match_indices(&key).find(|(i, _)| rest[..*i].ends_with(char::is_whitespace))?.0;
        let value = &rest[at + key.len()..];
        match value.chars().next()? {
            q @ ('"' | '\'') => value[1..].find(q).map(|end| &value[1..1 + end]),
            _ => Some(value.split(char::is_whitespace).next().unwrap_or("")),
        }
    };
    let small = attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "smallcaps"))
        || attr("style").is_some_and(|s| s.replace(' ', "").contains("font-variant:small-caps"));
    let role = match attr("lang").and_then(Lang::parse) {
        _ if small => Role::SmallCaps,
        Some(lang) => Role::Foreign(lang),
        None => Role::Plain,
    };
    let id = attr("id").map(|id| id.replace("&quot;", "\"").replace("&lt;", "<").replace("&amp;", "&"));
    Some(Tag::Open(role, id.filter(|id| !id.is_empty())))
}

/// The text with pandoc's bracketed spans as HTML spans; the text itself if it has none.
pub(super) fn to_html(text: &str) -> Cow<'_, str> {
    if !text.contains("]{") && !text.contains("){") {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let code = super::code_lines::in_code(&lines);
    let bytes = text.as_bytes();
    // (where `[` is, where `]` is, the end of `{…}`, the attributes) of each span found.
    let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
    // A link's or an image's `{…}` (pandoc's width, id, class), which nothing reads: dropped,
    // not printed.
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let (mut i, mut line, mut line_end) = (0, 0, lines.first().map_or(0, |l| l.len()));
    while i < bytes.len() {
        while i >= line_end && line + 1 < lines.len() {
            line += 1;
            line_end += lines[line].len();
        }
        if code[line] {
            i = line_end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = super::blocks::after_code_span(bytes, i),
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                if let Some(attrs) = link_attributes(text, i + 1) {
                    dropped.push(attrs);
                }
                i += 2;
            }
            b'^' if bytes.get(i + 1) == Some(&b'[') => i += 2,
            b'[' => {
                match super::blocks::closing_bracket(bytes, i + 1)
                    .and_then(|end| attributes(text, end).map(|a| (end, a)))
                {
                    Some((end, (close, attrs))) => {
                        found.push((i, end, close, attrs));
                        // Spans inside this one are found on the way through it.
                        i += 1;
                    }
                    None => {
                        dropped.extend(link_attributes(text, i));
                        i += 1;
                    }
                }
            }
            _ => i += 1,
        }
    }
    if found.is_empty() && dropped.is_empty() {
        return Cow::Borrowed(text);
    }
    // Each span's three cuts, in the text's order: `[` opens, `]{…}` closes.
    let mut cuts: Vec<(usize, usize, String)> =
        dropped.into_iter().map(|(from, to)| (from, to, String::new())).collect();
    for (open, end, close, attrs) in found {
        cuts.push((open, open + 1, format!("<span{attrs}>")));
        cuts.push((end, close, "</span>".to_string()));
    }
    cuts.sort_by_key(|c| c.0);
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for (from, to, with) in cuts {
        if from < at {
            continue;
        }
        out.push_str(&text[at..from]);
        out.push_str(&with);
        at = to;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Where a link's or an image's attributes are, `{…}` right after its `(…)`: its text opens
/// with the `[` at `open`.
fn link_attributes(text: &str, open: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let end = super::blocks::closing_bracket(bytes, open + 1)?;
    if bytes.get(end + 1) != Some(&b'(') {
        return None;
    }
    // The destination and title: to the `)` closing the `(`, on the same line.
    let mut depth = 0;
    let mut j = end + 1;
    let close = loop {
        match bytes.get(j)? {
            b'(' => depth += 1,
            b')' if depth == 1 => break j,
            b')' => depth -= 1,
            b'\n' => return None,
            b'\\' => j += 1,
            _ => {}
        }
        j += 1;
    };
    let (after, _) = attributes(text, close)?;
    Some((close + 1, after))
}

/// The attributes after the `]` at `end`, as HTML (` class="smallcaps" lang="fr"`), and where
/// they end; `None` if no `{…}` on the same line follows it at once.
fn attributes(text: &str, end: usize) -> Option<(usize, String)> {
    let rest = text.get(end + 1..)?.strip_prefix('{')?;
    // The words up to the `}` that closes the braces, a quoted value (`title="a b"`) one word.
    let (mut words, mut quote, mut from) = (Vec::new(), None, 0);
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (_, '\n') => return None,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '}') => {
                close = Some(i);
                break;
            }
            (None, c) if c.is_whitespace() => {
                words.push(&rest[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    let inner = &rest[..close?];
    words.push(&inner[from.min(inner.len())..]);
    let mut classes = Vec::new();
    let mut html = String::new();
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        if let Some(class) = word.strip_prefix('.') {
            classes.push(class);
        } else if let Some(id) = word.strip_prefix('#') {
            html.push_str(&format!(" id=\"{}\"", escape(id)));
        } else if let Some((key, value)) = word.split_once('=') {
            html.push_str(&format!(" {}=\"{}\"", escape(key), escape(value.trim_matches(['"', '\'']))));
        } else {
            return None;
        }
    }
    if !classes.is_empty() {
        html = format!(" class=\"{}\"{html}", escape(&classes.join(" ")));
    }
    Some((end + 1 + 1 + inner.len() + 1, html))
}

/// Text safe inside an HTML attribute's quotes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_or_an_images_attributes_are_dropped() {
        assert_eq!(
            to_html("[link](u){title=\"a b\"} and ![x](y.png){fig-alt=\"A cat\"}\n"),
            "[link](u) and ![x](y.png)\n"
        );
        assert_eq!(to_html("[x]{title='a } b'}\n"), "<span title=\"a } b\">x</span>\n");
        assert_eq!(to_html("![A cat](cat.png){#fig width=50%}\n"), "![A cat](cat.png)\n");
        assert_eq!(
            to_html("A [link](x (y)){.no} and ![img](y \"t\"){width=5}.\n"),
            "A [link](x (y)) and ![img](y \"t\").\n"
        );
        assert_eq!(to_html("`![c](d){.e}`\n"), "`![c](d){.e}`\n");
    }

    #[test]
    fn bracketed_spans_become_html_spans_and_nothing_else_does() {
        let text = "A [Small *Caps*]{.smallcaps} and [mot]{lang=fr}, [x [in]{.a}]{#b}.\n";
        assert_eq!(
            to_html(text),
            "A <span class=\"smallcaps\">Small *Caps*</span> and <span lang=\"fr\">mot</span>, \
             <span id=\"b\">x <span class=\"a\">in</span></span>.\n"
        );
        // A list item's paragraph indented four spaces, as pandoc writes them, is text.
        assert_eq!(
            to_html("-   item\n\n    [Caps]{.smallcaps} too\n"),
            "-   item\n\n    <span class=\"smallcaps\">Caps</span> too\n"
        );
        for same in [
            "`[code]{.smallcaps}` and\n```\n[fenced]{.smallcaps}\n```\n",
            "Not closed [x]{.a\nb}\n",
            "A [bracket] {.apart}\n",
            "Indented code:\n\n    [Small caps]{.smallcaps}\n\n\tand [tab]{.x}\n",
        ] {
            assert_eq!(to_html(same), same);
        }
    }

    #[test]
    fn span_tags_say_small_capitals_a_language_or_nothing() {
        let fr = Lang::parse("fr").unwrap();
        assert_eq!(tag("<span class=\"smallcaps\">"), Some(Tag::Open(Role::SmallCaps, None)));
        assert_eq!(tag("<span style=\"font-variant: small-caps\">"), Some(Tag::Open(Role::SmallCaps, None)));
        assert_eq!(tag("<span lang='fr'>"), Some(Tag::Open(Role::Foreign(fr), None)));
        assert_eq!(tag("<span id=\"x\">"), Some(Tag::Open(Role::Plain, Some("x".into()))));
        assert_eq!(tag("<span>"), Some(Tag::Open(Role::Plain, None)));
        assert_eq!(tag("</span>"), Some(Tag::Close));
        assert_eq!(tag("<spanner>"), None);
        assert_eq!(tag("<span data-lang=\"fr\">"), Some(Tag::Open(Role::Plain, None)));
        assert_eq!(tag("<Span lang=fr>"), Some(Tag::Open(Role::Foreign(Lang::parse("fr").unwrap()), None)));
        assert_eq!(tag("<b>"), None);
    }
}
