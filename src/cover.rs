//! A typographic cover for books that bring none: title, subtitle and author set in the shipped
//! fonts on a plain field, rendered with `image` and `ab_glyph`. Deterministic: same metadata,
//! same bytes.

use std::io::Cursor;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{Rgb, RgbImage};

use crate::fonts::{self, FontFile, FontStyle};
use crate::model::{Asset, ImageFormat, Metadata};

/// Cover size in pixels: 1:1.6, what e-book stores ask for.
const WIDTH: u32 = 1600;
const HEIGHT: u32 = 2560;
const FIELD: Rgb<u8> = Rgb([28, 52, 71]);
const INK: Rgb<u8> = Rgb([244, 239, 228]);
const ACCENT: Rgb<u8> = Rgb([201, 162, 92]);

/// Renders the cover as a PNG asset.
pub fn generate(meta: &Metadata) -> Result<Asset, String> {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, FIELD);
    let serif_bold = face(&fonts::SERIF, FontStyle::Bold)?;
    let serif_italic = face(&fonts::SERIF, FontStyle::Italic)?;
    let sans = face(&fonts::SANS, FontStyle::Regular)?;
    // A frame inset from the edge, as on a cloth binding.
    frame(&mut img, 70, 4, ACCENT);
    frame(&mut img, 92, 1, ACCENT);

    let mut y = 620.0;
    let title_size = if meta.title.chars().count() > 40 { 132.0 } else { 160.0 };
    for line in wrap(&serif_bold, title_size, &meta.title, 1240.0) {
        draw_centered(&mut img, &serif_bold, title_size, &line, y, INK);
        y += title_size * 1.22;
    }
    if let Some(sub) = &meta.subtitle {
        y += 30.0;
        for line in wrap(&serif_italic, 84.0, sub, 1180.0) {
            draw_centered(&mut img, &serif_italic, 84.0, &line, y, INK);
            y += 84.0 * 1.3;
        }
    }
    // A short rule between title and author.
    let rule_y = (y + 90.0) as u32;
    for x in (WIDTH / 2 - 120)..(WIDTH / 2 + 120) {
        for t in 0..4 {
            img.put_pixel(x, rule_y + t, ACCENT);
        }
    }
    if let Some(author) = meta.author_line() {
        let mut ay = HEIGHT as f32 - 420.0;
        for line in wrap(&sans, 80.0, &author.to_uppercase(), 1240.0) {
            draw_centered(&mut img, &sans, 80.0, &line, ay, INK);
            ay += 80.0 * 1.3;
        }
    }
    let mut bytes = Vec::new();
    img.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).map_err(|e| e.to_string())?;
    Ok(Asset {
        source: "(generated cover)".into(),
        name: "cover.png".into(),
        bytes,
        format: ImageFormat::Png,
        pixels: (WIDTH, HEIGHT),
    })
}

fn face(family: &'static [FontFile], style: FontStyle) -> Result<FontRef<'static>, String> {
    let file = family.iter().find(|f| f.style == style).unwrap_or(&family[0]);
    FontRef::try_from_slice(file.bytes).map_err(|e| format!("font {}: {e}", file.file_name))
}

fn frame(img: &mut RgbImage, inset: u32, width: u32, color: Rgb<u8>) {
    for i in 0..width {
        let (l, t, r, b) = (inset + i, inset + i, WIDTH - inset - i - 1, HEIGHT - inset - i - 1);
        for x in l..=r {
            img.put_pixel(x, t, color);
            img.put_pixel(x, b, color);
        }
        for y in t..=b {
            img.put_pixel(l, y, color);
            img.put_pixel(r, y, color);
        }
    }
}

fn advance(font: &FontRef<'_>, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    width
}

/// Greedy wrapping is enough for a few words of display type.
fn wrap(font: &FontRef<'_>, size: f32, text: &str, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if advance(font, size, &candidate) > max && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn draw_centered(
    img: &mut RgbImage,
    font: &FontRef<'_>,
    size: f32,
    text: &str,
    baseline: f32,
    color: Rgb<u8>,
) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = (WIDTH as f32 - advance(font, size, text)) / 2.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(x, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if px >= 0 && py >= 0 && (px as u32) < WIDTH && (py as u32) < HEIGHT {
                    let p = img.get_pixel_mut(px as u32, py as u32);
                    for k in 0..3 {
                        let blended = f32::from(p.0[k]) * (1.0 - coverage) + f32::from(color.0[k]) * coverage;
                        p.0[k] = blended.round() as u8;
                    }
                }
            });
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
}
