//! A paragraph of styled text to lines of positioned glyphs: its items (see `items.rs`) broken
//! by Knuth–Plass, then set justified with optical margin alignment, or ragged or centred.

use super::Typesetter;
use super::font::FaceId;
use super::items::Source;
use super::linebreak::{self, Item, Solution};
use super::margins::{left_factor, right_factor};
use super::shape::Shaped;
use super::units::Pt;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// The face.
    pub face: FaceId,
    /// The size.
    pub size: Pt,
    /// Baseline shift (superscripts).
    pub rise: Pt,
    /// The link the text belongs to, if any: its runs are kept apart from the text around it.
    pub link: Option<LinkId>,
    /// Struck through (`~~text~~`): its runs are kept apart, and layout draws the line.
    pub strike: bool,
    /// Underlined, as struck text is struck.
    pub underline: bool,
    /// A passage in another language than its paragraph's, shaped and hyphenated by its own;
    /// `None` for the paragraph's.
    pub lang: Option<super::hyphenate::PassageLang>,
    /// How the text reaches the page: as text, or only seen, or only read.
    pub paint: Paint,
}

impl Style {
    /// Text in a face at a size, on the baseline, in no link and in its paragraph's language.
    pub fn plain(face: FaceId, size: Pt) -> Style {
        Style {
            face,
            size,
            rise: Pt::ZERO,
            link: None,
            strike: false,
            underline: false,
            lang: None,
            paint: Paint::Text,
        }
    }
}

/// How a run reaches the page. A drop cap is seen but read in its word: drawn as text, it would
/// be read apart from the rest of the word ("I" / "t is a truth"), by every text reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paint {
    /// Seen and read: text.
    #[default]
    Text,
    /// Seen, not read: the glyphs' outlines, filled.
    Outline,
    /// Read, not seen: invisible text, where the letters it stands for are read.
    Hidden,
}

/// Which link of a book a run of text belongs to: a number the layout gives out and turns into a
/// link area on the page; the typesetter only keeps different links' text in runs of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinkId(pub u32);

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Chunk {
    /// Text in one style.
    Text {
        /// The text; spaces are interword glue, no-break spaces are glue that never breaks.
        text: String,
        /// Its style.
        style: Style,
    },
    /// A forced line break (verse, `<br>`).
    Break,
    /// A box set like a word that cannot be broken: an image in the text.
    Object(Object),
}

/// A box in a line of text that the text engine only makes room for: the layout draws what it
/// stands for (an inline image) where the line places it.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// What it stands for, for the layout: an image's asset index.
    pub id: usize,
    /// Its width: the room it takes on the line.
    pub width: Pt,
    /// Its height.
    pub height: Pt,
    /// How far its lower edge stands above the baseline (below it when negative).
    pub rise: Pt,
    /// What it reads as where only text is read: an image's alt text.
    pub text: std::sync::Arc<str>,
    /// The style of the text around it: the face and size its text reads in, and the link it
    /// belongs to, if any (a linked image is a link area too).
    pub style: Style,
}

/// How lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges straight; the last line flush left.
    Justify,
    /// Flush left, ragged right.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// The shape of a paragraph: each line's indent and width; the last entry repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// `(indent, width)` per line.
    pub lines: Vec<(Pt, Pt)>,
    /// Indent of the first line's text (a box, so the measure stays the same).
    pub first_indent: Pt,
}

impl Shape {
    /// Every line the full measure, the first indented.
    pub fn block(measure: Pt, first_indent: Pt) -> Shape {
        Shape { lines: vec![(Pt::ZERO, measure)], first_indent }
    }

    /// Lines after the first indented by `hang` (turned verse lines).
    pub fn hanging(measure: Pt, hang: Pt) -> Shape {
        Shape { lines: vec![(Pt::ZERO, measure), (hang, measure - hang)], first_indent: Pt::ZERO }
    }

    /// The first `lines` lines shortened by `cut` on the left (a drop cap's cut-out).
    pub fn cut_out(measure: Pt, lines: usize, cut: Pt) -> Shape {
        let mut v = vec![(cut, measure - cut); lines.max(1)];
        v.push((Pt::ZERO, measure));
        Shape { lines: v, first_indent: Pt::ZERO }
    }

    fn line(&self, i: usize) -> (Pt, Pt) {
        self.lines.get(i.min(self.lines.len().saturating_sub(1))).copied().unwrap_or((Pt::ZERO, Pt::ZERO))
    }
}

/// A paragraph to set.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Its text.
    pub chunks: Vec<Chunk>,
    /// BCP 47 language, for shaping and hyphenation.
    pub lang: String,
    /// Alignment.
    pub align: Align,
    /// Line indents and widths.
    pub shape: Shape,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
}

/// A glyph placed on a line. A novel places a million of them, so each takes 8 bytes: less
/// memory to fault in and stream through. `x` is an `f32` (a 30,000th of a point is far finer than
/// the tenth of a thousandth of an em the PDF is written in), the vertical offset 64ths of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id.
    pub id: u16,
    x: f32,
    y: i16,
}

// A million of them a novel: their size is what the layout streams through.
const _: () = assert!(std::mem::size_of::<PlacedGlyph>() == 8);

impl PlacedGlyph {
    /// A glyph at pen position `x` from the line's left edge, `y` above its run's baseline (a
    /// mark's offset; a superscript's rise belongs to its run's style).
    pub fn new(id: u16, x: Pt, y: Pt) -> PlacedGlyph {
        let y = (y.0 * 64.0).round().clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16;
        PlacedGlyph { id, x: x.0 as f32, y }
    }

    /// Pen position from the line's left edge.
    pub fn x(&self) -> Pt {
        Pt(f64::from(self.x))
    }

    /// Vertical offset from the run's baseline (up is positive).
    pub fn y(&self) -> Pt {
        Pt(f64::from(self.y) / 64.0)
    }

    /// Moves the glyph along the line.
    pub fn shift(&mut self, dx: Pt) {
        self.x = (f64::from(self.x) + dx.0) as f32;
    }
}

/// Glyphs of one face and size on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Style.
    pub style: Style,
    /// The glyphs.
    pub glyphs: Vec<PlacedGlyph>,
}

/// One set line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Left edge relative to the paragraph's (indent, minus left protrusion).
    pub x: Pt,
    /// The glyph runs.
    pub runs: Vec<GlyphRun>,
    /// Width from the first glyph's pen position to the last's end.
    pub width: Pt,
    /// Adjustment ratio of the interword spaces.
    pub ratio: f64,
    /// Whether the line ends in a hyphen it added or a word's own hyphen.
    pub hyphenated: bool,
    /// Whether it is wider than its measure.
    pub overfull: bool,
    /// Largest font size on the line.
    pub size: Pt,
    /// The objects on the line, each with its left edge from the line's.
    pub objects: Vec<(Pt, Object)>,
}

impl Line {
    /// A line with nothing on it, `size` tall: the space between stanzas, a note's blank line.
    pub fn empty(size: Pt) -> Line {
        Line {
            x: Pt::ZERO,
            runs: Vec::new(),
            width: Pt::ZERO,
            ratio: 0.0,
            hyphenated: false,
            overfull: false,
            size,
            objects: Vec::new(),
        }
    }
}

/// Languages whose printers never carry a piece of a word alone onto a paragraph's last line
/// ("гене-" over "рал."): Мильчин's rule for Russian, kept by the Cyrillic orthographies that
/// follow Russian house rules. Elsewhere such a line is only avoided.
const NO_FINAL_PIECE: [&str; 5] = ["ru", "uk", "be", "bg", "kk"];

/// Whether a paragraph's language forbids a piece of a word alone on its last line.
fn forbids_final_piece(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    NO_FINAL_PIECE.iter().any(|l| l.eq_ignore_ascii_case(primary))
}

impl Typesetter {
    /// Sets a paragraph into lines.
    pub fn set(&mut self, p: &Paragraph) -> Vec<Line> {
        if let Some(asked) = &mut self.recording {
            asked.push(p.clone());
            return Vec::new();
        }
        if let Some(lines) = self.presets.take(p) {
            return lines;
        }
        let hyphens_first = p.hyphenate && likely_needs_hyphens(p);
        self.break_and_place(p, hyphens_first)
    }

    /// Breaks and places a paragraph, its words hyphenated before the first pass if
    /// `hyphens_first` (that pass skips hyphens either way, so only speed depends on it).
    pub(super) fn break_and_place(&mut self, p: &Paragraph, hyphens_first: bool) -> Vec<Line> {
        let (measures, params) = self.breaking(p);
        // TeX's first pass tries no hyphens, so most paragraphs are itemised without them: most of
        // an English novel's never need them. One that will (see `likely_needs_hyphens`) gets them
        // at once rather than being itemised twice.
        let (mut items, mut sources) = std::mem::take(&mut self.items);
        self.items_into(p, hyphens_first, &mut items, &mut sources);
        let lines =
            if items.len() <= 2 {
                Vec::new()
            } else {
                let first = linebreak::run(&items, &measures, &params, linebreak::Pass::first(&params));
                let solution =
                    match first {
                        Some(s) => Solution { pass: 1, ..s },
                        None => {
                            if p.hyphenate && !hyphens_first {
                                self.items_into(p, true, &mut items, &mut sources);
                            }
                            linebreak::total_fit_from(&items, &measures, &params, 2)
                                .unwrap_or_else(|| Solution { breaks: Vec::new(), demerits: 0.0, pass: 4 })
                        }
                    };
                self.lines(p, &items, &sources, &solution)
            };
        // The shapes the sources hold are let go now, the vectors' room kept for the next one.
        sources.clear();
        self.items = (items, sources);
        lines
    }

    /// Sets a paragraph `looseness` lines longer (or, negative, shorter) than the `lines` it
    /// was set in, within the tolerance and without emergency stretch, as a compositor does with
    /// TeX's `\looseness` to fill a short page; `None` when no such setting exists.
    pub fn set_loose(&mut self, p: &Paragraph, looseness: i32, lines: usize) -> Option<Vec<Line>> {
        let want = lines.checked_add_signed(looseness as isize)?;
        let (measures, params) = self.breaking(p);
        let params = linebreak::Params { looseness, ..params };
        self.set_again(p, &measures, &params, None).filter(|set| set.len() == want)
    }

    /// Sets a paragraph again in as many `lines`, none of those numbered in `unhyphenated`
    /// ending in a hyphen, within the tolerance and without emergency stretch; `None` when no
    /// such setting exists.
    pub fn set_exact(&mut self, p: &Paragraph, lines: usize, unhyphenated: &[usize]) -> Option<Vec<Line>> {
        let (measures, params) = self.breaking(p);
        let exact = linebreak::Exact { lines, unhyphenated };
        self.set_again(p, &measures, &params, Some(exact))
    }

    /// A paragraph set again, with hyphens where it allows them, within the tolerance.
    fn set_again(
        &mut self,
        p: &Paragraph,
        measures: &[f64],
        params: &linebreak::Params,
        exact: Option<linebreak::Exact>,
    ) -> Option<Vec<Line>> {
        let (mut items, mut sources) = std::mem::take(&mut self.items);
        self.items_into(p, p.hyphenate, &mut items, &mut sources);
        let pass = linebreak::Pass {
            tolerance: params.tolerance,
            hyphens: p.hyphenate,
            emergency: 0.0,
            overfull: false,
        };
        let set = linebreak::run_exact(&items, measures, params, pass, exact)
            .map(|s| self.lines(p, &items, &sources, &s));
        sources.clear();
        self.items = (items, sources);
        set
    }

    /// A paragraph's line widths and the line breaker's settings for it.
    fn breaking(&self, p: &Paragraph) -> (Vec<f64>, linebreak::Params) {
        let measures = p.shape.lines.iter().map(|(_, w)| w.0).collect();
        // Ragged lines keep their glyphs' natural widths: expansion is for justified text only.
        let expansion = if p.align == Align::Justify { self.params.expansion } else { 0.0 };
        (
            measures,
            linebreak::Params {
                emergency_stretch: self.emergency_stretch(p),
                expansion,
                final_piece_allowed: self.params.final_piece_allowed && !forbids_final_piece(&p.lang),
                ..self.params
            },
        )
    }

    fn emergency_stretch(&self, p: &Paragraph) -> f64 {
        // Like TeX's \emergencystretch of about 1.5 em at the text size.
        let size = p
            .chunks
            .iter()
            .find_map(|c| if let Chunk::Text { style, .. } = c { Some(style.size.0) } else { None });
        1.5 * size.unwrap_or(10.0)
    }

    /// Places the glyphs of each line.
    fn lines(&self, p: &Paragraph, items: &[Item], sources: &[Source], solution: &Solution) -> Vec<Line> {
        let e = if p.align == Align::Justify { self.params.expansion } else { 0.0 };
        let mut lines = Vec::new();
        let mut start = 0;
        for (n, brk) in solution.breaks.iter().enumerate() {
            let (indent, measure) = p.shape.line(n);
            let end = brk.index;
            // Skip what a break discards at a line's start.
            while start < end && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
            let last_line = n + 1 == solution.breaks.len();
            let (mut natural, mut glue_stretch, mut glyph_stretch, mut shrink) = (0.0, 0.0, 0.0, 0.0);
            for (item, source) in items[start..end].iter().zip(&sources[start..end]) {
                match *item {
                    // An object keeps its width: only letters take the line's tracking.
                    Item::Box { width } if matches!(source, Source::Object(_)) => natural += width,
                    Item::Box { width } => {
                        natural += width;
                        glyph_stretch += width * e;
                        shrink += width * e;
                    }
                    Item::Glue { width, stretch: y, shrink: z } => {
                        natural += width;
                        if y < 1_000.0 {
                            glue_stretch += y;
                        }
                        shrink += z;
                    }
                    Item::Penalty { .. } => {}
                }
            }
            let stretch = glue_stretch + glyph_stretch;
            let hyphen = matches!(items[end], Item::Penalty { width, .. } if width > 0.0);
            if let Item::Penalty { width, .. } = items[end] {
                natural += width;
            }
            // A line ended by a forced break (`\\`, a list item in a note) is set like a last
            // line: TeX's `\hfil` before the break takes up the rest, not the letters.
            let forced = matches!(items[end], Item::Penalty { cost, .. } if cost <= -linebreak::INFINITY);
            let justify = p.align == Align::Justify && !last_line && !forced;
            let (left_p, right_p) = if p.align == Align::Justify {
                self.protrusion(sources, start, end, hyphen)
            } else {
                (0.0, 0.0)
            };
            let target = measure.0 + if justify { left_p + right_p } else { 0.0 };
            let ratio = if !justify {
                // A last or ragged line keeps natural spacing, but shrinks if it must to fit.
                if natural > target && shrink > 0.0 && p.align == Align::Justify {
                    ((target - natural) / shrink).max(-1.0)
                } else {
                    0.0
                }
            } else if natural < target && stretch > 0.0 {
                (target - natural) / stretch
            } else if natural > target && shrink > 0.0 {
                ((target - natural) / shrink).max(-1.0)
            } else {
                0.0
            };
            // Glyphs widen with the spaces as far as the tolerance lets any line stretch (ratio
            // 1.26 at TeX's 200: 3.8 % at most), as pdfTeX's font expansion stops at its limit;
            // an underfull line past it (a long URL left few spaces) has its spaces take the
            // rest, instead of its letters spaced out.
            let most = (self.params.tolerance / 100.0).cbrt();
            let glue_ratio = if ratio > most && glue_stretch > 0.0 {
                (target - natural - glyph_stretch * most) / glue_stretch
            } else if ratio > most {
                0.0
            } else {
                ratio
            };
            let ratios = (ratio.min(most), glue_ratio);
            let mut line = self.place(items, sources, start, end, hyphen, ratios, p.align);
            line.ratio = ratio;
            line.overfull = brk.overfull || (line.width.0 > target + 0.5);
            line.hyphenated = brk.flagged;
            let offset = match p.align {
                Align::Justify => -left_p,
                Align::Left => 0.0,
                Align::Center => (measure.0 - line.width.0) / 2.0,
                Align::Right => measure.0 - line.width.0,
            };
            line.x = indent + Pt(offset);
            lines.push(line);
            start = end + 1;
        }
        lines
    }

    #[allow(clippy::too_many_arguments)]
    fn place(
        &self,
        items: &[Item],
        sources: &[Source],
        start: usize,
        end: usize,
        hyphen: bool,
        (glyph_ratio, ratio): (f64, f64),
        align: Align,
    ) -> Line {
        let mut x = 0.0;
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut objects = Vec::new();
        let mut size = Pt::ZERO;
        // Glyph vectors sized once: growing them glyph by glyph was a tenth of a novel's layout.
        let mut left: usize = sources
            .get(start..=end)
            .unwrap_or_default()
            .iter()
            .map(|s| match s {
                Source::Glyphs { from, to, .. } => to - from,
                Source::Hyphen { shaped, .. } => shaped.glyphs.len(),
                _ => 0,
            })
            .sum();
        // Boxes widen or narrow with the spaces (expansion as tracking): glyphs keep their shapes.
        let expand = if align == Align::Justify { 1.0 + glyph_ratio * self.params.expansion } else { 1.0 };
        let mut push = |shaped: &Shaped, from: usize, to: usize, style: Style, x: &mut f64| {
            let face = self.fonts.face(style.face);
            let unit = style.size.0 / f64::from(face.per_em);
            if runs.last().is_none_or(|r| r.style != style) {
                runs.push(GlyphRun { style, glyphs: Vec::with_capacity(left) });
            }
            let Some(run) = runs.last_mut() else { return };
            left = left.saturating_sub(to - from);
            for i in from..to {
                let g = &shaped.glyphs[i];
                run.glyphs.push(PlacedGlyph::new(
                    g.id,
                    Pt(*x + f64::from(g.x_offset.0) * unit),
                    Pt(f64::from(g.y_offset.0) * unit),
                ));
                *x += f64::from(g.advance.0) * unit * expand;
            }
        };
        for i in start..end {
            match (&items[i], &sources[i]) {
                (Item::Box { .. }, Source::Glyphs { shaped, from, to, style }) => {
                    size = size.max(style.size);
                    push(shaped, *from, *to, *style, &mut x);
                }
                (Item::Box { width }, Source::Object(object)) => {
                    objects.push((Pt(x), (**object).clone()));
                    x += width;
                }
                (Item::Box { width }, _) => x += width * expand,
                (Item::Glue { width, stretch, shrink }, _) => {
                    x += width
                        + if *stretch >= 1_000.0 {
                            0.0
                        } else if ratio >= 0.0 {
                            ratio * stretch
                        } else {
                            ratio * shrink
                        };
                }
                _ => {}
            }
        }
        if hyphen && let Source::Hyphen { shaped, style } = &sources[end] {
            push(shaped, 0, shaped.glyphs.len(), *style, &mut x);
        }
        Line { x: Pt::ZERO, runs, width: Pt(x), ratio, hyphenated: hyphen, overfull: false, size, objects }
    }

    /// How far the line's first and last glyphs may hang outside the measure, as in pdfTeX's
    /// protrusion: punctuation and hyphens are light, so the edge looks straight when they hang.
    fn protrusion(&self, sources: &[Source], start: usize, end: usize, hyphen: bool) -> (f64, f64) {
        let advance = |shaped: &Shaped, i: usize, style: &Style| {
            let face = self.fonts.face(style.face);
            f64::from(shaped.glyphs[i].advance.0) * style.size.0 / f64::from(face.per_em)
        };
        let first = sources[start..end].iter().find_map(|s| match s {
            Source::Glyphs { shaped, from, to, style } if from < to => {
                Some(advance(shaped, *from, style) * left_factor(shaped.glyph_text(*from).chars().next()))
            }
            _ => None,
        });
        let last = match &sources[end] {
            Source::Hyphen { shaped, style } if hyphen && !shaped.glyphs.is_empty() => {
                let i = shaped.glyphs.len() - 1;
                Some(advance(shaped, i, style) * right_factor(shaped.glyph_text(i).chars().last()))
            }
            _ => sources[start..end].iter().rev().find_map(|s| match s {
                Source::Glyphs { shaped, from, to, style } if from < to => Some(
                    advance(shaped, to - 1, style) * right_factor(shaped.glyph_text(to - 1).chars().last()),
                ),
                _ => None,
            }),
        };
        // Hanging is capped at 0.02 em (0.2 pt at 10 pt): every line end then stays within the
        // 0.6 pt that print checks allow around the measure, whichever ends a page has most of.
        let size = sources[start..end].iter().find_map(|s| match s {
            Source::Glyphs { style, .. } => Some(style.size.0),
            _ => None,
        });
        let cap = 0.02 * size.unwrap_or(10.0);
        (first.unwrap_or(0.0).min(cap), last.unwrap_or(0.0).min(cap))
    }
}

/// Whether a paragraph will most likely fail TeX's first pass and need hyphens: three lines or
/// more at ten words a line or fewer, estimated from its characters at half an em each. In a
/// Russian or Kazakh novel 98% of such paragraphs do; in an English one, few paragraphs are such.
pub(super) fn likely_needs_hyphens(p: &Paragraph) -> bool {
    let (mut chars, mut spaces, mut size) = (0usize, 0usize, None);
    for chunk in &p.chunks {
        if let Chunk::Text { text, style } = chunk {
            chars += text.chars().count();
            spaces += text.bytes().filter(|&b| b == b' ').count();
            size.get_or_insert(style.size.0);
        }
    }
    let measure = p.shape.lines.last().map_or(0.0, |(_, w)| w.0);
    let Some(size) = size.filter(|s| *s > 0.0) else { return false };
    let per_line = measure / (0.5 * size);
    if chars == 0 || per_line <= 0.0 {
        return false;
    }
    let lines = chars as f64 / per_line;
    let words_per_line = per_line * (spaces + 1) as f64 / chars as f64;
    lines >= 3.0 && words_per_line <= 10.0
}
