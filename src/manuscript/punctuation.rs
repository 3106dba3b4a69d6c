//! Typographic punctuation by language: straight quotes to the language's quotation marks, dashes
//! and ellipses, and, where the language's printers ask for it, one-letter words tied to the
//! next. Curly quotes the author already typed are left as they are.

/// The quotation-mark conventions folio knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStyle {
    /// “ ” and ‘ ’ (English and the default).
    English,
    /// « » outside, „ “ inside (Russian, Kazakh, Ukrainian…).
    Guillemets,
    /// „ “ outside, ‚ ‘ inside (German, Czech…).
    German,
    /// « » with narrow no-break spaces inside; the same space before ; : ! ?.
    French,
}

impl QuoteStyle {
    /// The style for a primary language subtag.
    pub fn for_language(primary: &str) -> QuoteStyle {
        match primary {
            "ru" | "kk" | "uk" | "be" | "ky" | "uz" | "tt" | "ba" => QuoteStyle::Guillemets,
            "de" | "cs" | "sk" | "sl" | "hr" | "bg" | "lt" => QuoteStyle::German,
            "fr" => QuoteStyle::French,
            _ => QuoteStyle::English,
        }
    }

    fn marks(self, depth: usize) -> (&'static str, &'static str) {
        let inner = depth % 2 == 1;
        match (self, inner) {
            (QuoteStyle::English, false) => ("“", "”"),
            (QuoteStyle::English, true) => ("‘", "’"),
            (QuoteStyle::Guillemets, false) => ("«", "»"),
            (QuoteStyle::Guillemets, true) => ("„", "“"),
            (QuoteStyle::German, false) => ("„", "“"),
            (QuoteStyle::German, true) => ("‚", "‘"),
            (QuoteStyle::French, false) => ("«\u{202F}", "\u{202F}»"),
            (QuoteStyle::French, true) => ("“", "”"),
        }
    }
}

/// Narrow no-break space, used by French before high punctuation and inside guillemets.
const NNBSP: char = '\u{202F}';

/// Languages whose printers never end a line with a one-letter word ("в", "к", "с", "и", "а"
/// in Russian; "v", "k", "z", "a" in Czech) nor open one with a dash inside a sentence:
/// Мильчин's «Справочник издателя и автора», and Czech TeX's `vlna`. Kazakh books follow the
/// Russian house rules.
const TIES: [&str; 8] = ["ru", "uk", "be", "bg", "kk", "cs", "sk", "pl"];

/// Whether a language's printers tie its one-letter words to the next, by primary subtag.
pub fn ties(primary: &str) -> bool {
    TIES.contains(&primary)
}

/// Titles tied to the name after them, by language: "Mme" at a line's end with "Dupont" on the
/// next reads as a word left over (the French Baskerville's "que Mme" / "Mortimer").
const TITLES: [(&str, &[&str]); 2] = [
    ("fr", &["M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Pr"]),
    ("en", &["Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Mr", "Mrs", "Ms", "Dr", "Prof."]),
];

/// Particles tied to the word before them, by language: "Знаете / ли", "Денег / же" opened
/// lines 208 times in The Idiot, where Russian printers keep them with their word.
const PARTICLES: [(&str, &[&str]); 1] = [("ru", &["же", "ж", "ли", "ль", "бы", "б"])];

/// Languages whose spaced dash is the em dash: Cyrillic orthographies, after Russian usage.
const EM_DASH: [&str; 8] = ["ru", "kk", "uk", "be", "ky", "uz", "tt", "ba"];

/// Educates the punctuation of one block's text, piece by piece, remembering what came before.
#[derive(Debug)]
pub struct Typographer {
    style: QuoteStyle,
    /// Whether a one-letter word is tied to the next by a no-break space.
    ties: bool,
    /// The last character emitted, to tell opening from closing marks.
    prev: Option<char>,
    /// The character before it: whether `prev`, a letter, is a word of its own.
    before_prev: Option<char>,
    /// Open double quotation marks.
    depth: usize,
    /// The character after the text being educated, in the manuscript: a quotation mark that
    /// ends a piece of text opens if markup follows (`"*Stop*"`, `'`code`'`), not a line's end.
    following: Option<char>,
    /// The dash a hyphen typed between spaces becomes.
    dash: char,
    /// Whether the last full stop ended an initial ("И."): a line break after it is tied too.
    initial: bool,
    /// The language's titles tied to the name after them ("Mme", "Mr.").
    titles: &'static [&'static str],
    /// Whether the text educated so far ends in one of them.
    title: bool,
    /// The language's particles tied to the word before them ("ли", "же").
    particles: &'static [&'static str],
}

impl Typographer {
    /// A typographer for a language's conventions, its primary subtag.
    pub fn for_language(primary: &str) -> Typographer {
        let ties = ties(primary);
        // Russian and Kazakh printers set the em dash between words (Мильчин); English and
        // French the spaced en dash.
        let dash = if EM_DASH.contains(&primary) { '—' } else { '–' };
        let titles = TITLES.iter().find(|(l, _)| *l == primary).map_or(&[][..], |(_, t)| *t);
        let particles = PARTICLES.iter().find(|(l, _)| *l == primary).map_or(&[][..], |(_, p)| *p);
        Typographer { ties, dash, titles, particles, ..Typographer::new(QuoteStyle::for_language(primary)) }
    }

    /// A typographer for a quotation style alone.
    pub fn new(style: QuoteStyle) -> Typographer {
        Typographer {
            style,
            ties: false,
            prev: None,
            before_prev: None,
            depth: 0,
            following: None,
            dash: '–',
            initial: false,
            titles: &[],
            title: false,
            particles: &[],
        }
    }

    /// Starts a new block: nothing open, nothing before.
    pub fn reset(&mut self) {
        self.prev = None;
        self.before_prev = None;
        self.depth = 0;
    }

    /// Says what follows the next piece of text in the manuscript (`None`: nothing, or unknown).
    pub fn followed_by(&mut self, c: Option<char>) {
        self.following = c;
    }

    /// Notes text that is not educated (code, a formula, a note's mark) so the next piece knows
    /// what preceded it. Whatever letter it ends in is no word to tie: `` `a b` код `` ends in
    /// code, not in the word "b".
    pub fn skip(&mut self, text: &str) {
        self.initial = false;
        if let Some(c) = text.chars().next_back() {
            // The letter stands in for what came before it too, as inside a word.
            (self.before_prev, self.prev) = (Some(c), Some(c));
        }
    }

    /// What a line break inside a paragraph becomes: a space (kept as the newline it was), or
    /// a no-break space after a one-letter word to be tied. Either way a quotation mark after
    /// it opens: `He said` / `"hello"` was “hello”, not ”hello”.
    pub fn soft_break(&mut self) -> char {
        // Nothing written since an initial's full stop: the break follows the initial.
        let after_initial = self.initial && self.prev == Some('.');
        let tied = self.ties && self.lone_letter() || after_initial || self.title;
        (self.before_prev, self.prev) = (self.prev, Some('\n'));
        if tied { '\u{A0}' } else { '\n' }
    }

    /// Whether the last character is a letter standing as a word of its own. An apostrophe is
    /// inside a word: Ukrainian's "ім'я" and "сім'я" end in one letter after it, and are no
    /// prepositions to tie.
    fn lone_letter(&self) -> bool {
        // The typesetter's letter test, which answers Latin and Cyrillic without the table search
        // `char::is_alphabetic` makes: asked at every space, that was a twentieth of reading a
        // Russian novel.
        let letter = crate::typeset::hyphenate::is_letter;
        self.prev.is_some_and(letter)
            && self
                .before_prev
                .is_none_or(|b| !letter(b) && !b.is_numeric() && !matches!(b, '-' | '\u{AD}' | '\'' | '’'))
    }

    /// Copies a run of plain text, tying each one-letter word to the next where the language
    /// asks for it: "в Москве" keeps "в" off a line's end.
    fn plain(&mut self, run: &str, out: &mut String) {
        if !self.ties && self.titles.is_empty() || !run.contains(' ') {
            out.push_str(run);
            self.note(run);
            return;
        }
        if !self.ties {
            // Only a title ties here: the run is copied whole between the spaces after one.
            // (A space is no letter, so the last two characters are the run's either way.)
            let mut start = 0;
            for (i, _) in run.match_indices(' ') {
                if if i == 0 { self.ends_in_title(out) } else { self.ends_in_title(&run[..i]) } {
                    out.push_str(&run[start..i]);
                    out.push('\u{A0}');
                    start = i + 1;
                }
            }
            out.push_str(&run[start..]);
            self.note(run);
            return;
        }
        // Only the spaces can change: the text between them is copied whole (a novel's worth).
        let mut start = 0;
        for (i, _) in run.match_indices(' ') {
            let before = &run[start..i];
            out.push_str(before);
            self.note(before);
            start = i + 1;
            // A second space after a tie would be a break after all (`v  lese`): it folds
            // into the tie.
            if out.ends_with('\u{A0}') && self.prev == Some(' ') {
                continue;
            }
            let dash = run[start..].starts_with(['–', '—']);
            let word_before = self.prev.is_some_and(|p| !p.is_whitespace());
            let tied = self.lone_letter() || (dash || self.particle_at(&run[start..])) && word_before;
            out.push(if tied { '\u{A0}' } else { ' ' });
            (self.before_prev, self.prev) = (self.prev, Some(' '));
        }
        out.push_str(&run[start..]);
        self.note(&run[start..]);
    }

    /// Whether `text` opens with one of the language's particles, a word of its own.
    fn particle_at(&self, text: &str) -> bool {
        self.particles.iter().any(|p| {
            text.strip_prefix(p).is_some_and(|rest| {
                // A stress mark belongs to its word: "бы́ло" is no "бы".
                rest.chars().next().is_some_and(|c| {
                    !c.is_alphanumeric()
                        && !matches!(c, '-' | '\u{AD}')
                        && !unicode_normalization::char::is_combining_mark(c)
                })
            })
        })
    }

    /// Whether `out` ends in one of the language's titles, a word of its own. Asked at every
    /// space of an English or French book: it looks back over at most six bytes.
    fn ends_in_title(&self, out: &str) -> bool {
        if self.titles.is_empty() {
            return false;
        }
        let b = out.as_bytes();
        let mut k = b.len();
        while k > 0 && b.len() - k < 6 && (b[k - 1].is_ascii_alphabetic() || b[k - 1] == b'.') {
            k -= 1;
        }
        let length = b.len() - k;
        // Titles are one to five ASCII bytes, and nothing of a word stands before one.
        let whole = out[..k]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '.' | '-' | '\'' | '’'));
        (1..=5).contains(&length) && whole && self.titles.contains(&&out[k..])
    }

    /// Remembers the last two characters of text just written.
    fn note(&mut self, text: &str) {
        let mut last = text.chars().rev();
        if let Some(c) = last.next() {
            self.before_prev = last.next().or(self.prev);
            self.prev = Some(c);
        }
    }

    /// Ties a dash to the word before it where the language asks: a dash inside a sentence never
    /// opens a line (a dialogue's opening dash has no word before it).
    fn tie_before_dash(&self, out: &mut String) {
        if self.ties
            && out.ends_with(' ')
            && out.len() > 1
            && !out[..out.len() - 1].ends_with(char::is_whitespace)
        {
            out.pop();
            out.push('\u{A0}');
        }
    }

    /// Returns `text` with typographic punctuation.
    pub fn educate(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let block_start = self.prev.is_none();
        let french = self.style == QuoteStyle::French;
        let special = |c: char| {
            matches!(c, '"' | '\'' | '-' | '.')
                || (french && matches!(c, '«' | '»' | ';' | ':' | '!' | '?' | ' '))
        };
        let mut rest = text;
        while !rest.is_empty() {
            // Most of a book is letters and spaces: runs of them are copied whole.
            let plain = rest.find(special).unwrap_or(rest.len());
            if plain > 0 {
                self.plain(&rest[..plain], &mut out);
                rest = &rest[plain..];
                continue;
            }
            let mut ahead = rest.chars();
            let (Some(c), own_next, after) = (ahead.next(), ahead.next(), ahead.next()) else { break };
            // At the piece's end, what the manuscript has next: markup opening an emphasis, a
            // link or code is no space. It tells what a mark is, but only characters of this
            // piece (`own_next`) can be swallowed by a dash or an ellipsis or tied to an initial.
            let next = own_next.or(self.following);
            // Bytes consumed: the character, and the ASCII ones a dash or an ellipsis swallows.
            let mut used = c.len_utf8();
            self.initial = false;
            match c {
                '"' => {
                    let opening = opens(self.prev) && next.is_some_and(|n| !n.is_whitespace());
                    if opening {
                        let (open, _) = self.style.marks(self.depth);
                        out.push_str(open);
                        self.depth += 1;
                    } else {
                        self.depth = self.depth.saturating_sub(1);
                        let (_, close) = self.style.marks(self.depth);
                        out.push_str(close);
                    }
                }
                '\'' => {
                    // After a space and before anything but a space, a quote opens ('?', 'Tis),
                    // save the apostrophe of a year cut short ('90s).
                    let year =
                        next.is_some_and(|n| n.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit());
                    let opening = opens(self.prev)
                        && next.is_some_and(|n| !n.is_whitespace())
                        && !year
                        && !elided(&rest[1..]);
                    out.push(if opening && self.style == QuoteStyle::English { '‘' } else { '’' });
                }
                // A hyphen standing alone between spaces is a dash typed on a keyboard.
                '-' if self.prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace) => {
                    self.tie_before_dash(&mut out);
                    out.push(self.dash)
                }
                '-' if own_next == Some('-') => {
                    self.tie_before_dash(&mut out);
                    if after == Some('-') {
                        out.push('—');
                        used += 2;
                    } else {
                        out.push('–');
                        used += 1;
                    }
                }
                '.' if own_next == Some('.') && after == Some('.') => {
                    out.push('…');
                    used += 2;
                }
                // An initial is tied to the name after it, as TeX's authors tie `Donald~E. Knuth`
                // and Russian printers "А. С. Пушкин": a line never ends on "И. И." with the
                // name on the next.
                '.' if self.lone_letter() && self.prev.is_some_and(char::is_uppercase) => {
                    out.push('.');
                    if own_next == Some(' ') && self.prev.is_some_and(|i| names_next(i, &rest[2..])) {
                        out.push('\u{A0}');
                        used += 1;
                    }
                    self.initial = true;
                }
                '«' | '»' | ';' | ':' | '!' | '?' if french => {
                    self.french_space(c, next, &mut out);
                }
                ' ' if french && self.prev == Some('«') => {
                    out.push(NNBSP);
                }
                ' ' if self.ends_in_title(&out) => out.push('\u{A0}'),
                _ => out.push(c),
            }
            let mut tail = out.chars().rev();
            if let Some(last) = tail.next() {
                self.before_prev = tail.next().or(self.prev);
                self.prev = Some(last);
            }
            rest = &rest[used..];
        }
        self.following = None;
        self.title = self.ends_in_title(&out);
        // A dialogue's opening dash is tied to the first word: it never ends a line alone.
        if block_start {
            for dash in ["— ", "– "] {
                if out.starts_with(dash) {
                    out.replace_range(dash.len() - 1..dash.len(), "\u{A0}");
                    if out.len() == dash.len() + 1 {
                        self.prev = Some('\u{A0}');
                    }
                }
            }
        }
        out
    }

    /// French sets a narrow no-break space before ; : ! ? » and after «.
    fn french_space(&mut self, c: char, next: Option<char>, out: &mut String) {
        let needs_before = c != '«';
        if needs_before {
            // A typed space or no-break space before the mark becomes the narrow one; so does a
            // line break in the manuscript (the reader drops the space it becomes before it).
            if out.ends_with(' ') || out.ends_with('\u{a0}') {
                out.pop();
                out.push(NNBSP);
            } else if self
                .prev
                .is_some_and(|p| (!p.is_whitespace() || p == '\n') && !matches!(p, NNBSP | '?' | '!'))
                && (c == '»'
                    || next.is_none_or(|n| n.is_whitespace() || matches!(n, '»' | '…' | '.' | '!' | '?')))
                && !(c == ':' && next.is_some_and(|n| n.is_ascii_digit()))
            {
                // Only at a word's end (`rougir` / `!…` over a line break, `Quoi?!`), so times
                // (12:30) and URLs are untouched.
                out.push(NNBSP);
            }
        }
        out.push(c);
    }
}

/// Whether a word after an initial goes on with the name: a word (Зурина, de Staël, coli) or
/// another initial, not a Roman numeral or a capital alone ("I. II. III.", "And I. I see"); and
/// in the initial's script, as names are written: a Latin capital before a Cyrillic word is a
/// numeral ("Глава I. Сержант гвардии").
fn names_next(initial: char, text: &str) -> bool {
    let cyrillic = |c: char| ('\u{400}'..='\u{52F}').contains(&c);
    let mut word = text.chars();
    if word.clone().next().is_some_and(|first| cyrillic(first) != cyrillic(initial)) {
        return false;
    }
    match (word.next(), word.next()) {
        (Some(a), b) if a.is_uppercase() => b.is_some_and(|b| b == '.' || b.is_lowercase()),
        (Some(a), _) => a.is_alphabetic(),
        (None, _) => false,
    }
}

/// Whether `text`, after an apostrophe, is a word whose first letters it stands for: 'Tis, 'em,
/// rock 'n' roll take the apostrophe, not an opening quotation mark.
fn elided(text: &str) -> bool {
    let end = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
    let word = &text[..end];
    ["tis", "twas", "twere", "twill", "twould", "em", "n"].iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a quotation mark after `prev` opens a quotation.
fn opens(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => p.is_whitespace() || "([{—–-/«„“‘\u{202F}".contains(p),
    }
}

#[cfg(test)]
mod tests;
