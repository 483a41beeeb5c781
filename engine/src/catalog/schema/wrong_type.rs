use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static WRONG_TYPE: Rule = Rule {
    code: "INN103",
    name: "wrong-type",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A value has the wrong type",
    doc: r#"## What it does
Reports a value whose YAML type is not the one the schema allows, and says what was found and
what is expected. Values are typed by YAML 1.2 rules, as the platform's Go decoder types them:
unquoted `8080`, `0.5` and `true` are a number, a number and a boolean.

## Why is this bad?
Score requires strings for environment variables, file modes, CPU and memory; the platform
requires integers for timeouts and lists for `dependsOn`. A wrong type fails validation or
aborts decoding of the whole document.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      PORT: 8080
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      PORT: "8080"
```

## Fix safety
No automatic fix yet; quoting a scalar is usually right but changes what the value means.
"#,
};

/// `expected` ("a string or a list") for `place`, `found` ("the number 3") instead.
pub fn message(expected: &str, place: &str, found: &str) -> String {
    format!("expected {expected} for {place}, found {found}")
}

/// What the platform's decoder (yaml.v3) says when a value of YAML tag `tag` (`!!str`,
/// `!!seq`, …; `written` is a scalar's text) meets a Go field of type `into`: it rejects the
/// whole document with these words.
pub fn decoder_rejects(tag: &str, written: Option<&str>, into: &str) -> String {
    match written {
        Some(text) => format!(
            "the platform's decoder rejects the whole document: cannot unmarshal {tag} `{text}` into {into}"
        ),
        None => format!(
            "the platform's decoder rejects the whole document: cannot unmarshal {tag} into {into}"
        ),
    }
}

/// A number or boolean where a string is expected: quote it.
pub fn quote_help(written: &str) -> String {
    format!("quote the value to make it a string: \"{written}\"")
}

/// A string where a list is expected.
pub fn list_help(item: &str) -> String {
    format!("write a list: [{item}] or one `- item` per line")
}

pub const NULL_HELP: &str = "give a value, or remove the key";

/// A quoted number or one with a unit, where a number is expected.
pub fn number_help(number: &str) -> String {
    format!("write the number without quotes or unit: {number}")
}

/// A value the schema refuses for a reason of its own (`why`).
pub fn other(place: &str, why: &str) -> String {
    format!("{place} is not valid here: {why}")
}
