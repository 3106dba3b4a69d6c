//! Layout read back: the text of each page, from the glyphs placed and what each stands for.

use super::*;

/// Each page's text, its lines joined by newlines (word spaces are gaps, not glyphs, so the
/// words of a line run together).
fn pages_text(markdown: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    std::fs::write(&path, markdown).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    let line_text = |line: &Line| -> String {
        line.runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(move |g| (r.style.face, g.id)))
            .map(|(face, id)| ts.shaper.texts.get(face, id).unwrap_or(""))
            .collect()
    };
    doc.pages
        .iter()
        .map(|p| {
            let lines = p.items.iter().filter_map(|i| match i {
                Placed::Text { line, .. } => Some(line_text(line)),
                _ => None,
            });
            lines.collect::<Vec<_>>().join("\n")
        })
        .collect()
}

#[test]
fn lists_tables_and_definitions_keep_their_text_where_only_running_text_fits() {
    // A book epigraph, a dedication, a chapter epigraph and a note are set as running text:
    // a list, a table or a definition list there loses its layout, never its words.
    let md = "---\ntitle: Kept\n---\n\n> - listzqa\n>\n> | tablezqb | cellzqc |\n> |---|---|\n>\n\
              > Termzqd\n> :   Definitionzqe\n\n# Dedication {.dedication}\n\n1. dedicatedzqf\n\n\
              # Chapter\n\n> - epigraphzqg\n>\n> — Someone\n\nBody text.[^n]\n\n\
              [^n]: A note with a list:\n\n    - notezqh\n";
    let text = pages_text(md).join("\n");
    for word in [
        "listzqa",
        "tablezqb",
        "cellzqc",
        "Termzqd",
        "Definitionzqe",
        "dedicatedzqf",
        "epigraphzqg",
        "notezqh",
    ] {
        assert!(text.contains(word), "{word} is on a page:\n{text}");
    }
    assert!(text.contains("•listzqa") && text.contains("1.dedicatedzqf"), "items keep their marks:\n{text}");
}
