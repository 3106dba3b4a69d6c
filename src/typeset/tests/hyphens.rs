//! Hyphenation in set paragraphs: patterns by language, a book's exceptions, compounds and a
//! word's own hyphens, the author's soft hyphens, names, passages in another language.

use super::*;

#[test]
fn a_word_takes_new_exceptions_though_its_shape_kept_its_old_hyphens() {
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, "geopolitics geopolitics", "en", Align::Justify, 283.0);
    let hyphens = |ts: &mut Typesetter| {
        let (items, _) = ts.items(&p, true);
        items.iter().filter(|i| matches!(i, linebreak::Item::Penalty { flagged: true, .. })).count()
    };
    // Both uses hyphenate alike, the second from what the first kept with the word's shape.
    let before = hyphens(&mut ts);
    assert!(before >= 2 && before % 2 == 0, "{before} hyphens");
    ts.hyphenator.add_exceptions("en", "geopolitics");
    assert_eq!(hyphens(&mut ts), 0, "the exception (no break) is ignored");
    ts.hyphenator.add_exceptions("en", "geo-politics");
    assert_eq!(hyphens(&mut ts), 2);
}

#[test]
fn a_shared_word_keeps_its_hyphens_only_for_typesetters_with_the_same_patterns() {
    let store = std::sync::Arc::new(shape::SharedWords::new());
    let mut first = Typesetter::new().unwrap();
    first.shaper.share(store.clone());
    let p = para(&first, "geopolitics geopolitics", "en", Align::Justify, 283.0);
    let hyphens = |ts: &mut Typesetter| {
        let (items, _) = ts.items(&p, true);
        items.iter().filter(|i| matches!(i, linebreak::Item::Penalty { flagged: true, .. })).count()
    };
    let found = hyphens(&mut first);
    assert!(found >= 2, "{found} hyphens");
    first.shaper.publish();
    let mut alike = Typesetter::new().unwrap();
    alike.shaper.share(store.clone());
    assert_eq!(hyphens(&mut alike), found);
    assert!(alike.shaper.hits > 0, "the word came from the store");
    assert_eq!(alike.hyphenator.generation(), first.hyphenator.generation(), "shipped patterns alike");
    let mut own = Typesetter::new().unwrap();
    own.shaper.share(store);
    own.hyphenator.add_exceptions("en", "geopolitics");
    assert_eq!(hyphens(&mut own), 0, "the book's own exception wins over the shared word's hyphens");
    assert!(own.shaper.hits > 0);
}

#[test]
fn a_narrow_measure_needs_hyphens_and_gets_them() {
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, TEXT, "en", Align::Justify, 110.0);
    let lines = ts.set(&p);
    let hyphenated: Vec<String> = lines.iter().filter(|l| l.hyphenated).map(|l| line_text(&ts, l)).collect();
    assert!(!hyphenated.is_empty(), "no line hyphenated at 110 pt");
    assert!(hyphenated.iter().all(|t| t.ends_with('-')), "{hyphenated:?}");
    for pair in lines.windows(3) {
        assert!(!(pair[0].hyphenated && pair[1].hyphenated && pair[2].hyphenated), "three hyphens in a row");
    }
}

#[test]
fn kazakh_text_is_set_with_kazakh_hyphenation() {
    let mut ts = Typesetter::new().unwrap();
    let text = "Адамның бір қызығы бала жастан басталады. Қазақстанның тәуелсіздігі жылдарында жүргізілген экономикалық реформалар мемлекеттің өркендеуіне жол ашты.";
    let p = para(&ts, text, "kk", Align::Justify, 120.0);
    let lines = ts.set(&p);
    let all: String = lines.iter().map(|l| line_text(&ts, l)).collect();
    for c in "ӘәҒғҚқҢңӨөҰұҮүҺһІі".chars().filter(|c| text.contains(*c)) {
        assert!(all.contains(c), "{c} lost");
    }
    assert!(lines.iter().flat_map(|l| &l.runs).flat_map(|r| &r.glyphs).all(|g| g.id != 0));
}

#[test]
fn a_compound_hyphenates_in_each_part_and_breaks_after_its_own_hyphen() {
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, "gentleman-like; misrepresentation", "en", Align::Justify, 300.0);
    let (items, _) = ts.items(&p, true);
    let penalties: Vec<(f64, bool)> = items
        .iter()
        .filter_map(|i| match *i {
            linebreak::Item::Penalty { cost, flagged, .. } if cost.abs() < linebreak::INFINITY => {
                Some((cost, flagged))
            }
            _ => None,
        })
        .collect();
    // gen-tle-man, a break after "gentleman-" (the word's own hyphen), and mis-rep-re-sen-ta-tion.
    let own = penalties.iter().filter(|(c, f)| *f && *c == 50.0).count();
    let added = penalties.iter().filter(|(c, f)| *f && *c > 50.0).count();
    assert_eq!(own, 1, "{penalties:?}");
    assert!(added >= 5, "hyphenation points in both words: {penalties:?}");
    // One box per piece of each word, and the first-line indent's.
    let boxes = items.iter().filter(|i| matches!(i, linebreak::Item::Box { .. })).count();
    assert_eq!(boxes, penalties.len() + 2 + 1, "{penalties:?}");
}

/// The costs of the hyphens folio adds to a paragraph of `text`.
fn hyphen_costs(ts: &mut Typesetter, text: &str, lang: &str) -> Vec<f64> {
    let p = para(ts, text, lang, Align::Justify, 300.0);
    let (items, _) = ts.items(&p, true);
    items
        .iter()
        .filter_map(|i| match *i {
            linebreak::Item::Penalty { cost, flagged: true, .. } => Some(cost),
            _ => None,
        })
        .collect()
}

#[test]
fn english_and_french_names_are_hyphenated_only_where_nothing_else_will_do() {
    let mut ts = Typesetter::new().unwrap();
    let name = hyphen_costs(&mut ts, "Elizabeth", "en");
    let word = hyphen_costs(&mut ts, "elizabeth", "en");
    assert!(!name.is_empty() && name.len() == word.len(), "{name:?} {word:?}");
    // Dearer than a line at the tolerance (badness 200 and the line penalty, squared).
    assert!(name.iter().all(|&c| c * c > 2.0 * 210.0f64.powi(2)), "{name:?}");
    assert!(word.iter().all(|&c| c < name[0]), "{word:?}");
    let french = hyphen_costs(&mut ts, "Baskerville", "fr");
    assert!(!french.is_empty() && french.iter().all(|&c| c == name[0]), "{french:?}");
    // Russian divides a name as any word.
    let (name, word) = (hyphen_costs(&mut ts, "Мышкина", "ru"), hyphen_costs(&mut ts, "мышкина", "ru"));
    assert!(!name.is_empty() && name == word, "{name:?} {word:?}");
}

#[test]
fn a_words_own_hyphen_leaves_no_letter_alone_before_nor_a_particle_after() {
    let mut ts = Typesetter::new().unwrap();
    let p = para(&ts, "знаем-с, в-пятых, кто-то, попробуй-ка, кто-нибудь", "ru", Align::Justify, 300.0);
    let (items, _) = ts.items(&p, true);
    let own = items
        .iter()
        .filter(|i| matches!(**i, linebreak::Item::Penalty { cost, flagged: true, .. } if cost == 50.0))
        .count();
    assert_eq!(own, 1, "only кто-/нибудь breaks at its hyphen: {items:?}");
}

#[test]
fn a_compound_whose_hyphen_may_not_end_a_line_hyphenates_in_its_parts() {
    let mut ts = Typesetter::new().unwrap();
    // The Idiot's "Нечего пропускать-то!": unbreakable whole, it left a line four times as loose
    // as the book's median. Its parts hyphenate as words; the hyphen before its particle still
    // does not end a line. (Added hyphens cost 200, breaks after the word's own hyphen 50.)
    let mut costs = |text: &str, lang: &str| {
        let p = para(&ts, text, lang, Align::Justify, 300.0);
        let (items, _) = ts.items(&p, true);
        let flagged = |c: f64| {
            items
                .iter()
                .filter(|i| matches!(**i, linebreak::Item::Penalty { cost, flagged: true, .. } if cost == c))
                .count()
        };
        (flagged(200.0), flagged(50.0))
    };
    let (added, own) = costs("пропускать-то!", "ru");
    assert!(added >= 1 && own == 0, "{added} {own}");
    let (added, own) = costs("follow-up", "en");
    assert!(added >= 1 && own == 0, "fol-low-up: {added} {own}");
    // One that may break at its hyphen breaks there alone, as before; one refused for the letter
    // alone before its hyphen does not break after it either ("в-пя-/тых").
    assert_eq!(costs("что-нибудь", "ru"), (0, 1));
    assert_eq!(costs("в-пятых", "ru"), (0, 0));
    // A word after a dash hyphenates as any, whatever the compound before the dash.
    let (added, _) = costs("e-commerce\u{2014}extraordinarily", "en");
    assert!(added >= 3, "ex-tra-or-di-nar-i-ly: {added}");
    // Set narrow, it divides in its first part, its particle kept on.
    let p = para(&ts, "пропускать-то!", "ru", Align::Left, 40.0);
    let texts: Vec<String> = ts.set(&p).iter().map(|l| line_text(&ts, l)).collect();
    assert!(texts.len() > 1 && texts.last().is_some_and(|t| t.ends_with("кать-то!")), "{texts:?}");
}

#[test]
fn an_authors_soft_hyphen_breaks_with_a_hyphen_in_any_language() {
    let mut ts = Typesetter::new().unwrap();
    // Italian has no shipped patterns; the paragraph is not hyphenated either.
    for (lang, hyphenate) in [("it", true), ("it", false), ("en", true)] {
        let p = Paragraph {
            hyphenate,
            ..para(&ts, "Precipitevolissi\u{AD}mevolmente\u{AD}mente sempre", lang, Align::Left, 100.0)
        };
        let lines = ts.set(&p);
        let texts: Vec<String> = lines.iter().map(|l| line_text(&ts, l)).collect();
        assert!(texts.len() > 1 && texts[0].ends_with('-'), "{lang} {hyphenate}: {texts:?}");
        assert!(lines.iter().all(|l| !l.overfull), "{lang} {hyphenate}: {texts:?}");
    }
}

#[test]
fn a_passage_in_another_language_is_hyphenated_by_its_own_patterns() {
    let mut ts = Typesetter::new().unwrap();
    // A French word in a Russian paragraph: Russian patterns know no Latin letters.
    let mut p = para(&ts, "extraordinaire", "ru", Align::Justify, 283.0);
    let points = |ts: &mut Typesetter, p: &Paragraph| {
        let (items, _) = ts.items(p, true);
        items.iter().filter(|i| matches!(i, linebreak::Item::Penalty { flagged: true, .. })).count()
    };
    assert_eq!(points(&mut ts, &p), 0, "as the paragraph's own: no breaks");
    let Chunk::Text { style, .. } = &mut p.chunks[0] else { unreachable!() };
    style.lang = Some(hyphenate::PassageLang::of("fr"));
    // ex-tra-or-di-naire, as the French patterns have it (three letters carried over).
    assert_eq!(points(&mut ts, &p), 4, "as French");
    // A language folio has no patterns for is not hyphenated by the paragraph's.
    let mut en = para(&ts, "straordinario", "en", Align::Justify, 283.0);
    let english = points(&mut ts, &en);
    assert!(english > 0, "English patterns break it when told it is English");
    let Chunk::Text { style, .. } = &mut en.chunks[0] else { unreachable!() };
    style.lang = Some(hyphenate::PassageLang::of("it"));
    assert_eq!(points(&mut ts, &en), 0, "Italian: none");
    assert_eq!(hyphenate::PassageLang::of("en-GB").tag(), "en-GB");
    assert_eq!(hyphenate::PassageLang::of("fr-CA").tag(), "fr");
    assert_eq!(hyphenate::PassageLang::of("it").tag(), "und");
}
