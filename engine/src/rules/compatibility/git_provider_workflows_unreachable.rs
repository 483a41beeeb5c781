use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::AdminConfig;
use crate::rules::{Group, Rule};

pub static GIT_PROVIDER_WORKFLOWS_UNREACHABLE: Rule = Rule {
    code: "INN516",
    name: "git-provider-workflows-unreachable",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A git-sourced provider whose workflow files the engine will not find at run time",
    doc: r#"## What it does
Reports enabled `providers[]` entries of type `git` in `admin-config.yaml`.

## Why is this bad?
The server clones a git provider to `/tmp/innominatus-providers/<name>/...` and loads its
manifest from there, so the provider appears healthy. But when a resource is provisioned, the
orchestration engine reads the workflow file from `providers/<metadata.name>/<file>` relative
to its own working directory, a hard-coded location that ignores where the clone is. Unless a
copy of the provider also sits there, every workflow of a git provider fails to load at run
time.

## Example
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
providers:
  - name: database-team
    type: git
    repository: https://git.example.com/platform/database-team.git
    ref: v1.2.0
    enabled: true
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: ${GITEA_PASSWORD}
argocd:
  url: https://argocd.example.com
  username: innominatus-bot
  password: ${ARGOCD_PASSWORD}
```

## Use instead
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
providers:
  - name: database-team
    type: filesystem
    path: ./providers/database-team
    enabled: true
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: ${GITEA_PASSWORD}
argocd:
  url: https://argocd.example.com
  username: innominatus-bot
  password: ${ARGOCD_PASSWORD}
```

## Fix safety
No fix: vendoring the provider (a git submodule or a sync job into `providers/<name>`) is a
deployment decision.
"#,
};

pub static LINT: Lint = Lint {
    rule: &GIT_PROVIDER_WORKFLOWS_UNREACHABLE,
    kinds: &[DocumentKind::AdminConfig],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(admin) = AdminConfig::from_document(cx.doc) else {
        return;
    };
    for p in &admin.providers {
        let Some(t) = &p.source_type else { continue };
        if t.text != "git" || !p.enabled {
            continue;
        }
        let name = p.name.as_ref().map_or("<name>", |n| n.text.as_str());
        cx.report(
            t.span,
            format!(
                "git provider `{name}` is cloned to /tmp/innominatus-providers/, but at run time the engine reads workflow files from `providers/<metadata.name>/` under its working directory, so its workflows will not be found"
            ),
        )
        .help = Some(
            "check the provider out into `providers/<metadata.name>/` (e.g. a git submodule) and use `type: filesystem`"
                .to_string(),
        );
    }
}
