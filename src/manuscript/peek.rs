//! A book's slug read from its metadata alone (book.toml, or a Markdown file's front matter),
//! without its chapters: a catalogue learns every book's output names before it saves any book,
//! so that two books with one slug are both refused before either writes a file.

use std::io::Read;
use std::path::Path;

use super::front_matter;
use super::metadata::{self, MetaInput};
use super::source::{MAX_TEXT_BYTES, read_limited};
use crate::diag::{Diagnostics, Location};

/// The slug the book at `path` will be built under, as [`super::read`] would find it, even when
/// other metadata is wrong (a misspelt key, a bad date, invalid UTF-8 elsewhere): such a book
/// fails, but its rival with the same slug must fail with it rather than be saved. `None` only
/// when the title (or `slug`) itself cannot be read.
pub fn slug(path: &Path) -> Option<String> {
    let lone = super::lone_markdown(path);
    let path = lone.as_deref().unwrap_or(path);
    let input = if path.is_dir() { from_toml(&path.join("book.toml"))? } else { from_markdown(path)? };
    // Only the title and slug are given, so the only errors left are a missing title (the book
    // then has no name of its own) and a slug written wrong, which claims the name the hint
    // suggests, the one the book would be built under once the slug is mended.
    if input.title.as_ref().is_none_or(|(t, _)| t.trim().is_empty()) {
        return None;
    }
    let meta = metadata::build(input, None, &Location::file(path), &mut Diagnostics::new());
    Some(meta.slug)
}

/// The title and slug of a `book.toml`, read as a plain TOML table: the book's full reading
/// refuses unknown keys and checks every value, which is for its build to report.
fn from_toml(path: &Path) -> Option<MetaInput> {
    let (text, lossy) = decode(read_limited(path, MAX_TEXT_BYTES).ok()?);
    let table: toml::Table = toml::from_str(&text).ok()?;
    let field = |key: &str| match table.get(key) {
        None => Some(None),
        Some(toml::Value::String(s)) if !(lossy && s.contains(char::REPLACEMENT_CHARACTER)) => {
            Some(Some((s.clone(), None)))
        }
        // Not text, or text with bytes that are not UTF-8: unreadable.
        Some(_) => None,
    };
    Some(MetaInput { title: field("title")?, slug: field("slug")?, ..MetaInput::default() })
}

/// The title of a Markdown file's front matter, or its file name when it names none.
fn from_markdown(path: &Path) -> Option<MetaInput> {
    let real = path.canonicalize().ok()?;
    let (text, lossy) = head(&real)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut diags = Diagnostics::new();
    let (input, _) = front_matter::meta(&front_matter::split(text), &real, &mut diags);
    let title = match input.title {
        Some((t, _)) if lossy && t.contains(char::REPLACEMENT_CHARACTER) => return None,
        Some(title) => title,
        // Front matter that could not be read at all (not YAML) may have held a title.
        None if diags.has_errors() => return None,
        // As for the whole book: without a title in the front matter the file name stands in.
        None => (real.file_stem()?.to_string_lossy().into_owned(), None),
    };
    Some(MetaInput { title: Some(title), slug: input.slug, ..MetaInput::default() })
}

/// Text from bytes, invalid UTF-8 replaced, and whether any was: the full reading refuses such
/// a file, but the title may still be read if the bad bytes are elsewhere.
fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// The start of a Markdown file, enough for its front matter: the first 64 KiB, or the whole
/// file when its front matter runs on past them; and whether it held invalid UTF-8. Files the
/// full read refuses (not a plain file, over its size limit) give `None`, without being read.
fn head(path: &Path) -> Option<(String, bool)> {
    const HEAD: u64 = 64 * 1024;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_TEXT_BYTES {
        return None;
    }
    let whole = || Some(decode(read_limited(path, MAX_TEXT_BYTES).ok()?));
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(HEAD).read_to_end(&mut bytes).ok()?;
    if (bytes.len() as u64) < HEAD {
        return Some(decode(bytes));
    }
    // Cut at the last line end, so no character is cut in two.
    let Some(end) = bytes.iter().rposition(|&b| b == b'\n') else {
        // Not one whole line in 64 KiB: only the whole file says what its first line is.
        return whole();
    };
    bytes.truncate(end + 1);
    let (text, lossy) = decode(bytes);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let opens = body.lines().next().is_some_and(|l| l.trim_end() == "---");
    if !opens || front_matter::split(body).yaml.is_some() {
        return Some((text, lossy));
    }
    whole()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::{LoadOptions, load};

    /// The slug the whole book is read with.
    fn read_slug(path: &Path) -> String {
        let options = LoadOptions { no_generated_cover: true, ..LoadOptions::default() };
        let book = load(path, &options, &mut Diagnostics::new()).expect("the book reads");
        book.metadata.slug
    }

    #[test]
    fn the_slug_from_metadata_alone_is_the_one_the_book_is_built_under() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let body = "\n# One\n\nSome text.\n";
        let long = "x".repeat(70 * 1024);
        let files = [
            ("kk.md", format!("---\ntitle: Қара сөздер\nlang: kk\n---\n{body}")),
            ("My Notes.md", body.to_string()),
            ("bom.md", format!("\u{feff}---\ntitle: With a Mark\n---\n{body}")),
            ("long.md", format!("---\ntitle: Long Front Matter\ndescription: {long}\n---\n{body}")),
            ("untitled.md", format!("---\nlang: en\n---\n{body}")),
            ("long-body.md", format!("---\ntitle: A Long Book\n---\n{body}{}", "Words. ".repeat(20_000))),
            ("long-plain.md", format!("{body}{}", "Words. ".repeat(20_000))),
            ("long-line.md", format!("---{}\ntitle: Past the Head\n---\n{body}", " ".repeat(70 * 1024))),
        ];
        let mut books = Vec::new();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
            books.push(dir.join(name));
        }
        for (folder, toml) in [
            ("plain", "title = \"A Folder Book\"\n"),
            ("own", "title = \"A Folder Book\"\nslug = \"its-own-name\"\n"),
        ] {
            std::fs::create_dir(dir.join(folder)).unwrap();
            std::fs::write(dir.join(folder).join("ch.md"), body).unwrap();
            let contents = "\n[[contents]]\nfile = \"ch.md\"\n";
            std::fs::write(dir.join(folder).join("book.toml"), format!("{toml}{contents}")).unwrap();
            books.push(dir.join(folder));
        }
        // A folder of one Markdown file and no book.toml is that file's book.
        std::fs::create_dir(dir.join("lone")).unwrap();
        std::fs::write(dir.join("lone").join("book.md"), "---\ntitle: Alone in a Folder\n---\n\nText.\n")
            .unwrap();
        books.push(dir.join("lone"));
        assert_eq!(slug(&dir.join("lone")).as_deref(), Some("alone-in-a-folder"));
        for book in &books {
            assert_eq!(slug(book), Some(read_slug(book)), "{}", book.display());
        }
        assert_eq!(slug(&dir.join("kk.md")).as_deref(), Some("qara-sozder"));
        assert_eq!(slug(&dir.join("own")).as_deref(), Some("its-own-name"));
    }

    #[test]
    fn a_book_with_other_metadata_wrong_still_has_its_slug() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let contents = "\n[[contents]]\nfile = \"ch.md\"\n";
        for (folder, toml) in [
            ("typo", "title = \"Same\"\nsubtitel = \"typo\"\n".to_string()),
            ("date", "title = \"Same\"\ndate = \"someday\"\n".to_string()),
            ("own", "title = \"Other\"\nslug = \"same\"\nlanguage = \"xx-not-a-tag-at-all\"\n".to_string()),
        ] {
            std::fs::create_dir(dir.join(folder)).unwrap();
            std::fs::write(dir.join(folder).join("book.toml"), format!("{toml}{contents}")).unwrap();
            assert_eq!(slug(&dir.join(folder)).as_deref(), Some("same"), "{folder}");
        }
        let mut bad_bytes = b"title = \"Same\"\n# caf\xe9\n".to_vec();
        bad_bytes.extend_from_slice(contents.as_bytes());
        std::fs::create_dir(dir.join("latin1")).unwrap();
        std::fs::write(dir.join("latin1").join("book.toml"), bad_bytes).unwrap();
        assert_eq!(slug(&dir.join("latin1")).as_deref(), Some("same"), "invalid UTF-8 in a comment");
        for (name, text) in [
            ("typo.md", b"---\ntitle: Same\nsubtitel: typo\n---\n\nText.\n".to_vec()),
            ("date.md", b"---\ntitle: Same\ndate: someday\n---\n\nText.\n".to_vec()),
            ("latin1.md", b"---\ntitle: Same\n---\n\nCaf\xe9.\n".to_vec()),
        ] {
            std::fs::write(dir.join(name), text).unwrap();
            assert_eq!(slug(&dir.join(name)).as_deref(), Some("same"), "{name}");
        }
        // Over 64 KiB, the bad byte early in the body.
        let mut long = b"---\ntitle: Same\n---\n\nCaf\xe9.\n".to_vec();
        long.extend("Words. ".repeat(20_000).as_bytes());
        std::fs::write(dir.join("long.md"), long).unwrap();
        assert_eq!(slug(&dir.join("long.md")).as_deref(), Some("same"));
    }

    #[test]
    fn a_book_whose_title_cannot_be_read_has_no_slug() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("t.md"), b"---\ntitle: Caf\xe9\n---\n\nText.\n").unwrap();
        assert_eq!(slug(&dir.join("t.md")), None, "invalid UTF-8 in the title");
        for (folder, toml) in [
            ("bytes", b"title = \"Caf\xe9\"\n".to_vec()),
            ("number", b"title = 12\n".to_vec()),
            ("none", b"subtitle = \"Only\"\n".to_vec()),
            ("not-toml", b"title = \"Same\n".to_vec()),
        ] {
            std::fs::create_dir(dir.join(folder)).unwrap();
            std::fs::write(dir.join(folder).join("book.toml"), toml).unwrap();
            assert_eq!(slug(&dir.join(folder)), None, "{folder}");
        }
    }

    #[test]
    fn a_book_whose_metadata_cannot_be_read_has_no_slug() {
        let tmp = tempfile::tempdir().unwrap();
        let broken = tmp.path().join("broken.md");
        std::fs::write(&broken, "---\ntitle: [unclosed\n---\n\nText.\n").unwrap();
        assert_eq!(slug(&broken), None);
        assert_eq!(slug(&tmp.path().join("missing.md")), None);
        assert_eq!(slug(tmp.path()), None, "a folder without book.toml");
        #[cfg(unix)]
        {
            // A pipe is no book: it is refused without being opened (which would wait for ever).
            let fifo = tmp.path().join("pipe.md");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert_eq!(slug(&fifo), None);
            }
        }
    }
}
