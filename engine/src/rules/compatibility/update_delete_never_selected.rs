use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Provider;
use crate::platform::resolution;
use crate::rules::{Group, Rule};

pub static UPDATE_DELETE_NEVER_SELECTED: Rule = Rule {
    code: "INN517",
    name: "update-delete-never-selected",
    group: Group::Compatibility,
    severity: Severity::Info,
    fix: crate::catalog::Fixability::None,
    summary: "A provider workflow for update, delete or read, which the engine never runs",
    doc: r#"## What it does
Points at provider workflows reachable only through the `update`, `delete` or `read`
operation: a `workflows[]` entry with such an `operation`, or one named only under
`operations.update/delete/read` of a capability.

## Why is this bad?
The orchestration engine resolves every resource with the operation `create`: the database
columns for another operation, a workflow override or tags exist, but the polling query never
selects them and no spec field sets them. Update, delete and read workflows are therefore never
run by the platform; they are useful only as documentation or for manual runs and dry-runs.
Deleting an application does not clean up through them.

## Example
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: storage-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [s3]
workflows:
  - name: provision-bucket
    file: ./workflows/provision-bucket.yaml
    operation: create
  - name: delete-bucket
    file: ./workflows/delete-bucket.yaml
    operation: delete
```

## Use instead
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: storage-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [s3]
workflows:
  - name: provision-bucket
    file: ./workflows/provision-bucket.yaml
    operation: create
```

## Fix safety
No fix: keeping such workflows for the day the platform runs them is reasonable; suppress the
finding with `# innominatus: ignore[update-delete-never-selected]` where that is the intent.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UPDATE_DELETE_NEVER_SELECTED,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(p) = Provider::from_document(cx.doc) else {
        return;
    };
    // Names the engine can reach: what `create` resolves to for a type the provider claims.
    let by_create: Vec<String> = resolution::claimed_types(&p)
        .into_iter()
        .filter_map(|t| resolution::create_workflow(&p, &t.text, t.span).ok())
        .map(|n| n.text.into())
        .collect();
    for w in &p.workflows {
        let Some(name) = &w.name else { continue };
        if by_create.iter().any(|t| *t == name.text) {
            continue;
        }
        if w.category.as_ref().is_some_and(|c| c.text == "goldenpath") {
            continue;
        }
        let other_ops: Vec<&crate::model::OperationRef> = p
            .capabilities
            .iter()
            .flat_map(|c| c.references.iter())
            .filter(|r| r.workflow.text == name.text && r.operation.text != "create")
            .collect();
        let declared = w
            .operation
            .as_ref()
            .filter(|o| matches!(o.text.as_str(), "update" | "delete" | "read"));
        let (span, op) = match (declared, other_ops.first()) {
            (Some(o), _) => (o.span, o.text.clone()),
            (None, Some(r)) => (name.span, r.operation.text.clone()),
            (None, None) => continue,
        };
        let file = cx.file().clone();
        let related: Vec<Related> = other_ops
            .iter()
            .map(|r| Related {
                file: file.clone(),
                span: r.operation.span,
                message: format!("selected only for `{}`", r.operation.text),
            })
            .collect();
        let d = cx.report(
            span,
            format!(
                "workflow `{}` serves the `{op}` operation, which the platform never runs: the orchestration engine resolves every resource with operation `create`",
                name.text
            ),
        );
        d.help = Some(
            "keep it for manual runs and dry-runs (`innominatus workflow test`), but do not rely on it for cleanup or updates"
                .to_string(),
        );
        d.related = related;
    }
}
