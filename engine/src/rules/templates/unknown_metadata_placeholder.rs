use super::score_fields::expanded;
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::syntax::{Document, NodeId};
use crate::template::placeholder::PieceAt;
use crate::template::ScalarMap;
use crate::text::Span;

pub static UNKNOWN_METADATA_PLACEHOLDER: Rule = Rule {
    code: "INN417",
    name: "unknown-metadata-placeholder",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A `${metadata.<key>}` placeholder names a key the Score spec's `metadata` does not have",
    doc: r#"## What it does
Finds the `${metadata.<key>…}` placeholders of a Score spec where placeholders are expanded
(container `variables`, file `content` unless `noExpand: true`, volume `source`, strings in
resource `params`) and reports each key that the spec's `metadata` does not hold, pointing
at the key inside the string and suggesting the closest key that exists.

## Why is this bad?
innominatus never substitutes Score placeholders: the container receives the literal
`${metadata.…}` text, with or without the key. A Score implementation that does substitute
them (score-compose, score-k8s) fails on a key `metadata` lacks. Either way the value the
author meant never arrives; a misspelt key (`${metadata.nme}`) is the usual cause.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  team: payments
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      APP_NAME: ${metadata.nme}
      TEAM: ${metadata.owner}
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  team: payments
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      APP_NAME: ${metadata.name}
      TEAM: ${metadata.team}
```

## Fix safety
When exactly one key of `metadata` is close, the fix replaces the key inside the
placeholder. It is unsafe: the author may have meant to add the key to `metadata` instead.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_METADATA_PLACEHOLDER,
    kinds: &[DocumentKind::Score],
    check,
};

/// The first part of a `metadata.` path that the document's `metadata` does not hold: its
/// byte range inside `content`, its text, and the keys of the mapping it was looked up in.
/// `None` when the whole path exists, or when it runs into a value that is not a mapping
/// (a different mistake: the placeholder names a value's inside).
fn missing_part<'d>(
    doc: &'d Document,
    metadata: Option<NodeId>,
    content: &str,
) -> Option<(Span, String, Vec<&'d str>)> {
    let mut at = metadata;
    let mut offset = 0;
    for (i, part) in content.split('.').enumerate() {
        let start = offset;
        offset += part.len() + 1;
        if i == 0 {
            continue;
        }
        let keys: Vec<&str> = match at.map(|n| doc.resolve(n)) {
            Some(node) if doc.is_mapping(node) => doc
                .entries(node)
                .iter()
                .filter(|e| !doc.is_merge_key(e.key))
                .filter_map(|e| doc.key_text(e.key))
                .collect(),
            Some(_) => return None,
            None => Vec::new(),
        };
        match at.and_then(|n| doc.get(n, part)) {
            Some(child) => at = Some(child),
            None => {
                let span = Span::new(start, start + part.len());
                return Some((span, part.to_string(), keys));
            }
        }
    }
    None
}

fn check(cx: &mut LintContext<'_>) {
    // The tree outlives `cx`: its texts are read in place while `cx` records findings.
    let doc = cx.doc;
    let Some(root) = doc.root.filter(|r| doc.is_mapping(*r)) else {
        return;
    };
    let metadata = doc.get(root, "metadata");
    let all = expanded(cx);
    for s in all.iter() {
        for scanned in all.pieces(s) {
            let PieceAt::Placeholder { span, content_span } = scanned.piece else {
                continue;
            };
            // Malformed placeholders are INN411's.
            if scanned.problem.is_some() {
                continue;
            }
            let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
                continue;
            };
            let content = &text[content_span.start..content_span.end];
            if !content.starts_with("metadata.") {
                continue;
            }
            let Some((part, key, keys)) = missing_part(doc, metadata, content) else {
                continue;
            };
            let Some(map) = ScalarMap::for_node(doc, cx.text(), s.node) else {
                continue;
            };
            let key_in_text = Span::new(
                content_span.start + part.start,
                content_span.start + part.end,
            );
            let key_span = map.span(key_in_text);
            let written = &text[span.start..span.end];
            let parent = content[..part.start.saturating_sub(1)].to_string();
            let suggestion = closest(&key, keys.iter().copied());
            let path = all.path(doc, s);
            let file = cx.file().clone();
            let source = cx.text();
            let d = cx.report(
                key_span,
                format!(
                    "`{written}` in `{path}` names `{key}`, which `{parent}` does not have: no Score implementation can fill it in"
                ),
            );
            match suggestion {
                Some(meant) => {
                    d.help = Some(format!("did you mean `{meant}`?"));
                    if map.is_exact() {
                        // Unsafe (`replace_within_scalar`): the key may have to be added instead.
                        d.fix = crate::lint::fix::replace_within_scalar(
                            &file,
                            source,
                            key_span,
                            &key,
                            meant,
                            format!("use `${{{parent}.{meant}}}`"),
                        )
                        .map(Box::new);
                    }
                }
                None if keys.is_empty() => {
                    d.help = Some(format!(
                        "add `{key}` under `{parent}`, or write the value itself"
                    ));
                }
                None => {
                    d.help = Some(format!(
                        "`{parent}` has: {}; add `{key}` there or use one of them",
                        keys.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(yaml: &str, content: &str) -> Option<(Span, String)> {
        let file = crate::syntax::parse(&std::sync::Arc::from("score.yaml"), yaml);
        let doc = &file.documents[0];
        let metadata = doc.get(doc.root.unwrap(), "metadata");
        missing_part(doc, metadata, content).map(|(s, k, _)| (s, k))
    }

    #[test]
    fn finds_the_first_missing_part() {
        let yaml = "metadata:\n  name: a\n  annotations:\n    team: x\n";
        assert_eq!(missing(yaml, "metadata.name"), None);
        assert_eq!(missing(yaml, "metadata.annotations.team"), None);
        assert_eq!(
            missing(yaml, "metadata.nme"),
            Some((Span::new(9, 12), "nme".to_string()))
        );
        assert_eq!(
            missing(yaml, "metadata.annotations.owner"),
            Some((Span::new(21, 26), "owner".to_string()))
        );
        // Inside a value that is not a mapping: not this rule's mistake.
        assert_eq!(missing(yaml, "metadata.name.first"), None);
        assert_eq!(
            missing("kind: x\n", "metadata.name"),
            Some((Span::new(9, 13), "name".to_string()))
        );
    }
}
