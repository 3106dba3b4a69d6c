//! The `folio` binary's side of things: how progress, diagnostics and summaries are printed.
//! The library never prints; everything a user reads is decided here.

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
}

/// Prints diagnostics: human ones on stderr, JSON ones on stdout for tools to read.
pub fn report(diagnostics: &[Diagnostic], format: MessageFormat) {
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
