//! What a provider workflow receives when the orchestration engine runs it for a Score
//! resource (FORMATS.md §1.5 A, `orchestration/engine.go:buildWorkflowInputs`): fixed inputs,
//! then every key of the resource configuration. Templates read them as
//! `.parameters.<name>`; the dry run, the template rules, hover and completion all take the
//! names, their meaning and their values from here.

use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};
use std::collections::BTreeMap;

/// One fixed input: its name and what it holds, in words.
pub struct EngineInput {
    pub name: &'static str,
    pub meaning: &'static str,
}

/// The inputs the engine gives every provider workflow, whatever the resource.
pub const ENGINE_INPUTS: &[EngineInput] = &[
    EngineInput {
        name: "app_name",
        meaning: "the application's name (Score `metadata.name`)",
    },
    EngineInput {
        name: "resource_name",
        meaning: "the resource's name in the Score file",
    },
    EngineInput {
        name: "resource_type",
        meaning: "the resource's type",
    },
    EngineInput {
        name: "bucket_name",
        meaning: "`<app>-<resource>`",
    },
    EngineInput {
        name: "namespace",
        meaning: "`<app>-default`",
    },
];

/// Keys the resource configuration always has (`resources/manager.go`): its `type`; its
/// `app_name` repeats the engine input of that name.
pub const CONFIGURATION_KEYS: &[&str] = &["type", "app_name"];

/// Every name a provider workflow can count on, whatever the resource: the engine inputs
/// and the configuration's fixed keys.
pub fn always_present() -> impl Iterator<Item = &'static str> {
    ENGINE_INPUTS
        .iter()
        .map(|i| i.name)
        .chain(CONFIGURATION_KEYS.iter().copied())
}

/// What a fixed input holds, in words (`None` for any other name).
pub fn meaning(name: &str) -> Option<&'static str> {
    ENGINE_INPUTS
        .iter()
        .find(|i| i.name == name)
        .map(|i| i.meaning)
}

/// The inputs of a run for resource `name` of type `resource_type` in application `app`,
/// with the resource's `params` and `properties` (mappings, when present) laid over them in
/// that order — later keys win, as the engine flattens them.
pub fn engine_inputs(
    doc: &Document,
    sections: [Option<NodeId>; 2],
    app: &str,
    name: &str,
    resource_type: &str,
) -> BTreeMap<String, String> {
    let mut inputs = BTreeMap::from([
        ("app_name".to_string(), app.to_string()),
        ("resource_name".to_string(), name.to_string()),
        ("resource_type".to_string(), resource_type.to_string()),
        ("bucket_name".to_string(), format!("{app}-{name}")),
        ("namespace".to_string(), format!("{app}-default")),
        ("type".to_string(), resource_type.to_string()),
    ]);
    for map in sections.into_iter().flatten() {
        let map = doc.resolve(map);
        if !doc.is_mapping(map) {
            continue;
        }
        for entry in doc.entries(map) {
            if doc.is_merge_key(entry.key) {
                continue;
            }
            if let Some(key) = doc.scalar(entry.key) {
                inputs.insert(key.text.as_str().to_owned(), go_format(doc, entry.value));
            }
        }
    }
    inputs
}

/// A YAML value as Go's `%v` prints what yaml.v3 decoded: `map[a:1 b:x]`, `[a b]`, `<nil>`
/// (the engine formats non-string configuration values this way).
pub fn go_format(doc: &Document, id: NodeId) -> String {
    let id = doc.resolve(id);
    match &doc.node(id).kind {
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Null => "<nil>".into(),
            _ => s.text.as_str().to_owned(),
        },
        NodeKind::Mapping(entries) => {
            let mut parts: Vec<(String, String)> = entries
                .iter()
                .map(|e| (go_format(doc, e.key), go_format(doc, e.value)))
                .collect();
            parts.sort();
            let inner: Vec<String> = parts.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("map[{}]", inner.join(" "))
        }
        NodeKind::Sequence(items) => {
            let inner: Vec<String> = items.iter().map(|i| go_format(doc, *i)).collect();
            format!("[{}]", inner.join(" "))
        }
        NodeKind::Alias { .. } => "<nil>".into(),
    }
}
