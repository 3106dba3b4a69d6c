//! Drop caps: which paragraph a section's initial opens, and which characters the initial is.
//! Both writers ask here, so the EPUB's `::first-letter` and the print initial fall alike.

use super::{Block, Inline, ParagraphStyle, Section, SectionRole};
use unicode_normalization::char::is_combining_mark;

impl Section {
    /// Whether `block` is the paragraph a drop cap opens. By identity: the writers meet it in
    /// the section's own list, and an equal paragraph later in the chapter takes none.
    pub fn opens_with_drop_cap(&self, block: &Block) -> bool {
        self.drop_cap().is_some_and(|i| std::ptr::eq(&self.blocks[i], block))
    }

    /// The index of the paragraph a drop cap opens: the section's first paragraph of text (after
    /// its lead, if it opens with one), when the section is a chapter or the like and that
    /// paragraph begins, after any opening quotation marks, with a letter or a figure.
    fn drop_cap(&self) -> Option<usize> {
        use SectionRole::*;
        if !matches!(self.role, Chapter | Foreword | Preface | Introduction | Afterword) {
            return None;
        }
        let skip = usize::from(
            matches!(self.blocks.first(), Some(Block::Paragraph(p)) if p.style == ParagraphStyle::Lead),
        );
        let Some(Block::Paragraph(p)) = self.blocks.get(skip) else { return None };
        let Some(Inline::Text(text)) = p.inlines.first() else { return None };
        (p.style == ParagraphStyle::Body && split_initial(text).is_some()).then_some(skip)
    }
}

/// A paragraph's initial and the text after it: the opening quotation marks or brackets before
/// the first letter, the letter and its combining marks (`“I`, `Ә`, `É` written as E and an
/// accent). `None` when the text does not begin so (a dash of dialogue, a figure's `*`).
pub fn split_initial(text: &str) -> Option<(&str, &str)> {
    let opening = |c: char| "“‘«„‚\"'([‹".contains(c);
    let mut chars = text.char_indices().skip_while(|(_, c)| opening(*c));
    let (_, letter) = chars.next()?;
    if !letter.is_alphanumeric() {
        return None;
    }
    let end = chars.find(|(_, c)| !is_combining_mark(*c)).map_or(text.len(), |(i, _)| i);
    Some(text.split_at(end))
}

#[cfg(test)]
mod tests {
    use super::split_initial;

    #[test]
    fn an_initial_takes_its_opening_quotes_and_combining_marks() {
        assert_eq!(split_initial("It is a truth"), Some(("I", "t is a truth")));
        assert_eq!(split_initial("“My dear Mr. Bennet,”"), Some(("“M", "y dear Mr. Bennet,”")));
        assert_eq!(split_initial("«Әке»"), Some(("«Ә", "ке»")));
        assert_eq!(split_initial("E\u{301}té"), Some(("E\u{301}", "té")));
        assert_eq!(split_initial("1812 was"), Some(("1", "812 was")));
        assert_eq!(split_initial("— Да"), None);
        assert_eq!(split_initial("“"), None);
        assert_eq!(split_initial(""), None);
    }
}
