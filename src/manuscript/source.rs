//! Reading manuscript files safely: confined to the book's folder, valid UTF-8, positions as lines.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostics, Location};
use crate::model::{FileId, Input, Span};

/// Largest text file folio reads; a manuscript chapter is far smaller.
pub(super) const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// The files of one book: where the book lives and which files were read.
#[derive(Debug)]
pub struct Sources {
    /// The book's folder, canonical; nothing outside it is read.
    root: PathBuf,
    /// Files read so far, indexed by [`FileId`].
    files: Vec<PathBuf>,
    /// The same files as the book names them, with what was read.
    inputs: Vec<Input>,
    /// Files the book names that could not be read (not there, too large, unreadable), as
    /// looked for.
    unread: Vec<PathBuf>,
}

/// A path in a book: the file it names, and the path as named (inside the book, links kept).
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The file, every link followed: what is read, and named in messages.
    pub real: PathBuf,
    /// The path as written, made absolute: what a stamp records.
    pub named: PathBuf,
}

impl Resolved {
    /// A path folio chose itself (`book.toml`, the file given on the command line).
    pub fn given(path: &Path) -> std::io::Result<Resolved> {
        Ok(Resolved { real: path.canonicalize()?, named: std::path::absolute(path)? })
    }
}

impl Sources {
    /// Starts reading a book whose files all live below `root`.
    pub fn new(root: &Path) -> std::io::Result<Sources> {
        Ok(Sources { root: root.canonicalize()?, files: Vec::new(), inputs: Vec::new(), unread: Vec::new() })
    }

    /// The book's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The files read, for [`crate::model::Book::sources`], as named, for
    /// [`crate::model::Book::inputs`], and the files named that could not be read.
    pub fn into_files(self) -> (Vec<PathBuf>, Vec<Input>, Vec<PathBuf>) {
        (self.files, self.inputs, self.unread)
    }

    /// The path of a file already read.
    pub fn path(&self, file: FileId) -> &Path {
        self.files.get(file.0 as usize).map(PathBuf::as_path).unwrap_or(Path::new(""))
    }

    /// The location a span points to.
    pub fn location(&self, span: Span) -> Location {
        Location::at(self.path(span.file), span.line, span.column)
    }

    /// Resolves a path written in the manuscript against `base` (a folder inside the book),
    /// refusing anything that leaves the book's folder, directly or through a symbolic link. A
    /// file that is not there is noted as unread, for a watcher to wait for.
    pub fn resolve(&mut self, written: &str, base: &Path) -> Result<Resolved, String> {
        let rel = Path::new(written);
        if written.is_empty() {
            return Err("the path is empty".into());
        }
        if rel.is_absolute()
            || rel.components().any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        {
            return Err(format!(
                "`{written}` is an absolute path; paths in a book are relative to the book's folder"
            ));
        }
        let joined = base.join(rel);
        let lexical = normalize(&joined);
        if !lexical.starts_with(&self.root) {
            return Err(format!("`{written}` points outside the book's folder {}", self.root.display()));
        }
        match joined.canonicalize() {
            // `..` stays in the name: after a link it is not the folder the text suggests.
            Ok(real) if real.starts_with(&self.root) => Ok(Resolved { real, named: without_dots(&joined) }),
            Ok(real) => Err(format!(
                "`{written}` is a link to {}, outside the book's folder {}",
                real.display(),
                self.root.display()
            )),
            Err(_) => {
                let message = format!("`{written}` does not exist (looked for {})", lexical.display());
                self.unread.push(lexical);
                Err(message)
            }
        }
    }

    /// Whether this file (every link followed) was read as text already: `book.toml`, a chapter.
    pub fn has_read(&self, real: &Path) -> bool {
        self.files.iter().any(|f| f == real)
    }

    /// Reads a text file that has passed [`Sources::resolve`], checking size and encoding.
    pub fn read_text(&mut self, file: &Resolved, diags: &mut Diagnostics) -> Option<(FileId, String)> {
        let path = file.real.as_path();
        let bytes = match read_limited(path, MAX_TEXT_BYTES) {
            Ok(bytes) => bytes,
            Err(message) => {
                diags.error(Some(Location::file(path)), message);
                self.unread.push(file.named.clone());
                return None;
            }
        };
        let sha256 = crate::stamp::sha256_hex(&bytes);
        self.inputs.push(Input { path: file.named.clone(), real: file.real.clone(), sha256 });
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                let id = FileId(self.files.len() as u32);
                self.files.push(path.to_path_buf());
                Some((id, text))
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let (line, column) = line_column(&e.as_bytes()[..offset], offset);
                diags
                    .error(
                        Some(Location::at(path, line, column)),
                        format!("the file is not valid UTF-8 (invalid byte at offset {offset})"),
                    )
                    .help("save the file as UTF-8 in your editor");
                None
            }
        }
    }
}

/// Reads a whole file, refusing ones larger than `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    if meta.len() > limit {
        return Err(format!(
            "{} is {} bytes, more than the {limit} folio accepts",
            path.display(),
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Removes `.` components only: the path names the same file, whatever links it passes.
fn without_dots(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, Component::CurDir)).collect()
}

/// Removes `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// 1-based line and character column of byte `offset`, given the text before it.
pub fn line_column(before: &[u8], offset: usize) -> (u32, u32) {
    let before = &before[..offset.min(before.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line as u32, column as u32)
}

/// Maps byte offsets of one text to spans; lines are found once.
#[derive(Debug)]
pub struct LineIndex {
    file: FileId,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Line number of the text's first line (front matter shifts the body).
    first_line: u32,
    /// Lines appended to the text (inline notes' definitions), from `moved.0` on: where each
    /// was written, as (line in the text, column).
    moved: (usize, Vec<Option<(u32, u32)>>),
    /// The last column found, as (byte offset, column): spans come in the text's order, so the
    /// next on the same line counts on from it. Counting from the line's start each time made a
    /// long line of many inlines (a paragraph on one line, 100,000 `*a*`) take a square's time.
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of `file`.
    pub fn new(file: FileId, text: &str, first_line: u32) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex {
            file,
            starts,
            first_line,
            moved: (usize::MAX, Vec::new()),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The same index, its last `lines.len()` lines reported where `lines` says they were
    /// written instead: the text's own lines, moved to its end by a rewrite.
    pub fn with_moved(mut self, lines: Vec<Option<(u32, u32)>>) -> LineIndex {
        let from = self.starts.len().saturating_sub(lines.len() + 1);
        self.moved = (from, lines);
        self
    }

    /// The file line of the text's first line.
    pub fn first_line(&self) -> u32 {
        self.first_line
    }

    /// The span of a byte offset in the indexed text.
    pub fn span(&self, text: &str, offset: usize) -> Span {
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(usize::MAX);
        let offset = offset.min(text.len());
        // An element's end comes back to its start, a few bytes before the last span.
        let column = match self.last.get() {
            (at, column) if at >= start && at <= offset && text.is_char_boundary(at) => {
                text.get(at..offset).map_or(1, |s| s.chars().count() + column)
            }
            (at, column) if at > offset && at < end && text.is_char_boundary(at) => {
                text.get(offset..at).map_or(1, |s| column.saturating_sub(s.chars().count()))
            }
            _ => text.get(start..offset).map_or(1, |s| s.chars().count() + 1),
        };
        if text.is_char_boundary(offset) {
            self.last.set((offset, column));
        }
        let (from, moved) = &self.moved;
        if let Some(Some((at, column))) = line.checked_sub(*from).and_then(|k| moved.get(k)) {
            return Span { file: self.file, line: self.first_line + at, column: *column };
        }
        Span { file: self.file, line: self.first_line + line as u32, column: column as u32 }
    }
}

#[cfg(test)]
mod tests {
    use super::{FileId, LineIndex};

    #[test]
    fn a_span_asked_for_in_any_order_has_the_column_counted_from_its_lines_start() {
        // Columns count characters (Cyrillic is two bytes, Kazakh's Ә too, an emoji four); the
        // index counts on from the last span asked for, forwards or back, on its line only.
        let text = "ab *Әд* e\n\nжз [и]{.x} 😺 k\n`x` *y* z\nlast";
        let index = LineIndex::new(FileId(0), text, 3);
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        // Every pair of offsets, one asked for after the other: every order a parser may ask in.
        let asked = bounds.iter().flat_map(|&a| bounds.iter().flat_map(move |&b| [a, b]));
        for offset in asked {
            let before = index.last.get();
            let span = index.span(text, offset);
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..offset].matches('\n').count() as u32 + 3;
            let column = text[line_start..offset].chars().count() as u32 + 1;
            assert_eq!((span.line, span.column), (line, column), "offset {offset} after {before:?}");
        }
    }
}
