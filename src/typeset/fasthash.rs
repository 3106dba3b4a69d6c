//! A fast hasher for the engine's caches (the FxHash function of rustc): the keys are short words,
//! hashed millions of times per novel, and need no protection against adversarial collisions.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash state.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` using [`Fx`].
pub type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fx>>;

/// A map from words to values, for the engine's per-word caches. Words of up to 31 bytes — all
/// but a few — are kept inside the table, so a lookup compares four machine words in place
/// instead of following a pointer to a heap string and calling `memcmp` (measured: a tenth of a
/// catalogue build went to that); longer words go to an ordinary map.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    short: FxMap<Short, V>,
    long: FxMap<String, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { short: FxMap::default(), long: FxMap::default() }
    }
}

/// A word of up to 31 bytes with its length in the last byte, as four little-endian words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Short([u64; 4]);

impl Short {
    fn new(word: &str) -> Option<Short> {
        let bytes = word.as_bytes();
        if bytes.len() > 31 {
            return None;
        }
        let mut buf = [0u8; 32];
        buf[..bytes.len()].copy_from_slice(bytes);
        buf[31] = bytes.len() as u8;
        let mut words = [0u64; 4];
        for (w, chunk) in words.iter_mut().zip(buf.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        Some(Short(words))
    }
}

impl std::hash::Hash for Short {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for w in self.0 {
            state.write_u64(w);
        }
    }
}

impl<V> WordMap<V> {
    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value for a word.
    pub fn get(&self, word: &str) -> Option<&V> {
        match Short::new(word) {
            Some(k) => self.short.get(&k),
            None => self.long.get(word),
        }
    }

    /// The value for a word, to change.
    pub fn get_mut(&mut self, word: &str) -> Option<&mut V> {
        match Short::new(word) {
            Some(k) => self.short.get_mut(&k),
            None => self.long.get_mut(word),
        }
    }

    /// Sets the value for a word it does not hold yet, made only then: one lookup, where
    /// `get` then `insert` would take two. Whether it was added.
    pub fn insert_new(&mut self, word: &str, value: impl FnOnce() -> V) -> bool {
        match Short::new(word) {
            Some(k) => match self.short.entry(k) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(value());
                    true
                }
            },
            None if self.long.contains_key(word) => false,
            None => {
                self.long.insert(word.to_string(), value());
                true
            }
        }
    }

    /// Sets the value for a word.
    pub fn insert(&mut self, word: &str, value: V) {
        match Short::new(word) {
            Some(k) => {
                self.short.insert(k, value);
            }
            None => {
                self.long.insert(word.to_string(), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_short_and_long_are_told_apart_by_every_byte_and_length() {
        let mut m = WordMap::default();
        let long = "Nachkriegsgesellschaftsordnungen".repeat(2);
        for w in ["", "a", "a\0", "ab", "Қазақстан", "b", &long, &long[..31], &long[..32]] {
            m.insert(w, w.len());
        }
        for w in ["", "a", "a\0", "ab", "Қазақстан", "b", &long, &long[..31], &long[..32]] {
            assert_eq!(m.get(w), Some(&w.len()), "{w:?}");
        }
        assert_eq!(m.get("c"), None);
        assert_eq!(m.get(&long[..33]), None);
        *m.get_mut("ab").unwrap() = 7;
        assert_eq!(m.get("ab"), Some(&7));
        assert!(!m.insert_new("ab", || 8) && !m.insert_new(&long, || 8), "a word held keeps its value");
        assert_eq!((m.get("ab"), m.get(&long)), (Some(&7), Some(&long.len())));
        assert!(m.insert_new("abc", || 9) && m.insert_new(&long[..40], || 40));
        assert_eq!((m.get("abc"), m.get(&long[..40])), (Some(&9), Some(&40)));
    }
}
