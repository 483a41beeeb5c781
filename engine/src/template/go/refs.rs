//! Which parts of the template's data a parsed template reads, following what `.` and each
//! variable stand for through `with`, `range`, `define` and `block`.

use super::parse::{Arg, Branch, Node, Pipe, Template};
use crate::text::Span;

/// How a template uses a value it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Printed, compared or passed to a function.
    Value,
    /// Tested for truth: the operand of `if`/`with`, or of `not`/`and`/`or` there.
    Truth,
    /// Iterated by `range`.
    Ranged,
}

/// One access to the template's data: `.parameters.db_name` is `["parameters", "db_name"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataRef {
    /// Names from the root of the data. A name has a span where it is written (names implied
    /// by the current `.`, as inside `{{with .parameters}}`, have none).
    pub path: Vec<(String, Option<Span>)>,
    /// The written expression (`.parameters.db_name`, `$p.x`, `index .parameters "x"`).
    pub span: Span,
    pub usage: Usage,
}

impl DataRef {
    pub fn name(&self, i: usize) -> Option<&str> {
        self.path.get(i).map(|(n, _)| n.as_str())
    }

    /// The span of name `i`, or of the whole expression when the name is implied.
    pub fn span_of(&self, i: usize) -> Span {
        self.path.get(i).and_then(|(_, s)| *s).unwrap_or(self.span)
    }
}

/// What `.` or a variable stands for: a path from the data root, or something unknown.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Path(Vec<(String, Option<Span>)>),
    Unknown,
}

impl Value {
    fn root() -> Value {
        Value::Path(Vec::new())
    }

    fn join(&self, names: &[(String, Span)]) -> Value {
        match self {
            Value::Path(p) => {
                let mut p = p.clone();
                p.extend(names.iter().map(|(n, s)| (n.clone(), Some(*s))));
                Value::Path(p)
            }
            Value::Unknown => Value::Unknown,
        }
    }

    /// The same value, as seen from a place where its names are not written.
    fn implied(&self) -> Value {
        match self {
            Value::Path(p) => Value::Path(p.iter().map(|(n, _)| (n.clone(), None)).collect()),
            Value::Unknown => Value::Unknown,
        }
    }
}

struct Walker {
    vars: Vec<(String, Value)>,
    out: Vec<DataRef>,
}

impl Template {
    /// Every read of the data (`.x`, `$.x`, `index .x "y"`) whose place in the data is known.
    pub fn data_refs(&self) -> Vec<DataRef> {
        let mut w = Walker {
            vars: vec![("$".to_string(), Value::root())],
            out: Vec::new(),
        };
        w.nodes(&self.nodes, &Value::root());
        w.out
    }
}

impl Walker {
    fn nodes(&mut self, nodes: &[Node], dot: &Value) {
        for node in nodes {
            self.node(node, dot);
        }
    }

    fn node(&mut self, node: &Node, dot: &Value) {
        match node {
            Node::Text(_) | Node::Comment(_) | Node::Break(_) | Node::Continue(_) => {}
            Node::Action { pipe, .. } => {
                self.pipe(pipe, dot, Usage::Value);
                self.declare(pipe, dot, false);
            }
            Node::If(b) => self.branch(b, dot, Usage::Truth, |_, d| d.clone()),
            Node::With(b) => self.branch(b, dot, Usage::Truth, |w, d| w.value_of(&b.pipe, d)),
            Node::Range(b) => self.branch(b, dot, Usage::Ranged, |_, _| Value::Unknown),
            Node::Template { pipe, .. } => {
                if let Some(p) = pipe {
                    self.pipe(p, dot, Usage::Value);
                }
            }
            Node::Define { list, .. } => {
                let saved =
                    std::mem::replace(&mut self.vars, vec![("$".to_string(), Value::Unknown)]);
                self.nodes(list, &Value::Unknown);
                self.vars = saved;
            }
            Node::Block { pipe, list, .. } => {
                self.pipe(pipe, dot, Usage::Value);
                let inner = self.value_of(pipe, dot).implied();
                let saved =
                    std::mem::replace(&mut self.vars, vec![("$".to_string(), inner.clone())]);
                self.nodes(list, &inner);
                self.vars = saved;
            }
        }
    }

    fn branch(
        &mut self,
        b: &Branch,
        dot: &Value,
        usage: Usage,
        inner: impl Fn(&Walker, &Value) -> Value,
    ) {
        let depth = self.vars.len();
        self.pipe(&b.pipe, dot, usage);
        let inner_dot = inner(self, dot).implied();
        self.declare(&b.pipe, dot, usage == Usage::Ranged);
        self.nodes(&b.list, &inner_dot);
        self.vars.truncate(depth);
        self.nodes(&b.else_list, dot);
    }

    fn declare(&mut self, pipe: &Pipe, dot: &Value, ranged: bool) {
        if pipe.decl.is_empty() {
            return;
        }
        let value = if ranged {
            Value::Unknown
        } else {
            self.value_of(pipe, dot).implied()
        };
        for (name, _) in &pipe.decl {
            if pipe.is_assign {
                if let Some(v) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    v.1 = value.clone();
                    continue;
                }
            }
            self.vars.push((name.clone(), value.clone()));
        }
    }

    fn var(&self, name: &str) -> Value {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(Value::Unknown, |(_, v)| v.clone())
    }

    /// What a pipeline evaluates to, when it is a plain access to the data.
    fn value_of(&self, pipe: &Pipe, dot: &Value) -> Value {
        let [cmd] = pipe.cmds.as_slice() else {
            return Value::Unknown;
        };
        match cmd.args.as_slice() {
            [arg] => self.value_of_arg(arg, dot),
            [Arg::Function { name, .. }, base, keys @ ..] if name == "index" => {
                match string_keys(keys) {
                    Some(keys) => self.value_of_arg(base, dot).join(&keys),
                    None => Value::Unknown,
                }
            }
            _ => Value::Unknown,
        }
    }

    fn value_of_arg(&self, arg: &Arg, dot: &Value) -> Value {
        match arg {
            Arg::Field { names, .. } => dot.join(names),
            Arg::Variable { name, fields, .. } => self.var(name).join(fields),
            Arg::Dot(_) => dot.clone(),
            Arg::Pipe(p) => self.value_of(p, dot),
            Arg::Chain { base, fields, .. } => self.value_of_arg(base, dot).join(fields),
            _ => Value::Unknown,
        }
    }

    fn emit(&mut self, value: Value, span: Span, usage: Usage) {
        if let Value::Path(path) = value {
            if !path.is_empty() {
                self.out.push(DataRef { path, span, usage });
            }
        }
    }

    fn pipe(&mut self, pipe: &Pipe, dot: &Value, usage: Usage) {
        let single = pipe.cmds.len() == 1;
        for cmd in &pipe.cmds {
            let cmd_usage = if single { usage } else { Usage::Value };
            match cmd.args.as_slice() {
                [Arg::Function { name, .. }, base, keys @ ..]
                    if name == "index" && string_keys(keys).is_some() && is_access(base) =>
                {
                    let keys = string_keys(keys).unwrap_or_default();
                    let value = self.value_of_arg(base, dot).join(&keys);
                    self.emit(value, cmd.span, Usage::Value);
                    match base {
                        Arg::Pipe(p) => self.pipe(p, dot, Usage::Value),
                        Arg::Chain { base: inner, .. } => {
                            if let Arg::Pipe(p) = inner.as_ref() {
                                self.pipe(p, dot, Usage::Value);
                            }
                        }
                        _ => {}
                    }
                }
                [Arg::Function { name, .. }, rest @ ..]
                    if cmd_usage == Usage::Truth
                        && matches!(name.as_str(), "not" | "and" | "or") =>
                {
                    for a in rest {
                        self.arg(a, dot, Usage::Truth);
                    }
                }
                [only] => self.arg(only, dot, cmd_usage),
                args => {
                    for a in args {
                        self.arg(a, dot, Usage::Value);
                    }
                }
            }
        }
    }

    fn arg(&mut self, arg: &Arg, dot: &Value, usage: Usage) {
        match arg {
            Arg::Field { span, .. } | Arg::Variable { span, .. } => {
                let value = self.value_of_arg(arg, dot);
                self.emit(value, *span, usage);
            }
            Arg::Pipe(p) => self.pipe(p, dot, usage),
            Arg::Chain { base, span, .. } => {
                if let Arg::Pipe(p) = base.as_ref() {
                    self.pipe(p, dot, Usage::Value);
                }
                let value = self.value_of_arg(arg, dot);
                self.emit(value, *span, usage);
            }
            _ => {}
        }
    }
}

/// `index X "a" "b"`: the literal keys, when every key is a string literal.
fn string_keys(keys: &[Arg]) -> Option<Vec<(String, Span)>> {
    if keys.is_empty() {
        return None;
    }
    keys.iter()
        .map(|k| match k {
            Arg::String { value, span } => Some((value.clone(), *span)),
            _ => None,
        })
        .collect()
}

fn is_access(arg: &Arg) -> bool {
    matches!(
        arg,
        Arg::Field { .. } | Arg::Variable { .. } | Arg::Dot(_) | Arg::Pipe(_) | Arg::Chain { .. }
    )
}
