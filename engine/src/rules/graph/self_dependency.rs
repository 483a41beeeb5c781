use super::steps::workflows;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::syntax::{Document, NodeId};
use crate::text::Span;

pub static SELF_DEPENDENCY: Rule = Rule {
    code: "INN302",
    name: "self-dependency",
    group: Group::Graph,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Safe,
    summary: "A step lists itself in its own `dependsOn`",
    doc: r#"## What it does
Reports a step whose `dependsOn` list contains the step's own name.

## Why is this bad?
A step cannot finish before it starts. The documented engine checks, before it runs a step,
that every step in its `dependsOn` has already succeeded; the step itself never has, so it
fails with `dependency <name> not found for step <name>`. Today's live engine ignores
`dependsOn`, so the entry only hides what the author meant, usually a different step.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-bucket
steps:
  - name: create-bucket
    type: policy
    config:
      script: echo create
  - name: set-policy
    type: policy
    dependsOn: [create-bucket, set-policy]
    config:
      script: echo policy
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-bucket
steps:
  - name: create-bucket
    type: policy
    config:
      script: echo create
  - name: set-policy
    type: policy
    dependsOn: [create-bucket]
    config:
      script: echo policy
```

## Fix safety
The fix removes the entry (or the whole `dependsOn` when it is the only one). It is safe: a
self-dependency never holds, so removing it changes nothing but the failure.
"#,
};

pub static LINT: Lint = Lint {
    rule: &SELF_DEPENDENCY,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    for wf in workflows(cx).iter() {
        for step in &wf.steps {
            let Some(name) = step.name_text() else {
                continue;
            };
            for dep in step.depends_on.iter().filter(|d| d.text == name) {
                let removal = removal(cx.text(), cx.doc, step.node, dep.span);
                let d = cx.report(
                    dep.span,
                    format!(
                        "step `{name}` depends on itself; a step can only depend on other steps \
                         that run before it"
                    ),
                );
                d.help = Some(format!(
                    "remove `{name}` from `dependsOn`, or name the step it should wait for"
                ));
                if let Some((span, whole)) = removal {
                    d.fix = Some(Box::new(Fix {
                        applicability: Applicability::Safe,
                        suggestion: false,
                        message: if whole {
                            "remove `dependsOn`".to_string()
                        } else {
                            format!("remove `{name}` from `dependsOn`")
                        },
                        edits: vec![Edit {
                            file: file.clone(),
                            span,
                            replacement: String::new(),
                        }],
                    }));
                }
            }
        }
    }
}

/// What to delete to take the item at `item` out of the step's `dependsOn` list: the item
/// and its separator, or the whole `dependsOn` entry when it is the only item (`true`).
/// `None` when the layout is unusual enough that a clean edit is not obvious.
fn removal(text: &str, doc: &Document, step: NodeId, item: Span) -> Option<(Span, bool)> {
    let entry = doc.get_entry(step, "dependsOn")?;
    let items = doc.items(entry.value);
    if !items.iter().any(|&i| doc.node(doc.resolve(i)).span == item) {
        return None;
    }
    let value_span = doc.node(entry.value).span;
    let flow = text.get(value_span.start..)?.starts_with('[');
    if items.len() == 1 {
        // The whole `dependsOn` entry, when it fills its own lines of a block mapping.
        let key_span = doc.node(entry.key).span;
        let start = line_start(text, key_span.start);
        let end = line_end_if_blank(text, value_span.end)?;
        if !text[start..key_span.start].trim().is_empty() {
            return None;
        }
        return Some((Span::new(start, end), true));
    }
    if flow {
        let after = &text[item.end..];
        let trimmed = after.trim_start_matches([' ', '\t']);
        if let Some(rest) = trimmed.strip_prefix(',') {
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let end = item.end + (after.len() - rest.len()) + spaces;
            return Some((Span::new(item.start, end), false));
        }
        // The last item: take the comma before it.
        let before = text[..item.start].trim_end_matches([' ', '\t']);
        let comma = before.strip_suffix(',')?;
        return Some((Span::new(comma.len(), item.end), false));
    }
    // Block sequence: the item's own line.
    let start = line_start(text, item.start);
    let prefix = &text[start..item.start];
    if prefix.trim() != "-" {
        return None;
    }
    let end = line_end_if_blank(text, item.end)?;
    Some((Span::new(start, end), false))
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset after the line break ending the line of `offset`, when nothing but blanks or a
/// comment follows `offset` on that line.
fn line_end_if_blank(text: &str, offset: usize) -> Option<usize> {
    let rest = &text[offset..];
    let line = rest.split('\n').next().unwrap_or("");
    let content = line.trim();
    if !content.is_empty() && !content.starts_with('#') {
        return None;
    }
    Some((offset + line.len() + 1).min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::DocumentKind;
    use crate::model::Workflow;
    use std::sync::Arc;

    /// The text after removing the self-dependency of the step named `name`.
    fn fixed(text: &str, name: &str) -> Option<String> {
        let parsed = crate::syntax::parse(&Arc::from("w.yaml"), text);
        let doc = &parsed.documents[0];
        let wf = Workflow::from_document(doc, DocumentKind::ProviderWorkflow).unwrap();
        let step = wf.step(name).unwrap();
        let dep = step.depends_on.iter().find(|d| d.text == name).unwrap();
        let (span, _) = removal(text, doc, step.node, dep.span)?;
        let mut out = text.to_string();
        out.replace_range(span.start..span.end, "");
        Some(out)
    }

    const HEAD: &str = "kind: Workflow\nsteps:\n  - name: a\n    type: policy\n";

    #[test]
    fn removes_the_item_and_its_separator() {
        let text = format!("{HEAD}  - name: b\n    dependsOn: [a, b, c]\n    type: policy\n");
        assert_eq!(
            fixed(&text, "b").unwrap(),
            format!("{HEAD}  - name: b\n    dependsOn: [a, c]\n    type: policy\n")
        );
        let text = format!("{HEAD}  - name: b\n    dependsOn: [a, b]\n");
        assert_eq!(
            fixed(&text, "b").unwrap(),
            format!("{HEAD}  - name: b\n    dependsOn: [a]\n")
        );
        let text = format!("{HEAD}  - name: b\n    dependsOn:\n      - b # oops\n      - a\n");
        assert_eq!(
            fixed(&text, "b").unwrap(),
            format!("{HEAD}  - name: b\n    dependsOn:\n      - a\n")
        );
    }

    #[test]
    fn removes_the_whole_entry_when_it_is_the_only_item() {
        let text = format!("{HEAD}  - name: b\n    dependsOn: [b]\n    type: policy\n");
        assert_eq!(
            fixed(&text, "b").unwrap(),
            format!("{HEAD}  - name: b\n    type: policy\n")
        );
        let text = format!("{HEAD}  - name: b\n    dependsOn:\n      - b\n    type: policy\n");
        assert_eq!(
            fixed(&text, "b").unwrap(),
            format!("{HEAD}  - name: b\n    type: policy\n")
        );
        // `- dependsOn: [b]` starts the step: no clean edit, so no fix.
        let text = format!("{HEAD}  - dependsOn: [b]\n    name: b\n");
        assert_eq!(fixed(&text, "b"), None);
    }
}
