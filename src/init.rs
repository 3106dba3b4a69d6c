//! `folio init`: a new book folder that builds as it is.

use std::path::Path;

const BOOK_TOML: &str = r#"# The book's description. Every key is documented in folio's README.
title = "Untitled"
language = "en"
# subtitle = ""
# publisher = ""
# date = "2026"
# rights = "© 2026 The Author. All rights reserved."
# cover = "cover.jpg"

[[contributors]]
name = "The Author"
role = "author"

# [identifiers]
# epub-isbn = "978-…"
# print-isbn = "978-…"

# [typography]                   # the print edition
# trim = "6x9in"                 # 5.5x8.5in by default; also 5x8in, a5, royal, or WxH in mm or in
# clean-pdf = true               # for upload: no link areas, no bookmarks (KDP asks so)
# links-as-notes = true          # web addresses in footnotes, for paper

[[contents]]
role = "title-page"

[[contents]]
role = "copyright"

[[contents]]
file = "chapter-1.md"
"#;

const CHAPTER: &str = "# Chapter One\n\nThe first paragraph of your book.\n\nThe second paragraph.\n";

/// Creates `dir` with a `book.toml` and a first chapter; refuses to touch an existing book.
pub fn init(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let toml = dir.join("book.toml");
    if toml.exists() {
        return Err(format!("{} already exists; folio init never overwrites a book", toml.display()));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let chapter = dir.join("chapter-1.md");
    let mut written = Vec::new();
    for (path, text) in [(&toml, BOOK_TOML), (&chapter, CHAPTER)] {
        if path.exists() {
            continue;
        }
        crate::output::write_atomic(path, text.as_bytes())?;
        written.push(path.clone());
    }
    Ok(written)
}
