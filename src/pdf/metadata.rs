//! The PDF's own description of the book: its dates, and XMP metadata beside the Info dictionary.

use std::fmt::Write;

use crate::model::Book;

/// A PDF date from `YYYY-MM-DDThh:mm:ssZ`.
pub(super) fn pdf_date(iso: &str) -> Option<pdf_writer::Date> {
    let num = |a: usize, b: usize| iso.get(a..b).and_then(|s| s.parse::<u16>().ok());
    Some(
        pdf_writer::Date::new(num(0, 4)?)
            .month(num(5, 7)? as u8)
            .day(num(8, 10)? as u8)
            .hour(num(11, 13)? as u8)
            .minute(num(14, 16)? as u8)
            .second(num(17, 19)? as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// XMP metadata: title, creators, language, description, dates, producer.
pub(super) fn xmp_packet(book: &Book) -> String {
    let m = &book.metadata;
    let esc = crate::epub::escape;
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    );
    let _ = writeln!(
        x,
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">"
    );
    let _ = writeln!(
        x,
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
        esc(&m.title)
    );
    let creators: Vec<String> = m
        .with_role(crate::model::Role::Author)
        .map(|c| format!("<rdf:li>{}</rdf:li>", esc(&c.name)))
        .collect();
    if !creators.is_empty() {
        let _ = writeln!(x, "<dc:creator><rdf:Seq>{}</rdf:Seq></dc:creator>", creators.concat());
    }
    let _ = writeln!(
        x,
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
        esc(m.lang.as_str())
    );
    if let Some(d) = &m.description {
        let _ = writeln!(
            x,
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            esc(d)
        );
    }
    if !m.subjects.is_empty() {
        let items: String = m.subjects.iter().map(|s| format!("<rdf:li>{}</rdf:li>", esc(s))).collect();
        let _ = writeln!(x, "<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>");
        let _ = writeln!(x, "<pdf:Keywords>{}</pdf:Keywords>", esc(&m.subjects.join(", ")));
    }
    if let Some(r) = &m.rights {
        let _ = writeln!(
            x,
            "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:rights>",
            esc(r)
        );
    }
    let _ = writeln!(
        x,
        "<xmp:CreateDate>{0}</xmp:CreateDate><xmp:ModifyDate>{0}</xmp:ModifyDate><xmp:CreatorTool>folio</xmp:CreatorTool>",
        m.modified
    );
    let _ = writeln!(x, "<pdf:Producer>folio {}</pdf:Producer>", env!("CARGO_PKG_VERSION"));
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    x
}
