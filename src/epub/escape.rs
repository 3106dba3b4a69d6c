//! Text made safe for XML and web addresses made valid URLs: every string of the manuscript
//! passes through here on its way into the EPUB (and the PDF's XMP metadata).

use std::borrow::Cow;

/// Bytes that may start something to escape or drop: markup characters, controls, and 0xEF,
/// which begins U+FFFE and U+FFFF (XML forbids both). A table, as every byte of a book's text
/// is looked at: one load a byte instead of seven comparisons (escaping was a tenth of the EPUB
/// of a Russian novel, which has no byte below 0x80 to rule out early).
static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xEF] = true;
    table
};

/// Escapes text for XML content and attribute values; text with nothing to escape, nearly all
/// of a book, is borrowed as it is.
pub fn esc(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let special = |b: u8| SPECIAL[usize::from(b)];
    let Some(first) = bytes.iter().position(|&b| special(b)) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(c) = rest.chars().next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            // Characters XML 1.0 forbids are dropped rather than making the document invalid.
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
        // Copy the plain run up to the next byte that needs a look, whole.
        let run = rest.bytes().position(special).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
    }
    Cow::Owned(out)
}

/// A web address as a valid URL: what a manuscript may hold but a URL may not (spaces, quotes,
/// angle brackets, backslashes, a `%` that starts no escape, square brackets outside the host,
/// a second `#`) percent-encoded, the rest as written.
pub(super) fn url_safe(target: &str) -> String {
    let bytes = target.as_bytes();
    // The host, where an IPv6 address is bracketed (`http://[::1]/`): after the scheme's `://`,
    // up to the path (a `mailto:` has none, whatever `//` its query holds).
    let scheme = target
        .find(':')
        .filter(|&c| c > 0 && target[..c].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)));
    let host = scheme.filter(|&c| target[c + 1..].starts_with("//")).map_or(0..0, |c| {
        let from = c + 3;
        from..from + target[from..].find(['/', '?', '#', '\\']).unwrap_or(target.len() - from)
    });
    let fragment = target.find('#');
    let mut out = String::with_capacity(target.len());
    for (i, c) in target.char_indices() {
        let escape = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
        let bad = c.is_ascii_control()
            || matches!(c, ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
            || (c == '%' && !(escape(i + 1) && escape(i + 2)))
            || (matches!(c, '[' | ']') && !host.contains(&i))
            || (c == '#' && fragment != Some(i));
        if bad {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        let s = "a<b>&\"c\"'d'\u{1}e\u{FFFE}f\u{FFFF}g\n\th";
        assert_eq!(esc(s), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;efg\n\th");
        // Other characters that start with the byte 0xEF stay: ﻿ (U+FEFF), � (U+FFFD), ｡ (U+FF61).
        assert_eq!(esc("x\u{FEFF}\u{FFFD}\u{FF61}y"), "x\u{FEFF}\u{FFFD}\u{FF61}y");
        assert_eq!(esc("Қазақ «тілі» & Ωμέγα"), "Қазақ «тілі» &amp; Ωμέγα");
    }

    #[test]
    fn web_addresses_are_made_valid_urls() {
        assert_eq!(url_safe("http://example.com/a b\\c"), "http://example.com/a%20b%5Cc");
        assert_eq!(
            url_safe("https://x.org/100%/q?a=%41&b=\"{|}\""),
            "https://x.org/100%25/q?a=%41&b=%22%7B%7C%7D%22"
        );
        assert_eq!(url_safe("https://kk.wikipedia.org/wiki/Абай"), "https://kk.wikipedia.org/wiki/Абай");
        // Brackets stand only around an IPv6 host; one fragment.
        assert_eq!(
            url_safe("http://en.wikipedia.org/wiki/[^1]Ward's_method#a#b"),
            "http://en.wikipedia.org/wiki/%5B%5E1%5DWard's_method#a%23b"
        );
        assert_eq!(url_safe("http://[::1]:8080/a[1]"), "http://[::1]:8080/a%5B1%5D");
        assert_eq!(
            url_safe("mailto:a@b.org?body=http://x.org[1]/"),
            "mailto:a@b.org?body=http://x.org%5B1%5D/"
        );
        assert_eq!(url_safe("http://a.org\\[1]/"), "http://a.org%5C%5B1%5D/");
    }

    #[test]
    fn text_with_nothing_to_escape_is_borrowed() {
        assert!(matches!(esc("Абай Құнанбайұлы, 1845"), Cow::Borrowed(_)));
        assert!(matches!(esc("a & b"), Cow::Owned(_)));
        assert_eq!(esc(""), "");
    }
}
