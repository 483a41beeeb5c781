use super::image;
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static IMAGE_LATEST_TAG: Rule = Rule {
    code: "INN601",
    name: "image-latest-tag",
    group: Group::BestPractice,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A Score container image tagged `:latest` or without any tag",
    doc: r#"## What it does
Reports Score container images that use the `latest` tag, written or implied (an image without
a tag, such as `nginx`, runs `nginx:latest`). Images pinned by digest, the deploy-time image
`.` and placeholders are not reported. When the team policy (`[policy] forbidden-image-tags`)
already forbids `latest`, `policy-forbidden-image-tag` reports it instead.

## Why is this bad?
`latest` is whatever was pushed last: two deploys of the same Score file can run different
code, a rollback to the previous spec does not roll the code back, and nodes that cached an
older `latest` run a different version than fresh ones. innominatus's own `validate --explain`
warns about `:latest` for the same reason.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:latest
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
    rule: &IMAGE_LATEST_TAG,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    if cx
        .ws
        .policy
        .forbidden_image_tags
        .iter()
        .any(|t| t == "latest")
    {
        return;
    }
    let Some(spec) = cx.score() else {
        return;
    };
    for c in &spec.containers {
        let Some(img) = &c.image else { continue };
        if image::effective_tag(&img.text).as_deref() != Some("latest") {
            continue;
        }
        let how = if image::tag_written(&img.text) {
            "uses the `latest` tag".to_string()
        } else {
            "has no tag, so it runs `latest`".to_string()
        };
        cx.report(
            img.span,
            format!(
                "image `{}` of container `{}` {how}: each deploy may run different code",
                img.text, c.name.text
            ),
        )
        .help = Some("pin a version tag (e.g. `:1.4.2`) or a digest (`@sha256:…`)".to_string());
    }
}
