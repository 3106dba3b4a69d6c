//! Pandoc's title block: up to three `%` lines opening a file, the title, the authors and the
//! date, each of which may run on over indented lines. Older pandoc manuscripts open so instead
//! of with YAML front matter.

use std::path::Path;

use super::metadata::MetaInput;
use crate::diag::{Diagnostics, Location};
use crate::model::{Contributor, Role};

/// How many bytes of `text` its title block takes, if it opens with one: the `%` lines and
/// the indented lines that continue them.
pub(super) fn len(text: &str) -> Option<usize> {
    if !text.starts_with('%') {
        return None;
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

/// The title, authors and date of a title block (as [`len`] found it; 1-based lines).
pub(super) fn read(block: &str, path: &Path, diags: &mut Diagnostics) -> MetaInput {
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
        let names = lines.iter().flat_map(|l| l.split(';')).map(str::trim).filter(|n| !n.is_empty());
        meta.contributors.extend(names.map(|name| Contributor {
            name: name.to_string(),
            file_as: None,
            role: Role::Author,
            credentials: None,
            photo: None,
        }));
    }
    if let Some((line, lines)) = field(2) {
        let written = lines.join(" ");
        let loc = Location::at(path, *line, 1);
        match iso_date(written.trim()) {
            Some(date) => meta.date = Some((date, Some(loc))),
            None => {
                diags
                    .warning(Some(loc), format!("`{}` is not a date folio can read: the book goes undated", written.trim()))
                    .help("write the date as YYYY-MM-DD, YYYY-MM or YYYY, or as \"17 July 2006\" or \"July 2006\"");
            }
        }
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
