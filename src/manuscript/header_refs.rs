//! pandoc's implicit header references: `[Heading text]`, `[Heading text][]` and
//! `[the text][Heading text]` lead to the heading of that text, as if a reference had been
//! defined for every heading. pulldown-cmark asks about each reference it cannot resolve; those
//! naming a heading of the file become links with a provisional target, which [`resolve`] turns
//! into the heading's name once every heading has one.

use std::collections::HashSet;

use pulldown_cmark::{BrokenLink, CowStr, LinkType};

use crate::model::{Block, Inline, Section};

/// Starts a provisional target: no written target does, as [`written`] sees to.
const MARK: char = '\u{1}';

/// The headings' texts of one file, as written, to answer pulldown-cmark's questions.
pub struct Headings(HashSet<String>);

impl Headings {
    /// The texts of the ATX (`## Text {#id}`) and setext (`Text` over `===`) headings of a file.
    pub fn of(text: &str) -> Headings {
        let mut keys = HashSet::new();
        let mut before: Option<&str> = None;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        // A program's `# comment` is no heading: a `[comment]` in the prose taken for a link to
        // it would be text again in the end, but would have undone any link around it.
        let code = super::code_lines::in_code(&lines);
        for (line, code) in lines.iter().map(|l| l.trim_end_matches(['\n', '\r'])).zip(code) {
            if code {
                before = None;
                continue;
            }
            let t = line.trim_start_matches(' ');
            let indented = line.len() - t.len() > 3;
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            if !indented
                && (1..=6).contains(&hashes)
                && t[hashes..].chars().next().is_none_or(char::is_whitespace)
            {
                let mut content = t[hashes..].trim();
                if content.ends_with('}')
                    && let Some(open) = content.rfind('{')
                {
                    content = content[..open].trim_end();
                }
                keys.insert(key(content.trim_end_matches('#').trim_end()));
            } else if !indented
                && !t.trim().is_empty()
                && (t.trim_end().bytes().all(|b| b == b'=') || t.trim_end().bytes().all(|b| b == b'-'))
                && let Some(above) = before.filter(|l| !l.trim().is_empty())
            {
                keys.insert(key(above.trim()));
            }
            before = Some(line);
        }
        Headings(keys)
    }

    /// pulldown-cmark's question about `text`: a provisional target for a reference naming a
    /// heading.
    pub fn answer<'a>(&self, text: &str, link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
        // An image (its span starts at its `!`) leads nowhere: folio would look for a file of
        // that name. It stays text, as pandoc's does when no image is defined.
        if !self.0.contains(&key(&link.reference))
            || text.get(link.span.start..).is_some_and(|t| t.starts_with('!'))
        {
            return None;
        }
        // The label goes with the target: a shortcut's text is its label, but set (its quotes
        // curled, its emphasis gone) where the label is as written.
        let kind = match link.link_type {
            LinkType::Shortcut => 's',
            LinkType::Collapsed => 'c',
            _ => 'r',
        };
        let target = format!("{MARK}{kind}{}", link.reference);
        Some((target.into(), "".into()))
    }
}

/// A link's target as written, its control characters percent-encoded (as a URL takes them):
/// CommonMark allows them in `<…>`, where one would be taken for a provisional target.
pub fn written(target: &str) -> String {
    if !target.contains(MARK) {
        return target.to_string();
    }
    target.replace(MARK, "%01")
}

/// A heading's text or a label as pandoc compares them, both as written: case and runs of
/// white space aside (`[*options*]` is no reference to `# Options`).
fn key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A label as written or a heading's text as set, to find the one in the other: quotes curled or
/// not, code and emphasis marks aside.
fn loose(text: &str) -> String {
    key(text)
        .chars()
        .filter(|c| !matches!(c, '`' | '*' | '_'))
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// Points every provisional link at its heading's name, the first heading of that text in the
/// book; one that finds none (its heading was not one in the end) is text again, brackets and all.
pub fn resolve(sections: &mut [Section]) {
    let mut names: Vec<(String, String)> = Vec::new();
    collect(sections, &mut names);
    let find = |k: &str| names.iter().find(|(text, _)| text == k).map(|(_, name)| name.clone());
    sections.iter_mut().for_each(|s| s.each_run_mut(&mut |_, run| fix(run, &find)));
}

/// (key, name) of each title and heading, in reading order.
fn collect(sections: &[Section], out: &mut Vec<(String, String)>) {
    for s in sections {
        if let (Some(title), Some(name)) = (&s.title, s.anchors.first()) {
            out.push((loose(&Inline::plain_text(title)), name.clone()));
        }
        for b in &s.blocks {
            headings(b, out);
        }
        collect(&s.children, out);
    }
}

fn headings(b: &Block, out: &mut Vec<(String, String)>) {
    match b {
        Block::Heading { inlines, id: Some(id), .. } => {
            out.push((loose(&Inline::plain_text(inlines)), id.clone()))
        }
        Block::Quote { blocks, .. } => blocks.iter().for_each(|b| headings(b, out)),
        Block::List { items, .. } => items.iter().flat_map(|i| &i.blocks).for_each(|b| headings(b, out)),
        _ => {}
    }
}

fn fix(run: &mut Vec<Inline>, find: &dyn Fn(&str) -> Option<String>) {
    let mut i = 0;
    while i < run.len() {
        if let Some(children) = run[i].children_mut() {
            fix(children, find);
        }
        let Inline::Link { target, children, .. } = &mut run[i] else {
            i += 1;
            continue;
        };
        let Some((kind, label)) = target.strip_prefix(MARK).and_then(|t| {
            let mut chars = t.chars();
            Some((chars.next()?, chars.as_str()))
        }) else {
            i += 1;
            continue;
        };
        match find(&loose(label)) {
            Some(name) => {
                *target = format!("#{name}");
                i += 1;
            }
            None => {
                // As pulldown-cmark would have left it: the brackets as written, around the text.
                let close = match kind {
                    's' => "]".to_string(),
                    'c' => "][]".to_string(),
                    _ => format!("][{label}]"),
                };
                let mut text = vec![Inline::Text("[".into())];
                text.append(children);
                text.push(Inline::Text(close));
                let n = text.len();
                run.splice(i..=i, text);
                i += n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read_as_written_and_compared_as_pandoc_compares_labels() {
        let text = "# One {#first}\n\n## Two ##\n\nThree *emphasised*\n=====\n\n    # code, not a heading\n\n\
                    #hashtag\n\nNot over a rule\n\n---\n";
        let Headings(keys) = Headings::of(text);
        let mut keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["one", "three *emphasised*", "two"]);
        let Headings(in_code) = Headings::of("```sh\n# sic\n```\n\n    Code\n    ====\n");
        assert!(in_code.is_empty(), "{in_code:?}");
        assert_eq!(key("Heading  identifiers\nin HTML"), key("heading identifiers in html"));
        assert_ne!(key("*options*"), key("Options"), "emphasis marks are part of a label");
        assert_eq!(loose("Pandoc’s  `Markdown`"), loose("pandoc's markdown"));
    }
}
