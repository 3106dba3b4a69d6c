//! Spans of text with a role: pandoc's bracketed spans (`[Small Caps]{.smallcaps}`,
//! `[mot]{lang=fr}`) and the HTML `<span>`s they stand for, which authors also write by hand,
//! and HTML's formatting elements (`<i>`, `<b>`, `<sup>`, `<u>`…), common in manuscripts that
//! passed through a word processor or a web page. The brackets are rewritten as spans before
//! pulldown-cmark reads the file (it knows neither), and the markdown builder reads the tags
//! with [`tag`].

use std::borrow::Cow;

use crate::model::{Extent, ImageSize, Lang};

/// What a span does to its text: any of these together (`{.smallcaps .underline lang=fr}`,
/// `<i lang=fr>`), or none, when its text is kept as it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Role {
    /// The element that opened it (`span`, `i`, `b`…): its closing tag closes it.
    pub(super) element: &'static str,
    /// Set in small capitals.
    pub(super) small_caps: bool,
    /// Underlined (`.underline`, which pandoc's Word reader writes, or `<u>`).
    pub(super) underline: bool,
    /// In another language than the text around it.
    pub(super) lang: Option<Lang>,
    /// A `lang` that is no language tag (`lang=french`), for the author to be told.
    pub(super) bad_lang: Option<String>,
    /// Emphasised (`<i>`, `<em>`, `<cite>`).
    pub(super) emphasis: bool,
    /// Strong (`<b>`, `<strong>`).
    pub(super) strong: bool,
    /// Raised (`<sup>`).
    pub(super) superscript: bool,
    /// Lowered (`<sub>`).
    pub(super) subscript: bool,
    /// Struck through (`<s>`, `<del>`, `<strike>`).
    pub(super) strike: bool,
    /// Its closing tag came inside Markdown opened in it (`<b>a *b</b> c*`): it ends with that.
    pub(super) ended: bool,
}

impl Default for Role {
    fn default() -> Role {
        Role {
            element: "span",
            small_caps: false,
            underline: false,
            lang: None,
            bad_lang: None,
            emphasis: false,
            strong: false,
            superscript: false,
            subscript: false,
            strike: false,
            ended: false,
        }
    }
}

impl Role {
    /// Underlined only.
    #[cfg(test)]
    fn underline() -> Role {
        Role { element: "u", underline: true, ..Role::default() }
    }

    /// Small capitals only.
    #[cfg(test)]
    fn small_caps() -> Role {
        Role { small_caps: true, ..Role::default() }
    }

    /// In a language only.
    #[cfg(test)]
    fn foreign(lang: Lang) -> Role {
        Role { lang: Some(lang), ..Role::default() }
    }
}

/// A span's tag, read from inline HTML.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tag {
    /// `<span …>`, `<i>`…, with its `id` if it has one.
    Open(Role, Option<String>),
    /// `</span>`, `</i>`…: the element it closes.
    Close(&'static str),
}

/// What an element does to a span's role.
type Does = fn(&mut Role);

/// The HTML elements read, by name, with what each does to its text. Others (`<div>`, `<font>`,
/// `<script>`) are not copied: their text is kept, and the author is warned.
const ELEMENTS: [(&str, Does); 13] = [
    ("span", |_| {}),
    ("u", |r| r.underline = true),
    ("i", |r| r.emphasis = true),
    ("em", |r| r.emphasis = true),
    ("cite", |r| r.emphasis = true),
    ("b", |r| r.strong = true),
    ("strong", |r| r.strong = true),
    ("sup", |r| r.superscript = true),
    ("sub", |r| r.subscript = true),
    ("s", |r| r.strike = true),
    ("del", |r| r.strike = true),
    ("strike", |r| r.strike = true),
    ("small", |_| {}),
];

/// The element of this name that [`tag`] reads, with what it does.
fn element(name: &str) -> Option<(&'static str, Does)> {
    ELEMENTS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).copied()
}

/// Reads an inline HTML tag as a span's, if it is one.
pub(super) fn tag(html: &str) -> Option<Tag> {
    let inner = html.trim().strip_prefix('<')?.strip_suffix('>')?.trim();
    if let Some(name) = inner.strip_prefix('/') {
        return element(name.trim()).map(|(name, _)| Tag::Close(name));
    }
    let end = inner.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(inner.len());
    let (name, rest) = inner.split_at(end);
    let (name, does) = element(name)?;
    // `<i/>` opens and closes nothing.
    if rest.trim_end().ends_with('/') {
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
    let underline = attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "underline"));
    let lang = attr("lang").map(|tag| (Lang::parse(tag), tag));
    let mut role = Role {
        element: name,
        small_caps: small,
        underline,
        lang: lang.as_ref().and_then(|(lang, _)| lang.clone()),
        bad_lang: lang.and_then(|(lang, tag)| lang.is_none().then(|| tag.to_string())),
        ..Role::default()
    };
    does(&mut role);
    let id = attr("id").map(|id| id.replace("&quot;", "\"").replace("&lt;", "<").replace("&amp;", "&"));
    Some(Tag::Open(role, id.filter(|id| !id.is_empty())))
}

/// The text with pandoc's bracketed spans as HTML spans; the text itself if it has none.
pub(super) fn to_html(text: &str) -> Cow<'_, str> {
    if !text.contains("]{") && !text.contains("){") {
        return Cow::Borrowed(text);
    }
    let mut code = super::code_lines::CodeBlocks::of(text);
    let bytes = text.as_bytes();
    // (where `[` is, where `]` is, the end of `{…}`, the attributes) of each span found.
    let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
    // A link's or an image's `{…}` (pandoc's id, class), which nothing reads: dropped, not
    // printed; an image's size is moved into its title for the markdown builder.
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut sized: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = code.skip(i) {
            i = end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = super::blocks::after_code_span(bytes, i),
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                match image_size_cut(text, i + 1) {
                    Some(cut) => sized.push(cut),
                    None => dropped.extend(link_attributes(text, i + 1)),
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
    if found.is_empty() && dropped.is_empty() && sized.is_empty() {
        return Cow::Borrowed(text);
    }
    // Each span's three cuts, in the text's order: `[` opens, `]{…}` closes.
    let mut cuts: Vec<(usize, usize, String)> =
        dropped.into_iter().map(|(from, to)| (from, to, String::new())).chain(sized).collect();
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

/// Marks an image's size and name in its title: pulldown-cmark reads no `{#fig width=50%}`, so
/// the attributes' `width`, `height` and `#id` go to the end of the title, after a U+0002 (see
/// [`image_size`]); the cut that does it, `None` for an image without them.
fn image_size_cut(text: &str, open: usize) -> Option<(usize, usize, String)> {
    let (paren, close) = destination(text, open)?;
    let (after, words) = words(text, close)?;
    // pandoc takes the first of a repeated key, and no value it cannot read whole; a quote,
    // parenthesis or backslash would also end or escape the title the marker goes in.
    let mut size: Vec<String> = Vec::new();
    let bad = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '\\');
    for (k, v) in words.iter().filter_map(|w| w.split_once('=')) {
        let v = v.trim_matches(['"', '\'']);
        if matches!(k, "width" | "height") && !v.contains(bad) && !size.iter().any(|s| s.starts_with(k)) {
            size.push(format!("{k}={v}"));
        }
    }
    // Its `#name`, a place links may lead to (pandoc-crossref's `#fig:map`).
    if let Some(id) =
        words.iter().find_map(|w| w.strip_prefix('#')).filter(|id| !id.is_empty() && !id.contains(bad))
    {
        size.push(format!("id={id}"));
    }
    if size.is_empty() {
        return None;
    }
    let marker = format!("\u{2}{}", size.join(" "));
    // The marker goes inside the title's quotes, or makes one; parentheses pulldown-cmark would
    // not read as an image's (a space in the address, a stray quote) are left alone, the size
    // dropped with its braces, lest the marker and the address be printed as text.
    Some(match title_close(&text[paren + 1..close])? {
        Some((at, q)) => (paren + 1 + at, after, format!("{marker}{q})")),
        None => (close, after, format!(" \"{marker}\")")),
    })
}

/// Where the title in a link's parentheses (`inner`, what they hold) closes, and its closing
/// quote: `Some(None)` for a link without a title, `None` for parentheses that are no link's
/// destination and title as CommonMark reads them.
fn title_close(inner: &str) -> Option<Option<(usize, char)>> {
    let s = inner.trim_start_matches([' ', '\t']);
    let b = s.as_bytes();
    // The destination: `<…>`, or a run without spaces whose parentheses pair up. An empty one
    // would make the title added after it the address.
    let mut i = 0;
    if b.first() == Some(&b'<') {
        i = 1;
        loop {
            match b.get(i)? {
                b'>' => break,
                b'<' => return None,
                b'\\' => i += 1,
                _ => {}
            }
            i += 1;
        }
        i += 1;
    } else {
        let mut depth = 0i32;
        while let Some(&c) = b.get(i) {
            match c {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => return None,
                b')' => depth -= 1,
                c if c.is_ascii_whitespace() || c.is_ascii_control() => break,
                _ => {}
            }
            i += 1;
        }
        if i == 0 || depth != 0 {
            return None;
        }
    }
    let rest = s.get(i..)?;
    let title = rest.trim_start_matches([' ', '\t']);
    if title.is_empty() {
        return Some(None);
    }
    // A title follows the destination after a space, in quotes or parentheses, and ends the link.
    let close = match title.as_bytes()[0] {
        _ if title.len() == rest.len() => return None,
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let t = title.as_bytes();
    let mut j = 1;
    loop {
        match *t.get(j)? {
            b'\\' => j += 1,
            c if c == close => break,
            b'(' if close == b')' => return None,
            _ => {}
        }
        j += 1;
    }
    if !title[j + 1..].trim().is_empty() {
        return None;
    }
    Some(Some((inner.len() - title.len() + j, char::from(close))))
}

/// The size an image's title carries after a U+0002, as [`image_size_cut`] put it there; the
/// title without it.
pub(super) fn image_size(title: &str) -> (&str, ImageSize, Option<String>) {
    let Some((title, words)) = title.split_once('\u{2}') else { return (title, ImageSize::default(), None) };
    let (mut size, mut id) = (ImageSize::default(), None);
    for (key, value) in words.split_whitespace().filter_map(|w| w.split_once('=')) {
        match key {
            "width" => size.width = Extent::parse(value),
            "height" => size.height = Extent::parse(value),
            "id" => id = Some(value.to_string()),
            _ => {}
        }
    }
    (title, size, id)
}

/// The `(` after the link text opening with the `[` at `open`, and the `)` closing it on the
/// same line.
fn destination(text: &str, open: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let end = super::blocks::closing_bracket(bytes, open + 1)?;
    if bytes.get(end + 1) != Some(&b'(') {
        return None;
    }
    let mut depth = 0;
    let mut j = end + 1;
    loop {
        match bytes.get(j)? {
            b'(' => depth += 1,
            b')' if depth == 1 => return Some((end + 1, j)),
            b')' => depth -= 1,
            b'\n' => return None,
            b'\\' => j += 1,
            _ => {}
        }
        j += 1;
    }
}

/// Where a link's or an image's attributes are, `{…}` right after its `(…)`: its text opens
/// with the `[` at `open`.
fn link_attributes(text: &str, open: usize) -> Option<(usize, usize)> {
    let (_, close) = destination(text, open)?;
    let (after, _) = attributes(text, close)?;
    Some((close + 1, after))
}

/// The attributes after the `]` at `end`, as HTML (` class="smallcaps" lang="fr"`), and where
/// they end; `None` if no `{…}` on the same line follows it at once.
fn attributes(text: &str, end: usize) -> Option<(usize, String)> {
    let (after, words) = words(text, end)?;
    let mut classes = Vec::new();
    let mut html = String::new();
    for word in words {
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
    Some((after, html))
}

/// The words of the `{…}` right after the byte at `end`, a quoted value (`title="a b"`) one
/// word, and where the braces end.
fn words(text: &str, end: usize) -> Option<(usize, Vec<&str>)> {
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
    words.retain(|w| !w.is_empty());
    Some((end + 1 + 1 + inner.len() + 1, words))
}

/// Text safe inside an HTML attribute's quotes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_attributes_are_dropped_and_an_images_size_moved_into_its_title() {
        assert_eq!(
            to_html("[link](u){title=\"a b\"} and ![x](y.png){fig-alt=\"A cat\"}\n"),
            "[link](u) and ![x](y.png)\n"
        );
        assert_eq!(to_html("[x]{title='a } b'}\n"), "<span title=\"a } b\">x</span>\n");
        // An image's size goes into its title for the builder; its id and classes are dropped.
        assert_eq!(
            to_html("![A cat](cat.png){#fig width=50%}\n"),
            "![A cat](cat.png \"\u{2}width=50% id=fig\")\n"
        );
        assert_eq!(to_html("![A cat](cat.png){#fig:cat .wide}\n"), "![A cat](cat.png \"\u{2}id=fig:cat\")\n");
        assert_eq!(
            to_html("A [link](x (y)){.no} and ![img](y \"t\"){width=5 .x height=\"3cm\"}.\n"),
            "A [link](x (y)) and ![img](y \"t\u{2}width=5 height=3cm\").\n"
        );
        assert_eq!(to_html("![a](b(c) 'd' ){.e height=1em}\n"), "![a](b(c) 'd\u{2}height=1em')\n");
        assert_eq!(to_html("![a](b){.e}\n"), "![a](b)\n");
        assert_eq!(to_html("`![c](d){.e}`\n"), "`![c](d){.e}`\n");
    }

    #[test]
    fn underlining_is_read_from_its_class_and_from_html() {
        assert_eq!(tag("<u>"), Some(Tag::Open(Role::underline(), None)));
        assert_eq!(tag("</U>"), Some(Tag::Close("u")));
        assert_eq!(
            tag("<span class=\"underline\" id=\"x\">"),
            Some(Tag::Open(Role { element: "span", ..Role::underline() }, Some("x".into())))
        );
        assert_eq!(tag("<ul>"), None);
    }

    #[test]
    fn htmls_formatting_elements_are_read_with_their_attributes() {
        let open = |html: &str| match tag(html) {
            Some(Tag::Open(role, _)) => Some(role),
            _ => None,
        };
        let i = open("<i>").unwrap();
        assert!(i.emphasis && i.element == "i" && !i.strong);
        assert!(open("<EM>").unwrap().emphasis && open("<cite>").unwrap().emphasis);
        assert!(open("<b>").unwrap().strong && open("<strong>").unwrap().strong);
        assert!(open("<sup>").unwrap().superscript && open("<sub>").unwrap().subscript);
        assert!(["<s>", "<del>", "<strike>"].iter().all(|t| open(t).unwrap().strike));
        let fr = open("<i lang=\"fr\" class=\"smallcaps\">").unwrap();
        assert!(fr.emphasis && fr.small_caps && fr.lang == Lang::parse("fr"));
        assert_eq!(tag("</b>"), Some(Tag::Close("b")));
        assert_eq!(tag("</strong >"), Some(Tag::Close("strong")));
        // Not formatting, or self-closed: not read.
        for other in ["<div>", "<font color=red>", "<i/>", "<bdi>", "<iframe>", "</div>", "<spanx>"] {
            assert_eq!(tag(other), None, "{other}");
        }
    }

    #[test]
    fn an_images_size_goes_only_where_pulldown_cmark_reads_a_title() {
        // A title in parentheses or with escaped quotes takes the marker inside it.
        assert_eq!(to_html("![a](b.png (A map)){width=50%}\n"), "![a](b.png (A map\u{2}width=50%))\n");
        assert_eq!(
            to_html("![a](b \"say \\\"hi\\\"\"){width=1in}\n"),
            "![a](b \"say \\\"hi\\\"\u{2}width=1in\")\n"
        );
        // Parentheses that are no image's keep their text, the size dropped with its braces:
        // a marker there would be printed, and so would the address.
        for (written, kept) in [
            ("![a](my file.png){width=1in}", "![a](my file.png)"),
            ("![a](b.png \"){width=1in}", "![a](b.png \")"),
            ("![a](b.png 'it's'){width=1in}", "![a](b.png 'it's')"),
            ("![a](b.png &quot;t&quot;){width=1in}", "![a](b.png &quot;t&quot;)"),
            ("![a](){width=1in}", "![a]()"),
            // A backslash would escape the title's closing quote.
            ("![a](b.png){width=5\\}", "![a](b.png)"),
        ] {
            assert_eq!(to_html(&format!("{written}\n")), format!("{kept}\n"), "{written}");
        }
        // As pandoc: the first of a repeated key, and no value with a space in it.
        assert_eq!(to_html("![a](b){width=50% width=20% height=\"2 in\"}\n"), "![a](b \"\u{2}width=50%\")\n");
    }

    #[test]
    fn an_images_size_is_read_back_from_its_title_in_pandocs_units() {
        let (title, size, id) = image_size("A map\u{2}width=50% height=3cm id=fig:map");
        assert_eq!(id.as_deref(), Some("fig:map"));
        assert_eq!(title, "A map");
        assert_eq!(size.width, Some(Extent::Share(0.5)));
        let Some(Extent::Points(h)) = size.height else { panic!("{size:?}") };
        assert!((h - 85.04).abs() < 0.01, "{h}");
        for (written, read) in [
            ("300px", Some(Extent::Points(225.0))),
            ("300", Some(Extent::Points(225.0))),
            ("2in", Some(Extent::Points(144.0))),
            ("2 in", Some(Extent::Points(144.0))),
            ("25.4mm", Some(Extent::Points(72.0))),
            ("12pt", Some(Extent::Points(12.0))),
            ("1.5em", Some(Extent::Ems(1.5))),
            ("0%", None),
            ("0.00001px", None),
            ("1e40in", None),
            ("99999999999999999999999999999in", None),
            ("1000%", Some(Extent::Share(10.0))),
            ("wide", None),
            ("5furlongs", None),
        ] {
            assert_eq!(Extent::parse(written), read, "{written}");
        }
        assert_eq!(image_size("No size"), ("No size", ImageSize::default(), None));
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
        assert_eq!(tag("<span class=\"smallcaps\">"), Some(Tag::Open(Role::small_caps(), None)));
        assert_eq!(
            tag("<span style=\"font-variant: small-caps\">"),
            Some(Tag::Open(Role::small_caps(), None))
        );
        assert_eq!(tag("<span lang='fr'>"), Some(Tag::Open(Role::foreign(fr), None)));
        assert_eq!(tag("<span id=\"x\">"), Some(Tag::Open(Role::default(), Some("x".into()))));
        assert_eq!(tag("<span>"), Some(Tag::Open(Role::default(), None)));
        assert_eq!(tag("</span>"), Some(Tag::Close("span")));
        assert_eq!(tag("<spanner>"), None);
        assert_eq!(tag("<span data-lang=\"fr\">"), Some(Tag::Open(Role::default(), None)));
        assert_eq!(tag("<Span lang=fr>"), Some(Tag::Open(Role::foreign(Lang::parse("fr").unwrap()), None)));
        assert!(matches!(tag("<b>"), Some(Tag::Open(Role { strong: true, .. }, None))));
    }

    #[test]
    fn a_span_keeps_every_role_it_is_given() {
        let fr = Lang::parse("fr").unwrap();
        let all = Role { small_caps: true, underline: true, lang: Some(fr), ..Role::default() };
        assert_eq!(tag("<span class=\"underline smallcaps\" lang=\"fr\">"), Some(Tag::Open(all, None)));
    }
}
