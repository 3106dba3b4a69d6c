//! Reading and checking images: the format sniffed from the bytes, the declared size checked before
//! anything is decoded (so a decompression bomb costs nothing), then a full decode to catch
//! corruption. Formats readers cannot show, and oversized images, are converted.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;

use image::{ImageReader, Limits};

use super::source::{Resolved, read_limited};
use super::unique::Unique;
use super::vector;
use crate::diag::{Diagnostics, Location};
use crate::model::{Asset, AssetId, ImageFormat, Input};

/// Largest image file read.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest side an image may declare.
const MAX_SIDE: u32 = 20_000;
/// Most pixels an image may declare (a 600 dpi full-page bleed image is about 35 million).
const MAX_PIXELS: u64 = 60_000_000;
/// Longest side kept as it is; larger images are scaled down for e-readers.
const MAX_KEPT_SIDE: u32 = 4_096;

/// The images of one book, each read once.
#[derive(Debug, Default)]
pub struct Images {
    assets: Vec<Asset>,
    /// Each file read, by its real path: the asset made of it and the SHA-256 of what was read.
    by_path: HashMap<PathBuf, (AssetId, String)>,
    /// The file names the assets take in the EPUB, each once.
    names: Unique,
    /// The image files read, as the book names them, with what was read.
    inputs: Vec<Input>,
}

impl Images {
    /// The assets, in the order first used, and the files they were read from.
    pub fn into_parts(self) -> (Vec<Asset>, Vec<Input>) {
        (self.assets, self.inputs)
    }

    /// Adds an asset made by folio itself (the generated cover).
    pub fn add(&mut self, mut asset: Asset) -> AssetId {
        asset.name = self.unique_name(&asset.name);
        self.assets.push(asset);
        AssetId(self.assets.len() - 1)
    }

    /// Reads an image at a resolved path; errors name the image and where it was referenced.
    pub fn load(
        &mut self,
        file: &Resolved,
        referenced: Location,
        diags: &mut Diagnostics,
    ) -> Option<AssetId> {
        let path = file.real.as_path();
        if let Some((id, sha256)) = self.by_path.get(path) {
            // Another name for a file already read (a link) is an input of its own: pointed
            // elsewhere, it is a change.
            self.inputs.push(Input {
                path: file.named.clone(),
                real: file.real.clone(),
                sha256: sha256.clone(),
            });
            return Some(*id);
        }
        let shown = path.display().to_string();
        let mut fail = |msg: String, hint: &str| {
            diags.error(Some(referenced.clone()), format!("image {shown}: {msg}")).help(hint);
            None::<AssetId>
        };
        let bytes = match read_limited(path, MAX_FILE_BYTES) {
            Ok(b) => b,
            Err(e) => return fail(e, "check the path; it is relative to the file that names it"),
        };
        let sha256 = crate::stamp::sha256_hex(&bytes);
        self.inputs.push(Input { path: file.named.clone(), real: file.real.clone(), sha256: sha256.clone() });
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("image");
        // A drawing (PDF, SVG) keeps its vectors for print and shows readers an SVG of itself.
        let (bytes, format, pixels, vector) = match vector::read(&bytes) {
            Some(Err(e)) => return fail(e, "export the figure again as PDF, SVG or PNG"),
            Some(Ok((figure, pages))) => {
                if pages > 1 {
                    diags
                        .warning(
                            Some(referenced),
                            format!("image {shown}: a PDF of {pages} pages; its first is the figure"),
                        )
                        .help("export the figure alone, one page to a file");
                }
                (figure.image, figure.format, figure.pixels, Some(figure.vector))
            }
            None => match check(&bytes) {
                Err(e) => return fail(e, "export the image again as JPEG or PNG"),
                Ok((_, pixels, Some((converted, format)))) => (converted, format, pixels, None),
                Ok((format, pixels, None)) => (bytes, format, pixels, None),
            },
        };
        let name = self.unique_name(&format!("{}.{}", ascii_name(stem), format.extension()));
        self.assets.push(Asset {
            source: path.to_path_buf(),
            name,
            bytes: bytes.into(),
            format,
            pixels,
            vector,
        });
        let id = AssetId(self.assets.len() - 1);
        self.by_path.insert(path.to_path_buf(), (id, sha256));
        Some(id)
    }

    fn unique_name(&mut self, wanted: &str) -> String {
        let (stem, ext) = wanted.rsplit_once('.').unwrap_or((wanted, "bin"));
        self.names.copy(wanted, 2, |k| format!("{stem}-{k}.{ext}"))
    }
}

/// Checks an image; returns its format, size, and a converted copy when it needs one.
type Checked = (ImageFormat, (u32, u32), Option<(Vec<u8>, ImageFormat)>);

fn check(bytes: &[u8]) -> Result<Checked, String> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let Some(sniffed) = reader.format() else {
        return Err("not an image format folio reads (JPEG, PNG, GIF, WebP, BMP, PDF, SVG)".into());
    };
    let (w, h) = reader.into_dimensions().map_err(|e| format!("cannot read its size: {e}"))?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "it declares {w}×{h} pixels, beyond the {MAX_SIDE}-pixel side or {MAX_PIXELS}-pixel limit; refused before decoding"
        ));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (1 << 20));
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        // A 16-bit image of many pixels needs twice an 8-bit one's memory: that is its size,
        // not damage.
        image::ImageError::Limits(_) => format!(
            "decoded, its {w}×{h} pixels would need more than the {} MB folio gives an image: \
             save it with fewer pixels (or with 8 bits a channel, if it has 16)",
            (MAX_PIXELS * 4 + (1 << 20)) >> 20
        ),
        e => format!("the file is damaged or truncated ({e})"),
    })?;
    // The JPEG decoder fills a cut-short scan with grey and reports nothing; the print edition
    // would then carry the broken data (qpdf: "invalid JPEG data").
    if sniffed == image::ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err(
            "the JPEG file is cut short (its data stops before its end marker): export or copy it again"
                .into(),
        );
    }
    let native = match sniffed {
        image::ImageFormat::Jpeg => Some(ImageFormat::Jpeg),
        image::ImageFormat::Png => Some(ImageFormat::Png),
        _ => None,
    };
    if let Some(f) = native
        && w.max(h) <= MAX_KEPT_SIDE
    {
        return Ok((f, (w, h), None));
    }
    let scaled =
        if w.max(h) > MAX_KEPT_SIDE { decoded.thumbnail(MAX_KEPT_SIDE, MAX_KEPT_SIDE) } else { decoded };
    let (sw, sh) = (scaled.width(), scaled.height());
    let mut out = Vec::new();
    let format = if scaled.color().has_alpha() {
        scaled.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).map_err(|e| e.to_string())?;
        ImageFormat::Png
    } else {
        let rgb = scaled.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&rgb)
            .map_err(|e| e.to_string())?;
        ImageFormat::Jpeg
    };
    Ok((format, (sw, sh), Some((out, format))))
}

/// Whether a JPEG's segments and scans run whole to its end marker: walked segment by segment,
/// each scan to the first marker that is not a stuffed byte or a restart. Data a phone appends
/// after the end marker (a motion photo's video) is not looked at.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    loop {
        // Fill bytes, and stray bytes decoders skip (libjpeg: "extraneous bytes before
        // marker"), may stand before a marker.
        let Some(at) = bytes
            .get(i..)
            .and_then(|rest| rest.windows(2).position(|w| w[0] == 0xFF && !matches!(w[1], 0x00 | 0xFF)))
        else {
            return false;
        };
        i += at;
        let marker = bytes[i + 1];
        i += 2;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = bytes.get(i..i + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else {
            return false;
        };
        i += len;
        if marker == 0xDA {
            // The entropy-coded scan: up to the first FF not followed by 00 or a restart marker.
            loop {
                let Some(at) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) else {
                    return false;
                };
                i += at;
                match bytes.get(i + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7) => i += 2,
                    Some(0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

/// An ASCII file stem: letters, digits, hyphens.
fn ascii_name(stem: &str) -> String {
    let s: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "image".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photograph-like JPEG of 64 × 48 pixels, progressive or not as the encoder makes it.
    fn jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x ^ y) * 3) as u8])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
        out
    }

    #[test]
    fn a_jpeg_cut_short_is_refused_and_one_with_data_after_its_end_is_not() {
        let whole = jpeg();
        assert!(check(&whole).is_ok());
        for cut in [whole.len() / 2, whole.len() - 2, whole.len() - 1] {
            let err = check(&whole[..cut]).err().unwrap_or_default();
            assert!(err.contains("cut short") || err.contains("damaged"), "cut at {cut}: {err:?}");
        }
        // Stray bytes before a marker, which decoders skip.
        let mut stray = whole[..2].to_vec();
        stray.extend_from_slice(&[0x00, 0x12]);
        stray.extend_from_slice(&whole[2..]);
        assert!(jpeg_complete(&stray), "stray bytes after the start marker");
        // A motion photo: a video after the end marker, whose bytes may look like anything.
        let mut motion = whole.clone();
        motion.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x10, 0xFF, 0x00, 1, 2, 3]);
        assert!(check(&motion).is_ok());
    }
}
