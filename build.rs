//! Compresses the shipped fonts for the EPUB once, when folio is built: every EPUB embeds them,
//! and libdeflate's slowest level makes them 10% smaller than the fastest did at run time
//! (1.63 MB instead of 1.81), which a build can afford and a run of folio need not pay.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=fonts");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut fonts: Vec<_> = std::fs::read_dir(Path::new(&root).join("fonts"))
        .expect("the fonts folder is part of the source")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ttf" || x == "otf"))
        .collect();
    fonts.sort();
    let mut compressor = libdeflater::Compressor::new(libdeflater::CompressionLvl::best());
    for font in fonts {
        let bytes = std::fs::read(&font).expect("a shipped font is readable");
        let mut deflated = vec![0; compressor.deflate_compress_bound(bytes.len())];
        let n = compressor.deflate_compress(&bytes, &mut deflated).expect("the bound is enough");
        deflated.truncate(n);
        let name = font.file_name().expect("a file").to_string_lossy().into_owned();
        let at = Path::new(&out).join(format!("{name}.deflate"));
        std::fs::write(&at, &deflated).expect("OUT_DIR is writable");
        let crc = format!("{:#010x}_u32", libdeflater::crc32(&bytes));
        std::fs::write(Path::new(&out).join(format!("{name}.crc32")), crc).expect("OUT_DIR is writable");
    }
}
