//! The engine's answers in the protocol's shapes: byte ranges as lines and columns,
//! structured values as variables.

use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use serde_json::{json, Map, Value};

/// Where lines and columns start (the client says in `initialize`).
#[derive(Clone, Copy)]
pub struct Origin {
    pub line: usize,
    pub column: usize,
}

/// `line`, `column`, `endLine`, `endColumn` of `span` in `src` (columns in UTF-16 units,
/// as VS Code counts them).
pub fn range(src: &SourceFile, span: Span, origin: Origin) -> Map<String, Value> {
    let text = src.text.as_deref().unwrap_or("");
    let index = LineIndex::new(text);
    let start = index.position(text, span.start, ColumnUnit::Utf16);
    let end = index.position(text, span.end, ColumnUnit::Utf16);
    let mut m = Map::new();
    m.insert("line".into(), json!(start.line + origin.line));
    m.insert("column".into(), json!(start.col + origin.column));
    m.insert("endLine".into(), json!(end.line + origin.line));
    m.insert("endColumn".into(), json!(end.col + origin.column));
    m
}

/// The protocol's `source` of a file.
pub fn source(file: &str) -> Value {
    let name = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    json!({ "name": name, "path": file })
}

/// How a value shows in the Variables view, and its JSON type (so a client can tell the
/// string "2" from the number 2).
pub fn shown(v: &Value) -> (String, &'static str) {
    match v {
        Value::String(s) => (s.clone(), "string"),
        Value::Number(n) => (n.to_string(), "number"),
        Value::Bool(b) => (b.to_string(), "boolean"),
        Value::Null => ("null".into(), "null"),
        Value::Array(a) => (format!("[{} items]", a.len()), "array"),
        Value::Object(m) => (format!("{{{} entries}}", m.len()), "object"),
    }
}

/// The children of a value: (name, value), in order.
pub fn children(v: &Value) -> Vec<(String, Value)> {
    match v {
        Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a value expands.
pub fn expands(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}
