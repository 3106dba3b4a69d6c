//! The rewrite of each kind of table, and what it must leave alone.

use super::*;

/// A text of these lines.
fn lines(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn pipe(text: &str) -> String {
    let out = to_pipe(text).text;
    assert_eq!(out.lines().count(), text.lines().count(), "line count kept:\n{out}");
    out.into_owned()
}

#[test]
fn a_simple_table_reads_its_alignments_from_where_the_header_sits_on_the_rule() {
    let text = lines(&[
        "  Right     Left     Center     Default",
        "-------     ------ ----------   -------",
        "     12     12        12            12",
        "    123     123       123          123",
        "",
        "after",
    ]);
    let out = pipe(&text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "  | Right | Left | Center | Default |");
    assert_eq!(lines[1], "  |--:|:--|:-:|---|");
    assert_eq!(lines[2], "  | 12 | 12 | 12 | 12 |");
    assert_eq!(lines[5], "after");
}

#[test]
fn a_setext_heading_a_thematic_break_and_prose_stay_as_written() {
    for text in [
        "Chapter One\n-----------\n\ntext\n",
        "text\n\n- - -\n\nmore\n",
        "a b\n--- ---\n\n", // a rule with no row under it
        "para\n---\n\n----- -----\nnot closed\n\nmore\n",
    ] {
        assert_eq!(to_pipe(text).text, text);
    }
}

#[test]
fn a_table_in_a_code_block_stays_code() {
    let text = "```\na    b\n---  ---\n1    2\n```\n";
    assert_eq!(to_pipe(text).text, text);
}

#[test]
fn a_multiline_table_joins_each_cells_lines_and_keeps_the_line_count() {
    let text = lines(&[
        "-------------------------------------------------------------",
        " Centered   Default           Right Left",
        "  Header    Aligned         Aligned Aligned",
        "----------- ------- --------------- -------------------------",
        "   First    row                12.0 Example of a row that",
        "                                    spans multiple lines.",
        "",
        "  Second    row                 5.0 Here's another one.",
        "-------------------------------------------------------------",
        "",
        "Table: caption",
    ]);
    let out = pipe(&text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "| Centered Header | Default Aligned | Right Aligned | Left Aligned |");
    assert_eq!(lines[1], "|:-:|---|--:|:--|");
    assert_eq!(lines[2], "| First | row | 12.0 | Example of a row that spans multiple lines. |");
    assert_eq!(lines[3], "| Second | row | 5.0 | Here's another one. |");
    assert!(lines[4..9].iter().all(|l| l.is_empty()));
    assert_eq!(lines[10], "Table: caption");
}

#[test]
fn headerless_tables_get_an_empty_header() {
    let simple = "-------     ------\n     12     12\n    123     123\n-------     ------\n";
    let out = pipe(simple);
    assert_eq!(out.lines().take(3).collect::<Vec<_>>(), ["|  |  |", "|--:|:--|", "| 12 | 12 |"]);
    let multi = "----------- -------\n   First    row\n            more\n\n-----------------\n";
    let out = pipe(multi);
    assert_eq!(out.lines().nth(2), Some("| First | row more |"));
}

#[test]
fn a_grid_table_keeps_lists_as_lines_and_escapes_pipes() {
    let text = lines(&[
        "+---------------+-------------------+",
        "| Fruit         | Advantages        |",
        "+:==============+==================:+",
        "| Bananas       | - built-in        |",
        "|               | - bright a\\|b     |",
        "+---------------+-------------------+",
        "| Oranges       | cures             |",
        "|               | scurvy            |",
        "+---------------+-------------------+",
    ]);
    let out = pipe(&text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "| Fruit | Advantages |");
    assert_eq!(lines[1], "|:--|--:|");
    assert_eq!(lines[2], "| Bananas | • built-in<br>• bright a\\|b |");
    assert_eq!(lines[3], "| Oranges | cures scurvy |");
}

#[test]
fn wide_letters_and_joiners_line_up_by_what_the_author_sees() {
    let text =
        lines(&["+--+----+", "|魚|fish|", "+--+----+", "", "+-------+", "|Auf\u{200c}lage|", "+-------+"]);
    let out = pipe(&text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[2], "| 魚 | fish |");
    assert_eq!(lines[6], "| Auf\u{200c}lage |");
}

#[test]
fn a_grid_table_needs_a_blank_line_after_it_and_may_have_a_foot() {
    let text = "+---+---+\n| a | b |\n+---+---+\nNext paragraph.\n";
    let r = to_pipe(text);
    assert_eq!((r.text, r.unread), (Cow::Borrowed(text), vec![0]));
    let text = lines(&["+---+---+", "| a | b |", "+===+===+", "| c | d |", "+===+===+"]);
    let out = pipe(&text);
    assert_eq!(out.lines().take(3).collect::<Vec<_>>(), ["| a | b |", "|---|---|", "| c | d |"]);
    for quiet in ["+++\ntitle = 1\n+++\n", "+-+\n\ntext\n"] {
        let r = to_pipe(quiet);
        assert_eq!((r.text, r.unread), (Cow::Borrowed(quiet), vec![]));
    }
}

#[test]
fn a_colon_paragraph_right_before_a_table_is_its_caption_even_under_a_paragraph() {
    // As pandoc reads it (its test suite's tables.txt: "Multiline table with caption:" and the
    // caption under it): a caption before its table wins over a definition of the paragraph.
    let text = "Multiline table with caption:\n\n:  Here's the caption.\nIt may span lines.\n\nName   Age\n----   ---\nBob    3\n";
    let out = pipe(text);
    assert!(out.starts_with("Multiline table with caption:\n\nTable:  Here's the caption.\nIt may span lines.\n\n| Name | Age |"), "{out}");
    let text = "# Head\n\n: A caption\n\nName   Age\n----   ---\nBob    3\n";
    assert!(pipe(text).starts_with("# Head\n\nTable: A caption\n"));
    // With no table after it, a definition stays one.
    let text = "Term\n\n: the definition\n\nMore text.\n";
    assert_eq!(pipe(text), text);
}

#[test]
fn a_one_column_rule_pair_is_no_table() {
    let text = "Intro.\n\n---\nPart Two\n---\n\nPara.\n\n```\ncode\n```\n\n---\n\nAfter.\n";
    assert_eq!(to_pipe(text).text, text);
}

#[test]
fn a_grid_table_whose_edges_do_not_meet_is_left_and_reported() {
    for text in ["+---+---+\n| a | b\n+---+---+\n", "+---+---+\n| a | b |\n+---+--+\n"] {
        let r = to_pipe(text);
        assert_eq!((r.text.as_ref(), r.unread), (text, vec![0]), "{text}");
    }
}

#[test]
fn a_grid_tables_head_may_have_several_rows_under_a_cell_spanning_them() {
    let text = lines(&[
        "+---------+---------------+",
        "|         | Population    |",
        "|         +-------+-------+",
        "| City    | 2010  | 2020  |",
        "+=========+======:+======:+",
        "| Almaty  | 1.4   | 2.0   |",
        "+---------+-------+-------+",
    ]);
    let r = to_pipe(&text);
    let out: Vec<&str> = r.text.lines().collect();
    assert_eq!(
        &out[..4],
        ["| City | Population |  |", "|---|--:|--:|", "|  | 2010 | 2020 |", "| Almaty | 1.4 | 2.0 |"]
    );
    let m = |row, col, rows, cols| Merge { row, col, rows, cols };
    assert_eq!(
        r.shapes,
        vec![(0, GridShape { head: 2, foot: 0, merges: vec![m(0, 0, 2, 1), m(0, 1, 1, 2)] })]
    );
}

#[test]
fn grid_cells_span_columns_and_rows() {
    let text = lines(&[
        "+-------+-----+-----+",
        "|       | Q1  | Q2  |",
        "+:=====:+====:+====:+",
        "| North | 10  | 12  |",
        "| side  +-----+-----+",
        "|       | 11  | 13  |",
        "+-------+-----+-----+",
        "| Both halves | 46  |",
        "+=============+=====+",
        "| All         | 46  |",
        "+=============+=====+",
    ]);
    let r = to_pipe(&text);
    let out: Vec<&str> = r.text.lines().collect();
    assert_eq!(out.len(), 11, "line count kept");
    assert_eq!(
        &out[..6],
        [
            "|  | Q1 | Q2 |",
            "|:-:|--:|--:|",
            "| North side | 10 | 12 |",
            "|  | 11 | 13 |",
            "| Both halves |  | 46 |",
            "| All |  | 46 |",
        ]
    );
    let m = |row, col, rows, cols| Merge { row, col, rows, cols };
    // Rows count from the head's; the foot's is the last.
    let shape = GridShape { head: 1, foot: 1, merges: vec![m(1, 0, 2, 1), m(3, 0, 1, 2), m(4, 0, 1, 2)] };
    assert_eq!(r.shapes, vec![(0, shape)]);
    assert!(r.unread.is_empty());
}

#[test]
fn a_head_cell_may_span_the_columns_the_rule_under_it_parts() {
    let text = lines(&[
        "+-----------+-------+",
        "| Planets   | Moons |",
        "+:=====:+:=:+======:+",
        "| Inner | 4 | 3     |",
        "+-------+---+-------+",
    ]);
    let r = to_pipe(&text);
    let out: Vec<&str> = r.text.lines().collect();
    assert_eq!(&out[..3], ["| Planets |  | Moons |", "|:-:|:-:|--:|", "| Inner | 4 | 3 |"]);
    let shape = GridShape { head: 1, foot: 0, merges: vec![Merge { row: 0, col: 0, rows: 1, cols: 2 }] };
    assert_eq!(r.shapes, vec![(0, shape)]);
}

#[test]
fn tabs_stop_every_four_columns() {
    // "Bob" ends before the first stop, so it takes two tabs to reach the second column.
    let text = "Name\tAge\n----\t---\nBob\t\t3\nAnn\t\t41\n";
    let out = pipe(text);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["| Name | Age |", "|---|---|", "| Bob | 3 |", "| Ann | 41 |"]
    );
}

#[test]
fn a_code_block_in_a_grid_cell_is_a_code_span_a_line() {
    let text = lines(&[
        "+-----------------+---------------------+",
        "| ```             | ``` yaml            |",
        "| --tab-stop 8    | metadata-files:     |",
        "|                 |   - `meta`.yaml     |",
        "| ```             | ```                 |",
        "|                 | Or as one.          |",
        "+-----------------+---------------------+",
    ]);
    let out = pipe(&text);
    let first = out.lines().next().unwrap_or_default().to_string();
    assert_eq!(first, "|  |  |", "headerless");
    assert_eq!(
        out.lines().nth(2),
        Some("| `--tab-stop 8` | `metadata-files:`<br>``\u{2007}\u{2007}- `meta`.yaml``<br>Or as one. |")
    );
}

#[test]
fn a_code_line_in_a_grid_cell_indented_by_a_no_break_space_is_read_not_cut_inside_it() {
    // The fence stands one column in; the code line's one column is a no-break space, two
    // bytes: cutting the indent by bytes fell inside it.
    let text =
        lines(&["+--------+", "| ```    |", "|\u{a0}x      |", "| ```    |", "+--------+", "", "after"]);
    let out = pipe(&text);
    assert_eq!(out.lines().nth(2), Some("| `x` |"), "{out}");
}

#[test]
fn a_grid_of_rules_with_no_line_between_them_is_left_as_text_its_lines_kept() {
    // Rows with no line of their own would take more lines as a pipe table than they had.
    let text = lines(&["+---+---+", "+---+---+", "+---+---+", "", "after"]);
    let rewrite = to_pipe(&text);
    assert_eq!(rewrite.text, text);
    assert_eq!(rewrite.unread, [0]);
}
