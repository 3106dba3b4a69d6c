//! Reading a manuscript into a [`Book`]: a folder with `book.toml`, or one Markdown file with
//! YAML front matter. Every problem goes to the diagnostics with its file and line; a book with
//! errors yields no [`Book`].

mod anchors;
mod blocks;
mod captions;
mod code_lines;
mod config;
mod cross_refs;
mod definition_terms;
mod epigraphs;
mod fancy_lists;
mod file;
mod foreign;
mod front_matter;
mod header_refs;
mod images;
mod inline_notes;
mod line_blocks;
mod markdown;
mod math;
mod metadata;
mod no_break;
mod noted_links;
mod pandoc_tables;
mod peek;
mod punctuation;
mod raised;
mod slips;
mod source;
mod spans;
mod stanzas;
mod structure;
mod title_block;
mod titles;
mod unique;
mod vector;

pub use metadata::{slugify, timestamp};
pub use peek::slug;

use std::path::{Path, PathBuf};

use config::{BookConfig, ContentEntry};
use images::Images;
use markdown::Notes;
use metadata::MetaInput;
use source::{Resolved, Sources};
use structure::Ids;

use crate::diag::{Diagnostics, Location};
use crate::model::{
    Accessibility, Book, Contributor, Input, Lang, Matter, Metadata, Role, Section, SectionRole, Series, Span,
};

/// What loading needs from outside the manuscript.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `SOURCE_DATE_EPOCH`: the time stamped into outputs, when set.
    pub source_date_epoch: Option<i64>,
    /// Draw no cover for a book that brings none: a print-only build has no use for the e-book
    /// cover, and drawing it was most of reading a book.
    pub no_generated_cover: bool,
}

/// Reads the book at `path` (a folder with `book.toml`, or a `.md` file).
pub fn load(path: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Option<Book> {
    read(path, options, diags).ok()
}

/// What a book that could not be read had read so far, and the files it named that it could
/// not read (not there, too large, unreadable): a watcher waits on these for the fix.
#[derive(Debug, Default)]
pub struct Unread {
    /// The files read.
    pub inputs: Vec<Input>,
    /// The files named but not read, as looked for.
    pub unread: Vec<PathBuf>,
}

/// The Markdown file a folder without `book.toml` holds, when it holds only one: such a folder
/// is that book (`folio build books/*` over folders of one `book.md` each), as a folder with
/// several could be only with a `book.toml` saying their order.
pub fn lone_markdown(folder: &Path) -> Option<PathBuf> {
    if !folder.is_dir() || folder.join("book.toml").exists() {
        return None;
    }
    let mut found = markdown_files(folder).into_iter();
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The Markdown files directly in `folder`, sorted.
fn markdown_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")))
        .collect();
    found.sort();
    found
}

/// Like [`load`]; a book with errors gives what it read and missed instead (see [`Unread`]).
pub fn read(path: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Result<Book, Unread> {
    let lone = lone_markdown(path);
    let path = lone.as_deref().unwrap_or(path);
    let (root, single) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else if path.is_file() {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        (parent.to_path_buf(), Some(path.to_path_buf()))
    } else {
        // Say which of the ways a path can hold no book this is: a typo, a device or pipe
        // (`/dev/null`), or a folder the user may not look into.
        let why = match std::fs::metadata(path) {
            Ok(_) => "no book here: the path is neither a file nor a folder".to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                "no book here: the path does not exist".to_string()
            }
            Err(e) => format!("no book here: the path cannot be read ({e})"),
        };
        diags
            .error(Some(Location::file(path)), why)
            .help("give a folder holding book.toml, or a Markdown file");
        return Err(Unread::default());
    };
    let mut sources = match Sources::new(&root) {
        Ok(s) => s,
        Err(e) => {
            diags.error(Some(Location::file(&root)), format!("cannot open the book's folder: {e}"));
            return Err(Unread::default());
        }
    };
    let book = {
        let mut reader = Reader {
            sources: &mut sources,
            images: Images::default(),
            notes: Notes::default(),
            ids: Ids::new(),
            draw_cover: !options.no_generated_cover,
            lost_entry: false,
            examples: Default::default(),
        };
        match single {
            Some(file) => reader.single_file(&file, options, diags),
            None => reader.folder(options, diags),
        }
    };
    let (files, mut inputs, unread) = sources.into_files();
    let Some(mut book) = book else { return Err(Unread { inputs, unread }) };
    book.sources = files;
    inputs.append(&mut book.inputs);
    // One entry per file and content: a file read twice with different bytes (edited in
    // between) keeps both, and the stamp can then never match, so the book is built again.
    inputs.sort_by(|a, b| (&a.path, &a.real, &a.sha256).cmp(&(&b.path, &b.real, &b.sha256)));
    inputs.dedup();
    if diags.has_errors() {
        return Err(Unread { inputs, unread });
    }
    book.inputs = inputs;
    Ok(book)
}

struct Reader<'a> {
    sources: &'a mut Sources,
    images: Images,
    notes: Notes,
    ids: Ids,
    draw_cover: bool,
    /// Whether an entry of `[[contents]]` could not be read, its error reported.
    lost_entry: bool,
    /// Example items numbered so far: a folder book's files number on, as pandoc numbers the
    /// files it is given.
    examples: fancy_lists::Examples,
}

/// A book's sections before they are sorted into front, body and back.
type Parts = Vec<Section>;

impl Reader<'_> {
    fn folder(&mut self, options: &LoadOptions, diags: &mut Diagnostics) -> Option<Book> {
        let toml_path = self.sources.root().join("book.toml");
        if !toml_path.is_file() {
            let found = markdown_files(self.sources.root()).len();
            let help = if found > 1 {
                format!(
                    "it holds {found} Markdown files, and only a book.toml can say their order: list them under [[contents]] (`folio init DIR` shows how), or build one file"
                )
            } else {
                "run `folio init DIR` for a new book, or build a single Markdown file".to_string()
            };
            diags.error(Some(Location::file(self.sources.root())), "this folder has no book.toml").help(help);
            return None;
        }
        let toml_file = Resolved { real: toml_path.clone(), named: toml_path.clone() };
        let (_, text) = self.sources.read_text(&toml_file, diags)?;
        let config: BookConfig = match toml::from_str(&text) {
            Ok(c) => c,
            Err(e) => {
                let (line, column) =
                    e.span().map_or((1, 1), |r| source::line_column(text.as_bytes(), r.start));
                let message = e.message().trim().replace('\n', " ");
                let hint = if message.contains("unknown field") {
                    "check the spelling; the README lists every key book.toml accepts"
                } else {
                    "book.toml is TOML: `key = \"value\"` lines and [tables]"
                };
                diags
                    .error(Some(Location::at(&toml_path, line, column)), format!("book.toml: {message}"))
                    .help(hint);
                return None;
            }
        };
        let at = |span: std::ops::Range<usize>| {
            let (l, c) = source::line_column(text.as_bytes(), span.start);
            Some(Location::at(&toml_path, l, c))
        };
        let root = self.sources.root().to_path_buf();
        let mut contributors = Vec::new();
        for c in &config.contributors {
            let role = match &c.role {
                None => Role::Author,
                Some(r) => Role::from_name(r.get_ref()).unwrap_or_else(|| {
                    diags
                        .error(at(r.span()), format!("unknown contributor role `{}`", r.get_ref()))
                        .help("use author, editor, translator or illustrator");
                    Role::Author
                }),
            };
            let photo = c.photo.as_ref().and_then(|p| self.image(p.get_ref(), &root, at(p.span()), diags));
            contributors.push(Contributor {
                name: c.name.clone(),
                file_as: c.file_as.clone(),
                role,
                credentials: c.credentials.clone(),
                photo,
            });
        }
        let written = |s: &toml::Spanned<String>| (s.get_ref().clone(), at(s.span()));
        let input = MetaInput {
            title: Some(written(&config.title)),
            subtitle: config.subtitle.clone(),
            contributors,
            lang: config.language.as_ref().map(written),
            date: config.date.as_ref().map(written),
            publisher: config.publisher.clone(),
            rights: config.rights.clone(),
            description: config.description.clone(),
            subjects: config.subjects.clone(),
            edition: config.edition.clone(),
            series: config.series.as_ref().map(|s| Series { name: s.name.clone(), position: s.position }),
            epub_isbn: config.identifiers.epub_isbn.as_ref().map(written),
            print_isbn: config.identifiers.print_isbn.as_ref().map(written),
            uuid: config.identifiers.uuid.as_ref().map(written),
            other_id: None,
            slug: config.slug.as_ref().map(written),
            accessibility: Accessibility {
                summary: config.accessibility.summary.clone(),
                hazards: config.accessibility.hazards.clone(),
                certified_by: config.accessibility.certified_by.clone().filter(|c| !c.trim().is_empty()),
            },
            typography: config::typography(&config),
        };
        let fallback = Location::file(&toml_path);
        let mut meta = metadata::build(input, options.source_date_epoch, &fallback, diags);
        config::check_page(&config.typography, &at, diags);
        for h in &config.typography.hyphenation {
            match self.sources.resolve(h.get_ref(), &root) {
                Ok(path) => {
                    match self.sources.read_text(&path, diags) {
                        Some((_, text))
                            if text.contains("\\patterns{") || text.contains("\\hyphenation{") =>
                        {
                            for p in crate::typeset::hyphenate::tex::check(&text) {
                                let (line, column) = (p.line as u32, p.column as u32);
                                diags
                                    .error(Some(Location::at(&path.real, line, column)), p.message)
                                    .help("patterns are letters with digits between them (.ab1c), exceptions words with their hyphens (ta-ble), as in hyph-utf8's files");
                            }
                            meta.typography.hyphenation.push((h.get_ref().clone(), text));
                        }
                        Some(_) => {
                            diags
                            .error(at(h.span()), format!("{} holds no \\patterns{{…}} or \\hyphenation{{…}}", h.get_ref()))
                            .help("use a hyph-utf8 pattern file, or list words like ta-ble in \\hyphenation{…}");
                        }
                        None => {}
                    }
                }
                Err(e) => {
                    diags.error(at(h.span()), e).help("paths in book.toml are relative to the book's folder");
                }
            }
        }
        if let Some(c) = &config.cover {
            meta.cover = self.image(c.get_ref(), &root, at(c.span()), diags);
        }
        if config.contents.is_empty() {
            diags
                .error(
                    Some(Location::file(&toml_path)),
                    "the book has no content: book.toml lists no [[contents]]",
                )
                .help("add entries such as [[contents]] file = \"chapter-1.md\"");
            return None;
        }
        let mut parts: Parts = Vec::new();
        let mut in_part = false;
        for entry in &config.contents {
            let Some((role, sections)) = self.entry(entry.get_ref(), entry.span(), &meta, &root, &at, diags)
            else {
                self.lost_entry = true;
                continue;
            };
            for section in sections {
                match (role, section.role) {
                    (_, SectionRole::Part) => {
                        in_part = true;
                        parts.push(section);
                    }
                    (_, SectionRole::Chapter) if in_part => {
                        if let Some(part) = parts.last_mut() {
                            part.children.push(section);
                        }
                    }
                    _ => {
                        in_part &= section.role.matter() == Matter::Body;
                        parts.push(section);
                    }
                }
            }
        }
        self.finish(meta, parts, fallback, diags)
    }

    /// Reads one `[[contents]]` entry into sections.
    fn entry(
        &mut self,
        entry: &ContentEntry,
        span: std::ops::Range<usize>,
        meta: &Metadata,
        root: &Path,
        at: &dyn Fn(std::ops::Range<usize>) -> Option<Location>,
        diags: &mut Diagnostics,
    ) -> Option<(SectionRole, Vec<Section>)> {
        let role = match &entry.role {
            None => SectionRole::Chapter,
            Some(r) => match SectionRole::from_name(r.get_ref()) {
                Some(role) => role,
                None => {
                    let names: Vec<&str> = SectionRole::ALL.iter().map(|r| r.name()).collect();
                    diags
                        .error(at(r.span()), format!("unknown section role `{}`", r.get_ref()))
                        .help(format!("roles are: {}", names.join(", ")));
                    return None;
                }
            },
        };
        let lang = entry.language.as_ref().and_then(|l| {
            Lang::parse(l.get_ref()).or_else(|| {
                diags.error(at(l.span()), format!("`{}` is not a language tag", l.get_ref()));
                None
            })
        });
        let person = match &entry.person {
            Some(p) => {
                let found = meta.contributors.iter().find(|c| &c.name == p.get_ref()).cloned();
                if found.is_none() {
                    diags
                        .error(at(p.span()), format!("no contributor is named `{}`", p.get_ref()))
                        .help("use a name from [[contributors]]");
                }
                found
            }
            None => meta.with_role(Role::Author).next().cloned(),
        };
        let generated = matches!(
            role,
            SectionRole::HalfTitle
                | SectionRole::TitlePage
                | SectionRole::Copyright
                | SectionRole::AboutAuthor
        );
        let mut sections = match &entry.file {
            None if generated => vec![Section::new(role, self.ids.section(role, None), Span::default())],
            None => {
                diags.error(
                    at(span),
                    format!("a `{}` entry in [[contents]] needs `file = \"…\"`", role.name()),
                );
                return None;
            }
            Some(f) => {
                let path = match self.sources.resolve(f.get_ref(), root) {
                    Ok(p) => p,
                    Err(e) => {
                        diags
                            .error(at(f.span()), e)
                            .help("paths in book.toml are relative to the book's folder");
                        return None;
                    }
                };
                if path.real.is_dir() {
                    diags
                        .error(at(f.span()), format!("`{}` is a folder, not a Markdown file", f.get_ref()))
                        .help("list each of its files as a [[contents]] entry of its own");
                    return None;
                }
                // A file read already is the settings themselves, or a chapter listed twice,
                // which would be set twice: slips of copying an entry.
                if self.sources.has_read(&path.real) {
                    if path.real.extension().is_some_and(|e| e == "toml") {
                        diags.error(
                            at(f.span()),
                            format!("`{}` is the book's settings, not a chapter", f.get_ref()),
                        );
                        return None;
                    }
                    diags
                        .warning(
                            at(f.span()),
                            format!(
                                "`{}` is listed in [[contents]] before: its text is set twice",
                                f.get_ref()
                            ),
                        )
                        .help("remove one of its entries, unless the book is meant to repeat it");
                }
                let lang_for_quotes = lang.clone().unwrap_or_else(|| meta.lang.clone());
                let (items, start, byline) = self.markdown_file(&path, &lang_for_quotes, diags)?;
                let mut sections = match role {
                    SectionRole::Chapter => structure::split_chapters(items, start, &mut self.ids),
                    _ => vec![structure::whole_file(items, role, start, &mut self.ids)],
                };
                // The file's title heads its first section: so does its authors' byline.
                if let Some(first) = sections.first_mut() {
                    first.byline = byline;
                }
                sections
            }
        };
        for s in &mut sections {
            if s.lang.is_none() {
                s.lang = lang.clone();
            }
            if s.role == SectionRole::AboutAuthor {
                s.person = person.clone();
            }
        }
        Some((role, sections))
    }

    fn single_file(&mut self, path: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Option<Book> {
        let given = match Resolved::given(path) {
            Ok(p) => p,
            Err(e) => {
                diags.error(Some(Location::file(path)), format!("cannot read the file: {e}"));
                return None;
            }
        };
        let (file, text) = self.sources.read_text(&given, diags)?;
        let path = given.real;
        let split = front_matter::split(&text);
        let (input, cover) = front_matter::meta(&split, &path, diags);
        let lang = input.lang.or_else(|| {
            // No language named: a Russian or Kazakh text set by English rules would take no
            // hyphens, English quotes and lines ending in «в» or «и».
            let (tag, name) = metadata::guess_lang(split.body)?;
            diags
                .warning(
                    Some(Location::at(&path, 1, 1)),
                    format!("the book names no language: its text reads as {name}, and is set as `{tag}` (hyphenation, quotation marks, labels)"),
                )
                .help(format!("add `lang: {tag}` (or the language it is in) to the front matter"));
            Some((tag.to_string(), None))
        });
        let input = MetaInput {
            lang,
            title: input.title.or_else(|| {
                // No front matter title: the file name stands in, as pandoc warns and does.
                let stem = path.file_stem()?.to_string_lossy().into_owned();
                diags
                    .warning(
                        Some(Location::at(&path, 1, 1)),
                        format!("the book has no title: its file name, \"{stem}\", stands in on the cover, the title page and in reading systems' libraries"),
                    )
                    .help("add front matter with a title, such as `---` / `title: \"My Book\"` / `---`, at the top of the file");
                Some((stem, Some(Location::at(&path, 1, 1))))
            }),
            ..input
        };
        let fallback = Location::at(&path, 1, 1);
        let mut meta = metadata::build(input, options.source_date_epoch, &fallback, diags);
        let root = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        if let Some(c) = cover {
            let line = text.lines().position(|l| l.starts_with("cover-image")).map_or(1, |l| l as u32 + 1);
            meta.cover = self.image(&c, &root, Some(Location::at(&path, line, 1)), diags);
        }
        let items = self.parse(file, split.body, split.body_line, &path, &meta.lang.clone(), diags);
        let start = Span { file, line: split.body_line, column: 1 };
        let mut sections = structure::split_book(items, start, &mut self.ids);
        let author = meta.with_role(Role::Author).next().cloned();
        for s in &mut sections {
            if s.role == SectionRole::AboutAuthor {
                s.person = author.clone();
            }
        }
        self.finish(meta, sections, fallback, diags)
    }

    /// Sorts sections into front, body and back, adds the pages made from metadata, attaches
    /// footnotes, and makes a cover when the book has none.
    fn finish(
        &mut self,
        mut meta: Metadata,
        mut sections: Parts,
        fallback: Location,
        diags: &mut Diagnostics,
    ) -> Option<Book> {
        let has_text = sections.iter().any(|s| {
            !s.blocks.is_empty() || !s.epigraphs.is_empty() || s.title.is_some() || !s.children.is_empty()
        });
        // A book whose contents could not be read (a file missing or not UTF-8, a role
        // misspelt) has had that said: "no content" would only be a second error for the same
        // fault, and one the author cannot act on.
        if !has_text && self.lost_entry {
            return None;
        }
        if !has_text {
            diags
                .error(Some(fallback), "the book has no content")
                .help("write some text below the front matter or in the files book.toml lists");
            return None;
        }
        let sources = &*self.sources;
        structure::mark_runs_on(&mut sections);
        stanzas::one_line_stanzas(&mut sections);
        structure::attach_notes(&mut sections, &self.notes, diags, &|span| sources.location(span));
        noted_links::mend(&mut sections);
        raised::read(&mut sections);
        anchors::name(&mut sections, &mut |r| {
            let (first, at) = (sources.location(r.first), sources.location(r.at));
            let said = match first.line {
                // Both in one paragraph, heading or list: its place is where it begins.
                _ if r.first == r.at => "earlier in the same passage".to_string(),
                _ if first.path == at.path && first.line == at.line => "earlier on this line".to_string(),
                Some(line) if first.path == at.path => format!("at line {line}"),
                _ => format!("at {first}"),
            };
            diags
                .warning(
                    Some(at),
                    format!(
                        "the name `#{}` is given here again: links to it lead to its first place, {said}",
                        r.name
                    ),
                )
                .help(format!("give each place a name of its own, as `{{#{}-2}}`", r.name));
        });
        header_refs::resolve(&mut sections);
        cross_refs::resolve(&mut sections, sources, diags);
        foreign::mark(&mut sections, &meta.lang);
        for role in [SectionRole::Copyright, SectionRole::TitlePage] {
            if !sections.iter().any(|s| s.role == role) {
                sections.insert(0, Section::new(role, self.ids.section(role, None), Span::default()));
            }
        }
        let mut front = Vec::new();
        let mut body = Vec::new();
        let mut back = Vec::new();
        for s in sections {
            match s.role.matter() {
                Matter::Front => front.push(s),
                Matter::Body => body.push(s),
                Matter::Back => back.push(s),
            }
        }
        // Title and copyright pages lead, in that order, whatever the manuscript's order.
        front.sort_by_key(|s| match s.role {
            SectionRole::HalfTitle => 0,
            SectionRole::TitlePage => 1,
            SectionRole::Copyright => 2,
            _ => 3,
        });
        if meta.cover.is_none() && !meta.title.is_empty() && self.draw_cover {
            match crate::cover::generate(&meta) {
                Ok(asset) => meta.cover = Some(self.images.add(asset)),
                Err(e) => {
                    diags.warning(None, format!("could not draw a cover: {e}"));
                }
            }
        }
        let (assets, inputs) = std::mem::take(&mut self.images).into_parts();
        Some(Book { metadata: meta, front, body, back, assets, sources: Vec::new(), inputs })
    }
}
