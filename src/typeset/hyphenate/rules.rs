//! What careful compositors keep that the pattern files do not: no short word split at all, in
//! Kazakh no line begun with two consonants, and in English and French proper names divided only
//! as a last resort. These only take break points away or make them dearer; a book's own
//! exceptions are taken as written.

/// Words with fewer letters are not hyphenated: "бә-рі" or "ко-ни" saves a line nobody misses
/// and leaves two letters standing alone (InDesign's default, five letters or more).
const SHORTEST: usize = 5;

/// Kazakh consonants: a native syllable opens with at most one, so "ай-тқан-да" and "ар-тқы",
/// which the patterns allow beside "айт-қан-да" and "арт-қы", carry a cluster no Kazakh reader
/// divides there. An С before Т, П or К is let open a line: it opens the words Kazakh took with
/// it (Қазақ-стан, спорт). У and И are vowels or glides by their neighbours: after a consonant
/// they are the syllable's vowel ([ʊw], [ɯj]), which the consonant opens, so "бер-уге",
/// "бағ-усыз" and "шар-уа", which the patterns allow, are "бе-ру-ге", "ба-ғу-сыз", "ша-ру-а".
const KAZAKH_CONSONANTS: &str = "бвгғджзйкқлмнңпрстфхһцчшщ";

/// Whether `word`, in the language tagged `tag`, is one a compositor divides only where the
/// paragraph can be set no other way: a word with a capital first where capitals mark proper
/// names (the Chicago Manual; the Imprimerie nationale's Lexique). Russian and Kazakh practice
/// divides names as other words; German capitalises every noun.
pub(crate) fn divided_last(tag: &str, word: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or(tag);
    matches!(primary, "en" | "fr") && word.chars().find(|c| super::is_letter(*c)).is_some_and(super::is_upper)
}

/// Keeps, of `breaks` (character indices into the lower-cased `word`), the ones the language's
/// rules allow.
pub(super) fn keep(primary: &str, word: &str, breaks: &mut Vec<usize>) {
    if breaks.is_empty() {
        return;
    }
    let letters: Vec<char> = word.chars().collect();
    if letters.iter().filter(|c| !matches!(c, '\'' | '-')).count() < SHORTEST {
        breaks.clear();
        return;
    }
    if primary == "kk" {
        let consonant = |i: usize| letters.get(i).is_some_and(|c| KAZAKH_CONSONANTS.contains(*c));
        let s_cluster =
            |i: usize| letters.get(i) == Some(&'с') && matches!(letters.get(i + 1), Some('т' | 'п' | 'к'));
        let glide_vowel = |i: usize| matches!(letters.get(i), Some('у' | 'и'));
        breaks.retain(|&k| !(consonant(k) && consonant(k + 1)) || s_cluster(k));
        breaks.retain(|&k| !(k > 0 && consonant(k - 1) && glide_vowel(k)));
    }
}

#[cfg(test)]
mod tests {
    use super::keep;

    fn kept(primary: &str, word: &str, breaks: &[usize]) -> Vec<usize> {
        let mut b = breaks.to_vec();
        keep(primary, word, &mut b);
        b
    }

    #[test]
    fn four_letter_words_keep_no_break() {
        assert_eq!(kept("kk", "бәрі", &[2]), [] as [usize; 0]);
        assert_eq!(kept("ru", "кони", &[2]), [] as [usize; 0]);
        assert_eq!(kept("ru", "книга", &[2]), [2]);
    }

    #[test]
    fn a_kazakh_line_never_opens_with_two_consonants() {
        // ай-т-қан-да as the patterns give it: only айт-қан-да is Kazakh.
        assert_eq!(kept("kk", "айтқанда", &[2, 3, 6]), [3, 6]);
        assert_eq!(kept("kk", "дертке", &[3, 4]), [4]);
        assert_eq!(kept("kk", "қазақстан", &[2, 5, 6]), [2, 5, 6], "Қазақ-стан keeps its stem");
        // У and И after a consonant are the vowel it opens: бе-ру-ге, ба-ғу-сыз, ша-ру-а, not
        // бер-уге; after a vowel У is a glide that closes its syllable: тау-да.
        assert_eq!(kept("kk", "беруге", &[2, 3, 4]), [2, 4]);
        assert_eq!(kept("kk", "бағусыз", &[2, 3, 4]), [2, 4]);
        assert_eq!(kept("kk", "шаруашылық", &[2, 3, 5]), [2, 5]);
        assert_eq!(kept("kk", "таудағы", &[3, 5]), [3, 5]);
        // Russian divides a cluster where it likes: се-стра, сес-тра.
        assert_eq!(kept("ru", "сестра", &[2, 3]), [2, 3]);
    }
}
