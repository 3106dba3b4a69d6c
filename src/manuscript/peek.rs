//! A book's slug read from its metadata alone (book.toml, or a Markdown file's front matter),
//! without its chapters: a catalogue learns every book's output names before it saves any book,
//! so that two books with one slug are both refused before either writes a file.

use std::io::Read;
use std::path::Path;

use super::config::BookConfig;
use super::front_matter;
use super::metadata::{self, MetaInput};
use super::source::{MAX_TEXT_BYTES, read_limited};
use crate::diag::{Diagnostics, Location};

/// The slug the book at `path` will be built under, as [`super::read`] would find it; `None`
/// when its metadata cannot be read (the book then fails when it is built).
pub fn slug(path: &Path) -> Option<String> {
    let lone = super::lone_markdown(path);
    let path = lone.as_deref().unwrap_or(path);
    let mut diags = Diagnostics::new();
    let input = if path.is_dir() {
        let bytes = read_limited(&path.join("book.toml"), MAX_TEXT_BYTES).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let config: BookConfig = toml::from_str(&text).ok()?;
        MetaInput {
            title: Some((config.title.get_ref().clone(), None)),
            slug: config.slug.as_ref().map(|s| (s.get_ref().clone(), None)),
            ..MetaInput::default()
        }
    } else {
        let real = path.canonicalize().ok()?;
        let text = head(&real)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let (input, _) = front_matter::meta(&front_matter::split(text), &real, &mut diags);
        // As for the whole book: without a title in the front matter the file name stands in.
        let stem = || real.file_stem().map(|s| (s.to_string_lossy().into_owned(), None));
        MetaInput { title: input.title.or_else(stem), ..input }
    };
    let meta = metadata::build(input, None, &Location::file(path), &mut diags);
    (!diags.has_errors()).then_some(meta.slug)
}

/// The start of a Markdown file, enough for its front matter: the first 64 KiB, or the whole
/// file when its front matter runs on past them. Files the full read refuses (not a plain file,
/// over its size limit) give `None`, without being read.
fn head(path: &Path) -> Option<String> {
    const HEAD: u64 = 64 * 1024;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_TEXT_BYTES {
        return None;
    }
    let whole = || String::from_utf8(read_limited(path, MAX_TEXT_BYTES).ok()?).ok();
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(HEAD).read_to_end(&mut bytes).ok()?;
    if (bytes.len() as u64) < HEAD {
        return String::from_utf8(bytes).ok();
    }
    // Cut at the last line end, so no character is cut in two.
    let Some(end) = bytes.iter().rposition(|&b| b == b'\n') else {
        // Not one whole line in 64 KiB: only the whole file says what its first line is.
        return whole();
    };
    bytes.truncate(end + 1);
    let text = String::from_utf8(bytes).ok()?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let opens = body.lines().next().is_some_and(|l| l.trim_end() == "---");
    if !opens || front_matter::split(body).yaml.is_some() {
        return Some(text);
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
