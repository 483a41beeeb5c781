use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::AdminConfig;
use crate::rules::{Group, Rule};
use crate::workspace::{join, parent_dir};

pub static ADMIN_PROVIDER_PATH_MISSING: Rule = Rule {
    code: "INN213",
    name: "admin-provider-path-missing",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary:
        "An enabled filesystem provider of the admin config has no provider manifest at its `path`",
    doc: r#"## What it does
For every entry of the admin config's `providers` list with `type: filesystem` and
`enabled: true`, checks that `<path>/provider.yaml` or `<path>/platform.yaml` exists, with
`path` resolved relative to the admin config (the server's working directory). Disabled
entries are skipped, as the platform skips them.

## Why is this bad?
The server loads `<path>/provider.yaml`, falling back to `platform.yaml`. When neither
exists it logs a warning and carries on without the provider, so every resource type it was
meant to offer is rejected at deploy time with "no provider registered". A typo in the path
or a renamed directory is the usual cause.

## Example
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: ${GITEA_PASSWORD}
argocd:
  url: https://argocd.example.com
  username: innominatus-bot
  password: ${ARGOCD_PASSWORD}
providers:
  - name: database-team
    type: filesystem
    path: ./providers/databse-team
    enabled: true
```

## Use instead
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: ${GITEA_PASSWORD}
argocd:
  url: https://argocd.example.com
  username: innominatus-bot
  password: ${ARGOCD_PASSWORD}
providers:
  - name: database-team
    type: filesystem
    path: ./providers/database-team
    enabled: true
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

## Fix safety
There is no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &ADMIN_PROVIDER_PATH_MISSING,
    kinds: &[DocumentKind::AdminConfig],
    check,
};

const MANIFESTS: [&str; 2] = ["provider.yaml", "platform.yaml"];

fn check(cx: &mut LintContext<'_>) {
    let Some(admin) = AdminConfig::from_document(cx.doc) else {
        return;
    };
    let dir = parent_dir(cx.file());
    for p in &admin.providers {
        if !p.enabled {
            continue;
        }
        if p.source_type
            .as_ref()
            .is_none_or(|t| t.text != "filesystem")
        {
            continue;
        }
        let Some(path) = &p.path else { continue };
        if path.text.trim().is_empty() {
            continue;
        }
        let base = join(&dir, &path.text);
        if MANIFESTS.iter().any(|m| cx.ws.exists(&join(&base, m))) {
            continue;
        }
        // A manifest with another accepted name is not read from an admin config path.
        let other = ["provider.yml", "platform.yml"]
            .into_iter()
            .find(|m| cx.ws.exists(&join(&base, m)));
        let name = p.name.as_ref().map_or("?", |n| n.text.as_str());
        let d = cx.report(
            path.span,
            format!(
                "provider `{name}` is loaded from `{}`, but neither `{}` nor `{}` exists; the server skips the provider",
                path.text,
                join(&base, MANIFESTS[0]),
                join(&base, MANIFESTS[1])
            ),
        );
        d.help = Some(match other {
            Some(m) => format!(
                "the server reads only `provider.yaml` or `platform.yaml` from an admin config path: rename `{}` to `provider.yaml`",
                join(&base, m)
            ),
            None => "paths are relative to the server's working directory, where it reads the admin config; correct the path or set `enabled: false`".to_string(),
        });
    }
}
