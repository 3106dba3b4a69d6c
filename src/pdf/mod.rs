//! The PDF writer: a laid-out [`Document`] as PDF 1.7 bytes, written with `pdf-writer` (see the
//! README's design notes for why not printpdf). Fonts are embedded as subsets with ToUnicode;
//! pages carry MediaBox ⊇ BleedBox ⊇ TrimBox; the catalog has `/Lang`, XMP metadata, a nested
//! outline and page labels (roman, then arabic). Same input, same bytes: no clock, no randomness.

mod content;
mod deflate;
mod drawn;
mod fonts;
mod links;
mod metadata;
mod outline;

use std::collections::HashMap;

use pdf_writer::types::{NumberingStyle, PageMode};
use pdf_writer::writers::PageLabel;
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, TextStr};

use crate::layout::{Document, Placed};
use crate::model::{Book, ImageFormat, Vector};
use crate::typeset::{FontBook, GlyphRun, GlyphTexts, Paint, Pt};
use content::Stream;
use deflate::{Deflater, deflate};
use fonts::UsedFonts;

/// Writes the document as PDF bytes, encoding its pages on `cores` threads.
pub fn write(
    doc: &Document,
    book: &Book,
    fonts: &FontBook,
    texts: &GlyphTexts,
    cores: usize,
) -> Result<Vec<u8>, String> {
    // An interior for upload carries nothing but print: KDP asks for no annotations and no
    // bookmarks in it (they would not print, but its checks refuse them).
    let clean = book.metadata.typography.clean_pdf == Some(true);
    let mut pdf = Pdf::new();
    let mut counter = 1;
    let mut next = || {
        let r = Ref::new(counter);
        counter += 1;
        r
    };
    let catalog = next();
    let page_tree = next();
    let outline_root = next();
    let info = next();
    let xmp = next();
    let page_ids: Vec<Ref> = doc.pages.iter().map(|_| next()).collect();
    let content_ids: Vec<Ref> = doc.pages.iter().map(|_| next()).collect();

    // Every glyph drawn gets its subset id first, in page order, so the subsets are the same on
    // any machine; then pages are encoded and compressed on every core.
    let mut used = UsedFonts::default();
    let mut images: HashMap<usize, (Ref, String)> = HashMap::new();
    for page in &doc.pages {
        for item in &page.items {
            match item {
                Placed::Text { line, .. } => {
                    // An outline is drawn from the font's own, not from the subset.
                    for run in line.runs.iter().filter(|r| r.style.paint != Paint::Outline) {
                        let face = run.style.face;
                        let record = used.face_mut(face);
                        if let Some(sp) = fonts.face(face).space {
                            record.add(fonts, face, sp, || Some(" "));
                        }
                        for g in &run.glyphs {
                            record.add(fonts, face, g.id, || texts.get(face, g.id));
                        }
                    }
                }
                Placed::Image { asset, .. } => {
                    if !images.contains_key(asset) {
                        images.insert(*asset, (next(), format!("Im{asset}")));
                    }
                }
                Placed::Reading { style, .. } => {
                    if let Some(sp) = fonts.face(style.face).space {
                        used.face_mut(style.face).add(fonts, style.face, sp, || Some(" "));
                    }
                }
                Placed::Rule { .. } => {}
            }
        }
    }
    let compressed = encode_pages(&doc.pages, &used, fonts, &images, cores);
    let font_refs = used.write(&mut pdf, fonts, &mut next)?;
    let mut image_list: Vec<(&usize, &(Ref, String))> = images.iter().collect();
    image_list.sort_by_key(|(k, _)| **k);
    for (asset, (id, _)) in &image_list {
        write_image(&mut pdf, book, **asset, *id, &mut next)?;
    }

    // Pages.
    let geo = doc.geometry;
    let (mw, mh) = geo.media();
    let b = geo.bleed.0 as f32;
    let media = Rect::new(0.0, 0.0, mw.0 as f32, mh.0 as f32);
    let trim = |page: usize| {
        let x = geo.trim_left(page).0 as f32;
        Rect::new(x, b, x + geo.width.0 as f32, b + geo.height.0 as f32)
    };
    let mut hasher = Fnv::default();
    for (i, page) in doc.pages.iter().enumerate() {
        hasher.feed(&compressed[i]);
        pdf.stream(content_ids[i], &compressed[i]).filter(Filter::FlateDecode);
        let links = if clean { &[][..] } else { &page.links[..] };
        let annots: Vec<Ref> = links.iter().map(|_| next()).collect();
        for (link, id) in links.iter().zip(&annots) {
            links::write(&mut pdf, link, *id, &page_ids, mh);
        }
        let mut p = pdf.page(page_ids[i]);
        p.media_box(media)
            .bleed_box(media)
            .trim_box(trim(i))
            .crop_box(media)
            .parent(page_tree)
            .contents(content_ids[i]);
        if !annots.is_empty() {
            p.annotations(annots.iter().copied());
        }
        let mut res = p.resources();
        let mut f = res.fonts();
        for (face, id) in &font_refs {
            f.pair(Name(UsedFonts::name(*face).as_bytes()), *id);
        }
        f.finish();
        let mut x = res.x_objects();
        for (_, (id, name)) in &image_list {
            x.pair(Name(name.as_bytes()), *id);
        }
        x.finish();
        res.finish();
        p.finish();
    }
    pdf.pages(page_tree).kids(page_ids.iter().copied()).count(page_ids.len() as i32);

    // Outline, nested: chapters of a part under it.
    let marks = if clean { &[][..] } else { &doc.outline[..] };
    let ids: Vec<Ref> = marks.iter().map(|_| next()).collect();
    let tree = outline::Tree::new(&marks.iter().map(|m| m.level).collect::<Vec<_>>());
    for (i, m) in marks.iter().enumerate() {
        let mut item = pdf.outline_item(ids[i]);
        item.title(TextStr(&crate::model::listed(&m.title)));
        item.parent(tree.parent[i].map_or(outline_root, |p| ids[p]));
        if let Some(p) = tree.prev[i] {
            item.prev(ids[p]);
        }
        if let Some(n) = tree.next[i] {
            item.next(ids[n]);
        }
        let children = &tree.children[i];
        if let (Some(&f), Some(&l)) = (children.first(), children.last()) {
            item.first(ids[f]).last(ids[l]).count(children.len() as i32);
        }
        if let Some(page) = page_ids.get(m.page) {
            item.dest().page(*page).xyz(0.0, m.top.map_or(mh, |t| t).0 as f32, None);
        }
    }
    let top = &tree.roots;
    if !clean {
        let mut outline = pdf.outline(outline_root);
        if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
            outline.first(ids[f]).last(ids[l]).count(top.len() as i32);
        }
        outline.finish();
    }

    // Page labels: i, ii, … for front matter; 1, 2, … from the first body page.
    let roman = next();
    let arabic = next();
    pdf.indirect(roman).start::<PageLabel>().style(NumberingStyle::LowerRoman);
    pdf.indirect(arabic).start::<PageLabel>().style(NumberingStyle::Arabic);

    let m = &book.metadata;
    let lang = m.lang.as_str().to_string();
    let mut cat = pdf.catalog(catalog);
    cat.pages(page_tree);
    if !clean {
        cat.outlines(outline_root).page_mode(PageMode::UseOutlines);
    }
    cat.lang(TextStr(&lang)).metadata(xmp);
    {
        let mut labels = cat.page_labels();
        let mut nums = labels.nums();
        if doc.body_start > 0 {
            nums.insert(0, roman);
        }
        nums.insert(doc.body_start.min(doc.pages.len().saturating_sub(1)) as i32, arabic);
    }
    cat.viewer_preferences().display_doc_title(true);
    cat.finish();

    let author = m.author_line().unwrap_or_default();
    let date = metadata::pdf_date(&m.modified);
    let mut inf = pdf.document_info(info);
    inf.title(TextStr(&m.title))
        .creator(TextStr("folio"))
        .producer(TextStr(concat!("folio ", env!("CARGO_PKG_VERSION"))));
    if !author.is_empty() {
        inf.author(TextStr(&author));
    }
    if let Some(d) = &m.description {
        inf.subject(TextStr(d));
    }
    if !m.subjects.is_empty() {
        inf.keywords(TextStr(&m.subjects.join(", ")));
    }
    if let Some(d) = date {
        inf.creation_date(d).modified_date(d);
    }
    inf.finish();
    let xml = metadata::xmp_packet(book);
    pdf.stream(xmp, xml.as_bytes())
        .pair(Name(b"Type"), Name(b"Metadata"))
        .pair(Name(b"Subtype"), Name(b"XML"));

    hasher.feed(m.title.as_bytes());
    let id = hasher.0.to_be_bytes().to_vec();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// Draws one run as a single TJ array, with the gaps between words as real spaces (so text
/// extraction finds words). Expansion spreads a justified line's glyphs by a share of each one's
/// advance; the run's typical share becomes its `Tc`, so inside a word the pen stays within a 250th
/// of an em of each glyph's computed place without a correction, and every word starts within a
/// twentieth of a thousandth of an em of its own. Corrections are rounded, and the rounding is
/// carried, not accumulated.
fn show_run(content: &mut Stream, used: &UsedFonts, fonts: &FontBook, run: &GlyphRun, x: Pt, y: Pt) {
    let Some(first) = run.glyphs.first() else { return };
    let size = run.style.size.0;
    let face = fonts.face(run.style.face);
    // Points per font unit, and units of a TJ correction (tenths of a thousandth of an em) per
    // point: multiplied by, not divided by, for every glyph (a division stalls the loop).
    let per_unit = size / f64::from(face.per_em);
    let tenths_per_pt = 10_000.0 / size;
    let ids = used.face(run.style.face);
    let advance = |g: u16| ids.map_or(0.0, |f| f64::from(f.advance(g)) * per_unit);
    let space = face.space;
    let space_adv = space.map_or(0.0, advance);
    let id = |gid: u16| ids.map_or(0, |f| f.id(gid));
    let wide = ids.is_none_or(|f| f.wide());
    let word_gap = size * 0.2;
    let tracking = {
        // Expansion gives each glyph a share proportional to its advance: the median share per
        // unit of advance (kerns, a minority, do not move it; a ragged line's is 0) times the
        // mean advance.
        let mut shares = [0.0f64; 128];
        let (mut n, mut advances) = (0, 0.0);
        for pair in run.glyphs.windows(2).take(shares.len()) {
            let own = advance(pair[0].id);
            let extra = (pair[1].x() - pair[0].x()).0 - own;
            // Word spaces are left to corrections.
            if own > 0.0 && extra.abs() < size * 0.05 {
                shares[n] = extra / own;
                advances += own;
                n += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            let (_, median, _) = shares[..n].select_nth_unstable_by(n / 2, f64::total_cmp);
            // Rounded as the stream writes it, so the pen below follows what readers will do.
            content::round(*median * advances / n as f64 * 1000.0) as f64 / 1000.0
        }
    };
    let origin = (x + first.x()).0;
    let rise = run.style.rise.0;
    content.begin_text(run.style.face.0, size, rise, tracking, origin, y.0);
    let mut pen = origin;
    // Moves the pen to `want` with a TJ correction, if one of at least a tenth of a unit is due.
    let correct = |content: &mut Stream, pen: &mut f64, want: f64| {
        let tenths = content::round((*pen - want) * tenths_per_pt);
        if tenths != 0 {
            content.adjust(tenths);
            *pen -= tenths as f64 / tenths_per_pt;
        }
    };
    let drift = size / 250.0;
    // Words holding a combining accent (Russian stress: за́мок) are spans whose ActualText is
    // the word: an accent drawn over its letter sits where the letter began, and text readers
    // (poppler's among them) take the pen's return after it for a gap, reading "за́ мок".
    let marks = ids.filter(|f| f.has_marks());
    let mut span_end = None;
    // Where the glyphs drawn so far end: a mark centred over a wide letter (Ю́) ends well before
    // its letter does, and the gap to the next letter is measured from the letter.
    let mut reach = f64::NEG_INFINITY;
    for (i, g) in run.glyphs.iter().enumerate() {
        let want = (x + g.x()).0;
        // A gap wider than a fifth of an em is a word space: draw a space glyph there.
        let after_space = want - pen.max(reach) > word_gap;
        if after_space && span_end.take().is_some() {
            content.end_span();
        }
        if after_space && let Some(sp) = space {
            // A word space sits on the run's baseline, after a raised accent too.
            content.rise(rise);
            content.glyph(id(sp), wide);
            pen += space_adv + tracking;
        }
        if let Some(f) = marks
            && span_end.is_none()
            && (i == 0 || after_space)
        {
            let mut ends = f64::NEG_INFINITY;
            let mut gap = |j: usize| {
                let a = &run.glyphs[j - 1];
                ends = ends.max(a.x().0 + advance(a.id) + tracking);
                run.glyphs[j].x().0 - ends > word_gap
            };
            let end = (i + 1..run.glyphs.len()).find(|&j| gap(j)).unwrap_or(run.glyphs.len());
            let word = &run.glyphs[i..end];
            if word.iter().any(|g| f.is_mark(g.id)) {
                let text: String = word.iter().map(|g| f.text(g.id)).collect();
                content.begin_span(&text);
                span_end = Some(end);
            }
        }
        if i == 0 || after_space || (pen - want).abs() > drift {
            correct(content, &mut pen, want);
        }
        // A mark the font raises (an accent over a capital) is drawn at its height.
        content.rise(rise + g.y().0);
        content.glyph(id(g.id), wide);
        pen += advance(g.id) + tracking;
        reach = reach.max(pen);
        if span_end == Some(i + 1) {
            span_end = None;
            content.end_span();
        }
    }
    content.end_text();
}

/// Text that reads across a width where nothing shows it: two word spaces, at the start and at
/// the end of the width, in a span whose ActualText is the text. Text readers (poppler's, Acrobat's)
/// spread the text over the span's glyphs, so it is read between the words around the width, and a
/// gap as wide as an image no longer parts the line's text into two columns.
fn show_reading(
    content: &mut Stream,
    used: &UsedFonts,
    fonts: &FontBook,
    (x, y, w): (Pt, Pt, Pt),
    style: &crate::typeset::Style,
    text: &str,
) {
    let (Some(sp), Some(ids)) = (fonts.face(style.face).space, used.face(style.face)) else { return };
    let size = style.size.0;
    let advance = f64::from(ids.advance(sp)) * size / f64::from(fonts.face(style.face).per_em);
    content.begin_text(style.face.0, size, 0.0, 0.0, x.0, y.0);
    content.begin_span(text);
    content.glyph(ids.id(sp), ids.wide());
    let gap = w.0 - 2.0 * advance;
    if gap > 0.0 {
        content.adjust(-content::round(gap * 10_000.0 / size));
        content.glyph(ids.id(sp), ids.wide());
    }
    content.end_span();
    content.end_text();
}

fn write_image(
    pdf: &mut Pdf,
    book: &Book,
    asset: usize,
    id: Ref,
    next: &mut dyn FnMut() -> Ref,
) -> Result<(), String> {
    let a = book.assets.get(asset).ok_or("an image the layout placed is missing")?;
    if let Some(v) = &a.vector {
        return write_vector(pdf, v, id, next).map_err(|e| format!("figure {}: {e}", a.source.display()));
    }
    let (w, h) = a.pixels;
    match a.format {
        ImageFormat::Jpeg => {
            let gray =
                image::load_from_memory(&a.bytes).map(|i| i.color().channel_count() == 1).unwrap_or(false);
            let mut x = pdf.image_xobject(id, &a.bytes);
            x.filter(Filter::DctDecode);
            x.width(w as i32).height(h as i32).bits_per_component(8);
            if gray {
                x.color_space().device_gray();
            } else {
                x.color_space().device_rgb();
            }
        }
        ImageFormat::Png => {
            let img = image::load_from_memory(&a.bytes)
                .map_err(|e| format!("image {}: {e}", a.source.display()))?;
            let rgba = img.to_rgba8();
            let rgb: Vec<u8> = rgba.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2]]).collect();
            let alpha: Vec<u8> = rgba.pixels().map(|p| p.0[3]).collect();
            let has_alpha = alpha.iter().any(|&v| v < 255);
            let mask = has_alpha.then(&mut *next);
            if let Some(mask) = mask {
                let data = deflate(&alpha);
                let mut s = pdf.image_xobject(mask, &data);
                s.filter(Filter::FlateDecode);
                s.width(w as i32).height(h as i32).bits_per_component(8);
                s.color_space().device_gray();
            }
            let data = deflate(&rgb);
            let mut x = pdf.image_xobject(id, &data);
            x.filter(Filter::FlateDecode);
            x.width(w as i32).height(h as i32).bits_per_component(8);
            x.color_space().device_rgb();
            if let Some(mask) = mask {
                x.s_mask(mask);
            }
        }
        // Made only from a vector figure, which went to `write_vector` above.
        ImageFormat::Svg => return Err(format!("image {}: an SVG without its page", a.source.display())),
    }
    Ok(())
}

/// A figure drawn as a PDF page: the page copied in as a Form XObject (hayro-write brings its
/// fonts, images and other resources along), drawn by one at `id` in the unit square, as an
/// image is, so that pages place both alike.
fn write_vector(pdf: &mut Pdf, v: &Vector, id: Ref, next: &mut dyn FnMut() -> Ref) -> Result<(), String> {
    let source = hayro_write::hayro_syntax::Pdf::new(v.pdf.clone()).map_err(|e| format!("{e:?}"))?;
    let query = [hayro_write::ExtractionQuery::new_xobject(0)];
    let extracted = hayro_write::extract(&source, Box::new(&mut *next), Default::default(), &query)
        .map_err(|e| format!("{e:?}"))?;
    let page = extracted.root_refs.first().and_then(|r| r.ok()).ok_or("its page could not be copied")?;
    pdf.extend(&extracted.chunk);
    // The scale goes in the form's matrix, at full precision: the content stream's numbers keep
    // three decimals, and 1/599 written as 0.002 drew a figure a fifth too large.
    let (w, h) = (v.size.0 as f32, v.size.1 as f32);
    let mut content = Stream::default();
    content.x_object("P");
    let data = content.finish();
    let mut form = pdf.form_xobject(id, &data);
    form.bbox(Rect::new(0.0, 0.0, w, h));
    form.matrix([1.0 / w, 0.0, 0.0, 1.0 / h, 0.0, 0.0]);
    form.resources().x_objects().pair(Name(b"P"), page);
    Ok(())
}

/// Each page's content stream, compressed; pages are shared out among `cores` threads.
fn encode_pages(
    pages: &[crate::layout::Page],
    used: &UsedFonts,
    fonts: &FontBook,
    images: &HashMap<usize, (Ref, String)>,
    cores: usize,
) -> Vec<Vec<u8>> {
    let encode = |part: &[crate::layout::Page]| -> Vec<Vec<u8>> {
        let mut z = Deflater::new();
        // One buffer for every page of the share: a page's text grew by doubling from empty.
        let mut buffer = Vec::new();
        part.iter()
            .map(|page| {
                buffer = page_stream(page, used, fonts, images, std::mem::take(&mut buffer));
                z.deflate(&buffer)
            })
            .collect()
    };
    let threads = cores.clamp(1, 8);
    if threads == 1 {
        return encode(pages);
    }
    let chunk = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = pages.chunks(chunk).map(|part| scope.spawn(move || encode(part))).collect();
        let mut out = Vec::with_capacity(pages.len());
        for (h, part) in handles.into_iter().zip(pages.chunks(chunk)) {
            // A thread that died is redone here rather than losing pages.
            out.extend(h.join().unwrap_or_else(|_| encode(part)));
        }
        out
    })
}

/// One page's content stream, written into `buffer` (emptied first).
fn page_stream(
    page: &crate::layout::Page,
    used: &UsedFonts,
    fonts: &FontBook,
    images: &HashMap<usize, (Ref, String)>,
    buffer: Vec<u8>,
) -> Vec<u8> {
    let mut content = Stream::reusing(buffer);
    for item in &page.items {
        match item {
            Placed::Text { x, y, line } => {
                for run in &line.runs {
                    if run.style.paint == Paint::Outline {
                        drawn::draw_run(&mut content, fonts, run, *x, *y);
                        continue;
                    }
                    content.hidden(run.style.paint == Paint::Hidden);
                    show_run(&mut content, used, fonts, run, *x, *y);
                }
            }
            Placed::Image { asset, x, y, w, h } => {
                if let Some((_, name)) = images.get(asset) {
                    content.save();
                    content.transform([w.0, 0.0, 0.0, h.0, x.0, y.0]);
                    content.x_object(name);
                    content.restore();
                }
            }
            Placed::Reading { x, y, w, style, text } => {
                show_reading(&mut content, used, fonts, (*x, *y, *w), style, text)
            }
            Placed::Rule { x, y, w, weight } => content.line(x.0, (*x + *w).0, y.0, weight.0),
        }
    }
    content.finish()
}

/// FNV-1a (over eight-byte words), for the file identifier: stable across runs and machines.
#[derive(Default)]
struct Fnv(u64);

impl Fnv {
    fn feed(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        // FNV's step on eight bytes at a time: the pages of a long novel are megabytes.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(0x0100_0000_01b3);
        }
        for b in words.remainder() {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
