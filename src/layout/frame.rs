//! What layout hands the PDF writer: pages of placed lines, images and rules, with links, the
//! outline and where arabic page numbers begin. Nothing here knows the model.

use super::Geometry;
use crate::typeset::{Line, Pt};

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Placed {
    /// A line of text whose pen starts at `x` on baseline `y` (PDF coordinates, points).
    Text {
        /// Left edge of the line.
        x: Pt,
        /// Baseline.
        y: Pt,
        /// The glyphs.
        line: Line,
    },
    /// An image with its lower-left corner at (`x`, `y`).
    Image {
        /// Index into the book's assets.
        asset: usize,
        /// Left.
        x: Pt,
        /// Bottom.
        y: Pt,
        /// Width.
        w: Pt,
        /// Height.
        h: Pt,
    },
    /// Text that nothing on the page shows, for readers that take the page's text: an inline
    /// image's alt text, spread across the image on its line's baseline.
    Reading {
        /// Left edge of the image.
        x: Pt,
        /// The line's baseline.
        y: Pt,
        /// Width of the image.
        w: Pt,
        /// The line's face and size, which it reads in.
        style: crate::typeset::Style,
        /// The text.
        text: String,
    },
    /// A horizontal rule.
    Rule {
        /// Left.
        x: Pt,
        /// Vertical position.
        y: Pt,
        /// Length.
        w: Pt,
        /// Thickness.
        weight: Pt,
    },
}

/// A link area on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Rectangle: left, bottom, right, top.
    pub rect: (Pt, Pt, Pt, Pt),
    /// Where it leads.
    pub to: LinkTo,
}

/// Where a link area leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTo {
    /// A page of the book, at a height (its top when `None`).
    Page {
        /// Target page index.
        page: usize,
        /// Where on the target page to go.
        top: Option<Pt>,
    },
    /// A web or mail address.
    Web(String),
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is drawn.
    pub items: Vec<Placed>,
    /// Links.
    pub links: Vec<Link>,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Its title.
    pub title: String,
    /// 0 for top level, 1 for chapters inside a part.
    pub level: usize,
    /// The page it opens.
    pub page: usize,
    /// Where on the page it leads, for a heading within a page; `None` for the page's top.
    pub top: Option<Pt>,
}

/// A laid-out book.
#[derive(Debug, Clone)]
pub struct Document {
    /// Page sizes and the grid.
    pub geometry: Geometry,
    /// The pages.
    pub pages: Vec<Page>,
    /// Bookmarks in reading order.
    pub outline: Vec<Mark>,
    /// Index of the first page numbered 1 (arabic); pages before it are numbered i, ii, …
    pub body_start: usize,
    /// Blocks with a line wider than its measure (for warnings with the manuscript line).
    pub overfull: Vec<crate::model::Span>,
    /// Paragraphs with a word wider than the line broken where it has no break point, between
    /// its tokens or letters, to stay inside the measure (for warnings with the manuscript line).
    pub broken: Vec<crate::model::Span>,
    /// What a printer would object to: low-resolution images, fonts that forbid embedding.
    pub preflight: Vec<Objection>,
}

/// Something a printer's preflight would reject, with where the manuscript asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Objection {
    /// The block that placed it (an image's first reference), when one did.
    pub at: Option<crate::model::Span>,
    /// What is wrong and what to do.
    pub message: String,
}

impl Objection {
    /// An objection to the book as a whole, or to a page.
    pub fn book(message: String) -> Objection {
        Objection { at: None, message }
    }
}

/// The images set in lines of text, drawn where their lines put them, with their alt texts to read
/// there: every line reaches a page as placed text, wherever it was set (body, notes, tables,
/// display pages).
pub(super) fn draw_objects(pages: &mut [Page]) {
    for page in pages {
        let mut drawn = Vec::new();
        for item in &page.items {
            if let Placed::Text { x, y, line } = item {
                for (dx, o) in &line.objects {
                    let (x, w) = (*x + *dx, o.width);
                    drawn.push(Placed::Image { asset: o.id, x, y: *y + o.rise, w, h: o.height });
                    // Read in the text around it, not after the page's text as a figure is; in its
                    // own style, as a line holding nothing else has no text's to borrow.
                    if !o.text.trim().is_empty() {
                        let (style, text) = (o.style, o.text.trim().to_string());
                        drawn.push(Placed::Reading { x, y: *y, w, style, text });
                    }
                }
            }
        }
        page.items.extend(drawn);
    }
}
