//! Where words may break, per language: the shipped hyph-utf8 patterns (English, Russian, Kazakh,
//! Ukrainian, French, German in its reformed spelling) read by our Liang loader, the book's own patterns and exceptions, and the rules that keep
//! capitals, numbers and addresses whole.

mod liang;
mod rules;
pub mod tex;

pub use liang::Patterns;
pub(crate) use rules::divided_last;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::fasthash::WordMap;

/// Soft hyphen: the author's own break point.
const SHY: char = '\u{AD}';

/// Patterns folio ships, by tag (a region only where it has its own), with the minimum letters
/// kept before and after a break. One list for paragraphs and for passages in other languages.
const PATTERNS: [(&str, &str, usize, usize); 7] = [
    ("en-GB", include_str!("../../../hyphenation/hyph-en-gb.tex"), 2, 3),
    ("en", include_str!("../../../hyphenation/hyph-en-us.tex"), 2, 3),
    ("ru", include_str!("../../../hyphenation/hyph-ru.tex"), 2, 2),
    ("kk", include_str!("../../../hyphenation/hyph-kk.tex"), 2, 2),
    ("uk", include_str!("../../../hyphenation/hyph-uk.tex"), 2, 2),
    // Two letters carried over is too few for French compositors (babel-french keeps three).
    ("fr", include_str!("../../../hyphenation/hyph-fr.tex"), 2, 3),
    ("de", include_str!("../../../hyphenation/hyph-de-1996.tex"), 2, 2),
];

/// The entry of `PATTERNS` for a tag: its own region's (`en-GB`), else its language's (`fr-CA`
/// is French, `en-US` English).
fn shipped_index(tag: &str) -> Option<usize> {
    let primary = tag.split('-').next().unwrap_or("");
    PATTERNS
        .iter()
        .position(|(t, ..)| t.eq_ignore_ascii_case(tag))
        .or_else(|| PATTERNS.iter().position(|(t, ..)| t.eq_ignore_ascii_case(primary)))
}

/// The language of a passage set in a paragraph of another (a French remark in a Russian
/// novel), as a style keeps it: one of the languages folio ships patterns for, or none of them
/// (its words are then not hyphenated). A byte, not a tag: every run of text carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PassageLang(u8);

impl PassageLang {
    /// The language of a tag: `fr-CA` is French, `it` none folio has patterns for.
    pub fn of(lang: &str) -> PassageLang {
        PassageLang(shipped_index(lang).map_or(u8::MAX, |i| i as u8))
    }

    /// Its tag, as the shaper and the hyphenator take it: `und` for a language without patterns.
    pub fn tag(self) -> &'static str {
        PATTERNS.get(usize::from(self.0)).map_or("und", |(t, ..)| t)
    }
}

#[derive(Clone)]
struct Language {
    /// Shared with every hyphenator of the process until a book adds exceptions to them.
    patterns: Arc<Patterns>,
    left: usize,
    right: usize,
}

/// The shipped patterns, parsed once per process (about 2 ms a language, 14 for German): a
/// catalogue's typesetters and a book's threads all read the same tries.
static SHIPPED: Mutex<Vec<(&'static str, Arc<Patterns>)>> = Mutex::new(Vec::new());

/// A shipped pattern file, parsed.
fn parsed(tex: &'static str) -> Result<Arc<Patterns>, String> {
    let mut known = SHIPPED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = known.iter().find(|(t, _)| *t == tex) {
        return Ok(Arc::clone(p));
    }
    let patterns = Arc::new(Patterns::parse(tex)?);
    known.push((tex, Arc::clone(&patterns)));
    Ok(patterns)
}

/// Languages by tag, lower-cased; a book uses one or two, so a list beats a map.
type Languages = Vec<(String, Option<Language>)>;

/// The entry for a tag, compared without case and without allocating.
fn find<'a>(languages: &'a mut Languages, tag: &str) -> Option<&'a mut Option<Language>> {
    languages.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(tag)).map(|(_, l)| l)
}

/// Finds break points in words; patterns load on first use, results are cached per word.
#[derive(Default)]
pub struct Hyphenator {
    languages: Languages,
    extra: HashMap<String, Vec<String>>,
    /// Per language tag, what was found (looked up without allocating).
    cache: Vec<Found>,
    /// The entry of `cache` used last: a book asks in one language nearly every time.
    last: usize,
    /// Names what this hyphenator finds until its patterns change; 0 until asked.
    generation: u64,
    /// Whether it was given patterns or exceptions beyond the shipped ones.
    own: bool,
}

/// The generation of every hyphenator with the shipped patterns alone: they all find the same
/// points, so words shaped by one keep their points for all (a catalogue shares its words).
const SHIPPED_GENERATION: u64 = 1;

/// The last generation handed out: distinct in the process, so break points kept with a word's
/// shape are never taken for another hyphenator's.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(SHIPPED_GENERATION);

/// Break points found in one language.
struct Found {
    tag: String,
    /// By word as written (byte offsets), punctuation and capitals included.
    words: WordMap<Arc<[usize]>>,
    /// By a word's letters lower-cased (character indices): «Князь», князь, and «князя» met
    /// after it run the patterns once.
    cores: WordMap<Arc<[usize]>>,
}

/// A hyphenator's patterns and exceptions without its cache: what another thread needs to
/// hyphenate exactly the same way.
#[derive(Clone)]
pub struct Seed {
    languages: Languages,
    extra: HashMap<String, Vec<String>>,
    own: bool,
}

impl Hyphenator {
    /// A hyphenator for the shipped languages.
    pub fn new() -> Hyphenator {
        Hyphenator::default()
    }

    /// Loads the patterns of these languages and returns a seed for hyphenators on other threads.
    pub fn seed<'a>(&mut self, tags: impl IntoIterator<Item = &'a str>) -> Seed {
        for tag in tags {
            self.language(tag);
        }
        Seed { languages: self.languages.clone(), extra: self.extra.clone(), own: self.own }
    }

    /// A hyphenator grown from a seed, with an empty cache.
    pub fn from_seed(seed: Seed) -> Hyphenator {
        Hyphenator { languages: seed.languages, extra: seed.extra, own: seed.own, ..Hyphenator::default() }
    }

    /// Adds a language's patterns from a TeX file (a book's own, for a language folio lacks).
    pub fn add_patterns(&mut self, tag: &str, tex: &str, left: usize, right: usize) -> Result<(), String> {
        let language = Some(Language { patterns: Arc::new(Patterns::parse(tex)?), left, right });
        match find(&mut self.languages, tag) {
            Some(known) => *known = language,
            None => self.languages.push((tag.to_ascii_lowercase(), language)),
        }
        self.forget();
        Ok(())
    }

    /// Adds a book's own rules for its language: hyphenation files (patterns, or a TeX
    /// `\hyphenation{…}` list of exceptions) and exceptions written in `book.toml`.
    pub fn add_book_rules(
        &mut self,
        tag: &str,
        files: &[(String, String)],
        words: &[String],
    ) -> Result<(), String> {
        for (name, tex) in files {
            if tex.contains("\\patterns{") {
                self.add_patterns(tag, tex, 2, 2).map_err(|e| format!("{name}: {e}"))?;
            } else {
                let mut listed = Vec::new();
                tex::read(tex, |piece| {
                    if let tex::Piece::Word(tex::Block::Hyphenation, word, ..) = piece {
                        listed.push(word);
                    }
                });
                self.add_exceptions(tag, &listed.join(" "));
            }
        }
        if !words.is_empty() {
            self.add_exceptions(tag, &words.join(" "));
        }
        Ok(())
    }

    /// Adds exceptions (`ta-ble`) for a language.
    pub fn add_exceptions(&mut self, tag: &str, words: &str) {
        let key = tag.to_ascii_lowercase();
        self.extra.entry(key.clone()).or_default().push(words.to_string());
        // A language already loaded (or given by the book) takes them at once; one loaded later
        // picks them up from `extra`.
        if let Some(Some(lang)) = find(&mut self.languages, &key) {
            Arc::make_mut(&mut lang.patterns).add_exceptions(words);
        }
        self.forget();
    }

    /// Drops what was found with the patterns before a change.
    fn forget(&mut self) {
        self.cache.clear();
        self.own = true;
        self.generation = 0;
    }

    /// How many words' break points it keeps.
    pub fn cached_words(&self) -> usize {
        self.cache.iter().map(|f| f.words.len() + f.cores.len()).sum()
    }

    /// Lets go of the break points found so far; the patterns, and so the generation, stay.
    pub fn forget_words(&mut self) {
        self.cache.clear();
        self.last = 0;
    }

    /// What names the break points this hyphenator finds now: it changes when its patterns do,
    /// and is the same for every hyphenator with the shipped patterns alone.
    pub fn generation(&mut self) -> u64 {
        if !self.own {
            return SHIPPED_GENERATION;
        }
        if self.generation == 0 {
            self.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        }
        self.generation
    }

    /// Byte offsets inside `word` where a hyphen may be inserted, for a caller that keeps them
    /// itself (see [`Shaped::hyphens`](super::shape::Shaped::hyphens)): only the word's
    /// lower-cased letters are cached here.
    pub fn find(&mut self, tag: &str, word: &str) -> Vec<usize> {
        let slot = self.slot(tag);
        self.compute(slot, tag, word)
    }

    fn language(&mut self, tag: &str) -> Option<&Language> {
        if find(&mut self.languages, tag).is_none() {
            let key = tag.to_ascii_lowercase();
            let lang = shipped_index(&key).map(|i| PATTERNS[i]).and_then(|(_, tex, left, right)| {
                let mut patterns = parsed(tex).ok()?;
                for words in self.extra.get(&key).into_iter().flatten() {
                    Arc::make_mut(&mut patterns).add_exceptions(words);
                }
                Some(Language { patterns, left, right })
            });
            self.languages.push((key, lang));
        }
        find(&mut self.languages, tag)?.as_ref()
    }

    /// Byte offsets inside `word` where a hyphen may be inserted.
    pub fn breaks(&mut self, tag: &str, word: &str) -> Arc<[usize]> {
        let slot = self.slot(tag);
        if let Some(hit) = self.cache[slot].words.get(word) {
            return hit.clone();
        }
        let found: Arc<[usize]> = self.compute(slot, tag, word).into();
        self.cache[slot].words.insert(word, found.clone());
        found
    }

    /// The cache entry for a tag, made if new.
    fn slot(&mut self, tag: &str) -> usize {
        if self.cache.get(self.last).is_some_and(|f| f.tag == tag) {
            return self.last;
        }
        self.last = match self.cache.iter().position(|f| f.tag == tag) {
            Some(i) => i,
            None => {
                let (words, cores) = (WordMap::default(), WordMap::default());
                self.cache.push(Found { tag: tag.to_string(), words, cores });
                self.cache.len() - 1
            }
        };
        self.last
    }

    fn compute(&mut self, slot: usize, tag: &str, word: &str) -> Vec<usize> {
        if let Some((i, tie)) = word.char_indices().find(|(_, c)| is_tie(*c)) {
            // Tied words are one for the line breaker, not for hyphenation: "с удовольствием"
            // still hyphenates its second word.
            let rest = i + tie.len_utf8();
            let mut out = self.compute(slot, tag, &word[..i]);
            out.extend(self.compute(slot, tag, &word[rest..]).into_iter().map(|o| o + rest));
            return out;
        }
        if word.contains(SHY) {
            // The author decided: only their soft hyphens.
            return word.char_indices().filter(|(_, c)| *c == SHY).map(|(i, _)| i + SHY.len_utf8()).collect();
        }
        if !hyphenatable(word) {
            return Vec::new();
        }
        // Punctuation around the word is not part of it: “word,” hyphenates as word.
        let core_start = word.find(is_letter).unwrap_or(0);
        let core_end = word
            .rfind(is_letter)
            .map_or(word.len(), |i| i + word[i..].chars().next().map_or(1, char::len_utf8));
        let core = &word[core_start..core_end];
        if core.chars().any(|c| !is_letter(c) && c != '\'' && c != '’') {
            return Vec::new();
        }
        // The patterns see only the lower-cased letters; a letter whose lower case is two
        // characters (İ) leaves the word unhyphenated, as Liang's matching would. Any real word
        // fits the stack; a longer string of letters goes to the heap.
        let (mut stack, mut heap, mut len) = ([0u8; 256], String::new(), 0);
        for c in core.chars() {
            let Some(l) = lower(c).map(straight_apostrophe) else { return Vec::new() };
            if len + 4 <= stack.len() {
                len += l.encode_utf8(&mut stack[len..]).len();
            } else {
                if heap.is_empty() {
                    heap.push_str(std::str::from_utf8(&stack[..len]).unwrap_or_default());
                }
                heap.push(l);
            }
        }
        let lowered =
            if heap.is_empty() { std::str::from_utf8(&stack[..len]).unwrap_or_default() } else { &heap };
        let indices = match self.cache[slot].cores.get(lowered) {
            Some(hit) => hit.clone(),
            None => {
                let Some(lang) = self.language(tag) else { return Vec::new() };
                let mut found = lang.patterns.breaks(lowered, lang.left, lang.right);
                if !lang.patterns.is_exception(lowered) {
                    rules::keep(tag.split('-').next().unwrap_or(tag), lowered, &mut found);
                }
                let found: Arc<[usize]> = found.into();
                self.cache[slot].cores.insert(lowered, found.clone());
                found
            }
        };
        // Character indices (ascending; a book's exception may repeat one: `ab--cd`) to byte
        // offsets in the word.
        let mut out = Vec::with_capacity(indices.len());
        let mut wanted = indices.iter().peekable();
        for (k, (offset, _)) in core.char_indices().enumerate() {
            while wanted.next_if(|&&w| w <= k).is_some_and(|&w| w == k) {
                out.push(core_start + offset);
            }
        }
        out
    }
}

/// The apostrophe as pattern files write it: French and Ukrainian patterns know `d'a` and
/// `м'я`, and a book's typographer has made them `d’a` and `м’я`.
pub(crate) fn straight_apostrophe(c: char) -> char {
    if matches!(c, '\u{2019}' | '\u{02BC}') { '\'' } else { c }
}

/// A character's lower case when it is one character (as `char::to_lowercase` gives it), found
/// without a table search for ASCII, Latin-1 and Cyrillic (Kazakh's letters included).
pub(crate) fn lower(c: char) -> Option<char> {
    let n = c as u32;
    let same = |m: u32| char::from_u32(m);
    match n {
        0..=0x7F => Some(c.to_ascii_lowercase()),
        0xC0..=0xDE if n != 0xD7 => same(n + 0x20),
        0xDF..=0xFF => Some(c),
        0x400..=0x40F => same(n + 0x50),
        0x410..=0x42F => same(n + 0x20),
        0x430..=0x45F => Some(c),
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F => same(n | 1),
        0x4C1..=0x4CE => same(n + (n & 1)),
        _ => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        }
    }
}

/// `char::is_uppercase`, answered without its table search for ASCII and Russian letters.
fn is_upper(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_uppercase(),
        0x400..=0x42F => true,
        0x430..=0x45F => false,
        _ => c.is_uppercase(),
    }
}

/// Whether `c` is a letter: `char::is_alphabetic`, answered without its table search for the
/// Latin and Cyrillic letters (Kazakh's included) that make up nearly all of folio's text.
pub(crate) fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}')
        || matches!(c, '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}')
        || (!c.is_ascii() && c.is_alphabetic())
}

/// A space that ties two words (no-break, narrow no-break, figure space).
fn is_tie(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// Words in capitals, with digits, or that look like addresses are never hyphenated. One pass
/// over the characters: every new word of a novel comes here.
fn hyphenatable(word: &str) -> bool {
    let (mut letters, mut capitals) = (0, 0);
    for c in word.chars() {
        // A slash also stands for `://`.
        if c.is_ascii_digit() || c == '@' || c == '/' {
            return false;
        }
        if is_letter(c) {
            letters += 1;
            capitals += usize::from(is_upper(c));
        }
    }
    let all_caps = letters > 1 && capitals == letters;
    !(all_caps || word.starts_with("www."))
}

#[cfg(test)]
mod tests;
