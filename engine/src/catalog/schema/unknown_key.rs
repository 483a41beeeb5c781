use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNKNOWN_KEY: Rule = Rule {
    code: "INN101",
    name: "unknown-key",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A key that this kind of document does not have",
    doc: r#"## What it does
Reports a key that the document's schema does not define at that place, underlines the key and
suggests the closest known key when one is near ("did you mean `variables`?").

## Why is this bad?
The platform ignores unknown keys without a word. A typo such as `dependson`, `parallel_group`
or Kubernetes vocabulary such as `env:` under a Score container is dropped at deployment, and the
setting the author meant never takes effect. Official Score tooling rejects the file outright.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    varaibles:
      LOG_LEVEL: info
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
      LOG_LEVEL: info
```

## Fix safety
When one known key is clearly closest (and no other is as close), the finding carries a fix
that renames the key to it, keeping the key's quotes if it had any. The rename is unsafe: it
changes what the platform does with the document (a setting that was ignored takes effect),
and the author may have meant a different key. `innominatus lint --fix --unsafe-fixes`
applies it; editors offer it as the preferred quick fix. Keys without a single close match
have no automatic fix.
"#,
};

/// Key `name` is not known in `place`; `suggestion` is the closest key that could be meant.
pub fn message(name: &str, place: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("unknown key `{name}` in {place}; did you mean `{s}`?"),
        None => format!("unknown key `{name}` in {place}"),
    }
}

/// The help when nothing close was found: the keys that are known here (`names` already
/// quoted and sorted; the first 16 are shown).
pub fn known_keys(names: &[String]) -> String {
    let shown = names.len().min(16);
    let mut list = names[..shown].join(", ");
    if names.len() > shown {
        list.push_str(&format!(" and {} more", names.len() - shown));
    }
    format!("known keys here: {list}")
}
