//! Checks by external judges: EPUBCheck 5.3 and DAISY Ace. They are installed by `.ci/run`, which
//! runs these tests with `--include-ignored`; a missing judge fails the test, it never skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{folio, root, stderr, write};

fn judge(name: &str) -> String {
    let found = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().expect("sh runs");
    assert!(found.status.success(), "`{name}` is not on PATH: run `bash .ci/run` (it installs the judges)");
    name.to_string()
}

/// Builds a book with the real binary and returns the EPUB's path.
fn build(book: &Path, out: &Path) -> PathBuf {
    let result = folio(&root(), &["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}: {}", book.display(), stderr(&result));
    let line = String::from_utf8(result.stdout).unwrap();
    let written = line.lines().find(|l| l.ends_with(".epub")).expect("an EPUB path is printed");
    root().join(written)
}

/// EPUBCheck's messages for an EPUB, as (severity, id, message) — empty when it passes clean.
fn epubcheck(epub: &Path) -> Vec<String> {
    let report = epub.with_extension("epubcheck.json");
    let out = Command::new(judge("epubcheck"))
        .arg(epub)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("epubcheck runs");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap_or_else(|_| {
            panic!("epubcheck wrote no report: {}", String::from_utf8_lossy(&out.stderr))
        }))
        .expect("epubcheck JSON");
    let version = json["checker"]["checkerVersion"].as_str().unwrap_or("");
    assert!(version.starts_with("5.3"), "EPUBCheck 5.3 expected, found {version}");
    json["messages"]
        .as_array()
        .map(|m| m.iter().map(|m| format!("{} {} {}", m["severity"], m["ID"], m["message"])).collect())
        .unwrap_or_default()
}

#[test]
#[ignore = "needs EPUBCheck 5.3 (bash .ci/run installs it)"]
fn epubcheck_passes_the_default_book_and_the_fixtures() {
    let tmp = tempfile::tempdir().unwrap();
    let mut books = vec![root().join("manuscript")];
    // A fixture exercising every block the model has.
    let md = tmp.path().join("all.md");
    write(
        &md,
        "---\ntitle: Everything\nauthor: A\nlang: fr\n...\n\n> « Épigraphe. »\n>\n> — Quelqu’un\n\n# Partie\n\n## Un {#un}\n\n> Citation,\\\n> en vers.\n> — *Titre* : Auteur\n\nTexte « cité » ; note.[^n] Voir [deux](#deux).\n\n* * *\n\n1. un\n2. deux\n\n- [x] fait\n\nTerme\n: définition\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn main() {}\n```\n\n<div onclick=\"x()\">brut</div>\n\n## Deux {#deux}\n\nFin ~~barré~~ ^sup^ `code`.\n\n[^n]: La note.\n",
    );
    books.push(md);
    for book in books {
        let epub = build(&book, tmp.path());
        let messages = epubcheck(&epub);
        assert!(messages.is_empty(), "{}: EPUBCheck says:\n{}", book.display(), messages.join("\n"));
    }
}

#[test]
#[ignore = "needs EPUBCheck 5.3 and ../shared/corpus (bash .ci/run)"]
fn epubcheck_passes_every_corpus_book() {
    let corpus = root().join("../shared/corpus");
    assert!(corpus.is_dir(), "the corpus is expected at {}", corpus.display());
    let tmp = tempfile::tempdir().unwrap();
    let mut books: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("book.md"))
        .filter(|p| p.is_file())
        .collect();
    books.sort();
    assert!(books.len() >= 6, "expected the corpus's book.md files, found {}", books.len());
    for book in books {
        let name = book.parent().and_then(|p| p.file_name()).unwrap().to_string_lossy().into_owned();
        let epub = build(&book, &tmp.path().join(&name));
        let messages = epubcheck(&epub);
        assert!(messages.is_empty(), "{name}: EPUBCheck says:\n{}", messages.join("\n"));
    }
}

#[test]
#[ignore = "needs DAISY Ace and Chromium (bash .ci/run installs them)"]
fn ace_finds_no_serious_or_critical_violation_in_the_default_book() {
    let tmp = tempfile::tempdir().unwrap();
    let epub = build(&root().join("manuscript"), tmp.path());
    let report_dir = tmp.path().join("ace");
    let out = Command::new(judge("ace")).arg("-o").arg(&report_dir).arg(&epub).output().expect("ace runs");
    let report = std::fs::read(report_dir.join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let json: serde_json::Value = serde_json::from_slice(&report).unwrap();
    let mut violations = Vec::new();
    for doc in json["assertions"].as_array().into_iter().flatten() {
        for a in doc["assertions"].as_array().into_iter().flatten() {
            let impact = a["earl:test"]["earl:impact"].as_str().unwrap_or("");
            violations.push(format!(
                "{impact}: {} in {}",
                a["earl:test"]["dct:title"], doc["earl:testSubject"]["url"]
            ));
        }
    }
    let grave: Vec<&String> =
        violations.iter().filter(|v| v.starts_with("serious") || v.starts_with("critical")).collect();
    assert!(grave.is_empty(), "Ace violations:\n{}", violations.join("\n"));
    // Minor and moderate findings are reported too: the default book is expected to have none.
    assert!(violations.is_empty(), "Ace violations:\n{}", violations.join("\n"));
}
