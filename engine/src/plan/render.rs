//! Renders a Go template over `{"parameters": <map of strings>}` as far as our parser and this
//! small evaluator allow: text, comments, `{{ .parameters.x }}` / `{{ $.parameters.x }}`,
//! string/number/bool literals, `$v := …`, `if`/`else` on a value or on `eq`/`ne`/`not`, and
//! `range` over a missing key. A missing key prints `<no value>` as Go does; anything else is
//! left as written and the result is marked incomplete.

use crate::template::go::{Arg, Branch, ErrorKind, Node, Pipe, Template};
use std::collections::BTreeMap;

/// A rendered template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// References that printed `<no value>`, as written, each once.
    pub unresolved: Vec<String>,
    /// Whether every action was evaluated (else some are left as written).
    pub complete: bool,
    /// Why the platform would refuse to render it (parse or execution error).
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Str(String),
    Bool(bool),
    Map,
    Missing,
    /// Not evaluated here.
    Unknown,
}

impl Val {
    fn truth(&self) -> Option<bool> {
        match self {
            Val::Str(s) => Some(!s.is_empty()),
            Val::Bool(b) => Some(*b),
            Val::Map => Some(true),
            Val::Missing => Some(false),
            Val::Unknown => None,
        }
    }
}

struct Renderer<'a> {
    source: &'a str,
    params: &'a BTreeMap<String, String>,
    vars: BTreeMap<String, Val>,
    out: Rendered,
}

/// Renders `source` (named `name` in error messages, as the platform names it) with
/// `.parameters` = `params`.
pub fn render(name: &str, source: &str, params: &BTreeMap<String, String>) -> Rendered {
    let template = Template::parse(source);
    if let Some(e) = template.first_error() {
        if e.kind == ErrorKind::TooDeep {
            // Go renders it; our parser stops following it (limits.rs): shown as written.
            return Rendered {
                text: source.to_string(),
                unresolved: Vec::new(),
                complete: false,
                error: None,
            };
        }
        return Rendered {
            text: String::new(),
            unresolved: Vec::new(),
            complete: false,
            error: Some(go_error_text(name, source, e)),
        };
    }
    let mut r = Renderer {
        source,
        params,
        vars: BTreeMap::new(),
        out: Rendered {
            complete: true,
            ..Rendered::default()
        },
    };
    r.list(&template.nodes);
    r.out
}

/// The line (from 1) of byte `at` in `source`.
fn line_of(source: &str, at: usize) -> usize {
    source[..at.min(source.len())].matches('\n').count() + 1
}

/// A parse error as Go's `text/template` words it. Errors found at the end of the text
/// carry the line where the text ends (our span points at the opening action instead, for
/// editors), and an action left open names the line it started on.
fn go_error_text(name: &str, source: &str, e: &crate::template::go::ParseError) -> String {
    let end = line_of(source, source.len());
    match e.message.as_str() {
        "unexpected EOF" => format!("template: {name}:{end}: unexpected EOF"),
        "unclosed action" | "unclosed left paren" => {
            let started = line_of(source, e.span.start);
            let mut text = format!("template: {name}:{end}: {}", e.message);
            if started != end {
                let joint = if e.message.ends_with(" action") {
                    ""
                } else {
                    " in action"
                };
                text.push_str(&format!("{joint} started at {name}:{started}"));
            }
            text
        }
        message => format!(
            "template: {name}:{}: {message}",
            line_of(source, e.span.start)
        ),
    }
}

impl Renderer<'_> {
    fn written(&self, span: crate::text::Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or_default()
    }

    fn list(&mut self, nodes: &[Node]) {
        for node in nodes {
            if self.out.error.is_some() {
                return;
            }
            self.node(node);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(span) => {
                // Trim markers (`{{- ` and ` -}}`) eat the white space next to them.
                let ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
                let mut text = self.written(*span);
                let after = self.source.get(span.end..).unwrap_or_default();
                if after.starts_with("{{-") && after[3..].starts_with(ws) {
                    text = text.trim_end_matches(ws);
                }
                let before = self.source.get(..span.start).unwrap_or_default();
                if before.ends_with("-}}") && before[..before.len() - 3].ends_with(ws) {
                    text = text.trim_start_matches(ws);
                }
                let text = text.to_string();
                self.out.text.push_str(&text);
            }
            Node::Comment(_) | Node::Break(_) | Node::Continue(_) | Node::Define { .. } => {}
            Node::Action { span, pipe } => {
                let value = self.pipe(pipe);
                if !pipe.decl.is_empty() {
                    return; // declarations print nothing
                }
                self.print(value, *span);
            }
            Node::If(b) => self.branch(b),
            Node::With(b) => {
                // `.` changes inside `with`: only the "missing" case is evaluated.
                if self.pipe(&b.pipe) == Val::Missing {
                    self.list(&b.else_list);
                } else {
                    self.incomplete_list(b.span, &b.list);
                }
            }
            Node::Range(b) => match self.pipe(&b.pipe) {
                Val::Missing => self.list(&b.else_list),
                Val::Str(s) => {
                    self.out.error = Some(format!("range can't iterate over {s}"));
                }
                _ => self.incomplete_list(b.span, &b.list),
            },
            Node::Template { span, .. } => {
                let text = self.written(*span).to_string();
                self.out.text.push_str(&text);
                self.out.complete = false;
            }
            Node::Block { span, list, .. } => self.incomplete_list(*span, list),
        }
    }

    fn incomplete_list(&mut self, span: crate::text::Span, list: &[Node]) {
        let text = self.written(span).to_string();
        self.out.text.push_str(&text);
        self.out.complete = false;
        self.list(list);
        self.out.text.push_str("{{end}}");
    }

    fn branch(&mut self, b: &Branch) {
        match self.pipe(&b.pipe).truth() {
            Some(true) => self.list(&b.list),
            Some(false) => self.list(&b.else_list),
            None => self.incomplete_list(b.span, &b.list),
        }
    }

    fn print(&mut self, value: Val, span: crate::text::Span) {
        match value {
            Val::Str(s) => self.out.text.push_str(&s),
            Val::Bool(b) => self.out.text.push_str(if b { "true" } else { "false" }),
            Val::Map => {
                let items: Vec<String> = self
                    .params
                    .iter()
                    .map(|(k, v)| format!("{k}:{v}"))
                    .collect();
                self.out.text.push_str(&format!("map[{}]", items.join(" ")));
            }
            Val::Missing => {
                self.out.text.push_str("<no value>");
                let written = self.written(span).to_string();
                let reference = written
                    .trim_start_matches("{{")
                    .trim_end_matches("}}")
                    .trim_matches(|c: char| c == '-' || c.is_whitespace())
                    .to_string();
                if !self.out.unresolved.contains(&reference) {
                    self.out.unresolved.push(reference);
                }
            }
            Val::Unknown => {
                let written = self.written(span).to_string();
                self.out.text.push_str(&written);
                self.out.complete = false;
            }
        }
    }

    fn pipe(&mut self, pipe: &Pipe) -> Val {
        let value = if pipe.cmds.len() == 1 {
            self.command(&pipe.cmds[0].args)
        } else {
            Val::Unknown
        };
        for (name, _) in &pipe.decl {
            self.vars.insert(name.clone(), value.clone());
        }
        value
    }

    fn command(&mut self, args: &[Arg]) -> Val {
        match args {
            [single] => self.arg(single),
            [Arg::Function { name, .. }, rest @ ..] => {
                let values: Vec<Val> = rest.iter().map(|a| self.arg(a)).collect();
                match (name.as_str(), values.as_slice()) {
                    ("not", [v]) => v.truth().map_or(Val::Unknown, |t| Val::Bool(!t)),
                    ("eq" | "ne", [a, b]) => match (a, b) {
                        (Val::Str(a), Val::Str(b)) => Val::Bool((a == b) == (name == "eq")),
                        // A missing key compares unequal in current Go (FORMATS.md §2.1).
                        (Val::Missing, Val::Str(_)) | (Val::Str(_), Val::Missing) => {
                            Val::Bool(name == "ne")
                        }
                        _ => Val::Unknown,
                    },
                    _ => Val::Unknown,
                }
            }
            _ => Val::Unknown,
        }
    }

    fn arg(&mut self, arg: &Arg) -> Val {
        match arg {
            Arg::Field { names, .. } => self.lookup(names.iter().map(|(n, _)| n.as_str())),
            Arg::Variable { name, fields, .. } if name == "$" => {
                self.lookup(fields.iter().map(|(n, _)| n.as_str()))
            }
            Arg::Variable { name, fields, .. } if fields.is_empty() => {
                self.vars.get(name).cloned().unwrap_or(Val::Unknown)
            }
            Arg::String { value, .. } => Val::Str(value.clone()),
            Arg::Bool(_, b) => Val::Bool(*b),
            Arg::Number(span) => Val::Str(self.written(*span).to_string()),
            Arg::Pipe(p) if p.decl.is_empty() => self.pipe(p),
            _ => Val::Unknown,
        }
    }

    fn lookup<'n>(&mut self, mut names: impl Iterator<Item = &'n str>) -> Val {
        match names.next() {
            None => Val::Unknown, // `.` itself: the whole data
            Some("parameters") => match names.next() {
                None => Val::Map,
                Some(key) => match self.params.get(key) {
                    None => Val::Missing,
                    Some(v) => match names.next() {
                        None => Val::Str(v.clone()),
                        Some(field) => {
                            self.out.error = Some(format!(
                                "executing at <.parameters.{key}.{field}>: can't evaluate field \
                                 {field} in type interface {{}}"
                            ));
                            Val::Unknown
                        }
                    },
                },
            },
            Some(_) => Val::Missing,
        }
    }
}
