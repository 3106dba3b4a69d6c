//! A paragraph's boxes, glue and penalties: words shaped (once, cached), break opportunities
//! from UAX #14 and hyphenation, interword glue for justified or ragged setting.

use std::sync::Arc;

use super::linebreak::{INFINITY, Item};
use super::paragraph::{Align, Chunk, Object, Paragraph, Style};
use super::shape::Shaped;
use super::units::Pt;
use super::{FaceId, Typesetter};

/// How a paragraph's items are built in one pass.
#[derive(Debug, Clone, Copy)]
struct Mode {
    /// Flexibility at line ends instead of between words, in word spaces a line: `None` for
    /// justified text.
    ragged: Option<f64>,
    /// Whether words get hyphenation points.
    hyphenate: bool,
}

/// What an item stands for, to place its glyphs after breaking.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    Glyphs { shaped: Arc<Shaped>, from: usize, to: usize, style: Style },
    Space,
    Hyphen { shaped: Arc<Shaped>, style: Style },
    // Boxed: a source is read for every item of every paragraph, and objects are rare.
    Object(Box<Object>),
    Nothing,
}

// Sources are streamed through for every line set: an image's box must not widen them all.
const _: () = assert!(std::mem::size_of::<Source>() <= 64);

/// Stretch and shrink of an interword space, as fractions of its width: TeX's 1/2 to stretch, but
/// a quarter (not a third) to shrink, since glyph expansion already gives tight lines room.
const STRETCH: f64 = 0.5;
const SHRINK: f64 = 0.25;
/// Cost of breaking at a hyphen folio adds, and after a word's own hyphen or dash.
const HYPHEN_PENALTY: f64 = 200.0;
const EXPLICIT_HYPHEN_PENALTY: f64 = 50.0;
/// Cost of hyphenating a word that starts with a capital, in a language whose capitals mark
/// proper names: English and French style avoid dividing them where possible (the Chicago
/// Manual; the Imprimerie nationale's Lexique), as TeX's `\uchyph=0` does outright. Dearer than
/// any line the tolerance allows, so such a break is taken only where the paragraph has no
/// other way to set; "Eliza-beth" had been 40 of Pride and Prejudice's 346 hyphens.
const NAME_HYPHEN_PENALTY: f64 = 500.0;

impl Typesetter {
    fn space(&mut self, style: Style, lang: &str) -> (Arc<Shaped>, f64) {
        let shaped = self.shaper.shape(&self.fonts, style.face, lang, " ");
        let w = shaped.width_at(&self.fonts, style.size).0;
        (shaped, w)
    }

    /// Boxes, glue and penalties for a paragraph, with what each stands for.
    #[cfg(test)]
    pub(crate) fn items(&mut self, p: &Paragraph, hyphenate: bool) -> (Vec<Item>, Vec<Source>) {
        let (mut items, mut sources) = (Vec::new(), Vec::new());
        self.items_into(p, hyphenate, &mut items, &mut sources);
        (items, sources)
    }

    /// Boxes, glue and penalties for a paragraph into vectors emptied first: a book's paragraphs
    /// reuse one pair, grown to its longest paragraph, where each took a new pair of tens of
    /// kilobytes from the allocator.
    pub(crate) fn items_into(
        &mut self,
        p: &Paragraph,
        hyphenate: bool,
        items: &mut Vec<Item>,
        sources: &mut Vec<Source>,
    ) {
        items.clear();
        sources.clear();
        // TeX gives ragged-right lines about two ems to fall short by; centred lines (headings,
        // titles) three times as much, so that a heading's last word can join its line before
        // instead of standing alone under it.
        let ragged = match p.align {
            Align::Justify => None,
            Align::Center => Some(RAGGED_SPACES * 3.0),
            Align::Left | Align::Right => Some(RAGGED_SPACES),
        };
        if p.shape.first_indent.0 > 0.0 {
            items.push(Item::Box { width: p.shape.first_indent.0 });
            sources.push(Source::Nothing);
        }
        let mut last_style = None;
        for chunk in &p.chunks {
            match chunk {
                Chunk::Break => {
                    push_fill(items, sources);
                    items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
                    sources.push(Source::Nothing);
                }
                Chunk::Object(object) => {
                    items.push(Item::Box { width: object.width.0 });
                    sources.push(Source::Object(Box::new(object.clone())));
                }
                Chunk::Text { text, style } => {
                    last_style = Some(*style);
                    self.text_items(text, *style, p, Mode { ragged, hyphenate }, items, sources);
                }
            }
        }
        // Trailing spaces never end a paragraph.
        while matches!(items.last(), Some(Item::Glue { .. }) | Some(Item::Penalty { .. })) {
            items.pop();
            sources.pop();
        }
        let _ = last_style;
        push_fill(items, sources);
        items.push(Item::Penalty { width: 0.0, cost: -INFINITY, flagged: false });
        sources.push(Source::Nothing);
    }

    fn text_items(
        &mut self,
        text: &str,
        style: Style,
        p: &Paragraph,
        mode: Mode,
        items: &mut Vec<Item>,
        sources: &mut Vec<Source>,
    ) {
        let Mode { ragged, hyphenate } = mode;
        let (_, space) = self.space(style, &p.lang);
        let mut rest = text;
        // Spaces are ASCII, and an ASCII byte is never part of another character in UTF-8: the
        // text is split by bytes, without decoding a novel's characters one by one.
        let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        while !rest.is_empty() {
            // Interword space: breakable glue.
            let spaces = rest.bytes().position(|b| !is_space(&b)).unwrap_or(rest.len());
            if spaces > 0 {
                rest = &rest[spaces..];
                let follows_box = matches!(items.last(), Some(Item::Box { .. }));
                if follows_box {
                    push_space(items, sources, space, ragged, true);
                }
                continue;
            }
            let end = rest.bytes().position(|b| is_space(&b)).unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            if !has_no_break_space(word) {
                self.word_items(word, style, p, hyphenate, items, sources);
                continue;
            }
            // No-break spaces split a word into parts joined by unbreakable glue.
            let mut part_start = 0;
            let mut narrow_before = None;
            // Whether the part before this separator is a dash opening the paragraph.
            let mut dialogue = false;
            let seps = word.char_indices().filter(|(_, c)| matches!(c, '\u{A0}' | '\u{202F}'));
            for sep in seps.map(Some).chain(std::iter::once(None)) {
                let end = sep.map_or(word.len(), |(i, _)| i);
                if let Some(narrow) = narrow_before {
                    items.push(Item::Penalty { width: 0.0, cost: INFINITY, flagged: false });
                    sources.push(Source::Nothing);
                    if narrow {
                        // A narrow space (French before « ! ? : ; » and inside guillemets, a
                        // thousands separator) is a fixed thin space, as TeX's `\,`: it never
                        // stretches with the line's spaces, which left "?" 4 pt off its word on
                        // one line and 1 pt on the next.
                        items.push(Item::Glue { width: space * 0.6, stretch: 0.0, shrink: 0.0 });
                        sources.push(Source::Space);
                    } else if dialogue {
                        // The space after a dialogue dash opening the paragraph is a fixed word
                        // space, as Russian printers set it: stretched with the line's, it
                        // opened "–  А  что  вы" 7 pt wide.
                        items.push(Item::Glue { width: space, stretch: 0.0, shrink: 0.0 });
                        sources.push(Source::Space);
                    } else {
                        push_space(items, sources, space, ragged, false);
                    }
                }
                let part = &word[part_start..end];
                dialogue = matches!(part, "–" | "—") && !items.iter().any(|i| matches!(i, Item::Glue { .. }));
                if !part.is_empty() {
                    self.word_items(part, style, p, hyphenate, items, sources);
                }
                if let Some((i, c)) = sep {
                    part_start = i + c.len_utf8();
                    narrow_before = Some(c == '\u{202F}');
                }
            }
        }
    }

    /// A word cut where the face that has its characters changes (`wanted` where it can), with
    /// each part's face; an accent stays with its letter.
    fn face_runs(&self, word: &str, wanted: FaceId) -> Vec<(std::ops::Range<usize>, FaceId)> {
        let mut runs: Vec<(std::ops::Range<usize>, FaceId)> = Vec::new();
        for (i, c) in word.char_indices() {
            let joins = unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}');
            let face = self.fonts.covering(wanted, c).unwrap_or(wanted);
            match runs.last_mut() {
                Some((range, f)) if *f == face || joins => range.end = i + c.len_utf8(),
                _ => runs.push((i..i + c.len_utf8(), face)),
            }
        }
        runs
    }

    /// Whether the engine drew a character the face lacks from its canonical decomposition (≠ as
    /// "=" under a combining long solidus, when Noto Serif has no ≠): the face lacks it as much as
    /// one drawn as a box, and a glyph stands for one text in the PDF, so that "=" would read
    /// back as "≠", or "≠" as "=", wherever the book also has an equals sign. Looked for only in
    /// a word with two glyphs in one cluster, which is how the engine leaves a decomposition.
    fn built_from_parts(&self, shaped: &Shaped) -> bool {
        let split = shaped.glyphs.windows(2).any(|w| w[0].cluster == w[1].cluster);
        let face = self.fonts.face(shaped.face);
        split
            && shaped.text.chars().any(|c| {
                !c.is_ascii() && !face.covers(c) && {
                    let mut parts = 0;
                    unicode_normalization::char::decompose_canonical(c, |_| parts += 1);
                    parts > 1
                }
            })
    }

    /// A word: shaped once, split into boxes at its break points.
    fn word_items(
        &mut self,
        word: &str,
        style: Style,
        p: &Paragraph,
        hyphenate: bool,
        items: &mut Vec<Item>,
        sources: &mut Vec<Source>,
    ) {
        // A foreign passage is shaped and hyphenated in its own language.
        let lang = style.lang.map_or(p.lang.as_str(), |l| l.tag());
        let mut shaped = self.shaper.shape(&self.fonts, style.face, lang, word);
        let mut style = style;
        // Only a word with a missing glyph pays for a coverage search: another face may have it.
        // A word only part of which the face lacks (−1, x≤y) takes the other face for that part
        // alone, so that its letters and figures stay in the text face.
        if shaped.glyphs.iter().any(|g| g.id == 0) || self.built_from_parts(&shaped) {
            let runs = self.face_runs(word, style.face);
            if runs.len() > 1 {
                for (range, face) in runs {
                    self.word_items(&word[range], Style { face, ..style }, p, hyphenate, items, sources);
                }
                return;
            }
            if let Some(&(_, other)) = runs.first().filter(|(_, f)| *f != style.face) {
                style.face = other;
                shaped = self.shaper.shape(&self.fonts, other, lang, word);
            }
        }
        // (byte offset, kind) of each break. Kept between words: a hyphenated novel would
        // allocate it for nearly every word.
        let mut breaks = std::mem::take(&mut self.breaks);
        breaks.clear();
        // Most words are letters and closing punctuation, with no break inside: skip UAX #14 there.
        let ascii_plain = |b: u8| {
            b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'.' | b',' | b';' | b':' | b'"' | b'(' | b')')
        };
        let plain = word.bytes().all(ascii_plain)
            || word.chars().all(|c| {
                c.is_ascii_digit()
                    || super::hyphenate::is_letter(c)
                    || c.is_alphanumeric()
                    || matches!(
                        c,
                        '\'' | '’' | '‘' | '.' | ',' | ';' | ':' | '“' | '”' | '"' | '«' | '»' | '(' | ')'
                    )
            });
        // Code and web addresses take no hyphen they do not have: `ResourceHost` split as
        // "Resource-" reads as a minus, and an address as one with a hyphen in it. They still
        // break after their own punctuation, an address where the Chicago Manual says (below).
        // A plain word is looked at no further unless it starts like an address.
        let address = (!plain || word.starts_with("www.")) && is_address(word);
        let code = self.fonts.face(style.face).monospaced;
        let hyphenate = hyphenate && !address && !code;
        // An address breaks only where the Manual says: UAX #14 would also break after its
        // hyphens, which then read as hyphens added at the line's end.
        if !plain && !address {
            for (offset, _) in unicode_linebreak::linebreaks(word) {
                if offset < word.len() && offset > 0 {
                    // The author's soft hyphen shows as a hyphen where the line breaks, in any
                    // language and whether or not the paragraph is hyphenated, as TeX's `\-`;
                    // after a slash or other punctuation it takes none (the Chicago Manual's
                    // "and/ or"), as a word opened there to fit its line has no hyphen to show.
                    // In code it breaks as code does, without one: a hyphen there reads as a minus.
                    let before = word[..offset].strip_suffix('\u{AD}');
                    let after_letter = before.and_then(|b| b.chars().next_back()).is_some_and(|c| {
                        c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
                    });
                    let kind = match (before.is_some(), code) {
                        (true, false) if after_letter => BreakKind::Hyphen,
                        (true, false) => BreakKind::Own,
                        (true, true) => BreakKind::Code,
                        (false, _) => BreakKind::Own,
                    };
                    // At a word's own hyphen, a letter alone before it stays with the rest, and
                    // fewer than three letters after it: the "в-" of "в-пятых" would end a line
                    // alone, and the Russian particles of "знаем-с", "каких-то", "попробуй-ка"
                    // (or the "up" of "follow-up") open the next, which printers do not allow.
                    // Counted only as far as the rule looks: counting the whole of each side made
                    // a long hyphened string ("a-a-a-…", a pasted blob) take a square's time.
                    let few = |letters: &mut dyn Iterator<Item = char>, n: usize| {
                        letters.filter(|c| c.is_alphanumeric()).take(n).count() < n
                    };
                    let own_hyphen = !code && word[..offset].ends_with(['-', '\u{2010}']);
                    if own_hyphen
                        && (few(&mut word[..offset].chars().rev(), 2) || few(&mut word[offset..].chars(), 3))
                    {
                        continue;
                    }
                    // A closed em dash stays with the word before it and the line breaks after
                    // it (the Chicago Manual): "—also known as" would open a line with a dash.
                    if !code && word[offset..].starts_with('—') {
                        continue;
                    }
                    // In running text a slash between short words keeps them together: "I/" at a
                    // line's end and "O" at the next one's start read as nothing ("and/ or" may
                    // still part). A narrow column's head still breaks its "kg/m³".
                    if !code && p.align == Align::Justify && word[..offset].ends_with('/') {
                        let before =
                            word[..offset - 1].chars().rev().take_while(|c| c.is_alphanumeric()).count();
                        let after = word[offset..].chars().take_while(|c| c.is_alphanumeric()).count();
                        if before < 3 || after < 3 {
                            continue;
                        }
                    }
                    // Code breaks before its own hyphens, as the Manual breaks an address: at a
                    // line's end, `html-native_divs-` reads as a word hyphenated to fit, and
                    // `--pdf` parted from its dashes is another option.
                    let stem = word[..offset].trim_end_matches('-');
                    let offset = match stem.len() {
                        _ if !code => offset,
                        0 => continue,
                        n => n,
                    };
                    breaks.push((offset, kind));
                }
            }
        }
        if address {
            breaks.extend(address_breaks(word).map(|at| (at, BreakKind::Own)));
            // A soft hyphen in an address is a break too, without the hyphen (the Manual adds
            // none to an address): where a long one was opened to stay inside the measure.
            breaks.extend(word.match_indices('\u{AD}').map(|(at, shy)| (at + shy.len(), BreakKind::Own)));
        } else if code {
            breaks.extend(crate::model::code_breaks(word).map(|at| (at, BreakKind::Code)));
        }
        // A hyphen inside the word (not at either end), where the patterns, which read only
        // letters, would find nothing in the whole.
        let inner_hyphen = !plain && word.trim_matches(['-', '\u{2010}']).contains(['-', '\u{2010}']);
        if hyphenate && breaks.is_empty() && !inner_hyphen {
            // A word without breaks of its own hyphenates whole: its points are kept with its
            // shape, found once per word instead of looked up at every use.
            let generation = self.hyphenator.generation();
            let hyphenator = &mut self.hyphenator;
            let found = shaped.hyphens(generation, || hyphenator.find(lang, word));
            breaks.extend(found.iter().map(|&h| (h, BreakKind::Hyphen)));
        } else if hyphenate && !breaks.iter().any(|&(at, _)| word[..at].ends_with(['-', '\u{2010}'])) {
            // Each segment between UAX #14 breaks and own hyphens hyphenates on its own; but a
            // compound that may break at its own hyphen breaks only there, as in TeX:
            // "что-ни-/будь" and "сондай-сон-/дай" read as misprints. One whose hyphen may not
            // end a line (before a particle: "пропускать-то") hyphenates in its parts before
            // that hyphen ("про-/пускать-то"): whole, it had left a line of The Idiot four times
            // as loose as the book's median. What follows its last hyphen does not: the hyphen
            // was refused for the letter alone before it ("в-пя-/тых" would be that word's
            // misprint) or the particle after it.
            let hyphens: Vec<usize> =
                word.match_indices(['-', '\u{2010}']).map(|(at, h)| at + h.len()).collect();
            let mut edges: Vec<usize> = breaks.iter().map(|b| b.0).chain(hyphens.iter().copied()).collect();
            edges.sort_unstable();
            edges.dedup();
            let mut at = 0;
            for end in edges.into_iter().chain([word.len()]) {
                if end <= at {
                    continue;
                }
                // The stretch right after a compound's last hyphen, up to the next break (a
                // dash's, say, after which another word hyphenates as any).
                let after_last = hyphens.last() == Some(&at);
                if !after_last {
                    for h in self.hyphenator.breaks(lang, &word[at..end]).iter() {
                        breaks.push((at + h, BreakKind::Hyphen));
                    }
                }
                at = end;
            }
        }
        breaks.sort_unstable();
        breaks.dedup_by_key(|b| b.0);
        let hyphen = if breaks.iter().any(|b| b.1 == BreakKind::Hyphen) {
            Some(self.shaper.shape(&self.fonts, style.face, lang, "-"))
        } else {
            None
        };
        let hyphen_width = hyphen.as_ref().map_or(0.0, |h| h.width_at(&self.fonts, style.size).0);
        let hyphen_cost = if hyphen.is_some() && super::hyphenate::divided_last(lang, word) {
            NAME_HYPHEN_PENALTY
        } else {
            HYPHEN_PENALTY
        };
        let scale =
            |units: i32| Pt(f64::from(units) * style.size.0 / f64::from(self.fonts.face(style.face).per_em));
        // The first glyph at or after each break, and whether a cluster starts right there (not
        // inside a ligature). Clusters rise with the glyphs in left-to-right text, so it is found
        // by halving: scanning from the word's start for every break made a 200,000-letter
        // "word" (a pasted blob) take minutes.
        // (Looked at only for a word with breaks: most words of a book have none.)
        let rising = !breaks.is_empty() && shaped.glyphs.windows(2).all(|w| w[0].cluster <= w[1].cluster);
        let glyph_at = |offset: usize| -> (usize, bool) {
            let glyphs = &shaped.glyphs;
            if rising {
                let i = glyphs.partition_point(|g| (g.cluster as usize) < offset);
                (i, glyphs.get(i).is_some_and(|g| g.cluster as usize == offset))
            } else {
                let i = glyphs.iter().position(|g| g.cluster as usize >= offset).unwrap_or(glyphs.len());
                (i, shaped.is_cluster_boundary(offset))
            }
        };
        let mut from_glyph = 0;
        for &(offset, kind) in breaks.iter() {
            let (to_glyph, boundary) = glyph_at(offset);
            if !boundary || to_glyph <= from_glyph {
                continue;
            }
            let w: i32 = shaped.glyphs[from_glyph..to_glyph].iter().map(|g| g.advance.0).sum();
            items.push(Item::Box { width: scale(w).0 });
            sources.push(Source::Glyphs { shaped: shaped.clone(), from: from_glyph, to: to_glyph, style });
            if let (BreakKind::Hyphen, Some(hyphen)) = (kind, &hyphen) {
                items.push(Item::Penalty { width: hyphen_width, cost: hyphen_cost, flagged: true });
                sources.push(Source::Hyphen { shaped: hyphen.clone(), style });
            } else if kind == BreakKind::Code {
                // As dear as a hyphen: an identifier reads best whole, but better parted than
                // left to stretch its line's spaces wide.
                items.push(Item::Penalty { width: 0.0, cost: HYPHEN_PENALTY, flagged: false });
                sources.push(Source::Nothing);
            } else {
                let after_hyphen = word[..offset].ends_with(['-', '\u{2010}']);
                let cost = if after_hyphen { EXPLICIT_HYPHEN_PENALTY } else { 0.0 };
                items.push(Item::Penalty { width: 0.0, cost, flagged: after_hyphen });
                sources.push(Source::Nothing);
            }
            from_glyph = to_glyph;
        }
        if from_glyph < shaped.glyphs.len() {
            let w: i32 = shaped.glyphs[from_glyph..].iter().map(|g| g.advance.0).sum();
            items.push(Item::Box { width: scale(w).0 });
            // The word's last use of its shape: moved, not counted up and down again.
            let to = shaped.glyphs.len();
            sources.push(Source::Glyphs { shaped, from: from_glyph, to, style });
        }
        self.breaks = breaks;
    }
}

/// What a break inside a word is. The order is the preference where two fall at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum BreakKind {
    /// After the word's own dash or where UAX #14 allows: no hyphen added.
    Own,
    /// Inside code, before its punctuation: no hyphen added.
    Code,
    /// A hyphenation point: a hyphen is added.
    Hyphen,
}

/// Whether a word is a web or email address, which is broken without hyphens.
pub(crate) fn is_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.") || word.starts_with("mailto:") || is_email(word)
}

/// Whether a word is an email address (`name@host.tld`, perhaps in brackets or before a full
/// stop): a hyphen added in one makes another address.
fn is_email(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let Some((name, host)) = word.split_once('@') else { return false };
    let host_ok = host.split('.').count() > 1 && host.split('.').all(|label| !label.is_empty());
    !name.is_empty() && host_ok && !host.contains('@') && !word.contains('/')
}

/// Where the Chicago Manual (14.18) breaks a web or email address: after a colon or a double
/// slash; before a single slash, a tilde, a period, a comma, a hyphen, an underline, a question
/// mark, a number sign, a percent sign or an at sign; before or after an equals sign or an
/// ampersand. Never before its last character, which is most often the sentence's punctuation.
/// Each is next to an ASCII byte, so a character boundary.
fn address_breaks(word: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = word.as_bytes();
    (1..word.len().saturating_sub(1)).filter(move |&i| {
        let (before, at) = (bytes[i - 1], bytes[i]);
        let double_slash = before == b'/' && i >= 2 && bytes[i - 2] == b'/';
        let single_slash = at == b'/' && before != b'/' && bytes.get(i + 1) != Some(&b'/');
        ((before == b':' || double_slash) && at != b'/')
            || single_slash
            || matches!(at, b'~' | b'.' | b',' | b'-' | b'_' | b'?' | b'#' | b'%' | b'=' | b'&' | b'@')
            || matches!(before, b'=' | b'&')
    })
}

/// Whether a word holds a no-break space (U+00A0) or a narrow one (U+202F), found by their UTF-8
/// bytes: a `char` search stops at every Cyrillic letter that shares their last byte.
fn has_no_break_space(word: &str) -> bool {
    let b = word.as_bytes();
    (0..b.len()).any(|i| match b[i] {
        0xC2 => b.get(i + 1) == Some(&0xA0),
        0xE2 => b.get(i + 1..i + 3) == Some(&[0x80, 0xAF]),
        _ => false,
    })
}

/// Word spaces a ragged line may fall short by without being loose (about two ems).
const RAGGED_SPACES: f64 = 12.0;

/// Glue between words; ragged setting moves all flexibility to the line ends (TeX's trick: a
/// stretchable glue before the break, its negative after it).
fn push_space(
    items: &mut Vec<Item>,
    sources: &mut Vec<Source>,
    width: f64,
    ragged: Option<f64>,
    breakable: bool,
) {
    if let Some(spaces) = ragged.filter(|_| breakable) {
        let fill = spaces * width;
        items.push(Item::Glue { width: 0.0, stretch: fill, shrink: 0.0 });
        sources.push(Source::Nothing);
        items.push(Item::Penalty { width: 0.0, cost: 0.0, flagged: false });
        sources.push(Source::Nothing);
        items.push(Item::Glue { width, stretch: -fill, shrink: 0.0 });
        sources.push(Source::Space);
    } else if ragged.is_some() {
        items.push(Item::Glue { width, stretch: 0.0, shrink: 0.0 });
        sources.push(Source::Space);
    } else {
        items.push(Item::Glue { width, stretch: width * STRETCH, shrink: width * SHRINK });
        sources.push(Source::Space);
    }
}

/// The end of a paragraph: glue that takes up the rest of the last line.
fn push_fill(items: &mut Vec<Item>, sources: &mut Vec<Source>) {
    while matches!(items.last(), Some(Item::Glue { .. })) {
        items.pop();
        sources.pop();
    }
    // As TeX's `\penalty10000 \hskip\parfillskip`: the fill is never a break of its own,
    // which would leave the paragraph a last line with nothing on it.
    items.push(Item::Penalty { width: 0.0, cost: INFINITY, flagged: false });
    sources.push(Source::Nothing);
    items.push(Item::Glue { width: 0.0, stretch: 100_000.0, shrink: 0.0 });
    sources.push(Source::Nothing);
}

#[cfg(test)]
mod tests {
    use super::has_no_break_space;

    #[test]
    fn no_break_spaces_are_found_by_their_bytes_and_nothing_else_is() {
        // Я (D0 AF), Р (D0 A0), ’ (E2 80 99) and ‰ (E2 80 B0) share bytes with the two spaces.
        for word in
            ["", "a", "Я", "Р", "ЯРд’‰", "«Р»", "\u{A0}", "\u{202F}", "10\u{A0}km", "Я\u{202F}!", "x\u{2030}"]
        {
            let expected = word.contains('\u{A0}') || word.contains('\u{202F}');
            assert_eq!(has_no_break_space(word), expected, "{word:?}");
        }
    }
}
