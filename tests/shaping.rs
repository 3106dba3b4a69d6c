//! The plain-word path of the shaper (words set from advances and engine-measured pair kerning,
//! without running rustybuzz on them) must give exactly what rustybuzz gives: every word of real
//! books, in every shipped face, is shaped both ways and compared glyph for glyph.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use folio::typeset::font::FontBook;
use folio::typeset::shape::Shaper;

/// Words a book's paragraphs are shaped in: whitespace-separated tokens, and their halves (the
/// typesetter also shapes pieces of words, around hyphens and style changes).
fn words(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for token in text.split_whitespace() {
        let chars: Vec<char> = token.chars().collect();
        let half = chars.len() / 2;
        out.insert(token.to_string());
        if half > 0 {
            out.insert(chars[..half].iter().collect());
            out.insert(chars[half..].iter().collect());
        }
    }
    out
}

/// Shapes every word in every face both ways; panics on the first difference. Returns how many
/// (face, word) shapings the plain path did, and how many there were.
fn compare(lang: &str, words: &BTreeSet<String>) -> (usize, usize) {
    let book = FontBook::shipped().expect("shipped fonts load");
    let mut fast = Shaper::new();
    let mut engine = Shaper::engine_only();
    let mut total = 0;
    // Small capitals always go to the engine: the plain path knows the default features only.
    for (face, _) in book.faces().filter(|(_, f)| !f.small_caps) {
        for word in words {
            let a = fast.shape(&book, face, lang, word);
            let b = engine.shape(&book, face, lang, word);
            assert_eq!(a.glyphs, b.glyphs, "{word:?} in face {face:?}, language {lang}");
            assert_eq!(a.width, b.width);
            total += 1;
        }
    }
    assert_eq!(engine.plain, 0, "the reference shaper never takes the plain path");
    (fast.plain, total)
}

#[test]
fn plain_words_of_a_novel_shape_as_the_engine_shapes_them() {
    let novel = std::fs::read_to_string(common::root().join("benches/fixtures/pride-and-prejudice.md"))
        .expect("the P&P fixture is in the repository");
    let (plain, total) = compare("en-GB", &words(&novel));
    // Most words are plain; ligatures (fi, ff, fl) and word joiners are not.
    assert!(plain * 10 > total * 8, "only {plain} of {total} shapings took the plain path");
}

#[test]
fn kazakh_russian_and_hard_cases_shape_as_the_engine_shapes_them() {
    let sample = "Қазақстан және аймақтық қауіпсіздік: шолу. Әділет, ғылым, Өмір, Ұлы, Үміт, Һәм, \
        Іргетас — әр сөз. Ҹ ӆ ԁ. Безопасность «региона» — «Идиот», «ёлка», Ёж; №5, 1⁄2, ½, 3–4. \
        AVAWAYToTaVaWaYa LT P. F. office affluent fjord ﬁ ﬂ ff, “quoted”, ‘single’… L’été à Noël, \
        naïve café; Ελληνικά, ΑΥΤΟ. e\u{301} i\u{308} soft\u{AD}hyphen word\u{2060}joiner a\u{200D}b \
        x\u{FE0F} (a) [b] {c} ¡Hola! ¿Qué? 1,234.56 € $ £ ¥ ™ © ® ° ± × ÷ µ † ‡ § ¶ • ‰ ′ ″";
    for lang in ["kk", "ru", "en-US", "fr", "de", "uk"] {
        let (plain, total) = compare(lang, &words(sample));
        assert!(plain > 0 && plain < total, "{lang}: {plain} of {total} plain");
    }
}

/// Every `book.md` in the shared corpus, in its own language.
#[test]
#[ignore = "needs ../shared/corpus (bash .ci/run)"]
fn plain_words_of_every_corpus_book_shape_as_the_engine_shapes_them() {
    let corpus = common::root().join("../shared/corpus");
    assert!(corpus.is_dir(), "the corpus is expected at {}", corpus.display());
    let mut books = Vec::new();
    find_books(&corpus, &mut books);
    assert!(books.len() >= 6, "expected the corpus's book.md files, found {}", books.len());
    for path in books {
        let text = std::fs::read_to_string(&path).expect("a corpus book reads");
        let lang = text
            .lines()
            .find_map(|l| l.strip_prefix("lang:"))
            .map_or("en", |l| l.trim().trim_matches('"'))
            .to_string();
        let (plain, total) = compare(&lang, &words(&text));
        assert!(plain > 0, "{}: nothing took the plain path", path.display());
        let _ = total;
    }
}

fn find_books(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("corpus dir reads").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            find_books(&p, out);
        } else if p.file_name().is_some_and(|n| n == "book.md") {
            out.push(p);
        }
    }
}
