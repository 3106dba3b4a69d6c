use super::*;

fn run(style: QuoteStyle, text: &str) -> String {
    Typographer::new(style).educate(text)
}

#[test]
fn english_quotes_and_apostrophes() {
    assert_eq!(run(QuoteStyle::English, r#""It's 'fine'," she said."#), "“It’s ‘fine’,” she said.");
}

#[test]
fn a_quote_before_markup_opens_and_one_before_a_line_end_closes() {
    let mut t = Typographer::new(QuoteStyle::English);
    // `He said "*Stop*"`: the first piece ends at the emphasis.
    t.followed_by(Some('*'));
    let first = t.educate("He said \"");
    t.skip("Stop");
    let second = t.educate("\" and '");
    assert_eq!((first.as_str(), second.as_str()), ("He said “", "” and ’"), "nothing follows: it closes");
    t.reset();
    t.followed_by(Some('`'));
    assert_eq!(t.educate("quoted '"), "quoted ‘", "code follows: it opens");
    t.followed_by(Some('\n'));
    assert_eq!(t.educate("said \""), "said ”", "a line break follows: it closes");
}

#[test]
fn single_quotes_open_before_punctuation_but_not_before_elisions_or_years() {
    assert_eq!(run(QuoteStyle::English, "before '?' or '!'"), "before ‘?’ or ‘!’");
    assert_eq!(
        run(QuoteStyle::English, "'Tis the '90s: rock 'n' roll, 'em all"),
        "’Tis the ’90s: rock ’n’ roll, ’em all"
    );
    assert_eq!(run(QuoteStyle::English, "a 'tiny' word"), "a ‘tiny’ word");
}

#[test]
fn titles_are_tied_to_the_name_after_them() {
    let tied = |lang: &str, text: &str| Typographer::for_language(lang).educate(text).replace('\u{A0}', "~");
    assert_eq!(tied("fr", "que Mme Dupont et M. Holmes"), "que Mme~Dupont et M.~Holmes");
    assert_eq!(tied("fr", "«Mlle Stapleton» dit Me Lyons"), "«Mlle~Stapleton\u{202F}» dit Me~Lyons");
    assert_eq!(
        tied("en", "said Mr. Darcy to Mrs Bennet (Dr. Jones)"),
        "said Mr.~Darcy to Mrs~Bennet (Dr.~Jones)"
    );
    // Not a title: a word ending in one, "Me" in English, a title ending a sentence's word.
    assert_eq!(tied("en", "Summer. Give Me liberty, Hummr. x"), "Summer. Give Me liberty, Hummr. x");
    assert_eq!(tied("de", "Herr Dr. Müller"), "Herr Dr. Müller");
    // Over a line break of the manuscript too.
    let mut t = Typographer::for_language("fr");
    t.educate("que Mme");
    assert_eq!(t.soft_break(), '\u{A0}');
    t.educate("Mortimer a dit");
    assert_eq!(t.soft_break(), '\n');
}

#[test]
fn initials_are_tied_to_the_name_after_them() {
    let tied = |lang: &str, text: &str| Typographer::for_language(lang).educate(text).replace('\u{A0}', "~");
    assert_eq!(tied("ru", "от И. И. Зурина и Б. М. Федорова"), "от И.~И.~Зурина и~Б.~М.~Федорова");
    // A Latin capital before a Cyrillic word is a chapter's numeral, not an initial.
    assert_eq!(tied("ru", "Глава I. Сержант гвардии"), "Глава I. Сержант гвардии");
    assert_eq!(tied("en", "J. R. R. Tolkien and Donald E. Knuth."), "J.~R.~R.~Tolkien and Donald E.~Knuth.");
    // Not a word's last letter, a number, or an abbreviation of two capitals.
    assert_eq!(tied("en", "Plan B2. Then the USA. And so."), "Plan B2. Then the USA. And so.");
    assert_eq!(
        tied("en", "E. coli, M. de Staël, I. II. III. And I. I see."),
        "E.~coli, M.~de Staël, I. II. III. And I. I see."
    );
    // Over a line break of the manuscript, too; a sentence's full stop after it is no initial.
    let mut t = Typographer::for_language("en");
    t.educate("said A.");
    assert_eq!(t.soft_break(), '\u{A0}');
    t.educate(" Smith.");
    assert_eq!(t.soft_break(), '\n');
}

#[test]
fn what_follows_a_piece_tells_a_mark_but_is_not_swallowed_with_it() {
    // A line that ends in an initial and a stray space: the text stops at "D.", the space is the
    // manuscript's next character, and the piece has nothing after the full stop to tie.
    let mut t = Typographer::for_language("en");
    t.followed_by(Some(' '));
    assert_eq!(t.educate("by J. D."), "by J.\u{A0}D.");
    // A dash or an ellipsis is made of the piece's own characters, never read past its end.
    for (piece, next, made) in
        [("a -", '-', "a -"), ("a --", '-', "a –"), ("so.", '.', "so."), ("so..", '.', "so..")]
    {
        let mut t = Typographer::for_language("en");
        t.followed_by(Some(next));
        assert_eq!(t.educate(piece), made, "{piece:?} before {next:?}");
    }
}

#[test]
fn russian_nested_quotes() {
    assert_eq!(run(QuoteStyle::Guillemets, r#""Он сказал "да"""#), "«Он сказал „да“»");
}

#[test]
fn one_letter_words_are_tied_to_the_next_where_the_language_asks() {
    let tie = |lang: &str, text: &str| Typographer::for_language(lang).educate(text);
    assert_eq!(
        tie("ru", "Он шёл в Москву и к морю, а \"с ней\" — я-то.").replace('\u{A0}', "~"),
        "Он шёл в~Москву и~к~морю, а~«с~ней»~— я-то."
    );
    // A dash inside a sentence stays with the word before it; a dialogue's opening one with
    // the word after it.
    assert_eq!(tie("ru", "– Да - нет -- да").replace('\u{A0}', "~"), "–~Да~— нет~– да");
    // Words of two letters, a letter in a hyphenated word, a figure, and English stay as typed.
    assert_eq!(tie("ru", "из-за X-5 5 к"), "из-за X-5 5 к");
    assert_eq!(tie("kk", "Абай мен Шәкәрім").matches('\u{A0}').count(), 0);
    // A letter after an apostrophe ends a word, as in Ukrainian's "ім'я" (typed or curly).
    assert_eq!(tie("uk", "ім'я і сім’я").replace('\u{A0}', "~"), "ім’я і~сім’я");
    assert_eq!(tie("en", "a book I read"), "a book I read");
    // Across the pieces a paragraph is read in, and over a line break in the manuscript.
    let mut t = Typographer::for_language("cs");
    assert_eq!(t.educate("Šel v"), "Šel v");
    assert_eq!(t.soft_break(), '\u{A0}');
    assert_eq!(t.educate("lese a "), "lese a\u{A0}");
    assert_eq!(t.soft_break(), '\n');
    // Code and formulas are no words: a letter they end in is not tied.
    let mut t = Typographer::for_language("ru");
    t.skip("a b");
    assert_eq!(t.educate(" код"), " код");
    t.skip("x");
    assert_eq!(t.soft_break(), '\n');
    // Two spaces typed after the word tie as one.
    assert_eq!(tie("cs", "Šel v  lese"), "Šel v\u{A0}lese");
}

#[test]
fn russian_particles_are_tied_to_the_word_before_them() {
    // The Idiot's "Знаете / ли" and "Денег / же": a particle never opens a line.
    let tie = |lang: &str, text: &str| Typographer::for_language(lang).educate(text).replace('\u{A0}', "~");
    assert_eq!(tie("ru", "Знаете ли, денег же нет, был бы рад."), "Знаете~ли, денег~же нет, был~бы рад.");
    // Only as words of their own: "либо" and "бывает" are other words.
    assert_eq!(tie("ru", "это либо то, оно бывает"), "это либо то, оно бывает");
    assert_eq!(tie("ru", "там бы\u{301}ло"), "там бы\u{301}ло", "a stressed word is no particle");
    assert_eq!(tie("en", "Ask li now"), "Ask li now");
}

#[test]
fn a_quotation_mark_after_a_line_break_in_the_manuscript_opens() {
    let mut t = Typographer::new(QuoteStyle::English);
    assert_eq!(t.educate("He said"), "He said");
    assert_eq!(t.soft_break(), '\n');
    assert_eq!(t.educate("\"hello\""), "“hello”");
}

#[test]
fn german_quotes() {
    assert_eq!(run(QuoteStyle::German, r#"Er sagte "ja"."#), "Er sagte „ja“.");
}

#[test]
fn french_spaces() {
    assert_eq!(
        run(QuoteStyle::French, "« Oui ! » dit-il ; 12:30"),
        "«\u{202F}Oui\u{202F}!\u{202F}» dit-il\u{202F}; 12:30"
    );
    assert_eq!(run(QuoteStyle::French, r#"Il dit "non"."#), "Il dit «\u{202F}non\u{202F}».");
}

#[test]
fn french_dialogue_and_marks_over_a_line_break_keep_their_spaces() {
    let mut t = Typographer::for_language("fr");
    // Le Chien des Baskerville: a dialogue's dash, and `rougir` / `!…` over a line break.
    assert_eq!(t.educate("— Non ; mais"), "—\u{A0}Non\u{202F}; mais");
    t.reset();
    assert_eq!(t.educate("à en rougir"), "à en rougir");
    t.soft_break();
    assert_eq!(t.educate("!… Je"), "\u{202F}!… Je");
    t.reset();
    assert_eq!(t.educate("Quoi?!"), "Quoi\u{202F}?!");
    assert_eq!(t.educate(" à 12:30"), " à 12:30");
}

#[test]
fn dashes_and_ellipses() {
    assert_eq!(run(QuoteStyle::English, "a -- b --- c..."), "a – b — c…");
}

#[test]
fn a_spaced_hyphen_is_a_dash() {
    assert_eq!(run(QuoteStyle::English, "yes - no, one-to-one"), "yes – no, one-to-one");
    let kazakh = Typographer::for_language("kk").educate("бар - жоқ, бір-бірі -- екі");
    assert_eq!(
        kazakh.replace('\u{A0}', "~"),
        "бар~— жоқ, бір-бірі~– екі",
        "em dash, tied to the word before"
    );
    assert_eq!(Typographer::for_language("en").educate("yes - no"), "yes – no");
}

#[test]
fn curly_quotes_kept() {
    assert_eq!(run(QuoteStyle::Guillemets, "“Hello” «мир»"), "“Hello” «мир»");
}

#[test]
fn any_text_cut_into_any_pieces_keeps_its_letters_in_order() {
    // What pulldown-cmark may hand over: text cut anywhere, each piece told the character the
    // manuscript has after it. Marks may change; letters and digits never go, move or double.
    const BITS: [&str; 24] = [
        "J", "D", "и", "Ә", "a", "word", "7", " ", "  ", ".", "..", "-", "--", "'", "\"", "«", "»", ";", ":",
        "!", "?", "\n", "\u{A0}", "—",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let kept = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    for round in 0..3000 {
        let text: String = (0..next(30)).map(|_| BITS[next(BITS.len())]).collect();
        let lang = ["en", "ru", "kk", "fr", "de"][round % 5];
        let mut t = Typographer::for_language(lang);
        let mut cuts: Vec<usize> = (0..next(4)).map(|_| next(text.len() + 1)).collect();
        cuts.retain(|&c| text.is_char_boundary(c));
        cuts.extend([0, text.len()]);
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = String::new();
        for w in cuts.windows(2) {
            t.followed_by(text[w[1]..].chars().next());
            out.push_str(&t.educate(&text[w[0]..w[1]]));
        }
        assert_eq!(kept(&out), kept(&text), "{lang}: {text:?} cut at {cuts:?} gave {out:?}");
    }
}
