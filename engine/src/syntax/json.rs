//! The JSON data model of a document, as the platform's decoder sees it: aliases expanded,
//! merge keys applied (explicit keys win), scalars typed by the YAML 1.2 core schema.

use super::tree::{Document, NodeId, NodeKind, Opaque, ScalarValue};
use crate::limits::MAX_NESTING;
use serde_json::{Map, Number, Value};

/// The JSON value of node `id`.
///
/// Total and bounded: the budgets applied when the tree was built (`syntax/budget.rs`) keep
/// what aliases add within `MAX_ALIAS_NODES` nodes and `MAX_ALIAS_BYTES` bytes and the
/// expansion within `MAX_NESTING` levels, so nothing here can blow up; a value the tree does
/// not follow ([`Opaque`]) is an empty value of its type.
pub fn to_json(doc: &Document, id: NodeId) -> Value {
    convert(doc, id, 0)
}

fn convert(doc: &Document, id: NodeId, depth: usize) -> Value {
    let id = match &doc.node(id).kind {
        NodeKind::Alias { target: None, .. } => return unexpanded(doc, id),
        _ => doc.resolve(id),
    };
    // Never reached for a tree from `syntax::parse`: a guard for trees built otherwise.
    if depth > MAX_NESTING + 1 {
        return Value::Null;
    }
    match &doc.node(id).kind {
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Null => Value::Null,
            ScalarValue::Bool(b) => Value::Bool(b),
            ScalarValue::Int(i) => Value::Number(i.into()),
            ScalarValue::Float(f) => Number::from_f64(f)
                .map_or_else(|| Value::String(s.text.as_str().to_owned()), Value::Number),
            ScalarValue::String => Value::String(s.text.as_str().to_owned()),
        },
        NodeKind::Alias { .. } => Value::Null,
        NodeKind::Sequence(items) => {
            Value::Array(items.iter().map(|&i| convert(doc, i, depth + 1)).collect())
        }
        NodeKind::Mapping(entries) => {
            let mut map = Map::with_capacity(entries.len());
            let mut merges = false;
            for e in entries {
                if doc.is_merge_key(e.key) {
                    merges = true;
                    continue;
                }
                let key = key_string(doc, e.key);
                // The first occurrence wins; duplicates are reported by the syntax checks.
                if !map.contains_key(&key) {
                    map.insert(key, convert(doc, e.value, depth + 1));
                }
            }
            let merged = if merges { &entries[..] } else { &[] };
            for e in merged.iter().filter(|e| doc.is_merge_key(e.key)) {
                for source in doc.merge_sources(e.value) {
                    if let Value::Object(merged) = convert(doc, source, depth + 1) {
                        for (k, v) in merged {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            Value::Object(map)
        }
    }
}

/// An alias without a target: null (the decoder's view of an undefined alias, which the
/// parser reports), or, for one cut by a budget, a small value of the type it stands for (an
/// empty collection, a string's excerpt), so that the schema sees the right type.
fn unexpanded(doc: &Document, alias: NodeId) -> Value {
    let Some(Opaque::Alias {
        stands_for: Some(target),
    }) = doc.opaque(alias)
    else {
        return Value::Null;
    };
    match &doc.node(target).kind {
        NodeKind::Mapping(_) => Value::Object(Map::new()),
        NodeKind::Sequence(_) => Value::Array(Vec::new()),
        // Its beginning, for a message that quotes what was found.
        NodeKind::Scalar(s) if s.value == ScalarValue::String => {
            Value::String(crate::limits::excerpt(&s.text).into_owned())
        }
        // Other scalars are a few bytes: their value is the value.
        NodeKind::Scalar(_) => convert(doc, target, 0),
        NodeKind::Alias { .. } => Value::Null,
    }
}

/// A key as the JSON property name the decoder would produce.
pub fn key_string(doc: &Document, key: NodeId) -> String {
    match doc.scalar(key) {
        Some(s) => s.text.as_str().to_owned(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use std::sync::Arc;

    #[test]
    fn merges_aliases_and_types() {
        let text = "base: &b {x: 1, y: \"2\"}\nm:\n  <<: *b\n  x: 3\nf: 0.5\nn: ~\nt: yes\n";
        let parsed = parse(&Arc::from("t.yaml"), text);
        let doc = &parsed.documents[0];
        let v = to_json(doc, doc.root.unwrap());
        assert_eq!(
            v,
            serde_json::json!({"base": {"x": 1, "y": "2"}, "m": {"x": 3, "y": "2"}, "f": 0.5, "n": null, "t": "yes"})
        );
    }
}
