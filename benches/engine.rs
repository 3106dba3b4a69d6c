//! Benchmarks of each stage on Pride and Prejudice (121,000 words, public domain; the fixture is
//! the corpus's Markdown without its cover): reading, the EPUB writer, the text engine (shape and
//! break every paragraph at 10 pt into a 100 mm measure), and layout with the PDF writer.
//! Run with `cargo bench`; report medians.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::diag::Diagnostics;
use folio::manuscript::{LoadOptions, load};
use folio::typeset::{Pt, Typesetter};

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
    g.bench_function("read and model", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            load(&path, &LoadOptions::default(), &mut diags)
        })
    });
    g.bench_function("epub write", |b| b.iter(|| folio::epub::write(&book)));
    let ts = Typesetter::new().expect("fonts load");
    let paragraphs = folio::layout::body_paragraphs(&book, &ts.fonts, Pt(10.0), Pt::mm(100.0));
    g.bench_function("shape and break, cold caches", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new().expect("fonts load");
            paragraphs.iter().map(|p| ts.set(p).len()).sum::<usize>()
        })
    });
    g.bench_function("layout and pdf write", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new().expect("fonts load");
            let doc = folio::layout::layout(&book, &mut ts).expect("layout");
            folio::pdf::write(&doc, &book, &ts.fonts, &ts.shaper.texts).expect("pdf")
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
