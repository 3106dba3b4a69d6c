//! Struck-through and underlined text in print: rules where the font says they go.

use super::*;

#[test]
fn struck_text_has_a_rule_through_it_and_no_other_text_does() {
    let md = "---\ntitle: Struck\n---\n\n# One\n\nKeep this, ~~drop these words~~, keep that.\n";
    let (doc, ts) = laid_out(md);
    let page = doc
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, &ts).starts_with("Keep")))
        })
        .expect("the page");
    // Each glyph's text, baseline and left and right edges.
    let mut glyphs = Vec::new();
    for item in &page.items {
        let Placed::Text { x, y, line } = item else { continue };
        for run in &line.runs {
            for (i, g) in run.glyphs.iter().enumerate() {
                let right = run.glyphs.get(i + 1).map_or(*x + g.x() + run.style.size * 0.4, |n| *x + n.x());
                glyphs.push((
                    ts.shaper.texts.get(run.style.face, g.id).unwrap_or("").to_string(),
                    *y,
                    *x + g.x(),
                    right,
                ));
            }
        }
    }
    let rules: Vec<(Pt, Pt, Pt, Pt)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Placed::Rule { x, y, w, weight } => Some((*x, *y, *w, *weight)),
            _ => None,
        })
        .collect();
    assert_eq!(rules.len(), 1, "{rules:?}");
    let (x, y, w, weight) = rules[0];
    let through: String = glyphs
        .iter()
        .filter(|(_, base, l, r)| {
            y > *base
                && y < *base + Pt(10.0) * 0.5
                && (l.0 + r.0) / 2.0 > x.0
                && (l.0 + r.0) / 2.0 < (x + w).0
        })
        .map(|g| g.0.as_str())
        .collect();
    assert_eq!(through, "dropthesewords");
    assert!(weight > Pt(0.2) && weight < Pt(1.0), "{weight:?}");
}

#[test]
fn underlined_text_has_a_rule_under_it_whichever_way_it_was_written() {
    // pandoc's Word reader writes underlining as `[…]{.underline}`; HTML has `<u>`.
    let md = "---\ntitle: Under\n---\n\n# One\n\nPlain, [marked words]{.underline}, plain, <u>more</u>.\n";
    let (doc, ts) = laid_out(md);
    let page = doc
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Placed::Text { line, .. } if line_text(line, &ts).starts_with("Plain")))
        })
        .expect("the page");
    let mut under = Vec::new();
    for item in &page.items {
        let Placed::Rule { x, y, w, .. } = item else { continue };
        // The glyphs over the rule, on the line whose baseline is just above it.
        let mut text = String::new();
        for line_item in &page.items {
            let Placed::Text { x: lx, y: ly, line } = line_item else { continue };
            if !(*y < *ly && *y > *ly - Pt(3.0)) {
                continue;
            }
            for run in &line.runs {
                for g in &run.glyphs {
                    let at = *lx + g.x() + Pt(1.0);
                    if at > *x && at < *x + *w {
                        text.push_str(ts.shaper.texts.get(run.style.face, g.id).unwrap_or(""));
                    }
                }
            }
        }
        under.push(text);
    }
    assert_eq!(under, ["markedwords", "more"]);
}
