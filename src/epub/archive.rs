//! The EPUB container: a zip whose first entry is the uncompressed `mimetype`, every entry stamped
//! with the same fixed time so the archive depends on its content alone.
//!
//! Written here, ZIP's plain subset only (no ZIP64, no data descriptors), so that every entry is
//! deflated by one reused libdeflate compressor: the zip crate deflates only through an encoder of
//! its own, set up anew for each of a book's hundreds of files (README, design notes).

use std::borrow::Cow;
use std::collections::HashSet;

use libdeflater::{CompressionLvl, Compressor};

/// Deflate level for the text files. libdeflate's 3 makes a novel's XHTML smaller than zlib-rs's 3
/// did (Pride and Prejudice 325 -> 324 KB, The Idiot 784 -> 754 KB) in two thirds of the time; its
/// 6 saves another 1-3% for half again as long.
const TEXT_LEVEL: i32 = 3;
/// The fonts, cut down to the book: the fastest level, as fonts gain little from effort.
const FONT_LEVEL: i32 = 1;

/// Packs the entries in the order given, after `mimetype`.
pub fn zip(entries: &[(String, Cow<'_, [u8]>)]) -> Result<Vec<u8>, String> {
    let mut zip = Writer::with_capacity(entries.iter().map(|(_, b)| b.len()).sum::<usize>() / 2);
    zip.add("mimetype", &Packed::stored(b"application/epub+zip"))?;
    let mut text = Compressor::new(level(TEXT_LEVEL));
    for (name, bytes) in entries {
        let packed = if name.ends_with(".jpg") || name.ends_with(".png") {
            // Compressed already; deflating them again only costs time.
            Packed::stored(bytes)
        } else if name.ends_with(".ttf") || name.ends_with(".otf") {
            Packed::deflated(&mut Compressor::new(level(FONT_LEVEL)), bytes)
        } else {
            Packed::deflated(&mut text, bytes)
        };
        zip.add(name, &packed)?;
    }
    zip.finish()
}

fn level(n: i32) -> CompressionLvl {
    CompressionLvl::new(n).unwrap_or_default()
}

/// An entry's data as it goes into the archive.
#[derive(Clone)]
struct Packed<'a> {
    /// 0: stored, 8: deflated.
    method: u16,
    crc: u32,
    /// Length before compression.
    size: usize,
    data: Data<'a>,
}

/// An entry's bytes: borrowed (stored), or compressed for this archive.
#[derive(Clone)]
enum Data<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Data<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Data::Borrowed(b) => b,
            Data::Owned(v) => v,
        }
    }
}

impl<'a> Packed<'a> {
    fn stored(bytes: &'a [u8]) -> Packed<'a> {
        Packed { method: 0, crc: libdeflater::crc32(bytes), size: bytes.len(), data: Data::Borrowed(bytes) }
    }

    /// Deflated, or stored when deflating would not make it smaller.
    fn deflated(compressor: &mut Compressor, bytes: &'a [u8]) -> Packed<'a> {
        let mut out = vec![0; compressor.deflate_compress_bound(bytes.len())];
        match compressor.deflate_compress(bytes, &mut out) {
            Ok(n) if n < bytes.len() => {
                out.truncate(n);
                Packed {
                    method: 8,
                    crc: libdeflater::crc32(bytes),
                    size: bytes.len(),
                    data: Data::Owned(out),
                }
            }
            _ => Packed::stored(bytes),
        }
    }
}

/// 1980-01-01 00:00, the earliest time ZIP can hold: DOS date (day 1, month 1, year 0) and time.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// "Made by" Unix (3), ZIP 2.0: so that readers take the permissions below.
const MADE_BY: u16 = (3 << 8) | 20;
const NEEDED: u16 = 20;
/// A regular file, rw-r--r--, in the high half of the external attributes.
const UNIX_FILE: u32 = 0o100_644 << 16;
/// General purpose flag 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

/// A zip being written, with its central directory kept aside until the end.
struct Writer {
    out: Vec<u8>,
    central: Vec<u8>,
    /// Names written so far: a reader would see only one of two entries with the same name.
    names: HashSet<String>,
}

/// A size or offset ZIP can hold without ZIP64: all ones is ZIP64's marker, so it is out.
fn zip32(n: usize) -> Option<u32> {
    u32::try_from(n).ok().filter(|&n| n != u32::MAX)
}

impl Writer {
    fn with_capacity(bytes: usize) -> Writer {
        Writer { out: Vec::with_capacity(bytes), central: Vec::new(), names: HashSet::new() }
    }

    /// Appends an entry: its local header and data now, its central directory record for later.
    fn add(&mut self, name: &str, packed: &Packed<'_>) -> Result<(), String> {
        if !self.names.insert(name.to_string()) {
            return Err(format!("two files of the EPUB are both named {name}"));
        }
        let too_big = || format!("{name} makes the EPUB larger than a ZIP without ZIP64 can hold (4 GB)");
        let offset = zip32(self.out.len()).ok_or_else(too_big)?;
        let size = zip32(packed.size).ok_or_else(too_big)?;
        let compressed = zip32(packed.data.len()).ok_or_else(too_big)?;
        let name_len = u16::try_from(name.len()).map_err(|_| format!("file name too long: {name}"))?;
        let flags = if name.is_ascii() { 0 } else { UTF8_NAME };
        // The fields local header and central record share, from "version needed" on.
        let mut shared = Vec::with_capacity(26);
        for half in [NEEDED, flags, packed.method, DOS_TIME, DOS_DATE] {
            shared.extend_from_slice(&half.to_le_bytes());
        }
        for word in [packed.crc, compressed, size] {
            shared.extend_from_slice(&word.to_le_bytes());
        }
        shared.extend_from_slice(&name_len.to_le_bytes());
        shared.extend_from_slice(&0u16.to_le_bytes()); // no extra field

        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&shared);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(&packed.data);

        self.central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&MADE_BY.to_le_bytes());
        self.central.extend_from_slice(&shared);
        // Comment length, disk number, internal attributes.
        self.central.extend_from_slice(&[0; 6]);
        self.central.extend_from_slice(&UNIX_FILE.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name.as_bytes());
        Ok(())
    }

    /// The archive: entries, central directory, end record.
    fn finish(mut self) -> Result<Vec<u8>, String> {
        let too_big = || "the EPUB is larger than a ZIP without ZIP64 can hold (4 GB)".to_string();
        // All ones is ZIP64's marker here too.
        let entries = u16::try_from(self.names.len()).ok().filter(|&n| n != u16::MAX).ok_or_else(|| {
            "the EPUB has 65,535 files or more, more than a ZIP without ZIP64 can hold".to_string()
        })?;
        let start = zip32(self.out.len()).ok_or_else(too_big)?;
        let length = zip32(self.central.len()).ok_or_else(too_big)?;
        self.out.append(&mut self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        self.out.extend_from_slice(&entries.to_le_bytes());
        self.out.extend_from_slice(&entries.to_le_bytes());
        self.out.extend_from_slice(&length.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes()); // no comment
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mimetype_comes_first_stored_with_no_extra_field() {
        let bytes =
            zip(&[("EPUB/a.xhtml".into(), Cow::Borrowed(&b"<p>text text text text</p>"[..]))]).unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "stored");
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "no extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
    }

    #[test]
    fn two_entries_with_one_name_are_refused() {
        let page = || ("EPUB/a.xhtml".to_string(), Cow::Borrowed(&b"<p/>"[..]));
        let err = zip(&[page(), page()]).err().unwrap();
        assert!(err.contains("EPUB/a.xhtml"), "{err}");
    }

    #[test]
    fn a_zip_reader_gets_every_entry_back_whole() {
        let text = "<p>Қазақстан — Kazakhstan. </p>".repeat(500);
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        let entries: Vec<(String, Cow<'_, [u8]>)> = vec![
            ("EPUB/text/тарау.xhtml".into(), Cow::Borrowed(text.as_bytes())),
            ("EPUB/images/noise.png".into(), Cow::Borrowed(&noise)),
            ("EPUB/noise.bin".into(), Cow::Borrowed(&noise)),
            ("EPUB/fonts/serif.ttf".into(), Cow::Borrowed(crate::fonts::SERIF[0].bytes)),
            ("EPUB/empty.css".into(), Cow::Borrowed(&[])),
        ];
        let bytes = zip(&entries).unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), entries.len() + 1);
        for (i, (name, data)) in entries.iter().enumerate() {
            let mut entry = archive.by_index(i + 1).unwrap();
            assert_eq!(entry.name().unwrap(), name.as_str());
            let mut back = Vec::new();
            // Reading to the end checks the CRC.
            std::io::Read::read_to_end(&mut entry, &mut back).unwrap();
            assert_eq!(back, data.as_ref(), "{name}");
        }
        let sizes = |archive: &mut ::zip::ZipArchive<_>, i| {
            let entry = archive.by_index(i).unwrap();
            (entry.compressed_size(), entry.size())
        };
        let (packed, size) = sizes(&mut archive, 1);
        assert!(packed < size / 10, "text is deflated: {packed} of {size}");
        let (packed, size) = sizes(&mut archive, 3);
        assert_eq!(packed, size, "what does not shrink is stored");
    }
}
