//! pandoc's example lists: items numbered `(@)` or `(@label)` through the file, and the
//! `(@label)` references to them.

use std::collections::HashMap;

/// Example items, numbered through the file, and the labels they were given.
#[derive(Default)]
pub(in crate::manuscript) struct Examples {
    count: u64,
    pub(super) labels: HashMap<String, u64>,
}

impl Examples {
    /// The next example's number, under its label if it has one (a label used twice keeps
    /// its first number, as pandoc's does).
    pub(super) fn next(&mut self, label: &str) -> u64 {
        self.count += 1;
        if !label.is_empty() {
            self.labels.insert(label.to_string(), self.count);
        }
        self.count
    }

    /// The text with every `(@label)` outside code that names an example replaced by the
    /// example's number in parentheses, as pandoc refers to examples.
    pub(super) fn refer(&self, text: &str, code: &[bool]) -> String {
        let mut out = String::with_capacity(text.len());
        for (line, &code) in text.split_inclusive('\n').zip(code) {
            if code || !line.contains("(@") {
                out.push_str(line);
                continue;
            }
            let bytes = line.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'`' {
                    let end = crate::manuscript::blocks::after_code_span(bytes, i).min(bytes.len());
                    out.push_str(&line[i..end]);
                    i = end;
                    continue;
                }
                let number = line[i..].strip_prefix("(@").and_then(|r| {
                    let len = r
                        .bytes()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                        .count();
                    r[len..].starts_with(')').then(|| (self.labels.get(&r[..len]), len + 3))
                });
                match number {
                    Some((Some(n), len)) => {
                        out.push_str(&format!("({n})"));
                        i += len;
                    }
                    _ => {
                        let c = line[i..].chars().next().map_or(1, char::len_utf8);
                        out.push_str(&line[i..i + c]);
                        i += c;
                    }
                }
            }
        }
        out
    }
}
