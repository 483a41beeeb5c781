use super::score_fields::{expanded, Place};
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::placeholder::PieceAt;
use crate::template::ScalarMap;

pub static RESOURCE_PLACEHOLDER_WITHOUT_OUTPUT: Rule = Rule {
    code: "INN413",
    name: "resource-placeholder-without-output",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "`${resources.<name>}` without an output, outside a volume `source`",
    doc: r#"## What it does
Reports two-part resource placeholders such as `${resources.db}` in container `variables`,
file `content` and resource `params`. Only a volume's `source` takes the resource itself.

## Why is this bad?
`${resources.db}` stands for the resource as a whole. score-compose treats that form
specially only in `volumes.*.source`; elsewhere the generic lookup expects an output key
(since score-go 1.5.1, score-compose#103) and the substitution fails, or yields a value
the container cannot use. An output such as `host`, `port` or `username` was usually meant.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_HOST: ${resources.db}
resources:
  db:
    type: postgres
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_HOST: ${resources.db.host}
resources:
  db:
    type: postgres
```

## Fix safety
There is no automatic fix: the output depends on the resource type.
"#,
};

pub static LINT: Lint = Lint {
    rule: &RESOURCE_PLACEHOLDER_WITHOUT_OUTPUT,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    // The tree outlives `cx`: its texts are read in place while `cx` records findings.
    let doc = cx.doc;
    let all = expanded(cx);
    for s in all.iter() {
        if s.place == Place::VolumeSource {
            continue;
        }
        for scanned in all.pieces(s) {
            let PieceAt::Placeholder { span, content_span } = scanned.piece else {
                continue;
            };
            // Well formed (else INN411's), two parts, the first `resources`.
            if scanned.problem.is_some() {
                continue;
            }
            let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
                continue;
            };
            let Some(name) = text[content_span.start..content_span.end]
                .strip_prefix("resources.")
                .filter(|name| !name.contains('.'))
            else {
                continue;
            };
            // Mapping text offsets to the file is only needed for a finding.
            let Some(map) = ScalarMap::for_node(cx.doc, cx.text(), s.node) else {
                continue;
            };
            let written = &text[span.start..span.end];
            let d = cx.report(
                map.span(span),
                format!(
                    "`{written}` in `{}` refers to resource `{}` as a whole; outside a volume `source` a placeholder needs an output: `${{resources.{}.<output>}}`",
                    all.path(cx.doc, s), name, name
                ),
            );
            d.help = Some("name the output the container needs, e.g. `host`, `port`, `username`, `password` or `url`".to_string());
        }
    }
}
