//! The writers of one book: the EPUB and the print edition side by side (or one after another on
//! a crowded catalogue's core), the coverage check beside them, and the typesetters kept warm
//! between a catalogue's books.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::{BuildOptions, Format, Stage};
use crate::diag::{Diagnostics, Location};
use crate::model::Book;
use crate::typeset::Typesetter;
use crate::typeset::shape::SharedWords;

/// Writes every format and runs the coverage check: side by side on their own threads, or, when
/// a catalogue already keeps every core busy with other books, one after another on this one.
pub(super) fn write_all(
    book: &Book,
    options: &BuildOptions,
) -> (Vec<Written>, Option<(Diagnostics, Duration)>) {
    let check = || {
        let t = Instant::now();
        let mut found = Diagnostics::new();
        crate::coverage::check(book, &mut found);
        (found, t.elapsed())
    };
    // A writer that panics fails its format, not the book's other outputs and diagnostics.
    let guarded = |format: Format| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(book, format, options)))
            .unwrap_or_else(|_| Written::failed(format, "the writer stopped unexpectedly"))
    };
    if options.one_core_per_book {
        let written = options.formats.iter().map(|&format| guarded(format)).collect();
        return (written, std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).ok());
    }
    // The two writers share nothing but the model: run them side by side, and the coverage check
    // (which only reports) beside them.
    std::thread::scope(|scope| {
        let checking = scope.spawn(check);
        // The print edition is set on this thread, whose typesetter stays warm for its next book.
        let spawned: Vec<_> = options
            .formats
            .iter()
            .filter(|&&f| f != Format::Pdf)
            .map(|&format| (format, scope.spawn(move || write(book, format, options))))
            .collect();
        let mut printed = options.formats.contains(&Format::Pdf).then(|| guarded(Format::Pdf));
        let mut spawned = spawned.into_iter();
        let written = options
            .formats
            .iter()
            .filter_map(|&format| match format {
                Format::Pdf => printed.take(),
                _ => spawned.next().map(|(format, h)| {
                    h.join().unwrap_or_else(|_| Written::failed(format, "the writer stopped unexpectedly"))
                }),
            })
            .collect();
        (written, checking.join().ok())
    })
}

/// What one writer produced.
pub(super) struct Written {
    pub(super) format: Format,
    pub(super) bytes: Result<Vec<u8>, String>,
    pub(super) diagnostics: Diagnostics,
    pub(super) stages: Vec<(Stage, Duration)>,
    pub(super) pages: Option<usize>,
}

impl Written {
    /// A format that could not be written, and why.
    pub(super) fn failed(format: Format, why: &str) -> Written {
        Written {
            format,
            bytes: Err(why.to_string()),
            diagnostics: Diagnostics::new(),
            stages: Vec::new(),
            pages: None,
        }
    }
}

fn write(book: &Book, format: Format, options: &BuildOptions) -> Written {
    let mut w = Written::failed(format, "");
    w.bytes = match format {
        Format::Epub => {
            let t = Instant::now();
            let bytes = crate::epub::write(book);
            w.stages.push((Stage::Epub, t.elapsed()));
            bytes
        }
        Format::Pdf => print(book, options.one_core_per_book, &mut w),
    };
    w
}

/// Lays out and writes the print edition; overfull lines become warnings.
fn print(book: &Book, one_core: bool, w: &mut Written) -> Result<Vec<u8>, String> {
    let t = Instant::now();
    let (mut ts, warm) = typesetter(book, one_core)?;
    let doc = crate::layout::layout(book, &mut ts)?;
    w.stages.push((Stage::Layout, t.elapsed()));
    w.pages = Some(doc.pages.len());
    for span in &doc.overfull {
        let loc = book.source_path(*span).map(|p| Location::at(p, span.line, span.column));
        w.diagnostics
            .warning(loc, "a line of this paragraph is wider than the measure")
            .help("a long unbreakable word or URL: add a soft hyphen (U+00AD) or rephrase");
    }
    for span in &doc.broken {
        let loc = book.source_path(*span).map(|p| Location::at(p, span.line, span.column));
        w.diagnostics
            .warning(loc, "a word wider than the line was broken where it has no break point")
            .help("add soft hyphens (U+00AD) where it may break, or rephrase");
    }
    for objection in &doc.preflight {
        let loc = objection
            .at
            .and_then(|span| book.source_path(span).map(|p| Location::at(p, span.line, span.column)));
        w.diagnostics.warning(loc, objection.message.clone());
    }
    let t = Instant::now();
    let cores = if one_core { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()) };
    let bytes = crate::pdf::write(&doc, book, &ts.fonts, &ts.shaper.texts, cores);
    w.stages.push((Stage::Pdf, t.elapsed()));
    if warm {
        ts.shaper.publish();
        keep_warm(book.metadata.lang.as_str(), ts);
    }
    bytes
}

/// Typesetters of finished books that used only the shipped hyphenation, with the language they
/// last set. The next book takes one with its fonts loaded and its words shaped: books of one
/// language share most of their words, so a catalogue sets its second English novel in about
/// half the time of its first. A catalogue holds at most one per book built at once.
static WARM: Mutex<Vec<(String, Typesetter)>> = Mutex::new(Vec::new());

/// Words shaped by a crowded catalogue's typesetters, for all of them: with a typesetter per
/// worker, a book's words are warm whichever worker set the book of its language before.
static SHARED: OnceLock<Arc<SharedWords>> = OnceLock::new();

/// A warm typesetter, preferably one that last set this language.
fn take_warm(lang: &str) -> Option<Typesetter> {
    let mut pool = WARM.lock().ok()?;
    let i = pool.iter().rposition(|(l, _)| l == lang).or_else(|| pool.len().checked_sub(1))?;
    Some(pool.swap_remove(i).1)
}

/// Words a kept typesetter, and the shared store, may hold (about 200 bytes each with their
/// glyphs). A catalogue of many books, or a `folio watch` left running for days, would otherwise
/// grow them by every new word it meets; past this they start again empty. The benchmark's
/// catalogue (eight books in four languages) ends with 102,000 words in the shared store and at
/// most 69,000 in a typesetter.
const MAX_WORDS: usize = 400_000;

fn keep_warm(lang: &str, mut ts: Typesetter) {
    bound(&mut ts, MAX_WORDS);
    if let Ok(mut pool) = WARM.lock() {
        pool.push((lang.to_string(), ts));
    }
}

/// Empties a typesetter's word caches (shapes, break points) holding more than `max` words.
fn bound(ts: &mut Typesetter, max: usize) {
    if ts.shaper.cached_words() > max {
        ts.shaper.forget_words();
    }
    if ts.hyphenator.cached_words() > max {
        ts.hyphenator.forget_words();
    }
}

/// Empties a shared word store holding more than `max` words.
fn bound_store(store: &SharedWords, max: usize) {
    if store.len() > max {
        store.clear();
    }
}

/// A typesetter with the book's own hyphenation patterns and exceptions, and whether it may be
/// kept for the next book (only one without them may: its cached breaks would carry them over).
fn typesetter(book: &Book, one_core: bool) -> Result<(Typesetter, bool), String> {
    let own = &book.metadata.typography;
    let shared = own.hyphenation.is_empty() && own.hyphenation_exceptions.is_empty();
    let mut ts = match shared.then(|| take_warm(book.metadata.lang.as_str())).flatten() {
        Some(mut ts) => {
            ts.next_book();
            ts
        }
        None => Typesetter::new()?,
    };
    ts.parallel = !one_core;
    if shared {
        // Only a crowded catalogue has typesetters at work side by side to share words with; a
        // single build would only collect and store its words for nobody.
        if one_core {
            let store = SHARED.get_or_init(|| Arc::new(SharedWords::new()));
            bound_store(store, MAX_WORDS);
            ts.shaper.share(store.clone());
        }
        return Ok((ts, true));
    }
    ts.hyphenator.add_book_rules(
        book.metadata.lang.as_str(),
        &own.hyphenation,
        &own.hyphenation_exceptions,
    )?;
    Ok((ts, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::typeset::Family;

    #[test]
    fn word_stores_past_their_bound_start_again_empty() {
        let mut ts = Typesetter::new().unwrap();
        let store = SharedWords::new();
        let face = ts.fonts.select(Family::Serif, FontStyle::Regular);
        for word in ["one", "two", "three"] {
            let shaped = ts.shaper.shape(&ts.fonts, face, "en", word);
            store.add(face, "en", [shaped]);
        }
        // As written and lower-cased: two entries a word.
        for word in ["Typesetter", "Hyphenation"] {
            ts.hyphenator.breaks("en", word);
        }
        let held = |ts: &Typesetter| (ts.shaper.cached_words(), ts.hyphenator.cached_words());
        bound(&mut ts, 4);
        bound_store(&store, 3);
        assert_eq!((held(&ts), store.len()), ((3, 4), 3), "at the bound: kept");
        bound(&mut ts, 3);
        assert_eq!(held(&ts), (3, 0), "past it: the break points emptied");
        bound(&mut ts, 2);
        bound_store(&store, 2);
        assert_eq!((held(&ts), store.len()), ((0, 0), 0), "past it: emptied");
        assert!(!ts.shaper.shape(&ts.fonts, face, "en", "one").glyphs.is_empty(), "still sets words");
        let generation = ts.hyphenator.generation();
        assert!(!ts.hyphenator.breaks("en", "Typesetter").is_empty(), "still hyphenates");
        assert_eq!(ts.hyphenator.generation(), generation, "and the same way");
    }
}
