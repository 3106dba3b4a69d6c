//! A typographic cover for books that bring none: title, subtitle and author set in the shipped
//! fonts on a plain field, rasterised with `ab_glyph` into a palette image (the field, the two
//! inks and their anti-aliased blends into the field) and written as an indexed PNG: a third of
//! the bytes of RGB to fill, filter and compress, for every book of a catalogue. Deterministic:
//! same metadata, same bytes.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

use crate::fonts::{self, FontFile, FontStyle};
use crate::model::{Asset, ImageFormat, Inline, Metadata};
use crate::typeset::hyphenate::Hyphenator;

/// Cover size in pixels: 1:1.6, what e-book stores ask for.
const WIDTH: u32 = 1600;
const HEIGHT: u32 = 2560;
const FIELD: [u8; 3] = [28, 52, 71];
const INK: [u8; 3] = [244, 239, 228];
const ACCENT: [u8; 3] = [201, 162, 92];

/// Steps of coverage between the field and an ink.
const STEPS: u8 = 64;

/// An ink of the palette: index `base + k` is the ink at coverage k/STEPS over the field.
#[derive(Clone, Copy)]
struct Ink {
    base: u8,
}

/// Index 0 is the field.
const TEXT: Ink = Ink { base: 0 };
const RULE: Ink = Ink { base: STEPS };

impl Ink {
    fn solid(self) -> u8 {
        self.base + STEPS
    }
}

/// The palette: the field, then each ink's steps.
fn palette() -> Vec<u8> {
    let mut out = FIELD.to_vec();
    for ink in [INK, ACCENT] {
        for k in 1..=STEPS {
            let t = f32::from(k) / f32::from(STEPS);
            out.extend(
                (0..3).map(|c| (f32::from(FIELD[c]) * (1.0 - t) + f32::from(ink[c]) * t).round() as u8),
            );
        }
    }
    out
}

/// Palette indices, row by row.
struct Canvas {
    px: Vec<u8>,
}

impl Canvas {
    fn put(&mut self, x: u32, y: u32, index: u8) {
        self.px[(y * WIDTH + x) as usize] = index;
    }
}

/// Renders the cover as a PNG asset.
pub fn generate(meta: &Metadata) -> Result<Asset, String> {
    let mut img = Canvas { px: vec![0; (WIDTH * HEIGHT) as usize] };
    let serif_bold = face(&fonts::SERIF, FontStyle::Bold)?;
    let serif_bold_italic = face(&fonts::SERIF, FontStyle::BoldItalic)?;
    let serif = face(&fonts::SERIF, FontStyle::Regular)?;
    let serif_italic = face(&fonts::SERIF, FontStyle::Italic)?;
    let sans = face(&fonts::SANS, FontStyle::Regular)?;
    // A frame inset from the edge, as on a cloth binding.
    frame(&mut img, 70, 4, RULE.solid());
    frame(&mut img, 92, 1, RULE.solid());

    let faces =
        Faces { title: (&serif_bold, &serif_bold_italic), subtitle: (&serif, &serif_italic), names: &sans };
    let plan = plan(meta, &faces);
    for (style, line, baseline) in &plan.lines {
        style.draw_centered(&mut img, line, *baseline);
    }
    // A short rule between title and author.
    let rule_y = plan.rule as u32;
    for x in (WIDTH / 2 - 120)..(WIDTH / 2 + 120) {
        for t in 0..RULE_WEIGHT {
            img.put(x, rule_y + t, RULE.solid());
        }
    }
    let mut bytes = Vec::new();
    let mut png = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    png.set_color(png::ColorType::Indexed);
    png.set_depth(png::BitDepth::Eight);
    png.set_palette(palette());
    png.set_compression(png::Compression::Fast);
    let mut w = png.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(&img.px).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(Asset {
        source: "(generated cover)".into(),
        name: "cover.png".into(),
        bytes: bytes.into(),
        format: ImageFormat::Png,
        pixels: (WIDTH, HEIGHT),
        vector: None,
    })
}

/// The first title line's baseline.
const TITLE_TOP: f32 = 620.0;
/// The first line of the names' baseline, where they take few lines.
const NAMES_TOP: f32 = HEIGHT as f32 - 420.0;
/// The lowest baseline: clear of the inner frame (92 px in), with room under it.
const FOOT: f32 = HEIGHT as f32 - 92.0 - 60.0;
/// The space between the rule under the title and the type above and below it.
const GAP: f32 = 90.0;
/// The rule's thickness.
const RULE_WEIGHT: u32 = 4;
/// The smallest share of their size a title and subtitle come down to, to end above the names.
const SMALLEST: f32 = 0.3;

/// The faces of the cover's type: the title's and subtitle's upright and italic, the names'.
struct Faces<'f> {
    title: (&'f FontRef<'static>, &'f FontRef<'static>),
    subtitle: (&'f FontRef<'static>, &'f FontRef<'static>),
    names: &'f FontRef<'static>,
}

/// The cover's lines of type, each with its style and baseline, and the top of the rule between
/// the title and the names.
struct Plan<'f> {
    lines: Vec<(Styled<'f>, Words, f32)>,
    rule: f32,
}

/// Sets the title and subtitle from the top and the names over the foot. A title too long to end
/// above the names comes down in size (to [`SMALLEST`]), as a long title page's does, rather than
/// run into them and out of the frame; lines that still would are left off (the title page
/// has them all).
fn plan<'f>(meta: &Metadata, faces: &Faces<'f>) -> Plan<'f> {
    let lang = meta.lang.as_str();
    let mut names_lines = Vec::new();
    // The names' cap height over their first baseline; none without names.
    let mut names_top = NAMES_TOP;
    if let Some(author) = meta.author_line() {
        let names = Styled { upright: faces.names, italic: faces.names, size: 80.0 };
        let (names, lines) = names.fit(&words(&[Inline::Text(author.to_uppercase())], false), 1240.0, lang);
        let step = names.size * 1.3;
        // Many names start higher, their last line still inside the frame.
        let first = NAMES_TOP.min(FOOT - step * lines.len().saturating_sub(1) as f32);
        names_top = first - names.size;
        names_lines.extend(lines.into_iter().enumerate().map(|(i, l)| (names, l, first + step * i as f32)));
    }
    let limit = names_top - GAP;
    let mut scale = 1.0;
    let (mut lines, mut rule) = heads(meta, faces, scale);
    while rule + RULE_WEIGHT as f32 > limit && scale * 0.9 >= SMALLEST {
        scale *= 0.9;
        (lines, rule) = heads(meta, faces, scale);
    }
    if rule + RULE_WEIGHT as f32 > limit {
        lines.retain(|(style, _, baseline)| baseline + style.size * 1.22 + GAP <= limit);
        rule = rule.min(limit - RULE_WEIGHT as f32);
    }
    lines.extend(names_lines);
    Plan { lines, rule }
}

/// The title's and subtitle's lines at `scale` of their sizes, from the top, and the top of the
/// rule under them.
fn heads<'f>(meta: &Metadata, faces: &Faces<'f>, scale: f32) -> (Vec<(Styled<'f>, Words, f32)>, f32) {
    let lang = meta.lang.as_str();
    let mut out = Vec::new();
    let mut y = TITLE_TOP;
    let title_size = if meta.title.chars().count() > 40 { 132.0 } else { 160.0 };
    // The title's italics as the title page sets them; the subtitle's emphasis upright.
    let (upright, italic) = faces.title;
    let title = Styled { upright, italic, size: title_size * scale };
    let (title, lines) = title.fit(&words(&meta.title_inlines, false), 1240.0, lang);
    for line in lines {
        out.push((title, line, y));
        y += title.size * 1.22;
    }
    if let Some(sub) = &meta.subtitle_inlines {
        y += 30.0 * scale;
        let (upright, italic) = faces.subtitle;
        let subtitle = Styled { upright, italic, size: 84.0 * scale };
        let (subtitle, lines) = subtitle.fit(&words(sub, true), 1180.0, lang);
        for line in lines {
            out.push((subtitle, line, y));
            y += subtitle.size * 1.3;
        }
    }
    (out, y + GAP)
}

fn face(family: &'static [FontFile], style: FontStyle) -> Result<FontRef<'static>, String> {
    let file = family.iter().find(|f| f.style == style).unwrap_or(&family[0]);
    FontRef::try_from_slice(file.bytes).map_err(|e| format!("font {}: {e}", file.file_name))
}

fn frame(img: &mut Canvas, inset: u32, width: u32, color: u8) {
    for i in 0..width {
        let (l, t, r, b) = (inset + i, inset + i, WIDTH - inset - i - 1, HEIGHT - inset - i - 1);
        for x in l..=r {
            img.put(x, t, color);
            img.put(x, b, color);
        }
        for y in t..=b {
            img.put(l, y, color);
            img.put(r, y, color);
        }
    }
}

fn advance(font: &FontRef<'_>, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    width
}

/// Draws `text` from `x` on `baseline`.
fn draw(img: &mut Canvas, font: &FontRef<'_>, size: f32, text: &str, (x, baseline): (f32, f32), ink: Ink) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = x;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(x, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if px >= 0 && py >= 0 && (px as u32) < WIDTH && (py as u32) < HEIGHT {
                    // Coverage adds to what this ink already covers there (glyphs may touch).
                    let i = py as usize * WIDTH as usize + px as usize;
                    let have = img.px[i].checked_sub(ink.base).filter(|k| *k <= STEPS).unwrap_or(0);
                    let have = f32::from(have) / f32::from(STEPS);
                    let now = have + (1.0 - have) * coverage.clamp(0.0, 1.0);
                    let k = (now * f32::from(STEPS)).round() as u8;
                    img.px[i] = if k == 0 { 0 } else { ink.base + k };
                }
            });
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
}

/// A word of display type: its pieces, each upright or italic (`*Hamlet*’s`); `None` is a line
/// break the author asked for.
type Word = Option<Pieces>;

/// A word's pieces, each with whether it is italic.
type Pieces = Vec<(String, bool)>;

/// A line of display type: its words.
type Words = Vec<Pieces>;

/// The words of a title, its emphasis turning italic on (or off, in an italic subtitle).
fn words(inlines: &[Inline], italic: bool) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut glued = false;
    push_words(inlines, italic, &mut out, &mut glued);
    out
}

fn push_words(inlines: &[Inline], italic: bool, out: &mut Vec<Word>, glued: &mut bool) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => {
                for (k, part) in t.split(' ').enumerate() {
                    if k > 0 {
                        *glued = false;
                    }
                    if part.is_empty() {
                        continue;
                    }
                    match out.last_mut() {
                        Some(Some(pieces)) if *glued => pieces.push((part.to_string(), italic)),
                        _ => out.push(Some(vec![(part.to_string(), italic)])),
                    }
                    *glued = true;
                }
            }
            Inline::LineBreak => {
                out.push(None);
                *glued = false;
            }
            Inline::Emphasis(c) => push_words(c, !italic, out, glued),
            other => push_words(other.children().map_or(&[][..], |c| c), italic, out, glued),
        }
    }
}

/// Display type in two faces, upright and italic, at one size.
#[derive(Clone, Copy)]
struct Styled<'f> {
    upright: &'f FontRef<'static>,
    italic: &'f FontRef<'static>,
    size: f32,
}

impl Styled<'_> {
    fn font(&self, italic: bool) -> &FontRef<'static> {
        if italic { self.italic } else { self.upright }
    }

    fn width(&self, line: &[Vec<(String, bool)>]) -> f32 {
        let space = advance(self.upright, self.size, " ");
        let words =
            line.iter().map(|w| w.iter().map(|(t, i)| advance(self.font(*i), self.size, t)).sum::<f32>());
        words.sum::<f32>() + space * line.len().saturating_sub(1) as f32
    }

    /// Display type brought down in size, to three fifths at most, until its widest word fits
    /// `max`; a word wider still is cut where the language's patterns hyphenate it (or else
    /// between any letters), with a hyphen at each cut. Then wrapped.
    fn fit(mut self, words: &[Word], max: f32, lang: &str) -> (Self, Vec<Words>) {
        let floor = self.size * 0.6;
        let widest =
            |s: &Styled| words.iter().flatten().map(|w| s.width(std::slice::from_ref(w))).fold(0.0, f32::max);
        while widest(&self) > max && self.size * 0.9 >= floor {
            self.size *= 0.9;
        }
        let mut fitted: Vec<Word> = Vec::new();
        for word in words {
            match word {
                Some(w) if self.width(std::slice::from_ref(w)) > max => {
                    fitted.extend(self.cut(w, max, lang).into_iter().map(Some));
                }
                other => fitted.push(other.clone()),
            }
        }
        let lines = self.wrap(&fitted, max);
        (self, lines)
    }

    /// A word too wide for `max`, cut into pieces that fit, each but the last ending in a hyphen
    /// (its own, or one added).
    fn cut(&self, word: &[(String, bool)], max: f32, lang: &str) -> Words {
        let letters: Vec<(char, bool)> =
            word.iter().flat_map(|(t, i)| t.chars().map(move |c| (c, *i))).collect();
        let joined: String = letters.iter().map(|(c, _)| c).collect();
        // Where a hyphen may go, as letter counts, in order.
        let points: Vec<usize> = Hyphenator::new()
            .find(lang, &joined)
            .iter()
            .map(|&byte| joined[..byte].chars().count())
            .collect();
        let piece = |from: usize, to: usize, hyphen: bool| -> Pieces {
            let mut out: Pieces = Vec::new();
            for &(c, italic) in &letters[from..to] {
                match out.last_mut() {
                    Some((t, i)) if *i == italic => t.push(c),
                    _ => out.push((c.to_string(), italic)),
                }
            }
            if hyphen {
                out.push(("-".to_string(), letters[to - 1].1));
            }
            out
        };
        // After the word's own hyphens it breaks with no hyphen added: a title made of a file's
        // name ("footnotes-french-war-and-peace") parts at its hyphens, not inside a word.
        let own: Vec<usize> = (1..letters.len())
            .filter(|&i| letters[i - 1].0 == '-' && letters[i].0 != '-' && i + 1 < letters.len())
            .collect();
        // Each piece measured from running sums, not set again: a title of one 100,000-letter
        // word took 26 s when every try measured the whole rest of the word.
        let run = Run::measure(self, &letters);
        let fits = |from: usize, to: usize, hyphen: bool| run.width(from, to, hyphen) <= max;
        // The furthest of `candidates` past `from` that fits, trying them in order: a piece only
        // grows wider as it goes on.
        let furthest = |candidates: &[usize], from: usize, hyphen: bool| {
            let past = candidates.partition_point(|&p| p <= from);
            candidates[past..].iter().copied().take_while(|&p| fits(from, p, hyphen)).last()
        };
        let mut pieces = Vec::new();
        let mut from = 0;
        while from < letters.len() && !fits(from, letters.len(), false) {
            // The furthest of its own hyphens or hyphenation points that fits, else as many
            // letters as fit (one at least).
            let (own_at, point) = (furthest(&own, from, false), furthest(&points, from, true));
            let (to, hyphen) = match (own_at, point) {
                (Some(o), p) if p.is_none_or(|p| o >= p) => (o, false),
                (_, Some(p)) => (p, true),
                _ => {
                    let to = (from + 1..letters.len()).take_while(|&to| fits(from, to, true)).last();
                    (to.unwrap_or(from + 1), true)
                }
            };
            pieces.push(piece(from, to, hyphen));
            from = to;
        }
        pieces.push(piece(from, letters.len(), false));
        pieces
    }

    /// Greedy wrapping, as for plain display type, with the author's line breaks kept.
    fn wrap(&self, words: &[Word], max: f32) -> Vec<Words> {
        let mut lines = Vec::new();
        let mut line: Words = Vec::new();
        for word in words {
            let Some(word) = word else {
                lines.push(std::mem::take(&mut line));
                continue;
            };
            line.push(word.clone());
            if line.len() > 1 && self.width(&line) > max {
                let last = line.pop().into_iter().collect();
                lines.push(std::mem::replace(&mut line, last));
            }
        }
        lines.push(line);
        lines.retain(|l| !l.is_empty());
        lines
    }

    fn draw_centered(&self, img: &mut Canvas, line: &[Vec<(String, bool)>], baseline: f32) {
        let space = advance(self.upright, self.size, " ");
        let mut x = (WIDTH as f32 - self.width(line)) / 2.0;
        for word in line {
            for (text, italic) in word {
                draw(img, self.font(*italic), self.size, text, (x, baseline), TEXT);
                x += advance(self.font(*italic), self.size, text);
            }
            x += space;
        }
    }
}

/// A word's letters measured once, so that any stretch of them can be: the width of the
/// letters before each, each kerned with the one before it where both are in one face (as
/// [`Styled::width`] sets a piece), and the hyphen's width in each face.
struct Run {
    /// `sums[i]`: the letters `..i` set as one piece.
    sums: Vec<f32>,
    /// `kerns[i]`: letter `i`'s kern with the one before it, which a piece starting at `i` drops.
    kerns: Vec<f32>,
    italic: Vec<bool>,
    hyphen: [f32; 2],
}

impl Run {
    fn measure(style: &Styled, letters: &[(char, bool)]) -> Run {
        let scaled = |italic: bool| style.font(italic).as_scaled(PxScale::from(style.size));
        let (upright, slanted) = (scaled(false), scaled(true));
        let font = |italic: bool| if italic { &slanted } else { &upright };
        let mut sums = vec![0.0];
        let mut kerns = Vec::with_capacity(letters.len());
        let mut prev: Option<(ab_glyph::GlyphId, bool)> = None;
        for &(c, italic) in letters {
            let f = font(italic);
            let id = f.glyph_id(c);
            let kern = match prev {
                Some((p, same)) if same == italic => f.kern(p, id),
                _ => 0.0,
            };
            kerns.push(kern);
            let last = sums.last().copied().unwrap_or(0.0);
            sums.push(last + kern + f.h_advance(id));
            prev = Some((id, italic));
        }
        let hyphen =
            [advance(style.font(false), style.size, "-"), advance(style.font(true), style.size, "-")];
        Run { sums, kerns, italic: letters.iter().map(|l| l.1).collect(), hyphen }
    }

    /// The width of letters `from..to`, with a hyphen after them if `hyphen`.
    fn width(&self, from: usize, to: usize, hyphen: bool) -> f32 {
        let hyphen = if hyphen { self.hyphen[usize::from(self.italic[to - 1])] } else { 0.0 };
        self.sums[to] - self.sums[from] - self.kerns[from] + hyphen
    }
}

#[cfg(test)]
mod tests;
