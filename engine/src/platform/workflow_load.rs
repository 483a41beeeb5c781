//! Whether the provider loader accepts one workflow file (FORMATS.md §3.3, the loader's
//! `ValidateWorkflow`): a provider naming a workflow that fails here is skipped whole, so
//! none of its resource types resolve. The predicate reads the workflow as the loader's
//! decoder does (a step's `config` that is not a mapping is nil to it); it answers only where
//! the loader certainly rejects, so an unusual shape it does not model never drops a
//! provider the platform would load.

use crate::model::{Step, Workflow, WorkflowShape};
use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};
use crate::text::Span;

use super::step_types::LOAD_TIME_TYPES;

/// The first reason the loader rejects a workflow: where, and the loader's own words.
pub struct WorkflowRejection {
    pub span: Span,
    pub reason: String,
}

/// The first reason the loader rejects a workflow file whose documents are `docs` (as
/// parsed; the loader decodes only the first): decoding it as a flat workflow (top-level
/// `steps`, whatever else the file holds), then the validator's checks in their order.
/// `None` when it passes, or when the file did not parse completely (not judged here).
pub fn file_rejection(docs: &[Document]) -> Option<WorkflowRejection> {
    file_rejection_reusing(docs, None)
}

/// [`file_rejection`], given the flat workflow already read from the first document's root
/// (`Workflow::read` with [`WorkflowShape::Provider`]), when the caller has it: the index
/// builds that model anyway, and reading a long workflow twice cost a tenth of an edit.
/// A model of another shape or holder is not used.
pub fn file_rejection_reusing(
    docs: &[Document],
    flat: Option<&Workflow>,
) -> Option<WorkflowRejection> {
    let Some(doc) = docs.first() else {
        // An empty file (or comments only) decodes to a workflow without steps.
        return Some(reject(Span::default(), NO_STEPS));
    };
    if doc.incomplete {
        return None;
    }
    let Some(root) = doc.root.filter(|r| !unset_value(doc, Some(*r))) else {
        return Some(reject(doc.span, NO_STEPS));
    };
    if !doc.is_mapping(root) {
        return Some(reject(
            doc.node(root).span,
            "failed to parse YAML: the document is not a mapping",
        ));
    }
    let Some(steps) = doc.get(root, "steps") else {
        // No `steps` key: the flat workflow has no step and no key to point at (what
        // `workflow_rejection` would find after reading the whole model). Every file that is
        // no workflow, each Score spec of an index among them, ends here.
        return Some(reject(doc.span, NO_STEPS));
    };
    let items = doc.items(steps);
    let not_a_list = collection_tag(doc, steps) != Some("!!seq") && !unset_value(doc, Some(steps));
    if not_a_list || items.iter().any(|i| !doc.is_mapping(*i)) {
        return Some(reject(
            doc.node(steps).span,
            "failed to parse YAML: `steps` is not a list of mappings",
        ));
    }
    match flat.filter(|wf| wf.shape == WorkflowShape::Provider && wf.holder == root) {
        Some(wf) => workflow_rejection(doc, wf),
        None => workflow_rejection(doc, &Workflow::read(doc, WorkflowShape::Provider, root)),
    }
}

const NO_STEPS: &str = "workflow must have at least one step";

/// The first check of the loader's workflow validator that `wf` (a flat workflow of `doc`)
/// fails, in the validator's order, or `None` when it passes them all.
pub fn workflow_rejection(doc: &Document, wf: &Workflow) -> Option<WorkflowRejection> {
    if wf.steps.is_empty() {
        let span = wf.steps_key.as_ref().map_or(doc.span, |k| k.span);
        return Some(reject(span, NO_STEPS));
    }
    // The loader decodes the whole file before it validates anything.
    wf.steps
        .iter()
        .find_map(|step| decode_rejection(doc, step))
        .or_else(|| wf.steps.iter().find_map(|step| step_rejection(doc, step)))
}

/// The step fields the loader's `Step` type decodes as Go strings: `name`, `type` and the
/// top-level fields the pre-flight check scans. A list or mapping there fails the decoding of
/// the whole file (any scalar decodes, as its text).
fn string_fields() -> impl Iterator<Item = &'static str> {
    ["name", "type"]
        .into_iter()
        .chain(super::fields::STRING_FIELDS.iter().copied())
}
/// Where decoding step `step` into the loader's `Step` type certainly fails, with yaml.v3's
/// complaint: a collection in a string field, or a `config` that is set but not a mapping.
fn decode_rejection(doc: &Document, step: &Step) -> Option<WorkflowRejection> {
    let keys = super::fields::StepKeys::of(doc, step.node);
    for field in string_fields() {
        let Some(node) = keys.get(doc, field) else {
            continue;
        };
        if let Some(tag) = collection_tag(doc, node) {
            return Some(reject(
                doc.node(node).span,
                format!(
                    "failed to parse YAML: cannot unmarshal {tag} into string (step {} `{field}`)",
                    step.index + 1
                ),
            ));
        }
    }
    let config = keys.get(doc, "config")?;
    if doc.is_mapping(config) || unset_value(doc, Some(config)) {
        return None;
    }
    let tag = collection_tag(doc, config).unwrap_or("!!str");
    Some(reject(
        doc.node(config).span,
        format!(
            "failed to parse YAML: cannot unmarshal {tag} into map[string]interface {{}} (step {} `config`)",
            step.index + 1
        ),
    ))
}

/// yaml.v3's tag of a list or mapping (`None` for a scalar or an alias it cannot follow).
fn collection_tag(doc: &Document, node: NodeId) -> Option<&'static str> {
    match &doc.node(doc.resolve(node)).kind {
        NodeKind::Sequence(_) => Some("!!seq"),
        NodeKind::Mapping(_) => Some("!!map"),
        _ => None,
    }
}

fn reject(span: Span, reason: impl Into<String>) -> WorkflowRejection {
    WorkflowRejection {
        span,
        reason: reason.into(),
    }
}

/// The validator's checks of one step, in its order (`validateStep` and the per-type ones).
fn step_rejection(doc: &Document, step: &Step) -> Option<WorkflowRejection> {
    let anchor = step.anchor(doc);
    let name = step.name_text().unwrap_or("");
    let label = format!("step {} ({name})", step.index + 1);
    if unset_value(doc, doc.get(step.node, "name")) {
        return Some(reject(
            anchor,
            format!("step {}: step must have a name", step.index + 1),
        ));
    }
    let Some(ty) = step
        .step_type
        .as_ref()
        .filter(|_| !unset_value(doc, doc.get(step.node, "type")))
    else {
        return Some(reject(anchor, format!("{label}: step must have a type")));
    };
    if !LOAD_TIME_TYPES.contains(&ty.text.as_str()) {
        return Some(reject(
            ty.span,
            format!(
                "{label}: unknown step type '{}' (valid types: {})",
                ty.text,
                LOAD_TIME_TYPES.join(", ")
            ),
        ));
    }
    let Some(config) = step.config else {
        return Some(reject(ty.span, format!("{label}: step must have a config")));
    };
    let value = |key: &str| doc.get(config, key);
    // Go's `v == nil || v == ""` on a decoded config value: absent, null or the empty string.
    let unset = |key: &str| unset_value(doc, value(key));
    let missing = |what: &str| Some(reject(ty.span, format!("{label}: {what}")));
    match ty.text.as_str() {
        "policy" => match value("script") {
            None if value("command").is_some() => missing("policy step requires 'script' in config (found 'command' instead - please rename to 'script')"),
            None => missing("policy step requires 'script' in config"),
            Some(script) if policy_script_loads(doc, script) => None,
            Some(_) => missing("policy step 'script' must be a non-empty string"),
        },
        "terraform" => {
            let top_dir = doc
                .get(step.node, "workingDir")
                .is_some_and(|n| !unset_value(doc, Some(n)));
            if !top_dir && unset("working_dir") {
                missing("terraform step requires 'working_dir' in config or workingDir field")
            } else {
                terraform_operation_rejection(doc, config).and_then(|(_, why)| missing(&why))
            }
        }
        "kubernetes" => {
            if unset("operation") {
                missing("kubernetes step requires 'operation' in config (apply, delete, etc.)")
            } else if unset("manifest") && unset("namespace") {
                missing("kubernetes step requires 'manifest' or 'namespace' in config")
            } else {
                None
            }
        }
        "ansible" if unset("playbook") => {
            missing("ansible step should have 'playbook' in config")
        }
        _ => None,
    }
}

/// The loader's complaint about a terraform step's `config.operation` (`config` is the
/// step's config mapping), with the value it names when there is one: it must be set (Go's
/// nil or `""` is not), and a string must be one of the four operations the validator knows —
/// blank text and `output` included, which the executor would run; any other decoded value
/// (a number, a boolean, a list, a date) passes, because the validator only checks strings.
/// The executor itself reads only the step's top-level `operation`.
pub fn terraform_operation_rejection(
    doc: &Document,
    config: NodeId,
) -> Option<(Option<NodeId>, String)> {
    let operation = doc.get(config, "operation");
    if unset_value(doc, operation) {
        return Some((
            None,
            "terraform step requires 'operation' in config (init, plan, apply, or destroy)".into(),
        ));
    }
    let node = operation?;
    let s = doc.scalar(node)?;
    if !s.decodes_to_go_string() || TERRAFORM_LOAD_OPERATIONS.contains(&s.text.as_str()) {
        return None;
    }
    Some((
        Some(node),
        format!(
            "terraform operation '{}' is invalid (must be: init, plan, apply, or destroy)",
            s.text
        ),
    ))
}

/// The terraform operations the load-time validator accepts in `config.operation`.
pub const TERRAFORM_LOAD_OPERATIONS: &[&str] = &["init", "plan", "apply", "destroy"];

/// Whether the loader accepts a policy step's `config.script` value: Go asserts a `string`,
/// so a number, boolean, null or unquoted date (a `time.Time` to the decoder) fails like the
/// empty text (blank text passes).
pub fn policy_script_loads(doc: &Document, script: NodeId) -> bool {
    doc.scalar(script)
        .is_some_and(|s| s.decodes_to_go_string() && !s.text.is_empty())
}

/// Whether the loader's validator counts a step or `config` field as missing: it decodes to
/// Go's nil or `""` (absent, null, or an empty string). Any other value — blank text, a
/// number, a list, a mapping — is set. The compatibility rules ask this for the load checks.
pub fn unset_value(doc: &Document, node: Option<NodeId>) -> bool {
    let Some(node) = node else { return true };
    match doc.scalar(node) {
        Some(s) => match s.value {
            ScalarValue::Null => true,
            ScalarValue::String => s.text.is_empty(),
            _ => false,
        },
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use std::sync::Arc;

    fn rejection(steps: &str) -> Option<String> {
        let text =
            format!("apiVersion: workflow.dev/v1\nkind: Workflow\nmetadata:\n  name: w\n{steps}");
        file_rejection(&parse(&Arc::from("w.yaml"), &text).documents).map(|r| r.reason)
    }

    #[test]
    fn the_loader_reads_only_top_level_steps_of_the_first_document() {
        assert_eq!(
            rejection("spec:\n  steps:\n    - {name: a, type: policy, config: {script: x}}\n")
                .as_deref(),
            Some(NO_STEPS)
        );
        assert_eq!(
            rejection("steps:\n  - {name: a, type: policy, config: {script: x}}\n---\nsteps: []\n"),
            None
        );
        assert_eq!(
            file_rejection(&parse(&Arc::from("w.yaml"), "# nothing yet\n").documents)
                .map(|r| r.reason)
                .as_deref(),
            Some(NO_STEPS)
        );
        assert!(rejection("steps:\n  - 5\n").is_some());
    }

    /// A file without `steps` is rejected at once, with the verdict (words and span) the
    /// validator gives after reading the whole flat workflow: a Score spec, a spec whose
    /// `steps` come in through a merge key, a mapping of other keys.
    #[test]
    fn a_file_without_steps_gets_the_validators_verdict_without_reading_a_workflow() {
        let texts = [
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: a\ncontainers:\n  c:\n    image: i\n",
            "base: &b\n  steps: []\n<<: *b\n",
            "base: &b\n  steps:\n    - {name: a, type: policy, config: {script: x}}\n<<: *b\n",
            "  # leading comment\nkind: Workflow\n",
        ];
        for text in texts {
            let docs = parse(&Arc::from("w.yaml"), text).documents;
            let doc = &docs[0];
            let root = doc.root.expect("a root");
            let full = workflow_rejection(doc, &Workflow::read(doc, WorkflowShape::Provider, root));
            let verdict = |r: Option<WorkflowRejection>| r.map(|r| (r.span, r.reason));
            assert_eq!(verdict(file_rejection(&docs)), verdict(full), "{text}");
        }
    }

    #[test]
    fn a_valid_workflow_loads() {
        assert_eq!(rejection("steps:\n  - name: a\n    type: policy\n    config:\n      script: \"   \"\n  - name: b\n    type: kubernetes\n    config: {operation: apply, namespace: x}\n"), None);
        // A number is not nil for the kubernetes check (only `script` is asserted a string).
        assert_eq!(rejection("steps:\n  - name: a\n    type: kubernetes\n    config: {operation: 1, manifest: 2}\n"), None);
    }

    #[test]
    fn each_blocking_check_rejects_with_the_loaders_words() {
        let cases = [
            ("steps: []\n", "workflow must have at least one step"),
            ("steps:\n  - name: [a]\n    type: policy\n    config: {script: x}\n", "failed to parse YAML: cannot unmarshal !!seq into string (step 1 `name`)"),
            ("steps:\n  - name: a\n    type: policy\n    config: x\n", "failed to parse YAML: cannot unmarshal !!str into map[string]interface {} (step 1 `config`)"),
            ("steps:\n  - type: policy\n    config: {script: x}\n", "step 1: step must have a name"),
            ("steps:\n  - name: a\n    config: {script: x}\n", "step 1 (a): step must have a type"),
            ("steps:\n  - name: a\n    type: 5\n    config: {}\n", "step 1 (a): unknown step type '5' (valid types: terraform, kubernetes, ansible, policy, gitea-repo, argocd-app)"),
            ("steps:\n  - name: a\n    type: policy\n    config: ~\n", "step 1 (a): step must have a config"),
            ("steps:\n  - name: a\n    type: policy\n    config: {script: 5}\n", "step 1 (a): policy step 'script' must be a non-empty string"),
            ("steps:\n  - name: a\n    type: policy\n    config: {command: x}\n", "step 1 (a): policy step requires 'script' in config (found 'command' instead - please rename to 'script')"),
            ("steps:\n  - name: a\n    type: kubernetes\n    config: {operation: apply, manifest: \"\"}\n", "step 1 (a): kubernetes step requires 'manifest' or 'namespace' in config"),
            ("steps:\n  - name: a\n    type: terraform\n    config: {working_dir: x, operation: up}\n", "step 1 (a): terraform operation 'up' is invalid (must be: init, plan, apply, or destroy)"),
            ("steps:\n  - name: a\n    type: ansible\n    playbook: p.yml\n    config: {}\n", "step 1 (a): ansible step should have 'playbook' in config"),
        ];
        for (steps, expected) in cases {
            assert_eq!(rejection(steps).as_deref(), Some(expected), "{steps}");
        }
    }
}
