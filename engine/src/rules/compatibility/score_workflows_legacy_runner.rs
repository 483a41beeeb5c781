use super::engines::{self, Consumer, StepView};
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static SCORE_WORKFLOWS_LEGACY_RUNNER: Rule = Rule {
    code: "INN513",
    name: "score-workflows-legacy-runner",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "Score-embedded workflows run on the legacy runner, which behaves differently",
    doc: r#"## What it does
Reports parts of a Score spec's `workflows` that the legacy runner treats differently from the
workflow executor used by provider and golden-path workflows:

- `kubernetes` steps ignore `config` (no `manifest`, no `operation`) and deploy a hard-coded
  `nginx:1.25` Deployment and Service named after the application;
- the workflow's `variables` and `outputs` are ignored.

Unsupported step types are reported by `unsupported-step-type`, missing inputs by
`missing-step-config`, conditions and dependencies by `ignored-by-live-engine`, and templates
(the legacy runner renders none, not even in `policy` scripts) by `unrendered-template`.

## Why is this bad?
At deploy the platform runs `workflows:` with `workflow.RunWorkflow`, a separate, older runner
(retries of any workflow use it too). A workflow that looks like a provider workflow therefore
deploys a placeholder nginx instead of the manifest, and values meant to be passed through
`variables` never arrive.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
workflows:
  deploy:
    steps:
      - name: apply-config
        type: kubernetes
        config:
          operation: apply
          manifest: |
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: orders-config
```

## Use instead
Leave the Score spec without `workflows` and do the work in a provider workflow, which the
workflow executor runs with templating and `config.manifest`:

```yaml
# file: score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

```yaml
# file: providers/config-team/workflows/provision-config.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-config
steps:
  - name: apply-config
    type: kubernetes
    config:
      operation: apply
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: "{{ .parameters.app_name }}-config"
```

## Fix safety
No fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &SCORE_WORKFLOWS_LEGACY_RUNNER,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let r = Reader::new(cx.doc);
    for checked in engines::workflows(cx).iter() {
        if checked.consumer != Consumer::ScoreEmbedded {
            continue;
        }
        let title = checked.title();
        for key in ["variables", "outputs"] {
            if let Some(k) = r.key(checked.wf(cx).holder, key) {
                cx.report(
                    k.span,
                    format!(
                        "`{key}` of Score {title} is ignored: the legacy runner that runs Score workflows at deploy has no variables and stores no outputs"
                    ),
                )
                .help = Some(
                    "write the values into the steps themselves, or move the workflow into a provider workflow"
                        .to_string(),
                );
            }
        }
        for step in &checked.wf(cx).steps {
            if step.type_text() != Some("kubernetes") {
                continue;
            }
            let v = StepView::new(cx, step);
            let Some(ty) = &step.step_type else { continue };
            let ns = v.text("namespace").map_or_else(
                || "the namespace named after the application".to_string(),
                |n| format!("namespace `{}`", n.text),
            );
            let ignored = if v.config_value("manifest").is_some() {
                "; `config.manifest` is not applied"
            } else if v.config.is_some() {
                "; `config` is not read"
            } else {
                ""
            };
            cx.report(
                ty.span,
                format!(
                    "a `kubernetes` step of a Score workflow deploys a hard-coded `nginx:1.25` Deployment and Service named after the application in {ns}{ignored}"
                ),
            )
            .help = Some(
                "move the step into a provider workflow, where the workflow executor applies `config.manifest`"
                    .to_string(),
            );
        }
    }
}
