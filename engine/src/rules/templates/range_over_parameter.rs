use super::rendered::{rendered, Data};
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::go::Usage;

pub static RANGE_OVER_PARAMETER: Rule = Rule {
    code: "INN410",
    name: "range-over-parameter",
    group: Group::Templates,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "`{{ range .parameters.x }}` iterates a workflow variable, which is always a string",
    doc: r#"## What it does
Reports `{{ range … }}` over a single workflow variable (`.parameters.<key>`) in policy
scripts and kubernetes manifests.

## Why is this bad?
Workflow variables are strings: lists and maps given in a resource's `params` arrive
flattened by Go's `%v` (`[a b]`, `map[team:x]`). Ranging over a string is a render error
(`range can't iterate over map[team:x]`) that fails the step; when the key is missing the
body is silently skipped. Either way the loop never iterates as intended.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
steps:
  - name: create-namespace
    type: kubernetes
    config:
      operation: apply
      manifest: |
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{ .parameters.namespace }}
          labels:
          {{- range $key, $value := .parameters.labels }}
            {{ $key }}: {{ $value }}
          {{- end }}
```

## Use instead
Pass each value as its own parameter:
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
steps:
  - name: create-namespace
    type: kubernetes
    config:
      operation: apply
      manifest: |
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{ .parameters.namespace }}
          labels:
            team: {{ .parameters.team }}
```

## Fix safety
There is no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &RANGE_OVER_PARAMETER,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for r in rendered(cx).iter() {
        if r.template.fatal || r.data != Data::Parameters {
            continue;
        }
        let step = r.step.name_text().unwrap_or("?").to_string();
        for data_ref in r.template.data_refs() {
            if data_ref.usage != Usage::Ranged
                || data_ref.name(0) != Some("parameters")
                || data_ref.path.len() < 2
            {
                continue;
            }
            let written = &r.text[data_ref.span.start..data_ref.span.end];
            let key = data_ref.name(1).unwrap_or("?");
            let d = cx.report(
                r.span(cx, data_ref.span),
                format!(
                    "the {} of step `{step}` ranges over `{written}`, but workflow variables are strings: the render fails with `range can't iterate over …` when `{key}` is set, and the loop is skipped when it is not",
                    r.what
                ),
            );
            d.help = Some(
                "pass each value as its own parameter (resource `params` become flat string variables), or split the string in a policy script".to_string(),
            );
        }
    }
}
