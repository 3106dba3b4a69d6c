//! Plain words, set without running the shaping engine on them.
//!
//! Most words of a novel meet only two things in rustybuzz: each glyph's advance and the kerning
//! between neighbours. A word is *plain* for a plan when the plan has nothing else to do to it:
//! no substitution lookup (ligatures, `locl`, `ccmp`) and no positioning lookup other than pair
//! kerning can fire anywhere in it; none of its glyphs is a mark or a ligature; its characters are
//! ones the engine neither normalises, hides, nor treats as spaces or fraction parts; and no
//! kerning pair in it also moves its second glyph (the engine would then skip that glyph as the
//! start of the next pair). A lookup can only fire at a glyph in its coverage, and — when every
//! rule it has for that glyph asks for a glyph after it (a ligature's next component, a context's
//! next input or lookahead) — only before a glyph that rule accepts; so whether anything fires is
//! a property of each glyph with its follower. Then glyph i sits where the engine puts the first
//! glyph of the pair (i, i+1), and the last glyph where it puts that glyph alone: those positions
//! are asked of the engine itself, once per pair and plan, so no kerning value is read by hand.
//!
//! The lookups are gathered from every language system the engine could select for the plan's
//! script and language (a superset of the one it does select), so a word is only called plain
//! when it is. Anything else goes to rustybuzz whole.

use rustybuzz::ttf_parser::gdef::GlyphClass;
use rustybuzz::ttf_parser::gpos::{PairAdjustment, PositioningSubtable, ValueRecord};
use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
use rustybuzz::ttf_parser::opentype_layout::{ChainedContextLookup, ContextLookup, Coverage, LayoutTable};
use rustybuzz::ttf_parser::{FaceTables, GlyphId, Tag};
use rustybuzz::{Face, Script, script};

use super::Glyph;
use crate::typeset::fasthash::FxMap;

/// The engine: shapes a short text with the plan.
type Engine<'a> = dyn FnMut(&str) -> Vec<Glyph> + 'a;

/// Characters at or above this are never plain; below it they are looked up in a table.
const TABLE: usize = 0x2200;

/// Longer runs (in bytes) go to the engine, whose operation limits could then come into play.
const LONGEST: usize = 256;

/// Features the engine never applies to a plain word: ones it does not turn on for horizontal
/// left-to-right text, and the fraction and right-to-left ones it turns on only around U+2044 and
/// in right-to-left runs (neither of which a plain word has). Every other feature counts.
const OFF: &[&[u8; 4]] = &[
    b"aalt", b"afrc", b"c2pc", b"c2sc", b"case", b"cpct", b"cpsp", b"cswh", b"dlig", b"dnom", b"expt",
    b"falt", b"frac", b"fwid", b"halt", b"hist", b"hkna", b"hlig", b"hngl", b"hojo", b"hwid", b"ital",
    b"jalt", b"jp04", b"jp78", b"jp83", b"jp90", b"lnum", b"mgrk", b"nalt", b"nlck", b"numr", b"onum",
    b"opbd", b"ordn", b"ornm", b"palt", b"pcap", b"pkna", b"pnum", b"pwid", b"qwid", b"rtla", b"rtlm",
    b"ruby", b"salt", b"sinf", b"size", b"smcp", b"smpl", b"subs", b"sups", b"swsh", b"titl", b"tnum",
    b"trad", b"twid", b"unic", b"valt", b"vert", b"vhal", b"vkna", b"vkrn", b"vpal", b"vrt2", b"vrtr",
    b"zero",
];

/// Whether a feature tag is one of the numbered optional ones: stylistic sets and variants.
fn numbered_optional(tag: &[u8; 4]) -> bool {
    let digits = tag[2].is_ascii_digit() && tag[3].is_ascii_digit();
    digits && (tag.starts_with(b"ss") || tag.starts_with(b"cv"))
}

/// Which table a lookup is in.
#[derive(Debug, Clone, Copy)]
enum Table {
    Gsub,
    Gpos,
}

/// A subtable, by table, lookup index and subtable index.
type SubtableId = (Table, u16, u16);

/// What a plan could do to a word beyond advances and pair kerning, and what the engine answered
/// about the glyphs and pairs met so far.
pub(super) struct Plain {
    /// Subtables of lookups other than pair kerning, which may act on a glyph they cover; with
    /// whether their lookup skips base glyphs (its "next glyph" is then not the word's).
    live: Vec<(SubtableId, bool)>,
    /// Pair-kerning lookups: looked at to see whether a pair moves its second glyph too.
    kerning: Vec<u16>,
    /// Per character below [`TABLE`]: not looked at yet, not plain, or its glyph.
    chars: Vec<Option<Option<u16>>>,
    /// Per glyph met: the live subtables whose coverage holds it.
    covering: FxMap<u16, Vec<(SubtableId, bool)>>,
    /// Per character: its glyph as the engine sets it alone, or nothing if that was not plain.
    /// Keyed by character, not glyph, so that the engine confirms each character's glyph: its
    /// choice of cmap subtable may differ from the one `glyph_index` reads.
    alone: FxMap<char, Option<Glyph>>,
    /// Per pair of characters: the first glyph as the engine sets the pair, or nothing if the
    /// pair is not plain.
    pairs: FxMap<(char, char), Option<Glyph>>,
}

impl Plain {
    /// What a plan for `script` and `lang` could do in this face; none when the plain path cannot
    /// be sure (an unknown language or script, a subtable that does not parse, layout the engine
    /// takes from other tables).
    pub(super) fn new(face: &Face, script: Script, lang: &str) -> Option<Plain> {
        let scripts = script_tags(script)?;
        let language = language_tag(lang)?;
        let tables = face.tables();
        if tables.morx.is_some() || tables.kerx.is_some() || tables.trak.is_some() || tables.kern.is_some() {
            return None;
        }
        let mut live = Vec::new();
        let mut kerning = Vec::new();
        if let Some(gsub) = tables.gsub {
            for i in lookups(&gsub, &scripts, language)? {
                let lookup = gsub.lookups.get(i)?;
                for k in 0..lookup.subtables.len() {
                    let subtable = Subtable::Gsub(lookup.subtables.get::<SubstitutionSubtable>(k)?);
                    subtable.well_formed().then_some(())?;
                    live.push(((Table::Gsub, i, k), lookup.flags.ignore_base_glyphs()));
                }
            }
        }
        if let Some(gpos) = tables.gpos {
            for i in lookups(&gpos, &scripts, language)? {
                let lookup = gpos.lookups.get(i)?;
                let mut pairs = true;
                for k in 0..lookup.subtables.len() {
                    let subtable = lookup.subtables.get::<PositioningSubtable>(k)?;
                    pairs &= matches!(subtable, PositioningSubtable::Pair(_));
                    Subtable::Gpos(subtable).well_formed().then_some(())?;
                }
                if !pairs {
                    let blind = lookup.flags.ignore_base_glyphs();
                    live.extend((0..lookup.subtables.len()).map(|k| ((Table::Gpos, i, k), blind)));
                } else if lookup.flags.ignore_base_glyphs() {
                    // Such a lookup pairs glyphs that are not neighbours.
                    return None;
                } else {
                    kerning.push(i);
                }
            }
        }
        Some(Plain {
            live,
            kerning,
            chars: vec![None; TABLE],
            covering: FxMap::default(),
            alone: FxMap::default(),
            pairs: FxMap::default(),
        })
    }

    /// The glyphs of `text` if it is plain, asking `engine` (which shapes a short text with the
    /// plan) about glyphs and pairs not met before; none if the word needs the engine.
    pub(super) fn shape(&mut self, face: &Face, text: &str, engine: &mut Engine) -> Option<Vec<Glyph>> {
        if text.len() > LONGEST {
            return None;
        }
        // One glyph per character at most: a Cyrillic word's bytes are twice its letters, and
        // the shapes of a Russian novel's words are a third of its build's memory.
        let mut glyphs = Vec::with_capacity(text.chars().count());
        let mut last: Option<(u16, char, usize)> = None;
        for (at, c) in text.char_indices() {
            let id = self.glyph(face, c)?;
            if let Some((before, b, start)) = last {
                let first = self.pair(face, (before, b), (id, c), engine)?;
                glyphs.push(Glyph { cluster: start as u32, ..first });
            }
            last = Some((id, c, at));
        }
        let (id, c, start) = last?;
        let alone = self.alone(face, id, c, engine)?;
        glyphs.push(Glyph { cluster: start as u32, ..alone });
        Some(glyphs)
    }

    /// The glyph of a plain character that is neither a mark nor a ligature, looked at once.
    fn glyph(&mut self, face: &Face, c: char) -> Option<u16> {
        let slot = self.chars.get_mut(c as usize)?;
        if let Some(known) = *slot {
            return known;
        }
        let id = face.glyph_index(c).filter(|g| g.0 != 0 && plain_char(c));
        let gdef = face.tables().gdef;
        let id = id.filter(|&g| matches!(gdef.and_then(|d| d.glyph_class(g)), None | Some(GlyphClass::Base)));
        *slot = Some(id.map(|g| g.0));
        id.map(|g| g.0)
    }

    /// Whether a live subtable may act at glyph `id` followed by `next` (none: the word's end).
    fn fires(&mut self, face: &Face, id: u16, next: Option<u16>) -> bool {
        let tables = face.tables();
        let live = &self.live;
        let covering = self.covering.entry(id).or_insert_with(|| {
            let covers = |&&(s, _): &&(SubtableId, bool)| {
                subtable(tables, s).is_none_or(|t| t.coverage().contains(GlyphId(id)))
            };
            live.iter().filter(covers).copied().collect()
        });
        let (first, next) = (GlyphId(id), next.map(GlyphId));
        covering
            .iter()
            .any(|&(s, blind)| blind || subtable(tables, s).is_none_or(|t| t.may_fire(first, next)))
    }

    /// A character's glyph as the engine sets it alone, if nothing but its advance acts on it.
    fn alone(&mut self, face: &Face, id: u16, c: char, engine: &mut Engine) -> Option<Glyph> {
        if let Some(known) = self.alone.get(&c) {
            return known.clone();
        }
        let glyph = match <[Glyph; 1]>::try_from(engine(c.encode_utf8(&mut [0; 4]))) {
            Ok([g]) if g.id == id && g.cluster == 0 => Some(g).filter(|_| !self.fires(face, id, None)),
            _ => None,
        };
        self.alone.insert(c, glyph.clone());
        glyph
    }

    /// The first glyph of a pair as the engine sets it, if nothing but pair kerning acts on it
    /// there and the kerning leaves the second glyph as it is alone.
    fn pair(
        &mut self,
        face: &Face,
        (first, a): (u16, char),
        (second, b): (u16, char),
        engine: &mut Engine,
    ) -> Option<Glyph> {
        if let Some(known) = self.pairs.get(&(a, b)) {
            return known.clone();
        }
        let alone = self.alone(face, second, b, engine);
        let text: String = [a, b].into_iter().collect();
        let glyph = match (alone, <[Glyph; 2]>::try_from(engine(&text))) {
            (Some(alone), Ok([g, then]))
                if g.id == first
                    && g.cluster == 0
                    && then.cluster as usize == a.len_utf8()
                    && Glyph { cluster: 0, ..then } == alone =>
            {
                let plain = !self.moves_second(face, first, second) && !self.fires(face, first, Some(second));
                Some(g).filter(|_| plain)
            }
            _ => None,
        };
        self.pairs.insert((a, b), glyph.clone());
        glyph
    }

    /// Whether any kerning lookup has a non-empty second value for the pair (even one that
    /// moves nothing, such as a device table: the engine skips the second glyph all the same).
    fn moves_second(&self, face: &Face, first: u16, second: u16) -> bool {
        let Some(gpos) = face.tables().gpos else {
            return false;
        };
        self.kerning.iter().any(|&i| {
            let Some(lookup) = gpos.lookups.get(i) else {
                return true;
            };
            (0..lookup.subtables.len()).any(|k| match lookup.subtables.get::<PositioningSubtable>(k) {
                Some(PositioningSubtable::Pair(pair)) => {
                    second_value(&pair, GlyphId(first), GlyphId(second)).is_some_and(|v| !is_empty(&v))
                }
                _ => true,
            })
        })
    }
}

/// A subtable of either table, for what its coverage and rules say about where it may act.
enum Subtable<'a> {
    Gsub(SubstitutionSubtable<'a>),
    Gpos(PositioningSubtable<'a>),
}

/// A subtable by id; none if it does not parse (checked when the plan was made).
fn subtable<'a>(tables: &FaceTables<'a>, (table, i, k): SubtableId) -> Option<Subtable<'a>> {
    match table {
        Table::Gsub => {
            tables.gsub?.lookups.get(i)?.subtables.get::<SubstitutionSubtable>(k).map(Subtable::Gsub)
        }
        Table::Gpos => {
            tables.gpos?.lookups.get(i)?.subtables.get::<PositioningSubtable>(k).map(Subtable::Gpos)
        }
    }
}

impl<'a> Subtable<'a> {
    /// The glyphs it may act at.
    fn coverage(&self) -> Coverage<'a> {
        match self {
            Subtable::Gsub(s) => s.coverage(),
            Subtable::Gpos(s) => s.coverage(),
        }
    }

    /// Whether the coverages its context rules name all parse: where one does not, the reading
    /// of the rules here and the engine's could part ways (it would fail on the font).
    fn well_formed(&self) -> bool {
        macro_rules! all {
            ($c:expr) => {
                $c.into_iter().count() == usize::from($c.len())
            };
        }
        match self {
            Subtable::Gsub(SubstitutionSubtable::Context(ContextLookup::Format3 { coverages, .. }))
            | Subtable::Gpos(PositioningSubtable::Context(ContextLookup::Format3 { coverages, .. })) => {
                all!(*coverages)
            }
            Subtable::Gsub(SubstitutionSubtable::ChainContext(ChainedContextLookup::Format3 {
                backtrack_coverages,
                input_coverages,
                lookahead_coverages,
                ..
            }))
            | Subtable::Gpos(PositioningSubtable::ChainContext(ChainedContextLookup::Format3 {
                backtrack_coverages,
                input_coverages,
                lookahead_coverages,
                ..
            })) => all!(*backtrack_coverages) && all!(*input_coverages) && all!(*lookahead_coverages),
            _ => true,
        }
    }

    /// Whether it may act at `first` (in its coverage) when `next` follows: false only when
    /// every rule it has for `first` asks for a glyph after it that `next` is not.
    fn may_fire(&self, first: GlyphId, next: Option<GlyphId>) -> bool {
        match self {
            Subtable::Gsub(SubstitutionSubtable::Ligature(l)) => {
                let Some(set) = l.coverage.get(first).and_then(|i| l.ligature_sets.get(i)) else {
                    return false;
                };
                set.into_iter().any(|lig| match lig.components.get(0) {
                    None => true,
                    Some(second) => next == Some(second),
                })
            }
            Subtable::Gsub(SubstitutionSubtable::Context(c))
            | Subtable::Gpos(PositioningSubtable::Context(c)) => context_may_fire(c, first, next),
            Subtable::Gsub(SubstitutionSubtable::ChainContext(c))
            | Subtable::Gpos(PositioningSubtable::ChainContext(c)) => chained_may_fire(c, first, next),
            _ => true,
        }
    }
}

/// [`Subtable::may_fire`] for a context lookup: a rule needs its second input glyph, if any.
fn context_may_fire(c: &ContextLookup, first: GlyphId, next: Option<GlyphId>) -> bool {
    match c {
        ContextLookup::Format1 { coverage, sets } => {
            let Some(set) = coverage.get(first).and_then(|i| sets.get(i)) else {
                return false;
            };
            set.into_iter().any(|rule| rule.input.get(0).is_none_or(|want| next.is_some_and(|g| g.0 == want)))
        }
        ContextLookup::Format2 { classes, sets, .. } => {
            let Some(set) = sets.get(classes.get(first)) else {
                return false;
            };
            set.into_iter()
                .any(|rule| rule.input.get(0).is_none_or(|want| next.is_some_and(|g| classes.get(g) == want)))
        }
        ContextLookup::Format3 { coverages, .. } => {
            coverages.get(0).is_none_or(|second| next.is_some_and(|g| second.contains(g)))
        }
    }
}

/// [`Subtable::may_fire`] for a chained context lookup: a rule needs its second input glyph, or
/// failing that its first lookahead glyph, if any.
fn chained_may_fire(c: &ChainedContextLookup, first: GlyphId, next: Option<GlyphId>) -> bool {
    match c {
        ChainedContextLookup::Format1 { coverage, sets } => {
            let Some(set) = coverage.get(first).and_then(|i| sets.get(i)) else {
                return false;
            };
            set.into_iter().any(|rule| {
                rule.input
                    .get(0)
                    .or(rule.lookahead.get(0))
                    .is_none_or(|want| next.is_some_and(|g| g.0 == want))
            })
        }
        ChainedContextLookup::Format2 { input_classes, lookahead_classes, sets, .. } => {
            let Some(set) = sets.get(input_classes.get(first)) else {
                return false;
            };
            set.into_iter().any(|rule| match (rule.input.get(0), rule.lookahead.get(0)) {
                (Some(want), _) => next.is_some_and(|g| input_classes.get(g) == want),
                (None, Some(want)) => next.is_some_and(|g| lookahead_classes.get(g) == want),
                (None, None) => true,
            })
        }
        ChainedContextLookup::Format3 { input_coverages, lookahead_coverages, .. } => input_coverages
            .get(0)
            .or(lookahead_coverages.get(0))
            .is_none_or(|second| next.is_some_and(|g| second.contains(g))),
    }
}

/// The value a pair subtable gives the second glyph of a pair, if it has the pair.
fn second_value<'a>(pair: &PairAdjustment<'a>, first: GlyphId, second: GlyphId) -> Option<ValueRecord<'a>> {
    let index = pair.coverage().get(first)?;
    let (_, value) = match pair {
        PairAdjustment::Format1 { sets, .. } => sets.get(index)?.get(second)?,
        PairAdjustment::Format2 { classes, matrix, .. } => {
            matrix.get((classes.0.get(first), classes.1.get(second)))?
        }
    };
    Some(value)
}

/// Whether a value record is empty as the engine judges it: no values and no device tables.
fn is_empty(v: &ValueRecord) -> bool {
    v.x_placement == 0
        && v.y_placement == 0
        && v.x_advance == 0
        && v.y_advance == 0
        && v.x_placement_device.is_none()
        && v.y_placement_device.is_none()
        && v.x_advance_device.is_none()
        && v.y_advance_device.is_none()
}

/// Characters the engine takes as they are: letters, digits, punctuation and common symbols of
/// Latin, Greek and Cyrillic — no spaces, marks, invisible or default-ignorable characters, no
/// fraction slash, no emoji.
fn plain_char(c: char) -> bool {
    matches!(c,
        '\u{21}'..='\u{7E}'
        | '\u{A1}'..='\u{AC}'
        | '\u{AE}'..='\u{24F}'
        | '\u{370}'..='\u{3FF}'
        | '\u{400}'..='\u{482}'
        | '\u{48A}'..='\u{52F}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{203B}'
        | '\u{203D}'..='\u{2043}'
        | '\u{2045}'..='\u{2048}'
        | '\u{204A}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}'
        | '\u{2116}'
        | '\u{2122}')
}

/// The OpenType script tags the engine may select for a script: its own, then the fallbacks it
/// tries when the font lacks it.
fn script_tags(script: Script) -> Option<Vec<Tag>> {
    let own: &[u8; 4] = match script {
        s if s == script::LATIN => b"latn",
        s if s == script::CYRILLIC => b"cyrl",
        s if s == script::GREEK => b"grek",
        s if s == script::COMMON => b"zyyy",
        // What a buffer of only digits and punctuation is left with.
        s if s == script::UNKNOWN => b"zzzz",
        _ => return None,
    };
    Some([own, b"DFLT", b"dflt", b"latn"].iter().map(|t| Tag::from_bytes(t)).collect())
}

/// The OpenType language tag for the languages folio knows; none for others, which then always
/// go to the engine (its mapping of language tags is too large to mirror).
fn language_tag(lang: &str) -> Option<Tag> {
    let (primary, region) = lang.split_once('-').unwrap_or((lang, "US"));
    if region.len() != 2 || !region.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let tag: &[u8; 4] = match primary {
        "en" => b"ENG ",
        "ru" => b"RUS ",
        "kk" => b"KAZ ",
        "uk" => b"UKR ",
        "be" => b"BEL ",
        "fr" => b"FRA ",
        "de" => b"DEU ",
        _ => return None,
    };
    Some(Tag::from_bytes(tag))
}

/// Every lookup of every feature that counts, in each language system the engine could select
/// for these scripts and language: the script's default, `dflt`, and the language's own. None if
/// the table varies its features (variable fonts), which the engine resolves at run time.
fn lookups(table: &LayoutTable, scripts: &[Tag], language: Tag) -> Option<Vec<u16>> {
    if table.variations.is_some() {
        return None;
    }
    let mut out = Vec::new();
    for script in scripts.iter().filter_map(|&t| table.scripts.index(t).and_then(|i| table.scripts.get(i))) {
        let named = [language, Tag::from_bytes(b"dflt")]
            .into_iter()
            .filter_map(|t| script.languages.index(t).and_then(|i| script.languages.get(i)));
        for system in script.default_language.into_iter().chain(named) {
            for index in system.required_feature.into_iter().chain(system.feature_indices) {
                let feature = table.features.get(index)?;
                let tag = feature.tag.to_bytes();
                let optional = OFF.contains(&&tag) || numbered_optional(&tag);
                if optional && system.required_feature != Some(index) {
                    continue;
                }
                out.extend(feature.lookup_indices);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::typeset::font::{Family, FontBook};

    fn serif() -> (FontBook, Plain) {
        let book = FontBook::shipped().unwrap();
        let f = &book.face(book.select(Family::Serif, FontStyle::Regular)).shaper;
        let plain = Plain::new(f, script::LATIN, "en").expect("Noto Serif allows the plain path");
        (book, plain)
    }

    fn id(book: &FontBook, c: char) -> u16 {
        book.face(book.select(Family::Serif, FontStyle::Regular)).shaper.glyph_index(c).unwrap().0
    }

    #[test]
    fn a_lookup_fires_only_before_a_follower_its_rules_accept() {
        let (book, mut plain) = serif();
        let f = &book.face(book.select(Family::Serif, FontStyle::Regular)).shaper;
        let [ff, i, o, a, ogonek, acute] = ['f', 'i', 'o', 'a', '\u{328}', '\u{301}'].map(|c| id(&book, c));
        // `liga` covers f: it fires before i (fi) and f (ff), not before o or at a word's end.
        assert!(plain.fires(f, ff, Some(i)));
        assert!(plain.fires(f, ff, Some(ff)));
        assert!(!plain.fires(f, ff, Some(o)));
        assert!(!plain.fires(f, ff, None));
        // `ccmp` composes a vowel with a combining ogonek: only that mark after it sets it off.
        assert!(plain.fires(f, a, Some(ogonek)));
        assert!(!plain.fires(f, a, Some(acute)));
        assert!(!plain.fires(f, a, Some(o)));
        // `ccmp` swaps i for a dotless i before a top mark, in a chained context lookup.
        assert!(plain.fires(f, i, Some(acute)));
        assert!(!plain.fires(f, i, Some(o)));
        // Nothing covers o.
        assert!(!plain.fires(f, o, None));
    }

    #[test]
    fn only_plain_characters_and_known_languages_take_the_path() {
        assert!(plain_char('a') && plain_char('Ә') && plain_char('—') && plain_char('«'));
        for c in
            [' ', '\u{A0}', '\u{AD}', '\u{301}', '\u{483}', '\u{2044}', '\u{2060}', '\u{200D}', '\u{FE0F}']
        {
            assert!(!plain_char(c), "{c:?} is not plain");
        }
        assert!(language_tag("en-GB").is_some() && language_tag("kk").is_some());
        assert!(language_tag("sr-Latn").is_none() && language_tag("tr").is_none());
        assert!(script_tags(script::ARABIC).is_none());
    }
}
