//! Diagnostics: problems found in a book, as data, with the place in the manuscript they come from.
//!
//! Stages push into a [`Diagnostics`] sink and go on, so an author sees every problem of a book in
//! one run. Only `main` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The book is built, but something deserves a look.
    Warning,
    /// The book cannot be built.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The file.
    #[serde(with = "crate::path_json")]
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

impl Location {
    /// A whole file.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location { path: path.into(), line: None, column: None }
    }

    /// A line and column in a file.
    pub fn at(path: impl Into<PathBuf>, line: u32, column: u32) -> Location {
        Location { path: path.into(), line: Some(line), column: Some(column) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// Makes every warning an error (`--deny-warnings`), keeping its place and hint, and saying so
/// (the message alone would leave the author looking for what broke); whether any was.
pub fn deny_warnings(items: &mut [Diagnostic]) -> bool {
    let mut any = false;
    for d in items.iter_mut().filter(|d| d.severity == Severity::Warning) {
        d.severity = Severity::Error;
        d.message.push_str(" (a warning, denied by --deny-warnings)");
        any = true;
    }
    any
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, when the input is at fault.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Adds a hint to a diagnostic already recorded.
    pub fn help(&mut self, hint: impl Into<String>) {
        self.hint = Some(hint.into());
    }

    /// The diagnostic as a JSON object for `--message-format json`.
    pub fn to_json(&self) -> serde_json::Value {
        let loc = self.location.as_ref();
        serde_json::json!({
            "severity": self.severity.name(),
            "file": loc.map(|l| l.path.display().to_string()),
            "line": loc.and_then(|l| l.line),
            "column": loc.and_then(|l| l.column),
            "message": self.message,
            "hint": self.hint,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}: {}", self.severity.name(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A sink collecting every problem of a book.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records an error and returns it for adding a hint.
    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, location, message.into())
    }

    /// Records a warning and returns it for adding a hint.
    pub fn warning(&mut self, location: Option<Location>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, location, message.into())
    }

    fn push(&mut self, severity: Severity, location: Option<Location>, message: String) -> &mut Diagnostic {
        self.items.push(Diagnostic { severity, location, message, hint: None });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Adds a finished diagnostic.
    pub fn add(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The problems recorded so far.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Takes the problems out.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Shows a path relative to the working directory when it is below it, as compilers do; the
/// working directory itself (`folio build .`) as `.`, not as nothing.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .map(|p| if p.as_os_str().is_empty() { PathBuf::from(".") } else { p })
        .unwrap_or_else(|| path.to_path_buf())
}
