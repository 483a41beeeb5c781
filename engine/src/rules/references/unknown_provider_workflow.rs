use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;

pub static UNKNOWN_PROVIDER_WORKFLOW: Rule = Rule {
    code: "INN204",
    name: "unknown-provider-workflow",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A capability operation names a workflow that the provider does not declare",
    doc: r#"## What it does
Checks that every workflow name used by `capabilities.resourceTypeCapabilities[].operations`
(`<op>.workflow`, `<op>.default` and `<op>.workflows[].name`) is the `name` of an entry of
the provider's `workflows` list, and suggests the closest declared name.

## Why is this bad?
The platform does not check these names when it loads the provider. For `create`, every
deployment that uses the resource type is rejected ("unknown resource types (no provider
registered)"; the resolver's own error is "provider '…' references workflow '…' but it does
not exist"). Names under the other operations are not run by today's engine, which only
ever creates, but break the moment they are.

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
          workflow: provision-postgresql
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
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
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
```

## Fix safety
When exactly one declared workflow name is close, the fix replaces the name; it is unsafe
because the author may have meant another workflow, or a workflow that is still to be added.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_PROVIDER_WORKFLOW,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let p = &entry.model;
    let declared: Vec<&str> = p
        .workflows
        .iter()
        .filter_map(|w| w.name.as_ref().map(|n| n.text.as_str()))
        .filter(|n| !n.is_empty())
        .collect();
    for cap in &p.capabilities {
        for r in &cap.references {
            if r.workflow.text.is_empty() || p.workflow(&r.workflow.text).is_some() {
                continue;
            }
            let suggestion = closest(&r.workflow.text, declared.iter().copied());
            let file = cx.file().clone();
            let d = cx.report(
                r.workflow.span,
                format!(
                    "operation `{}` of resource type `{}` names workflow `{}`, but the provider declares no workflow with that name",
                    r.operation.text,
                    cap.resource_type.as_ref().map_or("?", |t| t.text.as_str()),
                    r.workflow.text
                ),
            );
            match suggestion {
                Some(s) => {
                    d.help = Some(format!("did you mean `{s}`?"));
                    d.fix = Some(Box::new(Fix {
                        applicability: Applicability::Unsafe,
                        suggestion: true,
                        message: format!("use workflow `{s}`"),
                        edits: vec![Edit {
                            file,
                            span: r.workflow.span,
                            replacement: crate::lint::fix::yaml_string(s),
                        }],
                    }));
                }
                None if declared.is_empty() => {
                    d.help = Some(
                        "declare the workflow under `workflows` with its `name` and `file`"
                            .to_string(),
                    );
                }
                None => {
                    d.help = Some(format!(
                        "the provider declares: {}; add the workflow under `workflows` or use one of these",
                        declared
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
