//! Mathematics written in TeX's notation (`$…$`), read into the inlines both editions set:
//! variables in italic, upright numbers, function names and capital Greek, real operator
//! characters (− × · ≤ →), superscripts and subscripts, and fractions with a solidus, as the
//! Chicago Manual sets them in running text — `\frac{P}{N}` reads P/N, with parentheses where
//! the numerator or denominator is more than one term. Binary operators and relations are
//! spaced as TeX spaces them, and a line may break only after one, never before.
//!
//! This is the notation of the formulas books put in their text, not a TeX engine: a command it
//! does not know is printed as written and reported.

use crate::model::Inline;

/// A formula read into inlines, with what could not be read.
#[derive(Debug, Default)]
pub struct Formula {
    /// The inlines to set.
    pub inlines: Vec<Inline>,
    /// Commands not known (without the backslash), and other faults, for a warning.
    pub unknown: Vec<String>,
}

impl Formula {
    /// What to tell the author, if something could not be read.
    pub fn warning(&self) -> Option<String> {
        (!self.unknown.is_empty())
            .then(|| format!("in this formula, {} printed as written", self.unknown.join(", ")))
    }
}

/// How to write what folio reads.
pub const HELP: &str = "folio reads TeX's notation for formulas in running text: letters, numbers, operators, \
                        ^ and _, \\frac, \\sqrt, Greek letters and common symbols; write `\\$` for a dollar sign";

/// Reads a formula's TeX.
pub fn read(tex: &str) -> Formula {
    let mut p = Parser { chars: tex.chars().collect(), at: 0, unknown: Vec::new(), script: 0, depth: 0 };
    let atoms = p.list(None);
    Formula { inlines: spaced(atoms, false), unknown: p.unknown }
}

/// TeX's classes of atoms, which decide the space between them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Ord,
    /// A binary operator (+, ×): medium space either side, unary where nothing stands before.
    Bin,
    /// A relation (=, <, →): thick space either side.
    Rel,
    Open,
    Close,
    /// Punctuation (a comma): a thin space after.
    Punct,
    /// A function name (sin, log): a thin space before what it applies to.
    Op,
}

#[derive(Debug, Clone)]
struct Atom {
    class: Class,
    inlines: Vec<Inline>,
    /// Whether it is one term: a fraction's part that is not gets parentheses.
    simple: bool,
}

impl Atom {
    fn new(class: Class, inlines: Vec<Inline>) -> Atom {
        Atom { class, inlines, simple: true }
    }

    fn text(class: Class, t: &str) -> Atom {
        Atom::new(class, vec![Inline::Text(t.to_string())])
    }

    fn var(t: &str) -> Atom {
        Atom::new(Class::Ord, vec![Inline::Emphasis(vec![Inline::Text(t.to_string())])])
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    unknown: Vec<String>,
    /// How deep in superscripts and subscripts: there, as in TeX, operators take no space.
    script: usize,
    /// How deep in groups and commands' arguments: bounded, so that no input exhausts the stack.
    depth: usize,
}

/// Groups and arguments nested deeper than this end the formula (TeX's own input stack is 200).
const MAX_DEPTH: usize = 100;

impl Parser {
    /// Atoms up to `close` (a `}` or `]`) or the end.
    fn list(&mut self, close: Option<char>) -> Vec<Atom> {
        if !self.enter() {
            return Vec::new();
        }
        let atoms = self.list_within(close);
        self.depth -= 1;
        atoms
    }

    /// One level deeper, unless that is too deep: then the rest of the formula is dropped.
    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            if self.at < self.chars.len() {
                self.unknown.push("groups nested too deep".to_string());
                self.at = self.chars.len();
            }
            return false;
        }
        self.depth += 1;
        true
    }

    fn list_within(&mut self, close: Option<char>) -> Vec<Atom> {
        let mut atoms: Vec<Atom> = Vec::new();
        while let Some(&c) = self.chars.get(self.at) {
            if Some(c) == close {
                self.at += 1;
                return atoms;
            }
            self.at += 1;
            match c {
                c if c.is_whitespace() || c == '&' => {}
                '~' => atoms.push(Atom::text(Class::Ord, "\u{A0}")),
                '^' | '_' => {
                    self.script += 1;
                    let script = self.argument();
                    self.script -= 1;
                    let inlines = spaced(script, true);
                    let scripted =
                        if c == '^' { Inline::Superscript(inlines) } else { Inline::Subscript(inlines) };
                    match atoms.last_mut() {
                        Some(base) if base.class != Class::Bin && base.class != Class::Rel => {
                            base.inlines.push(scripted)
                        }
                        _ => atoms.push(Atom::new(Class::Ord, vec![scripted])),
                    }
                }
                '{' => {
                    let inner = self.list(Some('}'));
                    let simple = inner.len() <= 1;
                    atoms.push(Atom { class: Class::Ord, inlines: spaced(inner, self.script > 0), simple });
                }
                '}' => self.unknown.push("an unmatched }".to_string()),
                '\\' => {
                    if let Some(atom) = self.command() {
                        atoms.push(atom);
                    }
                }
                c if c.is_ascii_digit() || c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit()) => {
                    let mut n = c.to_string();
                    while let Some(&d) = self.chars.get(self.at) {
                        let decimal =
                            d == '.' && self.chars.get(self.at + 1).is_some_and(char::is_ascii_digit);
                        if !(d.is_ascii_digit() || decimal) {
                            break;
                        }
                        n.push(d);
                        self.at += 1;
                    }
                    atoms.push(Atom::text(Class::Ord, &n));
                }
                c if c.is_alphabetic() => atoms.push(Atom::var(&c.to_string())),
                _ => atoms.push(symbol(c)),
            }
        }
        if let Some(c) = close {
            self.unknown.push(format!("a missing {c}"));
        }
        atoms
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// A command's argument: a group, or the next single token.
    fn argument(&mut self) -> Vec<Atom> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.list(Some('}'))
            }
            Some('\\') => {
                self.at += 1;
                self.command().into_iter().collect()
            }
            Some(c) => {
                self.at += 1;
                if c.is_alphabetic() { vec![Atom::var(&c.to_string())] } else { vec![symbol(c)] }
            }
            None => Vec::new(),
        }
    }

    /// An optional argument in brackets (`\sqrt[3]{x}`).
    fn optional(&mut self) -> Option<Vec<Atom>> {
        (self.peek() == Some('[')).then(|| {
            self.at += 1;
            self.list(Some(']'))
        })
    }

    /// The text of a group, as written (`\text{if }`).
    fn raw_group(&mut self) -> String {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        if self.peek() != Some('{') {
            return self
                .peek()
                .map(|c| {
                    self.at += 1;
                    c.to_string()
                })
                .unwrap_or_default();
        }
        self.at += 1;
        let (mut depth, mut out) = (0, String::new());
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return out,
                '}' => depth -= 1,
                _ => {}
            }
            out.push(c);
        }
        self.unknown.push("a missing }".to_string());
        out
    }

    /// The command after a backslash, or `None` for one that sets nothing (`\left`, `\!`).
    fn command(&mut self) -> Option<Atom> {
        if !self.enter() {
            return None;
        }
        let atom = self.command_within();
        self.depth -= 1;
        atom
    }

    fn command_within(&mut self) -> Option<Atom> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        if self.at == start {
            // A one-character command: \, \; \{ \% …
            let c = self.peek()?;
            self.at += 1;
            return match c {
                ',' | '>' => Some(Atom::text(Class::Ord, "\u{202F}")),
                ':' | ';' | ' ' => Some(Atom::text(Class::Ord, "\u{A0}")),
                '!' => None,
                '{' => Some(Atom::text(Class::Open, "{")),
                '}' => Some(Atom::text(Class::Close, "}")),
                '|' => Some(Atom::text(Class::Ord, "‖")),
                '\\' => Some(Atom::text(Class::Ord, " ")),
                other => Some(Atom::text(Class::Ord, &other.to_string())),
            };
        }
        let name: String = self.chars[start..self.at].iter().collect();
        match name.as_str() {
            "frac" | "dfrac" | "tfrac" => {
                let (num, den) = (self.argument(), self.argument());
                let script = self.script > 0;
                let part = |atoms: Vec<Atom>| {
                    // A part its author bracketed already (`\frac{1}{(1 - P)}`) gets no more.
                    let simple = atoms.len() <= 1 && atoms.iter().all(|a| a.simple) || bracketed(&atoms);
                    let inlines = spaced(atoms, script);
                    if simple { inlines } else { parenthesised(inlines) }
                };
                let mut inlines = part(num);
                inlines.push(Inline::Text("/".to_string()));
                inlines.extend(part(den));
                Some(Atom { class: Class::Ord, inlines, simple: false })
            }
            "sqrt" => {
                let index = self.optional();
                let radicand = self.argument();
                let simple = radicand.len() <= 1 && radicand.iter().all(|a| a.simple);
                let mut inlines = Vec::new();
                if let Some(index) = index {
                    inlines.push(Inline::Superscript(spaced(index, true)));
                }
                inlines.push(Inline::Text("√".to_string()));
                let radicand = spaced(radicand, self.script > 0);
                inlines.extend(if simple { radicand } else { parenthesised(radicand) });
                Some(Atom::new(Class::Ord, inlines))
            }
            "text" | "textrm" | "mathrm" | "operatorname" | "textup" | "mbox" => {
                let text = self.raw_group();
                let class = if name == "operatorname" { Class::Op } else { Class::Ord };
                Some(Atom::text(class, &text))
            }
            "mathit" | "textit" | "emph" => Some(Atom::var(&self.raw_group())),
            "mathbf" | "textbf" | "boldsymbol" | "bm" => {
                let inner = self.argument();
                let inner = spaced(inner, self.script > 0);
                Some(Atom::new(Class::Ord, vec![Inline::Strong(upright(inner))]))
            }
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl" | "Bigr"
            | "displaystyle" | "textstyle" | "limits" | "nolimits" => {
                // The delimiter after \left or \right is read as any other.
                if self.peek() == Some('.') {
                    self.at += 1;
                }
                None
            }
            "quad" => Some(Atom::text(Class::Ord, "\u{2003}")),
            "qquad" => Some(Atom::text(Class::Ord, "\u{2003}\u{2003}")),
            _ => Some(named(&name).unwrap_or_else(|| {
                self.unknown.push(format!("\\{name}"));
                Atom::text(Class::Ord, &format!("\\{name}"))
            })),
        }
    }
}

/// A character written as itself.
fn symbol(c: char) -> Atom {
    let (class, text) = match c {
        '+' => (Class::Bin, "+"),
        '-' => (Class::Bin, "−"),
        '*' => (Class::Bin, "∗"),
        '=' => (Class::Rel, "="),
        '<' => (Class::Rel, "<"),
        '>' => (Class::Rel, ">"),
        ':' => (Class::Rel, ":"),
        '(' | '[' => (Class::Open, if c == '(' { "(" } else { "[" }),
        ')' | ']' => (Class::Close, if c == ')' { ")" } else { "]" }),
        ',' | ';' => (Class::Punct, if c == ',' { "," } else { ";" }),
        '\'' => (Class::Ord, "′"),
        _ => return Atom::new(Class::Ord, vec![Inline::Text(c.to_string())]),
    };
    Atom::text(class, text)
}

/// The commands that stand for a character or a name.
fn named(name: &str) -> Option<Atom> {
    const GREEK: [(&str, char); 40] = [
        ("alpha", 'α'),
        ("beta", 'β'),
        ("gamma", 'γ'),
        ("delta", 'δ'),
        ("epsilon", 'ϵ'),
        ("varepsilon", 'ε'),
        ("zeta", 'ζ'),
        ("eta", 'η'),
        ("theta", 'θ'),
        ("vartheta", 'ϑ'),
        ("iota", 'ι'),
        ("kappa", 'κ'),
        ("lambda", 'λ'),
        ("mu", 'μ'),
        ("nu", 'ν'),
        ("xi", 'ξ'),
        ("pi", 'π'),
        ("varpi", 'ϖ'),
        ("rho", 'ρ'),
        ("varrho", 'ϱ'),
        ("sigma", 'σ'),
        ("varsigma", 'ς'),
        ("tau", 'τ'),
        ("upsilon", 'υ'),
        ("phi", 'ϕ'),
        ("varphi", 'φ'),
        ("chi", 'χ'),
        ("psi", 'ψ'),
        ("omega", 'ω'),
        ("Gamma", 'Γ'),
        ("Delta", 'Δ'),
        ("Theta", 'Θ'),
        ("Lambda", 'Λ'),
        ("Xi", 'Ξ'),
        ("Pi", 'Π'),
        ("Sigma", 'Σ'),
        ("Upsilon", 'Υ'),
        ("Phi", 'Φ'),
        ("Psi", 'Ψ'),
        ("Omega", 'Ω'),
    ];
    const SYMBOLS: [(&str, &str, Class); 52] = [
        ("cdot", "·", Class::Bin),
        ("times", "×", Class::Bin),
        ("div", "÷", Class::Bin),
        ("pm", "±", Class::Bin),
        ("mp", "∓", Class::Bin),
        ("ast", "∗", Class::Bin),
        ("circ", "∘", Class::Bin),
        ("cup", "∪", Class::Bin),
        ("cap", "∩", Class::Bin),
        ("setminus", "∖", Class::Bin),
        ("oplus", "⊕", Class::Bin),
        ("otimes", "⊗", Class::Bin),
        ("wedge", "∧", Class::Bin),
        ("land", "∧", Class::Bin),
        ("vee", "∨", Class::Bin),
        ("lor", "∨", Class::Bin),
        ("le", "≤", Class::Rel),
        ("leq", "≤", Class::Rel),
        ("ge", "≥", Class::Rel),
        ("geq", "≥", Class::Rel),
        ("ne", "≠", Class::Rel),
        ("neq", "≠", Class::Rel),
        ("approx", "≈", Class::Rel),
        ("equiv", "≡", Class::Rel),
        ("sim", "∼", Class::Rel),
        ("simeq", "≃", Class::Rel),
        ("propto", "∝", Class::Rel),
        ("ll", "≪", Class::Rel),
        ("gg", "≫", Class::Rel),
        ("in", "∈", Class::Rel),
        ("notin", "∉", Class::Rel),
        ("subset", "⊂", Class::Rel),
        ("subseteq", "⊆", Class::Rel),
        ("supset", "⊃", Class::Rel),
        ("to", "→", Class::Rel),
        ("rightarrow", "→", Class::Rel),
        ("leftarrow", "←", Class::Rel),
        ("gets", "←", Class::Rel),
        ("Rightarrow", "⇒", Class::Rel),
        ("Leftarrow", "⇐", Class::Rel),
        ("iff", "⇔", Class::Rel),
        ("mapsto", "↦", Class::Rel),
        ("infty", "∞", Class::Ord),
        ("partial", "∂", Class::Ord),
        ("nabla", "∇", Class::Ord),
        ("forall", "∀", Class::Ord),
        ("exists", "∃", Class::Ord),
        ("emptyset", "∅", Class::Ord),
        ("ldots", "…", Class::Ord),
        ("dots", "…", Class::Ord),
        ("cdots", "⋯", Class::Ord),
        ("prime", "′", Class::Ord),
    ];
    const LARGE: [(&str, &str); 5] =
        [("sum", "∑"), ("prod", "∏"), ("int", "∫"), ("oint", "∮"), ("coprod", "∐")];
    const FUNCTIONS: [&str; 24] = [
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
        "log", "ln", "lg", "exp", "max", "min", "lim", "sup", "inf", "det", "gcd", "deg",
    ];
    const DELIMITERS: [(&str, &str, Class); 8] = [
        ("langle", "⟨", Class::Open),
        ("rangle", "⟩", Class::Close),
        ("lfloor", "⌊", Class::Open),
        ("rfloor", "⌋", Class::Close),
        ("lceil", "⌈", Class::Open),
        ("rceil", "⌉", Class::Close),
        ("lbrace", "{", Class::Open),
        ("rbrace", "}", Class::Close),
    ];
    if let Some(&(_, g)) = GREEK.iter().find(|(n, _)| *n == name) {
        // Lower-case Greek is italic like Latin variables; capitals stand upright, as in TeX.
        return Some(if g.is_lowercase() {
            Atom::var(&g.to_string())
        } else {
            Atom::text(Class::Ord, &g.to_string())
        });
    }
    if let Some(&(_, s, class)) = SYMBOLS.iter().chain(&DELIMITERS).find(|(n, ..)| *n == name) {
        return Some(Atom::text(class, s));
    }
    if let Some(&(_, s)) = LARGE.iter().find(|(n, _)| *n == name) {
        return Some(Atom::text(Class::Op, s));
    }
    FUNCTIONS.contains(&name).then(|| Atom::text(Class::Op, name))
}

/// Atoms joined with TeX's spaces: a no-break space before a binary operator or a relation
/// and a breakable one after it (TeX breaks a formula only there), a thin no-break space after
/// a comma and after a function name; in a `script`, none around operators, as in TeX.
fn spaced(mut atoms: Vec<Atom>, script: bool) -> Vec<Inline> {
    // A binary operator with no operand before it (−1, (−x), a = −b) is a sign.
    for i in 0..atoms.len() {
        let before = i.checked_sub(1).map(|j| atoms[j].class);
        let operand_before = matches!(before, Some(Class::Ord | Class::Close));
        let operand_after = atoms
            .get(i + 1)
            .is_some_and(|a| !matches!(a.class, Class::Bin | Class::Rel | Class::Close | Class::Punct));
        if atoms[i].class == Class::Bin && !(operand_before && operand_after) {
            atoms[i].class = Class::Ord;
        }
    }
    let classes: Vec<Class> = atoms.iter().map(|a| a.class).collect();
    let mut out: Vec<Inline> = Vec::new();
    for (i, atom) in atoms.into_iter().enumerate() {
        if matches!(atom.class, Class::Bin | Class::Rel) && i > 0 && !script {
            push_text(&mut out, "\u{A0}");
        }
        for inline in atom.inlines {
            match inline {
                Inline::Text(t) => push_text(&mut out, &t),
                other => out.push(other),
            }
        }
        match (atom.class, classes.get(i + 1)) {
            (_, None) => {}
            (Class::Bin | Class::Rel, _) if !script => push_text(&mut out, " "),
            // sin x, but sin(x).
            (Class::Op, Some(Class::Open)) => {}
            (Class::Punct | Class::Op, _) => push_text(&mut out, "\u{202F}"),
            _ => {}
        }
    }
    out
}

fn push_text(out: &mut Vec<Inline>, t: &str) {
    match out.last_mut() {
        Some(Inline::Text(last)) => last.push_str(t),
        _ => out.push(Inline::Text(t.to_string())),
    }
}

/// Whether the atoms are one bracketed group: an opening parenthesis or bracket first, and the
/// one that closes it last.
fn bracketed(atoms: &[Atom]) -> bool {
    let text = |a: &Atom| Inline::plain_text(&a.inlines);
    let (Some(first), Some(last)) = (atoms.first().map(text), atoms.last().map(text)) else { return false };
    let (open, close) = match (first.trim(), last.trim()) {
        ("(", ")") => ("(", ")"),
        ("[", "]") => ("[", "]"),
        _ => return false,
    };
    let mut depth = 0usize;
    for (i, a) in atoms.iter().enumerate() {
        match text(a).trim() {
            t if t == open => depth += 1,
            t if t == close => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 < atoms.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    atoms.len() >= 2 && depth == 0
}

fn parenthesised(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = vec![Inline::Text("(".to_string())];
    for inline in inlines {
        match inline {
            Inline::Text(t) => push_text(&mut out, &t),
            other => out.push(other),
        }
    }
    push_text(&mut out, ")");
    out
}

/// Bold symbols stand upright: `\mathbf{x}` is a bold roman x.
fn upright(inlines: Vec<Inline>) -> Vec<Inline> {
    inlines
        .into_iter()
        .flat_map(|i| match i {
            Inline::Emphasis(c) => c,
            other => vec![other],
        })
        .collect()
}

#[cfg(test)]
mod tests;
