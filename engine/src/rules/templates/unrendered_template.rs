use super::rendered::{rendered_label, workflows};
use super::scanned::scanned;
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::model::WorkflowShape;
use crate::rules::{Group, Rule};
use crate::template::go::{Node, Template};
use crate::template::ScalarMap;
use crate::text::Span;

pub static UNRENDERED_TEMPLATE: Rule = Rule {
    code: "INN415",
    name: "unrendered-template",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A Go template in a step field the platform does not render",
    doc: r#"## What it does
Reports `{{ … }}` actions in step fields the platform passes on as written: everything but
`config.script` of `policy` steps and `config.manifest` of `kubernetes` `apply`/`delete`
steps in provider and golden-path workflows — for instance `namespace`, `config.namespace`,
terraform `variables`, ansible `playbook`, a manifest of a `get` operation, and every field
of workflows embedded in a Score spec (their legacy runner renders nothing; its policy
scripts are reported by `score-workflows-legacy-runner`).

Fields the executor of the step type does not read at all (such as the `config` of
`gitea-repo` or `argocd-app` steps) are left to `fields-read-elsewhere`.

## Why is this bad?
The text reaches kubectl, terraform, ansible or bash literally: a namespace named
`{{ .parameters.namespace }}` is rejected by Kubernetes, and a shell sees `{{` as text.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
steps:
  - name: create-namespace
    type: kubernetes
    namespace: "{{ .parameters.app_name }}-dev"
    config:
      operation: create-namespace
```

## Use instead
Create it from a rendered field:
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
steps:
  - name: create-namespace
    type: policy
    config:
      script: |
        kubectl create namespace {{ .parameters.app_name }}-dev
```

## Fix safety
There is no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNRENDERED_TEMPLATE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// Step types whose executor reads `config` (FORMATS.md §1.4.1).
const READS_CONFIG: &[&str] = &[
    "policy",
    "kubernetes",
    "terraform",
    "terraform-generate",
    "ansible",
];
/// Fields the running engines ignore (reported elsewhere).
const IGNORED: &[&str] = &[
    "when",
    "if",
    "unless",
    "env",
    "setVariables",
    "outputs",
    "dependsOn",
    "outputFile",
];

/// The first action of `text`, if it holds any.
fn first_action(text: &str) -> Option<Span> {
    let start = text.find("{{")?;
    let t = Template::parse(text);
    let has_action = t.fatal
        || !t.errors.is_empty()
        || t.nodes
            .iter()
            .any(|n| !matches!(n, Node::Text(_) | Node::Comment(_)));
    if !has_action {
        return None;
    }
    let end = text[start..]
        .find("}}")
        .map_or(text.len(), |e| start + e + 2);
    Some(Span::new(start, end))
}

fn check(cx: &mut LintContext<'_>) {
    for wf in workflows(cx).iter() {
        if wf.shape == WorkflowShape::Platform {
            continue;
        }
        let legacy = wf.shape == WorkflowShape::ScoreEmbedded;
        for step in &wf.steps {
            let step_type = step.type_text().unwrap_or("");
            let rendered = if legacy {
                None
            } else {
                rendered_label(cx.doc, step)
            };
            for s in scanned(cx, step).iter() {
                if IGNORED.contains(&s.top()) || rendered == Some(s.field.as_str()) {
                    continue;
                }
                if s.top() == "config" && !READS_CONFIG.contains(&step_type) {
                    continue;
                }
                // Unrendered policy scripts of Score workflows: score-workflows-legacy-runner.
                if legacy && s.field == "config.script" {
                    continue;
                }
                // The tree outlives `cx`: the text is read in place, not copied for every string.
                let doc = cx.doc;
                let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
                    continue;
                };
                let Some(range) = first_action(text) else {
                    continue;
                };
                let Some(map) = ScalarMap::for_node(cx.doc, cx.text(), s.node) else {
                    continue;
                };
                let written = &text[range.start..range.end];
                let step_name = step.name_text().unwrap_or("?");
                let why = if legacy {
                    "Score-embedded workflows run on the legacy runner, which renders no templates"
                        .to_string()
                } else if step_type == "kubernetes" && s.field == "config.manifest" {
                    "kubernetes steps render the manifest only for `apply` and `delete`".to_string()
                } else {
                    "the platform renders templates only in policy scripts and kubernetes manifests"
                        .to_string()
                };
                let d = cx.report(
                    map.span(range),
                    format!(
                        "`{written}` in `{}` of step `{step_name}` is never rendered: {why}, so the step receives the template text",
                        s.field
                    ),
                );
                d.help = Some(
                    "compute the value in a policy script (`config.script` is rendered with `.parameters`), or write it out".to_string(),
                );
            }
        }
    }
}
