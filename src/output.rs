//! Writing outputs whole or not at all: a temporary file in the same folder, renamed over the
//! target only once complete, so a failed build never leaves a broken or missing earlier file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Writes `bytes` to `path` atomically; the folder is created if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    stage(path, bytes)?.commit()
}

/// The file a path names, every link and `..` followed, the last part perhaps not yet written;
/// `None` where its folder does not exist.
pub fn resolved(p: &Path) -> Option<PathBuf> {
    p.canonicalize().ok().or_else(|| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    })
}

/// Whether two paths name one file, the first perhaps not yet written.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (resolved(a), resolved(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Writes a file the user named, as a shell's `>` would, but whole: a link is followed and its
/// target replaced atomically; a pipe or device (`--report /dev/stdout`) is written to, never
/// replaced by a file.
pub fn write_named(path: &Path, bytes: &[u8]) -> Result<(), String> {
    // folio's own output, wherever the shell sent it (`--report /dev/stdout >> build.log`): a
    // log file behind it is appended to, not replaced by the report alone.
    let stream = |names: [&str; 3]| names.iter().any(|n| path == Path::new(n));
    let written = if stream(["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]) {
        Some(std::io::stdout().lock().write_all(bytes).and_then(|()| std::io::stdout().flush()))
    } else if stream(["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"]) {
        Some(std::io::stderr().lock().write_all(bytes))
    } else {
        None
    };
    if let Some(result) = written {
        return result.map_err(|e| format!("cannot write {}: {e}", path.display()));
    }
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        Ok(_) => write_atomic(&std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()), bytes),
        Err(_) => {
            // A link to a file not made yet (`latest.json`) is followed by hand.
            let mut target = path.to_path_buf();
            for _ in 0..40 {
                let Ok(next) = std::fs::read_link(&target) else { break };
                target = target.parent().unwrap_or(Path::new("")).join(next);
            }
            write_atomic(&target, bytes)
        }
    }
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
    std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
        // `create_dir_all` says only "File exists" when a file stands where the folder would.
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => {
            // A link to nothing is neither file nor folder: said as such, with where it points.
            let broken = dir.ancestors().find(|a| a.is_symlink() && !a.exists());
            if let Some(link) = broken {
                let to = std::fs::read_link(link).map(|t| t.display().to_string()).unwrap_or_default();
                format!(
                    "cannot create the output folder {}: {} is a broken symbolic link (to {to}), pointing at nothing",
                    dir.display(),
                    link.display()
                )
            } else {
                let file = dir.ancestors().find(|a| a.is_file()).unwrap_or(dir);
                format!(
                    "cannot create the output folder {}: the file {} is in the way",
                    dir.display(),
                    file.display()
                )
            }
        }
        _ => format!("cannot create the output folder {}: {e}", dir.display()),
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    sweep(dir);
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

/// A staged or kept file unchanged this long, of a process that is gone, was left by a build
/// that was stopped: staging and committing take moments.
const STALE_AFTER: Duration = Duration::from_secs(600);

/// Where the system cannot say whether a process is running, a leftover must be this old.
const STALE_AFTER_UNSEEN: Duration = Duration::from_secs(24 * 3600);

/// Output folders swept by this process: once each, not once per file written into them.
static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes what builds stopped while saving (killed, cancelled in CI, a machine that lost
/// power) left in `dir`: staged files (`.NAME.PID.tmp`) and earlier files kept during a commit
/// (`.NAME.PID.old`; the target itself is in place either way), once per folder and process.
fn sweep(dir: &Path) {
    if let Ok(mut swept) = SWEPT.lock() {
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    sweep_older_than(dir, STALE_AFTER);
}

/// [`sweep`] without the once: a leftover goes when it has been unchanged longer than
/// `min_age` and its process is gone. Both, since neither alone tells: a build in another PID
/// namespace (a container sharing the folder) is not seen among this system's processes, and a
/// kept file, a hard link, has the modification time of the earlier output (the change time,
/// used here, is when it was linked).
fn sweep_older_than(dir: &Path, min_age: Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Some((pid, kept)) = entry.file_name().to_str().and_then(leftover) else { continue };
        if pid == std::process::id() {
            continue;
        }
        let Some(age) = unchanged_for(&entry, kept) else { continue };
        let stale = if cfg!(target_os = "linux") {
            age > min_age && !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            age > min_age.max(STALE_AFTER_UNSEEN)
        };
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in the name of a file folio stages or keeps beside an output (`.b.epub.PID.tmp`,
/// `.b.pdf.PID.old`, a stamp's `.HASH.json.PID.tmp`), and whether it is a kept one.
fn leftover(file: &str) -> Option<(u32, bool)> {
    let rest = file.strip_prefix('.')?;
    let (rest, kept) = match rest.strip_suffix(".tmp") {
        Some(r) => (r, false),
        None => (rest.strip_suffix(".old")?, true),
    };
    let (name, pid) = rest.rsplit_once('.')?;
    let ours = [".epub", ".pdf", ".json"].iter().any(|e| name.len() > e.len() && name.ends_with(e));
    Some((pid.parse().ok()?, kept)).filter(|_| ours)
}

/// How long since a file last changed (its contents, or its links).
#[cfg(unix)]
fn unchanged_for(entry: &std::fs::DirEntry, _kept: bool) -> Option<Duration> {
    use std::os::unix::fs::MetadataExt;
    let changed = entry.metadata().ok()?.ctime();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(now.checked_sub(u64::try_from(changed).ok()?)?))
}

/// Without a change time a kept file's age is unknown (a link has its earlier output's times).
#[cfg(not(unix))]
fn unchanged_for(entry: &std::fs::DirEntry, kept: bool) -> Option<Duration> {
    if kept {
        return None;
    }
    entry.metadata().ok()?.modified().ok()?.elapsed().ok()
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
    #[cfg(target_os = "linux")]
    fn what_a_stopped_build_left_is_swept_and_a_running_builds_files_are_not() {
        let tmp = tempfile::tempdir().unwrap();
        // Above any Linux pid_max: no such process can be running.
        let gone = [".b.epub.999999999.tmp", ".b.pdf.999999999.old", ".0a1b.json.999999999.tmp"];
        // The test's parent is running: its files are a live build's, however old.
        let parent = std::os::unix::process::parent_id();
        let running = [format!(".b.epub.{parent}.tmp"), format!(".b.pdf.{parent}.old")];
        // Not folio's: another kind of name, or no process id.
        let others =
            [".notes.txt.999999999.tmp", ".b.epub.notes", "b.epub.999999999.tmp", ".epub.999999999.tmp"];
        for f in gone.iter().copied().chain(running.iter().map(String::as_str)).chain(others) {
            std::fs::write(tmp.path().join(f), b"x").unwrap();
        }
        // Young files of dead processes stay: a build in another PID namespace looks dead.
        sweep_older_than(tmp.path(), STALE_AFTER);
        let names = || {
            let mut left: Vec<String> = std::fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            left.sort();
            left
        };
        assert_eq!(names().len(), gone.len() + running.len() + others.len(), "{:?}", names());
        // Old enough (here: any age), those of dead processes go.
        std::thread::sleep(Duration::from_millis(1100));
        sweep_older_than(tmp.path(), Duration::ZERO);
        let mut want: Vec<String> =
            running.iter().cloned().chain(others.iter().map(|s| s.to_string())).collect();
        want.sort();
        assert_eq!(names(), want);
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

    #[test]
    fn a_file_where_the_output_folder_would_be_is_named_as_in_the_way() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("out"), b"a file").unwrap();
        let file = tmp.path().join("out");
        for path in [file.join("b.pdf"), file.join("deeper/b.pdf")] {
            let err = stage(&path, b"pdf").unwrap_err();
            assert!(err.contains(&format!("the file {} is in the way", file.display())), "{err}");
        }
        assert_eq!(std::fs::read(tmp.path().join("out")).unwrap(), b"a file");
    }

    #[test]
    #[cfg(unix)]
    fn a_broken_link_where_the_output_folder_would_be_is_named_as_broken() {
        let tmp = tempfile::tempdir().unwrap();
        let link = tmp.path().join("dang");
        std::os::unix::fs::symlink("nowhere", &link).unwrap();
        let err = stage(&link.join("b.pdf"), b"pdf").unwrap_err();
        assert!(err.contains(&format!("{} is a broken symbolic link (to nowhere)", link.display())), "{err}");
    }
}
