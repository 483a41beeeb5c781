use super::engines::{self, Checked, Consumer, Runner, StepView};
use crate::diagnostic::{Applicability, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::model::{Named, Step};
use crate::platform::workflow_load::terraform_operation_rejection;
use crate::rules::{Group, Rule};

pub static FIELDS_READ_ELSEWHERE: Rule = Rule {
    code: "INN502",
    name: "fields-read-elsewhere",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "Step settings written where the executor of that step type does not read them",
    doc: r#"## What it does
Reports step settings placed where the code running the step never looks:

- `gitea-repo`, `argocd-app` and `git-commit-manifests` steps read **top-level** step fields
  (`repoName`, `owner`, `description`, `private`, `appName`, `repoURL`, `targetPath`,
  `project`, `syncPolicy`, `namespace`, …) and ignore `config` entirely; they also have no
  delete or update code path, so `config.operation: delete` still creates;
- `terraform` steps run by the workflow executor take their operation from the top-level
  `operation` field only (default `apply`), while the provider load-time validator insists on
  `config.operation` (one of `init`, `plan`, `apply`, `destroy`); the legacy runner of Score
  workflows ignores both and always runs `init` and `apply`.

## Why is this bad?
The values are silently dropped. A `gitea-repo` step with `config.repo_name` fails with
`gitea-repo step requires repoName field`; an `argocd-app` step with its settings under
`config` fails with `argocd-app step requires either repoURL or repoName field`; a terraform
step whose `destroy` is only in `config.operation` runs `apply` instead.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-gitea-repo
steps:
  - name: create-repository
    type: gitea-repo
    config:
      repo_name: orders-api
      org_name: acme
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-gitea-repo
steps:
  - name: create-repository
    type: gitea-repo
    repoName: orders-api
    owner: acme
    config: {}
```

## Fix safety
For a terraform operation that is only under `config`, the fix adds the same top-level
`operation`; it is unsafe because it changes what the step does (for example from `apply` to
`destroy`). Moving gitea-repo/argocd-app settings has no fix: top-level fields are never
template-rendered, so `{{ .parameters.x }}` values cannot simply be moved.
"#,
};

pub static LINT: Lint = Lint {
    rule: &FIELDS_READ_ELSEWHERE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// Top-level fields each step type reads, and `config` spellings that mean the same.
fn top_level_fields(step_type: &str) -> &'static [(&'static str, &'static [&'static str])] {
    match step_type {
        "gitea-repo" => &[
            ("repoName", &["repoName", "repo_name", "repo", "name"]),
            ("owner", &["owner", "org_name", "org", "organization"]),
            ("description", &["description"]),
            ("private", &["private"]),
        ],
        "argocd-app" => &[
            ("appName", &["appName", "app_name", "name"]),
            ("repoURL", &["repoURL", "repo_url", "repoUrl"]),
            ("repoName", &["repoName", "repo_name"]),
            ("owner", &["owner", "org_name"]),
            ("namespace", &["namespace"]),
            ("project", &["project"]),
            ("targetPath", &["targetPath", "target_path", "path"]),
            ("syncPolicy", &["syncPolicy", "sync_policy"]),
            ("waitForSync", &["waitForSync", "wait_for_sync"]),
            ("timeout", &["timeout"]),
        ],
        "git-commit-manifests" => &[
            ("repoName", &["repoName", "repo_name"]),
            ("owner", &["owner", "org_name"]),
            ("commitMessage", &["commitMessage", "commit_message"]),
            ("gitBranch", &["gitBranch", "git_branch", "branch"]),
        ],
        _ => &[],
    }
}

fn check(cx: &mut LintContext<'_>) {
    for checked in engines::workflows(cx).iter() {
        if matches!(checked.consumer, Consumer::NoSteps | Consumer::Dormant) {
            continue;
        }
        for step in &checked.wf(cx).steps {
            match step.type_text() {
                Some(t @ ("gitea-repo" | "argocd-app" | "git-commit-manifests")) => {
                    git_step(cx, checked, step, t)
                }
                Some("terraform") => terraform(cx, checked, step),
                _ => {}
            }
        }
    }
}

fn git_step(cx: &mut LintContext<'_>, checked: &Checked, step: &Step, t: &str) {
    // git-commit-manifests exists only in the legacy runner (INN501 reports it elsewhere).
    if t == "git-commit-manifests" && checked.consumer != Consumer::ScoreEmbedded {
        return;
    }
    let v = StepView::new(cx, step);
    let fields = top_level_fields(t);
    // `config` entries that stand for a top-level field the step does not set.
    let mut ignored: Vec<(Named, &str)> = Vec::new();
    let mut other_config: Vec<Named> = Vec::new();
    if let Some(config) = v.config {
        for (key, _) in crate::model::Reader::new(cx.doc).map_entries(config) {
            if key.text == "operation" {
                continue;
            }
            match fields
                .iter()
                .find(|(_, spellings)| spellings.contains(&key.text.as_str()))
            {
                Some((field, _)) if v.text(field).is_none() => ignored.push((key, field)),
                Some(_) => {}
                None => other_config.push(key),
            }
        }
    }
    let missing_required = match t {
        "argocd-app" => v.text("repoURL").is_none() && v.text("repoName").is_none(),
        _ => v.text("repoName").is_none(),
    };
    let failure = match t {
        "gitea-repo" => "`gitea-repo step requires repoName field`",
        "argocd-app" => "`argocd-app step requires either repoURL or repoName field`",
        _ => "`git-commit-manifests step requires repoName field`",
    };
    let required = if t == "argocd-app" {
        "`repoURL` or `repoName`"
    } else {
        "`repoName`"
    };
    if !ignored.is_empty() || (!other_config.is_empty() && missing_required) {
        let anchor = v.config_key_span().unwrap_or_else(|| step.anchor(cx.doc));
        let mut keys: Vec<String> = ignored
            .iter()
            .map(|(k, f)| format!("`config.{}` (the step reads top-level `{f}`)", k.text))
            .collect();
        keys.extend(other_config.iter().map(|k| format!("`config.{}`", k.text)));
        let consequence = if missing_required {
            format!("so the step fails with {failure}")
        } else if keys.len() == 1 {
            "so it has no effect".to_string()
        } else {
            "so they have no effect".to_string()
        };
        let message = format!(
            "`{t}` steps ignore `config`: {} {} never read, {consequence}",
            keys.join(", "),
            if keys.len() == 1 { "is" } else { "are" }
        );
        let templated = ignored.iter().any(|(k, _)| {
            v.config_text(&k.text)
                .is_some_and(|val| val.text.contains("{{") || val.text.contains("${"))
        });
        let mut help = format!(
            "set {} on the step itself, next to `type`",
            fields
                .iter()
                .filter(|(f, _)| ignored.iter().any(|(_, g)| g == f))
                .map(|(f, _)| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if ignored.is_empty() {
            help = format!("set {required} on the step itself, next to `type`");
        }
        if checked.consumer.load_validated() {
            help.push_str(
                "; keep `config: {}` because the provider load-time validator requires the key",
            );
        }
        if templated {
            help.push_str(". Top-level fields are never template-rendered, so `{{ .parameters.x }}` values would be used literally: per-resource values cannot reach this step type; a `policy` step that calls the API can use them");
        }
        let file = cx.file().clone();
        let related: Vec<crate::diagnostic::Related> = ignored
            .iter()
            .map(|(k, f)| crate::diagnostic::Related {
                file: file.clone(),
                span: k.span,
                message: format!("never read; the step reads top-level `{f}`"),
            })
            .collect();
        let d = cx.report(anchor, message);
        d.help = Some(help);
        d.related = related;
    } else if missing_required {
        let anchor = step
            .step_type
            .as_ref()
            .map_or_else(|| step.anchor(cx.doc), |n| n.span);
        let d = cx.report(
            anchor,
            format!(
                "`{t}` step `{}` sets no top-level {required}: it fails with {failure}",
                step.name_text().unwrap_or("?")
            ),
        );
        d.help = Some(format!("add {required} to the step itself, next to `type`"));
    }
    if let Some(op) = v.config_text("operation") {
        if !matches!(op.text.as_str(), "create" | "apply" | "sync") {
            let d = cx.report(
                op.span,
                format!(
                    "`{t}` has no `{}` operation: `config` is ignored and the step runs its only code path, which creates (or reuses) the {}",
                    op.text,
                    if t == "argocd-app" { "Argo CD Application" } else { "repository" }
                ),
            );
            d.help = Some(
                "use a `policy` step that calls the API (or `kubectl delete`) for delete and update workflows"
                    .to_string(),
            );
        }
    }
}

fn terraform(cx: &mut LintContext<'_>, checked: &Checked, step: &Step) {
    let v = StepView::new(cx, step);
    let top = v.text("operation");
    let cfg = v.config_text("operation");
    match checked.consumer.runner() {
        Some(Runner::Legacy) => {
            for op in [&top, &cfg].into_iter().flatten() {
                if op.text != "apply" {
                    cx.report(
                        op.span,
                        format!(
                            "the legacy runner of Score workflows ignores `operation: {}`: it always runs `terraform init` and `terraform apply -auto-approve` in `path`",
                            op.text
                        ),
                    )
                    .help = Some(
                        "move the terraform work into a provider workflow, where the top-level `operation` is honoured"
                            .to_string(),
                    );
                }
            }
        }
        Some(Runner::Executor) => {
            let load = checked.consumer.load_validated();
            match (&top, &cfg) {
                (None, Some(c)) if c.text != "apply" => {
                    let key = step
                        .step_type
                        .as_ref()
                        .and_then(|_| v.key("type"))
                        .map(|k| k.span);
                    let fix = key
                        .and_then(|k| {
                            engines::insert_before_key(cx, k, &format!("operation: {}", c.text))
                        })
                        .map(|edit| Fix {
                            applicability: Applicability::Unsafe,
                            suggestion: false,
                            message: format!("add top-level `operation: {}`", c.text),
                            edits: vec![edit],
                        });
                    let d = cx.report(
                        c.span,
                        format!(
                            "the workflow executor reads the terraform operation only from the top-level `operation` field, so `config.operation: {}` is ignored and the step runs `apply`",
                            c.text
                        ),
                    );
                    d.help = Some(if load {
                        format!("set `operation: {}` on the step as well; keep `config.operation` for the provider load-time validator", c.text)
                    } else {
                        format!("set `operation: {}` on the step itself", c.text)
                    });
                    d.fix = fix.map(Box::new);
                }
                (Some(t), Some(c)) if t.text != c.text && t.text != "output" => {
                    let file = cx.file().clone();
                    let d = cx.report(
                        t.span,
                        format!(
                            "the step runs `{}` (the executor reads the top-level `operation`) while `config.operation` says `{}`",
                            t.text, c.text
                        ),
                    );
                    d.help = Some(
                        "give both fields the same value until the platform reads one place"
                            .to_string(),
                    );
                    d.related.push(crate::diagnostic::Related {
                        file,
                        span: c.span,
                        message: "`config.operation`, read only by the load-time validator"
                            .to_string(),
                    });
                }
                _ => {}
            }
            if let Some(t) = &top {
                if !matches!(
                    t.text.as_str(),
                    "init" | "plan" | "apply" | "destroy" | "output"
                ) {
                    cx.report(
                        t.span,
                        format!(
                            "unsupported terraform operation `{}`: the executor fails with `unsupported terraform operation: {}` (supported: init, plan, apply, destroy, output)",
                            t.text, t.text
                        ),
                    );
                }
            }
            // A step without any `config` is reported by missing-step-config. These are the
            // provider loader's checks: a finding here means the whole provider is skipped,
            // so it blocks loading (and `validate` reports it).
            if let (true, Some(config)) = (load, v.config) {
                if let Some((value, why)) = terraform_operation_rejection(cx.doc, config) {
                    let anchor = value
                        .map(|n| cx.doc.node(n).span)
                        .or_else(|| v.config_key_span())
                        .or_else(|| step.step_type.as_ref().map(|n| n.span))
                        .unwrap_or_else(|| step.anchor(cx.doc));
                    let help = match value {
                        None => format!(
                            "add `operation: {}` under `config` (the executor still reads the top-level field)",
                            top.as_ref().map_or("apply", |t| t.text.as_str())
                        ),
                        Some(_) => "keep a load-time value in `config.operation` (e.g. `apply`) and put the real operation, such as `output`, in the top-level `operation`".to_string(),
                    };
                    let d = cx.report(
                        anchor,
                        format!(
                            "the provider load-time validator rejects this terraform step (`{why}`) and skips the whole provider"
                        ),
                    );
                    d.help = Some(help);
                    d.blocks_loading = true;
                }
            }
        }
        None => {}
    }
}
