//! `folio watch`: build, then build again whenever a book's files change, for an author at work.
//! Unchanged books are skipped by their stamps, so a save in one chapter rebuilds one book.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::catalogue::{self, Event};
use crate::pipeline::BuildOptions;

/// Editors write a file in several steps; changes this close together are one save.
const SETTLE: Duration = Duration::from_millis(150);
/// A build waits no longer than this for changes to stop coming.
const SETTLE_AT_MOST: Duration = Duration::from_secs(2);

/// Kinds of file a book reads (Markdown, `book.toml`, images, hyphenation patterns): written
/// in place they count even when the last build could not read them (too large, unreadable),
/// so fixing one is seen.
fn bookish(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(
        ext.as_deref(),
        Some("md" | "markdown" | "toml" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "tex" | "pat")
    )
}

/// Builds `books` now and after every change below them until `on_event` returns `false` for a
/// finished round (it sees every event; `None` marks the end of a round). Changes inside
/// `out_dir` are ignored, so an output folder inside a book does not loop.
pub fn watch(
    books: &[PathBuf],
    out_dir: &Path,
    options: &BuildOptions,
    mut on_event: impl FnMut(Option<Event<'_>>) -> bool,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<(Change, Vec<PathBuf>)>();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Only writes count: a build opens and reads the book's files, and those events would
        // start the next build, for ever.
        let Ok(event) = res else { return };
        let change = match event.kind {
            // A folder moved away loses its watch as a deleted one does; moved back, it is
            // watched anew.
            EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(
                RenameMode::From | RenameMode::Both | RenameMode::Any | RenameMode::Other,
            )) => Change::Removed,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Change::Added,
            EventKind::Modify(_) => Change::Written,
            _ => return,
        };
        let _ = tx.send((change, event.paths));
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    let mut folders = Folders { watcher, dirs: HashMap::new(), trees: Vec::new(), lookouts: HashMap::new() };
    // Folder books first: a single-file book beside or inside one is then already watched.
    for book in books.iter().filter(|b| b.is_dir()) {
        folders.watch(book, RecursiveMode::Recursive)?;
        // Its parent too, for the book's folder deleted and made again (and for nothing else).
        let _ = folders.look_out(parent(book), canonical(book), false);
    }
    for book in books.iter().filter(|b| !b.is_dir()) {
        folders.watch(parent(book), RecursiveMode::NonRecursive)?;
    }
    // Made first, so that its canonical path can be told apart from the books' paths in events.
    std::fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let out_dir = out_dir.canonicalize().unwrap_or_else(|_| out_dir.to_path_buf());
    let incremental = BuildOptions { force: false, ..options.clone() };
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The files the books read, and the books: a write in place counts only for these and for
    // kinds of file a book reads, so a log written beside a book or inside a folder book
    // (`folio watch novel 2> novel/watch.log`) does not loop. A file new to a folder book (a
    // chapter added) counts however it is named.
    let mut read: HashSet<PathBuf> = books.iter().map(|b| canonical(b)).collect();
    loop {
        // Before the build reads them: what is written after this is seen.
        folders.rewatch_replaced();
        let outcomes = catalogue::build(books, &[], &out_dir, &incremental, jobs, |e| {
            on_event(Some(e));
        });
        // A book's files may live in folders not watched yet: images in a subfolder of a
        // single-file book, or a file its book.toml gained since the last round.
        for input in outcomes.iter().flat_map(|o| &o.inputs) {
            let _ = folders.watch(parent(input), RecursiveMode::NonRecursive);
            read.insert(canonical(input));
        }
        // A file a book names but could not read counts when written in place, whatever its
        // kind; one not there yet (an image still to be exported) is waited for from the
        // nearest folder above it, until it is there.
        for unread in outcomes.iter().flat_map(|o| &o.unread) {
            read.insert(canonical(unread));
            if unread.exists() {
                let _ = folders.watch(parent(unread), RecursiveMode::NonRecursive);
            } else if let Some(above) = unread.ancestors().skip(1).find(|a| a.is_dir()) {
                let _ = folders.look_out(above, unread.clone(), true);
            }
        }
        if !on_event(None) {
            return Ok(());
        }
        // Wait for a change outside the output folder, then for the writes to settle: until
        // no change that counts came for a while (a log that keeps growing does not hold the
        // build back), and no longer than a few seconds.
        let counts = |folders: &Folders<_>, change: Change, paths: &[PathBuf]| {
            paths.iter().any(|p| {
                if p.starts_with(&out_dir) {
                    return false;
                }
                match folders.looked_out_for(p) {
                    Some(wanted) => wanted || read.contains(p),
                    None => change != Change::Written || read.contains(p) || bookish(p),
                }
            })
        };
        loop {
            let (change, paths) = rx.recv().map_err(|_| "the file watcher stopped".to_string())?;
            folders.note(change, &paths);
            if counts(&folders, change, &paths) {
                break;
            }
        }
        let waited = Instant::now();
        let mut quiet_from = Instant::now();
        while let Some(left) = (quiet_from + SETTLE).checked_duration_since(Instant::now())
            && waited.elapsed() < SETTLE_AT_MOST
        {
            match rx.recv_timeout(left) {
                Ok((change, paths)) => {
                    folders.note(change, &paths);
                    if counts(&folders, change, &paths) {
                        quiet_from = Instant::now();
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err("the file watcher stopped".into()),
            }
        }
    }
}

/// The folders watched. Folders, not files: editors save by writing a new file and renaming it.
struct Folders<W: Watcher> {
    watcher: W,
    /// Each folder watched (canonical, so that events, named under it, compare with the output
    /// folder), how, and which folder it was when it was watched (`None`: none since it was
    /// removed).
    dirs: HashMap<PathBuf, (RecursiveMode, Option<Identity>)>,
    /// The folders watched with everything below them.
    trees: Vec<PathBuf>,
    /// Folders watched only to see folders or files below them come and go — a folder book's
    /// parent, or the nearest folder above one that is gone or a file a book names that is not
    /// there — each with those paths, and whether it is let go once they are all there. Nothing
    /// else made or deleted there (a home folder's downloads, an editor's swap files) starts a
    /// round.
    lookouts: HashMap<PathBuf, (Vec<PathBuf>, bool)>,
}

impl<W: Watcher> Folders<W> {
    /// Watches a folder, unless it is watched already.
    fn watch(&mut self, dir: &Path, mode: RecursiveMode) -> Result<(), String> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        // A folder inside a tree already watched is watched: asking again would drop the
        // tree's watch on it to this one's mode.
        if self.in_tree(&dir) {
            return Ok(());
        }
        // Watched for its own files now, not only for folders below it.
        self.lookouts.remove(&dir);
        // A tree is always asked for, even where its top was watched alone before.
        let known = self.dirs.contains_key(&dir);
        if known && mode == RecursiveMode::NonRecursive {
            return Ok(());
        }
        if mode == RecursiveMode::Recursive {
            self.trees.push(dir.clone());
        }
        self.dirs.insert(dir.clone(), (mode, identity(&dir)));
        self.watcher.watch(&dir, mode).map_err(|e| format!("cannot watch {}: {e}", dir.display()))
    }

    /// Watches `above` for `dir` (a folder or file below it) coming and going, unless `above` is
    /// watched for its own files already; `until_back`: only until `dir` is there again.
    fn look_out(&mut self, above: &Path, dir: PathBuf, until_back: bool) -> Result<(), String> {
        let above = canonical(above);
        if self.in_tree(&above) {
            return Ok(());
        }
        match self.lookouts.get_mut(&above) {
            Some((dirs, _)) if !dirs.contains(&dir) => dirs.push(dir),
            Some(_) => {}
            None if self.dirs.contains_key(&above) => {}
            None => {
                self.watch(&above, RecursiveMode::NonRecursive)?;
                self.lookouts.insert(above, (vec![dir], until_back));
            }
        }
        Ok(())
    }

    /// For a path in a folder watched only as a lookout: whether it is one of the folders looked
    /// out for or above one (a folder made or deleted on the way to a book).
    fn looked_out_for(&self, path: &Path) -> Option<bool> {
        if self.dirs.contains_key(path) {
            return None;
        }
        let (dirs, _) = self.lookouts.get(path.parent()?)?;
        Some(dirs.iter().any(|d| d.starts_with(path)))
    }

    /// Whether `path` lies in a folder watched with everything below it.
    fn in_tree(&self, path: &Path) -> bool {
        self.trees.iter().any(|t| path.starts_with(t))
    }

    /// Notes folders watched that an event says were removed: one made again at that path,
    /// even on the same inode number, is then watched anew.
    fn note(&mut self, change: Change, paths: &[PathBuf]) {
        for path in paths.iter().filter(|_| change == Change::Removed) {
            if let Some((_, was)) = self.dirs.get_mut(path) {
                *was = None;
            }
        }
    }

    /// Watches again each folder that was deleted and made anew (a branch checked out, a
    /// chapter folder restored): the watch on the folder that was there went with it.
    fn rewatch_replaced(&mut self) {
        // While a folder is gone, the nearest folder above it that is there is watched, so
        // that it coming back (`docs/` of `docs/novel.md`, or `books/` of `books/novel`) is seen.
        let gone: Vec<PathBuf> = self.dirs.keys().filter(|d| identity(d).is_none()).cloned().collect();
        for dir in gone {
            if let Some(above) = dir.ancestors().skip(1).find(|a| a.is_dir()).map(Path::to_path_buf) {
                let _ = self.look_out(&above, dir, true);
            }
        }
        for (dir, (mode, was)) in &mut self.dirs {
            // Below a tree the tree's own watch covers a new folder; watching it alone would
            // narrow that.
            if *mode == RecursiveMode::NonRecursive && self.trees.iter().any(|t| dir.starts_with(t)) {
                continue;
            }
            let now = identity(dir);
            if now.is_some() && now != *was && self.watcher.watch(dir, *mode).is_ok() {
                *was = now;
            }
        }
        // A lookout kept until its folders are back (watched again, as some folder) and its
        // files are there goes.
        let dirs = &self.dirs;
        let back = |d: &PathBuf| dirs.get(d).map_or_else(|| d.exists(), |(_, was)| was.is_some());
        let done: Vec<PathBuf> = self
            .lookouts
            .iter_mut()
            .filter(|(_, (_, until_back))| *until_back)
            .filter_map(|(above, (waiting, _))| {
                waiting.retain(|d| !back(d));
                waiting.is_empty().then(|| above.clone())
            })
            .collect();
        for above in done {
            self.lookouts.remove(&above);
            self.dirs.remove(&above);
            let _ = self.watcher.unwatch(&above);
        }
    }
}

/// What a watcher event did to its paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Made, or moved there (how editors save).
    Added,
    /// Written in place.
    Written,
    /// Deleted, or moved away.
    Removed,
}

/// A path as events name it, if it can be resolved.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Which folder a path names now: a folder made again at the same path is another one.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = ();

#[cfg(unix)]
fn identity(dir: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// Without inode numbers a folder made again is known only by a removal event before it.
#[cfg(not(unix))]
fn identity(dir: &Path) -> Option<Identity> {
    dir.is_dir().then_some(())
}

/// The folder a file is in (`.` for a bare file name).
fn parent(file: &Path) -> &Path {
    file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}
