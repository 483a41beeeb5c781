//! The lexer of Go's `text/template` (package `text/template/parse`, file `lex.go`), with
//! byte positions. Delimiters are fixed to `{{` and `}}` (the platform never changes them).
//!
//! Differences from Go on purpose: a field or variable name containing `-` (`.create-git-repo`)
//! is lexed as one token and recorded as a recoverable [`LexError`] (Go stops with
//! `bad character U+002D '-'`), so that every such name of a template can be reported and the
//! rest of the template is still checked.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    Comment,
    // Keywords (Go prints these as `<word>`).
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemKind {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            ItemKind::Block
                | ItemKind::Break
                | ItemKind::Continue
                | ItemKind::Dot
                | ItemKind::Define
                | ItemKind::Else
                | ItemKind::End
                | ItemKind::If
                | ItemKind::Nil
                | ItemKind::Range
                | ItemKind::Template
                | ItemKind::With
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// Byte offsets in the template text.
    pub start: usize,
    pub end: usize,
    /// The token text; for errors, the message.
    pub val: String,
}

impl Item {
    /// How Go's `item.String` prints a token in "unexpected …" messages.
    pub fn describe(&self) -> String {
        match self.kind {
            ItemKind::Eof => "EOF".to_string(),
            ItemKind::Error => self.val.clone(),
            k if k.is_keyword() => format!("<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                format!("{}...", go_quote(&head))
            }
            _ => go_quote(&self.val),
        }
    }
}

/// A field or variable name that is not a Go identifier (`.create-git-repo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    /// The whole name token, with its leading `.` or `$`.
    pub start: usize,
    pub end: usize,
    /// Where Go stops: the first character that is not a letter, digit or `_`.
    pub bad: usize,
    /// Go's message for it.
    pub message: String,
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    paren_depth: i32,
    inside: bool,
    pub items: Vec<Item>,
    pub recovered: Vec<LexError>,
    done: bool,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn has_left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

/// Go's `%q` for the strings that appear in template error messages.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%#U` (`U+002D '-'`).
pub fn go_rune(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{}'", c as u32, c)
    }
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer {
            input,
            pos: 0,
            start: 0,
            paren_depth: 0,
            inside: false,
            items: Vec::new(),
            recovered: Vec::new(),
            done: false,
        }
    }

    /// Lexes the whole input; the last item is `Eof` or `Error`.
    pub fn run(mut self) -> (Vec<Item>, Vec<LexError>) {
        while !self.done {
            if self.inside {
                self.lex_inside_action();
            } else {
                self.lex_text();
            }
        }
        (self.items, self.recovered)
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
        }
    }

    fn emit(&mut self, kind: ItemKind) {
        self.items.push(Item {
            kind,
            start: self.start,
            end: self.pos,
            val: self.input[self.start..self.pos].to_string(),
        });
        self.start = self.pos;
    }

    fn error(&mut self, message: String) {
        self.items.push(Item {
            kind: ItemKind::Error,
            start: self.start,
            end: self.pos.max(self.start),
            val: message,
        });
        self.done = true;
    }

    fn lex_text(&mut self) {
        match self.rest().find(LEFT) {
            Some(x) => {
                if x > 0 {
                    self.pos += x;
                    self.emit(ItemKind::Text);
                }
                self.lex_left_delim();
            }
            None => {
                self.pos = self.input.len();
                if self.pos > self.start {
                    self.emit(ItemKind::Text);
                }
                self.emit(ItemKind::Eof);
                self.done = true;
            }
        }
    }

    fn lex_left_delim(&mut self) {
        self.pos += LEFT.len();
        let trim = has_left_trim(self.rest());
        let after_marker = if trim { 2 } else { 0 };
        if self.input[self.pos + after_marker..].starts_with("/*") {
            self.pos += after_marker;
            self.lex_comment();
            return;
        }
        self.emit(ItemKind::LeftDelim);
        self.pos += after_marker;
        self.start = self.pos;
        self.inside = true;
        self.paren_depth = 0;
    }

    fn lex_comment(&mut self) {
        // The comment token starts at the `{{` (two bytes before `/*`, or four with `{{- `).
        let open = self.start;
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            self.start = open;
            self.error("unclosed comment".into());
            return;
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            self.start = open;
            self.error("comment ends before closing delimiter".into());
            return;
        }
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        self.start = open;
        self.emit(ItemKind::Comment);
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim(rest) && rest[2..].starts_with(RIGHT) {
            return (true, true);
        }
        (rest.starts_with(RIGHT), false)
    }

    fn lex_right_delim(&mut self) {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += RIGHT.len();
        self.emit(ItemKind::RightDelim);
        self.inside = false;
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(' | '}') => true,
            Some(_) => false,
        }
    }

    fn lex_inside_action(&mut self) {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                self.lex_right_delim();
            } else {
                self.error("unclosed left paren".into());
            }
            return;
        }
        let r = self.next();
        match r {
            None => self.error("unclosed action".into()),
            Some(c) if is_space(c) => {
                self.backup(r);
                self.lex_space();
            }
            Some('=') => self.emit(ItemKind::Assign),
            Some(':') => {
                if self.next() != Some('=') {
                    self.error("expected :=".into());
                } else {
                    self.emit(ItemKind::Declare);
                }
            }
            Some('|') => self.emit(ItemKind::Pipe),
            Some('"') => self.lex_quote(),
            Some('`') => self.lex_raw_quote(),
            Some('$') => self.lex_variable(),
            Some('\'') => self.lex_char(),
            Some('.') => {
                let digit_follows = self.peek().is_some_and(|c| c.is_ascii_digit());
                if digit_follows {
                    self.backup(r);
                    self.lex_number();
                } else {
                    self.lex_field_or_variable(ItemKind::Field);
                }
            }
            Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                self.backup(r);
                self.lex_number();
            }
            Some(c) if is_alnum(c) => {
                self.backup(r);
                self.lex_identifier();
            }
            Some('(') => {
                self.paren_depth += 1;
                self.emit(ItemKind::LeftParen);
            }
            Some(')') => {
                self.paren_depth -= 1;
                self.emit(ItemKind::RightParen);
            }
            Some(c) if c.is_ascii() && !c.is_ascii_control() => self.emit(ItemKind::Char),
            Some(c) => self.error(format!("unrecognized character in action: {}", go_rune(c))),
        }
    }

    fn lex_space(&mut self) {
        let mut spaces = 0;
        while self.peek().is_some_and(is_space) {
            self.next();
            spaces += 1;
        }
        let back = &self.input[self.pos - 1..];
        if has_right_trim(back) && back[2..].starts_with(RIGHT) {
            self.pos -= 1;
            if spaces == 1 {
                self.lex_right_delim();
                return;
            }
        }
        self.emit(ItemKind::Space);
    }

    fn lex_identifier(&mut self) {
        while self.peek().is_some_and(is_alnum) {
            self.next();
        }
        if !self.at_terminator() {
            self.bad_character();
            return;
        }
        let kind = match &self.input[self.start..self.pos] {
            "block" => ItemKind::Block,
            "break" => ItemKind::Break,
            "continue" => ItemKind::Continue,
            "define" => ItemKind::Define,
            "else" => ItemKind::Else,
            "end" => ItemKind::End,
            "if" => ItemKind::If,
            "range" => ItemKind::Range,
            "nil" => ItemKind::Nil,
            "template" => ItemKind::Template,
            "with" => ItemKind::With,
            "true" | "false" => ItemKind::Bool,
            _ => ItemKind::Identifier,
        };
        self.emit(kind);
    }

    fn lex_variable(&mut self) {
        if self.at_terminator() {
            self.emit(ItemKind::Variable);
            return;
        }
        self.lex_field_or_variable(ItemKind::Variable);
    }

    fn lex_field_or_variable(&mut self, kind: ItemKind) {
        if self.at_terminator() {
            self.emit(if kind == ItemKind::Variable {
                ItemKind::Variable
            } else {
                ItemKind::Dot
            });
            return;
        }
        while self.peek().is_some_and(is_alnum) {
            self.next();
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or(' ');
            let bad = self.pos;
            // `.create-git-repo`: absorb the hyphenated name, remember Go's error, go on.
            let hyphenated = c == '-' && self.rest()[1..].chars().next().is_some_and(is_alnum);
            if hyphenated && self.pos > self.start + 1 {
                while self.peek().is_some_and(|c| is_alnum(c) || c == '-') {
                    self.next();
                }
                if self.at_terminator() {
                    self.recovered.push(LexError {
                        start: self.start,
                        end: self.pos,
                        bad,
                        message: format!("bad character {}", go_rune(c)),
                    });
                    self.emit(kind);
                    return;
                }
                self.pos = bad;
            }
            self.bad_character();
            return;
        }
        self.emit(kind);
    }

    /// Go's "bad character" error, placed on the character itself.
    fn bad_character(&mut self) {
        let c = self.peek().unwrap_or(' ');
        self.start = self.pos;
        self.pos += c.len_utf8();
        self.error(format!("bad character {}", go_rune(c)));
    }

    fn lex_char(&mut self) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        self.error("unterminated character constant".into());
                        return;
                    }
                    Some(_) => {}
                },
                None | Some('\n') => {
                    self.error("unterminated character constant".into());
                    return;
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemKind::CharConstant);
    }

    fn lex_quote(&mut self) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        self.error("unterminated quoted string".into());
                        return;
                    }
                    Some(_) => {}
                },
                None | Some('\n') => {
                    self.error("unterminated quoted string".into());
                    return;
                }
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemKind::String);
    }

    fn lex_raw_quote(&mut self) {
        match self.rest().find('`') {
            Some(x) => {
                self.pos += x + 1;
                self.emit(ItemKind::RawString);
            }
            None => {
                self.pos = self.input.len();
                self.error("unterminated raw quoted string".into());
            }
        }
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alnum) {
            self.next();
            return false;
        }
        true
    }

    fn lex_number(&mut self) {
        if !self.scan_number() {
            let text = go_quote(&crate::limits::excerpt(&self.input[self.start..self.pos]));
            self.error(format!("bad number syntax: {text}"));
            return;
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = go_quote(&crate::limits::excerpt(&self.input[self.start..self.pos]));
                self.error(format!("bad number syntax: {text}"));
                return;
            }
            self.emit(ItemKind::Complex);
        } else {
            self.emit(ItemKind::Number);
        }
    }
}
