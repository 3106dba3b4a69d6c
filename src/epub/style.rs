//! The book's stylesheet: set like a printed book (indented paragraphs without gaps, quiet
//! headings, a set-apart epigraph), in the embedded fonts, with sizes in `em` so readers can scale.

use std::fmt::Write;

use crate::fonts::FontFile;
use crate::model::{Extent, ImageSize};

/// The stylesheet, with `@font-face` rules for the faces embedded.
pub fn css(faces: &[&FontFile]) -> String {
    let mut css = String::new();
    for f in faces {
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; font-style: {}; font-weight: {}; src: url(\"../fonts/{}\"); }}",
            f.family,
            f.style.css_style(),
            f.style.css_weight(),
            f.file_name
        );
    }
    css.push_str(BODY);
    // A verse line the poet set in: an en a space, as print sets it, its turnovers hanging under
    // it as every line's do, deeper than the poet's indents, so a turnover is not read as a line.
    for n in 1..=VERSE_INDENTS {
        let _ = writeln!(css, ".verse p.line.i{n} {{ padding-left: {}em; }}", VERSE_HANG + 0.5 * n as f64);
    }
    css.push_str(COUNTERS);
    css
}

/// The deepest verse indent the EPUB sets, in spaces; a deeper one is set this deep.
pub const VERSE_INDENTS: usize = 12;

/// How far a verse line's turnover hangs in, in em: past the first five indents (Whitman's go
/// two deep), as Chicago asks, without taking a phone's line from a poem.
const VERSE_HANG: f64 = 3.0;

// `text-wrap: pretty` asks reading systems that know it (Chromium's, WebKit's) to keep a
// paragraph's last word company, as the print edition does; `balance` evens a heading's lines.
// Others ignore both. A formula in a heading or the title stays in the display face, as print sets
// it. Headings, table cells, captions, terms, notes and epigraphs keep an inline image to the line
// whatever size it asks for, as print does (its lines there are the grid's); the size is let go
// rather than capped, which would squeeze an image given a width. A word wider than the screen (a
// long compound in a title, an address) breaks between letters rather than run off it; so does a
// word in a table's cell, but only when the cell cannot widen: letting every cell break anywhere
// let reading systems squeeze a column to a few letters ("Avoidi/ng"). Code is never hyphenated: a
// hyphen inside an identifier changes the program; nor are verse, an epigraph or the title page,
// whose lines are the author's or set ragged. An epigraph's paragraphs (an original and its
// translation) are parted by space, as its first lines take no indent; on a phone it stands in less
// from the left, where a third of the screen left its verse lines a few words each.
const BODY: &str = r#"
html { font-family: "Noto Serif", serif; }
body { margin: 0 5%; line-height: 1.45; hyphens: auto; -webkit-hyphens: auto; -epub-hyphens: auto; overflow-wrap: break-word; widows: 2; orphans: 2; }
p { margin: 0; text-indent: 1.3em; text-align: justify; text-wrap: pretty; }
p.first, p.lead, h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, hr + p, .verse + p { text-indent: 0; }
h1, h2, h3, h4, h5, h6 { font-family: "Noto Sans", sans-serif; font-weight: bold; text-align: left; text-wrap: balance; hyphens: manual; -webkit-hyphens: manual; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.5em; line-height: 1.25; margin: 2.5em 0 1.5em; text-align: center; }
h2 { font-size: 1.2em; margin: 1.8em 0 0.8em; }
h2.title { font-size: 1.5em; line-height: 1.25; margin: 2.5em 0 1.5em; text-align: center; }
section.run-on > .title { font-size: 1em; text-align: center; margin: 1.5em 0 0.6em; }
section.run-first > .title { font-size: 1em; text-align: center; }
section.part h1 { font-size: 1.8em; text-align: center; margin: 35% 0 1.5em; }
section.part.poem h1 { font-size: 1.5em; line-height: 1.25; margin: 2.5em 0 1.5em; text-align: center; }
h3, h4, h5, h6 { font-size: 1em; margin: 1.5em 0 0.5em; }
h3, h4, h5, h6 { font-family: "Noto Serif", serif; }
h4, h5, h6 { font-weight: normal; font-style: italic; }
p.drop::first-letter { float: left; font-size: 3.03em; line-height: 0.7; margin: 0.11em 0.1em 0 0; }
p.lead { font-size: 1.12em; line-height: 1.45; margin: 0 0 1.2em; font-style: italic; text-align: left; }
p.display { text-align: center; text-indent: 0; margin: 0.5em 0; }
.math { font-family: "Noto Serif", "Noto Sans Math", serif; font-style: normal; }
.math var { font-style: italic; }
h1 .math, h2 .math, section.title-page p.title .math { font-family: "Noto Sans", "Noto Sans Math", sans-serif; }
em { font-style: italic; }
strong { font-weight: bold; }
.smallcaps { font-variant: small-caps; letter-spacing: 0.03em; }
blockquote { margin: 1em 1.5em; font-size: 0.95em; }
blockquote p { text-indent: 0; }
blockquote p + p { text-indent: 1.3em; }
blockquote.epigraph { margin: 0 0 2em 30%; font-style: italic; font-size: 0.95em; }
blockquote.epigraph p { text-align: left; text-indent: 0; }
blockquote.epigraph > p + p { margin-top: 0.5em; }
blockquote.epigraph em, h4 em, h5 em, h6 em, p.lead em, section.dedication em, section.title-page p.subtitle em, p.byline em, section.about-author p.credentials em, figcaption em, caption em { font-style: normal; }
blockquote.epigraph p.attribution { font-style: normal; text-align: right; margin-top: 0.6em; font-size: 0.92em; }
blockquote.epigraph p.attribution em { font-style: italic; }
em em, blockquote.epigraph p.attribution em em { font-style: normal; }
blockquote.epigraph em em, h4 em em, h5 em em, h6 em em, p.lead em em, section.dedication em em, section.title-page p.subtitle em em, p.byline em em, section.about-author p.credentials em em, figcaption em em, caption em em { font-style: italic; }
section.epigraph { margin-top: 30%; }
section.dedication { margin-top: 30%; }
section.dedication p { text-align: center; text-indent: 0; margin: 0.5em 0; font-style: italic; }
section.dedication .verse { display: table; margin: 0 auto; }
section.dedication .verse p.line { text-align: left; margin: 0; }
section.epigraph blockquote.epigraph { margin: 0 5% 0 20%; font-size: 1.05em; }
@media (max-width: 30em) {
  blockquote.epigraph { margin-left: 12%; }
  section.epigraph blockquote.epigraph { margin: 0 3% 0 8%; }
}
.verse { margin: 1em 0 1em 1.5em; text-align: left; }
.verse p.line { text-indent: -3em; padding-left: 3em; text-align: left; }
.verse, blockquote.epigraph, section.title-page { hyphens: manual; -webkit-hyphens: manual; -epub-hyphens: manual; }
p.label { text-indent: 0; margin: 1em 0 0 1.5em; text-align: left; }
p.label + .verse { margin-top: 0.3em; }
hr.scene-break { border: 0; margin: 1.2em 0; text-align: center; height: 1.4em; }
hr.scene-break::after { content: "* * *"; letter-spacing: 0.5em; }
div.page-break { break-after: page; page-break-after: always; height: 0; margin: 0; }
section.title-page { text-align: center; margin-top: 25%; }
section.title-page p { text-indent: 0; text-align: center; }
section.title-page p.title { font-family: "Noto Sans", sans-serif; font-weight: bold; font-size: 1.9em; line-height: 1.2; margin-bottom: 0.6em; }
section.title-page p.subtitle { font-style: italic; font-size: 1.2em; margin-bottom: 2em; }
section.title-page p.author { font-size: 1.2em; letter-spacing: 0.08em; margin-top: 2.5em; }
section.title-page p.publisher { margin-top: 5em; font-size: 0.9em; }
section.copyright { margin-top: 40%; font-size: 0.8em; }
section.copyright p { text-indent: 0; text-align: left; margin-bottom: 0.5em; }
section.about-author .title { text-align: center; }
p.byline { text-indent: 0; font-style: italic; margin: -0.4em 0 1.6em; }
section.about-author p.author-name { text-indent: 0; text-align: center; font-family: "Noto Sans", sans-serif; font-weight: bold; font-size: 1.25em; margin-top: 1.5em; }
section.about-author p.credentials { text-indent: 0; text-align: center; font-style: italic; margin-bottom: 1.5em; }
figure { margin: 1.2em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; max-height: 90vh; }
figure.portrait img { max-width: 40%; border-radius: 2px; }
figcaption { font-size: 0.85em; font-style: italic; margin-top: 0.4em; }
img.inline { max-height: 1.2em; max-width: 100%; vertical-align: middle; }
h1 img.inline, h2 img.inline, h3 img.inline, h4 img.inline, h5 img.inline, h6 img.inline, td img.inline, th img.inline, caption img.inline, figcaption img.inline, dt img.inline, aside img.inline, .epigraph img.inline { width: auto !important; height: auto !important; max-height: 1.2em !important; vertical-align: middle !important; }
.cover { text-align: center; margin: 0; padding: 0; }
.cover img { max-width: 100%; max-height: 100vh; }
table { border-collapse: collapse; margin: 1em auto; font-size: 0.9em; border-top: 2px solid; border-bottom: 2px solid; }
caption { caption-side: top; font-style: italic; margin-bottom: 0.4em; }
th, td { padding: 0.25em 0.6em; vertical-align: top; overflow-wrap: break-word; }
thead th { border-bottom: 1px solid; vertical-align: bottom; }
table.wide { font-size: 0.7em; }
tfoot td { border-top: 1px solid; }
th { font-weight: bold; }
.left { text-align: left; } .center { text-align: center; } .right { text-align: right; }
pre { font-size: 0.85em; white-space: pre-wrap; margin: 1em 0; }
code { font-family: "Noto Sans Mono", monospace; font-size: 0.9em; hyphens: manual; -webkit-hyphens: manual; -epub-hyphens: manual; }
pre code { font-size: 1em; }
pre .line { display: block; padding-left: 2em; text-indent: -2em; }
ul, ol { margin: 0.8em 0 0.8em 1.5em; padding: 0; }
li p { text-indent: 0; }
dt { font-weight: bold; margin-top: 0.6em; }
dd { margin-left: 1.5em; }
a.noteref, span.noteref-sep { vertical-align: super; font-size: 0.75em; line-height: 0; text-decoration: none; }
section.footnotes { margin-top: 2em; border-top: 1px solid #999; padding-top: 0.6em; font-size: 0.85em; }
section.footnotes p { text-indent: 0; }
section.footnotes aside p + p { text-indent: 1.3em; }
nav ol { list-style: none; margin-left: 0; }
nav ol ol { margin-left: 1.5em; }
nav li { margin: 0.3em 0; }
nav a { text-decoration: none; color: inherit; }
"#;

// Lists numbered `a)` or `(iv)` count in counter styles of their own; a reading system without
// them shows the list's `type` (`a.`, `iv.`).
const COUNTERS: &str = r#"@counter-style paren-decimal { system: extends decimal; suffix: ") "; }
@counter-style parens-decimal { system: extends decimal; prefix: "("; suffix: ") "; }
ol.paren-decimal { list-style-type: paren-decimal; } ol.parens-decimal { list-style-type: parens-decimal; }
@counter-style paren-lower-alpha { system: extends lower-alpha; suffix: ") "; }
@counter-style parens-lower-alpha { system: extends lower-alpha; prefix: "("; suffix: ") "; }
ol.paren-lower-alpha { list-style-type: paren-lower-alpha; } ol.parens-lower-alpha { list-style-type: parens-lower-alpha; }
@counter-style paren-upper-alpha { system: extends upper-alpha; suffix: ") "; }
@counter-style parens-upper-alpha { system: extends upper-alpha; prefix: "("; suffix: ") "; }
ol.paren-upper-alpha { list-style-type: paren-upper-alpha; } ol.parens-upper-alpha { list-style-type: parens-upper-alpha; }
@counter-style paren-lower-roman { system: extends lower-roman; suffix: ") "; }
@counter-style parens-lower-roman { system: extends lower-roman; prefix: "("; suffix: ") "; }
ol.paren-lower-roman { list-style-type: paren-lower-roman; } ol.parens-lower-roman { list-style-type: parens-lower-roman; }
@counter-style paren-upper-roman { system: extends upper-roman; suffix: ") "; }
@counter-style parens-upper-roman { system: extends upper-roman; prefix: "("; suffix: ") "; }
ol.paren-upper-roman { list-style-type: paren-upper-roman; } ol.parens-upper-roman { list-style-type: parens-upper-roman; }
"#;

/// An image's size as CSS: the width when it has one (the height then follows the image's shape,
/// as it does in print), else the height.
pub(super) fn image_size(size: &ImageSize) -> Option<String> {
    let (property, extent) = match (size.width, size.height) {
        (Some(w), _) => ("width", w),
        (None, Some(h)) => ("height", h),
        (None, None) => return None,
    };
    let value = match extent {
        Extent::Share(f) => format!("{}%", round(f * 100.0)),
        Extent::Points(p) => format!("{}pt", round(p)),
        Extent::Ems(e) => format!("{}em", round(e)),
    };
    Some(format!("{property}:{value}"))
}

/// Whether an inline image its author sized stands taller than its line (1.2 em), as the print
/// edition measures it (its ems those of the book's type size): print stands such an image on
/// the baseline, as TeX sets a box, where a smaller one is centred on the lower case. A size
/// given as a share of the screen is left centred: its height is the reader's.
pub(super) fn taller_than_line(size: &ImageSize, (w, h): (u32, u32), type_size: f64) -> bool {
    let ems = |e: Extent| match e {
        Extent::Ems(x) => Some(x),
        Extent::Points(p) => Some(p / type_size),
        Extent::Share(_) => None,
    };
    let height = match (size.width, size.height) {
        (Some(width), _) if w > 0 => ems(width).map(|x| x * f64::from(h) / f64::from(w)),
        (None, Some(height)) => ems(height),
        _ => None,
    };
    height.is_some_and(|x| x > 1.2)
}

/// A length with at most two decimals, without trailing zeros.
fn round(x: f64) -> String {
    let s = format!("{:.2}", x);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of `property` in the rule whose selector is exactly `selector`, in em.
    fn em(css: &str, selector: &str, property: &str) -> f64 {
        let rule = css
            .lines()
            .find_map(|l| l.strip_prefix(selector).and_then(|r| r.trim_start().strip_prefix('{')))
            .unwrap_or_else(|| panic!("no rule for {selector}"));
        let value = rule.split(';').find_map(|d| d.trim().strip_prefix(property)?.trim().strip_prefix(':'));
        let value = value.unwrap_or_else(|| panic!("{selector} has no {property}")).trim();
        value.trim_end_matches("em").parse().unwrap_or_else(|_| panic!("{selector}: {value}"))
    }

    #[test]
    fn a_verse_lines_turnover_hangs_deeper_than_the_poets_indents() {
        let css = css(&[]);
        let hang = em(&css, ".verse p.line", "padding-left");
        assert_eq!(em(&css, ".verse p.line", "text-indent"), -hang, "a line starts at the margin");
        for n in 1..=5 {
            let start = em(&css, &format!(".verse p.line.i{n}"), "padding-left") - hang;
            assert!(start > 0.0 && start < hang, "i{n} starts at {start} em, a plain turnover at {hang}");
        }
    }

    #[test]
    fn a_notes_second_paragraph_is_indented_as_in_print() {
        let css = css(&[]);
        assert_eq!(em(&css, "section.footnotes p", "text-indent"), 0.0);
        assert_eq!(em(&css, "section.footnotes aside p + p", "text-indent"), em(&css, "p", "text-indent"));
    }

    #[test]
    fn table_cells_widen_before_their_words_break_and_verse_is_not_hyphenated() {
        let css = css(&[]);
        let cells = css.lines().find(|l| l.starts_with("th, td {")).expect("a rule for cells");
        assert!(cells.contains("overflow-wrap: break-word"), "{cells}");
        let manual = css.lines().find(|l| l.contains("hyphens: manual") && l.starts_with(".verse"));
        let manual = manual.expect("verse is set with the author's breaks only");
        for selector in [".verse", "blockquote.epigraph", "section.title-page"] {
            assert!(manual.split('{').next().is_some_and(|s| s.contains(selector)), "{selector}: {manual}");
        }
    }
}
