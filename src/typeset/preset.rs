//! Setting a book's paragraphs on every core before layout asks for them. Layout is sequential
//! (each page depends on the last), but the paragraphs it sets do not depend on pages: a first,
//! cheap run of layout records which paragraphs it wants, threads set them, each with its own
//! caches, and the real run takes the finished lines.

use std::hash::{Hash, Hasher};

use super::fasthash::{Fx, FxMap};
use super::paragraph::{Chunk, Line, Paragraph};
use super::{FontBook, GlyphTexts, Typesetter, hyphenate};

/// Fewer paragraphs than this are set faster than threads start.
const WORTH_IT: usize = 64;

/// Finished paragraphs, found by content.
#[derive(Default)]
pub(crate) struct Memo {
    by_hash: FxMap<u64, Vec<(Paragraph, Vec<Line>)>>,
}

impl Memo {
    /// The lines of a paragraph set ahead of time, once.
    pub(crate) fn take(&mut self, p: &Paragraph) -> Option<Vec<Line>> {
        if self.by_hash.is_empty() {
            return None;
        }
        let bucket = self.by_hash.get_mut(&key(p))?;
        let i = bucket.iter().position(|(q, _)| q == p)?;
        Some(bucket.swap_remove(i).1)
    }

    fn insert(&mut self, p: Paragraph, lines: Vec<Line>) {
        self.by_hash.entry(key(&p)).or_default().push((p, lines));
    }
}

/// A hash of everything that decides how a paragraph sets.
fn key(p: &Paragraph) -> u64 {
    let mut h = Fx::default();
    for c in &p.chunks {
        match c {
            Chunk::Text { text, style } => {
                text.hash(&mut h);
                style.face.hash(&mut h);
                style.size.0.to_bits().hash(&mut h);
                style.rise.0.to_bits().hash(&mut h);
                style.lang.hash(&mut h);
            }
            Chunk::Break => 0xffu8.hash(&mut h),
            Chunk::Object(o) => {
                0xfeu8.hash(&mut h);
                o.id.hash(&mut h);
                o.text.hash(&mut h);
                o.style.face.hash(&mut h);
                o.style.link.map(|l| l.0).hash(&mut h);
                for v in [o.width, o.height, o.rise] {
                    v.0.to_bits().hash(&mut h);
                }
            }
        }
    }
    p.lang.hash(&mut h);
    (p.align as u8).hash(&mut h);
    for (indent, width) in &p.shape.lines {
        indent.0.to_bits().hash(&mut h);
        width.0.to_bits().hash(&mut h);
    }
    p.shape.first_indent.0.to_bits().hash(&mut h);
    p.hyphenate.hash(&mut h);
    h.finish()
}

impl Typesetter {
    /// From now on `set` only records the paragraphs it is given and returns no lines.
    pub fn record(&mut self) {
        self.recording = Some(Vec::new());
    }

    /// Stops recording and returns the paragraphs asked for, in order.
    pub fn recorded(&mut self) -> Vec<Paragraph> {
        self.recording.take().unwrap_or_default()
    }

    /// Sets paragraphs on every core and keeps their lines for `set` to hand out; this thread
    /// takes the first share, so its caches are warm for anything asked later.
    pub fn preset(&mut self, paragraphs: Vec<Paragraph>) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        if threads < 2 || paragraphs.len() < WORTH_IT {
            return;
        }
        let mut langs: Vec<&str> = paragraphs.iter().map(|p| p.lang.as_str()).collect();
        langs.sort_unstable();
        langs.dedup();
        let seed = self.hyphenator.seed(langs);
        let params = self.params;
        let shares = split(paragraphs, threads);
        let mut shares = shares.into_iter();
        let mine = shares.next().unwrap_or_default();
        let done: Vec<Vec<(Paragraph, Vec<Line>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = shares
                .map(|share| {
                    let seed = seed.clone();
                    scope.spawn(move || -> (Vec<(Paragraph, Vec<Line>)>, GlyphTexts) {
                        let Ok(fonts) = FontBook::shipped() else {
                            return (Vec::new(), GlyphTexts::default());
                        };
                        let mut ts =
                            Typesetter::new_with(fonts, hyphenate::Hyphenator::from_seed(seed), params);
                        let set = ts.set_all(share);
                        (set, std::mem::take(&mut ts.shaper.texts))
                    })
                })
                .collect();
            let mut done = vec![self.set_all(mine)];
            // A share whose thread failed is simply set again when layout asks for it.
            for (set, texts) in handles.into_iter().filter_map(|h| h.join().ok()) {
                self.shaper.texts.merge(texts);
                done.push(set);
            }
            done
        });
        for (p, lines) in done.into_iter().flatten() {
            self.presets.insert(p, lines);
        }
    }

    fn set_all(&mut self, paragraphs: Vec<Paragraph>) -> Vec<(Paragraph, Vec<Line>)> {
        paragraphs
            .into_iter()
            .map(|p| {
                let lines = self.set(&p);
                (p, lines)
            })
            .collect()
    }

    /// Drops paragraphs set ahead of time that layout did not take.
    pub fn forget_presets(&mut self) {
        self.presets = Memo::default();
    }
}

/// Contiguous shares of about equal text, so threads finish together.
fn split(paragraphs: Vec<Paragraph>, shares: usize) -> Vec<Vec<Paragraph>> {
    let size = |p: &Paragraph| {
        p.chunks.iter().map(|c| if let Chunk::Text { text, .. } = c { text.len() } else { 1 }).sum::<usize>()
            + 16
    };
    let total: usize = paragraphs.iter().map(size).sum();
    let per = total.div_ceil(shares).max(1);
    let mut out: Vec<Vec<Paragraph>> = vec![Vec::new()];
    let mut filled = 0;
    for p in paragraphs {
        let s = size(&p);
        if filled >= per && out.len() < shares {
            out.push(Vec::new());
            filled = 0;
        }
        filled += s;
        if let Some(last) = out.last_mut() {
            last.push(p);
        }
    }
    out
}
