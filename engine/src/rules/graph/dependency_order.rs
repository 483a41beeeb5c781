use super::steps::{step_label, workflows, StepDependencies};
use crate::diagnostic::{Related, Severity};
use crate::graph::order::cycle_edges;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use std::collections::HashSet;

pub static DEPENDENCY_ORDER: Rule = Rule {
    code: "INN303",
    name: "dependency-order",
    group: Group::Graph,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A step depends on a step that comes later in the list",
    doc: r#"## What it does
Reports a `dependsOn` entry naming a step that comes *after* the depending step in the
`steps` list (cycles and self-dependencies have their own rules).

## Why is this bad?
The engine that runs provider and golden-path workflows today (and the legacy runner of Score
workflows) ignores `dependsOn` and runs the steps strictly in list order. A dependency that
comes later in the list therefore runs *after* the step that needs it: the step works on
something that does not exist yet. The platform's dormant parallel engine does not reorder
either: where it builds groups, the dependant fails ("dependency … not found"); see
`workflow test --dry-run --engine dormant`. Declaring dependencies in list order keeps the
live engine, the dormant engine and the documented semantics in agreement.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
steps:
  - name: apply-quota
    type: policy
    dependsOn: [create-namespace]
    config:
      script: kubectl apply -f quota.yaml
  - name: create-namespace
    type: policy
    config:
      script: kubectl create namespace demo
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-namespace
steps:
  - name: create-namespace
    type: policy
    config:
      script: kubectl create namespace demo
  - name: apply-quota
    type: policy
    dependsOn: [create-namespace]
    config:
      script: kubectl apply -f quota.yaml
```

## Fix safety
No fix: moving steps is a larger edit than a linter should make on its own.
"#,
};

pub static LINT: Lint = Lint {
    rule: &DEPENDENCY_ORDER,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    for wf in workflows(cx).iter() {
        let sd = StepDependencies::shared(cx, wf);
        let on_cycles: HashSet<(usize, usize)> =
            sd.cycles.iter().flat_map(|c| cycle_edges(c)).collect();
        for &(a, b) in sd.deps.edges() {
            // Later in the list, and not part of a cycle (INN301) or a self-dependency (INN302).
            if b <= a || on_cycles.contains(&(a, b)) {
                continue;
            }
            let (step, dependency) = (&wf.steps[a], &wf.steps[b]);
            let entry = sd.entry(wf, (a, b));
            let target = dependency.anchor(cx.doc);
            let d = cx.report(
                entry.span,
                format!(
                    "step {} depends on {}, which comes later in the list; steps run in list \
                     order, so {} runs after the step that needs it",
                    step_label(step),
                    step_label(dependency),
                    step_label(dependency)
                ),
            );
            d.help = Some(format!(
                "move {} above {} (the live engine ignores `dependsOn` and runs steps in list \
                 order)",
                step_label(dependency),
                step_label(step)
            ));
            d.related.push(Related {
                file: file.clone(),
                span: target,
                message: format!("{} is declared here", step_label(dependency)),
            });
        }
    }
}
