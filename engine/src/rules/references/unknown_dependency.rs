use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;

pub static UNKNOWN_DEPENDENCY: Rule = Rule {
    code: "INN201",
    name: "unknown-dependency",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A step's `dependsOn` names a step that does not exist in its workflow",
    doc: r#"## What it does
Reports every name in a step's `dependsOn` list that is not the `name` of another step of the
same workflow, and suggests the closest step name.

## Why is this bad?
The documented engine waits for every step in `dependsOn`; a name that matches no step can
never be satisfied, so the step never runs (or, in the live engine that ignores `dependsOn`,
the order the author meant is silently not enforced). A renamed step is the usual cause.

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
  - name: create-user
    type: policy
    dependsOn: [create-db]
    config:
      script: echo user
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
```

## Fix safety
When exactly one step name is close, the fix replaces the name; it is marked unsafe because
the author may have meant another step.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_DEPENDENCY,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let workflows = cx.workflows();
    for wf in workflows.iter() {
        let names: Vec<&str> = wf.steps.iter().filter_map(|s| s.name_text()).collect();
        // Looked up by hash: a long workflow's every dependency scanned every name.
        let known: std::collections::HashSet<&str> = names.iter().copied().collect();
        for step in &wf.steps {
            for dep in &step.depends_on {
                if known.contains(dep.text.as_str()) {
                    continue;
                }
                let others = names
                    .iter()
                    .copied()
                    .filter(|n| Some(*n) != step.name_text());
                let suggestion = closest(&dep.text, others);
                let file = cx.file().clone();
                let d = cx.report(
                    dep.span,
                    format!(
                        "step `{}` depends on `{}`, but no step of this workflow has that name",
                        step.name_text().unwrap_or("?"),
                        dep.text
                    ),
                );
                match suggestion {
                    Some(s) => {
                        d.help = Some(format!("did you mean `{s}`?"));
                        d.fix = Some(Box::new(crate::diagnostic::Fix {
                            applicability: crate::diagnostic::Applicability::Unsafe,
                            suggestion: true,
                            message: format!("depend on `{s}`"),
                            edits: vec![crate::diagnostic::Edit {
                                file,
                                span: dep.span,
                                replacement: crate::lint::fix::yaml_string(s),
                            }],
                        }));
                    }
                    None => {
                        d.help = Some(format!(
                            "the steps of this workflow are: {}",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
            }
        }
    }
}
