//! Which strings of a step the platform reads as templates or scans for references
//! (FORMATS.md §2): what the workflow executor renders as a Go template, with which data, and
//! what its pre-flight check scans for `${workflow.*}`. The template rules, the dry run and
//! the editor features take these decisions from here.

use crate::limits::{excerpt, MAX_LABEL_BYTES, MAX_NESTING};
use crate::model::Step;
use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};

/// What a rendered template sees as its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateData {
    /// `{"parameters": <workflow variables>}`.
    Parameters,
    /// The step's own `config` map (kubernetes `delete`): `.parameters` is missing there.
    StepConfig,
}

/// A `config` field the executor renders as a Go template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderedField {
    /// The key under `config`: `script` or `manifest`.
    pub key: &'static str,
    /// How messages name it: `config.script`, `config.manifest`.
    pub label: &'static str,
    /// What it is, in words: "policy script", "kubernetes apply manifest".
    pub what: &'static str,
    pub data: TemplateData,
}

/// The kubernetes operation when a step names none.
pub const KUBERNETES_DEFAULT_OPERATION: &str = "apply";

/// The field the workflow executor renders for a step of `step_type` (with kubernetes
/// operation `operation`): `config.script` of `policy` steps, `config.manifest` of
/// `kubernetes` `apply` (with the parameters) and `delete` (with the step's config). No other
/// step content is ever rendered; the legacy runner renders nothing.
pub fn rendered_field(step_type: &str, operation: &str) -> Option<RenderedField> {
    let (key, label, what, data) = match (step_type, operation) {
        ("policy", _) => (
            "script",
            "config.script",
            "policy script",
            TemplateData::Parameters,
        ),
        ("kubernetes", "apply") => (
            "manifest",
            "config.manifest",
            "kubernetes apply manifest",
            TemplateData::Parameters,
        ),
        ("kubernetes", "delete") => (
            "manifest",
            "config.manifest",
            "kubernetes delete manifest",
            TemplateData::StepConfig,
        ),
        _ => return None,
    };
    Some(RenderedField {
        key,
        label,
        what,
        data,
    })
}

/// The step keys whose every string the pre-flight check scans.
pub const SCANNED_CONTAINERS: &[&str] = &[
    "config",
    "variables",
    "env",
    "setVariables",
    "outputs",
    "dependsOn",
];

/// Top-level step fields the pre-flight check scans.
pub const STRING_FIELDS: &[&str] = &[
    "path",
    "playbook",
    "namespace",
    "resource",
    "outputDir",
    "repo",
    "branch",
    "commitMessage",
    "workspace",
    "repoName",
    "description",
    "owner",
    "appName",
    "repoURL",
    "targetPath",
    "project",
    "syncPolicy",
    "manifestPath",
    "gitBranch",
    "when",
    "if",
    "unless",
    "outputFile",
    "operation",
    "workingDir",
];

/// Condition fields: the only ones where references are substituted.
pub const CONDITION_FIELDS: &[&str] = &["if", "unless"];

pub struct Scanned {
    /// Where it is, for messages: `namespace`, `config.script`, `env.REGION`, `dependsOn[0]`.
    pub field: String,
    pub node: NodeId,
}

impl Scanned {
    /// The top-level step key it sits under.
    pub fn top(&self) -> &str {
        self.field
            .split(['.', '['])
            .next()
            .unwrap_or(self.field.as_str())
    }
}

fn is_string(doc: &Document, node: NodeId) -> bool {
    doc.scalar(node)
        .is_some_and(|s| s.value == ScalarValue::String)
}

/// Every string scalar under `node`, with its path below `label` (see `MAX_LABEL_BYTES`).
/// One label buffer serves the whole walk: each level appends its part and takes it off
/// again, so only a string that is found costs an allocation (a 5,000-line workflow holds
/// thousands of them, and this runs on every edit).
fn strings_under(
    doc: &Document,
    node: NodeId,
    label: &mut String,
    out: &mut Vec<Scanned>,
    depth: usize,
) {
    // Trees are never deeper (the parser's budgets, `crate::limits`); the guard is for trees
    // built otherwise.
    if depth > MAX_NESTING {
        return;
    }
    let node = doc.resolve(node);
    match &doc.node(node).kind {
        NodeKind::Scalar(_) => {
            if is_string(doc, node) {
                out.push(Scanned {
                    field: label.clone(),
                    node,
                });
            }
        }
        NodeKind::Mapping(entries) => {
            for e in entries {
                if doc.is_merge_key(e.key) {
                    for source in doc.merge_sources(e.value) {
                        strings_under(doc, source, label, out, depth + 1);
                    }
                    continue;
                }
                let key = doc.key_text(e.key).unwrap_or("?");
                let kept = label.len();
                push_label_part(label, |l| {
                    l.push('.');
                    l.push_str(&excerpt(key));
                });
                strings_under(doc, e.value, label, out, depth + 1);
                label.truncate(kept);
            }
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                let kept = label.len();
                push_label_part(label, |l| {
                    use std::fmt::Write;
                    let _ = write!(l, "[{i}]");
                });
                strings_under(doc, *item, label, out, depth + 1);
                label.truncate(kept);
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

/// Appends a part to a label in place, as [`crate::limits::extend_label`] would: a label
/// already cut stays as it is, one that would grow past `MAX_LABEL_BYTES` ends in `…`.
fn push_label_part(label: &mut String, part: impl FnOnce(&mut String)) {
    if label.ends_with('…') {
        return;
    }
    let kept = label.len();
    part(label);
    if label.len() > MAX_LABEL_BYTES {
        label.truncate(kept);
        label.push('…');
    }
}

/// The keys of a step mapping, read once: the pre-flight check (and the loader's decoding,
/// `workflow_load`) asks each step for some thirty fields, and looking each up in the tree
/// read every key again.
pub(crate) struct StepKeys<'d> {
    node: NodeId,
    /// The explicit keys with their values, in order.
    explicit: Vec<(&'d str, NodeId)>,
    /// Whether the mapping has merge keys (`<<`): then the tree's own lookup answers.
    merges: bool,
}

impl<'d> StepKeys<'d> {
    pub(crate) fn of(doc: &'d Document, node: NodeId) -> StepKeys<'d> {
        let mut keys = StepKeys {
            node,
            explicit: Vec::new(),
            merges: false,
        };
        for e in doc.entries(node) {
            if doc.is_merge_key(e.key) {
                keys.merges = true;
            } else if let Some(text) = doc.key_text(e.key) {
                keys.explicit.push((text, e.value));
            }
        }
        keys
    }

    /// What `doc.get(node, key)` answers.
    pub(crate) fn get(&self, doc: &Document, key: &str) -> Option<NodeId> {
        if self.merges {
            return doc.get(self.node, key);
        }
        self.explicit
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, value)| value)
    }
}

/// The strings of `step` that the pre-flight check scans, each with where it sits.
pub fn scanned_strings(doc: &Document, step: &Step) -> Vec<Scanned> {
    let mut out = Vec::new();
    let keys = StepKeys::of(doc, step.node);
    for key in SCANNED_CONTAINERS {
        if let Some(value) = keys.get(doc, key) {
            strings_under(doc, value, &mut key.to_string(), &mut out, 0);
        }
    }
    for key in STRING_FIELDS {
        if let Some(value) = keys.get(doc, key) {
            let value = doc.resolve(value);
            if is_string(doc, value) {
                out.push(Scanned {
                    field: key.to_string(),
                    node: value,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A step's keys read once answer every field as the tree's lookup does, with and
    /// without merge keys (where a merged field yields to one written out).
    #[test]
    fn step_keys_answer_as_the_tree_does() {
        let yaml = "defaults: &d\n  namespace: merged\n  repo: from-merge\n\
                    steps:\n  - name: plain\n    type: policy\n    namespace: ns\n    if: x\n\
                    \x20 - <<: *d\n    name: merging\n    namespace: own\n    config: {a: b}\n";
        let parsed = crate::syntax::parse(&Arc::from("w.yaml"), yaml);
        let doc = &parsed.documents[0];
        let steps = doc.get(doc.root.unwrap(), "steps").unwrap();
        let mut merged = 0;
        for &step in doc.items(steps) {
            let keys = StepKeys::of(doc, step);
            merged += usize::from(keys.merges);
            for key in SCANNED_CONTAINERS
                .iter()
                .chain(STRING_FIELDS)
                .chain(&["name", "type", "missing"])
            {
                assert_eq!(keys.get(doc, key), doc.get(step, key), "{key}");
            }
        }
        assert_eq!(merged, 1);
    }

    /// Scanned strings are labelled by their path below the step; a path too long for a
    /// message ends in `…` once, and the strings after it keep their own short labels.
    #[test]
    fn scanned_strings_are_labelled_by_their_path() {
        let long_key = "k".repeat(100);
        let yaml = format!(
            "defaults: &d\n  merged: m\n\
             steps:\n  - name: s\n    type: policy\n    namespace: ns\n\
             \x20   config:\n      <<: *d\n      script: a\n      list: [b, {{inner: c}}]\n\
             \x20     {long_key}:\n        {long_key}:\n          {long_key}:\n            deep: d\n\
             \x20     after: e\n    env:\n      REGION: f\n"
        );
        let parsed = crate::syntax::parse(&Arc::from("w.yaml"), &yaml);
        let doc = &parsed.documents[0];
        let wf = crate::model::Workflow::read(
            doc,
            crate::model::WorkflowShape::Provider,
            doc.root.unwrap(),
        );
        let labels: Vec<String> = scanned_strings(doc, &wf.steps[0])
            .into_iter()
            .map(|s| s.field)
            .collect();
        let cut = format!("config.{long_key}.{long_key}…");
        assert_eq!(
            labels,
            [
                "config.merged",
                "config.script",
                "config.list[0]",
                "config.list[1].inner",
                cut.as_str(),
                "config.after",
                "env.REGION",
                "namespace",
            ]
        );
    }
}
