//! Running heads and folios: the author over versos, the chapter or part over rectos, the folio
//! at the outer edge, and a folio alone at the foot of each opening page.

use std::collections::HashMap;

use super::text::Look;
use super::{Builder, Placed};
use crate::model::Inline;
use crate::typeset::{Align, Line, Pt};

impl Builder<'_> {
    /// Running heads and folios on every numbered page.
    pub(super) fn running_heads(&mut self) {
        let size = self.geo.size * 0.85;
        let book_title = self.book.metadata.author_line().unwrap_or_else(|| self.book.metadata.title.clone());
        let heads: HashMap<usize, String> = self.heads.iter().cloned().collect();
        let lang = self.book.metadata.lang.as_str().to_string();
        // A head repeats on every page of its chapter: set each once.
        let mut set_heads: HashMap<String, Option<Line>> = HashMap::new();
        for page in 0..self.pages.len() {
            let blank = self.pages[page].items.is_empty();
            let folio = if page >= self.body_start {
                (page - self.body_start + 1).to_string()
            } else {
                crate::labels::roman(page + 1)
            };
            let look = Look { italic: true, ..Look::body(size) };
            let measure = self.geo.measure();
            let left = self.geo.left(page);
            let head_y = self.geo.baseline(-2.0);
            if blank {
                continue;
            }
            if let Some(title) = heads.get(&page) {
                let text = if page % 2 == 1 { &book_title } else { title };
                let head = match set_heads.get(text) {
                    Some(line) => line.clone(),
                    None => {
                        let line = self.head_line(&lang, text, look, measure);
                        set_heads.insert(text.clone(), line.clone());
                        line
                    }
                };
                if let Some(line) = head {
                    self.pages[page].items.push(Placed::Text { x: left + line.x, y: head_y, line });
                }
                let align = if page % 2 == 1 { Align::Left } else { Align::Right };
                let lines = self.set_lines(&lang, &[Inline::Text(folio)], Look::body(size), align, measure);
                if let Some(line) = lines.into_iter().next() {
                    self.pages[page].items.push(Placed::Text { x: left + line.x, y: head_y, line });
                }
            } else if self.openings.contains(&page) {
                let lines =
                    self.set_lines(&lang, &[Inline::Text(folio)], Look::body(size), Align::Center, measure);
                let foot = self.geo.baseline(self.geo.lines as f64 + 1.0);
                if let Some(line) = lines.into_iter().next() {
                    self.pages[page].items.push(Placed::Text { x: left + line.x, y: foot, line });
                }
            }
        }
    }

    /// A running head on one line, centred clear of the folios at either side: a title too long
    /// for it ends, at a word, in an ellipsis ("Applying Optimization Principle Patterns to…")
    /// rather than run into the page number.
    fn head_line(&mut self, lang: &str, text: &str, look: Look, measure: Pt) -> Option<Line> {
        // Room for a four-figure folio and a space of an em at each side.
        let clear = measure - look.size * 8.0;
        let whole = self.set_lines(lang, &[Inline::Text(text.to_string())], look, Align::Center, measure);
        if let [line] = &whole[..]
            && line.width <= clear
        {
            return whole.into_iter().next();
        }
        // A title and its subtitle ("Deuxième rapport du docteur Watson : la lumière sur la
        // lande") is headed by the title alone, whole, as an editor would shorten it.
        if let Some(title) = main_title(text) {
            let lines =
                self.set_lines(lang, &[Inline::Text(title.to_string())], look, Align::Center, measure);
            if let [line] = &lines[..]
                && line.width <= clear
            {
                return lines.into_iter().next();
            }
        }
        // Shorter and shorter: whole words while there are two or more, then the first word's
        // letters (a title in one long word, or in a script without spaces). Each is longer than
        // the next, so the longest that fits is found by halving: trying them in turn set a
        // title of a thousand letters a thousand times.
        let words: Vec<&str> = text.split_whitespace().collect();
        let first: Vec<char> = words.first().map(|w| w.chars().collect()).unwrap_or_default();
        let by_words = words.len().saturating_sub(1);
        let count = by_words + first.len().saturating_sub(1);
        let shown = |i: usize| {
            let cut = if i < by_words {
                words[..by_words - i].join(" ")
            } else {
                first[..first.len() - 1 - (i - by_words)].iter().collect::<String>()
            };
            format!("{}…", cut.trim_end_matches([',', ';', ':', '.', '—', '–', '-']))
        };
        // Every one before `lo` is too wide; the one at `hi` (if any) fits.
        let (mut lo, mut hi, mut found) = (0, count, None);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let lines = self.set_lines(lang, &[Inline::Text(shown(mid))], look, Align::Center, clear);
            match &lines[..] {
                [line] if line.width <= clear => (hi, found) = (mid, Some(line.clone())),
                _ => lo = mid + 1,
            }
        }
        if let Some(mut line) = found {
            // Centred over the whole measure, as a head that fits is.
            line.x += (measure - clear) * 0.5;
            return Some(line);
        }
        whole.into_iter().next()
    }
}

/// The part of a title before its subtitle: before the first colon, or dash set between spaces,
/// that has words on both sides.
fn main_title(text: &str) -> Option<&str> {
    let spaced = |c: char| c.is_whitespace() || c == '\u{202F}';
    text.char_indices().find_map(|(i, c)| {
        let after = &text[i + c.len_utf8()..];
        let before = text[..i].trim_end_matches(spaced);
        let separates = match c {
            ':' => after.starts_with(spaced),
            '—' | '–' => after.starts_with(spaced) && text[..i].ends_with(spaced),
            _ => false,
        };
        (separates && before.contains(spaced) && !after.trim().is_empty()).then_some(before)
    })
}
