//! Tables as XHTML: a head, body and foot, cells joined across rows and columns written once
//! with the rows and columns they span, aligned as the manuscript asks.

use std::fmt::Write;

use super::xhtml::Page;
use crate::model::{Alignment, Inline, Section, Table, TableCell};

/// Columns from which a table is set smaller in the EPUB.
const WIDE_TABLE: usize = 8;

impl Page<'_> {
    /// Writes a table.
    pub(super) fn table(&self, t: &Table, s: &Section, out: &mut String) {
        // A table of many columns is set smaller, as print sets it, so that it fits a
        // reading system's page more often than not.
        let columns = t.all_rows().map(Vec::len).max().unwrap_or(0).max(t.alignments.len());
        out.push_str(if columns >= WIDE_TABLE { "<table class=\"wide\">\n" } else { "<table>\n" });
        if let Some(caption) = &t.caption {
            let _ = writeln!(out, "<caption>{}</caption>", self.inlines(caption, s));
        }
        // A joined cell says how far it spans; the cells it covers are not written.
        let cell = |tag: &str, row: usize, i: usize, c: &[Inline], out: &mut String| {
            let Some((rows, cols)) = t.span_at(row, i) else { return };
            // A head over several columns is centred over them, as in print.
            let align = match t.alignments.get(i) {
                _ if tag == "th" && cols > 1 => " class=\"center\"",
                Some(Alignment::Left) => " class=\"left\"",
                Some(Alignment::Center) => " class=\"center\"",
                Some(Alignment::Right) => " class=\"right\"",
                _ => "",
            };
            // An empty corner over a column of row names heads nothing: a `th` there
            // would be a header without text to a screen reader.
            let tag = if c.is_empty() { "td" } else { tag };
            let _ = write!(out, "<{tag}{align}");
            if rows > 1 {
                let _ = write!(out, " rowspan=\"{rows}\"");
            }
            if cols > 1 {
                let _ = write!(out, " colspan=\"{cols}\"");
            }
            let _ = write!(out, ">{}</{tag}>", self.inlines(c, s));
        };
        let mut row = 0;
        // The head on one line, the body and foot a row a line.
        let mut part = |tag: &str, cell_tag: &str, rows: &[Vec<TableCell>], out: &mut String| {
            let nl = if tag == "thead" { "" } else { "\n" };
            let _ = write!(out, "<{tag}>{nl}");
            for r in rows {
                out.push_str("<tr>");
                for (i, c) in r.iter().enumerate() {
                    cell(cell_tag, row, i, c, out);
                }
                let _ = write!(out, "</tr>{nl}");
                row += 1;
            }
            let _ = writeln!(out, "</{tag}>");
        };
        if !t.head.is_empty() {
            part("thead", "th", &t.head, out);
        }
        part("tbody", "td", &t.rows, out);
        if !t.foot.is_empty() {
            part("tfoot", "td", &t.foot, out);
        }
        out.push_str("</table>\n");
    }
}
