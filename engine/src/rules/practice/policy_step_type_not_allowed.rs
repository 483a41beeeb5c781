use super::admin_policy;
use crate::diagnostic::{Related, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static POLICY_STEP_TYPE_NOT_ALLOWED: Rule = Rule {
    code: "INN605",
    name: "policy-step-type-not-allowed",
    group: Group::BestPractice,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A step type that the configured policy does not allow",
    doc: r#"## What it does
Checks every workflow step `type` against the allowed step types of the team policy: the
`[policy] allowed-step-types` list of `.innominatus.toml`, and
`workflowPolicies.allowedStepTypes` of the `admin-config.yaml` that governs the file (the
nearest one in the same or a parent directory). Nothing is reported when neither list is set.

## Why is this bad?
innominatus reads `workflowPolicies.allowedStepTypes` into its configuration but never enforces
it: a provider or golden-path workflow with any step type runs regardless. A platform team that
wrote the policy expects it to hold; the linter is where it can be enforced, before merge.

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
  allowedStepTypes: [policy, kubernetes]
```

```yaml
# file: providers/db/workflows/provision.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-db
steps:
  - name: create
    type: terraform
    workingDir: ./terraform/db
    operation: apply
    config:
      operation: apply
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
  allowedStepTypes: [policy, kubernetes]
```

```yaml
# file: providers/db/workflows/provision.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-db
steps:
  - name: create
    type: policy
    config:
      script: ./scripts/create-db.sh
```

## Fix safety
No fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &POLICY_STEP_TYPE_NOT_ALLOWED,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let workflows = cx.workflows();
    if workflows.iter().all(|w| w.steps.is_empty()) {
        return;
    }
    let team: Vec<String> = cx.ws.policy.allowed_step_types.clone();
    let admin = admin_policy::governing(cx).filter(|a| !a.allowed_step_types.is_empty());
    if team.is_empty() && admin.is_none() {
        return;
    }
    for wf in workflows.iter() {
        for step in &wf.steps {
            let Some(ty) = &step.step_type else { continue };
            if ty.text.trim().is_empty() {
                continue;
            }
            if !team.is_empty() && !team.iter().any(|t| *t == ty.text) {
                cx.report(
                    ty.span,
                    format!(
                        "step type `{}` is not allowed by the team policy (`[policy] allowed-step-types` of .innominatus.toml: {})",
                        ty.text,
                        team.join(", ")
                    ),
                )
                .help = Some(
                    "use an allowed step type, or extend the policy if this type is meant to be allowed"
                        .to_string(),
                );
                continue;
            }
            let Some(admin) = &admin else { continue };
            if admin.allowed_step_types.iter().any(|a| a.text == ty.text) {
                continue;
            }
            let allowed: Vec<&str> = admin
                .allowed_step_types
                .iter()
                .map(|a| a.text.as_str())
                .collect();
            let related = admin.allowed_key.map(|span| Related {
                file: admin.file.clone(),
                span,
                message: "the allowed step types".to_string(),
            });
            let d = cx.report(
                ty.span,
                format!(
                    "step type `{}` is not in `workflowPolicies.allowedStepTypes` of {} ({}); the platform stores this policy but never enforces it",
                    ty.text,
                    admin.file,
                    allowed.join(", ")
                ),
            );
            d.help = Some(
                "use an allowed step type, or add this one to `allowedStepTypes` if it is meant to be allowed"
                    .to_string(),
            );
            d.related.extend(related);
        }
    }
}
