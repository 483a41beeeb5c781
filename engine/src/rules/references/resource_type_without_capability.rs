use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::platform::resolution::capability_for;
use crate::rules::{Group, Rule};

pub static RESOURCE_TYPE_WITHOUT_CAPABILITY: Rule = Rule {
    code: "INN207",
    name: "resource-type-without-capability",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A `resourceTypes` entry is missing from a non-empty `resourceTypeCapabilities`",
    doc: r#"## What it does
When a provider declares `capabilities.resourceTypeCapabilities`, checks that every type of
the simple `capabilities.resourceTypes` list also appears there, as an entry's `type` or
`aliasFor`.

## Why is this bad?
The two lists play different roles. The simple list still makes the provider claim the type
("can provision"), so the engine picks this provider for such resources. But as soon as
`resourceTypeCapabilities` is non-empty it is the only place the engine looks for
operations, finds none for the type, and fails every such resource with "provider '…' does
not support operation 'create' for resource type '…'".

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
  resourceTypes: [postgres, postgresql]
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
  resourceTypes: [postgres, postgresql]
  resourceTypeCapabilities:
    - type: postgres
      operations:
        create:
          workflow: provision-postgres
    - type: postgresql
      aliasFor: postgres
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
```

## Fix safety
There is no automatic fix: the type needs either its own operations or an alias, and only
the author knows which workflows should serve it.
"#,
};

pub static LINT: Lint = Lint {
    rule: &RESOURCE_TYPE_WITHOUT_CAPABILITY,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let p = &entry.model;
    if p.capabilities.is_empty() {
        return;
    }
    for t in &p.resource_types {
        if t.text.is_empty() || capability_for(p, &t.text).is_some() {
            continue;
        }
        let d = cx.report(
            t.span,
            format!(
                "resource type `{}` is listed in `resourceTypes` but has no entry in `resourceTypeCapabilities`; the engine picks this provider for `{}` resources and then fails them (\"does not support operation 'create'\")",
                t.text, t.text
            ),
        );
        d.help = Some(format!(
            "add `- type: {}` with its `operations` (or with `aliasFor: <primary type>`) under `resourceTypeCapabilities`, or remove it from `resourceTypes`",
            t.text
        ));
    }
}
