//! Paragraphs set end to end: shaping, hyphenation, breaking, justification.

use super::*;
use crate::fonts::FontStyle;

const TEXT: &str = "Security issues in the Central Asia have a peculiar complex background. The region of Central Asia represents strategic geopolitics value. The region is situated on a joint of civilizations; the CAR is a subject of influence for many powers: Russia, the USA, the PRC, Iran, Turkey, the EU, etc.";

fn para(ts: &Typesetter, text: &str, lang: &str, align: Align, measure: f64) -> Paragraph {
    let style = Style::plain(ts.fonts.select(Family::Serif, FontStyle::Regular), Pt(10.0));
    Paragraph {
        chunks: vec![Chunk::Text { text: text.into(), style }],
        lang: lang.into(),
        align,
        shape: Shape::block(Pt(measure), Pt(12.0)),
        hyphenate: true,
    }
}

fn line_text(ts: &Typesetter, line: &Line) -> String {
    line.runs
        .iter()
        .flat_map(|r| r.glyphs.iter().filter_map(|g| ts.shaper.texts.get(r.style.face, g.id)))
        .collect()
}

#[test]
fn justified_lines_fill_the_measure_and_keep_every_letter() {
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, TEXT, "en", Align::Justify, 283.0);
    let lines = ts.set(&p);
    assert!(lines.len() >= 4);
    for line in &lines[..lines.len() - 1] {
        // Protrusion lets punctuation hang out by at most a fraction of a glyph.
        let right = line.x.0 + line.width.0;
        assert!((right - 283.0).abs() < 4.0, "line ends at {right}: {}", line_text(&ts, line));
        assert!(!line.overfull);
        assert!(line.ratio.abs() <= 1.3, "ratio {}", line.ratio);
    }
    let last = lines.last().unwrap();
    assert!(last.x.0 + last.width.0 < 283.0, "the last line is not stretched");
    let letters: String = lines
        .iter()
        .map(|l| line_text(&ts, l))
        .collect::<String>()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let want: String = TEXT.chars().filter(|c| c.is_alphanumeric()).collect();
    assert_eq!(letters, want);
}

#[test]
fn ragged_and_centred_lines_keep_natural_spaces() {
    let mut ts = Typesetter::new().unwrap();
    let left = ts.set(&para(&ts, TEXT, "en", Align::Left, 200.0));
    assert!(left.iter().all(|l| l.ratio == 0.0 && l.x.0 >= 0.0 && l.width.0 <= 200.5));
    let widths: Vec<i64> = left.iter().map(|l| l.width.0 as i64).collect();
    assert!(widths.windows(2).any(|w| w[0] != w[1]), "ragged lines differ in length");
    let centred = ts.set(&para(&ts, TEXT, "en", Align::Center, 200.0));
    for l in &centred {
        let margin_left = l.x.0;
        let margin_right = 200.0 - l.x.0 - l.width.0;
        assert!((margin_left - margin_right).abs() < 0.01);
    }
}

#[test]
fn forced_breaks_and_hanging_turnovers_for_verse() {
    let mut ts = Typesetter::new().unwrap();
    let style = Style::plain(ts.fonts.select(Family::Serif, FontStyle::Regular), Pt(10.0));
    let line = "I celebrate myself, and sing myself, and what I assume you shall assume";
    let p = Paragraph {
        chunks: vec![Chunk::Text { text: line.into(), style }],
        lang: "en".into(),
        align: Align::Left,
        shape: Shape::hanging(Pt(150.0), Pt(20.0)),
        hyphenate: false,
    };
    let lines = ts.set(&p);
    assert!(lines.len() >= 2, "a long verse line turns over");
    assert_eq!(lines[0].x, Pt::ZERO);
    assert!(lines[1..].iter().all(|l| l.x == Pt(20.0)), "turned lines hang");
    let p = Paragraph {
        chunks: vec![
            Chunk::Text { text: "one".into(), style },
            Chunk::Break,
            Chunk::Text { text: "two".into(), style },
        ],
        ..p
    };
    assert_eq!(ts.set(&p).len(), 2);
}

#[test]
fn a_drop_cap_cut_out_shortens_the_first_lines() {
    let mut ts = Typesetter::new().unwrap();
    let mut p = para(&ts, TEXT, "en", Align::Justify, 200.0);
    p.shape = Shape::cut_out(Pt(200.0), 2, Pt(30.0));
    let lines = ts.set(&p);
    assert!(lines[0].x.0 >= 29.0 && lines[1].x.0 >= 29.0);
    assert!(lines[2].x.0 < 5.0);
    assert!((lines[0].x.0 + lines[0].width.0 - 200.0).abs() < 4.0);
}

#[test]
fn every_justified_line_reaches_the_measure_after_a_hyphen_too() {
    let mut ts = Typesetter::new().unwrap();
    let idiot = "– Я должен вам заметить, Гаврила Ардалионович, – сказал вдруг князь, – что я прежде действительно был так нездоров, что и в самом деле был почти идиот; но теперь я давно уже выздоровел, и потому мне несколько неприятно, когда меня называют идиотом в глаза. Хоть вас и можно извинить, взяв во внимание ваши неудачи, но вы в досаде вашей даже раза два меня выбранили. Мне это очень не хочется, особенно так, вдруг, как вы, с первого раза; и так как мы теперь стоим на перекрестке, то не лучше ли нам разойтись: вы пойдете направо к себе, а я налево. У меня есть двадцать пять рублей, и я наверно найду какой-нибудь отель-гарни.";
    let lines = ts.set(&para(&ts, idiot, "ru", Align::Justify, 244.0));
    for (i, l) in lines[..lines.len() - 1].iter().enumerate() {
        let right = l.x.0 + l.width.0;
        eprintln!("{i} {right:.2} {:.3} {}", l.ratio, line_text(&ts, l));
    }
    let text = "Ганя ужасно смутился и даже покраснел от стыда. Извините, князь, горячо вскричал он, вдруг переменяя свой ругательный тон на чрезвычайную вежливость, ради бога, извините! Вы видите, в какой я беде! Вы еще почти ничего не знаете, но если бы вы знали все, то наверно бы хоть немного извинили меня; хотя, разумеется, я неизвиним.";
    for measure in [150.0, 180.0, 210.0, 240.0] {
        let lines = ts.set(&para(&ts, text, "ru", Align::Justify, measure));
        for (i, l) in lines[..lines.len() - 1].iter().enumerate() {
            let right = l.x.0 + l.width.0;
            assert!(
                right >= measure - 0.3,
                "measure {measure}, line {i} ends at {right:.2}: {}",
                line_text(&ts, l)
            );
        }
    }
}

/// Paragraphs of a Russian novel (most need hyphens) and an English one (most do not), as the
/// engine sets body text: 10 pt into a 5.5 × 8.5 in page's measure.
fn novel_paragraphs(ts: &Typesetter) -> Vec<Paragraph> {
    let russian = include_str!("../../tests/fixtures/ru-idiot-part1-ch1.md");
    let english = include_str!("../../benches/fixtures/pride-and-prejudice.md");
    let pick = |text: &'static str, lang: &str, n: usize| {
        text.split("\n\n")
            .map(str::trim)
            .filter(|t| !t.is_empty() && !t.starts_with(['#', '[', '.']) && !t.starts_with("---"))
            .take(n)
            .map(|t| para(ts, &t.replace('\n', " "), lang, Align::Justify, 288.0))
            .collect::<Vec<_>>()
    };
    let mut all = pick(russian, "ru", 200);
    all.extend(pick(english, "en", 200));
    all
}

#[test]
fn hyphenating_before_the_first_pass_sets_every_paragraph_the_same() {
    // `set` hyphenates a paragraph that will likely need it before TeX's first pass, which skips
    // hyphens: the lines must be those of hyphenating only after that pass failed. Only sums of
    // a word's widths taken piece by piece may differ, in the last bits of a double.
    let mut ts = Typesetter::new().unwrap();
    let paragraphs = novel_paragraphs(&ts);
    let (mut first_pass, mut second_pass) = (0, 0);
    for p in &paragraphs {
        let late = ts.break_and_place(p, false);
        let early = ts.break_and_place(p, true);
        assert_same_lines(&early, &late, p);
        if late.iter().any(|l| l.hyphenated) {
            second_pass += 1;
        } else {
            first_pass += 1;
        }
    }
    // Both kinds were compared: paragraphs the first pass set, and ones that needed hyphens.
    assert!(first_pass > 50 && second_pass > 50, "{first_pass} set without hyphens, {second_pass} with");
}

#[test]
fn long_paragraphs_of_few_words_a_line_are_hyphenated_at_once_and_one_liners_not() {
    let mut ts = Typesetter::new().unwrap();
    let (mut long, mut long_early) = (0, 0);
    for p in novel_paragraphs(&ts).iter().filter(|p| p.lang == "ru") {
        let lines = ts.set(p).len();
        let early = super::paragraph::likely_needs_hyphens(p);
        assert!(lines > 1 || !early, "a one-line paragraph hyphenated at once: {:?}", p.chunks);
        if lines >= 4 {
            long += 1;
            long_early += usize::from(early);
        }
    }
    assert!(long > 20 && long_early * 4 >= long * 3, "{long_early} of {long} long paragraphs");
    // More than ten words a line: a wide measure of English is left to the first pass.
    let wide = para(&ts, &TEXT.repeat(3), "en", Align::Justify, 400.0);
    assert!(!super::paragraph::likely_needs_hyphens(&wide));
}

/// The same breaks, hyphens and glyphs, at the same places to a millionth of a point.
fn assert_same_lines(a: &[Line], b: &[Line], p: &Paragraph) {
    assert_eq!(a.len(), b.len(), "line count: {:?}", p.chunks);
    for (x, y) in a.iter().zip(b) {
        assert_eq!((x.hyphenated, x.overfull, x.runs.len()), (y.hyphenated, y.overfull, y.runs.len()));
        assert!((x.ratio - y.ratio).abs() < 1e-9 && (x.width - y.width).0.abs() < 1e-6 && x.x == y.x);
        for (r, s) in x.runs.iter().zip(&y.runs) {
            assert_eq!(r.style, s.style);
            let ids = |r: &GlyphRun| r.glyphs.iter().map(|g| g.id).collect::<Vec<_>>();
            assert_eq!(ids(r), ids(s), "{:?}", p.chunks);
            for (g, h) in r.glyphs.iter().zip(&s.glyphs) {
                assert!((g.x() - h.x()).0.abs() < 1e-6 && g.y() == h.y(), "{g:?} {h:?}");
            }
        }
    }
}

#[test]
fn a_paragraphs_last_line_holds_more_than_its_last_word_where_it_can() {
    // A runt: a last line of the paragraph's last word alone, or the end of it after a hyphen.
    let runts = |ts: &mut Typesetter| {
        let (mut runts, mut long) = (0, 0);
        for p in novel_paragraphs(ts) {
            let lines = ts.set(&p);
            let (Some(last), Chunk::Text { text, .. }) = (lines.last(), &p.chunks[0]) else { continue };
            if lines.len() > 1 {
                long += 1;
                let last = line_text(ts, last);
                runts += usize::from(text.split_whitespace().last().is_some_and(|w| w.ends_with(&last)));
            }
        }
        (runts, long)
    };
    let mut ts = Typesetter::new().unwrap();
    let (with, long) = runts(&mut ts);
    let mut ts = Typesetter::new().unwrap();
    ts.params.runt_demerits = 0.0;
    let (without, _) = runts(&mut ts);
    // About one paragraph in seven ends in a runt when nothing weighs against it; those left
    // would need a loose line or a hyphen.
    assert!(without * 100 >= long * 10, "{without} of {long} without the rule");
    assert!(with * 100 <= long * 8 && with * 2 <= without, "{with} of {long}, {without} without the rule");
}

#[test]
fn a_centred_heading_of_two_lines_never_leaves_its_last_word_alone() {
    let mut ts = Typesetter::new().unwrap();
    let title = "Once I Pass’d Through a Populous City";
    let mut two_line = 0;
    for measure in (60..240).step_by(4) {
        let lines = ts.set(&para(&ts, title, "en", Align::Center, measure as f64));
        if lines.len() == 2 {
            two_line += 1;
            let last = line_text(&ts, &lines[1]);
            assert_ne!(
                last,
                "City",
                "at {measure} pt: {:?}",
                lines.iter().map(|l| line_text(&ts, l)).collect::<Vec<_>>()
            );
        }
    }
    assert!(two_line > 5, "{two_line} measures set it in two lines");
}

#[test]
fn an_underfull_line_widens_its_spaces_not_its_letters() {
    // A long address leaves the first line one space to stretch: its letters widen by no more
    // than the expansion at the tolerance's stretch (3.8 %), its one space takes the rest, and
    // it still fills the measure.
    let mut ts = Typesetter::new().unwrap();
    let text = "See http://en.wikipedia.org/wiki/Dynamic_array_implementation for more.";
    let mut p = para(&ts, text, "en", Align::Justify, 160.0);
    p.shape = Shape::block(Pt(160.0), Pt::ZERO);
    let lines = ts.set(&p);
    let texts: Vec<(String, f64)> = lines.iter().map(|l| (line_text(&ts, l), l.ratio)).collect();
    let first = &lines[0];
    assert!(first.ratio > 1.0, "the line is underfull: {texts:?}");
    assert!((first.x.0 + first.width.0 - 160.0).abs() < 2.0, "it still fills the measure");
    let run = &first.runs[0];
    let face = ts.fonts.face(run.style.face);
    let unit = run.style.size.0 / f64::from(face.per_em);
    let advance = |id: u16| {
        f64::from(face.shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id)).unwrap_or(0)) * unit
    };
    // "See": three glyphs whose steps are their advances, expanded by at most 3 %.
    for pair in run.glyphs[..3].windows(2) {
        let step = (pair[1].x() - pair[0].x()).0;
        let own = advance(pair[0].id);
        let most = (ts.params.tolerance / 100.0).cbrt();
        assert!(
            step <= own * (1.0 + most * ts.params.expansion) + 1e-3,
            "letters spaced out: {step} for {own}"
        );
    }
}

#[test]
fn an_object_takes_its_own_width_on_a_justified_line_and_is_never_split() {
    // The text engine breaks around an object like a word it cannot break, and only letters take
    // a justified line's tracking: the image drawn there is as wide as its room.
    let mut ts = Typesetter::new().unwrap();
    let mut p = para(&ts, &TEXT[..15], "en", Align::Justify, 200.0);
    let Chunk::Text { style, .. } = p.chunks[0].clone() else { unreachable!() };
    let object =
        Object { id: 7, width: Pt(30.0), height: Pt(10.0), rise: Pt(-2.0), text: "icon".into(), style };
    p.chunks.push(Chunk::Object(object.clone()));
    p.chunks.push(Chunk::Text { text: format!(" {}", &TEXT[15..260]), style });
    let lines = ts.set(&p);
    let placed: Vec<(usize, Pt)> =
        lines.iter().enumerate().flat_map(|(n, l)| l.objects.iter().map(move |(x, _)| (n, *x))).collect();
    assert_eq!(placed.len(), 1, "set once, on one line");
    let (n, x) = placed[0];
    let line = &lines[n];
    assert_eq!(line.objects[0].1, object);
    // The next glyph after it starts a word space past its right edge, however the line is set.
    let next = line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.x().0))
        .filter(|&g| g > x.0)
        .fold(f64::MAX, f64::min);
    let gap = next - (x.0 + 30.0);
    assert!(gap > 1.0 && gap < 6.0, "a word space after it, not its width stretched: {gap}");
    assert!(x.0 + 30.0 <= line.width.0 + 0.01, "inside its line");
}

#[test]
fn a_ragged_paragraph_in_about_its_widest_words_width_leaves_no_line_empty() {
    // Flush right in about the width of "Density" (a narrow table column's head): breaking at
    // a ragged space's glue and at the penalty after it made an empty line that "fit".
    let mut ts = Typesetter::new().unwrap();
    let style = Style::plain(ts.fonts.select(Family::Serif, FontStyle::Bold), Pt(6.0));
    for w in [18.0, 20.0, 22.0, 22.997, 24.0, 26.0] {
        for text in ["Density (kg/\u{AD}m^3)", "Density (kg/m^3)"] {
            let p = Paragraph {
                chunks: vec![Chunk::Text { text: text.into(), style }],
                lang: "en".into(),
                align: Align::Right,
                shape: Shape::block(Pt(w), Pt::ZERO),
                hyphenate: true,
            };
            let lines: Vec<String> = ts.set(&p).iter().map(|l| line_text(&ts, l)).collect();
            assert!(lines.iter().all(|l| !l.is_empty()), "{w} {text:?}: {lines:?}");
            assert_eq!(lines.concat().replace(['-', ' '], ""), text.replace(['\u{AD}', ' '], ""), "{w}");
        }
    }
}

mod breaks;
mod hyphens;

#[test]
fn a_paragraph_with_one_impossible_line_is_loose_only_there() {
    // The Idiot's opening chapter at a narrow measure: where a paragraph has a line no setting
    // within the tolerance can make, the emergency pass takes it, and was judging every line with
    // the extra stretch, so the whole paragraph came out loose and unhyphenated (The Idiot's
    // closing paragraph, 124 lines with one hyphen). Only the lines that need it may be loose.
    let mut ts = Typesetter::new().unwrap();
    let russian = include_str!("../../tests/fixtures/ru-idiot-part1-ch1.md");
    let texts: Vec<String> = russian
        .split("\n\n")
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with(['#', '[', '.']) && !t.starts_with("---"))
        .map(|t| t.replace('\n', " "))
        .collect();
    let mut emergencies = 0;
    for measure in (200..=300).step_by(5) {
        for text in &texts {
            let p = para(&ts, text, "ru", Align::Justify, f64::from(measure));
            let lines = ts.set(&p);
            let Some((_, body)) = lines.split_last() else { continue };
            // Beyond TeX's tolerance of 200.
            let loose = body.iter().filter(|l| l.ratio > 1.26).count();
            emergencies += usize::from(loose > 0);
            assert!(loose <= 3, "{loose} of {} lines loose at {measure} pt: {text}", lines.len());
        }
    }
    assert!(emergencies > 0, "some paragraph needed the emergency pass");
}

#[test]
fn no_russian_paragraph_ends_on_a_line_holding_only_the_end_of_a_hyphenated_word() {
    // "гене-" over "рал.": The Idiot had 94, and here, at three measures, 10 before the rule.
    // English and French avoid such a line but allow it.
    let mut ts = Typesetter::new().unwrap();
    let paragraphs: Vec<Paragraph> = novel_paragraphs(&ts).into_iter().filter(|p| p.lang == "ru").collect();
    let (mut pieces, mut hyphenated) = (Vec::new(), 0);
    for measure in [240.0, 270.0, 300.0] {
        for p in &paragraphs {
            let p = Paragraph { shape: Shape::block(Pt(measure), Pt(12.0)), ..p.clone() };
            let lines = ts.set(&p);
            hyphenated += lines.iter().filter(|l| l.hyphenated).count();
            let text: String = p
                .chunks
                .iter()
                .filter_map(|c| if let Chunk::Text { text, .. } = c { Some(text.as_str()) } else { None })
                .collect();
            let last_word = text.split_whitespace().last().unwrap_or_default();
            // (Lines read back without their spaces.)
            if let [.., before, last] = lines.as_slice()
                && before.hyphenated
                && line_text(&ts, last).len() < last_word.len()
                && last_word.ends_with(&line_text(&ts, last))
            {
                pieces.push(format!(
                    "{} lines: {} / {}",
                    lines.len(),
                    line_text(&ts, before),
                    line_text(&ts, last)
                ));
            }
        }
    }
    assert!(hyphenated > 200, "the paragraphs are hyphenated: {hyphenated}");
    // A paragraph of a few lines may have no other setting short of a line far too loose, and
    // the piece is then the lesser evil: three of these 600 settings, each of two to four lines.
    assert!(pieces.len() <= 3, "{} last lines are pieces of a word: {pieces:?}", pieces.len());
    assert!(
        pieces.iter().all(|p| ["2 lines", "3 lines", "4 lines"].iter().any(|n| p.starts_with(n))),
        "{pieces:?}"
    );
}

#[test]
fn a_narrow_no_break_space_keeps_its_width_while_a_no_break_space_stretches() {
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, "Quelle espèce\u{202F}? — Tous\u{A0}ceux", "fr", Align::Justify, 288.0);
    let (items, _) = ts.items(&p, false);
    // Unbreakable spaces: the glue after each infinite penalty (not the last line's fill).
    let tied: Vec<(f64, f64)> = items
        .windows(2)
        .filter_map(|w| match w {
            [linebreak::Item::Penalty { cost, .. }, linebreak::Item::Glue { width, stretch, .. }]
                if *cost >= linebreak::INFINITY && *stretch < 1_000.0 =>
            {
                Some((*width, *stretch))
            }
            _ => None,
        })
        .collect();
    assert_eq!(tied.len(), 2, "{items:?}");
    let (narrow, wide) = (tied[0], tied[1]);
    assert!(narrow.0 > 0.0 && narrow.0 < wide.0, "{tied:?}");
    assert_eq!(narrow.1, 0.0, "the narrow space is fixed");
    assert!(wide.1 > 0.0, "the no-break space stretches with the others");
}

#[test]
fn the_space_after_a_paragraphs_dialogue_dash_is_fixed_and_a_later_dashs_stretches() {
    // The Idiot's "–  А  что  вы": the dash's space opened with the line's, up to 7.5 pt.
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, "–\u{A0}А что вы, –\u{A0}сказал он.", "ru", Align::Justify, 288.0);
    let (items, _) = ts.items(&p, false);
    let tied: Vec<f64> = items
        .windows(2)
        .filter_map(|w| match w {
            [linebreak::Item::Penalty { cost, .. }, linebreak::Item::Glue { stretch, .. }]
                if *cost >= linebreak::INFINITY && *stretch < 1_000.0 =>
            {
                Some(*stretch)
            }
            _ => None,
        })
        .collect();
    assert_eq!(tied.len(), 2, "{items:?}");
    assert_eq!(tied[0], 0.0, "the opening dash's space is fixed");
    assert!(tied[1] > 0.0, "a dash inside the paragraph keeps a space that stretches");
}

#[test]
fn a_compound_that_may_break_at_its_own_hyphen_breaks_nowhere_else() {
    // "что-ни-/будь", "сондай-сон-/дай": the audit of The Idiot and Qara sözder.
    let mut ts = Typesetter::new().unwrap();
    let added = |ts: &mut Typesetter, text: &str, lang: &str| {
        let p = para(ts, text, lang, Align::Justify, 288.0);
        let (items, _) = ts.items(&p, true);
        items.iter().filter(|i| matches!(i, linebreak::Item::Penalty { width, .. } if *width > 0.0)).count()
    };
    assert_eq!(added(&mut ts, "что-нибудь", "ru"), 0);
    assert_eq!(added(&mut ts, "сондай-сондай", "kk"), 0);
    // A word without one still hyphenates.
    assert!(added(&mut ts, "обыкновенно", "ru") > 0);
}
