//! Formulas from the corpus's technical book and TeX's own conventions, read back.

use super::*;

/// The formula's text, no-break spaces shown as `~` and narrow ones as `,`.
fn text(tex: &str) -> String {
    let f = read(tex);
    assert!(f.unknown.is_empty(), "{tex}: {:?}", f.unknown);
    Inline::plain_text(&f.inlines).replace('\u{A0}', "~").replace('\u{202F}', ",")
}

/// The text set in italic (as variables), in order.
fn italic(tex: &str) -> Vec<String> {
    fn walk(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Emphasis(c) => out.push(Inline::plain_text(c)),
                other => walk(other.children().map_or(&[][..], |c| c), out),
            }
        }
    }
    let mut out = Vec::new();
    walk(&read(tex).inlines, &mut out);
    out
}

#[test]
fn amdahls_law_reads_as_chicago_sets_a_fraction_in_running_text() {
    // posa-book, chapter 12 (khmer).
    let tex = r"S(N) = \frac{1}{(1 - P) + \frac{P}{N}}";
    assert_eq!(text(tex), "S(N)~= 1/((1~− P)~+ P/N)");
    assert_eq!(italic(tex), ["S", "N", "P", "P", "N"]);
    // A part its author bracketed keeps its own parentheses alone; two groups get the solidus's.
    assert_eq!(text(r"\frac{1}{(1 - P)}"), "1/(1~− P)");
    assert_eq!(text(r"\frac{(a)(b)}{2}"), "((a)(b))/2");
}

#[test]
fn powers_and_products_from_the_pugixml_chapter() {
    let f = read("2^{32}");
    assert_eq!(f.inlines, [Inline::Text("2".into()), Inline::Superscript(vec![Inline::Text("32".into())])]);
    assert_eq!(text(r"2^{16} = 65536"), "216~= 65536");
    assert_eq!(text(r"1000 \cdot 32 = 32000"), "1000~· 32~= 32000");
    let f = read(r"\frac{P}{N^l}");
    let sup = Inline::Superscript(vec![Inline::Emphasis(vec![Inline::Text("l".into())])]);
    assert!(f.inlines.contains(&sup), "{:?}", f.inlines);
}

#[test]
fn a_minus_with_nothing_before_it_is_a_sign_and_takes_no_space() {
    assert_eq!(text("-x + (-1)"), "−x~+ (−1)");
    assert_eq!(text("a = -b"), "a~= −b");
    assert_eq!(text("x_{i-1}"), "xi−1");
    assert_eq!(text("l < 1"), "l~< 1");
}

#[test]
fn a_line_may_break_after_an_operator_never_before_it() {
    // The space before an operator or relation is a no-break space; after it, a breakable one.
    let t = text(r"a + b \le c \times d");
    assert_eq!(t, "a~+ b~≤ c~× d");
    assert!(!t.contains(" +") && !t.contains(" ≤") && !t.contains(" ×"));
}

#[test]
fn greek_functions_and_text_are_set_as_tex_sets_them() {
    assert_eq!(italic(r"\alpha + \Gamma"), ["α"], "capital Greek stands upright");
    assert_eq!(text(r"\sin x + \log(n)"), "sin,x~+ log(n)");
    assert_eq!(italic(r"\sin x"), ["x"]);
    assert_eq!(text(r"f(x, y) \to \infty"), "f(x,,y)~→ ∞");
    assert_eq!(text(r"n \text{ if } k"), "n if k");
    assert_eq!(text(r"\sqrt{x} + \sqrt{1 - x}"), "√x~+ √(1~− x)");
    assert_eq!(text(r"\left( \sum_{k=1}^n a_k \right)"), "(∑k=1n,ak)");
}

#[test]
fn what_it_cannot_read_is_printed_as_written_and_reported() {
    let f = read(r"\mathfrak{g} + \{1\} + {x");
    assert_eq!(f.unknown, ["\\mathfrak", "a missing }"]);
    let t = Inline::plain_text(&f.inlines);
    assert!(t.starts_with("\\mathfrak") && t.contains("{1}"), "{t}");
}

#[test]
fn any_input_reads_without_a_panic() {
    let pieces = [
        "\\", "{", "}", "^", "_", "\\frac", "\\sqrt", "[", "]", "x", "1", ".", "-", "\\left", "\\text", " ",
        "é", "\\,", "=", "$",
    ];
    let mut seed = 7u64;
    for _ in 0..5_000 {
        let mut tex = String::new();
        for _ in 0..(seed % 9) {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            tex.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let _ = read(&tex);
    }
}

#[test]
fn braces_or_commands_nested_without_end_are_cut_short_not_followed_to_a_crash() {
    for tex in ["{".repeat(100_000), "\\frac".repeat(50_000), "\\sqrt{".repeat(50_000)] {
        // On a worker thread's smaller stack, as a catalogue builds books.
        let f = std::thread::Builder::new().stack_size(512 * 1024).spawn(move || read(&tex)).unwrap().join();
        let f = f.expect("no overflow");
        assert!(f.unknown.iter().any(|u| u == "groups nested too deep"), "{:?}", f.unknown);
    }
}
