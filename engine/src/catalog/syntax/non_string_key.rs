use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static NON_STRING_KEY: Rule = Rule {
    code: "INN009",
    name: "non-string-key",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A mapping key is a list or a mapping; the platform cannot decode the file",
    doc: r#"## What it does
Reports a mapping key that is a collection: a list (`[a, b]: x`, `? - a`) or a mapping
(`? {a: 1}`), written in place or through an alias.

## Why is this bad?
The platform decodes every file with Go's yaml.v3 into string-keyed maps and structs. A
scalar key such as `80:`, `true:` or `~:` is turned into its text there, but a collection key
cannot be, and the decode fails with `yaml: invalid map key`: the whole file is rejected.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  [team, owner]: shop
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  annotations:
    team: shop
    owner: shop
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No automatic fix: which name was meant cannot be guessed.
"#,
};

/// What is wrong and what to do: a key that reads as `what` ("a list", "a mapping").
pub fn message_and_help(what: &str) -> (String, String) {
    (
        format!("this key is {what}, but the platform's decoder takes only a name, number or boolean as a key (`yaml: invalid map key`: the file is rejected)"),
        "use a plain name as the key".to_string(),
    )
}
