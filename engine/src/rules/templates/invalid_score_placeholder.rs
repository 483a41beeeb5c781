use super::score_fields::expanded;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::placeholder::{PieceAt, Problem};
use crate::template::ScalarMap;
use crate::text::Span;

pub static INVALID_SCORE_PLACEHOLDER: Rule = Rule {
    code: "INN411",
    name: "invalid-score-placeholder",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A Score placeholder that is malformed or does not start with `metadata` or `resources`",
    doc: r#"## What it does
Checks every `${…}` placeholder where Score expands them — container `variables`,
`files.*.content` (unless `noExpand: true`), `volumes.*.source` and strings inside resource
`params` — the way score-go validates a workload: the content must be two or more
`.`-separated parts made of letters, digits, `_` and `-`, and the first part must be
`metadata` or `resources`.

## Why is this bad?
score-compose rejects the whole workload when a placeholder is malformed or has an unknown
root (`${FOO}`, `${env.HOME}`, `${workflow.region}`), and other implementations fail when
they substitute it. A shell-style `${VAR}` meant for the container must be escaped as
`$${VAR}`, which Score turns into a literal `${VAR}`. (innominatus itself never resolves
placeholders; the workload fails when it is deployed with a Score implementation.)

A warning, not an error: the platform deploys the spec and the container gets the text as
written; the Score implementations refuse it (a rule of theirs, not of the Score schema).

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      LOG_DIR: ${HOME}/logs
      DB_HOST: ${resources.db host}
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
      LOG_DIR: $${HOME}/logs
      DB_HOST: ${resources.db.host}
resources:
  db:
    type: postgres
```

## Fix safety
For a single-part placeholder such as `${HOME}`, the fix escapes it as `$${HOME}` so the
container receives the literal text. It is unsafe: the author may have meant a Score
reference instead.
"#,
};

pub static LINT: Lint = Lint {
    rule: &INVALID_SCORE_PLACEHOLDER,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    let doc = cx.doc;
    let all = expanded(cx);
    for s in all.iter() {
        // Most strings hold no placeholder at all.
        if all.pieces(s).is_empty() {
            continue;
        }
        let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
            continue;
        };
        for scanned in all.pieces(s) {
            let PieceAt::Placeholder { span, content_span } = scanned.piece else {
                continue;
            };
            let Some(p) = scanned.problem else { continue };
            let content = &text[content_span.start..content_span.end];
            // `\.` is the documented escape for a dot inside a key; only score-compose's
            // validation rejects it, score-k8s accepts it.
            if content.contains('\\') {
                continue;
            }
            let written = &text[span.start..span.end];
            let single_word = !matches!(content, "metadata" | "resources")
                && !content.is_empty()
                && !content.contains('.')
                && content
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
            let message = match p {
                Problem::UnknownRoot => format!(
                    "placeholder `{written}` in `{}` starts with `{}`, but Score placeholders start with `metadata` or `resources`",
                    all.path(cx.doc, s),
                    content.split('.').next().unwrap_or("")
                ),
                Problem::Malformed if matches!(content, "metadata" | "resources") => format!(
                    "placeholder `{written}` in `{}` is incomplete: it needs a key after `{content}.`",
                    all.path(cx.doc, s)
                ),
                Problem::Malformed if single_word => format!(
                    "`{written}` in `{}` is not a Score placeholder: Score placeholders start with `metadata` or `resources`",
                    all.path(cx.doc, s)
                ),
                Problem::Malformed => format!(
                    "placeholder `{written}` in `{}` is malformed: it must be two or more `.`-separated parts of letters, digits, `_` and `-`",
                    all.path(cx.doc, s)
                ),
            };
            // Mapping text offsets to the file is only needed for a finding.
            let Some(map) = ScalarMap::for_node(cx.doc, cx.text(), s.node) else {
                continue;
            };
            let file_span = map.span(span);
            let d = cx.report(file_span, message);
            d.help = Some(if single_word || p == Problem::UnknownRoot {
                format!("score-compose rejects the workload; to pass the text `{written}` to the container, escape it as `${written}`")
            } else {
                "score-compose rejects the workload; write `${resources.<name>.<output>}` or `${metadata.<key>}`".to_string()
            });
            let exact = map.is_exact() && file_span.len() == written.len();
            if (single_word || p == Problem::UnknownRoot) && exact {
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: false,
                    message: format!("escape `{written}` as `${written}`"),
                    edits: vec![Edit {
                        file: file.clone(),
                        span: Span::at(file_span.start),
                        replacement: "$".to_string(),
                    }],
                }));
            }
        }
    }
}
