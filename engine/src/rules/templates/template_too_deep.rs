use super::rendered::rendered;
use crate::diagnostic::Severity;
use crate::limits::MAX_TEMPLATE_NESTING;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::go::ErrorKind;

pub static TEMPLATE_TOO_DEEP: Rule = Rule {
    code: "INN416",
    name: "template-too-deep",
    group: Group::Templates,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A rendered template nests blocks and parentheses deeper than innominatus checks",
    doc: r#"## What it does
Reports a policy script or kubernetes manifest whose `{{if}}`/`{{range}}`/`{{with}}` blocks
and parenthesised pipelines `( … )` nest more than 100 levels deep, at the block or
parenthesis that crosses the limit. innominatus stops checking the template there: the
template rules see nothing of it from that point on, and the dry run shows it as written.

## Why is this bad?
No real template nests this deep; a template that does was generated or written to exhaust
the tools that read it (a 4 KB line of parentheses used to overflow the checker's stack).
Go parses it, so the step may run, but nothing in it has been checked: references to
parameters, functions, syntax errors after the limit.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: compute
steps:
  - name: sum
    type: policy
    config:
      script: echo {{ (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) }}
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: compute
steps:
  - name: sum
    type: policy
    config:
      script: echo {{ 1 }}
```

## Fix safety
There is no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &TEMPLATE_TOO_DEEP,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for r in rendered(cx).iter() {
        let Some(e) = r
            .template
            .errors
            .last()
            .filter(|e| e.kind == ErrorKind::TooDeep)
        else {
            continue;
        };
        let step = r.step.name_text().unwrap_or("?").to_string();
        let message = format!(
            "{} of step `{step}` nests blocks and parentheses more than {MAX_TEMPLATE_NESTING} levels deep: innominatus does not check it from here on",
            r.what
        );
        cx.report(r.span(cx, e.span), message).help = Some(
            "no real template nests this deep; compute the value step by step in the script, or split the expression".into(),
        );
    }
}
