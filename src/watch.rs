//! `folio watch`: build, then build again whenever a book's files change, for an author at work.
//! Unchanged books are skipped by their stamps, so a save in one chapter rebuilds one book.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

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
        if let Ok(event) = res {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    for book in books {
        let (dir, mode) = if book.is_dir() {
            (book.as_path(), RecursiveMode::Recursive)
        } else {
            (
                book.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")),
                RecursiveMode::NonRecursive,
            )
        };
        watcher.watch(dir, mode).map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    // Made first, so that its canonical path can be told apart from the books' paths in events.
    std::fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let out_dir = out_dir.canonicalize().unwrap_or_else(|_| out_dir.to_path_buf());
    let incremental = BuildOptions { force: false, ..options.clone() };
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    loop {
        catalogue::build(books, &out_dir, &incremental, jobs, |e| {
            on_event(Some(e));
        });
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
