//! Struck-through and underlined text in print: rules where the font says they go.

use super::*;

/// A rule's left, height, length and thickness.
type Rule = (Pt, Pt, Pt, Pt);

/// A glyph's text, baseline, and left and right edges.
type Glyph = (String, Pt, Pt, Pt);

/// The rules and glyphs of the page with a line starting with `start`.
fn page_of(doc: &Document, ts: &Typesetter, start: &str) -> (Vec<Rule>, Vec<Glyph>) {
    let starts =
        |i: &Placed| matches!(i, Placed::Text { line, .. } if line_text(line, ts).starts_with(start));
    let page = doc.pages.iter().find(|p| p.items.iter().any(starts)).expect("the page");
    let (mut rules, mut glyphs) = (Vec::new(), Vec::new());
    for item in &page.items {
        match item {
            Placed::Rule { x, y, w, weight } => rules.push((*x, *y, *w, *weight)),
            Placed::Text { x, y, line } => {
                for run in &line.runs {
                    for (i, g) in run.glyphs.iter().enumerate() {
                        let right =
                            run.glyphs.get(i + 1).map_or(*x + g.x() + run.style.size * 0.4, |n| *x + n.x());
                        let text = ts.shaper.texts.get(run.style.face, g.id).unwrap_or("").to_string();
                        glyphs.push((text, *y, *x + g.x(), right));
                    }
                }
            }
            _ => {}
        }
    }
    (rules, glyphs)
}

/// The text of the glyphs whose middles a rule spans, on the lines whose baselines `near` takes.
fn spanned(glyphs: &[Glyph], (x, w): (Pt, Pt), near: impl Fn(Pt) -> bool) -> String {
    glyphs
        .iter()
        .filter(|(_, base, l, r)| near(*base) && (l.0 + r.0) / 2.0 > x.0 && (l.0 + r.0) / 2.0 < (x + w).0)
        .map(|g| g.0.as_str())
        .collect()
}

#[test]
fn struck_text_has_a_rule_through_it_and_no_other_text_does() {
    let md = "---\ntitle: Struck\n---\n\n# One\n\nKeep this, ~~drop these words~~, keep that.\n";
    let (doc, ts) = laid_out(md);
    let (rules, glyphs) = page_of(&doc, &ts, "Keep");
    assert_eq!(rules.len(), 1, "{rules:?}");
    let (x, y, w, weight) = rules[0];
    // Through the letters: above their baseline, below half the size over it.
    assert_eq!(spanned(&glyphs, (x, w), |base| y > base && y < base + Pt(5.0)), "dropthesewords");
    assert!(weight > Pt(0.2) && weight < Pt(1.0), "{weight:?}");
}

#[test]
fn underlined_text_has_a_rule_under_it_whichever_way_it_was_written() {
    // pandoc's Word reader writes underlining as `[…]{.underline}`; HTML has `<u>`.
    let md = "---\ntitle: Under\n---\n\n# One\n\nPlain, [marked words]{.underline}, plain, <u>more</u>.\n";
    let (doc, ts) = laid_out(md);
    let (rules, glyphs) = page_of(&doc, &ts, "Plain");
    // Each rule just under the baseline of the line it underlines.
    let under: Vec<String> = rules
        .iter()
        .map(|&(x, y, w, _)| spanned(&glyphs, (x, w), |base| y < base && y > base - Pt(3.0)))
        .collect();
    assert_eq!(under, ["markedwords", "more"]);
}
