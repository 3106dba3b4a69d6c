//! Incremental builds: a stamp kept beside a book's outputs (in `OUT/.folio/`) records what the
//! build read and wrote, with SHA-256 hashes. A later build whose inputs, settings and folio are
//! the same, and whose outputs are still there unchanged, has nothing to do.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::manuscript::LoadOptions;
use crate::model::Input;
use crate::pipeline::{Format, Output};

/// Bumped when the stamp's layout changes, so old stamps are ignored rather than misread.
const STAMP_VERSION: u32 = 2;

/// What decides a book's outputs besides its files: the book, the formats, the time stamped into
/// outputs and the folio binary itself (its version, and its size and date, so a rebuilt folio
/// rebuilds books).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    book: PathBuf,
    settings: String,
}

impl Key {
    /// The key for building `book` with these settings.
    pub fn new(book: &Path, formats: &[Format], load: &LoadOptions) -> Key {
        let book = book.canonicalize().unwrap_or_else(|_| book.to_path_buf());
        let mut formats: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
        formats.sort_unstable();
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_default();
        // A folder without book.toml is the book of its one Markdown file. A book.toml or a
        // second file added later makes it another book, or none, though no file it read changed.
        let lone = crate::manuscript::lone_markdown(&book);
        let settings = format!(
            "folio {} ({exe}); formats {}; source-date-epoch {:?}; lone markdown {lone:?}",
            env!("CARGO_PKG_VERSION"),
            formats.join(","),
            load.source_date_epoch
        );
        Key { book, settings }
    }

    /// Where this book's stamp lives in an output folder: named by a hash of the book's path, so
    /// two books with the same title in one catalogue keep separate stamps.
    fn path(&self, out_dir: &Path) -> PathBuf {
        let digest = Sha256::digest(self.book.as_os_str().as_encoded_bytes());
        out_dir.join(".folio").join(format!("{}.json", &hex(&digest)[..16]))
    }
}

/// What a build left: enough to report on the book again without rebuilding it.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// The book's title.
    pub title: String,
    /// Pages of the print edition.
    pub pages: Option<usize>,
    /// Words of running text.
    pub words: usize,
    /// Every file the build read, where its name led and the SHA-256 of what was read.
    pub inputs: Vec<Input>,
    /// The files it wrote.
    pub outputs: Vec<Output>,
    /// Its warnings, shown again when the book is not rebuilt.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    version: u32,
    #[serde(with = "crate::path_json")]
    book: PathBuf,
    settings: String,
    title: String,
    pages: Option<usize>,
    words: usize,
    inputs: Vec<Hashed>,
    outputs: Vec<SavedOutput>,
    warnings: Vec<Diagnostic>,
}

#[derive(Serialize, Deserialize)]
struct Hashed {
    #[serde(with = "crate::path_json")]
    path: PathBuf,
    /// Where `path` led, when that was elsewhere (through a link).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::path_json::option")]
    real: Option<PathBuf>,
    sha256: String,
}

#[derive(Serialize, Deserialize)]
struct SavedOutput {
    format: String,
    #[serde(with = "crate::path_json")]
    path: PathBuf,
    bytes: u64,
    sha256: String,
}

/// The stamp of a book whose inputs, settings and outputs are all as its last build left them.
pub fn fresh(out_dir: &Path, key: &Key) -> Option<Stamp> {
    let text = std::fs::read_to_string(key.path(out_dir)).ok()?;
    let disk = load(&text)?;
    if disk.book != key.book || disk.settings != key.settings {
        return None;
    }
    let unchanged = |path: &Path, sha: &str| std::fs::read(path).is_ok_and(|b| sha256_hex(&b) == sha);
    // A name that leads elsewhere now (a link pointed at another file) is a change, even to a
    // file with the same bytes: what that file refers to may differ.
    let same_place =
        |i: &Hashed| i.real.as_ref().is_none_or(|r| i.path.canonicalize().is_ok_and(|now| now == *r));
    if disk.inputs.is_empty() || !disk.inputs.iter().all(|i| same_place(i) && unchanged(&i.path, &i.sha256)) {
        return None;
    }
    let mut outputs = Vec::new();
    for o in disk.outputs {
        let format = format(&o.format)?;
        // Outputs are named within the output folder, so a run from another folder, or with
        // another spelling of it, finds them.
        let path = out_dir.join(&o.path);
        let same_size = std::fs::metadata(&path).is_ok_and(|m| m.len() == o.bytes);
        if !same_size || !unchanged(&path, &o.sha256) {
            return None;
        }
        outputs.push(Output { format, path, bytes: o.bytes, sha256: o.sha256 });
    }
    Some(Stamp {
        title: disk.title,
        pages: disk.pages,
        words: disk.words,
        inputs: disk
            .inputs
            .into_iter()
            .map(|i| Input { real: i.real.unwrap_or_else(|| i.path.clone()), path: i.path, sha256: i.sha256 })
            .collect(),
        outputs,
        warnings: disk.warnings,
    })
}

/// The files a book's last build wrote, as its stamp records them, whether or not anything has
/// changed since; none without a stamp.
pub fn written(out_dir: &Path, key: &Key) -> Vec<Output> {
    let Some(disk) = std::fs::read_to_string(key.path(out_dir)).ok().and_then(|t| load(&t)) else {
        return Vec::new();
    };
    if disk.book != key.book {
        return Vec::new();
    }
    disk.outputs
        .into_iter()
        .filter_map(|o| {
            let format = format(&o.format)?;
            Some(Output { format, path: out_dir.join(&o.path), bytes: o.bytes, sha256: o.sha256 })
        })
        .collect()
}

/// A stamp as saved, if it is one of this version's.
fn load(text: &str) -> Option<OnDisk> {
    serde_json::from_str::<OnDisk>(text).ok().filter(|d| d.version == STAMP_VERSION)
}

/// A format as a stamp names it.
fn format(name: &str) -> Option<Format> {
    match name {
        "epub" => Some(Format::Epub),
        "pdf" => Some(Format::Pdf),
        _ => None,
    }
}

/// Removes a book's stamp, so that its next build checks it again.
pub fn forget(out_dir: &Path, key: &Key) {
    // No stamp to remove is as good as one removed.
    let _ = std::fs::remove_file(key.path(out_dir));
}

/// Saves a stamp, atomically.
pub fn save(out_dir: &Path, key: &Key, stamp: &Stamp) -> Result<(), String> {
    let disk = OnDisk {
        version: STAMP_VERSION,
        book: key.book.clone(),
        settings: key.settings.clone(),
        title: stamp.title.clone(),
        pages: stamp.pages,
        words: stamp.words,
        inputs: stamp
            .inputs
            .iter()
            .map(|i| Hashed {
                path: i.path.clone(),
                real: (i.real != i.path).then(|| i.real.clone()),
                sha256: i.sha256.clone(),
            })
            .collect(),
        outputs: stamp
            .outputs
            .iter()
            .map(|o| SavedOutput {
                format: o.format.extension().to_string(),
                path: o.path.file_name().map(PathBuf::from).unwrap_or_else(|| o.path.clone()),
                bytes: o.bytes,
                sha256: o.sha256.clone(),
            })
            .collect(),
        warnings: stamp.warnings.clone(),
    };
    let text = serde_json::to_string_pretty(&disk).map_err(|e| e.to_string())?;
    crate::output::write_atomic(&key.path(out_dir), text.as_bytes())
}

/// SHA-256 of bytes, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
