use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::platform::resolution::claimed_types;
use crate::rules::{Group, Rule};

pub static DUPLICATE_PROVIDER_NAME: Rule = Rule {
    code: "INN216",
    name: "duplicate-provider-name",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "Two provider manifests have the same `metadata.name`",
    doc: r#"## What it does
Reports a provider manifest whose `metadata.name` is already the name of a provider the
platform registers before it (manifests load in path order, or in the order of the admin
configuration's `providers`), with a related location on the registered one. When the
admin configuration lists filesystem providers, a manifest it does not list is never
registered and is not reported.

## Why is this bad?
The platform's provider registry keys providers by name and refuses the second one
("provider … is already registered"); the server logs this and goes on without it. Every
resource type only that manifest claims then has no provider, and deployments that use one
fail ("no provider found for resource type '…'").

A warning, not an error: the platform starts and loads every other provider, and the
manifest itself is fine. A Score spec that uses a type only the ignored manifest claims gets
`INN208` (resource-type-unresolved), an error, because that deploy fails.

## Example
An old copy of the provider, kept in `archive/`, is registered first (its path sorts
first); the current manifest is refused:

```yaml
# file: archive/database-team/provider.yaml
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
  - name: provision-postgres-v1
    file: ./workflows/provision-postgres-v1.yaml
```

```yaml
# file: archive/database-team/workflows/provision-postgres-v1.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres-v1
steps:
  - name: create
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

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
  resourceTypes: [postgres, redis]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
```

```yaml
# file: providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

## Use instead
```yaml
# file: archive/database-team-v1/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team-v1
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [postgres-v1]
workflows:
  - name: provision-postgres-v1
    file: ./workflows/provision-postgres-v1.yaml
```

```yaml
# file: archive/database-team-v1/workflows/provision-postgres-v1.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres-v1
steps:
  - name: create
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

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
  resourceTypes: [postgres, redis]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
```

```yaml
# file: providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

## Fix safety
There is no automatic fix: which provider keeps the name, and which directory the other one
moves to (the engine finds workflow files under `providers/<metadata.name>/`), is the
author's choice.
"#,
};

pub static LINT: Lint = Lint {
    rule: &DUPLICATE_PROVIDER_NAME,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let Some(name) = entry.model.name.as_ref().filter(|n| !n.text.is_empty()) else {
        return;
    };
    // A manifest the loader skips anyway never reaches the registry (another rule says why).
    let Some(registered) = cx.ws.registered_instead(entry) else {
        return;
    };
    // What the platform does instead with each type this manifest claims.
    let outcomes: Vec<String> = claimed_types(&entry.model)
        .into_iter()
        .map(|t| match cx.ws.resolve(&t.text) {
            Ok(r) => format!(
                "`{}` resolves to `{}` of `{}` (workflow `{}`)",
                t.text,
                r.provider.model.name_text().unwrap_or("?"),
                cx.file_of(r.provider.at),
                r.workflow.text
            ),
            Err(_) => format!("`{}` resolves to no provider", t.text),
        })
        .collect();
    let consequence = if outcomes.is_empty() {
        String::new()
    } else {
        format!("; of the types it claims, {}", outcomes.join(", "))
    };
    let registered_file = cx.file_of(registered.at).clone();
    let registered_span = registered
        .model
        .name
        .as_ref()
        .map(|n| n.span)
        .unwrap_or_default();
    let d = cx.report(
        name.span,
        format!(
            "provider name `{}` is already taken by `{}`; the platform registers only that one and refuses this manifest (\"provider {} is already registered\"){consequence}",
            name.text, registered_file, name.text
        ),
    );
    d.related.push(Related {
        file: registered_file,
        span: registered_span,
        message: format!("provider `{}` is registered from here", name.text),
    });
    d.help = Some(
        "give each provider its own `metadata.name` (and the directory `providers/<name>/` to match)"
            .to_string(),
    );
}
