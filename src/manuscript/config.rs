//! `book.toml`: the typed description of a book kept as a folder.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostics, Location};

/// The whole `book.toml`. Unknown keys are errors, so a typo never passes silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookConfig {
    /// The title.
    pub title: Spanned<String>,
    /// The subtitle.
    pub subtitle: Option<String>,
    /// BCP 47 language tag of the book (`en`, `ru`, `kk`, `en-GB`).
    pub language: Option<Spanned<String>>,
    /// Short name for output files; derived from the title when absent.
    pub slug: Option<Spanned<String>>,
    /// Publisher or imprint.
    pub publisher: Option<String>,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    /// Rights statement.
    pub rights: Option<String>,
    /// Description for catalogues.
    pub description: Option<String>,
    /// Subjects or keywords.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Edition statement.
    pub edition: Option<String>,
    /// Cover image, relative to the book's folder.
    pub cover: Option<Spanned<String>>,
    /// ISBNs and a fixed UUID.
    #[serde(default)]
    pub identifiers: IdentifiersConfig,
    /// The series the book belongs to.
    pub series: Option<SeriesConfig>,
    /// Authors, editors, translators, illustrators.
    #[serde(default)]
    pub contributors: Vec<ContributorConfig>,
    /// Accessibility statements.
    #[serde(default)]
    pub accessibility: AccessibilityConfig,
    /// Print settings.
    #[serde(default)]
    pub typography: TypographyConfig,
    /// The ordered contents.
    #[serde(default)]
    pub contents: Vec<Spanned<ContentEntry>>,
}

/// `[identifiers]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IdentifiersConfig {
    /// ISBN of the e-book edition.
    pub epub_isbn: Option<Spanned<String>>,
    /// ISBN of the print edition.
    pub print_isbn: Option<Spanned<String>>,
    /// A fixed UUID for the e-book, when the book already has one.
    pub uuid: Option<Spanned<String>>,
}

/// `[series]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SeriesConfig {
    /// Series name.
    pub name: String,
    /// Position in the series.
    pub position: Option<u32>,
}

/// One `[[contributors]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContributorConfig {
    /// Name as printed.
    pub name: String,
    /// `author` (default), `editor`, `translator` or `illustrator`.
    pub role: Option<Spanned<String>>,
    /// Name for sorting.
    pub file_as: Option<String>,
    /// Degrees or titles for the author page.
    pub credentials: Option<String>,
    /// Portrait for the author page, relative to the book's folder.
    pub photo: Option<Spanned<String>>,
}

/// `[accessibility]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AccessibilityConfig {
    /// How accessible the book is, in a sentence or two.
    pub summary: Option<String>,
    /// Hazards, from the schema.org vocabulary (`none` by default).
    #[serde(default)]
    pub hazards: Vec<String>,
    /// Who checked the book against WCAG 2.1 AA: only then does the EPUB claim it conforms.
    pub certified_by: Option<String>,
}

/// `[typography]`: settings for the print edition.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypographyConfig {
    /// Body font family: the shipped Noto Serif only, for now.
    pub body_font: Option<Spanned<String>>,
    /// Heading font family: the shipped Noto Sans only, for now.
    pub heading_font: Option<Spanned<String>>,
    /// Body size in points.
    pub font_size: Option<Spanned<f64>>,
    /// Trim size preset or `W x H`.
    pub trim: Option<Spanned<String>>,
    /// Add bleed.
    pub bleed: Option<bool>,
    /// Open chapters on right-hand pages.
    pub recto_chapters: Option<bool>,
    /// Drop caps at chapter openings.
    pub drop_caps: Option<bool>,
    /// Web addresses in footnotes after their links' text, in print.
    pub links_as_notes: Option<bool>,
    /// A PDF for upload: no link areas, no bookmarks.
    pub clean_pdf: Option<bool>,
    /// TeX pattern files (`\patterns{…}` replaces the language's, `\hyphenation{…}` adds
    /// exceptions), relative to the book's folder.
    #[serde(default)]
    pub hyphenation: Vec<toml::Spanned<String>>,
    /// Words with their break points, `["ta-ble", "Nur-Sul-tan"]`.
    #[serde(default)]
    pub hyphenation_exceptions: Vec<String>,
}

/// One `[[contents]]` entry: a file and what it is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContentEntry {
    /// Markdown file relative to the book's folder; optional for generated pages.
    pub file: Option<Spanned<String>>,
    /// Section role (`chapter` by default).
    pub role: Option<Spanned<String>>,
    /// Language of the section, when it differs from the book's.
    pub language: Option<Spanned<String>>,
    /// For `about-author`: which contributor the page presents (the first author by default).
    pub person: Option<Spanned<String>>,
}

/// The print settings of `[typography]` as the model keeps them (pattern files are read later).
pub fn typography(config: &BookConfig) -> crate::model::Typography {
    let t = &config.typography;
    crate::model::Typography {
        body_font: t.body_font.as_ref().map(|s| s.get_ref().clone()),
        heading_font: t.heading_font.as_ref().map(|s| s.get_ref().clone()),
        font_size: t.font_size.as_ref().map(|s| *s.get_ref()),
        trim: t.trim.as_ref().map(|s| s.get_ref().clone()),
        bleed: t.bleed,
        recto_chapters: t.recto_chapters,
        drop_caps: t.drop_caps,
        links_as_notes: t.links_as_notes,
        clean_pdf: t.clean_pdf,
        hyphenation: Vec::new(),
        hyphenation_exceptions: t.hyphenation_exceptions.clone(),
    }
}

/// Checks `[typography]`'s page: a trim folio knows, a body size it sets, and a text block a
/// book can be set in. Each error points at the key to change; a page that cannot hold a book
/// is refused rather than printed with its text above the trim. Checked here, where each key's
/// line is known; the page's rules (margins, least lines and ems) are the layout's own.
pub fn check_page(
    t: &TypographyConfig,
    at: &dyn Fn(std::ops::Range<usize>) -> Option<Location>,
    diags: &mut Diagnostics,
) {
    use crate::layout::{LEAST_EMS, LEAST_LINES, SIZES};
    // The faces are folio's own (they cover Kazakh, and both editions are made in them): a face
    // named otherwise would be quietly ignored, so it is refused.
    for (key, font, family) in
        [("body-font", &t.body_font, "Noto Serif"), ("heading-font", &t.heading_font, "Noto Sans")]
    {
        let Some(font) = font.as_ref().filter(|f| !f.get_ref().trim().eq_ignore_ascii_case(family)) else {
            continue;
        };
        diags
            .error(
                at(font.span()),
                format!(
                    "{key} `{}` is not a face folio can set: it sets this text in {family}",
                    font.get_ref()
                ),
            )
            .help(format!(
                "remove {key}, or write \"{family}\": folio ships its faces, which cover Latin and Cyrillic \
                 with Kazakh, and sets both editions in them"
            ));
    }
    let size = t.font_size.as_ref().map_or(10.0, |s| *s.get_ref());
    let size_ok = SIZES.contains(&size);
    if let Some(s) = t.font_size.as_ref().filter(|_| !size_ok) {
        diags
            .error(
                at(s.span()),
                format!("font-size {size} is outside the {}–{} pt folio sets", SIZES.start(), SIZES.end()),
            )
            .help("body text reads best at 9 to 12 pt");
    }
    let spec = t.trim.as_ref().map_or("5.5x8.5in", |s| s.get_ref().as_str());
    let Some((w, h)) = crate::layout::trim(spec) else {
        let where_ = t.trim.as_ref().and_then(|s| at(s.span()));
        diags.error(where_, format!("unknown trim size `{spec}`")).help(
            "use 6x9in, 5.5x8.5in, 5x8in, a5, b-format, royal, or W x H in mm, in or pt (over 50 mm each way)",
        );
        return;
    };
    // Both settings are reported at once; the page is judged only at a size folio sets.
    if !size_ok {
        return;
    }
    let (lines, ems) = crate::layout::room(w, h, crate::typeset::Pt(size));
    if lines < LEAST_LINES || ems < LEAST_EMS {
        // The key the author most likely set to make it so.
        let key = t.trim.as_ref().map(|s| s.span()).or_else(|| t.font_size.as_ref().map(|s| s.span()));
        diags
            .error(
                key.and_then(at),
                format!(
                    "a {spec} page at {size} pt leaves room for {lines} lines {ems:.1} ems wide; a book needs \
                     at least {LEAST_LINES} lines {LEAST_EMS} ems wide"
                ),
            )
            .help("choose a larger trim or a smaller font-size");
    }
}
