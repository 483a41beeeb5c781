use super::goparse;
use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::{Provider, Reader};
use crate::rules::{Group, Rule};

pub static PROVIDER_CORE_VERSION: Rule = Rule {
    code: "INN514",
    name: "provider-core-version",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Provider `compatibility` versions that make release builds reject the provider",
    doc: r#"## What it does
Checks a provider's `compatibility` block the way release builds of the server do: both
`minCoreVersion` and `maxCoreVersion` must be present and parse as semantic versions, and the
minimum must not exceed the maximum. It also warns when the minimum is above the core version
of the published releases (v0.1.x).

## Why is this bad?
The manifest check only requires `minCoreVersion`, but a release build parses both values
unconditionally before loading the provider: an empty or missing `maxCoreVersion` fails with
`invalid maxCoreVersion`, and the provider is skipped with only a log line. Development builds
(`dev`) skip the check, so the problem shows up only after the first real release. A minimum
above the running version fails with `requires core version >= <min>`.

## Example
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
capabilities:
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
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
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
```

## Fix safety
No fix: the supported range is the provider team's decision.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PROVIDER_CORE_VERSION,
    kinds: &[DocumentKind::Provider],
    check,
};

/// The core version of published releases (tags `v0.1.x` at innominatus 2146ed6, 2025-11).
const RELEASED_CORE: (u64, u64, u64) = (0, 1, u64::MAX);

fn check(cx: &mut LintContext<'_>) {
    let Some(p) = Provider::from_document(cx.doc) else {
        return;
    };
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    // A missing `compatibility` block is a schema error already.
    let Some(compat_key) = r.key(root, "compatibility") else {
        return;
    };
    let mut parsed = Vec::new();
    for (field, value) in [
        ("minCoreVersion", &p.min_core_version),
        ("maxCoreVersion", &p.max_core_version),
    ] {
        match value {
            None if field == "maxCoreVersion" => {
                cx.report(
                    compat_key.span,
                    "`compatibility` has no `maxCoreVersion`: release builds parse it unconditionally and skip the provider with `invalid maxCoreVersion`".to_string(),
                )
                .help = Some(
                    "add `maxCoreVersion` with the highest core version you support, e.g. `2.0.0`"
                        .to_string(),
                );
                parsed.push(None);
            }
            None => parsed.push(None),
            Some(v) => match goparse::semver(v.text.trim()) {
                Some(ver) => parsed.push(Some((v.clone(), ver))),
                None => {
                    let message = if v.text.trim().is_empty() {
                        format!("`{field}` is empty: release builds parse it unconditionally and skip the provider with `invalid {field}`")
                    } else {
                        format!(
                            "`{field}` is `{}`, not a semantic version: release builds skip the provider with `invalid {field} {}`",
                            v.text, v.text
                        )
                    };
                    cx.report(v.span, message).help = Some(format!(
                        "write a version such as `{}`",
                        if field == "minCoreVersion" {
                            "0.1.0"
                        } else {
                            "2.0.0"
                        }
                    ));
                    parsed.push(None);
                }
            },
        }
    }
    let min = parsed.first().cloned().flatten();
    let max = parsed.get(1).cloned().flatten();
    let mut inverted = false;
    if let (Some((min_n, min_v)), Some((max_n, max_v))) = (&min, &max) {
        if goparse::semver_cmp(min_v, max_v) == std::cmp::Ordering::Greater {
            inverted = true;
            let related = Related {
                file: cx.file().clone(),
                span: max_n.span,
                message: format!("`maxCoreVersion: {}`", max_n.text),
            };
            let d = cx.report(
                min_n.span,
                format!(
                    "`minCoreVersion: {}` is above `maxCoreVersion: {}`: no core version satisfies both, so every release build skips the provider",
                    min_n.text, max_n.text
                ),
            );
            d.help = Some("swap or correct the two versions".to_string());
            d.related.push(related);
        }
    }
    if let Some((min_n, min_v)) = min.as_ref().filter(|_| !inverted) {
        if (min_v.0, min_v.1) > (RELEASED_CORE.0, RELEASED_CORE.1) {
            let d = cx.report(
                min_n.span,
                format!(
                    "`minCoreVersion: {}` is above the published releases (v{}.{}.x): a release build skips the provider with `requires core version >= {}`; only `dev` builds load it",
                    min_n.text, RELEASED_CORE.0, RELEASED_CORE.1, min_n.text
                ),
            );
            d.severity = Severity::Warning;
            d.help = Some(format!(
                "lower it to the oldest core you support, e.g. `{}.{}.0`",
                RELEASED_CORE.0, RELEASED_CORE.1
            ));
        }
    }
}
