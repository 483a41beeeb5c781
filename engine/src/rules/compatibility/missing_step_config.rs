use super::engines::{self, Checked, Consumer, Runner, StepView};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::model::Step;
use crate::platform::workflow_load::{policy_script_loads, unset_value};
use crate::rules::{Group, Rule};
use crate::text::Span;

pub static MISSING_STEP_CONFIG: Rule = Rule {
    code: "INN504",
    name: "missing-step-config",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A step lacks an input its executor or the provider load-time validator requires",
    doc: r#"## What it does
Checks that each step carries what the code running it needs:

- provider workflows: every step has a `config` map (the load-time validator rejects a step
  without one, even for types that ignore it), and `ansible` steps have `config.playbook`;
- `policy`: a non-empty `config.script` string as the platform decodes it: `script: 5`, `true`
  or `~` is no string and fails, `"   "` runs (a `config.command` is not read);
- `terraform` on the workflow executor: `workingDir` or `config.working_dir`; on the legacy
  runner of Score workflows: `path`;
- `ansible`: `config.playbook` or `playbook` (the legacy runner reads only `playbook`);
- `terraform-generate`: `resource` or `config.resource`;
- the top-level `steps` of a golden path's workflow file, as the golden-path start-up
  validator reads them: `terraform` needs `path`, `ansible` `playbook`, `gitea-repo` and
  `git-commit-manifests` `repoName`, `argocd-app` one of `appName`, `repoName`, `repoURL`,
  each as a field of the step itself (not under `config`).

kubernetes, gitea-repo and argocd-app steps have their own rules (`kubernetes-step-config`,
`fields-read-elsewhere`).

## Why is this bad?
The step fails when it is reached, e.g. with `policy step requires 'script' in config` or
`terraform step requires 'workingDir' or 'config.working_dir'`, after the earlier steps already
made their changes. In a provider workflow the load-time validator rejects the file first and
the server skips the whole provider. The start-up validator's refusal is worse: the server
does not start at all (unless run with `--skip-validation`) and the CLI refuses every command.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-test-db
steps:
  - name: create
    type: policy
    config:
      command: ./create-db.sh
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-test-db
steps:
  - name: create
    type: policy
    config:
      script: ./create-db.sh
```

## Fix safety
Renaming `config.command` to `config.script` and adding an empty `config: {}` are offered as
unsafe fixes: the step then runs (or is then accepted) with content the author should check.
"#,
};

pub static LINT: Lint = Lint {
    rule: &MISSING_STEP_CONFIG,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    super::start_up_step_fields::check(cx);
    for checked in engines::workflows(cx).iter() {
        let Some(runner) = checked.consumer.runner() else {
            continue;
        };
        for step in &checked.wf(cx).steps {
            let Some(t) = step.type_text() else { continue };
            // Unknown types are reported by unsupported-step-type.
            if !runner.types().contains(&t) {
                continue;
            }
            check_step(cx, checked, runner, step, t);
        }
    }
}

fn check_step(cx: &mut LintContext<'_>, checked: &Checked, runner: Runner, step: &Step, t: &str) {
    let v = StepView::new(cx, step);
    let name = step.name_text().unwrap_or("?").to_string();
    let type_span = step
        .step_type
        .as_ref()
        .map_or_else(|| step.anchor(cx.doc), |n| n.span);
    let config_anchor = v.config_key_span().unwrap_or(type_span);
    let load = checked.consumer == Consumer::Provider;
    // In a provider workflow these are the load-time validator's checks: they block loading.
    cx.blocks_loading = load;
    let load_note = if load {
        "; in a provider workflow the load-time validator rejects it first and skips the whole provider"
    } else {
        ""
    };
    if load && v.config.is_none() {
        let fix = v
            .key("type")
            .and_then(|k| engines::insert_before_key(cx, k.span, "config: {}"))
            .filter(|_| !v.has("config"))
            .map(|edit| Fix {
                applicability: Applicability::Unsafe,
                suggestion: false,
                message: "add an empty `config: {}`".to_string(),
                edits: vec![edit],
            });
        let anchor = v.key("config").map_or(type_span, |k| k.span);
        let d = cx.report(
            anchor,
            format!(
                "step `{name}` has no `config` map: the provider load-time validator rejects it (`step must have a config`), even for step types that ignore `config`, and skips the whole provider"
            ),
        );
        d.help = Some("add `config: {}` or the step's settings under `config`".to_string());
        d.fix = fix.map(Box::new);
        // Without a config there is nothing more to check inside it; terraform and
        // terraform-generate can still take their inputs from top-level fields.
        if t != "terraform" && t != "terraform-generate" {
            return;
        }
    }
    match t {
        "policy" => {
            let script = v.config_value("script");
            // The platform asserts a Go `string`: a plain `5`, `true`, `~` or an unquoted
            // date decodes to another type and fails; only the empty text does among strings
            // (`"   "` runs). The loader and the executor say it in different words.
            match script {
                Some(node) if policy_script_loads(cx.doc, node) => {}
                Some(_) => {
                    let span = v.config_key("script").map_or(config_anchor, |k| k.span);
                    let failure = if load {
                        "the provider load-time validator rejects it (`policy step 'script' must be a non-empty string`) and skips the whole provider"
                    } else {
                        "the step fails with `policy step requires 'script' in config`"
                    };
                    cx.report(
                        span,
                        format!(
                            "`config.script` of policy step `{name}` must be a non-empty string: {failure}"
                        ),
                    )
                    .help = Some("write the script as a block scalar: `script: |`".to_string());
                }
                None => {
                    if let Some(command) = v.config_key("command") {
                        let file = cx.file().clone();
                        let failure = if load {
                            "the provider load-time validator rejects it with `policy step requires 'script' in config (found 'command' instead - please rename to 'script')`"
                        } else {
                            "the step fails with `policy step requires 'script' in config`"
                        };
                        let d = cx.report(
                            command.span,
                            format!(
                                "policy step `{name}` has `config.command`, but only `config.script` is run: {failure}"
                            ),
                        );
                        d.help = Some("rename `command` to `script`".to_string());
                        d.fix = Some(Box::new(Fix {
                            applicability: Applicability::Unsafe,
                            suggestion: false,
                            message: "rename `command` to `script`".to_string(),
                            edits: vec![Edit {
                                file,
                                span: command.span,
                                replacement: "script".to_string(),
                            }],
                        }));
                    } else {
                        cx.report(
                            config_anchor,
                            format!(
                                "policy step `{name}` has no `config.script`: it fails with `policy step requires 'script' in config`{load_note}"
                            ),
                        )
                        .help = Some(
                            "add the bash script to run under `config.script: |`".to_string(),
                        );
                    }
                }
            }
        }
        "terraform" => match runner {
            Runner::Executor => {
                if v.text("workingDir").is_none() && v.config_text("working_dir").is_none() {
                    let also = if v.text("path").is_some() {
                        " (`path` is read only by the legacy runner of Score workflows)"
                    } else {
                        ""
                    };
                    // The load check counts only Go's nil or `""` as missing: a number or a
                    // date in `config.working_dir` loads, and fails only when the step runs.
                    let load_rejects = load
                        && unset_value(cx.doc, cx.doc.get(step.node, "workingDir"))
                        && unset_value(cx.doc, v.config_value("working_dir"));
                    cx.blocks_loading = load_rejects;
                    let load_note = if load_rejects { load_note } else { "" };
                    cx.report(
                        config_anchor,
                        format!(
                            "terraform step `{name}` has neither `workingDir` nor `config.working_dir`{also}: it fails with `terraform step requires 'workingDir' or 'config.working_dir'`{load_note}"
                        ),
                    )
                    .help = Some(
                        "add `working_dir` under `config` (the directory holding the Terraform module)"
                            .to_string(),
                    );
                }
            }
            Runner::Legacy => {
                if v.text("path").is_none() {
                    let ignored = if v.text("workingDir").is_some()
                        || v.config_text("working_dir").is_some()
                    {
                        " (`workingDir` and `config.working_dir` are read only by the workflow executor)"
                    } else {
                        ""
                    };
                    cx.report(
                        type_span,
                        format!(
                            "terraform step `{name}` has no `path`{ignored}: the legacy runner of Score workflows runs `terraform init` and `apply` in `path` and fails without it"
                        ),
                    )
                    .help = Some(
                        "add `path:` with the directory of the Terraform module".to_string(),
                    );
                }
            }
        },
        "ansible" => {
            let in_config = v.config_text("playbook").is_some();
            let top = v.text("playbook").is_some();
            // The load check counts only Go's nil or `""` as missing; a blank playbook
            // loads and fails only when the executor runs it.
            let load_rejects = load && unset_value(cx.doc, v.config_value("playbook"));
            cx.blocks_loading = load_rejects;
            let (missing, message) = match runner {
                Runner::Legacy => (
                    !top,
                    format!(
                        "ansible step `{name}` has no top-level `playbook`{}: the legacy runner of Score workflows fails without it",
                        if in_config { " (`config.playbook` is not read there)" } else { "" }
                    ),
                ),
                Runner::Executor if load_rejects => (
                    true,
                    format!(
                        "ansible step `{name}` has no `config.playbook`: the provider load-time validator rejects it (`ansible step should have 'playbook' in config`) and skips the whole provider{}",
                        if top { ", although the executor would also accept the top-level `playbook`" } else { "" }
                    ),
                ),
                Runner::Executor => (
                    !in_config && !top,
                    format!(
                        "ansible step `{name}` has neither `config.playbook` nor `playbook`: it fails with `ansible step requires 'playbook' in config`"
                    ),
                ),
            };
            if missing {
                let anchor: Span = if runner == Runner::Legacy {
                    type_span
                } else {
                    config_anchor
                };
                cx.report(anchor, message).help = Some(match runner {
                    Runner::Legacy => {
                        "add `playbook:` (relative to the server's working directory)".to_string()
                    }
                    Runner::Executor => {
                        "add `playbook` under `config` (relative to the server's working directory)"
                            .to_string()
                    }
                });
            }
        }
        "terraform-generate"
            if v.text("resource").is_none() && v.config_text("resource").is_none() =>
        {
            // Found only when the step runs (the load-time validator does not know the type).
            cx.blocks_loading = false;
            cx.report(
                type_span,
                format!(
                    "terraform-generate step `{name}` has no `resource`: it fails with `terraform-generate requires 'resource' field (e.g., 's3', 'postgres')`"
                ),
            )
            .help = Some("add `resource: s3` (only `s3`/`minio-s3-bucket` are implemented)".to_string());
        }
        _ => {}
    }
}
