use super::rendered::rendered;
use super::template_parse_error::runtime_error;
use crate::diagnostic::Severity;
use crate::lint::fix::replace_within_scalar;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::template::go::{ErrorKind, BUILTINS};

pub static UNKNOWN_TEMPLATE_FUNCTION: Rule = Rule {
    code: "INN402",
    name: "unknown-template-function",
    group: Group::Templates,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A rendered template calls a function that Go's text/template does not have",
    doc: r#"## What it does
Reports every function called in a policy script or kubernetes manifest that is not one of
Go's `text/template` builtins: `and`, `or`, `not`, `len`, `index`, `slice`, `print`,
`printf`, `println`, `html`, `js`, `urlquery`, `call`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`.

## Why is this bad?
The executor parses templates with no function map, so Helm and Sprig functions such as
`now`, `default`, `upper`, `quote`, `toYaml` or `b64enc` do not exist. Go rejects the
template while parsing it (`function "now" not defined`), and the step — and with it the
workflow run — fails before anything is executed.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: update-postgres
steps:
  - name: annotate
    type: kubernetes
    config:
      operation: apply
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .parameters.resource_name }}-meta
          annotations:
            updated-at: "{{ now }}"
```

## Use instead
Compute the value in a policy script at run time instead:
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: update-postgres
steps:
  - name: annotate
    type: policy
    config:
      script: |
        kubectl annotate configmap {{ .parameters.resource_name }}-meta \
          updated-at="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --overwrite
```

## Fix safety
When the name is a misspelt builtin (`prnitf`), the fix calls the builtin instead; it is
unsafe, because the author may have meant a Sprig or Helm function that does not exist here.
Other functions have no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_TEMPLATE_FUNCTION,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// What to use instead of common Helm/Sprig functions.
fn advice(name: &str) -> Option<&'static str> {
    Some(match name {
        "now" | "date" | "dateInZone" | "unixEpoch" => {
            "compute the time at run time in the script instead, e.g. `$(date -u +%Y-%m-%dT%H:%M:%SZ)`"
        }
        "default" => "give the value a default in the workflow's `variables`, or test it with `{{ if … }}`",
        "quote" | "squote" => "write the quotes around the action: `\"{{ .parameters.x }}\"`",
        "upper" | "lower" | "title" | "trim" | "replace" | "b64enc" | "b64dec" | "toYaml"
        | "toJson" | "indent" | "nindent" | "required" | "env" | "uuidv4" | "randAlphaNum" => {
            "Sprig/Helm functions are not available; do the transformation in the script (e.g. with `tr`, `base64`, `jq`)"
        }
        _ => return None,
    })
}

fn check(cx: &mut LintContext<'_>) {
    for r in rendered(cx).iter() {
        for e in &r.template.errors {
            let ErrorKind::UndefinedFunction(name) = &e.kind else {
                continue;
            };
            let step = r.step.name_text().unwrap_or("?").to_string();
            let message = format!(
                "{} of step `{step}` calls `{name}`, which is not a function of Go's text/template: {}",
                r.what, e.message
            );
            let span = r.span(cx, e.span);
            let suggestion = closest(name, BUILTINS.iter().copied()).filter(|s| s != name);
            let mut help = match suggestion {
                Some(s) => format!("did you mean `{s}`? "),
                None => String::new(),
            };
            if let Some(a) = advice(name) {
                help.push_str(a);
                help.push_str("; ");
            }
            help.push_str(&format!(
                "the executor fails this step with `{}`",
                runtime_error(r, e)
            ));
            let fix = suggestion.and_then(|s| {
                replace_within_scalar(cx.file(), cx.text(), span, name, s, format!("call `{s}`"))
            });
            let d = cx.report(span, message);
            d.help = Some(help);
            d.fix = fix.map(Box::new);
        }
    }
}
