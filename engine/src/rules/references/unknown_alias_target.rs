use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::{Capability, Provider};
use crate::platform::resolution::{primary, text_is};
use crate::rules::{Group, Rule};
use crate::schema::closest;

pub static UNKNOWN_ALIAS_TARGET: Rule = Rule {
    code: "INN206",
    name: "unknown-alias-target",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A capability's `aliasFor` does not name a primary resource type of the same provider",
    doc: r#"## What it does
Checks every `aliasFor` in `capabilities.resourceTypeCapabilities`: it must name the `type` of
another entry of the same provider that is not itself an alias. Reports aliases whose chain
loops back on itself, aliases of aliases, and aliases of types the provider does not have
(suggesting the closest primary type).

## Why is this bad?
An alias borrows the operations of its primary entry. The platform rejects a provider whose
aliases form a loop (including an entry that is an alias of itself) when it loads it
("circular alias reference detected"), so none of its resource types can be provisioned. An
alias whose target is missing or is another alias is accepted at load, but the engine then
finds no operations for it and every resource of that type fails with "does not support
operation 'create'".

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
  resourceTypeCapabilities:
    - type: s3
      operations:
        create:
          workflow: provision-s3-bucket
    - type: s3-bucket
      aliasFor: s3-buckets
workflows:
  - name: provision-s3-bucket
    file: ./workflows/provision-s3-bucket.yaml
    operation: create
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
          workflow: provision-s3-bucket
    - type: s3-bucket
      aliasFor: s3
workflows:
  - name: provision-s3-bucket
    file: ./workflows/provision-s3-bucket.yaml
    operation: create
```

## Fix safety
For a missing target with exactly one close primary type, the fix replaces the target. For
an alias of an alias it points the alias at the final primary type. For an alias of itself
that carries its own operations, it removes nothing and offers no fix. All fixes are unsafe:
they change which workflows serve the alias.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_ALIAS_TARGET,
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
        let (Some(ty), Some(target)) = (&cap.resource_type, &cap.alias_for) else {
            continue;
        };
        if target.text.is_empty() {
            continue;
        }
        if let Some(chain) = looping_chain(p, &ty.text) {
            let d = cx.report(
                target.span,
                format!(
                    "the `aliasFor` chain of `{}` loops ({}); the platform rejects the whole provider at load (\"circular alias reference detected\")",
                    ty.text,
                    chain.join(" → ")
                ),
            );
            d.help = Some(if target.text == ty.text {
                "an entry cannot be an alias of itself: remove `aliasFor` from an entry that has its own `operations`".to_string()
            } else {
                "point every alias at a primary entry (one without `aliasFor`)".to_string()
            });
            continue;
        }
        if primary(p, &target.text).is_some() {
            continue;
        }
        // An alias with its own operations and no primary still works on its own.
        if !cap.operations.is_empty() {
            continue;
        }
        let alias_of_alias = p
            .capabilities
            .iter()
            .find(|c| text_is(&c.resource_type, &target.text) && c.alias_for.is_some());
        if let Some(other) = alias_of_alias {
            let next = other.alias_for.as_ref().expect("checked above");
            let final_primary = final_primary(p, &target.text);
            let d = cx.report(
                target.span,
                format!(
                    "`{}` is an alias for `{}`, which is itself an alias (for `{}`); the engine follows only one step, finds no operations and fails every `{}` resource",
                    ty.text, target.text, next.text, ty.text
                ),
            );
            d.related.push(crate::diagnostic::Related {
                file: file.clone(),
                span: next.span,
                message: format!("`{}` is an alias here", target.text),
            });
            match final_primary {
                Some(fp) => {
                    d.help = Some(format!("point the alias at the primary type `{fp}`"));
                    d.fix = Some(Box::new(Fix {
                        applicability: Applicability::Unsafe,
                        suggestion: false,
                        message: format!("alias `{}` to `{fp}`", ty.text),
                        edits: vec![Edit {
                            file: file.clone(),
                            span: target.span,
                            replacement: crate::lint::fix::yaml_string(&fp),
                        }],
                    }));
                }
                None => {
                    d.help = Some(
                        "point the alias at a primary entry (one without `aliasFor`)".to_string(),
                    );
                }
            }
            continue;
        }
        let primaries: Vec<&str> = p
            .capabilities
            .iter()
            .filter(|c| c.alias_for.is_none())
            .filter_map(|c| c.resource_type.as_ref().map(|t| t.text.as_str()))
            .collect();
        let suggestion = closest(&target.text, primaries.iter().copied());
        let d = cx.report(
            target.span,
            format!(
                "`{}` is an alias for `{}`, but the provider has no primary entry of type `{}`; the engine finds no operations and fails every `{}` resource",
                ty.text, target.text, target.text, ty.text
            ),
        );
        match suggestion {
            Some(s) => {
                d.help = Some(format!("did you mean `{s}`?"));
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: true,
                    message: format!("alias `{}` to `{s}`", ty.text),
                    edits: vec![Edit {
                        file: file.clone(),
                        span: target.span,
                        replacement: crate::lint::fix::yaml_string(s),
                    }],
                }));
            }
            None if primaries.is_empty() => {
                d.help = Some(format!(
                    "add an entry `type: {}` with `operations`, or give this entry its own `operations` instead of `aliasFor`",
                    target.text
                ));
            }
            None => {
                d.help = Some(format!(
                    "the primary types of this provider are: {}",
                    primaries
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
}

/// The alias map the load-time validator builds: type → aliasFor (a later entry wins).
fn alias_of<'p>(p: &'p Provider, ty: &str) -> Option<&'p str> {
    p.capabilities
        .iter()
        .rev()
        .filter(|c| text_is(&c.resource_type, ty))
        .find_map(|c: &Capability| c.alias_for.as_ref())
        .map(|a| a.text.as_str())
        .filter(|a| !a.is_empty())
}

/// The chain from `ty` when it comes back to a type already seen (as the validator walks it).
fn looping_chain(p: &Provider, ty: &str) -> Option<Vec<String>> {
    let mut chain: Vec<String> = vec![ty.to_string()];
    let mut current = ty.to_string();
    while let Some(next) = alias_of(p, &current) {
        let looped = chain.iter().any(|c| c == next);
        chain.push(next.to_string());
        if looped {
            return Some(chain);
        }
        current = next.to_string();
    }
    None
}

/// The primary type at the end of the alias chain from `ty`, if the chain ends at one.
fn final_primary(p: &Provider, ty: &str) -> Option<String> {
    let mut current = ty.to_string();
    for _ in 0..p.capabilities.len() + 1 {
        if primary(p, &current).is_some() {
            return Some(current);
        }
        current = alias_of(p, &current)?.to_string();
    }
    None
}
