//! Code and tables on the page: the monospaced face and its columns, no added hyphens, table
//! captions, rules and column widths.

use super::*;

/// The lines set in the monospaced face, each as (x of every glyph, the glyphs' text).
fn code_lines(doc: &Document, ts: &Typesetter) -> Vec<(Vec<f64>, String)> {
    let mut out = Vec::new();
    for item in doc.pages.iter().flat_map(|p| p.items.iter()) {
        let Placed::Text { x, line, .. } = item else { continue };
        let runs: Vec<_> = line.runs.iter().filter(|r| ts.fonts.face(r.style.face).monospaced).collect();
        if runs.is_empty() || runs.len() != line.runs.len() {
            continue;
        }
        let xs = runs.iter().flat_map(|r| r.glyphs.iter().map(|g| (*x + g.x()).0)).collect();
        out.push((xs, line_text(line, ts)));
    }
    out
}

#[test]
fn code_is_set_in_the_monospaced_face_with_its_columns_kept() {
    let code = "fn main() {\n    let total = 1;  // one\n\treturn;\n}";
    let (doc, ts) =
        laid_out(&format!("---\ntitle: Code\n---\n\n# One\n\nText.\n\n```\n{code}\n```\n\nMore.\n"));
    let lines = code_lines(&doc, &ts);
    assert_eq!(lines.len(), 4, "every line of the block, in the monospaced face: {lines:?}");
    let face = doc.pages.iter().flat_map(|p| p.items.iter()).find_map(|i| match i {
        Placed::Text { line, .. } => line.runs.iter().find(|r| ts.fonts.face(r.style.face).monospaced),
        _ => None,
    });
    let style = face.expect("a monospaced run").style;
    assert_eq!(ts.fonts.face(style.face).file.family, "Noto Sans Mono");
    let f = ts.fonts.face(style.face);
    let space = f.shaper.glyph_index(' ').expect("a space glyph");
    let column = f64::from(f.shaper.glyph_hor_advance(space).expect("an advance")) * style.size.0
        / f64::from(f.per_em);
    let left = lines[0].0[0];
    // Every character, spaces and the tab's four columns included, is one column wide: each
    // glyph stands at its character's column of the source line.
    let source: Vec<String> = code.lines().map(|l| l.replace('\t', "    ")).collect();
    for ((xs, text), src) in lines.iter().zip(&source) {
        let columns: Vec<usize> = src.char_indices().filter(|(_, c)| *c != ' ').map(|(i, _)| i).collect();
        assert_eq!(text, &src.replace(' ', ""), "the glyphs of `{src}`");
        assert_eq!(xs.len(), columns.len(), "`{src}`");
        for (x, col) in xs.iter().zip(columns) {
            assert!(
                (x - left - col as f64 * column).abs() < 0.01,
                "`{src}`: column {col} at {x}, not {}",
                left + col as f64 * column
            );
        }
    }
}

#[test]
fn code_inside_a_paragraph_takes_no_hyphen_that_text_would() {
    let words = |w: &str| vec![w; 40].join(" and ");
    let ends_hyphenated = |md: String| {
        let (doc, ts) = laid_out(&md);
        lines(&doc).filter(|l| l.hyphenated).map(|l| line_text(l, &ts)).collect::<Vec<_>>()
    };
    let head = "---\ntitle: Words\n---\n\n# One\n\n";
    let text = ends_hyphenated(format!("{head}{}\n", words("internationalization")));
    assert!(!text.is_empty(), "the same words as text do take hyphens");
    let code = ends_hyphenated(format!("{head}{}\n", words("`internationalization`")));
    assert!(code.is_empty(), "code hyphenated: {code:?}");
}

#[test]
fn a_tables_caption_is_printed_over_it_and_kept_with_it() {
    let md = "---\ntitle: Tables\n---\n\n# One\n\nBefore.\n\n| Delay | Reaction |\n|---|---|\n| 0 ms | Instant |\n\n\
              : Table 1.1: Latency\n\nAfter.\n";
    let pages = pages_text(md);
    let all = pages.join("\n");
    let caption = all.find("Table1.1:Latency").expect("the caption is printed");
    let head = all.find("DelayReaction").expect("the header row is printed");
    assert!(caption < head, "the caption stands over the table:\n{all}");
    assert!(!all.contains(":Table"), "the caption mark is not printed:\n{all}");
}

#[test]
fn a_table_is_ruled_over_and_under_and_below_its_head() {
    let md = "---\ntitle: Tables\n---\n\n# One\n\nBefore.\n\n| Delay | Reaction |\n|---|---|\n| 0 ms | Instant |\n| 1 s | Slow |\n\nAfter.\n";
    let (doc, ts) = laid_out(md);
    let page = doc
        .pages
        .iter()
        .find(|p| p.items.iter().any(|i| matches!(i, Placed::Rule { .. })))
        .expect("a page with the table's rules");
    let baseline = |text: &str| {
        page.items.iter().find_map(|i| match i {
            Placed::Text { y, line, .. } if line_text(line, &ts) == text => Some(y.0),
            _ => None,
        })
    };
    let (head, first, last) = (baseline("DelayReaction"), baseline("0msInstant"), baseline("1sSlow"));
    let (head, first, last) = (head.expect("head row"), first.expect("first row"), last.expect("last row"));
    let rules: Vec<(f64, f64)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Rule { y, weight, .. } => Some((y.0, weight.0)),
            _ => None,
        })
        .collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    let size = 10.0;
    // Over the head's capitals, between the head's descenders and the first row's capitals, and
    // under the last row's descenders; heavy, light, heavy.
    assert!(rules[0].0 > head + 0.72 * size * 0.9 && rules[0].1 > rules[1].1, "{rules:?} head {head}");
    assert!(rules[1].0 < head - 0.25 * size && rules[1].0 > first + 0.72 * size * 0.9, "{rules:?}");
    assert!(rules[2].0 < last - 0.25 * size && rules[2].1 == rules[0].1, "{rules:?} last {last}");
}

#[test]
fn text_after_a_figure_goes_on_indented_as_the_figure_floats() {
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::from_pixel(600, 400, image::Rgb([90, 90, 90])).save(dir.path().join("map.png")).unwrap();
    let md = "---\ntitle: Figures\n---\n\n# One\n\nBefore the figure.\n\n![A map](map.png)\n\nAfter the figure.\n\n\
              > A quote.\n\nAfter the quote.\n\n> A letter.\n\n“A reply,” she said.\n";
    std::fs::write(dir.path().join("book.md"), md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&dir.path().join("book.md"), &Default::default(), &mut diags).unwrap();
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    let x_of = |text: &str| {
        doc.pages.iter().flat_map(|p| p.items.iter()).find_map(|i| match i {
            Placed::Text { x, line, .. } if line_text(line, &ts) == text => {
                line.runs.first().and_then(|r| r.glyphs.first()).map(|g| (*x + g.x()).0)
            }
            _ => None,
        })
    };
    let before = x_of("Beforethefigure.").expect("the first paragraph");
    let after = x_of("Afterthefigure.").expect("the paragraph after the figure");
    let quote = x_of("Afterthequote.").expect("the paragraph after the quote");
    assert!(after > before + 5.0, "indented after a figure: {after} vs {before}");
    assert!((quote - before).abs() < 0.5, "flush after a quote: {quote} vs {before}");
    let reply = x_of("“Areply,”shesaid.").expect("the reply after the letter");
    assert!(reply > before + 5.0, "a new speaker's paragraph is indented after a quote: {reply}");
}

#[test]
fn table_columns_take_the_width_their_text_needs_and_align_as_asked() {
    let long = "Common net utilities, such as host resolution, cookies, network change detection, and SSL certificate management";
    let md = format!(
        "---\ntitle: Tables\n---\n\n# One\n\nText.\n\n| Part | Description | Lines |\n|---|---|--:|\n\
         | net/base | {long} | 12 |\n| net/dns | Asynchronous DNS | 3456 |\n\nAfter.\n"
    );
    let (doc, ts) = laid_out(&md);
    let page = doc
        .pages
        .iter()
        .find(|p| p.items.iter().any(|i| matches!(i, Placed::Rule { .. })))
        .expect("the table");
    let heavy: Vec<(f64, f64)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Rule { y, w, weight, .. } if weight.0 > 0.6 => Some((y.0, w.0)),
            _ => None,
        })
        .collect();
    let (top, bottom, table) = (heavy[0].0, heavy[1].0, heavy[0].1);
    // The table's lines: between its heavy rules.
    let rows: Vec<&Line> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { y, line, .. } if y.0 < top && y.0 > bottom => Some(line),
            _ => None,
        })
        .collect();
    assert!(rows.len() >= 4, "head, a wrapped row and a short one: {}", rows.len());
    let starts =
        |l: &Line| -> Vec<f64> { l.runs.iter().filter_map(|r| r.glyphs.first()).map(|g| g.x().0).collect() };
    let head = starts(rows[0]);
    // The narrow first column takes what "net/base" needs, far less than a third of the table.
    assert!(head[1] - head[0] < table / 4.0, "first column {} of {table}", head[1] - head[0]);
    // The description wraps, and the numbers end flush right, one under the other.
    let wrapped = rows.iter().filter(|l| line_text(l, &ts).contains("cookies")).count();
    assert_eq!(wrapped, 1, "the description wraps inside its column");
    let ends: Vec<f64> = rows
        .iter()
        .filter_map(|l| {
            let r = l.runs.last()?;
            let text = line_text(l, &ts);
            (text.ends_with("12") || text.ends_with("3456")).then(|| r.glyphs.last().map(|g| g.x().0))?
        })
        .collect();
    assert_eq!(ends.len(), 2, "{ends:?}");
    let digit = ends[0] - ends[1];
    assert!(digit.abs() < 0.5, "right-aligned numbers end together: {ends:?}");
}

#[test]
fn a_table_parts_only_with_two_rows_on_each_side_of_the_break() {
    // Wherever the text before it leaves the table on its page, a short table moves whole, and
    // a long one leaves no row alone at a page's foot or head.
    for (rows, filler) in [(3, 1..40), (12, 1..40)] {
        let table: String = (1..=rows).map(|i| format!("| Row{i} | {i} |\n")).collect();
        for lines in filler {
            let before: String = (0..lines).map(|i| format!("Line {i} of filler.\\\n")).collect();
            let md = format!(
                "---\ntitle: Tables\n---\n\n# One\n\n{before}End.\n\n| Name | Value |\n|---|---|\n{table}\nAfter.\n"
            );
            let per_page: Vec<usize> =
                pages_text(&md).iter().map(|p| p.matches("Row").count()).filter(|&n| n > 0).collect();
            assert_eq!(per_page.iter().sum::<usize>(), rows, "{per_page:?}");
            if rows <= 3 {
                assert_eq!(per_page.len(), 1, "{lines} lines before: a short table parted {per_page:?}");
            }
            assert!(per_page.iter().all(|&n| n >= 2), "{lines} lines before: {per_page:?}");
        }
    }
}

#[test]
fn a_table_run_onto_another_page_has_its_head_again_there_and_nowhere_else() {
    let table: String = (1..=90).map(|i| format!("| Row{i} | {i} |\n")).collect();
    let md = format!(
        "---\ntitle: Tables\n---\n\n# One\n\nBefore.\n\n| Name | Value |\n|---|---|\n{table}\nAfter.\n"
    );
    let pages: Vec<String> = pages_text(&md).into_iter().filter(|p| p.contains("Row")).collect();
    assert!(pages.len() >= 3, "the table runs over pages: {}", pages.len());
    let mut rows = 0;
    for page in &pages {
        let lines: Vec<&str> = page.lines().filter(|l| l.starts_with("Row") || *l == "NameValue").collect();
        assert_eq!(lines.first(), Some(&"NameValue"), "each page of the table opens with its head:\n{page}");
        assert_eq!(lines.iter().filter(|l| **l == "NameValue").count(), 1, "and shows it once:\n{page}");
        // The rows go on in order from page to page.
        for l in &lines[1..] {
            rows += 1;
            assert_eq!(*l, format!("Row{rows}{rows}"), "{page}");
        }
    }
    assert_eq!(rows, 90);
}

/// The rules of the page holding the table whose text has `marker`, as (y, x, w, weight), and
/// its lines between the heavy rules as (y, x of each run's first glyph, text).
type Ruled = (Vec<(f64, f64, f64, f64)>, Vec<(f64, Vec<f64>, String)>);

fn ruled_table(doc: &Document, ts: &Typesetter, marker: &str) -> Ruled {
    let page = page_with(doc, ts, marker).expect("the table's page");
    let rules: Vec<(f64, f64, f64, f64)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Rule { x, y, w, weight } => Some((y.0, x.0, w.0, weight.0)),
            _ => None,
        })
        .collect();
    let heavy: Vec<f64> = rules.iter().filter(|r| r.3 > 0.6).map(|r| r.0).collect();
    let (top, bottom) = (heavy[0], heavy[heavy.len() - 1]);
    let lines = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Text { x, y, line, .. } if y.0 < top && y.0 > bottom => {
                let xs = line.runs.iter().filter_map(|r| r.glyphs.first()).map(|g| x.0 + g.x().0).collect();
                Some((y.0, xs, line_text(line, ts)))
            }
            _ => None,
        })
        .collect();
    (rules, lines)
}

#[test]
fn grid_cells_spanning_columns_and_rows_are_set_once_across_them() {
    let md = "---\ntitle: Tables\n---\n\n# One\n\nText.\n\n\
              +---------+-------+-------+\n\
              | Region  | First | Later |\n\
              +=========+======:+======:+\n\
              | Northzq | 10    | 12    |\n\
              | side    +-------+-------+\n\
              |         | 11    | 13    |\n\
              +---------+-------+-------+\n\
              | Southzq | 20    | 22    |\n\
              +---------+-------+-------+\n\
              | Bothzq halves   | 46    |\n\
              +=================+=======+\n\
              | Allzq           | 92    |\n\
              +=================+=======+\n\nAfter.\n";
    let (doc, ts) = laid_out(md);
    let (rules, lines) = ruled_table(&doc, &ts, "Northzq");
    let texts: Vec<&str> = lines.iter().map(|(_, _, t)| t.as_str()).collect();
    // The joined cells' text once, on the first line of what they span; the rows they cover
    // go on beside them.
    assert_eq!(
        texts,
        ["RegionFirstLater", "Northzqside1012", "1113", "Southzq2022", "Bothzqhalves46", "Allzq92"]
    );
    // "Both halves" spans the first two columns: its text starts at the table's left and runs
    // past where the second column starts; the numbers end flush right together.
    let (both, south) = (&lines[4].1, &lines[3].1);
    assert!((both[0] - south[0]).abs() < 0.01, "{both:?} {south:?}");
    let ends: Vec<f64> =
        lines[1..].iter().filter(|l| l.2.ends_with(char::is_numeric)).map(|l| l.1[l.1.len() - 1]).collect();
    assert!(ends.windows(2).all(|w| (w[0] - w[1]).abs() < 6.0), "{ends:?}");
    // Booktabs rules: heavy over and under, light under the head and over the foot, lighter
    // under the group of rows a cell spans.
    let weights: Vec<f64> = rules.iter().map(|r| r.3).collect();
    assert_eq!(weights, [0.8, 0.5, 0.3, 0.5, 0.8], "{rules:?}");
    let foot_rule = rules[3].0;
    assert!(lines[4].0 > foot_rule && lines[5].0 < foot_rule, "the foot's row stands under its rule");
}

#[test]
fn a_table_too_wide_for_the_measure_is_set_smaller_and_keeps_its_numbers_whole() {
    // Eight columns of numbers need more than the measure at the table's usual size, and fit
    // at a smaller one.
    let head: String = (1..=8).map(|i| format!("| Col{i} ")).collect::<String>() + "|\n";
    let rule = "|---".repeat(8) + "|\n";
    let rows: String = (0..4)
        .map(|r| {
            (1..=8).map(|c| format!("| {},{:03}.{} ", 100 + r * 7 + c, c * 37, r)).collect::<String>() + "|\n"
        })
        .collect();
    let para = "A paragraph of running text long enough to fill the measure, so that its lines show how wide the text block is on the page. ".repeat(3);
    let md = format!("---\ntitle: Tables\n---\n\n# One\n\n{para}\n\n{head}{rule}{rows}\nAfter.\n");
    let (doc, ts) = laid_out(&md);
    let (rules, lines) = ruled_table(&doc, &ts, "Col8");
    let measure = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Placed::Text { line, .. } if line_text(line, &ts).contains("text") => Some(line.width.0),
            _ => None,
        })
        .fold(0.0, f64::max);
    let (x, w) = (rules[0].1, rules[0].2);
    assert!(w <= measure + 0.01 && measure > 200.0, "the table ({w}) within the measure ({measure})");
    let text: String = lines.iter().map(|l| l.2.clone()).collect::<Vec<_>>().join("\n");
    for r in 0..4 {
        for c in 1..=8 {
            let number = format!("{},{:03}.{}", 100 + r * 7 + c, c * 37, r);
            assert!(text.contains(&number), "{number} whole:\n{text}");
        }
    }
    assert!(!text.contains('-'), "no number broken:\n{text}");
    assert!(lines.iter().all(|l| l.1[0] >= x - 0.01), "nothing left of the table");
    // Set smaller than the table's usual 90 % of the body, but no smaller than 60 %.
    let size = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .find_map(|i| match i {
            Placed::Text { line, .. } if line_text(line, &ts).starts_with("Col1") => {
                Some(line.runs[0].style.size.0)
            }
            _ => None,
        })
        .expect("the head");
    assert!((6.0 - 1e-9..9.0).contains(&size), "{size}");
}

#[test]
fn a_head_of_two_rows_stands_on_its_last_line_under_a_rule_for_its_spanning_head() {
    let md = "---\ntitle: Tables\n---\n\n# One\n\nText.\n\n\
              +---------+-------------------+\n\
              |         | Populationzq      |\n\
              |         +---------+---------+\n\
              | Cityzq  | 2010    | 2020    |\n\
              +=========+========:+========:+\n\
              | Almaty  | 1.4     | 2.0     |\n\
              +---------+---------+---------+\n\nAfter.\n";
    let (doc, ts) = laid_out(md);
    let (rules, lines) = ruled_table(&doc, &ts, "Cityzq");
    let texts: Vec<&str> = lines.iter().map(|(_, _, t)| t.as_str()).collect();
    // The row-spanning head "City" stands on the head's last line, beside the years.
    assert_eq!(texts, ["Populationzq", "Cityzq20102020", "Almaty1.42.0"], "{lines:?}");
    let weights: Vec<f64> = rules.iter().map(|r| r.3).collect();
    assert_eq!(weights, [0.8, 0.3, 0.5, 0.8], "{rules:?}");
    // The rule under "Population" runs under its two columns only, between its line and the
    // years'.
    let (cmid, top) = (rules[1], rules[0]);
    assert!(cmid.1 > top.1 + 10.0 && cmid.2 < top.2 - 10.0, "{rules:?}");
    assert!(lines[0].0 > cmid.0 && cmid.0 > lines[1].0, "{rules:?} {lines:?}");
    assert!((lines[0].1[0] - cmid.1).abs() < 30.0, "over its columns: {lines:?} {rules:?}");
}

#[test]
fn a_long_book_whose_gutter_leaves_too_narrow_a_line_is_warned_of() {
    // A 3x5in page at 12 pt passes as the book is read (a short book's gutter leaves 11 ems);
    // in a long book the gutter printers ask for leaves under 10.
    let para = "Words enough to fill a small page of a long book set large, line after line. ".repeat(6);
    let chapters: String =
        (1..=60).map(|i| format!("# Part {i}\n\n{}\n\n", [para.as_str(); 6].join("\n\n"))).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    std::fs::write(&path, format!("---\ntitle: Long\n---\n\n{chapters}")).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let mut book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    book.metadata.typography.trim = Some("3x5in".into());
    book.metadata.typography.font_size = Some(12.0);
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    assert!(doc.pages.len() > 300, "{} pages", doc.pages.len());
    let warned: Vec<_> = doc.preflight.iter().filter(|w| w.message.contains("ems wide")).collect();
    assert_eq!(warned.len(), 1, "{:?}", doc.preflight);
    assert!(
        warned[0].message.contains(&format!("a book of {} pages", doc.pages.len())),
        "{}",
        warned[0].message
    );
    // The same page for a short book: no warning.
    book.body.truncate(book.body.len() / 8);
    let doc = layout(&book, &mut ts).unwrap();
    assert!(
        doc.pages.len() < 150 && doc.preflight.iter().all(|w| !w.message.contains("ems wide")),
        "{:?}",
        doc.preflight
    );
}

#[test]
fn a_code_blocks_blank_lines_keep_their_space() {
    // Blank lines part a listing's functions: the print edition lost them (two breaks in a row
    // met nothing between them but the fill, which a line drops at its start).
    let md = "---\ntitle: Code\n---\n\n# One\n\nText.\n\n```\nzqa\n\nzqb\n\n\nzqc\n```\n\nMore.\n";
    let (doc, ts) = laid_out(md);
    let rows: Vec<(String, f64)> = placed_lines(&doc, &ts)
        .into_iter()
        .filter(|(_, _, t)| t.starts_with("zq"))
        .map(|(_, y, t)| (t, y))
        .collect();
    assert_eq!(rows.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["zqa", "zqb", "zqc"]);
    let step = (rows[0].1 - rows[1].1) / 2.0;
    assert!(step > 5.0, "one blank line between the first two: {rows:?}");
    assert!((rows[1].1 - rows[2].1 - 3.0 * step).abs() < 0.01, "two blank lines before the last: {rows:?}");
}

#[test]
fn a_wrapped_code_line_carries_its_hyphens_over() {
    // "--request-header User-" over "Agent:…" read as a word hyphenated to fit.
    let words: Vec<String> = (0..24).map(|i| format!("zq{i:02}")).collect();
    let long = format!("run --{}", words.join("-"));
    let (doc, ts) = laid_out(&format!("---\ntitle: Code\n---\n\n# One\n\n```\n{long}\n```\n"));
    let pieces: Vec<String> = code_lines(&doc, &ts).into_iter().map(|(_, t)| t).collect();
    assert!(pieces.len() >= 2, "the line wraps: {pieces:?}");
    assert_eq!(pieces.concat().replace(' ', ""), long.replace(' ', ""), "{pieces:?}");
    for (a, b) in pieces.iter().zip(&pieces[1..]) {
        assert!(!a.ends_with('-') && b.starts_with('-') && !b.starts_with("--zq"), "{pieces:?}");
    }
}

#[test]
fn a_cell_wider_on_one_line_than_any_page_is_set_whole_in_the_room_it_is_given() {
    // Its one-line width is estimated, not set: setting 3,000 words on one line weighed every
    // break against every other (a pasted blob of 15,000 words took 5 s).
    let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
    let md = format!(
        "---\ntitle: Tables\n---\n\n# One\n\n| Part | Description |\n|---|---|\n| net/base | {} |\n\nAfter.\n",
        words.join(" ")
    );
    let (doc, ts) = laid_out(&md);
    let all: String = super::placed_lines(&doc, &ts).into_iter().map(|(_, _, t)| t).collect();
    let mut from = 0;
    for w in &words {
        let at = all[from..].find(w.as_str()).unwrap_or_else(|| panic!("{w} is lost or out of order"));
        from += at + w.len();
    }
    // The short column keeps what "net/base" needs; the long one has the rest.
    let first = doc.pages.iter().flat_map(|p| &p.items).find_map(|i| match i {
        Placed::Text { line, x, .. } if line_text(line, &ts).starts_with("net/base") => Some((x.0, line)),
        _ => None,
    });
    let (x, line) = first.expect("the first cell is set");
    let next =
        line.runs.iter().filter_map(|r| r.glyphs.first()).map(|g| g.x().0).nth(1).expect("a second column");
    assert!(next < doc.geometry.measure().0 / 3.0, "the first column is {next} wide (the row at {x})");
    assert!(doc.overfull.is_empty());
}

#[test]
fn code_in_a_heading_or_strong_text_is_set_in_the_monospaced_bold() {
    // In the regular, a heading made of code (`## --create`, as manuals have) read as a line of
    // the text beneath it.
    let (doc, ts) = laid_out(
        "---\ntitle: Code\n---\n\n# One\n\nText.\n\n## `--create`\n\nRun `make`, then **`make install`**.\n",
    );
    // The text's pages: the contents lists the heading in the regular, as it lists every entry.
    let contents = contents_page(&doc, &ts);
    let mono: Vec<(String, bool)> = doc
        .pages
        .iter()
        .filter(|p| !std::ptr::eq(*p, contents))
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Placed::Text { line, .. } => Some(line),
            _ => None,
        })
        .flat_map(|line| &line.runs)
        .filter(|r| ts.fonts.face(r.style.face).monospaced)
        .map(|r| {
            let face = ts.fonts.face(r.style.face);
            let text: String =
                r.glyphs.iter().map(|g| ts.shaper.texts.get(r.style.face, g.id).unwrap_or("")).collect();
            (text, face.file.style == crate::fonts::FontStyle::Bold)
        })
        .collect();
    let bold = |t: &str| mono.iter().find(|(s, _)| s.contains(t)).map(|(_, b)| *b);
    assert_eq!(bold("create"), Some(true), "{mono:?}");
    assert_eq!(bold("install"), Some(true), "{mono:?}");
    assert_eq!(bold("make"), Some(false), "{mono:?}");
}

#[test]
fn a_listing_a_little_wider_than_the_measure_is_set_smaller_to_fit_whole() {
    // A pandoc-style ASCII table's rule, 68 columns: at code's own size it broke after 61.
    let rule = "-".repeat(68);
    let md = format!(
        "---\ntitle: Code\n---\n\n# One\n\nText.\n\n```\n{rule}\n Name   Value\n{rule}\n```\n\nMore.\n\n```\nshort = 1\n```\n"
    );
    let (doc, ts) = laid_out(&md);
    let measure = doc.geometry.measure();
    let mono: Vec<&Line> =
        lines(&doc).filter(|l| l.runs.iter().all(|r| ts.fonts.face(r.style.face).monospaced)).collect();
    let rules: Vec<&&Line> = mono.iter().filter(|l| line_text(l, &ts) == rule).collect();
    assert_eq!(rules.len(), 2, "each rule on one line, whole");
    let size = |l: &Line| l.runs[0].style.size;
    let body = doc.geometry.size;
    let wide = size(rules[0]);
    assert!(wide < body * 0.85 && wide >= body * 0.7, "{wide:?}");
    assert!(rules.iter().all(|l| l.x + l.width <= measure));
    // The block's other line at the same size; another block at code's own.
    let name = mono.iter().find(|l| line_text(l, &ts).starts_with("Name")).expect("the table's head");
    assert_eq!(size(name), wide);
    let short = mono.iter().find(|l| line_text(l, &ts).starts_with("short")).expect("the short block");
    assert_eq!(size(short), body * 0.85);
}
