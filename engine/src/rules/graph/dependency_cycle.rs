use super::steps::{step_label, workflows, StepDependencies};
use crate::diagnostic::{Related, Severity};
use crate::graph::order::cycle_edges;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static DEPENDENCY_CYCLE: Rule = Rule {
    code: "INN301",
    name: "dependency-cycle",
    group: Group::Graph,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Steps of a workflow depend on each other in a cycle",
    doc: r#"## What it does
Finds cycles in the `dependsOn` relation of each workflow's steps (strongly connected
components) and reports each cycle once, on the `dependsOn` entry of its first step in file
order. The message spells out the whole path (`a → b → c → a`); every `dependsOn` entry that
closes the loop is a related location.

## Why is this bad?
Steps in a cycle wait for each other, so no order can satisfy them. The documented engine
checks, before it starts a step, that every step in its `dependsOn` has already succeeded; in
a cycle at least one of them has not, and that step fails with `dependency … did not complete
successfully`. The platform itself never looks for cycles. Today's live engine ignores
`dependsOn` and runs the steps in list order, so in a cycle at least one step always runs
before a step it says it needs.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    dependsOn: [grant-access]
    config:
      script: echo create
  - name: create-user
    type: policy
    dependsOn: [create-database]
    config:
      script: echo user
  - name: grant-access
    type: policy
    dependsOn: [create-user]
    config:
      script: echo grant
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
      script: echo create
  - name: create-user
    type: policy
    dependsOn: [create-database]
    config:
      script: echo user
  - name: grant-access
    type: policy
    dependsOn: [create-user]
    config:
      script: echo grant
```

## Fix safety
No fix: which dependency is wrong is the author's decision.
"#,
};

pub static LINT: Lint = Lint {
    rule: &DEPENDENCY_CYCLE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    for wf in workflows(cx).iter() {
        let sd = StepDependencies::shared(cx, wf);
        for cycle in &sd.cycles {
            if cycle.len() < 2 {
                continue; // a step that depends on itself: INN302
            }
            let label = |i: usize| step_label(&wf.steps[i]);
            let mut path: Vec<String> = cycle.iter().map(|&i| label(i)).collect();
            path.push(label(cycle[0]));
            let edges: Vec<(usize, usize)> = cycle_edges(cycle).collect();
            let first = sd.entry(wf, edges[0]);
            let d = cx.report(
                first.span,
                format!(
                    "dependency cycle {}: each step waits for the next, so none of them can start",
                    path.join(" → ")
                ),
            );
            // The live engine runs in list order: some edge of the cycle points forward.
            let broken: Vec<String> = edges
                .iter()
                .filter(|(a, b)| b > a)
                .map(|&(a, b)| format!("{} runs before {}", label(a), label(b)))
                .collect();
            d.help = Some(format!(
                "remove the `dependsOn` entry that does not belong; today's engine ignores \
                 `dependsOn` and runs steps in list order, so {} although it depends on it",
                broken.join(" and ")
            ));
            for (a, b) in edges {
                d.related.push(Related {
                    file: file.clone(),
                    span: sd.entry(wf, (a, b)).span,
                    message: format!("{} depends on {}", label(a), label(b)),
                });
            }
        }
    }
}
