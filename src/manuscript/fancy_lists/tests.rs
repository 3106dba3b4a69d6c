use super::*;

/// The pass over one file, as the first of its book.
fn to_commonmark(text: &str) -> (Cow<'_, str>, HashMap<usize, (u32, Numbering)>) {
    super::to_commonmark(text, &mut Examples::default())
}

/// The rewritten text and the numbering noted, by line.
fn read(text: &str) -> (String, Vec<(usize, String)>) {
    let (out, numbering) = to_commonmark(text);
    let mut noted: Vec<(usize, String)> =
        numbering.into_iter().map(|(line, (_, n))| (line, n.marker(0))).collect();
    noted.sort();
    (out.into_owned(), noted)
}

#[test]
fn lettered_and_roman_markers_become_commonmarks_column_for_column() {
    let (out, noted) =
        read("Intro.\n\nc. third\n   goes on\nd. fourth\n\n(iv) four\n(v) five\n\nIV) upper\n");
    assert_eq!(
        out, "Intro.\n\n0. third\n   goes on\n1. fourth\n\n000) four\n01) five\n\n00. upper\n",
        "a list counted otherwise is parted from the one before"
    );
    let noted: Vec<(usize, &str)> = noted.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(noted, [(2, "c."), (4, "d."), (6, "(iv)"), (7, "(v)"), (9, "IV)")]);
}

#[test]
fn plain_markers_are_kept_and_their_delimiter_noted() {
    let (out, noted) = read("1) one\n2) two\n\n7. seven\n\n(3) three\n");
    assert_eq!(out, "1) one\n2) two\n\n7. seven\n\n00) three\n");
    assert_eq!(noted[0], (0, "1)".to_string()));
    assert_eq!(noted[2], (3, "7.".to_string()));
    assert_eq!(noted[3], (5, "(3)".to_string()));
}

#[test]
fn text_that_only_looks_like_a_marker_stays_text() {
    // A capital and a period need two spaces; a wrapped line starting `i. e.` continues its
    // paragraph; `v.` with no space after it is no marker.
    let text = "B. Russell wrote it.\n\nAs we said,\ni. e. by then,\nwe left.\n\nv.Smith\n\nA.  Two spaces make it one.\n\nXXXIX. XL. XLI\n\n(1854)\n\nText.\n";
    let (out, noted) = read(text);
    assert_eq!(out, text.replace("A.  Two", "0.  Two"));
    assert_eq!(noted, [(8, "A.".to_string())]);
}

#[test]
fn a_list_inside_an_item_may_interrupt_its_text_and_counts_from_one_there() {
    let (out, noted) = read("a. outer\n   i. inner\n   ii. next\nb. outer again\n");
    assert_eq!(out, "0. outer\n   1. inner\n   01. next\n1. outer again\n");
    assert_eq!(noted.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>(), ["a.", "i.", "ii.", "b."]);
}

#[test]
fn code_is_left_as_written() {
    let text = "```\na. not a list\n```\n\n    b. indented code\n\n- item\n\n    c. an item's paragraph\n";
    let (out, noted) = read(text);
    assert_eq!(out, text.replace("    c. an", "    0. an"));
    assert_eq!(noted.len(), 1, "only the item's own list: {noted:?}");
}

#[test]
fn examples_are_numbered_through_the_file_and_referred_to_by_label() {
    let text = "(@) First.\n(@good) Second.\n\nAs (@good) shows, not `(@good)` nor (@none).\n\n(@) Third.\n";
    let (out, noted) = read(text);
    assert_eq!(
        out,
        "00) First.\n000001) Second.\n\nAs (2) shows, not `(@good)` nor (@none).\n\n00) Third.\n"
    );
    let noted: Vec<&str> = noted.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(noted, ["(1)", "(2)", "(3)"]);
}

#[test]
fn a_heading_ends_a_list_and_a_thematic_break_is_no_bullet() {
    let (out, _) = read("a. item\n# Next\na. again\n\n* * *\nb. after a rule\n\n---\n");
    assert_eq!(out, "0. item\n# Next\n0. again\n\n* * *\n0. after a rule\n\n---\n");
}

#[test]
fn a_letter_that_is_also_a_numeral_goes_on_counting_as_its_list_does() {
    let (out, noted) = read("h. eighth\ni. ninth\n\niv. four\nv. five\n\n1) one\n\n(c) three\n");
    assert_eq!(out, "0. eighth\n1. ninth\n\n00) four\n1) five\n\n1. one\n\n00) three\n");
    let noted: Vec<&str> = noted.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(noted, ["h.", "i.", "iv.", "v.", "1)", "(c)"]);
}

#[test]
fn a_lines_first_marker_is_noted_at_its_column() {
    let (_, numbering) = to_commonmark("Text.\n\n> (c) quoted\n\n1. - 2. inner\n");
    assert_eq!(numbering.get(&2).map(|(col, n)| (*col, n.marker(0))), Some((3, "(c)".to_string())));
    assert_eq!(numbering.get(&4).map(|(col, n)| (*col, n.marker(0))), Some((1, "1.".to_string())));
}

/// Whether every marker the pass rewrote starts an item (else its placeholder figures would be
/// read as the author's text), and the lines it rewrote.
fn rewritten_markers_start_items(text: &str) -> Vec<usize> {
    let (out, _) = to_commonmark(text);
    let changed: Vec<usize> = text
        .lines()
        .zip(out.lines())
        .enumerate()
        .filter(|(_, (a, b))| settle::marker_changed(a, b))
        .map(|(i, _)| i)
        .collect();
    let items = settle::item_lines(&out);
    for line in &changed {
        assert!(items.contains(line), "line {line} of {text:?} was rewritten but starts no item:\n{out}");
    }
    changed
}

#[test]
fn a_marker_indented_past_its_container_stays_text() {
    for text in [
        "iii. third\n    a. child\n",
        "(iv) parent\n    (a) child\n",
        "   a. one\n    b. two\n",
        "a. one\n        b. two\n",
    ] {
        assert_eq!(rewritten_markers_start_items(text), [0], "{text:?}");
    }
}

#[test]
fn every_rewritten_marker_starts_an_item() {
    let cases = [
        ("- one\n\n\ta. sub\n\tb. sub\n", vec![2, 3]),
        ("a.      code\nb. next\n", vec![0, 1]),
        ("(@consonant_cluster) one\n(@) two\n", vec![0, 1]),
        ("> Text\n>\n> a. one\n> b. two\n", vec![2, 3]),
        ("::: note\na. one\nb. two\n:::\n", vec![1, 2]),
        ("Sub\n===\na. item\n", vec![2]),
        ("Text\n```\ncode\n```\na. item\n", vec![4]),
        ("a.\n   text\n", vec![0]),
        ("a. one\n#. two\n", vec![0, 1]),
        ("ii. ```\n    a. code\n    ```\n", vec![0]),
    ];
    for (text, lines) in cases {
        assert_eq!(rewritten_markers_start_items(text), lines, "{text:?}");
    }
}

#[test]
fn code_raw_html_and_look_alikes_are_not_read_for_markers() {
    for text in [
        "1. one\n\n    ```\n    a. code\n    (@x) code\n    ```\n",
        "<pre>\n\na. foo\n</pre>\n",
        "<!--\n\n(@old) x\n\n-->\n",
        "<div>\na. foo\n</div>\n",
        "Para\n\u{3000}\na. foo\n",
        "See p. 5 of the report.\n\np. 5 of it.\n",
    ] {
        let (out, _) = to_commonmark(text);
        let kept: Vec<&str> = text
            .lines()
            .zip(out.lines())
            .filter(|(a, b)| a != b && !a.starts_with("1."))
            .map(|(a, _)| a)
            .collect();
        assert!(kept.is_empty(), "{text:?} → {out:?}");
    }
    // An example in a comment or in code takes no number from the examples after it.
    let (_, numbering) = to_commonmark("<!--\n\n(@old) x\n\n-->\n\n    (@code) y\n\n(@) first\n");
    let firsts: Vec<String> = numbering.values().map(|(_, n)| n.marker(0)).collect();
    assert_eq!(firsts, ["(1)"]);
}

#[test]
fn a_label_used_twice_names_its_last_example_and_code_keeps_its_references() {
    let (out, _) = to_commonmark("(@a) one\n(@a) two\n\nSee (@a).\n\n    (@a) in code\n");
    assert!(out.contains("See (2).") && out.contains("    (@a) in code"), "{out}");
}

#[test]
fn random_manuscripts_keep_their_lines_and_every_rewritten_marker_starts_an_item() {
    const PIECES: [&str; 26] = [
        "a. ", "(iv) ", "B)  ", "#. ", "(@x) ", "1) ", "2. ", "- ", "* ", "> ", "\t", "    ", "  ", "```",
        "~~~", "\n", "\n", "\n\n", "text ", "é ", "<pre>", "</pre>", "<!--", "-->", "(@x)", "i. ",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let n = 2 + next() % 14;
        let text: String = (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let (out, _) = to_commonmark(&text);
        assert_eq!(out.matches('\n').count(), text.matches('\n').count(), "{text:?}");
        rewritten_markers_start_items(&text);
    }
}

#[test]
fn a_books_files_number_their_examples_on_and_refer_to_those_before() {
    let mut examples = Examples::default();
    let (_, first) = super::to_commonmark("(@a) one\n(@) two\n", &mut examples);
    let (out, second) = super::to_commonmark("(@) three\n\nAs (@a) says.\n", &mut examples);
    assert_eq!(first.values().map(|(_, n)| n.start).min(), Some(1));
    assert_eq!(second.values().map(|(_, n)| n.start).collect::<Vec<_>>(), [3]);
    assert!(out.contains("As (1) says."), "{out}");
    let (out, _) = super::to_commonmark("No examples here, but (@a).\n", &mut examples);
    assert_eq!(out, "No examples here, but (1).\n");
}

#[test]
fn a_list_pulldown_cmark_cannot_read_is_left_as_written() {
    // pulldown-cmark 0.13 panics reading this as a list: the pass gives the text back.
    let text = "a. n>\n    {}\n   -\n";
    assert_eq!(to_commonmark(text).0, text);
}
