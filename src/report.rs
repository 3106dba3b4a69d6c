//! `--report FILE.json`: what a catalogue build did, per book, for CI dashboards and scripts.
//! The field names are stable and documented in the README; new fields may be added, none renamed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::diag::Severity;
use crate::output::{resolved, same_file};
use crate::pipeline::{Format, Outcome, Status};

/// The report's format version, bumped only if a field changes meaning.
pub const REPORT_VERSION: u32 = 1;

/// Why the report may not go to `path`, known before any book is built: a folder, the stamps'
/// folder (`OUT/.folio`), a file any book of the catalogue writes (its EPUB or PDF, though it
/// fails this run and keeps its earlier one), or a book's manuscript file or `book.toml`.
pub fn refused(path: &Path, books: &[PathBuf], out_dir: &Path) -> Option<String> {
    let named = path.display();
    if path.is_dir() {
        return Some(format!(
            "--report {named} is a folder: name a file, such as {}",
            path.join("report.json").display()
        ));
    }
    let stamps = out_dir.join(".folio");
    // Before the first build the folder is not there to resolve: then as written.
    let inside = match (resolved(path), resolved(&stamps)) {
        (Some(real), Some(stamps)) => real.starts_with(stamps),
        _ => absolute(path).starts_with(absolute(&stamps)),
    };
    if inside {
        return Some(format!(
            "--report {named} is in {}, where folio keeps its stamps: name a file outside it",
            stamps.display()
        ));
    }
    for book in books {
        let own = [book.to_path_buf(), book.join("book.toml")];
        let made = crate::manuscript::slug(book)
            .into_iter()
            .flat_map(|slug| [Format::Epub, Format::Pdf].map(|f| crate::pipeline::target(out_dir, &slug, f)));
        if let Some(file) = own.iter().cloned().chain(made).find(|f| same_file(path, f)) {
            let what = if own.contains(&file) {
                format!("a file {} is made from", book.display())
            } else {
                format!("an output of {}", book.display())
            };
            return Some(format!("--report {named} is {}, {what}: name another file", file.display()));
        }
    }
    None
}

/// A path made absolute as written, links and `..` left as they are.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The whole report as JSON.
pub fn report(outcomes: &[Outcome], wall: Duration) -> Value {
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    json!({
        "report_version": REPORT_VERSION,
        "folio_version": env!("CARGO_PKG_VERSION"),
        "summary": {
            "books": outcomes.len(),
            "built": count(Status::Built),
            "up_to_date": count(Status::UpToDate),
            "failed": count(Status::Failed),
            "seconds": seconds(wall),
        },
        "books": outcomes.iter().map(book).collect::<Vec<_>>(),
    })
}

fn book(o: &Outcome) -> Value {
    let diags = |severity: Severity| {
        o.diagnostics.iter().filter(|d| d.severity == severity).map(|d| d.to_json()).collect::<Vec<_>>()
    };
    let mut stages = serde_json::Map::new();
    for (stage, d) in &o.stages {
        stages.insert(stage.name().to_string(), json!(seconds(*d)));
    }
    stages.insert("total".into(), json!(seconds(o.total)));
    json!({
        "book": o.book.display().to_string(),
        "status": status(o.status),
        "title": o.title,
        "pages": o.pages,
        "words": o.words,
        "inputs": o.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "outputs": o.outputs.iter().map(|f| json!({
            "format": f.format.extension(),
            "path": f.path.display().to_string(),
            "bytes": f.bytes,
            "sha256": f.sha256,
        })).collect::<Vec<_>>(),
        "warnings": diags(Severity::Warning),
        "errors": diags(Severity::Error),
        "seconds": Value::Object(stages),
    })
}

/// A status as the report and the summary table spell it.
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Built => "built",
        Status::UpToDate => "up-to-date",
        Status::Failed => "failed",
    }
}

/// Seconds to the millisecond, so reports of the same build differ only where times do.
fn seconds(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}
