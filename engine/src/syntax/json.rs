//! The JSON data model of a document, as the platform's decoder sees it: aliases expanded,
//! merge keys applied (explicit keys win), scalars typed by the YAML 1.2 core schema.

use super::tree::{Document, NodeId, NodeKind, ScalarValue};
use serde_json::{Map, Number, Value};

/// The JSON value of node `id`, or `None` when expanding aliases would exceed `budget` nodes.
pub fn to_json(doc: &Document, id: NodeId, budget: usize) -> Option<Value> {
    let mut remaining = budget;
    convert(doc, id, &mut remaining, 0)
}

fn convert(doc: &Document, id: NodeId, remaining: &mut usize, depth: usize) -> Option<Value> {
    if *remaining == 0 || depth > 256 {
        return None;
    }
    *remaining -= 1;
    let id = doc.resolve(id);
    Some(match &doc.node(id).kind {
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
            let mut out = Vec::with_capacity(items.len());
            for &i in items {
                out.push(convert(doc, i, remaining, depth + 1)?);
            }
            Value::Array(out)
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
                let value = convert(doc, e.value, remaining, depth + 1)?;
                // The first occurrence wins; duplicates are reported by the syntax checks.
                map.entry(key).or_insert(value);
            }
            let merged = if merges { &entries[..] } else { &[] };
            for e in merged.iter().filter(|e| doc.is_merge_key(e.key)) {
                for source in doc.merge_sources(e.value) {
                    if let Value::Object(merged) = convert(doc, source, remaining, depth + 1)? {
                        for (k, v) in merged {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            Value::Object(map)
        }
    })
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
        let v = to_json(doc, doc.root.unwrap(), 1000).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"base": {"x": 1, "y": "2"}, "m": {"x": 3, "y": "2"}, "f": 0.5, "n": null, "t": "yes"})
        );
    }
}
