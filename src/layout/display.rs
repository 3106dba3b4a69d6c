//! Lines that must stay inside their measure: titles, names, contents entries, headings, table
//! cells, captions, epigraphs. A word too long for a title's line brings the size down first, as
//! a designer would; then any such line is hyphenated; then a word with no hyphenation point is
//! broken, with a hyphen, between letters rather than run off the page. Running text keeps its
//! words whole but for one wider than its line, opened between its tokens or letters.

use super::Builder;
use super::flow::{Flow, name_once};
use super::text::{self, Look};
use crate::model::Inline;
use crate::typeset::hyphenate::Hyphenator;
use crate::typeset::{Align, Chunk, Line, Paragraph, Pt, Shape, Typesetter};
use unicode_normalization::char::is_combining_mark;

/// The sizes a title may come down to, as shares of its own: below seven tenths it no longer
/// reads as the page's title.
const SCALES: [f64; 4] = [1.0, 0.9, 0.8, 0.7];

/// A soft hyphen: the author's own soft hyphens are a word's only break points, so these, put
/// where the patterns allow or else between letters, are all the breaker may use.
const SHY: char = '\u{AD}';

/// Letters kept together at each end of a word broken between letters, as the patterns keep two.
const KEEP: usize = 2;

/// Sets a paragraph so that no line runs past its measure: as asked while it fits, else
/// hyphenated, else with its unhyphenatable words opened between letters, else (a word the
/// patterns break in part: a Kazakh name glued to a German compound) with the runs of letters
/// still too wide opened too.
pub(super) fn set_within(ts: &mut Typesetter, p: Paragraph) -> Vec<Line> {
    let lines = ts.set(&p);
    if fits(&lines) {
        return lines;
    }
    let p = if p.hyphenate {
        p
    } else {
        let p = Paragraph { hyphenate: true, ..p };
        let lines = ts.set(&p);
        if fits(&lines) {
            return lines;
        }
        p
    };
    let chunks = p.chunks.iter().map(|c| opened(c, &p.lang, &mut ts.hyphenator)).collect();
    let p = Paragraph { chunks, ..p };
    let lines = ts.set(&p);
    if fits(&lines) {
        return lines;
    }
    open_wide(ts, &p).map_or(lines, |wider| ts.set(&wider))
}

impl Builder<'_> {
    /// Sets text lines in a look, for display pages, inside the measure.
    pub(super) fn set_lines(
        &mut self,
        lang: &str,
        inlines: &[Inline],
        look: Look,
        align: Align,
        measure: Pt,
    ) -> Vec<Line> {
        let p = self.paragraph(lang, inlines, look, align, measure);
        set_within(self.ts, p)
    }

    /// Sets text flush left with its lines after the first indented by `hang`, as a contents
    /// entry turns over.
    pub(super) fn set_hanging(
        &mut self,
        lang: &str,
        inlines: &[Inline],
        look: Look,
        measure: Pt,
        hang: Pt,
    ) -> Vec<Line> {
        let mut p = self.paragraph(lang, inlines, look, Align::Left, measure);
        p.shape = Shape::hanging(measure, hang);
        set_within(self.ts, p)
    }

    /// Sets a centred title, as large as `look` while its words fit the measure and down to
    /// seven tenths of it; returns its lines and the share of the size they are set at.
    pub(super) fn set_display(
        &mut self,
        lang: &str,
        inlines: &[Inline],
        look: Look,
        measure: Pt,
    ) -> (Vec<Line>, f64) {
        let at = |scale: f64| Look { size: look.size * scale, ..look };
        for scale in SCALES {
            let p = self.paragraph(lang, inlines, at(scale), Align::Center, measure);
            let lines = self.ts.set(&p);
            if fits(&lines) {
                return (self.balanced(lang, inlines, at(scale), measure, lines), scale);
            }
        }
        let smallest = SCALES[SCALES.len() - 1];
        (self.set_lines(lang, inlines, at(smallest), Align::Center, measure), smallest)
    }

    /// A centred title's lines made as even as they go in as many lines: set in the narrowest
    /// measure that needs no more of them (as CSS's `text-wrap: balance` does), and centred in
    /// the whole. "High Performance Networking in / Chrome" reads as a line and a leftover;
    /// "High Performance / Networking in Chrome" as a title.
    fn balanced(
        &mut self,
        lang: &str,
        inlines: &[Inline],
        look: Look,
        measure: Pt,
        lines: Vec<Line>,
    ) -> Vec<Line> {
        let count = lines.len();
        if count < 2 {
            return lines;
        }
        let (mut best, mut narrow, mut wide) = (lines, measure.0 / count as f64, measure.0);
        // Eight halvings find the width to within a few hundredths of the measure.
        for _ in 0..8 {
            let width = (narrow + wide) / 2.0;
            let tried = self.ts.set(&self.paragraph(lang, inlines, look, Align::Center, Pt(width)));
            if fits(&tried) && tried.len() == count {
                let shift = Pt((measure.0 - width) / 2.0);
                best = tried.into_iter().map(|l| Line { x: l.x + shift, ..l }).collect();
                wide = width;
            } else {
                narrow = width;
            }
        }
        best
    }

    /// Inlines as an unhyphenated paragraph of one measure.
    fn paragraph(&self, lang: &str, inlines: &[Inline], look: Look, align: Align, measure: Pt) -> Paragraph {
        let setting = text::Setting {
            fonts: &self.ts.fonts,
            links: self.links,
            images: &self.images,
            measure,
            tall: false,
        };
        Paragraph {
            chunks: text::chunks(inlines, look, &setting),
            lang: lang.to_string(),
            align,
            shape: Shape::block(measure, Pt::ZERO),
            hyphenate: false,
        }
    }
}

impl Flow<'_> {
    /// Sets chunks as [`set`](Self::set) does, but never past the measure: a word too long for
    /// it is hyphenated, or else broken between letters (headings, terms, captions, cells,
    /// epigraphs; a running-text paragraph opens only its words wider than a line, and says so).
    pub fn set_within(
        &mut self,
        chunks: Vec<Chunk>,
        align: Align,
        shape: Shape,
        hyphenate: bool,
    ) -> Vec<Line> {
        let p = self.paragraph(chunks, align, shape, hyphenate);
        set_within(self.ts, p)
    }

    /// Sets running text (a paragraph, a note) and returns it as set with its lines: a word
    /// wider than the line is opened between its tokens or letters rather than run off the
    /// page, and the block written at `at` is named, so the author can choose the break; as it
    /// is if a line stays past the measure.
    pub fn set_running(&mut self, p: Paragraph, at: crate::model::Span) -> (Paragraph, Vec<Line>) {
        let (p, lines) = self.open_if_overfull(p, at);
        // A line still past the measure is reported, wherever the text is placed.
        if lines.iter().any(|l| l.overfull) {
            name_once(&mut self.overfull, at);
        }
        (p, lines)
    }

    /// The paragraph as set, or opened and set again if a line ran past the measure.
    fn open_if_overfull(&mut self, p: Paragraph, at: crate::model::Span) -> (Paragraph, Vec<Line>) {
        let lines = self.ts.set(&p);
        if !lines.iter().any(|l| l.overfull) {
            return (p, lines);
        }
        match open_wide(self.ts, &p) {
            Some(open) => {
                let opened = self.ts.set(&open);
                // Named only if a new break was taken (the lines changed): a wide word the
                // breaker could leave whole is no news.
                let moved =
                    opened.len() != lines.len() || opened.iter().zip(&lines).any(|(a, b)| a.width != b.width);
                if moved {
                    name_once(&mut self.broken, at);
                }
                (open, opened)
            }
            None => (p, lines),
        }
    }
}

fn fits(lines: &[Line]) -> bool {
    !lines.iter().any(|l| l.overfull)
}

/// A chunk whose words carry soft hyphens where the patterns allow a break, or, in a word they
/// find none in, between any two letters.
fn opened(chunk: &Chunk, lang: &str, hyphenator: &mut Hyphenator) -> Chunk {
    each_word(chunk, |word, out| open_word(word, lang, hyphenator, out))
}

/// A chunk with each of its words written out by `open`, the spaces between them kept.
fn each_word(chunk: &Chunk, mut open: impl FnMut(&str, &mut String)) -> Chunk {
    let Chunk::Text { text, style } = chunk else { return chunk.clone() };
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let start = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        let end = rest[start..].find(char::is_whitespace).map_or(rest.len(), |e| start + e);
        open(&rest[start..end], &mut out);
        rest = &rest[end..];
    }
    Chunk::Text { text: out, style: *style }
}

/// Of its narrowest line, the share a word or a run of letters may fill before it is opened:
/// the punctuation around it and a first line's indent leave it less than the whole.
const WIDE: f64 = 0.75;

/// A running-text paragraph with its words too wide for a line (a checksum, a chemical name, a
/// line of code, a word in a script its language has no patterns for) opened between their
/// tokens, and between the letters of a run too wide by itself; `None` if it has none. Only for
/// a paragraph already found overfull: TeX lets such a word run into the margin, which a
/// printer's preflight rejects, and the breaker has no other way to keep it inside. The
/// patterns' points in those words stay.
pub(super) fn open_wide(ts: &mut Typesetter, p: &Paragraph) -> Option<Paragraph> {
    let narrowest = p.shape.lines.iter().map(|&(_, w)| w.0).fold(f64::INFINITY, f64::min);
    let room = (narrowest - p.shape.first_indent.0.max(0.0)) * WIDE;
    let mut any = false;
    let chunks = p
        .chunks
        .iter()
        .map(|chunk| {
            let Chunk::Text { style, .. } = chunk else { return chunk.clone() };
            each_word(chunk, |word, out| {
                let mut wide = |run: &str| {
                    let shaped = ts.shaper.shape(&ts.fonts, style.face, &p.lang, run);
                    shaped.width_at(&ts.fonts, style.size).0 > room
                };
                if !wide(word) {
                    out.push_str(word);
                    return;
                }
                // Between its tokens (`\includegraphics[width=0.5\textwidth]`), and between
                // the letters of a run of them too wide by itself. An address has the Chicago
                // Manual's breaks already: opened after its periods and slashes, or at its
                // words' hyphenation points, it would end lines where the Manual says not to.
                let address = crate::typeset::is_address(word);
                let mut points = if address { Vec::new() } else { punctuation_breaks(word) };
                for (at, run) in letter_runs(word) {
                    if wide(run) {
                        points.extend(between_letters(run).into_iter().map(|k| at + k));
                    }
                }
                if points.is_empty() {
                    out.push_str(word);
                    return;
                }
                any = true;
                if p.hyphenate && !address && !word.contains(SHY) && !ts.fonts.face(style.face).monospaced {
                    points.extend(ts.hyphenator.find(&p.lang, word));
                }
                points.sort_unstable();
                points.dedup();
                push_opened(word, &points, out);
            })
        })
        .collect();
    any.then(|| Paragraph { chunks, ..p.clone() })
}

/// Byte offsets inside a word where one token ends and another begins: after punctuation that
/// does not open (`=`, `,`, `;`, `/`), or before an opening bracket or backslash; never inside a
/// number (`0.5`) or before closing punctuation.
fn punctuation_breaks(word: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let opens = |c: char| matches!(c, '(' | '[' | '{' | '<' | '\\' | '«' | '“' | '‘' | '„');
    let token = |c: char| c.is_alphanumeric() || opens(c);
    (2..chars.len().saturating_sub(1))
        .filter(|&k| {
            let (before, at) = (chars[k - 1].1, chars[k].1);
            let in_number = before == '.' && chars[k - 2].1.is_ascii_digit() && at.is_ascii_digit();
            // After a soft hyphen is a break already; after an apostrophe would strand an elided
            // article (French l’, d’) or a contraction at a line's end.
            let joins = matches!(before, '\u{AD}' | '\'' | '’');
            let after_mark = !of_letter(before) && !opens(before) && !joins && token(at) && !in_number;
            let before_opening = opens(at) && !opens(before);
            (after_mark || before_opening) && !is_combining_mark(at)
        })
        .map(|k| chars[k].0)
        .collect()
}

/// Whether a character is, or belongs to, a letter or digit: an accent, a virama or a nukta is
/// no letter to Unicode, but part of the one it sits on, as a joiner is; a break after one would
/// part a letter from the next, or a conjunct.
fn of_letter(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{200D}'
}

/// A word's runs of letters and digits (with the marks on them) and where each starts: what
/// stays unbroken between its punctuation.
fn letter_runs(word: &str) -> Vec<(usize, &str)> {
    let (mut runs, mut start) = (Vec::new(), None);
    for (i, c) in word.char_indices() {
        match (of_letter(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, &word[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, &word[s..]));
    }
    runs
}

fn open_word(word: &str, lang: &str, hyphenator: &mut Hyphenator, out: &mut String) {
    if word.contains(SHY) {
        // The author's own break points stand.
        out.push_str(word);
        return;
    }
    let points = hyphenator.find(lang, word);
    let points: Vec<usize> = if points.is_empty() { between_letters(word) } else { points };
    push_opened(word, &points, out);
}

/// Writes a word with a soft hyphen at each of `points` (byte offsets, in order).
fn push_opened(word: &str, points: &[usize], out: &mut String) {
    let mut from = 0;
    for &at in points {
        out.push_str(&word[from..at]);
        out.push(SHY);
        from = at;
    }
    out.push_str(&word[from..]);
}

/// Byte offsets between any two characters of a word, but not before a combining mark or
/// around a joiner, and with [`KEEP`] letters at each end (punctuation around it not counted).
fn between_letters(word: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let joined = |c: char| is_combining_mark(c) || c == '\u{200D}';
    let Some(first) = chars.iter().position(|(_, c)| c.is_alphanumeric()) else { return Vec::new() };
    let last = chars.iter().rposition(|(_, c)| c.is_alphanumeric()).unwrap_or(first);
    (first + KEEP..(last + 2).saturating_sub(KEEP))
        .filter(|&k| !joined(chars[k].1) && !joined(chars[k - 1].1))
        .map(|k| chars[k].0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::typeset::{Family, Style};

    #[test]
    fn only_a_word_the_patterns_cannot_break_is_opened_between_letters() {
        let ts = Typesetter::new().unwrap();
        let style = Style::plain(ts.fonts.select(Family::Serif, FontStyle::Regular), Pt(10.0));
        let mut h = Hyphenator::new();
        let (german, kazakh) = ("Donaudampfschifffahrtsgesellschaft", "Қазақстандықтардың");
        let text = format!("{german} {kazakh}, super\u{AD}kali");
        let Chunk::Text { text: open, .. } = opened(&Chunk::Text { text, style }, "de", &mut h) else {
            panic!("text stays text")
        };
        let words: Vec<&str> = open.split(' ').collect();
        // The German word at its patterns' points and nowhere else.
        let points = h.find("de", german);
        let shy: Vec<usize> = words[0].char_indices().filter(|(_, c)| *c == SHY).map(|(i, _)| i).collect();
        let expected: Vec<usize> = points.iter().enumerate().map(|(k, p)| p + k * SHY.len_utf8()).collect();
        assert!(!points.is_empty() && shy == expected, "{}", words[0]);
        // The Kazakh word (no German point in it) between any letters, two kept at each end; its
        // comma stays with it.
        assert_eq!(words[1].replace(SHY, ""), format!("{kazakh},"));
        assert_eq!(words[1].matches(SHY).count(), kazakh.chars().count() + 1 - 2 * KEEP);
        assert!(words[1].starts_with("Қа\u{AD}з"), "{}", words[1]);
        // The author's own soft hyphen is the word's only break.
        assert_eq!(words[2], "super\u{AD}kali");
    }

    /// A word with a bar at each break point.
    fn marked(word: &str, points: &[usize]) -> String {
        let mut out = String::new();
        for (i, c) in word.char_indices() {
            if points.contains(&i) {
                out.push('|');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn code_and_punctuated_words_open_between_their_tokens_not_inside_numbers_or_before_closers() {
        let cases = [
            (
                "\\includegraphics[width=0.5\\textwidth,height=\\textheight]{file.jpg}",
                "\\includegraphics|[width=|0.5|\\textwidth,|height=|\\textheight]|{file.|jpg}",
            ),
            ("(word),", "(word),"),
            ("a=b;cd", "a=|b;|cd"),
            ("«Қазақ»", "«Қазақ»"),
            ("l’intergouvernementalisation", "l’intergouvernementalisation"),
        ];
        for (word, expected) in cases {
            assert_eq!(marked(word, &punctuation_breaks(word)), expected);
        }
    }

    #[test]
    fn a_word_is_not_opened_after_an_accent_or_a_virama_inside_it() {
        // A stress mark (Russian, decomposed), a virama and a nukta are not letters to Unicode,
        // yet part of the letter they sit on: a break after one would part a conjunct.
        for word in ["(за\u{301}мок", "विद्यार्थी", "ज़मीन=x"] {
            let points = punctuation_breaks(word);
            assert!(points.iter().all(|&i| word[..i].ends_with(['(', '='])), "{}", marked(word, &points));
        }
    }

    #[test]
    fn letter_runs_are_the_letters_digits_and_marks_between_punctuation() {
        let runs = letter_runs("(за\u{301}мок-42x,");
        assert_eq!(runs, [(1, "за\u{301}мок"), (14, "42x")]);
    }
}
