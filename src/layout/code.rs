//! Program text in print: each line of a code block set in the monospaced face, its columns
//! kept, a block a little wider than the measure set smaller to fit, and a line wider still cut
//! at a space or punctuation mark and run on under a hanging indent rather than off the page.

use super::flow::{Flow, Slot};
use super::text::Look;
use crate::model::Section;
use crate::typeset::{Align, Chunk, Family, Pt, Shape};

/// Code's size, against the text's: a monospaced face's letters are wide and stand large.
const CODE_SIZE: f64 = 0.85;

/// The smallest size a wide listing is set at to fit the measure (7 pt beside 10 pt text).
const LEAST_CODE_SIZE: f64 = 0.7;

impl Flow<'_> {
    /// The slots of a code block's lines, `indent` in from the text's left edge.
    pub(super) fn code(&mut self, section: &Section, text: &str, indent: Pt, out: &mut Vec<Slot>) {
        Slot::space(out);
        let from = out.len();
        for set in self.code_lines(text, self.measure - indent, self.size) {
            self.text_lines(section, set, indent, out);
        }
        keep_lines_together(&mut out[from..]);
        Slot::space(out);
    }

    /// A code block's lines set in `measure` beside text of `size`, each program line's own.
    pub(super) fn code_lines(&mut self, text: &str, measure: Pt, size: Pt) -> Vec<Vec<crate::typeset::Line>> {
        let look = Look { family: Family::Mono, size: size * CODE_SIZE, ..Look::body(size) };
        let column = self.code_column(look.style(&self.ts.fonts));
        // A listing a few columns wider than the measure (an 80-column program, an ASCII table
        // in a manual) is set smaller to fit, as technical books set them, down to a size still
        // read in print; only what is wider still runs on under a hanging indent. Each block at
        // one size, so its columns line up from its first line to its last.
        let widest = text.lines().map(|l| expand_tabs(l).chars().count()).max().unwrap_or(0);
        let needed = column * widest as f64;
        let look = if needed > measure && column > Pt::ZERO {
            // A hair under, so that rounding never leaves the widest line's last column over.
            let fit = look.size * (measure.0 / needed.0 * 0.999);
            Look { size: fit.max(size * LEAST_CODE_SIZE), ..look }
        } else {
            look
        };
        let style = look.style(&self.ts.fonts);
        let column = self.code_column(style);
        let mut out = Vec::new();
        for l in text.lines() {
            // Spaces and tabs keep the program's columns: a line's indent is a box of as
            // many columns (leading space would be dropped as glue at a line's start),
            // the spaces inside are no-break spaces of one column each.
            let l = expand_tabs(l);
            let body = l.trim_start_matches(' ');
            let lead = Pt((column * (l.len() - body.len()) as f64).0.min(measure.0 * 0.5));
            let hang = lead + size * 2.0;
            let body = if body.is_empty() { "\u{a0}".to_string() } else { body.replace(' ', "\u{a0}") };
            // A line wider than the measure goes on under a hanging indent, not off the page.
            let mut chunks = Vec::new();
            for piece in self.code_pieces(&body, style, measure - lead, measure - hang) {
                if !chunks.is_empty() {
                    chunks.push(Chunk::Break);
                }
                chunks.push(Chunk::Text { text: piece.to_string(), style });
            }
            let shape = Shape { first_indent: lead, ..Shape::hanging(measure, hang) };
            out.push(self.set(chunks, Align::Left, shape, false));
        }
        out
    }

    /// The width of one column of code: the advance of a space in the code's face.
    fn code_column(&mut self, style: crate::typeset::Style) -> Pt {
        let ts = &mut *self.ts;
        ts.shaper.shape(&ts.fonts, style.face, &self.lang, " ").width_at(&ts.fonts, style.size)
    }

    /// A line of code cut to fit: `first` wide, then `rest`; at a space or a punctuation mark in
    /// the second half of a piece where there is one, else where the width runs out. A hyphen,
    /// an underline or a period goes over with what follows it, as in running text: "User-" at
    /// a line's end reads as a word hyphenated to fit.
    fn code_pieces<'t>(
        &mut self,
        line: &'t str,
        style: crate::typeset::Style,
        first: Pt,
        rest: Pt,
    ) -> Vec<&'t str> {
        let column = self.code_column(style).0.max(0.01);
        let lang = self.lang.clone();
        let ts = &mut *self.ts;
        let mut width =
            |s: &str| ts.shaper.shape(&ts.fonts, style.face, &lang, s).width_at(&ts.fonts, style.size);
        let mut out = Vec::new();
        let mut left = line;
        while !left.is_empty() {
            let room = if out.is_empty() { first } else { rest };
            // Only as much of the line as overfills the room is measured, never all that is
            // left of it: a 200,000-character line (a pasted blob) took minutes and gigabytes
            // of shapes. Twice the columns that fit, more while marks of no width fill it.
            let mut take = 2 * (room.0 / column).ceil() as usize + 16;
            let (window, fits) = loop {
                let end = left.char_indices().nth(take).map_or(left.len(), |(i, _)| i);
                let fits = width(&left[..end]).0 <= room.0;
                if end == left.len() || !fits {
                    break (&left[..end], fits);
                }
                take *= 2;
            };
            if fits {
                out.push(left);
                break;
            }
            // The longest prefix that fits (at least one character), by halving.
            let ends: Vec<usize> = window.char_indices().map(|(i, _)| i).skip(1).collect();
            let (mut lo, mut hi) = (0, ends.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if width(&left[..ends[mid - 1]]).0 <= room.0 { lo = mid } else { hi = mid - 1 }
            }
            let mut end = ends.get(lo.max(1) - 1).copied().unwrap_or(left.len());
            let mut soft = left[..end].char_indices().filter(|&(i, c)| {
                i * 2 >= end
                    && matches!(c, '\u{a0}' | '/' | '.' | ',' | ';' | '-' | '_' | '(' | ')' | '&' | '?' | '=')
                    && !(c == '-' && left[..i].ends_with('-'))
            });
            if let Some((i, c)) = soft.next_back() {
                end = if matches!(c, '-' | '_' | '.') && i > 0 { i } else { i + c.len_utf8() };
            }
            out.push(&left[..end]);
            left = &left[end..];
        }
        out
    }
}

/// A line of code with its tabs turned into spaces to the next multiple of four columns.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let to = (column / 4 + 1) * 4;
            out.extend(std::iter::repeat_n(' ', to - column));
            column = to;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Fewest lines of a code block left at a page's foot or carried to the next page's head: two
/// lines of a program alone read as a fragment, and a block of up to five is never parted.
const KEPT: usize = 3;

/// Lets a page end inside a code block only with `KEPT` lines or more on each side of the break.
fn keep_lines_together(lines: &mut [Slot]) {
    let n = lines.len();
    for (i, slot) in lines.iter_mut().enumerate() {
        if i + 1 < n && (i + 1 < KEPT || n - i - 1 < KEPT) {
            slot.break_after = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_block_parts_with_three_lines_or_more_on_each_side() {
        // posa-book's pugixml chapter: a block of seven lines left two at a page's foot.
        let breaks = |n: usize| {
            let mut lines = vec![Slot::blank(1); n];
            keep_lines_together(&mut lines);
            lines.iter().enumerate().filter(|(_, s)| s.break_after).map(|(i, _)| i).collect::<Vec<_>>()
        };
        assert_eq!(breaks(7), [2, 3, 6]);
        assert_eq!(breaks(5), [4], "five lines are never parted");
        assert_eq!(breaks(1), [0]);
    }
}
