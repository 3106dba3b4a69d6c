//! How a numbered list counts its items: `1.`, `a)`, `(iv)`, as the author wrote the first one.

/// Where a numbered list starts, in what figures it counts, and the marks around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    /// The first item's number (1 for `a`, `i` and `1`).
    pub start: u64,
    /// The figures.
    pub counter: Counter,
    /// The marks around them.
    pub delimiter: Delimiter,
}

/// The figures a list counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// 1, 2, 3.
    Decimal,
    /// a, b, c … z, aa, ab.
    LowerAlpha,
    /// A, B, C … Z, AA, AB.
    UpperAlpha,
    /// i, ii, iii.
    LowerRoman,
    /// I, II, III.
    UpperRoman,
}

/// The marks around an item's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `1.`
    Period,
    /// `1)`
    Paren,
    /// `(1)`
    Parens,
}

impl Numbering {
    /// Arabic figures followed by a period, from `start`: CommonMark's `1.` list.
    pub fn decimal(start: u64) -> Numbering {
        Numbering { start, counter: Counter::Decimal, delimiter: Delimiter::Period }
    }

    /// The marker of the item at `index` (0 for the first), as printed: `3.`, `c)`, `(iii)`.
    pub fn marker(&self, index: usize) -> String {
        let figure = self.counter.figure(self.start.saturating_add(index as u64));
        match self.delimiter {
            Delimiter::Period => format!("{figure}."),
            Delimiter::Paren => format!("{figure})"),
            Delimiter::Parens => format!("({figure})"),
        }
    }
}

impl Counter {
    /// `n` in these figures. Letters go on past z as HTML's do (aa, ab …); Roman numerals
    /// need a positive number below 4,000, and others are written in Arabic figures.
    pub fn figure(self, n: u64) -> String {
        match self {
            Counter::Decimal => n.to_string(),
            Counter::LowerAlpha => letters(n).unwrap_or_else(|| n.to_string()),
            Counter::UpperAlpha => letters(n).map_or_else(|| n.to_string(), |s| s.to_uppercase()),
            Counter::LowerRoman => roman(n).unwrap_or_else(|| n.to_string()),
            Counter::UpperRoman => roman(n).map_or_else(|| n.to_string(), |s| s.to_uppercase()),
        }
    }

    /// The HTML `type` of an ordered list counting in these figures.
    pub fn html_type(self) -> &'static str {
        match self {
            Counter::Decimal => "1",
            Counter::LowerAlpha => "a",
            Counter::UpperAlpha => "A",
            Counter::LowerRoman => "i",
            Counter::UpperRoman => "I",
        }
    }
}

/// `n` in the bijective base 26 of list letters (1 → a, 27 → aa); none for 0.
fn letters(mut n: u64) -> Option<String> {
    if n == 0 {
        return None;
    }
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).ok()
}

/// `n` in lower-case Roman numerals, for 1 to 3,999.
fn roman(n: u64) -> Option<String> {
    (1..4000).contains(&n).then(|| crate::labels::roman(n as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_count_in_their_figures_with_their_marks() {
        let n = |start, counter, delimiter| Numbering { start, counter, delimiter };
        let list = n(3, Counter::LowerAlpha, Delimiter::Paren);
        assert_eq!([list.marker(0), list.marker(1)], ["c)", "d)"]);
        assert_eq!(n(25, Counter::UpperAlpha, Delimiter::Period).marker(2), "AA.");
        assert_eq!(n(1, Counter::LowerRoman, Delimiter::Parens).marker(3), "(iv)");
        assert_eq!(n(1998, Counter::UpperRoman, Delimiter::Period).marker(1), "MCMXCIX.");
        assert_eq!(n(0, Counter::LowerRoman, Delimiter::Period).marker(0), "0.", "no Roman zero");
        assert_eq!(Numbering::decimal(9).marker(1), "10.");
    }
}
