//! Flate compression for the PDF's streams: page text, font subsets, image samples.

/// Flate-compresses a stream.
pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    Deflater::new().deflate(data)
}

/// Deflate level for everything the PDF compresses: libdeflate's fastest makes smaller streams than
/// zlib-rs's level 2 did, in about half the time (a novel's pages: 39 → 25 ms, 3% smaller).
const LEVEL: i32 = 1;

/// A compressor kept from one page to the next, so its tables are set up once per thread.
pub(super) struct Deflater(libdeflater::Compressor);

impl Deflater {
    /// A compressor at [`LEVEL`].
    pub(super) fn new() -> Deflater {
        let level = libdeflater::CompressionLvl::new(LEVEL).unwrap_or_default();
        Deflater(libdeflater::Compressor::new(level))
    }

    /// `data` as a zlib stream.
    pub(super) fn deflate(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = vec![0; self.0.zlib_compress_bound(data.len())];
        match self.0.zlib_compress(data, &mut out) {
            Ok(n) => {
                out.truncate(n);
                out
            }
            // libdeflate's bound is never short; should it be, the data goes uncompressed.
            Err(_) => stored(data),
        }
    }
}

/// `data` as a zlib stream of stored (uncompressed) blocks.
fn stored(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 65_535 * 5 + 16);
    out.extend_from_slice(&[0x78, 0x01]);
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = block.len() as u16;
        out.push(u8::from(blocks.peek().is_none()));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&libdeflater::adler32(data).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(z: &[u8], len: usize) -> Vec<u8> {
        let mut out = vec![0; len];
        let n = libdeflater::Decompressor::new().zlib_decompress(z, &mut out).expect("a valid zlib stream");
        out.truncate(n);
        out
    }

    #[test]
    fn streams_come_back_as_they_went_in_compressed_or_stored() {
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("{} 0 Td [(ab)-{}(c)] TJ\n", i % 97, i % 13).into_bytes())
            .collect();
        for data in [&b""[..], b"x", &text[..], &text[..65_535], &text[..65_536]] {
            assert_eq!(inflate(&deflate(data), data.len()), data);
            assert_eq!(inflate(&stored(data), data.len()), data);
        }
        assert!(deflate(&text).len() < text.len() / 4, "page text compresses well");
    }
}
