//! Cutting a file's flat list of headings and blocks into sections with roles: parts, chapters,
//! epigraphs, and the front and back matter that heading classes name.

use std::collections::{HashMap, HashSet};

use super::epigraphs::{epigraph, epigraphs, is_another_epigraph, is_epigraph};
use super::markdown::{Heading, Item, Notes};
use super::unique::Unique;
use crate::diag::{Diagnostics, Location};
use crate::model::{Block, Inline, Lang, Note, NoteId, Section, SectionRole, Span};

/// Hands out section ids that are unique in the book and valid as XML ids and file names.
#[derive(Debug, Default)]
pub struct Ids {
    names: Unique,
    counters: HashMap<SectionRole, u32>,
}

impl Ids {
    /// Ids the EPUB writer uses for its own documents are never handed out.
    pub fn new() -> Ids {
        let mut names = Unique::default();
        for own in ["nav", "cover", "toc", "landmarks", "ncx"] {
            names.take(own);
        }
        Ids { names, counters: HashMap::new() }
    }

    /// An id for a section of `role`, from the author's `{#id}` when it is usable.
    pub fn section(&mut self, role: SectionRole, wanted: Option<&str>) -> String {
        let base = wanted.map(sanitize).filter(|w| !w.is_empty()).unwrap_or_else(|| {
            let n = self.counters.entry(role).or_insert(0);
            *n += 1;
            match role {
                SectionRole::Part | SectionRole::Chapter => format!("{}-{:03}", role.name(), n),
                _ if *n == 1 => role.name().to_string(),
                _ => format!("{}-{}", role.name(), n),
            }
        });
        self.names.copy(&base, 2, |k| format!("{base}-{k}"))
    }
}

/// Keeps ASCII letters, digits and hyphens, starting with a letter.
fn sanitize(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.starts_with(|c: char| c.is_ascii_digit()) { format!("s-{s}") } else { s }
}

/// Gives a section what its heading says: its title, the `{#id}` links may use for it, its
/// language and its running head.
fn titled(section: &mut Section, h: &Heading) {
    section.title = Some(h.inlines.clone());
    section.anchors.extend(h.id.clone());
    section.lang = heading_lang(h);
    section.running_head = running_head(h);
    section.unlisted = h.classes.iter().any(|c| c == "unlisted");
}

/// The role a heading asks for with `{.dedication}` or `{role=dedication}` / `{epub:type=…}`.
fn heading_role(h: &Heading) -> Option<SectionRole> {
    h.classes
        .iter()
        .map(String::as_str)
        .chain(h.attrs.iter().filter(|(k, _)| k == "role" || k == "epub:type").map(|(_, v)| v.as_str()))
        .find_map(SectionRole::from_name)
}

/// The language a heading asks for with `{lang=fr}`.
fn heading_lang(h: &Heading) -> Option<Lang> {
    h.attrs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(v))
}

/// The shorter running head a heading asks for with `{running-head="Short"}`.
fn running_head(h: &Heading) -> Option<String> {
    h.attrs
        .iter()
        .find(|(k, _)| k == "running-head")
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Splits a whole single-file book: an opening block quote is the book's epigraph, other text
/// before the first heading an untitled opening section, then one section per top-level heading.
pub fn split_book(items: Vec<Item>, start: Span, ids: &mut Ids) -> Vec<Section> {
    let (mut lead, rest) = leading_blocks(items);
    // A page break before the first heading (after a title block, say) or ending what comes
    // before it breaks nothing: the first section opens a page anyway.
    let breaks = |b: &Block| matches!(b, Block::PageBreak { .. });
    let leading = lead.iter().take_while(|b| breaks(b)).count();
    lead.drain(..leading);
    while lead.last().is_some_and(breaks) {
        lead.pop();
    }
    let mut sections = Vec::new();
    let mut lead = lead.into_iter().peekable();
    if let Some(Block::Quote { .. }) = lead.peek()
        && let Some(Block::Quote { blocks, span }) = lead.next()
    {
        let mut s = Section::new(SectionRole::Epigraph, ids.section(SectionRole::Epigraph, None), span);
        s.epigraphs = vec![epigraph(blocks, span)];
        sections.push(s);
    }
    let lead: Vec<Block> = lead.collect();
    if !lead.is_empty() {
        let span = lead[0].span();
        let role = if is_dedication(&lead) { SectionRole::Dedication } else { SectionRole::Introduction };
        let mut s = Section::new(role, ids.section(role, None), span);
        s.blocks = lead;
        sections.push(s);
    }
    sections.extend(split(rest, SectionRole::Chapter, start, ids, Parts::Guessed));
    sections
}

/// Words an untitled opening may have and still be a dedication: a few lines, or a short poem.
const DEDICATION_WORDS: usize = 120;

/// Whether untitled text before a book's first heading is its dedication ("For Anna", Onegin's
/// verses to Pletnev): a few lines of text or verse, which stand alone on their page, outside
/// the contents. Longer text, or anything but text, is an untitled introduction.
fn is_dedication(lead: &[Block]) -> bool {
    let mut words = 0;
    for b in lead {
        words += match b {
            Block::Paragraph(p) => Inline::plain_text(&p.inlines).split_whitespace().count(),
            Block::Verse { lines, .. } => {
                lines.iter().map(|l| Inline::plain_text(l).split_whitespace().count()).sum()
            }
            _ => return false,
        };
    }
    words <= DEDICATION_WORDS
}

/// Splits a file book.toml names as a chapter into one chapter per top-level heading, its
/// lower headings the chapter's own: a technical book's chapter file is one `#` over many `##`
/// sections. A book.toml declares its parts (`role = "part"`), or a heading asks (`{.part}`).
pub fn split_chapters(items: Vec<Item>, start: Span, ids: &mut Ids) -> Vec<Section> {
    split(items, SectionRole::Chapter, start, ids, Parts::Asked)
}

/// Where a split may make parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts {
    /// Also where a top-level heading has headings one level down under it: a single-file novel's
    /// `# Part One` over its `## Chapter` headings.
    Guessed,
    /// Only where a heading asks for one.
    Asked,
    /// Nowhere: a part's chapters, and chapters before the first part, keep their subheadings
    /// as headings of their own text.
    Never,
}

/// One section per top-level heading, parts made as `parts` says.
fn split(items: Vec<Item>, default: SectionRole, start: Span, ids: &mut Ids, parts: Parts) -> Vec<Section> {
    let top = items
        .iter()
        .filter_map(|i| if let Item::Heading(h) = i { Some(h.level) } else { None })
        .min()
        .unwrap_or(1);
    let mut groups: Vec<(Option<Heading>, Vec<Item>)> = Vec::new();
    for item in items {
        match item {
            Item::Heading(h) if h.level == top => groups.push((Some(h), Vec::new())),
            other => match groups.last_mut() {
                Some((_, body)) => body.push(other),
                None => groups.push((None, vec![other])),
            },
        }
    }
    // A novel's parts hold chapters and little else; a manual's top headings open text of their
    // own before their first subheading ("# Options" explains them before "## General
    // options"): where most do, they are chapters and what is under them their sections, as
    // pandoc splits such a file (the manual as parts and chapters left 57 blank pages).
    let parts =
        if parts == Parts::Guessed && chapters_with_sections(&groups, top) { Parts::Asked } else { parts };
    let mut sections = Vec::new();
    for (heading, body) in groups {
        let asked = heading.as_ref().and_then(heading_role);
        let has_sub = body.iter().any(|i| matches!(i, Item::Heading(h) if h.level == top + 1));
        // Chapters before the first part (a prologue) are the book's own, not a part's: a part
        // without a title would open the book with a blank part page.
        if heading.is_none() && has_sub && default == SectionRole::Chapter && parts == Parts::Guessed {
            let span = body.first().map_or(start, item_span);
            sections.extend(split(body, default, span, ids, Parts::Never));
            continue;
        }
        let role = match asked {
            Some(SectionRole::Part) if parts == Parts::Never => SectionRole::Chapter,
            Some(r) => r,
            None if parts == Parts::Guessed && has_sub && default == SectionRole::Chapter => {
                SectionRole::Part
            }
            None => default,
        };
        let span = heading.as_ref().map_or_else(|| body.first().map_or(start, item_span), |h| h.span);
        let mut section =
            Section::new(role, ids.section(role, heading.as_ref().and_then(|h| h.id.as_deref())), span);
        if let Some(h) = &heading {
            titled(&mut section, h);
        }
        if role == SectionRole::Part {
            let (intro, chapters) = leading_blocks(body);
            section.blocks = intro;
            section.children = split(chapters, SectionRole::Chapter, span, ids, Parts::Never);
        } else {
            fill(&mut section, body);
        }
        sections.push(section);
    }
    sections
}

/// Whether most top-level headings with headings under them open text of their own first: a
/// paragraph's worth of words (an epigraph is a part's too), a list, code or a table.
fn chapters_with_sections(groups: &[(Option<Heading>, Vec<Item>)], top: u8) -> bool {
    let (mut with_sub, mut with_text) = (0, 0);
    for (_, body) in groups.iter().filter(|(h, _)| h.is_some()) {
        if !body.iter().any(|i| matches!(i, Item::Heading(h) if h.level == top + 1)) {
            continue;
        }
        with_sub += 1;
        let lead = body.iter().take_while(|i| !matches!(i, Item::Heading(_)));
        let mut words = 0;
        let mut other = false;
        for item in lead {
            match item {
                Item::Block(Block::Paragraph(p)) => {
                    words += Inline::plain_text(&p.inlines).split_whitespace().count()
                }
                Item::Block(
                    Block::List { .. } | Block::Code { .. } | Block::Table(_) | Block::Definitions { .. },
                ) => other = true,
                _ => {}
            }
        }
        if other || words >= OWN_TEXT {
            with_text += 1;
        }
    }
    with_sub > 0 && 2 * with_text > with_sub
}

/// The words before its first subheading that make a top heading's text its own.
const OWN_TEXT: usize = 30;

/// Makes one section of a whole file: its first heading, if it opens the file, is the title.
pub fn whole_file(items: Vec<Item>, role: SectionRole, start: Span, ids: &mut Ids) -> Section {
    let mut items = items.into_iter().peekable();
    let heading = match items.peek() {
        Some(Item::Heading(_)) => match items.next() {
            Some(Item::Heading(h)) => Some(h),
            _ => None,
        },
        _ => None,
    };
    let span = heading.as_ref().map_or(start, |h| h.span);
    let mut section =
        Section::new(role, ids.section(role, heading.as_ref().and_then(|h| h.id.as_deref())), span);
    if let Some(h) = &heading {
        titled(&mut section, h);
    }
    let rest: Vec<Item> = items.collect();
    if role == SectionRole::Epigraph {
        let (blocks, _) = leading_blocks(rest);
        let quote = match blocks.as_slice() {
            [Block::Quote { .. }] => match blocks.into_iter().next() {
                Some(Block::Quote { blocks, .. }) => blocks,
                _ => Vec::new(),
            },
            _ => blocks,
        };
        section.epigraphs = vec![epigraph(quote, span)];
    } else {
        fill(&mut section, rest);
    }
    section
}

/// Puts a section's items in place: an opening quote ending in an em-dash attribution, or of a few
/// lines of verse, becomes the chapter's epigraph; headings below the section's level become inner headings, the levels the
/// section uses numbered down from 1 without a gap (`###` and `#####` under a chapter's `#` are
/// its levels 1 and 2: readers and screen readers take a skipped level for a missing heading),
/// and none more than one level below the heading before it (a `###` before any `##`).
fn fill(section: &mut Section, body: Vec<Item>) {
    let mut body = body.into_iter().peekable();
    // Quotes one after another at the opening are epigraphs one after another, those after
    // the first only short ones signed after a dash: a song or a letter the chapter opens on
    // after its epigraph is its text.
    let mut back = Vec::new();
    while back.is_empty()
        && let Some(Item::Block(Block::Quote { blocks, .. })) = body.peek()
        && (if section.epigraphs.is_empty() { is_epigraph(blocks) } else { is_another_epigraph(blocks) })
        && let Some(Item::Block(Block::Quote { blocks, span })) = body.next()
    {
        let (epigraphs, text) = epigraphs(blocks, span);
        section.epigraphs.extend(epigraphs);
        back = text;
    }
    let body: Vec<Item> = back.into_iter().map(Item::Block).chain(body).collect();
    let mut used: Vec<u8> =
        body.iter().filter_map(|i| if let Item::Heading(h) = i { Some(h.level) } else { None }).collect();
    used.sort_unstable();
    used.dedup();
    let mut above = 0;
    for item in body {
        section.blocks.push(match item {
            Item::Block(b) => b,
            Item::Heading(h) => {
                let rank = used.iter().position(|&l| l == h.level).unwrap_or(0) as u8;
                above = (rank + 1).min(above + 1);
                Block::Heading { level: above, inlines: h.inlines, id: h.id, span: h.span }
            }
        });
    }
    let mut above = 0;
    for b in &mut section.blocks {
        rank_nested_headings(b, &mut above, false);
    }
}

/// Headings inside quotes, lists and definitions keep the level Markdown gave them, which may
/// skip past the heading before them (a `##` quoted under a chapter's `##` was an `h4` under its
/// `h2`, which Ace reports): none is more than one level below the heading before it.
fn rank_nested_headings(block: &mut Block, above: &mut u8, nested: bool) {
    let each = |blocks: &mut Vec<Block>, above: &mut u8| {
        for b in blocks {
            rank_nested_headings(b, above, true);
        }
    };
    match block {
        Block::Heading { level, .. } => {
            if nested {
                *level = (*level).clamp(1, *above + 1);
            }
            *above = *level;
        }
        Block::Quote { blocks, .. } => each(blocks, above),
        Block::List { items, .. } => items.iter_mut().for_each(|i| each(&mut i.blocks, above)),
        Block::Definitions { items, .. } => {
            items.iter_mut().flat_map(|(_, defs)| defs.iter_mut()).for_each(|d| each(d, above));
        }
        _ => {}
    }
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Heading(h) => h.span,
        Item::Block(b) => b.span(),
    }
}

/// The blocks before the first heading, and the rest.
fn leading_blocks(items: Vec<Item>) -> (Vec<Block>, Vec<Item>) {
    let first_heading = items.iter().position(|i| matches!(i, Item::Heading(_))).unwrap_or(items.len());
    let mut items = items;
    let rest = items.split_off(first_heading);
    let blocks =
        items.into_iter().filter_map(|i| if let Item::Block(b) = i { Some(b) } else { None }).collect();
    (blocks, rest)
}

/// Marks the chapters print sets on from the one before (`Section::runs_on`), or from their part's
/// title.
pub fn mark_runs_on(sections: &mut [Section]) {
    for part in sections.iter_mut().filter(|s| s.role == SectionRole::Part) {
        // A chapter titled with its number and a name among chapters titled with a number
        // alone (The Idiot's "XII. Заключение" after "XI") is one of them, set on as they are.
        let mut numbered_before = false;
        for c in &mut part.children {
            let chapter = c.role == SectionRole::Chapter;
            let numbered = chapter && c.is_numbered();
            let named = chapter && c.is_numbered_and_named();
            c.runs_on = (numbered || named) && numbered_before && c.epigraphs.is_empty();
            numbered_before = numbered || c.runs_on;
        }
        // One poem in numbered sections (Song of Myself) sets its first on from its title too:
        // it opens as a poem, not on a part's title page. Poems may follow it in the part (The
        // Sleepers, then Transpositions): they open pages of their own, as poems do.
        let sections = 1 + part.children.iter().skip(1).take_while(|c| c.runs_on).count();
        let poem = sections > 1 && part.children.iter().all(Section::is_poem);
        if poem && let Some(first) = part.children.first_mut().filter(|c| c.epigraphs.is_empty()) {
            first.runs_on = true;
        }
        // A group of poems (Whitman's Inscriptions: twenty-four, most of a few lines) is set as
        // collected poems are, each after the one before with space between, not one a page.
        if !poem && !part.children.is_empty() && part.children.iter().all(Section::is_poem) {
            for c in part.children.iter_mut().skip(1).filter(|c| c.epigraphs.is_empty()) {
                c.runs_on = true;
            }
        }
        let runs: Vec<bool> = part.children.iter().map(|c| c.runs_on).collect();
        for (c, next) in part.children.iter_mut().zip(runs.iter().skip(1)) {
            c.heads_run = !c.runs_on && *next;
        }
    }
}

/// Moves footnotes into the sections that reference them, numbered from 1 in each section (on
/// from the section before in a run set on in print), and reports notes never referenced.
pub fn attach_notes(
    sections: &mut [Section],
    notes: &Notes,
    diags: &mut Diagnostics,
    locate: &dyn Fn(Span) -> Location,
) {
    let mut used = HashSet::new();
    for section in sections.iter_mut() {
        attach_to_section(section, notes, &mut used, diags, locate);
        for child in &mut section.children {
            attach_to_section(child, notes, &mut used, diags, locate);
        }
    }
    let mut unused: Vec<_> = notes.defs.iter().filter(|(id, _)| !used.contains(*id)).collect();
    unused.sort_by_key(|(id, _)| **id);
    for (_, (blocks, span)) in unused {
        diags
            .warning(
                Some(locate(*span)),
                "this footnote is never referenced; it is set at the end of its section",
            )
            .help("reference it in the text with [^label], or delete it");
        // Never lose text: the note joins the section it was written in.
        let home =
            sections.iter_mut().filter(|s| s.span.file == span.file && s.span.line <= span.line).last();
        if let Some(home) = home {
            let target = last_before(home, *span);
            let id = NoteId(target.notes.last().map_or(1, |n| n.id.0 + 1));
            target.notes.push(Note { id, blocks: blocks.clone(), referenced: false, span: *span });
        }
    }
    // Two notes numbered 1 could share a page of a run: the run numbers them on, the notes never
    // referenced among them (numbered on before, a run's next chapter took their numbers again).
    for section in sections.iter_mut() {
        let mut before = 0;
        for child in &mut section.children {
            if child.runs_on {
                number_notes_from(child, before);
            }
            before = child.notes.last().map_or(if child.runs_on { before } else { 0 }, |n| n.id.0);
        }
    }
}

/// Adds `offset` to the numbers of a section's notes and of their marks.
fn number_notes_from(section: &mut Section, offset: u32) {
    if offset == 0 || section.notes.is_empty() {
        return;
    }
    let mut shift = |inlines: &mut Vec<Inline>| shift_refs(inlines, offset);
    for b in &mut section.blocks {
        b.each_run_mut(&mut shift);
    }
    if let Some(t) = &mut section.title {
        shift(t);
    }
    for n in &mut section.notes {
        n.id = NoteId(n.id.0 + offset);
        for b in &mut n.blocks {
            b.each_run_mut(&mut shift);
        }
    }
}

fn shift_refs(inlines: &mut [Inline], offset: u32) {
    for inline in inlines {
        match inline {
            Inline::NoteRef(id) => *id = NoteId(id.0 + offset),
            nested => {
                if let Some(c) = nested.children_mut() {
                    shift_refs(c, offset);
                }
            }
        }
    }
}

/// The chapter of a part (or the part itself) written last before `span`.
fn last_before(section: &mut Section, span: Span) -> &mut Section {
    let idx = section.children.iter().rposition(|c| c.span.file == span.file && c.span.line <= span.line);
    match idx {
        Some(i) => &mut section.children[i],
        None => section,
    }
}

fn attach_to_section(
    section: &mut Section,
    notes: &Notes,
    used: &mut HashSet<NoteId>,
    diags: &mut Diagnostics,
    locate: &dyn Fn(Span) -> Location,
) {
    let mut local: HashMap<NoteId, NoteId> = HashMap::new();
    let mut order: Vec<NoteId> = Vec::new();
    let renumber = |blocks: &mut Vec<Block>, order: &mut Vec<NoteId>, local: &mut HashMap<NoteId, NoteId>| {
        for b in blocks.iter_mut() {
            b.each_run_mut(&mut |inlines| rewrite_refs(inlines, local, order, notes));
        }
    };
    for e in &mut section.epigraphs {
        renumber(&mut e.blocks, &mut order, &mut local);
        if let Some(a) = &mut e.attribution {
            rewrite_refs(a, &mut local, &mut order, notes);
        }
    }
    if let Some(t) = &mut section.title {
        rewrite_refs(t, &mut local, &mut order, notes);
    }
    renumber(&mut section.blocks, &mut order, &mut local);
    // Notes may reference further notes; those join the section too.
    let mut i = 0;
    while i < order.len() {
        let global = order[i];
        used.insert(global);
        match notes.defs.get(&global) {
            Some((blocks, span)) => {
                let mut blocks = blocks.clone();
                renumber(&mut blocks, &mut order, &mut local);
                section.notes.push(Note { id: NoteId(i as u32 + 1), blocks, referenced: true, span: *span });
            }
            None => {
                let at = notes.refs.get(&global).copied().unwrap_or(section.span);
                diags.warning(Some(locate(at)), "a footnote referenced here has no definition");
                section.notes.push(Note {
                    id: NoteId(i as u32 + 1),
                    blocks: Vec::new(),
                    referenced: true,
                    span: at,
                });
            }
        }
        i += 1;
    }
}

fn rewrite_refs(
    inlines: &mut [Inline],
    local: &mut HashMap<NoteId, NoteId>,
    order: &mut Vec<NoteId>,
    notes: &Notes,
) {
    let _ = notes;
    for inline in inlines.iter_mut() {
        match inline {
            Inline::NoteRef(id) => {
                let next = NoteId(order.len() as u32 + 1);
                let mapped = *local.entry(*id).or_insert_with(|| {
                    order.push(*id);
                    next
                });
                *id = mapped;
            }
            nested => {
                if let Some(c) = nested.children_mut() {
                    rewrite_refs(c, local, order, notes)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
