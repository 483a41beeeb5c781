use super::score_fields::expanded;
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::placeholder::PieceAt;
use crate::template::ScalarMap;

pub static UNCLOSED_SCORE_PLACEHOLDER: Rule = Rule {
    code: "INN412",
    name: "unclosed-score-placeholder",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A `${` in a Score spec without a closing `}`",
    doc: r#"## What it does
Reports a `${` with no `}` after it in the strings where Score expands placeholders
(container `variables`, `files.*.content` unless `noExpand: true`, `volumes.*.source`,
resource `params`).

## Why is this bad?
Without its `}` the text is not a placeholder: Score passes it through unchanged, without
any error, so the container receives `${resources.db.host` instead of the database host.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_HOST: ${resources.db.host
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
There is no automatic fix: where the placeholder ends cannot be known.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNCLOSED_SCORE_PLACEHOLDER,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    // The tree outlives `cx`: its texts are read in place while `cx` records findings.
    let doc = cx.doc;
    let all = expanded(cx);
    for s in all.iter() {
        if !all
            .pieces(s)
            .iter()
            .any(|p| matches!(p.piece, PieceAt::Unclosed { .. }))
        {
            continue;
        }
        let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
            continue;
        };
        let Some(map) = ScalarMap::for_node(cx.doc, cx.text(), s.node) else {
            continue;
        };
        for p in all.pieces(s) {
            let PieceAt::Unclosed { span } = p.piece else {
                continue;
            };
            let rest: String = text[span.start..]
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(40)
                .collect();
            let d = cx.report(
                map.span(span),
                format!(
                    "`{rest}` in `{}` opens a placeholder with `${{` but never closes it with `}}`: the text is passed through unchanged",
                    all.path(cx.doc, s)
                ),
            );
            d.help = Some(
                "close the placeholder with `}`, or escape a literal `${` as `$${`".to_string(),
            );
        }
    }
}
