//! The EPUB container: a zip whose first entry is the uncompressed `mimetype`, every entry stamped
//! with the same fixed time so the archive depends on its content alone.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Packs the entries in the order given, after `mimetype`.
pub fn zip(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let fixed = SimpleFileOptions::default().last_modified_time(DateTime::default()).unix_permissions(0o644);
    let stored = fixed.compression_method(CompressionMethod::Stored);
    let deflated = fixed.compression_method(CompressionMethod::Deflated).compression_level(Some(6));
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
        w.start_file(name.as_str(), opts).map_err(|e| err(&e))?;
        w.write_all(bytes).map_err(|e| err(&e))?;
    }
    let cursor = w.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}
