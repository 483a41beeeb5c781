use super::engines::{self, Consumer, SIMULATED_TYPES};
use crate::diagnostic::Severity;
use crate::lint::{listing, Lint, LintContext};
use crate::rules::{Group, Rule};

pub static SIMULATED_STEP_TYPE: Rule = Rule {
    code: "INN505",
    name: "simulated-step-type",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A step type the workflow executor only simulates: it sleeps and reports success",
    doc: r#"## What it does
Reports golden-path workflow steps of the types `security`, `cost-analysis`, `tagging`,
`database-migration`, `vault-setup`, `monitoring` and `validation`: one finding per type in a
workflow, on its first step, naming the others (listed as related places).

## Why is this bad?
The workflow executor registers these types, but their executors only sleep for one to four
seconds and print a success message. They read no `config`, run no script and can never fail,
so a "validation" or "security" gate in the workflow checks nothing. (In provider workflows the
load-time validator rejects these types outright; see `unsupported-step-type`.)

## Example
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: s3-storage
spec:
  steps:
    - name: validate-bucket-name
      type: validation
      config:
        script: test -n "{{ .parameters.bucket_name }}"
```

## Use instead
```yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: s3-storage
spec:
  steps:
    - name: validate-bucket-name
      type: policy
      config:
        script: test -n "{{ .parameters.bucket_name }}"
```

## Fix safety
No fix: a `policy` step needs a real script, which only the author can write.
"#,
};

pub static LINT: Lint = Lint {
    rule: &SIMULATED_STEP_TYPE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// One finding per simulated step type in a workflow (the cause is the type, not the step):
/// on the first such step, naming the others, which are related places.
fn check(cx: &mut LintContext<'_>) {
    for checked in engines::workflows(cx).iter() {
        if checked.consumer != Consumer::GoldenPath {
            continue;
        }
        for (simulated, seconds) in SIMULATED_TYPES {
            let steps: Vec<_> = checked
                .wf(cx)
                .steps
                .iter()
                .filter_map(|step| {
                    let ty = step.step_type.as_ref().filter(|t| t.text == *simulated)?;
                    let name = step.name.as_ref().map_or("", |n| n.text.as_str());
                    let has_config = step.config.is_some_and(|c| !cx.doc.entries(c).is_empty());
                    Some((ty.span, name.to_string(), has_config))
                })
                .collect();
            let Some((first, _, _)) = steps.first() else {
                continue;
            };
            let with_config: Vec<&str> = steps
                .iter()
                .filter(|(_, _, c)| *c)
                .map(|(_, n, _)| n.as_str())
                .collect();
            let names: Vec<&str> = steps.iter().map(|(_, n, _)| n.as_str()).collect();
            let unread = match with_config.len() {
                0 => "; nothing is checked or changed".to_string(),
                1 if steps.len() == 1 => "; this step's `config` is never read".to_string(),
                _ => format!(
                    "; the `config` of {} is never read",
                    listing::listed(&with_config)
                ),
            };
            let who = if steps.len() == 1 {
                String::new()
            } else {
                format!(" ({} steps: {})", steps.len(), listing::listed(&names))
            };
            let file = cx.file().clone();
            let d = cx.report(
                *first,
                format!(
                    "`{simulated}` steps{who} are simulated by the workflow executor: it sleeps {seconds} s and reports success{unread}"
                ),
            );
            d.help = Some(
                "use a `policy` step whose `config.script` does the work, or remove the step"
                    .to_string(),
            );
            for (span, name, _) in steps.iter().skip(1) {
                d.related.push(crate::diagnostic::Related {
                    file: file.clone(),
                    span: *span,
                    message: format!("`{simulated}` step `{name}`, also simulated"),
                });
            }
        }
    }
}
