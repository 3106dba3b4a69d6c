//! Catalogues: many books built at once, in parallel, each failing alone; and a stable share of a
//! catalogue, so that the runners of a CI matrix split it without overlap or gap.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::diag::{Diagnostic, Location, Severity};
use crate::pipeline::{self, BuildOptions, Made, Outcome, Status};
use crate::stamp;

/// Stack for each book's worker: hostile manuscripts nest deeply and every stage recurses.
const WORKER_STACK: usize = 256 * 1024 * 1024;

/// Runner `index` (1-based) of `count`: `--shard 2/4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// The books of a shard and the books of the others, each in the order given. Books are dealt
/// round-robin in the order of their paths, so shares differ by at most one book and do not
/// depend on the order a shell or CI lists them in.
pub fn shard(books: &[PathBuf], shard: Shard) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut order: Vec<usize> = (0..books.len()).collect();
    order.sort_by_key(|&i| normal(&books[i]));
    let mut mine = vec![false; books.len()];
    for (pos, i) in order.into_iter().enumerate() {
        mine[i] = pos % shard.count == shard.index - 1;
    }
    let (mine, others): (Vec<_>, Vec<_>) = books.iter().zip(mine).partition(|(_, m)| *m);
    (mine.into_iter().map(|(b, _)| b.clone()).collect(), others.into_iter().map(|(b, _)| b.clone()).collect())
}

/// The books in the order given, each once: `a.md ./a.md` (or a glob and a name that overlap,
/// or a folder and its one Markdown file) would build one book twice at once, and put it in two
/// shards.
pub fn distinct(books: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    books
        .iter()
        .filter(|b| {
            // A folder of one Markdown file is that file's book: `a a/book.md` is one book.
            let book = crate::manuscript::lone_markdown(b).unwrap_or_else(|| b.to_path_buf());
            seen.insert(book.canonicalize().unwrap_or_else(|_| PathBuf::from(normal(&book))))
        })
        .cloned()
        .collect()
}

/// A path as written, without `./` and trailing slashes, so `./a/` and `a` sort alike.
fn normal(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Something a catalogue build reports as it goes.
pub enum Event<'a> {
    /// A book has started.
    Started(&'a Path),
    /// A book is done.
    Finished(&'a Outcome),
}

/// Builds every book with up to `jobs` at a time; returns their outcomes in the order given.
/// `others` are the catalogue's books built elsewhere (by the other shards): a book whose slug
/// one of them has fails, as it would in one run. `on_event` runs on the calling thread, so a
/// caller can print without locking.
pub fn build(
    books: &[PathBuf],
    others: &[PathBuf],
    out_dir: &Path,
    options: &BuildOptions,
    jobs: usize,
    mut on_event: impl FnMut(Event<'_>),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let claims = Claims::default();
    // Every book's names are claimed before any book is looked at, from its metadata alone: a
    // book saved (or reported up to date, its files listed) before its rival was read could
    // not know it had one. The other shards' books hold their names too: with the same output
    // folder in every runner, two books of one slug would otherwise each be saved, in
    // different artifacts.
    let slugs: Vec<Option<String>> = books.iter().map(|b| crate::manuscript::slug(b)).collect();
    for (book, slug) in
        others.iter().map(|o| (o, crate::manuscript::slug(o))).chain(books.iter().zip(slugs.iter().cloned()))
    {
        let Some(slug) = slug else { continue };
        for &format in &options.formats {
            let _ = claims.claim(&pipeline::target(out_dir, &slug, format), book);
        }
    }
    let deferred = Deferred::default();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; books.len()];
    // Books already up to date hold their file names before any other book is made: a larger
    // book with the same slug, made first, could be saved over them.
    for (i, book) in books.iter().enumerate() {
        if let Some(stamp) = pipeline::kept(book, out_dir, options) {
            on_event(Event::Started(book));
            let claim = |target: &Path| claims.claim(target, book);
            let o = save(book, pipeline::up_to_date(book, stamp, options, &claim, Instant::now()), &claims);
            on_event(Event::Finished(&o));
            outcomes[i] = Some(o);
        }
    }
    // The others' stamps were just found stale: they are built without asking again.
    let stale = BuildOptions { force: true, ..options.clone() };
    // Largest books first, so the last book to finish is a short one and no core idles while
    // a long one ends alone; results still come back in the order given.
    let (order, sizes) = largest_first(books);
    let order: Vec<usize> = order.into_iter().filter(|&i| outcomes[i].is_none()).collect();
    let workers = jobs.clamp(1, order.len().max(1));
    // With several books at once every core has a book, and splitting a book's paragraphs
    // across cores too would only add the dry run and the duplicated shaping; except for a
    // book larger than a worker's share of the rest, which the whole catalogue would wait for.
    let crowded = BuildOptions { one_core_per_book: order.len() > 1 && jobs > 1, ..stale.clone() };
    let total: u64 = order.iter().map(|&i| sizes[i]).sum();
    let largest = order.first().copied().filter(|&i| sizes[i] * workers as u64 > total);
    let (tx, rx) = mpsc::channel::<(usize, Option<Outcome>)>();
    // Books made in memory wait here for their files to be saved: a worker goes on to its next
    // book instead of idling its core while the disk syncs this one's (~4% of a catalogue's time).
    // The queue holds one book per worker, so a slow disk holds back the workers rather than
    // piling made books up in memory.
    let (to_save, saving) = mpsc::sync_channel::<(usize, pipeline::Unsaved)>(workers);
    let slugs = &slugs;
    std::thread::scope(|scope| {
        let saved = tx.clone();
        let (held, waiting) = (&claims, &deferred);
        let saver = move || {
            for (i, made) in saving {
                let Some(o) = save_or_defer(i, &books[i], Made::Unsaved(made), held, waiting) else {
                    continue;
                };
                if saved.send((i, Some(o))).is_err() {
                    break;
                }
            }
        };
        // Without a saver thread the workers save their own books.
        let to_save = std::thread::Builder::new().spawn_scoped(scope, saver).is_ok().then_some(to_save);
        for _ in 0..workers {
            let (tx, to_save) = (tx.clone(), to_save.clone());
            let (next, claims, order, crowded, stale) = (&next, &claims, &order, &crowded, &stale);
            let deferred = &deferred;
            let work = move || {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if tx.send((i, None)).is_err() {
                        break;
                    }
                    let options = if Some(i) == largest { stale } else { crowded };
                    let made = make(&books[i], slugs[i].as_deref(), out_dir, options, claims);
                    let outcome = match (made, &to_save) {
                        (Made::Unsaved(made), Some(to_save)) => match to_save.send((i, made)) {
                            Ok(()) => continue,
                            Err(mpsc::SendError((_, made))) => {
                                save_or_defer(i, &books[i], Made::Unsaved(made), claims, deferred)
                            }
                        },
                        (made, _) => save_or_defer(i, &books[i], made, claims, deferred),
                    };
                    let Some(outcome) = outcome else { continue };
                    if tx.send((i, Some(outcome))).is_err() {
                        break;
                    }
                }
            };
            // Should no thread be spared, the other workers, or the loop below, take the books.
            let _ = std::thread::Builder::new().stack_size(WORKER_STACK).spawn_scoped(scope, work);
        }
        drop((tx, to_save));
        for (i, outcome) in rx {
            match outcome {
                None => on_event(Event::Started(&books[i])),
                Some(o) => {
                    on_event(Event::Finished(&o));
                    outcomes[i] = Some(o);
                }
            }
        }
    });
    let mut deferred = deferred.into_inner().unwrap_or_else(|e| e.into_inner());
    // Books no worker reached (none could be started) are built here, one after another.
    for (i, book) in books.iter().enumerate() {
        if outcomes[i].is_some() || deferred.iter().any(|(d, _)| *d == i) {
            continue;
        }
        on_event(Event::Started(book));
        match make(book, slugs[i].as_deref(), out_dir, &stale, &claims) {
            Made::Unsaved(u) if u.replaces_unknown() => deferred.push((i, u)),
            made => {
                let o = save(book, made, &claims);
                on_event(Event::Finished(&o));
                outcomes[i] = Some(o);
            }
        }
    }
    // Every book is read now: a book whose files would replace one it did not write before is
    // saved unless another book is made from that file.
    let read: Vec<(PathBuf, &Path)> = outcomes
        .iter()
        .flatten()
        .flat_map(|o| o.inputs.iter().filter_map(|p| Some((crate::output::resolved(p)?, o.book.as_path()))))
        .chain(deferred.iter().flat_map(|(_, u)| u.inputs().map(|p| (p.to_path_buf(), u.book()))))
        .collect();
    let read: Vec<(PathBuf, PathBuf)> = read.into_iter().map(|(p, b)| (p, b.to_path_buf())).collect();
    for (i, u) in deferred {
        let o = match replaced_input(&u, &read) {
            Some(why) => u.refuse(why, "build into another folder (`-o`), or give the book another `slug`"),
            None => save(&books[i], Made::Unsaved(u), &claims),
        };
        on_event(Event::Finished(&o));
        outcomes[i] = Some(o);
    }
    let mut outcomes: Vec<Outcome> =
        books.iter().zip(outcomes).map(|(book, o)| o.unwrap_or_else(|| stopped(book))).collect();
    // A book made before another with its slug was read could not know it had a rival: it is
    // reported again, failed, so that a watcher's log says so too.
    for o in &mut outcomes {
        if fail_if_rivalled(o, &claims, out_dir, options) {
            on_event(Event::Finished(o));
        }
    }
    outcomes
}

/// Books made whose files would replace a file their last build did not write, with their
/// place in the catalogue: saved once every book is read.
type Deferred = Mutex<Vec<(usize, pipeline::Unsaved)>>;

/// Saves a made book, or sets it aside when saving would replace a file its last build did not
/// write (`None`): that file may be one another book, not read yet, is made from.
fn save_or_defer(i: usize, book: &Path, made: Made, claims: &Claims, deferred: &Deferred) -> Option<Outcome> {
    match made {
        Made::Unsaved(u) if u.replaces_unknown() => {
            deferred.lock().unwrap_or_else(|e| e.into_inner()).push((i, u));
            None
        }
        made => Some(save(book, made, claims)),
    }
}

/// Why a book may not be saved: one of its files would replace a file another book of the
/// catalogue is made from (`folio build a b -o b`, a figure of b's named as a's slug).
fn replaced_input(u: &pipeline::Unsaved, read: &[(PathBuf, PathBuf)]) -> Option<String> {
    u.targets().find_map(|t| {
        let real = crate::output::resolved(t)?;
        let (_, other) = read.iter().find(|(input, other)| *input == real && other != u.book())?;
        Some(format!(
            "the output {} is a file {} is made from: building would replace it",
            t.display(),
            other.display()
        ))
    })
}

/// Book indices by the size of their files, largest first (ties in the order given), and the
/// sizes.
fn largest_first(books: &[PathBuf]) -> (Vec<usize>, Vec<u64>) {
    let size = |p: &Path| -> u64 {
        match std::fs::read_dir(p) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum(),
            Err(_) => std::fs::metadata(p).map_or(0, |m| m.len()),
        }
    };
    let sizes: Vec<u64> = books.iter().map(|b| size(b)).collect();
    let mut order: Vec<usize> = (0..books.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    (order, sizes)
}

/// Makes one book's outputs in memory, with a panic turned into that book's failure instead of
/// the catalogue's. A book that fails before its names are known (an error in its metadata)
/// is told of a rival for the name its metadata gives (`slug`), beside its other errors.
fn make(book: &Path, slug: Option<&str>, out_dir: &Path, options: &BuildOptions, claims: &Claims) -> Made {
    let claim = |target: &Path| claims.claim(target, book);
    let run = std::panic::AssertUnwindSafe(|| pipeline::make(book, out_dir, options, &claim));
    match std::panic::catch_unwind(run) {
        Ok(Made::Finished(mut o)) => {
            let rival = slug
                .into_iter()
                .flat_map(|slug| options.formats.iter().map(move |&f| pipeline::target(out_dir, slug, f)));
            let rival = rival.into_iter().find_map(|t| claims.rival(&t, book));
            if let Some(why) = rival
                .filter(|why| o.status == Status::Failed && !o.diagnostics.iter().any(|d| d.message == *why))
            {
                o.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    location: Some(Location::file(book)),
                    message: why,
                    hint: Some(pipeline::SLUG_HINT.into()),
                });
            }
            Made::Finished(o)
        }
        Ok(made) => made,
        Err(_) => Made::Finished(stopped(book)),
    }
}

/// Saves a made book, a panic failing only that book; a book whose files another book of the
/// catalogue also claims is not saved.
fn save(book: &Path, made: Made, claims: &Claims) -> Outcome {
    let made = match made {
        Made::Unsaved(u) => {
            let rival = u.targets().find_map(|t| claims.rival(t, book));
            match rival {
                Some(why) => return u.refuse(why, pipeline::SLUG_HINT),
                None => Made::Unsaved(u),
            }
        }
        finished => finished,
    };
    let run = std::panic::AssertUnwindSafe(|| made.save());
    std::panic::catch_unwind(run).unwrap_or_else(|_| stopped(book))
}

/// A book on which folio panicked.
fn stopped(book: &Path) -> Outcome {
    let mut o = pipeline::Outcome::failed(book);
    o.diagnostics.push(Diagnostic {
        severity: Severity::Error,
        location: Some(Location::file(book)),
        message: "folio stopped unexpectedly on this book".into(),
        hint: Some("please report this with the manuscript that caused it".into()),
    });
    o
}

/// Output paths and the books that would write them. Two books with the same slug both fail,
/// whichever was made first: what a run reports must not depend on which core was quicker.
#[derive(Default)]
struct Claims(Mutex<HashMap<PathBuf, Vec<PathBuf>>>);

impl Claims {
    /// Records that `book` writes `target`; an error when another book does too.
    fn claim(&self, target: &Path, book: &Path) -> Result<(), String> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let writers = map.entry(target.to_path_buf()).or_default();
        if !writers.iter().any(|b| b == book) {
            writers.push(book.to_path_buf());
        }
        match writers.iter().find(|b| *b != book) {
            Some(other) => Err(conflict(target, other)),
            None => Ok(()),
        }
    }

    /// Why `book` may not write `target`, if another book of the catalogue writes it too.
    fn rival(&self, target: &Path, book: &Path) -> Option<String> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(target)?.iter().find(|b| *b != book).map(|other| conflict(target, other))
    }
}

fn conflict(target: &Path, other: &Path) -> String {
    format!(
        "{} is also the output of {}: two books in one catalogue have the same slug",
        target.display(),
        other.display()
    )
}

/// A book that another book with its slug came after: it fails too, its stamp goes (so the
/// next run checks it again) and the report lists no outputs for it. Whether it was failed here.
fn fail_if_rivalled(outcome: &mut Outcome, claims: &Claims, out_dir: &Path, options: &BuildOptions) -> bool {
    if outcome.status == Status::Failed {
        return false;
    }
    let Some(why) = outcome.outputs.iter().find_map(|o| claims.rival(&o.path, &outcome.book)) else {
        return false;
    };
    outcome.status = Status::Failed;
    outcome.outputs.clear();
    outcome.diagnostics.push(Diagnostic {
        severity: Severity::Error,
        location: Some(Location::file(&outcome.book)),
        message: why,
        hint: Some(pipeline::SLUG_HINT.into()),
    });
    stamp::forget(out_dir, &stamp::Key::new(&outcome.book, &options.formats, &options.load));
    true
}

/// Whether every book was built or up to date.
pub fn succeeded(outcomes: &[Outcome]) -> bool {
    outcomes.iter().all(|o| o.status != Status::Failed)
}
