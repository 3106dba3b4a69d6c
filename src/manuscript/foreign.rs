//! Foreign phrases in a Cyrillic text: a run of Latin-script words (a French remark in The
//! Idiot, Petrarch's line over a chapter of Onegin) is marked with its language when its words
//! say which, so that a screen reader speaks it in that language rather than spelling it out with
//! Russian sounds (WCAG's "language of parts"), and a reading system hyphenates it by that
//! language's rules. Only what the words make plain is marked: a run with no telling word (a
//! name, a title, Roman numerals) or with words of two languages is left as it is, and an
//! author's own marking (`[…]{lang=fr}`) is never touched.

use crate::model::{Inline, Lang, Section};

/// Languages written in Cyrillic, by primary subtag: in their text a Latin-script run is foreign.
const CYRILLIC: [&str; 14] =
    ["ru", "uk", "be", "bg", "kk", "ky", "mk", "mn", "tg", "tt", "ba", "cv", "os", "sah"];

/// Words that tell a language, each listed under the only one of these it is common in: `was`,
/// `an`, `du`, `il`, `se`, `non` and their like are common to two and tell neither.
#[rustfmt::skip]
const TELLING: [(&str, &[&str]); 5] = [
    ("fr", &[
        "le", "les", "un", "une", "de", "et", "est", "que", "qui", "je", "elle", "nous", "vous",
        "ils", "elles", "pas", "ne", "sur", "pour", "dans", "avec", "au", "aux", "mon", "mes",
        "ton", "ta", "tes", "son", "sa", "ses", "ce", "cette", "notre", "votre", "très", "mais",
        "où", "oui", "bien", "était", "sont", "tout", "plus", "comme", "moi", "toi", "lui", "bah",
        "alors", "cher", "chère", "bon", "bonne", "petit", "petite", "merci", "vraiment", "fille",
        "fils", "ou", "avez", "suis", "sommes", "êtes", "avait", "été", "chez", "aussi", "toujours",
        "jamais", "rien", "beaucoup", "encore", "voilà", "quel", "quelle", "donc", "ainsi", "peut",
        "fait", "dit",
    ]),
    ("en", &[
        "the", "and", "of", "to", "is", "that", "it", "for", "you", "with", "be", "are", "this",
        "my", "your", "his", "her", "what", "have", "do", "not", "we", "they", "she", "he", "will",
        "if", "from", "which", "there", "our", "would", "been", "has", "had", "were", "thee",
        "thou", "thy",
    ]),
    ("de", &[
        "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "er", "sie", "wir", "ihr",
        "mit", "von", "zu", "den", "dem", "auf", "für", "sich", "auch", "mein", "dein", "nur",
        "nach", "bei", "aus", "über", "noch", "schon", "sehr", "gut", "wie", "mir", "mich", "dich",
    ]),
    ("it", &[
        "lo", "gli", "una", "di", "che", "è", "per", "sono", "mi", "ti", "del", "della", "dei",
        "nel", "nella", "sotto", "questo", "quella", "anche", "più", "io", "voi", "loro", "mio",
        "mia", "sempre", "bene", "ancora", "siamo", "tutto", "tutti", "cosa", "questa", "quello",
        "perché", "dove", "quando", "niente", "molto",
    ]),
    // Latin is told only by its own words: `de`, `et`, `non` and `in` are another language's
    // too, so "de profundis" and "et cetera" are left unmarked rather than read as French.
    ("la", &[
        "cetera", "profundis", "possumus", "culpa", "sancta", "sanctus", "coeli", "caeli", "lumen",
        "quod", "sed", "ergo", "nisi", "vade", "mecum", "sine", "deus", "domini", "dominus", "vox",
        "populi", "veritas", "lux", "nihil", "omnia", "vincit", "memento", "mori", "carpe", "diem",
        "ipso", "facto", "fide", "rus", "urbi", "orbi", "ecce", "homo", "requiem", "aeternam",
        "tempora", "mores", "alea", "iacta", "veni", "vidi", "vici", "cogito",
    ]),
];

/// Marks the foreign runs of every section written in a Cyrillic language (its own, or the
/// book's).
pub fn mark(sections: &mut [Section], book_lang: &Lang) {
    for s in sections {
        section(s, book_lang);
    }
}

fn section(s: &mut Section, inherited: &Lang) {
    let lang = s.lang.clone().unwrap_or_else(|| inherited.clone());
    // The section's own text here; its subsections with their own languages below.
    let mut children = std::mem::take(&mut s.children);
    if CYRILLIC.contains(&lang.primary().as_str()) {
        s.each_run_mut(&mut |_, run| mark_run(run));
    }
    for c in &mut children {
        section(c, &lang);
    }
    s.children = children;
}

/// Marks the foreign runs in a run of inlines, leaving code, formulas and marked passages alone.
/// A text is changed only where it has a run: most of a Russian book's have no Latin letter.
fn mark_run(run: &mut Vec<Inline>) {
    let mut i = 0;
    while i < run.len() {
        match &mut run[i] {
            Inline::Text(text) => {
                // Every Latin run has an ASCII letter, and Cyrillic text has no ASCII byte.
                let found =
                    if text.bytes().any(|b| b.is_ascii_alphabetic()) { runs(text) } else { Vec::new() };
                if found.is_empty() {
                    i += 1;
                    continue;
                }
                let pieces = split(std::mem::take(text), found);
                let n = pieces.len();
                run.splice(i..=i, pieces);
                i += n;
            }
            Inline::Foreign(..) | Inline::Code(_) | Inline::Math { .. } => i += 1,
            other => {
                if let Some(children) = other.children_mut() {
                    mark_run(children);
                }
                i += 1;
            }
        }
    }
}

/// A text as texts and the foreign passages found in it.
fn split(text: String, found: Vec<(usize, usize, Lang)>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(2 * found.len() + 1);
    let mut from = 0;
    for (start, end, lang) in found {
        if start > from {
            out.push(Inline::Text(text[from..start].to_string()));
        }
        let passage = untie(&text[start..end], &lang);
        out.push(Inline::Foreign(lang, vec![Inline::Text(passage)]));
        from = end;
    }
    if from < text.len() {
        out.push(Inline::Text(text[from..].to_string()));
    }
    out
}

/// A passage without the ties the book's language put after its one-letter words, unless its
/// own language ties them too: the Russian rule that keeps "в" off a line's end would bind
/// Italian's "i giorni" and French's "y a" as no Italian or French printer does.
fn untie(passage: &str, lang: &Lang) -> String {
    if !passage.contains('\u{A0}') || super::punctuation::ties(&lang.primary()) {
        return passage.to_string();
    }
    let mut out = String::with_capacity(passage.len());
    let (mut prev, mut before_prev) = (None::<char>, None::<char>);
    for c in passage.chars() {
        let lone = prev.is_some_and(char::is_alphabetic)
            && before_prev.is_none_or(|b| !b.is_alphanumeric() && !matches!(b, '-' | '\'' | '’'));
        out.push(if c == '\u{A0}' && lone { ' ' } else { c });
        (before_prev, prev) = (prev, Some(c));
    }
    out
}

/// The byte ranges of a text's Latin-script runs whose language is plain, with it.
fn runs(text: &str) -> Vec<(usize, usize, Lang)> {
    let mut found = Vec::new();
    // The run being read: its start, the end of its last word, and its words.
    let mut run: Option<(usize, usize, Vec<&str>)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if latin(c) {
            // A word: letters, and an apostrophe or hyphen between letters.
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let inside = matches!(d, '\'' | '’' | '-') && text[j + d.len_utf8()..].starts_with(latin);
                // Accents may be written as marks after their letters (e and U+0301 for é).
                let mark = ('\u{300}'..='\u{36F}').contains(&d);
                if !(latin(d) || mark || inside) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let word = &text[i..end];
            match &mut run {
                Some((_, last, words)) => {
                    *last = end;
                    words.push(word);
                }
                None => run = Some((i, end, vec![word])),
            }
        } else {
            // Space and punctuation go on with a phrase, and so does a stray letter inside one.
            let goes_on = between_words(c) || run.is_some() && stray(c, chars.peek().map(|&(_, d)| d));
            if goes_on {
                continue;
            }
            found.extend(run.take().and_then(judged));
        }
    }
    found.extend(run.and_then(judged));
    found
}

/// A run's range and language, when it has two words or more and they tell one language.
fn judged((start, end, words): (usize, usize, Vec<&str>)) -> Option<(usize, usize, Lang)> {
    let words: Vec<&str> = words.into_iter().filter(|w| !crate::model::is_number(w)).collect();
    if words.len() < 2 {
        return None;
    }
    let mut scores = [0usize; TELLING.len()];
    // A word's own hyphen parts words that tell apart: "Réveillez-vous", "Qu'écrirez-vous".
    for word in words.iter().flat_map(|w| w.split('-')) {
        let lower = word.to_lowercase();
        // French elision tells French: qu'on, s'en, c'est, d'une, j'ai, n'est.
        let elided = lower.split_once(['\'', '’']).map(|(head, _)| head);
        if elided.is_some_and(|h| matches!(h, "qu" | "s" | "c" | "d" | "j" | "n" | "m" | "t")) {
            scores[0] += 1;
            continue;
        }
        for (k, (_, list)) in TELLING.iter().enumerate() {
            if list.contains(&lower.as_str()) {
                scores[k] += 1;
            }
        }
    }
    let best = (0..scores.len()).max_by_key(|&k| scores[k])?;
    let rest = scores.iter().enumerate().filter(|&(k, _)| k != best).map(|(_, &s)| s).max().unwrap_or(0);
    // Plainly one language: it has telling words and no other has half as many.
    (scores[best] > 0 && scores[best] > 2 * rest)
        .then(|| Lang::parse(TELLING[best].0))
        .flatten()
        .map(|l| (start, end, l))
}

/// A letter of the Latin script (with the accented letters of its Western European languages).
fn latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic() && c != '×' && c != '÷')
}

/// A lone letter of another script inside a phrase: texts keyed on a Russian keyboard carry a
/// Cyrillic е or ё for é or ë ("camеlias", "Staёl") and an а for à; the phrase goes on over it.
fn stray(c: char, next: Option<char>) -> bool {
    c.is_alphabetic() && next.is_none_or(|d| latin(d) || between_words(d))
}

/// What may stand between the words of one phrase.
fn between_words(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | ',' | ';' | ':' | '.' | '!' | '?' | '…' | '-' | '–' | '—')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> Vec<(String, String)> {
        runs(text).into_iter().map(|(s, e, l)| (text[s..e].to_string(), l.as_str().to_string())).collect()
    }

    #[test]
    fn phrases_are_marked_by_the_words_that_tell_their_language() {
        let fr = |s: &str| (s.to_string(), "fr".to_string());
        assert_eq!(marked("– Je vous aime, Marie, – сказал он."), [fr("Je vous aime, Marie")]);
        assert_eq!(marked("тут он прибавил: on s’en va pour toujours!"), [fr("on s’en va pour toujours")]);
        assert_eq!(marked("и это Rira bien qui rira le dernier"), [fr("Rira bien qui rira le dernier")]);
        let one = |s: &str, lang: &str| vec![(s.to_string(), lang.to_string())];
        assert_eq!(marked("– Réveillez-vous, belle endormie!"), one("Réveillez-vous, belle endormie", "fr"));
        assert_eq!(
            marked("«Idol mio», «sempre bene»"),
            [one("Idol mio", "it"), one("sempre bene", "it")].concat()
        );
        assert_eq!(marked("уехал nach Russland"), one("nach Russland", "de"));
        assert_eq!(marked("Non possumus, – сказал он"), one("Non possumus", "la"));
        // A Cyrillic look-alike keyed for an accented letter does not part the phrase.
        assert_eq!(marked("«La dame aux cam\u{435}lias», – сказал"), [fr("La dame aux cam\u{435}lias")]);
        assert_eq!(
            marked("passe deux heures \u{430} brosser ses ongles"),
            [fr("passe deux heures \u{430} brosser ses ongles")]
        );
        // An accent written as a mark after its letter stays in its word.
        assert_eq!(marked("«La dame aux came\u{301}lias»"), [fr("La dame aux came\u{301}lias")]);
        assert_eq!(
            marked("La, sotto i giorni nubilosi e brevi"),
            [("La, sotto i giorni nubilosi e brevi".to_string(), "it".to_string())]
        );
        assert_eq!(
            marked("он читал What is the use of it, вздыхая"),
            [("What is the use of it".to_string(), "en".to_string())]
        );
        assert_eq!(
            marked("Ich weiß nicht, was soll es bedeuten — и дальше"),
            [("Ich weiß nicht, was soll es bedeuten".to_string(), "de".to_string())]
        );
    }

    #[test]
    fn a_passage_drops_the_ties_its_own_language_does_not_make() {
        let mut run =
            vec![Inline::Text("Он прочёл: La, sotto i\u{A0}giorni e\u{A0}brevi, и\u{A0}вздохнул.".into())];
        mark_run(&mut run);
        assert!(
            matches!(&run[1], Inline::Foreign(l, c)
            if l.as_str() == "it" && Inline::plain_text(c) == "La, sotto i giorni e brevi"),
            "{run:?}"
        );
        // The no-break space before the passage and the book's own tie after it are the book's.
        assert_eq!(Inline::plain_text(&run[2..]), ", и\u{A0}вздохнул.");
    }

    #[test]
    fn runs_that_do_not_tell_a_language_are_left_alone() {
        // Names, a single word, Roman numerals, and words shared by two languages.
        for text in [
            "Лорд Byron Gordon приехал",
            "сказала maman и ушла",
            "строфы XXXIX. XL. XLI пропущены",
            "строфы I. II. III. IV. V. VI",
            "он сказал Madame Epanchin тихо",
            "una de",
            // Latin that shares its only telling word with French.
            "прочли de profundis",
            "и рифм et cetera",
        ] {
            assert_eq!(marked(text), [], "{text}");
        }
    }

    #[test]
    fn a_runs_text_keeps_every_character_around_it() {
        let mut run = vec![
            Inline::Text("Он сказал: je vous aime, и ушёл.".into()),
            Inline::Emphasis(vec![Inline::Text("Avis au lecteur".into())]),
            Inline::Code("the and of".into()),
        ];
        mark_run(&mut run);
        assert_eq!(Inline::plain_text(&run), "Он сказал: je vous aime, и ушёл.Avis au lecteurthe and of");
        assert!(matches!(&run[1], Inline::Foreign(l, _) if l.as_str() == "fr"), "{run:?}");
        assert!(
            matches!(&run[3], Inline::Emphasis(c) if matches!(&c[0], Inline::Foreign(l, _) if l.as_str() == "fr")),
            "{run:?}"
        );
        assert!(matches!(&run[4], Inline::Code(_)), "code is never marked: {run:?}");
    }
}
