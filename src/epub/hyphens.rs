//! Soft hyphens in the running text of languages no reading system hyphenates. A justified
//! paragraph on a phone's narrow screen opens into rivers unless words can break; reading systems
//! hyphenate English and Russian themselves (`hyphens: auto`), but none ships Kazakh patterns, so
//! a Kazakh paragraph carries U+00AD where folio's own patterns (the print edition's) allow a
//! break. Other languages are left to the reading system: search and read-aloud then meet no
//! invisible characters.

use std::cell::RefCell;

use crate::model::{Book, Inline, Lang};
use crate::typeset::hyphenate::Hyphenator;

/// Languages (primary subtags) whose text folio hyphenates for reading systems.
const MARKED: [&str; 1] = ["kk"];

/// Soft hyphen.
const SHY: char = '\u{AD}';

/// The book's hyphenation rules, for marking its paragraphs.
pub struct SoftHyphens {
    hyphenator: RefCell<Hyphenator>,
}

impl SoftHyphens {
    /// For a book with text in a marked language (its own or a section's); `None` otherwise, or
    /// when its own hyphenation files cannot be read (the print edition reports those).
    pub fn for_book(book: &Book) -> Option<SoftHyphens> {
        let m = &book.metadata;
        let langs = std::iter::once(&m.lang).chain(book.sections().filter_map(|s| s.lang.as_ref()));
        if !langs.into_iter().any(marked) {
            return None;
        }
        let mut hyphenator = Hyphenator::new();
        let own = &m.typography;
        hyphenator.add_book_rules(m.lang.as_str(), &own.hyphenation, &own.hyphenation_exceptions).ok()?;
        Some(SoftHyphens { hyphenator: RefCell::new(hyphenator) })
    }

    /// The inlines of a paragraph in `lang`, with soft hyphens where words of a marked language
    /// may break; code, formulas and passages in other languages are left as they are.
    pub fn insert(&self, inlines: &[Inline], lang: &Lang) -> Vec<Inline> {
        inlines.iter().map(|i| self.inline(i, lang)).collect()
    }

    fn inline(&self, inline: &Inline, lang: &Lang) -> Inline {
        match inline {
            Inline::Text(t) if marked(lang) => Inline::Text(self.text(t, lang.as_str())),
            Inline::Foreign(other, children) => Inline::Foreign(other.clone(), self.insert(children, other)),
            Inline::Code(_) | Inline::Math { .. } => inline.clone(),
            other => {
                let mut other = other.clone();
                if let Some(children) = other.children_mut() {
                    *children = self.insert(children, lang);
                }
                other
            }
        }
    }

    /// A text with soft hyphens at its words' break points.
    fn text(&self, text: &str, tag: &str) -> String {
        let mut hyphenator = self.hyphenator.borrow_mut();
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut rest = text;
        while !rest.is_empty() {
            let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, after) = rest.split_at(word_len);
            let mut from = 0;
            for at in hyphenator.find(tag, word) {
                out.push_str(&word[from..at]);
                out.push(SHY);
                from = at;
            }
            out.push_str(&word[from..]);
            let space_len = after.find(|c: char| !c.is_whitespace()).unwrap_or(after.len());
            out.push_str(&after[..space_len]);
            rest = &after[space_len..];
        }
        out
    }
}

/// Whether folio hyphenates a language's text for reading systems.
fn marked(lang: &Lang) -> bool {
    MARKED.contains(&lang.primary().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(lang: &str) -> Book {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.md");
        std::fs::write(&path, format!("---\ntitle: T\nlang: {lang}\n---\n\n# One\n\nText.\n")).unwrap();
        let mut diags = crate::diag::Diagnostics::new();
        crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads")
    }

    fn plain(inlines: &[Inline]) -> String {
        Inline::plain_text(inlines)
    }

    #[test]
    fn kazakh_words_take_soft_hyphens_where_the_print_edition_may_break_them() {
        let kk = Lang::parse("kk").unwrap();
        let soft = SoftHyphens::for_book(&book("kk")).expect("a Kazakh book is marked");
        let text = "Қазақстанның мемлекеттік қауіпсіздігі, «тәуелсіздік» — 1991.";
        let marked = soft.insert(&[Inline::Text(text.into())], &kk);
        let out = plain(&marked);
        assert_eq!(out.replace(SHY, ""), text, "only soft hyphens are added");
        let mut print = Hyphenator::new();
        for word in text.split_whitespace() {
            let found = out.split_whitespace().find(|w| w.replace(SHY, "") == word).unwrap();
            let points: Vec<usize> = found
                .char_indices()
                .filter(|(_, c)| *c == SHY)
                .enumerate()
                .map(|(k, (i, _))| i - k * SHY.len_utf8())
                .collect();
            assert_eq!(points, print.find("kk", word), "{word}");
        }
        assert!(out.matches(SHY).count() >= 8, "{out}");
    }

    #[test]
    fn code_formulas_other_languages_and_other_books_are_left_alone() {
        let kk = Lang::parse("kk").unwrap();
        let soft = SoftHyphens::for_book(&book("kk")).unwrap();
        let ru = Lang::parse("ru").unwrap();
        let inlines = vec![
            Inline::Code("мемлекеттік_қауіпсіздік".into()),
            Inline::Foreign(ru.clone(), vec![Inline::Text("государственной безопасности".into())]),
            Inline::Math { display: false, children: vec![Inline::Text("қауіпсіздігі".into())] },
            Inline::Emphasis(vec![Inline::Text("қауіпсіздігі".into())]),
        ];
        let out = soft.insert(&inlines, &kk);
        assert_eq!(out[..3], inlines[..3]);
        assert!(plain(&out[3..]).contains(SHY), "emphasis is running text");
        // A Russian paragraph in a Kazakh book, and a book in English or Russian: the reading
        // system hyphenates those itself.
        assert!(
            !plain(&soft.insert(&[Inline::Text("государственной безопасности".into())], &ru)).contains(SHY)
        );
        assert!(SoftHyphens::for_book(&book("en")).is_none());
        assert!(SoftHyphens::for_book(&book("ru")).is_none());
    }
}
