//! Bad and hostile input: a clear message naming the file (and line), exit 1, never a panic,
//! and nothing written — an earlier output stays untouched.

mod common;

use std::path::Path;

use common::{Epub, files_below, folio, stderr, write};

const TOML: &str = "title = \"Test Book\"\nlanguage = \"en\"\n\n[[contributors]]\nname = \"A. Writer\"\n\n[[contents]]\nfile = \"one.md\"\n";

/// A book folder that builds, to be broken by each test.
fn good_book(dir: &Path) {
    write(&dir.join("book.toml"), TOML);
    write(&dir.join("one.md"), "# One\n\nA paragraph of text.\n");
}

/// Builds `book` into `dir/out`; returns the output.
fn build(dir: &Path, book: &str) -> std::process::Output {
    folio(dir, &["build", book, "-o", "out"])
}

/// The common contract: exit 1, the message names what it must, nothing in `out/`.
fn assert_refused(dir: &Path, book: &str, needles: &[&str]) -> String {
    let out = build(dir, book);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    for n in needles {
        assert!(err.contains(n), "message should contain {n:?}:\n{err}");
    }
    assert!(
        files_below(&dir.join("out")).is_empty(),
        "a failed build wrote {:?}",
        files_below(&dir.join("out"))
    );
    err
}

#[test]
fn malformed_book_toml_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    write(&book.join("book.toml"), "title = \"Test\"\nlanguage = \"en\n");
    assert_refused(tmp.path(), "book", &["book.toml:2:", "error:"]);
}

#[test]
fn unknown_key_names_the_key_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    write(
        &book.join("book.toml"),
        &TOML.replace("language = \"en\"\n", "language = \"en\"\nsubtitel = \"Oops\"\n"),
    );
    assert_refused(tmp.path(), "book", &["book.toml:3:", "subtitel"]);
}

#[test]
fn a_page_that_cannot_hold_a_book_is_refused_at_the_setting_to_change() {
    // (typography lines, what the messages must say)
    let cases: [(&str, &[&str]); 7] = [
        // A face folio does not set is refused, not quietly replaced.
        (
            "body-font = \"Comic Sans\"\n",
            &["book.toml:11:13: error: body-font `Comic Sans` is not a face folio can set"],
        ),
        (
            "body-font = \"noto serif\"\nheading-font = \"Noto Serif\"\n",
            &[
                "book.toml:12:16: error: heading-font `Noto Serif` is not a face folio can set: it sets this text in Noto Sans",
            ],
        ),
        (
            "trim = \"2.1x3in\"\nfont-size = 18\n",
            &["book.toml:11:8: error: a 2.1x3in page at 18 pt leaves room for 4 lines"],
        ),
        ("font-size = 40\n", &["book.toml:11:13: error: font-size 40 is outside the 6–18 pt"]),
        ("trim = \"banana\"\n", &["book.toml:11:8: error: unknown trim size `banana`"]),
        ("trim = \"40x60mm\"\n", &["book.toml:11:8: error: unknown trim size `40x60mm`"]),
        // Both at once, so that one run tells the author everything to change.
        (
            "font-size = 40\ntrim = \"banana\"\n",
            &["book.toml:11:13: error: font-size 40", "book.toml:12:8: error: unknown trim"],
        ),
    ];
    for (settings, expected) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("book");
        good_book(&book);
        write(&book.join("book.toml"), &format!("{TOML}\n[typography]\n{settings}"));
        assert_refused(tmp.path(), "book", expected);
    }
    // A small page a book fits in, at a large size, builds.
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    let faces = "body-font = \"Noto Serif\"\nheading-font = \"Noto Sans\"\n";
    write(
        &book.join("book.toml"),
        &format!("{TOML}\n[typography]\ntrim = \"4x6in\"\nfont-size = 18\n{faces}"),
    );
    let out = build(tmp.path(), "book");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_yaml_alias_bomb_in_front_matter_is_refused_at_its_line_at_once() {
    // Nine nested aliases of nine each: expanded, 10 GB and a killed build.
    let mut yaml = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for (k, prev) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!("{k}: &{k} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("b.md"), &format!("---\ntitle: Bomb\n{yaml}---\n\n# One\n\nText.\n"));
    assert_refused(tmp.path(), "b.md", &["b.md:4:8:", "YAML alias"]);
}

#[test]
fn malformed_front_matter_names_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("b.md"), "---\ntitle: \"Unclosed\nauthor: [x\n---\n\n# One\n\nText.\n");
    assert_refused(tmp.path(), "b.md", &["b.md:", "front matter is not valid YAML"]);
}

#[test]
fn a_front_matter_key_that_is_a_slip_of_one_folio_reads_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    for (slip, meant) in [("autor", "author"), ("Title", "title"), ("cover", "cover-image"), ("lnag", "lang")]
    {
        let text = format!("---\ntitle: T\n{slip}: Something\n---\n\n# One\n\nText.\n");
        write(&tmp.path().join("b.md"), &text);
        assert_refused(
            tmp.path(),
            "b.md",
            &["b.md:3:", &format!("`{slip}`"), &format!("did you mean `{meant}`?")],
        );
    }
}

#[test]
fn pandocs_own_front_matter_keys_are_left_out_with_a_warning_and_the_book_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let head = "---\ntitle: Kept\nauthor: A. Writer\ntoc: true\ngeometry: margin=1in\n\
                header-includes: |\n  \\usepackage{x}\nversion: 0.31.2\n---\n\n# One\n\nText.\n";
    write(&tmp.path().join("p.md"), head);
    let out = build(tmp.path(), "p.md");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for (line, key) in [(4, "toc"), (5, "geometry"), (6, "header-includes"), (8, "version")] {
        let want = format!("p.md:{line}:1: warning: folio does not read the front matter key `{key}`");
        assert!(err.contains(&want), "{want}\n{err}");
    }
    let epub = Epub::open(&tmp.path().join("out/kept.epub"));
    assert!(!epub.plain_text().contains("usepackage"), "a pandoc setting reached the book");
}

#[test]
fn a_contents_entry_without_its_file_is_named_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    // Line 10 is the entry a chapter's `file =` was left out of.
    write(&book.join("book.toml"), &format!("{TOML}\n[[contents]]\nrole = \"chapter\"\n"));
    assert_refused(tmp.path(), "book", &["book.toml:10:", "needs `file"]);
}

#[test]
fn a_books_own_pattern_file_is_checked_and_its_slips_named_by_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    let typography = "language = \"en\"\n\n[typography]\nhyphenation = [\"my.tex\"]\n";
    write(&book.join("book.toml"), &TOML.replace("language = \"en\"\n", typography));
    // A pattern with a dot inside, then an exception block opened before the patterns close.
    write(&book.join("my.tex"), "% ours\n\\patterns{\n.ab1c a.b\n\\hyphenation{ta-ble}\n");
    let err = assert_refused(tmp.path(), "book", &["my.tex:3:7:", "`a.b`", "my.tex:4:1:", "before"]);
    assert!(!err.contains("my.tex:3:1:"), "a good pattern is not named: {err}");
    // Mended, the book builds.
    write(&book.join("my.tex"), "% ours\n\\patterns{\n.ab1c a1b\n}\n\\hyphenation{ta-ble}\n");
    let out = build(tmp.path(), "book");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_path_holding_no_book_says_whether_it_is_missing_or_no_file_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    let err = assert_refused(tmp.path(), "no-such-book", &["no-such-book", "does not exist"]);
    assert!(err.contains("hint: give a folder holding book.toml"), "{err}");
    // A device is there but holds no book: saying it does not exist would send the user looking
    // for a typo.
    #[cfg(unix)]
    {
        let err = assert_refused(tmp.path(), "/dev/null", &["/dev/null", "neither a file nor a folder"]);
        assert!(!err.contains("does not exist"), "{err}");
    }
}

#[test]
fn missing_chapter_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    std::fs::remove_file(book.join("one.md")).unwrap();
    assert_refused(tmp.path(), "book", &["book.toml:8:", "one.md", "does not exist"]);
}

#[test]
fn missing_and_corrupt_images_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    write(&book.join("one.md"), "# One\n\n![A map](map.png)\n");
    assert_refused(tmp.path(), "book", &["one.md:3:", "map.png"]);
    // A PNG signature followed by garbage.
    let mut bad = b"\x89PNG\r\n\x1a\n".to_vec();
    bad.extend_from_slice(&[0u8; 64]);
    std::fs::write(book.join("map.png"), bad).unwrap();
    assert_refused(tmp.path(), "book", &["one.md:3:", "map.png"]);
}

#[test]
fn paths_leaving_the_book_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    image::RgbImage::new(4, 4).save(tmp.path().join("outside.png")).unwrap();
    write(&book.join("one.md"), "# One\n\n![x](../outside.png)\n");
    assert_refused(tmp.path(), "book", &["one.md:3:", "outside the book"]);
    write(&book.join("one.md"), "# One\n\n![x](/etc/passwd)\n");
    assert_refused(tmp.path(), "book", &["one.md:3:", "absolute"]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("outside.png"), book.join("link.png")).unwrap();
        write(&book.join("one.md"), "# One\n\n![x](link.png)\n");
        assert_refused(tmp.path(), "book", &["one.md:3:", "link"]);
    }
    write(&book.join("book.toml"), &TOML.replace("file = \"one.md\"", "file = \"../secret.md\""));
    write(&tmp.path().join("secret.md"), "# Secret\n");
    assert_refused(tmp.path(), "book", &["book.toml:8:", "outside the book"]);
}

#[test]
fn invalid_utf8_names_file_and_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    std::fs::write(book.join("one.md"), b"# One\n\nCaf\xe9 au lait.\n").unwrap();
    let err = assert_refused(tmp.path(), "book", &["one.md:3:4", "not valid UTF-8", "offset 10"]);
    // Said once: the book's only file unread is not also "a book with no content".
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    // But an empty file read is, whatever else is wrong with the book.
    write(&book.join("book.toml"), &TOML.replace("language = \"en\"", "language = \"zz_bad!\""));
    write(&book.join("one.md"), "");
    assert_refused(tmp.path(), "book", &["not a language tag", "the book has no content"]);
}

#[test]
fn a_book_without_content_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("empty.md"), "---\ntitle: Nothing\n---\n\n");
    assert_refused(tmp.path(), "empty.md", &["empty.md", "no content"]);
    let book = tmp.path().join("book");
    write(&book.join("book.toml"), "title = \"Nothing\"\n");
    assert_refused(tmp.path(), "book", &["book.toml", "no content"]);
}

#[test]
fn decompression_bombs_are_refused_before_decoding() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    // A valid PNG header declaring 100 000 × 100 000 pixels, with almost no data.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A few bytes of zlib data (a real bomb's would inflate to 30 GB) and the end chunk.
    for (kind, data) in [
        (&b"IDAT"[..], &[0x78u8, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01][..]),
        (&b"IEND"[..], &[][..]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    std::fs::write(book.join("bomb.png"), png).unwrap();
    write(&book.join("one.md"), "# One\n\n![bomb](bomb.png)\n");
    assert_refused(tmp.path(), "book", &["bomb.png", "100000×100000", "refused before decoding"]);
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn a_failed_build_leaves_the_earlier_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    let ok = build(tmp.path(), "book");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let epub = tmp.path().join("out/test-book.epub");
    let pdf = tmp.path().join("out/test-book.pdf");
    let before = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    write(&book.join("one.md"), "# One\n\n![gone](missing.png)\n");
    let out = build(tmp.path(), "book");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap()),
        before,
        "an earlier output changed"
    );
    // The stamp of the good build stays: it is how the next build knows the outputs are current.
    let left: Vec<String> =
        files_below(&tmp.path().join("out")).into_iter().filter(|f| !f.starts_with(".folio/")).collect();
    assert_eq!(left, vec!["test-book.epub", "test-book.pdf"], "temporary files left behind");
}

#[test]
fn hostile_markdown_builds_a_valid_inert_epub() {
    let tmp = tempfile::tempdir().unwrap();
    let nested = format!("{}deep\n", "> ".repeat(5000));
    let word = "a".repeat(200_000);
    let html = "<div onclick=\"steal()\">Kept <b>text</i></div>\n\n<script>alert('x')</script>\n\nInline <img src=x onerror=alert(1)> and <span style=\"x\">span</span>.\n";
    let text = format!(
        "---\ntitle: Hostile\n---\n\n# One\n\n{nested}\n{word}\n\n{html}\n**{}x{}**\n",
        "*".repeat(3000),
        "*".repeat(3000)
    );
    write(&tmp.path().join("h.md"), &text);
    let out = build(tmp.path(), "h.md");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let epub = Epub::open(&tmp.path().join("out/hostile.epub"));
    for name in epub.spine() {
        let x = epub.text(&name);
        let doc = common::parse(&x);
        assert!(doc.descendants().all(|n| !n.has_tag_name("script")), "{name} has a script");
        assert!(
            doc.descendants().all(|n| n.attributes().all(|a| !a.name().starts_with("on"))),
            "{name} has an event handler"
        );
    }
    let all = epub.plain_text();
    assert!(all.contains("deep"), "deeply quoted text lost");
    assert!(all.contains(&word), "the long word lost");
    assert!(all.contains("Kept text"), "text inside raw HTML lost");
    assert!(!all.contains("alert"), "script text reached the book");
}

#[test]
fn comments_are_dropped_silently_and_other_html_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let head = "---\ntitle: Notes\n---\n\n# One\n\n";
    let quiet = format!("{head}<!-- Editor: check the dates. -->\n\nText <!-- inline --> here.\n");
    write(&tmp.path().join("quiet.md"), &quiet);
    let out = build(tmp.path(), "quiet.md");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning:"), "a comment is not worth a warning: {err}");
    let all = Epub::open(&tmp.path().join("out/notes.epub")).plain_text();
    assert!(all.contains("Text here.") && !all.contains("Editor"), "{all}");
    write(&tmp.path().join("loud.md"), &format!("{head}<!-- fine -->\n\n<div>\nKept\n</div>\n"));
    let err = stderr(&build(tmp.path(), "loud.md"));
    assert!(err.contains("loud.md:9:1: warning: raw HTML"), "{err}");
}

#[test]
fn characters_the_fonts_lack_are_listed_with_locations() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("g.md"), "---\ntitle: Glyphs\n---\n\n# One\n\nA dragon 𓆏 and a cat 😺.\n");
    let out = build(tmp.path(), "g.md");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("g.md:7:1: warning:"), "{err}");
    assert!(err.contains("U+1318F") && err.contains("U+1F63A"), "{err}");
}

#[test]
fn a_word_wider_than_the_line_is_broken_and_named_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    let hash = "3f786850e387550fdab836ed7e6dc881de23001b".repeat(3);
    write(
        &tmp.path().join("h.md"),
        &format!("---\ntitle: Hashes\n---\n\n# One\n\nThe commit {hash} was last.\n"),
    );
    let out = build(tmp.path(), "h.md");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("h.md:7:1: warning: a word wider than the line was broken"), "{err}");
    assert!(!err.contains("wider than the measure"), "no line runs past it: {err}");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = folio(tmp.path(), &["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = folio(tmp.path(), &["build", "does-not-exist"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does-not-exist"));
}

#[test]
fn a_malformed_source_date_epoch_stops_the_build_instead_of_being_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("b.md"), "---\ntitle: Dated\n---\n\n# One\n\nText.\n").unwrap();
    // Not a number, or a time no EPUB or PDF date can hold (before 1970, after 9999).
    for bad in ["1e9", "-5", "253402300800", "99999999999999999"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", "b.md", "-o", "out"])
            .current_dir(tmp.path())
            .env("SOURCE_DATE_EPOCH", bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("SOURCE_DATE_EPOCH=`{bad}`")));
        assert!(!tmp.path().join("out").exists(), "{bad}: nothing is written");
    }
    // The last second of 9999 is a date both formats hold.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "b.md", "-o", "out"])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "253402300799")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let opf = Epub::open(&tmp.path().join("out/dated.epub")).text("OEBPS/content.opf");
    assert!(opf.contains("9999-12-31T23:59:59Z"), "{opf}");
}

#[test]
fn a_fence_that_is_never_closed_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    good_book(tmp.path());
    // The opening fence glued to a line of text is no fence, so the closing one opens a block
    // that runs to the end of the file (posa-book's chapter 1, line 558).
    let text =
        "# One\n\nDefined in `url_info.h`:```C\nenum Motivation {\n};\n```\n\nThe rest of the chapter.\n";
    write(&tmp.path().join("one.md"), text);
    let out = build(tmp.path(), ".");
    let err = stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(err.contains("one.md:6:1: warning: this code block's fence is never closed"), "{err}");
    // The hint names the line whose glued fence the author meant to open the block with.
    assert!(err.contains("hint: line 3 ends in a fence glued to its text"), "{err}");
    // A closed fence, in a quote and in a list, is not reported.
    let text =
        "# One\n\n```\ncode\n```\n\n> ~~~~\n> quoted\n> ~~~~~\n\n- item\n\n  ```rust\n  fn f() {}\n  ```\n";
    write(&tmp.path().join("one.md"), text);
    let err = stderr(&build(tmp.path(), "."));
    assert!(!err.contains("fence"), "{err}");
}

#[test]
fn a_book_without_a_title_builds_under_its_file_name_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("war-and-peace.md"), "# I\n\nWell, Prince, so Genoa and Lucca are now…\n");
    let out = build(tmp.path(), "war-and-peace.md");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("war-and-peace.md:1:1: warning: the book has no title"), "{err}");
    assert!(err.contains("title:"), "the hint shows what to write: {err}");
    let epub = Epub::open(&tmp.path().join("out/war-and-peace.epub"));
    assert!(epub.text("OEBPS/content.opf").contains(">war-and-peace</dc:title>"));
}

#[test]
fn a_sentence_split_by_a_stray_blank_line_is_reported_at_its_second_half() {
    let tmp = tempfile::tempdir().unwrap();
    good_book(tmp.path());
    // As in the French Baskerville's chapter 2: hard-wrapped text with blank lines inside a sentence.
    let text = "# One\n\nSir Charles was a widower; he passed for somewhat\n\n\npeu eccentric. He lived simply.\n\n\
                A new paragraph.\n";
    write(&tmp.path().join("one.md"), text);
    let out = build(tmp.path(), ".");
    let err = stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(
        err.contains("one.md:6:1: warning: this paragraph begins in lower case after one that stops mid-sentence (line 3)"),
        "{err}"
    );
    assert_eq!(err.matches("mid-sentence").count(), 1, "{err}");
}

#[test]
fn a_word_mixing_latin_and_cyrillic_letters_is_reported_where_it_stands() {
    let tmp = tempfile::tempdir().unwrap();
    good_book(tmp.path());
    // A Cyrillic "е" keyed for "e" in a French name, a Latin "i" in a Kazakh word; code and a
    // word of one script are no slip.
    let text = "# One\n\nHe met Lе\u{301}on there.\n\nБіз бiлiм аламыз, `xмл`, and Москва.\n\n```\nprint(\"Привет\"+x)\n```\n";
    write(&tmp.path().join("one.md"), text);
    let out = build(tmp.path(), ".");
    let err = stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(
        err.contains(
            "one.md:3:8: warning: the word \"Lе\u{301}on\" mixes Latin and Cyrillic letters (Cyrillic е)"
        ),
        "{err}"
    );
    assert!(
        err.contains("one.md:5:5: warning: the word \"бiлiм\" mixes Latin and Cyrillic letters (Latin i)"),
        "{err}"
    );
    assert_eq!(err.matches("mixes Latin and Cyrillic").count(), 2, "{err}");
    // A file keyed with the Latin i throughout names the first 25 and counts the rest.
    write(&tmp.path().join("one.md"), &format!("# One\n\n{}\n", "Біз бiлiм аламыз. ".repeat(40)));
    let err = stderr(&build(tmp.path(), "."));
    assert_eq!(err.matches("mixes Latin and Cyrillic").count(), 25, "{err}");
    assert!(
        err.contains(
            "one.md: warning: 15 more words mix Latin and Cyrillic letters after the 25 named above"
        ),
        "{err}"
    );
}

#[test]
fn a_folder_of_one_markdown_file_is_that_book_and_one_of_several_asks_for_their_order() {
    let tmp = tempfile::tempdir().unwrap();
    // `folio build books/*` over folders of one manuscript each, without a book.toml.
    let lone = tmp.path().join("lone");
    write(&lone.join("book.md"), "---\ntitle: A Lone Manuscript\nlang: en\n---\n\n# One\n\nSome text.\n");
    let out = folio(tmp.path(), &["build", "lone", "-o", "out", "--epub"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        tmp.path().join("out/a-lone-manuscript.epub").is_file(),
        "{:?}",
        files_below(&tmp.path().join("out"))
    );
    let epub = Epub::open(&tmp.path().join("out/a-lone-manuscript.epub"));
    assert!(epub.plain_text().contains("Some text."), "the file's text is the book's");
    // Two files: no order can be guessed.
    let tmp = tempfile::tempdir().unwrap();
    let two = tmp.path().join("two");
    write(&two.join("a.md"), "# A\n\nText.\n");
    write(&two.join("b.md"), "# B\n\nText.\n");
    assert_refused(
        tmp.path(),
        "two",
        &["no book.toml", "2 Markdown files", "their order: list them under [[contents]]"],
    );
}

#[test]
fn a_contents_entry_naming_a_folder_or_the_settings_is_refused_and_a_repeated_one_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    good_book(&book);
    std::fs::create_dir_all(book.join("chapters")).unwrap();
    let entries = |files: &[&str]| -> String {
        files.iter().map(|f| format!("\n[[contents]]\nfile = \"{f}\"\n")).collect()
    };
    // Lines 11 and 14: the second and third entries.
    write(&book.join("book.toml"), &format!("{TOML}{}", entries(&["chapters", "book.toml"])));
    let err = assert_refused(tmp.path(), "book", &["book.toml:11:8: error: `chapters` is a folder"]);
    assert!(err.contains("book.toml:14:8: error: `book.toml` is the book's settings"), "{err}");
    // The same chapter twice builds, but the author hears of it at the second entry.
    write(&book.join("book.toml"), &format!("{TOML}{}", entries(&["./one.md"])));
    let out = build(tmp.path(), "book");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("book.toml:11:8: warning: `./one.md` is listed in [[contents]] before"), "{err}");
}

#[test]
fn a_note_mark_with_no_note_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    good_book(tmp.path());
    let text = "# One\n\nA mark[^gone] with no note, and one[^kept] with a note.\n\n\
                Escaped \\[^bracket], in code `[^code]`, and [^two words].\n\n\
                ```\n[^fenced]\n```\n\n[^kept]: The note.\n";
    write(&tmp.path().join("one.md"), text);
    let out = build(tmp.path(), ".");
    let err = stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(err.contains("one.md:3:7: warning: the note mark [^gone] has no note"), "{err}");
    assert_eq!(err.matches("has no note").count(), 1, "only the mark with no note: {err}");
}

#[test]
fn no_output_or_report_is_written_over_a_file_the_book_is_made_from() {
    // The fuzz audit: `-o` the book's own folder, whose figure `t.pdf` shared the slug `t`,
    // replaced the figure with the print edition; `--report` replaced the manuscript.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("t.md"), "---\ntitle: T\n---\n\n# One\n\nText.\n");
    let made = folio(dir, &["build", "t.md", "-o", ".", "--pdf"]);
    assert!(made.status.success(), "{}", stderr(&made));
    write(&dir.join("book.md"), "---\ntitle: T\n---\n\n# One\n\n![A figure.](t.pdf)\n");
    let figure = std::fs::read(dir.join("t.pdf")).unwrap();
    let out = folio(dir, &["build", "book.md", "-o", "."]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("t.pdf is the book's own"), "{err}");
    assert_eq!(std::fs::read(dir.join("t.pdf")).unwrap(), figure, "the figure is untouched");
    let manuscript = std::fs::read(dir.join("book.md")).unwrap();
    let out = folio(dir, &["build", "book.md", "-o", "out", "--report", "book.md"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--report book.md is"), "{err}");
    assert_eq!(std::fs::read(dir.join("book.md")).unwrap(), manuscript, "the manuscript is untouched");
}
