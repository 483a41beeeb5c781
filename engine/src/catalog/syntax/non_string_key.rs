use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static NON_STRING_KEY: Rule = Rule {
    code: "INN009",
    name: "non-string-key",
    group: Group::Syntax,
    severity: Severity::Error,
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
