use super::steps::{runs_in_groups, step_label, workflows};
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static UNREACHABLE_STEP: Rule = Rule {
    code: "INN306",
    name: "unreachable-step",
    group: Group::Graph,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary:
        "A `when: on_failure` or `when: always` step in a workflow that stops at the first failure",
    doc: r#"## What it does
Reports steps with `when: on_failure` (or `failure`) or `when: always` in a workflow whose
steps run one after another (no `parallel: true`, no `parallelGroup`).

## Why is this bad?
Every engine of the platform runs such a workflow sequentially and stops at the first failed
step: the remaining steps are neither run nor marked. A step meant to react to a failure
(notify, roll back, clean up) is therefore never reached after one. Worse, a sequential run
ignores `when` altogether (today's live engine always does, and the documented engine does
for workflows without parallel steps), so an `on_failure` step runs on the *success* path,
when every step before it succeeded. An `always` step likewise runs only when nothing failed
before it. Only inside parallel groups of the documented engine can a step see an earlier
failure.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-queue
steps:
  - name: create-queue
    type: policy
    config:
      script: ./create-queue.sh
  - name: delete-partial-queue
    type: policy
    when: on_failure
    config:
      script: ./delete-queue.sh
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-queue
steps:
  - name: create-queue
    type: policy
    config:
      script: |
        ./create-queue.sh || { ./delete-queue.sh; exit 1; }
```

## Fix safety
No fix: the failure handling has to move into the step that can fail (or into a separate
workflow), which only the author can write.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNREACHABLE_STEP,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for wf in workflows(cx).iter() {
        if runs_in_groups(wf) {
            continue;
        }
        for (position, step) in wf.steps.iter().enumerate() {
            let Some(when) = &step.when else { continue };
            let value = when.text.trim().to_ascii_lowercase();
            let message = match value.as_str() {
                "on_failure" | "failure" => format!(
                    "step {} has `when: {}`, but this workflow runs sequentially: every engine \
                     then ignores `when` and stops at the first failure, so the step is never \
                     reached after a failure and runs whenever every earlier step succeeded",
                    step_label(step),
                    when.text
                ),
                // The first step has no earlier step that could fail.
                "always" if position > 0 => format!(
                    "step {} has `when: {}`, but this workflow runs sequentially and stops at \
                     the first failure, so the step does not run after a failed step, only when \
                     every earlier step succeeded",
                    step_label(step),
                    when.text
                ),
                _ => continue,
            };
            let d = cx.report(when.span, message);
            d.help = Some(
                "handle the failure inside the step that can fail (for example \
                 `command || { cleanup; exit 1; }` in a policy script), or remove `when`"
                    .to_string(),
            );
        }
    }
}
