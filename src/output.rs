//! Writing outputs whole or not at all: a temporary file in the same folder, renamed over the
//! target only once complete, so a failed build never leaves a broken or missing earlier file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically; the folder is created if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    stage(path, bytes)?.commit()
}

/// A file written in full beside its target, not yet in its place.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
}

/// Writes `bytes` to a temporary file beside `path` and syncs it; [`Staged::commit`] puts it in
/// place. A book's files are all staged before any is committed, so a full disk or a folder
/// that cannot be written to leaves every earlier output as it was.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the output folder {}: {e}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(Staged { tmp, target: path.to_path_buf() }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(format!("cannot write {}: {e}", path.display()))
        }
    }
}

impl Staged {
    /// Renames the staged file over its target.
    pub fn commit(self) -> Result<(), String> {
        std::fs::rename(&self.tmp, &self.target).map_err(|e| {
            let _ = std::fs::remove_file(&self.tmp);
            format!("cannot write {}: {e}", self.target.display())
        })
    }

    /// Removes the staged file, leaving the target as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}
