use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static NON_STRING_KEY: Rule = Rule {
    code: "INN009",
    name: "non-string-key",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A mapping key is a number, boolean, null or collection instead of a string",
    doc: r#"## What it does
Reports a mapping key that YAML reads as something other than a string: a number (`80:`), a
boolean (`true:`), `null`/`~`, an empty key or a complex key (`? [a, b]`).

## Why is this bad?
Every document the platform reads is JSON-shaped: keys are strings. The Go tools fail on such
keys, while other validators skip the checks for them, so the same file passes one tool and fails
another. Port, container and resource names are the usual victims (`80:` instead of `http:`).

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
service:
  ports:
    80:
      port: 80
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
service:
  ports:
    http:
      port: 80
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No automatic fix: quoting the key (`"80":`) makes it a string, but a name is usually meant.
"#,
};

/// What is wrong and what to do: a key written as `written` (empty for an empty key) that
/// reads as `what` ("a number", "a mapping", …).
pub fn message_and_help(written: Option<&str>, what: &str) -> (String, String) {
    match written {
        Some(text) if !text.is_empty() => (
            format!("key `{text}` is {what}, but keys must be strings"),
            format!("use a name, or quote the key (\"{text}\":) if the number is meant"),
        ),
        Some(_) => (
            "this key is empty; every key needs a name".to_string(),
            "write the key's name before the `:`".to_string(),
        ),
        None => (
            format!("this key is {what}, but keys must be strings"),
            "use a plain name as the key".to_string(),
        ),
    }
}
