use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static INVALID_CONFIG: Rule = Rule {
    code: "INN020",
    name: "invalid-config",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "The `.innominatus.toml` configuration has a mistake",
    doc: r#"## What it does
Reports a problem in `.innominatus.toml`: TOML syntax, an unknown key, a value of the wrong
type, an unknown dialect or rule code. The diagnostic is placed on the configuration file at
the offending key or value.

## Why is this bad?
A mistyped setting would otherwise be ignored silently and the tool would run with settings the
team did not choose. The command stops with exit status 2 until the configuration is right.

## Example
```text
# .innominatus.toml
dialect = "scor"
```

## Use instead
```text
# .innominatus.toml
dialect = "score"
```

## Fix safety
A misspelt rule selector or dialect that is close to exactly one known name ("did you mean
`unknown-key`?") carries a fix that writes that name in its place (a key stays bare or quoted
as it was, a value stays a string). It is unsafe: the configuration then selects other rules,
severities or another dialect. The fix is shown in the text and JSON outputs for the author
to apply; `lint --fix` writes only the checked YAML files, never `.innominatus.toml`. Other
mistakes have no automatic fix.
"#,
};
