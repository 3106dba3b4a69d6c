//! The few words folio itself puts in a book, in the book's language.

use crate::fonts;
use crate::model::{Book, Identifier, Role, SectionRole};

/// Words for generated pages and navigation.
#[derive(Debug)]
pub struct Labels {
    /// "Contents".
    pub contents: &'static str,
    /// "Landmarks".
    pub landmarks: &'static str,
    /// "Cover".
    pub cover: &'static str,
    /// "Notes".
    pub notes: &'static str,
    /// "Start of text".
    pub start: &'static str,
    /// "e-book" in an ISBN line.
    pub ebook: &'static str,
    /// "print" in an ISBN line.
    pub print: &'static str,
    /// The colophon line naming the fonts: what goes before the list of families, the word
    /// joining its last two, what goes after.
    pub set_in: (&'static str, &'static str, &'static str),
    /// "Portrait of".
    pub portrait: &'static str,
    roles: [&'static str; 14],
    people: [&'static str; 3],
}

const EN: Labels = Labels {
    contents: "Contents",
    landmarks: "Landmarks",
    cover: "Cover",
    notes: "Notes",
    start: "Start of text",
    ebook: "e-book",
    print: "print",
    set_in: ("Set in ", " and ", "."),
    portrait: "Portrait of",
    roles: [
        "Half title",
        "Title page",
        "Copyright",
        "Dedication",
        "Epigraph",
        "Foreword",
        "Preface",
        "Introduction",
        "Part",
        "Chapter",
        "Afterword",
        "Acknowledgements",
        "About the author",
        "Also by the author",
    ],
    people: ["Edited by", "Translated by", "Illustrated by"],
};

const RU: Labels = Labels {
    contents: "Содержание",
    landmarks: "Ориентиры",
    cover: "Обложка",
    notes: "Примечания",
    start: "Начало текста",
    ebook: "электронное издание",
    print: "печатное издание",
    set_in: ("Набрано шрифтами ", " и ", "."),
    portrait: "Портрет:",
    roles: [
        "Шмуцтитул",
        "Титульный лист",
        "Выходные данные",
        "Посвящение",
        "Эпиграф",
        "Предисловие",
        "Предисловие",
        "Введение",
        "Часть",
        "Глава",
        "Послесловие",
        "Благодарности",
        "Об авторе",
        "Другие книги автора",
    ],
    people: ["Редактор", "Перевод", "Иллюстрации"],
};

const KK: Labels = Labels {
    contents: "Мазмұны",
    landmarks: "Бағдарлар",
    cover: "Мұқаба",
    notes: "Ескертпелер",
    start: "Мәтіннің басы",
    ebook: "электрондық басылым",
    print: "баспа басылымы",
    set_in: ("", " және ", " қаріптерімен терілді."),
    portrait: "Портрет:",
    roles: [
        "Шмуцтитул",
        "Титул беті",
        "Шығу деректері",
        "Арнау",
        "Эпиграф",
        "Алғысөз",
        "Алғысөз",
        "Кіріспе",
        "Бөлім",
        "Тарау",
        "Соңғы сөз",
        "Алғыс",
        "Автор туралы",
        "Автордың басқа кітаптары",
    ],
    people: ["Редактор", "Аударған", "Суретші"],
};

const FR: Labels = Labels {
    contents: "Table des matières",
    landmarks: "Repères",
    cover: "Couverture",
    notes: "Notes",
    start: "Début du texte",
    ebook: "livre numérique",
    print: "imprimé",
    set_in: ("Composé en ", " et ", "."),
    portrait: "Portrait de",
    roles: [
        "Faux-titre",
        "Page de titre",
        "Mentions légales",
        "Dédicace",
        "Épigraphe",
        "Avant-propos",
        "Préface",
        "Introduction",
        "Partie",
        "Chapitre",
        "Postface",
        "Remerciements",
        "À propos de l’auteur",
        "Du même auteur",
    ],
    people: ["Édité par", "Traduit par", "Illustré par"],
};

impl Labels {
    /// The labels for a primary language subtag; English when folio has none.
    pub fn for_language(primary: &str) -> &'static Labels {
        match primary {
            "ru" => &RU,
            "kk" => &KK,
            "fr" => &FR,
            _ => &EN,
        }
    }

    /// The name of a section role.
    pub fn role(&self, role: SectionRole) -> &'static str {
        let i = SectionRole::ALL.iter().position(|r| *r == role).unwrap_or(0);
        self.roles[i]
    }

    /// Names as a list in the language: "A", "A and B", "A, B and C".
    pub fn list(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{}{}{last}", rest.join(", "), self.set_in.1),
        }
    }

    /// "Translated by" and the like.
    pub fn contributor(&self, role: Role) -> &'static str {
        match role {
            Role::Editor => self.people[0],
            Role::Translator => self.people[1],
            Role::Illustrator | Role::Author => self.people[2],
        }
    }
}

/// The lines of a copyright page, the same in the EPUB and the print edition: title and author,
/// rights, edition, publisher and date, the ISBNs of both editions, the fonts.
pub fn copyright_lines(book: &Book) -> Vec<String> {
    let m = &book.metadata;
    let labels = Labels::for_language(&m.lang.primary());
    let mut lines = Vec::new();
    lines.push(match m.author_line() {
        Some(a) => format!("{} · {a}", m.title),
        None => m.title.clone(),
    });
    lines.extend(m.rights.clone());
    lines.extend(m.edition.clone());
    match (&m.publisher, &m.date) {
        (Some(p), Some(d)) => lines.push(format!("{p}, {d}")),
        (Some(p), None) => lines.push(p.clone()),
        (None, Some(d)) => lines.push(d.clone()),
        (None, None) => {}
    }
    if let Some(i) = &m.print_isbn {
        lines.push(format!("ISBN {} ({})", hyphenate_isbn(i), labels.print));
    }
    if let Identifier::Isbn(i) = &m.epub_id {
        lines.push(format!("ISBN {} ({})", hyphenate_isbn(i), labels.ebook));
    }
    lines.push(set_in(labels, book));
    lines
}

/// The colophon's fonts: the text and display faces, and the monospaced and math faces when the
/// book has code or formulas.
fn set_in(labels: &Labels, book: &Book) -> String {
    let mut families = vec![fonts::SERIF[0].family, fonts::SANS[0].family];
    if book.has_code() {
        families.push(fonts::MONO[0].family);
    }
    if book.has_math() {
        families.push(fonts::MATH[0].family);
    }
    let (before, and, after) = labels.set_in;
    let last = families.pop().unwrap_or_default();
    format!("{before}{}{and}{last}{after}", families.join(", "))
}

/// A number in roman numerals, small letters: front-matter folios (and, read back, a chapter
/// titled only by its number).
pub fn roman(mut n: usize) -> String {
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Groups an ISBN-13 for print (978-… with the check digit apart); full hyphenation needs the
/// agency's range tables, so the body stays together.
fn hyphenate_isbn(d: &str) -> String {
    if d.len() == 13 { format!("{}-{}-{}", &d[..3], &d[3..12], &d[12..]) } else { d.to_string() }
}
