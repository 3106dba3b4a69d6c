//! Foreign phrases in a Cyrillic book, read back from the EPUB: marked with their language where
//! their words tell it, left alone where they do not, the author's own marking kept.

mod common;

use common::{Epub, epub_of, parse};

/// Every element with a `lang` inside the chapters' bodies, as (lang, text).
fn marked(epub: &Epub) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in epub.spine().iter().filter(|f| f.contains("chapter-")) {
        let text = epub.text(file);
        let doc = parse(&text);
        let body = doc.descendants().find(|n| n.has_tag_name("body")).expect("a body");
        for n in body.descendants().filter(|n| n.is_element() && n.attribute("lang").is_some()) {
            // A section's own language is the book's; only passages inside its text count.
            if n.has_tag_name("section") {
                continue;
            }
            // (The book's typography ties one-letter words with no-break spaces, foreign or not.)
            let said: String = n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect();
            let said = said.replace('\u{a0}', " ");
            out.push((n.attribute("lang").unwrap_or_default().to_string(), said));
        }
    }
    out
}

#[test]
fn a_russian_books_french_and_italian_phrases_are_marked_for_screen_readers() {
    let md = "---\ntitle: Идиот\nauthor: Ф. М. Достоевский\nlang: ru\n---\n\n# I\n\n\
              – Je vous aime, Marie, – сказал князь. Лорд Byron Gordon молчал.\n\n\
              > La, sotto i giorni nubilosi e brevi\n>\n> — Петрарка\n\n\
              Генерал прочёл *Avis au lecteur* и [le roi de Rome]{lang=fr-FR} и строфы XXXIX. XL. XLI.\n\n\
              `the and of` — это код.\n";
    let epub = epub_of("book.md", md);
    let found = marked(&epub);
    let has = |lang: &str, text: &str| found.iter().any(|(l, t)| l == lang && t == text);
    assert!(has("fr", "Je vous aime, Marie"), "{found:?}");
    assert!(has("it", "La, sotto i giorni nubilosi e brevi"), "the epigraph too: {found:?}");
    assert!(has("fr", "Avis au lecteur"), "inside emphasis: {found:?}");
    assert!(has("fr-FR", "le roi de Rome"), "the author's marking as written: {found:?}");
    assert_eq!(found.len(), 4, "names, numerals and code are not marked: {found:?}");
    // xml:lang says the same as lang, as EPUB asks.
    let chapter = epub.text(&epub.spine().into_iter().find(|f| f.contains("chapter-")).unwrap());
    assert!(chapter.contains("lang=\"fr\" xml:lang=\"fr\">Je vous aime, Marie<"), "{chapter}");
    // The text reads the same.
    let text = epub.plain_text().replace('\u{a0}', " ");
    assert!(text.contains("– Je vous aime, Marie, – сказал князь."), "{text}");
}

#[test]
fn an_english_books_latin_script_is_its_own_and_left_unmarked() {
    let md = "---\ntitle: Novel\nlang: en\n---\n\n# One\n\nShe said: Je vous aime, Marie. And the rest.\n";
    let epub = epub_of("book.md", md);
    assert_eq!(marked(&epub), [], "no script tells French from English here");
}

#[test]
fn the_accessibility_summary_folio_writes_in_english_says_so_in_a_russian_book() {
    let summary_lang = |md: &str| {
        let opf = epub_of("book.md", md).text("OEBPS/content.opf");
        let doc = parse(&opf);
        let meta = doc
            .descendants()
            .find(|n| n.attribute("property") == Some("schema:accessibilitySummary"))
            .expect("a summary");
        assert!(meta.text().is_some_and(|t| t.starts_with("This publication has")), "{opf}");
        meta.attribute(("http://www.w3.org/XML/1998/namespace", "lang")).map(str::to_string)
    };
    assert_eq!(
        summary_lang("---\ntitle: Т\nauthor: А\nlang: ru\n---\n\n# Глава\n\nТекст.\n").as_deref(),
        Some("en")
    );
    // In an English book it is the book's own language already.
    assert_eq!(summary_lang("---\ntitle: T\nauthor: A\nlang: en\n---\n\n# One\n\nText.\n"), None);
}
