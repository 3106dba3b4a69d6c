//! Helpers shared by the integration tests: run the real binary, open the EPUB it wrote.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `folio` with arguments in `dir`, with a fixed SOURCE_DATE_EPOCH unset.
pub fn folio(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the folio binary runs")
}

/// Everything printed to stderr.
/// Builds a Markdown book written as `file` into an EPUB and reads it back; the build must
/// succeed.
pub fn epub_of(file: &str, markdown: &str) -> Epub {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join(file), markdown);
    let out = folio(tmp.path(), &["build", file, "-o", "out", "--epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = std::fs::read_dir(tmp.path().join("out")).unwrap().filter_map(Result::ok);
    let epub = built.map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "epub"));
    Epub::open(&epub.expect("an EPUB is written"))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An unpacked EPUB: entry names in archive order and their bytes.
pub struct Epub {
    pub order: Vec<String>,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    pub fn open(path: &Path) -> Epub {
        Epub::open_bytes(std::fs::read(path).expect("EPUB exists"))
    }

    pub fn open_bytes(bytes: Vec<u8>) -> Epub {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("EPUB is a zip");
        let mut order = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry reads");
            let name = f.name().expect("entry name").to_string();
            order.push(name.clone());
            files.insert(name, data);
        }
        Epub { order, files }
    }

    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.files.get(name).unwrap_or_else(|| panic!("{name} in EPUB")).clone())
            .expect("UTF-8")
    }

    /// Content documents in spine order, read from the OPF.
    pub fn spine(&self) -> Vec<String> {
        let opf = self.text("OEBPS/content.opf");
        let doc = roxmltree::Document::parse(&opf).expect("OPF is XML");
        let items: BTreeMap<String, String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|n| {
                (n.attribute("id").unwrap_or("").to_string(), n.attribute("href").unwrap_or("").to_string())
            })
            .collect();
        doc.descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .map(|n| format!("OEBPS/{}", items[n.attribute("idref").unwrap_or("")]))
            .collect()
    }

    /// The visible text of every content document, in reading order, paragraphs on their own lines.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for name in self.spine() {
            let xhtml = self.text(&name);
            let doc = parse(&xhtml);
            collect_text(doc.root(), &mut out);
        }
        out
    }
}

/// Parses XHTML (which carries a DOCTYPE); panics with the error for the test to report.
pub fn parse(xml: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(xml, opts).unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

fn collect_text(node: roxmltree::Node<'_, '_>, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
        } else if child.is_element() {
            let block =
                matches!(child.tag_name().name(), "p" | "h1" | "h2" | "h3" | "li" | "title" | "dt" | "dd");
            if child.tag_name().name() == "title" {
                continue;
            }
            collect_text(child, out);
            if block {
                out.push('\n');
            }
        }
    }
}

/// Writes a file, creating folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Every file below a folder, relative, sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(
                    files_below(&p).into_iter().map(|f| format!("{}/{f}", e.file_name().to_string_lossy())),
                );
            } else {
                out.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// Glyph ids and advances rustybuzz gives a text in a font.
pub fn shape(font: &[u8], text: &str) -> Vec<(u32, i32)> {
    let face = rustybuzz::Face::from_slice(font, 0).expect("a font rustybuzz reads");
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let out = rustybuzz::shape(&face, &[], buffer);
    out.glyph_infos().iter().zip(out.glyph_positions()).map(|(i, p)| (i.glyph_id, p.x_advance)).collect()
}

/// A glyph's outline bounds in a font (`None`: the glyph draws nothing).
pub fn outline(font: &[u8], glyph: u32) -> Option<rustybuzz::ttf_parser::Rect> {
    struct Nothing;
    impl rustybuzz::ttf_parser::OutlineBuilder for Nothing {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    let face = rustybuzz::ttf_parser::Face::parse(font, 0).expect("a font ttf-parser reads");
    face.outline_glyph(rustybuzz::ttf_parser::GlyphId(glyph as u16), &mut Nothing)
}

/// What a glyph with no entry in its font's ToUnicode map reads back as here, so a test sees it
/// (text extractors drop it, or guess).
pub const UNMAPPED: char = '\u{E000}';

/// A PDF's text as an extractor reads it, page after page: each glyph's text from its font's
/// ToUnicode map (an unmapped glyph as [`UNMAPPED`]), a span's ActualText in place of the glyphs
/// inside it, and a line break wherever the baseline moves by more than 2 pt. Read with hayro,
/// a reader folio does not write with, so the test does not take the writer's word for it.
pub fn pdf_text(pdf: &[u8]) -> String {
    use hayro::hayro_interpret::kurbo::{Affine, Rect};
    use hayro::hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
    let pdf = hayro::hayro_syntax::Pdf::new(pdf.to_vec()).expect("the PDF parses");
    let mut reader = TextReader::default();
    for page in pdf.pages().iter() {
        let cache = InterpreterCache::new();
        let (w, h) = page.render_dimensions();
        let bbox = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let mut context =
            Context::new(Affine::IDENTITY, bbox, &cache, page.xref(), InterpreterSettings::default());
        interpret_page(page, &mut context, &mut reader);
        reader.text.push('\n');
        reader.baseline = None;
    }
    reader.text
}

/// The device [`pdf_text`] reads glyphs with.
#[derive(Default)]
struct TextReader {
    text: String,
    /// Open marked-content sequences: whether each has ActualText.
    spans: Vec<bool>,
    /// The last glyph's baseline.
    baseline: Option<f64>,
}

impl<'a> hayro::hayro_interpret::Device<'a> for TextReader {
    fn draw_path(
        &mut self,
        _: &hayro::hayro_interpret::kurbo::BezPath,
        _: hayro::hayro_interpret::DrawProps<'a>,
        _: &hayro::hayro_interpret::DrawMode,
    ) {
    }
    fn push_clip_path(&mut self, _: &hayro::hayro_interpret::ClipPath) {}
    fn push_transparency_group(
        &mut self,
        _: f32,
        _: Option<hayro::hayro_interpret::SoftMask<'a>>,
        _: hayro::hayro_interpret::BlendMode,
    ) {
    }
    fn draw_glyph_run(
        &mut self,
        run: &hayro::hayro_interpret::font::GlyphRun<'_, 'a>,
        props: hayro::hayro_interpret::DrawProps<'a>,
        _: &hayro::hayro_interpret::DrawMode,
    ) {
        use hayro::hayro_interpret::hayro_cmap::BfString;
        for glyph in run.glyphs() {
            let y = (props.transform * glyph.transform()).translation().y;
            if self.baseline.is_some_and(|b| (b - y).abs() > 2.0) {
                self.text.push('\n');
            }
            self.baseline = Some(y);
            if self.spans.contains(&true) {
                continue;
            }
            match glyph.as_unicode() {
                Some(BfString::Char(c)) => self.text.push(c),
                Some(BfString::String(s)) => self.text.push_str(&s),
                None => self.text.push(UNMAPPED),
            }
        }
    }
    fn draw_image(
        &mut self,
        _: hayro::hayro_interpret::Image<'a, '_>,
        _: hayro::hayro_interpret::ImageDrawProps<'a>,
    ) {
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
    fn begin_marked_content(&mut self, _: &[u8], properties: Option<&hayro::hayro_syntax::object::Dict<'_>>) {
        let actual = properties.and_then(|p| p.get::<hayro::hayro_syntax::object::String<'_>>(b"ActualText"));
        if let Some(actual) = &actual
            && !self.spans.contains(&true)
        {
            let bytes = actual.as_bytes();
            let units: Vec<u16> = match bytes.strip_prefix(&[0xFE, 0xFF]) {
                Some(be) => {
                    be.chunks(2).map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])).collect()
                }
                None => bytes.iter().map(|&b| u16::from(b)).collect(),
            };
            self.text.push_str(&String::from_utf16_lossy(&units));
        }
        self.spans.push(actual.is_some());
    }
    fn end_marked_content(&mut self) {
        self.spans.pop();
    }
}
