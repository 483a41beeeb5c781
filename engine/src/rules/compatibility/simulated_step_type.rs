use super::engines::{self, Consumer, SIMULATED_TYPES};
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
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
`database-migration`, `vault-setup`, `monitoring` and `validation`.

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

fn check(cx: &mut LintContext<'_>) {
    for checked in engines::workflows(cx).iter() {
        if checked.consumer != Consumer::GoldenPath {
            continue;
        }
        for step in &checked.wf.steps {
            let Some(ty) = step.step_type.as_ref() else {
                continue;
            };
            let Some((_, seconds)) = SIMULATED_TYPES.iter().find(|(t, _)| *t == ty.text) else {
                continue;
            };
            let has_config = step.config.is_some_and(|c| !cx.doc.entries(c).is_empty());
            let d = cx.report(
                ty.span,
                format!(
                    "`{}` steps are simulated by the workflow executor: it sleeps {seconds} s and reports success{}",
                    ty.text,
                    if has_config {
                        "; this step's `config` is never read"
                    } else {
                        "; nothing is checked or changed"
                    }
                ),
            );
            d.help = Some(
                "use a `policy` step whose `config.script` does the work, or remove the step"
                    .to_string(),
            );
        }
    }
}
