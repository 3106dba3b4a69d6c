//! Helpers of the Markdown reader that work on what it collected rather than on events: blocks
//! formed from inlines (paragraph, verse or figure), inline clean-up, raw HTML reduced to its
//! text, and pandoc fenced divs.

use crate::model::{AssetId, Block, ImageSize, Inline, Paragraph, ParagraphStyle, Span};

/// Pandoc fenced divs (`::: lead` … `:::`): the fence lines are blanked (same bytes, so offsets
/// and lines stay true) and the line ranges of `lead` divs returned.
pub(super) fn fenced_divs(text: &str) -> (String, Vec<(u32, u32)>) {
    let mut out = String::with_capacity(text.len());
    let mut leads = Vec::new();
    let mut open: Vec<(u32, bool)> = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // `:::` in code is code; indented four columns past the text of the definition or item it
    // is in, a line is code or a paragraph's going on.
    let indents = super::code_lines::text_indents(&lines);
    for (i, (line, indent)) in lines.iter().zip(indents).enumerate() {
        let n = i as u32;
        let t = line.trim();
        let fence = indent.is_some_and(|rel| rel <= 3) && t.starts_with(":::") && {
            let rest = t.trim_start_matches(':').trim();
            rest.is_empty() || rest.chars().all(|c| c.is_alphanumeric() || "{}.-_ =\"#".contains(c))
        };
        if !fence {
            out.push_str(line);
            continue;
        }
        let name = t.trim_start_matches(':').trim().trim_matches(|c| c == '{' || c == '}').trim();
        if name.is_empty() {
            if let Some((start, lead)) = open.pop()
                && lead
            {
                leads.push((start, n));
            }
        } else {
            open.push((n, name.split_whitespace().any(|w| w.trim_start_matches('.') == "lead")));
        }
        out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
    }
    (out, leads)
}

/// Fenced code blocks followed line by line: the one every pass that reads lines before
/// pulldown-cmark uses, so that they agree on what is code.
#[derive(Default)]
struct Fences {
    /// The fence of the block the lines are in: its character and length.
    open: Option<(char, usize)>,
}

impl Fences {
    /// Whether `line` is part of a fenced code block, its fences included.
    fn line(&mut self, line: &str) -> bool {
        let t = line.trim();
        // Indented four spaces or more (or by a tab), a line opens or closes nothing.
        let indent = line.len() - line.trim_start_matches(' ').len();
        let indented = indent > 3 || line[indent..].starts_with('\t');
        match (self.open, (!indented).then(|| super::code_lines::code_fence(t)).flatten()) {
            (None, Some(f)) => self.open = Some(f),
            // A closing fence: the same character, at least as many, nothing after.
            (Some((c, len)), Some(f)) if f.0 == c && f.1 >= len && t.chars().all(|x| x == c) => {
                self.open = None
            }
            (None, None) => return false,
            _ => {}
        }
        true
    }
}

/// For each line, whether it is part of a fenced code block (its fences included).
pub(super) fn in_fenced_code(lines: &[&str]) -> Vec<bool> {
    let mut fences = Fences::default();
    lines.iter().map(|line| fences.line(line)).collect()
}

/// Whether a fenced code block is still open at the end of the lines (CommonMark runs it there).
pub(super) fn fence_open_at_end(lines: &[&str]) -> bool {
    let mut fences = Fences::default();
    lines.iter().for_each(|line| _ = fences.line(line));
    fences.open.is_some()
}

/// Where the code span opening with the backticks at `i` ends (after its closing run), or just
/// past the opening run when its paragraph ends first (the backticks are then literal).
pub(super) fn after_code_span(bytes: &[u8], i: usize) -> usize {
    let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
    let mut j = i + run;
    while j < bytes.len() {
        match bytes[j] {
            b'`' => {
                let n = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                if n == run {
                    return j + n;
                }
                j += n;
            }
            b'\n' if blank_after(bytes, j) => break,
            _ => j += 1,
        }
    }
    i + run
}

/// Whether the line after the line end at `i` is blank (a quotation's `>` marks aside): the
/// paragraph ends there.
pub(super) fn blank_after(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i + 1..];
    let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
    line.iter().all(|b| b.is_ascii_whitespace() || *b == b'>')
}

/// The `]` that closes a bracket whose text starts at `from` (an inline note's, a span's):
/// brackets inside it pair up, escapes and code spans are skipped, and a blank line (the
/// paragraph's end) means it never closes.
pub(super) fn closing_bracket(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => {
                i = after_code_span(bytes, i);
                continue;
            }
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(i),
            b']' => depth -= 1,
            b'\n' if blank_after(bytes, i) => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The TeX command a pandoc author ends a page with, if a paragraph is only that: whether what
/// follows opens a right-hand page (`\cleardoublepage`) or just a new one (`\newpage`,
/// `\pagebreak`, `\clearpage`).
pub(super) fn page_break(inlines: &[Inline]) -> Option<bool> {
    let [Inline::Text(t)] = inlines else { return None };
    match t.trim() {
        "\\newpage" | "\\pagebreak" | "\\clearpage" => Some(false),
        "\\cleardoublepage" => Some(true),
        _ => None,
    }
}

/// A line's text with the mark escaped that would make CommonMark read it as a block (a
/// heading, a list item, a quotation, a rule, a fence, a definition, a table row) where it is
/// meant as text: a verse line, an inline note. Inline marks (`*Refrain*`, `[a]{.b}`) are left.
pub(super) fn escape_block_start(text: &str, out: &mut String) {
    let t = text.trim_end();
    let b = t.as_bytes();
    let after = |n: usize| b.get(n).is_none_or(|c| *c == b' ' || *c == b'\t');
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..10).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')')) && after(digits + 1) {
        out.push_str(&t[..digits]);
        out.push('\\');
        out.push_str(&t[digits..]);
        return;
    }
    let run = |c: u8| b.iter().take_while(|x| **x == c).count();
    let only = |c: u8| t.bytes().all(|x| x == c || x == b' ') && t.bytes().filter(|x| *x == c).count() >= 3;
    let block = match b.first() {
        Some(b'#') => (1..=6).contains(&run(b'#')) && after(run(b'#')),
        Some(b'-' | b'+' | b'*') => after(1) || only(b[0]),
        Some(b'_') => only(b'_'),
        Some(b'=') => t.bytes().all(|x| x == b'='),
        Some(b'`' | b'~') => run(b[0]) >= 3,
        Some(b'>' | b'|') => true,
        Some(b':') => after(1),
        Some(b'<') => matches!(b.get(1), Some(b'!' | b'?')),
        Some(b'[') => t.find("]:").is_some_and(|at| !t[..at].contains(']')),
        _ => false,
    };
    if block {
        out.push('\\');
    }
    out.push_str(t);
}

/// Merges adjacent text, turns the newlines of soft breaks into spaces, trims the ends.
pub(super) fn tidy(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text(t) if t.starts_with('\u{0}') => {} // an image title outside a figure
            Inline::Text(t) => {
                let t = t.replace('\n', " ");
                match out.last_mut() {
                    // A comment or tag dropped from between two spaces leaves one space, not two.
                    Some(Inline::Text(prev)) if prev.ends_with(' ') && t.starts_with(' ') => {
                        prev.push_str(&t[1..])
                    }
                    // A line break before French high punctuation: the narrow space stands alone.
                    Some(Inline::Text(prev)) if prev.ends_with(' ') && t.starts_with('\u{202F}') => {
                        prev.pop();
                        prev.push_str(&t)
                    }
                    Some(Inline::Text(prev)) => prev.push_str(&t),
                    _ => out.push(Inline::Text(t)),
                }
            }
            other => out.push(other),
        }
    }
    // Only ASCII space is trimmed: a leading no-break space is the author's indent.
    if let Some(Inline::Text(t)) = out.first_mut() {
        *t = t.trim_start_matches([' ', '\t']).to_string();
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        *t = t.trim_end_matches([' ', '\t']).to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    out
}

/// A paragraph that is only an image (and the title the image left behind) is a figure: its
/// image, alt text, size and title.
pub(super) fn lone_image(inlines: &[Inline]) -> Option<LoneImage> {
    let mut parts =
        inlines.iter().filter(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty())).peekable();
    // The names the image was given (`{#fig:map}`) come before it.
    let mut names = Vec::new();
    while let Some(Inline::Anchor(name)) = parts.peek() {
        names.push(name.clone());
        parts.next();
    }
    let (asset, alt, size) = match parts.next() {
        Some(Inline::Image { asset, alt, size }) => (*asset, alt.clone(), *size),
        _ => return None,
    };
    let title = match (parts.next(), parts.next()) {
        (None, _) => String::new(),
        (Some(Inline::Text(t)), None) if t.starts_with('\u{0}') => t[1..].to_string(),
        _ => return None,
    };
    Some(LoneImage { asset, alt, size, title, names })
}

/// An image alone in its paragraph: a figure to be.
pub(super) struct LoneImage {
    pub(super) asset: AssetId,
    pub(super) alt: String,
    pub(super) size: ImageSize,
    /// Its title, the figure's caption if it has one.
    pub(super) title: String,
    /// The places links may lead to it by.
    pub(super) names: Vec<String>,
}

/// Lines broken by hard breaks are verse; anything else is a paragraph.
pub(super) fn paragraph_or_verse(inlines: Vec<Inline>, style: ParagraphStyle, span: Span) -> Block {
    if !inlines.iter().any(|i| matches!(i, Inline::LineBreak)) {
        return Block::Paragraph(Paragraph { style, inlines, span });
    }
    let mut lines = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::LineBreak => lines.push(Vec::new()),
            other => {
                if let Some(line) = lines.last_mut() {
                    line.push(other);
                }
            }
        }
    }
    let lines = lines.into_iter().map(tidy_line).filter(|l| !l.is_empty()).collect();
    Block::Verse { lines, span }
}

/// A paragraph's blocks: a displayed formula (`$$…$$`) stands apart, centred, and the text
/// before and after it are paragraphs of their own, the one after going on unindented.
pub(super) fn displays_apart(inlines: Vec<Inline>, style: ParagraphStyle, span: Span) -> Vec<Block> {
    if !inlines.iter().any(|i| matches!(i, Inline::Math { display: true, .. })) {
        return vec![paragraph_or_verse(inlines, style, span)];
    }
    let mut blocks = Vec::new();
    let mut text = Vec::new();
    let flush = |text: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
        let run = tidy_line(std::mem::take(text));
        if run.iter().any(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty())) {
            blocks.push(paragraph_or_verse(run, style, span));
        }
    };
    for inline in inlines {
        if matches!(inline, Inline::Math { display: true, .. }) {
            flush(&mut text, &mut blocks);
            let display = Paragraph { style: ParagraphStyle::Display, inlines: vec![inline], span };
            blocks.push(Block::Paragraph(display));
        } else {
            text.push(inline);
        }
    }
    flush(&mut text, &mut blocks);
    blocks
}

fn tidy_line(line: Vec<Inline>) -> Vec<Inline> {
    let mut line = line;
    if let Some(Inline::Text(t)) = line.first_mut() {
        *t = t.trim_start_matches([' ', '\t']).to_string();
    }
    if let Some(Inline::Text(t)) = line.last_mut() {
        *t = t.trim_end_matches([' ', '\t']).to_string();
    }
    line.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    line
}

/// The readable text of a raw HTML block: tags dropped, scripts and styles dropped whole.
pub(super) fn html_text(html: &str) -> Vec<Inline> {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let after = &rest[open..];
        let lower = after.get(..8).unwrap_or(after).to_ascii_lowercase();
        let skip_to = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else if lower.starts_with("<script") || lower.starts_with("<style") {
            let close = if lower.starts_with("<script") { "</script" } else { "</style" };
            after.to_ascii_lowercase().find(close).and_then(|i| after[i..].find('>').map(|j| i + j + 1))
        } else {
            after.find('>').map(|i| i + 1)
        };
        match skip_to {
            Some(n) => rest = &after[n..],
            None => {
                rest = "";
            }
        }
    }
    text.push_str(rest);
    let text = decode_entities(&text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() { Vec::new() } else { vec![Inline::Text(text)] }
}

/// An autolink's text with `\_`-style escapes taken as the author meant them. CommonMark keeps
/// an autolink verbatim, but a backslash is no part of a web address (EPUBCheck refuses one), so
/// one before a punctuation mark can only be an escape the author expected to work.
pub(super) fn unescape_autolink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether raw HTML holds nothing but comments and white space.
pub(super) fn comments_only(html: &str) -> bool {
    let mut rest = html.trim_start();
    while let Some(comment) = rest.strip_prefix("<!--") {
        let Some(end) = comment.find("-->") else { return false };
        rest = comment[end + 3..].trim_start();
    }
    rest.is_empty()
}

/// A page break asked for in raw HTML, as web and Word-converted manuscripts ask for one:
/// `<div style="page-break-after: always"></div>`, CSS's `break-before: page`, or a
/// `class="pagebreak"`. Whether it goes before the element's text (else after it), and whether
/// to a recto (`right`, `recto`).
pub(super) fn html_page_break(html: &str) -> Option<(bool, bool)> {
    let css: String = html.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    for side in ["before", "after"] {
        for (property, values) in [
            (format!("page-break-{side}:"), ["always", "left", "right"].as_slice()),
            (format!("break-{side}:"), ["page", "left", "right", "recto", "verso"].as_slice()),
        ] {
            let Some(at) = css.find(&property) else { continue };
            let value = &css[at + property.len()..];
            if let Some(v) = values.iter().find(|v| value.starts_with(*v)) {
                return Some((side == "before", matches!(*v, "right" | "recto")));
            }
        }
    }
    let classes = ["class=\"pagebreak\"", "class=\"page-break\"", "class=pagebreak", "class=page-break"];
    classes.iter().any(|c| css.contains(c)).then_some((true, false))
}

/// The few entities raw HTML commonly holds; anything else stays as typed.
fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The `key="a value with spaces"` pairs of a heading's `{…}` attributes, which pulldown-cmark
/// splits at the spaces (pandoc reads them whole).
pub(super) fn quoted_attrs(heading: &str) -> Vec<(String, String)> {
    let line = heading.lines().next().unwrap_or("").trim_end().trim_end_matches('#').trim_end();
    let Some(body) = line.strip_suffix('}').and_then(|l| l.rfind('{').map(|i| &l[i + 1..])) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].rsplit([' ', '\t']).next().unwrap_or("").to_string();
        let value = &rest[eq + 2..];
        let Some(end) = value.find('"') else { break };
        if !key.is_empty() {
            out.push((key, value[..end].to_string()));
        }
        rest = &value[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{comments_only, fenced_divs, quoted_attrs};

    #[test]
    fn a_headings_quoted_attribute_is_read_whole() {
        let pairs = |h: &str| quoted_attrs(h);
        assert_eq!(
            pairs(
                "# Applying Patterns to Deployment {#six running-head=\"Optimization Patterns\" lang=en}\n"
            ),
            [("running-head".to_string(), "Optimization Patterns".to_string())]
        );
        assert!(pairs("# No attributes\n").is_empty());
        assert!(pairs("# Unclosed {running-head=\"Half\n").is_empty());
    }

    #[test]
    fn only_comments_and_space_count_as_comments_only() {
        assert!(comments_only("<!-- a note -->\n"));
        assert!(comments_only("  <!-- one -->\n<!--\ntwo\n-->  \n"));
        assert!(!comments_only("<!-- a note --><div>text</div>"));
        assert!(!comments_only("<div><!-- a note --></div>"));
        assert!(!comments_only("<!-- never closed"));
    }

    #[test]
    fn colons_in_code_are_code_and_fences_elsewhere_are_divs() {
        let text = "::: lead\nOpening.\n:::\n\n    ::: {#special .sidebar}\n    Alpha\n    :::\n\n\
                    ```\n::: warning\nBravo\n:::\n```\n\n~~~~ text\n:::\n```\n:::\n~~~~\n\n::: note\nAfter.\n:::\n";
        let (out, leads) = fenced_divs(text);
        let lines: Vec<&str> = out.lines().collect();
        let kept = |s: &str| lines.iter().filter(|l| l.trim() == s).count();
        assert_eq!(kept(":::"), 4, "the closing fences in code stay:\n{out}");
        assert_eq!(kept("::: {#special .sidebar}") + kept("::: warning"), 2, "{out}");
        assert_eq!(kept("::: lead") + kept("::: note"), 0, "real divs are taken out:\n{out}");
        assert_eq!(leads, vec![(0, 2)]);
        assert_eq!(out.len(), text.len(), "lines keep their places");
    }

    #[test]
    fn a_div_in_a_definition_is_a_div_and_code_under_it_is_code() {
        // pandoc's manual: the formats of `-f` in a div under its definition, and an example.
        let text = "`-f` *FORMAT*\n\n:   Specify input format:\n\n    ::: {#input-formats}\n    - `bibtex`\n    :::\n\n\
                    `-M`\n\n:   Example:\n\n        ::: {lang=fr-CA}\n        > Citation.\n        :::\n";
        let (out, _) = fenced_divs(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[4].trim(), "", "{out}");
        assert_eq!(lines[6].trim(), "", "{out}");
        assert_eq!(lines[12].trim(), "::: {lang=fr-CA}", "{out}");
        assert_eq!(lines[14].trim(), ":::", "{out}");
    }
}
