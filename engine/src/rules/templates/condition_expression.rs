use super::rendered::workflows;
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::model::{Named, Reader};
use crate::rules::{Group, Rule};
use crate::syntax::NodeId;
use crate::template::condition::{compare, form, logical_operator, Form, STATUSES};
use crate::template::ScalarMap;
use crate::text::Span;

pub static CONDITION_EXPRESSION: Rule = Rule {
    code: "INN414",
    name: "condition-expression",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A step `if`/`unless` condition that the documented engine evaluates differently than it reads",
    doc: r#"## What it does
Reads each step's `if` and `unless` the way the documented engine evaluates conditions
(the first of `==`, `!=`, `<=`, `>=`, `<`, `>` splits the text once; else
`contains`/`startsWith`/`endsWith`/`matches`; else `true`/`false`; else `<step>.<status>`;
else a variable name) and reports conditions whose outcome is not what they say:

- `&&`, `||`, `and`, `or` — there are no logical operators; the text is split at the first
  comparison operator and the rest compared as one string;
- comparisons without any `${…}`/`$VAR` reference compare two constant texts, so the
  result never changes (`resources.s3-bucket != null` is always true);
- comparisons with `null`/`nil`/`none`/`undefined`: there is no null, an unresolved
  reference stays literal text and is never equal to `null`;
- `<step>.<status>` naming a step that does not exist in the workflow, or a status other
  than `success`, `succeeded`, `failed`, `failure`, `skipped`;
- text that fits no form (words separated by spaces), which is an evaluation error;
- a bare variable whose value in `variables` is `no`, `off` or `False`, which counts as true.

## Why is this bad?
An evaluation error or a condition that is always false skips the step silently; one that
is always true runs it when it should not. (Conditions are only evaluated by the documented
multi-tier engine; the live executor ignores `if`/`unless` entirely, see
`ignored-by-live-engine`.)

## Example
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: deploy-app
spec:
  steps:
    - name: create-bucket
      type: terraform
      workingDir: ./terraform/s3
      if: resources.s3-bucket != null
```

## Use instead
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: deploy-app
spec:
  variables:
    create_bucket: "true"
  steps:
    - name: create-bucket
      type: terraform
      workingDir: ./terraform/s3
      if: ${workflow.create_bucket} == true
```

## Fix safety
There is no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &CONDITION_EXPRESSION,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

const NULLS: &[&str] = &["null", "nil", "none", "undefined"];
const FALSE_LOOKING: &[&str] = &["no", "off", "n"];

/// The first pitfall of a condition: where and what.
fn pitfall(text: &str, steps: &[&str], variables: &[(String, String)]) -> Option<(Span, String)> {
    let whole = Span::new(0, text.len());
    if let Some((span, op)) = logical_operator(text) {
        return Some((
            span,
            format!("there is no `{op}` in conditions: the engine splits the text at its first comparison operator and compares the rest as one string"),
        ));
    }
    let has_reference = text.contains('$');
    match form(text) {
        Form::Comparison {
            op, left, right, ..
        } => {
            if !has_reference {
                let result = compare(op, &left.value, &right.value);
                return Some((
                    whole,
                    format!(
                        "it compares the constant texts `{}` and `{}`, so it is always {result}: names are only looked up as `${{workflow.<name>}}`, `${{<step>.<output>}}` or `$NAME`",
                        left.value, right.value
                    ),
                ));
            }
            for side in [&left, &right] {
                if NULLS.contains(&side.value.to_ascii_lowercase().as_str()) {
                    return Some((
                        side.span,
                        format!(
                            "it compares with `{}` as text: there is no null, and an undefined reference stays literal text, which never equals `{}`",
                            side.value, side.value
                        ),
                    ));
                }
            }
            None
        }
        Form::StepStatus {
            step,
            step_span,
            status,
            status_span,
        } if !has_reference => {
            if !steps.contains(&step.as_str()) {
                return Some((
                    step_span,
                    format!("it reads the status of step `{step}`, which does not exist in this workflow: evaluating it fails and the step is skipped"),
                ));
            }
            if !STATUSES.contains(&status.as_str()) {
                return Some((
                    status_span,
                    format!("`{status}` is not a step status (`success`, `succeeded`, `failed`, `failure`, `skipped`): evaluating it fails and the step is skipped"),
                ));
            }
            None
        }
        Form::Unevaluable => Some((
            whole,
            "it fits no condition form (comparison, `contains`/`startsWith`/`endsWith`/`matches`, `true`/`false`, `<step>.<status>`, variable name): evaluating it fails and the step is skipped".to_string(),
        )),
        Form::Variable(name) if !has_reference => {
            let (_, value) = variables.iter().find(|(n, _)| *n == name)?;
            let lower = value.to_ascii_lowercase();
            (FALSE_LOOKING.contains(&lower.as_str()) || (lower == "false" && value != "false")).then(|| {
                (
                    whole,
                    format!("variable `{name}` is `{value}`, which counts as true: only an undefined variable, \"\", \"false\" and \"0\" are false"),
                )
            })
        }
        _ => None,
    }
}

fn variables(cx: &LintContext<'_>, holder: NodeId) -> Vec<(String, String)> {
    let r = Reader::new(cx.doc);
    r.entries(holder, "variables")
        .into_iter()
        .filter_map(|(k, v)| r.scalar(v).map(|v| (k.text.into(), v.text.into())))
        .collect()
}

fn check(cx: &mut LintContext<'_>) {
    for wf in workflows(cx).iter() {
        let names: Vec<String> = wf
            .steps
            .iter()
            .filter_map(|s| s.name_text().map(str::to_string))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let vars = variables(cx, wf.holder);
        for step in &wf.steps {
            let conditions: [(&str, &Option<Named>); 2] = [
                ("if", &step.condition_if),
                ("unless", &step.condition_unless),
            ];
            for (key, cond) in conditions {
                let Some(cond) = cond else { continue };
                let Some((range, why)) = pitfall(&cond.text, &names, &vars) else {
                    continue;
                };
                let Some(node) = cx.doc.get(step.node, key) else {
                    continue;
                };
                let span = ScalarMap::for_node(cx.doc, cx.text(), node)
                    .map_or(cond.span, |m| m.span(range));
                let step_name = step.name_text().unwrap_or("?");
                let d = cx.report(
                    span,
                    format!(
                        "condition `{key}: {}` of step `{step_name}`: {why}",
                        cond.text
                    ),
                );
                d.help = Some(
                    "write one comparison with a reference on one side, such as `${workflow.env} == production`, or `<step>.success`".to_string(),
                );
            }
        }
    }
}
