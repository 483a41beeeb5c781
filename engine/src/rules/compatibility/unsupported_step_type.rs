use super::engines::{self, Consumer, Runner, EXECUTOR_TYPES, LEGACY_TYPES, LOAD_TIME_TYPES};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static UNSUPPORTED_STEP_TYPE: Rule = Rule {
    code: "INN501",
    name: "unsupported-step-type",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A step `type` that the engine running this workflow cannot execute",
    doc: r#"## What it does
Checks every step `type` against the engine that actually runs the workflow:

- provider workflows are first checked by the provider load-time validator, which accepts only
  `terraform`, `kubernetes`, `ansible`, `policy`, `gitea-repo` and `argocd-app`, and then run by
  the workflow executor;
- golden-path workflows (`spec.steps`) are run by the workflow executor, whose registry knows
  `policy`, `kubernetes`, `terraform`, `terraform-generate`, `ansible`, `gitea-repo`,
  `argocd-app`, `resource-provisioning` and the simulated `security`, `cost-analysis`,
  `tagging`, `database-migration`, `vault-setup`, `monitoring` and `validation`;
- the `workflows` of a Score spec are run by the legacy runner, which knows `terraform`,
  `ansible`, `kubernetes`, `gitea-repo`, `argocd-app`, `git-commit-manifests`, `policy` and
  `dummy`.

## Why is this bad?
The platform keeps four different step-type lists and none of them is checked when you write
the file. A type missing from the load-time list makes the validator reject the workflow, and
the server then skips the *whole provider* (every resource type it offers becomes unknown). A
type missing from the runner's list fails the step at run time with
`unsupported step type: <type>`, after the earlier steps already changed the cluster. Types
such as `git-pr`, `tfe-status`, `workflow` (nested workflows), `kubernetes-delete` or
`notification` appear in documentation but exist in no engine. The golden-path start-up
validator checks the top-level `steps` of each golden path's workflow file against a fifth
list without `policy`; a refused type stops the server from starting and the CLI from running.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: scan
    type: security
    config:
      target: postgres
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
  name: provision-postgres
steps:
  - name: scan
    type: policy
    config:
      script: trivy config --exit-code 1 ./manifests
  - name: create
    type: policy
    config:
      script: echo create
```

## Fix safety
When the type is a near-miss spelling of a supported type (at most two edits), the fix replaces
it; it is unsafe because the author may have meant a different type.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNSUPPORTED_STEP_TYPE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// The step types the golden-path start-up validator accepts (FORMATS.md §3.2.2, rule 12):
/// not `policy`, though the executor runs it.
const START_UP_TYPES: &[&str] = &[
    "terraform",
    "ansible",
    "kubernetes",
    "gitea-repo",
    "argocd-app",
    "git-commit-manifests",
];

/// The golden-path start-up validator reads the top-level `steps` of every golden path's
/// workflow file, whatever shape the file has, and refuses a type outside its list: the
/// server does not start and the CLI refuses to run. Returns the spans it reported.
fn start_up_validator(cx: &mut LintContext<'_>) -> Vec<crate::text::Span> {
    let paths: Vec<String> = engines::referencing_golden_paths(cx)
        .iter()
        .map(|(_, gp, _)| format!("`{}`", gp.name.text))
        .collect();
    let (Some(root), false) = (cx.doc.root, paths.is_empty()) else {
        return Vec::new();
    };
    let Some(steps) = cx.doc.get(root, "steps") else {
        return Vec::new();
    };
    let mut reported = Vec::new();
    for step in cx.doc.items(steps).to_vec() {
        let Some(ty) = cx.doc.get(step, "type") else {
            continue;
        };
        let Some(t) = cx.doc.scalar(ty).map(|s| s.text.to_string()) else {
            continue;
        };
        if START_UP_TYPES.contains(&t.as_str()) {
            continue;
        }
        let span = cx.doc.node(ty).span;
        let d = cx.report(
            span,
            format!(
                "the golden-path start-up validator refuses step type `{t}` in the top-level `steps` of this workflow of golden path {}: it accepts only {} (`field 'step.type' has invalid value`), so the server does not start and the CLI refuses to run",
                paths.join(", "),
                engines::plain(START_UP_TYPES)
            ),
        );
        d.help = Some("use one of the accepted types, or move the steps under `spec.steps` (the validator checks only top-level steps)".to_string());
        d.blocks_loading = true;
        reported.push(span);
    }
    reported
}

fn check(cx: &mut LintContext<'_>) {
    let at_start_up = start_up_validator(cx);
    let providers: Vec<String> = engines::referencing_providers(cx)
        .iter()
        .filter_map(|(p, _)| p.model.name_text().map(|n| format!("`{n}`")))
        .collect();
    // Hundreds of steps may share a few unknown types: each suggestion (by list of known
    // types, by type) is computed once.
    let mut suggested: std::collections::HashMap<(usize, String), Option<usize>> =
        std::collections::HashMap::new();
    for checked in engines::workflows(cx).iter() {
        // The provider loader's validator refuses an unknown type: that blocks loading.
        cx.blocks_loading = checked.consumer.load_validated();
        for step in &checked.wf(cx).steps {
            let Some(ty) = step.step_type.as_ref() else {
                continue;
            };
            let t = ty.text.as_str();
            // One finding per cause: the start-up validator's refusal comes first.
            if t.trim().is_empty() || at_start_up.contains(&ty.span) {
                continue;
            }
            let (message, known): (String, &[&str]) = match checked.consumer {
                Consumer::Provider => {
                    if LOAD_TIME_TYPES.contains(&t) {
                        continue;
                    }
                    let skipped = if providers.is_empty() {
                        "the provider that loads it is skipped entirely".to_string()
                    } else {
                        format!("provider {} is skipped entirely", providers.join(", "))
                    };
                    let message = if EXECUTOR_TYPES.contains(&t) {
                        format!(
                            "step type `{t}` is executable by the workflow executor, but the provider load-time validator only accepts {}: it rejects this workflow and {skipped}",
                            engines::plain(LOAD_TIME_TYPES)
                        )
                    } else {
                        format!(
                            "step type `{t}` exists in no engine: the provider load-time validator only accepts {} (so {skipped}), and the workflow executor would fail with `unsupported step type: {t}`",
                            engines::plain(LOAD_TIME_TYPES)
                        )
                    };
                    (message, LOAD_TIME_TYPES)
                }
                Consumer::GoldenPath | Consumer::ScoreEmbedded => {
                    let runner = checked.consumer.runner().unwrap_or(Runner::Executor);
                    if runner.types().contains(&t) {
                        continue;
                    }
                    let also = match runner {
                        Runner::Legacy if EXECUTOR_TYPES.contains(&t) => {
                            " (only the workflow executor of provider and golden-path workflows has it)"
                        }
                        Runner::Executor if LEGACY_TYPES.contains(&t) => {
                            " (only the legacy runner of Score workflows has it)"
                        }
                        _ => "",
                    };
                    let message = match checked.consumer {
                        Consumer::ScoreEmbedded => format!(
                            "step type `{t}` is not supported by the legacy runner that runs Score workflows at deploy: {} fails at this step with `unsupported step type: {t}`{also}; the legacy runner knows {}",
                            checked.title(),
                            engines::plain(runner.types())
                        ),
                        _ => format!(
                            "step type `{t}` is not supported by the workflow executor that runs golden-path workflows: the run fails at this step with `unsupported step type: {t}`{also}; the executor knows {}",
                            engines::plain(runner.types())
                        ),
                    };
                    (message, runner.types())
                }
                Consumer::Bare => {
                    if EXECUTOR_TYPES.contains(&t) || LEGACY_TYPES.contains(&t) {
                        continue;
                    }
                    (
                        format!(
                            "step type `{t}` exists in no engine: neither the workflow executor nor the legacy runner (retries) can run it"
                        ),
                        EXECUTOR_TYPES,
                    )
                }
                Consumer::NoSteps | Consumer::Dormant => continue,
            };
            let suggestion = suggested
                .entry((known.as_ptr() as usize, t.to_string()))
                .or_insert_with(|| {
                    known
                        .iter()
                        .enumerate()
                        .filter_map(|(i, k)| Some((i, crate::schema::within_edits(k, t, 2)?)))
                        .min_by_key(|&(_, d)| d)
                        .map(|(i, _)| i)
                })
                .map(|i| known[i]);
            let file = cx.file().clone();
            let d = cx.report(ty.span, message);
            match suggestion {
                Some(s) => {
                    d.help = Some(format!("did you mean `{s}`?"));
                    d.fix = Some(Box::new(Fix {
                        applicability: Applicability::Unsafe,
                        suggestion: true,
                        message: format!("use step type `{s}`"),
                        edits: vec![Edit {
                            file,
                            span: ty.span,
                            replacement: crate::lint::fix::yaml_string(s),
                        }],
                    }));
                }
                None => {
                    d.help = Some(match checked.consumer {
                        Consumer::Provider => "use one of the load-time types; a `policy` step running a script can do what the other types do".to_string(),
                        Consumer::ScoreEmbedded => "use a legacy-runner type, or move the work into a provider workflow".to_string(),
                        _ => "use a `policy` step that runs a script for work no built-in type does".to_string(),
                    });
                }
            }
        }
    }
}
