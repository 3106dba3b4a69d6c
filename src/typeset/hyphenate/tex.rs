//! TeX pattern files read as TeX reads them: `\patterns{…}` and `\hyphenation{…}` blocks and the
//! words inside them, each with its place in the file, and what in them TeX would stop at. The
//! loader builds from the words; a book's own files are checked first, so a typing slip is an
//! error naming its line instead of a pattern silently lost.

/// The two kinds of block a pattern file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// `\patterns{…}`: Liang patterns.
    Patterns,
    /// `\hyphenation{…}`: whole words with their hyphens (`ta-ble`).
    Hyphenation,
}

/// One thing read from a pattern file, with its 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A block opens.
    Open(Block, usize, usize),
    /// A word inside an open block.
    Word(Block, &'a str, usize, usize),
    /// The open block closes.
    Close,
}

/// Something TeX would stop at, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line.
    pub line: usize,
    /// The column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Calls `each` with the blocks and words of `tex`, in order. Comments (`%` to the line's end)
/// and anything outside a block (`\message{…}`, `\endinput`) are passed over; a word ending in
/// `}` closes its block. Returns the block left open at the end, if any, with its place.
pub fn read<'a>(tex: &'a str, mut each: impl FnMut(Piece<'a>)) -> Option<(Block, usize, usize)> {
    let mut open: Option<(Block, usize, usize)> = None;
    for (n, raw) in tex.lines().enumerate() {
        let line = raw.split('%').next().unwrap_or("");
        let column = |rest: &str| line[..line.len() - rest.len()].chars().count() + 1;
        let mut rest = line.trim_start();
        while !rest.is_empty() {
            let opened = [("\\patterns{", Block::Patterns), ("\\hyphenation{", Block::Hyphenation)]
                .into_iter()
                .find_map(|(command, block)| rest.strip_prefix(command).map(|after| (block, after)));
            if let Some((block, after)) = opened {
                let at = (block, n + 1, column(rest));
                each(Piece::Open(at.0, at.1, at.2));
                open = Some(at);
                rest = after.trim_start();
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (token, after) = rest.split_at(end);
            let (word, closes) = token.strip_suffix('}').map_or((token, false), |w| (w, true));
            if let (Some((block, ..)), false) = (open, word.is_empty()) {
                each(Piece::Word(block, word, n + 1, column(rest)));
            }
            // A `}` outside a block closes a command's argument (`\message{…}`), not a block.
            if closes && open.take().is_some() {
                each(Piece::Close);
            }
            rest = after.trim_start();
        }
    }
    open
}

/// What TeX would stop at in `tex`: a block never closed or opened inside another, a pattern
/// that is no Liang pattern, an exception with what no word holds.
pub fn check(tex: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut inside = false;
    let mut problem = |line, column, message: String| problems.push(Problem { line, column, message });
    let left_open = read(tex, |piece| match piece {
        Piece::Open(block, line, column) => {
            if inside {
                problem(
                    line,
                    column,
                    format!("{} opens before the block above it is closed with `}}`", command(block)),
                );
            }
            inside = true;
        }
        Piece::Word(block, word, line, column) => {
            let fault = match block {
                Block::Patterns => pattern_fault(word),
                Block::Hyphenation => exception_fault(word),
            };
            if let Some(fault) = fault {
                problem(line, column, format!("`{word}` in {}: {fault}", command(block)));
            }
        }
        Piece::Close => inside = false,
    });
    if let Some((block, line, column)) = left_open {
        problems.push(Problem {
            line,
            column,
            message: format!("{} is never closed with `}}`", command(block)),
        });
    }
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

fn command(block: Block) -> &'static str {
    match block {
        Block::Patterns => "\\patterns{…}",
        Block::Hyphenation => "\\hyphenation{…}",
    }
}

/// Why a word is no Liang pattern: letters (any character but a digit or a dot; hyph-utf8's
/// Russian has `-`, its French `'`) with at most one digit between two, and a dot only at an end.
fn pattern_fault(word: &str) -> Option<&'static str> {
    let inner = word.strip_prefix('.').unwrap_or(word);
    let inner = inner.strip_suffix('.').unwrap_or(inner);
    if word.contains(['\\', '{', '}']) {
        Some("TeX's escapes and braces are not read here: write the letters themselves, in UTF-8")
    } else if inner.contains('.') {
        Some("a dot marks a word's edge and stands only at the pattern's start or end")
    } else if word.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit()) {
        Some("two digits in a row: a pattern has at most one digit between two letters")
    } else if !inner.chars().any(|c| !c.is_ascii_digit()) {
        Some("a pattern needs a letter")
    } else {
        None
    }
}

/// Why a word is no exception: one is a word with hyphens where it may break (`ta-ble`).
fn exception_fault(word: &str) -> Option<&'static str> {
    if word.contains(['\\', '{', '}']) {
        Some("TeX's escapes and braces are not read here: write the letters themselves, in UTF-8")
    } else if word.chars().any(|c| c.is_ascii_digit()) {
        Some("an exception is a word with its hyphens (ta-ble); digits are for patterns")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_words_are_read_with_their_places() {
        let tex = "% header\n\\message{Hi} \\patterns{ % open\n  .ab1c\n1-4 x2y}\n\\hyphenation{ta-ble}\n";
        let mut seen = Vec::new();
        assert_eq!(read(tex, |p| seen.push(p)), None);
        assert_eq!(
            seen,
            [
                Piece::Open(Block::Patterns, 2, 14),
                Piece::Word(Block::Patterns, ".ab1c", 3, 3),
                Piece::Word(Block::Patterns, "1-4", 4, 1),
                Piece::Word(Block::Patterns, "x2y", 4, 5),
                Piece::Close,
                Piece::Open(Block::Hyphenation, 5, 1),
                Piece::Word(Block::Hyphenation, "ta-ble", 5, 14),
                Piece::Close,
            ]
        );
    }

    #[test]
    fn what_tex_would_stop_at_is_named_by_line_and_column() {
        let tex = "\\patterns{\na1b\na.b 12c .\n\\hyphenation{ex-4mple\n";
        let found: Vec<(usize, usize, bool)> = check(tex)
            .iter()
            .map(|p| {
                (
                    p.line,
                    p.column,
                    p.message.contains("never closed") || p.message.contains("before the block"),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(3, 1, false), (3, 5, false), (3, 9, false), (4, 1, true), (4, 1, true), (4, 14, false)]
        );
    }

    #[test]
    fn the_shipped_pattern_files_read_clean() {
        for (name, tex, ..) in super::super::PATTERNS {
            assert_eq!(check(tex), [], "{name}");
        }
    }
}
