//! Links inside the book, checked and made whole: `[see](chapter-2.md)` between a book's files,
//! as mdBook and pandoc authors write them, leads to the chapter that file holds, and
//! `[see](chapter-2.md#options)` to its heading there; a `#name` that names no place, or a file
//! that is not the book's, is a warning naming the line, since the link is set as its text alone.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::anchors::identifier;
use super::source::Sources;
use crate::diag::Diagnostics;
use crate::model::{Block, FileId, Inline, Section, Span};

/// Points links to the book's files at the places they mean, and warns of links inside the book
/// that lead nowhere. Runs once every place has its name.
pub fn resolve(sections: &mut [Section], sources: &Sources, diags: &mut Diagnostics) {
    let mut all = Vec::new();
    flatten(sections, &mut all);
    // Web, mail and other addresses are left as they are; a book without links inside it pays for
    // one walk.
    let links: Vec<(Span, String)> = links(&all).into_iter().filter(|(_, t)| inside(t)).collect();
    if links.is_empty() {
        return;
    }
    let mut names: HashSet<&str> = HashSet::new();
    let places: Vec<Vec<(String, String)>> = all.iter().map(|s| places(s)).collect();
    for (s, p) in all.iter().zip(&places) {
        names.insert(&s.id);
        names.extend(s.anchors.iter().map(String::as_str));
        names.extend(p.iter().map(|(name, _)| name.as_str()));
    }
    // Each file's sections, in order: a link finds its file's without comparing paths with every
    // section's (a book of 300 chapters and 12,000 links between them spent half its reading there).
    let mut files: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, s) in all.iter().enumerate().filter(|(_, s)| s.span.line > 0) {
        files.entry(sources.path(s.span.file)).or_default().push(i);
    }
    let book = Book { sections: &all, places: &places, names: &names, files: &files, sources };
    let mut found: HashMap<FileId, HashMap<String, String>> = HashMap::new();
    for (span, target) in links {
        match book.lead(span, &target) {
            Some(Ok(to)) => {
                found.entry(span.file).or_default().insert(target, to);
            }
            Some(Err(why)) => {
                diags.warning(Some(sources.location(span)), why).help(
                    "a link inside the book leads to a heading's or a span's name (`#name`) or to one \
                     of the book's files; this one is set as its text alone",
                );
            }
            None => {}
        }
    }
    if !found.is_empty() {
        sections.iter_mut().for_each(|s| s.each_run_mut(&mut |at, run| retarget(run, at.file, &found)));
    }
}

/// What the book's links may lead to.
struct Book<'a> {
    sections: &'a [&'a Section],
    /// Each section's places: (name, the name pandoc makes from a heading's text).
    places: &'a [Vec<(String, String)>],
    names: &'a HashSet<&'a str>,
    /// Each file's sections: indices into `sections`.
    files: &'a HashMap<&'a Path, Vec<usize>>,
    sources: &'a Sources,
}

impl Book<'_> {
    /// Where a link written in `span`'s file leads: `Ok` with the target for a link to a file of
    /// the book, `Err` with a warning for one that leads nowhere, `None` for one to leave as it is
    /// (web, mail and other addresses).
    fn lead(&self, span: Span, target: &str) -> Option<Result<String, String>> {
        if let Some(name) = target.strip_prefix('#') {
            return (!self.names.contains(name)).then(|| {
                Err(format!("this link leads to `#{name}`, which no heading or span of the book is named"))
            });
        }
        if !inside(target) {
            return None;
        }
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        // A query (`two.md?plain=1`) asks a web server for a way to show the file: the file it is.
        let path = path.split_once('?').map_or(path, |(path, _)| path);
        let here = self.sources.path(span.file).parent().unwrap_or(Path::new(""));
        let wanted = lexical(&here.join(super::file::percent_decode(path)));
        let in_file = self.files.get(wanted.as_path()).map_or(&[][..], |i| &i[..]);
        let Some(first) = in_file.first().map(|&i| self.sections[i]) else {
            return Some(Err(format!(
                "this link leads to `{path}`, which is none of the files of the book's text"
            )));
        };
        if fragment.is_empty() {
            return Some(Ok(format!("#{}", first.id)));
        }
        // The name as the author wrote it in that file, or the one its heading was given where the
        // book had the name before (`options-1`).
        let named = in_file.iter().map(|&i| (self.sections[i], &self.places[i])).find_map(|(s, places)| {
            let own = s.anchors.iter().chain([&s.id]).find(|n| *n == fragment).cloned();
            own.or_else(|| {
                places.iter().find(|(n, made)| n == fragment || made == fragment).map(|(n, _)| n.clone())
            })
        });
        Some(match named {
            Some(name) => Ok(format!("#{name}")),
            None => Err(format!(
                "this link leads to `#{fragment}` in `{path}`, which no heading or span there is named"
            )),
        })
    }
}

/// Whether a link's target may be inside the book: not a web, mail or other address.
fn inside(target: &str) -> bool {
    let scheme = target.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    !(scheme || target.starts_with("//") || target.is_empty())
}

/// Every link of the sections, with where it was written: (span, target).
fn links(sections: &[&Section]) -> Vec<(Span, String)> {
    let found = RefCell::new(Vec::new());
    for s in sections {
        let span = RefCell::new(s.span);
        let inline = |i: &Inline| {
            if let Inline::Link { target, at, .. } = i {
                // A link read from the manuscript names its own line; one made names its block's.
                let at = if at.line > 0 { *at } else { *span.borrow() };
                found.borrow_mut().push((at, target.clone()));
            }
            false
        };
        for run in s.own_runs() {
            run.iter().for_each(|i| {
                i.contains(&inline);
            });
        }
        for b in s.all_blocks() {
            *span.borrow_mut() = b.span();
            b.contains(&|_| false, &inline);
        }
    }
    found.into_inner()
}

/// A section's places: (its name, the name pandoc makes from a heading's text; a span's twice).
fn places(s: &Section) -> Vec<(String, String)> {
    let found = RefCell::new(Vec::new());
    let heading = |b: &Block| {
        if let Block::Heading { id: Some(id), inlines, .. } = b {
            found.borrow_mut().push((id.clone(), identifier(&Inline::plain_text(inlines))));
        }
        false
    };
    let span = |i: &Inline| {
        if let Inline::Anchor(name) = i {
            found.borrow_mut().push((name.clone(), name.clone()));
        }
        false
    };
    // The title is a heading too: `two.md#options` is the chapter titled Options, though the name
    // `options` was taken by an earlier file and the title's is `options-1`.
    if let (Some(title), Some(name)) = (&s.title, s.anchors.first()) {
        found.borrow_mut().push((name.clone(), identifier(&Inline::plain_text(title))));
    }
    for run in s.own_runs() {
        run.iter().for_each(|i| {
            i.contains(&span);
        });
    }
    for b in s.all_blocks() {
        b.contains(&heading, &span);
    }
    found.into_inner()
}

/// Gives the links found their targets: those written in `file` as `target`.
fn retarget(run: &mut [Inline], file: FileId, found: &HashMap<FileId, HashMap<String, String>>) {
    for i in run {
        if let Inline::Link { target, .. } = i
            && let Some(to) = found.get(&file).and_then(|f| f.get(target.as_str()))
        {
            *target = to.clone();
        }
        if let Some(c) = i.children_mut() {
            retarget(c, file, found);
        }
    }
}

/// A path with `.` and `..` taken out as written (no link followed).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn flatten<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
    for s in sections {
        out.push(s);
        flatten(&s.children, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Book, Inline};

    /// The book read from its files (`book.toml` among them), and the warnings it gave.
    fn read(files: &[(&str, &str)]) -> (Book, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut diags = crate::diag::Diagnostics::new();
        let book =
            crate::manuscript::load(dir.path(), &Default::default(), &mut diags).expect("the book reads");
        (book, diags.items().iter().map(|d| d.message.clone()).collect())
    }

    /// Each link's text and target, in reading order.
    fn targets(book: &Book) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for s in book.sections() {
            let mut blocks = s.blocks.clone();
            for b in &mut blocks {
                b.each_run_mut(&mut |run| {
                    for i in run.iter() {
                        if let Inline::Link { target, children, .. } = i {
                            out.push((Inline::plain_text(children), target.clone()));
                        }
                    }
                });
            }
        }
        out
    }

    const TOML: &str = "title = \"T\"\nlanguage = \"en\"\n[[contents]]\nfile = \"a/one.md\"\n\
                        [[contents]]\nfile = \"b/two.md\"\n";

    #[test]
    fn a_link_to_a_chapters_title_by_its_name_leads_to_the_chapter_though_the_name_was_taken() {
        // Both files open with `# Options`: the second chapter's title is named `options-1`, and
        // `two.md#options` means it, as `two.md#setup` means that file's `## Setup`.
        let (book, warned) = read(&[
            ("book.toml", TOML),
            ("a/one.md", "# Options\n\n## Setup\n\nSee [its options](../b/two.md#options).\n"),
            ("b/two.md", "# Options\n\n## Setup\n\nText.\n"),
        ]);
        assert!(warned.is_empty(), "{warned:?}");
        assert_eq!(targets(&book), [("its options".to_string(), "#options-1".to_string())]);
    }

    #[test]
    fn a_warning_about_a_link_names_the_links_own_line_and_column() {
        // A hard-wrapped paragraph: the links that lead nowhere are on its third and fourth lines,
        // one of them in a note; the warnings name those lines, not the paragraph's first.
        let dir = tempfile::tempdir().unwrap();
        let md = "# One\n\nA paragraph wrapped\nby hand, as many\nare: see [this](#missing) and\n\
                  [that](../b/none.md).[^n]\n\n[^n]: A note, and\n    [there](#gone).\n";
        std::fs::write(dir.path().join("one.md"), md).unwrap();
        let mut diags = crate::diag::Diagnostics::new();
        crate::manuscript::load(&dir.path().join("one.md"), &Default::default(), &mut diags).unwrap();
        let found: Vec<(u32, u32)> = diags
            .items()
            .iter()
            .filter(|d| d.message.starts_with("this link"))
            .filter_map(|d| d.location.as_ref().map(|l| (l.line.unwrap_or(0), l.column.unwrap_or(0))))
            .collect();
        assert_eq!(found, [(5, 10), (6, 1), (9, 5)], "{:?}", diags.items());
    }

    #[test]
    fn a_query_after_a_files_name_does_not_hide_the_file() {
        let (book, warned) = read(&[
            ("book.toml", TOML),
            ("a/one.md", "# One\n\nSee [two](../b/two.md?plain=1#setup).\n"),
            ("b/two.md", "# Two\n\n## Setup\n\nText.\n"),
        ]);
        assert!(warned.is_empty(), "{warned:?}");
        assert_eq!(targets(&book), [("two".to_string(), "#setup".to_string())]);
    }
}
