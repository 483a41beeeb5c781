//! The step strings the engine's pre-flight check scans for `${workflow.*}` references
//! (FORMATS.md §2.2, `ExecutionContext.ValidateWorkflowVariables`): every string inside
//! `config` and the step's `variables`, the values of `env` and `setVariables`, the items of
//! `outputs` and `dependsOn`, and a fixed list of top-level string fields.

use crate::limits::{excerpt, extend_label, MAX_NESTING};
use crate::model::Step;
use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};

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
fn strings_under(
    doc: &Document,
    node: NodeId,
    label: String,
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
                out.push(Scanned { field: label, node });
            }
        }
        NodeKind::Mapping(entries) => {
            for e in entries {
                if doc.is_merge_key(e.key) {
                    for source in doc.merge_sources(e.value) {
                        strings_under(doc, source, label.clone(), out, depth + 1);
                    }
                    continue;
                }
                let key = doc.key_text(e.key).unwrap_or("?");
                let label = extend_label(&label, &format!(".{}", excerpt(key)));
                strings_under(doc, e.value, label, out, depth + 1);
            }
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                let label = extend_label(&label, &format!("[{i}]"));
                strings_under(doc, *item, label, out, depth + 1);
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

/// The strings of `step` that the pre-flight check scans.
/// The scanned strings of each step of the document under check, collected once for all
/// reference rules.
struct ScannedByStep(
    std::cell::RefCell<std::collections::HashMap<NodeId, std::rc::Rc<Vec<Scanned>>>>,
);

/// [`scanned_strings`] of `step`, shared between the rules that read them.
pub fn scanned(cx: &crate::lint::LintContext<'_>, step: &Step) -> std::rc::Rc<Vec<Scanned>> {
    let cache = cx.cached(|_| ScannedByStep(Default::default()));
    if let Some(found) = cache.0.borrow().get(&step.node) {
        return found.clone();
    }
    let found = std::rc::Rc::new(scanned_strings(cx.doc, step));
    cache.0.borrow_mut().insert(step.node, found.clone());
    found
}

pub fn scanned_strings(doc: &Document, step: &Step) -> Vec<Scanned> {
    let mut out = Vec::new();
    for key in [
        "config",
        "variables",
        "env",
        "setVariables",
        "outputs",
        "dependsOn",
    ] {
        if let Some(value) = doc.get(step.node, key) {
            strings_under(doc, value, key.to_string(), &mut out, 0);
        }
    }
    for key in STRING_FIELDS {
        if let Some(value) = doc.get(step.node, key) {
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
