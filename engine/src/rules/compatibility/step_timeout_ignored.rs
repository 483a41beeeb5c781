use super::engines::{self, StepView};
use crate::diagnostic::{Applicability, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static STEP_TIMEOUT_IGNORED: Rule = Rule {
    code: "INN507",
    name: "step-timeout-ignored",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Safe,
    summary: "`timeout` on a step type that has no timeout",
    doc: r#"## What it does
Reports `timeout` on any step whose type is not `argocd-app`.

## Why is this bad?
The platform has no step timeouts. The only reader of `timeout` is the `argocd-app` step,
which uses it as the number of seconds to wait for the Application to become synced and
healthy. Everywhere else the value is dropped: the workflow executor runs steps without any
deadline (a hanging `kubectl` or script blocks the workflow forever), and neither the
executor's 30-minute default nor `workflowPolicies.maxWorkflowDuration` applies.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: wait-for-ready
    type: policy
    timeout: 600
    config:
      script: kubectl wait --for=condition=Ready cluster/db
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: wait-for-ready
    type: policy
    config:
      script: kubectl wait --for=condition=Ready cluster/db --timeout=600s
```

## Fix safety
The fix deletes the `timeout` line; it is safe because no engine reads the value for this step
type. Bound the work inside the step instead (`kubectl --timeout`, `timeout 600 cmd`).
"#,
};

pub static LINT: Lint = Lint {
    rule: &STEP_TIMEOUT_IGNORED,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for checked in engines::workflows(cx).iter() {
        for step in &checked.wf(cx).steps {
            if step.type_text() == Some("argocd-app") {
                continue;
            }
            let v = StepView::new(cx, step);
            let (Some(key), Some(value)) = (v.key("timeout"), v.field("timeout")) else {
                continue;
            };
            let fix = engines::delete_entry_line(cx, key.span, value.span).map(|edit| Fix {
                applicability: Applicability::Safe,
                suggestion: false,
                message: "remove `timeout`".to_string(),
                edits: vec![edit],
            });
            let ty = step.type_text().unwrap_or("this");
            let d = cx.report(
                key.span.cover(value.span),
                format!(
                    "`timeout: {}` has no effect on a `{ty}` step: the platform has no step timeouts, only `argocd-app` reads `timeout` (as its sync wait)",
                    value.text
                ),
            );
            d.help = Some(
                "bound the work inside the step instead, e.g. `kubectl wait --timeout=600s` or `timeout 600 <command>` in the script"
                    .to_string(),
            );
            d.fix = fix.map(Box::new);
        }
    }
}
