//! Turning what `book.toml` or YAML front matter say into the model's [`Metadata`]: validated
//! language, dates and ISBNs, a stable identifier, a slug, and a timestamp that is never the clock.

use super::titles;
use crate::diag::{Diagnostics, Location};
use crate::model::{
    Accessibility, Contributor, Identifier, Inline, Lang, Metadata, Role, Series, Typography,
};

/// A value as written, with where it was written.
pub type Written = (String, Option<Location>);

/// Metadata as either manuscript format states it, before validation.
#[derive(Debug, Default)]
pub struct MetaInput {
    /// Title.
    pub title: Option<Written>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Contributors; photos are resolved by the caller.
    pub contributors: Vec<Contributor>,
    /// Language tag.
    pub lang: Option<Written>,
    /// Publication date.
    pub date: Option<Written>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Rights.
    pub rights: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Subjects.
    pub subjects: Vec<String>,
    /// Edition statement.
    pub edition: Option<String>,
    /// Series.
    pub series: Option<Series>,
    /// E-book ISBN.
    pub epub_isbn: Option<Written>,
    /// Print ISBN.
    pub print_isbn: Option<Written>,
    /// A fixed UUID.
    pub uuid: Option<Written>,
    /// Another identifier (pandoc's `identifier`).
    pub other_id: Option<String>,
    /// Output name.
    pub slug: Option<Written>,
    /// Accessibility statements.
    pub accessibility: Accessibility,
    /// Print settings.
    pub typography: Typography,
}

/// Validates the input and fills in what is derived. `epoch` is `SOURCE_DATE_EPOCH`, if set.
pub fn build(
    mut input: MetaInput,
    epoch: Option<i64>,
    fallback: &Location,
    diags: &mut Diagnostics,
) -> Metadata {
    // A field left empty (`publisher = ""`, `author: ""`) says nothing: written out, it would be
    // an empty element, which EPUBCheck rejects (RSC-005), and an empty line in print.
    let said = |t: Option<String>| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    for field in [&mut input.publisher, &mut input.rights, &mut input.description, &mut input.edition] {
        *field = said(field.take());
    }
    input.subjects = input.subjects.into_iter().filter_map(|s| said(Some(s))).collect();
    input.series = input.series.filter(|s| !s.name.trim().is_empty());
    let unnamed = input.contributors.iter().filter(|c| c.name.trim().is_empty()).count();
    if unnamed > 0 {
        diags
            .warning(
                Some(fallback.clone()),
                match unnamed {
                    1 => "a contributor with no name is left out".to_string(),
                    n => format!("{n} contributors with no name are left out"),
                },
            )
            .help("give each author, editor or translator a name, or remove the entry");
        input.contributors.retain(|c| !c.name.trim().is_empty());
    }
    for c in &mut input.contributors {
        c.file_as = said(c.file_as.take());
        c.credentials = said(c.credentials.take());
    }
    let title = match input.title {
        Some((t, _)) if !t.trim().is_empty() => t.trim().to_string(),
        other => {
            let loc = Some(other.and_then(|(_, l)| l).unwrap_or_else(|| fallback.clone()));
            diags
                .error(loc, "the book has no title")
                .help("add `title = \"…\"` to book.toml or `title:` to the front matter");
            String::new()
        }
    };
    let lang = match &input.lang {
        Some((tag, loc)) => Lang::parse(tag).unwrap_or_else(|| {
            diags
                .error(loc.clone(), format!("`{tag}` is not a language tag"))
                .help("use a BCP 47 tag such as en, en-GB, ru or kk");
            default_lang()
        }),
        None => default_lang(),
    };
    let date = input.date.and_then(|(d, loc)| {
        if valid_date(&d) {
            Some(d)
        } else {
            diags.error(loc, format!("`{d}` is not a date")).help("write YYYY, YYYY-MM or YYYY-MM-DD");
            None
        }
    });
    let epub_isbn = input.epub_isbn.and_then(|w| isbn(w, diags));
    let print_isbn = input.print_isbn.and_then(|w| isbn(w, diags));
    let authors: Vec<&str> =
        input.contributors.iter().filter(|c| c.role == Role::Author).map(|c| c.name.as_str()).collect();
    let epub_id = if let Some(d) = epub_isbn {
        Identifier::Isbn(d)
    } else if let Some((u, loc)) = input.uuid {
        match uuid::Uuid::parse_str(u.trim()) {
            Ok(u) => Identifier::Uuid(u.hyphenated().to_string()),
            Err(_) => {
                diags.error(loc, format!("`{u}` is not a UUID"));
                Identifier::Uuid(derived_uuid(&title, &authors, &lang))
            }
        }
    } else if let Some(other) = input.other_id.filter(|o| !o.trim().is_empty()) {
        Identifier::Other(other.trim().to_string())
    } else {
        Identifier::Uuid(derived_uuid(&title, &authors, &lang))
    };
    let modified = match epoch {
        Some(secs) => timestamp(secs),
        None => modified_from(date.as_deref()),
    };
    let slug = match input.slug {
        // An empty slug would name the files `.epub` and `.pdf`, hidden, or `book` for every
        // such book of a catalogue: neither is what was meant.
        Some((s, loc)) if s.trim().is_empty() => {
            diags.error(loc, "the slug is empty").help(format!(
                "remove it to use the title's, `{}`, or write the file name to use",
                slugify(&title)
            ));
            slugify(&title)
        }
        Some((s, loc)) => {
            let clean = slugify(&s);
            if clean != s {
                diags
                    .error(
                        loc,
                        format!("the slug `{s}` may only hold lower-case letters, digits and hyphens"),
                    )
                    .help(format!("use `{clean}`"));
            }
            clean
        }
        None => slugify(&title),
    };
    // Read as Markdown, as pandoc reads metadata; the identifier and the file name stay those
    // of the title as written, so that styling a title changes neither.
    let title_inlines = titles::read(&title, &lang);
    let subtitle_inlines =
        input.subtitle.as_deref().filter(|s| !s.trim().is_empty()).map(|s| titles::read(s, &lang));
    // Catalogues get ordinary spaces: a no-break space that ties "с\u{a0}собачкой" on the title
    // page is typesetting, not the title.
    let plain = |inlines: &[Inline]| Inline::plain_text(inlines).trim().replace('\u{a0}', " ");
    Metadata {
        title: if title.is_empty() { title.clone() } else { plain(&title_inlines) },
        subtitle: subtitle_inlines.as_deref().map(plain),
        title_inlines,
        subtitle_inlines,
        contributors: input.contributors,
        lang,
        epub_id,
        print_isbn,
        publisher: input.publisher,
        date,
        modified,
        rights: input.rights,
        description: input.description,
        subjects: input.subjects,
        series: input.series,
        edition: input.edition,
        cover: None,
        accessibility: input.accessibility,
        typography: input.typography,
        slug: if slug.is_empty() { "book".into() } else { slug },
    }
}

fn default_lang() -> Lang {
    Lang::default()
}

/// The language a text that names none reads as, when its letters say it is not English: mostly
/// Cyrillic is Russian, Kazakh where Kazakh's own letters are common, Ukrainian where its own
/// are. A tag and the language's name, for the warning that says so.
pub fn guess_lang(text: &str) -> Option<(&'static str, &'static str)> {
    let (mut cyrillic, mut latin, mut kazakh, mut ukrainian) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            'a'..='z' | 'A'..='Z' => latin += 1,
            '\u{0400}'..='\u{04FF}' => {
                cyrillic += 1;
                kazakh += usize::from("әғқңөұүһӘҒҚҢӨҰҮҺ".contains(c));
                ukrainian += usize::from("єїґЄЇҐ".contains(c));
            }
            _ => {}
        }
    }
    if cyrillic < 200 || cyrillic < 2 * latin {
        return None;
    }
    Some(if kazakh * 200 > cyrillic {
        ("kk", "Kazakh")
    } else if ukrainian * 500 > cyrillic {
        ("uk", "Ukrainian")
    } else {
        ("ru", "Russian")
    })
}

/// A UUID that depends only on what identifies the book, so rebuilding never changes it.
fn derived_uuid(title: &str, authors: &[&str], lang: &Lang) -> String {
    let key = format!("folio:{}|{}|{}", title, authors.join(";"), lang);
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes()).hyphenated().to_string()
}

/// Whether `d` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(super) fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let num =
        |s: &str, len: usize, max: u32| s.len() == len && s.parse::<u32>().is_ok_and(|n| n >= 1 && n <= max);
    match parts.as_slice() {
        [y] => num(y, 4, 9999),
        [y, m] => num(y, 4, 9999) && num(m, 2, 12),
        [y, m, day] => {
            let (year, month) = (y.parse::<u32>().unwrap_or(0), m.parse::<u32>().unwrap_or(0));
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            num(y, 4, 9999) && num(m, 2, 12) && num(day, 2, days)
        }
        _ => false,
    }
}

/// When the outputs were last changed, without `SOURCE_DATE_EPOCH`: the book's date, the same on
/// every build, unless it is older than e-books (The Idiot's `1869` is the novel's, not its
/// edition's: an EPUB "modified" in 1869 reads as a mistake to a retailer), then 2000-01-01.
fn modified_from(date: Option<&str>) -> String {
    const EARLIEST: &str = "2000-01-01T00:00:00Z";
    date.map(date_timestamp).filter(|t| t.as_str() >= EARLIEST).unwrap_or_else(|| EARLIEST.to_string())
}

fn date_timestamp(d: &str) -> String {
    let mut parts = d.split('-');
    let y = parts.next().unwrap_or("2000");
    let m = parts.next().unwrap_or("01");
    let day = parts.next().unwrap_or("01");
    format!("{y}-{m}-{day}T00:00:00Z")
}

/// Formats seconds since 1970 as an ISO 8601 UTC timestamp (civil-from-days, Howard Hinnant).
pub fn timestamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Validates an ISBN-10 or ISBN-13 and returns it as 13 digits.
fn isbn((raw, loc): Written, diags: &mut Diagnostics) -> Option<String> {
    let chars: Vec<char> = raw.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let digits13 = match chars.len() {
        10 => {
            let sum: u32 = chars
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v =
                        if i == 9 && (*c == 'X' || *c == 'x') { 10 } else { c.to_digit(10).unwrap_or(99) };
                    v * (10 - i as u32)
                })
                .sum();
            if !sum.is_multiple_of(11) || chars[..9].iter().any(|c| !c.is_ascii_digit()) {
                None
            } else {
                let body: String = std::iter::once("978")
                    .chain(std::iter::once(&*chars[..9].iter().collect::<String>()))
                    .collect();
                Some(format!("{body}{}", isbn13_check(&body)))
            }
        }
        13 if chars.iter().all(char::is_ascii_digit) => {
            let body: String = chars[..12].iter().collect();
            (isbn13_check(&body) == chars[12].to_digit(10).unwrap_or(99)).then(|| chars.iter().collect())
        }
        _ => None,
    };
    if digits13.is_none() {
        diags
            .error(loc, format!("`{raw}` is not a valid ISBN (wrong length or check digit)"))
            .help("copy the ISBN exactly as your ISBN agency issued it");
    }
    digits13
}

fn isbn13_check(body12: &str) -> u32 {
    let sum: u32 = body12
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10
}

/// An ASCII file name from a title: Cyrillic transliterated, everything else folded to hyphens.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            _ => match translit(c) {
                Some(s) => out.push_str(s),
                None => {
                    if !out.ends_with('-') {
                        out.push('-');
                    }
                }
            },
        }
    }
    let slug = out.trim_matches('-');
    // Eighty characters at most, cut between words where one ends past half of them: a file
    // named `…-after-the-collapse-of-the-sovie.pdf` reads as a typo.
    let end = slug.char_indices().nth(SLUG_MAX).map_or(slug.len(), |(i, _)| i);
    let mut cut = &slug[..end];
    if end < slug.len() && !slug[end..].starts_with('-') {
        cut =
            cut.rsplit_once('-').filter(|(head, _)| head.len() >= SLUG_MAX / 2).map_or(cut, |(head, _)| head);
    }
    cut.trim_end_matches('-').to_string()
}

/// The longest slug, in characters.
const SLUG_MAX: usize = 80;

fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ғ' => "gh",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'і' => "i",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "ng",
        'о' => "o",
        'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ұ' => "u",
        'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'à' | 'â' | 'ä' => "a",
        'ô' | 'ö' => "o",
        'î' | 'ï' => "i",
        'û' | 'ù' | 'ü' => "u",
        'ç' => "c",
        'ß' => "ss",
        '’' | '\'' => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_names_no_language_is_read_by_its_letters() {
        let ru = "Я спотыкался о камни, и в лесу было темно. ".repeat(10);
        let kk = "Қазақ халқының әдебиеті мен өнері, күңгірт үміт. ".repeat(10);
        let uk = "Її батько їхав через ґанок, і єдиний кінь стояв. ".repeat(10);
        assert_eq!(guess_lang(&ru), Some(("ru", "Russian")));
        assert_eq!(guess_lang(&kk), Some(("kk", "Kazakh")));
        assert_eq!(guess_lang(&uk), Some(("uk", "Ukrainian")));
        assert_eq!(guess_lang(&"An English book with a Russian word, мир. ".repeat(20)), None);
        assert_eq!(guess_lang("Мир."), None, "too little to tell");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Kazakhstan and regional security: overview"),
            "kazakhstan-and-regional-security-overview"
        );
        assert_eq!(slugify("Қара сөздер"), "qara-sozder");
        assert_eq!(slugify("Pride and Prejudice"), "pride-and-prejudice");
        // A long title is cut between words, at 80 characters at most.
        let long = "Kazakhstan and Regional Security in Central Asia after the Collapse of the Soviet Union";
        assert_eq!(
            slugify(long),
            "kazakhstan-and-regional-security-in-central-asia-after-the-collapse-of-the"
        );
        let word = "a".repeat(100);
        assert_eq!(slugify(&word).len(), 80, "one long word is cut where it must be");
    }

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn a_date_older_than_e_books_is_the_works_not_the_editions() {
        assert_eq!(modified_from(Some("1869")), "2000-01-01T00:00:00Z");
        assert_eq!(modified_from(Some("2024-05")), "2024-05-01T00:00:00Z");
        assert_eq!(modified_from(None), "2000-01-01T00:00:00Z");
    }

    #[test]
    fn dates_are_days_of_the_calendar() {
        for d in ["2026", "2026-02", "2026-02-28", "2024-02-29", "2000-02-29", "2026-12-31"] {
            assert!(valid_date(d), "{d}");
        }
        for d in ["2026-02-29", "1900-02-29", "2026-04-31", "2026-13", "2026-00-10", "2026-1-5", "26", ""] {
            assert!(!valid_date(d), "{d}");
        }
    }

    #[test]
    fn fields_left_empty_say_nothing() {
        let person = |name: &str| Contributor {
            name: name.into(),
            file_as: Some(" ".into()),
            role: Role::Author,
            credentials: Some(String::new()),
            photo: None,
        };
        let input = MetaInput {
            title: Some(("T".into(), None)),
            publisher: Some(" ".into()),
            rights: Some(String::new()),
            description: Some("\n".into()),
            edition: Some(String::new()),
            subjects: vec![String::new(), " x ".into()],
            series: Some(Series { name: " ".into(), position: Some(2) }),
            contributors: vec![person(""), person("A. B.")],
            ..MetaInput::default()
        };
        let mut d = Diagnostics::new();
        let m = build(input, None, &Location::file("book.toml"), &mut d);
        assert_eq!((m.publisher, m.rights, m.description, m.edition), (None, None, None, None));
        assert_eq!((m.subjects, m.series), (vec!["x".to_string()], None));
        let people: Vec<_> =
            m.contributors.iter().map(|c| (c.name.as_str(), &c.file_as, &c.credentials)).collect();
        assert_eq!(people, [("A. B.", &None, &None)]);
        assert!(!d.has_errors() && d.into_vec().len() == 1, "one warning, for the contributor left out");
    }

    #[test]
    fn an_empty_slug_is_an_error_at_its_line() {
        for empty in ["", "  "] {
            let at = Location::at("book.toml", 3, 8);
            let input = MetaInput {
                title: Some(("Pride and Prejudice".into(), None)),
                slug: Some((empty.into(), Some(at.clone()))),
                ..MetaInput::default()
            };
            let mut d = Diagnostics::new();
            let m = build(input, None, &Location::file("book.toml"), &mut d);
            assert_eq!(m.slug, "pride-and-prejudice");
            let errors = d.into_vec();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(
                (errors[0].location.as_ref(), errors[0].message.as_str()),
                (Some(&at), "the slug is empty")
            );
        }
    }

    #[test]
    fn isbns() {
        let mut d = Diagnostics::new();
        assert_eq!(isbn(("978-0-306-40615-7".into(), None), &mut d).as_deref(), Some("9780306406157"));
        assert_eq!(isbn(("0-306-40615-2".into(), None), &mut d).as_deref(), Some("9780306406157"));
        assert!(!d.has_errors());
        assert_eq!(isbn(("978-0-306-40615-8".into(), None), &mut d), None);
        assert!(d.has_errors());
    }
}
