//! One book from manuscript to files: read, check, write each format, save atomically — or, when
//! nothing it depends on has changed since the last build, leave its outputs as they are.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::manuscript::{self, LoadOptions};
use crate::model::Book;
use crate::stamp::{self, Stamp};
use write::write_all;

mod write;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// EPUB 3.
    Epub,
    /// Print PDF.
    Pdf,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// How to build: which formats, the time to stamp, whether up-to-date outputs may be kept.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Options for reading the manuscript.
    pub load: LoadOptions,
    /// Rebuild even when the inputs have not changed.
    pub force: bool,
    /// A book with warnings fails as if they were errors, and is not written (CI's `-D warnings`).
    pub deny_warnings: bool,
    /// Build a book on one core only (paragraphs, pages, formats one after another): when a
    /// catalogue keeps every core busy with whole books, splitting each book only adds the cost
    /// of splitting.
    pub one_core_per_book: bool,
}

/// A stage of the pipeline, for timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the files and building the model.
    Read,
    /// Checking that the fonts cover the text.
    Check,
    /// Writing the EPUB.
    Epub,
    /// Shaping, line breaking and pagination.
    Layout,
    /// Writing the PDF.
    Pdf,
    /// Saving the outputs.
    Save,
}

impl Stage {
    /// The stage's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Check => "check",
            Stage::Epub => "epub",
            Stage::Layout => "layout",
            Stage::Pdf => "pdf",
            Stage::Save => "save",
        }
    }
}

/// A file a build wrote (or kept because it was up to date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Its format.
    pub format: Format,
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

/// Whether a book was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Built and written.
    Built,
    /// Nothing it depends on changed: its outputs were left as they were.
    UpToDate,
    /// It has errors; earlier outputs were left as they were.
    Failed,
}

/// What happened to one book.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The book as given.
    pub book: PathBuf,
    /// Built, up to date or failed.
    pub status: Status,
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The book's files: manuscript, settings, images (empty when it could not be read).
    pub inputs: Vec<PathBuf>,
    /// Files a book that could not be read names but could not read (not there, too large,
    /// unreadable), as looked for.
    pub unread: Vec<PathBuf>,
    /// The outputs, written or kept.
    pub outputs: Vec<Output>,
    /// Its title, when it could be read.
    pub title: Option<String>,
    /// Pages of the print edition.
    pub pages: Option<usize>,
    /// Words of running text.
    pub words: usize,
    /// Time per stage; the writers run side by side, so these may add up to more than `total`.
    pub stages: Vec<(Stage, Duration)>,
    /// Wall time for the book: making and saving it, not waiting in a catalogue for its turn to save.
    pub total: Duration,
}

impl Outcome {
    /// A book that has failed, before any diagnostic is added.
    pub fn failed(book: &Path) -> Outcome {
        Outcome {
            book: book.to_path_buf(),
            status: Status::Failed,
            diagnostics: Vec::new(),
            inputs: Vec::new(),
            unread: Vec::new(),
            outputs: Vec::new(),
            title: None,
            pages: None,
            words: 0,
            stages: Vec::new(),
            total: Duration::ZERO,
        }
    }

    /// How many diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Reads and checks a book without writing anything.
pub fn check(path: &Path, options: &LoadOptions) -> (Option<Book>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let book = manuscript::load(path, options, &mut diags);
    if let Some(b) = &book {
        crate::coverage::check(b, &mut diags);
    }
    (book, diags)
}

/// Builds a book into `out_dir`. Nothing is written unless every format was produced; a book
/// whose stamp shows it unchanged is not rebuilt unless `options.force`.
pub fn build(path: &Path, out_dir: &Path, options: &BuildOptions) -> Outcome {
    build_claiming(path, out_dir, options, &|_| Ok(()))
}

/// Like [`build`], asking `claim` before writing each output whether the path is this book's to
/// write (a catalogue refuses a second book with the same output name).
pub fn build_claiming(
    path: &Path,
    out_dir: &Path,
    options: &BuildOptions,
    claim: &dyn Fn(&Path) -> Result<(), String>,
) -> Outcome {
    make(path, out_dir, options, claim).save()
}

/// A book after its making: finished (up to date, or failed), or made and waiting to be saved.
pub enum Made {
    /// Nothing to save: the book is up to date or failed.
    Finished(Outcome),
    /// Its outputs, in memory.
    Unsaved(Unsaved),
}

/// A book whose outputs are made, in memory, and not yet saved.
pub struct Unsaved {
    outcome: Outcome,
    files: Files,
    out_dir: PathBuf,
    key: stamp::Key,
    hashed: Hashes,
    /// How long making took: a book's time is its own work, not its wait for a saver.
    made_in: Duration,
}

/// Outputs in memory, with where each goes.
type Files = Vec<(Format, PathBuf, Vec<u8>)>;

/// Each input with its SHA-256 as read.
type Hashes = Vec<crate::model::Input>;

/// What to do when two books of a catalogue would write the same files.
pub const SLUG_HINT: &str = "give one of the books another title, or a `slug` of its own in its metadata";

/// Makes a book's outputs in memory, or says why there is nothing to save: the book is up to
/// date, or it failed. Saving is a separate step so that a catalogue can make its next book
/// while the disk takes this one's files.
pub fn make(
    path: &Path,
    out_dir: &Path,
    options: &BuildOptions,
    claim: &dyn Fn(&Path) -> Result<(), String>,
) -> Made {
    let started = Instant::now();
    if let Some(stamp) = kept(path, out_dir, options) {
        return up_to_date(path, stamp, options, claim, started);
    }
    let mut outcome = Outcome::failed(path);
    let key = stamp::Key::new(path, &options.formats, &options.load);
    match make_fresh(path, out_dir, options, claim, &mut outcome) {
        Some((files, hashed)) => {
            let made_in = started.elapsed();
            Made::Unsaved(Unsaved { outcome, files, out_dir: out_dir.to_path_buf(), key, hashed, made_in })
        }
        None => {
            // A book that failed anyway shows its warnings as the errors they were made.
            if options.deny_warnings {
                crate::diag::deny_warnings(&mut outcome.diagnostics);
            }
            outcome.total = started.elapsed();
            Made::Finished(outcome)
        }
    }
}

/// Where a book with this slug writes a format.
pub fn target(out_dir: &Path, slug: &str, format: Format) -> PathBuf {
    out_dir.join(format!("{slug}.{}", format.extension()))
}

/// The stamp of a book that need not be built: nothing it depends on has changed and `--force`
/// was not given.
pub fn kept(path: &Path, out_dir: &Path, options: &BuildOptions) -> Option<Stamp> {
    if options.force {
        return None;
    }
    stamp::fresh(out_dir, &stamp::Key::new(path, &options.formats, &options.load))
}

/// A book left as its stamp shows it, holding its file names: another book of the catalogue with
/// the same slug must not overwrite them. Its warnings are the stamp's, so `--deny-warnings`
/// fails a book built cleanly but with warnings before, and leaves its files as they are.
pub fn up_to_date(
    path: &Path,
    kept: Stamp,
    options: &BuildOptions,
    claim: &dyn Fn(&Path) -> Result<(), String>,
    started: Instant,
) -> Made {
    let mut outcome = Outcome::failed(path);
    if let Some(e) = kept.outputs.iter().find_map(|o| claim(&o.path).err()) {
        let mut diags = Diagnostics::new();
        diags.error(Some(Location::file(path)), e).help(SLUG_HINT);
        outcome.diagnostics = diags.into_vec();
        outcome.total = started.elapsed();
        return Made::Finished(outcome);
    }
    outcome.inputs = kept.inputs.into_iter().map(|i| i.path).collect();
    outcome.title = Some(kept.title);
    outcome.pages = kept.pages;
    outcome.words = kept.words;
    outcome.diagnostics = kept.warnings;
    outcome.total = started.elapsed();
    if options.deny_warnings && crate::diag::deny_warnings(&mut outcome.diagnostics) {
        return Made::Finished(outcome);
    }
    outcome.status = Status::UpToDate;
    outcome.outputs = kept.outputs;
    Made::Finished(outcome)
}

/// Reads the book and writes every format in memory; `None` when it has errors (they are in
/// `out`), else the files to save and the inputs' hashes.
fn make_fresh(
    path: &Path,
    out_dir: &Path,
    options: &BuildOptions,
    claim: &dyn Fn(&Path) -> Result<(), String>,
    out: &mut Outcome,
) -> Option<(Files, Hashes)> {
    let t = Instant::now();
    let mut diags = Diagnostics::new();
    let load = LoadOptions {
        no_generated_cover: options.load.no_generated_cover || !options.formats.contains(&Format::Epub),
        ..options.load.clone()
    };
    let book = manuscript::read(path, &load, &mut diags);
    out.stages.push((Stage::Read, t.elapsed()));
    let book = match book {
        Ok(book) => book,
        // The files read so far, for a watcher to wait on the one that needs fixing.
        Err(read) => {
            out.inputs = read.inputs.into_iter().map(|i| i.path).collect();
            out.inputs.dedup();
            out.unread = read.unread;
            out.diagnostics = diags.into_vec();
            return None;
        }
    };
    // Claimed as soon as the names are known: a book whose names another book of the catalogue
    // holds is not set at all.
    let target = |format: Format| target(out_dir, &book.metadata.slug, format);
    if let Some(e) = options.formats.iter().find_map(|&f| claim(&target(f)).err()) {
        diags.error(Some(Location::file(path)), e).help(SLUG_HINT);
        out.diagnostics = diags.into_vec();
        return None;
    }
    // An output named as one of the book's own files (`-o` its folder, a figure `t.pdf` in a
    // book whose slug is `t`) would replace what the book is made from.
    // (Each input's real path is known from its reading; an output whose folder does not exist
    // yet can hold none of them.)
    let clash = options.formats.iter().map(|&f| target(f)).find_map(|t| {
        let real = crate::output::resolved(&t)?;
        book.inputs.iter().find(|i| i.real == real).map(|i| (t, i.path.clone()))
    });
    if let Some((t, input)) = clash {
        diags
            .error(
                Some(Location::file(path)),
                format!(
                    "the output {} is the book's own {}: building would replace it",
                    t.display(),
                    input.display()
                ),
            )
            .help("build into another folder (`-o`), or give the book another `slug`");
        out.diagnostics = diags.into_vec();
        return None;
    }
    // Recorded as read, so an edit made while the book builds is seen next time. A generated
    // cover has no file: what it shows comes from the metadata, already an input.
    out.inputs = book.inputs.iter().map(|i| i.path.clone()).collect();
    let hashed: Hashes = book.inputs.clone();
    out.title = Some(book.metadata.title.clone());
    out.words = words(&book);

    let (results, checked) = write_all(&book, options);
    match checked {
        Some((found, took)) => {
            for d in found.into_vec() {
                diags.add(d);
            }
            out.stages.push((Stage::Check, took));
        }
        None => {
            diags.error(Some(Location::file(path)), "the font coverage check stopped unexpectedly");
        }
    }
    let mut files = Files::new();
    for w in results {
        for d in w.diagnostics.into_vec() {
            diags.add(d);
        }
        out.stages.extend(w.stages);
        if w.pages.is_some() {
            out.pages = w.pages;
        }
        match w.bytes {
            Ok(b) => files.push((w.format, target(w.format), b)),
            Err(e) => {
                diags.error(Some(Location::file(path)), e);
            }
        }
    }
    out.diagnostics = diags.into_vec();
    if options.deny_warnings {
        crate::diag::deny_warnings(&mut out.diagnostics);
    }
    let failed = out.diagnostics.iter().any(|d| d.severity == Severity::Error);
    (!failed).then_some((files, hashed))
}

impl Made {
    /// Saves the outputs, if any, and tells what happened to the book.
    pub fn save(self) -> Outcome {
        match self {
            Made::Finished(outcome) => outcome,
            Made::Unsaved(unsaved) => unsaved.save(),
        }
    }
}

impl Unsaved {
    /// Where the outputs would go.
    pub fn targets(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(_, target, _)| target.as_path())
    }

    /// The book.
    pub fn book(&self) -> &Path {
        &self.outcome.book
    }

    /// Every file the book read, every link followed.
    pub fn inputs(&self) -> impl Iterator<Item = &Path> {
        self.hashed.iter().map(|i| i.real.as_path())
    }

    /// Whether saving would replace a file that this book's last build did not write: it may be
    /// a file another book of the catalogue is made from (`-o` that book's folder), so the
    /// catalogue saves such a book only once it knows every book's inputs.
    pub fn replaces_unknown(&self) -> bool {
        let written = stamp::written(&self.out_dir, &self.key);
        self.targets().any(|t| {
            std::fs::symlink_metadata(t).is_ok()
                && !written
                    .iter()
                    .any(|o| o.path == t && std::fs::read(t).is_ok_and(|b| stamp::sha256_hex(&b) == o.sha256))
        })
    }

    /// Gives the book up unsaved, with the error that stopped it.
    pub fn refuse(self, message: String, hint: &str) -> Outcome {
        let mut outcome = self.outcome;
        let mut diags = Diagnostics::new();
        diags.error(Some(Location::file(&outcome.book)), message).help(hint);
        outcome.diagnostics.extend(diags.into_vec());
        outcome.total = self.made_in;
        outcome
    }

    /// Saves the outputs atomically and the stamp beside them.
    pub fn save(self) -> Outcome {
        let Unsaved { mut outcome, files, out_dir, key, hashed, made_in } = self;
        let out = &mut outcome;
        let t = Instant::now();
        let mut diags = Diagnostics::new();
        // Every file is staged before any is put in place, and a folder in the way of one stops
        // them all: a book's outputs are replaced together or not at all.
        let mut staged = Vec::new();
        let mut problem = files
            .iter()
            .find(|(_, target, _)| target.is_dir())
            .map(|(_, target, _)| format!("cannot write {}: a folder is in the way", target.display()));
        for (_, target, bytes) in &files {
            if problem.is_some() {
                break;
            }
            match crate::output::stage(target, bytes) {
                Ok(file) => staged.push(file),
                Err(e) => problem = Some(e),
            }
        }
        if let Some(e) = problem {
            staged.into_iter().for_each(crate::output::Staged::discard);
            diags.error(Some(Location::file(&out.book)), e).help("check that the output folder is writable");
        } else {
            match crate::output::commit_all(staged) {
                Ok(()) => {
                    for (format, target, bytes) in files {
                        let sha256 = stamp::sha256_hex(&bytes);
                        out.outputs.push(Output { format, path: target, bytes: bytes.len() as u64, sha256 });
                    }
                }
                Err(e) => {
                    diags
                        .error(Some(Location::file(&out.book)), e)
                        .help("check that the output folder is writable");
                }
            }
        }
        out.stages.push((Stage::Save, t.elapsed()));
        out.diagnostics.extend(diags.into_vec());
        out.total = made_in + t.elapsed();
        if out.diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return outcome;
        }
        out.status = Status::Built;
        let record = Stamp {
            title: out.title.clone().unwrap_or_default(),
            pages: out.pages,
            words: out.words,
            inputs: hashed,
            outputs: out.outputs.clone(),
            warnings: out.diagnostics.iter().filter(|d| d.severity == Severity::Warning).cloned().collect(),
        };
        // A stamp that cannot be saved only costs a rebuild next time.
        let _ = stamp::save(&out_dir, &key, &record);
        outcome.total = made_in + t.elapsed();
        outcome
    }
}

/// Words of running text, as a word processor counts them.
fn words(book: &Book) -> usize {
    book.sections()
        .flat_map(|s| s.blocks.iter())
        .map(|b| crate::layout::plain(b).split_whitespace().count())
        .sum()
}
