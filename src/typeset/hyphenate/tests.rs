//! The hyphenator: shipped patterns, a book's own rules, exceptions and caches.

use super::*;

fn show(h: &mut Hyphenator, lang: &str, word: &str) -> String {
    let breaks = h.breaks(lang, word);
    let mut out = String::new();
    for (i, c) in word.char_indices() {
        if breaks.contains(&i) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

#[test]
fn fast_lower_and_upper_case_agree_with_the_standard_library_for_every_character() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let mut l = c.to_lowercase();
        let expected = match (l.next(), l.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        };
        assert_eq!(lower(c), expected, "{c:?} U+{:04X}", c as u32);
        assert_eq!(is_upper(c), c.is_uppercase(), "{c:?} U+{:04X}", c as u32);
    }
}

#[test]
fn words_tied_by_a_no_break_space_each_hyphenate_as_themselves() {
    let mut h = Hyphenator::new();
    let alone = show(&mut h, "ru", "удовольствием");
    assert!(alone.contains('-'), "{alone}");
    assert_eq!(show(&mut h, "ru", "с\u{A0}удовольствием"), format!("с\u{A0}{alone}"));
    let two = show(&mut h, "ru", "перекрестке");
    assert_eq!(
        show(&mut h, "ru", "перекрестке\u{A0}и\u{A0}удовольствием,"),
        format!("{two}\u{A0}и\u{A0}{alone},")
    );
    let kk = show(&mut h, "kk", "Қазақстанның");
    assert_eq!(show(&mut h, "kk", "мен\u{202F}Қазақстанның"), format!("мен\u{202F}{kk}"));
}

#[test]
fn words_met_in_another_case_or_with_punctuation_break_alike_by_their_own_bytes() {
    let mut h = Hyphenator::new();
    let plain = show(&mut h, "ru", "перекрестке");
    assert_eq!(plain.replace('-', ""), "перекрестке");
    assert!(plain.contains('-'), "{plain}");
    // The letters' breaks come from the cache of lower-cased cores, shifted to each word's own
    // byte offsets (capital Cyrillic letters are as long as small ones; «, — and ё are not).
    assert_eq!(show(&mut h, "ru", "«Перекрестке,"), format!("«{}", capitalised(&plain)) + ",");
    assert_eq!(show(&mut h, "ru", "—перекрестке…"), format!("—{plain}…"));
    assert_eq!(show(&mut h, "ru", "ПЕРЕКРЕСТКЕ"), "ПЕРЕКРЕСТКЕ", "capitals stay whole");
    let first = show(&mut h, "kk", "Қазақстанның");
    assert_eq!(show(&mut h, "kk", "қазақстанның"), first.to_lowercase());
}

#[test]
fn french_german_and_ukrainian_words_break_by_their_own_patterns() {
    let mut h = Hyphenator::new();
    // Each language's syllables, not another's: a word unknown to a language's patterns
    // would have no break at all.
    assert_eq!(show(&mut h, "fr", "extraordinaire"), "ex-tra-or-di-naire");
    assert_eq!(show(&mut h, "fr", "l’enquête"), "l’en-quête");
    assert_eq!(show(&mut h, "de", "Silbentrennung"), "Sil-ben-tren-nung");
    assert_eq!(show(&mut h, "uk", "український"), "укра-їн-ський");
}

#[test]
fn an_elided_article_is_not_a_syllable_and_french_carries_three_letters() {
    // Le Chien des Baskerville had d’é-normes and j’a-vance: the patterns keep the letter
    // after an apostrophe with it, once they see the apostrophe they were written with.
    let mut h = Hyphenator::new();
    for (word, set) in
        [("d’énormes", "d’énormes"), ("j’avance", "j’avance"), ("d’avancement", "d’avan-ce-ment")]
    {
        assert_eq!(show(&mut h, "fr", word), set);
    }
    assert_eq!(show(&mut h, "fr", "rythmé"), "rythmé", "two letters are not carried");
    let typographic = show(&mut h, "uk", "п’ятниця");
    assert!(typographic.contains('-'), "{typographic}");
    assert_eq!(typographic.replace('’', "'"), show(&mut h, "uk", "п'ятниця"));
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[test]
fn an_exception_with_a_doubled_hyphen_keeps_its_later_breaks() {
    let mut h = Hyphenator::new();
    h.add_exceptions("en", "hy--phen-ation");
    assert_eq!(show(&mut h, "en", "hyphenation"), "hy-phen-ation");
}

#[test]
fn kazakh_words_split_where_the_patterns_say() {
    let mut h = Hyphenator::new();
    // қ1с and с1т both apply: Liang's rule gives a one-letter fragment, as TeX would.
    assert_eq!(show(&mut h, "kk", "қазақстан"), "қа-зақ-с-тан");
    // No pattern breaks before б after е when и follows (и counts as a glide): only е1ті.
    assert_eq!(show(&mut h, "kk", "әдебиеті"), "әдебие-ті");
    assert_eq!(show(&mut h, "kk", "Қазақстанның,"), "Қа-зақ-с-тан-ның,");
}

#[test]
fn russian_and_english() {
    let mut h = Hyphenator::new();
    assert_eq!(show(&mut h, "ru", "безопасность"), "без-опас-ность");
    assert_eq!(show(&mut h, "en", "hyphenation"), "hy-phen-ation");
    assert_eq!(show(&mut h, "en-GB", "regional"), "re-gional");
}

#[test]
fn pattern_files_own_exceptions_are_honoured() {
    let mut h = Hyphenator::new();
    // Both are in the \hyphenation{} lists of the shipped files.
    assert_eq!(show(&mut h, "en", "associate"), "as-so-ciate");
    assert_eq!(show(&mut h, "ru", "бизнесмен"), "биз-нес-мен");
}

#[test]
fn capitals_numbers_urls_and_soft_hyphens() {
    let mut h = Hyphenator::new();
    assert!(h.breaks("en", "NATO-UNESCO").is_empty());
    assert!(h.breaks("en", "1234567890").is_empty());
    assert!(h.breaks("en", "https://example.org/hyphenation").is_empty());
    assert_eq!(show(&mut h, "en", "super\u{AD}calif"), "super\u{AD}-calif");
}

#[test]
fn a_books_own_patterns_replace_the_shipped_ones_and_keep_its_exceptions() {
    let mut h = Hyphenator::new();
    h.add_patterns("xx", "\\patterns{ 1b 1d }", 1, 1).unwrap();
    h.add_exceptions("xx", "ab-cd-ef");
    assert_eq!(show(&mut h, "xx", "abade"), "a-ba-de");
    assert_eq!(show(&mut h, "xx", "abcdef"), "ab-cd-ef");
}

#[test]
fn a_books_exception_file_is_read_in_every_block_and_not_its_comments() {
    let mut h = Hyphenator::new();
    let file = "% hyphena-tion in a comment\n\\hyphenation{ hy-phenation }\n\\hyphenation{algo-rithm}\n";
    h.add_book_rules("en", &[("own.tex".into(), file.into())], &[]).unwrap();
    assert_eq!(show(&mut h, "en", "hyphenation"), "hy-phenation");
    assert_eq!(show(&mut h, "en", "algorithm"), "algo-rithm");
}

#[test]
fn book_exceptions_override_patterns() {
    let mut h = Hyphenator::new();
    h.add_exceptions("en", "hyphena-tion");
    assert_eq!(show(&mut h, "en", "hyphenation"), "hyphena-tion");
}

#[test]
fn a_books_exceptions_stay_with_its_hyphenator_though_the_patterns_are_shared() {
    // Loaded first, the shipped patterns are then shared; exceptions added after loading,
    // and before it, must copy them rather than reach the next book's hyphenator.
    let mut first = Hyphenator::new();
    assert_eq!(show(&mut first, "en-US", "hyphenation"), "hy-phen-ation");
    first.add_exceptions("en-us", "hyphena-tion");
    assert_eq!(show(&mut first, "EN-us", "hyphenation"), "hyphena-tion");
    let mut early = Hyphenator::new();
    early.add_exceptions("en-US", "hyphe-nation");
    assert_eq!(show(&mut early, "en-US", "hyphenation"), "hyphe-nation");
    let mut next = Hyphenator::new();
    assert_eq!(show(&mut next, "en-US", "hyphenation"), "hy-phen-ation");
}

#[test]
fn the_letter_test_agrees_with_the_standard_library() {
    for c in ('\0'..='\u{0700}').chain('\u{1E00}'..='\u{2100}') {
        assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
    }
}
