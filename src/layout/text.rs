//! The model's inlines as styled chunks for the text engine: emphasis to italic (and back inside
//! italic), strong to bold, note references raised and smaller, small caps as reduced capitals;
//! and blocks as inlines or plain text where only running text fits.

use super::links::Links;
use crate::fonts::FontStyle;
use crate::model::{Block, ImageSize, Inline};
use crate::typeset::{Chunk, Family, FontBook, LinkId, Object, Pt, Style};

/// How a run of text is to look before faces are chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Serif or sans.
    pub family: Family,
    /// Italic.
    pub italic: bool,
    /// Bold.
    pub bold: bool,
    /// Size.
    pub size: Pt,
    /// Baseline shift.
    pub rise: Pt,
    /// Lower-case letters set as small capitals.
    pub small_caps: bool,
    /// The link the text belongs to.
    pub link: Option<LinkId>,
    /// Struck through.
    pub strike: bool,
    /// Underlined.
    pub underline: bool,
    /// A passage in another language than its paragraph's.
    pub lang: Option<crate::typeset::hyphenate::PassageLang>,
}

impl Look {
    /// Body text at a size.
    pub fn body(size: Pt) -> Look {
        Look {
            family: Family::Serif,
            italic: false,
            bold: false,
            size,
            rise: Pt::ZERO,
            small_caps: false,
            link: None,
            strike: false,
            underline: false,
            lang: None,
        }
    }

    /// The face and size for a font book.
    pub fn style(&self, fonts: &FontBook) -> Style {
        let style = match (self.bold, self.italic) {
            (false, false) => FontStyle::Regular,
            (false, true) => FontStyle::Italic,
            (true, false) => FontStyle::Bold,
            (true, true) => FontStyle::BoldItalic,
        };
        let face = fonts.select(self.family, style);
        // The font's own small capitals where it has them (see `push` for the others).
        let face = if self.small_caps { fonts.small_caps(face).unwrap_or(face) } else { face };
        Style {
            face,
            size: self.size,
            rise: self.rise,
            link: self.link,
            strike: self.strike,
            underline: self.underline,
            lang: self.lang,
            paint: crate::typeset::Paint::Text,
        }
    }
}

/// A note mark's size and rise, as parts of its text's size.
const MARK_SIZE: f64 = 0.65;
const MARK_RISE: f64 = 0.38;

/// Whether a run of glyphs is a note mark, whatever the size of the text it stands in (a
/// quotation's and an epigraph's are smaller than the body's): no other raised text has its
/// proportions (a superscript rises 0.33 of its text's size at 0.7 of it).
pub fn is_note_mark(style: &crate::typeset::Style) -> bool {
    style.rise.0 > 0.0 && (style.rise.0 / style.size.0 - MARK_RISE / MARK_SIZE).abs() < 1e-6
}

/// The numbers of the note marks standing on a line, in order (a run of marks "1,2" holds two).
pub fn note_marks(line: &crate::typeset::Line, texts: &crate::typeset::GlyphTexts) -> Vec<u32> {
    let mut out = Vec::new();
    for run in line.runs.iter().filter(|r| is_note_mark(&r.style)) {
        let text: String = run.glyphs.iter().filter_map(|g| texts.get(run.style.face, g.id)).collect();
        out.extend(text.split(|c: char| !c.is_ascii_digit()).filter_map(|t| t.parse::<u32>().ok()));
    }
    out
}

/// What inlines are set with besides their look: the faces, the links a reader can follow, the
/// images' sizes in pixels (by asset) and the measure an image's share of the width is of.
#[derive(Clone, Copy)]
pub struct Setting<'a> {
    /// The faces.
    pub fonts: &'a FontBook,
    /// The links: a link's text carries its number.
    pub links: &'a Links,
    /// Image sizes in pixels, by asset index.
    pub images: &'a [(u32, u32)],
    /// The width the text is set in.
    pub measure: Pt,
    /// Whether an image its author sized may stand taller than a line: a paragraph's and a
    /// verse line's make room for it on the grid; table cells, notes, headings and display pages
    /// do not.
    pub tall: bool,
}

/// The tallest an image in a line may stand, in ems of its text: taller, it is a figure. The
/// EPUB's inline images carry the same cap (`max-height:6em`).
const TALLEST: f64 = 6.0;

/// Chunks for inlines.
pub fn chunks(inlines: &[Inline], look: Look, setting: &Setting<'_>) -> Vec<Chunk> {
    let mut out = Vec::new();
    push(inlines, look, setting, &mut out);
    out
}

/// An image in the text, sized as the EPUB's style sizes it (`img.inline`): the size its author
/// asked for, else its pixels at 96 to the inch, never taller than 1.2 em; never wider than the
/// measure, keeping its shape. One no taller than 1.2 em has its middle at half the x-height,
/// CSS's `vertical-align: middle`; a taller one stands on the baseline, as TeX sets a box, and
/// its line takes the grid lines it needs.
fn inline_image(
    asset: usize,
    alt: &str,
    size: ImageSize,
    look: Look,
    setting: &Setting<'_>,
) -> Option<Object> {
    let &pixels = setting.images.get(asset).filter(|(w, h)| *w > 0 && *h > 0)?;
    let (w, h) = super::float::asked(size, pixels, (setting.measure, look.size), look.size);
    let line = look.size.0 * 1.2;
    let sized = size.width.is_some() || size.height.is_some();
    let tallest = if sized && setting.tall { look.size.0 * TALLEST } else { line };
    let fit = (tallest / h).min(setting.measure.0 / w).min(1.0);
    let (w, h) = (w * fit, h * fit);
    let style = look.style(setting.fonts);
    let face = setting.fonts.face(style.face);
    let middle = face.pt(face.x_height, look.size).0 / 2.0 + look.rise.0;
    let rise = if h <= line + 1e-9 { middle - h / 2.0 } else { look.rise.0 };
    Some(Object { id: asset, width: Pt(w), height: Pt(h), rise: Pt(rise), text: alt.into(), style })
}

fn push(inlines: &[Inline], look: Look, setting: &Setting<'_>, out: &mut Vec<Chunk>) {
    let (fonts, links) = (setting.fonts, setting.links);
    let plain = |t: &str, l: Look, out: &mut Vec<Chunk>| {
        let style = l.style(fonts);
        match out.last_mut() {
            Some(Chunk::Text { text, style: s }) if *s == style => text.push_str(t),
            _ => out.push(Chunk::Text { text: t.to_string(), style }),
        }
    };
    // Small capitals a font lacks are made as \textsc makes them: capitals stay capitals,
    // lower-case letters become capitals at about the height of the lower case.
    let text = |t: &str, l: Look, out: &mut Vec<Chunk>| {
        let own = || fonts.small_caps(Look { small_caps: false, ..l }.style(fonts).face).is_some();
        if !l.small_caps || own() {
            return plain(t, l, out);
        }
        for (lower, run) in case_runs(t) {
            if lower {
                plain(&run.to_uppercase(), Look { size: l.size * SMALL_CAPS, ..l }, out);
            } else {
                plain(run, l, out);
            }
        }
    };
    for (i, inline) in inlines.iter().enumerate() {
        match inline {
            Inline::Text(t) => text(t, look, out),
            Inline::Emphasis(c) => push(c, Look { italic: !look.italic, ..look }, setting, out),
            Inline::Strong(c) => push(c, Look { bold: true, ..look }, setting, out),
            Inline::SmallCaps(c) => push(c, Look { small_caps: true, ..look }, setting, out),
            Inline::Superscript(c) => {
                push(c, Look { size: look.size * 0.7, rise: look.size * 0.33, ..look }, setting, out)
            }
            Inline::Subscript(c) => {
                push(c, Look { size: look.size * 0.7, rise: look.size * -0.15, ..look }, setting, out)
            }
            Inline::Strikethrough(c) => push(c, Look { strike: true, ..look }, setting, out),
            Inline::Underline(c) => push(c, Look { underline: true, ..look }, setting, out),
            // Hyphenated (and shaped) by its own language's rules: French patterns for The Idiot's
            // French, none for a language folio has no patterns for.
            Inline::Foreign(lang, c) => {
                let lang = Some(crate::typeset::hyphenate::PassageLang::of(lang.as_str()));
                push(c, Look { lang, ..look }, setting, out)
            }
            // A formula's figures and signs are upright wherever it stands, in an italic lead too,
            // and its letters (emphasis) italic: as TeX sets math, and the EPUB's `.math`.
            Inline::Math { children: c, .. } => push(c, Look { italic: false, ..look }, setting, out),
            Inline::Link { target, children, .. } => {
                push(children, Look { link: links.id(target).or(look.link), ..look }, setting, out)
            }
            Inline::Code(t) => {
                // Code keeps its letters' case, in small capitals too.
                text(t, Look { family: Family::Mono, size: look.size * 0.9, small_caps: false, ..look }, out)
            }
            // An image the text engine cannot size (its file unread) is its alt text, as in HTML.
            Inline::Image { asset, alt, size } => match inline_image(asset.0, alt, *size, look, setting) {
                Some(object) => out.push(Chunk::Object(object)),
                None => text(alt, look, out),
            },
            Inline::NoteRef(id) => {
                // Marks side by side are parted by a comma ("1,2"), or they read as one ("12").
                let after_mark = i > 0 && matches!(inlines[i - 1], Inline::NoteRef(_));
                let mark = if after_mark { format!(",{}", id.0) } else { id.0.to_string() };
                text(
                    &mark,
                    Look { size: look.size * MARK_SIZE, rise: look.size * MARK_RISE, italic: false, ..look },
                    out,
                )
            }
            Inline::LineBreak => out.push(Chunk::Break),
            Inline::Anchor(_) => {}
        }
    }
}

/// The plain text of a block, for places that take text only.
pub fn plain(b: &Block) -> String {
    match b {
        Block::Paragraph(p) => Inline::plain_text(&p.inlines),
        Block::Heading { inlines, .. } => Inline::plain_text(inlines),
        Block::Verse { lines, .. } => {
            lines.iter().map(|l| Inline::plain_text(l)).collect::<Vec<_>>().join(" / ")
        }
        Block::Quote { blocks, .. } => blocks.iter().map(plain).collect::<Vec<_>>().join(" "),
        Block::Code { text, .. } => text.clone(),
        other => Inline::plain_text(&display_inlines(other)),
    }
}

/// A block set as one paragraph where only running text fits (an epigraph, a dedication, a
/// note): its own inlines, a verse's lines, and a list's items, a table's rows or a quote's
/// paragraphs each on a line of their own, so that no text is lost.
pub fn display_inlines(b: &Block) -> Vec<Inline> {
    let mut out = Vec::new();
    push_display(b, &mut out);
    while matches!(out.last(), Some(Inline::LineBreak)) {
        out.pop();
    }
    out
}

/// The size of small capitals made from capitals: about the height of the lower case.
const SMALL_CAPS: f64 = 0.78;

/// A text cut into runs of lower-case letters and of everything else, each with whether it is
/// the lower case.
fn case_runs(t: &str) -> Vec<(bool, &str)> {
    let mut runs: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut lower = None;
    for (i, c) in t.char_indices() {
        let is_lower = c.is_lowercase();
        if lower.is_some_and(|l| l != is_lower) {
            runs.push((lower == Some(true), &t[start..i]));
            start = i;
        }
        lower = Some(is_lower);
    }
    if start < t.len() {
        runs.push((lower == Some(true), &t[start..]));
    }
    runs
}

fn push_display(b: &Block, out: &mut Vec<Inline>) {
    let line = |inlines: &[Inline], out: &mut Vec<Inline>| {
        out.extend(inlines.iter().cloned());
        out.push(Inline::LineBreak);
    };
    match b {
        Block::Paragraph(p) => line(&p.inlines, out),
        Block::Heading { inlines, .. } => line(inlines, out),
        Block::Verse { lines, .. } => lines.iter().for_each(|l| line(l, out)),
        Block::Quote { blocks, .. } => blocks.iter().for_each(|b| push_display(b, out)),
        Block::List { numbering, items, .. } => {
            for (i, item) in items.iter().enumerate() {
                let mark = numbering.map_or_else(|| "•".to_string(), |n| n.marker(i)) + "\u{a0}";
                out.push(Inline::Text(mark));
                item.blocks.iter().for_each(|b| push_display(b, out));
            }
        }
        Block::Definitions { items, .. } => {
            for (term, definitions) in items {
                line(term, out);
                definitions.iter().flatten().for_each(|b| push_display(b, out));
            }
        }
        Block::Table(t) => {
            if let Some(caption) = &t.caption {
                line(caption, out);
            }
            for row in t.all_rows().filter(|r| !r.is_empty()) {
                for (i, cell) in row.iter().enumerate() {
                    if i > 0 {
                        out.push(Inline::Text(" · ".into()));
                    }
                    out.extend(cell.iter().cloned());
                }
                out.push(Inline::LineBreak);
            }
        }
        Block::Figure(f) => {
            if let Some(caption) = &f.caption {
                line(caption, out);
            }
        }
        Block::Code { text, .. } => {
            text.lines().for_each(|l| line(&[Inline::Text(l.to_string())], out));
        }
        Block::SceneBreak { .. } => line(&[Inline::Text("*\u{a0}\u{a0}*\u{a0}\u{a0}*".into())], out),
        Block::PageBreak { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::model::Extent;
    use crate::typeset::font::FaceId;

    #[test]
    fn small_capitals_are_the_fonts_own_or_else_made_from_capitals() {
        let fonts = FontBook::shipped().unwrap();
        let inlines = [
            Inline::Text("A ".into()),
            Inline::SmallCaps(vec![
                Inline::Text("Small ".into()),
                Inline::Emphasis(vec![Inline::Text("Caps".into())]),
                Inline::Code("run".into()),
            ]),
        ];
        let body = Look::body(Pt(10.0));
        let runs: Vec<(String, FaceId, f64)> = chunks(
            &inlines,
            body,
            &Setting {
                fonts: &fonts,
                links: &Links::default(),
                images: &[],
                measure: Pt(300.0),
                tall: false,
            },
        )
        .into_iter()
        .filter_map(|c| match c {
            Chunk::Text { text, style } => Some((text, style.face, style.size.0)),
            _ => None,
        })
        .collect();
        let serif = |style| fonts.select(Family::Serif, style);
        let own = |style| fonts.small_caps(serif(style)).unwrap();
        let mono = fonts.select(Family::Mono, FontStyle::Regular);
        assert_eq!(
            runs,
            [
                ("A ".to_string(), serif(FontStyle::Regular), 10.0),
                // Noto Serif's own small capitals, the text as written.
                ("Small ".to_string(), own(FontStyle::Regular), 10.0),
                ("Caps".to_string(), own(FontStyle::Italic), 10.0),
                // Code keeps its case.
                ("run".to_string(), mono, 9.0),
            ]
        );
        // Noto Sans Mono's small capitals are not loaded: they are made from its capitals.
        let mono_caps = Look { family: Family::Mono, small_caps: true, ..body };
        let made: Vec<(String, f64)> = chunks(
            &[Inline::Text("Run".into())],
            mono_caps,
            &Setting {
                fonts: &fonts,
                links: &Links::default(),
                images: &[],
                measure: Pt(300.0),
                tall: false,
            },
        )
        .into_iter()
        .filter_map(|c| match c {
            Chunk::Text { text, style } => Some((text, style.size.0)),
            _ => None,
        })
        .collect();
        assert_eq!(made, [("R".to_string(), 10.0), ("UN".to_string(), 10.0 * SMALL_CAPS)]);
        assert!(fonts.face(own(FontStyle::Bold)).small_caps);
        assert_eq!(case_runs("Ab1c"), [(false, "A"), (true, "b"), (false, "1"), (true, "c")]);
    }

    #[test]
    fn an_inline_image_asked_for_a_box_keeps_its_shape_inside_it() {
        // As a figure does: `{width=12pt height=12pt}` on a 3:2 image is 12 by 8, not a square.
        let fonts = FontBook::shipped().unwrap();
        let links = Links::default();
        let setting =
            Setting { fonts: &fonts, links: &links, images: &[(600, 400)], measure: Pt(300.0), tall: false };
        let size = ImageSize { width: Some(Extent::Points(12.0)), height: Some(Extent::Points(12.0)) };
        let o = inline_image(0, "map", size, Look::body(Pt(10.0)), &setting).unwrap();
        assert!((o.width.0 - 12.0).abs() < 1e-9 && (o.height.0 - 8.0).abs() < 1e-9, "{o:?}");
    }
}
