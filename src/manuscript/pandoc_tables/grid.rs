//! Pandoc's grid tables, read as a drawing: every cell is a box of `+` corners, `-`/`=` edges
//! and `|` sides, found by walking its edges as docutils does, so a cell may span columns and rows
//! (pandoc 3). A `+===+` rule ends the head; two more around the last rows enclose the foot.

use super::{Align, Found, at, columns, cut, ends};
use crate::model::Merge;

/// A grid table plainly meant whose edges do not meet: a `|` or `+` out of line, or text right
/// under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Misdrawn;

/// The lines of a table as a grid of display columns: a wide letter's second column holds `\0`.
struct Canvas {
    rows: Vec<Vec<char>>,
}

impl Canvas {
    fn new(lines: &[&str]) -> Canvas {
        let rows = lines
            .iter()
            .map(|line| {
                let mut row = Vec::new();
                for (col, c) in columns(line) {
                    row.resize(col, '\0');
                    row.push(c);
                }
                row
            })
            .collect();
        Canvas { rows }
    }

    fn get(&self, y: usize, x: usize) -> char {
        self.rows.get(y).and_then(|r| r.get(x)).copied().unwrap_or(' ')
    }
}

/// A cell's box: the lines of its top and bottom edges and the columns of its sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rect {
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
}

/// The `+` columns of a grid table's border (`+---+:==:+`), if the line is one.
pub(super) fn border(line: &str) -> Option<Vec<usize>> {
    let t = line.trim_end();
    let t = t.trim_start();
    let ok = t.starts_with('+') && t.ends_with('+') && t.len() > 2 && t.chars().all(|c| "+-=: ".contains(c));
    // `+++` (a TOML header's fence) has no rule in it.
    if !ok || t.contains(' ') || !t.contains(['-', '=']) {
        return None;
    }
    let lead = line.chars().take_while(|c| *c == ' ').count();
    Some(t.chars().enumerate().filter(|(_, c)| *c == '+').map(|(k, _)| lead + k).collect())
}

/// A grid table starting at line `i`: `Ok(None)` if no table starts there, `Err` if one plainly
/// meant cannot be read.
pub(super) fn grid(lines: &[&str], i: usize) -> Result<Option<Found>, Misdrawn> {
    let Some(plus) = border(lines[i]) else { return Ok(None) };
    let mut end = i + 1;
    while end < lines.len() && lines[end].trim_start().starts_with(['+', '|']) {
        end += 1;
    }
    // Reported only where a table was plainly meant: a border, a row, a border.
    let meant = end - i >= 3;
    let fail = || if meant { Err(Misdrawn) } else { Ok(None) };
    // Ended by its last border and a blank line (or the text's end), as pandoc's tables are.
    if end < i + 3 || border(lines[end - 1]).is_none() || !ends(lines, end) {
        return fail();
    }
    let (Some(&left), Some(&right)) = (plus.first(), plus.last()) else { return fail() };
    let canvas = Canvas::new(&lines[i..end]);
    let Some(cells) = boxes(&canvas, left, right) else { return fail() };
    // The rows and columns are where some cell's edge runs.
    let mut tops: Vec<usize> = cells.iter().flat_map(|c| [c.top, c.bottom]).collect();
    let mut sides: Vec<usize> = cells.iter().flat_map(|c| [c.left, c.right]).collect();
    for v in [&mut tops, &mut sides] {
        v.sort_unstable();
        v.dedup();
    }
    // A rule right under another leaves a row no line of its own: its pipe table's line would
    // be one more than the source has, and every line after the table would lose its number.
    if tops.windows(2).any(|w| w[1] - w[0] < 2) {
        return fail();
    }
    let place = |v: &[usize], x: usize| v.binary_search(&x).unwrap_or(0);
    let (nrows, ncols) = (tops.len() - 1, sides.len() - 1);
    // `=` rules the whole width: the first under the head, the last two around the foot.
    let ruled: Vec<usize> = tops[1..]
        .iter()
        .copied()
        .filter(|&y| {
            let line = &canvas.rows[y];
            line.contains(&'=') && !line.contains(&'-') && border(lines[i + y]).is_some()
        })
        .collect();
    let last = tops[nrows];
    let head_rows = ruled.first().filter(|&&y| y != last).map_or(0, |&y| place(&tops, y));
    let foot_rows = match ruled.as_slice() {
        [_, .., from, to] if *to == last => place(&tops, *to) - place(&tops, *from),
        _ => 0,
    };
    let mut grid = vec![vec![String::new(); ncols]; nrows];
    let mut merges = Vec::new();
    for c in &cells {
        let (row, col) = (place(&tops, c.top), place(&sides, c.left));
        let (rows, cols) = (place(&tops, c.bottom) - row, place(&sides, c.right) - col);
        grid[row][col] = cell_text(&lines[i + c.top + 1..i + c.bottom], c.left + 1, c.right);
        if (rows, cols) != (1, 1) {
            merges.push(Merge { row, col, rows, cols });
        }
    }
    merges.sort_by_key(|m| (m.row, m.col));
    // Alignments from the colons of the rule under the head, or of the top border.
    let rule = columns(lines[i + ruled.first().filter(|_| head_rows > 0).map_or(0, |&y| y)]);
    let aligns = sides
        .windows(2)
        .map(|w| match (at(&rule, w[0] + 1) == Some(':'), at(&rule, w[1] - 1) == Some(':')) {
            (true, true) => Align::Center,
            (true, false) => Align::Left,
            (false, true) => Align::Right,
            (false, false) => Align::Default,
        })
        .collect();
    let mut rows = grid;
    let mut head = if head_rows > 0 { rows.remove(0) } else { Vec::new() };
    let mut head_rows = head_rows;
    // A head of one row of empty cells is no head: the pipe table's would be read as a
    // headerless table's.
    if head.iter().all(|c| c.trim().is_empty()) && head_rows == 1 {
        head.clear();
        head_rows = 0;
        merges.retain(|m| m.row > 0);
        merges.iter_mut().for_each(|m| m.row -= 1);
    }
    Ok(Some(Found { start: i, end, aligns, head, head_rows, rows, foot: foot_rows, merges }))
}

/// Every cell's box, from the top left corner, or `None` if the edges do not close them all or
/// they do not tile the table.
fn boxes(canvas: &Canvas, left: usize, right: usize) -> Option<Vec<Rect>> {
    let bottom = canvas.rows.len() - 1;
    let mut corners = std::collections::BTreeSet::from([(0, left)]);
    let mut seen = std::collections::HashSet::new();
    let mut cells = Vec::new();
    while let Some((top, x)) = corners.pop_first() {
        // A corner under a cell that spans on past it starts no cell of its own.
        let inside = |c: &Rect| (c.top..c.bottom).contains(&top) && (c.left..c.right).contains(&x);
        if !seen.insert((top, x)) || cells.iter().any(inside) {
            continue;
        }
        let cell = box_at(canvas, top, x)?;
        if cell.right > right || cell.bottom > bottom {
            return None;
        }
        if cell.right < right {
            corners.insert((top, cell.right));
        }
        if cell.bottom < bottom {
            corners.insert((cell.bottom, x));
        }
        cells.push(cell);
    }
    // Each place of the table in exactly one cell: no two overlap and none is missing.
    let area: usize = cells.iter().map(|c| (c.bottom - c.top) * (c.right - c.left)).sum();
    let overlap = cells.iter().enumerate().any(|(k, a)| {
        cells[k + 1..]
            .iter()
            .any(|b| a.top < b.bottom && b.top < a.bottom && a.left < b.right && b.left < a.right)
    });
    (area == bottom * (right - left) && !overlap).then_some(cells)
}

/// The cell whose top left corner is at line `top`, column `left`: along its top edge to the
/// first corner a side runs down from and closes a box.
fn box_at(canvas: &Canvas, top: usize, left: usize) -> Option<Rect> {
    if canvas.get(top, left) != '+' {
        return None;
    }
    let width = canvas.rows.get(top)?.len();
    for right in left + 1..width {
        match canvas.get(top, right) {
            '+' => {
                if let Some(bottom) = side_down(canvas, top, left, right) {
                    return Some(Rect { top, left, bottom, right });
                }
            }
            '-' | '=' | ':' => {}
            _ => return None,
        }
    }
    None
}

/// Down the right side from a top corner to the first corner whose bottom edge and left side
/// close the box.
fn side_down(canvas: &Canvas, top: usize, left: usize, right: usize) -> Option<usize> {
    for y in top + 1..canvas.rows.len() {
        match canvas.get(y, right) {
            '+' => {
                let edge = (left + 1..right).all(|x| matches!(canvas.get(y, x), '-' | '=' | ':' | '+'));
                let side = (top + 1..y).all(|k| matches!(canvas.get(k, left), '|' | '+'));
                if edge && side && canvas.get(y, left) == '+' {
                    return Some(y);
                }
            }
            '|' => {}
            _ => return None,
        }
    }
    None
}

/// A cell's text from its lines between columns `from..to`: its paragraphs and list items
/// become lines parted by `<br>`, and a fenced code block a code span a line, indented as
/// written.
fn cell_text(lines: &[&str], from: usize, to: usize) -> String {
    let mut cell = String::new();
    let mut gap = false;
    // The open fence's marker and how far in it stands.
    let mut fence: Option<(String, usize)> = None;
    for line in lines {
        let raw = cut(&columns(line), from, Some(to));
        let raw = raw.trim_end();
        let piece = raw.trim_start();
        // In chars, not bytes: a no-break or ideographic space takes two or three bytes.
        let indent = raw.chars().count() - piece.chars().count();
        if let Some((marker, at)) = &fence {
            if piece.starts_with(marker.as_str()) && piece.chars().all(|c| marker.starts_with(c)) {
                fence = None;
                gap = true;
            } else if !piece.is_empty() {
                if !cell.is_empty() {
                    cell.push_str("<br>");
                }
                let from = raw.char_indices().nth(indent.min(*at)).map_or(raw.len(), |(k, _)| k);
                code_span(&raw[from..], &mut cell);
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| piece.starts_with(m)) {
            let run = piece.chars().take_while(|c| marker.starts_with(*c)).collect();
            fence = Some((run, indent));
            continue;
        }
        if piece.is_empty() {
            gap = true;
            continue;
        }
        let item = ["- ", "* ", "+ "].iter().find_map(|m| piece.strip_prefix(m));
        if !cell.is_empty() {
            cell.push_str(if gap || item.is_some() { "<br>" } else { " " });
        }
        match item {
            Some(rest) => {
                cell.push_str("• ");
                cell.push_str(rest.trim_start());
            }
            None => cell.push_str(piece),
        }
        gap = false;
    }
    cell
}

/// A line of code as a code span, its indent kept in figure spaces, which a monospaced face
/// sets as wide as any letter (a code span's leading spaces would be read as padding, and a
/// no-break space is glue a line break discards), fenced by more backticks than it holds.
fn code_span(code: &str, out: &mut String) {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let body = code.trim_start();
    let pad = if body.starts_with('`') || body.ends_with('`') { " " } else { "" };
    out.push_str(&ticks);
    out.push_str(pad);
    out.extend(std::iter::repeat_n('\u{2007}', code.chars().count() - body.chars().count()));
    out.push_str(body);
    out.push_str(pad);
    out.push_str(&ticks);
}
