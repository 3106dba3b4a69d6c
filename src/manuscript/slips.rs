//! Slips a manuscript's author would want pointed out: a code fence never closed (and the line
//! whose glued fence was meant to open it), a note mark with no note, an image with no alt text,
//! a sentence parted by a stray blank line, and a word mixing Latin and Cyrillic letters. All are warnings at the line: the text is read as
//! CommonMark reads it.

use std::ops::Range;

use super::markdown::{Context, Item};
use crate::diag::Location;
use crate::model::{Block, Inline, Paragraph, ParagraphStyle, Span};

/// Warns when the fenced code block at `range` of `text` is never closed.
pub(super) fn unclosed_fence(text: &str, range: Range<usize>, span: Span, cx: &mut Context<'_>) {
    if fence_closed(&text[range.clone()]) {
        return;
    }
    let glued = glued_fence(&text[..range.start], &text[range]).map(|at| cx.lines.span(text, at));
    let hint = match glued {
        Some(g) => format!(
            "line {} ends in a fence glued to its text, which opens nothing: a fence must begin \
             its own line; put it on one, and this fence closes that block",
            g.line
        ),
        None => "close it with a line of ``` (or ~~~) at least as long as the opening one; a fence \
                 must begin its own line"
            .to_string(),
    };
    cx.diags
        .warning(
            Some(Location::at(cx.path, span.line, span.column)),
            "this code block's fence is never closed: all that follows it is set as code",
        )
        .help(hint);
}

/// Warns when the text at `range` begins with a note mark, `[^label]`: the parser made a note of
/// every mark whose label has a definition, so a mark left as text has none, and would print as
/// written, unless its bracket is escaped (`\[^label]`).
pub(super) fn unknown_note(text: &str, range: Range<usize>, cx: &mut Context<'_>) {
    let Some(rest) = text[range.start..].strip_prefix("[^") else { return };
    let backslashes = text[..range.start].bytes().rev().take_while(|&b| b == b'\\').count();
    if backslashes % 2 == 1 {
        return;
    }
    let Some(end) = rest.find(|c: char| c == ']' || c == '[' || c.is_whitespace()) else { return };
    if end == 0 || !rest[end..].starts_with(']') {
        return;
    }
    let label = &rest[..end];
    let span = cx.lines.span(text, range.start);
    cx.diags
        .warning(
            Some(Location::at(cx.path, span.line, span.column)),
            format!("the note mark [^{label}] has no note: it is printed as written"),
        )
        .help(format!(
            "write the note on a line of its own, `[^{label}]: its text`, or check the label's spelling; \
             to print the brackets, write \\[^{label}]"
        ));
}

/// Warns that the image at `span` has nothing a screen reader can read for it.
pub(super) fn no_alt(span: Span, cx: &mut Context<'_>) {
    cx.diags
        .warning(
            Some(Location::at(cx.path, span.line, span.column)),
            "this image has no alt text: a screen reader skips it, and the EPUB cannot claim text \
             alternatives for its images",
        )
        .help(
            "describe it between the brackets, `![a map of the steppe](map.png)`; an image alone in \
             its paragraph shows those words as its caption",
        );
}

/// Warns at each top-level paragraph that goes on with a sentence the one before leaves open.
pub(super) fn split_sentences(items: &[Item], cx: &mut Context<'_>) {
    for pair in items.windows(2) {
        if let [Item::Block(Block::Paragraph(a)), Item::Block(Block::Paragraph(b))] = pair
            && splits_a_sentence(a, b)
        {
            cx.diags
                .warning(
                    Some(Location::at(cx.path, b.span.line, b.span.column)),
                    format!(
                        "this paragraph begins in lower case after one that stops mid-sentence (line {}): \
                         a blank line splits a sentence?",
                        a.span.line
                    ),
                )
                .help("remove the blank lines between them to join them; if the break is meant, end the first with punctuation");
        }
    }
}

/// Warns at each word of a text event (its source at `range`) that mixes Latin and Cyrillic
/// letters: "Lеon" with a Cyrillic е, Kazakh "бiлiм" with Latin i's, "RousseauВсе" run
/// together. The two alphabets share a dozen look-alike letters, so such a word looks right on
/// the page, but it hyphenates by neither language, and a search, a spelling checker and a
/// screen reader all stumble on it.
pub(super) fn mixed_scripts(text: &str, range: Range<usize>, mixed: &mut Mixed, cx: &mut Context<'_>) {
    let source = &text[range.clone()];
    // Most text events are of one script alone; Cyrillic's UTF-8 lead bytes are D0–D4. One
    // pass without branches tells, as this looks at every byte of the book.
    let seen = source.bytes().fold(0u8, |seen, b| {
        seen | u8::from((b | 0x20).wrapping_sub(b'a') < 26) | u8::from(b.wrapping_sub(0xD0) < 5) << 1
    });
    if seen != 3 {
        return;
    }
    for (at, word) in words(source) {
        let Some(odd) = odd_letters(word) else { continue };
        mixed.found += 1;
        if mixed.found > MIXED_NAMED {
            continue;
        }
        let span = cx.lines.span(text, range.start + at);
        cx.diags
            .warning(
                Some(Location::at(cx.path, span.line, span.column)),
                format!("the word \"{word}\" mixes Latin and Cyrillic letters ({odd})"),
            )
            .help(
                "a letter typed on the other keyboard layout looks the same but hyphenates, searches and \
                 reads aloud as another: retype it in the word's own alphabet (or add the missing space)",
            );
    }
}

/// Mixed words named one by one in a file; the rest are counted. A Kazakh text keyed with a
/// Latin i for і throughout has thousands, and a warning each would bury every other message.
const MIXED_NAMED: usize = 25;

/// The words mixing scripts found in one file so far.
#[derive(Debug, Default)]
pub(super) struct Mixed {
    found: usize,
}

impl Mixed {
    /// Counts, in one warning at the file, the mixed words not named.
    pub(super) fn finish(self, cx: &mut Context<'_>) {
        if let Some(more) = self.found.checked_sub(MIXED_NAMED).filter(|&n| n > 0) {
            cx.diags
                .warning(
                    Some(Location::file(cx.path)),
                    format!(
                        "{more} more words mix Latin and Cyrillic letters after the {MIXED_NAMED} named above"
                    ),
                )
                .help(
                    "a Latin i keyed for the Kazakh і, or a Latin e, o, a, c for their Cyrillic look-alikes, \
                     throughout the file? A search and replace inside Cyrillic words mends them",
                );
        }
    }
}

/// The words of a text with their byte offsets: runs of letters and the marks on them.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let in_word = |c: char| c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c);
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.by_ref().find(|&(_, c)| in_word(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if !in_word(c) {
                end = i;
                break;
            }
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// The letters of the script a mixed word has fewer of, described ("Cyrillic е"), or `None` when
/// the word is of one script.
fn odd_letters(word: &str) -> Option<String> {
    let cyrillic = |c: char| ('\u{400}'..='\u{52F}').contains(&c);
    let latin =
        |c: char| c.is_ascii_alphabetic() || (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic());
    let (l, c) = word.chars().fold((0, 0), |(l, k), ch| (l + latin(ch) as usize, k + cyrillic(ch) as usize));
    if l == 0 || c == 0 {
        return None;
    }
    let of = |script: &str, is: &dyn Fn(char) -> bool| {
        let mut odd: Vec<char> = word.chars().filter(|&ch| is(ch)).collect();
        odd.dedup();
        format!("{script} {}", odd.into_iter().collect::<String>())
    };
    // As many of each ("Хe"): which was the slip only the sentence tells.
    Some(match l.cmp(&c) {
        std::cmp::Ordering::Greater => of("Cyrillic", &cyrillic),
        std::cmp::Ordering::Less => of("Latin", &latin),
        std::cmp::Ordering::Equal => format!("{}, {}", of("Latin", &latin), of("Cyrillic", &cyrillic)),
    })
}

/// Whether a fenced code block's source (its opening fence to where it ends) ends with a closing
/// fence: one of the opening's character, at least as long, alone on its line (after a quote's
/// `>` or a list's indent). CommonMark lets a fence run on to the end of its container; an
/// author whose fence was glued to a line of text gets the rest of the chapter as code.
fn fence_closed(block: &str) -> bool {
    let strip = |line: &str| line.trim_start_matches([' ', '\t', '>']).trim_end().to_string();
    let mut lines = block.trim_end_matches(['\n', '\r']).lines();
    let Some(open) = lines.next().map(strip) else { return false };
    let Some(c) = open.chars().next().filter(|c| matches!(c, '`' | '~')) else { return true };
    let length = open.chars().take_while(|&x| x == c).count();
    lines.next_back().map(strip).is_some_and(|close| {
        close.chars().take_while(|&x| x == c).count() >= length && close.chars().all(|x| x == c)
    })
}

/// Where, in the lines `before` an unclosed fence `block`, an earlier line ends in the same fence
/// glued to its text (`see url_info.h):```C`): that opened nothing, being no line of its own, so
/// the fence meant to close its block opened one instead. The byte offset of that line, if one
/// of the sixty lines before has it.
fn glued_fence(before: &str, block: &str) -> Option<usize> {
    let open = block.trim_start_matches([' ', '\t', '>']);
    let c = open.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let fence: String = open.chars().take_while(|&x| x == c).collect();
    let mut end = before.len();
    // The author's slip is usually a screen or two above; further, a match is more likely chance.
    for _ in 0..60 {
        let body = before[..end].strip_suffix('\n').unwrap_or(&before[..end]);
        let start = body.rfind('\n').map_or(0, |i| i + 1);
        let line = before[start..end].trim_end();
        let text = line.trim_start_matches([' ', '\t', '>']);
        if let Some(at) = text.rfind(fence.as_str()).filter(|&at| at > 0) {
            let info = &text[at + fence.len()..];
            let glued = !text[..at].ends_with(c) && !text[..at].trim_end().is_empty();
            if glued && !info.contains(c) && !info.contains(char::is_whitespace) {
                return Some(start);
            }
        }
        if start == 0 {
            return None;
        }
        end = start;
    }
    None
}

/// Whether two body paragraphs are one sentence parted by a stray blank line, as hard-wrapped
/// text converted carelessly often is: the first stops on a letter, no punctuation, and the
/// second goes on in lower case ("il passait pour quelque" / "peu excentrique.").
fn splits_a_sentence(a: &Paragraph, b: &Paragraph) -> bool {
    // Text at the seam: a paragraph opening on code (`ls` lists…) is no sentence going on. Only
    // the seam is read, so that a book's every paragraph is not copied out to check it.
    let (Some(Inline::Text(end)), Some(Inline::Text(start))) = (a.inlines.last(), b.inlines.first()) else {
        return false;
    };
    let body = |p: &Paragraph| p.style == ParagraphStyle::Body;
    let ends_open = end.trim_end().chars().next_back().is_some_and(char::is_alphabetic);
    let goes_on = start.trim_start().chars().next().is_some_and(char::is_lowercase);
    // A run of words in bold (a label) or a lone word is no sentence to split.
    body(a)
        && body(b)
        && ends_open
        && goes_on
        && Inline::plain_text(&a.inlines).split_whitespace().nth(2).is_some()
}

#[cfg(test)]
mod tests {
    use super::{glued_fence, odd_letters, splits_a_sentence, words};
    use crate::model::{Inline, Paragraph, ParagraphStyle, Span};

    #[test]
    fn a_sentence_parted_by_a_blank_line_is_told_from_paragraphs_and_labels() {
        let p = |text: &str| Paragraph {
            style: ParagraphStyle::Body,
            inlines: vec![Inline::Text(text.into())],
            span: Span::default(),
        };
        let split = |a: &str, b: &str| splits_a_sentence(&p(a), &p(b));
        assert!(split("Sir Charles était veuf ; il passait pour quelque", "peu excentrique."));
        assert!(split("Он жил в доме у", "самой реки."));
        // Punctuation ends a paragraph; a capital starts one; a lone word is a label or a list.
        assert!(!split("It was over.", "then they left."));
        assert!(!split("He said nothing at all", "Then they left."));
        assert!(!split("Ingredients", "flour, water and salt."));
        assert!(!split("He waited and waited —", "nothing came."));
        let code = Paragraph {
            inlines: vec![Inline::Code("ls".into()), Inline::Text(" lists files.".into())],
            ..p("")
        };
        assert!(!splits_a_sentence(&p("The command to use is the one below"), &code));
    }

    #[test]
    fn words_mixing_latin_and_cyrillic_are_told_by_their_odd_letters() {
        let text = "«Lе\u{301}on», бiлiм; RousseauВсе – Yes и да";
        let mixed: Vec<(usize, &str, String)> =
            words(text).filter_map(|(at, w)| odd_letters(w).map(|odd| (at, w, odd))).collect();
        let at = |w: &str| text.find(w).unwrap();
        assert_eq!(
            mixed,
            [
                (at("Lе"), "Lе\u{301}on", "Cyrillic е".to_string()),
                (at("бiлiм"), "бiлiм", "Latin i".to_string()),
                (at("RousseauВсе"), "RousseauВсе", "Cyrillic Все".to_string()),
            ]
        );
        assert_eq!(odd_letters("Хe").as_deref(), Some("Latin e, Cyrillic Х"));
    }

    #[test]
    fn a_fence_glued_to_the_end_of_an_earlier_line_is_found() {
        let text = "Prose.\n\nSee the header (url_info.h):```C\nenum X {\n  A,\n};\n```\n\nMore.\n";
        let open = text.rfind("```\n").unwrap();
        assert_eq!(glued_fence(&text[..open], &text[open..]), text.find("See the"));
        // Inline code and a fence at its line's start are not glued fences.
        let text = "Use ```code``` here.\n\nA ``` b\n```\n";
        let open = text.rfind("```\n").unwrap();
        assert_eq!(glued_fence(&text[..open], &text[open..]), None);
        // A tilde fence looks for tildes.
        let text = "Text:~~~\ncode\n~~~\n";
        let open = text.rfind("~~~\n").unwrap();
        assert_eq!(glued_fence(&text[..open], &text[open..]), Some(0));
    }
}
