use super::inputs::{inputs, Inputs};
use super::rendered::workflows;
use super::scanned::scanned;
use crate::diagnostic::Severity;
use crate::lint::fix::replace_within_scalar;
use crate::lint::{Lint, LintContext};
use crate::model::WorkflowShape;
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::template::reference::{references, Reference};
use crate::template::ScalarMap;
use crate::text::Span;

pub static UNDEFINED_WORKFLOW_VARIABLE: Rule = Rule {
    code: "INN406",
    name: "undefined-workflow-variable",
    group: Group::Templates,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A `${workflow.X}` reference that the engine's pre-flight check rejects, aborting every run",
    doc: r#"## What it does
Replays the check the workflow executor runs before every provider or golden-path workflow:
it collects the `${…}` references of the step fields it scans (every string in `config` and
the step's `variables`, `env` and `setVariables` values, `outputs` and `dependsOn` items,
and fields such as `namespace`, `repoName`, `path`, `if`, `unless`, `when`), and reports

- `${workflow.X}` where `X` is not a workflow variable of the run: for provider workflows
  the engine inputs (`app_name`, `resource_name`, `resource_type`, `bucket_name`,
  `namespace`), the `params`/`properties` keys of the resources that resolve to the
  workflow, its `variables` and its declared `parameters`; for golden-path workflows the
  golden path's parameters and `spec.variables`;
- any other `${…}` containing `workflow.` (such as `${steps.workflow.id}`), which the check
  treats as a step output or resource attribute that cannot exist before the run.

The first kind is only reported when the workspace tells which inputs the workflow gets (it
declares `parameters`, resources resolve to it, or a golden path runs it).

## Why is this bad?
The check is strict by default (`STRICT_VALIDATION` unset): the first failing reference
aborts the run before any step executes, with `workflow validation failed: undefined
variable: ${workflow.X} (workflow variable 'X' not found)`. For provider workflows the
resource then goes to `failed`.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
parameters:
  - name: team_id
    type: string
    required: true
steps:
  - name: label-namespace
    type: policy
    if: ${workflow.team} != ""
    config:
      script: |
        kubectl label namespace {{ .parameters.namespace }} team={{ .parameters.team_id }}
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
parameters:
  - name: team_id
    type: string
    required: true
steps:
  - name: label-namespace
    type: policy
    if: ${workflow.team_id} != ""
    config:
      script: |
        kubectl label namespace {{ .parameters.namespace }} team={{ .parameters.team_id }}
```

## Fix safety
When one workflow variable is clearly the one meant (`${workflow.namspace}` beside
`namespace`), the fix renames the reference to it. It is unsafe: the variable may be missing
from the workflow rather than misspelt in the reference.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNDEFINED_WORKFLOW_VARIABLE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// Why the pre-flight check rejects `r`, given the workflow's inputs (when known).
pub fn preflight_failure(r: &Reference, known: Option<&Inputs>) -> Option<String> {
    if !r.is_checked_before_run() {
        return None;
    }
    match r.workflow_variable() {
        Some(name) => {
            let known = known?;
            (!known.has(name)).then(|| {
                format!(
                    "undefined variable: {} (workflow variable '{name}' not found)",
                    r.text()
                )
            })
        }
        None => Some(format!("undefined variable: {}", r.text())),
    }
}

fn check(cx: &mut LintContext<'_>) {
    for wf in workflows(cx).iter() {
        if !matches!(
            wf.shape,
            WorkflowShape::Provider | WorkflowShape::GoldenPath
        ) {
            continue;
        }
        let known = inputs(cx, wf);
        for step in &wf.steps {
            let step_name = step.name_text().unwrap_or("?");
            // The tree outlives `cx`: its texts are read in place while `cx` records findings.
            let doc = cx.doc;
            for s in scanned(cx, step).iter() {
                let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
                    continue;
                };
                // Mapping text offsets to the file is only needed for a finding.
                let mut map: Option<ScalarMap> = None;
                for r in references(text) {
                    let Some(failure) = preflight_failure(&r, known.as_ref()) else {
                        continue;
                    };
                    if map.is_none() {
                        map = ScalarMap::for_node(doc, cx.text(), s.node);
                    }
                    let Some(map) = &map else {
                        continue;
                    };
                    let written = r.text();
                    let message = match r.workflow_variable() {
                        Some(name) => format!(
                            "`{written}` in `{}` of step `{step_name}` names workflow variable `{name}`, which this workflow does not receive: the engine aborts every run before the first step",
                            s.field
                        ),
                        None => format!(
                            "`{written}` in `{}` of step `{step_name}` contains `workflow.` but is not `${{workflow.<name>}}`: the engine's pre-flight check reads it as a step output or resource attribute, which cannot exist before the run, and aborts every run",
                            s.field
                        ),
                    };
                    let mut help =
                        format!("the run fails with `workflow validation failed: {failure}`");
                    let mut fix = None;
                    if let (Some(name), Some(known)) = (r.workflow_variable(), &known) {
                        if let Some(sugg) = closest(name, known.sorted_names()) {
                            help = format!("did you mean `${{workflow.{sugg}}}`? {help}");
                            // The name alone: `${workflow.` is 11 bytes, `}` one.
                            let name_span = map.span(Span::new(r.span.start + 11, r.span.end - 1));
                            fix = replace_within_scalar(
                                cx.file(),
                                cx.text(),
                                name_span,
                                name,
                                sugg,
                                format!("use `${{workflow.{sugg}}}`"),
                            );
                        }
                        help.push_str(&format!(
                            "; the workflow variables are {}",
                            known.describe()
                        ));
                    }
                    let span = map.span(r.span);
                    let d = cx.report(span, message);
                    d.help = Some(help);
                    d.fix = fix.map(Box::new);
                }
            }
        }
    }
}
