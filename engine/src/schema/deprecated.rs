//! Deprecated alternatives (`"deprecated": true` on a `oneOf`/`anyOf` branch). The validator
//! accepts them silently, so a small schema-guided walk finds the values that use them.

use super::catalog::compile;
use super::locate::{display_path, Located};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::syntax::{Document, NodeKind};
use jsonschema::Validator;
use serde_json::Value;
use std::sync::Arc;

/// A deprecated branch: where its `oneOf`/`anyOf` holder sits in the schema, and a validator
/// for the branch alone.
pub struct DeprecatedBranch {
    holder: String,
    description: String,
    /// What to say about the form (`x-deprecated-message` in the schema).
    message: Option<String>,
    validator: Validator,
}

/// Finds every deprecated branch of a schema and compiles it with the root's `$defs`.
pub fn collect(root: &Value) -> Vec<DeprecatedBranch> {
    let mut found = Vec::new();
    fn walk(root: &Value, v: &Value, ptr: &str, found: &mut Vec<DeprecatedBranch>) {
        match v {
            Value::Object(map) => {
                for keyword in ["oneOf", "anyOf"] {
                    if let Some(Value::Array(branches)) = map.get(keyword) {
                        for b in branches
                            .iter()
                            .filter(|b| b.get("deprecated") == Some(&Value::Bool(true)))
                        {
                            let mut wrapped = b.clone();
                            if let (Value::Object(w), Some(defs)) =
                                (&mut wrapped, root.get("$defs"))
                            {
                                w.insert("$defs".into(), defs.clone());
                            }
                            if let Ok(validator) = compile(&wrapped) {
                                found.push(DeprecatedBranch {
                                    holder: ptr.to_string(),
                                    description: b
                                        .get("description")
                                        .and_then(Value::as_str)
                                        .unwrap_or("")
                                        .to_string(),
                                    message: b
                                        .get("x-deprecated-message")
                                        .and_then(Value::as_str)
                                        .map(str::to_string),
                                    validator,
                                });
                            }
                        }
                    }
                }
                for (k, sub) in map {
                    walk(
                        root,
                        sub,
                        &format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")),
                        found,
                    );
                }
            }
            Value::Array(items) => {
                for (i, sub) in items.iter().enumerate() {
                    walk(root, sub, &format!("{ptr}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    walk(root, root, "", &mut found);
    found
}

pub struct Walk<'a> {
    pub file: &'a Arc<str>,
    pub doc: &'a Document,
    pub root_schema: &'a Value,
    pub branches: &'a [DeprecatedBranch],
    pub out: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    pub fn run(&mut self, json: &Value, at: Located) {
        if self.branches.is_empty() {
            return;
        }
        self.visit(self.root_schema, "", json, at, "", 0);
    }

    fn visit(
        &mut self,
        schema: &Value,
        ptr: &str,
        json: &Value,
        at: Located,
        inst_ptr: &str,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            if let Some(t) = self.root_schema.pointer(target) {
                self.visit(t, target, json, at, inst_ptr, depth + 1);
            }
        }
        let hits: Vec<(String, Option<String>)> = self
            .branches
            .iter()
            .filter(|b| b.holder == ptr && b.validator.is_valid(json))
            .map(|b| (b.description.clone(), b.message.clone()))
            .collect();
        for (description, message) in hits {
            let span = at
                .key
                .map_or(self.doc.node(at.node).span, |k| self.doc.node(k).span);
            let mut d = Diagnostic::new(
                &rules::DEPRECATED_FORM,
                self.file,
                span,
                format!(
                    "{} uses {}",
                    display_path(inst_ptr),
                    message.as_deref().unwrap_or("a deprecated form")
                ),
            );
            if !description.is_empty() {
                d = d.with_help(description);
            }
            self.out.push(d);
        }
        match json {
            Value::Object(map) => {
                let props = schema.get("properties").and_then(Value::as_object);
                let additional = schema.get("additionalProperties").filter(|a| a.is_object());
                for (k, v) in map {
                    let child_at = match self.doc.get_entry(at.node, k) {
                        Some(e) => Located {
                            node: e.value,
                            key: Some(e.key),
                        },
                        None => continue,
                    };
                    let child_ptr =
                        format!("{inst_ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                    if let Some(sub) = props.and_then(|p| p.get(k)) {
                        let sp = format!(
                            "{ptr}/properties/{}",
                            k.replace('~', "~0").replace('/', "~1")
                        );
                        self.visit(sub, &sp, v, child_at, &child_ptr, depth + 1);
                    } else if let Some(sub) = additional {
                        self.visit(
                            sub,
                            &format!("{ptr}/additionalProperties"),
                            v,
                            child_at,
                            &child_ptr,
                            depth + 1,
                        );
                    }
                }
            }
            Value::Array(items) => {
                if let Some(sub) = schema.get("items").filter(|i| i.is_object()) {
                    let nodes: Vec<_> = match &self.doc.node(self.doc.resolve(at.node)).kind {
                        NodeKind::Sequence(n) => n.clone(),
                        _ => Vec::new(),
                    };
                    for (i, (v, n)) in items.iter().zip(nodes).enumerate() {
                        self.visit(
                            sub,
                            &format!("{ptr}/items"),
                            v,
                            Located { node: n, key: None },
                            &format!("{inst_ptr}/{i}"),
                            depth + 1,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
