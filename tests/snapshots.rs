//! Snapshot tests: the default book's package document, navigation and two content documents are
//! compared with the reviewed copies in `tests/snapshots/`. After an intended change, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and review the diff before committing.

mod common;

use common::{Epub, folio, root};

#[test]
fn default_book_documents_match_their_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let out = folio(&root(), &["build", "manuscript", "-o", tmp.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let epub = Epub::open(&tmp.path().join("kazakhstan-and-regional-security-overview.epub"));
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (entry, snapshot) in [
        ("OEBPS/content.opf", "content.opf"),
        ("OEBPS/text/nav.xhtml", "nav.xhtml"),
        ("OEBPS/toc.ncx", "toc.ncx"),
        ("OEBPS/text/epigraph.xhtml", "epigraph.xhtml"),
        ("OEBPS/text/chapter-001.xhtml", "chapter-001.xhtml"),
        ("OEBPS/text/about-author.xhtml", "about-author.xhtml"),
    ] {
        let path = root().join("tests/snapshots").join(snapshot);
        let actual = epub.text(entry);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
            stale.push(format!("{snapshot} differs from the build (first at line {line})"));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrun UPDATE_SNAPSHOTS=1 cargo test --test snapshots and review",
        stale.join("\n")
    );
}
