//! One Markdown file of a book read into items: pandoc's extensions rewritten into what the
//! CommonMark parser reads (tables, fancy lists, line blocks, inline notes, escaped spaces,
//! bracketed spans), then parsed with its images loaded from the book's folder.

use std::path::Path;

use super::markdown::{self, Context, Item};
use super::punctuation::Typographer;
use super::source::{LineIndex, Resolved};
use super::{
    Reader, definition_terms, fancy_lists, front_matter, inline_notes, line_blocks, no_break, pandoc_tables,
    spans, title_block,
};
use crate::diag::{Diagnostics, Location};
use crate::model::{FileId, Lang, Span};

impl Reader<'_> {
    /// Reads and parses one Markdown file of a folder book; its front matter, if any, is skipped,
    /// but a title block's title is the file's title, as pandoc reads it: it heads the file, its
    /// own headings one level under it (a multi-author book's chapter files, each opening
    /// `Title: …` / `Author: …` over `#` sections).
    pub(super) fn markdown_file(
        &mut self,
        source: &Resolved,
        lang: &Lang,
        diags: &mut Diagnostics,
    ) -> Option<(Vec<Item>, Span, Vec<String>)> {
        let (file, text) = self.sources.read_text(source, diags)?;
        let path = source.real.as_path();
        let split = front_matter::split(&text);
        let mut items = self.parse(file, split.body, split.body_line, path, lang, diags);
        let head = split.title_block.map(|b| title_block::read(b, path, diags)).unwrap_or_default();
        let byline = title_block::head_file(head, &mut items, file);
        Some((items, Span { file, line: split.body_line, column: 1 }, byline))
    }

    pub(super) fn parse(
        &mut self,
        file: FileId,
        body: &str,
        body_line: u32,
        path: &Path,
        lang: &Lang,
        diags: &mut Diagnostics,
    ) -> Vec<Item> {
        // pandoc's tables become pipe tables, its fancy lists CommonMark's, its line blocks
        // verse, its inline notes footnotes, its escaped spaces no-break spaces and its
        // bracketed spans HTML spans first, and only one-line terms open definitions; the
        // index is of the rewritten text, whose lines are the source's.
        let pandoc_tables::Rewrite { text: body, unread, shapes } = pandoc_tables::to_pipe(body);
        for line in unread {
            diags
                .warning(
                    Some(Location::at(path, body_line + line as u32, 1)),
                    "this grid table is set as text: its `|` and `+` do not all stand under the top border's `+`, or text follows it at once",
                )
                .help("line every cell's `|` and `+` up under the corners of the cells above and below, and leave a blank line after the table");
        }
        let tables = shapes.into_iter().map(|(line, shape)| (body_line + line as u32, shape)).collect();
        let (body, numbering) = fancy_lists::to_commonmark(&body, &mut self.examples);
        let numbering = numbering.into_iter().map(|(line, n)| (body_line + line as u32, n)).collect();
        let verse = line_blocks::to_verse(&body);
        let verse = definition_terms::one_line_terms(&verse);
        let (noted, notes_written) = inline_notes::to_footnotes(&verse);
        let spaced = no_break::to_entities(&noted);
        let with_spans = spans::to_html(&spaced);
        let body = with_spans.as_ref();
        let lines = &LineIndex::new(file, body, body_line).with_moved(notes_written);
        let base = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let Reader { sources, images, notes, .. } = self;
        let mut image = |url: &str, span: Span, diags: &mut Diagnostics| -> Option<crate::model::AssetId> {
            let loc = Location::at(path, span.line, span.column);
            if url.contains("://") || url.starts_with("data:") {
                diags
                    .warning(Some(loc), format!("remote image `{url}` is not embedded; its text is kept"))
                    .help("download the image into the book's folder and link it by a relative path");
                return None;
            }
            let decoded = percent_decode(url);
            match sources.resolve(&decoded, &base) {
                Ok(p) => images.load(&p, loc, diags),
                Err(e) => {
                    diags
                        .error(Some(loc), format!("image: {e}"))
                        .help("images must be files inside the book's folder");
                    None
                }
            }
        };
        let mut cx = Context {
            diags,
            lines,
            path,
            typographer: Typographer::for_language(&lang.primary()),
            notes,
            numbering: &numbering,
            tables: &tables,
            image: &mut image,
        };
        markdown::parse(body, &mut cx)
    }

    pub(super) fn image(
        &mut self,
        written: &str,
        base: &Path,
        loc: Option<Location>,
        diags: &mut Diagnostics,
    ) -> Option<crate::model::AssetId> {
        match self.sources.resolve(written, base) {
            Ok(p) => self.images.load(&p, loc.unwrap_or_else(|| Location::file(base)), diags),
            Err(e) => {
                diags.error(loc, format!("image: {e}")).help("images must be files inside the book's folder");
                None
            }
        }
    }
}

/// Decodes `%20`-style escapes in a relative link.
pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
