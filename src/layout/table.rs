//! Tables in print: each column as wide as its text needs (the measure shared out, as a browser's
//! automatic table layout does, when together they need more), cells aligned as the manuscript
//! asks, the table centred, rows kept whole (and two together at a page break), its head repeated
//! over the rows a page break carries over, its caption over it and rules as booktabs draws them.

use super::flow::{Content, Flow, Slot};
use super::text::Look;
use crate::model::{Alignment, Section, Table};
use crate::typeset::{Align, Chunk, Line, Pt, Shape};

/// Space between columns, in ems of the table's text.
const GAP: f64 = 1.2;

/// The least space between columns of a table too wide for the measure, in ems.
const MIN_GAP: f64 = 0.5;

/// The smallest size a table too wide for the measure is set in, as a fraction of the body's
/// (6 pt at 10, as the smallest notes and tables of reference books are set).
const MIN_SIZE: f64 = 0.6;

/// Fewest body rows a table leaves on a page when it parts between two.
const MIN_ROWS: usize = 2;

impl Flow<'_> {
    /// The slots of a table, in a block `measure` wide whose left edge is `indent` from the text's.
    pub(super) fn table(
        &mut self,
        section: &Section,
        t: &Table,
        indent: Pt,
        measure: Pt,
        out: &mut Vec<Slot>,
    ) {
        let body = Look::body(self.size);
        Slot::space(out);
        // A table's caption stands over it, as in TeX and the Chicago Manual, kept with its
        // first row.
        if let Some(c) = &t.caption {
            let chunks = self.chunks(c, Look { italic: true, size: self.size * 0.9, ..body });
            let lines = self.set_within(chunks, Align::Center, Shape::block(measure, Pt::ZERO), true);
            self.text_lines(section, lines, indent, out);
            if let Some(last) = out.last_mut() {
                last.break_after = false;
            }
            out.push(Slot { break_after: false, ..Slot::blank(1) });
        }
        let heads = t.head.len();
        let rows: Vec<&Vec<_>> = t.all_rows().collect();
        let cols = t.alignments.len().max(rows.iter().map(|r| r.len()).max().unwrap_or(0)).max(1);
        // Every cell that is set, with where it starts and how far it spans.
        let cells: Vec<Cell> = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| row.iter().enumerate().take(cols).map(move |(c, text)| (r, c, text)))
            .filter_map(|(row, col, text)| {
                let (rows, span) = t.span_at(row, col)?;
                Some(Cell { row, col, rows, cols: span.min(cols - col), text })
            })
            .collect();
        // What each column's text needs on one line, and at least (its widest word), at the
        // table's size; a cell spanning columns gives what they lack between them to each alike.
        let size = self.size * 0.9;
        let mut natural = vec![0.0f64; cols];
        let mut least = vec![0.0f64; cols];
        let mut spanning = Vec::new();
        for cell in &cells {
            let look = Look { bold: cell.row < heads, size, ..body };
            let (one_line, word) = self.extent(cell.text, look);
            if cell.cols == 1 {
                natural[cell.col] = natural[cell.col].max(one_line);
                least[cell.col] = least[cell.col].max(word);
            } else {
                spanning.push((cell, one_line, word));
            }
        }
        for (cell, one_line, word) in spanning {
            let between = GAP * size.0 * (cell.cols - 1) as f64;
            for (widths, need) in [(&mut natural, one_line), (&mut least, word)] {
                let spanned = &mut widths[cell.col..cell.col + cell.cols];
                let lack = need - between - spanned.iter().sum::<f64>();
                if lack > 0.0 {
                    spanned.iter_mut().for_each(|w| *w += lack / cell.cols as f64);
                }
            }
        }
        // A table too wide for its words closes up its columns, then is set smaller, as a
        // compositor sets a wide table in a smaller size rather than break its numbers.
        let gaps = (cols - 1) as f64;
        let words: f64 = least.iter().sum();
        let gap_ems =
            if gaps > 0.0 { ((measure.0 - words) / (gaps * size.0)).clamp(MIN_GAP, GAP) } else { GAP };
        let scale = (measure.0 / (words + gap_ems * size.0 * gaps)).clamp(MIN_SIZE / 0.9, 1.0);
        let size = size * scale;
        natural.iter_mut().chain(&mut least).for_each(|w| *w *= scale);
        let look = |row: usize| Look { bold: row < heads, size, ..body };
        let gap = size.0 * gap_ems;
        let widths = share(&natural, &least, measure.0 - gap * gaps);
        let lefts: Vec<f64> =
            widths.iter().scan(0.0, |x, w| Some(std::mem::replace(x, *x + w + gap))).collect();
        let total = widths.iter().sum::<f64>() + gap * gaps;
        let left = indent + Pt(((measure.0 - total) / 2.0).max(0.0));
        // Rules as booktabs sets them: heavy over and under the table, light under its head and
        // over its foot, lighter between groups of rows a cell spans; none between columns.
        let rule = |weight: f64, break_after: bool| Slot {
            content: Content::Rule { dx: left, w: Pt(total), weight: Pt(weight) },
            lines: 0,
            break_after,
            discardable: false,
            repeat: false,
            notes: Vec::new(),
            penalty: 0,
        };
        let set: Vec<Vec<Line>> = cells
            .iter()
            .map(|cell| {
                // A head over several columns is centred over them, as booktabs sets it.
                let align = match t.alignments.get(cell.col) {
                    _ if cell.row < heads && cell.cols > 1 => Align::Center,
                    Some(Alignment::Right) => Align::Right,
                    Some(Alignment::Center) => Align::Center,
                    _ => Align::Left,
                };
                let width =
                    widths[cell.col..cell.col + cell.cols].iter().sum::<f64>() + gap * (cell.cols - 1) as f64;
                let chunks = self.chunks(cell.text, look(cell.row));
                self.set_within(chunks, align, Shape::block(Pt(width), Pt::ZERO), true)
            })
            .collect();
        // Each row's lines: its own cells' most, and a cell spanning rows makes its last row
        // as deep as the rest of its text needs.
        let mut depth = vec![1usize; rows.len()];
        for (cell, lines) in cells.iter().zip(&set).filter(|(c, _)| c.rows == 1) {
            depth[cell.row] = depth[cell.row].max(lines.len());
        }
        for (cell, lines) in cells.iter().zip(&set).filter(|(c, _)| c.rows > 1) {
            let last = (cell.row + cell.rows).min(rows.len()) - 1;
            let have: usize = depth[cell.row..=last].iter().sum();
            depth[last] += lines.len().saturating_sub(have);
        }
        // Each row's first line, counted from the table's.
        let tops: Vec<usize> = depth.iter().scan(0, |y, d| Some(std::mem::replace(y, *y + d))).collect();
        let table_start = out.len();
        out.push(rule(0.8, false));
        // The top rule and the head, shown again over the rows a page break carries over, as
        // the Chicago Manual asks of a table that runs onto another page.
        let mut repeated: Vec<Slot> = Vec::new();
        let (body_rows, foot_from) = (t.rows.len(), heads + t.rows.len());
        let mut r = 0;
        // The cells are in reading order: those of rows `a..b` are `cells[of(a)..of(b)]`, so a
        // table of thousands of rows is set in time in proportion to its cells.
        let of = |row: usize| cells.partition_point(|c| c.row < row);
        while r < rows.len() {
            // A band of rows no cell spans out of: the table parts only between bands.
            let mut end = r + 1;
            let mut k = of(r);
            while k < of(end) {
                end = end.max(cells[k].row + cells[k].rows).min(rows.len());
                k += 1;
            }
            let band = of(r)..of(end);
            if r == foot_from {
                out.push(rule(0.5, false));
            }
            // A table parts between pages only with two rows or more on each side of the break,
            // as a paragraph keeps two lines: one row alone under or over a page break reads
            // as another table, and a short table is never parted.
            let body_done = end.min(foot_from).saturating_sub(heads);
            let may_part =
                r >= heads && end <= foot_from && body_done >= MIN_ROWS && body_rows - body_done >= MIN_ROWS;
            let grouped = end - r > 1 || cells[of(end)..of(end + 1)].iter().any(|c| c.rows > 1);
            let lines: usize = depth[r..end].iter().sum();
            for y in tops[r]..tops[r] + lines {
                let mut merged: Option<Line> = None;
                for (cell, set) in cells[band.clone()].iter().zip(&set[band.clone()]) {
                    // Column heads stand on the head's last line, as the Chicago Manual sets
                    // them; other cells hang from their first.
                    let from = if cell.row < heads {
                        let last = (cell.row + cell.rows).min(rows.len()) - 1;
                        (tops[last] + depth[last]).saturating_sub(set.len())
                    } else {
                        tops[cell.row]
                    };
                    let Some(l) = y.checked_sub(from).and_then(|k| set.get(k)) else { continue };
                    let dx = Pt(lefts[cell.col]) + l.x;
                    let mut runs = l.runs.clone();
                    for run in &mut runs {
                        for g in &mut run.glyphs {
                            g.shift(dx);
                        }
                    }
                    // A cell's images move with its text.
                    let objects = l.objects.iter().map(|(x, o)| (*x + dx, o.clone()));
                    match &mut merged {
                        Some(m) => {
                            m.runs.extend(runs);
                            m.objects.extend(objects);
                        }
                        None => {
                            let objects = objects.collect();
                            merged = Some(Line { x: Pt::ZERO, runs, objects, ..l.clone() })
                        }
                    }
                }
                let content = match merged {
                    Some(line) => Content::Text { line, dx: left },
                    None => Content::Blank,
                };
                // A page may end after a band, but not after the head, nor before the last
                // row's closing rule.
                let last = y + 1 == tops[r] + lines;
                out.push(Slot {
                    content,
                    lines: 1,
                    break_after: last && may_part && !(grouped && end < foot_from),
                    discardable: false,
                    repeat: false,
                    notes: Vec::new(),
                    penalty: 0,
                });
                // Under a column head spanning the heads below it, a rule as wide as it
                // (booktabs' `\cmidrule`).
                for cell in cells[band.clone()]
                    .iter()
                    .filter(|c| c.row < heads && c.cols > 1 && c.row + c.rows < heads)
                {
                    let bottom = cell.row + cell.rows - 1;
                    if y + 1 == tops[bottom] + depth[bottom] {
                        let w = widths[cell.col..cell.col + cell.cols].iter().sum::<f64>()
                            + gap * (cell.cols - 1) as f64;
                        let content =
                            Content::Rule { dx: left + Pt(lefts[cell.col]), w: Pt(w), weight: Pt(0.3) };
                        out.push(Slot { content, ..rule(0.3, false) });
                    }
                }
            }
            if end == heads && heads > 0 {
                out.push(rule(0.5, false));
                repeated = out[table_start..]
                    .iter()
                    .map(|s| Slot { repeat: true, break_after: false, ..s.clone() })
                    .collect();
            } else if grouped && end < foot_from {
                out.push(rule(0.3, may_part));
            }
            if repeated.is_empty() && end >= heads {
                repeated = vec![Slot { repeat: true, ..rule(0.8, false) }];
            }
            if may_part {
                out.extend(repeated.iter().cloned());
            }
            r = end;
        }
        out.push(rule(0.8, true));
        Slot::space(out);
    }
}

/// Points: a hundred inches, wider than any page's measure.
const NO_PAGE_IS_WIDER: f64 = 7200.0;

impl Flow<'_> {
    /// A cell's text set on one line: its width, and its widest word's.
    fn extent(&mut self, text: &[crate::model::Inline], look: Look) -> (f64, f64) {
        let chunks = self.chunks(text, look);
        // The widest word, by the shapes of its pieces (the shaper keeps every word it has
        // shaped: a table of thousands of rows costs lookups, not settings), and the longest
        // line between hard breaks, its spaces taken at a quarter of an em.
        let (mut word, mut widest) = (0.0f64, 0.0f64);
        let (mut line, mut longest) = (0.0f64, 0.0f64);
        for chunk in &chunks {
            match chunk {
                Chunk::Text { text, style } => {
                    for (k, piece) in text.split(' ').enumerate() {
                        if k > 0 {
                            widest = widest.max(std::mem::take(&mut word));
                            line += style.size.0 * 0.25;
                        }
                        if !piece.is_empty() {
                            let shaped = self.ts.shaper.shape(&self.ts.fonts, style.face, &self.lang, piece);
                            let w = shaped.width_at(&self.ts.fonts, style.size).0;
                            word += w;
                            line += w;
                        }
                    }
                }
                Chunk::Break => {
                    widest = widest.max(std::mem::take(&mut word));
                    longest = longest.max(std::mem::take(&mut line));
                }
                Chunk::Object(o) => {
                    word += o.width.0;
                    line += o.width.0;
                }
            }
        }
        widest = widest.max(word);
        longest = longest.max(line);
        // A line wider than any page needs no exact width, and setting it on one line would
        // weigh every break in it against every other (a pasted blob of 15,000 words took 5 s).
        if longest > NO_PAGE_IS_WIDER {
            return (longest, (widest + 0.01).min(longest));
        }
        let lines = self.set(chunks, Align::Left, Shape::block(Pt(1e6), Pt::ZERO), false);
        let one_line = lines.iter().map(|l| l.width.0).fold(0.0, f64::max) + 0.01;
        (one_line, (widest + 0.01).min(one_line))
    }
}

/// A cell that is set: its text, the row (head first) and column it starts at, how far it spans.
struct Cell<'a> {
    text: &'a [crate::model::Inline],
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
}

/// Column widths for columns whose text needs `natural` on one line and at least `least` (their
/// widest words), in `room`: what they need when it all fits; otherwise each its least and of the
/// room left a share in proportion to what it still lacks, as a browser lays out a table; never
/// more than the room.
fn share(natural: &[f64], least: &[f64], room: f64) -> Vec<f64> {
    let room = room.max(0.0);
    let full: f64 = natural.iter().sum();
    if full <= room {
        return natural.to_vec();
    }
    let least: Vec<f64> = least.iter().zip(natural).map(|(l, n)| l.min(*n)).collect();
    let base: f64 = least.iter().sum();
    // Words wider than the room between them all: each column narrowed alike, its words opened.
    if base > room {
        return least.iter().map(|l| l * room / base).collect();
    }
    let k = if full > base { ((room - base) / (full - base)).max(0.0) } else { 0.0 };
    least.iter().zip(natural).map(|(l, n)| l + (n - l) * k).collect()
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn columns_get_what_they_need_and_share_what_is_short() {
        assert_eq!(share(&[40.0, 60.0], &[10.0, 10.0], 200.0), [40.0, 60.0], "room for both: their own");
        // Each keeps its widest word and takes of the rest by what it still lacks.
        let w = share(&[30.0, 200.0, 100.0], &[30.0, 40.0, 20.0], 240.0);
        assert_eq!(w[0], 30.0, "a column of numbers keeps its width");
        assert!((w.iter().sum::<f64>() - 240.0).abs() < 1e-9, "{w:?}");
        let k = (240.0 - 90.0) / (330.0 - 90.0);
        assert!((w[1] - (40.0 + 160.0 * k)).abs() < 1e-9 && (w[2] - (20.0 + 80.0 * k)).abs() < 1e-9, "{w:?}");
        // Words wider than the room: narrowed alike, never wider than the room.
        assert_eq!(share(&[100.0, 300.0], &[60.0, 140.0], 100.0), [30.0, 70.0]);
    }
}
