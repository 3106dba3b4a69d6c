//! Catalogue builds through the real binary: books in parallel, one broken book failing alone,
//! the JSON report, incremental rebuilds, shards, reproducible bytes and `folio watch`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{folio, stderr};

/// A small book of our own, as one Markdown file.
fn book(dir: &Path, name: &str, title: &str) -> PathBuf {
    let path = dir.join(format!("{name}.md"));
    let chapter = "It was a quiet evening in the small town, and the lamps along the river were lit one \
                   by one while the last boats came home. ";
    let text = format!(
        "---\ntitle: {title}\nauthor: A. Writer\nlang: en\n---\n\n# One\n\n{}\n\n# Two\n\n{}\n",
        chapter.repeat(12),
        chapter.repeat(9)
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// A catalogue of three good books and one whose image is missing.
fn catalogue(dir: &Path) -> Vec<String> {
    book(dir, "alpha", "Alpha");
    book(dir, "beta", "Beta");
    book(dir, "gamma", "Gamma");
    std::fs::write(dir.join("broken.md"), "---\ntitle: Broken\n---\n\n# One\n\nText.\n\n![A map](map.png)\n")
        .unwrap();
    ["alpha.md", "beta.md", "broken.md", "gamma.md"].iter().map(|s| s.to_string()).collect()
}

/// Three good books, ALPHA, BETA and GAMMA, as the file names to pass.
fn three_books(dir: &Path) -> Vec<String> {
    ["alpha", "beta", "gamma"]
        .iter()
        .map(|n| {
            book(dir, n, &n.to_uppercase());
            format!("{n}.md")
        })
        .collect()
}

/// A small PNG of one shade: different shades, different bytes.
fn png(shade: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(6, 6, image::Rgb([shade, 90, 60]))
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// Waits up to a minute for `what` to hold (a watcher's rebuild); whether it did.
fn wait_for(what: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while !what() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
    }
    what()
}

/// `folio watch` with these arguments in `dir`, its messages going to `log` (or nowhere).
fn spawn_watch(dir: &Path, args: &[&str], log: Option<&Path>) -> std::process::Child {
    let stderr = match log {
        Some(log) => std::process::Stdio::from(std::fs::File::create(log).unwrap()),
        None => std::process::Stdio::null(),
    };
    std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("watch")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// Whether the EPUB at `path` exists and its text holds `word`.
fn epub_says(path: &Path, word: &str) -> bool {
    std::fs::read(path).ok().is_some_and(|b| common::Epub::open_bytes(b).plain_text().contains(word))
}

/// How many rounds a watcher has finished, by its log.
fn rounds(log: &Path) -> usize {
    std::fs::read_to_string(log).unwrap_or_default().matches("watching").count()
}

/// Stops a watcher; its log.
fn stop(mut child: std::process::Child, log: &Path) -> String {
    let _ = child.kill();
    let _ = child.wait();
    std::fs::read_to_string(log).unwrap_or_default()
}

/// Each book's status in a report, in the order given.
fn statuses(report: &serde_json::Value) -> Vec<&str> {
    report["books"].as_array().unwrap().iter().map(|b| b["status"].as_str().unwrap()).collect()
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("the report is written")).expect("the report is JSON")
}

fn run(dir: &Path, books: &[String], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build"];
    args.extend(books.iter().map(String::as_str));
    args.extend(extra);
    folio(dir, &args)
}

/// (modified time, bytes) of every output, to show a run left them alone.
fn outputs(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(&p).unwrap().modified().unwrap();
            let b = std::fs::read(&p).unwrap();
            (p, m, b)
        })
        .collect()
}

#[test]
fn one_broken_book_fails_alone_and_the_report_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let books = catalogue(tmp.path());
    let out = run(tmp.path(), &books, &["-o", "out", "-j", "2", "--report", "report.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for slug in ["alpha", "beta", "gamma"] {
        for ext in ["epub", "pdf"] {
            assert!(tmp.path().join(format!("out/{slug}.{ext}")).is_file(), "{slug}.{ext} is built");
        }
    }
    assert!(!tmp.path().join("out/broken.pdf").exists());
    let r = report(&tmp.path().join("report.json"));
    assert_eq!(r["summary"]["books"], 4);
    assert_eq!(r["summary"]["built"], 3);
    assert_eq!(r["summary"]["failed"], 1);
    let entries = r["books"].as_array().unwrap();
    let given: Vec<&str> = entries.iter().map(|b| b["book"].as_str().unwrap()).collect();
    assert_eq!(
        given,
        ["alpha.md", "beta.md", "broken.md", "gamma.md"],
        "books are reported in the order given"
    );
    let broken = &entries[2];
    assert_eq!(broken["status"], "failed");
    let error = &broken["errors"][0];
    assert!(error["file"].as_str().unwrap().ends_with("broken.md"));
    assert_eq!(error["line"], 9);
    assert!(error["message"].as_str().unwrap().contains("map.png"));
    // A good book's entry: outputs with sizes and hashes that match the files, pages, words, times.
    let alpha = &entries[0];
    assert_eq!(alpha["status"], "built");
    assert!(alpha["pages"].as_u64().unwrap() >= 4);
    assert!(alpha["words"].as_u64().unwrap() > 300);
    assert!(alpha["inputs"][0].as_str().unwrap().ends_with("alpha.md"));
    for o in alpha["outputs"].as_array().unwrap() {
        let bytes = std::fs::read(tmp.path().join(o["path"].as_str().unwrap())).unwrap();
        assert_eq!(o["bytes"].as_u64().unwrap(), bytes.len() as u64);
        assert_eq!(o["sha256"].as_str().unwrap().len(), 64);
    }
    for stage in ["read", "epub", "layout", "pdf", "total"] {
        assert!(alpha["seconds"][stage].is_number(), "stage {stage} is timed");
    }
    // The summary table lists every book.
    let err = stderr(&out);
    assert!(err.contains("4 books: 3 built, 0 up to date, 1 failed"), "{err}");
}

#[test]
fn an_unchanged_catalogue_is_not_rebuilt_and_an_edited_book_is() {
    let tmp = tempfile::tempdir().unwrap();
    let books = three_books(tmp.path());
    let first = run(tmp.path(), &books, &["-o", "out"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = outputs(tmp.path());
    assert_eq!(before.len(), 6);

    let second = run(tmp.path(), &books, &["-o", "out", "--report", "r2.json"]);
    assert!(second.status.success());
    let r = report(&tmp.path().join("r2.json"));
    assert_eq!(r["summary"]["up_to_date"], 3, "{r}");
    assert_eq!(outputs(tmp.path()), before, "an up-to-date build leaves every output untouched");
    // The report of a skipped book still gives its outputs, with the same hashes as when built.
    assert_eq!(r["books"][0]["outputs"].as_array().unwrap().len(), 2);

    // Editing one book rebuilds that book only.
    let beta = tmp.path().join("beta.md");
    let text = std::fs::read_to_string(&beta).unwrap().replace("quiet evening", "stormy evening");
    std::fs::write(&beta, text).unwrap();
    let third = run(tmp.path(), &books, &["-o", "out", "--report", "r3.json"]);
    assert!(third.status.success());
    let r = report(&tmp.path().join("r3.json"));
    assert_eq!(statuses(&r), ["up-to-date", "built", "up-to-date"]);

    // A deleted output is rebuilt; --force rebuilds everything.
    std::fs::remove_file(tmp.path().join("out/gamma.pdf")).unwrap();
    let fourth = run(tmp.path(), &books, &["-o", "out", "--report", "r4.json"]);
    assert!(fourth.status.success());
    assert!(tmp.path().join("out/gamma.pdf").is_file());
    assert_eq!(report(&tmp.path().join("r4.json"))["summary"]["built"], 1);
    let forced = run(tmp.path(), &books, &["-o", "out", "--force", "--report", "r5.json"]);
    assert!(forced.status.success());
    assert_eq!(report(&tmp.path().join("r5.json"))["summary"]["built"], 3);
}

#[test]
fn deny_warnings_fails_a_warned_book_alone_fresh_or_up_to_date_and_keeps_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let mut books = three_books(tmp.path());
    // BETA gets a span whose language is no tag: a warning, the book otherwise fine.
    let beta = tmp.path().join("beta.md");
    let text = std::fs::read_to_string(&beta).unwrap().replace("small town", "[petite]{lang=french} town");
    std::fs::write(&beta, text).unwrap();
    books.truncate(2);
    let files = |dir: &Path| common::files_below(&dir.join("out"));

    // Fresh: the warned book fails and writes nothing, the other is built, exit 1.
    let denied = run(tmp.path(), &books, &["-o", "out", "--deny-warnings", "--report", "r1.json"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    let r = report(&tmp.path().join("r1.json"));
    assert_eq!(statuses(&r), ["built", "failed"], "{r}");
    let error = &r["books"][1]["errors"][0];
    assert_eq!(error["severity"], "error", "{r}");
    assert_eq!(r["books"][1]["warnings"].as_array().map(Vec::len), Some(0), "{r}");
    assert!(error["message"].as_str().unwrap().contains("denied by --deny-warnings"), "{r}");
    assert!(error["line"].as_u64().is_some(), "the denied warning keeps its line: {r}");
    assert!(files(tmp.path()).iter().all(|f| !f.contains("beta")), "{:?}", files(tmp.path()));

    // Allowed, the same book builds, its warning a warning.
    let allowed = run(tmp.path(), &books, &["-o", "out"]);
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    let before = outputs(tmp.path());
    assert_eq!(before.len(), 4);

    // Denied again with nothing changed: the warning the book was built with fails it still,
    // and its files, and everyone else's, stay as they were.
    let again = run(tmp.path(), &books, &["-o", "out", "--deny-warnings", "--report", "r2.json"]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    let r2 = report(&tmp.path().join("r2.json"));
    assert_eq!(statuses(&r2), ["up-to-date", "failed"]);
    // The report tells the same book the same way, denied fresh or from its stamp.
    for field in ["pages", "words", "title"] {
        assert!(!r2["books"][1][field].is_null() && r2["books"][1][field] != 0, "{field}: {r2}");
        assert_eq!(r2["books"][1][field], r["books"][1][field], "{field}");
    }
    assert_eq!(outputs(tmp.path()), before);

    // `check` says the same by its exit code.
    let check = |deny: bool| {
        let mut args = vec!["check", "beta.md"];
        args.extend(deny.then_some("--deny-warnings"));
        folio(tmp.path(), &args).status.code()
    };
    assert_eq!((check(false), check(true)), (Some(0), Some(1)));
}

#[test]
fn github_message_format_annotates_the_manuscripts_line_and_keeps_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    // A percent sign and a comma in the name: the runner would read both as syntax.
    let text = "---\ntitle: Annotated\nlang: en\n---\n\n# One\n\nAt 50% [petite]{lang=french}.\n";
    std::fs::write(tmp.path().join("5%,b.md"), text).unwrap();
    let out = folio(tmp.path(), &["build", "5%,b.md", "-o", "out", "--message-format", "github"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let notes: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(notes.len(), 1, "{stdout}");
    // The path is absolute: the runner reads a relative one from the repository's root.
    let file = std::fs::canonicalize(tmp.path()).unwrap().join("5%,b.md").display().to_string();
    let file = file.replace('%', "%25").replace(':', "%3A").replace(',', "%2C");
    let want = format!("::warning file={file},line=8,col=8::folio cannot mark the language `french`");
    assert!(notes[0].starts_with(&want), "{want}\n{stdout}");
    assert!(notes[0].contains("%0Ahint: write a language"), "the hint on its own line: {stdout}");
    assert!(stdout.lines().any(|l| l == "out/annotated.pdf"), "output paths still on stdout: {stdout}");
    assert!(stderr(&out).contains("built 5%,b.md"), "the book's line is for people: {}", stderr(&out));
}

#[test]
fn shards_split_a_catalogue_without_overlap_or_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let names = ["a", "b", "c", "d", "e", "f", "g"];
    let books: Vec<String> = names
        .iter()
        .map(|n| {
            book(tmp.path(), n, &format!("Book {n}"));
            format!("{n}.md")
        })
        .collect();
    for count in 1..=4 {
        let mut seen = Vec::new();
        for index in 1..=count {
            let shard = format!("{index}/{count}");
            let report_name = format!("s{index}-{count}.json");
            // Given in another order: a shard must not depend on how the shell listed the books.
            // A book named twice is one book, in one shard.
            let mut given = books.clone();
            given.reverse();
            given.push("./a.md".into());
            let out = run(
                tmp.path(),
                &given,
                &["-o", "out", "--epub", "--shard", &shard, "--report", &report_name],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            let r = report(&tmp.path().join(&report_name));
            let mine: Vec<String> = r["books"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["book"].as_str().unwrap().to_string())
                .collect();
            assert!(mine.len() >= names.len() / count, "shard {shard} has a fair share: {mine:?}");
            seen.extend(mine);
        }
        let unique: BTreeSet<&String> = seen.iter().collect();
        assert_eq!(seen.len(), books.len(), "{count} shards overlap: {seen:?}");
        assert_eq!(unique.len(), books.len(), "{count} shards leave a gap: {seen:?}");
    }
    let bad = run(tmp.path(), &books, &["--shard", "5/4"]);
    assert_eq!(bad.status.code(), Some(2), "a shard past the count is a usage error");
}

#[test]
fn two_forced_builds_of_a_catalogue_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let books: Vec<String> = ["alpha", "beta"]
        .iter()
        .map(|n| {
            book(tmp.path(), n, n);
            format!("{n}.md")
        })
        .collect();
    let a = run(tmp.path(), &books, &["-o", "one", "-j", "2"]);
    let b = run(tmp.path(), &books, &["-o", "two", "-j", "1", "--force"]);
    assert!(a.status.success() && b.status.success());
    for name in ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"] {
        let x = std::fs::read(tmp.path().join("one").join(name)).unwrap();
        let y = std::fs::read(tmp.path().join("two").join(name)).unwrap();
        assert!(x == y, "{name} differs between two builds");
    }
}

#[test]
fn a_book_set_after_another_in_one_run_is_the_same_as_set_alone() {
    // The second book reuses the first one's typesetter (fonts, shaped words); its "\u{FB01}" is
    // drawn with the glyph of the first book's "fi", which must not leak into its text layer.
    let tmp = tempfile::tempdir().unwrap();
    // Larger, so that it is built first.
    std::fs::write(
        tmp.path().join("first.md"),
        "---\ntitle: First\nlang: en\n---\n\n# One\n\nThe office fire, and a longer book.\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("second.md"),
        "---\ntitle: Second\nlang: en\n---\n\n# One\n\nThe o\u{FB01}ce \u{FB01}re.\n",
    )
    .unwrap();
    let together = run(tmp.path(), &["first.md".into(), "second.md".into()], &["-o", "together", "-j", "1"]);
    let alone = run(tmp.path(), &["second.md".into()], &["-o", "alone"]);
    assert!(together.status.success() && alone.status.success(), "{}", stderr(&together));
    for name in ["second.epub", "second.pdf"] {
        let x = std::fs::read(tmp.path().join("together").join(name)).unwrap();
        let y = std::fs::read(tmp.path().join("alone").join(name)).unwrap();
        assert!(x == y, "{name} depends on the book built before it");
    }
}

#[test]
fn a_book_set_with_words_another_typesetter_shared_is_the_same_as_set_alone() {
    // What a catalogue's second worker does: its typesetter never set this language, and takes
    // the words the other worker's finished book shared; the PDF must not show it.
    use folio::typeset::{Typesetter, shape::SharedWords};
    let tmp = tempfile::tempdir().unwrap();
    let first = "The office fire spread to the officer's quarters, and geopolitics followed. ".repeat(30);
    let second = "The o\u{FB01}ce \u{FB01}re: officers, geopolitics and the quarters they followed.";
    let load = |name: &str, body: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, format!("---\ntitle: {name}\nlang: en\n---\n\n# One\n\n{body}\n")).unwrap();
        let mut diags = folio::diag::Diagnostics::new();
        folio::manuscript::load(&path, &Default::default(), &mut diags).unwrap()
    };
    let (x, y) = (load("first.md", &first), load("second.md", second));
    let print = |book: &folio::model::Book, ts: &mut Typesetter| {
        let doc = folio::layout::layout(book, ts).unwrap();
        folio::pdf::write(&doc, book, &ts.fonts, &ts.shaper.texts, 1).unwrap()
    };
    let store = std::sync::Arc::new(SharedWords::new());
    let mut other = Typesetter::new().unwrap();
    other.shaper.share(store.clone());
    print(&x, &mut other);
    other.shaper.publish();
    let mut alone = Typesetter::new().unwrap();
    let want = print(&y, &mut alone);
    let mut sharing = Typesetter::new().unwrap();
    sharing.shaper.share(store);
    let got = print(&y, &mut sharing);
    assert!(sharing.shaper.hits > alone.shaper.hits, "the second book took the first book's words");
    assert!(got == want, "a book set with shared words differs from the book set alone");
}

#[test]
fn a_book_whose_file_cannot_be_saved_fails_alone_after_its_stage_times() {
    let tmp = tempfile::tempdir().unwrap();
    let books = three_books(tmp.path());
    // A folder where beta's PDF should go: the rename onto it fails once beta is made, on the
    // catalogue's saving thread, while the other books go on.
    std::fs::create_dir_all(tmp.path().join("out/beta.pdf/inside")).unwrap();
    let out = run(tmp.path(), &books, &["-o", "out", "-j", "2", "--report", "report.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = report(&tmp.path().join("report.json"));
    let entries = r["books"].as_array().unwrap();
    let status: Vec<&str> = entries.iter().map(|b| b["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["built", "failed", "built"]);
    let beta = &entries[1];
    assert!(beta["errors"][0]["message"].as_str().unwrap().contains("beta.pdf"), "{beta}");
    assert!(beta["seconds"]["layout"].is_number(), "a book that failed to save was still made");
    for slug in ["alpha", "gamma"] {
        assert!(tmp.path().join(format!("out/{slug}.pdf")).is_file());
    }
    assert!(tmp.path().join("out/beta.pdf/inside").is_dir(), "the folder in the way is left alone");
    assert!(!tmp.path().join("out/beta.epub").exists(), "a book's outputs are saved together or not at all");
    assert_eq!(beta["errors"][0]["file"].as_str(), Some("beta.md"), "the error names the book");
    // Nothing was stamped for beta: the next run tries it again instead of calling it up to date.
    let again = run(tmp.path(), &books, &["-o", "out", "-j", "2"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("1 failed"), "{}", stderr(&again));
}

#[test]
fn two_books_with_one_slug_do_not_overwrite_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "first", "Same Title");
    book(tmp.path(), "second", "Same Title");
    // One core: the first book is built and saved before the second is even read.
    for round in 0..2 {
        let books = ["first.md".into(), "second.md".into()];
        let out = run(tmp.path(), &books, &["-o", "out", "-j", "1", "--report", "report.json"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("same slug"), "{}", stderr(&out));
        let r = report(&tmp.path().join("report.json"));
        assert_eq!(statuses(&r), ["failed", "failed"], "round {round}");
        // Neither book saved a file: the second's name was known before the first was made.
        for ext in ["epub", "pdf"] {
            let made = tmp.path().join(format!("out/same-title.{ext}"));
            assert!(!made.exists(), "round {round}: a failed book's {ext} was saved");
        }
    }
}

#[test]
fn two_books_with_one_slug_both_fail_and_leave_the_first_books_files_alone() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "first", "Same Title");
    let second = book(tmp.path(), "second", "Same Title");
    // Larger, so it is made first, before a worker would reach the first book.
    let text = std::fs::read_to_string(&second).unwrap().replace("quiet evening", "other evening");
    std::fs::write(&second, text.repeat(2)).unwrap();
    let epub = tmp.path().join("out/same-title.epub");
    for jobs in ["1", "2"] {
        assert!(run(tmp.path(), &["first.md".into()], &["-o", "out", "--epub"]).status.success());
        let built = std::fs::read(&epub).unwrap();
        let books = ["first.md".into(), "second.md".into()];
        let out = run(tmp.path(), &books, &["-o", "out", "--epub", "-j", jobs, "--report", "report.json"]);
        assert_eq!(out.status.code(), Some(1), "-j {jobs}: {}", stderr(&out));
        assert!(stderr(&out).contains("same slug"), "-j {jobs}: {}", stderr(&out));
        assert!(std::fs::read(&epub).unwrap() == built, "-j {jobs}: the first book's EPUB was overwritten");
        // What the report says of each book is what is on disk.
        let r = report(&tmp.path().join("report.json"));
        for b in r["books"].as_array().unwrap() {
            for o in b["outputs"].as_array().unwrap() {
                let on_disk = std::fs::read(tmp.path().join(o["path"].as_str().unwrap())).unwrap();
                assert_eq!(o["sha256"].as_str().unwrap(), folio::stamp::sha256_hex(&on_disk));
            }
        }
        // Both fail, whichever was quicker: the run does not depend on timing.
        assert_eq!(statuses(&r), ["failed", "failed"], "-j {jobs}");
    }
}

#[test]
fn watch_rebuilds_on_an_edit_to_the_text_or_an_image_in_a_subfolder_and_is_quiet_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let path = book(tmp.path(), "novel", "Novel");
    std::fs::create_dir(tmp.path().join("img")).unwrap();
    // Broken at first: the book fails, and watch must still see the image being fixed.
    std::fs::write(tmp.path().join("img/plate.png"), b"not yet a picture").unwrap();
    let text = std::fs::read_to_string(&path).unwrap() + "\n![A plate](img/plate.png)\n";
    std::fs::write(&path, text).unwrap();
    // The log lives outside the watched folder, or writing it would be a change.
    let log = logs.path().join("watch.log");
    let mut child = spawn_watch(tmp.path(), &["novel.md", "-o", "out", "--epub"], Some(&log));
    let epub = tmp.path().join("out/novel.epub");
    let read = || std::fs::read(&epub).ok().map(common::Epub::open_bytes);
    let contains = |word: &str| read().is_some_and(|e| e.plain_text().contains(word));
    let shows = |bytes: &[u8]| {
        read().is_some_and(|e| e.files.get("OEBPS/images/plate.png").map(Vec::as_slice) == Some(bytes))
    };
    let rounds = || rounds(&log);
    let failed = wait_for(|| rounds() == 1);
    std::fs::write(tmp.path().join("img/plate.png"), png(10)).unwrap();
    let first = wait_for(|| contains("quiet evening") && rounds() == 2);
    // Reading the book's files to check them is not a change: nothing rebuilds while no one writes.
    std::thread::sleep(Duration::from_millis(1500));
    let idle_rounds = rounds();
    let text = std::fs::read_to_string(&path).unwrap().replace("quiet evening", "stormy evening");
    std::fs::write(&path, text).unwrap();
    let rebuilt = wait_for(|| contains("stormy evening"));
    let new_plate = png(200);
    std::fs::write(tmp.path().join("img/plate.png"), &new_plate).unwrap();
    let replotted = wait_for(|| shows(&new_plate));
    let _ = child.kill();
    let _ = child.wait();
    assert!(failed && first, "watch rebuilds a failed book when its broken image is fixed");
    assert_eq!(
        idle_rounds,
        2,
        "watch rebuilt with nothing changed:\n{}",
        std::fs::read_to_string(&log).unwrap()
    );
    assert!(rebuilt, "watch rebuilds the book after an edit");
    assert!(replotted, "watch rebuilds the book when an image in a subfolder changes");
}

#[test]
fn watch_follows_a_book_folder_deleted_and_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let root = tmp.path().join("novel");
    let make = |words: &str| {
        std::fs::create_dir_all(root.join("chapters")).unwrap();
        let toml = "title = \"Novel\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"chapters/one.md\"\n";
        std::fs::write(root.join("book.toml"), toml).unwrap();
        std::fs::write(root.join("chapters/one.md"), format!("# One\n\nA {words} evening by the river.\n"))
            .unwrap();
    };
    make("quiet");
    let log = logs.path().join("watch.log");
    let child = spawn_watch(tmp.path(), &["novel", "-o", "out", "--epub"], Some(&log));
    let epub = tmp.path().join("out/novel.epub");
    let contains = |word: &str| epub_says(&epub, word);
    let rounds = || rounds(&log);
    let first = wait_for(|| contains("quiet") && rounds() == 1);
    // Gone for a round, then back.
    std::fs::remove_dir_all(&root).unwrap();
    let gone = wait_for(|| rounds() >= 2);
    make("stormy");
    let back = wait_for(|| contains("stormy"));
    // As a branch switch does it: gone and back at once (often on the same inode number).
    std::fs::remove_dir_all(&root).unwrap();
    make("cloudy");
    let swapped = wait_for(|| contains("cloudy"));
    // The new folder's own files are watched too, not only its coming back.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(root.join("chapters/one.md"), "# One\n\nA windy evening by the river.\n").unwrap();
    let edited = wait_for(|| contains("windy"));
    // The folder above the book is watched for the book's folder alone. The edit's round may
    // still be logging (the EPUB is written before its line is): wait till the count holds.
    let mut before = rounds();
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(700));
        if rounds() == before {
            break;
        }
        before = rounds();
    }
    std::fs::write(tmp.path().join("notes.md"), "# Not the book\n").unwrap();
    std::fs::create_dir(tmp.path().join("drafts")).unwrap();
    std::fs::remove_file(tmp.path().join("notes.md")).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let quiet = rounds() == before;
    let log = stop(child, &log);
    assert!(first && gone, "watch builds the book, then reports it gone:\n{log}");
    assert!(swapped, "watch rebuilds the book when its folder is swapped for another:\n{log}");
    assert!(back, "watch rebuilds the book when its folder is made again:\n{log}");
    assert!(edited, "watch sees edits inside the folder made again:\n{log}");
    assert!(quiet, "files made beside the book's folder started a round:\n{log}");
}

#[test]
fn watch_follows_a_single_file_books_folder_gone_for_a_round() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let write = |words: &str| {
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("novel.md"), format!("---\ntitle: Novel\n---\n\n# One\n\nA {words} day.\n"))
            .unwrap();
    };
    write("quiet");
    let log = logs.path().join("watch.log");
    let child = spawn_watch(tmp.path(), &["docs/novel.md", "-o", "out", "--epub"], Some(&log));
    let epub = tmp.path().join("out/novel.epub");
    let rounds = || rounds(&log);
    let first = wait_for(|| epub_says(&epub, "quiet") && rounds() == 1);
    std::fs::remove_dir_all(&docs).unwrap();
    let gone = wait_for(|| rounds() >= 2);
    write("stormy");
    let back = wait_for(|| epub_says(&epub, "stormy"));
    std::thread::sleep(Duration::from_millis(500));
    write("windy");
    let edited = wait_for(|| epub_says(&epub, "windy"));
    // The folder above, watched while `docs/` was gone, is let go once it is back.
    let before = rounds();
    std::fs::write(tmp.path().join("notes.txt"), b"not the book's").unwrap();
    std::fs::remove_file(tmp.path().join("notes.txt")).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let quiet = rounds() == before;
    let log = stop(child, &log);
    assert!(first && gone, "watch builds the book, then reports it gone:\n{log}");
    assert!(back && edited, "watch sees the book's folder come back, and edits in it:\n{log}");
    assert!(quiet, "a file made beside the book's folder, once it was back, started a round:\n{log}");
}

#[test]
fn watch_sees_an_image_the_book_names_appear_in_a_folder_it_never_read() {
    // The image is still to be exported into a folder that exists but that no file the book
    // read lives in: the book fails, and watch must see the image arrive there.
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("art")).unwrap();
    let md = "---\ntitle: Novel\nlang: en\n---\n\n# One\n\nA quiet day.\n\n![A map](art/map.png)\n";
    std::fs::write(tmp.path().join("novel.md"), md).unwrap();
    let log = logs.path().join("watch.log");
    let child = spawn_watch(tmp.path(), &["novel.md", "-o", "out", "--epub"], Some(&log));
    let epub = tmp.path().join("out/novel.epub");
    let failed = wait_for(|| rounds(&log) == 1);
    std::fs::write(tmp.path().join("art/map.png"), png(40)).unwrap();
    let built = wait_for(|| epub.is_file());
    let log = stop(child, &log);
    assert!(failed && log.contains("does not exist"), "the book fails for its missing image:\n{log}");
    assert!(built, "watch builds the book once its image is there:\n{log}");
}

#[test]
fn watch_sees_a_chapter_it_could_not_read_fixed_in_place_whatever_its_name() {
    // A chapter in a `.txt` file, too large to read: the fix written in place must count,
    // though the book never read it and `.txt` is no kind of file books are written in.
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("tree/ch")).unwrap();
    let toml = "title = \"Tree\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"ch/one.txt\"\n";
    std::fs::write(tmp.path().join("tree/book.toml"), toml).unwrap();
    let chapter = tmp.path().join("tree/ch/one.txt");
    // Sparse: larger than folio reads, without the disk space.
    std::fs::File::create(&chapter).unwrap().set_len(100 << 20).unwrap();
    let log = logs.path().join("watch.log");
    let child = spawn_watch(tmp.path(), &["tree", "-o", "out", "--epub"], Some(&log));
    let failed = wait_for(|| rounds(&log) == 1);
    std::fs::write(&chapter, "# One\n\nThe chapter at last.\n").unwrap();
    let built = wait_for(|| epub_says(&tmp.path().join("out/tree.epub"), "at last"));
    let log = stop(child, &log);
    assert!(failed && log.contains("failed"), "the book fails for its chapter:\n{log}");
    assert!(built, "watch builds the book once its chapter is fixed in place:\n{log}");
}

/// A folder book `tree` of one chapter file, in `dir`.
fn tree_book(dir: &Path) {
    std::fs::create_dir_all(dir.join("tree/ch")).unwrap();
    let toml = "title = \"Tree\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"ch/one.md\"\n";
    std::fs::write(dir.join("tree/book.toml"), toml).unwrap();
    std::fs::write(dir.join("tree/ch/one.md"), "# One\n\nThe first words.\n").unwrap();
}

/// Watches `books` (among them the folder book `tree`) in `dir` with its log at `log`: one
/// round while the log grows, then a round for an edit to the tree's chapter.
fn assert_quiet_while_its_log_grows(dir: &Path, books: &[&str], log: &Path) {
    let args: Vec<&str> = books.iter().copied().chain(["-o", "out", "--epub"]).collect();
    let child = spawn_watch(dir, &args, Some(log));
    let built = wait_for(|| rounds(log) == 1 && dir.join("out/tree.epub").is_file());
    std::thread::sleep(Duration::from_millis(1500));
    let idle = rounds(log);
    std::fs::write(dir.join("tree/ch/one.md"), "# One\n\nThe second words.\n").unwrap();
    let rebuilt = wait_for(|| epub_says(&dir.join("out/tree.epub"), "second words"));
    let text = stop(child, log);
    assert!(built, "{text}");
    assert_eq!(idle, 1, "watch rebuilt because its own log at {} grew:\n{text}", log.display());
    assert!(rebuilt, "and it still sees the books change:\n{text}");
}

#[test]
fn watch_is_quiet_while_its_own_log_grows_beside_the_books() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "novel", "Novel");
    tree_book(tmp.path());
    // The log is written in the folder of the single-file book and the parent of the folder book.
    assert_quiet_while_its_log_grows(tmp.path(), &["novel.md", "tree"], &tmp.path().join("watch.log"));
}

#[test]
fn watch_is_quiet_while_its_own_log_grows_inside_a_folder_book() {
    let tmp = tempfile::tempdir().unwrap();
    tree_book(tmp.path());
    // `folio watch tree 2> tree/watch.log`: every round writes into the watched tree.
    assert_quiet_while_its_log_grows(tmp.path(), &["tree"], &tmp.path().join("tree/watch.log"));
}

#[test]
fn watch_sees_a_refused_image_fixed_in_place_while_a_log_beside_it_keeps_growing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let path = book(&dir, "novel", "Novel");
    // Too large to read: the book fails, and the image never enters its inputs.
    std::fs::File::create(dir.join("plate.png")).unwrap().set_len(70 * 1024 * 1024).unwrap();
    let text = std::fs::read_to_string(&path).unwrap() + "\n![A plate](plate.png)\n";
    std::fs::write(&path, text).unwrap();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("watch.log");
    let child = spawn_watch(&dir, &["novel.md", "-o", "out", "--epub"], Some(&log));
    let epub = dir.join("out/novel.epub");
    let rounds = || rounds(&log);
    let failed = wait_for(|| rounds() == 1);
    // A server's log beside the book, written every 50 ms for as long as the test waits.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let ticker = {
        let (done, server_log) = (done.clone(), dir.join("server.log"));
        std::thread::spawn(move || {
            use std::io::Write;
            let mut f = std::fs::File::create(server_log).unwrap();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = writeln!(f, "tick");
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    // Fixed in place: truncated and written, not replaced.
    use std::io::Write;
    std::fs::OpenOptions::new().write(true).truncate(true).open(dir.join("plate.png")).unwrap();
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("plate.png"))
        .unwrap()
        .write_all(&png(10))
        .unwrap();
    let fixed = wait_for(|| epub_says(&epub, "quiet evening"));
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = ticker.join();
    let log = stop(child, &log);
    assert!(failed, "the oversized image fails the book:\n{log}");
    assert!(fixed, "the image fixed in place is seen, whatever a log beside it does:\n{log}");
}

#[test]
fn watch_follows_a_folder_moved_away_and_back() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let write = |words: &str| {
        let text = format!("---\ntitle: Novel\n---\n\n# One\n\nA {words} day.\n");
        std::fs::write(docs.join("novel.md"), text).unwrap();
    };
    write("quiet");
    let log = logs.path().join("watch.log");
    let child = spawn_watch(tmp.path(), &["docs/novel.md", "-o", "out", "--epub"], Some(&log));
    let epub = tmp.path().join("out/novel.epub");
    let mut seen = vec![wait_for(|| epub_says(&epub, "quiet"))];
    for (round, words) in ["stormy", "windy"].into_iter().enumerate() {
        // Away for a moment and back: the same folder, the same inode, its watch gone.
        std::fs::rename(&docs, tmp.path().join(format!("docs.bak{round}"))).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        std::fs::rename(tmp.path().join(format!("docs.bak{round}")), &docs).unwrap();
        std::thread::sleep(Duration::from_millis(600));
        write(words);
        seen.push(wait_for(|| epub_says(&epub, words)));
    }
    let log = stop(child, &log);
    assert_eq!(seen, [true, true, true], "edits after each move are seen:\n{log}");
}

#[cfg(unix)]
#[test]
fn a_link_pointed_at_another_chapter_is_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("linked");
    for (dir, words) in [("v1", "first draft"), ("v2", "second draft")] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join("ch.md"), format!("# One\n\nThe {words} of the chapter.\n"))
            .unwrap();
    }
    std::os::unix::fs::symlink("v1", root.join("cur")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "title = \"Linked\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"cur/ch.md\"\n",
    )
    .unwrap();
    let build = || run(tmp.path(), &["linked".into()], &["-o", "out", "--epub"]);
    let text = || common::Epub::open(&tmp.path().join("out/linked.epub")).plain_text();
    assert!(build().status.success());
    assert!(text().contains("first draft"));
    std::fs::remove_file(root.join("cur")).unwrap();
    std::os::unix::fs::symlink("v2", root.join("cur")).unwrap();
    let again = build();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(text().contains("second draft"), "the book was taken for up to date:\n{}", stderr(&again));
}

#[test]
fn a_book_records_the_bytes_it_read_not_the_file_as_it_is_later() {
    let tmp = tempfile::tempdir().unwrap();
    let path = book(tmp.path(), "novel", "Novel");
    std::fs::create_dir(tmp.path().join("img")).unwrap();
    let png = png(1);
    std::fs::write(tmp.path().join("img/p.png"), &png).unwrap();
    let text = std::fs::read_to_string(&path).unwrap() + "\n![P](img/p.png)\n";
    std::fs::write(&path, &text).unwrap();
    let mut diags = folio::diag::Diagnostics::new();
    let read = folio::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    // Edited after reading, as an author saving while a build runs: the book keeps what it read.
    std::fs::write(&path, text.replace("quiet", "stormy")).unwrap();
    std::fs::write(tmp.path().join("img/p.png"), b"not yet").unwrap();
    let sha = |b: &[u8]| folio::stamp::sha256_hex(b);
    let mut recorded: Vec<(String, String)> = read
        .inputs
        .iter()
        .map(|i| (i.path.file_name().unwrap().to_string_lossy().into_owned(), i.sha256.clone()))
        .collect();
    recorded.sort();
    assert_eq!(
        recorded,
        vec![("novel.md".to_string(), sha(text.as_bytes())), ("p.png".to_string(), sha(&png))]
    );
}

#[test]
fn a_book_is_up_to_date_whichever_folder_folio_runs_from() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "alpha", "Alpha");
    assert!(run(tmp.path(), &["alpha.md".into()], &["-o", "out"]).status.success());
    let before = outputs(tmp.path());
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out_dir = tmp.path().join("out");
    let again = run(&elsewhere, &["../alpha.md".into()], &["-o", out_dir.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("up-to-date"), "{}", stderr(&again));
    assert!(outputs(tmp.path()) == before, "the outputs were rewritten");
}

#[cfg(unix)]
#[test]
fn images_reached_through_links_are_stamped_as_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("assets/img")).unwrap();
    std::fs::write(dir.join("red.png"), png(200)).unwrap();
    std::fs::write(dir.join("blue.png"), png(20)).unwrap();
    std::fs::write(dir.join("assets/x.png"), png(100)).unwrap();
    std::os::unix::fs::symlink("red.png", dir.join("alias.png")).unwrap();
    std::os::unix::fs::symlink("assets/img", dir.join("pics")).unwrap();
    // `pics/../x.png` is assets/x.png: `..` after a link is not the folder the text suggests.
    let text = "---\ntitle: Linked Plates\n---\n\n# One\n\n![Red](red.png)\n\n![Alias](alias.png)\n\n![X](pics/../x.png)\n";
    std::fs::write(dir.join("plates.md"), text).unwrap();
    let build = || run(dir, &["plates.md".into()], &["-o", "out", "--epub"]);
    let images = || {
        let epub = common::Epub::open(&dir.join("out/linked-plates.epub"));
        epub.files
            .iter()
            .filter(|(n, _)| n.starts_with("OEBPS/images/") && !n.contains("cover"))
            .map(|(_, b)| b.clone())
            .collect::<Vec<_>>()
    };
    assert!(build().status.success());
    let second = build();
    assert!(stderr(&second).contains("up-to-date"), "an unchanged book is up to date:\n{}", stderr(&second));
    std::fs::remove_file(dir.join("alias.png")).unwrap();
    std::os::unix::fs::symlink("blue.png", dir.join("alias.png")).unwrap();
    let third = build();
    assert!(!stderr(&third).contains("up-to-date"), "a link pointed at another image is a change");
    assert!(images().contains(&png(20)), "the EPUB shows the image the link now names");
    std::fs::write(dir.join("assets/x.png"), png(101)).unwrap();
    let fourth = build();
    assert!(!stderr(&fourth).contains("up-to-date"), "an edit to the file behind `pics/..` is a change");
    assert!(images().contains(&png(101)));
}

#[test]
fn watch_sees_a_folder_book_named_after_a_file_inside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("tree/ch")).unwrap();
    std::fs::write(
        dir.join("tree/book.toml"),
        "title = \"Tree\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"ch/one.md\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("tree/ch/one.md"), "# One\n\nThe first words.\n").unwrap();
    std::fs::write(dir.join("tree/extra.md"), "---\ntitle: Extra\n---\n\n# X\n\nMore words.\n").unwrap();
    let mut child = spawn_watch(dir, &["tree/extra.md", "tree", "-o", "out", "--epub"], None);
    let epub = dir.join("out/tree.epub");
    let contains = |word: &str| epub_says(&epub, word);
    let first = wait_for(|| contains("first words"));
    std::fs::write(dir.join("tree/ch/one.md"), "# One\n\nThe second words.\n").unwrap();
    let rebuilt = wait_for(|| contains("second words"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(first && rebuilt, "an edit in a subfolder of a folder book is seen (first build: {first})");
}

#[cfg(unix)]
#[test]
fn a_chapter_link_pointed_at_a_twin_with_other_images_is_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("twins");
    for (dir, shade) in [("a", 30u8), ("b", 220u8)] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        // The same text in both: only the image beside it differs.
        std::fs::write(root.join(dir).join("ch.md"), "# One\n\n![Plate](pic.png)\n").unwrap();
        std::fs::write(root.join(dir).join("pic.png"), png(shade)).unwrap();
    }
    std::os::unix::fs::symlink("a/ch.md", root.join("ch.md")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "title = \"Twins\"\nlanguage = \"en\"\n\n[[contents]]\nfile = \"ch.md\"\n",
    )
    .unwrap();
    let build = || run(tmp.path(), &["twins".into()], &["-o", "out", "--epub"]);
    assert!(build().status.success());
    std::fs::remove_file(root.join("ch.md")).unwrap();
    std::os::unix::fs::symlink("b/ch.md", root.join("ch.md")).unwrap();
    let again = build();
    assert!(!stderr(&again).contains("up-to-date"), "the book was taken for up to date:\n{}", stderr(&again));
    let epub = common::Epub::open(&tmp.path().join("out/twins.epub"));
    let plate = std::fs::read(root.join("b/pic.png")).unwrap();
    assert!(
        epub.files.values().any(|b| *b == plate),
        "the EPUB shows the image beside the chapter the link names now"
    );
}

#[test]
fn zero_jobs_is_a_usage_error_that_says_what_to_give() {
    let tmp = tempfile::tempdir().unwrap();
    let books = three_books(tmp.path());
    let out = run(tmp.path(), &books, &["-o", "out", "-j", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("at least one job"), "{}", stderr(&out));
    assert!(!tmp.path().join("out").exists(), "a refused command writes nothing");
    let one = run(tmp.path(), &books, &["-o", "out", "-j", "1", "--epub"]);
    assert!(one.status.success(), "{}", stderr(&one));
}

#[test]
fn a_closed_stdout_does_not_stop_the_build_or_its_report() {
    // `folio build … | head -1` in a CI script: the reader goes away before folio prints.
    let tmp = tempfile::tempdir().unwrap();
    let books = three_books(tmp.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(tmp.path())
        .arg("build")
        .args(&books)
        .args(["-o", "out", "--report", "report.json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked") && !err.contains("unexpectedly"), "{err}");
    assert_eq!(statuses(&report(&tmp.path().join("report.json"))), ["built"; 3]);
    for name in ["alpha", "beta", "gamma"] {
        assert!(tmp.path().join(format!("out/{name}.pdf")).is_file(), "{name}'s PDF");
    }
}

#[test]
fn a_folder_book_given_a_book_toml_or_a_second_file_is_read_again() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shelf");
    std::fs::create_dir(&folder).unwrap();
    book(&folder, "book", "Alpha");
    let books = ["shelf".to_string()];
    assert!(run(tmp.path(), &books, &["-o", "out"]).status.success());
    assert!(tmp.path().join("out/alpha.epub").is_file());

    // A second Markdown file: the folder no longer says which is the book, as a fresh build says.
    book(&folder, "notes", "Notes");
    let out = run(tmp.path(), &books, &["-o", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no book.toml"), "{}", stderr(&out));
    std::fs::remove_file(folder.join("notes.md")).unwrap();

    // A book.toml that retitles the same file: a new book, under its new name.
    std::fs::write(folder.join("book.toml"), "title = \"Omega\"\n\n[[contents]]\nfile = \"book.md\"\n")
        .unwrap();
    let out = run(tmp.path(), &books, &["-o", "out", "--report", "r.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(statuses(&report(&tmp.path().join("r.json"))), ["built"]);
    assert!(tmp.path().join("out/omega.epub").is_file());
}

#[cfg(unix)]
#[test]
fn a_report_named_through_a_link_or_a_pipe_is_written_there() {
    let tmp = tempfile::tempdir().unwrap();
    let books = three_books(tmp.path());
    // A link: its target gets the report, and the link stays a link.
    std::fs::create_dir(tmp.path().join("reports")).unwrap();
    std::os::unix::fs::symlink("reports/latest.json", tmp.path().join("report.json")).unwrap();
    assert!(run(tmp.path(), &books, &["-o", "out", "--report", "report.json"]).status.success());
    assert!(std::fs::symlink_metadata(tmp.path().join("report.json")).unwrap().file_type().is_symlink());
    assert_eq!(statuses(&report(&tmp.path().join("reports/latest.json"))), ["built"; 3]);
    // A pipe: written to, as a shell's `>` would, not replaced by a file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(tmp.path())
        .arg("build")
        .args(&books)
        .args(["-o", "out", "--report", "/dev/stdout"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = &stdout[stdout.find('{').expect("the report on stdout")..];
    let r: serde_json::Value = serde_json::from_str(json).expect("the report is JSON");
    assert_eq!(statuses(&r), ["up-to-date"; 3]);
    // Sent on to a log (`>> build.log`): added to the log, which keeps what it held.
    let log_path = tmp.path().join("build.log");
    std::fs::write(&log_path, "an earlier run\n").unwrap();
    let log = std::fs::OpenOptions::new().append(true).open(&log_path).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(tmp.path())
        .arg("build")
        .args(&books)
        .args(["-o", "out", "--report", "/dev/stdout"])
        .stdout(log)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let logged = std::fs::read_to_string(&log_path).unwrap();
    assert!(logged.starts_with("an earlier run\n") && logged.contains("\"report_version\""), "{logged}");
}

#[test]
fn two_books_with_one_slug_fail_in_whichever_shards_they_fall() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "first", "Same Title");
    book(tmp.path(), "second", "Same Title");
    book(tmp.path(), "third", "Other Title");
    let books: Vec<String> = ["first.md", "second.md", "third.md"].map(String::from).into();
    for index in 1..=2 {
        let shard = format!("{index}/2");
        let out = run(tmp.path(), &books, &["-o", "out", "--shard", &shard, "--report", "r.json"]);
        let r = report(&tmp.path().join("r.json"));
        for b in r["books"].as_array().unwrap() {
            let name = b["book"].as_str().unwrap();
            let want = if name == "third.md" { "built" } else { "failed" };
            assert_eq!(b["status"], want, "shard {shard}, {name}: {}", stderr(&out));
        }
    }
    assert!(!tmp.path().join("out/same-title.epub").exists(), "neither book's file was saved");
    assert!(tmp.path().join("out/other-title.epub").is_file());
}

#[test]
fn a_folder_and_its_one_markdown_file_are_one_book() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shelf");
    std::fs::create_dir(&folder).unwrap();
    book(&folder, "book", "Alpha");
    let books = ["shelf".to_string(), "shelf/book.md".to_string()];
    let out = run(tmp.path(), &books, &["-o", "out", "--report", "r.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(statuses(&report(&tmp.path().join("r.json"))), ["built"]);
}

/// A folder book titled `title`, with `extra` lines in its book.toml.
fn folder_book(dir: &Path, name: &str, title: &str, extra: &str) {
    std::fs::create_dir_all(dir.join(name)).unwrap();
    let toml = format!("title = \"{title}\"\nlanguage = \"en\"\n{extra}\n[[contents]]\nfile = \"ch.md\"\n");
    std::fs::write(dir.join(name).join("book.toml"), toml).unwrap();
    std::fs::write(dir.join(name).join("ch.md"), "# One\n\nText of the folder book.\n").unwrap();
}

#[test]
fn a_slug_clash_is_found_when_the_rival_has_other_metadata_errors_in_any_shard() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "a", "Same");
    folder_book(tmp.path(), "b", "Same", "subtitel = \"a typo\"");
    let books: Vec<String> = ["a.md", "b"].map(String::from).into();
    let out = run(tmp.path(), &books, &["-o", "out", "--report", "r.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = report(&tmp.path().join("r.json"));
    assert_eq!(statuses(&r), ["failed", "failed"]);
    // The clash is reported with the typo, not instead of it.
    let b_errors = r["books"][1]["errors"].to_string();
    assert!(b_errors.contains("subtitel") && b_errors.contains("same slug"), "{b_errors}");
    assert!(!tmp.path().join("out/same.epub").exists(), "a was saved under the shared slug");
    // Each shard holds one of them: each fails.
    for shard in ["1/2", "2/2"] {
        let out = run(tmp.path(), &books, &["-o", "out", "--shard", shard, "--report", "r.json"]);
        assert_eq!(out.status.code(), Some(1), "shard {shard}: {}", stderr(&out));
        let r = report(&tmp.path().join("r.json"));
        assert_eq!(statuses(&r), ["failed"], "shard {shard}");
        assert!(r["books"][0]["errors"].to_string().contains("same slug"), "shard {shard}");
    }
    assert!(!tmp.path().join("out/same.epub").exists());
    // A bad date and invalid UTF-8 below the front matter do not hide a slug either.
    std::fs::write(tmp.path().join("c.md"), b"---\ntitle: Same\ndate: someday\n---\n\n# One\n\nCaf\xe9.\n")
        .unwrap();
    let out = run(tmp.path(), &["a.md".into(), "c.md".into()], &["-o", "out", "--report", "r.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(statuses(&report(&tmp.path().join("r.json"))), ["failed", "failed"]);
    assert!(!tmp.path().join("out/same.epub").exists());
}

#[test]
fn an_up_to_date_book_that_turns_out_to_clash_lists_no_files_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "a", "Same");
    assert!(run(tmp.path(), &["a.md".into()], &["-o", "out"]).status.success());
    book(tmp.path(), "b", "Same");
    for format in ["human", "json"] {
        let books = ["a.md".into(), "b.md".into()];
        let out = run(tmp.path(), &books, &["-o", "out", "--message-format", format, "--report", "r.json"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        // Diagnostics may name the files; no line lists one as written or kept.
        let listed =
            |l: &str| !l.starts_with('{') || l.contains("\"written\"") || l.contains("\"up_to_date\"");
        assert!(!stdout.lines().any(listed), "{format}: {stdout}");
        let r = report(&tmp.path().join("r.json"));
        assert_eq!(statuses(&r), ["failed", "failed"]);
        assert!(!stderr(&out).contains("up-to-date"), "{format}: a was shown up to date: {}", stderr(&out));
    }
}

#[test]
fn one_books_output_never_replaces_a_file_another_book_is_made_from() {
    let tmp = tempfile::tempdir().unwrap();
    // A real PDF to be a figure: a small book's print edition.
    book(tmp.path(), "fig", "Figure");
    assert!(run(tmp.path(), &["fig.md".into()], &["-o", "figs", "--pdf"]).status.success());
    std::fs::create_dir_all(tmp.path().join("xa")).unwrap();
    std::fs::create_dir_all(tmp.path().join("xb")).unwrap();
    std::fs::rename(tmp.path().join("figs/figure.pdf"), tmp.path().join("xb/x.pdf")).unwrap();
    let figure = std::fs::read(tmp.path().join("xb/x.pdf")).unwrap();
    std::fs::write(tmp.path().join("xa/book.md"), "---\ntitle: X\n---\n\n# One\n\nText.\n").unwrap();
    std::fs::write(tmp.path().join("xb/book.md"), "---\ntitle: Bee\n---\n\n# One\n\n![A figure](x.pdf)\n")
        .unwrap();
    // Whichever is made first, with one worker or two.
    for (books, jobs) in [(["xa", "xb"], "1"), (["xb", "xa"], "1"), (["xa", "xb"], "2")] {
        let books: Vec<String> = books.map(String::from).into();
        let out = run(tmp.path(), &books, &["-o", "xb", "-j", jobs, "--report", "r.json"]);
        assert_eq!(out.status.code(), Some(1), "{books:?}: {}", stderr(&out));
        assert!(
            std::fs::read(tmp.path().join("xb/x.pdf")).unwrap() == figure,
            "{books:?}: xb's figure was replaced"
        );
        assert!(stderr(&out).contains("is a file xb is made from"), "{}", stderr(&out));
        let r = report(&tmp.path().join("r.json"));
        let status = |name: &str| {
            r["books"].as_array().unwrap().iter().find(|b| b["book"] == name).unwrap()["status"].clone()
        };
        assert_eq!(status("xa"), "failed", "{books:?}");
        assert_ne!(status("xb"), "failed", "{books:?}: xb itself is fine");
    }
    // Into another folder, the same two books build, and build again unchanged.
    let books: Vec<String> = ["xa", "xb"].map(String::from).into();
    assert!(run(tmp.path(), &books, &["-o", "out"]).status.success());
    let again = run(tmp.path(), &books, &["-o", "out", "--report", "r.json"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(statuses(&report(&tmp.path().join("r.json"))), ["up-to-date", "up-to-date"]);
}

#[test]
fn a_report_where_it_would_destroy_a_stamp_or_an_output_is_refused_before_any_build() {
    let tmp = tempfile::tempdir().unwrap();
    let books = vec!["alpha.md".to_string()];
    book(tmp.path(), "alpha", "Alpha");
    assert!(run(tmp.path(), &books, &["-o", "out"]).status.success());
    let stamp = std::fs::read_dir(tmp.path().join("out/.folio")).unwrap().next().unwrap().unwrap().path();
    let stamped = std::fs::read(&stamp).unwrap();
    let pdf = std::fs::read(tmp.path().join("out/alpha.pdf")).unwrap();
    // The book now fails: its earlier PDF must stay.
    std::fs::write(tmp.path().join("alpha.md"), "---\ntitle: Alpha\n---\n\n# One\n\n![A map](map.png)\n")
        .unwrap();
    std::fs::create_dir(tmp.path().join("reports")).unwrap();
    let stamp_arg = stamp.display().to_string();
    for (report, says) in [
        (stamp_arg.as_str(), "where folio keeps its stamps"),
        ("out/alpha.pdf", "an output of alpha.md"),
        ("out/./alpha.epub", "an output of alpha.md"),
        ("alpha.md", "a file alpha.md is made from"),
        ("reports", "is a folder"),
    ] {
        let out = run(tmp.path(), &books, &["-o", "out", "--report", report]);
        assert_eq!(out.status.code(), Some(2), "{report}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{report}: {}", stderr(&out));
        assert!(!stderr(&out).contains("failed"), "{report}: refused before any book was built");
    }
    // Nor into the stamps' folder before it is made.
    let out = run(tmp.path(), &books, &["-o", "fresh", "--report", "fresh/.folio/r.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!tmp.path().join("fresh").exists());
    assert_eq!(std::fs::read(&stamp).unwrap(), stamped, "the stamp is untouched");
    assert_eq!(std::fs::read(tmp.path().join("out/alpha.pdf")).unwrap(), pdf, "the PDF is untouched");
}

#[test]
#[cfg(unix)]
fn a_book_under_a_path_that_is_not_utf8_is_stamped_and_kept() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir(&folder).unwrap();
    book(&folder, "book", "Latin");
    let arg = std::ffi::OsStr::from_bytes(b"caf\xe9");
    let build = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .current_dir(tmp.path())
            .arg("build")
            .arg(arg)
            .args(["-o", "out", "--epub", "--report", "r.json"])
            .output()
            .unwrap()
    };
    for want in ["built", "up-to-date"] {
        let out = build();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(statuses(&report(&tmp.path().join("r.json"))), [want]);
    }
}

#[test]
fn json_messages_keep_the_book_lines_on_stderr_and_name_every_file_absolutely() {
    let tmp = tempfile::tempdir().unwrap();
    book(tmp.path(), "good", "Good");
    std::fs::create_dir(tmp.path().join("bad")).unwrap();
    std::fs::write(tmp.path().join("bad/b.md"), "---\ntitle: B\n---\n\n# One\n\n![](nope.png)\n").unwrap();
    let books: Vec<String> = ["good.md", "bad/b.md", "nosuch"].map(String::from).into();
    let out = run(tmp.path(), &books, &["-o", "out", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("built good.md") && err.contains("failed bad/b.md"), "{err}");
    assert!(err.contains("3 books: 1 built, 0 up to date, 2 failed"), "{err}");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line of stdout is JSON"))
        .collect();
    let diagnostics: Vec<_> = lines.iter().filter(|v| v.get("severity").is_some()).collect();
    assert!(diagnostics.len() >= 2, "{lines:?}");
    for d in &diagnostics {
        assert!(Path::new(d["file"].as_str().unwrap()).is_absolute(), "{d}");
    }
    let written: Vec<_> = lines.iter().filter(|v| v.get("written").is_some()).collect();
    assert_eq!(written.len(), 2, "{lines:?}");
    assert!(written.iter().all(|w| w["book"] == "good.md"), "{written:?}");
}
