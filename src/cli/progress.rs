//! Progress while books build: a bar on a terminal, one plain line per book in CI logs.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use folio::catalogue::Event;
use folio::diag::display_path;
use folio::pipeline::{Outcome, Status};

use super::{MessageFormat, report, summary};

/// Shows a catalogue build as it goes.
pub struct Progress {
    bar: Option<ProgressBar>,
    format: MessageFormat,
    running: Vec<String>,
}

impl Progress {
    /// A bar when stderr is a terminal and there is more than one book; plain lines otherwise.
    pub fn new(books: usize, format: MessageFormat) -> Progress {
        let bar =
            (format == MessageFormat::Human && books > 1 && std::io::stderr().is_terminal()).then(|| {
                let bar = ProgressBar::new(books as u64);
                let style =
                    ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {elapsed} {wide_msg}")
                        .map(|s| s.progress_chars("=> "))
                        .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                bar
            });
        Progress { bar, format, running: Vec::new() }
    }

    /// Handles one event of the build.
    pub fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Started(book) => {
                self.running.push(name(book));
                self.show_running();
            }
            Event::Finished(o) => {
                let n = name(&o.book);
                // A book can be reported twice: failed after all, when a rival for its files
                // turned up later. It counts once.
                let first_report = match self.running.iter().position(|r| *r == n) {
                    Some(i) => {
                        self.running.remove(i);
                        true
                    }
                    None => false,
                };
                match &self.bar {
                    Some(bar) => {
                        bar.suspend(|| print_finished(o, self.format));
                        if first_report {
                            bar.inc(1);
                        }
                    }
                    None => print_finished(o, self.format),
                }
                self.show_running();
            }
        }
    }

    /// Clears the bar before the summary.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }

    fn show_running(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message(self.running.join(", "));
        }
    }
}

/// A finished book: its diagnostics, its line on stderr, and its outputs' paths on stdout for
/// scripts (none for a failed book: what it wrote before is not its output this run).
fn print_finished(o: &Outcome, format: MessageFormat) {
    report(&o.diagnostics, format, &o.book);
    errln!("{}", summary::line(o));
    if o.status == Status::Failed {
        return;
    }
    for f in &o.outputs {
        match format {
            MessageFormat::Human | MessageFormat::Github => outln!("{}", display_path(&f.path).display()),
            // Kept outputs are named apart, so a tool can tell what changed.
            MessageFormat::Json => {
                let key = if o.status == Status::UpToDate { "up_to_date" } else { "written" };
                outln!(
                    "{}",
                    serde_json::json!({ key: f.path.display().to_string(), "book": o.book.display().to_string() })
                );
            }
        }
    }
}

fn name(book: &Path) -> String {
    display_path(book).display().to_string()
}
