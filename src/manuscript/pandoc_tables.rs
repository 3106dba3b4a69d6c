//! Pandoc's simple, multiline and grid tables, rewritten as the pipe tables pulldown-cmark reads.
//!
//! Authors coming from pandoc write tables these ways (its manual is full of them); CommonMark
//! reads them as a paragraph, a thematic break and another paragraph. The rewrite keeps the
//! text's line count, so every line after a table keeps its number for diagnostics.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
    rows: Vec<Vec<String>>,
}

/// The text with every pandoc table as a pipe table, and the lines (0-based) of grid tables
/// whose cells span rows or columns, which are left as written.
pub(super) fn to_pipe(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut found = Vec::new();
    let mut spanned = Vec::new();
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
            grid(&lines, i).or_else(|| {
                // Reported only where a table was plainly meant: a border, a row, a border.
                let rows =
                    lines[i + 1..].iter().take_while(|l| l.trim_start().starts_with(['+', '|'])).count();
                spanned.extend(border(t).filter(|_| rows >= 2).map(|_| i));
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
    if found.is_empty() {
        return (Cow::Borrowed(text), spanned);
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
    (Cow::Owned(out), spanned)
}

/// The first line of a `: caption` paragraph right before or after a table: pandoc's, but after
/// a paragraph CommonMark's definition lists would take it for a definition, so it is written
/// out as `Table:`.
fn caption_lines(lines: &[&str], table: &Found) -> Vec<usize> {
    let opens = |k: usize| lines.get(k).is_some_and(|l| l.trim_start().starts_with(": "));
    let mut found = Vec::new();
    if lines.get(table.end).is_some_and(|l| blank(l)) && opens(table.end + 1) {
        found.push(table.end + 1);
    }
    if table.start >= 2 && blank(lines[table.start - 1]) {
        let first = (0..table.start - 1).rev().take_while(|&k| !blank(lines[k])).last();
        // `: …` a blank line under a paragraph is that paragraph's definition, as pandoc reads it.
        let defines = |k: usize| {
            k >= 2 && blank(lines[k - 1]) && !blank(lines[k - 2]) && !lines[k - 2].starts_with('#')
        };
        found.extend(first.filter(|&k| opens(k) && !defines(k)));
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
        return Some(Found { start: i, end: close + 1, aligns, head: Vec::new(), rows });
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
    Some(Found { start: i, end, aligns, head: row(&lines[i..i + 1], &cols), rows })
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
    })
}

/// The `+` columns of a grid table's border (`+---+:==:+`), if the line is one.
fn border(line: &str) -> Option<Vec<usize>> {
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

/// A grid table: `+---+` borders, `|`-parted lines, an optional `+===+` under the header. Cells
/// may hold paragraphs and lists; they become lines of one cell. `None` if any cell spans
/// columns or rows (pandoc 3 allows it; a pipe table cannot).
fn grid(lines: &[&str], i: usize) -> Option<Found> {
    let plus = border(lines[i])?;
    let mut end = i + 1;
    while end < lines.len() && lines[end].trim_start().starts_with(['+', '|']) {
        end += 1;
    }
    // Ended by its last border and a blank line (or the text's end), as pandoc's tables are.
    border(lines[end - 1]).filter(|_| end > i + 1 && ends(lines, end))?;
    // The `+===+` rule under the header: only right after the first row.
    let mut head_sep = None;
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (k, line) in lines[i + 1..end].iter().enumerate() {
        if let Some(p) = border(line) {
            if p != plus || current.is_empty() {
                return None;
            }
            // The last border may be `+===+` too: pandoc 3's table foot, set as body rows here.
            let last = i + 1 + k + 1 == end;
            if line.contains('=') && !last {
                if head_sep.is_some() || !rows.is_empty() {
                    return None;
                }
                head_sep = Some(k);
            }
            rows.push(std::mem::take(&mut current));
        } else {
            let chars = columns(line);
            if plus.iter().any(|&p| at(&chars, p) != Some('|')) {
                return None;
            }
            current.push(line);
        }
    }
    let colon_rule = head_sep.map_or(lines[i], |k| lines[i + 1 + k]);
    let chars = columns(colon_rule);
    let aligns = plus
        .windows(2)
        .map(|w| match (at(&chars, w[0] + 1) == Some(':'), at(&chars, w[1] - 1) == Some(':')) {
            (true, true) => Align::Center,
            (true, false) => Align::Left,
            (false, true) => Align::Right,
            (false, false) => Align::Default,
        })
        .collect();
    let mut rows: Vec<Vec<String>> = rows.iter().map(|r| grid_row(r, &plus)).collect();
    let head = if head_sep.is_some() { rows.remove(0) } else { Vec::new() };
    Some(Found { start: i, end, aligns, head, rows })
}

/// One grid row's cells: each cell's paragraphs and list items become lines parted by `<br>`.
fn grid_row(lines: &[&str], plus: &[usize]) -> Vec<String> {
    plus.windows(2)
        .map(|w| {
            let mut cell = String::new();
            let mut gap = false;
            for line in lines {
                let piece = cut(&columns(line), w[0] + 1, Some(w[1]));
                let piece = piece.trim();
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
        })
        .collect()
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
