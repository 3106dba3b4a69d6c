//! Title blocks older manuscripts open with instead of YAML front matter: pandoc's (up to three
//! `%` lines, the title, the authors and the date, each of which may run on over indented lines)
//! and MultiMarkdown's (`Title: …` / `Author: …` lines, as the POSA authors wrote theirs).

use std::path::Path;

use super::markdown::{Heading, Item};
use super::metadata::MetaInput;
use crate::diag::{Diagnostics, Location};
use crate::model::{Contributor, FileId, Inline, Role, Span};

/// How many bytes of `text` its title block takes, if it opens with one: the `%` lines and
/// the indented lines that continue them.
pub(super) fn len(text: &str) -> Option<usize> {
    if !text.starts_with('%') {
        return key_lines_len(text);
    }
    let mut end = 0;
    let mut fields = 0;
    for line in text.split_inclusive('\n') {
        let goes_on = line.starts_with([' ', '\t']) && !line.trim().is_empty();
        if line.starts_with('%') && fields < 3 {
            fields += 1;
        } else if !goes_on {
            break;
        }
        end += line.len();
    }
    Some(end)
}

/// Heads a book folder's file with its title block's title, the file's own headings one level
/// under it, as pandoc reads a document's title over its sections; returns the head's authors,
/// the byline of the file's first section.
pub(super) fn head_file(head: MetaInput, items: &mut Vec<Item>, file: FileId) -> Vec<String> {
    if let Some((title, _)) = head.title {
        for item in items.iter_mut() {
            if let Item::Heading(h) = item {
                h.level = (h.level + 1).min(6);
            }
        }
        let span = Span { file, line: 1, column: 1 };
        let inlines = vec![Inline::Text(title)];
        let heading = Heading { level: 1, inlines, id: None, classes: Vec::new(), attrs: Vec::new(), span };
        items.insert(0, Item::Heading(heading));
    }
    head.contributors.into_iter().map(|c| c.name).collect()
}

/// The keys a MultiMarkdown head is read with: one of them elsewhere is a paragraph's text.
const KEYS: [&str; 11] = [
    "title",
    "subtitle",
    "author",
    "authors",
    "date",
    "lang",
    "language",
    "publisher",
    "rights",
    "description",
    "keywords",
];

/// The key of a `Key: value` line, lower-cased, if it is one folio reads.
fn key(line: &str) -> Option<String> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    (KEYS.contains(&key.as_str()) && !value.trim().is_empty() && !line.starts_with([' ', '\t']))
        .then_some(key)
}

/// How many bytes a MultiMarkdown head takes: `Key: value` lines of known keys, one of them the
/// title, values running on over indented lines, up to a blank line.
fn key_lines_len(text: &str) -> Option<usize> {
    let (mut end, mut titled) = (0, false);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim().is_empty() {
            break;
        }
        match key(line) {
            Some(k) => titled |= k == "title",
            None if i > 0 && line.starts_with([' ', '\t']) => {}
            None => return None,
        }
        end += line.len();
    }
    titled.then_some(end)
}

/// The metadata of a MultiMarkdown head (as [`len`] found it).
fn read_keys(block: &str, path: &Path, diags: &mut Diagnostics) -> MetaInput {
    let mut fields: Vec<(u32, String, String)> = Vec::new();
    for (i, line) in block.lines().enumerate() {
        match (key(line), line.split_once(':')) {
            (Some(k), Some((_, value))) => fields.push((i as u32 + 1, k, value.trim().to_string())),
            _ => {
                if let Some((_, _, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            }
        }
    }
    let mut meta = MetaInput::default();
    for (line, key, value) in fields {
        let loc = Some(Location::at(path, line, 1));
        match key.as_str() {
            "title" => meta.title = Some((value, loc)),
            "subtitle" => meta.subtitle = Some(value),
            "author" | "authors" => meta.contributors.extend(authors(value.split(';'))),
            "date" => meta.date = date(&value, line, path, diags),
            "lang" | "language" => meta.lang = Some((value, loc)),
            "publisher" => meta.publisher = Some(value),
            "rights" => meta.rights = Some(value),
            "description" => meta.description = Some(value),
            _ => {
                meta.subjects.extend(value.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()))
            }
        }
    }
    meta
}

/// Authors from their names.
fn authors<'a>(names: impl Iterator<Item = &'a str>) -> impl Iterator<Item = Contributor> {
    names.map(str::trim).filter(|n| !n.is_empty()).map(|name| Contributor {
        name: name.to_string(),
        file_as: None,
        role: Role::Author,
        credentials: None,
        photo: None,
    })
}

/// A date as written at `line`, as ISO; a warning, and none, if folio cannot read it.
fn date(
    written: &str,
    line: u32,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(String, Option<Location>)> {
    let loc = Location::at(path, line, 1);
    match iso_date(written.trim()) {
        Some(date) => Some((date, Some(loc))),
        None => {
            diags
                .warning(
                    Some(loc),
                    format!("`{}` is not a date folio can read: the book goes undated", written.trim()),
                )
                .help(
                    "write the date as YYYY-MM-DD, YYYY-MM or YYYY, or as \"17 July 2006\" or \"July 2006\"",
                );
            None
        }
    }
}

/// The title, authors and date of a title block (as [`len`] found it; 1-based lines).
pub(super) fn read(block: &str, path: &Path, diags: &mut Diagnostics) -> MetaInput {
    if !block.starts_with('%') {
        return read_keys(block, path, diags);
    }
    // Each field: its first line's number and its lines, `%` and indents stripped.
    let mut fields: Vec<(u32, Vec<&str>)> = Vec::new();
    for (i, line) in block.lines().enumerate() {
        match line.strip_prefix('%') {
            Some(first) => fields.push((i as u32 + 1, vec![first.trim()])),
            None => {
                if let Some((_, lines)) = fields.last_mut() {
                    lines.push(line.trim());
                }
            }
        }
    }
    let mut meta = MetaInput::default();
    let field = |k: usize| fields.get(k).filter(|(_, lines)| lines.iter().any(|l| !l.is_empty()));
    if let Some((line, lines)) = field(0) {
        meta.title = Some((lines.join(" ").trim().to_string(), Some(Location::at(path, *line, 1))));
    }
    if let Some((_, lines)) = field(1) {
        // Authors are parted by semicolons or stand on lines of their own.
        meta.contributors.extend(authors(lines.iter().flat_map(|l| l.split(';'))));
    }
    if let Some((line, lines)) = field(2) {
        meta.date = date(&lines.join(" "), *line, path, diags);
    }
    meta
}

/// A date as the title block may write it (`2006-07-17`, `17 July 2006`, `July 17, 2006`,
/// `July 2006`, `2006`), as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
fn iso_date(d: &str) -> Option<String> {
    if super::metadata::valid_date(d) {
        return Some(d.to_string());
    }
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<&str> = d.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month = |w: &str| {
        let w = w.trim_end_matches('.').to_ascii_lowercase();
        let m = MONTHS.iter().position(|m| w.get(..3).is_some_and(|head| m.starts_with(head)))?;
        let full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        (full[m].starts_with(w.as_str())).then_some(m as u32 + 1)
    };
    let year = |w: &str| w.parse::<u32>().ok().filter(|y| (1000..=9999).contains(y));
    let day = |w: &str| w.parse::<u32>().ok().filter(|n| (1..=31).contains(n));
    let (y, m, dd) = match words.as_slice() {
        [m, y] => (year(y)?, month(m)?, None),
        [a, b, y] => match (day(a), month(b), month(a), day(b)) {
            (Some(dd), Some(m), _, _) | (_, _, Some(m), Some(dd)) => (year(y)?, m, Some(dd)),
            _ => return None,
        },
        _ => return None,
    };
    Some(match dd {
        Some(dd) => format!("{y:04}-{m:02}-{dd:02}"),
        None => format!("{y:04}-{m:02}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_block_gives_title_authors_and_date() {
        let text = "% My Pandoc Book:\n  A Subtitle Line\n% Ann Author; Bo Writer\n  Cy Third\n% July 17, 2006\n\n# One\n";
        let n = len(text).unwrap();
        assert_eq!(&text[n..], "\n# One\n");
        let mut diags = Diagnostics::new();
        let meta = read(&text[..n], Path::new("b.md"), &mut diags);
        assert_eq!(meta.title.map(|t| t.0).as_deref(), Some("My Pandoc Book: A Subtitle Line"));
        let names: Vec<&str> = meta.contributors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Ann Author", "Bo Writer", "Cy Third"]);
        assert_eq!(meta.date.map(|d| d.0).as_deref(), Some("2006-07-17"));
        assert!(diags.items().is_empty());
    }

    #[test]
    fn empty_fields_are_skipped_and_dates_read_as_pandoc_writes_them() {
        let text = "%\n% Ann Author\n%\n\nBody\n";
        let n = len(text).unwrap();
        let mut diags = Diagnostics::new();
        let meta = read(&text[..n], Path::new("b.md"), &mut diags);
        assert!(meta.title.is_none() && meta.date.is_none());
        assert_eq!(meta.contributors.len(), 1);
        for (written, iso) in [
            ("17 July 2006", Some("2006-07-17")),
            ("Jul. 2006", Some("2006-07")),
            ("2006-07", Some("2006-07")),
            ("1999", Some("1999")),
            ("Julyish 2006", None),
            ("sometime", None),
            ("31 Foo 2006", None),
            // Not English, and not cut inside a letter.
            ("15 août 2006", None),
            ("Noël 2006", None),
        ] {
            assert_eq!(iso_date(written).as_deref(), iso, "{written}");
        }
        assert_eq!(len("No block\n"), None);
        // A fourth `%` line is the body's, as in pandoc.
        assert_eq!(len("% T\n% A\n% D\n% body\n"), Some(12));
    }

    #[test]
    fn a_multimarkdown_head_of_known_keys_gives_the_metadata() {
        let text =
            "title: High Performance Networking\n  in Chrome\nauthor: Ilya Grigorik\nDate: 2013\n\nBody.\n";
        let n = len(text).unwrap();
        assert_eq!(&text[n..], "\nBody.\n");
        let mut diags = Diagnostics::new();
        let meta = read(&text[..n], Path::new("c.md"), &mut diags);
        assert_eq!(meta.title.map(|t| t.0).as_deref(), Some("High Performance Networking in Chrome"));
        assert_eq!(meta.contributors.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Ilya Grigorik"]);
        assert_eq!(meta.date.map(|d| d.0).as_deref(), Some("2013"));
        // Prose that opens with a colon, or a head without a title, is no head.
        for body in ["Note: this is prose.\n", "author: A\n\ntitle: T\n", "Title: T\nand prose\n"] {
            assert_eq!(len(body), None, "{body}");
        }
    }

    #[test]
    fn a_date_it_cannot_read_is_a_warning_at_its_line() {
        let mut diags = Diagnostics::new();
        let meta = read("% T\n% A\n% the spring of that year\n", Path::new("b.md"), &mut diags);
        assert!(meta.date.is_none());
        assert!(!diags.has_errors());
        assert!(
            diags.items().iter().any(|d| d.message.contains("not a date")
                && d.location.as_ref().is_some_and(|l| l.line == Some(3)))
        );
    }
}
