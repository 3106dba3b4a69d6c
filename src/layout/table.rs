//! Tables in print: each column as wide as its text needs (the measure shared out, as a browser's
//! automatic table layout does, when together they need more), cells aligned as the manuscript
//! asks, the table centred, rows kept whole (and two together at a page break), its head repeated
//! over the rows a page break carries over, its caption over it and rules as booktabs draws them.

use super::flow::{Content, Flow, Slot};
use super::text::Look;
use crate::model::{Alignment, Section, Table};
use crate::typeset::{Align, Line, Pt, Shape};

/// Space between columns, in ems of the table's text.
const GAP: f64 = 1.2;

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
        let rows: Vec<(&Vec<_>, bool)> = std::iter::once((&t.head, true))
            .filter(|(h, _)| !h.is_empty())
            .chain(t.rows.iter().map(|r| (r, false)))
            .collect();
        let cols = t.alignments.len().max(rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0)).max(1);
        let size = self.size * 0.9;
        let look = |head: bool| Look { bold: head, size, ..body };
        let gap = self.size.0 * 0.9 * GAP;
        // What each column's text needs, every cell on one line.
        let mut natural = vec![0.0f64; cols];
        for (row, head) in &rows {
            for (c, cell) in row.iter().enumerate().take(cols) {
                let chunks = self.chunks(cell, look(*head));
                let lines = self.set(chunks, Align::Left, Shape::block(Pt(1e6), Pt::ZERO), false);
                // A hundredth of a point over, so the text set again in that width is not found
                // wider by a rounding.
                let width = lines.iter().map(|l| l.width.0).fold(0.0, f64::max) + 0.01;
                natural[c] = natural[c].max(width);
            }
        }
        let widths = share(&natural, measure.0 - gap * (cols - 1) as f64);
        let lefts: Vec<f64> =
            widths.iter().scan(0.0, |x, w| Some(std::mem::replace(x, *x + w + gap))).collect();
        let total = widths.iter().sum::<f64>() + gap * (cols - 1) as f64;
        let left = indent + Pt(((measure.0 - total) / 2.0).max(0.0));
        // Rules as booktabs sets them: heavy over and under the table, light under its head;
        // none between rows or columns.
        let rule = |weight: f64, break_after: bool| Slot {
            content: Content::Rule { dx: left, w: Pt(total), weight: Pt(weight) },
            lines: 0,
            break_after,
            discardable: false,
            repeat: false,
            notes: Vec::new(),
        };
        let table_start = out.len();
        out.push(rule(0.8, false));
        // The top rule and the head, shown again over the rows a page break carries over, as
        // the Chicago Manual asks of a table that runs onto another page.
        let mut repeated: Vec<Slot> = Vec::new();
        let body_rows = t.rows.len();
        let mut body_done = 0;
        for (row, head) in rows.into_iter() {
            body_done += usize::from(!head);
            // A table parts between pages only with two rows or more on each side of the break,
            // as a paragraph keeps two lines: one row alone under or over a page break reads
            // as another table, and a short table is never parted.
            let may_part = !head && body_done >= MIN_ROWS && body_rows - body_done >= MIN_ROWS;
            let mut cells: Vec<Vec<Line>> = Vec::new();
            for (c, cell) in row.iter().enumerate().take(cols) {
                let align = match t.alignments.get(c) {
                    Some(Alignment::Right) => Align::Right,
                    Some(Alignment::Center) => Align::Center,
                    _ => Align::Left,
                };
                let chunks = self.chunks(cell, look(head));
                cells.push(self.set_within(chunks, align, Shape::block(Pt(widths[c]), Pt::ZERO), true));
            }
            let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for k in 0..height {
                let mut merged: Option<Line> = None;
                for (c, cell) in cells.iter().enumerate() {
                    let Some(l) = cell.get(k) else { continue };
                    let dx = Pt(lefts[c]) + l.x;
                    let mut runs = l.runs.clone();
                    for r in &mut runs {
                        for g in &mut r.glyphs {
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
                // A page may end after a row, but not after the head, nor before the last row's
                // closing rule.
                out.push(Slot {
                    content,
                    lines: 1,
                    break_after: k + 1 == height && may_part,
                    discardable: false,
                    repeat: false,
                    notes: Vec::new(),
                });
            }
            if head {
                out.push(rule(0.5, false));
            }
            if repeated.is_empty() && !head {
                let head = out[table_start..out.len() - height].iter().cloned();
                repeated = head.map(|s| Slot { repeat: true, break_after: false, ..s }).collect();
            }
            if may_part {
                out.extend(repeated.iter().cloned());
            }
        }
        out.push(rule(0.8, true));
        Slot::space(out);
    }
}

/// Column widths for columns whose text needs `natural` (each cell on one line) in `room`: what
/// they need when it all fits; otherwise each keeps up to an equal share, and what the narrow
/// ones leave goes to the others in proportion to what they still lack.
fn share(natural: &[f64], room: f64) -> Vec<f64> {
    let room = room.max(0.0);
    if natural.iter().sum::<f64>() <= room {
        return natural.to_vec();
    }
    let fair = room / natural.len().max(1) as f64;
    let mut widths: Vec<f64> = natural.iter().map(|&n| n.min(fair)).collect();
    let left = room - widths.iter().sum::<f64>();
    let lacking: f64 = natural.iter().zip(&widths).map(|(n, w)| n - w).sum();
    if lacking > 0.0 {
        for (w, n) in widths.iter_mut().zip(natural) {
            *w += left * (n - *w) / lacking;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn columns_get_what_they_need_and_share_what_is_short() {
        assert_eq!(share(&[40.0, 60.0], 200.0), [40.0, 60.0], "room for both: their own widths");
        // A narrow column keeps its width; the wide ones share the rest by what they lack.
        let w = share(&[30.0, 200.0, 100.0], 240.0);
        assert_eq!(w[0], 30.0);
        assert!((w.iter().sum::<f64>() - 240.0).abs() < 1e-9, "{w:?}");
        assert!((w[1] - 30.0 - 2.0 * (w[2] - 30.0)).abs() > 0.0 && w[1] > w[2], "{w:?}");
        assert_eq!(share(&[100.0, 100.0], 100.0), [50.0, 50.0], "equal needs, equal shares");
    }
}
