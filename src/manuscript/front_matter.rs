//! Pandoc-style YAML front matter of a single-file book: `---` … `---` (or `...`).

use std::path::Path;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

use super::metadata::MetaInput;
use crate::diag::{Diagnostics, Location};
use crate::model::{Contributor, Role, Series};

/// The front matter's text and the line the Markdown body starts on.
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// Pandoc's `%` title block, if the file opens with one instead.
    pub title_block: Option<&'a str>,
    /// The Markdown after it.
    pub body: &'a str,
    /// 1-based line of the body's first line.
    pub body_line: u32,
}

/// Separates front matter (or a title block) from the body. A file that does not open with
/// `---` or `%` has none.
pub fn split(text: &str) -> Split<'_> {
    if let Some(n) = super::title_block::len(text) {
        let body_line = text[..n].matches('\n').count() as u32 + 1;
        return Split { yaml: None, title_block: Some(&text[..n]), body: &text[n..], body_line };
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Split { yaml: None, title_block: None, body: text, body_line: 1 };
    }
    let mut offset = first_end + 1;
    let mut line = 2;
    while offset <= text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Split {
                yaml: Some(&text[first_end + 1..offset]),
                title_block: None,
                body: &text[body_start..],
                body_line: line + 1,
            };
        }
        offset = end + 1;
        line += 1;
    }
    // No closing fence: treat the whole file as Markdown, where `---` is a thematic break.
    Split { yaml: None, title_block: None, body: text, body_line: 1 }
}

/// The metadata a single-file book's head gives, from YAML or a title block, and its cover.
pub fn meta(split: &Split<'_>, path: &Path, diags: &mut Diagnostics) -> (MetaInput, Option<String>) {
    match (split.yaml, split.title_block) {
        (Some(yaml), _) => read(yaml, path, diags),
        (None, Some(block)) => (super::title_block::read(block, path, diags), None),
        (None, None) => (MetaInput::default(), None),
    }
}

/// The keys folio understands, as pandoc spells them.
const KEYS: [&str; 21] = [
    "title",
    "subtitle",
    "author",
    "editor",
    "translator",
    "illustrator",
    "lang",
    "language",
    "date",
    "rights",
    "description",
    "abstract",
    "identifier",
    "publisher",
    "cover-image",
    "subject",
    "keywords",
    "series",
    "links-as-notes",
    "clean-pdf",
    "drop-caps",
];

/// Reads the YAML into metadata. Unknown keys and wrong types are errors with the line.
pub fn read(yaml: &str, path: &Path, diags: &mut Diagnostics) -> (MetaInput, Option<String>) {
    let mut meta = MetaInput::default();
    let at = |key: &str| -> Location {
        // Top-level keys start a line; yaml-rust2 does not report key positions.
        let line =
            yaml.lines().position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'));
        Location::at(path, line.map_or(1, |l| l as u32 + 2), 1)
    };
    // An alias is a copy made when the YAML is loaded: nine of nine nested ones took 10 GB
    // before a word of the book was read. Book metadata has no use for them.
    if let Some(m) = first_alias(yaml) {
        diags
            .error(
                Some(Location::at(path, m.line() as u32 + 1, m.col() as u32 + 1)),
                "the front matter uses a YAML alias (`*name`), which folio does not expand",
            )
            .help("write the value out where the alias stands");
        return (meta, None);
    }
    let docs = match YamlLoader::load_from_str(yaml) {
        Ok(docs) => docs,
        Err(e) => {
            let m = e.marker();
            diags
                .error(
                    Some(Location::at(path, m.line() as u32 + 1, m.col() as u32 + 1)),
                    format!("the front matter is not valid YAML: {}", e.info()),
                )
                .help("front matter is YAML between `---` lines, such as `title: \"My Book\"`");
            return (meta, None);
        }
    };
    let Some(doc) = docs.into_iter().next() else { return (meta, None) };
    let Yaml::Hash(map) = doc else {
        diags.error(Some(Location::at(path, 2, 1)), "the front matter must be a list of `key: value` lines");
        return (meta, None);
    };
    let mut cover = None;
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else { continue };
        let loc = at(&key);
        match key.as_str() {
            "title" => meta.title = text(&v).map(|t| (t, Some(loc.clone()))),
            "subtitle" => meta.subtitle = text(&v),
            "author" => people(&v, Role::Author, &mut meta.contributors),
            "editor" => people(&v, Role::Editor, &mut meta.contributors),
            "translator" => people(&v, Role::Translator, &mut meta.contributors),
            "illustrator" => people(&v, Role::Illustrator, &mut meta.contributors),
            "lang" | "language" => meta.lang = text(&v).map(|t| (t, Some(loc.clone()))),
            "date" => meta.date = text(&v).map(|t| (t, Some(loc.clone()))),
            "rights" => meta.rights = text(&v),
            "description" | "abstract" => meta.description = text(&v),
            "publisher" => meta.publisher = text(&v),
            "identifier" => identifier(&v, &loc, &mut meta),
            "cover-image" => cover = text(&v),
            "subject" | "keywords" => meta.subjects.extend(list(&v)),
            "series" => meta.series = text(&v).map(|name| Series { name, position: None }),
            "links-as-notes" | "clean-pdf" | "drop-caps" => match v {
                Yaml::Boolean(b) if key == "clean-pdf" => meta.typography.clean_pdf = Some(b),
                Yaml::Boolean(b) if key == "drop-caps" => meta.typography.drop_caps = Some(b),
                Yaml::Boolean(b) => meta.typography.links_as_notes = Some(b),
                _ => {
                    diags.error(Some(loc), format!("`{key}` is `true` or `false`"));
                    continue;
                }
            },
            // A slip of a key folio reads would lose what it holds: an error. Any other key is
            // pandoc's (`toc`, `geometry`, `header-includes`) or the author's own (`version`),
            // which a manuscript also built with pandoc must keep: it is left out, with a word.
            _ => {
                match meant(&key) {
                    Some(known) => diags
                        .error(Some(loc.clone()), format!("unknown front matter key `{key}`"))
                        .help(format!("did you mean `{known}`? folio reads these keys: {}", KEYS.join(", "))),
                    None => diags
                        .warning(
                            Some(loc.clone()),
                            format!(
                                "folio does not read the front matter key `{key}`: it is left out of the book"
                            ),
                        )
                        .help(format!(
                            "folio reads these keys: {}; pandoc's own settings have no meaning here",
                            KEYS.join(", ")
                        )),
                };
                continue;
            }
        }
        if matches!(v, Yaml::Hash(_)) && !matches!(key.as_str(), "identifier") {
            diags.error(Some(loc), format!("`{key}` should be text, not a nested map"));
        }
    }
    (meta, cover)
}

/// Where the front matter's first alias stands, if it has one (and parses at all: a front
/// matter that does not is reported by the loader).
fn first_alias(yaml: &str) -> Option<Marker> {
    struct Aliases(Option<Marker>);
    impl MarkedEventReceiver for Aliases {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            if matches!(ev, Event::Alias(_)) && self.0.is_none() {
                self.0 = Some(mark);
            }
        }
    }
    let mut found = Aliases(None);
    let _ = Parser::new_from_str(yaml).load(&mut found, true);
    found.0
}

/// The key folio reads that `key` is a slip of: one or two letters off (one in a short key),
/// its case, or the start of a longer key (`cover` for `cover-image`).
fn meant(key: &str) -> Option<&'static str> {
    let key = key.to_lowercase();
    let slack = if key.chars().count() <= 4 { 1 } else { 2 };
    KEYS.iter().copied().find(|known| {
        edits(&key, known) <= slack
            || (known.starts_with(key.as_str()) && known[key.len()..].starts_with('-'))
    })
}

/// The single-letter insertions, deletions, substitutions and swaps of two neighbours
/// (`lnag`) between two words: their optimal string alignment distance.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + cost).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn text(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        Yaml::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn list(v: &Yaml) -> Vec<String> {
    match v {
        Yaml::Array(a) => a.iter().filter_map(text).collect(),
        other => text(other)
            .map(|t| t.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default(),
    }
}

/// A person is a string, or a map with `name` (pandoc's `text`) and `file-as`.
fn people(v: &Yaml, role: Role, out: &mut Vec<Contributor>) {
    let one = |p: &Yaml| -> Option<Contributor> {
        let (name, file_as) = match p {
            Yaml::Hash(h) => {
                let get = |k: &str| h.get(&Yaml::String(k.into())).and_then(text);
                (get("name").or_else(|| get("text"))?, get("file-as"))
            }
            other => (text(other)?, None),
        };
        Some(Contributor { name, file_as, role, credentials: None, photo: None })
    };
    match v {
        Yaml::Array(a) => out.extend(a.iter().filter_map(one)),
        other => out.extend(one(other)),
    }
}

/// `identifier` is text, or pandoc's list of `{scheme, text}` maps.
fn identifier(v: &Yaml, loc: &Location, meta: &mut MetaInput) {
    let entries: Vec<&Yaml> = match v {
        Yaml::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for e in entries {
        match e {
            Yaml::Hash(h) => {
                let get = |k: &str| h.get(&Yaml::String(k.into())).and_then(text);
                let value = get("text").unwrap_or_default();
                match get("scheme").map(|s| s.to_ascii_uppercase()).as_deref() {
                    Some("ISBN-13") | Some("ISBN-10") | Some("ISBN") => {
                        meta.epub_isbn = Some((value, Some(loc.clone())))
                    }
                    Some("UUID") => {
                        meta.uuid =
                            Some((value.trim_start_matches("urn:uuid:").to_string(), Some(loc.clone())))
                    }
                    _ => meta.other_id = Some(value),
                }
            }
            other => {
                if let Some(t) = text(other) {
                    if let Some(u) = t.strip_prefix("urn:uuid:") {
                        meta.uuid = Some((u.to_string(), Some(loc.clone())));
                    } else if let Some(i) = t.strip_prefix("urn:isbn:") {
                        meta.epub_isbn = Some((i.to_string(), Some(loc.clone())));
                    } else {
                        meta.other_id = Some(t);
                    }
                }
            }
        }
    }
}
