//! Walking a JSON schema along a document path: which sub-schemas apply at a path, the keys
//! they allow, the values they name and the documentation they carry. Composition keywords
//! (`$ref`, `allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`) are flattened: completion offers
//! what any alternative accepts.

use super::cursor::Seg;
use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::schema::catalog;
use serde_json::Value;

/// A schema document and the sub-schemas that apply at some path of it.
#[derive(Clone)]
pub struct SchemaAt<'s> {
    root: &'s Value,
    /// Every sub-schema that applies, references followed and compositions flattened.
    pub alternatives: Vec<&'s Value>,
}

/// One key a mapping may have.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyInfo<'s> {
    pub name: &'s str,
    pub description: Option<&'s str>,
    pub shape: Shape,
    /// Keys the value requires (for a snippet of the whole object).
    pub required: Vec<&'s str>,
    pub deprecated: bool,
}

/// The kind of value a key takes, for snippets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Mapping,
    List,
    Scalar,
}

/// The schema of `kind` documents in `dialect`, at `path`.
pub fn schema_at(kind: DocumentKind, dialect: Dialect, path: &[Seg]) -> Option<SchemaAt<'static>> {
    let file = catalog::for_kind(kind, dialect)?;
    let root = &file.compiled().json;
    let mut at = SchemaAt {
        root,
        alternatives: flatten(root, root),
    };
    for seg in path {
        at = at.child(seg);
        if at.alternatives.is_empty() {
            return None;
        }
    }
    Some(at)
}

/// `schema` and everything it composes, with references followed (depth-limited: the schemas
/// are ours, but a cycle must not hang the editor).
fn flatten<'s>(root: &'s Value, schema: &'s Value) -> Vec<&'s Value> {
    let mut out = Vec::new();
    collect(root, schema, &mut out, 0);
    out
}

fn collect<'s>(root: &'s Value, schema: &'s Value, out: &mut Vec<&'s Value>, depth: usize) {
    if depth > 24 || !schema.is_object() || out.iter().any(|s| std::ptr::eq(*s, schema)) {
        return;
    }
    out.push(schema);
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve_ref(root, r))
    {
        collect(root, target, out, depth + 1);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for sub in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect(root, sub, out, depth + 1);
        }
    }
    for keyword in ["then", "else"] {
        if let Some(sub) = schema.get(keyword) {
            collect(root, sub, out, depth + 1);
        }
    }
}

/// `#/$defs/name` (JSON pointer within the same document).
fn resolve_ref<'s>(root: &'s Value, reference: &str) -> Option<&'s Value> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}

impl<'s> SchemaAt<'s> {
    /// The schemas of `seg` below this one.
    pub fn child(&self, seg: &Seg) -> SchemaAt<'s> {
        let mut next = Vec::new();
        for s in &self.alternatives {
            match seg {
                Seg::Key(key) => {
                    if let Some(p) = s.get("properties").and_then(|p| p.get(key.as_str())) {
                        collect(self.root, p, &mut next, 0);
                        continue;
                    }
                    let mut matched = false;
                    for (pattern, p) in s
                        .get("patternProperties")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        if regex::Regex::new(pattern).is_ok_and(|re| re.is_match(key)) {
                            collect(self.root, p, &mut next, 0);
                            matched = true;
                        }
                    }
                    if !matched {
                        if let Some(p) = s.get("additionalProperties").filter(|p| p.is_object()) {
                            collect(self.root, p, &mut next, 0);
                        }
                    }
                }
                Seg::Item => {
                    if let Some(p) = s.get("items") {
                        collect(self.root, p, &mut next, 0);
                    }
                    for p in s
                        .get("prefixItems")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        collect(self.root, p, &mut next, 0);
                    }
                }
            }
        }
        SchemaAt {
            root: self.root,
            alternatives: next,
        }
    }

    /// The first description: the one written where the path leads wins over the one of a
    /// referenced definition.
    pub fn description(&self) -> Option<&'s str> {
        self.alternatives
            .iter()
            .find_map(|s| s.get("description").and_then(Value::as_str))
    }

    pub fn shape(&self) -> Shape {
        shape_of(&self.alternatives)
    }

    pub fn is_deprecated(&self) -> bool {
        self.alternatives
            .iter()
            .take(2)
            .any(|s| s.get("deprecated") == Some(&Value::Bool(true)))
    }

    /// Every key the mappings here allow, first definition wins, in schema order.
    pub fn keys(&self) -> Vec<KeyInfo<'s>> {
        let mut out: Vec<KeyInfo<'s>> = Vec::new();
        for s in &self.alternatives {
            for (name, sub) in s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if sub == &Value::Bool(false) || out.iter().any(|k| k.name == name.as_str()) {
                    continue;
                }
                let at = SchemaAt {
                    root: self.root,
                    alternatives: flatten(self.root, sub),
                };
                out.push(KeyInfo {
                    name: name.as_str(),
                    description: at.description(),
                    shape: at.shape(),
                    required: at.required(),
                    deprecated: at.is_deprecated(),
                });
            }
        }
        out
    }

    /// Keys required by the mapping here (of the first alternative that requires any).
    pub fn required(&self) -> Vec<&'s str> {
        self.alternatives
            .iter()
            .find_map(|s| s.get("required").and_then(Value::as_array))
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Values the schema names here: `enum`, `const`, `examples`, booleans. `(value, whether
    /// it is only an example)`.
    pub fn values(&self) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::new();
        let mut push = |v: &Value, example: bool| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return,
            };
            if !out.iter().any(|(t, _)| *t == text) {
                out.push((text, example));
            }
        };
        for s in &self.alternatives {
            for v in s
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                push(v, false);
            }
            if let Some(v) = s.get("const") {
                push(v, false);
            }
            if s.get("type").and_then(Value::as_str) == Some("boolean") {
                push(&Value::Bool(true), false);
                push(&Value::Bool(false), false);
            }
        }
        for s in &self.alternatives {
            for v in s
                .get("examples")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                push(v, true);
            }
        }
        out
    }
}

fn shape_of(alternatives: &[&Value]) -> Shape {
    let types = |s: &&Value| -> Vec<String> {
        match s.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            _ => {
                if s.get("properties").is_some() || s.get("additionalProperties").is_some() {
                    vec!["object".to_string()]
                } else if s.get("items").is_some() {
                    vec!["array".to_string()]
                } else {
                    Vec::new()
                }
            }
        }
    };
    let all: Vec<String> = alternatives.iter().flat_map(types).collect();
    // A value that may be a scalar is offered as a scalar: a snippet must not force a shape
    // the user did not choose.
    if all.is_empty()
        || all
            .iter()
            .any(|t| matches!(t.as_str(), "string" | "integer" | "number" | "boolean"))
    {
        Shape::Scalar
    } else if all.iter().any(|t| t == "object") {
        Shape::Mapping
    } else {
        Shape::List
    }
}
