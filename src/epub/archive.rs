//! The EPUB container: a zip whose first entry is the uncompressed `mimetype`, every entry stamped
//! with the same fixed time so the archive depends on its content alone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex, OnceLock};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The shipped fonts, compressed once per process: every book of a catalogue embeds the same
/// files, and deflating 2 MB of font was a fifth of a short book's build. Keyed by entry name,
/// each holding the font it was made from, so only identical bytes reuse it.
static COMPRESSED_FONTS: OnceLock<Mutex<FontZips>> = OnceLock::new();

/// Entry name → (the shipped font, a one-entry zip of it).
type FontZips = HashMap<String, (&'static [u8], Arc<[u8]>)>;

/// Packs the entries in the order given, after `mimetype`.
pub fn zip(entries: &[(String, Cow<'_, [u8]>)]) -> Result<Vec<u8>, String> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let fixed = SimpleFileOptions::default().last_modified_time(DateTime::default()).unix_permissions(0o644);
    let stored = fixed.compression_method(CompressionMethod::Stored);
    // Text: level 3 is within 0.2% of level 6's size on a novel, at a fraction of its time.
    let deflated = fixed.compression_method(CompressionMethod::Deflated).compression_level(Some(3));
    // Fonts are most of the bytes and compress little better at high levels: keep builds fast.
    let fast = fixed.compression_method(CompressionMethod::Deflated).compression_level(Some(1));
    let err = |e: &dyn std::fmt::Display| format!("writing the EPUB archive: {e}");
    w.start_file("mimetype", stored).map_err(|e| err(&e))?;
    w.write_all(b"application/epub+zip").map_err(|e| err(&e))?;
    for (name, bytes) in entries {
        // Images are compressed already; deflating them again only costs time.
        let opts = if name.ends_with(".jpg") || name.ends_with(".png") {
            stored
        } else if name.ends_with(".ttf") || name.ends_with(".otf") {
            fast
        } else {
            deflated
        };
        if opts == fast
            && let Some(one) = shipped_font_entry(name, bytes, fast)
        {
            let mut single = ZipArchive::new(Cursor::new(&one[..])).map_err(|e| err(&e))?;
            let entry = single.by_index_raw(0).map_err(|e| err(&e))?;
            w.raw_copy_file(entry).map_err(|e| err(&e))?;
            continue;
        }
        w.start_file(name.as_str(), opts).map_err(|e| err(&e))?;
        w.write_all(bytes).map_err(|e| err(&e))?;
    }
    let cursor = w.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

/// A one-entry zip holding `bytes` compressed under `name`, made once per process, when `bytes`
/// are one of the fonts folio ships.
fn shipped_font_entry(name: &str, bytes: &[u8], opts: SimpleFileOptions) -> Option<Arc<[u8]>> {
    let shipped =
        crate::fonts::SERIF.iter().chain(crate::fonts::SANS.iter()).find(|f| f.bytes == bytes)?.bytes;
    let cache = COMPRESSED_FONTS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((original, zipped)) = cache.get(name)
        && *original == shipped
    {
        return Some(Arc::clone(zipped));
    }
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(name, opts).ok()?;
    w.write_all(shipped).ok()?;
    let zipped: Arc<[u8]> = w.finish().ok()?.into_inner().into();
    cache.insert(name.to_string(), (shipped, Arc::clone(&zipped)));
    Some(zipped)
}
