//! Semantic tokens for the expressions inside strings: Go template actions (`{{ … }}`),
//! Score placeholders and execution-context references (`${…}`). Spans come from the
//! template parsers on a scalar's decoded text and are mapped back to the file through
//! [`ScalarMap`]; scalars whose map is not exact get no tokens rather than wrong ones.

use crate::kind::DocumentKind;
use crate::syntax::{Document, NodeKind};
use crate::template::go::{Arg, Node, Pipe, Template};
use crate::template::placeholder::{self, Piece};
use crate::template::{reference, ScalarMap};
use crate::text::Span;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// `{{`, `}}`, `${`, `}` and `|`.
    Operator,
    /// `if`, `range`, `end`, `true`, `nil`…
    Keyword,
    Function,
    /// A field after a dot: `.parameters.name`.
    Property,
    /// `$x`, or the root of a placeholder (`resources`, `workflow`).
    Variable,
    String,
    Number,
}

impl TokenKind {
    /// Every kind, in the order of the legend the language server announces.
    pub const ALL: [TokenKind; 7] = [
        TokenKind::Operator,
        TokenKind::Keyword,
        TokenKind::Function,
        TokenKind::Property,
        TokenKind::Variable,
        TokenKind::String,
        TokenKind::Number,
    ];

    pub fn index(self) -> u32 {
        TokenKind::ALL.iter().position(|k| *k == self).unwrap_or(0) as u32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes of the file; a token never spans two lines.
    pub span: Span,
    pub kind: TokenKind,
}

const KEYWORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];

/// The tokens of file `file`, sorted and not overlapping.
pub fn semantic_tokens(ws: &Workspace, file: usize) -> Vec<Token> {
    let Some(f) = ws.files.get(file) else {
        return Vec::new();
    };
    let source = f.text.as_deref().unwrap_or("");
    let mut out = Vec::new();
    for (di, doc) in f.parsed.documents.iter().enumerate() {
        let kind = f.kinds.get(di).copied().unwrap_or(DocumentKind::Unknown);
        scalar_tokens(doc, kind, source, &mut out);
    }
    out.sort_by_key(|t| (t.span.start, t.span.end));
    let mut clean: Vec<Token> = Vec::with_capacity(out.len());
    for t in out {
        if t.span.is_empty() || clean.last().is_some_and(|l| t.span.start < l.span.end) {
            continue;
        }
        // Split at line breaks: the protocol's tokens are single-line.
        let text = &source[t.span.start..t.span.end];
        let mut start = t.span.start;
        for piece in text.split('\n') {
            let end = start + piece.len();
            if end > start {
                clean.push(Token {
                    span: Span::new(start, end),
                    kind: t.kind,
                });
            }
            start = end + 1;
        }
    }
    clean
}

fn scalar_tokens(doc: &Document, kind: DocumentKind, source: &str, out: &mut Vec<Token>) {
    for (id, node) in doc.nodes.iter().enumerate() {
        let NodeKind::Scalar(scalar) = &node.kind else {
            continue;
        };
        let text = &scalar.text;
        let has_template = text.contains("{{");
        let has_dollar = text.contains('$');
        if !has_template && !has_dollar {
            continue;
        }
        let map = ScalarMap::new(source, doc.node(id).span, scalar);
        if !map.is_exact() {
            continue;
        }
        let mut local = Vec::new();
        if has_template {
            go_tokens(text, &mut local);
        }
        if has_dollar {
            dollar_tokens(text, kind, &mut local);
        }
        for (span, k) in local {
            out.push(Token {
                span: map.span(span),
                kind: k,
            });
        }
    }
}

/// Delimiters and leading keywords of every action, then the arguments the parser found.
fn go_tokens(text: &str, out: &mut Vec<(Span, TokenKind)>) {
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let open = from + i;
        let Some(j) = text[open + 2..].find("}}") else {
            break;
        };
        let close = open + 2 + j;
        let mut inner_start = open + 2;
        let mut open_len = 2;
        if text[inner_start..].starts_with('-') {
            inner_start += 1;
            open_len = 3;
        }
        let mut close_start = close;
        if close > inner_start && text[..close].ends_with('-') {
            close_start -= 1;
        }
        out.push((Span::new(open, open + open_len), TokenKind::Operator));
        out.push((Span::new(close_start, close + 2), TokenKind::Operator));
        let inner = &text[inner_start..close_start];
        let trimmed = inner.trim_start();
        let word_start = inner_start + (inner.len() - trimmed.len());
        let word_len = trimmed
            .bytes()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if KEYWORDS.contains(&&trimmed[..word_len]) {
            out.push((
                Span::new(word_start, word_start + word_len),
                TokenKind::Keyword,
            ));
        }
        from = close + 2;
    }
    let template = Template::parse(text);
    for node in &template.nodes {
        node_tokens(node, out);
    }
}

fn node_tokens(node: &Node, out: &mut Vec<(Span, TokenKind)>) {
    match node {
        Node::Action { pipe, .. } => pipe_tokens(pipe, out),
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            pipe_tokens(&b.pipe, out);
            for n in b.list.iter().chain(&b.else_list) {
                node_tokens(n, out);
            }
        }
        Node::Template { pipe: Some(p), .. } => pipe_tokens(p, out),
        Node::Block { pipe, list, .. } => {
            pipe_tokens(pipe, out);
            for n in list {
                node_tokens(n, out);
            }
        }
        Node::Define { list, .. } => {
            for n in list {
                node_tokens(n, out);
            }
        }
        _ => {}
    }
}

fn pipe_tokens(pipe: &Pipe, out: &mut Vec<(Span, TokenKind)>) {
    for (_, span) in &pipe.decl {
        out.push((*span, TokenKind::Variable));
    }
    for cmd in &pipe.cmds {
        for arg in &cmd.args {
            arg_tokens(arg, out);
        }
    }
}

fn arg_tokens(arg: &Arg, out: &mut Vec<(Span, TokenKind)>) {
    match arg {
        Arg::Field { span, .. } => out.push((*span, TokenKind::Property)),
        Arg::Variable { span, .. } => out.push((*span, TokenKind::Variable)),
        Arg::Function { span, .. } => out.push((*span, TokenKind::Function)),
        Arg::String { span, .. } => out.push((*span, TokenKind::String)),
        Arg::Number(span) => out.push((*span, TokenKind::Number)),
        Arg::Bool(span, _) | Arg::Nil(span) => out.push((*span, TokenKind::Keyword)),
        Arg::Dot(span) => out.push((*span, TokenKind::Variable)),
        Arg::Chain { base, fields, .. } => {
            arg_tokens(base, out);
            for (_, span) in fields {
                out.push((*span, TokenKind::Property));
            }
        }
        Arg::Pipe(p) => pipe_tokens(p, out),
    }
}

/// `${root.rest}`: the braces as operators, the root as a variable, the rest as properties.
fn dollar_tokens(text: &str, kind: DocumentKind, out: &mut Vec<(Span, TokenKind)>) {
    let mut placeholder_at = |span: Span, content_span: Span, content: &str| {
        out.push((
            Span::new(span.start, content_span.start),
            TokenKind::Operator,
        ));
        let root_len = content.find('.').unwrap_or(content.len());
        out.push((
            Span::new(content_span.start, content_span.start + root_len),
            TokenKind::Variable,
        ));
        if root_len < content.len() {
            out.push((
                Span::new(content_span.start + root_len, content_span.end),
                TokenKind::Property,
            ));
        }
        out.push((Span::new(content_span.end, span.end), TokenKind::Operator));
    };
    if kind == DocumentKind::Score {
        for piece in placeholder::pieces(text) {
            if let Piece::Placeholder {
                span,
                content,
                content_span,
            } = piece
            {
                placeholder_at(span, content_span, &content);
            }
        }
    } else {
        for r in reference::references(text) {
            if r.braced {
                let content_span = Span::new(r.span.start + 2, r.span.end - 1);
                placeholder_at(r.span, content_span, &r.content);
            }
        }
    }
}
