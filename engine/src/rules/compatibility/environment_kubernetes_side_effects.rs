use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static ENVIRONMENT_KUBERNETES_SIDE_EFFECTS: Rule = Rule {
    code: "INN511",
    name: "environment-kubernetes-side-effects",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "`environment.type: kubernetes` silently adds three GitOps resources to the deploy",
    doc: r#"## What it does
Reports `environment.type: kubernetes` in a Score spec and names the three resources the deploy
adds because of it: `<app>-gitea` (type `gitea-repo`), `<app>-k8s` (type `kubernetes`) and
`<app>-argocd` (type `argocd-app`). When the workspace has provider manifests, it also says
which of these types no provider claims.

## Why is this bad?
Nothing in the spec shows these resources, yet each one is provisioned through the provider
that claims its type. A type without a provider (no provider in the platform's own repository
claims `kubernetes`) fails in the orchestration engine, and the application ends up with a
failed resource it never declared.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
environment:
  type: kubernetes
```

## Use instead
Leave `environment` out (or use another free-text type such as `development`) unless the
GitOps resources are wanted and a provider exists for each of their types:

```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No fix: whether the GitOps resources are wanted is the author's decision.
"#,
};

pub static LINT: Lint = Lint {
    rule: &ENVIRONMENT_KUBERNETES_SIDE_EFFECTS,
    kinds: &[DocumentKind::Score],
    check,
};

/// The resources `environment.type: kubernetes` adds (name suffix, type); every Score spec
/// reads the providers of these types (`rules::dependents`).
pub(crate) const IMPLIED: &[(&str, &str)] = &[
    ("gitea", "gitea-repo"),
    ("k8s", "kubernetes"),
    ("argocd", "argocd-app"),
];

fn check(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    let Some(env_type) = r.get(root, "environment").and_then(|e| r.string(e, "type")) else {
        return;
    };
    if env_type.text != "kubernetes" {
        return;
    }
    let app = cx
        .score()
        .as_ref()
        .as_ref()
        .and_then(|s| s.name.as_ref())
        .map_or_else(|| "<app>".to_string(), |n| n.text.to_string());
    let added: Vec<String> = IMPLIED
        .iter()
        .map(|(suffix, ty)| format!("`{app}-{suffix}` (type `{ty}`)"))
        .collect();
    let mut message = format!(
        "`environment.type: kubernetes` makes deploy add three resources the spec does not show: {}",
        added.join(", ")
    );
    let mut related = Vec::new();
    if !cx.ws.providers.is_empty() {
        let mut unclaimed = Vec::new();
        for (suffix, ty) in IMPLIED {
            let claimers = cx.ws.providers_for(ty);
            match claimers.first() {
                None => unclaimed.push(format!("`{ty}` (so `{app}-{suffix}` fails)")),
                Some(p) => {
                    if let Some(name) = &p.model.name {
                        related.push(Related {
                            file: cx.file_of(p.at).clone(),
                            span: name.span,
                            message: format!("provisions `{app}-{suffix}` (type `{ty}`)"),
                        });
                    }
                }
            }
        }
        if !unclaimed.is_empty() {
            message.push_str(&format!(
                "; no provider in this workspace claims {}",
                unclaimed.join(", ")
            ));
        }
    }
    let d = cx.report(env_type.span, message);
    d.help = Some(
        "use another `environment.type` (free text, e.g. `development`) unless the GitOps repository, Deployment and Argo CD Application are wanted and a provider exists for each type"
            .to_string(),
    );
    d.related = related;
}
