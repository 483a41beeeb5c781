use super::rendered::rendered;
use super::template_parse_error::runtime_error;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::syntax::ScalarStyle;
use crate::template::go::{is_identifier, ErrorKind};
use crate::text::Span;

pub static NON_IDENTIFIER_FIELD: Rule = Rule {
    code: "INN403",
    name: "non-identifier-field",
    group: Group::Templates,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A template field name contains `-`, which Go's text/template cannot parse",
    doc: r#"## What it does
Reports field chains such as `.steps.create-git-repo.output.clone_url` in policy scripts and
kubernetes manifests: a name after `.` must be a Go identifier (letters, digits, `_`).

## Why is this bad?
Go's template lexer stops at the `-` with `bad character U+002D '-'`, so the template does
not parse and the executor fails the step before running it. Step and resource names are
usually kebab-case, which makes this the most common template error in provider workflows.
Keys that are not identifiers can only be read with `index`: `index .steps "create-git-repo"`.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-container
steps:
  - name: push-manifests
    type: policy
    config:
      script: |
        git clone {{ .parameters.repo-url }} /tmp/repo
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-container
steps:
  - name: push-manifests
    type: policy
    config:
      script: |
        git clone {{ index .parameters "repo-url" }} /tmp/repo
```

## Fix safety
The fix rewrites the chain with `index`, which reads the same keys. It is unsafe: where an
intermediate value is missing, `index` fails the render (`index of untyped nil`) while the
field chain would have printed `<no value>`, and a chain under a root the platform does not
provide (such as `.steps`) still renders nothing useful.
"#,
};

pub static LINT: Lint = Lint {
    rule: &NON_IDENTIFIER_FIELD,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn chain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The whole field chain around a hyphenated name (`$x.a-b.c`, `.steps.create-git-repo`).
fn chain(text: &str, name: Span) -> Span {
    let mut start = name.start;
    for (i, c) in text[..name.start].char_indices().rev() {
        if chain_char(c) {
            start = i;
        } else if c == '$' {
            start = i;
            break;
        } else {
            break;
        }
    }
    let end = text[name.end..]
        .char_indices()
        .find(|(_, c)| !chain_char(*c))
        .map_or(text.len(), |(i, _)| name.end + i);
    // A trailing `.` or `-` is not part of the chain.
    let trimmed = text[start..end].trim_end_matches(['.', '-']);
    Span::new(start, start + trimmed.len())
}

/// `index BASE "k1" "k2"` reading the same keys as `chain`.
fn with_index(chain: &str) -> Option<String> {
    let (root, rest) = match chain.strip_prefix('$') {
        Some(var) => {
            let (name, rest) = var.split_once('.').unwrap_or((var, ""));
            (format!("${name}"), rest.to_string())
        }
        None => (String::new(), chain.strip_prefix('.')?.to_string()),
    };
    let segments: Vec<&str> = rest.split('.').filter(|s| !s.is_empty()).collect();
    let plain = segments.iter().take_while(|s| is_identifier(s)).count();
    let mut base = root;
    for s in &segments[..plain] {
        base.push('.');
        base.push_str(s);
    }
    if base.is_empty() {
        base.push('.');
    }
    let keys: Vec<String> = segments[plain..]
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect();
    if keys.is_empty() {
        return None;
    }
    Some(format!("index {base} {}", keys.join(" ")))
}

/// Whether the chain is a whole command (`{{ .a-b }}`, `( .a-b )`), so `index` needs no
/// parentheses.
fn whole_command(text: &str, chain: Span) -> bool {
    let before = text[..chain.start].trim_end_matches([' ', '\t', '\n', '\r']);
    let after = text[chain.end..].trim_start_matches([' ', '\t', '\n', '\r']);
    let opens = before.ends_with("{{") || before.ends_with("{{-") || before.ends_with('(');
    let closes = after.starts_with("}}")
        || after.starts_with("-}}")
        || after.starts_with(')')
        || after.starts_with('|');
    opens && closes
}

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    for r in rendered(cx).iter() {
        let style = cx.doc.scalar(r.node).map(|s| s.style);
        for e in &r.template.errors {
            if e.kind != ErrorKind::NonIdentifierField {
                continue;
            }
            let whole = chain(&r.text, e.span);
            let chain_text = &r.text[whole.start..whole.end];
            let name = r.text[e.span.start..e.span.end].trim_start_matches(['.', '$']);
            let step = r.step.name_text().unwrap_or("?").to_string();
            let message = format!(
                "{} of step `{step}` uses `{chain_text}`, but `{name}` is not a Go identifier: Go stops parsing at the `-` ({})",
                r.what, e.message
            );
            let root = chain_text
                .strip_prefix('.')
                .and_then(|c| c.split('.').next())
                .filter(|r| !r.is_empty() && *r != "parameters" && !chain_text.starts_with('$'));
            let root_note = root.map_or(String::new(), |root| {
                format!(" (and `.{root}` is not part of the data the executor renders this template with)")
            });
            let replacement = with_index(chain_text).map(|index| {
                if whole_command(&r.text, whole) {
                    index
                } else {
                    format!("({index})")
                }
            });
            let span = r.span(cx, whole);
            let exact = r.map(cx).is_exact();
            let d = cx.report(span, message);
            d.help = Some(match &replacement {
                Some(rep) => format!(
                    "read keys that are not identifiers with `index`: `{rep}`{root_note}; as written, the executor fails this step with `{}`",
                    runtime_error(r, e)
                ),
                None => format!(
                    "rename the key to an identifier (letters, digits, `_`); the executor fails this step with `{}`",
                    runtime_error(r, e)
                ),
            });
            let fixable = exact && style.is_some();
            if let (Some(rep), true) = (replacement, fixable) {
                let rep = if style == Some(ScalarStyle::DoubleQuoted) {
                    rep.replace('"', "\\\"")
                } else {
                    rep
                };
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: false,
                    message: format!("read `{chain_text}` with `index`"),
                    edits: vec![Edit {
                        file: file.clone(),
                        span,
                        replacement: rep,
                    }],
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_chains_with_index() {
        assert_eq!(
            with_index(".steps.create-git-repo.output.clone_url").as_deref(),
            Some("index .steps \"create-git-repo\" \"output\" \"clone_url\"")
        );
        assert_eq!(with_index(".a-b").as_deref(), Some("index . \"a-b\""));
        assert_eq!(
            with_index("$x.a.b-c").as_deref(),
            Some("index $x.a \"b-c\"")
        );
        let text = "x {{ eq .parameters.is-on \"1\" }}";
        let name = Span::new(19, 25);
        assert_eq!(&text[name.start..name.end], ".is-on");
        let c = chain(text, name);
        assert_eq!(&text[c.start..c.end], ".parameters.is-on");
        assert!(!whole_command(text, c));
    }
}
