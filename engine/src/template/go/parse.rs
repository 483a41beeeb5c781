//! The parser of Go's `text/template` (`text/template/parse/parse.go`), keeping the byte span
//! of every node. It accepts and rejects what Go's `template.New(..).Parse` does with the
//! default options and no FuncMap (checked against Go's own parser), and reports Go's error
//! message at the token Go blames.

use super::lex::{Item, ItemKind, Lexer};
use crate::limits::MAX_TEMPLATE_NESTING;
use crate::text::Span;

/// Go's builtin functions: the only ones a template parsed without a FuncMap may call.
pub const BUILTINS: &[&str] = &[
    "and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or",
    "print", "printf", "println", "slice", "urlquery",
];

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(Span),
    Comment(Span),
    /// `{{ pipeline }}`; `span` is the whole action.
    Action {
        span: Span,
        pipe: Pipe,
    },
    If(Branch),
    Range(Branch),
    With(Branch),
    /// `{{template "name" pipeline}}`.
    Template {
        span: Span,
        name: String,
        pipe: Option<Pipe>,
    },
    /// `{{define "name"}}…{{end}}`: a separate template; `span` is the opening action.
    Define {
        span: Span,
        name: String,
        list: Vec<Node>,
    },
    /// `{{block "name" pipeline}}…{{end}}`: a definition and its call.
    Block {
        span: Span,
        name: String,
        pipe: Pipe,
        list: Vec<Node>,
    },
    Break(Span),
    Continue(Span),
}

/// `if`, `range` and `with`: the opening action, the condition and both branches.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// The opening action `{{if …}}`.
    pub span: Span,
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pipe {
    pub span: Span,
    /// Declared (`:=`) or assigned (`=`) variables.
    pub decl: Vec<(String, Span)>,
    pub is_assign: bool,
    pub cmds: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub span: Span,
    pub args: Vec<Arg>,
}

/// A name after a `.` with its span (without the dot).
pub type Ident = (String, Span);

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `.a.b.c`: fields of dot.
    Field {
        span: Span,
        names: Vec<Ident>,
    },
    /// `$x.a.b` (`$` alone is the root data).
    Variable {
        span: Span,
        name: String,
        fields: Vec<Ident>,
    },
    Dot(Span),
    Nil(Span),
    Bool(Span, bool),
    Number(Span),
    String {
        span: Span,
        value: String,
    },
    /// A function name.
    Function {
        span: Span,
        name: String,
    },
    /// `(pipeline).a.b`.
    Chain {
        span: Span,
        base: Box<Arg>,
        fields: Vec<Ident>,
    },
    /// `(pipeline)`.
    Pipe(Box<Pipe>),
}

impl Arg {
    pub fn span(&self) -> Span {
        match self {
            Arg::Field { span, .. }
            | Arg::Variable { span, .. }
            | Arg::Dot(span)
            | Arg::Nil(span)
            | Arg::Bool(span, _)
            | Arg::Number(span)
            | Arg::String { span, .. }
            | Arg::Function { span, .. }
            | Arg::Chain { span, .. } => *span,
            Arg::Pipe(p) => p.span,
        }
    }
}

/// Why a template does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    /// `function "now" not defined`.
    UndefinedFunction(String),
    /// A field or variable name with `-` in it (`.create-git-repo`): Go's lexer stops with
    /// `bad character U+002D '-'`.
    NonIdentifierField,
    /// Blocks and parenthesised pipelines nested deeper than
    /// [`MAX_TEMPLATE_NESTING`](crate::limits::MAX_TEMPLATE_NESTING): not an error of the
    /// template (Go parses it), the point where this parser stops following it. Parsing ends
    /// there, as at a syntax error.
    TooDeep,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ErrorKind,
    /// What to underline, in template bytes.
    pub span: Span,
    /// Go's message, without its `template: NAME:LINE: ` prefix.
    pub message: String,
    /// The opening action of an unclosed block, for "unexpected EOF".
    pub opened_at: Option<Span>,
}

/// A parsed template: its nodes, or the errors that make Go reject it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Template {
    pub nodes: Vec<Node>,
    /// Every error found. Go reports only the first; undefined functions and hyphenated
    /// names are recoverable here, a syntax error ends parsing (and is then the last entry).
    pub errors: Vec<ParseError>,
    /// Whether parsing stopped at a syntax error (then `nodes` is partial).
    pub fatal: bool,
}

impl Template {
    /// Parses `text` as Go's `text/template` would with no FuncMap.
    pub fn parse(text: &str) -> Template {
        let (items, recovered) = Lexer::new(text).run();
        let mut p = Parser {
            items,
            pos: 0,
            vars: vec!["$".to_string()],
            range_depth: 0,
            errors: Vec::new(),
            action_start: 0,
            open_blocks: Vec::new(),
            paren_depth: 0,
        };
        for r in recovered {
            p.errors.push(ParseError {
                kind: ErrorKind::NonIdentifierField,
                span: Span::new(r.start, r.end),
                message: r.message,
                opened_at: None,
            });
        }
        let result = p.parse_root();
        let mut errors = p.errors;
        errors.sort_by_key(|e| e.span.start);
        let fatal = match result {
            Ok(nodes) => {
                return Template {
                    nodes,
                    errors,
                    fatal: false,
                }
            }
            Err(e) => {
                errors.retain(|x| x.span.start <= e.span.start);
                errors.push(e);
                true
            }
        };
        Template {
            nodes: Vec::new(),
            errors,
            fatal,
        }
    }

    /// The first error as Go reports it (Go stops at the first).
    pub fn first_error(&self) -> Option<&ParseError> {
        self.errors.first()
    }
}

type PResult<T> = Result<T, ParseError>;

struct Parser {
    items: Vec<Item>,
    pos: usize,
    vars: Vec<String>,
    range_depth: usize,
    errors: Vec<ParseError>,
    /// Start of the action being parsed (`{{`).
    action_start: usize,
    /// Opening actions of the blocks being parsed (for "unexpected EOF").
    open_blocks: Vec<Span>,
    /// Parenthesised pipelines being parsed.
    paren_depth: usize,
}

enum Ended {
    End,
    Else { span: Span, else_if: bool },
}

impl Parser {
    fn peek(&self) -> &Item {
        &self.items[self.pos.min(self.items.len() - 1)]
    }

    fn next(&mut self) -> Item {
        let item = self.peek().clone();
        if self.pos < self.items.len() {
            self.pos += 1;
        }
        item
    }

    fn backup(&mut self) {
        self.pos -= 1;
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let item = self.next();
            if item.kind != ItemKind::Space {
                return item;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let item = self.next_non_space();
        self.backup();
        item
    }

    fn err(&self, span: Span, message: impl Into<String>) -> ParseError {
        ParseError {
            kind: ErrorKind::Syntax,
            span,
            message: message.into(),
            opened_at: None,
        }
    }

    /// Go's `unexpected`: a lexer error is reported as itself.
    fn unexpected(&self, item: &Item, context: &str) -> ParseError {
        if item.kind == ItemKind::Error {
            let span = match item.val.as_str() {
                "unclosed action" | "unclosed left paren" => {
                    Span::new(self.action_start, self.action_start + 2)
                }
                _ => Span::new(item.start, item.end.max(item.start)),
            };
            return self.err(span, item.val.clone());
        }
        if item.kind == ItemKind::Eof {
            return self.unexpected_eof(item);
        }
        self.err(
            Span::new(item.start, item.end),
            format!("unexpected {} in {}", item.describe(), context),
        )
    }

    fn unexpected_eof(&self, item: &Item) -> ParseError {
        let mut e = self.err(Span::at(item.start), "unexpected EOF");
        e.opened_at = self.open_blocks.last().copied();
        if let Some(open) = e.opened_at {
            e.span = open;
        }
        e
    }

    /// Blocks and parentheses open around the current token. The parser recurses once per
    /// level, and so does every walk over the nodes it returns (data references, rendering,
    /// semantic tokens, the template rules): bounding it here bounds them all.
    fn nesting(&self) -> usize {
        self.open_blocks.len() + self.paren_depth
    }

    /// The error at the block or parenthesis that would nest past the limit.
    fn too_deep(&self, at: Span) -> ParseError {
        let max = MAX_TEMPLATE_NESTING;
        ParseError {
            kind: ErrorKind::TooDeep,
            span: at,
            message: format!(
                "blocks and parentheses nested more than {max} levels deep: the template is not checked from here on"
            ),
            opened_at: None,
        }
    }

    fn expect(&mut self, kind: ItemKind, context: &str) -> PResult<Item> {
        let item = self.next_non_space();
        if item.kind != kind {
            return Err(self.unexpected(&item, context));
        }
        Ok(item)
    }

    fn parse_root(&mut self) -> PResult<Vec<Node>> {
        let mut nodes = Vec::new();
        while self.peek().kind != ItemKind::Eof {
            if self.peek().kind == ItemKind::LeftDelim {
                let save = self.pos;
                let delim = self.next();
                if self.next_non_space().kind == ItemKind::Define {
                    self.action_start = delim.start;
                    nodes.push(self.parse_definition(delim.start)?);
                    continue;
                }
                self.pos = save;
            }
            match self.text_or_action()? {
                Parsed::Node(n) => nodes.push(n),
                Parsed::End(span) => return Err(self.err(span, "unexpected {{end}}")),
                Parsed::Else { span, .. } => return Err(self.err(span, "unexpected {{else}}")),
            }
        }
        Ok(nodes)
    }

    fn parse_definition(&mut self, start: usize) -> PResult<Node> {
        let context = "define clause";
        let name_item = self.next_non_space();
        if !matches!(name_item.kind, ItemKind::String | ItemKind::RawString) {
            return Err(self.unexpected(&name_item, context));
        }
        let name = unquote(&name_item.val)
            .ok_or_else(|| self.err(span_of(&name_item), "invalid syntax"))?;
        let close = self.expect(ItemKind::RightDelim, context)?;
        let open = Span::new(start, close.end);
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        self.open_blocks.push(open);
        let (list, ended) = self.item_list()?;
        self.open_blocks.pop();
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        if let Ended::Else { span, .. } = ended {
            return Err(self.err(span, format!("unexpected {{{{else}}}} in {context}")));
        }
        Ok(Node::Define {
            span: open,
            name,
            list,
        })
    }

    fn item_list(&mut self) -> PResult<(Vec<Node>, Ended)> {
        // Blocks nest by recursion here (and in every walk over the nodes after): a template of
        // thousands of nested `{{if}}`s overflowed the stack (found by fuzzing). Real templates
        // nest a few levels; past the limit parsing stops at the block that crosses it.
        if self.nesting() > MAX_TEMPLATE_NESTING {
            let at = self.open_blocks.last().copied().unwrap_or_default();
            return Err(self.too_deep(at));
        }
        let mut list = Vec::new();
        while self.peek_non_space().kind != ItemKind::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                Parsed::End(_) => return Ok((list, Ended::End)),
                Parsed::Else { span, else_if } => return Ok((list, Ended::Else { span, else_if })),
            }
        }
        let eof = self.peek().clone();
        Err(self.unexpected_eof(&eof))
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::Text => Ok(Parsed::Node(Node::Text(Span::new(token.start, token.end)))),
            ItemKind::Comment => Ok(Parsed::Node(Node::Comment(Span::new(
                token.start,
                token.end,
            )))),
            ItemKind::LeftDelim => {
                let saved = self.action_start;
                self.action_start = token.start;
                let r = self.action(token.start);
                self.action_start = saved;
                r
            }
            _ => Err(self.unexpected(&token, "input")),
        }
    }

    fn action(&mut self, start: usize) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::Block => return self.block_control(start).map(Parsed::Node),
            ItemKind::Break | ItemKind::Continue => {
                let word = if token.kind == ItemKind::Break {
                    "break"
                } else {
                    "continue"
                };
                let close = self.next_non_space();
                if close.kind != ItemKind::RightDelim {
                    return Err(self.unexpected(&close, &format!("{{{{{word}}}}}")));
                }
                let span = Span::new(start, close.end);
                if self.range_depth == 0 {
                    return Err(self.err(span, format!("{{{{{word}}}}} outside {{{{range}}}}")));
                }
                return Ok(Parsed::Node(if token.kind == ItemKind::Break {
                    Node::Break(span)
                } else {
                    Node::Continue(span)
                }));
            }
            ItemKind::Else => {
                let peek = self.peek_non_space();
                if peek.kind == ItemKind::If {
                    return Ok(Parsed::Else {
                        span: Span::new(start, peek.start),
                        else_if: true,
                    });
                }
                let close = self.expect(ItemKind::RightDelim, "else")?;
                return Ok(Parsed::Else {
                    span: Span::new(start, close.end),
                    else_if: false,
                });
            }
            ItemKind::End => {
                let close = self.expect(ItemKind::RightDelim, "end")?;
                return Ok(Parsed::End(Span::new(start, close.end)));
            }
            ItemKind::If => {
                return self
                    .control(start, true, "if")
                    .map(|b| Parsed::Node(Node::If(b)))
            }
            ItemKind::Range => {
                return self
                    .control(start, false, "range")
                    .map(|b| Parsed::Node(Node::Range(b)))
            }
            ItemKind::With => {
                return self
                    .control(start, false, "with")
                    .map(|b| Parsed::Node(Node::With(b)))
            }
            ItemKind::Template => return self.template_control(start).map(Parsed::Node),
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", ItemKind::RightDelim)?;
        let end = self.items[self.pos - 1].end;
        Ok(Parsed::Node(Node::Action {
            span: Span::new(start, end),
            pipe,
        }))
    }

    fn control(&mut self, start: usize, allow_else_if: bool, context: &str) -> PResult<Branch> {
        let vars_len = self.vars.len();
        let pipe = self.pipeline(context, ItemKind::RightDelim)?;
        let open = Span::new(start, self.items[self.pos - 1].end);
        if context == "range" {
            self.range_depth += 1;
        }
        self.open_blocks.push(open);
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, ended) = match listed {
            Ok(x) => x,
            Err(e) => {
                self.open_blocks.pop();
                return Err(e);
            }
        };
        let mut else_list = Vec::new();
        let result = match ended {
            Ended::End => Ok(()),
            Ended::Else { span, else_if } => {
                if allow_else_if && else_if {
                    // `{{else if b}}` is `{{else}}{{if b}}…{{end}}` sharing the outer `{{end}}`.
                    self.next_non_space(); // the `if`
                    let inner = self.control(span.start, true, "if");
                    match inner {
                        Ok(b) => {
                            else_list.push(Node::If(b));
                            Ok(())
                        }
                        Err(e) => Err(e),
                    }
                } else if else_if {
                    // `{{else if}}` in range/with: Go parses the `if` as the else pipeline's
                    // start and fails on it.
                    let tok = self.next_non_space();
                    Err(self.unexpected(&tok, "input"))
                } else {
                    match self.item_list() {
                        Ok((l, Ended::End)) => {
                            else_list = l;
                            Ok(())
                        }
                        Ok((_, Ended::Else { span, .. })) => {
                            Err(self.err(span, "expected end; found {{else}}"))
                        }
                        Err(e) => Err(e),
                    }
                }
            }
        };
        self.open_blocks.pop();
        self.vars.truncate(vars_len);
        result?;
        Ok(Branch {
            span: open,
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, context: &str) -> PResult<(Item, String)> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::String | ItemKind::RawString => match unquote(&token.val) {
                Some(name) => Ok((token, name)),
                None => Err(self.err(span_of(&token), "invalid syntax")),
            },
            _ => Err(self.unexpected(&token, context)),
        }
    }

    fn template_control(&mut self, start: usize) -> PResult<Node> {
        let context = "template clause";
        let (_, name) = self.template_name(context)?;
        let mut pipe = None;
        let next = self.next_non_space();
        if next.kind != ItemKind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, ItemKind::RightDelim)?);
        }
        Ok(Node::Template {
            span: Span::new(start, self.items[self.pos - 1].end),
            name,
            pipe,
        })
    }

    fn block_control(&mut self, start: usize) -> PResult<Node> {
        let context = "block clause";
        let (_, name) = self.template_name(context)?;
        let pipe = self.pipeline(context, ItemKind::RightDelim)?;
        let open = Span::new(start, self.items[self.pos - 1].end);
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        self.open_blocks.push(open);
        let listed = self.item_list();
        self.open_blocks.pop();
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        let (list, ended) = listed?;
        if let Ended::Else { span, .. } = ended {
            return Err(self.err(span, format!("unexpected {{{{else}}}} in {context}")));
        }
        Ok(Node::Block {
            span: open,
            name,
            pipe,
            list,
        })
    }

    fn pipeline(&mut self, context: &str, end: ItemKind) -> PResult<Pipe> {
        let first = self.peek_non_space();
        let mut pipe = Pipe {
            span: Span::at(first.start),
            decl: Vec::new(),
            is_assign: false,
            cmds: Vec::new(),
        };
        // Declarations: `$x :=`, `$x =`, `$i, $x :=` (range only).
        loop {
            let save = self.pos;
            let v = self.next_non_space();
            if v.kind != ItemKind::Variable {
                self.pos = save;
                break;
            }
            let next = self.peek_non_space();
            match next.kind {
                ItemKind::Assign | ItemKind::Declare => {
                    pipe.is_assign = next.kind == ItemKind::Assign;
                    self.next_non_space();
                    pipe.decl.push((v.val.clone(), Span::new(v.start, v.end)));
                    self.vars.push(v.val.clone());
                }
                ItemKind::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push((v.val.clone(), Span::new(v.start, v.end)));
                    self.vars.push(v.val.clone());
                    if context == "range" && pipe.decl.len() < 2 {
                        let peek = self.peek_non_space();
                        match peek.kind {
                            ItemKind::Variable | ItemKind::RightDelim | ItemKind::RightParen => {
                                continue;
                            }
                            _ => {
                                return Err(self.err(
                                    Span::new(peek.start, peek.end),
                                    "range can only initialize variables",
                                ))
                            }
                        }
                    }
                    return Err(self.err(
                        Span::new(v.start, next.end),
                        format!("too many declarations in {context}"),
                    ));
                }
                _ => self.pos = save,
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            match token.kind {
                k if k == end => {
                    pipe.span.end = pipe
                        .cmds
                        .last()
                        .map_or(pipe.span.start, |c| c.span.end)
                        .max(pipe.span.start);
                    self.check_pipeline(&pipe, context, &token)?;
                    return Ok(pipe);
                }
                ItemKind::Bool
                | ItemKind::CharConstant
                | ItemKind::Complex
                | ItemKind::Dot
                | ItemKind::Field
                | ItemKind::Identifier
                | ItemKind::Number
                | ItemKind::Nil
                | ItemKind::RawString
                | ItemKind::String
                | ItemKind::Variable
                | ItemKind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str, end: &Item) -> PResult<()> {
        if pipe.cmds.is_empty() {
            let span = Span::new(self.action_start.min(end.start), end.end);
            return Err(self.err(span, format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String { .. }
                )
            ) {
                return Err(self.err(
                    c.span,
                    format!("non executable command in pipeline stage {}", i + 1),
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let start = self.peek_non_space().start;
        let mut args = Vec::new();
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                args.push(operand);
            }
            let token = self.next();
            match token.kind {
                ItemKind::Space => continue,
                ItemKind::RightDelim | ItemKind::RightParen => self.backup(),
                ItemKind::Pipe => {}
                _ => return Err(self.unexpected(&token, "operand")),
            }
            break;
        }
        let end = args.last().map_or(start, |a| a.span().end);
        if args.is_empty() {
            return Err(self.err(Span::new(start, end), "empty command"));
        }
        Ok(Command {
            span: Span::new(start, end),
            args,
        })
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != ItemKind::Field {
            return Ok(Some(node));
        }
        let mut fields = Vec::new();
        while self.peek().kind == ItemKind::Field {
            let f = self.next();
            fields.push((f.val[1..].to_string(), Span::new(f.start + 1, f.end)));
        }
        let end = fields.last().map_or(0, |f| f.1.end);
        let span = Span::new(node.span().start, end);
        Ok(Some(match node {
            Arg::Field { names, .. } => {
                let mut names = names;
                names.extend(fields);
                Arg::Field { span, names }
            }
            Arg::Variable {
                name,
                fields: mut own,
                ..
            } => {
                own.extend(fields);
                Arg::Variable {
                    span,
                    name,
                    fields: own,
                }
            }
            Arg::Bool(s, _) | Arg::Number(s) | Arg::Nil(s) | Arg::Dot(s) => {
                let text = self.token_text_at(s);
                return Err(self.err(s, format!("unexpected . after term {}", go_q(&text))));
            }
            Arg::String { span: s, .. } => {
                let text = self.token_text_at(s);
                return Err(self.err(s, format!("unexpected . after term {}", go_q(&text))));
            }
            other => Arg::Chain {
                span,
                base: Box::new(other),
                fields,
            },
        }))
    }

    fn token_text_at(&self, span: Span) -> String {
        self.items
            .iter()
            .find(|i| i.start == span.start && i.end == span.end)
            .map(|i| match i.kind {
                ItemKind::Dot => ".".to_string(),
                _ => i.val.clone(),
            })
            .unwrap_or_default()
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let span = Span::new(token.start, token.end);
        Ok(Some(match token.kind {
            ItemKind::Identifier => {
                if !BUILTINS.contains(&token.val.as_str()) {
                    self.errors.push(ParseError {
                        kind: ErrorKind::UndefinedFunction(token.val.clone()),
                        span,
                        message: format!("function {} not defined", go_q(&token.val)),
                        opened_at: None,
                    });
                }
                Arg::Function {
                    span,
                    name: token.val,
                }
            }
            ItemKind::Dot => Arg::Dot(span),
            ItemKind::Nil => Arg::Nil(span),
            ItemKind::Variable => {
                let name = token.val.clone();
                if !self.vars.contains(&name) {
                    return Err(self.err(span, format!("undefined variable {}", go_q(&name))));
                }
                Arg::Variable {
                    span,
                    name,
                    fields: Vec::new(),
                }
            }
            ItemKind::Field => Arg::Field {
                span,
                names: vec![(
                    token.val[1..].to_string(),
                    Span::new(span.start + 1, span.end),
                )],
            },
            ItemKind::Bool => Arg::Bool(span, token.val == "true"),
            ItemKind::CharConstant => Arg::Number(span),
            ItemKind::Complex | ItemKind::Number => {
                if !valid_number(&token.val) {
                    return Err(
                        self.err(span, format!("illegal number syntax: {}", go_q(&token.val)))
                    );
                }
                Arg::Number(span)
            }
            ItemKind::LeftParen => {
                // `((((…))))` nests by recursion like blocks do: a 4 KB line of parentheses
                // overflowed the stack.
                if self.nesting() >= MAX_TEMPLATE_NESTING {
                    return Err(self.too_deep(span));
                }
                self.paren_depth += 1;
                let pipe = self.pipeline("parenthesized pipeline", ItemKind::RightParen);
                self.paren_depth -= 1;
                let close = self.items[self.pos - 1].end;
                let mut pipe = pipe?;
                pipe.span = Span::new(span.start, close);
                Arg::Pipe(Box::new(pipe))
            }
            ItemKind::String | ItemKind::RawString => match unquote(&token.val) {
                Some(value) => Arg::String { span, value },
                None => return Err(self.err(span, "invalid syntax")),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

enum Parsed {
    Node(Node),
    End(Span),
    Else { span: Span, else_if: bool },
}

/// A token as Go's messages quote it; a long one (a megabyte identifier) is cut to an excerpt.
fn go_q(s: &str) -> String {
    super::lex::go_quote(&crate::limits::excerpt(s))
}

fn span_of(item: &Item) -> Span {
    Span::new(item.start, item.end)
}

/// Whether Go's `strconv` accepts a number token the lexer let through (`-` alone is not).
fn valid_number(text: &str) -> bool {
    let t = text.trim_start_matches(['+', '-']);
    // Complex numbers (`1+2i`) and imaginary parts: check the real part only.
    let t = t.split(['+', '-']).next().unwrap_or(t);
    let t = t.strip_suffix('i').unwrap_or(t);
    let t: String = t.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = lower.strip_prefix(prefix) {
            let mantissa = digits.split('p').next().unwrap_or("");
            return mantissa.chars().any(|c| c.is_digit(radix))
                && mantissa.chars().all(|c| c.is_digit(radix) || c == '.');
        }
    }
    !t.is_empty() && t.chars().any(|c| c.is_ascii_digit()) && t.parse::<f64>().is_ok()
}

/// The value of a Go string literal (interpreted or raw), or `None` when Go's
/// `strconv.Unquote` rejects it.
fn unquote(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('`') {
        return raw.strip_suffix('`').map(str::to_string);
    }
    let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let simple = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            continue;
        }
        let (width, radix) = match e {
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            '0'..='7' => (2, 8),
            _ => return None,
        };
        let mut digits = String::new();
        if radix == 8 {
            digits.push(e);
        }
        for _ in 0..width {
            digits.push(chars.next()?);
        }
        let value = u32::from_str_radix(&digits, radix).ok()?;
        if radix == 8 && value > 255 {
            return None;
        }
        out.push(char::from_u32(value)?);
    }
    Some(out)
}
