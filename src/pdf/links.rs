//! Link areas: a rectangle of a page leading to a place on another page, or to a web address.

use std::fmt::Write as _;

use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Pdf, Rect, Ref, Str};

use crate::layout::{Link, LinkTo};
use crate::typeset::Pt;

/// Writes a link area as annotation `id`; `pages` are the pages' objects and `height` the
/// media's, the top a link with no height goes to.
pub(super) fn write(pdf: &mut Pdf, link: &Link, id: Ref, pages: &[Ref], height: Pt) {
    let (l, b, r, t) = link.rect;
    let mut a = pdf.annotation(id);
    a.subtype(AnnotationType::Link)
        .rect(Rect::new(l.0 as f32, b.0 as f32, r.0 as f32, t.0 as f32))
        .border(0.0, 0.0, 0.0, None);
    match &link.to {
        LinkTo::Page { page, top } => {
            if let Some(target) = pages.get(*page) {
                let top = top.map_or(height.0, |t| t.0) as f32;
                a.action().action_type(ActionType::GoTo).destination().page(*target).xyz(0.0, top, None);
            }
        }
        LinkTo::Web(uri) => {
            a.action().action_type(ActionType::Uri).uri(Str(ascii_uri(uri).as_bytes()));
        }
    }
}

/// A web address as a PDF URI action takes it: seven-bit ASCII, with anything else
/// percent-encoded as UTF-8, so `https://kk.wikipedia.org/wiki/Абай` opens as written.
fn ascii_uri(address: &str) -> String {
    let bytes = address.as_bytes();
    let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
    let mut out = String::with_capacity(address.len());
    for (i, &b) in bytes.iter().enumerate() {
        let bad = !b.is_ascii_graphic()
            || matches!(b, b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}')
            || (b == b'%' && !(hex(i + 1) && hex(i + 2)));
        if bad {
            let _ = write!(out, "%{b:02X}");
        } else {
            out.push(char::from(b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_seven_bit_with_their_own_escapes_kept() {
        assert_eq!(
            ascii_uri("https://kk.wikipedia.org/wiki/Абай"),
            "https://kk.wikipedia.org/wiki/%D0%90%D0%B1%D0%B0%D0%B9"
        );
        assert_eq!(ascii_uri("http://example.com/a b?q=\"x\""), "http://example.com/a%20b?q=%22x%22");
        assert_eq!(ascii_uri("http://example.com/100%"), "http://example.com/100%25");
        assert_eq!(ascii_uri("http://example.com/%7Euser"), "http://example.com/%7Euser");
    }
}
