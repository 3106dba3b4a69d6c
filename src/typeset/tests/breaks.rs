//! Where a line may break inside a word and where it may not: dashes, slashes, no-break
//! spaces, web and e-mail addresses, code in running text.

use super::*;

#[test]
fn no_break_spaces_hold_and_dashes_allow_breaks() {
    let mut ts = Typesetter::new().unwrap();
    let text = "aaaa\u{a0}bbbb cccc—dddd eeee";
    let lines = ts.set(&para(&ts, text, "en", Align::Left, 60.0));
    let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
    assert!(
        texts.iter().any(|t| t.contains("aaaa\u{a0}bbbb") || t.contains("aaaabbbb") || t.starts_with("aaaa")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.ends_with("aaaa")), "broke at a no-break space: {texts:?}");
}

#[test]
fn a_slash_between_short_words_keeps_them_together() {
    // posa-book's khmer chapter split "I/O" at its slash; "and/or" may still part.
    let mut ts = Typesetter::new().unwrap();
    let text = TEXT.replace("civilizations", "I/O");
    for measure in (60..260).step_by(2) {
        let mut p = para(&ts, &text, "en", Align::Justify, measure as f64);
        p.hyphenate = false;
        let lines = ts.set(&p);
        let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
        assert!(!texts.iter().any(|t| t.ends_with("I/") || t.starts_with("O")), "{measure}: {texts:?}");
    }
    let p = para(&ts, "read/write", "en", Align::Left, 20.0);
    let texts: Vec<String> = ts.set(&p).iter().map(|l| line_text(&ts, l)).collect();
    assert_eq!(texts[..2], ["read/", "write"], "a slash between words of three letters or more is a break");
}

#[test]
fn a_closed_em_dash_ends_a_line_and_never_opens_one() {
    // posa-book's "fast—also known as": the Chicago Manual breaks after the dash. Unhyphenated,
    // the compound wider than the measure can break only at its dash.
    let mut ts = Typesetter::new().unwrap();
    let text = "Words run on, then extraordinarily—fundamentally, and then more words follow it.";
    for measure in (90..130).step_by(5) {
        let mut p = para(&ts, text, "en", Align::Justify, measure as f64);
        p.hyphenate = false;
        let lines = ts.set(&p);
        let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
        assert!(texts.iter().any(|t| t.ends_with("extraordinarily—")), "{measure}: {texts:?}");
        assert!(!texts.iter().any(|t| t.starts_with('—')), "{measure}: {texts:?}");
    }
}

#[test]
fn narrow_no_break_spaces_in_french_never_split_a_character() {
    let mut ts = Typesetter::new().unwrap();
    let text = "Texte «\u{202F}cité\u{202F}»\u{202F}; note\u{a0}é «\u{202F}é\u{202F}»";
    let lines = ts.set(&para(&ts, text, "fr", Align::Justify, 120.0));
    let all: String = lines.iter().map(|l| line_text(&ts, l)).collect();
    assert!(all.contains("cité") && all.contains('«') && all.contains('»'));
}

#[test]
fn a_web_address_breaks_where_the_chicago_manual_says_and_takes_no_hyphen() {
    let mut ts = Typesetter::new().unwrap();
    let text = "The guide is at https://www.example.org/documentation/internationalization_configuration/references.html for readers.";
    let mut p = para(&ts, text, "en", Align::Justify, 120.0);
    p.shape = Shape::block(Pt(120.0), Pt::ZERO);
    let lines = ts.set(&p);
    let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
    assert_eq!(texts.concat(), text.replace(' ', ""), "every character kept, none added: {texts:?}");
    for (line, t) in lines.iter().zip(&texts) {
        assert!(!line.hyphenated, "a hyphen added in the address: {texts:?}");
        assert!(!line.overfull, "{t} is wider than the measure: {texts:?}");
    }
    // The long segment breaks before its underline, as the Manual has it.
    assert!(texts.iter().any(|t| t.starts_with("_configuration")), "{texts:?}");
}

#[test]
fn an_email_address_breaks_before_its_at_sign_or_a_period_and_never_after_its_hyphen() {
    let mut ts = Typesetter::new().unwrap();
    let address = "submissions.and.manuscripts@long-publishing-house.example.org";
    let text = format!("Write to the press at {address}, if you wish, or telephone.");
    let mut p = para(&ts, &text, "en", Align::Justify, 130.0);
    p.shape = Shape::block(Pt(130.0), Pt::ZERO);
    let lines = ts.set(&p);
    let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
    for (line, t) in lines.iter().zip(&texts) {
        assert!(!line.overfull, "{t} is wider than the measure: {texts:?}");
    }
    // The text without spaces and without the hyphens added where words were hyphenated.
    let kept: Vec<&str> = lines
        .iter()
        .zip(&texts)
        .map(|(l, t)| if l.hyphenated { t.trim_end_matches('-') } else { t })
        .collect();
    let joined = kept.concat();
    assert_eq!(joined, text.replace(' ', ""), "every character kept, none added: {texts:?}");
    // Where each line after the first starts; those inside the address start with the mark the
    // Manual breaks before (a hyphen's too: never after it), and the line before takes no hyphen.
    let start = joined.find(address).unwrap();
    let mut inside = 0;
    let mut at = 0;
    for (line, t) in lines.iter().zip(&kept) {
        at += t.len();
        if at > start && at < start + address.len() {
            inside += 1;
            assert!(matches!(joined.as_bytes()[at], b'@' | b'.' | b'-'), "broken elsewhere: {texts:?}");
            assert!(!line.hyphenated && !t.ends_with('-'), "a hyphen at a break in the address: {texts:?}");
        }
    }
    assert!(inside > 0, "the address is wider than the measure, yet unbroken: {texts:?}");
}

/// Chunks of 10 pt text, each in the serif face or (`true`) the monospaced one.
fn text_and_code(ts: &Typesetter, pieces: &[(&str, bool)]) -> Vec<Chunk> {
    let serif = Style::plain(ts.fonts.select(Family::Serif, FontStyle::Regular), Pt(10.0));
    let mono = Style::plain(ts.fonts.select(Family::Mono, FontStyle::Regular), Pt(10.0));
    let style = |code: bool| if code { mono } else { serif };
    pieces.iter().map(|&(text, code)| Chunk::Text { text: text.into(), style: style(code) }).collect()
}

#[test]
fn code_in_running_text_breaks_before_its_underlines_and_periods_without_a_hyphen() {
    let mut ts = Typesetter::new().unwrap();
    let p = Paragraph {
        chunks: text_and_code(
            &ts,
            &[
                ("However, a different algorithm is used if ", false),
                ("gfm_auto_identifiers", true),
                (" is enabled, and ", false),
                ("std::io::stdin.read_line", true),
                (" reads 3.14 from ", false),
                ("3.14159265", true),
                (" here.", false),
            ],
        ),
        lang: "en".into(),
        align: Align::Justify,
        shape: Shape::block(Pt(150.0), Pt::ZERO),
        hyphenate: true,
    };
    let lines = ts.set(&p);
    let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
    let all: String = lines
        .iter()
        .zip(&texts)
        .map(|(l, t)| if l.hyphenated { t.strip_suffix('-').unwrap_or(t) } else { t })
        .collect();
    assert_eq!(
        all,
        "However,adifferentalgorithmisusedifgfm_auto_identifiersisenabled,andstd::io::stdin.read_linereads3.14from3.14159265here."
    );
    // The code parts at one of its own marks, and nowhere inside a number.
    let parted = texts.windows(2).any(|w| {
        let (a, b) = (&w[0], &w[1]);
        (b.starts_with("_identifiers") && a.ends_with("gfm_auto"))
            || (b.starts_with("_auto") && a.ends_with("gfm"))
            || b.starts_with(".read_line")
            || b.starts_with("_line")
            || b.starts_with("io::")
            || b.starts_with("stdin")
    });
    assert!(parted, "no break inside the code: {texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with(".14159265") || t.ends_with("3.")), "{texts:?}");
    for (line, t) in lines.iter().zip(&texts) {
        assert!(!line.overfull, "{t} is wider than the measure: {texts:?}");
        assert!(!line.hyphenated || !t.contains('_'), "a hyphen added to code: {texts:?}");
    }
}

#[test]
fn code_breaks_before_its_own_hyphens_never_after() {
    // pandoc's manual: `html-native_divs-native_spans` ended a line "html-native_divs-", which
    // reads as a word hyphenated to fit.
    let mut ts = Typesetter::new().unwrap();
    let pieces = [
        ("Use ", false),
        ("html-native_divs-native_spans", true),
        (" or ", false),
        ("--pdf-engine-opt=--pdf-standard", true),
        (" there.", false),
    ];
    for width in [90.0, 110.0, 130.0, 150.0] {
        let p = Paragraph {
            chunks: text_and_code(&ts, &pieces),
            lang: "en".into(),
            align: Align::Left,
            shape: Shape::block(Pt(width), Pt::ZERO),
            hyphenate: true,
        };
        let texts: Vec<String> = ts.set(&p).iter().map(|l| line_text(&ts, l)).collect();
        assert!(texts.len() > 2, "{texts:?}");
        assert!(
            texts.iter().all(|t| !t.trim_end().ends_with('-')),
            "a line ends in code's hyphen: {texts:?}"
        );
        assert!(texts.iter().all(|t| !t.starts_with("-pdf")), "'--' parted: {texts:?}");
    }
}

#[test]
fn a_soft_hyphen_after_a_slash_breaks_without_a_hyphen() {
    // "and/or" parted after its slash reads "and/" over "or", as the Chicago Manual breaks it;
    // between letters the soft hyphen shows its hyphen.
    let mut ts = Typesetter::new().unwrap();
    for (text, first) in [("and/\u{AD}or", "and/"), ("super\u{AD}cali", "super-")] {
        let p = para(&ts, &format!("A {text}"), "en", Align::Left, 30.0);
        // A soft hyphen is shaped as an invisible space of no width: trimmed.
        let lines: Vec<String> = ts.set(&p).iter().map(|l| line_text(&ts, l).replace(' ', "")).collect();
        assert!(lines.iter().any(|l| l.ends_with(first)), "{lines:?}");
        assert!(lines.iter().all(|l| !l.ends_with("/-")), "{lines:?}");
    }
}
