use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::platform::resolution::{claim_span, claimed_types as claims};
use crate::rules::{Group, Rule};

pub static CONFLICTING_PROVIDER_CLAIMS: Rule = Rule {
    code: "INN209",
    name: "conflicting-provider-claims",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Two providers claim the same resource type or alias",
    doc: r#"## What it does
Reports every resource type that a provider claims (in `capabilities.resourceTypes`, or as a
`resourceTypeCapabilities` entry's `type` or `aliasFor`) and that another provider of the
workspace claims too, with a related location on each other claim.

## Why is this bad?
Resolution needs exactly one provider per type. The platform's conflict check exists but is
not run when the server loads providers, and it ignores aliases anyway; so the conflict shows
up only later, on each deployment that uses the type, as "multiple providers claim resource
type '…'" (reported to the user as "no provider registered").

## Example
```yaml
# file: providers/database-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
```

```yaml
# file: providers/analytics-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: analytics-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: warehouse
      operations:
        create:
          workflow: provision-warehouse
    - type: postgres
      aliasFor: warehouse
workflows:
  - name: provision-warehouse
    file: ./workflows/provision-warehouse.yaml
```

## Use instead
```yaml
# file: providers/database-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
```

```yaml
# file: providers/analytics-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: analytics-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: warehouse
      operations:
        create:
          workflow: provision-warehouse
    - type: analytics-postgres
      aliasFor: warehouse
workflows:
  - name: provision-warehouse
    file: ./workflows/provision-warehouse.yaml
```

## Fix safety
There is no automatic fix: one of the providers has to give the type up, or use a
distinct name for it.
"#,
};

pub static LINT: Lint = Lint {
    rule: &CONFLICTING_PROVIDER_CLAIMS,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let own_name = entry.model.name_text();
    for claim in claims(&entry.model) {
        let others: Vec<Related> = cx
            .ws
            .providers
            .iter()
            .filter(|p| p.at != cx.at)
            // The same provider twice is a different problem ("already registered").
            .filter(|p| own_name.is_none() || p.model.name_text() != own_name)
            .filter(|p| crate::platform::resolution::claims(&p.model, &claim.text))
            .map(|p| Related {
                file: cx.file_of(p.at).clone(),
                span: claim_span(&p.model, &claim.text).unwrap_or_default(),
                message: format!(
                    "provider `{}` claims `{}` here",
                    p.model.name_text().unwrap_or("?"),
                    claim.text
                ),
            })
            .collect();
        if others.is_empty() {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for p in cx
            .ws
            .providers
            .iter()
            .filter(|p| p.at != cx.at)
            .filter(|p| own_name.is_none() || p.model.name_text() != own_name)
            .filter(|p| crate::platform::resolution::claims(&p.model, &claim.text))
        {
            let name = format!("`{}`", p.model.name_text().unwrap_or("?"));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let d = cx.report(
            claim.span,
            format!(
                "resource type `{}` is also claimed by {} {}; every resource of this type fails to resolve (\"multiple providers claim resource type\")",
                claim.text,
                if names.len() == 1 { "provider" } else { "providers" },
                names.join(", ")
            ),
        );
        d.related = others;
        d.help = Some(format!(
            "keep `{}` in exactly one provider, as a type or as an alias",
            claim.text
        ));
    }
}
