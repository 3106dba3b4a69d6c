//! Franklin Liang's hyphenation: TeX pattern files (`\patterns{…}`, `\hyphenation{…}`) as
//! hyph-utf8 ships them, read at run time so any language TeX supports can be added without a
//! rebuild. Kazakh (`hyph-kk.tex`, 2026) is in no Rust crate; this loader reads it.

use crate::typeset::fasthash::FxMap;

/// The patterns and exceptions of one language.
#[derive(Debug, Default, Clone)]
pub struct Patterns {
    /// The patterns as a trie of letters (with `.` for a word edge), node 0 the root. Matching
    /// walks it from each position of a word and stops where it ends, instead of looking up
    /// every substring up to the longest pattern's length.
    trie: Trie,
    /// Whole words with their break positions (character indices).
    exceptions: FxMap<String, Vec<usize>>,
}

/// The pattern trie, laid out flat for matching: this runs for each of a novel's ~50,000
/// distinct words, a dozen walks each, and a hash lookup per step (the first layout) cost
/// more than the rest of hyphenation.
#[derive(Debug, Default, Clone)]
struct Trie {
    /// The root's children by letter, for letters below [`DENSE`] (0: none).
    root: Vec<u32>,
    /// Per node, its children's range in `letters` and `children`, sorted by letter.
    edges: Vec<(u32, u32)>,
    /// Letters of the edges, grouped by parent.
    letters: Vec<char>,
    /// Children, beside their letters.
    children: Vec<u32>,
    /// Per node, the range in `values` of the values between its pattern's letters (empty: no
    /// pattern ends there).
    ranges: Vec<(u32, u32)>,
    /// All patterns' values, one after another.
    values: Vec<u8>,
}

/// Letters below this (Latin, Greek, Cyrillic) find the root's child by index.
const DENSE: usize = 0x530;

/// The trie while patterns are read: (node, letter) → child, and per node the values of the
/// pattern ending there.
#[derive(Default)]
struct TrieBuilder {
    edges: FxMap<(u32, char), u32>,
    values: Vec<Vec<u8>>,
}

impl TrieBuilder {
    /// Adds a pattern as TeX writes it (`hy3ph`): letters, lower-cased, with the digits between.
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

    /// Lays the trie out flat once all patterns are in.
    fn build(self) -> Trie {
        let nodes = self.values.len().max(1);
        let mut by_parent: Vec<Vec<(char, u32)>> = vec![Vec::new(); nodes];
        for (&(parent, c), &child) in &self.edges {
            by_parent[parent as usize].push((c, child));
        }
        let mut trie = Trie { root: vec![0; DENSE], edges: Vec::with_capacity(nodes), ..Trie::default() };
        for (parent, mut kids) in by_parent.into_iter().enumerate() {
            kids.sort_unstable();
            let start = trie.letters.len() as u32;
            for &(c, child) in &kids {
                if parent == 0 && (c as usize) < DENSE {
                    trie.root[c as usize] = child;
                }
                trie.letters.push(c);
                trie.children.push(child);
            }
            trie.edges.push((start, trie.letters.len() as u32));
        }
        for v in self.values {
            let start = trie.values.len() as u32;
            trie.values.extend_from_slice(&v);
            trie.ranges.push((start, trie.values.len() as u32));
        }
        trie.ranges.resize(nodes, (0, 0));
        trie
    }
}

impl Trie {
    /// The child of `node` by `c`.
    fn child(&self, node: u32, c: char) -> Option<u32> {
        if node == 0 && (c as usize) < DENSE {
            return self.root.get(c as usize).copied().filter(|&n| n != 0);
        }
        let &(start, end) = self.edges.get(node as usize)?;
        let letters = &self.letters[start as usize..end as usize];
        let i = if letters.len() <= 8 {
            letters.iter().position(|&l| l == c)?
        } else {
            letters.binary_search(&c).ok()?
        };
        Some(self.children[start as usize + i])
    }

    /// The values of the pattern ending at `node`.
    fn values(&self, node: u32) -> &[u8] {
        let (start, end) = self.ranges.get(node as usize).copied().unwrap_or((0, 0));
        &self.values[start as usize..end as usize]
    }
}

impl Patterns {
    /// Reads a TeX pattern file. Comments (`%`) are ignored; letters are lower-cased.
    pub fn parse(tex: &str) -> Result<Patterns, String> {
        let mut p = Patterns::default();
        let mut trie = TrieBuilder::default();
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
                        Some("patterns") => trie.add_pattern(token),
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
        p.trie = trie.build();
        Ok(p)
    }

    /// Adds exceptions written as TeX does: `ta-ble ex-cep-tion`.
    pub fn add_exceptions(&mut self, text: &str) {
        for word in text.split_whitespace() {
            self.add_exception(word);
        }
    }

    fn add_exception(&mut self, token: &str) {
        let mut word = String::new();
        let mut breaks = Vec::new();
        let mut n = 0;
        for c in token.chars() {
            if c == '-' {
                breaks.push(n);
            } else {
                word.extend(c.to_lowercase().map(super::straight_apostrophe));
                n += 1;
            }
        }
        self.exceptions.insert(word, breaks);
    }

    /// Whether the lower-cased `word` is one of the exceptions, whose breaks are as written.
    pub fn is_exception(&self, word: &str) -> bool {
        self.exceptions.contains_key(word)
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
            let Some(l) = super::lower(c) else { return Vec::new() };
            n += 1;
            dotted[n] = l;
        }
        if n < left + right {
            return Vec::new();
        }
        let dotted = &*dotted;
        if !self.exceptions.is_empty() {
            // The lower-cased word as UTF-8, on the stack when it fits.
            let (mut buf, mut long) = ([0u8; 4 * ROOM], String::new());
            let mut len = 0;
            let lower = if chars <= ROOM {
                for c in &dotted[1..=n] {
                    len += c.encode_utf8(&mut buf[len..]).len();
                }
                std::str::from_utf8(&buf[..len]).unwrap_or("")
            } else {
                long.extend(&dotted[1..=n]);
                &long
            };
            if let Some(ex) = self.exceptions.get(lower) {
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
                let Some(next) = self.trie.child(node, c) else { break };
                node = next;
                for (i, &x) in self.trie.values(node).iter().enumerate() {
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
