//! Franklin Liang's hyphenation: TeX pattern files (`\patterns{…}`, `\hyphenation{…}`) as
//! hyph-utf8 ships them, read at run time so any language TeX supports can be added without a
//! rebuild. Kazakh (`hyph-kk.tex`, 2026) is in no Rust crate; this loader reads it.

use crate::typeset::fasthash::FxMap;

/// The patterns and exceptions of one language.
#[derive(Debug, Default, Clone)]
pub struct Patterns {
    /// The patterns as a trie of letters (with `.` for a word edge): (node, letter) → child;
    /// node 0 is the root. Matching walks it from each position and stops where it ends, instead
    /// of looking up every substring up to the longest pattern's length.
    edges: FxMap<(u32, char), u32>,
    /// Per node, the values between the letters of the pattern ending there (empty: none).
    values: Vec<Vec<u8>>,
    /// Whole words with their break positions (character indices).
    exceptions: FxMap<String, Vec<usize>>,
}

impl Patterns {
    /// Reads a TeX pattern file. Comments (`%`) are ignored; letters are lower-cased.
    pub fn parse(tex: &str) -> Result<Patterns, String> {
        let mut p = Patterns::default();
        let mut section: Option<&str> = None;
        let mut found = false;
        for raw in tex.lines() {
            let line = raw.split('%').next().unwrap_or("");
            let mut rest = line;
            while !rest.trim().is_empty() {
                let trimmed = rest.trim_start();
                if let Some(after) = trimmed.strip_prefix("\\patterns{") {
                    section = Some("patterns");
                    found = true;
                    rest = after;
                    continue;
                }
                if let Some(after) = trimmed.strip_prefix("\\hyphenation{") {
                    section = Some("hyphenation");
                    rest = after;
                    continue;
                }
                let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
                let token = &trimmed[..end];
                rest = &trimmed[end..];
                let (token, closes) = match token.strip_suffix('}') {
                    Some(t) => (t, true),
                    None => (token, false),
                };
                if !token.is_empty() {
                    match section {
                        Some("patterns") => p.add_pattern(token),
                        Some("hyphenation") => p.add_exception(token),
                        _ => {}
                    }
                }
                if closes {
                    section = None;
                }
            }
        }
        if !found {
            return Err("no \\patterns{…} block found".into());
        }
        Ok(p)
    }

    /// Adds exceptions written as TeX does: `ta-ble ex-cep-tion`.
    pub fn add_exceptions(&mut self, text: &str) {
        for word in text.split_whitespace() {
            self.add_exception(word);
        }
    }

    fn add_pattern(&mut self, token: &str) {
        let mut letters = String::new();
        let mut values = vec![0u8];
        for c in token.chars() {
            if let Some(d) = c.to_digit(10) {
                if let Some(last) = values.last_mut() {
                    *last = d as u8;
                }
            } else {
                letters.extend(c.to_lowercase());
                values.push(0);
            }
        }
        if self.values.is_empty() {
            self.values.push(Vec::new());
        }
        let mut node = 0u32;
        for c in letters.chars() {
            let next = self.values.len() as u32;
            node = *self.edges.entry((node, c)).or_insert(next);
            if node == next {
                self.values.push(Vec::new());
            }
        }
        self.values[node as usize] = values;
    }

    fn add_exception(&mut self, token: &str) {
        let mut word = String::new();
        let mut breaks = Vec::new();
        let mut n = 0;
        for c in token.chars() {
            if c == '-' {
                breaks.push(n);
            } else {
                word.extend(c.to_lowercase());
                n += 1;
            }
        }
        self.exceptions.insert(word, breaks);
    }

    /// Where `word` may be hyphenated: character indices `k` meaning "between char k-1 and k",
    /// keeping `left` characters before the first break and `right` after the last.
    pub fn breaks(&self, word: &str, left: usize, right: usize) -> Vec<usize> {
        // The word lower-cased between two edge dots, and the values between its letters: on the
        // stack for any real word (this runs once for each of a novel's distinct words), on the
        // heap for a longer string of letters, which needs its breaks most.
        const ROOM: usize = 128;
        let chars = word.chars().count() + 2;
        let (mut stack, mut heap) = (['.'; ROOM], Vec::new());
        let dotted: &mut [char] = if chars <= ROOM {
            &mut stack[..chars]
        } else {
            heap.resize(chars, '.');
            &mut heap
        };
        let mut n = 0;
        for c in word.chars() {
            let mut lower = c.to_lowercase();
            let (Some(l), None) = (lower.next(), lower.next()) else { return Vec::new() };
            n += 1;
            dotted[n] = l;
        }
        if n < left + right {
            return Vec::new();
        }
        let dotted = &*dotted;
        if !self.exceptions.is_empty() {
            let lower: String = dotted[1..=n].iter().collect();
            if let Some(ex) = self.exceptions.get(&lower) {
                return ex.iter().copied().filter(|&k| k >= left && n - k >= right).collect();
            }
        }
        let (mut small, mut large) = ([0u8; ROOM + 1], Vec::new());
        let values: &mut [u8] = if chars <= ROOM {
            &mut small[..]
        } else {
            large.resize(chars + 1, 0);
            &mut large
        };
        for start in 0..dotted.len() {
            let mut node = 0u32;
            for &c in &dotted[start..] {
                let Some(&next) = self.edges.get(&(node, c)) else { break };
                node = next;
                for (i, &x) in self.values[node as usize].iter().enumerate() {
                    let slot = &mut values[start + i];
                    *slot = (*slot).max(x);
                }
            }
        }
        // values[i] sits before dotted char i; the word's char k is dotted char k + 1.
        (left.max(1)..=n - right.max(1)).filter(|&k| values[k + 1] % 2 == 1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(p: &Patterns, word: &str, left: usize, right: usize) -> String {
        let breaks = p.breaks(word, left, right);
        let mut out = String::new();
        for (i, c) in word.chars().enumerate() {
            if breaks.contains(&i) {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn liang_example_from_the_thesis() {
        // The patterns of Liang's thesis (1983), chapter 2.
        let p = Patterns::parse("\\patterns{ hy3ph he2n hena4 hen5at 1na n2at 1tio 2io o2n }").unwrap();
        assert_eq!(split(&p, "hyphenation", 1, 1), "hy-phen-ation");
    }

    #[test]
    fn a_word_longer_than_the_stack_buffer_still_hyphenates() {
        let p = Patterns::parse("\\patterns{ hy3ph he2n hena4 hen5at 1na n2at 1tio 2io o2n }").unwrap();
        let long = "hyphenation".repeat(12);
        assert_eq!(long.len(), 132);
        assert!(p.breaks(&long, 1, 1).len() >= 24, "{}", split(&p, &long, 1, 1));
    }

    #[test]
    fn exceptions_and_comments() {
        let p = Patterns::parse("% c\n\\patterns{a1b % x\n}\n\\hyphenation{ta-ble}").unwrap();
        assert_eq!(split(&p, "Table", 1, 1), "Ta-ble");
        assert_eq!(split(&p, "xabx", 1, 1), "xa-bx");
    }
}
