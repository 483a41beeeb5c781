use super::engines::{self, Runner, StepView};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::platform::workflow_load::unset_value;
use crate::rules::{Group, Rule};

pub static KUBERNETES_STEP_CONFIG: Rule = Rule {
    code: "INN503",
    name: "kubernetes-step-config",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A `kubernetes` step whose operation or `config` the workflow executor cannot run",
    doc: r#"## What it does
Checks `kubernetes` steps of provider and golden-path workflows the way the workflow executor
runs them: the operation (top-level `operation`, else `config.operation`, default `apply`) must
be `apply`, `delete`, `get` or `create-namespace`; `apply` and `delete` need the manifest as one
string in `config.manifest` (`config.manifests` is not read); `get` needs
`config.resource_type`. In provider workflows it also applies the load-time validator's
rules: `config.operation` must be set, and `config` must hold `manifest` or `namespace`.

## Why is this bad?
The executor fails the step with `kubernetes apply step requires 'manifest' in config`,
`kubernetes get step requires 'resource_type' in config` or
`unsupported kubernetes operation: <op>`, after earlier steps already ran. A missing
`config.operation` in a provider workflow is worse: the load-time validator rejects the file
and the server skips the whole provider.

## Example
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: ephemeral-env
spec:
  steps:
    - name: create-namespace
      type: kubernetes
      config:
        operation: apply
        manifests:
          - namespace.yaml
          - quota.yaml
```

## Use instead
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: ephemeral-env
spec:
  steps:
    - name: create-namespace
      type: kubernetes
      config:
        operation: apply
        manifest: |
          apiVersion: v1
          kind: Namespace
          metadata:
            name: preview-{{ .parameters.branch }}
```

## Fix safety
When `config.manifests` holds a single string, the fix renames the key to `manifest`; an
unknown operation close to a supported one is replaced. Both are unsafe: the step then
actually runs.
"#,
};

pub static LINT: Lint = Lint {
    rule: &KUBERNETES_STEP_CONFIG,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

const OPERATIONS: &[&str] = &["apply", "delete", "get", "create-namespace"];

fn check(cx: &mut LintContext<'_>) {
    for checked in engines::workflows(cx).iter() {
        if checked.consumer.runner() != Some(Runner::Executor) {
            continue;
        }
        let load = checked.consumer.load_validated();
        for step in &checked.wf(cx).steps {
            if step.type_text() != Some("kubernetes") {
                continue;
            }
            let v = StepView::new(cx, step);
            let top = v.text("operation");
            let cfg = v.config_text("operation");
            let op = top.as_ref().or(cfg.as_ref());
            let op_text = op.map_or("apply", |o| o.text.as_str());
            let type_span = step
                .step_type
                .as_ref()
                .map_or_else(|| step.anchor(cx.doc), |n| n.span);
            let file = cx.file().clone();
            if let Some(o) = op.filter(|o| !OPERATIONS.contains(&o.text.as_str())) {
                let suggestion = OPERATIONS
                    .iter()
                    .copied()
                    .filter_map(|k| Some((k, crate::schema::within_edits(k, &o.text, 2)?)))
                    .min_by_key(|&(_, d)| d)
                    .map(|(k, _)| k);
                let d = cx.report(
                    o.span,
                    format!(
                        "unsupported kubernetes operation `{}`: the executor fails with `unsupported kubernetes operation: {} (supported: apply, delete, get, create-namespace)`",
                        o.text, o.text
                    ),
                );
                if let Some(s) = suggestion {
                    d.help = Some(format!("did you mean `{s}`?"));
                    d.fix = Some(Box::new(Fix {
                        applicability: Applicability::Unsafe,
                        suggestion: true,
                        message: format!("use operation `{s}`"),
                        edits: vec![Edit {
                            file: file.clone(),
                            span: o.span,
                            replacement: crate::lint::fix::yaml_string(s),
                        }],
                    }));
                } else {
                    d.help = Some(
                        "use `apply` or `delete` with `config.manifest`, `get` with `config.resource_type`, or `create-namespace`"
                            .to_string(),
                    );
                }
            }
            // The load checks count a field as missing as the validator does (Go's nil or
            // `""`): blank text passes there, though the executor may fail on it later.
            if load && unset_value(cx.doc, v.config_value("operation")) {
                let anchor = top
                    .as_ref()
                    .map(|t| t.span)
                    .or_else(|| v.config_key_span())
                    .unwrap_or(type_span);
                let d = cx.report(
                    anchor,
                    "the provider load-time validator requires `config.operation` on kubernetes steps (`kubernetes step requires 'operation' in config`), a top-level `operation` does not count: it rejects this workflow and skips the whole provider".to_string(),
                );
                // The provider load-time validator's check: the provider is not loaded.
                d.blocks_loading = true;
                d.help = Some(format!("add `operation: {op_text}` under `config`"));
            }
            let manifest = v.config_value("manifest");
            let manifest_ok = manifest.is_some_and(|m| {
                crate::model::Reader::new(cx.doc)
                    .scalar(m)
                    .is_some_and(|s| !s.text.trim().is_empty())
            });
            let load_rejects =
                unset_value(cx.doc, manifest) && unset_value(cx.doc, v.config_value("namespace"));
            if load && load_rejects {
                // Reported below with more precision when the operation needs a manifest.
                if !matches!(op_text, "apply" | "delete") {
                    let anchor = v.config_key_span().unwrap_or(type_span);
                    let d = cx.report(
                        anchor,
                        "the provider load-time validator requires `config.manifest` or `config.namespace` on kubernetes steps: it rejects this workflow and skips the whole provider".to_string(),
                    );
                    d.help = Some("add `namespace` under `config`".to_string());
                    // The provider load-time validator's check: the provider is not loaded.
                    d.blocks_loading = true;
                }
            }
            match op_text {
                "apply" | "delete" if !manifest_ok => {
                    let failure =
                        format!("`kubernetes {op_text} step requires 'manifest' in config`");
                    if let Some(key) = v.config_key("manifests") {
                        let value = v.config_value("manifests");
                        let single = value
                            .and_then(|n| crate::model::Reader::new(cx.doc).scalar(n).map(|_| ()));
                        let d = cx.report(
                            key.span,
                            format!(
                                "`config.manifests` is not read: the executor takes one manifest string in `config.manifest`, so this step fails with {failure}"
                            ),
                        );
                        d.help = Some(
                            "write the objects into one `manifest: |` block scalar, separated by `---`; file names are not read either, the manifest text itself is needed"
                                .to_string(),
                        );
                        if single.is_some() && manifest.is_none() {
                            d.fix = Some(Box::new(Fix {
                                applicability: Applicability::Unsafe,
                                suggestion: false,
                                message: "rename `manifests` to `manifest`".to_string(),
                                edits: vec![Edit {
                                    file: file.clone(),
                                    span: key.span,
                                    replacement: "manifest".to_string(),
                                }],
                            }));
                        }
                    } else if let (Some(m), Some(key)) = (manifest, v.config_key("manifest")) {
                        let what = if cx.doc.is_mapping(m) {
                            "a mapping"
                        } else if !cx.doc.items(m).is_empty() {
                            "a list"
                        } else {
                            "empty"
                        };
                        cx.report(
                            key.span,
                            format!(
                                "`config.manifest` is {what}, but the executor needs the manifest as one non-empty string and fails with {failure}"
                            ),
                        )
                        .help = Some(
                            "write the manifest as a block scalar: `manifest: |` followed by the YAML text"
                                .to_string(),
                        );
                    } else {
                        let anchor = v.config_key_span().unwrap_or(type_span);
                        cx.report(
                            anchor,
                            format!(
                                "kubernetes `{op_text}` step `{}` has no `config.manifest`: the executor fails with {failure}",
                                step.name_text().unwrap_or("?")
                            ),
                        )
                        .help = Some(
                            "add the manifest text under `config.manifest: |`".to_string(),
                        );
                    }
                }
                "get" if v.config_text("resource_type").is_none() => {
                    let anchor = v.config_key_span().unwrap_or(type_span);
                    cx.report(
                        anchor,
                        format!(
                            "kubernetes `get` step `{}` has no `config.resource_type`: the executor fails with `kubernetes get step requires 'resource_type' in config`",
                            step.name_text().unwrap_or("?")
                        ),
                    )
                    .help = Some(
                        "add `resource_type` (e.g. `pods`) and optionally `resource_name` under `config`"
                            .to_string(),
                    );
                }
                _ => {}
            }
        }
    }
}
