use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static OPERATION_WORKFLOW_MISMATCH: Rule = Rule {
    code: "INN205",
    name: "operation-workflow-mismatch",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A capability operation runs a workflow declared for another operation",
    doc: r#"## What it does
Reports a workflow used by `operations.<op>` of a capability whose own `workflows[].operation`
is set to a different operation, e.g. `create` running a workflow declared as `delete`.

## Why is this bad?
With `resourceTypeCapabilities` the engine runs whatever workflow the operation names; the
workflow's own `operation` field is not consulted. A `create` operation that names a
`delete` workflow therefore deletes (or fails to find) infrastructure when a resource is
provisioned. The two fields disagreeing almost always means a copy-and-paste slip in one of
them.

## Example
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: postgres
      operations:
        create:
          workflow: delete-postgres
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
  - name: delete-postgres
    file: ./workflows/delete-postgres.yaml
    operation: delete
```

## Use instead
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: postgres
      operations:
        create:
          workflow: provision-postgres
        delete:
          workflow: delete-postgres
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
  - name: delete-postgres
    file: ./workflows/delete-postgres.yaml
    operation: delete
```

## Fix safety
There is no automatic fix: either the operation names the wrong workflow or the workflow's
`operation` is wrong, and only the author knows which.
"#,
};

pub static LINT: Lint = Lint {
    rule: &OPERATION_WORKFLOW_MISMATCH,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let p = &entry.model;
    let file = cx.file().clone();
    for cap in &p.capabilities {
        for r in &cap.references {
            let Some(w) = p.workflow(&r.workflow.text) else {
                continue;
            };
            let Some(declared) = w.operation.as_ref().filter(|o| !o.text.is_empty()) else {
                continue;
            };
            if declared.text == r.operation.text {
                continue;
            }
            let d = cx.report(
                r.workflow.span,
                format!(
                    "operation `{}` of resource type `{}` runs workflow `{}`, which is declared with `operation: {}`",
                    r.operation.text,
                    cap.resource_type.as_ref().map_or("?", |t| t.text.as_str()),
                    r.workflow.text,
                    declared.text
                ),
            );
            d.related.push(crate::diagnostic::Related {
                file: file.clone(),
                span: declared.span,
                message: format!(
                    "`{}` is declared for `{}` here",
                    r.workflow.text, declared.text
                ),
            });
            d.help = Some(format!(
                "name a workflow meant for `{}`, or correct the workflow's `operation`; the engine runs the named workflow regardless of its `operation`",
                r.operation.text
            ));
        }
    }
}
