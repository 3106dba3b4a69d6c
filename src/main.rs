//! The `folio` command: parses arguments, runs the library, prints what happened.

#[macro_use]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use cli::{MessageFormat, progress::Progress, report, summary};
use folio::catalogue::{self, Shard};
use folio::manuscript::LoadOptions;
use folio::pipeline::{self, BuildOptions, Format};

/// Turns a Markdown manuscript into an EPUB 3 and a print-ready PDF.
#[derive(Parser)]
#[command(name = "folio", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build books into EPUB and print PDF.
    #[command(after_help = "Examples:
  folio build                          # the book in ./manuscript into ./out
  folio build novel.md -o dist         # a single Markdown file
  folio build books/* -o dist -j 4     # a catalogue, four books at a time
  folio build books/* --shard 2/4      # the second quarter of a catalogue (a CI matrix runner)
  folio build books/* --report build.json --force
  folio build books/* --deny-warnings  # CI: a warning fails its book
  folio build books/* --message-format github   # annotations on the pull request")]
    Build {
        #[command(flatten)]
        target: Target,
        /// Books built at once (default: the number of cores).
        #[arg(short, long, value_parser = jobs)]
        jobs: Option<usize>,
        /// Rebuild books even when nothing they depend on has changed.
        #[arg(long)]
        force: bool,
        /// Write a JSON report of every book (outputs, hashes, pages, diagnostics, timings).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Build only share K of N of the books (1 ≤ K ≤ N), for a CI matrix of N runners.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Fail a book that has warnings, as if they were errors, and write nothing for it.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build, then rebuild whenever a book's files change (Ctrl-C stops).
    #[command(after_help = "Example:\n  folio watch my-novel -o out")]
    Watch {
        #[command(flatten)]
        target: Target,
    },
    /// Report every problem in books without writing anything.
    #[command(after_help = "Examples:\n  folio check\n  folio check novel.md --message-format json")]
    Check {
        /// Book folders (with book.toml, or one Markdown file) or Markdown files.
        #[arg(default_value = "manuscript")]
        books: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// Exit 1 when a book has warnings, not only errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Create a new book folder that builds.
    #[command(after_help = "Example:\n  folio init my-novel && folio build my-novel")]
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// What to build and where.
#[derive(Args)]
struct Target {
    /// Book folders (with book.toml, or one Markdown file) or Markdown files.
    #[arg(default_value = "manuscript")]
    books: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    out: PathBuf,
    /// Write the EPUB.
    #[arg(long)]
    epub: bool,
    /// Write the print PDF.
    #[arg(long)]
    pdf: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

impl Target {
    fn options(&self, force: bool, deny_warnings: bool) -> BuildOptions {
        let formats = match (self.epub, self.pdf) {
            (true, false) => vec![Format::Epub],
            (false, true) => vec![Format::Pdf],
            _ => vec![Format::Epub, Format::Pdf],
        };
        BuildOptions { formats, load: load_options(), force, deny_warnings, one_core_per_book: false }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Hostile manuscripts nest deeply; a large stack keeps every recursive stage safe.
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || run(cli));
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            errln!(
                "error: folio stopped unexpectedly; please report this with the manuscript that caused it"
            );
            ExitCode::from(1)
        }
    }
}

fn load_options() -> LoadOptions {
    LoadOptions {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()),
        no_generated_cover: false,
    }
}

/// 9999-12-31T23:59:59Z, the last time both formats' dates can hold.
const LAST_DATE: i64 = 253_402_300_799;

fn run(cli: Cli) -> ExitCode {
    // The reproducible-builds convention: a malformed value stops a build rather than being
    // quietly replaced by another date (commands that write no book do not care). Years past
    // 9999 have no date in an EPUB's or a PDF's metadata, nor times before 1970 in every reader.
    if matches!(cli.command, Command::Build { .. } | Command::Watch { .. })
        && let Ok(v) = std::env::var("SOURCE_DATE_EPOCH")
        && !v.trim().is_empty()
        && !v.trim().parse::<i64>().is_ok_and(|t| (0..=LAST_DATE).contains(&t))
    {
        errln!(
            "error: SOURCE_DATE_EPOCH=`{v}` is not a whole number of seconds since 1970 up to the end of 9999"
        );
        errln!("  hint: set it to a Unix time such as `git log -1 --format=%ct`, or unset it");
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Build { target, jobs, force, report, shard, deny_warnings } => {
            build(&target, jobs, report, shard, target.options(force, deny_warnings))
        }
        Command::Watch { target } => watch(&target),
        Command::Check { books, message_format, deny_warnings } => {
            let options = load_options();
            let mut failed = false;
            for book in &books {
                let (_, diags) = pipeline::check(book, &options);
                let mut items = diags.into_vec();
                if deny_warnings {
                    folio::diag::deny_warnings(&mut items);
                }
                failed |= items.iter().any(|d| d.severity == folio::diag::Severity::Error);
                report(&items, message_format, book);
            }
            if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Command::Init { dir } => match folio::init::init(&dir) {
            Ok(written) => {
                for p in written {
                    outln!("{}", p.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                errln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

/// `-j`: a count of at least one. Zero is refused rather than read as one or as "unlimited",
/// since tools disagree on what it means (make, ninja, xargs, cargo).
fn jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err(
            "folio needs at least one job; leave -j out to build as many books at once as there are cores"
                .into(),
        ),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a number of jobs: give a whole number such as 2")),
    }
}

fn build(
    target: &Target,
    jobs: Option<usize>,
    json: Option<PathBuf>,
    shard: Option<Shard>,
    options: BuildOptions,
) -> ExitCode {
    let start = Instant::now();
    let all = catalogue::distinct(&target.books);
    let (books, others) = match shard {
        Some(s) => catalogue::shard(&all, s),
        None => (all.clone(), Vec::new()),
    };
    // Refused before any book is built, so a mistyped path costs no build, and checked against
    // every book's files, not only this run's: a failing book keeps its earlier outputs.
    if let Some(why) = json.as_deref().and_then(|path| folio::report::refused(path, &all, &target.out)) {
        errln!("error: {why}");
        return ExitCode::from(2);
    }
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut progress = Progress::new(books.len(), target.message_format);
    let outcomes = catalogue::build(&books, &others, &target.out, &options, jobs, |e| progress.event(e));
    progress.finish();
    let wall = start.elapsed();
    // On stderr in every format: stdout is for scripts and tools.
    if books.len() > 1 {
        errln!("\n{}", summary::table(&outcomes, wall));
    }
    if let Some(path) = json {
        // The report goes beside the books, never over one of their files.
        let theirs = outcomes.iter().flat_map(|o| o.inputs.iter().chain(o.outputs.iter().map(|f| &f.path)));
        if let Some(file) = theirs.into_iter().find(|f| folio::output::same_file(&path, f)) {
            errln!(
                "error: --report {} is {}, a book's own input or output: the report was not written; name another file",
                path.display(),
                file.display()
            );
            return ExitCode::from(2);
        }
        let text = serde_json::to_string_pretty(&folio::report::report(&outcomes, wall)).unwrap_or_default();
        if let Err(e) = folio::output::write_named(&path, text.as_bytes()) {
            errln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    if catalogue::succeeded(&outcomes) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn watch(target: &Target) -> ExitCode {
    let mut progress = Progress::new(0, target.message_format);
    let result = folio::watch::watch(
        &catalogue::distinct(&target.books),
        &target.out,
        &target.options(false, false),
        |event| {
            match event {
                Some(e) => progress.event(e),
                None => errln!("watching {} for changes (Ctrl-C stops)", names(&target.books)),
            }
            true
        },
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn names(books: &[PathBuf]) -> String {
    books.iter().map(|b| folio::diag::display_path(b).display().to_string()).collect::<Vec<_>>().join(", ")
}
