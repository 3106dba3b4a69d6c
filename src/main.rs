//! The `folio` command: parses arguments, runs the library, prints what happened.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use folio::diag::{Diagnostic, display_path};
use folio::manuscript::LoadOptions;
use folio::pipeline::{self, Format};

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
    #[command(
        after_help = "Examples:\n  folio build                      # the book in ./manuscript into ./out\n  folio build novel.md -o dist     # a single Markdown file\n  folio build books/* --epub       # several books"
    )]
    Build {
        /// Book folders (with book.toml) or Markdown files.
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
    },
    /// Report every problem in books without writing anything.
    #[command(after_help = "Examples:\n  folio check\n  folio check novel.md --message-format json")]
    Check {
        /// Book folders (with book.toml) or Markdown files.
        #[arg(default_value = "manuscript")]
        books: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Create a new book folder that builds.
    #[command(after_help = "Example:\n  folio init my-novel && folio build my-novel")]
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum MessageFormat {
    /// `file:line:col: error: message`, with hints.
    Human,
    /// One JSON object per line.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Hostile manuscripts nest deeply; a large stack keeps every recursive stage safe.
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || run(cli));
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!(
                "error: folio stopped unexpectedly; please report this with the manuscript that caused it"
            );
            ExitCode::from(1)
        }
    }
}

fn load_options() -> LoadOptions {
    LoadOptions {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()),
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build { books, out, epub, pdf, message_format } => {
            let formats: Vec<Format> = match (epub, pdf) {
                (true, false) => vec![Format::Epub],
                (false, true) => vec![Format::Pdf],
                _ => vec![Format::Epub, Format::Pdf],
            };
            let options = load_options();
            let mut failed = false;
            for book in &books {
                let outcome = pipeline::build(book, &out, &formats, &options);
                report(&outcome.diagnostics, message_format);
                failed |= outcome.failed();
                for path in &outcome.written {
                    match message_format {
                        MessageFormat::Human => println!("{}", display_path(path).display()),
                        MessageFormat::Json => {
                            println!("{}", serde_json::json!({"written": path.display().to_string()}))
                        }
                    }
                }
            }
            if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Command::Check { books, message_format } => {
            let options = load_options();
            let mut failed = false;
            for book in &books {
                let (_, diags) = pipeline::check(book, &options);
                failed |= diags.has_errors();
                report(diags.items(), message_format);
            }
            if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Command::Init { dir } => match folio::init::init(&dir) {
            Ok(written) => {
                for p in written {
                    println!("{}", p.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn report(diagnostics: &[Diagnostic], format: MessageFormat) {
    for d in diagnostics {
        match format {
            MessageFormat::Human => {
                let mut d = d.clone();
                if let Some(loc) = &mut d.location {
                    loc.path = display_path(&loc.path);
                }
                eprintln!("{d}");
            }
            MessageFormat::Json => println!("{}", d.to_json()),
        }
    }
}
