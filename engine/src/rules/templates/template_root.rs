use super::rendered::{rendered, Data};
use crate::diagnostic::{Fix, Severity};
use crate::lint::fix::replace_within_scalar;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::text::Span;

pub static TEMPLATE_ROOT: Rule = Rule {
    code: "INN404",
    name: "template-root",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A rendered template reads data the executor does not provide, so it prints `<no value>`",
    doc: r#"## What it does
Checks the first name of every field chain in policy scripts and kubernetes manifests
against the data the executor renders them with:

- `policy` scripts and kubernetes `apply` manifests see only `.parameters` (the workflow
  variables). `.steps`, `.resources`, `.workflow`, `.outputs`, `.metadata`, `.namespace`
  and any other root do not exist.
- kubernetes `delete` manifests are rendered with the step's own `config` map as data, so
  only `config` keys (`.manifest`, `.operation`, …) exist there — `.parameters.x` does not.

Chains inside `{{with}}`/`{{range}}` are followed through what `.` stands for there.

## Why is this bad?
A missing key renders as the literal text `<no value>` without any error: the step runs
with `<no value>` in a shell command or a Kubernetes manifest (`name: <no value>-db`), which
fails later in a confusing way or, worse, acts on the wrong object. Step outputs are not
available to templates at all, whatever the documentation examples suggest.

A warning, not an error: the template renders and the step runs (checked with the platform's
own code); what goes wrong is what the rendered text then does.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: delete-namespace
steps:
  - name: remove-namespace
    type: kubernetes
    config:
      operation: delete
      manifest: |
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{ .parameters.namespace }}
```

## Use instead
Put the value into the step's `config` (or use an operation that renders with
`.parameters`):
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: delete-namespace
steps:
  - name: remove-namespace
    type: policy
    config:
      script: |
        kubectl delete namespace {{ .parameters.namespace }} --ignore-not-found
```

## Fix safety
When a policy script or an `apply` manifest reads a root such as `.namespace`, the fix moves
it under `.parameters` (`.parameters.namespace`), the only data those templates see. It is
unsafe: the workflow may not have that variable, and the value may have been meant to come
from elsewhere. Step outputs and `delete` manifests have no automatic fix: the data has to
come from somewhere else.
"#,
};

pub static LINT: Lint = Lint {
    rule: &TEMPLATE_ROOT,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for r in rendered(cx).iter() {
        if r.template.fatal {
            continue;
        }
        let step = r.step.name_text().unwrap_or("?").to_string();
        for data_ref in r.template.data_refs() {
            let Some(root) = data_ref.name(0) else {
                continue;
            };
            let written = &r.text[data_ref.span.start..data_ref.span.end];
            if super::rendered::is_unparsed_chain(data_ref, written) {
                continue; // reported by non-identifier-field
            }
            let reads_outside_data = match r.data {
                Data::Parameters => root != "parameters",
                Data::StepConfig => !r.config_keys.iter().any(|k| k == root),
            };
            // Most references are fine: the text is mapped to the file only for a finding.
            if !reads_outside_data {
                continue;
            }
            let span = r.span(cx, data_ref.span_of(0));
            match r.data {
                Data::Parameters if root != "parameters" => {
                    let moved = !matches!(root, "steps" | "outputs");
                    let fix = moved.then(|| parameters_fix(cx, span, root)).flatten();
                    let d = cx.report(
                        span,
                        format!(
                            "`{written}` in the {} of step `{step}` reads `.{root}`, but the executor renders it with only `.parameters`: it prints `<no value>`",
                            r.what
                        ),
                    );
                    d.help = Some(match root {
                        "steps" | "outputs" => "step outputs are not available to templates; pass the value through a workflow variable or compute it inside the script".to_string(),
                        _ => format!("workflow variables are under `.parameters`; did you mean `.parameters.{root}`?"),
                    });
                    d.fix = fix.map(Box::new);
                }
                Data::StepConfig if !r.config_keys.iter().any(|k| k == root) => {
                    let keys = r
                        .config_keys
                        .iter()
                        .map(|k| format!("`.{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let d = cx.report(
                        span,
                        format!(
                            "`{written}` in the {} of step `{step}` reads `.{root}`, but delete manifests are rendered with the step's `config` as data (keys {keys}): it prints `<no value>`",
                            r.what
                        ),
                    );
                    d.help = Some(if root == "parameters" {
                        "workflow variables are not available to kubernetes delete manifests; delete with a `policy` step (`kubectl delete … {{ .parameters.x }}`) or write the value into the manifest".to_string()
                    } else {
                        "only the keys of this step's `config` can be read here".to_string()
                    });
                }
                _ => {}
            }
        }
    }
}

/// The "did you mean `.parameters.<root>`" fix: the chain's first name, as written at `span`
/// (with or without its leading dot), moved under `.parameters`.
fn parameters_fix(cx: &LintContext<'_>, span: Span, root: &str) -> Option<Fix> {
    let written = cx.text().get(span.start..span.end)?;
    let meant = if written == root {
        format!("parameters.{root}")
    } else if written.strip_prefix('.') == Some(root) {
        format!(".parameters.{root}")
    } else {
        return None;
    };
    replace_within_scalar(
        cx.file(),
        cx.text(),
        span,
        written,
        &meant,
        format!("read `.parameters.{root}`"),
    )
}
