use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};
use crate::syntax::NodeId;

pub static PLAINTEXT_SECRET_IN_ADMIN_CONFIG: Rule = Rule {
    code: "INN602",
    name: "plaintext-secret-in-admin-config",
    group: Group::BestPractice,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A password, token or secret key written in clear text in the admin config",
    doc: r#"## What it does
Reports values of `password`, `adminPassword`, `token`, `secretKey` and other `*password`,
`*token`, `*secret` and `*secretKey` keys in `admin-config.yaml` that are literal text rather
than empty or a `${VARIABLE}` reference. The value itself is never printed.

## Why is this bad?
`admin-config.yaml` lives in the platform repository and holds the Gitea, Argo CD, Vault,
Keycloak, MinIO and Grafana credentials the server uses. A literal value there is a credential
committed to git, readable by everyone with access to the repository and its history.
innominatus does not expand `${VAR}` itself, so render the file (for example with `envsubst`)
from your secret store when deploying the server.

A warning, not an error: the platform loads the file and runs (its own validator only warns
about weak passwords); the risk is the leak, not a failure.

## Example
```yaml
# file: admin-config.yaml
admin:
  defaultCostCenter: platform
  defaultRuntime: kubernetes
gitea:
  url: https://git.example.com
  username: innominatus-bot
  password: s3cr3t-Passw0rd
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
No fix: replace the value with a reference and rotate the credential, since it is already in
the repository's history.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PLAINTEXT_SECRET_IN_ADMIN_CONFIG,
    kinds: &[DocumentKind::AdminConfig],
    check,
};

fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace(['_', '-'], "");
    ["password", "token", "secretkey", "secret"]
        .iter()
        .any(|s| k.ends_with(s))
}

/// `${NAME}`, `${NAME:-default}` or `$NAME`: filled in when the file is rendered.
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    let name = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if let Some(inner) = v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        let var = inner.split_once(":-").map_or(inner, |(n, _)| n);
        let var = var.split_once('-').map_or(var, |(n, _)| n);
        return name(var);
    }
    v.strip_prefix('$').is_some_and(name)
}

fn check(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let mut found = Vec::new();
    walk(cx, root, String::new(), 0, &mut found);
    for (path, span) in found {
        cx.report(
            span,
            format!(
                "`{path}` holds a literal secret: the admin config is committed to git, so the credential is readable by everyone with access to the repository"
            ),
        )
        .help = Some(format!(
            "write a reference such as `${{{}}}` and render the file from your secret store at deploy time (innominatus does not expand it), then rotate the credential",
            path.to_ascii_uppercase().replace(['.', '-'], "_")
        ));
    }
}

fn walk(
    cx: &LintContext<'_>,
    node: NodeId,
    prefix: String,
    depth: usize,
    found: &mut Vec<(String, crate::text::Span)>,
) {
    if depth > 8 {
        return;
    }
    let r = Reader::new(cx.doc);
    for (key, value) in r.map_entries(node) {
        let path = if prefix.is_empty() {
            key.text.to_string()
        } else {
            format!("{prefix}.{}", key.text)
        };
        if r.is_mapping(value) {
            walk(cx, value, path, depth + 1, found);
            continue;
        }
        if !is_secret_key(&key.text) {
            continue;
        }
        let Some(v) = r.scalar(value) else { continue };
        if v.text.trim().is_empty() || is_reference(&v.text) {
            continue;
        }
        found.push((path, v.span));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_secret_keys() {
        assert!(is_reference("${GITEA_PASSWORD}"));
        assert!(is_reference("${GITEA_PASSWORD:-x}"));
        assert!(is_reference("$TOKEN"));
        assert!(!is_reference("admin"));
        assert!(!is_reference("${} "));
        assert!(!is_reference("pre${X}"));
        assert!(is_secret_key("password"));
        assert!(is_secret_key("adminPassword"));
        assert!(is_secret_key("secretKey"));
        assert!(is_secret_key("token"));
        assert!(!is_secret_key("username"));
        assert!(!is_secret_key("accessKey"));
    }
}
