use super::admin_policy;
use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::{Named, ScoreSpec, Workflow};
use crate::rules::{Group, Rule};

pub static POLICY_TOO_MANY_STEPS: Rule = Rule {
    code: "INN606",
    name: "policy-too-many-steps",
    group: Group::BestPractice,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A workflow with more steps than `workflowPolicies.maxStepsPerWorkflow` allows",
    doc: r#"## What it does
Counts the steps of every workflow and compares the count with
`workflowPolicies.maxStepsPerWorkflow` of the `admin-config.yaml` that governs the file (the
nearest one in the same or a parent directory). Nothing is reported when no maximum is set.

## Why is this bad?
innominatus reads `maxStepsPerWorkflow` into its configuration but never enforces it, so a
workflow of any length runs. Long workflows are hard to review, and because the live executor
stops at the first failure without rollback, every extra step is another place to leave
half-done work behind. Split long workflows, or raise the limit deliberately.

## Example
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: ${GITEA_PASSWORD}
argocd:
  url: https://argocd.example.com
  username: innominatus-bot
  password: ${ARGOCD_PASSWORD}
workflowPolicies:
  maxStepsPerWorkflow: 2
```

```yaml
# file: workflows/onboard.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: onboard
spec:
  steps:
    - name: create-namespace
      type: policy
      config:
        script: kubectl create namespace team-a
    - name: create-quota
      type: policy
      config:
        script: kubectl apply -f quota.yaml
    - name: create-repo
      type: policy
      config:
        script: ./create-repo.sh team-a
```

## Use instead
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: ${GITEA_PASSWORD}
argocd:
  url: https://argocd.example.com
  username: innominatus-bot
  password: ${ARGOCD_PASSWORD}
workflowPolicies:
  maxStepsPerWorkflow: 2
```

```yaml
# file: workflows/onboard.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: onboard
spec:
  steps:
    - name: create-namespace
      type: policy
      config:
        script: |
          kubectl create namespace team-a
          kubectl apply -f quota.yaml
    - name: create-repo
      type: policy
      config:
        script: ./create-repo.sh team-a
```

## Fix safety
No fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &POLICY_TOO_MANY_STEPS,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    // The limit first: without one (the usual case) there is nothing to count, and reading
    // a Score spec's workflows means building its whole model again.
    let Some(admin) = admin_policy::governing(cx) else {
        return;
    };
    let Some((max, max_span)) = admin.max_steps else {
        return;
    };
    if max <= 0 {
        return;
    }
    let workflows: Vec<(Option<Named>, Workflow)> = match cx.kind {
        DocumentKind::Score => ScoreSpec::from_document(cx.doc)
            .map(|s| s.workflows.into_iter().map(|(n, w)| (Some(n), w)).collect())
            .unwrap_or_default(),
        kind => Workflow::from_document(cx.doc, kind)
            .into_iter()
            .map(|w| (None, w))
            .collect(),
    };
    for (label, wf) in &workflows {
        let count = wf.steps.len();
        if count as i64 <= max {
            continue;
        }
        let Some(key) = &wf.steps_key else { continue };
        let who = label.as_ref().map_or_else(
            || "this workflow".to_string(),
            |l| format!("workflow `{}`", l.text),
        );
        let d = cx.report(
            key.span,
            format!(
                "{who} has {count} steps, more than `workflowPolicies.maxStepsPerWorkflow: {max}` of {} allows; the platform stores this policy but never enforces it",
                admin.file
            ),
        );
        d.help = Some(
            "split the workflow, merge small steps into one script, or raise the limit deliberately"
                .to_string(),
        );
        d.related.push(Related {
            file: admin.file.clone(),
            span: max_span,
            message: format!("`maxStepsPerWorkflow: {max}`"),
        });
    }
}
