//! The `folio` binary's side of things: how progress, diagnostics and summaries are printed.
//! The library never prints; everything a user reads is decided here.

/// `println!` that cannot panic: a closed pipe (`folio build … | head -1`) or a full disk behind
/// stdout must not stop a build whose books and report are still to be written, so what cannot
/// be printed is dropped.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that cannot panic, for the same reason as `outln!`.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod progress;
pub mod summary;

use folio::diag::{Diagnostic, display_path};

/// How diagnostics are printed.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum MessageFormat {
    /// `file:line:col: error: message`, with hints.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::message`), shown on the pull
    /// request at the manuscript's line; the rest as `human`.
    Github,
}

/// Prints a book's diagnostics: human ones on stderr, JSON ones on stdout for tools to read,
/// each naming its book (a catalogue's warnings about a whole book have no file of their own)
/// and its file by its absolute path, as GitHub's are: a tool need not know where folio ran.
pub fn report(diagnostics: &[Diagnostic], format: MessageFormat, book: &std::path::Path) {
    for d in diagnostics {
        match format {
            MessageFormat::Human => {
                let mut d = d.clone();
                if let Some(loc) = &mut d.location {
                    loc.path = display_path(&loc.path);
                }
                errln!("{d}");
            }
            MessageFormat::Json => {
                let mut json = d.to_json();
                if let Some(loc) = &d.location {
                    json["file"] = absolute(&loc.path).display().to_string().into();
                }
                json["book"] = book.display().to_string().into();
                outln!("{json}")
            }
            MessageFormat::Github => outln!("{}", annotation(d)),
        }
    }
}

/// A diagnostic as a GitHub Actions workflow command; the hint goes on the message's second line.
fn annotation(d: &Diagnostic) -> String {
    let mut properties = Vec::new();
    if let Some(loc) = &d.location {
        // Absolute: the runner reads a relative path from the repository's root, not from
        // where folio ran (a step's `working-directory`), and makes an absolute one relative.
        properties.push(format!("file={}", property(&absolute(&loc.path).display().to_string())));
        properties.extend(loc.line.map(|l| format!("line={l}")));
        properties.extend(loc.column.map(|c| format!("col={c}")));
    }
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    let properties = if properties.is_empty() { String::new() } else { format!(" {}", properties.join(",")) };
    format!("::{}{properties}::{}", d.severity.name(), data(&message))
}

/// A diagnostic's file as an absolute path, links followed where the file is there to follow
/// them: manuscript files are named so already, a book as it was given.
fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// A workflow command's message, escaped as the runner reads it.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value (`file=`), escaped as the runner reads it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
