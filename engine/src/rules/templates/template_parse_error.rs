use super::rendered::{rendered, Rendered};
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::go::{ErrorKind, ParseError};

pub static TEMPLATE_PARSE_ERROR: Rule = Rule {
    code: "INN401",
    name: "template-parse-error",
    group: Group::Templates,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A policy script or kubernetes manifest is not a valid Go template",
    doc: r#"## What it does
Parses `config.script` of `policy` steps and `config.manifest` of `kubernetes` steps
(operations `apply` and `delete`) the way the workflow executor does, with Go's
`text/template`, and reports the syntax error Go would report — with Go's own message, at the
characters it is about: an unclosed `{{`, an `{{if}}`/`{{range}}`/`{{with}}` without
`{{end}}`, a stray `}`, an unterminated string, an undefined `$variable`, and so on.

Undefined functions and field names with `-` have their own rules
(`unknown-template-function`, `non-identifier-field`).

## Why is this bad?
The executor renders these fields right before it runs the step. A template that does not
parse fails the step (`failed to render policy script template: failed to parse template:
template: manifest:3: unexpected "}" in operand`), which fails the whole workflow run and,
for provider workflows, marks the resource `failed`. Nothing checks templates when the
provider is loaded, so the mistake surfaces only at deploy time.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-bucket
steps:
  - name: create-bucket
    type: policy
    config:
      script: |
        #!/bin/bash
        {{ if .parameters.versioning }}
        mc version enable local/{{ .parameters.bucket_name }
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-bucket
steps:
  - name: create-bucket
    type: policy
    config:
      script: |
        #!/bin/bash
        {{ if eq .parameters.versioning "true" }}
        mc version enable local/{{ .parameters.bucket_name }}
        {{ end }}
```

## Fix safety
There is no automatic fix: the intended template cannot be guessed.
"#,
};

pub static LINT: Lint = Lint {
    rule: &TEMPLATE_PARSE_ERROR,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// The 1-based template line Go names in its message.
pub fn go_line(text: &str, e: &ParseError) -> usize {
    let at = if e.opened_at.is_some() {
        text.len()
    } else {
        e.span.start
    };
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The error text the step fails with.
pub fn runtime_error(r: &Rendered, e: &ParseError) -> String {
    let prefix = if r.field == "config.script" {
        "failed to render policy script template: failed to parse template"
    } else {
        "failed to render manifest template"
    };
    format!(
        "{prefix}: template: manifest:{}: {}",
        go_line(&r.text, e),
        e.message
    )
}

fn check(cx: &mut LintContext<'_>) {
    for r in rendered(cx).iter() {
        if !r.template.fatal {
            continue;
        }
        let Some(e) = r.template.errors.last() else {
            continue;
        };
        if e.kind != ErrorKind::Syntax {
            continue;
        }
        let step = r.step.name_text().unwrap_or("?").to_string();
        let mut message = format!(
            "{} of step `{step}` is not a valid Go template: {}",
            r.what, e.message
        );
        if let Some(open) = e.opened_at {
            let opening = &r.text[open.start..open.end];
            message.push_str(&format!(": `{opening}` has no matching `{{{{end}}}}`"));
        }
        let help = format!(
            "the executor fails this step before running it with `{}`",
            runtime_error(r, e)
        );
        let span = r.span(cx, e.span);
        cx.report(span, message).help = Some(help);
    }
}
