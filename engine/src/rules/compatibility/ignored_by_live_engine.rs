use super::engines::{self, Consumer, Runner, StepView};
use crate::diagnostic::{Related, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static IGNORED_BY_LIVE_ENGINE: Rule = Rule {
    code: "INN506",
    name: "ignored-by-live-engine",
    group: Group::Compatibility,
    severity: Severity::Info,
    fix: crate::catalog::Fixability::None,
    summary:
        "Step fields the running engine ignores: conditions, dependencies, parallel groups, outputs",
    doc: r#"## What it does
Lists, once per workflow, the step fields that the engine running the workflow ignores:
`when`, `if`, `unless`, `dependsOn`, `parallel`, `parallelGroup`, `setVariables`,
`outputFile` and `env`. The finding sits on the workflow's `steps` key and points at every
use as a related location.

## Why is this bad?
The documentation describes these fields as working, and they are implemented, but only in the
multi-tier engine that nothing calls. The live workflow executor (provider and golden-path
workflows) and the legacy runner (Score workflows, retries) run the steps strictly in list
order, one at a time: conditions never skip a step, `dependsOn` and parallel groups do not
change the order, `setVariables`/`outputFile` produce no outputs, and `env` is not exported to
any process. Declaring them is fine for documentation and for `workflow test --engine
documented`, as long as the list order is also the order you need.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    config:
      script: echo create
  - name: notify
    type: policy
    when: on_failure
    config:
      script: echo failed
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    config:
      script: |
        echo create || { echo failed; exit 1; }
```

## Fix safety
No fix: whether the fields are documentation or a misunderstanding is the author's call.
"#,
};

pub static LINT: Lint = Lint {
    rule: &IGNORED_BY_LIVE_ENGINE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

const FIELDS: &[&str] = &[
    "when",
    "if",
    "unless",
    "dependsOn",
    "parallel",
    "parallelGroup",
    "setVariables",
    "outputFile",
    "env",
];

fn check(cx: &mut LintContext<'_>) {
    for checked in engines::workflows(cx).iter() {
        let engine = match checked.consumer {
            Consumer::Provider | Consumer::GoldenPath | Consumer::Bare => Runner::Executor,
            Consumer::ScoreEmbedded => Runner::Legacy,
            Consumer::NoSteps | Consumer::Dormant => continue,
        };
        let Some(steps_key) = checked.wf(cx).steps_key.as_ref() else {
            continue;
        };
        // field -> step names using it, and the key of every use.
        let mut uses: Vec<(&str, Vec<String>)> = Vec::new();
        let mut related = Vec::new();
        for step in &checked.wf(cx).steps {
            let v = StepView::new(cx, step);
            for field in FIELDS {
                let Some(key) = v.key(field) else { continue };
                let name = step
                    .name_text()
                    .map_or_else(|| format!("#{}", step.index + 1), str::to_string);
                match uses.iter_mut().find(|(f, _)| f == field) {
                    Some((_, names)) => names.push(name.clone()),
                    None => uses.push((field, vec![name.clone()])),
                }
                related.push(Related {
                    file: cx.file().clone(),
                    span: key.span,
                    message: format!("`{field}` of step `{name}` is ignored"),
                });
            }
        }
        if uses.is_empty() {
            continue;
        }
        uses.sort_by_key(|(f, _)| FIELDS.iter().position(|x| x == f));
        let listed: Vec<String> = uses
            .iter()
            .map(|(field, names)| {
                let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
                let more = if names.len() > 3 {
                    format!(" and {} more", names.len() - 3)
                } else {
                    String::new()
                };
                format!("`{field}` (on {}{more})", shown.join(", "))
            })
            .collect();
        let who = match engine {
            Runner::Executor => "the live workflow executor",
            Runner::Legacy => "the legacy runner of Score workflows",
        };
        let d = cx.report(
            steps_key.span,
            format!(
                "{who} runs these steps in list order and ignores {}",
                listed.join(", ")
            ),
        );
        d.help = Some(
            "only the dormant multi-tier engine reads these fields; make sure the list order is the order you need, and do not rely on conditions, parallelism or step outputs"
                .to_string(),
        );
        d.related = related;
    }
}
