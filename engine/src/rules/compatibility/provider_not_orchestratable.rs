use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::{Provider, Reader};
use crate::platform::resolution;
use crate::rules::{Group, Rule};

pub static PROVIDER_NOT_ORCHESTRATABLE: Rule = Rule {
    code: "INN515",
    name: "provider-not-orchestratable",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A provider through which the orchestration engine can provision nothing",
    doc: r#"## What it does
Reports a provider manifest that claims no resource type, or none of whose resource types
resolves to a `create` workflow declared in `workflows[]` (the only operation the engine ever
runs).

## Why is this bad?
The provider loads without complaint and shows up in `provider list`, but the orchestration
engine resolves resources by type and always asks for the `create` operation: a provider without
capabilities (such as a legacy `kind: Platform` manifest with only `provisioners`) or without a
reachable create workflow is never chosen, and resources of its types stay unresolvable.

## Example
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: cleanup-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: s3
      operations:
        delete:
          workflow: delete-bucket
workflows:
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
  resourceTypeCapabilities:
    - type: s3
      operations:
        create:
          workflow: provision-bucket
workflows:
  - name: provision-bucket
    file: ./workflows/provision-bucket.yaml
    operation: create
```

## Fix safety
No fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PROVIDER_NOT_ORCHESTRATABLE,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(p) = Provider::from_document(cx.doc) else {
        return;
    };
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    let anchor = r
        .key(root, "capabilities")
        .or_else(|| p.name.clone())
        .or_else(|| r.key(root, "kind"))
        .map(|n| n.span);
    let Some(anchor) = anchor else { return };
    let name = p.name_text().unwrap_or("this provider").to_string();
    let mut types: Vec<&str> = p.resource_types.iter().map(|t| t.text.as_str()).collect();
    for c in &p.capabilities {
        for t in [&c.resource_type, &c.alias_for].into_iter().flatten() {
            types.push(t.text.as_str());
        }
    }
    let mut seen = std::collections::HashSet::new();
    types.retain(|t| !t.is_empty() && seen.insert(*t));
    if types.is_empty() {
        cx.report(
            anchor,
            format!(
                "provider `{name}` claims no resource type (no `capabilities.resourceTypes` or `resourceTypeCapabilities`): the orchestration engine never selects it"
            ),
        )
        .help = Some(
            "declare the resource types under `capabilities` and a `create` workflow for each".to_string(),
        );
        return;
    }
    let mut reasons = Vec::new();
    for t in &types {
        match resolution::create_workflow(&p, t, anchor) {
            Ok(_) => return,
            Err(why) => reasons.push(format!("`{t}`: {}", why.describe())),
        }
    }
    let shown: Vec<String> = reasons.iter().take(4).cloned().collect();
    let more = if reasons.len() > 4 {
        format!("; and {} more", reasons.len() - 4)
    } else {
        String::new()
    };
    cx.report(
        anchor,
        format!(
            "no resource type of provider `{name}` resolves to a `create` workflow, the only operation the engine runs, so it never provisions anything ({}{more})",
            shown.join("; ")
        ),
    )
    .help = Some(
        "give at least one resource type an `operations.create.workflow` (or a simple-format workflow with `operation: create`) that names a declared workflow"
            .to_string(),
    );
}
