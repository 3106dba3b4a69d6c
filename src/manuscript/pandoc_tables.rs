//! Pandoc's simple, multiline and grid tables, rewritten as the pipe tables pulldown-cmark reads.
//!
//! Authors coming from pandoc write tables these ways (its manual is full of them); CommonMark
//! reads them as a paragraph, a thematic break and another paragraph. The rewrite keeps the
//! text's line count, so every line after a table keeps its number for diagnostics.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::{Merge, Table};

mod grid;

/// Column alignment as pandoc reads it from a table's rules.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Default,
    Left,
    Right,
    Center,
}

/// A table read from the source: where it was, and what it holds.
struct Found {
    /// Its lines in the source: `start..end`.
    start: usize,
    end: usize,
    aligns: Vec<Align>,
    /// Empty for a headerless table.
    head: Vec<String>,
    /// The body's rows, then the foot's.
    rows: Vec<Vec<String>>,
    /// How many rows the head has (a grid table's may have several: all but the first are
    /// written as the pipe table's first rows).
    head_rows: usize,
    /// How many of the last rows are the foot (a grid table's).
    foot: usize,
    /// Cells joined across columns or rows (a grid table's), by row from the head's.
    merges: Vec<Merge>,
}

/// The text with pandoc's tables rewritten, and what a pipe table cannot say.
pub(super) struct Rewrite<'a> {
    /// The text, its line count kept.
    pub text: Cow<'a, str>,
    /// The lines (0-based) of grid tables left as written: their edges do not meet.
    pub unread: Vec<usize>,
    /// The foot and joined cells of the tables starting at these lines (0-based).
    pub shapes: Vec<(usize, GridShape)>,
}

/// What a table's pipe table cannot hold: its head's rows after the first, its foot and its
/// joined cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GridShape {
    head: usize,
    foot: usize,
    merges: Vec<Merge>,
}

impl GridShape {
    /// How many rows its head has.
    pub(crate) fn head_rows(&self) -> usize {
        self.head
    }

    /// Gives the table read from the pipe table its head's further rows, its foot and joined
    /// cells back: the pipe table read them as body rows.
    pub(crate) fn apply(&self, t: &mut Table) {
        let foot = self.foot.min(t.rows.len());
        t.foot = t.rows.split_off(t.rows.len() - foot);
        if !t.head.is_empty() {
            let more = self.head.saturating_sub(1).min(t.rows.len());
            t.head.extend(t.rows.drain(..more));
        }
        let rows = t.all_rows().count();
        let cols = t.all_rows().map(Vec::len).min().unwrap_or(0);
        t.merges = self
            .merges
            .iter()
            .filter(|m| m.row + m.rows <= rows && m.col + m.cols <= cols)
            .copied()
            .collect();
    }
}

/// The text with every pandoc table as a pipe table, and what the pipe tables cannot say.
pub(super) fn to_pipe(text: &str) -> Rewrite<'_> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut found = Vec::new();
    let mut unread = Vec::new();
    let code = super::blocks::in_fenced_code(&lines);
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        let starts_block = i == 0 || lines[i - 1].trim().is_empty();
        // A header set in four spaces (right-aligned) over a rule set in fewer is a table's still.
        let indented = indent(lines[i]) > 3 && lines.get(i + 1).is_none_or(|n| indent(n) > 3);
        if code[i] || !starts_block || indented || t.is_empty() {
            i += 1;
            continue;
        }
        let table = if t.starts_with('+') {
            grid::grid(&lines, i).unwrap_or_else(|grid::Misdrawn| {
                unread.push(i);
                None
            })
        } else {
            multiline(&lines, i).or_else(|| simple(&lines, i))
        };
        match table {
            Some(table) => {
                i = table.end;
                found.push(table);
            }
            None => i += 1,
        }
    }
    let shapes = found
        .iter()
        .filter(|t| t.head_rows > 1 || t.foot > 0 || !t.merges.is_empty())
        .map(|t| (t.start, GridShape { head: t.head_rows, foot: t.foot, merges: t.merges.clone() }))
        .collect();
    if found.is_empty() {
        return Rewrite { text: Cow::Borrowed(text), unread, shapes };
    }
    let captions: Vec<usize> = found.iter().flat_map(|t| caption_lines(&lines, t)).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut tables = found.iter().peekable();
    let mut k = 0;
    while k < lines.len() {
        if let Some(table) = tables.next_if(|t| t.start == k) {
            write_pipe(table, &lines[table.start..table.end], &mut out);
            k = table.end;
            continue;
        }
        match lines[k].trim_start().strip_prefix(':').filter(|_| captions.contains(&k)) {
            Some(rest) => {
                out.push_str("Table:");
                out.push_str(rest);
            }
            None => out.push_str(lines[k]),
        }
        k += 1;
    }
    Rewrite { text: Cow::Owned(out), unread, shapes }
}

/// The first line of a `: caption` paragraph right before or after a table: pandoc's, but after
/// a paragraph the definition lists read before pulldown-cmark would take it for a definition,
/// so it is written out as `Table:`.
fn caption_lines(lines: &[&str], table: &Found) -> Vec<usize> {
    let opens = |k: usize| lines.get(k).is_some_and(|l| l.trim_start().starts_with(": "));
    let mut found = Vec::new();
    if lines.get(table.end).is_some_and(|l| blank(l)) && opens(table.end + 1) {
        found.push(table.end + 1);
    }
    if table.start >= 2 && blank(lines[table.start - 1]) {
        // Even a blank line under a paragraph, where it could be that paragraph's definition:
        // pandoc gives it to the table (its own test suite's "Multiline table with caption:").
        let first = (0..table.start - 1).rev().take_while(|&k| !blank(lines[k])).last();
        found.extend(first.filter(|&k| opens(k)));
    }
    found
}

/// Spaces before a line's text (a tab counts as four).
fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// The dash runs of a rule like `-----  ---- -------`, as char columns `start..end`; `None`
/// if the line is anything else.
fn dashes(line: &str) -> Option<Vec<(usize, usize)>> {
    if !line.trim_start().starts_with('-') {
        return None;
    }
    // By display column, so a tab runs to the next stop of four, as pandoc expands it.
    let mut runs = Vec::new();
    let (mut start, mut end) = (None, 0);
    for (at, c) in columns(line.trim_end()) {
        match c {
            '-' => {
                start.get_or_insert(at);
                end = at + 1;
            }
            ' ' | '\t' => runs.extend(start.take().map(|s| (s, at))),
            _ => return None,
        }
    }
    runs.extend(start.map(|s| (s, end)));
    // `- - -` is a thematic break, not columns one character wide.
    runs.iter().all(|(s, e)| e - s >= 2).then_some(runs)
}

/// Whether a line is blank.
fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A line's chars with the display column each starts at: an East Asian letter takes two
/// columns and a joiner none, and pandoc lines tables up by what the author sees.
fn columns(line: &str) -> Vec<(usize, char)> {
    let mut col = 0;
    line.trim_end_matches(['\n', '\r'])
        .chars()
        .map(|c| {
            let at = col;
            // A tab runs to the next stop of four columns, as pandoc expands tabs.
            col = if c == '\t' { (col / 4 + 1) * 4 } else { col + c.width().unwrap_or(0) };
            (at, c)
        })
        .collect()
}

/// The chars of a line (from [`columns`]) that start in columns `from..to` (to the end if `to`
/// is `None`): how pandoc cuts cells.
fn cut(chars: &[(usize, char)], from: usize, to: Option<usize>) -> String {
    chars.iter().filter(|(at, _)| *at >= from && to.is_none_or(|t| *at < t)).map(|(_, c)| c).collect()
}

/// The char starting at a display column, if any.
fn at(chars: &[(usize, char)], col: usize) -> Option<char> {
    chars.iter().find(|(at, _)| *at == col).map(|(_, c)| *c)
}

/// A line cut into its cells at the columns' starts; text left of the first column belongs to it.
fn cells(line: &str, cols: &[(usize, usize)]) -> Vec<String> {
    let chars = columns(line);
    (0..cols.len())
        .map(|k| {
            let from = if k == 0 { 0 } else { cols[k].0 };
            cut(&chars, from, cols.get(k + 1).map(|c| c.0))
        })
        .collect()
}

/// Pandoc's reading of a column's alignment from its header (or first row) lines: text set in
/// from the rule's left end means right or centre, text short of its right end means left or
/// centre; the shortest line decides.
fn alignment(lines: &[&str], col: (usize, usize), next: Option<usize>) -> Align {
    let shortest = lines
        .iter()
        .map(|l| cut(&columns(l), col.0, next).trim_end().to_string())
        .filter(|s| !s.trim().is_empty())
        .min_by_key(|s| s.width());
    let Some(s) = shortest else { return Align::Default };
    match (s.starts_with(' '), s.width() < col.1 - col.0) {
        (true, false) => Align::Right,
        (false, true) => Align::Left,
        (true, true) => Align::Center,
        (false, false) => Align::Default,
    }
}

/// Every column's alignment, read from `lines`.
fn alignments(lines: &[&str], cols: &[(usize, usize)]) -> Vec<Align> {
    (0..cols.len()).map(|k| alignment(lines, cols[k], cols.get(k + 1).map(|c| c.0))).collect()
}

/// A row of one or more lines: each cell's pieces joined by spaces.
fn row(lines: &[&str], cols: &[(usize, usize)]) -> Vec<String> {
    let mut out = vec![String::new(); cols.len()];
    for line in lines {
        for (cell, piece) in out.iter_mut().zip(cells(line, cols)) {
            let piece = piece.trim();
            if !piece.is_empty() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(piece);
            }
        }
    }
    out
}

/// Whether the table's last line is followed by a blank line or the end of the text.
fn ends(lines: &[&str], end: usize) -> bool {
    lines.get(end).is_none_or(|l| blank(l))
}

/// A simple table: a header line over a rule of two or more dash runs, one line per row, ending
/// at a blank line (or a closing rule); or, headerless, rows between two rules.
fn simple(lines: &[&str], i: usize) -> Option<Found> {
    if let Some(cols) = dashes(lines[i]) {
        // Headerless: rule, rows, rule; the first row sets the alignments.
        let close = (i + 1..lines.len()).find(|&j| blank(lines[j]) || dashes(lines[j]).is_some())?;
        if cols.len() < 2 || close == i + 1 || blank(lines[close]) || !ends(lines, close + 1) {
            return None;
        }
        let rows = lines[i + 1..close].iter().map(|l| row(&[l], &cols)).collect();
        let aligns = alignments(&lines[i + 1..i + 2], &cols);
        return Some(Found {
            start: i,
            end: close + 1,
            aligns,
            head: Vec::new(),
            head_rows: 0,
            rows,
            foot: 0,
            merges: Vec::new(),
        });
    }
    let t = lines[i].trim_start();
    if t.starts_with(['|', '>', '#']) {
        return None;
    }
    let cols = dashes(lines.get(i + 1)?)?;
    if cols.len() < 2 {
        return None;
    }
    let mut end = i + 2;
    while end < lines.len() && !blank(lines[end]) && dashes(lines[end]).is_none() {
        end += 1;
    }
    if end == i + 2 {
        return None;
    }
    let rows = lines[i + 2..end].iter().map(|l| row(&[l], &cols)).collect();
    // An optional closing rule, then a blank line.
    if end < lines.len() && !blank(lines[end]) {
        end += 1;
        if !ends(lines, end) {
            return None;
        }
    }
    let aligns = alignments(&lines[i..i + 1], &cols);
    let head = row(&lines[i..i + 1], &cols);
    let head_rows = usize::from(!head.is_empty());
    Some(Found { start: i, end, aligns, head, head_rows, rows, foot: 0, merges: Vec::new() })
}

/// A multiline table: a full-width rule, header lines, a rule of dash runs, rows parted by blank
/// lines, a closing rule; or, headerless, from the rule of dash runs, with a blank line
/// somewhere before the closing rule (else it is a simple table).
fn multiline(lines: &[&str], i: usize) -> Option<Found> {
    let first = dashes(lines[i])?;
    let (cols, head, body) = if first.len() == 1 {
        let sep = (i + 1..lines.len()).find(|&j| blank(lines[j]) || dashes(lines[j]).is_some())?;
        let cols = dashes(lines[sep]).filter(|_| sep > i + 1)?;
        (cols, Some(&lines[i + 1..sep]), sep + 1)
    } else {
        (first, None, i + 1)
    };
    // One column would take a thematic break, a setext heading's text and its underline for a
    // table: pandoc allows it, but no book needs it and prose would vanish into it.
    if cols.len() < 2 {
        return None;
    }
    // Rows run to the closing rule; each row is a run of lines between blank ones.
    let mut rows = Vec::new();
    let mut j = body;
    let mut saw_blank = false;
    loop {
        let line = lines.get(j)?;
        if dashes(line).is_some() {
            break;
        }
        if blank(line) {
            saw_blank = true;
            j += 1;
            continue;
        }
        // A heading or a code fence is no row: the table was never closed.
        let t = line.trim_start();
        if t.starts_with('#') || t.starts_with("```") || t.starts_with("~~~") {
            return None;
        }
        let from = j;
        while j < lines.len() && !blank(lines[j]) && dashes(lines[j]).is_none() {
            j += 1;
        }
        rows.push(&lines[from..j]);
    }
    // Without a header and a blank line, the rows are a simple table's, one line each.
    if rows.is_empty() || (head.is_none() && !saw_blank) || !ends(lines, j + 1) {
        return None;
    }
    let aligns = alignments(head.unwrap_or(rows[0]), &cols);
    Some(Found {
        start: i,
        end: j + 1,
        aligns,
        head: head.map(|h| row(h, &cols)).unwrap_or_default(),
        rows: rows.iter().map(|r| row(r, &cols)).collect(),
        head_rows: usize::from(head.is_some()),
        foot: 0,
        merges: Vec::new(),
    })
}

/// Writes a table as a pipe table over exactly as many lines as it took, blank lines after it.
fn write_pipe(table: &Found, source: &[&str], out: &mut String) {
    let pad = " ".repeat(indent(source[0]).min(3));
    let line = |cells: &[String], out: &mut String| {
        out.push_str(&pad);
        out.push('|');
        for cell in cells {
            out.push(' ');
            escape_pipes(cell, out);
            out.push_str(" |");
        }
        out.push('\n');
    };
    let n = table.aligns.len();
    let empty = vec![String::new(); n];
    line(if table.head.is_empty() { &empty } else { &table.head }, out);
    let rule = table.aligns.iter().map(|a| {
        match a {
            Align::Default => "---",
            Align::Left => ":--",
            Align::Right => "--:",
            Align::Center => ":-:",
        }
        .to_string()
    });
    out.push_str(&pad);
    out.push('|');
    for r in rule {
        out.push_str(&r);
        out.push('|');
    }
    out.push('\n');
    for r in &table.rows {
        line(r, out);
    }
    for _ in (2 + table.rows.len())..source.len() {
        out.push('\n');
    }
}

/// A cell's text with its bare `|` escaped, which would otherwise end the cell; an author's
/// `\|` stays as it is.
fn escape_pipes(cell: &str, out: &mut String) {
    let mut prev = ' ';
    for c in cell.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
}

#[cfg(test)]
mod tests;
