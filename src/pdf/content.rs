//! Page content streams, written by hand: the dozen operators folio draws with, in their shortest
//! form. pdf-writer's `Content` writes every glyph as its own literal string with octal escapes and
//! every number at full `f32` precision; for a novel that is 13 MB of page text to compress, and
//! its deflate was a fifth of the PDF stage. Here a word's glyphs run together in one string of
//! two-byte codes, the line's tracking is one `Tc`, and positions are corrected in tenths of a
//! thousandth of an em only where they drift.

use std::io::Write;

/// A content stream being written.
#[derive(Default)]
pub struct Stream {
    buf: Vec<u8>,
    /// Glyphs of the open string in a TJ array, if any.
    in_string: bool,
    /// The text rise in force: like every text state parameter it outlives `ET`, so a run after a
    /// superscript must set it back.
    rise: f64,
    /// The character spacing in force, which outlives `ET` in the same way.
    spacing: f64,
    /// Whether text is drawn invisible (render mode 3), which outlives `ET` too.
    hidden: bool,
}

impl Stream {
    /// A stream written into a buffer that is emptied first, to reuse its allocation.
    pub fn reusing(mut buffer: Vec<u8>) -> Stream {
        buffer.clear();
        Stream { buf: buffer, ..Stream::default() }
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.buf
    }

    /// Writes a number with at most three decimals and no trailing zeros.
    fn num(&mut self, v: f64) {
        let milli = round(v * 1000.0);
        if milli < 0 {
            self.buf.push(b'-');
        }
        let m = milli.unsigned_abs();
        self.int(m / 1000);
        let frac = m % 1000;
        if frac != 0 {
            let digits = [frac / 100, frac / 10 % 10, frac % 10];
            let used = if digits[2] != 0 {
                3
            } else if digits[1] != 0 {
                2
            } else {
                1
            };
            self.buf.push(b'.');
            self.buf.extend(digits[..used].iter().map(|&d| b'0' + d as u8));
        }
    }

    fn int(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
    }

    fn op(&mut self, nums: &[f64], op: &str) {
        for &n in nums {
            self.num(n);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(op.as_bytes());
        self.buf.push(b'\n');
    }

    /// `q`: saves the graphics state.
    pub fn save(&mut self) {
        self.op(&[], "q");
    }

    /// `Q`: restores it.
    pub fn restore(&mut self) {
        self.op(&[], "Q");
    }

    /// `cm`: changes the coordinate system.
    pub fn transform(&mut self, m: [f64; 6]) {
        self.op(&m, "cm");
    }

    /// `Do`: draws an XObject by resource name.
    pub fn x_object(&mut self, name: &str) {
        let _ = writeln!(self.buf, "/{name} Do");
    }

    /// A stroked horizontal line of a width.
    pub fn line(&mut self, x0: f64, x1: f64, y: f64, width: f64) {
        self.op(&[width], "w");
        self.op(&[x0, y], "m");
        self.op(&[x1, y], "l");
        self.op(&[], "S");
    }

    /// `BT`, `Tf`, `Ts`, `Tc` and `Tm`: starts text in font `F<font>` at a size, raised by
    /// `rise`, with `spacing` after every glyph, at (x, y).
    pub fn begin_text(&mut self, font: u8, size: f64, rise: f64, spacing: f64, x: f64, y: f64) {
        self.op(&[], "BT");
        self.buf.extend_from_slice(b"/F");
        self.int(u64::from(font));
        self.buf.push(b' ');
        self.op(&[size], "Tf");
        if rise != self.rise {
            self.op(&[rise], "Ts");
            self.rise = rise;
        }
        if spacing != self.spacing {
            self.op(&[spacing], "Tc");
            self.spacing = spacing;
        }
        // The matrix's constant part as bytes: formatting four numbers for every run was a
        // tenth of encoding a page.
        self.buf.extend_from_slice(b"1 0 0 1 ");
        self.op(&[x, y], "Tm");
        self.buf.push(b'[');
    }

    /// `Ts` inside a text object, for the glyphs after it: the TJ array is closed and reopened
    /// around it, only when the rise changes (a mark the font raises, and the glyph after it).
    pub fn rise(&mut self, rise: f64) {
        if rise != self.rise {
            self.close_string();
            self.buf.extend_from_slice(b"]TJ\n");
            self.op(&[rise], "Ts");
            self.rise = rise;
            self.buf.push(b'[');
        }
    }

    /// A glyph in the TJ array: its code in a literal string, one byte or two (`wide`), escaped
    /// where PDF needs it (half the bytes of hex, so less for deflate to read).
    pub fn glyph(&mut self, id: u16, wide: bool) {
        if !self.in_string {
            self.buf.push(b'(');
            self.in_string = true;
        }
        let bytes = id.to_be_bytes();
        for &b in if wide { &bytes[..] } else { &bytes[1..] } {
            match b {
                b'(' | b')' | b'\\' => self.buf.extend([b'\\', b]),
                // A bare carriage return would be read as a line end.
                b'\r' => self.buf.extend(*b"\\r"),
                _ => self.buf.push(b),
            }
        }
    }

    /// A position correction in the TJ array, in tenths of a thousandth of an em; positive
    /// moves the next glyph left, as PDF has it.
    pub fn adjust(&mut self, tenths: i64) {
        self.close_string();
        self.num(tenths as f64 / 10.0);
    }

    /// `Tr`: text after it is drawn invisible (read, not seen), or drawn again; written only
    /// when that changes.
    pub fn hidden(&mut self, hidden: bool) {
        if hidden != self.hidden {
            self.buf.extend_from_slice(if hidden { b"3 Tr\n" } else { b"0 Tr\n" });
            self.hidden = hidden;
        }
    }

    /// `m`: starts a subpath.
    pub fn move_to(&mut self, x: f64, y: f64) {
        self.op(&[x, y], "m");
    }

    /// `l`: a straight segment.
    pub fn line_to(&mut self, x: f64, y: f64) {
        self.op(&[x, y], "l");
    }

    /// `c`: a cubic Bézier segment.
    pub fn curve_to(&mut self, c: [f64; 6]) {
        self.op(&c, "c");
    }

    /// `h`: closes the subpath.
    pub fn close_path(&mut self) {
        self.op(&[], "h");
    }

    /// `f`: fills the path by the nonzero rule, as glyph outlines are filled.
    pub fn fill(&mut self) {
        self.op(&[], "f");
    }

    /// `TJ` and `ET`: ends the text.
    pub fn end_text(&mut self) {
        self.end_array();
        self.buf.extend_from_slice(b"ET\n");
    }

    /// `/Span <</ActualText …>> BDC` inside a text object: the glyphs shown until `end_span`
    /// read back as `text`, whatever their positions say.
    pub fn begin_span(&mut self, text: &str) {
        self.end_array();
        self.buf.extend_from_slice(b"/Span<</ActualText<FEFF");
        for unit in text.encode_utf16() {
            let _ = write!(self.buf, "{unit:04X}");
        }
        self.buf.extend_from_slice(b">>>BDC\n[");
    }

    /// `EMC`: ends the span `begin_span` opened.
    pub fn end_span(&mut self) {
        self.end_array();
        self.buf.extend_from_slice(b"EMC\n[");
    }

    /// `TJ` for the array in progress, or nothing for an empty one.
    fn end_array(&mut self) {
        self.close_string();
        if self.buf.last() == Some(&b'[') {
            self.buf.pop();
        } else {
            self.buf.extend_from_slice(b"]TJ\n");
        }
    }

    fn close_string(&mut self) {
        if self.in_string {
            self.buf.push(b')');
            self.in_string = false;
        }
    }
}

/// `f64::round` (half away from zero) as an integer, without the library call it compiles to on
/// baseline x86-64: content streams round a number for every glyph.
pub fn round(v: f64) -> i64 {
    let whole = v as i64;
    let rest = v - whole as f64;
    if rest >= 0.5 {
        whole + 1
    } else if rest <= -0.5 {
        whole - 1
    } else {
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_glyphs_share_a_string() {
        let mut s = Stream::default();
        s.begin_text(0, 10.0, 0.0, 0.0, 63.25, 550.1);
        s.glyph(0x0e, true);
        s.glyph(0x1f, true);
        s.adjust(-25);
        s.glyph(0x100, true);
        s.end_text();
        assert_eq!(
            s.finish(),
            b"BT\n/F0 10 Tf\n1 0 0 1 63.25 550.1 Tm\n[(\0\x0e\0\x1f)-2.5(\x01\0)]TJ\nET\n"
        );
    }

    #[test]
    fn a_raised_glyph_gets_its_rise_and_the_next_one_the_runs_back() {
        let mut s = Stream::default();
        s.begin_text(0, 10.0, 0.0, 0.0, 0.0, 0.0);
        s.rise(0.0);
        s.glyph(1, false);
        s.rise(1.781);
        s.glyph(2, false);
        s.rise(0.0);
        s.glyph(3, false);
        s.end_text();
        assert_eq!(
            s.finish(),
            b"BT\n/F0 10 Tf\n1 0 0 1 0 0 Tm\n[(\x01)]TJ\n1.781 Ts\n[(\x02)]TJ\n0 Ts\n[(\x03)]TJ\nET\n"
        );
    }

    #[test]
    fn a_span_gives_its_glyphs_their_text_and_leaves_no_empty_array() {
        let mut s = Stream::default();
        s.begin_text(0, 10.0, 0.0, 0.0, 0.0, 0.0);
        s.begin_span("до́");
        s.glyph(1, false);
        s.glyph(2, false);
        s.adjust(57);
        s.glyph(3, false);
        s.end_span();
        s.glyph(4, false);
        s.begin_span("а́");
        s.glyph(5, false);
        s.glyph(6, false);
        s.end_span();
        s.end_text();
        let want: &[u8] = b"BT\n/F0 10 Tf\n1 0 0 1 0 0 Tm\n\
            /Span<</ActualText<FEFF0434043E0301>>>BDC\n[(\x01\x02)5.7(\x03)]TJ\nEMC\n\
            [(\x04)]TJ\n/Span<</ActualText<FEFF04300301>>>BDC\n[(\x05\x06)]TJ\nEMC\nET\n";
        assert_eq!(String::from_utf8_lossy(&s.finish()), String::from_utf8_lossy(want));
    }

    #[test]
    fn string_delimiters_and_carriage_returns_in_glyph_codes_are_escaped() {
        let mut s = Stream::default();
        s.begin_text(0, 10.0, 0.0, 0.0, 0.0, 0.0);
        s.glyph(0x2829, true); // ( )
        s.glyph(0x5c0d, true); // \ CR
        s.end_text();
        let bytes = s.finish();
        assert!(bytes.ends_with(b"[(\\(\\)\\\\\\r)]TJ\nET\n"), "{}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn a_face_of_few_glyphs_writes_one_byte_a_glyph() {
        let mut s = Stream::default();
        s.begin_text(1, 10.0, 0.0, 0.0, 0.0, 0.0);
        for id in [0x41, 0x28, 0x5c, 0x0d, 0xff] {
            s.glyph(id, false);
        }
        s.end_text();
        let bytes = s.finish();
        assert!(bytes.ends_with(b"[(A\\(\\\\\\r\xff)]TJ\nET\n"), "{}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn rounding_matches_the_standard_library() {
        for i in -20_000..20_000 {
            let v = f64::from(i) * 0.25 + 0.000_1 * f64::from(i % 7);
            assert_eq!(round(v), v.round() as i64, "{v}");
        }
    }

    #[test]
    fn a_run_after_a_superscript_returns_to_the_baseline() {
        let mut s = Stream::default();
        s.begin_text(0, 8.0, 3.8, 0.25, 0.0, 0.0);
        s.end_text();
        s.begin_text(0, 10.0, 0.0, 0.0, 0.0, 0.0);
        s.end_text();
        let text = String::from_utf8(s.finish()).unwrap();
        assert!(text.contains("3.8 Ts") && text.contains("0 Ts"), "{text}");
        assert!(text.contains("0.25 Tc") && text.contains("0 Tc"), "so is the tracking: {text}");
    }
}
