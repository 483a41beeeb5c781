use crate::diagnostic::{Applicability, Edit, Fix, Related, Severity};
use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::platform::resolution::{claim_span, claimed_types as claims, NoWorkflow, Unresolved};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::workspace::ProviderEntry;

pub static RESOURCE_TYPE_UNRESOLVED: Rule = Rule {
    code: "INN208",
    name: "resource-type-unresolved",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A Score resource type does not resolve to exactly one provider with a `create` workflow",
    doc: r#"## What it does
Resolves the `type` of every resource of a Score spec the way the platform does (FORMATS.md
§4.8) against the provider manifests of the workspace, and reports the actual reason when it
fails: no provider claims the type, several do, the only claimant is not loaded (alias loop,
missing workflow file, a workflow the loader's validator rejects: the blocking checks of
INN501, INN503, INN504 and INN508, or a field it cannot decode), the claimant has no `create` operation or workflow for it (a `default`
without a `workflows` list of options is never read), or the workflow it names is not
declared. Runs only in the `innominatus` dialect and when at least one provider of the
workspace loads: a plain Score repository is not checked, and with every provider skipped at
load the server has no resolver and checks no resource type (the providers' own findings say
why they do not load).

## Why is this bad?
On deploy the platform resolves every resource type to a provider before anything else and
rejects the whole Score spec when one fails, always with the same message "unknown resource
types (no provider registered)", whatever the real cause was. Knowing which provider and
which line of its manifest is at fault saves the round trip to the server log.

## Example
```yaml
# file: apps/orders/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgress
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
  resourceTypes: [postgres]
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
  - name: create-database
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

## Use instead
```yaml
# file: apps/orders/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
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
  resourceTypes: [postgres]
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
  - name: create-database
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

## Fix safety
When no provider claims the type and exactly one claimed type is close, the fix replaces the
type. It is unsafe: the resource may really need a provider that does not exist yet.
"#,
};

pub static LINT: Lint = Lint {
    rule: &RESOURCE_TYPE_UNRESOLVED,
    kinds: &[DocumentKind::Score],
    check,
};

/// Appended to every help: the server's own message names none of these causes.
const PLATFORM_SAYS: &str = "the server rejects the whole deployment and reports every resolution failure as \"unknown resource types (no provider registered)\"";

fn check(cx: &mut LintContext<'_>) {
    // Plain Score (the `score` dialect, or no provider manifest in sight) knows no providers;
    // and when no provider loads, the server has no resolver and checks no type.
    if cx.ws.providers.is_empty()
        || cx.ws.dialect == Dialect::Score
        || !cx.ws.checks_resource_types()
    {
        return;
    }
    let Some(spec) = cx.score() else {
        return;
    };
    let ws = cx.ws;
    for res in &spec.resources {
        let Some(ty) = &res.resource_type else {
            continue;
        };
        if ty.text.trim().is_empty() {
            continue;
        }
        let t = ty.text.as_str();
        let claimants: Vec<&ProviderEntry> = ws.providers_for(t);
        let file = cx.file().clone();
        if claimants.is_empty() {
            let mut offered: Vec<&str> = ws
                .providers
                .iter()
                .flat_map(|p| claims(&p.model))
                .map(|n| n.text.as_str())
                .collect();
            offered.sort_unstable();
            offered.dedup();
            let suggestion = closest(t, offered.iter().copied());
            let d = cx.report(
                ty.span,
                format!(
                    "no provider claims resource type `{t}` (resource `{}`), so the deployment is rejected",
                    res.name.text
                ),
            );
            match suggestion {
                Some(s) => {
                    d.help = Some(format!("did you mean `{s}`? ({PLATFORM_SAYS})"));
                    d.fix = Some(Box::new(Fix {
                        applicability: Applicability::Unsafe,
                        suggestion: true,
                        message: format!("use resource type `{s}`"),
                        edits: vec![Edit {
                            file,
                            span: ty.span,
                            replacement: crate::lint::fix::yaml_string(s),
                        }],
                    }));
                }
                None => {
                    const SHOWN: usize = 10;
                    let more = match offered.len().saturating_sub(SHOWN) {
                        0 => String::new(),
                        n => format!(" and {n} more"),
                    };
                    d.help = Some(format!(
                        "the providers of this workspace offer {}{more}; {PLATFORM_SAYS}",
                        list(&offered[..offered.len().min(SHOWN)])
                    ));
                }
            }
            continue;
        }
        match ws.resolve(t) {
            Ok(_) => {}
            Err(Unresolved::NoProvider) => {
                // Every claimant fails to load or is refused by the registry: the first
                // one's reason.
                let p = claimants[0];
                let Some(failure) = ws.load_failure(p) else {
                    if let Some(registered) = ws.registered_instead(p) {
                        let registered_file = cx.file_of(registered.at).clone();
                        let refused_file = cx.file_of(p.at).clone();
                        let d = cx.report(
                            ty.span,
                            format!(
                                "resource type `{t}` (resource `{}`) is claimed only by provider `{}` of `{}`, which the platform refuses because a provider of that name is already registered from `{registered_file}`; the deployment is rejected",
                                res.name.text,
                                provider_name(p),
                                refused_file,
                            ),
                        );
                        d.related.push(Related {
                            file: refused_file,
                            span: p.model.name.as_ref().map(|n| n.span).unwrap_or_default(),
                            message: "this provider is not registered (see INN216)".to_string(),
                        });
                        d.help = Some(format!(
                            "give that provider its own `metadata.name`; {PLATFORM_SAYS}"
                        ));
                    }
                    continue;
                };
                let provider_file = cx.file_of(p.at).clone();
                let d = cx.report(
                    ty.span,
                    format!(
                        "resource type `{t}` (resource `{}`) is claimed only by provider `{}`, which the platform does not load because {}; the deployment is rejected",
                        res.name.text,
                        provider_name(p),
                        failure.reason
                    ),
                );
                d.related.push(Related {
                    file: provider_file,
                    span: failure.span,
                    message: format!("why provider `{}` is not loaded", provider_name(p)),
                });
                d.help = Some(format!("fix the provider manifest; {PLATFORM_SAYS}"));
            }
            Err(Unresolved::Ambiguous(loaded)) => {
                let names: Vec<&str> = loaded.iter().map(|p| provider_name(p)).collect();
                let related: Vec<Related> = loaded
                    .iter()
                    .map(|p| Related {
                        file: cx.file_of(p.at).clone(),
                        span: claim_span(&p.model, t).unwrap_or_default(),
                        message: format!("provider `{}` claims `{t}` here", provider_name(p)),
                    })
                    .collect();
                let d = cx.report(
                    ty.span,
                    format!(
                        "resource type `{t}` (resource `{}`) is claimed by {} providers ({}), so the platform cannot choose one (\"multiple providers claim resource type\") and rejects the deployment",
                        res.name.text,
                        names.len(),
                        list(&names)
                    ),
                );
                d.related = related;
                d.help = Some(format!(
                    "keep the type (or alias) in exactly one provider manifest; {PLATFORM_SAYS}"
                ));
            }
            Err(Unresolved::NoWorkflow(p, why)) => {
                let reason = match &why {
                    NoWorkflow::NotInCapabilities(_) => "lists it in `resourceTypes` but not in `resourceTypeCapabilities`, the only place the engine looks for its operations".to_string(),
                    NoWorkflow::NoCreateOperation(_) => "has no `create` operation for it".to_string(),
                    NoWorkflow::NoCreateWorkflow(_) => "names no workflow to `create` it (a `default` counts only beside a `workflows` list of options)".to_string(),
                    NoWorkflow::UnknownWorkflow(name) => format!(
                        "names workflow `{}` to create it, but declares no workflow with that name",
                        name.text
                    ),
                };
                let provider_file = cx.file_of(p.at).clone();
                let d = cx.report(
                    ty.span,
                    format!(
                        "resource type `{t}` (resource `{}`) resolves to provider `{}`, which {reason}; the deployment is rejected",
                        res.name.text,
                        provider_name(p)
                    ),
                );
                d.related.push(Related {
                    file: provider_file,
                    span: why.span(),
                    message: format!("why resolution fails in provider `{}`", provider_name(p)),
                });
                d.help = Some(format!(
                    "fix the provider manifest; the platform says \"{}\"; {PLATFORM_SAYS}",
                    why.platform_error(provider_name(p), t)
                ));
            }
        }
    }
}

fn provider_name(p: &ProviderEntry) -> &str {
    p.model.name_text().unwrap_or("?")
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
