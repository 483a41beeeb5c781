use super::steps::{step_label, workflows};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use std::collections::BTreeSet;

pub static PARALLEL_GROUP_NUMBERING: Rule = Rule {
    code: "INN304",
    name: "parallel-group-numbering",
    group: Group::Graph,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "`parallelGroup` numbers have a gap, so the documented engine drops the higher groups",
    doc: r#"## What it does
Checks that the positive `parallelGroup` numbers of a workflow's steps are 1, 2, 3, … without
gaps, and reports every step whose group the documented engine would never run.

## Why is this bad?
The documented (multi-tier) engine collects grouped steps by number and then runs the groups
numbered 1 up to the *count* of distinct numbers. With groups 1 and 3 it runs group 1 and looks
for a group 2 that does not exist: group 3 is silently dropped, its steps never run and no
error is reported. (Today's live engine ignores `parallelGroup` and runs every step in list
order.) `workflow test --dry-run` with `--engine documented` or `--engine dormant` shows those
steps as never run; `--engine live` shows what the server does today.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: deploy-stack
steps:
  - name: build-api
    type: policy
    parallelGroup: 1
    config:
      script: echo api
  - name: build-web
    type: policy
    parallelGroup: 1
    config:
      script: echo web
  - name: smoke-test
    type: policy
    parallelGroup: 3
    config:
      script: echo test
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: deploy-stack
steps:
  - name: build-api
    type: policy
    parallelGroup: 1
    config:
      script: echo api
  - name: build-web
    type: policy
    parallelGroup: 1
    config:
      script: echo web
  - name: smoke-test
    type: policy
    parallelGroup: 2
    config:
      script: echo test
```

## Fix safety
The fix renumbers every group of the workflow to 1, 2, 3, … keeping their order. It is
unsafe: steps that were silently dropped start to run.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PARALLEL_GROUP_NUMBERING,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    for wf in workflows(cx).iter() {
        let groups: BTreeSet<i64> = wf
            .steps
            .iter()
            .filter_map(|s| s.parallel_group.map(|(g, _)| g))
            .filter(|&g| g > 0)
            .collect();
        let count = groups.len() as i64;
        if groups.iter().all(|&g| g <= count) {
            continue;
        }
        let numbers: Vec<String> = groups.iter().map(i64::to_string).collect();
        let renumber = |g: i64| groups.iter().position(|&x| x == g).map(|p| p as i64 + 1);
        // One fix for the whole workflow, on its first finding.
        let edits: Vec<Edit> = wf
            .steps
            .iter()
            .filter_map(|s| s.parallel_group)
            .filter_map(|(g, span)| match renumber(g) {
                Some(new) if new != g => Some(Edit {
                    file: file.clone(),
                    span,
                    replacement: new.to_string(),
                }),
                _ => None,
            })
            .collect();
        let mut fix = Some(Fix {
            applicability: Applicability::Unsafe,
            suggestion: false,
            message: "renumber the parallel groups 1, 2, 3, … in their order".to_string(),
            edits,
        });
        for step in &wf.steps {
            let Some((g, span)) = step.parallel_group else {
                continue;
            };
            if g <= count {
                continue;
            }
            let d = cx.report(
                span,
                format!(
                    "step {} is in parallelGroup {g}, which never runs: the documented engine \
                     only runs groups 1 to {count}, one per distinct number (this workflow uses \
                     {}), so a gap drops the highest groups",
                    step_label(step),
                    numbers.join(", ")
                ),
            );
            d.help = Some(format!(
                "number the groups without gaps: use {} here",
                renumber(g).unwrap_or(count)
            ));
            d.fix = fix.take().map(Box::new);
        }
    }
}
