use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static DUPLICATE_PROVIDER_WORKFLOW_NAME: Rule = Rule {
    code: "INN215",
    name: "duplicate-provider-workflow-name",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "Two entries of a provider's `workflows` list have the same name",
    doc: r#"## What it does
Reports an entry of a provider's `workflows` list whose `name` is already used by an earlier
entry, with a related location on the first one.

## Why is this bad?
Operations refer to workflows by name, and the engine takes the first entry with that name.
The later entry, and its file, can never be run: a `delete` workflow that reuses the name of
the `create` workflow silently runs the create workflow's file instead, or the other way
round. The platform does not check names for uniqueness.

A warning, not an error: the provider loads and the first entry runs; nothing fails, the
later entry is only dead.

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
          workflow: postgres
        delete:
          workflow: postgres
workflows:
  - name: postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
  - name: postgres
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
There is no automatic fix: the references to the workflow have to be renamed with it.
"#,
};

pub static LINT: Lint = Lint {
    rule: &DUPLICATE_PROVIDER_WORKFLOW_NAME,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let file = cx.file().clone();
    let workflows = &entry.model.workflows;
    for (i, w) in workflows.iter().enumerate() {
        let Some(name) = &w.name else { continue };
        if name.text.is_empty() {
            continue;
        }
        let Some((first_index, first)) = workflows[..i]
            .iter()
            .enumerate()
            .find(|(_, o)| o.name.as_ref().is_some_and(|n| n.text == name.text))
        else {
            continue;
        };
        let first_name = first.name.as_ref().expect("matched by name");
        let d = cx.report(
            name.span,
            format!(
                "workflow name `{}` is already used by `workflows[{first_index}]`; the engine always runs the first entry of that name, so `{}` is never used",
                name.text,
                w.file.as_ref().map_or("this entry", |f| f.text.as_str())
            ),
        );
        d.related.push(Related {
            file: file.clone(),
            span: first_name.span,
            message: format!("`{}` is first declared here", name.text),
        });
        d.help = Some(
            "give each workflow its own name and update `operations.*.workflow` to match"
                .to_string(),
        );
    }
}
