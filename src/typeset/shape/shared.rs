//! Words shaped by any typesetter of the process, for the others: a catalogue's workers each set
//! books with a typesetter of their own, and without this a worker's second English novel is as
//! cold as its first whenever the other worker set the first.
//!
//! A typesetter looks here only when its own cache misses, and adds its new words when it
//! finishes a book, so the lock is taken about once per distinct word, never per word set.

use std::sync::{Arc, RwLock};

use super::Shaped;
use crate::typeset::fasthash::WordMap;
use crate::typeset::font::FaceId;

/// Shaped words per face and language, shared between threads.
#[derive(Default)]
pub struct SharedWords {
    maps: RwLock<Vec<Words>>,
}

/// A face and language's words.
type Words = (FaceId, String, WordMap<Arc<Shaped>>);

impl SharedWords {
    /// An empty store.
    pub fn new() -> SharedWords {
        SharedWords::default()
    }

    /// A word some typesetter shaped in this face and language.
    pub fn get(&self, face: FaceId, lang: &str, text: &str) -> Option<Arc<Shaped>> {
        // A poisoned lock only means a typesetter panicked mid-book; its words are whole.
        let maps = self.maps.read().unwrap_or_else(|e| e.into_inner());
        let (_, _, words) = maps.iter().find(|(f, l, _)| *f == face && l == lang)?;
        words.get(text).cloned()
    }

    /// Adds words shaped in a face and language; a word already there keeps its first shape
    /// (the same one: shaping depends on nothing else).
    pub fn add(&self, face: FaceId, lang: &str, shaped: impl IntoIterator<Item = Arc<Shaped>>) {
        let mut maps = self.maps.write().unwrap_or_else(|e| e.into_inner());
        let slot = match maps.iter().position(|(f, l, _)| *f == face && l == lang) {
            Some(i) => i,
            None => {
                maps.push((face, lang.to_string(), WordMap::default()));
                maps.len() - 1
            }
        };
        let words = &mut maps[slot].2;
        for word in shaped {
            words.insert_new(&word.text, || Arc::clone(&word));
        }
    }

    /// Forgets every word: what bounds the store's memory over a long run.
    pub fn clear(&self) {
        self.maps.write().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// How many words are stored.
    pub fn len(&self) -> usize {
        self.maps.read().unwrap_or_else(|e| e.into_inner()).iter().map(|(_, _, w)| w.len()).sum()
    }

    /// Whether no word is stored.
    pub fn is_empty(&self) -> bool {
        self.maps.read().unwrap_or_else(|e| e.into_inner()).iter().all(|(_, _, w)| w.is_empty())
    }
}
