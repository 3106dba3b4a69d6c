//! The line printed as each book finishes, and the table printed when a catalogue is done.

use std::time::Duration;

use folio::diag::{Severity, display_path};
use folio::pipeline::{Outcome, Status};
use folio::report::status;

/// One line for a finished book, for logs: status, book, pages, outputs, warnings, time.
pub fn line(o: &Outcome) -> String {
    let mut parts = Vec::new();
    if let Some(p) = o.pages {
        parts.push(format!("{p} pages"));
    }
    for f in &o.outputs {
        parts.push(format!("{} {}", f.format.extension(), size(f.bytes)));
    }
    let (w, e) = (o.count(Severity::Warning), o.count(Severity::Error));
    if e > 0 {
        parts.push(format!("{e} error{}", plural(e)));
    }
    parts.push(format!("{w} warning{}", plural(w)));
    parts.push(format!("{:.2} s", o.total.as_secs_f64()));
    format!("{:>10} {}: {}", status(o.status), display_path(&o.book).display(), parts.join(", "))
}

/// The table of every book: book, status, outputs, pages, size, warnings, time.
pub fn table(outcomes: &[Outcome], wall: Duration) -> String {
    let mut rows = vec![[
        "book".to_string(),
        "status".into(),
        "outputs".into(),
        "pages".into(),
        "size".into(),
        "warnings".into(),
        "time".into(),
    ]];
    for o in outcomes {
        let formats: Vec<&str> = o.outputs.iter().map(|f| f.format.extension()).collect();
        let bytes: u64 = o.outputs.iter().map(|f| f.bytes).sum();
        rows.push([
            display_path(&o.book).display().to_string(),
            status(o.status).to_string(),
            if formats.is_empty() { "-".into() } else { formats.join("+") },
            o.pages.map_or("-".into(), |p| p.to_string()),
            if bytes == 0 { "-".into() } else { size(bytes) },
            o.count(Severity::Warning).to_string(),
            format!("{:.2} s", o.total.as_secs_f64()),
        ]);
    }
    let widths: Vec<usize> =
        (0..7).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                // Numbers line up on the right, words on the left.
                if c >= 3 {
                    format!("{cell:>w$}", w = widths[c])
                } else {
                    format!("{cell:<w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
            out.push('\n');
        }
    }
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    out.push_str(&format!(
        "{} book{}: {} built, {} up to date, {} failed in {:.2} s",
        outcomes.len(),
        plural(outcomes.len()),
        count(Status::Built),
        count(Status::UpToDate),
        count(Status::Failed),
        wall.as_secs_f64()
    ));
    out
}

/// A size as people read it.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.0} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
