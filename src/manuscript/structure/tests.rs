//! Cutting files into sections: ids, parts made or not, numbered chapters set on, notes.

use crate::model::{Inline, Section, SectionRole, Span, is_number};

#[test]
fn a_title_is_a_number_only_when_it_is_written_as_one() {
    for t in ["1", "12.", "IV", "xii", "XLII.", "CCCXCIX", " 7 "] {
        assert!(is_number(t), "{t}");
    }
    for t in ["Mix", "MIX", "Civil", "CIVIL", "IIII", "IC", "VX", "Xii", "", "12a", "One", "CD"] {
        assert!(!is_number(t), "{t}");
    }
}

#[test]
fn an_id_asked_for_again_and_again_counts_on_past_every_copy_taken() {
    let mut ids = super::Ids::new();
    let got: Vec<String> = (0..4).map(|_| ids.section(SectionRole::Chapter, Some("same"))).collect();
    assert_eq!(got, ["same", "same-2", "same-3", "same-4"]);
    assert_eq!(ids.section(SectionRole::Chapter, Some("same-5")), "same-5");
    assert_eq!(ids.section(SectionRole::Chapter, Some("same")), "same-6", "same-5 is the author's");
    assert_eq!(ids.section(SectionRole::Chapter, Some("nav")), "nav-2", "the EPUB's own ids are taken");
}

#[test]
fn a_numbered_chapter_with_a_name_runs_on_among_numbered_ones() {
    // The Idiot's last chapter, "XII. Заключение", opened a recto of its own after eleven
    // chapters set on one after another; a manual's "1. Intro" chapters still open pages.
    let md = "---\ntitle: Run\n---\n\n# Part One\n\n## I\n\nFirst.\n\n## II\n\nSecond.\n\n\
              ## III. Заключение\n\nLast.\n\n# Part Two\n\n## 1. Intro\n\nA.\n\n## 2. Next\n\nB.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    std::fs::write(&path, md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    let runs: Vec<Vec<bool>> =
        book.body.iter().map(|p| p.children.iter().map(|c| c.runs_on).collect()).collect();
    assert_eq!(runs, [vec![false, true, true], vec![false, false]]);
    let named = |t: &str| {
        let mut s = Section::new(SectionRole::Chapter, "c".into(), Span::default());
        s.title = Some(vec![Inline::Text(t.into())]);
        s.is_numbered_and_named()
    };
    assert!(named("XII. Заключение") && named("7: The Storm") && named("4 — Ending"));
    assert!(!named("XII") && !named("Mix. Up") && !named("1984 and after") && !named("I am"));
}

#[test]
fn a_note_never_referenced_in_a_run_keeps_a_number_of_its_own() {
    // II and III run on from I: II's unreferenced note is its third, and III numbers on after it.
    let md = "---\ntitle: Run\n---\n\n# Part One\n\n## I\n\nFirst.[^a]\n\n## II\n\nSecond.[^b]\n\n\
              [^z]: Never referenced.\n\n## III\n\nLast.[^c]\n\n[^a]: A.\n[^b]: B.\n[^c]: C.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    std::fs::write(&path, md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&path, &Default::default(), &mut diags).expect("the book reads");
    let part = book.body.first().expect("the part");
    let numbers: Vec<Vec<u32>> =
        part.children.iter().map(|c| c.notes.iter().map(|n| n.id.0).collect()).collect();
    assert!(part.children[1].runs_on && part.children[2].runs_on);
    assert_eq!(numbers, [vec![1], vec![2, 3], vec![4]]);
}
