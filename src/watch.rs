//! `folio watch`: build, then build again whenever a book's files change, for an author at work.
//! Unchanged books are skipped by their stamps, so a save in one chapter rebuilds one book.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::catalogue::{self, Event};
use crate::pipeline::BuildOptions;

/// Editors write a file in several steps; changes this close together are one save.
const SETTLE: Duration = Duration::from_millis(150);

/// Builds `books` now and after every change below them until `on_event` returns `false` for a
/// finished round (it sees every event; `None` marks the end of a round). Changes inside
/// `out_dir` are ignored, so an output folder inside a book does not loop.
pub fn watch(
    books: &[PathBuf],
    out_dir: &Path,
    options: &BuildOptions,
    mut on_event: impl FnMut(Option<Event<'_>>) -> bool,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Only writes count: a build opens and reads the book's files, and those events would
        // start the next build, for ever.
        if let Ok(event) = res
            && matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_))
        {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    // Folders are watched, not files: editors save by writing a new file and renaming it.
    // Canonical, so that events (named under the folder watched) compare with the output folder.
    let mut watched: HashSet<PathBuf> = HashSet::new();
    let mut trees: Vec<PathBuf> = Vec::new();
    let mut watch = |dir: &Path, mode: RecursiveMode| -> Result<(), String> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        // A folder inside a tree already watched is watched: asking again would drop the
        // tree's watch on it to this one's mode.
        if trees.iter().any(|t| dir.starts_with(t)) {
            return Ok(());
        }
        // A tree is always asked for, even where its top was watched alone before.
        let fresh = watched.insert(dir.clone());
        if mode == RecursiveMode::Recursive {
            trees.push(dir.clone());
        } else if !fresh {
            return Ok(());
        }
        watcher.watch(&dir, mode).map_err(|e| format!("cannot watch {}: {e}", dir.display()))
    };
    // Folder books first: a single-file book beside or inside one is then already watched.
    for book in books.iter().filter(|b| b.is_dir()) {
        watch(book, RecursiveMode::Recursive)?;
    }
    for book in books.iter().filter(|b| !b.is_dir()) {
        watch(parent(book), RecursiveMode::NonRecursive)?;
    }
    // Made first, so that its canonical path can be told apart from the books' paths in events.
    std::fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let out_dir = out_dir.canonicalize().unwrap_or_else(|_| out_dir.to_path_buf());
    let incremental = BuildOptions { force: false, ..options.clone() };
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    loop {
        let outcomes = catalogue::build(books, &out_dir, &incremental, jobs, |e| {
            on_event(Some(e));
        });
        // A book's files may live in folders not watched yet: images in a subfolder of a
        // single-file book, or a file its book.toml gained since the last round.
        for input in outcomes.iter().flat_map(|o| &o.inputs) {
            let _ = watch(parent(input), RecursiveMode::NonRecursive);
        }
        if !on_event(None) {
            return Ok(());
        }
        // Wait for a change outside the output folder, then for the writes to settle.
        loop {
            let paths = rx.recv().map_err(|_| "the file watcher stopped".to_string())?;
            if paths.iter().any(|p| !p.starts_with(&out_dir)) {
                break;
            }
        }
        while rx.recv_timeout(SETTLE).is_ok() {}
    }
}

/// The folder a file is in (`.` for a bare file name).
fn parent(file: &Path) -> &Path {
    file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}
