//! Benchmarks of each stage on Pride and Prejudice (121,000 words, public domain; the fixture is
//! the corpus's Markdown without its cover): reading (parse and model are one pass), the EPUB
//! writer, shaping, line breaking, the whole text engine single-threaded and on every core
//! (every paragraph at 10 pt into a 100 mm measure), pagination, and the PDF writer.
//! Run with `cargo bench`; report medians.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::diag::Diagnostics;
use folio::manuscript::{LoadOptions, load};
use folio::typeset::{Chunk, Pt, Typesetter};

fn book() -> folio::model::Book {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures/pride-and-prejudice.md");
    let mut diags = Diagnostics::new();
    load(&path, &LoadOptions::default(), &mut diags).expect("the fixture loads")
}

fn stages(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures/pride-and-prejudice.md");
    let book = book();
    let mut g = c.benchmark_group("pride-and-prejudice");
    g.sample_size(10);
    g.bench_function("read: parse and model", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            load(&path, &LoadOptions::default(), &mut diags)
        })
    });
    g.bench_function("epub write", |b| b.iter(|| folio::epub::write(&book)));

    let ts = Typesetter::new().expect("fonts load");
    let paragraphs = folio::layout::body_paragraphs(&book, &ts.fonts, Pt(10.0), Pt::mm(100.0));
    g.bench_function("shape: every word, cold cache", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new().expect("fonts load");
            let mut glyphs = 0;
            for p in &paragraphs {
                for chunk in &p.chunks {
                    if let Chunk::Text { text, style } = chunk {
                        for word in text.split_whitespace() {
                            glyphs += ts.shaper.shape(&ts.fonts, style.face, &p.lang, word).glyphs.len();
                        }
                    }
                }
            }
            glyphs
        })
    });
    let mut warm = Typesetter::new().expect("fonts load");
    for p in &paragraphs {
        warm.set(p);
    }
    g.bench_function("line-break: every paragraph, words already shaped", |b| {
        b.iter(|| paragraphs.iter().map(|p| warm.set(p).len()).sum::<usize>())
    });
    g.bench_function("shape and break, cold caches, one thread", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new().expect("fonts load");
            paragraphs.iter().map(|p| ts.set(p).len()).sum::<usize>()
        })
    });
    g.bench_function("shape and break, cold caches, every core", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new().expect("fonts load");
            ts.preset(paragraphs.clone());
            paragraphs.iter().map(|p| ts.set(p).len()).sum::<usize>()
        })
    });
    g.bench_function("layout: shape, break and paginate", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new().expect("fonts load");
            folio::layout::layout(&book, &mut ts).expect("layout").pages.len()
        })
    });
    let mut ts = Typesetter::new().expect("fonts load");
    let doc = folio::layout::layout(&book, &mut ts).expect("layout");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    g.bench_function("pdf write", |b| {
        b.iter(|| folio::pdf::write(&doc, &book, &ts.fonts, &ts.shaper.texts, cores).expect("pdf").len())
    });
    g.finish();
}

/// Pasted blobs set in print: one word, one line of code, a word with a hyphen every other
/// letter, a chapter title of one word and a table cell of words, each of 25,000 and of 100,000
/// characters, and the generated cover of a book titled with such a word. Four times the text should take about four times as long; until `items.rs`,
/// `code.rs` and `heads.rs` searched by halving and `table.rs` estimated a cell wider than any
/// page, it took a square's worth (the 200,000-letter word of `tests/bad_input.rs` 105 s, the
/// code line 114 s, a 3,000-letter title's running head 3.5 s, a cell of 15,000 words 5 s).
fn blobs(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut g = c.benchmark_group("blobs");
    g.sample_size(10);
    for n in [25_000, 100_000] {
        let pages = "Words of a chapter that runs over several pages. ".repeat(300);
        let bodies = [
            ("word", format!("# One\n\n{}", "a".repeat(n))),
            ("code line", format!("# One\n\n```\n{}\n```", "x".repeat(n))),
            ("hyphened word", format!("# One\n\n{}", "a-".repeat(n / 2))),
            ("chapter title (its running head)", format!("# {}\n\n{pages}", "a".repeat(n))),
            ("table cell", format!("# One\n\n| a | b |\n|---|---|\n| x | {} |", "word ".repeat(n / 5))),
        ];
        // The generated cover's title, cut where it fits its line: 26 s for 100,000 letters
        // while each cut measured the rest of the word again.
        let path = dir.path().join("title.md");
        std::fs::write(&path, format!("---\ntitle: {}\nlang: en\n---\n\n# One\n\nText.\n", "a".repeat(n)))
            .expect("written");
        let quiet = LoadOptions { no_generated_cover: true, ..Default::default() };
        let meta = load(&path, &quiet, &mut Diagnostics::new()).expect("the title loads").metadata;
        g.bench_function(format!("generated cover: a title of {n} letters"), |b| {
            b.iter(|| folio::cover::generate(&meta).expect("a cover").bytes.len())
        });
        for (name, body) in bodies {
            let path = dir.path().join("blob.md");
            std::fs::write(&path, format!("---\ntitle: Blob\nlang: en\n---\n\n{body}\n")).expect("written");
            let book = load(&path, &LoadOptions::default(), &mut Diagnostics::new()).expect("the blob loads");
            g.bench_function(format!("layout: {name} of {n} characters"), |b| {
                b.iter(|| {
                    let mut ts = Typesetter::new().expect("fonts load");
                    folio::layout::layout(&book, &mut ts).expect("layout").pages.len()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, stages, blobs);
criterion_main!(benches);
