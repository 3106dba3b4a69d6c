//! Figures drawn as vectors — PDF (what LaTeX authors, OmniGraffle and matplotlib export) or SVG
//! (Inkscape, draw.io): the page is kept for the print edition, which places it as vectors, and
//! drawn once here as a self-contained SVG for the EPUB, its text as outlines (reading systems
//! show no PDF, and an author's SVG may name fonts and files they do not have). PDF is read with
//! hayro, a PDF reader in safe Rust; an SVG is first made a one-page PDF by svg2pdf, and then goes
//! the same way. A drawing whose SVG would be too large for a reading system goes as a PNG.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{ImageFormat, Vector};

/// Largest side of a figure's page, in points (a metre and a half).
const MAX_SIDE_PT: f32 = 4_000.0;
/// Width of the EPUB's copy in pixels, at most: a reading system's full screen, twice over. An
/// SVG copy is given this size too, so that it shows as large as a PNG would.
const RASTER_WIDTH: f32 = 1_600.0;
/// Largest SVG given to reading systems: one drawing of a hundred thousand points would make an
/// e-reader crawl at every page turn, where its PNG is a few hundred kilobytes.
const MAX_SVG_BYTES: usize = 1 << 20;

/// A PDF figure read: its page kept as vectors, and its picture for reading systems.
pub struct PdfFigure {
    /// The page, for print.
    pub vector: Vector,
    /// The picture for reading systems: an SVG, or a PNG when the SVG would be too large.
    pub image: Vec<u8>,
    /// Which of the two `image` is.
    pub format: ImageFormat,
    /// Its width and height in pixels.
    pub pixels: (u32, u32),
}

/// Reads a figure drawn as vectors, with the number of pages a PDF holds (its first is the
/// figure); `None` when the bytes are neither PDF nor SVG.
pub fn read(bytes: &[u8]) -> Option<Result<(PdfFigure, usize), String>> {
    if bytes.starts_with(b"%PDF-") {
        Some(read_pdf(bytes))
    } else if is_svg(bytes) {
        Some(read_svg(bytes).map(|figure| (figure, 1)))
    } else {
        None
    }
}

/// Whether bytes are an SVG file: XML whose opening names an `<svg` element.
fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
        && head.contains("<svg")
}

/// Reads an SVG figure: made a one-page PDF, then read as one. Its text is set in the shipped
/// fonts only (the same on every machine), and it may show no file but those it holds.
fn read_svg(bytes: &[u8]) -> Result<PdfFigure, String> {
    std::panic::catch_unwind(|| {
        let mut fonts = svg2pdf::usvg::fontdb::Database::new();
        for f in crate::fonts::all() {
            fonts.load_font_data(f.bytes.to_vec());
        }
        fonts.set_serif_family("Noto Serif");
        fonts.set_sans_serif_family("Noto Sans");
        fonts.set_monospace_family("Noto Sans Mono");
        let mut options = svg2pdf::usvg::Options { font_family: "Noto Sans".into(), ..Default::default() };
        options.fontdb = Arc::new(fonts);
        // Images inside an SVG come from data URLs only: a path could name any file on the machine.
        options.image_href_resolver.resolve_string = Box::new(|_, _| None);
        let tree = svg2pdf::usvg::Tree::from_data(bytes, &options)
            .map_err(|e| format!("the SVG could not be read ({e})"))?;
        drawable(&tree)?;
        let page = svg2pdf::PageOptions { dpi: 96.0 };
        let pdf = svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
            .map_err(|e| format!("the SVG could not be drawn ({e})"))?;
        read_unguarded(&pdf).map(|(figure, _)| figure)
    })
    .unwrap_or_else(|_| Err("the SVG could not be read (its structure is damaged)".into()))
}

/// Most filter effects (blurs, shadows) an SVG figure may have, and the most pixels they may
/// cover together: svg2pdf draws each as a picture at 1.5 times the SVG's pixels, and a 189-byte
/// SVG blurring 20,000 pixels square took 9 GB (the fuzz audit). A drop shadow under an 800 ×
/// 600 drawing is a million.
const MAX_FILTERS: usize = 64;
const MAX_FILTER_PIXELS: f32 = 8_000_000.0;

/// Refuses an SVG whose page is too large, or whose filter effects too costly, before svg2pdf
/// draws it.
fn drawable(tree: &svg2pdf::usvg::Tree) -> Result<(), String> {
    let size = tree.size();
    // At 96 pixels to the inch, as svg2pdf is told below.
    let (w, h) = (size.width() * 0.75, size.height() * 0.75);
    if !(w >= 1.0 && h >= 1.0 && w <= MAX_SIDE_PT && h <= MAX_SIDE_PT) {
        return Err(format!(
            "its page is {w:.0} × {h:.0} pt; a figure's must be 1 to {MAX_SIDE_PT:.0} pt a side"
        ));
    }
    // Each group drawn with filters is a picture of its layer's box, as placed on the page
    // (a filter shared by a thousand elements is drawn a thousand times; one whose region
    // overhangs the canvas, or a group scaled up, is drawn at its full size).
    let (mut groups, mut covered) = (0usize, 0f32);
    let mut stack = vec![tree.root()];
    while let Some(group) = stack.pop() {
        let filters = group.filters().len();
        if filters > 0 {
            groups += filters;
            let placed = group.layer_bounding_box().transform(group.abs_transform());
            covered += placed.map_or(f32::INFINITY, |r| r.width() * r.height()) * 2.25 * filters as f32;
        }
        stack.extend(group.children().iter().filter_map(|n| match n {
            svg2pdf::usvg::Node::Group(g) => Some(g.as_ref()),
            _ => None,
        }));
    }
    if groups > MAX_FILTERS || covered > MAX_FILTER_PIXELS {
        return Err(format!(
            "its filter effects (blurs, shadows…: {groups}) would be drawn over {:.0} million pixels; \
             folio draws at most {MAX_FILTERS} over {:.0} million: export the figure as a PNG, or simplify its effects",
            covered / 1e6,
            MAX_FILTER_PIXELS / 1e6
        ));
    }
    Ok(())
}

/// Most drawing instructions a PDF figure's page may run, a form's (a drawing drawn by name)
/// counted each time it is drawn, and how deep forms may be drawn within each other: 2 KB of
/// forms eight deep, each drawing the next ten times, took a gigabyte and more than 30 s to
/// convert (the fuzz audit). A matplotlib scatter plot of 100,000 points runs to 300,000.
const MAX_DRAWING: u64 = 2_000_000;
const MAX_FORM_DEPTH: usize = 16;

/// Most bytes a figure's page contents, all its streams together, or one of its forms may
/// decode to: 64 MiB, over thirty a drawing instruction. A 750 KB page of deflated `re f`s
/// decodes to 300 MB, and was held whole (424 MB at its peak) before its instructions could be
/// counted; a deflated stream is now measured as it inflates, into nothing.
const MAX_DECODED: u64 = 64 << 20;

/// How many bytes a stream decodes to, if at most `room`. A stream stored as is or deflated
/// (what PDF writers make) is measured; a deflated one that does not inflate cleanly (which
/// the reader may still inflate, skipping what it cannot read), or another filter chain, is
/// taken at the most its filters could make of it.
fn decoded_size(stream: &hayro::hayro_syntax::object::Stream<'_>, room: u64) -> Option<u64> {
    use hayro::hayro_syntax::Filter;
    let raw = stream.raw_data();
    let filters = stream.filters();
    let measured = match filters.as_slice() {
        [] => Some(raw.len() as u64),
        [Filter::FlateDecode] => inflated_size(&raw, room),
        _ => None,
    };
    let size = measured.unwrap_or_else(|| {
        // The most each filter makes of a byte: deflate 1,032, LZW's longest code a few
        // thousand, run-length 64; an image's filter has no place in a drawing.
        let most = filters.iter().fold(1.0_f64, |most, f| {
            most * match f {
                Filter::AsciiHexDecode | Filter::Ascii85Decode | Filter::Crypt => 1.0,
                Filter::RunLengthDecode => 64.0,
                Filter::FlateDecode => 1_032.0,
                _ => 4_096.0,
            }
        });
        (raw.len() as f64 * most).min(u64::MAX as f64) as u64
    });
    (size <= room).then_some(size)
}

/// How many bytes deflated `raw` inflates to (zlib as the standard says, or the bare deflate
/// some writers leave), counting no further than past `room`; `None` if it does not inflate
/// to its end.
fn inflated_size(raw: &[u8], room: u64) -> Option<u64> {
    use std::io::Read;
    let count = |reader: &mut dyn Read| -> Option<u64> {
        let mut buf = vec![0u8; 1 << 16];
        let mut n = 0u64;
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Some(n),
                Ok(k) => n += k as u64,
                Err(_) => return None,
            }
            if n > room {
                return Some(n);
            }
        }
    };
    count(&mut flate2::read::ZlibDecoder::new(raw))
        .or_else(|| count(&mut flate2::read::DeflateDecoder::new(raw)))
}

/// The streams a page's contents are made of.
fn contents<'a>(page: &hayro::hayro_syntax::page::Page<'a>) -> Vec<hayro::hayro_syntax::object::Stream<'a>> {
    use hayro::hayro_syntax::object::{Array, Stream};
    let dict = page.raw();
    match (dict.get::<Stream<'a>>(b"Contents"), dict.get::<Array<'a>>(b"Contents")) {
        (Some(one), _) => vec![one],
        (None, Some(many)) => many.iter::<Stream<'a>>().collect(),
        (None, None) => Vec::new(),
    }
}

/// Whether a content stream, with the forms it draws, stays within the `budget` of
/// instructions left (which it spends).
fn drawing_within(
    data: &[u8],
    resources: &hayro::hayro_syntax::page::Resources<'_>,
    depth: usize,
    budget: &mut u64,
    measured: &mut HashMap<hayro::hayro_syntax::object::ObjectIdentifier, bool>,
) -> bool {
    use hayro::hayro_syntax::content::TypedIter;
    use hayro::hayro_syntax::content::ops::TypedInstruction;
    use hayro::hayro_syntax::object::{Dict, Name};
    if depth > MAX_FORM_DEPTH {
        return false;
    }
    let mut ops = TypedIter::new(data);
    while let Some(op) = ops.next() {
        let Some(left) = budget.checked_sub(1) else { return false };
        *budget = left;
        let TypedInstruction::XObject(x) = op else { continue };
        let Some(form) = resources.get_x_object(x.0) else { continue };
        if form.dict().get::<Name<'_>>(b"Subtype").is_none_or(|n| n.as_ref() != b"Form") {
            continue;
        }
        let own = form.dict().get::<Dict<'_>>(b"Resources").map(hayro::hayro_syntax::page::Resources::new);
        // Measured once, however often it is drawn.
        if !*measured.entry(form.obj_id()).or_insert_with(|| decoded_size(&form, MAX_DECODED).is_some()) {
            return false;
        }
        let Ok(inner) = form.decoded() else { continue };
        // Decoding it again each time it is drawn costs too: a form of megabytes of spaces.
        let Some(left) = budget.checked_sub(inner.len() as u64 / 16) else { return false };
        *budget = left;
        if !drawing_within(&inner, own.as_ref().unwrap_or(resources), depth + 1, budget, measured) {
            return false;
        }
    }
    true
}

/// Reads a PDF figure: its first page, and how many it has.
fn read_pdf(bytes: &[u8]) -> Result<(PdfFigure, usize), String> {
    // A reader of untrusted files may fail in ways it did not foresee: that is this figure's
    // error, not the end of the build.
    std::panic::catch_unwind(|| read_unguarded(bytes))
        .unwrap_or_else(|_| Err("the PDF could not be read (its structure is damaged)".into()))
}

fn read_unguarded(bytes: &[u8]) -> Result<(PdfFigure, usize), String> {
    let pdf = hayro::hayro_syntax::Pdf::new(bytes.to_vec())
        .map_err(|e| format!("the PDF could not be read ({e:?})"))?;
    let pages = pdf.pages();
    let page = pages.first().ok_or("the PDF has no page")?;
    let (w, h) = page.render_dimensions();
    if !(w >= 1.0 && h >= 1.0 && w <= MAX_SIDE_PT && h <= MAX_SIDE_PT) {
        return Err(format!(
            "its page is {w:.0} × {h:.0} pt; a figure's must be 1 to {MAX_SIDE_PT:.0} pt a side"
        ));
    }
    let mut budget = MAX_DRAWING;
    // Its streams together, as the reader joins them: one listed a hundred times is read so.
    let mut room = Some(MAX_DECODED);
    for stream in contents(page) {
        room = room.and_then(|left| decoded_size(&stream, left).map(|size| left - size));
    }
    if room.is_none() {
        return Err(format!(
            "its page's drawing decodes to more than {} MiB, or is compressed in a way folio cannot \
             measure: export the figure as a PNG, or flatten it",
            MAX_DECODED >> 20
        ));
    }
    let mut measured = HashMap::new();
    if !drawing_within(
        page.page_stream().unwrap_or_default(),
        page.resources(),
        0,
        &mut budget,
        &mut measured,
    ) {
        return Err(format!(
            "its drawing runs to more than {} million instructions, counting each form as often as \
             it is drawn, or draws forms more than {MAX_FORM_DEPTH} deep within each other: export \
             the figure as a PNG, or flatten it",
            MAX_DRAWING / 1_000_000
        ));
    }
    let vector = Vector { pdf: bytes.to_vec().into(), size: (f64::from(w), f64::from(h)) };
    let scale = (RASTER_WIDTH / w).clamp(1.0, 4.0);
    let pixels = ((w * scale).round() as u32, (h * scale).round() as u32);
    let white = [255, 255, 255, 255];
    let svg = hayro_svg::convert(
        page,
        &hayro_svg::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro_svg::SvgRenderSettings { bg_color: white },
    );
    if svg.len() <= MAX_SVG_BYTES {
        // Shown at the PNG's size, not the page's: reading systems scale both to the screen.
        let size = format!("width=\"{w}\" height=\"{h}\"");
        let image = svg.replacen(&size, &format!("width=\"{}\" height=\"{}\"", pixels.0, pixels.1), 1);
        return Ok((
            PdfFigure { vector, image: image.into_bytes(), format: ImageFormat::Svg, pixels },
            pages.len(),
        ));
    }
    let settings = hayro::PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
    };
    let pixmap = hayro::render(
        page,
        &hayro::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &settings,
    );
    let pixels = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let png = pixmap.into_png().map_err(|e| format!("its picture for the EPUB could not be made ({e})"))?;
    Ok((PdfFigure { vector, image: png, format: ImageFormat::Png, pixels }, pages.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square SVG of `side` pixels, blurred all over.
    fn blurred(side: u32) -> Vec<u8> {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{side}\" height=\"{side}\">\
             <filter id=\"b\"><feGaussianBlur stdDeviation=\"3\"/></filter>\
             <rect width=\"{side}\" height=\"{side}\" filter=\"url(#b)\"/></svg>"
        )
        .into_bytes()
    }

    /// A one-page PDF whose page draws a form ten times, which draws the next ten times, `depth`
    /// forms deep, the last a small square.
    fn nested_forms(depth: i32) -> Vec<u8> {
        use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
        let mut pdf = Pdf::new();
        let (catalog, pages, page) = (Ref::new(1), Ref::new(2), Ref::new(3));
        let (contents, form) = (Ref::new(4), |k: i32| Ref::new(10 + k));
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).kids([page]).count(1);
        let draw_ten = |name: &[u8]| {
            let mut c = Content::new();
            for _ in 0..10 {
                c.x_object(Name(name));
            }
            c.finish()
        };
        let mut p = pdf.page(page);
        p.parent(pages).media_box(Rect::new(0.0, 0.0, 100.0, 100.0)).contents(contents);
        p.resources().x_objects().pair(Name(b"F0"), form(0));
        p.finish();
        pdf.stream(contents, &draw_ten(b"F0"));
        for k in 0..depth {
            let last = k + 1 == depth;
            let data = if last {
                let mut c = Content::new();
                c.rect(10.0, 10.0, 5.0, 5.0).fill_nonzero();
                c.finish()
            } else {
                draw_ten(b"F")
            };
            let mut f = pdf.form_xobject(form(k), &data);
            f.bbox(Rect::new(0.0, 0.0, 100.0, 100.0));
            if !last {
                f.resources().x_objects().pair(Name(b"F"), form(k + 1));
            }
            f.finish();
        }
        pdf.finish()
    }

    #[test]
    fn a_pdf_figures_forms_drawn_within_each_other_are_counted_and_refused_past_a_budget() {
        // The fuzz audit's 2 KB file of forms eight deep took a gigabyte and more than 30 s.
        assert!(read(&nested_forms(3)).expect("a PDF").is_ok(), "a thousand squares are drawn");
        let err = read(&nested_forms(8)).expect("a PDF").err().unwrap_or_default();
        assert!(err.contains("million instructions"), "{err}");
    }

    /// A one-page PDF whose contents are `data` deflated, `mend`ed (its bytes changed, its
    /// filters named), the stream listed `copies` times.
    fn deflated_page(
        data: &mut dyn FnMut(&mut dyn std::io::Write),
        mend: &dyn Fn(Vec<u8>) -> (Vec<u8>, Vec<pdf_writer::Name<'static>>),
        copies: usize,
    ) -> Vec<u8> {
        use pdf_writer::{Finish, Name, Pdf, Rect, Ref};
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        data(&mut z);
        let (packed, filters) = mend(z.finish().expect("deflated"));
        let mut pdf = Pdf::new();
        let (catalog, pages, page, contents) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).kids([page]).count(1);
        let mut p = pdf.page(page);
        p.parent(pages).media_box(Rect::new(0.0, 0.0, 100.0, 100.0));
        p.insert(Name(b"Contents")).array().items(std::iter::repeat_n(contents, copies));
        p.finish();
        let mut stream = pdf.stream(contents, &packed);
        stream.insert(Name(b"Filter")).array().items(filters);
        stream.finish();
        pdf.finish()
    }

    /// Writes a rectangle, then a comment of `mib` MiB: one drawing instruction.
    fn comment(mib: usize) -> impl FnMut(&mut dyn std::io::Write) {
        move |w: &mut dyn std::io::Write| {
            w.write_all(b"0 0 10 10 re f\n%").expect("written");
            let line = vec![b'x'; 1 << 20];
            for _ in 0..mib {
                w.write_all(&line).expect("written");
            }
            w.write_all(b"\n").expect("written");
        }
    }

    #[test]
    fn a_pdf_figures_deflated_page_is_measured_as_it_inflates_and_refused_past_a_budget() {
        use pdf_writer::Name;
        let flate = |packed: Vec<u8>| (packed, vec![Name(b"FlateDecode")]);
        let read_err = |pdf: &[u8]| read(pdf).expect("a PDF").err().unwrap_or_default();
        // 65 MiB of comment, no instruction in it: it had been inflated whole and counted as
        // nothing (the fuzz audit's 300 MB of squares peaked at 424 MB before being refused).
        let err = read_err(&deflated_page(&mut comment(65), &flate, 1));
        assert!(err.contains("decodes to more than 64 MiB"), "{err}");
        assert!(read(&deflated_page(&mut comment(0), &flate, 1)).expect("a PDF").is_ok());
        // Ten MiB is drawn; listed eight times, it is read as eighty.
        assert!(read(&deflated_page(&mut comment(10), &flate, 1)).expect("a PDF").is_ok());
        assert!(read_err(&deflated_page(&mut comment(10), &flate, 8)).contains("64 MiB"));
        // Behind another filter, or with a header zlib refuses (which the reader still
        // inflates), it is taken at the most deflate makes of its bytes.
        let hex = |packed: Vec<u8>| {
            let hex: Vec<u8> = packed.iter().flat_map(|b| format!("{b:02x}").into_bytes()).collect();
            (hex, vec![Name(b"ASCIIHexDecode"), Name(b"FlateDecode")])
        };
        assert!(read_err(&deflated_page(&mut comment(65), &hex, 1)).contains("64 MiB"));
        let bad_header = |mut packed: Vec<u8>| {
            packed[..2].copy_from_slice(&[0x88, 0x1d]);
            (packed, vec![Name(b"FlateDecode")])
        };
        assert!(read_err(&deflated_page(&mut comment(100), &bad_header, 1)).contains("64 MiB"));
    }

    #[test]
    fn an_svgs_filter_effects_are_drawn_within_a_budget_and_refused_beyond_it() {
        // A shadow under a small drawing is drawn; the fuzz audit's 5,000-pixel blur, inside the
        // page size allowed, ran out of time and memory.
        let small = read(&blurred(400)).expect("an SVG");
        assert!(small.is_ok(), "{:?}", small.err());
        let large = read(&blurred(5000)).expect("an SVG").err().unwrap_or_default();
        assert!(large.contains("filter effects"), "{large}");
        // A small canvas whose filter overhangs it, and one filter shared by many elements.
        let overhang = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">\
            <filter id=\"b\" filterUnits=\"userSpaceOnUse\" x=\"-10000\" y=\"-10000\" width=\"20000\" \
            height=\"20000\"><feGaussianBlur stdDeviation=\"3\"/></filter>\
            <rect width=\"10\" height=\"10\" filter=\"url(#b)\"/></svg>";
        let err = read(overhang.as_bytes()).expect("an SVG").err().unwrap_or_default();
        assert!(err.contains("filter effects"), "{err}");
        let shared: String = (0..100)
            .map(|i| format!("<rect x=\"{i}\" width=\"5\" height=\"5\" filter=\"url(#b)\"/>"))
            .collect();
        let shared = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\">\
             <filter id=\"b\"><feGaussianBlur stdDeviation=\"1\"/></filter>{shared}</svg>"
        );
        let err = read(shared.as_bytes()).expect("an SVG").err().unwrap_or_default();
        assert!(err.contains("filter effects (blurs, shadows…: 100)"), "{err}");
        let page = read(&blurred(20_000)).expect("an SVG").err().unwrap_or_default();
        assert!(page.contains("a figure's must be 1 to 4000 pt"), "{page}");
    }
}
