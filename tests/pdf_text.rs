//! The print edition's text read back glyph by glyph (with hayro, through each font's ToUnicode
//! map and the spans' ActualText), as a reader copying from the PDF gets it.

mod common;

use common::{UNMAPPED, folio, pdf_text, stderr, write};

/// Builds a one-chapter book with `body` as its text and reads its PDF back, whitespace runs
/// made single spaces.
fn read_back(body: &str) -> String {
    read_back_with("", &format!("# C\n\n{body}"))
}

/// Builds a book of `chapters` with `front` added to its front matter and reads its PDF back,
/// whitespace runs made single spaces.
fn read_back_with(front: &str, chapters: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("t.md"), &format!("---\ntitle: Read back\nlang: en\n{front}...\n\n{chapters}\n"));
    let out = folio(tmp.path(), &["build", "t.md", "-o", "out", "--pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = std::fs::read_dir(tmp.path().join("out")).unwrap().filter_map(Result::ok);
    let pdf = built.map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "pdf"));
    let text = pdf_text(&std::fs::read(pdf.expect("a PDF is written")).unwrap());
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_negated_relation_reads_back_as_itself_beside_its_plain_sign() {
    // The text face has no ≠, ≮ or ≯: the engine drew each as its plain sign under a combining
    // long solidus, and the one glyph of "=" could read back as only one of "=" and "≠".
    let text = read_back(
        "While b ≠ c and a = b more, a ≯ b and a > b, a ≮ b and a < b.\n\n\
         So $\\beta \\neq \\gamma$ where $\\sum_{i=1}^{n} x_i = 1$.",
    );
    // Read without spaces: the sign is set in the math face, a run of its own, and the space
    // between two runs is a distance (extractors infer it), not a space glyph; so are a formula's.
    let text = text.replace(' ', "");
    for want in ["b≠canda=bmore", "a≯banda>b", "a≮banda<b", "Soβ≠γwhere"] {
        assert!(text.contains(want), "{want:?} not in {text:?}");
    }
    assert!(!text.contains(UNMAPPED), "a glyph with no text: {text:?}");
}

#[test]
fn a_drop_cap_reads_back_in_its_word() {
    // Drawn as text, the initial read back apart from the rest of its word ("I" / "t is"): it is
    // drawn as an outline now, and an invisible copy of the letter is read where the word goes on.
    let text = read_back_with(
        "drop-caps: true\n",
        "# One\n\nIt is a truth universally acknowledged, that a single man in possession of a good \
         fortune, must be in want of a wife, and many words more to fill three lines at least.\n\n\
         # Two\n\nI am no bird; and no net ensnares me: I am a free human being with an independent \
         will, which I now exert to leave you, and more words to fill the lines.\n\n\
         # Three\n\n“Mother,” she said, and went on for some time with words enough to make three \
         lines or so of this paragraph in the book, which is what is needed.\n",
    );
    for want in ["One It is a truth universally", "Two I am no bird;", "Three “Mother,” she said"] {
        assert!(text.contains(want), "{want:?} not in {text:?}");
    }
    assert!(!text.contains(UNMAPPED), "a glyph with no text: {text:?}");
}

#[test]
fn invisible_characters_draw_nothing_and_read_back_as_nothing() {
    // Each was drawn as the space glyph with its advance taken back: extractors read a space.
    let text = read_back(
        "An extra\u{AD}ordinarily long day, Virginia\u{2060}—\u{2060}The West, zero\u{200B}width, \
         in\u{200C}visible, jo\u{200D}ined and bom\u{FEFF}less.",
    );
    for want in ["extraordinarily long", "Virginia—The West", "zerowidth", "invisible", "joined", "bomless"]
    {
        assert!(text.contains(want), "{want:?} not in {text:?}");
    }
    assert!(!text.contains(UNMAPPED), "a glyph with no text: {text:?}");
}

#[test]
fn a_character_no_font_has_reads_back_as_itself_or_a_replacement_character() {
    // Every missing glyph is the face's glyph 0, which read back as the smallest of the
    // characters it stood for anywhere in the book: here the Arabic letter, for the Chinese too.
    let text = read_back("Missing 中文 and ب here.");
    let start = text.find("Missing ").expect("the sentence reads back") + "Missing ".len();
    let read: Vec<char> = text[start..].chars().take(3).collect();
    for (got, want) in read.iter().zip(['中', '文', ' ']) {
        assert!(*got == want || *got == '\u{FFFD}', "{want:?} read back as {got:?}: {text:?}");
    }
    let after = text[start..].split(" and ").nth(1).unwrap_or("");
    assert!(after.starts_with('ب') || after.starts_with('\u{FFFD}'), "{text:?}");
}
