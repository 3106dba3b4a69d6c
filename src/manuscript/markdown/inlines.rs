//! Inline events the builder folds in besides tags: text, images, inline HTML (line breaks,
//! spans, comments), formulas, the space before a note mark, and the warning raw HTML earns.

use super::{Builder, Context, Frame, Kind, MAX_DEPTH, loc};
use crate::manuscript::spans::Tag as SpanTag;
use crate::model::{Inline, Span};

impl Builder {
    /// A closed image: an inline image, its `{#name}` before it and its title kept for a
    /// figure's caption; its alt text as text if the file cannot be used.
    pub(super) fn image(
        &mut self,
        inlines: Vec<Inline>,
        url: &str,
        title: &str,
        span: Span,
        cx: &mut Context<'_>,
    ) {
        let written = super::tidy(inlines);
        let alt = crate::manuscript::raised::literal(&Inline::plain_text(&written)).into_owned();
        self.alt = written;
        let (title, size, id) = crate::manuscript::spans::image_size(title);
        match (cx.image)(url, span, cx.diags) {
            Some(asset) => {
                if alt.trim().is_empty() {
                    // A title captions only a paragraph's lone image: known at its end.
                    if !title.trim().is_empty() && matches!(self.top().kind, Kind::Paragraph) {
                        self.titled_only.push(span);
                    } else {
                        crate::manuscript::slips::no_alt(span, cx);
                    }
                }
                // Its `{#name}` is a place before it; a figure's goes to its caption.
                if let Some(id) = id {
                    self.push_inline(Inline::Anchor(id));
                }
                self.push_inline(Inline::Image { asset, alt, size });
                // Remembered for a figure caption, which only a paragraph's lone image
                // makes; dropped again if the image is inline. Inside emphasis or a link
                // nothing would drop it, and the title would be printed.
                if !title.is_empty() && matches!(self.top().kind, Kind::Paragraph) {
                    self.push_inline(Inline::Text(format!("\u{0}{title}")));
                }
            }
            None => self.push_inline(Inline::Text(alt)),
        }
    }

    /// Text, made typographic; in code and HTML, kept as written.
    pub(super) fn text(&mut self, text: &str, cx: &mut Context<'_>) {
        if matches!(self.top().kind, Kind::Code { .. } | Kind::Html { .. }) {
            // What follows this text is nothing to the next piece educated (a link's title).
            cx.typographer.followed_by(None);
            if let Kind::Code { text: t, .. } | Kind::Html { text: t } = &mut self.top().kind {
                t.push_str(&crate::manuscript::raised::literal(text));
            }
            return;
        }
        let educated = cx.typographer.educate(text);
        self.push_inline(Inline::Text(educated));
    }

    /// A character the author wrote as a reference (`&quot;`, `&#39;`): that character as it is,
    /// never made typographic, as it would be typed (pugixml's "replacing &quot; with \"").
    pub(super) fn reference(&mut self, text: &str, cx: &mut Context<'_>) {
        if matches!(self.top().kind, Kind::Code { .. } | Kind::Html { .. }) {
            return self.text(text, cx);
        }
        cx.typographer.skip(text);
        self.push_inline(Inline::Text(text.to_string()));
    }

    /// Drops the space an author left before a note mark (`introduced [^1].`): a mark stands
    /// against the word or punctuation it annotates, in print and in the EPUB. The space may
    /// have become a no-break one, tying a one-letter word (`и [^1]`) or a line's end to the mark.
    pub(super) fn trim_before_mark(&mut self) {
        let inlines = &mut self.top().inlines;
        while let Some(Inline::Text(t)) = inlines.last_mut() {
            t.truncate(t.trim_end_matches([' ', '\t', '\n', '\u{A0}']).len());
            if !t.is_empty() {
                break;
            }
            inlines.pop();
        }
    }

    pub(super) fn inline_html(&mut self, html: &str, span: Span, cx: &mut Context<'_>) {
        let tag = html.trim().trim_start_matches('<').trim_end_matches('>').trim_end_matches('/').trim();
        match crate::manuscript::spans::tag(html) {
            Some(SpanTag::Open(..)) if self.stack.len() > MAX_DEPTH => self.ignored_spans += 1,
            Some(SpanTag::Open(role, id)) => {
                // An empty `lang` is HTML's "language unknown": nothing to mark, nothing to say.
                if let Some(bad) = role.bad_lang.as_deref().filter(|b| !b.trim().is_empty()) {
                    cx.diags
                        .warning(
                            Some(loc(cx, span)),
                            format!("folio cannot mark the language `{bad}`: this span's text is read as the text around it"),
                        )
                        .help("write a language as a BCP 47 tag that starts with its 2- or 3-letter code, as `lang=fr`, `lang=de-CH` or `lang=kk-Cyrl`");
                }
                // A span's `{#id}` is a place links lead to, where the span begins.
                if let Some(id) = id {
                    self.push_inline(Inline::Anchor(id));
                }
                self.stack.push(Frame::new(Kind::Span(role), span));
            }
            Some(SpanTag::Close(_)) if self.ignored_spans > 0 => self.ignored_spans -= 1,
            Some(SpanTag::Close(element)) => self.close_element(element),
            None if tag.eq_ignore_ascii_case("br") => self.push_inline(Inline::LineBreak),
            None if html.trim_start().starts_with("<!--") => {}
            None => self.warn_html(span, cx),
        }
    }

    /// Closes the spans left open on top of the stack: a block cannot be inside one.
    pub(super) fn close_spans(&mut self) {
        while matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Span(_))) {
            self.close_span();
        }
    }

    /// Closes the innermost open span of this element, and the spans opened inside it (HTML
    /// would close them there too: `<b>a <i>b</b>`); a closing tag nothing opened is dropped.
    /// Inside Markdown's own inlines opened in the span (`<b>a *b</b> c*`) the span ends with
    /// them: left open, it ran on to the paragraph's end.
    fn close_element(&mut self, element: &str) {
        let mut open = self.stack.iter().rev().take_while(|f| f.kind.inline());
        let Some(depth) = open.position(|f| matches!(&f.kind, Kind::Span(r) if r.element == element)) else {
            return;
        };
        let at = self.stack.len() - 1 - depth;
        if self.stack[at..].iter().all(|f| matches!(f.kind, Kind::Span(_))) {
            for _ in 0..=depth {
                self.close_span();
            }
        } else if let Kind::Span(role) = &mut self.stack[at].kind {
            role.ended = true;
        }
    }

    /// Closes the spans whose closing tag came inside the inline that just ended.
    pub(super) fn close_ended_spans(&mut self) {
        while matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Span(r)) if r.ended) {
            self.close_span();
        }
    }

    /// Closes the span on top of the stack: its inlines go to the element it was opened in.
    pub(super) fn close_span(&mut self) {
        if !matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Span(_))) {
            return;
        }
        let Some(Frame { kind: Kind::Span(role), mut inlines, .. }) = self.stack.pop() else { return };
        // Each role a span has wraps its text, the language outermost: a language applies to
        // everything in it.
        type Wrap = fn(Vec<Inline>) -> Inline;
        let wraps: [(bool, Wrap); 7] = [
            (role.small_caps, Inline::SmallCaps),
            (role.underline, Inline::Underline),
            (role.strike, Inline::Strikethrough),
            (role.subscript, Inline::Subscript),
            (role.superscript, Inline::Superscript),
            (role.strong, Inline::Strong),
            (role.emphasis, Inline::Emphasis),
        ];
        for (_, wrap) in wraps.into_iter().filter(|(on, _)| *on) {
            inlines = vec![wrap(inlines)];
        }
        if let Some(lang) = role.lang {
            inlines = vec![Inline::Foreign(lang, inlines)];
        }
        inlines.into_iter().for_each(|i| self.push_inline(i));
    }

    /// A formula in TeX's notation, read into text; what it cannot read is reported.
    pub(super) fn math(&mut self, tex: &str, display: bool, span: Span, cx: &mut Context<'_>) {
        cx.typographer.skip(tex);
        let formula = crate::manuscript::math::read(tex);
        if let Some(message) = formula.warning() {
            cx.diags.warning(Some(loc(cx, span)), message).help(crate::manuscript::math::HELP);
        }
        self.push_inline(Inline::Math { display, children: formula.inlines });
    }

    pub(super) fn warn_html(&mut self, span: Span, cx: &mut Context<'_>) {
        if !self.html_warned {
            self.html_warned = true;
            cx.diags
                .warning(Some(loc(cx, span)), "raw HTML is not copied into the book; its text is kept")
                .help("write the passage in Markdown; scripts and markup from the manuscript never reach the outputs");
        }
    }
}

/// Whether source text is one character reference: `&quot;`, `&#39;`, `&#x2014;`.
pub(super) fn is_reference(source: &str) -> bool {
    source.len() > 2
        && source.starts_with('&')
        && source.ends_with(';')
        && source[1..source.len() - 1].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#')
}
