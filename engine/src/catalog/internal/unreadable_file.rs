use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNREADABLE_FILE: Rule = Rule {
    code: "INN901",
    name: "unreadable-file",
    group: Group::Internal,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A file could not be read",
    doc: r#"## What it does
Reports a file or directory named on the command line (or found in the workspace) that could
not be read: it does not exist, permissions forbid it, or it is a broken link.

## Why is this bad?
A file that cannot be read cannot be checked; a pre-commit hook or CI job must not pass
silently because of it. The command exits with status 2.

## Example
```text
innominatus validate providers/databse-team/provider.yaml
```

## Use instead
```text
innominatus validate providers/database-team/provider.yaml
```
"#,
};
