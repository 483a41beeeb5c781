use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static SYNTAX_ERROR: Rule = Rule {
    code: "INN001",
    name: "syntax-error",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "The file is not valid YAML",
    doc: r#"## What it does
Reports the first place where the text stops being YAML: an unclosed quote or bracket, a key
indented differently from its siblings, a `:` where a value cannot start a mapping, a stray
character after a quoted string. The diagnostic points at the line and column where the parser
gave up and says what it expected there.

## Why is this bad?
The platform decodes every file with a YAML parser before anything else happens. A syntax error
rejects the whole document (the server answers `Error parsing YAML`), so nothing in the file is
deployed. Checks that need the document's content stop at the first syntax error.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: "orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: "orders"
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
A line that lacks the `:` of `key: value` ("did you mean `image: nginx`?") gets a fix that
inserts the `:` after the first word. It is unsafe (`--unsafe-fixes`): the line may have been
meant as part of the value above it. Other syntax errors have no automatic fix: only the
author knows where a quote or bracket was meant to end.
"#,
};
