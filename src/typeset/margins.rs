//! Optical margin alignment: how far punctuation and hyphens at a line's edges may hang into the
//! margin (as pdfTeX's protrusion does), as fractions of the glyph's advance.

/// The share of a glyph's advance that may hang past the right edge.
pub fn right_factor(c: Option<char>) -> f64 {
    match c {
        Some('-' | '\u{2010}' | '\u{AD}') => 0.7,
        Some('.' | ',') => 0.7,
        Some(':' | ';') => 0.5,
        Some('\u{2013}') => 0.3,
        Some('\u{2014}') => 0.2,
        Some('!' | '?') => 0.2,
        // “ closes Russian and German quotations but opens English ones: it does not hang.
        Some('’' | '”' | '\'' | '"' | '»') => 0.5,
        _ => 0.0,
    }
}

/// The share of a glyph's advance that may hang past the left edge.
pub fn left_factor(c: Option<char>) -> f64 {
    match c {
        Some('“' | '‘' | '«' | '„' | '"' | '\'') => 0.5,
        Some('\u{2014}') => 0.2,
        _ => 0.0,
    }
}
