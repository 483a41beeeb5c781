use super::image;
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static POLICY_FORBIDDEN_IMAGE_TAG: Rule = Rule {
    code: "INN608",
    name: "policy-forbidden-image-tag",
    group: Group::BestPractice,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A Score container image whose tag the team policy forbids",
    doc: r#"## What it does
Checks the tag of every Score container image against `[policy] forbidden-image-tags` of
`.innominatus.toml`. An image without a tag counts as `latest`; images pinned by digest are
accepted. Nothing is reported when the policy lists no tags.

```toml
# .innominatus.toml
[policy]
forbidden-image-tags = ["latest", "dev", "main"]
```

## Why is this bad?
Moving tags such as `latest`, `dev` or a branch name make deploys unreproducible and let
untested builds reach an environment. The platform deploys whatever the spec names.

## Example
With the policy above:

```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:main
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No fix: only the author knows which version to pin.
"#,
};

pub static LINT: Lint = Lint {
    rule: &POLICY_FORBIDDEN_IMAGE_TAG,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    if cx.ws.policy.forbidden_image_tags.is_empty() {
        return;
    }
    let Some(spec) = cx.score() else {
        return;
    };
    let forbidden = cx.ws.policy.forbidden_image_tags.clone();
    for c in &spec.containers {
        let Some(img) = &c.image else { continue };
        let Some(tag) = image::effective_tag(&img.text) else {
            continue;
        };
        if !forbidden.contains(&tag) {
            continue;
        }
        let how = if image::tag_written(&img.text) {
            format!("uses the tag `{tag}`")
        } else {
            "has no tag, so it runs `latest`".to_string()
        };
        cx.report(
            img.span,
            format!(
                "image `{}` of container `{}` {how}, which the team policy forbids (`[policy] forbidden-image-tags` of .innominatus.toml: {})",
                img.text,
                c.name.text,
                forbidden.join(", ")
            ),
        )
        .help = Some("pin a released version tag or a digest (`@sha256:…`)".to_string());
    }
}
