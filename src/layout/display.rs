//! Lines of display text — titles, names, contents entries — that must stay inside the measure.
//! A word too long for a title's line brings the size down first, as a designer would; then it
//! is hyphenated; then, with no break point left, broken with a hyphen where it must rather than
//! run off the page.

use super::Builder;
use super::text::{self, Look};
use crate::model::Inline;
use crate::typeset::{Align, Line, Paragraph, Pt, Shape};
use unicode_normalization::char::is_combining_mark;

/// The sizes a title may come down to, as shares of its own: below seven tenths it no longer
/// reads as the page's title.
const SCALES: [f64; 4] = [1.0, 0.9, 0.8, 0.7];

/// A soft hyphen, put between letters when nothing else fits: the author's own soft hyphens are
/// a word's only break points, so these overrule the patterns.
const ANYWHERE: char = '\u{AD}';

impl Builder<'_> {
    /// Sets text lines in a look, for display pages; a word too long for the measure is
    /// hyphenated, or else broken between any two letters.
    pub(super) fn set_lines(
        &mut self,
        lang: &str,
        inlines: &[Inline],
        look: Look,
        align: Align,
        measure: Pt,
    ) -> Vec<Line> {
        let lines = self.set_paragraph(lang, inlines, look, align, measure, false);
        if fits(&lines) {
            return lines;
        }
        let lines = self.set_paragraph(lang, inlines, look, align, measure, true);
        if fits(&lines) {
            return lines;
        }
        self.set_paragraph(lang, &anywhere(inlines), look, align, measure, true)
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
            let lines = self.set_paragraph(lang, inlines, at(scale), Align::Center, measure, false);
            if fits(&lines) {
                return (lines, scale);
            }
        }
        let smallest = SCALES[SCALES.len() - 1];
        (self.set_lines(lang, inlines, at(smallest), Align::Center, measure), smallest)
    }

    fn set_paragraph(
        &mut self,
        lang: &str,
        inlines: &[Inline],
        look: Look,
        align: Align,
        measure: Pt,
        hyphenate: bool,
    ) -> Vec<Line> {
        let setting = text::Setting {
            fonts: &self.ts.fonts,
            links: self.links,
            images: &self.images,
            measure,
            tall: false,
        };
        let chunks = text::chunks(inlines, look, &setting);
        self.ts.set(&Paragraph {
            chunks,
            lang: lang.to_string(),
            align,
            shape: Shape::block(measure, Pt::ZERO),
            hyphenate,
        })
    }
}

fn fits(lines: &[Line]) -> bool {
    !lines.iter().any(|l| l.overfull)
}

/// The inlines with a break opportunity between any two letters of a word.
fn anywhere(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = inlines.to_vec();
    for inline in &mut out {
        open(inline);
    }
    out
}

fn open(inline: &mut Inline) {
    match inline {
        Inline::Text(t) => {
            let mut opened = String::with_capacity(t.len() * 2);
            let mut chars = t.chars().peekable();
            while let Some(c) = chars.next() {
                opened.push(c);
                // Not before a combining mark: it belongs to the letter before it.
                let joined = |n: &char| n.is_whitespace() || is_combining_mark(*n) || *n == '\u{200D}';
                if !c.is_whitespace() && c != '\u{200D}' && chars.peek().is_some_and(|n| !joined(n)) {
                    opened.push(ANYWHERE);
                }
            }
            *t = opened;
        }
        other => {
            if let Some(children) = other.children_mut() {
                children.iter_mut().for_each(open);
            }
        }
    }
}
