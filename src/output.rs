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
    sweep(dir, &name);
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

/// A staged or kept file this old was left by a build that was stopped: staging and committing
/// take moments, not minutes.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes what a build stopped while saving (killed, or its machine lost power) left beside
/// the target `name` in `dir`: its staged file (`.name.PID.tmp`) and an earlier file kept
/// during the commit (`.name.PID.old`; the target itself is in place either way). A file of a
/// build still running is left alone: its process is alive, or the file is young.
fn sweep(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp").or_else(|| rest.strip_suffix(".old")))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let old = || {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER))
        };
        if pid != std::process::id() && (!alive(pid) || old()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process is running, where the system says so without a system call; elsewhere
/// every process counts as alive and only age tells a leftover.
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new(&format!("/proc/{pid}")).exists() } else { true }
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

/// An earlier file at a staged file's target, kept until the book's files are all in.
enum Kept {
    /// There was none.
    Absent,
    /// Kept under this name (a hard link, or a copy where links are not to be had).
    At(PathBuf),
    /// There was one, but it could not be kept: it is never removed.
    Unkept,
}

/// Keeps the file at `s.target`, if any, beside it.
fn keep(s: &Staged) -> Kept {
    match std::fs::symlink_metadata(&s.target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Kept::Absent,
        Err(_) => Kept::Unkept,
        Ok(meta) => {
            let old = s.tmp.with_extension("old");
            let _ = std::fs::remove_file(&old);
            // A hard link keeps the earlier file without its name ever being empty; a copy
            // does for a plain file on a file system without links (FAT, some network shares).
            let linked = std::fs::hard_link(&s.target, &old).is_ok();
            if linked || (meta.is_file() && std::fs::copy(&s.target, &old).is_ok()) {
                Kept::At(old)
            } else {
                let _ = std::fs::remove_file(&old);
                Kept::Unkept
            }
        }
    }
}

/// Puts staged files in place together: should one fail to go in, those already in place are
/// put back as they were (each earlier file is kept under a second name until all are in), so
/// a book's EPUB and PDF never come from two different builds.
pub fn commit_all(staged: Vec<Staged>) -> Result<(), String> {
    let kept: Vec<Kept> = staged.iter().map(keep).collect();
    let mut done: Vec<(PathBuf, Kept)> = Vec::new();
    let mut failure = None;
    for (file, kept) in staged.into_iter().zip(kept) {
        if failure.is_some() {
            file.discard();
            forget(kept);
            continue;
        }
        let target = file.target.clone();
        match file.commit() {
            Ok(()) => done.push((target, kept)),
            Err(e) => {
                forget(kept);
                failure = Some(e);
            }
        }
    }
    for (target, kept) in done {
        match (&failure, kept) {
            (None, kept) => forget(kept),
            (Some(_), Kept::At(old)) => {
                let _ = std::fs::rename(old, &target);
            }
            // There was no earlier file: there is none again.
            (Some(_), Kept::Absent) => {
                let _ = std::fs::remove_file(&target);
            }
            // An earlier file that could not be kept cannot come back; the new one stays.
            (Some(_), Kept::Unkept) => {}
        }
    }
    failure.map_or(Ok(()), Err)
}

/// Removes a kept earlier file that is no longer needed.
fn forget(kept: Kept) {
    if let Kept::At(old) = kept {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_go_in_puts_back_the_ones_before_it() {
        let tmp = tempfile::tempdir().unwrap();
        let (epub, pdf, new) =
            (tmp.path().join("b.epub"), tmp.path().join("b.pdf"), tmp.path().join("n.pdf"));
        std::fs::write(&epub, b"old epub").unwrap();
        let staged = vec![
            stage(&epub, b"new epub").unwrap(),
            stage(&new, b"new").unwrap(),
            stage(&pdf, b"x").unwrap(),
        ];
        // Something takes the PDF's place after the files were staged.
        std::fs::create_dir(&pdf).unwrap();
        std::fs::write(pdf.join("in the way"), b"").unwrap();
        assert!(commit_all(staged).is_err());
        assert_eq!(std::fs::read(&epub).unwrap(), b"old epub", "the EPUB is put back");
        assert!(!new.exists(), "a file that was not there before is not there after");
        let mut left: Vec<_> =
            std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        assert_eq!(left, ["b.epub", "b.pdf"], "no staged or kept file is left behind");
    }

    #[test]
    fn an_earlier_file_that_cannot_be_kept_is_never_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let (epub, pdf) = (tmp.path().join("b.epub"), tmp.path().join("b.pdf"));
        std::fs::write(&epub, b"old epub").unwrap();
        let staged = vec![stage(&epub, b"new epub").unwrap(), stage(&pdf, b"x").unwrap()];
        // The name the earlier EPUB would be kept under is taken by a folder: no link, no copy.
        let kept_as = staged[0].tmp.with_extension("old");
        std::fs::create_dir(&kept_as).unwrap();
        std::fs::write(kept_as.join("busy"), b"").unwrap();
        std::fs::create_dir(&pdf).unwrap();
        std::fs::write(pdf.join("in the way"), b"").unwrap();
        assert!(commit_all(staged).is_err());
        assert_eq!(std::fs::read(&epub).unwrap(), b"new epub", "the EPUB stays, new, rather than going");
    }

    #[test]
    #[cfg(unix)]
    fn what_a_stopped_build_left_is_swept_and_a_running_builds_files_are_not() {
        let tmp = tempfile::tempdir().unwrap();
        let epub = tmp.path().join("b.epub");
        // Above any Linux pid_max: no such process can be running.
        let gone = [".b.epub.999999999.tmp", ".b.epub.999999999.old"];
        // The test's parent is running: on Linux its file is a live build's, and young anywhere.
        let running = format!(".b.epub.{}.tmp", std::os::unix::process::parent_id());
        let others = [".b.pdf.999999999.tmp", ".b.epub.notes", "b.epub.999999999.tmp"];
        for f in gone.iter().chain(others.iter()).chain([&running.as_str()]) {
            std::fs::write(tmp.path().join(f), b"x").unwrap();
        }
        write_atomic(&epub, b"new").unwrap();
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want: Vec<String> =
            others.iter().map(|s| s.to_string()).chain([running, "b.epub".into()]).collect();
        if !cfg!(target_os = "linux") {
            // Elsewhere a young leftover stays until it is old.
            want.extend(gone.iter().map(|s| s.to_string()));
        }
        want.sort();
        assert_eq!(left, want);
    }

    #[test]
    fn files_that_all_go_in_replace_the_earlier_ones_and_leave_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let (epub, pdf) = (tmp.path().join("b.epub"), tmp.path().join("b.pdf"));
        std::fs::write(&epub, b"old epub").unwrap();
        commit_all(vec![stage(&epub, b"new epub").unwrap(), stage(&pdf, b"new pdf").unwrap()]).unwrap();
        assert_eq!(std::fs::read(&epub).unwrap(), b"new epub");
        assert_eq!(std::fs::read(&pdf).unwrap(), b"new pdf");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
    }
}
