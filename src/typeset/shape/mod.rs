//! Shaping with rustybuzz (HarfBuzz's algorithm): kerning, ligatures and mark positioning, per
//! language. Results are cached per (face, language, text): a novel shapes each distinct word once.
//! Words that nothing but advances and pair kerning act on are set by [`plain`] from positions
//! rustybuzz gave their character pairs, without running it on the whole word.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

mod plain;
mod shared;
mod texts;

use self::plain::Plain;
pub use self::shared::SharedWords;
pub use self::texts::GlyphTexts;
use super::fasthash::WordMap;
use super::font::{FaceId, FontBook};
use super::units::{FontUnits, Pt};

/// One glyph of a shaped run, in font units.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// How far the pen moves after it.
    pub advance: FontUnits,
    /// Horizontal displacement (marks).
    pub x_offset: FontUnits,
    /// Vertical displacement (marks).
    pub y_offset: FontUnits,
    /// Byte offset in the run's text where this glyph's cluster starts (a word's shape is kept
    /// for every word of a book: four bytes, not eight, make a glyph 20 bytes, not 24).
    pub cluster: u32,
}

/// A shaped piece of text.
#[derive(Debug, Clone)]
pub struct Shaped {
    /// The face.
    pub face: FaceId,
    /// The text.
    pub text: String,
    /// The glyphs, in visual order (left to right for the scripts folio sets).
    pub glyphs: Vec<Glyph>,
    /// Sum of advances.
    pub width: FontUnits,
    /// Where the word may take a hyphen (byte offsets), with the generation of the hyphenator
    /// that found them: kept with the shape the word is looked up by anyway, so a word met again
    /// costs no second table lookup (a Russian novel hyphenates 150,000 words).
    hyphens: OnceLock<(u64, Box<[usize]>)>,
}

/// Shapes are equal when they set the same glyphs; whether their hyphens were found yet is not
/// part of what they are.
impl PartialEq for Shaped {
    fn eq(&self, other: &Shaped) -> bool {
        (self.face, &self.text, &self.glyphs, self.width)
            == (other.face, &other.text, &other.glyphs, other.width)
    }
}

impl Shaped {
    /// A shaped text.
    pub fn new(face: FaceId, text: String, glyphs: Vec<Glyph>) -> Shaped {
        let width = FontUnits(glyphs.iter().map(|g| g.advance.0).sum());
        Shaped { face, text, glyphs, width, hyphens: OnceLock::new() }
    }

    /// The whole text's hyphenation points as the hyphenator of `generation` finds them with
    /// `find`, which runs the first time only.
    pub fn hyphens(&self, generation: u64, find: impl FnOnce() -> Vec<usize>) -> Cow<'_, [usize]> {
        let mut find = Some(find);
        let mut run = || find.take().map_or_else(Vec::new, |f| f());
        let kept = self.hyphens.get_or_init(|| (generation, run().into()));
        if kept.0 == generation {
            Cow::Borrowed(&kept.1)
        } else {
            // Found by a hyphenator since given other patterns (a typesetter never is once it has
            // shaped: books with their own patterns get a new one).
            Cow::Owned(run())
        }
    }

    /// The text glyph `i` stands for: its whole cluster for the first glyph of a cluster (a
    /// ligature's "fi"), nothing for the rest of it; but a letter and the one combining accent
    /// the font places over it as a glyph of its own (Russian stress, а́) each stand for their
    /// own character, so a PDF reads the accent back. (With two marks or more the engine may
    /// reorder them, so their glyphs are not matched to characters.)
    pub fn glyph_text(&self, i: usize) -> &str {
        let start = self.glyphs[i].cluster;
        let same = |j: usize| self.glyphs.get(j).is_some_and(|g| g.cluster == start);
        let second = i > 0 && same(i - 1);
        let end = self.glyphs[i + 1..]
            .iter()
            .map(|g| g.cluster)
            .find(|&c| c > start)
            .map_or(self.text.len(), |c| c as usize);
        // Invisible characters have no glyph (the engine drops them): they go with the glyph
        // before them, but stand for nothing, so "extra\u{AD}ordinary" reads back whole.
        let text = self.text.get(start as usize..end).unwrap_or("").trim_matches(is_default_ignorable);
        let mut chars = text.char_indices();
        let letter_and_accent = match (chars.next(), chars.next(), chars.next()) {
            (Some(_), Some((k, c)), None) if is_combining_accent(c) => Some(k),
            _ => None,
        };
        // Two glyphs in the cluster, no more.
        let first = if second { i - 1 } else { i };
        let pair = same(first + 1) && !same(first + 2) && (first == 0 || !same(first - 1));
        match (letter_and_accent.filter(|_| pair), second) {
            (Some(k), false) => &text[..k],
            (Some(k), true) => &text[k..],
            (None, false) => text,
            (None, true) => "",
        }
    }

    /// Width of the glyphs whose clusters lie before byte `offset`.
    pub fn width_before(&self, offset: usize) -> FontUnits {
        FontUnits(self.glyphs.iter().filter(|g| (g.cluster as usize) < offset).map(|g| g.advance.0).sum())
    }

    /// Whether a break at byte `offset` falls between clusters (not inside a ligature).
    pub fn is_cluster_boundary(&self, offset: usize) -> bool {
        self.glyphs.iter().any(|g| g.cluster as usize == offset)
    }

    /// The width at a size.
    pub fn width_at(&self, book: &FontBook, size: Pt) -> Pt {
        book.face(self.face).pt(self.width, size)
    }
}

/// Shaped words by text, each with the last book whose glyph texts took it in.
type Words = WordMap<(Arc<Shaped>, u32)>;

/// A shaping plan and what it was made for.
struct Plan {
    face: FaceId,
    lang: String,
    script: rustybuzz::Script,
    language: Option<rustybuzz::Language>,
    plan: rustybuzz::ShapePlan,
    /// What the plan could do to a word, for setting plain words without the engine.
    plain: Option<Plain>,
}

impl Plan {
    /// A plan for a face, language and script, with its plain-word data if `plain` and the
    /// plan allows.
    fn new(
        face: (&rustybuzz::Face, FaceId, bool),
        lang: &str,
        script: rustybuzz::Script,
        plain: bool,
    ) -> Plan {
        let (f, face, small_caps) = face;
        let language = lang.parse::<rustybuzz::Language>().ok();
        let smcp = rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"smcp"), 1, ..);
        let features = if small_caps { &[smcp][..] } else { &[] };
        let plan = rustybuzz::ShapePlan::new(
            f,
            rustybuzz::Direction::LeftToRight,
            Some(script),
            language.as_ref(),
            features,
        );
        // The plain path knows the default features only.
        let plain = plain && !small_caps;
        let plain = if plain && language.is_some() { Plain::new(f, script, lang) } else { None };
        Plan { face, lang: lang.to_string(), script, language, plan, plain }
    }

    /// Runs the engine on `buffer` (holding text) with this plan; hands the buffer back emptied.
    fn run(
        &self,
        f: &rustybuzz::Face,
        mut buffer: rustybuzz::UnicodeBuffer,
    ) -> (Vec<Glyph>, rustybuzz::UnicodeBuffer) {
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.set_script(self.script);
        // A word joiner, soft hyphen or zero-width space left as the engine's default, the space
        // glyph at no advance, is drawn as a space, which text readers copy out as a real one.
        buffer.set_flags(rustybuzz::BufferFlags::REMOVE_DEFAULT_IGNORABLES);
        if let Some(l) = &self.language {
            buffer.set_language(l.clone());
        }
        let out = rustybuzz::shape_with_plan(f, &self.plan, buffer);
        let glyphs = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| Glyph {
                id: info.glyph_id as u16,
                advance: FontUnits(pos.x_advance),
                x_offset: FontUnits(pos.x_offset),
                y_offset: FontUnits(pos.y_offset),
                cluster: info.cluster,
            })
            .collect();
        (glyphs, out.clear())
    }
}

/// Shapes text and remembers what it shaped.
#[derive(Default)]
pub struct Shaper {
    /// Per face and language, shaped words by text (looked up without allocating).
    cache: Vec<(FaceId, String, Words)>,
    /// Shaping plans per face, language and script, with the parsed language.
    plans: Vec<Plan>,
    /// A buffer kept between calls, so shaping a word allocates only its result.
    buffer: Option<rustybuzz::UnicodeBuffer>,
    /// How many shaping calls the cache saved, for benchmarks.
    pub hits: usize,
    /// How many words were set by the plain path rather than the engine, for tests.
    pub plain: usize,
    /// What each glyph shaped so far stands for.
    pub texts: GlyphTexts,
    /// Counts books, so words cached while setting an earlier one enter this one's texts once.
    book: u32,
    /// Run the engine on every word, even plain ones: for tests that compare both ways.
    engine_only: bool,
    /// Words other typesetters shaped, looked in on a miss before shaping.
    shared: Option<Arc<SharedWords>>,
    /// Words shaped here since they were last added to `shared`, by cache slot.
    fresh: Vec<(usize, Arc<Shaped>)>,
}

impl Shaper {
    /// An empty shaper.
    pub fn new() -> Shaper {
        Shaper::default()
    }

    /// An empty shaper that runs the engine on every word (the reference the plain path is
    /// tested against).
    pub fn engine_only() -> Shaper {
        Shaper { engine_only: true, ..Shaper::default() }
    }

    /// Starts another book: shaped words stay cached, but the glyph texts start empty, so that a
    /// book's text table (and PDF) is the same whatever was set before it.
    pub fn next_book(&mut self) {
        self.texts = GlyphTexts::default();
        self.book = self.book.wrapping_add(1);
    }

    /// How many words are cached here, over every face and language.
    pub fn cached_words(&self) -> usize {
        self.cache.iter().map(|(_, _, words)| words.len()).sum()
    }

    /// Forgets the cached words (shaping plans stay): what bounds the memory of a typesetter
    /// kept from book to book. Words not yet published are dropped with the rest.
    pub fn forget_words(&mut self) {
        self.cache.clear();
        self.fresh.clear();
    }

    /// Shares words with other shapers through `store`: a miss here looks there before shaping,
    /// and [`publish`](Shaper::publish) adds what was shaped here. Only shapers whose words get
    /// the same hyphens may share (see [`Hyphenator::generation`](super::hyphenate::Hyphenator::generation)).
    pub fn share(&mut self, store: Arc<SharedWords>) {
        self.shared = Some(store);
    }

    /// Adds the words shaped here since the last call to the shared store, if any.
    pub fn publish(&mut self) {
        let Some(store) = &self.shared else { return };
        let mut fresh = std::mem::take(&mut self.fresh);
        // Grouped by cache slot (stable: the store keeps a word's first shape, all alike anyway).
        fresh.sort_by_key(|(slot, _)| *slot);
        for group in fresh.chunk_by(|a, b| a.0 == b.0) {
            let (face, lang, _) = &self.cache[group[0].0];
            store.add(*face, lang, group.iter().map(|(_, s)| s.clone()));
        }
    }

    /// Shapes `text` in a face for a language (a BCP 47 tag).
    pub fn shape(&mut self, book: &FontBook, face: FaceId, lang: &str, text: &str) -> Arc<Shaped> {
        let slot = match self.cache.iter().position(|(f, l, _)| *f == face && l == lang) {
            Some(i) => i,
            None => {
                self.cache.push((face, lang.to_string(), WordMap::default()));
                self.cache.len() - 1
            }
        };
        if let Some((hit, seen)) = self.cache[slot].2.get_mut(text) {
            self.hits += 1;
            if *seen != self.book {
                *seen = self.book;
                self.texts.note_word(hit);
            }
            return hit.clone();
        }
        if let Some(theirs) = self.shared.as_ref().and_then(|s| s.get(face, lang, text)) {
            self.hits += 1;
            // A copy of our own, not the other worker's `Arc`: a common word is cloned and
            // dropped thousands of times a book, and one count written by both cores bounces its
            // cache line between them (the catalogue spent 3% of its time on those increments).
            let hit = Arc::new(Shaped::clone(&theirs));
            self.texts.note_word(&hit);
            self.cache[slot].2.insert(text, (hit.clone(), self.book));
            return hit;
        }
        let f = &book.face(face).shaper;
        let mut buffer = self.buffer.take().unwrap_or_default();
        let script = guess_script(text).unwrap_or_else(|| {
            buffer.push_str(text);
            buffer.set_direction(rustybuzz::Direction::LeftToRight);
            buffer.guess_segment_properties();
            buffer.script()
        });
        let i = match self.plans.iter().position(|p| p.face == face && p.script == script && p.lang == lang) {
            Some(i) => i,
            None => {
                let small_caps = book.face(face).small_caps;
                self.plans.push(Plan::new((f, face, small_caps), lang, script, !self.engine_only));
                self.plans.len() - 1
            }
        };
        let plan = &mut self.plans[i];
        let plain = plan.plain.take().and_then(|mut plain| {
            let mut engine = |t: &str| {
                let mut b = rustybuzz::UnicodeBuffer::new();
                b.push_str(t);
                plan.run(f, b).0
            };
            let glyphs = plain.shape(f, text, &mut engine);
            plan.plain = Some(plain);
            glyphs
        });
        let glyphs = match plain {
            Some(glyphs) => {
                self.plain += 1;
                buffer.clear();
                glyphs
            }
            None => {
                if buffer.is_empty() {
                    buffer.push_str(text);
                }
                let (glyphs, emptied) = plan.run(f, buffer);
                buffer = emptied;
                glyphs
            }
        };
        self.buffer = Some(buffer);
        let shaped = Arc::new(Shaped::new(face, text.to_string(), glyphs));
        self.texts.note_word(&shaped);
        self.cache[slot].2.insert(text, (shaped.clone(), self.book));
        if self.shared.is_some() {
            self.fresh.push((slot, shaped.clone()));
        }
        shaped
    }
}

/// Whether a character is Unicode's Default_Ignorable_Code_Point (soft hyphen, zero-width
/// spaces and joiners, bidi controls, variation selectors): never drawn, and read as nothing.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether a character is a combining accent, set on the letter before it.
pub fn is_combining_accent(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0487}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The script rustybuzz's segment guess finds in a word (its first character of a script other
/// than Common and Inherited), read without filling a buffer when the word is Latin or Cyrillic
/// text; `None` when another character comes first (the guess then runs in full).
fn guess_script(text: &str) -> Option<rustybuzz::Script> {
    for c in text.chars() {
        if let Some(script) = script_of(c)? {
            return Some(script);
        }
    }
    Some(rustybuzz::script::UNKNOWN)
}

/// A character's script as the guess reads it: `Some(None)` for one it passes over.
fn script_of(c: char) -> Option<Option<rustybuzz::Script>> {
    use rustybuzz::script::{CYRILLIC, LATIN};
    Some(match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F => Some(LATIN),
        0..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2064 | 0x2066..=0x206F => None,
        0x400..=0x484 | 0x487..=0x52F => Some(CYRILLIC),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::typeset::font::Family;

    fn setup() -> (FontBook, Shaper, FaceId) {
        let book = FontBook::shipped().unwrap();
        let face = book.select(Family::Serif, FontStyle::Regular);
        (book, Shaper::new(), face)
    }

    #[test]
    fn a_letter_and_its_accent_read_back_apart_and_two_accents_are_not_guessed() {
        let (book, mut shaper, face) = setup();
        let texts = |shaper: &mut Shaper, word: &str| -> Vec<String> {
            let s = shaper.shape(&book, face, "ru", word);
            (0..s.glyphs.len()).map(|i| s.glyph_text(i).to_string()).collect()
        };
        assert_eq!(texts(&mut shaper, "за\u{301}мок"), ["з", "а", "\u{301}", "м", "о", "к"]);
        // Acute then dot below: the engine puts the dot first, so the glyphs cannot be matched
        // to the characters one by one; the cluster's first glyph stands for all of it.
        let word = "ма\u{301}\u{323}ма";
        let got = texts(&mut shaper, word);
        assert_eq!(got.concat(), word);
        assert!(!got.iter().any(|t| t == "\u{301}" || t == "\u{323}"), "{got:?}");
    }

    #[test]
    fn the_quick_script_guess_agrees_with_rustybuzz_for_every_character_it_answers() {
        let full = |text: &str| {
            let mut b = rustybuzz::UnicodeBuffer::new();
            b.push_str(text);
            b.set_direction(rustybuzz::Direction::LeftToRight);
            b.guess_segment_properties();
            b.script()
        };
        let mut answered = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(quick) = guess_script(c.encode_utf8(&mut [0; 4])) {
                assert_eq!(quick, full(c.encode_utf8(&mut [0; 4])), "U+{:04X}", c as u32);
                answered += 1;
            }
        }
        assert!(answered > 1000, "{answered}");
        for word in ["«Князь»,", "—", "(naïve)", "«Қазақстан»", "1848–1849", "\u{2014}Ах!", "x\u{485}"]
        {
            assert_eq!(guess_script(word), Some(full(word)), "{word}");
        }
        assert_eq!(guess_script("«Ελλάδα»"), None, "Greek is left to the full guess");
    }

    #[test]
    fn a_kerning_pair_moves() {
        let (book, mut s, face) = setup();
        let av = s.shape(&book, face, "en", "AV");
        let a = s.shape(&book, face, "en", "A");
        let v = s.shape(&book, face, "en", "V");
        assert!(av.width < FontUnits(a.width.0 + v.width.0), "AV is kerned tighter than A + V");
    }

    #[test]
    fn a_ligature_forms_and_stands_for_its_letters() {
        let (book, mut s, face) = setup();
        let fi = s.shape(&book, face, "en", "fi");
        assert_eq!(fi.glyphs.len(), 1, "f and i become one glyph");
        assert_eq!(fi.glyph_text(0), "fi");
        let office = s.shape(&book, face, "en", "office");
        let text: String = (0..office.glyphs.len()).map(|i| office.glyph_text(i)).collect();
        assert_eq!(text, "office");
        assert!(office.glyphs.len() < 6);
    }

    #[test]
    fn kazakh_letters_map_to_real_glyphs() {
        let (book, mut s, face) = setup();
        let kk = s.shape(&book, face, "kk", "ӘҒҚҢӨҰҮҺІ әғқңөұүһі");
        assert!(kk.glyphs.iter().all(|g| g.id != 0), "no .notdef");
        assert_eq!(kk.glyphs.len(), 19);
    }

    #[test]
    fn a_cached_word_enters_the_next_books_texts_and_nothing_else_does() {
        let (book, mut s, face) = setup();
        let office = s.shape(&book, face, "en", "office");
        let ids: Vec<u16> = office.glyphs.iter().map(|g| g.id).collect();
        s.next_book();
        assert!(ids.iter().all(|&id| s.texts.get(face, id).is_none()), "a new book starts with no texts");
        s.shape(&book, face, "en", "office");
        assert_eq!(s.hits, 1, "the word came from the cache");
        let text: String = ids.iter().filter_map(|&id| s.texts.get(face, id)).collect();
        assert_eq!(text, "office");
        // The ligature of "fi" is also the glyph of U+FB01: in a book with only the latter the
        // glyph stands for it, not for the "fi" of the book before, which would sort first.
        let fi = s.shape(&book, face, "en", "fi").glyphs[0].id;
        s.next_book();
        let ligature = s.shape(&book, face, "en", "\u{FB01}").glyphs[0].id;
        assert_eq!(ligature, fi, "the font draws U+FB01 with the fi ligature");
        assert_eq!(s.texts.get(face, fi), Some("\u{FB01}"));
    }

    #[test]
    fn a_word_another_shaper_published_is_taken_with_its_glyph_texts() {
        let (book, mut a, face) = setup();
        let store = Arc::new(SharedWords::new());
        a.share(store.clone());
        let office = a.shape(&book, face, "en", "office");
        assert!(store.is_empty(), "words reach the store when a book is done, not one by one");
        a.publish();
        assert_eq!(store.len(), 1);
        let mut b = Shaper::new();
        b.share(store.clone());
        let again = b.shape(&book, face, "en", "office");
        assert_eq!(*office, *again, "shaped once for both");
        // Each worker counts references to a copy of its own: one count written from two cores
        // would bounce between their caches on every use of a common word.
        assert!(!Arc::ptr_eq(&office, &again), "the taker holds its own copy");
        assert!(Arc::ptr_eq(&again, &b.shape(&book, face, "en", "office")), "and keeps it");
        assert_eq!(b.hits, 2);
        let text: String = again.glyphs.iter().filter_map(|g| b.texts.get(face, g.id)).collect();
        assert_eq!(text, "office", "the taker's text table has the word's glyphs");
        assert!(b.shape(&book, face, "ru", "office").glyphs.len() > 1, "another language misses");
        assert_eq!(b.hits, 2);
        // A shaper not sharing neither takes nor gives.
        let mut c = Shaper::new();
        c.shape(&book, face, "en", "office");
        c.publish();
        assert_eq!((c.hits, store.len()), (0, 1));
    }

    #[test]
    fn forgotten_words_are_shaped_again_the_same() {
        let (book, mut s, face) = setup();
        let office = s.shape(&book, face, "en", "office");
        s.shape(&book, face, "ru", "офис");
        assert_eq!(s.cached_words(), 2);
        s.forget_words();
        assert_eq!(s.cached_words(), 0);
        let again = s.shape(&book, face, "en", "office");
        assert!(!Arc::ptr_eq(&office, &again), "shaped anew");
        assert_eq!((s.hits, *office == *again, s.cached_words()), (0, true, 1));
    }

    #[test]
    fn shaping_is_cached() {
        let (book, mut s, face) = setup();
        let a = s.shape(&book, face, "en", "word");
        let b = s.shape(&book, face, "en", "word");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(s.hits, 1);
    }
}
