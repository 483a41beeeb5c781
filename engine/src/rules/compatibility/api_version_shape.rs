use super::engines::{self, Consumer};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static API_VERSION_SHAPE: Rule = Rule {
    code: "INN509",
    name: "api-version-shape",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Sometimes,
    summary: "A workflow `apiVersion` that does not match where its steps are",
    doc: r#"## What it does
Compares a workflow's `apiVersion` with its shape: flat workflows (top-level `steps`, read by
providers) conventionally use `innominatus.io/v1alpha1`; spec-shaped workflows (`spec.steps`,
run by golden paths) use `workflow.dev/v1`, the only value the golden-path startup validator
accepts without `Unexpected API version '<v>', expected 'workflow.dev/v1'`.

An apiVersion of the *other* shape is a warning (the file is probably in the wrong shape for
its consumer). Any other value, such as `orchestrator.innominatus.dev/v1` from older
documentation, is reported as information, or as a warning on a workflow that a golden path
uses, mirroring the startup validator.

## Why is this bad?
The runtime never reads `apiVersion`, so the value itself breaks nothing. But the platform
decides where to look for steps from the *consumer*, not from the header: a flat file labelled
`workflow.dev/v1` and used as a golden path runs zero steps, and a spec-shaped file labelled
`innominatus.io/v1alpha1` and used by a provider makes the provider fail to load. A header that
matches the shape makes such mistakes visible to readers and tools.

## Example
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: provision-bucket
steps:
  - name: create
    type: policy
    config:
      script: echo create
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-bucket
steps:
  - name: create
    type: policy
    config:
      script: echo create
```

## Fix safety
The fix replaces the `apiVersion` value. Normalising an unrelated value is safe (no engine reads
it); replacing the other shape's value is unsafe, because moving the steps may be the real fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &API_VERSION_SHAPE,
    kinds: &[
        DocumentKind::ProviderWorkflow,
        DocumentKind::GoldenPathWorkflow,
    ],
    check,
};

const FLAT: &str = "innominatus.io/v1alpha1";

/// Whether a workflow document before this one in the same file has the same `apiVersion`
/// and kind (it carries the finding for both).
fn earlier_document_has_the_same_api_version(cx: &LintContext<'_>, api: &str) -> bool {
    let source = cx.source;
    (0..cx.at.doc).any(|i| {
        let doc = &source.parsed.documents[i];
        source.kinds.get(i) == Some(&cx.kind)
            && !doc.incomplete
            && doc
                .root
                .and_then(|root| Reader::new(doc).string(root, "apiVersion"))
                .is_some_and(|earlier| earlier.text == api)
    })
}
const SPEC: &str = "workflow.dev/v1";

fn check(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let Some(api) = Reader::new(cx.doc).string(root, "apiVersion") else {
        return;
    };
    let consumer = engines::workflows(cx)
        .first()
        .map_or(Consumer::Dormant, |c| c.consumer);
    // misplaced-steps already explains a shape its consumer cannot read.
    if consumer == Consumer::NoSteps {
        return;
    }
    // Once per file: later workflow documents with the same value add nothing new.
    if earlier_document_has_the_same_api_version(cx, &api.text) {
        return;
    }
    let flat = cx.kind == DocumentKind::ProviderWorkflow;
    let (expected, other) = if flat { (FLAT, SPEC) } else { (SPEC, FLAT) };
    if api.text == expected {
        return;
    }
    let (message, severity, applicability) = if api.text == other {
        let message = if flat {
            format!(
                "`apiVersion: {other}` labels a golden-path workflow, but the steps are at the top level (the flat shape providers read); a golden path reads only `spec.steps` and would run no step"
            )
        } else {
            format!(
                "`apiVersion: {other}` labels a provider workflow, but the steps are under `spec.steps` (the golden-path shape); a provider reads only top-level `steps` and would fail to load"
            )
        };
        (message, Severity::Warning, Applicability::Unsafe)
    } else if flat {
        (
            format!(
                "flat workflows (top-level `steps`) conventionally use `apiVersion: {FLAT}`, not `{}`; the platform ignores the value",
                api.text
            ),
            Severity::Info,
            Applicability::Safe,
        )
    } else if engines::referencing_golden_paths(cx).is_empty() {
        (
            format!(
                "spec-shaped workflows (`spec.steps`) conventionally use `apiVersion: {SPEC}`, not `{}`; the golden-path startup validator warns on any other value",
                api.text
            ),
            Severity::Info,
            Applicability::Safe,
        )
    } else {
        (
            format!(
                "the golden-path startup validator warns on `apiVersion: {}` (`Unexpected API version '{}', expected '{SPEC}'`)",
                api.text, api.text
            ),
            Severity::Warning,
            Applicability::Safe,
        )
    };
    let written = &cx.text()[api.span.start..api.span.end];
    let replacement = match written.chars().next() {
        Some(q @ ('"' | '\'')) => format!("{q}{expected}{q}"),
        _ => expected.to_string(),
    };
    let file = cx.file().clone();
    let d = cx.report(api.span, message);
    d.severity = severity;
    d.help = Some(if api.text == other {
        format!(
            "if the file is meant to be a {} workflow, keep the steps where they are and write `apiVersion: {expected}`; otherwise move the steps {}",
            if flat { "provider" } else { "golden-path" },
            if flat { "under `spec.steps`" } else { "to the top level" }
        )
    } else {
        format!("write `apiVersion: {expected}`")
    });
    d.fix = Some(Box::new(Fix {
        applicability,
        suggestion: false,
        message: format!("use `apiVersion: {expected}`"),
        edits: vec![Edit {
            file,
            span: api.span,
            replacement,
        }],
    }));
}
