//! What a book is: title, people, language, identifiers and settings for the writers.

use super::{AssetId, Inline};

/// Everything said about the book rather than in it.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// The title.
    pub title: String,
    /// The subtitle, if any.
    pub subtitle: Option<String>,
    /// The title as the title pages set it, with its emphasis, small capitals, super- and
    /// subscripts and line breaks; `title` is its plain text, for catalogues and file names.
    pub title_inlines: Vec<Inline>,
    /// The subtitle as the title page sets it.
    pub subtitle_inlines: Option<Vec<Inline>>,
    /// Authors, editors, translators and illustrators, in the order given.
    pub contributors: Vec<Contributor>,
    /// The book's main language.
    pub lang: Lang,
    /// The e-book's identifier (an ISBN, or a UUID derived from the metadata).
    pub epub_id: Identifier,
    /// The print edition's ISBN, if it has one.
    pub print_isbn: Option<String>,
    /// The publisher or imprint.
    pub publisher: Option<String>,
    /// Publication date as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// The moment the files claim they were made, `YYYY-MM-DDThh:mm:ssZ`; never the clock.
    pub modified: String,
    /// The rights statement.
    pub rights: Option<String>,
    /// A short description for catalogues.
    pub description: Option<String>,
    /// Subjects or keywords.
    pub subjects: Vec<String>,
    /// The series the book belongs to.
    pub series: Option<Series>,
    /// The edition statement ("First edition").
    pub edition: Option<String>,
    /// The cover image.
    pub cover: Option<AssetId>,
    /// Accessibility statements.
    pub accessibility: Accessibility,
    /// Settings for the print edition.
    pub typography: Typography,
    /// A short name for output files.
    pub slug: String,
}

impl Metadata {
    /// The people with a given role, in order.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &Contributor> {
        self.contributors.iter().filter(move |c| c.role == role)
    }

    /// The authors' names joined for display ("A, B and C").
    pub fn author_line(&self) -> Option<String> {
        let names: Vec<&str> = self.with_role(Role::Author).map(|c| c.name.as_str()).collect();
        match names.as_slice() {
            [] => None,
            [one] => Some(one.to_string()),
            [init @ .., last] => Some(format!("{} and {}", init.join(", "), last)),
        }
    }
}

/// A person who made the book.
#[derive(Debug, Clone, PartialEq)]
pub struct Contributor {
    /// The name as printed.
    pub name: String,
    /// The name for sorting ("Austen, Jane").
    pub file_as: Option<String>,
    /// What they did.
    pub role: Role,
    /// Degrees or titles printed under the name on the author page.
    pub credentials: Option<String>,
    /// A portrait for the author page.
    pub photo: Option<AssetId>,
}

/// What a contributor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Wrote the book.
    Author,
    /// Edited it.
    Editor,
    /// Translated it.
    Translator,
    /// Illustrated it.
    Illustrator,
}

impl Role {
    /// The MARC relator code EPUB uses.
    pub fn marc(self) -> &'static str {
        match self {
            Role::Author => "aut",
            Role::Editor => "edt",
            Role::Translator => "trl",
            Role::Illustrator => "ill",
        }
    }

    /// Parses a role name as written in `book.toml`.
    pub fn from_name(name: &str) -> Option<Role> {
        match name.trim().to_ascii_lowercase().as_str() {
            "author" | "aut" => Some(Role::Author),
            "editor" | "edt" => Some(Role::Editor),
            "translator" | "trl" => Some(Role::Translator),
            "illustrator" | "ill" => Some(Role::Illustrator),
            _ => None,
        }
    }
}

/// A book identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// An ISBN-13, digits only.
    Isbn(String),
    /// A UUID, lower-case hex with dashes.
    Uuid(String),
    /// Anything else (a DOI, a URL), kept as given.
    Other(String),
}

impl Identifier {
    /// The identifier as a URN or as given.
    pub fn urn(&self) -> String {
        match self {
            Identifier::Isbn(d) => format!("urn:isbn:{d}"),
            Identifier::Uuid(u) => format!("urn:uuid:{u}"),
            Identifier::Other(o) => o.clone(),
        }
    }
}

/// A series and the book's place in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The series name.
    pub name: String,
    /// The book's number in the series.
    pub position: Option<u32>,
}

/// A BCP 47 language tag such as `en`, `en-GB`, `ru`, `kk`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lang(String);

impl Lang {
    /// A tag that is well-formed by BCP 47 (RFC 5646's grammar, as EPUBCheck reads `xml:lang`),
    /// with a 2–3 letter language first; `_` is read as `-`. `None` for anything else.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().replace('_', "-");
        well_formed(&tag.split('-').collect::<Vec<_>>()).then_some(Lang(tag))
    }

    /// The full tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag in lower case (`en` for `en-GB`).
    pub fn primary(&self) -> String {
        self.0.split('-').next().unwrap_or("").to_ascii_lowercase()
    }
}

/// RFC 5646: language (with up to three extended subtags), then an optional script, an optional
/// region, variants, extensions (a singleton and subtags) and a private use part, in this order.
fn well_formed(subtags: &[&str]) -> bool {
    let alpha = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let digits = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    let variant = |s: &str| alnum(s, 5..=8) || (alnum(s, 4..=4) && s.as_bytes()[0].is_ascii_digit());
    let Some((language, rest)) = subtags.split_first() else { return false };
    if !alpha(language, 2..=3) {
        return false;
    }
    let mut i = 0;
    let at = |i: usize| rest.get(i).copied();
    while i < 3 && at(i).is_some_and(|s| alpha(s, 3..=3)) {
        i += 1;
    }
    if at(i).is_some_and(|s| alpha(s, 4..=4)) {
        i += 1;
    }
    if at(i).is_some_and(|s| alpha(s, 2..=2) || digits(s)) {
        i += 1;
    }
    while at(i).is_some_and(variant) {
        i += 1;
    }
    // Extensions, then private use: a singleton, then one subtag or more of its own.
    while let Some(singleton) = at(i).filter(|s| alnum(s, 1..=1)) {
        let private = singleton.eq_ignore_ascii_case("x");
        let own = if private { 1..=8 } else { 2..=8 };
        let start = i + 1;
        i = start;
        while at(i).is_some_and(|s| alnum(s, own.clone())) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if private {
            break;
        }
    }
    i == rest.len()
}

impl Default for Lang {
    /// English, the language assumed when a manuscript names none.
    fn default() -> Lang {
        Lang("en".to_string())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Accessibility statements for the EPUB package (EPUB Accessibility 1.1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Accessibility {
    /// A sentence on how accessible the book is; a default is written when absent.
    pub summary: Option<String>,
    /// Hazards (`none` when absent).
    pub hazards: Vec<String>,
    /// Who checked the book against WCAG 2.1 AA, when someone did: the EPUB then claims it.
    pub certified_by: Option<String>,
}

/// Print settings from `book.toml`, read by the typesetter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Typography {
    /// Body font family name, or a path to a font file inside the book.
    pub body_font: Option<String>,
    /// Heading font family name, or a path to a font file inside the book.
    pub heading_font: Option<String>,
    /// Body size in points.
    pub font_size: Option<f64>,
    /// Trim size: a preset name (`6x9in`, `a5`…) or `W x H` with units.
    pub trim: Option<String>,
    /// Whether to add bleed at the top, the foot and the fore-edge of the trim.
    pub bleed: Option<bool>,
    /// Whether chapters open on a right-hand page.
    pub recto_chapters: Option<bool>,
    /// Whether a chapter's first paragraph opens with a drop cap two lines deep.
    pub drop_caps: Option<bool>,
    /// Whether a web link's address is printed in a footnote after its text (pandoc's
    /// `links-as-notes`).
    pub links_as_notes: Option<bool>,
    /// Whether the PDF is an interior for upload: no link areas, no bookmarks.
    pub clean_pdf: Option<bool>,
    /// Hyphenation files the book brings, already read: (file name, TeX text).
    pub hyphenation: Vec<(String, String)>,
    /// Hyphenation exceptions written in `book.toml` (`ta-ble`).
    pub hyphenation_exceptions: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_read_as_bcp_47_writes_them() {
        let ok = [
            "en",
            "en-GB",
            "kk",
            "kk-Cyrl-KZ",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "sl-rozaj-biske",
            "en-US-x-twain",
            "zh-yue-HK",
            "en-a-bbb-x-a-ccc",
            "EN_gb",
        ];
        for tag in ok {
            assert_eq!(
                Lang::parse(tag).map(|l| l.as_str().to_string()),
                Some(tag.replace('_', "-")),
                "{tag}"
            );
        }
        // Each is not well-formed; EPUBCheck stops at the first (OPF-092).
        let bad = [
            "xx-YY-zz",
            "",
            "e",
            "english",
            "en-",
            "en--GB",
            "en-GB-x",
            "en-a",
            "en-a-b",
            "en-GB-US",
            "en-x-abcdefghi",
            "de-1996-CH",
            "ru-Cyrl-Latn",
            "kk-KZ-Cyrl",
            "en GB",
            "en-GB!",
        ];
        for tag in bad {
            assert_eq!(Lang::parse(tag), None, "{tag}");
        }
    }
}
