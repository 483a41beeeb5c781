use crate::diagnostic::{Related, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use std::collections::HashMap;

pub static DUPLICATE_STEP_NAME: Rule = Rule {
    code: "INN214",
    name: "duplicate-step-name",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "Two steps of one workflow have the same name",
    doc: r#"## What it does
Reports a step whose `name` is already used by an earlier step of the same workflow, with a
related location on the first one. Applies to provider and golden-path workflows and to the
`workflows` of a Score spec.

## Why is this bad?
Step names are how steps are referred to: `dependsOn` lists names, step outputs and statuses
are stored under the step's name, terraform outputs are named after it, and the execution
history shows it. With two steps of the same name, a `dependsOn` cannot say which one it
waits for, the second step's outputs overwrite the first's, and the logs are ambiguous. Only
the golden-path startup validator warns about it; provider workflows are loaded without a
word.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: apply-manifest
    type: policy
    config:
      script: echo cluster
  - name: apply-manifest
    type: policy
    config:
      script: echo network policy
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: apply-cluster
    type: policy
    config:
      script: echo cluster
  - name: apply-network-policy
    type: policy
    config:
      script: echo network policy
```

## Fix safety
There is no automatic fix: a new name has to say what the step does.
"#,
};

pub static LINT: Lint = Lint {
    rule: &DUPLICATE_STEP_NAME,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let workflows = cx.workflows();
    let file = cx.file().clone();
    for wf in workflows.iter() {
        // The first step of each name: comparing every step with all before it was
        // quadratic in a long workflow, on every edit.
        let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(wf.steps.len());
        for (i, step) in wf.steps.iter().enumerate() {
            let Some(name) = &step.name else { continue };
            if name.text.is_empty() {
                continue;
            }
            let first = *first_of.entry(name.text.as_str()).or_insert(i);
            if first == i {
                continue;
            }
            let first = &wf.steps[first];
            let first_span = first.name.as_ref().map(|n| n.span).unwrap_or_default();
            let d = cx.report(
                name.span,
                format!(
                    "step name `{}` is already used by step {} of this workflow; step names must be unique",
                    name.text,
                    first.index + 1
                ),
            );
            d.related.push(Related {
                file: file.clone(),
                span: first_span,
                message: format!("`{}` is first used here", name.text),
            });
            d.help = Some(
                "rename one of the steps: `dependsOn`, outputs and step statuses refer to steps by name"
                    .to_string(),
            );
        }
    }
}
