//! Franklin Liang's hyphenation: TeX pattern files (`\patterns{…}`, `\hyphenation{…}`) as
//! hyph-utf8 ships them, read at run time so any language TeX supports can be added without a
//! rebuild. Kazakh (`hyph-kk.tex`, 2026) is in no Rust crate; this loader reads it.

use super::tex::{Block, Piece};
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

/// The patterns while they are read, one after another: the trie is built once from them sorted,
/// so that a pattern shares its path with the one before it and no node is looked up by letter
/// (a map of edges took 27 ms for German's 274 KB, more than the rest of a short book's build).
#[derive(Default)]
struct TrieBuilder {
    /// Every pattern's letters, lower-cased.
    letters: Vec<char>,
    /// Every pattern's values, one more than its letters.
    values: Vec<u8>,
    /// Per pattern, where its letters and its values start.
    starts: Vec<(u32, u32)>,
}

impl TrieBuilder {
    /// Adds a pattern as TeX writes it (`hy3ph`): letters, lower-cased, with the digits between.
    fn add_pattern(&mut self, token: &str) {
        self.starts.push((self.letters.len() as u32, self.values.len() as u32));
        self.values.push(0);
        for c in token.chars() {
            match c.to_digit(10) {
                Some(d) => {
                    if let Some(last) = self.values.last_mut() {
                        *last = d as u8;
                    }
                }
                None => {
                    self.letters.extend(c.to_lowercase());
                    self.values.push(0);
                }
            }
        }
    }

    /// Pattern `i`'s letters and the range of its values.
    fn pattern(&self, i: usize) -> (&[char], (u32, u32)) {
        let next = self.starts.get(i + 1).copied();
        let (letters, values) = self.starts[i];
        let (letters_end, values_end) = next.unwrap_or((self.letters.len() as u32, self.values.len() as u32));
        (&self.letters[letters as usize..letters_end as usize], (values, values_end))
    }

    /// Lays the trie out flat once all patterns are in.
    fn build(self) -> Trie {
        // Sorted (stably: of a pattern given twice, the later one wins), each
        // pattern's path is the one before it up to where they differ, and every node's children
        // are made in the order of their letters.
        let mut order: Vec<usize> = (0..self.starts.len()).collect();
        order.sort_by(|&a, &b| self.pattern(a).0.cmp(self.pattern(b).0));
        // Per node, its pattern's values (empty: none ends there); edges as (parent, letter, child).
        let mut ends: Vec<(u32, u32)> = vec![(0, 0)];
        let mut edges: Vec<(u32, char, u32)> = Vec::new();
        let (mut path, mut previous): (Vec<u32>, &[char]) = (vec![0], &[]);
        for &i in &order {
            let (letters, values) = self.pattern(i);
            let shared = previous.iter().zip(letters).take_while(|(a, b)| a == b).count();
            path.truncate(shared + 1);
            for &c in &letters[shared..] {
                let child = ends.len() as u32;
                ends.push((0, 0));
                edges.push((path[path.len() - 1], c, child));
                path.push(child);
            }
            ends[path[path.len() - 1] as usize] = values;
            previous = letters;
        }
        // Children grouped by parent, keeping their letters' order (a counting sort).
        let nodes = ends.len();
        let mut first = vec![0u32; nodes + 1];
        for &(parent, _, _) in &edges {
            first[parent as usize + 1] += 1;
        }
        for n in 0..nodes {
            first[n + 1] += first[n];
        }
        let mut trie = Trie {
            root: vec![0; DENSE],
            edges: (0..nodes).map(|n| (first[n], first[n + 1])).collect(),
            letters: vec!['\0'; edges.len()],
            children: vec![0; edges.len()],
            ..Trie::default()
        };
        let mut next = first;
        for &(parent, c, child) in &edges {
            let at = next[parent as usize] as usize;
            next[parent as usize] += 1;
            (trie.letters[at], trie.children[at]) = (c, child);
            if parent == 0 && (c as usize) < DENSE {
                trie.root[c as usize] = child;
            }
        }
        for (start, end) in ends {
            let at = trie.values.len() as u32;
            trie.values.extend_from_slice(&self.values[start as usize..end as usize]);
            trie.ranges.push((at, trie.values.len() as u32));
        }
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
        let mut found = false;
        super::tex::read(tex, |piece| match piece {
            Piece::Open(Block::Patterns, ..) => found = true,
            Piece::Word(Block::Patterns, word, ..) => trie.add_pattern(word),
            Piece::Word(Block::Hyphenation, word, ..) => p.add_exception(word),
            Piece::Open(Block::Hyphenation, ..) | Piece::Close => {}
        });
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

    /// Liang's matching as the thesis states it, for checking the trie: every substring of the
    /// dotted word looked up in a map of the file's patterns.
    fn reference(tex: &str) -> std::collections::HashMap<Vec<char>, Vec<u8>> {
        let text: Vec<&str> = tex.lines().map(|l| l.split('%').next().unwrap_or("")).collect();
        let text = text.join("\n");
        let body = text.split("\\patterns{").nth(1).and_then(|b| b.split('}').next()).unwrap_or("");
        let mut map = std::collections::HashMap::new();
        for token in body.split_whitespace() {
            let (mut letters, mut values) = (Vec::new(), vec![0u8]);
            for c in token.chars() {
                match c.to_digit(10) {
                    Some(d) => *values.last_mut().unwrap() = d as u8,
                    None => {
                        letters.extend(c.to_lowercase());
                        values.push(0);
                    }
                }
            }
            map.insert(letters, values);
        }
        map
    }

    fn reference_breaks(map: &std::collections::HashMap<Vec<char>, Vec<u8>>, word: &str) -> Vec<usize> {
        let dotted: Vec<char> =
            std::iter::once('.').chain(word.chars()).chain(std::iter::once('.')).collect();
        let mut values = vec![0u8; dotted.len() + 1];
        for i in 0..dotted.len() {
            for j in i + 1..=dotted.len() {
                for (k, &x) in map.get(&dotted[i..j]).into_iter().flatten().enumerate() {
                    values[i + k] = values[i + k].max(x);
                }
            }
        }
        let n = dotted.len() - 2;
        (2..=n - 2).filter(|&k| values[k + 1] % 2 == 1).collect()
    }

    #[test]
    fn the_trie_finds_what_every_substring_looked_up_finds_in_every_shipped_language() {
        // Words made of pieces of the patterns themselves, so that long patterns match too.
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for (tag, tex, _, _) in super::super::PATTERNS {
            let patterns = Patterns::parse(tex).unwrap();
            let map = reference(tex);
            let mut keys: Vec<String> =
                map.keys().map(|k| k.iter().filter(|&&c| c != '.').collect()).collect();
            keys.sort();
            keys.retain(|k| !k.is_empty());
            let mut checked = 0;
            while checked < 400 {
                let word: String = (0..2 + next(3)).map(|_| keys[next(keys.len())].as_str()).collect();
                let word: String = word.chars().take(20).collect();
                if word.chars().count() < 5 || patterns.is_exception(&word) {
                    continue;
                }
                assert_eq!(patterns.breaks(&word, 2, 2), reference_breaks(&map, &word), "{tag}: {word}");
                checked += 1;
            }
        }
    }

    #[test]
    fn exceptions_and_comments() {
        let p = Patterns::parse("% c\n\\patterns{a1b % x\n}\n\\hyphenation{ta-ble}").unwrap();
        assert_eq!(split(&p, "Table", 1, 1), "Ta-ble");
        assert_eq!(split(&p, "xabx", 1, 1), "xa-bx");
    }
}
