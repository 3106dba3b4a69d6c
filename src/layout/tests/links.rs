//! Links in print: areas over a link's text on its page, leading to web addresses or to the
//! pages of the places the book names.

use super::*;

/// Each glyph of a page with its baseline and its left and right edges; word spaces are gaps.
fn glyphs(page: &Page, ts: &Typesetter) -> Vec<(String, Pt, Pt, Pt)> {
    let mut out = Vec::new();
    for item in &page.items {
        let Placed::Text { x, y, line } = item else { continue };
        for run in &line.runs {
            for (i, g) in run.glyphs.iter().enumerate() {
                let text = ts.shaper.texts.get(run.style.face, g.id).unwrap_or("").to_string();
                let right = run.glyphs.get(i + 1).map_or(*x + g.x() + run.style.size * 0.3, |n| *x + n.x());
                out.push((text, *y, *x + g.x(), right));
            }
        }
    }
    out
}

/// The text under a link area.
fn under(page: &Page, ts: &Typesetter, rect: (Pt, Pt, Pt, Pt)) -> String {
    let (l, b, r, t) = rect;
    glyphs(page, ts)
        .into_iter()
        .filter(|(_, y, gl, gr)| *y > b && *y < t && (gl.0 + gr.0) / 2.0 > l.0 && (gl.0 + gr.0) / 2.0 < r.0)
        .map(|(text, ..)| text)
        .collect()
}

#[test]
fn links_lead_to_web_addresses_and_to_the_pages_of_the_places_named() {
    let filler = "Words that only fill the page, line after line, until it runs over. ".repeat(60);
    let md = format!(
        "---\ntitle: Links\nauthor: A\nlang: en\n---\n\n# One\n\n\
         See [the site](https://example.org/a?b=1), [write](mailto:a@example.org), [chapter two](#two), \
         [the spot](#later), [nowhere](#missing) and [a file](other.md).\n\n# Two {{#two}}\n\n{filler}\n\n\
         {filler}\n\nHere is [the place]{{#later}} that is linked.\n"
    );
    let (doc, ts) = laid_out(&md);
    let areas: Vec<(usize, &Link)> =
        doc.pages.iter().enumerate().flat_map(|(i, p)| p.links.iter().map(move |l| (i, l))).collect();
    let text_of = |page: usize, l: &Link| under(&doc.pages[page], &ts, l.rect);
    let page_of = |needle: &str| {
        doc.pages
            .iter()
            .position(|p| glyphs(p, &ts).iter().map(|g| g.0.as_str()).collect::<String>().contains(needle))
    };

    let web: Vec<(String, String)> = areas
        .iter()
        .filter_map(|(p, l)| match &l.to {
            LinkTo::Web(address) => Some((text_of(*p, l), address.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        web,
        [
            ("thesite".to_string(), "https://example.org/a?b=1".to_string()),
            ("write".to_string(), "mailto:a@example.org".to_string())
        ]
    );

    let to_page = |text: &str| {
        areas
            .iter()
            .find(|(p, l)| text_of(*p, l) == text)
            .map(|(_, l)| l.to.clone())
            .unwrap_or_else(|| panic!("no area over {text}: {areas:?}"))
    };
    let opening = page_of("Wordsthatonly").expect("chapter two is set");
    assert_eq!(to_page("chaptertwo"), LinkTo::Page { page: opening, top: None });
    let place = page_of("Hereisthe").expect("the place is set");
    assert!(place > opening, "the filler runs the place over to a later page");
    let LinkTo::Page { page, top: Some(top) } = to_page("thespot") else {
        panic!("the spot leads to a place")
    };
    assert_eq!(page, place);
    let line = glyphs(&doc.pages[place], &ts).into_iter().find(|g| g.0 == "H").expect("its line");
    assert!(top > line.1 && top < line.1 + doc.geometry.size * 2.0, "{top:?} just above {:?}", line.1);

    for text in ["nowhere", "afile"] {
        assert!(areas.iter().all(|(p, l)| text_of(*p, l) != text), "{text} leads nowhere: no area");
    }
}

#[test]
fn a_link_broken_over_two_lines_has_an_area_on_each() {
    let words = "a link long enough to run from one line onto the next one of the paragraph";
    let md = format!(
        "---\ntitle: Links\nauthor: A\nlang: en\n---\n\n# One\n\nSome text before it, then [{words}](https://example.org) and after.\n"
    );
    let (doc, ts) = laid_out(&md);
    let areas: Vec<(usize, &Link)> =
        doc.pages.iter().enumerate().flat_map(|(i, p)| p.links.iter().map(move |l| (i, l))).collect();
    let web: Vec<String> = areas
        .iter()
        .filter(|(_, l)| matches!(&l.to, LinkTo::Web(a) if a == "https://example.org"))
        .map(|(p, l)| under(&doc.pages[*p], &ts, l.rect))
        .collect();
    assert!(web.len() >= 2, "{web:?}");
    assert_eq!(
        web.concat().replace('-', ""),
        words.replace(' ', ""),
        "the areas cover the link's text and no more"
    );
}

#[test]
fn with_links_as_notes_a_web_address_prints_in_a_note_numbered_among_the_others() {
    let md = "---\ntitle: Notes\nauthor: A\nlang: en\nlinks-as-notes: true\n---\n\n# One\n\n\
              A call.[^a] Then [the site](https://example.org/folio), an autolink <https://example.org/x>, \
              [write](mailto:us@example.org) and [chapter two](#two). Another.[^b]\n\n\
              [^a]: First, with [a link](https://example.org/in).\n[^b]: Second.\n\n# Two {#two}\n\nText.\n";
    let (doc, ts) = laid_out(md);
    let text: Vec<String> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Placed::Text { line, .. } => Some(line_text(line, &ts)),
            _ => None,
        })
        .collect();
    let all = text.concat();
    // Word spaces are gaps: the words of a line run together.
    assert!(all.contains("Acall.1Thenthesite,2anautolinkhttps://example.org/x,"), "{all}");
    assert!(all.contains("write3andchaptertwo.Another.4"), "{all}");
    let notes: Vec<&str> = text
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with(char::is_numeric) && l.contains('.'))
        .collect();
    assert_eq!(
        notes,
        ["1.First,withalink.", "2.https://example.org/folio", "3.us@example.org", "4.Second."],
        "the addresses in order among the author's notes; a note's own link stays as it is"
    );
    let web = doc.pages.iter().flat_map(|p| &p.links).filter(|l| matches!(&l.to, LinkTo::Web(_))).count();
    assert_eq!(web, 3 + 1 + 2, "the three in the text, the first note's, and the two addresses open");
}

#[test]
fn a_place_on_a_display_page_leads_to_that_page() {
    // A dedication is set on a page of its own, not poured as a flow: a place in it has no slot
    // to be found at, and leads to its page.
    let md = "---\ntitle: Links\nauthor: A\nlang: en\n---\n\n# Dedication {.dedication}\n\n\
              To [my mother]{#mum}, always.\n\n# One\n\nSee [the dedication](#mum).\n";
    let (doc, ts) = laid_out(md);
    let dedication = doc
        .pages
        .iter()
        .position(|p| glyphs(p, &ts).iter().map(|g| g.0.as_str()).collect::<String>().contains("Tomymother"))
        .expect("the dedication is set");
    let to: Vec<LinkTo> = doc
        .pages
        .iter()
        .flat_map(|p| p.links.iter().filter(|l| under(p, &ts, l.rect) == "thededication"))
        .map(|l| l.to.clone())
        .collect();
    assert_eq!(to, [LinkTo::Page { page: dedication, top: None }]);
}

#[test]
fn a_note_mark_in_a_links_text_leads_to_its_note_alone() {
    // pulldown-cmark ends a link's text at a note's call (pandoc does not): the model may still
    // hold one, as a writer must expect.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    let md = "---\ntitle: Links\nauthor: A\nlang: en\n---\n\n# One\n\nSee [the site itself](https://example.org) here.[^a]\n\n[^a]: A note.\n";
    std::fs::write(&path, md).unwrap();
    let mut book =
        crate::manuscript::load(&path, &Default::default(), &mut crate::diag::Diagnostics::new()).unwrap();
    let Some(Block::Paragraph(p)) = book.body[0].blocks.first_mut() else { panic!("a paragraph") };
    let call = p.inlines.iter().position(|i| matches!(i, Inline::NoteRef(_))).expect("the call");
    let mark = p.inlines.remove(call);
    let Some(Inline::Link { children, .. }) = p.inlines.iter_mut().find(|i| matches!(i, Inline::Link { .. }))
    else {
        panic!("the link")
    };
    *children = vec![Inline::Text("the site".into()), mark, Inline::Text(" itself".into())];
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    let page = doc
        .pages
        .iter()
        .find(|p| p.links.iter().any(|l| matches!(l.to, LinkTo::Web(_))))
        .expect("a web link");
    let web: Vec<String> = page
        .links
        .iter()
        .filter(|l| matches!(l.to, LinkTo::Web(_)))
        .map(|l| under(page, &ts, l.rect))
        .collect();
    assert_eq!(web, ["thesite", "itself"], "the link's words, around the mark");
}

#[test]
fn with_links_as_notes_chapters_set_on_number_their_notes_on_together() {
    // Numbered chapters of a part run on from each other in print, and so do their notes'
    // numbers: the address's note takes its place among them.
    let md = "---\ntitle: Run\nauthor: A\nlang: en\nlinks-as-notes: true\n---\n\n# Part One\n\n## I\n\nFirst.[^a]\n\n\
              ## II\n\nSee [the site](https://example.org) and more.[^b]\n\n## III\n\nLast.[^c]\n\n\
              [^a]: Note a.\n[^b]: Note b.\n[^c]: Note c.\n";
    let (doc, ts) = laid_out(md);
    let text: Vec<String> = lines(&doc).map(|l| line_text(l, &ts)).collect();
    let all = text.concat();
    assert!(all.contains("First.1") && all.contains("thesite2andmore.3") && all.contains("Last.4"), "{all}");
    let notes: Vec<&str> =
        text.iter().map(String::as_str).filter(|l| l.contains("Note") || l.contains("https")).collect();
    assert_eq!(notes, ["1.Notea.", "2.https://example.org", "3.Noteb.", "4.Notec."]);
}

#[test]
fn a_link_whose_text_holds_a_note_call_is_a_link_and_its_mark_a_note_call() {
    // `[the survey[^1]](…)`: pulldown-cmark ends the link at the call; folio mends it (as pandoc
    // reads it), the mark standing between the link's text and what follows.
    let md = "---\ntitle: Links\nauthor: A\nlang: en\n---\n\n# One\n\nSee [the survey[^1]](https://example.org) \
              and [this *one*[^2]](#one \"Title\") too.\n\n[^1]: Its source.\n\n[^2]: Another.\n";
    let (doc, ts) = laid_out(md);
    let page = doc.pages.iter().position(|p| !p.links.is_empty()).expect("a page with links");
    let text: String = glyphs(&doc.pages[page], &ts).into_iter().map(|g| g.0).collect();
    assert!(text.contains("Seethesurvey1andthisone2too."), "{text}");
    let areas: Vec<(String, LinkTo)> =
        doc.pages[page].links.iter().map(|l| (under(&doc.pages[page], &ts, l.rect), l.to.clone())).collect();
    let web: Vec<&str> = areas
        .iter()
        .filter(|(_, to)| matches!(to, LinkTo::Web(a) if a == "https://example.org"))
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(web, ["thesurvey"], "{areas:?}");
    assert!(areas.iter().any(|(t, to)| t == "thisone" && matches!(to, LinkTo::Page { .. })), "{areas:?}");
}

#[test]
fn a_link_to_a_figures_name_leads_to_the_figures_page() {
    // pandoc-crossref's `{#fig:map}`: the figure is set pages after the link to it.
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::from_pixel(600, 400, image::Rgb([90, 90, 90])).save(dir.path().join("map.png")).unwrap();
    let filler = "Words that only fill the page, line after line, until it runs over. ".repeat(60);
    let md = format!(
        "---\ntitle: Figures\nauthor: A\nlang: en\n---\n\n# One\n\nSee [the map](#fig:map).\n\n{filler}\n\n\
         ![A map of the region](map.png){{#fig:map width=50%}}\n"
    );
    std::fs::write(dir.path().join("book.md"), md).unwrap();
    let mut diags = crate::diag::Diagnostics::new();
    let book = crate::manuscript::load(&dir.path().join("book.md"), &Default::default(), &mut diags).unwrap();
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    let mut ts = Typesetter::new().unwrap();
    let doc = layout(&book, &mut ts).unwrap();
    let figure = doc
        .pages
        .iter()
        .position(|p| p.items.iter().any(|i| matches!(i, Placed::Image { .. })))
        .expect("the figure is set");
    let (page, link) = doc
        .pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| p.links.iter().find(|l| under(p, &ts, l.rect) == "themap").map(|l| (i, l)))
        .expect("an area over the link");
    assert!(figure > page, "the figure comes pages later: {figure} after {page}");
    assert!(
        matches!(link.to, LinkTo::Page { page, .. } if page == figure),
        "{:?} for page {figure}",
        link.to
    );
}

#[test]
fn a_linked_image_in_a_line_is_a_link_area_over_the_image() {
    // A badge or a logo that leads somewhere (`[![logo](logo.png)](https://…)`) is followed from
    // print as from the EPUB.
    let md = "---\ntitle: Badges\nauthor: A\nlang: en\n---\n\n# One\n\nBuilt by [![the logo](logo.png)](https://example.org) \
              and nothing else here is linked.\n";
    let (doc, _) = laid_out_with(md, &[("logo.png", 16, 12)]);
    let page = doc.pages.iter().find(|p| p.items.iter().any(|i| matches!(i, Placed::Image { .. }))).unwrap();
    let image = page
        .items
        .iter()
        .find_map(|i| match i {
            Placed::Image { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .unwrap();
    let areas: Vec<&Link> =
        page.links.iter().filter(|l| matches!(&l.to, LinkTo::Web(a) if a == "https://example.org")).collect();
    assert_eq!(areas.len(), 1, "{:?}", page.links);
    let (l, b, r, t) = areas[0].rect;
    let (x, y, w, h) = image;
    assert!((l.0 - x.0).abs() < 0.01 && (r.0 - (x + w).0).abs() < 0.01, "{:?} over {image:?}", areas[0].rect);
    assert!(b.0 <= y.0 && t.0 >= (y + h).0, "the area covers the image's height");
}
