//! One book from manuscript to files: read, check, write each format, save atomically.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::manuscript::{self, LoadOptions};
use crate::model::Book;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// What happened to one book.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written.
    pub written: Vec<PathBuf>,
}

impl Outcome {
    /// Whether the book failed.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error)
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

/// Builds a book into `out_dir`. Nothing is written unless every format was produced.
pub fn build(path: &Path, out_dir: &Path, formats: &[Format], options: &LoadOptions) -> Outcome {
    let (book, mut diags) = check(path, options);
    let Some(book) = book else {
        return Outcome { diagnostics: diags.into_vec(), written: Vec::new() };
    };
    // The two writers share nothing but the model: run them side by side.
    let results: Vec<(Format, Result<Vec<u8>, String>, Diagnostics)> = std::thread::scope(|scope| {
        let handles: Vec<_> = formats
            .iter()
            .map(|&format| {
                let book = &book;
                scope.spawn(move || {
                    let mut local = Diagnostics::new();
                    let bytes = match format {
                        Format::Epub => crate::epub::write(book),
                        Format::Pdf => print(book, &mut local),
                    };
                    (format, bytes, local)
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(formats)
            .map(|(h, &f)| {
                h.join().unwrap_or_else(|_| {
                    (f, Err("the writer stopped unexpectedly".into()), Diagnostics::new())
                })
            })
            .collect()
    });
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (format, bytes, local) in results {
        for d in local.into_vec() {
            diags.add(d);
        }
        let target = out_dir.join(format!("{}.{}", book.metadata.slug, format.extension()));
        match bytes {
            Ok(b) => outputs.push((target, b)),
            Err(e) => {
                diags.error(Some(Location::file(path)), e);
            }
        }
    }
    let mut written = Vec::new();
    if !diags.has_errors() {
        for (target, bytes) in outputs {
            match crate::output::write_atomic(&target, &bytes) {
                Ok(()) => written.push(target),
                Err(e) => {
                    diags.error(None, e).help("check that the output folder is writable");
                }
            }
        }
    }
    Outcome { diagnostics: diags.into_vec(), written }
}

/// Lays out and writes the print edition; overfull lines become warnings.
fn print(book: &Book, diags: &mut Diagnostics) -> Result<Vec<u8>, String> {
    let mut ts = crate::typeset::Typesetter::new()?;
    let lang = book.metadata.lang.as_str();
    for (name, tex) in &book.metadata.typography.hyphenation {
        if tex.contains("\\patterns{") {
            ts.hyphenator.add_patterns(lang, tex, 2, 2).map_err(|e| format!("{name}: {e}"))?;
        } else {
            let words = tex.split('{').nth(1).unwrap_or("").split('}').next().unwrap_or("");
            ts.hyphenator.add_exceptions(lang, words);
        }
    }
    if !book.metadata.typography.hyphenation_exceptions.is_empty() {
        ts.hyphenator.add_exceptions(lang, &book.metadata.typography.hyphenation_exceptions.join(" "));
    }
    let doc = crate::layout::layout(book, &mut ts)?;
    for span in &doc.overfull {
        let loc = book.source_path(*span).map(|p| Location::at(p, span.line, span.column));
        diags
            .warning(loc, "a line of this paragraph is wider than the measure")
            .help("a long unbreakable word or URL: add a soft hyphen (U+00AD) or rephrase");
    }
    for warning in &doc.preflight {
        diags.warning(None, warning.clone());
    }
    crate::pdf::write(&doc, book, &ts.fonts)
}
