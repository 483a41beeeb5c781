use super::steps::{step_label, workflows};
use crate::diagnostic::{Related, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use std::collections::BTreeSet;

pub static PARALLEL_GROUP_ORDER: Rule = Rule {
    code: "INN305",
    name: "parallel-group-order",
    group: Group::Graph,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A parallel group comes before ungrouped steps, but the documented engine runs it after them",
    doc: r#"## What it does
Reports a `parallelGroup` whose steps appear in the list before steps without a group, once
per group, on its first step; the ungrouped steps that overtake it are related locations.

## Why is this bad?
The documented (multi-tier) engine first runs every step without a `parallelGroup`, in list
order, and only then the numbered groups, 1, 2, 3, … A group written at the top of the list,
for example validation steps meant to run first, therefore runs *last*, after everything they
were supposed to guard. (Today's live engine ignores `parallelGroup` and runs every step in
list order, so the two engines disagree about this workflow.)

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: release
steps:
  - name: lint
    type: policy
    parallelGroup: 1
    config:
      script: echo lint
  - name: unit-tests
    type: policy
    parallelGroup: 1
    config:
      script: echo test
  - name: deploy
    type: policy
    config:
      script: echo deploy
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: release
steps:
  - name: lint
    type: policy
    parallelGroup: 1
    config:
      script: echo lint
  - name: unit-tests
    type: policy
    parallelGroup: 1
    config:
      script: echo test
  - name: deploy
    type: policy
    parallelGroup: 2
    config:
      script: echo deploy
```

## Fix safety
No fix: whether the later steps should join a group or the group should move is the author's
decision.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PARALLEL_GROUP_ORDER,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    for wf in workflows(cx).iter() {
        let group_of = |i: usize| wf.steps[i].parallel_group.filter(|(g, _)| *g > 0);
        let groups: BTreeSet<i64> = (0..wf.steps.len())
            .filter_map(|i| group_of(i).map(|(g, _)| g))
            .collect();
        let count = groups.len() as i64;
        let mut reported: BTreeSet<i64> = BTreeSet::new();
        for i in 0..wf.steps.len() {
            let Some((g, span)) = group_of(i) else {
                continue;
            };
            // Dropped groups never run at all (INN304); each group is reported once.
            if g > count || !reported.insert(g) {
                continue;
            }
            let later: Vec<usize> = (i + 1..wf.steps.len())
                .filter(|&j| group_of(j).is_none())
                .collect();
            if later.is_empty() {
                continue;
            }
            let members: Vec<String> = (0..wf.steps.len())
                .filter(|&j| group_of(j).is_some_and(|(x, _)| x == g))
                .map(|j| step_label(&wf.steps[j]))
                .collect();
            let overtaking: Vec<String> = later.iter().map(|&j| step_label(&wf.steps[j])).collect();
            let anchors: Vec<_> = later
                .iter()
                .map(|&j| (wf.steps[j].anchor(cx.doc), step_label(&wf.steps[j])))
                .collect();
            let d = cx.report(
                span,
                format!(
                    "parallelGroup {g} ({}) runs after every step without a group, so the \
                     documented engine runs {} first although {} later in the list",
                    members.join(", "),
                    overtaking.join(", "),
                    if overtaking.len() == 1 {
                        "it comes"
                    } else {
                        "they come"
                    }
                ),
            );
            d.help = Some(
                "give the later steps a higher `parallelGroup` too, or move the group below \
                 them, so that both engines run the steps in the same order"
                    .to_string(),
            );
            for (span, label) in anchors {
                d.related.push(Related {
                    file: file.clone(),
                    span,
                    message: format!("{label} has no group and runs before the group"),
                });
            }
        }
    }
}
